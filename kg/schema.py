"""The graph's schema: node labels, edge types, their properties and the id rules.

Every store, exporter and query reads the graph's shape from here, so that a label
or a property is named once.  Ids are pure functions of what identifies a thing (an
arXiv id, a normalised title, a canonical name, a repository URL), so the same
paper or concept gets the same id in every build, on every machine.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
import re
import sys
import unicodedata
from dataclasses import dataclass

PAPER = "Paper"
METHOD = "Method"
DATASET = "Dataset"
TASK = "Task"
METRIC = "Metric"
BENCHMARK = "Benchmark"
REPOSITORY = "Repository"

#: Every node label, in the order they are listed to people.
NODE_LABELS = (PAPER, METHOD, DATASET, TASK, METRIC, BENCHMARK, REPOSITORY)
#: Labels of the concepts extracted from text; they share aliases and merging rules.
CONCEPT_LABELS = (METHOD, DATASET, TASK, METRIC)

#: Properties every node has.
NODE_BASE_PROPERTIES = ("id", "label", "name")
#: Properties by label (beyond the base ones).  Lists are sorted, for determinism.
NODE_PROPERTIES = {
    # former_ids: the ids listings without the arXiv id give the paper (paper:<digest>),
    # kept findable after it gained its arXiv id
    PAPER: (
        "title",
        "abstract",
        "arxiv_id",
        "url",
        "date",
        "date_text",
        "authors",
        "author_count",
        "upvotes",
        "sources",
        "former_ids",
    ),
    # absorbed: records of short-form nodes merged in ("id\tfield\tvalue\tadded"), kept
    # so that a later build can undo the merge when the short form turns out ambiguous.
    METHOD: ("aliases", "papers", "absorbed"),
    DATASET: ("aliases", "papers", "absorbed"),
    TASK: ("aliases", "papers", "absorbed"),
    METRIC: ("aliases", "papers", "absorbed"),
    BENCHMARK: ("task", "dataset", "metric", "papers"),
    REPOSITORY: ("url", "host", "kind", "subpaths", "papers"),  # kind: code|model|dataset|demo|page
}
#: One record of a long form's `absorbed`: the short form's id, the property, a value
#: of it, and 1 where the merge added that value to the long form (kg.model.graph_model).
ABSORBED_RECORD = re.compile(
    r"(?P<short>[^\t]+)\t(?P<key>aliases|papers)\t(?P<value>.*)\t(?P<added>[01])", re.DOTALL
)
#: On a node a curation decision changed (kg.building.curation): "action\tsubject\tby\tat" records.
CURATION_NODE_PROPERTY = "curation"
NODE_PROPERTIES = {label: names + (CURATION_NODE_PROPERTY,) for label, names in NODE_PROPERTIES.items()}

#: Properties every edge carries: the evidence that made it.
EVIDENCE_PROPERTIES = ("paper", "field", "sentence", "start", "end", "extractor", "confidence")
#: On an edge a curation decision made or changed (its `extractor` is then "curation"):
#: who and when, and the extractor that found it first.
CURATION_EDGE_PROPERTIES = ("curated_by", "curated_at", "extracted_by")
#: On an edge moved from a short-form node merged into its long form: which end it was
#: and that node's id, e.g. ["tail=method:sam"] (a list: both ends may have moved).
MERGED_EDGE_PROPERTY = "via"
#: One mark of `via`: the end that moved and the short form's id.
MERGED_EDGE_MARK = re.compile(r"(?P<end>head|tail)=(?P<short>.+)", re.DOTALL)


@dataclass(frozen=True)
class EdgeType:
    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    description: str
    #: Extra properties beyond the evidence.
    properties: tuple[str, ...] = ()


EDGE_TYPES: dict[str, EdgeType] = {
    e.name: e
    for e in (
        EdgeType("PROPOSES", (PAPER,), (METHOD,), "the paper proposes this method as its own contribution"),
        EdgeType(
            "USES", (PAPER,), (METHOD, DATASET, METRIC), "the paper uses this method, dataset or metric"
        ),
        EdgeType(
            "INTRODUCES", (PAPER,), (DATASET, BENCHMARK), "the paper introduces this dataset or benchmark"
        ),
        EdgeType(
            "EVALUATES_ON", (PAPER,), (DATASET, BENCHMARK), "the paper evaluates on this dataset or benchmark"
        ),
        EdgeType("ADDRESSES", (PAPER,), (TASK,), "the paper addresses this task"),
        EdgeType(
            "REPORTS",
            (PAPER,),
            (BENCHMARK,),
            "the paper reports a result on this benchmark",
            ("value", "unit", "method", "kind"),
        ),
        EdgeType("HAS_CODE", (PAPER,), (REPOSITORY,), "the paper links this code repository", ("subpath",)),
        EdgeType(
            "OUTPERFORMS",
            (METHOD,),
            (METHOD,),
            "the first method beats the second, as the paper states",
            ("dataset", "metric", "factor"),
        ),
        EdgeType("EXTENDS", (METHOD,), (METHOD,), "the first method builds on the second"),
        EdgeType("ON_TASK", (BENCHMARK,), (TASK,), "the benchmark is this task"),
        EdgeType("ON_DATASET", (BENCHMARK,), (DATASET,), "the benchmark is on this dataset"),
        EdgeType("MEASURED_BY", (BENCHMARK,), (METRIC,), "the benchmark is measured by this metric"),
    )
}

#: What each property holds, on nodes and edges alike (a name means one thing
#: wherever it appears): the graph file's check (kg.store.graph_file), the mentions-line
#: check (extractors.mentions) and the query index's columns (kg.store.query_index) read it here.
#: An optional property may be null or absent, except a list: readers iterate it.
TEXT, INTEGER, NUMBER, TEXT_LIST = "text", "integer", "number", "text list"
#: The values each numeric type may take, both ends included.  An integer is one every
#: reader of the graph's JSON takes exactly (a double, JavaScript in the HTML view):
#: |n| < 2^53, well within the 64 bits of the query index and a server.  A number is a
#: finite double (NaN and infinities are not JSON: orjson writes them as null) or such
#: an integer.
INTEGER_RANGE = (-(1 << 53) + 1, (1 << 53) - 1)
NUMBER_RANGE = (-sys.float_info.max, sys.float_info.max)
PROPERTY_TYPES = {
    "id": TEXT,
    "label": TEXT,
    "name": TEXT,
    "title": TEXT,
    "abstract": TEXT,
    "arxiv_id": TEXT,
    "url": TEXT,
    "date": TEXT,
    "date_text": TEXT,
    "authors": TEXT_LIST,
    "author_count": INTEGER,
    "upvotes": INTEGER,
    "sources": TEXT_LIST,
    "former_ids": TEXT_LIST,
    "aliases": TEXT_LIST,
    "papers": TEXT_LIST,
    "absorbed": TEXT_LIST,
    "task": TEXT,
    "dataset": TEXT,
    "metric": TEXT,
    "host": TEXT,
    "kind": TEXT,
    "subpaths": TEXT_LIST,
    CURATION_NODE_PROPERTY: TEXT_LIST,
    "type": TEXT,
    "paper": TEXT,
    "field": TEXT,
    "sentence": TEXT,
    "start": INTEGER,
    "end": INTEGER,
    "extractor": TEXT,
    "confidence": NUMBER,
    MERGED_EDGE_PROPERTY: TEXT_LIST,
    "value": NUMBER,
    "unit": TEXT,
    "method": TEXT,
    "factor": TEXT,
    "subpath": TEXT,
    "curated_by": TEXT,
    "curated_at": TEXT,
    "extracted_by": TEXT,
}
#: Numeric properties whose values lie in a narrower range than their type's.
PROPERTY_RANGES = {"confidence": (0.0, 1.0)}
#: Properties a node of a label must have beyond NODE_BASE_PROPERTIES: read without
#: asking (a paper's title is its name and its identity).
REQUIRED_NODE_PROPERTIES = {PAPER: ("title",)}
#: The texts of a paper that evidence quotes (an edge's `field`).
EVIDENCE_FIELDS = ("title", "abstract")
#: How the ids of each label begin (the id functions below write them; code reads a
#: node's label from its id, e.g. kg.model.canonical).
ID_PREFIXES = {
    PAPER: ("arxiv:", "paper:"),
    **{label: (f"{label.lower()}:",) for label in CONCEPT_LABELS},
    BENCHMARK: ("benchmark:",),
    REPOSITORY: ("repo:",),
}


def value_range(kind: str, name: str | None = None) -> tuple:
    """The values (both ends included) a property of this numeric type may take: the
    property's own range where PROPERTY_RANGES gives one, else its type's."""
    return PROPERTY_RANGES.get(name) or (INTEGER_RANGE if kind == INTEGER else NUMBER_RANGE)


def holds(kind: str, value, name: str | None = None) -> bool:
    """Whether `value` is of this property type (one of TEXT, INTEGER, NUMBER,
    TEXT_LIST) and, a number, in its range (`value_range`; `name`: the property's):
    JSON's true is not a number, NaN is in no range."""
    if kind == TEXT:
        return type(value) is str
    if kind == TEXT_LIST:
        return type(value) is list and all(type(item) is str for item in value)
    if type(value) is int:
        if not INTEGER_RANGE[0] <= value <= INTEGER_RANGE[1]:
            return False
    elif kind != NUMBER or type(value) is not float:
        return False
    low, high = value_range(kind, name)
    return low <= value <= high


def node_properties(label: str) -> tuple[str, ...]:
    """Every property a node of this label may have."""
    return NODE_BASE_PROPERTIES + NODE_PROPERTIES[label]


def edge_properties(edge_type: str) -> tuple[str, ...]:
    """Every property an edge of this type may have."""
    return (
        "type",
        *EVIDENCE_PROPERTIES,
        *EDGE_TYPES[edge_type].properties,
        MERGED_EDGE_PROPERTY,
        *CURATION_EDGE_PROPERTIES,
    )


#: Which edge type a mention's role becomes, for roles attached to the paper.
PAPER_ROLES = tuple(n for n, e in EDGE_TYPES.items() if e.sources == (PAPER,))

_ARXIV_ID = re.compile(
    r"(?:arxiv[:/ ]?|abs/|pdf/)?(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)


def normalise_arxiv_id(raw: str | None) -> str | None:
    """'arXiv:2301.01234v2', 'https://arxiv.org/abs/2301.01234' -> '2301.01234'; else None."""
    if not raw:
        return None
    match = _ARXIV_ID.search(str(raw).strip())
    return match.group("id").lower() if match else None


_NOT_WORD = re.compile(r"[^\w]+")


def normalise_title(title: str) -> str:
    """The key under which two listings of one paper meet: case, accents, punctuation
    and spacing do not count."""
    if title.isascii():  # NFKD and combining marks change no ASCII text (most titles)
        text = title.lower()
    else:
        text = unicodedata.normalize("NFKD", title).casefold()
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NOT_WORD.sub(" ", text)
    return " ".join(text.split())


def _digest(text: str, length: int = 16) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


#: Compiled once: these run on every alias of every concept (re.sub looks its pattern up each call).
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
_SEPARATORS = re.compile(r"[\s\-_/]+")


@lru_cache(maxsize=1 << 20)
def slug(text: str, limit: int = 60) -> str:
    """A readable ASCII id fragment.  Where folding to ASCII loses the text (non-Latin
    scripts) or it is too long, a digest of the full text keeps ids distinct."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    readable = _NOT_SLUG.sub("-", folded).strip("-")
    lossless = readable.replace("-", "") == _NOT_LETTER_OR_DIGIT.sub("", text.casefold())
    if readable and lossless and len(readable) <= limit:
        return readable
    return f"{readable[: limit - 11].strip('-')}-{_digest(text.casefold(), 10)}".lstrip("-")


def paper_id(arxiv_id: str | None, title: str, abstract: str = "", source: str = "") -> str:
    """arXiv id when known (the strongest identity), else a digest of the normalised title.
    A title with no letter or digit ("???", emoji, zero-width or bidi marks only) names
    nothing: such papers would all share one id and be merged into one, so the id is a
    digest of the normalised abstract, or, with none, of where the record was read."""
    arxiv, title_digest = ID_PREFIXES[PAPER]
    if arxiv_id:
        return f"{arxiv}{arxiv_id}"
    key = normalise_title(title)
    if not key:
        body = normalise_title(abstract)
        key = f"abstract\t{body}" if body else f"source\t{source}"
    return f"{title_digest}{_digest(key)}"


@lru_cache(maxsize=1 << 20)
def concept_key(name: str) -> str:
    """The merge key of a concept name: case, hyphens, spacing and a plural 's' do not count."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _SEPARATORS.sub(" ", text).strip()
    words = text.split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


@lru_cache(maxsize=1 << 20)
def concept_id(label: str, name: str) -> str:
    """`method:sharpness-aware-minimization`: the label and the slug of the merge key."""
    if label not in CONCEPT_LABELS:
        raise ValueError(f"not a concept label: {label}")
    return f"{ID_PREFIXES[label][0]}{slug(concept_key(name))}"


def benchmark_id(task: str | None, dataset: str | None, metric: str | None) -> str:
    parts = [slug(concept_key(p)) if p else "-" for p in (task, dataset, metric)]
    return ID_PREFIXES[BENCHMARK][0] + "/".join(parts)


def repository_id(root_url: str) -> str:
    """`repo:github.com/owner/name` from a normalised root URL (scheme dropped, case folded)."""
    bare = re.sub(r"^[a-z]+://", "", root_url.strip(), flags=re.I).rstrip("/")
    return f"{ID_PREFIXES[REPOSITORY][0]}{bare.casefold()}"


def label_of_id(node_id: str) -> str | None:
    """The label an id names by its prefix (the id rules above), None for another
    text: a lookup by id then reads one table's primary key, not every node."""
    return _LABEL_OF_PREFIX.get(node_id.partition(":")[0])


_LABEL_OF_PREFIX = {
    "arxiv": PAPER,
    "paper": PAPER,
    "benchmark": BENCHMARK,
    "repo": REPOSITORY,
    **{label.lower(): label for label in CONCEPT_LABELS},
}


def edge_key(edge_type: str, paper: str) -> str:
    """One edge per type, ends and paper: re-adding the same paper's facts replaces them."""
    return f"{edge_type}@{paper}"
