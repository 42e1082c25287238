"""JSON Lines: one paper per line with at least `title` and `abstract`.

Optional fields, under the names common exports use: id / arxiv_id, url / abs_url,
date / published / first_seen_date, authors (a list or an 'A, B and C' string); and any
other paper property the schema reads from listings, under its own name (kg.records).
"""

from __future__ import annotations

import re
from typing import Iterator

import orjson

from kg import schema
from kg.errors import InputError
from kg.limits import MAX_RECORD_CHARS
from kg.readers.text import split_lines
from kg.records import Record, more_properties, parse_date


def _first(data: dict, *keys):
    for key in keys:
        value = data.get(key)
        if value not in (None, "", []):
            return value
    return None


def _authors(value) -> list[str]:
    if isinstance(value, list):
        return [str(a).strip() for a in value if str(a).strip()]
    if isinstance(value, str):
        return [a.strip() for a in re.split(r",|\band\b", value) if a.strip()]
    return []


def record_from_json(data: dict, source: str) -> Record:
    title, abstract = _first(data, "title"), _first(data, "abstract", "summary") or ""
    if not isinstance(title, str) or not title.strip():
        raise ValueError("record has no title")
    if not isinstance(abstract, str):
        raise ValueError("abstract is not text")
    url = _first(data, "url", "abs_url", "link")
    arxiv = schema.normalise_arxiv_id(_first(data, "arxiv_id", "arxiv"))
    if not arxiv and isinstance(data.get("id"), str) and "arxiv" in data["id"].lower():
        arxiv = schema.normalise_arxiv_id(data["id"])
    if not arxiv and isinstance(url, str) and "arxiv.org" in url:
        arxiv = schema.normalise_arxiv_id(url)
    date_text = _first(data, "date", "published", "first_seen_date")
    date_text = str(date_text) if date_text is not None else None
    authors = _authors(data.get("authors"))
    return Record(
        title=" ".join(title.split()),
        abstract=" ".join(abstract.split()),
        source=source,
        arxiv_id=arxiv,
        url=url if isinstance(url, str) else None,
        date_text=date_text,
        date=parse_date(date_text),
        authors=authors,
        author_count=len(authors) or None,
        more=more_properties(data),
    )


def _json_problem(exc: orjson.JSONDecodeError) -> str:
    return f"{exc.msg} at column {exc.colno}"


def read(text: str, name: str, path: str) -> Iterator[Record | InputError]:
    lines = split_lines(text)
    ends_cleanly = text.endswith(("\n", "\r"))
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if len(line) > MAX_RECORD_CHARS:
            yield InputError(
                path,
                f"record is {len(line):,} characters, over the {MAX_RECORD_CHARS:,} a paper may have",
                number,
            )
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            if number == len(lines) and not ends_cleanly and exc.msg.startswith("unexpected end"):
                raise InputError(
                    path,
                    f"file is truncated: the last line is incomplete JSON ({_json_problem(exc)})",
                    number,
                ) from None
            yield InputError(path, f"invalid JSON ({_json_problem(exc)})", number)
            continue
        if not isinstance(data, dict):
            yield InputError(path, "line is JSON but not an object", number)
            continue
        try:
            yield record_from_json(data, f"{name}:{number}")
        except ValueError as exc:
            yield InputError(path, str(exc), number)
