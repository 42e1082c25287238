"""Issue #20, bar 4: numbers out of the schema's ranges are refused where a graph file
loads and where a mentions line is merged, and a write that fails after the graph was
saved (the query index, curation's undo record) puts the previous graph back
(`store.restored_on_failure`), with a one-line error."""

from __future__ import annotations

import os
import subprocess
import sys

import orjson
import pytest

import hostile_files
from conftest import REPO
from kg.store import query_index, store
from kg import schema
from kg.errors import WriteError
from test_hostile_files import _document, _edge_at, _set_column, _set_extra, _set_node, _write

QUERY = "MATCH (p:Paper) RETURN count(p) AS papers"


def _one_line_refusal(result, *words):
    assert result.exit_code == 1, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert all(word in result.output for word in words), result.output


def _confidences(doc, value):
    _set_column(doc["edges"], "confidence", [value] * len(doc["edges"]["source"]))


#: Numbers of the right type beyond the schema's range, each once loaded without a word
#: (a confidence of 5 ranks above every real fact; an integer past 2^53 is not the
#: number a double or the HTML view's JavaScript reads), and the words of the refusal.
OUT_OF_RANGE = {
    "a confidence over 1": (lambda d: _confidences(d, 5.0), "'confidence' holds 5.0"),
    "a negative confidence": (lambda d: _confidences(d, -0.5), "'confidence' holds -0.5"),
    "a count past 2^53": (
        lambda d: _set_node(d, "arxiv:2401.00001", "upvotes", 2**60),
        f"'upvotes' holds {2**60}",
    ),
    "an offset past 2^53": (
        lambda d: _set_column(d["edges"], "start", [2**62] * len(d["edges"]["source"])),
        f"'start' holds {2**62}",
    ),
    "a result past 2^53": (
        lambda d: _set_extra(d, _edge_at(d, "REPORTS"), "value", 2**62),
        f"'value' holds {2**62}",
    ),
}


@pytest.mark.parametrize("damage", OUT_OF_RANGE, ids=list(OUT_OF_RANGE))
def test_numbers_out_of_the_schema_range_in_a_graph_file_are_refused(
    good_graph, good_mentions, tmp_path, run_kg, damage
):
    mutate, words = OUT_OF_RANGE[damage]
    doc = _document(good_graph)
    mutate(doc)
    _write(good_graph, doc)
    before = good_graph.read_bytes()
    for args in (
        ["stats"],
        ["query", QUERY],
        ["export", "rdf", "--out", tmp_path / "out.nt"],
        ["merge", good_mentions],
    ):
        _one_line_refusal(run_kg(*args, "--graph", good_graph), "graph file is corrupt", words)
        assert good_graph.read_bytes() == before


@pytest.mark.parametrize(
    "damage, words",
    [
        (lambda d: d["paper"].update(upvotes=2**60), "paper.upvotes"),
        (lambda d: d["results"][0].update(value=2**62), "results[0]: value"),
        (lambda d: d["results"][0].update(value=-(2**53)), "results[0]: value"),
    ],
)
def test_mentions_numbers_out_of_range_are_refused_before_the_graph_changes(
    good_graph, good_mentions, tmp_path, run_kg, damage, words
):
    """A result's value of 2^62 was saved, then the query index refused the graph for
    good: the merge failed after replacing the graph."""
    line = orjson.loads(good_mentions.read_bytes().splitlines()[0])
    damage(line)
    shard = tmp_path / "bad.jsonl"
    shard.write_bytes(orjson.dumps(line) + b"\n")
    before = good_graph.read_bytes()
    _one_line_refusal(run_kg("merge", shard, "--graph", good_graph), f"{shard}:1:", words)
    assert good_graph.read_bytes() == before
    assert run_kg("query", QUERY, "--graph", good_graph).exit_code == 0


def test_the_ranges_come_from_the_schema():
    assert schema.holds(schema.NUMBER, 1.0, "confidence") and not schema.holds(
        schema.NUMBER, 1.5, "confidence"
    )
    assert schema.holds(schema.NUMBER, 1.5, "value")
    for bad in (float("nan"), float("inf"), -float("inf")):
        assert not schema.holds(schema.NUMBER, bad) and not schema.holds(schema.NUMBER, bad, "confidence")
    assert schema.holds(schema.INTEGER, 2**53 - 1) and not schema.holds(schema.INTEGER, 2**53)
    assert not schema.holds(schema.NUMBER, 2**53)  # not exact as a double


def _break_the_index_marker(graph):
    """The index's marker file made a folder: the index write fails after the database
    is written (a real failure: atomic_writer refuses to replace a folder)."""
    marker = query_index.database_files(graph)[2]
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    marker.mkdir()
    return marker


def _files(graph):
    """The bytes of the graph, its `.prev` and its index's files (the lock aside)."""
    paths = [graph, store.previous_path(graph), *sorted(query_index.index_dir(graph).glob("*"))]
    return {p.name: p.read_bytes() for p in paths if p.is_file() and p.name != query_index.LOCK}


def test_a_failed_index_write_puts_the_previous_graph_back(good_graph, good_mentions, run_kg):
    assert run_kg("stats", "--graph", good_graph).exit_code == 0  # an index of it
    assert run_kg("merge", good_mentions, "--graph", good_graph).exit_code == 0  # and a .prev
    before = _files(good_graph)
    extra = good_mentions.parent / "more.jsonl"
    extra.write_bytes(orjson.dumps(hostile_files.good_mentions_lines(6)[5]) + b"\n")
    marker = _break_the_index_marker(good_graph)
    _one_line_refusal(run_kg("merge", extra, "--graph", good_graph), "cannot write", "is a folder")
    marker.rmdir()
    after = _files(good_graph)
    assert after[good_graph.name] == before[good_graph.name]
    assert after[f"{good_graph.name}.prev"] == before[f"{good_graph.name}.prev"]
    assert not [p for p in good_graph.parent.iterdir() if p.name.endswith(".backup.tmp")]
    _answers_as_the_file(good_graph, run_kg)


def _answers_as_the_file(graph, run_kg):
    """A query counts the papers the graph file holds (not those of a failed write)."""
    papers = sum(data["label"] == "Paper" for _, data in store.load(graph).nodes(data=True))
    answer = run_kg("query", QUERY, "--graph", graph)
    assert answer.exit_code == 0 and f"\n{papers}\n" in answer.output, answer.output


def test_a_failed_first_build_leaves_no_graph(tmp_path, good_mentions, run_kg):
    graph = tmp_path / "new.graph.json.zst"
    _break_the_index_marker(graph)
    _one_line_refusal(run_kg("merge", good_mentions, "--graph", graph), "cannot write")
    assert not graph.exists() and not store.previous_path(graph).exists()


def test_a_full_disk_while_the_index_is_written_keeps_the_previous_graph(good_graph, good_mentions, run_kg):
    """RLIMIT_FSIZE stands for a full disk: the graph (3 KB) fits, the index (MBs) does not."""
    assert run_kg("stats", "--graph", good_graph).exit_code == 0
    before = good_graph.read_bytes()
    code = (
        "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN);"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000));"
        "from cli import run; sys.argv = ['kg'] + sys.argv[1:]; run()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "merge", str(good_mentions), "--graph", str(good_graph)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "query index" in result.stderr, result.stderr
    assert good_graph.read_bytes() == before
    _answers_as_the_file(good_graph, run_kg)


def test_a_failed_curation_keeps_the_graph_and_the_log(good_graph, run_kg):
    from kg.building import curation

    log = curation.log_path(good_graph)
    assert run_kg("curate", "rename", "method:fastnet", "FasterNet", "--graph", good_graph).exit_code == 0
    before_graph, before_log = good_graph.read_bytes(), log.read_bytes()
    marker = _break_the_index_marker(good_graph)
    _one_line_refusal(
        run_kg("curate", "rename", "method:slownet", "SlowerNet", "--graph", good_graph), "cannot write"
    )
    marker.rmdir()
    assert good_graph.read_bytes() == before_graph and log.read_bytes() == before_log
    assert store.load(good_graph).nodes["method:fastnet"]["name"] == "FasterNet"
    undone = run_kg("curate", "--undo", "--graph", good_graph)  # the earlier decision's undo still works
    assert undone.exit_code == 0, undone.output


def test_a_failed_undo_keeps_the_graph_and_the_log(good_graph, run_kg):
    """`kg curate --undo` rewrites the log, then puts the older graph in place: a failure
    in between (here `.prev` cannot be replaced: it is a folder) once left the log without
    the decision while the graph still held it, with a traceback."""
    from kg.building import curation

    log = curation.log_path(good_graph)
    assert run_kg("curate", "rename", "method:fastnet", "FasterNet", "--graph", good_graph).exit_code == 0
    before_graph, before_log = good_graph.read_bytes(), log.read_bytes()
    previous = store.previous_path(good_graph)
    previous.unlink()
    previous.mkdir()
    (previous / "keep").write_text("x")
    _one_line_refusal(run_kg("curate", "--undo", "--graph", good_graph), "cannot undo")
    assert good_graph.read_bytes() == before_graph and log.read_bytes() == before_log
    assert not list(good_graph.parent.glob(".*.tmp")), "no temporary file left behind"
    (previous / "keep").unlink()
    previous.rmdir()
    undone = run_kg("curate", "--undo", "--graph", good_graph)  # the undo is still there to take
    assert undone.exit_code == 0, undone.output
    assert store.load(good_graph).nodes["method:fastnet"]["name"] != "FasterNet"


def test_restored_on_failure_puts_back_what_the_block_replaced_and_keeps_nothing_on_success(tmp_path):
    graph, log, new = tmp_path / "g.graph.json.zst", tmp_path / "log.jsonl", tmp_path / "new.txt"
    graph.write_bytes(b"old graph")
    log.write_bytes(b"old log")
    with pytest.raises(RuntimeError), store.restored_on_failure(graph, log, new):
        store.atomic_write_bytes(graph, b"new graph")
        store.atomic_write_bytes(log, b"new log")
        new.write_bytes(b"made by the block")
        raise RuntimeError("the index write failed")
    assert graph.read_bytes() == b"old graph" and log.read_bytes() == b"old log" and not new.exists()
    with store.restored_on_failure(graph, log):
        store.atomic_write_bytes(graph, b"new graph")
    assert graph.read_bytes() == b"new graph"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.graph.json.zst", "log.jsonl"]


def test_an_index_updated_in_place_is_not_marked_as_the_old_graph(good_graph, good_mentions, run_kg):
    """The database an update changed in place cannot be put back: its marker stays
    unset, so a query rebuilds the index instead of answering from the new graph's."""
    assert run_kg("stats", "--graph", good_graph).exit_code == 0
    database, _, marker = query_index.database_files(good_graph)
    held = marker.read_bytes()
    with pytest.raises(WriteError), store.restored_on_failure(good_graph):
        store.atomic_write_bytes(marker, orjson.dumps({"digest": None}))  # as an update starts
        with open(database, "r+b") as handle:  # (changed in place)
            handle.seek(0, os.SEEK_END)
            handle.write(b"\0")
        raise WriteError("the update failed half way")
    assert marker.read_bytes() != held
    _answers_as_the_file(good_graph, run_kg)


def test_ctrl_c_while_the_previous_files_are_kept_aside_leaves_no_backup(tmp_path, monkeypatch):
    """The race a Ctrl-C mid-build can hit: the interrupt lands while the previous
    files are being linked aside, before the write starts; nothing changed, and the
    backup folder goes too."""
    graph = tmp_path / "g.json.zst"
    graph.write_bytes(b"previous graph")
    (tmp_path / "g.json.zst.prev").write_bytes(b"older graph")
    taken = []
    real = store._link_or_copy

    def interrupted_on_the_second(target, link):
        taken.append(target)
        if len(taken) == 2:
            raise KeyboardInterrupt
        return real(target, link)

    monkeypatch.setattr(store, "_link_or_copy", interrupted_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        with store.restored_on_failure(graph):
            pytest.fail("the block must not run")
    assert graph.read_bytes() == b"previous graph"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.json.zst", "g.json.zst.prev"]
