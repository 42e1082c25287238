"""The `kg` command: parses arguments and calls into kg/, extractors/, queries/, exports/.

Errors a user can act on (`KGError`) print as one line on stderr with a non-zero exit;
Ctrl-C leaves every file as it was.
"""

from __future__ import annotations

import gc
import json
import sys

import click

from kg import schema
from kg.store import store
from kg.errors import KGError

GRAPH_OPTION = click.option(
    "--graph",
    "graph_path",
    default=store.DEFAULT_GRAPH,
    show_default=True,
    envvar="PAPERKG_GRAPH",
    type=click.Path(dir_okay=False),
    help="Graph file (embedded NetworkX store); env PAPERKG_GRAPH.",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
MIN_CONFIDENCE_OPTION = click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    metavar="X",
    help="Leave out edges whose confidence is under X (0-1); curated (accepted) facts have 1.0.",
)
CURATION_OPTION = click.option(
    "--curation",
    "curation_log",
    type=click.Path(dir_okay=False),
    envvar="PAPERKG_CURATION",
    help="The curation log to apply / record into  [default: GRAPH.curation.jsonl]; env PAPERKG_CURATION.",
)


def extraction_options(command):
    """The options `kg build` and `kg extract` share: they run the same extraction."""
    for option in reversed(
        (
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["daily", "jsonl", "atom"]),
                help="Listing format; by default chosen from each file's content.",
            ),
            click.option(
                "--model",
                type=click.Path(exists=True, file_okay=False),
                help="A trained spaCy pipeline (from `kg train`) used alongside the rules.",
            ),
            click.option(
                "--jobs",
                "-j",
                default=1,
                show_default=True,
                type=click.IntRange(1),
                help="Processes for extraction (with --engine: the local cluster's workers).",
            ),
            click.option(
                "--strict", is_flag=True, help="Stop at the first unreadable record instead of skipping it."
            ),
            click.option(
                "--engine",
                type=click.Choice(["local", "dask", "spark"]),
                default="local",
                show_default=True,
                help="Where extraction runs: this machine's processes, or a Dask or Spark "
                "cluster (the `cluster` extra); the output is the same bytes.",
            ),
            click.option(
                "--cluster",
                "cluster_address",
                metavar="ADDRESS",
                help="With --engine: a running Dask scheduler (tcp://host:8786) or Spark "
                "master (spark://host:7077) whose workers have this paperkg installed"
                " [default: a local cluster of --jobs workers, for this command].",
            ),
            click.option(
                "--partitions",
                type=click.IntRange(1),
                metavar="N",
                help="With --engine: partitions the records are cut into "
                "[default: 1,000 records each, at least 2 per worker].",
            ),
        )
    ):
        command = option(command)
    return command


def _engine(engine: str, cluster_address: str | None, partitions: int | None):
    from kg.building.cluster import Engine

    return Engine(engine, cluster_address, partitions)


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


def _progress():
    """Progress on stderr: a bar on a terminal, elsewhere a line every few seconds
    (PAPERKG_PROGRESS_SECONDS); see kg/progress.py."""
    from kg.progress import Progress

    return Progress()


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="paperkg")
def main():
    """paperkg: research-paper listings in, a knowledge graph of papers and concepts out.

    \b
    Typical session:
      kg build examples/listings        # read listings, extract, save the graph
      kg stats                          # what the graph holds
      kg show SAM                       # a node by name or alias, with evidence

    The graph lives in one file (--graph, default ./paperkg.graph.json.zst).
    """


@main.command()
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

    cluster = _engine(engine, cluster_address, partitions)
    with _progress() as progress:
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


@main.command()
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

    with _progress() as progress:
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
        _echo_json(report.to_dict())
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


@main.command()
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
@MIN_CONFIDENCE_OPTION
@JSON_OPTION
def show(name_or_id, graph_path, limit, min_confidence, as_json):
    """Show a node (by id, name or alias), its properties and its edges with evidence."""
    from kg.query.inspect import describe, render

    view = describe(graph_path, name_or_id, limit, min_confidence)
    if as_json:
        _echo_json(view)
    else:
        click.echo(render(view))


def _types(values) -> list[str] | None:
    """--types given as repeated options and/or comma-separated lists."""
    names = [n.strip() for v in values for n in v.split(",") if n.strip()]
    return names or None


TYPES_OPTION = click.option(
    "--types",
    "types",
    multiple=True,
    metavar="TYPE[,TYPE]",
    help="Concept types to use (Method, Dataset, Task, Metric); default: all the data has.",
)


@main.command(name="eval")
@click.argument("gold_file", metavar="GOLD", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["scierc", "scier", "tdmsci", "leaderboard", "cards"]),
    help="Annotation format; by default chosen from the file's content.",
)
@click.option(
    "--mentions",
    type=click.Path(exists=True, dir_okay=False),
    help="Score this `kg extract` output instead of running the pipeline.",
)
@click.option(
    "--model",
    type=click.Path(exists=True, file_okay=False),
    help="A trained spaCy pipeline (from `kg train`) used alongside the rules.",
)
@TYPES_OPTION
@click.option(
    "--jobs", "-j", default=1, show_default=True, type=click.IntRange(1), help="Processes for extraction."
)
@click.option("--limit", type=click.IntRange(1), help="Leaderboard data: score only the first N papers.")
@click.option(
    "--texts",
    type=click.Path(dir_okay=False),
    help="Write the gold texts as a JSON Lines listing (for `kg extract`) and stop.",
)
@GRAPH_OPTION
@click.option(
    "--calibration",
    is_flag=True,
    help="Paper cards: add the reliability table (stated confidence vs measured precision).",
)
@click.option(
    "--errors",
    "with_errors",
    is_flag=True,
    help="Paper cards: list each paper's wrong facts and missed card items.",
)
@MIN_CONFIDENCE_OPTION
@JSON_OPTION
def eval_command(
    gold_file,
    fmt,
    mentions,
    model,
    types,
    jobs,
    limit,
    texts,
    graph_path,
    calibration,
    with_errors,
    min_confidence,
    as_json,
):
    """Score the extractors against annotated data: precision, recall and F1 per type.

    \b
    GOLD is SciERC json, SciER jsonl, TDMSci CoNLL, a Papers with Code leaderboard
    jsonl, or paper cards (tests/data/paper_cards/cards.jsonl).  Entity data is scored
    by exact and by partial (overlapping) span match; leaderboard data by recall of
    datasets and tasks and precision of benchmarks; paper cards by the facts of the
    graph given with --graph, per field (proposes, introduces, uses, evaluates_on,
    tasks, metrics, results, outperforms, code).

    \b
    Example:
      kg build ../shared/seeds --graph seeds.json.zst
      kg eval tests/data/paper_cards/cards.jsonl --graph seeds.json.zst --calibration
    """
    from kg.learn import evaluate, gold

    fmt = fmt or gold.detect_format(gold_file)
    if fmt == "cards":
        from kg.learn import cards

        if texts or mentions or model:
            raise KGError("paper cards score a built graph: give --graph, not --texts, --mentions or --model")
        report = cards.evaluate_cards(
            gold_file,
            store.load(graph_path, min_confidence),
            graph_path,
            with_calibration=calibration,
            with_errors=with_errors,
        )
        click.echo(json.dumps(report, indent=2, ensure_ascii=False) if as_json else cards.render(report))
        return
    if calibration or with_errors or min_confidence is not None:
        raise KGError(
            "--calibration, --errors and --min-confidence apply to paper cards only (they score a graph)"
        )
    if texts:
        count = evaluate.write_texts(gold_file, texts, fmt)
        click.echo(f"{texts}: {count} gold texts")
        return
    report = evaluate.evaluate(
        gold_file, fmt, model=model, mentions=mentions, types=_types(types), jobs=jobs, limit=limit
    )
    if as_json:
        _echo_json(report)
    else:
        click.echo(evaluate.render(report))


@main.command(name="calibrate")
@click.argument("cards_file", metavar="CARDS", type=click.Path(exists=True, dir_okay=False))
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True)
@click.option(
    "--write",
    "write_table",
    is_flag=True,
    help="Rewrite extractors/data/confidence.tsv with the measured table.",
)
@JSON_OPTION
def calibrate_command(cards_file, inputs, write_table, as_json):
    """Measure each kind of evidence's precision on paper cards: the confidence table.

    \b
    INPUT... are the listings the cards were read from; they are built into a graph in
    memory, each fact about a carded paper is scored and traced to the rule that found
    it.  Prints the table, the reliability table in-sample and held out (fitted on
    every other card, measured on the rest); --write stores the table, which every
    later extraction uses for its confidences.

    \b
    Example:
      kg calibrate tests/data/paper_cards/cards.jsonl ../shared/seeds --write
    """
    from kg.learn import calibrate

    report = calibrate.calibrate(cards_file, list(inputs))
    if write_table:
        calibrate.write_table(report["table"])
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if as_json else calibrate.render(report))
    if write_table and not as_json:
        click.echo(f"wrote {len(report['table'])} kinds to extractors/data/confidence.tsv", err=True)


@main.command(name="train")
@click.argument(
    "gold_files", metavar="GOLD...", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False)
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder for the trained pipeline (replaced if it exists).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["scierc", "scier", "tdmsci"]),
    help="Annotation format of every GOLD file; by default chosen from each file's content.",
)
@TYPES_OPTION
@click.option(
    "--max-minutes",
    type=click.FloatRange(0.1),
    help="A cap on the time: stop after this long and keep the best checkpoint "
    "so far (the output says when it cut).  A cut model depends on the "
    "machine's speed and load; without a cap, training is bounded by "
    "--max-epochs alone and the same command trains the same model anywhere.",
)
@click.option(
    "--max-epochs",
    default=30,
    show_default=True,
    type=click.IntRange(1),
    help="Passes over the training data.",
)
@click.option(
    "--vectors-from",
    multiple=True,
    type=click.Path(exists=True),
    help="Listings of abstracts (any `kg build` input) to learn word vectors from "
    "first (their first 8M words); the time counts in --max-minutes.  "
    "Repeatable.",
)
@click.option(
    "--seed",
    default=0,
    show_default=True,
    type=click.IntRange(0),
    help="Seed of the initial weights, the batch order and the word vectors: "
    "the same seed trains the same model.",
)
@click.option(
    "--start-from",
    type=click.Path(exists=True, file_okay=False),
    help="A pipeline `kg train` made (on another annotated set, say) to continue "
    "from: its weights and word vectors; labels it lacks are added.",
)
@click.option(
    "--average",
    default=1,
    show_default=True,
    type=click.IntRange(1),
    help="With --start-from: train this many models (seeds SEED, SEED+1, ...) side "
    "by side, one process per core, and keep the mean of their weights.",
)
@click.option("--verbose", "-v", is_flag=True, help="Show spaCy's training log on stderr.")
@JSON_OPTION
def train_command(
    gold_files,
    out,
    fmt,
    types,
    max_minutes,
    max_epochs,
    vectors_from,
    seed,
    start_from,
    average,
    verbose,
    as_json,
):
    """Train a spaCy NER pipeline (CPU) on annotated data.

    \b
    GOLD files are SciERC json, SciER jsonl or TDMSci CoNLL; their types are mapped
    to paperkg's (SciERC Material -> Dataset).  Use the result with
    `kg build --model DIR`, `kg extract --model DIR` or `kg eval GOLD --model DIR`.
    Label schemes differ between datasets: one model per scheme scores best, but a
    small set learns more starting from a model of a larger one:

    \b
      kg train sciER_train.jsonl --vectors-from abstracts.jsonl.gz --max-epochs 5 --out models/scier-start
      kg train scierc_train.json --start-from models/scier-start --average 4 --out models/scierc
    """
    from kg.learn.train import train

    report = train(
        list(gold_files),
        out,
        types=_types(types),
        max_minutes=max_minutes,
        max_epochs=max_epochs,
        fmt=fmt,
        quiet=not verbose,
        vectors_from=list(vectors_from) or None,
        seed=seed,
        start_from=start_from,
        average=average,
    )
    if as_json:
        _echo_json(report.to_dict())
        return
    held = report.held_out_scores
    if report.vectors:
        click.echo(
            f"vectors: {report.vectors['words']:,} words of {report.vectors['texts']:,} "
            f"texts in {report.vectors['seconds'] / 60:.1f} min"
        )
    click.echo(
        f"{report.model}: {', '.join(report.labels)} from {report.train_docs} texts "
        f"({report.entities} entities) in {report.seconds / 60:.1f} min"
        + (f", from {report.start_from}" if report.start_from else "")
        + (f", the mean of {report.averaged} models" if report.averaged > 1 else "")
        + (" (stopped by --max-minutes)" if report.stopped_by_time else "")
    )
    if held.get("ents_f") is not None:
        click.echo(
            f"held-out tenth ({report.held_out_docs} texts): P {held['ents_p']:.3f} "
            f"R {held['ents_r']:.3f} F1 {held['ents_f']:.3f}"
        )
    if report.unaligned or report.overlapping:
        click.echo(
            f"dropped {report.unaligned} spans off token boundaries and "
            f"{report.overlapping} overlapping spans"
        )


@main.command(name="extract")
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

    cluster = _engine(engine, cluster_address, partitions)
    with _progress() as progress:
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


def _curate_options(func):
    """The options every `kg curate ACTION` takes."""
    for option in reversed(
        (
            GRAPH_OPTION,
            CURATION_OPTION,
            click.option(
                "--by",
                envvar="PAPERKG_CURATOR",
                help="Who decides (kept with the decision and on what it changes); env PAPERKG_CURATOR.",
            ),
            click.option("--note", help="Why, for whoever reviews the log."),
            click.option("--wait", is_flag=True, help="If a build holds the graph, wait for it."),
            JSON_OPTION,
        )
    ):
        func = option(func)
    return func


@main.group(invoke_without_command=True)
@GRAPH_OPTION
@CURATION_OPTION
@click.option(
    "--list",
    "list_decisions",
    is_flag=True,
    help="List the decisions in the log, and those whose target is gone.",
)
@click.option(
    "--undo",
    is_flag=True,
    help="Take back the last decision: the graph as it was before it, its line out of the log.",
)
@click.option("--wait", is_flag=True, help="If a build holds the graph, wait for it.")
@JSON_OPTION
@click.pass_context
def curate(ctx, graph_path, curation_log, list_decisions, undo, wait, as_json):
    """Correct the graph, and keep the corrections: each decision is one JSON line in
    a log beside the graph (GRAPH.curation.jsonl, --curation), applied now and by
    every later build, in any order of its lines.

    \b
      kg curate reject-node method:our-method
      kg curate reject-edge arxiv:2401.00001 USES dataset:imagenet
      kg curate block "our method" --label Method      # never a node, in any build
      kg curate merge "WikiText2" "WikiText-2"         # the first into the second
      kg curate split dataset:wikitext-103 WikiText-2  # an alias (and its facts) apart
      kg curate retype method:imagenet Dataset
      kg curate rename method:sam "Sharpness-Aware Minimization"
      kg curate accept arxiv:2401.00001 PROPOSES method:fastnet --by ana
      kg curate --list
      kg curate --undo

    Nodes are named by id, name or alias (an ambiguous name is refused: give the
    id); the log keeps ids.  Curated facts carry extractor "curation", with
    curated_by and curated_at, in kg show, Cypher, RDF and the HTML page.
    """
    if ctx.invoked_subcommand is not None:
        if list_decisions or undo:
            raise KGError("--list and --undo go alone: kg curate --list, kg curate --undo")
        return
    from kg.building import curation

    if list_decisions and undo:
        raise KGError("give --list or --undo, not both")
    if undo:
        decision = curation.undo(graph_path, curation_log, wait=wait)
        if as_json:
            _echo_json({"undone": decision})
        else:
            click.echo(f"undone: {curation.describe(decision)}; {graph_path} is as it was before it")
        return
    if not list_decisions:
        click.echo(ctx.get_help())
        return
    log = curation_log or curation.log_path(graph_path)
    decisions = curation.read_log(log)
    report = curation.check(store.load(graph_path), decisions) if decisions else None
    missing = set(report.missing) if report else set()
    if as_json:
        _echo_json([{**d, "target_in_graph": curation.describe(d) not in missing} for d in decisions])
        return
    click.echo(f"{log}: {len(decisions)} decisions")
    for decision in decisions:
        line = curation.describe(decision)
        click.echo(f"  {line}" + ("   [target not in the graph]" if line in missing else ""))


def _given_to_group(name: str, value):
    """`kg curate --graph G merge ...` gives --graph to the group: use it, unless the
    action was given another one (an error: which graph was meant?)."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    group = ctx.parent
    if group is None or group.get_parameter_source(name) != ParameterSource.COMMANDLINE:
        return value
    outer = group.params[name]
    if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE and value != outer:
        raise KGError(f"two different --{name.split('_')[0]} given ({outer} and {value}): give one")
    return outer


def _record(action: str, graph_path, curation_log, by, note, wait, as_json, **targets):
    """Resolve the nodes named, check the decision applies, record it and apply the log."""
    from kg.building import curation

    graph_path = _given_to_group("graph_path", graph_path)
    curation_log = _given_to_group("curation_log", curation_log)

    graph = store.load(graph_path)
    for name in ("node", "into", "source", "target", "paper"):
        if targets.get(name):
            targets[name] = curation.resolve_node(graph, targets[name])
    if targets.get("label"):
        targets["label"] = _concept_label(targets["label"])
    decision = curation.make_decision(action, by=by, note=note, **targets)
    curation.check_applicable(graph, decision)
    del graph
    report, stats = curation.record(graph_path, decision, curation_log, wait=wait)
    if as_json:
        _echo_json({"recorded": decision, **report.to_dict(), "stats": stats})
        return
    click.echo(f"recorded: {curation.describe(decision)}")
    for effect in report.effects:
        click.echo(f"  {effect}")
    for line in report.missing:
        click.echo(f"kg: curation: target not in the graph, kept in the log: {line}", err=True)
    click.echo(
        f"{graph_path}: {stats['nodes']} nodes, {stats['edges']} edges (kg curate --undo takes it back)"
    )


def _concept_label(text: str) -> str:
    from kg import schema

    known = {label.casefold(): label for label in schema.CONCEPT_LABELS}
    if text.casefold() not in known:
        raise KGError(f"{text!r} is not a concept label ({', '.join(schema.CONCEPT_LABELS)})")
    return known[text.casefold()]


@curate.command("reject-node")
@click.argument("node")
@_curate_options
def curate_reject_node(node, **options):
    """Remove a node (a junk concept, say) and its edges from every build."""
    _record("reject-node", node=node, **options)


@curate.command("reject-edge")
@click.argument("source")
@click.argument("edge_type", metavar="TYPE")
@click.argument("target")
@click.option("--paper", help="Only the edge one paper states (by default, every paper's).")
@_curate_options
def curate_reject_edge(source, edge_type, target, paper, **options):
    """Remove the TYPE edges from SOURCE to TARGET (a wrong role, a wrong comparison)."""
    _record("reject-edge", source=source, type=edge_type.upper(), target=target, paper=paper, **options)


@curate.command("accept")
@click.argument("source")
@click.argument("edge_type", metavar="TYPE")
@click.argument("target")
@click.option("--paper", help="Only the edge one paper states (by default, every paper's).")
@_curate_options
def curate_accept(source, edge_type, target, paper, **options):
    """Pin a fact as checked: confidence 1.0, extractor "curation", who and when."""
    _record("accept", source=source, type=edge_type.upper(), target=target, paper=paper, **options)


@curate.command("block")
@click.argument("phrase")
@click.option("--label", help="Only as this label (Method, Dataset, Task, Metric); default: every one.")
@_curate_options
def curate_block(phrase, label, **options):
    """Never make a concept of this phrase (its case, hyphen and plural variants too)."""
    _record("block", phrase=phrase, label=label, **options)


@curate.command("merge")
@click.argument("node")
@click.argument("into")
@_curate_options
def curate_merge(node, into, **options):
    """Merge concept NODE into concept INTO (same label): its aliases, papers and edges."""
    _record("merge", node=node, into=into, **options)


@curate.command("split")
@click.argument("node")
@click.argument("alias")
@_curate_options
def curate_split(node, alias, **options):
    """Split an alias off a concept into a concept of its own, with the facts papers
    stated using that alias (a bad merge such as WikiText-2 inside WikiText-103)."""
    _record("split", node=node, alias=alias, **options)


@curate.command("retype")
@click.argument("node")
@click.argument("label")
@_curate_options
def curate_retype(node, label, **options):
    """Give a concept another label (its id follows; roles follow: PROPOSES a Method
    becomes INTRODUCES a Dataset; edges the new label cannot have are reported)."""
    _record("retype", node=node, label=label, **options)


@curate.command("rename")
@click.argument("node")
@click.argument("name")
@_curate_options
def curate_rename(node, name, **options):
    """Show a node under another name (its id stays; the old names stay aliases)."""
    _record("rename", node=node, name=name, **options)


SERVER_OPTIONS = [
    click.option(
        "--uri", envvar="NEO4J_URI", help="Neo4j-protocol server (bolt://HOST:PORT); env NEO4J_URI."
    ),
    click.option("--user", envvar="NEO4J_USER", help="Server user; env NEO4J_USER."),
    click.option("--password", envvar="NEO4J_PASSWORD", help="Server password; env NEO4J_PASSWORD."),
    click.option(
        "--database",
        envvar="NEO4J_DATABASE",
        help="Database on the server (default: its home database); env NEO4J_DATABASE.",
    ),
]


def _server_options(func):
    for option in reversed(SERVER_OPTIONS):
        func = option(func)
    return func


@main.command()
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
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
@click.option(
    "--write", is_flag=True, help="Allow a query that writes (server only); otherwise it is refused."
)
@GRAPH_OPTION
@MIN_CONFIDENCE_OPTION
@_server_options
def query(
    cypher,
    query_name,
    list_queries,
    params,
    fmt,
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
      kg query --uri bolt://localhost:7687 --name top-datasets
    Parameters go to the engine as parameters, never pasted into the query.  The graph
    file is read-only to Cypher; a server takes writes with --write.
    """
    import queries as named
    from kg.errors import KGError
    from kg.query.query import parse_params, render, run, typed_ad_hoc

    if list_queries:
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


@main.command()
@GRAPH_OPTION
@_server_options
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
    with _progress() as progress:
        progress.phase("loading the graph")
        graph = store.load(graph_path, min_confidence)
        progress.phase("pushing", total=graph.number_of_nodes() + graph.number_of_edges(), unit="item")
        report = run_push(graph, connection, batch_size=batch_size, progress=progress.update, prune=prune)
    if as_json:
        _echo_json({"uri": connection.uri, **vars(report)})
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


@main.group()
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
        _echo_json(report)
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
        _echo_json(report)
    else:
        click.echo(f"{out}: {report['summary']} ({'physics' if report['physics'] else 'precomputed layout'})")


@main.command()
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
        _echo_json(report.as_dict() | ({"plot": plot_path} if plot_path else {}))
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


RDF_FORMATS = ["turtle", "nt", "jsonld", "xml"]


def _rdf_module(name: str):
    """Import one of the RDF commands' modules; without the `rdf` extra, say how to get it."""
    import importlib

    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name in ("rdflib", "pyshacl", "pyshacl_turbo", "pyoxigraph", "oxrdflib"):
            raise KGError(
                f"{exc.name} is not installed: RDF commands need pip install 'paperkg[rdf]'"
            ) from None
        raise


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
    triples = _rdf_module("exports.rdf").export(
        graph_path, out, fmt, license_iri, min_confidence=min_confidence
    )
    if out != "-":
        click.echo(f"{out}: {triples} triples", err=True)


@main.command()
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
    with _progress() as progress:
        report = _rdf_module("exports.rdf_validate").validate(
            rdf_file, fmt, allow_service, engine=engine, progress=progress
        )
    if as_json:
        _echo_json({"file": rdf_file, **report.as_json()})
    elif not report.conforms:
        click.echo(report.text)
    if not report.conforms:
        click.echo(
            f"{rdf_file}: does NOT conform to the paperkg shapes ({len(report.results)} results)", err=True
        )
        sys.exit(1)
    if not as_json:
        click.echo(f"{rdf_file}: conforms to the paperkg shapes ({report.triples} triples)")


@main.command()
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
    sparql_queries = _rdf_module("queries.sparql")
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


_COMMAND_PID: list[int] = []


def _terminated(signum, frame):
    """SIGTERM (a `kill`, a job scheduler) stops a command the way Ctrl-C does: files
    being written are removed, nothing half-written is left.  Worker processes forked
    from the command (which their pool stops with SIGTERM) die as they did before."""
    import os
    import signal

    if os.getpid() not in _COMMAND_PID:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        return
    raise KeyboardInterrupt


def run() -> None:
    """The `kg` command: the console script and `python -m kg`."""
    import os
    import signal

    _COMMAND_PID.append(os.getpid())
    signal.signal(signal.SIGTERM, _terminated)
    try:
        main()
    finally:
        # The process ends here.  Left as they are, the objects a command made (a loaded
        # graph: 2 M of them, in reference cycles) would be freed one by one by the
        # cyclic collector at exit: 1.2-1.6 s after the work is done, for memory the OS
        # takes back at once.  Frozen, no collection visits them again.
        gc.freeze()


if __name__ == "__main__":
    run()
