"""Real `python -m kg` processes for the reliability tests: generated listings big
enough to keep a build busy, and a way to know when a build holds the graph's writer
lock (read from /proc/locks, so paperkg needs no test hook)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from conftest import REPO

_WORDS = (
    "graph neural network transformer attention dataset benchmark model learning "
    "retrieval diffusion policy reward segmentation token sparse robust"
).split()


def write_listing(path: Path, count: int, seed: int) -> Path:
    """A JSON Lines listing of `count` distinct papers, each abstract linking a repository."""
    rng = random.Random(seed)
    with open(path, "wb") as handle:
        for number in range(count):
            abstract = " ".join(rng.choice(_WORDS) for _ in range(60))
            handle.write(
                orjson.dumps(
                    {
                        "title": f"Paper {seed}-{number}: " + " ".join(rng.sample(_WORDS, 4)),
                        "abstract": f"{abstract}. Code: https://github.com/lab{seed}/repo{number}.",
                    }
                )
                + b"\n"
            )
    return path


def kg_process(*args, **popen) -> subprocess.Popen:
    """`python -m kg ARGS` from the repository, as a user runs it."""
    if not Path("/proc/locks").exists():
        pytest.skip("needs Linux /proc/locks to see when a build holds the graph lock")
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *map(str, args)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **popen,
    )


def holds_lock(pid: int, graph: Path) -> bool:
    """Whether process `pid` holds the flock on the graph's lock file."""
    try:
        inode = os.stat(f"{graph}.lock").st_ino
        locks = Path("/proc/locks").read_text()
    except FileNotFoundError:
        return False
    for line in locks.splitlines():
        fields = line.split()
        if "->" in fields:  # a waiter, not a holder
            continue
        if (
            len(fields) > 5
            and fields[1] == "FLOCK"
            and fields[4] == str(pid)
            and fields[5].rsplit(":", 1)[-1] == str(inode)
        ):
            return True
    return False


def wait_until_writing(process: subprocess.Popen, graph: Path, timeout: float = 120) -> bool:
    """Block until `process` holds the graph's writer lock (True) or has exited (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if holds_lock(process.pid, graph):
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.005)
    raise AssertionError(f"kg build did not reach the graph within {timeout}s")


def temp_files(graph: Path) -> list[Path]:
    """Temporary files of writers of this graph (stale once no writer runs)."""
    return sorted(graph.parent.glob(f".{graph.name}.*.tmp"))
