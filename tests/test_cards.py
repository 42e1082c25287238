"""`kg eval CARDS --graph G`: the paper-card scorer's arithmetic on a hand-made graph
and card, its bad-input errors, and the team's cards against the seed graph."""

from __future__ import annotations

import gzip
import json

import pytest

from conftest import REPO, need_shared
from graphs import full_schema_graph
from kg.learn import cards
from kg.store import store
from kg.errors import InputError

CARDS = REPO / "tests" / "data" / "paper_cards" / "cards.jsonl"
ARXIV_CARDS = CARDS.with_name("arxiv_cards.jsonl")

#: A card for the hand-made graph's first paper (tests/graphs.py), written so that each
#: field has a known count of right, wrong, borderline and missed facts.
FASTNET_CARD = {
    "id": "arxiv:2401.00001",
    "title": "FastNet for image classification",
    "proposes": [["FastNet"]],
    "introduces": [["FastSet"]],  # missed: the graph has none
    "uses": [["ResNets", "ResNet"], ["VGG"]],  # ResNet found, VGG missed
    "evaluates_on": [["ILSVRC", "ImageNet"]],
    "tasks": [],
    "metrics": [["top-1 accuracy"]],
    "results": [
        {
            "dataset": "ILSVRC",
            "metric": "top-1 accuracy",
            "value": 81.5,
            "unit": "%",
            "kind": "absolute",
            "method": "FastNet",
        }
    ],  # the graph also says 76.1: wrong
    "code": ["github.com/example/fastnet"],
    "outperforms": [{"winner": "FastNet", "loser": "ResNets"}],
    "borderline": {"tasks": [["image classification"]]},
}
ABSENT_CARD = {
    "id": "paper:not-in-the-graph",
    "title": "Absent",
    "proposes": [["Ghost"]],
    "introduces": [],
    "uses": [],
    "evaluates_on": [],
    "tasks": [],
    "metrics": [],
    "results": [],
    "code": [],
    "outperforms": [],
}


def write_cards(path, *rows) -> str:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return str(path)


def test_each_field_counts_right_wrong_borderline_and_missed(tmp_path):
    path = write_cards(tmp_path / "cards.jsonl", FASTNET_CARD, ABSENT_CARD)
    report = cards.evaluate_cards(path, full_schema_graph(), "hand", with_calibration=True)
    scores = {f: (s["correct"], s["predicted"], s["found"], s["gold"]) for f, s in report["scores"].items()}
    assert scores == {
        "proposes": (1, 1, 1, 2),  # Ghost's paper is not in the graph: missed
        "introduces": (0, 0, 0, 1),
        "uses": (1, 1, 1, 2),  # ResNet matches the card's "ResNets" item
        "evaluates_on": (1, 1, 1, 1),  # ImageNet matches through the item's alias
        "tasks": (0, 0, 0, 0),  # image classification is borderline: not judged
        "metrics": (1, 1, 1, 1),
        "results": (1, 2, 1, 1),  # 81.5 on ILSVRC=ImageNet right, 76.1 wrong
        "outperforms": (1, 1, 1, 1),
        "code": (1, 1, 1, 1),
    }
    assert report["missing"] == 1 and report["missing_papers"] == ["paper:not-in-the-graph"]
    assert report["scores"]["results"]["precision"] == 0.5
    # the right result (81.5 on ImageNet) names the card's method and measure
    details = {
        d: (s["correct"], s["predicted"], s["found"], s["gold"]) for d, s in report["result_details"].items()
    }
    assert details == {"method": (1, 1, 1, 1), "metric": (1, 1, 1, 1)}
    bins = {row["bin"]: row for row in report["calibration"]}
    # Mentions were stated at 0.9, the repository at 1.0, relations 0.8, results 0.7.
    assert (bins["0.9-1.0"]["facts"], bins["0.9-1.0"]["measured"], bins["0.9-1.0"]["stated"]) == (
        5,
        1.0,
        0.92,
    )
    assert (bins["0.8-0.9"]["facts"], bins["0.8-0.9"]["measured"]) == (1, 1.0)
    assert (bins["0.7-0.8"]["facts"], bins["0.7-0.8"]["measured"]) == (2, 0.5)
    assert not bins["0.7-0.8"]["judged"]  # fewer than 30 facts: shown, not judged


def test_a_right_results_method_and_measure_are_scored_against_the_cards(tmp_path):
    """A result right by value and dataset whose scorer or measure the card names
    otherwise counts wrong on that detail; a card result naming none is not judged."""
    other = {**FASTNET_CARD, "results": [{**FASTNET_CARD["results"][0], "method": "ResNet", "metric": None}]}
    report = cards.evaluate_cards(write_cards(tmp_path / "cards.jsonl", other), full_schema_graph(), "hand")
    details = {
        d: (s["correct"], s["predicted"], s["found"], s["gold"]) for d, s in report["result_details"].items()
    }
    assert details == {"method": (0, 1, 0, 1), "metric": (0, 1, 0, 0)}
    assert "(of the right results: its method the card's?)" in cards.render(report)


def test_the_cli_prints_fields_and_the_reliability_table(tmp_path, run_kg):
    graph = tmp_path / "g.json.zst"
    store.save(full_schema_graph(), graph)
    path = write_cards(tmp_path / "cards.jsonl", FASTNET_CARD)
    done = run_kg("eval", path, "--graph", str(graph), "--calibration", "--errors")
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert any(line.split()[:4] == ["results", "0.500", "1.000", "0.667"] for line in lines)
    assert any(line.strip().startswith("0.7-0.8") and line.endswith("too few") for line in lines)
    assert "wrong   results: 76.1% on ImageNet" in done.output
    assert "missed  uses: VGG" in done.output
    as_json = json.loads(run_kg("eval", path, "--graph", str(graph), "--json").output)
    assert as_json["format"] == "cards" and as_json["scores"]["uses"]["recall"] == 0.5


@pytest.mark.parametrize(
    "row, message",
    [
        ({"id": "x", "proposes": []}, "not a paper card: no introduces"),
        (FASTNET_CARD | {"uses": [["ResNet"], []]}, "an item must be a non-empty list of names"),
        (FASTNET_CARD | {"results": [{"value": "81.5"}]}, "a result needs a numeric value"),
        (FASTNET_CARD | {"outperforms": [{"winner": "FastNet"}]}, "outperforms needs a winner and a loser"),
        (FASTNET_CARD | {"borderline": {"results": []}}, "are not item fields"),
    ],
)
def test_a_malformed_card_is_an_error_naming_its_line(tmp_path, row, message):
    path = write_cards(tmp_path / "cards.jsonl", FASTNET_CARD | {"id": "first"}, row)
    with pytest.raises(InputError, match=message) as error:
        cards.read_cards(path)
    assert error.value.line == 2


def test_cli_bad_cards_and_options_give_one_line(tmp_path, run_kg):
    graph = tmp_path / "g.json.zst"
    store.save(full_schema_graph(), graph)
    path = write_cards(tmp_path / "cards.jsonl", FASTNET_CARD, FASTNET_CARD)
    done = run_kg("eval", path, "--graph", str(graph))
    assert done.exit_code == 1 and done.output.strip().endswith("has two cards")
    assert len(done.output.strip().splitlines()) == 1
    good = write_cards(tmp_path / "good.jsonl", FASTNET_CARD)
    done = run_kg("eval", good, "--graph", str(tmp_path / "none.json.zst"))
    assert done.exit_code == 1 and len(done.output.strip().splitlines()) == 1


def test_every_team_card_names_a_paper_of_the_seed_graph(tmp_path, run_kg):
    seeds = need_shared("seeds")
    graph = tmp_path / "seeds.json.zst"
    assert run_kg("build", str(seeds), "--graph", str(graph)).exit_code == 0
    done = run_kg("eval", str(CARDS), "--graph", str(graph), "--json", "--calibration")
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert report["papers"] == 401 and report["missing"] == 0
    assert set(report["scores"]) == set(cards.FIELDS)
    assert sum(row["facts"] for row in report["calibration"]) > 0


def test_every_arxiv_card_names_a_paper_of_the_corpus(tmp_path, run_kg):
    corpus = need_shared("data/corpus/arxiv_cs_abstracts.jsonl.gz")
    wanted = {json.loads(line)["id"].removeprefix("arxiv:") for line in ARXIV_CARDS.open()}
    listing = tmp_path / "carded.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as rows, listing.open("w") as out:
        out.writelines(line for line in rows if json.loads(line)["arxiv_id"] in wanted)
    graph = tmp_path / "carded.json.zst"
    assert run_kg("build", str(listing), "--graph", str(graph)).exit_code == 0
    done = run_kg("eval", str(ARXIV_CARDS), "--graph", str(graph), "--json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert report["papers"] == 373 and report["missing"] == 0
