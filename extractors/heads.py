"""Typing a phrase by its head word, and the shapes of names, shared by the pattern and
concept components.

A name's last word often says what it is ("... Network", "...Former" name methods;
"... Dataset", "...Bench", "...Bank" name datasets; "... classification" names a task),
which lets a rule type a name it has never seen.  The words a text puts around a
dataset's name (a data word after it, a language before it) are kept here too.
"""

from __future__ import annotations

import re

from kg import schema

#: A word of a name: starts with a capital or digit, or is CamelCase/has a digit
#: ("wav2vec"); may hold hyphens, dots and a trailing "++" or year ("WMT'14").
NAME_WORD = r"(?:[A-Z0-9][\w.\-]*[\w+]|[A-Z]|[a-z]+[A-Z0-9][\w\-]*)(?:\+\+|'\d\d(?!\w))?"
#: One to five name words ("Open Harbor Ship Log Corpus"), each capitalised or digit-led
#: (so "the" ends it).
NAME = rf"{NAME_WORD}(?:[ \-]{NAME_WORD}){{0,4}}"

_METHOD_SUFFIX = re.compile(
    r"(?:Net|Nets|Network|Networks|[Ff]ormer|[Ff]ormers|GAN|BERT|GPT|Model|Models|Encoder|"
    r"Decoder|Transformer|Transformers|Attention|Learning|Optimizer|Optimization|Minimization|"
    r"Search|Tuning|Algorithm|Agent|Diffusion|Flow|Policy|Prompting|Distillation|Adapter|"
    r"Architecture|Framework|Method|Machine|Regression|Sampling)$"
)
_DATASET_SUFFIX = re.compile(
    r"(?:Dataset|Datasets|Data|Corpus|Corpora|Bench|Benchmark|Benchmarks|Bank|bank|Set|"
    r"QA|Challenge|Suite|Collection|Arena|Eval)$"
)
_DATA_HEADS_FOLDED = frozenset(("dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora"))
_METRIC_SUFFIX = re.compile(r"(?:Score|Rate|Error|Accuracy|Distance|Index)$")
TASK_HEADS = (
    "classification",
    "detection",
    "segmentation",
    "translation",
    "recognition",
    "generation",
    "summarization",
    "summarisation",
    "estimation",
    "retrieval",
    "parsing",
    "tagging",
    "extraction",
    "answering",
    "prediction",
    "forecasting",
    "captioning",
    "tracking",
    "reconstruction",
    "synthesis",
    "localization",
    "localisation",
    "completion",
    "labeling",
    "labelling",
    "reasoning",
    "understanding",
    "inference",
    "matching",
    "alignment",
    "verification",
    "disambiguation",
    "resolution",
    "linking",
    "comprehension",
    "planning",
    "navigation",
    "manipulation",
    "editing",
    "restoration",
    "enhancement",
    "recommendation",
    "grounding",
    "modeling",
    "modelling",
    "identification",
    "simplification",
    "correction",
    "completion",
    "spotting",
    "counting",
)


def initials(phrase: str) -> str:
    """The first letters of a phrase's words, hyphen parts counted as words, folded:
    what a short form defined for it may be made of."""
    return "".join(w[0] for w in re.split(r"[\s\-]+", phrase) if w).casefold()


def first_letter_alternation(words) -> str:
    """A regex alternation of `words` (plain words) grouped by their first letter, after
    a lookahead for one of those letters: re rules most positions out at once instead
    of trying every word, twice as fast over a text.  Longer words come first within a
    group; where a match must end with its word (a `(?![\\w-])` after), any order of the
    words finds the same matches."""
    firsts = sorted({word[0] for word in words})
    return (
        "(?=["
        + "".join(map(re.escape, firsts))
        + "])(?:"
        + "|".join(
            re.escape(first)
            + "(?:"
            + "|".join(sorted((re.escape(w[1:]) for w in words if w[0] == first), key=len, reverse=True))
            + ")"
            for first in firsts
        )
        + ")"
    )


_TASK_SUFFIX = re.compile(r"(?:" + "|".join(TASK_HEADS) + r")$", re.IGNORECASE)

#: Every case-sensitive suffix above, and the last letters task heads may end in under
#: IGNORECASE ("ſ" matches "s"): a cheap superset test that spares `type_by_head` the
#: many names it would not type.
_CASED_SUFFIXES = tuple(
    {
        word.replace("[Ff]", letter): None
        for pattern in (_METHOD_SUFFIX, _DATASET_SUFFIX, _METRIC_SUFFIX)
        for word in pattern.pattern[3:-2].split("|")
        for letter in ("F", "f")
    }
)
_TASK_LAST_LETTERS = frozenset(
    {head[-1] for head in TASK_HEADS} | {head[-1].upper() for head in TASK_HEADS} | {"ſ"}
)


_TASK_HEADS_LOWER = tuple(TASK_HEADS)


def may_type_by_head(name: str) -> bool:
    """False only for names `type_by_head` certainly leaves untyped.  (For ASCII names
    str.lower() folds case exactly as IGNORECASE does.)"""
    return (
        name.endswith(_CASED_SUFFIXES)
        or name[-1:] in _TASK_LAST_LETTERS
        and (not name.isascii() or name.lower().endswith(_TASK_HEADS_LOWER))
    )


def type_by_head(name: str) -> str | None:
    """The concept label a name's head (last) word implies, or None."""
    words = name.split()
    if not words:
        return None
    name = words[-1]
    # (capitals that spell out a short form keep the word what it is: "LLM BenchmarK" for
    # LLM-KICK is a benchmark)
    if _DATASET_SUFFIX.search(name) or name[:1].isupper() and name.casefold() in _DATA_HEADS_FOLDED:
        return schema.DATASET
    if _METHOD_SUFFIX.search(name):
        return schema.METHOD
    if _TASK_SUFFIX.search(name):
        return schema.TASK
    if _METRIC_SUFFIX.search(name):
        return schema.METRIC
    return None


#: Nouns that, right after a task's name, make it a modifier of something else: "language
#: modeling loss", "a contrastive learning framework", "reasoning models" name a loss,
#: a framework and models, not the problem the paper addresses.
KIND_AFTER = re.compile(
    r"[ -](?:and [\w-]+ )?(?:models?|frameworks?|methods?|approach(?:es)?|loss(?:es)?|"
    r"objectives?|schemes?|systems?|paradigms?|pipelines?|modules?|architectures?|"
    r"algorithms?|techniques?|tools?|layers?|networks?|agents?|manner|fashion|inspired(?! by))(?![\w-])",
    re.IGNORECASE,
)

_NAME_WORD = re.compile(NAME_WORD)

#: Words in -ly that are no adverbs: "visual anomaly detection", "early exiting".
_NOT_ADVERBS = frozenset(
    "anomaly family assembly supply reply poly monopoly butterfly italy early daily weekly "
    "monthly yearly hourly friendly costly ally rally".split()
)


def is_adverb(word: str) -> bool:
    """An adverb ("Robustly", "efficiently"), which modifies no noun: a word in -ly that
    is not a noun or adjective in -ly ("Anomaly", "early")."""
    low = word.casefold()
    return low.endswith("ly") and low not in _NOT_ADVERBS


def name_before(text: str, end: int) -> tuple[int, int] | None:
    """The span of the name (one to four name words) that ends at `end`, or None.
    Looks at the few words before `end` rather than running a `$`-anchored regex,
    which would try every start position."""
    words = text[max(0, end - 80) : end].split(" ")[-4:]
    taken = 0
    for word in reversed(words):
        if not word or not _NAME_WORD.fullmatch(word):
            break
        taken += 1
    if not taken:
        return None
    start = end - len(" ".join(words[len(words) - taken :]))
    return start, end


# --- words around a dataset's name ----------------------------------------------

#: Lower-case nouns a text puts after a dataset's name: "the X corpus", "the X test set",
#: "X training data" (a capitalised "Corpus" is part of the name and types it instead).
#: "data" alone is left out ("RGB data", "EEG data" name modalities, not datasets), and
#: so is "collection" ("data collection" is an activity) unless a split comes first.
_DATA_SPLIT = r"(?:test|training|train|dev|development|evaluation|validation|held-out|heldout)"
DATA_HEAD_WORDS = (
    rf"(?:{_DATA_SPLIT}[ -](?:data ?sets?|sets?|splits?|data|corpus|corpora|collections?)|"
    r"test-?sets?|data ?sets?|datasets?|corpus|corpora|treebanks?|benchmarks?)"
)
#: Languages a corpus is often restricted to; written from general knowledge.
LANGUAGES = frozenset(
    """
Afrikaans Albanian Amharic Arabic Armenian Basque Belarusian Bengali Bulgarian Burmese
Cantonese Catalan Chinese Croatian Czech Danish Dutch English Estonian Farsi Finnish French
Galician Georgian German Greek Gujarati Hausa Hebrew Hindi Hungarian Icelandic Igbo
Indonesian Irish Italian Japanese Kannada Kazakh Khmer Korean Kurdish Lao Latin Latvian
Lithuanian Macedonian Malay Malayalam Maltese Mandarin Marathi Mongolian Nepali Norwegian
Pashto Persian Polish Portuguese Punjabi Romanian Russian Sanskrit Serbian Sinhala Slovak
Slovene Slovenian Somali Spanish Swahili Swedish Tagalog Tamil Telugu Thai Tibetan Turkish
Ukrainian Urdu Uyghur Uzbek Vietnamese Welsh Yoruba Zulu
""".split()
)
_LANGUAGE = "(?:" + "|".join(sorted(LANGUAGES, key=len, reverse=True)) + ")"
#: "Korean", "Hindi-Urdu", "German-to-French", "Greek/Turkish".
LANGUAGE_PHRASE = rf"{_LANGUAGE}(?:\s*(?:-|/|-to-|\s+to\s+)\s*{_LANGUAGE})*"
_LANGUAGES_ONLY = re.compile(LANGUAGE_PHRASE)


def languages_only(text: str) -> bool:
    """'Korean', 'Hindi-Urdu': a language, or a pair, and nothing else."""
    return _LANGUAGES_ONLY.fullmatch(text) is not None
