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
    PAPER: ("title", "abstract", "arxiv_id", "url", "date", "date_text", "authors",
            "author_count", "upvotes", "sources", "former_ids"),
    # absorbed: records of short-form nodes merged in ("id\tfield\tvalue\tadded"), kept
    # so that a later build can undo the merge when the short form turns out ambiguous.
    METHOD: ("aliases", "papers", "absorbed"),
    DATASET: ("aliases", "papers", "absorbed"),
    TASK: ("aliases", "papers", "absorbed"),
    METRIC: ("aliases", "papers", "absorbed"),
    BENCHMARK: ("task", "dataset", "metric", "papers"),
    REPOSITORY: ("url", "host", "kind", "subpaths", "papers"),  # kind: code|model|dataset|demo|page
}
#: On a node a curation decision changed (kg.curation): "action\tsubject\tby\tat" records.
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


@dataclass(frozen=True)
class EdgeType:
    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    description: str
    #: Extra properties beyond the evidence.
    properties: tuple[str, ...] = ()


EDGE_TYPES: dict[str, EdgeType] = {e.name: e for e in (
    EdgeType("PROPOSES", (PAPER,), (METHOD,), "the paper proposes this method as its own contribution"),
    EdgeType("USES", (PAPER,), (METHOD, DATASET, METRIC), "the paper uses this method, dataset or metric"),
    EdgeType("INTRODUCES", (PAPER,), (DATASET, BENCHMARK), "the paper introduces this dataset or benchmark"),
    EdgeType("EVALUATES_ON", (PAPER,), (DATASET, BENCHMARK), "the paper evaluates on this dataset or benchmark"),
    EdgeType("ADDRESSES", (PAPER,), (TASK,), "the paper addresses this task"),
    EdgeType("REPORTS", (PAPER,), (BENCHMARK,), "the paper reports a result on this benchmark",
             ("value", "unit", "method", "kind")),
    EdgeType("HAS_CODE", (PAPER,), (REPOSITORY,), "the paper links this code repository", ("subpath",)),
    EdgeType("OUTPERFORMS", (METHOD,), (METHOD,), "the first method beats the second, as the paper states",
             ("dataset", "metric", "factor")),
    EdgeType("EXTENDS", (METHOD,), (METHOD,), "the first method builds on the second"),
    EdgeType("ON_TASK", (BENCHMARK,), (TASK,), "the benchmark is this task"),
    EdgeType("ON_DATASET", (BENCHMARK,), (DATASET,), "the benchmark is on this dataset"),
    EdgeType("MEASURED_BY", (BENCHMARK,), (METRIC,), "the benchmark is measured by this metric"),
)}

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
    return f"{readable[:limit - 11].strip('-')}-{_digest(text.casefold(), 10)}".lstrip("-")


def paper_id(arxiv_id: str | None, title: str, abstract: str = "", source: str = "") -> str:
    """arXiv id when known (the strongest identity), else a digest of the normalised title.
    A title with no letter or digit ("???", emoji, zero-width or bidi marks only) names
    nothing: such papers would all share one id and be merged into one, so the id is a
    digest of the normalised abstract, or, with none, of where the record was read."""
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    key = normalise_title(title)
    if not key:
        body = normalise_title(abstract)
        key = f"abstract\t{body}" if body else f"source\t{source}"
    return f"paper:{_digest(key)}"


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
    return f"{label.lower()}:{slug(concept_key(name))}"


def benchmark_id(task: str | None, dataset: str | None, metric: str | None) -> str:
    parts = [slug(concept_key(p)) if p else "-" for p in (task, dataset, metric)]
    return "benchmark:" + "/".join(parts)


def repository_id(root_url: str) -> str:
    """`repo:github.com/owner/name` from a normalised root URL (scheme dropped, case folded)."""
    bare = re.sub(r"^[a-z]+://", "", root_url.strip(), flags=re.I).rstrip("/")
    return f"repo:{bare.casefold()}"


def edge_key(edge_type: str, paper: str) -> str:
    """One edge per type, ends and paper: re-adding the same paper's facts replaces them."""
    return f"{edge_type}@{paper}"
