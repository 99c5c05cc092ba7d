"""R1 mappings and R2 target choices: the seed's two tables, row by row, and the rules."""

from __future__ import annotations

import pytest

import netmap
from netmap.errors import ScenarioError
from netmap.model.topology import as_topology
from netmap.analysis.mapping import effective_mapping
from netmap.answers.mapping import mappings, target_choices

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
    G = netmap.loads(AZURE)
    rows = {r["source"]: r["target"] for r in mappings(G).to_dict()["mappings"]}
    assert rows["VMNet1"] == rows["VMNet2"] == "vnet-a"
    assert rows["VMNet3"] is None
    assert rows["vnet-a"] is None  # Azure networks are listed too, not mapped back


def test_what_if_mappings_leave_the_graph_alone(example):
    before = dict(as_topology(example).mapping)
    m = effective_mapping(example, remap=[("VMNetwork2-Beijing", "VMNetwork2-Shanghai")],
                          unmap=["VMNetwork1-Beijing"])
    assert m["VMNetwork2-Beijing"] == "VMNetwork2-Shanghai"
    assert "VMNetwork1-Beijing" not in m
    assert as_topology(example).mapping == before
    rows = {r["source"]: r["target"]
            for r in mappings(example, unmap=["VMNetwork1-Beijing"]).to_dict()["mappings"]}
    assert rows["VMNetwork1-Beijing"] is None
    assert effective_mapping(example) == before


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
