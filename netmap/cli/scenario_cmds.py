"""Commands that evaluate a scenario: place, failover, reach."""

from __future__ import annotations

import click

from netmap.answers.failover import failover
from netmap.answers.placement import place
from netmap.answers.reach import reach
from netmap.cli.common import (cli, emit, format_option, load_graph, render, scenario_from,
                     scenario_options, topology_argument)


@cli.command("place")
@topology_argument()
@format_option()
@scenario_options
def place_cmd(topology, fmt, **opts):
    """R4: the host for every replica, or why none can take it.

    Without --all/--plan/--vm every protected VM is placed.
    """
    G = load_graph(topology)
    emit(render(place(G, scenario_from(G, **opts)), fmt))


@cli.command("failover")
@topology_argument()
@format_option()
@scenario_options
def failover_cmd(topology, fmt, **opts):
    """R3, R5, R6, R8, R9: replica NICs, groups, isolated and down VMs, broken dependencies.

    \b
    Examples:
      netmap failover topo.yaml --plan Plan-Gold --site-down Beijing
      netmap failover topo.yaml --all --test-network TestNet
    """
    G = load_graph(topology)
    sc = scenario_from(G, **opts)
    if not sc.has_failover and not sc.sites_down:
        raise click.UsageError("say what fails over: --all, --plan P or --vm V "
                               "(or --site-down S)")
    emit(render(failover(G, sc), fmt))


@cli.command("reach")
@topology_argument()
@click.argument("a")
@click.argument("b")
@format_option()
@scenario_options
def reach_cmd(topology, a, b, fmt, **opts):
    """R5 for one pair: can VM A reach VM B, through which networks, and if not, why."""
    G = load_graph(topology)
    emit(render(reach(G, a, b, scenario_from(G, **opts)), fmt))
