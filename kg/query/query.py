"""`kg query`: one Cypher query (ad hoc or named) on the embedded graph or a server,
printed as a table, JSON or CSV.  The same text and parameters go to either store."""

from __future__ import annotations

import csv
import io
import json

from kg.model import resolve
from kg import schema
from kg.errors import KGError


#: `--param name:TYPE=value`: how each type reads its text.
PARAM_TYPES = ("str", "int", "float", "bool", "json")


def parse_params(pairs: list[str]) -> dict[str, str]:
    """`name=value` or `name:type=value` pairs, as text (typed by `typed_params` or by a
    named query's header)."""
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        base = name.partition(":")[0].strip()
        if not sep or not base.isidentifier():
            raise KGError(f"--param wants NAME=VALUE or NAME:TYPE=VALUE, not {pair!r}")
        params[name.strip()] = value
    return params


def convert(name: str, kind: str, text: str):
    """One parameter's value from its text: str, int, float, bool (true/false) or json
    (lists, maps, numbers, null: `names:json='["A","B"]'`)."""
    try:
        if kind in ("", "str", "string"):
            return text
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
        if kind == "bool":
            if text.lower() not in ("true", "false"):
                raise ValueError
            return text.lower() == "true"
        if kind in ("json", "list"):
            import orjson

            return orjson.loads(text)
    except ValueError:
        raise KGError(
            f"--param {name}: {text!r} is not {'valid JSON' if kind in ('json', 'list') else kind}"
        ) from None
    raise KGError(f"--param {name}: type must be one of {', '.join(PARAM_TYPES)}, not {kind!r}")


def typed_ad_hoc(params: dict[str, str]) -> dict:
    """For ad-hoc queries: `name:int=5`, `name:float=0.5`, `name:bool=true`,
    `name:json=[...]`; untyped values are text."""
    typed = {}
    for name, value in params.items():
        base, _, kind = name.partition(":")
        typed[base.strip()] = convert(base.strip(), kind.strip(), value)
    return typed


#: The paper a text names by an id (kg.model.resolve's id rules), in Cypher both engines read.
_PAPER_BY_ID = (
    "MATCH (p:Paper) WHERE p.id = $text OR p.id = $arxiv OR $text IN p.former_ids "
    "RETURN p.id AS id, p.former_ids AS former_ids"
)


def resolve_papers(values: dict, papers: dict[str, str], execute) -> dict:
    """`values` with each paper parameter (`papers`: {name: type}, queries.PAPER_TYPES) as
    the current id of the paper it names; `execute(query, params)` runs on the store the
    named query runs on.  A `paper` that names none is an error: the query would answer
    nothing, as if the paper had no concepts or neighbours."""
    values = dict(values)
    for name, kind in papers.items():
        wanted = resolve.Wanted(values[name])
        _, rows = execute(_PAPER_BY_ID, {"text": wanted.text, "arxiv": wanted.arxiv_id or ""})
        found = resolve.rank(
            [(row["id"], schema.PAPER, how) for row in rows if (how := wanted.how(row["id"], row))]
        )
        if found:
            values[name] = found[0][0]
        elif kind == "paper":
            raise KGError(
                f"--param {name}: no paper with id {wanted.text!r} (ids, former ids and "
                "arXiv ids are looked up; `kg show` finds a paper by its title)"
            )
    return values


def run(
    query: str,
    params: dict,
    graph_path: str | None = None,
    connection=None,
    write: bool = False,
    min_confidence: float | None = None,
    papers: dict[str, str] | None = None,
) -> tuple[list[str], list[dict]]:
    """Run on the server given, else on the graph file's index; `papers` names the
    parameters that name a paper (a named query's, see `resolve_papers`)."""
    if connection is not None:
        if min_confidence is not None:
            # the server holds what was pushed; filtering its rows here would need every
            # path a query can take through an edge: refused rather than half-applied
            raise KGError(
                "--min-confidence filters the graph file as it loads; on a server, "
                "push a graph built with `kg build --min-confidence X`, or add "
                "`WHERE r.confidence >= X` to the query"
            )
        from kg.store.server_store import run_query

        if papers:
            params = resolve_papers(params, papers, lambda q, p: run_query(connection, q, p))
        return run_query(connection, query, params, write=write)
    from kg import cypher_text
    from kg.query.cypher_embedded import run_on
    from kg.store.query_index import opened

    if cypher_text.write_keywords(query):
        raise KGError(
            "the embedded graph is read-only to Cypher (change it with `kg build`); "
            "write queries run on a server: --uri ... --write"
        )
    with opened(graph_path, min_confidence) as index:
        if papers:
            params = resolve_papers(params, papers, lambda q, p: run_on(index, q, p))
        return run_on(index, query, params)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def render(columns: list[str], rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(row.get(c)) for c in columns] for row in rows)
        return out.getvalue().rstrip("\n")
    from kg.query.inspect import terminal_safe  # a table is for a terminal: data cannot drive it

    cells = [[terminal_safe(" ".join(_cell(row.get(c)).split())) for c in columns] for row in rows]
    columns = [terminal_safe(c) for c in columns]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(
            (v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(values, widths)
        ).rstrip()

    return "\n".join(
        [line(columns), line(["-" * w for w in widths])]
        + [line(r) for r in cells]
        + [f"({len(rows)} row{'s' if len(rows) != 1 else ''})"]
    )
