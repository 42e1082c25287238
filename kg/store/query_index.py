"""The query index: the graph file's content in an embedded Cypher database (LadybugDB).

The graph file stays the store of record; `kg query`, `kg show` and `kg stats` read
this index instead of loading the whole graph (3-5 s and 1.5 GB for the 75k-paper
graph) on every call.  Layout, beside the graph:

    <graph>.index/index-<layout>.lbug    the database (<layout>: a digest of its tables)
    <graph>.index/index-<layout>.names   its names lookup (SQLite): the texts kg.model.resolve's
                                         rules name a node by -> node ids, so `kg show X`
                                         reads one key instead of every node table
    <graph>.index/index-<layout>.digest  {digest}: the digest of the graph file whose bytes
                                         the database holds; null while it is written
    <graph>.index/<digest>.json          that graph's counts (`kg stats` reads only this)
    <graph>.index/current.json           {digest, stat}: the digest the graph file had when
                                         last hashed, so a reader need not hash 60 MB each call
    <graph>.index/index.lock             readers hold it shared while the database is open,
                                         a writer exclusive while it changes it

Never stale: a reader opens the database only when the digest it holds is that of the
graph file's bytes now (the stat in current.json is a cache of the digest; any rename
or rewrite changes the file's inode, size or mtime, and the reader hashes the file
again).  Never half-written: a writer marks the digest null before it changes the
database and names the new digest only once the change is closed and fsync'd; a
writer killed in between leaves a database whose digest is null, which no reader
opens and the next writer replaces.  A whole database is written under a temporary
name (`.tmp-<pid>-...`) and renamed into place; a killed writer's temporary files
are removed by the next writer once its process is gone.  When the index does not
hold the current graph (an older paperkg, a build killed before the index was
written, a graph file restored from `.prev`), the reader writes it from the graph
file, saying so on stderr.

Written with bulk `COPY ... FROM` Arrow tables (row-by-row inserts took 169 s for
the 75k graph).  A build that adds a day of papers to a big graph changes the index
in place, only the nodes and edges the update touched (`_write_update`), which tests
check gives the same database as a full write.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sys
from collections import defaultdict
from itertools import chain
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from kg import schema
from kg.errors import GraphFileError, KGError

if TYPE_CHECKING:  # (a query never loads the graph: networkx is not imported for it)
    import networkx as nx

INDEX_SUFFIX = ".index"
CURRENT = "current.json"
LOCK = "index.lock"

#: Each property's column type, from its type in kg/schema.py (a name it does not type,
#: the edge key, is text).
_COLUMN_TYPES = {
    schema.TEXT: "STRING",
    schema.INTEGER: "INT64",
    schema.NUMBER: "DOUBLE",
    schema.TEXT_LIST: "STRING[]",
}
#: Edge columns every relationship table has (the server keeps `key` and `type` too).
_EDGE_COLUMNS = ("key", "type", *schema.EVIDENCE_PROPERTIES)


def index_dir(graph_path: str | os.PathLike) -> Path:
    return Path(f"{graph_path}{INDEX_SUFFIX}")


def digest_bytes(data: bytes) -> str:
    """The graph file's digest (kg.store.store.digest), as the index's name."""
    from kg.store.store import digest

    return digest(data).hex()


def _stat_key(st: os.stat_result) -> list:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns]


# the tables -----------------------------------------------------------------------
def _column_type(name: str) -> str:
    return _COLUMN_TYPES[schema.PROPERTY_TYPES.get(name, schema.TEXT)]


def node_columns(label: str) -> tuple[str, ...]:
    return (*schema.NODE_BASE_PROPERTIES, *schema.NODE_PROPERTIES[label])


def edge_columns(edge_type: str) -> tuple[str, ...]:
    return (
        *_EDGE_COLUMNS,
        *schema.EDGE_TYPES[edge_type].properties,
        schema.MERGED_EDGE_PROPERTY,
        *schema.CURATION_EDGE_PROPERTIES,
    )


def _ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def schema_statements() -> list[str]:
    """DDL of the index: a node table per label, a relationship table per edge type
    with every (source label, target label) pair the schema allows."""
    statements = []
    for label in schema.NODE_LABELS:
        columns = ", ".join(f"{_ident(c)} {_column_type(c)}" for c in node_columns(label))
        statements.append(f"CREATE NODE TABLE {_ident(label)}({columns}, PRIMARY KEY (id))")
    for name, edge in schema.EDGE_TYPES.items():
        pairs = ", ".join(f"FROM {_ident(s)} TO {_ident(t)}" for s in edge.sources for t in edge.targets)
        columns = ", ".join(f"{_ident(c)} {_column_type(c)}" for c in edge_columns(name))
        statements.append(f"CREATE REL TABLE {_ident(name)}({pairs}, {columns})")
    return statements


def _known_node_properties(label: str) -> set[str]:
    return set(node_columns(label))


def _check_properties(graph: nx.MultiDiGraph) -> None:
    """Every property the graph holds has a column: a property the index dropped would
    read as null, a silent wrong answer.  (Cheap: the graph's nodes share a few key sets.)"""
    seen: set[tuple] = set()
    for node, data in graph.nodes(data=True):
        keys = (data.get("label"), tuple(data))
        if keys in seen:
            continue
        seen.add(keys)
        if data.get("label") not in schema.NODE_LABELS:
            raise KGError(f"node {node}: label {data.get('label')!r} is not in the schema")
        extra = set(data) - _known_node_properties(data["label"])
        if extra:
            raise KGError(
                f"node {node}: properties {sorted(extra)} are not in kg/schema.py, "
                "so the query index has no column for them"
            )


# writing ----------------------------------------------------------------------------
def _node_tables(graph: nx.MultiDiGraph, nodes):
    """(label, Arrow table) of these nodes, one label at a time."""
    import pyarrow as pa

    by_label: dict[str, list[dict]] = defaultdict(list)
    node_data = graph.nodes
    for node in nodes:
        data = node_data[node]
        by_label[data["label"]].append(data)
    for label, datas in by_label.items():
        columns = {
            c: _column(f"{label} property {c}", [d.get(c) for d in datas], c) for c in node_columns(label)
        }
        yield label, pa.table(columns)


def _column(what: str, values: list, column: str):
    """One Arrow column of the index's type for this property; a value of another type
    is an error naming the property (the index would otherwise answer wrongly)."""
    import pyarrow as pa

    try:
        return pa.array(values, type=_arrow_type(column))
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
        raise KGError(
            f"{what} holds values the query index cannot type as {_column_type(column)} ({exc})"
        ) from None


def _arrow_type(column: str):
    import pyarrow as pa

    return {
        "STRING[]": pa.list_(pa.string()),
        "INT64": pa.int64(),
        "DOUBLE": pa.float64(),
        "STRING": pa.string(),
    }[_column_type(column)]


def _arrow_edges(graph: nx.MultiDiGraph, edges):
    """(type, source label, target label), Arrow table) of these edges (u, v, key, data),
    one group at a time."""
    import pyarrow as pa

    groups: dict[tuple, list] = defaultdict(list)
    node_data = graph.nodes
    for u, v, key, data in edges:
        edge_type = data.get("type")
        if edge_type not in schema.EDGE_TYPES:
            raise KGError(f"edge {u}->{v}: type {edge_type!r} is not in the schema")
        groups[(edge_type, node_data[u]["label"], node_data[v]["label"])].append((u, v, key, data))
    for (edge_type, source, target), rows in groups.items():
        spec = schema.EDGE_TYPES[edge_type]
        if source not in spec.sources or target not in spec.targets:
            raise KGError(
                f"edge {rows[0][0]}->{rows[0][1]}: {edge_type} from {source} to {target} is not in the schema"
            )
        datas = [r[3] for r in rows]
        properties = edge_columns(edge_type)[1:]
        try:  # (Arrow's own loop over the dicts: a third less CPU than a list per column)
            table = pa.Table.from_pylist(datas, schema=pa.schema([(c, _arrow_type(c)) for c in properties]))
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
            for column in properties:  # (raises naming the property; Arrow makes integers DOUBLE)
                _column(f"{edge_type} property {column}", [d.get(column) for d in datas], column)
            raise KGError(f"{edge_type} edges hold values the query index cannot type ({exc})") from None
        extra = set().union(*datas) - set(edge_columns(edge_type))
        if extra:
            raise KGError(
                f"{edge_type} edges have properties {sorted(extra)} that are not in "
                "kg/schema.py, so the query index has no column for them"
            )
        for position, (name, values) in enumerate(
            (("from", [r[0] for r in rows]), ("to", [r[1] for r in rows]), ("key", [r[2] for r in rows]))
        ):
            table = table.add_column(position, name, pa.array(values, pa.string()))
        yield (edge_type, source, target), table


def _copy(connection, nodes, edges, meanwhile=None) -> None:
    """Bulk-load (key, Arrow table) pairs, nodes first as edges refer to them.  The
    engine copies one table in a thread (it lets go of the GIL) while the next table
    is made from the graph here: the two took 15 s and 6 s of CPU for the 75k graph.
    `meanwhile` runs here once every table is made, while the engine still copies."""
    with ThreadPoolExecutor(1) as engine:  # one thread: the copies run in order
        copies = [
            engine.submit(connection.execute, f"COPY {_ident(label)} FROM $rows", {"rows": table})
            for label, table in nodes
        ]
        for (edge_type, source, target), table in edges:
            copies.append(
                engine.submit(
                    connection.execute,
                    f"COPY {_ident(edge_type)} FROM $rows (from='{source}', to='{target}')",
                    {"rows": table},
                )
            )
        if meanwhile:
            meanwhile()
        for copy in copies:
            copy.result()


def layout() -> str:
    """A digest of the index's tables and its names lookup's: an index written with other
    tables (by another paperkg, or before kg/schema.py changed) is rebuilt, never read."""
    return hashlib.blake2b(
        "\n".join((*schema_statements(), *NAMES_SCHEMA)).encode(), digest_size=4
    ).hexdigest()


#: The address space one open index reserves.  LadybugDB's default reserves 8 TiB per
#: open database, so a process could hold only about 15 at once (a long test session or
#: a program querying many graphs crashed in mmap); 256 GiB still holds an index of
#: tens of millions of papers.
MAX_INDEX_BYTES = 1 << 38


def _database(path: Path, read_only: bool = False):
    import ladybug

    # a few threads: the machine is shared, and queries are small
    database = ladybug.Database(
        str(path), read_only=read_only, max_num_threads=2, max_db_size=MAX_INDEX_BYTES
    )
    return database, ladybug.Connection(database)


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_json(path: Path, data: dict) -> None:
    from kg.store.store import atomic_write_bytes

    atomic_write_bytes(path, orjson.dumps(data))


def _temp_path(folder: Path) -> Path:
    return folder / f".tmp-{os.getpid()}-{os.urandom(4).hex()}.lbug"


def _remove_dead_temps(folder: Path) -> None:
    """Temporary databases (and their write-ahead logs) of writers that are gone: a
    SIGKILL'd build leaves them; a live writer's are kept."""
    for temp in folder.glob(".tmp-*"):
        try:
            pid = int(temp.name.split("-")[1])
            os.kill(pid, 0)
            continue
        except ProcessLookupError:
            pass
        except (ValueError, IndexError, PermissionError):
            continue
        with contextlib.suppress(OSError):
            temp.unlink()


def _write_full(path: Path, graph: nx.MultiDiGraph) -> None:
    _check_properties(graph)
    database, connection = _database(path)
    try:
        for statement in schema_statements():
            connection.execute(statement)
        _copy(
            connection,
            _node_tables(graph, graph.nodes),
            _arrow_edges(graph, graph.edges(keys=True, data=True)),
            meanwhile=lambda: _write_names(names_path(path), graph),
        )
    finally:
        connection.close()
        database.close()


def names_path(database: Path) -> Path:
    """The names lookup beside a database (`index-<layout>.names`, `.tmp-....names`)."""
    return database.with_suffix(".names")


def _lookup_keys(node: str, data: dict) -> set[str]:
    """The texts by which kg.model.resolve's rules may name this node, as the lookup keys them
    (kg.query.inspect.matches asks for the text, its folded form, its arXiv id and its part
    before a tab, then classifies every candidate with resolve.Wanted.how): the folded
    name and aliases, the former ids, the concept ids it absorbed, and its id when the
    id's prefix does not name its label (a lookup by id reads that label's primary key)."""
    keys = {str(alias).lower() for alias in data.get("aliases") or ()}
    keys.add(str(data.get("name") or "").lower())
    keys.update(data.get("former_ids") or ())
    keys.update(record.partition("\t")[0] for record in data.get("absorbed") or ())
    if schema.label_of_id(node) != data.get("label"):
        keys.add(node)
    keys.discard("")
    return keys


NAMES_SCHEMA = (
    "CREATE TABLE names(key TEXT NOT NULL, node TEXT NOT NULL, label TEXT NOT NULL, "
    "PRIMARY KEY (key, node)) WITHOUT ROWID",
    "CREATE INDEX names_node ON names(node)",
)


def _names_connection(path: Path, fresh: bool):
    import sqlite3

    if fresh:
        connection = sqlite3.connect(path, isolation_level=None)
        # a fresh file under a temporary name: fsync'd whole before it is renamed into place
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        for statement in NAMES_SCHEMA:
            connection.execute(statement)
        return connection
    return sqlite3.connect(path, isolation_level=None)


def _write_names(path: Path, graph: nx.MultiDiGraph, nodes=None) -> None:
    """Write the names lookup of these nodes (None: a fresh file of every node), in one
    transaction; an update first deletes what the lookup held for them."""
    connection = _names_connection(path, fresh=nodes is None)
    try:
        connection.execute("BEGIN")
        if nodes is not None:
            connection.executemany("DELETE FROM names WHERE node = ?", ((n,) for n in nodes))
        node_data = graph.nodes
        connection.executemany(
            "INSERT INTO names VALUES (?, ?, ?)",
            (
                (key, node, node_data[node]["label"])
                for node in (graph.nodes if nodes is None else (n for n in nodes if n in graph))
                for key in _lookup_keys(node, node_data[node])
            ),
        )
        connection.execute("COMMIT")
    finally:
        connection.close()


#: Past this share of the graph's nodes changed, an update writes the index afresh.
UPDATE_AT_MOST = 0.2


def _write_update(path: Path, graph: nx.MultiDiGraph, changes) -> None:
    """Apply a build's changes (a GraphModel's `touched`, `created`, `rebuilt`,
    `new_edges`) to the index in place, in one transaction: nodes gone are deleted
    with their edges, created nodes inserted, the properties of the others that changed
    set; the edges of rebuilt nodes are compared with the index's and only those that
    differ are deleted and inserted.  Statements that find nodes by id go through the
    primary key of the id's label, and rows are inserted with CREATE: a COPY into a
    table that holds rows rewrote much of it (500 papers: 36 s).
    tests/test_query_index.py checks the result equals an index written from scratch."""
    created = {n for n in changes.created if n in graph}
    gone = sorted(n for n in changes.rebuilt | changes.created if n not in graph)
    kept = {n for n in changes.touched | changes.rebuilt if n in graph} - created
    for node in created | kept:
        extra = set(graph.nodes[node]) - _known_node_properties(graph.nodes[node].get("label"))
        if extra:
            raise KGError(f"node {node}: properties {sorted(extra)} are not in kg/schema.py")
    database, connection = _database(path)
    try:
        connection.execute("BEGIN TRANSACTION")
        for label, ids in _by_label(gone).items():
            connection.execute(
                f"UNWIND $ids AS i MATCH (n:{_ident(label)} {{id: i}}) DETACH DELETE n"
                if label
                else "MATCH (n) WHERE n.id IN $ids DETACH DELETE n",
                {"ids": ids},
            )
        wanted = _edges_now(graph, created, changes.rebuilt & kept, changes.new_edges | changes.changed_edges)
        held = _edges_held(connection, graph, changes.rebuilt & kept)
        for u, v, key in changes.changed_edges - changes.new_edges:
            # an edge the index holds as it was, between nodes it holds (not rebuilt: their
            # edges are compared above): its old row goes, its row now comes with `wanted`
            if not {u, v} & (created | changes.rebuilt) and graph.has_edge(u, v, key):
                edge_type = graph.edges[u, v, key]["type"]
                held[(edge_type, schema.label_of_id(u), schema.label_of_id(v))].append(
                    {"from": u, "to": v, "key": key}
                )
        for (edge_type, source, target), rows in held.items():
            stale = [row for row in rows if wanted.get((row["from"], row["to"], row["key"])) != row]
            for row in rows:
                if wanted.get((row["from"], row["to"], row["key"])) == row:
                    del wanted[(row["from"], row["to"], row["key"])]  # (the index has it as it is)
            if stale:
                import pyarrow as pa

                connection.execute(
                    f"LOAD FROM $rows MATCH (a:{_ident(source)} {{id: u}})-[e:{_ident(edge_type)}]->"
                    f"(b:{_ident(target)} {{id: v}}) WHERE e.key = k DELETE e",
                    {
                        "rows": pa.table(
                            {
                                name: pa.array([row[column] for row in stale], pa.string())
                                for name, column in (("u", "from"), ("v", "to"), ("k", "key"))
                            }
                        )
                    },
                )
        for label, table in _node_tables(graph, sorted(created)):
            columns = ", ".join(f"{_ident(c)}: {_ident(c)}" for c in node_columns(label))
            connection.execute(f"LOAD FROM $rows CREATE (:{_ident(label)} {{{columns}}})", {"rows": table})
        for label, table in _node_tables(graph, sorted(kept)):
            assignments = ", ".join(f"n.{_ident(c)} = {_ident(c)}" for c in node_columns(label) if c != "id")
            connection.execute(
                f"LOAD FROM $rows MATCH (n:{_ident(label)} {{id: `id`}}) SET {assignments}", {"rows": table}
            )
        for (edge_type, source, target), table in _arrow_edges(
            graph, ((u, v, k, graph.edges[u, v, k]) for u, v, k in sorted(wanted))
        ):
            columns = ", ".join(f"{_ident(c)}: {_ident(c)}" for c in edge_columns(edge_type))
            connection.execute(
                # two MATCH clauses: each end by its primary key (one comma pattern joined every pair: 16 GB)
                f"LOAD FROM $rows MATCH (a:{_ident(source)} {{id: `from`}}) MATCH (b:{_ident(target)} {{id: `to`}}) "
                f"CREATE (a)-[:{_ident(edge_type)} {{{columns}}}]->(b)",
                {"rows": table},
            )
        connection.execute("COMMIT")
    finally:
        connection.close()
        database.close()
    _write_names(names_path(path), graph, sorted(set(gone) | created | kept))


def _by_label(nodes) -> dict[str | None, list[str]]:
    """Node ids by the label their id names (None: an id of no known prefix)."""
    found: dict[str | None, list[str]] = defaultdict(list)
    for node in nodes:
        found[schema.label_of_id(node)].append(node)
    return found


def _edge_row(edge_type: str, key: str, data: dict) -> dict:
    """An edge's columns as the index holds them (values of a float column as floats)."""
    row = {"key": key}
    for column in edge_columns(edge_type)[1:]:
        value = data.get(column)
        row[column] = float(value) if _column_type(column) == "DOUBLE" and value is not None else value
    return row


def _edges_now(graph: nx.MultiDiGraph, created: set, rebuilt: set, new_edges) -> dict:
    """{(from, to, key): row} of the edges the update may have to insert: every edge of
    a created or rebuilt node, and the edges added between other nodes."""
    wanted = {}
    for node in created | rebuilt:
        for u, v, key, data in chain(
            graph.out_edges(node, keys=True, data=True), graph.in_edges(node, keys=True, data=True)
        ):
            wanted[(u, v, key)] = {"from": u, "to": v, **_edge_row(data["type"], key, data)}
    for u, v, key in new_edges:
        if (u, v, key) not in wanted and graph.has_edge(u, v, key):
            data = graph.edges[u, v, key]
            wanted[(u, v, key)] = {"from": u, "to": v, **_edge_row(data["type"], key, data)}
    return wanted


def _edges_held(connection, graph: nx.MultiDiGraph, nodes: set) -> dict:
    """{(type, source label, target label): [row]} of the edges the index holds at
    these nodes (which are in the graph and the index both), as `_edges_now` rows."""
    held: dict[tuple, list] = defaultdict(list)
    seen = set()
    for label, ids in _by_label(nodes).items():
        node = f"(n:{_ident(label)})" if label else "(n)"
        for pattern in (f"{node}-[e]->(m)", f"(m)-[e]->{node}"):
            ends = (
                "n.id, m.id, n.label, m.label" if pattern.startswith("(n") else "m.id, n.id, m.label, n.label"
            )
            # (a filter, not UNWIND and a key lookup per id: the engine then walked the
            # edges row by row, 0.2 s for 21 methods' incoming edges against 0.01 s)
            result = connection.execute(
                f"MATCH {pattern} WHERE n.id IN $ids RETURN label(e), {ends}, e", {"ids": ids}
            )
            for edge_type, u, v, source, target, props in result.get_all():
                if (u, v, props["key"]) in seen:
                    continue  # (an edge between two of these nodes comes twice)
                seen.add((u, v, props["key"]))
                held[(edge_type, source, target)].append(
                    {"from": u, "to": v, **{c: props.get(c) for c in edge_columns(edge_type)}}
                )
    return held


def write(
    graph: nx.MultiDiGraph,
    graph_path: str | os.PathLike,
    digest: str,
    stats: dict,
    previous: str | None = None,
    changes=None,
    graph_stat: os.stat_result | None = None,
    clean: bool = True,
    ahead: Ahead | None = None,
) -> Path:
    """Make the index hold `graph`, whose file's bytes hash to `digest`: given the
    digest of the graph the update started from (`previous`) and what it changed
    (`changes`: the GraphModel that made it), by applying those changes to the index in
    place when it holds exactly that graph; else written afresh.  `clean` (writers
    holding the graph's lock) removes other generations' files and dead writers'
    temporary files.  `ahead`: the whole index of `graph`, begun before the graph file
    was saved, taken if the index is written afresh; or the in-place update begun then
    (`UpdateAhead`), finished here (the caller discards either after)."""
    folder = index_dir(graph_path)
    folder.mkdir(parents=True, exist_ok=True)
    _atomic_json(folder / f"{digest}.json", {"digest": digest, "stats": stats})
    updated = isinstance(ahead, UpdateAhead)
    with contextlib.nullcontext() if updated else _locked(folder, exclusive=True):
        if clean:
            _remove_dead_temps(folder)
        database = _database_path(folder)
        held = _held_digest(folder)
        if updated:  # (its lock held since before the save; the index marked as holding no graph)
            ahead.result()
            _mark(folder, digest)
        elif held != digest or not _complete(database):
            if _updatable(held, database, graph, previous, changes):
                _mark(folder, None)  # from here until the update is done, the index answers nothing
                _write_update_synced(database, graph, changes)
            else:
                _replace(folder, database, graph, ahead)
            _mark(folder, digest)
        stat = graph_stat or os.stat(graph_path)
        _atomic_json(folder / CURRENT, {"digest": digest, "stat": _stat_key(stat)})
        if clean:
            keep = {
                database.name,
                names_path(database).name,
                _marker_path(folder).name,
                f"{digest}.json",
                CURRENT,
                LOCK,
            }
            for other in folder.iterdir():
                if other.name not in keep and not other.name.startswith(".tmp-"):
                    with contextlib.suppress(OSError):
                        other.unlink()
    return database


def _replace(folder: Path, database: Path, graph: nx.MultiDiGraph, ahead: Ahead | None = None) -> None:
    """Write the whole index under a temporary name (or take the one `ahead` wrote) and
    rename it over the database (the caller holds the lock and marks the new digest after)."""
    temp = ahead.temp if ahead else _temp_path(folder)
    try:
        if ahead:
            ahead.result()
        else:
            _write_full_synced(temp, graph)
        _mark(folder, None)
        # a killed update's logs belong to the files being replaced: never replayed into these
        for log in (Path(f"{database}.wal"), Path(f"{names_path(database)}-journal")):
            with contextlib.suppress(FileNotFoundError):
                log.unlink()
        os.replace(temp, database)
        os.replace(names_path(temp), names_path(database))
        _fsync(folder, directory=True)
    finally:
        _remove_temp(temp)


def _write_full_synced(temp: Path, graph: nx.MultiDiGraph) -> None:
    _write_full(temp, graph)
    _fsync(temp)
    _fsync(names_path(temp))


def _remove_temp(temp: Path) -> None:
    for leftover in (temp, Path(f"{temp}.wal"), names_path(temp), Path(f"{names_path(temp)}-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


class _InThread:
    """An index write run in a thread of its own, begun before the graph file is saved:
    the engine's work (C++, which lets go of the GIL: bench/README.md) runs on the second
    core while the graph is serialised.  `write` waits for it with `result`; a build
    that does not use it, or fails first, calls `discard`, which waits for the thread
    (it holds the database open) before `_release` tidies up."""

    def _start(self, work, *args) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="query-index")
        self._future = self._thread.submit(work, *args)
        self._thread.shutdown(wait=False)

    def result(self) -> None:
        """Wait for the write; its error, if any, raised here."""
        self._future.result()

    def discard(self) -> None:
        futures.wait([self._future])  # whatever it raised: `write` raised it, or the build failed first
        self._release()

    def _release(self) -> None:
        raise NotImplementedError


class Ahead(_InThread):
    """A whole index of a graph being written under a temporary name (the engine's COPY,
    the larger part of the write).  `write` renames it into place once the graph file's
    digest is known, under the lock as ever; until then no reader sees it (a temporary
    name, which the next writer removes if this process is killed).  Discarded when the
    index already held this graph, or was updated in place."""

    def __init__(self, graph: nx.MultiDiGraph, graph_path: str | os.PathLike):
        folder = index_dir(graph_path)
        folder.mkdir(parents=True, exist_ok=True)
        self.temp = _temp_path(folder)
        self._start(_write_full_synced, self.temp, graph)

    def _release(self) -> None:
        _remove_temp(self.temp)


class UpdateAhead(_InThread):
    """The in-place update of an index that holds exactly the graph a build started from
    (the engine's checkpoint, the larger part of a day's update).  It takes the index's
    lock first and marks the index as holding no graph before changing it; `write`
    names the new digest once the graph file is saved, and `discard` lets go of the
    lock.  A build that fails or is killed meanwhile leaves an index no reader opens and
    the next writer replaces."""

    def __init__(self, graph: nx.MultiDiGraph, folder: Path, changes, lock_fd: int):
        self._lock_fd = lock_fd
        _mark(folder, None)  # from here until `write` marks it, the index answers nothing
        self._start(_write_update_synced, _database_path(folder), graph, changes)

    def _release(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def update_ahead(graph: nx.MultiDiGraph, graph_path: str | os.PathLike, previous: str | None, changes):
    """An `UpdateAhead` of the index of `graph_path`, when the index holds the graph of
    digest `previous` that `changes` (a GraphModel) were made to and they are few enough
    to apply in place; else None (`write` then writes the index as it finds it)."""
    if previous is None or changes is None or _too_large(graph, changes):
        return None
    if not (
        changes.touched or changes.created or changes.rebuilt or changes.new_edges or changes.changed_edges
    ):
        return None  # (nothing may have changed: the index may already hold the graph)
    folder = index_dir(graph_path)
    if not folder.is_dir():
        return None
    fd = _lock_fd(folder)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        if not _updatable(_held_digest(folder), _database_path(folder), graph, previous, changes):
            os.close(fd)
            return None
        return UpdateAhead(graph, folder, changes, fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise


def _updatable(
    held: str | None, database: Path, graph: nx.MultiDiGraph, previous: str | None, changes
) -> bool:
    """Whether `changes` (a GraphModel's, made to the graph of digest `previous`) may be
    applied to the index in place: it holds exactly that graph (digest `held`), whole,
    and they are few enough.  (One rule for `write` and for `update_ahead`, which begins
    the same update before the graph file is saved.)"""
    return (
        bool(previous)
        and held == previous
        and changes is not None
        and _complete(database)
        and not _too_large(graph, changes)
    )


def _write_update_synced(database: Path, graph: nx.MultiDiGraph, changes) -> None:
    _write_update(database, graph, changes)
    _fsync(database)
    _fsync(names_path(database))


def writes_afresh(graph: nx.MultiDiGraph, previous: str | None, changes) -> bool:
    """Whether `write` will certainly write the whole index of this build's graph, whose
    previous digest was `previous` (None: there was no graph file), so that it can be
    begun `Ahead` of the save: a first build, or an update too large to apply in place.
    (Never for a build that may have changed nothing: the index would be written for
    nothing.)"""
    if previous is None:
        return True
    return changes is not None and _too_large(graph, changes)


def _too_large(graph: nx.MultiDiGraph, changes) -> bool:
    return len(changes.touched | changes.rebuilt) > UPDATE_AT_MOST * graph.number_of_nodes()


# the generation the database holds -------------------------------------------------
def _database_path(folder: Path) -> Path:
    return folder / f"index-{layout()}.lbug"


def _complete(database: Path) -> bool:
    """The database and its names lookup are both there."""
    return database.exists() and names_path(database).exists()


def _marker_path(folder: Path) -> Path:
    return folder / f"index-{layout()}.digest"


def database_files(graph_path: str | os.PathLike) -> tuple[Path, Path, Path]:
    """The index's database, its write-ahead log and the marker naming the graph it
    holds: an update changes the first two in place, so the three are put back together
    or not at all (kg.store.store.restored_on_failure)."""
    folder = index_dir(graph_path)
    database = _database_path(folder)
    return database, Path(f"{database}.wal"), _marker_path(folder)


def _held_digest(folder: Path) -> str | None:
    """The digest of the graph the database holds, None while it is being written (or
    was being written by a writer that died): such a database never answers."""
    try:
        return orjson.loads(_marker_path(folder).read_bytes()).get("digest")
    except (OSError, orjson.JSONDecodeError, AttributeError):
        return None


def _mark(folder: Path, digest: str | None) -> None:
    _atomic_json(_marker_path(folder), {"digest": digest})


@contextlib.contextmanager
def _locked(folder: Path, exclusive: bool):
    """The index's readers-writer lock: a reader holds it shared for as long as it has
    the database open (an update changes the database in place), a writer exclusive."""
    fd = _lock_fd(folder)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield fd
    finally:
        os.close(fd)


def _lock_fd(folder: Path) -> int:
    try:
        return os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    except PermissionError:  # a graph others may read but not write: a shared lock needs no write
        return os.open(folder / LOCK, os.O_RDONLY)


# reading ----------------------------------------------------------------------------
def _current(folder: Path) -> dict:
    try:
        return orjson.loads((folder / CURRENT).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}


def graph_digest(graph_path: str | os.PathLike) -> str | None:
    """The digest of the graph file as it is now (the cached one when its stat is
    unchanged); None when there is no graph file."""
    try:
        stat = os.stat(graph_path)
    except FileNotFoundError:
        return None
    current = _current(index_dir(graph_path))
    if current.get("stat") == _stat_key(stat):
        return current["digest"]
    from kg.store.store import file_digest

    digest = file_digest(graph_path)
    if digest is None:
        return None
    with contextlib.suppress(OSError):  # (the next reader need not hash the file again)
        if index_dir(graph_path).is_dir():
            _atomic_json(index_dir(graph_path) / CURRENT, {"digest": digest.hex(), "stat": _stat_key(stat)})
    return digest.hex()


class Index:
    """An open, read-only query index of one graph file generation.  It holds the
    index's lock shared until closed, so no update changes it meanwhile."""

    def __init__(self, graph_path: str, digest: str | None, path: Path, lock_fd: int | None = None):
        self.graph_path, self.digest, self.path, self._lock_fd = graph_path, digest, path, lock_fd
        try:
            self.database, self.connection = _database(path, read_only=True)
        except BaseException:
            self._unlock()
            raise

    @property
    def stats(self) -> dict:
        return orjson.loads((index_dir(self.graph_path) / f"{self.digest}.json").read_bytes())["stats"]

    def execute(self, query: str, params: dict | None = None):
        return self.connection.execute(query, params or {})

    def named(self, keys) -> set[tuple[str, str]]:
        """(node, label) of the nodes the names lookup holds under any of these keys
        (`_lookup_keys`)."""
        import sqlite3

        keys = sorted(set(keys))
        connection = sqlite3.connect(f"{names_path(self.path).absolute().as_uri()}?mode=ro", uri=True)
        try:
            return set(
                connection.execute(
                    f"SELECT node, label FROM names WHERE key IN ({', '.join('?' * len(keys))})", keys
                )
            )
        finally:
            connection.close()

    def close(self) -> None:
        try:
            self.connection.close()
            self.database.close()
        finally:
            self._unlock()

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


@contextlib.contextmanager
def opened(graph_path: str | os.PathLike, min_confidence: float | None = None):
    """The graph's index, open for the block.  With `min_confidence` (the reading
    commands' --min-confidence), an index of the graph without the weaker edges, written
    for this call into a temporary folder: the shared index holds every edge, and a
    query filtered afterwards could not know every path its rows took."""
    if min_confidence is None:
        index = open_index(graph_path)
    else:
        import tempfile

        from kg.store import store

        graph = store.load(graph_path, min_confidence)
        folder = tempfile.TemporaryDirectory(prefix="paperkg-filtered-")
        path = Path(folder.name) / "filtered.lbug"
        _write_full(path, graph)
        index = Index(str(graph_path), None, path)
    try:
        yield index
    finally:
        index.close()
        if min_confidence is not None:
            folder.cleanup()


def _no_graph(graph_path) -> GraphFileError:
    return GraphFileError(f"{graph_path}: no graph file here (run `kg build` first)")


def open_index(graph_path: str | os.PathLike, announce=None) -> Index:
    """The index of the graph file as it is now; built from the file first when it is
    missing or holds another graph (`announce` says so)."""
    graph_path = str(graph_path)
    if os.path.isdir(graph_path):
        raise GraphFileError(f"{graph_path}: is a folder, not a graph file")
    folder = index_dir(graph_path)
    for _ in range(3):  # a writer may replace the generation between look and open
        digest = graph_digest(graph_path)
        if digest is None:
            raise _no_graph(graph_path)
        if folder.is_dir():
            fd = _lock_fd(folder)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH)
            except BaseException:
                os.close(fd)
                raise
            if _held_digest(folder) == digest and _complete(_database_path(folder)):
                return Index(graph_path, digest, _database_path(folder), fd)
            os.close(fd)
        _from_file(graph_path, announce)
    raise KGError(f"{graph_path}: the graph kept changing while its index was being opened; try again")


def _from_file(graph_path: str, announce) -> str:
    """Hash the graph file; unless the index holds those bytes already, write it from
    them.  Returns the digest."""
    from kg.store import store
    from kg.model.graph_model import GraphModel

    folder = index_dir(graph_path)
    try:
        # the stat first: a file replaced in between is then hashed again by the next reader
        stat = os.stat(graph_path)
        data = store.read_regular_file(graph_path)
    except FileNotFoundError:
        raise _no_graph(graph_path) from None
    except OSError as exc:
        raise GraphFileError(f"{graph_path}: cannot read the graph file ({exc.strerror or exc})") from None
    digest = digest_bytes(data)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder, exclusive=False):
            ready = (
                _held_digest(folder) == digest
                and _complete(_database_path(folder))
                and (folder / f"{digest}.json").exists()
            )
        if ready:
            _atomic_json(folder / CURRENT, {"digest": digest, "stat": _stat_key(stat)})
            return digest
        graph = store.load_bytes(data, graph_path)
        (announce or _stderr)(
            f"kg: building the query index of {graph_path} "
            "(the graph changed since it was written, or it has none yet)"
        )
        write(graph, graph_path, digest, GraphModel(graph).stats(), graph_stat=stat, clean=False)
    except OSError as exc:
        raise GraphFileError(
            f"{graph_path}: cannot write the query index beside the graph ({exc.strerror or exc})"
        ) from None
    return digest


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def stats(graph_path: str | os.PathLike) -> dict:
    """`kg stats`: the counts written beside the index, without opening it."""
    graph_path = str(graph_path)
    if os.path.isdir(graph_path):
        raise GraphFileError(f"{graph_path}: is a folder, not a graph file")
    digest = graph_digest(graph_path)
    if digest is None:
        raise _no_graph(graph_path)
    meta = index_dir(graph_path) / f"{digest}.json"
    if not meta.exists():
        digest = _from_file(graph_path, None)
        meta = index_dir(graph_path) / f"{digest}.json"
    return orjson.loads(meta.read_bytes())["stats"]
