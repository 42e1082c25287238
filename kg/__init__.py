"""paperkg core.  kg's top-level modules are the vocabulary every room may import (schema,
records, errors, limits, progress, Cypher text); the rooms are its folders."""
