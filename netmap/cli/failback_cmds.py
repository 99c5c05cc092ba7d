"""Commands for changes after and before a failover: failback (R7) and diff."""

from __future__ import annotations

import os

import click

from netmap.answers.diff import diff
from netmap.answers.failback import failback
from netmap.model.scenario import Scenario
from netmap.cli.common import (_pairs, cli, emit, format_option, load_graph, render, scenario_options,
                     topology_argument, whatif_options)


@cli.command("failback")
@topology_argument()
@click.option("--vm", "vms", multiple=True, metavar="VM",
              help="Fail back this VM (repeatable; default: every protected VM).")
@click.option("--replica-nic", "replica_nics", multiple=True,
              metavar="VM[:INDEX]=NETWORK[/SUBNET]|VM[:INDEX]=-",
              help="Where the replica's NIC is now, if it changed after failover; '-' means "
                   "disconnected; INDEX picks a NIC other than the first (repeatable).")
@whatif_options
@format_option()
def failback_cmd(topology, vms, replica_nics, remap, unmap, fmt):
    """R7: which network each primary NIC rejoins when its VM fails back.

    Each primary NIC reconnects to the network its replica NIC's network R is mapped to
    now (after --remap/--unmap); no R or no mapping for R: disconnected, with the reason.

    \b
    Examples (the seed's failback table):
      netmap failback topo.yaml --vm VM1
      netmap failback topo.yaml --vm VM1 --replica-nic VM1=-
      netmap failback topo.yaml --vm VM1 --replica-nic VM1=VMNetwork2-Shanghai
      netmap failback topo.yaml --vm VM1 --remap VMNetwork1-Shanghai=VMNetwork2-Beijing
    """
    G = load_graph(topology)
    emit(render(failback(G, vms=list(vms) or None, replica_nics=replica_nics,
                         remap=_pairs(remap, "--remap"), unmap=unmap), fmt))


def _same_file(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@cli.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@scenario_options
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=0),
              help="List at most this many VM pairs gained and lost (counts are exact).")
@format_option()
def diff_cmd(old, new, limit, fmt, all_, plans, vms, sites_down, test_network, remap, unmap):
    """What a change does: mappings, replica NICs, placements, VM pairs gained and lost.

    The same failover (default: every protected VM) is evaluated on OLD and on NEW.
    NEW may be the same file as OLD: --remap/--unmap apply to the NEW side only, so a
    mapping change can be tried before it is made.

    \b
    Examples:
      netmap diff before.yaml after.yaml --site-down Beijing
      netmap diff topo.yaml topo.yaml --remap VMNetwork1-Beijing=VMNetwork2-Shanghai
    """
    G_old = load_graph(old)
    G_new = G_old if _same_file(old, new) else load_graph(new)
    sc = Scenario(all=all_, plans=tuple(plans), vms=tuple(vms), sites_down=tuple(sites_down),
                  test_network=test_network, remap=_pairs(remap, "--remap"),
                  unmap=tuple(unmap))
    emit(render(diff(G_old, G_new, sc, limit=limit), fmt))
