"""Patterns: names a text introduces or types by its own wording, found with regular
expressions over the text (no loop over tokens).

- the name before a colon that opens a title ("FlatFormer: ...");
- "we propose / introduce / present X", "... called / named / dubbed X", "X, a novel ...",
  "a new ... method called X", a lower-case name right after the verb ("we propose
  collective bootstrapping to ..."), the marked parts of a contribution ("two
  components: (1) X, ...; (2) Y, ...");
- named members of a kind of method ("losses such as X and Y", "LLMs, including X"),
  "a regularization term called X";
- "on the X dataset / benchmark", "X dataset", lists of names after "on", "including",
  "such as" in a sentence about experiments or data;
- names typed by their head word ("...Net", "... Transformer" => Method; "...Bench",
  "... Corpus" => Dataset) and lower-case task phrases ("... classification").

A name the text says it proposes or introduces carries the role (PROPOSES /
INTRODUCES) with it; other roles are settled by the concept resolver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain
from typing import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from extractors import names
from extractors.abbreviations import long_form_start
from extractors.field_terms import is_field_term
from extractors.lexicons import entry_named, is_generic, load_lexicon
from extractors.measures import CLAUSE_END, COUNTS
from extractors.scanning import case_blind_matches, matches_at, occurrences
from extractors.base import RuleComponent, declare, mention, results, store, stored, text_of
from extractors.heads import (
    DATA_HEAD_WORDS,
    LANGUAGES,
    NAME,
    NAME_WORD,
    TASK_HEADS,
    first_letter_alternation,
    languages_only,
    may_type_by_head,
    name_before,
    type_by_head,
)
from kg import schema


_DATA_WORDS = (
    r"(?:dataset|datasets|data set|benchmark|benchmarks|corpus|corpora|treebank|suite|testbed|leaderboard)"
)
#: (The subject's first letter leads, as a character class, so that re skips in C to
#: the positions that hold one; each alternative then checks which letter it was.)
_PROPOSE = (
    r"[WwTtIiOo](?:(?<=[Ww])e|(?<=[Tt])his (?:paper|work|study)|(?<=[Ii])n this (?:paper|work),? we|"
    r"(?<=[Oo])ur (?:paper|work))"
    r"(?: also| further| then| first| thus| therefore| hence| here| now| [a-z]+ly)? (?P<verb>propose|introduce|present|develop|design|devise|"
    r"build|release|open-source|construct|curate|collect|create|contribute|establish|formulate|put forward)s?d?"
    # "we introduce and study X": the second verb takes the same object
    r"(?: and (?:study|analy[sz]e|evaluate|release|open-source)(?:s|d)?)?"
)
#: Where a text says it contributes something: "we propose", "this paper introduces".
PROPOSING = re.compile(_PROPOSE)
#: The subjects PROPOSING opens with, in lower case ("in this paper" opens three
#: characters before its "this paper").
_PROPOSING_SUBJECTS = ("we ", "this paper", "this work", "this study", "our paper", "our work")


def _proposing(text: str) -> Iterator[re.Match]:
    """PROPOSING.finditer(text), the same matches, tried only where a subject opens
    (for ASCII text, whose lower case keeps every offset); then the second verbs of
    sentences whose subject is "we" ("We build X and introduce two strategies: ..."),
    and the means of sentences whose subject is "we" or the paper ("We address this by
    introducing X")."""
    if not text.isascii():
        yield from PROPOSING.finditer(text)
    else:
        starts = occurrences(text.lower(), _PROPOSING_SUBJECTS)
        yield from matches_at(PROPOSING, text, starts | {at - 3 for at in starts if at >= 3})
    for verb in matches_at(AND_PROPOSING, text, occurrences(text, (" and ",))):
        opening = max(text.rfind(". ", 0, verb.start()), text.rfind("; ", 0, verb.start()))
        if _WE.search(text, opening + 1, verb.start()):
            yield verb
    for verb in matches_at(BY_PROPOSING, text, occurrences(text, (" by ",))):
        opening = max(text.rfind(". ", 0, verb.start()), text.rfind("; ", 0, verb.start()))
        if _OWN_SUBJECT_BEFORE.search(text, opening + 1, verb.start()):
            yield verb


#: A sentence's second verb of contribution: "... and introduce", "... and then propose".
AND_PROPOSING = re.compile(
    r" and (?:then |also |further )?(?P<verb>propose|introduce|present|develop|design|devise|"
    r"build|construct|curate|collect|create|release|"
    # "we propose an approach ... by transforming X and designing a model, X2Path, ..."
    r"proposing|developing|designing|devising|building|constructing|"
    r"curating|collecting|creating)(?=\s)"
)
_WE = re.compile(r"(?<![\w-])[Ww]e ")
#: "We address this gap by introducing X, a ...": the means a sentence's writers say
#: they took is what they contribute.
BY_PROPOSING = re.compile(
    r" by (?P<verb>introducing|proposing|presenting|developing|designing|devising|building|"
    r"constructing|creating|curating|collecting)(?=\s)"
)
#: Who must be the subject for BY_PROPOSING to be the paper's ("the model copes by
#: introducing noise" is not).
_OWN_SUBJECT_BEFORE = re.compile(
    r"(?<![\w-])(?:[Ww]e|[Oo]ur (?:paper|work|study)|[Tt]his (?:paper|work|study))\b"
)


#: After PROPOSING: "we propose X", "we propose a new method, X,", "... a novel ... called X".
PROPOSAL = re.compile(
    r"\s+(?:(?:a|an|the)\s+)?(?:(?P<lead>[^.;:()]{0,90}?)\b(?:called|named|dubbed|termed|coined|namely),?\s+)?"
    rf"\**(?P<name>{NAME})(?=[\s,.;:()*]|$)"
)
#: The rest of a Title Case name that "and" joins, right before the lower-case kind it
#: names ("we created the Reasoning and Answering Temporal Ability dataset"); "we
#: propose X and Y" joins two names, with no kind noun right after the second.
_AND_JOINED_NAME = re.compile(
    rf"\s+and\s+(?P<rest>{NAME})(?=\s+(?:dataset|benchmark|corpus|suite|framework|model|method|"
    r"approach|algorithm|architecture|pipeline|system)\b)"
)
#: "We call this approach X", "we name the algorithm X", "This method, termed X, ...":
#: the text names what it made after describing it.
NAMING = re.compile(
    r"[WwTtOo](?<!\w.)(?:(?<=[Ww])e (?:call|name|term|dub|coin) (?:this|it|them|our|the|these)"
    r"(?: [\w\-]+){0,3}?|(?<=[Tt])his (?:method|approach|technique|framework|model|algorithm|"
    r"procedure|strategy|system|loss|objective)|(?<=[Oo])ur (?:method|approach|technique|"
    r"framework|model|algorithm|procedure|strategy|system)),?(?: (?:termed|called|named|dubbed))?"
    rf",? \**(?P<name>{NAME})(?=[\s,.;:()*]|$)"
)
#: "a new regularization technique, to which we refer as "mixout"", "... which we refer
#: to as MoE-Lite": the paper's name for what it made, quoted in any case or a name.
REFERRED_AS = re.compile(
    r"\b(?:we refer (?:to )?(?:(?:it|this|them|these) )?as|(?P<passive>referred to as|termed)),? "
    r"(?:[\"“](?P<quoted>[^\"”\n]{2,40})[\"”]"
    rf"|(?P<name2>{NAME})(?=[\s,.;:()]|$)"
    # "a process we refer to as hyperfitting", "which we refer to as soft-weighted
    # regularization and ...": words in lower case up to the clause's end or "and"
    r"|(?P<lower>(?<=as )[a-z][\w\-]*(?: (?!and\b|or\b|which\b|that\b|to\b|is\b)[a-z][\w\-]*){0,3})"
    r"(?=\s*[,.;:()]|\s+--|\s+(?:and|or|which|that|to|is)\b|$))"
    r"(?: and (?P<second>[a-z][\w\-]*(?: (?!which\b|that\b|to\b|is\b)[a-z][\w\-]*){0,3})(?=\s*[,.;:()]|$))?"
)
#: Right before a naming, what makes the name that of something found or already called
#: so, not made: "a phenomenon we refer to as X", "a failure mode termed X", "a setting
#: termed X" (a problem), "sometimes referred to as X", "the so-termed X".
_NAMED_NO_CONTRIBUTION = re.compile(
    r"(?:\b(?:phenomen\w*|failure modes?|modes?|problems?|effects?|issues?|behaviou?rs?|pathology|"
    r"settings?|tasks?|regimes?|biases|bias|sometimes|often|commonly|also|usually)|so-),?\s*(?:[\w\-]+\s+){0,2}?"
    r"(?:(?:which|that)\s+)?(?:we\s+)?$"
)
#: Words in lower case a text names that are things it has or makes, not a method of
#: its own: an article first ("the seed"), a plural ("virtual examples", "planning
#: trajectories"), or data.
_NAMED_THINGS = re.compile(r"^(?:the|a|an|this|these|our)\b|(?:[^s]s|\bdata)$")
#: Before a passive "referred to as X" or "termed X", in its sentence: the writers' own
#: thing is named ("Our first strategy, referred to as X", "the proposed loss, termed X"),
#: not one of the field's ("a phenomenon referred to as grokking").
_OWN_BEFORE_NAMING = re.compile(r"(?<![\w-])(?:[Ww]e|[Oo]ur|[Pp]roposed|[Nn]ovel|[Nn]ew)\b")
#: "we call", "we name" ...: with "termed", "called", "named", "dubbed" (plain substring
#: tests), the words NAMING, NEW_CALLED and KIND_CALLED cannot match without.
_WE_NAMING = re.compile(r"[Ww]e (?:call|name|term|dub|coin) ")


def _naming_cue(text: str) -> bool:
    """Whether `text` holds a naming word (one test per text, not one per rule: an
    alternation that opens with no common character cost a scan each)."""
    return (
        "called" in text
        or "named" in text
        or "termed" in text
        or "dubbed" in text
        or _WE_NAMING.search(text) is not None
    )


#: "we propose a light-weight black-box tuning method (NMTune)": an unnamed description
#: of a kind, then the name in brackets (its short form, whatever its letters).
KIND_THEN_BRACKETED = re.compile(
    r"\s+(?:a|an|the|our)\s+(?:(?:new|novel)\s+)?(?:(?!(?:of|for|to|with|in|on|that|which)\s)[\w\-]+,?\s+){0,6}?"
    r"(?P<kind>method|framework|model|approach|algorithm|system|architecture|technique|pipeline|strategy|"
    r"network|module|loss|mechanism|paradigm|agent|benchmark|dataset|corpus)\s*~?\("
    rf"(?P<name>{NAME})\)(?!,?\s+(?:called|named|dubbed|termed)\b)"  # (then the name is what follows)
)
#: "we propose a novel anchor-then-polish (ATP) framework": the description, its short
#: form in brackets, then the kind; also in the passive ("a ... (ATP) framework is
#: proposed").
_BRACKETED_KINDS = (
    r"(?P<kind>method|framework|model|approach|algorithm|system|architecture|technique|pipeline|strategy|"
    r"network|module|loss|mechanism|paradigm|agent|benchmark|dataset|corpus)s?\b"
)
BRACKETED_THEN_KIND = re.compile(
    r"\s+(?:a|an|the|our)\s+(?:(?:new|novel)\s+)?(?P<long>(?:(?!(?:of|for|to|with|in|on|that|which)\s)[\w\-]+,?\s+){0,6}?"
    rf"[\w\-]+)\s*\((?P<name>{NAME})\)\s+(?:[a-z][\w\-]*\s+)?" + _BRACKETED_KINDS
)
PASSIVE_BRACKETED = re.compile(
    rf"\((?P<name>{NAME})\)\s+(?:[a-z][\w\-]*\s+)?" + _BRACKETED_KINDS + r"\s+(?:is|are)\s+"
    r"(?:further |also |then |additionally |first )?(?:proposed|introduced|presented|developed|designed)\b"
    r"(?! (?:by|in)\b)"
)
#: The words before a PASSIVE_BRACKETED match: the long form its short form spells out.
_WORDS_BEFORE_BRACKET = re.compile(r"(?:[\w\-]+\s+){0,6}[\w\-]+\s*$")
#: "we also construct a new benchmark, including a real-world dataset X, and two synthetic
#: datasets Y and Z": the sets of data the made one holds, each named after its kind.
DATA_INCLUDING = re.compile(
    r"\s+(?:a|an|the|our)\s+(?:[\w\-]+\s+){0,3}?(?:dataset|benchmark|corpus|suite)s?\s*,?\s+"
    r"(?:including|comprising|consisting\s+of|containing)\s+"
)
_INCLUDED_DATA = re.compile(
    r"\b(?:a|an|one|two|three|four|five)\s+(?:[\w\-]+\s+){0,3}?(?:datasets?|benchmarks?|corpora|corpus|subsets?)\s+"
    rf"(?P<name>{NAME})(?:,?\s+and\s+(?P<name2>{NAME}))?(?=[\s,.;:()]|$)"
)
#: "we propose an unlabelled dataset X", "we release a new benchmark, X": the kind, then the name.
KIND_THEN_NAME = re.compile(
    r"\s+(?:a|an|the|our)\s+(?:[\w\-]+\s+){0,3}?(?P<kind>dataset|benchmark|corpus|suite|"
    r"method|methodology|framework|model|algorithm|architecture|approach|system|technique|optimizer|"
    r"loss|mechanism|module|pipeline|paradigm|strategy|network|toolkit|library|agent|"
    # the agents a paper builds: "a single-pass adaptive tokenizer, KARL, which ..."
    r"tokenizer|encoder|decoder|autoencoder|detector|estimator|planner|controller|generator|"
    r"classifier|retriever|reranker|solver|simulator|verifier|evaluator|sampler|scheduler|"
    r"adapter|parser|tagger|segmenter|recognizer|embedder|compressor|predictor|regularizer|"
    r"engine|platform|protocol)"
    rf",?\s+(?:(?:called|named|dubbed|termed)\s+)?\**(?P<name>{NAME})(?=[\s,.;:()*]|$)"
)
#: "on a new expert-curated benchmark (X-Bench)": a new set of data, named in brackets.
NEW_DATA = re.compile(
    r"[ao](?<![\w-].)(?:(?<=a)|(?<=o)ur) new (?:[\w\-]+ ){0,3}(?:dataset|benchmark|corpus|suite|testbed)s?"
    rf"(?: \(|, | called | named | dubbed )(?P<name>{NAME})(?=[\s,.;:()*]|$)"
)
#: "We evaluate TDNs on PubChemQCR, a newly curated molecular relaxation dataset": data the
#: writers made (not "a newly introduced" or "released" set, as often others' new data).
NEWLY_MADE_DATA = re.compile(
    rf"(?P<name>{NAME})(?:\s*\([^()]{{1,20}}\))?,\s+an?\s+newly\s+(?:curated|collected|constructed|created|built|"
    r"compiled|assembled|annotated)\b[^.;]{0,60}?\b(?:dataset|benchmark|corpus|suite|testbed)\b"
)
#: "we introduce two key methods: X (XA) and Y (YB)", "we then propose two games: (1) X":
#: each name of the list the proposal announces.
PROPOSED_LIST = re.compile(r"\s+(?:two|three|four|several|a (?:pair|set) of)\b[^.:;()]{0,100}?[:,]\s+")
_LISTED_NAME = re.compile(
    rf"(?:\(\d\)\s*|\([ivx]+\)\s*)?\**(?P<name>{NAME})\**(?:\s*\((?P<note>[^()]{{1,80}})\))?"
    r"(?:\s*(?:,\s*and|,|and)\s+|\s*(?=[.;:]|$))"
)
#: After PROPOSING: "a model that produces Discrete InfoMax Codes (DIMCO)": what the
#: paper's unnamed model makes, named and given a short form, is the paper's own.
MODEL_PRODUCING = re.compile(
    r"\s+(?:a|an)\s+(?:[\w\-]+\s+){0,2}?(?:model|method|framework|approach|algorithm|system|network)\s+"
    r"(?:that|which)\s+(?:produces|learns|generates|yields|outputs)\s+"
    rf"(?P<name>{NAME})(?=\s*\([A-Za-z][\w\-]{{1,11}}\))"
)
#: "we propose Long Name, LN, a ...": the short form set off by commas.
_SHORT_AFTER = re.compile(r",\s*(?P<short>[A-Z][A-Za-z0-9\-]{1,12}),")
#: A spaced hyphen written for a dash, before the clause that describes a name ("we
#: propose decoupled softmax loss - a simple ..."): where a lower-case name ends.
_SPACED_DASH = r"\s-\s(?:a|an|the|which|that)\s"
#: "we propose collective bootstrapping to ...", "we present top-H decoding, a ...", "we
#: propose the k-sparse autoencoder, which": a name in lower case right after the verb,
#: with no article but "the", ended by a comma, bracket, full stop or a clause word.
LOWER_PROPOSAL = re.compile(
    r"\s+(?:the\s+)?(?P<name>[a-z][a-z0-9]*(?:-[A-Za-z0-9]+)*(?:\s+[a-z][a-z0-9]*(?:-[A-Za-z0-9]+)*){0,3})"
    rf"(?=\s*(?:[,(.;]|--|—|\s(?:to|that|which|for|with|in|on)\s)|{_SPACED_DASH})"
)
#: "we introduce a simple \"filter normalization\" method": a name the text sets in quotes
#: right after a proposal verb (and at most two words before it), in any case.
QUOTED_PROPOSAL = re.compile(
    r"\s+(?:(?:a|an|the|our)\s+)?(?:[\w\-]+\s+){0,2}?[\"“](?P<name>[^\"”\n]{2,60}?)[\"”]"
)
#: "we propose a novel energy loss, ...", "we introduce a path invariance loss as ...",
#: "we propose decoupled softmax loss - a simple ...": a
#: term of the objective the paper adds, named by its words before the head (an
#: article may lead it here, which LOWER_PROPOSAL leaves out: "a new method" names
#: nothing, a loss's modifiers name the loss).
LOWER_LOSS = re.compile(
    r"\s+(?P<article>(?:a|an)\s+)?(?:(?:new|novel)\s+)?(?P<name>(?:[a-z][a-z0-9]*(?:-[A-Za-z0-9]+)*\s+){1,3}"
    r"(?:loss|regularization|regularizer|objective|penalty|constraint|criterion))"
    rf"(?=\s*(?:[,(.;]|--|—|\s(?:to|that|which|for|with|in|on|as)\s)|{_SPACED_DASH})"
)
#: "we introduce a class-sensitivity metric", "we define a conflict score": a metric the
#: paper makes, named by the nouns before its head (a word that only describes it,
#: "a lightweight metric", "a model-agnostic score", names none).
LOWER_METRIC = re.compile(
    r"\s+(?:a|an)\s+(?:(?:new|novel)\s+)?(?P<name>(?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*\s+){1,2}(?:metric|score))"
    r"(?=\s*(?:[,(.;]|\s(?:to|that|which|for|with|in|on|as|and)\s))"
)
_DESCRIBING_WORD = re.compile(
    r"[a-z\-]*(?:al|ic|ive|ous|ed|ing|able|ible|ful|less|ary|ar|based|driven|aware|guided|agnostic|"
    r"aligned|free|level|wise|like|specific|weight|time|part|distance)|new|novel|simple|composite|"
    r"evaluation|quantitative|general|single|unified|principled|robust|reliable|automatic|efficient|"
    r"effective|hybrid|better|good|final|overall|total|same|different|proxy"
)
#: Words that open no name in lower case ("we propose extensive experiments", "we
#: present theoretical analysis") ...
_NOT_A_LOWER_NAME_START = {
    "extensive",
    "theoretical",
    "empirical",
    "comprehensive",
    "detailed",
    "systematic",
    "thorough",
    "experimental",
    "rigorous",
    "several",
    "some",
    "various",
    "numerous",
    "further",
    "additional",
    "evidence",
    "insights",
    "here",
    "there",
    "them",
    "it",
    "us",
    "how",
    "what",
    "why",
    "when",
    "whether",
    "simple",
    "efficient",
    "effective",
    "practical",
    "formal",
    "general",
    "principled",
    "preliminary",
    "qualitative",
    "quantitative",
}
#: ... and heads that name a kind of work, not a thing the paper made and named.
_NOT_A_LOWER_NAME_HEAD = {
    "bias",
    "biases",
    "experiments",
    "experiment",
    "results",
    "analysis",
    "analyses",
    "evidence",
    "insights",
    "findings",
    "proofs",
    "proof",
    "bounds",
    "bound",
    "guarantees",
    "theory",
    "theorems",
    "methods",
    "approaches",
    "techniques",
    "models",
    "strategies",
    "ways",
    "solutions",
    "improvements",
    "modifications",
    "changes",
    "ideas",
    "principles",
    "data",
    "metrics",
    "baselines",
    "benchmarks",
    "datasets",
    "tasks",
    "ablations",
    "evaluations",
    "comparisons",
    "studies",
    "study",
    "observations",
    "algorithms",
    "frameworks",
    "architectures",
    "systems",
    "tools",
    "components",
    "modules",
    "variants",
    "extensions",
    "approach",
    "method",
    "model",
    "framework",
    "algorithm",
    "system",
    "technique",
    "strategy",
    "architecture",
    "work",
    "paper",
    "survey",
    "overview",
    "perspective",
    "view",
    "notion",
    "concept",
    "definition",
    "definitions",
    "way",
    "idea",
    "problem",
    "problems",
    "setting",
    "settings",
    "task",
    "benchmark",
    "dataset",
    "metric",
    "measure",
    "measures",
    "examples",
    "cases",
    "contributions",
    "policies",
    "policy",
    "network",
    "networks",
    "loss",
    "functions",
    "function",
    "preferences",
    "annotations",
    "labels",
    "samples",
    "prompts",
    "instructions",
    "questions",
    "responses",
    "pairs",
    "images",
    "videos",
    "texts",
    "documents",
    "code",
    "software",
    "library",
    "implementation",
    "implementations",
    "version",
    "versions",
    "law",
    "laws",
    "hypothesis",
    "hypotheses",
    "search",
}
#: "a new attribution method called Integrated Gradients": a new kind of thing, named,
#: wherever the sentence puts it.
NEW_CALLED = re.compile(
    r"[Aa](?<![\w-].)n?\s+(?:new|novel)\s+(?:[\w\-]+\s+){0,3}?(?P<kind>method|approach|technique|"
    r"framework|model|algorithm|architecture|system|optimizer|loss|objective|procedure|strategy|"
    r"dataset|benchmark|corpus|suite|metric|score),?\s+(?:called|named|dubbed|termed)\s+\**"
    rf"(?P<name>{NAME})(?=[\s,.;:()*]|$)"
)
#: "(1) Random Patch Replacement that ...; (2) Patch-wise Contrastive Learning that ...",
#: "two components: first, X, a ...": the marked items of a list the sentence says are
#: its contributions (a proposal verb, or a word for parts, before the first marker).
ENUMERATED = re.compile(
    r"(?:\((?:\d|[ivx]{1,4}|[a-e])\)|\b(?:[Ff]irst|[Ss]econd|[Tt]hird|[Ff]inally),)\s*\**"
    rf"(?P<name>{NAME})\**(?:\s*\([^()]{{1,15}}\))?"
    # (a dash before the item's description, spaced or not: "(1) Dictionary Construction -
    # to simulate ...", "(3) Query Regularization- to enhance ...")
    r"(?=\s*(?:[,;.]|--|-\s|—|\s(?:that|which|to|for|and|where)\b))"
)  # ("(1) Findings: We show": a heading)
_ENUMERATION_LEAD = re.compile(
    r"\b(?:components|modules|innovations|contributions|stages|parts|designs|ingredients)\b"
)
#: Lists of what a paper found or holds to, not of what it made.
_NOT_MADE_LEAD = re.compile(
    r"\b(?:principles?|insights?|findings?|observations?|questions?|challenges?|limitations?|"
    r"issues?|problems?|hypothes[ie]s|properties|axioms|phenomena|factors|aspects|lessons|"
    r"takeaways|conclusions|reasons|steps)\b"
)
#: "we investigate two new regularization techniques: (i) X ...": new kinds of method.
_NEW_KINDS = re.compile(
    r"\b(?:new|novel)\s+(?:[\w\-]+\s+)?(?:techniques|methods|algorithms|approaches|"
    r"strategies|mechanisms|losses|objectives|regularizers|architectures|variants)\b"
)
#: (Led by the class of its first characters, so re skips to those in C: as a plain
#: alternation it tried every position.)
_ENUMERATION_CUE = re.compile(r"[(Ff](?:(?<=\()(?:1|i|a)\)|(?<=[Ff])irst,)")
#: The texts _ENUMERATION_CUE matches, one of which a text must hold for it to match:
#: five substring tests cost less than its scan, which stops at every "f".
_ENUMERATION_CUES = ("(1)", "(i)", "(a)", "First,", "first,")
#: "noise-robust losses (such as symmetric cross entropy and generalised cross entropy)",
#: "architectures such as Neural Turing Machines", "LLMs, including LLaMA-2 and GPT-3":
#: the named members of a kind of method, in capitals or lower case.
_METHOD_KINDS = (
    r"methods|techniques|approaches|algorithms|architectures|models|losses|baselines|"
    r"LLMs|VLMs|networks|optimizers|regularizers|regularizations|objectives|"
    r"estimators|samplers|sampling|strategies|systems|tools|toolkits|libraries|"
    r"frameworks|classifiers|encoders|detectors|heuristics|solvers|defenses|attacks"
)
_LOWER_ITEM = r"[a-z][a-z0-9\\]*(?:-[A-Za-z0-9\\]+)*(?:\s+[a-z][a-z0-9\\]*(?:-[A-Za-z0-9\\]+)*){0,3}"
_ITEM = rf"(?:{NAME}|{_LOWER_ITEM})(?:\s+\([^()]{{1,20}}\))?"
#: (Found from its cue word, "such as", "including", ...; the kind of method is then
#: looked for right before it, by METHOD_KIND_BEFORE.)
METHOD_LIST = re.compile(
    rf"[silen](?<!\w.)(?:(?<=s)uch as|(?<=i)ncluding|(?<=l)ikes?|(?<=e)\.g\.,?|(?<=e)g|(?<=n)amely)\s+"
    rf"(?P<list>{_ITEM}(?:\s*(?:,\s*and|,\s*or|,|and|or)\s+(?:the\s+)?{_ITEM}){{0,6}})"
    r"(?=\s*(?:[.;:)]|,\s|$|\s(?:to|that|which|have|has|are|is|aim|offer|for|as|on|in|with|"
    r"family|families|series|variants|were|was|have|had|can|could|may|might|will|would|"
    r"remain|require|requires|rely|relies|suffer|suffers|achieve|achieves|show|shows)\b))"
)
#: METHOD_LIST's cue words: its matches open where one of them does.
_METHOD_LIST_OPENINGS = ("such as", "including", "like", "e.g", "eg", "namely")
METHOD_KIND_BEFORE = re.compile(rf"\b(?:{_METHOD_KINDS})\s*,?\s*\(?\s*$")
_LIST_SPLIT = re.compile(r"\s*(?:,\s*and|,\s*or|,|\band\b|\bor\b)\s+(?:the\s+)?")
#: "... introduces multiple technical components to ..., including X, Y, and Z": the
#: parts a contribution names, in lower case too (a list closed by "and").
COMPONENTS_INCLUDING = re.compile(
    r"\b(?:components|modules|innovations)\b[^.;:]{0,120}?,?\s+including\s+"
    rf"(?P<list>{_ITEM}(?:\s*(?:,\s*and|,|and)\s+{_ITEM}){{1,5}})(?=\s*[.;]|\s*$)"
)
#: "a regularization term called tangent prop", "one classical regularization named
#: Dropout": a kind of method, then its name.
#: (Found from its verb; the kind is then looked for right before it, by KIND_BEFORE.)
KIND_CALLED = re.compile(
    rf"[cndtk](?<!\w.)(?:(?<=c)alled|(?<=n)amed|(?<=d)ubbed|(?<=t)ermed|(?<=k)nown as)\s+(?P<name>{NAME}|{_LOWER_ITEM})"
    r"(?=\s*(?:[,.;:()]|$|\s(?:and|or|to|that|which|for|as|in|on|with|from)\b))"
)
#: "explanations we term high-dimensional representers", "a new tool ..., namely
#: full-gradients", "a new regularizer called spectral smoothing": a name in lower case
#: the paper coins for what it made (the name ends at its first stop word).
OWN_TERM = re.compile(
    r"(?:\b[Ww]e (?:term|call|name|dub|coin)|\b(?:new|novel) (?:[\w\-]+ ){0,3}?"
    r"(?:method|approach|technique|tool|algorithm|framework|regularizer|regularization|loss|"
    r"objective|procedure|strategy|mechanism|module|measure|metric|model|architecture|"
    r"explanation|design)s?\b[^.;]{0,60}?,? (?:called|named|dubbed|termed|namely))"
    r",? (?P<name>[a-z][\w\-]*(?: (?!(?:that|which|to|for|as|in|on|with|and|or|is|are|was|were)\b)"
    r"[a-z][\w\-]*){0,3})(?=\s*[,.;:()]|\s(?:that|which|to|for|as|in|on|with|and|or|is|are|was|were)\b)"
)
#: "we introduce a new tool, the interaction tensor, for ...", "a novel algorithm -
#: expertise trees - that ...": a new kind of thing, then its lower-case name set off by
#: commas or dashes.
NEW_KIND_APPOSITION = re.compile(
    r"\b(?:new|novel) (?:[\w\-]+ ){0,2}?(?:method|approach|technique|tool|algorithm|framework|"
    r"regularizer|loss|objective|procedure|strategy|mechanism|module|measure|metric|model)"
    r"(?:,| -| --| ?—) (?:the |an? )?(?P<name>[a-z][\w\-]*(?: [a-z][\w\-]*){0,3})(?:,| -| --| ?—)"
)
#: Where OWN_TERM's first branch opens.
_WE_TERMING = tuple(f"{w}e {verb} " for w in "Ww" for verb in ("term", "call", "name", "dub", "coin"))
_OWN_TERM_WORDS = (
    " term ",
    " call ",
    " name ",
    " dub ",
    " coin ",
    "called",
    "named",
    "dubbed",
    "termed",
    "namely",
)
#: KIND_CALLED's verbs: its matches open where one of them does.
_KIND_CALLED_WORDS = ("called", "named", "dubbed", "termed", "known as")
KIND_BEFORE = re.compile(
    r"\b(?:method|approach|technique|algorithm|architecture|model|regularization|regularizer|"
    r"term|loss|objective|procedure|strategy|system|framework|tool|toolkit|library)\s*,?\s+$"
)
#: "a corpus of Russian analytical texts RuSentRel": a set of data described, then its
#: coined name (a capital inside it or a digit: "Russian" alone names a language).
DESCRIBED_DATA = re.compile(
    r"[cdb](?<!\w.)(?:(?<=c)orpus|(?<=d)ataset|(?<=c)ollection|(?<=b)enchmark) of (?:[\w\-]+\s+){1,4}?"
    r"(?P<name>[A-Z][a-z]+[A-Z0-9][\w\-]*|[A-Z]{2,}[a-z0-9][\w\-]*)(?![\w\-])"
)
#: Text DESCRIBED_DATA cannot match without (one in forty texts holds one).
_DESCRIBED_DATA_CUE = ("orpus of ", "ataset of ", "ollection of ", "enchmark of ")
#: A size range written like a sized model's name: "sub-32B", "over-70B".
_SIZE_RANGE = re.compile(r"(?:sub|over|under|up|super|above|below)-\d", re.IGNORECASE)
#: Model names written in lower case with their size: "gpt-oss-120B", "qwen2.5-7b".
SIZED_MODEL = re.compile(r"[a-z](?<![\w\-.].)[a-z0-9.]*(?:-[a-z0-9.]+)*-\d+(?:\.\d+)?[BbMm](?![\w\-])")
#: The same in capitals, with what may follow the size: "Llama-3.2-1B",
#: "Mistral-7B-Instruct", "Qwen2.5-7B-Instruct".
CAPITALISED_SIZED_MODEL = re.compile(
    r"[A-Z](?<![\w\-.].)[A-Za-z0-9.]*(?:-[A-Za-z0-9.]+)*-\d+(?:\.\d+)?[BM]"
    r"(?:-(?:[A-Z][A-Za-z]+|[a-z]+|v\d+(?:\.\d+)*))*(?![\w\-])"
)
#: A model's name in capitals with its version, where the version has a point or a
#: variant word follows it: "GPT-4.1", "GPT-5-nano", "Gemini-2.5-flash".  (A bare
#: "X-10" is as often a set of data: "CIFAR-10", "SST-2".)
VERSIONED_MODEL = re.compile(
    r"[A-Z](?<![\w\-.].)[A-Za-z]{2,}-\d+(?:\.\d+)?[a-z]?"
    r"(?:\.\d+|(?:-(?i:mini|nano|micro|turbo|pro|flash|lite|max|plus|chat|instruct|preview|it|hf|"
    r"opus|sonnet|haiku|ultra|omni))+)"
    r"(?![\w\-]|\.\d)"
)
#: Text VERSIONED_MODEL cannot match without: a letter, a hyphen and a version.  Led by
#: the hyphen, the letter checked behind it: re skips to hyphens in C, where a leading
#: class of letters held it at nearly every position.
_VERSION_CUE = re.compile(r"-(?<=[A-Za-z]-)\d+(?:\.\d|[a-z]?-[a-z])")
#: Text SIZED_MODEL cannot match without (a cheap scan first).
_SIZE_CUE = re.compile(r"-\d+(?:\.\d+)?[BbMm](?!\w)")
#: "... to gpt-oss-120B to produce gpt-oss-puzzle-88B, a deployment-optimized derivative":
#: the model a paper makes, named where it is produced.
PRODUCED = re.compile(r"to(?<!\wto) (?:produce|obtain|derive|create|yield) (?P<name>\S+),\s+(?:a|an|our)\s")
#: "We apply Puzzle, a post-training search framework, ...", "using the Snorkel system":
#: a name the text types by the kind of method it says it is (no role: the resolver
#: makes it USES unless the paper proposes it).
USED_KIND = re.compile(
    r"[ftlsaom](?<![\w-].)(?:(?<=f)ramework|(?<=t)oolkit|(?<=l)ibrary|(?<=s)ystem|(?<=a)lgorithm|"
    r"(?<=o)ptimizer|(?<=a)rchitecture|(?<=m)odel|(?<=m)ethod|(?<=t)echnique)"
    r"(?=\s*(?:[,.;:()]|$)|\s+(?:to|that|which|for|as|in|on|with|from|and|of|is|was|has|can|by)\b)"
)
#: USED_KIND's kind words: its matches open where one of them does.
_USED_KINDS = (
    "framework",
    "toolkit",
    "library",
    "system",
    "algorithm",
    "optimizer",
    "architecture",
    "model",
    "method",
    "technique",
)
#: What stands right before USED_KIND's kind word: "X, a post-training search ", "the X ".
#: (Searched in a short window before each kind word: scanning whole texts for it cost
#: a tenth of all pattern matching.)
USED_KIND_BEFORE = re.compile(
    rf"(?<![\w-])(?:(?P<name>{NAME}),\s+(?:a|an)\s+(?:[\w\-()]+\s+){{0,5}}?|the\s+(?P<name2>{NAME})\s+)$"
)
#: "our procedure, X, ...", "our new benchmark X": the text names its own contribution.
OUR_NAME = re.compile(
    r"[Oo](?<!\w.)ur (?:(?:new|novel|proposed|resulting|simple)\s+)?(?P<kind>method|approach|procedure|"
    r"framework|model|algorithm|technique|system|architecture|optimizer|pipeline|benchmark|"
    rf"dataset|corpus|suite),?\s+(?:(?:called|named|dubbed|termed)\s+)?(?P<name>{NAME})(?=[\s,.;:()]|$)"
)
#: "our new X and Y metrics": names of measures, whose kind comes after the list.
_MEASURES_AFTER = re.compile(r"(?: and [\w\- ]{1,40}?)? (?:metrics?|measures?|scores?)\b")
#: "Contrastive Query Constraint and Text Alignment Constraint are further proposed", "a
#: defense strategy named KNN-Defense is proposed": names, then a passive verb of making.
PROPOSED_PASSIVE = re.compile(
    rf"(?<![\w-])(?!(?:The|A|An|Our|This|These|It|They)\b)(?P<name>{NAME})"
    rf"(?:,? and (?!(?:the|a|an)\b)(?P<name2>{NAME}))? (?:is|are) (?:further |also |then |additionally )?"
    r"(?:proposed|introduced)\b(?! (?:by|in|for the first time by)\b)"
)
#: Right before PROPOSED_PASSIVE's names: they are not its subject, or not made.
_NOT_PASSIVE_SUBJECT = re.compile(r"\b(?:on|of|with|using|by|from|when|if|once|after|before|where|as)\s+$")
#: "our proposed CS-IB", "our novel KVSPN module": a coined name the text calls its own.
OUR_PROPOSED_NAME = re.compile(rf"[Oo](?<!\w.)ur (?:proposed|novel|new) (?P<name>{NAME})(?=[\s,.;:()]|$)")
#: "our newly curated X dataset", "our X benchmark", "including our X-Bench": data the
#: text calls its own, named before its kind or typed by its name's head.
OUR_DATA_NAME = re.compile(
    r"[Oo](?<!\w.)ur (?:(?:newly|new|own)\s+)?(?:(?:curated|collected|constructed|created|built|"
    rf"released|introduced|annotated)\s+)?(?P<name>{NAME})(?P<kind>\s+(?:dataset|benchmark|corpus)\b)?"
)
#: "a large-scale paired dataset named X", "a benchmark called X": a set of data the text
#: names as it describes it (not "the dataset named X in prior work": an article "a").
NAMED_DATA = re.compile(
    r"\b(?:a|an)\s+(?:(?!(?:of|for|to|with|from|in|on|by|that|which)\b)[\w\-]+,?\s+(?:and\s+)?){0,5}?"
    rf"(?:dataset|benchmark|corpus|testbed)\s*,?\s+(?:named|called|dubbed|termed)\s+(?P<name>{NAME})"
)
#: Words describing a set of data others made: "a public dataset named X".
_OTHERS_DATA = re.compile(r"\b(?:public|publicly|existing|open-source|well-known|standard|popular|widely)\b")
#: "X, a novel framework for ..." / "X: a benchmark for ..." (the description types X).
APPOSITION = re.compile(
    rf"(?:^|[.;]\s+|\b(?:introduce|propose|present|provide|release|build|construct|create|develop|curate)s?\s+)"
    rf"(?P<name>{NAME})\s*(?:,|:|--|—)\s*(?:a|an)\s+"
    r"(?P<desc>(?:(?!(?:of|for|to|with|in|on|that|which)\s)[\w\-]+,?\s+){0,5}?(?P<head>dataset|benchmark|corpus|suite|collection|testbed|"
    r"framework|method|approach|model|architecture|algorithm|technique|system|pipeline|network|"
    r"optimizer|strategy|module|mechanism|paradigm|agent|library|toolkit|tool))\b"
)
#: Words that number a text's steps ("Second, a ... module"), no name before a comma.
#: (_NOT_NAME holds "Then" and "Finally".)
_ORDINALS = frozenset("First Second Third Fourth Fifth Next Lastly".split())
#: A numbered step or part of a method or paper: "Stage II", "Step 2", "Phase 1".
_NUMBERED_PART = re.compile(r"(?:^|\s)(?:Stage|Step|Phase|Part|Section|Round|Level|Tier)\s+(?:\d+|[IVX]+)$")
#: APPOSITION's tail: no text matches APPOSITION without matching this, which opens
#: with its separator, so re finds it fast; the costly scan runs only where it does.
_APPOSITION_CUE = re.compile(APPOSITION.pattern[APPOSITION.pattern.index(r"(?:,|:|--|—)") :])
#: APPOSITION past the text's first character: its openings but "^", led by the class
#: of their first characters (re skips to those in C instead of trying the alternation
#: at every position).
_APPOSITION_INSIDE = re.compile(
    r"[.;iprbcd](?:(?<=[.;])\s+|(?<=i)(?<!\w.)ntroduces?\s+|(?<=p)(?<!\w.)(?:ropose|resent|rovide)s?\s+|"
    r"(?<=r)(?<!\w.)eleases?\s+|(?<=b)(?<!\w.)uilds?\s+|(?<=c)(?<!\w.)(?:onstruct|reate|urate)s?\s+|"
    r"(?<=d)(?<!\w.)evelops?\s+)" + APPOSITION.pattern[APPOSITION.pattern.index("(?P<name>") :]
)


def _appositions(text: str):
    """APPOSITION.finditer(text), the same matches: the one at the text's start (the
    only place "^" matches), then `_APPOSITION_INSIDE`'s from where it ends."""
    first = APPOSITION.match(text)
    if first:
        yield first
    yield from _APPOSITION_INSIDE.finditer(text, first.end() if first else 0)


TITLE_NAME = re.compile(rf"^(?P<name>{NAME})\s*:\s+\S")
#: Labels that open a structured abstract ("Background: ...", "Note: This paper ..."):
#: no name of what the paper made.
_SECTION_LABELS = frozenset(
    """background note notes objective objectives purpose motivation context summary abstract
introduction aim aims highlights methods method results conclusion conclusions goal goals
problem significance update erratum correction warning""".split()
)
#: A title that is a name and the report of it: "MiMo-VL Technical Report" (the model
#: the paper releases), "Kite-2 System Card".
TITLE_REPORT = re.compile(rf"^(?P<name>{NAME})\s+(?:Technical Report|Tech Report|System Card|Model Card)$")
#: "the X dataset", "X benchmark": a data word, and the name right before it.
#: (Each pattern scanned over whole texts opens with the character class of its first
#: character, its lookbehind after it: Python's re then skips, in C, to positions that
#: hold such a character instead of trying the whole pattern at every position.)
DATA_WORD = re.compile(rf"\s(?<=\w\s)\s*(?P<word>{DATA_HEAD_WORDS}|suite|testbed|leaderboard|data)(?![\w-])")
#: Beginnings of DATA_WORD's words ("train" of "training set", "held" of "held-out data").
_DATA_WORD_OPENINGS = (
    "test",
    "train",
    "dev",
    "evaluation",
    "validation",
    "held",
    "data",
    "corpus",
    "corpora",
    "treebank",
    "benchmark",
    "suite",
    "leaderboard",
)


def _data_words(text: str) -> Iterator[re.Match]:
    """DATA_WORD.finditer(text), the same matches, tried only where one can open: at
    the first of the spaces before one of its words (a space after a word character)."""
    starts = set()
    for word in occurrences(text, _DATA_WORD_OPENINGS):
        space = word
        while space > 0 and text[space - 1].isspace():
            space -= 1
        if space < word:
            starts.add(space)
    return matches_at(DATA_WORD, text, starts)


#: A capitalised word that may be capitalised only because it opens the sentence.
_COMMON_OPENING = re.compile(r"(?:^|[.!?:;]\s+)[A-Z][a-z]+$")
#: "on X, Y and Z" after a word about experiments or data.
#: A citation after a listed name: "SCAN (Lake and Baroni, 2018)".
_CITATION = r"(?:\s+\([^()]{0,40}\b(?:19|20)\d\d[a-z]?\))?"
_LIST = rf"(?P<list>{NAME}{_CITATION}(?:\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?{NAME}{_CITATION}){{0,8}})"
_LIST_LEAD = (
    r"(?:the\s+)?(?:(?:popular|public|standard|challenging|widely[- ]used|large-scale|"
    r"benchmark|real-world|several|multiple|two|three|four|five|six|seven|\d+)\s+)*"
)
#: "experiments on X, Y and Z": data after "on" in a sentence about experiments; and
#: "datasets such as X and Y": after a data word.  ("methods such as X" names methods.)
#: (The cue word's first letter leads, any case, then the word's rest: the
#: alternatives check which letter it was, in the order of the words.)
_LIST_CUE = re.compile(
    r"[EeRrTtVvPpAaDdBbCcSs](?<!\w.)(?:"
    r"(?i:(?<=e)xperiments?|(?<=e)valuat\w*|(?<=r)esults?|(?<=t)ested|(?<=t)est|(?<=t)rained|"
    r"(?<=v)alidated?|(?<=p)erformance|(?<=p)erplexity|(?<=a)ccuracy|(?<=s)cores?|(?<=b)enchmark(?:s|ed|ing)?)"
    r"\b[^.;]{0,60}?\bon\s+"
    + _LIST_LEAD
    + r"(?:(?:[\w\-]+\s+){0,3}?(?:benchmarks?|datasets?)\s*(?:,|:|including|such as)?\s*)?"
    + _LIST
    + r"|(?i:(?<=d)atasets?|(?<=b)enchmarks?|(?<=c)orpora|(?<=d)ata sets?)(?: [\w\-]+){0,4}?\s*,?\s*"
    r"(?:(?:such as|including|like|e\.g\.,?|namely|:)\s+|\(\s*)"
    + _LIST_LEAD
    + _LIST.replace("(?P<list>", "(?P<list2>")
    + ")"
)
#: A sentence that opens on names and goes on to a result: "On HyperNeRF, X achieves 28.5
#: dB", "Across ReferIt3D, ScanRefer, and Multi3DRef, X achieves the strongest results":
#: the names are what the result was measured on, not methods.
SETTING_OPENING = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?:On|Across)\s+"
    + _LIST_LEAD
    + _LIST
    + r"(?:\s+(?:benchmarks?|datasets?|tracks?|splits?|suites?|test sets?))?\s*,\s+"
    r"(?=[^.;]{0,150}?(?:\d|\b(?:achiev|attain|reach|obtain|outperform|surpass|improv|exceed|yield|"
    r"deliver|boost|gain|rais|reduc|lower|outscor|beat|set|establish)))"
)
#: A model's name among a setting's: the sentence runs models, not on data ("Across
#: Qwen3-14B and Llama-3.1-8B, ...").
_MODEL_LIKE = re.compile(r"-\d+(?:\.\d+)?[BMK]\b|\d+(?:\.\d+)?[BM]$")
#: Later in a setting's sentence: the data it was evaluated on ("Across SD3 and FLUX,
#: evaluations on PIE-Bench ..."), or a speed-up, which is measured on models or hardware
#: ("On Lumina-Next, X achieves $2.69\times$ end-to-end ..."): the setting names no data.
_SETTING_OF_MODELS = re.compile(
    r"[^.;]*?(?:\b[Ee]valuat\w* on\b|\bbenchmarks?\b|\\times|×|\bspeed-?ups?\b|\bfaster\b)"
)
#: A word of data, then the name of it as an apposition: "the standard benchmark for
#: logical anomaly detection, MVTec LOCO, ...", "a speech corpus, KiteSpeech (KS)".
DATA_NAMED_AFTER = re.compile(
    rf"(?:benchmarks?|datasets?|corpus|corpora)(?:\s+for\s+[a-z][\w\-]*(?:\s+[a-z][\w\-]*){{0,5}})?,\s+"
    rf"(?P<name>{NAME})(?=\s*[,(.;]|\s+and\b)"
)
_DATA_NAMED_AFTER_WORDS = ("benchmark", "dataset", "corpus", "corpora")
_SIZE_ENDING = re.compile(r"[-\s]\d+(?:\.\d+)?[BMK]$")
#: "NINCO, iNaturalist, and other datasets": names listed before the kind they are.
OTHER_DATA = re.compile(
    rf"(?<![\w-]){_LIST}\s*,?\s+(?:and|or)\s+(?:other|more|similar)\s+(?:\w+\s+)?(?:datasets|benchmarks|corpora)\b"
)
#: A year right after a bare acronym: the edition of an event or a dataset ("NTIRE 2025",
#: "PlantCLEF 2025 challenge", "APTOS 2019 Blindness Detection"), no method.
_EDITION_AFTER = re.compile(r"\s(?:19|20)\d\d(?![\w.,]\d)")
#: "5.5% on BeyondAIME", "59.4 on OlympiadBench": a score and the data it was measured on.
SCORE_ON = re.compile(
    rf"\d\\?%\s+on\s+(?:the\s+)?(?P<name>{NAME})(?![\w-])|\d (?:points|pp|pts) on (?:the\s+)?(?P<name2>{NAME})(?![\w-])"
    # a bare decimal is as often a speed or a size: one capitalised word after it only
    # ("59.4 on OlympiadBench", not "1.9 on ImageNet 256x256")
    rf"|\d\.\d+\s+on\s+(?:the\s+)?(?=[A-Z])(?P<name3>{NAME_WORD})(?![\w-]|\s+[A-Z0-9])"
    # "+16.3 AP on OmniLabel", "2.1 BLEU on WMT": a number, a measure's short name, the data
    # (a decimal or a signed number: not a year, "the NTIRE 2026 Challenge on ...")
    rf"|(?:\d\.\d+|[+\-]\d+)\s+(?:[a-z]{{0,2}}[A-Z][A-Za-z0-9@\-]{{0,8}})\s+on\s+(?:the\s+)?(?P<name4>{NAME})(?![\w-])"
    # "76.2% success rate on Bench2Drive", "6% Top-1 on PRCC": a share, its measure's
    # words, the data
    r"|\d\\?%\s+(?:(?!of\b|the\b|and\b|in\b|for\b|with\b|to\b)[A-Za-z][\w@\-]*\s+){1,3}?on\s+"
    rf"(?:the\s+)?(?P<name5>{NAME})(?![\w-])"
)
#: What SCORE_ON's matches hold, one of which a text must: "% on", "points on", a
#: decimal before "on" ("scores 59.4 on OlympiadBench"), or a measure's short name
#: between ("16.3 AP on").
_SCORE_ON_CUE = re.compile(
    r"\d(?:\\?%|\.\d+)\s+on\s|\d (?:points|pp|pts) on |\d\s+[a-z]{0,2}[A-Z][A-Za-z0-9@\-]{0,8}\s+on\s|\d\\?%\s+[A-Za-z]"
)
#: After names "benchmark(ed) ... on" gives, a word that makes them the modifiers of a
#: topic ("on Swiss legal translation", "on UML class diagrams"), not data.
_TOPIC_AFTER = re.compile(
    r"\s+(?!(?:and|or|with|by|in|for|to|using|against|across|under|at|as|from|datasets?|benchmarks?|"
    r"data|corpus|corpora|tasks?|splits?|sets?|suites?)\b|(?:demonstrat|show|reveal|indicat|suggest|confirm|"
    r"highlight|yield|achiev)\w*)[a-z]"
)
#: Between "benchmark(s)" and "on": words that make what follows its topic.
_TOPIC_OF_BENCHMARK = re.compile(r"\bfocus\w*\b")
#: _LIST_CUE's cue words, in lower case: its matches open where one of them does.
_LIST_CUE_WORDS = (
    "experiment",
    "evaluat",
    "result",
    "test",
    "trained",
    "validat",
    "performance",
    "perplexity",
    "accuracy",
    "score",
    "dataset",
    "benchmark",
    "corpora",
    "data set",
)


_LIST_ITEM = re.compile(NAME)
_DATA_WORD_ONLY = re.compile(r"(?i:data ?sets?|datasets?|corpus|corpora|benchmarks?)")
#: CamelCase or capitalised names, typed by their head word.
TYPED_NAME = re.compile(rf"(?<![\w-])(?P<name>{NAME})(?![\w-])")
#: TYPED_NAME for texts where no name word opens with a lower-case letter ("wav2vec"):
#: its first word then opens with a capital or a digit, which leads as a character
#: class, so re skips in C to those (a twentieth of the text) instead of trying the
#: lookbehind at every position; four times as fast.
_TYPED_CAPITALISED_NAME = re.compile(
    r"(?P<name>[A-Z0-9](?<![\w-].)(?:[\w.\-]*[\w+]|(?<=[A-Z]))(?:\+\+|'\d\d(?!\w))?"
    rf"(?:[ \-]{NAME_WORD}){{0,4}})(?![\w-])"
)
#: A lower-case letter before a capital or digit: a name word that opens in lower case
#: ("wav2vec", "mBERT") holds one; where it does, `_opens_in_lower_case` looks closer.
_LOWER_THEN_CAPITAL = re.compile(r"[A-Z0-9](?<=[a-z].)")
#: The lower-case letters right before a point, back to where their word starts.
_LOWER_RUN_START = re.compile(r"(?<![\w-])[a-z]")


def _opens_in_lower_case(text: str) -> bool:
    """Whether some name word of `text` opens with lower-case letters ("wav2vec",
    "mBERT": none before it in its word), the one shape `_TYPED_CAPITALISED_NAME`
    leaves out."""
    for hit in _LOWER_THEN_CAPITAL.finditer(text):
        start = hit.start() - 1
        while start > 0 and "a" <= text[start - 1] <= "z":
            start -= 1
        if _LOWER_RUN_START.match(text, start):
            return True
    return False


def _typed_names(text: str, lower_led: bool):
    """TYPED_NAME.finditer(text), the same matches, found faster where it can be
    (`lower_led`: what `_opens_in_lower_case(text)` says)."""
    return (TYPED_NAME if lower_led else _TYPED_CAPITALISED_NAME).finditer(text)


#: Words that, between a comparison's cue and a name, say the name is not what was
#: beaten: where or when it was ("than in English", "over all Llama sizes").
_NOT_DESCRIBING = (
    r"(?:in|on|at|for|with|of|by|from|to|when|while|that|those|these|all|any|its|their|our|his|her|"
    r"using|across|under|over|via|and|or|as|is|are|was|were|be|a|an|the)\b"
)
#: Names a comparison sets against each other: "outperforms X", "faster than X and Y".
COMPARED = re.compile(
    r"\b(?:outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|than|compared (?:to|with)|versus|vs\.?|"
    r"comparisons? (?:with|to|against)|(?P<gain>(?:gains?|improvements?|speed-?ups?) over|ahead of|"
    r"(?<=\d)(?:%| ?points?| ?pp) (?:over|above)))"
    r"\s+(?:both\s+|either\s+)?(?:the\s+)?(?:(?:strong|state-of-the-art|previous|prior|existing|recent)\s+)*"
    # (a bracketed description first: "4.6x speedup over (transformer-based) SST")
    r"(?:\([^()]{1,40}\)\s+)?"
    # (a describing word or two before the name: "the well-tuned Spikformer baseline")
    rf"(?P<describing>(?:(?!{_NOT_DESCRIBING})[a-z][a-z\-]+\s+){{0,2}})"
    r"(?:(?:baselines?|methods?|models?|approaches)\s*(?:,|such as|like|including)?\s*)?"
    rf"(?P<list>{NAME}(?:\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?{NAME}){{0,6}})"
)
#: After the names of a COMPARED whose cue is a gain or whose names follow describing
#: words, what shows the names end the noun phrase (they are the systems compared,
#: "the well-tuned Spikformer baseline by 0.97%"), not modify a noun after them ("than
#: traditional RGB cameras", "over state-of-the-art OOD detection methods").
_COMPARED_HEAD_END = re.compile(
    r"\s*(?:[,.;:()]|$|(?:baselines?|and|or|on|in|by|across|with|at|while|for)\b)"
)
#: COMPARED's trigger words: its matches open where one of them does (found with
#: str.find: as a regex alternation they cost two and a half times as much).
_COMPARED_CUE = (
    "outperform",
    "surpass",
    "than",
    "compar",
    "versus",
    "vs",
    "gain",
    "improvement",
    "speedup",
    "speed-up",
    "ahead of",
    "% over",
    "% above",
    " points over",
    " points above",
    " pp over",
    " pp above",
)
#: A bare acronym ("SAM", "GCN", "ViT-B"): most often a method's short name.
#: (A capital not after a word character or hyphen, another capital after it with only
#: lower-case letters, digits and hyphens between; not a part of a name joined by a dot
#: or a star, "COLLEAGUE.SKILL", "O*NET".)
ACRONYM = re.compile(
    r"[A-Z](?<![\w\-*.].)(?=[a-z0-9\-]*[A-Z])[A-Za-z0-9]{1,9}(?:-[A-Za-z0-9]{1,5})?(?![\w\-]|[.*]\w)"
)
#: A measured number (a decimal or a percentage: a whole number may count things, "3
#: mBERT models"), then a name of a lower-case letter and capitals ("81.9% mF1", "2.1
#: gFID", "0.62 nDCG@10"): the measure the number is in.  Such names are metrics there; alone
#: they are as often signals and devices ("fMRI", "rPPG", "iPhone") as models.
_MEASURED_LOWER_LED = re.compile(
    r"\d(?:\.\d+(?:\\?%)?|\\?%)\s(?P<name>[a-z][A-Z][A-Za-z0-9]{1,8}(?:@\d+)?)(?![\w\-@]|\.\d)"
)
#: A known method's name led by one or two lower-case letters: "mDeBERTa", "xLSTM",
#: "iTransformer" (multilingual, extended, inverted: another model than the one named).
_LOWER_PREFIXED = re.compile(r"(?<![\w-])[a-z]{1,2}(?P<base>[A-Z][A-Za-z0-9\-]{2,})(?![\w-])")
#: After an acronym, the word that calls it a measure: "the APLS metric", "TOPO-F measures",
#: "WTMAD-1 and WTMAD-2 scores of 7.19 and 9.84" (not the verb: "GPT-4 scores 86%").
_METRIC_WORD_AFTER = re.compile(
    r"(?:\s*,?\s+(?:and|or)\s+[A-Z][\w\-]*)?\s+(?:metrics?|measures?"
    r"|scores?(?=\s+of\b|\s*[,.;:)]|\s+(?:and|for|in|with|were|are|was|is)\b))\b"
)
#: After an acronym, its value: "a BPCER of 10.44%", "an FID-50K of 1.56" (not a size:
#: "a ViT of 22M parameters").
_VALUE_AFTER = re.compile(
    r"\s+of\s+(?:only\s+|about\s+|approximately\s+|just\s+)?[-+]?\d+(?:\.\d+)?"
    r"(?!\d|\.\d|\s*(?:[MBKk]\b|million|billion|parameters|params|layers|GB|MB|hours|days))"
)
#: Around an acronym the text moves by a value: "improves TSE by 7.7%", "reduces the
#: WER by 2 points".
_MOVED_BEFORE = re.compile(
    r"\b(?:improv|increas|reduc|boost|rais|lower|decreas|cut)\w*\s+(?:the\s+|its\s+|their\s+)?$"
)
_BY_VALUE_AFTER = re.compile(r"\s+by\s+(?:up\s+to\s+|about\s+|nearly\s+|over\s+)?[-+]?\d")
#: Before "CI": what makes it a confidence interval ("95% CI", "95 percent CI", "bootstrap CIs").
_INTERVAL_BEFORE = re.compile(r"(?:\d\s*\\?%|\bpercent|\bbootstrap(?:ped)?)\s*$")
#: An article right before a name: "a BPCER", "an FID-50K".
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an)\s+$")
#: Acronyms that name no method: institutions, hardware, units, parts of a paper.
NOT_METHOD = {
    # units, signal and file formats: what a method runs on or at
    "Hz",
    "kHz",
    "MHz",
    "GHz",
    "dB",
    "UV",
    "HDR",
    "RAW",
    "PNG",
    "JPEG",
    "CSV",
    "AI",
    "ML",
    "NLP",
    "CV",
    "GPU",
    "GPUs",
    "CPU",
    "CPUs",
    "TPU",
    "TPUs",
    "API",
    "APIs",
    "GUI",
    "GUIs",
    # kinds of generation, hardware, platforms, regulations, settings and counts: what
    # a method does, runs on, is published on or is measured in
    "T2I",
    "T2V",
    "I2V",
    "KV",
    "VRAM",
    "ROI",
    "ROIs",
    "AIGC",
    "E2E",
    "STEM",
    "ISO",
    "IEC",
    "IT",
    "BEV",
    "W4A4",
    "W8A8",
    "W4A16",
    "CXR",
    "PET",
    "GEMM",
    "NPU",
    "NPUs",
    "FPGA",
    "FPGAs",
    "ASIC",
    "ASICs",
    "AWS",
    "TikTok",
    "YouTube",
    "Kaggle",
    "Hugging Face",
    "GDPR",
    "GT",
    "DoF",
    "DoFs",
    "NFE",
    "NFEs",
    "V2V",
    "V2X",
    "MIDI",
    "AGI",
    "AD",
    # a divergence: what a method computes or minimises ("a KL penalty", "KL reduction")
    "KL",
    # fields, kinds of equations and sensors: what a method belongs to, solves or reads
    "DL",
    "RL",
    "KG",
    "KGs",
    "PDE",
    "PDEs",
    "ODE",
    "ODEs",
    "SAR",
    "IMU",
    "IMUs",
    "GPS",
    "CLI",
    "UI",
    "UIs",
    "US",
    "USA",
    "UK",
    "EU",
    "IEEE",
    "ACM",
    "ACL",
    "EMNLP",
    "NAACL",
    "CVPR",
    "ICCV",
    "ECCV",
    "ICLR",
    "ICML",
    "NeurIPS",
    "AAAI",
    "IJCAI",
    "KDD",
    "SIGIR",
    "WWW",
    "OK",
    "PhD",
    "MSc",
    "GB",
    "MB",
    "TB",
    "KB",
    "GiB",
    "MiB",
    "TiB",
    "KiB",
    # currencies: "0.88 USD per million tokens" is a cost, no method or measure
    "USD",
    "EUR",
    "GBP",
    "CNY",
    "RMB",
    "JPY",
    "FPS",
    "ID",
    "IDs",
    "IoT",
    "AR",
    "VR",
    "XR",
    "HTML",
    "JSON",
    "XML",
    "PDF",
    "URL",
    "URLs",
    "SQL",
    "HTTP",
    "OS",
    "IO",
    "RAM",
    "TV",
    "DNA",
    "RNA",
    "II",
    "III",
    "IV",
    "VI",
    "VII",
    "VIII",
    "IX",
    "XI",
    "LaTeX",
    "SOTA",
    "FLOPS",
    "FLOP",
    "GFLOPs",
    "TFLOPs",
    "MACs",
    "QA",
    "COVID",
    "COVID-19",
    # logical operators, and hardware a method runs on
    "AND",
    "OR",
    "NOT",
    "XOR",
    "RTX",
    "GTX",
    "HPC",
    "UAV",
    "UAVs",
    "EHR",
    "EHRs",
    "MRI",
    "CT",
    "ECG",
    "EEG",
    "RGB",
    "RGB-D",
    "LiDAR",
    "CAD",
    # organisations, hosts and hardware makers; licences; markup
    "NVIDIA",
    "OpenAI",
    "GitHub",
    "GitLab",
    "HuggingFace",
    "DeepMind",
    "IBM",
    "AMD",
    "CC-BY",
    "CC-BY-SA",
    "CC-BY-NC",
    "CC0",
    "MIT",
    "NP",
    "NP-hard",
    "NP-complete",
    "SoTA",
    "SotA",
    "PyPI",
    "arXiv",
    # number formats and kinds of data, not methods
    "FP8",
    "FP16",
    "FP32",
    "FP64",
    "BF16",
    "INT4",
    "INT8",
    "OOD",
    "IID",
    # English words set in capitals for emphasis ("(1) WHAT information is sent, (2)
    # WHICH alignment is used", "models do NOT ..."): no acronyms (not those some name
    # is spelled as: WHO, DID, ARE, MOST, NO, T-LESS)
    *"WHAT WHICH HOW WHY WHEN WHERE NOT ONLY MUST CANNOT SHOULD NEVER ALWAYS ALSO VERY".split(),
}
_TASK_STOP = {
    "the",
    "a",
    "an",
    "of",
    "for",
    "and",
    "or",
    "in",
    "on",
    "with",
    "to",
    "by",
    "from",
    "our",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "we",
    "is",
    "are",
    "be",
    "as",
    "at",
    "via",
    "into",
    "than",
    "both",
    "each",
    "all",
    "any",
    "such",
    "which",
    "new",
    "novel",
    "proposed",
    "existing",
    "other",
    "various",
    "different",
    "most",
    "more",
    "many",
    "several",
    "improved",
    "improve",
    "better",
    "accurate",
    "robust",
    "efficient",
    "effective",
    "state-of-the-art",
    "challenging",
    "downstream",
    "general",
    "specific",
    "end-to-end",
    "final",
    "overall",
    "high",
    "low",
    "fast",
    "high-quality",
    "can",
    "not",
    "also",
    "while",
    "only",
    "well",
    "it",
    "has",
    "have",
    "achieve",
    "achieves",
    "enable",
    "enables",
    "perform",
    "performs",
    "task",
    "tasks",
    "model",
    "models",
    "method",
    "methods",
    "based",
    "using",
    "first",
    "simple",
    "key",
    "critical",
    "important",
    "current",
    "use",
    "uses",
    "used",
    "show",
    "shows",
    "study",
    "studies",
    "address",
    "addresses",
    "tackle",
    "tackles",
    "improves",
    "consider",
    "apply",
    "applies",
    "support",
    "supports",
    "solve",
    "solves",
    "handle",
    "handles",
    "including",
    "like",
    "e.g.",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "multiple",
    "maintains",
    "faster",
    "slower",
    "strict",
    "suboptimal",
    "s",
    "t",
    "efficiently",
    "accelerate",
    *(
        verb + ending
        for verb in (
            "replace",
            "combine",
            "adopt",
            "train",
            "employ",
            "leverage",
            "introduce",
            "propose",
            "present",
            "design",
            "develop",
            "build",
            "learn",
            "exploit",
            "utilize",
            "utilise",
            "incorporate",
            "integrate",
            "extend",
            "evaluate",
            "compare",
            "outperform",
            "require",
            "reduce",
            "explore",
            "investigate",
            "analyze",
            "analyse",
            "apply",
            "boost",
            "enhance",
            "benefit",
            "yield",
            "formulate",
            "define",
        )
        for ending in ("", "s")
    ),
    "i.e.",
    "aka",
    "namely",
    "where",
    "when",
    "how",
    "what",
    "make",
    "makes",
    "across",
}
#: Heads that name a task only in set phrases the lexicon lists ("natural language
#: inference"); as pattern heads they mostly named a step ("faster inference").
_LEXICON_ONLY_HEADS = {"inference"}
_DESCRIPTOR = re.compile(r"[a-z][a-z\-]+")
_MODIFIER = r"[a-z][a-z0-9]*(?:(?:-| - )[a-z0-9]+)*"  # " - ": hyphens in pre-tokenised text
_PATTERN_HEADS = [h for h in TASK_HEADS if h not in _LEXICON_ONLY_HEADS]

TASK_HEAD = re.compile(r"(?<![\w-])" + first_letter_alternation(_PATTERN_HEADS) + r"(?![\w-])")
#: Up to three lower-case words right before a task head (searched in a short window).
_TASK_MODIFIERS = re.compile(rf"(?<![\w'’-])(?:{_MODIFIER}\s+){{1,3}}$")
#: Lower-case heads of method phrases ("sparse convolution", "graph encoder"); only
#: with a modifier in front, since alone they name no particular method.  ("layer",
#: "embedding", "architecture" mostly named parts or properties, not methods.)
METHOD_HEAD = re.compile(
    r"(?<![\w-])(?:convolutions?|networks?|encoders?|decoders?|autoencoders?|"
    r"transformers?)(?![\w-])"
)
#: Parts of METHOD_HEAD's words, one of which a text must hold for it to match: most
#: texts hold none, and five substring tests cost less than one scan.
_METHOD_HEAD_CUE = ("onvolution", "etwork", "ncoder", "ecoder", "ransformer")
_NOUN_ING = {
    "learning",
    "mining",
    "answering",
    "reading",
    "spelling",
    "parsing",
    "tagging",
    "processing",
    "modeling",
    "modelling",
    "grounding",
    "matching",
    "tracking",
}
#: Heads too general to be a task without a word in front ("prediction", "inference").
_BARE_OK = {
    "classification",
    "detection",
    "segmentation",
    "translation",
    "summarization",
    "summarisation",
    "parsing",
    "captioning",
    "tracking",
    "forecasting",
    "recommendation",
    "navigation",
    "manipulation",
    "localization",
    "localisation",
}


#: Prepositions _TASK_STOP leaves out: a data word's describing words never hold one
#: ("validates X against competing benchmarks" names no dataset).
_PREPOSITIONS = {
    "against",
    "across",
    "over",
    "under",
    "between",
    "among",
    "within",
    "without",
    "versus",
    "vs",
}


def _data_name_before(text: str, end: int, word: str) -> tuple[int, int] | None:
    """The name before the data word `word`, with up to two lower-case words that say
    what the data holds ("the Quorra meeting corpus", "the Harbor learner corpus"); no
    such word may be a stop word, a preposition, a verb's participle or a task's head ("ImageNet
    classification benchmark" names ImageNet, used for a task)."""
    name = name_before(text, end)
    if name:
        return name if _names_data(text, *name, word) else None
    if word == "data":  # "M3Net takes multimodal data"
        return None
    words = text[max(0, end - 40) : end].split(" ")[-2:]
    for count in (1, 2):
        between = words[len(words) - count :]
        if not all(
            _DESCRIPTOR.fullmatch(w)
            and w not in _TASK_STOP
            and w not in _PREPOSITIONS
            and w != "data"
            and not TASK_HEAD.fullmatch(w)
            and not w.endswith("ed")
            for w in between
        ):
            return None
        name = name_before(text, end - len(" ".join(between)) - 1)
        if name:
            words = text[name[0] : name[1]]
            # "the Korean learner corpus", "12 speech corpora" describe data
            described = (
                not languages_only(words)
                and any(map(str.isalpha, words))
                and words.split()[-1] not in _NOT_NAME
            )
            return (name[0], end) if described and _names_data(text, *name, word) else None
    return None


#: A dimension or field strength that leads a phrase about a kind of data: "3D", "4D", "3T".
_DIMENSION = re.compile(r"\d[DdT]\b")


def _known_as(name: str, *labels: str) -> bool:
    """Whether the lexicon lists `name` under one of `labels` ("RL" a problem, "LSTM" a
    method)."""
    entry = entry_named(name)
    return entry is not None and entry.label in labels


#: The rest of a word glued to a dataset's name that makes it a variant: a part in
#: capitals or digits ("MMLU-Pro", "ImageNet-LT", "BraTS-GLI", "ScanNet-V2") or a word of
#: a split or tier ("WebArena-lite"); a word in lower case otherwise modifies
#: ("ImageNet-scale data").
GLUED_VARIANT = re.compile(
    r"(?:-(?:[A-Z0-9][A-Za-z0-9.]*|(?:lite|mini|hard|easy|plus)(?![\w.])))+(?<!\.)(?![\w-])"
)
#: A model's size at the end ("Alpaca-7B"): a model trained on the data, not data.
MODEL_SIZE_TAIL = re.compile(r"-\d+(?:\.\d+)?[BM]$")


def dataset_variant(name: str) -> bool:
    """Whether `name` is a dataset the lexicon knows, written as the lexicon writes it,
    with a variant's part glued on ("MMLU-Pro", "MT-Bench-TH", "FLEURS-Kobani"): another
    dataset, built on it."""
    if "-" not in name or " " in name or MODEL_SIZE_TAIL.search(name):
        return False
    at = name.find("-")
    while at > 0:
        known = load_lexicon().get(name[:at])  # (as written: "CoCo-Fed" is no COCO's)
        if known is not None and known.label == schema.DATASET and GLUED_VARIANT.fullmatch(name, at):
            return True
        at = name.find("-", at + 1)
    return False


def _names_data(text: str, start: int, end: int, word: str) -> bool:
    """Whether the name before a data word names a set of data: not only words that open
    sentences ("Recent", "The"), nor one capitalised word that may be capitalised only
    because it opens the sentence ("Parallel corpora"), nor a modality, field or
    dimension ("MRI datasets", "NLP benchmarks", "3D data").  Before "data" alone only
    a name with an edition number names a dataset ("Quorra 2021 data", not "RGB data")."""
    name = text[start:end]
    counted = name.split(" ", 1)[-1] if name.split(" ", 1)[0].isdigit() else name  # "26 NLP"
    if (
        _COMMON_OPENING.search(text, max(0, start - 3), end)
        or counted in NOT_METHOD
        or _known_as(counted, schema.METHOD)  # "LLM benchmarks", "RAG datasets": what the data is for
        or _DIMENSION.match(name)
        or all(w in _NOT_NAME for w in name.split())
    ):
        return False
    return word != "data" or any(map(str.isdigit, name))


@dataclass(frozen=True)
class PatternMatch:
    label: str
    start: int
    end: int
    pattern: str  # which rule found it
    role: str | None  # PROPOSES / INTRODUCES when the text says so
    confidence: float


#: Words that open a clause about a name rather than say what it is ("X, which conducts
#: preference learning with datasets ..." is no dataset).
_CLAUSE_WORD = r"(?:which|that|who|where|with|using|to|by|from|for|on|in|and|or)\b"
#: How far after a name its kind is looked for ("X (Long Name of X), the first
#: open-source, community-driven benchmark").
_KIND_WINDOW = 100


#: After a proposed name, the kind that makes it a metric: "X, a new metric for ...",
#: "X (Long Name), a suite of metrics that ...", "the X score, which ...".  (Metrics the
#: paper creates are its metrics; the schema's PROPOSES is for methods.)  "metric" must
#: end the kind: "X, a metric learning approach" is a method.
_METRIC_KIND_AFTER = re.compile(
    rf"\s*(?:\([^()]{{1,60}}\)\s*)?(?:[,:]\s*(?:a|an|the|two|three|four)\s+"
    rf"(?:(?!{_CLAUSE_WORD}|whose\b|[\w\-]*ing\b)[\w\-]+,?\s+){{0,5}}?|\s+)(?:metrics?|scores?)"
    rf"(?=\s+{_CLAUSE_WORD}|\s*[,.;:()]|\s+(?:of|designed|based|grounded)\b)"
)


#: A lead that names a metric before its name: "a new metric called X".
_METRIC_KIND_LEAD = re.compile(r"\b(?:metrics?|scores?)\s*,?\s*$")


#: An apposition that says a proposal is a kind of method before any word of data:
#: "we propose ThiFAN-VQA, a two-stage reasoning-based framework" (a name ending in a
#: dataset's word, "-VQA", is still the method the apposition calls it).
_METHOD_KIND_APPOSITION = re.compile(
    rf"\s*(?:\([^()]{{1,60}}\)\s*)?,\s*(?:a|an)\s+(?:(?!{_CLAUSE_WORD}|{_DATA_WORDS})[\w\-]+,?\s+){{0,6}}?"
    r"(?:framework|method|model|approach|algorithm|system|pipeline|architecture|technique|strategy)\b",
    re.IGNORECASE,
)


_METHOD_KIND_WORD = r"(?:framework|method|model|approach|algorithm|system|architecture)s?(?![\w-])"
#: After a proposal's name, an apposition that makes it data: "X (XD), a dataset ...",
#: "X: A Benchmark for ...", "X: Introducing the ... Benchmark Dataset", "X: A
#: Large-Scale Multispeaker and Multilingual Speech Dataset" ("and" joins its modifiers;
#: a kind of method among them makes it a method: "a framework and benchmark").
_DATA_KIND_AFTER = re.compile(
    rf"\s*(?:\([^()]{{1,60}}\)\s*)?[,:]?\s*(?:(?:Introducing|Presenting)\s+)?(?:a|an|the)?\s*"
    rf"(?:(?!{_CLAUSE_WORD}|{_METHOD_KIND_WORD})[\w\-]+,?\s+|and\s+(?!{_METHOD_KIND_WORD})){{0,6}}"
    # (not an item of a list of parts: "X: Foundations, State of the Art, Benchmark and ...")
    # ("X, a curated subset of Objaverse": a part of a dataset is data)
    rf"(?<!,\s)(?:{_DATA_WORDS}\b|subset of (?-i:[A-Z]))",
    re.IGNORECASE,
)


def _proposal_label(lead: str, name: str, after: str) -> tuple[str, str]:
    typed = schema.DATASET if dataset_variant(name) else type_by_head(name)
    if typed == schema.DATASET and _METHOD_KIND_APPOSITION.match(after):
        typed = None
    if typed in (None, schema.METRIC) and (_METRIC_KIND_AFTER.match(after) or _METRIC_KIND_LEAD.search(lead)):
        return schema.METRIC, "USES"
    if (
        typed == schema.DATASET or re.search(_DATA_WORDS, lead or "") or _DATA_KIND_AFTER.match(after)
    ):  # "we release X (XD), a dataset ...", "we collect X (XD) dataset", "X: A Benchmark for ...",
        # "we present X (X Long Name), the first open-source, community-driven benchmark"
        return schema.DATASET, "INTRODUCES"
    return (typed if typed in (schema.METHOD, None) else typed) or schema.METHOD, "PROPOSES"


def _noun_phrase(text: str, head: re.Match, bare_ok=frozenset()) -> tuple[int, int] | None:
    """The phrase ending in this head word: the modifiers before it, after the last
    stop word, verb-like word or number; None for a head with no modifier unless it
    may stand alone (`bare_ok`)."""
    window_start = max(0, head.start() - 60)
    before = _TASK_MODIFIERS.search(text, window_start, head.start())
    mods = before.group(0).split() if before else []
    for i in range(len(mods) - 1, -1, -1):
        word = mods[i]
        if (
            word in _TASK_STOP
            or word.isdigit()
            or word.endswith("ly")
            or word.endswith("ing")
            and word not in _NOUN_ING
        ):
            mods = mods[i + 1 :]
            break
    if not mods:
        return None if head.group(0) not in bare_ok else (head.start(), head.end())
    return text.rindex(mods[0], window_start, head.start()), head.end()


#: A kind of method right after a name: the name modifies what the paper made.
_KIND_NOUN_AFTER = re.compile(
    r"\s+(?:approach|framework|method|model|algorithm|system|pipeline|technique|strategy)\b"
)


#: After a proposal's name, its short form and a suffix (one of MODIFIER_PARTS makes both
#: a modifier of what is proposed: "we propose a Segment Anything Model (SAM)-guided method").
_COMPOUND_MODIFIER_AFTER = re.compile(r"\s*\([^()]{1,15}\)-(?P<part>[A-Za-z]+)\b")


def _defined_earlier_as_modifier(text: str, match: re.Match) -> bool:
    """Whether a proposal's name only says what kind the paper's own work is ("this
    paper presents an SSRL approach", "we develop an RL approach"): a short form the
    text defined before ("... learning (SSRL) has advanced ...") or a method the lexicon
    knows, before a kind of method; or a name that with its short form modifies what is
    proposed ("a Segment Anything Model (SAM)-guided method")."""
    name = match.group("name")
    compound = _COMPOUND_MODIFIER_AFTER.match(text, match.end("name"))
    return (
        compound is not None
        and compound.group("part").casefold() in MODIFIER_PARTS
        or (
            _KIND_NOUN_AFTER.match(text, match.end("name")) is not None
            and (f"({name})" in text[: match.start("name")] or _known_as(name, schema.METHOD, schema.TASK))
        )
    )


#: A second name the proposal verb takes, which the apposition after it counts in:
#: "we release X and Y, two models ...", "... X and Y, both trained on ...".
_SECOND_OF_TWO = re.compile(rf"\s+and\s+(?P<name>{NAME}),\s+(?:two|both)\b")


#: The last item of a list whose items are described at length: "and X," before the
#: sentence ends.
_LAST_LISTED = re.compile(rf",?\s+and\s+(?P<name>{NAME})(?=\s*[,(]|\s+(?:which|that)\b)")


def _last_of_counted_list(text: str, lead: re.Match, position: int, found: list[PatternMatch]) -> None:
    """A counted list of proposals ("we propose two algorithms: X, which ..., and Y, a
    ...") whose read items stopped short of its count at a described item: its last
    item is the name after the sentence's last "and"."""
    count = COUNTS.get(lead.group().split()[0].casefold())
    listed = [m for m in found if m.pattern == "proposed-list" and m.start >= lead.end()]
    if not count or not listed or len(listed) >= count:
        return
    end = CLAUSE_END.search(text, position)
    last = max(
        _LAST_LISTED.finditer(text, position, end.start() if end else len(text)),
        key=lambda item: item.start(),
        default=None,
    )
    if last and last.start("name") > listed[-1].end:
        label, role = listed[-1].label, listed[-1].role
        found.append(PatternMatch(label, last.start("name"), last.end("name"), "proposed-list", role, 0.75))


def _proposals_after(text: str, position: int, found: list[PatternMatch]) -> None:
    """The names a proposal verb ending at `position` introduces: one name ("we propose
    X", "... called X", "... Long Name, LN, a ..."), a kind and a name ("we release a
    dataset X"), or a list ("we introduce two modules: X (XA) and Y (YB)")."""
    match = PROPOSAL.match(text, position)
    if match and _defined_earlier_as_modifier(text, match):
        return  # "SSRL (defined before) ... this paper presents an SSRL approach": a kind, not a name
    if match:
        end = match.end("name")
        joined = _AND_JOINED_NAME.match(text, end)
        if joined:  # "the Reasoning and Answering Temporal Ability dataset": one name
            end = joined.end("rest")
        label, role = _proposal_label(
            match.group("lead") or "", text[match.start("name") : end], text[end : end + _KIND_WINDOW]
        )
        found.append(PatternMatch(label, match.start("name"), end, "proposal", role, 0.8))
        second = _SECOND_OF_TWO.match(text, end)
        if second:  # "we open-source X and Y, two vision-language models"
            found.append(PatternMatch(label, second.start("name"), second.end("name"), "proposal", role, 0.8))
        short = _SHORT_AFTER.match(text, end)
        if short and sum(c.isupper() for c in short.group("short")) >= 2:
            found.append(PatternMatch(label, short.start("short"), short.end("short"), "proposal", role, 0.8))
        return
    match = (
        KIND_THEN_NAME.match(text, position)
        or KIND_THEN_BRACKETED.match(text, position)
        or BRACKETED_THEN_KIND.match(text, position)
    )
    if match and (
        match.re is KIND_THEN_NAME
        or _new_capitalised_name(match.group("name"))
        and (
            match.re is KIND_THEN_BRACKETED or not _known_technique(match.group("long"), match.group("name"))
        )
    ):
        found.append(_named_kind(match))
        return
    match = DATA_INCLUDING.match(text, position)
    if match:
        end = text.find(". ", match.end())
        for item in _INCLUDED_DATA.finditer(text, match.end(), end if end > 0 else len(text)):
            for group in ("name", "name2"):
                if item.group(group) and _new_capitalised_name(item.group(group)):
                    found.append(
                        PatternMatch(
                            schema.DATASET, item.start(group), item.end(group), "proposal", "INTRODUCES", 0.8
                        )
                    )
        return
    match = MODEL_PRODUCING.match(text, position)
    if match:  # "we present a model that produces Discrete InfoMax Codes (DIMCO)"
        found.append(
            PatternMatch(schema.METHOD, match.start("name"), match.end("name"), "produced", "PROPOSES", 0.7)
        )
        return
    match = PROPOSED_LIST.match(text, position)
    if match:
        if _NOT_MADE_LEAD.search(match.group()):  # "two key principles: (1) All Patches Matter"
            return
        position = match.end()
        while item := _LISTED_NAME.match(text, position):
            if re.match(r"\s*:\s+[A-Z]", text[item.end("name") : item.end("name") + 6]):
                break  # "(1) Faithful Optimizers: We show ...": a heading, not a name
            # "we construct two dedicated benchmarks, A and B": the list's kind is each item's;
            # "we release four artifacts: A (a 6,432-record multimodal corpus), ...": an
            # item's note may say it is data
            label, role = _proposal_label(match.group(), item.group("name"), "")
            if (
                role == "PROPOSES"
                and item.group("note")
                and re.search(rf"(?<![\w-]){_DATA_WORDS}\s*$", item.group("note"))
            ):
                label, role = schema.DATASET, "INTRODUCES"
            found.append(
                PatternMatch(label, item.start("name"), item.end("name"), "proposed-list", role, 0.75)
            )
            position = item.end()
        if position == match.end() and _NEW_METHOD_KINDS.search(match.group()):
            _lower_listed_names(text, position, found)
        _last_of_counted_list(text, match, position, found)
        return
    match = QUOTED_PROPOSAL.match(text, position)
    if match:
        name = match.group("name").rstrip(",.;: ")  # '"Expert Index,"': the comma is the sentence's
        label, role = _proposal_label("", name, text[match.end() : match.end() + _KIND_WINDOW])
        if not _holds_prose(name.split()) and not is_generic(label, name):  # 'a "deep learning" model'
            start = match.start("name")
            found.append(PatternMatch(label, start, start + len(name), "quoted", role, 0.75))
        return
    match = LOWER_PROPOSAL.match(text, position)
    if match and (
        _lower_name(match.group("name"))
        # one plain word the apposition calls new: "we propose sparsemax, a new activation function"
        or " " not in match.group("name")
        and match.group("name") not in _NOT_A_LOWER_NAME_START
        and _NEW_KIND_AFTER.match(text, match.end("name"))
    ):
        label, role = _proposal_label("", match.group("name"), text[match.end() : match.end() + _KIND_WINDOW])
        found.append(PatternMatch(label, match.start("name"), match.end("name"), "lower-proposal", role, 0.7))
        return
    match = LOWER_METRIC.match(text, position)
    if match:
        words = match.group("name").split()[:-1]
        if not any(_DESCRIBING_WORD.fullmatch(w) or w in _TASK_STOP for w in words):
            found.append(
                PatternMatch(
                    schema.METRIC, match.start("name"), match.end("name"), "lower-metric", "USES", 0.7
                )
            )
        return
    match = LOWER_LOSS.match(text, position)
    if match:
        words = match.group("name").split()
        if (
            words[0] not in _NOT_A_LOWER_NAME_START
            and not (words[0].endswith("ing") and not match.group("article"))  # "we propose blending ..."
            and not any(w in _TASK_STOP for w in words)
            and not is_generic(schema.METHOD, match.group("name"))  # "a reconstruction loss"
        ):
            found.append(
                PatternMatch(
                    schema.METHOD, match.start("name"), match.end("name"), "lower-proposal", "PROPOSES", 0.7
                )
            )


#: The kinds of method a list of the paper's own in lower case may name: "two learning
#: strategies: noise-tolerant learning and concept-guided learning".
_NEW_METHOD_KINDS = re.compile(r"\b(?:strategies|techniques|methods|mechanisms|modules|losses|objectives)\b")
#: One lower-case item of such a list, its words none of _TASK_STOP, up to the list's
#: next joint or the clause after it.
_LOWER_LISTED = re.compile(
    r"(?P<name>[a-z][\w\-]*(?: [a-z][\w\-]*){0,3}?)"
    r"(?P<joint>\s*,\s*and\s+|\s*,\s*|\s+and\s+|(?=\s*[.;:(]|\s(?:to|for|that|which|in|on|with)\b))"
)


def _lower_listed_names(text: str, position: int, found: list[PatternMatch]) -> None:
    """The lower-case names of a list of new methods, each of two words at least or a
    hyphenated one ("noise-tolerant learning"); a list holding a word that names none
    ("the", "our", a verb's "to") is no list of names, and none of it is kept."""
    items = []
    while item := _LOWER_LISTED.match(text, position):
        words = item.group("name").split()
        if any(w in _TASK_STOP for w in words) or len(words) < 2 and "-" not in words[0]:
            return
        items.append(item)
        if not item.group("joint"):
            break
        position = item.end()
    if len(items) >= 2:
        for item in items:
            found.append(
                PatternMatch(
                    schema.METHOD, item.start("name"), item.end("name"), "proposed-list", "PROPOSES", 0.75
                )
            )


def coined_name(name: str) -> bool:
    """A made-up name: a capital inside a word or a digit ("TokMorph", "Kite-7B")."""
    return any(c.isdigit() for c in name) or any(c.isupper() for w in name.split() for c in w[1:])


#: After a one-word name, an apposition calling it new: ", a new activation function".
_NEW_KIND_AFTER = re.compile(r",\s+(?:a|an)\s+(?:new|novel)\s+[a-z]")


def _lower_name(name: str) -> bool:
    """Whether a lower-case phrase after a proposal verb names what the paper made
    ("collective bootstrapping", "top-H decoding"), not a kind of work ("extensive
    experiments", "theoretical analysis"); one word only when coined ("k-means++" is
    not, "top-H" is)."""
    words = name.split()
    if len(words) == 1 and not any(c.isdigit() or c.isupper() for c in name):
        return False
    return (
        words[0] not in _NOT_A_LOWER_NAME_START
        and words[-1] not in _NOT_A_LOWER_NAME_HEAD
        and not any(w in _TASK_STOP or w.endswith("ly") for w in words)
    )


#: Verbs that follow a list of methods ("such as pruning help ..."): no name holds one.
_LIST_VERBS = {
    "help",
    "helps",
    "work",
    "works",
    "fail",
    "fails",
    "lead",
    "leads",
    "allow",
    "allows",
    "reach",
    "reaches",
    "scale",
    "scales",
    "become",
    "becomes",
    "remain",
    "remains",
    "suffer",
    "suffers",
    "rely",
    "relies",
    "need",
    "needs",
    "offer",
    "offers",
    "aim",
    "aims",
    "seem",
    "seems",
    "tend",
    "tends",
    "struggle",
    "struggles",
    "lack",
    "lacks",
    "were",
    "was",
    "are",
    "is",
    "have",
    "had",
    "do",
    "does",
    "did",
    "perform",
    # verbs of effect: what the listed methods do to a measure
    *(
        stem + ending
        for stem in ("decrease", "increase", "degrade", "hurt", "harm", "underperform", "cause", "induce")
        for ending in ("", "s")
    ),
}


#: After a list of names, an apposition that calls them data: "on FloodNet and
#: RescueNet-VQA, UAV-based datasets from ...".
_DATA_APPOSITION_AFTER = re.compile(
    rf"\s*,\s*(?:(?:two|three|four|five|several|both)\s+)?(?:[\w\-]+\s+){{0,3}}?{_DATA_WORDS}\b"
)


def _add_listed_data(found: list[PatternMatch], text: str, match: re.Match, group: str) -> None:
    """A Dataset for each name of a list of data (`match`'s `group`); an apposition
    calling them data beats what a name's head word says ("FloodNet" is no network)."""
    offset = match.start(group)
    items = [(offset + item.start(), offset + item.end()) for item in _LIST_ITEM.finditer(match.group(group))]
    # (the list may run on into the apposition: "..., UAV-based datasets")
    called_data = next(
        (i for i, (_, end) in enumerate(items) if _DATA_APPOSITION_AFTER.match(text, end)), None
    )
    for i, (start, end) in enumerate(items):
        confidence = 0.7 if called_data is not None and i <= called_data else 0.55
        # "Mira's logs" names whose data it is; "Dataset" names no dataset (nor do "GPU"
        # or "OOD", which name no method either; nor the authors of a citation)
        if (
            text.rfind("(", offset, start) <= text.rfind(")", offset, start)
            and not text.startswith(("'s", "’s"), end)
            and not _DATA_WORD_ONLY.fullmatch(text[start:end])
            and text[start:end] not in NOT_METHOD
        ):
            found.append(PatternMatch(schema.DATASET, start, end, "list", None, confidence))


def _holds_prose(words: list[str]) -> bool:
    """Whether a lower-case name's words hold one of prose (a stop word, a verb that
    follows a list, an adverb): then it is a clause, no name."""
    return any(w in _TASK_STOP or w in _LIST_VERBS or w.endswith("ly") for w in words)


def _add_used_name(found: list[PatternMatch], text: str, start: int, end: int, pattern: str) -> None:
    """A member of a kind of method the text names: a Method with no role of its own
    (the resolver makes it USES, or nothing where it is a class too general)."""
    name = text[start:end]
    if name[:1].islower():
        # "techniques like chain-of-thought prompting decrease performance": the item
        # ends before the verb that says what it does
        verb = next((w for w in re.finditer(r"\S+", name) if w.group() in _LIST_VERBS and w.start()), None)
        if verb:
            end = start + len(name[: verb.start()].rstrip())
            name = text[start:end]
    words = name.split()
    if name[:1].isdigit():
        return  # "4B--7B": sizes
    if name[:1].islower() and (
        _holds_prose(words) or len(words) == 1 and not any(c in name for c in "-0123456789")
    ):
        return  # ("such as pruning": a kind; "such as top-k": a name)
    found.append(PatternMatch(schema.METHOD, start, end, pattern, None, 0.6))


def _enumerated_contributions(text: str, found: list[PatternMatch]) -> None:
    """The marked items of a list a sentence presents as the paper's own parts
    ("we propose X, involving: (1) Random Patch Replacement that ...; (2) ...", "two
    components: (1) Adaptive Drafter, ..."); not lists of findings or principles."""
    for item in ENUMERATED.finditer(text):
        opening = max(text.rfind(". ", 0, item.start()) + 2, 0)
        first = _ENUMERATION_CUE.search(text, opening, item.end())
        if first is None and text[item.start() : item.start() + 1] == "(":
            # a later item of a list whose items are sentences ("(1) X - to ... . (2) Y
            # - to ..."): the list opens at the last "(1)" before it
            opened = max(
                text.rfind(cue, max(0, item.start() - 800), item.start()) for cue in ("(1)", "(i)", "(a)")
            )
            if opened >= 0:
                opening = max(text.rfind(". ", 0, opened) + 2, 0)
                first = _ENUMERATION_CUE.search(text, opening, opened + 3)
        if first is None:
            continue
        lead = text[opening : first.start()]
        if _NOT_MADE_LEAD.search(lead) or not (
            PROPOSING.search(lead) or _ENUMERATION_LEAD.search(lead) or _NEW_KINDS.search(lead)
        ):
            continue
        label, role = _proposal_label("", item.group("name"), "")
        found.append(PatternMatch(label, item.start("name"), item.end("name"), "enumerated", role, 0.75))


#: Verbs whose object is data: what "we curate" or "we collect" is a set of data, not a
#: method ("we further curate two evaluation extensions, X-LT and X-M").
_DATA_VERBS = frozenset({"curate", "collect", "curating", "collecting"})


def _as_data(text: str, found: PatternMatch) -> PatternMatch | None:
    """A proposal's name read as a method, after a verb of data, as the data it is
    (unless its head word says it is a method: "we collect ... with our Harbor Net");
    None for words in lower case ("we collect human conversations"): data with no name."""
    name = text[found.start : found.end]
    if found.label != schema.METHOD or type_by_head(name) is not None:
        return found
    if name.islower():
        return None
    return PatternMatch(schema.DATASET, found.start, found.end, found.pattern, "INTRODUCES", found.confidence)


def _named_kind(match: re.Match) -> PatternMatch:
    """The paper's own work that a match names with its kind: a set of data it
    introduces ("a new benchmark, X") or a method it proposes ("a ... (ATP) framework")."""
    data = match.group("kind") in ("dataset", "benchmark", "corpus", "suite")
    return PatternMatch(
        schema.DATASET if data else schema.METHOD,
        match.start("name"),
        match.end("name"),
        "proposal",
        "INTRODUCES" if data else "PROPOSES",
        0.8,
    )


def _known_technique(words: str, short: str) -> bool:
    """Whether the words a bracketed short form spells out name a technique or problem
    the lexicon knows, or a class too general to name ("an accelerated sequential Monte
    Carlo (SMC) algorithm", "a deep reinforcement learning (DRL) framework"): the short
    form is the field's, not a name the paper gives its own work ("a Progressive Motion
    Generation (PMG) method" ends in a known task, but spells out a name of its own).
    The words spelled out are found as the abbreviation reader finds a long form."""
    start = long_form_start(short, words)
    if start is None:
        return False
    long_form = words[start:].strip()
    return (
        entry_named(long_form) is not None
        or is_generic(schema.METHOD, long_form)
        or is_generic(schema.TASK, long_form)
        or is_field_term(long_form)
    )


def _new_capitalised_name(name: str) -> bool:
    """Whether a name is capitalised and unknown to the lexicon ("P-Guide", "Randomized
    Flipping"), as a means a sentence names must be to be the paper's own ("by
    introducing SFT", "by introducing sharp edges" name none)."""
    return (
        name[:1].isupper()
        and entry_named(name) is None
        and name not in NOT_METHOD
        and not is_field_term(name)
    )


def find_patterns(text: str) -> list[PatternMatch]:
    found: list[PatternMatch] = []
    # (a title name needs a colon after it, a report "Report" or "Card": substring tests
    # first, and the costlier match of a name at the text's start only where they pass)
    title = (":" in text and TITLE_NAME.match(text)) or (
        ("Report" in text or "Card" in text) and TITLE_REPORT.match(text)
    )
    if (
        title
        and len(title.group("name")) <= 40
        and "\n" not in text[: title.end()]
        and title.group("name").casefold() not in _SECTION_LABELS
    ):
        name = title.group("name")
        label, role = _proposal_label("", name, text[title.end("name") :].lstrip(" :"))
        found.append(PatternMatch(label, title.start("name"), title.end("name"), "title", role, 0.8))
    for verb in _proposing(text):  # one scan; what follows the verb, read in place
        made = len(found)
        _proposals_after(text, verb.end(), found)
        if verb.group("verb") in _DATA_VERBS:
            found[made:] = [data for m in found[made:] if (data := _as_data(text, m))]
        if verb.re is BY_PROPOSING:  # "by introducing sharp edges": words, not a name
            found[made:] = [m for m in found[made:] if _new_capitalised_name(text[m.start : m.end])]
    if "dataset" in text or "benchmark" in text or "corpus" in text or "suite" in text:
        for match in chain(
            matches_at(NEW_DATA, text, occurrences(text, ("a new ", "our new "))),
            NEWLY_MADE_DATA.finditer(text) if ", a newly " in text or ", an newly " in text else (),
        ):
            found.append(
                PatternMatch(
                    schema.DATASET, match.start("name"), match.end("name"), "new-data", "INTRODUCES", 0.75
                )
            )
    if any(cue in text for cue in _ENUMERATION_CUES):
        _enumerated_contributions(text, found)
    for match in (
        COMPONENTS_INCLUDING.finditer(text)
        if "including" in text and ("components" in text or "modules" in text or "innovations" in text)
        else ()
    ):
        opening = text.rfind(". ", 0, match.start()) + 2 if ". " in text[: match.start()] else 0
        if not re.search(
            r"\b(?:[Ww]e|[Oo]ur|[Tt]his (?:paper|work))\b|\bintroduces\b|\bproposes\b",
            text[opening : match.start()],
        ):
            continue  # the parts of someone else's system
        position = match.start("list")
        for item in _LIST_SPLIT.split(match.group("list")):
            start = text.index(item, position)
            position = start + len(item)
            words = item.split()
            if len(words) >= 2 and not any(w in _TASK_STOP for w in words) or coined_name(item):
                label, role = _proposal_label("", item, "")
                found.append(PatternMatch(label, start, start + len(item), "components", role, 0.7))
    naming = _naming_cue(text)
    for match in NEW_CALLED.finditer(text) if naming else ():
        kind = match.group("kind")
        label, role = (
            (schema.DATASET, "INTRODUCES")
            if kind in ("dataset", "benchmark", "corpus", "suite")
            else (schema.METRIC, "USES")
            if kind in ("metric", "score")
            else (schema.METHOD, "PROPOSES")
        )
        found.append(PatternMatch(label, match.start("name"), match.end("name"), "new-called", role, 0.8))
    for match in (
        REFERRED_AS.finditer(text)
        if "we refer" in text or "referred to as" in text or "termed" in text
        else ()
    ):
        if _NAMED_NO_CONTRIBUTION.search(text, max(0, match.start() - 40), match.start()):
            continue  # "a phenomenon we refer to as X", "a failure mode termed X", "so-termed"
        if match.group("passive"):
            opening = max(text.rfind(". ", 0, match.start()), 0)
            if not _OWN_BEFORE_NAMING.search(text, opening, match.start()):
                continue
        for group in ("quoted", "name2", "lower", "second"):
            # (a name in capitals is kept; words in lower case, quoted or not, are checked)
            if match.group(group) and not (group != "name2" and _NAMED_THINGS.search(match.group(group))):
                label, role = _proposal_label("", match.group(group), "")
                found.append(PatternMatch(label, match.start(group), match.end(group), "naming", role, 0.75))
    for match in NAMING.finditer(text) if naming else ():
        label, role = _proposal_label("", match.group("name"), text[match.end() : match.end() + _KIND_WINDOW])
        found.append(PatternMatch(label, match.start("name"), match.end("name"), "naming", role, 0.8))
    for match in matches_at(OUR_NAME, text, occurrences(text, ("our ", "Our "))):
        found.append(_named_kind(match))
    for match in PROPOSED_PASSIVE.finditer(text) if " proposed" in text or " introduced" in text else ():
        if _NOT_PASSIVE_SUBJECT.search(text, max(0, match.start() - 20), match.start()):
            continue  # "a model based on VGG19 is proposed", "when Skills are introduced"
        for group in ("name", "name2"):
            name = match.group(group)
            if name and _new_capitalised_name(name):
                label, role = _proposal_label("", name, "")
                found.append(PatternMatch(label, match.start(group), match.end(group), "proposal", role, 0.8))
    for match in (
        PASSIVE_BRACKETED.finditer(text) if ") " in text and (" is " in text or " are " in text) else ()
    ):
        opening = max(text.rfind(". ", 0, match.start()), text.rfind("; ", 0, match.start()))
        long = _WORDS_BEFORE_BRACKET.search(text, max(opening + 1, match.start() - 120), match.start())
        if (
            _new_capitalised_name(match.group("name"))
            and not _known_technique(long.group() if long else "", match.group("name"))
            and not _NOT_PASSIVE_SUBJECT.search(text, max(opening + 1, match.start() - 60), match.start())
        ):
            found.append(_named_kind(match))
    for match in matches_at(OUR_PROPOSED_NAME, text, occurrences(text, ("our ", "Our "))):
        name = match.group("name")
        if (
            _new_capitalised_name(name)
            and any(c.isupper() or c.isdigit() for c in name[1:])
            and not _MEASURES_AFTER.match(text, match.end())
        ):
            label, role = _proposal_label("", name, text[match.end() : match.end() + _KIND_WINDOW])
            found.append(PatternMatch(label, match.start("name"), match.end("name"), "proposal", role, 0.8))
    for match in matches_at(OUR_DATA_NAME, text, occurrences(text, ("our ", "Our "))):
        name = match.group("name")
        if _new_capitalised_name(name) and (
            match.group("kind")
            or (dataset_variant(name) or type_by_head(name) == schema.DATASET)
            and not _KIND_NOUN_AFTER.match(text, match.end("name"))  # "our Florence-2 VQA model"
        ):
            found.append(
                PatternMatch(
                    schema.DATASET, match.start("name"), match.end("name"), "proposal", "INTRODUCES", 0.8
                )
            )
    for match in NAMED_DATA.finditer(text) if " named " in text or " called " in text else ():
        if _OTHERS_DATA.search(match.group()):  # "experiments on a public dataset named CASIA": others' data
            found.append(
                PatternMatch(schema.DATASET, match.start("name"), match.end("name"), "list", None, 0.7)
            )
            continue
        found.append(
            PatternMatch(
                schema.DATASET, match.start("name"), match.end("name"), "new-called", "INTRODUCES", 0.8
            )
        )
    for match in _appositions(text) if _APPOSITION_CUE.search(text) else ():
        if (
            match.group("name") in _NOT_NAME
            or match.group("name") in _ORDINALS
            or _NUMBERED_PART.search(match.group("name"))
        ):
            continue  # "Second, a cross-attention module fuses ...", "In Stage II, a ...": no name
        head = match.group("head")
        label = (
            schema.DATASET
            if re.fullmatch(_DATA_WORDS, head) or head in ("collection", "testbed", "suite")
            else schema.METHOD
        )
        role = "INTRODUCES" if label == schema.DATASET else "PROPOSES"
        if _METRIC_KIND_AFTER.match(text, match.end("name")):  # "X, a suite of metrics that"
            label, role = schema.METRIC, "USES"
        found.append(PatternMatch(label, match.start("name"), match.end("name"), "apposition", role, 0.75))
    for match in _data_words(text):
        # the bare name: the dataset_spans component widens every Dataset mention to
        # its data word
        name = _data_name_before(text, match.start(), match.group("word"))
        if name:
            found.append(PatternMatch(schema.DATASET, name[0], name[1], "data-word", None, 0.75))
    for match in (
        matches_at(METHOD_LIST, text, occurrences(text, _METHOD_LIST_OPENINGS))
        if "such as" in text
        or "includ" in text
        or "like" in text
        or "e.g" in text
        or "eg " in text
        or "namely" in text
        else ()
    ):
        if not METHOD_KIND_BEFORE.search(text, max(0, match.start() - 40), match.start()):
            continue
        position = match.start("list")
        items = _LIST_SPLIT.split(match.group("list"))
        joins = _LIST_SPLIT.findall(match.group("list"))
        if joins and not re.search(r"\b(?:and|or)\b", joins[-1]):
            items = items[:1]  # "such as X, offer grounding": a list ends with "and Y"
        for item in items:
            start = text.index(item, position)
            position = start + len(item)
            name = re.sub(r"\s+\([^()]*\)$", "", item)  # "Snorkel (a labeller)": the name alone
            _add_used_name(found, text, start, start + len(name), "method-list")
    news = occurrences(text, ("new ", "novel "))
    for match in chain(
        matches_at(OWN_TERM, text, news | occurrences(text, _WE_TERMING))
        if any(w in text for w in _OWN_TERM_WORDS)
        else (),
        matches_at(NEW_KIND_APPOSITION, text, news),
    ):
        words = match.group("name").split()
        if (len(words) > 1 or "-" in words[0]) and not _holds_prose(words):
            found.append(
                PatternMatch(
                    schema.METHOD, match.start("name"), match.end("name"), "own-term", "PROPOSES", 0.7
                )
            )
    for match in (
        matches_at(KIND_CALLED, text, occurrences(text, _KIND_CALLED_WORDS))
        if naming or "known as" in text
        else ()
    ):
        if KIND_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            _add_used_name(found, text, match.start("name"), match.end("name"), "kind-called")
    if _SIZE_CUE.search(text):
        for match in chain(SIZED_MODEL.finditer(text), CAPITALISED_SIZED_MODEL.finditer(text)):
            if _SIZE_RANGE.match(match.group()):
                continue  # "sub-32B models": a range of sizes, no model
            found.append(PatternMatch(schema.METHOD, match.start(), match.end(), "sized-model", None, 0.6))
    for match in VERSIONED_MODEL.finditer(text) if _VERSION_CUE.search(text) else ():
        family = entry_named(match.group().split("-", 1)[0])  # "ActivityNet-1.3" is a version of data
        label = schema.DATASET if family and family.label == schema.DATASET else schema.METHOD
        found.append(PatternMatch(label, match.start(), match.end(), "sized-model", None, 0.6))
    for match in PRODUCED.finditer(text):
        name = match.group("name")
        if SIZED_MODEL.fullmatch(name) or re.fullmatch(NAME, name) and coined_name(name):
            found.append(
                PatternMatch(
                    schema.METHOD, match.start("name"), match.end("name"), "produced", "PROPOSES", 0.7
                )
            )
    for kind in matches_at(USED_KIND, text, occurrences(text, _USED_KINDS)):
        match = USED_KIND_BEFORE.search(text, max(0, kind.start() - 120), kind.start())
        if match is None:
            continue
        group = "name" if match.group("name") else "name2"
        name = match.group(group)
        if (
            name in _NOT_NAME
            or _COMMON_OPENING.search(text, max(0, match.start(group) - 3), match.end(group))
            or not (coined_name(name) or " " not in name)
        ):
            continue  # ("The Transformer model" opens a sentence; "Large Language model" is words)
        size = re.search(r"\s+\d+(?:\.\d+)?[KMBT]$", name)  # "the KiteLM 1.4B model": KiteLM
        end = match.start(group) + (size.start() if size else len(name))
        found.append(PatternMatch(schema.METHOD, match.start(group), end, "used-kind", None, 0.6))
    for match in DESCRIBED_DATA.finditer(text) if any(cue in text for cue in _DESCRIBED_DATA_CUE) else ():
        found.append(
            PatternMatch(schema.DATASET, match.start("name"), match.end("name"), "described-data", None, 0.6)
        )
    for match in case_blind_matches(_LIST_CUE, text, _LIST_CUE_WORDS):  # cue words in any case
        group = "list" if match.group("list") else "list2"
        if (
            group == "list"
            and match.group()[:9].lower() == "benchmark"
            and (_TOPIC_OF_BENCHMARK.search(match.group()) or _TOPIC_AFTER.match(text, match.end()))
        ):
            # "benchmarks focus narrowly on Mathematical Programming", "benchmarked models
            # on Swiss legal translation": a topic, no data
            continue
        _add_listed_data(found, text, match, group)
    for match in SETTING_OPENING.finditer(text) if "On " in text or "Across " in text else ():
        listed = [item.group() for item in _LIST_ITEM.finditer(match.group("list"))]
        if not (
            any(_MODEL_LIKE.search(name) or _known_as(name, schema.METHOD) for name in listed)
            or _SETTING_OF_MODELS.match(text, match.end())
        ):
            _add_listed_data(found, text, match, "list")
    for match in matches_at(DATA_NAMED_AFTER, text, occurrences(text, _DATA_NAMED_AFTER_WORDS)):
        name = match.group("name")
        if not (
            _known_as(name, schema.METHOD, schema.TASK)
            or is_generic(schema.TASK, name)
            or _SIZE_ENDING.search(name)  # "a benchmark, HomeFlow-RL-4B": a model trained on it
            or name in NOT_METHOD
        ):
            found.append(
                PatternMatch(schema.DATASET, match.start("name"), match.end("name"), "list", None, 0.7)
            )
    for match in OTHER_DATA.finditer(text) if "other " in text else ():
        _add_listed_data(found, text, match, "list")
    for match in SCORE_ON.finditer(text) if _SCORE_ON_CUE.search(text) else ():
        group = next(group for group in ("name", "name2", "name3", "name4", "name5") if match.group(group))
        if group in ("name4", "name5") and match.group(group) in NOT_METHOD:
            continue  # "11.5 FPS on CPU": where it ran, not data
        if text.startswith(("'", "’"), match.end(group)):
            continue  # "on the What's Up benchmark": a name cut at its apostrophe
        found.append(
            PatternMatch(schema.DATASET, match.start(group), match.end(group), "score-on", None, 0.55)
        )
    for match in matches_at(COMPARED, text, occurrences(text, _COMPARED_CUE)):
        if (match.group("gain") or match.group("describing")) and not _COMPARED_HEAD_END.match(
            text, match.end()
        ):
            continue  # "than traditional RGB cameras", "gains over existing Italian-Ladin baselines"
        offset = match.start("list")
        for item in _LIST_ITEM.finditer(match.group("list")):
            if item.group() in NOT_METHOD:
                continue  # "improvements over the SoTA"
            found.append(
                PatternMatch(
                    schema.METHOD, offset + item.start(), offset + item.end(), "compared", None, 0.55
                )
            )
    for match in ACRONYM.finditer(text):
        if (
            match.group(0) in NOT_METHOD
            or match.group(0).removesuffix("s") in NOT_METHOD
            or match.group(0).isdigit()
        ):
            continue
        if _EDITION_AFTER.match(text, match.end()):
            continue  # "the NTIRE 2025 challenge", "APTOS 2019": an event's or a dataset's edition
        if match.group(0) in ("CI", "CIs") and _INTERVAL_BEFORE.search(
            text, max(0, match.start() - 24), match.start()
        ):
            continue  # "(95% CI, 0.94-0.95)", "bootstrap CIs": how sure a figure is, no name
        if _METRIC_WORD_AFTER.match(text, match.end()):  # "as measured by the APLS metric"
            found.append(PatternMatch(schema.METRIC, match.start(), match.end(), "called-metric", None, 0.6))
        elif (
            _VALUE_AFTER.match(text, match.end())
            and _ARTICLE_BEFORE.search(text, max(0, match.start() - 8), match.start())
            or _BY_VALUE_AFTER.match(text, match.end())
            and _MOVED_BEFORE.search(text, max(0, match.start() - 24), match.start())
        ):
            # "records a BPCER of 10.44%", "achieves an FID-50K of 1.56", "improves TSE by
            # 7.7%": a measure with its value
            found.append(PatternMatch(schema.METRIC, match.start(), match.end(), "valued-acronym", None, 0.6))
        else:
            found.append(PatternMatch(schema.METHOD, match.start(), match.end(), "acronym", None, 0.4))
    # a name word opening in lower case is rare, and both rules below need one: one test
    # for both, and no scan for measured names in texts that hold none
    lower_led = _opens_in_lower_case(text)
    for match in _MEASURED_LOWER_LED.finditer(text) if lower_led else ():
        found.append(
            PatternMatch(schema.METRIC, match.start("name"), match.end("name"), "measured-acronym", None, 0.6)
        )
    for match in _LOWER_PREFIXED.finditer(text) if lower_led else ():
        base = match.group("base")
        entry = entry_named(base)
        if (
            entry is not None
            and entry.label == schema.METHOD
            and not is_generic(schema.METHOD, entry.name)  # ("dLLM", "sVLM": kinds of models)
            and not base.endswith("s")
        ):
            # "mDeBERTa", "xLSTM", "iTransformer": a model of its own, built on the one named
            found.append(PatternMatch(schema.METHOD, match.start(), match.end(), "prefixed-model", None, 0.6))
    for match in _typed_names(text, lower_led):
        name = match.group()  # the lookarounds take no text: the whole match is the name
        if not may_type_by_head(name):
            continue
        label = type_by_head(name)
        if label == schema.DATASET and _names_a_kind_of_data(name):
            continue
        if label and (" " in name or sum(c.isupper() for c in name) >= 2):
            found.append(PatternMatch(label, match.start("name"), match.end("name"), "head-word", None, 0.6))
    for match in METHOD_HEAD.finditer(text) if any(cue in text for cue in _METHOD_HEAD_CUE) else ():
        span = _noun_phrase(text, match)
        if span:
            found.append(PatternMatch(schema.METHOD, span[0], span[1], "method-phrase", None, 0.45))
    for match in TASK_HEAD.finditer(text):
        span = _noun_phrase(text, match, _BARE_OK)
        if span:
            found.append(PatternMatch(schema.TASK, span[0], span[1], "task-phrase", None, 0.5))
    return [trimmed for match in found if (trimmed := _trim(text, match))]


#: Heads that, after capitalised common words only, name a kind of data ("Parallel
#: Corpora", "Open Data", "Data Set"), not one dataset.
_KIND_HEAD = re.compile(r"(?:Data|Corpora|Datasets|Data Sets|Benchmarks|Collections|Set|Corpus)$")
_TITLE_WORD = re.compile(r"[A-Z][a-z]+|Data|Set")


def _names_a_kind_of_data(name: str) -> bool:
    """'Synthetic Corpora', 'Open Data', 'Corpus': Title-case common words before a
    plural or mass data head; 'Quorra Datasets' or 'KITTI Data' keep a name in front."""
    head = _KIND_HEAD.search(name)
    if head is None:
        return False
    words = [w for w in name[: head.start()].split() if w not in _NOT_NAME]
    singular = head.group(0) in ("Set", "Corpus")
    return all(w == "Data" for w in words) if singular else all(_TITLE_WORD.fullmatch(w) for w in words)


#: Capitalised words that open a sentence rather than a name.
_NOT_NAME = {
    "The",
    "A",
    "An",
    "Our",
    "This",
    "These",
    "That",
    "Those",
    "We",
    "In",
    "On",
    "For",
    "Each",
    "Both",
    "Existing",
    "Recent",
    "Recently",
    "Most",
    "Many",
    "Such",
    "Its",
    "Their",
    "It",
    "To",
    "With",
    "By",
    "As",
    "At",
    "From",
    "While",
    "However",
    # connectives that open a sentence ("Therefore, a more general model called X")
    "Therefore",
    "Thus",
    "Hence",
    "Additionally",
    "Consequently",
    "Notably",
    "Meanwhile",
    "Instead",
    "Besides",
    "Overall",
    "Afterwards",
    "Importantly",
    "Accordingly",
    "Similarly",
    "Nevertheless",
    "Nonetheless",
    "Indeed",
    "Subsequently",
    "Ultimately",
    "Unlike",
    "Across",
    "Through",
    "Compared",
    "Moreover",
    "Furthermore",
    "Finally",
    "Specifically",
    "Experiments",
    "Extensive",
    "Results",
    "Experimental",
    "Here",
    "Then",
    "Using",
    "Based",
    "All",
    "New",
    "Novel",
    "Large",
    "Deep",
    "Several",
    "Various",
    "Standard",
    "Popular",
    "SOTA",
    "State",
    "Art",
}


#: Sizes, counts and dimensions ("7B", "70B", "4x", "10K", "3D") are not names.
_QUANTITY = re.compile(r"\d+(?:\.\d+)?[KMBTkmbxD]?")
#: Nor is a phrase that opens with one ("17.5times", "70B Llama-like", "1B LLMs").
_LEADING_QUANTITY = re.compile(r"\d+(?:\.\d+)?(?:[KMBTkmbx]|times|×)?(?:\s|$)|\d+(?:\.\d+)?times")
#: Hyphen parts that make a compound a modifier ("SAM-guided", "ICL-style", "JEPA-based",
#: "NP-hard", "KV-cache") unless they name a variant ("BERT-base", "Llama-2-chat").
_VARIANT_PARTS = {
    "base",
    "large",
    "small",
    "tiny",
    "mini",
    "medium",
    "huge",
    "chat",
    "instruct",
    "turbo",
    "lite",
    "plus",
    "pro",
    "max",
    "ultra",
    "nano",
    "micro",
    "flash",
}
_TITLE_PART = re.compile(r"[A-Z][a-z]+")
#: Hyphen parts that make a modifier of a name even when capitalised ("LLM-Based").
MODIFIER_PARTS = {
    "based",
    "guided",
    "style",
    "like",
    "driven",
    "aware",
    "free",
    "level",
    "specific",
    "agnostic",
    "centric",
    "oriented",
    "powered",
    "enhanced",
    "inspired",
    "augmented",
    "conditioned",
    "informed",
    "assisted",
    "only",
    "generated",
    "pretrained",
    "trained",
    "tuned",
    "finetuned",
    "initialized",
    "initialised",
}


#: Patterns whose lower-case names the text coins as its own ("which we term X", "we
#: propose X - a ...", "a new design called X", quotes).
_COINING_PATTERNS = frozenset({"own-term", "lower-proposal", "proposed-list", "quoted", "kind-called"})


def _modifier_compound(name: str, pattern: str) -> bool:
    """'ICL-style', 'SAM-guided' (a lower-case part after a hyphen of a capitalised name:
    the name modifies what follows; a lower-case name's own parts, "full-gradients",
    only when one is such a modifier, "model-agnostic"), and, for a bare acronym, 'Token-Level' or 'Few-Patch' (title-case
    words joined, no acronym)."""
    if "-" not in name or " " in name or SIZED_MODEL.fullmatch(name):
        return False  # ("gpt-oss-120B": a model with its size, lower case or not)
    parts = name.split("-")
    # "full-gradients", "state-regularization": a term the text coins (where a list of
    # methods holds "zero-shot", "late-fusion", the lower-case part still modifies)
    lower_name = parts[0][:1].islower() and pattern in _COINING_PATTERNS
    if any(
        len(p) >= 3
        and p.isalpha()
        and (p.islower() and not lower_name or p.casefold() in MODIFIER_PARTS)
        and p.casefold() not in _VARIANT_PARTS
        for p in parts[1:]
    ):
        return True
    return pattern == "acronym" and all(_TITLE_PART.fullmatch(p) for p in parts)


_WORD = re.compile(r"[^\s\-]+")


#: First words of hardware names ("NVIDIA Jetson Orin", "Intel Xeon Gold"): the device
#: a work ran on is no data it evaluated on (a maker's software, "NVIDIA NeMo", may
#: still be a method).
_HARDWARE_FIRST_WORDS = frozenset(
    {"NVIDIA", "Nvidia", "Intel", "AMD", "Qualcomm", "Raspberry", "Jetson", "Xeon", "Snapdragon"}
)


#: A hyphen standing for a dash before an article or a clause word that ends a name.
_DASH_BEFORE_CLAUSE = re.compile(r"(?<=\w)-(?:a|an|the|that|which|where)$")


def _trim(text: str, match: PatternMatch) -> PatternMatch | None:
    """Drop sentence-opening words from the front of a name and a dash written "--" (or
    "-" before "a", "the", "that" ...) with what follows it ("the Avengers--a simple
    recipe"); None if nothing is left."""
    start, end = match.start, match.end
    dash = text.find("--", start, end)
    if dash > start:
        end = dash
    elif text[end : end + 1] == " " and (glued := _DASH_BEFORE_CLAUSE.search(text, start, end)):
        end = glued.start()  # "Least Volume-a simple yet effective regularization": a dash
    while start < end:
        word = _WORD.match(text, start, end)
        if word is None or word.group(0) not in _NOT_NAME:
            break
        start = word.end()
        while start < end and text[start] in " -":
            start += 1
    name = text[start:end]
    if (
        end - start < 2
        or match.label == schema.DATASET
        and name.split(None, 1)[0] in _HARDWARE_FIRST_WORDS
        or not any(map(str.isalpha, name))
        or name[0].isdigit()
        and (_QUANTITY.fullmatch(name) or _LEADING_QUANTITY.match(name))
        or name[0] in "DdCcBb"
        and _DATA_WORD_ONLY.fullmatch(name)
        or name in LANGUAGES
        or "-" in name
        and _modifier_compound(name, match.pattern)
        or " " in name
        and name.rsplit("-", 1)[-1].casefold() in MODIFIER_PARTS  # "Class Prototype-based": cut short
        or text[start - 1 : start] == "["
        and text[end : end + 1] == "]"
    ):  # "[MASK]": a token
        return None
    if (start, end) == (match.start, match.end):
        return match
    return PatternMatch(match.label, start, end, match.pattern, match.role, match.confidence)


declare("pattern_matches")


class PatternMatcher(RuleComponent):
    """spaCy component: `doc._.pattern_matches` and a concept mention for each."""

    def match(self, doc: Doc) -> list[PatternMatch]:
        # a span the lexicon already names needs no weaker, role-less second reading
        known = (
            {(m.start, m.end) for m in stored(doc, "lexicon_matches") or ()}
            if Doc.has_extension("lexicon_matches")
            else set()
        )
        return [m for m in find_patterns(text_of(doc)) if m.role or (m.start, m.end) not in known]

    def set_annotations(self, doc: Doc, found: list[PatternMatch]) -> None:
        store(doc, "pattern_matches", found)
        mentions = results(doc, "kg_mentions")
        for match in found:
            mentions.append(
                mention(
                    doc,
                    match.label,
                    match.start,
                    match.end,
                    self.name,
                    match.confidence,
                    role=match.role,
                    attrs={"pattern": match.pattern},
                )
            )


@Language.factory(names.PATTERNS)
def make_pattern_matcher(nlp: Language, name: str) -> PatternMatcher:
    return PatternMatcher(nlp, name)
