"""Structure-aware mutation of graph files and mentions lines, and the `kg` commands
run on each (issue #20, bar 4): no mutated file may end in a traceback or hang, and a
command that refuses one leaves the graph on disk as it was.

Used by tests/test_hostile_files.py (a few hundred cases) and bench/hostile_files.py
(thousands, with figures).  Mutations work on the parsed JSON, where damage is
plausible (a column dropped, a value of another type, an index out of range, a list
cut short), plus byte-level damage of the compressed file.
"""

from __future__ import annotations

import copy
import os
import random
import signal
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import zstandard
from click.testing import CliRunner

#: Values that replace a value: every JSON type, edges of ranges, schema-like words.
ODD_VALUES = [
    None,
    True,
    False,
    0,
    -1,
    1,
    2**63,
    -(2**63),
    1.5,
    float("1e308"),
    "",
    "x",
    "HATES",
    "Paper",
    "Method",
    "title",
    "\x1b]0;pwned\x07",
    [],
    [None],
    [1, "a"],
    {},
    {"encoding": "raw"},
    {"encoding": "table", "table": [], "values": [0]},
    [[[[[]]]]],
    "é" * 1000,
]
HANG_SECONDS = 10


class Hang(Exception):
    pass


def grown_graph():
    """The hand-made schema graph (tests/graphs.py) with what later builds add to a
    graph, so that mutations reach it too: a short form merged into its long form
    (`absorbed`, `via`), a paper first listed without its arXiv id (`former_ids`), a
    repository link with a subpath.  Hand-made, none of it from annotated data."""
    from graphs import _extraction, full_schema_graph
    from kg.model.graph_model import GraphModel

    model = GraphModel(full_schema_graph())
    long_form = _extraction(
        "2401.00005",
        "Sharpness-Aware Minimization for all",
        [("Method", "Sharpness-Aware Minimization", "PROPOSES")],
    )
    long_form.mentions[0].attrs["short"] = "SAM"
    model.add_extraction(long_form)
    model.add_extraction(
        _extraction(
            "2401.00006",
            "SAM on ImageNet",
            [("Method", "SAM", "USES"), ("Method", "FastNet", "USES")],
            relations=[("EXTENDS", 1, 0, {})],
        )
    )
    untitled = _extraction("2401.00007", "A paper listed twice", [("Task", "QA", "ADDRESSES")])
    untitled.paper.arxiv_id = None
    model.add_extraction(untitled)
    listed = _extraction("2401.00007", "A paper listed twice", [], repo="https://github.com/example/fastnet")
    listed.mentions[0].attrs["subpath"] = "tree/main/docs"
    model.add_extraction(listed)
    model.canonicalise()
    return model.graph


def good_mentions_lines(count: int) -> list[dict]:
    """Hand-made mentions lines of every part the contract has (a concept with its short
    form, a repository link with a subpath, relations with their attributes, results),
    none from annotated data."""
    from graphs import _extraction

    lines = []
    for i in range(count):
        extraction = _extraction(
            f"2402.{i:05d}",
            f"Paper {i} on things",
            [
                ("Method", "FastNet", "USES"),
                ("Dataset", "ImageNet", "EVALUATES_ON"),
                ("Metric", "F1", "USES"),
                ("Task", "QA", "ADDRESSES"),
                ("Method", "SlowNet", "USES"),
            ],
            relations=[
                ("EXTENDS", 0, 4, {}),
                ("OUTPERFORMS", 0, 4, {"dataset": "ImageNet", "metric": "F1", "factor": "2x faster"}),
            ],
            results=[(1, 3, 2, 0, 5.0, "%")],
            repo="https://github.com/example/things",
        )
        extraction.mentions[0].attrs["short"] = "FN"
        extraction.mentions[-1].attrs["subpath"] = "tree/main/src"
        extraction.mentions[-1].end = len(extraction.paper.abstract)  # (offsets inside the text)
        lines.append(extraction.to_dict())
    return lines


def _paths(value, prefix=()):
    """Every place in a JSON value: (path, value) pairs."""
    yield prefix, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value[:50]):  # long columns: their head is enough
            yield from _paths(item, prefix + (index,))


def _parent(doc, path):
    for step in path[:-1]:
        doc = doc[step]
    return doc


def mutate(doc, rng: random.Random, rounds: int | None = None):
    """A copy of a JSON document with 1-3 plausible damages."""
    doc = copy.deepcopy(doc)
    for _ in range(rounds or rng.choice((1, 1, 2, 3))):
        places = [p for p, _ in _paths(doc) if p]
        if not places:
            return rng.choice(ODD_VALUES)
        path = rng.choice(places)
        parent, key = _parent(doc, path), path[-1]
        value = parent[key]
        kind = rng.randrange(8)
        if kind == 0 and isinstance(parent, dict):
            del parent[key]  # a key dropped
        elif kind == 1:
            parent[key] = rng.choice(ODD_VALUES)  # another type or value
        elif kind == 2 and isinstance(value, list) and value:
            del value[rng.randrange(len(value)) :]  # a list cut short
        elif kind == 3 and isinstance(value, list) and value:
            value.append(copy.deepcopy(rng.choice(value)))  # an element repeated
        elif kind == 4 and isinstance(value, int) and not isinstance(value, bool):
            parent[key] = rng.choice((value + 1, value - 1, -value - 1, value * 1000 + 7))
        elif kind == 5 and isinstance(value, str):
            parent[key] = rng.choice((value[: len(value) // 2], value + "\x00", value.upper(), value * 3, ""))
        elif kind == 6 and isinstance(value, list) and len(value) > 1:
            i, j = rng.sample(range(len(value)), 2)
            value[i], value[j] = value[j], value[i]  # two entries swapped
        elif kind == 7 and isinstance(parent, dict):
            parent[rng.choice(("extra", "type", "label", "paper", "mentions", "\x00"))] = rng.choice(
                ODD_VALUES
            )  # a key added
        else:
            parent[key] = rng.choice(ODD_VALUES)
    return doc


def damage_bytes(data: bytes, rng: random.Random) -> bytes:
    """Byte-level damage of a compressed file."""
    kind = rng.randrange(4)
    if kind == 0:
        return data[: rng.randrange(len(data))]
    if kind == 1:
        data = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if kind == 2:
        return data + rng.choice((b"\x00" * 9, data[:40], os.urandom(64)))
    return zstandard.ZstdCompressor(level=3).compress(
        rng.choice((b"{" * 5000, b"\x00" * 10**6, b"[]", b"null", b'"x"'))
    )


@dataclass
class Tally:
    cases: int = 0
    outcomes: Counter = field(default_factory=Counter)
    tracebacks: list = field(default_factory=list)
    hangs: list = field(default_factory=list)
    graph_damaged: list = field(default_factory=list)

    def line(self, what: str) -> str:
        return (
            f"{what}: {self.cases} cases, {len(self.tracebacks)} tracebacks, "
            f"{len(self.hangs)} hangs over {HANG_SECONDS} s, {len(self.graph_damaged)} "
            f"graphs changed by a refusal or left unloadable "
            f"({', '.join(f'{k} {v}' for k, v in sorted(self.outcomes.items()))})"
        )


def _on_alarm(signum, frame):
    raise Hang()


def run_kg(args: list[str], tally: Tally, case: str) -> int | None:
    """Run `kg ARGS` in-process; a traceback or a hang is counted against the case.
    Returns the exit code (None for a traceback or hang)."""
    from cli import main

    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(HANG_SECONDS)
    try:
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    except Hang:
        tally.hangs.append((case, args))
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if isinstance(result.exception, Hang):
        tally.hangs.append((case, args))
        return None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        tally.tracebacks.append(
            (
                case,
                args,
                "".join(
                    traceback.format_exception(
                        type(result.exception), result.exception, result.exception.__traceback__
                    )
                )[-1500:],
            )
        )
        return None
    tally.outcomes[f"{args[0]} exit {result.exit_code}"] += 1
    return result.exit_code


def _write_graph(path: Path, doc) -> None:
    path.write_bytes(zstandard.ZstdCompressor(level=1).compress(orjson.dumps(doc)))


def fuzz_graph_files(
    good_graph: Path, mentions: Path, work: Path, cases: int, seed: int = 0, progress=None
) -> Tally:
    """Mutated copies of `good_graph` given to every command that reads a graph; `kg
    merge` of a good mentions file on each must fail leaving the bytes as they were,
    or succeed writing a graph that loads."""
    from kg.store import store

    rng = random.Random(seed)
    good = good_graph.read_bytes()
    doc = orjson.loads(store.decompress(good))
    tally = Tally()
    graph, out = work / "mutated.graph.json.zst", work / "out"
    for case in range(cases):
        if case % 5 == 4:
            graph.write_bytes(damage_bytes(good, rng))
        else:
            _write_graph(graph, mutate(doc, rng))
        before = graph.read_bytes()
        name = f"graph case {case} (seed {seed})"
        for args in (
            ["stats", "--graph", graph],
            ["show", "FastNet", "--graph", graph],
            [
                "query",
                "--graph",
                graph,
                "MATCH (p:Paper)-[r]->(m) RETURN p.id AS paper, "
                "type(r) AS rel, m.name AS target ORDER BY paper, rel, target LIMIT 5",
            ],
            ["show", "SAM", "--graph", graph],
            ["export", "rdf", "--graph", graph, "--out", f"{out}.nt"],
            [
                "export",
                "html",
                "--graph",
                graph,
                "--out",
                f"{out}.html",
                "--physics",
                "off",
                "--max-nodes",
                "50",
            ],
        ):
            run_kg(args, tally, name)
        code = run_kg(["merge", mentions, "--graph", graph], tally, name)
        _check_graph_after(graph, before, code, tally, name)
        tally.cases += 1
        if progress:
            progress(case)
    return tally


def _check_graph_after(graph: Path, before: bytes, code: int | None, tally: Tally, name: str):
    from kg.store import store
    from kg.errors import KGError

    if code == 0:
        try:
            store.load(graph)
        except KGError as exc:
            tally.graph_damaged.append((name, f"written but unloadable: {exc}"))
    elif graph.read_bytes() != before:
        tally.graph_damaged.append((name, "refused but the graph changed"))


def fuzz_mentions_lines(
    good_graph: Path, mentions: Path, work: Path, cases: int, seed: int = 0, progress=None
) -> Tally:
    """Mutated mentions lines merged into a copy of `good_graph`: each merge fails
    leaving the graph's bytes as they were, or succeeds with a graph that loads,
    exports as RDF and shows its stats."""
    rng = random.Random(seed)
    lines = [orjson.loads(line) for line in mentions.read_bytes().splitlines() if line.strip()]
    good = good_graph.read_bytes()
    tally = Tally()
    graph, shard = work / "merge.graph.json.zst", work / "mutated.mentions.jsonl"
    for case in range(cases):
        graph.write_bytes(good)
        chosen = rng.sample(lines, min(len(lines), 3))
        mutated = [mutate(chosen[0], rng)] + chosen[1:]
        rng.shuffle(mutated)
        shard.write_bytes(
            b"\n".join(
                orjson.dumps(m) if rng.random() > 0.05 else orjson.dumps(m)[: rng.randrange(40)]
                for m in mutated
            )
            + b"\n"
        )
        name = f"mentions case {case} (seed {seed})"
        code = run_kg(["merge", shard, "--graph", graph], tally, name)
        _check_graph_after(graph, good, code, tally, name)
        if code == 0:  # what was accepted must not break the commands that read the graph
            for args in (
                ["stats", "--graph", graph],
                ["export", "rdf", "--graph", graph, "--out", work / "out.nt"],
            ):
                if run_kg(args, tally, name) not in (0, None):
                    tally.graph_damaged.append((name, f"accepted, then `kg {args[0]}` fails"))
        tally.cases += 1
        if progress:
            progress(case)
    return tally
