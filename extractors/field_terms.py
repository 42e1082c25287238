"""The field's terms: long forms of abbreviations that many papers define ("Fast Fourier
Transform (FFT)", "Particle Swarm Optimization (PSO)", "Markov Decision Process (MDP)").

A paper that defines a name with its short form may be coining it for its own work
("Cross-Lingual Attention Distillation (CLAD)") or spelling out one the field has used
for years; the lexicons list only a few hundred of the latter.  How many papers define
a long form tells them apart: in the 75k-abstract arXiv corpus, of the title-case names
a rule took for the paper's own parts, those defined in three or more abstracts were
almost all the field's techniques and those defined in one or two almost all coined.
So the rules that decide whether a defined name is new ask `is_field_term` first.

`extractors/data/field_terms.tsv` is made from the corpus (arXiv metadata, CC0) by

    python -m extractors.field_terms ../shared/data/corpus/arxiv_cs_abstracts.jsonl.gz \
        > extractors/data/field_terms.tsv

which reads each abstract's pairs with the same Schwartz–Hearst reader the pipeline
uses (`extractors.abbreviations`) and keeps the long forms at least `MIN_PAPERS`
papers define.
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter
from functools import lru_cache

import orjson

from extractors.abbreviations import find_abbreviations
from extractors.lexicons import DATA, data_lines
from kg import schema

FILE = DATA / "field_terms.tsv"
#: Papers that must define a long form for it to be the field's.
MIN_PAPERS = 3


@lru_cache(maxsize=1)
def _keys() -> frozenset[str]:
    return frozenset(line.split("\t", 1)[0] for line in data_lines(FILE))


def is_field_term(name: str) -> bool:
    """Whether `name` (any case, hyphens, spacing or plural) is a long form that at
    least `MIN_PAPERS` corpus abstracts define."""
    return schema.concept_key(name) in _keys()


def count_definitions(abstracts) -> tuple[Counter, dict[str, Counter]]:
    """(papers defining each long form's key, the written forms of each key) over an
    iterable of abstracts."""
    papers: Counter = Counter()
    written: dict[str, Counter] = {}
    for abstract in abstracts:
        keys = set()
        for pair in find_abbreviations(abstract):
            key = schema.concept_key(pair.long)
            keys.add(key)
            # (a long form may run over a line break of the abstract: written on one line)
            written.setdefault(key, Counter())[" ".join(pair.long.split())] += 1
        papers.update(keys)
    return papers, written


def main(corpus: str) -> None:
    opener = gzip.open if corpus.endswith(".gz") else open
    with opener(corpus, "rb") as rows:
        papers, written = count_definitions(
            orjson.loads(row).get("abstract") or "" for row in rows if row.strip()
        )
    out = sys.stdout
    out.write(
        f"# Long forms that at least {MIN_PAPERS} abstracts of {corpus.rsplit('/', 1)[-1]} define with a\n"
        "# short form (arXiv metadata, CC0); made by `python -m extractors.field_terms CORPUS`.\n"
        "# key<TAB>papers<TAB>the form most written\n"
    )
    for key, count in sorted(papers.items()):
        if count >= MIN_PAPERS:
            out.write(f"{key}\t{count}\t{written[key].most_common(1)[0][0]}\n")


if __name__ == "__main__":
    main(sys.argv[1])
