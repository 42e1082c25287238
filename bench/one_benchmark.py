"""Building papers that all report on one benchmark, against the same papers reporting
on none (issue #20 bar 3: 20k such papers in <= 2x the time of 20k ordinary ones).

The ordinary papers are the first N abstracts of the corpus; the others are the same
abstracts, each followed by "Our method reaches 84.2% top-1 accuracy on ImageNet.",
so both builds extract the same text but for that sentence, and every paper of the
second adds a REPORTS edge to one Benchmark node.  Each `kg build` is one fresh
command into an empty graph, timed whole (wall seconds, peak memory).

    python bench/one_benchmark.py [--sizes 5000,10000,20000] [--jobs N]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpus_rows, kg, run_measured, write_jsonl  # noqa: E402

SENTENCE = " Our method reaches 84.2% top-1 accuracy on ImageNet."


def build_seconds(rows: list[dict], folder: Path, name: str, jobs: int) -> tuple[float, float]:
    listing = write_jsonl(rows, folder / f"{name}.jsonl")
    return run_measured(kg("build", listing, "--graph", folder / f"{name}.graph.json.zst",
                           "--jobs", jobs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,10000,20000", help="papers per build, comma-separated")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = corpus_rows(max(sizes))
    print(f"{'papers':>7} {'ordinary s':>11} {'one benchmark s':>16} {'ratio':>6} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            ordinary = [{"title": r["title"], "abstract": r["abstract"]} for r in rows[:size]]
            hostile = [{"title": r["title"], "abstract": r["abstract"] + SENTENCE} for r in rows[:size]]
            plain_s, plain_mib = build_seconds(ordinary, Path(tmp), f"ordinary-{size}", args.jobs)
            one_s, one_mib = build_seconds(hostile, Path(tmp), f"one-benchmark-{size}", args.jobs)
            print(f"{size:7} {plain_s:11.1f} {one_s:16.1f} {one_s / plain_s:6.2f} "
                  f"{max(plain_mib, one_mib):9.0f}", flush=True)
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
