"""`kg build` and `kg extract` runs: reading inputs, extraction engines, curation.
May import everything below it: kg's top-level modules, readers, extractors, model, store."""
