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


def test_a_command_loads_only_its_own_module():
    """`kg show` imports cli.inspect, not what build, train or export need: a read's
    time is mostly imports where Python caches no bytecode."""
    import subprocess
    import sys

    code = (
        "import sys; from click.testing import CliRunner; from cli import main; "
        "CliRunner().invoke(main, ['show', '--help']); "
        "print(sorted(m for m in sys.modules if m.startswith('cli.')), 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['cli.inspect', 'cli.options'] False"


def test_query_prints_json_with_the_flag_every_command_has(tmp_path, run_kg):
    """`--json` means the same in every command: `kg query --json` prints the rows as
    `--format json` does, `--list --json` the named queries; with another --format it
    is an error, not a silent choice of one."""
    import json

    graph = tmp_path / "g.json.zst"
    assert run_kg("build", EXAMPLES, "--graph", graph).exit_code == 0
    cypher = "MATCH (p:Paper) RETURN p.title AS title ORDER BY title"
    flag = run_kg("query", "--graph", graph, cypher, "--json")
    assert flag.exit_code == 0, flag.output
    assert json.loads(flag.output) == json.loads(
        run_kg("query", "--graph", graph, cypher, "--format", "json").output
    )
    assert len(json.loads(flag.output)) == 4
    listed = json.loads(run_kg("query", "--list", "--json").output)
    assert {"papers-on-dataset", "top-datasets"} <= {q["name"] for q in listed}
    assert all(set(q) == {"name", "answers", "parameters"} for q in listed)
    both = run_kg("query", "--graph", graph, cypher, "--json", "--format", "csv")
    assert both.exit_code != 0 and "--json or --format csv" in both.output
