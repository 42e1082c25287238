"""Confidence from measured precision: the table's lookup and fallbacks in the pipeline
component, and the fitting arithmetic of `kg calibrate`."""

from __future__ import annotations

import json

import spacy

from extractors.confidence import pooled_kind, result_kind
from kg.learn import calibrate, cards
from extractors.pipeline import DEFAULT_COMPONENTS, build_nlp, extract
from kg.records import Record


def test_each_fact_takes_its_kind_then_its_pooled_row_then_its_own(tmp_path):
    table = tmp_path / "confidence.tsv"
    table.write_text(
        "# kind\tconfidence\tfacts\tright\n"
        "paperkg_lexicon|-|Dataset|EVALUATES_ON\t0.83\t40\t33\n"
        "paperkg_patterns|*|Method|PROPOSES\t0.77\t30\t23\n"
        "paperkg_results|*\t0.41\t12\t5\n"
    )
    nlp = build_nlp(components=[c for c in DEFAULT_COMPONENTS if c != "paperkg_confidence"])
    nlp.add_pipe("paperkg_confidence", config={"table": str(table)})
    doc = nlp("We propose HarborNet, a detector. HarborNet reaches 51.2% AP on COCO and uses RetinaHead.")
    stated = {(m.text, m.role): m.confidence for m in doc._.kg_mentions}
    assert stated[("COCO", "EVALUATES_ON")] == 0.83  # its own kind
    assert stated[("HarborNet", "PROPOSES")] == 0.77  # pooled: patterns, any rule
    assert stated[("RetinaHead", "USES")] == 0.4  # no row: the component's own
    [result] = doc._.kg_results
    assert result.confidence == 0.41 and pooled_kind(result_kind(result)) == "paperkg_results|*"
    plain = spacy.blank("en")
    assert "paperkg_confidence" in build_nlp().pipe_names and not plain.pipe_names


def fact(verdict):
    return cards.Fact("proposes", "X", 0.5, "paperkg_patterns", verdict)


def test_fit_is_laplace_smoothed_precision_and_pools_small_kinds():
    kinds = ["paperkg_patterns|proposal|Method|PROPOSES", "paperkg_patterns|*|Method|PROPOSES"]
    small = ["paperkg_patterns|title|Method|PROPOSES", "paperkg_patterns|*|Method|PROPOSES"]
    facts = [(fact("right"), kinds)] * 7 + [(fact("wrong"), kinds)] + [(fact("right"), small)] * 2
    rows = {r["kind"]: r for r in calibrate.fit(facts)}
    assert rows[kinds[0]]["confidence"] == round(8 / 10, 2)  # 7 of 8, plus one each way
    assert rows[kinds[1]]["facts"] == 10 and rows[kinds[1]]["confidence"] == round(10 / 12, 2)
    assert small[0] not in rows  # 2 facts: pooled only
    assert calibrate.lookup(list(rows.values()), small) == rows[kinds[1]]["confidence"]
    table = calibrate.reliability(list(rows.values()), facts)
    [row] = [r for r in table if r["facts"]]
    assert (row["facts"], row["measured"]) == (10, 0.9)


def _card(paper_id: str, title: str, proposes: list[list[str]]) -> dict:
    empty = {field: [] for field in cards.FIELDS}
    return empty | {"id": paper_id, "title": title, "proposes": proposes, "borderline": {}}


def test_calibrate_reads_every_card_file_and_only_carded_papers(tmp_path, run_kg):
    listing = tmp_path / "listing.jsonl"
    rows = [
        {"arxiv_id": "2501.00011", "title": "HarborNet", "abstract": "We propose HarborNet, a detector."},
        {"arxiv_id": "2501.00012", "title": "Quaynet", "abstract": "We propose QuayNet, a segmenter."},
        {"arxiv_id": "2501.00013", "title": "Uncarded", "abstract": "We propose PierNet, a tracker."},
    ]
    listing.write_text("".join(json.dumps(row) + "\n" for row in rows))
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps(_card("arxiv:2501.00011", "HarborNet", [["HarborNet"]])) + "\n")
    second.write_text(
        json.dumps(_card("arxiv:2501.00012", "Quaynet", [["SomethingElse"]]))
        + "\n"
        + json.dumps(_card("arxiv:2501.00099", "Not listed", []))
        + "\n"
    )
    done = run_kg("calibrate", "--cards", str(first), "--cards", str(second), str(listing), "--json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert (report["papers"], report["missing"]) == (3, 1)
    proposals = {r["kind"]: r for r in report["table"]}["paperkg_patterns|*|Method|PROPOSES"]
    # HarborNet right, QuayNet wrong; PierNet's paper is no card's, so not counted
    assert (proposals["facts"], proposals["right"]) == (2, 1)


def test_calibrate_refuses_a_paper_carded_twice_and_inputs_without_a_carded_paper(tmp_path, run_kg):
    listing = tmp_path / "listing.jsonl"
    listing.write_text(json.dumps({"arxiv_id": "2501.00021", "title": "Other", "abstract": "Text."}) + "\n")
    card = tmp_path / "card.jsonl"
    card.write_text(json.dumps(_card("arxiv:2501.00011", "HarborNet", [])) + "\n")
    twice = run_kg("calibrate", "--cards", str(card), "--cards", str(card), str(listing))
    assert twice.exit_code != 0 and "carded in" in twice.output
    none = run_kg("calibrate", "--cards", str(card), str(listing))
    assert none.exit_code != 0 and "no carded paper in" in none.output
    assert len(none.output.strip().splitlines()) == 1


def test_a_title_task_the_abstract_echoes_is_measured_apart():
    nlp = build_nlp()

    def kinds(abstract):
        (paper,) = extract([Record(title="Sonar Buoy Tracking with Echo Nets", abstract=abstract)], nlp)
        return {m.attrs.get("pattern") for m in paper.mentions if m.field == "title" and m.label == "Task"}

    assert kinds("We propose EchoNet for sonar buoy tracking in harbours.") == {"title-topic"}
    assert kinds("We propose EchoNet for following floating markers in harbours.") == {"title-only-topic"}
