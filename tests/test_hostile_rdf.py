"""SPARQL and RDF input never leave the machine or read local files unless asked
(--allow-service), and entity expansion is refused (issue #20)."""

from __future__ import annotations

import http.server
import json
import threading
import time

import pytest

pytest.importorskip("pyoxigraph", reason="the RDF commands need the rdf extra (pip install -e '.[test]')")

from graphs import full_schema_graph
from kg.store import store


@pytest.fixture
def listener():
    """A local HTTP server that records every request made to it."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _record(self):
            requests.append(self.path)
            body = b'{"@context": {"t": "http://purl.org/dc/terms/title"}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _record

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()


@pytest.fixture
def graph(tmp_path):
    path = tmp_path / "g.json.zst"
    store.save(full_schema_graph(), path)
    return path


def _one_line_error(result):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_service_is_refused_over_the_graph_and_an_export(graph, tmp_path, listener, run_kg):
    url, requests = listener
    export = tmp_path / "g.nt"
    assert run_kg("export", "rdf", "--graph", graph, "--out", export).exit_code == 0
    for query in (
        f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"select * {{ ?a ?b ?c . service\t<{url}/x> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }",
    ):
        for where in (["--graph", graph], ["--rdf", export]):
            result = run_kg("sparql", query, *where)
            _one_line_error(result)
            assert "--allow-service" in result.output
    assert requests == []


def test_with_allow_service_a_failing_service_is_one_line(graph, run_kg):
    for query in (
        "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }",
    ):
        result = run_kg("sparql", query, "--graph", graph, "--allow-service")
        _one_line_error(result)
        assert "root:" not in result.output


def test_names_holding_service_are_not_service_clauses(graph, run_kg):
    result = run_kg(
        "sparql",
        "SELECT ?service WHERE { ?s dcterms:title ?service } # SERVICE",
        "--graph",
        graph,
        "--output",
        "json",
    )
    assert result.exit_code == 0 and len(json.loads(result.output)) == 4


def test_jsonld_naming_a_context_document_is_not_fetched(tmp_path, listener, run_kg):
    url, requests = listener
    secret = tmp_path / "ctx.jsonld"
    secret.write_text('{"@context": {"t": "http://purl.org/dc/terms/title"}}')
    for context in (f"{url}/context.jsonld", f"file://{secret}", [f"{url}/c", {"x": "http://x/"}]):
        doc = tmp_path / "remote.jsonld"
        doc.write_text(json.dumps({"@context": context, "@id": "http://e/p", "t": "x"}))
        for args in (["validate", doc], ["sparql", "ASK { ?s ?p ?o }", "--rdf", doc]):
            result = run_kg(*args)
            _one_line_error(result)
            assert "@context" in result.output and "--allow-service" in result.output
    doc.write_text(json.dumps({"@context": {"@import": f"{url}/i"}, "@id": "http://e/p"}))
    _one_line_error(run_kg("validate", doc))
    assert requests == []


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/terms/">
 <rdf:Description rdf:about="http://e/p"><dc:title>&g;</dc:title></rdf:Description>
</rdf:RDF>
"""


def test_rdf_xml_entity_expansion_is_refused_at_once(tmp_path, run_kg):
    bomb = tmp_path / "laughs.rdf"
    bomb.write_text(BILLION_LAUGHS)
    external = tmp_path / "external.rdf"
    external.write_text(
        BILLION_LAUGHS.replace(
            '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">',
            '<!ENTITY a SYSTEM "file:///etc/passwd">',
        )
    )
    for path in (bomb, external):
        for args in (["validate", path], ["sparql", "ASK { ?s ?p ?o }", "--rdf", path]):
            started = time.monotonic()
            result = run_kg(*args)
            _one_line_error(result)
            assert "DOCTYPE" in result.output and time.monotonic() - started < 10


def test_an_export_still_validates_and_answers(graph, tmp_path, run_kg):
    for suffix in (".rdf", ".jsonld", ".ttl"):
        out = tmp_path / f"g{suffix}"
        assert run_kg("export", "rdf", "--graph", graph, "--out", out).exit_code == 0
        checked = run_kg("validate", out)  # (the hand-made graph's float factor does not conform)
        assert "conform" in checked.output and "refused" not in checked.output, suffix
        assert run_kg("sparql", "ASK { ?s ?p ?o }", "--rdf", out).exit_code == 0
