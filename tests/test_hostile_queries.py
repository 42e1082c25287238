"""Hostile Cypher against the real server (ArcadeDB over Bolt) and the graph file: no
comment or line-end trick, CALL, LOAD CSV or subquery changes the server or reads a
file without --write (issue #20, bar 5), and each guard holds on its own."""

import itertools
import json

import pytest

pytest.importorskip("neo4j", reason="the server tests need the neo4j driver (pip install -e '.[test]')")

from conftest import record_figure
from graphs import full_schema_graph
from kg import cypher_text
from kg.store import server_store
from kg.store.server_store import push, run_query

SECRET = "s3cr3t-line-not-for-queries"


def _payloads(secret_path: str, paper: str) -> list[str]:
    """Statements that write, read a file or call procedures."""
    return [
        "CREATE (m:Paper {id:'pwn'}) RETURN m.id AS id",
        f"MATCH (n:Paper {{id:'{paper}'}}) DETACH DELETE n RETURN 1 AS gone",
        "MATCH (n) SET n.pwned = true RETURN count(n) AS c",
        "MERGE (m:Method {id:'pwn'}) RETURN m.id AS id",
        "MATCH (n) REMOVE n.name RETURN count(n) AS c",
        f"LOAD CSV FROM 'file://{secret_path}' AS row RETURN row",
        "CALL db.labels() YIELD label RETURN label",
        "CALL { CREATE (m:Paper {id:'pwn'}) RETURN m } RETURN m.id AS id",
        "FOREACH (x IN [1] | CREATE (:Paper {id:'pwn'}))",
        "MATCH (n) WITH n LIMIT 1 DETACH DELETE n",
        "RETURN 1 AS x UNION CREATE (m:Paper {id:'pwn'}) RETURN 1 AS x",
        "MATCH (n) WITH n AS set SET set.pwned = 1 RETURN 1 AS x",
    ]


#: Ways to hide a statement from a lexer: comments ended by every line end Cypher or
#: Unicode knows, block comments, strings and identifiers holding comment starts,
#: aliases named like clauses, other cases and blanks.
_WRAPPERS = [
    "{p}",
    "//x\r{p}",
    "//x\n{p}",
    "//x\r\n{p}",
    "//x\u2028{p}",
    "//x\u2029{p}",
    "//x\x85{p}",
    "//x\x0b{p}",
    "//x\x0c{p}",
    "/*x*/{p}",
    "/* // */{p}",
    "/*\r*/{p}",
    "/* /* */{p}",
    "//'\r{p} //'",
    "RETURN 'a\\' AS s //'\r{p}",
    "`//`\r{p}",
    "WITH 1 AS set\r{p}",
    "{lower}",
    "{tabs}",
    'RETURN "//" AS q\r{p}',
]


def _attempts(secret_path: str, paper: str) -> list[str]:
    out = []
    for payload, wrapper in itertools.product(_payloads(secret_path, paper), _WRAPPERS):
        out.append(
            wrapper.format(
                p=payload,
                lower=payload.lower().replace("file://", "file://"),
                tabs=payload.replace(" ", "\t"),
            )
        )
    return out


def _state(connection):
    """Everything on the server, through the guarded read path itself."""
    nodes = run_query(connection, "MATCH (n) RETURN labels(n) AS l, n AS props")[1]
    rels = run_query(connection, "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, r AS props")[
        1
    ]
    return sorted(json.dumps(r, sort_keys=True) for r in nodes + rels)


def _try_all(connection, attempts, run_kg) -> tuple[int, int]:
    """(attempts that changed the server, attempts whose output holds the secret)."""
    before = _state(connection)
    changed = leaked = 0
    args = [
        "query",
        "--uri",
        connection.uri,
        "--user",
        connection.user,
        "--password",
        connection.password,
        "--database",
        connection.database,
        "--format",
        "json",
    ]
    for attempt in attempts:
        result = run_kg(*args, attempt)
        assert result.exit_code in (0, 1), (attempt, result.output)
        assert "Traceback" not in result.output
        leaked += SECRET in result.output
        after = _state(connection)
        if after != before:
            changed += 1
            push(full_schema_graph(), connection)  # put it back for the next attempt
            before = _state(connection)
    return changed, leaked


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return str(path)


def test_generated_bypass_attempts_neither_write_nor_read_files(server_db, secret_file, run_kg):
    push(full_schema_graph(), server_db)
    paper = next(n for n in full_schema_graph().nodes if n.startswith("arxiv:"))
    attempts = _attempts(secret_file, paper)
    assert len(attempts) >= 200
    changed, leaked = _try_all(server_db, attempts, run_kg)
    record_figure(
        f"Cypher bypass attempts on the server: {len(attempts)} tried, {changed} "
        f"changed it, {leaked} read the file"
    )
    assert (changed, leaked) == (0, 0)


def test_the_server_side_guards_hold_without_the_keyword_check(server_db, secret_file, run_kg, monkeypatch):
    """The EXPLAIN plan check and the rolled-back READ transaction alone stop them."""
    push(full_schema_graph(), server_db)
    monkeypatch.setattr(server_store, "refuse_writes", lambda query: None)
    paper = next(n for n in full_schema_graph().nodes if n.startswith("arxiv:"))
    attempts = _attempts(secret_file, paper)[::4]
    assert _try_all(server_db, attempts, run_kg) == (0, 0)


def test_a_write_the_plan_check_misses_is_rolled_back(server_db, monkeypatch):
    """The last guard: a server that plans a write as a read still has it undone."""
    push(full_schema_graph(), server_db)
    before = _state(server_db)
    monkeypatch.setattr(server_store, "refuse_writes", lambda query: None)
    monkeypatch.setattr(server_store, "_plan_writes", lambda plan: [])
    with pytest.raises(server_store.KGError, match="rolled back"):
        run_query(server_db, "CREATE (m:Paper {id:'pwn'}) RETURN m.id AS id")
    assert _state(server_db) == before


def test_issue_reproductions_on_the_server(server_db, secret_file, run_kg):
    push(full_schema_graph(), server_db)
    before = _state(server_db)
    paper = next(n for n in full_schema_graph().nodes if n.startswith("arxiv:"))
    args = [
        "query",
        "--uri",
        server_db.uri,
        "--user",
        server_db.user,
        "--password",
        server_db.password,
        "--database",
        server_db.database,
    ]
    for attempt in (
        "//x\rCREATE (m:Paper {id:'pwn'}) RETURN m.id AS id",
        f"//x\rMATCH (n:Paper {{id:'{paper}'}}) DETACH DELETE n RETURN 1 AS gone",
        f"//x\rLOAD CSV FROM 'file://{secret_file}' AS row RETURN row LIMIT 3",
    ):
        result = run_kg(*args, attempt)
        assert result.exit_code == 1 and "--write" in result.output, attempt
        assert SECRET not in result.output
    assert _state(server_db) == before
    aliased = run_kg(*args, "MATCH (n:Paper) RETURN n.id AS set ORDER BY set LIMIT 1", "--format", "json")
    assert aliased.exit_code == 0 and json.loads(aliased.output) == [{"set": paper}]
    explained = run_kg(*args, "EXPLAIN MATCH (n:Paper) RETURN n.id AS id")
    assert explained.exit_code == 0


@pytest.mark.parametrize(
    "attempt",
    [
        "//x\rCREATE (m:Paper {id:'pwn'}) RETURN m.id AS id",
        "//x\u2028'\nCREATE (n) //'",
        "RETURN 'a\\' AS s //'\rMATCH (n) DETACH DELETE n",
        "/*x*/LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
        "call db.labels()",
    ],
)
def test_keyword_check_sees_clauses_under_every_reading(attempt):
    assert cypher_text.write_keywords(attempt)


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (n:Paper) RETURN n.id AS set",
        "MATCH (n:Create {merge: 'DELETE'}) RETURN n.load AS call",
        "MATCH (n) // CREATE (m)\nRETURN n",
        "RETURN 'LOAD CSV // x' AS s",
    ],
)
def test_reads_that_name_clauses_are_not_writes(query):
    assert cypher_text.write_keywords(query) == []


def test_embedded_write_is_refused_for_every_reading(tmp_path, run_kg):
    from kg.store import store

    graph = tmp_path / "g.json.zst"
    store.save(full_schema_graph(), graph)
    before = graph.read_bytes()
    result = run_kg("query", "--graph", graph, "//x\rCREATE (m:Paper {id:'pwn'}) RETURN m.id AS id")
    assert result.exit_code == 1 and "read-only" in result.output
    assert graph.read_bytes() == before


def test_query_and_sparql_tables_write_terminal_controls_as_escapes(tmp_path, run_kg):
    """An abstract holding an OSC sequence must not set the terminal's title."""
    from kg.store import store

    graph = full_schema_graph()
    paper = next(n for n in graph.nodes if n.startswith("arxiv:"))
    graph.nodes[paper]["title"] = "Title \x1b]0;pwned\x07 \u202eevil"
    path = tmp_path / "g.json.zst"
    store.save(graph, path)
    table = run_kg("query", "--graph", path, "MATCH (p:Paper) RETURN p.title AS t")
    assert table.exit_code == 0 and "\\x1b]0;pwned\\x07" in table.output
    assert "\x1b" not in table.output and "\x07" not in table.output and "\u202e" not in table.output
    as_json = run_kg("query", "--graph", path, "MATCH (p:Paper) RETURN p.title AS t", "--format", "json")
    assert "Title \x1b]0;pwned\x07 \u202eevil" in {row["t"] for row in json.loads(as_json.output)}
    pytest.importorskip("pyoxigraph")
    sparql = run_kg("sparql", "SELECT ?t WHERE { ?p dcterms:title ?t }", "--graph", path)
    assert sparql.exit_code == 0 and "\x1b" not in sparql.output and "pwned" in sparql.output
