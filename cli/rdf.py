"""`kg validate` and `kg sparql`: SHACL checks of an RDF export, SPARQL on an export or the graph.
May import cli.options and anything below cli; no other command module."""

from __future__ import annotations

import sys

import click

from cli.options import (
    GRAPH_OPTION,
    JSON_OPTION,
    MIN_CONFIDENCE_OPTION,
    RDF_FORMATS,
    echo_json,
    rdf_module,
    show_progress,
)
from kg.errors import KGError


@click.command()
@click.argument("rdf_file", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(RDF_FORMATS), help="RDF syntax; by default from the suffix."
)
@click.option(
    "--engine",
    type=click.Choice(["turbo", "pyshacl"]),
    default="turbo",
    show_default=True,
    help="turbo: pyshacl-turbo (Rust) over chunks of subjects, minutes for the 75k-paper "
    "export; pyshacl: the reference, whole graph in memory (the seed export: ~25 s).",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let a JSON-LD @context or @import naming a URL or file be fetched "
    "(refused by default: validating never leaves the machine).",
)
@JSON_OPTION
def validate(rdf_file, fmt, engine, allow_service, as_json):
    """Check an RDF export against paperkg's SHACL shapes; exit 1 if it does not conform.

    \b
    Prints pyshacl's text report of the results (--json: conforms, triples, engine,
    mode and each result's focus node, path, constraint component, value, severity
    and message).  The default engine gives pyshacl's verdict and results (tested on
    the seed export and on planted violations of every constraint kind).
    RDF/XML with a DOCTYPE (entities) is refused."""
    with show_progress() as progress:
        report = rdf_module("exports.rdf_validate").validate(
            rdf_file, fmt, allow_service, engine=engine, progress=progress
        )
    if as_json:
        echo_json({"file": rdf_file, **report.as_json()})
    elif not report.conforms:
        click.echo(report.text)
    if not report.conforms:
        click.echo(
            f"{rdf_file}: does NOT conform to the paperkg shapes ({len(report.results)} results)", err=True
        )
        sys.exit(1)
    if not as_json:
        click.echo(f"{rdf_file}: conforms to the paperkg shapes ({report.triples} triples)")


@click.command()
@click.argument("query", required=False)
@click.option(
    "--rdf",
    "rdf_file",
    type=click.Path(dir_okay=False),
    help="An RDF export to query; by default the graph (--graph) converted on the fly.",
)
@click.option(
    "--rdf-format", type=click.Choice(RDF_FORMATS), help="Syntax of --rdf; by default from the suffix."
)
@GRAPH_OPTION
@click.option("--name", help="Run a shipped query by name (see --list).")
@click.option("--list", "list_named", is_flag=True, help="List the shipped queries.")
@click.option("--output", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@MIN_CONFIDENCE_OPTION
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let SERVICE clauses reach other endpoints or files, and a JSON-LD --rdf "
    "fetch the contexts it names (refused by default).",
)
def sparql(query, rdf_file, rdf_format, graph_path, name, list_named, output, min_confidence, allow_service):
    """Run a SPARQL query (rdflib on an Oxigraph store); paperkg's prefixes are predeclared.

    \b
      kg sparql --list
      kg sparql --name papers-with-code --rdf graph.ttl
      kg sparql 'SELECT ?t WHERE { ?p dcterms:title ?t } LIMIT 5'
    """
    sparql_queries = rdf_module("queries.sparql")
    if list_named:
        for named in sparql_queries.named_queries():
            click.echo(f"{named.name:<24}{named.description}")
        return
    if bool(query) == bool(name):
        raise KGError("give either a QUERY or --name NAME (kg sparql --list shows the names)")
    text = sparql_queries.named_query(name) if name else query
    if rdf_file and min_confidence is not None:
        raise KGError(
            "--min-confidence filters the graph (--graph); an RDF file holds what was "
            "exported: export it with `kg export rdf --min-confidence X`"
        )
    answer = sparql_queries.run(
        text,
        rdf_path=rdf_file,
        graph_path=graph_path,
        fmt=rdf_format,
        min_confidence=min_confidence,
        allow_service=allow_service,
    )
    click.echo(sparql_queries.render(answer, output))
