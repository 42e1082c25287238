"""Saved "Daily Papers" pages, in either of the two layouts a save produces:

- blocks: title, blank line, abstract, blank line, then "  • N authors", "·" and
  "Mon D[, YYYY] [upvotes]";
- compact: a title line, then its abstract line, repeated.

Both start with the page's own boilerplate ("Get trending papers...", "Subscribe",
the page date), which is dropped; "Subscribe" may be glued to the first title.
"""

from __future__ import annotations

import re
from typing import Iterator

from kg.errors import InputError
from kg.limits import MAX_RECORD_CHARS, MAX_TITLE_CHARS
from kg.readers.text import split_lines
from kg.records import Record, parse_date

BOILERPLATE = {
    "new",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
}
AUTHORS = re.compile(r"^\s*•\s*(\d+)\s+authors?\s*$")
DOT = re.compile(r"^\s*·\s*$")
#: What opens a saved page's author and vote lines ("  • 2 authors", "·").
_META_MARKS = ("\u2022", "\u00b7")
DATE = re.compile(r"^\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)(?:\s+(?P<upvotes>\d+))?\s*$")


def _is_meta(line: str) -> bool:
    return bool(AUTHORS.match(line) or DOT.match(line) or DATE.match(line))


def _is_meta_block(lines: list[str]) -> bool:
    """An author/date block; pages of organisations put "handle Name" where the author
    count goes, so a block ending in "·" and a date counts too."""
    if all(_is_meta(t) for t in lines):
        return True
    return len(lines) >= 2 and bool(DATE.match(lines[-1])) and any(DOT.match(t) for t in lines)


def _strip_header(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop the page's boilerplate lines and page date before the first title."""
    index = 0
    while index < len(lines):
        text = lines[index][1].strip()
        if not text or text.casefold() in BOILERPLATE or DATE.match(text):
            index += 1
            continue
        if text.startswith("Subscribe") and len(text) > 9 and not text[9].islower():
            lines[index] = (lines[index][0], text[9:].lstrip())
        break
    return lines[index:]


def _record(title: str, abstract: str, meta: list[str], name: str, line: int) -> Record:
    author_count = date_text = upvotes = None
    for item in meta:
        if match := AUTHORS.match(item):
            author_count = int(match.group(1))
        elif match := DATE.match(item):
            date_text = match.group("date")
            upvotes = int(match.group("upvotes")) if match.group("upvotes") else None
    return Record(
        title=" ".join(title.split()),
        abstract=" ".join(abstract.split()),
        source=f"{name}:{line}",
        date_text=date_text,
        date=parse_date(date_text),
        author_count=author_count,
        upvotes=upvotes,
    )


def _paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    paragraphs, current, start = [], [], 0
    for number, text in lines + [(0, "")]:
        if text.strip():
            if not current:
                start = number
            current.append(text)
        elif current:
            paragraphs.append((start, current))
            current = []
    return paragraphs


def _check(title: str, abstract: str, path: str, line: int) -> InputError | None:
    if len(title) > MAX_TITLE_CHARS:
        return InputError(path, f"expected a title, found {len(title):,} characters of text", line)
    if len(abstract) > MAX_RECORD_CHARS:
        return InputError(
            path,
            f"abstract is {len(abstract):,} characters, over the {MAX_RECORD_CHARS:,} a paper may have",
            line,
        )
    return None


def _damaged_meta(lines: list[str]) -> bool:
    """ "  • 1 auth": what opens author/date lines, but not whole ones."""
    return lines[0].lstrip().startswith(_META_MARKS) and not _is_meta_block(lines)


def _read_blocks(paragraphs, name, path, with_meta: bool) -> Iterator[Record | InputError]:
    index = 0
    while index < len(paragraphs):
        line, title_lines = paragraphs[index]
        if _is_meta_block(title_lines):
            yield InputError(path, "author/date lines with no paper before them", line)
            index += 1
            continue
        if _damaged_meta(title_lines):
            yield InputError(
                path,
                f"damaged author/date line {title_lines[0].strip()[:40]!r}; the page looks cut or edited",
                line,
            )
            index += 1
            continue
        title = " ".join(title_lines)
        abstract, meta = "", []
        index += 1
        if index < len(paragraphs) and not _is_meta_block(paragraphs[index][1]):
            abstract = " ".join(paragraphs[index][1])
            index += 1
        if index < len(paragraphs) and _is_meta_block(paragraphs[index][1]):
            meta = paragraphs[index][1]
            index += 1
        elif index < len(paragraphs) and _damaged_meta(paragraphs[index][1]):
            yield InputError(
                path,
                f"damaged author/date line {paragraphs[index][1][0].strip()[:40]!r}"
                " after this paper; the page looks cut or edited, the paper "
                "is skipped",
                line,
            )
            index += 1
            continue
        if not meta and index >= len(paragraphs) and with_meta:
            # every other paper of the page has its author/date lines: the page was cut
            # inside this one ("FlatFormer: Flattened Win", "... For 3D poi")
            yield InputError(
                path,
                "the page ends inside this paper (no author/date lines "
                "after it); the file looks cut, the paper is skipped",
                line,
            )
            continue
        problem = _check(title, abstract, path, line)
        yield problem or _record(title, abstract, meta, name, line)


def _read_compact(lines, name, path) -> Iterator[Record | InputError]:
    index = 0
    while index < len(lines):
        line, title = lines[index]
        if len(title) > MAX_TITLE_CHARS:
            yield InputError(path, f"expected a title, found {len(title):,} characters of text", line)
            index += 1
            continue
        if index + 1 == len(lines):
            yield InputError(
                path,
                "the page ends after a title with no abstract line; the file looks cut, the paper is skipped",
                line,
            )
            break
        abstract = lines[index + 1][1]
        index += 2
        problem = _check(title, abstract, path, line)
        yield problem or _record(title, abstract, [], name, line)


_PROSE_WORD = re.compile(r"(?<!\S)[(\"']?[^\W\d_]{2,}[,.;:!?)\"']*(?!\S)")


def _prose(text: str) -> bool:
    """Whether a line reads as an abstract's prose: five words of letters at least."""
    return len(_PROSE_WORD.findall(text, 0, 2_000)) >= 5


def read(text: str, name: str, path: str) -> Iterator[Record | InputError]:
    numbered = list(enumerate(split_lines(text), 1))
    blank = sum(1 for _, t in numbered if not t.strip())
    compact = blank * 3 < len(numbered)
    content = _strip_header([(n, t) for n, t in numbered if t.strip()] if compact else numbered)
    if compact:
        if not any(_prose(t) for _, t in content[1::2]):
            raise _not_a_page(path)
        yield from _read_compact(content, name, path)
        return
    paragraphs = _paragraphs(content)
    with_meta = any(_is_meta_block(lines) for _, lines in paragraphs)
    if not with_meta and not any(_prose(" ".join(lines)) for _, lines in paragraphs[1::2]):
        raise _not_a_page(path)
    yield from _read_blocks(paragraphs, name, path, with_meta)


def _not_a_page(path: str) -> InputError:
    """Any text would otherwise read as papers (`kg build /proc/self/maps` gave 112)."""
    return InputError(
        path,
        "not a Daily Papers page: no paper has author/date lines or an "
        "abstract of prose (is it a listing? --format jsonl|atom for others)",
    )
