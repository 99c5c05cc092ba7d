"""The ``netmap`` group, its entry points, and the wording of every error.

The command line owns every flag name and every ``error:`` prefix. Library errors
speak in domain terms ("a network is remapped twice"); :func:`error_text` words them
for the command line: it adds ``error:`` (to every line of a
:class:`~netmap.errors.TopologyError`) and, for the errors that are about a value the
user gave with an option, names that option (``--remap``, ``--replica-nic``). The
translation reads the error's ``code`` and ``details``, never its message.
"""

from __future__ import annotations

import errno
import gc
import io
import os
import sys
import traceback

import click

from netmap._runtime.text import printable
from netmap.cli.options import quiet_stdout
from netmap.errors import NetmapError, Problem, ScenarioError, TopologyError

__all__ = ["EXIT_INTERNAL", "MAX_ERROR_LINES", "cli", "entry", "error_text", "main",
           "warning_text"]

#: the exit status of an internal error (a bug in netmap), distinct from 0, 1 and 2
EXIT_INTERNAL = 3

#: at most this many problems are printed, then "and N more"
MAX_ERROR_LINES = 50


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             no_args_is_help=False)
@click.version_option(package_name="netmap", prog_name="netmap")
def cli():
    """netmap: where every protected VM lands, and who can still talk, after a failover.

    Give a topology file (YAML or JSON, `netmap: 1`); report, check and draw use the
    bundled Beijing/Shanghai example when no file is given.

    \b
    Exit status:
      0  done
      1  findings (check, report --strict)
      2  bad input, bad usage, or an output that cannot be written
      3  an internal error (a bug in netmap: please report it; NETMAP_DEBUG=1 shows
         the traceback)

    \b
    Environment:
      NETMAP_MAX_INPUT  largest input file read, in MB (default 512)
      NETMAP_DEBUG      set: an internal error prints its traceback
      NETMAP_WORKERS    1: never fork a helper process
      NETMAP_CACHE      0: do not cache large topologies in ~/.cache/netmap
                        (or $XDG_CACHE_HOME/netmap; remove that folder to clear it)
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
    if e.code == "choose":
        return f"--choose: {d['problem']}"
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
        problems = e.problems
        lines = [f"error: {printable(str(p))}" for p in problems[:MAX_ERROR_LINES]]
        if len(problems) > MAX_ERROR_LINES:
            lines.append(f"error: ... and {len(problems) - MAX_ERROR_LINES:,} more problems "
                         f"(the first {MAX_ERROR_LINES} are shown)")
        return "\n".join(lines)
    if isinstance(e, ScenarioError):  # about names given on the command line: one line
        text = printable(_flag_wording(e) or str(e))
    else:
        text = printable(str(e), keep_newlines=True)
    return text if text.startswith("error:") else "error: " + text


def warning_text(w: Problem) -> str:
    """A warning as the command line prints it: ``warning: FILE:LINE: PATH: MESSAGE``."""
    return f"warning: {printable(str(w))}"


def _say(text: str) -> None:
    """Print ``text`` on stderr; an unwritable stderr (closed, full) is no reason to fail."""
    try:
        click.echo(text, err=True)
    except (OSError, ValueError, AttributeError):
        pass


class _ClosedStream(io.TextIOBase):
    """Standard output when the process was started with it closed (``>&-``): writing to
    it fails the way writing to a closed descriptor does, so nothing is lost silently."""

    def writable(self):
        return True

    def write(self, s):
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self):
        pass


def _prepare_streams() -> None:
    """Standard streams that cannot crash netmap: a closed stdout fails on write (an
    ``error:`` line), and a terminal or pipe that is not UTF-8 (``PYTHONIOENCODING=ascii``)
    gets ``\\u`` escapes instead of an encoding error."""
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if enc and enc != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot change
                pass


def _internal_error(e: BaseException) -> int:
    """Print one line about an unexpected exception (the traceback with NETMAP_DEBUG)."""
    if os.environ.get("NETMAP_DEBUG"):
        _say("".join(traceback.format_exception(type(e), e, e.__traceback__)).rstrip())
    if isinstance(e, MemoryError):
        what = "out of memory"
    else:
        what = printable(f"{type(e).__name__}: {e}".splitlines()[0] if str(e)
                         else type(e).__name__)
        if len(what) > 200:
            what = what[:197] + "..."
    _say(f"error: internal error: {what}\n(this is a bug in netmap: please report it with "
         "the command that failed; NETMAP_DEBUG=1 shows the traceback)")
    return EXIT_INTERNAL


def main(args=None, prog_name="netmap"):
    """Entry point: run ``cli``; turn every expected failure into ``error:`` + exit 2, and
    an unexpected one into one line + exit :data:`EXIT_INTERNAL`, never a traceback."""
    # a command is one short process: the cyclic GC only slows it down (see netmap._runtime.gc)
    gc.disable()
    # the command line only writes image files: a GUI backend named in the environment
    # (or a misspelt one, which makes importing matplotlib fail) plays no part
    if "MPLBACKEND" in os.environ:
        os.environ["MPLBACKEND"] = "agg"
    _prepare_streams()
    try:
        rv = cli.main(args=args, prog_name=prog_name, standalone_mode=False)
    except click.exceptions.Abort:
        _say("error: aborted")
        sys.exit(2)
    except KeyboardInterrupt:
        _say("error: interrupted")
        sys.exit(2)
    except click.UsageError as e:
        if e.ctx is not None and isinstance(e.ctx.command, click.Group) \
                and e.format_message() == "Missing command.":
            # `netmap` or `netmap import` alone (the same on every click the package
            # allows: groups do not use click's no_args_is_help, which exits 0 before
            # click 8.2 and raises NoArgsIsHelpError after)
            try:
                click.echo(e.ctx.get_help())
            except OSError:
                pass
            _say(f"error: missing command (see '{e.ctx.command_path} --help')")
            sys.exit(2)
        msg = printable(e.format_message())
        hint = ""
        if e.ctx is not None:
            hint = f"\n(see '{e.ctx.command_path} --help')"
        _say(f"error: {msg}{hint}")
        sys.exit(2)
    except click.ClickException as e:
        _say(f"error: {printable(e.format_message())}")
        sys.exit(e.exit_code if e.exit_code not in (0, 1) else 2)
    except NetmapError as e:
        _say(error_text(e))
        sys.exit(2)
    except BrokenPipeError:  # e.g. `netmap mappings T | head`: the reader has gone
        quiet_stdout()
        sys.exit(0)
    except OSError as e:  # standard output full (/dev/full) or closed, a file unreadable
        _say(f"error: {printable(e.strerror or str(e))}")
        sys.exit(2)
    except SystemExit:
        raise
    except Exception as e:  # a bug: one line, and a status of its own
        sys.exit(_internal_error(e))
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
            _say(f"error: {printable(e.code)}")
            code = 2
        else:
            code = e.code or 0
    except BaseException as e:  # pragma: no cover - main catches everything it should
        code = _internal_error(e)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except (OSError, ValueError, AttributeError) as e:
        _say(f"error: cannot write standard output: {getattr(e, 'strerror', None) or e}")
        code = code or 2
    try:
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    os._exit(code)
