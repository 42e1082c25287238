"""The embedded store: the whole graph in one file beside the user's work.

Format: JSON (orjson) compressed with Zstandard, laid out by kg.store.graph_file: version 2
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
import io
import os
import shutil
import stat
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import orjson
import zstandard

from kg.store import graph_file
from kg.errors import GraphBusyError, GraphFileError, WriteError, special_kind

if TYPE_CHECKING:  # (networkx is imported where a graph is made: `kg query` and `kg stats` never load one)
    import networkx as nx

FORMAT, VERSION = graph_file.FORMAT, graph_file.VERSION
DEFAULT_GRAPH = "paperkg.graph.json.zst"
_GZIP_MAGIC, _ZSTD_MAGIC = b"\x1f\x8b", b"\x28\xb5\x2f\xfd"


def to_document(graph: nx.MultiDiGraph) -> dict:
    return graph_file.encode(graph)


def from_document(doc: dict, path: str = "<graph>", checked: bool = False) -> nx.MultiDiGraph:
    """The graph of a parsed graph file; `checked` holds it to the schema too."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise GraphFileError(f"{path}: not a paperkg graph file")
    if doc.get("version") not in graph_file.READABLE_VERSIONS:
        raise GraphFileError(
            f"{path}: graph format version {doc.get('version')} is not "
            f"supported (this paperkg reads versions "
            f"{', '.join(map(str, graph_file.READABLE_VERSIONS))})"
        )
    return graph_file.decode(doc, checked)


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


#: How far a graph file may expand: generous for real graphs (the 75k corpus's JSON is
#: about 4x its file), fatal to decompression bombs (1 GiB of zeros is 32 KiB of zstd).
MAX_EXPANSION, EXPANSION_ALLOWANCE = 32, 64 << 20
#: The most a zstd stream can expand: a 4-byte run-length block stands for 128 KiB.
_ZSTD_WORST_RATIO = 1 << 15


class TooLargeError(ValueError):
    pass


def decompress(data: bytes, limit: int | None = None) -> bytes:
    """The JSON inside a graph file: Zstandard frames, or gzip (files of earlier versions).
    A truncated file raises EOFError (a one-shot zstd read would stop at the first frame
    without a word); output beyond `limit` bytes (default: MAX_EXPANSION times the input,
    plus an allowance) raises TooLargeError before it is all in memory."""
    if limit is None:
        limit = EXPANSION_ALLOWANCE + MAX_EXPANSION * len(data)
    if data.startswith(_GZIP_MAGIC):
        return _bounded_gzip(data, limit)
    if not data.startswith(_ZSTD_MAGIC):
        raise ValueError("not a Zstandard or gzip file")
    parts, total, view = [], 0, memoryview(data)
    while len(view):
        frame = zstandard.ZstdDecompressor().decompressobj()
        position = 0
        while position < len(view) and not frame.eof:
            # input steps small enough that even the worst expansion stays within the limit
            step = max(1024, (limit - total) // _ZSTD_WORST_RATIO)
            out = frame.decompress(view[position : position + step])
            position += step
            total += len(out)
            if total > limit:
                raise TooLargeError(f"it expands beyond {limit >> 20} MiB (a decompression bomb?)")
            parts.append(out)
        if not frame.eof:
            raise EOFError("the last frame is cut short")
        view = memoryview(frame.unused_data + bytes(view[position:]))
    return b"".join(parts)


def _bounded_gzip(data: bytes, limit: int) -> bytes:
    parts, total = [], 0
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        while chunk := handle.read(1 << 20):
            total += len(chunk)
            if total > limit:
                raise TooLargeError(f"it expands beyond {limit >> 20} MiB (a decompression bomb?)")
            parts.append(chunk)
    return b"".join(parts)


def read_regular_file(path: str) -> bytes:
    """The bytes of a regular file; a FIFO, device, socket or folder is refused without
    blocking on it (O_NONBLOCK: opening a FIFO with no writer would wait forever)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            raise GraphFileError(f"{path}: is a {special_kind(mode)}, not a graph file")
        return handle.read()


def refuse_special_output(path: str | os.PathLike) -> None:
    """An output that exists must be a regular file (through symlinks): a FIFO or a
    device given as output would be replaced by a file, or hang."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot write here ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise GraphFileError(f"{path}: is a folder; give a file name")
    if not stat.S_ISREG(mode):
        raise GraphFileError(
            f"{path}: is a {special_kind(mode)}; write to a regular file "
            f"(or - for stdout where the command offers it)"
        )


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
    weak = [
        (u, v, k)
        for u, neighbours in graph._succ.items()
        for v, keydict in neighbours.items()
        for k, edge in keydict.items()
        if not edge.get("confidence", 0) >= min_confidence
    ]
    graph.remove_edges_from(weak)
    return len(weak)


def load_bytes(data: bytes, path: str | os.PathLike) -> nx.MultiDiGraph:
    """`load` of bytes already read from `path` (same errors, same restore hint)."""
    try:
        return loads(data, str(path))
    except GraphFileError as exc:
        raise GraphFileError(f"{exc}{_restore_hint(str(path))}") from None


def _load(path: str) -> nx.MultiDiGraph:
    try:
        data = read_regular_file(path)
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no graph file here (run `kg build` first)") from None
    except IsADirectoryError:
        raise GraphFileError(f"{path}: is a folder, not a graph file") from None
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot read the graph file ({exc.strerror or exc})") from None
    return loads(data, path)


def loads(data: bytes, path: str = "<graph>") -> nx.MultiDiGraph:
    """The graph in a graph file's bytes (`path` names it in errors)."""
    try:
        raw = decompress(data)
        with graph_file.collection_paused():  # (the collector would walk the parse's
            doc = orjson.loads(raw)  # millions of new containers, over and over)
    except (OSError, EOFError, ValueError, zlib.error, zstandard.ZstdError) as exc:
        # (a JSONDecodeError is a ValueError)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GraphFileError(f"{path}: graph file is corrupt or not a paperkg graph ({reason})") from None
    try:
        return from_document(doc, path, checked=True)
    except RecursionError:
        raise GraphFileError(f"{path}: graph file is corrupt (nested too deeply)") from None
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
    import networkx as nx

    return load(path) if Path(path).exists() else nx.MultiDiGraph()


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike):
    """A binary file handle whose content replaces `path` only when the block ends
    without error: written beside the target, flushed to disk, renamed over it.
    Readers see the old file or the new one, never a half-written one.  A symlink is
    followed (the link stays, its target is replaced); a FIFO or device is refused.
    The temporary file is flock'ed while written, so temporary files of writers that
    were killed (SIGKILL leaves them) are known by their free lock and removed here.
    A file system error is one WriteError line."""
    target = Path(real_path(path))
    try:
        refuse_special_output(target)
    except GraphFileError as exc:
        raise WriteError(str(exc)) from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_orphaned_temps(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write here ({exc.strerror or exc}); nothing was replaced") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, "wb") as handle:
            try:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as exc:
                raise WriteError(
                    f"{path}: cannot write ({exc.strerror or exc}); the previous file is unchanged"
                ) from None
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_chunks_atomically(path: str | os.PathLike, chunks) -> int:
    """Write an export's byte chunks through `atomic_writer`, joined 4,096 at a time so a
    large export makes few writes; returns the size written."""
    size = 0
    with atomic_writer(path) as handle:
        buffer = []
        for chunk in chunks:
            buffer.append(chunk)
            if len(buffer) >= 4096:
                size += handle.write(b"".join(buffer))
                buffer.clear()
        size += handle.write(b"".join(buffer))
    return size


def remove_orphaned_temps(target: Path) -> None:
    """Temporary files `atomic_writer` left for `target` when killed: those no live
    writer holds the lock of."""
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        try:
            fd = os.open(stale, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # locked: a live writer's
            continue
        else:
            with contextlib.suppress(OSError):
                stale.unlink()
        finally:
            os.close(fd)


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
    """The digest graph files are known by (kg.store.extraction_cache keys its states on it)."""
    return hashlib.blake2b(data, digest_size=16).digest()


def file_digest(path: str | os.PathLike) -> bytes | None:
    """`digest` of a file's bytes, or None when there is no file.  A FIFO, device or
    socket is refused without blocking on it, as `read_regular_file` does: hashing a FIFO
    with no writer would wait forever, and /dev/zero would never end."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise GraphFileError(f"{path}: is a folder, not a graph file")
        if not stat.S_ISREG(mode):
            raise GraphFileError(f"{path}: is a {special_kind(mode)}, not a graph file")
        return hashlib.file_digest(handle, partial(hashlib.blake2b, digest_size=16)).digest()


def save(graph: nx.MultiDiGraph, path: str | os.PathLike) -> bytes:
    """Replace the graph file atomically, keeping the generation it replaces as
    `<path>.prev`: if the graph is later damaged (a disk fault, a tool writing over
    it), the last good one is one `cp` away.  A file that already holds these bytes is
    left alone (and so is its `.prev`: a build that changed nothing keeps the older
    generation).  Returns the bytes' `digest`."""
    path = real_path(path)
    refuse_special_output(path)
    data = dumps(graph)
    written = digest(data)
    if file_digest(path) == written:
        return written
    try:
        _keep_previous(Path(path))
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise GraphFileError(
            f"{path}: cannot write the graph ({exc.strerror or exc}); the previous graph is unchanged"
        ) from None
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
    try:
        os.replace(link, previous)
    except OSError:
        os.unlink(link)
        raise
    with contextlib.suppress(FileNotFoundError):
        # rename does nothing when both names are links to one file already (a build
        # killed after linking `.prev`, before replacing the graph): drop the temp name
        os.unlink(link)


def _remove_stale_temps(path: Path) -> None:
    """Temporary files of writers killed before their rename, and the backups of writers
    killed inside `restored_on_failure`.  Called under the writer lock, so no live
    writer of this graph owns one."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale)
            else:
                stale.unlink()


def _identity(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return st.st_dev, st.st_ino


@contextlib.contextmanager
def restored_on_failure(path: str | os.PathLike, *others: str | os.PathLike):
    """The graph file `path`, the generation `save` keeps of it (`.prev`), its query
    index's files and `others` (a curation log) as they are now, put back if the block
    raises (Ctrl-C too): a write that fails after the graph was saved (the query index,
    curation's undo record) leaves the previous graph and what goes with it, not a new
    graph beside a log or an index of another.  Each is kept as a hard link taken
    before the block (a copy where the file system has no hard links), dropped when
    the block ends well.  A file the block made where there was none is removed; the
    index's database, changed in place by an update, is put back with its log and
    marker only where the block replaced it, else left marked as it is (no marker
    of the old graph over a changed database: a query rebuilds it).  For a caller
    holding the writer lock."""
    from kg.store import query_index

    graph = Path(real_path(path))
    group = query_index.database_files(path)
    index = query_index.index_dir(path)
    exact = [graph, previous_path(graph), *map(Path, others), *group]
    kept = list(
        dict.fromkeys(
            exact
            + sorted(
                f
                for f in (index.iterdir() if index.is_dir() else ())
                if f.is_file() and f.name != query_index.LOCK and not f.name.startswith(".tmp-")
            )
        )
    )
    backup = graph.parent / f".{graph.name}.{os.getpid()}.backup.tmp"
    try:
        shutil.rmtree(backup, ignore_errors=True)
        backup.mkdir()
        saved = {
            target: (_identity(target), _link_or_copy(target, backup / str(i)))
            for i, target in enumerate(kept)
        }
    except OSError as exc:
        shutil.rmtree(backup, ignore_errors=True)
        raise WriteError(
            f"{path}: cannot keep the previous graph aside while writing "
            f"({exc.strerror or exc}); nothing was changed"
        ) from None
    except BaseException:  # Ctrl-C while the links are taken: nothing changed yet
        shutil.rmtree(backup, ignore_errors=True)
        raise
    try:
        yield
    except BaseException:
        database_replaced = _identity(group[0]) != saved[group[0]][0]
        failed = [
            target
            for target, (identity, link) in saved.items()
            if (target not in group or database_replaced)
            and _identity(target) != identity
            and not _put_back(target, link, target in exact)
        ]
        if failed:
            raise WriteError(
                f"{path}: the write failed and {failed[0]} could not be put back; "
                f"the previous files are in {backup}"
            ) from None
        shutil.rmtree(backup, ignore_errors=True)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _link_or_copy(target: Path, link: Path) -> Path | None:
    """`link` made another name of `target` (a copy without hard links); None when there
    is no such file (or it is no regular file: nothing the block writes)."""
    if not target.is_file():
        return None
    try:
        os.link(target, link)
    except FileNotFoundError:
        return None
    except OSError:
        shutil.copy2(target, link)
    return link


def _put_back(target: Path, link: Path | None, exact: bool) -> bool:
    """`target` as it was: its kept name renamed back, or removed if it did not exist
    (only where `exact`: the block's other new files are harmless)."""
    try:
        if link is not None:
            os.replace(link, target)
        elif exact:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
    except OSError:
        return False
    return True


def real_path(path: str | os.PathLike) -> str:
    """The file a path names, through symlinks: two names of one graph are one graph
    (one lock, and a save replaces the file, not the link)."""
    return os.path.realpath(path)


@contextlib.contextmanager
def writer_lock(path: str | os.PathLike, wait: bool = False):
    """Only one writer per graph file at a time.  Readers need no lock: they read the
    last complete file, which the writer only ever replaces by rename.  The lock is an
    flock on `<path>.lock`: the kernel drops it when its holder dies, even by SIGKILL,
    so a crashed build never leaves the graph locked."""
    lock_path = Path(f"{real_path(path)}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a")
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot write beside the graph ({exc.strerror or exc})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise GraphBusyError(
                f"{path}: graph is busy: another `kg` command is writing it (use --wait to queue behind it)"
            ) from None
        _remove_stale_temps(Path(real_path(path)))
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
