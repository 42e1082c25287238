"""The named queries: one `.cypher` file each, written in the Cypher subset that both
the embedded engine and a Neo4j-protocol server accept.

Each file starts with a header of `//` comment lines:

    // name: papers-on-dataset
    // answers: Which papers evaluate on a dataset, ...
    // param: dataset (string): the dataset's name, any case
    // param: limit (int, default 20): how many rows

Parameter types (string, int, float) turn `--param name=value` text into the value
the query needs; a default makes the parameter optional.  `paper` is a paper's id in
any form kg.model.resolve knows (its id, an id it had before it gained its arXiv id, its arXiv
id with or without version): the query gets the paper's current id, and a text that
names no paper is an error, not an empty answer.  `paper_or_title` is the same when the
text names a paper by id, and is passed on as it is (words of a title) otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg import cypher_text
from kg.errors import KGError

FOLDER = Path(__file__).resolve().parent
_HEADER = re.compile(r"//\s*(name|answers|param):\s*(.*)")
_PARAM = re.compile(
    r"(?P<name>\w+)\s*\((?P<type>string|int|float|paper|paper_or_title)(?:,\s*default\s+(?P<default>[^)]*))?\)\s*:\s*(?P<help>.*)"
)
_TYPES = {"string": str, "int": int, "float": float, "paper": str, "paper_or_title": str}
#: Parameter types that name a paper (resolved against the store the query runs on).
PAPER_TYPES = ("paper", "paper_or_title")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    help: str
    default: object = None

    def convert(self, text: str):
        try:
            return _TYPES[self.type](text)
        except ValueError:
            raise KGError(f"parameter {self.name} must be {self.type}, not {text!r}") from None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    answers: str
    text: str
    path: Path
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    @property
    def papers(self) -> dict[str, str]:
        """{parameter: type} of the parameters that name a paper."""
        return {p.name: p.type for p in self.parameters if p.type in PAPER_TYPES}

    def bind(self, given: dict[str, str]) -> dict:
        """Typed values for the query from `--param` text, defaults filled in."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise KGError(
                f"query {self.name} has no parameter {', '.join(unknown)} "
                f"(it takes: {', '.join(known) or 'none'})"
            )
        values = {}
        for param in self.parameters:
            if param.name in given:
                values[param.name] = param.convert(given[param.name])
            elif param.default is not None:
                values[param.name] = param.default
            else:
                raise KGError(f"query {self.name} needs --param {param.name}=... ({param.help})")
        return values


def parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, list[str]] = {"name": [], "answers": [], "param": []}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            header[match.group(1)].append(match.group(2).strip())
    if len(header["name"]) != 1 or len(header["answers"]) != 1:
        raise KGError(f"{path}: a named query needs one '// name:' and one '// answers:' line")
    params = []
    for spec in header["param"]:
        match = _PARAM.fullmatch(spec)
        if not match:
            raise KGError(f"{path}: cannot read parameter line {spec!r}")
        param = Parameter(match["name"], match["type"], match["help"])
        if match["default"] is not None:
            param = Parameter(param.name, param.type, param.help, param.convert(match["default"].strip()))
        params.append(param)
    declared = {p.name for p in params}
    used = set(cypher_text.parameters(text))
    if declared != used:
        raise KGError(f"{path}: header declares {sorted(declared)} but the query uses {sorted(used)}")
    return NamedQuery(header["name"][0], header["answers"][0], text, path, tuple(params))


def all_queries(folder: Path = FOLDER) -> dict[str, NamedQuery]:
    found = {}
    for path in sorted(folder.glob("*.cypher")):
        query = parse(path)
        found[query.name] = query
    return found


def get(name: str) -> NamedQuery:
    queries = all_queries()
    if name not in queries:
        raise KGError(f"no named query {name!r} (see `kg query --list`)")
    return queries[name]
