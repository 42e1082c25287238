"""Issue 4: parallel extraction gives the same graph as serial extraction."""
from __future__ import annotations

from conftest import EXAMPLES, need_shared


def test_jobs_2_gives_byte_identical_graph(tmp_path, run_kg):
    inputs = [EXAMPLES, need_shared("seeds")]
    serial, parallel = tmp_path / "serial.json.gz", tmp_path / "parallel.json.gz"
    assert run_kg("build", *inputs, "--graph", serial, "--jobs", 1).exit_code == 0
    assert run_kg("build", *inputs, "--graph", parallel, "--jobs", 2).exit_code == 0
    assert parallel.read_bytes() == serial.read_bytes()
