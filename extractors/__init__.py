"""spaCy components of paperkg, one capability per module.

Importing this package registers every component factory with spaCy, so a pipeline
config (or `nlp.add_pipe("paperkg_code_links")`) can name them.
"""
from extractors import code_links  # noqa: F401  (registers the factory)
from extractors import trained_ner  # noqa: F401
