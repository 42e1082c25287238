"""The `kg` command: parses arguments and calls into kg/, extractors/, queries/, exports/.

Errors a user can act on (`KGError`) print as one line on stderr with a non-zero exit;
Ctrl-C leaves every file as it was.
"""
from __future__ import annotations

import json
import sys

import click

from kg import store
from kg.errors import KGError

GRAPH_OPTION = click.option(
    "--graph", "graph_path", default=store.DEFAULT_GRAPH, show_default=True,
    envvar="PAPERKG_GRAPH", type=click.Path(dir_okay=False),
    help="Graph file (embedded NetworkX store); env PAPERKG_GRAPH.")
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


class KGGroup(click.Group):
    """Turns known errors into one-line messages instead of tracebacks."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("kg: interrupted; files were left as they were", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)


def _echo_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False))


def _progress(label: str):
    from tqdm import tqdm

    def factory(total: int):
        return tqdm(total=total, desc=label, unit="paper", file=sys.stderr, disable=None,
                    mininterval=0.5)
    return factory


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="paperkg")
def main():
    """paperkg: research-paper listings in, a knowledge graph of papers and concepts out.

    \b
    Typical session:
      kg build examples/listings        # read listings, extract, save the graph
      kg stats                          # what the graph holds
      kg show FlatFormer                # a node, its properties, its evidence

    The graph lives in one file (--graph, default ./paperkg.graph.json.gz).
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@GRAPH_OPTION
@click.option("--format", "fmt", type=click.Choice(["daily", "jsonl", "atom"]),
              help="Listing format; by default chosen from each file's content.")
@click.option("--model", type=click.Path(exists=True, file_okay=False),
              help="A trained spaCy pipeline (from `kg train`) used alongside the rules.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1),
              help="Processes for extraction.")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable record instead of skipping it.")
@click.option("--wait", is_flag=True, help="If another build holds the graph, wait for it instead of failing.")
@JSON_OPTION
def build(inputs, graph_path, fmt, model, jobs, strict, wait, as_json):
    """Read listings (files, folders or - for stdin) and add them to the graph.

    \b
    Formats: saved "Daily Papers" pages (both layouts), JSON Lines with title and
    abstract, arXiv API Atom XML.  Building the same inputs again changes nothing;
    new inputs are merged in (papers de-duplicated by arXiv id, else title).
    """
    from kg.build import build as run_build

    report = run_build(list(inputs), graph_path, fmt=fmt, strict=strict, model=model,
                       jobs=jobs, wait=wait, progress_factory=_progress("extracting"))
    _print_report(report, graph_path, as_json)


@main.command()
@click.argument("mention_files", nargs=-1, required=True)
@GRAPH_OPTION
@click.option("--wait", is_flag=True, help="If another build holds the graph, wait for it instead of failing.")
@JSON_OPTION
def merge(mention_files, graph_path, wait, as_json):
    """Add mentions files written by `kg extract` (e.g. one per shard) to the graph.

    \b
    Shards extracted anywhere, then merged in any order, give the same graph as one
    `kg build` of all their inputs:
      kg extract part-1.jsonl --out m1.jsonl   # on machine 1
      kg extract part-2.jsonl --out m2.jsonl   # on machine 2
      kg merge m1.jsonl m2.jsonl
    """
    from kg.build import merge as run_merge

    report = run_merge(list(mention_files), graph_path, wait=wait,
                       progress_factory=_progress("merging"))
    _print_report(report, graph_path, as_json)


#: Skipped records named one by one on stderr; the rest are counted (--json lists all).
SKIPS_SHOWN = 20


def _print_report(report, graph_path: str, as_json: bool) -> None:
    for reason in report.skipped[:SKIPS_SHOWN]:
        click.echo(f"kg: skipped {reason}", err=True)
    if len(report.skipped) > SKIPS_SHOWN:
        click.echo(f"kg: skipped {len(report.skipped) - SKIPS_SHOWN} more records "
                   "(--json lists every reason; --strict stops at the first)", err=True)
    if as_json:
        _echo_json(report.to_dict())
        return
    labels = report.stats["labels"]
    added = labels["Paper"] - report.papers_before
    click.echo(f"read {report.records} records from {report.files} files"
               + (f" ({len(report.skipped)} skipped)" if report.skipped else ""))
    click.echo(f"{graph_path}: {labels['Paper']} papers (+{added}), "
               f"{report.stats['nodes']} nodes, {report.stats['edges']} edges")


@main.command()
@GRAPH_OPTION
@JSON_OPTION
def stats(graph_path, as_json):
    """Count nodes by label and edges by type."""
    from kg.model import GraphModel

    data = GraphModel(store.load(graph_path)).stats()
    if as_json:
        _echo_json(data)
        return
    click.echo(f"{graph_path}: {data['nodes']} nodes, {data['edges']} edges")
    for title, counts in (("nodes", data["labels"]), ("edges", data["edge_types"])):
        click.echo(f"{title}:")
        for name, count in counts.items():
            click.echo(f"  {name:<14}{count:>8}")


@main.command()
@click.argument("name_or_id")
@GRAPH_OPTION
@click.option("--limit", default=20, show_default=True, help="Edges shown per direction.")
@JSON_OPTION
def show(name_or_id, graph_path, limit, as_json):
    """Show a node (by id, name or alias), its properties and its edges with evidence."""
    from kg.inspect import describe, render

    view = describe(store.load(graph_path), name_or_id, limit)
    if as_json:
        _echo_json(view)
    else:
        click.echo(render(view))


if __name__ == "__main__":
    main()
