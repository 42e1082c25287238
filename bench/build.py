"""A full `kg build` of the 75k corpus, loading the saved graph, and one more day.

Prints wall time and peak memory of the full build, the graph file's size, the
median time to load it, and the median time (of --repeat runs, each onto a fresh copy)
to add one more day of papers (the newest ~500 by first_seen_date) to a graph built
from everything before it: single runs of that 8-10 s command spread by 2 s on this
2-core VM, mostly in the kernel's page-fault time.  The baseline of the same run is
reading the corpus JSON alone.

    python bench/build.py [--limit N] [--jobs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpus_rows, kg, median_seconds, run_measured, write_jsonl  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="first N abstracts only (default: all)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--day", type=int, default=500, help="papers in the incremental day")
    parser.add_argument("--repeat", type=int, default=3, help="incremental builds timed (median)")
    args = parser.parse_args()
    start = time.perf_counter()
    rows = corpus_rows(args.limit)
    read_seconds = time.perf_counter() - start
    rows.sort(key=lambda r: (r.get("first_seen_date") or "", r.get("arxiv_id") or ""))
    base, day = rows[: -args.day], rows[-args.day :]
    from kg.store import store

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        everything = write_jsonl(rows, tmp / "all.jsonl")
        full_graph = tmp / "full.json.zst"
        full_s, full_peak = run_measured(kg("build", everything, "--graph", full_graph, "--jobs", args.jobs))
        size = full_graph.stat().st_size
        load_s = median_seconds(lambda: store.load(full_graph))
        graph = store.load(full_graph)
        nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
        del graph

        base_graph = tmp / "base.json.zst"
        run_measured(
            kg("build", write_jsonl(base, tmp / "base.jsonl"), "--graph", base_graph, "--jobs", args.jobs)
        )
        day_file = write_jsonl(day, tmp / "day.jsonl")
        day_runs = []  # each onto a fresh copy of the base graph
        for run in range(args.repeat):
            grown_graph = tmp / f"grown{run}.json.zst"
            shutil.copyfile(base_graph, grown_graph)
            day_runs.append(run_measured(kg("build", day_file, "--graph", grown_graph)))
        day_s = statistics.median(seconds for seconds, _ in day_runs)
        day_peak = max(peak for _, peak in day_runs)
        grown = store.load(grown_graph)
        # Not byte-identical by design: papers record their listing (base.jsonl:N vs
        # all.jsonl:N); the same nodes and edges must be there.
        same = (grown.number_of_nodes(), grown.number_of_edges()) == (nodes, edges)
    print(json.dumps({"abstracts": len(rows), "nodes": nodes, "edges": edges}))
    print(f"baseline: reading the corpus JSON      {read_seconds:7.1f} s")
    print(
        f"full kg build --jobs {args.jobs}                {full_s:7.1f} s   peak {full_peak:6.0f} MiB"
        f"   (bar: <= 600 s, <= 4096 MiB)"
    )
    print(f"graph file                             {size / 1024**2:7.1f} MiB")
    print(f"load the saved graph (median of 3)     {load_s:7.2f} s   (bar: <= 5 s)")
    print(
        f"incremental build of {len(day)} papers       {day_s:7.1f} s   peak {day_peak:6.0f} MiB"
        f"   (bar: <= 10 s; median of {len(day_runs)}: "
        f"{', '.join(f'{seconds:.1f}' for seconds, _ in day_runs)} s)"
    )
    print(f"base + day has the full build's node and edge counts: {same}")


if __name__ == "__main__":
    main()
