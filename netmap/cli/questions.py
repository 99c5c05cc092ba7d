"""The questions: ``mappings`` (R1), ``targets`` (R2), ``place`` (R4), ``failover``
(R3, R5, R6, R8, R9), ``reach`` (R5 for one pair) and ``failback`` (R7).

Each command parses its options, calls one library function and prints its answer.
"""

from __future__ import annotations

import click

from netmap.answers.failback import failback
from netmap.answers.failover import failover
from netmap.answers.mapping import mappings, target_choices
from netmap.answers.placement import CANDIDATE_LIMIT, place
from netmap.answers.reach import reach
from netmap.cli.options import (emit, format_option, load_topology, pairs, render,
                                scenario_options, to_scenario, topology_argument,
                                whatif_options)

__all__ = ["failback_cmd", "failover_cmd", "mappings_cmd", "place_cmd", "reach_cmd",
           "targets_cmd"]


@click.command("mappings")
@topology_argument()
@format_option()
@whatif_options
def mappings_cmd(topology, fmt, remap, unmap):
    """R1: every mapping (one target per site), and every VM network "not mapped"."""
    G = load_topology(topology)
    emit(render(mappings(G, remap=pairs(remap, "--remap"), unmap=unmap), fmt))


@click.command("targets")
@topology_argument()
@click.argument("source")
@format_option()
def targets_cmd(topology, source, fmt):
    """R2: the target networks one can select for SOURCE, per protected cloud."""
    G = load_topology(topology)
    emit(render(target_choices(G, source), fmt))


@click.command("place")
@topology_argument()
@format_option()
@scenario_options
@click.option("--limit", default=CANDIDATE_LIMIT, show_default=True,
              type=click.IntRange(min=0),
              help="List at most this many candidate hosts per VM in JSON "
                   "(candidate_count is exact).")
def place_cmd(topology, fmt, limit, **opts):
    """R4: the host for every replica, or why none can take it.

    The placement is the topology's (a VM's replica_host first, then largest VMs
    first): --all/--plan/--vm choose the rows (default: every protected VM), --site-down
    marks replicas that do not run, --remap/--unmap change the networks they need.
    """
    G = load_topology(topology)
    emit(render(place(G, to_scenario(G, **opts), limit=limit), fmt))


@click.command("failover")
@topology_argument()
@format_option()
@scenario_options
def failover_cmd(topology, fmt, **opts):
    """R3, R5, R6, R8, R9: replica NICs, groups, isolated and down VMs, broken dependencies.

    \b
    Examples:
      netmap failover topo.yaml --plan Plan-Gold --site-down Beijing
      netmap failover topo.yaml --all --test-network TestNet
      netmap failover topo.yaml --plan Plan-Gold --test-network auto
    """
    G = load_topology(topology)
    sc = to_scenario(G, **opts)
    if not sc.has_failover and not sc.sites_down:
        raise click.UsageError("say what fails over: --all, --plan P or --vm V "
                               "(or --site-down S)")
    emit(render(failover(G, sc), fmt))


@click.command("reach")
@topology_argument()
@click.argument("a")
@click.argument("b")
@format_option()
@scenario_options
def reach_cmd(topology, a, b, fmt, **opts):
    """R5 for one pair: can VM A reach VM B, through which networks, and if not, why."""
    G = load_topology(topology)
    emit(render(reach(G, a, b, to_scenario(G, **opts)), fmt))


@click.command("failback")
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
    now (after --remap/--unmap) at the VM's own site; no R or no such mapping:
    disconnected, with the reason. A VM failed over to Azure fails back to its original
    VM: each NIC returns to its own network, subnet and address (no mapping involved).

    \b
    Examples (the failback table of the bundled example, docs/whatif.md):
      netmap failback topo.yaml --vm VM1
      netmap failback topo.yaml --vm VM1 --replica-nic VM1=-
      netmap failback topo.yaml --vm VM1 --replica-nic VM1=VMNetwork2-Shanghai
      netmap failback topo.yaml --vm VM1 --remap VMNetwork1-Shanghai=VMNetwork2-Beijing
    """
    G = load_topology(topology)
    emit(render(failback(G, vms=list(vms) or None, replica_nics=replica_nics,
                         remap=pairs(remap, "--remap"), unmap=unmap), fmt))
