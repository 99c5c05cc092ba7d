"""Shared pieces of the command line: the group, output options and scenario options."""

from __future__ import annotations

import functools
import os

import click

from netmap.errors import NetmapError
from netmap.io.load import example_path, load, write_atomic

__all__ = ["cli", "topology_argument", "format_option", "output_option", "scenario_options",
           "whatif_options", "emit", "load_graph", "scenario_from"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="netmap", prog_name="netmap")
def cli():
    """netmap: where every protected VM lands, and who can still talk, after a failover.

    Give a topology file (YAML or JSON, `netmap: 1`); report, check and draw use the
    bundled Beijing/Shanghai example when no file is given.
    """


def topology_argument(optional=False):
    """The topology file, first argument of every command."""
    if optional:
        return click.argument("topology", required=False, default=None,
                              type=click.Path(dir_okay=False))
    return click.argument("topology", type=click.Path(dir_okay=False))


def load_graph(path):
    """Load ``path`` (or the bundled example when None) and return the graph."""
    if path is None:
        path = example_path()
    elif not os.path.exists(path):
        raise click.BadParameter(f"file '{path}' does not exist", param_hint="TOPOLOGY")
    return load(path)


def format_option(choices=("text", "json")):
    return click.option("--format", "fmt", type=click.Choice(choices), default="text",
                        show_default=True, help="Output format.")


def output_option(required=False, help="Write to this file (whole or not at all)."):
    return click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
                        required=required, default=None, help=help)


def _pairs(values, what):
    out = []
    for v in values:
        if "=" not in v:
            raise click.BadParameter(f"'{v}' is not SOURCE=TARGET", param_hint=what)
        s, t = v.split("=", 1)
        if not s or not t:
            raise click.BadParameter(f"'{v}' is not SOURCE=TARGET", param_hint=what)
        out.append((s, t))
    return tuple(out)


def whatif_options(f):
    """``--remap SOURCE=TARGET`` and ``--unmap SOURCE``: mapping changes tried as a view."""
    f = click.option("--unmap", multiple=True, metavar="SOURCE",
                     help="What-if: treat this network as not mapped (repeatable).")(f)
    f = click.option("--remap", multiple=True, metavar="SOURCE=TARGET",
                     help="What-if: map SOURCE to TARGET instead (repeatable).")(f)
    return f


def scenario_options(f):
    """``--all --plan --vm --site-down --test-network`` plus the what-if options (R5, R6, R9)."""
    f = whatif_options(f)
    f = click.option("--test-network", default=None, metavar="NETWORK",
                     help="Test failover (R9): attach every replica NIC to NETWORK.")(f)
    f = click.option("--site-down", "sites_down", multiple=True, metavar="SITE",
                     help="Take this site out (repeatable).")(f)
    f = click.option("--vm", "vms", multiple=True, metavar="VM",
                     help="Fail over this VM (repeatable).")(f)
    f = click.option("--plan", "plans", multiple=True, metavar="PLAN",
                     help="Fail over this recovery plan (repeatable).")(f)
    f = click.option("--all", "all_", is_flag=True, help="Fail over every protected VM.")(f)
    return f


def scenario_from(G, all_=False, plans=(), vms=(), sites_down=(), test_network=None,
                  remap=(), unmap=()):
    """Build a checked :class:`netmap.model.scenario.Scenario` from command-line values."""
    from netmap.model.scenario import Scenario

    return Scenario(all=all_, plans=tuple(plans), vms=tuple(vms), sites_down=tuple(sites_down),
                    test_network=test_network, remap=_pairs(remap, "--remap"),
                    unmap=tuple(unmap)).checked(G)


def emit(text, output=None):
    """Print ``text`` or write it to ``output`` whole."""
    if output:
        try:
            write_atomic(output, text)
        except OSError as e:
            raise NetmapError(f"cannot write '{output}': {e.strerror}") from None
    else:
        click.echo(text, nl=False)


def render(result, fmt):
    """A result as text or JSON."""
    return result.to_json() if fmt == "json" else str(result)


def pass_errors(f):
    """Let :class:`NetmapError` through untouched (``main`` reports it)."""
    @functools.wraps(f)
    def wrapper(*a, **kw):
        return f(*a, **kw)
    return wrapper
