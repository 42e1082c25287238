"""paperkg's RDF vocabulary: namespaces, IRI minting, and which RDF term stands for each
label, property and edge type of kg/schema.py.

Everything here is derived from the schema by loops, so a label, property or edge type
added there shows up in the export, the ontology and the shapes without being listed
again: a property's term (dcterms:title rather than pkg:title) and its one-line
description are part of its declaration in kg/schema.py.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
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
    schema.ADDRESSES: LPWC + "property/hasTask",
    schema.HAS_CODE: LPWC + "property/hasRepository",
    schema.EVALUATES_ON: LPWC + "property/usesDataset",
    schema.ON_DATASET: LPWC + "property/hasDataset",
    schema.ON_TASK: LPWC + "property/hasTask",
    schema.REPORTS: LPWC + "property/hasEvaluation",
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
#: The RDF object each schema kind of value becomes: a typed literal, a web IRI, or
#: the IRI of a resource of the graph (a node, an extraction component).
_OBJECT_KINDS = {
    schema.TEXT: STRING,
    schema.TEXT_LIST: STRING,
    schema.INTEGER: INTEGER,
    schema.NUMBER: DOUBLE,
    schema.DATE: DATE,
    schema.WEB_ADDRESS: IRI,
    schema.NODE_REFERENCE: NODE,
    schema.NODE_REFERENCES: NODE,
    schema.COMPONENT: NODE,
}


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


@lru_cache(maxsize=None)
def _term(declaration: schema.Property) -> PropertyTerm:
    """The term a property's declaration in kg/schema.py names (pkg:<camelName> where
    it names none), with its kind of object and its description."""
    if declaration.rdf is None:
        raise ValueError(f"the schema writes {declaration.name!r} in RDF as no property")
    prefix, _, local = (declaration.rdf or "pkg:" + camel(declaration.name)).partition(":")
    iri = PREFIXES[prefix] + local
    return PropertyTerm(
        iri,
        _OBJECT_KINDS[declaration.kind],
        declaration.doc,
        own=iri.startswith(PKG),
        many=schema.STORED_AS[declaration.kind] == schema.TEXT_LIST,
    )


def property_term(label: str, name: str) -> PropertyTerm:
    """The term of a property of this label's nodes."""
    return _term(schema.node_property(label, name))


def fact_property_term(name: str) -> PropertyTerm:
    """The term of an edge property, which the fact carrying the edge's provenance holds."""
    return _term(schema.edge_property(name))


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
