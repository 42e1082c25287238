"""Gold readers on snippets written here in each format, the scoring arithmetic on
hand-made cases, and `kg eval` end to end on a mentions file."""

from __future__ import annotations

import json

import pytest

from conftest import need_shared
from kg.learn import evaluate, gold
from kg.errors import InputError
from kg.learn.evaluate import score_spans
from kg.learn.gold import Span
from extractors.mentions import Mention, PaperExtraction, Result
from kg.records import Record

SCIERC_DOC = {
    "doc_key": "demo",
    "sentences": [
        ["We", "train", "a", "CNN", "-LRB-", "ResNet", "-RRB-", "."],
        ["It", "is", "tested", "on", "the", "Penn", "Treebank", "for", "parsing", "."],
    ],
    "ner": [
        [[3, 3, "Method"], [5, 5, "Method"]],
        [[13, 14, "Material"], [16, 16, "Task"], [8, 8, "Generic"]],
    ],
    "relations": [[], []],
}


def spans_text(doc: gold.GoldDoc) -> list[tuple[str, str]]:
    return [(doc.text[s.start : s.end], s.label) for s in doc.spans]


def test_scierc_offsets_cover_the_document_and_brackets_are_restored(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps(SCIERC_DOC) + "\n")
    fmt, docs = gold.read_entities(str(path))
    assert fmt == "scierc"
    assert docs[0].text == "We train a CNN (ResNet). It is tested on the Penn Treebank for parsing."
    # Material is compared with Dataset; Generic has no paperkg type and is dropped.
    assert spans_text(docs[0]) == [
        ("CNN", "Method"),
        ("ResNet", "Method"),
        ("Penn Treebank", "Dataset"),
        ("parsing", "Task"),
    ]


def test_scier_pairs_are_placed_longest_first_on_free_tokens(tmp_path):
    path = tmp_path / "s.jsonl"
    row = {
        "doc_id": "d",
        "sentence": "3D CNNs extend 2D CNNs ; CNNs are used for action detection .",
        "ner": [["CNNs", "Method"], ["2D CNNs", "Method"], ["action detection", "Task"]],
        "rel": [],
    }
    path.write_text(json.dumps(row) + "\n")
    fmt, docs = gold.read_entities(str(path))
    assert fmt == "scier"
    assert docs[0].text == "3D CNNs extend 2D CNNs; CNNs are used for action detection."
    assert sorted(spans_text(docs[0])) == [
        ("2D CNNs", "Method"),
        ("CNNs", "Method"),
        ("action detection", "Task"),
    ]
    # "CNNs" takes its first occurrence not inside "2D CNNs": the one in "3D CNNs".
    assert [s.start for s in docs[0].spans if docs[0].text[s.start : s.end] == "CNNs"] == [3]


def test_scier_uses_the_offsets_file_beside_it(tmp_path):
    (tmp_path / "dev.jsonl").write_text(
        json.dumps({"doc_id": "d", "sentence": "SQuAD is a dataset .", "ner": [["SQuAD", "Dataset"]]}) + "\n"
    )
    (tmp_path / "dev_offsets.jsonl").write_text(
        json.dumps(
            {
                "doc_id": "d",
                "doc_tokens": ["SQuAD", "is", "a", "dataset", ".", "", "We", "use", "it", "."],
                "sentences": [["SQuAD", "is", "a", "dataset", "."], ["", "We", "use", "it", "."]],
                "ner": [[[0, 0, "Dataset"]], [[8, 8, "Dataset"]]],
                "relations": [[], []],
            }
        )
        + "\n"
    )
    docs = list(gold.read_scier(str(tmp_path / "dev.jsonl")))
    assert [spans_text(d) for d in docs] == [[("SQuAD", "Dataset")], [("it", "Dataset")]]
    assert docs[1].text == "We use it."  # the empty layout token is dropped


def test_tdmsci_conll_keeps_original_spacing_and_bio_spans(tmp_path):
    path = tmp_path / "t.conll"
    path.write_text(
        "We\t0\tO\nreport\t3\tO\nF1\t10\tB-METRIC\non\t13\tO\nCoNLL\t16\tB-DATASET\n"
        "-\t21\tI-DATASET\n2003\t22\tI-DATASET\nNER\t27\tB-TASK\n.\t30\tO\n\n"
        "Next\t32\tO\n"
    )
    fmt, docs = gold.read_entities(str(path))
    assert fmt == "tdmsci"
    assert docs[0].text == "We report F1 on CoNLL-2003 NER."
    assert spans_text(docs[0]) == [("F1", "Metric"), ("CoNLL-2003", "Dataset"), ("NER", "Task")]
    assert docs[1].text == "Next" and docs[1].spans == []


def test_leaderboard_reader_keeps_answerable_papers_with_abstracts(tmp_path):
    path = tmp_path / "l.jsonl"
    rows = [
        {
            "arxiv_id": "1",
            "title": "A",
            "abstract": "We test on MNIST.",
            "leaderboards": [
                {"task": "Image Classification", "dataset": "MNIST", "metric": "Accuracy", "score": "99"}
            ],
        },
        {"arxiv_id": "2", "title": "B", "abstract": "Theory.", "leaderboards": "unanswerable"},
        {"arxiv_id": "3", "title": "C", "abstract": None, "leaderboards": []},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert gold.detect_format(str(path)) == "leaderboard"
    papers = gold.read_leaderboards(str(path))
    assert [p.id for p in papers] == ["1"]


def test_unknown_format_and_bad_lines_are_one_line_errors(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("just some words\n")
    with pytest.raises(InputError, match="pass --format"):
        gold.detect_format(str(path))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"sentences": [["a"]], "ner": [[[0, 5, "Task"]]]}) + "\n")
    with pytest.raises(InputError, match="bad.json:1: bad entity"):
        gold.read_entities(str(bad))


def test_exact_and_partial_scores_by_hand():
    gold_docs = [[Span(0, 5, "Method"), Span(10, 20, "Task")], [Span(0, 3, "Method")]]
    predicted = [[Span(0, 5, "Method"), Span(12, 15, "Task"), Span(30, 35, "Method")], [Span(0, 3, "Task")]]
    report = score_spans(gold_docs, predicted, ["Method", "Task"])
    exact, partial = report["exact"], report["partial"]
    # Method: 2 predicted, 1 right; 2 gold, 1 found.
    assert (exact["Method"]["precision"], exact["Method"]["recall"]) == (0.5, 0.5)
    # Task: the right place in doc 1 is only partly covered; doc 2's span has the wrong type.
    assert exact["Task"]["precision"] == 0.0 and exact["Task"]["gold"] == 1
    assert (partial["Task"]["precision"], partial["Task"]["recall"]) == (0.5, 1.0)
    assert exact["micro"] == {
        "precision": 0.25,
        "recall": 0.3333,
        "f1": 0.2857,
        "predicted": 4,
        "gold": 3,
        "correct": 1,
        "found": 1,
    }
    assert partial["micro"]["precision"] == 0.5 and partial["micro"]["recall"] == 0.6667


def test_duplicate_predictions_count_once_and_nothing_scores_zero():
    report = score_spans([[Span(0, 2, "Task")]], [[Span(0, 2, "Task"), Span(0, 2, "Task")]], ["Task"])
    assert report["exact"]["Task"]["predicted"] == 1 and report["exact"]["Task"]["f1"] == 1.0
    empty = score_spans([[]], [[]], ["Task"])
    assert empty["exact"]["micro"]["f1"] == 0.0


def test_lenient_names():
    assert evaluate.lenient_match("CIFAR-10", "cifar 10")
    assert evaluate.lenient_match("COCO", "COCO test-dev")
    assert not evaluate.lenient_match("V", "VOC")
    assert evaluate.stated_in("ImageNet (ILSVRC 2012)", evaluate._words("Results on ImageNet."))
    assert not evaluate.stated_in("MR", evaluate._words("We use MRI scans."))


def _mention(text: str, abstract: str, label: str) -> Mention:
    start = abstract.index(text)
    return Mention(
        label=label,
        text=text,
        start=start,
        end=start + len(text),
        field="abstract",
        sentence=abstract,
        component="hand",
        confidence=1.0,
    )


def test_eval_scores_a_mentions_file_and_ignores_repositories(tmp_path, run_kg):
    path = tmp_path / "x.json"
    path.write_text(json.dumps(SCIERC_DOC) + "\n")
    texts = tmp_path / "texts.jsonl"
    assert run_kg("eval", path, "--texts", texts).exit_code == 0
    record = json.loads(texts.read_text())
    abstract = record["abstract"]
    repository = _mention("ResNet", abstract, "Repository")
    repository.attrs["url"] = (
        "https://github.com/example/resnet"  # a mentions line's Repository needs its url
    )
    mentions = [
        _mention("CNN", abstract, "Method"),
        _mention("Penn Treebank", abstract, "Dataset"),
        _mention("parsing", abstract, "Method"),
        repository,
    ]
    extraction = PaperExtraction(Record(title=record["title"], abstract=abstract), mentions)
    out = tmp_path / "m.jsonl"
    out.write_text(json.dumps(extraction.to_dict()) + "\n")
    result = run_kg("eval", path, "--mentions", out, "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["scores"]["exact"]
    assert scores["Method"]["predicted"] == 2 and scores["Method"]["correct"] == 1
    assert scores["Dataset"]["recall"] == 1.0
    assert scores["micro"]["gold"] == 4 and scores["micro"]["found"] == 2
    table = run_kg("eval", path, "--mentions", out, "--types", "Dataset,Task").output
    assert "Dataset (Material)" in table and "Method" not in table


def test_leaderboard_scorer_on_a_hand_made_extraction(tmp_path):
    abstract = "We set a new state of the art on CIFAR-10 image classification with 99% accuracy."
    path = tmp_path / "l.jsonl"
    path.write_text(
        json.dumps(
            {
                "arxiv_id": "1",
                "title": "T",
                "abstract": abstract,
                "leaderboards": [
                    {"task": "Image Classification", "dataset": "CIFAR-10", "metric": "Percentage correct"},
                    {"task": "Image Classification", "dataset": "CIFAR-100", "metric": "Accuracy"},
                ],
            }
        )
        + "\n"
    )
    mentions = [
        _mention("CIFAR-10", abstract, "Dataset"),
        _mention("image classification", abstract, "Task"),
        _mention("accuracy", abstract, "Metric"),
    ]
    results = [
        Result(
            dataset=0,
            task=1,
            metric=None,
            method=None,
            value=99.0,
            unit="%",
            start=0,
            end=10,
            field="abstract",
            sentence=abstract,
            component="hand",
            confidence=1,
        ),
        Result(
            dataset=0,
            task=None,
            metric=2,
            method=None,
            value=99.0,
            unit="%",
            start=0,
            end=10,
            field="abstract",
            sentence=abstract,
            component="hand",
            confidence=1,
        ),
    ]
    out = tmp_path / "m.jsonl"
    out.write_text(
        json.dumps(PaperExtraction(Record(title="T", abstract=abstract), mentions, [], results).to_dict())
        + "\n"
    )
    report = evaluate.evaluate(str(path), mentions=str(out))
    assert report["papers"] == 1
    # "CIFAR-10" matches both leaderboard datasets leniently (contained in "CIFAR-100").
    assert report["dataset_recall"] == 1.0 and report["dataset_recall_stated"] == 1.0
    assert report["task_recall"] == 1.0
    # The second tuple's metric "accuracy" matches the CIFAR-100 entry's metric.
    assert report["benchmark_precision"] == 1.0 and report["counts"]["benchmarks"] == 2


def test_gold_dev_files_read_completely():
    folder = need_shared("data", "gold-dev")
    fmt, docs = gold.read_entities(str(folder / "sciER_dev.jsonl"))
    assert fmt == "scier" and sum(len(d.spans) for d in docs) == 2234
    fmt, docs = gold.read_entities(str(folder / "scierc_dev.json"))
    assert fmt == "scierc" and len(docs) == 50
    fmt, docs = gold.read_entities(str(folder / "tdmsci_train.conll"))
    assert fmt == "tdmsci" and all(d.text == " ".join(d.text.split()) for d in docs)
