"""Issue 2 bar 4 through the real CLI: each bad input stops the build with one line
naming the file (and line), a non-zero exit, and the existing graph untouched."""

from __future__ import annotations

import signal
import tracemalloc

import pytest

from conftest import EXAMPLES, record_figure
from kg.errors import InputError
from kg.readers import MAX_LINE_BYTES, read_inputs
from kg_processes import kg_process, temp_files, wait_until_writing, write_listing


@pytest.fixture
def graph(tmp_path, run_kg):
    path = tmp_path / "g.json.zst"
    assert run_kg("build", EXAMPLES, "--graph", path).exit_code == 0
    return path


def _fingerprint(path):
    return path.read_bytes(), path.stat().st_mtime_ns


def _write_50mb_line(path):
    with open(path, "wb") as handle:
        handle.write(b'{"title": "one very long line", "abstract": "')
        handle.write(b"a" * (50 * 1024**2))
        handle.write(b'"}\n')


BAD_INPUTS = {
    # name: (writer of the file, the error after "kg: error: <path>")
    "empty": (lambda p: p.write_bytes(b""), ": file is empty"),
    "binary": (lambda p: p.write_bytes(bytes(range(256)) * 40), ": binary file, not a text listing"),
    "truncated": (
        lambda p: p.write_bytes(b'{"title": "A", "abstract": "x"}\n{"title": "B", "abs'),
        ":2: file is truncated: the last line is incomplete JSON (unexpected end of data at column 20)",
    ),
    "latin1": (
        lambda p: p.write_bytes('{"title": "Caf\u00e9 na\u00efve", "abstract": "x"}\n'.encode("latin-1")),
        ":1: not UTF-8 text (byte 0xe9); re-encode it as UTF-8, e.g. `iconv -f latin1 -t utf-8`",
    ),
    "50mb-line": (
        _write_50mb_line,
        f":1: line is over {MAX_LINE_BYTES // 1024**2} MiB; no "
        "listing has lines this long (is it a listing?)",
    ),
    "missing": (lambda p: None, ": no such file or folder"),
}


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_is_one_line_error_and_graph_untouched(kind, tmp_path, graph, run_kg):
    write, expected = BAD_INPUTS[kind]
    bad = tmp_path / f"{kind}.jsonl"
    write(bad)
    before = _fingerprint(graph)
    result = run_kg("build", bad, "--graph", graph)
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"kg: error: {bad}{expected}"]
    assert _fingerprint(graph) == before
    assert not temp_files(graph)
    record_figure(f"bad input {kind}: {result.output.strip()}")


def test_50mb_line_is_refused_without_reading_it_all(tmp_path):
    """The refusal comes while streaming: a few MB are held, not the 50 MB line."""
    bad = tmp_path / "long.jsonl"
    _write_50mb_line(bad)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="line is over"):
            list(read_inputs([str(bad)]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_LINE_BYTES


def test_bad_record_is_skipped_with_a_count_and_strict_refuses(tmp_path, graph, run_kg):
    listing = tmp_path / "mixed.jsonl"
    listing.write_text(
        '{"title": "Good paper", "abstract": "Fine."}\n'
        '{"title": "Broken", "abstract": \n'
        '["not", "an", "object"]\n'
        '{"abstract": "no title"}\n'
    )
    result = run_kg("build", listing, "--graph", graph)
    assert result.exit_code == 0
    assert f"kg: skipped {listing}:2: invalid JSON (unexpected end of data at column 33)" in result.output
    assert f"kg: skipped {listing}:3: line is JSON but not an object" in result.output
    assert f"kg: skipped {listing}:4: record has no title" in result.output
    assert "read 1 records from 1 files (3 skipped)" in result.output

    before = _fingerprint(graph)
    strict = run_kg("build", listing, "--graph", graph, "--strict")
    assert strict.exit_code == 1
    assert strict.output.splitlines() == [
        f"kg: error: {listing}:2: invalid JSON (unexpected end of data at column 33) "
        "(--strict stops at any unreadable record)"
    ]
    assert _fingerprint(graph) == before


def test_many_skips_are_counted_not_all_printed(tmp_path, graph, run_kg):
    listing = tmp_path / "noisy.jsonl"
    listing.write_text('{"title": "Good paper", "abstract": "Fine."}\n' + "[1]\n" * 100)
    result = run_kg("build", listing, "--graph", graph)
    assert result.exit_code == 0
    assert result.output.count("line is JSON but not an object") == 20
    assert "kg: skipped 80 more records (--json lists every reason" in result.output
    assert "(100 skipped)" in result.output


def test_file_with_no_readable_record_is_an_error(tmp_path, graph, run_kg):
    listing = tmp_path / "hopeless.jsonl"
    listing.write_text('{"abstract": "no title"}\n{"abstract": "none either"}\n')
    result = run_kg("build", listing, "--graph", graph)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"kg: error: {listing}: no readable jsonl records; line 1: record has no title"
    ]


def test_folder_holding_the_graph_does_not_read_it_as_a_listing(tmp_path, run_kg):
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "papers.jsonl").write_bytes((EXAMPLES / "papers.jsonl").read_bytes())
    graph = folder / "paperkg.graph.json.zst"
    for _ in range(2):
        result = run_kg("build", folder, "--graph", graph)
        assert result.exit_code == 0, result.output
        assert "read 3 records from 1 files" in result.output


def test_ctrl_c_mid_build_leaves_previous_graph_and_no_traceback(tmp_path, graph):
    listing = write_listing(tmp_path / "big.jsonl", 3000, seed=1)
    before = _fingerprint(graph)
    # Ctrl-C as in a terminal: a shell starts background jobs (`cmd &`, nohup) with
    # SIGINT ignored, and Python keeps that, so a test run launched that way would see
    # the build ignore the signal and finish (exit 0)
    build = kg_process(
        "build", listing, "--graph", graph, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)
    )
    assert wait_until_writing(build, graph), build.communicate()
    assert build.poll() is None, "the build ended before it could be interrupted"
    build.send_signal(signal.SIGINT)
    out, err = build.communicate(timeout=60)
    assert build.returncode == 130, err
    assert err.decode().splitlines() == ["kg: interrupted; files were left as they were"]
    assert _fingerprint(graph) == before
    assert not temp_files(graph)
    record_figure("Ctrl-C mid-build: exit 130, one line, graph unchanged, no temp files")
