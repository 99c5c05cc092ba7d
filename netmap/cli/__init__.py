"""The ``netmap`` command: a thin click layer over the library.

Each subcommand lives in the module of its area (:mod:`.basic`, :mod:`.scenario_cmds`,
...) and only parses options, calls one library function and prints its result.
Errors: every :class:`~netmap.errors.NetmapError` and click usage error becomes a message
on stderr starting with ``error:`` and exit status 2, never a traceback.
"""

from __future__ import annotations

import gc
import os
import sys

import click

from netmap.errors import NetmapError
from netmap.cli.common import cli

# importing the command modules registers their commands on ``cli``
from netmap.cli import basic  # noqa: F401,E402

for _mod in ("scenario_cmds", "failback_cmds", "check_cmds", "draw_cmds", "scale_cmds",
             "import_cmds"):
    try:
        __import__(f"{__name__}.{_mod}")
    except ModuleNotFoundError as _e:  # a command area not built yet
        if _e.name != f"{__name__}.{_mod}":
            raise

__all__ = ["cli", "main", "entry"]


def main(args=None, prog_name="netmap"):
    """Entry point: run ``cli`` and turn every expected failure into ``error:`` + exit 2."""
    # a command is one short process: the cyclic GC only slows it down (see netmap._runtime.gc)
    gc.disable()
    try:
        rv = cli.main(args=args, prog_name=prog_name, standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(2)
    except click.exceptions.NoArgsIsHelpError as e:
        click.echo(e.ctx.get_help() if e.ctx else str(e))
        sys.exit(2)
    except click.UsageError as e:
        msg = e.format_message()
        hint = ""
        if e.ctx is not None:
            hint = f"\n(see '{e.ctx.command_path} --help')"
        click.echo(f"error: {msg}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as e:
        click.echo(f"error: {e.format_message()}", err=True)
        sys.exit(e.exit_code if e.exit_code != 1 else 2)
    except NetmapError as e:
        text = str(e)
        if not text.startswith("error:"):
            text = "error: " + text
        click.echo(text, err=True)
        sys.exit(2)
    except BrokenPipeError:  # e.g. `netmap report | head`
        sys.stderr.close()
        sys.exit(0)
    sys.exit(rv if isinstance(rv, int) else 0)


def entry():
    """The console script: :func:`main`, then leave at once.

    Output is flushed and every file was written whole already; what remains is freeing
    the graph object by object (half a second at 100,000 VMs), which gains nothing.
    """
    code = 0
    try:
        main()
    except SystemExit as e:
        if isinstance(e.code, str):
            click.echo(e.code, err=True)
            code = 1
        else:
            code = e.code or 0
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)
