"""spaCy components of paperkg, one capability per module.

Importing this package registers every component factory with spaCy, so a pipeline
config (or `nlp.add_pipe("paperkg_code_links")`) can name them.
"""
from extractors import (  # noqa: F401  (registers the factories)
    abbreviations, code_links, comparisons, concepts, confidence, dataset_spans, lexicon, patterns,
    results, trained_ner)
