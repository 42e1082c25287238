"""`kg trends`: growth of a concept's share of papers per period, the partial last period,
the table, JSON and plot, and its errors."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kg import schema
from kg.store import store
from kg.query import trends


def _graph():
    """40 papers a month from 2025-01 to 2025-04, and 5 in the first days of 2025-05.
    'rising' is in 1, 2, 4 then 20 of them; 'steady' and 'upvoted' in 10 each month (not the
    same ones), and upvoted's April papers have 9 upvotes each."""
    graph = nx.MultiDiGraph()
    concepts = {"method:rising": [], "method:steady": [], "task:upvoted": []}
    for month, per_month in ((1, 40), (2, 40), (3, 40), (4, 40), (5, 5)):
        for i in range(per_month):
            paper = f"paper:p{month}-{i:02d}"
            data = {"upvotes": 9} if month == 4 and 10 <= i < 20 else {}
            graph.add_node(
                paper,
                id=paper,
                label=schema.PAPER,
                name=paper,
                title=paper,
                date=f"2025-{month:02d}-0{i % 3 + 1}",
                **data,
            )
            if i < {1: 1, 2: 2, 3: 4, 4: 20, 5: 0}[month]:
                concepts["method:rising"].append(paper)
            if i < 10:
                concepts["method:steady"].append(paper)
            elif i < 20:
                concepts["task:upvoted"].append(paper)
    graph.add_node("paper:undated", id="paper:undated", label=schema.PAPER, name="undated", title="undated")
    for node, papers in concepts.items():
        label = schema.METHOD if node.startswith("method") else schema.TASK
        graph.add_node(node, id=node, label=label, name=node.split(":")[1], aliases=[], papers=papers)
    return graph


def test_growth_ranks_the_rising_concept_and_drops_the_partial_month():
    report = trends.rising(_graph(), "2025-01", by="month")
    assert report.periods == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert any("2025-05 left out" in note for note in report.notes)
    assert any("1 papers have no date" in note for note in report.notes)
    names = [t.name for t in report.rising]
    assert names[0] == "rising" and "steady" in names
    rising = report.rising[0]
    assert rising.counts == [1, 2, 4, 20] and rising.growth == pytest.approx((21 / 40) / (8 / 120), rel=1e-3)
    steady = next(t for t in report.rising if t.name == "steady")
    assert steady.growth == pytest.approx((11 / 40) / (31 / 120), rel=1e-3)


def test_until_and_weeks_and_upvotes():
    graph = _graph()
    report = trends.rising(graph, "2025-01", until="2025-03", min_papers=1)
    assert report.periods[-1] == "2025-03" and report.rising[0].name == "rising"
    assert not any("left out" in n for n in report.notes)
    weekly = trends.rising(graph, "2025-01", by="week", min_papers=1)
    assert all(p.startswith("2025-W") for p in weekly.periods)
    by_papers = {t.name: t for t in trends.rising(graph, "2025-01").rising}
    by_upvotes = {t.name: t for t in trends.rising(graph, "2025-01", weight="upvotes").rising}
    assert by_papers["upvoted"].growth == by_papers["steady"].growth
    assert by_upvotes["upvoted"].last == 100 and by_upvotes["upvoted"].growth > by_upvotes["steady"].growth


def test_periods_are_contiguous():
    assert trends.periods_between("2025-11", "2026-02", "month") == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]
    assert trends.periods_between("2025-W52", "2026-W02", "week") == ["2025-W52", "2026-W01", "2026-W02"]


def test_cli_table_json_and_plot(tmp_path, run_kg):
    path = tmp_path / "g.json.zst"
    store.save(_graph(), path)
    result = run_kg("trends", "--graph", path, "--since", "2025-01")
    assert result.exit_code == 0, result.output
    assert "rising concepts, 2025-04 against 2025-01..2025-03" in result.output
    lines = result.output.splitlines()
    first = next(line for line in lines if line.startswith("1 "))
    assert "rising" in first and first.rstrip().endswith("x")

    plot = tmp_path / "rising.png"
    result = run_kg("trends", "--graph", path, "--since", "2025-01", "--json", "--plot", plot)
    data = json.loads(result.output)
    assert data["rising"][0]["name"] == "rising" and data["plot"] == str(plot)
    from PIL import Image

    with Image.open(plot) as image:
        assert image.format == "PNG" and image.size[0] > 1000
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 24)) > 20  # lines, text: not blank


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since", "2027-01"], "no dated paper in the window"),
        (["--since", "2025-04", "--until", "2025-04"], "growth needs at least two"),
        (["--types", "Paper"], "trends rank concepts"),
        (["--since", "2025-01", "--plot", "x.gif"], "give a .png, .svg or .pdf file"),
    ],
)
def test_bad_requests_are_one_line_errors(tmp_path, run_kg, args, message):
    path = tmp_path / "g.json.zst"
    store.save(_graph(), path)
    result = run_kg("trends", "--graph", path, *args)
    assert result.exit_code == 1 and result.output.startswith("kg: error: ") and message in result.output
    assert result.output.count("\n") == 1
