"""Confidence that means something: each fact's confidence is the measured precision of
its kind of evidence, looked up in `extractors/data/confidence.tsv`.

The component runs last and rewrites the confidence every earlier component gave its
mentions, relations and results (their own values order overlapping candidates while
extraction runs; they are guesses, not measurements).  A kind of evidence is:
  mention   component | rule | label | role     paperkg_patterns|proposal|Method|PROPOSES
  relation  component | type                    paperkg_comparisons|OUTPERFORMS
  result    component | "result" | kind | dataset? | metric?
                                                paperkg_results|result|delta|no dataset|metric
A kind the table lacks falls back to its pooled row (`pooled_kind`: the component's
row for the same label and role, rule "*"; a relation's or result's component), else
keeps the component's own value.  `kg calibrate` measures the table
on the paper cards and rewrites it; the figures are in-sample there (see README).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractors import names
from extractors.base import RuleComponent, stored
from extractors.lexicons import data_lines
from extractors.mentions import Mention, Relation, Result

TABLE = Path(__file__).parent / "data" / "confidence.tsv"
ANY_RULE = "*"


def mention_kind(mention: Mention) -> str:
    rule = mention.attrs.get("pattern") or "-"
    return f"{mention.component}|{rule}|{mention.label}|{mention.role or '-'}"


def relation_kind(relation: Relation) -> str:
    return f"{relation.component}|{relation.type}"


def result_kind(result: Result) -> str:
    return (
        f"{result.component}|result|{result.kind}|"
        f"{'paper dataset' if result.dataset_of_paper else 'dataset' if result.dataset is not None else 'no dataset'}"
        f"|{'metric' if result.metric is not None else 'no metric'}"
    )


@lru_cache(maxsize=4)
def load_table(path: str = str(TABLE)) -> dict[str, float]:
    """kind -> confidence; lines `kind<TAB>confidence<TAB>facts<TAB>right`, # comments."""
    table = {}
    if not Path(path).exists():
        return table
    for line in data_lines(Path(path)):
        kind, confidence, *_ = line.split("\t")
        table[kind] = float(confidence)
    return table


def pooled_kind(kind: str) -> str:
    """The coarser row a kind falls back to: a mention's component, label and role
    whatever its rule; a relation's or result's component."""
    parts = kind.split("|")
    if len(parts) == 4:
        return "|".join((parts[0], ANY_RULE, parts[2], parts[3]))
    return f"{parts[0]}|{ANY_RULE}"


def calibrated(table: dict[str, float], kind: str, stated: float) -> float:
    """The measured confidence of a kind of evidence, else of its pooled row, else the
    component's own.  (The pooled row is spelled only where the kind has no row of its
    own: most kinds have one, and every fact of every doc is looked up.)"""
    if kind in table:
        return table[kind]
    return table.get(pooled_kind(kind), stated)


def measured_confidence(mention: Mention, stated: float) -> float:
    """A mention's confidence from the shipped table, for the steps after the pipeline
    that give a mention a new rule or role (extractors.paper_facts, extractors.topics)."""
    return calibrated(load_table(), mention_kind(mention), stated)


class ConfidenceSetter(RuleComponent):
    """spaCy component: sets the confidence of `doc._.kg_mentions`, `kg_relations` and
    `kg_results` from the measured table."""

    def __init__(self, nlp, name: str, table: str):
        super().__init__(nlp, name)
        self.table = load_table(table or str(TABLE))

    def match(self, doc: Doc) -> None:
        return None

    def set_annotations(self, doc: Doc, found: None) -> None:
        table = self.table
        for mention in stored(doc, "kg_mentions") or ():
            mention.confidence = calibrated(table, mention_kind(mention), mention.confidence)
        for relation in stored(doc, "kg_relations") or ():
            relation.confidence = calibrated(table, relation_kind(relation), relation.confidence)
        for result in stored(doc, "kg_results") or ():
            result.confidence = calibrated(table, result_kind(result), result.confidence)


@Language.factory(
    names.CONFIDENCE,
    default_config={"table": ""},
    requires=["doc._.kg_mentions"],
    assigns=["doc._.kg_mentions"],
)
def make_confidence_setter(nlp: Language, name: str, table: str) -> ConfidenceSetter:
    return ConfidenceSetter(nlp, name, table)
