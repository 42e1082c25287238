"""The concept resolver: turns the candidates of the lexicon and pattern components and
the abbreviation pairs into one consistent list of concept mentions per text.

- An abbreviation pair takes the type of what was found in its long form (or its
  head word), and every use of the short form in the text becomes a mention of the
  same concept, named by the long form: the text's own definition beats a lexicon.
- Overlapping candidates: the longer span wins, then the more confident one; a role
  the text stated (PROPOSES, INTRODUCES) moves to the span that won.
- Every concept mention gets its role from the paper: Method USES, Dataset
  EVALUATES_ON, Task ADDRESSES, Metric USES, unless a pattern said it is proposed or
  introduced.
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import RuleComponent, mention, results, text_of
from extractors.code_links import URL
from extractors.heads import DATA_HEAD_WORDS, type_by_head
from kg import schema
from kg.lexicons import entry_named, is_generic
from kg.mentions import Mention, overlaps

DEFAULT_ROLES = {schema.METHOD: "USES", schema.DATASET: "EVALUATES_ON",
                 schema.TASK: "ADDRESSES", schema.METRIC: "USES"}


def _within(m: Mention, start: int, end: int) -> bool:
    return start <= m.start and m.end <= end


#: A data word right after a pair's closing bracket types the pair a dataset.
_DATA_WORD_AFTER = re.compile(rf"\s+{DATA_HEAD_WORDS}(?![\w-])")


def _type_pair(pair, candidates: list[Mention], text: str) -> tuple[str | None, str | None, str | None]:
    """(label, canonical name, role) of an abbreviation pair, from the candidates in its
    long form (the one ending where the long form ends wins) or its head word; a long
    form of capitalised words is a method, or a dataset where a data word follows the
    bracket; any other long form a method.  What a lexicon says of the short form
    counts only when its name is the long form written another way: the text's own
    definition says what the short form means here ("expectation-maximization (EM)"
    is no metric, "density functional theory (DFT)" no discriminative fine-tuning)."""
    inside = [m for m in candidates if _within(m, pair.long_start, pair.long_end)
              and m.end == pair.long_end]
    on_short = [m for m in candidates if m.start == pair.short_start and m.end == pair.short_end]
    role = next((m.role for m in candidates if m.role and (
        _within(m, pair.long_start, pair.long_end) or m in on_short)), None)
    same = [m for m in on_short if m.canonical and _same_words(m.canonical, pair.long)]
    if same:  # "graph convolution networks (GCN)": the lexicon's GCN, written another way
        best = max(same, key=lambda m: m.confidence)
        return best.label, best.canonical, role
    if inside:
        best = max(inside, key=lambda m: (m.end - m.start, m.confidence))
        whole = best.start == pair.long_start
        return best.label, (best.canonical if whole and best.canonical else pair.long), role
    known = entry_named(pair.long)
    if known:
        return known.label, known.name, role
    label = type_by_head(pair.long)
    if label:
        return label, pair.long, role
    if _title_cased(pair.long):
        # "Harbor Bay Speech (HBS) corpus" names a dataset; "out-of-distribution (OOD)
        # datasets", in lower case, a kind of data
        data = _DATA_WORD_AFTER.match(text, pair.short_end + 1)
        return schema.DATASET if data else schema.METHOD, pair.long, role
    # "locally constrained decoding (LCD)": a text names a technique it goes on to use
    # by its short form; the short form means this long form here, whatever else it
    # means elsewhere.  Only where every word of the long form gave the short form a
    # letter: "test on a new benchmark (TNB-X)" is a reach of the letter matching.
    letters = set(pair.short.casefold())
    if all(w[0] in letters for w in _words(pair.long) if w not in _FUNCTION_WORDS):
        return schema.METHOD, pair.long, role
    return None, None, None


#: Words a name in title case leaves in lower case ("Mixture of Attentive Experts").
_FUNCTION_WORDS = frozenset("of for and with in on to the a an via by from over under".split())


def _title_cased(long: str) -> bool:
    """'Sharpness-Aware Minimization', 'Mixture of Attentive Experts': every word but
    the function words capitalised, and the first one too."""
    words = long.split()
    return bool(words) and words[0][:1].isupper() and \
        all(w[:1].isupper() or w in _FUNCTION_WORDS for w in words if w)


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", name.casefold()) if w]


def _same_words(known: str, long: str) -> bool:
    """Whether a known name and a text's long form are one name written two ways: as
    many words, each opening with the same four letters ("graph convolution networks"
    and "graph convolutional network").  Equal initials alone are not enough:
    "expectation-maximization (EM)" is not the metric "exact match"."""
    a, b = _words(known), _words(long)
    return len(a) == len(b) and all(x[:4] == y[:4] for x, y in zip(a, b))


#: Pattern rules whose finds name a kind of thing, not one ("a shallow linear network").
GENERIC_PATTERNS = frozenset({"method-phrase"})


def _generic(m: Mention) -> bool:
    """A class too general to be a fact about a paper: listed in generic.tsv, or found by
    a rule that names kinds ("deep network", "trained transformers")."""
    return m.attrs.get("pattern") in GENERIC_PATTERNS or is_generic(m.label, m.canonical or m.text)


_LINK_HINTS = ("http", "www.", "github", "gitlab", "bitbucket", "huggingface")


def _links(text: str) -> list[tuple[int, int]]:
    if not any(hint in text for hint in _LINK_HINTS):
        return []
    return [m.span() for m in URL.finditer(text)]


def resolve(doc: Doc, candidates: list[Mention], component: str,
            confidence: float) -> list[Mention]:
    for pair in doc._.abbreviations or ():
        label, canonical, role = _type_pair(pair, candidates, text_of(doc))
        if label is None:
            continue
        attrs = {"short": pair.short}
        candidates.append(mention(doc, label, pair.long_start, pair.long_end, component,
                                  confidence, canonical=canonical, role=role, attrs=attrs))
        for start, end in ((pair.short_start, pair.short_end), *pair.uses):
            candidates.append(mention(doc, label, start, end, component, confidence,
                                      canonical=canonical, role=role, attrs=dict(attrs)))
    links = _links(text_of(doc))
    if links:  # "github.com/NVlabs/MaskLLM" names an owner and a repository, no concept
        candidates = [m for m in candidates if not any(s < m.end and m.start < e for s, e in links)]
    kept: list[Mention] = []
    order = sorted(candidates, key=lambda m: (-(m.end - m.start), -m.confidence, m.start, m.label))
    for candidate in order:
        rival = next((k for k in kept if overlaps(k, candidate)), None)
        if rival is None:
            kept.append(candidate)
        elif candidate.role and not rival.role and rival.label == candidate.label:
            kept[kept.index(rival)] = replace(rival, role=candidate.role)
    # one name, one kind in one text: a bare "PASS" later is the dataset "we propose a
    # dataset PASS" introduced, not a method guessed from its capitals
    surest: dict[str, Mention] = {}
    for m in sorted(kept, key=lambda m: (m.role is None, -m.confidence)):
        surest.setdefault(m.text, m)
    for m in kept:
        best = surest[m.text]
        if best.label != m.label and m.confidence < best.confidence:
            m.label, m.canonical = best.label, best.canonical
            if m.role and m.label not in schema.EDGE_TYPES[m.role].targets:
                m.role = None
    for m in kept:  # candidates are this component's to finish (no copies: cheaper)
        if m.role == "PROPOSES" and m.label in (schema.TASK, schema.METRIC):
            m.label = schema.METHOD  # "we propose Parts Consistency Enhancement": a method
        if m.role is None or m.label not in schema.EDGE_TYPES[m.role].targets:
            m.role = DEFAULT_ROLES[m.label]  # e.g. "we propose" + a task: it is addressed
        if m.role == DEFAULT_ROLES[m.label] and _generic(m):
            m.role = None  # a mention still (its span is read whole), but no paper's fact
            m.attrs = {**m.attrs, "generic": True}
    return sorted(kept, key=lambda m: (m.start, m.end))


if not Doc.has_extension("concepts"):
    Doc.set_extension("concepts", default=None)


class ConceptResolver(RuleComponent):
    """spaCy component: replaces the concept candidates in `doc._.kg_mentions` with the
    resolved mentions, also kept on `doc._.concepts`."""

    def match(self, doc: Doc) -> list[Mention]:
        candidates = [m for m in doc._.kg_mentions or () if m.label in schema.CONCEPT_LABELS]
        return resolve(doc, candidates, self.name, self.confidence)

    def set_annotations(self, doc: Doc, concepts: list[Mention]) -> None:
        doc._.concepts = concepts
        mentions = results(doc, "kg_mentions")
        mentions[:] = [m for m in mentions if m.label not in schema.CONCEPT_LABELS] + concepts



@Language.factory("paperkg_concepts", default_config={"confidence": 0.92})
def make_concept_resolver(nlp: Language, name: str, confidence: float) -> ConceptResolver:
    return ConceptResolver(nlp, name, confidence)
