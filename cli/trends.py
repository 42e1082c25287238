"""`kg trends`: concepts ranked by how fast their share of papers rises, as a table or a plot.
May import cli.options and anything below cli; no other command module."""

from __future__ import annotations

import click

from cli.options import GRAPH_OPTION, JSON_OPTION, echo_json
from kg import schema
from kg.errors import KGError
from kg.store import store


@click.command()
@GRAPH_OPTION
@click.option(
    "--since",
    metavar="DATE",
    help="Start of the window, YYYY[-MM[-DD]]  [default: 6 months before the newest paper].",
)
@click.option(
    "--until",
    metavar="DATE",
    help="Last period of the window, YYYY[-MM[-DD]]  [default: the newest the papers cover to its end].",
)
@click.option(
    "--by",
    type=click.Choice(["month", "week"]),
    default="month",
    show_default=True,
    help="Count papers per calendar month or per ISO week.",
)
@click.option(
    "--weight",
    type=click.Choice(["papers", "upvotes"]),
    default="papers",
    show_default=True,
    help="Count each paper once, or as 1 + its upvotes (Daily Papers listings carry them).",
)
@click.option("--types", metavar="LABEL,...", help="Only these concept labels, e.g. Method,Dataset.")
@click.option("--top", default=20, show_default=True, type=click.IntRange(1), help="Concepts listed.")
@click.option(
    "--min-papers",
    default=10,
    show_default=True,
    type=click.FloatRange(1),
    help="Papers (or weight) a concept needs in the last period to be ranked.",
)
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False),
    help="Also draw the top 8 as a line chart: a .png, .svg or .pdf file (needs paperkg[plot]).",
)
@JSON_OPTION
def trends(graph_path, since, until, by, weight, types, top, min_papers, plot_path, as_json):
    """Rank concepts by how fast they are rising: papers per month or week.

    \b
    A concept's growth is its share of the last period's papers over its share of the
    earlier periods of the window (one paper added to each as a prior), so a busy
    month does not lift everything; a last period the data stops inside is left out.

    \b
    kg trends --since 2025-06 --by month
    kg trends --since 2025-06 --until 2025-10 --types Method --json
    kg trends --since 2026-03 --by week --plot rising.png
    """
    from datetime import date, timedelta

    from kg.query import trends as trend_lib
    from kg.query.subgraph import parse_since, parse_types

    labels = parse_types(types) or schema.CONCEPT_LABELS
    if not set(labels) <= set(schema.CONCEPT_LABELS):
        raise KGError(
            f"--types: trends rank concepts ({', '.join(schema.CONCEPT_LABELS)}), "
            f"not {', '.join(sorted(set(labels) - set(schema.CONCEPT_LABELS)))}"
        )
    graph = store.load(graph_path)
    since = parse_since(since)
    if since is None:
        newest = max(
            (
                d["date"]
                for _, d in graph.nodes(data=True)
                if d.get("label") == schema.PAPER and d.get("date")
            ),
            default=None,
        )
        if newest is None:
            raise KGError(f"{graph_path}: no paper has a date, so nothing can trend")
        since = (date.fromisoformat(newest).replace(day=1) - timedelta(days=182)).strftime("%Y-%m")
    report = trend_lib.rising(
        graph, since, parse_since(until), by=by, weight=weight, labels=labels, top=top, min_papers=min_papers
    )
    if plot_path:
        trend_lib.plot(report, plot_path)
    if as_json:
        echo_json(report.as_dict() | ({"plot": plot_path} if plot_path else {}))
        return
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(
        f"rising concepts, {report.periods[-1]} against {report.periods[0]}..{report.periods[-2]} "
        f"(per {by}, {weight}):"
    )
    click.echo(
        trend_lib.table(report)
        if report.rising
        else f"no concept has {min_papers:g} papers in {report.periods[-1]} (lower --min-papers)"
    )
    if plot_path:
        click.echo(f"plot: {plot_path}")
