"""Extraction speed against spaCy's blank-English tokenizer alone (issue 4's bar:
`kg extract` <= 3x the tokenizer).  Usage: python bench/extract_speed.py [N]
Reads the first N (default 2000) papers of ../shared/data/corpus/arxiv_cs_abstracts.jsonl.gz."""
from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kg.pipeline import build_nlp, extract  # noqa: E402
from kg.records import Record  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared/data/corpus/arxiv_cs_abstracts.jsonl.gz"


def main(n: int) -> None:
    records = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            records.append(Record(title=row["title"], abstract=row["abstract"], source="bench"))
            if len(records) == n:
                break
    texts = [t for r in records for t in (r.title, r.abstract)]
    blank = spacy.blank("en")
    start = time.perf_counter()
    for _ in blank.pipe(texts):
        pass
    tokenizer = time.perf_counter() - start
    nlp = build_nlp()
    start = time.perf_counter()
    mentions = sum(len(e.mentions) for e in extract(records, nlp))
    full = time.perf_counter() - start
    print(f"{n} papers: tokenizer {tokenizer:.2f}s, extract {full:.2f}s, "
          f"ratio {full / tokenizer:.2f}x, {mentions} mentions")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
