"""paperkg core: schema, records, readers, the graph model, stores and the build."""
