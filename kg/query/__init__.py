"""Questions to a graph: Cypher engines, `kg show`/`kg stats`, views, trends.
May import kg's top-level modules, readers, extractors, model, store (not exports, cli)."""
