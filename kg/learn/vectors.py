"""Word vectors learnt from unlabelled abstracts, for `kg train --vectors-from`.

No pretrained vectors can be downloaded here, and a few thousand annotated sentences
teach a model little about the vocabulary of science; tens of thousands of abstracts
teach it much more, with no annotation.  floret (fastText with hashed subwords, the
format spaCy reads natively) gives every word a vector, also words never seen, from
its character n-grams: model names like "ResNeXt-101" are mostly unseen words.
The text is tokenised by the same spaCy tokenizer the pipeline uses.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Iterable

import spacy

from kg.errors import KGError

#: Hash table rows and n-gram sizes: spaCy's floret defaults, sized for a small corpus.
BUCKET = 50_000
DIMENSIONS = 100
MIN_COUNT = 3
#: Words read at most: floret's time grows with the words it reads.  A count, not a
#: time, so that the vectors are the same on a busy machine.
MAX_WORDS = 8_000_000


def _floret():
    try:
        import floret
    except ImportError:
        raise KGError("--vectors-from needs floret: pip install 'paperkg[train]'") from None
    return floret


def corpus_texts(inputs: list[str]) -> Iterable[str]:
    """Titles and abstracts of the listings `inputs`, read by paperkg's own readers."""
    from kg.readers import ReadReport, read_inputs

    for record in read_inputs(inputs, report=ReadReport()):
        yield f"{record.title}. {record.abstract}"


def write_corpus(texts: Iterable[str], path: Path, max_words: int = MAX_WORDS) -> dict:
    """Write `texts` tokenised, one per line, to `path` (what floret reads).  Reading
    stops after `max_words`."""
    started = time.time()
    nlp = spacy.blank("en")
    words = lines = 0
    with open(path, "w", encoding="utf-8") as handle:
        for doc in nlp.tokenizer.pipe(texts, batch_size=1000):
            tokens = [t.text for t in doc if not t.is_space]
            handle.write(" ".join(tokens) + "\n")
            words += len(tokens)
            lines += 1
            if words >= max_words:
                break
    if words < 10:
        raise KGError("--vectors-from: the listings hold almost no text")
    return {"texts": lines, "words": words, "seconds": round(time.time() - started, 1)}


def learn_vectors(corpus: Path, out: Path, seed: int = 0, epochs: int = 3) -> float:
    """floret vectors of a `write_corpus` file, saved as a spaCy pipeline folder at
    `out` (what a config's `[initialize] vectors` names); the seconds taken.

    The lines are read in an order shuffled by `seed`, on one thread: floret's threads
    race on shared weights, so with two the vectors changed from run to run (and so
    did a model's SciERC dev F1: 0.521 to 0.542 over three runs of one command); with
    one, a seed gives the same vectors."""
    floret = _floret()
    from spacy.training.initialize import convert_vectors

    started = time.time()
    with tempfile.TemporaryDirectory(prefix="paperkg-vectors-") as work:
        lines = Path(corpus).read_text(encoding="utf-8").splitlines(keepends=True)
        random.Random(seed).shuffle(lines)
        shuffled = Path(work) / "shuffled.txt"
        shuffled.write_text("".join(lines), encoding="utf-8")
        model = floret.train_unsupervised(
            str(shuffled),
            model="cbow",
            mode="floret",
            hashCount=2,
            bucket=BUCKET,
            minn=4,
            maxn=5,
            dim=DIMENSIONS,
            epoch=epochs,
            thread=1,
            minCount=MIN_COUNT,
            verbose=0,
        )
        table = Path(work) / "vectors.floret"
        model.save_floret_vectors(str(table))
        nlp = spacy.blank("en")
        convert_vectors(nlp, table, truncate=0, prune=-1, mode="floret")
    nlp.to_disk(out)
    return round(time.time() - started, 1)
