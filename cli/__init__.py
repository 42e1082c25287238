"""The `kg` command: the `main` group, the commands it takes from each module of cli/, `run()`.
cli is the top layer: it may import anything; nothing imports it but kg/__main__.py and tests."""

from __future__ import annotations

import gc
import sys

import click

from cli import build, curate, export, inspect, learn, query, rdf, trends
from kg.errors import KGError


class KGGroup(click.Group):
    """Turns known errors into one-line messages instead of tracebacks: errors a user can act
    on (`KGError`) print as one line on stderr with a non-zero exit; Ctrl-C leaves every
    file as it was."""

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


# Each module defines its commands (curate and export: a group with its subcommands);
# `kg --help` lists them by name, whatever the order here.
for command in (
    build.build,
    build.merge,
    build.extract_command,
    inspect.stats,
    inspect.show,
    learn.eval_command,
    learn.calibrate_command,
    learn.train_command,
    curate.curate,
    query.query,
    query.push,
    export.export,
    rdf.validate,
    rdf.sparql,
    trends.trends,
):
    main.add_command(command)


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
