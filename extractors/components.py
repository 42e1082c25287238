"""Importing this module registers every paperkg component factory with spaCy."""

from extractors import (  # noqa: F401  (registers the factories)
    abbreviations,
    code_links,
    comparisons,
    concepts,
    confidence,
    dataset_spans,
    lexicon,
    patterns,
    results,
    trained_ner,
)
