"""The extraction pipeline: records in, `PaperExtraction`s out.

A blank English spaCy pipeline (no model downloads exist here) with a sentencizer
and paperkg's own components; a user's trained pipeline can stand in for the blank
one.  Title and abstract are separate docs, so offsets are into each field's text.
"""
from __future__ import annotations

from typing import Iterable, Iterator

import spacy
from spacy.language import Language

from kg.errors import KGError
from kg.mentions import PaperExtraction
from kg.records import Record

#: Components added to every pipeline, in order.  Each is a registered spaCy factory.
DEFAULT_COMPONENTS = ("paperkg_code_links",)
FIELDS = ("title", "abstract")
#: Added last when the pipeline has a trained `ner`: its entities join the rules' mentions.
TRAINED_NER = "paperkg_trained_ner"


def build_nlp(model: str | None = None, components: Iterable[str] = DEFAULT_COMPONENTS) -> Language:
    """spaCy pipeline: `spacy.blank("en")`, or the trained pipeline at `model`, plus a
    sentencizer where nothing sets sentences, plus paperkg's components, plus (when the
    pipeline has a trained `ner`) the component that turns its entities into mentions."""
    import extractors  # noqa: F401  registers the component factories

    if model is None:
        nlp = spacy.blank("en")
    else:
        try:
            nlp = spacy.load(model)
        except (OSError, ValueError) as exc:
            raise KGError(f"{model}: cannot load spaCy pipeline ({str(exc).splitlines()[0]})") from None
    if not any(name in nlp.pipe_names for name in ("sentencizer", "senter", "parser")):
        nlp.add_pipe("sentencizer", first=True)
    for name in components:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    if "ner" in nlp.pipe_names and TRAINED_NER not in nlp.pipe_names:
        nlp.add_pipe(TRAINED_NER, last=True)   # after the rules: it settles overlaps
    return nlp


def _texts(records: Iterable[Record], pending: list[Record]):
    for record in records:
        pending.append(record)
        for field in FIELDS:
            yield getattr(record, field) or "", field


def extract(records: Iterable[Record], nlp: Language, jobs: int = 1,
            batch_size: int = 128) -> Iterator[PaperExtraction]:
    """One PaperExtraction per record, in input order."""
    pending: list[Record] = []
    docs = nlp.pipe(_texts(records, pending), as_tuples=True, n_process=jobs,
                    batch_size=batch_size)
    current: PaperExtraction | None = None
    index = 0
    for doc, field in docs:
        if field == FIELDS[0]:
            current = PaperExtraction(paper=pending[index])
            pending[index] = None  # type: ignore[call-overload]  (free as we go)
            index += 1
        _collect(doc, field, current)
        if field == FIELDS[-1]:
            yield current


def _collect(doc, field: str, into: PaperExtraction) -> None:
    """Move a doc's results into the paper's extraction, shifting mention indexes of
    relations and results past the mentions already there."""
    offset = len(into.mentions)
    for mention in doc._.kg_mentions or ():
        mention.field = field
        into.mentions.append(mention)
    for relation in doc._.kg_relations or ():
        relation.field = field
        relation.head += offset
        relation.tail += offset
        into.relations.append(relation)
    for result in doc._.kg_results or ():
        result.field = field
        for role in ("dataset", "task", "metric", "method"):
            if getattr(result, role) is not None:
                setattr(result, role, getattr(result, role) + offset)
        into.results.append(result)
