"""Abbreviations: long form / short form pairs such as "Sharpness-Aware Minimization (SAM)",
found with the Schwartz–Hearst algorithm (Schwartz & Hearst, PSB 2003), as scispaCy's
abbreviation detector does, but over the text with one regular expression instead of a
loop over tokens.

The pairs are what later lets "SAM" alone, in this paper or another, be the same
concept as its long form; `doc._.abbreviations` holds them and every later use of
the short form.  Typing the pair is left to the concept resolver, which knows what the
other components found in the long form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from extractors import names
from extractors.base import RuleComponent, declare, store, text_of

_PARENTHESIS = re.compile(r"\(([^()\s][^()]{0,11})\)")
#: Where a long form cannot reach back past.
_BOUNDARY = re.compile(r"[.;:!?()\[\]]\s|[()\[\];]")
#: Characters before a bracket searched for its long form.
_LOOK_BACK = 1_000


@dataclass(frozen=True)
class Abbreviation:
    long: str
    short: str
    long_start: int
    long_end: int
    short_start: int
    short_end: int
    #: Character offsets of every use of the short form standing alone in the text,
    #: this pair's own included: one tuple shared by the pairs of one short form (a
    #: copy per pair cost the square of a text that defines it over and over).
    occurrences: tuple[tuple[int, int], ...] = ()

    @property
    def uses(self) -> tuple[tuple[int, int], ...]:
        """The short form's uses in the text other than this pair's own."""
        return tuple(span for span in self.occurrences if span[0] != self.short_start)


def _valid_short(short: str) -> bool:
    return (
        2 <= len(short) <= 10
        and short[0].isalnum()
        and any(c.isalpha() for c in short)
        and any(c.isupper() for c in short)
        and len(short.split()) <= 2
    )


def long_form_start(short: str, long: str) -> int | None:
    """Schwartz–Hearst: match the short form's characters right to left in the long
    form, the first one at the start of a word; the index where the long form begins."""
    s, i = len(short) - 1, len(long) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while i >= 0 and (long[i].lower() != char or (s == 0 and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    return i + 1


def find_abbreviations(text: str) -> list[Abbreviation]:
    occurrences: dict[str, tuple[tuple[int, int], ...]] = {}
    pairs = []
    for match in _PARENTHESIS.finditer(text):
        short = match.group(1).strip()
        if not _valid_short(short):
            continue
        # a long form is at most 20 words, never near this many characters: the text
        # before every bracket would be copied, the square of a text full of them
        base = max(0, match.start() - _LOOK_BACK)
        before = text[base : match.start()].rstrip().rstrip("~").rstrip()  # LaTeX's "learning~(SSRL)"
        limit = min(len(short) + 5, 2 * len(short))
        boundary = max((m.end() for m in _BOUNDARY.finditer(before, max(0, len(before) - 200))), default=0)
        window = before[boundary:]
        words = list(re.finditer(r"\S+", window))[-limit:]
        if not words:
            continue
        candidate = window[words[0].start() :]
        start = long_form_start(short, candidate)
        if start is None:
            continue
        if start >= 2 and candidate[start - 1] == "-" and candidate[start - 2].isalnum():
            # a long form never opens inside a hyphened word: "Non-negative Contrastive
            # Learning (NCL)", not "negative Contrastive Learning"
            start = max(candidate.rfind(" ", 0, start), candidate.rfind("\n", 0, start)) + 1
        long = candidate[start:].strip(" ,")
        if (
            len(long) <= len(short)
            or " " not in long
            and "-" not in long
            or short.casefold() in long.casefold().split()
        ):
            continue
        if (
            re.fullmatch(r"[A-Z][a-z]+", short)
            and "".join(w[0] for w in long.split()).casefold() != short.casefold()
        ):
            # a short form that is a word stands for one word a letter: "(Web)" after
            # "WebVision1k and NUS-WIDE" took all its letters from one word
            continue
        long_start = base + boundary + words[0].start() + start
        short_start = match.start(1) + match.group(1).index(short)
        if short not in occurrences:
            occurrences[short] = tuple(_uses(text, short))
        pairs.append(
            Abbreviation(
                long,
                short,
                long_start,
                long_start + len(long),
                short_start,
                short_start + len(short),
                occurrences[short],
            )
        )
    return pairs


def _is_word_char(text: str, i: int) -> bool:
    """Whether text[i] exists and is what re's \\w matches."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _uses(text: str, short: str):
    """The spans `re.finditer(rf"(?<![\\w-]){re.escape(short)}(?:s\\b|\\b)", text)` yields:
    `short` standing alone, perhaps plural.  Found with str.find, since compiling a
    regex for each short form cost more than all the rest of this component."""
    pos = 0
    while (start := text.find(short, pos)) != -1:
        end = start + len(short)
        if text[start - 1 : start] != "-" and not _is_word_char(text, start - 1):
            if text.startswith("s", end) and _is_word_char(text, end) != _is_word_char(text, end + 1):
                yield start, end + 1
                pos = end + 1
                continue
            if _is_word_char(text, end - 1) != _is_word_char(text, end):
                yield start, end
                pos = end
                continue
        pos = start + 1


declare("abbreviations")


class AbbreviationDetector(RuleComponent):
    """spaCy component: `doc._.abbreviations`, the long/short form pairs of the text."""

    def match(self, doc: Doc) -> list[Abbreviation]:
        return find_abbreviations(text_of(doc)) if "(" in text_of(doc) else []

    def set_annotations(self, doc: Doc, pairs: list[Abbreviation]) -> None:
        store(doc, "abbreviations", pairs)


@Language.factory(names.ABBREVIATIONS)
def make_abbreviation_detector(nlp: Language, name: str) -> AbbreviationDetector:
    return AbbreviationDetector(nlp, name)
