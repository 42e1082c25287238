"""Whole `kg` processes on a big graph through its query index, beside today's path
(a process that loads the whole graph file, as every command did before the index),
and the cost of writing the index: from scratch, beside the graph file's save as a first
build writes it, and for a day added to the graph (the build with the index against
the same build without it).

    python bench/query.py --graph BIG.json.zst [--day DAY.jsonl] [--repeat 5] [--reads-only]

Prints medians of --repeat runs of each command, their ratio to the baseline measured
in the same run, and the load average beside them (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]
from common import kg, measure_process  # noqa: E402

_OLD_STATS = "import sys; from kg.store import store; from kg.model.graph_model import GraphModel; GraphModel(store.load(sys.argv[1])).stats()"


def load() -> str:
    return "load %.1f %.1f %.1f" % os.getloadavg()


def median_process(command: list[str], repeat: int) -> tuple[float, float]:
    """Medians of (wall, CPU user+sys seconds) over `repeat` processes."""
    runs = [measure_process(command)[:2] for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def cpu_seconds() -> float:
    usage = os.times()
    return usage.user + usage.system


def anchors(graph: Path) -> tuple[str, str]:
    """A paper with related papers, and the most mentioned dataset's name (read from the
    index, so the bench costs no graph load)."""
    from kg.query.cypher_embedded import run

    _, rows = run(
        str(graph),
        "MATCH (p:Paper)-[]->(x)<-[]-(q:Paper) WHERE p.id < 'arxiv:2507' RETURN p.id AS id LIMIT 1",
    )
    _, top = run(
        str(graph),
        "MATCH (:Paper)-[:EVALUATES_ON]->(d:Dataset) RETURN d.name AS name, "
        "count(*) AS n ORDER BY n DESC LIMIT 1",
    )
    return rows[0]["id"], top[0]["name"]


def index_write_seconds(graph: Path) -> tuple[float, float]:
    """(wall, CPU) seconds writing the whole index of the graph, in-process (the graph
    loaded first, untimed; CPU: every thread of this process, the engine's too)."""
    from kg.store import query_index, store
    from kg.model.graph_model import GraphModel

    data = graph.read_bytes()
    loaded = store.loads(data, str(graph))
    with tempfile.TemporaryDirectory(dir=graph.parent) as folder:
        start, cpu = time.perf_counter(), cpu_seconds()
        query_index.write(
            loaded,
            Path(folder) / graph.name,
            query_index.digest_bytes(data),
            GraphModel(loaded).stats(),
            graph_stat=os.stat(graph),
        )
        return time.perf_counter() - start, cpu_seconds() - cpu


def save_and_index_seconds(graph: Path) -> dict[str, tuple[float, float]]:
    """(wall, CPU) of what a first build does once its graph is made, in-process: saving
    the graph file alone; then saving it and writing its index after the save (as before
    `query_index.Ahead`); then with the index begun ahead of the save, as `kg build` does
    now.  What the index adds to the build is each of the last two less the first."""
    from kg.store import query_index, store
    from kg.model.graph_model import GraphModel

    loaded = store.load(graph)
    stats = GraphModel(loaded).stats()
    spent = {}
    for name in ("save alone", "save, then the index", "save, the index begun ahead"):
        with tempfile.TemporaryDirectory(dir=graph.parent) as folder:
            path = Path(folder) / graph.name
            start, cpu = time.perf_counter(), cpu_seconds()
            ahead = query_index.Ahead(loaded, path) if name.endswith("ahead") else None
            try:
                digest = store.save(loaded, path)
                if name != "save alone":
                    query_index.write(loaded, path, digest.hex(), stats, ahead=ahead)
            finally:
                if ahead:
                    ahead.discard()
            spent[name] = time.perf_counter() - start, cpu_seconds() - cpu
    return spent


def day_build_seconds(graph: Path, day: Path, index: bool) -> tuple[float, float]:
    """(wall, CPU) of `kg build DAY` onto a copy of the graph and its index, in-process;
    with `index` False the query index is left alone (its write and its update begun
    ahead of the save made no-ops), so that the difference is what the index adds to
    the build, whatever of it runs beside the save."""
    from kg.building import build
    from kg.store import query_index

    originals = query_index.write, query_index.update_ahead
    with tempfile.TemporaryDirectory(dir=graph.parent) as folder:
        copy = Path(folder) / graph.name
        shutil.copyfile(graph, copy)
        shutil.copytree(query_index.index_dir(graph), query_index.index_dir(copy))
        query_index.graph_digest(copy)  # (the copy's stat differs: hashed once, as a build would)
        if not index:
            query_index.write = lambda *args, **kwargs: None
            query_index.update_ahead = lambda *args, **kwargs: None
        try:
            start, cpu = time.perf_counter(), cpu_seconds()
            build.build([str(day)], str(copy))
            return time.perf_counter() - start, cpu_seconds() - cpu
        finally:
            query_index.write, query_index.update_ahead = originals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, required=True)
    parser.add_argument("--day", type=Path, help="a listing to add, for the index update cost")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--reads-only",
        action="store_true",
        help="time the reading commands only, not the index writes (minutes)",
    )
    args = parser.parse_args()
    graph = args.graph
    paper, dataset = anchors(graph)  # (also builds the index if it is missing)
    print(f"{graph}: anchor paper {paper}, concept {dataset!r}; medians of {args.repeat} processes")
    baseline, baseline_cpu = median_process([sys.executable, "-c", _OLD_STATS, str(graph)], args.repeat)
    print(
        f"  {'baseline: load the graph + stats':<36} {baseline:6.2f} s ({baseline_cpu:6.2f} s CPU)   "
        f"({load()})"
    )
    for title, command in (
        (
            "kg query --name related-papers",
            kg("query", "--graph", graph, "--name", "related-papers", "--param", f"paper={paper}"),
        ),
        (f"kg show {dataset}", kg("show", dataset, "--graph", graph)),
        # an id in another form: resolved by the rules of kg/model/resolve.py, not by key
        (
            f"kg show {paper.removeprefix('arxiv:')}v2",
            kg("show", f"{paper.removeprefix('arxiv:')}v2", "--graph", graph),
        ),
        ("kg stats", kg("stats", "--graph", graph)),
    ):
        seconds, cpu = median_process(command, args.repeat)
        print(
            f"  {title:<36} {seconds:6.2f} s ({cpu:6.2f} s CPU)   {seconds / baseline:5.3f}x baseline "
            f"({cpu / baseline_cpu:5.3f}x CPU)   ({load()})"
        )
    if args.reads_only:
        return
    full, full_cpu = index_write_seconds(graph)
    print(f"  {'index written from scratch':<36} {full:6.2f} s ({full_cpu:6.2f} s CPU)   ({load()})")
    spent = save_and_index_seconds(graph)
    alone, alone_cpu = spent["save alone"]
    for name, (seconds, cpu) in spent.items():
        adds = (
            ""
            if name == "save alone"
            else f"   index adds {seconds - alone:6.2f} s ({cpu - alone_cpu:6.2f} s CPU)"
        )
        print(f"  {name:<36} {seconds:6.2f} s ({cpu:6.2f} s CPU){adds}   ({load()})")
    if args.day:
        alone, alone_cpu = day_build_seconds(graph, args.day, index=False)
        print(
            f"  {'build ' + args.day.name + ', no index':<36} {alone:6.2f} s ({alone_cpu:6.2f} s CPU)   ({load()})"
        )
        total, total_cpu = day_build_seconds(graph, args.day, index=True)
        print(
            f"  {'build ' + args.day.name + ', index updated':<36} {total:6.2f} s ({total_cpu:6.2f} s CPU)"
            f"   index adds {total - alone:6.2f} s ({total_cpu - alone_cpu:6.2f} s CPU)   ({load()})"
        )


if __name__ == "__main__":
    main()
