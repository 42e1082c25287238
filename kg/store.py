"""The embedded store: the whole graph in one file beside the user's work.

Format: JSON (orjson) compressed with Zstandard, laid out by kg.graph_file: version 2
stores nodes and edges by column, evidence sentences as offsets into their paper's
text, repeated strings once (the 75k-corpus graph: 59 MiB instead of 114, loaded 3x
faster).  Zstandard at level 1 takes a third of gzip's time to write and a quarter
to read, for a smaller file, which is most of what adding one day of papers to a big
graph is spent on; gzip'd files of earlier versions still load, as do files of
document version 1 (a list of nodes and a list of edges, each with its own property
dict), and become the current format at their next save.  Everything is sorted, so
the file is a pure function of the graph's content (byte-identical for the same
inputs in any order); JSON keeps every property type the schema uses and, unlike
pickle, loading a file from someone else cannot run code.  Writes go to a temporary
file that is renamed over the old one, so a crash at any moment leaves the old graph
or the new one; the replaced generation stays as `<graph>.prev`, and temporary
files of killed writers are removed by the next writer.
"""
from __future__ import annotations

import contextlib
import fcntl
import glob
import gzip
import hashlib
import os
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import networkx as nx
import orjson
import zstandard

from kg import graph_file
from kg.errors import GraphBusyError, GraphFileError

FORMAT, VERSION = graph_file.FORMAT, graph_file.VERSION
DEFAULT_GRAPH = "paperkg.graph.json.zst"
_GZIP_MAGIC, _ZSTD_MAGIC = b"\x1f\x8b", b"\x28\xb5\x2f\xfd"


def to_document(graph: nx.MultiDiGraph) -> dict:
    return graph_file.encode(graph)


def from_document(doc: dict, path: str = "<graph>") -> nx.MultiDiGraph:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise GraphFileError(f"{path}: not a paperkg graph file")
    if doc.get("version") not in graph_file.READABLE_VERSIONS:
        raise GraphFileError(f"{path}: graph format version {doc.get('version')} is not "
                             f"supported (this paperkg reads versions "
                             f"{', '.join(map(str, graph_file.READABLE_VERSIONS))})")
    return graph_file.decode(doc)


def dumps(graph: nx.MultiDiGraph) -> bytes:
    """The graph file's bytes: the document's JSON as three Zstandard frames, compressed
    in threads (zstd lets go of the GIL) while the rest is encoded; frames one after
    another are one Zstandard stream, holding their concatenation (`zstd -d` reads it)."""
    with ThreadPoolExecutor(2) as pool:
        frames = graph_file.serialise(graph, partial(pool.submit, _zstd_frame))
        return b"".join(frame.result() for frame in frames)


def _zstd_frame(raw: bytes) -> bytes:
    # level 1 (75k corpus): 0.5 s and 59 MiB, against gzip level 1's 1.5 s and 68 MiB
    return zstandard.ZstdCompressor(level=1, write_checksum=True).compress(raw)


def decompress(data: bytes) -> bytes:
    """The JSON inside a graph file: Zstandard frames, or gzip (files of earlier versions).
    A truncated file raises EOFError (a one-shot zstd read would stop at the first frame
    without a word)."""
    if data.startswith(_GZIP_MAGIC):
        return gzip.decompress(data)
    if not data.startswith(_ZSTD_MAGIC):
        raise ValueError("not a Zstandard or gzip file")
    parts = []
    while data:
        frame = zstandard.ZstdDecompressor().decompressobj()
        parts.append(frame.decompress(data))
        if not frame.eof:
            raise EOFError("the last frame is cut short")
        data = frame.unused_data
    return b"".join(parts)


def load(path: str | os.PathLike, min_confidence: float | None = None) -> nx.MultiDiGraph:
    """Read a graph file; a missing, truncated or foreign file is a GraphFileError (and
    a damaged one names the previous generation, `<path>.prev`, to restore).

    `min_confidence`: the reading commands' `--min-confidence`, applied here, in the one
    place they all load the graph through, so that show, queries and every export see
    the same edges: those with a confidence under it are left out (nodes stay)."""
    path = str(path)
    try:
        graph = _load(path)
    except GraphFileError as exc:
        if not Path(path).exists():
            raise
        raise GraphFileError(f"{exc}{_restore_hint(path)}") from None
    if min_confidence is not None:
        drop_weak_edges(graph, min_confidence)
    return graph


def drop_weak_edges(graph: nx.MultiDiGraph, min_confidence: float) -> int:
    """Remove the edges whose confidence is under `min_confidence` (an edge without one
    counts as 0: nothing vouches for it); returns how many."""
    weak = [(u, v, k) for u, neighbours in graph._succ.items() for v, keydict in neighbours.items()
            for k, edge in keydict.items() if not edge.get("confidence", 0) >= min_confidence]
    graph.remove_edges_from(weak)
    return len(weak)


def _load(path: str) -> nx.MultiDiGraph:
    try:
        with open(path, "rb") as handle:
            raw = decompress(handle.read())
        with graph_file.collection_paused():  # (the collector would walk the parse's
            doc = orjson.loads(raw)           # millions of new containers, over and over)
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no graph file here (run `kg build` first)") from None
    except IsADirectoryError:
        raise GraphFileError(f"{path}: is a folder, not a graph file") from None
    except (OSError, EOFError, ValueError, zlib.error, zstandard.ZstdError) as exc:
        # (a JSONDecodeError is a ValueError)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GraphFileError(f"{path}: graph file is corrupt or not a paperkg graph "
                             f"({reason})") from None
    try:
        return from_document(doc, path)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise GraphFileError(f"{path}: graph file is corrupt ({exc})") from None


def previous_path(path: str | os.PathLike) -> Path:
    """Where `save` keeps the generation it replaced."""
    return Path(f"{path}.prev")


def _restore_hint(path: str) -> str:
    previous = previous_path(path)
    try:
        _load(str(previous))
    except GraphFileError:
        return ""
    return f"; the previous graph is intact: restore it with `cp {previous} {path}`"


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


def digest(data: bytes) -> bytes:
    """The digest graph files are known by (kg.extraction_cache keys its states on it)."""
    return hashlib.blake2b(data, digest_size=16).digest()


def file_digest(path: str | os.PathLike) -> bytes | None:
    """`digest` of a file's bytes, or None when there is no file."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, partial(hashlib.blake2b, digest_size=16)).digest()
    except FileNotFoundError:
        return None


def save(graph: nx.MultiDiGraph, path: str | os.PathLike) -> bytes:
    """Replace the graph file atomically, keeping the generation it replaces as
    `<path>.prev`: if the graph is later damaged (a disk fault, a tool writing over
    it), the last good one is one `cp` away.  A file that already holds these bytes is
    left alone (and so is its `.prev`: a build that changed nothing keeps the older
    generation).  Returns the bytes' `digest`."""
    data = dumps(graph)
    written = digest(data)
    if file_digest(path) == written:
        return written
    try:
        _keep_previous(Path(path))
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot write the graph ({exc.strerror or exc}); "
                             "the previous graph is unchanged") from None
    return written


def _keep_previous(path: Path) -> None:
    """Hard-link the current file as `.prev` (no copy, and atomic by rename); copy
    where the file system has no hard links."""
    if not path.exists():
        return
    previous = previous_path(path)
    link = path.parent / f".{path.name}.prev.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(link)
    try:
        os.link(path, link)
    except OSError:
        atomic_write_bytes(previous, path.read_bytes())
        return
    os.replace(link, previous)
    with contextlib.suppress(FileNotFoundError):
        # rename does nothing when both names are links to one file already (a build
        # killed after linking `.prev`, before replacing the graph): drop the temp name
        os.unlink(link)


def _remove_stale_temps(path: Path) -> None:
    """Temporary files of writers killed before their rename.  Called under the writer
    lock, so no live writer of this graph owns one."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


@contextlib.contextmanager
def writer_lock(path: str | os.PathLike, wait: bool = False):
    """Only one writer per graph file at a time.  Readers need no lock: they read the
    last complete file, which the writer only ever replaces by rename.  The lock is an
    flock on `<path>.lock`: the kernel drops it when its holder dies, even by SIGKILL,
    so a crashed build never leaves the graph locked."""
    lock_path = Path(f"{path}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a")
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot write beside the graph ({exc.strerror or exc})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise GraphBusyError(f"{path}: graph is busy: another `kg` command is writing it "
                                 f"(use --wait to queue behind it)") from None
        _remove_stale_temps(Path(path))
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
