"""Reported results in the graph model: Benchmark nodes and REPORTS edges."""

from graphs import _extraction, full_schema_graph
from kg.model.graph_model import GraphModel
from kg.records import Record


def test_benchmark_joins_its_concepts_once_and_reports_keep_each_method():
    graph = full_schema_graph()
    bench = "benchmark:image-classification/imagenet/top-1-accuracy"
    assert graph.nodes[bench]["dataset"] == "ImageNet"
    out = sorted(d["type"] for _, _, d in graph.out_edges(bench, data=True))
    assert out == ["MEASURED_BY", "ON_DATASET", "ON_TASK"]  # reported by two papers, joined once
    reports = sorted((u, d["method"], d["value"]) for u, _, d in graph.in_edges(bench, data=True))
    assert reports == [
        ("arxiv:2401.00001", "FastNet", 81.5),
        ("arxiv:2401.00001", "ResNet", 76.1),
        ("arxiv:2401.00002", "SlowNet", 74.0),
    ]


def test_results_survive_a_paper_learning_its_arxiv_id():
    """A title-only listing with two results on one benchmark, then the arXiv listing of
    the same paper: the paper moves to its arXiv id and keeps both REPORTS edges and the
    benchmark's single ON_DATASET edge."""
    extraction = _extraction(
        "2401.00009",
        "Two results",
        [
            ("Method", "AlphaNet", "PROPOSES"),
            ("Dataset", "MNIST", "EVALUATES_ON"),
            ("Method", "BetaNet", "USES"),
        ],
        results=[(1, None, None, 0, 99.1, "%"), (1, None, None, 2, 98.0, "%")],
    )
    extraction.paper.arxiv_id = None
    model = GraphModel()
    model.add_extraction(extraction)
    before = model.stats()["edge_types"]
    model.add_paper(Record(title="Two results", arxiv_id="2401.00009"))
    assert "arxiv:2401.00009" in model.graph and model.stats()["edge_types"] == before
    assert before["REPORTS"] == 2 and before["ON_DATASET"] == 1
