"""`kg query` on the graph file: named queries, formats, hostile parameters."""

import csv
import io
import json

import pytest
from hypothesis import given, settings, strategies as st

import queries
from graphs import HOSTILE_METHOD, full_schema_graph, saved_with_index
from kg.query.cypher_embedded import run_on
from kg.store.query_index import open_index


@pytest.fixture
def graph_file(tmp_path):
    return saved_with_index(full_schema_graph(), tmp_path / "g.json.zst")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    opened = open_index(saved_with_index(full_schema_graph(), tmp_path_factory.mktemp("q") / "g.json.zst"))
    yield opened
    opened.close()


def test_every_named_query_parses_and_declares_its_parameters():
    found = queries.all_queries()
    assert {
        "papers-on-dataset",
        "methods-for-task",
        "top-datasets",
        "code-for-method",
        "co-occurring-concepts",
        "leaderboard",
        "outperforms",
        "paper-neighbourhood",
        "related-papers",
        "papers-on-task",
        "paper-concepts",
        "best-results",
    } <= set(found)
    for query in found.values():
        assert query.answers and query.text.lstrip().startswith("//")


def test_leaderboard_reads_benchmarks_with_values(graph_file, run_kg):
    result = run_kg(
        "query",
        "--graph",
        graph_file,
        "--name",
        "leaderboard",
        "--param",
        "dataset=imagenet",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["method"], r["value"], r["paper"]) for r in rows] == [
        ("FastNet", 81.5, "arxiv:2401.00001"),
        ("ResNet", 76.1, "arxiv:2401.00001"),
        ("SlowNet", 74.0, "arxiv:2401.00002"),
    ]


def test_csv_and_table_formats(graph_file, run_kg):
    result = run_kg("query", "--graph", graph_file, "--name", "outperforms", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {(r["winner"], r["loser"]) for r in rows} == {
        ("FastNet", "ResNet"),
        ("SlowNet", "FastNet"),
        (HOSTILE_METHOD, "ResNet"),
    }
    table = run_kg("query", "--graph", graph_file, "--name", "top-datasets", "--param", "limit=2")
    assert table.exit_code == 0 and table.output.strip().endswith("(2 rows)")


def test_hostile_parameter_matches_as_data(graph_file, run_kg):
    result = run_kg(
        "query",
        "--graph",
        graph_file,
        "--name",
        "code-for-method",
        "--param",
        f"method={HOSTILE_METHOD}",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert [r["repository"] for r in json.loads(result.output)] == ["https://github.com/example/hostile"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("\"'`{}()[]$\\/ \n;:,.a") + ["DELETE", "RETURN", "MATCH", "//"]), max_size=20
    ).map("".join)
)
def test_any_parameter_is_compared_as_data(index, value):
    graph = full_schema_graph()
    _, rows = run_on(index, "MATCH (m:Method) WHERE m.name = $v RETURN m.id AS id", {"v": value})
    assert rows == [
        {"id": n} for n, d in graph.nodes(data=True) if d["label"] == "Method" and d["name"] == value
    ]


def test_hostile_name_matches_in_a_map_pattern_too(index):
    _, rows = run_on(index, "MATCH (m:Method {name: $v}) RETURN m.id AS id", {"v": HOSTILE_METHOD})
    assert len(rows) == 1


def test_errors_are_one_line(graph_file, run_kg):
    for args in (
        ["MATCH (n) DETACH DELETE n"],
        ["MATCH (n RETURN n"],
        ["--name", "nope"],
        ["--name", "leaderboard"],
        ["--name", "top-datasets", "--param", "limit=x"],
        ["RETURN $x"],
    ):
        result = CliRunnerSafe.invoke(["query", "--graph", str(graph_file), *args])
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("kg: error:") and result.output.count("\n") == 1, result.output


class CliRunnerSafe:
    @staticmethod
    def invoke(args):
        from click.testing import CliRunner

        from cli import main

        return CliRunner().invoke(main, args, catch_exceptions=False)


def test_named_queries_find_concepts_by_alias_and_papers_by_title_words(graph_file, run_kg):
    result = run_kg(
        "query",
        "--graph",
        graph_file,
        "--name",
        "papers-on-dataset",
        "--param",
        "dataset=IMAGENET",
        "--format",
        "json",
    )
    assert [r["paper"] for r in json.loads(result.output)] == ["arxiv:2401.00001", "arxiv:2401.00002"]
    result = run_kg(
        "query",
        "--graph",
        graph_file,
        "--name",
        "paper-concepts",
        "--param",
        "paper=slownet REVISITED",
        "--format",
        "json",
    )
    rows = json.loads(result.output)
    assert {r["paper"] for r in rows} == {"arxiv:2401.00002"}
    assert ("PROPOSES", "SlowNet") in {(r["role"], r["concept"]) for r in rows}


def test_typed_parameters_reach_the_engine_as_values(graph_file, run_kg):
    result = run_kg(
        "query",
        "--graph",
        graph_file,
        "MATCH (m:Method) WHERE m.name IN $names RETURN m.id AS id ORDER BY id LIMIT $n",
        "-p",
        'names:json=["FastNet","SlowNet"]',
        "-p",
        "n:int=1",
        "--format",
        "json",
    )
    assert json.loads(result.output) == [{"id": "method:fastnet"}]
    bad = CliRunnerSafe.invoke(["query", "--graph", str(graph_file), "RETURN $x", "-p", "x:int=five"])
    assert bad.exit_code == 1 and "'five' is not int" in bad.output


def test_min_confidence_is_honoured_by_queries_show_and_stats(graph_file, run_kg):
    from kg.store import store

    graph = store.load(graph_file)
    strong = sum(1 for _, _, d in graph.edges(data=True) if d["confidence"] >= 0.95)
    assert 0 < strong < graph.number_of_edges()
    result = run_kg(
        "query",
        "--graph",
        graph_file,
        "--min-confidence",
        "0.95",
        "MATCH ()-[r]->() RETURN count(*) AS n",
        "--format",
        "json",
    )
    assert json.loads(result.output) == [{"n": strong}]
    stats = json.loads(run_kg("stats", "--graph", graph_file, "--min-confidence", "0.95", "--json").output)
    assert stats["edges"] == strong
    shown = json.loads(
        run_kg("show", "FastNet", "--graph", graph_file, "--min-confidence", "0.95", "--json").output
    )
    assert shown["in_total"] == shown["out_total"] == 0
