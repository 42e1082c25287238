"""What a paper's title may state, settled once its title and abstract are both read.

Title and abstract are separate docs, so no spaCy component sees both; this step does.
A title is a headline, not a sentence: the concepts it names (USES, EVALUATES_ON,
ADDRESSES) were wrong far more often than right when read alone (issue #14 measured
0 of 13), and a concept that matters is named again in the abstract, which then
carries the fact with its sentence as evidence.  So a title keeps only what it says
the paper contributes, and only when that is a name: a coined one ("FlatFormer",
"DIMCO", "T-REG") or one the abstract goes on to use; headline words before a colon
("Label Noise: Ignorance Is Bliss", "Therefore: ...") name nothing.
"""
from __future__ import annotations

import re

from kg import schema
from kg.mentions import PaperExtraction

CONTRIBUTIONS = ("PROPOSES", "INTRODUCES")
#: Where a sentence opens: a capital there may be the sentence's, not a name's.
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;]\s+)$")


def coined(name: str) -> bool:
    """Whether a name is made up rather than English words in title case: a capital
    inside a word ("FlatFormer", "DIMCO"), a digit ("GPT-4", "T5"), or an odd mix;
    capitals that open the parts of a hyphenated word ("Self-Interpretability") do
    not count."""
    for word in re.split(r"[\s\-]+", name):
        if any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]):
            return True
    return False


def used_as_name(name: str, text: str) -> bool:
    """Whether `text` writes `name` as written, standing alone, somewhere other than
    where a sentence opens (there its capital may be the sentence's)."""
    for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
        if " " in name or not _SENTENCE_OPENING.search(text[max(0, match.start() - 3):match.start()]):
            return True
    return False


def settle_title(extraction: PaperExtraction) -> PaperExtraction:
    """Drop the title's concept mentions but its named contributions (see the module's
    docstring), with the relations and results that rest on a dropped mention; the
    indexes of the rest are renumbered.  Mentions of other kinds (repositories) stay."""
    abstract = extraction.paper.abstract or ""
    # what the abstract says the paper contributes, by name: a title name takes its kind
    # ("PASS: ..." is the dataset the abstract introduces, not a method)
    stated = {m.text: m for m in extraction.mentions
              if m.field == "abstract" and m.role in CONTRIBUTIONS}
    for m in extraction.mentions:
        if m.field == "title" and m.role in CONTRIBUTIONS and m.text in stated:
            m.label, m.role = stated[m.text].label, stated[m.text].role
    # a task phrase of the abstract (a kind of rule that alone is mostly wrong) that the
    # title names too is what the paper is about
    title = f" {schema.concept_key(extraction.paper.title or '')} "
    for m in extraction.mentions:
        if m.field == "abstract" and m.attrs.get("generic") and m.attrs.get("pattern") == "task-phrase" \
                and f" {schema.concept_key(m.canonical or m.text)} " in title:
            m.role = "ADDRESSES"
            m.attrs = {k: v for k, v in m.attrs.items() if k != "generic"}
    keep = []
    for m in extraction.mentions:
        title_concept = m.field == "title" and m.label != "Repository"
        keep.append(not title_concept or m.role in CONTRIBUTIONS and (
            coined(m.text) or used_as_name(m.text, abstract)))
    if all(keep):
        return extraction
    new_index, mentions = {}, []
    for i, (m, kept) in enumerate(zip(extraction.mentions, keep)):
        if kept:
            new_index[i] = len(mentions)
            mentions.append(m)
    relations = []
    for relation in extraction.relations:
        if relation.head in new_index and relation.tail in new_index:
            relation.head, relation.tail = new_index[relation.head], new_index[relation.tail]
            relations.append(relation)
    results = []
    for result in extraction.results:
        if result.dataset is not None and result.dataset not in new_index:
            continue   # (a result naming no dataset rests on none: it stays)
        for role in ("dataset", "task", "metric", "method"):
            index = getattr(result, role)
            if index is not None:
                setattr(result, role, new_index.get(index))
        results.append(result)
    extraction.mentions, extraction.relations, extraction.results = mentions, relations, results
    return extraction
