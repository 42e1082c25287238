"""Readers of annotated data (the formats of SciERC, SciER, TDMSci and the Papers with
Code leaderboards) into one representation: a text with typed character spans.

Every entity format is read into `GoldDoc`s that keep both views of an annotation:
the tokens as the annotators saw them (what `kg train` feeds spaCy, so no span is
lost to a different tokenisation) and the detokenised text with character spans
(what `kg eval` scores the pipeline's mentions against, since the pipeline reads
text as an abstract gives it).  Type names are mapped to paperkg's labels per
format; types paperkg has no node for (SciERC's Generic, OtherScientificTerm) are
dropped on reading, except when reading data to train on (`training=True`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from kg import schema
from kg.errors import InputError

ENTITY_FORMATS = ("scierc", "scier", "tdmsci")
FORMATS = ENTITY_FORMATS + ("leaderboard", "cards")

#: Per-format map of annotated types to paperkg labels.  SciERC's "Material" covers
#: datasets and other data/resources; it is the type compared with Dataset.
TYPE_MAPS = {
    "scierc": {
        "Method": schema.METHOD,
        "Task": schema.TASK,
        "Metric": schema.METRIC,
        "Material": schema.DATASET,
    },
    "scier": {"Method": schema.METHOD, "Task": schema.TASK, "Dataset": schema.DATASET},
    "tdmsci": {"TASK": schema.TASK, "DATASET": schema.DATASET, "METRIC": schema.METRIC},
}

#: Annotated types paperkg has no node for, kept under their own names when reading
#: data to train on: a model that learns what an OtherScientificTerm or a Generic
#: ("this approach") is stops taking one for a Method, and learns the boundaries the
#: annotators drew between them.  The trained-NER component never turns them into
#: mentions.
TRAINING_ONLY_TYPES = {"scierc": ("OtherScientificTerm", "Generic")}

#: Penn Treebank escapes used by SciERC's tokens.
PTB_ESCAPES = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": '"',
    "''": '"',
}
_NO_SPACE_BEFORE = {",", ".", ";", ":", ")", "]", "}", "?", "!", "%", "'s", "n't", "'"}
_NO_SPACE_AFTER = {"(", "[", "{"}


@dataclass(frozen=True)
class Span:
    """A typed character span [start, end) of a GoldDoc's text."""

    start: int
    end: int
    label: str


@dataclass
class GoldDoc:
    id: str
    tokens: list[str]
    spaces: list[bool]  # whether a space follows each token
    #: (first token, last token + 1, label)
    entities: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(t + (" " if s else "") for t, s in zip(self.tokens, self.spaces))

    def token_offsets(self) -> list[int]:
        offsets, at = [], 0
        for token, space in zip(self.tokens, self.spaces):
            offsets.append(at)
            at += len(token) + space
        return offsets

    @property
    def spans(self) -> list[Span]:
        offsets = self.token_offsets()
        return [
            Span(offsets[first], offsets[last - 1] + len(self.tokens[last - 1]), label)
            for first, last, label in self.entities
        ]


@dataclass
class LeaderboardPaper:
    """A paper with the leaderboard entries (task, dataset, metric, score) it appears in."""

    id: str
    title: str
    abstract: str
    entries: list[dict]


def detokenise(tokens: list[str]) -> tuple[list[str], list[bool]]:
    """Tokens as annotators split them -> (tokens as written, space after each): PTB
    brackets become brackets, punctuation attaches, "large - scale" becomes
    "large-scale", so the text reads like the abstract it came from."""
    words = [PTB_ESCAPES.get(t, t) for t in tokens]
    spaces = [True] * len(words)
    for i, word in enumerate(words):
        if i + 1 == len(words):
            spaces[i] = False
            continue
        after = words[i + 1]
        hyphen_join = (after == "-" or word == "-") and _hyphen_between(words, i)
        if word in _NO_SPACE_AFTER or after in _NO_SPACE_BEFORE or hyphen_join:
            spaces[i] = False
    return words, spaces


def _hyphen_between(words: list[str], i: int) -> bool:
    """Whether the hyphen at i or i+1 joins two word tokens (w - w)."""
    centre = i + 1 if words[i + 1] == "-" else i
    return (
        0 < centre < len(words) - 1
        and words[centre] == "-"
        and words[centre - 1][-1:].isalnum()
        and words[centre + 1][:1].isalnum()
    )


def load_json_lines(path: str) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line; a line that is not a JSON object
    is an InputError naming the file and line."""
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError:
                raise InputError(path, "not a JSON object", number) from None
            if not isinstance(data, dict):
                raise InputError(path, "not a JSON object", number)
            yield number, data


def detect_format(path: str) -> str:
    """The annotation format of a file, from its first record."""
    try:
        with open(path, encoding="utf-8") as handle:
            head = ""
            for line in handle:
                if line.strip():
                    head = line.strip()
                    break
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    if head.startswith("{"):
        try:
            keys = set(json.loads(head))
        except ValueError:
            raise InputError(path, "first line is not JSON", 1) from None
        if "leaderboards" in keys:
            return "leaderboard"
        if {"id", "proposes", "outperforms"} <= keys:
            return "cards"  # paper cards, scored against a graph by kg.learn.cards
        if {"sentences", "ner", "doc_tokens"} <= keys:
            return "scier"  # SciER's offsets file: SciERC's shape, SciER's types
        if {"sentences", "ner"} <= keys:
            return "scierc"
        if {"sentence", "ner"} <= keys:
            return "scier"
    elif re.fullmatch(r"\S+\t\d+\t(?:O|[BI]-\S+)", head):
        return "tdmsci"
    raise InputError(
        path, f"not an annotation format paperkg reads ({', '.join(FORMATS)}); pass --format to say which"
    )


def read_entities(path: str, fmt: str | None = None, training: bool = False) -> tuple[str, list[GoldDoc]]:
    """(format, documents) of an entity-annotated file; with `training`, the spans of
    the format's TRAINING_ONLY_TYPES are kept too."""
    fmt = fmt or detect_format(path)
    if fmt not in ENTITY_FORMATS:
        raise InputError(path, f"{fmt} data has no entity spans to score or train on")
    if fmt == "scierc":
        docs = list(read_scierc(path, training=training))
    else:  # SciER and TDMSci annotate no type beyond those paperkg has
        docs = list({"scier": read_scier, "tdmsci": read_tdmsci}[fmt](path))
    if not docs:
        raise InputError(path, f"no {fmt} documents found")
    return fmt, docs


def _mapped(path: str, line: int, label: str, fmt: str, training: bool = False) -> str | None:
    if not isinstance(label, str):
        raise InputError(path, f"entity type {label!r} is not a name", line)
    if training and label in TRAINING_ONLY_TYPES.get(fmt, ()):
        return label
    return TYPE_MAPS[fmt].get(label)


def read_scierc(
    path: str, unit: str = "document", fmt: str = "scierc", training: bool = False
) -> Iterator[GoldDoc]:
    """SciERC json lines: sentences of tokens, `ner` per sentence as [start, end, type]
    token offsets over the whole document, end inclusive.  SciER's offsets file has the
    same shape; `unit="sentence"` yields one doc per sentence (SciER's unit)."""
    for number, data in load_json_lines(path):
        sentences, ner = data.get("sentences"), data.get("ner")
        if not isinstance(sentences, list) or not isinstance(ner, list) or len(ner) != len(sentences):
            raise InputError(path, "expected `sentences` and one `ner` list per sentence", number)
        doc_id = str(data.get("doc_key") or data.get("doc_id") or f"line{number}")
        flat = [t for sentence in sentences for t in sentence]
        entities: list[list[tuple[int, int, str]]] = []
        for sentence_ner in ner:
            found = []
            for item in sentence_ner:
                if not (
                    isinstance(item, list)
                    and len(item) == 3
                    and isinstance(item[0], int)
                    and isinstance(item[1], int)
                    and 0 <= item[0] <= item[1] < len(flat)
                ):
                    raise InputError(path, f"bad entity {item!r}", number)
                label = _mapped(path, number, item[2], fmt, training)
                if label:
                    found.append((item[0], item[1] + 1, label))
            entities.append(found)
        if unit == "sentence":
            first = 0
            for index, (sentence, found) in enumerate(zip(sentences, entities)):
                yield _without_blanks(
                    f"{doc_id}#{index}", sentence, [(s - first, e - first, label) for s, e, label in found]
                )
                first += len(sentence)
        else:
            yield _without_blanks(doc_id, flat, [e for found in entities for e in found])


def _without_blanks(doc_id: str, tokens: list[str], entities: list[tuple[int, int, str]]) -> GoldDoc:
    """A GoldDoc of detokenised `tokens`, dropping empty and whitespace-only tokens
    (SciER's offsets file has some where the PDF text had layout) and shifting the
    entity offsets past them."""
    kept = [i for i, token in enumerate(tokens) if token.strip()]
    new_index = {old: new for new, old in enumerate(kept)}
    shifted = []
    for first, last, label in entities:
        inside = [new_index[i] for i in range(first, last) if i in new_index]
        if inside:
            shifted.append((inside[0], inside[-1] + 1, label))
    words, spaces = detokenise([tokens[i] for i in kept])
    return GoldDoc(doc_id, words, spaces, shifted)


def read_scier(path: str) -> Iterator[GoldDoc]:
    """SciER json lines: a tokenised `sentence` and its entities as [text, type] pairs.

    The pairs give no positions; where the split's offsets file lies beside it
    (`<name>_offsets.jsonl`, as SciER ships its dev split) the spans come from there.
    Otherwise each pair is placed on an occurrence of its tokens, longest entity first
    and never on tokens another entity took (a name that occurs twice in a sentence
    with one pair marks its first free occurrence)."""
    first = next(load_json_lines(path), (0, {}))[1]
    offsets_file = (
        Path(path)
        if "doc_tokens" in first  # the offsets file itself
        else Path(path).with_name(Path(path).stem + "_offsets.jsonl")
    )
    if offsets_file.exists():
        yield from read_scierc(str(offsets_file), unit="sentence", fmt="scier")
        return
    for number, data in load_json_lines(path):
        sentence, ner = data.get("sentence"), data.get("ner")
        if not isinstance(sentence, str) or not isinstance(ner, list):
            raise InputError(path, "expected `sentence` text and a `ner` list", number)
        tokens = sentence.split()
        taken = [False] * len(tokens)
        entities = []
        pairs = [p for p in ner if isinstance(p, list) and len(p) == 2 and isinstance(p[0], str)]
        if len(pairs) != len(ner):
            raise InputError(path, "each `ner` entry must be [text, type]", number)
        for text, label in sorted(pairs, key=lambda p: -len(p[0].split())):
            mapped = _mapped(path, number, label, "scier")
            place = _free_occurrence(tokens, text.split(), taken)
            if place is None:
                raise InputError(path, f"entity {text!r} does not occur in the sentence", number)
            if mapped:
                entities.append((place, place + len(text.split()), mapped))
        words, spaces = detokenise(tokens)
        yield GoldDoc(f"{data.get('doc_id', 'doc')}:{number}", words, spaces, sorted(entities))


def _free_occurrence(tokens: list[str], wanted: list[str], taken: list[bool]) -> int | None:
    size = len(wanted)
    fallback = None
    for at in range(len(tokens) - size + 1):
        if tokens[at : at + size] == wanted:
            if not any(taken[at : at + size]):
                taken[at : at + size] = [True] * size
                return at
            fallback = at if fallback is None else fallback
    return fallback


def read_tdmsci(path: str) -> Iterator[GoldDoc]:
    """TDMSci CoNLL: `token<TAB>char offset<TAB>BIO tag`, a blank line between
    sentences.  The offsets say where the original text had spaces."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    rows: list[tuple[str, int, str]] = []
    count = 0
    for number, line in enumerate(lines + [""], 1):
        if not line.strip():
            if rows:
                count += 1
                yield _tdmsci_doc(f"sentence{count}", rows)
                rows = []
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[1].isdigit() or not re.fullmatch(r"O|[BI]-\S+", parts[2]):
            raise InputError(path, "expected token<TAB>offset<TAB>BIO tag", number)
        rows.append((parts[0], int(parts[1]), parts[2]))


def _tdmsci_doc(doc_id: str, rows: list[tuple[str, int, str]]) -> GoldDoc:
    tokens = [token for token, _, _ in rows]
    spaces = [
        i + 1 < len(rows) and rows[i + 1][1] > offset + len(token)
        for i, (token, offset, _) in enumerate(rows)
    ]
    entities: list[tuple[int, int, str]] = []
    begin, label = None, None
    for i, (_, _, tag) in enumerate(rows + [("", 0, "O")]):
        kind, _, name = tag.partition("-")
        if begin is not None and (kind != "I" or name != label):
            mapped = TYPE_MAPS["tdmsci"].get(label)
            if mapped:
                entities.append((begin, i, mapped))
            begin, label = None, None
        if kind == "B" or (kind == "I" and begin is None):  # a stray I- starts an entity
            begin, label = i, name
    return GoldDoc(doc_id, tokens, spaces, entities)


def read_leaderboards(path: str) -> list[LeaderboardPaper]:
    """Papers with Code leaderboard jsonl: papers whose `leaderboards` is a list of
    {task, dataset, metric, score} (the rest are "unanswerable") and whose abstract
    survived extraction from LaTeX."""
    papers = []
    for number, data in load_json_lines(path):
        entries = data.get("leaderboards")
        abstract = data.get("abstract") or ""
        if not isinstance(entries, list) or not isinstance(abstract, str) or not abstract.strip():
            continue
        usable = [e for e in entries if isinstance(e, dict) and isinstance(e.get("dataset"), str)]
        if usable:
            papers.append(
                LeaderboardPaper(
                    str(data.get("arxiv_id") or f"line{number}"),
                    " ".join(str(data.get("title") or "").split()),
                    " ".join(abstract.split()),
                    usable,
                )
            )
    if not papers:
        raise InputError(path, "no paper with leaderboard entries and an abstract")
    return papers
