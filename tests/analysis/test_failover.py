"""R3, R5, R6, R8, R9 and the seed's "connect virtual machines after failover" statements.

Each test names the sentence of SPEC §3 (or of the seed) it checks.
"""

from __future__ import annotations

import json

import networkx as nx
import pytest

import netmap
from netmap.analysis.reasons import ReasonKind
from netmap.analysis.failover import boot_order_problems, evaluate, lowest_free
from netmap.answers.failover import failover
from netmap.model.records import PlanNetwork
from netmap.model.scenario import Scenario


@pytest.fixture(scope="module")
def azure(fixture_path):
    return netmap.load(fixture_path("onprem-to-azure.yaml"))


@pytest.fixture(scope="module")
def subnets(fixture_path):
    return netmap.load(fixture_path("subnets.yaml"))


def nics(view, vm):
    return [(n.network, n.subnet, n.ip, n.ip_retained) for n in view.replica_nics(vm)]


def snapshot(G):
    return json.dumps(nx.node_link_data(G, edges="links"), sort_keys=True, default=str)


# -- the seed: on-premises to on-premises ----------------------------------------------------


def test_seed_replica_connects_to_mapped_target(example):
    # "The replica virtual machine will be connected to the target network that is mapped
    # to the source network" (VMNetwork1-Beijing -> VMNetwork1-Shanghai)
    v = evaluate(example, Scenario(plans=("Plan-Gold",), sites_down=("Beijing",)))
    assert [n.network for n in v.replica_nics("VM1")] == ["VMNetwork1-Shanghai"]
    assert v.state("VM1") == "replica"
    assert v.reachable("VM1", "MON-SH")


def test_seed_no_mapping_not_connected(example):
    # "When a replica virtual machine is created for VMNetwork2-Beijing ... it will not be
    # connected to any network"
    v = evaluate(example, Scenario(plans=("Plan-Silver",), sites_down=("Beijing",)))
    (r,) = v.replica_nics("APP2")
    assert r.network is None and r.subnet is None and r.ip is None
    assert "VMNetwork2-Beijing is not mapped" in str(r.reason)
    assert v.is_isolated("APP2")
    assert not v.reachable("APP2", "MON-SH")
    assert "not mapped" in str(v.why_unreachable("APP2", "MON-SH"))


def test_seed_onprem_no_mapping_ignores_plan(example):
    # R6 is for Azure only: VMM to VMM, --plan does not give unmapped NICs a network
    v = evaluate(example, Scenario(plans=("Plan-Silver",)))
    assert v.replica_nics("APP2")[0].network is None


# -- the seed: on-premises to Azure -----------------------------------------------------------


def test_azure_same_network_connects_irrespective_of_plan(azure):
    # "All machines which failover on the same network can connect to each other,
    # irrespective of which recovery plan they are in"
    v = evaluate(azure, Scenario(plans=("Plan-App", "Plan-Web"), sites_down=("Beijing",)))
    assert v.replica_nics("WEB1")[0].network == "vnet-corp"
    assert v.replica_nics("APP1")[0].network == "vnet-corp"
    assert v.reachable("WEB1", "APP1")
    # ... and two source networks mapped onto one target join too (Web-BJ -> vnet-corp)
    assert v.reachable("WEB1", "DB1")
    # also when only --vm names them (no plan at all)
    v = evaluate(azure, Scenario(vms=("WEB1", "APP1"), sites_down=("Beijing",)))
    assert v.reachable("WEB1", "APP1")


def test_azure_gateway_reaches_onprem(azure):
    # "If a network gateway is set up on the target Azure network, virtual machines can
    # connect to other on-premises virtual machines"
    v = evaluate(azure, Scenario(plans=("Plan-Web",), sites_down=("Beijing",)))
    assert v.reachable("WEB1", "FILE-SH")
    # no gateway on vnet-dmz: ISO1 reaches nobody on-premises
    assert not v.reachable("ISO1", "FILE-SH")
    # the gateway joins only sites that are up: LOCAL-BJ is down with Beijing
    assert v.state("LOCAL-BJ") == "down"
    assert "Beijing is down" in str(v.why_unreachable("WEB1", "LOCAL-BJ"))
    # with Beijing up (a planned failover) the gateway joins vnet-corp to Corp-BJ, but
    # SPEC R5: "traffic that crosses a join from a's network to b's network is lost when
    # b's address lies inside a subnet prefix of a's network": LOCAL-BJ's 10.10.0.50 lies
    # in vnet-corp's 10.10.0.0/24 (Corp-BJ failed over in part)
    v = evaluate(azure, Scenario(plans=("Plan-Web",)))
    assert v.net.component("vnet-corp") == v.net.component("Corp-BJ")
    assert not v.reachable("WEB1", "LOCAL-BJ")
    why = v.why_unreachable("WEB1", "LOCAL-BJ")
    assert why.kind is ReasonKind.ADDRESS_OVERLAP
    assert (why.vm, why.ip, why.prefix, why.network, why.join) == (
        "LOCAL-BJ", "10.10.0.50", "10.10.0.0/24", "vnet-corp", "Corp-BJ -- vnet-corp")
    # FILE-SH (10.40.0.5, in no prefix of vnet-corp) is still reached through the gateway
    assert v.reachable("WEB1", "FILE-SH")


def test_azure_gateway_site_down_cuts_it(azure):
    # R5: a gateway joins VM networks "of each listed site that is not down"
    v = evaluate(azure, Scenario(plans=("Plan-Web",), sites_down=("Beijing", "Shanghai")))
    assert v.state("FILE-SH") == "down"
    assert v.components("WEB1") == {"vnet-corp"}


def test_azure_no_mapping_only_same_plan(azure):
    # "If you don't configure network mapping, only virtual machines that failover in
    # the same recovery plan will be able to connect to each other" (R6)
    v = evaluate(azure, Scenario(plans=("Plan-App", "Plan-Web"), sites_down=("Beijing",)))
    assert nics(v, "APP2") == [(PlanNetwork("Plan-App"), None, None, False)]
    assert "Plan-App" in str(v.replica_nics("APP2")[0].reason)
    assert v.reachable("APP2", "APP3")
    # DEV1 is on the same unmapped network, but fails over with another plan
    assert v.replica_nics("DEV1")[0].network == PlanNetwork("Plan-Web")
    assert not v.reachable("APP2", "DEV1")
    # ... and nobody else: not the on-premises VMs, not vnet-corp's replicas
    assert not v.reachable("APP2", "FILE-SH")
    assert not v.reachable("APP2", "WEB1")


def test_azure_no_mapping_without_plan_disconnected(azure):
    # R6: "without --plan, unmapped NICs are disconnected"
    v = evaluate(azure, Scenario(vms=("APP2", "APP3"), sites_down=("Beijing",)))
    assert v.replica_nics("APP2")[0].network is None
    assert "failing over with their recovery plan" in str(v.replica_nics("APP2")[0].reason)
    assert v.is_isolated("APP2") and v.is_isolated("APP3")
    assert not v.reachable("APP2", "APP3")
    v = evaluate(azure, Scenario(all=True, sites_down=("Beijing",)))
    assert v.replica_nics("OPS1")[0].network is None


def test_azure_plan_network_needs_plan_membership(azure):
    # --plan Plan-App plus --vm OPS1: OPS1 is not in Plan-App, so its unmapped NIC is
    # disconnected; APP2 (in the plan) joins plan:Plan-App
    v = evaluate(azure, Scenario(plans=("Plan-App",), vms=("OPS1",)))
    assert v.replica_nics("OPS1")[0].network is None
    assert v.replica_nics("APP2")[0].network == PlanNetwork("Plan-App")


def test_vm_with_nics_in_two_components_does_not_route():
    # R5: "A VM with NICs in two components does not route between them": Y (at B) has
    # NICs on T1 and T3; X reaches Y through T1, Z reaches Y on T3, X does not reach Z
    G = netmap.loads(LINKED.replace("- {name: Y, cloud: CB, nics: [{network: T2}]}",
                                    "- {name: Y, cloud: CB, nics: [{network: T1}, "
                                    "{network: T3}]}"))
    v = evaluate(G, Scenario(vms=("X",)))
    assert v.components("Y") == {v.net.component("T1"), v.net.component("T3")}
    assert v.reachable("X", "Y") and v.reachable("Z", "Y")
    assert not v.reachable("X", "Z")


def test_one_vnet_per_azure_vm_negative_example(azure):
    # SPEC R3: "a replica in Azure has all its NICs in one Azure network, the primary
    # NIC's (NIC 0's)". fixtures/onprem-to-azure.yaml's DB1 (NIC 0 Web-BJ -> vnet-corp,
    # NIC 1 App-BJ not mapped) is a negative example: its replica is in vnet-corp only, it
    # does not join plan:Plan-App, so APP2 there cannot reach it
    v = evaluate(azure, Scenario(plans=("Plan-App", "Plan-Web"), sites_down=("Beijing",)))
    assert [n.network for n in v.replica_nics("DB1")] == ["vnet-corp", "vnet-corp"]
    assert v.replica_nics("DB1")[1].reason.parts[0].kind.name == "ONE_VNET"
    assert v.components("DB1") == {v.net.component("vnet-corp")}
    assert v.reachable("DB1", "WEB1") and not v.reachable("DB1", "APP2")


def test_plan_network_label_in_json(azure):
    d = failover(azure, Scenario(plans=("Plan-App",), sites_down=("Beijing",))).to_dict()
    app2 = next(r for r in d["vms"] if r["vm"] == "APP2")
    assert app2["nics"][0]["network"] == "plan:Plan-App"
    # DB1 is not in Plan-App's network: one VNet per Azure VM (SPEC R3)
    assert {"networks": ["plan:Plan-App"], "vms": ["APP2", "APP3"]} in d["groups"]


# -- R3 ---------------------------------------------------------------------------------------


def test_r3_subnets_and_ips(subnets):
    # SPEC R3: "A static NIC's IP is *retained* when it is a usable address of the chosen
    # subnet and free; otherwise it is *reassigned* to the lowest usable free address.
    # *Usable*: ... in a VM network subnet the network and broadcast addresses and the
    # `gateway` (the first host address when no gateway is given)." Dst-Net's subnets give
    # no gateway, so each one's .1 is never handed out.
    v = evaluate(subnets, Scenario(all=True, sites_down=("Primary",)))
    assert nics(v, "A-KEEP") == [("Dst-Net", "Front", "10.1.0.10", True)]  # same name, kept
    assert nics(v, "B-HELD") == [("Dst-Net", "Front", "10.1.0.3", False)]  # held: lowest
    assert "already held" in str(v.replica_nics("B-HELD")[0].reason)
    assert "(by RUN-R1)" in str(v.replica_nics("B-HELD")[0].reason)
    # pass 1 before pass 2: C-CLAIM keeps .2 although B-HELD comes first by name
    assert nics(v, "C-CLAIM") == [("Dst-Net", "Front", "10.1.0.2", True)]
    assert nics(v, "D-FIRST") == [("Dst-Net", "Back", "10.2.1.2", False)]  # first subnet
    assert "no subnet Mgmt" in str(v.replica_nics("D-FIRST")[0].reason)
    assert "outside 10.2.1.0/24" in str(v.replica_nics("D-FIRST")[0].reason)
    # Tiny 10.2.9.0/30: .1 is taken to be the gateway, .2 is the only usable address
    assert nics(v, "E-TINY1") == [("Dst-Net", "Tiny", "10.2.9.2", False)]
    assert nics(v, "F-TINY2") == [("Dst-Net", "Tiny", None, False)]  # no free address
    assert "no free address" in str(v.replica_nics("F-TINY2")[0].reason)
    assert nics(v, "G-BARE") == [("Dst-Net", "Bare", None, False)]  # no prefix
    assert "no prefix" in str(v.replica_nics("G-BARE")[0].reason)
    assert nics(v, "H-FLAT") == [("Flat-Dst", None, None, False)]  # T has no subnets
    assert "no subnets" in str(v.replica_nics("H-FLAT")[0].reason)
    # SPEC R3: "A DHCP NIC gets no fixed address (`ip` null, `ip_retained` null)"
    assert nics(v, "I-DHCP") == [("Dst-Net", "Front", None, None)]  # no IP to keep
    assert nics(v, "J-NOSUB") == [("Dst-Net", "Front", None, None)]  # source's first


def test_r3_running_nics_keep_addresses(subnets):
    # SPEC R3: addresses are computed "against the addresses that the target site's own
    # VMs hold"; and no two replicas share one
    v = evaluate(subnets, Scenario(all=True))
    held = {"10.1.0.20", "10.1.0.1", "10.2.9.1"}
    ips = [n.ip for r in v.failed_over for n in v.replica_nics(r) if n.ip]
    assert len(ips) == len(set(ips))
    assert not held & set(ips)


def test_r3_fixed_per_topology(subnets):
    # SPEC R3: "A replica's address never depends on which other VMs fail over (Site
    # Recovery reserves it when protection is enabled); a scenario only decides which
    # replicas run."
    everything = evaluate(subnets, Scenario(all=True))
    for vms in (("C-CLAIM",), ("B-HELD",), ("C-CLAIM", "B-HELD"), ("F-TINY2",)):
        alone = evaluate(subnets, Scenario(vms=vms))
        for vm in vms:
            assert nics(alone, vm) == nics(everything, vm), vm
    assert nics(evaluate(subnets, Scenario(vms=("B-HELD",))), "B-HELD")[0][2] == "10.1.0.3"


def test_r3_sites_down_do_not_move_addresses(subnets):
    # SPEC R3: "Fixed per topology": with Recovery down, B-HELD's replica does not run,
    # and RUN-R1 (at Recovery) still holds 10.1.0.20 for the address table
    v = evaluate(subnets, Scenario(vms=("B-HELD",), sites_down=("Recovery",)))
    assert v.state("B-HELD") == "down"  # its recovery site is down
    assert nics(v, "B-HELD") == [("Dst-Net", "Front", "10.1.0.3", False)]


def test_r3_nic_index_order():
    # SPEC R3: "in two passes, each in order of VM name then NIC index": NIC 0 keeps
    # 10.0.0.5, NIC 1 then finds it claimed and takes the lowest usable free (.1 is the
    # first host address: the gateway, as the subnet gives none)
    G = netmap.loads(TWO_NIC)
    v = evaluate(G, Scenario(all=True))
    assert nics(v, "V") == [("T", "S", "10.0.0.5", True), ("T", "S", "10.0.0.2", False)]


TWO_NIC = """
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VA, site: A}, {name: VB, site: B}]
logical_networks: [{name: LA, vmm: VA}, {name: LB, vmm: VB}]
vm_networks:
  - {name: S1, logical_network: LA, subnets: [{name: S, prefix: 10.0.0.0/24}]}
  - {name: S2, logical_network: LA, subnets: [{name: S, prefix: 10.0.0.0/24}]}
  - {name: T, logical_network: LB, subnets: [{name: S, prefix: 10.0.0.0/24}]}
clouds: [{name: CA, vmm: VA, logical_networks: [LA]}, {name: CB, vmm: VB, logical_networks: [LB]}]
protection: [{protected: CA, protecting: CB}]
hosts: [{name: H, vmm: VB, clouds: [CB], logical_networks: [LB]}]
network_mappings: [{source: S1, target: T}, {source: S2, target: T}]
vms:
  - name: V
    cloud: CA
    nics: [{network: S1, subnet: S, ip: 10.0.0.5}, {network: S2, subnet: S, ip: 10.0.0.5}]
"""


def test_lowest_free_skips_network_and_broadcast():
    assert lowest_free("10.0.0.0/24", set()) == "10.0.0.1"
    assert lowest_free("10.0.0.0/32", set()) == "10.0.0.0"
    assert lowest_free("fd00::/64", set()) == "fd00::1"
    assert lowest_free(None, set()) is None


def test_r3_network_address_is_not_retained():
    # SPEC R3: usable excludes "in a VM network subnet the network and broadcast
    # addresses"; NIC 1 keeps 10.0.0.7 in pass 1, NIC 0 then takes .2 (.1: first host)
    G = netmap.loads(TWO_NIC.replace("ip: 10.0.0.5}, {network: S2, subnet: S, ip: 10.0.0.5",
                                     "ip: 10.0.0.0}, {network: S2, subnet: S, ip: 10.0.0.7"))
    v = evaluate(G, Scenario(all=True))
    assert nics(v, "V") == [("T", "S", "10.0.0.2", False), ("T", "S", "10.0.0.7", True)]
    assert "not a host address" in str(v.replica_nics("V")[0].reason)


# -- R5 ---------------------------------------------------------------------------------------


def test_r5_states(example):
    v = evaluate(example, Scenario(plans=("Plan-Gold",), sites_down=("Beijing",)))
    assert v.failed_over == ["DB1", "VM1"]
    assert v.state("APP2") == "down"  # at Beijing, not failing over
    assert "does not fail over" in str(v.down_reason("APP2"))
    assert v.state("MON-SH") == "primary"  # every other VM runs where it is
    assert v.state("DB1") == "replica"


def test_r5_failover_set_union(example):
    v = evaluate(example, Scenario(plans=("Plan-Silver",), vms=("VM1",)))
    assert v.failed_over == ["APP2", "VM1"]
    assert evaluate(example, Scenario(all=True)).failed_over == ["APP2", "DB1", "VM1"]
    # an unprotected VM named with --vm does not fail over, and says why
    v = evaluate(example, Scenario(vms=("MON-SH",)))
    assert v.failed_over == [] and v.not_protected == ["MON-SH"]


def test_r5_site_down_networks_carry_no_traffic(example):
    # no failover, Shanghai down: MON-SH down; Beijing VMs keep running
    v = evaluate(example, Scenario(sites_down=("Shanghai",)))
    assert v.state("MON-SH") == "down"
    assert v.reachable("VM1", "DB1")
    assert not v.net.is_up("VMNetwork1-Shanghai")


def test_r5_replica_whose_recovery_site_is_down(example):
    # a replica whose recovery site is down never starts: down, with the reason
    v = evaluate(example, Scenario(plans=("Plan-Gold",), sites_down=("Shanghai",)))
    assert v.state("VM1") == "down"
    assert "recovery site Shanghai is down" in str(v.down_reason("VM1"))
    assert v.broken_dependencies() == [
        {"vm": "VM1", "depends_on": "DB1",
         "reason": "VM1 itself is down: its recovery site Shanghai is down"}]


def test_r5_links_join_components():
    G = netmap.loads(LINKED)
    v = evaluate(G, Scenario(all=True, sites_down=("A",)))
    assert v.reachable("X", "Y")  # T1 -- link -- T2
    assert not v.reachable("X", "Z")
    v = evaluate(G, Scenario(all=True, sites_down=("A", "C")))
    assert v.reachable("X", "Y")  # both ends of the link are at B, which is up


def test_r1_remap_to_another_site_leaves_the_recovery_site_mapping():
    # SPEC R1: "A protected VM's NIC uses the mapping of its network whose target lies at
    # the VM's recovery site". Revision 1 sent X (recovering at B) to CN at site C with
    # this what-if, and found it isolated while C was down; revision 2 adds the mapping
    # S1 -> CN at C beside S1 -> T1 at B, so X's replica stays on T1 and runs.
    G = netmap.loads(LINKED)
    v = evaluate(G, Scenario(vms=("X",), remap=(("S1", "CN"),), sites_down=("C",)))
    assert v.state("X") == "replica"
    assert v.replica_nics("X")[0].network == "T1"
    assert v.mapping.targets("S1") == {"B": "T1", "C": "CN"}
    assert not v.is_isolated("X")


LINKED = """
netmap: 1
sites: [{name: A}, {name: B}, {name: C}]
vmm_servers: [{name: VA, site: A}, {name: VB, site: B}, {name: VC, site: C}]
logical_networks: [{name: LA, vmm: VA}, {name: LB, vmm: VB}, {name: LC, vmm: VC}]
vm_networks:
  - {name: S1, logical_network: LA}
  - {name: T1, logical_network: LB}
  - {name: T2, logical_network: LB}
  - {name: T3, logical_network: LB}
  - {name: CN, logical_network: LC}
clouds:
  - {name: CA, vmm: VA, logical_networks: [LA]}
  - {name: CB, vmm: VB, logical_networks: [LB]}
  - {name: CC, vmm: VC, logical_networks: [LC]}
protection: [{protected: CA, protecting: CB}]
network_mappings: [{source: S1, target: T1}]
links: [{networks: [T1, T2]}, {networks: [T3, CN]}]
vms:
  - {name: X, cloud: CA, nics: [{network: S1}]}
  - {name: Y, cloud: CB, nics: [{network: T2}]}
  - {name: Z, cloud: CB, nics: [{network: T3}]}
  - {name: W, cloud: CC, nics: [{network: CN}]}
"""


def test_r5_link_to_down_site_carries_nothing():
    G = netmap.loads(LINKED)
    v = evaluate(G, Scenario(sites_down=("C",)))
    assert v.state("W") == "down"
    assert v.components("Z") == {"T3"}
    v = evaluate(G, Scenario())
    assert v.reachable("Z", "W")


def test_r5_groups_and_isolated(example):
    v = evaluate(example, Scenario(all=True, sites_down=("Beijing",)))
    assert v.groups() == [("VMNetwork1-Shanghai", ["DB1", "MON-SH", "VM1"])]
    assert v.is_isolated("APP2")
    d = failover(example, Scenario(all=True, sites_down=("Beijing",))).to_dict()
    assert d["isolated"] == ["APP2"]
    assert d["groups"] == [{"networks": ["VMNetwork1-Shanghai"],
                            "vms": ["DB1", "MON-SH", "VM1"]}]


def test_touched_groups_and_counts_agree_with_groups(azure):
    for sc in (Scenario(plans=("Plan-App",), sites_down=("Beijing",)),
               Scenario(plans=("Plan-Web",)),
               Scenario(all=True, test_network="vnet-drill-gw")):
        v = evaluate(azure, sc)
        full = dict(v.groups())
        for c, members in v.touched_groups():
            assert full[c] == members
            assert v.running_count(c) == len(members)
        for c, members in full.items():
            assert v.running_count(c) == len(members)


# -- R6 corner: a VM in two named plans ------------------------------------------------------


def test_r6_vm_in_two_plans_joins_first_by_name():
    G = netmap.loads(TWO_PLANS)
    v = evaluate(G, Scenario(plans=("P2", "P1")))
    assert v.replica_nics("SHARED")[0].network == PlanNetwork("P1")
    assert v.reachable("SHARED", "A1") and not v.reachable("SHARED", "B1")
    v = evaluate(G, Scenario(plans=("P2",)))
    assert v.replica_nics("SHARED")[0].network == PlanNetwork("P2")
    assert v.reachable("SHARED", "B1")


TWO_PLANS = """
netmap: 1
sites: [{name: A}, {name: Z, kind: azure}]
vmm_servers: [{name: VA, site: A}]
logical_networks: [{name: LA, vmm: VA}]
vm_networks: [{name: S1, logical_network: LA}]
clouds: [{name: CA, vmm: VA, logical_networks: [LA]}]
protection: [{protected: CA, azure: Z}]
vms:
  - {name: SHARED, cloud: CA, nics: [{network: S1}]}
  - {name: A1, cloud: CA, nics: [{network: S1}]}
  - {name: B1, cloud: CA, nics: [{network: S1}]}
recovery_plans:
  - {name: P1, groups: [[SHARED, A1]]}
  - {name: P2, groups: [[SHARED, B1]]}
"""


# -- R8 ---------------------------------------------------------------------------------------


def test_r8_dependency_down(azure):
    # WEB1 depends on APP1 (Plan-App): only Plan-Web fails over, Beijing is down
    v = evaluate(azure, Scenario(plans=("Plan-Web",), sites_down=("Beijing",)))
    broken = {(b["vm"], b["depends_on"]): b["reason"] for b in v.broken_dependencies()}
    assert "APP1 is down" in broken[("WEB1", "APP1")]
    assert broken[("WEB1", "ISO1")].startswith("not reachable")


def test_r8_dependency_isolated(azure):
    v = evaluate(azure, Scenario(vms=("APP2", "DB1"), sites_down=("Beijing",)))
    # DB1 replica: both NICs on vnet-corp (one VNet per Azure VM, SPEC R3)
    # APP2 replica: disconnected (App-BJ unmapped, no --plan) -> APP2 is isolated
    broken = v.broken_dependencies()
    assert broken == [{"vm": "APP2", "depends_on": "DB1",
                       "reason": broken[0]["reason"]}]
    assert "APP2 is isolated" in broken[0]["reason"]


def test_r8_dependency_of_isolated_vm():
    G = netmap.loads(LINKED.replace("- {name: X, cloud: CA, nics: [{network: S1}]}",
                                    "- {name: X, cloud: CA, nics: [{network: S1}], "
                                    "depends_on: [Q]}\n  - {name: Q, cloud: CB, nics: []}"))
    v = evaluate(G, Scenario(vms=("X",)))
    (b,) = v.broken_dependencies()
    assert b["depends_on"] == "Q" and "Q is isolated" in b["reason"]


def test_r8_dependency_across_one_vnet(azure):
    # APP1 -> DB1 holds via vnet-corp; APP2 (plan:Plan-App) -> DB1 is broken: DB1's
    # replica has all its NICs in vnet-corp (SPEC R3 "One VNet per Azure VM")
    v = evaluate(azure, Scenario(plans=("Plan-App",), sites_down=("Beijing",)))
    broken = v.broken_dependencies()
    assert [(b["vm"], b["depends_on"]) for b in broken] == [("APP2", "DB1")]
    assert broken[0]["reason"].startswith("not reachable")


def test_r8_boot_order(azure, example):
    (p,) = boot_order_problems(azure)
    assert (p["plan"], p["vm"], p["depends_on"]) == ("Plan-Web", "WEB1", "ISO1")
    assert p["vm_group"] == 1 and p["dependency_group"] == 2
    assert "must boot earlier" in p["reason"]
    assert boot_order_problems(example) == []
    d = failover(azure, Scenario(plans=("Plan-Web",))).to_dict()
    assert [b["vm"] for b in d["boot_order"]] == ["WEB1"]


def test_r8_same_group_is_a_problem():
    G = netmap.loads(TWO_PLANS.replace("- {name: SHARED, cloud: CA, nics: [{network: S1}]}",
                                       "- {name: SHARED, cloud: CA, nics: [{network: S1}], "
                                       "depends_on: [A1]}"))
    (p,) = boot_order_problems(G)
    assert p["plan"] == "P1" and "same group" in p["reason"]
    # the dependency is in P1 only: P2 has no problem
    assert boot_order_problems(G, "P2") == []


# -- R9 ---------------------------------------------------------------------------------------


def test_r9_test_network_replaces_mapping(example):
    # SPEC R9 (revision 2 changes this test: the drill no longer moves a VM to a host of
    # its own): "The drill VM runs on the replica's host (R4) and the primaries keep
    # running ... A named test network must lie at the replica's recovery site and, for
    # VMM, on a logical network the replica's host reaches; otherwise the drill NIC is
    # disconnected (NM020)."
    v = evaluate(example, Scenario(all=True, test_network="VMNetwork2-Shanghai"))
    assert {r: [n.network for n in v.replica_nics(r)] for r in v.failed_over} == \
        {"APP2": [None], "DB1": ["VMNetwork2-Shanghai"], "VM1": ["VMNetwork2-Shanghai"]}
    # APP2's replica is on HV-SH-02 (SilverCloud2), which does not reach
    # LogicalNetwork2Shanghai
    (app2,) = v.replica_nics("APP2")
    assert app2.reason.kind.name == "TEST_NETWORK_NOT_REACHED" and app2.reason.host == "HV-SH-02"
    # subnet as in R3: no Subnet2 there -> first subnet
    assert nics(v, "DB1")[0][:2] == ("VMNetwork2-Shanghai", "Subnet1")
    # primaries keep running
    assert all(v.primary_running(x) for x in ("VM1", "DB1", "APP2", "MON-SH"))
    assert v.test_isolation() == (True, v.test_isolation()[1])
    # drill VMs' names in groups refer to their test replicas
    assert dict(v.groups())["VMNetwork2-Shanghai"] == ["DB1", "VM1"]


def test_r9_unmapped_nic_joins_test_network(azure):
    v = evaluate(azure, Scenario(plans=("Plan-App",), test_network="vnet-drill"))
    assert [n.network for n in v.replica_nics("DB1")] == ["vnet-drill", "vnet-drill"]
    # SPEC R9: "else assigned as in R3 — from the top of the range in an Azure subnet";
    # Microsoft (https://learn.microsoft.com/en-us/azure/site-recovery/azure-to-azure-network-mapping):
    # "The assigned address is the next available address from the end of the subnet
    # range." 10.99.0.255 is Azure's reserved last address; APP1 comes first by name.
    assert nics(v, "APP1") == [("vnet-drill", "Subnet1", "10.99.0.254", False)]
    assert nics(v, "APP2") == [("vnet-drill", "Subnet1", "10.99.0.253", False)]


def test_r9_isolation(azure, example):
    # a mapping target is not isolated
    iso, why = evaluate(azure, Scenario(all=True, test_network="vnet-corp")).test_isolation()
    assert iso is False and "mapping target" in str(why)
    # a gateway to a site with running VMs
    iso, why = evaluate(azure, Scenario(all=True,
                                        test_network="vnet-drill-gw")).test_isolation()
    assert iso is False and "FILE-SH" in str(why) and "Corp-SH" in str(why)
    # ... unless that site is down
    iso, _ = evaluate(azure, Scenario(all=True, test_network="vnet-drill-gw",
                                      sites_down=("Shanghai",))).test_isolation()
    assert iso is True
    iso, why = evaluate(azure, Scenario(all=True, test_network="vnet-drill")).test_isolation()
    assert iso is True
    # a network where a VM runs outside the drill
    iso, why = evaluate(example, Scenario(all=True,
                                          test_network="VMNetwork1-Beijing")).test_isolation()
    assert iso is False
    assert evaluate(example, Scenario(all=True)).test_isolation() == (None, None)


def test_r9_link_to_running_vms():
    G = netmap.loads(LINKED)
    iso, why = evaluate(G, Scenario(all=True, test_network="T3")).test_isolation()
    assert iso is False and "Z runs on T3" in str(why)
    G = netmap.loads(LINKED.replace("  - {name: Z, cloud: CB, nics: [{network: T3}]}\n", ""))
    iso, why = evaluate(G, Scenario(all=True, test_network="T3")).test_isolation()
    assert iso is False and "joined to CN where W runs" in str(why) and "T3 -> CN" in str(why)


# -- scenarios are views ----------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["beijing-shanghai.yaml", "onprem-to-azure.yaml",
                                     "subnets.yaml", "capacity.yaml"])
def test_scenario_never_mutates_graph(fixture, fixture_path):
    from netmap.answers.placement import place
    from netmap.answers.reach import reach

    G = netmap.load(fixture_path(fixture)).graph
    before = snapshot(G)
    ix = netmap.model.topology.as_topology(G)
    mapping_before = ix.mapping.triples()
    sites = sorted(ix.site_platform)
    some_net = sorted(ix.net)[0]
    for sc in (Scenario(all=True), Scenario(all=True, sites_down=(sites[0],)),
               Scenario(all=True, test_network=some_net),
               Scenario(plans=tuple(sorted(ix.plan))[:1], sites_down=tuple(sites)),
               Scenario(all=True, unmap=(some_net,))):
        failover(G, sc).to_dict()
        place(G, sc).to_dict()
        vms = sorted(ix.vm)
        reach(G, vms[0], vms[-1], sc).to_dict()
    assert snapshot(G) == before
    assert netmap.model.topology.as_topology(G).mapping.triples() == mapping_before


def test_failover_json_shape(example):
    d = failover(example, Scenario(plans=("Plan-Gold",), sites_down=("Beijing",))).to_dict()
    assert {"failed_over", "down", "vms", "groups", "isolated",
            "broken_dependencies"} <= set(d)
    for row in d["vms"]:
        assert {"vm", "state", "nics"} <= set(row)
        assert row["state"] in ("replica", "primary", "down")
        for n in row["nics"]:
            assert {"network", "subnet", "ip", "ip_retained"} <= set(n)
    assert [r["vm"] for r in d["vms"]] == sorted(r["vm"] for r in d["vms"])
