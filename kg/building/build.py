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

from kg.building import curation
from kg.store import extraction_cache, graph_file, query_index, store
from kg import schema
from kg.building.cluster import Engine
from kg.errors import InputError, WriteError
from extractors.mentions import PaperExtraction
from kg.model.graph_model import GraphModel
from kg.building.extract import InputsRead, extract_records, read_records
from kg.store.extraction_cache import ExtractionCache, pipeline_identity
from kg.progress import Progress
from kg.readers import _read_bytes, decode, expand_inputs
from kg.readers.text import split_lines
from kg.records import Record


@dataclass(kw_only=True)
class BuildReport(InputsRead):
    graph: str
    papers_before: int = 0
    #: Of the records read: extracted now, taken from the extraction cache, and already
    #: held by the graph (skipped).  `kg merge` counts none of these.
    extracted: int = 0
    from_cache: int = 0
    already_in_graph: int = 0
    #: Papers whose listing without the arXiv id met the one with it in this build: the
    #: paper moved to its arXiv id, the id it had before kept in `former_ids`.
    former_ids_merged: int = 0
    #: Why the extraction cache could not be used or updated, if so (the graph is fine).
    cache_unavailable: str | None = None
    stats: dict = field(default_factory=dict)
    curation: curation.CurationReport = field(default_factory=curation.CurationReport)
    min_confidence: float | None = None
    weak_edges_dropped: int = 0

    def to_dict(self) -> dict:
        return {
            "graph": self.graph,
            "files": self.files,
            "records": self.records,
            "skipped": len(self.skipped),
            "skipped_reasons": self.skipped,
            "cut": len(self.cut),
            "cut_reasons": self.cut,
            "extracted": self.extracted,
            "from_cache": self.from_cache,
            "already_in_graph": self.already_in_graph,
            "former_ids_merged": self.former_ids_merged,
            "cache_unavailable": self.cache_unavailable,
            "papers_before": self.papers_before,
            "curation": self.curation.to_dict(),
            "min_confidence": self.min_confidence,
            "weak_edges_dropped": self.weak_edges_dropped,
            **self.stats,
        }


class CachedExtraction:
    """The extractions of a build's records, each from the cheapest place: none for a
    record the graph already holds, the cache for a text extracted before, the pipeline
    for the rest.  The pipeline starts on the uncached records at once (it runs while
    the graph loads); which records the graph holds is known only under the writer lock,
    from the graph file's digest (see kg.store.extraction_cache)."""

    def __init__(
        self,
        records: list[Record],
        graph_path: str,
        model: str | None,
        jobs: int,
        engine: Engine | None = None,
    ):
        self.records = records
        self.cache = ExtractionCache(graph_path, pipeline_identity(model))
        self.text_keys = [self.cache.text_key(record) for record in records]
        self.merge_keys = [self.cache.merge_key(r, k) for r, k in zip(records, self.text_keys)]
        cached = self.cache.cached_keys(set(self.text_keys))
        self.uncached = [r for r, k in zip(records, self.text_keys) if k not in cached]
        try:
            self.pipeline = extract_records(
                self.uncached,
                model,
                jobs,
                engine=engine,
                start_now=bool(self.uncached) and Path(graph_path).exists(),
            )
        except BaseException:  # a cluster that cannot start: leave no open cache behind
            self.cache.close()
            raise
        self.new_entries: dict[bytes, bytes] = {}
        self.merged: set[bytes] = set()

    def close(self) -> None:
        self.pipeline.close()
        self.cache.close()

    def pending(
        self, graph_digest: bytes | None, context: bytes, report: "BuildReport"
    ) -> tuple[int, Iterator[PaperExtraction]]:
        """How many records the graph lacks, and their extractions in input order.
        `context`: what else decided the graph's content (the curation log and
        --min-confidence); what a graph holds is known only for the same context."""
        self._context = context
        self.merged = self.cache.merged_keys(graph_digest, context)
        wanted = {i for i, key in enumerate(self.merge_keys) if key not in self.merged}
        report.already_in_graph = len(self.records) - len(wanted)
        report.extracted = len(self.uncached)
        report.from_cache = len(self.records) - len(self.uncached)
        return len(wanted), self._extractions(wanted)

    def _extractions(self, wanted: set[int]) -> Iterator[PaperExtraction]:
        fresh = iter(self.pipeline)
        uncached = {id(record) for record in self.uncached}
        for index, (record, key) in enumerate(zip(self.records, self.text_keys)):
            if id(record) in uncached:  # the pipeline yields in input order: take each
                extraction = next(fresh)
                self.new_entries[key] = self.cache.encode(extraction)
            elif index in wanted:
                extraction = self.cache.get(key, record)
            if index in wanted:
                self.merged.add(self.merge_keys[index])
                yield extraction

    def saved(self, graph_digest: bytes) -> None:
        self.cache.commit(self.new_entries, graph_digest, self._context, self.merged)


def update_graph(
    graph_path: str,
    extractions: Iterable[PaperExtraction] | CachedExtraction,
    total: int,
    report: BuildReport,
    wait: bool = False,
    progress: Progress | None = None,
    curation_log: str | None = None,
    min_confidence: float | None = None,
) -> BuildReport:
    """Load the graph (under the writer lock), add every extraction the graph lacks,
    apply the curation log, save atomically; a failure after the save (the query
    index) puts the previous graph back."""
    with store.writer_lock(graph_path, wait=wait), store.restored_on_failure(graph_path):
        decisions = curation.read_log(curation_log or curation.log_path(graph_path))
        cached = extractions if isinstance(extractions, CachedExtraction) else None
        if cached:
            # what the graph holds is known for the curation and --min-confidence that made
            # it: with others (a decision taken out of the log), every record is added again
            context = curation.build_context(decisions, min_confidence)
            total, extractions = cached.pending(store.file_digest(graph_path), context, report)
        return rebuild_locked(
            graph_path,
            extractions,
            total,
            report,
            decisions,
            progress=progress,
            min_confidence=min_confidence,
            saved=cached.saved if cached else None,
        )


def rebuild_locked(
    graph_path: str,
    extractions: Iterable[PaperExtraction],
    total: int,
    report: BuildReport,
    decisions: list[dict],
    progress: Progress | None = None,
    min_confidence: float | None = None,
    saved: Callable[[bytes], None] | None = None,
) -> BuildReport:
    """The update itself, for a caller holding the writer lock (and putting the previous
    graph back if this raises: `store.restored_on_failure`): the last build's merges
    taken apart, the extractions added, the curation decisions applied around the
    short-form merges (kg.building.curation), edges under `min_confidence` dropped, saved;
    `saved` is given the digest of the file written."""
    progress = progress or Progress(enabled=False)
    progress.phase("loading the graph")
    model = GraphModel(store.load_or_empty(graph_path))
    previous_index = query_index.graph_digest(graph_path)
    with graph_file.existing_objects_frozen():
        model.split_absorbed()
        report.papers_before = model.label_counts()[schema.PAPER]
        progress.phase(
            "extracting" if saved else "adding",
            total=total,
            unit="paper",
            note=saved
            and f"{report.extracted:,} new texts to extract, "
            f"{report.already_in_graph:,} papers already in the graph",
        )
        for extraction in extractions:
            model.add_extraction(extraction)
            report.note_cuts(extraction)
            progress.update()
        progress.phase("merging concepts")
        curation.apply_pre_canonical(model, decisions, report.curation)
        model.canonicalise()
        curation.apply_post_canonical(model, decisions, report.curation)
        if min_confidence is not None:
            report.min_confidence = min_confidence
            report.weak_edges_dropped = store.drop_weak_edges(model.graph, min_confidence)
        progress.phase("writing the graph")
        changes = model if not decisions and min_confidence is None else None
        # a whole index (a first build, a large update) is written, or the index that
        # holds the previous graph updated in place, while the graph is saved, on the
        # second core; it is named only after the graph file (below)
        ahead = (
            query_index.Ahead(model.graph, graph_path)
            if query_index.writes_afresh(model.graph, previous_index, changes)
            else query_index.update_ahead(model.graph, graph_path, previous_index, changes)
        )
        try:
            return _save_and_index(model, graph_path, report, previous_index, changes, ahead, saved, progress)
        finally:
            if ahead:  # (written into place, or not wanted, or the build failed: its files go)
                ahead.discard()


def _save_and_index(
    model, graph_path, report, previous_index, changes, ahead, saved, progress
) -> BuildReport:
    """Save the graph file, then make the query index hold it."""
    digest = store.save(model.graph, graph_path)
    if saved:
        saved(digest)
    report.stats = model.stats()
    report.former_ids_merged = sum(1 for paper in model.gained_former_ids if paper in model.graph)
    # after the graph: a build killed in between leaves an index named by the old
    # graph's digest, which no query uses for the new one (it is rebuilt instead).
    # Curation and --min-confidence change the graph outside the model's record of
    # changes: then the index is written afresh rather than updated.
    progress.phase("writing the query index")
    try:
        query_index.write(
            model.graph,
            graph_path,
            digest.hex(),
            report.stats,
            previous=previous_index,
            changes=changes,
            ahead=ahead,
        )
    except (OSError, RuntimeError, WriteError) as exc:  # (the index's engine raises RuntimeError)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise WriteError(
            f"{graph_path}: cannot write the query index ({reason}); the previous graph is kept"
        ) from None
    return report


def build(
    inputs: list[str],
    graph_path: str,
    fmt: str | None = None,
    strict: bool = False,
    model: str | None = None,
    jobs: int = 1,
    wait: bool = False,
    progress: Progress | None = None,
    curation_log: str | None = None,
    min_confidence: float | None = None,
    engine: Engine | None = None,
) -> BuildReport:
    """`kg build`: `engine` (kg.building.cluster) runs the extraction in Dask or Spark instead
    of this machine's worker processes; the graph is the same bytes."""
    report = BuildReport(graph=graph_path)
    progress = progress or Progress(enabled=False)
    progress.phase("reading inputs")
    # the graph file, its cache and its query index are never read as listings (they
    # may sit in an input folder)
    records = read_records(
        inputs,
        fmt,
        strict,
        report,
        exclude=[
            graph_path,
            str(extraction_cache.cache_path(graph_path)),
            *map(str, query_index.index_dir(graph_path).glob("*")),
        ],
    )
    progress.note(
        f"read {report.records:,} records from {report.files:,} files"
        + (f" ({len(report.skipped):,} skipped)" if report.skipped else "")
    )
    # Adding to a graph: extraction starts in a worker process at once and runs while
    # this one loads the graph (the two took 1.5 s and 4 s of a 500-paper day's 15 s).
    progress.phase("starting the extraction")
    extractions = CachedExtraction(records, graph_path, model, jobs, engine)
    with contextlib.closing(extractions):
        update_graph(
            graph_path,
            extractions,
            len(records),
            report,
            wait=wait,
            progress=progress,
            curation_log=curation_log,
            min_confidence=min_confidence,
        )
    report.cache_unavailable = extractions.cache.unavailable
    return report


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


def merge(
    mention_files: list[str],
    graph_path: str,
    wait: bool = False,
    progress: Progress | None = None,
    curation_log: str | None = None,
    min_confidence: float | None = None,
) -> BuildReport:
    report = BuildReport(graph=graph_path)
    paths = expand_inputs(mention_files)
    extractions = [e for path in paths for e in read_mentions(path)]
    report.files, report.records = len(paths), len(extractions)
    return update_graph(
        graph_path,
        extractions,
        len(extractions),
        report,
        wait=wait,
        progress=progress,
        curation_log=curation_log,
        min_confidence=min_confidence,
    )
