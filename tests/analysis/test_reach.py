"""R5 for one pair: ``reach`` with the path through networks, and why not."""

from __future__ import annotations

import pytest

import netmap
from netmap.analysis.reasons import ReasonKind
from netmap.errors import ScenarioError
from netmap.answers.reach import reach
from netmap.model.scenario import Scenario


@pytest.fixture(scope="module")
def azure(fixture_path):
    return netmap.load(fixture_path("onprem-to-azure.yaml"))


def test_path_through_gateway(azure):
    r = reach(azure, "WEB1", "FILE-SH", Scenario(plans=("Plan-Web",), sites_down=("Beijing",)))
    d = r.to_dict()
    assert d["reachable"] is True and d["reason"] is None
    assert d["path"] == ["WEB1", "vnet-corp", "Corp-SH", "FILE-SH"]
    assert d["hops"] == ["nic", "gateway", "nic"]


def test_same_network_path(example):
    d = reach(example, "VM1", "DB1", Scenario(all=True)).to_dict()
    assert d["path"] == ["VM1", "VMNetwork1-Shanghai", "DB1"]


def test_path_through_link():
    from test_failover import LINKED

    G = netmap.loads(LINKED)
    d = reach(G, "X", "Y", Scenario(vms=("X",))).to_dict()
    assert d["path"] == ["X", "T1", "T2", "Y"] and d["hops"] == ["nic", "link", "nic"]


def test_plan_network_path(azure):
    d = reach(azure, "APP2", "APP3", Scenario(plans=("Plan-App",))).to_dict()
    assert d["path"] == ["APP2", "plan:Plan-App", "APP3"]


def test_not_reachable_reasons(azure, example):
    sc = Scenario(plans=("Plan-Web",), sites_down=("Beijing",))
    d = reach(azure, "WEB1", "LOCAL-BJ", sc).to_dict()
    assert d == {**d, "reachable": False, "path": []}
    assert d["reason"] == "LOCAL-BJ is down: site Beijing is down and LOCAL-BJ does not fail over"
    d = reach(azure, "WEB1", "ISO1", sc).to_dict()
    assert d["reason"].startswith("no link, peering or gateway joins WEB1's networks (vnet-corp)")
    d = reach(example, "APP2", "MON-SH", Scenario(all=True)).to_dict()
    assert d["reason"].startswith("APP2 is isolated: VMNetwork2-Beijing is not mapped")
    # a VM with NICs in two components does not route between them
    d = reach(azure, "WEB1", "APP2", Scenario(plans=("Plan-App", "Plan-Web"))).to_dict()
    assert d["reachable"] is False


def test_no_failover_default(example):
    d = reach(example, "VM1", "APP2").to_dict()
    assert d["reachable"] is False  # VMNetwork1-Beijing and VMNetwork2-Beijing: no link


def test_unknown_vm(example):
    with pytest.raises(ScenarioError, match=r"unknown VM 'VM9' \(did you mean 'VM1'\?\)"):
        reach(example, "VM9", "DB1")


def test_symmetric(azure):
    sc = Scenario(plans=("Plan-App", "Plan-Web"), sites_down=("Beijing",))
    names = ["APP1", "APP2", "DB1", "DEV1", "FILE-SH", "ISO1", "WEB1"]
    for a in names:
        for b in names:
            ra, rb = reach(azure, a, b, sc), reach(azure, b, a, sc)
            assert ra.reachable == rb.reachable
            assert len(ra.path) == len(rb.path)  # shortest routes both ways


# -- revision 2: peering is not transitive, addresses across a join ----------------------
@pytest.fixture(scope="module")
def hub(fixture_path):
    """fixtures/peering.yaml: a hub with a gateway to Beijing and three peered spokes."""
    return netmap.load(fixture_path("peering.yaml"))


def test_groups_are_routed_links_and_gateways_only(hub):
    # SPEC R5: "Groups: the connected components of routed links and gateways"
    from netmap.analysis.failover import evaluate
    v = evaluate(hub, Scenario(all=True))
    comp = v.net.component
    assert comp("vnet-hub") == comp("Mgmt-BJ") == comp("Old-BJ")
    assert len({comp("vnet-app"), comp("vnet-db"), comp("vnet-legacy"), comp("vnet-hub")}) == 4
    assert sorted(v.net.peers(comp("vnet-hub"))) == sorted(
        [comp("vnet-app"), comp("vnet-db"), comp("vnet-legacy")])
    assert list(v.net.peers(comp("vnet-app"))) == [comp("vnet-hub")]


def test_spoke_reaches_hub_and_what_the_hub_reaches(hub):
    # SPEC R5: "a spoke reaches the hub and whatever the hub reaches through its routed
    # links and gateways, never another spoke"
    d = reach(hub, "APP1", "HUB1", Scenario(all=True)).to_dict()
    assert d["path"] == ["APP1", "vnet-app", "vnet-hub", "HUB1"]
    assert d["hops"] == ["nic", "peering", "nic"]
    d = reach(hub, "APP1", "LOCAL1", Scenario(all=True)).to_dict()
    assert d["path"] == ["APP1", "vnet-app", "vnet-hub", "Mgmt-BJ", "LOCAL1"]
    assert d["hops"] == ["nic", "peering", "gateway", "nic"]


def test_peering_is_not_transitive(hub):
    # SPEC R5: "Peering is not transitive"; Microsoft: "Virtual network peering is
    # nontransitive. The communication capabilities in a peering are available to only the
    # virtual networks and resources in the peering."
    # (https://learn.microsoft.com/en-us/training/modules/configure-vnet-peering/5-determine-service-chaining-uses)
    r = reach(hub, "APP1", "DB1", Scenario(all=True))
    d = r.to_dict()
    assert d["reachable"] is False and d["path"] == []
    assert r.reason.kind is ReasonKind.PEERING_NOT_TRANSITIVE
    assert r.reason.peerings == ("vnet-app -- vnet-hub", "vnet-db -- vnet-hub")
    assert d["attempt"] == ["APP1", "vnet-app", "vnet-hub", "vnet-db", "DB1"]
    assert d["blocked_at"] == "vnet-db -- vnet-hub"
    assert reach(hub, "DB1", "APP1", Scenario(all=True)).reachable is False


def test_address_overlap_across_a_join_blocks_the_pair(azure):
    # SPEC R5: "traffic that crosses a join from a's network to b's network is lost when
    # b's address lies inside a subnet prefix of a's network"; Microsoft: "This
    # connectivity isn't possible if the same IP address space is used in the source and
    # target" (https://learn.microsoft.com/en-us/azure/site-recovery/site-recovery-retain-ip-azure-vm-failover)
    r = reach(azure, "APP1", "LOCAL-BJ", Scenario(vms=("APP1",)))
    d = r.to_dict()
    assert d["reachable"] is False and d["path"] == []
    assert r.reason.kind is ReasonKind.ADDRESS_OVERLAP
    assert (r.reason.vm, r.reason.ip, r.reason.prefix, r.reason.network) == (
        "LOCAL-BJ", "10.10.0.50", "10.10.0.0/24", "vnet-corp")
    assert d["attempt"] == ["APP1", "vnet-corp", "Corp-BJ", "LOCAL-BJ"]
    assert d["blocked_at"] == "Corp-BJ -- vnet-corp"
    # the other way round: APP1's 10.10.0.11 lies in Corp-BJ's own 10.10.0.0/24
    r = reach(azure, "LOCAL-BJ", "APP1", Scenario(vms=("APP1",)))
    assert r.reachable is False and r.reason.kind is ReasonKind.ADDRESS_OVERLAP
    assert (r.reason.vm, r.reason.network) == ("APP1", "Corp-BJ")
    assert r.blocked_at == "Corp-BJ -- vnet-corp"
    # FILE-SH's address lies in no prefix of vnet-corp: reached through the same gateway
    assert reach(azure, "APP1", "FILE-SH", Scenario(vms=("APP1",))).reachable


def test_overlap_between_networks_not_joined_directly(hub):
    # the rule compares a's network with b's network, whatever lies between them:
    # vnet-legacy copies Old-BJ's 10.50.0.0/24 and reaches it through the hub
    r = reach(hub, "LEGACY1", "OLD2", Scenario(all=True))
    assert r.reachable is False and r.reason.kind is ReasonKind.ADDRESS_OVERLAP
    assert r.blocked_at == "vnet-hub -- vnet-legacy"  # the traffic never leaves vnet-legacy
    assert reach(hub, "LEGACY1", "HUB1", Scenario(all=True)).reachable
    assert reach(hub, "LEGACY1", "LOCAL1", Scenario(all=True)).reachable


def test_one_network_is_not_judged_by_addresses():
    # no join is crossed on one network: two VMs there reach each other whatever their
    # addresses (here both outside its prefix, and one inside another joined network's)
    G = netmap.loads(PAIR.format(ip_a="10.2.0.5", ip_b="10.2.0.6", b_net="N1"))
    assert reach(G, "A", "B").reachable


def test_a_nic_without_an_address_is_not_judged():
    # SPEC R5: "A NIC without an address is not judged by this rule"
    G = netmap.loads(PAIR.format(ip_a="10.2.0.5", ip_b="10.1.0.9", b_net="N2"))
    r = reach(G, "A", "B")
    assert r.reachable is False and r.reason.kind is ReasonKind.ADDRESS_OVERLAP
    G = netmap.loads(PAIR.replace("ip: {ip_a}", "subnet: S").format(
        ip_a="", ip_b="10.2.0.9", b_net="N2"))
    assert reach(G, "A", "B").reachable  # A has no address; B's is outside N1's prefix
    G = netmap.loads(PAIR.replace("ip: {ip_b}", "subnet: S").format(
        ip_a="10.1.0.5", ip_b="", b_net="N2"))
    assert reach(G, "A", "B").reachable  # B has no address; A's lies in N1 (its own) only


def test_a_second_nic_can_carry_what_the_first_cannot():
    # R5 asks for "a NIC of a and a NIC of b": one pair of NICs that passes is enough
    G = netmap.loads(PAIR.format(ip_a="10.2.0.5", ip_b="10.1.0.9", b_net="N2").replace(
        "nics: [{network: N1, ip: 10.2.0.5}]",
        "nics: [{network: N1, ip: 10.2.0.5}, {network: N2, ip: 10.2.0.7}]"))
    r = reach(G, "A", "B")
    assert r.reachable and r.path == ["A", "N2", "B"]


#: two VM networks joined by a routed link: N1 10.1.0.0/24, N2 10.2.0.0/24
PAIR = """netmap: 1
sites: [{{name: S}}]
vmm_servers: [{{name: V, site: S}}]
logical_networks: [{{name: L, vmm: V}}]
vm_networks:
  - {{name: N1, logical_network: L, subnets: [{{name: S, prefix: 10.1.0.0/24}}]}}
  - {{name: N2, logical_network: L, subnets: [{{name: S, prefix: 10.2.0.0/24}}]}}
clouds: [{{name: C, vmm: V, logical_networks: [L]}}]
links: [{{networks: [N1, N2]}}]
vms:
  - {{name: A, cloud: C, nics: [{{network: N1, ip: {ip_a}}}]}}
  - {{name: B, cloud: C, nics: [{{network: {b_net}, ip: {ip_b}}}]}}
"""


def test_reach_text_shows_where_the_route_fails(run, fixture_path):
    code, out, _ = run("reach", fixture_path("onprem-to-azure.yaml"), "APP1", "LOCAL-BJ",
                       "--vm", "APP1")
    assert code == 0
    assert "APP1 -> LOCAL-BJ: NOT reachable" in out
    assert "lost at the join Corp-BJ -- vnet-corp" in out
    row = [line for line in out.splitlines() if line.startswith("2 ")][0]
    assert "Corp-BJ" in row and "lost here" in row


def test_peerings_never_merge_groups_and_inside_a_group_add_nothing(hub, fixture_path):
    # docs/rules.md: "Peerings never merge groups: groups in netmap failover lists each
    # side of a peering as its own group"; "A peering between two networks of one group
    # adds nothing."
    from netmap.answers.failover import failover
    groups = failover(hub, Scenario(all=True)).to_dict()["groups"]
    spokes = [g for g in groups if "vnet-app" in g["networks"]]
    assert len(spokes) == 1 and spokes[0]["networks"] == ["vnet-app"]
    assert spokes[0]["vms"] == ["APP1"]
    text = fixture_path("peering.yaml").read_text(encoding="utf-8").replace(
        "  - {networks: [vnet-db, vnet-hub], kind: peering}",
        "  - {networks: [vnet-db, vnet-hub], kind: peering}\n"
        "  - {networks: [Mgmt-BJ, Hub-BJ], kind: peering}")
    same = netmap.loads(text, "p.yaml")
    from netmap.analysis.failover import evaluate
    v = evaluate(same, Scenario(all=True))
    assert v.net.peers(v.net.component("vnet-hub")).keys() == evaluate(
        hub, Scenario(all=True)).net.peers(v.net.component("vnet-hub")).keys()
    assert reach(same, "APP1", "DB1", Scenario(all=True)).reachable is False
