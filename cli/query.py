"""`kg query` and `kg push`: Cypher on the graph file's index or on a server; the graph onto a server.
May import cli.options and anything below cli; no other command module."""

from __future__ import annotations

import click

from cli.options import (
    GRAPH_OPTION,
    JSON_OPTION,
    MIN_CONFIDENCE_OPTION,
    echo_json,
    server_options,
    show_progress,
)
from kg.errors import KGError
from kg.store import store


@click.command()
@click.argument("cypher", required=False)
@click.option("--name", "query_name", help="Run a named query from queries/ (see --list).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter ($NAME), repeatable.  Ad hoc queries type it: NAME:int=5, "
    'NAME:float=0.5, NAME:bool=true, NAME:json=\'["A","B"]\' (lists, maps); '
    "untyped is text.  Named queries type theirs (see --list).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    help="How rows are printed  [default: table].",
)
@JSON_OPTION
@click.option(
    "--write", is_flag=True, help="Allow a query that writes (server only); otherwise it is refused."
)
@GRAPH_OPTION
@MIN_CONFIDENCE_OPTION
@server_options
def query(
    cypher,
    query_name,
    list_queries,
    params,
    fmt,
    as_json,
    write,
    graph_path,
    min_confidence,
    uri,
    user,
    password,
    database,
):
    """Run Cypher on the graph file's query index, or on a server with --uri.

    \b
      kg query 'MATCH (p:Paper)-[:HAS_CODE]->(r:Repository) RETURN p.id, r.url LIMIT 5'
      kg query 'MATCH (m:Method) WHERE m.name IN $names RETURN m.id' -p 'names:json=["SAM","BERT"]'
      kg query --name papers-on-dataset --param dataset=ImageNet --format csv
      kg query --name top-datasets --json     # rows as a JSON list, as every --json prints
      kg query --uri bolt://localhost:7687 --name top-datasets
    Parameters go to the engine as parameters, never pasted into the query.  The graph
    file is read-only to Cypher; a server takes writes with --write.
    """
    import queries as named
    from kg.query.query import parse_params, render, run, typed_ad_hoc

    if as_json and fmt not in (None, "json"):
        raise KGError(f"give --json or --format {fmt}, not both")
    fmt = "json" if as_json else fmt or "table"
    if list_queries:
        if fmt == "json":
            echo_json([_described(item) for item in named.all_queries().values()])
            return
        for item in named.all_queries().values():
            click.echo(f"{item.name}\n    {item.answers}")
            for p in item.parameters:
                default = f", default {p.default}" if p.default is not None else ""
                click.echo(f"    --param {p.name}=...  ({p.type}{default}) {p.help}")
        return
    given = parse_params(list(params))
    if query_name and cypher:
        raise KGError("give a query or --name, not both")
    if query_name:
        chosen = named.get(query_name)
        text, values, papers = chosen.text, chosen.bind(given), chosen.papers
    elif cypher:
        text, values, papers = cypher, typed_ad_hoc(given), None
    else:
        raise KGError("give a Cypher query, --name NAME or --list")
    connection = None
    if uri:
        from kg.store.server_store import Connection

        connection = Connection.from_options(uri, user, password, database)
    columns, rows = run(
        text,
        values,
        graph_path=graph_path,
        connection=connection,
        write=write,
        min_confidence=min_confidence,
        papers=papers,
    )
    click.echo(render(columns, rows, fmt))


def _described(item) -> dict:
    """A named query as `kg query --list --json` gives it."""
    return {
        "name": item.name,
        "answers": item.answers,
        "parameters": [
            {"name": p.name, "type": p.type, "default": p.default, "help": p.help} for p in item.parameters
        ],
    }


@click.command()
@GRAPH_OPTION
@server_options
@click.option(
    "--batch-size", default=2000, show_default=True, type=click.IntRange(1), help="Rows per UNWIND statement."
)
@MIN_CONFIDENCE_OPTION
@click.option(
    "--prune",
    is_flag=True,
    help="Then remove from the server the nodes and relationships paperkg wrote "
    "there that the graph no longer holds (e.g. a paper's id before it "
    "gained its arXiv id), so the server mirrors the graph.",
)
@JSON_OPTION
def push(graph_path, uri, user, password, database, batch_size, min_confidence, prune, as_json):
    """Write the graph to a Neo4j-protocol server (MERGE on ids: re-running is safe).

    An interrupted push is completed by running it again; nothing is doubled.
    Without --prune nothing is ever removed from the server; with it, only what
    paperkg wrote (nodes of its labels with its `label` property, relationships of
    its types with a `key`) and the graph no longer holds.
    """
    from kg.store.server_store import Connection, push as run_push

    connection = Connection.from_options(uri, user, password, database)
    with show_progress() as progress:
        progress.phase("loading the graph")
        graph = store.load(graph_path, min_confidence)
        progress.phase("pushing", total=graph.number_of_nodes() + graph.number_of_edges(), unit="item")
        report = run_push(graph, connection, batch_size=batch_size, progress=progress.update, prune=prune)
    if as_json:
        echo_json({"uri": connection.uri, **vars(report)})
        return
    click.echo(
        f"{connection.uri}: pushed {report.nodes} nodes and {report.relationships} "
        f"relationships in {report.seconds:.1f} s ({report.batches} batches)"
        + (
            f"; pruned {report.pruned_nodes} nodes and {report.pruned_relationships} "
            "relationships the graph no longer holds"
            if prune
            else ""
        )
    )
