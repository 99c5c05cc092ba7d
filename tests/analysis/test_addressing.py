"""R3's replica addresses (netmap.analysis.addressing), and their place in the failover view."""

from __future__ import annotations

import netmap
from netmap.analysis import addressing, failover
from netmap.analysis.addressing import (
    ReplicaNic, SubnetPool, assign_addresses, lowest_free, prefix_info, subnet_pools)
from netmap.analysis.failover import evaluate
from netmap.model.ip import ip_text, parse_ip
from netmap.model.scenario import Scenario
from netmap.model.topology import as_topology

# one target subnet of four hosts: P1 (running) holds .1; A keeps .2, B's .1 is held, C's
# address is outside the prefix, D's is the network address, E never starts (site Z down)
TOPOLOGY = """
netmap: 1
sites: [{name: A}, {name: B}, {name: Z}]
vmm_servers: [{name: VMM-A, site: A}, {name: VMM-B, site: B}, {name: VMM-Z, site: Z}]
logical_networks:
  - {name: LN-A, vmm: VMM-A}
  - {name: LN-B, vmm: VMM-B}
  - {name: LN-Z, vmm: VMM-Z}
vm_networks:
  - {name: Net-A, logical_network: LN-A, subnets: [{name: S1, prefix: 10.9.0.0/24}]}
  - {name: Net-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/29}]}
  - {name: Net-Z, logical_network: LN-Z, subnets: [{name: S1, prefix: 10.1.0.0/29}]}
clouds:
  - {name: Cloud-A, vmm: VMM-A, logical_networks: [LN-A]}
  - {name: Cloud-B, vmm: VMM-B, logical_networks: [LN-B]}
  - {name: Cloud-Z, vmm: VMM-Z, logical_networks: [LN-Z]}
protection:
  - {protected: Cloud-A, protecting: Cloud-B}
network_mappings:
  - {source: Net-A, target: Net-B}
vms:
  - {name: P1, cloud: Cloud-B, nics: [{network: Net-B, subnet: S1, ip: 10.1.0.1}]}
  - {name: VA, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1, ip: 10.1.0.2}]}
  - {name: VB, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1, ip: 10.1.0.1}]}
  - {name: VC, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1, ip: 10.9.0.7}]}
  - {name: VD, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1, ip: 10.1.0.0}]}
"""


def _topology():
    return netmap.loads(TOPOLOGY)


def test_prefix_info_hosts():
    assert prefix_info("10.0.0.0/24") == (4, parse_ip("10.0.0.1")[1], parse_ip("10.0.0.254")[1])
    assert prefix_info("10.0.0.5/32") == (4, parse_ip("10.0.0.5")[1], parse_ip("10.0.0.5")[1])
    v6 = prefix_info("fd00::/64")
    assert v6[0] == 6 and ip_text(6, v6[1]) == "fd00::1"
    assert prefix_info(None) is None and prefix_info("") is None and prefix_info("x/33") is None


def test_lowest_free_and_start():
    assert lowest_free("10.0.0.0/29", set()) == "10.0.0.1"
    taken = {parse_ip(f"10.0.0.{i}")[1] for i in (1, 2, 4)}
    assert lowest_free("10.0.0.0/29", taken) == "10.0.0.3"
    assert lowest_free("10.0.0.0/29", taken, start=parse_ip("10.0.0.4")[1]) == "10.0.0.5"
    assert lowest_free("not a prefix", set()) is None


def test_pool_remembers_its_low_water_mark():
    pool = SubnetPool("10.0.0.0/29", prefix_info("10.0.0.0/29"), set())
    got = []
    for _ in range(7):
        a = pool.free()
        if a is not None:
            pool.held.add(a)
        got.append(None if a is None else ip_text(4, a))
    assert got == [f"10.0.0.{i}" for i in range(1, 7)] + [None]


def test_subnet_pools_hold_running_primaries_only():
    ix = as_topology(_topology())
    (name, pool), = subnet_pools(ix, "Net-B", lambda vm: True).items()
    assert name == "S1" and pool.held == {parse_ip("10.1.0.1")[1]}
    assert subnet_pools(ix, "Net-B", lambda vm: False)["S1"].held == set()


def test_assign_addresses_in_name_order_with_reasons():
    v = evaluate(_topology(), Scenario(all=True))
    got = assign_addresses(v.ix, v.failed_over, v.routes, v.primary_running)
    assert {vm: [(n.ip, n.ip_retained) for n in nics] for vm, nics in got.items()} == {
        "VA": [("10.1.0.2", True)],
        "VB": [("10.1.0.3", False)],   # .1 is P1's
        "VC": [("10.1.0.4", False)],   # outside the prefix
        "VD": [("10.1.0.5", False)],   # the network address is not a host
    }
    kinds = [got[vm][0].reason.kind.name for vm in ("VB", "VC", "VD")]
    assert kinds == ["IP_HELD", "IP_OUTSIDE_PREFIX", "IP_NOT_HOST"]
    assert all(isinstance(n, ReplicaNic) for nics in got.values() for n in nics)


def test_idle_replicas_claim_nothing_and_come_last():
    v = evaluate(_topology(), Scenario(all=True))
    got = assign_addresses(v.ix, v.failed_over, v.routes, v.primary_running, idle={"VA"})
    # VA never starts: VB takes the lowest free address first; VA's own .2 is then held
    assert got["VB"][0].ip == "10.1.0.2" and got["VA"][0].ip == "10.1.0.5"
    assert list(got) == ["VB", "VC", "VD", "VA"]


def test_view_delegates_and_failover_reexports():
    v = evaluate(_topology(), Scenario(all=True))
    direct = assign_addresses(v.ix, v.failed_over, v.routes, v.primary_running)
    assert {vm: v.replica_nics(vm) for vm in v.failed_over} == direct
    assert failover.ReplicaNic is addressing.ReplicaNic
    assert failover.lowest_free is addressing.lowest_free
