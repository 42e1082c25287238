"""Reading RDF back: an export file, or the graph converted on the fly, as an rdflib
Graph on an Oxigraph store (oxrdflib), which `kg sparql` queries.

Oxigraph parses and answers queries in Rust behind rdflib's API: loading an export
of the whole corpus takes seconds, where rdflib's pure-Python store takes minutes.
"""

from __future__ import annotations

import os
import stat
import xml.parsers.expat

import networkx as nx
import orjson
import pyoxigraph as ox
import rdflib
from oxrdflib import OxigraphStore
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from exports import rdf
from kg.errors import KGError


def _wrap(store: ox.Store) -> rdflib.Graph:
    return rdflib.Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)


class _PrologEnd(Exception):
    pass


def check_input(path: str, fmt: str, allow_remote: bool = False) -> None:
    """Refuse RDF input that would reach outside the file or grow without bound when
    parsed: a FIFO or device; RDF/XML declaring entities or a DTD (a 1 KB "billion
    laughs" expands to gigabytes, an external entity reads any file or URL); JSON-LD
    whose @context or @import names a document (fetched from the network or read
    from disk) unless `allow_remote`."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise KGError(f"{path}: no such RDF file") from None
    except OSError as exc:
        raise KGError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(mode):
        raise KGError(f"{path}: not a regular file (a FIFO or device is never read as RDF)")
    if fmt == "xml":
        _check_xml_prolog(path)
    elif fmt == "jsonld" and not allow_remote:
        try:
            with open(path, "rb") as handle:
                document = orjson.loads(handle.read())
        except (OSError, orjson.JSONDecodeError) as exc:
            raise KGError(f"{path}: not readable as jsonld ({str(exc).splitlines()[0]})") from None
        where = _remote_context(document)
        if where:
            raise KGError(
                f"{path}: JSON-LD {where} names a document to fetch; paperkg "
                f"reads only inline contexts (--allow-service lets it fetch)"
            )


def _check_xml_prolog(path: str) -> None:
    """Read up to the root element with expat; any DOCTYPE is refused (RDF/XML needs
    none, and entities live in it)."""
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_):
        raise KGError(
            f"{path}: RDF/XML with a DOCTYPE or entity declarations is refused "
            f"(entity expansion can grow without bound or read other files)"
        )

    def stop(*_):
        raise _PrologEnd()

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = stop
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _PrologEnd:
        return
    except xml.parsers.expat.ExpatError as exc:
        raise KGError(f"{path}: not readable as xml ({exc})") from None


def _remote_context(value, depth: int = 0) -> str | None:
    """Where a JSON-LD document refers to a context by IRI: "@context" given as text
    (or a list holding text), or "@import"."""
    if depth > 200:
        return "nesting"
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context" and (
                isinstance(item, str) or (isinstance(item, list) and any(isinstance(i, str) for i in item))
            ):
                return "@context"
            if key == "@import":
                return "@import"
            found = _remote_context(item, depth + 1)
            if found:
                return found
    elif isinstance(value, list):
        for item in value:
            found = _remote_context(item, depth + 1)
            if found:
                return found
    return None


def load_file(path: str, fmt: str | None = None, allow_remote: bool = False) -> rdflib.Graph:
    """An RDF file (format from --format or the suffix) as an rdflib Graph."""
    fmt = rdf.format_for(path, fmt)
    check_input(path, fmt, allow_remote)
    store = ox.Store()
    try:
        store.bulk_load(path=path, format=rdf.FORMATS[fmt])
    except (SyntaxError, ValueError, OSError) as exc:
        raise KGError(f"{path}: not readable as {fmt} ({str(exc).splitlines()[0]})") from None
    return _wrap(store)


def from_graph(graph: nx.MultiDiGraph) -> rdflib.Graph:
    """The graph's data triples (no export description) as an rdflib Graph."""
    store = ox.Store()
    store.bulk_load(input=rdf.graph_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
    return _wrap(store)


def parse_with_rdflib(path: str, fmt: str | None = None, allow_remote: bool = False) -> rdflib.Graph:
    """The file parsed by rdflib's own parsers (what `kg validate` checks and what
    other tools would read), in rdflib's in-memory store."""
    fmt = rdf.format_for(path, fmt)
    check_input(path, fmt, allow_remote)
    graph = rdflib.Graph()
    try:
        graph.parse(path, format=rdf.RDFLIB_FORMATS[fmt])
    except FileNotFoundError:
        raise KGError(f"{path}: no such RDF file") from None
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        raise KGError(
            f"{path}: not readable as {fmt} ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''})"
        ) from None
    return graph
