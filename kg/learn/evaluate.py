"""`kg eval`: how well the extraction pipeline (or a mentions file) agrees with
annotated data written by others.

Entity data (SciERC, SciER, TDMSci): each gold text runs through exactly the path
`kg build` uses (`extractors.pipeline.build_nlp` and `extract`), as the abstract of a record
whose title is the document id; the abstract's concept mentions are compared with the
gold spans.  Precision, recall and F1 per type and micro-averaged, two ways:
  exact    a mention counts when a gold span has the same start, end and type;
  partial  a mention counts when it overlaps a gold span of its type, and a gold span
           is found when a mention of its type overlaps it.

Leaderboard data (Papers with Code): see `evaluate_leaderboards`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

import orjson

from kg.learn import gold
from kg import schema
from kg.errors import InputError
from extractors.mentions import Mention, PaperExtraction, overlaps
from kg.records import Record

SCORED_FIELD = "abstract"
MATCHES = ("exact", "partial")


@dataclass
class Counts:
    predicted: int = 0
    gold: int = 0
    correct_predicted: int = 0  # predictions that match (precision's numerator)
    found_gold: int = 0  # gold spans matched (recall's numerator)

    def add(self, other: "Counts") -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.correct_predicted += other.correct_predicted
        self.found_gold += other.found_gold

    def to_dict(self) -> dict:
        precision = self.correct_predicted / self.predicted if self.predicted else 0.0
        recall = self.found_gold / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "predicted": self.predicted,
            "gold": self.gold,
            "correct": self.correct_predicted,
            "found": self.found_gold,
        }


def score_spans(
    gold_docs: list[list[gold.Span]], predicted_docs: list[list[gold.Span]], types: Iterable[str]
) -> dict:
    """{match: {type: counts dict, ..., "micro": counts dict}} over the given types.
    Duplicate predictions (same span and type) count once."""
    types = list(types)
    counts = {m: {t: Counts() for t in types} for m in MATCHES}
    for gold_spans, predicted in zip(gold_docs, predicted_docs, strict=True):
        for label in types:
            wanted = set(s for s in gold_spans if s.label == label)
            made = set(s for s in predicted if s.label == label)
            exact = counts["exact"][label]
            exact.predicted += len(made)
            exact.gold += len(wanted)
            exact.correct_predicted += len(made & wanted)
            exact.found_gold += len(made & wanted)
            partial = counts["partial"][label]
            partial.predicted += len(made)
            partial.gold += len(wanted)
            partial.correct_predicted += sum(any(overlaps(p, g) for g in wanted) for p in made)
            partial.found_gold += sum(any(overlaps(p, g) for p in made) for g in wanted)
    report = {}
    for match, by_type in counts.items():
        micro = Counts()
        for value in by_type.values():
            micro.add(value)
        report[match] = {t: c.to_dict() for t, c in by_type.items()} | {"micro": micro.to_dict()}
    return report


def gold_records(docs: list[gold.GoldDoc]) -> list[Record]:
    """The records the pipeline reads for gold docs: the text as the abstract, the doc
    id as the title (title mentions are not scored)."""
    return [Record(title=doc.id, abstract=doc.text, source=doc.id) for doc in docs]


def run_pipeline(records: list[Record], model: str | None = None, jobs: int = 1) -> list[PaperExtraction]:
    from extractors.pipeline import build_nlp, extract

    return list(extract(records, build_nlp(model), jobs=jobs))


def read_mentions(path: str) -> list[PaperExtraction]:
    """A `kg extract` output: one PaperExtraction JSON object per line."""
    extractions = []
    for number, data in gold.load_json_lines(path):
        try:
            extractions.append(PaperExtraction.from_dict(data))
        except (KeyError, TypeError, ValueError):
            raise InputError(path, "not a paperkg mentions record", number) from None
    return extractions


def align_extractions(
    abstracts: list[str], extractions: list[PaperExtraction], path: str
) -> list[PaperExtraction | None]:
    """The extraction of each gold text, found by its abstract (a mentions file may
    hold the texts in any order, or only some of them)."""
    by_abstract = {" ".join(e.paper.abstract.split()): e for e in extractions}
    aligned = [by_abstract.get(" ".join(a.split())) for a in abstracts]
    if not any(aligned):
        raise InputError(
            path,
            "no paper in the mentions file has the abstract of a gold text "
            "(make it with `kg eval GOLD --texts FILE` then `kg extract FILE`)",
        )
    return aligned


def concept_mentions(extraction: PaperExtraction | None, field: str = SCORED_FIELD) -> list[Mention]:
    if extraction is None:
        return []
    return [m for m in extraction.mentions if m.field == field and m.label in schema.CONCEPT_LABELS]


def evaluate_entities(
    path: str,
    fmt: str | None = None,
    model: str | None = None,
    mentions: str | None = None,
    types: Iterable[str] | None = None,
    jobs: int = 1,
) -> dict:
    fmt, docs = gold.read_entities(path, fmt)
    present = {s.label for d in docs for s in d.spans}
    if types:
        unknown = set(types) - set(schema.CONCEPT_LABELS)
        if unknown:
            raise InputError(
                path,
                f"unknown type(s) {', '.join(sorted(unknown))}; "
                f"choose from {', '.join(schema.CONCEPT_LABELS)}",
            )
        types = [t for t in schema.CONCEPT_LABELS if t in types]
    else:
        types = [t for t in schema.CONCEPT_LABELS if t in present]
    if mentions:
        extractions = align_extractions([d.text for d in docs], read_mentions(mentions), mentions)
        source = mentions
    else:
        extractions = run_pipeline(gold_records(docs), model, jobs)
        source = f"pipeline ({'rules + ' + model if model else 'rules'})"
    predicted = [[gold.Span(m.start, m.end, m.label) for m in concept_mentions(e)] for e in extractions]
    renamed = {v: k for k, v in gold.TYPE_MAPS[fmt].items() if k.casefold() != v.casefold()}
    return {
        "gold": path,
        "format": fmt,
        "documents": len(docs),
        "scored": source,
        "missing": sum(e is None for e in extractions),
        "types": types,
        "gold_names": {t: renamed[t] for t in types if t in renamed},
        "scores": score_spans([d.spans for d in docs], predicted, types),
    }


def render_entity_report(report: dict) -> str:
    lines = [f"{report['gold']} ({report['format']}, {report['documents']} texts) scored: {report['scored']}"]
    if report["missing"]:
        lines.append(
            f"  {report['missing']} gold texts have no extraction in the mentions file "
            "(counted as finding nothing)"
        )
    for match in MATCHES:
        lines.append("")
        lines.append(f"{match} match      precision  recall      f1   pred   gold")
        for label, row in report["scores"][match].items():
            name = label + (f" ({report['gold_names'][label]})" if label in report["gold_names"] else "")
            lines.append(
                f"  {name:<18}{row['precision']:>7.3f}{row['recall']:>8.3f}"
                f"{row['f1']:>8.3f}{row['predicted']:>7}{row['gold']:>7}"
            )
    return "\n".join(lines)


# --- leaderboards -------------------------------------------------------------------


def lenient_key(name: str) -> str:
    """Case and punctuation do not count: 'CIFAR-10' and 'cifar 10' meet."""
    return re.sub(r"[\W_]+", "", name.casefold())


def lenient_match(a: str, b: str) -> bool:
    """Same key, or one key contains the other ('COCO' and 'COCO test-dev'); a contained
    key must have 3 characters at least, so that 'a' or 'V' do not match everything."""
    ka, kb = lenient_key(a), lenient_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long = sorted((ka, kb), key=len)
    return len(short) >= 3 and short in long


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[^\W_]+", text.casefold())) + " "


def stated_in(name: str, abstract_words: str) -> bool:
    """Whether an abstract names a leaderboard name: its words, or its words without a
    parenthesised part ('ImageNet (ILSVRC 2012)'), occur as whole words."""
    for variant in (name, re.sub(r"\([^)]*\)", " ", name)):
        words = _words(variant)
        if words.strip() and words in abstract_words:
            return True
    return False


def _names(mentions: list[Mention], label: str) -> list[str]:
    names = []
    for m in mentions:
        if m.label == label:
            names.append(m.text)
            if m.canonical:
                names.append(m.canonical)
    return names


def _recall(wanted: set[str], names: list[str]) -> int:
    return sum(any(lenient_match(w, n) for n in names) for w in wanted)


def evaluate_leaderboards(
    path: str, model: str | None = None, mentions: str | None = None, jobs: int = 1, limit: int | None = None
) -> dict:
    """Benchmarks against Papers with Code leaderboards.

    Papers kept: those with leaderboard entries whose abstract states a dataset, i.e.
    names at least one of the paper's leaderboard datasets as whole words (case and
    punctuation aside; see `stated_in`).  For them:
      dataset / task recall  distinct leaderboard names matched (`lenient_match`) by a
          Dataset / Task mention of the abstract; reported over all of the paper's
          leaderboard names, and over those the abstract states;
      benchmark precision  Result tuples made whose dataset, and task and metric where
          the tuple has them, match one leaderboard entry of the paper; and the looser
          share whose dataset alone matches an entry.
    """
    papers = [
        p
        for p in gold.read_leaderboards(path)
        if any(stated_in(e["dataset"], _words(p.abstract)) for e in p.entries)
    ]
    if limit:
        papers = papers[:limit]
    if mentions:
        extractions = align_extractions([p.abstract for p in papers], read_mentions(mentions), mentions)
        source = mentions
    else:
        records = [
            Record(title=p.title or p.id, abstract=p.abstract, arxiv_id=None, source=p.id) for p in papers
        ]
        extractions = run_pipeline(records, model, jobs)
        source = f"pipeline ({'rules + ' + model if model else 'rules'})"
    totals = defaultdict(int)
    for paper, extraction in zip(papers, extractions):
        abstract_words = _words(paper.abstract)
        found = concept_mentions(extraction)
        for key, label in (("dataset", schema.DATASET), ("task", schema.TASK)):
            wanted = {e[key] for e in paper.entries if isinstance(e.get(key), str)}
            stated = {w for w in wanted if stated_in(w, abstract_words)}
            names = _names(found, label)
            totals[f"{key}_all"] += len(wanted)
            totals[f"{key}_all_found"] += _recall(wanted, names)
            totals[f"{key}_stated"] += len(stated)
            totals[f"{key}_stated_found"] += _recall(stated, names)
        if extraction is None:
            continue
        for result in extraction.results:
            if result.field != SCORED_FIELD:
                continue
            if result.dataset is None:  # no dataset stated: no leaderboard tuple to check
                totals["results_without_dataset"] += 1
                continue
            totals["benchmarks"] += 1
            tuple_ = {
                role: extraction.mentions[index].text
                for role in ("dataset", "task", "metric")
                if (index := getattr(result, role)) is not None
            }
            dataset_ok = [e for e in paper.entries if lenient_match(tuple_["dataset"], e["dataset"])]
            totals["benchmarks_dataset_ok"] += bool(dataset_ok)
            totals["benchmarks_ok"] += any(
                all(lenient_match(tuple_[r], e.get(r) or "") for r in ("task", "metric") if r in tuple_)
                for e in dataset_ok
            )

    def ratio(numerator: str, denominator: str) -> float:
        return round(totals[numerator] / totals[denominator], 4) if totals[denominator] else 0.0

    return {
        "gold": path,
        "format": "leaderboard",
        "scored": source,
        "papers": len(papers),
        "missing": sum(e is None for e in extractions),
        "dataset_recall": ratio("dataset_all_found", "dataset_all"),
        "dataset_recall_stated": ratio("dataset_stated_found", "dataset_stated"),
        "task_recall": ratio("task_all_found", "task_all"),
        "task_recall_stated": ratio("task_stated_found", "task_stated"),
        "benchmark_precision": ratio("benchmarks_ok", "benchmarks"),
        "benchmark_dataset_precision": ratio("benchmarks_dataset_ok", "benchmarks"),
        "counts": dict(totals),
    }


def render_leaderboard_report(report: dict) -> str:
    c = report["counts"]
    return "\n".join(
        [
            f"{report['gold']} (leaderboard, {report['papers']} papers whose abstract states "
            f"a leaderboard dataset) scored: {report['scored']}",
            f"  dataset recall      {report['dataset_recall']:.3f}  ({c.get('dataset_all_found', 0)}/"
            f"{c.get('dataset_all', 0)} leaderboard datasets)",
            f"    of those stated   {report['dataset_recall_stated']:.3f}  ({c.get('dataset_stated_found', 0)}/"
            f"{c.get('dataset_stated', 0)})",
            f"  task recall         {report['task_recall']:.3f}  ({c.get('task_all_found', 0)}/"
            f"{c.get('task_all', 0)} leaderboard tasks)",
            f"    of those stated   {report['task_recall_stated']:.3f}  ({c.get('task_stated_found', 0)}/"
            f"{c.get('task_stated', 0)})",
            f"  benchmark precision {report['benchmark_precision']:.3f}  ({c.get('benchmarks_ok', 0)}/"
            f"{c.get('benchmarks', 0)} Benchmark tuples match an entry)",
            f"    dataset only      {report['benchmark_dataset_precision']:.3f}",
            f"  results naming no dataset (not leaderboard tuples, not scored): "
            f"{c.get('results_without_dataset', 0)}",
        ]
    )


def evaluate(path: str, fmt: str | None = None, **options) -> dict:
    fmt = fmt or gold.detect_format(path)
    if fmt == "leaderboard":
        options.pop("types", None)
        return evaluate_leaderboards(path, **options)
    options.pop("limit", None)
    return evaluate_entities(path, fmt, **options)


def render(report: dict) -> str:
    if report["format"] == "leaderboard":
        return render_leaderboard_report(report)
    return render_entity_report(report)


def write_texts(path: str, out: str, fmt: str | None = None) -> int:
    """The gold texts as a JSON Lines listing (`kg extract` reads it) so that a
    mentions file can be made for them elsewhere and scored with --mentions."""
    from kg.store.store import atomic_write_bytes

    fmt = fmt or gold.detect_format(path)
    if fmt == "leaderboard":
        rows = [
            {"title": p.title or p.id, "abstract": p.abstract}
            for p in gold.read_leaderboards(path)
            if any(stated_in(e["dataset"], _words(p.abstract)) for e in p.entries)
        ]
    else:
        rows = [
            {"title": r.title, "abstract": r.abstract} for r in gold_records(gold.read_entities(path, fmt)[1])
        ]
    atomic_write_bytes(out, b"".join(orjson.dumps(row) + b"\n" for row in rows))
    return len(rows)
