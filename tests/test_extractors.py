"""Each extraction component on small sentences written for these tests."""

from __future__ import annotations

import pytest

from extractors.abbreviations import find_abbreviations
from extractors.heads import type_by_head
from extractors.patterns import find_patterns
from extractors.pipeline import build_nlp


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def found(doc, label=None):
    return [(m.label, m.text) for m in doc._.kg_mentions if label in (None, m.label)]


def test_abbreviation_pairs_and_later_uses():
    text = (
        "We study Gradient Noise Injection (GNI) for training. GNI is cheap, "
        "and mixture of experts (MoE) layers help."
    )
    pairs = {p.short: p for p in find_abbreviations(text)}
    assert pairs["GNI"].long == "Gradient Noise Injection"
    assert [text[s:e] for s, e in pairs["GNI"].uses] == ["GNI"]
    assert pairs["MoE"].long == "mixture of experts"
    assert text[pairs["MoE"].long_start : pairs["MoE"].long_end] == "mixture of experts"


def test_no_pair_when_letters_do_not_fit():
    assert find_abbreviations("We train a small model (see Table 3) quickly.") == []


def test_head_word_typing():
    assert type_by_head("PointCloudNet") == "Method"
    assert type_by_head("Spectral Graph Transformer") == "Method"
    assert type_by_head("ToolBench") == "Dataset"
    assert type_by_head("Urban Scenes Corpus") == "Dataset"
    assert type_by_head("hyperspectral image classification") == "Task"
    assert type_by_head("banana") is None


def test_lexicon_matches_case_rules(nlp):
    doc = nlp("We report top-1 accuracy on ImageNet and BLEU on WMT14 for machine translation.")
    assert ("Dataset", "ImageNet") in found(doc)
    assert ("Metric", "BLEU") in found(doc)
    assert ("Task", "machine translation") in found(doc)
    # single capitalised words match only as written: "race" is not the RACE dataset
    assert found(nlp("The race to scale models continues."), "Dataset") == []


def test_a_metric_written_in_the_plural_is_the_metric(nlp):
    """A metric in the plural ("CLIP scores", "word error rates"): several figures of
    one metric, not the model CLIP; its canonical name is the singular's."""
    doc = nlp("We report CLIP scores and word error rates for each speaker.")
    metrics = {(m.text, m.canonical) for m in doc._.kg_mentions if m.label == "Metric"}
    assert metrics == {("CLIP scores", "CLIP score"), ("word error rates", "word error rate")}
    assert found(doc, "Method") == []


def test_a_common_metric_word_is_the_papers_metric_where_the_text_defines_it(nlp):
    """ "regret" measured by nothing is no metric of the paper; a clause that says what it
    measures makes it one ("a notion of regret ..., which measures the mistakes")."""

    def metrics(text):
        return {m.text for m in nlp(text)._.kg_mentions if m.label == "Metric" and m.role == "USES"}

    assert metrics("Agents show regret when they trade.") == set()
    assert metrics("We define a notion of regret for docking, which measures the missed slots.") == {"regret"}
    assert metrics("Our planner beats the baseline by 1.4% Jaccard on the dock split.") == {"Jaccard"}
    assert metrics("We study the agents through the performance metric of regret.") == {"regret"}


def test_manipulation_alone_is_no_robotic_manipulation(nlp):
    """A bare "manipulation" is as often of images, people or symbols as of objects by a
    robot: the lexicon does not read it as robotic manipulation."""
    doc = nlp("We measure how susceptible users are to manipulation by chat agents.")
    assert not [m for m in doc._.kg_mentions if (m.canonical or "") == "robotic manipulation"]
    doc = nlp("Our policy improves robotic manipulation on four arms.")
    assert [m for m in doc._.kg_mentions if (m.canonical or m.text) == "robotic manipulation"]


def test_sentence_final_acronym_is_matched(nlp):
    assert ("Dataset", "COCO") in found(nlp("We evaluate on COCO."))


def test_patterns_propose_title_and_data_word():
    text = (
        "We propose QuillNet, a novel architecture for table parsing. We also test on the Harbor benchmark."
    )
    matches = {(m.pattern, text[m.start : m.end], m.label, m.role) for m in find_patterns(text)}
    assert ("proposal", "QuillNet", "Method", "PROPOSES") in matches
    assert ("data-word", "Harbor", "Dataset", None) in matches
    title = "LoomBench: Measuring Agents on Weaving Problems"
    first = find_patterns(title)[0]
    assert (title[first.start : first.end], first.label, first.role) == ("LoomBench", "Dataset", "INTRODUCES")


def test_our_method_names_a_proposal():
    text = "In particular, our procedure, Flat Basin Search (FBS), seeks wide minima."
    [match] = [m for m in find_patterns(text) if m.pattern == "proposal"]
    assert (text[match.start : match.end], match.label, match.role) == (
        "Flat Basin Search",
        "Method",
        "PROPOSES",
    )


def test_lower_case_method_phrase_needs_a_modifier():
    text = "We replace sparse convolution with graph networks; networks help."
    phrases = [text[m.start : m.end] for m in find_patterns(text) if m.pattern == "method-phrase"]
    assert phrases == ["sparse convolution", "graph networks"]


def test_list_after_experiments_cue():
    text = "Experiments on Alpha-7, BetaSet and the GammaQA show gains."
    names = {text[m.start : m.end] for m in find_patterns(text) if m.pattern == "list"}
    assert names == {"Alpha-7", "BetaSet", "GammaQA"}


def test_list_items_name_no_owner_and_no_bare_data_word():
    text = "Experiments on Quorra'21, Dataset and Mira's logs show gains."
    names = [text[m.start : m.end] for m in find_patterns(text) if m.pattern == "list"]
    assert names == ["Quorra'21"]


def test_resolver_types_pair_and_roles(nlp):
    doc = nlp(
        "We introduce Orbit Replay Buffer (ORB), a novel method for continual learning. "
        "ORB beats ResNet on CIFAR-100."
    )
    mentions = doc._.kg_mentions
    orb = [m for m in mentions if m.text in ("ORB", "Orbit Replay Buffer")]
    assert {m.canonical for m in orb} == {"Orbit Replay Buffer"}
    assert {m.label for m in orb} == {"Method"}
    roles = {m.text: m.role for m in mentions}
    assert roles["CIFAR-100"] == "EVALUATES_ON"
    assert roles["continual learning"] == "ADDRESSES"
    assert any(m.role == "PROPOSES" for m in orb)
    # overlapping candidates leave one mention per span
    spans = [(m.start, m.end) for m in mentions]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_roles_fit_the_schema(nlp):
    from kg import schema

    doc = nlp("We propose Contextual Scene Reconstruction, and we introduce Dense Image Captioning.")
    for m in doc._.kg_mentions:
        assert m.label in schema.EDGE_TYPES[m.role].targets, (m.text, m.label, m.role)


def test_offsets_are_exact(nlp):
    text = "Using BERT (Devlin) we tackle named entity recognition on CoNLL-2003 data."
    doc = nlp(text)
    for m in doc._.kg_mentions:
        assert text[m.start : m.end] == m.text
        assert m.text in m.sentence


def test_results_value_metric_dataset(nlp):
    doc = nlp("We propose KiteNet. KiteNet reaches 84.2% top-1 accuracy on ImageNet image classification.")
    [result] = doc._.kg_results
    mentions = doc._.kg_mentions
    assert mentions[result.dataset].text == "ImageNet"
    assert mentions[result.metric].text == "top-1 accuracy"
    assert mentions[result.task].text == "image classification"
    assert mentions[result.method].text == "KiteNet"
    assert (result.value, result.unit) == (84.2, "%")


def test_counts_are_not_scores(nlp):
    doc = nlp("We evaluate on 3 datasets including ImageNet in 2024.")
    assert doc._.kg_results == []


def test_comparisons_outperforms_with_factor_and_extends(nlp):
    doc = nlp("We propose SwiftFormer. It is 4.6x faster than SlowFormer on COCO. SwiftFormer extends DeiT.")
    relations = {
        (doc._.kg_mentions[r.head].text, r.type, doc._.kg_mentions[r.tail].text, r.attrs.get("factor"))
        for r in doc._.kg_relations
    }
    assert ("SwiftFormer", "OUTPERFORMS", "SlowFormer", "4.6x faster") in relations
    assert ("SwiftFormer", "EXTENDS", "DeiT", None) in relations
    for r in doc._.kg_relations:
        assert doc.text[r.start : r.end] in r.sentence


def dataset_mentions(doc):
    return [(m.text, m.canonical) for m in doc._.kg_mentions if m.label == "Dataset"]


def test_dataset_span_takes_its_data_word_and_the_name_stays_bare(nlp):
    doc = nlp(
        "We pretrain on the ImageNet dataset, fine-tune on the Harbor test set and "
        "report top-1 accuracy on ImageNet."
    )
    assert dataset_mentions(doc) == [
        ("ImageNet dataset", "ImageNet"),
        ("Harbor test set", "Harbor"),
        ("ImageNet", "ImageNet"),
    ]
    # "data" that modifies a noun after it is no part of the name
    assert dataset_mentions(nlp("We apply COCO data augmentation.")) == [("COCO", "MS COCO")]
    # a split is a data word too: the acronym before it is data, not a method
    assert dataset_mentions(nlp("On a stratified HRBQ test split, it reaches 98.9% sensitivity.")) == [
        ("HRBQ test split", "HRBQ")
    ]


def test_dataset_definition_is_one_mention_and_its_short_form_joins_it(nlp):
    doc = nlp("We train on the Lantern Speech Corpus (LSC) corpus. LSC has 40 hours of speech.")
    assert dataset_mentions(doc) == [
        ("Lantern Speech Corpus (LSC) corpus", "Lantern Speech Corpus"),
        ("LSC", "Lantern Speech Corpus"),
    ]


def test_dataset_span_takes_edition_and_catalogue_number(nlp):
    doc = nlp(
        "We train on the Quorra Speech corpus 2019 and the Gigaword (LDC2011T07), "
        "then test on Harbor Bay Recordings (HBR) 2.1, not on Table 3 (Table 3)."
    )
    assert dataset_mentions(doc) == [
        ("Quorra Speech corpus 2019", "Quorra Speech"),
        ("Gigaword (LDC2011T07)", "Gigaword"),
        ("Harbor Bay Recordings (HBR) 2.1", "Harbor Bay Recordings"),
    ]
    # the catalogue number is no method of its own; a score is no edition
    assert not [m for m in doc._.kg_mentions if m.text == "LDC2011T07"]
    for score in ("2.1%", "2.1 points lower", "2.1 dB"):
        assert dataset_mentions(nlp(f"The error on the Quorra corpus {score} than before.")) == [
            ("Quorra corpus", "Quorra")
        ]


def test_long_form_before_a_data_word_is_a_dataset(nlp):
    doc = nlp("We collect the North Harbor Shipping Logs Archive (NHSLA) dataset.")
    assert dataset_mentions(doc) == [
        ("North Harbor Shipping Logs Archive (NHSLA) dataset", "North Harbor Shipping Logs Archive")
    ]


def test_languages_are_no_datasets_but_restrict_one(nlp):
    doc = nlp("Experiments on Finnish, Korean and Hindi-Urdu show gains on the Norwegian Harbor corpus.")
    assert dataset_mentions(doc) == [("Norwegian Harbor corpus", "Norwegian Harbor")]


def test_data_word_patterns_need_a_name():
    def data_words(text):
        return [text[m.start : m.end] for m in find_patterns(text) if m.pattern == "data-word"]

    # a name, with words saying what the data holds, or an edition number before "data"
    assert data_words("We use the Quorra meeting corpus and the Harbor 2031 data.") == [
        "Quorra meeting",
        "Harbor 2031",
    ]
    # no name: modalities, sentence-opening words, kinds of data, task words
    assert (
        data_words(
            "Parallel corpora help. We fuse RGB data. Recent few-shot datasets "
            "exist. We mine Synthetic Corpora and Open Data."
        )
        == []
    )
    assert (
        data_words(
            "We pool MRI datasets, 26 NLP benchmarks and 3D data; Quorra data "
            "collection took a year, and Quorra takes multimodal data."
        )
        == []
    )
    assert data_words("We test on the Quorra classification benchmark.") == []
    # a preposition between the name and the data word: the name is not the data's
    assert data_words("We validate Zorp against competing benchmarks.") == []
    # describing words after a language or a count describe data, they name none
    assert data_words("We build a Korean learner corpus and 12 speech treebanks.") == []
    assert type_by_head("GlossBank") == "Dataset"


def test_what_a_benchmark_is_run_on_is_data_but_not_its_topic(nlp):
    """ "a rigorous benchmark on HRBQ-PRAD", "we benchmark ten models on QuayVox": data
    the paper evaluates on; "benchmarked models on Swiss legal translation" and
    "benchmarks focus narrowly on Harbour Programming" name topics."""

    def evaluated(text):
        return {m.text for m in nlp(text)._.kg_mentions if m.label == "Dataset"}

    assert evaluated("We construct a rigorous benchmark on HRBQ-PRAD (487 patients).") == {"HRBQ-PRAD"}
    assert evaluated("We benchmark ten models on QuayVox, the largest synthetic quay set.") >= {"QuayVox"}
    assert evaluated("Prior work benchmarked models on Swiss legal translation.") == set()
    assert evaluated("Existing benchmarks focus narrowly on Harbour Programming.") == set()
