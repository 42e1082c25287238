"""`kg export html`: the view selection, the command's errors, and the page itself in a
real headless Chromium (Debian's chromium + chromedriver, no network): it draws every
node it holds without a request or a console error, and hostile data stays text.
Screenshots of the pages are kept in tests/artifacts/ (not committed) to be looked at."""

from __future__ import annotations

import json
import os
from pathlib import Path

import networkx as nx
import pytest

import headless
from conftest import need_shared
from exports import html
from kg import schema
from kg.query.subgraph import Selection, most_connected, select

ARTIFACTS = Path(__file__).parent / "artifacts"
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1;alert(1)">'
HOSTILE_TITLE_2 = "</script><script>window.__pwned=2;alert(2)</script>"
HOSTILE_SENTENCE = "Code: https://github.com/evil/repo </script><svg onload=alert(3)>"


# --- the view ---------------------------------------------------------------------
def _paper(graph, node, date, title=None):
    graph.add_node(node, id=node, label=schema.PAPER, name=title or node, title=title or node, date=date)


def _concept(graph, node, label, papers):
    graph.add_node(node, id=node, label=label, name=node.split(":")[1], aliases=[], papers=papers)


def _edge(graph, paper, node, edge_type="USES"):
    graph.add_edge(
        paper,
        node,
        key=schema.edge_key(edge_type, paper),
        type=edge_type,
        paper=paper,
        field="abstract",
        sentence="s",
        start=0,
        end=1,
        extractor="test",
        confidence=1.0,
    )


@pytest.fixture
def small_graph():
    """Two old and two new papers; bert is used by old and new, lstm by old only."""
    graph = nx.MultiDiGraph()
    for node, date in (
        ("p:old1", "2024-03-01"),
        ("p:old2", "2024-05-01"),
        ("p:new1", "2025-02-01"),
        ("p:new2", "2025-06-30"),
    ):
        _paper(graph, node, date)
    _concept(graph, "method:bert", schema.METHOD, ["p:old1", "p:new1", "p:new2"])
    _concept(graph, "method:lstm", schema.METHOD, ["p:old2"])
    _concept(graph, "dataset:squad", schema.DATASET, ["p:new2"])
    for paper, node in (
        ("p:old1", "method:bert"),
        ("p:new1", "method:bert"),
        ("p:new2", "method:bert"),
        ("p:old2", "method:lstm"),
        ("p:new2", "dataset:squad"),
    ):
        _edge(graph, paper, node)
    return graph


def test_since_drops_old_papers_and_what_only_they_mention(small_graph):
    view, _ = select(small_graph, Selection(since="2025"))
    assert set(view) == {"p:new1", "p:new2", "method:bert", "dataset:squad"}
    assert view.number_of_edges() == 3


def test_focus_depth_types_and_cap(small_graph):
    view, focus = select(small_graph, Selection(focus="BERT", depth=1))
    assert focus == "method:bert"
    assert set(view) == {"method:bert", "p:old1", "p:new1", "p:new2"}
    view, _ = select(small_graph, Selection(focus="bert", depth=2, types=(schema.DATASET,)))
    assert set(view) == {"method:bert", "dataset:squad"}  # the focus always stays
    view, _ = select(small_graph, Selection(max_nodes=3))
    assert set(view) == {"method:bert", "p:new2", "dataset:squad"}  # hub, then most links


def test_cap_keeps_edges_not_just_hubs():
    """Many 2-node islands and a few hubs: top degrees alone would orphan half the view."""
    graph = nx.MultiDiGraph()
    for i in range(50):
        _paper(graph, f"p:{i:02d}", "2025-01-01")
        _concept(graph, f"method:m{i:02d}", schema.METHOD, [f"p:{i:02d}"])
        _edge(graph, f"p:{i:02d}", f"method:m{i:02d}")
    kept = most_connected(graph, 20)
    assert graph.subgraph(kept).number_of_edges() == 10


@pytest.mark.parametrize(
    "args, message",
    [
        (["--types", "Method,Gadget"], "unknown node type 'Gadget'"),
        (["--since", "2025-13-01"], "is not a date"),
        (["--focus", "no such thing"], "no node with id, name or alias"),
        (["--max-nodes", "0"], "--max-nodes must be between"),
        (["--types", "Dataset"], "nothing to draw"),
        (["--view", "papers", "--types", "Dataset"], "nothing to draw"),
        (["--types", "Paper"], "a concept map shows"),
    ],
)
def test_bad_requests_are_one_line_errors(tmp_path, run_kg, args, message):
    graph = tmp_path / "g.json.zst"
    assert run_kg("build", headless_listing(tmp_path), "--graph", graph).exit_code == 0
    result = run_kg("export", "html", "--graph", graph, "--out", tmp_path / "p.html", *args)
    assert result.exit_code == 1
    assert result.output.startswith("kg: error: ") and message in result.output
    assert result.output.count("\n") == 1 and not (tmp_path / "p.html").exists()


def test_script_json_cannot_close_its_script_block():
    text = html.script_json({"t": HOSTILE_TITLE_2 + "<!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["t"] == HOSTILE_TITLE_2 + "<!-- & \u2028"


def test_only_web_links_reach_the_page():
    assert html.safe_url("javascript:alert(1)") is None
    assert html.safe_url(" https://github.com/a/b ") == "https://github.com/a/b"


def test_every_label_has_a_style():
    assert set(html.NODE_STYLES) == set(schema.NODE_LABELS)


# --- the page in Chromium --------------------------------------------------------------
def headless_listing(tmp_path):
    """Two papers whose text tries to run script, and a repository both link."""
    rows = [
        {
            "title": HOSTILE_TITLE,
            "abstract": f"We study attacks. {HOSTILE_SENTENCE}",
            "arxiv_id": "2501.00001",
            "date": "2025-01-02",
        },
        {
            "title": HOSTILE_TITLE_2,
            "abstract": "Also see https://github.com/evil/repo for code.",
            "arxiv_id": "2501.00002",
            "date": "2025-01-03",
        },
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser():
    reason = headless.missing()
    if reason:
        pytest.skip(reason)
    with headless.chromium() as driver:
        yield driver


def _export(run_kg, graph, out, *args) -> dict:
    result = run_kg("export", "html", "--graph", graph, "--out", out, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_seed_graph_page_draws_offline(tmp_path, run_kg, browser):
    """Bar 1: no console error, no request, every exported node drawn, a non-blank canvas."""
    graph, page = tmp_path / "seeds.json.zst", tmp_path / "graph.html"
    assert run_kg("build", need_shared("seeds"), "--graph", graph).exit_code == 0
    report = _export(run_kg, graph, page, "--view", "papers")
    assert report["nodes"] > 400 and report["edges"] > 50
    assert not list(tmp_path.glob(".graph.html.*"))  # the atomic write left no temp file

    url = headless.open_page(browser, page)
    state = headless.wait_until_drawn(browser, timeout=60)
    assert headless.console_errors(browser) == []
    assert headless.requests_made(browser, url) == []
    assert state["nodes"] == state["drawnNodes"] == state["positioned"] == report["nodes"]
    spread, colours = headless.pixel_spread(browser.find_element("id", "network").screenshot_as_png)
    assert spread > 3 and colours > 10, (spread, colours)


def _click_node(driver, node_id):
    """Centre the node in the canvas, then click the canvas centre like a person would."""
    from selenium.webdriver import ActionChains

    driver.execute_script(
        "window.paperkg.network.focus(arguments[0], {scale: 2, animation: false});", node_id
    )
    ActionChains(driver).move_to_element(driver.find_element("id", "network")).click().perform()


def test_hostile_text_stays_text_and_page_works(tmp_path, run_kg, browser):
    """Bar 2: titles and evidence made of markup run nothing and show as written; and the
    page's controls work: details, tooltips, repository click, search, type filter."""
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    graph, page = tmp_path / "g.json.zst", tmp_path / "hostile.html"
    assert run_kg("build", headless_listing(tmp_path), "--graph", graph).exit_code == 0
    report = _export(run_kg, graph, page, "--view", "papers")
    assert report["nodes"] == 3

    url = headless.open_page(browser, page)
    headless.wait_until_drawn(browser, timeout=60)
    browser.execute_script("window.open = function (u) { window.__opened = u; };")

    _click_node(browser, "arxiv:2501.00001")
    details = browser.find_element("id", "details")
    assert HOSTILE_TITLE in details.text
    assert "Abstract" in details.text and HOSTILE_SENTENCE in details.text  # the abstract, as text
    assert details.find_element("link text", "https://arxiv.org/abs/2501.00001")
    ActionChains(browser).move_by_offset(1, 1).perform()  # hover shows the tooltip
    tooltip = WebDriverWait(browser, 5).until(
        lambda d: d.execute_script(
            "var t = document.querySelector('.vis-tooltip');"
            "return t && t.style.visibility !== 'hidden' && t.textContent;"
        )
    )
    assert HOSTILE_TITLE in tooltip

    _click_node(browser, "arxiv:2501.00002")
    assert HOSTILE_TITLE_2 in details.text
    browser.execute_script(  # centre the edge's midpoint, away from both ends, then click it
        "var p = window.paperkg.network.getPositions(['arxiv:2501.00001', 'repo:github.com/evil/repo']);"
        "var a = p['arxiv:2501.00001'], b = p['repo:github.com/evil/repo'];"
        "window.paperkg.network.moveTo({position: {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2},"
        " scale: 3, animation: false});"
    )
    ActionChains(browser).move_to_element(browser.find_element("id", "network")).click().perform()
    assert "HAS_CODE" in details.text and HOSTILE_SENTENCE in details.text
    assert schema.EDGE_TYPES["HAS_CODE"].description in details.text

    assert browser.execute_script(
        "return [window.__pwned, document.querySelectorAll('img, svg, iframe').length,"
        " document.scripts.length]"
    ) == [None, 0, 3]
    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text

    _click_node(browser, "repo:github.com/evil/repo")
    assert browser.execute_script("return window.__opened") == "https://github.com/evil/repo"

    search = browser.find_element("id", "search")
    search.send_keys("evil")
    assert browser.find_element("id", "search-result").text == "1 match"
    assert browser.execute_script("return window.paperkg.network.getSelectedNodes()") == [
        "repo:github.com/evil/repo"
    ]

    browser.find_element("css selector", "#legend input[data-type='Paper']").click()
    hidden = browser.execute_script(
        "return window.paperkg.nodes.get().filter(n => n.hidden).map(n => n.id).sort()"
    )
    assert hidden == ["arxiv:2501.00001", "arxiv:2501.00002"]
    assert browser.execute_script("return window.paperkg.network.body.edgeIndices.length") == 0
    assert headless.console_errors(browser) == []
    assert headless.requests_made(browser, url) == []


def test_focused_page_opens_on_its_focus(tmp_path, run_kg, browser):
    graph, page = tmp_path / "g.json.zst", tmp_path / "focus.html"
    assert run_kg("build", headless_listing(tmp_path), "--graph", graph).exit_code == 0
    report = _export(
        run_kg,
        graph,
        page,
        "--view",
        "papers",
        "--focus",
        "evil/repo",
        "--depth",
        "1",
        "--types",
        "Repository",
    )
    assert report["focus"] == "repo:github.com/evil/repo" and report["nodes"] == 1
    headless.open_page(browser, page)
    headless.wait_until_drawn(browser, timeout=60)
    assert browser.execute_script("return window.paperkg.network.getSelectedNodes()") == [report["focus"]]
    assert "Repository: evil/repo" in browser.find_element("id", "details").text
    assert headless.console_errors(browser) == []


# --- concept maps: readable default pages, focus maps, side panel, search -------------------
def _screenshot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def _label_boxes(driver, ids):
    """Each node's label as drawn on screen: its font size in pixels at the current zoom
    and its box in page pixels (vis-network's own label measurements)."""
    return driver.execute_script(
        """
        var net = window.paperkg.network, scale = net.getScale(), out = {};
        arguments[0].forEach(function (id) {
          var node = net.body.nodes[id], size = node.labelModule.size;
          var a = net.canvasToDOM({x: size.left, y: size.top});
          var b = net.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
          out[id] = {px: node.options.font.size * scale, box: [a.x, a.y, b.x, b.y]};
        });
        return out;""",
        ids,
    )


def _assert_top_labels_readable(driver, top: int = 10):
    """The `top` most-mentioned concepts are on screen, in type of 12 px or more, and no
    two of their labels overlap."""
    nodes = driver.execute_script("return window.paperkg.nodes.get().map(n => [n.id, n.kg.paperCount || 0])")
    ids = [i for i, _ in sorted(nodes, key=lambda n: (-n[1], n[0]))[:top]]
    boxes = _label_boxes(driver, ids)
    width, height = driver.execute_script(
        "var c = document.getElementById('network'); return [c.clientWidth, c.clientHeight]"
    )
    for node in ids:
        px, (x0, y0, x1, y1) = boxes[node]["px"], boxes[node]["box"]
        assert px >= 12, (node, px)
        assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, (node, boxes[node]["box"], width, height)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = boxes[a]["box"], boxes[b]["box"]
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a, b)
    return ids


def _default_page_is_readable(run_kg, browser, graph, page, name):
    report = _export(run_kg, graph, page)
    assert report["view"] == "concepts" and report["edges"] > report["nodes"] / 2
    url = headless.open_page(browser, page)
    headless.wait_until_drawn(browser, timeout=120)
    assert headless.console_errors(browser) == [] and headless.requests_made(browser, url) == []
    _screenshot(browser, name)
    return _assert_top_labels_readable(browser)


def test_seed_concept_map_opens_readable(tmp_path, run_kg, browser):
    """Bar 2 (seeds): the default page is a concept map whose top labels can be read."""
    graph = tmp_path / "seeds.json.zst"
    assert run_kg("build", need_shared("seeds"), "--graph", graph).exit_code == 0
    top = _default_page_is_readable(run_kg, browser, graph, tmp_path / "map.html", "seeds-default")

    _click_node(browser, top[0])  # a concept's panel: its papers per month and newest papers
    details = browser.find_element("id", "details")
    assert "Papers per month" in details.text and "Newest papers" in details.text
    assert details.find_elements("css selector", ".timeline .bar")
    assert details.find_elements("css selector", "ul.papers li blockquote")


def test_corpus_concept_map_opens_readable(tmp_path, run_kg, browser):
    """Bar 2 (75k): needs a graph built from the corpus (minutes), given by path."""
    graph = os.environ.get("PAPERKG_CORPUS_GRAPH")
    if not graph or not Path(graph).exists():
        pytest.skip(
            "set PAPERKG_CORPUS_GRAPH to a graph built from ../shared's 75k corpus "
            "(kg build ../shared/data/corpus/arxiv_cs_abstracts.jsonl.gz --jobs 2)"
        )
    _default_page_is_readable(run_kg, browser, graph, tmp_path / "map.html", "corpus-default")


def test_focus_map_joins_the_concept_to_its_neighbours(tmp_path, run_kg, browser):
    """Bar 2 (focus): the README's `--focus BERT --types Method,Dataset` view has edges now,
    and a one-ring focus map links the focus to every concept shown."""
    graph = tmp_path / "seeds.json.zst"
    assert run_kg("build", need_shared("seeds"), "--graph", graph).exit_code == 0
    report = _export(
        run_kg, graph, tmp_path / "bert2.html", "--focus", "BERT", "--depth", "2", "--types", "Method,Dataset"
    )
    assert report["focus"] == "method:bert" and report["edges"] >= report["nodes"] - 1

    page = tmp_path / "bert.html"
    report = _export(run_kg, graph, page, "--focus", "BERT", "--depth", "1", "--max-nodes", "30")
    headless.open_page(browser, page)
    headless.wait_until_drawn(browser, timeout=120)
    _screenshot(browser, "seeds-focus-bert")
    neighbours = browser.execute_script("return window.paperkg.network.getConnectedNodes('method:bert')")
    assert 10 <= report["nodes"] <= 30 and len(neighbours) == report["nodes"] - 1  # joined to each
    assert _label_boxes(browser, ["method:bert"])["method:bert"]["px"] >= 12
    assert "Method: BERT" in browser.find_element("id", "details").text

    edge = browser.execute_script(  # a link's panel lists the papers behind it
        "return window.paperkg.network.getConnectedEdges('method:bert')[0]"
    )
    browser.execute_script("window.paperkg.network.selectEdges([arguments[0]]);", edge)
    weight = browser.execute_script("return window.paperkg.edges.get(arguments[0]).kg.weight", edge)
    browser.execute_script("window.paperkg.showEdge(arguments[0]);", edge)
    details = browser.find_element("id", "details")
    assert f"{weight} paper" in details.text and details.find_elements("css selector", "ul.papers li")
    assert headless.console_errors(browser) == []


def test_search_ranks_concepts_before_benchmarks(tmp_path, run_kg, browser):
    graph, page = tmp_path / "seeds.json.zst", tmp_path / "papers.html"
    assert run_kg("build", need_shared("seeds"), "--graph", graph).exit_code == 0
    _export(run_kg, graph, page, "--view", "papers")
    headless.open_page(browser, page)
    headless.wait_until_drawn(browser, timeout=120)
    browser.find_element("id", "search").send_keys("ImageNet")
    types = browser.execute_script(
        "return window.paperkg.matches.map(id => window.paperkg.nodes.get(id).kg.type)"
    )
    assert "Benchmark" in types and types[0] == "Dataset", types
    assert types.index("Benchmark") > max(
        i for i, t in enumerate(types) if t in ("Dataset", "Paper", "Method")
    )
