"""Reported results: "84.2% top-1 accuracy on ImageNet" becomes a `Result` — a benchmark
(the task, the dataset, the metric), the value reported on it, its kind and the method
that scored it — from the resolved concept mentions of a sentence and its numbers.

Which numbers are results:
  - a percentage, points, dB or a factor ("4.6x"); a bare decimal ("0.91") only beside
    a stated metric or a verb of scoring ("reaches 0.956"): a bare decimal alone is as
    often a version ("Llama 3.1");
  - not integers without a unit (counts, years), not numbers inside a name ("pass@200",
    "GPT-4"), not setup figures: "10% labeled data", "50% sparsity", "compression
    ratios of 20%" say how an experiment was run, not what it measured;
  - an absolute score needs a metric, a dataset or a verb of scoring in its clause;
    an improvement ("+3.8%", "by 29.7%", "3.6% above Y", "4.6x faster") is kept as
    kind "delta", never passed off as a score.
Where a number sits:
  - the dataset is one named in the number's own clause (a clause ends at ";",
    "while", "whereas", "but", ", and", "such as"): the one the number points to
    ("84.2% on ImageNet", a few words on, after "on/in/for/at/across"), else the
    nearest one before it with no other number in between; else the sentence's only
    dataset.  One number never lands on several datasets;
  - the metric is the nearest of the clause with no other number between; the task is
    one written beside the dataset ("COCO object detection"), else none;
  - the method is the one named before the number that is not a comparison's object
    ("X reaches 79.8%, 3.6% above Y": X scored, Y is the baseline), else the method the
    paper proposes.
A result with no dataset stated keeps `dataset=None`: it is still a result the paper
reports ("reduces computation by 25%"), filed under its metric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from extractors import names
from extractors.scanning import case_blind_matches, matches_at
from extractors.base import RuleComponent, declare, mention, results, sentences, store, text_of
from kg import schema
from extractors.mentions import Mention, Result, same_concept

#: A number a result may state: a percentage, points, dB, a factor, or a bare number.
#: Not one glued to a word ("1.4B"), an "@" ("pass@200"), a name's hyphen ("GPT-4") or a
#: period; "1.5-5.9%" is a range of two.
SCORE = re.compile(
    r"(?<![\w.@/^])(?<![^\W\d_]-)(?:\+\s?)?(?P<value>\d{1,4}(?:,\d{3})*(?:\.\d+)?|\.\d+)"
    r"(?:\s?(?P<unit>\\?%|pp\b|percentage points?\b|percent\b|points?\b|dB\b|[x×X](?![\w])|times\b|"
    r"\$?\\times\$?(?![A-Za-z])(?!\s*\$?\s*[\d{])))?"  # ("256 \\times 256" is a size, no factor)
    r"(?![\w.]*\d)(?!\w)"
)
#: "1.5-5.9%", "20% ~ 25%": a range; the first number takes the second's unit.
RANGE_JOIN = re.compile(r"^\s?(?:-|–|~|to)\s?$")
#: Text just before a number that makes it an improvement, not a score.
DELTA_BEFORE = re.compile(
    r"(?:\+\s?|\bby\s+(?:(?:up\s+to|about|around|nearly|almost|approximately|roughly|over|"
    r"more\s+than|at\s+least|an?\s+(?:average|relative|absolute)\s+of|on\s+average|"
    r"a\s+(?:further|relative)|another)\s+)*|\b(?:improvements?|gains?|increases?|boosts?|"
    r"reductions?|decreases?|drops?|speed-?ups?)\s+of\s+(?:up\s+to\s+|about\s+|over\s+)?|"
    r"\b(?:adds?|gains?|improves?\s+\w+\s+by)\s+(?:another\s+|a\s+further\s+|up\s+to\s+)?|"
    # "saves 58% of the time", "cuts up to 40% of the memory"
    r"\b(?:sav(?:e|es|ed|ing)|cut(?:s|ting)?)\s+(?:up\s+to\s+|about\s+|nearly\s+|over\s+|approx\w*\s+)?)$",
    re.IGNORECASE,
)
#: Text just after a number that makes it an improvement.
DELTA_AFTER = re.compile(
    r"^\s*(?:\(?relative\)?\s+|absolute\s+|average\s+|overall\s+)?(?:\w+\s+)?"
    r"(?:improvements?|increases?|gains?|boosts?|reductions?|decreases?|drops?|higher|lower|"
    r"better|more|less|fewer|faster|slower|smaller|larger|cheaper|speed-?ups?|savings?|above|"
    r"over|ahead|lead|margin|increment|acceleration)\b",
    re.IGNORECASE,
)
#: Words after a percentage that make it a setup figure ("10% labeled data").
SETUP_AFTER = re.compile(
    # (not past a clause word: "by 10 percent while reducing token usage")
    r"^\s*(?:of\s+(?:the\s+|all\s+|its\s+)?)?(?:(?!(?:while|whereas|and|but|with)\b)\w+\s+){0,2}?"
    r"(?:label(?:l)?ed|unlabel(?:l)?ed|"
    r"annotated|training|data\b|dataset|labels?\b|samples?\b|examples?\b|parameters?\b|weights?\b|"
    r"tokens?\b|noise\b|noisy\b|sparsity\b|budget\b|subsets?\b|splits?\b|masking\b|masked\b|"
    r"pruned\b|pruning\b|compression\b|dropout\b|of\s+the\b)",
    re.IGNORECASE,
)
#: Words before a number that make it a setup figure ("compression ratios of 20%").
SETUP_BEFORE = re.compile(
    r"\b(?:(?:compression|pruning|sparsity|masking|mask|noise|dropout|drop|sampling|learning|"
    r"keep|retention)\s+(?:ratios?|rates?|levels?)|sparsity|budget|using|contain(?:s|ing)?)"
    r"\s+(?:of\s+)?(?:up\s+to\s+|about\s+|around\s+)?$",
    re.IGNORECASE,
)
#: A verb of scoring just before a number: it makes even a bare decimal a score.
SCORING_BEFORE = re.compile(
    r"\b(?:achiev|reach|attain|obtain|scor|record|yield|deliver|hit|get|set)\w*\s+(?:an?\s+|the\s+)?"
    r"(?:[\w\-]+\s+){0,4}?(?:of\s+)?(?:up\s+to\s+|about\s+|around\s+|only\s+)?$|\(\s*$",
    re.IGNORECASE,
)
#: Where a clause of a sentence ends, for attaching numbers to datasets and metrics.
CLAUSE_BREAK = re.compile(r";|,?\s+(?:while|whereas|but|although|though)\b|,\s+and\b|\s+such\s+as\b")
#: Between a number and the dataset it points to: a few words ending in a preposition.
POINTS_TO = re.compile(
    # ("solves 70.8% of ProverBench": the share of its problems, right after the number)
    r"^(?:[\s,]*(?:[^\s;]+\s+){0,5}?(?:on|in|for|at|across|over)|\s+of)\s+(?:the\s+)?"
    # ("by 13% across diverse GUI platforms on the GUI grounding benchmarks ScreenSpot")
    r"(?:(?:[\w\-]+\s+){0,3}?(?:benchmarks?|datasets?|data\s+sets?|suites?)\s+)?$",
    re.IGNORECASE,
)
#: The same with more words between, none a name, a number or a clause's turn: "2.47dB and
#: 5.35dB PSNR over the baseline at high resolutions on UVG" (a capitalised word may be a
#: dataset no rule knew, "6% Top-1 on PRCC with competitive performance on LTCC").
POINTS_FAR_TO = re.compile(
    r"^[\s,]*(?:(?!with\b|while\b|and\b|but\b|whereas\b)[a-z][\w\-]*\s+){6,10}?(?:on|in|across)\s+(?:the\s+)?$"
)
#: Words of a comparison: a method named after one (and before the number) is the baseline.
COMPARED = re.compile(
    r"\b(?:outperform\w*|surpass\w*|beat\w*|exceed\w*|than|over|above|"
    r"compared\s+(?:to|with)|relative\s+to|vs\.?|versus|against)\b",
    re.IGNORECASE,
)
_FACTOR_UNITS = ("x", "×", "X", "times")


@dataclass(frozen=True)
class Score:
    start: int
    end: int
    value: float
    unit: str | None
    kind: str = "absolute"  # "absolute" (a score) or "delta" (an improvement)
    range_end: bool = False  # the second number of a range ("35-49%", "from 0.4 to 0.7")


def _unit(raw: str | None) -> str | None:
    if raw is None:
        return None
    if raw in _FACTOR_UNITS or "\\times" in raw:  # (LaTeX's "$\\times$" too)
        return "x"
    if raw in ("\\%", "percent"):  # (LaTeX's escaped percent sign, as arXiv abstracts keep it)
        return "%"
    if raw.startswith(("percentage point", "point")) or raw == "pp":
        return "points"
    return raw


def _scores(text: str, start: int, end: int) -> Iterator[re.Match]:
    """SCORE.finditer(text, start, end), the same matches, tried only where one can open:
    at a run of digits (a digit with none before it) or up to three characters before
    one ("+ .5").  Led by its look-behinds, SCORE was tried at every position."""
    starts = set()
    for digit in _DIGITS_START.finditer(text, start, end):
        starts.update(range(max(start, digit.start() - 3), digit.start() + 1))
    return matches_at(SCORE, text, starts, end)


def find_scores(text: str, start: int = 0, end: int | None = None) -> list[Score]:
    """The numbers of text[start:end] that may state results, with their kind; setup
    figures, counts, years and numbers inside names are left out.  The two ends of a
    range ("1.5-5.9%", "10-25% label noise") share unit, kind and setup."""
    end = len(text) if end is None else end
    matches = list(_scores(text, start, end))
    joined = [
        i + 1 < len(matches) and RANGE_JOIN.match(text[m.end() : matches[i + 1].start()]) is not None
        for i, m in enumerate(matches)
    ]
    units = [m.group("unit") for m in matches]
    for i in reversed(range(len(matches))):
        if joined[i] and units[i] is None:
            units[i] = units[i + 1]  # "1.5-5.9%": 1.5 is a percentage too
    setup, delta = [], []
    for match, raw in zip(matches, units):
        unit = _unit(raw)
        before = text[max(start, match.start() - 60) : match.start()]
        after = text[match.end() : min(end, match.end() + 50)]
        setup.append(
            unit in ("%", "points") and bool(SETUP_AFTER.match(after) or SETUP_BEFORE.search(before))
        )
        delta.append(
            unit == "x"
            or text[match.start()] == "+"
            or bool(DELTA_BEFORE.search(before))
            or bool(DELTA_AFTER.match(after))
        )
    for i in range(len(matches)):  # a range's ends agree, both ways
        if joined[i]:
            setup[i] = setup[i + 1] = setup[i] or setup[i + 1]
            delta[i] = delta[i + 1] = delta[i] or delta[i + 1]
    scores = []
    for i, match in enumerate(matches):
        unit = _unit(units[i])
        digits = match.group("value").replace(",", "")
        if unit is None and "." not in digits:
            continue  # an integer without a unit is a count or a year, not a score
        if units[i] == "times" and not DELTA_AFTER.match(text[match.end() : min(end, match.end() + 40)]):
            continue  # "4 times" alone counts repetitions; "4 times faster" is a factor
        if setup[i]:
            continue
        scores.append(
            Score(
                match.start(),
                match.end(),
                float(digits),
                unit,
                "delta" if delta[i] else "absolute",
                range_end=i > 0 and joined[i - 1],
            )
        )
    return scores


def _clauses(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    bounds, at = [], lo
    for cut in CLAUSE_BREAK.finditer(text, lo, hi):
        bounds.append((at, cut.start()))
        at = cut.start()
    bounds.append((at, hi))
    return bounds


#: Between a number and the next, its own measure and "and": "6.52 FID and 28.08 CLIP
#: score on X", both on X ("78.4% and 94.5% on A and B" pairs them one by one instead).
#: (No word that points to a set of its own: "8.2% on A and 4.6% on B".)
_OTHER_MEASURE_JOINED = re.compile(
    r"(?:[ \t]+(?!(?:on|in|for|at|across|over)\b)[A-Za-z][\w@\-]*){1,3},?[ \t]+and[ \t]+$", re.IGNORECASE
)


def _pointed_dataset(
    text: str, score: Score, datasets: list[tuple[int, Mention]], scores: list[Score]
) -> int | None:
    """The dataset a number points to ("84.2% on X"), no other score between."""
    for index, dataset in datasets:
        gap = text[score.end : dataset.start]
        if (
            dataset.start >= score.end
            and (POINTS_TO.match(gap) or POINTS_FAR_TO.match(gap))
            and not any(
                s.kind == "absolute"
                and score.end <= s.start < dataset.start
                and not _OTHER_MEASURE_JOINED.match(text, score.end, s.start)
                for s in scores
            )
        ):
            return index
    return None


def _dataset_for(
    text: str, score: Score, datasets: list[tuple[int, Mention]], scores: list[Score]
) -> int | None:
    """The dataset a number points to ("84.2% on X"), else the nearest before it with
    no other number between; None when the clause names none."""
    pointed = _pointed_dataset(text, score, datasets, scores)
    if pointed is not None:
        return pointed
    before = [
        (index, d)
        for index, d in datasets
        if d.end <= score.start and not any(d.end <= s.start < score.start for s in scores)
    ]
    return before[-1][0] if before else None


def _method_for(
    text: str,
    lo: int,
    score: Score,
    methods: list[tuple[int, Mention]],
    proposed: int | None,
    mentions: list[Mention],
) -> int | None:
    """The method that scored a number: the one it follows in brackets ("Llama2-7B
    (1.75)"), else the last one named before it that is no comparison's object (a
    comparison word between it and the method before it makes it the baseline), else
    the one the paper proposes.  The proposed method named before that one in the same
    clause scored it: the other is what it was applied to ("Using PLANSEARCH on top of
    Claude 3.5 Sonnet achieves 77.0%", "HyperAttention makes the inference time of
    ChatGLM2 50% faster")."""
    before = [(i, m) for i, m in methods if lo <= m.start and m.end <= score.start]
    if before and re.fullmatch(r"\s*\(\s*", text[before[-1][1].end : score.start]):
        return before[-1][0]
    baseline = []
    for k, (_, m) in enumerate(before):
        since = before[k - 1][1].end if k else lo
        baseline.append(
            bool(COMPARED.search(text, since, m.start))
            or (k > 0 and baseline[k - 1] and not CLAUSE_BREAK.search(text, since, m.start))
        )
    for k in reversed(range(len(before))):
        if not baseline[k]:
            return _proposed_applied(text, before, baseline, k, proposed, mentions)
    return proposed


def _proposed_applied(
    text: str,
    before: list[tuple[int, Mention]],
    baseline: list[bool],
    k: int,
    proposed: int | None,
    mentions: list[Mention],
) -> int:
    """`before[k]`'s method, or the proposed method when the clause names it earlier, as
    no baseline, with no clause break between the two."""
    scorer = before[k][1]
    if proposed is None or same_concept(scorer, mentions[proposed]):
        return before[k][0]
    for j in range(k):
        m = before[j][1]
        if (
            not baseline[j]
            and same_concept(m, mentions[proposed])
            and not CLAUSE_BREAK.search(text, m.end, scorer.start)
        ):
            return before[j][0]
    return before[k][0]


#: Between a dataset and its task within one naming: "COCO object detection", "the
#: detection benchmark of COCO", "ImageNet for image classification".
_TASK_BESIDE = re.compile(r"^[ \t]*(?:\S+[ \t]+){0,3}?$")


def _task_for(text: str, tasks: list[tuple[int, Mention]], dataset: Mention) -> int | None:
    """The task a result's dataset is named with: written right beside it (a task
    named elsewhere in the sentence matched the leaderboard's about half the time)."""
    for index, task in tasks:
        gap = text[task.end : dataset.start] if task.end <= dataset.start else text[dataset.end : task.start]
        if _TASK_BESIDE.match(gap) and not re.search(r"[,;:()]", gap):
            return index
    return None


def _unseparated(items: list[tuple[int, Mention]], score: Score, scores: list[Score]):
    """The mentions with no other number between them and this one."""
    return [
        (i, m)
        for i, m in items
        if not any(min(m.start, score.start) < s.start < max(m.end, score.end) and s != score for s in scores)
    ]


def _closest_measure(text: str, metrics: list[tuple[int, Mention]], score: Score):
    """The measure a number is in: one joined to it ("a Dice score of 80.7", "FID: 2.1",
    "ROUGE-L 4.8%", "95% Macro F1", "0.94 in recall", "3.7x lower latency"), the nearer
    if two are; else the one whose name begins nearest ("a Dice score of 80.7 and a
    Hausdorff distance of 8.9": 80.7 is no Hausdorff distance, though that name begins
    nearer to it)."""

    def rank(item: tuple[int, Mention]) -> tuple[int, int, int]:
        m = item[1]
        if m.end <= score.start:
            joined = MEASURE_JOINS.match(text, m.end)
            if joined and joined.end() == score.start:
                return (0, score.start - m.end, m.start)
        elif _JOINED_AFTER.fullmatch(text, score.end, m.start):
            return (0, m.start - score.end, m.start)
        return (1, abs(m.start - score.start), m.start)

    return min(metrics, key=rank, default=None)


#: What a measure is called: a few words ending in a word that names a measure.
_MEASURE_HEAD = (
    r"(?:error\s+rates?|[\w\-]+\s+rates?|loss|errors?|computation|compute|accuracy|perplexity|correlation|throughput|latency|"
    r"run-?time|(?:training|inference|wall-clock|computing|computational|running|execution|processing|search)\s+time|"
    r"costs?|efficiency|"
    r"speed-?ups?|savings|retention|memory|FLOPs|F1|BLEU|pass@\d+(?:\s+accuracy)?|"
    # what a screening or a system is judged by: "98.99% sensitivity", "36% lower bitrates",
    # "a memory consumption of 3 GB", "memory overhead by 20x"
    r"sensitivity|specificity|coverage|fidelity|bitrates?|consumption|overhead)"
)
#: (A head glued by a hyphen to the word after it is a modifier: "runtime-validated";
#: "F1-score" is F1.)
_MEASURE = rf"(?P<measure>(?:[A-Za-z][\w\-@]*\s+)?{_MEASURE_HEAD})(?!-(?!scores?\b|measure\b)\w)"
_NUMBER = r"\+?\d+(?:\.\d+)?\s?(?:\\?%|[x×X]\b|times\b|points?\b|pp\b)?"
#: Frames in which a phrase is the measure a number is reported in: "a training loss
#: of 1.68", "a 30% reduction in training time", "1.29x higher request-level
#: efficiency", "reducing computation by 25%", "FLOPs savings: 3.7x", "gains of +10.6%
#: in pass@8 accuracy".
MEASURE_FRAMES = [
    re.compile(f, re.IGNORECASE)
    for f in (  # the first four open with their number
        rf"{_NUMBER}\s*(?:relative\s+|absolute\s+|average\s+)?(?:reductions?|improvements?|increases?|"
        rf"decreases?|drops?|gains?|boosts?|savings?)\s+in\s+(?:the\s+)?{_MEASURE}\b",
        rf"{_NUMBER}\s+(?:higher|lower|faster|better|greater|smaller)\s+{_MEASURE}\b",
        rf"{_NUMBER}\s+{_MEASURE}\b",  # "(17-26% harmful rates on unseen targets)"
        # "20x fewer parameters", "40% less memory": what the system saves is its measure
        rf"{_NUMBER}\s+(?:fewer|less)\s+(?P<measure>(?:trainable\s+)?(?:parameters|params)|FLOPs|memory)\b",
        rf"\b(?:reduc|cut|improv|lift|lower|increas|boost|rais|decreas)\w*\s+(?:the\s+|its\s+|their\s+)?"
        rf"{_MEASURE}\s+(?:\w+\s+){{0,2}}by\s+(?:up\s+to\s+|about\s+|nearly\s+|over\s+)?{_NUMBER}",
        rf"\b(?:gains?|improvements?|increases?|reductions?|decreases?)\s+of\s+[^;]{{0,50}}?\d[^;]{{0,30}}?"
        rf"\bin\s+(?:the\s+)?{_MEASURE}\b",
        # "saves 58.49% of computational time", "cuts 40% of the memory"
        rf"\b(?:sav|cut|reduc)\w*\s+(?:up\s+to\s+|about\s+|nearly\s+|over\s+|approx\w*\s+)?{_NUMBER}\s+of\s+"
        rf"(?:the\s+|its\s+|their\s+)?{_MEASURE}\b",
    )
]
#: The words the last three frames open with (one of them right at the match's start).
_FRAME_OPENINGS = (
    ("reduc", "cut", "improv", "lift", "lower", "increas", "boost", "rais", "decreas"),
    ("gain", "improvement", "increase", "reduction", "decrease"),
    ("sav", "cut", "reduc"),
)


def _opening_frames(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """The measures of MEASURE_FRAMES[4:] in text[a:b], each frame's as its finditer
    gives them.  A case-blind alternation after a word boundary is tried at every
    position; each frame is tried only where one of its opening words is."""
    for frame, openings in zip(MEASURE_FRAMES[4:], _FRAME_OPENINGS):
        for match in case_blind_matches(frame, text, openings, a, b):
            yield match.span("measure")


#: Frames whose measure comes first ("a training loss of 1.68", "FLOPs savings: 3.7x"):
#: found by what joins the measure to its number, the measure then read backwards from
#: there (a frame opening with the measure would be tried at every word).
MEASURE_JOINS = re.compile(
    r"(?:\s+(?:of|as\s+low\s+as|as\s+high\s+as|as\s+low|drops?\s+to|reaching|below|above|under|at|ranging\s+from|"
    r"exceeds?|exceeding)\s+(?:up\s+to\s+|about\s+|only\s+|just\s+|nearly\s+)?|"
    r"\s*:\s*(?:up\s+to\s+|about\s+)?|\s+\(|\s(?=\d+\.\d))"  # "rates (93-95%)", "duplicate rate 0.080"
    r"(?=\+?\d)",
    re.IGNORECASE,
)
MEASURE_BEFORE = re.compile(rf"\b{_MEASURE}$", re.IGNORECASE)
#: Between a number and the measure named right after it: "95% Macro F1", "0.94 in
#: recall", "3.7x lower latency", "a 75% increase in IoU".
_JOINED_AFTER = re.compile(
    r"\s*(?:(?:higher|lower|less|fewer|more|better|greater|smaller|faster|relative|absolute|average|"
    r"overall)\s+){0,2}(?:(?:increases?|improvements?|reductions?|gains?|drops?|decreases?|boosts?)\s+in\s+"
    r"(?:the\s+)?|in\s+(?:the\s+)?)?",
    re.IGNORECASE,
)
#: Up to two more words of a measure's name between an article and what MEASURE_BEFORE
#: read ("an Quaternion Angle | distance error of 7.96").
_ARTICLED_WORDS = re.compile(r"\b(?:a|an|the)\s+(?P<words>(?:[A-Za-z][\w\-]*\s+){1,2})$", re.IGNORECASE)
#: Words that open no measure's name: a frame's phrase starts after the last of them.
_NOT_MEASURE_WORD = re.compile(
    r"^(?:the|a|an|of|in|on|to|and|or|with|by|for|our|its|their|this|that|these|"
    r"which|while|is|are|was|were|than|more|less|higher|lower|better|overall|"
    r"average|up|its|significantly|substantially|achiev\w*|reach\w*|deliver\w*|yield\w*|"
    r"show\w*|has|have|obtain\w*|get\w*|keep\w*|cut\w*|bring\w*|give\w*|gain\w*|"
    r"total|final|same|\d.*|ms|s|ns|us|µs|mm|cm|km|secs?|seconds?|minutes?|hours?|percent|percentage|"
    r"trillion|billion|million|thousand|highest|lowest|best|worst|without|over|under|hold\w*|"
    r"maintain\w*|stay\w*|remain\w*|preserv\w*|retain\w*|improv\w*|reduc\w*|increas\w*|decreas\w*|"
    r"boost\w*|rais\w*|demonstrat\w*|exhibit\w*|report\w*|observ\w*|[a-z]+ly)$",
    re.IGNORECASE,
)


_DIGITS = re.compile(r"\d+")
#: Where a run of digits starts (a digit with none before it): a search per sentence,
#: led by the digit so re skips to digits in C, costs less than listing every run.
_DIGITS_START = re.compile(r"\d(?<!\d.)")
#: How far from a number its frame may reach (the longest frame is under 150 characters).
_FRAME_REACH = 100


def _near_numbers(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The stretches of text[lo:hi] within reach of a number, merged: every frame holds
    a number, and trying the frames only there keeps them off most of the text."""
    stretches: list[list[int]] = []
    for digits in _DIGITS.finditer(text, lo, hi):
        start, end = max(lo, digits.start() - _FRAME_REACH), min(hi, digits.end() + _FRAME_REACH)
        if stretches and start <= stretches[-1][1]:
            stretches[-1][1] = end
        else:
            stretches.append([start, end])
    return [(a, b) for a, b in stretches]


_WORD = re.compile(r"\S+")
#: Words that judge a measure's value, not name it ("a high test accuracy of 99.2%").
_JUDGING = re.compile(
    r"^(?:new|competitive|reasonable|moderate|marginal|remarkable|impressive|excellent|superior|"
    r"comparable|promising|exceptional|strong|good|high|low|small|large|state-of-the-art|sota)$",
    re.IGNORECASE,
)


def _named_from(text: str, lo: int, start: int) -> int:
    """Where a measure read back from its number starts: at `start`, or earlier where an
    article opens up to two more words of its name ("a systolic phase | duration error of
    16.74 ms"); not over a verb, a judging word or a word no measure's name opens with."""
    first = _WORD.match(text, start)
    if not first or _NOT_MEASURE_WORD.match(first.group()):
        return start
    named = _ARTICLED_WORDS.search(text, max(lo, start - 40), start)
    if not named:
        return start
    words = named.group("words").split()
    if any(_NOT_MEASURE_WORD.match(w) or _JUDGING.match(w) or w.endswith(("ed", "es")) for w in words):
        return start
    return named.start("words")


def find_measures(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of the measures numbers are reported in, within text[lo:hi]."""
    found = []
    for digits in _DIGITS.finditer(text, lo, hi):  # the frames that open with their number
        start = digits.start() - (digits.start() > lo and text[digits.start() - 1] == "+")
        for frame in MEASURE_FRAMES[:4]:
            match = frame.match(text, start, hi)
            if match:
                found.append(match.span("measure"))
    for a, b in _near_numbers(text, lo, hi):
        found += _opening_frames(text, a, b)
        for join in MEASURE_JOINS.finditer(text, a, b):
            before = MEASURE_BEFORE.search(text, max(a, join.start() - 40), join.start())
            if before:
                start = before.start("measure")
                found.append((_named_from(text, a, start), before.end("measure")))
    spans = set()
    for start, end in found:
        words = list(re.finditer(r"\S+", text[start:end]))
        while len(words) > 1 and (
            _NOT_MEASURE_WORD.match(words[0].group())
            # "a state-of-the-art pass@200 of 77.0%" judges the value; the measure is pass@200
            or _JUDGING.match(words[0].group())
            # "a 24.7% relative (absolute) accuracy improvement" measures accuracy; "relative
            # error" and "absolute error" are names
            or words[0].group().casefold() in ("relative", "absolute")
            and not words[1].group().casefold().startswith("error")
        ):
            words.pop(0)
        if words and not _NOT_MEASURE_WORD.match(words[0].group()):
            spans.add((start + words[0].start(), end))
    return sorted(spans)


def numbered_sentences(doc: Doc) -> list[tuple[int, int]]:
    """The doc's sentences that hold a digit: only they can state a result (most
    sentences of an abstract hold none, and skipping them halves the cost).  Found once
    per doc: the measures and the results both ask."""
    kept = doc.user_data.get("paperkg_numbered_sentences")
    if kept is not None:
        return kept
    text = text_of(doc)
    kept = [(lo, hi) for lo, hi in sentences(doc) if _DIGITS_START.search(text, lo, hi)]
    doc.user_data["paperkg_numbered_sentences"] = kept
    return kept


#: A measured number right before a name: "0.154 MAE", "25.1 BLEU", "12% WER" (the name
#: is what it measures; a whole number may count things: "3 GNNs").
_NUMBER_BEFORE = re.compile(r"\d(?:\.\d+(?:\\?%)?|\\?%)\s$")  # (LaTeX writes "\%")


def _measured_acronyms(text: str, mentions: list[Mention]) -> None:
    """A bare acronym the acronym rule took for a method is a metric where a number
    stands right before it ("with 0.154 MAE") or a metric shares a slash with it
    ("FID/HPSv2")."""
    metric_ends = {m.end for m in mentions if m.label == schema.METRIC}
    metric_starts = {m.start for m in mentions if m.label == schema.METRIC}
    for m in mentions:
        if m.label == schema.METHOD and m.attrs.get("pattern") == "acronym" and m.role != "PROPOSES":
            if (
                _NUMBER_BEFORE.search(text, max(0, m.start - 12), m.start)
                or text[m.start - 1 : m.start] == "/"
                and m.start - 1 in metric_ends
                or text[m.end : m.end + 1] == "/"
                and m.end + 1 in metric_starts
            ):
                m.label, m.role, m.canonical = schema.METRIC, "USES", None
                m.attrs = {**m.attrs, "pattern": "measured-acronym"}


def add_measure_mentions(doc: Doc, mentions: list[Mention], component: str, confidence: float) -> None:
    """Metric mentions for the measures that frames name: a lexicon metric inside a
    longer measure ("accuracy" in "pass@8 accuracy") takes the measure's span; a span
    another concept holds is left to it; an acronym taken for a method that a number
    measures is a metric."""
    text = text_of(doc)
    numbered = numbered_sentences(doc)
    if numbered:
        _measured_acronyms(text, mentions)
    for lo, hi in numbered:
        for start, end in find_measures(text, lo, hi):
            overlapping = [m for m in mentions if m.start < end and start < m.end and m.field == ""]
            if any(m.label != schema.METRIC for m in overlapping if m.label in schema.CONCEPT_LABELS):
                continue
            inside = [m for m in overlapping if m.label == schema.METRIC]
            if inside:
                widest = max(inside, key=lambda m: m.end - m.start)
                if widest.start >= start and widest.end <= end and (widest.start, widest.end) != (start, end):
                    widest.start, widest.end, widest.text, widest.canonical = (
                        start,
                        end,
                        text[start:end],
                        None,
                    )
                continue
            mentions.append(
                mention(
                    doc,
                    schema.METRIC,
                    start,
                    end,
                    component,
                    confidence,
                    role="USES",
                    attrs={"pattern": "measure-frame"},
                )
            )


def find_results(doc: Doc, mentions: list[Mention], component: str, confidence: float) -> list[Result]:
    concepts = [(i, m) for i, m in enumerate(mentions) if m.label in schema.CONCEPT_LABELS]
    proposed = next((i for i, m in concepts if m.role == "PROPOSES"), None)
    text = text_of(doc)
    found = []
    for lo, hi in numbered_sentences(doc):
        inside = [(i, m) for i, m in concepts if lo <= m.start and m.end <= hi]
        taken = [(m.start, m.end) for _, m in inside]
        scores = [s for s in find_scores(text, lo, hi) if not any(a <= s.start < b for a, b in taken)]
        if not scores:
            continue
        methods = [(i, m) for i, m in inside if m.label == schema.METHOD]
        all_datasets = [i for i, m in inside if m.label == schema.DATASET]
        clauses = _clauses(text, lo, hi)
        # "... on A and B, by 3.8% and 4.4%, respectively": the n-th number is on the
        # n-th dataset; when the counts differ, no number can be placed
        respective = None
        if "respectively" in text[lo:hi] and len(all_datasets) >= 2:
            respective = (
                dict(zip((s.start for s in scores), all_datasets)) if len(scores) == len(all_datasets) else {}
            )
        for c_lo, c_hi in clauses:
            here = [(i, m) for i, m in inside if c_lo <= m.start and m.end <= c_hi]
            datasets = [(i, m) for i, m in here if m.label == schema.DATASET]
            metrics = [(i, m) for i, m in here if m.label == schema.METRIC]
            tasks = [(i, m) for i, m in here if m.label == schema.TASK]
            clause_scores = [s for s in scores if c_lo <= s.start < c_hi]
            previous: tuple[Score, int | None] | None = None
            placed: dict[int, Result] = {}  # the result each score of the clause gave
            for k, score in enumerate(clause_scores):
                second_end = clause_scores[k + 1] if k + 1 < len(clause_scores) else None
                # "from 35.5% to 44.5% on GSM8K": both ends are on the data the second points to
                pointed = (
                    _pointed_dataset(text, second_end, datasets, clause_scores)
                    if second_end is not None and second_end.range_end and respective is None
                    else None
                )
                dataset = (
                    pointed
                    if pointed is not None
                    else _dataset_for(text, score, datasets, clause_scores)
                    if respective is None
                    else respective.get(score.start)
                )
                if (
                    dataset is None
                    and previous
                    and score.kind == "delta"
                    and previous[0].kind == "absolute"
                    and re.fullmatch(r"[\s,;(]*", text[previous[0].end : score.start])
                ):
                    dataset = previous[1]  # "81.2% on X, 2.7% above Y": the gap is on X too
                if dataset is None and respective is None and len(all_datasets) == 1 and not datasets:
                    # the sentence's only dataset, named in another clause: "on Wikitext,
                    # leading approaches reach a PPL of 10, but X achieves 6.72 PPL", "on
                    # Waymo with 4.6x speedup over SST and 1.4x over CenterPoint"
                    dataset = all_datasets[0]
                metric = _closest_measure(text, _unseparated(metrics, score, clause_scores), score)
                # ("17-26% harmful rates": the first end takes the measure after the second)
                if metric is None and second_end is not None and second_end.range_end:
                    metric = _closest_measure(
                        text, _unseparated(metrics, second_end, clause_scores), second_end
                    )
                first_end = placed.get(clause_scores[k - 1].start) if score.range_end and k else None
                if first_end is not None:
                    # a range's ends are measured alike: "success rates of 35-49%"
                    if first_end.metric is not None:
                        metric = (first_end.metric, mentions[first_end.metric])
                    dataset = dataset if dataset is not None else first_end.dataset
                task = _task_for(text, tasks, mentions[dataset]) if dataset is not None else None
                scoring = SCORING_BEFORE.search(text, max(lo, score.start - 60), score.start)
                if score.unit is None and not (metric or scoring):
                    continue  # a bare decimal with nothing saying it is a score
                if score.kind == "absolute" and not (metric or dataset is not None or scoring):
                    continue  # a percentage nothing ties to a measurement
                spans = [score] + [mentions[i] for i in (metric and metric[0], dataset) if i is not None]
                start, end = min(x.start for x in spans), max(x.end for x in spans)
                previous = (score, dataset)
                placed[score.start] = Result(
                    dataset=dataset,
                    task=task,
                    metric=metric[0] if metric else None,
                    method=_method_for(text, lo, score, methods, proposed, mentions),
                    value=score.value,
                    unit=score.unit,
                    kind=score.kind,
                    start=start,
                    end=end,
                    field="",
                    sentence=text[lo:hi],
                    component=component,
                    confidence=confidence if metric and dataset is not None else confidence * 0.7,
                )
                found.append(placed[score.start])
    return found


declare("results")


class ResultFinder(RuleComponent):
    """spaCy component: `doc._.results` and the same `Result`s on `doc._.kg_results`."""

    def match(self, doc: Doc) -> list[Result]:
        mentions = results(doc, "kg_mentions")
        add_measure_mentions(doc, mentions, self.name, self.confidence)
        return find_results(doc, mentions, self.name, self.confidence)

    def set_annotations(self, doc: Doc, found: list[Result]) -> None:
        store(doc, "results", found)
        results(doc, "kg_results").extend(found)


@Language.factory(names.RESULTS, default_config={"confidence": 0.7})
def make_result_finder(nlp: Language, name: str, confidence: float) -> ResultFinder:
    return ResultFinder(nlp, name, confidence)
