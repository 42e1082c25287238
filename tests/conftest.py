"""Shared fixtures.  Tests that need ../shared skip with a reason when it is absent
(a user's fresh clone has only the repository)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PAPERKG_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
EXAMPLES = REPO / "examples" / "listings"


def need_shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: shared data lives beside the repo as ../shared")
    return path


def need_in_ci(missing: str | None) -> None:
    """Skip with `missing` (why a part the test needs is absent) on a developer's machine;
    under CI (CI=true), where `.ci/run` installs every part, fail instead: a skip there
    would hide a broken install step."""
    if missing is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{missing} (CI=true: .ci/run should have installed it)")
    pytest.skip(missing)


@pytest.fixture
def seeds() -> Path:
    return need_shared("seeds")


@pytest.fixture
def run_kg():
    """Invoke the real `kg` command in-process; returns the click Result."""
    from cli import main

    def run(*args, input=None):
        return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def good_graph(tmp_path):
    """The hand-made schema graph, grown as builds grow one (tests/hostile_files.py)."""
    import hostile_files
    from kg.store import store

    path = tmp_path / "good.graph.json.zst"
    store.save(hostile_files.grown_graph(), path)
    return path


@pytest.fixture
def good_mentions(tmp_path):
    """Hand-made extraction lines (the contract's shape), none from annotated data."""
    import hostile_files
    import orjson

    path = tmp_path / "good.mentions.jsonl"
    path.write_bytes(b"\n".join(map(orjson.dumps, hostile_files.good_mentions_lines(5))) + b"\n")
    return path


@pytest.fixture(scope="session")
def arcade_server():
    """One real ArcadeDB server (Bolt, Neo4j 5 protocol) for the whole test session;
    skips with the reason when the `server` extra is not installed."""
    from servers import ArcadeServer, ServerUnavailable

    try:
        server = ArcadeServer().start()
    except ServerUnavailable as exc:
        pytest.skip(f"no Neo4j-protocol server: {exc}")
    yield server
    server.stop()


@pytest.fixture
def server_db(arcade_server, request):
    """A fresh, empty database on the session's server, as a kg.store.server_store.Connection."""
    import re

    from kg.store.server_store import Connection

    name = "t" + re.sub(r"\W", "", request.node.name)[:40] + str(id(request) % 10000)
    arcade_server.create_database(name)
    yield Connection(arcade_server.uri, *arcade_server.auth, database=name)
    arcade_server.drop_database(name)


#: Figures the reliability tests measure (fuzz inputs tried, kills survived), printed at
#: the end of every run so that the CI log carries them.
FIGURES: list[str] = []


def record_figure(line: str) -> None:
    FIGURES.append(line)


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("reliability figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
