"""Speed and memory of `kg validate` (issue 17, bar 3).

    python bench/rdf_validate.py --seed seed.ttl [--big base.ttl] [--pyshacl-sample N]

Each run is a fresh `kg validate FILE --json` process (wall time, CPU time of the
process and its threads, peak RSS), the load average beside it:
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

_MEASURE = ("import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)\n"
            "wall = time.perf_counter() - t\n"
            "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "sys.stdout.buffer.write(done.stdout)\n"
            "print(f'{wall} {use.ru_utime + use.ru_stime} {use.ru_maxrss} {done.returncode}', file=sys.stderr)\n")


def load() -> str:
    return "{:.1f}".format(os.getloadavg()[0])


def validate(path: Path, engine: str) -> tuple[dict, str]:
    """`kg validate PATH --json --engine ENGINE` in a fresh wrapper process (its
    RUSAGE_CHILDREN is this run's alone): the JSON answer and a line of figures."""
    before = load()
    done = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "kg", "validate",
                           str(path), "--json", "--engine", engine],
                          cwd=REPO, capture_output=True, text=True)
    wall, cpu, peak_kib, code = done.stderr.strip().splitlines()[-1].split()
    if int(code) not in (0, 1):
        sys.exit(f"bench: kg validate {path} --engine {engine} failed:\n{done.stderr}")
    answer = json.loads(done.stdout)
    line = (f"{engine:8} {float(wall):7.1f} s wall {float(cpu):7.1f} s CPU "
            f"{int(peak_kib) / 1024:7.0f} MiB peak  conforms={answer['conforms']} "
            f"results={len(answer['results'])} triples={answer['triples']:,} "
            f"mode={answer['mode']!r}  load {before}-{load()}")
    return answer, line


def keys(answer: dict) -> set:
    return {(r["focus"], r["path"], r["component"], r["value"]) for r in answer["results"]}


def compare(path: Path, what: str) -> None:
    print(f"{what}: {path}")
    ours, line = validate(path, "turbo")
    print("  " + line)
    reference, line = validate(path, "pyshacl")
    print("  " + line + "  (baseline)")
    same = ours["conforms"] == reference["conforms"] and keys(ours) == keys(reference)
    print(f"  same verdict and results as pyshacl: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, required=True, help="An export of the seed graph.")
    parser.add_argument("--big", type=Path, help="The 75k-paper export.")
    parser.add_argument("--pyshacl-sample", type=int, default=0,
                        help="Also both engines on the big export's first N lines (--big .nt).")
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
