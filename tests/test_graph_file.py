"""The graph file's version-2 document (kg/store/graph_file.py): the graph comes back exactly,
evidence sentences are stored as offsets only where slicing gives them back, version-1
files still load, and the direct MultiDiGraph construction equals NetworkX's own."""

from __future__ import annotations

import gzip
import random

import networkx as nx
import orjson
import pytest

from graphs import full_schema_graph
from kg.store import graph_file, store
from kg.errors import GraphFileError
from kg.model.graph_model import GraphModel


def snapshot(graph: nx.MultiDiGraph) -> tuple:
    """Everything observable, in iteration order (order matters: callers iterate)."""
    return (
        list(graph.nodes(data=True)),
        list(graph.edges(keys=True, data=True)),
        [(n, list(graph.succ[n]), list(graph.pred[n])) for n in graph],
    )


def roundtrip(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return store.from_document(orjson.loads(store.decompress(store.dumps(graph))))


def awkward_graph() -> nx.MultiDiGraph:
    """The schema graph plus what the columns must not get wrong: a sentence that is
    not in its paper's text, one whose paper lacks the field, one quoted by two
    papers, an edge with an extra list property and a key of its own, a node without
    properties, null values and non-ASCII text."""
    graph = full_schema_graph()
    paper = "arxiv:2401.00001"
    graph.nodes[paper]["abstract"] = "Über alles. We study FastNet. Ünïcode ✓ tail."
    graph.add_node("lonely")
    graph.add_edge(
        paper,
        "lonely",
        key="USES@" + paper,
        type="USES",
        paper=paper,
        field="abstract",
        sentence="Ünïcode ✓ tail.",
        start=0,
        end=3,
        extractor="hand",
        confidence=0.5,
    )
    graph.add_edge(
        paper,
        "lonely",
        key="own key",
        type="USES",
        paper=paper,
        field="abstract",
        sentence="Not in the text at all.",
        start=0,
        end=3,
        extractor="hand",
        confidence=0.25,
        via=["tail=method:x", "head=method:y"],
        value=None,
    )
    graph.add_edge(
        "lonely",
        paper,
        key="EXTENDS@nowhere",
        type="EXTENDS",
        paper="nowhere",
        field="abstract",
        sentence="Über alles.",
        start=0,
        end=4,
        extractor="hand",
        confidence=1.0,
    )
    graph.add_edge(
        "lonely",
        "lonely",
        key="loop",
        type="EXTENDS",
        paper=paper,
        field="no such field",
        sentence="Über alles.",
        start=0,
        end=1,
        extractor="hand",
        confidence=1.0,
    )
    return graph


def test_version_2_gives_the_graph_back_exactly_and_is_stable():
    graph = awkward_graph()
    again = roundtrip(graph)
    assert snapshot(again) == snapshot(roundtrip(again))
    assert sorted(graph.nodes(data=True)) == sorted(again.nodes(data=True))
    assert sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]) == list(
        again.edges(keys=True, data=True)
    )  # loaded in (source, target, key) order
    assert store.dumps(again) == store.dumps(graph)


def test_sentences_are_offsets_where_slicing_gives_them_back_and_shared_when_equal():
    graph = awkward_graph()
    raw = store.decompress(store.dumps(graph))
    doc = orjson.loads(raw)
    table = doc["sentences"]
    # not in the (changed) abstract; paper "nowhere" and field "no such field" do not exist
    assert sorted(table["literal"]) == [
        "FastNet for image classification.",
        "Not in the text at all.",
        "Über alles.",
    ]
    for node, prop, start, end in zip(table["node"], table["property"], table["start"], table["end"]):
        text = graph.nodes[doc["nodes"][node]][table["properties"][prop]]
        assert text[start:end] and text[start:end] in {d["sentence"] for _, _, d in graph.edges(data=True)}
    assert raw.count(b"SlowNet revisited.") == 1  # in the abstract, never as evidence
    loaded = roundtrip(graph)
    by_text: dict[str, list] = {}
    for _, _, d in loaded.edges(data=True):
        by_text.setdefault(d["sentence"], []).append(d["sentence"])
    assert len(by_text["SlowNet revisited."]) > 1 and len(by_text["Über alles."]) == 2
    for quotes in by_text.values():
        assert all(quote is quotes[0] for quote in quotes)


def test_any_insertion_order_gives_the_same_bytes():
    graph = awkward_graph()
    nodes, edges = list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))
    for seed in range(3):
        random.Random(seed).shuffle(nodes)
        random.Random(seed).shuffle(edges)
        shuffled = nx.MultiDiGraph()
        shuffled.add_nodes_from((n, dict(reversed(list(d.items())))) for n, d in nodes)
        shuffled.add_edges_from(edges)
        assert store.dumps(shuffled) == store.dumps(graph)


def schema_awkward_graph() -> nx.MultiDiGraph:
    """The awkward graph as a graph file may hold it (`store.load` holds files to the
    schema): the lonely node a Method with a Method's id, no edge its type cannot join,
    no property its type has not, evidence quoting a paper's title or abstract."""
    graph = awkward_graph()
    nx.relabel_nodes(graph, {"lonely": "method:lonely"}, copy=False)
    graph.nodes["method:lonely"].update(id="method:lonely", label="Method", name="lonely")
    graph.remove_edge("method:lonely", "arxiv:2401.00001", key="EXTENDS@nowhere")
    del graph.edges["arxiv:2401.00001", "method:lonely", "own key"]["value"]
    graph.edges["method:lonely", "method:lonely", "loop"]["field"] = "title"
    return graph


def test_version_1_files_still_load_and_are_saved_as_version_2(tmp_path):
    graph = schema_awkward_graph()
    version_1 = {
        "format": "paperkg-graph",
        "version": 1,
        "nodes": [[n, graph.nodes[n]] for n in sorted(graph.nodes)],
        "edges": sorted(
            ([u, v, k, d] for u, v, k, d in graph.edges(keys=True, data=True)), key=lambda e: e[:3]
        ),
    }
    path = tmp_path / "old.json.gz"
    path.write_bytes(gzip.compress(orjson.dumps(version_1, option=orjson.OPT_SORT_KEYS)))
    loaded = store.load(path)
    assert snapshot(loaded) == snapshot(roundtrip(graph))
    store.save(loaded, path)
    assert orjson.loads(store.decompress(path.read_bytes()))["version"] == 2
    assert store.load(path).nodes(data=True) == loaded.nodes(data=True)


def test_gzip_files_of_earlier_versions_load_and_are_saved_as_zstandard(tmp_path):
    graph = schema_awkward_graph()
    path = tmp_path / "earlier.json.gz"
    path.write_bytes(gzip.compress(store.decompress(store.dumps(graph))))
    assert snapshot(store.load(path)) == snapshot(roundtrip(graph))
    store.save(store.load(path), path)
    assert path.read_bytes() == store.dumps(graph)
    assert path.read_bytes().startswith(b"\x28\xb5\x2f\xfd")  # the Zstandard magic number


def test_an_empty_graph_roundtrips():
    assert snapshot(roundtrip(nx.MultiDiGraph())) == ([], [], [])


@pytest.mark.parametrize(
    "damage", ["offset past the text", "unknown encoding", "short column", "node in no group"]
)
def test_damaged_version_2_content_is_a_one_line_graph_file_error(damage, tmp_path):
    doc = orjson.loads(store.decompress(store.dumps(awkward_graph())))
    if damage == "offset past the text":
        doc["sentences"]["end"][0] += 10_000
    elif damage == "unknown encoding":
        doc["edges"]["columns"][0]["encoding"] = "pickle"
    elif damage == "short column":
        doc["edges"]["columns"][0]["values"].pop()
    else:
        doc["node_groups"][0]["members"].pop()
        for column in doc["node_groups"][0]["columns"]:
            if "values" in column:
                column["values"].pop()
    path = tmp_path / "g.json.zst"
    path.write_bytes(gzip.compress(orjson.dumps(doc)))
    with pytest.raises(GraphFileError, match="graph file is corrupt") as error:
        store.load(path)
    assert "\n" not in str(error.value)


def test_direct_construction_equals_networkx_and_mutates_the_same():
    graph = awkward_graph()
    ids = sorted(graph.nodes)
    position = {n: i for i, n in enumerate(ids)}
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3])
    reference = nx.MultiDiGraph()
    reference.add_nodes_from((n, dict(graph.nodes[n])) for n in ids)
    reference.add_edges_from((u, v, k, dict(d)) for u, v, k, d in edges)
    direct = graph_file.build_multidigraph(
        ids,
        [dict(graph.nodes[n]) for n in ids],
        [position[u] for u, _, _, _ in edges],
        [position[v] for _, v, _, _ in edges],
        [k for _, _, k, _ in edges],
        [dict(d) for _, _, _, d in edges],
    )
    assert snapshot(direct) == snapshot(reference)
    assert all(direct._succ[u][v] is direct._pred[v][u] for u, v in direct.edges())
    assert direct.number_of_edges() == reference.number_of_edges()
    assert nx.utils.graphs_equal(direct, reference)
    for each in (direct, reference):  # the same mutations leave the same graph
        each.remove_edge("lonely", "lonely", "loop")
        each.add_edge("lonely", "arxiv:2401.00002", key="new", type="USES")
        each.remove_node("method:resnet")
        nx.relabel_nodes(each, {"lonely": "renamed"}, copy=False)
        each.nodes["renamed"]["label"] = "Method"
    assert snapshot(direct) == snapshot(reference)
    assert list(direct.in_edges("renamed", keys=True)) == list(reference.in_edges("renamed", keys=True))


def test_a_loaded_graph_keeps_growing_like_a_built_one(tmp_path):
    """The model's merges (in-place list unions, renames, splits) on a loaded graph."""
    path = tmp_path / "g.json.zst"
    store.save(full_schema_graph(), path)
    model = GraphModel(store.load(path))
    model.split_absorbed()
    model.canonicalise()
    assert store.dumps(model.graph) == store.dumps(full_schema_graph())


def test_the_file_holds_the_document_as_one_json_text():
    """`dumps` writes the JSON in pieces (Zstandard frames compressed in threads); together
    they are exactly the document's JSON."""
    for graph in (awkward_graph(), nx.MultiDiGraph()):
        assert store.decompress(store.dumps(graph)) == orjson.dumps(
            store.to_document(graph), option=orjson.OPT_SORT_KEYS
        )
