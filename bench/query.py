"""Whole `kg` processes on a big graph through its query index, beside today's path
(a process that loads the whole graph file, as every command did before the index),
and the cost of writing the index: from scratch, and for a day added to the graph.

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
from common import kg, run_measured  # noqa: E402

_OLD_STATS = "import sys; from kg import store; from kg.model import GraphModel; GraphModel(store.load(sys.argv[1])).stats()"


def load() -> str:
    return "load %.1f %.1f %.1f" % os.getloadavg()


def median_process(command: list[str], repeat: int) -> float:
    return statistics.median(run_measured(command)[0] for _ in range(repeat))


def anchors(graph: Path) -> tuple[str, str]:
    """A paper with related papers, and the most mentioned dataset's name (read from the
    index, so the bench costs no graph load)."""
    from kg.cypher_embedded import run

    _, rows = run(str(graph), "MATCH (p:Paper)-[]->(x)<-[]-(q:Paper) WHERE p.id < 'arxiv:2507' "
                              "RETURN p.id AS id LIMIT 1")
    _, top = run(str(graph), "MATCH (:Paper)-[:EVALUATES_ON]->(d:Dataset) RETURN d.name AS name, "
                             "count(*) AS n ORDER BY n DESC LIMIT 1")
    return rows[0]["id"], top[0]["name"]


def index_write_seconds(graph: Path) -> float:
    """Writing the whole index of the graph, in-process (the graph loaded first, untimed)."""
    from kg import query_index, store
    from kg.model import GraphModel

    data = graph.read_bytes()
    loaded = store.loads(data, str(graph))
    with tempfile.TemporaryDirectory(dir=graph.parent) as folder:
        start = time.perf_counter()
        query_index.write(loaded, Path(folder) / graph.name, query_index.digest_bytes(data),
                          GraphModel(loaded).stats(), graph_stat=os.stat(graph))
        return time.perf_counter() - start


def day_seconds(graph: Path, day: Path) -> tuple[float, float]:
    """(index seconds, whole build seconds) of `kg build DAY` onto a copy of the graph and
    its index, in-process, with the index write timed inside the build."""
    from kg import build, query_index

    spent = []
    original = query_index.write

    def timed_write(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    with tempfile.TemporaryDirectory(dir=graph.parent) as folder:
        copy = Path(folder) / graph.name
        shutil.copyfile(graph, copy)
        shutil.copytree(query_index.index_dir(graph), query_index.index_dir(copy))
        query_index.graph_digest(copy)  # (the copy's stat differs: hashed once, as a build would)
        query_index.write = timed_write
        try:
            start = time.perf_counter()
            build.build([str(day)], str(copy))
            total = time.perf_counter() - start
        finally:
            query_index.write = original
    return spent[0], total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, required=True)
    parser.add_argument("--day", type=Path, help="a listing to add, for the index update cost")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reads-only", action="store_true",
                        help="time the reading commands only, not the index writes (minutes)")
    args = parser.parse_args()
    graph = args.graph
    paper, dataset = anchors(graph)  # (also builds the index if it is missing)
    print(f"{graph}: anchor paper {paper}, concept {dataset!r}; medians of {args.repeat} processes")
    baseline = median_process([sys.executable, "-c", _OLD_STATS, str(graph)], args.repeat)
    print(f"  {'baseline: load the graph + stats':<36} {baseline:6.2f} s   ({load()})")
    for title, command in (
            ("kg query --name related-papers", kg("query", "--graph", graph, "--name", "related-papers",
                                                   "--param", f"paper={paper}")),
            (f"kg show {dataset}", kg("show", dataset, "--graph", graph)),
            # an id in another form: resolved by the rules of kg/resolve.py, not by key
            (f"kg show {paper.removeprefix('arxiv:')}v2", kg("show", f"{paper.removeprefix('arxiv:')}v2",
                                                            "--graph", graph)),
            ("kg stats", kg("stats", "--graph", graph))):
        seconds = median_process(command, args.repeat)
        print(f"  {title:<36} {seconds:6.2f} s   {seconds / baseline:5.3f}x baseline   ({load()})")
    if args.reads_only:
        return
    full = index_write_seconds(graph)
    print(f"  {'index written from scratch':<36} {full:6.2f} s   ({load()})")
    if args.day:
        index, total = day_seconds(graph, args.day)
        print(f"  {'index update for ' + args.day.name:<36} {index:6.2f} s   of a {total:.1f} s build "
              f"({index / total:.0%})   ({load()})")


if __name__ == "__main__":
    main()
