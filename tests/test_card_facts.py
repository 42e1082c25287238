"""The error classes of issue #14 on the entity side (what a paper proposes, uses,
evaluates on and addresses, and which concepts merge), each on sentences written for
these tests, not taken from any listing."""

from __future__ import annotations

import pytest

from kg.model.graph_model import GraphModel
from extractors.pipeline import build_nlp, extract
from kg.records import Record


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def concepts(nlp, text):
    """(label, canonical name, role) of every concept mention of one text."""
    return {(m.label, m.canonical or m.text, m.role) for m in nlp(text)._.concepts}


def graph_of(*abstracts, titles=None):
    records = [
        Record(title=(titles or {}).get(i, f"Paper number {i}"), abstract=a, source=f"t:{i}")
        for i, a in enumerate(abstracts)
    ]
    model = GraphModel()
    for extraction in extract(records, build_nlp()):
        model.add_extraction(extraction)
    model.canonicalise()
    return model.graph


# --- an acronym means what its own paper defines -------------------------------


def test_one_acronym_defined_three_ways_gives_three_concepts():
    graph = graph_of(
        "Forecasts are scored by mean absolute error (MAE); our MAE is the lowest.",
        "We pre-train the encoder as a Masked Autoencoder (MAE) on unlabeled scans.",
        "Tokens are routed by a Mixture of Attentive Experts (MAE), which keeps MAE cheap.",
        "We plug MAE into the pipeline.",
    )
    named = {d["name"].casefold() for _, d in graph.nodes(data=True) if "MAE" in d.get("aliases", ())}
    assert {"mean absolute error", "masked autoencoder", "mixture of attentive experts"} <= named
    # the bare MAE of the last paper cannot say which one it is: it joins none of them
    assert "method:mae" in graph


def test_a_short_form_a_lexicon_knows_otherwise_keeps_the_texts_meaning(nlp):
    found = concepts(nlp, "We fit the mixture with expectation-maximization (EM); EM converges fast.")
    assert ("Method", "expectation maximization", "USES") in found
    assert not any(label == "Metric" for label, _, _ in found)
    found = concepts(nlp, "Energies come from density functional theory (DFT), and DFT is slow.")
    assert {name for _, name, _ in found} == {"density functional theory"}


def test_a_lexicon_name_written_another_way_still_types_the_pair(nlp):
    found = concepts(nlp, "Nodes are embedded by graph convolution networks (GCN) of two layers.")
    assert ("Method", "graph convolutional network", "USES") in found


# --- versions and sizes are distinct concepts --------------------------------


def test_versions_of_a_model_or_dataset_stay_apart(nlp):
    found = concepts(
        nlp,
        "We tune AdamW against Adam, ask GPT-4 and GPT-2 and GPT-4o-mini, "
        "and test Llama 2 against Llama 3 on WikiText-2 and WikiText-103.",
    )
    names = {name for _, name, _ in found}
    assert {
        "AdamW",
        "Adam",
        "GPT-4",
        "GPT-2",
        "GPT-4o-mini",
        "Llama 2",
        "Llama 3",
        "WikiText-2",
        "WikiText-103",
    } <= names


# --- a title states a contribution only when it names one ---------------------


def paper_edges(graph, edge_type):
    return {graph.nodes[v]["name"] for _, v, d in graph.edges(data=True) if d["type"] == edge_type}


def test_headline_words_before_a_colon_propose_nothing():
    graph = graph_of(
        "We show that noisy annotations barely hurt large classifiers.",
        "Afterwards the model forgets; we measure how fast.",
        titles={0: "Noisy Annotations: Mostly Harmless", 1: "Afterwards: Forgetting Curves"},
    )
    assert paper_edges(graph, "PROPOSES") == set()


def test_a_coined_or_reused_title_name_is_proposed():
    graph = graph_of(
        "We route tokens sparsely and halve the cost of long documents.",
        "Our method, Lantern Routing, lights the way: Lantern Routing is cheap.",
        titles={0: "QuillFormer: Sparse Routing for Long Documents", 1: "Lantern Routing: Cheap Attention"},
    )
    assert paper_edges(graph, "PROPOSES") == {"QuillFormer", "Lantern Routing"}


def test_a_headline_holding_a_coined_word_is_no_name_but_a_name_led_by_one_is():
    graph = graph_of(
        "We calibrate message passing so that node scores can be trusted.",
        "Short prompts beat long ones on every task we try.",
        "Our planner moves shelves twice as fast as before.",
        "We record thermal video of forty bridges and label every crack.",
        titles={
            0: "Towards Honest GNNs: Calibrated Message Passing",
            1: "SHORT Is Better: Prompt Length and Accuracy",
            2: "Quokka 2.0: A Fast Planner for Warehouse Robots",
            3: "B4C Dataset: Thermal Video of Cracked Concrete",
        },
    )
    assert paper_edges(graph, "PROPOSES") == {"Quokka 2.0"}
    assert paper_edges(graph, "INTRODUCES") == {"B4C Dataset"}


def test_concepts_named_only_in_a_title_make_no_edge_but_the_problem_it_names():
    graph = graph_of(
        "We study how noise in pixels changes what a network learns.",
        titles={0: "Image Denoising with Graph Neural Networks on ImageNet"},
    )
    assert [(d["type"], graph.nodes[v]["name"].casefold()) for _, v, d in graph.edges(data=True)] == [
        ("ADDRESSES", "image denoising")
    ]


# --- junk is no concept --------------------------------------------------------


def test_sizes_hardware_and_modifiers_name_nothing(nlp):
    found = concepts(
        nlp,
        "We run the 70B Llama-like model 17.5times faster on an NVIDIA Jetson "
        "board, with 1B LLMs as drafts, and propose a LLM-Based planner that "
        "fills each [MASK] slot with English words from OpenAI models.",
    )
    assert {(label, name) for label, name, role in found if role} == set()


def test_a_known_name_with_a_version_or_size_after_it_is_that_model(nlp):
    found = concepts(
        nlp,
        "We distil Qwen2.5 into Qwen2.5-0.5B and Llama-3.2-1B, then compare Qwen3-VL-8B, "
        "Mistral-7B-Instruct and Gemma 4 12B; each run of CLIP 10 times is averaged.",
    )
    assert {name for label, name, role in found if role == "USES"} == {
        "Qwen2.5",
        "Qwen2.5-0.5B",
        "Llama-3.2-1B",
        "Qwen3-VL-8B",
        "Mistral-7B-Instruct",
        "Gemma 4 12B",
        "CLIP",
    }


def test_datasets_listed_after_their_kind_before_other_ones_with_citations_or_scored(nlp):
    found = concepts(
        nlp,
        "We run experiments on two public seismic datasets, QUAKEX and TremorSet, with three "
        "models. Faults from FaultBank, RidgeMap, and other benchmarks are unseen. Prior "
        "corpora such as ROCKS (Smith and Lee, 2019) and Strata-2 (Kim, 2021) are small. "
        "Our model gains 4.1% on Shale-7 and 2 points on the DeepCore set.",
    )
    assert {name for label, name, role in found if label == "Dataset" and role} >= {
        "QUAKEX",
        "TremorSet",
        "FaultBank",
        "RidgeMap",
        "ROCKS",
        "Strata-2",
        "Shale-7",
        "DeepCore",
    }
    assert not any(name in ("Smith", "Lee", "Kim") for _, name, _ in found)


def test_a_contribution_provided_or_released_with_a_description_after_a_comma(nlp):
    found = concepts(
        nlp,
        "To spur work on tides we provide TideMix, a simulated, noise-injected dataset of "
        "harbour gauges. This paper also builds ReefNet, an efficient segmentation model.",
    )
    assert ("Dataset", "TideMix", "INTRODUCES") in found
    assert ("Method", "ReefNet", "PROPOSES") in found


def test_a_name_the_paper_proposes_is_its_own_whatever_a_lexicon_calls_it(nlp):
    found = concepts(
        nlp, "We propose MIND, a distillation framework for small students; MIND halves the cost."
    )
    assert ("Method", "MIND", "PROPOSES") in found
    assert not any(label == "Dataset" for label, _, _ in found)


def test_a_kind_then_its_name_after_a_comma_and_a_latex_tie_before_a_short_form(nlp):
    found = concepts(
        nlp, "This work introduces an efficient two-stage pruning methodology, Q-Trim, for encoders."
    )
    assert ("Method", "Q-Trim", "PROPOSES") in found
    doc = nlp("Sparse latent retrieval~(SLR) is slow, and SLR needs an index.")
    assert [(p.short, p.long) for p in doc._.abbreviations] == [("SLR", "Sparse latent retrieval")]


def test_a_dash_written_as_two_hyphens_ends_a_name(nlp):
    found = concepts(nlp, "We present Beacon--a simple router. Beacon outperforms GPT-4.1 on maps.")
    assert ("Method", "Beacon", "PROPOSES") in found
    assert not any("--" in name for _, name, _ in found)


def test_names_listed_before_other_datasets_pass_the_same_filters_as_any_listed_data(nlp):
    found = concepts(
        nlp, "ROCKS (Smith and Lee, 2019), Strata-2 (Kim, 2021), and other benchmarks are small."
    )
    assert {"ROCKS", "Strata-2"} <= {name for label, name, _ in found if label == "Dataset"}
    assert not any(name in ("Smith", "Lee", "Kim") for _, name, _ in found)


def test_an_apposition_describing_a_known_quantity_proposes_nothing(nlp):
    found = concepts(nlp, "Curvature, a measure of model sharpness, predicts transfer. We study it.")
    assert not any(role == "PROPOSES" for _, _, role in found)


def test_a_listed_method_ends_before_the_verb_that_says_what_it_does(nlp):
    found = concepts(
        nlp, "Prompting techniques like least-to-most prompting degrade accuracy on long inputs."
    )
    assert {name for label, name, role in found if role == "USES"} == {"least-to-most prompting"}


def test_a_plural_of_models_in_ordinary_words_is_a_class_and_so_is_its_short_form(nlp):
    found = concepts(
        nlp,
        "Large planning models (LPMs) plan well, yet LPM training is costly, and "
        "attention-based ones forget. We fine-tune Quokka-7B instead.",
    )
    assert {name for label, name, role in found if role} == {"Quokka-7B"}


def test_the_device_a_model_ran_on_is_no_dataset(nlp):
    found = concepts(
        nlp, "We evaluate 300 small planners on NVIDIA Jetson Nano and an Intel Xeon Silver board."
    )
    assert not any(name.split()[0] in ("NVIDIA", "Intel") for _, name, _ in found)


def test_a_known_name_inside_a_modifier_is_not_proposed(nlp):
    found = concepts(nlp, "We propose a SAM-guided contour method and a CLIP-based ranking for maps.")
    assert not any(role == "PROPOSES" for _, _, role in found)
    assert not any(name in ("SAM", "CLIP") for _, name, _ in found)


def test_links_and_title_case_compounds_name_no_method(nlp):
    found = concepts(
        nlp, "Token-Level rewards and Few-Shot prompts help; code is at https://github.com/QuietLab/FooNet."
    )
    assert found == set()


def test_two_datasets_are_not_glued_and_a_data_word_alone_is_none(nlp):
    found = concepts(nlp, "We evaluate on Birdsong10k and OWL-SET (Web) and on a new Benchmark.")
    assert {name for _, name, _ in found} == {"Birdsong10k", "OWL-SET"}


def test_classes_of_methods_and_vague_tasks_are_no_facts():
    graph = graph_of(
        "We fine-tune a large language model and a shallow neural network for optimization, then apply LoRA."
    )
    assert paper_edges(graph, "USES") == {"low-rank adaptation"}
    assert paper_edges(graph, "ADDRESSES") == set()


def test_denoising_diffusion_is_not_image_denoising(nlp):
    found = concepts(nlp, "Denoising diffusion models sample slowly.")
    assert not any(label == "Task" for label, _, _ in found)


# --- the paper's own named contribution is PROPOSES / INTRODUCES ----------------


def proposed(nlp, text, role="PROPOSES"):
    return {name for _, name, r in concepts(nlp, text) if r == role}


def test_a_contribution_named_after_it_is_described(nlp):
    assert proposed(nlp, "We call this approach Tidal Weight Sharing (TWS). It is cheap.") == {
        "Tidal Weight Sharing"
    }
    assert proposed(
        nlp, "We regularise the critic, for which we name the algorithm Anchored Critic Descent (ACD)."
    ) == {"Anchored Critic Descent"}
    assert proposed(
        nlp, "Our sampler reuses past scores. This method, termed EchoStep, halves the cost."
    ) == {"EchoStep"}


def test_proposals_in_bold_with_a_comma_short_form_or_in_a_list(nlp):
    assert proposed(nlp, "To fix this, we propose **LANTERN**, a decoding rule.") == {"LANTERN"}
    assert proposed(nlp, "We propose Sparse Harbor Routing, SHR, a routing rule.") == {
        "Sparse Harbor Routing",
        "SHR",
    }
    assert proposed(
        nlp, "We introduce two key modules: Gated Echo Pooling (GEP) and Ridge Consistency Enhancement (RCE)."
    ) == {"Gated Echo Pooling", "Ridge Consistency Enhancement"}


def test_a_named_dataset_the_paper_builds_is_introduced_and_keeps_its_kind(nlp):
    text = (
        "We thus propose an unlabelled dataset MOSS: Many Open Street Scenes. MOSS holds "
        "no faces. We also build CORAL, the first public Korean court hearing speech dataset, "
        "and test on a new expert-written benchmark (Tide-Bench)."
    )
    assert proposed(nlp, text, "INTRODUCES") == {"MOSS", "CORAL", "Tide-Bench"}
    assert {label for label, name, _ in concepts(nlp, text) if name == "MOSS"} == {"Dataset"}


def test_a_project_page_is_no_code():
    graph = graph_of("Code: https://github.com/quietlab/foonet; demos at https://quietlab.github.io/foonet.")
    assert sorted(n for n, d in graph.nodes(data=True) if d["label"] == "Repository") == [
        "repo:github.com/quietlab/foonet"
    ]


def test_a_task_phrase_is_a_fact_only_where_the_title_names_it_too():
    graph = graph_of(
        "We study long-tailed semantic segmentation and avoid deeper understanding.",
        "We get strong reasoning from limited understanding.",
        titles={0: "Balanced Logits for Long-tailed Semantic Segmentation"},
    )
    assert {name.casefold() for name in paper_edges(graph, "ADDRESSES")} == {
        "long-tailed semantic segmentation"
    }


def test_a_title_named_phrase_the_abstract_measures_is_no_task_and_every_role_fits_its_label():
    """A task phrase that the abstract's measure frame made a Metric ("improves X by 0.3
    AUC") was still promoted to ADDRESSES because the title names it: a Paper ADDRESSES a
    Metric, an edge the schema has no place for (and `kg merge` refused the mentions)."""
    from kg import schema

    record = Record(
        title="Objective Design for Hedge Understanding",
        abstract="Experiments on four chest X-ray datasets show that our method improves hedge "
        "understanding by up to 0.3 AUC over the zero-shot model. This shows that objective "
        "design can substantially enhance hedge understanding in clinical notes.",
        source="t:1",
    )
    (extraction,) = extract([record], build_nlp())
    misfits = [
        (m.label, m.role, m.text)
        for m in extraction.mentions
        if m.role and m.label not in schema.EDGE_TYPES[m.role].targets
    ]
    assert misfits == []
    measured = [m for m in extraction.mentions if m.field == "abstract" and m.text == "hedge understanding"]
    assert {m.label for m in measured} == {schema.METRIC} and "ADDRESSES" not in {m.role for m in measured}


def test_datasets_named_in_brackets_or_after_words_about_the_data(nlp):
    found = concepts(
        nlp,
        "We test on two commonsense QA datasets (QUILL, ReefQA) and a captioning "
        "dataset (x-COCO), then on benchmarks with noisy labels including Web40k "
        "and BIRD-5N.",
    )
    # x-COCO is a dataset of its own, not the lexicon's COCO
    assert {name for label, name, role in found if role == "EVALUATES_ON"} == {
        "QUILL",
        "ReefQA",
        "x-COCO",
        "Web40k",
        "BIRD-5N",
    }


def test_a_preposition_opening_a_sentence_is_no_part_of_a_name(nlp):
    found = concepts(
        nlp,
        "Across ReefSet, HullBench and BuoyQA, our tagger leads. Through ReefGPT distillation we cut costs.",
    )
    names = {name for _, name, _ in found}
    assert {"ReefSet", "ReefGPT"} <= names
    assert not any(name.startswith(("Across", "Through")) for name in names)
