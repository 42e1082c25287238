"""The concept resolver: turns the candidates of the lexicon and pattern components and
the abbreviation pairs into one consistent list of concept mentions per text.

- An abbreviation pair takes the type of what was found in its long form (or its
  head word), and every use of the short form in the text becomes a mention of the
  same concept, named by the long form: the text's own definition beats a lexicon.
- Overlapping candidates: the longer span wins, then the more confident one; a role
  the text stated (PROPOSES, INTRODUCES) moves to the span that won.
- Every concept mention gets its role from the paper: Method USES, Dataset
  EVALUATES_ON, Task ADDRESSES, Metric USES, unless a pattern said it is proposed or
  introduced.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from extractors import names
from extractors.base import RuleComponent, declare, mention, results, store, stored, text_of
from extractors.heads import DATA_HEAD_WORDS, type_by_head
from extractors.dataset_spans import bracketed_data_names
from extractors.measures import measure_spans
from extractors.topics import QUALITY_WORDS, cued_topics, modifies_a_head
from kg import schema
from extractors.lexicons import entry_named, is_generic, name_words, same_words
from extractors.mentions import Mention, overlaps
from extractors.paper_facts import CONTRIBUTIONS, coined
from extractors.patterns import NOT_METHOD

DEFAULT_ROLES = {
    schema.METHOD: "USES",
    schema.DATASET: "EVALUATES_ON",
    schema.TASK: "ADDRESSES",
    schema.METRIC: "USES",
}


#: A data word right after a pair's closing bracket types the pair a dataset.
_DATA_WORD_AFTER = re.compile(rf"\s+{DATA_HEAD_WORDS}(?![\w-])")
#: A long form in lower case ending in a data word names a set of data.
_DATA_HEAD_AT_END = re.compile(r"\s(?:dataset|benchmark|corpus|data set)$")
#: After a pair's bracket, a word that makes its long form a problem: "the Generalized
#: Category Discovery (GCD) problem", "the Vehicle Routing (VR) task".
_TASK_WORD_AFTER = re.compile(r"\s+(?:problems?|tasks?)\b")
#: The end of a long form that names a kind of optimisation: "an Integer Linear
#: Programming (ILP) problem" is a formulation the paper solves with, not its task.
_FORMULATION = re.compile(
    r"(?:[Pp]rogram(?:ming)?|[Oo]ptimi[sz]ation|[Mm]inimi[sz]ation|[Mm]aximi[sz]ation|[Ss]quares)$"
)


def _called_a_problem(text: str, pair) -> bool:
    """Whether the text calls the pair a problem or task (not a kind of optimisation)."""
    return _TASK_WORD_AFTER.match(text, pair.short_end + 1) is not None and not _FORMULATION.search(pair.long)


#: The rule of a pair typed by the shape of its long form alone (no candidate, lexicon
#: entry or head word says what it is): its facts are measured apart.
LONG_FORM = "long-form"
#: `_type_pair`'s rule for a long form that names no method (a field, a phenomenon ...):
#: its short form is then no method either.
NO_METHOD = "no-method"


def _type_pair(
    pair, candidates: "_ByStart", text: str
) -> tuple[str | None, str | None, str | None, str | None]:
    """(label, canonical name, role, rule) of an abbreviation pair, from the candidates in its
    long form (the one ending where the long form ends wins) or its head word; a long
    form of capitalised words is a method, or a dataset where a data word follows the
    bracket; any other long form a method.  What a lexicon says of the short form
    counts only when its name is the long form written another way: the text's own
    definition says what the short form means here ("expectation-maximization (EM)"
    is no metric, "density functional theory (DFT)" no discriminative fine-tuning)."""
    in_long = {
        i: m for i, m in candidates.starting(pair.long_start, pair.long_end).items() if m.end <= pair.long_end
    }
    on_short = {
        i: m
        for i, m in candidates.starting(pair.short_start, pair.short_start).items()
        if m.end == pair.short_end
    }
    role = next((m.role for _, m in sorted((in_long | on_short).items()) if m.role), None)
    inside = [m for _, m in sorted(in_long.items()) if m.end == pair.long_end]
    on_short = [m for _, m in sorted(on_short.items())]
    same = [m for m in on_short if m.canonical and same_words(m.canonical, pair.long)]
    if same:  # "graph convolution networks (GCN)": the lexicon's GCN, written another way
        best = max(same, key=lambda m: m.confidence)
        return best.label, best.canonical, role, None
    if inside:
        best = max(inside, key=lambda m: (m.end - m.start, m.confidence))
        whole = best.start == pair.long_start
        return best.label, (best.canonical if whole and best.canonical else pair.long), role, None
    known = entry_named(pair.long)
    if known:
        return known.label, known.name, role, None
    label = type_by_head(pair.long)
    if label:
        return label, pair.long, role, None
    if _title_cased(pair.long):
        # "Harbor Bay Speech (HBS) corpus" names a dataset; "out-of-distribution (OOD)
        # datasets", in lower case, a kind of data
        if _DATA_WORD_AFTER.match(text, pair.short_end + 1):
            return schema.DATASET, pair.long, role, LONG_FORM
        if _names_no_method(pair.long) or _modifiers_or_list(text, pair, role):
            return None, None, None, NO_METHOD
        if _called_a_problem(text, pair):
            return schema.TASK, pair.long, role, LONG_FORM
        return schema.METHOD, pair.long, role, LONG_FORM
    # "locally constrained decoding (LCD)": a text names a technique it goes on to use
    # by its short form; the short form means this long form here, whatever else it
    # means elsewhere.  Only where every word of the long form gave the short form a
    # letter: "test on a new benchmark (TNB-X)" is a reach of the letter matching.
    letters = set(pair.short.casefold())
    if " " not in pair.long and pair.long.count("-") >= 2:
        return None, None, None, None  # "state-of-the-art (SOTA)", "out-of-distribution (OOD)": adjectives
    if _names_no_method(pair.long) or _modifiers_or_list(text, pair, role):
        return None, None, None, NO_METHOD
    if all(w[0] in letters for w in name_words(pair.long) if w not in _FUNCTION_WORDS):
        if _DATA_HEAD_AT_END.search(pair.long):  # "a large-scale noise prompt dataset (NPD)"
            return schema.DATASET, pair.long, role, LONG_FORM
        if _called_a_problem(text, pair):
            return schema.TASK, pair.long, role, LONG_FORM
        return schema.METHOD, pair.long, role, LONG_FORM
    return None, None, None, None


#: Last words of long forms that name a field ("natural language processing (NLP)",
#: "remote sensing (RS)", "Human motion simulation (HMS)"), a point of view ("Bird's Eye
#: View (BEV)"), a phenomenon ("Label Shift", "Just noticeable difference (JND)",
#: "Neural Collapse (NC)") or kinds of data ("AI-generated images (AIGIs)",
#: "hyperspectral videos (HSVs)"): what a paper works in, studies or reads, not a
#: method it uses.
_NO_METHOD_LAST_WORD = frozenset(
    "processing engineering sensing scanning simulation playing view "
    "shift shifts inconsistency inconsistencies difference differences collapse "
    "images videos clouds scans photos photographs recordings".split()
)


def _names_no_method(long: str) -> bool:
    """Whether an abbreviation's long form, which nothing else typed, is no method: its
    last word names a field, a phenomenon, a point of view or kinds of data."""
    return long.split()[-1].casefold() in _NO_METHOD_LAST_WORD


def _modifiers_or_list(text: str, pair, role: str | None) -> bool:
    """Whether a long form that the text gives no role of its own (no proposal, no
    definition of its own) is one word of modifiers in lower case ("high-definition
    (HD)", "vision-language (VL)", "key-value (KV)"; capitalised, it may be a coined name:
    "Next-Best-Question (NBQ)") or holds a comma ("Magnetic, Angular Rate, and Gravity
    (MARG)": a list of what a sensor measures), or its short form is one the acronym rule
    knows names no method ("Graphical User Interface (GUI)", "Magnetic Resonance Imaging
    (MRI)"): no method."""
    long = pair.long
    shape = (
        "," in long
        or " " not in long
        and "-" in long
        and long.islower()
        or long.casefold() == "state-of-the-art"
        or pair.short in NOT_METHOD  # "Graphical User Interfaces (GUI)", "Red-Green-Blue (RGB)"
    )
    return shape and role is None and not _own_definition(text, pair)


#: Words a name in title case leaves in lower case ("Mixture of Attentive Experts").
_FUNCTION_WORDS = frozenset("of for and with in on to the a an via by from over under".split())


def _title_cased(long: str) -> bool:
    """'Sharpness-Aware Minimization', 'Mixture of Attentive Experts': every word but
    the function words capitalised, and the first one too."""
    words = long.split()
    return (
        bool(words)
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w in _FUNCTION_WORDS for w in words if w)
    )


#: After a name: what makes it a citation's author ("Kirk et al.", "Yang et al.'s").
_CITED_AFTER = re.compile(r"\s+et\s+al\b")
#: The rest of a citation after a name in it ("(Kim and Linzen, 2020)", "(KPMG, 2026)"; not
#: an edition, "(IWSLT 2025)"), and its opening bracket before the name.
_CITATION_AROUND = re.compile(r"(?:\s+(?:and|&)\s+[A-Z][\w\-]+,?|,)\s+(?:19|20)\d\d[a-z]?\s*[;)]")
_CITATION_OPENS = re.compile(r"\((?:[A-Z][\w\-]+\s+(?:and|&)\s+)?$")
#: After a measure's name, the words that make it what a task predicts.
_PREDICTED_AFTER = re.compile(
    r"\s*(?:\([^()]{1,12}\)\s*)?[ -](?:prediction|estimation|forecasting|predictor|estimator)s?(?![\w-])",
    re.IGNORECASE,
)
#: What a paper's own definition of an abbreviation says it makes.
_OWN_ROLE = {schema.METHOD: "PROPOSES", schema.DATASET: "INTRODUCES"}
#: Words that describe what a paper made before its name ("we propose a simple yet
#: effective Gated Fusion Network (GFN)", "a training-free Token Merging Scheduler"):
#: a hyphened compound or an adjective; never a word of a clause ("to use the ...").
_DESCRIBING = (
    r"(?:[a-z]+-[a-z\-]+|simple|yet|and|effective|efficient|lightweight|generic|general|unified|"
    r"robust|scalable|principled|flexible|fast|powerful|versatile|practical|new|novel)"
)
#: In "we introduce a <description>, the Long Name (LN)", a word no description holds.
_NOT_DESCRIBING = r"(?:of|on|for|with|to|in|by|from|that|which|the|a|an|and|or|is|are|as|at|we|its|their)"
#: Right before a long form, the words that make the pair the paper's own: "we
#: introduce efficient pooling (EPL)", "we also introduce a new ... (UMF)", "our masked-token autoencoder (MTA)", "the
#: proposed ... model (D-RMM)", "we propose a solution, named class balanced token
#: cleaner (CBTC)".
_OWN_BEFORE = re.compile(
    r"(?:\b(?:[Ww]e|[Tt]his (?:paper|work))\s+(?:(?:also|further|then|first|here|now|thus|therefore|"
    r"hence|additionally|finally|[a-z]+ly)\s+)?(?:propose|introduce|present|develop|design|devise)s?\s+"
    rf"(?:the\s+(?:(?:new|novel)\s+)?|(?:a|an)\s+(?:(?:new|novel)\s+)?(?P<described>(?:{_DESCRIBING}\s+){{0,3}}"
    rf"(?:(?:(?!{_NOT_DESCRIBING}\b)[a-z][a-z\-]*\s+){{0,4}}?[a-z][a-z\-]*,\s+the\s+)?)|(?:new|novel)\s+)?"
    r"|\b[Oo]ur\s+(?:(?:new|novel|proposed)\s+)?|\b[Tt]he proposed\s+|"
    r"\b(?:[Ww]e|[Oo]ur)\b[^.;]{0,80}\b(?:named|called|dubbed|termed|namely),?\s+"
    # "we propose to exploit X and develop a novel Long Name (LN)": the sentence's second verb
    r"|\b[Ww]e\b[^.;]{0,80}\band\s+(?:(?:then|also|further)\s+)?(?:propose|introduce|present|develop|design|"
    r"devise)\s+(?:(?:a|an|the)\s+)?(?:(?:new|novel)\s+)?)$"
)


#: After a pair's bracket, a word that makes the pair a modifier of what the paper made:
#: "a vision-language model (VLM)-based rubric", "a Theory of Mind (ToM) framework".
_MODIFIES_AFTER = re.compile(
    r"\)?(?:-|\s+)(?:based|guided|driven|aware|inspired)\b(?!\s+on\b)|"
    r"\)?\s+(?:framework|system|approach|paradigm|pipeline|tracking)\b"
)


#: After a pair's bracket, the kind of thing the paper made: "... (Bi-LSTM) model".
_KIND_AFTER_PAIR = re.compile(
    r"\)?\s+(?:models?|methods?|networks?|architectures?|algorithms?|techniques?)\b"
)


def _own_definition(text: str, pair) -> bool:
    """Whether the paper defines the pair as its own: after a proposal's words, and not
    as the modifier of another head."""
    own = _OWN_BEFORE.search(text, max(0, pair.long_start - 120), pair.long_start)
    return (
        own is not None
        and _MODIFIES_AFTER.match(text, pair.short_end) is None
        # "a multi-agent large language model (LLM) prompting technique": a known
        # method the description builds on, not the paper's own; so is a known method
        # that names the kind of model made ("a bidirectional long short-term memory
        # (Bi-LSTM) model")
        and not (own.group("described") and entry_named(pair.long) is not None)
        and not (
            _KIND_AFTER_PAIR.match(text, pair.short_end)
            and (entry_named(pair.long) or entry_named(pair.short)) is not None
        )
    )


#: Orders a cued topic before the head-word task phrase of the same span (0.5) and
#: behind lexicon names (0.9); the measured table sets the fact's confidence.
CUED_TOPIC_CONFIDENCE = 0.6

#: Pattern rules whose finds name a kind of thing, not one ("a shallow linear network").
GENERIC_PATTERNS = frozenset({"method-phrase", "task-phrase"})


#: A plural of models in ordinary words ("large multimodal models", "Audio-Visual Large
#: Language Models", "attention-based ones"): a class of models, where one model has a
#: name ("LLaVA", "GPT-4o").
_PLURAL_CLASS = re.compile(r"(?:^|[\s\-])(?:[Mm]odels|MODELS|ones)$")


def _generic(m: Mention) -> bool:
    """A class too general to be a fact about a paper: listed in generic.tsv, found by a
    rule that names kinds ("deep network", "trained transformers"), a plural of models
    in ordinary words, or a common word for a metric where the text measures nothing
    (extractors.measures.measured_here)."""
    name = m.canonical or m.text
    return (
        m.attrs.get("pattern") in GENERIC_PATTERNS
        or m.attrs.get("unmeasured", False)
        or is_generic(m.label, name)
        or m.label == schema.METHOD
        and _PLURAL_CLASS.search(name) is not None
        and not coined(name)
        and entry_named(name) is None  # (a lexicon lists named methods only)
    )


#: Right before a task phrase: what a method is for, or what experiments are on ("a
#: framework for endoscopic video restoration", "results on next-step correctness
#: prediction").
_PURPOSE_BEFORE = re.compile(r"\b(?:for|on) $")
#: The rule name of a task phrase kept for its "for" or "on".
PURPOSE_TASK = "purpose-task"


def _purpose_task(text: str, m: Mention) -> bool:
    """Whether a task phrase (a rule that alone is mostly wrong: 108 of 744 such phrases
    on the cards were a paper's task) stands right after "for" or "on", where it says
    what the work is for: several words, the first no word praising a solution ("for
    precise state estimation").  On the cards 21 of 36 such phrases were tasks."""
    name = m.canonical or m.text
    return (
        m.label == schema.TASK
        and m.attrs.get("pattern") == "task-phrase"
        and " " in name
        and name.split()[0].casefold() not in QUALITY_WORDS
        and _PURPOSE_BEFORE.search(text, max(0, m.start - 4), m.start) is not None
    )


def _modified(text: str, start: int) -> bool:
    """Whether the word before `start` is a lower-case modifier of what starts there
    ("disentangled [representation learning]"), not a function word, verb, praise or a
    name ("LLM [pruning]" is the name's problem, written as the lexicon's)."""
    if text[start - 1 : start] != " ":
        return False
    word = text[max(0, start - 40) : start - 1].rsplit(" ", 1)[-1]
    return word.islower() and modifies_a_head(word)


def _in_a_link(links: list[tuple[int, int]], m: Mention) -> bool:
    """Whether `m` shares a character with one of `links` (the last one starting
    before `m` ends is the only one that can)."""
    before = bisect_left(links, (m.end, -1))
    return before > 0 and links[before - 1][1] > m.start


class _ByStart:
    """The candidates in order of addition, and by start offset for range look-ups:
    typing each abbreviation pair by a scan of every candidate cost the square of
    the text's length."""

    def __init__(self, candidates: list[Mention]):
        self.items = candidates
        self._starts = sorted((m.start, index) for index, m in enumerate(candidates))

    def append(self, m: Mention) -> None:
        insort(self._starts, (m.start, len(self.items)))
        self.items.append(m)

    def starting(self, lo: int, hi: int) -> dict[int, Mention]:
        """{index of addition: candidate} of the candidates starting in [lo, hi]."""
        first = bisect_left(self._starts, (lo, -1))
        last = bisect_right(self._starts, (hi, len(self.items)))
        return {index: self.items[index] for _, index in self._starts[first:last]}


class _Kept:
    """The mentions kept so far, which never overlap one another, by start offset: the
    one overlapping a candidate is found by bisection, not by a scan of all kept."""

    def __init__(self):
        self.items: list[Mention] = []
        self._spans: list[tuple[int, int, int]] = []  # (start, end, index in items)
        self._empty: list[int] = []  # empty spans sit inside others

    def rival(self, candidate: Mention) -> int | None:
        """Index of the first-kept mention overlapping `candidate`, if any."""
        position = bisect_left(self._spans, (candidate.end, -1, -1))
        overlapping = [i for i in self._empty if overlaps(self.items[i], candidate)]
        while position > 0 and self._spans[position - 1][1] > candidate.start:
            position -= 1
            overlapping.append(self._spans[position][2])
        return min(overlapping, default=None)

    def add(self, m: Mention) -> None:
        if m.start < m.end:
            insort(self._spans, (m.start, m.end, len(self.items)))
        else:
            self._empty.append(len(self.items))
        self.items.append(m)


def resolve(doc: Doc, candidates: list[Mention], component: str, confidence: float) -> list[Mention]:
    # the problems the text says it is about ("the task of X", "tasks such as X"): tasks
    # of the paper, which a longer name overlapping them still beats; an abbreviation
    # pair takes their type ("Learning from human feedback (LHF)")
    task_data: list[tuple[int, int]] = []  # "the NABirds image classification task": NABirds
    cued = [
        mention(
            doc,
            schema.TASK,
            start,
            end,
            component,
            CUED_TOPIC_CONFIDENCE,
            role="ADDRESSES",
            attrs={"pattern": "cued-topic"},
        )
        for start, end in cued_topics(text_of(doc), task_data)
    ]
    candidates = candidates + [
        mention(
            doc, schema.DATASET, start, end, component, CUED_TOPIC_CONFIDENCE, attrs={"pattern": "task-data"}
        )
        for start, end in task_data
    ]
    if cued:  # the head-word task phrase around one took words the cue's phrase left out
        candidates = [
            m
            for m in candidates
            if m.attrs.get("pattern") != "task-phrase" or not any(overlaps(m, c) for c in cued)
        ] + cued
    # names in brackets after a data word: "a visual-entailment dataset (e-SNLI-VE)"
    candidates += [
        mention(
            doc,
            schema.DATASET,
            start,
            end,
            component,
            CUED_TOPIC_CONFIDENCE,
            attrs={"pattern": "bracketed-data"},
        )
        for start, end in bracketed_data_names(text_of(doc))
    ]
    # the measures the text says it moves ("lower training loss", "improving faithfulness")
    candidates += [
        mention(
            doc,
            schema.METRIC,
            start,
            end,
            component,
            CUED_TOPIC_CONFIDENCE,
            role="USES",
            attrs={"pattern": "measure-phrase"},
        )
        for start, end in measure_spans(text_of(doc))
    ]
    indexed = _ByStart(candidates)
    # the first definition of a short form names its later uses: a text that defines it
    # n times would otherwise get n mentions of each use, n² in all
    used: set[tuple[int, int]] = set()
    named: set[str] = set()  # short forms whose uses have mentions
    unnamed: set[str] = set()  # short forms of long forms that name no method
    for pair in stored(doc, "abbreviations") or ():
        label, canonical, role, rule = _type_pair(pair, indexed, text_of(doc))
        if role is None and (label is None or label in _OWN_ROLE) and _own_definition(text_of(doc), pair):
            if label is None and " " in pair.long:
                # "we propose a solution, named Class Prototype-based label noise Cleaner
                # (CPC)": what the paper names as its own is a method, whatever letters it took
                label, canonical, rule = schema.METHOD, pair.long, LONG_FORM
            if label is not None:
                role = _OWN_ROLE[label]
        if label is None:
            if rule == NO_METHOD:
                unnamed.update((pair.short, pair.short.removesuffix("s")))
            continue
        attrs = {"short": pair.short, **({"pattern": rule} if rule else {})}
        indexed.append(
            mention(
                doc,
                label,
                pair.long_start,
                pair.long_end,
                component,
                confidence,
                canonical=canonical,
                role=role,
                attrs=attrs,
            )
        )
        own = (pair.short_start, pair.short_end)
        spans = (own, *pair.occurrences) if pair.short not in named else (own,)
        named.add(pair.short)
        for start, end in spans:
            if (start, end) in used:
                continue
            used.add((start, end))
            indexed.append(
                mention(
                    doc,
                    label,
                    start,
                    end,
                    component,
                    confidence,
                    canonical=canonical,
                    role=role,
                    attrs=dict(attrs),
                )
            )
    # "electromagnetic (EM)": a short form the text spells out by one word names no concept
    unnamed.update(stored(doc, "redefined_short_forms") or ())
    if unnamed:  # "remote sensing (RS)": no pattern's guess makes RS a method, nor "RS images" data
        candidates = [m for m in candidates if m.text not in unnamed or m.component != names.PATTERNS]
    # (the code-link component's spans, in text order: no second scan for links)
    links = (
        [(link.start, link.end) for link in stored(doc, "code_links") or ()]
        if Doc.has_extension("code_links")
        else []
    )
    if links:  # "github.com/NVlabs/MaskLLM" names an owner and a repository, no concept
        candidates = [m for m in candidates if not _in_a_link(links, m)]
    kept = _Kept()
    # of one span, what the text says it contributes first: "we propose MIND, a
    # framework" is this paper's MIND, whatever a lexicon's MIND is
    order = sorted(
        candidates,
        key=lambda m: (-(m.end - m.start), m.role not in CONTRIBUTIONS, -m.confidence, m.start, m.label),
    )
    for candidate in order:
        rival = kept.rival(candidate)
        if rival is None:
            kept.add(candidate)
        elif candidate.role and not kept.items[rival].role and kept.items[rival].label == candidate.label:
            kept.items[rival] = replace(kept.items[rival], role=candidate.role)
    # one name, one kind in one text: a bare "PASS" later is the dataset "we propose a
    # dataset PASS" introduced, not a method guessed from its capitals
    surest: dict[str, Mention] = {}
    for m in sorted(kept.items, key=lambda m: (m.role is None, -m.confidence)):
        surest.setdefault(m.text, m)
    for m in kept.items:
        best = surest[m.text]
        if best.label != m.label and (m.confidence < best.confidence or best.role in CONTRIBUTIONS):
            m.label, m.canonical = best.label, best.canonical
            if m.role and m.label not in schema.EDGE_TYPES[m.role].targets:
                m.role = None
    for m in kept.items:  # candidates are this component's to finish (no copies: cheaper)
        if m.role == "PROPOSES" and m.label in (schema.TASK, schema.METRIC):
            m.label = schema.METHOD  # "we propose Parts Consistency Enhancement": a method
        if m.role is None or m.label not in schema.EDGE_TYPES[m.role].targets:
            m.role = DEFAULT_ROLES[m.label]  # e.g. "we propose" + a task: it is addressed
    defaulted = [m for m in kept.items if m.role == DEFAULT_ROLES[m.label]]
    text = text_of(doc)
    generic = []
    for m in defaulted:
        if _purpose_task(text, m):  # (a rule of its own: its precision is measured apart)
            m.attrs = {**m.attrs, "pattern": PURPOSE_TASK}
        elif _generic(m):
            generic.append(m)
    # a lexicon's task inside a longer name ("latent quantization", "image-text
    # contrastive learning"): the paper's problem is the longer one, which the lexicon
    # does not know; the general head it ends in is no fact about the paper
    generic += [
        m
        for m in defaulted
        if m.label == schema.TASK and m.component == names.LEXICON and _modified(text, m.start)
    ]
    # "click-through rate (CTR) prediction", "latency predictors": a measure a task
    # predicts is no measure the paper takes
    generic += [m for m in defaulted if m.label == schema.METRIC and _PREDICTED_AFTER.match(text, m.end)]
    # "the PRISM dataset (Kirk et al., 2024)", "(Kim and Linzen, 2020)", "(KPMG, 2026)":
    # the authors or publisher of a citation name no concept of the paper
    if "et al" in text or re.search(r"(?:19|20)\d\d[a-z]?\)", text):
        generic += [
            m
            for m in defaulted
            if _CITED_AFTER.match(text, m.end)
            or _CITATION_AROUND.match(text, m.end)
            and _CITATION_OPENS.search(text, max(0, m.start - 40), m.start)
        ]
    # a short form means what its long form does: "large reasoning models (LRMs)" is a
    # class, and so is every "LRMs" after it ("LRM unlearning" too: its singular)
    generic_shorts = {
        form
        for m in generic
        if "short" in m.attrs and m.text != m.attrs["short"]
        for form in (m.attrs["short"], m.attrs["short"].removesuffix("s"))
    }
    generic += [m for m in defaulted if m.text in generic_shorts or m.attrs.get("short") in generic_shorts]
    for m in generic:
        if m.role is not None:  # (a short form can be in the list twice)
            m.role = None  # a mention still (its span is read whole), but no paper's fact
            m.attrs = {**m.attrs, "generic": True}
    return sorted(kept.items, key=lambda m: (m.start, m.end))


declare("concepts")


class ConceptResolver(RuleComponent):
    """spaCy component: replaces the concept candidates in `doc._.kg_mentions` with the
    resolved mentions, also kept on `doc._.concepts`."""

    def match(self, doc: Doc) -> list[Mention]:
        candidates = [m for m in stored(doc, "kg_mentions") or () if m.label in schema.CONCEPT_LABELS]
        return resolve(doc, candidates, self.name, self.confidence)

    def set_annotations(self, doc: Doc, concepts: list[Mention]) -> None:
        store(doc, "concepts", concepts)
        mentions = results(doc, "kg_mentions")
        mentions[:] = [m for m in mentions if m.label not in schema.CONCEPT_LABELS] + concepts


@Language.factory(names.CONCEPTS, default_config={"confidence": 0.92})
def make_concept_resolver(nlp: Language, name: str, confidence: float) -> ConceptResolver:
    return ConceptResolver(nlp, name, confidence)
