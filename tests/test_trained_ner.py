"""The trained-NER component with the rules, and `kg train` end to end on sentences
written here (a tiny model, trained in seconds, in tmp)."""

from __future__ import annotations

import json

import pytest
import spacy

import extractors.components  # noqa: F401  registers the factories
from extractors.base import mention, results
from extractors.mentions import Relation, Result
from extractors.pipeline import TRAINED_NER, build_nlp

TEXT = "We propose FastNet and test it on the ImageNet benchmark for image classification."


def pipeline_with_ner(prefer: str, labels=("Method", "Dataset", "Task")):
    """A blank pipeline whose `ner` knows `labels` (entities are set by hand below)."""
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in labels:
        ner.add_label(label)
    nlp.initialize()
    return nlp, nlp.add_pipe(TRAINED_NER, config={"prefer": prefer})


def doc_with(nlp, entities, rule_mentions):
    doc = nlp.make_doc(TEXT)
    doc.ents = [doc.char_span(TEXT.index(t), TEXT.index(t) + len(t), label=l) for t, l in entities]
    found = results(doc, "kg_mentions")
    for text, label, extra in rule_mentions:
        start = TEXT.index(text)
        found.append(mention(doc, label, start, start + len(text), "rules", 0.9, **extra))
    return doc


def test_model_entities_replace_overlapping_rule_mentions_and_inherit_roles():
    nlp, component = pipeline_with_ner("model")
    doc = doc_with(
        nlp,
        [("FastNet", "Method"), ("ImageNet benchmark", "Dataset")],
        [
            ("FastNet", "Method", {"role": "PROPOSES", "canonical": "FastNet"}),
            ("ImageNet", "Dataset", {"role": "EVALUATES_ON"}),
            ("image classification", "Task", {}),
            ("test", "Metric", {}),
        ],
    )
    results(doc, "kg_results").append(
        Result(
            dataset=1,
            task=2,
            metric=None,
            method=0,
            value=None,
            unit=None,
            start=0,
            end=10,
            field="",
            sentence=TEXT,
            component="rules",
            confidence=0.8,
        )
    )
    results(doc, "kg_relations").append(Relation("EXTENDS", 0, 3, 0, 5, "", TEXT, "rules", 0.5))
    component(doc)
    by_text = {m.text: m for m in doc._.kg_mentions}
    # Rules keep what the model does not contest (Task here) and labels it lacks (Metric).
    assert set(by_text) == {"FastNet", "ImageNet benchmark", "image classification", "test"}
    assert by_text["FastNet"].component == TRAINED_NER and by_text["FastNet"].role == "PROPOSES"
    assert by_text["FastNet"].canonical == "FastNet"  # same span: canonical carried
    assert by_text["ImageNet benchmark"].role == "EVALUATES_ON"  # wider span: role only
    assert by_text["ImageNet benchmark"].canonical is None
    result = doc._.kg_results[0]
    mentions = doc._.kg_mentions
    assert (mentions[result.dataset].text, mentions[result.task].text, mentions[result.method].text) == (
        "ImageNet benchmark",
        "image classification",
        "FastNet",
    )
    relation = doc._.kg_relations[0]
    assert (mentions[relation.head].text, mentions[relation.tail].text) == ("FastNet", "test")


def test_rules_preferred_entities_only_fill_gaps():
    nlp, component = pipeline_with_ner("rules")
    doc = doc_with(
        nlp, [("FastNet", "Method"), ("ImageNet benchmark", "Dataset")], [("ImageNet", "Dataset", {})]
    )
    component(doc)
    assert [(m.text, m.component) for m in doc._.kg_mentions] == [
        ("ImageNet", "rules"),
        ("FastNet", TRAINED_NER),
    ]


def test_a_contested_mention_with_no_heir_drops_its_result():
    nlp, component = pipeline_with_ner("model")
    doc = doc_with(nlp, [("ImageNet benchmark", "Task")], [("ImageNet", "Dataset", {})])
    results(doc, "kg_results").append(
        Result(
            dataset=0,
            task=None,
            metric=None,
            method=None,
            value=None,
            unit=None,
            start=0,
            end=1,
            field="",
            sentence=TEXT,
            component="rules",
            confidence=0.8,
        )
    )
    component(doc)
    assert [m.text for m in doc._.kg_mentions] == ["ImageNet benchmark"]
    assert doc._.kg_results == []


def test_default_pipeline_has_no_trained_ner():
    assert TRAINED_NER not in build_nlp().pipe_names


SENTENCES = [
    (
        "We train ResNet on ImageNet for image classification .",
        [("ResNet", "Method"), ("ImageNet", "Dataset"), ("image classification", "Task")],
    ),
    (
        "BERT is evaluated on SQuAD for question answering .",
        [("BERT", "Method"), ("SQuAD", "Dataset"), ("question answering", "Task")],
    ),
    (
        "We apply LSTM to PTB for language modeling .",
        [("LSTM", "Method"), ("PTB", "Dataset"), ("language modeling", "Task")],
    ),
    (
        "Transformer results on WMT for machine translation improve .",
        [("Transformer", "Method"), ("WMT", "Dataset"), ("machine translation", "Task")],
    ),
    (
        "We use YOLO on COCO for object detection .",
        [("YOLO", "Method"), ("COCO", "Dataset"), ("object detection", "Task")],
    ),
    (
        "GCN is tested on Cora for node classification .",
        [("GCN", "Method"), ("Cora", "Dataset"), ("node classification", "Task")],
    ),
]


def write_scier(path, sentences):
    with open(path, "w") as handle:
        for sentence, entities in sentences:
            handle.write(
                json.dumps(
                    {"doc_id": "hand", "sentence": sentence, "ner": [[t, l] for t, l in entities], "rel": []}
                )
                + "\n"
            )


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    from cli import main
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("train")
    write_scier(folder / "train.jsonl", SENTENCES * 4)
    out = folder / "model"
    result = CliRunner().invoke(
        main,
        ["train", str(folder / "train.jsonl"), "--out", str(out), "--max-epochs", "60", "--json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return out, json.loads(result.output)


def test_kg_train_writes_a_loadable_pipeline(tiny_model):
    out, report = tiny_model
    assert report["labels"] == ["Dataset", "Method", "Task"]
    assert report["train_docs"] + report["held_out_docs"] == len(SENTENCES) * 4
    nlp = build_nlp(str(out))
    assert nlp.pipe_names[-1] == TRAINED_NER and "ner" in nlp.pipe_names
    assert not list(out.parent.glob(".model.training"))  # the work folder is gone


def test_kg_eval_extract_and_build_use_the_trained_model(tiny_model, tmp_path, run_kg):
    out, _ = tiny_model
    gold = tmp_path / "g.jsonl"
    write_scier(gold, SENTENCES)
    report = json.loads(run_kg("eval", gold, "--model", out, "--json").output)
    assert report["scores"]["exact"]["micro"]["f1"] > 0.5  # it learnt its training sentences
    # The same through the contract file: kg extract --model, then kg eval --mentions.
    texts, mentions = tmp_path / "texts.jsonl", tmp_path / "m.jsonl"
    assert run_kg("eval", gold, "--texts", texts).exit_code == 0
    assert run_kg("extract", texts, "--out", mentions, "--model", out).exit_code == 0
    components = {
        m["component"] for line in mentions.read_text().splitlines() for m in json.loads(line)["mentions"]
    }
    assert TRAINED_NER in components
    scored = json.loads(run_kg("eval", gold, "--mentions", mentions, "--json").output)
    assert scored["scores"] == report["scores"]
    listing = tmp_path / "papers.jsonl"
    listing.write_text(json.dumps({"title": "A paper", "abstract": SENTENCES[0][0]}) + "\n")
    graph = tmp_path / "g.json.zst"
    assert run_kg("build", listing, "--graph", graph, "--model", out).exit_code == 0
    from kg.store import store

    names = {d.get("name") for _, d in store.load(graph).nodes(data=True)}
    assert names & {"ResNet", "ImageNet"}


def test_train_refuses_unknown_types(tmp_path, run_kg):
    data = tmp_path / "t.jsonl"
    write_scier(data, SENTENCES)
    result = run_kg("train", data, "--out", tmp_path / "m", "--types", "Gadget")
    assert result.exit_code == 1 and "kg: error: unknown type(s) Gadget" in result.output


def test_train_learns_word_vectors_from_abstracts_first(tmp_path, run_kg):
    pytest.importorskip("floret", reason="floret comes with the train extra")
    data = tmp_path / "t.jsonl"
    write_scier(data, SENTENCES)
    listing = tmp_path / "abstracts.jsonl"
    listing.write_text(
        "".join(
            json.dumps({"title": f"Paper {i}", "abstract": s}) + "\n"
            for i, (s, _) in enumerate(SENTENCES * 3)
        )
    )
    out = tmp_path / "m"
    result = run_kg("train", data, "--out", out, "--vectors-from", listing, "--max-epochs", "2", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["vectors"]["texts"] == len(SENTENCES) * 3 and report["vectors"]["words"] > 100
    nlp = build_nlp(str(out))
    assert nlp.vocab.vectors.mode == "floret"
    assert nlp.vocab.vectors.get_batch(["ResNet-50"]).any()  # unseen words get a vector


def test_train_never_replaces_a_folder_of_other_things(tmp_path, run_kg):
    data = tmp_path / "t.jsonl"
    write_scier(data, SENTENCES)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = run_kg("train", data, "--out", folder, "--max-epochs", "1")
    assert result.exit_code == 1 and "is not replaced" in result.output
    assert (folder / "notes.txt").read_text() == "keep me"


# SciERC-shaped abstracts written here: the model learns OtherScientificTerm (a type
# paperkg has no node for) beside Method, Task and Material.
SCIERC_SENTENCES = [
    (
        "We propose a parser with beam search for dependency parsing .",
        [("parser", "Method"), ("beam search", "OtherScientificTerm"), ("dependency parsing", "Task")],
    ),
    (
        "The tagger uses word clusters on the Brown corpus for tagging .",
        [
            ("tagger", "Method"),
            ("word clusters", "OtherScientificTerm"),
            ("Brown corpus", "Material"),
            ("tagging", "Task"),
        ],
    ),
    (
        "A kernel method with syntactic features improves relation extraction .",
        [
            ("kernel method", "Method"),
            ("syntactic features", "OtherScientificTerm"),
            ("relation extraction", "Task"),
        ],
    ),
    (
        "An aligner with lexical constraints helps machine translation .",
        [
            ("aligner", "Method"),
            ("lexical constraints", "OtherScientificTerm"),
            ("machine translation", "Task"),
        ],
    ),
]


def scierc_doc(key: str, sentence: str, entities) -> dict:
    tokens = sentence.split()
    ner = []
    for text, label in entities:
        words = text.split()
        start = next(i for i in range(len(tokens)) if tokens[i : i + len(words)] == words)
        ner.append([start, start + len(words) - 1, label])
    return {"doc_key": key, "sentences": [tokens], "ner": [ner], "relations": [[]]}


def write_scierc(path, sentences):
    path.write_text(
        "".join(json.dumps(scierc_doc(f"d{i}", s, e)) + "\n" for i, (s, e) in enumerate(sentences))
    )


def test_only_training_reads_the_types_paperkg_has_no_node_for(tmp_path):
    from kg.learn import gold

    path = tmp_path / "x.json"
    write_scierc(path, SCIERC_SENTENCES[:1])
    scored = gold.read_entities(str(path))[1][0]
    learnt = gold.read_entities(str(path), training=True)[1][0]
    assert [s.label for s in scored.spans] == ["Method", "Task"]
    assert [s.label for s in learnt.spans] == ["Method", "OtherScientificTerm", "Task"]


def test_training_only_types_are_learnt_but_never_become_mentions(tmp_path, run_kg):
    data = tmp_path / "train.json"
    write_scierc(data, SCIERC_SENTENCES * 6)
    out = tmp_path / "m"
    # --types picks the concepts; OtherScientificTerm is learnt all the same, and the
    # Material (Dataset) spans are not.
    result = run_kg("train", data, "--out", out, "--types", "Method,Task", "--max-epochs", "40", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["labels"] == ["Method", "OtherScientificTerm", "Task"]
    nlp = build_nlp(str(out))
    text = SCIERC_SENTENCES[0][0].replace(" .", ".")
    doc = nlp(text)
    assert "OtherScientificTerm" in {e.label_ for e in doc.ents}  # the model predicts it...
    labels = {m.label for m in doc._.kg_mentions}
    assert "OtherScientificTerm" not in labels and "Method" in labels  # ...paperkg never keeps it


def test_an_entity_of_a_label_without_node_contests_rule_mentions():
    # The model reads "ImageNet benchmark" as an OtherScientificTerm: the rules' Dataset
    # over it gives way, and nothing of that label becomes a mention.
    nlp, component = pipeline_with_ner("model", labels=("Method", "Dataset", "OtherScientificTerm"))
    doc = doc_with(
        nlp,
        [("FastNet", "Method"), ("ImageNet benchmark", "OtherScientificTerm")],
        [("ImageNet", "Dataset", {}), ("image classification", "Task", {})],
    )
    component(doc)
    assert [(m.text, m.label) for m in doc._.kg_mentions] == [
        ("image classification", "Task"),
        ("FastNet", "Method"),
    ]


def test_vectors_of_a_seed_are_reproducible_and_seeds_differ(tmp_path):
    pytest.importorskip("floret", reason="floret comes with the train extra")
    from kg.learn.vectors import learn_vectors, write_corpus

    corpus = tmp_path / "corpus.txt"
    report = write_corpus([s for s, _ in SENTENCES * 20], corpus)
    assert report["texts"] == len(SENTENCES) * 20
    tables = {}
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        learn_vectors(corpus, tmp_path / name, seed=seed, epochs=1)
        tables[name] = spacy.load(tmp_path / name).vocab.vectors.data
    assert (tables["a"] == tables["b"]).all()
    assert not (tables["a"] == tables["c"]).all()


def test_the_same_seed_trains_the_same_model(tmp_path, run_kg):
    data = tmp_path / "t.jsonl"
    write_scier(data, SENTENCES * 2)
    weights = {}
    for name, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        out = tmp_path / name
        result = run_kg("train", data, "--out", out, "--seed", seed, "--max-epochs", "3", "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["seed"] == int(seed)
        weights[name] = [(out / part / "model").read_bytes() for part in ("tok2vec", "ner")]
    assert weights["a"] == weights["b"] and weights["a"] != weights["c"]


def arithmetic_of_a_training_process(_):
    """What a `kg train` process multiplies with (run in kg.learn.arithmetic's pool)."""
    import os

    nlp = spacy.blank("en")
    nlp.add_pipe("ner").add_label("Method")
    nlp.initialize()
    return {
        "blis_layers": [layer.name for layer in nlp.get_pipe("ner").model.walk() if layer.ops.use_blis],
        "openblas": os.environ.get("OPENBLAS_CORETYPE"),
        "avx512": avx512_loops(),
    }


def avx512_loops() -> list[str]:
    """numpy's AVX-512 dispatch targets this process may run its loops on (a CPU's
    feature flags stay on when a target is disabled: the targets are what count)."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return sorted(t for t in __cpu_dispatch__ if ("AVX512" in t or t == "X86_V4") and __cpu_features__.get(t))


def test_training_processes_multiply_through_one_pinned_kernel():
    """blis picks its kernel by CPU and trained another model on each machine; in the
    training pool every layer (the parser's output layer too) goes through numpy's
    OpenBLAS with its kernel pinned, and numpy's loops stop short of AVX-512."""
    from kg.learn.arithmetic import OPENBLAS_KERNEL, pinned_pool

    with pinned_pool(1) as pool:
        (seen,) = pool.map(arithmetic_of_a_training_process, [0])
    assert seen == {"blis_layers": [], "openblas": OPENBLAS_KERNEL, "avx512": []}
    from numpy._core._multiarray_umath import __cpu_features__

    if __cpu_features__.get("AVX512F"):  # (on such a CPU the check above has something to find)
        assert avx512_loops(), "this process, not pinned, should run AVX-512 loops"


def test_the_callers_kernels_do_not_change_the_model(tmp_path, run_kg, monkeypatch):
    """Another OpenBLAS kernel (as another CPU would pick) and numpy held to SSE in the
    caller's environment: training still runs on the pinned arithmetic, and the same
    seed gives the same weights."""
    data = tmp_path / "t.jsonl"
    write_scier(data, SENTENCES * 2)
    weights = {}
    for name, coretype, disabled in (("a", None, None), ("b", "Sandybridge", "X86_V3")):
        for variable, value in (("OPENBLAS_CORETYPE", coretype), ("NPY_DISABLE_CPU_FEATURES", disabled)):
            if value:
                monkeypatch.setenv(variable, value)
        out = tmp_path / name
        result = run_kg("train", data, "--out", out, "--seed", "5", "--max-epochs", "3", "--json")
        assert result.exit_code == 0, result.output
        weights[name] = [(out / part / "model").read_bytes() for part in ("tok2vec", "ner")]
    assert weights["a"] == weights["b"]


def test_training_is_bounded_by_epochs_unless_a_time_cap_is_asked_for(tmp_path, run_kg):
    """Without --max-minutes the epochs bound the work (nothing depends on the clock);
    a cap that cuts training says so in the report and on the terminal."""
    data = tmp_path / "t.jsonl"
    write_scier(data, SENTENCES)
    result = run_kg("train", data, "--out", tmp_path / "a", "--max-epochs", "2", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["stopped_by_time"] is False
    result = run_kg("train", data, "--out", tmp_path / "b", "--max-epochs", "100000", "--max-minutes", "0.1")
    assert result.exit_code == 0, result.output
    assert "(stopped by --max-minutes)" in result.output


def test_training_continues_from_an_earlier_model(tmp_path, run_kg):
    """--start-from: a pipeline trained on SciER-shaped data, with word vectors, is the
    start of a SciERC-shaped one; the vectors carry over and the labels it lacks are
    added and learnt."""
    pytest.importorskip("floret", reason="floret comes with the train extra")
    scier, listing = tmp_path / "scier.jsonl", tmp_path / "abstracts.jsonl"
    write_scier(scier, SENTENCES * 2)
    listing.write_text(
        "".join(
            json.dumps({"title": f"Paper {i}", "abstract": s}) + "\n"
            for i, (s, _) in enumerate(SENTENCES * 3)
        )
    )
    start = tmp_path / "start"
    result = run_kg("train", scier, "--out", start, "--vectors-from", listing, "--max-epochs", "2")
    assert result.exit_code == 0, result.output
    scierc = tmp_path / "scierc.json"
    write_scierc(scierc, SCIERC_SENTENCES * 6)
    out = tmp_path / "continued"
    result = run_kg("train", scierc, "--out", out, "--start-from", start, "--max-epochs", "40", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["start_from"] == str(start)
    nlp = spacy.load(out)
    assert set(nlp.get_pipe("ner").labels) == {"Dataset", "Method", "Task", "OtherScientificTerm"}
    assert (nlp.vocab.vectors.data == spacy.load(start).vocab.vectors.data).all()
    assert "OtherScientificTerm" in {e.label_ for e in nlp(SCIERC_SENTENCES[0][0]).ents}


def test_start_from_needs_a_trained_pipeline_and_brings_its_own_vectors(tmp_path, run_kg, tiny_model):
    data = tmp_path / "t.jsonl"
    write_scier(data, SENTENCES)
    folder = tmp_path / "not-a-model"
    folder.mkdir()
    (folder / "notes.txt").write_text("hello")
    out = tmp_path / "m"
    result = run_kg("train", data, "--out", out, "--start-from", folder)
    assert result.exit_code == 1 and "cannot load spaCy pipeline" in result.output
    result = run_kg("train", data, "--out", out, "--start-from", tiny_model[0], "--vectors-from", data)
    assert result.exit_code == 1 and "drop --vectors-from" in result.output
    assert not out.exists() and not list(tmp_path.glob(".m.training"))


def _weights(folder) -> list:
    nlp = spacy.load(folder)
    return [
        layer.get_param(name)
        for pipe in ("tok2vec", "ner")
        for layer in nlp.get_pipe(pipe).model.walk()
        for name in layer.param_names
        if layer.has_param(name)
    ]


def test_average_keeps_the_mean_of_models_trained_from_one_start(tmp_path, run_kg, tiny_model):
    data = tmp_path / "scierc.json"
    write_scierc(data, SCIERC_SENTENCES * 3)
    common = ["--start-from", tiny_model[0], "--max-epochs", "3"]
    for seed in ("5", "6"):
        assert run_kg("train", data, "--out", tmp_path / seed, "--seed", seed, *common).exit_code == 0
    result = run_kg(
        "train", data, "--out", tmp_path / "mean", "--seed", "5", "--average", "2", *common, "--json"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["averaged"] == 2 and report["held_out_scores"]["ents_f"] is not None
    five, six, mean = (_weights(tmp_path / name) for name in ("5", "6", "mean"))
    assert len(mean) == len(five) > 0
    for a, b, m in zip(five, six, mean):
        assert m.shape == a.shape and abs((a + b) / 2 - m).max() < 1e-6
    assert any(abs(a - b).max() > 1e-4 for a, b in zip(five, six))  # the seeds did differ


def test_average_needs_a_common_start(tmp_path, run_kg):
    data = tmp_path / "t.jsonl"
    write_scier(data, SENTENCES)
    result = run_kg("train", data, "--out", tmp_path / "m", "--average", "2")
    assert result.exit_code == 1 and "--average needs --start-from" in result.output
