"""Extraction throughput of `kg extract` against spaCy's blank English tokenizer alone.

The baseline is the floor any spaCy extractor pays: `spacy.blank("en").pipe` over the
same texts (every title and abstract), in this process.  `kg extract` is timed as the
whole command a user runs (start-up, reading, every component, writing JSON).

    python bench/extract.py [--limit N] [--jobs N]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpus_rows, kg, need_corpus, run_measured, write_jsonl  # noqa: E402


def tokenizer_seconds(rows: list[dict]) -> float:
    import spacy

    nlp = spacy.blank("en")
    texts = [t for row in rows for t in (row.get("title") or "", row.get("abstract") or "")]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=128):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="first N abstracts only (default: all)")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    rows = corpus_rows(args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        source = need_corpus() if not args.limit else write_jsonl(rows, Path(tmp) / "in.jsonl")
        baseline = tokenizer_seconds(rows)
        seconds, peak = run_measured(kg("extract", source, "--out", Path(tmp) / "m.jsonl",
                                        "--jobs", args.jobs))
    n = len(rows)
    print(f"abstracts                 {n}")
    print(f"tokenizer only (baseline) {baseline:8.1f} s  {n / baseline:8.0f} abstracts/s")
    print(f"kg extract --jobs {args.jobs}        {seconds:8.1f} s  {n / seconds:8.0f} abstracts/s"
          f"  peak {peak:.0f} MiB")
    print(f"ratio kg extract / tokenizer = {seconds / baseline:.2f}x  (bar: <= 3x)")


if __name__ == "__main__":
    main()
