"""The graph's schema: node labels, edge types, their properties and the id rules.

Every store, exporter and query reads the graph's shape from here, so that a label
or a property is named once: `PROPERTIES` declares each property in one line (its
kind, who carries it, how listings' values merge, its RDF term), and the tables
below it (`NODE_PROPERTIES`, `PROPERTY_TYPES`, each edge type's properties, ...)
are derived from it.  Ids are pure functions of what identifies a thing (an arXiv
id, a normalised title, a canonical name, a repository URL), so the same paper or
concept gets the same id in every build, on every machine.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
import re
import sys
import unicodedata
from dataclasses import dataclass, replace

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

#: Every edge type, in the order they are listed to people (EDGE_TYPES describes them).
PROPOSES = "PROPOSES"
USES = "USES"
INTRODUCES = "INTRODUCES"
EVALUATES_ON = "EVALUATES_ON"
ADDRESSES = "ADDRESSES"
REPORTS = "REPORTS"
HAS_CODE = "HAS_CODE"
OUTPERFORMS = "OUTPERFORMS"
EXTENDS = "EXTENDS"
ON_TASK = "ON_TASK"
ON_DATASET = "ON_DATASET"
MEASURED_BY = "MEASURED_BY"
EVERY_EDGE = (
    PROPOSES,
    USES,
    INTRODUCES,
    EVALUATES_ON,
    ADDRESSES,
    REPORTS,
    HAS_CODE,
    OUTPERFORMS,
    EXTENDS,
    ON_TASK,
    ON_DATASET,
    MEASURED_BY,
)

#: The kinds of value a property holds.  The graph stores four (JSON text, integers,
#: numbers, lists of text); the others are stored as one of them (STORED_AS) and say
#: more about the value, which RDF writes as a date, a web IRI or a resource's IRI.
TEXT, INTEGER, NUMBER, TEXT_LIST = "text", "integer", "number", "text list"
DATE = "date"  # ISO 8601 text
WEB_ADDRESS = "web address"  # a URL as the listing gave it
NODE_REFERENCE, NODE_REFERENCES = "node reference", "node references"  # a node's id; a list of them
COMPONENT = "component"  # the name of an extraction component
STORED_AS = {
    TEXT: TEXT,
    INTEGER: INTEGER,
    NUMBER: NUMBER,
    TEXT_LIST: TEXT_LIST,
    DATE: TEXT,
    WEB_ADDRESS: TEXT,
    NODE_REFERENCE: TEXT,
    NODE_REFERENCES: TEXT_LIST,
    COMPONENT: TEXT,
}
#: How two listings' values of a paper property become one (kg.model.graph_model):
#: the longer text or list (ties by text order), or the greater value.
LONGEST, MAXIMUM = "longest", "maximum"


@dataclass(frozen=True)
class Property:
    """One property of the nodes of some labels or of the edges of some types.

    A name means one stored type wherever it appears (a test checks it); a name
    carried by nodes and edges, or by labels it means different things on, is
    declared once per meaning (two `kind`s: a repository's, a result's)."""

    name: str
    kind: str
    #: One line saying what the value is: the RDF term's comment, read by people.
    doc: str
    labels: tuple[str, ...] = ()
    edges: tuple[str, ...] = ()
    #: Every node or edge that carries it has a value (a paper's title is its identity).
    required: bool = False
    #: LONGEST or MAXIMUM: a paper property read from listings (a field of
    #: kg.records.Record, or by its name into Record.more), and how two listings'
    #: values of it merge.
    merge: str | None = None
    #: The RDF term, as prefix:name (prefixes of exports.rdf_terms; pkg: is paperkg's
    #: own ontology); "" for pkg:<name in camel case>; None where RDF writes it otherwise
    #: (a node's label is its class, an edge's type its predicate).
    rdf: str | None = ""
    #: The values a number may take (both ends included), where narrower than its kind's.
    range: tuple | None = None
    #: The HTML view lists it among a node's fields (exports.html.node_fields).
    shown: bool = False


_EVERY_LABEL = NODE_LABELS
_NOT_PAPERS = tuple(label for label in NODE_LABELS if label != PAPER)

#: Properties every node has (a concept's name is its preferred name in RDF).
# fmt: off
_NODE_BASE = (
    Property("id", TEXT, "The node's paperkg id (e.g. arxiv:2301.01234).", _EVERY_LABEL, required=True,
             rdf="dcterms:identifier"),
    Property("label", TEXT, "The node's label (in RDF its class).", _EVERY_LABEL, required=True, rdf=None),
    Property("name", TEXT, "The node's display name.", (PAPER, BENCHMARK, REPOSITORY), required=True,
             rdf="rdfs:label"),
    Property("name", TEXT, "The concept's preferred name.", CONCEPT_LABELS, required=True,
             rdf="skos:prefLabel"),
)
# fmt: on
#: Properties every edge has: the evidence that made it (which paper's text, where, found
#: by which extractor, how surely).
# fmt: off
_EVIDENCE = (
    Property("paper", NODE_REFERENCE, "The paper whose text states the fact.", edges=EVERY_EDGE,
             required=True, rdf="prov:wasDerivedFrom"),
    Property("field", TEXT, "The paper's field holding the span: title or abstract.", edges=EVERY_EDGE,
             required=True, rdf="pkg:textField"),
    Property("sentence", TEXT, "The sentence holding the span.", edges=EVERY_EDGE, required=True),
    Property("start", INTEGER, "Character offset where the span starts in the field's text "
             "(as oa:TextPositionSelector's oa:start).", edges=EVERY_EDGE, required=True,
             rdf="pkg:spanStart"),
    Property("end", INTEGER, "Character offset just past the span's end (as oa:end).", edges=EVERY_EDGE,
             required=True, rdf="pkg:spanEnd"),
    Property("extractor", COMPONENT, "The extraction component (a prov:SoftwareAgent) that found the fact.",
             edges=EVERY_EDGE, required=True, rdf="prov:wasAttributedTo"),
    Property("confidence", NUMBER, "The extractor's confidence in the fact, in [0, 1].", edges=EVERY_EDGE,
             required=True, range=(0.0, 1.0)),
)
# fmt: on
#: On a node a curation decision changed (kg.building.curation): "action\tsubject\tby\tat" records.
CURATION_NODE_PROPERTY = "curation"
#: On an edge moved from a short-form node merged into its long form: which end it was
#: and that node's id, e.g. ["tail=method:sam"] (a list: both ends may have moved).
MERGED_EDGE_PROPERTY = "via"
#: On an edge a curation decision made or changed (its `extractor` is then "curation"):
#: who and when, and the extractor that found it first.
# fmt: off
_CURATION_EDGE = (
    Property("curated_by", TEXT, "Who made the curation decision that set the fact.", edges=EVERY_EDGE),
    Property("curated_at", TEXT, "When the curation decision that set the fact was made (UTC, ISO 8601).",
             edges=EVERY_EDGE),
    Property("extracted_by", TEXT, "The extraction component that first found a fact a curation decision "
             "changed.", edges=EVERY_EDGE),
)
# fmt: on

#: Every property, one line each.  A label's properties, and an edge type's, are stored
#: and written in this order.
# fmt: off
PROPERTIES = (
    *_NODE_BASE,
    # a paper, merged from its listings
    Property("title", TEXT, "The paper's title as listed.", (PAPER,), required=True, merge=LONGEST,
             rdf="dcterms:title", shown=True),
    Property("abstract", TEXT, "The paper's abstract as listed.", (PAPER,), merge=LONGEST,
             rdf="dcterms:abstract"),
    Property("arxiv_id", TEXT, "The paper's arXiv identifier, without version.", (PAPER,), merge=MAXIMUM,
             shown=True),
    Property("url", WEB_ADDRESS, "A web page of the thing.", (PAPER,), merge=MAXIMUM, rdf="schema:url",
             shown=True),
    Property("date", DATE, "The listing date of the paper.", (PAPER,), merge=MAXIMUM, rdf="dcterms:date",
             shown=True),
    Property("date_text", TEXT, "The paper's date as the listing wrote it.", (PAPER,), merge=LONGEST,
             rdf="pkg:dateAsWritten", shown=True),
    Property("authors", TEXT_LIST, "The name of one of the paper's authors.", (PAPER,), merge=LONGEST,
             rdf="pkg:authorName", shown=True),
    Property("author_count", INTEGER, "How many authors the listing gives.", (PAPER,), merge=MAXIMUM,
             shown=True),
    Property("upvotes", INTEGER, "Upvotes the paper had on the listing page.", (PAPER,), merge=MAXIMUM,
             shown=True),
    Property("sources", TEXT_LIST, "A listing the paper was read from, as file name and line.", (PAPER,),
             rdf="pkg:sourceListing"),
    # the ids listings without the arXiv id give the paper (paper:<digest>), kept
    # findable after it gained its arXiv id
    Property("former_ids", TEXT_LIST, "An id the paper had before its arXiv id was known (paper:<digest>).",
             (PAPER,), rdf="pkg:formerIdentifier"),
    # concepts, benchmarks, repositories
    Property("aliases", TEXT_LIST, "Another way papers write the concept.", CONCEPT_LABELS,
             rdf="skos:altLabel", shown=True),
    Property("task", TEXT, "The name of the benchmark's task.", (BENCHMARK,), rdf="pkg:taskName", shown=True),
    Property("dataset", TEXT, "The name of the dataset involved.", (BENCHMARK,), rdf="pkg:datasetName",
             shown=True),
    Property("metric", TEXT, "The name of the metric involved.", (BENCHMARK,), rdf="pkg:metricName",
             shown=True),
    Property("url", WEB_ADDRESS, "The repository's root URL.", (REPOSITORY,), rdf="schema:codeRepository",
             shown=True),
    Property("host", TEXT, "The host name of the repository's URL.", (REPOSITORY,)),
    Property("kind", TEXT, "What the repository holds: code, model, dataset, demo or page.", (REPOSITORY,),
             rdf="pkg:repositoryKind", shown=True),
    Property("subpaths", TEXT_LIST, "A path inside the repository that a paper links.", (REPOSITORY,),
             rdf="pkg:subpath"),
    Property("papers", NODE_REFERENCES, "A paper whose text names this node.", _NOT_PAPERS,
             rdf="pkg:mentionedIn", shown=True),
    # records of short-form nodes merged in ("id\tfield\tvalue\tadded"), kept so that a
    # later build can undo the merge when the short form turns out ambiguous
    Property("absorbed", TEXT_LIST, "A short-form node merged into this concept (id, field, value, when), "
             "kept so that a later build can undo the merge.", CONCEPT_LABELS, rdf="pkg:absorbedRecord"),
    Property(CURATION_NODE_PROPERTY, TEXT_LIST, "A curation decision that changed this node (action, "
             "subject, who, when).", _EVERY_LABEL, rdf="pkg:curationRecord", shown=True),
    # edges: their type, the evidence, each type's own, then the marks of merges and curation
    Property("type", TEXT, "The edge's type (in RDF the fact's predicate).", edges=EVERY_EDGE, required=True,
             rdf=None),
    *_EVIDENCE,
    Property("value", NUMBER, "The reported value of the result.", edges=(REPORTS,), rdf="pkg:resultValue"),
    Property("unit", TEXT, "The unit of the reported value (e.g. %).", edges=(REPORTS,),
             rdf="pkg:resultUnit"),
    Property("method", TEXT, "The method the result is reported for.", edges=(REPORTS,),
             rdf="pkg:resultMethod"),
    Property("kind", TEXT, "absolute (a score) or delta (an improvement or ratio: +3.8%, 4.6x faster).",
             edges=(REPORTS,), rdf="pkg:resultKind"),
    Property("subpath", TEXT, "A path inside the repository that a paper links.", edges=(HAS_CODE,),
             rdf="pkg:subpath"),
    Property("dataset", TEXT, "The name of the dataset involved.", edges=(OUTPERFORMS,),
             rdf="pkg:datasetName"),
    Property("metric", TEXT, "The name of the metric involved.", edges=(OUTPERFORMS,), rdf="pkg:metricName"),
    Property("factor", TEXT, "By how much the first method beats the second.", edges=(OUTPERFORMS,)),
    Property(MERGED_EDGE_PROPERTY, TEXT_LIST, "The ends of the edge moved from a short-form node merged "
             "into its long form.", edges=EVERY_EDGE, rdf=None),
    *_CURATION_EDGE,
)
# fmt: on


def _names(properties) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.name for p in properties))


#: Properties every node has.
NODE_BASE_PROPERTIES = _names(_NODE_BASE)
#: Properties by label (beyond the base ones).  Lists are sorted, for determinism.
NODE_PROPERTIES = {
    label: _names(p for p in PROPERTIES[len(_NODE_BASE) :] if label in p.labels) for label in NODE_LABELS
}
#: Properties every edge carries: the evidence that made it.
EVIDENCE_PROPERTIES = _names(_EVIDENCE)
CURATION_EDGE_PROPERTIES = _names(_CURATION_EDGE)
#: One record of a long form's `absorbed`: the short form's id, the property, a value
#: of it, and 1 where the merge added that value to the long form (kg.model.graph_model).
ABSORBED_RECORD = re.compile(
    r"(?P<short>[^\t]+)\t(?P<key>aliases|papers)\t(?P<value>.*)\t(?P<added>[01])", re.DOTALL
)
#: One mark of `via`: the end that moved and the short form's id.
MERGED_EDGE_MARK = re.compile(r"(?P<end>head|tail)=(?P<short>.+)", re.DOTALL)


@dataclass(frozen=True)
class EdgeType:
    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    description: str
    #: Extra properties beyond the evidence (derived from PROPERTIES).
    properties: tuple[str, ...] = ()


# fmt: off
_EDGE_TYPES = (
    EdgeType(PROPOSES, (PAPER,), (METHOD,), "the paper proposes this method as its own contribution"),
    EdgeType(USES, (PAPER,), (METHOD, DATASET, METRIC), "the paper uses this method, dataset or metric"),
    EdgeType(INTRODUCES, (PAPER,), (DATASET, BENCHMARK), "the paper introduces this dataset or benchmark"),
    EdgeType(EVALUATES_ON, (PAPER,), (DATASET, BENCHMARK),
             "the paper evaluates on this dataset or benchmark"),
    EdgeType(ADDRESSES, (PAPER,), (TASK,), "the paper addresses this task"),
    EdgeType(REPORTS, (PAPER,), (BENCHMARK,), "the paper reports a result on this benchmark"),
    EdgeType(HAS_CODE, (PAPER,), (REPOSITORY,), "the paper links this code repository"),
    EdgeType(OUTPERFORMS, (METHOD,), (METHOD,), "the first method beats the second, as the paper states"),
    EdgeType(EXTENDS, (METHOD,), (METHOD,), "the first method builds on the second"),
    EdgeType(ON_TASK, (BENCHMARK,), (TASK,), "the benchmark is this task"),
    EdgeType(ON_DATASET, (BENCHMARK,), (DATASET,), "the benchmark is on this dataset"),
    EdgeType(MEASURED_BY, (BENCHMARK,), (METRIC,), "the benchmark is measured by this metric"),
)
# fmt: on
EDGE_TYPES: dict[str, EdgeType] = {
    e.name: replace(
        e, properties=_names(p for p in PROPERTIES if e.name in p.edges and p.edges != EVERY_EDGE)
    )
    for e in _EDGE_TYPES
}

#: What each property holds as the graph stores it, on nodes and edges alike (a name
#: means one thing wherever it appears): the graph file's check (kg.store.graph_file),
#: the mentions-line check (extractors.mentions) and the query index's columns
#: (kg.store.query_index) read it here.  An optional property may be null or absent,
#: except a list: readers iterate it.
PROPERTY_TYPES = {p.name: STORED_AS[p.kind] for p in PROPERTIES}
#: The values each numeric type may take, both ends included.  An integer is one every
#: reader of the graph's JSON takes exactly (a double, JavaScript in the HTML view):
#: |n| < 2^53, well within the 64 bits of the query index and a server.  A number is a
#: finite double (NaN and infinities are not JSON: orjson writes them as null) or such
#: an integer.
INTEGER_RANGE = (-(1 << 53) + 1, (1 << 53) - 1)
NUMBER_RANGE = (-sys.float_info.max, sys.float_info.max)
#: Numeric properties whose values lie in a narrower range than their type's.
PROPERTY_RANGES = {p.name: p.range for p in PROPERTIES if p.range}
#: Properties a node of a label must have beyond NODE_BASE_PROPERTIES: read without
#: asking (a paper's title is its name and its identity).
REQUIRED_NODE_PROPERTIES = {
    label: names
    for label in NODE_LABELS
    if (names := _names(p for p in PROPERTIES[len(_NODE_BASE) :] if label in p.labels and p.required))
}
#: The paper properties read from listings (kg.records.Record's fields but `source`,
#: and by name into its `more`), each with how two listings' values merge.
PAPER_MERGE_RULES = {p.name: p.merge for p in PROPERTIES if p.merge}
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


def node_property(label: str, name: str) -> Property:
    """The declaration of a property of this label's nodes (KeyError: none)."""
    return _NODE_DECLARATIONS[label, name]


def edge_property(name: str) -> Property:
    """The declaration of an edge property (KeyError: none)."""
    return _EDGE_DECLARATIONS[name]


_NODE_DECLARATIONS = {(label, p.name): p for p in PROPERTIES for label in p.labels}
_EDGE_DECLARATIONS = {p.name: p for p in PROPERTIES if p.edges}


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
    if edge_type not in EDGE_TYPES:
        raise KeyError(edge_type)
    return _names(p for p in PROPERTIES if edge_type in p.edges)


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
