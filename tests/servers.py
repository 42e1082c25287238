"""Start and stop a real Neo4j-protocol server for tests and benchmarks.

No Neo4j build that runs here exists on PyPI or in Debian; ArcadeDB's PyPI wheel
`arcadedb-embedded` bundles a Java runtime and a Bolt plugin that speaks the protocol
of Neo4j 5 to the official `neo4j` driver.  The server runs as its own process (the
bundled `java`, not in-process through JPype) so that a test can kill it mid-push the
way a real server goes away, and so that nothing but Bolt joins it to the client.

    with ArcadeServer() as server:          # free loopback ports, fresh root dir
        server.uri, server.auth             # bolt://127.0.0.1:PORT, ("root", password)
        server.create_database("kg")
        server.kill()                       # SIGKILL: a server that goes away

Also runnable: `python tests/servers.py` starts one and prints its URI until Ctrl-C.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PASSWORD = "paperkg-test"
START_TIMEOUT = 60.0


class ServerUnavailable(RuntimeError):
    """The server package is not installed or the server would not start."""


def arcadedb_home() -> Path:
    """The installed wheel's folder holding `jre/` and `jars/`."""
    try:
        import arcadedb_embedded
    except ImportError:
        raise ServerUnavailable("arcadedb-embedded is not installed (pip install -e '.[server]')") from None
    home = Path(arcadedb_embedded.__file__).resolve().parent
    if not (home / "jars").is_dir():
        raise ServerUnavailable(f"{home}: arcadedb-embedded has no bundled jars")
    return home


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """Linux: the server gets SIGKILL when the process that started it dies, so a test
    run that is killed leaves no server behind."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class ArcadeServer:
    """An ArcadeDB server with the Bolt plugin on 127.0.0.1, in a child process."""

    def __init__(self, root: str | os.PathLike | None = None, heap: str = "1g"):
        self.home = arcadedb_home()
        self._own_root = root is None
        self.root = Path(root or tempfile.mkdtemp(prefix="paperkg-arcadedb-"))
        self.heap = heap
        self.bolt_port = free_port()
        self.http_port = free_port()
        self.process: subprocess.Popen | None = None
        self.log_path = self.root / "server.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def auth(self) -> tuple[str, str]:
        return ("root", PASSWORD)

    def _java(self) -> str:
        bundled = self.home / "jre" / "bin" / "java"
        java = str(bundled) if bundled.exists() else shutil.which("java")
        if not java:
            raise ServerUnavailable("no Java runtime: arcadedb-embedded's bundled jre is missing")
        return java

    def start(self) -> "ArcadeServer":
        settings = {
            "arcadedb.server.rootPath": self.root,
            "arcadedb.server.rootPassword": PASSWORD,
            "arcadedb.server.httpIncomingHost": "127.0.0.1",
            "arcadedb.server.httpIncomingPort": self.http_port,
            "arcadedb.bolt.host": "127.0.0.1",
            "arcadedb.bolt.port": self.bolt_port,
            "arcadedb.server.plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "arcadedb.server.mode": "development",
        }
        command = [
            self._java(),
            f"-Xmx{self.heap}",
            *(f"-D{key}={value}" for key, value in settings.items()),
            "-cp",
            str(self.home / "jars" / "*"),
            "com.arcadedb.server.ArcadeDBServer",
        ]
        self.root.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=self.root,
            preexec_fn=_die_with_parent,
        )
        log.close()
        self._wait_for_bolt()
        return self

    def _wait_for_bolt(self) -> None:
        """Up means the driver's handshake succeeds (not merely that the port is open)
        and the HTTP API, which creates databases, answers: Bolt starts first."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import ServiceUnavailable

        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerUnavailable(
                    f"ArcadeDB exited with {self.process.returncode}; see {self.log_path}"
                )
            try:
                with GraphDatabase.driver(self.uri, auth=self.auth, connection_timeout=2) as driver:
                    driver.verify_connectivity()
                urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/api/v1/ready", timeout=2).close()
                return
            except (ServiceUnavailable, OSError):
                time.sleep(0.2)
        self.stop()
        raise ServerUnavailable(f"ArcadeDB did not answer Bolt within {START_TIMEOUT:.0f} s")

    def _http(self, payload: dict) -> dict:
        token = base64.b64encode(f"root:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.http_port}/api/v1/server",
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")

    def create_database(self, name: str) -> str:
        """A new empty database (Neo4j's "database" of a session); returns its name."""
        self._http({"command": f"create database {name}"})
        return name

    def drop_database(self, name: str) -> None:
        try:
            self._http({"command": f"drop database {name}"})
        except urllib.error.HTTPError:
            pass

    def kill(self) -> None:
        """Stop abruptly, as a crashed or unplugged server does."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "ArcadeServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill` stops it cleanly too
    with ArcadeServer() as server:
        server.create_database(sys.argv[1] if len(sys.argv) > 1 else "kg")
        print(f"{server.uri} user root password {PASSWORD}; Ctrl-C stops", flush=True)
        try:
            while server.process.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
