"""spaCy components of paperkg (one capability per module), the mentions they find and the
pipeline that assembles them.  May import kg's top-level modules and kg.readers only.

Importing this package loads nothing of spaCy: `extractors.components` registers the
component factories (a pipeline config or `nlp.add_pipe("paperkg_code_links")` names them).
"""
