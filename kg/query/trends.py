"""`kg trends`: which concepts are rising, from the dates the papers carry.

Papers are counted per period (calendar month, or ISO week) from `--since` on, each
concept's papers per period too, optionally weighted by upvotes (a paper counts
1 + its upvotes, so papers without any still count).  A concept's growth compares its
*share* of the papers of the last period with its share over the earlier periods of the
window, both with one paper added as a prior:

    growth = ((last + 1) / papers_last) / ((before + 1) / papers_before)

Shares, not counts, because the number of papers per period moves a lot on its own (the
arXiv corpus doubles from 2025-11 to 2026-05), and the prior keeps a concept going from
0 to 1 paper from topping the list.  Concepts need `min_papers` in the last period to be
ranked.  A trailing period that the data does not cover to its end (the corpus's last
days) would look like a collapse of everything, so it is left out and said so, unless
`--until` asks for it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

import networkx as nx

from kg import schema
from kg.errors import KGError

BY = ("month", "week")


def period_of(iso_date: str, by: str) -> str:
    """'2025-06-17' -> '2025-06' (month) or '2025-W25' (ISO week)."""
    if by == "month":
        return iso_date[:7]
    year, week, _ = date.fromisoformat(iso_date[:10]).isocalendar()
    return f"{year}-W{week:02d}"


def period_end(period: str, by: str) -> date:
    """The last day of a period."""
    if by == "month":
        year, month = int(period[:4]), int(period[5:7])
        first_next = date(year + (month == 12), month % 12 + 1, 1)
        return first_next - timedelta(days=1)
    return date.fromisocalendar(int(period[:4]), int(period[6:]), 7)


def periods_between(first: str, last: str, by: str) -> list[str]:
    """Every period from `first` to `last`, both included, none skipped."""
    out, day = (
        [],
        (
            date.fromisoformat(first + "-01")
            if by == "month"
            else date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
        ),
    )
    while True:
        current = period_of(day.isoformat(), by)
        if current > last:
            return out
        out.append(current)
        day = period_end(current, by) + timedelta(days=1)


@dataclass
class Trend:
    id: str
    name: str
    label: str
    counts: list[float]
    last: float
    before: float
    growth: float


@dataclass
class TrendReport:
    by: str
    since: str
    until: str | None
    weight: str
    periods: list[str]
    papers: list[float]
    rising: list[Trend]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _first_day(text: str) -> str:
    """'2025' -> '2025-01-01', '2025-06' -> '2025-06-01' (dates as `parse_since` checks them)."""
    return (text + "-01-01")[:10] if len(text) < 10 else text


def _weight(data: dict, weight: str) -> float:
    return 1.0 + (data.get("upvotes") or 0) if weight == "upvotes" else 1.0


def rising(
    graph: nx.MultiDiGraph,
    since: str,
    until: str | None = None,
    by: str = "month",
    weight: str = "papers",
    labels=schema.CONCEPT_LABELS,
    top: int = 20,
    min_papers: float = 10,
) -> TrendReport:
    """The concepts rising fastest over the window [since, until], ranked by growth."""
    if by not in BY:
        raise KGError(f"--by must be one of {', '.join(BY)}, not {by!r}")
    dated = {
        n: d["date"] for n, d in graph.nodes(data=True) if d.get("label") == schema.PAPER and d.get("date")
    }
    undated = sum(1 for _, d in graph.nodes(data=True) if d.get("label") == schema.PAPER) - len(dated)
    notes = [f"{undated} papers have no date and are not counted"] if undated else []
    start = period_of(_first_day(since), by)
    until = period_of(_first_day(until), by) if until else None
    latest = max(dated.values(), default=None)
    in_window = {
        p: period_of(d, by)
        for p, d in dated.items()
        if period_of(d, by) >= start and (until is None or period_of(d, by) <= until)
    }
    if not in_window:
        raise KGError(
            f"no dated paper in the window ({since} to {until or 'the latest'}): "
            f"the papers are dated up to {latest or 'never'}"
        )
    last = max(in_window.values())
    if until is None and latest < period_end(last, by).isoformat() and len(set(in_window.values())) > 1:
        notes.append(
            f"{last} left out: the papers stop at {latest}, before it ends "
            f"(give --until {last} to include it)"
        )
        in_window = {p: period for p, period in in_window.items() if period != last}
    periods = periods_between(start, max(in_window.values()), by)
    if len(periods) < 2:
        raise KGError(
            f"the window holds one {by} ({periods[0]}): growth needs at least two; give an earlier --since"
        )
    index = {period: i for i, period in enumerate(periods)}
    papers = [0.0] * len(periods)
    for paper, period in in_window.items():
        papers[index[period]] += _weight(graph.nodes[paper], weight)

    if weight == "upvotes" and not any(graph.nodes[p].get("upvotes") for p in in_window):
        notes.append("no paper in the window has upvotes: each counts once")
    papers_last, papers_before = papers[-1], sum(papers[:-1])
    if papers_last == 0 or papers_before == 0:
        raise KGError(
            f"no papers in {'the last' if papers_last == 0 else 'the earlier'} {by}s "
            f"of the window: growth cannot be measured"
        )
    trends = []
    for node, data in graph.nodes(data=True):
        if data.get("label") not in labels:
            continue
        counts = [0.0] * len(periods)
        for paper in data.get("papers", ()):
            if paper in in_window:
                counts[index[in_window[paper]]] += _weight(graph.nodes[paper], weight)
        last, before = counts[-1], sum(counts[:-1])
        if last < min_papers:
            continue
        growth = ((last + 1) / papers_last) / ((before + 1) / papers_before)
        trends.append(
            Trend(node, data.get("name") or node, data["label"], counts, last, before, round(growth, 3))
        )
    trends.sort(key=lambda t: (-t.growth, -t.last, t.id))
    return TrendReport(by, since, until, weight, periods, papers, trends[:top], notes)


def table(report: TrendReport, columns: int = 6) -> str:
    """The ranking as a text table: the last `columns` periods, the window total, growth."""
    shown = report.periods[-columns:]
    head = ["#", "concept", "type"] + shown + ["total", "growth"]
    rows = [
        [str(rank), t.name[:40], t.label]
        + [f"{c:g}" for c in t.counts[-columns:]]
        + [f"{sum(t.counts):g}", f"{t.growth:.2f}x"]
        for rank, t in enumerate(report.rising, 1)
    ]
    rows.append(
        ["", "(all papers)", ""]
        + [f"{c:g}" for c in report.papers[-columns:]]
        + [f"{sum(report.papers):g}", ""]
    )
    widths = [max(len(row[i]) for row in [head] + rows) for i in range(len(head))]
    lines = [
        "  ".join(cell.ljust(w) if i < 3 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
        for row in [head] + rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def plot(report: TrendReport, out: str, lines: int = 8) -> None:
    """A line chart of the top `lines` rising concepts, papers per period (PNG, SVG or
    PDF by the file's suffix), written atomically."""
    import io
    from pathlib import Path

    try:
        import matplotlib
    except ImportError:
        raise KGError("--plot needs matplotlib: pip install 'paperkg[plot]'") from None
    matplotlib.use("Agg")
    from matplotlib import pyplot

    from kg.store import store

    fmt = Path(out).suffix.lstrip(".").lower()
    if fmt not in ("png", "svg", "pdf"):
        raise KGError(f"--plot {out!r}: give a .png, .svg or .pdf file")
    figure, axes = pyplot.subplots(figsize=(10, 5.6), dpi=150)
    try:
        for trend in report.rising[:lines]:
            axes.plot(
                report.periods,
                trend.counts,
                marker="o",
                linewidth=2,
                label=f"{trend.name} ({trend.label}, {trend.growth:.1f}x)",
            )
        unit = "papers" if report.weight == "papers" else "papers weighted by 1 + upvotes"
        axes.set_title(
            f"Rising concepts: {unit} per {report.by}, growth of {report.periods[-1]} "
            f"over {report.periods[0]}..{report.periods[-2]}"
        )
        axes.set_ylabel(f"{unit} per {report.by}")
        axes.grid(alpha=0.3)
        axes.legend(fontsize=8, loc="upper left", frameon=False)
        axes.tick_params(axis="x", labelrotation=45, labelsize=8)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt)
    finally:
        pyplot.close(figure)
    store.atomic_write_bytes(out, buffer.getvalue())
