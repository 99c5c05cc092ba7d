"""Shared pieces of the commands: arguments, options, loading, output.

Every command takes its options from here, so one option means the same everywhere:

* :func:`topology_argument`: the topology file, first argument of every command;
* :func:`format_option` and :func:`output_option`: what to print, and where;
* :func:`whatif_options` (``--remap``, ``--unmap``) and :func:`scenario_options`
  (``--all --plan --vm --site-down --test-network`` plus the what-if options), turned
  into a checked :class:`~netmap.model.scenario.Scenario` by :func:`to_scenario`;
* :func:`load_topology`, :func:`emit` and :func:`render`: read the topology, write the
  answer whole (to stdout or a file).

Nothing here prints an ``error:`` line: errors are raised, and
:func:`netmap.cli.app.main` words them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Callable

import click

from netmap.errors import NetmapError
from netmap.io.files import write_atomic
from netmap.io.cache import cached_load_graph
from netmap.io.load import example_path, load_graph_bytes
from netmap.topology import Topology, load as _load

__all__ = ["emit", "format_option", "load_topology", "output_option", "pairs",
           "quiet_stdout", "refuse_output_over_input", "render", "scenario_options", "to_scenario",
           "topology_argument", "whatif_options", "write_file"]


def topology_argument(optional: bool = False) -> Callable:
    """The topology file, first argument of every command (optional: the bundled example)."""
    if optional:
        return click.argument("topology", required=False, default=None,
                              type=click.Path(dir_okay=False))
    return click.argument("topology", type=click.Path(dir_okay=False))


def load_topology(path: str | None) -> Topology:
    """Load ``path`` (or the bundled example when None) as a :class:`~netmap.Topology`.

    Every command holds the one Topology it loaded and passes it to the questions, so its
    records are built once per file (a bare graph's topology is cached only as long as
    someone holds it). A large file's checked graph comes from the user's cache when the
    same file was read before (:mod:`netmap.io.cache`).
    """
    if path is None:
        path = example_path()
    elif not os.path.exists(path):
        raise click.BadParameter(f"file '{path}' does not exist", param_hint="TOPOLOGY")
    else:  # a large file's checked graph is kept in the user's cache (netmap.io.cache)
        return Topology.from_graph(cached_load_graph(path, load_graph_bytes))
    return _load(path)


def format_option(choices: tuple[str, ...] = ("text", "json"), help: str = "Output format.") \
        -> Callable:
    """``--format`` (stored as ``fmt``), text by default."""
    return click.option("--format", "fmt", type=click.Choice(choices), default="text",
                        show_default=True, help=help)


def output_option(required: bool = False,
                  help: str = "Write to this file (whole or not at all).") -> Callable:
    """``-o/--output FILE`` (``-``: standard output).

    A required option gets no default: click 8.4 and later ignore ``required=True`` next to
    ``default=None`` and call the command without the file.
    """
    default = {} if required else {"default": None}
    return click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
                        required=required, help=help, **default)


def pairs(values: tuple[str, ...], what: str = "--remap") -> tuple[tuple[str, str], ...]:
    """``SOURCE=TARGET`` values as ``(source, target)`` pairs; ``what`` names the option."""
    out = []
    for v in values:
        if "=" not in v:
            raise click.BadParameter(f"'{v}' is not SOURCE=TARGET", param_hint=what)
        s, t = v.split("=", 1)
        if not s or not t:
            raise click.BadParameter(f"'{v}' is not SOURCE=TARGET", param_hint=what)
        out.append((s, t))
    return tuple(out)


def whatif_options(f: Callable) -> Callable:
    """``--remap SOURCE=TARGET`` and ``--unmap SOURCE``: mapping changes tried as a view."""
    f = click.option("--unmap", multiple=True, metavar="SOURCE",
                     help="What-if: treat this network as not mapped, to any site "
                          "(repeatable).")(f)
    f = click.option("--remap", multiple=True, metavar="SOURCE=TARGET",
                     help="What-if: map SOURCE to TARGET at TARGET's site instead "
                          "(repeatable).")(f)
    return f


def scenario_options(f: Callable) -> Callable:
    """``--all --plan --vm --site-down --test-network`` plus the what-if options (R5, R6, R9)."""
    f = whatif_options(f)
    f = click.option("--test-network", default=None,
                     metavar="none|auto|configured|NETWORK",
                     help="Test failover (R9), on the replica's host, primaries running: "
                          "none (every drill NIC disconnected), auto (Site Recovery "
                          "creates an isolated copy NAME-test of each target network), "
                          "configured (each NIC's own test: settings; a NIC without them "
                          "is disconnected) or a VM or Azure network at the recovery "
                          "site. The words none, auto and configured always mean these "
                          "modes.")(f)
    f = click.option("--site-down", "sites_down", multiple=True, metavar="SITE",
                     help="Take this site out (repeatable).")(f)
    f = click.option("--vm", "vms", multiple=True, metavar="VM",
                     help="Fail over this VM (repeatable).")(f)
    f = click.option("--plan", "plans", multiple=True, metavar="PLAN",
                     help="Fail over this recovery plan (repeatable).")(f)
    f = click.option("--all", "all_", is_flag=True, help="Fail over every protected VM.")(f)
    return f


def to_scenario(G=None, *, all_: bool = False, plans=(), vms=(), sites_down=(),
                test_network: str | None = None, remap=(), unmap=()):
    """A :class:`~netmap.model.scenario.Scenario` from command-line values.

    Checked against ``G`` (names, what-if rules) when ``G`` is given; unchecked
    otherwise (``diff`` checks it against both of its topologies).
    """
    from netmap.model.scenario import Scenario

    sc = Scenario(all=all_, plans=tuple(plans), vms=tuple(vms), sites_down=tuple(sites_down),
                  test_network=test_network, remap=pairs(remap, "--remap"),
                  unmap=tuple(unmap))
    return sc if G is None else sc.checked(G)


def refuse_output_over_input(output: str | None, *inputs: str | None) -> None:
    """Refuse, before any work, an ``-o`` file that is one of the command's input files.

    ``inputs`` are files, or folders whose files are all inputs (``import asr``); ``None``
    stands for the bundled example.
    """
    if not output or output == "-" or not os.path.exists(output):
        return
    for given in inputs:
        given = example_path() if given is None else given
        paths = ([os.path.join(given, n) for n in sorted(os.listdir(given))]
                 if os.path.isdir(given) else [given])
        for p in paths:
            if os.path.exists(p) and os.path.samefile(output, p):
                raise click.BadParameter(f"'{output}' is an input of this command: "
                                         "writing the output there would destroy it",
                                         param_hint="'-o' / '--output'")


def quiet_stdout() -> None:
    """After a broken pipe: point standard output at /dev/null, so that the command ends
    with its usual status and flushing what is left raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no descriptor (a test runner's stream)
        pass


def _to_stdout(data: str | bytes | Iterable[bytes]) -> None:
    """Write ``data`` (text, bytes or pieces of bytes) to standard output; a reader that
    has gone (``| head``) is no error."""
    try:
        if isinstance(data, str):
            click.echo(data, nl=False)
            return
        sys.stdout.flush()
        stream = getattr(sys.stdout, "buffer", None)
        for piece in ([data] if isinstance(data, bytes) else data):
            if stream is None:  # a text-only stdout (some test runners, some notebooks)
                sys.stdout.write(piece.decode("utf-8", "replace"))
            else:
                stream.write(piece)
        if stream is not None:
            stream.flush()
    except BrokenPipeError:
        quiet_stdout()


def write_file(path: str, data: str | bytes | Iterable[bytes]) -> None:
    """Write ``data`` to ``path`` whole (``-``: standard output); a failure is a
    :class:`NetmapError`."""
    if path == "-":
        _to_stdout(data)
        return
    try:
        write_atomic(path, data)
    except OSError as e:
        raise NetmapError(f"cannot write '{path}': {e.strerror}") from None


def emit(text: str | bytes | Iterable[bytes], output: str | None = None) -> None:
    """Print ``text`` (or bytes, or pieces of bytes) or write it to ``output`` whole."""
    if output:
        write_file(output, text)
    else:
        _to_stdout(text)


def render(result, fmt: str) -> str:
    """A result as text or JSON."""
    return result.to_json() if fmt == "json" else str(result)
