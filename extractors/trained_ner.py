"""Trained NER alongside the rules: a pipeline's `doc.ents` (from `kg train`) become
concept mentions, and where they overlap the rules' mentions one of the two is kept.

The component runs after the rule components.  With `prefer="model"` (the default;
a model trained on annotated text draws span boundaries the way annotators do) a
rule mention that overlaps an entity of a label the model knows gives way to it; the
entity inherits what the rule knew about the paper (its role, e.g. PROPOSES, and
where the spans are the same, its canonical name), and relations and results that
pointed at the rule mention point at the entity.  With `prefer="rules"` entities
only fill gaps the rules left.  Mentions of labels the model was not trained on
(say Metric, for a model trained on SciER) are never touched.  Entities of the
labels paperkg has no node for (SciERC's OtherScientificTerm and Generic, which
`kg train` learns to tell concepts from) never become mentions, but they contest
rule mentions all the same: the model read that text as no concept.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractors import names
from extractors.base import mention, results
from kg import schema
from extractors.mentions import Mention, overlaps

NAME = names.TRAINED_NER
PREFERENCES = ("model", "rules")


class TrainedNER:
    def __init__(self, nlp: Language, name: str, confidence: float, prefer: str):
        if prefer not in PREFERENCES:
            raise ValueError(f"prefer must be one of {PREFERENCES}, not {prefer!r}")
        self.name = name
        self.confidence = confidence
        self.prefer = prefer
        ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
        self.labels = {label for label in (ner.labels if ner else ()) if label in schema.CONCEPT_LABELS}

    def entities(self, doc: Doc) -> list[Mention]:
        return [
            mention(doc, ent.label_, ent.start_char, ent.end_char, self.name, self.confidence)
            for ent in doc.ents
            if ent.label_ in self.labels
        ]

    def __call__(self, doc: Doc) -> Doc:
        if not doc.ents:
            return doc
        found = self.entities(doc)
        # every entity contests, those of labels that never become mentions too
        read = [(e.start_char, e.end_char) for e in doc.ents]
        rules = results(doc, "kg_mentions")
        contested = [
            i
            for i, m in enumerate(rules)
            if m.label in self.labels and any(m.start < end and start < m.end for start, end in read)
        ]
        if self.prefer == "rules":
            taken = [rules[i] for i in contested]
            rules.extend(e for e in found if not any(overlaps(e, t) for t in taken))
            return doc
        self._replace(doc, rules, set(contested), found)
        return doc

    def _replace(self, doc: Doc, rules: list[Mention], contested: set[int], found: list[Mention]) -> None:
        """Drop the contested rule mentions, add the entities, and re-point relations
        and results from a dropped mention to the entity of the same label over it."""
        kept: list[Mention] = []
        new_index: dict[int, int | None] = {}
        for i, rule in enumerate(rules):
            if i not in contested:
                new_index[i] = len(kept)
                kept.append(rule)
        for i in sorted(contested):
            rule = rules[i]
            heir = next((j for j, e in enumerate(found) if e.label == rule.label and overlaps(rule, e)), None)
            new_index[i] = None if heir is None else len(kept) + heir
            if heir is not None:
                entity = found[heir]
                entity.role = entity.role or rule.role
                if (rule.start, rule.end) == (entity.start, entity.end):
                    entity.canonical = entity.canonical or rule.canonical
                    entity.attrs = {**rule.attrs, **entity.attrs}
        rules[:] = kept + found
        relations = results(doc, "kg_relations")
        relations[:] = [r for r in relations if self._repoint(r, ("head", "tail"), new_index)]
        outcomes = results(doc, "kg_results")
        outcomes[:] = [
            r
            for r in outcomes
            if self._repoint(r, ("dataset", "task", "metric", "method"), new_index, required=("dataset",))
        ]

    @staticmethod
    def _repoint(item, roles, new_index, required=None) -> bool:
        """Move `item`'s mention indexes to the new list; False when a required one (all
        of `roles` unless `required` says) lost its mention."""
        required = roles if required is None else required
        for role in roles:
            old = getattr(item, role)
            if old is None:
                continue
            new = new_index.get(old)
            if new is None and role in required:
                return False
            setattr(item, role, new)
        return True


@Language.factory(NAME, default_config={"confidence": 0.75, "prefer": "model"})
def make_trained_ner(nlp: Language, name: str, confidence: float, prefer: str) -> TrainedNER:
    return TrainedNER(nlp, name, confidence, prefer)
