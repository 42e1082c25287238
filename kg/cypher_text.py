"""Cypher text as tokens: parameters, literals, identifiers and comments told apart.

Both engines take parameters natively, so no value is ever pasted into a query; the
tokens tell which parameters a query needs (a `$name` inside a string, backtick
identifier or comment is not one), what columns it returns, as Neo4j names them,
and whether it writes (refused before it reaches either store).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import KGError

#: Where a `//` comment ends.  Cypher (Neo4j, ArcadeDB) ends it at `\n` or `\r`; other
#: engines may also end it at Unicode line breaks.
_LINE_ENDS = "\n\r"
_UNICODE_LINE_ENDS = "\n\r\u2028\u2029\x85\x0b\x0c"


def _token_pattern(line_ends: str, backslash_escapes: bool) -> re.Pattern:
    ends = re.escape(line_ends)
    strings = (
        r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*" """ if backslash_escapes else r"""'[^']*'|"[^"]*" """
    ).strip()
    return re.compile(
        rf"""
    (?P<comment>//[^{ends}]*|/\*.*?\*/)
  | (?P<string>{strings})
  | (?P<identifier>`(?:[^`]|``)*`)
  | (?P<parameter>\$(?:[A-Za-z_][A-Za-z0-9_]*|\d+|`(?:[^`]|``)*`))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>\s+)
  | (?P<other>.)
""",
        re.VERBOSE | re.DOTALL,
    )


_TOKEN = _token_pattern(_LINE_ENDS, backslash_escapes=True)
#: Other ways an engine might read the same text: where comments end, whether a
#: backslash escapes a quote.  A query that writes under any reading is a write
#: (ending a comment later in one reading can hide a clause that another runs).
_OTHER_READINGS = tuple(
    _token_pattern(ends, escapes)
    for ends, escapes in (
        ("\n", True),
        (_UNICODE_LINE_ENDS, True),
        (_LINE_ENDS, False),
        ("\n", False),
        (_UNICODE_LINE_ENDS, False),
    )
)

_UNTERMINATED = re.compile(r"""['"`]|/\*""")

#: Clauses that change the graph.  CALL is counted because a procedure may write.
WRITE_KEYWORDS = frozenset(
    {"CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "LOAD", "FOREACH", "CALL"}
)


@dataclass(frozen=True)
class Token:
    kind: str  # comment, string, identifier, parameter, word, space, other
    text: str

    @property
    def name(self) -> str:
        """A parameter's name without `$` (and without backticks)."""
        inner = self.text[1:]
        return inner[1:-1].replace("``", "`") if inner.startswith("`") else inner


def tokenize(query: str, pattern: re.Pattern = _TOKEN) -> list[Token]:
    """The query's tokens as Cypher reads it (or as `pattern`, another reading, does)."""
    tokens, position = [], 0
    while position < len(query):
        match = pattern.match(query, position)
        if match.lastgroup == "other" and _UNTERMINATED.match(query, position):
            raise KGError(f"query has an unterminated string, identifier or comment at character {position}")
        tokens.append(Token(match.lastgroup, match.group()))
        position = match.end()
    return tokens


def _code(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.kind not in ("space", "comment")]


def parameters(query: str) -> list[str]:
    """Names of the parameters a query uses, in order of first use."""
    seen: dict[str, None] = {}
    for token in tokenize(query):
        if token.kind == "parameter":
            seen.setdefault(token.name)
    return list(seen)


def write_keywords(query: str) -> list[str]:
    """Clauses in the query that write, read files or call procedures, under any reading
    of its comments and strings (see `_OTHER_READINGS`).  A keyword used as a property,
    label, map key or alias (`n.set`, `:Create`, `{merge: 1}`, `AS set`) is not one."""
    found = _write_keywords(tokenize(query))
    for pattern in _OTHER_READINGS:
        try:
            tokens = tokenize(query, pattern)
        except KGError:  # unterminated under this reading: an engine reading it so refuses it
            continue
        found += [word for word in _write_keywords(tokens) if word not in found]
    return found


#: Words that may follow a variable (an alias named like a clause, `ORDER BY set DESC`);
#: a clause keyword is followed by a pattern, a name or an expression instead.
_AFTER_VARIABLE = frozenset(
    {
        "ASC",
        "DESC",
        "ASCENDING",
        "DESCENDING",
        "LIMIT",
        "SKIP",
        "AND",
        "OR",
        "XOR",
        "IS",
        "IN",
        "AS",
        "UNION",
        "RETURN",
        "WITH",
        "ORDER",
        "WHERE",
        "CONTAINS",
        "STARTS",
        "ENDS",
    }
)


def clause_keywords(query: str, keywords: frozenset) -> list[str]:
    """Which of `keywords` the query uses as clauses (not as properties, labels, map keys
    or aliases), as `write_keywords` tells them."""
    return _write_keywords(tokenize(query), keywords)


def _write_keywords(tokens: list[Token], keywords: frozenset = WRITE_KEYWORDS) -> list[str]:
    code = _code(tokens)
    aliases = {
        code[i + 1].text
        for i in range(len(code) - 1)
        if code[i].kind == "word" and code[i].text.upper() == "AS" and code[i + 1].kind == "word"
    }
    found = []
    for index, token in enumerate(code):
        if token.kind != "word" or token.text.upper() not in keywords:
            continue
        before = code[index - 1].text if index else ""
        following = code[index + 1] if index + 1 < len(code) else None
        after = following.text if following else ""
        if before in (".", ":", "$") or before.upper() == "AS" or after == ":":
            continue  # a property, label, map key or the alias being named
        if token.text in aliases and (
            following is None
            or (following.kind == "other" and after not in "({")
            or (following.kind == "word" and after.upper() in _AFTER_VARIABLE)
        ):
            continue  # a variable named like a clause, used as a value
        found.append(token.text.upper())
    return found


def return_columns(query: str) -> list[str]:
    """Column names of the final RETURN, as Neo4j names them: the alias, else the
    expression as written."""
    code = _code(tokenize(query))
    starts = [i for i, t in enumerate(code) if t.kind == "word" and t.text.upper() == "RETURN"]
    if not starts:
        return []
    columns, current, depth = [], [], 0
    for token in code[starts[-1] + 1 :]:
        upper = token.text.upper() if token.kind == "word" else None
        if depth == 0 and upper in ("ORDER", "SKIP", "LIMIT", "UNION"):
            break
        if depth == 0 and upper == "DISTINCT" and not columns and not current:
            continue
        if token.text in "([{" and token.kind == "other":
            depth += 1
        elif token.text in ")]}" and token.kind == "other":
            depth -= 1
        if depth == 0 and token.text == "," and token.kind == "other":
            columns.append(current)
            current = []
        else:
            current.append(token)
    columns.append(current)
    names = []
    for item in columns:
        if len(item) >= 3 and item[-2].kind == "word" and item[-2].text.upper() == "AS":
            alias = item[-1]
            names.append(alias.text[1:-1] if alias.kind == "identifier" else alias.text)
        else:
            names.append("".join(t.text for t in item))
    return names
