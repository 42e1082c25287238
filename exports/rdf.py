"""`kg export rdf`: the graph as RDF (Turtle, N-Triples, JSON-LD, RDF/XML), closed by a
VoID/DCAT description of the export.

exports/rdf_text.py maps the graph to N-Triples or Turtle text, which Turtle and
N-Triples exports write as it comes; JSON-LD and RDF/XML exports read that N-Triples
through Oxigraph's parser into its Rust serialisers.  Everything streams in blocks, so
memory stays flat however large the graph.  Why text: the issue measured rdflib's own
Turtle writer at 31 s per million triples and an rdflib Graph on the Oxigraph store at
0.9 s; building a pyoxigraph term per IRI and literal in Python cost 2.4 times the
latter, formatting the text 0.9 times in Turtle, 1.1 in N-Triples (bench/README.md,
rdf_export).
"""

from __future__ import annotations

import io
import os
import re
import sys
from datetime import datetime, timezone
from itertools import chain
from typing import Iterator

import networkx as nx
import pyoxigraph as ox

from exports import rdf_terms as T
from exports.rdf_text import ExportSummary, graph_statements, turtle_prefixes
from kg import schema
from kg.store import store
from kg.errors import KGError

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
#: rdflib's names for the same formats (for reading exports back).
RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}
MEDIA_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}
SUFFIXES = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}

_TYPE = ox.NamedNode(T.RDF + "type")
_XSD_DATETIME = ox.NamedNode(T.XSD + "dateTime")
#: Blocks of statements (one per node or edge, ~1 KB) joined into one write.
_BLOCKS_PER_WRITE = 1024


def format_for(path: str, fmt: str | None) -> str:
    """The format asked for, else the one the file name's suffix implies."""
    if fmt:
        return fmt
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUFFIXES:
        raise KGError(
            f"{path}: cannot tell the RDF format from the suffix; give --format ({', '.join(FORMATS)})"
        )
    return SUFFIXES[suffix]


def export_timestamp() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds' convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def description_triples(
    summary: ExportSummary, fmt: str, license_iri: str | None, graph_name: str, when: datetime | None
) -> Iterator[ox.Triple]:
    """A VoID / DCAT description of this export: counts, date (`when`, else now),
    sources, licence."""
    when = when or export_timestamp()
    n = ox.NamedNode
    dataset = n(T.ID + "dataset")
    distribution = n(T.ID + "dataset/" + fmt)

    def lit(value, datatype=None):
        return ox.Literal(value, datatype=datatype) if datatype else ox.Literal(value)

    yield ox.Triple(dataset, _TYPE, n(T.VOID + "Dataset"))
    yield ox.Triple(dataset, _TYPE, n(T.DCAT + "Dataset"))
    yield ox.Triple(dataset, n(T.DCTERMS + "title"), ox.Literal(f"paperkg export of {graph_name}"))
    yield ox.Triple(
        dataset,
        n(T.DCTERMS + "description"),
        ox.Literal(
            "Papers and the methods, datasets, tasks, metrics, benchmarks and repositories they "
            "name, extracted by paperkg, with the evidence of every fact.",
            language="en",
        ),
    )
    yield ox.Triple(dataset, n(T.DCTERMS + "issued"), lit(when.isoformat(), _XSD_DATETIME))
    yield ox.Triple(dataset, n(T.DCTERMS + "creator"), ox.Literal("paperkg"))
    if license_iri:
        yield ox.Triple(dataset, n(T.DCTERMS + "license"), n(T.web_iri(license_iri)))
    else:
        yield ox.Triple(
            dataset,
            n(T.DCTERMS + "rights"),
            ox.Literal(
                "No licence was stated for this export (kg export rdf --license IRI states one).",
                language="en",
            ),
        )
    for source in sorted(summary.sources):
        yield ox.Triple(dataset, n(T.DCTERMS + "source"), ox.Literal(source))
    yield ox.Triple(dataset, n(T.DCTERMS + "conformsTo"), n(T.PKG.rstrip("#")))
    yield ox.Triple(dataset, n(T.VOID + "uriSpace"), ox.Literal(T.ID))
    for vocabulary in (T.PKG, T.DCTERMS, T.SCHEMA, T.FABIO, T.SKOS, T.PROV, T.DCAT):
        yield ox.Triple(dataset, n(T.VOID + "vocabulary"), n(vocabulary))
    yield ox.Triple(dataset, n(T.VOID + "triples"), lit(summary.triples))
    yield ox.Triple(dataset, n(T.VOID + "entities"), lit(sum(summary.classes.values())))
    yield ox.Triple(dataset, n(T.VOID + "classes"), lit(len(summary.classes)))
    for label in schema.NODE_LABELS:
        part = n(T.ID + "dataset/class/" + label)
        yield ox.Triple(dataset, n(T.VOID + "classPartition"), part)
        yield ox.Triple(part, n(T.VOID + "class"), n(T.class_iri(label)))
        yield ox.Triple(part, n(T.VOID + "entities"), lit(summary.classes[label]))
    for edge_type in schema.EDGE_TYPES:
        part = n(T.ID + "dataset/property/" + T.camel(edge_type))
        yield ox.Triple(dataset, n(T.VOID + "propertyPartition"), part)
        yield ox.Triple(part, n(T.VOID + "property"), n(T.edge_iri(edge_type)))
        # Facts, not distinct triples: two papers stating one fact are two facts.
        yield ox.Triple(part, n(T.PKG + "facts"), lit(summary.facts[edge_type]))
    yield ox.Triple(dataset, n(T.DCAT + "distribution"), distribution)
    yield ox.Triple(distribution, _TYPE, n(T.DCAT + "Distribution"))
    yield ox.Triple(distribution, n(T.DCAT + "mediaType"), ox.Literal(MEDIA_TYPES[fmt]))


class _XmlCharacterReferences:
    """Writes RDF/XML with each carriage return as `&#13;`: XML parsers turn a raw CR
    into a line feed, so a title's "\r\n" would not round-trip.  Oxigraph writes its
    own line breaks as "\n", so every CR in its output is text and may be escaped."""

    def __init__(self, raw):
        self.raw = raw

    def write(self, data: bytes) -> int:
        self.raw.write(bytes(data).replace(b"\r", b"&#13;"))
        return len(data)

    def flush(self) -> None:
        self.raw.flush()


#: Characters XML 1.0 cannot carry in any form (C0 controls but tab, CR, LF; U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_representable(triples: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
    """RDF/XML only: characters XML cannot carry become U+FFFD (the other formats keep
    them exactly)."""
    for triple in triples:
        obj = triple.object
        if isinstance(obj, ox.Literal) and _NOT_XML.search(obj.value):
            text = _NOT_XML.sub("\ufffd", obj.value)
            obj = (
                ox.Literal(text, language=obj.language)
                if obj.language
                else ox.Literal(text, datatype=obj.datatype)
            )
            triple = ox.Triple(triple.subject, triple.predicate, obj)
        yield triple


def _encoded(blocks: Iterator[str]) -> Iterator[bytes]:
    """Blocks of text as UTF-8, joined into writes of ~1 MB."""
    batch: list[str] = []
    for block in blocks:
        batch.append(block)
        if len(batch) == _BLOCKS_PER_WRITE:
            yield _utf8("".join(batch))
            batch.clear()
    yield _utf8("".join(batch))


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise KGError(
            f"the graph holds text that is not Unicode (a lone surrogate, "
            f"{exc.object[exc.start]!r}): RDF cannot carry it"
        ) from None


class _BlockReader(io.RawIOBase):
    """A binary file reading from an iterator of byte strings, for parsers that read
    files: the text is made as the parser reads it."""

    def __init__(self, blocks: Iterator[bytes]):
        self._blocks = blocks
        self._block = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._block:
            block = next(self._blocks, None)
            if block is None:
                return 0
            self._block = memoryview(block)
        size = min(len(buffer), len(self._block))
        buffer[:size] = self._block[:size]
        self._block = self._block[size:]
        return size


def graph_ntriples(graph: nx.MultiDiGraph, summary: ExportSummary | None = None) -> io.RawIOBase:
    """The graph's data triples (no export description) as an N-Triples file to read,
    written as it is read (for Oxigraph's parser and store)."""
    summary = summary if summary is not None else ExportSummary()
    return _BlockReader(_encoded(graph_statements(graph, summary)))


def write(
    graph: nx.MultiDiGraph,
    output,
    fmt: str,
    summary: ExportSummary,
    license_iri: str | None = None,
    graph_name: str = "graph",
) -> None:
    """Write the graph's triples, then the export's description, to `output` (a binary
    file).  The description is a generator: it reads the counts once the data are out."""
    description = description_triples(summary, fmt, license_iri, graph_name, None)
    if fmt in ("turtle", "nt"):
        if fmt == "turtle":
            output.write(turtle_prefixes().encode("utf-8"))
        for data in _encoded(graph_statements(graph, summary, turtle=fmt == "turtle")):
            output.write(data)
        output.write(_utf8("".join(f"{triple} .\n" for triple in description)))
        return
    triples = chain(ox.parse(graph_ntriples(graph, summary), format=ox.RdfFormat.N_TRIPLES), description)
    if fmt == "xml":
        triples, output = _xml_representable(triples), _XmlCharacterReferences(output)
    prefixes = T.PREFIXES if fmt == "xml" else None
    ox.serialize(triples, output, format=FORMATS[fmt], prefixes=prefixes)


def export(
    graph_path: str,
    out: str,
    fmt: str | None = None,
    license_iri: str | None = None,
    min_confidence: float | None = None,
) -> int:
    """Write the graph at `graph_path` as RDF to `out` ('-' for stdout), atomically.
    Returns the number of data triples."""
    fmt = format_for(out, fmt) if out != "-" else (fmt or "turtle")
    graph = store.load(graph_path, min_confidence)
    summary = ExportSummary()
    graph_name = os.path.basename(graph_path)
    if out == "-":
        write(graph, sys.stdout.buffer, fmt, summary, license_iri, graph_name)
        sys.stdout.buffer.flush()
    else:
        with store.atomic_writer(out) as handle:
            write(graph, handle, fmt, summary, license_iri, graph_name)
    return summary.triples
