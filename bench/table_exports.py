"""Time and size of the GraphML, node-link JSON and neo4j-admin CSV exports (#19 bar 3).

    python bench/table_exports.py --graph /work/big-curate/graph.json.zst [--repeat 1]

The graph is loaded once; each export then writes it to a temporary folder.  Printed
per format: CPU and wall seconds, the output's size, and the ratio of CPU time to a
baseline measured in the same run on the same loaded graph:
- GraphML against networkx's own `write_graphml`, on a copy of the graph made
  writable for it beforehand (None values dropped, lists as JSON text: it refuses
  both), the copy not timed;
- node-link JSON against `networkx.node_link_data` dumped with the standard library's
  `json` (the whole document in memory);
- CSV against the Turtle export (`kg export rdf`, the fastest writer the project had),
  for want of a CSV writer of this graph to compare with.
Then the peak memory (VmHWM) of a child process running each export, beside one that
only loads the graph.  CPU time is the fairer figure on a shared machine; the load
average is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import networkx as nx  # noqa: E402
import orjson  # noqa: E402

from exports import graphml, neo4j_csv, node_link, rdf  # noqa: E402
from exports.rdf_text import ExportSummary  # noqa: E402
from kg.store import store  # noqa: E402


def timed(action) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    action()
    return time.process_time() - cpu, time.perf_counter() - wall


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def child_peak_mib(code: str) -> float:
    report = "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{report}"], cwd=REPO, check=True, capture_output=True, text=True
    )
    return int(done.stdout.split()[-1]) / 1024


def writable_for_networkx(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    def clean(data):
        return {
            k: (orjson.dumps(v).decode() if isinstance(v, list) else v)
            for k, v in data.items()
            if v is not None
        }

    copy = nx.MultiDiGraph()
    copy.add_nodes_from((n, clean(d)) for n, d in graph.nodes(data=True))
    copy.add_edges_from((u, v, k, clean(d)) for u, v, k, d in graph.edges(keys=True, data=True))
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", required=True)
    parser.add_argument("--repeat", type=int, default=1, help="Runs of each; the best is kept.")
    parser.add_argument("--no-memory", action="store_true", help="Skip the child-process peaks.")
    args = parser.parse_args()
    args.graph = str(Path(args.graph).resolve())
    holder = {}
    load_cpu, load_wall = timed(lambda: holder.setdefault("g", store.load(args.graph)))
    graph = holder["g"]
    print(
        f"graph: {args.graph}: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges "
        f"(loaded in {load_wall:.1f} s wall, {load_cpu:.1f} s CPU)"
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(dir=Path(args.graph).parent) as work:
        work = Path(work)
        nx_copy = writable_for_networkx(graph)
        runs = {
            "graphml": (lambda: graphml.export(graph, str(work / "g.graphml")), work / "g.graphml"),
            "baseline nx.write_graphml": (
                lambda: nx.write_graphml(nx_copy, work / "nx.graphml"),
                work / "nx.graphml",
            ),
            "json (node-link)": (lambda: node_link.export(graph, str(work / "g.json")), work / "g.json"),
            "baseline nx.node_link_data + json.dump": (
                lambda: json.dump(
                    nx.node_link_data(graph, edges="edges"),
                    open(work / "nx.json", "w", encoding="utf-8"),
                    ensure_ascii=False,
                ),
                work / "nx.json",
            ),
            "csv (neo4j-admin)": (lambda: neo4j_csv.export(graph, str(work / "csv")), work / "csv"),
            "baseline turtle (kg export rdf)": (
                lambda: rdf.write(graph, open(work / "g.ttl", "wb"), "turtle", ExportSummary(), None, "g"),
                work / "g.ttl",
            ),
        }
        best = {}
        for _ in range(args.repeat):
            for name, (action, _) in runs.items():
                cpu, wall = timed(action)
                old = best.get(name)
                best[name] = (cpu, wall) if old is None or cpu < old[0] else old
        print(f"{'export':<42}{'CPU s':>8}{'wall s':>8}{'MiB':>9}{'CPU vs baseline':>17}")
        baseline_of = {
            "graphml": "baseline nx.write_graphml",
            "json (node-link)": "baseline nx.node_link_data + json.dump",
            "csv (neo4j-admin)": "baseline turtle (kg export rdf)",
        }
        for name, (_, path) in runs.items():
            cpu, wall = best[name]
            ratio = f"{cpu / best[baseline_of[name]][0]:.2f}x" if name in baseline_of else ""
            print(f"{name:<42}{cpu:>8.1f}{wall:>8.1f}{size_of(path) / 2**20:>9.1f}{ratio:>17}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.no_memory:
            return
        load = f"from kg.store import store\ng = store.load({args.graph!r})"
        only = child_peak_mib(load)
        print(f"peak memory: loading alone {only:.0f} MiB")
        for name, code in (
            ("graphml", f"from exports import graphml\ngraphml.export(g, {str(work / 'm.graphml')!r})"),
            ("json", f"from exports import node_link\nnode_link.export(g, {str(work / 'm.json')!r})"),
            ("csv", f"from exports import neo4j_csv\nneo4j_csv.export(g, {str(work / 'mcsv')!r})"),
        ):
            peak = child_peak_mib(f"{load}\n{code}")
            print(f"peak memory: {name:<8}{peak:.0f} MiB (+{peak - only:.0f} over loading)")


if __name__ == "__main__":
    main()
