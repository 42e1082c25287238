"""What a paper proposes and uses (issue #14, PROPOSES and USES): the error classes
found on the paper cards, each on sentences written for these tests, not taken from
any listing."""

from __future__ import annotations

import pytest

from extractors.pipeline import build_nlp, extract
from kg.records import Record


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def proposed(nlp, text, role="PROPOSES"):
    return {m.canonical or m.text for m in nlp(text)._.concepts if m.role == role}


def extracted(nlp, title, abstract):
    """The whole extraction of one paper: the facts that need its title and abstract."""
    (paper,) = extract([Record(title=title, abstract=abstract)], nlp)
    return paper


def test_a_name_in_lower_case_right_after_the_proposal_verb(nlp):
    assert proposed(nlp, "Besides, we propose tidal resampling to smooth the labels.") == {"tidal resampling"}
    assert proposed(nlp, "Finally, we present top-K pruning, a greedy rule for the problem.") == {
        "top-K pruning"
    }
    assert proposed(nlp, "We propose the k-sparse encoder, which keeps the k largest units.") == {
        "k-sparse encoder"
    }


def test_a_loss_the_paper_adds_named_by_its_modifiers(nlp):
    assert proposed(nlp, "We further propose a novel margin ranking loss, and show it helps.") == {
        "margin ranking loss"
    }
    assert proposed(nlp, "To this end, we introduce a path invariance loss as a regularizer.") == {
        "path invariance loss"
    }
    # the kinds of loss every recipe names by their job are no one paper's
    assert proposed(nlp, "We propose an adversarial loss and a reconstruction loss.") == set()


def test_a_lower_case_name_the_paper_coins_for_what_it_made(nlp):
    assert proposed(nlp, "We study a new kind of explanations we term low-rank representers, that help.") == {
        "low-rank representers"
    }
    assert proposed(nlp, "We propose a new regularizer called spectral smoothing that helps.") == {
        "spectral smoothing"
    }
    assert proposed(nlp, "We call this the curse of depth.") == set()


def test_a_second_verb_of_contribution_and_a_lower_case_list_of_new_methods(nlp):
    assert proposed(
        nlp,
        "We build the model on a small encoder and introduce two learning strategies: "
        "noise-tolerant learning and concept-guided learning to curb noise.",
    ) == {"noise-tolerant learning", "concept-guided learning"}
    assert proposed(nlp, "We study the gap and propose Zorp, a fix.") == {"Zorp"}
    # a verb of another subject, and a list that holds no names, propose nothing
    assert proposed(nlp, "Prior work trains Zorp and introduces Quux to the field.") == set()
    assert proposed(nlp, "We propose two techniques: the first and our second one.") == set()
    # a second verb in its -ing form, in a sentence whose subject is "we"
    assert proposed(
        nlp, "We propose an approach by recasting the logs and designing a berth model, DockPath, to plan."
    ) == {"DockPath"}
    assert (
        proposed(nlp, "We perturb the puzzles, keeping their structure and introducing Red Herrings.")
        == set()
    )


def test_a_name_cut_before_its_head_is_not_proposed(nlp):
    # "Class Prototype-based" is half of "Class Prototype-based label noise Cleaner"
    assert proposed(nlp, "We propose a solution, named Class Prototype-based label noise Cleaner.") == set()


def test_the_named_parts_of_the_proposed_system(nlp):
    paper = extracted(
        nlp,
        "Dual Models for Avatars",
        "We propose DuoGen, a framework for avatar generation. Specifically, it "
        "integrates a Texture Painting Model (TPM) that supports guidance, alongside a Shape "
        "Sculpting Model (SSM). DuoGen outperforms the Fusion Sculpting Model on all metrics. "
        "We combine Integrated Gradients with methods like the Deep Belief Network.",
    )
    assert {m.canonical or m.text for m in paper.mentions if m.role == "PROPOSES"} == {
        "DuoGen",
        "Texture Painting Model",
        "Shape Sculpting Model",
    }


def test_a_named_part_the_text_calls_a_module_or_mechanism(nlp):
    """A part whose name leaves out the word for a part ("features a Sparse Harbor
    Attention (SHA) module") is a part of the proposed system; not a bare short form
    ("skips QRT blocks"), nor what a part is built on ("based on the ... mechanism")."""
    paper = extracted(
        nlp,
        "PierNet",
        "We propose PierNet, a compact network for mooring detection. PierNet features a Sparse "
        "Harbor Attention (SHA) module and skips QRT blocks. It also integrates a sampler based on "
        "the Multi-Armed Bandit (MAB) mechanism.",
    )
    assert {m.canonical or m.text for m in paper.mentions if m.role == "PROPOSES"} == {
        "PierNet",
        "Sparse Harbor Attention",
    }


def test_what_the_paper_curates_or_collects_is_data(nlp):
    """After "we curate" or "we collect", names are sets of data the paper introduces;
    words in lower case name no set ("we collect human dialogues")."""
    paper = extracted(
        nlp,
        "Harbor Shifts",
        "To test robustness, we further curate two evaluation extensions, PIER-LT and PIER-M. "
        "We also collect human dialogues from the docks.",
    )
    assert {(m.text, m.label, m.role) for m in paper.mentions if m.role} >= {
        ("PIER-LT", "Dataset", "INTRODUCES"),
        ("PIER-M", "Dataset", "INTRODUCES"),
    }
    assert not [m for m in paper.mentions if m.role == "PROPOSES"]


def test_a_title_name_the_abstract_defines_a_short_form_for_is_proposed(nlp):
    def own(title, abstract):
        paper = extracted(nlp, title, abstract)
        return {(m.field, m.canonical or m.text) for m in paper.mentions if m.role == "PROPOSES"}

    assert own(
        "Spoken Policy Search: Planning with Words",
        "We introduce the framework of spoken policy search (SPS). SPS plans in words.",
    ) == {("title", "Spoken Policy Search"), ("abstract", "spoken policy search")}
    # a headline's words the abstract merely uses name nothing
    assert own("Label Noise: Ignorance Is Bliss", "We study label noise in many settings.") == set()


def test_a_title_name_described_as_a_benchmark_is_introduced(nlp):
    paper = extracted(
        nlp,
        "Palimpsest: A Benchmark for Evaluating Spatial Reasoning",
        "Models reason poorly about space: on Palimpsest they fail.",
    )
    assert [(m.label, m.role) for m in paper.mentions if m.text == "Palimpsest" and m.field == "title"] == [
        ("Dataset", "INTRODUCES")
    ]


def test_a_new_tool_named_in_an_apposition_and_the_proposed_pair(nlp):
    assert proposed(nlp, "To fill the gap, we introduce a new tool, the coupling tensor, for analysis.") == {
        "coupling tensor"
    }
    assert proposed(nlp, "We propose the mixture of gated critics model (MGC).") == {
        "mixture of gated critics model"
    }
    assert proposed(nlp, "The proposed gated critic mixture (GCM) is trained end to end.") == {
        "gated critic mixture"
    }


def test_an_abbreviation_the_paper_defines_as_its_own(nlp):
    assert proposed(nlp, "We introduce efficient pooling (EPL), a cheap attention mechanism.") == {
        "efficient pooling"
    }
    assert proposed(nlp, "In particular, our masked-token autoencoder (MTA) outperforms strong methods.") == {
        "masked-token autoencoder"
    }
    assert proposed(nlp, "We propose a solution, named class balanced token cleaner (CBTC).") == {
        "class balanced token cleaner"
    }
    # what the paper names as its own is a method, whichever letters the short form took
    assert proposed(
        nlp, "We propose a simple solution, named Class Prototype-based token Cleaner (CPC)."
    ) == {"Class Prototype-based token Cleaner"}
    # a pair that modifies what the paper made, and a pair of earlier work, are not its own
    for text in (
        "We introduce a vision-language model (VLM)-based rubric that scores layouts.",
        "We introduce a novel Theory of Mind (ToM) framework for agents.",
        "The dominant approach is locally constrained decoding (LCD), which is slow.",
    ):
        assert proposed(nlp, text) == set(), text


def test_an_own_abbreviation_after_an_adverb_or_a_second_verb(nlp):
    """An adverb ("we also introduce", "we further design") or a second verb ("we ...
    and develop a novel") between the writers and the pair: still their own; a pair
    after a verb of use is not."""
    for text, name in (
        ("We also introduce a new Tidal Gate Fusion (TGF) scheme for buoys.", "Tidal Gate Fusion"),
        ("To cut costs, we further design a Hull Echo Encoder (HEE) for sonar.", "Hull Echo Encoder"),
        (
            "We propose to exploit tide tables and develop a novel Reef Graph Adapter (RGA).",
            "Reef Graph Adapter",
        ),
    ):
        assert proposed(nlp, text) == {name}, text
    assert proposed(nlp, "We also use the Tidal Gate Fusion (TGF) scheme of earlier work.") == set()


def test_an_own_abbreviation_after_words_that_describe_it(nlp):
    """Describing words between the article and the name ("a simple yet effective",
    "a training-free"), or a described kind in apposition ("a cheap probing attack,
    the ..."), still make the pair the paper's own; a known method they describe, or
    a pair the verb does not reach, is not."""
    for text, name in (
        ("We propose a simple yet effective Banded Fusion Grid (BFG) for tracking.", "Banded Fusion Grid"),
        (
            "Here we propose a training-free Slot Merging Planner (SMP) for video models.",
            "Slot Merging Planner",
        ),
        (
            "We introduce a cheap probing attack, the Rank Echo Attack (REA), which needs no labels.",
            "Rank Echo Attack",
        ),
    ):
        assert proposed(nlp, text) == {name}, text
    for text in (
        "We propose a multi-agent large language model (LLM) prompting technique for triage.",
        "We propose to use the Banded Fusion Grid (BFG) for tracking.",
        "We present a study of a well-known model, the Rank Echo Attack (REA), on images.",
    ):
        assert proposed(nlp, text) == set(), text


@pytest.mark.parametrize(
    "text",
    [
        "We present extensive experiments on three corpora.",
        "We present theoretical analysis, showing the rate is tight.",
        "We develop lower bounds for the regret.",
        "We propose reward functions that are easy to learn.",
        "We introduce sparsity to the model.",
    ],
)
def test_work_done_is_not_a_name_proposed(nlp, text):
    assert proposed(nlp, text) == set()


def test_a_new_kind_of_method_called_by_a_name(nlp):
    assert proposed(
        nlp, "We use these axioms to guide the design of a new ranking method called Path Averaged Scores."
    ) == {"Path Averaged Scores"}


def test_the_marked_parts_of_a_contribution(nlp):
    assert proposed(
        nlp,
        "To this end, we propose the Harbor framework, involving: (1) Random Tile "
        "Swapping that swaps tiles; (2) Tile-wise Contrast Learning that aligns "
        "them.",
    ) >= {"Random Tile Swapping", "Tile-wise Contrast Learning"}
    assert proposed(
        nlp,
        "KiteRL removes the stalls with two components: (1) Lazy Drafter, a small "
        "model trained on idle GPUs; and (2) Rollout Pool, which reuses graphs.",
    ) == {"Lazy Drafter", "Rollout Pool"}
    assert proposed(
        nlp,
        "Our framework introduces two innovations: first, TokMorph, a transplant "
        "method, and second, a merge rule.",
    ) == {"TokMorph"}


def test_listed_findings_or_principles_are_not_proposed(nlp):
    assert (
        proposed(
            nlp,
            "We establish two key principles for detection: (1) Every Tile Counts: "
            "artifacts are everywhere; (2) More Tiles Help: models should use them.",
        )
        == set()
    )
    assert (
        proposed(nlp, "We compare two methods: (1) LoRA, which adds adapters, and (2) full fine-tuning.")
        == set()
    )


def used(nlp, text):
    return {
        (m.label, m.canonical or m.text) for m in nlp(text)._.concepts if m.role in ("USES", "EVALUATES_ON")
    }


def test_the_named_members_of_a_kind_of_method(nlp):
    assert used(
        nlp,
        "Finetuning with robust losses (such as mirrored hinge loss and bounded focal loss) adds 2 points.",
    ) >= {("Method", "mirrored hinge loss"), ("Method", "bounded focal loss")}
    assert used(nlp, "Earlier architectures such as Neural Ledger Machines were slow.") >= {
        ("Method", "Neural Ledger Machines")
    }
    assert used(nlp, "Sparse models, including Harbor MoE and Kite MoE family, were pruned.") >= {
        ("Method", "Harbor MoE"),
        ("Method", "Kite MoE"),
    }
    # a list is closed by its "and": what follows the first comma is the sentence going on
    assert ("Method", "offer theoretical grounding") not in used(
        nlp, "Ranking methods, such as echo scores, offer theoretical grounding, but cost much."
    )
    # one lower-case word after "such as" names a kind of method, not one
    assert used(nlp, "Compression techniques such as pruning help.") == set()


def test_a_kind_of_method_then_its_name(nlp):
    assert ("Method", "ridge prop") in used(
        nlp, "We add a regularization term called ridge prop to the critic."
    )


def test_number_formats_and_kinds_of_data_are_no_methods(nlp):
    assert used(nlp, "We quantise the cache to FP8 and test on OOD inputs.") == set()
    # units, signal and file formats name what a method runs on, no method
    assert used(nlp, "The radar runs at 77 GHz and the camera stores RAW frames under UV light.") == set()


def test_a_coined_name_after_a_described_corpus_is_a_dataset(nlp):
    assert ("Dataset", "KorLegalSet") in used(
        nlp, "Our experiments with a corpus of Korean court rulings KorLegalSet show gains."
    )


def test_a_dataset_introduced_and_evaluated_on_is_both():
    from kg.model.graph_model import GraphModel

    records = [
        Record(
            title="Paper one",
            source="t:1",
            abstract=(
                "We train a captioner. We then evaluate it on a new expert-written benchmark "
                "(Tide-Bench) of 900 scenes."
            ),
        ),
        Record(
            title="Paper two",
            source="t:2",
            abstract=(
                "We build CORAL, the first public Korean court hearing speech dataset. "
                "The code and CORAL will be released."
            ),
        ),
    ]
    model = GraphModel()
    for extraction in extract(records, build_nlp()):
        model.add_extraction(extraction)
    roles = {
        (model.graph.nodes[t]["name"], d["type"])
        for _, t, d in model.graph.edges(data=True)
        if d["type"] in ("INTRODUCES", "EVALUATES_ON")
    }
    assert roles == {("Tide-Bench", "INTRODUCES"), ("Tide-Bench", "EVALUATES_ON"), ("CORAL", "INTRODUCES")}


def test_a_score_or_perplexity_reported_on_a_named_set(nlp):
    assert ("Dataset", "Harborwiki") in used(
        nlp, "Pruned models reach a perplexity of 12 on Harborwiki compared to 9 for the dense one."
    )
    assert ("Dataset", "KiteQA") in used(nlp, "Our model improves the scores on KiteQA by 3 points.")


def test_lower_case_model_names_with_a_size_and_the_model_a_paper_produces(nlp):
    text = (
        "We prune kite-base-70B to produce kite-lean-41B, a faster derivative. "
        "We show that kite-lean-41B improves over kite-base-70B at every budget."
    )
    assert proposed(nlp, text) == {"kite-lean-41B"}
    assert ("Method", "kite-base-70B") in used(nlp, text)
    doc = nlp(text)
    assert {
        (doc._.kg_mentions[r.head].text, doc._.kg_mentions[r.tail].text)
        for r in doc._.kg_relations
        if r.type == "OUTPERFORMS"
    } == {("kite-lean-41B", "kite-base-70B")}


@pytest.mark.parametrize(
    "text",
    [
        "We further formulate route search as a joint optimisation over cost.",
        "We present scaling laws for KiteNet, analysing its size.",
        "We present three contributions: (1) Faithful Optimizers: We show that known optimizers compress.",
    ],
)
def test_framings_laws_and_headings_are_not_proposed(nlp, text):
    assert proposed(nlp, text) == set()


def test_new_kinds_listed_and_the_parts_a_contribution_includes(nlp):
    assert proposed(
        nlp,
        "We study two new pruning techniques for agents: (i) Ridge Pruning, which pulls "
        "toward the start; and (ii) pruning singular values.",
    ) == {"Ridge Pruning"}
    assert proposed(
        nlp,
        "We propose Zebu, a sequence model that adds several components to widen its "
        "reach, including step decay scaling, rolling block attention, and adaptive "
        "scratch memory.",
    ) == {"Zebu", "step decay scaling", "rolling block attention", "adaptive scratch memory"}
    # the parts of a system the paper only uses are not proposed
    assert (
        proposed(nlp, "Prior systems have many components, including dense retrieval and neural reranking.")
        == set()
    )


def test_a_name_typed_by_the_kind_of_method_it_is(nlp):
    assert ("Method", "Quarry") in used(
        nlp, "We extend and apply Quarry, a post-training search framework, to larger models."
    )
    assert ("Method", "Brookline") in used(nlp, "We denoise the labels using the Brookline system.")
    # a size is no part of the name; the text's opening word is no name
    assert proposed(nlp, "We propose KiteLM. Here the KiteLM 1.4B model saves compute.") == {"KiteLM"}
    assert used(nlp, "The Large model is slow.") == set()
    # the kind word must end the phrase: "the Bayesian model averaging algorithm" is no "Bayesian"
    assert ("Method", "Bayesian") not in used(nlp, "It implements the Bayesian model averaging algorithm.")


def addressed(paper) -> set[str]:
    return {m.text for m in paper.mentions if m.label == "Task" and m.role == "ADDRESSES"}


def test_a_bare_task_under_a_specific_one_is_no_second_task(nlp):
    paper = extracted(
        nlp,
        "Shape Priors for Amodal Segmentation",
        "We first complete each object with a shape prior and then apply segmentation to the completed image.",
    )
    assert addressed(paper) == {"Amodal Segmentation"}
    # with no specific task of that head, the bare task stays
    paper = extracted(
        nlp,
        "Segmentation with Shape Priors",
        "We first complete each object with a shape prior and then apply segmentation to the completed image.",
    )
    assert "segmentation" in addressed(paper)


def test_an_abbreviated_field_phenomenon_or_kind_of_data_is_no_method(nlp):
    paper = extracted(
        nlp,
        "Robust Maps from Aerial Views",
        "Pipelines in remote sensing (RS) read RS images at many scales. Shifts of the class "
        "balance, known as prior label shift (PLS), hurt them. We handle PLS with locally "
        "constrained decoding (LCD), and apply LCD to natural language processing (NLP) too.",
    )
    assert {m.text for m in paper.mentions if m.label == "Method"} == {"locally constrained decoding", "LCD"}
    assert not any(m.text in ("RS", "RS images") for m in paper.mentions)


def test_a_name_inside_emphasis_markup(nlp):
    abstract = (
        "We present \\textbf{Larkspur}, a benchmark of annotated canopy photographs. "
        "We also propose **Quillon**, a sampler for sparse canopies."
    )
    paper = extracted(nlp, "Canopy Studies", abstract)
    found = {(m.text, m.label, m.role) for m in paper.mentions if m.role in ("PROPOSES", "INTRODUCES")}
    assert ("Larkspur", "Dataset", "INTRODUCES") in found
    assert ("Quillon", "Method", "PROPOSES") in found
    # offsets stay those of the text as written
    assert all(abstract[m.start : m.end] == m.text for m in paper.mentions if m.field == "abstract")


def test_no_name_runs_across_blanked_emphasis_marks(nlp):
    abstract = (
        "In this paper, we propose **ramp-K** decoding, which adapts the cut-off to the entropy. "
        "To this end, we propose **bound-Q** sampling, a decoding rule that caps the entropy. "
        "We also propose **Quillon**, a sampler that beats nucleus sampling by 2.1 points on Fablebank."
    )
    paper = extracted(nlp, "Canopy Studies", abstract)
    # "ramp-K decoding" and "bound-Q sampling" are no span of the text as written
    assert all(abstract[m.start : m.end] == m.text for m in paper.mentions if m.field == "abstract")
    assert ("Quillon", "PROPOSES") in {(m.text, m.role) for m in paper.mentions}
    indexes = range(len(paper.mentions))
    assert all(r.head in indexes and r.tail in indexes for r in paper.relations)
    for result in paper.results:
        roles = (result.dataset, result.task, result.metric, result.method)
        assert all(index is None or index in indexes for index in roles)


def test_a_title_case_name_joined_by_and_before_its_kind(nlp):
    made = {
        (m.text, m.role)
        for m in extracted(
            nlp, "Harbour Studies", "We created the Tide and Current Atlas dataset (TCA), with 3k charts."
        ).mentions
    }
    assert ("Tide", "INTRODUCES") not in made
    assert any(text.startswith("Tide and Current Atlas") and role == "INTRODUCES" for text, role in made)
    two = extracted(nlp, "Harbour Studies", "We propose Harbor and Quay, two detectors for docks.")
    assert ("Harbor and Quay", "PROPOSES") not in {(m.text, m.role) for m in two.mentions}


def test_the_kind_of_a_name_after_its_bracketed_long_form(nlp):
    paper = extracted(
        nlp,
        "Canopy Studies",
        "We present Ferncast (Forest Canopy Forecasting Suite), the first open-source, "
        "community-driven benchmark for canopy growth.",
    )
    assert ("Ferncast", "Dataset") in {(m.text, m.label) for m in paper.mentions if m.role == "INTRODUCES"}


def introduced(nlp, text) -> set[tuple[str, str]]:
    (paper,) = extract([Record(title="", abstract=text)], nlp)
    return {(m.text, m.label) for m in paper.mentions if m.role == "INTRODUCES"}


def test_data_made_by_a_second_verb_or_listed_under_its_kind(nlp):
    assert introduced(
        nlp, "We survey prior corpora and construct a large-scale dataset, named Wrenfield, of court rulings."
    ) == {("Wrenfield", "Dataset")}
    assert introduced(
        nlp, "We construct two dedicated benchmarks, Ombra-QA and Ombra-Math, for long documents."
    ) == {("Ombra-QA", "Dataset"), ("Ombra-Math", "Dataset")}
    # a dimension is no name of what the sentence builds
    assert proposed(nlp, "We lift the points and build the 3D branch to fuse features.") == set()


def test_an_acronym_is_no_part_of_a_name_joined_by_a_dot_or_a_star(nlp):
    assert used(nlp, "Given a role, TEAMMATE.CORE drafts a plan with O*CARE codes.") == set()
    # a slash joins two names, each a method
    assert {("Method", "BERT"), ("Method", "RoBERTa")} <= used(nlp, "We fine-tune BERT/RoBERTa encoders.")


def test_a_model_named_with_its_version_or_variant_is_its_own_model(nlp):
    names = used(
        nlp,
        "We compare Korvex-4.2, Korvex-5-nano and Tilde-7B-Instruct-v0.3 against DeepSeek V3.2 "
        "and GPT-4.1 as judges.",
    )
    assert {n for _, n in names} >= {
        "Korvex-4.2",
        "Korvex-5-nano",
        "Tilde-7B-Instruct-v0.3",
        "DeepSeek V3.2",
        "GPT-4.1",
    }
    assert ("Method", "DeepSeek") not in names and ("Method", "GPT-4") not in names


def test_a_connective_or_a_dash_is_no_part_of_a_proposed_name(nlp):
    # ("Therefore" opens the sentence: no name; the model a passive verb says is proposed is)
    assert proposed(nlp, "Therefore, a lighter sequence model called Quenby is proposed here.") == {"Quenby"}
    assert proposed(
        nlp, "This paper introduces Wide Margin-a simple regularizer-that shrinks the codes."
    ) == {"Wide Margin"}
    # a clause after the name says what it does, not what it is
    assert proposed(
        nlp, "We propose Rolling Preference Tuning (RPT), which learns with datasets of ranked replies."
    ) >= {"Rolling Preference Tuning"}


def test_what_the_papers_unnamed_model_produces_under_a_short_form(nlp):
    assert "Sparse Lattice Codes" in proposed(
        nlp, "In this paper we present a model that produces Sparse Lattice Codes (SLC); we learn an encoder."
    )
    assert proposed(nlp, "We present a model that produces sharper images.") == set()


def test_a_measure_taken_at_a_cut_off(nlp):
    (paper,) = extract(
        [
            Record(
                title="", abstract="Our encoders beat the baselines by up to 2% at Precision@1 and at Hits@k."
            )
        ],
        nlp,
    )
    assert {"Precision@1", "Hits@k"} <= {m.text for m in paper.mentions if m.label == "Metric"}
    # a threshold, and a measure whose name holds a digit
    (paper,) = extract([Record(title="", abstract="The tagger lifts F1@0.3 and gets 41.2 mAP@0.5.")], nlp)
    assert {"F1@0.3", "mAP@0.5"} <= {m.text for m in paper.mentions if m.label == "Metric"}


def test_lower_case_names_the_text_coins_are_proposed(nlp):
    def made(abstract):
        return {(m.text, m.role) for m in extracted(nlp, "Harbour Studies", abstract).mentions}

    # a coined compound after "we term", "namely": no modifier of what follows
    assert ("tide-pooling", "PROPOSES") in made("A layer, which we term tide-pooling, merges the sonar maps.")
    assert ("half-echoes", "PROPOSES") in made(
        "We introduce a new tool for reading sonar, namely half-echoes, which splits each ping."
    )
    # set off by dashes after a new kind of thing, or dashed off after the proposal verb
    assert ("buoy forests", "PROPOSES") in made(
        "We then introduce a novel algorithm - buoy forests - that grows trees over the dock."
    )
    assert ("split hinge loss", "PROPOSES") in made(
        "We propose split hinge loss - a small change to the hinge loss - for noisy docks."
    )
    # in quotes after the proposal verb, without the sentence's comma
    assert ("wake normalization", "PROPOSES") in made(
        'First, we introduce a simple "wake normalization" method that helps compare hulls.'
    )
    assert ("Keel Index", "PROPOSES") in made('We introduce a "Keel Index," built from seven hull features.')
    # a generic term in quotes, a verb in -ing and a word of a list are no names
    assert not {
        t for t, r in made('We introduce a "deep learning" model named Gullnet.') if t == "deep learning"
    }
    assert ("blending normalized loss", "PROPOSES") not in made(
        "We propose blending normalized loss, uncertainty and diversity into one score."
    )
    used = made("We compare prompting strategies such as zero-shot, few-shot and chain-of-thought.")
    assert not {t for t, _ in used} & {"zero-shot", "few-shot"}


def test_a_metric_the_paper_creates_is_its_metric_not_a_proposed_method(nlp):
    """The schema's PROPOSES is for methods; a metric the paper makes is a metric it
    uses (the cards count it under metrics), however the text introduces it."""

    def metrics(text):
        return {m.text for m in nlp(text)._.concepts if m.label == "Metric" and m.role == "USES"}

    for text in (
        "We propose GlimScore, a reference-free metric for judging sketches.",
        "We introduce GlimScore (Glimpse Score), a suite of metrics that rate sketches.",
        "To judge them, we present a new metric called GlimScore that rates sketches.",
        "Finally, a novel score named GlimScore is used to rank the sketches.",
    ):
        assert "GlimScore" in metrics(text), text
        assert not proposed(nlp, text), text
    # a metric named in lower case by its nouns; words that only describe one name none
    assert metrics("Second, we introduce a gap-coverage metric for the probes.") == {"gap-coverage metric"}
    assert metrics("We propose a lightweight metric, which runs fast.") == set()
    # "metric" that is not the kind: a method for metric learning, a model that scores
    assert proposed(nlp, "We propose TwinRank, a metric learning approach for retrieval.") == {"TwinRank"}
    assert proposed(nlp, "We propose TwinRank, a model achieving the best scores.") == {"TwinRank"}


def test_a_short_form_the_text_spells_out_as_one_other_word_is_not_the_lexicons(nlp):
    """The lexicon's EM is exact match, its IR information retrieval; a text that writes
    "electromagnetic (EM)" or "infrared (IR)" means neither, and no guess replaces them."""
    for text, short in (
        ("Arrays of electromagnetic (EM) cells reflect waves; the EM cells are cheap.", "EM"),
        ("Tracking in infrared (IR) video is hard, and IR frames are noisy.", "IR"),
    ):
        assert not [m for m in nlp(text)._.concepts if m.text == short], text
    # the lexicon's own expansion, and a short form in brackets that no word before spells
    kept = {m.text: m.label for m in nlp("We report exact match (EM) and F1; EM rises.")._.concepts}
    assert kept["EM"] == "Metric"
    kept = {m.text: m.label for m in nlp("Results on in-distribution (MMLU) questions hold.")._.concepts}
    assert kept["MMLU"] == "Dataset"


def test_well_known_metrics_are_metrics_not_methods_guessed_from_capitals(nlp):
    """Short names of common measures (KID, ADE, MAPE, FPS, C-index) had no lexicon entry
    and were taken for methods from their capitals."""
    text = (
        "Glimmer lowers KID to 0.012 and ADE to 0.4 m, with a MAPE of 3.1% and a "
        "C-index of 0.71, at 90 FPS across compression ratios."
    )
    labels = {m.text: m.label for m in nlp(text)._.concepts}
    for name in ("KID", "ADE", "MAPE", "C-index", "FPS", "compression ratios"):
        assert labels.get(name) == "Metric", name


def test_a_measure_a_task_predicts_is_no_metric_of_the_paper(nlp):
    """A "click-through rate (CTR) prediction" is a task; "latency predictors" predict a
    measure the paper need not take; a regret the paper obtains is its measure."""
    facts = {
        m.text
        for m in nlp(
            "We test on dwell-time regression and click-through rate (CTR) prediction, "
            "using latency predictors; the bandit obtains a sub-linear regret."
        )._.concepts
        if m.label == "Metric" and m.role == "USES"
    }
    assert facts == {"regret"}


def test_operators_hardware_size_ranges_and_modifier_compounds_name_no_method(nlp):
    text = (
        "Our judge is a Mistral-7B-based grader; sub-13B models lag; the AND and OR "
        "gates run on an RTX 3090. We then fine-tune Mistral-7B itself."
    )
    assert {m.text for m in nlp(text)._.concepts if m.role} == {"Mistral-7B"}


def test_an_ordinal_before_a_described_module_is_no_name(nlp):
    text = (
        "We build the system in steps. First, a sparse gating layer picks sensors. "
        "Next, a two-tower encoder module maps them to codes."
    )
    assert proposed(nlp, text) == set()


def test_a_defined_pair_the_text_calls_a_problem_or_task_is_a_task(nlp):
    """ "the Harbor Slot Allocation (HSA) problem", "Dock Queue Forecasting (DQF)
    tasks": what the paper addresses, not a method it uses."""
    doc = nlp(
        "We study the Harbor Slot Allocation (HSA) problem and two Dock Queue Forecasting (DQF) tasks. "
        "Our planner solves HSA quickly."
    )
    tasks = {m.canonical or m.text for m in doc._.concepts if m.label == "Task"}
    assert {"Harbor Slot Allocation", "Dock Queue Forecasting"} <= tasks
    assert not {m.text for m in doc._.concepts if m.label == "Method"} & {"HSA", "Harbor Slot Allocation"}
    # a kind of optimisation the text casts its problem as is a method it solves with
    doc = nlp("These scores guide a Mixed Berth Programming (MBP) problem that sets each schedule.")
    assert {(m.text, m.label) for m in doc._.concepts} >= {("Mixed Berth Programming", "Method")}


def test_a_short_form_defined_before_then_naming_a_kind_is_not_proposed(nlp):
    """A short form the text defined before, now the kind of the paper's own work ("this
    paper presents an SSRL approach"), is not a name the paper proposes."""
    text = "Harbor-aware slot learning (HASL) has advanced considerably. This paper presents an HASL approach for any port."
    assert proposed(nlp, text) == set()
    assert proposed(nlp, "This paper presents PierNet, a slot learner. PierNet (PN) is fast.") == {"PierNet"}


def test_a_title_the_abstract_proposes_word_for_word_is_one_name(nlp):
    """ "we propose Slot Planning for Free, or SPF, ...": the whole title, with its joining
    words, is the proposed method and SPF its short form; "Slot Planning" alone is a
    piece of the name, not a second proposal."""
    paper = extracted(
        nlp,
        "Slot Planning for Free",
        "Berth planners are slow. In this paper, we propose Slot Planning for Free, or SPF, which "
        "plans berths at no extra cost. SPF halves waiting times.",
    )
    proposed_here = {(m.canonical or m.text) for m in paper.mentions if m.role == "PROPOSES"}
    assert proposed_here == {"Slot Planning for Free"}
    assert "SPF" in {m.text for m in paper.mentions if m.role == "PROPOSES"}


def test_generalized_names_a_problem_in_a_title(nlp):
    """ "Generalized" is part of a problem's name ("Generalized Berth Discovery"), not a
    word praising the solution as "efficient" is."""
    paper = extracted(
        nlp,
        "Slot Sculpting for Generalized Berth Discovery",
        "We study berth assignment with unlabeled ships and propose a slot sculpting method.",
    )
    tasks = {m.canonical or m.text for m in paper.mentions if m.label == "Task" and m.role == "ADDRESSES"}
    assert "Generalized Berth Discovery" in {t.title() for t in tasks} | tasks


def kinds(paper):
    """(name, label, role) of an extraction's mentions, abstract and title."""
    return {(m.canonical or m.text, m.label, m.role) for m in paper.mentions}


def test_an_apposition_calling_a_proposal_a_framework_beats_its_data_word_ending(nlp):
    """ "we propose BerthPlan-VQA, a two-stage reasoning framework": the name ends in a
    dataset's word, and the apposition says it is a method."""
    assert proposed(
        nlp, "We propose BerthPlan-VQA, a two-stage reasoning-based framework for visual question answering."
    ) == {"BerthPlan-VQA"}


def test_names_an_apposition_calls_data_are_datasets_whatever_their_heads(nlp):
    """ "Experiments on HarborNet and PierSet-QA, two drone-captured datasets": "Net" is
    no network here."""
    doc = nlp(
        "Experiments on HarborNet and PierSet-QA, two drone-captured datasets from flooded ports, show gains."
    )
    assert {(m.text, m.label) for m in doc._.concepts} >= {
        ("HarborNet", "Dataset"),
        ("PierSet-QA", "Dataset"),
    }


def test_both_models_a_paper_open_sources_are_proposed(nlp):
    assert proposed(nlp, "We open-source Kite-7B-Base and Kite-7B-Chat, two bilingual harbor models.") == {
        "Kite-7B-Base",
        "Kite-7B-Chat",
    }


def test_the_name_of_a_technical_report_is_the_model_it_reports(nlp):
    paper = extracted(
        nlp, "Kite-VL Technical Report", "We release Kite-VL-7B, a harbor vision model, and its weights."
    )
    assert ("Kite-VL", "Method", "PROPOSES") in kinds(paper)


def test_a_title_dataset_with_modifiers_joined_by_and_is_introduced(nlp):
    """ "X: A Large-Scale Multispeaker and Multilingual Harbor Speech Dataset": "and" joins
    the dataset's modifiers; "A Framework and Benchmark" stays a method."""
    paper = extracted(
        nlp,
        "PierSpeech-II: A Large-Scale Multispeaker and Multilingual Harbor Speech Dataset with Diverse Topics",
        "PierSpeech-II is a dataset of radio talk between pilots and harbor masters.",
    )
    assert ("PierSpeech-II", "Dataset", "INTRODUCES") in kinds(paper)
    paper = extracted(
        nlp, "BerthKit: A Framework and Benchmark for Berth Planning", "BerthKit plans berths in seconds."
    )
    assert ("BerthKit", "Method", "PROPOSES") in kinds(paper)


def test_a_decimal_score_on_one_capitalised_word_names_the_data(nlp):
    """ "61.2 on KestrelX": the data the score was measured on; a decimal before two
    name words ("1.9 on PortNet 256x256") stays unread (a size as often as a score)."""
    doc = nlp("KiteNet scores 61.2 on KestrelX, and reaches 1.9 on PortNet 256x256 without tuning.")
    found = {(m.text, m.label) for m in doc._.concepts}
    assert ("KestrelX", "Dataset") in found
    assert not any(text.startswith("PortNet ") for text, _ in found)


def test_an_acronym_called_a_metric_is_a_metric_and_interfaces_are_no_methods(nlp):
    doc = nlp("It improves berth continuity, as measured by the BCQ metric, through a GUI and its UI agents.")
    found = {(m.text, m.label) for m in doc._.concepts}
    assert ("BCQ", "Metric") in found
    assert not {text for text, _ in found} & {"GUI", "UI"}


def test_a_long_form_never_opens_inside_a_hyphened_word(nlp):
    """ "Non-naval Berth Planning (NBP)": the long form holds the whole word "Non-naval",
    not "naval Berth Planning"."""
    doc = nlp("Earlier planners relied on Non-naval Berth Planning (NBP) for open water; NBP is slow.")
    names = {m.canonical or m.text for m in doc._.concepts}
    assert "Non-naval Berth Planning" in names
    assert "naval Berth Planning" not in names


def test_a_known_method_naming_the_kind_of_model_made_is_used_not_proposed(nlp):
    """ "we develop an RL approach", "proposes a bidirectional long short-term memory
    (Bi-LSTM) model": the paper builds on the known method; its own model has no name."""
    assert (
        proposed(nlp, "Based on these findings, we develop an RL approach that curbs berth delays.") == set()
    )
    assert (
        proposed(
            nlp, "This work proposes a multi-output bidirectional long short-term memory (Bi-LSTM) model."
        )
        == set()
    )
    assert proposed(nlp, "We propose a Dual Harbor Network (DHN) model for berths.") == {
        "Dual Harbor Network"
    }


def test_a_word_of_a_list_of_parts_in_a_title_is_no_kind_of_data(nlp):
    paper = extracted(
        nlp,
        "Berth-Focused Planning: Foundations, State of the Art, Benchmark and Future Directions",
        "Berth-Focused Planning (BFP) trains planners for the berths they schedule. We survey BFP.",
    )
    assert not {k for k in kinds(paper) if k[2] == "INTRODUCES"}


def test_a_known_model_spelled_with_other_hyphens_is_no_named_part(nlp):
    """ "it incorporates a Multi-modal Large Language Model (MLLM)": the lexicon's
    multimodal large language model, not a part the paper names; a new name that reuses
    a known short form's letters ("Shape Sculpting Model (SSM)") still is one."""
    paper = extracted(
        nlp,
        "DockEdit: Berth Editing",
        "We propose DockEdit, a berth editor. Specifically, it incorporates a Multi-modal Large "
        "Language Model (MLLM) and a Shape Sculpting Model (SSM).",
    )
    own = {m.canonical or m.text for m in paper.mentions if m.role == "PROPOSES"}
    assert "Shape Sculpting Model" in own
    assert "Multi-modal Large Language Model" not in own


def test_a_coined_name_leading_a_cued_task_is_its_data(nlp):
    """ "On the HBirds image classification task": HBirds is the data, the task is image
    classification, and a result stated there is on HBirds."""
    doc = nlp("On the HBirds image classification task, KiteNet achieves a 24.7% relative accuracy gain.")
    found = {(m.canonical or m.text, m.label) for m in doc._.concepts}
    assert {("HBirds", "Dataset"), ("image classification", "Task")} <= found
    assert [doc._.kg_mentions[r.dataset].text for r in doc._.kg_results] == ["HBirds"]


def test_a_long_form_of_lower_case_modifiers_or_a_list_is_no_method(nlp):
    """ "high-definition (HD) maps", "a key-value (KV) cache", "Magnetic, Angular Rate, and
    Gravity (MARG) sensors": no method is used."""
    doc = nlp(
        "We build high-definition (HD) maps with a key-value (KV) cache and Magnetic, Angular Rate, "
        "and Gravity (MARG) sensors. HD maps and the KV cache help."
    )
    assert not {m.text for m in doc._.concepts if m.label == "Method"} & {
        "high-definition",
        "HD",
        "key-value",
        "KV",
        "MARG",
        "Magnetic, Angular Rate, and Gravity",
    }


@pytest.mark.parametrize(
    ("title", "task"),
    [
        ("Dock-IR: Mesh Warping for Harbor Image Retargeting", "Harbor Image Retargeting"),
        ("KiteSQL: Small Language Models for Text-to-SQL", "Text-to-SQL"),
    ],
)
def test_a_titles_purpose_may_end_in_a_gerund_or_map_one_thing_to_another(nlp, title, task):
    """ "... for Harbor Image Retargeting": the gerund is the problem's head; "... for
    Text-to-SQL": one word that maps one thing to another is a task."""
    paper = extracted(nlp, title, "We study berths and plan them.")
    tasks = {m.canonical or m.text for m in paper.mentions if m.label == "Task" and m.role == "ADDRESSES"}
    assert task.casefold() in {t.casefold() for t in tasks}


def test_a_metrics_long_form_in_another_wording_is_the_metric(nlp):
    doc = nlp("KiteNet shows a higher structural similarity index (SSIM) value and a better SROCC.")
    assert {(m.canonical or m.text, m.label) for m in doc._.concepts} >= {("SSIM", "Metric")}


def test_a_noun_in_ly_is_no_adverb_in_a_title_or_after_a_cue(nlp):
    """ "Accurate Visual Anomaly Detection": "Anomaly" is a noun, not an adverb in -ly;
    "we study visual anomaly detection": "study" is the cue's verb, no modifier."""
    paper = extracted(nlp, "KiteAD: Accurate Visual Anomaly Detection at Millisecond Latencies", "We detect.")
    assert "visual anomaly detection" in {
        (m.canonical or m.text).casefold() for m in paper.mentions if m.role == "ADDRESSES"
    }
    doc = nlp("We study harbor anomaly detection on drone images.")
    assert "harbor anomaly detection" in {m.text for m in doc._.concepts if m.role == "ADDRESSES"}


def test_a_gerund_before_the_means_names_the_titles_problem(nlp):
    """ "Harbor Camera Demosaicing via Swin Transformer": the problem is harbor camera
    demosaicing; "Hierarchical Scoring with X for Berth Navigation" names its means first."""
    paper = extracted(nlp, "Harbor Camera Demosaicing via Swin Transformer and Pixel Loss", "We demosaic.")
    tasks = {(m.canonical or m.text).casefold() for m in paper.mentions if m.role == "ADDRESSES"}
    assert "harbor camera demosaicing" in tasks
    paper = extracted(
        nlp, "Hierarchical Scoring with Gaussian Splatting for Berth Navigation", "We navigate."
    )
    tasks = {(m.canonical or m.text).casefold() for m in paper.mentions if m.role == "ADDRESSES"}
    assert "hierarchical scoring" not in tasks


def test_acronyms_called_scores_are_metrics_and_a_value_in_words_measures(nlp):
    """ "achieves WTQ-1 and WTQ-2 scores of 7.19 and 9.84": both are metrics ("GPT-4
    scores 86%" is the verb); "at a latency of two milliseconds" measures latency."""
    doc = nlp(
        "KiteNet achieves WTQ-1 and WTQ-2 scores of 7.19 and 9.84. GPT-4 scores 86% on TideLens. "
        "At a latency of two milliseconds, it is fast."
    )
    found = {(m.canonical or m.text, m.label, m.role) for m in doc._.concepts}
    assert {("WTQ-1", "Metric", "USES"), ("WTQ-2", "Metric", "USES"), ("latency", "Metric", "USES")} <= found
    assert not any(name == "GPT-4" and label == "Metric" for name, label, _ in found)


@pytest.mark.parametrize(
    ("title", "tasks"),
    [
        # a bare head inside a longer phrase is part of it
        ("Removal of Hallucination in Hallucination Detection", {"hallucination", "hallucination detection"}),
        # a verb of the title is no modifier of its object
        ("Masked Models to Detect Textual Berth Attacks", {"textual berth attacks"}),
        # a hyphened head before a capitalised word modifies it: no problem
        ("The Regularizing Power of Language-Training Berth Detectors", set()),
        ("Post-Training Quantization of Kites", {"post-training quantization"}),
    ],
)
def test_title_topics_are_whole_phrases_of_the_problem_side(nlp, title, tasks):
    paper = extracted(nlp, title, "We plan berths.")
    found = {(m.canonical or m.text).casefold() for m in paper.mentions if m.role == "ADDRESSES"}
    assert found == tasks


def test_a_title_introducing_its_dataset_introduces_it(nlp):
    paper = extracted(
        nlp,
        "PORT2TWIN: Introducing the Large-Scale Multimodal Harbor Digital Twin Benchmark Dataset",
        "PORT2TWIN holds 32 harbor scenes scanned by drones.",
    )
    assert ("PORT2TWIN", "Dataset", "INTRODUCES") in kinds(paper)


def test_proposals_of_the_ninth_round_classes(nlp):
    """ "we introduce and study X (XT)"; one plain word an apposition calls new ("we
    propose sparsemax, a new activation function"); "to which we refer as "mixout"";
    "X, a curated subset of Objaverse" is data."""
    assert proposed(
        nlp, "To do so, we introduce and study Kite-Pretrained Transformer (KPT), a planner."
    ) == {"Kite-Pretrained Transformer"}
    assert proposed(nlp, "We propose berthmax, a new activation function similar to softmax.") == {"berthmax"}
    assert proposed(
        nlp, 'We introduce a new technique, to which we refer as "dockout", motivated by dropout.'
    ) == {"dockout"}
    assert proposed(nlp, "We propose extensive, a new view of berths.") == set()
    assert proposed(
        nlp, "This paper presents Harbor++, a curated subset of Harbor with annotations.", "INTRODUCES"
    ) == {"Harbor++"}


def test_a_structured_abstracts_labels_are_no_names(nlp):
    assert (
        proposed(nlp, "Background: Berth models fail. Objective: We study kites. Note: This paper is old.")
        == set()
    )


def test_a_models_size_or_tier_written_apart_is_another_model(nlp):
    doc = nlp("KiteNet beats Llama 3 70B, Claude 3.5 Sonnet and Gemini 1.5 Pro, but not Llama 2.")
    names = {m.text for m in doc._.concepts if m.label == "Method"}
    assert {"Llama 3 70B", "Claude 3.5 Sonnet", "Gemini 1.5 Pro", "Llama 2"} <= names


@pytest.mark.parametrize(
    ("title", "task"),
    [
        # Title Case capitalises the function words the rules read: "For", "In"
        ("Planning In Natural Language Improves Kite Search For Berth Generation", "berth generation"),
        # "Stop" is a verb, no modifier of "Learning"
        ("When do Convolutional Harbor Networks Stop Learning?", None),
    ],
)
def test_title_case_function_words_and_verbs(nlp, title, task):
    paper = extracted(nlp, title, "We plan berths.")
    tasks = {(m.canonical or m.text).casefold() for m in paper.mentions if m.role == "ADDRESSES"}
    assert tasks == ({task} if task else set())


@pytest.mark.parametrize(
    ("title", "task"),
    [
        ("Butterfly Factorizations for Linear Berth Transforms", None),
        ("Kite Models for Autonomous Harbor Vehicles", None),
        ("Deep Priors for Harbor Image Analysis", "harbor image analysis"),
        ("Learned Solvers for Inverse Problems", "inverse problems"),
    ],
)
def test_a_purpose_ending_in_a_plural_thing_is_no_problem(nlp, title, task):
    """ "... for Linear Transforms", "... for Autonomous Vehicles": things a method is for;
    "Analysis" and "Problems" end in -s and are no plurals of things."""
    paper = extracted(nlp, title, "We plan berths.")
    tasks = {(m.canonical or m.text).casefold() for m in paper.mentions if m.role == "ADDRESSES"}
    assert tasks == ({task} if task else set())


def test_acronyms_of_fields_equations_and_sensors_are_no_methods(nlp):
    doc = nlp("We solve PDEs and ODEs from IMU and GPS readings, a DL problem in RL and KG research.")
    assert not {m.text for m in doc._.concepts if m.label == "Method"}


def test_a_pair_whose_short_form_names_no_method_is_no_method(nlp):
    """ "Graphical User Interface (GUI)", "Synthetic Aperture Radar (SAR) images",
    "State-of-the-art (SOTA)": what the acronym rule knows names no method, its long form
    does not either, nor do plurals of its short form ("MRIs")."""
    doc = nlp(
        "Kites read Synthetic Aperture Radar (SAR) images through a Graphical User Interface (GUI), "
        "beating State-of-the-art (SOTA) planners on MRIs. SAR and GUI help."
    )
    assert not {m.text for m in doc._.concepts if m.label == "Method"}


def test_settings_hardware_platforms_and_metric_acronyms(nlp):
    """T2I prompts, KV caches, FPGAs and YouTube name no method; Macro-F1, ICC and COMET
    are metrics."""
    doc = nlp(
        "KiteNet reaches 81.2 Macro-F1, 0.71 ICC and 30.1 COMET on T2I prompts from YouTube, with a KV cache on FPGAs."
    )
    found = {(m.text, m.label) for m in doc._.concepts}
    assert {("Macro-F1", "Metric"), ("ICC", "Metric"), ("COMET", "Metric")} <= found
    assert not {text for text, label in found if label == "Method"} & {"T2I", "YouTube", "KV", "FPGAs"}


def test_a_known_method_or_a_platform_before_a_data_word_names_no_dataset(nlp):
    """ "LLM benchmarks", "RAG datasets": what the data is for; "Kaggle datasets": where
    it is kept.  "the ImageNet dataset" is one."""
    doc = nlp("We test on LLM benchmarks, RAG datasets, Kaggle datasets and the ImageNet dataset.")
    assert {m.canonical or m.text for m in doc._.concepts if m.label == "Dataset"} == {"ImageNet"}


def test_a_part_named_at_the_systems_core_or_implementing_its_strategy(nlp):
    """ "At its core, the X (XA) mechanism ...", "a strategy implemented via the X with Y (XY)
    module": parts of the system the paper proposes."""
    paper = extracted(
        nlp,
        "KiteClean: Purified Berth Trajectories",
        "We propose KiteClean, a berth planner. At its core, the Similarity-Aware Berth Rollback (SABR) "
        "mechanism replaces failed plans. We also propose a template strategy implemented via the "
        "Dynamic Dock Update with Mamba (DDUM) module.",
    )
    own = {m.canonical or m.text for m in paper.mentions if m.role == "PROPOSES"}
    assert {"Similarity-Aware Berth Rollback", "Dynamic Dock Update with Mamba"} <= own


def test_a_data_word_then_its_name_as_an_apposition_and_capitalised_numbered_names(nlp):
    """ "the standard benchmark for logical berth detection, HarborLOCO, achieving 96.1%":
    the result is on HarborLOCO; "Cifar-100" is the lexicon's CIFAR-100; "a benchmark,
    Kite-RL-4B" names a model, no data."""
    doc = nlp(
        "KiteNet improves on the standard benchmark for logical berth detection, HarborLOCO, achieving "
        "an AUROC of 96.1%. On Cifar-100 it reaches 76.7%. We train on the benchmark, Kite-RL-4B, too."
    )
    found = {(m.canonical or m.text, m.label) for m in doc._.concepts}
    assert {("HarborLOCO", "Dataset"), ("CIFAR-100", "Dataset")} <= found
    assert ("Kite-RL-4B", "Dataset") not in found
    assert [doc._.kg_mentions[r.dataset].text for r in doc._.kg_results][:2] == ["HarborLOCO", "Cifar-100"]


def test_capitals_spelling_a_short_form_keep_a_data_word_a_data_word(nlp):
    """ "Harbour Parcel Sorting BenchmarK (HPS-K)": the capital K spells the short form;
    the word is still "benchmark", and the name a dataset the paper introduces."""
    text = "We introduce Harbour Parcel Sorting BenchmarK (HPS-K), a collection of curated sorting tasks."
    assert proposed(nlp, text, role="INTRODUCES") == {"Harbour Parcel Sorting BenchmarK"}
    assert proposed(nlp, text) == set()


def test_a_known_dataset_with_a_variant_part_glued_on_is_another_dataset(nlp):
    """ "MMLU-Pro", "ImageNet-LT", "WebArena-lite": built on a dataset the lexicon knows,
    data of its own (not a method read from its capitals); "ImageNet-scale data" and
    "Alpaca-7B" are no such variants, nor is a name that only shares the letters in
    another case ("CoCo-Fed")."""

    def labelled(text):
        return {(m.text, m.label) for m in nlp(text)._.concepts}

    found = labelled(
        "On MMLU-Pro and ImageNet-LT, the buoy tagger gains 2.1 points over WebArena-lite agents."
    )
    assert {("MMLU-Pro", "Dataset"), ("ImageNet-LT", "Dataset"), ("WebArena-lite", "Dataset")} <= found
    found = labelled("We train on ImageNet-scale data and compare with Alpaca-7B.")
    assert ("ImageNet-scale", "Dataset") not in found and ("Alpaca-7B", "Dataset") not in found
    assert proposed(nlp, "We propose CoCo-Fed, a framework for federated tide forecasting.") == {"CoCo-Fed"}
    assert proposed(nlp, "We introduce MMLU-Harbour, a harder split of questions.", role="INTRODUCES") == {
        "MMLU-Harbour"
    }
    # a system named after the data: "the FLAN-Harbour framework" is no variant of FLAN
    assert ("FLAN-Harbour", "Dataset") not in labelled("KiteNet outperforms the FLAN-Harbour framework.")


def test_metrics_a_counted_list_names_after_a_comma(nlp):
    """ "two symmetric metrics, Tide Degree (T.D.) and Quay Utility (Q.U.)": the names a
    counted list gives its metrics, short forms with dots; "improves sorting tasks by 2
    points" moves no measure called "sorting tasks"; "metrics, HarbourNet addresses ..."
    names no metric (a comma lists names only after a count)."""

    def metrics(text):
        return {m.text for m in nlp(text)._.concepts if m.label == "Metric"}

    found = metrics(
        "We add two symmetric metrics, Tide Degree (T.D.) and Quay Utility (Q.U.), which assess forgetting."
    )
    assert {"Tide Degree", "Quay Utility"} <= found
    assert "sorting tasks" not in metrics(
        "Our sampler improves sorting tasks by up to 2 points over the baselines."
    )
    assert metrics("Unlike earlier metrics, HarbourNet addresses the limits of the buoys.") == set()


def test_an_efficiency_a_method_is_said_to_improve_is_no_metric_without_a_number(nlp):
    """ "boosts the data efficiency of the sorter", "improving training efficiency": a
    quality claimed, no measure taken; with a number ("improves training efficiency by
    30%") it is one."""

    def metrics(text):
        return {m.text for m in nlp(text)._.concepts if m.label == "Metric" and m.role == "USES"}

    assert metrics("A synergic learning strategy boosts the data efficiency of the buoy sorter.") == set()
    assert (
        metrics("The warm start keeps accuracy while improving training efficiency of the tagger.") == set()
    )
    assert "training efficiency" in metrics(
        "The warm start improves training efficiency by 30% on the quay logs."
    )


def test_a_name_set_off_after_the_agent_the_paper_builds(nlp):
    """ "we propose a single-pass adaptive tokenizer, TIDE, which ...": the name the
    paper gives the tokenizer (encoder, detector, planner ...) it builds."""
    assert proposed(nlp, "We propose a single-pass adaptive tokenizer, TIDE, which halts early.") == {"TIDE"}
    assert proposed(nlp, "Here we present a lightweight buoy detector, QuayNet, that runs on a phone.") == {
        "QuayNet"
    }


def test_a_pretrained_lm_is_a_class_as_a_pretrained_language_model_is(nlp):
    """ "fine-tuning a pre-trained LM (PLM)": the short spelling of a class the generic
    list names in full is no method a paper uses."""
    assert proposed(nlp, "We fine-tune a pre-trained LM (PLM) on the buoy logs.", role="USES") == set()


def test_a_kl_divergence_is_no_method(nlp):
    """ "a KL penalty", "Kullback-Leibler (KL) divergence", "KL reduction": a divergence
    a method computes or minimises, no method the paper uses."""
    for text in (
        "We add a KL penalty that keeps the buoy policy near its reference.",
        "The sorter minimises the Kullback-Leibler (KL) divergence between the two tide models.",
        "We show that KL reduction correlates with the accuracy of the quay tagger.",
    ):
        assert proposed(nlp, text, role="USES") == set(), text


def test_a_title_name_of_a_paper_that_only_builds_unnamed_data_is_that_data(nlp):
    """A coined title name the abstract never writes, of a paper whose only stated work
    is a set of data it does not name, names that data; a paper that also speaks of a
    method of its own, or whose title calls the name one, keeps it as the method."""
    built = extracted(
        nlp,
        "TideLens: Tides in Question Answering",
        "Tides confuse readers. We therefore construct a simple benchmark on this theme: "
        "asking models which of two tide tables is right. Most models guess.",
    )
    assert {("TideLens", "Dataset", "INTRODUCES"), ("TideLens", "Dataset", "EVALUATES_ON")} <= kinds(built)
    own_method = extracted(
        nlp,
        "TideLens: Tides in Question Answering",
        "We construct a simple benchmark on this theme. Our method answers nine in ten.",
    )
    assert ("TideLens", "Method", "PROPOSES") in kinds(own_method)
    titled_method = extracted(
        nlp,
        "TideLens: A Tide Table Reading Model",
        "We construct a simple benchmark on this theme. Most models guess.",
    )
    assert ("TideLens", "Method", "PROPOSES") in kinds(titled_method)


def test_the_means_we_name_and_our_proposed_coined_name_are_proposed(nlp):
    """ "We close this gap by introducing X" contributes X when the sentence's subject is
    the writers and X is a name (not "by introducing sharp edges", nor another
    subject's means); "our proposed X" with a coined X is the paper's own."""
    assert proposed(nlp, "We close this gap by introducing Tidal Routing (TR), a sparse gate.") == {
        "Tidal Routing"
    }
    assert proposed(nlp, "We sharpen the maps by introducing sharp edges into the decoder.") == set()
    assert proposed(nlp, "Older routers cope by introducing Tidal Routing into the gate.") == set()
    assert proposed(nlp, "Tests confirm the gains of our proposed TR-Net on four tasks.") == {"TR-Net"}
    assert proposed(nlp, "Errors fall under our new Wave Gap and Wave Drift metrics.") == set()


def test_a_name_the_papers_own_system_introduces_is_its_part(nlp):
    paper = extracted(
        nlp,
        "Steering Tides with Reinforcement Learning",
        "We propose TideRL, a framework for tide forecasting. TideRL builds on PPO and "
        "introduces Phase-Balanced Policy Optimization to temper rare tides.",
    )
    assert ("Phase-Balanced Policy Optimization", "Method", "PROPOSES") in kinds(paper)


@pytest.mark.parametrize(
    "title, tasks",
    [
        ("Revisiting Tidal Aliasing in Sea Level Records", {"tidal aliasing"}),
        ("Tides, Please! Assessing Harmonic Drift for Coastal Gauges", {"harmonic drift"}),
        ("Rethinking Key Factors in Tide Gauges", set()),
        ("Understanding Failure Modes of Tide Gauges", set()),
        ("Revisiting Tide Prediction Methods", set()),
    ],
)
def test_what_a_title_studies_is_its_problem_unless_a_plural_thing(nlp, title, tasks):
    paper = extracted(nlp, title, "Gauges drift. We look again at the records of ten ports.")
    assert {
        m.canonical or m.text for m in paper.mentions if m.field == "title" and m.role == "ADDRESSES"
    } == tasks


def test_a_dataset_the_paper_introduces_is_evaluated_on_where_it_reports_running_models(nlp):
    ran = extracted(
        nlp,
        "Tides in the Machine",
        "We release TideBench, a benchmark of tide tables from ten ports. "
        "We evaluate twelve language models and find that most misread the tables.",
    )
    assert ("TideBench", "Dataset", "EVALUATES_ON") in kinds(ran)
    released = extracted(
        nlp,
        "Tides in the Machine",
        "We release TideBench, a benchmark of tide tables from ten ports. It will help future work.",
    )
    assert ("TideBench", "Dataset", "EVALUATES_ON") not in kinds(released)


def test_data_a_text_names_as_its_own_or_as_it_describes_it_is_introduced(nlp):
    def introduced(text):
        return {m.canonical or m.text for m in nlp(text)._.concepts if m.role == "INTRODUCES"}

    assert introduced("For pre-training, a large and varied dataset named HarborSet is built.") == {
        "HarborSet"
    }
    assert introduced("Gains hold on our newly curated TideLog-12K dataset as well.") == {"TideLog-12K"}
    assert introduced("Across five benchmarks, including our Tide-Bench, it leads.") == {"Tide-Bench"}
    assert introduced("Our Tide-Bench model reads the gauges.") == set()


def test_metrics_a_bracket_or_criteria_list_names(nlp):
    """ "across three metrics (tidal fidelity, phase drift, and gauge economy)" and
    "criteria including agreement and actionability" name metrics whatever their head; a
    bracket of examples, an enumeration or a number names none of its own."""

    def metrics(text):
        return {m.text for m in nlp(text)._.concepts if m.label == "Metric"}

    assert {"tidal fidelity", "phase drift", "gauge economy"} <= metrics(
        "It leads across three metrics (tidal fidelity, phase drift, and gauge economy) on every port."
    )
    assert {"agreement", "actionability"} <= metrics(
        "Two raters judged the answers on criteria including agreement and actionability."
    )
    assert "e" not in metrics("Some metrics (e.g., BLEU and chrF) disagree with raters.")
    assert metrics("The score jointly measures (i) drift and (ii) lag.") & {"i", "ii"} == set()


def test_english_words_in_capitals_for_emphasis_are_no_acronyms(nlp):
    used = {
        m.text
        for m in nlp("We sort prior work by (1) WHAT a buoy sends and (2) HOW the port reads it.")._.concepts
        if m.role == "USES"
    }
    assert used & {"WHAT", "HOW"} == set()


def test_an_acronym_before_a_year_is_an_events_edition_not_a_method(nlp):
    used = {
        m.text for m in nlp("Our system placed third at TIDECLEF 2025 and won the HRBR 2024 task.")._.concepts
    }
    assert used & {"TIDECLEF", "HRBR"} == set()


def test_what_the_writers_say_they_refer_to_or_term_so_is_proposed(nlp):
    """ "Our first strategy, referred to as X", "a process we refer to as hyperfitting",
    "which we refer to as A and B": named contributions; not a phenomenon or a failure
    mode named so, nor a thing ("termed 'tide pokes'") or another's name."""
    assert proposed(nlp, "Our first strategy, referred to as Tidal Pruning (TP), keeps large gauges.") == {
        "Tidal Pruning"
    }
    assert proposed(nlp, "Long training on one port -- a process we refer to as overtiding -- helps.") == {
        "overtiding"
    }
    assert proposed(
        nlp, "We add two parts, which we refer to as harbor weighting and quay smoothing. Both help."
    ) == {"harbor weighting", "quay smoothing"}
    assert proposed(nlp, "We find that gauges drift late, a phenomenon we refer to as overtiding.") == set()
    assert proposed(nlp, "We show a failure mode termed Gauge Collapse in all models.") == set()
    assert proposed(nlp, 'Our buoys send sparse signals termed "tide pokes" to the port.') == set()
    assert proposed(nlp, "Models of the sea, sometimes referred to as tide models, are common.") == set()


def test_a_described_proposal_named_in_brackets_and_the_last_of_a_counted_list(nlp):
    """ "we propose a light-weight tuning method (TideTune)": the bracket names it (not
    when "called X" follows it: X is the name); "two algorithms: A, which ..., and B, a
    ...": the list's last item too."""
    assert proposed(nlp, "We then propose a light-weight black-box tuning method (TideTune) for gauges.") == {
        "TideTune"
    }
    assert "PRM" not in proposed(nlp, "We propose the first process reward model (PRM) called Quay-Shepherd.")
    assert proposed(
        nlp,
        "We propose two algorithms: TIDE-U, which fits a utility to the gauges, and TIDE-T, "
        "a non-parametric method that ranks ports.",
    ) == {"TIDE-U", "TIDE-T"}


def test_parts_listed_one_sentence_each_and_names_a_passive_verb_makes(nlp):
    """ "TideAS consists of three components: (1) Gauge Building - to ... . (2) Gauge
    Lookup - to ...": each item of the list, though each is its own sentence and set off
    by a dash; "Quay Constraint and Buoy Constraint are further proposed": both names;
    not "a model based on TideNet-9 is proposed" nor "when Skills are introduced"."""
    text = (
        "Specifically, TideAS consists of three components: (1) Gauge Building - to store tide "
        "tables. (2) Gauge Lookup - to find a port's table. (3) Drift Regularization- to flag "
        "drift. To this end, Quay Constraint and Buoy Constraint are further proposed."
    )
    assert {
        "Gauge Building",
        "Gauge Lookup",
        "Drift Regularization",
        "Quay Constraint",
        "Buoy Constraint",
    } <= proposed(nlp, text)
    assert proposed(nlp, "A tide model based on TideNet-9 is proposed for ports.") == set()
    assert proposed(nlp, "Ten tasks get worse when Tide Skills are introduced.") == set()


def test_a_long_form_in_lower_case_ending_in_a_data_word_is_data(nlp):
    introduced = {
        m.canonical or m.text
        for m in nlp("We collect a large-scale tide table dataset~(TTD) of ten ports.")._.concepts
        if m.label == "Dataset"
    }
    assert introduced == {"tide table dataset"}


def test_well_known_techniques_are_used_and_general_classes_are_not(nlp):
    used = {
        m.canonical or m.text
        for m in nlp(
            "We decode with top-p sampling, regularize with weight decay, and locate the circuit "
            "by activation patching, while a linear regression and an n-gram baseline stay simple."
        )._.concepts
        if m.role == "USES"
    }
    assert {"nucleus sampling", "weight decay", "activation patching"} <= used
    assert used & {"linear regression", "n-gram"} == set()


def test_data_the_writers_newly_curated_is_introduced(nlp):
    """ "We evaluate X on QuayRelax, a newly curated molecular relaxation dataset": the
    writers' own data; "a newly introduced dataset" is as often others' new data."""
    text = (
        "We evaluate HarborNet on QuayRelax, a newly curated molecular relaxation dataset of 10M snapshots."
    )
    assert proposed(nlp, text, role="INTRODUCES") == {"QuayRelax"}
    text = "We evaluate HarborNet on QuayRelax, a newly introduced interview-based dataset."
    assert proposed(nlp, text, role="INTRODUCES") == set()


def test_a_known_model_led_by_lower_case_letters_is_a_model_of_its_own(nlp):
    """ "mDeBERTa", "xLSTM", "iTransformer": another model than the one named (the text
    had no mention of them); "dLLM" is a kind of model, as "LLM" is."""
    found = {m.text for m in nlp("We compare mDeBERTa, xLSTM and iTransformer with a dLLM.")._.kg_mentions}
    assert {"mDeBERTa", "xLSTM", "iTransformer"} <= found and "dLLM" not in found


def test_names_a_sentence_opens_on_before_a_result_are_data(nlp):
    """ "On HarborSeg, KiteNet reaches ...", "Across PierQA, DockBench, and Tideset, ...
    achieves": what the result was measured on, not methods; models named there
    ("Across Kite-7B and Gull-13B, ...") or a setting whose data comes later in the
    sentence stay what they were."""
    doc = nlp(
        "On HarborSeg, KiteNet reaches 81.2 mIoU. Across PierQA, DockBench, and Tideset, "
        "KiteNet achieves the best accuracy among the baselines."
    )
    assert {(m.text, m.label, m.role) for m in doc._.concepts} >= {
        ("HarborSeg", "Dataset", "EVALUATES_ON"),
        ("PierQA", "Dataset", "EVALUATES_ON"),
        ("DockBench", "Dataset", "EVALUATES_ON"),
        ("Tideset", "Dataset", "EVALUATES_ON"),
    }
    for text, setting in (
        ("Across Kite-7B and Gull-13B, KiteTune improves accuracy by 4 points.", {"Kite-7B", "Gull-13B"}),
        (
            "Across KiteDiff and GullFlow, evaluations on PierEdit show that KiteTune improves fidelity.",
            {"KiteDiff", "GullFlow"},
        ),
        ("On Linux, we run the tool in a container.", {"Linux"}),
    ):
        assert not {m.text for m in nlp(text)._.concepts if m.label == "Dataset"} & setting, text


def test_a_short_form_in_brackets_before_the_kind_is_the_proposed_name(nlp):
    """ "we propose a novel tide-then-berth (TTB) framework", also "this work proposes"
    and in the passive: the paper names its own work; a short form the field has ("a
    deep reinforcement learning (DRL) framework") or a modifier ("a Segment Anything
    Model (SAM)-guided method") names none."""
    for text in (
        "We propose a novel tide-then-berth (TTB) framework to plan harbor traffic.",
        "This work proposes a tide-then-berth (TTB) framework to plan harbor traffic.",
        "In this paper, a novel tide-then-berth (TTB) framework is proposed to plan harbor traffic.",
    ):
        assert proposed(nlp, text) == {"TTB"}, text
    assert proposed(nlp, "We propose a Harbor Pier Network (HPN)-guided method for berth planning.") == set()
    assert "DRL" not in proposed(
        nlp, "We propose a deep reinforcement learning (DRL) framework for berth planning."
    )


def test_a_part_the_system_integrates_named_and_defined_here_is_its_own(nlp):
    """ "KiteNet integrates Tidal Berth Distillation (TBD)": a title-case name the paper
    defines with its short form, in a sentence saying what its system is made of, is a
    part of its own; a long form many papers define ("the Fast Fourier Transform (FFT)",
    extractors/data/field_terms.tsv) or one the system takes ("employing Locality
    Sensitive Hashing (LSH)") is the field's."""
    paper = extracted(
        nlp,
        "KiteNet: Harbor Speech Recognition",
        "We propose KiteNet, a speech model for harbors. KiteNet integrates Tidal Berth "
        "Distillation (TBD) to align accents, and incorporates the Fast Fourier Transform "
        "(FFT) to read spectra. Empirically, employing Locality Sensitive Hashing (LSH) to "
        "group calls, KiteNet halves the error.",
    )
    facts = kinds(paper)
    assert ("Tidal Berth Distillation", "Method", "PROPOSES") in facts
    assert (
        not {
            ("Fast Fourier Transform", "Method", "PROPOSES"),
            ("Locality Sensitive Hashing", "Method", "PROPOSES"),
        }
        & facts
    )


def test_field_terms_are_long_forms_many_corpus_papers_define():
    from extractors.field_terms import count_definitions, is_field_term

    papers, written = count_definitions(
        ["We use Tidal Berth Scheduling (TBS) here.", "Tidal berth scheduling (TBS) helps.", "No pair here."]
    )
    assert (
        papers["tidal berth scheduling"] == 2
        and written["tidal berth scheduling"]["Tidal Berth Scheduling"] == 1
    )
    assert is_field_term("Fast Fourier Transforms") and not is_field_term("Tidal Berth Distillation")


def test_a_field_term_in_the_systems_parts_is_used_not_proposed(nlp):
    """ "We first incorporate the VFM with the Feature Pyramid Network (FPN)": a module
    many papers define is the field's, though the sentence says what the system holds."""
    paper = extracted(
        nlp,
        "KiteSeg: Harbor Segmentation",
        "We propose KiteSeg, a harbor segmentation framework. KiteSeg incorporates a "
        "Feature Pyramid Network (FPN) and a Tidal Fusion Module (TFM).",
    )
    facts = kinds(paper)
    assert ("Tidal Fusion Module", "Method", "PROPOSES") in facts
    assert ("Feature Pyramid Network", "Method", "PROPOSES") not in facts


def test_a_share_its_measure_and_on_name_the_data(nlp):
    """ "76.2% success rate on DockDrive", "6% Top-1 on PRCQ": what the share was measured
    on, not a method the acronym rule guessed; not "20% of the data on ...", nor a name
    cut at its apostrophe ("on the Who's There benchmark")."""
    doc = nlp(
        "KiteNet achieves 76.2% success rate on DockDrive and gains 6% Top-1 on PRCQ. "
        "It also improves by 4% on the Who's There benchmark."
    )
    data = {m.text for m in doc._.concepts if m.label == "Dataset"}
    assert {"DockDrive", "PRCQ"} <= data and "Who" not in data


def test_the_parts_of_an_unnamed_system_the_paper_proposes_are_its_own(nlp):
    """ "we propose a diffusion-based framework ..., in which a Tidal Glare Correction
    Module (TGCM) is introduced": the system has no name, the part has one."""
    paper = extracted(
        nlp,
        "Seeing Harbors at Night",
        "We propose a diffusion-based framework for night harbor images, in which a Tidal "
        "Glare Correction Module (TGCM) is introduced to fix exposure.",
    )
    assert ("Tidal Glare Correction Module", "Method", "PROPOSES") in kinds(paper)


def test_the_named_sets_a_made_benchmark_includes_are_introduced(nlp):
    """ "we construct a new benchmark, including a real-world dataset X, and two synthetic
    datasets Y and Z"; a listed artifact whose note calls it data ("A (a 6,000-record
    audited multimodal corpus)"); but "a public dataset named X" is others' data."""
    assert proposed(
        nlp,
        "We also construct a new benchmark, including a real-world dataset PierFlow, and two "
        "synthetic datasets PierSyn-Day and PierSyn-All, for vessel search.",
        "INTRODUCES",
    ) == {"PierFlow", "PierSyn-Day", "PierSyn-All"}
    assert proposed(
        nlp,
        "We release two artifacts addressing these gaps: KiteCorp-A (a 6,432-record audited "
        "multimodal corpus) and Kite-R1 (an 8B model).",
        "INTRODUCES",
    ) == {"KiteCorp-A"}
    doc = nlp("Experiments on a public dataset named HARBORX show gains.")
    assert {(m.text, m.label, m.role) for m in doc._.concepts} == {("HARBORX", "Dataset", "EVALUATES_ON")}


def test_points_written_pp_name_the_data_after_on(nlp):
    """ "+15.7 pp on DockReason (...; ahead of Gull-2)": the data, not a method that beat Gull-2."""
    doc = nlp("KiteNet gains +15.7 pp on DockReason (23.9 -> 39.6; ahead of Gull-2 Pro).")
    assert ("DockReason", "Dataset") in {(m.text, m.label) for m in doc._.concepts}


def test_a_confidence_interval_is_no_measure_nor_method(nlp):
    """ "accuracy of 92.4% (95% CI, 90.7%-94.1%)", "bootstrap CIs": how sure a figure is;
    a "CI" a text defines otherwise ("context interaction (CI) module") stays its own."""
    doc = nlp("KiteNet reached an accuracy of 92.4% (95% CI, 90.7%-94.1%) with bootstrap CIs.")
    assert not [m for m in doc._.concepts if m.text in ("CI", "CIs")]
    doc = nlp("KiteNet adds a context interaction (CI) module.")
    assert "CI" in {m.text for m in doc._.concepts}


def test_kinds_of_large_models_by_their_short_forms_are_no_facts(nlp):
    """ "a decoding framework for LMMs", "existing LRMs and VLAs": classes of models."""
    doc = nlp("We build a decoding framework for LMMs and LALMs. Existing LRMs and VLAs fail.")
    assert not [m for m in doc._.concepts if m.role]


def test_a_models_tier_glued_to_its_name_is_another_model(nlp):
    """ "Qwen2.5-Max", "Gemini-1.5-Pro", "Claude-3-Opus", "Gemini-Pro": versions and tiers
    are models of their own, read whole (tokens split at letters only)."""
    doc = nlp("We compare Qwen2.5-Max, Gemini-1.5-Pro, Claude-3-Opus and Gemini-Pro.")
    assert {m.text for m in doc._.concepts if m.label == "Method"} == {
        "Qwen2.5-Max",
        "Gemini-1.5-Pro",
        "Claude-3-Opus",
        "Gemini-Pro",
    }


def test_the_authors_of_a_citation_are_no_concepts(nlp):
    """ "the PierSet dataset (Kirk et al., 2024)", "(Kim and Lindqvist, 2020)", "(KPMG,
    2026)": who wrote or published a cited work; an edition in brackets ("(HARBOR 2025)")
    stays what it names."""
    doc = nlp(
        "We use the PierSet dataset (Kirk et al., 2024) and the DockQA benchmark (Kim and "
        "Lindqvist, 2020), as reports say (KPMG, 2026). We enter the shared task (HARBOR 2025)."
    )
    facts = {m.text for m in doc._.concepts if m.role}
    assert not {"Kirk", "Kim", "Lindqvist", "KPMG"} & facts
    assert "PierSet dataset" in facts or "PierSet" in facts


def test_a_numbered_stage_opening_a_sentence_is_no_name(nlp):
    """ "In Stage II, a semantics-aware model infers ...": a step of the method, no name."""
    assert proposed(nlp, "We propose KiteNet. In Stage II, a semantics-aware model infers the hull.") == {
        "KiteNet"
    }


def test_a_long_form_written_over_a_line_break_is_one_line_of_the_field_terms():
    """A long form an abstract breaks over two lines is written on one: the file's
    lines are its entries, and a broken one would make its tail a term of its own."""
    from extractors.field_terms import count_definitions

    _, written = count_definitions(["We use Tidal Berth\nScheduling (TBS) here."] * 3)
    assert list(written["tidal berth scheduling"]) == ["Tidal Berth Scheduling"]
