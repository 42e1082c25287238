"""What several `kg` commands share: --graph, --json, --min-confidence, --curation, extraction, engine,
server, --types and RDF options, JSON and progress output.  May import below cli, no module of cli."""

from __future__ import annotations

import json

import click

from kg.errors import KGError
from kg.store import store

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


def cluster_engine(engine: str, cluster_address: str | None, partitions: int | None):
    from kg.building.cluster import Engine

    return Engine(engine, cluster_address, partitions)


def echo_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False))


def show_progress():
    """Progress on stderr: a bar on a terminal, elsewhere a line every few seconds
    (PAPERKG_PROGRESS_SECONDS); see kg/progress.py."""
    from kg.progress import Progress

    return Progress()


def split_types(values) -> list[str] | None:
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


def server_options(func):
    for option in reversed(SERVER_OPTIONS):
        func = option(func)
    return func


RDF_FORMATS = ["turtle", "nt", "jsonld", "xml"]


def rdf_module(name: str):
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
