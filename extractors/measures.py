"""The measures a text says it improves, without a number: "improving faithfulness",
"lower training loss", "reductions in wall-clock time", "reducing search costs",
"gains in accuracy", "measured by pre-training loss".

A measure is a metric head ("loss", "accuracy", "time", "costs", "rate", "speedup"
...) with the modifiers before it ("training loss", "pass@8 accuracy"; a "bias" is
more often a phenomenon a paper studies than its measure), or a quality a system is
judged by ("faithfulness", "diversity", "calibration", "consistency"); it counts as the
paper's metric only where the text moves or takes it: after a verb or noun of change
("improve", "reduce", "lower", "gains in") or of comparison ("superior", "comparable"),
before "by"/"of" and a number, or in the list a verb of recording gives ("we record
pre-training loss, downstream task loss and task accuracy").  (Numbered frames, "a training loss of 1.68", are the results
component's.)
"""

from __future__ import annotations

import re

from extractors.scanning import matches_at, occurrences

#: Heads of measures; the first group may stand alone, the second needs a modifier
#: ("training time", "test risk"); "costs" named what a method
#: saves more often than what a paper measured.
_BARE_HEADS = (
    r"accuracy|loss|runtime|latency|throughput|perplexity|speed-?ups?|error\s+rates?|"
    r"errors|computation|memory|faithfulness|diversity|informativeness|calibration|fluency|coherence|"
    r"consistency|coverage"
)
#: (Frames with no number take the heads but "efficiency": a quality a method is said to
#: improve, "boosts the data efficiency of Transformers", names a measure only with a
#: number; 6 of 10 such metrics on the paper cards were none.)
_MODIFIED_HEADS_UNNUMBERED = r"time|rates?|ratios?|risk|savings|scores?|speed"
_MODIFIED_HEADS = _MODIFIED_HEADS_UNNUMBERED + r"|efficiency"
#: A word that may modify a measure: lower case or a metric's own shape ("FLOPs",
#: "pass@8", "top-1", "wall-clock"), not a word of the frame itself.
_MODIFIER = (
    r"(?!(?:and|or|of|the|to|in|on|for|with|by|at|as|these|those|such|all|any|both|only|over|under|"
    r"across|between|without|that|which|help|helps)\b)"
    r"(?:[a-z][\w@\-]*|[A-Z]+[a-z]?s?|[A-Za-z]+@\d+)"
)
_NOT_MODIFIER = re.compile(
    r"(?:the|a|an|of|in|on|to|and|or|with|by|for|our|its|their|this|that|both|it|we|they|which|"
    r"achiev(?:e|es|ed|ing)|yield(?:s|ed|ing)?|show(?:s|ed|ing)?|deliver(?:s|ed|ing)?|"
    r"significantly|substantially|much|overall|average|better|lower|higher|"
    r"reduced|improved|increased|decreased|lowered|reducing|improving|"
    r"increasing|decreasing|lowering|while|at|same|total|final|model|models|"
    r"is|are|was|were|can|also|further|greatly|consistently|dramatically|end-to-end|relative|"
    r"absolute|substantial|significant|considerable|large|small|marked|notable|high|low|"
    r"state-of-the-art|sota|good|poor|strong|weak)$",
    re.IGNORECASE,
)
#: Words before a measure that say the text moves it.
_CHANGE = (
    r"(?:improv(?:e|es|ed|ing)|reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)?|higher|better|"
    r"decreas(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|boost(?:s|ed|ing)?|cut(?:s|ting)?|"
    r"(?:gains?|reductions?|drops?|"
    r"improvements?|savings?)\s+in|measured\s+by|in\s+terms\s+of|superior|comparable|competitive|"
    r"halv(?:e|es|ed|ing)|faster)"
)
_CHANGE_WORD = re.compile(_CHANGE, re.IGNORECASE)
MEASURE_IN_FRAME = re.compile(
    rf"\b{_CHANGE}\s+(?:(?:the|both|its|their|overall|significantly|substantially|much|"
    rf"end-to-end)\s+)*(?P<measure>(?:{_MODIFIER}\s+){{0,2}}(?:{_BARE_HEADS}|{_MODIFIED_HEADS_UNNUMBERED}))\b"
    rf"(?P<more>\s+and\s+(?:(?:significantly|substantially|much)\s+)?(?:lower|higher|better|"
    rf"reduced|improved)?\s*(?P<second>(?:{_MODIFIER}\s+){{0,2}}(?:{_BARE_HEADS}|{_MODIFIED_HEADS_UNNUMBERED}))\b)?"
)
#: "... costs by 25%": the measure before "by" and a number.
MEASURE_BY_NUMBER = re.compile(
    rf"(?<![\w@\-])(?P<measure>(?:{_MODIFIER}\s+){{0,2}}(?:{_BARE_HEADS}|{_MODIFIED_HEADS}))\s+by\s+"
    r"(?:up\s+to\s+|about\s+|nearly\s+|over\s+|around\s+)?\+?\d"
)
#: "the test risk of X decreases", "our data efficiency gains": the measure, then its change.
MEASURE_THEN_CHANGE = re.compile(
    rf"(?<![\w@\-])(?P<measure>(?:{_MODIFIER}\s+){{0,2}}(?:{_BARE_HEADS}|{_MODIFIED_HEADS_UNNUMBERED}))\s+"
    r"(?:of\s+(?:the\s+)?[\w\-]+\s+(?:[\w\-]+\s+)?)?(?:decreases|increases|drops|declines|improves|grows|"
    r"gains|improvements)\b"
)
#: "we record pre-training loss, downstream task loss and task accuracy": the measures
#: a verb of recording lists, one after another (each a measure's head with its
#: modifiers), up to the first item that is none.
_RECORDING = re.compile(
    # ("tracking accuracy", "tracking movements over time": a task, not a verb of recording)
    r"\b(?:(?:record|report|monitor)(?:s|ed|ing)?|track(?:s|ed)?)\s+(?:the\s+|their\s+|its\s+)?|"
    r"\bmeasur(?:e|es|ed|ing)\s+(?:the\s+|their\s+|its\s+)?"
)
#: A quality named by its abstract noun ("simulatability", "helpfulness"): a measure
#: where a verb of recording lists it among others ("measuring simulatability,
#: faithfulness, helpfulness"); alone ("we measure the effectiveness of X") it seldom
#: names one.
_QUALITY_NOUN = r"(?!(?:business|harness|witness|wilderness|awareness|capability|ability)\b)[a-z]{3,}(?:ness|ability|ibility)"
_QUALITY = re.compile(_QUALITY_NOUN)
_RECORDED_ITEM = re.compile(
    rf"(?P<measure>(?:{_MODIFIER}\s+){{0,2}}(?:{_BARE_HEADS}|{_MODIFIED_HEADS}|{_QUALITY_NOUN}))\b"
    r"(?P<next>,\s+(?:and\s+|or\s+)?(?:the\s+)?|\s+(?:and|or)\s+(?:the\s+)?)?"
)
_RECORDING_WORDS = ("record", "report", "measur", "track", "monitor")
#: "we define two key metrics: loss divergence in the forward pass, ...", "metrics such
#: as BLEU and chrF", "two symmetric metrics, Forget Degree and Retain Utility", "across
#: multiple metrics (character attribution, spatial plausibility, and movement economy)"
#: (a bracket holding a list of words, no number), "criteria including agreement and
#: actionability": the names a text gives its metrics, whatever their head.
_METRICS_NAMED = re.compile(
    r"\b(?:metrics|metric|measures|criteria)\s*(?::|\((?:e\.g\.,?\s*|i\.e\.,?\s*|such as\s+)?(?!e\.g\.|i\.e\.)(?=[a-zA-Z][^()\d]{2,120}?(?:,|\band\b)[^()\d]*\))|,?\s+(?:namely|i\.e\.,?|such as|including|like)|"
    r",(?=\s+[A-Z]))\s*"
)
_NAMED_METRIC = re.compile(
    r"(?P<measure>(?!(?:the|a|an|our|their|its|both|all|two|three|four|is|are|was|were|we|they|it|this|these|"
    r"more|other|others|many|several|so|then|also|thus|hence)\b)"
    # a name in title case ("Boundary Edge Ratio"), or a word and up to two in lower case
    # after it ("loss divergence")
    r"(?:[A-Z][\w\-@]*(?: [A-Z][\w\-]*){1,3}|[A-Za-z][\w\-@]*"
    r"(?: (?!(?:in|on|of|for|to|that|which|at|from|with|across|over|and|or|is|are)\b)[a-z][\w\-]*){0,2}))"
    r"(?:\s*\([A-Za-z][\w\-.]{0,9}\))?"  # its short form: "Miss Rate (MR)", "Forget Degree (F.D.)"
    r"(?=\s+(?:in|on|of|for|to|that|which|at|from|with|across|over|is|are)\b|\s*[,.;:()]|\s+(?:and|or)\s)"
    r"(?P<next>,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)?"
)


#: "reduce hallucinations by over 90%": what a verb of change moves by a number is
#: measured, whatever its head ("performance" and the like name no measure).
CHANGED_BY_NUMBER = re.compile(
    r"\b(?:improv(?:e|es|ed|ing)|reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)?|decreas(?:e|es|ed|ing)|"
    r"increas(?:e|es|ed|ing)|boost(?:s|ed|ing)?|cut(?:s|ting)?)\s+(?:the\s+|its\s+|their\s+)?"
    rf"(?P<measure>(?:{_MODIFIER}\s+)?[a-z][a-z\-]+)\s+by\s+(?:up\s+to\s+|about\s+|nearly\s+|over\s+|"
    r"around\s+|more\s+than\s+)?\+?\d"
)
_NO_MEASURE = re.compile(
    r"(?:.*\s)?(?:performance|results?|it|them|this|models?|methods?|baselines?|margins?|"
    r"amount|number|gap|state-of-the-art|sota|quality|scores?|bias|biases|tasks?|benchmarks?)$",
    re.IGNORECASE,
)
#: Where MEASURE_BY_NUMBER and MEASURE_THEN_CHANGE end: "by" and a number, a change word.
_ANCHORS = re.compile(
    r"(?P<by>\sby\s+(?:up\s+to\s+|about\s+|nearly\s+|over\s+|around\s+)?\+?\d)|"
    r"\s(?:decreases|increases|drops|declines|improves|grows|gains|improvements)\b"
)
_HEDGE_BEFORE = re.compile(r"\b(?:potentially|possibly|may|might|hopefully)\s+$", re.IGNORECASE)
_BARE = re.compile(rf"(?:{_BARE_HEADS})$", re.IGNORECASE)
#: Where MEASURE_IN_FRAME's and CHANGED_BY_NUMBER's matches can open: at one of their
#: verbs or nouns of change (MEASURE_IN_FRAME's "in terms of" opens before its "terms",
#: see `_frame_starts`).
_FRAME_OPENINGS = (
    "improv",
    "reduc",
    "lower",
    "higher",
    "better",
    "decreas",
    "increas",
    "boost",
    "cut",
    "gain",
    "drop",
    "saving",
    "measured",
    "halv",
    "faster",
    "superior",
    "comparable",
    "competitive",
)
#: Cheap test: text no frame can match without (word parts, as plain substring tests:
#: a regex alternation with no common first character cost four times as much): where
#: a frame opens, "in terms of", and the words MEASURE_THEN_CHANGE ends in ...
_CUE_WORDS = (*_FRAME_OPENINGS, "terms of", "declines", "grows")
#: ... or "by" and a number.
_BY_NUMBER = re.compile(r"\bby\s+(?:up\s+to\s+|about\s+|nearly\s+|over\s+|around\s+)?\+?\d")


#: The words right after _ANCHORS' opening space.
_ANCHOR_WORDS = (
    "by",
    "decreases",
    "increases",
    "drops",
    "declines",
    "improves",
    "grows",
    "gains",
    "improvements",
)


def _frame_starts(text: str) -> set[int]:
    """Where MEASURE_IN_FRAME or CHANGED_BY_NUMBER may match: at an opening word, or at
    the "in" before the spaces before a "terms"."""
    starts = occurrences(text, _FRAME_OPENINGS)
    for terms in occurrences(text, ("terms",)):
        space = terms
        while space > 0 and text[space - 1].isspace():
            space -= 1
        starts.add(space - 2)
    return {start for start in starts if start >= 0}


def _cued(text: str) -> bool:
    """Whether a frame may match: a cue word, or "by" and a number (tried only where a
    "by" is: led by a word boundary, the pattern was tried at every position)."""
    return (
        any(word in text for word in _CUE_WORDS)
        or next(matches_at(_BY_NUMBER, text, occurrences(text, ("by",))), None) is not None
    )


def _trimmed(text: str, start: int, end: int, quality_ok: bool = False) -> tuple[int, int] | None:
    """The measure without the frame's words at its front; None for a head that needs a
    modifier and has none."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while len(words) > 1 and (
        _NOT_MODIFIER.match(words[0].group()) or _CHANGE_WORD.fullmatch(words[0].group())
    ):
        words.pop(0)
    if not words or _NOT_MODIFIER.match(words[0].group()):
        return None
    # a function word or a verb of change inside ends the words before it ("32k context
    # length while perplexity increases", "it improves accuracy by 8.7%": "perplexity",
    # "accuracy")
    inside = [
        i
        for i, w in enumerate(words[:-1])
        if i and (_NOT_MODIFIER.match(w.group()) or _CHANGE_WORD.fullmatch(w.group()))
    ]
    if inside:
        words = words[inside[-1] + 1 :]
    cased = [w for w in words[1:] if any(c.isupper() for c in w.group())]
    if cased:  # "pre-training FLOPs savings": the setting, then the measure's name
        words = words[words.index(cased[0]) :]
    first = start + words[0].start()
    if len(words) == 1 and not (
        _BARE.match(text[first:end]) or quality_ok and _QUALITY.fullmatch(text[first:end])
    ):
        return None
    return first, end


def _listed_measures(text: str) -> list[tuple[int, int]]:
    """The measures a verb of recording lists, and the names a text gives its metrics
    (each tried only where its words are)."""
    spans = []
    for verb in matches_at(_RECORDING, text, occurrences(text, _RECORDING_WORDS)):
        position, listed = verb.end(), []
        while item := _RECORDED_ITEM.match(text, position):
            span = _trimmed(text, *item.span("measure"), quality_ok=True)
            if span:
                listed.append(span)
            if not item.group("next"):
                break
            position = item.end()
        if len(listed) < 2:  # a quality noun alone is no measure
            listed = [(a, b) for a, b in listed if not _QUALITY.fullmatch(text[a:b])]
        spans += listed
    for cue in (
        _METRICS_NAMED.finditer(text) if "metric" in text or "measures" in text or "criteria" in text else ()
    ):
        counted = _COUNT_BEFORE.search(text, max(0, cue.start() - 40), cue.start())
        if not counted and cue.group().rstrip().endswith(","):
            continue  # ("... metrics, DeepAFRNet addresses ...": a comma alone lists names only after a count)
        spans += _named_metrics(text, cue.end(), COUNTS[counted.group(1).lower()] if counted else 1)
    return spans


#: "two key metrics: ...": how many names the list has.
COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5}
_COUNT_BEFORE = re.compile(r"\b(two|three|four|five)\s+(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)
#: Where a clause ends: a full stop or semicolon before a space or the text's end.
CLAUSE_END = re.compile(r"[.;](?:\s|$)")


def _named_metrics(text: str, position: int, count: int = 1) -> list[tuple[int, int]]:
    """The items of a list of metrics' names from `position`: the first, and the rest
    only up to the one "and"/"or" brings in ("accuracy, demonstrating ..." ends after
    accuracy); no item holds a word in -ing or -ed, a verb's more often than a name's.
    A list said to hold `count` names whose first is described at length ("two metrics:
    loss divergence in the forward pass, caused by ..., and weight divergence in the
    backward pass") ends with the name after the sentence's last "and" (after the
    first "and" a capital follows, when the first name is capitalised)."""
    items = _listed_names(text, position)
    if 0 < len(items) < count:
        end = CLAUSE_END.search(text, position)
        stop = end.start() if end else len(text)
        last = text.rfind(" and ", items[-1][1], stop)
        if text[items[0][0]].isupper():  # a name in capitals is followed by one: "STEM, which
            # captures ..., and MTGS, to facilitate balanced and interpretable evaluation"
            named = re.compile(r" and (?=[A-Z])").search(text, items[-1][1], stop)
            last = named.start() if named else last
        item = _NAMED_METRIC.match(text, last + 5) if last >= 0 else None
        if item and not any(_VERB_FORM.fullmatch(w) for w in item.group("measure").split()):
            items.append(item.span("measure"))
    return items


def _listed_names(text: str, position: int) -> list[tuple[int, int]]:
    """The names of a list as its separators join them (see `_named_metrics`)."""
    items, joined = [], None
    while item := _NAMED_METRIC.match(text, position):
        if any(_VERB_FORM.fullmatch(w) for w in item.group("measure").split()):
            break
        items.append(item.span("measure"))
        if joined is not None:
            break  # the item after "and" closes the list
        if not item.group("next"):
            break
        if re.search(r"\b(?:and|or)\s+$", item.group("next")):
            joined = len(items)
        position = item.end()
    return items if joined is not None or len(items) == 1 else items[:1]


_VERB_FORM = re.compile(r"[a-z]+(?:ing|ed)")


#: A measure taken at a cut-off or threshold: "Precision@1", "NDCG@10", "Hits@k",
#: "mAP@0.5", "F1@0.3" (the convention names nothing but a measure; an e-mail address
#: has no number or k right after its "@").
_AT_K = re.compile(r"(?<![\w@\-])[A-Za-z][A-Za-z0-9\-]*@(?:\d+(?:\.\d+)?|[kK])(?![\w@\-]|\.\w)")


def measure_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the measures `text` says are moved (see the module's docstring)."""
    spans = _listed_measures(text)
    if "@" in text:
        spans += [match.span() for match in _AT_K.finditer(text)]
    if not _cued(text):
        return sorted(set(spans))
    frame_starts = _frame_starts(text)
    for match in matches_at(MEASURE_IN_FRAME, text, frame_starts):
        if _HEDGE_BEFORE.search(text, max(0, match.start() - 16), match.start()):
            continue  # "potentially reducing training time": a hope, not a measurement
        for group in ("measure", "second"):
            if match.group(group):
                span = _trimmed(text, *match.span(group))
                if span:
                    spans.append(span)
    # the frames that open with the measure, tried only before their anchor words
    # (tried at every position they cost more than the rest of this module)
    for anchor in matches_at(_ANCHORS, text, {at - 1 for at in occurrences(text, _ANCHOR_WORDS) if at}):
        frame = MEASURE_BY_NUMBER if anchor.group("by") else MEASURE_THEN_CHANGE
        for match in frame.finditer(text, max(0, anchor.start() - 90), anchor.end()):
            span = _trimmed(text, *match.span("measure"))
            if span:
                spans.append(span)
    for match in matches_at(CHANGED_BY_NUMBER, text, frame_starts):
        start, end = match.span("measure")
        if not _NO_MEASURE.fullmatch(match.group("measure")) and not match.group("measure").endswith("ly"):
            first = re.match(r"\S+\s+", text[start:end])
            if first and _NOT_MODIFIER.match(first.group().strip()):
                start += first.end()
            spans.append((start, end))
    return sorted(set(spans))


#: Near a measure's name, what shows it was measured: a change of it, or a number.
_CHANGED_BEFORE = re.compile(
    r"(?:improv\w*|increas\w*|decreas\w*|reduc\w*|boost\w*|gains?\s+in|higher|lower|"
    r"better|worse|preserv\w*|recover\w*|maintain\w*|retain\w*|drops?\s+in|achiev\w*|attain\w*|obtain\w*|"
    r"superior|comparable|competitive|(?:near-)?perfect|minimi[sz]\w*|maximi[sz]\w*|(?:bounds?|guarantees?) on|"
    r"in\s+terms\s+of|measured\s+by|evaluated\s+by|"
    # "through the performance metric of regret" (not "metrics such as accuracy", as
    # often what others measure with)
    r"metric\s+(?:of|called|named))"
    r"\s+(?:(?:the|its|their|our|a|an)\s+)?"
    r"(?:[\w\-]+\s+)?$",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
#: After a measure's name: its unit in brackets ("latency (ms/token)") or its results.
_MEASURED_AFTER = re.compile(
    r"\s*(?:\([^()]{1,15}/[^()]{1,15}\)|\((?:%|ms|s|dB)\)|(?:results?|scores?|gains?|"
    r"improvements?)\b)"
    # a value written in words: "at a latency of two milliseconds and a throughput of six
    # hundred images per second"
    # a change said after it: "the average accuracy greatly increase(s)"
    r"|\s+(?:[a-z]+ly\s+)?(?:increase|improve|rise|drop|decrease|grow)[sd]?\b"
    r"|\s+of\s+(?:about\s+|around\s+|only\s+|just\s+|up\s+to\s+)?(?:one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety|a\s+hundred|hundreds|a\s+thousand|thousands)\b"
)


#: After a measure's name, a clause that says what it measures: the text defines it as
#: its measure ("a notion of regret for this regime, which measures the mistakes").
_DEFINED_AS_MEASURE = re.compile(r"[^.;:]{0,40}?,?\s(?:which|that)\s(?:measures|quantifies)\b")


def measured_here(text: str, start: int, end: int) -> bool:
    """Whether the text measures what it names at text[start:end]: a number within a
    few words, a word of change before it ("gains in accuracy", "preserves the
    model accuracy"), its unit or results after it ("latency (ms/token)",
    "perplexity results"), a value in words ("a latency of two milliseconds"), or a clause saying what it measures ("regret ..., which
    measures the mistakes").  A common word such as "accuracy" is a metric of the paper only
    there ("sensitivity to router accuracy" measures nothing)."""
    return bool(
        _DIGIT.search(text, max(0, start - 60), min(len(text), end + 60))
        or _CHANGED_BEFORE.search(text, max(0, start - 50), start)
        or _MEASURED_AFTER.match(text, end)
        or _DEFINED_AS_MEASURE.match(text, end)
    )
