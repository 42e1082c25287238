"""The extraction pipeline: records in, `PaperExtraction`s out.

A blank English spaCy pipeline (no model downloads exist here) and paperkg's own
components, which split sentences themselves with one regex where no component set
them (spaCy's sentencizer cost more than all the rules together); a user's trained
pipeline can stand in for the blank one.  Title and abstract are separate docs, so
offsets are into each field's text.
"""

from __future__ import annotations

import multiprocessing
import re
import signal
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Iterable, Iterator

from kg.errors import KGError
from kg.limits import MAX_EXTRACTED_CHARS, MAX_RELATIONS
from extractors.names import DEFAULT_COMPONENTS, TRAINED_NER
from extractors.mentions import RESULT_REFERENCES, TEXT_KEY, PaperExtraction
from extractors.paper_facts import settle_paper
from kg.records import Record

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy is imported where a pipeline is built, not here: `kg build` onto a graph builds
# its pipeline in the extraction worker, so the process that loads the graph never
# pays the ~0.6 s import on its way.

FIELDS = ("title", "abstract")
#: spaCy's tokenizer strips affixes one at a time and searches the rest again each
#: time, so a long run of punctuation costs O(n²): 10,000 "(" take 15 s, a hostile
#: abstract hours.  Such runs (and whitespace-free runs too long to be a word or a
#: link) never name anything; they are masked with as many "x" before tokenising,
#: which keeps every offset into the field's text right and the cost linear.
_UNTOKENISABLE = re.compile(r"\S{501,}|[^\w\s]{30,}")


#: The punctuation run above, led by a character class so re skips to candidates in C.
_PUNCTUATION_RUN = re.compile(r"[^\w\s][^\w\s]{29}")
#: The same for ASCII text, its class spelled out: re tests a listed character in a
#: bitmap, a Unicode category through a table look-up per character.
_ASCII_PUNCTUATION_RUN = re.compile(
    "[" + re.escape("".join(c for c in map(chr, range(128)) if re.fullmatch(r"[^\w\s]", c))) + "]{30}"
)
#: A run of non-space characters longer than _UNTOKENISABLE allows holds a whole block
#: of this many characters (at a multiple of it) with no space in it.
_BLOCK = 250


def _may_hold_long_run(text: str) -> bool:
    """False only for text with no run of 501 non-space characters: each of its blocks
    holds a space (most texts; a substring test a block costs less than splitting the
    text into words)."""
    if all(" " in text[at : at + _BLOCK] for at in range(0, len(text), _BLOCK)):
        return False
    return max(map(len, text.split()), default=0) > 500


#: Emphasis around a name in the text of an abstract: LaTeX ("we present
#: \\textbf{WorkRB}", "{\\bf LMM-JND}") or Markdown ("**SENTINEL**"), its content group
#: `words`.  Left in place, the markup glued to the name hid it from every rule.  A
#: name found across the blanked marks ("**top-H** decoding") is dropped (`_collect`).
_EMPHASIS = re.compile(
    r"(?:\\(?:textbf|textit|textsc|texttt|emph|underline|mathbf|mathrm|text)\{(?P<words>[^{}\\$\n]{1,120})\}"
    r"|\{\\(?:bf|it|em|sc|tt)\s+(?P<words2>[^{}\\$\n]{1,120})\}"
    r"|(?<![\w*])\*\*(?P<words3>[^\s*][^*\n]{0,118}?[^\s*]|[^\s*])\*\*(?![\w*]))"
    # not the marked part of a word ("**IN**-domain"): blanked, it would read as a word
    r"(?!-\w)"
)


def unmarked(text: str) -> str:
    """`text` with the emphasis markup around its words blanked, at the same length (so
    every offset into the field's text stays right)."""
    if "\\" not in text and "**" not in text:
        return text

    def blank(match: re.Match) -> str:
        group = next(g for g in ("words", "words2", "words3") if match.group(g) is not None)
        start, end = match.span(group)
        return " " * (start - match.start()) + match.group(group) + " " * (match.end() - end)

    return _EMPHASIS.sub(blank, text)


def tokenisable(text: str) -> str:
    """`text` with runs the tokenizer would choke on masked, at the same length."""
    # nearly no text holds such a run: rule both kinds out cheaply before the costly
    # alternation (str.split() splits on what \s matches)
    punctuation = _ASCII_PUNCTUATION_RUN if text.isascii() else _PUNCTUATION_RUN
    if not punctuation.search(text) and (len(text) <= 500 or not _may_hold_long_run(text)):
        return text
    return _UNTOKENISABLE.sub(lambda run: "x" * len(run.group()), text)


def load_pipeline(path: str) -> Language:
    """The spaCy pipeline saved at `path`, or a one-line error saying why not."""
    import spacy

    try:
        return spacy.load(path)
    except (OSError, ValueError) as exc:
        raise KGError(f"{path}: cannot load spaCy pipeline ({str(exc).splitlines()[0]})") from None


def build_nlp(model: str | None = None, components: Iterable[str] = DEFAULT_COMPONENTS) -> Language:
    """spaCy pipeline: `spacy.blank("en")`, or the trained pipeline at `model`, plus a
    paperkg's components, plus (when the pipeline has a trained `ner`) the component
    that turns its entities into mentions.  Both get the same tokenizer: the rules and
    `kg train` rely on it."""
    import spacy

    import extractors.components  # noqa: F401  registers the component factories

    nlp = spacy.blank("en") if model is None else load_pipeline(model)
    split_final_period(nlp)
    cache_more_chunks(nlp)
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    for name in components:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    if "ner" in nlp.pipe_names and TRAINED_NER not in nlp.pipe_names:
        nlp.add_pipe(TRAINED_NER, last=True)  # after the rules: it settles overlaps
    return nlp


class TextKeepingTokenizer:
    """The tokenizer, keeping each doc's input text in `doc.user_data` (spaCy's docs
    equal their input text; rebuilding it from tokens cost as much as tokenising)."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str):
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)


def split_final_period(nlp: Language) -> None:
    """spaCy keeps a period glued to a word ending in a capital ("COCO.", "DeiT."), taking
    it for an abbreviation; in abstracts it ends the sentence, and names must stand alone
    to be matched.  Listed exceptions ("U.S.") are untouched."""
    suffixes = list(nlp.Defaults.suffixes) + [r"(?<=[A-Za-z0-9][A-Z])\."]
    from spacy.util import compile_suffix_regex

    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


#: Whitespace-delimited chunks whose tokens spaCy's tokenizer keeps (its default keeps
#: 10,000).  Abstracts hold far more distinct chunks than that, and a chunk missing from
#: the cache is split by the prefix, suffix and infix regexes again each time it is
#: seen: that splitting was most of the tokenizer's cost.  Each kept chunk costs a few
#: hundred bytes; the cap bounds the memory a long `kg build` can spend on them.
TOKENIZER_CACHE_CHUNKS = 500_000


def cache_more_chunks(nlp: Language) -> None:
    """Let the tokenizer remember the tokens of up to TOKENIZER_CACHE_CHUNKS chunks.
    Its cache holds only chunks no special case touched, whose tokens are the same
    whether read from it or split afresh, so this changes no doc."""
    if hasattr(nlp.tokenizer, "max_cache_size"):
        nlp.tokenizer.max_cache_size = max(nlp.tokenizer.max_cache_size, TOKENIZER_CACHE_CHUNKS)


def extracted_part(text: str) -> str:
    """The part of a field's text that extraction reads: all of it, or the first
    MAX_EXTRACTED_CHARS characters cut after a space (offsets stay right)."""
    if len(text) <= MAX_EXTRACTED_CHARS:
        return text
    space = text.rfind(" ", MAX_EXTRACTED_CHARS // 2, MAX_EXTRACTED_CHARS + 1)
    return text[: space if space > 0 else MAX_EXTRACTED_CHARS]


def _texts(records: Iterable[Record], pending: list[Record]):
    for record in records:
        pending.append(record)
        for field in FIELDS:
            yield tokenisable(unmarked(extracted_part(getattr(record, field) or ""))), field


@dataclass(frozen=True)
class PipelineToBuild:
    """`build_nlp(model)`, not yet called: given to `extract` instead of a pipeline, it
    is built where the extraction runs, in each worker process after the fork."""

    model: str | None = None

    def build(self) -> Language:
        return build_nlp(self.model)


#: Records per task handed to a worker process.
CHUNK = 256
_worker_nlp: Language | PipelineToBuild | None = None


def extract(
    records: Iterable[Record],
    nlp: Language | PipelineToBuild,
    jobs: int = 1,
    batch_size: int = 128,
    start_now: bool = False,
) -> Iterator[PaperExtraction]:
    """One PaperExtraction per record, in input order, whatever `jobs` is.

    With jobs > 1, forked workers (which inherit `nlp`, or build it) each extract whole
    chunks of records and send back PaperExtractions.  spaCy's own `n_process` would send Docs
    back instead, which is slower and cannot carry the components' Python results.
    With `start_now`, workers (at least one) start at once rather than at the first
    extraction asked for, so the caller can do other work meanwhile (`kg build` loads
    the graph); close the returned iterator if it is not read to its end."""
    if jobs <= 1 and not start_now:
        return _extract_serial(records, _built(nlp), batch_size)
    return _WorkerExtraction(records, nlp, max(jobs, 1))


def _built(nlp: Language | PipelineToBuild) -> Language:
    return nlp.build() if isinstance(nlp, PipelineToBuild) else nlp


class _WorkerExtraction:
    """Extraction in forked worker processes, running from creation until `close`."""

    def __init__(self, records: Iterable[Record], nlp: Language | PipelineToBuild, jobs: int):
        global _worker_nlp
        _worker_nlp = nlp
        self._pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_started)
        self._chunks = self._pool.imap(_extract_chunk, _chunks(records, CHUNK))

    def __iter__(self) -> Iterator[PaperExtraction]:
        try:
            for extractions in self._chunks:
                yield from extractions
        finally:
            self.close()

    def close(self) -> None:
        self._pool.terminate()


def _worker_started() -> None:
    """A worker dies on SIGTERM whichever of its threads the signal lands on.  The
    command's own SIGTERM handler, inherited at the fork, is Python's: it runs only in
    the main thread, between bytecodes.  An idle worker's main thread waits in a lock
    for its next task, and a library's thread in the worker may take the signal, so
    the handler never ran and `Pool.terminate` waited for that worker forever (1 of 11
    runs of `kg extract --jobs 2` on 8,304 abstracts hung after its last paper)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _extract_chunk(records: list[Record]) -> list[PaperExtraction]:
    global _worker_nlp
    _worker_nlp = _built(_worker_nlp)  # once per worker
    return list(_extract_serial(records, _worker_nlp, CHUNK))


def _extract_serial(records: Iterable[Record], nlp: Language, batch_size: int) -> Iterator[PaperExtraction]:
    pending: list[Record] = []
    docs = nlp.pipe(_texts(records, pending), as_tuples=True, batch_size=batch_size)
    current: PaperExtraction | None = None
    index = 0
    for doc, field in docs:
        if field == FIELDS[0]:
            current = PaperExtraction(paper=pending[index])
            pending[index] = None  # type: ignore[call-overload]  (free as we go)
            index += 1
        _collect(doc, field, current)
        if field == FIELDS[-1]:
            yield settle_paper(current)


def _collect(doc, field: str, into: PaperExtraction) -> None:
    """Move a doc's results into the paper's extraction, shifting mention indexes of
    relations and results past the mentions already there; note what the limits of
    kg.limits left out.  A mention whose span reads otherwise in the text as written
    (it runs into emphasis marks or a masked run that `_texts` blanked) is dropped, with
    the relations and results resting on it: its offsets would point at markup."""
    from extractors.base import stored  # (imports spaCy: not at this module's top)

    written = getattr(into.paper, field) or ""
    read_text = doc.user_data.get(TEXT_KEY) or doc.text
    whole, read = len(written), len(read_text)
    if whole > read:
        into.cut.append(f"{field}: {whole:,} characters, the first {read:,} extracted")
    relations = stored(doc, "kg_relations") or ()
    if len(relations) > MAX_RELATIONS:
        into.cut.append(f"{field}: {len(relations):,} relations, the first {MAX_RELATIONS:,} kept")
        relations = relations[:MAX_RELATIONS]
    mentions = stored(doc, "kg_mentions") or ()
    blanked = not written.startswith(read_text)
    # each mention's index in `into.mentions`, None when dropped
    moved: list[int | None] = []
    for mention in mentions:
        if blanked and written[mention.start : mention.end] != read_text[mention.start : mention.end]:
            moved.append(None)
            continue
        moved.append(len(into.mentions))
        mention.field = field
        into.mentions.append(mention)
    for relation in relations:
        head, tail = moved[relation.head], moved[relation.tail]
        if head is None or tail is None:
            continue
        relation.field, relation.head, relation.tail = field, head, tail
        into.relations.append(relation)
    for result in stored(doc, "kg_results") or ():
        roles = {role: getattr(result, role) for role in RESULT_REFERENCES}
        if any(index is not None and moved[index] is None for index in roles.values()):
            continue
        result.field = field
        for role, index in roles.items():
            if index is not None:
                setattr(result, role, moved[index])
        into.results.append(result)


def extract_partition(
    lines: Iterable[str], model: str | None = None, source: str = "partition"
) -> Iterator[str]:
    """JSON Lines of papers in, mentions lines (what `kg extract` writes) out.

    The unit of work for a cluster engine: Spark's `rdd.mapPartitions(extract_partition)`
    or Dask's `bag.map_partitions`, each partition building its pipeline once.  Papers'
    `sources` read "SOURCE:line"; give each shard's file name as `source` to match what
    `kg build` of those files records.  Malformed
    lines are skipped here (the engine's partitions have no file to point at); use
    `kg extract` on the shard to see why.
    """
    import orjson

    from kg.readers.jsonl import record_from_json

    def records() -> Iterator[Record]:
        for number, line in enumerate(lines, 1):
            try:
                yield record_from_json(orjson.loads(line), f"{source}:{number}")
            except (orjson.JSONDecodeError, ValueError, AttributeError):
                continue

    nlp = build_nlp(model)
    for extraction in extract(records(), nlp):
        yield extraction.to_json().decode()
