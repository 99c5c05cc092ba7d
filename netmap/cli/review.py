"""Commands that review a whole topology: ``check``, ``report`` and ``diff``."""

from __future__ import annotations

import os

import click

from netmap.analysis.checks import CODES, normalize_codes
from netmap.answers.checks import check
from netmap.answers.diff import diff
from netmap.answers.report import FORMATS, report
from netmap._runtime.progress import tracker, wanted
from netmap.cli.options import (emit, format_option, load_topology, output_option,
                                refuse_output_over_input, render, scenario_options,
                                to_scenario, topology_argument, whatif_options)

__all__ = ["check_cmd", "diff_cmd", "report_cmd"]


def _ignore_option(f):
    return click.option(
        "--ignore", multiple=True, metavar="CODE",
        help="Leave out findings of this code, e.g. NM005 (repeatable).")(f)


def _test_network_option(f):
    return click.option("--test-network", default=None,
                        metavar="none|auto|configured|NETWORK",
                        help="Also check a drill of every protected VM (R9): none (no "
                             "network), auto (the isolated copies Site Recovery creates), "
                             "configured (each NIC's own test: settings) or a VM or Azure "
                             "network at the recovery site (NM015, NM020-NM022).")(f)


def _quiet_option(f):
    return click.option("-q", "--quiet", is_flag=True,
                        help="No progress bar (it is shown only when stderr is a terminal).")(f)


def _codes(ignore):
    try:
        return normalize_codes(ignore)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--ignore") from None


_CODE_HELP = "\n".join(f"  {c}  {sev:<7}  {title}" for c, (sev, title) in CODES.items())


@click.command("check", epilog="\b\nCodes:\n" + _CODE_HELP)
@topology_argument(optional=True)
@format_option()
@_test_network_option
@_ignore_option
@whatif_options
@output_option()
@_quiet_option
@click.pass_context
def check_cmd(ctx, topology, fmt, test_network, ignore, remap, unmap, output, quiet):
    """Readiness checks: every finding with its code, severity, object and why.

    Exits 1 when any finding is an error, 0 otherwise. Without TOPOLOGY, checks the
    bundled Beijing/Shanghai example.

    \b
    Examples:
      netmap check topo.yaml
      netmap check topo.yaml --test-network TestNet --ignore NM005 --format json
    """
    refuse_output_over_input(output, topology)
    codes = _codes(ignore)
    G = load_topology(topology)
    sc = to_scenario(G, test_network=test_network, remap=remap, unmap=unmap)
    result = check(G, sc, ignore=codes, track=tracker(wanted(quiet)))
    emit(render(result, fmt), output)
    if result.errors:
        ctx.exit(1)


@click.command("report")
@topology_argument(optional=True)
@format_option(FORMATS, help="Output format (html: one self-contained file).")
@output_option()
@click.option("--strict", is_flag=True, help="Exit 1 when the findings hold an error.")
@_test_network_option
@_ignore_option
@whatif_options
@_quiet_option
@click.pass_context
def report_cmd(ctx, topology, fmt, output, strict, test_network, ignore, remap, unmap, quiet):
    """Everything in one document: summary, mappings, unavailable targets, placements,
    every recovery plan's failover, every site's outage, failback outlook, findings.

    Without TOPOLOGY, reports on the bundled Beijing/Shanghai example.

    \b
    Examples:
      netmap report
      netmap report topo.yaml --format html -o report.html
      netmap report topo.yaml --format json --strict
    """
    refuse_output_over_input(output, topology)
    codes = _codes(ignore)
    G = load_topology(topology)
    sc = to_scenario(G, test_network=test_network, remap=remap, unmap=unmap)
    r = report(G, sc, ignore=codes, track=tracker(wanted(quiet)))
    emit(r.json_chunks() if fmt == "json" else r.render(fmt), output)
    if strict and r.to_dict()["summary"]["error"]:
        ctx.exit(1)


def _same_file(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@scenario_options
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=0),
              help="List at most this many VM pairs gained and lost (counts are exact).")
@format_option()
def diff_cmd(old, new, limit, fmt, **opts):
    """What a change does: mappings, replica NICs, placements, VM pairs gained and lost.

    The same failover (default: every protected VM) is evaluated on OLD and on NEW.
    NEW may be the same file as OLD: --remap/--unmap apply to the NEW side only, so a
    mapping change can be tried before it is made.

    \b
    Examples:
      netmap diff before.yaml after.yaml --site-down Beijing
      netmap diff topo.yaml topo.yaml --remap VMNetwork1-Beijing=VMNetwork2-Shanghai
    """
    G_old = load_topology(old)
    G_new = G_old if _same_file(old, new) else load_topology(new)
    emit(render(diff(G_old, G_new, to_scenario(**opts), limit=limit), fmt))
