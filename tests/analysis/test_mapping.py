"""R1 mappings and R2 target choices: the seed's two tables, row by row, and the rules."""

from __future__ import annotations

import json

import pytest

import netmap
from netmap.errors import ScenarioError
from netmap.model.topology import as_topology
from netmap.analysis.failover import evaluate
from netmap.analysis.mapping import (effective_mapping, recovery_site, replica_target,
                                     target_for)
from netmap.analysis.reasons import ReasonKind
from netmap.answers.mapping import mappings, target_choices
from netmap.answers.placement import place
from netmap.model.scenario import Scenario

# The seed's "VM networks" table. Its fourth row reads "VMNetwork1-Shanghai | Not mapped";
# the fixture's comment (mistake 1) explains why it is VMNetwork2-Shanghai.
SEED_VM_NETWORKS = [
    # location, VM network, mapped to (None: "Not mapped")
    ("Beijing", "VMNetwork1-Beijing", "VMNetwork1-Shanghai"),
    ("Beijing", "VMNetwork2-Beijing", None),
    ("Shanghai", "VMNetwork1-Shanghai", "VMNetwork1-Beijing"),
    ("Shanghai", "VMNetwork2-Shanghai", None),
]

# The seed's "Target networks" table for source VMNetwork1-Beijing.
SEED_TARGET_NETWORKS = [
    # select, protected cloud, protecting cloud, target network available
    ("VMNetwork1-Shanghai", "SilverCloud1", "SilverCloud2", True),
    ("VMNetwork1-Shanghai", "GoldCloud1", "GoldCloud2", True),
    ("VMNetwork2-Shanghai", "SilverCloud1", "SilverCloud2", False),
    ("VMNetwork2-Shanghai", "GoldCloud1", "GoldCloud2", True),
]

AZURE = """netmap: 1
sites:
  - {name: Beijing}
  - {name: China North, kind: azure}
  - {name: China East, kind: azure}
vmm_servers: [{name: VMM-Beijing, site: Beijing}]
logical_networks: [{name: LN1, vmm: VMM-Beijing}, {name: LN2, vmm: VMM-Beijing}]
vm_networks:
  - {name: VMNet1, logical_network: LN1}
  - {name: VMNet2, logical_network: LN1}
  - {name: VMNet3, logical_network: LN2}
azure_networks:
  - {name: vnet-a, site: China North}
  - {name: vnet-b, site: China North}
  - {name: vnet-east, site: China East}
clouds:
  - {name: SilverCloud1, vmm: VMM-Beijing, logical_networks: [LN1]}
  - {name: BronzeCloud1, vmm: VMM-Beijing, logical_networks: [LN1, LN2]}
  - {name: Unprotected, vmm: VMM-Beijing, logical_networks: [LN1]}
protection:
  - {protected: SilverCloud1, azure: China North}
  - {protected: BronzeCloud1, azure: China East}
network_mappings:
  - {source: VMNet1, target: vnet-a}
  - {source: VMNet2, target: vnet-a}
"""


def test_seed_vm_networks_table(example):
    rows = mappings(example).to_dict()["mappings"]
    got = [(r["source_site"], r["source"], r["target"]) for r in rows]
    assert sorted(got) == sorted(SEED_VM_NETWORKS)
    assert [r["source"] for r in rows] == sorted(r["source"] for r in rows)


def test_mapping_rows_say_why(example):
    rows = {r["source"]: r for r in mappings(example).to_dict()["mappings"]}
    assert rows["VMNetwork1-Beijing"]["target_site"] == "Shanghai"
    assert rows["VMNetwork1-Beijing"]["reason"] is None
    assert rows["VMNetwork2-Beijing"]["target_site"] is None
    assert "not mapped" in rows["VMNetwork2-Beijing"]["reason"]


def test_seed_target_networks_table(example):
    choices = target_choices(example, "VMNetwork1-Beijing").to_dict()["choices"]
    got = [(c["target"], c["protected_cloud"], c["protecting_cloud"], c["available"])
           for c in choices]
    assert sorted(got) == sorted(SEED_TARGET_NETWORKS)
    assert len(got) == len(SEED_TARGET_NETWORKS)


def test_unavailable_target_says_why(example):
    choices = target_choices(example, "VMNetwork1-Beijing").to_dict()["choices"]
    no = [c for c in choices if not c["available"]]
    assert len(no) == 1
    assert "LogicalNetwork2Shanghai" in no[0]["reason"]
    assert "SilverCloud2" in no[0]["reason"]
    assert all(c["reason"] is None for c in choices if c["available"])


def test_source_is_never_its_own_candidate(example):
    # VMNetwork2-Beijing shares LogicalNetwork1-Beijing: same clouds, same candidates
    a = target_choices(example, "VMNetwork1-Beijing").to_dict()["choices"]
    b = target_choices(example, "VMNetwork2-Beijing").to_dict()["choices"]
    assert a == b
    assert all(c["target"] != "VMNetwork2-Beijing" for c in b)


def test_network_used_by_no_protected_cloud(example):
    r = target_choices(example, "VMNetwork1-Shanghai").to_dict()
    assert r["choices"] == []
    assert "no protected cloud" in r["reason"]


def test_unknown_source_suggests(example):
    with pytest.raises(ScenarioError, match=r"unknown source network 'VMNet1' "
                                            r"\(did you mean 'VMNetwork1-Beijing'\?\)"):
        target_choices(example, "VMNet1")


def test_azure_target_choices():
    G = netmap.loads(AZURE)
    got = [(c["target"], c["protected_cloud"], c["protecting_cloud"], c["available"])
           for c in target_choices(G, "VMNet1").to_dict()["choices"]]
    # R2: for a cloud protected to Azure, the Azure networks of that site, all available
    assert got == [
        ("vnet-a", "SilverCloud1", "China North", True),
        ("vnet-b", "SilverCloud1", "China North", True),
        ("vnet-east", "BronzeCloud1", "China East", True),
    ]
    got3 = [(c["target"], c["protected_cloud"])
            for c in target_choices(G, "VMNet3").to_dict()["choices"]]
    assert got3 == [("vnet-east", "BronzeCloud1")]


def test_a_target_may_receive_several_sources():
    # SPEC R1: "a target may receive several sources"; SPEC §5 mappings: "one row per
    # mapping, and one row with target null for each VM network ... that has none" (Azure
    # networks are not mapping sources here: they get no row of their own)
    G = netmap.loads(AZURE)
    rows = {r["source"]: r["target"] for r in mappings(G).to_dict()["mappings"]}
    assert rows["VMNet1"] == rows["VMNet2"] == "vnet-a"
    assert rows["VMNet3"] is None
    assert "vnet-a" not in rows and "vnet-east" not in rows


def test_what_if_mappings_leave_the_graph_alone(example):
    before = as_topology(example).mapping.triples()
    m = effective_mapping(example, remap=[("VMNetwork2-Beijing", "VMNetwork2-Shanghai")],
                          unmap=["VMNetwork1-Beijing"])
    assert m.target("VMNetwork2-Beijing", "Shanghai") == "VMNetwork2-Shanghai"
    assert "VMNetwork1-Beijing" not in m
    assert as_topology(example).mapping.triples() == before
    rows = {r["source"]: r["target"]
            for r in mappings(example, unmap=["VMNetwork1-Beijing"]).to_dict()["mappings"]}
    assert rows["VMNetwork1-Beijing"] is None
    assert effective_mapping(example) is as_topology(example).mapping


# -- R1 per recovery site (revision 2) -------------------------------------------------------
# SPEC R1: "A source network has at most one target per site; a target may receive several
# sources. A protected VM's NIC uses the mapping of its network whose target lies at the
# VM's recovery site; none there: not mapped."

@pytest.fixture(scope="module")
def three(fixture_path):
    """``fixtures/three-sites.yaml``: Net-A mapped to B, C and Azure site Az."""
    return netmap.load(fixture_path("three-sites.yaml"))


def test_one_source_loads_with_one_target_per_site(three):
    assert three.mapping.targets("Net-A") == {"Az": "vnet-az", "B": "Net-B", "C": "Net-C"}
    assert target_for(three, "Net-A", "C") == "Net-C"
    assert target_for(three, "Net-A", "A") is None


def test_replica_uses_the_mapping_to_its_recovery_site(three):
    # the seed: "The replica virtual machine will be connected to the target network that
    # is mapped to the source network" -- per recovery site, by R1
    v = evaluate(three, Scenario(all=True))
    assert [n.network for n in v.replica_nics("VM1")] == ["Net-B", None]
    assert [n.network for n in v.replica_nics("VM2")] == ["Net-C"]  # recovers at C
    assert [n.network for n in v.replica_nics("VM3")] == ["vnet-az"]
    assert replica_target(three, "VM2", "Net-A") == "Net-C"
    assert recovery_site(three, "VM2") == "C" and recovery_site(three, "VM3") == "Az"


def test_mapped_only_elsewhere_is_not_mapped_with_the_reason(three):
    # SPEC R1: "none there: not mapped"
    v = evaluate(three, Scenario(vms=("VM1",)))
    nic = v.replica_nics("VM1")[1]
    assert nic.network is None
    assert nic.reason.kind is ReasonKind.NOT_MAPPED
    assert str(nic.reason) == ("Net-A2 is not mapped to B, only to Net-C2 at C: "
                               "disconnected")


def test_placement_needs_the_logical_network_of_the_recovery_site_target(three):
    # SPEC R4: "hosts of Q that reach the logical networks of every target network of the
    # VM's NICs": VM2's target is Net-C (LN-C), which HV-C reaches. docs/rules.md,
    # Mappings (R1): "a mapping to another site never asks a host for anything": HV-B
    # reaches neither LN-C (Net-A -> Net-C) nor Azure, and still takes VM1.
    rows = {r["vm"]: r["host"] for r in place(three).to_dict()["placements"]}
    assert rows["VM1"] == "HV-B" and rows["VM2"] == "HV-C"


def test_mappings_rows_one_per_mapping_and_one_per_unmapped_vm_network(three):
    # SPEC §5: mappings: {"source", "source_site", "target", "target_site"} -- "one row per
    # mapping, and one row with target null for each VM network ... that has none"
    rows = mappings(three).to_dict()["mappings"]
    got = [(r["source"], r["source_site"], r["target"], r["target_site"]) for r in rows]
    assert got == [
        ("Net-A", "A", "vnet-az", "Az"), ("Net-A", "A", "Net-B", "B"),
        ("Net-A", "A", "Net-C", "C"), ("Net-A2", "A", "Net-C2", "C"),
        ("Net-B", "B", "Net-A", "A"), ("Net-C", "C", "Net-A", "A"),
        ("Net-C2", "C", "Net-A2", "A"),
    ]
    assert {"source", "source_site", "target", "target_site"} <= set(rows[0])


def test_an_unused_mapping_row_says_why(three):
    # SPEC R1: "A mapping whose source is used by protected VMs, none of which recovers at
    # the target's site, is unused (NM025); a mapping whose source no protected VM uses is
    # not flagged (it serves failback)."
    rows = {(r["source"], r["target"]): r["reason"]
            for r in mappings(three).to_dict()["mappings"]}
    assert rows[("Net-A2", "Net-C2")] == ("no replica uses it: the protected VMs on Net-A2 "
                                          "(VM1) recover at B, not at C")
    assert rows[("Net-C2", "Net-A2")] is None  # no protected VM on Net-C2: failback's
    assert rows[("Net-A", "Net-C")] is None  # VM2 recovers at C


def test_mappings_text_lists_every_target(run, fixture_path):
    code, out, _ = run("mappings", fixture_path("three-sites.yaml"))
    assert code == 0
    lines = [line.split() for line in out.splitlines()[2:]]
    assert ["Net-A", "A", "Net-C", "C", "-"] in lines
    assert ["Net-A", "A", "vnet-az", "Az", "-"] in lines


def test_remap_picks_the_target_site_and_keeps_the_others(three):
    # --remap S=T maps S to T at T's site: S's targets at other sites stay
    m = effective_mapping(three, remap=[("Net-A", "Net-C2")])
    assert m.targets("Net-A") == {"Az": "vnet-az", "B": "Net-B", "C": "Net-C2"}
    v = evaluate(three, Scenario(all=True, remap=(("Net-A", "Net-C2"),)))
    assert [n.network for n in v.replica_nics("VM1")][:1] == ["Net-B"]
    assert [n.network for n in v.replica_nics("VM2")] == ["Net-C2"]
    # two remaps of one source to two sites are fine; two to one site are not
    m = effective_mapping(three, remap=[("Net-A2", "Net-B"), ("Net-A2", "Net-C")])
    assert m.targets("Net-A2") == {"B": "Net-B", "C": "Net-C"}
    with pytest.raises(ScenarioError, match="remapped twice"):
        effective_mapping(three, remap=[("Net-A", "Net-C"), ("Net-A", "Net-C2")])


def test_unmap_removes_every_target_of_the_source(three):
    m = effective_mapping(three, unmap=["Net-A"])
    assert m.targets("Net-A") == {} and "Net-A" not in m
    rows = [r for r in mappings(three, unmap=["Net-A"]).to_dict()["mappings"]
            if r["source"] == "Net-A"]
    assert [(r["target"], r["reason"]) for r in rows] == [
        (None, "not mapped: its replicas join no network")]


def test_mapping_table_is_a_keyed_index():
    from netmap.model.records import MappingTable
    m = MappingTable([("S", "T1", "B"), ("S", "T2", "C"), ("U", "T1", "B")])
    assert m.target("S", "C") == "T2" and m.target("U", "C") is None
    assert m.sources("T1") == ["S", "U"] and m.sources("T9") == []
    assert m.pairs() == [("S", "T1"), ("S", "T2"), ("U", "T1")] and len(m) == 3
    assert list(m) == ["S", "U"]


@pytest.mark.parametrize("remap, unmap, message", [
    ([("VMNetwork1-Beijing", "VMNetwork1-Beijing")], (), "onto itself"),
    ([("VMNetwork1-Beijing", "Nowhere")], (), "unknown remap target network 'Nowhere'"),
    ((), ["VMNet2-Beijing"], ("unknown network to unmap 'VMNet2-Beijing' "
                             "(did you mean 'VMNetwork2-Beijing'?)")),
])
def test_what_if_mistakes(example, remap, unmap, message):
    with pytest.raises(ScenarioError) as info:
        effective_mapping(example, remap=remap, unmap=unmap)
    assert message in str(info.value)


def test_unmap_applies_before_remap(three):
    # docs/rules.md, What-if mappings: "`--unmap SOURCE` treats SOURCE as not mapped to
    # any site (with both, `--unmap` applies first)"
    m = effective_mapping(three, remap=[("Net-A", "Net-C2")], unmap=["Net-A"])
    assert m.targets("Net-A") == {"C": "Net-C2"}


SAME_SITE = """
netmap: 1
sites: [{name: A}]
vmm_servers: [{name: VA, site: A}]
logical_networks: [{name: L1, vmm: VA}, {name: L2, vmm: VA}]
vm_networks:
  - {name: Prod, logical_network: L1, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - {name: Dr, logical_network: L2, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
clouds:
  - {name: C1, vmm: VA, logical_networks: [L1]}
  - {name: C2, vmm: VA, logical_networks: [L2]}
protection: [{protected: C1, protecting: C2}]
hosts: [{name: H2, vmm: VA, clouds: [C2], logical_networks: [L2]}]
network_mappings: [{source: Prod, target: Dr}, {source: Dr, target: Prod}]
vms: [{name: V, cloud: C1, nics: [{network: Prod, subnet: S1, ip: 10.1.0.5}]}]
"""


def test_a_target_at_the_sources_own_site_is_a_mapping_like_any_other():
    # docs/rules.md, Mappings (R1): "A target at the source's own site ... is a mapping like
    # any other: it serves VMs whose recovery site is that site." The seed: "Network
    # mapping can be configured between VM networks on two VMM servers, or on a single VMM
    # server if two sites are managed by the same server."
    G = netmap.loads(SAME_SITE)
    assert replica_target(G, "V", "Prod") == "Dr"
    v = evaluate(G, Scenario(all=True))
    assert [n.network for n in v.replica_nics("V")] == ["Dr"]
    assert [r["target_site"] for r in mappings(G).to_dict()["mappings"]] == ["A", "A"]


def test_two_targets_at_one_site_do_not_load():
    # SPEC §1: loading rejects "a network mapped twice to the same site or onto itself"
    text = SAME_SITE.replace("{source: Dr, target: Prod}", "{source: Prod, target: Prod}")
    with pytest.raises(netmap.errors.TopologyError, match="mapped onto itself"):
        netmap.loads(text)
    text = SAME_SITE.replace(
        "  - {name: Dr, logical_network: L2,",
        "  - {name: Dr2, logical_network: L2}\n  - {name: Dr, logical_network: L2,").replace(
        "{source: Dr, target: Prod}", "{source: Prod, target: Dr2}")
    with pytest.raises(netmap.errors.TopologyError,
                       match="'Prod' is mapped twice to site 'A'"):
        netmap.loads(text)


def test_cli_failover_and_remap_per_site(run, fixture_path):
    path = fixture_path("three-sites.yaml")
    code, out, err = run("failover", path, "--all", "--format", "json")
    assert code == 0, err
    nets = {v["vm"]: [n["network"] for n in v["nics"]] for v in json.loads(out)["vms"]}
    assert nets["VM1"] == ["Net-B", None] and nets["VM2"] == ["Net-C"]
    code, out, err = run("failover", path, "--all", "--remap", "Net-A=Net-C2",
                         "--format", "json")
    assert code == 0, err
    nets = {v["vm"]: [n["network"] for n in v["nics"]] for v in json.loads(out)["vms"]}
    assert nets["VM1"] == ["Net-B", None] and nets["VM2"] == ["Net-C2"]


def test_diff_compares_mappings_per_site(three):
    from netmap.answers.diff import diff
    d = diff(three, three, Scenario(all=True, remap=(("Net-A", "Net-C2"),))).to_dict()
    assert d["mappings"] == {"added": [], "removed": [], "changed": [
        {"source": "Net-A", "target_site": "C", "old_target": "Net-C",
         "new_target": "Net-C2"}]}
    assert [(n["vm"], n["old_network"], n["new_network"]) for n in d["nics"]] == [
        ("VM2", "Net-C", "Net-C2")]
