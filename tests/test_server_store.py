"""The server store on a real Neo4j-protocol server (ArcadeDB over Bolt, official driver):
push, parity of every named query with the embedded graph, hostile input, faults."""

import contextlib
import json
import threading

import pytest

GraphDatabase = pytest.importorskip(
    "neo4j", reason="the server tests need the neo4j driver (pip install -e '.[test]')"
).GraphDatabase

import queries
from conftest import REPO, SEEDS
from graphs import HOSTILE_METHOD, full_schema_graph, saved_with_index
from kg.store import store
from kg.building.build import build
from kg.errors import KGError
from kg.schema import concept_id
from kg.query.cypher_embedded import run_on as run_embedded
from kg.store.query_index import open_index
from kg.store.server_store import Connection, push, run_query

#: Parameter values that make every named query return rows on the hand-built graph.
FULL_ARGS = {
    "dataset": "ImageNet",
    "task": "image classification",
    "method": "fastnet",
    "concept": "imagenet",
    "paper": "arxiv:2401.00001",
}


def _normalised(rows):
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def _server_content(connection):
    """Everything on the server, as comparable text: nodes with labels and properties,
    relationships with type, ends and properties."""
    nodes = run_query(connection, "MATCH (n) RETURN labels(n) AS l, n AS props")[1]
    rels = run_query(connection, "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, r AS props")[
        1
    ]
    return _normalised(nodes), _normalised(rels)


def _expected_counts(graph):
    return graph.number_of_nodes(), graph.number_of_edges()


def _counts(connection):
    n = run_query(connection, "MATCH (n) RETURN count(n) AS c")[1][0]["c"]
    r = run_query(connection, "MATCH ()-[r]->() RETURN count(r) AS c")[1][0]["c"]
    return n, r


def _parity(graph_path, connection, args):
    with contextlib.closing(open_index(graph_path)) as view:
        return _parity_on(view, connection, args)


def _parity_on(view, connection, args):
    checked = 0
    for query in queries.all_queries().values():
        given = {p.name: args[p.name] for p in query.parameters if p.name in args}
        values = query.bind({k: str(v) for k, v in given.items()})
        cols_e, rows_e = run_embedded(view, query.text, values)
        cols_s, rows_s = run_query(connection, query.text, values)
        assert cols_e == cols_s, query.name
        assert _normalised(rows_e) == _normalised(rows_s), query.name
        checked += bool(rows_e)
    return checked


def test_push_twice_changes_nothing_and_every_named_query_agrees(server_db, tmp_path):
    graph = full_schema_graph()
    push(graph, server_db)
    first = _server_content(server_db)
    assert _counts(server_db) == _expected_counts(graph)
    push(graph, server_db, batch_size=3)
    assert _server_content(server_db) == first
    # every named query returns rows here, so parity is not a comparison of empties
    assert _parity(saved_with_index(graph, tmp_path / "g.json.zst"), server_db, FULL_ARGS) == len(
        queries.all_queries()
    )


def test_seed_graph_parity(server_db, tmp_path):
    path = tmp_path / "seeds.json.zst"
    build([str(SEEDS if SEEDS.exists() else REPO / "examples" / "listings")], str(path))
    graph = store.load(path)
    push(graph, server_db)
    assert _counts(server_db) == _expected_counts(graph)
    paper = sorted(u for u, _, d in graph.edges(data=True) if d["type"] == "HAS_CODE")[0]
    _parity(path, server_db, {**FULL_ARGS, "paper": paper})


def test_hostile_parameters_are_data_on_the_server(server_db):
    push(full_schema_graph(), server_db)
    for value in (
        HOSTILE_METHOD,
        "x' OR 1=1 //",
        "`) MATCH (n) DETACH DELETE n //",
        "}) RETURN 1 UNION MATCH (n) RETURN n //",
    ):
        rows = run_query(server_db, "MATCH (m:Method) WHERE m.name = $v RETURN m.id AS id", {"v": value})[1]
        assert rows == ([{"id": concept_id("Method", value)}] if value == HOSTILE_METHOD else [])
    assert _counts(server_db) == _expected_counts(full_schema_graph())


def test_write_query_is_refused_without_write(server_db, run_kg):
    push(full_schema_graph(), server_db)
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
    refused = run_kg(*args, "MATCH (n:Method) DETACH DELETE n")
    assert refused.exit_code == 1 and "add --write" in refused.output
    assert _counts(server_db) == _expected_counts(full_schema_graph())
    allowed = run_kg(
        *args,
        "--write",
        "MATCH (n:Method {id: $id}) SET n.flag = true RETURN n.id AS id",
        "--param",
        "id=method:fastnet",
        "--format",
        "json",
    )
    assert allowed.exit_code == 0 and json.loads(allowed.output) == [{"id": "method:fastnet"}]


def test_cli_push_and_named_query_on_the_server(server_db, tmp_path, run_kg, monkeypatch):
    path = tmp_path / "g.json.zst"
    store.save(full_schema_graph(), path)
    monkeypatch.setenv("NEO4J_URI", server_db.uri)
    monkeypatch.setenv("NEO4J_USER", server_db.user)
    monkeypatch.setenv("NEO4J_PASSWORD", server_db.password)
    monkeypatch.setenv("NEO4J_DATABASE", server_db.database)
    pushed = run_kg("push", "--graph", path)
    nodes, edges = _expected_counts(full_schema_graph())
    assert pushed.exit_code == 0 and f"pushed {nodes} nodes and {edges} relationships" in pushed.output
    result = run_kg(
        "query",
        "--uri",
        server_db.uri,
        "--name",
        "code-for-method",
        "--param",
        f"method={HOSTILE_METHOD}",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert [r["repository"] for r in json.loads(result.output)] == ["https://github.com/example/hostile"]


def test_down_server_is_a_one_line_error(run_kg):
    from servers import free_port

    result = run_kg("query", "--uri", f"bolt://127.0.0.1:{free_port()}", "MATCH (n) RETURN n")
    assert result.exit_code == 1
    assert result.output.startswith("kg: error:") and result.output.count("\n") == 1
    assert "server unavailable" in result.output


def test_wrong_password_and_bad_query_are_one_line_errors(server_db, run_kg):
    base = ["query", "--uri", server_db.uri, "--database", server_db.database]
    wrong = run_kg(*base, "--user", "root", "--password", "not-it", "MATCH (n) RETURN n.id")
    assert wrong.exit_code == 1 and "login refused" in wrong.output and wrong.output.count("\n") == 1
    bad = run_kg(*base, "--user", server_db.user, "--password", server_db.password, "MATCH (n RETURN n")
    assert bad.exit_code == 1 and bad.output.startswith("kg: error:") and bad.output.count("\n") == 1


def test_push_to_a_down_server_is_a_one_line_error(run_kg, tmp_path):
    from servers import free_port

    path = tmp_path / "g.json.zst"
    store.save(full_schema_graph(), path)
    for uri in (f"bolt://127.0.0.1:{free_port()}", "http://not-bolt"):
        result = run_kg("push", "--uri", uri, "--graph", path)
        assert result.exit_code == 1 and result.output.startswith("kg: error:"), result.output
        assert result.output.count("\n") == 1, result.output


def test_list_names_every_query_with_its_parameters(run_kg):
    result = run_kg("query", "--list")
    assert result.exit_code == 0
    for query in queries.all_queries().values():
        assert query.name in result.output
        for param in query.parameters:
            assert f"--param {param.name}=" in result.output


def test_server_killed_mid_push_then_rerun_completes_without_doubles(tmp_path):
    from servers import ArcadeServer, ServerUnavailable

    graph = full_schema_graph()
    for i in range(300):  # enough batches that the kill lands mid-push
        graph.add_node(
            f"repo:example.org/r{i}",
            id=f"repo:example.org/r{i}",
            label="Repository",
            name=f"r{i}",
            papers=["arxiv:2401.00001"],
            url=f"https://example.org/r{i}",
        )
    try:  # its own server, as it kills it
        server = ArcadeServer(root=tmp_path / "server").start()
    except ServerUnavailable as exc:
        pytest.skip(f"no Neo4j-protocol server: {exc}")
    try:
        connection = Connection(server.uri, *server.auth, database=server.create_database("kg"))
        batches = []

        def progress(rows):
            batches.append(rows)
            if len(batches) == 5:
                threading.Thread(target=server.kill).start()

        with pytest.raises(KGError) as failure:
            push(graph, connection, batch_size=1, progress=progress)
        message = str(failure.value)
        assert "\n" not in message and "run `kg push` again" in message
        server.process = None
        server.start()  # same root: the data written before the kill is still there
        connection = Connection(server.uri, *server.auth, database="kg")
        nodes_before, _ = _counts(connection)
        assert 0 < nodes_before < graph.number_of_nodes()  # the kill did land mid-push
        push(graph, connection, batch_size=50)
        assert _counts(connection) == _expected_counts(graph)
        ids = run_query(connection, "MATCH (n) RETURN n.id AS id")[1]
        assert len(ids) == len({r["id"] for r in ids})
    finally:
        server.stop()


def test_constraint_makes_ids_unique(server_db):
    push(full_schema_graph(), server_db)
    with GraphDatabase.driver(server_db.uri, auth=(server_db.user, server_db.password)) as driver:
        with driver.session(database=server_db.database) as session, pytest.raises(Exception):  # noqa: B017 (the server names its own error class)
            session.run("CREATE (n:Method {id: 'method:fastnet'})").consume()


HOSTILE_PIECES = [
    "'",
    '"',
    "`",
    "{",
    "}",
    "(",
    ")",
    "\\",
    "//",
    "/*",
    "$v",
    " ",
    "\n",
    "DETACH DELETE n",
    "RETURN 1 UNION",
    "MATCH (n)",
    "Net",
    "ImageNet",
]


def test_random_hostile_parameters_agree_on_both_stores(server_db, tmp_path):
    from hypothesis import HealthCheck, given, settings, strategies as st

    graph = full_schema_graph()
    push(graph, server_db)
    view = open_index(saved_with_index(full_schema_graph(), tmp_path / "g.json.zst"))
    query = queries.get("papers-on-dataset")

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.one_of(
            st.lists(st.sampled_from(HOSTILE_PIECES), max_size=6).map("".join),
            st.sampled_from([HOSTILE_METHOD, "Data`set} MATCH", "imagenet"]),
        )
    )
    def agree(value):
        values = query.bind({"dataset": value})
        assert _normalised(run_embedded(view, query.text, values)[1]) == _normalised(
            run_query(server_db, query.text, values)[1]
        )

    agree()
    view.close()
    assert _counts(server_db) == _expected_counts(graph)
