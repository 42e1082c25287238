"""`kg show`: one node with its properties and its edges, each with its evidence."""
from __future__ import annotations

import re

import networkx as nx

from kg.errors import KGError
from kg.model import GraphModel

_SHORT = 300


def describe(graph: nx.MultiDiGraph, name_or_id: str, limit: int = 20) -> dict:
    model = GraphModel(graph)
    found = model.find(name_or_id)
    if not found:
        raise KGError(f"no node with id, name or alias {name_or_id!r} (try `kg stats`)")
    node = found[0]

    def edge(other: str, data: dict) -> dict:
        return {"type": data["type"], "node": other, "name": graph.nodes[other].get("name"),
                "label": graph.nodes[other].get("label"),
                **{k: v for k, v in data.items() if k != "type"}}

    out_edges = sorted((edge(v, d) for _, v, d in graph.out_edges(node, data=True)),
                       key=lambda e: (e["type"], e["node"]))
    in_edges = sorted((edge(u, d) for u, _, d in graph.in_edges(node, data=True)),
                      key=lambda e: (e["type"], e["node"]))
    return {"node": dict(graph.nodes[node]), "also_matched": found[1:],
            "out": out_edges[:limit], "out_total": len(out_edges),
            "in": in_edges[:limit], "in_total": len(in_edges)}


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
    lines += [f"  {key}: {_short(value)}" for key, value in node.items()
              if key not in ("id", "label", "absorbed", "curation")]  # absorbed: merge bookkeeping
    lines += [f"  curated: {' '.join(filter(None, record.split(chr(9))))}"
              for record in node.get("curation", ())]
    if view["also_matched"]:
        lines.append(f"  (also matches: {', '.join(view['also_matched'])})")
    for direction, arrow in (("out", "->"), ("in", "<-")):
        lines.append(f"{direction} edges ({view[f'{direction}_total']}):")
        for e in view[direction]:
            lines.append(f"  {arrow} {e['type']} {e['label']} {e['node']} ({e['name']})")
            who = ", ".join(str(e[k]) for k in ("curated_by", "curated_at") if e.get(k))
            lines.append(f"       evidence: {e['paper']} {e['field']}[{e['start']}:{e['end']}] "
                         f"by {e['extractor']}" + (f" ({who})" if who else "")
                         + (f", found by {e['extracted_by']}" if e.get("extracted_by") else "")
                         + f", confidence {e['confidence']}")
            lines.append(f"       \"{_short(e['sentence'])}\"")
    return "\n".join(terminal_safe(line) for line in lines)
