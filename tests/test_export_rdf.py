"""`kg export rdf`, `kg validate`, `kg sparql`: the export parses back with rdflib in
every format, counts what `kg stats` counts, conforms to the shipped SHACL shapes, and
carries hostile text and names exactly (issue 7's bars; issue 5's RDF escaping)."""

from __future__ import annotations

import json
import os
import re
import sys

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, SH, XSD, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from conftest import SEEDS, need_shared
from graphs import full_schema_graph
from exports import rdf, rdf_ontology, rdf_terms, rdf_text
from exports.rdf_validate import unchunkable_reason, validate
from shacl_plants import plant, result_keys
from kg import schema
from kg.store import store
from extractors.mentions import Mention, PaperExtraction, Relation, Result
from kg.model.graph_model import GraphModel
from kg.records import Record

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

PKG = Namespace(rdf_terms.PKG)
DCTERMS = Namespace(rdf_terms.DCTERMS)
SKOS = Namespace(rdf_terms.SKOS)
PROV = Namespace(rdf_terms.PROV)
VOID = Namespace(rdf_terms.VOID)
FORMATS = {"turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "xml": ".rdf"}

#: Titles that break naive writers: markup, every kind of quote, line breaks, a
#: backslash, Turtle's long-string quotes, emoji (with ZWJ and skin tone), right-to-left
#: text with bidi overrides, and JSON-LD / XML look-alikes.
HOSTILE_TITLES = [
    '<script>alert("x")</script> & <b>bold</b>',
    "Quotes: \"double\", 'single', \"\"\"triple\"\"\", '''triple''', `back`",
    "Line one\nline two\r\nline three\rend\ttab \\ backslash \\n not a newline",
    "Emoji 😀 👩🏽‍🔬 🏳️‍🌈 in a title",
    "نموذج لغوي كبير \u202eReversed\u202c ו־עברית",
    '{"@id": "http://evil/x"} ]]> <![CDATA[ x ]]> &amp; &#13;',
]


def _extraction(title: str, arxiv_id: str | None, source: str) -> PaperExtraction:
    """One paper mentioning one concept of each label, a repository, two relations and
    a reported result: every label and edge type of the schema between them."""
    text = (
        f"We propose {title} Net, which extends ResNet, beats VGG on ImageNet for image "
        f"classification by top-1 accuracy, and introduces the NewSet corpus."
    )

    def span(word: str, label: str, role: str | None, **attrs) -> Mention:
        start = text.index(word)
        return Mention(
            label=label,
            text=word,
            start=start,
            end=start + len(word),
            field="abstract",
            sentence=text,
            component="test_rules",
            confidence=0.9,
            role=role,
            attrs=attrs,
        )

    mentions = [
        span(f"{title} Net", schema.METHOD, "PROPOSES"),
        span("ResNet", schema.METHOD, "USES"),
        span("VGG", schema.METHOD, None),
        span("ImageNet", schema.DATASET, "EVALUATES_ON"),
        span("image classification", schema.TASK, "ADDRESSES"),
        span("top-1 accuracy", schema.METRIC, "USES"),
        span("NewSet", schema.DATASET, "INTRODUCES"),
        Mention(
            label=schema.REPOSITORY,
            text="https://github.com/o/r",
            start=0,
            end=22,
            field="abstract",
            sentence=text,
            component="paperkg_code_links",
            confidence=0.95,
            attrs={"url": "https://github.com/o/r", "host": "github.com", "kind": "code"},
        ),
    ]
    relations = [
        Relation(
            type="EXTENDS",
            head=0,
            tail=1,
            start=0,
            end=len(text),
            field="abstract",
            sentence=text,
            component="test_rules",
            confidence=0.7,
        ),
        Relation(
            type="OUTPERFORMS",
            head=0,
            tail=2,
            start=0,
            end=len(text),
            field="abstract",
            sentence=text,
            component="test_rules",
            confidence=0.6,
            attrs={"dataset": "ImageNet", "metric": "top-1 accuracy"},
        ),
    ]
    results = [
        Result(
            dataset=3,
            task=4,
            metric=5,
            method=0,
            value=81.5,
            unit="%",
            start=0,
            end=len(text),
            field="abstract",
            sentence=text,
            component="test_rules",
            confidence=0.8,
        )
    ]
    record = Record(
        title=title,
        abstract=text,
        source=source,
        arxiv_id=arxiv_id,
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None,
        date="2025-01-31",
        date_text="Jan 31, 2025",
        authors=["Ada Lovelace", "أحمد"],
        author_count=2,
        upvotes=7,
    )
    return PaperExtraction(paper=record, mentions=mentions, relations=relations, results=results)


@pytest.fixture(scope="module")
def full_graph(tmp_path_factory):
    """A graph holding every label and edge type, papers titled with hostile text."""
    model = GraphModel()
    for number, title in enumerate(HOSTILE_TITLES):
        arxiv_id = f"2501.{number:05d}" if number % 2 else None
        model.add_extraction(_extraction(title, arxiv_id, f"hostile listing.txt:{number + 1}"))
    stats = model.stats()
    assert all(stats["labels"].values()), stats["labels"]
    assert all(stats["edge_types"].values()), stats["edge_types"]
    path = tmp_path_factory.mktemp("full") / "full.json.zst"
    store.save(model.graph, path)
    return path


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory):
    need_shared("seeds")
    from click.testing import CliRunner
    from cli import main

    path = tmp_path_factory.mktemp("seed") / "seed.json.zst"
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--graph", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _export(run_kg, graph, out, fmt=None, *extra):
    args = (
        ["export", "rdf", "--graph", graph, "--out", out] + (["--format", fmt] if fmt else []) + list(extra)
    )
    result = run_kg(*args)
    assert result.exit_code == 0, result.output
    return out


def _parse(path, fmt) -> rdflib.Graph:
    return rdflib.Graph().parse(str(path), format=rdf.RDFLIB_FORMATS[fmt])


def _paper_titles(graph: rdflib.Graph) -> list[str]:
    return [str(graph.value(paper, DCTERMS.title)) for paper in graph.subjects(RDF.type, PKG.Paper)]


def _count(graph: rdflib.Graph, cls) -> int:
    return len(set(graph.subjects(RDF.type, cls)))


def _without_distribution(graph: rdflib.Graph) -> rdflib.Graph:
    dcat = Namespace(rdf_terms.DCAT)
    kept = rdflib.Graph()
    for triple in graph:
        if triple[1] != dcat.distribution and (triple[0], RDF.type, dcat.Distribution) not in graph:
            kept.add(triple)
    return kept


# bar 1: the seed graph's export --------------------------------------------------
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_seed_export_parses_back_and_counts_equal_kg_stats(seed_graph, tmp_path, run_kg, fmt, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    out = _export(run_kg, seed_graph, tmp_path / f"seed{FORMATS[fmt]}")
    stats = json.loads(run_kg("stats", "--graph", seed_graph, "--json").output)
    graph = _parse(out, fmt)

    for label in schema.NODE_LABELS:
        assert _count(graph, PKG[label]) == stats["labels"][label], label
    concepts = sum(stats["labels"][label] for label in schema.CONCEPT_LABELS)
    assert _count(graph, SKOS.Concept) == concepts
    assert _count(graph, PKG.ExtractedFact) == stats["edges"]
    for edge_type, count in stats["edge_types"].items():
        facts = set(graph.subjects(RDF.predicate, URIRef(rdf_terms.edge_iri(edge_type))))
        assert len(facts) == count, edge_type
    # The description states the same counts.
    dataset = URIRef(rdf_terms.ID + "dataset")
    assert graph.value(dataset, VOID.entities).toPython() == stats["nodes"]
    assert graph.value(dataset, DCTERMS.issued).toPython().year == 2026
    sources = {str(s) for s in graph.objects(dataset, DCTERMS.source)}
    assert sources == {p.name for p in SEEDS.iterdir()}

    # Every format says the same thing (but for the description's distribution).
    if fmt != "turtle":
        turtle = _parse(_export(run_kg, seed_graph, tmp_path / "seed.ttl"), "turtle")
        assert isomorphic(_without_distribution(graph), _without_distribution(turtle))


def test_seed_export_conforms_to_the_shapes_as_pyshacl_says(seed_graph, tmp_path, run_kg):
    out = _export(run_kg, seed_graph, tmp_path / "seed.ttl")
    result = run_kg("validate", out)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output
    reference = validate(str(out), engine="pyshacl")
    assert reference.conforms and reference.results == []
    # and chunk by chunk (the seed in ~10 chunks), as on the 75k export
    chunked = validate(str(out), chunks=10)
    assert chunked.mode == "10 chunks by subject"
    assert chunked.conforms and chunked.results == []
    # the export states some direct triples twice (two facts); the graph holds them once
    assert chunked.triples == reference.triples


# every label and edge type ----------------------------------------------------------
def test_every_label_and_edge_type_is_exported_with_provenance_and_conforms(full_graph, tmp_path, run_kg):
    out = _export(run_kg, full_graph, tmp_path / "full.ttl")
    report = validate(str(out))
    assert report.conforms, report.text
    graph = _parse(out, "turtle")
    loaded = store.load(full_graph)
    for node, data in loaded.nodes(data=True):
        subject = URIRef(rdf_terms.node_iri(node))
        types = set(graph.objects(subject, RDF.type))
        assert {PKG[data["label"]]} | {URIRef(c) for c in rdf_terms.extra_classes(data["label"])} <= types
        assert str(graph.value(subject, DCTERMS.identifier)) == node
    for source, target, key, data in loaded.edges(keys=True, data=True):
        head, tail = URIRef(rdf_terms.node_iri(source)), URIRef(rdf_terms.node_iri(target))
        predicate = URIRef(rdf_terms.edge_iri(data["type"]))
        assert (head, predicate, tail) in graph
        fact = URIRef(rdf_terms.fact_iri(source, target, key))
        assert (fact, RDF.subject, head) in graph and (fact, RDF.object, tail) in graph
        assert graph.value(fact, PROV.wasDerivedFrom) == URIRef(rdf_terms.node_iri(data["paper"]))
        assert graph.value(fact, PROV.wasAttributedTo) == URIRef(rdf_terms.component_iri(data["extractor"]))
        assert graph.value(fact, PKG.spanStart) == Literal(data["start"])
        assert graph.value(fact, PKG.spanEnd) == Literal(data["end"])
        assert str(graph.value(fact, PKG.sentence)) == data["sentence"]
        assert graph.value(fact, PKG.textField) == Literal(data["field"])
        assert graph.value(fact, PKG.confidence) == Literal(float(data["confidence"]), datatype=XSD.double)


def test_literals_keep_their_datatypes(full_graph, tmp_path, run_kg):
    graph = _parse(_export(run_kg, full_graph, tmp_path / "full.nt"), "nt")
    paper = URIRef(rdf_terms.node_iri(schema.paper_id("2501.00001", HOSTILE_TITLES[1])))
    assert graph.value(paper, DCTERMS.date) == Literal("2025-01-31", datatype=XSD.date)
    assert graph.value(paper, PKG.authorCount) == Literal(2, datatype=XSD.integer)
    assert graph.value(paper, PKG.upvotes).datatype == XSD.integer
    assert {str(a) for a in graph.objects(paper, PKG.authorName)} == {"Ada Lovelace", "أحمد"}
    assert graph.value(paper, URIRef(rdf_terms.SCHEMA + "url")) == URIRef("https://arxiv.org/abs/2501.00001")
    values = list(graph.objects(None, PKG.resultValue))
    assert values and all(v.datatype == XSD.double and v.toPython() == 81.5 for v in values)
    repo = URIRef(rdf_terms.node_iri("repo:github.com/o/r"))
    assert graph.value(repo, URIRef(rdf_terms.SCHEMA + "codeRepository")) == URIRef("https://github.com/o/r")
    method = URIRef(rdf_terms.node_iri(schema.concept_id(schema.METHOD, "ResNet")))
    assert graph.value(method, SKOS.prefLabel) == Literal("ResNet")
    assert Literal("ResNet") in set(graph.objects(method, SKOS.altLabel))


# bar 3 and issue 5: hostile text and names round-trip exactly ---------------------
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_hostile_titles_and_names_round_trip_exactly(full_graph, tmp_path, run_kg, fmt):
    graph = _parse(_export(run_kg, full_graph, tmp_path / f"full{FORMATS[fmt]}"), fmt)
    assert sorted(_paper_titles(graph)) == sorted(HOSTILE_TITLES)
    for node, data in store.load(full_graph).nodes(data=True):
        subject = URIRef(rdf_terms.node_iri(node))
        name_term = rdf_terms.property_term(data["label"], "name").iri
        assert str(graph.value(subject, URIRef(name_term))) == data["name"], node
        assert str(graph.value(subject, DCTERMS.identifier)) == node


def test_control_characters_are_exact_except_in_rdf_xml(tmp_path, run_kg):
    """XML 1.0 cannot carry most C0 controls; RDF/XML replaces them with U+FFFD and the
    other formats keep them exactly."""
    title = "Null\x00 bell\x07 escape\x1b vertical\x0b end"
    model = GraphModel()
    model.add_paper(Record(title=title, source="x.txt:1"))
    graph_path = tmp_path / "g.json.zst"
    store.save(model.graph, graph_path)
    for fmt, suffix in FORMATS.items():
        graph = _parse(_export(run_kg, graph_path, tmp_path / f"c{suffix}"), fmt)
        (written,) = _paper_titles(graph)
        expected = title if fmt != "xml" else "Null\ufffd bell\ufffd escape\ufffd vertical\ufffd end"
        assert written == expected, fmt


_NAMES = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=1000, deadline=None)
@given(kind=st.sampled_from(["method", "repo", "paper", "benchmark", "x y", "%"]), rest=_NAMES, other=_NAMES)
def test_node_iris_are_valid_and_distinct_for_any_name(kind, rest, other):
    first, second = f"{kind}:{rest}", f"{kind}:{other}"
    iris = rdf_terms.node_iri(first), rdf_terms.node_iri(second)
    for iri in iris:
        ox.NamedNode(iri)  # raises on anything an IRI may not hold
        assert iri.isascii() and not set(iri) & set(' <>"{}|\\^`')
        assert "/./" not in iri + "/" and "/../" not in iri + "/"
    assert (iris[0] == iris[1]) == (first == second)
    assert rdf_terms.node_iri(first) == iris[0]  # stable


# the text writer says exactly what the graph holds ------------------------------------
def _expected_triples(graph) -> set[ox.Triple]:
    """The graph's data triples built term by term with pyoxigraph, as the export built
    them before it wrote text itself: the oracle the text must equal."""
    named, literal = ox.NamedNode, ox.Literal
    rdf_type = named(rdf_terms.RDF + "type")

    def term(kind: str, value):
        if kind == rdf_terms.NODE:
            return named(rdf_terms.node_iri(value))
        if kind == rdf_terms.IRI:
            try:
                return named(rdf_terms.web_iri(value))
            except ValueError:
                return literal(rdf_terms.web_iri(value), datatype=named(rdf_terms.XSD + "anyURI"))
        if kind == rdf_terms.DATE:
            return (
                literal(value, datatype=named(rdf_terms.XSD + "date"))
                if re.match(r"\d{4}-\d{2}-\d{2}$", value)
                else None
            )
        return literal(float(value)) if kind == rdf_terms.DOUBLE else literal(value)

    triples = set()
    for node, data in graph.nodes(data=True):
        subject, label = named(rdf_terms.node_iri(node)), data["label"]
        for cls in (rdf_terms.class_iri(label),) + rdf_terms.extra_classes(label):
            triples.add(ox.Triple(subject, rdf_type, named(cls)))
        for name in ("id", "name") + schema.NODE_PROPERTIES[label]:
            value, spec = data.get(name), rdf_terms.property_term(label, name)
            for item in value if isinstance(value, list) else [value] if value not in (None, "") else []:
                if (obj := term(spec.kind, item)) is not None:
                    triples.add(ox.Triple(subject, named(spec.iri), obj))
    components = set()
    for source, target, key, data in graph.edges(keys=True, data=True):
        fact, head, tail = (
            named(iri)
            for iri in (
                rdf_terms.fact_iri(source, target, key),
                rdf_terms.node_iri(source),
                rdf_terms.node_iri(target),
            )
        )
        predicate = named(rdf_terms.edge_iri(data["type"]))
        triples.add(ox.Triple(head, predicate, tail))
        for cls in (rdf_terms.FACT_CLASS, rdf_terms.RDF + "Statement", rdf_terms.PROV + "Entity"):
            triples.add(ox.Triple(fact, rdf_type, named(cls)))
        for name, obj in (("subject", head), ("predicate", predicate), ("object", tail)):
            triples.add(ox.Triple(fact, named(rdf_terms.RDF + name), obj))
        components.add(data["extractor"])
        triples.add(
            ox.Triple(
                fact,
                named(rdf_terms.fact_property_term("extractor").iri),
                named(rdf_terms.component_iri(data["extractor"])),
            )
        )
        for name in schema.EVIDENCE_PROPERTIES + schema.EDGE_TYPES[data["type"]].properties:
            if name != "extractor" and data.get(name) is not None:
                spec = rdf_terms.fact_property_term(name)
                triples.add(ox.Triple(fact, named(spec.iri), term(spec.kind, data[name])))
    for component in components:
        agent = named(rdf_terms.component_iri(component))
        for cls in (rdf_terms.COMPONENT_CLASS, rdf_terms.PROV + "SoftwareAgent"):
            triples.add(ox.Triple(agent, rdf_type, named(cls)))
        triples.add(ox.Triple(agent, named(rdf_terms.RDFS + "label"), literal(component)))
    return triples


def _written(graph, fmt: str) -> str:
    summary = rdf.ExportSummary()
    text = "".join(rdf_text.graph_statements(graph, summary, turtle=fmt == "turtle"))
    return (rdf_text.turtle_prefixes() if fmt == "turtle" else "") + text


def _read_by_oxigraph(text: str, fmt: str) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(text.encode("utf-8"), format=rdf.FORMATS[fmt])}


@pytest.mark.parametrize("fmt", ["nt", "turtle"])
@pytest.mark.parametrize("which", ["hostile titles", "hostile names", "seed"])
def test_written_text_holds_exactly_the_graphs_triples(which, fmt, full_graph, request):
    """Every triple, term for term (lexical forms, datatypes, language tags), read back
    by Oxigraph; the hostile graphs also by rdflib."""
    graph = {
        "hostile titles": lambda: store.load(full_graph),
        "hostile names": full_schema_graph,
        "seed": lambda: store.load(request.getfixturevalue("seed_graph")),
    }[which]()
    text, expected = _written(graph, fmt), _expected_triples(graph)
    assert _read_by_oxigraph(text, fmt) == expected
    summary = rdf.ExportSummary()
    lines = "".join(rdf_text.graph_statements(graph, summary)).count("\n")
    assert summary.triples == lines  # statements written: two papers may state one triple
    if which != "seed":  # rdflib's parsers take minutes at the seed graph's size
        by_rdflib = rdflib.Graph().parse(data=text, format=rdf.RDFLIB_FORMATS[fmt])
        oracle = rdflib.Graph().parse(data=ox.serialize(expected, format=ox.RdfFormat.N_TRIPLES), format="nt")
        assert isomorphic(by_rdflib, oracle)


_ANY_TEXT = st.text(
    st.one_of(
        st.sampled_from("\"'\\\n\r\t\x00\x08\x0b\x0c\x1f\x7f\x85\u2028\u2029\ufeff<>{}|^`@#;.,"),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(
    title=_ANY_TEXT,
    author=_ANY_TEXT,
    confidence=st.floats(),
    url=st.one_of(_ANY_TEXT, _ANY_TEXT.map(lambda text: "https://example.org/" + text)),
)
def test_any_text_and_number_is_written_exactly(title, author, url, confidence):
    """Literals and URLs of any characters, and any float, read back (by Oxigraph and by
    rdflib, from N-Triples and Turtle) as the terms pyoxigraph makes of them."""
    graph = nx.MultiDiGraph()
    paper = "paper:" + title
    graph.add_node(
        paper, id=paper, label=schema.PAPER, name=title, title=title, authors=[author, title], url=url
    )
    method = schema.concept_id(schema.METHOD, author or "m")
    graph.add_node(method, id=method, label=schema.METHOD, name=author, papers=[paper])
    graph.add_edge(
        paper,
        method,
        key="k" + url,
        type="USES",
        paper=paper,
        field="abstract",
        sentence=author,
        start=0,
        end=len(author),
        extractor=title or "x",
        confidence=confidence,
    )
    expected = _expected_triples(graph)
    for fmt in ("nt", "turtle"):
        text = _written(graph, fmt)
        assert _read_by_oxigraph(text, fmt) == expected
        by_rdflib = rdflib.Graph().parse(data=text, format=rdf.RDFLIB_FORMATS[fmt])
        oracle = rdflib.Graph().parse(data=ox.serialize(expected, format=ox.RdfFormat.N_TRIPLES), format="nt")
        assert isomorphic(by_rdflib, oracle)


@given(st.floats())
def test_doubles_have_oxigraphs_lexical_form(value):
    assert rdf_text.double_text(value) == ox.Literal(value).value


# the ontology and shapes -----------------------------------------------------------
def test_every_schema_label_has_chosen_rdf_classes_and_a_comment():
    """A label added to kg/schema.py is still exported (as pkg:<Label>), but this fails
    until exports/rdf_terms.py says which well-known classes and description it gets.
    (A property's term and description are part of its declaration: tests/test_schema.py.)"""
    assert set(schema.NODE_LABELS) <= set(rdf_terms.EXTRA_CLASSES) & set(rdf_terms.LABEL_COMMENTS)


def test_committed_ontology_and_shapes_are_what_the_schema_gives():
    committed = rdflib.Graph().parse(rdf_ontology.ONTOLOGY_FILE, format="turtle")
    assert isomorphic(committed, rdf_ontology.ontology()), "run python -m exports.rdf_ontology"
    shapes = rdflib.Graph().parse(rdf_ontology.SHAPES_FILE, format="turtle")
    assert isomorphic(shapes, rdf_ontology.shapes()), "run python -m exports.rdf_ontology"


def test_every_term_an_export_uses_is_described_in_the_ontology(full_graph, tmp_path, run_kg):
    ontology = rdflib.Graph().parse(rdf_ontology.ONTOLOGY_FILE, format="turtle")
    graph = _parse(_export(run_kg, full_graph, tmp_path / "full.ttl"), "turtle")
    own = {p for p in graph.predicates() if str(p).startswith(rdf_terms.PKG)}
    own |= {c for c in graph.objects(None, RDF.type) if str(c).startswith(rdf_terms.PKG)}
    assert own
    for term in own:
        assert ontology.value(term, rdflib.RDFS.label), term
        assert ontology.value(term, rdflib.RDFS.comment), term


# kg validate catches what is wrong -----------------------------------------------
def _validate_without(run_kg, full_graph, tmp_path, needle: str):
    """`kg validate` of the full export with the N-Triples lines holding `needle` cut."""
    lines = (
        _export(run_kg, full_graph, tmp_path / "full.nt")
        .read_text(encoding="utf-8")
        .splitlines(keepends=True)
    )
    kept = [line for line in lines if needle not in line]
    assert len(kept) < len(lines)
    broken = tmp_path / "broken.nt"
    broken.write_text("".join(kept), encoding="utf-8")
    return run_kg("validate", broken)


def test_validate_reports_a_fact_without_provenance(full_graph, tmp_path, run_kg):
    result = _validate_without(run_kg, full_graph, tmp_path, "prov#wasDerivedFrom")
    assert result.exit_code == 1
    assert "wasDerivedFrom" in result.output


def test_validate_reports_a_fact_whose_direct_triple_is_missing(full_graph, tmp_path, run_kg):
    result = _validate_without(run_kg, full_graph, tmp_path, f"<{rdf_terms.edge_iri('EXTENDS')}> <")
    assert result.exit_code == 1
    assert "direct triple" in result.output


# kg validate gives pyshacl's results, chunk by chunk -------------------------------
def _planted(run_kg, full_graph, tmp_path, **options):
    """The full export as N-Triples with a violation of every constraint kind planted,
    and the kinds planted."""
    graph = _parse(_export(run_kg, full_graph, tmp_path / "full.nt"), "nt")
    kinds = plant(graph, **options)
    out = tmp_path / "planted.nt"
    graph.serialize(out, format="nt", encoding="utf-8")
    return out, kinds


@pytest.mark.parametrize("blank_node", [False, True], ids=["chunks", "whole"])
def test_validate_finds_every_planted_violation_as_pyshacl_does(full_graph, tmp_path, run_kg, blank_node):
    out, kinds = _planted(run_kg, full_graph, tmp_path, blank_node=blank_node)
    reference = validate(str(out), engine="pyshacl")
    assert not reference.conforms
    assert set(kinds) == {r.component.split("#")[1] for r in reference.results}
    report = validate(str(out), chunks=20)  # plants and what they point at in other chunks
    assert not report.conforms
    assert result_keys(report.results) == result_keys(reference.results)
    assert len(report.results) == len(reference.results)
    assert report.triples == reference.triples
    if blank_node:  # a blank node cannot be named as a chunk's focus node: whole, and said so
        assert report.mode.startswith("whole (the data hold blank nodes")
    else:
        assert report.mode == "20 chunks by subject"
    assert report.text.startswith(f"Validation Report\nConforms: False\nResults ({len(report.results)}):\n")
    assert report.text.count("Constraint Violation in ") == len(report.results)


def test_validate_reports_incomparable_spans_as_the_shacl_spec_says(full_graph, tmp_path, run_kg):
    """The one difference from pyshacl known: a span end that is no integer cannot be
    compared with the start; SHACL makes that a sh:lessThanOrEquals result too, which
    pyshacl omits.  The verdict is the same (the value breaks sh:datatype as well)."""
    graph = _parse(_export(run_kg, full_graph, tmp_path / "full.nt"), "nt")
    fact = sorted(graph.subjects(RDF.type, PKG.ExtractedFact))[0]
    graph.set((fact, PKG.spanEnd, Literal("twelve", datatype=XSD.integer)))
    out = tmp_path / "incomparable.nt"
    graph.serialize(out, format="nt", encoding="utf-8")
    reference, report = validate(str(out), engine="pyshacl"), validate(str(out))
    assert not reference.conforms and not report.conforms
    start = graph.value(fact, PKG.spanStart)
    extra = (fact.n3(), PKG.spanStart.n3(), str(SH.LessThanOrEqualsConstraintComponent), start.n3())
    assert result_keys(report.results) == result_keys(reference.results) | {extra}


def test_shapes_a_chunk_cannot_decide_are_validated_whole(full_graph, tmp_path, run_kg):
    """A constraint reading beyond a subject's own triples (here: every method is
    proposed by some paper, a SPARQL query over other subjects) sends the whole graph
    to the engine, with the reason; never a chunked answer that might differ."""
    assert unchunkable_reason(rdflib.Graph().parse(rdf_ontology.SHAPES_FILE)) is None
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        rdf_ontology.SHAPES_FILE.read_text(encoding="utf-8")
        + """
pkg:MethodShape sh:sparql [ sh:message "no paper proposes this method" ;
    sh:select "SELECT $this WHERE { FILTER NOT EXISTS { ?paper <https://w3id.org/paperkg/ontology#proposes> $this } }" ] .
""",
        encoding="utf-8",
    )
    out = _export(run_kg, full_graph, tmp_path / "full.nt")
    report = validate(str(out), shapes=shapes, chunks=20)
    assert report.mode.startswith("whole (pkg:MethodShape sh:sparql: a SPARQL constraint other than")
    reference = validate(str(out), engine="pyshacl", shapes=shapes)
    assert not reference.conforms and not report.conforms
    assert result_keys(report.results) == result_keys(reference.results)
    assert {r.message for r in report.results} == {"no paper proposes this method"}


def test_validate_json_and_engine_options(full_graph, tmp_path, run_kg):
    out, kinds = _planted(run_kg, full_graph, tmp_path)
    result = run_kg("validate", out, "--json")
    assert result.exit_code == 1
    report = json.loads(result.output[: result.output.rindex("}") + 1])
    assert report["conforms"] is False and report["engine"] == "turbo"
    assert len(report["results"]) >= len(kinds)
    assert {"focus", "path", "component", "value", "severity", "message"} == set(report["results"][0])
    assert result.output.endswith(
        f"does NOT conform to the paperkg shapes ({len(report['results'])} results)\n"
    )
    clean = _export(run_kg, full_graph, tmp_path / "full.ttl")
    for engine in ("turbo", "pyshacl"):
        output = run_kg("validate", clean, "--json", "--engine", engine).output
        answer = json.loads(output[output.index("{") :])  # after any progress lines (stderr)
        assert answer["conforms"] is True and answer["results"] == [] and answer["engine"] == engine


def test_bad_input_gives_one_line_errors(tmp_path, run_kg, full_graph):
    not_rdf = tmp_path / "notes.ttl"
    not_rdf.write_text("this is <not turtle", encoding="utf-8")
    for args in (
        ("validate", not_rdf),
        ("validate", tmp_path / "missing.ttl"),
        ("export", "rdf", "--graph", full_graph, "--out", tmp_path / "x.unknown"),
        ("export", "rdf", "--graph", tmp_path / "no-graph.gz", "--out", tmp_path / "x.ttl"),
        ("sparql", "SELECT nonsense", "--graph", full_graph),
        ("sparql", "--name", "no-such-query", "--graph", full_graph),
    ):
        result = run_kg(*args)
        assert result.exit_code == 1, args
        assert result.output.startswith("kg: error: ") and result.output.count("\n") == 1, result.output


# atomic writes and stdout -----------------------------------------------------------
def test_a_failed_export_leaves_the_previous_file(full_graph, tmp_path, run_kg):
    out = _export(run_kg, full_graph, tmp_path / "full.ttl")
    before = out.read_bytes()
    graph = store.load(full_graph)
    graph.add_node("zzz:last", id="zzz:last", label="NotALabel", name="x")  # fails mid-stream
    broken = tmp_path / "broken.json.zst"
    store.save(graph, broken)
    result = run_kg("export", "rdf", "--graph", broken, "--out", out)
    assert result.exit_code == 1 and "NotALabel" in result.output
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.json.zst", "full.ttl"]
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(out).st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600


def test_export_to_stdout(full_graph, run_kg):
    result = run_kg("export", "rdf", "--graph", full_graph, "--out", "-", "--format", "nt")
    assert result.exit_code == 0
    graph = rdflib.Graph().parse(data=result.stdout_bytes, format="nt")
    assert _count(graph, PKG.Paper) == len(HOSTILE_TITLES)


# kg sparql ------------------------------------------------------------------------------
def test_every_named_query_runs_on_a_file_and_on_the_graph_alike(full_graph, tmp_path, run_kg):
    out = _export(run_kg, full_graph, tmp_path / "full.ttl")
    listed = run_kg("sparql", "--list").output.split("\n")
    names = [line.split()[0] for line in listed if line.strip()]
    assert "papers-with-code" in names and "fact-provenance" in names
    for name in names:
        on_file = run_kg("sparql", "--name", name, "--rdf", out, "--output", "json")
        on_graph = run_kg("sparql", "--name", name, "--graph", full_graph, "--output", "json")
        assert on_file.exit_code == 0 and on_graph.exit_code == 0, (name, on_file.output)
        rows = sorted(json.loads(on_file.output), key=json.dumps)
        assert rows == sorted(json.loads(on_graph.output), key=json.dumps), name
        assert rows, f"{name} found nothing"


def test_sparql_answers_match_the_graph(full_graph, run_kg):
    result = run_kg(
        "sparql",
        "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pkg:Paper }",
        "--graph",
        full_graph,
        "--output",
        "csv",
    )
    assert result.output.splitlines() == ["n", str(len(HOSTILE_TITLES))]
    rows = json.loads(
        run_kg("sparql", "--name", "fact-provenance", "--graph", full_graph, "--output", "json").output
    )
    assert len(rows) == store.load(full_graph).number_of_edges()
    assert all(0 <= row["confidence"] <= 1 and row["start"] <= row["end"] for row in rows)


def test_without_the_rdf_extra_the_error_says_how_to_install_it(full_graph, run_kg, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyshacl", None)  # as if not installed
    monkeypatch.delitem(sys.modules, "exports.rdf_validate")
    result = run_kg("validate", _export(run_kg, full_graph, tmp_path / "full.ttl"))
    assert result.exit_code == 1
    assert (
        result.output == "kg: error: pyshacl is not installed: RDF commands need pip install 'paperkg[rdf]'\n"
    )
