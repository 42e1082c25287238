"""Readers of paper listings, one format per module, chosen by content.

A reader is a function `(text, name) -> iterator of Record | InputError`: it yields
an InputError for a record it cannot read (the caller skips it, or stops under
--strict) and raises one for a file it cannot read at all.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from kg.errors import InputError
from kg.readers import atom, daily_papers, jsonl
from kg.records import Record

READERS: dict[str, Callable] = {
    "daily": daily_papers.read,
    "jsonl": jsonl.read,
    "atom": atom.read,
}
FORMATS = tuple(READERS)
#: A listing file larger than this is not a listing; it is refused before it is read.
MAX_FILE_BYTES = 2 * 1024**3
#: Suffixes taken from a folder; other files there (README, images) are not listings.
LISTING_SUFFIXES = {".txt", ".jsonl", ".json", ".ndjson", ".xml", ".atom", ".gz"}


def detect_format(text: str) -> str | None:
    head = text.lstrip()[:2000]
    if head.startswith("{"):
        return "jsonl"
    if head.startswith("<"):
        return "atom" if "<feed" in head or "<?xml" in head else None
    if head:
        return "daily"
    return None


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files as given; folders as their listing files, sorted; '-' for stdin."""
    paths: list[str] = []
    for item in inputs:
        if item == "-":
            paths.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob("*")
                           if p.is_file() and not p.name.startswith(".")
                           and p.suffix.lower() in LISTING_SUFFIXES)
            if not found:
                raise InputError(item, "folder holds no listing files "
                                       f"({', '.join(sorted(LISTING_SUFFIXES))})")
            paths.extend(found)
        elif not path.exists():
            raise InputError(item, "no such file or folder")
        else:
            paths.append(item)
    return paths


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(path, f"file is {size / 1024**3:.1f} GiB; a listing over "
                                   f"{MAX_FILE_BYTES // 1024**3} GiB is refused: split it")
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        raise InputError(path, "is a folder") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if path.endswith(".gz"):
        import gzip
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(path, f"broken gzip file ({exc})") from None
    return data


def decode(data: bytes, path: str) -> str:
    """UTF-8 text, or an error that says where it is not (a Latin-1 or binary file)."""
    if b"\x00" in data[:65536]:
        raise InputError(path, "binary file, not a text listing")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(path, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); re-encode it "
                               "as UTF-8, e.g. `iconv -f latin1 -t utf-8`", line) from None


@dataclass
class ReadReport:
    files: int = 0
    records: int = 0
    skipped: list[InputError] = field(default_factory=list)


def read_inputs(inputs: list[str], fmt: str | None = None, strict: bool = False,
                report: ReadReport | None = None) -> Iterator[Record]:
    """Every record of every input, in input order.  A file with no readable record is
    an error; a bad record is skipped (and noted in `report`) unless `strict`."""
    report = report if report is not None else ReadReport()
    for path in expand_inputs(inputs):
        text = decode(_read_bytes(path), path)
        if not text.strip():
            raise InputError(path, "file is empty")
        chosen = fmt or detect_format(text)
        if chosen is None:
            raise InputError(path, "cannot tell the listing format; give --format "
                                   f"({'|'.join(FORMATS)})")
        name = "<stdin>" if path == "-" else Path(path).name
        report.files += 1
        found = 0
        for item in READERS[chosen](text, name, path):
            if isinstance(item, InputError):
                if strict:
                    raise item
                report.skipped.append(item)
                continue
            found += 1
            report.records += 1
            yield item
        if not found:
            reasons = f" ({report.skipped[-1]})" if report.skipped else ""
            raise InputError(path, f"no readable {chosen} records{reasons}")
