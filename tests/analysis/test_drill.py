"""R9 (netmap.analysis.drill): test-network isolation, and the view's delegating method."""

from __future__ import annotations

import netmap
from netmap.analysis import drill
from netmap.analysis.failover import evaluate
from netmap.model.scenario import Scenario

TOPOLOGY = """
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VMM-A, site: A}, {name: VMM-B, site: B}]
logical_networks:
  - {name: LN-A, vmm: VMM-A}
  - {name: LN-B, vmm: VMM-B}
vm_networks:
  - {name: Net-A, logical_network: LN-A, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - {name: Net-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - {name: Test-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - {name: Lab-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
clouds:
  - {name: Cloud-A, vmm: VMM-A, logical_networks: [LN-A]}
  - {name: Cloud-B, vmm: VMM-B, logical_networks: [LN-B]}
protection:
  - {protected: Cloud-A, protecting: Cloud-B}
network_mappings:
  - {source: Net-A, target: Net-B}
links:
  - {networks: [Lab-B, Net-A]}
vms:
  - {name: WEB, cloud: Cloud-A, nics: [{network: Net-A}]}
"""


def _view(test_network, **kw):
    return evaluate(netmap.loads(TOPOLOGY), Scenario(all=True, test_network=test_network, **kw))


def _kind(result):
    ok, why = result
    return ok, why.kind.name


def test_isolated_mapped_joined_and_no_drill():
    assert _kind(drill.isolation(_view("Test-B"))) == (True, "TEST_NETWORK_ISOLATED")
    assert _kind(drill.isolation(_view("Net-B"))) == (False, "TEST_NETWORK_MAPPED")
    ok, why = drill.isolation(_view("Lab-B"))
    assert (ok, why.kind.name, why.joined, why.vm) == (False, "TEST_NETWORK_JOINED", "Net-A",
                                                      "WEB")
    assert drill.isolation(evaluate(netmap.loads(TOPOLOGY), Scenario(all=True))) == (None, None)


def test_site_down_cuts_the_join():
    # with site A down, WEB's primary is not running and Net-A carries no traffic
    ok, _ = drill.isolation(_view("Lab-B", sites_down=("A",)))
    assert ok is True


def test_view_method_delegates():
    for n in ("Test-B", "Net-B", "Lab-B"):
        v = _view(n)
        assert v.test_isolation() == drill.isolation(v)
