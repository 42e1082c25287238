"""Dataset mention boundaries: how far a text's naming of a dataset reaches.

Texts name a dataset with words around its bare name: a data head noun after it ("the
Europarl corpus", "the DUC dataset", "the WSJ test set"), its short form in brackets
where it is defined ("Penn Treebank (PTB)"), a language before it ("English Wikipedia").
A mention's span takes those words in (evidence offsets then point at the whole naming,
as the annotators of TDMSci and SciERC mark it), while its canonical name stays the bare
name, so that "the Europarl corpus" and "Europarl" remain one node.  A name made of
language names only ("Chinese", "Chinese-English") names a language, not a dataset, and
is dropped.

Runs after the concept resolver, on the mentions it kept, so every candidate a name
came from (lexicon, pattern, abbreviation) gets the same treatment.
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import RuleComponent, results, sentence_of, text_of
from extractors.heads import DATA_HEAD_WORDS
from kg import schema
from kg.mentions import Mention

#: Languages a corpus is often restricted to; written from general knowledge.
LANGUAGES = frozenset("""
Afrikaans Albanian Amharic Arabic Armenian Basque Belarusian Bengali Bulgarian Burmese
Cantonese Catalan Chinese Croatian Czech Danish Dutch English Estonian Farsi Finnish French
Galician Georgian German Greek Gujarati Hausa Hebrew Hindi Hungarian Icelandic Igbo
Indonesian Irish Italian Japanese Kannada Kazakh Khmer Korean Kurdish Lao Latin Latvian
Lithuanian Macedonian Malay Malayalam Maltese Mandarin Marathi Mongolian Nepali Norwegian
Pashto Persian Polish Portuguese Punjabi Romanian Russian Sanskrit Serbian Sinhala Slovak
Slovene Slovenian Somali Spanish Swahili Swedish Tagalog Tamil Telugu Thai Tibetan Turkish
Ukrainian Urdu Uyghur Uzbek Vietnamese Welsh Yoruba Zulu
""".split())
_LANGUAGE = "(?:" + "|".join(sorted(LANGUAGES, key=len, reverse=True)) + ")"
#: "Chinese", "Chinese-English", "Chinese-to-English", "French/Spanish".
_LANGUAGE_PHRASE = rf"{_LANGUAGE}(?:\s*(?:-|/|-to-|\s+to\s+)\s*{_LANGUAGE})*"
LANGUAGES_ONLY = re.compile(_LANGUAGE_PHRASE)
#: A language phrase right before a name ("English Wikipedia", "Chinese-English WMT").
_LANGUAGE_BEFORE = re.compile(rf"(?<![\w-]){_LANGUAGE_PHRASE}\s+$")

#: What a set of data is called after its name ("corpus", "test set", also "data":
#: after a name already taken for a dataset, "Europarl data" is Europarl's data).
DATA_HEAD = re.compile(rf"\s+(?:{DATA_HEAD_WORDS}|data)(?![\w-])")
#: Words that make "data" modify the next noun ("COCO data augmentation"), so that the
#: name does not end there.
_DATA_COMPOUND = re.compile(r"\s+(?:augmentation|points?|distributions?|samples?|size|sizes|"
                            r"scarcity|sparsity|efficiency|quality|collection|generation|"
                            r"selection|processing|analysis|sources?|types?|structures?)\b")
#: A definition's bracketed short form right after the long form: " (PTB)".
_SHORT_AFTER = re.compile(r"\s*\(\s*")


def languages_only(text: str) -> bool:
    return LANGUAGES_ONLY.fullmatch(text) is not None


def _free(mentions: list[Mention], start: int, end: int, own: Mention) -> bool:
    """No mention but `own` (or one inside [start, end) of the same label) overlaps."""
    return not any(m is not own and m.start < end and start < m.end
                   and not (m.label == own.label and start <= m.start and m.end <= end)
                   for m in mentions)


def _respan(doc: Doc, m: Mention, start: int, end: int, canonical: str | None) -> Mention:
    text = text_of(doc)
    return replace(m, start=start, end=end, text=text[start:end], canonical=canonical,
                   sentence=sentence_of(doc, start, end), attrs=dict(m.attrs))


def _with_short_form(text: str, m: Mention, mentions: list[Mention]) -> Mention | None:
    """The short-form mention defined in brackets right after `m`, if any."""
    opening = _SHORT_AFTER.match(text, m.end)
    if opening is None or "(" not in opening.group(0):
        return None
    return next((s for s in mentions if s.start == opening.end() and s.label == m.label
                 and s.attrs.get("short") and text[s.end:s.end + 1] == ")"), None)


def dataset_spans(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """`mentions` with each Dataset mention's span widened to the whole naming, and
    language-only "datasets" left out."""
    text = text_of(doc)
    kept = [m for m in mentions if m.label != schema.DATASET or not languages_only(m.text)]
    out: list[Mention] = []
    skip: set[int] = set()
    for m in kept:
        if id(m) in skip:
            continue
        if m.label != schema.DATASET:
            out.append(m)
            continue
        start, end, canonical = m.start, m.end, m.canonical or m.text
        short = _with_short_form(text, m, kept)
        if short is not None:  # "Penn Treebank (PTB)": one naming of one dataset
            skip.add(id(short))
            end = short.end + 1
        before = _LANGUAGE_BEFORE.search(text, max(0, start - 40), start)
        if before and _free(kept, before.start(), start, m):
            start = before.start()
            canonical = f"{before.group(0)}{canonical}"
        head = DATA_HEAD.match(text, end)
        if head and not (head.group(0).endswith("data") and _DATA_COMPOUND.match(text, head.end())) \
                and _free(kept, end, head.end(), m):
            end = head.end()
        if (start, end) == (m.start, m.end):
            out.append(m)
        else:
            out.append(_respan(doc, m, start, end, canonical))
    return out


class DatasetSpans(RuleComponent):
    """spaCy component: rewrites the Dataset mentions in `doc._.kg_mentions` (and
    `doc._.concepts`) to their whole naming."""

    def match(self, doc: Doc) -> list[Mention]:
        return dataset_spans(doc, doc._.kg_mentions or [])

    def set_annotations(self, doc: Doc, mentions: list[Mention]) -> None:
        results(doc, "kg_mentions")[:] = mentions
        if doc._.concepts is not None:
            doc._.concepts = [m for m in mentions if m.label in schema.CONCEPT_LABELS]


@Language.factory("paperkg_dataset_spans")
def make_dataset_spans(nlp: Language, name: str) -> DatasetSpans:
    return DatasetSpans(nlp, name)
