"""`kg extract`: read listings, run the extraction pipeline, write one
`PaperExtraction` JSON object per paper (JSON Lines) — the file `kg merge` and
`kg eval --mentions` read.  `kg build` goes through `extract_records` too, so the
mentions file and the graph always come from the same extraction.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field


from kg.store import store
from kg.building.cluster import Engine
from extractors.pipeline import PipelineToBuild, extract
from kg.progress import Progress
from kg.readers import ReadReport, read_inputs
from kg.records import Record


@dataclass(kw_only=True)
class InputsRead:
    """What reading the inputs found, in the report of each command that reads them."""

    files: int = 0
    records: int = 0
    skipped: list[str] = field(default_factory=list)
    #: What extraction left out of papers by the limits of kg.limits ("SOURCE: field: ...").
    cut: list[str] = field(default_factory=list)

    def note_cuts(self, extraction) -> None:
        self.cut.extend(
            f"{extraction.paper.source or extraction.paper.id}: {note}" for note in extraction.cut
        )


@dataclass(kw_only=True)
class ExtractReport(InputsRead):
    out: str
    mentions: int = 0
    relations: int = 0
    results: int = 0


def read_records(
    inputs: list[str], fmt: str | None, strict: bool, report: InputsRead, exclude: list[str] | None = None
) -> list[Record]:
    """Every record of the inputs (but the `exclude` files), read and checked before
    any extraction starts."""
    reading = ReadReport()
    records = list(read_inputs(inputs, fmt=fmt, strict=strict, report=reading, exclude=exclude or []))
    report.files, report.records = reading.files, reading.records
    report.skipped = [str(e) for e in reading.skipped]
    return records


def extract_records(
    records: list[Record],
    model: str | None = None,
    jobs: int = 1,
    start_now: bool = False,
    engine: Engine | None = None,
):
    """The one extraction path of `kg extract` and `kg build` (`start_now`: see
    extractors.pipeline.extract).  The pipeline is built where extraction runs: with workers,
    in them, while this process goes on (`kg build` loads the graph meanwhile); with
    a cluster `engine`, in the engine's workers (kg.building.cluster), started only when there
    is something to extract."""
    if engine is not None and engine.is_cluster:
        if not records:
            return (extraction for extraction in ())  # closable, as the others
        from kg.building.cluster import EngineExtraction

        return EngineExtraction(records, engine, model, jobs)
    return extract(records, PipelineToBuild(model), jobs=jobs, start_now=start_now)


def run_extract(
    inputs: list[str],
    out: str,
    fmt: str | None = None,
    strict: bool = False,
    model: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> ExtractReport:
    report = ExtractReport(out=out)
    progress = progress or Progress(enabled=False)
    progress.phase("reading inputs")
    records = read_records(inputs, fmt, strict, report)
    buffer = io.BytesIO()
    progress.phase("extracting", total=len(records), unit="paper")
    for extraction in extract_records(records, model, jobs, engine=engine):
        report.mentions += len(extraction.mentions)
        report.relations += len(extraction.relations)
        report.results += len(extraction.results)
        report.note_cuts(extraction)
        buffer.write(extraction.to_json() + b"\n")
        progress.update()
    progress.phase("writing the mentions")
    if out == "-":
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()
    else:
        store.atomic_write_bytes(out, buffer.getvalue())
    return report
