"""`kg calibrate --cards CARDS... INPUT...`: measure the precision of each kind of
evidence on the paper cards and write it as the confidence table
(`extractors/data/confidence.tsv`).

The inputs' records of carded papers (the others are never scored, so a 75k-abstract
corpus costs its reading only) are built into a graph exactly as `kg build` would; each
graph fact about a carded paper is scored (kg.learn.cards) and traced back to the
mention, relation or result that is its evidence, whose kind (extractors.confidence) it
is counted under.  Several card files are one deck: the seed listings' cards alone
fitted a table that was over-confident on arXiv abstracts.  A kind's confidence is its precision with one right and one wrong
fact added (so that 3 of 3 reads 0.8, not a certainty); kinds seen fewer than
`MIN_FACTS` times are pooled into their component's row for the label and role.

Fitting on the cards and measuring on them is in-sample.  The held-out check fits on
every other card and reads the reliability table on the rest, with each fact given
its kind's fitted confidence: that is the figure to trust for unseen papers.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from pathlib import Path

from extractors.confidence import TABLE, mention_kind, pooled_kind, relation_kind, result_kind
from kg.learn import cards
from kg.store import store
from kg.building.build import build
from kg.building.extract import InputsRead, extract_records, read_records
from kg.errors import InputError, KGError
from extractors.mentions import PaperExtraction

MIN_FACTS = 5


def _evidence(extractions: list[PaperExtraction], fact: cards.Fact) -> list[str]:
    """The kinds of evidence a graph fact rests on (its mention, relation or result):
    the first match over the paper's extractions; [] when none matches."""
    for extraction in extractions:
        if fact.field == "results":
            items = [(r, result_kind(r)) for r in extraction.results]
        elif fact.field == "outperforms":
            items = [(r, relation_kind(r)) for r in extraction.relations]
        else:
            items = [(m, mention_kind(m)) for m in extraction.mentions]
        for item, kind in items:
            if (item.field, item.start, item.end, item.component) == (
                fact.where[0],
                fact.where[1],
                fact.where[2],
                fact.extractor,
            ):
                return [kind, pooled_kind(kind)]
    return []


def read_deck(cards_paths: list[str]) -> list[cards.Card]:
    """The cards of every file, as one deck; a paper carded in two files is an error."""
    deck, seen = [], {}
    for path in cards_paths:
        for card in cards.read_cards(path):
            if card.id in seen:
                raise InputError(path, f"paper {card.id} is carded in {seen[card.id]} too")
            seen[card.id] = path
            deck.append(card)
    return deck


def measure(cards_paths: list[str], inputs: list[str]) -> tuple[list[cards.Card], dict[str, list], int, int]:
    """(cards, {paper: [(fact, kinds)]}, facts with no evidence found, carded papers the
    inputs lack)."""
    deck = read_deck(cards_paths)
    carded = {card.id for card in deck}
    records = [r for r in read_records(inputs, None, False, InputsRead()) if r.id in carded]
    if not records:
        raise KGError(f"no carded paper in {', '.join(inputs)}: give the listings the cards were read from")
    by_paper = defaultdict(list)
    for extraction in extract_records(records):
        by_paper[extraction.paper.id].append(extraction)
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "carded.jsonl"
        listing.write_text("".join(json.dumps(r.to_dict()) + "\n" for r in records), encoding="utf-8")
        graph_path = str(Path(folder) / "g.json.zst")
        build([str(listing)], graph_path)
        graph = store.load(graph_path)
    comparisons = cards.outperforms_by_paper(graph)
    traced, untraced = {}, 0
    for card in deck:
        facts = []
        for fact in cards.score_card(graph, card, comparisons).facts:
            if fact.verdict == "borderline":
                continue
            kinds = _evidence(by_paper.get(card.id, []), fact)
            untraced += not kinds
            facts.append((fact, kinds))
        traced[card.id] = facts
    return deck, traced, untraced, len(carded - {r.id for r in records})


def fit(facts: list[tuple[cards.Fact, list[str]]]) -> list[dict]:
    """One row per kind: facts, right, confidence ((right + 1) / (facts + 2))."""
    counts = defaultdict(lambda: [0, 0])
    for fact, kinds in facts:
        for kind in kinds:
            counts[kind][0] += 1
            counts[kind][1] += fact.verdict == "right"
    rows = []
    for kind, (n, right) in sorted(counts.items()):
        if n >= MIN_FACTS or kind == pooled_kind(kind):
            rows.append(
                {"kind": kind, "facts": n, "right": right, "confidence": round((right + 1) / (n + 2), 2)}
            )
    return rows


def lookup(rows: list[dict], kinds: list[str]) -> float | None:
    table = {r["kind"]: r["confidence"] for r in rows}
    return next((table[k] for k in kinds if k in table), None)


def reliability(rows: list[dict], facts: list[tuple[cards.Fact, list[str]]]) -> list[dict]:
    """The reliability table of `facts`, each stated at its kind's fitted confidence."""
    restated = []
    for fact, kinds in facts:
        confidence = lookup(rows, kinds)
        if confidence is not None:
            restated.append(cards.Fact(fact.field, fact.text, confidence, fact.extractor, fact.verdict))
    return cards.calibration(restated)


def calibrate(cards_paths: list[str], inputs: list[str]) -> dict:
    deck, traced, untraced, missing = measure(cards_paths, inputs)
    everything = [f for card in deck for f in traced[card.id]]
    rows = fit(everything)
    train = [f for i, card in enumerate(deck) if i % 2 == 0 for f in traced[card.id]]
    test = [f for i, card in enumerate(deck) if i % 2 == 1 for f in traced[card.id]]
    return {
        "cards": cards_paths,
        "papers": len(deck),
        "missing": missing,
        "facts": len(everything),
        "untraced": untraced,
        "table": rows,
        "in_sample": reliability(rows, everything),
        "held_out": reliability(fit(train), test),
    }


def write_table(rows: list[dict], path: str | Path = TABLE) -> None:
    lines = [
        "# Confidence per kind of evidence: its precision measured on the paper cards",
        "# (tests/data/paper_cards) by `kg calibrate`, as (right + 1) / (facts + 2).",
        "# kind\tconfidence\tfacts\tright",
    ]
    lines += [f"{r['kind']}\t{r['confidence']}\t{r['facts']}\t{r['right']}" for r in rows]
    store.atomic_write_bytes(path, ("\n".join(lines) + "\n").encode())


def render(report: dict) -> str:
    lines = [
        f"{', '.join(report['cards'])}: {report['papers']} papers, {report['facts']} judged facts "
        f"({report['untraced']} not traced to their evidence)"
        + (f"; {report['missing']} carded papers are in no input" if report["missing"] else ""),
        "",
        "kind                                                   facts  right  confidence",
    ]
    lines += [
        f"  {r['kind']:<53}{r['facts']:>5}{r['right']:>7}{r['confidence']:>12.2f}" for r in report["table"]
    ]
    for name, title in (
        ("in_sample", "in-sample (fitted and measured on all cards)"),
        ("held_out", "held out (fitted on every other card, measured on the rest)"),
    ):
        lines += ["", f"reliability, {title}", "  bin       facts  stated  measured   gap"]
        for row in report[name]:
            if row["facts"]:
                verdict = ("ok" if row["ok"] else "OFF") if row["judged"] else "too few"
                lines.append(
                    f"  {row['bin']:<10}{row['facts']:>5}{row['stated']:>8.3f}{row['measured']:>10.3f}"
                    f"{row['gap']:>7.3f}  {verdict}"
                )
    return "\n".join(lines)
