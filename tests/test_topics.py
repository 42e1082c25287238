"""Issue #14, tasks: the problems a paper addresses, from its title's problem side and
from the abstract's own words about its problem ("the task of X", "tasks such as X").
Every sentence and title here is written for these tests."""

from __future__ import annotations

import pytest

from extractors.topics import cued_topics, title_topics
from kg.model.graph_model import GraphModel
from extractors.pipeline import build_nlp, extract
from kg.records import Record


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def tasks_of(nlp, title, abstract="We report what we found."):
    """The Task names a paper's graph says it ADDRESSES."""
    model = GraphModel()
    for extraction in extract([Record(title=title, abstract=abstract, source="t:0")], nlp):
        model.add_extraction(extraction)
    model.canonicalise()
    graph = model.graph
    return {
        graph.nodes[v]["name"].casefold() for _, v, d in graph.edges(data=True) if d["type"] == "ADDRESSES"
    }


def phrases(text, spans):
    return [text[a:b] for a, b in spans]


# --- the title's problem side --------------------------------------------------


def test_the_problem_a_title_names_is_a_task_and_its_means_are_not():
    title = "Coral Reef Segmentation via Contrastive Pre-training"
    assert phrases(title, title_topics(title)) == ["Coral Reef Segmentation"]
    title = "Sparse Probes from Sonar Images for Shipwreck Detection"
    assert phrases(title, title_topics(title)) == ["Shipwreck Detection"]


def test_modifiers_stop_at_verbs_praise_and_words_about_the_solution():
    for title, expected in (
        ("Efficient Learnable Glacier Detection", ["Glacier Detection"]),
        ("Gradient Clipping Improves Continual Learning", ["Continual Learning"]),
        ("Training-free Acceleration of Solvers", []),
        ("Weakly Supervised Crater Counting", ["Weakly Supervised Crater Counting"]),
        ("Robustly Learning Halfspaces", []),
        ("Theoretical Understanding of Sparse Probes", []),
        ("Automated Discovery of Lichen Traits", []),
        ("Sampling for High-Fidelity Glacier Tracking", ["Glacier Tracking"]),
        ("Scalable Oversight of Planners", ["Scalable Oversight"]),
        ("HarborNet: A Detector for Precise Dock Segmentation", ["Dock Segmentation"]),
        ("End-to-End Buoy Tracking with Sonar", ["Buoy Tracking"]),
        ("Low-Cost Tide Forecasting", ["Tide Forecasting"]),
    ):
        assert phrases(title, title_topics(title)) == expected, title


def test_a_verb_that_casts_a_problem_is_no_part_of_its_name():
    """ "we formulate berth scheduling as a ... problem": the problem is berth scheduling."""
    text = "We formulate berth scheduling as a constrained optimization problem, and it defines dock segmentation tasks."
    found = phrases(text, cued_topics(text))
    assert not [p for p in found if p.startswith(("formulate", "defines"))], found


def test_a_kind_of_model_after_for_is_what_the_method_serves_not_a_problem():
    """ "An Attribution Method for Siamese Encoders": the encoders are what the method is
    for, not a problem the paper addresses."""
    for title in ("An Attribution Method for Twin Encoders", "Landmark Pooling for Dense Embeddings"):
        assert title_topics(title) == [], title


def test_performance_for_a_task_and_the_purpose_of_one_cue_it():
    """A task the text reports performance for ("state-of-the-art performance for reef
    segmentation"), or works for the purpose of, is a problem it names; "tasks like X" is X."""
    text = (
        "The model reaches state-of-the-art performance for reef segmentation. We train it for "
        "the purpose of buoy detection. Labels for tasks like kelp counting are costly."
    )
    found = phrases(text, cued_topics(text))
    assert {"reef segmentation", "buoy detection", "kelp counting"} <= set(found), found


def test_what_a_dataset_or_benchmark_is_for_is_a_task_but_not_a_training_stage():
    """A dataset or benchmark for a task names it ("a benchmark for buoy detection"); one
    for a stage of making a model ("a dataset for reward training") does not."""
    text = "We release HarborSet, a benchmark for buoy detection, and a dataset for reward training."
    found = phrases(text, cued_topics(text))
    assert "buoy detection" in found and not [p for p in found if p.endswith("training")], found


def test_a_title_phrase_reads_as_prose_with_an_acronym_in_the_singular():
    from extractors.topics import _as_written_in_prose

    assert _as_written_in_prose("VLMs Counting") == "VLM counting"
    assert _as_written_in_prose("Glacier Detection") == "glacier detection"


def test_learning_settings_keep_what_the_learner_is_given():
    for title, expected in (
        ("Pruning Features for Learning with Noisy Annotations", ["Learning with Noisy Annotations"]),
        ("Unsupervised Learning under Covariate Drift", ["Unsupervised Learning under Covariate Drift"]),
        ("Supervised Learning with Shared Prototypes", ["Supervised Learning"]),
    ):
        assert phrases(title, title_topics(title)) == expected, title


def test_a_head_that_modifies_a_model_or_loss_names_no_problem():
    title = "Mixture-of-Experts Reasoning Models for Tabular Forecasting"
    assert phrases(title, title_topics(title)) == ["Tabular Forecasting"]


def test_the_means_before_a_titles_purpose_is_no_problem():
    # "X for Y" with a problem in Y: X is what the paper brings, unless a lexicon knows X
    title = "Bayesian Prompt Learning for Image Classification"
    assert phrases(title, title_topics(title)) == ["Image Classification"]
    title = "In-Context Learning for Text Classification with Many Labels"
    assert phrases(title, title_topics(title)) == ["In-Context Learning", "Text Classification"]


def test_title_tasks_are_facts_but_the_papers_own_system_and_fields_are_not(nlp):
    assert tasks_of(
        nlp, "HBP: Half Block Pruning for Speech Recognition", "We prune blocks of a speech model."
    ) == {"speech recognition"}
    assert tasks_of(nlp, "More Data in Modern Machine Learning") == set()
    assert tasks_of(
        nlp, "Coral Reef Segmentation via Contrastive Pre-training", "We segment reefs in drone images."
    ) == {"coral reef segmentation"}


# --- the abstract's words about its problem ------------------------------------


def test_cue_phrases_name_the_problem():
    text = (
        "Glacier segmentation is hard in winter. We study the problem of learning with noisy "
        "annotations. It fails at the task of multi-step arithmetic reasoning and on three "
        "tasks (lake detection, preference alignment, and rule induction)."
    )
    assert phrases(text, cued_topics(text)) == [
        "Glacier segmentation",
        "learning with noisy annotations",
        "multi-step arithmetic reasoning",
        "lake detection",
        "preference alignment",
    ]


def test_a_coined_name_before_a_cued_task_is_the_data_not_the_problem():
    text = "We test the encoder on QuarryBench classification and segmentation tasks."
    assert phrases(text, cued_topics(text)) == ["classification", "segmentation"]


def test_a_determiner_or_a_qualifier_opens_no_problem_phrase():
    text = "Models trained this way fail on such math reasoning tasks."
    assert phrases(text, cued_topics(text)) == ["math reasoning"]
    text = "It is 4x better on synthetic in-context reasoning tasks."
    assert phrases(text, cued_topics(text)) == ["in-context reasoning"]


def test_a_clause_word_at_the_texts_start_opens_no_problem_phrase():
    text = "While glacier segmentation has advanced quickly, thin ice remains hard."
    assert phrases(text, cued_topics(text)) == ["glacier segmentation"]


def test_a_title_that_opens_with_learning_learns_its_object():
    title = "Learning Chess Reasoning from Self-Played Games"
    assert phrases(title, title_topics(title)) == ["Chess Reasoning"]


def test_praise_numbers_and_fields_are_no_cued_problem():
    text = (
        "Supervised learning can be viewed as compression. It helps on various classification "
        "tasks and on three fine-tuning tasks."
    )
    assert cued_topics(text) == []


def test_a_lexicon_task_that_modifies_a_loss_or_framework_is_no_task(nlp):
    found = nlp("We reweight the language modeling loss inside a contrastive learning framework.")._.concepts
    assert not [m for m in found if m.label == "Task" and m.role == "ADDRESSES"]


@pytest.mark.parametrize(
    "text",
    [
        "The sampler updates its augmenters in a meta-learning manner to keep the pairs diverse.",
        "We add a transfer learning inspired warm start to the tide forecaster.",
    ],
)
def test_a_lexicon_task_naming_the_way_something_is_done_is_no_task(nlp, text):
    """ "in a meta-learning manner", "a transfer learning inspired warm start": the way a
    part works, not the problem the paper addresses ("inspired by X" keeps X's reading)."""
    found = nlp(text)._.concepts
    assert not [m for m in found if m.label == "Task" and m.role == "ADDRESSES"]


def test_translation_alone_is_machine_translation_only_in_a_text_about_languages(nlp):
    def tasks(abstract):
        (paper,) = extract([Record(title="", abstract=abstract)], nlp)
        return {m.canonical for m in paper.mentions if m.role == "ADDRESSES"}

    assert "machine translation" not in tasks("We augment buoy scans by rotation, translation and scaling.")
    assert "machine translation" not in tasks("The sonar encoder keeps translation invariance of the echoes.")
    assert "machine translation" in tasks("We study translation between Hausa and English glossaries.")


def test_learning_paradigms_are_no_task_of_a_paper(nlp):
    found = nlp(
        "We pretrain the sonar encoder with contrastive learning and unsupervised learning."
    )._.concepts
    assert not [m for m in found if m.label == "Task" and m.role == "ADDRESSES"]


def test_well_known_research_tasks_are_in_the_lexicon(nlp):
    def tasks(abstract):
        (paper,) = extract([Record(title="", abstract=abstract)], nlp)
        return {m.canonical for m in paper.mentions if m.role == "ADDRESSES"}

    assert "uncertainty quantification" in tasks("We study uncertainty quantification for sonar maps.")
    assert "LLM-as-a-judge" in tasks("We revisit LLM-as-a-Judge for harbour reports.")
    assert "explainable AI" in tasks("Explainable AI (XAI) methods rarely reach dock workers.")


def test_cued_tasks_are_facts(nlp):
    assert tasks_of(
        nlp, "A Paper About Things", "We focus on the problem of learning with noisy annotations."
    ) == {"learning with noisy annotations"}


# --- metrics: the measures a text says it moves ----------------------------------


def test_qualities_listed_after_a_verb_of_measuring_are_metrics():
    from extractors.measures import measure_spans

    for text, expected in (
        (
            "We rate the buoy maps, measuring legibility, helpfulness and ease of use.",
            ["legibility", "helpfulness"],
        ),
        ("The harness measures correctness and completeness of the charts.", ["correctness", "completeness"]),
        # one quality alone, a business, a capability: no measure of the paper
        ("We measure the effectiveness of our sonar attack.", []),
        ("These reports help business and policy leaders.", []),
        # tracking is the task here (its accuracy is improved), and what it follows
        # over time no measure
        ("It improves tracking accuracy and robustness of sonar.", ["tracking accuracy"]),
        ("We track their movements over time.", []),
    ):
        assert [text[a:b] for a, b in measure_spans(text)] == expected, text


def test_measures_a_text_moves_are_metrics_with_their_modifiers():
    from extractors.measures import measure_spans

    for text, expected in (
        ("It keeps the budget while improving faithfulness.", ["faithfulness"]),
        ("We see gains in both latency and quality.", ["latency"]),
        # (a bias is what the paper studies, not its measure: no card lists one)
        ("This yields better calibration and significantly lower ordering bias.", ["calibration"]),
        ("The recipe leads to lower validation loss.", ["validation loss"]),
        # words that judge the measure are no part of its name
        ("We aim at reducing the high latency of long outputs.", ["latency"]),
        ("It improves the state-of-the-art parsing accuracy by 3%.", ["parsing accuracy"]),
        ("Users report reductions in wall-clock time.", ["wall-clock time"]),
        ("It cuts decoding computation by 30% on long inputs.", ["decoding computation"]),
        ("Our agents boost fluency and diversity.", ["fluency", "diversity"]),
        ("It raises the overall answer accuracy by up to 4%.", ["answer accuracy"]),
        # a verb of recording lists its measures
        (
            "For each run we record validation loss, wall-clock time and peak memory.",
            ["validation loss", "wall-clock time", "peak memory"],
        ),
        # a comparison says the measure was taken; a consistency is a quality judged
        ("Zorp shows superior retrieval accuracy on long queries.", ["retrieval accuracy"]),
        ("The planner improves plan consistency.", ["plan consistency"]),
        # the names a text gives its metrics, up to the item "and" brings in
        (
            "We define two key metrics: drift divergence in the forward pass, and more.",
            ["drift divergence"],
        ),
        (
            "We use metrics such as BLEU, chrF and human preference rate.",
            ["BLEU", "chrF", "human preference rate"],
        ),
        # a list said to hold two names whose first is described at length
        (
            "We track two metrics: drift divergence in the encoder, caused by noisy labels, "
            "and gate entropy in the decoder, which grows with depth.",
            ["drift divergence", "gate entropy"],
        ),
        # names in title case, each with its short form
        (
            "We define three metrics: Drift Onset Score (DOS), Recall Decay Rate (RDR), and Gap Index.",
            ["Drift Onset Score", "Recall Decay Rate", "Gap Index"],
        ),
        ("It wins on all metrics, including accuracy, demonstrating its value.", ["accuracy"]),
        # halving and "faster" move a measure too; coverage is one
        (
            "We see a 25% improvement in coverage when halving the error rate, and 4x faster decoding speed.",
            ["coverage", "error rate", "decoding speed"],
        ),
    ):
        assert phrases(text, measure_spans(text)) == expected, text


def test_a_measure_head_alone_or_unmoved_is_no_metric():
    from extractors.measures import measure_spans

    for text in (
        "We report the time it takes.",
        "Training time grows with depth.",
        "It lowers the rate.",
        "We reduce inference costs.",
        # (a bias is what the paper studies, even moved by a number)
        "The prompt reduces ordering biases by up to 12%.",
        "We report results on the test split.",
        # minimizing or maximizing states an objective, not a measurement
        "The model is trained by minimizing the training loss and maximizing the margin score.",
    ):
        assert measure_spans(text) == [], text


def test_measure_phrases_and_lexicon_metrics_are_used_metrics(nlp):
    found = {
        (m.canonical or m.text)
        for m in nlp(
            "The model can recall facts. Our method lowers the pass@4 error rate and improves accuracy."
        )._.concepts
        if m.label == "Metric" and m.role == "USES"
    }
    assert found == {"pass@4 error rate", "accuracy"}


def test_the_precision_of_a_number_format_is_no_metric(nlp):
    found = nlp(
        "It matches the reference to machine precision in 12 steps, trained in mixed precision."
    )._.concepts
    assert not [m for m in found if m.label == "Metric"]
    found = nlp("It reaches 91.2% precision.")._.concepts
    assert [m.text for m in found if m.label == "Metric" and m.role == "USES"] == ["precision"]


def test_a_metric_attained_or_compared_is_measured(nlp):
    def used(text):
        return {
            m.canonical or m.text for m in nlp(text)._.concepts if m.label == "Metric" and m.role == "USES"
        }

    assert used("The small model attains perplexity comparable to its teacher.") == {"perplexity"}
    assert used("The model is given context, and its perplexity is studied.") == set()


# --- datasets: names in brackets after a data word, versions, describing words ----


def test_names_in_brackets_after_a_data_word_are_datasets(nlp):
    found = {
        (m.label, m.canonical or m.text)
        for m in nlp(
            "We test on two reef-survey datasets (REEFA, ShoalSet) and a sonar benchmark (d-SONAR-X)."
        )._.concepts
    }
    assert {("Dataset", "REEFA"), ("Dataset", "ShoalSet"), ("Dataset", "d-SONAR-X")} <= found
    from extractors.dataset_spans import bracketed_data_names

    assert bracketed_data_names("the benchmark (see Table 2) is hard") == []


def test_a_datasets_version_and_describing_words(nlp):
    found = {
        (m.label, m.text, m.canonical)
        for m in nlp(
            "Experiments on the Harbor Eval 2 and Kestrel 3, and on the QUOKKA ship logging benchmark, "
            "show gains."
        )._.concepts
        if m.label == "Dataset"
    }
    names = {text: canonical for _, text, canonical in found}
    assert "Harbor Eval 2" in names
    assert "QUOKKA" in {canonical for canonical in names.values()}


def test_more_title_and_cue_shapes():
    for title, expected in (
        ("Self-Calibration: Models Can Grade Themselves", ["Self-Calibration"]),
        ("QLoRB: Low-Rank Tuning for Speech Recognition", ["Speech Recognition"]),
        ("On Warm-Starting Neural Network Training", ["Warm-Starting Neural Network Training"]),
        ("A Clean Training Dataset for Ship Detection", ["Ship Detection"]),
        ("Reef Mapping Under Distribution Shifts", ["Distribution Shifts"]),
    ):
        assert phrases(title, title_topics(title)) == expected, title
    text = "Extensive experiments on coral image classification confirm it."
    assert phrases(text, cued_topics(text)) == ["coral image classification"]


def test_a_metric_word_is_a_fact_only_where_the_text_measures_it(nlp):
    def used(text):
        return {
            m.canonical or m.text for m in nlp(text)._.concepts if m.label == "Metric" and m.role == "USES"
        }

    assert used("This hurts the planner through its sensitivity to router accuracy.") == set()
    assert used("Pruning leads to substantial accuracy degradation in big models.") == set()
    assert used("It preserves the model accuracy at half the cost.") == {"accuracy"}
    assert used("It gives 2.1x FLOPs savings over dense baselines.") == {"FLOPs savings"}
    assert used("We show that the test risk of kernel regression decreases with width.") == {"test risk"}


def test_what_a_number_changes_is_measured_and_hopes_are_not():
    from extractors.measures import measure_spans

    for text, expected in (
        ("The filter can reduce false alarms by over 80% on the test days.", ["false alarms"]),
        ("It further improves pre-training FLOPs savings to 3x.", ["FLOPs savings"]),
        ("It improves performance by 5%.", []),
        ("It cuts tokens nearly by 20%.", []),
        ("Merging is a technique, potentially reducing training time for big models.", []),
    ):
        assert phrases(text, measure_spans(text)) == expected, text


def test_a_metric_word_with_its_unit_or_results_is_measured(nlp):
    used = {
        m.canonical or m.text
        for m in nlp(
            "Per-token throughput (tok/s) and latency (ms/token) tell another story. "
            "Our zero-shot perplexity results hold."
        )._.concepts
        if m.label == "Metric" and m.role == "USES"
    }
    assert used == {"throughput", "latency", "perplexity"}


# --- issue #14: problems named without a topic head, purposes and remedies ------------


def test_the_task_or_problem_of_names_a_problem_without_a_head_word():
    text = (
        "Robots still fail at the seemingly easy task of folding wet towels. We address the "
        "problem of sorting coins from blurry photos, and the problem of how to rank them."
    )
    assert phrases(text, cued_topics(text)) == ["folding wet towels", "sorting coins"]


def test_a_title_that_opens_with_a_remedy_names_its_problem():
    for title, expected in (
        ("Avoiding Sensor Glare in Dashcam Footage", ["Sensor Glare"]),
        ("Resolving label drift with cheap relabelling", ["label drift"]),
        ("Achieving Codec Robustness through Noise Mixing", ["Codec Robustness"]),
    ):
        assert phrases(title, title_topics(title)) == expected, title


def test_a_title_purpose_is_a_problem_but_a_thing_it_is_for_is_not():
    title = "Ranked Committees for Stable Forecasts and Audits"
    assert phrases(title, title_topics(title)) == ["Stable Forecasts"]
    for title in ("Sparse Adapters for Very Deep Networks", "Gradient Clipping for Tabular Data"):
        assert title_topics(title) == [], title


def test_a_kind_of_problem_before_its_head_is_kept_but_praise_is_not():
    text = "Rubric-based learning has become common for grading essays."
    assert phrases(text, cued_topics(text)) == ["Rubric-based learning"]
    title = "Training-free Speech Recognition"
    assert phrases(title, title_topics(title)) == ["Speech Recognition"]


def test_an_abstract_that_opens_by_defining_its_subject_names_a_problem():
    text = "Drift of gauges is a known problem in old mills. We log it."
    assert phrases(text, cued_topics(text)) == ["Drift of gauges"]
    text = "Sketch-to-layout is the task of turning drawings into floor plans."
    assert phrases(text, cued_topics(text))[0] == "Sketch-to-layout"


def test_risks_and_settings_name_problems():
    text = (
        "Pruning carries the risk of catastrophic forgetting. We test it in a setting of "
        "multi-label classification. In the context of ranking search results, it helps; in "
        "the context of large language models it does not."
    )
    assert phrases(text, cued_topics(text)) == [
        "catastrophic forgetting",
        "multi-label classification",
        "ranking search results",
    ]


def test_what_a_definition_says_a_problem_is_glosses_its_name_and_is_no_second_task():
    text = (
        "Coin grading is the problem of ordering coins by their wear. Yet some shops "
        "face the task of folding wet towels, and lens cleaning refers to the task of wiping glass."
    )
    assert phrases(text, cued_topics(text)) == ["Coin grading", "folding wet towels"]


def test_a_stage_of_training_before_a_data_word_names_the_data_not_a_problem():
    text = (
        "We rank weights on a small domain-specific calibration dataset and a large "
        "fine-tuning dataset, then test on glacier detection benchmarks and two preference "
        "alignment datasets."
    )
    assert phrases(text, cued_topics(text)) == ["glacier detection"]


def test_a_verb_or_a_word_of_quantity_or_praise_is_no_modifier_of_a_problem():
    text = "To perform detection tasks well, a robot must master certain planning tasks."
    assert cued_topics(text) == []
    title = "Optimal Sparsity of Sonar Probes for Shipwreck Detection"
    assert phrases(title, title_topics(title)) == ["Shipwreck Detection"]


def test_a_head_alone_that_the_text_calls_a_task_is_one_and_so_is_each_conjunct():
    text = (
        "Sparse codes help on retrieval tasks and on both tabular classification and "
        "regression tasks, but not on various detection tasks. We also try benchmark "
        "shipwreck detection and segmentation tasks."
    )
    assert phrases(text, cued_topics(text)) == [
        "retrieval",
        "tabular classification",
        "regression",
        "shipwreck detection",
        "segmentation",
    ]


def test_a_lexicon_task_inside_a_longer_name_is_no_task_of_the_paper(nlp):
    def addressed(text):
        return {m.text for m in nlp(text)._.concepts if m.label == "Task" and m.role == "ADDRESSES"}

    assert addressed("We add latent quantization and image-text contrastive learning to it.") == set()
    assert addressed(
        "It helps with tasks like question answering. We introduce few-shot learning for robots."
    ) == {
        "question answering",
        "few-shot learning",
    }
    # ("we study" cues the whole phrase: the paper's problem is LLM pruning)
    assert addressed("We study LLM pruning at scale.") == {"LLM pruning"}


def test_the_items_of_a_list_of_tasks_are_problems_without_a_head_word():
    text = (
        "The tagger is tested on four tasks, including reef census counting, buoy captioning, "
        "and hull fouling assessment. It also runs two tasks: (1) tide table reading; (2) "
        "sonar denoising. Older tools face problems such as high memory cost and slow start."
    )
    found = phrases(text, cued_topics(text))
    for item in ("reef census counting", "buoy captioning", "hull fouling assessment", "tide table reading"):
        assert item in found
    assert "sonar denoising" in found
    # a list of flaws is no list of tasks; nor is a domain, a class of tasks, or a clause
    assert not {"high memory cost", "slow start"} & set(found)
    text = "We cover tasks such as oceanography, shallow-water tasks, and using both paired scans."
    assert phrases(text, cued_topics(text)) == []


def test_a_cue_holds_for_every_item_of_the_list_it_leads():
    text = "We report results on reef image captioning, hull crack detection and buoy pose estimation."
    assert phrases(text, cued_topics(text)) == [
        "reef image captioning",
        "hull crack detection",
        "buoy pose estimation",
    ]
    # an item led by a name in capitals is that data's task, never made one by a neighbour
    text = "We report results on reef image captioning and SONARSET object detection."
    assert "SONARSET object detection" not in phrases(text, cued_topics(text))


def test_a_task_phrase_after_for_or_on_is_what_the_work_is_for(nlp):
    """ "a framework for harbor sonar restoration", "results on berth occupancy
    prediction": a task phrase alone is mostly no task of the paper, but after "for" or
    "on" it says what the work is for; not a bare word, nor one led by praise of the
    solution ("for precise hull estimation")."""
    found = tasks_of(
        nlp,
        "KiteNet",
        "We present KiteNet, a framework for harbor sonar restoration. It also serves for "
        "precise hull estimation. We report results on berth occupancy prediction and "
        "apply dock wave segmentation where needed.",
    )
    assert {"harbor sonar restoration", "berth occupancy prediction"} <= found
    assert not {"precise hull estimation", "dock wave segmentation"} & found


def test_a_verb_in_a_title_case_title_ends_no_problem_name(nlp):
    """ "Harbor Radar Models Lack Robustness", "In-Context Docks Induce Drift Awareness":
    a title's verb in capitals is no modifier of the problem after it."""
    assert [t for t in (title_topics("Harbor Radar Models Lack Robustness"))] == []
    title = "In-Context Docks Induce Drift-Awareness"
    assert [title[a:b] for a, b in title_topics(title)] == ["Drift-Awareness"]


def test_a_task_glued_to_a_word_by_a_hyphen_is_part_of_a_compound(nlp):
    """ "dialogue-history consistency", "pruning-identified layers": part of another
    word; a hyphen written for a dash ("attacks-such as") is not."""
    doc = nlp("The datasets lack dialogue-history consistency at pruning-identified layers.")
    assert not [m for m in doc._.concepts if m.label == "Task" and m.role]
