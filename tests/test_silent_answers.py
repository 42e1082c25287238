"""The embedded store's silent wrong answers of issue #15, now right answers or errors:
a filter on both ends of a relationship, property maps on both ends, and misspelled
labels and properties (which used to give 0 rows or blank rows without a word)."""

import pytest

from conftest import EXAMPLES
from graphs import full_schema_graph, saved_with_index
from kg.store import store
from kg.building.build import build
from kg.query.cypher_embedded import run
from kg.errors import KGError
from kg.model.graph_model import GraphModel


@pytest.fixture(scope="module")
def graph_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("silent")
    build([str(EXAMPLES)], str(folder / "examples.json.zst"))
    graph = full_schema_graph(GraphModel(store.load(folder / "examples.json.zst")))
    return saved_with_index(graph, folder / "g.json.zst")


def _edges(graph, edge_type):
    return [(u, v) for u, v, d in graph.edges(data=True) if d["type"] == edge_type]


def test_filters_on_both_ends_find_the_papers_that_qualify(graph_path):
    graph = store.load(graph_path)
    expected = sorted(
        {
            u
            for u, v in _edges(graph, "EVALUATES_ON")
            if graph.nodes[v]["label"] == "Dataset"
            and graph.nodes[v]["name"] == "ImageNet"
            and graph.nodes[u].get("date", "") >= "2020"
        }
    )
    assert expected  # the examples' papers are dated 2026 and evaluate on ImageNet
    _, rows = run(
        graph_path,
        'MATCH (p:Paper)-[r:EVALUATES_ON]->(d:Dataset) WHERE d.name = "ImageNet" '
        'AND p.date >= "2020" RETURN p.id',
    )
    assert sorted(r["p.id"] for r in rows) == expected


def test_property_maps_on_both_ends_match(graph_path):
    graph = store.load(graph_path)
    papers = sorted(u for u, v in _edges(graph, "EVALUATES_ON") if v == "dataset:imagenet")
    assert len(papers) > 1
    for paper in papers:
        _, rows = run(
            graph_path,
            "MATCH (p:Paper {id: $paper})-[:EVALUATES_ON]->(d:Dataset {name: 'ImageNet'}) "
            "RETURN p.id AS paper, d.id AS dataset",
            {"paper": paper},
        )
        assert rows == [{"paper": paper, "dataset": "dataset:imagenet"}]


@pytest.mark.parametrize(
    "query, words",
    [
        (
            "MATCH (p:Papr) RETURN p.id",
            ["no label or relationship type Papr", "did you mean Paper", "labels are Paper"],
        ),
        ("MATCH (p:Paper)-[:EVALUATES]->(d) RETURN d.id", ["EVALUATES", "EVALUATES_ON"]),
        ("MATCH (p:Paper) RETURN p.titel", ["no property titel", "did you mean title"]),
        ("MATCH (p:Paper) WHERE p.dat >= '2020' RETURN p.id", ["no property dat"]),
    ],
)
def test_misspelled_label_or_property_is_an_error_naming_what_exists(graph_path, query, words):
    with pytest.raises(KGError) as error:
        run(graph_path, query)
    message = str(error.value)
    assert "\n" not in message and all(w in message for w in words), message


def test_a_typo_is_a_syntax_error_and_a_missing_feature_says_so(graph_path):
    with pytest.raises(KGError, match="syntax error in the query at line 1"):
        run(graph_path, "MATCH (p:Paper) RETRUN p.id")
    with pytest.raises(KGError, match="unsupported feature: shortestPath"):
        run(graph_path, "MATCH p = shortestPath((a:Paper)-[*]-(b:Method)) RETURN p")


@pytest.mark.parametrize(
    "query",
    [
        "COPY (MATCH (p:Paper) RETURN p.id) TO '/tmp/paperkg-out.csv'",
        "LOAD FROM '/etc/passwd' RETURN *",
        "ATTACH '/tmp/other.lbug' AS other (dbtype lbug)",
        "INSTALL httpfs",
    ],
)
def test_queries_reaching_outside_the_graph_are_refused(graph_path, query):
    with pytest.raises(KGError):
        run(graph_path, query)


def test_clause_words_as_properties_and_aliases_still_run(graph_path):
    _, rows = run(graph_path, "MATCH (p:Paper) RETURN p.id AS copy ORDER BY copy LIMIT 1")
    assert rows and "copy" in rows[0]
