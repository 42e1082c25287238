"""Time for headless Chromium to draw `kg export html` pages of large graphs.

For each graph (the corpus graph given with --graph, and/or a synthetic concept-rich
graph with --synthetic N) and each view (`--view concepts`, the default concept map, and
`--view papers`) the script exports a page with `--max-nodes`, opens it from a
file:// URL in the same headless Chromium the tests use and reports the page's own
figure: milliseconds from navigation start to the first draw after the layout settled
(vis-network's 'afterDrawing' following 'stabilizationIterationsDone', or the first
'afterDrawing' when the layout was precomputed).  Baseline of the same run: the same
page with vis physics forced on (`--physics on`), as the issue measured it.

    python bench/html_render.py --graph /tmp/html-corpus.gz --max-nodes 2000 --view concepts papers
    python bench/html_render.py --synthetic 2000 --repeat 3

Build the corpus graph first:
    nice python -m kg build ../shared/data/corpus/arxiv_cs_abstracts.jsonl.gz --graph /tmp/html-corpus.gz
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]
import headless  # noqa: E402
from exports import html  # noqa: E402
from kg import schema  # noqa: E402
from kg.store import store  # noqa: E402
from kg.query.subgraph import Selection  # noqa: E402

_ROLES = {
    schema.METHOD: "USES",
    schema.DATASET: "EVALUATES_ON",
    schema.TASK: "ADDRESSES",
    schema.METRIC: "USES",
}


def synthetic_graph(nodes: int, seed: int = 1):
    """Papers (60%) linked to 1-7 concepts each, concept popularity Zipf-like: the shape of a
    graph once the concept extractors run, which the corpus graph does not have yet."""
    import networkx as nx

    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    concepts = []
    for i in range(nodes - int(nodes * 0.6)):
        label = schema.CONCEPT_LABELS[i % len(schema.CONCEPT_LABELS)]
        node = schema.concept_id(label, f"{label} concept {i}")
        graph.add_node(node, id=node, label=label, name=f"{label} concept {i}", aliases=[f"C{i}"], papers=[])
        concepts.append(node)
    weights = [1 / (rank + 1) for rank in range(len(concepts))]
    for i in range(int(nodes * 0.6)):
        paper = f"arxiv:2501.{i:05d}"
        graph.add_node(
            paper,
            id=paper,
            label=schema.PAPER,
            name=f"Paper {i}",
            title=f"Paper {i}",
            arxiv_id=f"2501.{i:05d}",
            date="2025-01-15",
        )
        for concept in set(rng.choices(concepts, weights, k=rng.randint(1, 7))):
            edge_type = _ROLES[graph.nodes[concept]["label"]]
            graph.nodes[concept]["papers"].append(paper)
            graph.add_edge(
                paper,
                concept,
                key=schema.edge_key(edge_type, paper),
                type=edge_type,
                paper=paper,
                field="abstract",
                sentence=f"Paper {i} uses {concept}.",
                start=0,
                end=1,
                extractor="synthetic",
                confidence=1.0,
            )
    return graph


def measure(driver, page: Path, repeat: int, timeout: float) -> tuple[list[float], dict]:
    times, state = [], {}
    for _ in range(repeat):
        url = headless.open_page(driver, page)
        state = headless.wait_until_drawn(driver, timeout)
        times.append(state["readyMs"] / 1000)
        if headless.requests_made(driver, url) or headless.console_errors(driver):
            sys.exit(f"bench: {page} made requests or logged errors")
    return times, state


def run(name: str, graph_path: Path, args, driver, tmp: Path) -> None:
    for view, (physics, mode) in itertools.product(args.view, ((None, "default"), (True, "physics on"))):
        if mode == "physics on" and args.skip_physics:
            continue
        page = tmp / f"{name}-{view}-{mode.replace(' ', '-')}.html"
        start = time.perf_counter()
        report = html.export_html(
            str(graph_path), str(page), Selection(max_nodes=args.max_nodes), physics=physics, view=view
        )
        export_s = time.perf_counter() - start
        try:
            times, state = measure(driver, page, args.repeat, args.timeout)
            figure = (
                f"draw median {statistics.median(times):.2f} s (runs {', '.join(f'{t:.2f}' for t in times)})"
            )
        except TimeoutError:
            figure, state = f"not drawn within {args.timeout:.0f} s", {}
        print(
            f"{name} --view {view} [{mode}{', physics' if report['physics'] else ', networkx layout'}]: "
            f"{report['nodes']} nodes / {report['edges']} edges of {report['graph_nodes']} / "
            f"{report['graph_edges']}; export {export_s:.1f} s, page {report['bytes'] / 1e6:.1f} MB; "
            f"{figure}; drawn nodes {state.get('drawnNodes')}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, help="a built graph file (e.g. of the 75k corpus)")
    parser.add_argument("--synthetic", type=int, help="also a synthetic concept graph of N nodes")
    parser.add_argument(
        "--max-nodes",
        type=int,
        default=html.DEFAULT_MAX_NODES,
        help="nodes (papers view) or concepts (concept map) per page",
    )
    parser.add_argument("--view", nargs="+", choices=html.VIEWS, default=list(html.VIEWS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--skip-physics", action="store_true", help="no physics-on baseline")
    args = parser.parse_args()
    if not (args.graph or args.synthetic):
        parser.error("give --graph and/or --synthetic")
    if reason := headless.missing():
        sys.exit(f"bench: {reason}")
    print(
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)", flush=True
    )
    with tempfile.TemporaryDirectory() as tmp, headless.chromium() as driver:
        tmp = Path(tmp)
        if args.graph:
            run(args.graph.name, args.graph, args, driver, tmp)
        if args.synthetic:
            path = tmp / "synthetic.json.zst"
            store.save(synthetic_graph(args.synthetic), path)
            run(f"synthetic-{args.synthetic}", path, args, driver, tmp)


if __name__ == "__main__":
    main()
