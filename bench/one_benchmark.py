"""Building papers that all report on one benchmark, against the same papers reporting
on none (issue #20 bar 3: 20k such papers in <= 2x the time of 20k ordinary ones).

The ordinary papers are the first N abstracts of the corpus; the others are the same
abstracts, each followed by "Our method reaches 84.2% top-1 accuracy on ImageNet.",
so both builds extract the same text but for that sentence, and every paper of the
second adds a REPORTS edge to one Benchmark node.  Each `kg build` is one fresh
command into an empty graph, timed whole (wall and CPU seconds, peak memory).

    python bench/one_benchmark.py [--sizes 5000,10000,20000] [--jobs N] [--model-only]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, corpus_rows, kg, write_jsonl  # noqa: E402

SENTENCE = " Our method reaches 84.2% top-1 accuracy on ImageNet."


#: Wall seconds, CPU seconds (user + system, the figure a loaded machine shifts
#: least) and peak RSS of one command, from a wrapper process of its own.
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); code = subprocess.call(sys.argv[1:])\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(time.perf_counter() - t, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code,"
    " file=sys.stderr)\n"
)


def build_cost(rows: list[dict], folder: Path, name: str, jobs: int) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MiB) of `kg build` of these rows into a new graph."""
    listing = write_jsonl(rows, folder / f"{name}.jsonl")
    command = kg("build", listing, "--graph", folder / f"{name}.graph.json.zst", "--jobs", jobs)
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall, cpu, peak_kib, code = done.stderr.strip().splitlines()[-1].split()
    if int(code) != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{done.stderr}")
    return float(wall), float(cpu), int(peak_kib) / 1024


def model_cpu_seconds(papers: int, one_benchmark: bool) -> float:
    """CPU seconds of the graph model alone (add every extraction, canonicalise) for
    hand-made extractions: each paper proposes its own method and, with
    `one_benchmark`, reports top-1 accuracy on ImageNet.  Extraction costs nothing
    here, so what the benchmark's reports cost the model shows whole."""
    sys.path[:0] = [str(REPO), str(REPO / "tests")]
    from graphs import _extraction
    from kg.model.graph_model import GraphModel

    extractions = [
        _extraction(
            f"2401.{i:05d}",
            f"Paper {i}",
            [
                ("Method", f"Net{i}", "PROPOSES"),
                ("Dataset", "ImageNet", "EVALUATES_ON"),
                ("Metric", "top-1 accuracy", "USES"),
            ],
            results=[(1, None, 2, 0, 80.0, "%")] if one_benchmark else [],
        )
        for i in range(papers)
    ]
    model, start = GraphModel(), time.process_time()
    for extraction in extractions:
        model.add_extraction(extraction)
    model.canonicalise()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,10000,20000", help="papers per build, comma-separated")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument(
        "--model-only",
        action="store_true",
        help="time the graph model on hand-made extractions, not whole builds",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.model_only:
        print(f"{'papers':>7} {'no results CPU s':>17} {'one benchmark CPU s':>20} {'ratio':>6}")
        for size in sizes:
            plain, one = model_cpu_seconds(size, False), model_cpu_seconds(size, True)
            print(f"{size:7} {plain:17.2f} {one:20.2f} {one / plain:6.2f}", flush=True)
        print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        return
    rows = corpus_rows(max(sizes))
    print(
        f"{'papers':>7} {'ordinary wall/CPU s':>20} {'one benchmark wall/CPU s':>25} "
        f"{'CPU ratio':>9} {'peak MiB':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            ordinary = [{"title": r["title"], "abstract": r["abstract"]} for r in rows[:size]]
            hostile = [{"title": r["title"], "abstract": r["abstract"] + SENTENCE} for r in rows[:size]]
            plain = build_cost(ordinary, Path(tmp), f"ordinary-{size}", args.jobs)
            one = build_cost(hostile, Path(tmp), f"one-benchmark-{size}", args.jobs)
            print(
                f"{size:7} {plain[0]:12.1f} /{plain[1]:6.1f} {one[0]:17.1f} /{one[1]:6.1f} "
                f"{one[1] / plain[1]:9.2f} {max(plain[2], one[2]):9.0f}",
                flush=True,
            )
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
