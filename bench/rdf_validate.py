"""Speed and memory of `kg validate` (issue 17, bar 3).

    python bench/rdf_validate.py --seed seed.ttl [--big base.ttl] [--pyshacl-sample N]

Each run is a fresh `kg validate FILE --json` process (wall time, CPU time of the
process and its threads, peak memory as VmHWM), the load average beside it:
- the seed export with the default engine (pyshacl-turbo, chunk by chunk) and with
  the baseline, pyshacl (the reference), and whether both give the same verdict and
  the same results;
- with --big, the 75k-paper export with the default engine alone (pyshacl needs hours);
- with --pyshacl-sample N, pyshacl and the default engine on the big export's first N
  N-Triples lines (give --big as .nt), which shows how pyshacl's cost grows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Peak memory is the process's VmHWM, read every 0.1 s until it exits (a high-water
# mark: the last reading misses at most the final 0.1 s).
_MEASURE = (
    "import resource, subprocess, sys, tempfile, time\n"
    "t = time.perf_counter()\n"
    "out = tempfile.TemporaryFile()\n"
    "child = subprocess.Popen(sys.argv[1:], stdout=out)\n"
    "peak = 0\n"
    "while child.poll() is None:\n"
    "    try:\n"
    "        with open(f'/proc/{child.pid}/status') as status:\n"
    "            peak = max([peak] + [int(l.split()[1]) for l in status if l.startswith('VmHWM')])\n"
    "    except OSError:\n"
    "        pass\n"
    "    time.sleep(0.1)\n"
    "wall = time.perf_counter() - t\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "out.seek(0)\n"
    "sys.stdout.buffer.write(out.read())\n"
    "print(f'{wall} {use.ru_utime + use.ru_stime} {peak} {child.returncode}', file=sys.stderr)\n"
)


def load() -> str:
    return "{:.1f}".format(os.getloadavg()[0])


def validate(path: Path, engine: str) -> tuple[dict, str, float]:
    """`kg validate PATH --json --engine ENGINE` in a fresh wrapper process (its
    RUSAGE_CHILDREN is this run's alone): the JSON answer, a line of figures and the
    CPU seconds."""
    before = load()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _MEASURE,
            sys.executable,
            "-m",
            "kg",
            "validate",
            str(path),
            "--json",
            "--engine",
            engine,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    wall, cpu, peak_kib, code = done.stderr.strip().splitlines()[-1].split()
    if int(code) not in (0, 1):
        sys.exit(f"bench: kg validate {path} --engine {engine} failed:\n{done.stderr}")
    answer = json.loads(done.stdout)
    line = (
        f"{engine:8} {float(wall):7.1f} s wall {float(cpu):7.1f} s CPU "
        f"{int(peak_kib) / 1024:7.0f} MiB peak  conforms={answer['conforms']} "
        f"results={len(answer['results'])} triples={answer['triples']:,} "
        f"mode={answer['mode']!r}  load {before}-{load()}"
    )
    return answer, line, float(cpu)


def keys(answer: dict) -> set:
    return {(r["focus"], r["path"], r["component"], r["value"]) for r in answer["results"]}


def compare(path: Path, what: str) -> None:
    print(f"{what}: {path}")
    ours, line, cpu = validate(path, "turbo")
    print("  " + line)
    reference, line, reference_cpu = validate(path, "pyshacl")
    print("  " + line + "  (baseline)")
    print(f"  CPU: pyshacl / ours = {reference_cpu / cpu:.1f}x")
    same = ours["conforms"] == reference["conforms"] and keys(ours) == keys(reference)
    print(f"  same verdict and results as pyshacl: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, required=True, help="An export of the seed graph.")
    parser.add_argument("--big", type=Path, help="The 75k-paper export.")
    parser.add_argument(
        "--pyshacl-sample",
        type=int,
        default=0,
        help="Also both engines on the big export's first N lines (--big .nt).",
    )
    args = parser.parse_args()
    print(f"cores {os.cpu_count()}, load average {load()}")
    compare(args.seed, "seed export")
    if args.big:
        print(f"75k export: {args.big} ({args.big.stat().st_size / 2**20:,.0f} MiB)")
        print("  " + validate(args.big, "turbo")[1])
    if args.pyshacl_sample:
        if args.big is None or args.big.suffix != ".nt":
            sys.exit("bench: --pyshacl-sample needs --big as N-Triples (.nt)")
        with tempfile.TemporaryDirectory() as folder:
            sample = Path(folder) / "sample.nt"
            with open(args.big, encoding="utf-8") as source, open(sample, "w", encoding="utf-8") as out:
                for number, line in enumerate(source):
                    if number == args.pyshacl_sample:
                        break
                    out.write(line)
            compare(sample, f"the first {args.pyshacl_sample:,} lines of the 75k export")


if __name__ == "__main__":
    main()
