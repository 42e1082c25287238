"""The embedded store: the whole graph in one file beside the user's work.

Format: gzip'd JSON (orjson) of sorted nodes and edges.  Sorting makes the file a pure
function of the graph's content (byte-identical for the same inputs in any order);
JSON keeps every property type the schema uses and, unlike pickle, loading a file
from someone else cannot run code.  Writes go to a temporary file that is renamed
over the old one, so a crash at any moment leaves the old graph or the new one.
"""
from __future__ import annotations

import contextlib
import fcntl
import gzip
import os
import tempfile
import zlib
from pathlib import Path

import networkx as nx
import orjson

from kg.errors import GraphBusyError, GraphFileError

FORMAT = "paperkg-graph"
VERSION = 1
DEFAULT_GRAPH = "paperkg.graph.json.gz"


def to_document(graph: nx.MultiDiGraph) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "nodes": [[n, graph.nodes[n]] for n in sorted(graph.nodes)],
        "edges": sorted(([u, v, k, d] for u, v, k, d in graph.edges(keys=True, data=True)),
                        key=lambda e: (e[0], e[1], e[2])),
    }


def from_document(doc: dict, path: str = "<graph>") -> nx.MultiDiGraph:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise GraphFileError(f"{path}: not a paperkg graph file")
    if doc.get("version") != VERSION:
        raise GraphFileError(f"{path}: graph format version {doc.get('version')} is not "
                             f"supported (this paperkg reads version {VERSION})")
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((n, d) for n, d in doc["nodes"])
    graph.add_edges_from((u, v, k, d) for u, v, k, d in doc["edges"])
    return graph


def dumps(graph: nx.MultiDiGraph) -> bytes:
    raw = orjson.dumps(to_document(graph), option=orjson.OPT_SORT_KEYS)
    return gzip.compress(raw, compresslevel=1, mtime=0)  # level 1: 1.6x faster than 3, 9% larger (75k corpus)


def load(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Read a graph file; a missing, truncated or foreign file is a GraphFileError."""
    path = str(path)
    try:
        with open(path, "rb") as handle:
            raw = gzip.decompress(handle.read())
        doc = orjson.loads(raw)
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no graph file here (run `kg build` first)") from None
    except (OSError, EOFError, zlib.error, orjson.JSONDecodeError) as exc:
        raise GraphFileError(f"{path}: graph file is corrupt or not a paperkg graph "
                             f"({type(exc).__name__})") from None
    try:
        return from_document(doc, path)
    except (KeyError, TypeError, ValueError) as exc:
        raise GraphFileError(f"{path}: graph file is corrupt ({exc})") from None


def load_or_empty(path: str | os.PathLike) -> nx.MultiDiGraph:
    return load(path) if Path(path).exists() else nx.MultiDiGraph()


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike):
    """A binary file handle whose content replaces `path` only when the block ends
    without error: written beside the target, flushed to disk, renamed over it.
    Readers see the old file or the new one, never a half-written one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a plain open() would give (mkstemp's
    private 0600 would lock other users out of a shared graph)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Replace `path` by `data` atomically (see `atomic_writer`)."""
    with atomic_writer(path) as handle:
        handle.write(data)


def save(graph: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    atomic_write_bytes(path, dumps(graph))


@contextlib.contextmanager
def writer_lock(path: str | os.PathLike, wait: bool = False):
    """Only one writer per graph file at a time.  Readers need no lock: they read the
    last complete file, which the writer only ever replaces by rename."""
    lock_path = Path(f"{path}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise GraphBusyError(f"{path}: graph is busy: another `kg` command is writing it "
                                 f"(use --wait to queue behind it)") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
