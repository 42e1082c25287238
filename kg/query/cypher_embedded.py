"""Cypher on the embedded graph: LadybugDB over the graph's query index (kg.store.query_index).

Parameters go to the engine as parameters (never pasted into the text), the index is
opened read-only, and rows come back as the server's driver gives them: nodes and
relationships as their property maps (without nulls), columns named as Neo4j names
them.  The engine's errors become one line that tells a syntax error from a feature
the engine lacks, and names an unknown label, relationship type or property with the
ones that exist.
"""

from __future__ import annotations

import difflib
import re

from kg import cypher_text, schema
from kg.errors import KGError
from kg.store.query_index import edge_columns, node_columns, opened

ENGINE = "the embedded engine (LadybugDB)"
#: LadybugDB clauses that read or write files, load extensions or attach databases:
#: refused before the query runs (the index is opened read-only besides).
OUTSIDE_KEYWORDS = frozenset(
    {"COPY", "EXPORT", "IMPORT", "ATTACH", "DETACH", "INSTALL", "LOAD", "USE", "CHECKPOINT"}
)

#: Constructs LadybugDB's Cypher lacks, found in the query's tokens, and what to write instead.
_UNSUPPORTED = (
    (
        re.compile(r"\b(all)?shortestPath\s*\(", re.I),
        "shortestPath() is not supported embedded: write the pattern as "
        "(a)-[* SHORTEST 1..N]-(b), or use --uri",
    ),
    (
        re.compile(r"\[\s*\w+\s+IN\b[^\]]*(\||\bWHERE\b)", re.I),
        "list comprehensions [x IN list | ...] are not supported embedded: use "
        "list_transform(list, x -> ...) or list_filter(list, x -> ...), or --uri",
    ),
    (re.compile(r"\bCALL\s*\{", re.I), "CALL { ... } subqueries are not supported embedded; use --uri"),
)


def _labels() -> str:
    return ", ".join(schema.NODE_LABELS)


def _types() -> str:
    return ", ".join(schema.EDGE_TYPES)


def _properties() -> list[str]:
    names = {c for label in schema.NODE_LABELS for c in node_columns(label)}
    names |= {c for edge in schema.EDGE_TYPES for c in edge_columns(edge)}
    return sorted(names)


def _nearest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def explain(message: str, query: str) -> KGError:
    """The engine's error as one line a user can act on."""
    first = " ".join(message.split("\n")[0].split())
    kind, _, detail = first.partition(": ")
    code = "".join(t.text for t in cypher_text.tokenize(query) if t.kind not in ("comment", "string"))
    for pattern, advice in _UNSUPPORTED:
        if pattern.search(code):
            return KGError(f"unsupported feature: {advice}")
    missing_table = re.match(r"Table (\S+) does not exist", detail)
    if missing_table:
        name = missing_table.group(1)
        return KGError(
            f"no label or relationship type {name}{_nearest(name, [*schema.NODE_LABELS, *schema.EDGE_TYPES])}; "
            f"labels are {_labels()}; relationship types are {_types()}"
        )
    missing_property = re.match(r"Cannot find property (\S+) for (\S+?)\.?$", detail)
    if missing_property:
        name, variable = missing_property.groups()
        return KGError(
            f"no property {name} on {variable}{_nearest(name, _properties())}; "
            f"properties are {', '.join(_properties())}"
        )
    missing_function = re.match(r"function (\S+) does not exist", detail)
    if missing_function:
        return KGError(
            f"unsupported feature: {ENGINE} has no function {missing_function.group(1).lower()}; "
            "use --uri for a server's"
        )
    if kind == "Parser exception":
        where = re.search(r"\(line: (\d+), offset: (\d+)\)", detail)
        place = f" at line {where.group(1)}, column {int(where.group(2)) + 1}" if where else ""
        return KGError(f"syntax error in the query{place}: {re.sub(r' [(]line: .*', '', detail)}")
    if "not supported" in detail.lower() or "unsupported" in detail.lower():
        return KGError(f"unsupported feature: {ENGINE}: {detail}")
    return KGError(f"{ENGINE} cannot run this query: {first}")


def plain(value):
    """Values as the server's driver gives them: nodes and relationships as their
    property maps (an absent property is no key, as on a server)."""
    if isinstance(value, dict):
        if "_ID" in value or "_LABEL" in value or "_nodes" in value:
            if "_nodes" in value:  # a path: its nodes and relationships in order
                return {
                    "nodes": [plain(n) for n in value["_nodes"]],
                    "relationships": [plain(r) for r in value.get("_rels", [])],
                }
            return {k: plain(v) for k, v in value.items() if not k.startswith("_") and v is not None}
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def run(
    graph_path: str, query: str, params: dict | None = None, min_confidence: float | None = None
) -> tuple[list[str], list[dict]]:
    """Run a read query on the graph file's index: (columns, rows)."""
    with opened(graph_path, min_confidence) as index:
        return run_on(index, query, params)


def dialect(query: str) -> str:
    """The query as LadybugDB reads it: Cypher's `type(r)` is its `label(r)`.  Only a
    function call is renamed (not a property `x.type`, a string or a comment)."""
    tokens = cypher_text.tokenize(query)
    code = [i for i, t in enumerate(tokens) if t.kind not in ("space", "comment")]
    out = [t.text for t in tokens]
    for position, index in enumerate(code):
        token = tokens[index]
        if token.kind != "word" or token.text.lower() != "type":
            continue
        after = tokens[code[position + 1]].text if position + 1 < len(code) else ""
        before = tokens[code[position - 1]].text if position else ""
        if after == "(" and before not in (".", ":"):
            out[index] = "label"
    return "".join(out)


def run_on(index, query: str, params: dict | None = None) -> tuple[list[str], list[dict]]:
    """Run a read query on an open index (kg.store.query_index.Index)."""
    params = params or {}
    reaching_out = cypher_text.clause_keywords(query, OUTSIDE_KEYWORDS)
    if reaching_out:
        raise KGError(
            f"{', '.join(reaching_out)}: the embedded graph answers queries about itself "
            "only; files, extensions and other databases are out of reach"
        )
    used = cypher_text.parameters(query)
    missing = [n for n in used if n not in params]
    if missing:
        raise KGError(
            "missing parameter " + ", ".join(f"${n}" for n in missing) + " (give --param NAME=VALUE)"
        )
    try:
        result = index.execute(dialect(query), {n: params[n] for n in used})
        engine_columns = result.get_column_names()
        rows = result.get_all()
    except RuntimeError as exc:
        raise explain(str(exc), query) from None
    written = cypher_text.return_columns(query)
    columns = (
        written
        if len(written) == len(engine_columns) and len(set(written)) == len(written)
        else engine_columns
    )
    return columns, [dict(zip(columns, map(plain, row))) for row in rows]
