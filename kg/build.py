"""`kg build`: read listings, extract, merge into the graph, save — all or nothing.

Every input is read and checked before the graph is touched, the work happens in
memory, and the file is replaced by one atomic rename at the end: an error or a
Ctrl-C at any point leaves the previous graph exactly as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from kg import store
from kg.mentions import PaperExtraction
from kg.model import GraphModel
from kg.extract import extract_records, read_records


@dataclass
class BuildReport:
    graph: str
    files: int = 0
    records: int = 0
    skipped: list[str] = field(default_factory=list)
    papers_before: int = 0
    stats: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"graph": self.graph, "files": self.files, "records": self.records,
                "skipped": len(self.skipped), "skipped_reasons": self.skipped,
                "papers_before": self.papers_before, **self.stats}


def merge_extractions(model: GraphModel, extractions: Iterable[PaperExtraction],
                      progress: Callable | None = None) -> None:
    for extraction in extractions:
        model.add_extraction(extraction)
        if progress:
            progress(1)


def build(inputs: list[str], graph_path: str, fmt: str | None = None, strict: bool = False,
          model: str | None = None, jobs: int = 1, wait: bool = False,
          progress_factory: Callable | None = None) -> BuildReport:
    report = BuildReport(graph=graph_path)
    records = read_records(inputs, fmt, strict, report)
    extractions = extract_records(records, model, jobs)
    with store.writer_lock(graph_path, wait=wait):
        graph_model = GraphModel(store.load_or_empty(graph_path))
        report.papers_before = graph_model.stats()["labels"]["Paper"]
        bar = progress_factory(total=len(records)) if progress_factory else None
        try:
            merge_extractions(graph_model, extractions, bar.update if bar else None)
        finally:
            if bar:
                bar.close()
        graph_model.canonicalise()
        store.save(graph_model.graph, graph_path)
    report.stats = graph_model.stats()
    return report
