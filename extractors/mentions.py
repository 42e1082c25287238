"""What extractors find in one paper, with evidence: the contract between extraction and
the graph.

`kg extract` writes one `PaperExtraction` per line as JSON; `kg build` and `kg merge`
read the same objects.  Keeping this file the only hand-off is what lets extraction
be sharded across processes or machines and merged later.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field

import orjson

from kg import schema
from kg.records import Record

#: `doc.user_data` key of a doc's text (the pipeline's tokenizer puts the input there, the
#: components read it): here, beside the other doc-level contracts, so that no extractor
#: imports the pipeline that assembles it.
TEXT_KEY = "paperkg_text"


def overlaps(a, b) -> bool:
    """Whether two character spans of one text share a character: mentions, gold spans,
    anything with `start` and `end` offsets."""
    return a.start < b.end and b.start < a.end


def same_concept(a, b) -> bool:
    """Two mentions of one concept: the same text, or the same canonical name (a long
    form and its short form: "Single-Image Face Morphing Attack Detection" and "S-MAD")."""
    return a.text == b.text or bool(a.canonical) and a.canonical == b.canonical


@dataclass
class Mention:
    """A span of a paper's title or abstract that names a concept or a code link."""

    label: str  # schema label: Method, Dataset, Task, Metric, Repository
    text: str  # the span as written
    start: int  # character offsets into `field`'s text
    end: int
    field: str  # "title" or "abstract"
    sentence: str  # the sentence holding the span
    component: str  # the spaCy component that found it
    confidence: float  # in [0, 1]
    role: str | None = None  # edge type from the paper (schema.PAPER_ROLES)
    canonical: str | None = None  # the name to merge under, when the extractor knows one
    #: Extra facts by kind: a repository's "url" and "subpath"; a concept's "short".
    attrs: dict = field(default_factory=dict)


@dataclass
class Relation:
    """A fact between two mentions of the same paper (e.g. OUTPERFORMS, EXTENDS)."""

    type: str
    head: int  # index into PaperExtraction.mentions
    tail: int
    start: int  # the span stating it
    end: int
    field: str
    sentence: str
    component: str
    confidence: float
    attrs: dict = field(default_factory=dict)


@dataclass
class Result:
    """A reported result: a benchmark (task on a dataset, by a metric) and its value."""

    dataset: int | None  # index of the Dataset mention; None: the text names none
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
    kind: str = "absolute"  # "absolute": a score; "delta": an improvement or ratio
    #: the dataset is the one the paper evaluates on, its sentence naming none
    dataset_of_paper: bool = False


#: A Result's fields that point at mentions, and the label each must have.
RESULT_REFERENCES = {
    "dataset": schema.DATASET,
    "task": schema.TASK,
    "metric": schema.METRIC,
    "method": schema.METHOD,
}


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

    def to_json(self) -> bytes:
        """`orjson.dumps(self.to_dict())`, the line `kg extract` writes, without building
        the dicts: orjson writes a dataclass as its `vars()` (but names opening with "_",
        which none of these has), in the order `_flat` gives."""
        return orjson.dumps(
            {
                "paper": self.paper.to_dict(),
                "mentions": self.mentions,
                "relations": self.relations,
                "results": self.results,
            }
            | ({"cut": self.cut} if self.cut else {})
        )

    @classmethod
    def from_dict(cls, data: dict) -> "PaperExtraction":
        """The extraction of one mentions line; ValueError names what is wrong with a
        line that the graph could not take (a mentions file may come from anywhere)."""
        check_line(data)
        return cls(
            paper=Record.from_dict(data["paper"]),
            mentions=[Mention(**m) for m in data.get("mentions", [])],
            relations=[Relation(**r) for r in data.get("relations", [])],
            results=[Result(**r) for r in data.get("results", [])],
            cut=list(data.get("cut", [])),
        )


_FIELDS = schema.EVIDENCE_FIELDS
_RELATION_TYPES = tuple(
    n for n, e in schema.EDGE_TYPES.items() if set(e.sources) | set(e.targets) <= set(schema.CONCEPT_LABELS)
)
#: The paper record's fields, each of the type its property has in the schema (`source`
#: is one of the paper's `sources`); a field whose default is None may be null.
_RECORD_TYPES = {name: schema.PROPERTY_TYPES.get(name, schema.TEXT) for name in Record.__dataclass_fields__}
_NULLABLE = frozenset(name for name, f in Record.__dataclass_fields__.items() if f.default is None)
_PRIMITIVE = (str, int, float, bool, type(None))
#: Attributes of a mention that become a property of the graph (a Repository's url,
#: host and kind, its HAS_CODE edge's subpath), and a concept's short form (an alias).
_REPOSITORY_ATTRS = frozenset(schema.node_properties(schema.REPOSITORY)) | frozenset(
    schema.EDGE_TYPES[schema.HAS_CODE].properties
)
_SHORT_FORM = "short"


def _is(value, kinds: tuple) -> bool:
    """isinstance without bool passing for int (JSON true is not a count), and numbers
    within the schema's ranges only (as the graph file holds them: kg.schema.holds)."""
    if type(value) is int:
        return (int in kinds or float in kinds) and schema.holds(schema.INTEGER, value)
    if type(value) is float:
        return float in kinds and schema.holds(schema.NUMBER, value)
    return type(value) in kinds


def _holds(name: str, value, nullable: bool = True) -> bool:
    """`value` is of the schema's type for the property `name`, in its range (or null)."""
    return (nullable and value is None) or schema.holds(
        schema.PROPERTY_TYPES.get(name, schema.TEXT), value, name
    )


def _need(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def check_line(data) -> None:
    """Raise ValueError unless `data` is a mentions line paperkg can add to a graph:
    the fields `PaperExtraction.to_dict` writes with their types, labels, roles and
    relation types from the schema, offsets inside their text, indexes that point at
    mentions of the right label, confidences in [0, 1]."""
    _need(type(data) is dict, "a mentions line is a JSON object")
    _need(
        set(data) <= {"paper", "mentions", "relations", "results", "cut"} and "paper" in data,
        "a mentions line has paper, mentions, relations, results and cut only",
    )
    cut = data.get("cut", [])
    _need(type(cut) is list and all(type(note) is str for note in cut), "cut is not a list of text")
    paper = data["paper"]
    _need(type(paper) is dict, "paper is not an object")
    for name, kind in _RECORD_TYPES.items():
        if name in paper:
            _need(
                schema.holds(kind, paper[name], name) or (paper[name] is None and name in _NULLABLE),
                f"paper.{name} is not {kind}" + (" or null" if name in _NULLABLE else ""),
            )
    _need("title" in paper, "paper has no title")
    texts = {f: paper.get(f, "") for f in _FIELDS}
    mentions = data.get("mentions", [])
    _need(type(mentions) is list, "mentions is not a list")
    labels = [_check_mention(i, m, texts) for i, m in enumerate(mentions)]
    relations = data.get("relations", [])
    _need(type(relations) is list, "relations is not a list")
    for i, relation in enumerate(relations):
        where = f"relations[{i}]"
        _check_fields(where, relation, Relation, texts)
        _need(
            relation["type"] in _RELATION_TYPES,
            f"{where}: type {relation['type']!r} is not one of {', '.join(_RELATION_TYPES)}",
        )
        spec = schema.EDGE_TYPES[relation["type"]]
        for end, allowed in (("head", spec.sources), ("tail", spec.targets)):
            _need(
                _points_at(relation[end], labels, allowed),
                f"{where}: {end} is not the index of a {' or '.join(allowed)} mention",
            )
        for name, value in relation["attrs"].items():  # each becomes a property of the edge
            _need(
                name in spec.properties,
                f"{where}: attrs {name!r} is not a property of "
                f"{relation['type']} edges ({', '.join(spec.properties) or 'none'})",
            )
            _need(_holds(name, value), f"{where}: attrs {name!r} is not {schema.PROPERTY_TYPES[name]}")
    results = data.get("results", [])
    _need(type(results) is list, "results is not a list")
    for i, result in enumerate(results):
        where = f"results[{i}]"
        _check_fields(where, result, Result, texts)
        for name, label in (
            ("dataset", schema.DATASET),
            ("task", schema.TASK),
            ("metric", schema.METRIC),
            ("method", schema.METHOD),
        ):
            if result[name] is not None:
                _need(
                    _points_at(result[name], labels, (label,)),
                    f"{where}: {name} is not the index of a {label} mention",
                )
        _need(_holds("value", result["value"]), f"{where}: value is not a number of the schema's range")
        _need(_is(result["unit"], (str, type(None))), f"{where}: unit is not text")
        _need(type(result.get("kind", "")) is str, f"{where}: kind is not text")


def _points_at(index, labels: list, allowed) -> bool:
    return type(index) is int and 0 <= index < len(labels) and labels[index] in allowed


def _check_mention(i: int, mention, texts: dict) -> str:
    where = f"mentions[{i}]"
    _check_fields(where, mention, Mention, texts)
    label = mention["label"]
    _need(
        label in schema.CONCEPT_LABELS + (schema.REPOSITORY,),
        f"{where}: label {label!r} is not a concept or Repository",
    )
    _need(type(mention["text"]) is str and mention["text"].strip() != "", f"{where}: text is empty")
    _need(
        mention["role"] is None or mention["role"] in schema.PAPER_ROLES,
        f"{where}: role {mention['role']!r} is not one of {', '.join(schema.PAPER_ROLES)}",
    )
    _need(
        mention["canonical"] is None or type(mention["canonical"]) is str, f"{where}: canonical is not text"
    )
    if label == schema.REPOSITORY:
        _need(type(mention["attrs"].get("url")) is str, f"{where}: a Repository mention has no url")
        for name in _REPOSITORY_ATTRS & set(mention["attrs"]):
            _need(
                _holds(name, mention["attrs"][name]),
                f"{where}: attrs {name!r} is not {schema.PROPERTY_TYPES[name]}",
            )
    else:
        _need(_holds("name", mention["attrs"].get(_SHORT_FORM)), f"{where}: attrs 'short' is not text")
        if mention["role"] is not None:
            spec = schema.EDGE_TYPES[mention["role"]]
            _need(label in spec.targets, f"{where}: a {label} cannot be the target of {mention['role']}")
    return label


def _check_fields(where: str, item, kind, texts: dict) -> None:
    """The fields every Mention, Relation and Result has: names, evidence and offsets."""
    _need(type(item) is dict, f"{where} is not an object")
    names = set(kind.__dataclass_fields__)
    required = {
        n
        for n, f in kind.__dataclass_fields__.items()
        if f.default is MISSING and f.default_factory is MISSING
    }
    _need(required <= set(item) <= names, f"{where}: fields are not {', '.join(sorted(names))}")
    for name in names:  # defaults of the optional fields, so later checks can index them
        item.setdefault(
            name,
            kind.__dataclass_fields__[name].default
            if kind.__dataclass_fields__[name].default is not MISSING
            else {},
        )
    _need(item["field"] in _FIELDS, f"{where}: field {item['field']!r} is not title or abstract")
    start, end = item["start"], item["end"]
    _need(
        type(start) is int and type(end) is int and 0 <= start <= end <= len(texts[item["field"]]),
        f"{where}: offsets {start!r}..{end!r} are outside the {item['field']}",
    )
    _need(
        type(item["sentence"]) is str and type(item["component"]) is str,
        f"{where}: sentence and component are text",
    )
    confidence = item["confidence"]
    _need(
        _holds("confidence", confidence, nullable=False),
        f"{where}: confidence {confidence!r} is not a number in "
        f"[{', '.join(map(str, schema.value_range(schema.NUMBER, 'confidence')))}]",
    )
    attrs = item.get("attrs", {})
    _need(
        type(attrs) is dict and all(_is(v, _PRIMITIVE) for v in attrs.values()),
        f"{where}: attrs is not an object of plain values",
    )
