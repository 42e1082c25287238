"""Speed and memory of `kg export rdf` (issue 7, bar 2).

    python bench/rdf_export.py /tmp/rdf-corpus.gz [--format turtle] [--repeat 3]

Prints, for the graph given:
- our export: the graph (already loaded) to a file, triples per second;
- the baseline: rdflib serialising the same triples alone, from an rdflib Graph on the
  Oxigraph store (oxrdflib, the fastest rdflib route the issue measured), loaded
  beforehand and not timed; with --rdflib-sample N also rdflib's in-memory Graph with
  its own Turtle writer and with oxrdflib's ox-turtle, on the first N triples;
- the ratio ours / baseline, from runs interleaved in the same process (the machine
  is shared: the best of --repeat runs of each is compared);
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
from kg import store  # noqa: E402

RDFLIB_NAMES = {"turtle": ("turtle", "ox-turtle"), "nt": ("nt", "ox-ntriples"),
                "jsonld": ("json-ld", "ox-json-ld"), "xml": ("xml", "ox-xml")}


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
    done = subprocess.run([sys.executable, "-c", f"{code}\n{report}"], cwd=REPO, check=True,
                          capture_output=True, text=True)
    return int(done.stdout.split()[-1]) / 1024  # VmHWM is in KiB


def report(what: str, runs: list[tuple[float, float]], triples: int) -> None:
    cpu = min(c for c, _ in runs)
    wall = min(w for _, w in runs)
    print(f"{what}: {cpu:.2f} s CPU ({triples / cpu:,.0f} triples/s), {wall:.2f} s wall "
          f"(best of {len(runs)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", nargs="?", default="/tmp/rdf-corpus.gz")
    parser.add_argument("--format", default="turtle", choices=list(rdf.FORMATS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rdflib-sample", type=int, default=0,
                        help="Also time rdflib's in-memory writers on this many triples.")
    args = parser.parse_args()

    start = time.perf_counter()
    graph = store.load(args.graph)
    load_s = time.perf_counter() - start
    print(f"graph {args.graph}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
          f"(loaded in {load_s:.2f} s)")

    ours, baseline = [], []
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, base_path = os.path.join(tmp, "ours"), os.path.join(tmp, "base")

        def export():
            with store.atomic_writer(ours_path) as handle:
                rdf.serialize(rdf.all_triples(graph, rdf.ExportSummary(), args.format), handle, args.format)
        ours = [timed(export) for _ in range(args.repeat)]
        size_mib = os.path.getsize(ours_path) / 2**20

        # The baseline's input: the same triples (data and description) in an rdflib
        # Graph on an Oxigraph store, built after our runs so it does not weigh on them.
        ox_store = ox.Store()
        ox_store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                             for t in rdf.all_triples(graph, rdf.ExportSummary(), args.format))
        on_oxigraph = rdflib.Graph(store=OxigraphStore(store=ox_store), identifier=DATASET_DEFAULT_GRAPH_ID)
        count = len(ox_store)
        baseline = [timed(lambda: on_oxigraph.serialize(base_path, format=RDFLIB_NAMES[args.format][1]))
                    for _ in range(args.repeat)]
    print(f"triples: {count} (data and description)")
    report("ours (graph -> file, fsync'd)", ours, count)
    report("rdflib Graph on Oxigraph store, same triples alone", baseline, count)
    best_ours, best_base = min(c for c, _ in ours), min(c for c, _ in baseline)
    print(f"output {size_mib:.0f} MiB; ratio ours / rdflib (CPU, best of {args.repeat}): "
          f"{best_ours / best_base:.2f}; goal <= 1.5")

    if args.rdflib_sample:
        sample_triples = list(islice(rdf.all_triples(graph, rdf.ExportSummary(), args.format),
                                     args.rdflib_sample))
        sample = rdflib.Graph()
        for t in sample_triples:
            sample.add(tuple(_to_rdflib(term) for term in (t.subject, t.predicate, t.object)))
        for name in RDFLIB_NAMES[args.format]:
            report(f"rdflib in-memory Graph, '{name}' writer, first {len(sample)} triples",
                   [timed(lambda: sample.serialize(format=name))], len(sample))
        report(f"Oxigraph writer (ours) on the same {len(sample_triples)} triples",
               [timed(lambda: rdf.serialize(iter(sample_triples), None, args.format))], len(sample_triples))
        del sample, sample_triples

    del ox_store, on_oxigraph
    out = os.path.join(tempfile.gettempdir(), f"rdf-bench-{os.getpid()}.out")
    try:
        load_only = child_peak_mib(f"from kg import store; store.load({args.graph!r})")
        export_peak = child_peak_mib(
            f"from exports.rdf import export; export({args.graph!r}, {out!r}, {args.format!r})")
    finally:
        if os.path.exists(out):
            os.unlink(out)
    print(f"peak memory (max RSS): kg export {export_peak:.0f} MiB; loading the graph alone "
          f"{load_only:.0f} MiB; the export's own share {export_peak - load_only:.0f} MiB")


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    datatype = rdflib.URIRef(term.datatype.value) if term.language is None else None
    return rdflib.Literal(term.value, lang=term.language, datatype=datatype)


if __name__ == "__main__":
    main()
