"""`kg export html`: one self-contained HTML page to explore the graph, offline.

pyvis shapes the nodes, edges and options; the page itself is paperkg's own template,
because pyvis's templates fetch Bootstrap (and, with "local", vis-network) from a CDN.
vis-network is inlined from the copy pyvis ships, so the page makes no network request
at all.  A Content-Security-Policy allows only the page's own scripts (by hash) and
data: images, as a second line of defence behind escaping: everything from the graph
travels as JSON text in a non-executed <script type="application/json"> block and is
put on screen with textContent, so a title like `<img src=x onerror=...>` stays text.

Draw time decides the defaults (headless Chromium, bench/html_render.py): vis physics
with 100 stabilisation iterations and improvedLayout off settles 1k nodes in ~3 s but
2k in 6-15 s depending on load (default physics took 60 s for 1k in the issue), while
a precomputed layout with physics off draws 2k nodes in under 1 s and 5k in ~2 s.  So
views up to PHYSICS_MAX_NODES get live physics, larger ones a networkx layout, and the
view is capped at DEFAULT_MAX_NODES unless asked otherwise.

Two views: the default concept map (kg/query/concept_map.py: concepts joined directly, weighted
by the papers that join them, coloured by community, labels sized by papers) and the
paper graph as stored (`--view papers`).  Both carry a table of the papers they cite, so
a side panel can show a paper's abstract and link, a concept's newest papers with the
sentence that names it, and its papers per month.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import math
import re
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import networkx as nx

from kg.query import concept_map
from kg import schema
from kg.store import store
from kg.errors import KGError
from kg.query.subgraph import Selection, resolve_focus, select, since_slice

#: Colour (Okabe-Ito, readable by colour-blind people), vis shape and legend glyph per label.
NODE_STYLES = {
    schema.PAPER: ("#0072B2", "dot", "\u25cf"),
    schema.METHOD: ("#D55E00", "diamond", "\u25c6"),
    schema.DATASET: ("#009E73", "square", "\u25a0"),
    schema.TASK: ("#CC79A7", "triangle", "\u25b2"),
    schema.METRIC: ("#E69F00", "triangleDown", "\u25bc"),
    schema.BENCHMARK: ("#56B4E9", "star", "\u2605"),
    schema.REPOSITORY: ("#555555", "hexagon", "\u2b22"),
}
#: Views up to this size settle with live physics; larger ones get a networkx layout.
#: Concept maps are denser and settle over more iterations (labels need room): 620
#: concepts took 8 s on a loaded machine, so past 300 they get the layout too.
PHYSICS_MAX_NODES = 1000
PHYSICS_MAX_CONCEPTS = 300
#: Node pairs x iterations a spring layout may cost (networkx's spring layout is
#: quadratic: ~5 s at this budget); past 5 affordable iterations, the spectral layout.
SPRING_BUDGET = 50_000_000
#: Pixels per node along the side of a component's square.
NODE_SPACING = 45
#: The cap when --max-nodes is not given, per view: a paper view any laptop browser draws
#: in seconds; a concept map whose labels can be read.
DEFAULT_MAX_NODES = 2000
DEFAULT_MAX_CONCEPTS = 80
VIEWS = ("concepts", "papers")
#: Beyond this the page is no use to a person and pyvis's bookkeeping gets slow.
MAX_NODES_LIMIT = 20000
STABILIZATION_ITERATIONS = 100
_LABEL_CHARS = 40
_EVIDENCE_PER_EDGE = 5
#: Papers listed in a side panel per concept and per concept-map link (the count says how
#: many there are in all), and the characters of an abstract shown.
_PAPERS_PER_ITEM = 8
_ABSTRACT_CHARS = 2000
#: Community colours of the concept map (Tableau 10, distinct on white); the communities
#: past these are grey.
COMMUNITY_COLOURS = (
    "#4E79A7",
    "#F28E2B",
    "#E15759",
    "#76B7B2",
    "#59A14F",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
)
_OTHER_COMMUNITY = "#C8C8C8"


def _short(text: str, limit: int = _LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def safe_url(url) -> str | None:
    """Only http(s) links reach the page: a `javascript:` URL in the data is dropped."""
    if not isinstance(url, str) or urlsplit(url.strip()).scheme.lower() not in ("http", "https"):
        return None
    return url.strip()


def _paper_link(data: dict) -> str | None:
    if data.get("arxiv_id"):
        return safe_url(data.get("url")) or f"https://arxiv.org/abs/{data['arxiv_id']}"
    return safe_url(data.get("url"))


def _paper_authors(data: dict):
    return data.get("author_count") or len(data.get("authors") or ()) or None


def _papers_count(data: dict) -> int:
    return len(data.get("papers", ()))


def _plain(name: str) -> Callable[[dict], object]:
    return lambda data: data.get(name)


#: The fields of a tooltip whose caption or text is the HTML view's own, by label:
#: (caption, the properties it shows, its text from the node's data).  Every other
#: property kg/schema.py declares `shown` follows them as its name and value.
_CONCEPT_FIELDS = (
    ("aliases", ("aliases",), lambda data: ", ".join(data.get("aliases", ()))),
    ("papers", ("papers",), _papers_count),
)
_OWN_FIELDS = {
    schema.PAPER: (
        ("title", ("title",), _plain("title")),
        ("date", ("date", "date_text"), lambda data: data.get("date") or data.get("date_text")),
        ("arXiv", ("arxiv_id",), _plain("arxiv_id")),
        ("link", ("url",), _paper_link),
        ("authors", ("authors", "author_count"), _paper_authors),
        ("upvotes", ("upvotes",), _plain("upvotes")),
    ),
    schema.REPOSITORY: (
        ("url", ("url",), lambda data: safe_url(data.get("url"))),
        ("kind", ("kind",), _plain("kind")),
        ("papers", ("papers",), _papers_count),
    ),
    schema.BENCHMARK: (
        *((name, (name,), _plain(name)) for name in ("task", "dataset", "metric")),
        ("papers", ("papers",), _papers_count),
    ),
    **{label: _CONCEPT_FIELDS for label in schema.CONCEPT_LABELS},
}
#: Per label, the properties shown as their name and value (a list's items joined).
_PLAIN_FIELDS = {
    label: tuple(
        p.name
        for p in schema.PROPERTIES
        if label in p.labels
        and p.shown
        and p.name != schema.CURATION_NODE_PROPERTY
        and not any(p.name in names for _, names, _ in _OWN_FIELDS[label])
    )
    for label in schema.NODE_LABELS
}


def node_fields(data: dict) -> list[tuple[str, str]]:
    """What a tooltip and the details panel show for a node, as (name, text) pairs: the
    properties kg/schema.py declares `shown`, then the curation decisions that changed it."""
    label = data.get("label")
    pairs = [(caption, text(data)) for caption, _, text in _OWN_FIELDS.get(label, _CONCEPT_FIELDS)]
    for name in _PLAIN_FIELDS.get(label, ()):
        value = data.get(name)
        pairs.append((name, ", ".join(value) if isinstance(value, list) else value))
    pairs += [
        ("curated", " ".join(filter(None, record.split("\t"))))
        for record in data.get(schema.CURATION_NODE_PROPERTY, ())
    ]
    return [(name, str(value)) for name, value in pairs if value not in (None, "", 0)]


def _mention_sentence(graph: nx.MultiDiGraph, paper: str, concept: str) -> str:
    """The sentence in which a paper names a concept (its first edge to it)."""
    for data in (graph.get_edge_data(paper, concept) or {}).values():
        return data.get("sentence", "")
    return ""


class PaperTable:
    """The papers a page cites (title, date, link), sent once however often cited; the
    abstract only for papers drawn as nodes, since a concept map cites thousands."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph, self.rows = graph, {}

    def cite(self, paper: str, abstract: bool = False) -> str:
        if paper not in self.rows:
            data = self.graph.nodes[paper]
            self.rows[paper] = {
                "title": data.get("title") or data.get("name") or paper,
                "date": data.get("date") or data.get("date_text"),
                "link": _paper_link(data),
            }
        if abstract and "abstract" not in self.rows[paper]:
            self.rows[paper]["abstract"] = _short(
                self.graph.nodes[paper].get("abstract") or "", _ABSTRACT_CHARS
            )
        return paper


def concept_details(graph: nx.MultiDiGraph, node: str, table: PaperTable) -> dict:
    """A concept's newest papers with the sentence naming it, and its papers per month."""
    papers = [p for p in graph.nodes[node].get("papers", ()) if p in graph]
    newest = sorted(papers, key=lambda p: (graph.nodes[p].get("date") or "", p), reverse=True)
    return {
        "paperCount": len(papers),
        "papers": [[table.cite(p), _mention_sentence(graph, p, node)] for p in newest[:_PAPERS_PER_ITEM]],
        "timeline": concept_map.monthly_counts(graph, papers),
    }


def _node_size(degree: int) -> float:
    """Area grows with degree, but a hub must not cover the page."""
    return round(min(10 + 6 * math.log2(1 + degree), 48), 2)


def _evidence(graph: nx.MultiDiGraph, data: dict) -> dict:
    paper = data.get("paper")
    title = graph.nodes[paper].get("title") if paper in graph else None
    who = ", ".join(data[k] for k in schema.CURATION_EDGE_PROPERTIES[:2] if data.get(k))
    return {
        "paper": paper,
        "paper_title": title or paper,
        "sentence": data.get("sentence", ""),
        "extractor": f"{data.get('extractor')} ({who})" if who else data.get("extractor"),
        "confidence": data.get("confidence"),
    }


def _component_layout(component: nx.Graph) -> dict:
    """Positions in [-1, 1]: a spring layout with as many iterations (up to 50) as the
    budget affords, else the sparse spectral layout, which is linear but cruder."""
    if len(component) == 1:
        return {next(iter(component)): (0.0, 0.0)}
    iterations = min(50, SPRING_BUDGET // len(component) ** 2)
    if iterations >= 5:
        return nx.spring_layout(component, seed=7, iterations=iterations)
    return nx.rescale_layout_dict(nx.spectral_layout(component))


def layout(view: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Pixel positions from networkx: each connected component laid out on its own (most
    of a paper graph is small islands) and the components packed in rows, largest first,
    each in a square whose side grows with the square root of its size.  Seeded, so the
    same view gives the same page."""
    simple = nx.Graph(view.to_undirected(as_view=True))
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    sides = [NODE_SPACING * math.sqrt(len(c)) for c in components]
    row_width = max(max(sides), math.sqrt(sum(side * side for side in sides)))
    positions, x, y, row_height = {}, 0.0, 0.0, 0.0
    for component, side in zip(components, sides):
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in _component_layout(simple.subgraph(component)).items():
            positions[node] = (
                round(x + side / 2 * (1 + float(px)), 1),
                round(y + side / 2 * (1 + float(py)), 1),
            )
        x, row_height = x + side, max(row_height, side)
    return positions


def use_physics(view: nx.Graph, physics: bool | None, limit: int = PHYSICS_MAX_NODES) -> bool:
    """Live physics when asked, else when the view is small enough to settle quickly."""
    return view.number_of_nodes() <= limit if physics is None else physics


def _network(directed: bool):
    try:
        from pyvis.network import Network
    except ImportError:
        raise KGError("the HTML export needs pyvis: pip install 'paperkg[html]'") from None
    return Network(directed=directed, cdn_resources="in_line")


def _node_info(graph: nx.MultiDiGraph, node: str, table: PaperTable) -> dict:
    """What the page knows of a node: type, names, tooltip fields, and its panel's extras."""
    data = graph.nodes[node]
    info = {
        "type": data.get("label"),
        "name": data.get("name") or node,
        "aliases": list(data.get("aliases", ())),
        "fields": node_fields(data),
        "url": safe_url(data.get("url")) if data.get("label") == schema.REPOSITORY else None,
    }
    if data.get("label") == schema.PAPER:
        info["paper"] = table.cite(node, abstract=True)
    elif data.get("label") in schema.CONCEPT_LABELS:
        info.update(concept_details(graph, node, table))
    return info


def build_network(
    view: nx.MultiDiGraph,
    physics: bool | None = None,
    graph: nx.MultiDiGraph | None = None,
    table: PaperTable | None = None,
):
    """The pyvis Network for a paper view: styled nodes and evidence-carrying edges.
    `graph` (default: the view) is where concepts' papers and timelines are read."""
    graph = view if graph is None else graph
    table = PaperTable(graph) if table is None else table
    physics = use_physics(view, physics)
    positions = {} if physics else layout(view)
    net = _network(directed=True)
    for node in sorted(view.nodes):
        data = view.nodes[node]
        color, shape, _ = NODE_STYLES.get(data.get("label"), ("#999999", "dot", "?"))
        extra = {"x": positions[node][0], "y": positions[node][1]} if node in positions else {}
        net.add_node(
            node,
            label=_short(data.get("name") or node),
            shape=shape,
            color=color,
            size=_node_size(view.degree(node)),
            **extra,
            kg=_node_info(graph, node, table),
        )
    grouped: dict[tuple[str, str, str], list[dict]] = {}
    for u, v, _, data in sorted(view.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        grouped.setdefault((u, v, data.get("type")), []).append(_evidence(view, data))
    for number, ((u, v, edge_type), evidence) in enumerate(grouped.items()):
        net.add_edge(
            u,
            v,
            id=f"e{number}",
            color={"color": "#9a9a9a", "highlight": "#333333"},
            kg={
                "type": edge_type,
                "evidence": evidence[:_EVIDENCE_PER_EDGE],
                "meaning": schema.EDGE_TYPES[edge_type].description if edge_type in schema.EDGE_TYPES else "",
            },
        )
    net.options = _options(physics)
    return net, physics


def build_concept_network(
    graph: nx.MultiDiGraph, cmap: concept_map.ConceptMap, physics: bool | None, table: PaperTable
):
    """The pyvis Network for a concept map: shape by type, colour by community, node and
    label size by papers (log scale), link width by the papers joining its ends."""
    view = cmap.graph
    physics = use_physics(view, physics, PHYSICS_MAX_CONCEPTS)
    positions = {} if physics else layout(view)
    counts = [d["paper_count"] for _, d in view.nodes(data=True)] or [1]
    low, high = max(min(counts), 1), max(max(counts), 1)
    net = _network(directed=False)
    for node in sorted(view.nodes):
        data = view.nodes[node]
        _, shape, _ = NODE_STYLES.get(data.get("label"), ("#999999", "dot", "?"))
        community = cmap.community.get(node, len(COMMUNITY_COLOURS))
        colour = COMMUNITY_COLOURS[community] if community < len(COMMUNITY_COLOURS) else _OTHER_COMMUNITY
        papers = max(data["paper_count"], 1)
        extra = {"x": positions[node][0], "y": positions[node][1]} if node in positions else {}
        info = _node_info(graph, node, table)
        info["community"] = community + 1
        label = _short(data.get("name") or node, 32)
        font_size = round(concept_map.log_scale(papers, low, high, 18, 34))
        # A long, large label gets more mass, so the layout pushes its neighbours further.
        net.add_node(
            node,
            label=label,
            shape=shape,
            color=colour,
            mass=round(max(1.0, font_size * len(label) / 100), 2),
            size=round(concept_map.log_scale(papers, low, high, 8, 30), 1),
            font={"size": font_size, "strokeWidth": 4, "strokeColor": "#ffffff"},
            **extra,
            kg=info,
        )
    weights = [d["weight"] for _, _, d in view.edges(data=True)] or [1]
    for number, (a, b, data) in enumerate(sorted(view.edges(data=True), key=lambda e: (e[0], e[1]))):
        source = data["source"]
        target = b if source == a else a
        width = concept_map.log_scale(data["weight"], min(weights), max(weights), 0.5, 5)
        net.add_edge(
            source,
            target,
            id=f"e{number}",
            width=round(width, 2),
            color={"color": "#c4c4c4", "highlight": "#333333"},
            kg={
                "type": data["relation"],
                "weight": data["weight"],
                "papers": [table.cite(p) for p in data["papers"][:_PAPERS_PER_ITEM]],
            },
        )
    net.options = _options(physics, concepts=True)
    return net, physics


def _options(physics: bool, concepts: bool = False) -> dict:
    options = {
        "nodes": {"font": {"size": 12}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": not concepts, "scaleFactor": 0.5}},
            "width": 1,
            "smooth": False,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "stabilization": {
                "enabled": physics,
                "iterations": STABILIZATION_ITERATIONS,
                "updateInterval": 25,
            },
        },
    }
    if concepts:
        # Room for labels: stronger repulsion and longer springs than the paper view.
        options["physics"]["solver"] = "forceAtlas2Based"
        options["physics"]["forceAtlas2Based"] = {
            "gravitationalConstant": -60,
            "centralGravity": 0.12,
            "springLength": 80,
            "springConstant": 0.05,
            "avoidOverlap": 1,
        }
        options["physics"]["stabilization"]["iterations"] = 300
    return options


def _vis_bundle() -> tuple[str, str]:
    """vis-network's script and stylesheet from pyvis's own copy (no CDN), minus the
    source-map comment that would make developer tools look for a file beside the page."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    script = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    script = re.sub(r"^//# sourceMappingURL=.*$", "", script, flags=re.MULTILINE)
    return script, (lib / "vis-network.css").read_text(encoding="utf-8")


def script_json(value) -> str:
    """JSON that cannot end its <script> block or open a comment: <, > and & are escaped
    as JSON unicode escapes, which JSON.parse turns back into the same characters."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _csp(*scripts: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        f"img-src data:; base-uri 'none'; form-action 'none'"
    )


def render_page(
    net,
    physics: bool,
    summary: str,
    table: PaperTable,
    page_title: str = "paperkg graph",
    focus: str | None = None,
    view: str = "papers",
) -> str:
    from jinja2 import Environment

    nodes, edges, _, _, _, options = net.get_network_data()
    counts = Counter(data["kg"]["type"] for data in nodes)
    legend = [
        {
            "type": label,
            "color": "#444444" if view == "concepts" else style[0],
            "glyph": style[2],
            "count": counts[label],
        }
        for label, style in NODE_STYLES.items()
        if label in counts
    ]
    payload = {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "physics": physics,
        "legend": legend,
        "focus": focus,
        "view": view,
        "papers": table.rows,
    }
    vis_js, vis_css = _vis_bundle()
    app_js = resources.files("exports").joinpath("html_page.js").read_text(encoding="utf-8")
    template = resources.files("exports").joinpath("html_page.html").read_text(encoding="utf-8")
    return (
        Environment(autoescape=True)
        .from_string(template)
        .render(
            page_title=page_title,
            summary=summary,
            csp=_csp(vis_js, app_js),
            vis_css=vis_css,
            vis_js=vis_js,
            app_js=app_js,
            data_json=script_json(payload),
        )
    )


def _concept_view(graph: nx.MultiDiGraph, selection: Selection, physics: bool | None):
    """The concept map a selection asks for: --since first, then --focus/--depth, --types
    (concept labels only) and --max-nodes as its concept count."""
    labels = tuple(t for t in selection.types if t in schema.CONCEPT_LABELS) or concept_map.LABEL_ORDER
    if selection.types and not set(selection.types) & set(schema.CONCEPT_LABELS):
        raise KGError(
            f"nothing to draw: a concept map shows {', '.join(schema.CONCEPT_LABELS)} "
            f"(use --view papers for {', '.join(selection.types)})"
        )
    sliced = since_slice(graph, selection.since) if selection.since else graph
    focus = None
    if selection.focus:
        focus = resolve_focus(sliced, selection.focus)
        if sliced.nodes[focus].get("label") not in labels:
            raise KGError(
                f"--focus {selection.focus!r} is a {sliced.nodes[focus].get('label')}: a concept map "
                f"centres on a concept of {', '.join(labels)} (use --view papers to centre on it)"
            )
    limit = DEFAULT_MAX_CONCEPTS if selection.max_nodes is None else selection.max_nodes
    cmap = concept_map.build(sliced, limit, focus=focus, depth=selection.depth, labels=labels)
    if cmap.graph.number_of_nodes() == 0:
        raise KGError(f"nothing to draw: no concept is mentioned by a paper ({selection.describe()})")
    table = PaperTable(graph)
    net, physics = build_concept_network(graph, cmap, physics, table)
    shown = cmap.graph.number_of_edges()
    summary = (
        f"concept map: {cmap.graph.number_of_nodes()} concepts, {shown} links"
        f"{f' (the strongest {concept_map.LINKS_PER_CONCEPT} per concept of {cmap.links_found})' if shown < cmap.links_found else ''}"
        f" from {graph.number_of_nodes()} nodes; {selection.describe()}; "
        f"a link's weight is the papers naming both ends"
    )
    return net, physics, summary, table, focus, cmap.graph


def export_html(
    graph_path: str,
    out: str,
    selection: Selection,
    physics: bool | None = None,
    view: str = "concepts",
    min_confidence: float | None = None,
) -> dict:
    """Write the page for a selection of the graph file; returns what it holds."""
    if view not in VIEWS:
        raise KGError(f"unknown view {view!r} (known: {', '.join(VIEWS)})")
    if selection.max_nodes is not None and not 1 <= selection.max_nodes <= MAX_NODES_LIMIT:
        raise KGError(
            f"--max-nodes must be between 1 and {MAX_NODES_LIMIT} (a browser cannot usefully draw more)"
        )
    graph = store.load(graph_path, min_confidence)
    if view == "concepts":
        net, physics, summary, table, focus, drawn = _concept_view(graph, selection, physics)
    else:
        if selection.max_nodes is None:
            selection = dataclasses.replace(selection, max_nodes=DEFAULT_MAX_NODES)
        drawn, focus = select(graph, selection)
        if drawn.number_of_nodes() == 0:
            raise KGError(f"nothing to draw: no node matches ({selection.describe()})")
        summary = (
            f"{drawn.number_of_nodes()} of {graph.number_of_nodes()} nodes, "
            f"{drawn.number_of_edges()} of {graph.number_of_edges()} edges: {selection.describe()}"
        )
        table = PaperTable(graph)
        net, physics = build_network(drawn, physics, graph=graph, table=table)
    page = render_page(net, physics, summary, table, focus=focus, view=view).encode("utf-8")
    store.atomic_write_bytes(out, page)
    return {
        "out": str(out),
        "view": view,
        "nodes": drawn.number_of_nodes(),
        "edges": drawn.number_of_edges(),
        "graph_nodes": graph.number_of_nodes(),
        "graph_edges": graph.number_of_edges(),
        "focus": focus,
        "physics": physics,
        "selection": selection.describe(),
        "summary": summary,
        "bytes": len(page),
    }
