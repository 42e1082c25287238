"""Reported results: "84.2% top-1 accuracy on ImageNet" becomes a `Result` — a benchmark
(the task, the dataset, the metric) and the value reported on it — from the resolved
concept mentions of a sentence and the numbers between them.

A sentence gives a result for each dataset it names when it also states a metric or a
score (a percentage or a decimal): counts like "3 datasets" or years are not scores.
The value is the score nearest the dataset, the metric the one nearest that score;
the task is one named in the same sentence (a task named elsewhere in the abstract
matched the leaderboard's task for only one result in four); the method is the one
the text proposes, else the one named first in the sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import RuleComponent, results, sentences, text_of
from kg import schema
from kg.mentions import Mention, Result

#: A score: a percentage, points, dB, or a decimal ("84.2", "0.91").
SCORE = re.compile(r"(?<![\w.\-])(?P<value>\d{1,3}(?:\.\d+)?|\.\d+)\s?(?P<unit>%|pp\b|points?\b|dB\b)?"
                   r"(?![\w.]*\d)(?!\s?(?:x|×|times)\b)")


@dataclass(frozen=True)
class Score:
    start: int
    end: int
    value: float
    unit: str | None


def find_scores(text: str, start: int = 0, end: int | None = None) -> list[Score]:
    scores = []
    for match in SCORE.finditer(text, start, len(text) if end is None else end):
        unit = match.group("unit")
        if unit is None and "." not in match.group("value"):
            continue   # an integer without a unit is a count or a year, not a score
        scores.append(Score(match.start(), match.end(), float(match.group("value")),
                            unit.rstrip("s") if unit else None))
    return scores


def _nearest(items, position: int):
    return min(items, key=lambda item: (abs(item[1].start - position), item[1].start), default=None)


def find_results(doc: Doc, mentions: list[Mention], component: str,
                 confidence: float) -> list[Result]:
    concepts = [(i, m) for i, m in enumerate(mentions) if m.label in schema.CONCEPT_LABELS]
    if not any(m.label == schema.DATASET for _, m in concepts):
        return []
    proposed = next((i for i, m in concepts if m.role == "PROPOSES"), None)
    found = []
    for lo, hi in sentences(doc):
        sentence = text_of(doc)[lo:hi]
        inside = [(i, m) for i, m in concepts if lo <= m.start and m.end <= hi]
        datasets = [(i, m) for i, m in inside if m.label == schema.DATASET]
        metrics = [(i, m) for i, m in inside if m.label == schema.METRIC]
        if not datasets:
            continue
        taken = [(m.start, m.end) for _, m in inside]
        scores = [(None, s) for s in find_scores(text_of(doc), lo, hi)
                  if not any(a <= s.start < b for a, b in taken)]
        if not scores and not metrics:
            continue
        tasks = [i for i, m in inside if m.label == schema.TASK]
        methods = [i for i, m in inside if m.label == schema.METHOD]
        for index, dataset in datasets:
            score = _nearest(scores, dataset.start)
            score = score[1] if score else None
            metric = _nearest(metrics, score.start if score else dataset.start)
            start = min(dataset.start, *(x.start for x in (score, metric and metric[1]) if x))
            end = max(dataset.end, *(x.end for x in (score, metric and metric[1]) if x))
            found.append(Result(
                dataset=index, task=tasks[0] if tasks else None,
                metric=metric[0] if metric else None,
                method=proposed if proposed is not None else (methods[0] if methods else None),
                value=score.value if score else None, unit=score.unit if score else None,
                start=start, end=end, field="", sentence=sentence, component=component,
                confidence=confidence if score and metric else confidence * 0.7))
    return found


if not Doc.has_extension("results"):
    Doc.set_extension("results", default=None)


class ResultFinder(RuleComponent):
    """spaCy component: `doc._.results` and the same `Result`s on `doc._.kg_results`."""

    def match(self, doc: Doc) -> list[Result]:
        return find_results(doc, doc._.kg_mentions or [], self.name, self.confidence)

    def set_annotations(self, doc: Doc, found: list[Result]) -> None:
        doc._.results = found
        results(doc, "kg_results").extend(found)



@Language.factory("paperkg_results", default_config={"confidence": 0.7})
def make_result_finder(nlp: Language, name: str, confidence: float) -> ResultFinder:
    return ResultFinder(nlp, name, confidence)
