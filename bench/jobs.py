"""`kg build --jobs 2` against `--jobs 1` on the same abstracts: speed-up, and whether
the two graph files are byte-identical.

    python bench/jobs.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpus_rows, kg, run_measured, write_jsonl  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=20000, help="first N abstracts (default 20000)")
    args = parser.parse_args()
    rows = corpus_rows(args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = write_jsonl(rows, tmp / "in.jsonl")
        times, files = {}, {}
        for jobs in (1, 2):
            files[jobs] = tmp / f"jobs{jobs}.json.zst"
            times[jobs], _ = run_measured(kg("build", source, "--graph", files[jobs], "--jobs", jobs))
        same = files[1].read_bytes() == files[2].read_bytes()
    print(f"abstracts            {len(rows)}")
    print(f"kg build --jobs 1    {times[1]:7.1f} s")
    print(f"kg build --jobs 2    {times[2]:7.1f} s")
    print(f"speed-up             {times[1] / times[2]:7.2f}x")
    print(f"byte-identical graph {same}")


if __name__ == "__main__":
    main()
