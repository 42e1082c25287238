"""Confidence from measured precision: the table's lookup and fallbacks in the pipeline
component, and the fitting arithmetic of `kg calibrate`."""

from __future__ import annotations

import spacy

from extractors.confidence import pooled_kind, result_kind
from kg.learn import calibrate, cards
from extractors.pipeline import DEFAULT_COMPONENTS, build_nlp


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
