"""The ``netmap`` group, its entry points, and the wording of every error.

The command line owns every flag name and every ``error:`` prefix. Library errors
speak in domain terms ("a network is remapped twice"); :func:`error_text` words them
for the command line: it adds ``error:`` (to every line of a
:class:`~netmap.errors.TopologyError`) and, for the errors that are about a value the
user gave with an option, names that option (``--remap``, ``--replica-nic``). The
translation reads the error's ``code`` and ``details``, never its message.
"""

from __future__ import annotations

import gc
import os
import sys

import click

from netmap.errors import NetmapError, Problem, ScenarioError, TopologyError

__all__ = ["cli", "entry", "error_text", "main", "warning_text"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="netmap", prog_name="netmap")
def cli():
    """netmap: where every protected VM lands, and who can still talk, after a failover.

    Give a topology file (YAML or JSON, `netmap: 1`); report, check and draw use the
    bundled Beijing/Shanghai example when no file is given.
    """


def _flag_wording(e: ScenarioError) -> str | None:
    """The command line's wording of a domain error about an option's value, or None."""
    d = e.details
    if e.code == "remapped_twice":
        return "a network is remapped twice: give one --remap per source and site"
    if e.code == "replica_nic":
        return f"--replica-nic '{d['text']}': {d['problem']}"
    if e.code == "replica_nic_vm":
        why = "it is not protected" if not d["protected"] else \
            f"it is not failing back (add --vm {d['vm']})"
        return f"--replica-nic names VM '{d['vm']}', but {why}"
    if e.code == "replica_nic_twice":
        return f"--replica-nic given twice for {d['vm']} NIC {d['nic']}"
    return None


def error_text(e: NetmapError) -> str:
    """What the command line prints for ``e``: ``error:`` lines, in its own words.

    >>> print(error_text(ScenarioError("a network is remapped twice", code="remapped_twice")))
    error: a network is remapped twice: give one --remap per source and site
    >>> print(error_text(TopologyError([Problem("t.yaml", 2, "", "duplicate key 'a'")])))
    error: t.yaml:2: duplicate key 'a'
    """
    if isinstance(e, TopologyError):
        return "\n".join(f"error: {p}" for p in e.problems)
    text = (_flag_wording(e) if isinstance(e, ScenarioError) else None) or str(e)
    return text if text.startswith("error:") else "error: " + text


def warning_text(w: Problem) -> str:
    """A warning as the command line prints it: ``warning: FILE:LINE: PATH: MESSAGE``."""
    return f"warning: {w}"


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
        path = e.ctx.command_path if e.ctx is not None else prog_name
        click.echo(f"error: missing command (see '{path} --help')", err=True)
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
        click.echo(error_text(e), err=True)
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
