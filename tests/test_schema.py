"""kg/schema.py declares each property once (`schema.PROPERTIES`) and everything else is
derived from it (issue #16 bar 3): these tests guard the declarations themselves and
the places that cannot be derived by a loop, so that adding a property is one line
of the schema plus the reader or extractor that fills it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import fields

import pytest
import rdflib
from rdflib import SH, URIRef

from exports import html, rdf_ontology, rdf_terms
from kg import schema
from kg.model.graph_model import GraphModel
from kg.records import MORE_PROPERTIES, Record
from kg.store import query_index, store
from conftest import REPO

#: The Python type a Record field has for each stored kind of value.
_RECORD_FIELD_TYPES = {schema.TEXT: "str", schema.INTEGER: "int", schema.TEXT_LIST: "list[str]"}


@pytest.mark.parametrize("declaration", schema.PROPERTIES, ids=lambda p: f"{p.name}@{p.labels or p.edges}")
def test_every_declaration_is_complete(declaration):
    assert declaration.kind in schema.STORED_AS
    assert declaration.doc.strip() and "\n" not in declaration.doc
    assert bool(declaration.labels) != bool(declaration.edges), "a property of nodes or of edges"
    assert set(declaration.labels) <= set(schema.NODE_LABELS)
    assert set(declaration.edges) <= set(schema.EDGE_TYPES)
    if declaration.merge:
        assert declaration.labels == (schema.PAPER,) and declaration.merge in (schema.LONGEST, schema.MAXIMUM)
    if declaration.range:
        assert schema.STORED_AS[declaration.kind] in (schema.INTEGER, schema.NUMBER)
    if declaration.rdf:
        prefix, colon, local = declaration.rdf.partition(":")
        assert colon and local and prefix in rdf_terms.PREFIXES, declaration.rdf


def test_a_name_is_declared_once_per_label_and_once_for_edges_and_means_one_stored_type():
    seen_nodes, seen_edges, stored = set(), set(), defaultdict(set)
    for p in schema.PROPERTIES:
        for label in p.labels:
            assert (label, p.name) not in seen_nodes, f"{p.name} declared twice for {label}"
            seen_nodes.add((label, p.name))
        if p.edges:
            assert p.name not in seen_edges, f"edge property {p.name} declared twice"
            seen_edges.add(p.name)
        stored[p.name].add(schema.STORED_AS[p.kind])
    assert {name: kinds for name, kinds in stored.items() if len(kinds) > 1} == {}
    assert set(schema.NODE_BASE_PROPERTIES) <= {name for label, name in seen_nodes if label == schema.PAPER}


def test_only_the_labels_and_edges_own_structure_is_written_otherwise_in_rdf():
    """`label` is a node's class, `type` a fact's predicate, `via` a merge's bookkeeping;
    every other property has a term."""
    assert {p.name for p in schema.PROPERTIES if p.rdf is None} == {
        "label",
        "type",
        schema.MERGED_EDGE_PROPERTY,
    }


def test_declarations_sharing_an_rdf_term_agree_on_it():
    """Two declarations naming one term (a repository's `subpaths` and HAS_CODE's
    `subpath`) must describe it alike, or the ontology would hold two comments."""
    by_iri = defaultdict(set)
    for p in schema.PROPERTIES:
        if p.rdf is not None:
            term = (
                rdf_terms.property_term(p.labels[0], p.name)
                if p.labels
                else rdf_terms.fact_property_term(p.name)
            )
            by_iri[term.iri].add((term.kind, term.comment))
    assert {iri: uses for iri, uses in by_iri.items() if len(uses) > 1} == {}


def test_every_property_has_its_term_in_the_ontology_and_a_shape():
    ontology, shapes = rdf_ontology.ontology(), rdf_ontology.shapes()
    constrained = set(shapes.objects(None, SH.path))
    for p in schema.PROPERTIES:
        if p.rdf is None:
            continue
        for label in p.labels:
            term = URIRef(rdf_terms.property_term(label, p.name).iri)
            assert (term, None, None) in ontology, f"{label}.{p.name}: {term} not in the ontology"
            assert term in constrained, f"{label}.{p.name}: no shape constrains {term}"
        if p.edges:
            term = URIRef(rdf_terms.fact_property_term(p.name).iri)
            assert (term, None, None) in ontology and term in constrained, p.name


def test_record_fields_are_paper_properties_read_from_listings_and_more_holds_the_rest():
    """kg.records.Record's fields are paper properties that have a merge rule, each with
    the Python type of its stored kind, plus `source` (which becomes the paper's
    `sources`) and `more`, which holds every other one by name."""
    record_fields = {f.name: f.type.replace(" | None", "") for f in fields(Record)}
    assert record_fields.pop("source") == "str"
    assert record_fields.pop("more") == "dict"
    for name, python_type in record_fields.items():
        assert python_type == _RECORD_FIELD_TYPES[schema.PROPERTY_TYPES[name]], name
    assert set(record_fields) | set(MORE_PROPERTIES) == set(schema.PAPER_MERGE_RULES)
    assert not set(record_fields) & set(MORE_PROPERTIES)


def test_the_query_index_has_a_typed_column_for_every_property():
    for label in schema.NODE_LABELS:
        assert query_index.node_columns(label) == schema.node_properties(label)
    for edge_type in schema.EDGE_TYPES:
        assert query_index.edge_columns(edge_type) == ("key",) + schema.edge_properties(edge_type)
    for p in schema.PROPERTIES:
        assert query_index._column_type(p.name) == query_index._COLUMN_TYPES[schema.STORED_AS[p.kind]]


def test_the_html_view_captions_only_properties_declared_shown():
    """exports/html.py captions some fields itself (a paper's link, a count of papers);
    each property it shows so is declared `shown`, and any other `shown` one follows
    them as its name and value."""
    for label in schema.NODE_LABELS:
        own = {name for _, names, _ in html._OWN_FIELDS[label] for name in names}
        shown = {p.name for p in schema.PROPERTIES if label in p.labels and p.shown}
        assert own <= shown, f"{label}: {sorted(own - shown)} shown but not declared shown"


def _listing_value(declaration: schema.Property):
    """A value of this paper property as a listing could give it, distinct per property."""
    samples = {
        schema.DATE: "2024-02-29",
        schema.WEB_ADDRESS: f"https://example.org/{declaration.name}",
        schema.INTEGER: 3 + len(declaration.name),
        schema.TEXT_LIST: [f"first {declaration.name}", f"second {declaration.name}"],
    }
    return "2401.00001" if declaration.name == "arxiv_id" else samples.get(declaration.kind, declaration.name)


def test_every_paper_property_read_from_listings_reaches_the_graph_file_the_index_rdf_and_html(
    tmp_path, run_kg
):
    """What a new property's one line in kg/schema.py gives it: a column of the graph
    file, a column of the query index, an RDF term its shape accepts, and (declared
    `shown`) a field in the HTML view."""
    values = {p.name: _listing_value(p) for p in schema.PROPERTIES if p.merge}
    model = GraphModel()
    node = model.add_paper(Record.from_dict({"source": "hand:1", **values}))
    path = tmp_path / "g.json.zst"
    store.save(model.graph, path)
    stored = store.load(path).nodes[node]
    assert {name: stored[name] for name in values} == values

    returns = ", ".join(f"p.{name} AS {name}" for name in values)
    answer = run_kg("query", "--graph", path, f"MATCH (p:Paper) RETURN {returns}", "--format", "json")
    assert json.loads(answer.stdout) == [values]

    turtle = tmp_path / "g.ttl"
    assert run_kg("export", "rdf", "--graph", path, "--out", turtle).exit_code == 0
    written = rdflib.Graph().parse(turtle)
    paper = URIRef(rdf_terms.node_iri(node))
    for name, value in values.items():
        objects = written.objects(paper, URIRef(rdf_terms.property_term(schema.PAPER, name).iri))
        assert sorted(map(str, objects)) == sorted(map(str, value if isinstance(value, list) else [value]))
    validated = run_kg("validate", turtle)
    assert validated.exit_code == 0, validated.output

    fields = dict(html.node_fields(stored))
    for name in html._PLAIN_FIELDS[schema.PAPER]:
        assert name in fields, f"{name} is declared shown but the HTML view does not show it"


#: The one line the test below adds to kg/schema.py, after the `upvotes` declaration.
_NEW_PROPERTY = (
    '    Property("comment", TEXT, "The authors\' comment on the listing.", (PAPER,), merge=LONGEST,'
    " shown=True),\n"
)


def test_a_paper_property_added_by_one_schema_line_is_read_stored_queried_exported_and_shown(tmp_path):
    """Issue #16 bar 3, on a copy of the code: one line added to kg/schema.py, and a JSON
    lines listing's `comment` reaches the graph, the query index, RDF that the
    regenerated shapes accept, and the HTML view, with no other file edited."""
    copy = tmp_path / "code"
    for part in ("kg", "extractors", "exports", "queries", "cli"):
        shutil.copytree(REPO / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    schema_file = copy / "kg" / "schema.py"
    text = schema_file.read_text(encoding="utf-8")
    anchor = text.index("\n", text.index('Property("upvotes"'))
    anchor = text.index("\n", anchor + 1) + 1  # the declaration's second line
    schema_file.write_text(text[:anchor] + _NEW_PROPERTY + text[anchor:], encoding="utf-8")

    listing = tmp_path / "day.jsonl"
    rows = [
        {"title": "Sparse Mixers", "abstract": "We propose SpaMix, a sparse mixer.", "comment": "ICML 2025"},
        {"title": "Dense Mixers", "abstract": "We study dense mixers on ImageNet."},
    ]
    listing.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    graph = tmp_path / "g.json.zst"

    def kg(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", "import sys, cli; sys.argv[0] = 'kg'; cli.run()", *args],
            cwd=copy,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    subprocess.run([sys.executable, "-m", "exports.rdf_ontology"], cwd=copy, check=True, timeout=300)
    kg("build", str(listing), "--graph", str(graph))
    query = "MATCH (p:Paper) WHERE p.comment IS NOT NULL RETURN p.title AS title, p.comment AS comment"
    assert json.loads(kg("query", "--graph", str(graph), query, "--format", "json")) == [
        {"title": "Sparse Mixers", "comment": "ICML 2025"}
    ]
    turtle = tmp_path / "g.ttl"
    kg("export", "rdf", "--graph", str(graph), "--out", str(turtle))
    assert '"ICML 2025"' in turtle.read_text(encoding="utf-8")
    kg("validate", str(turtle))
    page = tmp_path / "g.html"
    kg("export", "html", "--graph", str(graph), "--out", str(page), "--view", "papers")
    assert "ICML 2025" in page.read_text(encoding="utf-8")
