"""Helpers shared by the benchmark scripts: the corpus, timed child processes."""

from __future__ import annotations

import gzip
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(
    os.environ.get(
        "PAPERKG_CORPUS", REPO.parent / "shared" / "data" / "corpus" / "arxiv_cs_abstracts.jsonl.gz"
    )
)

_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); code = subprocess.call(sys.argv[1:])\n"
    "elapsed = time.perf_counter() - t\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(f'{elapsed} {usage.ru_maxrss} {code} {usage.ru_utime + usage.ru_stime}', file=sys.stderr)\n"
)


def need_corpus() -> Path:
    if not CORPUS.exists():
        sys.exit(f"bench: {CORPUS} is absent (set PAPERKG_CORPUS or put shared/ beside the repo)")
    return CORPUS


def corpus_rows(limit: int | None = None) -> list[dict]:
    rows = []
    with gzip.open(need_corpus(), "rt", encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def write_jsonl(rows: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def kg(*args) -> list[str]:
    return [sys.executable, "-m", "kg", *map(str, args)]


def run_measured(command: list[str]) -> tuple[float, float]:
    """Run a command in a fresh wrapper process: (wall seconds, peak RSS in MiB)."""
    wall, _, peak = measure_process(command)
    return wall, peak


def measure_process(command: list[str]) -> tuple[float, float, float]:
    """Run a command in a fresh wrapper process: (wall seconds, CPU seconds user+sys,
    peak RSS in MiB).  A wrapper per run keeps RUSAGE_CHILDREN's figures to this command
    alone."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed, peak_kib, code, cpu = done.stderr.strip().splitlines()[-1].split()
    if int(code) != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{done.stderr}")
    return float(elapsed), float(cpu), int(peak_kib) / 1024


def median_seconds(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
        del result  # freeing what was made is not part of making it (a graph: 1-2 s)
    return statistics.median(times)
