"""`kg extract` writes the mentions file; `kg build` makes the same facts from it."""

from __future__ import annotations

import json

from conftest import EXAMPLES
from kg import schema
from kg.store import store
from extractors.mentions import PaperExtraction


def test_extract_writes_one_paper_per_line_with_exact_offsets(tmp_path, run_kg):
    out = tmp_path / "mentions.jsonl"
    result = run_kg("extract", EXAMPLES / "papers.jsonl", "--out", out)
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert len(lines) == 3
    for line in lines:
        extraction = PaperExtraction.from_dict(json.loads(line))
        for m in extraction.mentions:
            assert getattr(extraction.paper, m.field)[m.start : m.end] == m.text
            assert 0 <= m.confidence <= 1 and m.component.startswith("paperkg_")


def test_extract_to_stdout(run_kg):
    result = run_kg("extract", EXAMPLES / "papers.jsonl", "--out", "-")
    assert result.exit_code == 0
    assert all("mentions" in json.loads(line) for line in result.output.splitlines())


def test_extract_bad_input_is_one_line_error(tmp_path, run_kg):
    result = run_kg("extract", tmp_path / "missing.jsonl", "--out", tmp_path / "m.jsonl")
    assert result.exit_code == 1 and result.output.startswith("kg: error:")
    assert not (tmp_path / "m.jsonl").exists()


def test_seed_graph_evidence_and_alias_lookup(tmp_path, run_kg, seeds):
    graph_path = tmp_path / "seed.json.zst"
    assert run_kg("build", seeds, "--graph", graph_path).exit_code == 0
    graph = store.load(graph_path)
    for node, data in graph.nodes(data=True):
        if data["label"] not in schema.CONCEPT_LABELS:
            continue
        spans = [
            graph.nodes[e["paper"]][e["field"]][e["start"] : e["end"]]
            for _, _, e in graph.in_edges(node, data=True)
            if e["type"] in schema.PAPER_ROLES
        ]
        names = {data["name"].casefold(), *(a.casefold() for a in data["aliases"])}
        assert any(span.casefold() in names for span in spans), node
    shown = run_kg("show", "SAM", "--graph", graph_path, "--json")
    assert json.loads(shown.output)["node"]["name"] == "Sharpness-Aware Minimization"
