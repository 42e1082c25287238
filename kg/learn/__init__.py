"""Annotated data, scoring, paper cards, calibration and training of the extractors.
May import everything below cli: top-level kg modules, readers, extractors, model, store, building."""
