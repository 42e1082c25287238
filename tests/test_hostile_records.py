"""Hostile records and listings (#20): what once blew up the build or was lost or
merged without a word.  Each test reproduces one finding of the issue."""
from __future__ import annotations

import json

import networkx as nx

from graphs import _extraction
from kg import store
from kg.model import GraphModel


class _EdgeCountingGraph(nx.MultiDiGraph):
    """A real MultiDiGraph that counts the edges handed out by `in_edges`/`out_edges`:
    how much of a node's neighbourhood the model walks."""

    walked = 0

    def _counted(self, view):
        graph = self

        def walk(*args, **kwargs):
            for edge in view(*args, **kwargs):
                graph.walked += 1
                yield edge
        return walk

    @property
    def in_edges(self):
        return self._counted(super().in_edges)

    @property
    def out_edges(self):
        return self._counted(super().out_edges)


def test_adding_results_on_one_benchmark_does_not_walk_its_reports():
    """5k/10k/20k papers reporting on one benchmark built in 14.5/67.5/303 s: each new
    result renamed every REPORTS edge of the benchmark.  Now adding n results walks
    a bounded number of edges each; the names are still right after canonicalise."""
    papers = 2_000
    graph = _EdgeCountingGraph()
    model = GraphModel(graph)
    for number in range(papers):
        model.add_extraction(_extraction(
            f"2401.{number:05d}", f"Paper {number}",
            [("Method", f"Net{number}", "PROPOSES"), ("Dataset", "ImageNet", "EVALUATES_ON"),
             ("Metric", "top-1 accuracy", "USES")], results=[(1, None, 2, 0, 80.0, "%")]))
    assert graph.walked <= 10 * papers
    model.canonicalise()
    bench = "benchmark:-/imagenet/top-1-accuracy"
    reports = {u: d["method"] for u, _, d in graph.in_edges(bench, data=True)}
    assert len(reports) == papers and reports["arxiv:2401.00007"] == "Net7"
    assert graph.nodes[bench]["name"] == "ImageNet (top-1 accuracy)"


def test_titles_of_no_letters_do_not_merge_papers(run_kg, tmp_path):
    """Zero-width, bidi-only, emoji-only and "???" titles all normalised to "" and got
    one id: records became one paper with one's title and another's abstract.  Now
    each is its own paper, by its abstract (or, with none, where it was read), and a
    second build of the same listing changes nothing."""
    titles = ["\u200b\u200b", "\u202e\u202c", "\U0001f642\U0001f680", "???", "???"]
    abstracts = ["Zero width.", "Bidi only.", "Emoji only.", "Questions.", ""]
    listing = tmp_path / "odd.jsonl"
    listing.write_text("".join(json.dumps({"title": t, "abstract": a}) + "\n"
                               for t, a in zip(titles, abstracts)), encoding="utf-8")
    graph = tmp_path / "g.json.zst"
    for _ in range(2):
        assert run_kg("build", listing, "--graph", graph).exit_code == 0
        papers = {d["abstract"] if d.get("abstract") else d["sources"][0]: d["title"]
                  for _, d in store.load(str(graph)).nodes(data=True) if d["label"] == "Paper"}
        assert papers == {"Zero width.": titles[0], "Bidi only.": titles[1],
                          "Emoji only.": titles[2], "Questions.": "???", "odd.jsonl:5": "???"}
