"""Progress of long commands on stderr, on a terminal and off one.

On a terminal each counted phase is a live tqdm bar.  Elsewhere (nohup, cron, CI logs)
a bar draws nothing useful, and a 9-minute build used to print nothing at all until
it ended; so each phase is named as it starts, and a background thread writes a line
every `interval` seconds while it runs (done/total, rate, ETA for a counted phase;
the time spent for one that cannot count, such as loading or writing the graph),
whether or not the work in progress ever calls back.

A command that ends within the first `interval` prints nothing: the lines naming its
phases are held back until then (and written at once when that time comes), so quick
commands and their one-line errors stay quiet.

    progress = Progress()
    progress.phase("reading inputs")
    progress.phase("extracting", total=len(records), unit="paper")
    progress.update()            # per paper
    progress.close()

`PAPERKG_PROGRESS_SECONDS` sets the interval of the log lines (default 5).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import TextIO

DEFAULT_INTERVAL = 5.0


def _interval() -> float:
    try:
        return max(0.05, float(os.environ.get("PAPERKG_PROGRESS_SECONDS", DEFAULT_INTERVAL)))
    except ValueError:
        return DEFAULT_INTERVAL


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class Progress:
    """Named phases, optionally counted, reported on `stream` (stderr)."""

    def __init__(
        self,
        stream: TextIO | None = None,
        interval: float | None = None,
        terminal: bool | None = None,
        enabled: bool = True,
    ):
        #: `enabled=False`: nothing is written (library callers that want no output).
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval if interval is not None else _interval()
        isatty = getattr(self.stream, "isatty", None)
        self.terminal = terminal if terminal is not None else bool(isatty and isatty())
        self._lock = threading.Lock()
        self._name: str | None = None
        self._total: int | None = None
        self._unit = "item"
        self._done = 0
        self._started = time.monotonic()
        self._bar = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._held: list[str] | None = []  # lines held back; None once they are out
        self._created = time.monotonic()

    # phases --------------------------------------------------------------------
    def phase(self, name: str, total: int | None = None, unit: str = "item", note: str = "") -> None:
        """End the current phase and start `name` (counted when `total` is given)."""
        self._end_phase()
        with self._lock:
            self._name, self._total, self._unit, self._done = name, total, unit, 0
            self._started = time.monotonic()
        if not self.enabled:
            return
        counted = f" {total:,} {unit}{'' if total == 1 else 's'}" if total is not None else ""
        self._emit(f"kg: {name}{counted}{f' ({note})' if note else ''}")
        if self.terminal and total:
            from tqdm import tqdm

            held_back = max(0.0, self.interval - (time.monotonic() - self._created))
            self._bar = tqdm(
                total=total, desc=name, unit=unit, file=self.stream, mininterval=0.5, delay=held_back
            )
        if self._thread is None:
            self._thread = threading.Thread(target=self._heartbeat, name="kg-progress", daemon=True)
            self._thread.start()

    def update(self, count: int = 1) -> None:
        self._done += count
        if self._bar is not None:
            self._bar.update(count)

    def note(self, text: str) -> None:
        """A one-off line (what a phase found), kept apart from the bar."""
        if self.enabled:
            self._emit(f"kg: {text}")

    def close(self) -> None:
        self._end_phase()
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # output --------------------------------------------------------------------
    def _end_phase(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        with self._lock:
            self._name = None

    def status(self) -> str | None:
        """The line describing the running phase now, or None between phases."""
        with self._lock:
            name, total, done, unit = self._name, self._total, self._done, self._unit
            elapsed = time.monotonic() - self._started
        if name is None:
            return None
        if total is None:
            return f"kg: {name}... {_duration(elapsed)}"
        rate = done / elapsed if elapsed > 0 else 0.0
        share = f" ({done / total:.0%})" if total else ""
        eta = f", ETA {_duration((total - done) / rate)}" if rate > 0 and done < total else ""
        return (
            f"kg: {name} {done:,}/{total:,} {unit}s{share}, {rate:,.0f} {unit}s/s, "
            f"{_duration(elapsed)} elapsed{eta}"
        )

    def _heartbeat(self) -> None:
        """Release the held lines once the command has run `interval` seconds; then,
        off a terminal, the running phase's status every `interval` seconds."""
        if self._stop.wait(max(0.0, self.interval - (time.monotonic() - self._created))):
            return
        with self._lock:
            held, self._held = self._held, None
        for line in held or ():
            self._write(line)
        while not self.terminal:
            line = self.status()
            if line:
                self._write(line)
            if self._stop.wait(self.interval):
                return

    def _emit(self, line: str) -> None:
        with self._lock:
            if self._held is not None:
                self._held.append(line)
                return
        self._write(line)

    def _write(self, line: str) -> None:
        with self._lock:
            if self._bar is not None:
                self._bar.write(line, file=self.stream)
            else:
                print(line, file=self.stream, flush=True)
