"""`kg train`: a spaCy NER pipeline (tok2vec + ner, CPU) trained on annotated data
with spaCy's own config and training loop.

The annotated texts are tokenised by the pipeline's tokenizer, exactly as abstracts
are tokenised at run time, and the gold character spans are
aligned to those tokens; training on the annotators' own tokens would teach the
model token shapes it never sees later.  A tenth of the documents (the last ones of
each file, so whole papers stay together) is held out for spaCy to pick the best
checkpoint; the files' own dev splits stay untouched for `kg eval`.

`--start-from` continues from a pipeline `kg train` made before, on another
annotated set: its tok2vec, NER and word vectors are the starting weights (spaCy's
sourced components) and the labels it lacks are added.  A few hundred SciERC
abstracts teach a model from scratch little about where scientific names begin and
end; the 5,000 sentences of SciER, annotated for Methods, Datasets and Tasks too,
teach it more.  `--average N` then trains N models from that one start and keeps the
mean of their weights, which scores above the models themselves (the README has
the figures).

Training is bounded by work (--max-epochs), so one command trains one model on any
machine, however busy; it runs in fresh processes whose floating-point arithmetic is
pinned (kg.learn.arithmetic), so that it is one model on other CPUs too.  A time cap (--max-minutes) is there only when asked for: a
batcher stops handing out batches at its deadline, spaCy's loop then ends its
remaining epochs at once and saves as usual, and the report says that time cut it
(a cut model depends on the machine's speed and load).
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import time
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import spacy
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans, registry

from kg.learn import gold
from kg.learn.arithmetic import pinned_pool
from kg import schema
from kg.errors import KGError
from extractors.pipeline import load_pipeline, split_final_period

HELD_OUT_SHARE = 0.1
BATCHER = "paperkg.batch_until.v1"
BATCH_WORDS = 1000
#: Checkpoints are scored this often (steps), or once an epoch where epochs are shorter.
EVAL_EVERY = 100


@dataclass
class TrainReport:
    model: str
    train_docs: int
    held_out_docs: int
    entities: int
    unaligned: int  # gold spans no token boundary fits (dropped)
    overlapping: int  # nested/overlapping gold spans dropped (NER spans cannot nest)
    labels: list[str]
    seconds: float
    stopped_by_time: bool
    held_out_scores: dict
    vectors: dict | None = None  # what the word vectors were learnt from, and how long
    seed: int = 0
    start_from: str | None = None  # the pipeline whose weights training continued from
    averaged: int = 1  # models whose mean weights were kept

    def to_dict(self) -> dict:
        return self.__dict__.copy()


@registry.batchers(BATCHER)
def batch_until(deadline: float | None = None, size: int = 1000, tolerance: float = 0.2):
    """spaCy's batch_by_words, handing out no batch after the `deadline` (time.time())
    when there is one."""
    by_words = registry.batchers.get("spacy.batch_by_words.v1")(
        size=size, tolerance=tolerance, discard_oversize=False
    )

    def batcher(items):
        for batch in by_words(items):
            if deadline is not None and time.time() >= deadline:
                return
            yield batch

    return batcher


def _replaceable(folder: Path) -> bool:
    """An earlier `kg train` output (a spaCy pipeline folder) or an empty folder: never
    delete a folder of other things because --out named it."""
    names = {p.name for p in folder.iterdir()}
    return not names or {"meta.json", "config.cfg"} <= names


def to_spacy_docs(nlp, docs: Iterable[gold.GoldDoc], labels: set[str]) -> tuple[list[Doc], int, int]:
    """(spaCy docs with gold entities, spans that did not align, overlapping spans dropped)."""
    out, unaligned, overlapping = [], 0, 0
    for gold_doc in docs:
        doc = nlp.make_doc(gold_doc.text)
        spans = []
        for span in gold_doc.spans:
            if span.label not in labels:
                continue
            aligned = doc.char_span(span.start, span.end, label=span.label, alignment_mode="expand")
            if aligned is None:
                unaligned += 1
            else:
                spans.append(aligned)
        kept = filter_spans(spans)
        overlapping += len(spans) - len(kept)
        doc.ents = kept
        out.append(doc)
    return out, unaligned, overlapping


def start_pipeline(start_from: str, labels: set[str], folder: Path) -> None:
    """Save the `kg train` pipeline `start_from` to `folder`, its NER given the `labels`
    it lacks: a sourced component is not initialised again, so it would never learn
    them otherwise."""
    nlp = load_pipeline(start_from)
    if nlp.pipe_names != ["tok2vec", "ner"]:
        raise KGError(
            f"{start_from}: not a pipeline `kg train` made (its components are "
            f"{', '.join(nlp.pipe_names) or 'none'}, not tok2vec and ner)"
        )
    ner = nlp.get_pipe("ner")
    for label in sorted(labels - set(ner.labels)):
        ner.add_label(label)
    nlp.to_disk(folder)


def write_config(
    path: Path,
    train: Path,
    dev: Path,
    deadline: float | None,
    max_epochs: int,
    width: int,
    depth: int,
    eval_frequency: int,
    vectors: Path | None,
    seed: int = 0,
    start: Path | None = None,
) -> None:
    from spacy.cli.init_config import init_config

    config = init_config(lang="en", pipeline=["ner"], optimize="efficiency", gpu=False)
    config["paths"]["train"] = str(train)
    config["paths"]["dev"] = str(dev)
    config["system"]["seed"] = seed
    training = config["training"]
    training["max_epochs"] = max_epochs
    training["max_steps"] = 0
    training["patience"] = 0
    training["eval_frequency"] = eval_frequency
    training["batcher"] = {"@batchers": BATCHER, "deadline": deadline, "size": BATCH_WORDS}
    # Checkpoints keep the running average of the weights: on a few hundred abstracts
    # the raw weights swing from one update to the next (held-out F1 moves by points
    # between checkpoints); averaged ones lifted SciERC dev F1 from 0.50 to 0.56.
    training["optimizer"]["use_averages"] = True
    encode = config["components"]["tok2vec"]["model"]["encode"]
    encode["width"], encode["depth"] = width, depth
    embed = config["components"]["tok2vec"]["model"]["embed"]
    embed["rows"] = [20000, 2000, 5000, 2500]
    if vectors is not None:
        config["paths"]["vectors"] = str(vectors)
        embed["include_static_vectors"] = True
    if start is not None:
        # the components, their architecture with them, come from the start pipeline,
        # and so do the word vectors its tok2vec was trained with
        config["components"] = {name: {"source": str(start)} for name in ("tok2vec", "ner")}
        config["paths"]["vectors"] = str(start)
    config.to_disk(path)


def _fit(config: Path, output: Path, quiet: bool) -> Path:
    """spaCy's training loop on `config`; the folder of the checkpoint to keep."""
    from spacy.cli.train import train as spacy_train

    log = io.StringIO()
    with redirect_stdout(log if quiet else sys.stderr):
        spacy_train(config, output)
    best = output / "model-best"
    return best if best.exists() else output / "model-last"


def average_weights(models: list[Path], out: Path, held_out: list[Doc]) -> dict:
    """Save to `out` the pipeline whose every weight is the mean of the `models`'
    weights (a "model soup"); its scores on the `held_out` docs.

    The models must have one architecture and one set of labels, and start from the
    same weights (`--start-from`): models trained from different random weights
    put their features in different units, and their mean is noise (two SciERC models
    from scratch averaged to 0.21 dev F1, the rules' figure; two from one SciER start,
    0.543 and 0.522 alone, to 0.549)."""
    from spacy.training import Example

    pipelines = [spacy.load(model) for model in models]
    soup = pipelines[0]
    for name in soup.pipe_names:
        for layers in zip(*(list(nlp.get_pipe(name).model.walk()) for nlp in pipelines)):
            for param in layers[0].param_names:
                if all(layer.has_param(param) for layer in layers):
                    layers[0].set_param(param, sum(layer.get_param(param) for layer in layers) / len(layers))
    scores = soup.evaluate([Example(soup.make_doc(doc.text), doc) for doc in held_out])
    soup.meta["performance"] = {k: v for k, v in scores.items() if k.startswith("ents_")}
    soup.to_disk(out)
    return soup.meta["performance"]


def train(
    gold_paths: list[str],
    out: str,
    types: list[str] | None = None,
    max_minutes: float | None = None,
    max_epochs: int = 30,
    fmt: str | None = None,
    width: int = 128,
    depth: int = 4,
    quiet: bool = True,
    vectors_from: list[str] | None = None,
    seed: int = 0,
    start_from: str | None = None,
    average: int = 1,
) -> TrainReport:
    """Train on the entity spans of `gold_paths` (of the concept `types`, all by
    default, and of the types paperkg has no node for); the best checkpoint (on the
    held-out tenth) is written to `out`.  Training runs `max_epochs` passes, or stops
    earlier at `max_minutes` when a time cap is given.  With `vectors_from` (listings
    of abstracts), word vectors are first learnt from them (their first
    kg.learn.vectors.MAX_WORDS words: a count, never a time, so they too are the same on
    any machine), and the model's tok2vec uses them.  `seed` fixes the initial weights,
    the order of the batches and the vectors: the same command trains the same model.
    With `start_from` (a `kg train` pipeline) training continues from its weights and
    vectors instead of starting from scratch; with `average` > 1 as many models are
    trained from it (seeds `seed`, `seed` + 1, ...; side by side, one process per core)
    and the mean of their weights is kept."""
    started = time.time()
    if start_from and vectors_from:
        raise KGError("--start-from brings the word vectors of the pipeline it names; drop --vectors-from")
    if average > 1 and not start_from:
        raise KGError(
            "--average needs --start-from: only models trained from the same weights can be averaged"
        )
    if types:
        unknown = set(types) - set(schema.CONCEPT_LABELS)
        if unknown:
            raise KGError(
                f"unknown type(s) {', '.join(sorted(unknown))}; "
                f"choose from {', '.join(schema.CONCEPT_LABELS)}"
            )
    nlp = spacy.blank("en")
    split_final_period(nlp)  # tokenise exactly as extractors.pipeline.build_nlp will
    train_docs, held_docs = [], []
    for path in gold_paths:
        _, docs = gold.read_entities(path, fmt, training=True)
        cut = max(1, round(len(docs) * (1 - HELD_OUT_SHARE))) if len(docs) > 1 else len(docs)
        train_docs += docs[:cut]
        held_docs += docs[cut:] or docs[-1:]
    present = {s.label for d in train_docs for s in d.spans}
    concepts = set(types) if types else present & set(schema.CONCEPT_LABELS)
    if not concepts & present:
        raise KGError("the annotated data has no entities of the chosen types")
    # the types paperkg has no node for (gold.TRAINING_ONLY_TYPES) are learnt whatever
    # --types says: they teach the model what is *not* a concept
    labels = concepts | (present - set(schema.CONCEPT_LABELS))
    train_spacy, unaligned, overlapping = to_spacy_docs(nlp, train_docs, labels)
    held_spacy, held_unaligned, held_overlapping = to_spacy_docs(nlp, held_docs, labels)
    target = Path(out)
    if target.exists() and not (target.is_dir() and _replaceable(target)):
        raise KGError(f"{out}: exists and is not a trained pipeline (or an empty folder); it is not replaced")
    work = target.with_name(f".{target.name}.training")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        DocBin(docs=train_spacy).to_disk(work / "train.spacy")
        DocBin(docs=held_spacy).to_disk(work / "dev.spacy")
        deadline = started + max_minutes * 60 if max_minutes else None
        vectors = start = None
        if start_from:
            start = work / "start"
            start_pipeline(start_from, labels, start)
        if vectors_from:
            from kg.learn.vectors import corpus_texts, learn_vectors, write_corpus

            vectors = work / "vectors"
            vectors_report = write_corpus(corpus_texts(vectors_from), work / "corpus.txt")
            vectors_report["seconds"] += learn_vectors(work / "corpus.txt", vectors, seed=seed)
        steps_per_epoch = -(-sum(len(d) for d in train_spacy) // BATCH_WORDS)
        seeds = range(seed, seed + average)
        for each in seeds:
            write_config(
                work / f"config-{each}.cfg",
                work / "train.spacy",
                work / "dev.spacy",
                deadline,
                max_epochs,
                width,
                depth,
                min(EVAL_EVERY, steps_per_epoch),
                vectors,
                seed=each,
                start=start,
            )
        runs = [(work / f"config-{each}.cfg", work / f"output-{each}", quiet) for each in seeds]
        with pinned_pool(min(average, os.cpu_count() or 1)) as pool:
            trained = pool.starmap(_fit, runs)
        if average == 1:
            best = trained[0]
            scores = spacy.load(best).meta.get("performance", {})
        else:
            best = work / "average"
            scores = average_weights(trained, best, held_spacy)
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(best), str(target))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return TrainReport(
        model=str(target),
        train_docs=len(train_docs),
        held_out_docs=len(held_docs),
        entities=sum(len(d.ents) for d in train_spacy),
        unaligned=unaligned + held_unaligned,
        overlapping=overlapping + held_overlapping,
        labels=sorted(labels),
        seconds=round(time.time() - started, 1),
        stopped_by_time=deadline is not None and time.time() >= deadline,
        held_out_scores={k: scores.get(k) for k in ("ents_p", "ents_r", "ents_f", "ents_per_type")},
        vectors=vectors_report if vectors_from else None,
        seed=seed,
        start_from=start_from,
        averaged=average,
    )
