"""What every paperkg component shares: the Doc extensions results are written to.

Each component keeps its own capability's results on an extension of its own (e.g.
`doc._.code_links`) and adds the graph-facing `Mention`s to `doc._.kg_mentions`,
relations between them to `doc._.kg_relations` and reported results to
`doc._.kg_results`.  The build pipeline reads only those three.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

from kg.limits import MAX_SENTENCE_CHARS
from extractors.mentions import TEXT_KEY, Mention


def declare(name: str) -> None:
    """The Doc extension `doc._.<name>` (None until set), kept in `doc.user_data` under a
    key of paperkg's own.  The components read and write it there, with `stored` and
    `store` (a dict look-up), while `doc._.<name>` goes on working for everyone else:
    each `doc._` access builds an `Underscore` object, and some thirty a doc cost a
    tenth of extraction's time."""
    Doc.set_extension(
        name,
        getter=lambda doc: stored(doc, name),
        setter=lambda doc, value: store(doc, name, value),
        force=True,
    )


def stored(doc: Doc, name: str):
    """`doc._.<name>` of an extension made by `declare`."""
    return doc.user_data.get((_OWNER, name))


def store(doc: Doc, name: str, value) -> None:
    """`doc._.<name> = value` for an extension made by `declare`."""
    doc.user_data[(_OWNER, name)] = value


#: The first half of every `doc.user_data` key paperkg's extensions use.
_OWNER = "paperkg"


for _name in ("kg_mentions", "kg_relations", "kg_results"):
    declare(_name)


def results(doc: Doc, name: str) -> list:
    """The list behind `doc._.<name>`, created on first use (a shared mutable default
    would leak results between docs)."""
    value = stored(doc, name)
    if value is None:
        value = []
        store(doc, name, value)
    return value


#: Where no component set sentences: a break after ., ! or ? before a capital or digit,
#: except after abbreviations that abstracts use mid-sentence.
#: (The stop is matched, not looked behind for: a pattern opening with a character class
#: lets re skip to the next stop in C instead of trying every position.)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z0-9(\[\"'])")
_NOT_A_BREAK = re.compile(
    r"(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Figs|Eq|Eqs|Sec|Tab|resp|approx|"
    r"No|al|[A-Z])\.)\s*$"
)


def text_of(doc: Doc) -> str:
    """`doc.text`, built at most once per doc: spaCy joins every token anew on each
    access, which cost as much as tokenising."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def sentences(doc: Doc) -> list[tuple[int, int]]:
    """Character bounds (start, end) of the doc's sentences, the whole text where no
    boundaries were set.  Computed once per doc from arrays: `doc.sents` walks every
    token each time and would dominate extraction time."""
    cached = doc.user_data.get("paperkg_sentences")
    if cached is not None:
        return cached
    text = text_of(doc)
    if len(doc) and doc.has_annotation("SENT_START"):
        begins = [int(idx) for flag, idx in doc.to_array(["SENT_START", "IDX"]) if flag == 1] or [0]
        bounds = _bounds(text, begins)
    else:
        bounds = text_sentences(text)
    doc.user_data["paperkg_sentences"] = bounds
    return bounds


def text_sentences(text: str) -> list[tuple[int, int]]:
    """Character bounds of a text's sentences where no component set them: the same
    sentences every mention of a pipeline without a sentencizer quotes as evidence (for
    steps that see the text, not the doc: `extractors.paper_facts`)."""
    begins = [
        m.end()
        for m in _SENTENCE_BREAK.finditer(text)
        if not _NOT_A_BREAK.search(text, max(0, m.start() - 7), m.start() + 2)
    ]
    return _bounds(text, begins)


def _bounds(text: str, begins: list[int]) -> list[tuple[int, int]]:
    begins = [0] + [b for b in begins if b > 0]
    bounds = []
    for b, e in zip(begins, begins[1:] + [len(text)]):
        bounds.extend(_pieces(text, b, b + len(text[b:e].rstrip())))
    return bounds


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) as one sentence, or, past MAX_SENTENCE_CHARS, as pieces of at most
    that many characters, each cut after its last space (mid-word where it has none)."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        pieces.append((start, len(text[start:cut].rstrip()) + start))
        start = cut + (text[cut] == " ")
    pieces.append((start, end))
    return pieces


def sentence_of(doc: Doc, start: int, end: int) -> str:
    """The text of the sentences holding the character span [start, end): one string
    per sentence, shared by all its mentions (a copy each cost memory in the square
    of the sentence's length)."""
    index = doc.user_data.get("paperkg_sentence_index")
    if index is None:  # (one look-up per mention, not four: a doc has dozens)
        bounds = sentences(doc)
        index = doc.user_data["paperkg_sentence_index"] = ([b for b, _ in bounds], bounds, text_of(doc), {})
    starts, bounds, text, shared = index
    first = max(bisect_right(starts, start) - 1, 0)
    last = max(bisect_right(starts, max(start, end - 1)) - 1, 0)
    sentence = shared.get((first, last))
    if sentence is None:
        sentence = shared[(first, last)] = text[bounds[first][0] : bounds[last][1]]
    return sentence


def mention(
    doc: Doc, label: str, start: int, end: int, component: str, confidence: float, **kwargs
) -> Mention:
    return Mention(
        label=label,
        text=text_of(doc)[start:end],
        start=start,
        end=end,
        field="",
        sentence=sentence_of(doc, start, end),
        component=component,
        confidence=confidence,
        **kwargs,
    )


class RuleComponent:
    """The shape every paperkg rule component shares, after spaCy's span_ruler: `match`
    finds candidates in a doc, `set_annotations` writes them to the doc's extensions.
    Subclasses define those two; the factory passes `name` and, where the component
    has one, the `confidence` its results carry."""

    def __init__(self, nlp, name: str, confidence: float | None = None):
        self.name = name
        self.confidence = confidence

    def match(self, doc: Doc) -> list:
        raise NotImplementedError

    def set_annotations(self, doc: Doc, found: list) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc
