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


# -- revision 2: --test-network none|auto|NAME, the replica's host, test addresses -----------

DRILL = """
netmap: 1
sites: [{name: A}, {name: B}, {name: C}, {name: Az, kind: azure}]
vmm_servers: [{name: VMM-A, site: A}, {name: VMM-B, site: B}, {name: VMM-C, site: C}]
logical_networks:
  - {name: LN-A, vmm: VMM-A}
  - {name: LN-B, vmm: VMM-B}
  - {name: LN-Lab, vmm: VMM-B}
  - {name: LN-C, vmm: VMM-C}
vm_networks:
  - {name: Net-A, logical_network: LN-A, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - {name: Db-A, logical_network: LN-A, subnets: [{name: S1, prefix: 10.2.0.0/24}]}
  - {name: Net-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - {name: Db-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.2.0.0/24}]}
  - {name: Test-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - {name: Lab-B, logical_network: LN-Lab, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - {name: Net-C, logical_network: LN-C, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
azure_networks:
  - {name: vnet-test, site: Az, subnets: [{name: s1, prefix: 10.1.0.0/24}]}
clouds:
  - {name: Cloud-A, vmm: VMM-A, logical_networks: [LN-A]}
  - {name: Cloud-B, vmm: VMM-B, logical_networks: [LN-B, LN-Lab]}
protection:
  - {protected: Cloud-A, protecting: Cloud-B}
hosts:
  - {name: HV-B, vmm: VMM-B, clouds: [Cloud-B], logical_networks: [LN-B]}
network_mappings:
  - {source: Net-A, target: Net-B}
  - {source: Db-A, target: Db-B}
links:
  - {networks: [Net-B, Db-B]}
vms:
  - {name: WEB, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1, ip: 10.1.0.10}]}
  - {name: DB, cloud: Cloud-A, nics: [{network: Db-A, subnet: S1, ip: 10.2.0.10}]}
  - {name: DHCP, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1}]}
  - {name: LAB, cloud: Cloud-B, nics: [{network: Test-B, subnet: S1, ip: 10.1.0.10}]}
"""


def _drill(mode, text=DRILL, **kw):
    return evaluate(netmap.loads(text), Scenario(all=True, test_network=mode, **kw))


def _nets(view, vm):
    return [None if n.network is None else str(n.network) for n in view.replica_nics(vm)]


def test_none_disconnects_every_drill_nic():
    # SPEC R9: "`--test-network` takes `none` (every drill NIC disconnected)"; Microsoft
    # (https://learn.microsoft.com/en-us/azure/site-recovery/hyper-v-vmm-test-failover):
    # "None | The test VM is created on the host on which the replica VM is located. It
    # isn't added to the cloud, and isn't connected to any network."
    v = _drill("none")
    for vm in ("WEB", "DB", "DHCP"):
        (nic,) = v.replica_nics(vm)
        assert nic.network is None and nic.reason.kind.name == "TEST_NO_NETWORK"
        assert v.is_isolated(vm)
    assert v.state("WEB") == "replica" and v.primary_running("WEB")
    assert _kind(drill.isolation(v)) == (True, "TEST_NONE_ISOLATED")


def test_auto_attaches_each_nic_to_an_isolated_copy_of_its_target():
    # SPEC R9: "`auto` (Site Recovery creates the test networks: an isolated copy
    # `NAME-test` of each target network, with its subnets and prefixes, joined to the
    # other copies as the targets are joined and to nothing else)". Microsoft
    # (hyper-v-vmm-test-failover): "this option can automatically create VM networks with
    # the same settings (subnets and IP address pools) in the network of the replica".
    v = _drill("auto")
    assert _nets(v, "WEB") == ["Net-B-test"] and _nets(v, "DB") == ["Db-B-test"]
    (web,) = v.replica_nics("WEB")
    assert (web.subnet, web.ip, web.ip_retained) == ("S1", "10.1.0.10", True)
    # the copies are joined as Net-B and Db-B are (a link), and to nothing else: LAB runs
    # on Test-B and Net-B's own primaries are not reachable from the drill
    assert v.reachable("WEB", "DB")
    assert not v.reachable("WEB", "LAB")
    groups = {tuple(str(n) for n in v.net.members(c)): vms for c, vms in v.groups()}
    assert groups[("Db-B-test", "Net-B-test")] == ["DB", "DHCP", "WEB"]
    ok, why = drill.isolation(v)
    assert (ok, why.kind.name, why.networks) == (True, "TEST_COPIES_ISOLATED",
                                                  ("Db-B-test", "Net-B-test"))
    # a view: the copies are never written into the topology
    assert "Net-B-test" not in v.ix.net


def test_auto_copies_join_only_the_drills_targets():
    # without the link, the two copies are not joined either
    v = _drill("auto", DRILL.replace("links:\n  - {networks: [Net-B, Db-B]}\n", ""))
    assert not v.reachable("WEB", "DB") and v.reachable("WEB", "DHCP")


def test_named_network_at_another_site_disconnects_the_drill_nic():
    # SPEC R9: "A named test network must lie at the replica's recovery site ...;
    # otherwise the drill NIC is disconnected (NM020)."
    for name in ("Net-C", "vnet-test"):
        v = _drill(name)
        (web,) = v.replica_nics("WEB")
        assert web.network is None and web.reason.kind.name == "TEST_NETWORK_ELSEWHERE"
        assert web.reason.recovery_site == "B"


def test_named_network_the_replicas_host_does_not_reach():
    # SPEC R9: "... and, for VMM, on a logical network the replica's host reaches";
    # Microsoft: "The test VM is created on the host on which the replica VM is located."
    v = _drill("Lab-B")
    (web,) = v.replica_nics("WEB")
    assert web.network is None
    assert (web.reason.kind.name, web.reason.host, web.reason.logical) == \
        ("TEST_NETWORK_NOT_REACHED", "HV-B", "LN-Lab")
    assert drill.drill_host(v, "WEB") == "HV-B"


def test_test_address_is_the_failover_address_when_free():
    # SPEC R9: "address: the NIC's failover address (R3) when it is usable and free in the
    # test subnet, else assigned as in R3"; Microsoft (hyper-v-vmm-test-failover): "The IP
    # address given to a virtual machine during test failover is the same IP address that
    # the virtual machine would receive for a planned or unplanned failover (presuming
    # that the IP address is available in the test failover network). If the same IP
    # address isn't available in the test failover network, the virtual machine receives
    # another IP address that's available in the test failover network."
    v = _drill("Test-B")
    failover = evaluate(v.ix, Scenario(all=True)).replica_nics("WEB")[0].ip
    assert failover == "10.1.0.10"
    # LAB keeps running on Test-B and holds 10.1.0.10: WEB takes the lowest usable free
    # address; 10.1.0.1 is the first host address, the gateway when none is given (SPEC
    # R3), and DB (its failover address 10.2.0.10 is outside Test-B) came first by name
    assert v.replica_nics("DB")[0].ip == "10.1.0.2"
    (web,) = v.replica_nics("WEB")
    assert (web.network, web.ip, web.ip_retained) == ("Test-B", "10.1.0.3", False)
    assert web.reason.kind.name == "TEST_IP_TAKEN" and web.reason.taken == "held"
    # without LAB, the failover address is free there
    v = _drill("Test-B", DRILL.replace(
        "  - {name: LAB, cloud: Cloud-B, nics: [{network: Test-B, subnet: S1, ip: 10.1.0.10}]}\n",
        ""))
    assert v.replica_nics("WEB")[0].ip == "10.1.0.10"


def test_dhcp_nic_gets_no_test_address():
    # SPEC R3: "A DHCP NIC gets no fixed address (`ip` null, `ip_retained` null)"
    (nic,) = _drill("auto").replica_nics("DHCP")
    assert (str(nic.network), nic.ip, nic.ip_retained) == ("Net-B-test", None, None)


AZURE = """
netmap: 1
sites: [{name: A}, {name: Az, kind: azure}]
vmm_servers: [{name: VMM-A, site: A}]
logical_networks: [{name: LN-A, vmm: VMM-A}]
vm_networks:
  - {name: Net-A, logical_network: LN-A, subnets: [{name: Web, prefix: 10.1.0.0/24}]}
azure_networks:
  - {name: vnet-prod, site: Az, subnets: [{name: web, prefix: 10.1.0.0/24}]}
  - name: vnet-test
    site: Az
    subnets: [{name: zeta, prefix: 10.9.0.0/24}, {name: alpha, prefix: 10.8.0.0/24}]
clouds: [{name: Cloud-A, vmm: VMM-A, logical_networks: [LN-A]}]
protection: [{protected: Cloud-A, azure: Az}]
network_mappings: [{source: Net-A, target: vnet-prod}]
vms:
  - {name: WEB1, cloud: Cloud-A, nics: [{network: Net-A, subnet: Web, ip: 10.1.0.10}]}
  - {name: WEB2, cloud: Cloud-A, nics: [{network: Net-A, subnet: Web, ip: 10.1.0.11}]}
"""


def test_azure_test_address_comes_from_the_top_of_the_range():
    # SPEC R9: "else assigned as in R3 — from the top of the range in an Azure subnet
    # (Site Recovery takes the last free address for test failovers)"; Microsoft
    # (https://learn.microsoft.com/en-us/azure/site-recovery/azure-to-azure-network-mapping):
    # "The assigned address is the next available address from the end of the subnet
    # range. For example: If the source IP address is 10.0.0.19 and failover network uses
    # range 10.0.0.0/24, then the next IP address assigned to the target VM is
    # 10.0.0.254."
    v = _drill("vnet-test", AZURE)
    # and the subnet: "If a subnet with the same name isn't available in the Azure virtual
    # network used for test failover, then the test VM is created in the first subnet
    # alphabetically." (site-recovery-test-failover-to-azure)
    assert [(n.subnet, n.ip) for n in v.replica_nics("WEB1")] == [("alpha", "10.8.0.254")]
    assert [(n.subnet, n.ip) for n in v.replica_nics("WEB2")] == [("alpha", "10.8.0.253")]


def test_azure_drill_in_the_failover_vnet_avoids_the_reserved_failover_address():
    # Microsoft (azure-to-azure-network-mapping): "Target network is the failover VNet |
    # Target IP address is static, but not the same IP address as that reserved for
    # failover. The assigned address is the next available address from the end of the
    # subnet range." The subnet name matches without case (web / Web).
    v = _drill("vnet-prod", AZURE)
    assert [(n.subnet, n.ip) for n in v.replica_nics("WEB1")] == [("web", "10.1.0.254")]
    (w,) = v.replica_nics("WEB1")
    assert w.reason.taken == "failover"
    assert _kind(drill.isolation(v)) == (False, "TEST_NETWORK_MAPPED")


def test_failover_addresses_of_vms_outside_the_drill_are_reserved_too():
    # SPEC R3: "A replica's address never depends on which other VMs fail over (Site
    # Recovery reserves it when protection is enabled)"; Microsoft
    # (azure-to-azure-network-mapping): "not the same IP address as that reserved for
    # failover". A drill of WEB1 alone into the failover VNet must not take WEB2's
    # failover address either, although WEB2 is not in the drill.
    text = AZURE.replace("ip: 10.1.0.11", "ip: 10.1.0.254")  # WEB2 keeps .254 on failover
    t = netmap.loads(text)
    fo = evaluate(t, Scenario(all=True))
    assert [n.ip for n in fo.replica_nics("WEB2")] == ["10.1.0.254"]
    v = evaluate(t, Scenario(vms=("WEB1",), test_network="vnet-prod"))
    assert v.failed_over == ["WEB1"]
    # from the top: .254 is WEB2's failover address, .10 WEB1's own: WEB1 gets .253
    assert [(n.subnet, n.ip) for n in v.replica_nics("WEB1")] == [("web", "10.1.0.253")]


def test_drill_never_changes_the_topology():
    t = netmap.loads(DRILL)
    before = (sorted(t.net), t.mapping.triples(), t.graph.number_of_nodes())
    for mode in ("none", "auto", "Test-B", "Lab-B", "Net-C"):
        v = evaluate(t, Scenario(all=True, test_network=mode))
        for vm in v.failed_over:
            v.replica_nics(vm)
        drill.isolation(v)
        drill.mirror_problems(v)
        drill.unrunnable(v)
    assert (sorted(t.net), t.mapping.triples(), t.graph.number_of_nodes()) == before


def test_the_words_none_and_auto_are_modes_even_for_a_network_of_that_name():
    # docs/rules.md (R9 corner cases): "`none` and `auto` always mean the modes, even when
    # a network is called so"
    text = DRILL.replace("  - {name: Lab-B,", "  - {name: auto, logical_network: LN-B}\n"
                         "  - {name: Lab-B,")
    v = _drill("auto", text)
    assert _nets(v, "WEB") == ["Net-B-test"]
    assert Scenario(test_network="auto").test_mode == "auto"
    assert Scenario(test_network="Lab-B").test_mode == "network"


ISOLATION = """
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VMM-A, site: A}, {name: VMM-B, site: B}]
logical_networks: [{name: LN-A, vmm: VMM-A}, {name: LN-B, vmm: VMM-B}]
vm_networks:
  - {name: Net-A, logical_network: LN-A, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - {name: Net-B, logical_network: LN-B, isolation: REPLICA,
     subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - {name: Test-B, logical_network: LN-B, isolation: wnv,
     subnets: [{name: S1, prefix: 10.1.0.0/24}]}
clouds:
  - {name: Cloud-A, vmm: VMM-A, logical_networks: [LN-A]}
  - {name: Cloud-B, vmm: VMM-B, logical_networks: [LN-B]}
protection: [{protected: Cloud-A, protecting: Cloud-B}]
hosts: [{name: HV-B, vmm: VMM-B, clouds: [Cloud-B], logical_networks: [LN-B]}]
network_mappings: [{source: Net-A, target: Net-B}]
vms:
  - {name: STATIC, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1, ip: 10.1.0.10}]}
  - {name: DHCP, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1}]}
"""


def _unrunnable(replica_isolation, mode="Test-B"):
    text = ISOLATION.replace("isolation: REPLICA,", f"isolation: {replica_isolation},"
                             if replica_isolation else "")
    return {(v, i): why.kinds for v, i, why in drill.unrunnable(_drill(mode, text))}


def test_nm022_wnv_test_network_for_a_replica_network_without_isolation():
    # SPEC NM022: "a `wnv` test network for a replica network whose `isolation` is `none`";
    # Microsoft (hyper-v-vmm-test-failover): "Test failover won't work if the replica
    # network uses no isolation, and the test network uses Windows Network
    # Virtualization."
    got = _unrunnable("none")
    assert got[("STATIC", 0)][0].name == "TEST_WNV_FROM_NO_ISOLATION"
    assert got[("DHCP", 0)][0].name == "TEST_WNV_FROM_NO_ISOLATION"


def test_nm022_wnv_test_network_for_a_dhcp_nic_on_a_vlan_network():
    # SPEC NM022: "or `vlan` with a DHCP NIC"; Microsoft: "If the replica uses DHCP and
    # VLAN-based isolation, the VM network for the replica doesn't need a static IP address
    # pool. So using Windows Network Virtualization for the test failover won't work
    # because no address pools are available."
    got = _unrunnable("vlan")
    assert got[("DHCP", 0)][0].name == "TEST_WNV_DHCP_VLAN"
    assert "TEST_WNV_DHCP_VLAN" not in {k.name for k in got[("STATIC", 0)]}


def test_nm022_wnv_subnet_without_a_pool_and_isolations_not_given():
    # SPEC NM022: "or a `wnv` test network subnet without a pool (judged only where both
    # isolations are given)"; Microsoft: "IP address allocation will fail if a static IP
    # address pool is not defined." The pool concerns the test network alone.
    got = _unrunnable(None)
    assert {k.name for ks in got.values() for k in ks} == {"TEST_WNV_NO_POOL"}
    assert sorted(got) == [("DHCP", 0), ("STATIC", 0)]
    # a test network whose isolation is not given: nothing judged
    text = ISOLATION.replace("isolation: REPLICA,", "isolation: none,").replace(
        "isolation: wnv,", "")
    assert drill.unrunnable(_drill("Test-B", text)) == []


def test_nm022_auto_copies_carry_their_targets_isolation():
    # the copy of a no-isolation network is no wnv network: nothing to judge
    assert _unrunnable("none", mode="auto") == {}
    # the copy of a wnv network without pools has none either
    got = _unrunnable("wnv", mode="auto")
    assert {k.name for ks in got.values() for k in ks} == {"TEST_WNV_NO_POOL"}


def test_nm021_mirror():
    # SPEC NM021: "a test network whose subnets do not mirror the production target's
    # names and prefixes"; Microsoft
    # (https://learn.microsoft.com/en-us/azure/site-recovery/site-recovery-test-failover-to-azure):
    # "The test network should have same number of subnets as your production network.
    # Subnets should have the same names." "The test network should use the same IP
    # address range."
    # Test-B mirrors Net-B (WEB's target), not Db-B (DB's)
    assert [(n, t) for n, t, _ in drill.mirror_problems(_drill("Test-B"))] == \
        [("Test-B", "Db-B")]
    v = _drill("Test-B", DRILL.replace(
        "{name: Test-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/24}]}",
        "{name: Test-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.7.0.0/24}]}"))
    got = drill.mirror_problems(v)
    assert [(n, t) for n, t, _ in got] == [("Test-B", "Db-B"), ("Test-B", "Net-B")]
    assert got[1][2].missing == ("S1 10.1.0.0/24",) and got[1][2].extra == ("S1 10.7.0.0/24",)
    assert drill.mirror_problems(_drill("auto")) == []


def test_reach_through_copies_names_the_copies():
    # SPEC R9: the copies are "joined to the other copies as the targets are joined";
    # reach gives "the path through networks" (SPEC §5)
    from netmap.analysis.reach import reach
    t = netmap.loads(DRILL)
    r = reach(t, "WEB", "DB", Scenario(all=True, test_network="auto"))
    assert r.reachable is True
    assert (r.path, r.hops) == (["WEB", "Net-B-test", "Db-B-test", "DB"],
                                ["nic", "link", "nic"])
    r = reach(t, "WEB", "LAB", Scenario(all=True, test_network="auto"))
    assert r.reachable is False and r.path == [] and r.reason.kind.name == "NOT_JOINED"


def test_vmm_test_address_comes_from_the_test_subnets_pool():
    # SPEC R3 (which R9's "assigned as in R3" follows): "*Usable*: inside the subnet's
    # prefix, inside its `pool` when it has one (outside `reserved`), and not reserved by
    # the platform"; Microsoft (hyper-v-vmm-test-failover): "The virtual machine receives
    # its IP address from the pool that's defined for the VM network."
    text = DRILL.replace(
        "{name: Test-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/24}]}",
        "{name: Test-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/24, "
        "gateway: 10.1.0.254, pool: {start: 10.1.0.100, end: 10.1.0.110, "
        "reserved: [10.1.0.100]}}]}")
    v = _drill("Test-B", text)
    # DB's failover address is outside Test-B's prefix, WEB's (10.1.0.10) is outside the
    # pool: both take the lowest usable free address of the pool, DB first by name
    assert [n.ip for n in v.replica_nics("DB")] == ["10.1.0.101"]
    assert [n.ip for n in v.replica_nics("WEB")] == ["10.1.0.102"]
    assert v.replica_nics("WEB")[0].reason.taken == "unusable"


def test_nm022_no_finding_for_a_wnv_subnet_with_a_pool():
    text = ISOLATION.replace("isolation: REPLICA,", "isolation: wnv,").replace(
        "  - {name: Test-B, logical_network: LN-B, isolation: wnv,\n"
        "     subnets: [{name: S1, prefix: 10.1.0.0/24}]}",
        "  - {name: Test-B, logical_network: LN-B, isolation: wnv,\n"
        "     subnets: [{name: S1, prefix: 10.1.0.0/24,\n"
        "                pool: {start: 10.1.0.10, end: 10.1.0.99}}]}")
    assert "pool:" in text
    assert drill.unrunnable(_drill("Test-B", text)) == []
    # ... and DHCP on a VLAN replica network is still judged (SPEC NM022: "or `vlan` with
    # a DHCP NIC"), the NIC's ip_mode deciding
    text = text.replace("isolation: wnv,\n     subnets: [{name: S1, prefix: 10.1.0.0/24}]",
                        "isolation: vlan,\n     subnets: [{name: S1, prefix: 10.1.0.0/24}]",
                        1)
    got = {(v, i): why.kinds for v, i, why in drill.unrunnable(_drill("Test-B", text))}
    assert [k.name for k in got[("DHCP", 0)]] == ["TEST_WNV_DHCP_VLAN"]
    assert ("STATIC", 0) not in got


def test_unplaced_replica_is_judged_by_its_site_only():
    # docs/rules.md (R9 corner cases): "An unplaced VMM replica has no host, so only its
    # site is checked." OPS maps to Lab-B's logical network, which no host of Cloud-B
    # reaches: it has no host (R4).
    text = DRILL.replace("  - {source: Db-A, target: Db-B}",
                         "  - {source: Db-A, target: Db-B}\n  - {source: Ops-A, target: Lab-B}")
    assert "Ops-A, target: Lab-B" in text
    text = text.replace("  - {name: Db-A, logical_network: LN-A,",
                        "  - {name: Ops-A, logical_network: LN-A, subnets: [{name: S1}]}\n"
                        "  - {name: Db-A, logical_network: LN-A,")
    text = text.replace("vms:\n",
                        "vms:\n  - {name: OPS, cloud: Cloud-A, nics: [{network: Ops-A}]}\n")
    v = _drill("Lab-B", text)
    assert drill.drill_host(v, "OPS") is None
    assert _nets(v, "OPS") == ["Lab-B"]
    # "... it does not run in a drill either (state `unplaced`, R4)"
    assert v.state("OPS") == "unplaced" and not v.reachable("OPS", "WEB")
    assert _nets(v, "WEB") == [None]  # placed on HV-B, which does not reach LN-Lab


def test_drill_with_its_recovery_site_down():
    # docs/rules.md (R9 corner cases): "A drill VM whose recovery site is down claims
    # nothing"; R5: a replica whose recovery site is down is down
    v = _drill("auto", sites_down=("B",))
    assert v.state("WEB") == "down"
    (web,) = v.replica_nics("WEB")
    assert str(web.network) == "Net-B-test"
    # a copy of a network at a site that is down carries no traffic
    assert v.net.component(web.network) is None
    assert drill.isolation(v)[0] is True


def test_diff_of_drills_counts_pairs_exactly(fixture_path):
    # issue 11: "The report, the diagrams and diff show the new states and reasons"; SPEC
    # §5: diff's pair counts are exact. Checked against every pair of reachable().
    from itertools import combinations

    from netmap.analysis import diff as diff_mod
    from netmap.answers.diff import diff
    old = netmap.load(fixture_path("diff-before.yaml"))
    new = netmap.load(fixture_path("diff-after.yaml"))
    for mode in ("auto", "none"):
        sc = Scenario(all=True, test_network=mode)
        got = diff(old, new, sc, limit=None).to_dict()["reachability"]
        so, sn = diff_mod._sides(old, new, sc)
        vo, vn = evaluate(old, so), evaluate(new, sn)
        names = sorted(set(old.vm) | set(new.vm))
        gained, lost = [], []
        for a, b in combinations(names, 2):
            ro = a in old.vm and b in old.vm and vo.reachable(a, b)
            rn = a in new.vm and b in new.vm and vn.reachable(a, b)
            if rn and not ro:
                gained.append([a, b])
            if ro and not rn:
                lost.append([a, b])
        assert (got["gained"], got["lost"]) == (gained, lost), mode
    nics = diff(old, new, Scenario(all=True, test_network="auto")).to_dict()["nics"]
    assert {n["new_network"] for n in nics} >= {"Dmz-West-test", "Db-West-test"}


def test_auto_copies_do_not_copy_peerings(fixture_path):
    # docs/rules.md (R9 corner cases): "a peering between two targets is not copied: the
    # copies of peered targets are groups of their own" (reach used to crash there)
    from itertools import combinations

    from netmap.analysis.reach import reach
    t = netmap.load(fixture_path("peering.yaml"))
    v = evaluate(t, Scenario(all=True, test_network="auto"))
    for c in {r.network for x in v.failed_over for r in v.routes(x) if r.network is not None}:
        assert all(via != "peering" for _, via in v.net.neighbors(c))
    for a, b in combinations(sorted(t.vm), 2):
        r = reach(t, a, b, Scenario(all=True, test_network="auto"))
        assert r.reachable == bool(r.path)
