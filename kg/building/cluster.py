"""Extraction inside a cluster engine: `kg build --engine dask|spark` and `kg extract`.

Extraction is the part of a build worth spreading over many cores or machines; merging
its results into the graph is not (one pass, in memory, on one machine).  So here the
driver (this process) reads the inputs exactly as `kg build` does, cuts the records
into contiguous partitions, and has the engine run paperkg's pipeline on each partition
(built once per worker process).  Each partition sends back its extractions; the
driver takes them partition by partition *in input order*, whatever order the engine
finished them in, and hands them to the same code `kg build` uses.  The graph is
therefore the same bytes as `kg build` of the same files, for any partition count
(tested against real Dask and Spark engines).

- Dask: a `distributed` cluster, the local one started for the command (`--jobs`
  worker processes, one thread each) or an existing scheduler (`--cluster
  tcp://host:8786`).  Partitions are scattered to the workers and extracted as
  futures; the driver merges each as soon as it and those before it are done.
- Spark: a `SparkContext` on `local[--jobs]` or an existing master (`--cluster
  spark://host:7077`); the records are an RDD of that many slices, extracted with
  `mapPartitions`, each partition fetched by a job of its own, `--jobs` jobs at a time.

Workers must run the same paperkg: each partition reports its worker's pipeline
identity (kg.store.extraction_cache) and a build refuses extractions made by another
pipeline, which would silently give another graph.  Neither engine is imported
unless asked for: they are the `cluster` extra.
"""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import orjson

from kg.errors import KGError
from extractors.mentions import PaperExtraction
from kg.records import Record

if TYPE_CHECKING:
    from spacy.language import Language

ENGINES = ("local", "dask", "spark")
#: Records per partition when --partitions is not given (at least two per worker, so
#: that a slow partition does not leave the other workers idle at the end).
RECORDS_PER_PARTITION = 1000


@dataclass(frozen=True)
class Engine:
    """Where extraction runs: `local` (extractors.pipeline's worker processes), `dask` or
    `spark`; `address` is an existing Dask scheduler or Spark master (None: a local
    cluster of `workers` processes, started and stopped by the command)."""

    name: str = "local"
    address: str | None = None
    partitions: int | None = None

    def __post_init__(self):
        if self.name not in ENGINES:
            raise KGError(f"unknown engine {self.name!r}: use one of {', '.join(ENGINES)}")
        if self.name == "local" and (self.address or self.partitions):
            raise KGError("--cluster and --partitions need --engine dask or --engine spark")
        if self.is_cluster and (reason := unavailable(self.name)):
            raise KGError(reason)  # before any input is read

    @property
    def is_cluster(self) -> bool:
        return self.name != "local"


# --- the worker side -----------------------------------------------------------------

_worker = threading.local()


def _worker_pipeline(model: str | None) -> tuple[Language, str]:
    """The pipeline and its identity, built once per worker thread (spaCy pipelines
    are not shared between threads) and per model."""
    from kg.store.extraction_cache import pipeline_identity
    from extractors.pipeline import build_nlp

    pipelines = getattr(_worker, "pipelines", None)
    if pipelines is None:
        pipelines = _worker.pipelines = {}
    if model not in pipelines:
        pipelines[model] = (build_nlp(model), pipeline_identity(model))
    return pipelines[model]


def extract_partition_records(
    records: Iterable[Record], model: str | None = None
) -> list[tuple[str, list[bytes]]]:
    """The engine's unit of work: one partition of records in, one item out, holding
    the worker's pipeline identity and each record's extraction in order, encoded as
    the extraction cache keeps it (JSON without the record, which the driver has)."""
    from extractors.pipeline import extract

    nlp, identity = _worker_pipeline(model)
    found = []
    for extraction in extract(list(records), nlp):
        data = extraction.to_dict()
        del data["paper"]
        found.append(orjson.dumps(data))
    return [(identity, found)]


# --- the driver side -----------------------------------------------------------------


def partition_count(engine: Engine, records: int, workers: int) -> int:
    if engine.partitions:
        return max(1, min(engine.partitions, records))
    wanted = max(2 * workers, -(-records // RECORDS_PER_PARTITION))
    return max(1, min(wanted, records))


def contiguous_slices(records: list[Record], count: int) -> list[list[Record]]:
    """`count` runs of consecutive records, of sizes differing by one at most."""
    total = len(records)
    return [records[i * total // count : (i + 1) * total // count] for i in range(count)]


class EngineExtraction:
    """The extractions of `records`, run in a cluster engine, yielded in input order;
    the engine starts on creation and is shut down by `close` (or at the end of the
    iteration).  Used where extractors.pipeline.extract is: `kg build`, `kg extract`."""

    def __init__(self, records: list[Record], engine: Engine, model: str | None, workers: int):
        from kg.store.extraction_cache import pipeline_identity

        self.records, self.engine = records, engine
        self.identity = pipeline_identity(model)
        parts = contiguous_slices(records, partition_count(engine, len(records), workers))
        self._sizes = [len(part) for part in parts]
        runner = _DaskRun if engine.name == "dask" else _SparkRun
        try:
            self._run = runner(parts, model, workers, engine.address)
        except KGError:
            raise
        except Exception as exc:  # the engine's own errors: a cluster that cannot start
            raise KGError(f"--engine {engine.name}: cannot start ({_one_line(exc)})") from exc

    def __iter__(self) -> Iterator[PaperExtraction]:
        records = iter(self.records)
        try:
            for number, (size, (identity, found)) in enumerate(zip(self._sizes, self._partitions())):
                if identity != self.identity:
                    raise KGError(
                        f"--engine {self.engine.name}: a worker runs another paperkg "
                        f"pipeline (identity {identity[:12]}, here {self.identity[:12]}): "
                        "install the same paperkg, lexicons and model on every worker"
                    )
                if len(found) != size:
                    raise KGError(
                        f"--engine {self.engine.name}: partition {number} sent back "
                        f"{len(found):,} extractions for {size:,} records"
                    )
                for data in found:
                    record = next(records)
                    # as kg.store.extraction_cache.get: the record is the one read here
                    extraction = PaperExtraction.from_dict({**orjson.loads(data), "paper": record.to_dict()})
                    extraction.paper = record
                    yield extraction
        finally:
            self.close()

    def _partitions(self) -> Iterator[tuple[str, list[bytes]]]:
        try:
            yield from self._run.partitions()  # type: ignore[union-attr]
        except (KGError, KeyboardInterrupt, GeneratorExit):
            raise
        except Exception as exc:
            raise KGError(
                f"--engine {self.engine.name}: extraction failed in the engine ({_one_line(exc)})"
            ) from exc

    def close(self) -> None:
        run, self._run = self._run, None
        if run is not None:
            run.close()


def _one_line(exc: BaseException) -> str:
    """The line of an engine's error that says what went wrong: a Python worker's
    error is the last line of the traceback Spark or Dask carries back."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    errors = [
        line
        for line in lines
        if line.split(":", 1)[0].endswith(("Error", "Exception")) and " " not in line.split(":", 1)[0]
    ]
    line = (errors or lines or [type(exc).__name__])[-1]
    return line if len(line) <= 300 else line[:297] + "..."


def unavailable(engine: str) -> str | None:
    """Why `engine` cannot run here (its package or, for Spark, Java is missing), or None."""
    import importlib.util

    module = {"dask": "distributed", "spark": "pyspark"}.get(engine)
    if module and importlib.util.find_spec(module) is None:
        return f"--engine {engine} needs {module}, which is not installed: pip install 'paperkg[cluster]'"
    if engine == "spark" and not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return (
            "--engine spark needs Java 17 or later, and no `java` is on the PATH "
            "(Debian: apt-get install openjdk-17-jre-headless; or set JAVA_HOME)"
        )
    return None


class _DaskRun:
    """The partitions as futures on a Dask `distributed` cluster."""

    def __init__(self, parts: list[list[Record]], model: str | None, workers: int, address: str | None):
        from distributed import Client, LocalCluster

        self._cluster = None
        self._client = self._futures = None
        if address is None:
            # processes, not threads: extraction holds the GIL; no dashboard, no fixed ports
            self._cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                scheduler_port=0,
            )
        try:
            self._client = Client(address if self._cluster is None else self._cluster, timeout="20s")
            scattered = self._client.scatter(parts, hash=False)
            self._futures = self._client.map(extract_partition_records, scattered, model=model, pure=False)
        except BaseException:
            self.close()
            raise

    def partitions(self) -> Iterator[tuple[str, list[bytes]]]:
        for future in self._futures:
            (item,) = future.result()
            future.release()  # its result is merged: the worker may free it
            yield item

    def close(self) -> None:
        for future in self._futures or ():
            future.cancel()
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()


class _SparkRun:
    """The partitions of an RDD, each fetched by a Spark job of its own, `workers` jobs
    at a time, taken in order (a single `collect` would hold every extraction on the
    driver before the first could be merged)."""

    def __init__(self, parts: list[list[Record]], model: str | None, workers: int, address: str | None):
        from pyspark import SparkConf, SparkContext

        master = address or f"local[{workers}]"
        conf = (
            SparkConf()
            .setMaster(master)
            .setAppName("paperkg")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
        )
        if master.startswith("local"):
            # the workers are this machine's Python: the one running paperkg now (PySpark
            # starts workers with PYSPARK_PYTHON, else whatever `python3` the PATH finds:
            # outside an activated virtualenv, one without paperkg or with another); on
            # loopback, with Spark's log cut to its errors (kg/building/spark-log4j2.properties)
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            log_config = Path(__file__).with_name("spark-log4j2.properties").as_uri()
            conf = (
                conf.set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log_config}")
            )
        self._context = SparkContext(conf=conf)
        self._pool = None
        try:
            self._context.setLogLevel("ERROR")
            concurrent_jobs = max(1, self._context.defaultParallelism if address else workers)
            # one slice per partition: parallelize cuts a list into consecutive runs, so
            # hand it the runs and flatten them back inside
            rdd = self._context.parallelize(parts, len(parts))
            self._rdd = rdd.mapPartitions(
                lambda runs: extract_partition_records([record for run in runs for record in run], model)
            )
            self._count = len(parts)
            self._pool = concurrent.futures.ThreadPoolExecutor(concurrent_jobs, "kg-spark-job")
        except BaseException:
            self.close()
            raise

    def _fetch(self, index: int):
        (item,) = self._context.runJob(self._rdd, lambda items: items, [index])
        return item

    def partitions(self) -> Iterator[tuple[str, list[bytes]]]:
        jobs = [self._pool.submit(self._fetch, index) for index in range(self._count)]
        try:
            for job in jobs:
                yield job.result()
        finally:
            for job in jobs:
                job.cancel()

    def close(self) -> None:
        self._context.cancelAllJobs()  # a build stopped early: its running jobs too
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._context.stop()
