"""What one hostile record costs to extract: CPU seconds and peak memory per record.

Records of the super-linear shapes of issue #20 (tests/hostile_text.py: abbreviations
defined over and over, comparison chains, runs of results, ... with and without full
stops), at sizes up to the 1,000,000 characters a record may have, each extracted
alone in a process forked from one that built the pipeline; the baseline is an
ordinary abstract (the repository's examples), timed the same way in the same run.
Bar: any record of <= 1 MB in <= 2 s CPU and <= 200 MB.

    python bench/record_cost.py [--records N] [--seed S] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]
from hostile_text import SHAPES, shaped_text  # noqa: E402
from kg.limits import MAX_RECORD_CHARS  # noqa: E402
from extractors.pipeline import build_nlp, extract  # noqa: E402
from kg.records import Record  # noqa: E402

SIZES = (1_000, 10_000, 50_000, 100_000, 250_000, 500_000, MAX_RECORD_CHARS)
_nlp = None


def _text(spec: tuple | str) -> str:
    """The abstract a spec describes: ((shape, characters, full stops), ...) joined, or
    an ordinary abstract as it is."""
    if isinstance(spec, str):
        return spec
    return "".join(shaped_text(shape, size, stops) for shape, size, stops in spec)


def _cost(spec: tuple | str) -> tuple[float, float]:
    """(CPU seconds, peak RSS in MiB) of extracting one record, in this process, which
    makes the text itself: the parent holds no texts, whose pages would count here."""
    abstract = _text(spec)
    start = time.process_time()
    for _ in extract([Record(title="A title", abstract=abstract)], _nlp):
        pass
    return time.process_time() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_child(spec: tuple | str) -> tuple[float, float]:
    with multiprocessing.get_context("fork").Pool(1, maxtasksperchild=1) as pool:
        return pool.apply(_cost, (spec,))


def records(count: int, seed: int) -> list[tuple[str, tuple]]:
    """(label, spec): every shape at every size, with and without full stops, then
    random mixes of two shapes at random sizes up to the limit, to `count` in all."""
    chosen = [
        (f"{shape}{' stops' if stops else ''} {size:,}", ((shape, size, stops),))
        for shape in SHAPES
        for stops in (False, True)
        for size in SIZES
    ]
    rng = random.Random(seed)
    while len(chosen) < count:
        first, second = rng.sample(sorted(SHAPES), 2)
        size = rng.randint(1_000, MAX_RECORD_CHARS)
        chosen.append(
            (
                f"mix {first}+{second} {size:,}",
                ((first, size // 2, rng.random() < 0.5), (second, size - size // 2, rng.random() < 0.5)),
            )
        )
    return chosen[:count]


def main() -> None:
    global _nlp
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=500, help="hostile records to extract (default 500)")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="one JSON object instead of text")
    args = parser.parse_args()
    _nlp = build_nlp()
    examples = [
        json.loads(line)["abstract"]
        for line in open(REPO / "examples" / "listings" / "papers.jsonl", encoding="utf-8")
    ]
    baseline = [_in_child(text) for text in examples]
    base_cpu = statistics.median(cpu for cpu, _ in baseline)
    base_peak = max(peak for _, peak in baseline)
    rows = []
    for number, (label, spec) in enumerate(records(args.records, args.seed), 1):
        cpu, peak = _in_child(spec)
        rows.append(
            {
                "record": label,
                "chars": sum(size for _, size, _ in spec),
                "cpu_s": round(cpu, 3),
                "peak_mib": round(peak, 1),
            }
        )
        if not args.json and number % 50 == 0:
            print(f"  {number} records ...", file=sys.stderr)
    worst_cpu = max(rows, key=lambda r: r["cpu_s"])
    worst_peak = max(rows, key=lambda r: r["peak_mib"])
    summary = {
        "records": len(rows),
        "load_average": os.getloadavg(),
        "baseline_cpu_s": round(base_cpu, 4),
        "baseline_peak_mib": round(base_peak, 1),
        "median_cpu_s": round(statistics.median(r["cpu_s"] for r in rows), 3),
        "max_cpu_s": worst_cpu["cpu_s"],
        "max_cpu_record": worst_cpu["record"],
        "max_peak_mib": worst_peak["peak_mib"],
        "max_peak_record": worst_peak["record"],
        "over_2s": sum(r["cpu_s"] > 2 for r in rows),
        "over_200mib": sum(r["peak_mib"] > 200 for r in rows),
    }
    if args.json:
        print(json.dumps(summary | {"rows": rows}))
        return
    by_shape: dict[str, list[dict]] = {}
    for row in rows:
        by_shape.setdefault(
            row["record"].rsplit(" ", 1)[0] if not row["record"].startswith("mix") else "mix", []
        ).append(row)
    print(f"{'record shape':34} {'n':>4} {'max CPU s':>10} {'x baseline':>11} {'max peak MiB':>13}")
    for shape, group in by_shape.items():
        cpu = max(r["cpu_s"] for r in group)
        print(
            f"{shape:34} {len(group):4} {cpu:10.3f} {cpu / base_cpu:11.1f} "
            f"{max(r['peak_mib'] for r in group):13.1f}"
        )
    print(f"baseline (an example abstract): {base_cpu:.4f} s CPU, peak {base_peak:.1f} MiB")
    print(
        f"{len(rows)} records: median {summary['median_cpu_s']:.3f} s CPU; max {worst_cpu['cpu_s']:.3f} s "
        f"({worst_cpu['record']}), max peak {worst_peak['peak_mib']:.1f} MiB ({worst_peak['record']}); "
        f"{summary['over_2s']} over 2 s, {summary['over_200mib']} over 200 MiB"
    )
    print("load average: " + " ".join(f"{x:.2f}" for x in summary["load_average"]))


if __name__ == "__main__":
    main()
