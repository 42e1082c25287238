"""The research problems a title names: "Sequential Attention for Feature Selection"
is about feature selection, "Inducing Neural Collapse in Deep Long-tailed Learning"
about long-tailed learning.

A title is the one place where a paper says in a few words what it is about, so the
phrases of its problem side become the paper's tasks (ADDRESSES) even when the
abstract words them otherwise.  A phrase is a topic head (a task's head word such as
"detection" or "translation", or the head of a research problem: "... learning",
"... interpretability", "... optimization", "... pre-training") and the modifiers
before it; the modifiers stop at function words, verbs, numbers and words that praise
the solution ("Efficient", "Learnable", "Training-free", "Representation-Guided").
Only the problem side counts: what follows "via", "through", "using", "by" or "with"
is the paper's means ("... via Relevance Patching"), and a name before the title's
colon is the paper's own system.

Run once per paper, after title and abstract are extracted (`extractors.paper_facts`), since
the title's doc alone does not know it is a title.
"""

from __future__ import annotations

import re

from extractors import names
from extractors.heads import KIND_AFTER, TASK_HEADS, first_letter_alternation, initials, is_adverb
from kg import schema
from extractors.lexicons import entry_named, is_generic
from extractors.mentions import Mention, PaperExtraction

COMPONENT = names.TOPICS
RULE = "title-topic"
#: ... and the kind of a title task the abstract never words as the title does.
TITLE_ONLY_RULE = "title-only-topic"
RULES = (RULE, TITLE_ONLY_RULE)
#: The component's own confidence, where the measured table has no row for its kind:
#: its precision on the paper cards when it was written (`kg eval --errors`).
CONFIDENCE = 0.86  # 48 of 55 title topics right on the cards, (right + 1) / (facts + 2)

#: Heads of research problems besides the task heads: learning settings, properties a
#: field studies, and kinds of model work ("contrastive learning", "model
#: interpretability", "knowledge distillation", "controlled generation").
PROBLEM_HEADS = (
    "learning",
    "interpretability",
    "explainability",
    "attribution",
    "optimization",
    "fine-tuning",
    "finetuning",
    "pre-training",
    "pretraining",
    "compression",
    "pruning",
    "distillation",
    "decoding",
    "search",
    "selection",
    "unlearning",
    "discovery",
    "merging",
    "calibration",
    "acceleration",
    "adaptation",
    "supervision",
    "generalization",
    "elicitation",
    "oversight",
    "animation",
    "entailment",
    "synchronization",
    "forgetting",
    "overfitting",
    "bandits",
    "denoising",
    "regression",
    "decision-making",
    "sparsity",
    "awareness",
    "quantization",
    "attacks",
    "robustness",
    "fairness",
    "hallucination",
    "hallucinations",
    "shift",
    "shifts",
    "training",
    "explanations",
    "writing",
)
TOPIC_HEADS = tuple(dict.fromkeys((*TASK_HEADS, *PROBLEM_HEADS)))
#: Heads that name a problem alone ("Explainability as statistical inference"); the
#: others need a modifier ("Learning", "Generation" alone name no problem).
BARE_HEADS = frozenset(
    {
        "interpretability",
        "explainability",
        "unlearning",
        "overfitting",
        "hallucination",
        "hallucinations",
        "fairness",
    }
)
#: A topic head, searched in the lower-cased text (a case-blind alternation of a hundred
#: words cost five times as much); the hyphened parts of its word are added after.
_HEAD_LOWER = re.compile(r"(?<![a-z0-9])" + first_letter_alternation(TOPIC_HEADS) + r"(?![\w-])")
_PREFIX = re.compile(r"(?:[A-Za-z0-9]+-)+$")


class _Head:
    """A topic head found in a text, shaped as the `re.Match` of the head with the
    hyphened parts of its word before it ("Self-Interpretability"; group "head")."""

    def __init__(self, text: str, start: int, end: int):
        prefix = _PREFIX.search(text, max(0, start - 40), start) if text[start - 1 : start] == "-" else None
        self._whole = (
            prefix.start()
            if prefix
            and (
                prefix.start() == 0
                or not (text[prefix.start() - 1].isalnum() or text[prefix.start() - 1] == "-")
            )
            else start,
            end,
        )
        self._head = (start, end)
        self._text = text

    def start(self) -> int:
        return self._whole[0]

    def end(self) -> int:
        return self._whole[1]

    def group(self, name=0) -> str:
        a, b = self._head if name == "head" else self._whole
        return self._text[a:b]


def _heads(text: str, lo: int = 0):
    """The topic heads of text[lo:] (a head inside a longer hyphened word after a
    non-name prefix is still one: "AI-generated image detection" ends in "detection")."""
    lowered = text.lower()
    if len(lowered) != len(text):  # ("İ" lowers to two characters: offsets must hold)
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for match in _HEAD_LOWER.finditer(lowered, lo):
        if text[match.start() - 1 : match.start()] == "-" and not _PREFIX.search(
            text, max(0, match.start() - 40), match.start()
        ):
            continue
        yield _Head(text, match.start(), match.end())


#: Where the problem side of a title ends and the paper's means begin.
_MEANS = re.compile(r"\s(?:via|through|using|by|with|from)\s", re.IGNORECASE)
#: Words that end a modifier run: function words, pronouns, and verbs a title opens with.
_STOP = frozenset(
    """a an the of for and or in on to at as is are be can do does how why what
when which who whose where with without via by from into onto over under towards toward
through using than vs versus our your their its this that these those we you it not no more
most less all any some each every both such between beyond about against across like aka""".split()
)
#: Verbs titles are built with ("Structures Make ...", "Enhance AI-Generated Image
#: Detection", "Gradient Noise Improves Learning"): a modifier run stops at one.
_VERBS = frozenset(
    f"{verb}{ending}"
    for verb in """make enhance improve overcome meet matter
leverage boost help hurt need require reveal explain learn teach train mitigate reduce solve
achieve enable unlock scale rethink revisit guide use exploit tame avoid resolve guard balance
extend adapt harness bridge unify align cut lift raise lower speed accelerate outperform
surpass beat match yield perform handle tackle formulate define stop lack fail struggle suffer
exhibit induce prevent fool betray""".split()
    for ending in ("", "s", "d")
) | frozenset(
    # verbs of a task ("... to Detect Textual Attacks"), whose participles stay modifiers
    # of one ("Machine Generated Text Detection")
    f"{verb}{ending}"
    for verb in """detect predict generate classify identify recognize recognise localize
localise translate summarize retrieve""".split()
    for ending in ("", "s")
)
#: Words in -ing that are nouns in a problem's name ("Training Data Attribution").
_NOUN_ING = frozenset(
    {
        "training",
        "learning",
        "reasoning",
        "modeling",
        "modelling",
        "processing",
        "computing",
        "programming",
        "planning",
        "answering",
    }
)
#: Modifiers that praise or qualify the solution rather than name the problem.
QUALITY_WORDS = frozenset(
    """efficient fast faster robust robustly simple simpler effective
learnable emergent axiomatic modern novel new better improved enhanced provable provably
practical accurate lightweight unified general adaptive towards revisiting
rethinking improving enhancing boosting same various related average diverse hard easy fresh
large-scale small-scale several many different other further specific general downstream
standard common typical real-world challenging complex existing prior previous current recent
popular conventional traditional classical key main important one two three four five six
seven eight nine ten single multiple cast theoretical automated automatic interpretable
controllable reliable principled generalizable trustworthy certain optimal benchmark
toy synthetic precise end-to-end""".split()
)
#: Hyphen parts that make a compound a modifier of the solution ("Training-free",
#: "Representation-Guided", "Parameter-Efficient").
_QUALITY_PARTS = frozenset(
    {
        "fidelity",
        "quality",
        "free",
        "guided",
        "efficient",
        "based",
        "aware",
        "enhanced",
        "inspired",
        "augmented",
        "agnostic",
        "level",
        "centric",
        "oriented",
        "preserving",
        "tuning",
        "optimal",
        "cost",
    }
)
#: Hyphen parts that, right before the head, say which kind of problem it is rather than
#: praise the solution ("Parameter-Efficient Fine-Tuning", "Prompt-Based Learning").
_KIND_PARTS = frozenset({"based", "efficient"})
#: "Learning with Noisy Labels", "Learning from Human Feedback": a learning setting
#: named by what the learner gets (which the means cut would otherwise drop).
_SETTING = re.compile(
    r" (?P<word>with|from|under)((?: (?!(?:a|an|the|and|or|for|in|on|of|to|via|by|with|using|through|"
    r"is|are|was|were|has|have|had|plays?|remains?|becomes?|can|could|may|might|will|would|"
    r"shows?|seems?|requires?|involves?|relies|rely|suffers?|leads?)(?![\w-]))[\w-]+){1,3})(?=$|[\s:,;?.!])",
    re.IGNORECASE,
)
#: Heads that name a stage of training a model goes through: before a noun of data, loss
#: or time they say which stage it belongs to ("a calibration dataset", "fine-tuning
#: steps"), no problem.
_STAGE_HEADS = frozenset(
    {"training", "fine-tuning", "finetuning", "pre-training", "pretraining", "calibration", "alignment"}
)
#: Nouns a stage head modifies ("training data", "training loss", "training dynamics").
_TRAINING_OF = re.compile(
    r"\s+(?:data|datasets?|sets?|loss(?:es)?|time|steps?|samples?|examples?|corpus|"
    r"objectives?|budgets?|dynamics|procedures?|pipelines?|recipes?|runs?|stages?|"
    r"phases?|regimes?|signals?|distributions?|costs?|efficiency|stability|speed|"
    r"instances?|points?|tokens?|sequences?)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9][\w@]*(?:-\w+)*")
#: A capitalised word right after a hyphened head (in a title): the compound then
#: modifies it ("Post-Training Quantization").
_NEXT_CAPITALISED = re.compile(r" ([A-Z][\w-]*)")
_TOPIC_HEAD_SET = frozenset(TOPIC_HEADS)
#: The words above that no modifier is, in one set: one look-up a word instead of three.
_NOT_MODIFIERS = _STOP | QUALITY_WORDS | _VERBS


def _modifier(word: str, next_is_head: bool = False) -> bool:
    """Whether a title word can modify a problem's head: a plain word or compound, not a
    stop word, a verb in -ing or -s form, a number or a word about the solution's qualities."""
    low = word.casefold()
    if low in _NOT_MODIFIERS or low.isdigit() or not _WORD.fullmatch(word):
        return False
    parts = low.split("-")
    if len(parts) > 1 and parts[-1] in _QUALITY_PARTS and not (next_is_head and parts[-1] in _KIND_PARTS):
        return False
    if low.endswith("ing") and "-" not in low and low not in _NOUN_ING or is_adverb(low):
        return False  # "Inducing", "Tracing"; "Robustly" (not "warm-starting", "Multi-Task", "Anomaly")
    return True


#: Words of prose that a title seldom holds and that modify no noun: prepositions,
#: adverbs and the verbs that put a problem as their object ("tasks like [question
#: answering]", "or even [zero-shot learning]", "we introduce [unsupervised learning]").
_PROSE_WORDS = frozenset(
    f"{word}{ending}"
    for word in """like unlike despite among amongst within upon during after before since
while whereas per even also only just still then thus hence yet already again rather
introduce study consider propose present address perform apply explore investigate examine
analyze analyse evaluate employ adopt support facilitate enable allow benefit""".split()
    for ending in ("", "s", "d")
) | {"studies", "studied", "applies", "applied", "analyses", "analysed", "analyzed"}


def modifies_a_head(word: str) -> bool:
    """Whether a word of prose right before a problem's head word modifies it (see
    `_modifier`)."""
    return word.casefold() not in _PROSE_WORDS and _modifier(word, True)


def _topic_span(
    text: str, head: _Head, lo: int, means=(), bare_ok: bool = False, prose: bool = False
) -> tuple[int, int] | None:
    """The problem phrase a topic head ends: one to three modifiers before it (not
    before `lo`), or a learning setting after it; None where the head names no problem
    here (a modifier of a model or loss, a bare general head, the title's means)."""
    head_start = head.start()
    words = text[lo:head_start].split(" ")[:-1][-3:] if text[head_start - 1 : head_start] == " " else []
    taken = 0
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        opens = word[:1] in "(\"'“"
        word = word[1:] if opens else word
        # an adverb only before a participle: "Weakly Supervised", not "Robustly Learning"
        adverb = word.endswith("ly") and i + 1 < len(words) and words[i + 1].endswith("ed")
        if not (
            _modifier(word, i == len(words) - 1)
            and not (prose and word.casefold() in _PROSE_WORDS)  # "we study [image classification]"
            or adverb
            and _WORD.fullmatch(word)
        ):
            break
        taken += 1
        if opens:  # "(mathematical reasoning, ...": the bracket opens the phrase
            break
    tail = head_end = head.end()
    head_word = head.group("head")
    if head_word.casefold() in _STAGE_HEADS and _TRAINING_OF.match(text, tail):
        return None  # "a quality training dataset", "a fine-tuning dataset": a modifier
    if KIND_AFTER.match(text, tail):
        return None  # "Reasoning Models", "Unit Enhancement and Guidance Framework"

    bare = head_start == head_end - len(head_word)  # no hyphened parts before the head
    # (not "Meta-Learning Online Adaptation": a learning setting names its problem)
    following = None if bare or head_word.casefold() == "learning" else _NEXT_CAPITALISED.match(text, tail)
    if following and following.group(1).casefold() not in _TOPIC_HEAD_SET | _NOT_MODIFIERS:
        return (
            None  # "Language-Training Deepfake Detectors", "High-Resolution Image ...": a compound modifier
        )
    setting = _SETTING.match(text, tail) if bare and head_word.casefold() == "learning" else None
    if setting and (not taken or setting.group("word").casefold() == "under"):
        tail = setting.end()
    elif any(a <= head_start < b for a, b in means):
        return None
    if not taken and tail == head_end and bare and head_word.casefold() not in BARE_HEADS and not bare_ok:
        return None
    first = head_start - len(" ".join(words[len(words) - taken :])) - (1 if taken else 0)
    return first + (text[first] in "(\"'“"), tail


def _coined(name: str) -> bool:
    """A made-up name, not English words: a capital inside a word or a digit ("CAPro",
    "T-REG", "GPT-4"), or one word in capitals."""
    return any(
        any(c.isdigit() for c in w) or any(c.isupper() for c in w[1:])
        for w in re.split(r"[\s\-]+", name)
        if w
    )


#: "Learning " or "Meta-Learning " opening a title, as the verb it is there.
_LEARNING_OPENS = re.compile(r"(?:Meta-)?Learning (?=[A-Z])(?!to )")


#: Function words a title in Title Case capitalises ("Improves LLM Search For Code
#: Generation"): read in lower case, as the rules below spell them.
_CAPITALISED_FUNCTION_WORD = re.compile(
    r"(?<= )(?:For|Via|With|Using|Through|By|From|In|On|And|Of|To|The|A|An|At|Into|Without)(?= )"
)


def title_topics(title: str) -> list[tuple[int, int]]:
    """Spans of the problems a title names, on the title's problem side."""
    title = _CAPITALISED_FUNCTION_WORD.sub(lambda word: word.group().lower(), title)  # (same length)
    colon = title.find(": ")
    # a coined name before the colon is the paper's system; English words may be its
    # problem ("Self-Interpretability: LLMs Can Describe ...")
    start = colon + 2 if 0 < colon <= 40 and _coined(title[:colon]) else 0
    # the means run from "via", "with" ... to the next "for" ("... from Videos for X")
    means = [
        (m.start(), title.find(" for ", m.end()) % (len(title) + 1)) for m in _MEANS.finditer(title, start)
    ]
    spans = [span for head in _heads(title, start) if (span := _topic_span(title, head, start, means))]
    # a title that opens with "Learning" learns its object: "Learning Math Reasoning from
    # ..." is about math reasoning ("Deep Learning ...", "Learning to Rank" aside)
    opening = _LEARNING_OPENS.match(title, start)
    if opening:
        spans = [(opening.end(), b) if a == start and b > opening.end() else (a, b) for a, b in spans]
    # "X for Y" with a problem in Y: X is the paper's means ("Bayesian Prompt Learning for
    # Image Classification"), unless a lexicon knows X ("In-Context Learning for ...")
    purpose = title.find(" for ", start)
    if purpose > start and any(a > purpose for a, _ in spans):
        spans = [(a, b) for a, b in spans if a > purpose or entry_named(title[a:b]) is not None]
    gerund = _GERUND_PROBLEM.match(title, start)  # "Event Camera Demosaicing via ..."
    if (
        gerund
        and " for " not in title[gerund.end() :]  # ("X with Y for Z": Z is the problem)
        and not any(a < gerund.end() and start < b for a, b in spans)
    ):
        words = gerund.group("problem").split()
        if all(_modifier(w) for w in words[:-1]) and words[-1].casefold() not in _VERB_GERUNDS:
            spans.append(gerund.span("problem"))
    # (where the title, or a part after its "!", "?" or colon, opens)
    for opening in [start] + [m.end() for m in _TITLE_PART.finditer(title, start)]:
        remedy = _REMEDY.match(title, opening)
        if (
            remedy
            and not _THING.fullmatch(remedy.group("problem").rsplit(" ", 1)[-1].casefold())
            and not (remedy.group("study") and _STUDIED_NO_PROBLEM.search(remedy.group("problem")))
            and not any(a < remedy.end("problem") and remedy.start("problem") < b for a, b in spans)
        ):
            spans.insert(0, remedy.span("problem"))
    for purpose in _PURPOSE.finditer(title, start):  # "Selective Ensembles for Consistent Predictions"
        a, b = purpose.span("problem")
        words = purpose.group("problem").split()
        while len(words) > 1 and words[0].casefold() in QUALITY_WORDS:  # "for Scalable Video Tokenization"
            a += len(words.pop(0)) + 1
        if re.search(r"[^siu]s$", words[-1]) and not (
            words[-1].endswith("ics") or words[-1].casefold() in _OUTCOMES
        ):
            continue  # "for Linear Transforms", "for Efficient LiDAR Representations": things, no problem
        if (
            all(_modifier(w) for w in words[:-1])
            # the last word may be a gerund: the problem's head ("for Image Retargeting",
            # "for Online HD Mapping"); a lone word is a task where it maps one thing to
            # another ("for Text-to-SQL")
            and (_modifier(words[-1]) or words[-1].endswith("ing") and "-" not in words[-1])
            and (len(words) > 1 or "-to-" in words[0])
            and not _THING.fullmatch(words[-1].casefold())
            and not any(x < b and a < y for x, y in spans)
        ):
            spans.append((a, b))
    # a bare head inside a longer phrase is part of it ("Hallucination" of "Hallucination
    # Detection"), and a phrase said twice is one
    spans = set(spans)
    return sorted(
        (x, y)
        for x, y in spans
        if " " in title[x:y] or not any(a <= x and y <= b and (a, b) != (x, y) for a, b in spans)
    )


#: Where a text says what its problem is: "the task of X", "we study the problem of X",
#: "tasks such as X, Y", "X is the task of", "X tasks", "X datasets".
_CUE_BEFORE = re.compile(
    r"(?:\b(?:task|problem|challenge)s? (?:of|in)|\btasks?,? (?:such as|like|including|e\.g\.,?)|"
    r"\bwe (?:study|address|tackle|investigate|consider|focus on|revisit)|"
    r"\bin (?:the|a) (?:context|setting|field|area|domain) of|\bfocus(?:es|ed)? on|\bapplied (?:in|to)|"
    r"\b(?:methods?|techniques?|approach(?:es)?|phenomenon|research|progress|advances) (?:in|for)|"
    r"\b(?:experiments?|evaluations?|performance|results) on|\brisk of|"
    # "state-of-the-art performance for hate speech classification", "for the purpose of X"
    r"\bperformance (?:for|in)|\bfor the purposes? of)"
    r"\s+(?:the\s+)?(?:(?:improving|enhancing|solving|addressing) )?$",
    re.IGNORECASE,
)
#: "tasks such as X, Y and", "tasks (X, Y and": a window ending in a list of tasks.
_LISTED = re.compile(
    r"\btasks?,? (?:such as|like|including|e\.g\.,?)\s+(?:[\w-]+,?\s+(?:and\s+|or\s+)?){0,8}$|"
    r"\btasks?\s+\((?:[\w-]+,?\s+(?:and\s+)?){0,8}$",
    re.IGNORECASE,
)
_CUE_AFTER = re.compile(
    r"\s+(?:(?:is|are|as) (?:a |an |the )?(?:[\w-]+ ){0,2}?(?:task|problem)s?\b|(?:tasks?|problems?|datasets?|benchmarks?)\b)",
    re.IGNORECASE,
)

#: A coined name (a capital inside a word: "GeoBench", "ImageNet", "NABirds"; capitals and
#: a number: "CIFAR-10") leading a cued task phrase names the data it is done on, not the
#: problem.
_COINED_FIRST = re.compile(r"(?:[A-Z][a-z]+[A-Z]|[A-Z]{2,}[a-z]|[A-Z]{2,}-?\d)[\w-]*\s+(?=\S)")
#: "X tasks" with X the first of two coordinated tasks ("image classification and object
#: detection tasks") or alone.
_TASKS_AFTER = re.compile(r"(?:,?\s+(?:and|or)\s+[\w-]+(?:\s+[\w-]+){0,2}?)?\s+tasks?\b", re.IGNORECASE)
#: A function word (or a list's comma) right before a head: no modifier was dropped.
_BARE_BEFORE = re.compile(
    r"(?:^|(?:^|\s)(?:on|in|for|of|to|and|or|both|either|as|such as|like|including|e\.g\.,?),?\s|,\s|\(|-- )$",
    re.IGNORECASE,
)


#: A title (or its part after a coined name's colon) that names its problem as a
#: gerund and its modifiers before the means or the end: "Event Camera Demosaicing via
#: Swin Transformer", "Self-Supervised Image Retargeting with ..." (not before a purpose:
#: "Hierarchical Scoring with X for Navigation" names its means first).
_GERUND_PROBLEM = re.compile(
    r"(?P<problem>(?:[A-Z][\w-]*\s){1,3}[A-Z][a-z]+ing)(?=$|:|\s(?:via|with|using|through|by|from)\b)"
)
#: Gerunds that say what the paper does, not its problem ("Data Augmentation Revisiting").
_VERB_GERUNDS = frozenset("revisiting rethinking understanding improving enhancing boosting towards".split())

#: A title that opens with a verb of remedy or of study names its problem as the
#: object: "Avoiding Label Drift in ...", "Resolving Sensor Glare with ...", "Revisiting
#: Data Augmentation in ...", "Assessing Judging Bias in ..." (the object up to the
#: means, "in", "for", "to" or the colon; two to four words, not a function word first;
#: not a thing: "Revisiting Saliency Methods", "Understanding Language Models"; after a
#: verb of study, not a plural either: see _STUDIED_NO_PROBLEM).
_REMEDY = re.compile(
    r"(?:[A-Z][a-z]+ly )?(?:Mitigating|Avoiding|Resolving|Overcoming|Reducing|Tackling|Addressing|"
    r"Preventing|Achieving|Alleviating|Combating|Countering|(?P<study>Revisiting|Assessing|Studying|Analyzing|"
    r"Analysing|Understanding|Exploring|Investigating|Rethinking|Characterizing|Quantifying)) (?P<problem>(?!(?:the|a|an|of|in|on|with)\b)"
    r"[\w-]+(?: (?!(?:via|through|using|by|with|from|in|for|to|of|and|on)\b)[\w-]+){1,3})"
    r"(?=$|:|\s(?:via|through|using|by|with|from|in|for|to|of|and|on)\b)"
)

#: What a verb of study takes that is no problem: a plural (the things studied: "Failure
#: Modes", "Key Factors", "NLP Benchmarks"), a clause ("and Mitigating X", "how LLMs
#: ..."), or a quality word first ("Simple Test-Time Scaling", "New Paradigms").
_STUDIED_NO_PROBLEM = re.compile(
    r"(?:[^siu]s|ies)$|^(?:and|or|how|why|what|whether|when|new|novel|key|simple|main)\b", re.IGNORECASE
)
#: Where a part of a title opens: after "!", "?" or a colon ("Attention, Please!
#: Revisiting Attentive Probing ...").
_TITLE_PART = re.compile(r"[!?:]\s+")

#: An abstract that opens by saying what its subject is: "Loss of plasticity is a
#: phenomenon ...", "Programming-by-example is the task of ..." (one to four words).
_DEFINED_OPENING = re.compile(
    r"(?P<problem>[A-Z][\w-]*(?: [a-z][\w-]*){0,3}) (?:is|are|refers to) (?:a|an|the) "
    r"(?:[a-z-]+ ){0,2}(?:task|problem|phenomenon|challenge)s?\b"
)

#: A title's purpose: "... for Forensic Investigation", one to three capitalised words
#: after "for" that end the title or its part ("and", a colon, the means).
_PURPOSE = re.compile(
    r" for (?P<problem>[A-Z][\w-]*(?: [A-Z][\w-]*){0,2})(?=$|:|\s(?:and|via|through|using|by|with|from|in|on)\b)"
)
#: Plurals that end a purpose phrase and still name a problem: what a model produces or
#: faces ("for Stable Forecasts", "for Consistent Predictions", "for Inverse Problems").
_OUTCOMES = frozenset(
    "predictions forecasts decisions explanations recommendations estimates problems".split()
)
#: Last words that make a purpose phrase a thing the method is for, not a problem
#: ("... for Deep Networks", "... for Tabular Data").
_THING = re.compile(
    r"(?:models?|networks?|llms?|data|datasets?|transformers?|agents?|systems?|"
    r"architectures?|frameworks?|methods?|algorithms?|languages?|images?|videos?|text|x-rays?|scans?|diffusion|"
    r"encoders?|decoders?|autoencoders?|classifiers?|embeddings?|operators?|solvers?)"
)

#: "three real-world datasets for rating prediction", "a benchmark for web navigation":
#: what data is for is a task, but not a stage of making a model ("a dataset for DPO
#: training", "... for task-specific fine-tuning").
_DATA_FOR = re.compile(r"\b(?:datasets?|benchmarks?) for\s+(?:the\s+)?$", re.IGNORECASE)
_MODEL_STAGE = re.compile(
    r"(?:training|fine-?tuning|pre-?training|tuning|learning|generali[sz]ation|robustness)$", re.IGNORECASE
)

#: "the task of X", "the problem of X" where X has no topic head ("multi-digit
#: multiplication", "synthesizing regular expressions"), "in the context of" a gerund: the phrase up to the clause's
#: end or a word that starts the means or a new clause, of at most twelve words,
#: opening with a lower-case word that is not a function word ("the problem of how ...").
_TASK_OF = re.compile(
    r"\b(?:(?:the|a) (?:[a-z-]+ ){0,2}(?:task|problem) of|[Ii]n the (?:context|setting) of(?= [a-z]+ing\b)) (?P<problem>(?!(?:how|what|which|whether|"
    r"this|that|these|those|it|its|their|our|the|a|an|such|finding|choosing)\b)[a-z][\w-]*"
    r"(?: (?!(?:from|by|using|via|with|which|that|where|when|while|and|or|is|are|was|were|"
    r"has|have|can|in|for|as)\b)[\w-]+){0,11})(?=[,.;:)]|\s\(|\s(?:from|by|using|via|with|which|that|"
    r"where|when|while|and|or|is|are|was|were|has|have|can|in|for|as)\b|$)"
)
#: A list of problems the text calls tasks: "three tasks: (1) A; (2) B", "tasks,
#: including A, B, and C", "end-tasks such as A and B" (not "problems such as": as
#: often flaws, "low efficiency, high computational cost").
_TASK_LIST = re.compile(
    r"\btasks(?: \([^()]{1,40}\))?,?\s*(?:such as|including|like|e\.g\.,?|:|--)\s+(?:\(1\)\s*)?"
)
#: Between two items of such a list: a comma or semicolon, "and", "or", "as well as",
#: a number in brackets.
_LIST_SEPARATOR = re.compile(r"(?:\s*[,;]\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as)\s+)(?:\(\d\)\s*)?")
#: One item: one to five words in lower case (a capitalised acronym among them), none of
#: them a function word or a word of a clause; whatever follows ends the list.
_LIST_ITEM = re.compile(
    r"(?!(?:the|a|an|this|these|those|their|its|our|we|they|it|which|that|other|more|many|several|"
    r"various|etc|both|each|despite|thereby|showing|demonstrating|achieving|including|using|"
    r"following|providing|enabling|leaving|requir\w*|ha(?:ve|s)|when|where|while|e)\b|[a-z]+ly\b)"
    r"[a-z][a-z0-9-]*"
    r"(?: (?!(?:the|a|an|of|in|on|for|to|with|by|from|via|using|"
    r"and|or|as|is|are|was|were|be|been|that|which|where|while|when|their|its|our|we|they|it|"
    r"can|may|etc|than|at|but|often|remains?)\b)(?:[a-z][a-z0-9-]*|[A-Z]{2,}s?)){0,4}"
    r"(?=[,;.:)]|\s+(?:and|or|as well as)\s|\s*$)"
)

#: An item that names no problem: a word cut at a hyphen ("short- and long-video
#: understanding"), a class of tasks or data ("general dialogue tasks"), or one word
#: that is no activity ("mathematics", "healthcare": a domain; "regression",
#: "debugging", "annotation" are).
_NO_PROBLEM_ITEM = re.compile(
    r"-$|\b(?:tasks?|problems?|benchmarks?|datasets?|data|domains?|settings?|levels?|accuracy|metrics?|"
    r"costs?|efficiency|results)$|"
    r"^[a-z0-9-]+(?<!ing)(?<!tion)(?<!sion)(?<!ment)(?<!ysis)(?<!ance)(?<!ence)(?<!al)$"
)


def listed_tasks(text: str) -> list[tuple[int, int]]:
    """Spans of the items of a list the text introduces as its tasks, each
    item a short phrase in lower case ("in three tasks: (1) binary violation
    classification; (2) ...", "tasks, including toxic chat detection, reward modeling,
    and disease diagnosis"), whether or not it ends in a word that names a problem."""
    spans = []
    for cue in _TASK_LIST.finditer(text) if "tasks" in text else ():
        at = cue.end()
        while item := _LIST_ITEM.match(text, at):
            if _NO_PROBLEM_ITEM.search(item.group()) is None:
                spans.append(item.span())
            separator = _LIST_SEPARATOR.match(text, item.end())
            if separator is None:
                break
            at = separator.end()
    return spans


#: Between two coordinated phrases: "A, B", "A and B", "A, and B", "A or B".
_COORDINATED = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")
#: What puts "the task of Y" in a definition ("X is the task of Y", "X refers to the
#: problem of Y"): Y glosses X, the name a researcher files the problem under.
_DEFINIENS = re.compile(r"\b(?:is|are|refers to|refer to)\s+$")
#: What every match of _TASK_OF holds: the regex opens with a word boundary, so re tries
#: it at every position of a text, while fewer than one text in fifty has one of these.
_TASK_OF_WORDS = ("task of ", "problem of ", "n the context of ", "n the setting of ")

#: After an abstract's opening phrase, what shows it is the sentence's subject:
#: "Feature selection is ...", "Contrastive learning (CL) has ...", "X often hinges on".
_OPENING_AFTER = re.compile(
    r"\s*(?:~?\(|,|:)|\s+(?:is|are|was|were|has|have|had|can|could|may|often|usually|"
    r"typically|aims?|remains?|plays?|refers?|seeks?|studies|or|in)\b"
)


#: A word that opens a subordinate clause, capitalised at a sentence's start, before a
#: problem's name: no part of it.
_SUBORDINATOR = re.compile(
    r"(?:While|Whereas|Although|Though|Since|Because|When|If|As|Despite|Unlike|Once)\s+"
)


def cued_topics(text: str, data: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of the problems a text names where it says it is one: after "the task of",
    "we study", "tasks such as" (and the list that follows), before "task(s)" or "is a
    ... problem", and the phrase an abstract opens with ("Hyperparameter optimization
    can be formulated as ...").  The coined names of data that lead a cued phrase ("the
    NABirds image classification task") are added to `data`, if given."""
    spans = []
    found = []  # (start, end, cued, the coined name of data leading it)
    for head in _heads(text):
        # a head alone is a problem where the text calls it a task right away, after a
        # function word: "on classification tasks", "language modeling and parsing
        # tasks", "tasks such as retrieval" (not "various classification tasks")
        # (the anchored test first, and the window's test only where it holds "task")
        bare_ok = (
            bool(
                _TASKS_AFTER.match(text, head.end())
                or "task" in text[max(0, head.start() - 40) : head.start()]
                and _LISTED.search(text, max(0, head.start() - 40), head.start())
            )
            and _BARE_BEFORE.search(text, max(0, head.start() - 12), head.start()) is not None
        )
        span = _topic_span(text, head, max(0, head.start() - 60), bare_ok=bare_ok, prose=True)
        if span is None:
            continue
        start, end = span
        opens_text = start == 0 or _SUBORDINATOR.fullmatch(text, 0, start) is not None
        subordinator = _SUBORDINATOR.match(text, start, end)
        if subordinator:  # "While autonomous navigation has achieved ...": the clause's word
            start = subordinator.end()
        coined = _COINED_FIRST.match(text, start, end)
        if coined:  # "on GeoBench classification tasks": the data's name, then the task
            start = coined.end()
        window = text[max(0, start - 40) : start]
        cued = (
            opens_text
            and _OPENING_AFTER.match(text, end)
            or _CUE_AFTER.match(text, end)
            or _TASKS_AFTER.match(text, end)
            or _CUE_BEFORE.search(window)
            or _LISTED.search(window)
            or _DATA_FOR.search(window)
            and not _MODEL_STAGE.search(text, start, end)
        )
        found.append((start, end, bool(cued), coined))
    # a cue holds for every item of the list its phrase is in: "results on image
    # captioning, machine translation and visual question generation" (not an item
    # led by a name in capitals: "COCO object detection" is the data, then the task)
    cues = [cued for _, _, cued, _ in found]
    pairs = [i for i in range(len(found) - 1) if _COORDINATED.fullmatch(text, found[i][1], found[i + 1][0])]
    for i in pairs + pairs[::-1]:  # (forward along the list, then back)
        for item, other in ((i, i + 1), (i + 1, i)):
            if cues[other] and text[found[item][0] : found[item][1]].split(" ", 1)[0].islower():
                cues[item] = True
    for (start, end, _, coined), cued in zip(found, cues):
        # (the cue first: one span in twelve has one, and the generic test costs more)
        if cued and not any(is_generic(label, text[start:end]) for label in (schema.TASK, schema.METHOD)):
            spans.append((start, end))
            if coined and data is not None:
                data.append(
                    (coined.start(), coined.start() + len(coined.group().rstrip()))
                )  # not "Supervised learning can be viewed as ...": a field
    defined = _DEFINED_OPENING.match(text)  # "Loss of plasticity is a phenomenon where ..."
    tasks_of = _TASK_OF.finditer(text) if any(word in text for word in _TASK_OF_WORDS) else ()
    for match in ([defined] if defined else []) + list(tasks_of):  # "the task of X"
        if match is not defined and _DEFINIENS.search(text, max(0, match.start() - 12), match.start()):
            continue  # "X is the task of Y": Y says what X, the problem's name, means
        start, end = match.span("problem")
        if not any(start <= a < end for a, _ in spans) and not is_generic(
            schema.TASK, match.group("problem")
        ):
            spans.append((start, end))
    for start, end in listed_tasks(text):
        if not any(a < end and start < b for a, b in spans) and not any(
            is_generic(label, text[start:end]) for label in (schema.TASK, schema.METHOD)
        ):
            spans.append((start, end))
    return sorted(spans)


def _as_written_in_prose(phrase: str) -> str:
    """A title's phrase as a sentence would write it: the lexicon's name where it has
    one, else its title-case words in lower case ("LLM Unlearning" -> "LLM unlearning")."""
    known = entry_named(phrase)
    if known and known.label == schema.TASK:
        return known.name
    phrase = _PLURAL_ACRONYM_MODIFIER.sub(r"\1", phrase)  # "LLMs Reasoning": LLM reasoning
    return re.sub(r"(?<![A-Za-z0-9])[A-Z][a-z]+(?![A-Za-z0-9])", lambda w: w.group(0).lower(), phrase)


#: An acronym's plural before another word of a title's phrase.
_PLURAL_ACRONYM_MODIFIER = re.compile(r"(?<![\w-])([A-Z]{2,})s(?= [A-Za-z])")


def _folded(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def _echoed(phrase: str, folded_abstract: str) -> bool:
    """Whether the abstract uses the title's phrase too (a plural 's' aside): such a
    title task is right more often than one the title alone states (on the 346 cards, 97
    of 109 against 71 of 93), so the two are measured apart (extractors/data/confidence.tsv)."""
    folded = _folded(phrase)
    return folded in folded_abstract or folded.removesuffix("s") in folded_abstract


def add_title_topics(extraction: PaperExtraction) -> None:
    """Add a Task mention, ADDRESSES, for each problem the paper's title names, unless it
    is what the paper proposes: a name a mention of the paper proposes or introduces,
    or the long form of the name before the title's colon ("HFT: Half Fine-Tuning ...")."""
    from extractors.confidence import measured_confidence  # (spaCy loaded by now)

    title = extraction.paper.title or ""
    abstract: str | None = None  # folded when a title task is kept (half the titles keep none)
    own = [m for m in extraction.mentions if m.role in ("PROPOSES", "INTRODUCES")]
    held = [(m.start, m.end) for m in own if m.field == "title"]
    proposed = {schema.concept_key(name) for m in own for name in (m.text, m.canonical) if name}
    colon = title.find(": ")
    name = title[:colon].casefold() if 0 < colon <= 40 else None
    for start, end in title_topics(title):
        phrase = title[start:end]
        if (
            any(a < end and start < b for a, b in held)
            or is_generic(schema.TASK, phrase)
            or schema.concept_key(phrase) in proposed
            or name
            and initials(phrase) in name
        ):
            continue  # ("Modern Machine Learning": a field, no one paper's problem)
        if abstract is None:
            abstract = _folded(extraction.paper.abstract or "")
        found = Mention(
            schema.TASK,
            phrase,
            start,
            end,
            "title",
            title,
            COMPONENT,
            CONFIDENCE,
            role="ADDRESSES",
            canonical=_as_written_in_prose(phrase),
            attrs={"pattern": RULE if _echoed(phrase, abstract) else TITLE_ONLY_RULE},
        )
        found.confidence = measured_confidence(found, CONFIDENCE)
        extraction.mentions.append(found)
