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
