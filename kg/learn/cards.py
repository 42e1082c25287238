"""`kg eval CARDS --graph G`: a built graph scored against paper cards.

A paper card (tests/data/paper_cards/GUIDELINES.md) is what a careful reader signs as
the facts of one paper, read from its title and abstract.  Each field of the card is
compared with the graph's facts about that paper:

  proposes      PROPOSES edges            (Method)
  introduces    INTRODUCES edges          (Dataset, Benchmark)
  uses          USES edges to a Method
  evaluates_on  EVALUATES_ON edges        (Dataset, Benchmark)
  tasks         ADDRESSES edges           (Task)
  metrics       USES edges to a Metric
  results       REPORTS edges: right when the value and the dataset match a card result;
                a right result's method and measure are scored apart against the card
                result's ("of the right results: its method the card's?")
  outperforms   OUTPERFORMS edges whose evidence is the paper: winner and loser match
  code          HAS_CODE edges            (Repository, as host/owner/name)

A fact matches an item when its node's name or one of its aliases equals one of the
item's strings, case, hyphens, spaces and a final plural "s" aside.  A fact matching
only a `borderline` item of its field counts neither way.  Precision counts facts,
recall counts card items, with `kg.learn.evaluate.Counts`, as the span scorer does.

The calibration table puts every scored fact in a bin by its stated confidence and
sets the bin's mean confidence beside the share of its facts that are right: a
confidence means something when the two agree.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from kg.learn import gold
from kg import schema
from kg.errors import InputError
from kg.learn.evaluate import Counts

#: The card fields that hold items (lists of names), with the edge type and the target
#: labels whose facts they score.
ITEM_FIELDS = {
    "proposes": (schema.PROPOSES, (schema.METHOD,)),
    "introduces": (schema.INTRODUCES, (schema.DATASET, schema.BENCHMARK)),
    "uses": (schema.USES, (schema.METHOD,)),
    "evaluates_on": (schema.EVALUATES_ON, (schema.DATASET, schema.BENCHMARK)),
    "tasks": (schema.ADDRESSES, (schema.TASK,)),
    "metrics": (schema.USES, (schema.METRIC,)),
}
FIELDS = tuple(ITEM_FIELDS) + ("results", "outperforms", "code")
#: Lower edges of the calibration bins; the last bin holds 0.9 to 1.0 inclusive.
BIN_EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
#: A bin is judged only when it holds this many facts (issue #14, bar 2).
BIN_MIN_FACTS = 30
BIN_MAX_GAP = 0.10


def name_key(name: str) -> str:
    """The guidelines' matching: case, hyphens, spaces and a final plural 's' aside."""
    return schema.concept_key(name).replace(" ", "")


@dataclass
class Card:
    id: str
    title: str
    items: dict[str, list[frozenset[str]]]  # field -> items as sets of name keys
    names: dict[str, list[str]]  # field -> each item's first name, for people
    borderline: dict[str, list[frozenset[str]]]
    results: list[dict]
    outperforms: list[dict]
    code: set[str]
    line: int = 0

    def aliases(self, name: str | None) -> frozenset[str]:
        """Every key of the items that name `name` anywhere on the card (a result's
        dataset "Waymo Open Dataset" also matches the card's alias "Waymo")."""
        if not name:
            return frozenset()
        key = name_key(name)
        keys = {key}
        for items in self.items.values():
            for item in items:
                if key in item:
                    keys |= item
        return frozenset(keys)


def _item(path: str, number: int, value) -> frozenset[str]:
    if not (isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)):
        raise InputError(path, f"an item must be a non-empty list of names, not {value!r}", number)
    return frozenset(name_key(v) for v in value)


def read_cards(path: str) -> list[Card]:
    """The cards of a JSON Lines file; a malformed card is an InputError naming its line."""
    cards, seen = [], set()
    for number, data in gold.load_json_lines(path):
        missing = [f for f in ("id",) + FIELDS if f not in data]
        if missing:
            raise InputError(path, f"not a paper card: no {', '.join(missing)}", number)
        if data["id"] in seen:
            raise InputError(path, f"paper {data['id']} has two cards", number)
        seen.add(data["id"])
        borderline = data.get("borderline") or {}
        unknown = set(borderline) - set(ITEM_FIELDS)
        if unknown:
            raise InputError(
                path, f"borderline field(s) {', '.join(sorted(unknown))} are not item fields", number
            )
        for name in ("results", "outperforms", "code"):
            if not isinstance(data[name], list):
                raise InputError(path, f"{name} must be a list", number)
        for result in data["results"]:
            if not isinstance(result, dict) or not isinstance(result.get("value"), (int, float)):
                raise InputError(path, f"a result needs a numeric value: {result!r}", number)
        for pair in data["outperforms"]:
            if not (
                isinstance(pair, dict)
                and isinstance(pair.get("winner"), str)
                and isinstance(pair.get("loser"), str)
            ):
                raise InputError(path, f"outperforms needs a winner and a loser: {pair!r}", number)
        cards.append(
            Card(
                id=data["id"],
                title=data.get("title", ""),
                line=number,
                items={f: [_item(path, number, v) for v in data[f]] for f in ITEM_FIELDS},
                names={f: [v[0] for v in data[f]] for f in ITEM_FIELDS},
                borderline={f: [_item(path, number, v) for v in borderline.get(f, [])] for f in ITEM_FIELDS},
                results=data["results"],
                outperforms=data["outperforms"],
                code={_repository_key(c) for c in data["code"]},
            )
        )
    if not cards:
        raise InputError(path, "no paper cards in the file")
    return cards


def _repository_key(url: str) -> str:
    return schema.repository_id(url).removeprefix("repo:").removesuffix(".git")


def _node_keys(graph: nx.MultiDiGraph, node: str) -> frozenset[str]:
    data = graph.nodes[node]
    names = [data.get("name") or ""] + list(data.get("aliases") or [])
    return frozenset(name_key(n) for n in names if n)


def _dataset_keys(graph: nx.MultiDiGraph, benchmark: str) -> frozenset[str]:
    """The names of a Benchmark's dataset: its ON_DATASET node's, else the stored name."""
    return _benchmark_part_keys(graph, benchmark, schema.ON_DATASET, "dataset")


def _benchmark_part_keys(graph: nx.MultiDiGraph, benchmark: str, edge_type: str, key: str) -> frozenset[str]:
    """The names of a Benchmark's dataset or metric: the node its `edge_type` edge
    reaches (with its aliases: "WER" of "word error rate"), else the stored name."""
    for _, target, data in graph.out_edges(benchmark, data=True):
        if data.get("type") == edge_type:
            return _node_keys(graph, target)
    name = graph.nodes[benchmark].get(key)
    return frozenset({name_key(name)}) if name else frozenset()


def _same_value(a, b) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


@dataclass
class Fact:
    """One graph fact about a carded paper, as scored."""

    field: str
    text: str
    confidence: float | None
    extractor: str | None
    verdict: str  # "right", "wrong" or "borderline"
    sentence: str = ""
    where: tuple = ()  # (field, start, end) of its evidence span


#: What a right result (value and dataset matched) is scored on besides: the method that
#: scored it and the measure it is in, against the card result's own.
RESULT_DETAILS = ("method", "metric")


@dataclass
class PaperScore:
    counts: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    details: dict[str, Counts] = field(default_factory=lambda: {d: Counts() for d in RESULT_DETAILS})
    facts: list[Fact] = field(default_factory=list)
    missed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def _fact(graph, field_name: str, text: str, data: dict, verdict: str) -> Fact:
    return Fact(
        field_name,
        text,
        data.get("confidence"),
        data.get("extractor"),
        verdict,
        data.get("sentence", ""),
        (data.get("field"), data.get("start"), data.get("end")),
    )


def outperforms_by_paper(graph: nx.MultiDiGraph) -> dict[str, list[tuple[str, str, dict]]]:
    """OUTPERFORMS edges join two methods; the paper that states one is its evidence."""
    found = defaultdict(list)
    for winner, loser, data in graph.edges(data=True):
        if data.get("type") == schema.OUTPERFORMS:
            found[data.get("paper")].append((winner, loser, data))
    return found


def score_card(
    graph: nx.MultiDiGraph, card: Card, comparisons: dict[str, list[tuple[str, str, dict]]] | None = None
) -> PaperScore:
    if comparisons is None:
        comparisons = outperforms_by_paper(graph)
    score = PaperScore()
    paper = card.id
    out = list(graph.out_edges(paper, data=True)) if paper in graph else []

    for name, (edge_type, labels) in ITEM_FIELDS.items():
        counts, items = score.counts[name], card.items[name]
        found = [False] * len(items)
        for _, target, data in out:
            if data.get("type") != edge_type or graph.nodes[target].get("label") not in labels:
                continue
            keys = _node_keys(graph, target)
            hits = [i for i, item in enumerate(items) if keys & item]
            if hits:
                verdict = "right"
                for i in hits:
                    found[i] = True
            elif any(keys & item for item in card.borderline[name]):
                verdict = "borderline"
            else:
                verdict = "wrong"
            score.facts.append(_fact(graph, name, graph.nodes[target].get("name", target), data, verdict))
        _count(counts, score.facts, name, found)
        score.missed[name] += [n for n, hit in zip(card.names[name], found) if not hit]

    found = [False] * len(card.results)
    for _, target, data in out:
        if data.get("type") != schema.REPORTS:
            continue
        datasets = _dataset_keys(graph, target)
        hits = [
            i
            for i, r in enumerate(card.results)
            if _same_value(r["value"], data.get("value"))
            and (datasets & card.aliases(r.get("dataset")) if r.get("dataset") else not datasets)
        ]
        for i in hits:
            found[i] = True
        if hits:
            method = data.get("method")
            stated = {
                "method": frozenset({name_key(method)}) if method else frozenset(),
                "metric": _benchmark_part_keys(graph, target, schema.MEASURED_BY, "metric"),
            }
            for detail in RESULT_DETAILS:
                _score_detail(
                    score.details[detail], card, stated[detail], [card.results[i] for i in hits], detail
                )
        text = f"{data.get('value')}{data.get('unit') or ''} on {graph.nodes[target].get('dataset')}"
        score.facts.append(_fact(graph, "results", text, data, "right" if hits else "wrong"))
    _count(score.counts["results"], score.facts, "results", found)
    score.missed["results"] += [
        f"{r['value']}{r.get('unit') or ''} on {r.get('dataset')}"
        for r, hit in zip(card.results, found)
        if not hit
    ]

    found = [False] * len(card.outperforms)
    for winner, loser, data in comparisons.get(paper, []):
        wins, loses = _node_keys(graph, winner), _node_keys(graph, loser)
        hits = [
            i
            for i, pair in enumerate(card.outperforms)
            if wins & card.aliases(pair["winner"]) and loses & card.aliases(pair["loser"])
        ]
        for i in hits:
            found[i] = True
        text = f"{graph.nodes[winner].get('name')} > {graph.nodes[loser].get('name')}"
        score.facts.append(_fact(graph, "outperforms", text, data, "right" if hits else "wrong"))
    _count(score.counts["outperforms"], score.facts, "outperforms", found)
    score.missed["outperforms"] += [
        f"{p['winner']} > {p['loser']}" for p, hit in zip(card.outperforms, found) if not hit
    ]

    linked = set()
    for _, target, data in out:
        if data.get("type") == schema.HAS_CODE:
            key = target.removeprefix("repo:")
            linked.add(key)
            score.facts.append(_fact(graph, "code", key, data, "right" if key in card.code else "wrong"))
    _count(score.counts["code"], score.facts, "code", [c in linked for c in sorted(card.code)])
    score.missed["code"] += sorted(card.code - linked)
    return score


def _score_detail(
    counts: Counts, card: Card, stated: frozenset[str], results: list[dict], detail: str
) -> None:
    """One right result's method or measure (`stated`: the names the graph gives it)
    against the card results it matched: stated by the graph (precision's side), by the
    card (recall's), and the two the same."""
    carded = [r[detail] for r in results if r.get(detail)]
    agree = bool(stated) and any(stated & card.aliases(name) for name in carded)
    counts.predicted += bool(stated)
    counts.gold += bool(carded)
    counts.correct_predicted += agree
    counts.found_gold += agree and bool(carded)


def _count(counts: Counts, facts: list[Fact], field_name: str, found: list[bool]) -> None:
    judged = [f for f in facts if f.field == field_name and f.verdict != "borderline"]
    counts.predicted += len(judged)
    counts.correct_predicted += sum(f.verdict == "right" for f in judged)
    counts.gold += len(found)
    counts.found_gold += sum(found)


def calibration(facts: list[Fact]) -> list[dict]:
    """Stated confidence against measured precision, per bin of stated confidence."""
    bins = [[] for _ in BIN_EDGES]
    for fact in facts:
        if fact.verdict == "borderline" or fact.confidence is None:
            continue
        index = max(i for i, low in enumerate(BIN_EDGES) if fact.confidence >= low or i == 0)
        bins[index].append(fact)
    rows = []
    for i, members in enumerate(bins):
        high = BIN_EDGES[i + 1] if i + 1 < len(BIN_EDGES) else 1.0
        row = {"bin": f"{BIN_EDGES[i]:.1f}-{high:.1f}", "facts": len(members)}
        if members:
            stated = sum(f.confidence for f in members) / len(members)
            measured = sum(f.verdict == "right" for f in members) / len(members)
            row |= {
                "stated": round(stated, 4),
                "measured": round(measured, 4),
                "gap": round(abs(stated - measured), 4),
                "judged": len(members) >= BIN_MIN_FACTS,
                "ok": len(members) < BIN_MIN_FACTS or abs(stated - measured) <= BIN_MAX_GAP,
            }
        rows.append(row)
    return rows


def evaluate_cards(
    path: str,
    graph: nx.MultiDiGraph,
    graph_path: str,
    with_calibration: bool = False,
    with_errors: bool = False,
) -> dict:
    cards = read_cards(path)
    totals = {f: Counts() for f in FIELDS}
    details = {d: Counts() for d in RESULT_DETAILS}
    facts: list[Fact] = []
    errors = []
    missing = []
    comparisons = outperforms_by_paper(graph)
    for card in cards:
        if card.id not in graph:
            missing.append(card.id)
        score = score_card(graph, card, comparisons)
        for name in FIELDS:
            totals[name].add(score.counts[name])
        for name in RESULT_DETAILS:
            details[name].add(score.details[name])
        facts += score.facts
        if with_errors:
            wrong = [
                f"{f.field}: {f.text} ({f.extractor}, {f.confidence})"
                for f in score.facts
                if f.verdict == "wrong"
            ]
            missed = [f"{name}: {item}" for name, items in score.missed.items() for item in items]
            if wrong or missed:
                errors.append({"paper": card.id, "title": card.title, "wrong": wrong, "missed": missed})
    report = {
        "gold": path,
        "format": "cards",
        "graph": graph_path,
        "papers": len(cards),
        "missing": len(missing),
        "missing_papers": missing,
        "scores": {name: totals[name].to_dict() for name in FIELDS},
        # of the right results: is the method that scored, the measure it is in, the card's?
        "result_details": {name: details[name].to_dict() for name in RESULT_DETAILS},
        "fact_kinds": _by_kind(facts),
    }
    if with_calibration:
        report["calibration"] = calibration(facts)
    if with_errors:
        report["errors"] = errors
    return report


def _by_kind(facts: list[Fact]) -> list[dict]:
    """Measured precision per (field, extractor, stated confidence): the evidence kinds a
    confidence can be set from."""
    groups = defaultdict(list)
    for fact in facts:
        if fact.verdict != "borderline":
            groups[(fact.field, fact.extractor or "-", fact.confidence)].append(fact.verdict == "right")
    return [
        {
            "field": f,
            "extractor": e,
            "confidence": c,
            "facts": len(v),
            "right": sum(v),
            "precision": round(sum(v) / len(v), 4),
        }
        for (f, e, c), v in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0))
    ]


def render(report: dict) -> str:
    lines = [f"{report['gold']} (paper cards, {report['papers']} papers) scored: {report['graph']}"]
    if report["missing"]:
        lines.append(
            f"  {report['missing']} carded papers are not in the graph (their facts count as missed)"
        )
    lines.append("")
    lines.append("field          precision  recall      f1  facts  items")
    for name, row in report["scores"].items():
        lines.append(
            f"  {name:<13}{row['precision']:>7.3f}{row['recall']:>8.3f}{row['f1']:>8.3f}"
            f"{row['predicted']:>7}{row['gold']:>7}"
        )
    for name, row in report.get("result_details", {}).items():
        lines.append(
            f"  {'  ' + name:<13}{row['precision']:>7.3f}{row['recall']:>8.3f}{row['f1']:>8.3f}"
            f"{row['predicted']:>7}{row['gold']:>7}  (of the right results: its {name} the card's?)"
        )
    if "calibration" in report:
        lines.append("")
        lines.append(
            f"calibration  facts  stated  measured   gap   (judged when >= {BIN_MIN_FACTS} facts; "
            f"gap <= {BIN_MAX_GAP:.2f} wanted)"
        )
        for row in report["calibration"]:
            if not row["facts"]:
                lines.append(f"  {row['bin']:<10}{0:>6}")
                continue
            verdict = ("ok" if row["ok"] else "OFF") if row["judged"] else "too few"
            lines.append(
                f"  {row['bin']:<10}{row['facts']:>6}{row['stated']:>8.3f}{row['measured']:>10.3f}"
                f"{row['gap']:>7.3f}  {verdict}"
            )
        lines.append("  (confidences set from these cards are measured in-sample here)")
    for paper in report.get("errors", []):
        lines.append("")
        lines.append(f"{paper['paper']}  {paper['title']}")
        lines += [f"  wrong   {w}" for w in paper["wrong"]]
        lines += [f"  missed  {m}" for m in paper["missed"]]
    return "\n".join(lines)
