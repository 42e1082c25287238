"""The server store: the graph on a Neo4j-protocol server, through the official driver.

`push` writes the graph with batched, parameterised `UNWIND $rows MERGE` statements:
nodes are merged on `id` (unique per label, by constraint) and edges on their key
between their two ends, and `SET x = row.props` makes each one equal to the file's.
So pushing twice changes nothing, and a push cut short (server gone, Ctrl-C) is
completed by running it again, with nothing doubled.  Labels and relationship types
cannot be parameters in Cypher; they come only from kg/schema.py, never from data.

`run_query` refuses, unless `write` is given, a query that writes, loads files or
calls procedures, by what the server would run and not only by its text: the keyword
check reads comments and strings every way an engine might, the server's EXPLAIN plan
is checked, and the query runs in a READ transaction that is always rolled back (some
servers, ArcadeDB among them, let writes through READ transactions).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterator

import networkx as nx

from kg import cypher_text, schema
from kg.errors import KGError

# The driver logs each retry as a warning; the user gets one line from us instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())
logging.getLogger("neo4j").propagate = False

BATCH_SIZE = 2000
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_PRIMITIVES = (str, int, float, bool)


class ServerError(KGError):
    pass


@dataclass(frozen=True)
class Connection:
    uri: str
    user: str | None = None
    password: str | None = None
    database: str | None = None

    @classmethod
    def from_options(cls, uri=None, user=None, password=None, database=None) -> "Connection":
        """Options first, then NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE."""
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            raise KGError("no server given: use --uri bolt://HOST:PORT or set NEO4J_URI")
        if uri.split("://", 1)[0] not in _SCHEMES or "://" not in uri:
            raise KGError(f"{uri}: not a Bolt address (use bolt://HOST:PORT or neo4j://HOST:PORT)")
        return cls(
            uri,
            user or os.environ.get("NEO4J_USER"),
            password or os.environ.get("NEO4J_PASSWORD"),
            database or os.environ.get("NEO4J_DATABASE") or None,
        )


def _neo4j():
    """The official driver, which only server users need (extra `neo4j`)."""
    try:
        import neo4j
    except ImportError:
        raise KGError("the server store needs the neo4j driver: pip install 'paperkg[neo4j]'") from None
    return neo4j


def _one_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    flat = " ".join(str(text).split())
    return flat if len(flat) <= 300 else flat[:299] + "…"


@contextlib.contextmanager
def _translated(connection: Connection, doing: str) -> Iterator[None]:
    """Driver and network failures as one-line errors naming the server."""
    errors = _neo4j().exceptions
    try:
        yield
    except errors.AuthError as exc:
        raise ServerError(
            f"{connection.uri}: login refused ({_one_line(exc)}); "
            f"check --user/--password or NEO4J_USER/NEO4J_PASSWORD"
        ) from None
    except (errors.ServiceUnavailable, errors.SessionExpired) as exc:
        raise ServerError(f"{connection.uri}: server unavailable while {doing} ({_one_line(exc)})") from None
    except errors.ClientError as exc:
        raise ServerError(f"{connection.uri}: server refused the query: {_one_line(exc)}") from None
    except (errors.Neo4jError, errors.DriverError, OSError) as exc:
        raise ServerError(
            f"{connection.uri}: {doing} failed ({type(exc).__name__}: {_one_line(exc)})"
        ) from None


@contextlib.contextmanager
def driver(connection: Connection):
    """A connected driver; the server is reached (and the login checked) up front."""
    GraphDatabase = _neo4j().GraphDatabase
    auth = (
        (connection.user or "neo4j", connection.password or "")
        if connection.user or connection.password
        else None
    )
    with _translated(connection, "connecting"):
        try:
            handle = GraphDatabase.driver(
                connection.uri, auth=auth, connection_timeout=10, max_transaction_retry_time=5.0
            )
        except ValueError as exc:  # a malformed URI
            raise ServerError(f"{connection.uri}: not a server address ({exc})") from None
        try:
            handle.verify_connectivity()
        except BaseException:
            handle.close()
            raise
    try:
        yield handle
    finally:
        handle.close()


# pushing ----------------------------------------------------------------------------
def _ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def server_properties(data: dict, what: str) -> dict:
    """Properties as Neo4j stores them: primitives and lists of one primitive type;
    None is absence.  Anything else is an error naming the node or edge."""
    props = {}
    for key, value in data.items():
        if value is None or key == "__labels__":
            continue
        if isinstance(value, (list, tuple)):
            kinds = {type(v) for v in value}
            if (
                any(v is None or not isinstance(v, _PRIMITIVES) for v in value)
                or len(kinds - {int, float}) > 1
                or (kinds & {int, float} and kinds - {int, float})
            ):
                raise KGError(
                    f"{what}: property {key!r} is a list of mixed or nested values, "
                    f"which a Neo4j server cannot store"
                )
            props[key] = list(value)
        elif isinstance(value, _PRIMITIVES):
            props[key] = value
        else:
            raise KGError(
                f"{what}: property {key!r} is a {type(value).__name__}, which a Neo4j server cannot store"
            )
    return props


@dataclass
class Batch:
    statement: str
    rows: list[dict]


def node_statement(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{_ident(label)} {{id: row.id}}) SET n = row.props"


def edge_statement(edge_type: str, source: str, target: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{_ident(source)} {{id: row.source}}) "
        f"MATCH (b:{_ident(target)} {{id: row.target}}) "
        f"MERGE (a)-[r:{_ident(edge_type)} {{key: row.key}}]->(b) SET r = row.props"
    )


def graph_rows(graph: nx.MultiDiGraph) -> tuple[dict[str, list[dict]], dict[tuple, list[dict]]]:
    """Rows by label, and by (type, source label, target label), in a stable order.
    Only schema labels and types are accepted: they become identifiers in Cypher."""
    nodes: dict[str, list[dict]] = defaultdict(list)
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        label = data.get("label")
        if label not in schema.NODE_LABELS:
            raise KGError(f"node {node}: label {label!r} is not in the schema")
        nodes[label].append({"id": node, "props": server_properties({**data, "id": node}, f"node {node}")})
    edges: dict[tuple, list[dict]] = defaultdict(list)
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        if data.get("type") not in schema.EDGE_TYPES:
            raise KGError(f"edge {u}->{v}: type {data.get('type')!r} is not in the schema")
        group = (data["type"], graph.nodes[u]["label"], graph.nodes[v]["label"])
        edges[group].append(
            {
                "source": u,
                "target": v,
                "key": key,
                "props": server_properties({**data, "key": key}, f"edge {u}->{v}"),
            }
        )
    return nodes, edges


def batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def schema_statements() -> list[str]:
    """A uniqueness constraint (and so an index) on `id` for every label."""
    return [
        f"CREATE CONSTRAINT paperkg_{label.lower()}_id IF NOT EXISTS "
        f"FOR (n:{_ident(label)}) REQUIRE n.id IS UNIQUE"
        for label in schema.NODE_LABELS
    ]


def push_plan(graph: nx.MultiDiGraph, batch_size: int = BATCH_SIZE) -> list[Batch]:
    nodes, edges = graph_rows(graph)
    plan = [
        Batch(node_statement(label), chunk)
        for label in schema.NODE_LABELS
        for chunk in batches(nodes.get(label, []), batch_size)
    ]
    plan += [
        Batch(edge_statement(*group), chunk)
        for group in sorted(edges)
        for chunk in batches(edges[group], batch_size)
    ]
    return plan


@dataclass
class PushReport:
    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    seconds: float = 0.0
    #: With `prune`: what was on the server that the graph no longer holds, removed.
    pruned_nodes: int = 0
    pruned_relationships: int = 0


def push(
    graph: nx.MultiDiGraph,
    connection: Connection,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    prune: bool = False,
) -> PushReport:
    """MERGE every node and edge of the graph onto the server; with `prune`, then
    remove what paperkg wrote there earlier that the graph no longer holds."""
    import time

    start = time.perf_counter()
    plan = push_plan(graph, batch_size)
    total = sum(len(b.rows) for b in plan)
    report = PushReport()
    with driver(connection) as handle, handle.session(database=connection.database) as session:
        with _translated(connection, "creating constraints"):
            for statement in schema_statements():
                session.run(statement).consume()
        done = 0
        for batch in plan:
            with _translated(
                connection,
                f"pushing (after {done} of {total} rows; run "
                f"`kg push` again to complete it, nothing is doubled)",
            ):
                session.execute_write(lambda tx, b=batch: tx.run(b.statement, rows=b.rows).consume())
            done += len(batch.rows)
            report.batches += 1
            if progress:
                progress(len(batch.rows))
        if prune:
            with _translated(connection, "pruning (run `kg push --prune` again to complete it)"):
                _prune(graph, session, batch_size, report)
    report.nodes = graph.number_of_nodes()
    report.relationships = graph.number_of_edges()
    report.seconds = time.perf_counter() - start
    return report


# What paperkg writes, and so what `--prune` may remove: nodes of a schema label whose
# `label` property names it (push sets it on every node), and relationships of a schema
# type that carry a `key` between two such nodes.  Anything else on the server is left.
def _server_node_ids(session, label: str) -> set[str]:
    query = f"MATCH (n:{_ident(label)}) WHERE n.label = $label RETURN n.id AS id"
    return {row["id"] for row in session.execute_read(lambda tx: list(tx.run(query, label=label)))}


def _server_edges(session, edge_type: str) -> list[dict]:
    query = (
        f"MATCH (a)-[r:{_ident(edge_type)}]->(b) WHERE r.key IS NOT NULL "
        "AND a.label IS NOT NULL AND b.label IS NOT NULL "
        "RETURN a.id AS source, a.label AS source_label, b.id AS target, "
        "b.label AS target_label, r.key AS key"
    )
    return session.execute_read(lambda tx: [record.data() for record in tx.run(query)])


def _prune(graph: nx.MultiDiGraph, session, batch_size: int, report: PushReport) -> None:
    """Relationships first (between nodes that stay, matched on their ends' labels and
    ids, so by index), then nodes with whatever is still attached to them.  Ids and
    keys travel as parameters; labels and types come from the schema only."""
    kept = {(u, v, key) for u, v, key in graph.edges(keys=True)}
    for edge_type in schema.EDGE_TYPES:
        stale: dict[tuple, list[dict]] = defaultdict(list)
        for row in _server_edges(session, edge_type):
            if (row["source"], row["target"], row["key"]) not in kept and {
                row["source_label"],
                row["target_label"],
            } <= set(schema.NODE_LABELS):
                stale[(row["source_label"], row["target_label"])].append(row)
        for (source, target), rows in sorted(stale.items()):
            statement = (
                f"UNWIND $rows AS row MATCH (a:{_ident(source)} {{id: row.source}})"
                f"-[r:{_ident(edge_type)} {{key: row.key}}]->"
                f"(b:{_ident(target)} {{id: row.target}}) DELETE r"
            )
            for chunk in batches(rows, batch_size):
                session.execute_write(lambda tx, c=chunk: tx.run(statement, rows=c).consume())
            report.pruned_relationships += len(rows)
    for label in schema.NODE_LABELS:
        held = {n for n, data in graph.nodes(data=True) if data.get("label") == label}
        stale_ids = sorted(_server_node_ids(session, label) - held)
        statement = f"UNWIND $ids AS id MATCH (n:{_ident(label)} {{id: id}}) DETACH DELETE n"
        for chunk in batches(stale_ids, batch_size):
            session.execute_write(lambda tx, c=chunk: tx.run(statement, ids=c).consume())
        report.pruned_nodes += len(stale_ids)


# querying ---------------------------------------------------------------------------
def refuse_writes(query: str) -> None:
    found = cypher_text.write_keywords(query)
    if found:
        raise KGError(
            f"this query writes, reads files or calls procedures "
            f"({', '.join(sorted(set(found)))}); queries run read-only unless you "
            f"add --write"
        )


#: Plan steps that write, read files or call procedures: ArcadeDB prints its plan as
#: "+ STEP ..." lines; Neo4j names operators (Create, SetProperty, LoadCSV, ...).
_WRITING_STEP = re.compile(
    r"^\s*\+\s*(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|FOREACH|LOAD|CALL)\b", re.MULTILINE
)
_WRITING_OPERATOR = re.compile(r"create|merge|set|delete|remove|foreach|load|call|procedure", re.IGNORECASE)


def _plan_writes(plan: dict | None) -> list[str]:
    """The steps of a server's query plan that write, read files or call procedures."""
    if not plan:
        return []
    found = [
        m.group(1)
        for m in _WRITING_STEP.finditer(str((plan.get("args") or {}).get("string-representation", "")))
    ]
    operator = str(plan.get("operatorType", "")).split("@")[0]
    if not operator.startswith("ArcadeDB") and _WRITING_OPERATOR.search(operator):
        found.append(operator)
    for child in plan.get("children") or ():
        found += _plan_writes(child)
    return found


def _statement(query: str) -> str:
    """The query without a leading EXPLAIN or PROFILE, so that it can be explained."""
    tokens = cypher_text.tokenize(query)
    for index, token in enumerate(tokens):
        if token.kind in ("space", "comment"):
            continue
        if token.kind == "word" and token.text.upper() in ("EXPLAIN", "PROFILE"):
            return "".join(t.text for t in tokens[index + 1 :])
        break
    return query


def _read_only(session, query: str, params: dict) -> tuple[list[str], list[dict]]:
    """Run a query that must not change the server or reach outside it, three ways
    guarded beyond the keyword check: the server's own plan (EXPLAIN) is refused if a
    step writes, loads or calls; the session asks for READ access; and the
    transaction is always rolled back, never committed, with a query that reports
    updates refused (ArcadeDB runs writes inside READ transactions)."""
    tx = session.begin_transaction()
    try:
        explained = tx.run("EXPLAIN " + _statement(query), params)
        steps = _plan_writes(explained.consume().plan)
        if steps:
            raise KGError(
                f"the server's plan for this query writes, reads files or calls "
                f"procedures ({', '.join(sorted(set(steps)))}); queries run "
                f"read-only unless you add --write"
            )
        result = tx.run(query, params)
        rows = [record.data() for record in result]
        columns = list(result.keys()) or cypher_text.return_columns(query)
        counters = result.consume().counters
        if counters.contains_updates or counters.contains_system_updates:
            raise KGError(
                "this query changed the server (the change was rolled back); "
                "queries run read-only unless you add --write"
            )
        return columns, rows
    finally:
        tx.rollback()  # a read never commits: whatever it did is undone


def run_query(
    connection: Connection, query: str, params: dict | None = None, write: bool = False
) -> tuple[list[str], list[dict]]:
    """(columns, rows) from the server; nodes come back as property maps."""
    params = params or {}
    if not write:
        refuse_writes(query)

    def work(tx):
        result = tx.run(query, params)
        rows = [record.data() for record in result]
        # some servers name no columns for an empty result; the query still has them
        return list(result.keys()) or cypher_text.return_columns(query), rows

    neo4j = _neo4j()
    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    with (
        driver(connection) as handle,
        handle.session(database=connection.database, default_access_mode=mode) as session,
    ):
        with _translated(connection, "running the query"):
            return session.execute_write(work) if write else _read_only(session, query, params)
