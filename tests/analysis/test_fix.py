"""netmap fix's actions (SPEC §7): what closes NM001, NM002 and NM005.

SPEC §7: "The target comes from R2: one available candidate is used; several are listed
under `needs_choice` until `--choose SOURCE=TARGET` picks one; netmap never guesses."
The test that matters: applying what the actions create (mappings, logical networks
added to clouds) to the topology and re-running the checks makes the findings go away.
"""

from __future__ import annotations

import pytest
import yaml

import netmap
from netmap.analysis.checks import check
from netmap.analysis.fix import FIX_CODES, fix_actions
from netmap.analysis.reasons import ReasonKind
from netmap.errors import ScenarioError
from netmap.model.topology import as_topology


def _data(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def apply(data, plan):
    """The topology data after the plan's actions: each ``map`` action's mapping is
    added, each ``cloud`` action's logical network is associated with the cloud. The
    topology itself (and its file) is not touched."""
    data = yaml.safe_load(yaml.safe_dump(data))
    for a in plan.actions:
        if a.kind == "map":
            data.setdefault("network_mappings", []).append(
                {"source": a.source, "target": a.target})
        elif a.kind == "cloud":
            (cloud,) = [c for c in data["clouds"] if c["name"] == a.cloud]
            cloud.setdefault("logical_networks", []).append(a.logical_network)
    return data


def codes(data):
    G = netmap.loads(yaml.safe_dump(data), "applied.yaml")
    return sorted({f["code"] for f in check(G)})


def test_example_needs_a_choice_and_guesses_nothing(example):
    # R2 for VMNetwork2-Beijing at Shanghai: VMNetwork1-Shanghai (available to both
    # protecting clouds) and VMNetwork2-Shanghai (available to GoldCloud2 only)
    plan = fix_actions(example)
    assert plan.actions == []
    (n,) = plan.needs_choice
    assert (n.source, n.site, n.candidates) == (
        "VMNetwork2-Beijing", "Shanghai", ("VMNetwork1-Shanghai", "VMNetwork2-Shanghai"))
    assert n.reason.kind is ReasonKind.FIX_NEEDS_CHOICE
    notes = {r.target: r for r in n.notes}
    assert notes["VMNetwork1-Shanghai"].back == "VMNetwork1-Beijing"  # failback goes there
    assert notes["VMNetwork1-Shanghai"].unavailable_to == ()
    assert notes["VMNetwork2-Shanghai"].unavailable_to == ("SilverCloud2",)
    assert notes["VMNetwork2-Shanghai"].back is None


def test_choosing_closes_nm001_and_nm005_on_the_example(example, example_file):
    before = sorted({f["code"] for f in check(example)})
    assert "NM001" in before
    plan = fix_actions(example, choose=[("VMNetwork2-Beijing", "VMNetwork2-Shanghai")])
    got = [(a.finding, a.kind, a.source, a.target, a.cloud, a.logical_network)
           for a in plan.actions]
    assert got == [
        ("NM001", "map", "VMNetwork2-Beijing", "VMNetwork2-Shanghai", None, None),
        # the chosen target is not available to SilverCloud2 (R2): the VMM side
        ("NM002", "cloud", "VMNetwork2-Beijing", "VMNetwork2-Shanghai", "SilverCloud2",
         "LogicalNetwork2Shanghai"),
        # and the mapping back, so failback returns (NM005)
        ("NM005", "map", "VMNetwork2-Shanghai", "VMNetwork2-Beijing", None, None),
    ]
    assert plan.needs_choice == []
    after = codes(apply(_data(example_file), plan))
    assert "NM001" not in after and "NM002" not in after and "NM005" not in after
    # what remains: the findings fix does not touch. APP2's replica now needs
    # LogicalNetwork2Shanghai, which SilverCloud2's host HV-SH-02 does not reach (NM003,
    # a host change in VMM); VM1's address change (NM007); MON-SH unprotected (NM009)
    # (NM007 and NM009 remain as well: fix does not touch them)
    assert "NM003" in after and not set(after) & set(FIX_CODES)


def test_the_other_choice_leaves_nm005_and_says_why(example, example_file):
    plan = fix_actions(example, choose=[("VMNetwork2-Beijing", "VMNetwork1-Shanghai")])
    kinds = [(a.finding, a.kind, a.reason.kind) for a in plan.actions]
    assert kinds == [("NM001", "map", ReasonKind.FIX_MAP),
                     ("NM005", "none", ReasonKind.FIX_MAPPED_BACK_ELSEWHERE)]
    after = codes(apply(_data(example_file), plan))
    assert "NM001" not in after and "NM005" in after  # told, not hidden


def test_one_candidate_is_used(fixture_path):
    # nm001.yaml: Net-A2 has one candidate at B (Net-B); Net-Z (to Azure) has one (vnet-az)
    G = netmap.load(fixture_path("checks/nm001.yaml"))
    plan = fix_actions(G)
    maps = [(a.source, a.target, a.scenario, a.reason.chosen) for a in plan.actions
            if a.kind == "map"]
    assert maps == [("Net-A2", "Net-B", "vmm-to-vmm", False),
                    ("Net-Z", "vnet-az", "vmm-to-azure", False)]
    assert plan.needs_choice == []
    after = codes(apply(_data(fixture_path("checks/nm001.yaml")), plan))
    assert "NM001" not in after


def test_nm002_gets_the_vmm_side(fixture_path):
    G = netmap.load(fixture_path("checks/nm002.yaml"))
    (a,) = fix_actions(G).actions
    assert (a.finding, a.kind, a.cloud, a.logical_network, a.vmm) == (
        "NM002", "cloud", "Cloud-B", "LN-B2", "VMM-B")
    assert "NM002" not in codes(apply(_data(fixture_path("checks/nm002.yaml")),
                                      fix_actions(G)))


def test_nm005_gets_the_mapping_back(fixture_path):
    G = netmap.load(fixture_path("checks/nm005.yaml"))
    plan = fix_actions(G)
    assert [(a.finding, a.source, a.target) for a in plan.actions] == [
        ("NM005", "Net-B", "Net-A")]
    assert "NM005" not in codes(apply(_data(fixture_path("checks/nm005.yaml")), plan))


def test_to_azure_never_maps_back(fixture_path):
    # SPEC R7: "A VM failed over from VMM to Azure fails back by planned failover to its
    # original VM: ... (no reverse mapping is involved, and none can be configured)."
    G = netmap.load(fixture_path("onprem-to-azure.yaml"))
    ix = as_topology(G)
    plan = fix_actions(G)
    # where NM005 still flags a mapping to Azure (revision 1 did), fix declines it
    back = [a for a in plan.actions if a.finding == "NM005"]
    assert all(a.kind == "none" and a.reason.kind is ReasonKind.FIX_NO_MAPPING_FROM_AZURE
               for a in back)
    maps = [a for a in plan.actions if a.kind == "map"]
    assert maps == [] or all(not (ix.net[a.source].is_azure and not ix.net[a.target].is_azure)
                             for a in maps)
    # and the NM001 of a NIC failing over to Azure gets no mapping back either
    chosen = fix_actions(G, choose=[("App-BJ", "vnet-corp"), ("Ops-BJ", "vnet-corp")])
    assert {(a.source, a.target) for a in chosen.actions if a.kind == "map"} >= {
        ("App-BJ", "vnet-corp"), ("Ops-BJ", "vnet-corp")}
    assert not [a for a in chosen.actions if a.kind == "map" and a.source == "vnet-corp"]


@pytest.mark.parametrize("pair, words", [
    (("VMNetwork2-Bejing", "VMNetwork2-Shanghai"), "did you mean 'VMNetwork2-Beijing'"),
    (("VMNetwork2-Beijing", "VMNetwork9"), "unknown network 'VMNetwork9'"),
    (("VMNetwork1-Beijing", "VMNetwork2-Shanghai"), "has no unmapped NIC"),
    (("VMNetwork2-Beijing", "VMNetwork1-Beijing"), "not at the recovery site"),
])
def test_choose_is_checked(example, pair, words):
    with pytest.raises(ScenarioError) as e:
        fix_actions(example, choose=[pair])
    assert words in str(e.value) and e.value.code == "choose"


def test_the_topology_is_not_changed(example):
    edges = sorted(example.edges(keys=True))
    fix_actions(example, choose=[("VMNetwork2-Beijing", "VMNetwork2-Shanghai")])
    assert sorted(example.edges(keys=True)) == edges


@pytest.mark.parametrize("unknown, words", [
    ("source", "the logical network of VMNetwork2-Beijing is unknown"),
    ("cloud", "the logical networks of cloud SilverCloud2 is unknown"),
    ("candidate", "the logical network of VMNetwork2-Shanghai is unknown"),
])
def test_an_unknown_fact_is_never_guessed(example_file, unknown, words):
    """SPEC §7: "Answers that depend on an unknown say "cannot tell" and why, never
    "available" or "none"." An import without the VMM inventory leaves a VM network's
    logical network or a cloud's logical networks unknown; here the records of a fresh
    load are set the way such an import leaves them."""
    G = netmap.load(example_file)
    ix = as_topology(G)
    if unknown == "source":
        ix.net["VMNetwork2-Beijing"].logical = None
    elif unknown == "cloud":
        if not hasattr(ix.cloud["SilverCloud2"], "logical_networks_known"):
            pytest.skip("Cloud.logical_networks_known comes with netmap import (h-import)")
        ix.cloud["SilverCloud2"].logical_networks = set()
        ix.cloud["SilverCloud2"].logical_networks_known = False
    else:
        ix.net["VMNetwork2-Shanghai"].logical = None
    plan = fix_actions(ix)
    assert plan.needs_choice == []
    (a,) = plan.actions
    assert (a.finding, a.kind, a.reason.kind) == ("NM001", "none", ReasonKind.FIX_NOT_KNOWN)
    assert words in str(a.reason) and "cannot tell" in str(a.reason)
