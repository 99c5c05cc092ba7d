"""The report's site outages (survey.site_outages) against the plain form it replaced: an
outage evaluated VM by VM (every touched VM asked whether it is isolated), on every
fixture and on generated topologies, with and without a what-if."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

import netmap
from netmap.analysis.checks import Analysis, management_servers
from netmap.analysis.failover import evaluate
from netmap.analysis.reasons import Reason, ReasonKind, text_of
from netmap.analysis.connectivity import network_label
from netmap.analysis.survey import site_outages
from netmap.io.generate import generate
from netmap.model.scenario import Scenario


def _reference(a):
    ix = a.ix
    at = defaultdict(list)
    for v in sorted(ix.vm):
        at[ix.site_of_vm(v)].append(v)
    out = []
    for site in sorted(at):
        vms = at[site]
        F = tuple(v for v in vms if ix.container(v).protected)
        view = evaluate(ix, Scenario(vms=F, sites_down=(site,), **a.whatif))
        disconnected = []
        for v in view.failed_over:
            if view.state(v) != "replica":
                continue
            for r in view.routes(v):
                if r.network is None:
                    why = text_of(r.reason)
                elif not view.net.is_up(r.network):
                    why = str(Reason(ReasonKind.NETWORK_DOWN, network=r.network))
                else:
                    continue
                disconnected.append({"vm": v, "nic": r.nic.index, "network": r.nic.network,
                                     "reason": why})
        touched = set(view.failed_over)
        for n in ix.vm_networks_of_site(site):
            touched.update(nic.vm for nic in ix.nics_on.get(n, ()))
        isolated = [{"vm": v, "state": view.state(v),
                     "reason": str(view.isolation_reason(v))}
                    for v in sorted(touched) if view.is_isolated(v)]
        down = [{"vm": v, "reason": text_of(view.down_reason(v))} for v in vms
                if view.state(v) == "down"]
        deps = set(view.failed_over)
        for v in vms:
            deps.update(d for d in ix.dependents.get(v, ()) if view.state(d) != "down")
        broken = view.broken_dependencies(sorted(deps))
        unplaced = [{"vm": v, "protecting_cloud": ix.container(v).protecting,
                     "reason": text_of(view.placement.unplaced_reason(v))}
                    for v in view.unplaced]
        servers = [{"vmm": vmm, "protecting_clouds": [q for _p, q in pairs],
                    "reason": f"{vmm} runs at {site}, which goes down: fail it over first, "
                              f"by hand"}
                   for vmm, pairs in management_servers(ix).items()
                   if ix.vmm_site.get(vmm) == site]
        groups = [{"component": network_label(c), "network_count": len(view.net.members(c)),
                   "vms": [v for v in members if v in view.F],
                   "running": view.running_count(c)}
                  for c, members in view.groups(vms=view.failed_over)]
        out.append({"site": site, "vms": len(vms), "failed_over": len(view.failed_over),
                    "groups": groups, "disconnected": disconnected, "isolated": isolated,
                    "down": down, "broken_dependencies": broken, "unplaced": unplaced,
                    "management_servers": servers})
    return out


def _same(load):
    """site_outages of a fresh load equals the reference on another fresh load (no memo
    shared between the two)."""
    got = site_outages(Analysis(load()))
    assert got == _reference(Analysis(load()))
    return got


def test_outages_equal_the_plain_form_on_every_fixture(topology_file):
    _same(lambda: netmap.load(topology_file))


@pytest.mark.parametrize("vms,seed", [(2000, 1), (3000, 4)])
def test_outages_equal_the_plain_form_on_generated(vms, seed):
    text = json.dumps(generate(vms, seed))
    got = _same(lambda: netmap.loads(text, "g.json"))
    # the comparison means something: replicas disconnected and dependencies broken
    assert any(o["disconnected"] for o in got) and any(o["broken_dependencies"] for o in got)
    assert any(o["isolated"] for o in got)


def test_outages_equal_the_plain_form_with_a_whatif(fixture_path):
    from netmap.analysis.survey import site_outages as so

    def analysis():
        G = netmap.load(fixture_path("beijing-shanghai.yaml"))
        return Analysis(G, Scenario(unmap=("VMNetwork1-Shanghai",)))
    got = so(analysis())
    assert got == _reference(analysis())
    assert any(o["disconnected"] for o in got)


#: W runs at B with its only NIC on NA1, a network of A: isolated when A goes down
ELSEWHERE = """
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VA, site: A}, {name: VB, site: B}]
logical_networks: [{name: LA, vmm: VA}, {name: LB, vmm: VB}]
vm_networks:
  - {name: NA1, logical_network: LA, subnets: [{name: s1, prefix: 10.0.0.0/24}]}
  - {name: NB1, logical_network: LB, subnets: [{name: s1, prefix: 10.1.0.0/24}]}
clouds: [{name: CA, vmm: VA, logical_networks: [LA]}, {name: CB, vmm: VB, logical_networks: [LB]}]
protection: [{protected: CA, protecting: CB}]
network_mappings:
  - {source: NA1, target: NB1}
vms:
  - {name: M, cloud: CA, nics: [{network: NA1, subnet: s1}]}
  - {name: W, cloud: CB, nics: [{network: NA1, subnet: s1}]}
"""


def test_a_vm_elsewhere_on_the_sites_networks_is_isolated():
    a, b = _same(lambda: netmap.loads(ELSEWHERE))
    assert a["isolated"] == [{"vm": "W", "state": "primary",
                              "reason": "NA1 carries no traffic (site A is down)"}]
    assert b["isolated"] == []


#: CA is protected by CA2 at its own site A: when A goes down, M's replica is down too
SAME_SITE = """
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VA, site: A}, {name: VB, site: B}]
logical_networks: [{name: LA, vmm: VA}, {name: LB, vmm: VB}]
vm_networks:
  - {name: NA1, logical_network: LA, subnets: [{name: s1, prefix: 10.0.0.0/24}]}
  - {name: NA2, logical_network: LA, subnets: [{name: s1, prefix: 10.2.0.0/24}]}
  - {name: NB1, logical_network: LB, subnets: [{name: s1, prefix: 10.1.0.0/24}]}
clouds:
  - {name: CA, vmm: VA, logical_networks: [LA]}
  - {name: CA2, vmm: VA, logical_networks: [LA]}
  - {name: CB, vmm: VB, logical_networks: [LB]}
protection: [{protected: CA, protecting: CA2}]
network_mappings:
  - {source: NA1, target: NA2}
vms:
  - {name: M, cloud: CA, nics: [{network: NA1, subnet: s1}]}
  - {name: U, cloud: CA, nics: [{network: NA1, subnet: s1}]}
  - {name: W, cloud: CB, nics: [{network: NB1, subnet: s1}]}
"""


def test_a_replica_recovering_at_the_site_that_goes_down_is_down():
    a, _b = _same(lambda: netmap.loads(SAME_SITE))
    assert [d["vm"] for d in a["down"]] == ["M", "U"]
