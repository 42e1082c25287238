"""extractors/scanning.py tries a pattern only where its matches can open; these check
that it finds exactly what `finditer` finds (the extractors' outputs rely on it)."""

from __future__ import annotations

import re

import pytest

from extractors.scanning import case_blind_matches, matches_at, occurrences

_GAIN = re.compile(r"\b(?:improv\w*|boost\w*)\s+(?:by\s+)?\d+(?:\.\d+)?", re.IGNORECASE)
_OPENINGS = ("improv", "boost")


@pytest.mark.parametrize(
    "text",
    [
        "It improves recall by 3.1 and Boosts F1 4.2; IMPROVED 5 times over.",
        "No gain at all here.",
        "Ça improves by 2 — a non-ASCII text, searched as finditer does: Improvement 7.",
        "boost 1 boost 2boost 3",
    ],
)
def test_case_blind_matches_finds_what_finditer_finds_in_the_whole_text_and_a_window(text):
    spans = [m.span() for m in _GAIN.finditer(text)]
    assert [m.span() for m in case_blind_matches(_GAIN, text, _OPENINGS)] == spans
    a, b = 3, len(text) - 2
    window = [m.span() for m in _GAIN.finditer(text, a, b)]
    assert [m.span() for m in case_blind_matches(_GAIN, text, _OPENINGS, a, b)] == window


def test_matches_at_takes_finditers_leftmost_non_overlapping_matches():
    pattern = re.compile(r"ab+")
    text = "abbb ab xabb"
    starts = occurrences(text, ("a",)) | {1, 2}  # extra starts change nothing
    assert [m.span() for m in matches_at(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]
