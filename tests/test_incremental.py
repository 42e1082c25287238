"""Issue 17 bar 1: a build re-extracts only new or changed papers, and the graph is the
same bytes as a build from scratch."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from conftest import EXAMPLES, need_shared

from kg.store import store
from kg.store.extraction_cache import cache_path, pipeline_identity
from kg.readers import read_inputs


def _build(run_kg, graph, *inputs) -> dict:
    result = run_kg("build", *inputs, "--graph", graph, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _split_seeds():
    files = sorted(need_shared("seeds").iterdir())
    return files[:-3], files[-3:]


def test_rebuilding_unchanged_inputs_extracts_nothing_and_keeps_the_bytes(tmp_path, run_kg):
    base, day = _split_seeds()
    graph = tmp_path / "g.json.zst"
    first = _build(run_kg, graph, *base)
    assert first["extracted"] == first["records"] > 0
    before = graph.read_bytes()
    again = _build(run_kg, graph, *base)
    assert (again["extracted"], again["from_cache"], again["already_in_graph"]) == (
        0,
        first["records"],
        first["records"],
    )
    assert graph.read_bytes() == before
    # a no-op build leaves the graph file alone: its older generation is kept too
    assert not store.previous_path(graph).exists()


def test_a_new_day_extracts_only_its_papers_and_matches_a_build_from_scratch(tmp_path, run_kg):
    base, day = _split_seeds()
    grown = tmp_path / "grown" / "g.json.zst"
    _build(run_kg, grown, *base)
    added = _build(run_kg, grown, *base, *day)
    # (a listing of a day repeats papers of earlier days: their text is extracted already)
    seen = {(r.title, r.abstract) for r in read_inputs([str(f) for f in base])}
    day_records = list(read_inputs([str(f) for f in day]))
    assert added["extracted"] == sum((r.title, r.abstract) not in seen for r in day_records) > 0
    assert added["already_in_graph"] == added["records"] - len(day_records)
    scratch = tmp_path / "scratch" / "g.json.zst"
    _build(run_kg, scratch, *base, *day)
    assert grown.read_bytes() == scratch.read_bytes()


def test_a_changed_abstract_is_extracted_again(tmp_path, run_kg):
    listing = tmp_path / "papers.jsonl"
    shutil.copyfile(EXAMPLES / "papers.jsonl", listing)
    graph = tmp_path / "g.json.zst"
    first = _build(run_kg, graph, listing)
    lines = listing.read_text(encoding="utf-8").splitlines()
    paper = json.loads(lines[0])
    paper["abstract"] += " We evaluate on the Penn Treebank."
    lines[0] = json.dumps(paper)
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    second = _build(run_kg, graph, listing)
    assert (second["extracted"], second["already_in_graph"]) == (1, first["records"] - 1)


def test_without_its_cache_a_graph_is_rebuilt_to_the_same_bytes(tmp_path, run_kg):
    """The cache only saves time: deleted, or with a graph it has no state for (a
    restored `.prev`), every record is added again and the result is the same."""
    base, day = _split_seeds()
    graph = tmp_path / "g.json.zst"
    _build(run_kg, graph, *base, *day)
    before = graph.read_bytes()
    cache_path(graph).unlink()
    again = _build(run_kg, graph, *base, *day)
    assert again["extracted"] == again["records"] and again["already_in_graph"] == 0
    assert graph.read_bytes() == before


def test_the_pipeline_identity_follows_the_model_files(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights").write_bytes(b"one")
    with_model = pipeline_identity(str(model))
    assert pipeline_identity(None) == pipeline_identity(None) != with_model
    (model / "weights").write_bytes(b"two")
    assert pipeline_identity(str(model)) != with_model


def test_the_pipeline_identity_covers_every_kg_module_an_extraction_loads():
    """A kg module that shapes what extraction finds but is left out of the identity
    lets a build serve stale extractions from the cache after that module changed
    (extractors/paper_facts.py once was).  Run in a fresh interpreter: this one has loaded more."""
    from kg.store import extraction_cache

    script = (
        "import sys\n"
        "from extractors.pipeline import build_nlp, extract\n"
        "from kg.records import Record\n"
        "list(extract([Record(title='NetA: a title', abstract='We propose NetA for image "
        "classification; it reaches 84.2% accuracy on ImageNet.')], build_nlp()))\n"
        "print(' '.join(m for m, module in sys.modules.items()\n"
        "               if m.startswith(('kg.', 'extractors.')) and not hasattr(module, '__path__')))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    ).stdout.split()
    assert "extractors.paper_facts" in loaded
    assert {m for m in loaded if not m.startswith("extractors.")} <= set(extraction_cache._KG_SOURCES)


def test_a_decision_taken_out_of_the_curation_log_comes_undone_at_the_next_build(tmp_path, run_kg):
    """What a graph holds is recorded with the curation log that shaped it: after a
    decision leaves the log, every record is added again, as a build from scratch."""
    from kg.building import curation

    graph = tmp_path / "g.json.zst"
    _build(run_kg, graph, EXAMPLES)
    node = next(n for n, d in store.load(graph).nodes(data=True) if d["label"] == "Method")
    log = curation.log_path(graph)
    log.write_bytes(curation.log_text([curation.make_decision("reject-node", node=node)]))
    rejected = _build(run_kg, graph, EXAMPLES)
    assert rejected["already_in_graph"] == 0 and node not in store.load(graph)
    log.unlink()
    restored = _build(run_kg, graph, EXAMPLES)
    assert restored["already_in_graph"] == 0 and node in store.load(graph)
    scratch = tmp_path / "scratch" / "g.json.zst"
    _build(run_kg, scratch, EXAMPLES)
    assert graph.read_bytes() == scratch.read_bytes()
