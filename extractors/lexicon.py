"""Lexicon matching: well-known datasets, tasks, metrics and methods (the data files
under extractors/data/, read by extractors.lexicons).

Matching is a spaCy PhraseMatcher, so it costs about one hash look-up per token.
Multi-word and lower-case names match ignoring case; a single word written with
capitals ("DROP", "RACE", "ImageNet") matches only as written, so ordinary words are
not taken for names.  An alias listed under two concepts is ambiguous and is dropped:
it cannot say which one a text means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from extractors import names
from extractors.abbreviations import long_form_start
from extractors.base import RuleComponent, declare, mention, results, store, text_of
from extractors.heads import KIND_AFTER
from extractors.measures import measured_here
from extractors.patterns import GLUED_VARIANT, MODEL_SIZE_TAIL, MODIFIER_PARTS
from kg import schema
from extractors.lexicons import Entry, case_sensitive, load_lexicon, same_words


@dataclass(frozen=True)
class LexiconMatch:
    start: int  # character offsets
    end: int
    entry: Entry
    compound: bool = False  # the name and a measure noun after it: "FLOPs savings"
    versioned: bool = False  # the name and a version or size after it: "Qwen2.5-0.5B"


#: Words that name a variant of a method without making it another one:
#: "3D CNN", "BERT-base", "BERT large".
_VARIANT_BEFORE = re.compile(r"(?<![\w-])[1-4][- ]?D[ -]$")
_VARIANT_AFTER = re.compile(r"^[- ](?:base|large|small|tiny|mini|medium|huge|xl|xxl)(?![\w-])", re.I)


def _with_variant_words(text: str, start: int, end: int) -> tuple[int, int]:
    before = _VARIANT_BEFORE.search(text, max(0, start - 5), start)
    after = _VARIANT_AFTER.match(text[end : end + 8])
    return (before.start() if before else start), (end + after.end() if after else end)


_MODIFIER_AFTER = re.compile(r"-([A-Za-z]+)")
#: A hyphen and a lower-case word glued after a name: it is part of a compound.
#: (Not a hyphen written for a dash: "adversarial attacks-such as", "learning-addressing".)
_COMPOUND_AFTER = re.compile(
    r"-(?!(?:such|which|that|where|while|and|or|including|e\.g|i\.e)\b|[a-z]+ing\b)[a-z]"
)
#: The rest of a word glued to a model's name ("Qwen2.5-0.5B", "Qwen3-VL-8B",
#: "DeepSeek-R1-0528"), a version or size when it holds a digit; or a version and size
#: written apart ("Gemma 4 12B", "DeepSeek V3.2").  Versions and sizes are other models
#: than the family the lexicon names.
_GLUED_TAIL = re.compile(r"-[A-Za-z0-9.]+(?:-[A-Za-z0-9.]+)*")
_SPACED_VERSION = re.compile(
    r" [Vv]?[1-9](?:\.\d)?(?: \d+(?:\.\d+)?[BMKT])?(?![\w.%-])(?! (?:times|epochs|steps|runs|seeds|layers|of|out|to)\b)"
)


#: A size or a tier written apart after a model's name or version: "Llama 3 70B", "Claude
#: 3.5 Sonnet", "Gemini 1.5 Pro" (each another model than the one without it).
_SPACED_SIZE_OR_TIER = re.compile(
    r" (?:\d+(?:\.\d+)?[BMKT]|Sonnet|Opus|Haiku|Pro|Flash|Ultra|Nano|Turbo)(?![\w.%-])"
)


#: Tiers of a model glued to its name ("Qwen2.5-Max", "Gemini-Pro", "GPT-4-Turbo"): each
#: another model than the family.
_GLUED_TIERS = frozenset(
    "max pro plus turbo flash lite mini nano chat instruct ultra omni opus sonnet haiku".split()
)


def _version_end(text: str, end: int) -> int | None:
    """Where a version, size or tier written after a model's name ends, if one is."""
    glued = _GLUED_TAIL.match(text, end)
    if glued and any(c.isdigit() for c in glued.group()):
        return glued.end() - (1 if glued.group().endswith(".") else 0)
    tail = glued.group().rstrip(".") if glued else ""
    if tail and all(part.casefold() in _GLUED_TIERS for part in tail[1:].split("-")):
        return end + len(tail)
    # (a name ending in its version, "Llama 2", takes no second version, only a size)
    spaced = None if text[end - 1 : end].isdigit() else _SPACED_VERSION.match(text, end)
    tier = _SPACED_SIZE_OR_TIER.match(text, spaced.end() if spaced else end)
    if tier:
        return tier.end()
    return spaced.end() if spaced else None


#: Nouns that make a metric's name part of another measure's ("FLOPs savings").
_MEASURE_NOUN_AFTER = re.compile(r" (?:savings|speed-?ups?|ratios?)(?![\w-])", re.IGNORECASE)
#: A metric named by one lower-case English word ("accuracy", "precision", "recall").
_COMMON_WORD = re.compile(r"[a-z]+")
#: A modal or "to" right before a metric's name makes it a verb ("can recall", "to recall").
_VERB_BEFORE = re.compile(
    r"(?<![\w-])(?:can|cannot|could|will|would|may|might|must|should|to|not)\s+$", re.IGNORECASE
)


#: Aliases that are ordinary words of other fields, with what a text must speak of for
#: them to name the concept: "translation" is machine translation in a text about
#: languages, and a rotation's partner or an image-to-image mapping elsewhere (about a
#: quarter of the corpus's bare uses).
_FIELD_CUED = {
    "translation": re.compile(
        r"\b(?:languages|\w*lingual|English|BLEU|COMET|chrF|parallel|low-resource|NMT|MT)\b"
    ),
}


#: Words before "precision" that make it the precision of a number format.
_NUMBER_FORMAT_BEFORE = re.compile(
    r"(?<![\w-])(?:machine|numerical|numeric|floating[- ]point|mixed|half|single|double|full|low|"
    r"reduced|arbitrary|\d+-bit|FP\d+|BF16|INT\d+|bf16|fp\d+|int\d+)[\s-]+$",
    re.IGNORECASE,
)


#: A short form the text defines in brackets: "electromagnetic (EM) waves".
_BRACKETED_SHORT = re.compile(r"\((?P<short>[A-Z]{2,5})\)")
#: The one word right before such a bracket, in lower case and unbroken ("text-to-speech
#: (TTS)" spells its letters part by part, as the lexicon's own expansions do).
_WORD_BEFORE = re.compile(r"(?<![\w-])(?P<word>[A-Za-z][a-z]{3,})\s*$")


#: The rule of a dataset named after a known one ("MMLU-Pro"): its confidence is measured
#: apart from the known names'.
DATASET_VARIANT = "dataset-variant"
#: After a dataset's name with a variant part, a word that makes the whole the name of
#: a system ("the FLAN-FinXC framework"), not of data ("WebArena-lite agents" were run
#: on the data, "ImageNet-LT models" trained on it).
_SYSTEM_AFTER = re.compile(r"\s+(?:frameworks?|methods?|approach(?:es)?|architectures?|algorithms?)\b")

declare("lexicon_matches")
#: The short forms the text defines as one other word (see LexiconMatcher._redefined):
#: the concept resolver lets no other component's guess name them either.
declare("redefined_short_forms")


#: The last word of a metric's name that a text writes in the plural when it reports
#: several figures ("CLIP scores", "word error rates"): the same metric.
_COUNTED_MEASURE = re.compile(r"[ \-](?:score|rate|error|distance|ratio|coefficient)$", re.IGNORECASE)


#: A dataset's name in capitals with a number ("CIFAR-100", "MNIST-1D"), which texts also
#: write with one capital ("Cifar-100").
_CAPITALS_WITH_NUMBER = re.compile(r"[A-Z]{4,}(?=[-\s]?\d)")


def _written(entry: Entry, form: str) -> list[str]:
    """The ways a text writes the lexicon's `form` of `entry`: as it is, a metric whose
    name ends in a counted word also in the plural, and a dataset named in capitals with
    a number also with one capital."""
    if entry.label == schema.METRIC and _COUNTED_MEASURE.search(form):
        return [form, form + "s"]
    if entry.label == schema.DATASET and _CAPITALS_WITH_NUMBER.match(form):
        return [form, _CAPITALS_WITH_NUMBER.sub(lambda word: word.group().capitalize(), form, count=1)]
    return [form]


class LexiconMatcher(RuleComponent):
    """spaCy component: `doc._.lexicon_matches` and a concept mention for each, with the
    lexicon's name as the canonical name."""

    def __init__(self, nlp: Language, name: str, confidence: float):
        super().__init__(nlp, name, confidence)
        self.entries = load_lexicon()
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._entry_of: dict[int, Entry] = {}
        #: the written forms of each entry with more than one word, to tell whether a
        #: text's definition of a short form is the lexicon's
        self._long_forms: dict[Entry, list[str]] = {}
        for form, entry in sorted(self.entries.items()):
            if " " in form or "-" in form:
                self._long_forms.setdefault(entry, []).append(form)
            key = nlp.vocab.strings.add(f"{entry.label}\t{entry.name}")
            self._entry_of[key] = entry
            matcher = self.exact if case_sensitive(form) else self.folded
            matcher.add(f"{entry.label}\t{entry.name}", [nlp.make_doc(way) for way in _written(entry, form)])

    def match(self, doc: Doc) -> list[LexiconMatch]:
        hits: dict[tuple[int, int], int] = {}
        for matcher in (self.exact, self.folded):
            for key, start, end in matcher(doc):
                hits.setdefault((start, end), key)
        text = text_of(doc)
        redefined = self._redefined(doc, text, hits) if "(" in text else ()
        if redefined:
            store(doc, "redefined_short_forms", redefined)
        found = []
        for token_span in _longest_first(hits):
            entry = self._entry_of[hits[token_span]]
            span = doc[token_span[0] : token_span[1]]
            start, end = span.start_char, span.end_char
            if text[start:end] in redefined:
                continue  # "electromagnetic (EM) waves": no exact match, here
            if start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum():
                continue  # "e-SNLI-VE" is another dataset than SNLI-VE
            modifier = _MODIFIER_AFTER.match(text, end)
            if modifier and modifier.group(1).casefold() in MODIFIER_PARTS:
                continue  # "a Llama-like model", "a SAM-guided method" name neither
            glued = _GLUED_TAIL.match(text, end) if modifier else None
            if (
                glued
                and any(c.isdigit() for c in glued.group())
                and glued.group().rsplit("-", 1)[-1].casefold() in MODIFIER_PARTS
            ):
                continue  # "a Qwen2.5-Coder-32B-based judge": nor a version's
            if entry.label == schema.TASK and KIND_AFTER.match(text, end):
                continue  # "the language modeling loss", "a contrastive learning framework"
            if entry.label == schema.TASK and _COMPOUND_AFTER.match(text, end):
                continue  # "dialogue-history consistency": a part of another word
            if entry.label == schema.METRIC and _VERB_BEFORE.search(text, max(0, start - 12), start):
                continue  # "facts it can recall": a verb, no measure
            cue = _FIELD_CUED.get(text[start:end].casefold())
            if cue is not None and not cue.search(text):
                continue  # "rotation, translation and scaling": no machine translation
            if text[start:end].casefold() == "precision" and _NUMBER_FORMAT_BEFORE.search(
                text, max(0, start - 16), start
            ):
                continue  # "to machine precision", "mixed precision": a number format, no measure
            if entry.label == schema.DATASET:
                variant = GLUED_VARIANT.match(text, end)
                if variant and not MODEL_SIZE_TAIL.search(variant.group()):
                    if _SYSTEM_AFTER.match(text, variant.end()):
                        continue  # "the FLAN-FinXC framework": a system named after the data
                    # "MMLU-Pro", "ImageNet-LT", "Mind2Web-Live": another dataset, built on it
                    found.append(LexiconMatch(start, variant.end(), entry, versioned=True))
                    continue
            if entry.label == schema.METHOD:
                version = _version_end(text, end)
                if version is not None:  # another model than the family: its own name
                    found.append(LexiconMatch(start, version, entry, versioned=True))
                    continue
                start, end = _with_variant_words(text, start, end)
            compound = _MEASURE_NOUN_AFTER.match(text, end) if entry.label == schema.METRIC else None
            if compound:  # "FLOPs savings", "throughput speedups": a measure of its own
                found.append(LexiconMatch(start, compound.end(), entry, compound=True))
                continue
            found.append(LexiconMatch(start, end, entry))
        return found

    def _redefined(self, doc: Doc, text: str, hits: dict[tuple[int, int], int]) -> set[str]:
        """The short forms the lexicon knows that this text defines by one other word:
        "electromagnetic (EM) waves" (every letter of EM in the one word before the
        bracket, the first opening it) has no exact match in it.  The text's own
        definition says what a short form means in it; longer definitions are
        abbreviation pairs, which the concept resolver types (a pair of one word is too
        often a reach)."""
        ends: dict[Entry, set[int]] | None = None  # where each entry's hits end, once needed
        redefined = set()
        for match in _BRACKETED_SHORT.finditer(text):
            short = match.group("short")
            entry = self.entries.get(short)
            word = _WORD_BEFORE.search(text, max(0, match.start() - 60), match.start())
            if entry is None or word is None or long_form_start(short, word.group("word")) != 0:
                continue
            if ends is None:
                ends = {}
                for (_, end), key in hits.items():
                    ends.setdefault(self._entry_of[key], set()).add(doc[end - 1].idx + len(doc[end - 1]))
            if word.end("word") in ends.get(entry, ()):
                continue  # "text-to-speech (TTS)": the entry's own name right before
            if not any(same_words(form, word.group("word")) for form in self._long_forms.get(entry, ())):
                redefined.add(short)
        return redefined

    def set_annotations(self, doc: Doc, found: list[LexiconMatch]) -> None:
        store(doc, "lexicon_matches", found)
        mentions = results(doc, "kg_mentions")
        text = text_of(doc)
        for match in found:
            # a metric that is a common word ("accuracy", "recall") is the paper's
            # measure only where the text measures it; elsewhere a mention, no fact
            attrs = (
                {"unmeasured": True}
                if match.entry.label == schema.METRIC
                and _COMMON_WORD.fullmatch(text[match.start : match.end])
                and not measured_here(text, match.start, match.end)
                else {"pattern": DATASET_VARIANT}
                if match.versioned and match.entry.label == schema.DATASET
                else None
            )
            mentions.append(
                mention(
                    doc,
                    match.entry.label,
                    match.start,
                    match.end,
                    self.name,
                    self.confidence,
                    canonical=None if match.compound or match.versioned else match.entry.name,
                    **({"attrs": attrs} if attrs else {}),
                )
            )


def _longest_first(spans) -> list[tuple[int, int]]:
    """spaCy's `filter_spans` on (start, end) token offsets: the longest (then first) of
    overlapping spans, in text order.  A Span object for every hit, kept or not, cost
    a sixth of the matcher's time."""
    kept, seen = [], set()
    for start, end in sorted(spans, key=lambda span: (span[1] - span[0], -span[0]), reverse=True):
        if start not in seen and end - 1 not in seen:
            kept.append((start, end))
            seen.update(range(start, end))
    return sorted(kept)


@Language.factory(names.LEXICON, default_config={"confidence": 0.9})
def make_lexicon_matcher(nlp: Language, name: str, confidence: float) -> LexiconMatcher:
    return LexiconMatcher(nlp, name, confidence)
