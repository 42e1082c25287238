"""Canonical concepts across the corpus: which name a concept node shows, which role
wins when a paper states two, and which short-form nodes are the same concept as a
long form defined elsewhere.

Everything here is a pure function of the graph's current content (sets of aliases,
sorted ids), never of the order papers arrived in, so a build is the same whatever
the order of its inputs and re-running it changes nothing.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg import schema
from extractors.lexicons import lexicon_names

#: Stronger first: a paper that proposes a method also uses it; that is one fact.
ROLE_STRENGTH = (schema.PROPOSES, schema.INTRODUCES, schema.USES, schema.EVALUATES_ON, schema.ADDRESSES)


def strongest_role(roles) -> str:
    return min(roles, key=lambda r: (ROLE_STRENGTH.index(r) if r in ROLE_STRENGTH else 99, r))


def looks_like_acronym(text: str) -> bool:
    """'SAM', 'ViT', 'GPT-4', 'CNNs': no space, at least two capitals."""
    return " " not in text and sum(map(str.isupper, text)) >= 2


def preferred_name(node: str, aliases) -> str:
    """The writing a node shows among those that merge to it: a lexicon's name first,
    then singular, then the most capitals ("ImageNet" over "imagenet"), then the
    shortest, then text order."""
    label = node.split(":", 1)[0].capitalize()
    own = [a for a in aliases if schema.concept_id(label, a) == node] or list(aliases)
    known = lexicon_names()
    return max(
        own,
        key=lambda a: (
            a in known,
            schema.concept_key(a) == " ".join(a.casefold().replace("-", " ").split()),
            sum(c.isupper() for c in a),
            -len(a),
            a,
        ),
    )


def short_form_merges(graph: nx.MultiDiGraph) -> dict[str, str]:
    """{short-form node: long-form node} for concept nodes named only by an acronym
    ("SAM") that one long-form node of the same label, and only one, lists as its
    short form ("Sharpness-Aware Minimization" with alias "SAM").  A short form
    that different papers define differently is ambiguous and is left alone."""
    long_forms: dict[str, set[str]] = defaultdict(set)
    for node, data in graph.nodes(data=True):
        if data.get("label") not in schema.CONCEPT_LABELS:
            continue
        for alias in data.get("aliases", ()):
            if not looks_like_acronym(alias):  # (the cheap test first: most aliases fail it)
                continue
            short = schema.concept_id(data["label"], alias)
            if short != node:
                long_forms[short].add(node)
    merges = {}
    for short, targets in sorted(long_forms.items()):
        if short in graph and len(targets) == 1 and looks_like_acronym(graph.nodes[short]["name"]):
            target = next(iter(targets))
            if not graph.has_edge(short, target) and not graph.has_edge(target, short):
                merges[short] = target  # (an edge between them would become a loop)
    # a node that is merged away cannot also receive others
    return {s: t for s, t in merges.items() if t not in merges}
