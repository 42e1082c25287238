"""What a paper's title may state, which datasets it introduces and evaluates on, and
the dataset of results whose sentence names none, settled once its title and abstract
are both read.

Title and abstract are separate docs, so no spaCy component sees both; this step does.
A title is a headline, not a sentence: the concepts it names (USES, EVALUATES_ON,
ADDRESSES) were wrong far more often than right when read alone (issue #14 measured
0 of 13), and a concept that matters is named again in the abstract, which then
carries the fact with its sentence as evidence.  So a title keeps only what it says
the paper contributes, and only when that is a name: a coined one ("FlatFormer",
"DIMCO", "T-REG", "ThyroidEffi 1.0") or one the abstract goes on to use; headline words
before a colon ("Label Noise: Ignorance Is Bliss", "Therefore: ...") name nothing, nor
does a headline that holds a coined word ("Towards Trustworthy Dermatology MLLMs: ...",
"LESS Is More: ...") unless the abstract uses it as a name.

A dataset the paper introduces is also one it evaluates on where the abstract says so:
a sentence naming it speaks of evaluation, experiments, testing or training ("we
evaluate our model on a new benchmark (X)", "X can be used for pretraining"), or the
abstract says it ran models at all ("We evaluate twelve models and find ..."): a
benchmark paper runs them on what it built; being introduced alone is no evaluation
("we will release X").

A paper that evaluates on one dataset reports its later figures on it, though their
sentences do not name it again (see `credit_the_paper_dataset`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg import schema
from extractors.heads import initials
from extractors.mentions import RESULT_REFERENCES, PaperExtraction

CONTRIBUTIONS = ("PROPOSES", "INTRODUCES")
#: Words of a sentence that reports using a set of data for experiments.
EVALUATION_CUE = re.compile(
    r"\b(?:[Ee]valuat\w*|[Ee]xperiment\w*|[Tt]ested|[Tt]ests? on|[Bb]enchmark(?:ed|ing)|"
    r"(?:pre-?)?train(?:ed|ing)? on|(?:pre-?)?training with|used for (?:pre-?)?training|"
    r"fine-?tun(?:ed|ing) on|results on)\b"
)
#: Where a sentence opens: a capital there may be the sentence's, not a name's.
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;]\s+)$")


def coined(name: str) -> bool:
    """Whether a name is made up rather than English words in title case: a capital
    inside a word ("FlatFormer", "DIMCO"), a digit ("GPT-4", "T5"), or an odd mix;
    capitals that open the parts of a hyphenated word ("Self-Interpretability") do
    not count."""
    for word in re.split(r"[\s\-]+", name):
        if any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]):
            return True
    return False


#: Words that make a title's opening a headline, not a name ("LESS Is More", "QV May Be
#: Enough", "TIPS Over Tricks", "Populism Meets AI").
_HEADLINE_WORDS = {
    *"Is Are Was Were Be Been May Might Can Could Should Must Will Does Do Did Not Never".split(),
    *"Meets Meet Over Beats Beat Matters Matter Needs Need Makes Make Made Than Versus vs".split(),
}


#: A version after a name ("Quokka 2.0", "Atlas 3").
_VERSION = re.compile(r"v?\d+(?:\.\d+)*")


def names_itself(name: str) -> bool:
    """Whether a title's opening is a name without the abstract's word for it: one
    coined word ("FlatFormer"), a word and its version ("Quokka 2.0"), or words led by
    a coined one with no verb among them ("ThyroidEffi 1.0", "M3PD Dataset", "LoRA
    Patching"), not a headline that holds a coined word ("Towards Trustworthy
    Dermatology MLLMs", "LLMs Improving LLMs")."""
    words = name.split()
    if not words or not (coined(words[0]) or len(words) == 2 and _VERSION.fullmatch(words[1])):
        return False
    return not any(
        w in _HEADLINE_WORDS or (i < len(words) - 1 and w.endswith("ing") and "-" not in w)
        for i, w in enumerate(words[1:], 1)
    )


def used_as_name(name: str, text: str) -> bool:
    """Whether `text` writes `name` as written, standing alone, somewhere other than
    where a sentence opens (there its capital may be the sentence's); or, in any case,
    defines a short form for it ("Verbalized Machine Learning: ..." and "we introduce
    verbalized machine learning (VML)"), which no phrase in passing gets.

    Each test compiles a regex for the name (the case-blind one costs most), so each is
    skipped where a substring test shows it cannot match: the name as written missing
    from the text, or, in ASCII (where re's case-blind matching is plain lower case),
    missing from it in lower case."""
    for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) if name in text else ():
        if " " in name or not _SENTENCE_OPENING.search(text[max(0, match.start() - 3) : match.start()]):
            return True
    if " " not in name or text.isascii() and name.isascii() and name.lower() not in text.lower():
        return False
    return any(
        initials(name).startswith(short.group(1).casefold().rstrip("s")[:2])
        for short in re.finditer(
            rf"(?<![\w-]){re.escape(name)}s?\s+\(([A-Za-z][\w\-]{{1,11}})\)", text, re.IGNORECASE
        )
    )


def settle_paper(extraction: PaperExtraction) -> PaperExtraction:
    """The facts that need title and abstract together (see the module's docstring)."""
    return refer_by_kind(
        credit_the_paper_dataset(
            credit_title_wins(
                drop_subsumed_tasks(
                    mark_named_parts(
                        mark_evaluated(title_names_built_data(settle_title(name_the_title(extraction))))
                    )
                )
            )
        )
    )


def refer_by_kind(extraction: PaperExtraction) -> PaperExtraction:
    """Results and relations point only at mentions of the kinds they join.  The steps
    above settle a name's kind with the whole paper in view ("RefVNLI, a cost-effective
    metric" in the abstract is the method the title proposes), after the results and
    comparisons of the abstract were read with the kind it had then: a result's metric
    that became a method is no metric of that result (its value stays, with no metric),
    and a comparison whose side is no longer a method is no comparison.  (A Benchmark
    MEASURED_BY a Method would break the schema, and with it a whole build.)"""
    mentions = extraction.mentions
    for result in extraction.results:
        for field_name, label in RESULT_REFERENCES.items():
            index = getattr(result, field_name)
            if index is not None and mentions[index].label != label:
                setattr(result, field_name, None)
    extraction.relations = [
        relation
        for relation in extraction.relations
        if mentions[relation.head].label in schema.EDGE_TYPES[relation.type].sources
        and mentions[relation.tail].label in schema.EDGE_TYPES[relation.type].targets
    ]
    return extraction


#: Words that speak of several sets of data a paper runs on ("on five benchmarks",
#: "across datasets", "multiple public datasets"): the one it names is then not all it
#: evaluates on.  Others' data in the plural ("Legal NLP benchmarks are English-centric",
#: "unlike translated benchmarks") says nothing of the paper's.
_SEVERAL_DATASETS = re.compile(
    r"\b(?:(?:on|across|over|using|in|with)\s+(?:the\s+)?(?:[\w\-]+\s+){0,3}?|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+|multiple|several|various|diverse|many|"
    r"public|standard|popular|benchmark)\s+(?:[\w\-]+\s+){0,3}?)(?:datasets|benchmarks|corpora)\b",
    re.IGNORECASE,
)
#: Words of a sentence that speaks of a set of data of its own ("on the new dataset").
_DATA_WORD = re.compile(r"\b(?:datasets?|benchmarks?|corpus|corpora|data|splits?)\b", re.IGNORECASE)
#: A sentence naming data a model was pretrained on ("pretrained ImageNet weights"):
#: no data the paper reports on.
_PRETRAINED = re.compile(r"\bpre-?train", re.IGNORECASE)
#: Measures of what a run costs ("18% less memory", "4x less training time"): figures of
#: the system, seldom of one dataset.
_COST_MEASURE = re.compile(
    r"\b(?:memory|latency|time|runtime|FLOPs|parameters|params|speed-?ups?|throughput|tokens|costs?|"
    r"energy|compute|computation|steps)\b",
    re.IGNORECASE,
)


def credit_the_paper_dataset(extraction: PaperExtraction) -> PaperExtraction:
    """A result whose sentence names no dataset, in a paper that evaluates on one dataset
    alone and reports the result after naming it, is a result on that dataset ("We
    evaluate on APTOS. ... The cascade reaches 98.99% accuracy").  A paper naming two
    or more, or speaking of several ("five benchmarks"), leaves such results with none
    (which of them is not said; a name that opens another, "APTOS" of "APTOS 2019
    Blindness Detection", is the same one), as does a result whose sentence speaks of data of its
    own ("72.8% OA on the new dataset") or names the dataset (read there already), a
    cost of the system ("18% less memory"), and data named as pretraining ("pretrained
    on ImageNet").  The result is marked, so its confidence is measured apart."""
    abstract = extraction.paper.abstract or ""
    evaluated: dict[str, int] = {}
    for i, m in enumerate(extraction.mentions):
        if m.label == schema.DATASET and m.role == "EVALUATES_ON" and m.field == "abstract":
            evaluated.setdefault((m.canonical or m.text).casefold(), i)
    # ("APTOS 2019 Blindness Detection" and later "the APTOS test split": one dataset, its
    # full name credited)
    names = sorted(evaluated, key=len)
    for short in names[:-1]:
        if any(long.startswith(short + " ") for long in names if long != short):
            del evaluated[short]
    if len(evaluated) != 1 or _SEVERAL_DATASETS.search(abstract):
        return extraction
    (index,) = evaluated.values()
    dataset = extraction.mentions[index]
    if _PRETRAINED.search(dataset.sentence):
        return extraction
    for result in extraction.results:
        metric = extraction.mentions[result.metric].text if result.metric is not None else ""
        if (
            result.dataset is None
            and result.field == "abstract"
            and result.start > dataset.start
            # (a sentence naming the dataset was read already: its result is on none of it)
            and dataset.text not in result.sentence
            and not _DATA_WORD.search(result.sentence)
            and not _COST_MEASURE.search(metric)
        ):
            result.dataset, result.dataset_of_paper = index, True
    return extraction


TITLE_NAMED = "title-named"
#: The rule's confidence where the measured table has no row for it.
TITLE_NAMED_CONFIDENCE = 0.8
#: After the title in the abstract: where a name ends, and a short form given after a
#: comma ("Sharpness-Aware Training for Free, or SAF, which ...").
_NAME_ENDS = re.compile(r"(?=[\s,.;:(]|$)")
_OR_SHORT = re.compile(r",\s+or\s+(?P<short>[A-Z][A-Za-z0-9\-]{1,12}),")


def name_the_title(extraction: PaperExtraction) -> PaperExtraction:
    """A title the abstract gives word for word as what the paper proposes ("we propose
    Sharpness-Aware Training for Free, or SAF, which ...") is the paper's method, its
    lower-case joining words ("for", "via", "with") included, which a name read word by
    word stops at; the shorter names read inside it are parts of the words, not names,
    and a short form given after ", or" goes with it."""
    from extractors.base import text_sentences
    from extractors.confidence import measured_confidence
    from extractors.mentions import Mention
    from extractors.patterns import PROPOSING

    title = (extraction.paper.title or "").strip()
    abstract = extraction.paper.abstract or ""
    if ":" in title or len(title.split()) < 3 or not re.search(r" [a-z]", title) or title not in abstract:
        return extraction  # (a one-word or Title Case title is read as a name already)
    named = re.compile(rf"\s+(?:the\s+)?{re.escape(title)}")
    for verb in PROPOSING.finditer(abstract):
        found = named.match(abstract, verb.end())
        if found and _NAME_ENDS.match(abstract, found.end()):
            break
    else:
        return extraction
    end = found.end()
    start = end - len(title)
    same = [m for m in extraction.mentions if m.field == "abstract" and (m.start, m.end) == (start, end)]
    if same:  # read whole already ("... for Self-Training (EAST)", a defined pair): its role settles it
        for m in same:
            if m.label == schema.METHOD and m.role in (None, "USES"):
                m.role = "PROPOSES"
        return extraction
    opening, closing = next(
        ((lo, hi) for lo, hi in text_sentences(abstract) if lo <= start < hi), (0, len(abstract))
    )
    sentence = abstract[opening:closing]
    own = Mention(
        label=schema.METHOD,
        text=title,
        start=start,
        end=end,
        field="abstract",
        sentence=sentence,
        component="paperkg_patterns",
        confidence=TITLE_NAMED_CONFIDENCE,
        role="PROPOSES",
        attrs={"pattern": TITLE_NAMED},
    )
    own.confidence = measured_confidence(own, TITLE_NAMED_CONFIDENCE)
    short = _OR_SHORT.match(abstract, end)
    for m in extraction.mentions:
        if m.field != "abstract" or m.label not in schema.CONCEPT_LABELS:
            continue
        if start <= m.start and m.end <= end:  # a piece of the name ("Sharpness-Aware Training")
            m.role = None
            m.attrs = {**m.attrs, "generic": True}
        elif short and m.text == short.group("short"):
            m.label, m.role, m.canonical = schema.METHOD, "PROPOSES", title
            m.confidence = own.confidence
    extraction.mentions.append(own)
    return extraction


#: Words that may stand between a verb of making and the kind of thing made ("a
#: straightforward benchmark", "the first large-scale multilingual dataset"): no
#: function word, so "a method for benchmark construction" is not data.
_MADE_WORDS = r"(?:(?!(?:for|of|to|on|in|with|that|which|and|from)\b)[\w\-]+,?\s+){0,4}?"
#: After a verb of making: a set of data with no name of its own ("we construct a
#: straightforward benchmark on this theme"), and a method with none ("we propose a
#: simple framework that ...").
_UNNAMED_DATA = re.compile(
    rf"\s+(?:(?:a|an|the|our|two|three|several)\s+)?{_MADE_WORDS}"
    r"(?:benchmark|dataset|data set|corpus|testbed|test suite|evaluation suite)s?\b"
    r"(?!\s*\(|,?\s+(?:called|named|dubbed|termed)\b|\s+[A-Z])"
)
_METHOD_KINDS = (
    r"(?:method|model|framework|approach|algorithm|system|architecture|technique|pipeline|"
    r"strategy|loss|objective|agent|network|paradigm|mechanism)s?\b"
)
_UNNAMED_METHOD = re.compile(rf"\s+(?:(?:a|an|the|our)\s+)?{_MADE_WORDS}{_METHOD_KINDS}")
#: A method of the paper's own spoken of anywhere ("our method operates ...", "the
#: proposed approach", "the first method to serve as a baseline").
_OWN_METHOD = re.compile(rf"\b(?:[Oo]ur|[Pp]roposed|[Tt]he first)\s+(?:[\w\-]+\s+)?{_METHOD_KINDS}")


def title_names_built_data(extraction: PaperExtraction) -> PaperExtraction:
    """A name the title gives the paper's work ("NevIR: Negation in Neural IR") whose
    abstract never writes it, names nothing it contributes, and says only that the
    paper built a set of data ("we construct a straightforward benchmark on this
    theme") and never speaks of a method of its own, in the abstract or the title
    ("SOS: A Shuffle Order Strategy ..."), is the name of that data: a dataset the
    paper introduces, and, since a benchmark paper runs models on what it built,
    evaluates on."""
    from extractors.confidence import measured_confidence
    from extractors.patterns import PROPOSING

    abstract = extraction.paper.abstract or ""
    titled = [
        m
        for m in extraction.mentions
        if m.field == "title" and m.role == "PROPOSES" and m.label == schema.METHOD and m.text not in abstract
    ]
    if (
        not titled
        or any(m.field == "abstract" and m.role in CONTRIBUTIONS for m in extraction.mentions)
        or _OWN_METHOD.search(abstract)
        or re.search(_METHOD_KINDS, (extraction.paper.title or "").lower())
    ):
        return extraction
    built_data = built_method = False
    for verb in PROPOSING.finditer(abstract):
        built_data = built_data or _UNNAMED_DATA.match(abstract, verb.end()) is not None
        built_method = built_method or _UNNAMED_METHOD.match(abstract, verb.end()) is not None
    if not built_data or built_method:
        return extraction
    for m in titled:
        m.label, m.role = schema.DATASET, "INTRODUCES"
        m.confidence = measured_confidence(m, m.confidence)
        extraction.mentions.append(replace(m, role="EVALUATES_ON", attrs={**m.attrs, "evaluated": True}))
    return extraction


def credit_title_wins(extraction: PaperExtraction) -> PaperExtraction:
    """A win the abstract gives its own method by description ("the representations
    learned by our approach substantially outperform the ones learned by BERT"), in a
    paper whose abstract names nothing it proposes and whose title does ("ELECTRA: ..."),
    is the title name's: the comparisons component, which reads the abstract alone, had
    no winner for it.  The losers are the named methods after the cue, up to where its
    object ends, as `extractors.comparisons` reads them."""
    from extractors.base import text_sentences
    from extractors.comparisons import _OWN_METHOD as OWN_METHOD_NAMED  # (the comparisons' reading)
    from extractors.comparisons import BEATS, HEDGE_AFTER, HEDGE_BEFORE, OBJECT_END, _named
    from extractors import names
    from extractors.confidence import calibrated, load_table, relation_kind
    from extractors.mentions import Relation

    mentions = extraction.mentions
    if any(m.field == "abstract" and m.role == "PROPOSES" for m in mentions):
        return extraction
    own = [
        i
        for i, m in enumerate(mentions)
        if m.field == "title" and m.role == "PROPOSES" and m.label == schema.METHOD
    ]
    if len(own) != 1:
        return extraction
    abstract = extraction.paper.abstract or ""
    methods = [(i, m) for i, m in enumerate(mentions) if m.field == "abstract" and m.label == schema.METHOD]
    stated = {(r.head, r.tail) for r in extraction.relations if r.type == "OUTPERFORMS"}
    for lo, hi in text_sentences(abstract) if OWN_METHOD_NAMED.search(abstract) else ():
        for cue in BEATS.finditer(abstract, lo, hi):
            subject = OWN_METHOD_NAMED.search(abstract, lo, cue.start())
            if (
                not subject
                or any(subject.end() <= m.start and m.end <= cue.start() for _, m in methods)
                or HEDGE_BEFORE.search(abstract, max(lo, cue.start() - 40), cue.start())
                or HEDGE_AFTER.match(abstract, cue.end(), hi)
            ):
                continue
            stop = OBJECT_END.search(abstract, cue.end(), hi)
            for i, loser in methods:
                if cue.end() <= loser.start and loser.end <= (stop.start() if stop else hi) and _named(loser):
                    if (own[0], i) in stated or loser.text == mentions[own[0]].text:
                        continue
                    stated.add((own[0], i))
                    relation = Relation(
                        type="OUTPERFORMS",
                        head=own[0],
                        tail=i,
                        start=subject.start(),
                        end=loser.end,
                        field="abstract",
                        sentence=abstract[lo:hi],
                        component=names.COMPARISONS,
                        confidence=0.65,
                    )
                    relation.confidence = calibrated(load_table(), relation_kind(relation), 0.65)
                    extraction.relations.append(relation)
    return extraction


def drop_subsumed_tasks(extraction: PaperExtraction) -> PaperExtraction:
    """A bare one-word task ("tracking", "segmentation") of a paper that also addresses
    a task with that word as its head ("video object tracking", "amodal segmentation")
    is the general field of the specific problem, not a second one the paper is about:
    its mention loses the ADDRESSES role and, like a generic task phrase, makes no node
    (a Task no paper addresses would stand alone in the graph).  On the cards, 9 of 9
    such bare tasks were wrong."""
    tasks = [m for m in extraction.mentions if m.label == schema.TASK and m.role == "ADDRESSES"]
    heads = {words[-1].casefold() for m in tasks if len(words := (m.canonical or m.text).split()) > 1}
    for m in tasks:
        name = m.canonical or m.text
        if " " not in name and name.casefold() in heads:
            m.role = None
            m.attrs = {**m.attrs, "generic": True}
    return extraction


PART_RULE = "named-part"
#: The part rule's confidence where the measured table has no row for it.
PART_CONFIDENCE = 0.75
#: Verbs that say what a system is made of ("it integrates a Texture Diffusion Model",
#: "RAMM incorporates an Alignment Module", "a framework ... in which an X Module", "at
#: its core, the X mechanism", "a strategy implemented via the X module").
_COMPOSED_OF = re.compile(
    r"\b(?:integrat|incorporat|combin|compris|consist|includ|equip|introduc|synergi[sz]|"
    r"featur|contain|compos)\w*|\bin which\b|\bmade up of\b|\bat (?:its|the) core\b|"
    r"\bimplemented (?:via|by|with|through)\b",
    re.IGNORECASE,
)
#: Words of a comparison or an example: the names beside them are what the system is
#: measured against, or other work.
_COMPARED = re.compile(
    r"\b(?:outperform\w*|surpass\w*|than|compared|baselines?|versus|vs\.?|like|such as|e\.g\.)(?!\w)"
)
#: A part's name: capitalised words ending in a word for a part of a system ("Adaptive
#: Illumination Correction Module", "Texture Diffusion Model"); a technique's name
#: ("Integrated Gradients", "Label Smoothing") is what a system uses as often as not.
_PART_NAME = re.compile(
    r"[A-Z][\w\-]*(?: (?:of |for |and |with )?[A-Z][\w\-]*)* (?:Module|Block|Unit|Layer|Head|Network|Model|"
    r"Mechanism|Component|Branch|Encoder|Decoder|Adapter|Loss)"
)
#: After a name, a word for a part of a system that the name leaves out: "a Lightweight
#: Dimension Reductive Attention (LIDR) module", "a Cross-Scale Fusion block".
_PART_WORD_AFTER = re.compile(
    r"\s*(?:\([^()]{1,15}\)\s*)?(?:module|block|unit|layer|head|branch|component|mechanism)s?\b"
)
#: Before such a name, words that make it what the part is built on ("a strategy based
#: on the Multi-Armed Bandit (MAB) mechanism").
_BUILT_ON = re.compile(r"\b(?:based on|built on|inspired by|derived from)\s+(?:the\s+|a\s+|an\s+)?$")
#: The subjects that stand for the paper's own system in a later sentence.
_OWN_SUBJECT = re.compile(r"\b(?:[Ii]t|[Ii]ts|[Oo]ur|[Ww]e)\b")


#: Right before a name: a verb of bringing in ("RL4HS builds on GRPO and introduces
#: Class-Aware Policy Optimization to ...").
_INTRODUCED = re.compile(r"\s(?:introduces|proposes|adds)\s+(?:(?:a|an|the)\s+)?(?:(?:novel|new)\s+)?$")


def _introduced_by_own(abstract: str, m, own: set[str]) -> bool:
    """Whether a name in capitals stands right after "introduces" in a sentence whose
    subject is the paper's own system (see `_INTRODUCED`): a part the system brings."""
    subject = m.sentence.split(" ", 1)[0]
    return (
        subject in own
        and m.text[:1].isupper()
        and _INTRODUCED.search(abstract, max(0, m.start - 30), m.start) is not None
    )


#: A long form in title case: capitalised words, small function words between.
_TITLE_CASE_NAME = re.compile(r"[A-Z][\w\-]*(?:\s+(?:(?:of|for|and|with|in|on|via|to)\s+)?[A-Z0-9][\w\-]*)+")


def _defined_here_in_title_case(abstract: str, m, name: str) -> bool:
    """Whether the mention is a new name's definition: a long form in title case with
    its short form in brackets right after ("ADAM integrates Cross-Lingual Attention
    Distillation (CLAD)", "comprises ... Adaptive Reward Scaling Policy Optimization
    (ARSPO)"), which the paper coins for a part of its own system.  (A field term is none:
    its caller, `mark_named_parts`, asks that of every part.)"""
    from extractors.lexicons import entry_named

    short = m.attrs.get("short")
    return (
        bool(short)
        and m.text == name
        and _TITLE_CASE_NAME.fullmatch(name) is not None
        and abstract.startswith(f" ({short})", m.end)
        and entry_named(short) is None  # ("Contrastive Language-Image Pretraining (CLIP)")
        and not _TAKEN_BEFORE.search(abstract, max(0, m.start - 40), m.start)
    )


#: Right before a name, words that take it from elsewhere ("employing Locality Sensitive
#: Hashing (LSH)", "we adopt the Fast Fourier Transform (FFT)"), not make it.
_TAKEN_BEFORE = re.compile(
    r"\b(?:us(?:e|es|ed|ing)|employ\w*|leverag\w*|adopt\w*|appl(?:y|ies|ied|ying)|exploit\w*|via|"
    r"through|with|from|following|inspired by|similar to|such as|like|including)\s+(?:(?:the|a|an)\s+)?"
    r"(?:[\w\-]+\s+){0,2}$"
)


def _known_spelled_otherwise(name: str, short: str | None) -> bool:
    """Whether a long form is the lexicon's entry for its short form, spelled with other
    hyphens ("Multi-modal Large Language Model (MLLM)": the lexicon's "multimodal large
    language model"), not a new name that reuses known letters ("Shape Sculpting Model
    (SSM)" is no state space model)."""
    from extractors.lexicons import entry_named

    entry = entry_named(short) if short else None
    return entry is not None and _joined(entry.name) == _joined(name)


def _joined(name: str) -> str:
    return schema.concept_key(name).replace(" ", "")


#: The writers say they made a system, named or not ("we propose a diffusion-based
#: framework ... in which an Adaptive Illumination Correction Module (AICM) ...").
_CONTRIBUTES = re.compile(
    r"\b(?:[Ww]e|[Tt]his (?:paper|work|study))\s+(?:\w+ly\s+|also\s+|further\s+|first\s+)?"
    r"(?:propose|present|introduce|develop|design|devise|build)s?\b"
)


def mark_named_parts(extraction: PaperExtraction) -> PaperExtraction:
    """The named parts of the system a paper proposes (by name, or by saying "we
    propose a framework ...") are its own (PROPOSES, rule
    `named-part`): a module, model, block ... named in title case that no lexicon
    knows, in a sentence
    that says what the system is made of ("Specifically, it integrates a Texture
    Diffusion Model (TDM) ...", "Second, RAMM incorporates an Abstract Narrative
    Alignment Module") and compares nothing.  Its short form goes with it."""
    from extractors.confidence import measured_confidence  # (spaCy loaded by now)
    from extractors.field_terms import is_field_term
    from extractors.lexicons import entry_named

    own = {
        name for m in extraction.mentions if m.role == "PROPOSES" for name in (m.text, m.canonical) if name
    }
    abstract = extraction.paper.abstract or ""
    if not own and not _CONTRIBUTES.search(abstract):
        return extraction  # (a system no one says the paper made has no parts of its own)
    parts = set()
    for m in extraction.mentions:
        name = m.canonical or m.text
        if (
            m.field == "abstract"
            and m.label == schema.METHOD
            and m.role in (None, "USES")
            and not m.attrs.get("generic")
            and (
                _PART_NAME.fullmatch(name)
                or _introduced_by_own(abstract, m, own)
                or " " in name  # (a bare "DiT blocks", "FFNN layer" names no part of its own)
                and (
                    _PART_WORD_AFTER.match(abstract, m.end)
                    and _PART_NAME.fullmatch(f"{name} Module")
                    or _defined_here_in_title_case(abstract, m, name)
                )
                and not _BUILT_ON.search(abstract, max(0, m.start - 20), m.start)
            )
            and name not in own
            and entry_named(name) is None
            and not is_field_term(name)
            and not _known_spelled_otherwise(name, m.attrs.get("short"))
            and _COMPOSED_OF.search(m.sentence)
            and not _COMPARED.search(m.sentence)
            and (
                _OWN_SUBJECT.search(m.sentence)
                or any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", m.sentence) for o in own)
            )
        ):
            parts.add(name)
    if not parts:
        return extraction
    for m in extraction.mentions:
        if m.field == "abstract" and m.label == schema.METHOD and (m.canonical or m.text) in parts:
            m.role = "PROPOSES"
            m.attrs = {**m.attrs, "pattern": PART_RULE}
            m.confidence = measured_confidence(m, PART_CONFIDENCE)
    return extraction


#: An abstract that reports running models, anywhere: a benchmark it introduces is what
#: they ran on ("We introduce X, a benchmark of ... We evaluate ten models and find ...").
_BENCHMARK_RUN = re.compile(
    r"\b(?:[Ww]e (?:evaluate|benchmark|test)|[Ee]xperiments|[Rr]esults (?:show|reveal|indicate))\b"
)


def mark_evaluated(extraction: PaperExtraction) -> PaperExtraction:
    """A dataset the abstract introduces, named in a sentence about evaluation or in an
    abstract that says models were run (see `_BENCHMARK_RUN`), gets a
    second mention with the role EVALUATES_ON (marked `evaluated`: kg.model.graph_model keeps it
    beside the stronger INTRODUCES)."""
    abstract = extraction.paper.abstract or ""
    twins = []
    sentences: list[str] | None = None  # the abstract's, split once a mention asks
    for m in extraction.mentions:
        if (
            m.field != "abstract"
            or m.role != "INTRODUCES"
            or m.label != schema.DATASET
            or any(t.text == m.text for t in twins)
        ):
            continue
        if sentences is None:
            sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", abstract)
        # the sentences that hold the name and a cue; the name's regex (compiled for each
        # name) only for those, which are few
        cued = [s for s in sentences if m.text in s and EVALUATION_CUE.search(s)]
        named = re.compile(rf"(?<![\w-]){re.escape(m.text)}(?![\w-])") if cued else None
        if named and any(named.search(s) for s in cued) or _BENCHMARK_RUN.search(abstract):
            twins.append(replace(m, role="EVALUATES_ON", attrs={**m.attrs, "evaluated": True}))
    extraction.mentions += twins
    return extraction


def settle_title(extraction: PaperExtraction) -> PaperExtraction:
    """Drop the title's concept mentions but its named contributions (see the module's
    docstring), with the relations and results that rest on a dropped mention; the
    indexes of the rest are renumbered.  Mentions of other kinds (repositories) stay."""
    abstract = extraction.paper.abstract or ""
    # what the abstract says the paper contributes, by name: a title name takes its kind
    # ("PASS: ..." is the dataset the abstract introduces, not a method)
    stated = {m.text: m for m in extraction.mentions if m.field == "abstract" and m.role in CONTRIBUTIONS}
    for m in extraction.mentions:
        if m.field == "title" and m.role in CONTRIBUTIONS and m.text in stated:
            m.label, m.role = stated[m.text].label, stated[m.text].role
    # a task phrase of the abstract (a kind of rule that alone is mostly wrong) that the
    # title names too is what the paper is about; one the abstract settled as another
    # kind ("improves X by 0.4 AUC" makes X a measure) is not a task to address
    title = f" {schema.concept_key(extraction.paper.title or '')} "
    for m in extraction.mentions:
        if (
            m.field == "abstract"
            and m.label == schema.TASK
            and m.attrs.get("generic")
            and m.attrs.get("pattern") == "task-phrase"
            and f" {schema.concept_key(m.canonical or m.text)} " in title
        ):
            m.role = "ADDRESSES"
            m.attrs = {k: v for k, v in m.attrs.items() if k != "generic"}
    # the problems the title names are the paper's tasks (importing the extractors
    # package loads spaCy, which extraction has done by now)
    from extractors.topics import RULES as TITLE_TOPIC_RULES, add_title_topics

    add_title_topics(extraction)
    keep = []
    for m in extraction.mentions:
        title_concept = (
            m.field == "title" and m.label != "Repository" and m.attrs.get("pattern") not in TITLE_TOPIC_RULES
        )
        keep.append(
            not title_concept
            or m.role in CONTRIBUTIONS
            and (names_itself(m.text) or used_as_name(m.text, abstract))
        )
    # the abstract's mentions of a name the title contributes are that contribution
    # ("Verbalized Machine Learning: ..." and "verbalized machine learning (VML)")
    titled = {
        schema.concept_key(m.text): m
        for m, kept in zip(extraction.mentions, keep)
        if kept and m.field == "title" and m.role in CONTRIBUTIONS
    }
    if titled:
        from extractors.confidence import measured_confidence

        for m in extraction.mentions:
            own = titled.get(schema.concept_key(m.canonical or m.text)) or titled.get(
                schema.concept_key(m.text)
            )
            if (
                own is not None
                and m.field == "abstract"
                # (an acronym's kind is a guess: "PORT2TWIN" is the dataset the title introduces)
                and (m.label == own.label or m.attrs.get("pattern") == "acronym")
                and m.role in (None, "USES")
            ):
                m.label, m.role = own.label, own.role
                m.confidence = measured_confidence(m, own.confidence)
    if all(keep):
        return extraction
    new_index, mentions = {}, []
    for i, (m, kept) in enumerate(zip(extraction.mentions, keep)):
        if kept:
            new_index[i] = len(mentions)
            mentions.append(m)
    relations = []
    for relation in extraction.relations:
        if relation.head in new_index and relation.tail in new_index:
            relation.head, relation.tail = new_index[relation.head], new_index[relation.tail]
            relations.append(relation)
    results = []
    for result in extraction.results:
        if result.dataset is not None and result.dataset not in new_index:
            continue  # (a result naming no dataset rests on none: it stays)
        for role in RESULT_REFERENCES:
            index = getattr(result, role)
            if index is not None:
                setattr(result, role, new_index.get(index))
        results.append(result)
    extraction.mentions, extraction.relations, extraction.results = mentions, relations, results
    return extraction
