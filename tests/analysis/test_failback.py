"""R7 failback: the seed's failback table row by row, overrides, what-ifs and errors."""

from __future__ import annotations

import json

import pytest

import netmap
from netmap.errors import ScenarioError
from netmap.analysis.failback import parse_replica_nic
from netmap.answers.failback import failback
from netmap.model.topology import as_topology


def vm1(result):
    """VM1's only NIC in a failback result (the seed's VM1; its replica is the seed's VM2)."""
    rows = {v["vm"]: v for v in result.to_dict()["vms"]}
    (nic,) = rows["VM1"]["nics"]
    return nic


# -- the seed's failback table, one test per row -----------------------------------------
def test_seed_row1_no_change_returns_to_source(example):
    nic = vm1(failback(example, vms=["VM1"]))
    assert nic["replica_network"] == "VMNetwork1-Shanghai"
    assert (nic["network"], nic["subnet"]) == ("VMNetwork1-Beijing", "Subnet1")
    assert nic["returns"] is True
    assert nic["reason"] is None


def test_seed_row2_replica_disconnected(example):
    nic = vm1(failback(example, vms=["VM1"], replica_nics=["VM1=-"]))
    assert nic["replica_network"] is None
    assert nic["network"] is None and nic["subnet"] is None
    assert nic["returns"] is False
    assert "disconnected" in nic["reason"]


def test_seed_row3_replica_on_unmapped_network(example):
    nic = vm1(failback(example, vms=["VM1"], replica_nics=["VM1=VMNetwork2-Shanghai"]))
    assert nic["replica_network"] == "VMNetwork2-Shanghai"
    assert nic["network"] is None
    assert nic["reason"] == "VMNetwork2-Shanghai, the replica's network, is not mapped"


def test_seed_row4_mapping_changed(example):
    nic = vm1(failback(example, vms=["VM1"],
                       remap=[("VMNetwork1-Shanghai", "VMNetwork2-Beijing")]))
    assert nic["replica_network"] == "VMNetwork1-Shanghai"
    assert (nic["network"], nic["subnet"]) == ("VMNetwork2-Beijing", "Subnet1")
    assert nic["returns"] is False
    assert "VMNetwork2-Beijing (what-if remap)" in nic["reason"]


@pytest.mark.parametrize("extra, network", [
    ([], "VMNetwork1-Beijing"),
    (["--replica-nic", "VM1=-"], None),
    (["--replica-nic", "VM1=VMNetwork2-Shanghai"], None),
    (["--remap", "VMNetwork1-Shanghai=VMNetwork2-Beijing"], "VMNetwork2-Beijing"),
])
def test_seed_table_through_the_cli(run, extra, network, example_file):
    code, out, err = run("failback", example_file, "--vm", "VM1", *extra, "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert [v["vm"] for v in d["vms"]] == ["VM1"]
    nic = d["vms"][0]["nics"][0]
    assert {"replica_network", "network", "subnet"} <= set(nic)
    assert nic["network"] == network
    if network is None:
        assert nic["reason"]


def test_text_output_names_disconnected(run, example_file):
    code, out, _ = run("failback", example_file, "--vm", "VM1", "--replica-nic", "VM1=-")
    assert code == 0
    assert "(disconnected)" in out and "VM1" in out


# -- defaults and details --------------------------------------------------------------
def test_default_is_every_protected_vm(example):
    d = failback(example).to_dict()
    assert [v["vm"] for v in d["vms"]] == ["APP2", "DB1", "VM1"]  # MON-SH: not protected
    app2 = d["vms"][0]["nics"][0]
    assert app2["network"] is None
    assert "VMNetwork2-Beijing is not mapped" in app2["reason"]
    db1 = d["vms"][1]["nics"][0]
    assert (db1["network"], db1["subnet"]) == ("VMNetwork1-Beijing", "Subnet2")


def test_unmap_disconnects_and_says_so(example):
    nic = vm1(failback(example, vms=["VM1"], unmap=["VMNetwork1-Shanghai"]))
    assert nic["network"] is None
    assert nic["reason"] == ("VMNetwork1-Shanghai, the replica's network, is not mapped "
                             "(what-if unmap)")


def test_subnet_by_replica_subnet_name(example):
    # the replica moved to Subnet2 of VMNetwork1-Shanghai: back in Subnet2 of the source
    nic = vm1(failback(example, vms=["VM1"], replica_nics=["VM1=VMNetwork1-Shanghai/Subnet2"]))
    assert (nic["network"], nic["subnet"]) == ("VMNetwork1-Beijing", "Subnet2")
    assert nic["returns"] is False
    assert "subnet Subnet2" in nic["reason"]


def test_subnet_missing_on_target_lands_in_first(example):
    # VMNetwork2-Beijing has only Subnet1: a replica in Subnet2 lands in its first subnet
    nic = vm1(failback(example, vms=["VM1"],
                       replica_nics=["VM1=VMNetwork1-Shanghai/Subnet2"],
                       remap=[("VMNetwork1-Shanghai", "VMNetwork2-Beijing")]))
    assert (nic["network"], nic["subnet"]) == ("VMNetwork2-Beijing", "Subnet1")
    assert "no subnet Subnet2" in nic["reason"]


MULTI = """
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VA, site: A}, {name: VB, site: B}]
logical_networks: [{name: LA, vmm: VA}, {name: LB, vmm: VB}]
vm_networks:
  - {name: NA1, logical_network: LA, subnets: [{name: s1}, {name: s2}]}
  - {name: NA2, logical_network: LA, subnets: [{name: s1}]}
  - {name: NB1, logical_network: LB, subnets: [{name: s1}, {name: s2}]}
  - {name: NB2, logical_network: LB}
clouds: [{name: CA, vmm: VA, logical_networks: [LA]}, {name: CB, vmm: VB, logical_networks: [LB]}]
protection: [{protected: CA, protecting: CB}]
network_mappings:
  - {source: NA1, target: NB1}
  - {source: NA2, target: NB1}
  - {source: NB1, target: NA1}
  - {source: NB2, target: NA2}
vms:
  - name: M
    cloud: CA
    nics: [{network: NA1, subnet: s2}, {network: NA2, subnet: s1}]
"""


@pytest.fixture
def multi():
    return netmap.loads(MULTI)


def test_second_nic_by_index(multi):
    d = failback(multi, replica_nics=["M:1=NB2"]).to_dict()
    n0, n1 = d["vms"][0]["nics"]
    assert (n0["network"], n0["subnet"], n0["returns"]) == ("NA1", "s2", True)
    # NIC 1: its replica was on NB1/s1 (NA2 -> NB1); moved to NB2 -> maps back to NA2
    assert (n1["replica_network"], n1["network"], n1["subnet"]) == ("NB2", "NA2", "s1")
    assert n1["replica_subnet"] is None  # NB2 has no subnets
    assert n1["replica_changed"] is True and n0["replica_changed"] is False


def test_default_failback_of_a_many_to_one_mapping(multi):
    # NA2 -> NB1, but NB1 maps back to NA1: NIC 1 does not return to NA2
    n1 = failback(multi).to_dict()["vms"][0]["nics"][1]
    assert (n1["replica_network"], n1["network"]) == ("NB1", "NA1")
    assert n1["returns"] is False
    assert "not to the NIC's original network NA2" in n1["reason"]


def test_tuple_overrides_equal_strings(multi):
    a = failback(multi, replica_nics=[("M", 1, "NB2", None)]).to_dict()
    b = failback(multi, replica_nics=["M:1=NB2"]).to_dict()
    assert a == b


def test_graph_unchanged(example):
    before = as_topology(example).mapping.triples()
    failback(example, remap=[("VMNetwork1-Shanghai", "VMNetwork2-Beijing")],
             unmap=["VMNetwork1-Beijing"])
    assert as_topology(example).mapping.triples() == before


# -- revision 2: failback per site (R1) and from Azure (R7) -------------------------------
# Microsoft, "Run a failback for Hyper-V VMs"
# (https://learn.microsoft.com/azure/site-recovery/hyper-v-azure-failback): "To fail back
# Hyper-V VMs in Azure to the original on-premises VM, run a planned failover from Azure to
# the on-premises site" and "You don't need to set up any specific Site Recovery components
# for failback of Hyper-V VMs from Azure."
# SPEC R7: "A VM failed over from VMM to Azure fails back by planned failover to its
# original VM: each NIC returns to its original network, subnet and address when its
# network still exists (no reverse mapping is involved, and none can be configured)."

@pytest.fixture(scope="module")
def three(fixture_path):
    """``fixtures/three-sites.yaml``: VM1 recovers at B, VM2 at C, VM3 in Azure."""
    return netmap.load(fixture_path("three-sites.yaml"))


def nics_of(result, vm):
    return {v["vm"]: v["nics"] for v in result.to_dict()["vms"]}[vm]


def test_from_azure_returns_to_the_original_vm(three):
    (nic,) = nics_of(failback(three), "VM3")
    assert nic["replica_network"] == "vnet-az"
    assert (nic["network"], nic["subnet"], nic["ip"]) == ("Net-A", "S1", "10.1.0.12")
    assert nic["returns"] is True and nic["method"] == "original_vm"
    assert nic["reason"] is None


def test_from_azure_needs_no_mapping_back(fixture_path):
    # onprem-to-azure.yaml maps nothing from Azure (nor may it): every NIC still returns,
    # where revision 1 left every one disconnected. docs/rules.md, Failback (R7): "A NIC
    # whose replica was disconnected (not mapped to Azure) returns all the same."
    d = failback(netmap.load(fixture_path("onprem-to-azure.yaml"))).to_dict()
    nics = [n for v in d["vms"] for n in v["nics"]]
    assert len(nics) == 9
    assert all(n["returns"] and n["method"] == "original_vm" for n in nics)
    db1 = {v["vm"]: v["nics"] for v in d["vms"]}["DB1"]
    # DB1's second NIC is not mapped: its replica sits in vnet-corp with NIC 0 (SPEC R3:
    # "a replica in Azure has all its NICs in one Azure network, the primary NIC's"); it
    # returns to its original network all the same
    assert db1[1]["replica_network"] == "vnet-corp"
    assert (db1[1]["network"], db1[1]["subnet"], db1[1]["ip"]) == ("App-BJ", "Subnet1",
                                                                   "10.20.0.5")


def test_from_azure_what_ifs_do_not_matter(three):
    # docs/rules.md, Failback (R7): "`--replica-nic`, `--remap` and `--unmap` change nothing
    # for it; the reason says so."
    got = nics_of(failback(three, vms=["VM3"], replica_nics=["VM3=-"],
                           unmap=["Net-A"]), "VM3")[0]
    assert (got["network"], got["ip"], got["returns"]) == ("Net-A", "10.1.0.12", True)
    assert got["reason"] == ("fails back from Azure by planned failover to its original VM: "
                             "where the replica NIC is now does not matter")


def test_from_azure_nic_without_subnet_returns_to_the_first_subnet(fixture_path):
    # docs/rules.md, Failback (R7): "Every NIC returns to its network, subnet (a NIC without
    # a subnet name: its network's first subnet) and address."
    text = fixture_path("three-sites.yaml").read_text(encoding="utf-8").replace(
        "nics: [{network: Net-A, subnet: S1, ip: 10.1.0.12}]",
        "nics: [{network: Net-A, ip: 10.1.0.12}]")
    (nic,) = nics_of(failback(netmap.loads(text), vms=["VM3"]), "VM3")
    assert (nic["network"], nic["subnet"], nic["ip"], nic["returns"]) == (
        "Net-A", "S1", "10.1.0.12", True)


def test_vmm_failback_uses_the_mapping_to_the_vms_own_site(three):
    # SPEC R1: one target per site; failing back to A uses Net-B's mapping to A
    nic = nics_of(failback(three, vms=["VM1"]), "VM1")[0]
    assert (nic["network"], nic["ip"], nic["method"]) == ("Net-A", "10.1.0.10", "mapping")
    # a what-if mapping of Net-B to another site leaves its mapping to A alone
    nic = nics_of(failback(three, vms=["VM1"], remap=[("Net-B", "Net-C")]), "VM1")[0]
    assert nic["network"] == "Net-A" and nic["returns"] is True
    # replaced at A: the NIC lands elsewhere and keeps no address of its own
    nic = nics_of(failback(three, vms=["VM1"], remap=[("Net-B", "Net-A2")]), "VM1")[0]
    assert (nic["network"], nic["ip"], nic["returns"]) == ("Net-A2", None, False)


def test_vmm_failback_mapped_only_to_another_site(three):
    nic = nics_of(failback(three, vms=["VM2"], unmap=["Net-C"],
                           remap=[("Net-C", "Net-B")]), "VM2")[0]
    assert nic["network"] is None
    assert nic["reason"] == ("Net-C, the replica's network, is not mapped to A (what-if "
                             "unmap), only to Net-B at B")


def test_failback_json_has_the_spec_keys(run, fixture_path):
    # SPEC §5 failback: {"vms": [{"vm", "nics": [{"replica_network", "network", "subnet",
    # "ip"}]}]}
    code, out, _ = run("failback", fixture_path("three-sites.yaml"), "--format", "json")
    assert code == 0
    for v in json.loads(out)["vms"]:
        for n in v["nics"]:
            assert {"replica_network", "network", "subnet", "ip"} <= set(n)


# -- errors ------------------------------------------------------------------------------
@pytest.mark.parametrize("kw, message", [
    ({"vms": ["VM9"]}, "unknown VM 'VM9'"),
    ({"vms": ["MON-SH"]}, "not protected"),
    ({"replica_nics": ["VM1"]}, "expected VM[:INDEX]=NETWORK"),
    ({"replica_nics": ["VMX=-"]}, "unknown VM 'VMX'"),
    ({"replica_nics": ["VM1:1=-"]}, "VM1 has no NIC 1"),
    ({"replica_nics": ["VM1:a=-"]}, "NIC index 'a' is not a number"),
    ({"replica_nics": ["VM1=VMNetwork9"]}, "unknown network 'VMNetwork9'"),
    ({"replica_nics": ["VM1=VMNetwork1-Shanghai/Subnet9"]}, "has no subnet 'Subnet9'"),
    ({"replica_nics": ["VM1=-", "VM1:0=VMNetwork1-Shanghai"]}, "given twice"),
    ({"vms": ["DB1"], "replica_nics": ["VM1=-"]}, "not failing back"),
    ({"remap": [("VMNetwork1-Shanghai", "Nope")]}, "unknown remap target network"),
    ({"unmap": ["Nope"]}, "unknown network to unmap"),
])
def test_errors(example, kw, message):
    with pytest.raises(ScenarioError) as e:
        failback(example, **kw)
    assert message in str(e.value)


def test_cli_errors_exit_2(run, example_file):
    code, out, err = run("failback", example_file, "--replica-nic", "VM1=VMNetwork2-Shangai")
    assert code == 2 and out == ""
    assert err.startswith("error:") and "did you mean 'VMNetwork2-Shanghai'" in err
    code, _, err = run("failback", example_file, "--remap", "VMNetwork1-Shanghai")
    assert code == 2 and err.startswith("error:")
    code, _, err = run("failback", example_file, "--vm", "Nope")
    assert code == 2 and "unknown VM 'Nope'" in err


def test_parse_names_with_separators():
    G = netmap.loads(MULTI.replace("NB2", "NB/2").replace("name: M\n", "name: 'M:x'\n"))
    ix = as_topology(G)
    assert parse_replica_nic("M:x=NB/2", ix) == ("M:x", 0, "NB/2", None)
    assert parse_replica_nic("M:x:1=NB1/s2", ix) == ("M:x", 1, "NB1", "s2")


# -- the report's outlook reads nic_outcomes: the same rule as failback's rows ------------
def _outlook_from_rows(fb):
    """The report's failback counts worked out from :func:`failback`'s rows."""
    nics = returning = disconnected = original = 0
    rows = []
    for v in fb.vms:
        for n in v["nics"]:
            nics += 1
            original += n["method"] == "original_vm"
            if n["returns"]:
                returning += 1
                continue
            disconnected += n["network"] is None
            rows.append({"vm": v["vm"], "nic": n["nic"],
                         "replica_network": n["replica_network"], "network": n["network"],
                         "subnet": n["subnet"], "reason": n["reason"]})
    return {"available": True, "vms": len(fb.vms), "nics": nics, "returning": returning,
            "original_vm": original, "elsewhere": nics - returning - disconnected,
            "disconnected": disconnected, "not_returning": rows}


def test_outlook_and_outcomes_agree_with_failback_rows(topology_file):
    from netmap.analysis import failback as fbm
    from netmap.analysis.checks import Analysis
    from netmap.analysis.survey import failback_outlook
    G = netmap.load(topology_file)
    fb = fbm.failback(G)
    assert failback_outlook(Analysis(G)) == _outlook_from_rows(fb)
    got = [(v, [(n.index, o) for n, o in pairs]) for v, pairs in fbm.nic_outcomes(G)]
    assert [v["vm"] for v in fb.vms] == [v for v, _ in got]
    for v, (_, pairs) in zip(fb.vms, got):
        for row, (index, o) in zip(v["nics"], pairs, strict=True):
            assert row["nic"] == index
            assert (row["replica_network"], row["replica_subnet"], row["replica_changed"],
                    row["network"], row["subnet"], row["returns"], row["method"],
                    row["reason"]) == (o.replica_network, o.replica_subnet,
                                       o.replica_changed, o.network, o.subnet, o.returns,
                                       o.method, o.text)
            assert fb.reasons[(v["vm"], index)] == o.reason


def test_outcomes_check_their_inputs_before_returning(example):
    from netmap.analysis.failback import nic_outcomes
    with pytest.raises(ScenarioError, match="unknown VM"):
        nic_outcomes(example, vms=["NOPE"])  # not on first next(): at the call


def test_nics_with_the_same_inputs_share_an_outcome(multi):
    from netmap.analysis.failback import nic_outcomes
    twin = MULTI + """  - name: M2
    cloud: CA
    nics: [{network: NA1, subnet: s2}, {network: NA2, subnet: s1}]
"""
    ((_, a), (_, b)) = nic_outcomes(netmap.loads(twin))
    assert [o for _, o in a] == [o for _, o in b]
    assert all(x is y for (_, x), (_, y) in zip(a, b))


def test_shared_routes_are_the_views_routes(topology_file):
    from netmap.analysis.failover import evaluate, shared_routes
    from netmap.model.scenario import Scenario
    G = netmap.load(topology_file)
    ix = as_topology(G)
    vms = ix.protected_vms()
    routes_of = shared_routes(G)
    mine = {v: routes_of(v) for v in vms}  # computed here first
    view = evaluate(netmap.load(topology_file), Scenario(vms=tuple(vms)))  # a fresh copy
    assert {v: view.routes(v) for v in vms} == mine
    assert all(routes_of(v) is mine[v] for v in vms)  # memoized


def test_an_outcome_is_shared_only_by_nics_of_the_same_subnet(multi):
    # both replica NICs now on NB1/s1, which maps back to NA1/s1: M2's NIC (NA1/s1)
    # returns, M's (NA1/s2) lands in another subnet; everything else is the same
    other = MULTI + """  - name: M2
    cloud: CA
    nics: [{network: NA1, subnet: s1}]
"""
    d = failback(netmap.loads(other), replica_nics=["M:0=NB1/s1", "M2:0=NB1/s1"]).to_dict()
    m, m2 = (v["nics"][0] for v in d["vms"])
    assert (m["network"], m["subnet"], m["returns"]) == ("NA1", "s1", False)
    assert "not s2" in m["reason"]
    assert (m2["network"], m2["subnet"], m2["returns"], m2["reason"]) == ("NA1", "s1", True,
                                                                          None)
