"""`kg eval`, `kg calibrate` and `kg train`: score the extractors, measure confidences, train NER.
May import cli.options and anything below cli; no other command module."""

from __future__ import annotations

import json

import click

from cli.options import GRAPH_OPTION, JSON_OPTION, MIN_CONFIDENCE_OPTION, TYPES_OPTION, echo_json, split_types
from kg.errors import KGError
from kg.store import store


@click.command(name="eval")
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
        gold_file, fmt, model=model, mentions=mentions, types=split_types(types), jobs=jobs, limit=limit
    )
    if as_json:
        echo_json(report)
    else:
        click.echo(evaluate.render(report))


@click.command(name="calibrate")
@click.option(
    "--cards",
    "cards_files",
    metavar="CARDS",
    multiple=True,
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A paper-card file; give several to fit one table on all of them.",
)
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True)
@click.option(
    "--write",
    "write_table",
    is_flag=True,
    help="Rewrite extractors/data/confidence.tsv with the measured table.",
)
@JSON_OPTION
def calibrate_command(cards_files, inputs, write_table, as_json):
    """Measure each kind of evidence's precision on paper cards: the confidence table.

    \b
    INPUT... are the listings the cards were read from; their carded papers are built
    into a graph in a temporary folder (the rest is read and skipped), each fact about
    a carded paper is scored and traced to the rule that found it.  Prints the table,
    the reliability table in-sample and held out (fitted on every other card, measured
    on the rest); --write stores the table, which every later extraction uses for its
    confidences.

    \b
    Example (the seed listings' cards and the arXiv corpus's, as the shipped table):
      kg calibrate --cards tests/data/paper_cards/cards.jsonl \\
        --cards tests/data/paper_cards/arxiv_cards.jsonl \\
        ../shared/seeds ../shared/data/corpus/arxiv_cs_abstracts.jsonl.gz --write
    """
    from kg.learn import calibrate

    report = calibrate.calibrate(list(cards_files), list(inputs))
    if write_table:
        calibrate.write_table(report["table"])
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if as_json else calibrate.render(report))
    if write_table and not as_json:
        click.echo(f"wrote {len(report['table'])} kinds to extractors/data/confidence.tsv", err=True)


@click.command(name="train")
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
        types=split_types(types),
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
        echo_json(report.to_dict())
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
