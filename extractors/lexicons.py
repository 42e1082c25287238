"""The lexicons: well-known datasets, tasks, metrics and methods, kept as data files
under extractors/data/ (one concept per line: name, then aliases separated by "|").

Read here, apart from the spaCy matcher that uses them (extractors.lexicon), because
the graph model needs them too (a lexicon's name is the name a concept node shows)
and a process that only adds to a graph should not pay for importing spaCy.
"""

from __future__ import annotations

from collections import defaultdict
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg import schema

#: The lexicon files, found through the `extractors` package (without importing it), so that
#: this module can live in any package.
DATA = Path(importlib.util.find_spec("extractors").origin).parent / "data"
LEXICON_FILES = {
    schema.METHOD: "methods.tsv",
    schema.DATASET: "datasets.tsv",
    schema.TASK: "tasks.tsv",
    schema.METRIC: "metrics.tsv",
}


@dataclass(frozen=True)
class Entry:
    label: str
    name: str


def data_lines(path: Path) -> list[str]:
    """The lines of one of the data files that hold data: no blank ones, no # comments."""
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=None)
def load_lexicon(data_dir: str = str(DATA)) -> dict[str, Entry]:
    """Every written form (name or alias) -> its entry; ambiguous forms left out."""
    senses: dict[str, set[Entry]] = defaultdict(set)
    written: dict[str, str] = {}
    for label, filename in LEXICON_FILES.items():
        for line in data_lines(Path(data_dir) / filename):
            name, _, aliases = line.partition("\t")
            entry = Entry(label, name.strip())
            for form in [name, *aliases.split("|")]:
                form = form.strip()
                if form:
                    senses[_match_key(form)].add(entry)
                    written.setdefault(_match_key(form), form)
    return {written[key]: next(iter(entries)) for key, entries in senses.items() if len(entries) == 1}


@lru_cache(maxsize=None)
def _entries_by_key() -> dict[str, Entry]:
    by_key: dict[str, set[Entry]] = defaultdict(set)
    for form, entry in load_lexicon().items():
        by_key[schema.concept_key(form)].add(entry)
    return {key: next(iter(entries)) for key, entries in by_key.items() if len(entries) == 1}


@lru_cache(maxsize=1 << 14)
def entry_named(name: str) -> Entry | None:
    """The lexicon entry one of whose forms is `name` as a concept key counts it (case,
    hyphens, spacing, a plural aside): "expectation-maximization" is the lexicon's
    "expectation maximization", which the matcher, going token by token, misses."""
    return _entries_by_key().get(schema.concept_key(name))


@lru_cache(maxsize=None)
def generic_keys(data_dir: str = str(DATA)) -> frozenset[tuple[str, str]]:
    """(label, concept key) of the classes too general to be a paper's fact
    (extractors/data/generic.tsv)."""
    found = set()
    for line in data_lines(Path(data_dir) / "generic.tsv"):
        label, _, name = line.partition("\t")
        found.add((label.strip(), schema.concept_key(name.strip())))
    return frozenset(found)


@lru_cache(maxsize=None)
def _generic_endings() -> frozenset[str]:
    """The last four letters of every generic name, as written or plural: a test that
    spares most names the concept key."""
    return frozenset(end for _, key in generic_keys() for end in (key[-4:], (key + "s")[-4:]))


def is_generic(label: str, name: str) -> bool:
    return name[-4:].casefold() in _generic_endings() and (label, schema.concept_key(name)) in generic_keys()


@lru_cache(maxsize=None)
def lexicon_names() -> frozenset[str]:
    """The names (not aliases) the lexicons give their concepts."""
    return frozenset(entry.name for entry in load_lexicon().values())


def case_sensitive(form: str) -> bool:
    return " " not in form and any(c.isupper() for c in form)


def _match_key(form: str) -> str:
    return form if case_sensitive(form) else form.casefold()


def name_words(name: str) -> list[str]:
    """A name's words, in lower case, split at spaces and hyphens."""
    return [w for w in re.split(r"[\s\-]+", name.casefold()) if w]


def same_words(known: str, written: str) -> bool:
    """Whether a known name and a text's form are one name written two ways: as many
    words, each opening with the same four letters ("graph convolution networks" and
    "graph convolutional network", "exact match" and "Exact-Match").  Equal initials
    alone are not enough: "expectation-maximization (EM)" is not the metric "exact
    match"."""
    a, b = name_words(known), name_words(written)
    return len(a) == len(b) and all(x[:4] == y[:4] for x, y in zip(a, b))
