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
