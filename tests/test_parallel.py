"""Issue 4: parallel extraction gives the same graph as serial extraction."""

from __future__ import annotations

from conftest import EXAMPLES, need_shared


def test_jobs_2_gives_byte_identical_graph(tmp_path, run_kg):
    inputs = [EXAMPLES, need_shared("seeds")]
    serial, parallel = tmp_path / "serial.json.zst", tmp_path / "parallel.json.zst"
    assert run_kg("build", *inputs, "--graph", serial, "--jobs", 1).exit_code == 0
    assert run_kg("build", *inputs, "--graph", parallel, "--jobs", 2).exit_code == 0
    assert parallel.read_bytes() == serial.read_bytes()


def test_shards_extracted_then_merged_equal_one_build(tmp_path, run_kg):
    """Disjoint shards extracted separately (as on several machines), merged in reverse
    order, give the graph one build of the same files gives, byte for byte."""
    seeds = need_shared("seeds")
    shards = sorted(seeds.iterdir()) + sorted(EXAMPLES.iterdir())
    one_build = tmp_path / "one.json.zst"
    assert run_kg("build", *shards, "--graph", one_build).exit_code == 0
    mention_files = []
    for number, shard in enumerate(shards):
        out = tmp_path / f"m{number}.jsonl"
        result = run_kg("extract", shard, "--out", out)
        assert result.exit_code == 0, result.output
        mention_files.append(out)
    merged = tmp_path / "merged.json.zst"
    result = run_kg("merge", *reversed(mention_files), "--graph", merged)
    assert result.exit_code == 0, result.output
    assert merged.read_bytes() == one_build.read_bytes()


def test_extract_partition_matches_kg_extract(tmp_path, run_kg):
    """The cluster entry point writes what `kg extract` writes for the same shard."""
    import json

    from extractors.pipeline import extract_partition

    shard = EXAMPLES / "papers.jsonl"
    out = tmp_path / "m.jsonl"
    assert run_kg("extract", shard, "--out", out).exit_code == 0
    lines = shard.read_text(encoding="utf-8").splitlines()
    from_partition = [json.loads(l) for l in extract_partition(lines, source=shard.name)]
    from_cli = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert from_partition == from_cli


def test_the_process_that_loads_the_graph_does_not_import_spacy():
    """`kg build` onto a graph builds the spaCy pipeline in its extraction worker, while
    it loads the graph; importing spaCy there first cost 0.6 s of a day's update."""
    import subprocess
    import sys

    code = (
        "import sys, cli, kg.building.build, kg.model.graph_model, kg.store.store\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'spacy' or m == 'extractors.components'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_worker_built_pipeline_extracts_what_one_built_here_does():
    from extractors.pipeline import PipelineToBuild, build_nlp, extract
    from kg.readers import read_inputs

    records = list(read_inputs([str(EXAMPLES)]))
    here = [e.to_dict() for e in extract(records, build_nlp())]
    in_worker = [e.to_dict() for e in extract(records, PipelineToBuild(), start_now=True)]
    assert in_worker == here and len(here) == len(records)


def test_workers_end_on_sigterm_whichever_thread_takes_it():
    """`kg extract --jobs 2` hung after its last paper (1 run in 11): the pool stops its
    workers with SIGTERM, and the command's Python handler, inherited at the fork, runs
    only in a worker's main thread, between bytecodes; an idle worker's main thread
    waited in a lock for its next task while a library's thread in it took the signal,
    and the pool waited for that worker forever.  Workers keep the default action,
    which ends the process whatever thread takes the signal."""
    import signal

    import cli
    from extractors.pipeline import PipelineToBuild, _WorkerExtraction

    previous = signal.signal(signal.SIGTERM, cli._terminated)  # as `kg` installs it
    try:
        workers = _WorkerExtraction([], PipelineToBuild(), 2)
        try:
            in_workers = {workers._pool.apply(signal.getsignal, (signal.SIGTERM,)) for _ in range(4)}
        finally:
            workers.close()
        assert in_workers == {signal.SIG_DFL}
    finally:
        signal.signal(signal.SIGTERM, previous)
