"""The graph's RDF statements as N-Triples or Turtle text: the export's one mapping
from the graph to RDF (exports/rdf.py writes it, or reads it through Oxigraph's
parser into JSON-LD, RDF/XML and `kg sparql`'s store).

Each node becomes a resource typed with its paperkg class and the well-known classes it
matches (exports/rdf_terms.py); each edge becomes a direct triple (paper pkg:proposes
method) plus a reified statement, typed pkg:ExtractedFact and prov:Entity, that
carries its provenance: prov:wasDerivedFrom the paper, prov:wasAttributedTo the
extraction component, the text span and the confidence.

Why text rather than RDF term objects: making a pyoxigraph term for every IRI and
literal and streaming them into Oxigraph's writer took 1.85 us a triple, 2.4 times
what rdflib takes to serialise the same triples from an Oxigraph store
(bench/rdf_export.py).  Here each node and each edge is one formatted block of
statements, built from IRIs cached as text and literals escaped in C: 0.72 us a
triple in Turtle.

Escaping follows the N-Triples and Turtle grammars, which share STRING_LITERAL_QUOTE
and IRIREF:
- literals are escaped by the C JSON string encoder (json.encoder.encode_basestring):
  its escapes, \\" \\\\ \\n \\r \\t \\b \\f and \\uXXXX for the other C0 controls,
  are all ECHAR or UCHAR, and every other character (any Unicode) is written as is,
  which both grammars allow;
- node, fact and component IRIs are percent-encoded ASCII by construction
  (rdf_terms); a listing's URL becomes an IRI only when Oxigraph's RFC 3987 parser
  accepts it (RFC 3987 forbids every character IRIREF does), else an xsd:anyURI
  literal.
Values are typed as pyoxigraph's Literal types them (the export's format before this
module): text as xsd:string, int as xsd:integer, float as xsd:double in Oxigraph's
lexical form, bool as xsd:boolean, anything else as its text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from json.encoder import encode_basestring as quoted  # '"' + escaped text + '"', in C
from operator import itemgetter
from typing import Callable, Iterator

import networkx as nx
import pyoxigraph as ox

from exports import rdf_terms as T
from kg.store import graph_file
from kg import schema
from kg.errors import KGError

#: Base properties written as predicates ("label" is written as rdf:type).
_LITERAL_BASE = tuple(p for p in schema.NODE_BASE_PROPERTIES if p != "label")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
#: A local name safe to write after a prefix in Turtle (a strict subset of PN_LOCAL).
_PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@dataclass
class ExportSummary:
    """What an export holds: the counts its VoID description states."""

    triples: int = 0
    classes: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    sources: set = field(default_factory=set)


def double_text(value: float) -> str:
    """An xsd:double's lexical form as Oxigraph writes it (Rust's f64 Display: the
    shortest digits that read back to the same float, never an exponent), so that the
    same value is the same RDF term whichever way it was written."""
    if value != value:
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    text = repr(value)
    if "e" in text:
        text = format(Decimal(text), "f")
    return text[:-2] if text.endswith(".0") else text


def turtle_prefixes() -> str:
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in T.PREFIXES.items()) + "\n"


class _TextCache(dict):
    """key -> its text, made by `make` on first use; a plain dict look-up after that
    (no Python call per hit)."""

    def __init__(self, make: Callable[[object], str]):
        super().__init__()
        self._make = make

    def __missing__(self, key) -> str:
        text = self[key] = self._make(key)
        return text


class _Writer:
    """Formats terms as N-Triples or Turtle text, caching every IRI's text."""

    def __init__(self, turtle: bool):
        self.turtle = turtle
        self.integer = "^^" + self.vocabulary(T.XSD + "integer")
        self.double = "^^" + self.vocabulary(T.XSD + "double")
        self.boolean = "^^" + self.vocabulary(T.XSD + "boolean")
        self.date = "^^" + self.vocabulary(T.XSD + "date")
        self.any_uri = "^^" + self.vocabulary(T.XSD + "anyURI")
        self.nodes = _TextCache(lambda node_id: f"<{T.node_iri(node_id)}>")
        self.components = _TextCache(lambda name: f"<{T.component_iri(name)}>")
        self._web = _TextCache(self._web_text)
        self._doubles = _TextCache(lambda value: f'"{double_text(value)}"{self.double}')

    def vocabulary(self, iri: str) -> str:
        """A vocabulary term: a prefixed name in Turtle where one is safe, else <iri>."""
        if self.turtle:
            for prefix, namespace in T.PREFIXES.items():
                if iri.startswith(namespace) and _PLAIN_LOCAL.fullmatch(iri[len(namespace) :]):
                    return f"{prefix}:{iri[len(namespace) :]}"
        return f"<{iri}>"

    def predicate(self, iri: str) -> str:
        """A predicate's text with the space that follows it (rdf:type is `a` in Turtle)."""
        if self.turtle and iri == T.RDF + "type":
            return "a "
        return self.vocabulary(iri) + " "

    def web(self, url) -> str:
        return self._web[str(url)]

    def _web_text(self, url: str) -> str:
        """A listing's URL: an IRI where it is one, else typed text (no scheme)."""
        iri = T.web_iri(url)
        try:
            ox.NamedNode(iri)  # Oxigraph's IRI parser is the judge of validity
        except ValueError:
            return quoted(iri) + self.any_uri
        return f"<{iri}>"

    def literal(self, value) -> str:
        """`value` typed as pyoxigraph's Literal(value) types it."""
        if isinstance(value, str):
            return quoted(value)
        if isinstance(value, bool):
            return f'"{"true" if value else "false"}"{self.boolean}'
        if isinstance(value, int):
            return f'"{value}"{self.integer}'
        if isinstance(value, float):
            return self._doubles[value]
        return quoted(str(value))

    def converter(self, kind: str) -> Callable[[object], str | None]:
        """value -> object text for one kind of property: numbers stay numbers, ISO dates
        become xsd:date, URLs and node ids IRIs; None where the value cannot be said (a
        date that is not ISO)."""
        if kind == T.NODE:
            nodes = self.nodes
            return lambda v: nodes[v] if isinstance(v, str) else quoted(str(v))
        if kind == T.IRI:
            return self.web
        if kind == T.DATE:
            return lambda v: (
                (quoted(v) + self.date if isinstance(v, str) else quoted(str(v)))
                if _ISO_DATE.match(str(v))
                else None
            )
        if kind == T.DOUBLE:
            return lambda v: self._doubles[float(v)] if isinstance(v, (int, float)) else quoted(str(v))
        return self.literal

    def block(self, subject: str, pairs: list[str]) -> str:
        """The statements of one subject, given its 'predicate object' pairs."""
        if self.turtle:
            return subject + " " + " ;\n    ".join(pairs) + " .\n"
        head = subject + " "
        return head + (" .\n" + head).join(pairs) + " .\n"


def node_statements(graph: nx.MultiDiGraph, writer: _Writer, summary: ExportSummary) -> Iterator[str]:
    """Every node's statements, one block per node, by label and property as
    kg/schema.py lists them (properties outside the schema are not exported)."""
    a = writer.predicate(T.RDF + "type")
    classes = {
        label: [a + writer.vocabulary(c) for c in (T.class_iri(label),) + T.extra_classes(label)]
        for label in schema.NODE_LABELS
    }
    specs = {
        label: {
            name: (
                writer.predicate(T.property_term(label, name).iri),
                writer.converter(T.property_term(label, name).kind),
            )
            for name in _LITERAL_BASE + schema.NODE_PROPERTIES[label]
        }
        for label in schema.NODE_LABELS
    }
    for node_id, data in sorted(graph.nodes(data=True), key=itemgetter(0)):
        label = data.get("label")
        if label not in classes:
            raise KGError(f"node {node_id!r} has label {label!r}, which the schema does not know")
        summary.classes[label] += 1
        pairs = classes[label].copy()
        label_specs = specs[label]
        for name, value in data.items():
            spec = label_specs.get(name)
            if spec is None or value is None or value == "":
                continue
            predicate, convert = spec
            for item in value if value.__class__ is list else (value,):
                obj = convert(item)
                if obj is not None:
                    pairs.append(predicate + obj)
        if label == schema.PAPER:
            summary.sources.update(s.rsplit(":", 1)[0] for s in data.get("sources", ()))
        summary.triples += len(pairs)
        yield writer.block(writer.nodes[node_id], pairs)


def _sorted_edges(graph: nx.MultiDiGraph) -> Iterator[tuple]:
    """(source, target, key, data) in that order, the graph file's order."""
    ids, _, _, (sources, targets, keys, edges) = graph_file.sorted_graph(graph)
    return zip(map(ids.__getitem__, sources), map(ids.__getitem__, targets), keys, edges)


def edge_statements(graph: nx.MultiDiGraph, writer: _Writer, summary: ExportSummary) -> Iterator[str]:
    """For each edge: the direct triple, and a reified statement with its provenance;
    then each extraction component named, as a prov:SoftwareAgent."""
    a = writer.predicate(T.RDF + "type")
    fact_types = [a + writer.vocabulary(c) for c in (T.FACT_CLASS, T.RDF + "Statement", T.PROV + "Entity")]
    subject_p, predicate_p, object_p = (
        writer.predicate(T.RDF + p) for p in ("subject", "predicate", "object")
    )
    edge_predicates = {name: writer.vocabulary(T.edge_iri(name)) for name in schema.EDGE_TYPES}
    #: Per edge type, the fact's pairs that do not depend on the edge.
    fact_heads = {name: fact_types + [predicate_p + edge_predicates[name]] for name in schema.EDGE_TYPES}
    attributed_to = writer.predicate(T.fact_property_term("extractor").iri)
    fact_specs = {}
    for name, edge in schema.EDGE_TYPES.items():
        fact_specs[name] = {
            p: (writer.predicate(T.fact_property_term(p).iri), writer.converter(T.fact_property_term(p).kind))
            for p in schema.EVIDENCE_PROPERTIES + edge.properties + schema.CURATION_EDGE_PROPERTIES
            if p != "extractor"
        }
    components: set[str] = set()
    for source, target, key, data in _sorted_edges(graph):
        edge_type = data.get("type")
        if edge_type not in edge_predicates:
            raise KGError(f"edge {source} -> {target} has type {edge_type!r}, which the schema does not know")
        head, tail = writer.nodes[source], writer.nodes[target]
        summary.facts[edge_type] += 1
        pairs = fact_heads[edge_type] + [subject_p + head, object_p + tail]
        specs = fact_specs[edge_type]
        for name, value in data.items():
            if name == "extractor" and value:
                pairs.append(attributed_to + writer.components[value])
                components.add(value)
            elif name in specs and value is not None:
                predicate, convert = specs[name]
                obj = convert(value)
                if obj is not None:
                    pairs.append(predicate + obj)
        summary.triples += len(pairs) + 1
        yield (
            f"{head} {edge_predicates[edge_type]} {tail} .\n"
            + writer.block(f"<{T.fact_iri(source, target, key)}>", pairs)
        )
    component_types = [a + writer.vocabulary(c) for c in (T.COMPONENT_CLASS, T.PROV + "SoftwareAgent")]
    label = writer.predicate(T.RDFS + "label")
    for component in sorted(components):
        pairs = component_types + [label + quoted(component)]
        summary.triples += len(pairs)
        yield writer.block(writer.components[component], pairs)


def graph_statements(graph: nx.MultiDiGraph, summary: ExportSummary, turtle: bool = False) -> Iterator[str]:
    """Every data triple of the graph (without the export's description) as blocks of
    N-Triples, or of Turtle without its prefix lines (turtle_prefixes())."""
    writer = _Writer(turtle)
    yield from node_statements(graph, writer, summary)
    yield from edge_statements(graph, writer, summary)
