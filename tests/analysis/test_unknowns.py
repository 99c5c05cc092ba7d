"""Unknown facts (SPEC §7, "Never invent"): answers that depend on one say "cannot tell"
and why, never "available" or "none"; NM026 per unknown fact.

fixtures/unknowns.yaml is what ``netmap import`` writes without the VMM inventories.
"""

from __future__ import annotations

import pytest

import netmap
from netmap.analysis.checks import CODES
from netmap.analysis.reasons import Reason, ReasonKind
from netmap.model.records import Severity


@pytest.fixture(scope="module")
def topo(fixture_path):
    return netmap.load(fixture_path("unknowns.yaml"))


def test_cannot_tell_is_worded_in_reasons():
    r = Reason(ReasonKind.CANNOT_TELL, object="Net-SH", field="logical_network",
               question="whether 'Net-SH' is available", supply_with="the VMM inventory")
    assert str(r) == ("cannot tell whether 'Net-SH' is available: the logical_network of "
                      "Net-SH is unknown (supply it with the VMM inventory)")


def test_unknown_list_is_read_sorted(topo):
    assert [(u["object"], u["field"]) for u in topo.unknown] == [
        ("Gold-BJ", "logical_networks"), ("Gold-SH", "hosts"), ("Gold-SH", "logical_networks"),
        ("Net-BJ", "logical_network"), ("Net-SH", "logical_network"),
        ("Net-SH2", "logical_network"), ("VM3", "nics")]
    assert topo.graph.graph["unknown"][0]["supply_with"] == \
        "the VMM inventory of VMM server VMM-BJ"


def test_absent_means_unknown_empty_means_none(topo):
    # SPEC §7: "clouds[].logical_networks may be absent, meaning unknown (an empty list
    # means none)"
    assert topo.cloud["Gold-BJ"].logical_networks_known is False
    assert topo.cloud["HV-Cloud"].logical_networks_known is True
    assert topo.cloud["HV-Cloud"].logical_networks == set()
    assert topo.cloud["HV-Cloud"].vmm is None and topo.cloud["HV-Cloud"].site == "HyperV-Site"
    # a VM network whose logical network is unknown still has its VMM server and site
    net = topo.net["Net-SH"]
    assert (net.logical, net.vmm, net.site) == (None, "VMM-SH", "Shanghai")


def test_r2_cannot_tell_availability(topo):
    # SPEC §7: "Answers that depend on an unknown say 'cannot tell' and why, never
    # 'available' or 'none'"; R2: "a candidate is available when its logical network is
    # among Q's logical_networks" -- neither is known here
    t = topo.target_choices("Net-BJ")
    rows = [(c["target"], c["protected_cloud"], c["available"]) for c in t.choices]
    assert rows == [("Net-SH", "Gold-BJ", None), ("Net-SH2", "Gold-BJ", None)]
    assert t.choices[0]["reason"] == (
        "cannot tell whether 'Net-SH' is available: the logical_network of Net-SH is unknown "
        "(supply it with the VMM inventory of VMM server VMM-SH)")


def test_r2_protecting_cloud_logical_networks_unknown(fixture_path, tmp_path):
    # the target's logical network is known, the protecting cloud's are not
    text = fixture_path("unknowns.yaml").read_text()
    text = text.replace("  - {name: Net-SH, vmm: VMM-SH,",
                        "  - {name: Net-SH, logical_network: LN-SH,")
    text = text.replace("vm_networks:\n", "logical_networks: [{name: LN-SH, vmm: VMM-SH}]\n"
                                          "vm_networks:\n")
    p = tmp_path / "t.yaml"
    p.write_text(text)
    t = netmap.load(p).target_choices("Net-BJ")
    row = next(c for c in t.choices if c["target"] == "Net-SH")
    assert row["available"] is None
    assert row["reason"].startswith("cannot tell whether 'Net-SH' is available: the "
                                    "logical_networks of Gold-SH is unknown")


def test_no_nm002_on_a_cannot_tell(topo):
    # NM002 is "a mapping's target is not available (R2)": not a target nobody can judge
    codes = {f["code"] for f in topo.check().to_dict()["findings"]}
    assert "NM002" not in codes
    assert topo.report().to_dict()["unavailable_targets"] == []


def test_nm026_one_warning_per_unknown_fact(topo):
    # SPEC NM026: "a fact the answers need is unknown (imported without it); says which
    # export supplies it"
    assert CODES["NM026"][0] is Severity.WARNING
    got = [(f["object"], f["message"]) for f in topo.check().to_dict()["findings"]
           if f["code"] == "NM026"]
    assert len(got) == len(topo.unknown) == 7
    assert ("VM3", "VM3: nics is unknown (no export read lists this VM's NICs); supply it "
                   "with overrides: vms[].nics.") in got


def test_revision_1_files_have_no_unknowns(topology):
    # house rule: "Every revision-1 file keeps loading; every new field is optional"
    assert topology.unknown == ()
    assert all(c.logical_networks_known for c in topology.cloud.values())
    assert "NM026" not in {f["code"] for f in topology.check().to_dict()["findings"]}


def test_r4_cannot_tell_is_not_unplaced(topo):
    # SPEC §7: "Answers that depend on an unknown say 'cannot tell' and why, never
    # 'available' or 'none'"; R4: hosts of Q "that reach the logical networks of every
    # target network" -- Net-SH's logical network and Gold-SH's hosts are unknown
    rows = {r["vm"]: r for r in topo.place().to_dict()["placements"]}
    web = rows["WEB"]
    assert web["host"] is None and web["unplaced"] is False
    assert web["reason"] == ("cannot tell where the replica of WEB is placed: the "
                             "logical_network of Net-SH is unknown (supply it with the VMM "
                             "inventory of VMM server VMM-SH)")
    codes = {f["code"] for f in topo.check().to_dict()["findings"]}
    assert not codes & {"NM003", "NM004"}  # never "no host reaches" over an unknown
    fo = topo.failover(netmap.Scenario(all=True)).to_dict()
    assert fo["unplaced"] == [] and "WEB" in fo["failed_over"]


def test_r4_protecting_cloud_hosts_unknown(fixture_path, tmp_path):
    text = fixture_path("unknowns.yaml").read_text()
    # Net-SH's logical network known: only Gold-SH's hosts stay unknown
    text = text.replace("  - {name: Net-SH, vmm: VMM-SH,",
                        "  - {name: Net-SH, logical_network: LN-SH,")
    text = text.replace("vm_networks:\n", "logical_networks: [{name: LN-SH, vmm: VMM-SH}]\n"
                                          "vm_networks:\n")
    p = tmp_path / "t.yaml"
    p.write_text(text)
    rows = {r["vm"]: r for r in netmap.load(p).place().to_dict()["placements"]}
    assert rows["DB"]["reason"] == ("cannot tell where the replica of DB is placed: the "
                                    "hosts of Gold-SH is unknown (supply it with the VMM "
                                    "inventory of VMM server VMM-SH)")


def test_r5_unknown_nics_cannot_tell(topo):
    # R5 "isolated VMs run but have no connected NIC": VM3's NICs are unknown, not absent
    fo = topo.failover(netmap.Scenario(all=True)).to_dict()
    assert "VM3" in fo["failed_over"] and "VM3" not in fo["isolated"]
    r = topo.reach("VM3", "WEB", netmap.Scenario(all=True)).to_dict()
    assert r["reachable"] is None
    assert r["reason"] == ("cannot tell whether VM3 reaches WEB: the nics of VM3 is unknown "
                           "(supply it with overrides: vms[].nics)")


def test_r8_unknown_nics_not_claimed_broken(fixture_path, tmp_path):
    # R8: "a broken dependency" when the dependency is "not reachable": with the NICs of
    # one side unknown, nobody can tell (no NM010)
    text = fixture_path("unknowns.yaml").read_text().replace(
        "  - {name: VM3, cloud: HV-Cloud}", "  - {name: VM3, cloud: HV-Cloud, depends_on: [DB]}")
    p = tmp_path / "t.yaml"
    p.write_text(text)
    t = netmap.load(p)
    fo = t.failover(netmap.Scenario(all=True, sites_down=("HyperV-Site",))).to_dict()
    assert all(b["vm"] != "VM3" for b in fo["broken_dependencies"])


def test_r3_target_subnets_unknown_cannot_tell(fixture_path, tmp_path):
    # R3: "else the first subnet ...; none when the target has no subnets" -- an Azure
    # network named only by a Site Recovery mapping has subnets nobody listed: neither
    # "no subnet" (NM006) nor "the IP will change" (NM007), but cannot tell
    from netmap.io.importer import dump, import_sources
    est = fixture_path("import/estate")
    data, _, _ = import_sources(asr=[str(est / "asr")])
    p = tmp_path / "t.yaml"
    p.write_text(dump(data, str(p)))
    t = netmap.load(p)
    fo = t.failover(netmap.Scenario(vms=("VM2",))).to_dict()
    (nic,) = next(v for v in fo["vms"] if v["vm"] == "VM2")["nics"]
    assert (nic["network"], nic["subnet"], nic["ip"], nic["ip_retained"]) == \
        ("vnet-dr", None, None, None)
    assert nic["reason"].startswith("cannot tell which subnet and address the replica NIC "
                                    "gets: the subnets of vnet-dr is unknown")
    found = {(f["code"], f["object"]) for f in t.check().to_dict()["findings"]}
    assert not {("NM006", "VM2.nics[0]"), ("NM007", "VM2.nics[0]")} & found
    assert ("NM026", "vnet-dr") in found


def test_nm012_not_claimed_when_a_plans_groups_are_unknown(fixture_path, tmp_path):
    # NM012 "a protected VM in no recovery plan": with a plan's members unknown, VM3 may
    # be in it
    text = fixture_path("unknowns.yaml").read_text()
    text = text.replace("  - {name: Plan-Web, groups: [[DB], [WEB]]}",
                        "  - {name: Plan-Web, groups: [[DB], [WEB]]}\n  - {name: Plan-HV}")
    p = tmp_path / "t.yaml"
    p.write_text(text)
    assert "NM012" in {f["code"] for f in netmap.load(p).check().to_dict()["findings"]}
    text += ("  - object: Plan-HV\n    field: groups\n    reason: the list response carries "
             "no groups\n    supply_with: the plan's own body\n")
    p.write_text(text)
    codes = {f["code"] for f in netmap.load(p).check().to_dict()["findings"]}
    assert "NM012" not in codes and "NM026" in codes
