"""Dataset mention boundaries: how far a text's naming of a dataset reaches.

Texts name a dataset with words around its bare name: a data head noun after it ("the
KITTI dataset", "the SQuAD test set", "the Quorra corpus"), its short form or catalogue
number in brackets ("Open Images (OI)", "Gigaword (LDC2011T07)"), its year or version
("COCO 2017", "Quorra 2.1"), a language before it ("Korean Wikipedia").
A mention's span takes those words in (evidence offsets then point at the whole naming,
as the annotators of TDMSci and SciERC mark it), while its canonical name stays the bare
name, so that "the KITTI dataset" and "KITTI" remain one node.  A name made of
language names only ("Korean", "Hindi-Urdu") names a language, not a dataset, and
is dropped.

Runs after the concept resolver, on the mentions it kept, so every candidate a name
came from (lexicon, pattern, abbreviation) gets the same treatment.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from extractors import names
from extractors.base import RuleComponent, results, sentence_of, store, stored, text_of
from extractors.scanning import matches_at, occurrences
from extractors.heads import DATA_HEAD_WORDS, LANGUAGE_PHRASE, languages_only
from kg import schema
from extractors.mentions import Mention

#: A language phrase right before a name ("Korean Wikipedia", "German-English WMT").
_LANGUAGE_BEFORE = re.compile(rf"(?<![\w-]){LANGUAGE_PHRASE}\s+$")

#: What a set of data is called after its name ("corpus", "test set", also "data":
#: after a name already taken for a dataset, "KITTI data" is KITTI's data).
DATA_HEAD = re.compile(rf"\s+(?:{DATA_HEAD_WORDS}|data)(?![\w-])")
#: Words that make "data" modify the next noun ("COCO data augmentation"), so that the
#: name does not end there.
_DATA_COMPOUND = re.compile(
    r"\s+(?:augmentation|points?|distributions?|samples?|size|sizes|"
    r"scarcity|sparsity|efficiency|quality|collection|generation|"
    r"selection|processing|analysis|sources?|types?|structures?)\b"
)
#: A year or a version number after a name: " 2012", " 5.0", " v2.1", a lone digit
#: that ends the phrase ("Alpaca Eval 2 and ..."); not a score: one digit before the
#: point, no unit after: "CIFAR-10 2.5 points lower".
_EDITION = re.compile(
    r"\s+(?:(?:19|20)\d\d|v?\d\.\d(?:\.\d)?|v\d|\d(?=\s*(?:[,;)]|\.(?!\d)|\s(?:and|or)\s|$)))"
    r"(?![\w.%]|\s*(?:%|pp\b|points?\b|dB\b|x\b|×|times\b))"
)
#: Lower-case words that end a naming ("WRENCH weak supervision benchmark"): they
#: describe the data, the name is the words before them.
_DESCRIBING_TAIL = re.compile(r"(?:\s+[a-z][a-z\-]*)+$")
#: A bracketed short name or catalogue number after a name: " (OI)", " (LDC2011T07)",
#: " (BT EC)"; every word with a capital ("(Table 3)" is no name).
_SHORT_WORD = r"(?=[\w\-.+]*[A-Z])[A-Za-z0-9][\w\-.+]{0,19}"
_BRACKETED = re.compile(rf"\s*\(\s*{_SHORT_WORD}(?: {_SHORT_WORD})?\s*\)")


#: "a visual-entailment dataset (e-SNLI-VE)", "two VQA datasets (CRIC, AOKVQA)": names in
#: brackets right after a data word, each with a capital.
#: (Each word's first letter is matched before the look behind for a word character, the
#: `\b` of "\b(?:data ?sets?|...)": a pattern opening with letters lets re skip in C to
#: the next d, b or c instead of trying every position.)
_DATA_THEN_BRACKET = re.compile(
    r"(?:d(?<!\wd)ata ?sets?|b(?<!\wb)enchmarks?|c(?<!\wc)orp(?:us|ora))\s+\((?P<names>[^()]{2,80})\)"
)
#: Where _DATA_THEN_BRACKET's matches open: at its data words (a scan for them in C
#: each stops less often than the pattern's, at every d, b and c).
_DATA_WORD_OPENINGS = ("data", "benchmark", "corp")
_BRACKETED_NAME = re.compile(
    r"(?<![\w\-])(?=[\w\-.+&]*[A-Z])[A-Za-z0-9][\w\-.+&]*(?: \d+(?:\.\d+)?)?(?![\w\-])"
)


def bracketed_data_names(text: str) -> list[tuple[int, int]]:
    """Spans of the names a text puts in brackets after a data word (not "(see Table 2)":
    every part of the list must be one name)."""
    spans = []
    if "(" not in text:
        return spans
    for match in matches_at(_DATA_THEN_BRACKET, text, occurrences(text, _DATA_WORD_OPENINGS)):
        parts = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", match.group("names"))
        names = [_BRACKETED_NAME.fullmatch(p.strip()) for p in parts]
        if all(names):
            offset = match.start("names")
            for part in parts:
                offset = text.index(part.strip(), offset)
                spans.append((offset, offset + len(part.strip())))
                offset += len(part.strip())
    return spans


def _absorbable(m: Mention, own: Mention) -> bool:
    """A mention a widened dataset name may take in: another of the same label, or a
    bare acronym guessed to be a method ("Gigaword (LDC2011T07)")."""
    return m.label == own.label or m.attrs.get("pattern") == "acronym"


class _Spans:
    """Spans (anything with `start` and `end`) by start offset, to find those near a
    place by bisection: a scan of every mention for each dataset cost the square of
    a text that names many."""

    def __init__(self, spans):
        self._spans = sorted(spans, key=lambda m: m.start)
        self._starts = [m.start for m in self._spans]
        self._longest = max((m.end - m.start for m in self._spans), default=0)

    def starting(self, lo: int, hi: int) -> list:
        """The spans starting in [lo, hi)."""
        return self._spans[bisect_left(self._starts, lo) : bisect_left(self._starts, hi)]

    def overlapping(self, start: int, end: int) -> list:
        """The spans sharing a character with [start, end) (and empty ones inside it)."""
        return [m for m in self.starting(start - self._longest, end) if start < m.end]

    def containing(self, start: int, end: int) -> list:
        """The spans holding all of [start, end)."""
        return [m for m in self.starting(start - self._longest, start + 1) if end <= m.end]


def _free(mentions: _Spans, start: int, end: int, own: Mention) -> bool:
    """Only `own`, or absorbable mentions wholly inside [start, end), overlap it."""
    return not any(
        m is not own
        and m.start < end
        and start < m.end
        and not (_absorbable(m, own) and start <= m.start and m.end <= end)
        for m in mentions.overlapping(start, end)
    )


def _respan(doc: Doc, m: Mention, start: int, end: int, canonical: str | None) -> Mention:
    text = text_of(doc)
    return replace(
        m,
        start=start,
        end=end,
        text=text[start:end],
        canonical=canonical,
        sentence=sentence_of(doc, start, end),
        attrs=dict(m.attrs),
    )


def _widened(text: str, m: Mention, mentions: _Spans) -> tuple[int, int]:
    """The start and end of the whole naming of the dataset `m` names."""
    start, end = m.start, m.end
    before = _LANGUAGE_BEFORE.search(text, max(0, start - 40), start)
    if before and _free(mentions, before.start(), start, m):
        start = before.start()
    # "X (XC) corpus", "X dataset (XD)", "X corpus 2012", "X (XC) 5.0"
    for after in (_BRACKETED, DATA_HEAD, _EDITION, _BRACKETED):
        found = after.match(text, end)
        if found is None or not _free(mentions, end, found.end(), m):
            continue
        if after is DATA_HEAD and found.group(0).endswith("data") and _DATA_COMPOUND.match(text, found.end()):
            continue
        end = found.end()
    return start, end


def dataset_spans(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """`mentions` with each Dataset mention's span widened to the whole naming, and
    language-only "datasets" left out; the very list when nothing changes (most texts
    name no dataset)."""
    datasets = [m for m in mentions if m.label == schema.DATASET]
    if not datasets:
        return mentions
    text = text_of(doc)
    dropped = {id(m) for m in datasets if languages_only(m.text)}
    kept = [m for m in mentions if id(m) not in dropped] if dropped else mentions
    widened: dict[int, Mention] = {}  # id of a Dataset mention -> its widened self
    indexed = _Spans(kept)
    for m in datasets:
        if id(m) in dropped:
            continue
        start, end = _widened(text, m, indexed)
        tail = None if m.canonical else _DESCRIBING_TAIL.search(m.text)
        if tail and tail.start() and any(c.isupper() for c in m.text[: tail.start()]):
            # "the WRENCH weak supervision benchmark" names WRENCH
            m.canonical = m.text[: tail.start()]
        if (start, end) != (m.start, m.end):
            canonical = m.canonical or m.text
            if start < m.start:  # "Korean Wikipedia" is another corpus than Wikipedia
                canonical = f"{text[start : m.start]}{canonical}"
            widened[id(m)] = _respan(doc, m, start, end, canonical)
    if not widened:
        return kept
    # "OI" in "Open Images (OI)": one naming of one dataset, one mention
    spans = _Spans(widened.values())
    out = []
    for m in kept:
        m = widened.get(id(m), m)
        if not any((w.start, w.end) != (m.start, m.end) for w in spans.containing(m.start, m.end)):
            out.append(m)
    return out


class DatasetSpans(RuleComponent):
    """spaCy component: rewrites the Dataset mentions in `doc._.kg_mentions` (and
    `doc._.concepts`) to their whole naming."""

    def match(self, doc: Doc) -> list[Mention]:
        return dataset_spans(doc, stored(doc, "kg_mentions") or [])

    def set_annotations(self, doc: Doc, mentions: list[Mention]) -> None:
        if mentions is stored(doc, "kg_mentions"):
            return
        results(doc, "kg_mentions")[:] = mentions
        if stored(doc, "concepts") is not None:
            store(doc, "concepts", [m for m in mentions if m.label in schema.CONCEPT_LABELS])


@Language.factory(names.DATASET_SPANS)
def make_dataset_spans(nlp: Language, name: str) -> DatasetSpans:
    return DatasetSpans(nlp, name)
