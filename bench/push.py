"""`kg push` throughput on a real Neo4j-protocol server, against plain UNWIND ... CREATE.

Pushes the corpus graph with kg.store.server_store.push (MERGE on ids under uniqueness
constraints, SET of all properties) into one fresh database, and the same rows with a
minimal script (an index on id, then `UNWIND $rows CREATE` for nodes and
`UNWIND $rows MATCH MATCH CREATE` for relationships, same batch size) into another, on
the same server in the same run.  Then pushes again (the idempotent re-run).  Prints
nodes+relationships per second for each and the ratio push/baseline.

    python bench/push.py [--graph PATH] [--uri bolt://... --user U --password P]

Without --uri it starts ArcadeDB from the arcadedb-embedded wheel (tests/servers.py).
The graph defaults to the corpus graph, built first with `kg build` if absent.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path[:0] = [
    str(Path(__file__).resolve().parent.parent),  # this checkout's kg
    str(Path(__file__).resolve().parent.parent / "tests"),  # the server launcher
    str(Path(__file__).resolve().parent),
]
from common import REPO, kg, need_corpus  # noqa: E402

DEFAULT_GRAPH = Path("/tmp/paperkg-bench-corpus.json.zst")


def corpus_graph(path: Path) -> Path:
    if not path.exists():
        print(f"building {path} from the corpus (a few minutes)...", file=sys.stderr)
        subprocess.run(
            ["nice", *kg("build", need_corpus(), "--graph", path)],
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def baseline_push(graph, connection, batch_size: int) -> float:
    """The same rows, written the simplest way: CREATE, no MERGE, no constraints."""
    from neo4j import GraphDatabase

    from kg import schema
    from kg.store.server_store import _ident, batches, graph_rows

    nodes, edges = graph_rows(graph)
    start = time.perf_counter()
    with (
        GraphDatabase.driver(connection.uri, auth=(connection.user, connection.password)) as driver,
        driver.session(database=connection.database) as session,
    ):
        for label in schema.NODE_LABELS:
            session.run(
                f"CREATE INDEX base_{label.lower()} IF NOT EXISTS FOR (n:{_ident(label)}) ON (n.id)"
            ).consume()
        for label, rows in nodes.items():
            statement = f"UNWIND $rows AS row CREATE (n:{_ident(label)}) SET n = row.props"
            for chunk in batches(rows, batch_size):
                session.execute_write(lambda tx, c=chunk: tx.run(statement, rows=c).consume())
        for (edge_type, source, target), rows in edges.items():
            statement = (
                f"UNWIND $rows AS row MATCH (a:{_ident(source)} {{id: row.source}}) "
                f"MATCH (b:{_ident(target)} {{id: row.target}}) "
                f"CREATE (a)-[r:{_ident(edge_type)}]->(b) SET r = row.props"
            )
            for chunk in batches(rows, batch_size):
                session.execute_write(lambda tx, c=chunk: tx.run(statement, rows=c).consume())
    return time.perf_counter() - start


def count(connection) -> tuple[int, int]:
    from kg.store.server_store import run_query

    nodes = run_query(connection, "MATCH (n) RETURN count(n) AS c")[1][0]["c"]
    rels = run_query(connection, "MATCH ()-[r]->() RETURN count(r) AS c")[1][0]["c"]
    return nodes, rels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=DEFAULT_GRAPH)
    parser.add_argument("--uri")
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--password", default="")
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--heap", default="4g", help="server heap when started here")
    args = parser.parse_args()

    from kg.store import store
    from kg.store.server_store import Connection, push

    graph = store.load(corpus_graph(args.graph))
    items = graph.number_of_nodes() + graph.number_of_edges()
    server = None
    if args.uri:
        make = lambda name: Connection(args.uri, args.user, args.password, name)  # noqa: E731
    else:
        from servers import ArcadeServer

        server = ArcadeServer(heap=args.heap).start()
        make = lambda name: Connection(server.uri, *server.auth, server.create_database(name))  # noqa: E731
    try:
        base = make("baseline")
        base_s = baseline_push(graph, base, args.batch_size)
        target = make("paperkg")
        report = push(graph, target, batch_size=args.batch_size)
        again = push(graph, target, batch_size=args.batch_size)
        assert count(target) == (graph.number_of_nodes(), graph.number_of_edges()), count(target)
        assert count(base) == count(target)
    finally:
        if server:
            server.stop()
    print(
        f"graph: {graph.number_of_nodes()} nodes + {graph.number_of_edges()} relationships "
        f"= {items} items; batch {args.batch_size}"
    )
    print(f"baseline UNWIND CREATE : {base_s:7.1f} s  {items / base_s:9.0f} items/s")
    print(
        f"kg push (MERGE)        : {report.seconds:7.1f} s  {items / report.seconds:9.0f} items/s"
        f"  ratio {base_s / report.seconds:.2f}"
    )
    print(f"kg push again (no-op)  : {again.seconds:7.1f} s  {items / again.seconds:9.0f} items/s")


if __name__ == "__main__":
    main()
