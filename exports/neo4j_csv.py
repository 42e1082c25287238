"""CSV in the layout of `neo4j-admin database import`: `kg export csv --out DIR`.

One file of nodes per label (`nodes/Paper.csv`, ...) and one of relationships per type
and pair of end labels (`relationships/USES.Paper-Dataset.csv`, ...; a type split by
its ends loads as well into neo4j and into stores with typed relationship tables,
such as LadybugDB), each with neo4j-admin's typed header: `id:ID` (ids are unique across
labels: one id space), `author_count:long`, `confidence:double`, `aliases:string[]`,
`:START_ID`, `:END_ID`.  The label and the type come from the command line
(`--nodes=Paper=nodes/Paper.csv`), which `import.sh` in the folder spells out in full.
The multigraph's edge key is a `key` column, so that two edges of one type between
the same nodes (two papers' evidence) stay two relationships.

Text is quoted the way neo4j-admin reads it by default (RFC 4180: `"` doubled inside
a quoted field); fields may hold line breaks (`--multiline-fields=true`).  Array items
are joined by U+001F (the unit separator, `--array-delimiter=U+001F`), which no listing
text holds; an item that does is refused rather than split.  An absent or None value
is an empty field (neo4j-admin: no property).

The folder is written beside the target and renamed into place at the end; an existing
target folder is renamed aside first and removed only once the new one is in place.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

import networkx as nx

from exports.property_types import BOOLEAN, FLOAT, INTEGER, LIST, column_kinds
from kg.store import graph_file
from kg import schema
from kg.errors import KGError

ARRAY_DELIMITER = "\x1f"
_HEADER_TYPES = {BOOLEAN: ":boolean", INTEGER: ":long", FLOAT: ":double", LIST: ":string[]"}
#: Node properties not written as columns: the label is the file's.
_NOT_COLUMNS = frozenset({"label"})


def _cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == LIST:
        items = [str(item) for item in value]
        for item in items:
            if ARRAY_DELIMITER in item:
                raise KGError(f"cannot write {item!r} in a CSV array: it holds U+001F, the array delimiter")
        return ARRAY_DELIMITER.join(items)
    if kind == BOOLEAN:
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value) if not isinstance(value, float) else repr(value)


def _header(name: str, kind: str) -> str:
    return name + _HEADER_TYPES.get(kind, "")


def _safe(name: str) -> str:
    """A label or type in a file name (they come from kg/schema.py: letters and _)."""
    if not name.replace("_", "").isalnum():
        raise KGError(f"label or type {name!r} cannot name a file")
    return name


def write_folder(graph: nx.MultiDiGraph, folder: Path) -> dict:
    """Write the CSV files and import.sh into `folder` (an empty folder); returns counts
    of nodes and relationships per file."""
    ids, node_data, _, (sources, targets, keys, edges) = graph_file.sorted_graph(graph)
    by_label: dict[str, list[str]] = defaultdict(list)
    for node in ids:
        by_label[node_data[node].get("label")].append(node)
    (folder / "nodes").mkdir()
    (folder / "relationships").mkdir()
    files: dict[str, int] = {}
    node_args, relationship_args = [], []
    for label in sorted(by_label, key=lambda l: (l not in schema.NODE_LABELS, str(l))):
        if label is None:
            raise KGError("a node has no label: the graph file is not a paperkg graph")
        members = by_label[label]
        kinds = column_kinds(
            {k: v for k, v in node_data[n].items() if k not in _NOT_COLUMNS} for n in members
        )
        kinds.pop("id", None)
        names = sorted(kinds)
        path = f"nodes/{_safe(label)}.csv"
        with open(folder / path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["id:ID"] + [_header(n, kinds[n]) for n in names])
            for node in members:
                data = node_data[node]
                writer.writerow([node] + [_cell(data.get(n), kinds[n]) for n in names])
        files[path] = len(members)
        node_args.append(f"--nodes={label}={path}")
    groups: dict[tuple, list[int]] = defaultdict(list)
    for at, (source, target, edge) in enumerate(zip(sources, targets, edges)):
        groups[(edge.get("type"), node_data[ids[source]]["label"], node_data[ids[target]]["label"])].append(
            at
        )
    for (edge_type, start, end), positions in sorted(groups.items()):
        kinds = column_kinds(edges[i] for i in positions)
        kinds.pop("type", None)
        names = sorted(kinds)
        path = f"relationships/{_safe(edge_type)}.{_safe(start)}-{_safe(end)}.csv"
        with open(folder / path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([":START_ID", ":END_ID", "key"] + [_header(n, kinds[n]) for n in names])
            for i in positions:
                writer.writerow(
                    [ids[sources[i]], ids[targets[i]], keys[i]]
                    + [_cell(edges[i].get(n), kinds[n]) for n in names]
                )
        files[path] = len(positions)
        relationship_args.append(f"--relationships={edge_type}={path}")
    script = [
        "#!/bin/sh",
        "# Load this folder into an empty neo4j database (run it from here):",
        "neo4j-admin database import full --id-type=string --multiline-fields=true \\",
        "    --array-delimiter=U+001F \\",
    ]
    script += [f"    {arg} \\" for arg in node_args + relationship_args]
    script.append('    "${1:-neo4j}"')
    (folder / "import.sh").write_text("\n".join(script) + "\n", encoding="utf-8")
    return files


def export(graph: nx.MultiDiGraph, out: str) -> dict:
    """Write the folder `out` atomically (see the module's docstring); returns the
    counts per file."""
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise KGError(f"{out}: is a file; the CSV export is a folder (give a folder name)")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        files = write_folder(graph, temporary)
        os.chmod(temporary, 0o777 & ~_umask())
        aside = None
        if target.exists():
            aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            os.rename(target, aside / "previous")
        os.rename(temporary, target)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return files


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_folder(folder: str) -> nx.MultiDiGraph:
    """The graph back from an export folder (the headers' types applied), for tests and
    for scripts that want the files as a graph again."""
    folder = Path(folder)
    graph = nx.MultiDiGraph()
    for path in sorted((folder / "nodes").glob("*.csv")):
        label = path.stem
        for row in _typed_rows(path):
            node = row.pop("id")
            graph.add_node(node, id=node, label=label, **row)
    for path in sorted((folder / "relationships").glob("*.csv")):
        edge_type = path.name.split(".", 1)[0]
        for row in _typed_rows(path):
            source, target, key = row.pop(":START_ID"), row.pop(":END_ID"), row.pop("key")
            graph.add_edge(source, target, key=key, type=edge_type, **row)
    return graph


def _typed_rows(path: Path):
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = [_parse_header(h) for h in header]
        for cells in reader:
            row = {}
            for (name, kind), cell in zip(columns, cells):
                if cell == "" and name not in ("id", ":START_ID", ":END_ID", "key"):
                    continue
                row[name] = _parse_cell(cell, kind)
            yield row


def _parse_header(text: str) -> tuple[str, str]:
    if text in (":START_ID", ":END_ID"):
        return text, ""
    name, _, kind = text.partition(":")
    return name, kind


def _parse_cell(cell: str, kind: str):
    if kind == "long":
        return int(cell)
    if kind == "double":
        return float(cell)
    if kind == "boolean":
        return cell == "true"
    if kind == "string[]":
        return cell.split(ARRAY_DELIMITER)
    return cell
