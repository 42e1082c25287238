"""The `kg` command: the `main` group, the commands it takes from each module of cli/, `run()`.
cli is the top layer: it may import anything; nothing imports it but kg/__main__.py and tests."""

from __future__ import annotations

import gc
import sys

import click

from kg.errors import KGError

#: Each command: the module of cli/ that defines it, and its name there (curate and
#: export: a group with its subcommands).  A module is imported when its command runs
#: (or `kg --help` lists them): `kg show` need not load what `kg build` or `kg train`
#: import, a tenth of a read's time where Python caches no bytecode.
COMMANDS = {
    "build": ("cli.build", "build"),
    "merge": ("cli.build", "merge"),
    "extract": ("cli.build", "extract_command"),
    "stats": ("cli.inspect", "stats"),
    "show": ("cli.inspect", "show"),
    "eval": ("cli.learn", "eval_command"),
    "calibrate": ("cli.learn", "calibrate_command"),
    "train": ("cli.learn", "train_command"),
    "curate": ("cli.curate", "curate"),
    "query": ("cli.query", "query"),
    "push": ("cli.query", "push"),
    "export": ("cli.export", "export"),
    "validate": ("cli.rdf", "validate"),
    "sparql": ("cli.rdf", "sparql"),
    "trends": ("cli.trends", "trends"),
}


class KGGroup(click.Group):
    """Turns known errors into one-line messages instead of tracebacks: errors a user can act
    on (`KGError`) print as one line on stderr with a non-zero exit; Ctrl-C leaves every
    file as it was.  Its commands are loaded by name from COMMANDS (click's lazy group)."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        import importlib

        module, attribute = COMMANDS[name]
        return getattr(importlib.import_module(module), attribute)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("kg: interrupted; files were left as they were", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="paperkg")
def main():
    """paperkg: research-paper listings in, a knowledge graph of papers and concepts out.

    \b
    Typical session:
      kg build examples/listings        # read listings, extract, save the graph
      kg stats                          # what the graph holds
      kg show SAM                       # a node by name or alias, with evidence

    The graph lives in one file (--graph, default ./paperkg.graph.json.zst).
    """


_COMMAND_PID: list[int] = []


def _terminated(signum, frame):
    """SIGTERM (a `kill`, a job scheduler) stops a command the way Ctrl-C does: files
    being written are removed, nothing half-written is left.  Worker processes forked
    from the command (which their pool stops with SIGTERM) die as they did before."""
    import os
    import signal

    if os.getpid() not in _COMMAND_PID:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        return
    raise KeyboardInterrupt


def run() -> None:
    """The `kg` command: the console script and `python -m kg`."""
    import os
    import signal

    _COMMAND_PID.append(os.getpid())
    signal.signal(signal.SIGTERM, _terminated)
    try:
        main()
    finally:
        # The process ends here.  Left as they are, the objects a command made (a loaded
        # graph: 2 M of them, in reference cycles) would be freed one by one by the
        # cyclic collector at exit: 1.2-1.6 s after the work is done, for memory the OS
        # takes back at once.  Frozen, no collection visits them again.
        gc.freeze()
