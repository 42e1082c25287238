"""The type of a graph property across all its values, for formats that declare one
per column (GraphML keys, neo4j-admin CSV headers).

The graph keeps JSON values: text, integers, floats, booleans and lists of text.  A
column is typed by every value it holds (None is absence, not a type): all booleans
-> boolean, all integers -> integer, integers and floats -> float, all lists ->
list, anything else -> text (a mixed column is written as text, never guessed).
"""

from __future__ import annotations

from typing import Iterable

BOOLEAN, INTEGER, FLOAT, TEXT, LIST = "boolean", "integer", "float", "text", "list"


def kind_of(value) -> str:
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return FLOAT
    if isinstance(value, (list, tuple)):
        return LIST
    return TEXT


def column_kind(kinds: Iterable[str]) -> str:
    """One kind for a column from the kinds of its values."""
    found = set(kinds)
    if len(found) == 1:
        return found.pop()
    if found == {INTEGER, FLOAT}:
        return FLOAT
    return TEXT


def column_kinds(rows: Iterable[dict]) -> dict[str, str]:
    """{property: kind} over these property dicts, properties in first-seen order."""
    seen: dict[str, set[str]] = {}
    for row in rows:
        for name, value in row.items():
            if value is not None:
                seen.setdefault(name, set()).add(kind_of(value))
    return {name: column_kind(kinds) for name, kinds in seen.items()}
