"""`kg build`, `kg merge` and `kg extract`: listings to mentions to the graph, and their report.
May import cli.options and anything below cli; no other command module."""

from __future__ import annotations

import click

from cli.options import (
    CURATION_OPTION,
    GRAPH_OPTION,
    JSON_OPTION,
    MIN_CONFIDENCE_OPTION,
    cluster_engine,
    echo_json,
    extraction_options,
    show_progress,
)


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@GRAPH_OPTION
@extraction_options
@click.option(
    "--wait", is_flag=True, help="If another build holds the graph, wait for it instead of failing."
)
@CURATION_OPTION
@MIN_CONFIDENCE_OPTION
@JSON_OPTION
def build(
    inputs,
    graph_path,
    fmt,
    model,
    jobs,
    strict,
    engine,
    cluster_address,
    partitions,
    wait,
    curation_log,
    min_confidence,
    as_json,
):
    """Read listings (files, folders or - for stdin) and add them to the graph.

    \b
    Formats: saved "Daily Papers" pages (both layouts), JSON Lines with title and
    abstract, arXiv API Atom XML.  Building the same inputs again changes nothing;
    new inputs are merged in (papers de-duplicated by arXiv id, else title).  The
    curation log (`kg curate`) is applied after extraction; --min-confidence keeps
    only the edges at or over X in the saved graph.

    \b
    Extraction in a cluster engine (pip install 'paperkg[cluster]'; the graph is the
    same bytes as without --engine):
      kg build papers/ --engine dask --jobs 4          # a local Dask cluster
      kg build papers/ --engine spark --cluster spark://head:7077
    """
    from kg.building.build import build as run_build

    cluster = cluster_engine(engine, cluster_address, partitions)
    with show_progress() as progress:
        report = run_build(
            list(inputs),
            graph_path,
            fmt=fmt,
            strict=strict,
            model=model,
            jobs=jobs,
            wait=wait,
            progress=progress,
            curation_log=curation_log,
            min_confidence=min_confidence,
            engine=cluster,
        )
    _print_report(report, graph_path, as_json)


@click.command()
@click.argument("mention_files", nargs=-1, required=True)
@GRAPH_OPTION
@click.option(
    "--wait", is_flag=True, help="If another build holds the graph, wait for it instead of failing."
)
@CURATION_OPTION
@MIN_CONFIDENCE_OPTION
@JSON_OPTION
def merge(mention_files, graph_path, wait, curation_log, min_confidence, as_json):
    """Add mentions files from `kg extract` (one per shard, say) to the graph.

    \b
    Shards extracted anywhere, then merged in any order, give the same graph as one
    `kg build` of all their inputs:
      kg extract part-1.jsonl --out m1.jsonl   # on machine 1
      kg extract part-2.jsonl --out m2.jsonl   # on machine 2
      kg merge m1.jsonl m2.jsonl
    """
    from kg.building.build import merge as run_merge

    with show_progress() as progress:
        report = run_merge(
            list(mention_files),
            graph_path,
            wait=wait,
            progress=progress,
            curation_log=curation_log,
            min_confidence=min_confidence,
        )
    _print_report(report, graph_path, as_json)


#: Skipped records named one by one on stderr; the rest are counted (--json lists all).
SKIPS_SHOWN = 20


def _print_cuts(report) -> None:
    """Warn of what the per-record limits (kg/limits.py) left out, first few by name."""
    for reason in report.cut[:SKIPS_SHOWN]:
        click.echo(f"kg: cut {reason}", err=True)
    if len(report.cut) > SKIPS_SHOWN:
        click.echo(
            f"kg: cut {len(report.cut) - SKIPS_SHOWN} more times (--json lists "
            "every one; the limits are in kg/limits.py)",
            err=True,
        )


def _print_report(report, graph_path: str, as_json: bool) -> None:
    for reason in report.skipped[:SKIPS_SHOWN]:
        click.echo(f"kg: skipped {reason}", err=True)
    for line in report.curation.missing:
        click.echo(f"kg: curation: target not in the graph, kept in the log: {line}", err=True)
    if len(report.skipped) > SKIPS_SHOWN:
        click.echo(
            f"kg: skipped {len(report.skipped) - SKIPS_SHOWN} more records "
            "(--json lists every reason; --strict stops at the first)",
            err=True,
        )
    _print_cuts(report)
    if getattr(report, "cache_unavailable", None):
        click.echo(
            f"kg: warning: extraction cache not kept ({report.cache_unavailable}); "
            "the graph is complete, the next build extracts again",
            err=True,
        )
    if as_json:
        echo_json(report.to_dict())
        return
    labels = report.stats["labels"]
    added = labels["Paper"] - report.papers_before
    click.echo(
        f"read {report.records} records from {report.files} files"
        + (f" ({len(report.skipped)} skipped)" if report.skipped else "")
    )
    if report.curation.applied or report.curation.missing:
        click.echo(
            f"curation: {len(report.curation.applied)} decisions applied"
            + (f", {len(report.curation.missing)} with their target gone" if report.curation.missing else "")
        )
    if report.min_confidence is not None:
        click.echo(f"--min-confidence {report.min_confidence}: {report.weak_edges_dropped} edges left out")
    if report.former_ids_merged:
        click.echo(
            f"{report.former_ids_merged} papers gained their arXiv id (their former ids still find them)"
        )
    click.echo(
        f"{graph_path}: {labels['Paper']} papers (+{added}), "
        f"{report.stats['nodes']} nodes, {report.stats['edges']} edges"
    )


@click.command(name="extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out",
    "-o",
    required=True,
    help="Mentions file to write (JSON Lines, one paper per line); - for stdout.",
)
@extraction_options
def extract_command(inputs, out, fmt, model, jobs, strict, engine, cluster_address, partitions):
    """Extract concepts, relations and results from listings into a mentions file.

    \b
    Each line is one paper: its record, its mentions (type, text, canonical name,
    role, start, end, field, confidence, component), relations and results.  The
    same extraction `kg build` uses; the file is written atomically.
    """
    from kg.building.extract import run_extract

    cluster = cluster_engine(engine, cluster_address, partitions)
    with show_progress() as progress:
        report = run_extract(
            list(inputs),
            out,
            fmt=fmt,
            strict=strict,
            model=model,
            jobs=jobs,
            progress=progress,
            engine=cluster,
        )
    for reason in report.skipped:
        click.echo(f"kg: skipped {reason}", err=True)
    _print_cuts(report)
    if out != "-":
        click.echo(
            f"{out}: {report.records} papers, {report.mentions} mentions, "
            f"{report.relations} relations, {report.results} results",
            err=True,
        )
