"""Speed and memory of `kg export rdf` (issue 7, bar 2).

    python bench/rdf_export.py /tmp/rdf-corpus.gz [--format turtle] [--repeat 3]

Prints, for the graph given:
- our export: the graph (already loaded) to a file, triples per second;
- the baseline: rdflib serialising the same triples alone, from an rdflib Graph on the
  Oxigraph store (oxrdflib, the fastest rdflib route the issue measured), filled from
  our output beforehand and not timed; with --rdflib-sample N also rdflib's in-memory
  Graph with its own writer and with oxrdflib's, on the first N triples;
- the ratio ours / baseline in CPU and in wall time, from runs interleaved in the same
  process (the machine is shared: the best of --repeat runs of each is compared; CPU
  time is the fairer figure, as wall time measures the neighbours as much as the code);
- peak memory (max RSS) of a `kg export rdf` process, and of a process that only
  loads the graph, so the export's own share shows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402
from oxrdflib import OxigraphStore  # noqa: E402
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID  # noqa: E402

from exports import rdf  # noqa: E402
from kg.store import store  # noqa: E402

RDFLIB_NAMES = {
    "turtle": ("turtle", "ox-turtle"),
    "nt": ("nt", "ox-ntriples"),
    "jsonld": ("json-ld", "ox-json-ld"),
    "xml": ("xml", "ox-xml"),
}


def timed(action) -> tuple[float, float]:
    """(CPU seconds, wall seconds).  The ratio uses CPU time: on a machine shared with
    other jobs, wall time measures the neighbours as much as the code."""
    cpu, wall = time.process_time(), time.perf_counter()
    action()
    return time.process_time() - cpu, time.perf_counter() - wall


def child_peak_mib(code: str) -> float:
    """Peak RSS of a fresh Python process running `code` (from the repo root).  VmHWM,
    not ru_maxrss: the latter survives fork and exec, so it would report this
    (larger) process's size."""
    report = "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{report}"], cwd=REPO, check=True, capture_output=True, text=True
    )
    return int(done.stdout.split()[-1]) / 1024  # VmHWM is in KiB


def report(what: str, runs: list[tuple[float, float]], triples: int) -> None:
    cpu = min(c for c, _ in runs)
    wall = min(w for _, w in runs)
    print(
        f"{what}: {cpu:.2f} s CPU ({triples / cpu:,.0f} triples/s), {wall:.2f} s wall (best of {len(runs)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", nargs="?", default="/tmp/rdf-corpus.gz")
    parser.add_argument("--format", default="turtle", choices=list(rdf.FORMATS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--rdflib-sample",
        type=int,
        default=0,
        help="Also time rdflib's in-memory writers on this many triples.",
    )
    args = parser.parse_args()

    start = time.perf_counter()
    graph = store.load(args.graph)
    load_s = time.perf_counter() - start
    print(
        f"graph {args.graph}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
        f"(loaded in {load_s:.2f} s)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        ours_path, base_path = os.path.join(tmp, "ours"), os.path.join(tmp, "base")

        def export(summary: rdf.ExportSummary) -> None:
            with store.atomic_writer(ours_path) as handle:
                rdf.write(graph, handle, args.format, summary)

        # The baseline's input: the same triples, read from our output into an rdflib
        # Graph on an Oxigraph store, before any timed run (filling it is not timed).
        summary = rdf.ExportSummary()
        export(summary)
        ox_store = ox.Store()
        ox_store.bulk_load(path=ours_path, format=rdf.FORMATS[args.format])
        on_oxigraph = rdflib.Graph(store=OxigraphStore(store=ox_store), identifier=DATASET_DEFAULT_GRAPH_ID)
        count = len(ox_store)
        ours, baseline = [], []
        for _ in range(args.repeat):
            ours.append(timed(lambda: export(rdf.ExportSummary())))
            baseline.append(
                timed(lambda: on_oxigraph.serialize(base_path, format=RDFLIB_NAMES[args.format][1]))
            )
        size_mib = os.path.getsize(ours_path) / 2**20
        if args.rdflib_sample:
            sample = rdflib.Graph()
            for quad in islice(ox.parse(path=ours_path, format=rdf.FORMATS[args.format]), args.rdflib_sample):
                sample.add(tuple(_to_rdflib(term) for term in (quad.subject, quad.predicate, quad.object)))
    print(f"triples: {count:,} distinct ({summary.triples:,} data statements written, and the description)")
    report("ours (graph -> file, fsync'd)", ours, count)
    report("rdflib Graph on Oxigraph store, same triples alone", baseline, count)
    ratios = [min(run[i] for run in ours) / min(run[i] for run in baseline) for i in (0, 1)]
    print(
        f"output {size_mib:.0f} MiB; ratio ours / rdflib (best of {args.repeat}): "
        f"{ratios[0]:.2f} CPU, {ratios[1]:.2f} wall; goal <= 1.5"
    )

    if args.rdflib_sample:
        for name in RDFLIB_NAMES[args.format]:
            report(
                f"rdflib in-memory Graph, '{name}' writer, first {len(sample)} triples",
                [timed(lambda: sample.serialize(format=name))],
                len(sample),
            )
        del sample

    ox_store = on_oxigraph = None  # freed before the memory runs
    out = os.path.join(tempfile.gettempdir(), f"rdf-bench-{os.getpid()}.out")
    try:
        load_only = child_peak_mib(f"from kg.store import store; store.load({args.graph!r})")
        export_peak = child_peak_mib(
            f"from exports.rdf import export; export({args.graph!r}, {out!r}, {args.format!r})"
        )
    finally:
        if os.path.exists(out):
            os.unlink(out)
    print(
        f"peak memory (max RSS): kg export {export_peak:.0f} MiB; loading the graph alone "
        f"{load_only:.0f} MiB; the export's own share {export_peak - load_only:.0f} MiB"
    )


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    datatype = rdflib.URIRef(term.datatype.value) if term.language is None else None
    return rdflib.Literal(term.value, lang=term.language, datatype=datatype)


if __name__ == "__main__":
    main()
