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


def _print_report(report, graph_path: str, as_json: bool) -> None:
    for reason in report.skipped:
        click.echo(f"kg: skipped {reason}", err=True)
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


def _types(values) -> list[str] | None:
    """--types given as repeated options and/or comma-separated lists."""
    names = [n.strip() for v in values for n in v.split(",") if n.strip()]
    return names or None


TYPES_OPTION = click.option(
    "--types", "types", multiple=True, metavar="TYPE[,TYPE]",
    help="Concept types to use (Method, Dataset, Task, Metric); default: all the data has.")


@main.command(name="eval")
@click.argument("gold_file", metavar="GOLD", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["scierc", "scier", "tdmsci", "leaderboard"]),
              help="Annotation format; by default chosen from the file's content.")
@click.option("--mentions", type=click.Path(exists=True, dir_okay=False),
              help="Score this `kg extract` output instead of running the pipeline.")
@click.option("--model", type=click.Path(exists=True, file_okay=False),
              help="A trained spaCy pipeline (from `kg train`) used alongside the rules.")
@TYPES_OPTION
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1),
              help="Processes for extraction.")
@click.option("--limit", type=click.IntRange(1), help="Leaderboard data: score only the first N papers.")
@click.option("--texts", type=click.Path(dir_okay=False),
              help="Write the gold texts as a JSON Lines listing (for `kg extract`) and stop.")
@JSON_OPTION
def eval_command(gold_file, fmt, mentions, model, types, jobs, limit, texts, as_json):
    """Score the extractors against annotated data: precision, recall and F1 per type.

    \b
    GOLD is SciERC json, SciER jsonl, TDMSci CoNLL or a Papers with Code leaderboard
    jsonl.  Entity data is scored by exact and by partial (overlapping) span match;
    leaderboard data by recall of datasets and tasks and precision of benchmarks.
    """
    from kg import evaluate

    if texts:
        count = evaluate.write_texts(gold_file, texts, fmt)
        click.echo(f"{texts}: {count} gold texts")
        return
    report = evaluate.evaluate(gold_file, fmt, model=model, mentions=mentions,
                               types=_types(types), jobs=jobs, limit=limit)
    if as_json:
        _echo_json(report)
    else:
        click.echo(evaluate.render(report))


@main.command(name="train")
@click.argument("gold_files", metavar="GOLD...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(file_okay=False),
              help="Folder for the trained pipeline (replaced if it exists).")
@click.option("--format", "fmt", type=click.Choice(["scierc", "scier", "tdmsci"]),
              help="Annotation format of every GOLD file; by default chosen from each file's content.")
@TYPES_OPTION
@click.option("--max-minutes", default=18.0, show_default=True, type=click.FloatRange(0.1),
              help="Stop training after this long; the best checkpoint so far is kept.")
@click.option("--max-epochs", default=30, show_default=True, type=click.IntRange(1),
              help="Passes over the training data at most.")
@click.option("--vectors-from", multiple=True, type=click.Path(exists=True),
              help="Listings of abstracts (any `kg build` input) to learn word vectors from "
                   "first; the time counts in --max-minutes.  Repeatable.")
@click.option("--verbose", "-v", is_flag=True, help="Show spaCy's training log on stderr.")
@JSON_OPTION
def train_command(gold_files, out, fmt, types, max_minutes, max_epochs, vectors_from, verbose,
                  as_json):
    """Train a spaCy NER pipeline (CPU, from scratch) on annotated data.

    \b
    GOLD files are SciERC json, SciER jsonl or TDMSci CoNLL; their types are mapped
    to paperkg's (SciERC Material -> Dataset).  Use the result with
    `kg build --model DIR`, `kg extract --model DIR` or `kg eval GOLD --model DIR`.
    Label schemes differ between datasets: one model per scheme scores best.
    """
    from kg.train import train

    report = train(list(gold_files), out, types=_types(types), max_minutes=max_minutes,
                   max_epochs=max_epochs, fmt=fmt, quiet=not verbose,
                   vectors_from=list(vectors_from) or None)
    if as_json:
        _echo_json(report.to_dict())
        return
    held = report.held_out_scores
    if report.vectors:
        click.echo(f"vectors: {report.vectors['words']:,} words of {report.vectors['texts']:,} "
                   f"texts in {report.vectors['seconds'] / 60:.1f} min")
    click.echo(f"{report.model}: {', '.join(report.labels)} from {report.train_docs} texts "
               f"({report.entities} entities) in {report.seconds / 60:.1f} min"
               + (" (stopped by --max-minutes)" if report.stopped_by_time else ""))
    if held.get("ents_f") is not None:
        click.echo(f"held-out tenth ({report.held_out_docs} texts): P {held['ents_p']:.3f} "
                   f"R {held['ents_r']:.3f} F1 {held['ents_f']:.3f}")
    if report.unaligned or report.overlapping:
        click.echo(f"dropped {report.unaligned} spans off token boundaries and "
                   f"{report.overlapping} overlapping spans")


@main.command(name="extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "-o", required=True,
              help="Mentions file to write (JSON Lines, one paper per line); - for stdout.")
@click.option("--format", "fmt", type=click.Choice(["daily", "jsonl", "atom"]),
              help="Listing format; by default chosen from each file's content.")
@click.option("--model", type=click.Path(exists=True, file_okay=False),
              help="A trained spaCy pipeline (from `kg train`) used alongside the rules.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1),
              help="Processes for extraction.")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable record instead of skipping it.")
def extract_command(inputs, out, fmt, model, jobs, strict):
    """Extract concepts, relations and results from listings into a mentions file.

    \b
    Each line is one paper: its record, its mentions (type, text, canonical name,
    role, start, end, field, confidence, component), relations and results.  The
    same extraction `kg build` uses; the file is written atomically.
    """
    from kg.extract import run_extract

    report = run_extract(list(inputs), out, fmt=fmt, strict=strict, model=model, jobs=jobs,
                         progress_factory=_progress("extracting"))
    for reason in report.skipped:
        click.echo(f"kg: skipped {reason}", err=True)
    if out != "-":
        click.echo(f"{out}: {report.records} papers, {report.mentions} mentions, "
                   f"{report.relations} relations, {report.results} results", err=True)


if __name__ == "__main__":
    main()
