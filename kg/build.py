"""`kg build` and `kg merge`: extractions into the graph file, all or nothing.

Every input is read and checked before the graph is touched, the work happens in
memory, and the file is replaced by one atomic rename at the end: an error or a
Ctrl-C at any point leaves the previous graph exactly as it was.  `kg build` runs
extraction itself; `kg merge` takes the mentions files `kg extract` wrote (possibly
on other machines, shard by shard).  Both go through `update_graph`, so the two
paths give the same graph.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import orjson

from kg import curation, graph_file, schema, store
from kg.errors import InputError
from kg.mentions import PaperExtraction
from kg.model import GraphModel
from kg.extract import InputsRead, extract_records, read_records
from kg.readers import _read_bytes, decode, expand_inputs
from kg.readers.text import split_lines


@dataclass(kw_only=True)
class BuildReport(InputsRead):
    graph: str
    papers_before: int = 0
    stats: dict = field(default_factory=dict)
    curation: curation.CurationReport = field(default_factory=curation.CurationReport)
    min_confidence: float | None = None
    weak_edges_dropped: int = 0

    def to_dict(self) -> dict:
        return {"graph": self.graph, "files": self.files, "records": self.records,
                "skipped": len(self.skipped), "skipped_reasons": self.skipped,
                "cut": len(self.cut), "cut_reasons": self.cut,
                "papers_before": self.papers_before, "curation": self.curation.to_dict(),
                "min_confidence": self.min_confidence,
                "weak_edges_dropped": self.weak_edges_dropped, **self.stats}


def update_graph(graph_path: str, extractions: Iterable[PaperExtraction], total: int,
                 report: BuildReport, wait: bool = False,
                 progress_factory: Callable | None = None,
                 curation_log: str | None = None, min_confidence: float | None = None) -> BuildReport:
    """Load the graph (under the writer lock), add every extraction, apply the curation
    log, save atomically."""
    with store.writer_lock(graph_path, wait=wait):
        decisions = curation.read_log(curation_log or curation.log_path(graph_path))
        return rebuild_locked(graph_path, extractions, total, report, decisions,
                              progress_factory, min_confidence)


def rebuild_locked(graph_path: str, extractions: Iterable[PaperExtraction], total: int,
                   report: BuildReport, decisions: list[dict],
                   progress_factory: Callable | None = None,
                   min_confidence: float | None = None) -> BuildReport:
    """The update itself, for a caller holding the writer lock: the last build's merges
    taken apart, the extractions added, the curation decisions applied around the
    short-form merges (kg.curation), edges under `min_confidence` dropped, saved."""
    model = GraphModel(store.load_or_empty(graph_path))
    with graph_file.existing_objects_frozen():
        model.split_absorbed()
        report.papers_before = model.label_counts()[schema.PAPER]
        bar = progress_factory(total=total) if progress_factory else None
        try:
            for extraction in extractions:
                model.add_extraction(extraction)
                report.note_cuts(extraction)
                if bar:
                    bar.update(1)
        finally:
            if bar:
                bar.close()
        curation.apply_pre_canonical(model, decisions, report.curation)
        model.canonicalise()
        curation.apply_post_canonical(model, decisions, report.curation)
        if min_confidence is not None:
            report.min_confidence = min_confidence
            report.weak_edges_dropped = store.drop_weak_edges(model.graph, min_confidence)
        store.save(model.graph, graph_path)
        report.stats = model.stats()
    return report


def build(inputs: list[str], graph_path: str, fmt: str | None = None, strict: bool = False,
          model: str | None = None, jobs: int = 1, wait: bool = False,
          progress_factory: Callable | None = None, curation_log: str | None = None,
          min_confidence: float | None = None) -> BuildReport:
    report = BuildReport(graph=graph_path)
    # the graph file itself is never read as a listing (it may sit in an input folder)
    records = read_records(inputs, fmt, strict, report, exclude=[graph_path])
    # Adding to a graph: extraction starts in a worker process at once and runs while
    # this one loads the graph (the two took 1.5 s and 4 s of a 500-paper day's 15 s).
    extractions = extract_records(records, model, jobs, start_now=Path(graph_path).exists())
    with contextlib.closing(extractions):
        return update_graph(graph_path, extractions, len(records), report, wait=wait,
                            progress_factory=progress_factory, curation_log=curation_log,
                            min_confidence=min_confidence)


def read_mentions(path: str) -> Iterator[PaperExtraction]:
    """The PaperExtraction lines of one mentions file; any bad line is an error, since a
    mentions file is machine-written and a bad line means a broken shard."""
    text = decode(_read_bytes(path), path)
    for number, line in enumerate(split_lines(text), 1):
        if not line.strip():
            continue
        try:
            yield PaperExtraction.from_dict(orjson.loads(line))
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(path, f"not a paperkg mentions line ({exc})", number) from None


def merge(mention_files: list[str], graph_path: str, wait: bool = False,
          progress_factory: Callable | None = None, curation_log: str | None = None,
          min_confidence: float | None = None) -> BuildReport:
    report = BuildReport(graph=graph_path)
    paths = expand_inputs(mention_files)
    extractions = [e for path in paths for e in read_mentions(path)]
    report.files, report.records = len(paths), len(extractions)
    return update_graph(graph_path, extractions, len(extractions), report, wait=wait,
                        progress_factory=progress_factory, curation_log=curation_log,
                        min_confidence=min_confidence)
