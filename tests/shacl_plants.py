"""Violations of every constraint kind paperkg's shapes use, planted into a conforming
RDF export (an rdflib Graph), each at its own focus node: what `kg validate` must find
exactly as pyshacl does.

Each plant names the constraint component pyshacl reports for it, so a test can check
that every kind was planted and found.  Nodes are picked in sorted order, so the same
export gets the same plants.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef

PKG = Namespace("https://w3id.org/paperkg/ontology#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
VOID = Namespace("http://rdfs.org/ns/void#")
SH = Namespace("http://www.w3.org/ns/shacl#")
ID = "https://w3id.org/paperkg/id/"


def plant(graph: Graph, blank_node: bool = False) -> list[str]:
    """Change `graph` in place; returns the local names of the constraint components
    the plants violate.  `blank_node`: also a Task that is a blank node (no chunk can
    name it)."""
    facts = _nodes(graph, PKG.ExtractedFact)
    papers = _nodes(graph, PKG.Paper)
    planted = []

    def fact_and(component: str):
        planted.append(component)
        return next(facts)

    def paper_and(component: str):
        planted.append(component)
        return next(papers)

    fact = fact_and("MinCountConstraintComponent")  # a fact without its paper
    graph.remove((fact, PROV.wasDerivedFrom, None))
    paper = paper_and("MaxCountConstraintComponent")  # two titles
    graph.add((paper, DCTERMS.title, Literal("A second title")))
    paper = paper_and("DatatypeConstraintComponent")  # a language-tagged title
    title = graph.value(paper, DCTERMS.title)
    graph.remove((paper, DCTERMS.title, title))
    graph.add((paper, DCTERMS.title, Literal(str(title), lang="en")))
    paper = paper_and("DatatypeConstraintComponent")  # an ill-formed integer
    graph.set((paper, PKG.authorCount, Literal("many", datatype=XSD.integer)))
    paper = paper_and("ClassConstraintComponent")  # a paper proposing a task
    graph.add((paper, PKG.proposes, _first(graph, PKG.Task)))
    paper = paper_and("OrConstraintComponent")  # a paper using a repository
    graph.add((paper, PKG.uses, _first(graph, PKG.Repository)))
    paper = paper_and("OrConstraintComponent")  # its web address as plain text
    graph.set((paper, SCHEMA.url, Literal("https://example.org/paper")))
    planted.append("HasValueConstraintComponent")  # a method that is no skos:Concept
    graph.remove((_first(graph, PKG.Method), RDF.type, SKOS.Concept))
    fact = fact_and("NodeKindConstraintComponent")  # rdf:subject a literal
    graph.set((fact, RDF.subject, Literal("not an IRI")))
    fact = fact_and("InConstraintComponent")  # a predicate not in the schema
    graph.set((fact, RDF.predicate, PKG.likes))
    fact = fact_and("InConstraintComponent")  # a text field not in the schema
    graph.set((fact, PKG.textField, Literal("body")))
    fact = fact_and("MaxInclusiveConstraintComponent")
    graph.set((fact, PKG.confidence, Literal(1.5)))
    fact = fact_and("MinInclusiveConstraintComponent")
    graph.set((fact, PKG.spanEnd, Literal(-1)))
    planted.append("LessThanOrEqualsConstraintComponent")  # (the same fact: start > -1)
    fact = fact_and("LessThanOrEqualsConstraintComponent")
    graph.set((fact, PKG.spanStart, Literal(10**6)))
    fact = fact_and("SPARQLConstraintComponent")  # the direct triple missing
    graph.remove(
        (graph.value(fact, RDF.subject), graph.value(fact, RDF.predicate), graph.value(fact, RDF.object))
    )
    planted.append("OrConstraintComponent")  # a description with no licence
    dataset = next(graph.subjects(RDF.type, VOID.Dataset))
    graph.remove((dataset, DCTERMS.rights, None))
    graph.remove((dataset, DCTERMS.license, None))
    # A subclass of Paper declared in the data: its instance is a target of the Paper
    # shape (missing title, identifier, label, ...) and a paper for sh:class.
    preprint = URIRef(ID + "preprint/1")
    graph.add((PKG.Preprint, RDFS.subClassOf, PKG.Paper))
    graph.add((preprint, RDF.type, PKG.Preprint))
    planted += ["MinCountConstraintComponent", "HasValueConstraintComponent"]
    fact = fact_and("ClassConstraintComponent")  # derived from a method
    graph.set((fact, PROV.wasDerivedFrom, _first(graph, PKG.Method)))
    graph.add((next(facts), PROV.wasDerivedFrom, preprint))  # a second paper: maxCount only
    planted.append("MaxCountConstraintComponent")
    if blank_node:
        task = BNode()
        graph.add((task, RDF.type, PKG.Task))
        graph.add((task, SKOS.prefLabel, Literal("a task with no identifier")))
        planted.append("MinCountConstraintComponent")
    return planted


def _nodes(graph: Graph, cls) -> Iterator:
    return iter(sorted(graph.subjects(RDF.type, cls)))


def _first(graph: Graph, cls):
    return next(_nodes(graph, cls))


def result_keys(results) -> set[tuple]:
    """(focus node, path, constraint component, value) of each result, blank focus
    nodes as "_:" (their labels differ from one parse to the next)."""
    return {("_:" if r.focus.startswith("_:") else r.focus, r.path, r.component, r.value) for r in results}
