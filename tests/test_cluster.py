"""Issue 17 bar 4: extraction inside real Dask and Spark engines (a local `distributed`
cluster, Spark in `local[2]`) gives the graph `kg build` gives on the same files, byte
for byte, whatever the partition count.  Skipped when the `cluster` extra or Java is
missing, except under CI=true, where `.ci/run` installs them and a skip is a failure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import EXAMPLES, need_in_ci, need_shared


@pytest.fixture(scope="module")
def listings():
    """The two smallest seed listings (daily pages, 73 papers) and a JSON Lines file, so
    that partitions cut across files and formats; few papers, since starting the
    engines and their workers' pipelines is most of these tests' time."""
    seeds = need_shared("seeds")
    smallest = sorted(seeds.iterdir(), key=lambda path: path.stat().st_size)[:2]
    return sorted(smallest) + [EXAMPLES / "papers.jsonl"]


@pytest.fixture(scope="module")
def kg_build_graph(listings, tmp_path_factory):
    """The bytes `kg build` writes for the listings, on this machine's processes."""
    from click.testing import CliRunner

    from cli import main

    graph = tmp_path_factory.mktemp("local") / "local.json.zst"
    result = CliRunner().invoke(
        main, ["build", *map(str, listings), "--graph", str(graph)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return graph.read_bytes()


def kg_outside_its_virtualenv(*args, cwd) -> subprocess.CompletedProcess:
    """`kg` run by this interpreter as a user runs a virtualenv's `kg` without activating
    it: the PATH's `python3` is not this one (PySpark once started its workers with
    that one, which has no paperkg or another), nor is paperkg in the folder."""
    java = shutil.which("java")
    path = ["/usr/bin", "/bin"] + ([os.path.dirname(java)] if java else [])
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYSPARK_PYTHON", "VIRTUAL_ENV", "PYTHONPATH")
    } | {"PATH": os.pathsep.join(path)}
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize("engine", ["dask", "spark"])
def test_engine_build_is_byte_identical_to_kg_build(engine, listings, kg_build_graph, tmp_path, run_kg):
    from kg.building.cluster import unavailable

    need_in_ci(unavailable(engine))
    # one partition on one worker, in a process of its own; three on two, in this one
    graph = tmp_path / f"{engine}-1.json.zst"
    done = kg_outside_its_virtualenv(
        "build",
        *listings,
        "--graph",
        graph,
        "--engine",
        engine,
        "--jobs",
        1,
        "--partitions",
        1,
        "--json",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["extracted"] == json.loads(done.stdout)["records"] > 70
    assert graph.read_bytes() == kg_build_graph, f"{engine}, 1 partition"
    graph = tmp_path / f"{engine}-3.json.zst"
    result = run_kg(
        "build", *listings, "--graph", graph, "--engine", engine, "--jobs", 2, "--partitions", 3, "--json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["extracted"] == json.loads(result.stdout)["records"]
    assert graph.read_bytes() == kg_build_graph, f"{engine}, 3 partitions"
    # built again: every extraction comes from the cache, no engine starts, same bytes
    again = run_kg("build", *listings, "--graph", graph, "--engine", engine, "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["extracted"] == 0
    assert graph.read_bytes() == kg_build_graph


def test_kg_extract_in_dask_writes_what_kg_extract_writes(tmp_path, run_kg):
    from kg.building.cluster import unavailable

    need_in_ci(unavailable("dask"))
    here, in_dask = tmp_path / "here.jsonl", tmp_path / "dask.jsonl"
    assert run_kg("extract", EXAMPLES, "--out", here).exit_code == 0
    result = run_kg("extract", EXAMPLES, "--out", in_dask, "--engine", "dask", "--partitions", 2)
    assert result.exit_code == 0, result.output
    assert in_dask.read_bytes() == here.read_bytes() and here.read_bytes().count(b"\n") == 5


def test_cluster_options_without_an_engine_are_refused(tmp_path, run_kg):
    result = run_kg("build", EXAMPLES, "--graph", tmp_path / "g.json.zst", "--partitions", 3)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "kg: error: --cluster and --partitions need --engine dask or --engine spark"
    ]
    assert not (tmp_path / "g.json.zst").exists()


def test_spark_without_java_says_so_and_writes_nothing(tmp_path, run_kg, monkeypatch):
    from kg.building.cluster import unavailable

    need_in_ci(unavailable("spark"))  # pyspark installed, so that Java is what is missing
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no `java` on it
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = run_kg("build", EXAMPLES, "--graph", tmp_path / "g.json.zst", "--engine", "spark")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "kg: error: --engine spark needs Java 17 or later, and no `java` is on the PATH "
        "(Debian: apt-get install openjdk-17-jre-headless; or set JAVA_HOME)"
    ]
    assert not (tmp_path / "g.json.zst").exists()
