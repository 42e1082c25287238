"""The graph model: papers and concepts merged by the schema's rules, canonical names,
name resolution.  May import kg's top-level modules, kg.readers and extractors."""
