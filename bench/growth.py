"""How the cost of `kg build` grows with the corpus: 5k, 20k, 75k papers, and 2.5M projected.

For each size N (the first N abstracts of the corpus by first_seen_date), in one run:

- full build: `kg build base.jsonl day.jsonl` into a fresh graph (wall time, peak RSS,
  time and memory per paper, file size), its stderr read as a log is (not a terminal):
  the longest silence between progress lines;
- incremental: `kg build base.jsonl` into another fresh graph, then the same command
  with the day of the newest 500 papers added (`--json` says how many were extracted),
  then once more unchanged; the two graphs must be byte-identical;
- load: `kg.store.store.load` of the graph (median of 3); query: one `kg query --name
  top-datasets` process (load included).

Each figure is printed with the 1-minute load average read before and after it: on a
shared machine that is the only honest context for a time.  The baseline of the run is
reading the corpus JSON.  The 2.5M projection extends the line through the two largest
sizes (time and peak memory are both close to linear in N above ~20k papers: the graph
and its indexes are what grows); how it is derived is printed beside it.

    python bench/growth.py [--sizes 5000,20000,75000] [--day 500]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, corpus_rows, kg, median_seconds, write_jsonl  # noqa: E402

#: common._MEASURE, with the CPU time too: on a machine shared with others the wall
#: time says as much about them as about paperkg.
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); code = subprocess.call(sys.argv[1:])\n"
    "elapsed = time.perf_counter() - t\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(f'{elapsed} {usage.ru_maxrss} {code} {usage.ru_utime + usage.ru_stime}', "
    "file=sys.stderr)\n"
)

ARXIV_PAPERS = 2_500_000


def load_average() -> float:
    return os.getloadavg()[0]


def run_logged(command: list) -> dict:
    """Run a command as a log-writing job would (stderr a pipe): wall seconds, peak RSS
    (MiB), stdout, the load average before and after, and the longest gap between
    stderr lines (from the start to the end of the process)."""
    before = load_average()
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", _MEASURE, *map(str, command)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    stamps: list[float] = []
    lines: list[str] = []

    def read() -> None:
        for raw in iter(process.stderr.readline, b""):
            stamps.append(time.monotonic())
            lines.append(raw.decode(errors="replace").rstrip("\n"))

    reader = threading.Thread(target=read)
    reader.start()
    stdout = process.stdout.read().decode()
    process.wait()
    reader.join()
    elapsed, peak_kib, code, cpu = lines[-1].split()
    if int(code) != 0:
        sys.exit(f"bench: {' '.join(map(str, command))} failed:\n" + "\n".join(lines))
    progress = stamps[:-1]  # (the last line is the wrapper's measurement)
    times = [started] + progress + [stamps[-1]]
    return {
        "seconds": float(elapsed),
        "cpu_seconds": float(cpu),
        "peak_mib": int(peak_kib) / 1024,
        "stdout": stdout,
        "load_before": before,
        "load_after": load_average(),
        "progress_lines": len(progress),
        "longest_silence": max(b - a for a, b in zip(times, times[1:])),
    }


def measure(rows: list[dict], size: int, day: int, tmp: Path) -> dict:
    chosen = rows[:size]
    base = write_jsonl(chosen[:-day], tmp / f"base-{size}.jsonl")
    new_day = write_jsonl(chosen[-day:], tmp / f"day-{size}.jsonl")
    full_graph, grown_graph = tmp / f"full-{size}.json.zst", tmp / f"grown-{size}.json.zst"
    out = {"papers": size}
    out["full"] = run_logged(kg("build", base, new_day, "--graph", full_graph))
    out["file_mib"] = full_graph.stat().st_size / 1024**2
    out["base"] = run_logged(kg("build", base, "--graph", grown_graph))
    out["day"] = run_logged(kg("build", base, new_day, "--graph", grown_graph, "--json"))
    out["rerun"] = run_logged(kg("build", base, new_day, "--graph", grown_graph, "--json"))
    out["same_bytes"] = grown_graph.read_bytes() == full_graph.read_bytes()
    for key in ("day", "rerun"):
        report = json.loads(out[key].pop("stdout"))
        out[key]["extracted"] = report["extracted"]
        out[key]["already_in_graph"] = report["already_in_graph"]
    from kg.store import store

    before = load_average()
    out["load"] = {
        "seconds": median_seconds(lambda: store.load(full_graph)),
        "load_before": before,
        "load_after": load_average(),
    }
    graph = store.load(full_graph)
    out["nodes"], out["edges"] = graph.number_of_nodes(), graph.number_of_edges()
    del graph
    out["query"] = run_logged(kg("query", "--name", "top-datasets", "--graph", full_graph))
    return out


def projection(small: dict, large: dict, papers: int) -> dict:
    """The line through two sizes, extended to `papers`."""

    def extend(a: float, b: float) -> float:
        slope = (b - a) / (large["papers"] - small["papers"])
        return b + slope * (papers - large["papers"])

    return {
        "full_build_s": extend(small["full"]["seconds"], large["full"]["seconds"]),
        "full_build_cpu_s": extend(small["full"]["cpu_seconds"], large["full"]["cpu_seconds"]),
        "full_build_peak_mib": extend(small["full"]["peak_mib"], large["full"]["peak_mib"]),
        "file_mib": extend(small["file_mib"], large["file_mib"]),
        "load_s": extend(small["load"]["seconds"], large["load"]["seconds"]),
        "rerun_s": extend(small["rerun"]["seconds"], large["rerun"]["seconds"]),
        "day_s": extend(small["day"]["seconds"], large["day"]["seconds"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="5000,20000,75000", help="comma-separated corpus sizes (capped at the corpus)"
    )
    parser.add_argument("--day", type=int, default=500, help="papers in the incremental day")
    args = parser.parse_args()
    start = time.perf_counter()
    rows = corpus_rows()
    read_seconds = time.perf_counter() - start
    rows.sort(key=lambda r: (r.get("first_seen_date") or "", r.get("arxiv_id") or ""))
    sizes = sorted({min(int(s), len(rows)) for s in args.sizes.split(",")})
    results = []
    print(f"baseline: reading the corpus JSON {read_seconds:.1f} s (load average {load_average():.1f})")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            result = measure(rows, size, args.day, Path(tmp))
            results.append(result)
            print(json.dumps(result), flush=True)
    print()
    print(
        "| papers | full build: wall, CPU (load avg) | per paper (CPU) | peak MiB (per paper) | "
        "file MiB | +500-paper day: extracted, wall, CPU (load avg) | unchanged re-run: "
        "extracted, wall, CPU, share of full wall / CPU (load avg) | same bytes | load "
        "(load avg) | query process | longest progress silence |"
    )
    print("| --- " * 11 + "|")
    for r in results:
        full, day, rerun = r["full"], r["day"], r["rerun"]
        print(
            f"| {r['papers']:,} | {full['seconds']:.1f} s, {full['cpu_seconds']:.1f} s "
            f"({full['load_before']:.1f}-{full['load_after']:.1f}) "
            f"| {1000 * full['cpu_seconds'] / r['papers']:.2f} ms "
            f"| {full['peak_mib']:,.0f} ({1024 * full['peak_mib'] / r['papers']:.1f} KiB) "
            f"| {r['file_mib']:.1f} "
            f"| {day['extracted']}, {day['seconds']:.1f} s, {day['cpu_seconds']:.1f} s "
            f"({day['load_before']:.1f}-{day['load_after']:.1f}) "
            f"| {rerun['extracted']}, {rerun['seconds']:.1f} s, {rerun['cpu_seconds']:.1f} s, "
            f"{rerun['seconds'] / full['seconds']:.1%} / {rerun['cpu_seconds'] / full['cpu_seconds']:.1%} "
            f"({rerun['load_before']:.1f}-{rerun['load_after']:.1f}) "
            f"| {r['same_bytes']} "
            f"| {r['load']['seconds']:.2f} s ({r['load']['load_before']:.1f}-{r['load']['load_after']:.1f}) "
            f"| {r['query']['seconds']:.1f} s "
            f"| {full['longest_silence']:.1f} s |"
        )
    if len(results) >= 2:
        projected = projection(results[-2], results[-1], ARXIV_PAPERS)
        print(
            f"\n2.5M papers, projected on the line through {results[-2]['papers']:,} and "
            f"{results[-1]['papers']:,} papers (linear: every stage here walks each paper "
            f"once; the whole graph is held in memory):"
        )
        print(json.dumps({k: round(v, 1) for k, v in projected.items()}))


if __name__ == "__main__":
    main()
