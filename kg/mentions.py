"""What extractors find in one paper, with evidence: the contract between extraction and
the graph.

`kg extract` writes one `PaperExtraction` per line as JSON; `kg build` and `kg merge`
read the same objects.  Keeping this file the only hand-off is what lets extraction
be sharded across processes or machines and merged later.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.records import Record


def overlaps(a, b) -> bool:
    """Whether two character spans of one text share a character: mentions, gold spans,
    anything with `start` and `end` offsets."""
    return a.start < b.end and b.start < a.end


@dataclass
class Mention:
    """A span of a paper's title or abstract that names a concept or a code link."""
    label: str            # schema label: Method, Dataset, Task, Metric, Repository
    text: str             # the span as written
    start: int            # character offsets into `field`'s text
    end: int
    field: str            # "title" or "abstract"
    sentence: str         # the sentence holding the span
    component: str        # the spaCy component that found it
    confidence: float     # in [0, 1]
    role: str | None = None        # edge type from the paper (schema.PAPER_ROLES)
    canonical: str | None = None   # the name to merge under, when the extractor knows one
    #: Extra facts by kind: a repository's "url" and "subpath"; a concept's "short".
    attrs: dict = field(default_factory=dict)


@dataclass
class Relation:
    """A fact between two mentions of the same paper (e.g. OUTPERFORMS, EXTENDS)."""
    type: str
    head: int             # index into PaperExtraction.mentions
    tail: int
    start: int            # the span stating it
    end: int
    field: str
    sentence: str
    component: str
    confidence: float
    attrs: dict = field(default_factory=dict)


@dataclass
class Result:
    """A reported result: a benchmark (task on a dataset, by a metric) and its value."""
    dataset: int | None             # index of the Dataset mention; None: the text names none
    task: int | None
    metric: int | None
    method: int | None
    value: float | None
    unit: str | None
    start: int
    end: int
    field: str
    sentence: str
    component: str
    confidence: float
    kind: str = "absolute"          # "absolute": a score; "delta": an improvement or ratio


def _flat(item) -> dict:
    data = dict(vars(item))
    if "attrs" in data:
        data["attrs"] = dict(data["attrs"])
    return data


@dataclass
class PaperExtraction:
    paper: Record
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    #: What extraction left out of this paper by the limits of kg.limits, one line each
    #: ("abstract: 1,000,000 characters, the first 50,000 extracted").
    cut: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        # vars() with a copy of `attrs`, not dataclasses.asdict: asdict deep-copies every
        # value and cost as much as the whole extraction
        return {
            "paper": self.paper.to_dict(),
            "mentions": [_flat(m) for m in self.mentions],
            "relations": [_flat(r) for r in self.relations],
            "results": [_flat(r) for r in self.results],
        } | ({"cut": list(self.cut)} if self.cut else {})

    @classmethod
    def from_dict(cls, data: dict) -> "PaperExtraction":
        return cls(
            paper=Record.from_dict(data["paper"]),
            mentions=[Mention(**m) for m in data.get("mentions", [])],
            relations=[Relation(**r) for r in data.get("relations", [])],
            results=[Result(**r) for r in data.get("results", [])],
            cut=list(data.get("cut", [])),
        )
