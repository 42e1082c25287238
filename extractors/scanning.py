"""Finding a regex's matches without trying it at every position of a text.

Python's re tries a pattern at each position in turn unless the pattern opens with a
literal or a character class it can skip to in C; patterns opening with common
letters, a lookbehind or a word boundary pay a call per character.  Where every match
must open at one of a few words, `str.find` finds those (a scan in C per word) and
`matches_at` tries the pattern only there, giving `finditer`'s matches.
"""

from __future__ import annotations

import re
from typing import Iterator


def occurrences(text: str, words) -> set[int]:
    """Where each of `words` occurs in `text`."""
    found = set()
    for word in words:
        if word not in text:
            continue  # (most words occur nowhere: one test in C, no loop set up)
        at = text.find(word)
        while at >= 0:
            found.add(at)
            at = text.find(word, at + 1)
    return found


def matches_at(pattern: re.Pattern, text: str, starts, endpos: int | None = None) -> Iterator[re.Match]:
    """`pattern.finditer(text, 0, endpos)` for a pattern whose matches (never empty) can
    start only at `starts`: the leftmost match, then the leftmost from its end, as
    finditer finds them, trying only those positions."""
    end = 0
    stop = len(text) if endpos is None else endpos
    for start in sorted(starts):
        if start >= end and (match := pattern.match(text, start, stop)):
            yield match
            end = match.end()


def case_blind_matches(
    pattern: re.Pattern, text: str, words, start: int = 0, end: int | None = None
) -> Iterator[re.Match]:
    """`pattern.finditer(text, start, end)` for a case-blind pattern whose every match
    opens at one of `words` (written in lower case).  In ASCII text, whose lower case is
    what IGNORECASE matches and keeps every offset, it is tried only where one of them
    occurs; other text is searched as finditer does."""
    end = len(text) if end is None else end
    stretch = text[start:end]  # (the text itself, not a copy, when it is all of it)
    if not stretch.isascii():
        return pattern.finditer(text, start, end)
    return matches_at(pattern, text, {start + at for at in occurrences(stretch.lower(), words)}, end)
