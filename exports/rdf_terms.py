"""paperkg's RDF vocabulary: namespaces, IRI minting, and which RDF term stands for each
label, property and edge type of kg/schema.py.

Everything here is derived from the schema by loops, so a label, property or edge type
added there shows up in the export, the ontology and the shapes without being listed
again; only the choice of a well-known term (dcterms:title rather than pkg:title) and
the one-line descriptions of properties are written by hand, and the tests fail when a
schema property lacks them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote

from kg import schema

#: Stable namespaces: the ontology's terms and the graph's resources.
PKG = "https://w3id.org/paperkg/ontology#"
ID = "https://w3id.org/paperkg/id/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
SCHEMA = "https://schema.org/"
FABIO = "http://purl.org/spar/fabio/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
LPWC = "https://linkedpaperswithcode.com/"

#: Prefixes written at the top of Turtle files and bound in SPARQL queries.
PREFIXES = {
    "pkg": PKG,
    "id": ID,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "sh": SH,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "void": VOID,
    "schema": SCHEMA,
    "fabio": FABIO,
    "skos": SKOS,
    "prov": PROV,
    "oa": OA,
}

#: Well-known classes each label's nodes are also typed with (explicitly, so that
#: tools without a reasoner find papers as schema:ScholarlyArticle), and the Linked
#: Papers With Code class each label matches.
EXTRA_CLASSES = {
    schema.PAPER: (SCHEMA + "ScholarlyArticle", FABIO + "ResearchPaper"),
    schema.METHOD: (SKOS + "Concept",),
    schema.DATASET: (SKOS + "Concept", DCAT + "Dataset", SCHEMA + "Dataset"),
    schema.TASK: (SKOS + "Concept",),
    schema.METRIC: (SKOS + "Concept",),
    schema.BENCHMARK: (),
    schema.REPOSITORY: (SCHEMA + "SoftwareSourceCode",),
}
LPWC_CLASSES = {
    schema.PAPER: LPWC + "class/paper",
    schema.METHOD: LPWC + "class/method",
    schema.DATASET: LPWC + "class/dataset",
    schema.TASK: LPWC + "class/task",
    schema.BENCHMARK: LPWC + "class/evaluation",
    schema.REPOSITORY: LPWC + "class/repository",
}
#: Linked Papers With Code properties close to paperkg's edge types.
LPWC_PROPERTIES = {
    "ADDRESSES": LPWC + "property/hasTask",
    "HAS_CODE": LPWC + "property/hasRepository",
    "EVALUATES_ON": LPWC + "property/usesDataset",
    "ON_DATASET": LPWC + "property/hasDataset",
    "ON_TASK": LPWC + "property/hasTask",
    "REPORTS": LPWC + "property/hasEvaluation",
}
LABEL_COMMENTS = {
    schema.PAPER: "A research paper as listings give it: title, abstract, date, authors.",
    schema.METHOD: "A method, model or technique named in papers' text.",
    schema.DATASET: "A dataset or corpus named in papers' text.",
    schema.TASK: "A research problem or task named in papers' text.",
    schema.METRIC: "An evaluation metric named in papers' text.",
    schema.BENCHMARK: "A task on a dataset measured by a metric, on which papers report results.",
    schema.REPOSITORY: "A code (or model, data, demo) repository a paper links.",
}

#: Kinds of RDF object a property's values become.
STRING, INTEGER, DOUBLE, DATE, IRI, NODE = "string", "integer", "double", "date", "iri", "node"


@dataclass(frozen=True)
class PropertyTerm:
    """How one schema property is written in RDF."""

    iri: str
    kind: str
    comment: str
    #: The term is paperkg's own (declared in the ontology) rather than reused.
    own: bool = False
    #: The schema keeps a list of values (one triple each).
    many: bool = False


def _own(name: str, kind: str, comment: str, many: bool = False) -> PropertyTerm:
    return PropertyTerm(PKG + name, kind, comment, own=True, many=many)


#: Node properties by schema name; `LABEL_PROPERTY_TERMS` overrides per label.
PROPERTY_TERMS = {
    "id": PropertyTerm(DCTERMS + "identifier", STRING, "The node's paperkg id (e.g. arxiv:2301.01234)."),
    "name": PropertyTerm(RDFS + "label", STRING, "The node's display name."),
    "title": PropertyTerm(DCTERMS + "title", STRING, "The paper's title as listed."),
    "abstract": PropertyTerm(DCTERMS + "abstract", STRING, "The paper's abstract as listed."),
    "arxiv_id": _own("arxivId", STRING, "The paper's arXiv identifier, without version."),
    "url": PropertyTerm(SCHEMA + "url", IRI, "A web page of the thing."),
    "date": PropertyTerm(DCTERMS + "date", DATE, "The listing date of the paper."),
    "date_text": _own("dateAsWritten", STRING, "The paper's date as the listing wrote it."),
    "authors": _own("authorName", STRING, "The name of one of the paper's authors.", many=True),
    "author_count": _own("authorCount", INTEGER, "How many authors the listing gives."),
    "upvotes": _own("upvotes", INTEGER, "Upvotes the paper had on the listing page."),
    "sources": _own(
        "sourceListing", STRING, "A listing the paper was read from, as file name and line.", many=True
    ),
    "former_ids": _own(
        "formerIdentifier",
        STRING,
        "An id the paper had before its arXiv id was known (paper:<digest>).",
        many=True,
    ),
    "aliases": PropertyTerm(SKOS + "altLabel", STRING, "Another way papers write the concept.", many=True),
    "papers": _own("mentionedIn", NODE, "A paper whose text names this node.", many=True),
    "absorbed": _own(
        "absorbedRecord",
        STRING,
        "A short-form node merged into this concept (id, field, value, when), "
        "kept so that a later build can undo the merge.",
        many=True,
    ),
    "curation": _own(
        "curationRecord",
        STRING,
        "A curation decision that changed this node (action, subject, who, when).",
        many=True,
    ),
    "task": _own("taskName", STRING, "The name of the benchmark's task."),
    "dataset": _own("datasetName", STRING, "The name of the dataset involved."),
    "metric": _own("metricName", STRING, "The name of the metric involved."),
    "host": _own("host", STRING, "The host name of the repository's URL."),
    "kind": _own("repositoryKind", STRING, "What the repository holds: code, model, dataset, demo or page."),
    "subpaths": _own("subpath", STRING, "A path inside the repository that a paper links.", many=True),
    "subpath": _own("subpath", STRING, "A path inside the repository that a paper links."),
}
LABEL_PROPERTY_TERMS = {
    (schema.REPOSITORY, "url"): PropertyTerm(SCHEMA + "codeRepository", IRI, "The repository's root URL."),
}
CONCEPT_NAME = PropertyTerm(SKOS + "prefLabel", STRING, "The concept's preferred name.")

#: Properties an edge's fact carries: the evidence and the edge types' own ones.
EDGE_PROPERTY_TERMS = {
    "paper": PropertyTerm(PROV + "wasDerivedFrom", NODE, "The paper whose text states the fact."),
    "field": _own("textField", STRING, "The paper's field holding the span: title or abstract."),
    "sentence": _own("sentence", STRING, "The sentence holding the span."),
    "start": _own(
        "spanStart",
        INTEGER,
        "Character offset where the span starts in the field's text (as oa:TextPositionSelector's oa:start).",
    ),
    "end": _own("spanEnd", INTEGER, "Character offset just past the span's end (as oa:end)."),
    "extractor": PropertyTerm(
        PROV + "wasAttributedTo", NODE, "The extraction component (a prov:SoftwareAgent) that found the fact."
    ),
    "confidence": _own("confidence", DOUBLE, "The extractor's confidence in the fact, in [0, 1]."),
    "curated_by": _own("curatedBy", STRING, "Who made the curation decision that set the fact."),
    "curated_at": _own(
        "curatedAt", STRING, "When the curation decision that set the fact was made (UTC, ISO 8601)."
    ),
    "extracted_by": _own(
        "extractedBy", STRING, "The extraction component that first found a fact a curation decision changed."
    ),
    "value": _own("resultValue", DOUBLE, "The reported value of the result."),
    "unit": _own("resultUnit", STRING, "The unit of the reported value (e.g. %)."),
    "method": _own("resultMethod", STRING, "The method the result is reported for."),
    "kind": _own(
        "resultKind", STRING, "absolute (a score) or delta (an improvement or ratio: +3.8%, 4.6x faster)."
    ),
    "factor": _own("factor", STRING, "By how much the first method beats the second."),
}


def _undescribed(name: str) -> PropertyTerm:
    """A property added to the schema without a term here yet: exported as pkg:<name>
    rather than failing users' exports (a test insists on a real entry)."""
    return _own(camel(name), STRING, f"The graph's {name!r} property.")


def property_term(label: str, name: str) -> PropertyTerm:
    if name == "name" and label in schema.CONCEPT_LABELS:
        return CONCEPT_NAME
    return LABEL_PROPERTY_TERMS.get((label, name)) or PROPERTY_TERMS.get(name) or _undescribed(name)


def fact_property_term(name: str) -> PropertyTerm:
    """An edge property's term; names shared with node properties share their term."""
    return EDGE_PROPERTY_TERMS.get(name) or PROPERTY_TERMS.get(name) or _undescribed(name)


def extra_classes(label: str) -> tuple[str, ...]:
    return EXTRA_CLASSES.get(label, ())


def label_comment(label: str) -> str:
    return LABEL_COMMENTS.get(label) or f"Nodes labelled {label} in paperkg's graph."


def class_iri(label: str) -> str:
    return PKG + label


def camel(name: str) -> str:
    """EVALUATES_ON -> evaluatesOn; author_count -> authorCount."""
    head, *rest = name.lower().split("_")
    return head + "".join(word.capitalize() for word in rest)


def edge_iri(edge_type: str) -> str:
    return PKG + camel(edge_type)


#: Class of the reified statements that carry each fact's provenance.
FACT_CLASS = PKG + "ExtractedFact"
COMPONENT_CLASS = PKG + "ExtractionComponent"

_UNSAFE_IN_SEGMENT = re.compile(r"^\.{1,2}$")


def _segment(text: str) -> str:
    """Percent-encode one path segment: everything but unreserved ASCII, and '.'/'..'
    (which IRI resolution would otherwise collapse)."""
    encoded = quote(text, safe="")
    return encoded.replace(".", "%2E") if _UNSAFE_IN_SEGMENT.match(encoded) else encoded


_PLAIN_ID = re.compile(
    r"[A-Za-z0-9_~-]+:(?!\.\.?(?:/|$))[A-Za-z0-9._~-]*(?:/(?!\.\.?(?:/|$))[A-Za-z0-9._~-]*)*"
)


def node_iri(node_id: str) -> str:
    """`arxiv:2301.01234` -> <id/arxiv/2301.01234>; `repo:github.com/a/b` ->
    <id/repo/github.com/a/b>.  Every other character is percent-encoded (UTF-8), so
    any title or name gives a valid IRI, and distinct ids give distinct IRIs."""
    if _PLAIN_ID.fullmatch(node_id):  # the common case: nothing to encode
        return ID + node_id.replace(":", "/", 1)
    kind, sep, rest = node_id.partition(":")
    if not sep:  # no '/' in the result: cannot meet a `kind:rest` IRI
        return ID + _segment(node_id)
    return ID + _segment(kind) + "/" + "/".join(_segment(part) for part in rest.split("/"))


def component_iri(component: str) -> str:
    return ID + "component/" + _segment(component)


def fact_iri(source: str, target: str, key: str) -> str:
    """A fact's IRI: a digest of its ends and key (stable across builds)."""
    digest = hashlib.sha1(f"{source}\x1f{target}\x1f{key}".encode("utf-8")).hexdigest()[:20]
    return ID + "fact/" + digest


_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PLAIN_URL = re.compile(r"[A-Za-z0-9._~:/?#@!$&'()*+,;=-]*")


def web_iri(url: str) -> str:
    """A URL from a listing as IRI text: characters IRIs forbid (spaces, quotes, <>,
    braces, brackets outside a host, a '%' that starts no escape) are percent-encoded;
    reserved characters and existing escapes are kept."""
    url = url.strip()
    if _PLAIN_URL.fullmatch(url):  # the common case: nothing to encode
        return url
    return quote(_LONE_PERCENT.sub("%25", url), safe=":/?#@!$&'()*+,;=%~")
