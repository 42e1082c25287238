"""The query index: an update applied to a copy of the previous index gives exactly the
index written from scratch; the index follows the graph file's bytes."""

import contextlib
import json
import re
import sqlite3
import time

import pytest

from conftest import EXAMPLES
from kg.store import query_index, store
from kg.building.build import build
from kg.model.graph_model import GraphModel
from kg.store.query_index import index_dir, open_index
from kg_processes import write_listing


def _content(graph_path):
    """Everything in the graph file's index, as sorted rows: nodes, edges, names lookup."""
    index = open_index(graph_path)
    try:
        nodes = index.execute("MATCH (n) RETURN n").get_all()
        rels = index.execute("MATCH (a)-[r]->(b) RETURN a.id, label(r), b.id, r").get_all()
        with contextlib.closing(sqlite3.connect(query_index.names_path(index.path))) as names:
            lookup = sorted(names.execute("SELECT key, node, label FROM names"))
    finally:
        index.close()

    def clean(value):
        return sorted((k, repr(v)) for k, v in value.items() if not k.startswith("_"))

    return sorted(clean(n[0]) for n in nodes), sorted((a, t, b, clean(r)) for a, t, b, r in rels), lookup


def _fresh(graph_path, tmp_path):
    copy = tmp_path / "fresh" / "g.json.zst"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(graph_path.read_bytes())
    return _content(copy)  # (no index beside the copy: the query builds one from scratch)


@pytest.mark.parametrize(
    "steps",
    [
        ["papers.jsonl", "daily-page.txt", "generated-a"],
        ["generated-a", "generated-b", "generated-a-and-more"],
    ],
)
def test_updated_index_equals_an_index_written_from_scratch(steps, tmp_path, monkeypatch):
    monkeypatch.setattr(query_index, "UPDATE_AT_MOST", 1.0)  # (small graphs: always update)
    inputs = {
        "generated-a": write_listing(tmp_path / "a.jsonl", 60, seed=3),
        "generated-b": write_listing(tmp_path / "b.jsonl", 40, seed=4),
        # the same 60 papers again (their facts re-added) and 20 more
        "generated-a-and-more": write_listing(tmp_path / "a2.jsonl", 80, seed=3),
    }
    graph = tmp_path / "g.json.zst"
    updates = []
    original = query_index._write_update
    monkeypatch.setattr(query_index, "_write_update", lambda *args: updates.append(1) or original(*args))
    for number, step in enumerate(steps):
        build([str(inputs.get(step) or EXAMPLES / step)], str(graph))
        assert _content(graph) == _fresh(graph, tmp_path / f"step{number}")
    assert len(updates) == len(steps) - 1  # every build after the first updated a copy


def test_updated_index_equals_a_fresh_one_across_the_seed_pages(tmp_path, monkeypatch):
    """Real pages, whose short forms merge into long forms and split again each build."""
    from conftest import need_shared

    pages = sorted(need_shared("seeds").iterdir())
    monkeypatch.setattr(query_index, "UPDATE_AT_MOST", 1.0)
    graph = tmp_path / "g.json.zst"
    for number, page in enumerate(pages):
        build([str(page)], str(graph))
        assert _content(graph) == _fresh(graph, tmp_path / f"page{number}")
    assert any(d.get("absorbed") for _, d in store.load(graph).nodes(data=True))


def test_a_short_form_that_stays_apart_after_an_update_is_in_the_updated_index(tmp_path, monkeypatch):
    """ "TWE" merged into the Tidal Wave Encoder that defines it; a later paper defines
    TWE otherwise, so the short form stays a node of its own: the index, which held it
    merged, now holds it with its edges (it lacked them, and queries missed them)."""
    monkeypatch.setattr(query_index, "UPDATE_AT_MOST", 1.0)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    papers = [
        (
            "Tide encoders",
            "We propose the Tidal Wave Encoder (TWE), a buoy model. It beats baselines on harbour scans.",
        ),
        ("Buoy clips", "We fine-tune TWE on buoy clips and report gains."),
    ]
    first.write_text("".join(json.dumps({"title": t, "abstract": a}) + "\n" for t, a in papers))
    second.write_text(
        json.dumps(
            {"title": "Hull encoders", "abstract": "We propose the Twin Weight Ensemble (TWE), a hull model."}
        )
        + "\n"
    )
    graph = tmp_path / "g.json.zst"
    build([str(first)], str(graph))
    assert "method:twe" not in store.load(graph)
    build([str(second)], str(graph))
    assert "method:twe" in store.load(graph)


def test_a_reported_methods_new_name_changes_that_edge_not_the_whole_benchmark(tmp_path, monkeypatch):
    """A method whose shown name changes ("Foonet", then "FooNet" with more capitals)
    changes the method named on the REPORTS edges of earlier papers: the update rewrites
    those edges alone, and the index still equals one written from scratch."""
    monkeypatch.setattr(query_index, "UPDATE_AT_MOST", 1.0)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(
        json.dumps(
            {
                "title": "Foonet for harbour clips",
                "abstract": "We propose Foonet, a clip encoder. Foonet reaches 71.4% accuracy on Kinetics-400.",
            }
        )
        + "\n"
    )
    second.write_text(
        json.dumps(
            {
                "title": "Harbour clips again",
                "abstract": "We study the FooNet encoder on long buoy videos. With it we reach 70.2% "
                "accuracy on Kinetics-400, and FooNet is slow.",
            }
        )
        + "\n"
    )
    updates = []
    original = query_index._write_update

    def spy(path, graph, changes):
        updates.append((set(changes.changed_edges), set(changes.rebuilt)))
        return original(path, graph, changes)

    monkeypatch.setattr(query_index, "_write_update", spy)
    graph = tmp_path / "g.json.zst"
    build([str(first)], str(graph))
    build([str(second)], str(graph))
    ((changed, rebuilt),) = updates
    assert {v for _, v, _ in changed} == {"benchmark:-/kinetic/accuracy"} and not rebuilt
    methods = {d.get("method") for _, _, d in store.load(graph).edges(data=True) if d["type"] == "REPORTS"}
    assert "FooNet" in methods and "Foonet" not in methods
    assert _content(graph) == _fresh(graph, tmp_path / "fresh")


def test_a_long_form_that_absorbs_a_new_short_form_keeps_its_other_edges_in_place(tmp_path, monkeypatch):
    """A day whose paper writes only "TWE" merges that short form into the Tidal Wave
    Encoder: the update adds the moved edge and changes the long form's properties, and
    does not compare every edge of the long form (the 75k graph's Vision Transformer
    has 1,400); the index still equals one written from scratch."""
    monkeypatch.setattr(query_index, "UPDATE_AT_MOST", 1.0)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    papers = [
        ("Tide encoders", "We propose the Tidal Wave Encoder (TWE), a buoy model."),
        ("Buoy clips", "We fine-tune the Tidal Wave Encoder on buoy clips."),
    ]
    first.write_text("".join(json.dumps({"title": t, "abstract": a}) + "\n" for t, a in papers))
    second.write_text(
        json.dumps({"title": "Hull clips", "abstract": "We fine-tune TWE on hull clips."}) + "\n"
    )
    updates = []
    original = query_index._write_update

    def spy(path, graph, changes):
        updates.append(set(changes.rebuilt))
        return original(path, graph, changes)

    monkeypatch.setattr(query_index, "_write_update", spy)
    graph = tmp_path / "g.json.zst"
    build([str(first)], str(graph))
    build([str(second)], str(graph))
    assert "method:tidal-wave-encoder" not in updates[-1]
    assert store.load(graph).nodes["method:tidal-wave-encoder"].get("absorbed")
    assert _content(graph) == _fresh(graph, tmp_path / "fresh")


def test_index_follows_the_file_and_old_generations_are_removed(tmp_path):
    graph = tmp_path / "g.json.zst"
    build([str(EXAMPLES / "papers.jsonl")], str(graph))
    first = graph.read_bytes()
    build([str(EXAMPLES / "daily-page.txt")], str(graph))
    assert len(list(index_dir(graph).glob("*.lbug"))) == 1
    graph.write_bytes(first)  # (a restored .prev, say): its own index is built, not the other used
    papers = GraphModel(store.load(graph)).stats()["labels"]["Paper"]
    assert query_index.stats(graph)["labels"]["Paper"] == papers


def test_a_process_can_hold_many_indexes_open(tmp_path):
    """LadybugDB's default reserves 8 TiB of address space per open database: the 16th
    open index in one process failed in mmap (and a long test session crashed)."""
    held = [query_index._database(tmp_path / f"i{n}.lbug") for n in range(24)]
    try:
        for n, (_, connection) in enumerate(held):
            connection.execute("CREATE NODE TABLE P(id STRING PRIMARY KEY)")
            connection.execute("CREATE (:P {id: $id})", {"id": str(n)})
            assert connection.execute("MATCH (p:P) RETURN p.id").get_all() == [[str(n)]]
    finally:
        for database, connection in held:
            connection.close()
            database.close()


def test_an_update_that_dies_half_way_leaves_an_index_that_never_answers(tmp_path, monkeypatch):
    """The update changes the database in place: one that stops after deleting what it
    replaces (as a SIGKILL would) leaves the database marked as holding no graph, so
    the next query writes it afresh from the file instead of answering from it."""
    monkeypatch.setattr(query_index, "UPDATE_AT_MOST", 1.0)
    graph = tmp_path / "g.json.zst"
    build([str(write_listing(tmp_path / "a.jsonl", 60, seed=3))], str(graph))
    original = query_index._write_update

    def dies_half_way(path, graph_, changes):
        database, connection = query_index._database(path)
        try:
            connection.execute("MATCH (p:Paper) DETACH DELETE p")
        finally:
            connection.close()
            database.close()
        raise KeyboardInterrupt  # (the build stops here, the index half-changed)

    monkeypatch.setattr(query_index, "_write_update", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        build([str(write_listing(tmp_path / "b.jsonl", 40, seed=4))], str(graph))
    assert query_index._held_digest(index_dir(graph)) is None
    monkeypatch.setattr(query_index, "_write_update", original)
    assert _content(graph) == _fresh(graph, tmp_path)
    papers = GraphModel(store.load(graph)).stats()["labels"]["Paper"]
    # (the failed build put the previous graph back, kg.store.store.restored_on_failure; the
    # database it had half-changed in place was left marked as holding no graph)
    assert len(_content(graph)[0]) > papers == 60


def test_an_update_begun_ahead_of_a_save_that_fails_leaves_an_index_that_never_answers(tmp_path, monkeypatch):
    """The in-place update runs beside the graph file's save (query_index.UpdateAhead):
    a save that fails after the update changed the index leaves the index marked as
    holding no graph, and lets go of its lock, so the next query writes it afresh from
    the previous graph, which the failed build put back."""
    monkeypatch.setattr(query_index, "UPDATE_AT_MOST", 1.0)
    graph = tmp_path / "g.json.zst"
    build([str(write_listing(tmp_path / "a.jsonl", 60, seed=3))], str(graph))
    before = _content(graph)
    updated = []
    original_update, original_save = query_index._write_update, store.save

    def update(*args, **kwargs):
        original_update(*args, **kwargs)
        updated.append(True)

    def save_fails(*args, **kwargs):
        deadline = time.monotonic() + 60
        while not updated and time.monotonic() < deadline:  # (the update done first: the worst moment)
            time.sleep(0.01)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(query_index, "_write_update", update)
    monkeypatch.setattr(store, "save", save_fails)
    with pytest.raises(Exception, match="No space left on device"):
        build([str(write_listing(tmp_path / "b.jsonl", 40, seed=4))], str(graph))
    assert updated and query_index._held_digest(index_dir(graph)) is None
    monkeypatch.setattr(store, "save", original_save)
    assert _content(graph) == before == _fresh(graph, tmp_path)


def test_show_finds_names_through_the_lookup_from_a_relative_graph_path(tmp_path, monkeypatch):
    """`kg show` reads names from the index's names lookup (SQLite, opened read-only by
    URI, which needs an absolute path): a graph named relative to the working folder."""
    from kg.query.inspect import describe

    build([str(EXAMPLES / "papers.jsonl")], str(tmp_path / "g.json.zst"))
    monkeypatch.chdir(tmp_path)
    name = next(d["name"] for _, d in store.load("g.json.zst").nodes(data=True) if d["label"] == "Dataset")
    assert describe("g.json.zst", name.upper())["node"]["name"] == name


@pytest.mark.parametrize(
    "change, message",
    [
        ({"confidence": "high"}, "property confidence holds values the query index cannot type as DOUBLE"),
        ({"start": 2**70}, "property start holds values the query index cannot type as INT64"),
        ({"bogus": 1}, "properties ['bogus'] that are not in kg/schema.py"),
    ],
)
def test_an_edge_property_the_index_cannot_hold_is_an_error_naming_it(tmp_path, change, message):
    """Edges become Arrow tables in one pass over their dicts; a value of the wrong type
    or a property without a column is still an error naming the property, never a
    column read as null."""
    from kg.errors import KGError

    build([str(EXAMPLES / "papers.jsonl")], str(tmp_path / "g.json.zst"))
    graph = store.load(tmp_path / "g.json.zst")
    u, v, key = next(iter(graph.edges(keys=True)))
    graph.edges[u, v, key].update(change)
    with pytest.raises(KGError, match=re.escape(message)):
        query_index._write_full(tmp_path / "i.lbug", graph)


def test_a_first_build_writes_its_index_while_the_graph_is_saved(tmp_path, monkeypatch):
    """A first build begins the whole index before saving the graph file (the engine
    copies on the second core meanwhile) and names it only after: the index is the one
    written from scratch, and no temporary file is left."""
    begun = []
    original = query_index.Ahead.__init__
    monkeypatch.setattr(
        query_index.Ahead, "__init__", lambda self, *args: begun.append(1) or original(self, *args)
    )
    graph = tmp_path / "g.json.zst"
    build([str(write_listing(tmp_path / "a.jsonl", 60, seed=3))], str(graph))
    assert begun == [1]
    assert _content(graph) == _fresh(graph, tmp_path)
    assert not list(index_dir(graph).glob(".tmp-*"))
    build([str(write_listing(tmp_path / "b.jsonl", 5, seed=4))], str(graph))  # a small day
    assert begun == [1]  # (updated in place: nothing begun ahead)


def test_a_build_whose_save_fails_leaves_no_index_begun_ahead(tmp_path, monkeypatch):
    """The index begun ahead of a save that fails is waited for and removed: no
    temporary database is left beside a graph that was never written."""
    from kg.errors import GraphFileError

    def fails(*args):
        raise GraphFileError("the disk is full")

    monkeypatch.setattr(store, "save", fails)
    graph = tmp_path / "g.json.zst"
    with pytest.raises(GraphFileError, match="the disk is full"):
        build([str(write_listing(tmp_path / "a.jsonl", 20, seed=3))], str(graph))
    assert not graph.exists()
    assert not list(index_dir(graph).iterdir())
