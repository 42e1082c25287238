"""`kg export` and its formats: graphml, json, csv (one loader, `_export_table`), html and rdf.
May import cli.options and anything below cli; no other command module."""

from __future__ import annotations

import click

from cli.options import GRAPH_OPTION, JSON_OPTION, MIN_CONFIDENCE_OPTION, RDF_FORMATS, echo_json, rdf_module
from kg.store import store


@click.group()
def export():
    """Export the graph: rdf (linked data), html (interactive page), graphml (Gephi,
    Cytoscape, yEd), json (networkx node-link) or csv (neo4j-admin import)."""


def _export_table(fmt: str, graph_path: str, out: str, min_confidence, as_json: bool) -> None:
    """The graphml, json and csv exports: load (filtered), write atomically, report."""
    import importlib

    module = importlib.import_module(
        {"graphml": "exports.graphml", "json": "exports.node_link", "csv": "exports.neo4j_csv"}[fmt]
    )
    graph = store.load(graph_path, min_confidence)
    written = module.export(graph, out)
    report = {
        "out": out,
        "format": fmt,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "min_confidence": min_confidence,
    }
    if fmt == "csv":
        report["files"] = written
    else:
        report["bytes"] = written
    if as_json:
        echo_json(report)
    else:
        click.echo(
            f"{out}: {report['nodes']} nodes, {report['edges']} edges"
            + (f" in {len(written)} files (load it with {out}/import.sh)" if fmt == "csv" else "")
        )


@export.command("graphml")
@GRAPH_OPTION
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The GraphML file to write.")
@MIN_CONFIDENCE_OPTION
@JSON_OPTION
def export_graphml(graph_path, out, min_confidence, as_json):
    """Write GraphML (Gephi, Cytoscape, yEd, networkx.read_graphml).

    \b
    Every key typed (long, double, boolean, string); lists as JSON arrays in string
    keys; no None anywhere.  Replaced atomically.
    """
    _export_table("graphml", graph_path, out, min_confidence, as_json)


@export.command("json")
@GRAPH_OPTION
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The JSON file to write.")
@MIN_CONFIDENCE_OPTION
@JSON_OPTION
def export_node_link(graph_path, out, min_confidence, as_json):
    """Write node-link JSON, networkx's own format (d3 and pandas read it too).

    \b
      import json, networkx as nx
      graph = nx.node_link_graph(json.load(open(OUT)), edges="edges")
    """
    _export_table("json", graph_path, out, min_confidence, as_json)


@export.command("csv")
@GRAPH_OPTION
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="The folder to write (replaced as a whole if it exists).",
)
@MIN_CONFIDENCE_OPTION
@JSON_OPTION
def export_csv(graph_path, out, min_confidence, as_json):
    """Write CSV files in the layout of `neo4j-admin database import` (pandas reads them too).

    \b
    nodes/LABEL.csv and relationships/TYPE.START-END.csv with typed headers (id:ID,
    :START_ID, :END_ID, confidence:double, aliases:string[]), and import.sh, the
    neo4j-admin command that loads them.
    """
    _export_table("csv", graph_path, out, min_confidence, as_json)


@export.command("html")
@GRAPH_OPTION
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option(
    "--view",
    type=click.Choice(["concepts", "papers"]),
    default="concepts",
    show_default=True,
    help="concepts: a concept map (concepts linked by the papers that join them); "
    "papers: the graph as stored, papers and all.",
)
@click.option("--focus", metavar="NAME-OR-ID", help="Only the neighbourhood of this node.")
@click.option(
    "--depth",
    default=2,
    show_default=True,
    type=click.IntRange(0),
    help="Steps (either direction) from --focus.",
)
@click.option("--types", metavar="LABEL,...", help="Only these node labels, e.g. Method,Dataset.")
@click.option(
    "--since", metavar="DATE", help="Only papers dated on/after YYYY[-MM[-DD]] and what they mention."
)
@click.option(
    "--max-nodes",
    type=int,
    help="Keep the N most connected nodes  [default: 150 concepts, 2000 in --view papers].",
)
@click.option(
    "--physics",
    type=click.Choice(["auto", "on", "off"]),
    default="auto",
    show_default=True,
    help="Lay out live in the browser (on) or precompute with networkx (off); auto: live up to 1000 nodes.",
)
@MIN_CONFIDENCE_OPTION
@JSON_OPTION
def export_html(
    graph_path, out, view, focus, depth, types, since, max_nodes, physics, min_confidence, as_json
):
    """Write one self-contained HTML page to explore the graph, offline.

    \b
    The default page is a concept map: the most-mentioned methods, datasets, tasks and
    metrics, linked when papers name both (a method used on a dataset, a method for a
    task, ...), coloured by community, labels sized by papers; click a link for the
    papers behind it. --view papers draws papers and concepts as stored.
    Both: a legend that filters types, a search box, and a side panel with abstracts,
    links, a concept's papers with the sentence naming it and its papers per month.

    \b
    kg export html --out map.html                       # the strongest 150 concepts
    kg export html --out bert.html --focus BERT --depth 1 --max-nodes 40
    kg export html --out papers.html --view papers --since 2025-06
    """
    from exports import html
    from kg.query.subgraph import Selection, parse_since, parse_types

    selection = Selection(
        focus=focus, depth=depth, types=parse_types(types), since=parse_since(since), max_nodes=max_nodes
    )
    report = html.export_html(
        graph_path,
        out,
        selection,
        view=view,
        physics={"auto": None, "on": True, "off": False}[physics],
        min_confidence=min_confidence,
    )
    if as_json:
        echo_json(report)
    else:
        click.echo(f"{out}: {report['summary']} ({'physics' if report['physics'] else 'precomputed layout'})")


@export.command("rdf")
@GRAPH_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(RDF_FORMATS),
    help="RDF syntax; by default from --out's suffix (.ttl .nt .jsonld .rdf), else turtle.",
)
@click.option("--out", required=True, help="Output file, or - for stdout.")
@click.option(
    "--license",
    "license_iri",
    envvar="PAPERKG_LICENSE",
    help="Licence IRI stated in the export's description; env PAPERKG_LICENSE.",
)
@MIN_CONFIDENCE_OPTION
def export_rdf(graph_path, fmt, out, license_iri, min_confidence):
    """Write the graph as RDF: paperkg ontology, schema.org, DCAT, SKOS, PROV-O.

    \b
    Every edge is a direct triple plus a pkg:ExtractedFact carrying its
    provenance (paper, text span, component, confidence); a VoID/DCAT
    description of the export closes the file.  Files are replaced atomically.
    """
    triples = rdf_module("exports.rdf").export(
        graph_path, out, fmt, license_iri, min_confidence=min_confidence
    )
    if out != "-":
        click.echo(f"{out}: {triples} triples", err=True)
