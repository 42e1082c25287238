"""Issue #20, bar 4: thousands of mutated graph files and mentions lines through the
real `kg` commands (in-process): tracebacks, hangs over 10 s, and graphs a refusal
changed or a success left unloadable are counted; all three must be 0.

    python bench/hostile_files.py [--graph-cases 1000] [--mentions-cases 1000] [--seed 0]

Prints the counts, the time per case against the time of the same commands on the
undamaged graph (the baseline, measured in the same run), and the load average.
Inputs are the hand-made schema graph of tests/graphs.py, grown as later builds grow
a graph (tests/hostile_files.py: `grown_graph`), and lines of its shape: no shared data
is needed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [
    str(Path(__file__).resolve().parent.parent),  # this checkout's kg
    str(Path(__file__).resolve().parent.parent / "tests"),
]  # graphs, hostile_files

import orjson  # noqa: E402

import hostile_files  # noqa: E402
from kg.store import store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph-cases", type=int, default=1000)
    parser.add_argument("--mentions-cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paperkg-hostile-") as folder:
        work = Path(folder)
        graph, mentions = work / "good.graph.json.zst", work / "good.mentions.jsonl"
        store.save(hostile_files.grown_graph(), graph)
        mentions.write_bytes(b"\n".join(map(orjson.dumps, hostile_files.good_mentions_lines(20))) + b"\n")
        baseline_tally = hostile_files.Tally()
        start = time.perf_counter()
        for _ in range(20):  # the same commands on the undamaged graph
            for command in (
                ["stats", "--graph", graph],
                ["export", "rdf", "--graph", graph, "--out", work / "base.nt"],
            ):
                hostile_files.run_kg(command, baseline_tally, "baseline")
        baseline = (time.perf_counter() - start) / 20
        failed = False
        for what, fuzz, cases in (
            ("mutated graph files", hostile_files.fuzz_graph_files, args.graph_cases),
            ("mutated mentions lines", hostile_files.fuzz_mentions_lines, args.mentions_cases),
        ):
            start = time.perf_counter()
            tally = fuzz(
                graph,
                mentions,
                work,
                cases,
                seed=args.seed,
                progress=lambda i: (
                    print(f"  {what}: {i + 1}/{cases}", end="\r", file=sys.stderr)
                    if (i + 1) % 100 == 0
                    else None
                ),
            )
            per_case = (time.perf_counter() - start) / max(cases, 1)
            print(tally.line(what))
            print(
                f"  {per_case * 1000:.0f} ms per case, {per_case / baseline:.1f}x the baseline "
                f"(stats + export rdf on the good graph: {baseline * 1000:.0f} ms); "
                f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
            )
            for case, command, text in tally.tracebacks[:5]:
                print(f"  TRACEBACK {case}: kg {' '.join(map(str, command[:3]))}\n{text}")
            for case, command in tally.hangs[:5]:
                print(f"  HANG {case}: kg {' '.join(map(str, command[:3]))}")
            for case, reason in tally.graph_damaged[:5]:
                print(f"  GRAPH {case}: {reason}")
            failed |= bool(tally.tracebacks or tally.hangs or tally.graph_damaged)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
