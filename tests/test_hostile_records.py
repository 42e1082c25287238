"""Hostile records and listings (#20): what once blew up the build or was lost or
merged without a word.  Each test reproduces one finding of the issue."""

from __future__ import annotations

import json

import networkx as nx

from graphs import _extraction
from kg.store import store
from kg.model.graph_model import GraphModel


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
        model.add_extraction(
            _extraction(
                f"2401.{number:05d}",
                f"Paper {number}",
                [
                    ("Method", f"Net{number}", "PROPOSES"),
                    ("Dataset", "ImageNet", "EVALUATES_ON"),
                    ("Metric", "top-1 accuracy", "USES"),
                ],
                results=[(1, None, 2, 0, 80.0, "%")],
            )
        )
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
    listing.write_text(
        "".join(json.dumps({"title": t, "abstract": a}) + "\n" for t, a in zip(titles, abstracts)),
        encoding="utf-8",
    )
    graph = tmp_path / "g.json.zst"
    for _ in range(2):
        assert run_kg("build", listing, "--graph", graph).exit_code == 0
        papers = {
            d["abstract"] if d.get("abstract") else d["sources"][0]: d["title"]
            for _, d in store.load(str(graph)).nodes(data=True)
            if d["label"] == "Paper"
        }
        assert papers == {
            "Zero width.": titles[0],
            "Bidi only.": titles[1],
            "Emoji only.": titles[2],
            "Questions.": "???",
            "odd.jsonl:5": "???",
        }


def _page(*papers: tuple[str, str, bool]) -> str:
    """A saved Daily Papers page of (title, abstract, with author/date lines) papers."""
    lines = ["Get trending papers in your email inbox!", "", "Daily Papers", ""]
    for title, abstract, meta in papers:
        lines += [title, "", abstract, ""] + (
            ["  \u2022 3 authors", "\u00b7", "Jan 5, 2024 7", ""] if meta else []
        )
    return "\n".join(lines)


WHOLE = ("Sparse Window Attention", "We propose FlatFormer for point clouds on nuScenes.", True)


def test_a_page_cut_inside_its_last_paper_skips_it_with_a_warning(run_kg, tmp_path):
    """A page cut mid-record was read without a word: a paper titled "FlatFormer:
    Flattened Win", an abstract ending "For 3D poi", a paper titled "• 1 auth"."""
    cuts = {
        "title": _page(WHOLE, ("FlatFormer: Flattened Win", "", False)).rstrip("\n"),
        "abstract": _page(
            WHOLE,
            ("FlatFormer: Flattened Window Attention", "Transformer as a vision backbone. For 3D poi", False),
        ).rstrip("\n"),
        "meta": _page(WHOLE, ("FlatFormer", "We flatten windows for point cloud transformers.", False))
        + "\n  \u2022 1 auth",
    }
    for part, page in cuts.items():
        listing = tmp_path / f"cut-{part}.txt"
        listing.write_text(page, encoding="utf-8")
        graph = tmp_path / f"{part}.json.zst"
        result = run_kg("build", listing, "--graph", graph, "--json")
        assert result.exit_code == 0, result.output
        titles = [d["title"] for _, d in store.load(str(graph)).nodes(data=True) if d["label"] == "Paper"]
        assert titles == ["Sparse Window Attention"], part
        reasons = json.loads(result.stdout)["skipped_reasons"]
        assert len(reasons) == 1 and "looks cut" in reasons[0] and f"cut-{part}.txt:" in reasons[0]
        strict = run_kg("build", listing, "--graph", tmp_path / "strict.json.zst", "--strict")
        assert strict.exit_code != 0 and "looks cut" in strict.output


def test_text_that_is_no_listing_is_refused(run_kg, tmp_path):
    """Any text was a listing: `kg build /proc/self/maps` gave 112 papers."""
    maps = tmp_path / "maps.txt"
    maps.write_text(
        "".join(
            f"7f3a{i:04x}000-7f3a{i + 1:04x}000 r-xp 00000000 08:01 {1000 + i}"
            f"      /usr/lib/x86_64-linux-gnu/libc.so.6\n"
            for i in range(224)
        )
    )
    graph = tmp_path / "g.json.zst"
    for listing in (maps, "/proc/self/maps"):
        result = run_kg("build", listing, "--graph", graph)
        assert result.exit_code != 0
        assert result.output.strip().endswith(
            "not a Daily Papers page: no paper has author/date "
            "lines or an abstract of prose (is it a listing? "
            "--format jsonl|atom for others)"
        )
        assert len(result.output.strip().splitlines()) == 1
    assert not graph.exists()


def test_kg_show_writes_no_terminal_controls_from_listing_text(run_kg, tmp_path):
    """`kg show` wrote raw ESC/OSC sequences from listing text: an abstract holding
    "\\x1b]0;pwned\\x07" set the terminal window's title."""
    listing = tmp_path / "pwn.jsonl"
    title = "Red \x1b[31mAlert\x1b[0m with \u202eBERT"
    listing.write_text(
        json.dumps(
            {"title": title, "abstract": "We fine-tune BERT on SQuAD. \x1b]0;pwned\x07 It works.\x9b2J"}
        )
        + "\n",
        encoding="utf-8",
    )
    graph = tmp_path / "g.json.zst"
    assert run_kg("build", listing, "--graph", graph).exit_code == 0
    for name in (title, "BERT"):
        shown = run_kg("show", name, "--graph", graph)
        assert shown.exit_code == 0
        assert not any(c in shown.output for c in "\x1b\x07\x9b\u202e")
    assert "\\x1b]0;pwned\\x07" in run_kg("show", title, "--graph", graph).output
    assert json.loads(run_kg("show", title, "--graph", graph, "--json").output)["node"]["title"] == title
