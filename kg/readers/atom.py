"""arXiv API answers: Atom XML feeds with one <entry> per paper.

Parsed with expat directly (not `ET.fromstring`) for two reasons: a document type
declaration is refused wherever it appears (entity expansion is how a small hostile
XML file becomes gigabytes), and every entry keeps its line for messages.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterator
from xml.parsers import expat

from kg import schema
from kg.errors import InputError
from kg.limits import MAX_RECORD_CHARS
from kg.records import Record, parse_date

ATOM = "{http://www.w3.org/2005/Atom}"


class _Refused(Exception):
    pass


def _text(entry: ET.Element, tag: str) -> str:
    found = entry.find(ATOM + tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def _parse(text: str, path: str) -> tuple[ET.Element, dict[int, int]]:
    """The document tree, and the line of each entry (keyed by the element's id)."""
    builder, lines = ET.TreeBuilder(), {}
    parser = expat.ParserCreate(namespace_separator="}")

    def tag(name: str) -> str:
        return "{" + name if "}" in name else name

    def start(name, attrs):
        element = builder.start(tag(name), attrs)
        if element.tag == ATOM + "entry":
            lines[id(element)] = parser.CurrentLineNumber

    def refuse(*_):
        raise _Refused

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(tag(name))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(text, True)
    except _Refused:
        raise InputError(
            path,
            "XML with a document type or entities is refused (an arXiv feed has none)",
            parser.CurrentLineNumber,
        ) from None
    except expat.ExpatError as exc:
        raise InputError(
            path, f"broken XML ({expat.ErrorString(exc.code)} at column {exc.offset + 1})", exc.lineno
        ) from None
    return builder.close(), lines


def read(text: str, name: str, path: str) -> Iterator[Record | InputError]:
    root, lines = _parse(text, path)
    if root.tag != ATOM + "feed":
        raise InputError(path, f"not an Atom feed (root element {root.tag[:100]})")
    for number, entry in enumerate(root.iter(ATOM + "entry"), 1):
        title = _text(entry, "title")
        if not title:
            yield InputError(path, f"entry {number} has no title", lines.get(id(entry)))
            continue
        summary = _text(entry, "summary")
        if len(title) + len(summary) > MAX_RECORD_CHARS:
            yield InputError(
                path,
                f"entry {number} is {len(title) + len(summary):,} characters, "
                f"over the {MAX_RECORD_CHARS:,} a paper may have",
                lines.get(id(entry)),
            )
            continue
        ident = _text(entry, "id")
        published = _text(entry, "published") or _text(entry, "updated") or None
        authors = [
            " ".join((a.findtext(ATOM + "name") or "").split()) for a in entry.findall(ATOM + "author")
        ]
        authors = [a for a in authors if a]
        yield Record(
            title=title,
            abstract=summary,
            source=f"{name}:entry-{number}",
            arxiv_id=schema.normalise_arxiv_id(ident) if "arxiv" in ident.lower() else None,
            url=ident or None,
            date_text=published,
            date=parse_date(published),
            authors=authors,
            author_count=len(authors) or None,
        )
