"""Cypher text as tokens: parameters, literals, identifiers and comments told apart.

The embedded engine (grand-cypher) has no `$param` API, so parameters are bound by
replacing each `$name` *token* with a literal written by `literal()`.  Because the
lexer knows where strings, backtick identifiers and comments begin and end, a `$name`
inside any of them is left alone, and a value is always emitted as one complete,
escaped literal: whatever it contains (quotes, backticks, `}`, keywords, newlines),
it can only ever be data.  The same tokens tell which parameters a query needs,
what columns it returns and whether it writes.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kg.errors import KGError

#: Where a `//` comment ends.  Cypher (Neo4j, ArcadeDB) ends it at `\n` or `\r`; other
#: engines may also end it at Unicode line breaks.
_LINE_ENDS = "\n\r"
_UNICODE_LINE_ENDS = "\n\r\u2028\u2029\x85\x0b\x0c"


def _token_pattern(line_ends: str, backslash_escapes: bool) -> re.Pattern:
    ends = re.escape(line_ends)
    strings = (r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*" """ if backslash_escapes
               else r"""'[^']*'|"[^"]*" """).strip()
    return re.compile(rf"""
    (?P<comment>//[^{ends}]*|/\*.*?\*/)
  | (?P<string>{strings})
  | (?P<identifier>`(?:[^`]|``)*`)
  | (?P<parameter>\$(?:[A-Za-z_][A-Za-z0-9_]*|\d+|`(?:[^`]|``)*`))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>\s+)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


_TOKEN = _token_pattern(_LINE_ENDS, backslash_escapes=True)
#: Other ways an engine might read the same text: where comments end, whether a
#: backslash escapes a quote.  A query that writes under any reading is a write
#: (ending a comment later in one reading can hide a clause that another runs).
_OTHER_READINGS = tuple(_token_pattern(ends, escapes) for ends, escapes in (
    ("\n", True), (_UNICODE_LINE_ENDS, True),
    (_LINE_ENDS, False), ("\n", False), (_UNICODE_LINE_ENDS, False)))

_UNTERMINATED = re.compile(r"""['"`]|/\*""")

#: Clauses that change the graph.  CALL is counted because a procedure may write.
WRITE_KEYWORDS = frozenset({"CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP",
                            "LOAD", "FOREACH", "CALL"})

_CYPHER_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r",
                   "b": "\b", "f": "\f"}


@dataclass(frozen=True)
class Token:
    kind: str   # comment, string, identifier, parameter, word, space, other
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
            raise KGError(f"query has an unterminated string, identifier or comment "
                          f"at character {position}")
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
_AFTER_VARIABLE = frozenset({"ASC", "DESC", "ASCENDING", "DESCENDING", "LIMIT", "SKIP", "AND",
                             "OR", "XOR", "IS", "IN", "AS", "UNION", "RETURN", "WITH", "ORDER",
                             "WHERE", "CONTAINS", "STARTS", "ENDS"})


def _write_keywords(tokens: list[Token]) -> list[str]:
    code = _code(tokens)
    aliases = {code[i + 1].text for i in range(len(code) - 1)
               if code[i].kind == "word" and code[i].text.upper() == "AS" and code[i + 1].kind == "word"}
    found = []
    for index, token in enumerate(code):
        if token.kind != "word" or token.text.upper() not in WRITE_KEYWORDS:
            continue
        before = code[index - 1].text if index else ""
        following = code[index + 1] if index + 1 < len(code) else None
        after = following.text if following else ""
        if before in (".", ":", "$") or before.upper() == "AS" or after == ":":
            continue  # a property, label, map key or the alias being named
        if token.text in aliases and (following is None or (
                following.kind == "other" and after not in "({") or (
                following.kind == "word" and after.upper() in _AFTER_VARIABLE)):
            continue  # a variable named like a clause, used as a value
        found.append(token.text.upper())
    return found


def has_undirected_relationship(query: str) -> bool:
    """Whether a pattern has a relationship without an arrow: `(a)--(b)`, `(a)-[r]-(b)`."""
    code = [t.text for t in _code(tokenize(query))]
    for index, text in enumerate(code):
        if text != ")":
            continue
        position = index + 1
        left = position < len(code) and code[position] == "<"
        position += left
        if position + 1 >= len(code) or code[position] != "-":
            continue
        position += 1
        if code[position] == "[":
            depth = 0
            while position < len(code):
                depth += {"[": 1, "]": -1}.get(code[position], 0)
                position += 1
                if depth == 0:
                    break
        if position >= len(code) or code[position] != "-":
            continue
        right = position + 1 < len(code) and code[position + 1] == ">"
        if not left and not right:
            return True
    return False


def decode_string(text: str) -> str:
    """The value of a Cypher string literal (either quote)."""
    body, out, index = text[1:-1], [], 0
    while index < len(body):
        char = body[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        code = body[index + 1]
        if code in _CYPHER_ESCAPES:
            out.append(_CYPHER_ESCAPES[code])
            index += 2
        elif code in "uU":
            width = 4 if code == "u" else 8
            digits = body[index + 2:index + 2 + width]
            if not re.fullmatch(r"[0-9A-Fa-f]{%d}" % width, digits):
                raise KGError(f"bad escape \\{code}{digits} in string literal {text[:40]}")
            out.append(chr(int(digits, 16)))
            index += 2 + width
        else:
            raise KGError(f"bad escape \\{code} in string literal {text[:40]}")
    return "".join(out)


def _string_literal(value: str) -> str:
    """A double-quoted literal that Cypher and grand-cypher (which evaluates string
    tokens as Python literals) both read back as exactly `value`: only backslash,
    double quote and unprintable characters are escaped, all as \\\\, \\" or \\uXXXX."""
    out = ['"']
    for char in value:
        if char in '\\"':
            out.append("\\" + char)
        elif char.isprintable() and char not in "\u2028\u2029":
            out.append(char)
        elif ord(char) > 0xFFFF:
            out.append("\\U%08x" % ord(char))
        else:
            out.append("\\u%04x" % ord(char))
    out.append('"')
    return "".join(out)


def literal(value) -> str:
    """The Cypher literal of a parameter value (text, number, boolean, null, list)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise KGError(f"parameter value {value} is not a finite number")
        return repr(value)
    if isinstance(value, str):
        return _string_literal(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise KGError(f"parameter values are text, numbers, booleans or lists, not {type(value).__name__}")


def bind_literals(query: str, params: dict) -> str:
    """The query with every `$name` replaced by its value's literal, single-quoted
    strings rewritten double-quoted and comments dropped: the dialect grand-cypher reads."""
    missing = [name for name in parameters(query) if name not in params]
    if missing:
        raise KGError("missing parameter " + ", ".join(f"${n}" for n in missing)
                      + " (give --param NAME=VALUE)")
    out = []
    for token in tokenize(query):
        if token.kind == "parameter":
            out.append(literal(params[token.name]))
        elif token.kind == "string" and token.text.startswith("'"):
            out.append(_string_literal(decode_string(token.text)))
        elif token.kind == "comment":
            out.append(" ")
        else:
            out.append(token.text)
    return "".join(out)


def return_columns(query: str) -> list[str]:
    """Column names of the final RETURN, as Neo4j names them: the alias, else the
    expression as written."""
    code = _code(tokenize(query))
    starts = [i for i, t in enumerate(code) if t.kind == "word" and t.text.upper() == "RETURN"]
    if not starts:
        return []
    columns, current, depth = [], [], 0
    for index, token in enumerate(code[starts[-1] + 1:]):
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
