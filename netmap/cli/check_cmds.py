"""Commands that judge a whole topology: ``check`` (SPEC §4) and ``report``."""

from __future__ import annotations

import click

from netmap.analysis.checks import CODES, normalize_codes
from netmap.answers.checks import check
from netmap._runtime.progress import tracker, wanted
from netmap.answers.report import FORMATS, report
from netmap.model.scenario import Scenario
from netmap.cli.common import _pairs, cli, emit, load_graph, output_option, topology_argument, \
    whatif_options


def _ignore_option(f):
    return click.option(
        "--ignore", multiple=True, metavar="CODE",
        help="Leave out findings of this code, e.g. NM005 (repeatable).")(f)


def _test_network_option(f):
    return click.option("--test-network", default=None, metavar="NETWORK",
                        help="Check that this test network is isolated (NM015).")(f)


def _quiet_option(f):
    return click.option("-q", "--quiet", is_flag=True,
                        help="No progress bar (it is shown only when stderr is a terminal).")(f)


def _scenario(G, test_network, remap, unmap):
    return Scenario(test_network=test_network, remap=_pairs(remap, "--remap"),
                    unmap=tuple(unmap)).checked(G)


def _codes(ignore):
    try:
        return normalize_codes(ignore)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--ignore") from None


_CODE_HELP = "\n".join(f"  {c}  {sev:<7}  {title}" for c, (sev, title) in CODES.items())


@cli.command("check", epilog="\b\nCodes:\n" + _CODE_HELP)
@topology_argument(optional=True)
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="Output format.")
@_test_network_option
@_ignore_option
@whatif_options
@output_option()
@_quiet_option
@click.pass_context
def check_cmd(ctx, topology, fmt, test_network, ignore, remap, unmap, output, quiet):
    """§4 readiness checks: every finding with its code, severity, object and why.

    Exits 1 when any finding is an error, 0 otherwise. Without TOPOLOGY, checks the
    bundled Beijing/Shanghai example.

    \b
    Examples:
      netmap check topo.yaml
      netmap check topo.yaml --test-network TestNet --ignore NM005 --format json
    """
    codes = _codes(ignore)
    G = load_graph(topology)
    sc = _scenario(G, test_network, remap, unmap)
    result = check(G, sc, ignore=codes, track=tracker(wanted(quiet)))
    emit(result.to_json() if fmt == "json" else str(result), output)
    if result.errors:
        ctx.exit(1)


@cli.command("report")
@topology_argument(optional=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format (html: one self-contained file).")
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
    codes = _codes(ignore)
    G = load_graph(topology)
    sc = _scenario(G, test_network, remap, unmap)
    r = report(G, sc, ignore=codes, track=tracker(wanted(quiet)))
    emit(r.render(fmt), output)
    if strict and r.to_dict()["summary"]["error"]:
        ctx.exit(1)
