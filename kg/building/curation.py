"""Curation: a person's corrections to the graph, kept as data beside it.

No extractor is perfect, and a correction made to the graph alone would be undone by
the next build.  So `kg curate` records each decision as one JSON line in a plain
log, `GRAPH.curation.jsonl` (reviewable, diff-friendly, and shareable: a team commits
it), and every build applies the whole log after extraction.  Decisions name things by
their stable ids (`method:sharpness-aware-minimization`), so they survive rebuilds.

The log is applied as a set, not as a sequence: decisions are sorted into phases by
action and, within a phase, by their content, so the graph does not depend on the order
of the lines (two people's logs concatenated either way give the same graph).  The
phases, in order:

- before the short-form merges (`kg.model.canonical`), on the graph as extraction made it:
  `block` (a phrase, for one label or every concept label), `reject-node`, `retype`,
  `split` (an alias and the facts stated with it, off a concept into a concept of its
  own) and `merge` (one concept into another, recorded like the short-form merges, so
  that the next build takes it apart with them and makes it again).  Done here, the
  short-form merges see the corrected concepts (a split-off "IN-21K" is not merged
  back), and an incremental build gives the graph a build from scratch gives;
- after them, on the concepts as the graph shows them: `rename` (the name shown; the
  id stays), `reject-edge`, then `accept` (pin a fact: confidence 1.0).

Curated facts say so: an edge that a decision made or changed carries
`extractor: "curation"` (the component, as for every fact), `curated_by`,
`curated_at` and, where it had one, the extractor that first found it as
`extracted_by`; a node a decision changed lists it in `curation`.  A decision whose
target is no longer in the graph is reported by the build (and `kg curate --list`),
never dropped from the log.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import networkx as nx
import orjson

from kg.model import canonical, resolve
from kg import schema
from kg.store import store
from kg.errors import KGError
from kg.model.graph_model import GraphModel

CURATION = "curation"
ACCEPTED_CONFIDENCE = 1.0

#: Each action and the fields a decision of it names (beyond by/at/note).
ACTIONS: dict[str, tuple[str, ...]] = {
    "block": ("phrase", "label"),
    "reject-node": ("node",),
    "retype": ("node", "label"),
    "split": ("node", "alias"),
    "merge": ("node", "into"),
    "rename": ("node", "name"),
    "reject-edge": ("source", "type", "target", "paper"),
    "accept": ("source", "type", "target", "paper"),
}
#: Fields a decision may leave out.
OPTIONAL = frozenset({"label", "paper"})
PRE_CANONICAL = ("block", "reject-node", "retype", "split", "merge")
POST_CANONICAL = ("rename", "reject-edge", "accept")
META = ("by", "at", "note")

#: The role a paper's edge to a concept takes when the concept changes label.
_STRONG_ROLE = {schema.METHOD: schema.PROPOSES, schema.DATASET: schema.INTRODUCES}
_WEAK_ROLE = {
    schema.METHOD: schema.USES,
    schema.DATASET: schema.EVALUATES_ON,
    schema.TASK: schema.ADDRESSES,
    schema.METRIC: schema.USES,
}


def log_path(graph_path: str | os.PathLike) -> Path:
    """Where a graph's curation log lives: beside it."""
    return Path(f"{graph_path}.curation.jsonl")


def undo_dir(graph_path: str | os.PathLike) -> Path:
    return Path(f"{graph_path}.curation-undo")


# decisions -------------------------------------------------------------------
def make_decision(
    action: str, by: str | None = None, note: str | None = None, at: str | None = None, **targets
) -> dict:
    """A decision as the log stores it (checked: unknown actions, missing fields and
    labels outside the schema are errors)."""
    if action not in ACTIONS:
        raise KGError(f"unknown curation action {action!r} (known: {', '.join(ACTIONS)})")
    decision = {"action": action}
    for name in ACTIONS[action]:
        value = targets.get(name)
        if value in (None, ""):
            if name in OPTIONAL:
                continue
            raise KGError(f"curation {action}: {name} is missing")
        if not isinstance(value, str):
            raise KGError(f"curation {action}: {name} must be text, not {value!r}")
        decision[name] = value
    unknown = set(targets) - set(ACTIONS[action])
    if unknown:
        raise KGError(f"curation {action}: unknown field(s) {', '.join(sorted(unknown))}")
    label = decision.get("label")
    if label is not None and label not in schema.CONCEPT_LABELS:
        raise KGError(
            f"curation {action}: label {label!r} is not a concept label ({', '.join(schema.CONCEPT_LABELS)})"
        )
    if action in ("reject-edge", "accept") and decision["type"] not in schema.EDGE_TYPES:
        raise KGError(
            f"curation {action}: {decision['type']!r} is not an edge type ({', '.join(schema.EDGE_TYPES)})"
        )
    for name, value in (("by", by), ("at", at or now()), ("note", note)):
        if value:
            decision[name] = value
    return decision


def now() -> str:
    """UTC now, to the second (or SOURCE_DATE_EPOCH, for reproducible logs)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _target(decision: dict) -> tuple:
    return tuple(decision.get(name) or "" for name in ACTIONS[decision["action"]])


def read_log(path: str | os.PathLike) -> list[dict]:
    """The decisions of a log, in file order; a missing log is an empty one, a bad line
    an error naming its line."""
    path = Path(path)
    if not path.exists():
        return []
    decisions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = orjson.loads(line)
            if not isinstance(raw, dict):
                raise ValueError("not a JSON object")
            raw = dict(raw)
            action = raw.pop("action", None)
            meta = {name: raw.pop(name, None) for name in META}
            decisions.append(make_decision(action, **meta, **raw))
        except (orjson.JSONDecodeError, ValueError, TypeError, KGError) as exc:
            raise KGError(f"{path}:{number}: not a curation decision ({exc})") from None
    return decisions


def log_text(decisions: Iterable[dict]) -> bytes:
    return b"".join(orjson.dumps(d) + b"\n" for d in decisions)


def effective(decisions: Iterable[dict]) -> list[dict]:
    """The decisions to apply, as a set: one per action and target (where a target has
    two, the latest by `at` wins, then the larger by content: an order-free choice),
    in phase order, sorted by content within a phase."""
    chosen: dict[tuple, dict] = {}
    for decision in decisions:
        key = (decision["action"], _target(decision)[: _identity_length(decision["action"])])
        old = chosen.get(key)
        if old is None or _rank(decision) > _rank(old):
            chosen[key] = decision
    order = PRE_CANONICAL + POST_CANONICAL
    return sorted(chosen.values(), key=lambda d: (order.index(d["action"]), _rank(d)))


def _identity_length(action: str) -> int:
    """How many target fields say what a decision is about (the rest say what to do):
    a rename's node, a retype's node; every field for the others."""
    return 1 if action in ("rename", "retype") else len(ACTIONS[action])


def _rank(decision: dict) -> tuple:
    return (decision.get("at") or "", orjson.dumps(decision, option=orjson.OPT_SORT_KEYS))


def describe(decision: dict) -> str:
    """One line for a person: `merge method:a into method:b (by ana, 2026-12-05T...)`."""
    d = decision
    text = {
        "block": lambda: (
            f"block {d['phrase']!r}" + (f" as {d['label']}" if d.get("label") else " everywhere")
        ),
        "reject-node": lambda: f"reject node {d['node']}",
        "retype": lambda: f"retype {d['node']} as {d['label']}",
        "split": lambda: f"split alias {d['alias']!r} off {d['node']}",
        "merge": lambda: f"merge {d['node']} into {d['into']}",
        "rename": lambda: f"rename {d['node']} to {d['name']!r}",
        "reject-edge": lambda: (
            f"reject edge {d['source']} -[{d['type']}]-> {d['target']}"
            + (f" of {d['paper']}" if d.get("paper") else "")
        ),
        "accept": lambda: (
            f"accept edge {d['source']} -[{d['type']}]-> {d['target']}"
            + (f" of {d['paper']}" if d.get("paper") else "")
        ),
    }[d["action"]]()
    who = ", ".join(x for x in (d.get("by"), d.get("at")) if x)
    return text + (f" ({who})" if who else "") + (f": {d['note']}" if d.get("note") else "")


# applying ---------------------------------------------------------------------
@dataclass
class CurationReport:
    """What applying a log did: decisions applied, those with nothing left to do, and
    those whose target is not in the graph (reported, kept in the log)."""

    applied: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    effects: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"applied": self.applied, "missing_targets": self.missing, "effects": self.effects}


#: The fields of a decision that hold a node id (a paper's may have changed since).
_ID_FIELDS = ("node", "into", "source", "target", "paper")


def _papers_by_former_id(graph: nx.MultiDiGraph) -> dict[str, str]:
    """{former id: the paper's id now}: a paper that gained its arXiv id after a decision
    named it by its `paper:<digest>` is still the paper the decision is about."""
    return {former: node for node, data in graph.nodes(data=True) for former in data.get("former_ids") or ()}


def _current_ids(decision: dict, renamed: dict[str, str]) -> dict:
    """The decision with each paper id it names as the paper's id now."""
    moved = {f: renamed[decision[f]] for f in _ID_FIELDS if decision.get(f) in renamed}
    return {**decision, **moved} if moved else decision


def apply_pre_canonical(model: GraphModel, decisions: list[dict], report: CurationReport) -> None:
    renamed = _papers_by_former_id(model.graph) if decisions else {}
    for decision in effective(decisions):
        if decision["action"] in PRE_CANONICAL:
            _apply(model, decision, report, renamed)


def apply_post_canonical(model: GraphModel, decisions: list[dict], report: CurationReport) -> None:
    touched = False
    renamed = _papers_by_former_id(model.graph) if decisions else {}
    for decision in effective(decisions):
        if decision["action"] in POST_CANONICAL:
            _apply(model, decision, report, renamed)
            touched = True
    if touched:  # benchmark names follow their concepts' (renamed, merged) names
        for node, data in model.graph.nodes(data=True):
            if data.get("label") == schema.BENCHMARK:
                model._name_benchmark(node, data)


def check(graph: nx.MultiDiGraph, decisions: list[dict]) -> CurationReport:
    """The log applied again to a graph in memory (nothing saved): which decisions
    have their target in it (`applied`) and which do not (`missing`)."""
    model, report = GraphModel(graph), CurationReport()
    renamed = _papers_by_former_id(graph)
    for decision in effective(decisions):
        _apply(model, decision, report, renamed)
    return report


def _apply(model: GraphModel, decision: dict, report: CurationReport, renamed: dict[str, str]) -> None:
    """Apply one decision (to the papers it names as they are now: `renamed`) and report it
    under its line in the log."""
    line = describe(decision)
    outcome = _HANDLERS[decision["action"]](model, _current_ids(decision, renamed))
    if outcome is False:
        report.missing.append(line)
    else:
        report.applied.append(line)
        if isinstance(outcome, str) and outcome:
            report.effects.append(f"{line}: {outcome}")


def _provenance(decision: dict) -> dict:
    return {"curated_by": decision.get("by"), "curated_at": decision.get("at")}


def _subject(decision: dict) -> str:
    return decision[ACTIONS[decision["action"]][0]]


def _mark_node(data: dict, decision: dict) -> None:
    """`action<TAB>subject<TAB>by<TAB>at` on a node a decision changed (flat text, so
    every exporter can carry it)."""
    record = "\t".join(
        [decision["action"], _subject(decision), decision.get("by") or "", decision.get("at") or ""]
    )
    data["curation"] = sorted(set(data.get("curation", [])) | {record})


def _done(graph: nx.MultiDiGraph, decision: dict) -> bool:
    """Whether some node records this decision as made (its subject is gone since)."""
    prefix = f"{decision['action']}\t{_subject(decision)}\t"
    return any(r.startswith(prefix) for _, d in graph.nodes(data=True) for r in d.get("curation", ()))


def _mark_edge(edge: dict, decision: dict) -> None:
    if edge.get("extractor") != CURATION:
        edge["extracted_by"] = edge.get("extractor")
    edge["extractor"] = CURATION
    for name, value in _provenance(decision).items():
        if value:
            edge[name] = value
        else:
            edge.pop(name, None)


def _block(model: GraphModel, decision: dict):
    labels = (decision["label"],) if decision.get("label") else schema.CONCEPT_LABELS
    for label in labels:
        node = schema.concept_id(label, decision["phrase"])
        if node in model.graph:
            model.graph.remove_node(node)
    return True  # nothing left of a blocked phrase is what was asked


def _reject_node(model: GraphModel, decision: dict):
    if decision["node"] in model.graph:
        model.graph.remove_node(decision["node"])
    return True


def _retype(model: GraphModel, decision: dict):
    graph, old, label = model.graph, decision["node"], decision["label"]
    if old not in graph:
        return None if _done(graph, decision) else False
    data = graph.nodes[old]
    if data.get("label") not in schema.CONCEPT_LABELS:
        return False
    if data["label"] == label:
        return None
    new = schema.concept_id(label, data["name"])
    if new not in graph:
        graph.add_node(new, id=new, label=label, name=data["name"], aliases=[], papers=[])
    target = graph.nodes[new]
    for key in ("aliases", "papers"):
        target[key] = sorted(set(target.get(key, ())) | set(data.get(key, ())))
    target["name"] = canonical.preferred_name(new, target["aliases"]) if target["aliases"] else data["name"]
    dropped = []
    for u, v, key, edge in model._incident(old):
        u2, v2 = (new if u == old else u), (new if v == old else v)
        edge_type = (
            _retyped_role(edge["type"], label) if v == old and edge["type"] in _ROLE_TYPES else edge["type"]
        )
        spec = schema.EDGE_TYPES[edge_type]
        if graph.nodes[u2]["label"] not in spec.sources or graph.nodes[v2]["label"] not in spec.targets:
            dropped.append(edge["type"])
            continue
        if edge_type != edge["type"]:
            key = _retyped_key(key, edge["type"], edge_type)
            edge["type"] = edge_type
        _mark_edge(edge, decision)
        _add_best(model, u2, v2, key, edge)
    graph.remove_node(old)
    _mark_node(target, decision)
    if dropped:
        return (
            f"{len(dropped)} edge(s) a {label} cannot have were dropped ({', '.join(sorted(set(dropped)))})"
        )
    return True


_ROLE_TYPES = frozenset(schema.PAPER_ROLES) - {schema.REPORTS, schema.HAS_CODE}


def _retyped_role(edge_type: str, label: str) -> str:
    strong = edge_type in (schema.PROPOSES, schema.INTRODUCES)
    return _STRONG_ROLE.get(label, _WEAK_ROLE[label]) if strong else _WEAK_ROLE[label]


def _retyped_key(key: str, old_type: str, new_type: str) -> str:
    return new_type + key[len(old_type) :] if key.startswith(old_type + "@") else key


def _add_best(model: GraphModel, u: str, v: str, key: str, edge: dict) -> None:
    """Add an edge, keeping the better-evidenced one where that key is taken."""
    old = model.graph.get_edge_data(u, v, key)
    if old is None or (old["confidence"], old.get("sentence", "")) < (
        edge["confidence"],
        edge.get("sentence", ""),
    ):
        model.graph.add_edge(u, v, key=key, **edge)


def _evidence_text(graph: nx.MultiDiGraph, edge: dict) -> str | None:
    paper = graph.nodes.get(edge.get("paper"))
    text = paper.get(edge.get("field")) if paper else None
    if not isinstance(text, str):
        return None
    return text[edge["start"] : edge["end"]]


def _split(model: GraphModel, decision: dict):
    graph, node = model.graph, decision["node"]
    if node not in graph:
        return False
    data = graph.nodes[node]
    label = data.get("label")
    if label not in schema.CONCEPT_LABELS:
        return False
    wanted = schema.concept_key(decision["alias"])
    new = schema.concept_id(label, decision["alias"])
    moving = [a for a in data.get("aliases", ()) if schema.concept_key(a) == wanted]
    if new == node:
        return False
    if not moving:
        return None if _done(graph, decision) else False
    if new not in graph:
        graph.add_node(new, id=new, label=label, name=decision["alias"], aliases=[], papers=[])
    target = graph.nodes[new]
    moved_papers, kept_papers = set(), set()
    for u, v, key, edge in model._incident(node):
        if v == node and u == edge.get("paper") and edge["type"] in _ROLE_TYPES:
            span = _evidence_text(graph, edge)
            if span is not None and schema.concept_key(span) == wanted:
                graph.remove_edge(u, v, key)
                _mark_edge(edge, decision)
                _add_best(model, u, new, key, edge)
                moved_papers.add(u)
                continue
        if edge.get("paper"):
            kept_papers.add(edge["paper"])
    data["aliases"] = [a for a in data["aliases"] if a not in moving]
    target["aliases"] = sorted(set(target["aliases"]) | set(moving))
    target["name"] = canonical.preferred_name(new, target["aliases"])
    if data["aliases"]:
        data["name"] = canonical.preferred_name(node, data["aliases"])
    target["papers"] = sorted(set(target["papers"]) | moved_papers)
    data["papers"] = sorted(p for p in data.get("papers", ()) if p not in moved_papers or p in kept_papers)
    _mark_node(target, decision)
    _mark_node(data, decision)
    return f"{len(moved_papers)} paper(s) moved to {new}"


def _merge(model: GraphModel, decision: dict):
    graph, node, into = model.graph, decision["node"], decision["into"]
    if into not in graph:
        return False
    if node not in graph:
        absorbed = {r.split("\t", 1)[0] for r in graph.nodes[into].get("absorbed", ())}
        return None if node in absorbed else False
    if graph.nodes[node].get("label") != graph.nodes[into].get("label"):
        return False
    # recorded as the short-form merges are (`absorbed`, `via`): the next build takes it
    # apart before adding papers and this decision makes it again
    model._absorb(node, into)
    _mark_node(graph.nodes[into], decision)
    return True


def _rename(model: GraphModel, decision: dict):
    if decision["node"] not in model.graph:
        return False
    data = model.graph.nodes[decision["node"]]
    data["name"] = decision["name"]
    if data.get("label") in schema.CONCEPT_LABELS:
        data["aliases"] = sorted(set(data.get("aliases", ())) | {decision["name"]})
    if data.get("label") == schema.PAPER:
        data["title"] = decision["name"]
    _mark_node(data, decision)
    return True


def _matching_edges(model: GraphModel, decision: dict) -> list:
    graph = model.graph
    source, target = decision["source"], decision["target"]
    if source not in graph or target not in graph or not graph.has_edge(source, target):
        return []
    return [
        (key, edge)
        for key, edge in graph[source][target].items()
        if edge.get("type") == decision["type"]
        and (not decision.get("paper") or edge.get("paper") == decision["paper"])
    ]


def _reject_edge(model: GraphModel, decision: dict):
    for key, _ in _matching_edges(model, decision):
        model.graph.remove_edge(decision["source"], decision["target"], key)
    return True


def _accept(model: GraphModel, decision: dict):
    edges = _matching_edges(model, decision)
    for _, edge in edges:
        edge["confidence"] = ACCEPTED_CONFIDENCE
        _mark_edge(edge, decision)
    return True if edges else False


_HANDLERS = {
    "block": _block,
    "reject-node": _reject_node,
    "retype": _retype,
    "split": _split,
    "merge": _merge,
    "rename": _rename,
    "reject-edge": _reject_edge,
    "accept": _accept,
}


# recording a decision, undoing one -------------------------------------------------
def resolve_node(graph: nx.MultiDiGraph, name_or_id: str) -> str:
    """The id of the one node this id, name or alias names (kg.model.resolve's rules); several
    nodes are an error listing them (a decision must not land on a guess).  A paper's
    former id or arXiv id in another form names the paper; the id of a concept merged
    into another is refused: the decision would land on the concept it was merged into."""
    found = GraphModel(graph).matches(name_or_id)
    if not found:
        raise KGError(f"no node with id, name or alias {name_or_id!r} (try `kg show`)")
    node, how = found[0]
    if how == resolve.MERGED_ID:
        raise KGError(
            f"{name_or_id} was merged into {node}: name {node}, or take the alias "
            f"apart first (`kg curate split {node} ALIAS`)"
        )
    if how in resolve.ID_KINDS:
        return node
    if len(found) > 1:
        raise KGError(
            f"{name_or_id!r} names {len(found)} nodes ({', '.join(n for n, _ in found[:5])}"
            f"{', ...' if len(found) > 5 else ''}): give the id"
        )
    return node


def check_applicable(graph: nx.MultiDiGraph, decision: dict) -> None:
    """Refuse, before recording, a decision that cannot apply to the graph as it is."""
    action = decision["action"]
    nodes = graph.nodes
    if action in ("merge",) and nodes[decision["node"]].get("label") != nodes[decision["into"]].get("label"):
        raise KGError(
            f"cannot merge a {nodes[decision['node']].get('label')} into a "
            f"{nodes[decision['into']].get('label')}: retype it first"
        )
    if action == "merge" and decision["node"] == decision["into"]:
        raise KGError("cannot merge a node into itself")
    if (
        action in ("retype", "split", "merge")
        and nodes[decision["node"]].get("label") not in schema.CONCEPT_LABELS
    ):
        raise KGError(
            f"{action} applies to concepts ({', '.join(schema.CONCEPT_LABELS)}), "
            f"not to a {nodes[decision['node']].get('label')}"
        )
    if action == "split":
        data = nodes[decision["node"]]
        key = schema.concept_key(decision["alias"])
        if schema.concept_id(data["label"], decision["alias"]) == decision["node"]:
            raise KGError(f"{decision['alias']!r} is {decision['node']}'s own name: split off another alias")
        if not any(schema.concept_key(a) == key for a in data.get("aliases", ())):
            raise KGError(
                f"{decision['node']} has no alias {decision['alias']!r} "
                f"(aliases: {', '.join(data.get('aliases', ()))})"
            )
    if action in ("reject-edge", "accept"):
        model = GraphModel(graph)
        if not _matching_edges(model, decision):
            raise KGError(
                f"no {decision['type']} edge from {decision['source']} to {decision['target']}"
                + (f" of {decision['paper']}" if decision.get("paper") else "")
            )
    if action == "block" and not any(
        schema.concept_id(label, decision["phrase"]) in graph
        for label in ((decision["label"],) if decision.get("label") else schema.CONCEPT_LABELS)
    ):
        pass  # blocking a phrase no paper uses yet is a valid precaution


def build_context(decisions: list[dict], min_confidence: float | None) -> bytes:
    """What decides a graph's content beside its records (kg.building.build's extraction cache
    keys the records a graph holds by it)."""
    return orjson.dumps([decisions, min_confidence], option=orjson.OPT_SORT_KEYS)


def _carry_cache_state(
    graph_path: str, digest_before: bytes | None, before: list[dict], after: list[dict]
) -> None:
    """A decision changes the graph's bytes and the log, not the records it holds: tell
    the extraction cache (when there is one and it knew the graph before), so that the
    next build of the same listings adds nothing instead of every record again."""
    from kg.store.extraction_cache import ExtractionCache, cache_path, pipeline_identity

    if digest_before is None or not cache_path(graph_path).exists():
        return
    cache = ExtractionCache(graph_path, pipeline_identity(None))
    try:
        merged = cache.merged_keys(digest_before, build_context(before, None))
        if merged:  # (known only for the default pipeline and no --min-confidence)
            cache.commit({}, store.file_digest(graph_path), build_context(after, None), merged)
    finally:
        cache.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record(
    graph_path: str, decision: dict, log: str | os.PathLike | None = None, wait: bool = False
) -> tuple[CurationReport, dict]:
    """Append a decision to the log and apply the log to the graph now, under the
    writer lock.  The graph it replaces is kept (a hard link) for `undo`.  A failure
    on the way (the graph, its index, the undo record) leaves the graph and the log
    as they were."""
    from kg.building.build import BuildReport, rebuild_locked

    log = Path(log) if log else log_path(graph_path)
    graph = Path(graph_path)
    with store.writer_lock(graph_path, wait=wait):
        if not graph.exists():
            raise KGError(f"{graph_path}: no graph file here (run `kg build` first)")
        with store.restored_on_failure(graph_path, log):
            decisions = read_log(log)
            stack = undo_dir(graph_path)
            stack.mkdir(exist_ok=True)
            number = 1 + max((int(p.stem) for p in stack.glob("*.json") if p.stem.isdigit()), default=0)
            before = stack / f"{number:06d}.graph"
            with contextlib.suppress(FileNotFoundError):
                before.unlink()
            os.link(graph, before)
            digest_before = store.file_digest(graph)
            store.atomic_write_bytes(log, log_text(decisions + [decision]))
            report = BuildReport(graph=graph_path)
            rebuild_locked(graph_path, [], 0, report, decisions + [decision])
            _carry_cache_state(graph_path, digest_before, decisions, decisions + [decision])
            store.atomic_write_bytes(
                stack / f"{number:06d}.json",
                orjson.dumps({"decision": decision, "log": str(log), "after_sha256": _digest(graph)}),
            )
            _trim(stack)
    return report.curation, report.stats


#: Undo steps kept (each a hard link to a replaced graph: no copy, but its blocks stay
#: on disk while the link does).
UNDO_DEPTH = 10


def _trim(stack: Path) -> None:
    steps = sorted(p for p in stack.glob("*.json") if p.stem.isdigit())
    for step in steps[:-UNDO_DEPTH]:
        for path in (step, step.with_suffix(".graph")):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def undo(graph_path: str, log: str | os.PathLike | None = None, wait: bool = False) -> dict:
    """Take back the last `kg curate` decision: the graph's bytes as they were before it,
    and its line out of the log.  Refused when the graph changed since (a build ran):
    restoring would lose that build's papers."""
    graph = Path(graph_path)
    with store.writer_lock(graph_path, wait=wait):
        stack = undo_dir(graph_path)
        steps = sorted(p for p in stack.glob("*.json") if p.stem.isdigit()) if stack.exists() else []
        steps = [p for p in steps if p.with_suffix(".graph").exists()]
        if not steps:
            raise KGError(f"{graph_path}: no curation decision to undo")
        step = steps[-1]
        info = orjson.loads(step.read_bytes())
        if not graph.exists() or _digest(graph) != info["after_sha256"]:
            raise KGError(
                f"{graph_path}: the graph changed since the last decision "
                f"({describe(info['decision'])}); undoing it would lose that change: "
                f"delete its line from {info['log']} and rebuild instead"
            )
        log = Path(log) if log else Path(info["log"])
        decisions = read_log(log)
        for i in range(len(decisions) - 1, -1, -1):
            if decisions[i] == info["decision"]:
                del decisions[i]
                break
        previous = step.with_suffix(".graph")
        try:
            with store.restored_on_failure(graph_path, log, previous):
                store.atomic_write_bytes(log, log_text(decisions))
                store._keep_previous(graph)
                os.replace(previous, graph)
                step.unlink()
        except OSError as exc:
            raise KGError(
                f"{graph_path}: cannot undo the last decision ({exc.strerror or exc}); "
                "the graph and the log are as they were"
            ) from None
    return info["decision"]
