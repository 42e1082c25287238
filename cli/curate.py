"""`kg curate` and its actions, reject-node, reject-edge, accept, block, merge, split, retype, rename.
May import cli.options and anything below cli; no other command module."""

from __future__ import annotations

import click

from cli.options import CURATION_OPTION, GRAPH_OPTION, JSON_OPTION, echo_json
from kg.errors import KGError
from kg.store import store


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


@click.group(invoke_without_command=True)
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
            echo_json({"undone": decision})
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
        echo_json([{**d, "target_in_graph": curation.describe(d) not in missing} for d in decisions])
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
        echo_json({"recorded": decision, **report.to_dict(), "stats": stats})
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
