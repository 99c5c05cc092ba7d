"""Azure to Azure (R11) in every question, and each NIC's configured target settings
(R3 ``replica:``), on ``fixtures/a2a.yaml`` (its header sketches it) and small topologies.

Microsoft's sentences these follow, from "Set up network mapping and IP addressing for
VNets" (https://learn.microsoft.com/en-us/azure/site-recovery/azure-to-azure-network-mapping,
also https://docs.azure.cn/en-us/site-recovery/azure-to-azure-network-mapping):

* "Based on the target you select, Site Recovery automatically creates network mappings
  from the source to target region, and from the target to source region."
* "By default, Site Recovery creates a network in the target region that's identical to
  the source network. Site Recovery adds -asr as a suffix to the name of the target
  network."
* "If a subnet with the same name as the source VM subnet is available in the target
  network, that subnet is set for the target VM." / "If a subnet with the same name
  doesn't exist in the target network, the first subnet in the alphabetical order is set
  as the target subnet."

and, for the configured settings, New-AzRecoveryServicesAsrVMNicIPConfig
(https://learn.microsoft.com/en-us/powershell/module/az.recoveryservices/new-azrecoveryservicesasrvmnicipconfig):
"Creates an ASR NIC IP config that contains the failover and test failover configuration
details for each IP Config (Primary and Secondary) of the NIC" (``-RecoverySubnetName``,
``-RecoveryStaticIPAddress``, ``-TfoSubnetName``, ``-TfoStaticIPAddress``).
"""

from __future__ import annotations

import json

import pytest

import netmap
from netmap.analysis.failover import evaluate
from netmap.analysis.reasons import ReasonKind
from netmap.answers.checks import check
from netmap.answers.diff import diff
from netmap.answers.failback import failback
from netmap.answers.mapping import mappings
from netmap.model.records import NetworkKind
from netmap.model.scenario import Scenario


@pytest.fixture(scope="module")
def a2a(fixture_path):
    return netmap.load(fixture_path("a2a.yaml"))


@pytest.fixture(scope="module")
def a2a_text(fixture_path):
    return fixture_path("a2a.yaml").read_text(encoding="utf-8")


def nics(view, vm):
    return [(n.network, n.subnet, n.ip, n.ip_retained) for n in view.replica_nics(vm)]


def kinds(reason):
    return () if reason is None else reason.kinds


# -- R11: the NAME-asr network -------------------------------------------------------------------
def test_an_unmapped_source_gets_the_network_site_recovery_creates(a2a):
    # SPEC R11: "An A2A source network with no mapping to B gets the network Site Recovery
    # creates when replication is enabled: NAME-asr in region B, with the source's subnets
    # and prefixes, joined to nothing ..., with the mappings both ways"
    assert a2a.created == {"vnet-ops-ce-asr": "vnet-ops-ce"}
    net = a2a.net["vnet-ops-ce-asr"]
    assert (net.kind, net.site, net.subnets, net.created_from) == \
        (NetworkKind.AZURE_NETWORK, "China North", [("Ops", "10.5.1.0/24")], "vnet-ops-ce")
    assert a2a.mapping.target("vnet-ops-ce", "China North") == "vnet-ops-ce-asr"
    assert a2a.mapping.target("vnet-ops-ce-asr", "China East") == "vnet-ops-ce"
    assert list(a2a.network_graph.neighbors("vnet-ops-ce-asr")) == []  # joined to nothing


def test_the_created_network_is_never_written_into_the_topology(a2a, run, fixture_path,
                                                                 tmp_path):
    # SPEC R11: "(reported as such, never written into the topology)"
    assert ("azure_network", "vnet-ops-ce-asr") not in a2a.graph
    assert not any(d["kind"] == "maps_to" and "vnet-ops-ce-asr" in (u[1], v[1])
                   for u, v, d in a2a.graph.edges(data=True))
    out = tmp_path / "a2a.json"
    code, _, _ = run("export", fixture_path("a2a.yaml"), "--to", "json", "-o", out)
    assert code == 0 and "vnet-ops-ce-asr" not in out.read_text(encoding="utf-8")
    # the report's summary counts the topology's own networks and mappings
    d = json.loads(netmap.answers.report.report(a2a).render("json"))
    assert (d["summary"]["azure_networks"], d["summary"]["mappings"]) == (8, 6)


def test_mappings_show_it_as_created_by_site_recovery(a2a):
    rows = {(r["source"], r["target"]): r for r in mappings(a2a).rows}
    there, back = rows[("vnet-ops-ce", "vnet-ops-ce-asr")], \
        rows[("vnet-ops-ce-asr", "vnet-ops-ce")]
    assert there["created_by_site_recovery"] and back["created_by_site_recovery"]
    assert (there["target_site"], back["target_site"]) == ("China North", "China East")
    assert "Site Recovery creates there" in there["reason"]
    assert not rows[("vnet-app-ce", "vnet-app-cn")]["created_by_site_recovery"]
    # SPEC §5 mappings: "one row with target null for each ... Azure network of a
    # protected region, that has none" -- none here: every China East network is mapped
    assert not [r for r in mappings(a2a).rows if r["target"] is None]


def test_an_unmapped_azure_network_of_a_protected_region_has_a_null_row(a2a_text):
    # vnet-idle-ce: in the protected region, used by no VM: nothing is created for it
    t = netmap.loads(a2a_text.replace(
        "  - {name: vnet-ops-ce, site: China East,",
        "  - {name: vnet-idle-ce, site: China East}\n"
        "  - {name: vnet-ops-ce, site: China East,"), "a2a.yaml")
    rows = [r for r in mappings(t).rows if r["source"] == "vnet-idle-ce"]
    assert [(r["target"], r["created_by_site_recovery"]) for r in rows] == [(None, False)]
    assert "vnet-idle-ce-asr" not in t.net
    # an Azure network of an unprotected region (China North) gets no such row
    assert not [r for r in mappings(t).rows
                if r["source"] == "vnet-drill-cn" and r["target"] is None]


def test_nm001_warns_that_the_asr_network_will_be_created(a2a):
    # SPEC §4 NM001: "A2A: a warning that NAME-asr will be created"
    (f,) = [f for f in check(a2a).findings if f["code"] == "NM001"]
    assert (f["severity"], f["object"]) == ("warning", "OPS1.nics[0]")
    assert "vnet-ops-ce-asr" in f["message"] and "creates" in f["message"]


# -- R3 for Azure replicas: subnets and addresses ----------------------------------------------
def test_replica_nics_of_every_vm(a2a):
    v = evaluate(a2a, Scenario(all=True))
    # SPEC R3: "the target's subnet with the NIC's subnet name (compared without case for
    # Azure targets ...)": Web lands in web, Shared in shared, and keeps its address
    assert nics(v, "WEB1") == [("vnet-web-cn", "web", "10.1.1.10", True)]
    assert nics(v, "APP1") == [("vnet-app-cn", "App", "10.2.1.10", True)]
    # SPEC R3: "in an Azure subnet the first four addresses and the last" are reserved:
    # MON-CN holds .4, so DC1 takes .5, the lowest usable free address
    assert nics(v, "DC1") == [("vnet-hub-cn", "shared", "10.0.1.5", False)]
    assert kinds(v.replica_nics("DC1")[0].reason) == (ReasonKind.IP_HELD,)
    # the created network copies the source's subnets, so the address is kept
    assert nics(v, "OPS1") == [("vnet-ops-ce-asr", "Ops", "10.5.1.10", True)]
    assert kinds(v.replica_nics("OPS1")[0].reason) == (ReasonKind.CREATED_BY_ASR,)


def test_the_first_subnet_of_an_azure_target_is_the_alphabetical_first(a2a_text):
    # SPEC R3: "else the first subnet: ... in alphabetical order for an Azure network";
    # vnet-app-cn's subnets are Data, App, Batch in file order
    t = netmap.loads(a2a_text.replace("subnets: [{name: App, prefix: 10.2.1.0/24}, "
                                      "{name: Data, prefix: 10.2.2.0/24}]",
                                      "subnets: [{name: Front, prefix: 10.2.1.0/24}, "
                                      "{name: Data, prefix: 10.2.2.0/24}]", 1)
                     .replace("nics: [{network: vnet-app-ce, subnet: App, ip: 10.2.1.10}]",
                              "nics: [{network: vnet-app-ce, subnet: Front, ip: 10.2.1.10}]"),
                     "a2a.yaml")
    v = evaluate(t, Scenario(vms=("APP1",)))
    assert nics(v, "APP1") == [("vnet-app-cn", "App", "10.2.1.10", True)]
    assert kinds(v.replica_nics("APP1")[0].reason) == (ReasonKind.FIRST_SUBNET,)


# -- R3: a NIC's configured replica settings --------------------------------------------------
def test_a_configured_subnet_and_address_win(a2a):
    # SPEC R3: "Subnet: the NIC's replica.subnet when given"; "Address: the NIC's
    # replica.ip when given (...; ip_retained is true when it equals the source address;
    # the reason says "configured")"
    v = evaluate(a2a, Scenario(vms=("DB1",)))
    (n,) = v.replica_nics("DB1")
    assert (n.network, n.subnet, n.ip, n.ip_retained) == \
        ("vnet-app-cn", "Data", "10.2.2.20", False)
    assert [(p.kind, p.setting, p.value) for p in n.reason.parts] == \
        [(ReasonKind.CONFIGURED, "subnet", "Data"), (ReasonKind.CONFIGURED, "ip", "10.2.2.20")]
    assert "configured" in str(n.reason)
    # never NM007 for a configured address (SPEC R3: "never NM007")
    assert not [f for f in check(a2a).findings if f["object"] == "DB1.nics[0]"]


#: VMM to VMM with a configured target network, subnet and address (every scenario)
VMM = """\
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VMM-A, site: A}, {name: VMM-B, site: B}]
logical_networks: [{name: LN-A, vmm: VMM-A}, {name: LN-B, vmm: VMM-B}]
vm_networks:
  - {name: Net-A, logical_network: LN-A, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - {name: Net-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - name: Net-B2
    logical_network: LN-B
    subnets: [{name: S1, prefix: 10.2.0.0/24}, {name: S2, prefix: 10.3.0.0/24}]
clouds:
  - {name: Cloud-A, vmm: VMM-A, logical_networks: [LN-A]}
  - {name: Cloud-B, vmm: VMM-B, logical_networks: [LN-B]}
protection: [{protected: Cloud-A, protecting: Cloud-B}]
hosts: [{name: HV-B, vmm: VMM-B, clouds: [Cloud-B], logical_networks: [LN-B]}]
network_mappings: [{source: Net-A, target: Net-B}]
vms:
  - name: WEB
    cloud: Cloud-A
    nics:
      - {network: Net-A, subnet: S1, ip: 10.1.0.10,
         replica: {network: Net-B2, subnet: S2, ip: 10.3.0.10}}
      - {network: Net-A, subnet: S1, ip: 10.1.0.11}
"""


def test_configured_settings_apply_to_vmm_replicas_too():
    # SPEC R3: "Network: the NIC's replica.network when given; else map(S) at the recovery
    # site"; the issue: "In every scenario, Site Recovery also lets an engineer set, per VM
    # and per NIC, the target network, subnet and static address"
    t = netmap.loads(VMM, "vmm.yaml")
    v = evaluate(t, Scenario(all=True))
    assert nics(v, "WEB") == [("Net-B2", "S2", "10.3.0.10", False),
                              ("Net-B", "S1", "10.1.0.11", True)]
    first = v.replica_nics("WEB")[0].reason
    assert [(p.setting, p.value) for p in first.parts] == \
        [("network", "Net-B2"), ("subnet", "S2"), ("ip", "10.3.0.10")]
    # R4: the host must reach the configured network's logical network
    assert v.placement.host("WEB") == "HV-B"


def test_placement_needs_the_configured_networks_logical_network():
    # SPEC R4: "placed on hosts of Q that reach the logical networks of every target
    # network of the VM's NICs" -- with Net-B2 on its own logical network LN-B2, which HV-B
    # does not reach, WEB's replica (configured into Net-B2) cannot be placed
    t = netmap.loads(VMM.replace(
        "logical_networks: [{name: LN-A, vmm: VMM-A}, {name: LN-B, vmm: VMM-B}]",
        "logical_networks: [{name: LN-A, vmm: VMM-A}, {name: LN-B, vmm: VMM-B},\n"
        "                   {name: LN-B2, vmm: VMM-B}]").replace(
        "  - name: Net-B2\n    logical_network: LN-B\n",
        "  - name: Net-B2\n    logical_network: LN-B2\n").replace(
        "  - {name: Cloud-B, vmm: VMM-B, logical_networks: [LN-B]}",
        "  - {name: Cloud-B, vmm: VMM-B, logical_networks: [LN-B, LN-B2]}"), "vmm.yaml")
    assert t.net["Net-B2"].logical == "LN-B2"
    v = evaluate(t, Scenario(all=True))
    assert v.placement.host("WEB") is None
    assert v.placement.reason("WEB").kind is ReasonKind.NO_HOST_REACHES


def test_a_configured_address_is_claimed_before_the_two_passes():
    # SPEC R3 "Fixed per topology": "against the addresses that the target site's own VMs
    # hold and the configured replica.ip addresses": DB's configured 10.1.0.11 is held
    # before WEB's second NIC can keep it, so that NIC is reassigned
    t = netmap.loads(VMM.replace("      - {network: Net-A, subnet: S1, ip: 10.1.0.11}\n",
                                 "      - {network: Net-A, subnet: S1, ip: 10.1.0.11}\n"
                                 "  - name: DB\n    cloud: Cloud-A\n    nics:\n"
                                 "      - {network: Net-A, subnet: S1, ip: 10.1.0.20,\n"
                                 "         replica: {ip: 10.1.0.11}}\n"), "vmm.yaml")
    v = evaluate(t, Scenario(all=True))
    assert nics(v, "DB") == [("Net-B", "S1", "10.1.0.11", False)]
    assert nics(v, "WEB")[1] == ("Net-B", "S1", "10.1.0.2", False)
    assert v.replica_nics("WEB")[1].reason.holder == "DB"


def test_a_configured_network_needs_no_asr_network(a2a_text):
    t = netmap.loads(a2a_text.replace(
        "nics: [{network: vnet-ops-ce, subnet: Ops, ip: 10.5.1.10}]",
        "nics: [{network: vnet-ops-ce, subnet: Ops, ip: 10.5.1.10,\n"
        "            replica: {network: vnet-hub-cn, ip: 10.0.1.30}}]"), "a2a.yaml")
    assert t.created == {}
    v = evaluate(t, Scenario(vms=("OPS1",)))
    # the configured network has no subnet Ops: R3's rule picks its only subnet
    assert nics(v, "OPS1") == [("vnet-hub-cn", "shared", "10.0.1.30", False)]


# -- R5 across regions, R6, R8 -----------------------------------------------------------------
def test_a_region_down(a2a):
    v = evaluate(a2a, Scenario(all=True, sites_down=("China East",)))
    assert v.state("WEB1") == "replica" and v.state("MON-CN") == "primary"
    # the app tiers reach each other through the recovery region's joins
    assert v.reachable("WEB1", "APP1") and v.reachable("APP1", "DB1")
    assert v.reachable("DB1", "DC1") and v.reachable("WEB2", "MON-CN")
    # the created network is joined to nothing: OPS1 loses DC1 (R8)
    assert not v.reachable("OPS1", "DC1")
    assert [(b["vm"], b["depends_on"]) for b in v.broken_dependencies()] == [("OPS1", "DC1")]


def test_r6_does_not_apply_to_azure_to_azure(a2a):
    # SPEC R11: "R6 does not apply": an unmapped NIC of a plan failing over Azure to Azure
    # joins no plan network (with the mapping removed and no network created by a what-if)
    v = evaluate(a2a, Scenario(plans=("Plan-App",), unmap=("vnet-app-ce",)))
    assert nics(v, "APP1") == [(None, None, None, None)]
    assert kinds(v.replica_nics("APP1")[0].reason) == (ReasonKind.NOT_MAPPED,)


# -- R7 over the reverse mappings ------------------------------------------------------------------
def test_failback_uses_the_reverse_mappings(a2a):
    # SPEC R11: "Failback (R7) uses the reverse mappings, as reprotection does"
    rows = {r["vm"]: r["nics"][0] for r in failback(a2a).to_dict()["vms"]}
    assert {v: (n["network"], n["subnet"], n["returns"], n["method"])
            for v, n in rows.items()} == {
        "APP1": ("vnet-app-ce", "App", True, "mapping"),
        "DB1": ("vnet-app-ce", "Data", True, "mapping"),
        "DC1": ("vnet-hub-ce", "Shared", True, "mapping"),
        "OPS1": ("vnet-ops-ce", "Ops", True, "mapping"),  # over vnet-ops-ce-asr's mapping
        "WEB1": ("vnet-web-ce", "Web", True, "mapping"),
        "WEB2": ("vnet-web-ce", "Web", True, "mapping")}
    assert rows["DC1"]["reason"] is None  # shared -> Shared: the same name without case
    moved = {r["vm"]: r["nics"][0] for r in failback(
        a2a, vms=["WEB1"], remap=[("vnet-web-cn", "vnet-hub-ce")]).to_dict()["vms"]}
    assert (moved["WEB1"]["network"], moved["WEB1"]["returns"]) == ("vnet-hub-ce", False)


def test_an_a2a_mapping_without_its_reverse_is_nm005(a2a_text):
    # SPEC R11: "an A2A mapping without its reverse is NM005"
    t = netmap.loads(a2a_text.replace("  - {source: vnet-web-cn, target: vnet-web-ce}\n",
                                      ""), "a2a.yaml")
    assert [(f["code"], f["object"]) for f in check(t).findings if f["code"] == "NM005"] == \
        [("NM005", "vnet-web-ce -> vnet-web-cn")]
    assert not [f for f in check(netmap.loads(a2a_text, "a2a.yaml")).findings
                if f["code"] == "NM005"]


# -- R10, diff ---------------------------------------------------------------------------------
def test_a_plan_of_one_region_to_another_is_accepted(a2a):
    # SPEC R10: "one source and one recovery site"
    assert not [f for f in check(a2a).findings if f["code"] in ("NM014", "NM018")]


def test_diff_of_mapping_the_unmapped_network(a2a):
    # mapping vnet-ops-ce to the hub instead of letting Site Recovery create its copy
    d = diff(a2a, a2a, Scenario(all=True, remap=(("vnet-ops-ce", "vnet-hub-cn"),)))
    out = d.to_dict()
    assert out["mappings"]["changed"] == [{"source": "vnet-ops-ce", "target_site": "China North",
                                           "old_target": "vnet-ops-ce-asr",
                                           "new_target": "vnet-hub-cn"}]
    (row,) = out["nics"]
    assert (row["vm"], row["old_network"], row["new_network"], row["new_ip"]) == \
        ("OPS1", "vnet-ops-ce-asr", "vnet-hub-cn", "10.0.1.6")
    # OPS1 gains every running VM (nothing is lost)
    assert out["reachability"]["gained"] == [["APP1", "OPS1"], ["DB1", "OPS1"],
                                             ["DC1", "OPS1"], ["MON-CN", "OPS1"],
                                             ["OPS1", "WEB1"], ["OPS1", "WEB2"]]
    assert out["reachability"]["lost"] == []


# -- R5 reach within and across regions (peering, overlap) -------------------------------------
def test_a_spoke_does_not_reach_another_spoke_through_the_hub(a2a):
    # SPEC R5: "a spoke reaches the hub and whatever the hub reaches through its routed
    # links and gateways, never another spoke"
    from netmap.answers.reach import reach
    assert reach(a2a, "OPS1", "DC1").to_dict()["reachable"] is True
    r = reach(a2a, "OPS1", "WEB1")
    assert r.to_dict()["reachable"] is False
    assert r.reason.kind is ReasonKind.PEERING_NOT_TRANSITIVE


def test_a_global_peering_between_copies_of_one_address_space(a2a_text):
    # SPEC R5: "traffic that crosses a join from a's network to b's network is lost when b's
    # address lies inside a subnet prefix of a's network" -- the recovery region copies the
    # primary's prefixes, so peering the two hubs (global VNet peering) joins 10.0.1.0/24
    # to itself: NM017, and MON-CN never reaches DC1 across it
    from netmap.answers.reach import reach
    t = netmap.loads(a2a_text.replace(
        "  - {networks: [vnet-web-ce, vnet-hub-ce], kind: peering}\n",
        "  - {networks: [vnet-hub-ce, vnet-hub-cn], kind: peering}\n"
        "  - {networks: [vnet-web-ce, vnet-hub-ce], kind: peering}\n"), "a2a.yaml")
    assert [f["object"] for f in check(t).findings if f["code"] == "NM017"] == \
        ["vnet-hub-ce -- vnet-hub-cn"]
    r = reach(t, "MON-CN", "DC1")
    assert r.to_dict()["reachable"] is False
    assert r.reason.kind is ReasonKind.ADDRESS_OVERLAP


# -- R9: configured settings in drills -----------------------------------------------------------
def test_a_replica_subnet_does_not_apply_to_drills():
    # SPEC R9: "Subnet as in R3 by the NIC's own subnet name (a replica.subnet does not
    # apply to drills)": WEB's first NIC is configured into Net-B2/S2 for failover, but its
    # drill on Net-B2 lands in S1, its own subnet's name
    t = netmap.loads(VMM, "vmm.yaml")
    v = evaluate(t, Scenario(vms=("WEB",), test_network="Net-B2"))
    assert [(r.network, r.subnet) for r in v.routes("WEB")] == [("Net-B2", "S1"),
                                                               ("Net-B2", "S1")]


def test_a_named_test_network_takes_the_nics_own_test_subnet(a2a):
    # SPEC R9: "or the name of a VM network or Azure network (a NIC whose test.network is
    # that network also takes its test.subnet and test.ip)"
    v = evaluate(a2a, Scenario(plans=("Plan-App",), test_network="vnet-drill-cn"))
    (route,) = v.routes("DB1")
    assert (route.network, route.subnet) == ("vnet-drill-cn", "Data")
    (part,) = route.reason.parts
    assert (part.kind, part.setting, part.test) == (ReasonKind.CONFIGURED, "subnet", True)
    assert str(part) == "configured test subnet Data"


def test_a_name_already_taken_creates_nothing(a2a_text):
    # docs/rules.md R11 corner case: a network called NAME-asr exists (unmapped), so
    # nothing is created and the NIC is not mapped: disconnected, an error (R6 does not
    # apply to Azure to Azure)
    t = netmap.loads(a2a_text.replace(
        "  - name: vnet-drill-cn\n",
        "  - {name: vnet-ops-ce-asr, site: China North}\n  - name: vnet-drill-cn\n"),
        "a2a.yaml")
    assert t.created == {}
    v = evaluate(t, Scenario(all=True))
    assert nics(v, "OPS1") == [(None, None, None, None)]
    assert kinds(v.replica_nics("OPS1")[0].reason) == (ReasonKind.NOT_MAPPED,)
    (f,) = [f for f in check(t).findings if f["code"] == "NM001"]
    assert f["severity"] == "error" and "disconnected" in f["message"]


def test_target_choices_of_an_a2a_source(a2a):
    # SPEC R2: "For a cloud or region protected to Azure, the candidates are the Azure
    # networks of that Azure region, all available" (not the one Site Recovery creates)
    from netmap.answers.mapping import target_choices
    got = target_choices(a2a, "vnet-ops-ce")
    assert [(c["target"], c["protected_cloud"], c["protecting_cloud"], c["available"])
            for c in got.choices] == [
        ("vnet-app-cn", "China East", "China North", True),
        ("vnet-drill-cn", "China East", "China North", True),
        ("vnet-hub-cn", "China East", "China North", True),
        ("vnet-web-cn", "China East", "China North", True)]
    # a network of the unprotected recovery region has no choices (as for VMM)
    assert target_choices(a2a, "vnet-hub-cn").choices == []


def test_test_network_configured_follows_each_nics_test_settings(a2a):
    # SPEC R9: "configured (each NIC's test: settings; a NIC without them is
    # disconnected)"; "a NIC whose test.network is that network also takes its test.subnet
    # and test.ip" -- Site Recovery's -TfoSubnetName and -TfoStaticIPAddress
    v = evaluate(a2a, Scenario(plans=("Plan-App",), test_network="configured"))
    assert nics(v, "DB1") == [("vnet-drill-cn", "Data", "10.2.2.250", False)]
    parts = v.replica_nics("DB1")[0].reason.parts
    assert [(p.kind, p.setting, p.test) for p in parts] == [
        (ReasonKind.CONFIGURED, "network", True), (ReasonKind.CONFIGURED, "subnet", True),
        (ReasonKind.CONFIGURED, "ip", True)]
    for vm in ("APP1", "DC1", "WEB1", "WEB2"):
        (n,) = v.replica_nics(vm)
        assert n.network is None and n.reason.kind is ReasonKind.TEST_NOT_CONFIGURED, vm
    ok, why = v.test_isolation()
    assert ok is True and why.kind is ReasonKind.TEST_CONFIGURED_ISOLATED
    assert why.networks == ("vnet-drill-cn",)


def test_a_named_test_network_takes_the_configured_test_address(a2a):
    # SPEC R9: "(a NIC whose test.network is that network also takes its test.subnet and
    # test.ip)"; other NICs take addresses from the top of the Azure range
    v = evaluate(a2a, Scenario(plans=("Plan-App",), test_network="vnet-drill-cn"))
    assert nics(v, "DB1") == [("vnet-drill-cn", "Data", "10.2.2.250", False)]
    assert "configured test address 10.2.2.250" in str(v.replica_nics("DB1")[0].reason)


def test_a_configured_test_network_that_is_a_mapping_target_is_nm015(a2a_text):
    # SPEC R9: "The test network is not isolated when it is a mapping target"; with
    # --test-network configured the finding names the configured network
    t = netmap.loads(a2a_text.replace(
        "test: {network: vnet-drill-cn, subnet: Data, ip: 10.2.2.250}",
        "test: {network: vnet-app-cn, subnet: Data, ip: 10.2.2.250}"), "a2a.yaml")
    got = [(f["code"], f["object"]) for f in
           check(t, Scenario(test_network="configured")).findings if f["code"] == "NM015"]
    assert got == [("NM015", "vnet-app-cn")]


def test_configured_is_a_word_of_the_cli(run, fixture_path):
    code, out, err = run("failover", fixture_path("a2a.yaml"), "--plan", "Plan-App",
                         "--test-network", "configured", "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    db1 = next(v for v in d["vms"] if v["vm"] == "DB1")
    assert (db1["nics"][0]["network"], db1["nics"][0]["ip"]) == ("vnet-drill-cn", "10.2.2.250")


def test_an_auto_drill_ignores_the_replica_subnet():
    # SPEC R9: "Subnet as in R3 by the NIC's own subnet name (a replica.subnet does not
    # apply to drills)": WEB's first NIC fails over into Net-B2/S2 (configured); with
    # auto its drill joins the copy Net-B2-test, in S1 (its own subnet's name)
    t = netmap.loads(VMM, "vmm.yaml")
    v = evaluate(t, Scenario(vms=("WEB",), test_network="auto"))
    assert [(str(r.network), r.subnet) for r in v.routes("WEB")] == [("Net-B2-test", "S1"),
                                                                    ("Net-B-test", "S1")]
    assert kinds(v.routes("WEB")[0].reason) == (ReasonKind.CONFIGURED,)  # the network
