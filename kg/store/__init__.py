"""Where a graph lives: the graph file, its query index, a Neo4j-protocol server, the
extraction cache.  May import kg's top-level modules, kg.readers, extractors, kg.model."""
