"""Extraction results kept beside the graph, so that a build extracts only what is new.

`kg build` is re-run on a growing folder of listings: without this, every run
re-extracted every paper (32.7 s for a 5k slice that added nothing).  The cache is an
SQLite file beside the graph (`<graph>.extractions.sqlite`) with two tables:

- `extractions`: what the pipeline found in one text (mentions, relations, results),
  keyed by a digest of the title, the abstract and the *pipeline's identity* (the
  source of paperkg's components and lexicons, the spaCy version, the trained model's
  files).  A paper is extracted again only when its text or the pipeline changed; a
  changed pipeline empties the cache.
- `graph_states`: for a graph file (by the digest of its bytes, and of the curation
  log and `--min-confidence` it was built with), the records whose extractions it
  already holds (a digest of each record, listing position included,
  and of its extraction key).  Adding such a record again would change nothing (every
  merge rule of kg.model.graph_model is idempotent), so a build skips it; a graph file written by
  anything else (a restored `.prev`, an older paperkg) has no state and gets every
  record added again, from the cache.

The cache never decides what the graph holds: a missing or deleted cache only costs
time, and a build with the cache gives the same bytes as one without it (tested).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import sqlite3
from pathlib import Path
from typing import Iterable

import orjson
import zstandard

from extractors.mentions import PaperExtraction
from kg.records import Record

#: Bumped when the cached layout or the key derivation changes.
LAYOUT = 1
DIGEST_SIZE = 16
#: paperkg modules whose code decides what extraction finds (besides the `extractors`
#: package, all of which counts): every kg module an extraction loads (a test checks
#: this), so that editing one (paper_facts.py settles what a title states) never lets
#: the cache serve what the old code found.  Named as modules, so that a module moved
#: to another package is still found, and its new name keys a new cache.
_KG_SOURCES = ("kg.schema", "kg.model.canonical", "kg.records", "kg.limits", "kg.errors")
#: Graph states kept: the current graph and the generation `kg.store.store` keeps as `.prev`.
_STATES_KEPT = 2


def cache_path(graph_path: str | os.PathLike) -> Path:
    return Path(f"{graph_path}.extractions.sqlite")


def _digest(*parts: bytes) -> bytes:
    hasher = hashlib.blake2b(digest_size=DIGEST_SIZE)
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.digest()


def _hash_tree(hasher, root: Path, suffixes: Iterable[str] | None = None) -> None:
    for path in sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and (suffixes is None or p.suffix in suffixes)
    ):
        hasher.update(str(path.relative_to(root)).encode() + b"\0")
        hasher.update(path.read_bytes())


def pipeline_identity(model: str | None = None) -> str:
    """A digest of everything that decides what extraction finds: paperkg's components
    and lexicons (their files, so an edited lexicon counts), the spaCy version, and the
    trained pipeline's files.  Computed from files, without importing spaCy."""
    hasher = hashlib.blake2b(digest_size=DIGEST_SIZE)
    hasher.update(f"layout {LAYOUT}; spacy {importlib.metadata.version('spacy')}\0".encode())
    for name in _KG_SOURCES:
        hasher.update(name.encode() + b"\0" + Path(importlib.util.find_spec(name).origin).read_bytes())
    extractors = importlib.util.find_spec("extractors")
    _hash_tree(hasher, Path(extractors.origin).parent, {".py", ".tsv", ".txt", ".json"})
    if model is not None:
        hasher.update(b"model\0")
        _hash_tree(hasher, Path(model))
    return hasher.hexdigest()


class ExtractionCache:
    """The cache of one graph file, for one pipeline identity."""

    def __init__(self, graph_path: str | os.PathLike, identity: str):
        self.path = cache_path(graph_path)
        self.identity = identity.encode()
        #: Why the cache beside the graph cannot be used, when it cannot (then this one
        #: lives in memory for the build: slower next time, never a wrong graph).
        self.unavailable: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open(str(self.path))
        except (OSError, sqlite3.Error) as exc:
            self.unavailable = f"{self.path}: {getattr(exc, 'strerror', None) or exc}"
            self._db = self._open(":memory:")
        self._compressor = zstandard.ZstdCompressor(level=3)
        self._decompressor = zstandard.ZstdDecompressor()

    @staticmethod
    def _open(where: str) -> sqlite3.Connection:
        db = sqlite3.connect(where, timeout=60, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(
            "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
            "CREATE TABLE IF NOT EXISTS extractions (key BLOB PRIMARY KEY, data BLOB NOT NULL)"
            " WITHOUT ROWID;"
            "CREATE TABLE IF NOT EXISTS graph_states (digest BLOB PRIMARY KEY,"
            " merged BLOB NOT NULL, written INTEGER NOT NULL);"
        )
        return db

    def close(self) -> None:
        self._db.close()

    # keys -------------------------------------------------------------------
    def text_key(self, record: Record) -> bytes:
        """What extraction depends on: the pipeline, the title and the abstract."""
        return _digest(self.identity, (record.title or "").encode(), (record.abstract or "").encode())

    @staticmethod
    def merge_key(record: Record, text_key: bytes) -> bytes:
        """What adding a record to a graph depends on: the record as read (its listing
        position too, which the paper keeps in `sources`) and its extraction."""
        return _digest(text_key, orjson.dumps(record.to_dict(), option=orjson.OPT_SORT_KEYS))

    # extractions ------------------------------------------------------------
    def _pipeline_matches(self) -> bool:
        row = self._db.execute("SELECT value FROM meta WHERE name = 'pipeline'").fetchone()
        return row is not None and row[0] == self.identity.decode()

    def cached_keys(self, keys: Iterable[bytes]) -> set[bytes]:
        """Which of these text keys have an extraction stored."""
        wanted = list(keys)
        found: set[bytes] = set()
        for start in range(0, len(wanted), 900):  # SQLite's bound on variables
            chunk = wanted[start : start + 900]
            found.update(
                row[0]
                for row in self._db.execute(
                    f"SELECT key FROM extractions WHERE key IN ({','.join('?' * len(chunk))})", chunk
                )
            )
        return found

    def get(self, key: bytes, record: Record) -> PaperExtraction:
        (data,) = self._db.execute("SELECT data FROM extractions WHERE key = ?", (key,)).fetchone()
        found = orjson.loads(self._decompressor.decompress(data))
        extraction = PaperExtraction.from_dict({**found, "paper": record.to_dict()})
        extraction.paper = record
        return extraction

    def encode(self, extraction: PaperExtraction) -> bytes:
        """An extraction without its record, as stored."""
        found = extraction.to_dict()
        del found["paper"]
        return self._compressor.compress(orjson.dumps(found))

    # graph states -------------------------------------------------------------
    def merged_keys(self, graph_digest: bytes | None, context: bytes) -> set[bytes]:
        """The merge keys of the records the graph file with this digest holds, as
        recorded by a build with the same `context` (see kg.building.build)."""
        if graph_digest is None or not self._pipeline_matches():
            return set()
        row = self._db.execute(
            "SELECT merged FROM graph_states WHERE digest = ?", (_digest(graph_digest, context),)
        ).fetchone()
        if row is None:
            return set()
        flat = self._decompressor.decompress(row[0])
        return {flat[i : i + DIGEST_SIZE] for i in range(0, len(flat), DIGEST_SIZE)}

    def commit(
        self, new_extractions: dict[bytes, bytes], graph_digest: bytes, context: bytes, merged: set[bytes]
    ) -> None:
        """Store new extractions and the state of the graph file just written, in one
        transaction (a build killed before it leaves the cache as it was: the next
        build extracts again, it never trusts a state it did not record).  A cache that
        cannot be written (a full disk) is noted in `unavailable`; the graph is saved."""
        try:
            self._commit(new_extractions, graph_digest, context, merged)
        except sqlite3.Error as exc:
            self.unavailable = f"{self.path}: {exc}"

    def _commit(
        self, new_extractions: dict[bytes, bytes], graph_digest: bytes, context: bytes, merged: set[bytes]
    ) -> None:
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if not self._pipeline_matches():  # a new pipeline: the old results are stale
                self._db.execute("DELETE FROM extractions")
                self._db.execute("DELETE FROM graph_states")
                self._db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('pipeline', ?)", (self.identity.decode(),)
                )
            self._db.executemany("INSERT OR REPLACE INTO extractions VALUES (?, ?)", new_extractions.items())
            written = self._db.execute("SELECT coalesce(max(written), 0) FROM graph_states").fetchone()[0] + 1
            self._db.execute(
                "INSERT OR REPLACE INTO graph_states VALUES (?, ?, ?)",
                (
                    _digest(graph_digest, context),
                    self._compressor.compress(b"".join(sorted(merged))),
                    written,
                ),
            )
            self._db.execute("DELETE FROM graph_states WHERE written <= ?", (written - _STATES_KEPT,))
