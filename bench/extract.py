"""Extraction throughput of `kg extract` against spaCy's blank English tokenizer alone.

The baseline is the floor any spaCy extractor pays: `spacy.blank("en").pipe` over the
same texts (every title and abstract), in this process.  The tokenizer as paperkg's
pipeline configures it (a larger cache of split chunks) is timed too, and the ratio
given against both: part of `kg extract`'s speed is that configuration.  `kg extract` is timed as the
whole command a user runs (start-up, reading, every component, writing JSON).  Both
sides are given in wall and CPU seconds (on a loaded machine the CPU ratio is the
steadier one) with the load average before and after.

    python bench/extract.py [--limit N] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpus_rows, kg, need_corpus, run_measured, write_jsonl  # noqa: E402


def tokenizer_seconds(rows: list[dict], as_configured: bool = False) -> tuple[float, float]:
    """(wall, CPU) seconds of the blank English pipeline over every title and abstract;
    `as_configured`: its tokenizer set up as paperkg's pipeline sets it (the suffix rule,
    the larger cache of `extractors.pipeline`), the tokenizer `kg extract` itself runs."""
    import spacy

    nlp = spacy.blank("en")
    if as_configured:
        from extractors.pipeline import cache_more_chunks, split_final_period

        split_final_period(nlp)
        cache_more_chunks(nlp)
    texts = [t for row in rows for t in (row.get("title") or "", row.get("abstract") or "")]
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=128):
        pass
    return time.perf_counter() - start, time.process_time() - cpu


def children_cpu_seconds() -> float:
    """User + system CPU of the finished child processes so far (`kg extract` and the
    thin wrapper that times it)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="first N abstracts only (default: all)")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    load_before = load_average()
    rows = corpus_rows(args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        source = need_corpus() if not args.limit else write_jsonl(rows, Path(tmp) / "in.jsonl")
        baseline, baseline_cpu = tokenizer_seconds(rows)
        configured, configured_cpu = tokenizer_seconds(rows, as_configured=True)
        cpu_before = children_cpu_seconds()
        seconds, peak = run_measured(
            kg("extract", source, "--out", Path(tmp) / "m.jsonl", "--jobs", args.jobs)
        )
        cpu = children_cpu_seconds() - cpu_before
    n = len(rows)
    print(f"abstracts                 {n}")
    print(
        f"tokenizer only (baseline) {baseline:8.1f} s  {n / baseline:8.0f} abstracts/s"
        f"  CPU {baseline_cpu:.1f} s"
    )
    print(
        f"tokenizer as kg configures {configured:7.1f} s  {n / configured:8.0f} abstracts/s"
        f"  CPU {configured_cpu:.1f} s"
    )
    print(
        f"kg extract --jobs {args.jobs}        {seconds:8.1f} s  {n / seconds:8.0f} abstracts/s"
        f"  CPU {cpu:.1f} s  peak {peak:.0f} MiB"
    )
    print(
        f"ratio kg extract / tokenizer = {seconds / baseline:.2f}x wall, "
        f"{cpu / baseline_cpu:.2f}x CPU  (bar: <= 3x)"
    )
    print(
        f"ratio kg extract / tokenizer as kg configures it = {seconds / configured:.2f}x wall, "
        f"{cpu / configured_cpu:.2f}x CPU"
    )
    print(f"load average before {load_before}, after {load_average()} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
