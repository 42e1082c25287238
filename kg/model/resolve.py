"""How a text names a node: one set of rules for every path that resolves one.

`kg show` reads the query index, `kg curate` and `kg export html --focus` the whole
graph, and named queries the index or a server; a rule that one of them knows and
another does not is a paper that is in the graph answering "not found".  So each path
asks the same questions (`id_forms`, then how each node matched) and orders what it
found with the same `rank`.  The rules, strongest first:

- `id`: the node's id, exactly;
- `former id`: an id the paper had before it gained its arXiv id (`former_ids`);
- `arXiv id`: the text is an arXiv id in any written form (`2402.00001`,
  `2402.00001v2`, `arXiv:2402.00001v2`, `https://arxiv.org/abs/2402.00001v2`), and the
  paper `arxiv:2402.00001` is in the graph;
- `merged id`: the concept id (`method:...`, `dataset:...`) of a concept merged into
  this one (a short form such as `method:sam`, or a `kg curate merge`), kept in its
  `absorbed` records;
- `name`, then `alias`: the same text in any case (Unicode lower case, as the
  index's engine folds it).
"""

from __future__ import annotations

import re

from kg import schema

ID, FORMER_ID, ARXIV_ID, MERGED_ID, NAME, ALIAS = (
    "id",
    "former id",
    "arXiv id",
    "merged id",
    "name",
    "alias",
)
#: How a node can match, strongest first; the first four name one node each.
HOW = (ID, FORMER_ID, ARXIV_ID, MERGED_ID, NAME, ALIAS)
ID_KINDS = frozenset(HOW[:4])

#: An arXiv id and nothing else (a name that contains one is not an id).
_WHOLE_ARXIV_ID = re.compile(
    r"(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:\s*)?"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?",
    re.IGNORECASE,
)

#: Which of several nodes with one name is shown first: concepts, then papers and
#: repositories; a Benchmark is named after its dataset and comes last.
_LABEL_RANK = {
    label: rank
    for rank, label in enumerate((*schema.CONCEPT_LABELS, schema.PAPER, schema.REPOSITORY, schema.BENCHMARK))
}


def folded(text: str) -> str:
    """The text as names and aliases are compared."""
    return text.strip().lower()


def arxiv_paper_id(text: str) -> str | None:
    """`arxiv:2402.00001` when the text is an arXiv id in any written form, else None."""
    match = _WHOLE_ARXIV_ID.fullmatch(text.strip())
    return schema.paper_id(match["id"].lower(), "") if match else None


#: The ids a merged concept can have had: `absorbed` records start with one of these.
_CONCEPT_ID_PREFIXES = tuple(f"{label.lower()}:" for label in schema.CONCEPT_LABELS)


def merged_prefix(text: str) -> str | None:
    """What an `absorbed` record of the concept with this id starts with; None when the
    text is no concept id (no node absorbed it: the index then skips the lookup, which
    reads every concept's records)."""
    return f"{text}\t" if text.startswith(_CONCEPT_ID_PREFIXES) else None


class Wanted:
    """A text to resolve, with the forms each rule compares (worked out once, not per node)."""

    def __init__(self, text: str):
        self.text, self.folded = text, folded(text)
        self.arxiv_id, self.merged_prefix = arxiv_paper_id(text), merged_prefix(text)

    def how(self, node: str, data: dict) -> str | None:
        """How the text names this node (its id, its properties), or None: the rules
        above, for a path that holds the node's data in memory."""
        if node == self.text:
            return ID
        if self.text in (data.get("former_ids") or ()):
            return FORMER_ID
        if node == self.arxiv_id:
            return ARXIV_ID
        if self.merged_prefix and any(
            record.startswith(self.merged_prefix) for record in data.get("absorbed") or ()
        ):
            return MERGED_ID
        if not self.folded:  # (blank text names nothing, not every unnamed node)
            return None
        if str(data.get("name") or "").lower() == self.folded:
            return NAME
        if any(str(alias).lower() == self.folded for alias in data.get("aliases") or ()):
            return ALIAS
        return None


def rank(matches, degree=None) -> list[tuple[str, str]]:
    """(node id, how) pairs of (node id, label, how) matches, best first: what names one
    node (its id, a former or merged id), then concepts before papers, repositories and
    benchmarks, names before aliases, then the node with more edges (`degree`, node ->
    edge count): "ImageNet" is both a dataset with hundreds of papers and a method
    named once, and a user asking for it means the dataset; then label and id."""
    degree = degree or {}
    ordered = sorted(
        matches,
        key=lambda m: (
            m[2] not in ID_KINDS,
            m[1] == schema.BENCHMARK,
            HOW.index(m[2]),
            -degree.get(m[0], 0),
            _LABEL_RANK.get(m[1], 99),
            m[0],
        ),
    )
    return [(node, how) for node, _, how in ordered]
