"""Cypher on the embedded graph file, through grand-cypher (no server).

grand-cypher matches labels and relationship types against a `__labels__` set on
nodes and edges; the graph file keeps them once, as the `label` and `type`
properties.  `cypher_view` adds the sets to the freshly loaded graph in memory (one
pass, nothing written), and `run` strips them from anything it returns, so rows look
like the server's.  Parameters are bound as escaped literals (kg.cypher_text), since
grand-cypher has no parameter API.
"""
from __future__ import annotations

import re

import networkx as nx

from kg import cypher_text
from kg.errors import KGError

_VIEW_KEY = "__labels__"


def cypher_view(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Give every node its label and every edge its type as grand-cypher's label set.
    Changes the graph in place (it is a loaded copy) and returns it."""
    for _, data in graph.nodes(data=True):
        data[_VIEW_KEY] = {data.get("label")}
    for _, _, data in graph.edges(data=True):
        data[_VIEW_KEY] = {data.get("type")}
    return graph


def _plain(value):
    """Values as the server's driver gives them: entities as property maps."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if k != _VIEW_KEY}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, set):
        return sorted(_plain(v) for v in value)
    return value


def _squash(text: str) -> str:
    return "".join(str(text).split()).casefold()


def run(graph: nx.MultiDiGraph, query: str, params: dict | None = None) -> tuple[list[str], list[dict]]:
    """Run a read query on a graph prepared by `cypher_view`: (columns, rows)."""
    bound = cypher_text.bind_literals(query, params or {})
    if cypher_text.has_undirected_relationship(query):
        # grand-cypher silently matches nothing for these on a directed graph
        raise KGError("relationships without a direction, like (a)-[r]-(b), are not supported "
                      "embedded: give the arrow (-> or <-), or use --uri")
    try:
        return _run_bound(graph, bound, query)
    except TypeError:
        # grand-cypher's ORDER BY compares nulls (as NaN) with strings and fails
        order = _ORDER_BY.search(bound)
        if order is None:
            raise _engine_error(TypeError("ORDER BY")) from None
        return _ordered_here(_run_bound(graph, bound[:order.start()], query), order)


def _run_bound(graph: nx.MultiDiGraph, bound: str, query: str) -> tuple[list[str], list[dict]]:
    from grandcypher import GrandCypher
    from lark.exceptions import UnexpectedInput

    try:
        result = GrandCypher(graph).run(bound)
    except UnexpectedInput as exc:
        raise KGError(f"the embedded engine (grand-cypher) cannot read this query near line "
                      f"{exc.line} column {exc.column}; see README 'Cypher' for what works "
                      f"embedded, or use --uri") from None
    except TypeError:
        raise
    except Exception as exc:  # noqa: BLE001  the engine's own errors are of every type
        raise _engine_error(exc) from None
    keys = list(result)
    wanted = cypher_text.return_columns(query)
    by_squashed = {_squash(k): k for k in keys}
    if len(wanted) == len(keys) and all(_squash(w) in by_squashed for w in wanted):
        pairs = [(w, by_squashed[_squash(w)]) for w in wanted]
    else:
        pairs = [(str(k), k) for k in keys]
    length = len(result[keys[0]]) if keys else 0
    rows = [{name: _plain(result[key][i]) for name, key in pairs} for i in range(length)]
    return [name for name, _ in pairs], rows


def _engine_error(exc: Exception) -> KGError:
    return KGError(f"the embedded engine (grand-cypher) failed on this query "
                   f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})")


#: The final ORDER BY of a query, with its SKIP and LIMIT.
_ORDER_BY = re.compile(r"\bORDER\s+BY\s+(?P<keys>.+?)(?:\s+SKIP\s+(?P<skip>\d+))?"
                       r"(?:\s+LIMIT\s+(?P<limit>\d+))?\s*;?\s*$", re.IGNORECASE | re.DOTALL)


def _is_null(value) -> bool:
    return value is None or value != value  # NaN is how grand-cypher gives a null


def _ordered_here(result: tuple[list[str], list[dict]], order: re.Match):
    """ORDER BY / SKIP / LIMIT over returned columns, with Cypher's null order (last
    ascending, first descending); ordering by anything else stays the engine's error."""
    columns, rows = result
    keys = []
    for part in order.group("keys").split(","):
        name, _, direction = part.strip().partition(" ")
        if name not in columns:
            raise _engine_error(TypeError(f"cannot order by {name!r} with nulls embedded"))
        keys.append((name, direction.strip().upper() == "DESC"))
    for name, descending in reversed(keys):  # stable sorts, last key first
        present = sorted((r for r in rows if not _is_null(r[name])), key=lambda r: r[name],
                         reverse=descending)
        missing = [r for r in rows if _is_null(r[name])]
        rows = missing + present if descending else present + missing
    for row in rows:
        for name in columns:
            if _is_null(row[name]):
                row[name] = None
    skip = int(order.group("skip") or 0)
    limit = int(order.group("limit")) if order.group("limit") else None
    return columns, rows[skip:None if limit is None else skip + limit]
