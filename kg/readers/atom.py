"""arXiv API answers: Atom XML feeds with one <entry> per paper."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterator

from kg import schema
from kg.errors import InputError
from kg.records import Record, parse_date

ATOM = "{http://www.w3.org/2005/Atom}"


def _text(entry: ET.Element, tag: str) -> str:
    found = entry.find(ATOM + tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def read(text: str, name: str, path: str) -> Iterator[Record | InputError]:
    if re.search(r"<!(DOCTYPE|ENTITY)", text[:4096]):
        raise InputError(path, "XML with a DOCTYPE or entities is refused (not an arXiv feed)")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise InputError(path, f"broken XML ({exc.msg if hasattr(exc, 'msg') else exc})",
                         line) from None
    if root.tag != ATOM + "feed":
        raise InputError(path, f"not an Atom feed (root element {root.tag})")
    for number, entry in enumerate(root.iter(ATOM + "entry"), 1):
        title = _text(entry, "title")
        if not title:
            yield InputError(path, f"entry {number} has no title")
            continue
        ident = _text(entry, "id")
        published = _text(entry, "published") or _text(entry, "updated") or None
        authors = [" ".join((a.findtext(ATOM + "name") or "").split())
                   for a in entry.findall(ATOM + "author")]
        authors = [a for a in authors if a]
        yield Record(
            title=title, abstract=_text(entry, "summary"), source=f"{name}:entry-{number}",
            arxiv_id=schema.normalise_arxiv_id(ident) if "arxiv" in ident.lower() else None,
            url=ident or None, date_text=published, date=parse_date(published),
            authors=authors, author_count=len(authors) or None,
        )
