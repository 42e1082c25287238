"""`kg stats` and `kg show`: what the graph holds, and one node with its edges and evidence.
May import cli.options and anything below cli; no other command module."""

from __future__ import annotations

import click

from cli.options import GRAPH_OPTION, JSON_OPTION, MIN_CONFIDENCE_OPTION, echo_json
from kg.store import store


@click.command()
@GRAPH_OPTION
@MIN_CONFIDENCE_OPTION
@JSON_OPTION
def stats(graph_path, min_confidence, as_json):
    """Count nodes by label and edges by type."""
    from kg.store.query_index import stats as index_stats

    if min_confidence is None:
        data = index_stats(graph_path)
    else:  # (the index holds every edge: counting what the threshold leaves needs the graph)
        from kg.model.graph_model import GraphModel

        data = GraphModel(store.load(graph_path, min_confidence)).stats()
    if as_json:
        echo_json(data)
        return
    click.echo(f"{graph_path}: {data['nodes']} nodes, {data['edges']} edges")
    for title, counts in (("nodes", data["labels"]), ("edges", data["edge_types"])):
        click.echo(f"{title}:")
        for name, count in counts.items():
            click.echo(f"  {name:<14}{count:>8}")


@click.command()
@click.argument("name_or_id")
@GRAPH_OPTION
@click.option("--limit", default=20, show_default=True, help="Edges shown per direction.")
@MIN_CONFIDENCE_OPTION
@JSON_OPTION
def show(name_or_id, graph_path, limit, min_confidence, as_json):
    """Show a node (by id, name or alias), its properties and its edges with evidence."""
    from kg.query.inspect import describe, render

    view = describe(graph_path, name_or_id, limit, min_confidence)
    if as_json:
        echo_json(view)
    else:
        click.echo(render(view))
