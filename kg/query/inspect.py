"""`kg show`: one node with its properties and its edges, each with its evidence, read
from the graph's query index (kg.store.query_index) rather than the whole graph."""

from __future__ import annotations

import difflib
import re

from kg.model import resolve
from kg import schema
from kg.query.cypher_embedded import plain
from kg.errors import KGError
from kg.store.query_index import opened

_SHORT = 300


def matches(index, name_or_id: str) -> list[tuple[str, str]]:
    """(node, how it matched) for every node this text names, best first.  The index's
    names lookup and its labels' primary keys give the candidates (keyed reads: a scan
    of every node table for the name took 0.4 s on the 75k graph); kg.model.resolve
    classifies and orders them with the very rules the whole-graph path
    (GraphModel.matches) uses, so both answer alike."""
    wanted = resolve.Wanted(name_or_id)
    ids = {name_or_id, wanted.arxiv_id} - {None}
    # (the lookup's keys: kg.store.query_index._lookup_keys; a merged id is a record's part before its tab)
    candidates = index.named(ids | {wanted.folded, name_or_id.partition("\t")[0]})
    for node in ids:
        label = schema.label_of_id(node)
        if (
            label
            and index.execute(f"MATCH (n:{label} {{id: $id}}) RETURN count(n)", {"id": node}).get_all()[0][0]
        ):
            candidates.add((node, label))
    found = []
    for node, label in sorted(candidates):
        data = plain(index.execute(f"MATCH (n:{label} {{id: $id}}) RETURN n", {"id": node}).get_all()[0][0])
        how = wanted.how(node, data)
        if how:
            found.append((node, label, how))
    return resolve.rank(found, {node: _degree(index, node) for node, _, _ in found})


def _node_pattern(node: str) -> str:
    """`(n:Label {id: $id})` when the id's prefix names its label: the engine then reads
    that table's primary key instead of every node table."""
    label = schema.label_of_id(node)
    return f"(n:{label} {{id: $id}})" if label else "(n {id: $id})"


def _degree(index, node: str) -> int:
    return index.execute(f"MATCH {_node_pattern(node)}-[r]-() RETURN count(r)", {"id": node}).get_all()[0][0]


def nearest_names(index, text: str, count: int = 5) -> list[str]:
    """Names that look like `text`, for an error that helps."""
    folded = text.strip().lower()
    pieces = {folded[:3], folded[-3:]} - {""}
    candidates = set()
    for piece in pieces:
        rows = index.execute(
            "MATCH (n) WHERE n.label <> 'Paper' AND lower(n.name) CONTAINS $piece "
            "RETURN DISTINCT n.name LIMIT 20000",
            {"piece": piece},
        ).get_all()
        candidates.update(r[0] for r in rows)
    by_folded = {c.lower(): c for c in candidates}
    return [by_folded[m] for m in difflib.get_close_matches(folded, list(by_folded), n=count, cutoff=0.5)]


def _edges(index, node: str, outgoing: bool) -> list[dict]:
    pattern = _node_pattern(node) + ("-[r]->(m)" if outgoing else "<-[r]-(m)")
    rows = index.execute(f"MATCH {pattern} RETURN label(r), r, m.id, m.name, m.label", {"id": node}).get_all()
    edges = []
    for edge_type, props, other, name, label in rows:
        data = {k: v for k, v in plain(props).items() if k not in ("type", "key")}
        edges.append({"type": edge_type, "node": other, "name": name, "label": label, **data})
    return sorted(edges, key=lambda e: (e["type"], e["node"], e.get("paper") or ""))


def describe(graph_path: str, name_or_id: str, limit: int = 20, min_confidence: float | None = None) -> dict:
    with opened(graph_path, min_confidence) as index:
        found = matches(index, name_or_id)
        if not found:
            near = nearest_names(index, name_or_id)
            hint = f"; nearest names: {', '.join(near)}" if near else " (try `kg stats`)"
            raise KGError(f"no node with id, name or alias {name_or_id!r}{hint}")
        node, how = found[0]
        data = plain(index.execute(f"MATCH {_node_pattern(node)} RETURN n", {"id": node}).get_all()[0][0])
        out_edges, in_edges = _edges(index, node, True), _edges(index, node, False)
    # matched_by: a former or merged id is worth saying (the node's id is another)
    return {
        "node": data,
        "asked": name_or_id,
        "matched_by": how,
        "also_matched": [other for other, _ in found[1:]],
        "out": out_edges[:limit],
        "out_total": len(out_edges),
        "in": in_edges[:limit],
        "in_total": len(in_edges),
    }


#: Characters a terminal acts on instead of showing: controls (ESC opens colour,
#: cursor and window-title sequences: an abstract holding "\x1b]0;pwned\x07" set the
#: window's title), line and paragraph separators, and bidi overrides and isolates,
#: which reorder what follows them.
_ACTIVE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """`text` with every character a terminal would act on written as its escape
    (\\x1b, \\u202e), so listing text shows as text."""
    return _ACTIVE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _short(value) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= _SHORT else text[:_SHORT] + "…"


def render(view: dict) -> str:
    node = view["node"]
    lines = [f"{node['label']} {node['id']}"]
    lines += [
        f"  {key}: {_short(value)}"
        for key, value in node.items()
        if key not in ("id", "label", "absorbed", "curation")
    ]  # absorbed: merge bookkeeping
    lines += [
        f"  curated: {' '.join(filter(None, record.split(chr(9))))}" for record in node.get("curation", ())
    ]
    if view["matched_by"] in (resolve.FORMER_ID, resolve.MERGED_ID):
        lines.append(f"  (found by its {view['matched_by']}: {view['asked']})")
    if view["also_matched"]:
        lines.append(
            f"  ({len(view['also_matched']) + 1} nodes match {view['asked']!r}; shown: the "
            f"best match by id, then name over alias, then most edges; also: "
            f"{', '.join(view['also_matched'])})"
        )
    for direction, arrow in (("out", "->"), ("in", "<-")):
        lines.append(f"{direction} edges ({view[f'{direction}_total']}):")
        for e in view[direction]:
            lines.append(f"  {arrow} {e['type']} {e['label']} {e['node']} ({e['name']})")
            who = ", ".join(str(e[k]) for k in ("curated_by", "curated_at") if e.get(k))
            lines.append(
                f"       evidence: {e['paper']} {e['field']}[{e['start']}:{e['end']}] "
                f"by {e['extractor']}"
                + (f" ({who})" if who else "")
                + (f", found by {e['extracted_by']}" if e.get("extracted_by") else "")
                + f", confidence {e['confidence']}"
            )
            lines.append(f'       "{_short(e["sentence"])}"')
    return "\n".join(terminal_safe(line) for line in lines)
