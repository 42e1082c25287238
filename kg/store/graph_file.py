"""The graph file's document: a graph as JSON-safe columns, and back.

Version 2 (what `kg.store.store` writes) keeps the in-memory graph exactly as it is but
stores it by column, because loading a 75k-abstract graph as a list of per-edge
dicts (version 1) took 14 s: most of the bytes and objects were each edge's copy
of its evidence sentence and of the same property names.

- `nodes`: every node id, sorted; everything else refers to a node by its position.
- `node_groups`: nodes with the same property names, one column per property.
- `edges`: sorted by (source, target, key); one column per property that every edge
  has, the rest (`via`, `value`, ...) as a sparse list of per-edge objects.  An edge
  key that `schema.edge_key(type, paper)` gives is stored as null.
- `sentences`: the distinct evidence sentences, each as offsets into a node's text
  (its paper's title or abstract) where slicing that text gives the sentence back
  exactly, which `encode` checks; otherwise the literal text.  Loading slices each
  once, so the edges quoting one sentence share one string.

A column is an object naming its encoding: `raw` (the values), `table` (indexes into
a list of its distinct strings), `node` (indexes into `nodes`), `node_lists` (lists of
those), `self` (the node's own id) or `sentence` (indexes into `sentences`).  Each
applies only where it gives the values back exactly, else the column stays raw.
Everything is sorted, or in an order the sorted edges give, so the document is a pure
function of the graph, and it is plain JSON: loading it runs no code.

Version 1 files (`nodes`: [[id, props]...], `edges`: [[u, v, key, props]...]) still
load; the next save writes them as version 2.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from itertools import accumulate, chain, compress, repeat
from operator import add, itemgetter, ne, not_
from typing import TYPE_CHECKING, Any, Callable, Iterator

import orjson

from kg import schema

if TYPE_CHECKING:  # (networkx is imported where a graph is made: `kg query` and `kg stats` never load one)
    import networkx as nx

FORMAT = "paperkg-graph"
VERSION = 2
READABLE_VERSIONS = (1, 2)

#: Columns of a few distinct strings each (stored once, referred to by index).
_TABLE_COLUMNS = frozenset({"type", "field", "extractor", "label", "host", "kind"})
#: Columns whose values are node ids, and columns whose values are lists of node ids.
_NODE_COLUMNS = frozenset(p.name for p in schema.PROPERTIES if p.kind == schema.NODE_REFERENCE)
_NODE_LIST_COLUMNS = frozenset(p.name for p in schema.PROPERTIES if p.kind == schema.NODE_REFERENCES)


def encode(graph: nx.MultiDiGraph) -> dict:
    """The version-2 document of a graph."""
    return dict(_document_parts(graph))


def serialise(graph: nx.MultiDiGraph, compress: Callable[[bytes], Any]) -> list:
    """`orjson.dumps(encode(graph), option=OPT_SORT_KEYS)` cut in three pieces, each
    handed to `compress` as soon as it is ready: the node groups (most of the bytes:
    the paper texts) first, so that a thread can compress them while the edges are
    encoded.  Returns what `compress` returned, in document order."""
    parts = _document_parts(graph)
    _, groups = next(parts)
    groups = compress(_json(groups))
    rest = {name: _json(value) for name, value in parts}  # the edges take the time
    head = compress(
        b'{"edges":' + rest.pop("edges") + b',"format":' + rest.pop("format") + b',"node_groups":'
    )
    tail = compress(
        b"," + b",".join(_json(name) + b":" + value for name, value in sorted(rest.items())) + b"}"
    )
    return [head, groups, tail]


def _document_parts(graph: nx.MultiDiGraph) -> Iterator[tuple[str, Any]]:
    """The document's (name, value) pairs, the node groups first."""
    with collection_paused():
        ids, node_data, index, edges = sorted_graph(graph)
        yield "node_groups", _encode_node_groups(ids, node_data, index)
        sentences: dict = {}
        yield "edges", _encode_edges(*edges, node_data, index, sentences)
        yield from (("format", FORMAT), ("nodes", ids), ("sentences", sentences), ("version", VERSION))


def _json(value) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def sorted_graph(graph: nx.MultiDiGraph) -> tuple:
    """Node ids sorted, their data, their positions, and the edges as columns (source
    and target positions, keys, data) in (source, target, key) order.  Reads the
    adjacency dicts directly, as `build_multidigraph` writes them: the public views
    cost a generator step per edge."""
    node_data, succ = graph._node, graph._succ
    ids = sorted(node_data)
    index = dict(zip(ids, range(len(ids))))
    sources, targets, keys, edges = [], [], [], []
    for u in ids:  # per-node sorts give the (source, target, key) order of one big sort
        neighbours = succ[u]
        if not neighbours:
            continue
        ends = sorted(neighbours)
        keydicts = list(map(neighbours.__getitem__, ends))
        if max(map(len, keydicts)) == 1:  # one edge per neighbour: no keys to sort
            sources.extend(repeat(index[u], len(ends)))
            targets.extend(map(index.__getitem__, ends))
            keys.extend(chain.from_iterable(keydicts))
            edges.extend(chain.from_iterable(map(dict.values, keydicts)))
            continue
        for v, keydict in zip(ends, keydicts):
            ordered = sorted(keydict)
            sources.extend(repeat(index[u], len(ordered)))
            targets.extend(repeat(index[v], len(ordered)))
            keys.extend(ordered)
            edges.extend(map(keydict.__getitem__, ordered))
    return ids, node_data, index, (sources, targets, keys, edges)


def _encode_node_groups(ids: list, node_data: dict, index: dict) -> list:
    """Nodes grouped by their property names, one column per name."""
    by_order: dict[tuple, list[int]] = {}
    for i, node in enumerate(ids):
        by_order.setdefault(tuple(node_data[node]), []).append(i)
    by_names: dict[tuple, list[int]] = {}
    for names, positions in by_order.items():  # the same names in another order: one group
        by_names.setdefault(tuple(sorted(names)), []).extend(positions)
    groups = []
    for names, positions in sorted(by_names.items()):
        positions.sort()
        rows = list(map(node_data.__getitem__, map(ids.__getitem__, positions)))
        columns = []
        for name in names:
            values = list(map(itemgetter(name), rows))
            if name == "id" and values == list(map(ids.__getitem__, positions)):
                columns.append({"encoding": "self"})
            else:
                columns.append(_encode_column(name, values, index))
        groups.append({"keys": list(names), "members": positions, "columns": columns})
    return groups


def _encode_edges(sources, targets, keys, edges, node_data, index, sentences: dict) -> dict:
    """Edge columns (properties every edge has), the rest sparse; fills `sentences`."""
    columns = {}
    for name in sorted(edges[0]) if edges else ():  # a name every edge has is in the first
        try:
            columns[name] = list(map(itemgetter(name), edges))
        except KeyError:
            continue
    common, shared = list(columns), frozenset(columns)
    sentences.update(_EMPTY_SENTENCES)
    encoded = []
    for name in common:
        column = None
        if name == "sentence" and {"paper", "field"} <= shared:
            column = _encode_sentences(
                columns[name], columns["paper"], columns["field"], node_data, index, sentences
            )
        encoded.append(column or _encode_column(name, columns[name], index))
    everywhere = len(common)
    extra_at = list(compress(range(len(edges)), map(everywhere.__ne__, map(len, edges))))
    extra = [{name: value for name, value in edges[i].items() if name not in shared} for i in extra_at]
    if "type" in shared and "paper" in shared:
        derived = map(schema.edge_key, columns["type"], columns["paper"])
        literal_keys = list(compress(range(len(keys)), map(ne, keys, derived)))
    else:
        literal_keys = list(range(len(keys)))
    return {
        "source": sources,
        "target": targets,
        "keys": common,
        "columns": encoded,
        "extra_at": extra_at,
        "extra": extra,
        "key_at": literal_keys,
        "key": list(map(keys.__getitem__, literal_keys)),
    }


def _encode_column(name: str, values: list, index: dict) -> dict:
    kinds = set(map(type, values))
    try:
        if name in _NODE_COLUMNS and kinds <= {str}:
            return {"encoding": "node", "values": list(map(index.__getitem__, values))}
        if name in _NODE_LIST_COLUMNS and kinds <= {list}:
            return {
                "encoding": "node_lists",
                "lengths": list(map(len, values)),
                "values": list(map(index.__getitem__, chain.from_iterable(values))),
            }
    except (KeyError, TypeError):  # not every value is a node id: stored as it is
        pass
    if name in _TABLE_COLUMNS and kinds <= {str}:
        table = sorted(set(values))
        position = dict(zip(table, range(len(table))))
        return {"encoding": "table", "table": table, "values": list(map(position.__getitem__, values))}
    return {"encoding": "raw", "values": values}


_EMPTY_SENTENCES = {"node": [], "property": [], "properties": [], "start": [], "end": [], "literal": []}


def _encode_sentences(
    values: list, papers: list, fields: list, node_data: dict, index: dict, table: dict
) -> dict | None:
    """The sentence column as indexes into `table` (filled here): each distinct sentence
    once, as (node, property, start, end) where that slice of the text `field` of the
    node `paper` of an edge quoting it is the sentence, else literally.  None when a value
    cannot be a dict key.  (Written as passes of C-level maps: 373k distinct sentences
    in the 75k graph; a Python loop over them doubled the time to save.)"""
    try:  # each sentence's first edge (keys in an order given by the values alone)
        first = dict(zip(reversed(values), range(len(values) - 1, -1, -1)))
    except TypeError:
        return None
    distinct, at = list(first), list(first.values())
    papers, fields = list(map(papers.__getitem__, at)), list(map(fields.__getitem__, at))
    try:
        texts = map(dict.__getitem__, map(node_data.__getitem__, papers), fields)
        offsets = list(map(str.find, texts, distinct))
    except (KeyError, TypeError):  # some paper or field is missing, or not text
        offsets = list(map(_offset, repeat(node_data), papers, fields, distinct))
    found = list(map((-1).__lt__, offsets))
    papers, fields, starts = (list(compress(c, found)) for c in (papers, fields, offsets))
    located = list(compress(distinct, found))
    literal = list(compress(distinct, map(not_, found)))
    properties = list(dict.fromkeys(fields))
    property_index = dict(zip(properties, range(len(properties))))
    table.update(
        {
            "node": list(map(index.__getitem__, papers)),
            "property": list(map(property_index.__getitem__, fields)),
            "properties": properties,
            "start": starts,
            "end": list(map(add, starts, map(len, located))),
            "literal": literal,
        }
    )
    position = dict(zip(chain(located, literal), range(len(distinct))))
    return {"encoding": "sentence", "values": list(map(position.__getitem__, values))}


def _offset(node_data: dict, paper, field, sentence) -> int:
    """Where `sentence` is in node `paper`'s text `field`, or -1."""
    try:
        text = node_data[paper][field]
    except (KeyError, TypeError):
        return -1
    return text.find(sentence) if type(text) is str and type(sentence) is str else -1


@contextmanager
def collection_paused():
    """Building a million containers would start the cyclic collector over and over,
    each time walking everything built so far (it was a third of the load time); what
    is built here holds no garbage cycles."""
    enabled = gc.isenabled()
    held = gc.get_freeze_count() > 0  # inside `existing_objects_frozen`
    gc.disable()
    try:
        yield
    finally:
        # Freezing then unfreezing moves every tracked object to the oldest generation:
        # the graph is long-lived, and would otherwise be walked once more by the young
        # generations' collections (0.3-0.8 s on the 75k graph) before it got there.
        # (Where the heap is frozen already, its owner unfreezes it.)
        gc.freeze()
        if not held:
            gc.unfreeze()
        if enabled:
            gc.enable()


@contextmanager
def existing_objects_frozen():
    """No collection walks the objects that exist when the block starts (a loaded
    graph) until it ends.  Their first full collection otherwise comes while a few
    hundred papers are added to them, and walks 2 M containers to find nothing: 1 s
    of a 1-day update of the 75k graph.  New objects are collected as usual."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def decode(doc: dict, checked: bool = False) -> nx.MultiDiGraph:
    """The graph of a document of a readable version.  Malformed content raises
    KeyError, TypeError, ValueError, IndexError or AttributeError (the caller names
    the file).  `checked`: also hold the graph to the schema (see `check`), as every
    graph file loaded for use is; without it any graph round-trips."""
    with collection_paused():
        if doc["version"] == 1:
            graph = _decode_version_1(doc)
            return check(graph) if checked else graph
        ids = doc["nodes"]
        if type(ids) is not list:
            raise TypeError("nodes is not a list")
        data = _decode_node_groups(doc["node_groups"], ids, checked)
        edges = doc["edges"]
        names = edges["keys"]
        _types_in("an edge property name", names, _STR, optional=False)
        _names_fit("edges", names, edges["columns"])
        sentences = _decode_sentences(doc["sentences"], data)
        columns = [_decode_column(column, ids, None, sentences) for column in edges["columns"]]
        count = len(edges["source"])
        if any(len(column) != count for column in columns) or len(edges["target"]) != count:
            raise ValueError("edge columns differ in length")
        by_name = dict(zip(names, columns))
        if checked:
            _check_edge_columns(
                by_name, edges["extra"], edges["extra_at"], edges["source"], edges["target"], data
            )
        datas = (
            list(map(dict, map(zip, repeat(names), zip(*columns)))) if columns else [{} for _ in range(count)]
        )
        for at, extra in zip(edges["extra_at"], edges["extra"]):
            datas[at].update(extra)
        keys = (
            list(map(schema.edge_key, by_name["type"], by_name["paper"]))
            if "type" in by_name and "paper" in by_name
            else [None] * count
        )
        for at, key in zip(edges["key_at"], edges["key"]):
            keys[at] = key
        if checked:
            _types_in("edge key", keys, _STR, optional=False)
        return build_multidigraph(ids, data, edges["source"], edges["target"], keys, datas)


def _names_fit(what: str, names: list, columns: list) -> None:
    """One column per property name, each name once (a zip would drop the surplus)."""
    if len(names) != len(columns) or len(set(names)) != len(names):
        raise ValueError(f"{what}: property names do not match the columns one to one")


def _decode_version_1(doc: dict) -> nx.MultiDiGraph:
    ids = [node for node, _ in doc["nodes"]]
    index = dict(zip(ids, range(len(ids))))
    edges = doc["edges"]
    return build_multidigraph(
        ids,
        [data for _, data in doc["nodes"]],
        [index[u] for u, _, _, _ in edges],
        [index[v] for _, v, _, _ in edges],
        [k for _, _, k, _ in edges],
        [d for _, _, _, d in edges],
    )


def _decode_node_groups(groups: list, ids: list, checked: bool) -> list:
    if checked:
        _types_in("node id", ids, _STR, optional=False)
        if len(set(ids)) != len(ids):
            raise ValueError("a node id appears twice")
    data: list = [None] * len(ids)
    for group in groups:
        names, members = group["keys"], group["members"]
        _types_in("a node group's property name", names, _STR, optional=False)
        _names_fit("a node group", names, group["columns"])
        columns = [_decode_column(column, ids, members, None) for column in group["columns"]]
        if any(len(column) != len(members) for column in columns):
            raise ValueError("node columns differ in length")
        rows = map(dict, map(zip, repeat(names), zip(*columns))) if columns else ({} for _ in members)
        for i, row in zip(members, rows):
            data[i] = row
        if checked:
            _check_node_columns(names, columns, list(map(ids.__getitem__, members)))
    if None in data:
        raise ValueError("a node is in no group")
    return data


def _decode_column(column: dict, ids: list, members: list | None, sentences: list | None) -> list:
    encoding = column["encoding"]
    if encoding == "raw":
        return column["values"]
    if encoding == "table":
        return list(map(column["table"].__getitem__, column["values"]))
    if encoding == "node":
        return list(map(ids.__getitem__, column["values"]))
    if encoding == "node_lists":
        return _split(list(map(ids.__getitem__, column["values"])), column["lengths"])
    if encoding == "self" and members is not None:
        return list(map(ids.__getitem__, members))
    if encoding == "sentence" and sentences is not None:
        return list(map(sentences.__getitem__, column["values"]))
    raise ValueError(f"unknown column encoding {encoding!r}")


def _split(flat: list, lengths: list) -> list[list]:
    """`flat` cut into consecutive lists of these lengths."""
    ends = list(accumulate(lengths))
    if ends and (ends[-1] != len(flat) or min(lengths) < 0):
        raise ValueError("list lengths do not add up")
    return list(map(flat.__getitem__, map(slice, chain((0,), ends), ends)))


def _decode_sentences(table: dict, data: list) -> list:
    """Each located sentence sliced once out of its node's text, then the literal ones."""
    node, start, end = table["node"], table["start"], table["end"]
    if node and (min(node) < 0 or min(start) < 0):
        raise ValueError("a sentence has a negative offset")
    names = map(table["properties"].__getitem__, table["property"])
    texts = list(map(dict.__getitem__, map(data.__getitem__, node), names))
    sentences = list(map(str.__getitem__, texts, map(slice, start, end)))
    if len(sentences) != len(node) or sum(map(len, sentences)) != sum(end) - sum(start):
        raise ValueError("a sentence lies outside its text")
    return sentences + table["literal"]


def build_multidigraph(ids: list, data: list, sources, targets, keys, datas) -> nx.MultiDiGraph:
    """The MultiDiGraph of nodes `ids` with `data`, and of edges given by columns:
    `sources` and `targets` (positions in `ids`), `keys` and `datas`.

    Built by filling its adjacency dicts directly: the same graph as `add_nodes_from`
    then `add_edges_from` in this order (same dicts, same iteration order), 3x
    faster, as those re-check and copy every attribute dict.  The data dicts are used
    as they are (not copied).  A MultiDiGraph is `_node` {node: data}, `_succ` (also
    `_adj`) {u: {v: {key: data}}} and `_pred` {v: {u: keydict}}, the keydict shared."""
    succ = [{} for _ in ids]
    pred = [{} for _ in ids]
    for source, target, key, edge in zip(sources, targets, keys, datas):
        out = succ[source]
        v = ids[target]
        keydict = out.get(v)
        if keydict is None:
            keydict = out[v] = {}
            pred[target][ids[source]] = keydict
        keydict[key] = edge
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph._node.update(zip(ids, data))
    graph._succ.update(zip(ids, succ))
    graph._pred.update(zip(ids, pred))
    return graph


#: Python types of the schema's property types (kg.schema.PROPERTY_TYPES).
_STR, _INT, _NUM, _LIST = (str,), (int,), (int, float), (list,)
_PYTHON_TYPES = {schema.TEXT: _STR, schema.INTEGER: _INT, schema.NUMBER: _NUM, schema.TEXT_LIST: _LIST}
_TYPES = {name: _PYTHON_TYPES[kind] for name, kind in schema.PROPERTY_TYPES.items()}
_REQUIRED_NODE = schema.NODE_BASE_PROPERTIES
_REQUIRED_EDGE = ("type",) + schema.EVIDENCE_PROPERTIES
_NODE_NAMES = {label: frozenset(schema.node_properties(label)) for label in schema.NODE_LABELS}
_EDGE_NAMES = {name: frozenset(schema.edge_properties(name)) for name in schema.EDGE_TYPES}


def check(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Raise ValueError naming the first thing in a decoded graph (of a version-1
    file) that breaks the schema.  The graph is checked as its version-2 document
    would be as it loads, so both versions are held to one check."""
    _types_in("node id", list(graph._node), _STR, optional=False)
    if set(map(type, graph._node.values())) - {dict}:
        raise ValueError("a node's properties are not an object")
    edges = [edge for targets in graph._succ.values() for keys in targets.values() for edge in keys.values()]
    if set(map(type, edges)) - {dict}:
        raise ValueError("an edge's properties are not an object")
    keys = [key for targets in graph._succ.values() for keys_ in targets.values() for key in keys_]
    _types_in("edge key", keys, _STR, optional=False)
    _types_in("edge property 'type'", [edge.get("type") for edge in edges], _STR, optional=False)
    _types_in("edge property 'paper'", [edge.get("paper") for edge in edges], _STR)
    decode(encode(graph), checked=True)
    return graph


def _types_in(what: str, values, allowed: tuple, optional: bool = True, name: str | None = None) -> None:
    """Every value is of a Python type `allowed` (or null where `optional`) and, a
    number, in the range kg.schema gives the property `name` (or its type)."""
    # a list property is a list or absent: readers iterate it without asking
    kinds = set(map(type, values))
    found = kinds - set(allowed) - ({type(None)} if optional and allowed is not _LIST else set())
    if found:
        raise ValueError(
            f"{what} is a {sorted(t.__name__ for t in found)[0]}, "
            f"not {' or '.join(t.__name__ for t in allowed)}"
        )
    if list in allowed:  # lists of text (no list property is null: see above)
        inner = set(map(type, chain.from_iterable(values)))
        if inner - {str}:
            raise ValueError(f"{what} holds a {sorted(t.__name__ for t in inner - {str})[0]}, not text")
    if kinds & {int, float}:
        numbers = [v for v in values if v is not None] if type(None) in kinds else values
        _check_range(what, numbers, kinds, schema.NUMBER if float in allowed else schema.INTEGER, name)


def _check_range(what: str, numbers: list, kinds: set, kind: str, name: str | None) -> None:
    """The numbers of one property within `schema.value_range` (a few C-level passes:
    the 75k graph's confidence column has millions)."""
    low, high = schema.value_range(kind, name)
    smallest, largest = min(numbers), max(numbers)
    if smallest < low or largest > high:
        raise ValueError(f"{what} holds {smallest if smallest < low else largest!r}, outside [{low}, {high}]")
    if float in kinds and any(map(ne, numbers, numbers)):  # NaN compares unequal to itself
        raise ValueError(f"{what} holds NaN, not a number")
    integer_low, integer_high = schema.INTEGER_RANGE
    if int in kinds and (smallest < integer_low or largest > integer_high):  # (a float may lie beyond)
        beyond = [v for v in numbers if type(v) is int and not integer_low <= v <= integer_high]
        if beyond:
            raise ValueError(
                f"{what} holds {beyond[0]}, an integer beyond 2^53 - 1 (not exact in JSON or as a double)"
            )


def _named_in_the_schema(what: str, names) -> None:
    unknown = set(names) - set(_TYPES)
    if unknown:
        raise ValueError(f"{what} property {sorted(unknown)[0]!r} is not in the schema")


def _check_property_types(what: str, by_name: dict, required: tuple) -> None:
    for name, column in by_name.items():
        _types_in(f"{what} property {name!r}", column, _TYPES[name], optional=name not in required, name=name)


def _check_node_columns(names: list, columns: list, member_ids: list) -> None:
    """One node group's columns (version 2): the properties its labels have and must
    have, their types, ids of the form the label's ids take."""
    for name in _REQUIRED_NODE:
        if name not in names:
            raise ValueError(f"a node has no {name!r}")
    _named_in_the_schema("node", names)
    by_name = dict(zip(names, columns))
    labels = by_name["label"]
    _types_in("node property 'label'", labels, _STR, optional=False)
    unknown = set(labels) - set(schema.NODE_LABELS)
    if unknown:
        raise ValueError(f"node label {sorted(unknown)[0]!r} is not in the schema")
    for label in sorted(set(labels)):
        extra = set(names) - _NODE_NAMES[label]
        if extra:
            raise ValueError(
                f"a {label} node has a property {sorted(extra)[0]!r} that the schema does not give a {label}"
            )
        for name in schema.REQUIRED_NODE_PROPERTIES.get(label, ()):
            if name not in by_name or None in compress(by_name[name], map(label.__eq__, labels)):
                raise ValueError(f"a {label} node has no {name!r}")
    _check_property_types("node", by_name, _REQUIRED_NODE)
    if by_name["id"] != member_ids:
        raise ValueError("a node's 'id' property is not its id")
    prefixes = list(map(schema.ID_PREFIXES.__getitem__, labels))
    if not all(map(str.startswith, member_ids, prefixes)):
        node, label = next((n, l) for n, l, p in zip(member_ids, labels, prefixes) if not n.startswith(p))
        raise ValueError(
            f"node id {node!r} is not a {label}'s id (those begin {' or '.join(schema.ID_PREFIXES[label])})"
        )
    if "absorbed" in by_name:
        _check_absorbed(
            member_ids, labels, by_name["absorbed"], by_name.get("aliases", repeat([])), set(names)
        )


def _check_absorbed(ids: list, labels: list, absorbed: list, aliases, properties: set) -> None:
    """What a long form absorbed, which the next build takes apart again
    (kg.model.graph_model.split_absorbed): records of the schema's form, each short form of the long
    form's label with an alias of its own, and an alias of the long form's own left."""
    for node, label, records, names in zip(ids, labels, absorbed, aliases):
        if not records:
            continue
        parsed = list(map(schema.ABSORBED_RECORD.fullmatch, records))
        if None in parsed:
            raise ValueError(
                f"node {node!r}: an 'absorbed' record is not a short form's id, "
                "aliases or papers, a value and 0 or 1, separated by tabs"
            )
        missing = {m["key"] for m in parsed} - properties
        if missing:
            raise ValueError(f"node {node!r} absorbed {sorted(missing)[0]} but has none")
        with_alias = {m["short"] for m in parsed if m["key"] == "aliases"}
        for short in sorted({m["short"] for m in parsed}):
            if short == node or short not in with_alias or not short.startswith(schema.ID_PREFIXES[label]):
                raise ValueError(
                    f"node {node!r} absorbed {short!r}, which is not another {label} with an alias"
                )
        if not set(names) - {m["value"] for m in parsed if m["key"] == "aliases" and m["added"] == "1"}:
            raise ValueError(f"node {node!r} has no alias of its own besides those it absorbed")


def _check_edge_columns(
    by_name: dict, extra: list, extra_at: list, sources: list, targets: list, data: list
) -> None:
    """The edges' columns (version 2): evidence on every edge, the properties each edge
    type may have, their types, edge types and the labels they join."""
    for name in _REQUIRED_EDGE if sources else ():
        if name not in by_name:
            raise ValueError(f"an edge has no {name!r}")
    _named_in_the_schema("edge", by_name)
    types = by_name.get("type", ())
    _types_in("edge property 'type'", types, _STR, optional=False)
    unknown = set(types) - set(schema.EDGE_TYPES)
    if unknown:
        raise ValueError(f"edge type {sorted(unknown)[0]!r} is not in the schema")
    if set(map(type, extra)) - {dict}:
        raise ValueError("an edge's extra properties are not an object")
    if set(chain.from_iterable(map(dict.keys, extra))) & set(by_name):
        raise ValueError("an edge's extra property repeats one of the edge columns")
    _named_in_the_schema("edge", chain.from_iterable(map(dict.keys, extra)))
    _types_in("an edge's position", extra_at, _INT, optional=False)
    if len(extra_at) != len(extra) or extra_at and (min(extra_at) < 0 or max(extra_at) >= len(sources)):
        raise ValueError("an edge's extra properties are at no edge")
    names_of = set(zip(set(types), repeat(frozenset(by_name))))
    names_of.update(zip(map(types.__getitem__, extra_at), map(frozenset, map(dict.keys, extra))))
    for edge_type, names in sorted(names_of):
        outside = names - _EDGE_NAMES[edge_type]
        if outside:
            raise ValueError(
                f"a {edge_type} edge has a property {sorted(outside)[0]!r} that the "
                f"schema does not give a {edge_type}"
            )
    _check_property_types("edge", by_name, _REQUIRED_EDGE)
    for name in set(chain.from_iterable(map(dict.keys, extra))):
        _types_in(f"edge property {name!r}", [e[name] for e in extra if name in e], _TYPES[name], name=name)
    marks = chain.from_iterable(
        chain(
            by_name.get(schema.MERGED_EDGE_PROPERTY, ()),
            (e[schema.MERGED_EDGE_PROPERTY] for e in extra if schema.MERGED_EDGE_PROPERTY in e),
        )
    )
    if None in map(schema.MERGED_EDGE_MARK.fullmatch, marks):
        raise ValueError(f"an edge's {schema.MERGED_EDGE_PROPERTY!r} mark is not head= or tail= a node id")
    fields = set(by_name.get("field", ())) - set(schema.EVIDENCE_FIELDS)
    if fields:
        raise ValueError(
            f"an edge quotes field {sorted(map(str, fields))[0]!r}, not {' or '.join(schema.EVIDENCE_FIELDS)}"
        )
    _types_in("an edge end", sources, _INT, optional=False)
    _types_in("an edge end", targets, _INT, optional=False)
    if sources and (min(sources) < 0 or min(targets) < 0):
        raise ValueError("an edge end is a negative position")
    labels = list(map(itemgetter("label"), data))
    joined = set(zip(types, map(labels.__getitem__, sources), map(labels.__getitem__, targets)))
    _check_edge_ends(joined)


def _check_edge_ends(joined) -> None:
    """Each (edge type, source label, target label) the file holds is one the schema
    allows: the check of a decoded graph and the check of the raw columns share it."""
    for edge_type, source, target in joined:
        spec = schema.EDGE_TYPES.get(edge_type)
        if spec is None:
            raise ValueError(f"edge type {edge_type!r} is not in the schema")
        if source not in spec.sources or target not in spec.targets:
            raise ValueError(f"a {edge_type} edge joins a {source} to a {target}")
