"""Concepts merged across papers: one node per concept, the same graph in any order."""

from __future__ import annotations

import itertools

import orjson

from kg import schema
from kg.store import store
from kg.model.graph_model import GraphModel
from extractors.pipeline import build_nlp, extract
from kg.records import Record

PAPERS = [
    Record(
        title="Flat Minima Search",
        source="t:1",
        abstract="We propose Sharpness-Aware Minimization (SAM) for training deep networks.",
    ),
    Record(
        title="Faster sharpness training",
        source="t:2",
        abstract="SAM doubles the cost of training; our method halves it on CIFAR-10.",
    ),
    Record(
        title="Sharpness aware minimizations revisited",
        source="t:3",
        abstract="Sharpness Aware Minimizations, an optimizer for flat minima, scale to large batches.",
    ),
    Record(
        title="Medical segmentation",
        source="t:4",
        abstract="The Segmentation Attention Module (SAM) improves medical image segmentation.",
    ),
    Record(title="Another segmentation", source="t:5", abstract="We use SAM for image segmentation."),
]


def build_graph(records) -> bytes:
    model = GraphModel()
    for extraction in extract(records, build_nlp()):
        model.add_extraction(extraction)
    model.canonicalise()
    return store.dumps(model.graph)


def test_order_does_not_change_the_graph():
    outputs = {build_graph(list(order)) for order in itertools.permutations(PAPERS[:4])}
    assert len(outputs) == 1


def test_rebuilding_changes_nothing():
    model = GraphModel()
    for _ in range(2):
        model.split_absorbed()  # as every update of a saved graph does
        for extraction in extract(PAPERS[:3], build_nlp()):
            model.add_extraction(extraction)
        model.canonicalise()
    assert store.dumps(model.graph) == build_graph(PAPERS[:3])


def test_short_form_joins_its_long_form_and_variants_merge():
    model = GraphModel()
    for extraction in extract(PAPERS[:3], build_nlp()):
        model.add_extraction(extraction)
    model.canonicalise()
    node = schema.concept_id("Method", "Sharpness-Aware Minimization")
    data = model.graph.nodes[node]
    assert data["name"] == "Sharpness-Aware Minimization"
    assert "SAM" in data["aliases"] and "Sharpness Aware Minimizations" in data["aliases"]
    assert len(data["papers"]) == 3
    assert model.find("SAM") == [node]
    assert "method:sam" not in model.graph


def test_ambiguous_short_form_is_not_merged_blindly():
    model = GraphModel()
    for extraction in extract(PAPERS, build_nlp()):
        model.add_extraction(extraction)
    model.canonicalise()
    # two papers define SAM differently: the paper that says only "SAM" stays apart
    assert "method:sam" in model.graph
    assert len(model.graph.nodes["method:sharpness-aware-minimization"]["papers"]) == 2


def test_a_merge_comes_apart_when_a_later_paper_makes_the_short_form_ambiguous():
    model = GraphModel()
    for batch in (PAPERS[:2], PAPERS[2:]):
        model.split_absorbed()
        for extraction in extract(batch, build_nlp()):
            model.add_extraction(extraction)
        model.canonicalise()
    assert store.dumps(model.graph) == build_graph(PAPERS)


def test_edges_between_two_merged_short_forms_come_apart_exactly():
    definitions = [
        Record(title="A", source="t:a", abstract="We propose Quantum Ridge Walk (QRW) for graphs."),
        Record(title="B", source="t:b", abstract="We propose Lattice Tree Sampler (LTS) for trees."),
    ]
    comparison = Record(title="C", source="t:c", abstract="In our tests QRW outperforms LTS on COCO.")
    other = Record(title="D", source="t:d", abstract="We propose Quick Random Walks (QRW) for text.")
    model = GraphModel()
    for batch in ([*definitions, comparison], [other]):
        model.split_absorbed()
        for extraction in extract(batch, build_nlp()):
            model.add_extraction(extraction)
        model.canonicalise()
    assert store.dumps(model.graph) == build_graph([*definitions, comparison, other])
    merged = store.from_document(orjson.loads(store.decompress(build_graph([*definitions, comparison]))))
    assert any(
        key.startswith("OUTPERFORMS")
        for key in merged.get_edge_data("method:quantum-ridge-walk", "method:lattice-tree-sampler")
    )
    assert "method:qrw" not in merged and "method:lts" not in merged


def test_benchmark_and_reports_edge():
    record = Record(
        title="KiteNet",
        source="t:9",
        abstract="We propose KiteNet. KiteNet reaches 84.2% top-1 accuracy on ImageNet "
        "for image classification.",
    )
    model = GraphModel()
    for extraction in extract([record], build_nlp()):
        paper = model.add_extraction(extraction)
    model.canonicalise()
    node = schema.benchmark_id("image classification", "ImageNet", "accuracy")
    data = model.graph.nodes[node]
    assert (data["dataset"], data["metric"], data["task"]) == ("ImageNet", "accuracy", "image classification")
    [edge] = [d for u, _, d in model.graph.in_edges(node, data=True) if u == paper]
    assert (edge["type"], edge["value"], edge["unit"], edge["method"]) == ("REPORTS", 84.2, "%", "KiteNet")
    targets = {d["type"] for _, _, d in model.graph.out_edges(node, data=True)}
    assert targets == {"ON_TASK", "ON_DATASET", "MEASURED_BY"}


def test_a_dataset_named_with_its_data_word_is_the_bare_name_node():
    records = [
        Record(
            title="Ship logs",
            source="t:10",
            abstract="We train on the Harbor corpus and the Quorra test set.",
        ),
        Record(title="More ship logs", source="t:11", abstract="Results on Harbor improve with Quorra data."),
    ]
    model = GraphModel()
    for extraction in extract(records, build_nlp()):
        model.add_extraction(extraction)
    model.canonicalise()
    harbor = model.graph.nodes[schema.concept_id("Dataset", "Harbor")]
    assert harbor["name"] == "Harbor" and "Harbor corpus" in harbor["aliases"]
    assert len(harbor["papers"]) == 2
    assert schema.concept_id("Dataset", "Harbor corpus") not in model.graph
