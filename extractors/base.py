"""What every paperkg component shares: the Doc extensions results are written to.

Each component keeps its own capability's results on an extension of its own (e.g.
`doc._.code_links`) and adds the graph-facing `Mention`s to `doc._.kg_mentions`,
relations between them to `doc._.kg_relations` and reported results to
`doc._.kg_results`.  The build pipeline reads only those three.
"""
from __future__ import annotations

from spacy.tokens import Doc

from kg.mentions import Mention

for _name in ("kg_mentions", "kg_relations", "kg_results"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def results(doc: Doc, name: str) -> list:
    """The list behind `doc._.<name>`, created on first use (a shared mutable default
    would leak results between docs)."""
    value = getattr(doc._, name)
    if value is None:
        value = []
        setattr(doc._, name, value)
    return value


def sentence_of(doc: Doc, start: int, end: int) -> str:
    """The sentence holding the character span [start, end), or the whole text where no
    sentence boundaries were set."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not doc.has_annotation("SENT_START"):
        return doc.text
    return span.sent.text if span.sent.end >= span.end else doc[span.sent.start:span.end].text


def sentences(doc: Doc) -> list:
    """The doc's sentences as spans, or the whole doc as one where none were set."""
    return list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]


def mention(doc: Doc, label: str, start: int, end: int, component: str, confidence: float,
            **kwargs) -> Mention:
    return Mention(label=label, text=doc.text[start:end], start=start, end=end, field="",
                   sentence=sentence_of(doc, start, end), component=component,
                   confidence=confidence, **kwargs)
