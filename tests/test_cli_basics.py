from conftest import EXAMPLES


def test_example_builds_and_stats(tmp_path, run_kg):
    graph = tmp_path / "g.json.zst"
    result = run_kg("build", EXAMPLES, "--graph", graph)
    assert result.exit_code == 0, result.output
    stats = run_kg("stats", "--graph", graph, "--json")
    import json

    data = json.loads(stats.output)
    # 4 distinct papers: the daily page repeats one of the JSONL papers.
    assert data["labels"]["Paper"] == 4
    assert data["labels"]["Repository"] == 3
