"""Issue 17 bar 2: off a terminal, a build names its phases and writes a progress line
at least every interval (default 5 s, so a line every 10 s at worst), from the first
interval to its end, whatever phase it is in."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time

from conftest import REPO
from kg_processes import write_listing

from kg.progress import Progress

INTERVAL = 1.0


def _timed_lines(stream, into: list) -> None:
    for raw in iter(stream.readline, b""):
        into.append((time.monotonic(), raw.decode().rstrip("\n")))


def test_a_build_without_a_terminal_reports_every_interval(tmp_path):
    # (enough papers to last several intervals on a fast machine: 1,500 took 3.9 s on an idle one)
    listing = write_listing(tmp_path / "papers.jsonl", 4000, seed=17)
    graph = tmp_path / "g.json.zst"
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", listing, "--graph", graph],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PAPERKG_PROGRESS_SECONDS": str(INTERVAL)},
    )
    lines: list = []
    reader = threading.Thread(target=_timed_lines, args=(process.stderr, lines))
    reader.start()
    stdout = process.stdout.read().decode()
    assert process.wait(timeout=600) == 0, lines
    ended = time.monotonic()
    reader.join()
    assert f"{graph}: 4000 papers (+4000)" in stdout
    texts = [text for _, text in lines]
    phases = [
        "kg: reading inputs",
        "kg: read 4,000 records from 1 files",
        "kg: starting the extraction",
        "kg: loading the graph",
        "kg: extracting 4,000 papers (4,000 new texts to extract, 0 papers already in the graph)",
        "kg: merging concepts",
        "kg: writing the graph",
        "kg: writing the query index",
    ]
    assert [t for t in texts if t in phases] == phases, texts
    assert any(t.startswith("kg: extracting ") and "papers/s" in t and "ETA" in t for t in texts), texts
    # a line within the first interval or so, then never more than two intervals apart
    # (the slack is for a machine shared by others), up to the end of the process
    times = [started + INTERVAL] + [at for at, _ in lines] + [ended]
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    assert ended - started > 4 * INTERVAL, "the build was too quick to show anything"
    assert max(gaps) <= 2 * INTERVAL, (max(gaps), lines)


def test_a_quick_command_prints_nothing_and_a_terminal_gets_a_bar():
    quiet = io.StringIO()
    with Progress(stream=quiet, interval=5, terminal=False) as progress:
        progress.phase("reading inputs")
        progress.phase("extracting", total=3, unit="paper")
        progress.update(3)
    assert quiet.getvalue() == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    with Progress(stream=screen, interval=0.01) as progress:
        time.sleep(0.05)
        progress.phase("extracting", total=4, unit="paper")
        progress.update(4)
    assert "kg: extracting 4 papers" in screen.getvalue()
    assert "4/4" in screen.getvalue()  # tqdm's bar
