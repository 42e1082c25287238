"""Reading RDF back: an export file, or the graph converted on the fly, as an rdflib
Graph on an Oxigraph store (oxrdflib), which `kg sparql` queries.

Oxigraph parses and answers queries in Rust behind rdflib's API: loading an export
of the whole corpus takes seconds, where rdflib's pure-Python store takes minutes.
"""
from __future__ import annotations

import os

import networkx as nx
import pyoxigraph as ox
import rdflib
from oxrdflib import OxigraphStore
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from exports import rdf
from kg.errors import KGError


def _wrap(store: ox.Store) -> rdflib.Graph:
    return rdflib.Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)


def load_file(path: str, fmt: str | None = None) -> rdflib.Graph:
    """An RDF file (format from --format or the suffix) as an rdflib Graph."""
    fmt = rdf.format_for(path, fmt)
    if not os.path.isfile(path):
        raise KGError(f"{path}: no such RDF file")
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


def parse_with_rdflib(path: str, fmt: str | None = None) -> rdflib.Graph:
    """The file parsed by rdflib's own parsers (what `kg validate` checks and what
    other tools would read), in rdflib's in-memory store."""
    fmt = rdf.format_for(path, fmt)
    graph = rdflib.Graph()
    try:
        graph.parse(path, format=rdf.RDFLIB_FORMATS[fmt])
    except FileNotFoundError:
        raise KGError(f"{path}: no such RDF file") from None
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        raise KGError(f"{path}: not readable as {fmt} ({type(exc).__name__}: "
                      f"{str(exc).splitlines()[0] if str(exc) else ''})") from None
    return graph
