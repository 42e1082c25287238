"""The query index: the graph file's content in an embedded Cypher database (LadybugDB).

The graph file stays the store of record; `kg query`, `kg show` and `kg stats` read
this index instead of loading the whole graph (3-5 s and 1.5 GB for the 75k-paper
graph) on every call.  Layout, beside the graph:

    <graph>.index/<digest>.lbug     the database of the graph whose bytes hash to <digest>
    <graph>.index/<digest>.json     its counts (`kg stats` reads only this)
    <graph>.index/current.json      {digest, stat}: which digest the graph file had when
                                    last hashed, so a reader need not hash 60 MB each call

Never stale: an index is named by the digest of the exact graph bytes it was made
from, and a reader uses it only for a graph file whose digest is that one (the stat
in current.json is a cache of the digest; any rename or rewrite changes the file's
inode, size or mtime, and the reader hashes the file again).  Never half-written: a
database is written under a temporary name (`.tmp-<pid>-...`), closed and fsync'd,
then renamed to its digest name; a killed writer leaves only a temporary file, which
the next writer removes once its process is gone.  When the index of the current
graph is missing (an older paperkg, a build killed between saving the graph and
writing the index), the reader builds it from the graph file, saying so on stderr.

Written with bulk `COPY ... FROM` Arrow tables (row-by-row inserts took 169 s for
the 75k graph).  A build that adds a day of papers to a big graph copies the previous
index and replaces only the nodes the update touched, with their edges
(`write_update`), which tests check gives the same database as a full write.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import networkx as nx
import orjson

from kg import schema
from kg.errors import GraphFileError, KGError

INDEX_SUFFIX = ".index"
CURRENT = "current.json"

#: Each property's column type, from its type in kg/schema.py (a name it does not type,
#: the edge key, is text).
_COLUMN_TYPES = {schema.TEXT: "STRING", schema.INTEGER: "INT64", schema.NUMBER: "DOUBLE",
                 schema.TEXT_LIST: "STRING[]"}
#: Edge columns every relationship table has (the server keeps `key` and `type` too).
_EDGE_COLUMNS = ("key", "type", *schema.EVIDENCE_PROPERTIES)


def index_dir(graph_path: str | os.PathLike) -> Path:
    return Path(f"{graph_path}{INDEX_SUFFIX}")


def digest_bytes(data: bytes) -> str:
    """The graph file's digest (kg.store.digest), as the index's name."""
    from kg.store import digest

    return digest(data).hex()


def _stat_key(st: os.stat_result) -> list:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns]


# the tables -----------------------------------------------------------------------
def _column_type(name: str) -> str:
    return _COLUMN_TYPES[schema.PROPERTY_TYPES.get(name, schema.TEXT)]


def node_columns(label: str) -> tuple[str, ...]:
    return (*schema.NODE_BASE_PROPERTIES, *schema.NODE_PROPERTIES[label])


def edge_columns(edge_type: str) -> tuple[str, ...]:
    return (*_EDGE_COLUMNS, *schema.EDGE_TYPES[edge_type].properties, schema.MERGED_EDGE_PROPERTY,
            *schema.CURATION_EDGE_PROPERTIES)


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
            raise KGError(f"node {node}: properties {sorted(extra)} are not in kg/schema.py, "
                          "so the query index has no column for them")


# writing ----------------------------------------------------------------------------
def _arrow_nodes(graph: nx.MultiDiGraph, nodes) -> dict:
    """Arrow tables of these nodes, by label."""
    return dict(_node_tables(graph, nodes))


def _node_tables(graph: nx.MultiDiGraph, nodes):
    """(label, Arrow table) of these nodes, one label at a time."""
    import pyarrow as pa

    by_label: dict[str, list[dict]] = defaultdict(list)
    node_data = graph.nodes
    for node in nodes:
        data = node_data[node]
        by_label[data["label"]].append(data)
    for label, datas in by_label.items():
        columns = {c: _column(f"{label} property {c}", [d.get(c) for d in datas], c)
                   for c in node_columns(label)}
        yield label, pa.table(columns)


def _column(what: str, values: list, column: str):
    """One Arrow column of the index's type for this property; a value of another type
    is an error naming the property (the index would otherwise answer wrongly)."""
    import pyarrow as pa

    try:
        return pa.array(values, type=_arrow_type(column))
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
        raise KGError(f"{what} holds values the query index cannot type as "
                      f"{_column_type(column)} ({exc})") from None


def _arrow_type(column: str):
    import pyarrow as pa

    return {"STRING[]": pa.list_(pa.string()), "INT64": pa.int64(), "DOUBLE": pa.float64(),
            "STRING": pa.string()}[_column_type(column)]


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
            raise KGError(f"edge {rows[0][0]}->{rows[0][1]}: {edge_type} from {source} to "
                          f"{target} is not in the schema")
        columns = {"from": pa.array([r[0] for r in rows], pa.string()),
                   "to": pa.array([r[1] for r in rows], pa.string()),
                   "key": pa.array([r[2] for r in rows], pa.string())}
        for column in edge_columns(edge_type)[1:]:
            values = [r[3].get(column) for r in rows]  # (Arrow makes integers DOUBLE)
            columns[column] = _column(f"{edge_type} property {column}", values, column)
        extra = {k for r in rows for k in r[3]} - set(edge_columns(edge_type))
        if extra:
            raise KGError(f"{edge_type} edges have properties {sorted(extra)} that are not in "
                          "kg/schema.py, so the query index has no column for them")
        yield (edge_type, source, target), pa.table(columns)


def _copy(connection, nodes, edges) -> None:
    """Bulk-load (key, Arrow table) pairs, nodes first as edges refer to them.  The
    engine copies one table in a thread (it lets go of the GIL) while the next table
    is made from the graph here: the two took 15 s and 6 s of CPU for the 75k graph."""
    with ThreadPoolExecutor(1) as engine:  # one thread: the copies run in order
        copies = [engine.submit(connection.execute, f"COPY {_ident(label)} FROM $rows", {"rows": table})
                  for label, table in nodes]
        for (edge_type, source, target), table in edges:
            copies.append(engine.submit(
                connection.execute, f"COPY {_ident(edge_type)} FROM $rows (from='{source}', to='{target}')",
                {"rows": table}))
        for copy in copies:
            copy.result()


def layout() -> str:
    """A digest of the index's tables: an index written with other tables (by another
    paperkg, or before kg/schema.py changed) is rebuilt, never read."""
    return hashlib.blake2b("\n".join(schema_statements()).encode(), digest_size=4).hexdigest()


def _index_name(digest: str) -> str:
    return f"{digest}-{layout()}"


#: The address space one open index reserves.  LadybugDB's default reserves 8 TiB per
#: open database, so a process could hold only about 15 at once (a long test session or
#: a program querying many graphs crashed in mmap); 256 GiB still holds an index of
#: tens of millions of papers.
MAX_INDEX_BYTES = 1 << 38


def _database(path: Path, read_only: bool = False):
    import ladybug

    # a few threads: the machine is shared, and queries are small
    database = ladybug.Database(str(path), read_only=read_only, max_num_threads=2,
                                max_db_size=MAX_INDEX_BYTES)
    return database, ladybug.Connection(database)


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_json(path: Path, data: dict) -> None:
    from kg.store import atomic_write_bytes

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
        _copy(connection, _node_tables(graph, graph.nodes),
              _arrow_edges(graph, graph.edges(keys=True, data=True)))
    finally:
        connection.close()
        database.close()


#: Past this share of the graph's nodes changed, an update writes the index afresh.
UPDATE_AT_MOST = 0.2


def _write_update(path: Path, graph: nx.MultiDiGraph, changes) -> None:
    """Apply a build's changes (a GraphModel's `touched`, `created`, `rebuilt`,
    `new_edges`) to a copy of the previous index: rebuilt and created nodes are
    deleted with their edges and inserted again with all their edges as they are now;
    nodes whose properties alone changed are updated in place; added edges between
    other nodes are inserted.  tests/test_query_index.py checks the result equals an
    index written from scratch."""
    rebuild = changes.rebuilt | changes.created
    present = [n for n in rebuild if n in graph]
    for node in present:
        extra = set(graph.nodes[node]) - _known_node_properties(graph.nodes[node].get("label"))
        if extra:
            raise KGError(f"node {node}: properties {sorted(extra)} are not in kg/schema.py")
    gone: dict[str | None, list[str]] = defaultdict(list)
    for node in rebuild:
        gone[graph.nodes[node]["label"] if node in graph else None].append(node)
    edges = {}
    for node in present:
        for u, v, key, data in graph.out_edges(node, keys=True, data=True):
            edges[(u, v, key)] = data
        for u, v, key, data in graph.in_edges(node, keys=True, data=True):
            edges[(u, v, key)] = data
    for u, v, key in changes.new_edges:
        if u not in rebuild and v not in rebuild and graph.has_edge(u, v, key):
            edges[(u, v, key)] = graph.edges[u, v, key]
    updated = _arrow_nodes(graph, [n for n in changes.touched - rebuild if n in graph])
    database, connection = _database(path)
    try:
        for label, ids in gone.items():
            # a removed node's label is not known any more: look in every table
            pattern = f"(n:{_ident(label)})" if label else "(n)"
            connection.execute(f"MATCH {pattern} WHERE n.id IN $ids DETACH DELETE n", {"ids": ids})
        for label, table in updated.items():
            assignments = ", ".join(f"n.{_ident(c)} = {_ident(c)}" for c in node_columns(label) if c != "id")
            connection.execute(f"LOAD FROM $rows MATCH (n:{_ident(label)} {{id: `id`}}) SET {assignments}",
                               {"rows": table})
        _copy(connection, _node_tables(graph, present),
              _arrow_edges(graph, ((u, v, k, d) for (u, v, k), d in edges.items())))
    finally:
        connection.close()
        database.close()


def write(graph: nx.MultiDiGraph, graph_path: str | os.PathLike, digest: str, stats: dict,
          previous: str | None = None, changes=None,
          graph_stat: os.stat_result | None = None, clean: bool = True) -> Path:
    """Write the index of `graph`, whose file's bytes hash to `digest`: from scratch, or,
    given the previous index's digest and what the update changed (`changes`: the
    GraphModel that made it), as a copy of that index with those changes applied.  `clean` (writers holding the graph's lock)
    removes the indexes of other generations and dead writers' temporary files."""
    folder = index_dir(graph_path)
    folder.mkdir(parents=True, exist_ok=True)
    if clean:
        _remove_dead_temps(folder)
    final = folder / f"{_index_name(digest)}.lbug"
    _atomic_json(folder / f"{_index_name(digest)}.json", {"digest": digest, "stats": stats})
    if not final.exists():
        temp = _temp_path(folder)
        base = folder / f"{_index_name(previous)}.lbug" if previous else None
        try:
            if base is not None and base.exists() and changes is not None and \
                    len(changes.touched | changes.rebuilt) <= UPDATE_AT_MOST * graph.number_of_nodes():
                shutil.copyfile(base, temp)
                _write_update(temp, graph, changes)
            else:
                _write_full(temp, graph)
            _fsync(temp)
            os.replace(temp, final)
            _fsync(folder, directory=True)
        finally:
            for leftover in (temp, Path(f"{temp}.wal")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
    stat = graph_stat or os.stat(graph_path)
    _atomic_json(folder / CURRENT, {"digest": digest, "stat": _stat_key(stat)})
    if clean:
        keep = {final.name, f"{_index_name(digest)}.json", CURRENT}
        for other in folder.iterdir():
            if other.name not in keep and not other.name.startswith(".tmp-"):
                with contextlib.suppress(OSError):
                    other.unlink()
    return final


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
    from kg.store import file_digest

    digest = file_digest(graph_path)
    return digest.hex() if digest else None


class Index:
    """An open, read-only query index of one graph file generation."""

    def __init__(self, graph_path: str, digest: str, path: Path):
        self.graph_path, self.digest, self.path = graph_path, digest, path
        self.database, self.connection = _database(path, read_only=True)

    @property
    def stats(self) -> dict:
        meta = index_dir(self.graph_path) / f"{_index_name(self.digest)}.json"
        return orjson.loads(meta.read_bytes())["stats"]

    def execute(self, query: str, params: dict | None = None):
        return self.connection.execute(query, params or {})

    def close(self) -> None:
        self.connection.close()
        self.database.close()


@contextlib.contextmanager
def opened(graph_path: str | os.PathLike, min_confidence: float | None = None):
    """The graph's index, open for the block.  With `min_confidence` (the reading
    commands' --min-confidence), an index of the graph without the weaker edges, written
    for this call into a temporary folder: the shared index holds every edge, and a
    query filtered afterwards could not know every path its rows took."""
    from kg import store
    import tempfile

    if min_confidence is None:
        index = open_index(graph_path)
    else:
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


def _located(graph_path: str) -> tuple[str, Path] | None:
    """The digest and database of the graph file as it is now, if its index exists."""
    folder = index_dir(graph_path)
    try:
        stat = os.stat(graph_path)
    except FileNotFoundError:
        raise _no_graph(graph_path) from None
    current = _current(folder)
    if current.get("stat") == _stat_key(stat):
        path = folder / f"{_index_name(current['digest'])}.lbug"
        if path.exists():
            return current["digest"], path
    return None


def open_index(graph_path: str | os.PathLike, announce=None) -> Index:
    """The index of the graph file as it is now; built from the file first when it is
    missing or was made from other bytes (`announce` says so)."""
    from kg import store

    graph_path = str(graph_path)
    if os.path.isdir(graph_path):
        raise GraphFileError(f"{graph_path}: is a folder, not a graph file")
    for _ in range(3):  # a writer may replace the generation between look and open
        found = _located(graph_path)
        if found is None:
            found = _from_file(graph_path, announce)
        digest, path = found
        try:
            return Index(graph_path, digest, path)
        except RuntimeError:
            if path.exists():
                raise
    raise KGError(f"{graph_path}: the graph kept changing while its index was being opened; try again")


def _from_file(graph_path: str, announce) -> tuple[str, Path]:
    """Hash the graph file; use its index if one exists, else build it from those bytes."""
    from kg import store
    from kg.model import GraphModel

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
    path = folder / f"{_index_name(digest)}.lbug"
    if path.exists() and (folder / f"{_index_name(digest)}.json").exists():
        with contextlib.suppress(OSError):
            _atomic_json(folder / CURRENT, {"digest": digest, "stat": _stat_key(stat)})
        return digest, path
    graph = store.load_bytes(data, graph_path)
    (announce or _stderr)(f"kg: building the query index of {graph_path} "
                          "(the graph changed since it was written, or it has none yet)")
    try:
        write(graph, graph_path, digest, GraphModel(graph).stats(), graph_stat=stat, clean=False)
    except OSError as exc:
        raise GraphFileError(f"{graph_path}: cannot write the query index beside the graph "
                             f"({exc.strerror or exc})") from None
    return digest, path


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def stats(graph_path: str | os.PathLike) -> dict:
    """`kg stats`: the counts written beside the index, without opening it."""
    graph_path = str(graph_path)
    found = _located(graph_path) or _from_file(graph_path, None)
    meta = index_dir(graph_path) / f"{_index_name(found[0])}.json"
    return orjson.loads(meta.read_bytes())["stats"]
