"""Reported results (REPORTS) on sentences written for these tests: improvements are
deltas, not scores; one number lands on one dataset; setup figures are no results;
pass@k metrics keep their k; the method that scored is not the baseline."""

from __future__ import annotations

import json

import pytest

from extractors.results import find_scores
from graphs import _extraction
from kg.model.graph_model import GraphModel
from extractors.pipeline import build_nlp, extract
from kg.records import Record


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def results(nlp, text):
    doc = nlp(text)
    mentions = doc._.kg_mentions

    def name(index):
        return mentions[index].text if index is not None else None

    return [
        (r.value, r.unit, r.kind, name(r.dataset), name(r.metric), name(r.method)) for r in doc._.kg_results
    ]


def test_improvements_are_deltas_and_scores_absolute(nlp):
    found = results(
        nlp,
        "We propose OrcaNet. OrcaNet reaches 71.4% accuracy on Kinetics-400, "
        "a gain of +2.9% over SlowFast, and improves mAP by 4.1 points on AVA.",
    )
    assert (71.4, "%", "absolute", "Kinetics-400", "accuracy", "OrcaNet") in found
    assert [r[:3] for r in found if r[0] == 2.9] == [(2.9, "%", "delta")]
    assert [r[:5] for r in found if r[0] == 4.1] == [(4.1, "points", "delta", "AVA", "mAP")]
    assert [(v, u, k) for v, u, k, *_ in results(nlp, "It trains 3.2x faster and cuts memory by 18%.")] == [
        (3.2, "x", "delta"),
        (18.0, "%", "delta"),
    ]


def test_both_ends_of_a_range_are_results_of_the_same_measure(nlp):
    found = results(nlp, "Our probe reaches an accuracy of 41-58% and cuts the error by 2-5% on OrcaBench.")
    assert [(v, k, metric) for v, _, k, _, metric, _ in found] == [
        (41.0, "absolute", "accuracy"),
        (58.0, "absolute", "accuracy"),
        (2.0, "delta", "error"),
        (5.0, "delta", "error"),
    ]


def test_a_measure_right_before_or_after_its_number_is_the_results_metric(nlp):
    found = results(
        nlp,
        "The planner keeps a collision rate 0.042, reaches task success rates (81-86%), "
        "holds replanning rates below 7%, and shows 12-15% drift rates on new maps, at 40 ms latency.",
    )
    assert [(v, metric) for v, _, _, _, metric, _ in found] == [
        (0.042, "collision rate"),
        (81.0, "task success rates"),
        (86.0, "task success rates"),
        (7.0, "replanning rates"),
        (12.0, "drift rates"),
        (15.0, "drift rates"),
    ]


def test_an_acronym_a_measured_number_stands_before_or_a_metric_shares_a_slash_with_is_a_metric(nlp):
    doc = nlp("Our planner reaches 0.21 ZPE on the Dock split, with SSIM/QRX over 0.9, using 3 GNNs.")
    kinds = {(m.text, m.label) for m in doc._.kg_mentions}
    assert {("ZPE", "Metric"), ("QRX", "Metric")} <= kinds
    assert ("GNNs", "Metric") not in kinds


def test_a_lower_case_led_name_after_a_measured_number_is_a_metric(nlp):
    """A metric's name can open with a lower-case letter ("71.4% qZR", "1.83 hFID"); a whole
    number before such a name counts things ("4 vKAN models"), and a currency after a
    number ("0.40 USD per query") is a cost, no method or metric."""
    doc = nlp(
        "Our planner reaches 71.4% qZR and 1.83 hFID on the Dock split, beating 4 vKAN models "
        "at 0.40 USD per query."
    )
    kinds = {(m.text, m.label) for m in doc._.kg_mentions}
    assert {("qZR", "Metric"), ("hFID", "Metric")} <= kinds
    assert not {k for k in kinds if k[0] in ("vKAN", "USD") and k[1] == "Metric"}
    assert not {k for k in kinds if k[0] == "USD"}
    assert [(v, metric) for v, _, _, _, metric, _ in results(nlp, doc.text)][:2] == [
        (71.4, "qZR"),
        (1.83, "hFID"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Our planner reaches 61.2% ZPE and a 40.5% dock success rate on the Harbor split.",
        "Ours gets 12.5% mAQ on HarborSet, and 3.1% on the Pier split.",
    ],
)
def test_latex_escaped_percent_signs_read_as_percent_signs(nlp, text):
    """arXiv abstracts keep LaTeX's "\\%" (one in twenty of the corpus's): its figures
    are the same results, measured in the same names, as with a plain "%"."""
    latex = text.replace("%", "\\%")
    assert results(nlp, latex) == results(nlp, text)
    assert {(m.text, m.label) for m in nlp(latex)._.kg_mentions} == {
        (m.text, m.label) for m in nlp(text)._.kg_mentions
    }


def test_two_measures_joined_before_one_named_set_are_both_on_it(nlp):
    """A number and its measure joined to the next ("2.71 FID and 250.2 IS on X"): both
    are on X; "8.2% on A and 4.6% on B" and "78% and 94% on A and B, respectively" are
    not."""
    on = {r[0]: r[3] for r in results(nlp, "Our sampler reaches 2.71 FID and 250.2 IS on HarborSet.")}
    assert on == {2.71: "HarborSet", 250.2: "HarborSet"}
    on = {r[0]: r[3] for r in results(nlp, "It gains 8.2% on Pierbench and 4.6% on HarborSet.")}
    assert on[4.6] == "HarborSet" and on[8.2] != "HarborSet"


def test_what_the_system_saves_is_the_measure_of_its_figure(nlp):
    """ "20x fewer parameters", "40% less memory": a delta in parameters or memory."""
    found = {
        (r[0], r[1], r[4]) for r in results(nlp, "DockNet needs 20x fewer parameters and 40% less memory.")
    }
    assert found == {(20.0, "x", "parameters"), (40.0, "%", "memory")}


def test_a_measure_named_by_several_words_after_its_article(nlp):
    """The whole name between the article and "of N" is the measure ("a systolic phase
    duration error of 16 ms"); a verb or a judging word before it is not ("the model
    reached an accuracy of 93%", "a high test accuracy of 99%")."""

    def measures(text):
        return {m.text for m in nlp(text)._.kg_mentions if m.label == "Metric"}

    assert "berth phase delay error" in measures("DockNet reaches a berth phase delay error of 16.7 ms.")
    assert measures("The model reached an accuracy of 93.2%.") == {"accuracy"}
    assert "high test accuracy" not in measures("It keeps a high test accuracy of 99.2% on the pier split.")


def test_a_judging_word_right_before_the_measure_is_not_its_name(nlp):
    """A word that judges the value ("state-of-the-art", "competitive", "remarkable")
    opens no measure's name even when nothing stands between it and the measure."""

    def found(text):
        return {(value, metric) for value, _, _, _, metric, _ in results(nlp, text)}

    assert found("The planner reaches a state-of-the-art pass@50 of 61.0% on the harbour tasks.") == {
        (61.0, "pass@50")
    }
    assert found("Our tagger keeps competitive perplexity (12.4) on the ledger split.") == {
        (12.4, "perplexity")
    }
    assert found("The sorter shows remarkable accuracy of 97.5% on the parcel images.") == {
        (97.5, "accuracy")
    }


def test_one_value_is_not_put_on_every_dataset_of_the_sentence(nlp):
    found = results(
        nlp,
        "OrcaNet beats SlowFast by up to 6.5% on long clips, while staying "
        "accurate on datasets such as UCF101, HMDB51 and Kinetics-400.",
    )
    assert [(v, d) for v, _, _, d, *_ in found] == [(6.5, None)]
    found = results(nlp, "OrcaNet scores 88.0% on UCF101 and 61.2% on HMDB51.")
    assert [(v, d) for v, _, _, d, *_ in found] == [(88.0, "UCF101"), (61.2, "HMDB51")]


@pytest.mark.parametrize(
    "text",
    [
        "Trained with only 10% labeled data of ImageNet, the model still converges.",
        "We inject 20-40% label noise into CIFAR-10 before training.",
        "Pruning at a sparsity ratio of 50% keeps the network small.",
        "Llama 3.1 and Qwen 2.5 are fine-tuned on GSM8K with 7B parameters.",
    ],
)
def test_setup_figures_versions_and_sizes_are_not_results(nlp, text):
    assert results(nlp, text) == []


def test_pass_at_k_keeps_its_k():
    from extractors.lexicons import load_lexicon

    names = {entry.name for entry in load_lexicon().values()}
    assert {"pass@1", "pass@10", "pass@k"} <= names  # distinct concepts, not aliases of one


def test_a_pass_at_200_figure_is_not_a_pass_at_1_score(nlp):
    found = results(nlp, "Our coder reaches 52.3% on HumanEval at pass@200 and 31.0% pass@1 on MBPP.")
    assert (52.3, "HumanEval") in [(v, d) for v, _, _, d, *_ in found]
    assert all(m != "pass@1" for v, *_, m, _ in found if v == 52.3)
    assert (31.0, "pass@1") in [(v, m) for v, _, _, _, m, _ in found]


def test_the_method_that_scored_is_not_the_baseline(nlp):
    found = results(nlp, "On XNLI, BorealBERT reaches 81.2%, 2.7% above mT5, whereas mT5 reaches 78.5%.")
    by_value = {v: (k, d, m) for v, _, k, d, _, m in found}
    assert by_value[81.2] == ("absolute", "XNLI", "BorealBERT")
    assert by_value[2.7] == ("delta", "XNLI", "BorealBERT")
    assert by_value[78.5][2] == "mT5"
    found = results(nlp, "HeronLM reaches a validation loss of 2.31, below Pythia-1B (2.45).")
    assert {(v, m) for v, *_, m in found} == {(2.31, "HeronLM"), (2.45, "Pythia-1B")}
    # the proposed method applied to another model scored: not the model it was applied to
    found = results(
        nlp, "We propose TideSearch. Using TideSearch on top of Heron-70B achieves 77.0% on QuayCode."
    )
    assert {(v, m) for v, *_, m in found} == {(77.0, "TideSearch")}
    found = results(
        nlp, "We propose TideSearch. TideSearch reaches 81.2% on QuayCode, whereas Heron-70B reaches 78.5%."
    )
    assert {(v, m) for v, *_, m in found} == {(81.2, "TideSearch"), (78.5, "Heron-70B")}
    # a baseline coordinated with a baseline is one too: both gaps are HeronLM's
    found = results(nlp, "HeronLM surpasses QuayNet by 16.31% and the strongest VLM Pier-7B by 24.42%.")
    assert {(v, m) for v, *_, m in found} == {(16.31, "HeronLM"), (24.42, "HeronLM")}


def test_find_scores_reads_ranges_and_glued_sizes():
    assert [(s.value, s.unit, s.kind) for s in find_scores("a 1.5-4.5% increase")] == [
        (1.5, "%", "delta"),
        (4.5, "%", "delta"),
    ]
    assert find_scores("the 1.4B model with 0.5M steps") == []


def test_results_without_a_dataset_and_on_one_benchmark_are_all_kept():
    """Two values one method states on one benchmark are two REPORTS edges; a result that
    names no dataset is filed under a benchmark of its metric alone."""
    extraction = _extraction(
        "2402.00001",
        "Two values",
        [("Method", "OrcaNet", "PROPOSES"), ("Metric", "speedup", "USES")],
        results=[(None, None, 1, 0, 3.7, "x"), (None, None, 1, 0, 2.6, "x")],
    )
    for result in extraction.results:
        result.kind = "delta"
    model = GraphModel()
    paper = model.add_extraction(extraction)
    reports = [
        (d["value"], d["kind"], d["method"])
        for _, _, d in model.graph.out_edges(paper, data=True)
        if d["type"] == "REPORTS"
    ]
    assert sorted(reports) == [(2.6, "delta", "OrcaNet"), (3.7, "delta", "OrcaNet")]
    [benchmark] = [n for n in model.graph if n.startswith("benchmark:")]
    assert model.graph.nodes[benchmark]["dataset"] is None
    assert model.graph.nodes[benchmark]["name"] == "speedup (dataset not stated)"


def test_settling_the_title_keeps_results_that_name_no_dataset():
    """The title's dropped concepts take their results with them, not the abstract's
    results that rest on no dataset."""
    from extractors.mentions import Mention, PaperExtraction, Result
    from extractors.paper_facts import settle_title
    from kg.records import Record

    def mention(label, text, field, role):
        return Mention(
            label=label,
            text=text,
            start=0,
            end=len(text),
            field=field,
            sentence=text,
            component="hand",
            confidence=0.9,
            role=role,
        )

    extraction = PaperExtraction(
        paper=Record(title="Speed for image classification", abstract="OrcaNet trains 3.2x faster."),
        mentions=[
            mention("Task", "image classification", "title", "ADDRESSES"),
            mention("Method", "OrcaNet", "abstract", "PROPOSES"),
        ],
        results=[
            Result(
                dataset=None,
                task=None,
                metric=None,
                method=1,
                value=3.2,
                unit="x",
                start=15,
                end=19,
                field="abstract",
                sentence="OrcaNet trains 3.2x faster.",
                component="hand",
                confidence=0.5,
                kind="delta",
            )
        ],
    )
    settled = settle_title(extraction)  # (it adds the title's problem, a task of its own)
    assert [m.text for m in settled.mentions if m.component == "hand"] == ["OrcaNet"]
    assert [(r.value, r.dataset, r.method) for r in settled.results] == [(3.2, None, 0)]


def test_a_result_takes_the_task_written_beside_its_dataset_only(nlp):
    doc = nlp(
        "For video understanding, OrcaNet reaches 71.4% accuracy on Kinetics-400 and "
        "a mAP of 48.0% on AVA action detection."
    )
    tasks = {
        r.value: doc._.kg_mentions[r.task].text if r.task is not None else None for r in doc._.kg_results
    }
    assert tasks == {71.4: None, 48.0: "action detection"}


@pytest.mark.parametrize(
    "text, measure",
    [
        ("HeronLM ends with a validation loss of 2.31 after one epoch.", "validation loss"),
        ("The cache gives a 41% reduction in decoding latency.", "decoding latency"),
        ("OrcaNet brings 2.2x higher serving throughput.", "serving throughput"),
        ("Distillation cuts inference time by 35%.", "inference time"),
        ("It keeps refusal rates as low as 0.8% on red-team prompts.", "refusal rates"),
    ],
)
def test_the_measure_a_number_is_reported_in_is_a_metric(nlp, text, measure):
    doc = nlp(text)
    metrics = [m.text for m in doc._.kg_mentions if m.label == "Metric"]
    assert measure in metrics
    [result] = doc._.kg_results
    assert doc._.kg_mentions[result.metric].text == measure


def test_a_lexicon_metric_inside_a_longer_measure_takes_its_name(nlp):
    doc = nlp("OrcaNet reaches a pass@4 accuracy of 58.0% on the hidden split.")
    assert "pass@4 accuracy" in [m.text for m in doc._.kg_mentions if m.label == "Metric"]
    assert "accuracy" not in [m.text for m in doc._.kg_mentions if m.label == "Metric"]


def test_respectively_pairs_numbers_and_datasets_in_order(nlp):
    found = results(nlp, "On CIFAR-10 and SVHN, OrcaNet lowers the error by 1.2% and 0.7%, respectively.")
    assert [(v, d) for v, _, _, d, *_ in found] == [(1.2, "CIFAR-10"), (0.7, "SVHN")]


def test_latex_percent_and_glued_times_are_read(nlp):
    assert [
        (s.value, s.unit, s.kind)
        for s in find_scores(
            r"improves recall by 21.21\% and needs "
            "5.17times less data"
        )
    ] == [(21.21, "%", "delta"), (5.17, "x", "delta")]


@pytest.mark.parametrize(
    "text, measure",
    [
        ("OrcaNet shows large memory savings: 2.4x on long inputs.", "memory savings"),
        ("OrcaNet brings relative gains of +4.2% and +3.9% in pass@16 accuracy.", "pass@16 accuracy"),
        ("OrcaNet lowers the word error rate of small models by 12%.", "word error rate"),
    ],
)
def test_more_frames_name_the_measure(nlp, text, measure):
    assert measure in [m.text for m in nlp(text)._.kg_mentions if m.label == "Metric"]


def test_a_measure_name_holds_no_verb_adverb_or_hyphenated_modifier(nlp):
    """The words before a number's measure that move or describe it are no part of its
    name ("preserving F1 (0.61 ...)"), and a head glued to the word after it
    ("runtime-checked") names no measure; "f1-score" is F1."""

    def metrics(text):
        return [m.text for m in nlp(text)._.kg_mentions if m.label == "Metric"]

    assert metrics("The filter drops noise while preserving F1 (0.612 to 0.608).") == ["F1"]
    assert metrics("We gathered 4,000 carefully runtime-checked programs.") == []
    assert metrics("The tagger reached 88% f1-score on the split.") == ["f1"]
    assert metrics("Runs demonstrate speedups ranging from 2x to 40x over the loop.") == ["speedups"]
    # a range the measure spans: "retention ranging from 98.1% to 103.2%"
    assert metrics("Pruned models keep retention ranging from 97.5% to 101.0% on all tasks.") == ["retention"]


def test_a_function_word_inside_a_measure_phrase_ends_the_words_before_it(nlp):
    """ "on 32k context length while perplexity increases": the measure is perplexity."""
    doc = nlp(
        "KiteNet makes planning 50% faster on 32k context length while perplexity increases from 5.6 to 6.3."
    )
    metrics = {m.canonical or m.text for m in doc._.kg_mentions if m.label == "Metric"}
    assert "perplexity" in metrics
    assert not any("while" in name for name in metrics)


def test_a_share_saved_of_a_measure_is_a_delta_in_it(nlp):
    """ "saves 58.49% of computational time", "saving 63% memory": what is saved is the
    measure, and the share saved is an improvement, not a score."""
    assert results(nlp, "On the reef scans, the pruner saves 58.49% of computational time.") == [
        (58.49, "%", "delta", None, "computational time", None)
    ]
    assert [
        (v, kind) for v, _, kind, *_ in results(nlp, "The cache halves latency while saving 63% memory.")
    ] == [(63.0, "delta")]


def test_the_subject_and_verb_before_a_moved_measure_are_not_its_name(nlp):
    """ "it improves accuracy by 8.7%", "the design reduces latency by 40%", "the
    approach yields accuracy gains of 6.9%": the measure is the head after the verb;
    "a 3.2% absolute accuracy improvement" measures accuracy ("absolute error" is a
    measure's name)."""

    def metrics(text):
        return {m.text for m in nlp(text)._.kg_mentions if m.label == "Metric"}

    assert metrics("On the tide split, it improves accuracy by 8.7% over the buoy model.") == {"accuracy"}
    assert metrics("Our cache design reduces latency by 40% on the ferry logs.") == {"latency"}
    assert metrics("The approach yields accuracy gains of 6.9% on the reef scans.") == {"accuracy"}
    assert metrics("The router shows a 3.2% absolute accuracy improvement on the canal set.") == {"accuracy"}
    assert metrics("The gauge keeps a mean absolute error of 0.4 m on the canal set.") == {
        "mean absolute error"
    }


def test_a_measure_changed_after_its_name_or_relative_to_a_baseline(nlp):
    """ "a 24.7% relative accuracy improvement" measures accuracy ("relative error" is a
    measure's name); "the average accuracy greatly increases" and "with near-perfect
    accuracy" measure accuracy."""
    for text in (
        "KiteNet achieves a 24.7% relative accuracy improvement over PierNet.",
        "The average accuracy greatly increases when KiteNet plans berths.",
        "KiteNet generalizes with near-perfect accuracy on a variety of harbors.",
    ):
        doc = nlp(text)
        assert {(m.text, m.role) for m in doc._.kg_mentions if m.label == "Metric"} == {
            ("accuracy", "USES")
        }, text


def test_a_measure_the_method_minimizes_or_bounds_is_measured(nlp):
    for text in (
        "The second player aims to maximize the regret of the berth planner.",
        "We prove guarantees on the regret of the in-context planner.",
    ):
        doc = nlp(text)
        assert ("regret", "USES") in {(m.text, m.role) for m in doc._.kg_mentions if m.label == "Metric"}, (
            text
        )


def _paper_results(nlp, abstract):
    (paper,) = extract([Record(title="Parcel sorting", abstract=abstract)], nlp)

    def name(index):
        return paper.mentions[index].text if index is not None else None

    return {r.value: name(r.dataset) for r in paper.results}


def test_a_result_after_the_one_dataset_a_paper_evaluates_on_is_on_it(nlp):
    """An abstract names its one dataset and reports on it after, in sentences that name
    none: those results are on it.  Two datasets, several spoken of, or a cost of the
    system leave the result with none."""
    one = "We evaluate HarbourNet on the QuayParcels dataset. HarbourNet reaches 97.1% accuracy."
    assert _paper_results(nlp, one) == {97.1: "QuayParcels dataset"}
    two = (
        "We evaluate HarbourNet on the QuayParcels dataset and the DockScans dataset. "
        "HarbourNet reaches 97.1% accuracy."
    )
    assert _paper_results(nlp, two) == {97.1: None}
    several = "We evaluate HarbourNet on the QuayParcels dataset and four other benchmarks. It reaches 97.1% accuracy."
    assert _paper_results(nlp, several) == {97.1: None}
    cost = "We evaluate HarbourNet on the QuayParcels dataset. HarbourNet reduces latency by 31.5%."
    assert _paper_results(nlp, cost) == {31.5: None}
    before = "HarbourNet reaches 97.1% accuracy. We release the QuayParcels dataset for evaluation."
    assert _paper_results(nlp, before) == {97.1: None}
    # a name that opens another is the same dataset: "QuayParcels 2019 Sorting" and later
    # "the QuayParcels test split"
    same = (
        "We evaluate HarbourNet on QuayParcels 2019 Sorting. On a stratified QuayParcels test split, "
        "HarbourNet reaches 97.1% accuracy. The cascade keeps 91.2% sensitivity."
    )
    assert _paper_results(nlp, same)[91.2] == "QuayParcels 2019 Sorting"


def test_the_sentences_only_dataset_holds_every_figure_of_it(nlp):
    """A sentence naming one dataset reports its figures on it, in every clause: "on the
    QuayScans benchmark, earlier sorters reach an error of 10.1%, but HarbourNet achieves
    6.7%", "on QuayScans with a 4.6x speedup over A and 1.4x over B"."""
    found = results(
        nlp,
        "On the QuayScans benchmark, earlier sorters reach an error rate of 10.1%, "
        "but HarbourNet achieves a lower 6.7% error rate.",
    )
    assert {(value, dataset) for value, _, _, dataset, _, _ in found} == {
        (10.1, "QuayScans benchmark"),
        (6.7, "QuayScans benchmark"),
    }


def test_both_ends_of_a_change_are_on_the_data_the_second_points_to(nlp):
    """ "from 35.5% to 44.5% on QuayScans": the figure before and after are both results
    on QuayScans, not only the one next to its name."""
    found = results(
        nlp, "HarbourNet raises accuracy from 35.5% to 44.5% on QuayScans and from 27.6% to 36.2% on DockSet."
    )
    assert {(value, dataset) for value, _, _, dataset, _, _ in found} == {
        (35.5, "QuayScans"),
        (44.5, "QuayScans"),
        (27.6, "DockSet"),
        (36.2, "DockSet"),
    }


def test_what_a_screening_or_system_is_judged_by_is_the_measure_of_its_number(nlp):
    found = results(
        nlp, "On the held-out clinic, the screen reaches 97.5% sensitivity and 81.2% specificity."
    )
    assert [(value, metric) for value, _, _, _, metric, _ in found] == [
        (97.5, "sensitivity"),
        (81.2, "specificity"),
    ]
    found = results(nlp, "The gauge network keeps a coverage of 93.1% with 40% lower bitrates.")
    assert {(value, metric) for value, _, _, _, metric, _ in found} == {
        (93.1, "coverage"),
        (40.0, "bitrates"),
    }


def test_a_score_in_a_short_named_measure_on_a_name_is_on_that_dataset(nlp):
    found = results(nlp, "It beats earlier gauges by +16.3 AP on HarborLabel and runs at 11.5 FPS on CPU.")
    assert (16.3, "HarborLabel", "AP") in {
        (value, dataset, metric) for value, _, _, dataset, metric, _ in found
    }
    assert "CPU" not in {dataset for _, _, _, dataset, _, _ in found}


def test_others_data_in_the_plural_leaves_the_papers_one_dataset_its_results(nlp):
    """ "Tide benchmarks are English-centric" speaks of others' data: the one benchmark the
    paper builds and runs on still holds its later figures; "on three benchmarks" does not."""
    others = (
        "Tide benchmarks are overwhelmingly English-centric. We introduce QuayBench, a benchmark "
        "of harbor questions, and evaluate eleven models on QuayBench. The best model reaches only 44% accuracy."
    )
    assert _paper_results(nlp, others) == {44.0: "QuayBench"}
    several = (
        "We introduce QuayBench and evaluate eleven models on QuayBench and on three other benchmarks. "
        "The best model reaches only 44% accuracy."
    )
    assert _paper_results(nlp, several) == {44.0: None}


def test_a_result_keeps_only_references_of_the_kind_it_joins(nlp, tmp_path, run_kg):
    """A name read as a metric in one sentence ("HarbVQE, a cheap metric") and settled
    as the method the title proposes: the result that took it as its metric keeps its
    value with no metric, and the build holds (a Benchmark measured by a Method broke
    the schema and with it a whole build of the corpus)."""
    title = "HarbVQE: Towards Scalable Evaluation of Buoy Captioning"
    abstract = (
        "Buoy captioning lacks reliable automatic evaluation. To address this, we introduce HarbVQE, "
        "a cheap metric that rates both wording and coverage in one pass. Trained on a large set of "
        "harbour logs, HarbVQE outperforms or matches existing baselines across several benchmarks, "
        "achieving up to 6.4-point gains in wording and 8.5-point gains in coverage."
    )
    (paper,) = extract([Record(title=title, abstract=abstract)], nlp)
    kinds = {"dataset": "Dataset", "task": "Task", "metric": "Metric", "method": "Method"}
    for result in paper.results:
        for field_name, label in kinds.items():
            index = getattr(result, field_name)
            assert index is None or paper.mentions[index].label == label
    assert 6.4 in {r.value for r in paper.results}
    listing = tmp_path / "day.jsonl"
    listing.write_text(json.dumps({"title": title, "abstract": abstract}) + "\n")
    done = run_kg("build", listing, "--graph", tmp_path / "g.json.zst")
    assert done.exit_code == 0, done.output


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "HarborSeg obtained a Dice score of 80.7 and a Hausdorff distance of 8.9 mm.",
            {80.7: "Dice score", 8.9: "Hausdorff distance"},
        ),
        (
            "HarborSeg reaches a precision of 96.5% and a recall of 93.3% on the quay images.",
            {96.5: "precision", 93.3: "recall"},
        ),
        ("HarborSeg scores 0.9511 in precision, 0.9400 in recall.", {0.9511: "precision", 0.94: "recall"}),
        (
            "HarborSeg reaches 94% Kappa, 95% macro F1 and 3.7x lower latency.",
            {94.0: "Kappa", 95.0: "macro F1", 3.7: "latency"},
        ),
    ],
)
def test_each_number_of_a_list_of_measures_is_in_its_own(nlp, text, expected):
    """A measure joined to a number ("a Dice score of 80.7", "95% macro F1", "0.94 in
    recall") is the one it is in, though the next measure's name begins nearer."""
    found = {value: metric for value, _, _, _, metric, _ in results(nlp, text)}
    assert {value: found.get(value) for value in expected} == expected


def test_an_acronym_an_article_gives_a_value_is_a_metric_not_a_method(nlp):
    """ "records a BPCER of 10.44%", "an FID-50K of 1.56": a measure with its value (the
    acronym rule read a method); "a ViT of 22M parameters" is a size, no measure."""
    found = results(
        nlp, "While HarborNet records a TQCER of 10.44% on unseen quays, it keeps an FID-50K of 1.56."
    )
    assert [(v, metric, method) for v, _, _, _, metric, method in found] == [
        (10.44, "TQCER", "HarborNet"),
        (1.56, "FID-50K", "HarborNet"),
    ]
    labels = {(m.text, m.label) for m in nlp("We train a ViTQ of 22M parameters.")._.kg_mentions}
    assert ("ViTQ", "Metric") not in labels


def test_a_share_of_a_named_benchmark_is_a_result_on_it(nlp):
    """ "solves 70.8% of A and 41.5% of B": each share is of the benchmark right after
    it (the second was put on A, the nearest before it, and the first on none)."""
    found = results(nlp, "HarborProver solves 70.8% of QuayBench and 41.5% of PierBench within 200 attempts.")
    assert [(v, dataset) for v, _, _, dataset, _, _ in found] == [(70.8, "QuayBench"), (41.5, "PierBench")]


def test_percent_in_words_and_latex_factors_are_read_but_not_sizes(nlp):
    """ "by 8 to 10 percent" is a percentage ("while reducing token usage" after it is
    another clause, not what the number counts); "$45\\times$" and "3$\\times$ faster"
    are factors, "$256 \\times 256$" a size."""
    found = results(
        nlp,
        "HarborNet improves accuracy by 8 to 10 percent while reducing token usage by 25 percent on QuayQA.",
    )
    assert [(v, unit, kind) for v, unit, kind, _, _, _ in found] == [
        (8.0, "%", "delta"),
        (10.0, "%", "delta"),
        (25.0, "%", "delta"),
    ]
    found = results(
        nlp, "HarborNet cuts memory by $45\\times$ and runs 3$\\times$ faster at $256 \\times 256$ pixels."
    )
    assert [(v, unit, kind) for v, unit, kind, _, _, _ in found] == [
        (45.0, "x", "delta"),
        (3.0, "x", "delta"),
    ]


def test_an_acronym_the_text_moves_by_a_value_is_a_metric(nlp):
    """ "improves TQS by 7.7% over PPO": the acronym is the measure moved (the acronym
    rule read a method, which then beat PPO)."""
    found = results(nlp, "On the quay logs, HarborNet improves TQS by 7.7% over PPO.")
    assert [(v, metric, method) for v, _, _, _, metric, method in found] == [(7.7, "TQS", "HarborNet")]


def test_a_number_points_to_data_named_a_few_plain_words_later(nlp):
    """ "an 8% improvement in accuracy compared to conventional deep learning models on
    HarborDigits", "by 13% across diverse platforms on the berth benchmarks DockSpot":
    the data the number was measured on, past words with no name, number or clause
    turn; not past a name no rule knew ("6% Top-1 on PRCQ with competitive performance
    on LTCQ")."""
    found = results(
        nlp,
        "KiteNet achieves an 8% improvement in accuracy compared to conventional deep learning "
        "models on HarborDigits. KiteNet improves grounding accuracy by 13% across diverse "
        "platforms on the berth benchmarks DockSpot and PierStudio.",
    )
    assert {(r[0], r[3]) for r in found} >= {(8.0, "HarborDigits"), (13.0, "DockSpot")}
    far = results(nlp, "KiteNet gains 6% Top-1 on PRCQ with competitive performance on LTCQ.")
    assert not [r for r in far if r[0] == 6.0 and r[3] == "LTCQ"]
