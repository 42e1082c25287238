"""Readers of paper listings, one format per module, chosen by content.

A reader is a function `(text, name) -> iterator of Record | InputError`: it yields
an InputError for a record it cannot read (the caller skips it, or stops under
--strict) and raises one for a file it cannot read at all.
"""

from __future__ import annotations

import contextlib
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.errors import InputError, special_kind
from kg.readers import atom, daily_papers, jsonl
from kg.readers.text import line_of_byte
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


def expand_inputs(inputs: list[str], exclude: Iterable[str] = ()) -> list[str]:
    """Files as given; folders as their listing files, sorted, except `exclude`; '-'
    for stdin."""
    skip = {Path(p).resolve() for p in exclude}
    paths: list[str] = []
    for item in inputs:
        if item == "-":
            paths.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file()
                and not p.name.startswith(".")
                and p.suffix.lower() in LISTING_SUFFIXES
                and p.resolve() not in skip
            )
            if not found:
                raise InputError(
                    item, f"folder holds no listing files ({', '.join(sorted(LISTING_SUFFIXES))})"
                )
            paths.extend(found)
        elif not path.exists():
            raise InputError(item, "no such file or folder")
        elif not path.is_file():  # a FIFO would block the read forever, a device never end
            raise InputError(
                item, f"is a {special_kind(path.stat().st_mode)}, not a listing file (give - to read stdin)"
            )
        else:
            paths.append(item)
    return paths


#: No listing format writes a line this long (a record is at most a million characters,
#: four bytes each at worst): a longer line is refused while the file is being read,
#: so a 50 MB one-line file costs a few MB of memory, not hundreds.
MAX_LINE_BYTES = 4 * 1024**2
_CHUNK = 1 << 20
#: A NUL byte this near the start means a binary file (text listings never hold one).
_BINARY_PROBE = 65536


def shown_path(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _open(path: str):
    if path == "-":
        return contextlib.nullcontext(sys.stdin.buffer)
    if path.endswith(".gz"):
        import gzip

        return gzip.open(path, "rb")
    return open(path, "rb")


def _read_bytes(path: str) -> bytes:
    """The file's bytes (gunzipped for .gz), read in chunks so that a binary file, an
    over-long line or an oversized file is refused before it is all in memory."""
    shown = shown_path(path)
    try:
        with _open(path) as stream:
            return _read_checked(stream, shown)
    except IsADirectoryError:
        raise InputError(shown, "is a folder") from None
    except PermissionError:
        raise InputError(shown, "permission denied") from None
    except (EOFError, zlib.error) as exc:
        raise InputError(shown, f"broken gzip file ({exc})") from None
    except OSError as exc:  # includes gzip.BadGzipFile
        if path.endswith(".gz") and not isinstance(exc, FileNotFoundError):
            raise InputError(shown, f"broken gzip file ({exc})") from None
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from None


def _read_checked(stream, shown: str) -> bytes:
    chunks: list[bytes] = []
    total = line_bytes = line_breaks = 0
    while chunk := stream.read(_CHUNK):
        if total < _BINARY_PROBE and b"\x00" in chunk[: _BINARY_PROBE - total]:
            raise InputError(shown, "binary file, not a text listing")
        total += len(chunk)
        if total > MAX_FILE_BYTES:
            raise InputError(
                shown,
                f"file is over {MAX_FILE_BYTES // 1024**3} GiB; a listing this large is refused: split it",
            )
        breaks = chunk.replace(b"\r", b"\n")
        first = breaks.find(b"\n")
        line_bytes += len(chunk) if first < 0 else first
        if line_bytes > MAX_LINE_BYTES:
            raise InputError(
                shown,
                f"line is over {MAX_LINE_BYTES // 1024**2} MiB; no listing "
                "has lines this long (is it a listing?)",
                line_breaks + 1,
            )
        if first >= 0:
            line_bytes = len(chunk) - breaks.rfind(b"\n") - 1
            line_breaks += breaks.count(b"\n") - chunk.count(b"\r\n")
        chunks.append(chunk)
    return b"".join(chunks)


def decode(data: bytes, path: str) -> str:
    """UTF-8 text, or an error that says where it is not (a Latin-1 or binary file)."""
    if b"\x00" in data[:_BINARY_PROBE]:
        raise InputError(path, "binary file, not a text listing")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); re-encode it "
            "as UTF-8, e.g. `iconv -f latin1 -t utf-8`",
            line_of_byte(data, exc.start),
        ) from None


@dataclass
class ReadReport:
    files: int = 0
    records: int = 0
    skipped: list[InputError] = field(default_factory=list)


def read_inputs(
    inputs: list[str],
    fmt: str | None = None,
    strict: bool = False,
    report: ReadReport | None = None,
    exclude: Iterable[str] = (),
) -> Iterator[Record]:
    """Every record of every input, in input order.  A file with no readable record is
    an error; a bad record is skipped (and noted in `report`) unless `strict`.
    `exclude`: files a folder may hold that are not listings (the graph being built)."""
    report = report if report is not None else ReadReport()
    for path in expand_inputs(inputs, exclude):
        shown = shown_path(path)
        text = decode(_read_bytes(path), shown)
        if not text.strip():
            raise InputError(shown, "file is empty")
        chosen = fmt or detect_format(text)
        if chosen is None:
            raise InputError(shown, f"cannot tell the listing format; give --format ({'|'.join(FORMATS)})")
        name = "<stdin>" if path == "-" else Path(path).name
        report.files += 1
        found, first_skip = 0, None
        for item in READERS[chosen](text, name, shown):
            if isinstance(item, InputError):
                if strict:
                    raise InputError(
                        item.path, f"{item.reason} (--strict stops at any unreadable record)", item.line
                    )
                report.skipped.append(item)
                first_skip = first_skip or item
                continue
            found += 1
            report.records += 1
            yield item
        if not found:
            why = (
                ""
                if first_skip is None
                else (
                    f"; line {first_skip.line}: {first_skip.reason}"
                    if first_skip.line
                    else f"; {first_skip.reason}"
                )
            )
            raise InputError(shown, f"no readable {chosen} records{why}")
