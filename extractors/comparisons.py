"""Comparisons between methods: "X outperforms Y on Z", "4.6x faster than Y" become
OUTPERFORMS relations (with the dataset, metric and factor when the sentence states
them); "X extends Y", "builds on Y" become EXTENDS.

The first method is the one named before the cue in the sentence, or — when the
sentence speaks of "our method", "it" or "we", or writes the proposed name — the
method the text proposes; the second is each method named after the cue, up to where
the comparison's object ends ("across a diverse set of LLM architectures", "on
ImageNet", "by 5%" name the setting, not a loser).  Both must be named methods: "X
outperforms fine-tuning" says nothing about a method node "fine-tuning".  Hedges are
not wins: "comparable to if not better than", "matches or exceeds", "may outperform",
"does not outperform" state none.  Wins stated without a verb of beating count too:
"Compared with Y, X achieves better ...", "the improved performance of X compared
with Y", "In a controlled comparison with Y, X achieves better ...", "X is a more
robust alternative to Y", "X and Z achieve gains of 10% compared to Y" (a "compared
to" is a win only where the words before it say so: gains, better, higher accuracy,
lower perplexity); "This outperforms Y" opening a sentence speaks of the proposed
method.  Coordinated winners ("X and Z outperform Y") each win; a method named in
lower case ("dropout") counts where the resolver kept it as a fact, not as a class.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from extractors import names
from extractors.base import RuleComponent, declare, results, sentences, store, stored, text_of
from kg import schema
from extractors.mentions import Mention, Relation, same_concept

#: (The lookahead for the cues' first characters rules out most positions before the
#: alternation is tried: a quarter less time.)
BEATS = re.compile(
    r"(?=[abegiops\d])\b(?:outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beat(?:s|ing)?|exceed(?:s|ed|ing)?|"
    r"(?:is |are )?superior to|(?:performs? )?better(?:\s+[\w\-]+){0,5}?\s+than|"
    r"improv(?:es|ed|ing) (?:up)?on|improv(?:es|ed|ing) over|"
    r"(?P<factor>\d+(?:\.\d+)?\s?(?:x|×|times))\s+(?P<adj>faster|smaller|fewer|less|cheaper|"
    r"lighter|higher|more \w+)(?:\s+\w+){0,2}?\s+than|"
    r"(?:a|an)\s+(?:more|better|stronger)\s+(?:[\w\-]+\s+)?(?:alternative|replacement|substitute)\s+(?:to|for)|"
    # "a more robust approach than SFT", "more accurate than X": a quality it has over X
    r"(?:is\s+|are\s+|as\s+)?(?:an?\s+)?(?<!no )(?<!not )more\s+(?:robust|accurate|effective|efficient|stable|reliable|faithful)"
    r"(?:\s+[\w\-]+){0,2}?\s+than|"
    r"(?:gains?|improvements?|speed-?ups?)\s+over|ahead\s+of|"
    # "which is 1.37% over DeBERTa", "2.7 points above mT5": a margin over a system
    r"\d+(?:\.\d+)?\s?(?:\\?%|points?|pp)\s+(?:over|above))\b"
)
#: "X and Y achieve gains of 10% ... compared to Y": a comparison that is a win only
#: where the words between the winner and it say so (WIN_BEFORE_COMPARED).
COMPARED_CUE = re.compile(r"\b(?:compared\s+(?:to|with)|relative\s+to|in\s+comparison\s+(?:to|with))\b")
#: Words that, between a method and COMPARED_CUE, state that the method won: better,
#: superior or stronger results, gains or improvements, higher scores, lower errors.
WIN_BEFORE_COMPARED = re.compile(
    r"\b(?:better|superior|stronger|gains?|improvements?|(?:consistently |significantly )?outperform\w*|"
    r"higher\s+(?:[\w\-]+\s+){0,2}?(?:accuracy|scores?|performance|quality|rewards?|success|win)|"
    r"lower\s+(?:[\w\-]+\s+){0,2}?(?:perplexity|perplexities|errors?|loss|latency|cost|memory))\b"
)
EXTENDS = re.compile(r"\b(?:extend(?:s|ing)?|build(?:s|ing)? (?:up)?on|generali[sz](?:es|ing))\b")
#: Words one of which each cue above holds (all are case-sensitive): a text with none
#: of them is not scanned sentence by sentence, nor is a sentence with none.
_CUE_WORDS = {
    BEATS: (
        "outperform",
        "surpass",
        "beat",
        "exceed",
        "superior to",
        "improv",
        "than",
        "ompar",
        "alternative",
        "replacement",
        "substitute",
        "gain",
        "relative to",
        "ahead of",
        "over",
        "above",
    ),
    EXTENDS: ("extend", "build", "generali"),
    COMPARED_CUE: ("compared", "relative", "comparison"),
}
#: Just before a cue, words that make it a hedge, not a win: "comparable to if not better
#: than", "matches or exceeds", "competitive with or superior to", "on par with or better than".
HEDGE_BEFORE = re.compile(
    r"(?:\b(?:if|when)\s+not\s+(?:\w+\s+)?|\b(?:match(?:es|ed|ing)?|comparable(?:\s+(?:to|with))?|"
    r"competitive(?:\s+with)?|on\s+par(?:\s+with)?|similar(?:\s+to)?|equal(?:\s+to)?|close\s+to|"
    r"rival(?:s|ing)?|approach(?:es|ing)?)\s*[,(]?\s*(?:and|or|and/or)\s+(?:\w+\s+)?|"
    r"\b(?:could|may|might|would)\s+(?:\w+\s+)?|\bnot\s+(?:\w+\s+)?|\bfails?\s+to\s+)$",
    re.IGNORECASE,
)
#: Just after a cue, words that make it a hedge: "outperform or match", "exceeds or equals".
HEDGE_AFTER = re.compile(
    r"\s*,?\s+(?:or|and/or)\s+(?:\w+\s+)?(?:match|equal|rival|approach|"
    r"(?:is|are|be)\s+(?:comparable|competitive|on\s+par|similar))",
    re.IGNORECASE,
)
#: Where the object of a comparison ends: what follows names the setting ("outperforms
#: X across a diverse set of LLM architectures", "on ImageNet", "by 5%"), not a loser
#: ("the ones learned by X" names the loser).
OBJECT_END = re.compile(
    # (not the maker of the loser's output: "outperform the ones learned by BERT")
    r"\b(?:across|on|in|under|when|while|whereas|at|(?<!learned )(?<!produced )(?<!generated )by|"
    r"for|using|via|"
    r"despite|without|although|though|which|where)\b|[;:]|,\s+(?:and|but)\s+\w+ing\b|"
    r"\bas\s+(?:it|they|this|shown|evidenced|measured|indicated)\b|"
    r"\b(?:comparable|competitive|similar|on\s+par)\b"
)
#: "Compared with Y, X achieves better ...": Y the baseline, X the winner.
COMPARED_OPENING = re.compile(
    r"\s*(?:(?:[Cc]ompared|[Ii]n comparison|[Rr]elative)\s+(?:with|to)|"
    r"(?:[Ii]n|[Uu]nder)\s+(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}?comparisons?\s+"
    r"(?:with|to|against))\s+"
)
#: "the improved performance of X compared with Y", "better results of X over Y".
IMPROVED_OF = re.compile(r"\b(?:improved|better|superior|stronger|higher)\s+(?:[\w\-]+\s+){0,2}?of\s+")
#: IMPROVED_OF's words, one of which a sentence must hold for it to match: most hold none,
#: and five substring tests cost half a scan from a word boundary at every position.
_IMPROVED_WORDS = ("improved", "better", "superior", "stronger", "higher")
COMPARED_TO = re.compile(r"\b(?:compared\s+(?:with|to)|relative\s+to|over|against)\b")
#: Words that make a framed comparison a win.
WIN_WORDS = re.compile(r"\b(?:better|best|higher|superior|stronger|outperform\w*|surpass\w*|improv\w*)\b")
_HEDGE_WORDS = re.compile(r"\b(?:comparable|similar|on par|competitive|match\w*|close to)\b", re.IGNORECASE)
_SELF = re.compile(r"\b(?:[Oo]ur|[Tt]he proposed|[Ii]t|[Ww]e|[Tt]his (?:method|model|approach))\b")
#: After another method's name, only these speak of the proposed one ("we" or "it" may
#: be the subject of a clause about the other).
_OWN_METHOD = re.compile(
    r"\b(?:[Oo]ur (?:method|model|approach|framework|system|algorithm)|"
    r"[Tt]he proposed|[Tt]his (?:method|model|approach))\b"
)


@dataclass(frozen=True)
class Comparison:
    type: str
    head: int
    tail: int
    start: int  # the span stating it, inside one sentence
    end: int
    sentence: str
    attrs: tuple


def find_comparisons(doc: Doc, mentions: list[Mention]) -> list[Comparison]:
    methods = [(i, m) for i, m in enumerate(mentions) if m.label == schema.METHOD]
    if not methods:
        return []
    proposed = next((i for i, m in methods if m.role == "PROPOSES"), None)
    found = []
    text = text_of(doc)
    cues = [
        (pattern, kind)
        for pattern, kind in ((BEATS, "OUTPERFORMS"), (EXTENDS, "EXTENDS"))
        if any(word in text for word in _CUE_WORDS[pattern])
    ]
    if cues and cues[0][1] == "OUTPERFORMS":
        cues.append((COMPARED_CUE, "OUTPERFORMS"))
    # each sentence's mentions, found by bisection: a scan of all of them for each cue
    # cost the square of a text without full stops
    by_start = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    starts = [mentions[i].start for i in by_start]
    for lo, hi in sentences(doc) if cues else ():
        sentence = text[lo:hi]
        inside = sorted(
            i for i in by_start[bisect_left(starts, lo) : bisect_left(starts, hi)] if mentions[i].end <= hi
        )
        in_sentence = [mentions[i] for i in inside]
        methods_here = [(i, mentions[i]) for i in inside if mentions[i].label == schema.METHOD]
        stated = set()  # (kind, head, tail) of what this sentence already gave
        beaten: set[int] = set()  # the losers of this sentence's wins so far
        last_heads: list[int] = []
        for pattern, kind in cues:
            if not any(word in sentence for word in _CUE_WORDS[pattern]):
                continue  # (most sentences hold no cue: substring tests cost less than a scan)
            for cue in pattern.finditer(text, lo, hi):
                if kind == "OUTPERFORMS" and (
                    HEDGE_BEFORE.search(text, max(lo, cue.start() - 40), cue.start())
                    or HEDGE_AFTER.match(text, cue.end(), hi)
                ):
                    continue
                heads = _subjects(text, lo, cue.start(), methods_here, mentions, proposed)
                if heads and heads[-1] in beaten and kind == "OUTPERFORMS" and last_heads:
                    heads = last_heads  # "X improves over Y and is better than Z": X beats Z too
                if pattern is COMPARED_CUE and not _won_before(text, heads, mentions, lo, cue.start()):
                    continue
                stop = OBJECT_END.search(text, cue.end(), hi) if kind == "OUTPERFORMS" else None
                after = [
                    (i, m)
                    for i, m in methods_here
                    if cue.end() <= m.start and m.end <= (stop.start() if stop else hi)
                ]
                tails = after if kind == "OUTPERFORMS" else after[:1]
                attrs = {}
                if kind == "OUTPERFORMS":
                    attrs = _context(in_sentence, lo, hi, cue)
                for head in heads:
                    if not _named(mentions[head]):
                        continue
                    for tail, tail_mention in tails:
                        if (
                            same_concept(tail_mention, mentions[head])
                            or tail == head
                            or not _named(tail_mention)
                            or (kind, head, tail) in stated
                        ):
                            continue
                        stated.add((kind, head, tail))
                        if kind == "OUTPERFORMS":
                            beaten.add(tail)
                            last_heads = heads
                        start = (
                            mentions[head].start
                            if lo <= mentions[head].start and mentions[head].end <= cue.start()
                            else cue.start()
                        )  # (inside the sentence)
                        found.append(
                            Comparison(
                                kind,
                                head,
                                tail,
                                start,
                                tail_mention.end,
                                sentence,
                                tuple(sorted(attrs.items())),
                            )
                        )
        if "OUTPERFORMS" in (kind for _, kind in cues):
            found += [
                Comparison("OUTPERFORMS", head, tail, start, end, sentence, ())
                for head, tail, start, end in _framed_wins(text, lo, hi, methods_here, mentions, proposed)
                if ("OUTPERFORMS", head, tail) not in stated
            ]
    return found


#: What joins the coordinated subjects of one comparison: "X and Y outperform Z".
_COORDINATION = re.compile(r"\s*(?:,\s*and|,|and|&)\s+(?:the\s+)?")


#: Right before a name, what makes it where a score was measured, not who scored:
#: "it sets a new standard with 56.1 on OSWorld-G, even outperforming UI-TARS".
_MEASURED_ON = re.compile(r"\d(?:\\?%)?\s+on\s+(?:the\s+)?$")


def _subjects(
    text: str,
    lo: int,
    cue: int,
    methods: list[tuple[int, Mention]],
    mentions: list[Mention],
    proposed: int | None,
) -> list[int]:
    """Who wins a comparison whose cue starts at `cue`: the last method named before it
    and those coordinated with it ("X and Y outperform Z"); the proposed method where
    the words since that method speak of it ("our method", "we", "it", "This ...") or
    write its name where no mention was kept; none otherwise.  A win in a participle
    after a comma is the sentence subject's (`_participle_subject`)."""
    before = [(i, m) for i, m in methods if m.end <= cue and not _MEASURED_ON.search(text, lo, m.start)]
    if _PARTICIPLE_CUE.search(text, max(lo, cue - 2), cue + 16):
        own = (proposed, mentions[proposed]) if proposed is not None else None
        subject = _participle_subject(text, lo, cue, before, own)
        if subject:
            return subject
    if proposed is not None and (
        _OWN_METHOD.search(text, before[-1][1].end, cue)
        if before
        else _SELF.search(text, lo, cue)
        or text[lo:cue].strip() == "This"
        or mentions[proposed].text in text[lo:cue]
    ):
        return [proposed]  # ("Using GPT-4 as judge, our method outperforms ...": ours wins)
    if not before:
        return []
    heads = [before[-1][0]]
    for (i, m), (_, later) in zip(reversed(before[:-1]), reversed(before)):
        if not _COORDINATION.fullmatch(text, m.end, later.start):
            break
        heads.insert(0, i)
    if _SETTING_BEFORE.fullmatch(text, lo, mentions[heads[0]].start):
        # "Across A, B, and C, X achieves gains over Y": the list led by a preposition
        # is where, and the name after its closing comma (if any) is who; "On ALFA
        # logs, AeroTSBoost reaches 0.93, ahead of Y": a name alone there is where too
        if len(heads) == 1:
            return [] if "," in text[mentions[heads[0]].end : cue] else heads
        closing = text[mentions[heads[-2]].end : mentions[heads[-1]].start]
        return heads[-1:] if closing.strip() == "," else []
    return heads


#: From a sentence's start to a list of names, a preposition that makes the list the
#: setting of what follows ("Across ReferIt3D, ScanRefer, and Multi3DRef, ..."), not
#: its subject.
_SETTING_BEFORE = re.compile(r"\s*(?:Across|On|Over|In|For|From|Under)\s+(?:the\s+)?(?:[a-z][\w\-]*\s+){0,2}")


#: A win in a participle after a comma: "REPO lifts ... over GRPO, and achieves ...,
#: outperforming SFT, DPO and GRPO": the sentence's subject wins, not the name nearest.
_PARTICIPLE_CUE = re.compile(r", (?:outperforming|surpassing|beating|exceeding)\b")


def _participle_subject(text: str, lo: int, cue: int, before: list, own: tuple | None) -> list[int]:
    """The proposed method (`own`: its index and mention) where the sentence names it or
    speaks of it before the cue, else the sentence's first method where it begins near
    the sentence's start (its subject); none otherwise."""
    if own is not None and (any(_same_name(m, own[1]) for _, m in before) or _SELF.search(text, lo, cue)):
        return [own[0]]
    if (
        before
        and before[0][1].start - lo <= _SUBJECT_REACH
        and not _SETTING_BEFORE.fullmatch(text, lo, before[0][1].start)
    ):
        return [before[0][0]]  # (not "On ALFA logs, ..., outperforming Y": where, not who)
    return []


def _same_name(a: Mention, b: Mention) -> bool:
    """Whether two mentions name one method: the same text, or one the short form whose
    canonical name is the other's ("REPO" of "Reward-Enhanced Policy Optimization")."""
    return a.text == b.text or bool(a.canonical) and (a.canonical or "") in (b.text, b.canonical)


#: How far into a sentence its subject may begin ("Overall, on both splits, X ...").
_SUBJECT_REACH = 40


def _won_before(text: str, heads: list[int], mentions: list[Mention], lo: int, cue: int) -> bool:
    """Whether the words between the winners and a "compared to" say they won ("achieve
    gains of 10%", "yields lower perplexity"), with no hedge and no clause break."""
    if not heads:
        return False
    since = max(mentions[heads[-1]].end, lo) if mentions[heads[-1]].end <= cue else lo
    between = text[since:cue]
    return (
        bool(WIN_BEFORE_COMPARED.search(between)) and not _HEDGE_WORDS.search(between) and ";" not in between
    )


def _framed_wins(
    text: str,
    lo: int,
    hi: int,
    methods: list[tuple[int, Mention]],
    mentions: list[Mention],
    proposed: int | None,
) -> list[tuple]:
    """Wins stated without a verb of beating: "Compared with Y, X achieves better ...",
    "the improved performance of X compared with Y"; (head, tail, start, end) each."""
    wins = []
    opening = COMPARED_OPENING.match(text, lo, hi)
    comma = text.find(",", opening.end(), hi) if opening else -1
    if (
        opening
        and comma > 0
        and WIN_WORDS.search(text, comma, hi)
        and not _HEDGE_WORDS.search(text, comma, hi)
    ):
        losers = [(i, m) for i, m in methods if opening.end() <= m.start and m.end <= comma]
        winner = next(((i, m) for i, m in methods if m.start > comma), None)
        end = winner[1].end if winner else hi
        written = (
            re.compile(
                rf"\s*(?:the\s+)?(?:{re.escape(mentions[proposed].text)}\b|we\b|our\s+\w+|"
                r"the\s+proposed\s+\w+)"
            )
            if proposed is not None
            else None
        )
        if (
            written
            and (winner is None or winner[1].start > comma + 60)
            and (name := written.match(text, comma + 1, hi))
        ):
            winner, end = (proposed, mentions[proposed]), name.end()  # the proposed name, no mention kept
        if winner and _named(winner[1]):
            wins += [
                (winner[0], i, m.start, end)
                for i, m in losers
                if _named(m) and not same_concept(m, winner[1])
            ]
    sentence = text[lo:hi]
    improvements = IMPROVED_OF.finditer(text, lo, hi) if any(w in sentence for w in _IMPROVED_WORDS) else ()
    for improved in improvements:
        versus = COMPARED_TO.search(text, improved.end(), hi)
        if not versus:
            continue
        heads = [(i, m) for i, m in methods if improved.end() <= m.start and m.end <= versus.start()]
        stop = OBJECT_END.search(text, versus.end(), hi)
        tails = [
            (i, m) for i, m in methods if versus.end() <= m.start and m.end <= (stop.start() if stop else hi)
        ]
        if heads and _named(heads[-1][1]):
            wins += [
                (heads[-1][0], i, improved.start(), m.end)
                for i, m in tails
                if _named(m) and not same_concept(m, heads[-1][1])
            ]
    return wins


def _named(mention: Mention) -> bool:
    """A specific method ("BERT", "FlashAttention", "ResNet-50", "dropout"), not a kind
    of method ("fine-tuning", "language model"): only those are beaten or extended.
    A name in lower case counts when the resolver kept it as a fact of the paper (a
    class too general to be one has no role)."""
    if _CLASS_OF_SYSTEMS.search(mention.text) or _PLURAL_ACRONYM.search(mention.text):
        return False  # "full structure-from-motion pipelines", "leading deep research systems", "3D-LLMs"
    return mention.role is not None or any(c.isupper() or c.isdigit() for c in mention.text)


#: A plural acronym of a kind of model by its size or inputs ("LLMs", "3D-LLMs", "VLMs",
#: "LMMs", "VLAs", "FMs"): a class of systems, not one (unlike a named family of models
#: such as "RBMs" or "GANs", which a text can beat).
_PLURAL_ACRONYM = re.compile(r"(?:LM|LMM|VLA|FM)s$")
#: A plural kind of system in lower case at a mention's end: a class, beaten by no one.
_CLASS_OF_SYSTEMS = re.compile(
    r"(?<![A-Z\d])\b[a-z][\w\-]*\s+(?:pipelines|systems|methods|models|approaches|baselines|frameworks|techniques)$"
)


def _context(mentions: list[Mention], lo: int, hi: int, cue: re.Match) -> dict:
    attrs = {}
    dataset = next(
        (m for m in mentions if m.label == schema.DATASET and cue.end() <= m.start and m.end <= hi), None
    )
    metric = next((m for m in mentions if m.label == schema.METRIC and lo <= m.start and m.end <= hi), None)
    if dataset:
        attrs["dataset"] = dataset.canonical or dataset.text
    if metric:
        attrs["metric"] = metric.canonical or metric.text
    if "factor" in cue.re.groupindex and cue.group("factor"):
        attrs["factor"] = f"{cue.group('factor').replace(' ', '')} {cue.group('adj')}"
    return attrs


declare("comparisons")


class ComparisonFinder(RuleComponent):
    """spaCy component: `doc._.comparisons` and a Relation for each on `doc._.kg_relations`."""

    def match(self, doc: Doc) -> list[Comparison]:
        return find_comparisons(doc, stored(doc, "kg_mentions") or [])

    def set_annotations(self, doc: Doc, found: list[Comparison]) -> None:
        store(doc, "comparisons", found)
        relations = results(doc, "kg_relations")
        for c in found:
            relations.append(
                Relation(
                    type=c.type,
                    head=c.head,
                    tail=c.tail,
                    start=c.start,
                    end=c.end,
                    field="",
                    sentence=c.sentence,
                    component=self.name,
                    confidence=self.confidence,
                    attrs=dict(c.attrs),
                )
            )


@Language.factory(names.COMPARISONS, default_config={"confidence": 0.65})
def make_comparison_finder(nlp: Language, name: str, confidence: float) -> ComparisonFinder:
    return ComparisonFinder(nlp, name, confidence)
