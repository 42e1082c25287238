"""Damaged and hostile graph files and mentions lines (issue #20): each is refused in
one line, nothing hangs, nothing is lost.  The structure-aware fuzz (tests/hostile_files.py)
runs a few hundred cases here; bench/hostile_files.py runs thousands."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import orjson
import pytest
import zstandard

import hostile_files
from conftest import REPO, record_figure
from graphs import _extraction
from kg.store import store
from kg.errors import GraphBusyError

GRAPH_CASES, MENTIONS_CASES = 120, 250


def _document(path):
    return orjson.loads(store.decompress(path.read_bytes()))


def _write(path, doc):
    path.write_bytes(zstandard.ZstdCompressor().compress(orjson.dumps(doc)))


def test_mutated_graph_files_never_end_in_a_traceback_or_a_hang(good_graph, good_mentions, tmp_path):
    tally = hostile_files.fuzz_graph_files(good_graph, good_mentions, tmp_path, GRAPH_CASES, seed=20)
    record_figure(tally.line("mutated graph files"))
    assert tally.tracebacks == [] and tally.hangs == [] and tally.graph_damaged == []
    assert tally.outcomes["stats exit 1"] > GRAPH_CASES // 2  # the damage was mostly refused


def test_mutated_mentions_lines_never_end_in_a_traceback_or_a_broken_graph(
    good_graph, good_mentions, tmp_path
):
    tally = hostile_files.fuzz_mentions_lines(good_graph, good_mentions, tmp_path, MENTIONS_CASES, seed=20)
    record_figure(tally.line("mutated mentions lines"))
    assert tally.tracebacks == [] and tally.hangs == [] and tally.graph_damaged == []


def test_a_graph_with_its_edge_columns_dropped_is_refused(good_graph, run_kg):
    doc = _document(good_graph)
    doc["edges"]["keys"], doc["edges"]["columns"] = [], []
    _write(good_graph, doc)
    for args in (["stats"], ["query", "MATCH (n) RETURN count(n) AS c"]):
        result = run_kg(*args, "--graph", good_graph)
        assert result.exit_code == 1 and "an edge has no 'type'" in result.output
        assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("damage", ["label", "start", "type", "aliases"])
def test_wrong_types_in_a_graph_file_are_one_line_errors(good_graph, run_kg, damage):
    doc = _document(good_graph)
    if damage in ("label", "aliases"):
        group = next(g for g in doc["node_groups"] if damage in g["keys"])
        column = group["columns"][group["keys"].index(damage)]
        column.clear()
        column.update(encoding="raw", values=[7] * len(group["members"]))
    else:
        column = doc["edges"]["columns"][doc["edges"]["keys"].index(damage)]
        column.clear()
        column.update(encoding="raw", values=[["x"]] * len(doc["edges"]["source"]))
    _write(good_graph, doc)
    result = run_kg("show", "FastNet", "--graph", good_graph)
    assert result.exit_code == 1 and "graph file is corrupt" in result.output
    assert len(result.output.strip().splitlines()) == 1


def _group_of(doc, node):
    """The node group holding `node`, and its position among the group's members."""
    position = doc["nodes"].index(node)
    group = next(g for g in doc["node_groups"] if position in g["members"])
    return group, group["members"].index(position)


def _node_values(doc, group, name):
    """A node group's column as raw values (set back with `_set_column`)."""
    from kg.store import graph_file

    return graph_file._decode_column(
        group["columns"][group["keys"].index(name)], doc["nodes"], group["members"], None
    )


def _set_column(owner, name, values):
    """Replace (or add) a column of a node group or of the edges with raw values."""
    if name not in owner["keys"]:
        owner["keys"].append(name)
        owner["columns"].append({})
    column = owner["columns"][owner["keys"].index(name)]
    column.clear()
    column.update(encoding="raw", values=values)


def _set_node(doc, node, name, value):
    group, at = _group_of(doc, node)
    values = _node_values(doc, group, name) if name in group["keys"] else [None] * len(group["members"])
    values[at] = value
    _set_column(group, name, values)


def _edge_at(doc, edge_type):
    """The position of the first edge of a type (every column of the file is the
    hand-made graph's, so the table encoding of `type` is known)."""
    edges = doc["edges"]
    column = edges["columns"][edges["keys"].index("type")]
    return column["values"].index(column["table"].index(edge_type))


def _set_extra(doc, at, name, value):
    edges = doc["edges"]
    if at in edges["extra_at"]:
        edges["extra"][edges["extra_at"].index(at)][name] = value
    else:
        place = sorted(edges["extra_at"] + [at]).index(at)
        edges["extra_at"].insert(place, at)
        edges["extra"].insert(place, {name: value})


def _rename_node(doc, old, new):
    """A node's id changed everywhere the file names it (its `id` is stored as `self`)."""
    doc["nodes"][doc["nodes"].index(old)] = new


def _absorbed(doc):
    return next(n for n in doc["nodes"] if n == "method:sharpness-aware-minimization")


#: Each class of damage that once ended in a traceback, a graph that loaded but broke
#: a later command, or a silent misreading; and the words of its one-line refusal.
GRAPH_DAMAGE = {
    "a paper without a title": (
        lambda d: _set_node(d, "arxiv:2401.00001", "title", None),
        "a Paper node has no 'title'",
    ),
    "an id of another label": (
        lambda d: _rename_node(d, "method:fastnet", "dataset:fastnet"),
        "node id 'dataset:fastnet' is not a Method's id",
    ),
    "an id property not the node's id": (
        lambda d: _set_node(d, "arxiv:2401.00002", "id", "arxiv:9999.0"),
        "'id' property is not its id",
    ),
    "a node id twice": (lambda d: _rename_node(d, "metric:f1", "method:fastnet"), "a node id appears twice"),
    "a property name without its column": (
        lambda d: d["node_groups"][0]["keys"].pop(0),
        "property names do not match the columns",
    ),
    "a property its label has not": (
        lambda d: _set_node(d, "task:question-answering", "title", "x"),
        "node has a property 'title' that the schema does not give",
    ),
    "a property unknown to the schema": (
        lambda d: _set_node(d, "task:question-answering", "colour", "x"),
        "node property 'colour' is not in the schema",
    ),
    "an edge property its type has not": (
        lambda d: _set_extra(d, _edge_at(d, "USES"), "factor", "2x"),
        "a USES edge has a property 'factor'",
    ),
    "a number where the schema has text": (
        lambda d: _set_extra(d, _edge_at(d, "OUTPERFORMS"), "factor", 2),
        "edge property 'factor' is a int, not str",
    ),
    "an integer beyond 64 bits": (
        lambda d: _set_node(d, "arxiv:2401.00001", "upvotes", 2**63),
        f"'upvotes' holds {2**63}, outside",
    ),
    "an edge quoting no paper text": (
        lambda d: _set_column(d["edges"], "field", ["authors"] * len(d["edges"]["source"])),
        "an edge quotes field 'authors'",
    ),
    "extra edge properties at no edge": (
        lambda d: d["edges"]["extra_at"].__setitem__(0, 10**6),
        "extra properties are at no edge",
    ),
    "an absorbed record cut short": (
        lambda d: _set_node(d, _absorbed(d), "absorbed", ["method:sam\taliases"]),
        "an 'absorbed' record is not",
    ),
    "an absorbed short form of another label": (
        lambda d: _set_node(d, _absorbed(d), "absorbed", ["dataset:sam\taliases\tSAM\t0"]),
        "absorbed 'dataset:sam', which is not another Method",
    ),
    "an absorbed short form without an alias": (
        lambda d: _set_node(d, _absorbed(d), "absorbed", ["method:sam\tpapers\tarxiv:2401.00006\t1"]),
        "absorbed 'method:sam', which is not another Method with an alias",
    ),
    "a long form left without an alias": (
        lambda d: _set_node(
            d,
            _absorbed(d),
            "absorbed",
            [
                f"method:sam\taliases\t{a}\t1"
                for a in _node_values(d, _group_of(d, _absorbed(d))[0], "aliases")[
                    _group_of(d, _absorbed(d))[1]
                ]
            ],
        ),
        "has no alias of its own",
    ),
    "a merged edge's mark without its end": (
        lambda d: _set_extra(
            d,
            next(at for at, e in zip(d["edges"]["extra_at"], d["edges"]["extra"]) if "via" in e),
            "via",
            ["method:sam"],
        ),
        "'via' mark is not head= or tail=",
    ),
}


@pytest.mark.parametrize("damage", GRAPH_DAMAGE, ids=list(GRAPH_DAMAGE))
def test_each_class_of_damaged_graph_is_a_one_line_refusal(
    good_graph, good_mentions, tmp_path, run_kg, damage
):
    """Every command that reads the graph refuses it in one line naming the problem
    (an exception would end the test), and a merge into it leaves its bytes as they were."""
    mutate, message = GRAPH_DAMAGE[damage]
    doc = _document(good_graph)
    mutate(doc)
    _write(good_graph, doc)
    before = good_graph.read_bytes()
    for args in (
        ["stats"],
        ["show", "FastNet"],
        ["query", "MATCH (n) RETURN count(n) AS c"],
        ["export", "rdf", "--out", tmp_path / "out.nt"],
        ["merge", good_mentions],
    ):
        result = run_kg(*args, "--graph", good_graph)
        assert result.exit_code == 1 and message in result.output, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert good_graph.read_bytes() == before


def test_the_grown_graph_itself_loads_and_merges(good_graph, good_mentions, run_kg):
    """The undamaged file the classes above damage passes the same check."""
    assert run_kg("stats", "--graph", good_graph).exit_code == 0
    assert run_kg("merge", good_mentions, "--graph", good_graph).exit_code == 0
    assert store.load(good_graph).nodes["method:sharpness-aware-minimization"]["absorbed"]


def test_a_zstd_bomb_is_refused_before_it_fills_memory(tmp_path, run_kg):
    bomb = tmp_path / "bomb.graph.json.zst"
    bomb.write_bytes(zstandard.ZstdCompressor(level=19).compress(b"[" + b" " * (2 << 30)))
    assert bomb.stat().st_size < 200_000
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "from cli import run; sys.argv = ['kg', 'export', 'rdf', '--graph', sys.argv[1], "
        "'--out', sys.argv[2]]; run()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(bomb), str(tmp_path / "out.nt")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert result.returncode == 1, result.stderr
    assert "a decompression bomb?" in result.stderr and "Traceback" not in result.stderr


def test_fifo_and_devices_are_refused_as_graphs_and_inputs(tmp_path, run_kg):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in (
        ["stats", "--graph", fifo],
        ["stats", "--graph", "/dev/zero"],
        ["build", fifo, "--graph", tmp_path / "g.json.zst"],
        ["build", "/dev/zero", "--graph", tmp_path / "g.json.zst"],
        ["export", "rdf", "--graph", fifo, "--out", tmp_path / "x.nt"],
    ):
        started = time.monotonic()
        result = run_kg(*args)
        assert result.exit_code == 1 and ("FIFO" in result.output or "device" in result.output), args
        assert time.monotonic() - started < 10


def test_a_device_as_output_is_not_replaced(good_graph, tmp_path, run_kg):
    null = tmp_path / "null"
    os.mknod(null, 0o666 | 0o020000, os.makedev(1, 3))  # a character device like /dev/null
    result = run_kg("export", "rdf", "--graph", good_graph, "--out", null, "--format", "nt")
    assert result.exit_code == 1 and "character device" in result.output
    assert null.is_char_device()
    result = run_kg("build", REPO / "examples" / "listings", "--graph", null)
    assert result.exit_code == 1 and null.is_char_device()


def test_two_names_of_one_graph_share_one_lock_and_the_link_stays(good_graph, tmp_path):
    link = tmp_path / "link.graph.json.zst"
    link.symlink_to(good_graph)
    with store.writer_lock(good_graph):
        with pytest.raises(GraphBusyError, match="busy"):
            with store.writer_lock(link):
                pass
    store.save(store.load(link), link)
    assert link.is_symlink() and store.load(good_graph).number_of_nodes() > 0


def test_waiting_builds_through_a_symlink_lose_nothing(tmp_path):
    """Two `--wait` writers, one through a link: the second waits for the first."""
    real = tmp_path / "real.graph.json.zst"
    link = tmp_path / "link.graph.json.zst"
    link.symlink_to(real)
    order = []

    def writer(path, name):
        with store.writer_lock(path, wait=True):
            order.append(f"{name} in")
            time.sleep(0.3)
            order.append(f"{name} out")

    threads = [threading.Thread(target=writer, args=(p, n)) for p, n in ((real, "a"), (link, "b"))]
    # flock is per open file: two handles in one process exclude each other as two processes do
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert order[1].endswith("out") and order[3].endswith("out")


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: d["relations"].append({**d["relations"][0], "type": "HATES"}), "type 'HATES'"),
        (lambda d: d["mentions"][0].update(label="Person"), "label 'Person'"),
        (lambda d: d["mentions"][0].update(start=-1), "offsets"),
        (lambda d: d["mentions"][0].update(end=10**6), "offsets"),
        (lambda d: d["mentions"][0].update(confidence="high"), "confidence"),
        (lambda d: d["mentions"][0].pop("field"), "fields"),
        (lambda d: d["relations"][0].update(head=99), "head"),
        (lambda d: d["results"][0].update(dataset=0), "dataset"),
        (lambda d: d["paper"].update(title=["a"]), "paper.title"),
        (lambda d: d.update(mentions={}), "mentions is not a list"),
        (lambda d: d["mentions"][0].update(role="HATES"), "role 'HATES'"),
        (lambda d: d["mentions"][0].update(attrs={"url": {"x": 1}}), "attrs"),
        # a relation's attrs become properties of its edge: evidence (a traceback), names its
        # type has not, values of another type (graphs that later failed to load or index)
        (
            lambda d: d["relations"][0].update(attrs={"paper": 1}),
            "attrs 'paper' is not a property of EXTENDS",
        ),
        (lambda d: d["relations"][0].update(attrs={"confidence": "x"}), "attrs 'confidence'"),
        (lambda d: d["relations"][0].update(attrs={"dataset": "ImageNet"}), "attrs 'dataset'"),
        (
            lambda d: d["relations"][0].update(type="OUTPERFORMS", attrs={"factor": 2}),
            "attrs 'factor' is not text",
        ),
        (lambda d: d["mentions"][0].update(attrs={"short": 5}), "attrs 'short' is not text"),
        (
            lambda d: d["mentions"].append(
                {
                    **d["mentions"][0],
                    "label": "Repository",
                    "role": "HAS_CODE",
                    "attrs": {"url": "https://github.com/a/b", "host": 7},
                }
            ),
            "attrs 'host' is not text",
        ),
        (lambda d: d["paper"].update(upvotes=2**63), "paper.upvotes"),
    ],
)
def test_bad_mentions_lines_are_one_line_errors_and_change_nothing(
    good_graph, good_mentions, tmp_path, run_kg, damage, message
):
    line = orjson.loads(good_mentions.read_bytes().splitlines()[0])
    damage(line)
    shard = tmp_path / "bad.jsonl"
    shard.write_bytes(orjson.dumps(line) + b"\n")
    before = good_graph.read_bytes()
    result = run_kg("merge", shard, "--graph", good_graph)
    assert result.exit_code == 1 and message in result.output and f"{shard}:1:" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert good_graph.read_bytes() == before


def _big_graph(path, papers=3000):
    from kg.model.graph_model import GraphModel

    model = GraphModel()
    for i in range(papers):
        model.add_extraction(
            _extraction(
                f"2403.{i:05d}",
                f"Study {i} of nets",
                [
                    ("Method", f"Net{i}", "PROPOSES"),
                    ("Dataset", "ImageNet", "USES"),
                    ("Task", "QA", "ADDRESSES"),
                ],
            )
        )
    store.save(model.graph, path)


def test_killed_exports_leave_no_temp_files_behind(tmp_path):
    graph, out = tmp_path / "big.graph.json.zst", tmp_path / "out" / "graph.nt"
    out.parent.mkdir()
    _big_graph(graph)
    command = [
        sys.executable,
        "-c",
        "from cli import run; run()",
        "export",
        "rdf",
        "--graph",
        str(graph),
        "--out",
        str(out),
    ]
    temps = lambda: [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")]  # noqa: E731
    kills = 0
    for _ in range(5):  # SIGKILL each export as soon as it is writing its temporary file
        process = subprocess.Popen(command, cwd=REPO, stderr=subprocess.DEVNULL)
        seen = len(temps())
        while process.poll() is None and len(temps()) == seen:
            time.sleep(0.005)
        if process.poll() is None:
            process.kill()
            kills += 1
        process.wait()
    assert kills >= 1
    assert len(temps()) <= 1  # each export removed the orphan of the one before
    term = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    term.terminate()
    assert "Traceback" not in term.communicate(timeout=60)[1]
    finished = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert temps() == [] and out.stat().st_size > 0
    record_figure(f"killed RDF exports: {kills} SIGKILLs and a SIGTERM, 0 temp files after the next export")


def test_a_full_disk_is_one_line_and_replaces_nothing(good_graph, good_mentions, tmp_path):
    """RLIMIT_FSIZE stands for a full disk: writes past it fail with EFBIG."""
    out = tmp_path / "graph.nt"
    out.write_text("old export\n")
    for args in (
        ["export", "rdf", "--graph", str(good_graph), "--out", str(out)],
        ["export", "html", "--graph", str(good_graph), "--out", str(tmp_path / "g.html")],
        ["merge", str(good_mentions), "--graph", str(good_graph)],
    ):
        code = (
            "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN);"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000));"
            "from cli import run; sys.argv = ['kg'] + sys.argv[1:]; run()"
        )
        before = good_graph.read_bytes()
        result = subprocess.run(
            [sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "File too large" in result.stderr
        assert out.read_text() == "old export\n" and good_graph.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
