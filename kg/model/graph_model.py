"""The graph model: turns extractions into nodes and evidence-carrying edges.

Every merge rule here is commutative and idempotent (unions of sorted lists, maxima
under a total order), so the graph does not depend on the order of inputs and
re-adding the same input changes nothing: that is what makes builds reproducible
byte for byte and incremental builds safe.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from typing import Iterable

import networkx as nx

from kg.model import canonical, resolve
from kg import schema
from extractors.mentions import Mention, PaperExtraction, Result
from kg.records import Record


def _longest(a, b):
    """The longer of two values, ties broken by text order; None loses."""
    if a in (None, "", []):
        return b
    if b in (None, "", []):
        return a
    return max(a, b, key=lambda v: (len(v), v))


def _maximum(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _union(a: list | None, b: Iterable) -> list:
    """`a` (a sorted list, extended in place) with the items of `b` it lacks.

    Adding one paper to a concept that thousands of papers mention must not re-sort
    all of them: a bisect per item keeps the 75k-corpus build linear, not quadratic."""
    result = a if a is not None else []
    for item in b:
        index = bisect_left(result, item)
        if index == len(result) or result[index] != item:
            result.insert(index, item)
    return result


#: The marks on an edge moved by a merge of its end (kg.schema.MERGED_EDGE_PROPERTY).
_VIA = schema.MERGED_EDGE_PROPERTY
#: How each paper property read from listings merges (kg.schema.PAPER_MERGE_RULES).
_PAPER_MERGE = {
    name: {schema.LONGEST: _longest, schema.MAXIMUM: _maximum}[rule]
    for name, rule in schema.PAPER_MERGE_RULES.items()
}


class GraphModel:
    """A typed property graph on a NetworkX MultiDiGraph.

    Nodes carry `id`, `label` and `name` plus their label's properties
    (`schema.NODE_PROPERTIES`); edges are keyed by `schema.edge_key` and carry a
    `type` and the evidence properties (`schema.EVIDENCE_PROPERTIES`).
    """

    def __init__(self, graph: nx.MultiDiGraph | None = None):
        self.graph = graph if graph is not None else nx.MultiDiGraph()
        self._by_arxiv: dict[str, str] = {}
        # normalised title -> papers indexed while they had no arXiv id (whether they
        # still have none is checked where it matters); and -> every paper, built the
        # first time a listing without an arXiv id needs it: normalising 75k titles was
        # a tenth of adding a day of papers (which come with their arXiv ids) to a graph
        self._titled: dict[str, set[str]] = defaultdict(set)
        self._by_title: dict[str, set[str]] | None = None
        # What this model changed, so that the query index of the next generation
        # changes only that (kg.store.query_index.write): nodes whose properties changed, nodes
        # it created, nodes whose edges moved or were replaced (rebuilt with all their
        # edges; removed nodes are among them), the edges it added, and edges it kept
        # whose properties it changed.
        self.touched: set[str] = set()
        self.created: set[str] = set()
        self.rebuilt: set[str] = set()
        self.new_edges: set[tuple[str, str, str]] = set()
        self.changed_edges: set[tuple[str, str, str]] = set()
        # the edges of each long form `split_absorbed` took apart, as they were
        self._before_split: dict[str, dict] = {}
        # papers that gained a former id here (their listing without the arXiv id and
        # the one with it met): `kg build --json` counts them
        self.gained_former_ids: set[str] = set()
        for node, data in self._papers():
            self._index_paper(node, data)

    # papers ---------------------------------------------------------------
    def _papers(self):
        return (
            (node, data) for node, data in self.graph.nodes(data=True) if data.get("label") == schema.PAPER
        )

    def _index_paper(self, node: str, data: dict) -> None:
        if data.get("arxiv_id"):
            self._by_arxiv[data["arxiv_id"]] = node
        title = schema.normalise_title(data["title"])
        if not title:  # a title of no letters names nothing to meet by
            return
        if not data.get("arxiv_id"):
            self._titled[title].add(node)
        if self._by_title is not None:
            self._by_title[title].add(node)

    def _every_title(self) -> dict[str, set[str]]:
        if self._by_title is None:
            self._by_title = defaultdict(set)
            for node, data in self._papers():
                if title := schema.normalise_title(data["title"]):
                    self._by_title[title].add(node)
        return self._by_title

    def _match_paper(self, record: Record) -> str | None:
        """The node this record is a listing of: same arXiv id, else same normalised
        title (a title-only listing never splits from the arXiv one); for a title of
        no letters, the same content (schema.paper_id)."""
        if record.arxiv_id and record.arxiv_id in self._by_arxiv:
            return self._by_arxiv[record.arxiv_id]
        title = schema.normalise_title(record.title)
        if not title:
            same = schema.paper_id(None, record.title, record.abstract, record.source)
            known = same in self.graph and not (record.arxiv_id and self.graph.nodes[same].get("arxiv_id"))
            return same if known else None
        if record.arxiv_id:
            title_only = sorted(
                n for n in self._titled.get(title, ()) if not self.graph.nodes[n].get("arxiv_id")
            )
            return title_only[0] if title_only else None
        same_title = self._every_title().get(title, ())
        return min(same_title) if same_title else None

    def add_paper(self, record: Record) -> str:
        existing = self._match_paper(record)
        if existing is None:
            node = record.id
            self.graph.add_node(
                node, id=node, label=schema.PAPER, name=record.title, title=record.title, sources=[]
            )
            self.created.add(node)
        else:
            node = existing
            if record.arxiv_id and not self.graph.nodes[node].get("arxiv_id"):
                node = self._rename_paper(existing, record.id)
        self.touched.add(node)
        data = self.graph.nodes[node]
        if record.id != node:
            # the id a listing without the arXiv id gives this paper stays findable
            # (`kg show`, and on a server `former_ids`), whichever listing came first
            self._add_former_id(node, record.id)
        for key, merge in _PAPER_MERGE.items():
            value = merge(data.get(key), record.get(key))
            if value not in (None, "", []):
                data[key] = value
        data["name"] = data["title"]
        if record.source:
            data["sources"] = _union(data.get("sources"), [record.source])
        self._index_paper(node, data)
        return node

    def _rename_paper(self, old: str, new: str) -> str:
        """A title-keyed paper learns its arXiv id: move it, and the paper references in
        its neighbourhood, to the arXiv-based id."""
        neighbours = set(self.graph.successors(old)) | set(self.graph.predecessors(old))
        self.rebuilt |= neighbours | {old, new}
        nx.relabel_nodes(self.graph, {old: new}, copy=False)
        self.graph.nodes[new]["id"] = new
        self._add_former_id(new, old)
        title = schema.normalise_title(self.graph.nodes[new]["title"])
        for index in (self._titled, self._by_title or {}):
            index.get(title, set()).discard(old)
        for node in neighbours | {new}:
            data = self.graph.nodes[node]
            if old in data.get("papers", ()):
                data["papers"] = _union([p for p in data["papers"] if p != old], [new])
            for u, v, key, edge in list(self.graph.out_edges(node, keys=True, data=True)) + list(
                self.graph.in_edges(node, keys=True, data=True)
            ):
                if edge.get("paper") == old:
                    self.graph.remove_edge(u, v, key)
                    edge["paper"] = new
                    self.graph.add_edge(u, v, key=_rekeyed(key, edge["type"], old, new), **edge)
        return new

    # concepts and repositories -------------------------------------------
    def _touch(self, node: str, label: str, name: str, paper: str, **props) -> None:
        if node not in self.graph:
            self.graph.add_node(node, id=node, label=label, name=name, papers=[])
            self.created.add(node)
        self.touched.add(node)
        data = self.graph.nodes[node]
        data["papers"] = _union(data.get("papers"), [paper])
        for key, value in props.items():
            data[key] = _maximum(data.get(key), value)  # order-free when writings differ

    def add_concept(self, mention: Mention, paper: str) -> str:
        name = mention.canonical or mention.text
        node = schema.concept_id(mention.label, name)
        node_is_new = node not in self.graph
        self._touch(node, mention.label, name, paper)
        data = self.graph.nodes[node]
        aliases = [mention.text, name] + ([mention.attrs["short"]] if mention.attrs.get("short") else [])
        known = len(data.get("aliases", ()))
        data["aliases"] = _union(data.get("aliases"), aliases)
        if len(data["aliases"]) != known or node_is_new:
            data["name"] = canonical.preferred_name(node, data["aliases"])
        return node

    def add_repository(self, mention: Mention, paper: str) -> str:
        url = mention.attrs["url"]
        node = schema.repository_id(url)
        self._touch(
            node,
            schema.REPOSITORY,
            url.split("://", 1)[-1].split("/", 1)[-1],
            paper,
            url=url,
            host=mention.attrs.get("host"),
            kind=mention.attrs.get("kind"),
        )
        data = self.graph.nodes[node]
        if mention.attrs.get("subpath"):
            data["subpaths"] = _union(data.get("subpaths"), [mention.attrs["subpath"]])
        return node

    # edges ------------------------------------------------------------------
    def add_edge(
        self, source: str, target: str, edge_type: str, paper: str, evidence, key: str | None = None, **props
    ) -> None:
        """Add or keep the best-evidenced edge of this type between these nodes for this
        paper: highest confidence, then earliest span (a total order, so order-free).
        `key` overrides the one-per-paper key (schema.edge_key) where a paper states
        several such edges, or where the edge is a fact shared by all papers."""
        attrs = {
            "type": edge_type,
            "paper": paper,
            "field": evidence.field,
            "sentence": evidence.sentence,
            "start": evidence.start,
            "end": evidence.end,
            "extractor": evidence.component,
            "confidence": round(float(evidence.confidence), 4),
            **{k: v for k, v in props.items() if v is not None},
        }
        key = key or schema.edge_key(edge_type, paper)
        old = self.graph.get_edge_data(source, target, key)
        if old is not None and _evidence_rank(old) >= _evidence_rank(attrs):
            return
        if old is not None:  # (the same paper's fact again, better evidenced: rare)
            self.rebuilt.add(source)
        self.new_edges.add((source, target, key))
        self.graph.add_edge(source, target, key=key, **attrs)

    def add_extraction(self, extraction: PaperExtraction) -> str:
        paper = self.add_paper(extraction.paper)
        nodes: list[str | None] = []
        for mention in extraction.mentions:
            if mention.label == schema.REPOSITORY and mention.attrs.get("kind") == "page":
                node = None  # a project page: no code to link
            elif mention.label == schema.REPOSITORY:
                node = self.add_repository(mention, paper)
                self.add_edge(
                    paper, node, schema.HAS_CODE, paper, mention, subpath=mention.attrs.get("subpath")
                )
            elif mention.label in schema.CONCEPT_LABELS and not mention.attrs.get("generic"):
                node = self.add_concept(mention, paper)
            else:
                node = None
            nodes.append(node)
        self._add_roles(paper, extraction.mentions, nodes)
        for relation in extraction.relations:
            head, tail = nodes[relation.head], nodes[relation.tail]
            if head and tail and head != tail:
                self.add_edge(head, tail, relation.type, paper, relation, **relation.attrs)
        for result in extraction.results:
            self.add_result(result, nodes, paper)
        return paper

    def _add_roles(self, paper: str, mentions: list[Mention], nodes: list[str | None]) -> None:
        """One role edge per concept per paper: a paper that proposes (introduces) a
        method (dataset) also names it elsewhere, and that is not a second, weaker role.
        The one exception is stated, not inferred: a dataset the paper introduces and
        says it evaluates on (extractors.paper_facts marks such a mention `evaluated`)."""
        roles: dict[str, set[str]] = defaultdict(set)
        for mention, node in zip(mentions, nodes):
            if node and mention.role and mention.label in schema.CONCEPT_LABELS:
                roles[node].add(mention.role)
        for mention, node in zip(mentions, nodes):
            if (
                node in roles
                and mention.role
                and mention.label in schema.CONCEPT_LABELS
                and (mention.role == canonical.strongest_role(roles[node]) or mention.attrs.get("evaluated"))
            ):
                self.add_edge(paper, node, mention.role, paper, mention)

    def add_result(self, result: Result, nodes: list[str | None], paper: str) -> str | None:
        """A reported result becomes a Benchmark (task on dataset by metric, one node per
        triple whoever reports it) joined to its concepts, and the paper's REPORTS edge
        carrying the value and its kind (absolute or delta).  A result whose text names
        no dataset is filed under a Benchmark of its task and metric alone.
        The id comes from the concepts' ids (their merge keys), not their names, which
        can change as more writings of a concept arrive; names are refreshed by
        `canonicalise`."""
        dataset = nodes[result.dataset] if result.dataset is not None else None
        ends = {
            role: nodes[index] if index is not None else None
            for role, index in (("task", result.task), ("metric", result.metric), ("method", result.method))
        }
        node = schema.benchmark_id(*(_merge_key(n) for n in (ends["task"], dataset, ends["metric"])))
        self._touch(node, schema.BENCHMARK, node, paper)
        # one edge per paper, method and value: "3.7x overall, 2.6x for text" are two results
        # on one benchmark, which one edge per method would fold into one
        reports_key = (
            schema.edge_key(schema.REPORTS, paper)
            + (f"#{ends['method']}" if ends["method"] else "")
            + (f"={result.value:g}" if result.value is not None else "")
        )
        self.add_edge(
            paper,
            node,
            schema.REPORTS,
            paper,
            result,
            key=reports_key,
            value=result.value,
            unit=result.unit,
            kind=result.kind,
            method=self.graph.nodes[ends["method"]]["name"] if ends["method"] else None,
        )
        for edge_type, end in (
            (schema.ON_DATASET, dataset),
            (schema.ON_TASK, ends["task"]),
            (schema.MEASURED_BY, ends["metric"]),
        ):
            if end:  # what a benchmark is does not depend on who reports on it: one edge
                self.add_edge(node, end, edge_type, paper, result, key=edge_type)
        self._name_benchmark(node, self.graph.nodes[node], reports=False)
        return node

    def canonicalise(self) -> None:
        """Merge short-form concept nodes into their long form across papers (see
        kg.model.canonical) and name benchmarks after their concepts; run before saving.

        A merge is recorded (the long form's `absorbed` list, the moved edges' `via`),
        so that `split_absorbed` can undo it exactly before the next inputs are added:
        a short form that a later paper defines differently must come apart again, or
        the graph would depend on the order its inputs arrived in."""
        for short, long in canonical.short_form_merges(self.graph).items():
            self._absorb(short, long)
        for node, data in self.graph.nodes(data=True):
            if data.get("label") == schema.BENCHMARK:
                self._name_benchmark(node, data)
        self._merged_again()

    def _edges_of(self, node: str) -> dict:
        return {(u, v, k): dict(d) for u, v, k, d in self._incident(node)}

    def _merged_again(self) -> None:
        """A long form split before an update and merged again after it, with every edge
        it had as it was (and only new edges besides), changed no more than any node that
        gained papers: it is `touched`, not `rebuilt` with all its edges (for the 75k
        graph, rebuilding them cost as much as writing the whole query index)."""
        for node, before in self._before_split.items():
            if node not in self.graph or node not in self.rebuilt:
                continue
            now = self._edges_of(node)
            # (an edge to a node no longer in the graph went with that node)
            if all(
                now.get(edge) == data or not (edge[0] in self.graph and edge[1] in self.graph)
                for edge, data in before.items()
            ) and all(edge in before or edge in self.new_edges for edge in now):
                self.rebuilt.discard(node)
                self.touched.add(node)
        self._before_split.clear()

    def _absorb(self, short: str, long: str) -> None:
        """Merge a short-form node into its long form.  For the query index, the short
        form is gone with its edges (rebuilt), the long form changes its properties
        (touched) and gains the moved edges (new, unless the long form had them before a
        `split_absorbed` of this update): its other edges stay as they were, so the index
        need not compare all of them (the 75k graph's "Vision Transformer" has 1,400)."""
        short_data, data = self.graph.nodes[short], self.graph.nodes[long]
        self.rebuilt.add(short)
        self.touched.add(long)
        held_before = self._before_split.get(long, {})
        records = [
            _absorbed(short, key, value, value not in data.get(key, ()))
            for key in ("aliases", "papers")
            for value in short_data.get(key, ())
        ]
        data["absorbed"] = _union(data.get("absorbed"), records)
        for key in ("aliases", "papers"):
            data[key] = _union(data.get(key), short_data.get(key, ()))
        data["name"] = canonical.preferred_name(long, data["aliases"])
        for u, v, key, edge in self._incident(short):
            mark = f"{'head' if u == short else 'tail'}={short}"
            edge[_VIA] = edge.get(_VIA, []) + [mark]
            moved = (long if u == short else u, long if v == short else v, f"{key}|via={mark}")
            self.graph.add_edge(*moved, **edge)
            if moved not in held_before:
                self.new_edges.add(moved)
        self.graph.remove_node(short)

    def split_absorbed(self) -> None:
        """Undo `canonicalise`'s merges: every absorbed short-form node back as it was
        added, its edges back on it, the long form without what it absorbed."""
        merged = sorted(n for n, d in self.graph.nodes(data=True) if d.get("absorbed"))
        # every long form's edges as the index holds them, before any split moves one
        # (splitting one long form moves edges of others: "ViT outperforms ResNets")
        self._before_split.update((node, self._edges_of(node)) for node in merged)
        for node in merged:
            data = self.graph.nodes[node]
            self.rebuilt.add(node)
            shorts: dict[str, dict] = defaultdict(lambda: {"aliases": [], "papers": []})
            for record in data.pop("absorbed"):
                short, key, rest = record.split("\t", 2)
                value, added = rest.rsplit("\t", 1)
                shorts[short][key].append(value)
                if added == "1":
                    data[key] = [v for v in data[key] if v != value]
            data["name"] = canonical.preferred_name(node, data["aliases"])
            # (new to the query index, which held them merged: a short form that stays
            # apart after this update, "TWE" now defined two ways, is written whole)
            self.rebuilt.update(shorts)
            self.created.update(shorts)
            for short, props in sorted(shorts.items()):
                self.graph.add_node(
                    short,
                    id=short,
                    label=data["label"],
                    name=canonical.preferred_name(short, props["aliases"]),
                    aliases=sorted(props["aliases"]),
                    papers=sorted(props["papers"]),
                )
            for u, v, key, edge in self._incident(node):
                for mark in [m for m in edge.get(_VIA, ()) if m.split("=", 1)[1] in shorts]:
                    side, short = mark.split("=", 1)
                    self.graph.remove_edge(u, v, key)
                    u, v = (short, v) if side == "head" else (u, short)
                    key = key.replace(f"|via={mark}", "")
                    edge[_VIA] = [m for m in edge[_VIA] if m != mark]
                    if not edge[_VIA]:
                        del edge[_VIA]
                    self.graph.add_edge(u, v, key=key, **edge)

    def _incident(self, node: str) -> list:
        """Copies of the edges in and out of a node (a loop once)."""
        edges = {
            (u, v, k): dict(d)
            for u, v, k, d in list(self.graph.in_edges(node, keys=True, data=True))
            + list(self.graph.out_edges(node, keys=True, data=True))
        }
        return [(u, v, k, d) for (u, v, k), d in sorted(edges.items())]

    def _add_former_id(self, paper: str, former: str) -> None:
        data = self.graph.nodes[paper]
        if former not in data.get("former_ids", ()):
            data["former_ids"] = _union(data.get("former_ids"), [former])
            self.gained_former_ids.add(paper)

    def _name_benchmark(self, node: str, data: dict, reports: bool = True) -> None:
        """A benchmark's names (and, with `reports`, the REPORTS edges' method names)
        from its concepts' current names.  Adding a result names its own REPORTS edge:
        renaming every paper's edge each time made a build of n papers reporting on
        one benchmark cost n² (20k papers: 303 s); `canonicalise` renames them once."""
        before = (data.get("name"), data.get("task"), data.get("dataset"), data.get("metric"))
        names = {}
        for _, target, edge in self.graph.out_edges(node, data=True):
            role = {schema.ON_TASK: "task", schema.ON_DATASET: "dataset", schema.MEASURED_BY: "metric"}.get(
                edge["type"]
            )
            if role:
                names[role] = self.graph.nodes[target]["name"]
        for role in ("task", "dataset", "metric"):
            data[role] = names.get(role)
        if "dataset" in names:
            data["name"] = (
                names["dataset"]
                + (f" / {names['task']}" if "task" in names else "")
                + (f" ({names['metric']})" if "metric" in names else "")
            )
        else:  # a result whose text names no dataset
            data["name"] = (
                " / ".join(names[r] for r in ("task", "metric") if r in names) + " (dataset not stated)"
            )
        for paper, _, key, edge in self.graph.in_edges(node, keys=True, data=True) if reports else ():
            method = key.split("|via=", 1)[0].partition("#")[2].partition("=")[0]
            if edge["type"] == schema.REPORTS and method in self.graph:
                name = self.graph.nodes[method]["name"]
                if edge.get("method") != name:
                    # that one edge, not the benchmark with all its edges: the one that
                    # gathers results naming no dataset, task or metric holds 10k
                    self.changed_edges.add((paper, node, key))
                    edge["method"] = name
        if before != (data.get("name"), data.get("task"), data.get("dataset"), data.get("metric")):
            self.touched.add(node)

    # reading ------------------------------------------------------------------
    def find(self, name_or_id: str) -> list[str]:
        """Nodes this text names (kg.model.resolve's rules), best first."""
        return [node for node, _ in self.matches(name_or_id)]

    def matches(self, name_or_id: str) -> list[tuple[str, str]]:
        """(node, how it matched) for every node this text names, best first: the same
        rules and order as `kg show` on the query index (kg.query.inspect.matches)."""
        wanted, found = resolve.Wanted(name_or_id), []
        for node, data in self.graph.nodes(data=True):
            how = wanted.how(node, data)
            if how:
                found.append((node, data.get("label"), how))
        return resolve.rank(found, {node: self.graph.degree(node) for node, _, _ in found})

    def label_counts(self) -> Counter:
        return Counter(d.get("label") for _, d in self.graph.nodes(data=True))

    def stats(self) -> dict:
        labels = self.label_counts()
        # (the adjacency dicts themselves: edge views cost several times more per edge)
        types = Counter(
            edge.get("type")
            for _, neighbours in self.graph.adjacency()
            for keydict in neighbours.values()
            for edge in keydict.values()
        )
        return {
            "nodes": self.graph.number_of_nodes(),
            "edges": sum(types.values()),
            "labels": {label: labels.get(label, 0) for label in schema.NODE_LABELS},
            "edge_types": {t: types.get(t, 0) for t in schema.EDGE_TYPES},
        }


def _absorbed(short: str, key: str, value: str, added: bool) -> str:
    """One flat record of a merge (flat so every exporter can store it)."""
    return f"{short}\t{key}\t{value}\t{int(added)}"


def _merge_key(node: str | None) -> str | None:
    """`method:sharpness-aware-minimization` -> `sharpness-aware-minimization`."""
    return node.split(":", 1)[1] if node else None


def _rekeyed(key: str, edge_type: str, old: str, new: str) -> str:
    """The key an edge keeps when its paper is renamed: the paper part changes, a
    qualifier after it stays, and a key that names no paper (shared) is kept."""
    prefix = schema.edge_key(edge_type, old)
    return schema.edge_key(edge_type, new) + key[len(prefix) :] if key.startswith(prefix) else key


def _evidence_rank(edge: dict) -> tuple:
    return (edge["confidence"], edge["field"] == "title", -edge["start"], -edge["end"], edge["sentence"])
