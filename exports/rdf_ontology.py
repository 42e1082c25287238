"""The published ontology (exports/ontology/paperkg.ttl) and SHACL shapes
(exports/ontology/shapes.ttl), generated from kg/schema.py and exports/rdf_terms.py.

Generating both from the schema is what keeps them in step with the export: a new
label, property or edge type is described and constrained without editing Turtle by
hand.  The files are committed so that they can be published and read without
paperkg; `python -m exports.rdf_ontology` rewrites them, and a test checks that the
committed files equal what the schema gives.
"""

from __future__ import annotations

import re
from itertools import count
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from exports import rdf_terms as T
from kg import schema
from kg.store import store

ONTOLOGY_DIR = Path(__file__).resolve().parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "paperkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_IRI = URIRef(T.PKG.rstrip("#"))

PKG = Namespace(T.PKG)
DCTERMS = Namespace(T.DCTERMS)
SCHEMA = Namespace(T.SCHEMA)
PROV = Namespace(T.PROV)
SKOS = Namespace(T.SKOS)
VOID = Namespace(T.VOID)

_DATATYPES = {T.STRING: XSD.string, T.INTEGER: XSD.integer, T.DOUBLE: XSD.double, T.DATE: XSD.date}


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


def _words(name: str) -> str:
    """EVALUATES_ON -> 'evaluates on'; wasDerivedFrom -> 'was derived from'."""
    if "_" in name or name.isupper():
        return name.replace("_", " ").lower()
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _bind(graph: Graph) -> Graph:
    for prefix, namespace in T.PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def _node_property_uses() -> dict[str, tuple[T.PropertyTerm, list[str]]]:
    """Each node-property term and the labels using it, in schema order."""
    uses: dict[str, tuple[T.PropertyTerm, list[str]]] = {}
    for label in schema.NODE_LABELS:
        for name in ("id", "name") + schema.NODE_PROPERTIES[label]:
            term = T.property_term(label, name)
            uses.setdefault(term.iri, (term, []))[1].append(label)
    return uses


def _fact_property_terms() -> dict[str, T.PropertyTerm]:
    names = list(schema.EVIDENCE_PROPERTIES)
    for edge in schema.EDGE_TYPES.values():
        names += [p for p in edge.properties if p not in names]
    names += schema.CURATION_EDGE_PROPERTIES
    return {name: T.fact_property_term(name) for name in names}


def _declare_property(graph: Graph, term: T.PropertyTerm, label: str) -> None:
    iri = URIRef(term.iri)
    if term.iri.startswith((T.RDFS, T.SKOS)):
        kind = OWL.AnnotationProperty  # as RDFS and SKOS declare their labels
    else:
        kind = OWL.ObjectProperty if term.kind in (T.NODE, T.IRI) else OWL.DatatypeProperty
    if not term.own:  # a reused term: say how paperkg uses it, define nothing
        graph.add((iri, RDF.type, kind))
        graph.add((iri, RDFS.label, _en(label)))
        graph.add((iri, RDFS.comment, _en(term.comment)))
        return
    _define(graph, iri, kind, label, term.comment)
    if term.kind in _DATATYPES:
        graph.add((iri, RDFS.range, _DATATYPES[term.kind]))


def _define(graph: Graph, iri: URIRef, kind: URIRef, label: str, comment: str) -> URIRef:
    """Declare one of paperkg's own terms, with its label and comment."""
    graph.add((iri, RDF.type, kind))
    graph.add((iri, RDFS.label, _en(label)))
    graph.add((iri, RDFS.comment, _en(comment)))
    graph.add((iri, RDFS.isDefinedBy, ONTOLOGY_IRI))
    return iri


def ontology() -> Graph:
    graph = _bind(Graph())
    graph.add((ONTOLOGY_IRI, RDF.type, OWL.Ontology))
    graph.add((ONTOLOGY_IRI, DCTERMS.title, _en("paperkg ontology")))
    graph.add(
        (
            ONTOLOGY_IRI,
            DCTERMS.description,
            _en(
                "Papers, the methods, datasets, tasks, metrics, benchmarks and repositories they "
                "name, and the provenance of every extracted fact (PROV-O): the terms of paperkg's "
                "RDF exports, mapped to schema.org, FaBiO, DCAT, SKOS and Linked Papers With Code."
            ),
        )
    )
    graph.add((ONTOLOGY_IRI, DCTERMS.license, URIRef("https://opensource.org/licenses/MIT")))
    graph.add((ONTOLOGY_IRI, OWL.versionInfo, Literal(str(store.VERSION))))
    graph.add((ONTOLOGY_IRI, RDFS.seeAlso, URIRef("https://linkedpaperswithcode.com")))

    for label in schema.NODE_LABELS:
        cls = _define(graph, URIRef(T.class_iri(label)), OWL.Class, label, T.label_comment(label))
        for extra in T.extra_classes(label):
            graph.add((cls, RDFS.subClassOf, URIRef(extra)))
        if label in T.LPWC_CLASSES:
            graph.add((cls, SKOS.closeMatch, URIRef(T.LPWC_CLASSES[label])))

    for name, edge in schema.EDGE_TYPES.items():
        prop = _define(
            graph,
            URIRef(T.edge_iri(name)),
            OWL.ObjectProperty,
            _words(name),
            edge.description[0].upper() + edge.description[1:] + ".",
        )
        for source in edge.sources:
            graph.add((prop, SCHEMA.domainIncludes, URIRef(T.class_iri(source))))
        for target in edge.targets:
            graph.add((prop, SCHEMA.rangeIncludes, URIRef(T.class_iri(target))))
        if name in T.LPWC_PROPERTIES:
            graph.add((prop, SKOS.closeMatch, URIRef(T.LPWC_PROPERTIES[name])))

    for iri, (term, labels) in _node_property_uses().items():
        _declare_property(graph, term, _words(_local_name(iri)))
        for label in labels:
            graph.add((URIRef(iri), SCHEMA.domainIncludes, URIRef(T.class_iri(label))))
    for term in _fact_property_terms().values():
        _declare_property(graph, term, _words(_local_name(term.iri)))
        graph.add((URIRef(term.iri), SCHEMA.domainIncludes, URIRef(T.FACT_CLASS)))

    fact = _define(
        graph,
        URIRef(T.FACT_CLASS),
        OWL.Class,
        "extracted fact",
        "One edge of the graph as a reified statement (rdf:subject, rdf:predicate, "
        "rdf:object) with its provenance: the paper it was derived from, the text span "
        "(field, sentence, character offsets), the extraction component and a confidence.",
    )
    graph.add((fact, RDFS.subClassOf, RDF.Statement))
    graph.add((fact, RDFS.subClassOf, PROV.Entity))
    component = _define(
        graph,
        URIRef(T.COMPONENT_CLASS),
        OWL.Class,
        "extraction component",
        "A paperkg (spaCy) component that extracts facts from text.",
    )
    graph.add((component, RDFS.subClassOf, PROV.SoftwareAgent))
    facts = _define(
        graph,
        PKG.facts,
        OWL.DatatypeProperty,
        "facts",
        "In a VoID property partition: how many facts of this edge type the export "
        "holds (two papers stating one fact count twice).",
    )
    graph.add((facts, RDFS.range, XSD.integer))
    return graph


# shapes -----------------------------------------------------------------------
_blank_ids = count()


def _blank() -> BNode:
    """Blank nodes numbered in creation order: Turtle writers sort them by id, so
    numbered ids keep the committed shapes file the same from one generation to the next."""
    return BNode(f"s{next(_blank_ids)}")


def _list(graph: Graph, items) -> BNode:
    head = _blank()
    Collection(graph, head, list(items))
    return head


def _property_shape(graph: Graph, shape: URIRef, path, **constraints) -> BNode:
    node = _blank()
    graph.add((shape, SH.property, node))
    graph.add((node, SH.path, path))
    for key, value in constraints.items():
        graph.add((node, SH[key], value))
    return node


def _value_constraints(graph: Graph, term: T.PropertyTerm) -> dict:
    if term.kind in _DATATYPES:
        return {"datatype": _DATATYPES[term.kind]}
    if term.kind == T.NODE:
        return {"class": URIRef(T.class_iri(schema.PAPER))}
    # A web address: an IRI, or xsd:anyURI text where the listing gave no absolute URL.
    iri, text = _blank(), _blank()
    graph.add((iri, SH.nodeKind, SH.IRI))
    graph.add((text, SH.datatype, XSD.anyURI))
    return {"or": _list(graph, (iri, text))}


def _class_or(graph: Graph, labels) -> dict:
    if len(labels) == 1:
        return {"class": URIRef(T.class_iri(labels[0]))}
    alternatives = []
    for label in labels:
        alternative = _blank()
        graph.add((alternative, SH["class"], URIRef(T.class_iri(label))))
        alternatives.append(alternative)
    return {"or": _list(graph, alternatives)}


_DIRECT_TRIPLE_STATED = """
SELECT $this WHERE {
    $this rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
    FILTER NOT EXISTS { ?s ?p ?o }
}"""


def shapes() -> Graph:
    global _blank_ids
    _blank_ids = count()
    graph = _bind(Graph())
    one = {"minCount": Literal(1), "maxCount": Literal(1)}
    for label in schema.NODE_LABELS:
        shape = PKG[label + "Shape"]
        graph.add((shape, RDF.type, SH.NodeShape))
        graph.add((shape, SH.targetClass, URIRef(T.class_iri(label))))
        for extra in T.extra_classes(label):
            _property_shape(graph, shape, RDF.type, hasValue=URIRef(extra))
        for name in ("id", "name") + schema.NODE_PROPERTIES[label]:
            term = T.property_term(label, name)
            constraints = _value_constraints(graph, term)
            if schema.node_property(label, name).required:
                constraints.update(one)
            elif not term.many:
                constraints["maxCount"] = Literal(1)
            _property_shape(graph, shape, URIRef(term.iri), **constraints)
        for name, edge in schema.EDGE_TYPES.items():
            if label in edge.sources:
                _property_shape(graph, shape, URIRef(T.edge_iri(name)), **_class_or(graph, edge.targets))

    fact = PKG.ExtractedFactShape
    graph.add((fact, RDF.type, SH.NodeShape))
    graph.add((fact, SH.targetClass, URIRef(T.FACT_CLASS)))
    _property_shape(graph, fact, RDF.subject, nodeKind=SH.IRI, **one)
    _property_shape(graph, fact, RDF.object, nodeKind=SH.IRI, **one)
    _property_shape(
        graph,
        fact,
        RDF.predicate,
        **one,
        **{"in": _list(graph, (URIRef(T.edge_iri(n)) for n in schema.EDGE_TYPES))},
    )
    for name, term in _fact_property_terms().items():
        constraints = _value_constraints(graph, term)
        declaration = schema.edge_property(name)
        if declaration.required:
            constraints.update(one)
        else:
            constraints["maxCount"] = Literal(1)
        if name == "extractor":
            constraints["class"] = URIRef(T.COMPONENT_CLASS)
        elif name == "field":
            constraints["in"] = _list(graph, (Literal(f) for f in schema.EVIDENCE_FIELDS))
        elif declaration.range:
            low, high = declaration.range
            constraints.update(minInclusive=Literal(low), maxInclusive=Literal(high))
        elif name in ("start", "end"):
            constraints["minInclusive"] = Literal(0)
        node = _property_shape(graph, fact, URIRef(term.iri), **constraints)
        if name == "start":
            graph.add((node, SH.lessThanOrEquals, URIRef(T.fact_property_term("end").iri)))
    sparql = _blank()
    graph.add((fact, SH.sparql, sparql))
    graph.add((sparql, SH.message, _en("the fact's direct triple (subject predicate object) is missing")))
    graph.add((sparql, SH.select, Literal(_DIRECT_TRIPLE_STATED)))
    graph.add((sparql, SH.prefixes, ONTOLOGY_IRI))
    graph.add((ONTOLOGY_IRI, SH.declare, _prefix_declaration(graph, "rdf", T.RDF)))

    dataset = PKG.ExportDescriptionShape
    graph.add((dataset, RDF.type, SH.NodeShape))
    graph.add((dataset, SH.targetClass, VOID.Dataset))
    _property_shape(graph, dataset, DCTERMS.issued, datatype=XSD.dateTime, **one)
    _property_shape(graph, dataset, VOID.triples, datatype=XSD.integer, **one)
    _property_shape(graph, dataset, VOID.entities, datatype=XSD.integer, **one)
    _property_shape(graph, dataset, DCTERMS.license, nodeKind=SH.IRI, maxCount=Literal(1))
    licence_or_rights = []
    for path in (DCTERMS.license, DCTERMS.rights):
        alternative = _blank()
        required = _blank()
        graph.add((alternative, SH.property, required))
        graph.add((required, SH.path, path))
        graph.add((required, SH.minCount, Literal(1)))
        licence_or_rights.append(alternative)
    graph.add((dataset, SH["or"], _list(graph, licence_or_rights)))
    return graph


def _prefix_declaration(graph: Graph, prefix: str, namespace: str) -> BNode:
    node = _blank()
    graph.add((node, SH.prefix, Literal(prefix)))
    graph.add((node, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
    return node


def write() -> None:
    """Rewrite the committed ontology and shapes files from the schema."""
    for path, graph in ((ONTOLOGY_FILE, ontology()), (SHAPES_FILE, shapes())):
        store.atomic_write_bytes(path, graph.serialize(format="turtle").encode("utf-8"))


if __name__ == "__main__":
    write()
    print(f"wrote {ONTOLOGY_FILE} and {SHAPES_FILE}")
