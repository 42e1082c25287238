"""`kg build --engine dask` and `--engine spark` (local clusters of --jobs workers)
against `kg build --jobs N` on the same abstracts: wall and CPU time, the ratio of each
to the baseline, the largest process's peak memory, the load average before and after,
and whether each graph is byte-identical to the baseline's.

    python bench/cluster.py [--limit 5000] [--jobs 2]

CPU is that of every process a build starts, the engines' too: the measuring process
makes itself the reaper of the build's orphans (Spark's JVM outlives the Python
process that started it) and waits for all of them before reading its children's usage.
Processes reaped by a grandchild that is itself never waited for (Spark's Python
workers, inside its daemon) escape that count: Spark's CPU is a lower bound.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, corpus_rows, kg, write_jsonl  # noqa: E402

_MEASURE = (
    "import ctypes, os, resource, subprocess, sys, time\n"
    "ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER\n"
    "t = time.perf_counter(); code = subprocess.call(sys.argv[1:])\n"
    "elapsed = time.perf_counter() - t\n"
    "while True:\n"
    "    try: os.wait()\n"
    "    except ChildProcessError: break\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(f'{elapsed} {usage.ru_maxrss} {code} {usage.ru_utime + usage.ru_stime}', "
    "file=sys.stderr)\n"
)


def run(command: list) -> dict:
    before = os.getloadavg()[0]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *map(str, command)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed, peak_kib, code, cpu = done.stderr.strip().splitlines()[-1].split()
    if int(code) != 0:
        sys.exit(f"bench: {' '.join(map(str, command))} failed:\n{done.stderr}")
    return {
        "wall": float(elapsed),
        "cpu": float(cpu),
        "peak_mib": int(peak_kib) / 1024,
        "load": (before, os.getloadavg()[0]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=5000, help="first N abstracts (default 5000)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args()
    rows = corpus_rows(args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = write_jsonl(rows, tmp / "in.jsonl")
        runs, same = {}, {}
        for engine in ("local", "dask", "spark"):
            graph = tmp / f"{engine}.json.zst"
            runs[engine] = run(kg("build", source, "--graph", graph, "--jobs", args.jobs, "--engine", engine))
            same[engine] = graph.read_bytes() == (tmp / "local.json.zst").read_bytes()
    base = runs["local"]
    print(f"abstracts: {len(rows):,}; --jobs {args.jobs}; {os.cpu_count()} cores")
    print(
        "| build | wall s (x baseline) | CPU s (x baseline) | peak MiB, largest process "
        "| load avg before -> after | same bytes as baseline |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for engine, figures in runs.items():
        name = f"kg build --jobs {args.jobs}" + ("" if engine == "local" else f" --engine {engine}")
        print(
            f"| {name} | {figures['wall']:.1f} ({figures['wall'] / base['wall']:.2f}x) "
            f"| {figures['cpu']:.1f} ({figures['cpu'] / base['cpu']:.2f}x) "
            f"| {figures['peak_mib']:,.0f} | {figures['load'][0]:.1f} -> {figures['load'][1]:.1f} "
            f"| {same[engine]} |"
        )


if __name__ == "__main__":
    main()
