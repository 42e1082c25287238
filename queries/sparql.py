"""`kg sparql`: SPARQL over an RDF export, or over the graph converted on the fly.

Queries run through rdflib's API on an Oxigraph store (exports/rdf_read.py).  The
prefixes of paperkg's exports (pkg:, dcterms:, schema:, skos:, prov:, ...) are
declared for every query, so the shipped queries (queries/sparql/*.rq) and a user's
own stay short.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from exports import rdf_terms
from kg.errors import KGError

NAMED_DIR = Path(__file__).resolve().parent / "sparql"
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in rdf_terms.PREFIXES.items())


@dataclass
class NamedQuery:
    name: str
    description: str
    text: str


def named_queries() -> list[NamedQuery]:
    """The shipped queries: file name without .rq, first comment line as description."""
    found = []
    for path in sorted(NAMED_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        found.append(NamedQuery(path.stem, first.lstrip("# ").strip(), text))
    return found


def named_query(name: str) -> str:
    for query in named_queries():
        if query.name == name:
            return query.text
    known = ", ".join(q.name for q in named_queries())
    raise KGError(f"no named SPARQL query {name!r} (known: {known})")


@dataclass
class Answer:
    columns: list[str]
    rows: list[list]
    #: For ASK queries.
    boolean: bool | None = None


def _plain(term):
    """rdflib term -> JSON-friendly value: numbers as numbers, the rest as text."""
    if term is None:
        return None
    value = term.toPython() if hasattr(term, "toPython") else term
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


#: SPARQL text that can hide a word: strings (long and short), IRIs, comments, and
#: names that merely contain it (prefixed names, variables).
_SPARQL_TOKEN = re.compile(
    r"""
    (?P<skip>'{3}.*?'{3}|"{3}.*?"{3}|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"
       |<[^<>"{}|^`\\\s]*>|\#[^\n\r]*|[?$][\w]+|[\w.-]*:[\w.:%-]*)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<other>.)
""",
    re.VERBOSE | re.DOTALL,
)


def uses_service(query: str) -> bool:
    """Whether the query has a SERVICE clause (federation: Oxigraph would send the
    sub-query to any URL, or try to read a file:// one)."""
    return any(
        m.lastgroup == "word" and m.group().upper() == "SERVICE" for m in _SPARQL_TOKEN.finditer(query)
    )


def run(
    query: str,
    rdf_path: str | None = None,
    graph_path: str | None = None,
    fmt: str | None = None,
    min_confidence: float | None = None,
    allow_service: bool = False,
) -> Answer:
    """Answer a SELECT or ASK query (CONSTRUCT/DESCRIBE answers are listed as triples).
    SERVICE clauses, and RDF input that names documents to fetch, are refused unless
    `allow_service`: a query never leaves the machine without being told to."""
    from exports import rdf_read

    if not allow_service and uses_service(query):
        raise KGError(
            "SPARQL SERVICE sends the query elsewhere (another server or a "
            "file); add --allow-service to let it"
        )
    if rdf_path:
        data = rdf_read.load_file(rdf_path, fmt, allow_remote=allow_service)
    else:
        from kg.store import store

        data = rdf_read.from_graph(store.load(graph_path, min_confidence))
    try:
        return _answer(data.query(PROLOGUE + query))
    except Exception as exc:  # parse and evaluation errors (a SERVICE that fails too)
        # come from rdflib or Oxigraph with many types
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise KGError(f"SPARQL query failed: {message}") from None


def _answer(result) -> Answer:
    if result.type == "ASK":
        return Answer(columns=["answer"], rows=[[bool(result.askAnswer)]], boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Answer(
            columns=["subject", "predicate", "object"],
            rows=[[_plain(t) for t in triple] for triple in result],
        )
    columns = [str(v) for v in result.vars]
    return Answer(columns=columns, rows=[[_plain(value) for value in row] for row in result])


def render(answer: Answer, output: str = "table") -> str:
    if output == "json":
        return json.dumps(
            [dict(zip(answer.columns, row)) for row in answer.rows], ensure_ascii=False, indent=2
        )
    if output == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(answer.columns)
        writer.writerows(["" if v is None else v for v in row] for row in answer.rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[_cell(v) for v in row] for row in answer.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(answer.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(answer.columns, widths)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(answer.rows)} rows)")
    return "\n".join(lines)


def _cell(value, limit: int = 80) -> str:
    """One line per row in a table: newlines shown as spaces, long text cut."""
    from kg.query.inspect import terminal_safe  # a table is for a terminal: data cannot drive it

    text = "" if value is None else terminal_safe(" ".join(str(value).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"
