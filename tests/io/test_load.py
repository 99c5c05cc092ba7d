"""Loading good topologies: the graph of SPEC §2 and its contract, YAML = JSON, the schema
(write_atomic: tests/io/test_files.py)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import yaml

import netmap
from netmap.io import load as nio
from netmap.cli.app import error_text  # the CLI words each problem: "error: FILE:LINE: ..."
from netmap.model.contract import EDGE_KINDS, NODE_KINDS, validate_graph
from netmap.errors import GraphContractError, TopologyError
from netmap.io.schema import check_shape, json_schema

AZURE = """netmap: 1
name: to-azure
sites:
  - {name: Beijing}
  - {name: China North, kind: azure}
vmm_servers: [{name: VMM-Beijing, site: Beijing}]
logical_networks: [{name: LN1, vmm: VMM-Beijing}]
vm_networks:
  - {name: VMNet1, logical_network: LN1, subnets: [{name: Subnet1, prefix: 10.1.0.0/24}]}
azure_networks:
  - name: vnet-dr
    site: China North
    subnets: [{name: Subnet1, prefix: 10.1.0.0/24}, {name: GatewaySubnet}]
    gateway: {sites: [Beijing]}
clouds: [{name: SilverCloud1, vmm: VMM-Beijing, logical_networks: [LN1]}]
protection: [{protected: SilverCloud1, azure: China North}]
network_mappings: [{source: VMNet1, target: vnet-dr}]
vms:
  - {name: APP1, cloud: SilverCloud1, nics: [{network: VMNet1, ip: 10.1.0.4}, {network: VMNet1}]}
recovery_plans: [{name: P, groups: [[APP1]]}]
"""


def edges_of(G, kind):
    return sorted((u, v) for u, v, k in G.edges(data="kind") if k == kind)


def test_example_graph(example):
    assert isinstance(example, nx.MultiDiGraph)
    kinds = Counter(d["kind"] for _, d in example.nodes(data=True))
    assert kinds == {"site": 2, "vmm": 2, "logical_network": 3, "vm_network": 4,
                     "subnet": 6, "cloud": 4, "host": 3, "vm": 4, "plan": 2}
    assert example.graph["name"] == "Beijing / Shanghai (the seed's example)"
    assert edges_of(example, "maps_to") == [
        (("vm_network", "VMNetwork1-Beijing"), ("vm_network", "VMNetwork1-Shanghai")),
        (("vm_network", "VMNetwork1-Shanghai"), ("vm_network", "VMNetwork1-Beijing"))]
    assert edges_of(example, "protected_by") == [
        (("cloud", "GoldCloud1"), ("cloud", "GoldCloud2")),
        (("cloud", "SilverCloud1"), ("cloud", "SilverCloud2"))]


def test_example_follows_the_contract(example):
    validate_graph(example)
    for _, d in example.nodes(data=True):
        assert d["kind"] in NODE_KINDS
    for _, _, d in example.edges(data=True):
        assert d["kind"] in EDGE_KINDS


def test_bundled_example_is_the_fixture(fixtures_dir):
    bundled = Path(netmap.example_path()).read_text()
    assert (fixtures_dir / "beijing-shanghai.yaml").read_text() == bundled


def test_node_and_edge_attributes(example):
    sub = example.nodes[("subnet", "VMNetwork1-Beijing", "Subnet2")]
    assert sub == {"kind": "subnet", "name": "Subnet2", "network": "VMNetwork1-Beijing",
                   "index": 1, "prefix": "10.1.1.0/24"}
    assert example.nodes[("site", "Beijing")]["platform"] == "onprem"
    assert example.nodes[("host", "HV-SH-01")]["memory_gb"] == 128
    assert example.nodes[("vm", "DB1")]["vcpus"] == 8
    nic = example.get_edge_data(("vm", "VM1"), ("vm_network", "VMNetwork1-Beijing"))
    assert nic == {0: {"kind": "nic", "index": 0, "subnet": "Subnet1", "ip": "10.1.0.10",
                       "ip_mode": "static"}}
    groups = {u[1]: d["group"] for u, v, d in example.edges(data=True)
              if d["kind"] == "in_plan" and v == ("plan", "Plan-Gold")}
    assert groups == {"DB1": 1, "VM1": 2}
    # a logical network's and a cloud's site default to their VMM server's
    assert (("logical_network", "LogicalNetwork2Shanghai"), ("site", "Shanghai")) in \
        edges_of(example, "located_in")
    assert (("cloud", "GoldCloud1"), ("site", "Beijing")) in edges_of(example, "located_in")


def test_azure_topology():
    G = netmap.loads(AZURE).graph
    validate_graph(G)
    assert G.nodes[("site", "China North")]["platform"] == "azure"
    assert edges_of(G, "protected_by") == [(("cloud", "SilverCloud1"), ("site", "China North"))]
    assert edges_of(G, "gateway_to") == [(("azure_network", "vnet-dr"), ("site", "Beijing"))]
    assert G.nodes[("subnet", "vnet-dr", "GatewaySubnet")]["prefix"] is None
    nics = G.get_edge_data(("vm", "APP1"), ("vm_network", "VMNet1"))
    assert sorted(nics) == [0, 1]
    assert nics[1] == {"kind": "nic", "index": 1, "subnet": None, "ip": None,
                       "ip_mode": "dhcp"}


def test_azure_rules():
    bad = (AZURE.replace("  - {name: China North, kind: azure}", "  - {name: China North}")
           .replace("[{network: VMNet1, ip: 10.1.0.4}", "[{network: vnet-dr, ip: 10.1.0.4}"))
    with pytest.raises(TopologyError) as info:
        netmap.loads(bad, "t.yaml")
    assert error_text(info.value).splitlines() == [
        ("error: t.yaml:12: azure_networks[0] (vnet-dr).site: site 'China North' of an Azure "
        "network must be an Azure site (kind: azure)"),
        ("error: t.yaml:16: protection[0].azure: site 'China North' is not an Azure site "
        "(kind: azure)"),
        # SPEC §1 (revision 2): loading rejects "a NIC of a VMM VM on an Azure network"
        ("error: t.yaml:19: vms[0] (APP1).nics[0].network: 'vnet-dr' is an Azure network; a NIC "
        "of a VMM VM (cloud:) joins a VM network"),
    ]


def test_yaml_and_json_give_the_same_graph(example, fixtures_dir, tmp_path):
    data = yaml.safe_load((fixtures_dir / "beijing-shanghai.yaml").read_text())
    p = tmp_path / "example.json"
    p.write_text(json.dumps(data))
    G = netmap.load(p).graph
    assert list(G.nodes(data=True)) == list(example.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(example.edges(keys=True, data=True))
    assert G.graph["source"] == str(p)


def test_read_topology_and_loads(fixtures_dir):
    data = nio.read_topology(fixtures_dir / "beijing-shanghai.yaml")
    assert data["netmap"] == 1 and len(data["vms"]) == 4
    G = netmap.loads('{"netmap": 1, "sites": [{"name": "A", "kind": "azure"}]}', "x.json").graph
    assert G.nodes[("site", "A")]["platform"] == "azure"
    with pytest.raises(TopologyError, match="invalid JSON"):
        netmap.loads("netmap: 1\n", "x.json")


def test_empty_lists_may_be_blank():
    G = netmap.loads("netmap: 1\nsites:\nvms:\n").graph
    assert G.number_of_nodes() == 0


def test_parse_text_reports_duplicate_keys():
    with pytest.raises(TopologyError, match=r"t.yaml:3: duplicate key 'name' \(first on line 2\)"):
        nio.parse_text("netmap: 1\nname: a\nname: b\n", "t.yaml")


# --------------------------------------------------------------------------- schema

def test_json_schema_accepts_the_example_and_rejects_mistakes(fixtures_dir):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    data = yaml.safe_load((fixtures_dir / "beijing-shanghai.yaml").read_text())
    assert list(v.iter_errors(data)) == []
    assert list(v.iter_errors(yaml.safe_load(AZURE))) == []
    data["vms"][0]["clod"] = "x"
    assert list(v.iter_errors(data))
    assert list(v.iter_errors({"netmap": 1, "protection": [{"protected": "A"}]}))
    assert list(v.iter_errors({"netmap": 2}))


def test_check_shape_is_quiet_on_good_data(fixtures_dir):
    data = yaml.safe_load((fixtures_dir / "beijing-shanghai.yaml").read_text())
    assert check_shape(data) == []


def test_problem_order_is_deterministic():
    text = "netmap: 1\nsites: [{name: A, b: 1, c: 2, d: 3, e: 4, kindd: x}]\n"
    with pytest.raises(TopologyError) as info:
        netmap.loads(text, "t.yaml")
    assert [p.path for p in info.value.problems] == [
        "sites[0] (A).b", "sites[0] (A).c", "sites[0] (A).d", "sites[0] (A).e",
        "sites[0] (A).kindd"]


# --------------------------------------------------------------------------- contract

def test_validate_graph_rejects_hand_built_mistakes():
    G = nx.MultiDiGraph()
    G.add_node(("vm", "A"), kind="vm", name="A", memory_gb=None, vcpus=None)
    G.add_node(("host", "H"), kind="host", name="H", memory_gb=None, vcpus=None)
    G.add_edge(("vm", "A"), ("host", "H"), kind="runs_on")
    validate_graph(G)
    G.add_node("loose", kind="vm")
    G.add_node(("vm", "B"), kind="vm", name="B")
    G.add_node(("vm", "C"), kind="vm", name="not C", memory_gb=1, vcpus=1)
    G.add_edge(("host", "H"), ("vm", "A"), kind="runs_on")
    G.add_edge(("vm", "A"), ("host", "H"), kind="teleports_to")
    with pytest.raises(GraphContractError) as info:
        validate_graph(G)
    lines = str(info.value).splitlines()
    assert lines == [
        ("node 'loose': id must be a tuple (kind, name...) and kind one of site, vmm, "
        "logical_network, vm_network, azure_network, subnet, cloud, host, vm, plan; got kind "
        "'vm'"),
        "node ('vm', 'B'): missing attribute(s) memory_gb, vcpus",
        "node ('vm', 'C'): attribute name 'not C' differs from the id",
        "edge ('vm', 'A') -> ('host', 'H'): unknown kind 'teleports_to'",
        "edge ('host', 'H') -> ('vm', 'A'): kind 'runs_on' must go from vm to host",
    ]
    with pytest.raises(GraphContractError) as info:
        validate_graph(G, limit=2)
    assert len(str(info.value).splitlines()) == 2


def test_validate_graph_wants_one_target_per_site(example):
    # SPEC R1: "A source network has at most one target per site"
    G = example.copy()
    validate_graph(G)
    G.add_edge(("vm_network", "VMNetwork1-Beijing"), ("vm_network", "VMNetwork2-Shanghai"),
               kind="maps_to")
    with pytest.raises(GraphContractError) as info:
        validate_graph(G)
    assert str(info.value) == (
        "edge ('vm_network', 'VMNetwork1-Beijing') -> ('vm_network', 'VMNetwork2-Shanghai'): "
        "kind 'maps_to': ('vm_network', 'VMNetwork1-Beijing') is already mapped to "
        "('vm_network', 'VMNetwork1-Shanghai') at site 'Shanghai' (one target per site)")
    G.remove_edge(("vm_network", "VMNetwork1-Beijing"), ("vm_network", "VMNetwork1-Shanghai"))
    validate_graph(G)


def test_validate_graph_wants_a_multidigraph():
    with pytest.raises(GraphContractError, match="MultiDiGraph"):
        validate_graph(nx.DiGraph())


def test_validate_graph_checks_subnet_ids_and_edge_attributes():
    G = nx.MultiDiGraph()
    G.add_node(("subnet", "N"), kind="subnet", name="N", network="N", index=0, prefix=None)
    G.add_node(("vm_network", "N"), kind="vm_network", name="N")
    G.add_node(("vm", "V"), kind="vm", name="V", memory_gb=None, vcpus=None)
    G.add_edge(("vm", "V"), ("vm_network", "N"), kind="nic", index=0)
    with pytest.raises(GraphContractError) as info:
        validate_graph(G)
    assert str(info.value).splitlines() == [
        "node ('subnet', 'N'): id must be ('subnet', network, name)",
        "edge ('vm', 'V') -> ('vm_network', 'N'): missing attribute(s) subnet, ip",
    ]


SITE_OF_TARGET = """netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VA, site: A}, {name: VB, site: B}]
logical_networks: [{name: LA, vmm: VA}, {name: LB, vmm: VB}]
vm_networks:
  - {name: NA, logical_network: LA}
  - {name: NB, logical_network: LB}
network_mappings: [{source: NA, target: NB}]
"""


@pytest.mark.parametrize("old, new", [
    ("{name: VB, site: B}", "{name: VB, site: [B]}"),
    ("{name: LB, vmm: VB}", "{name: LB, vmm: [VB]}"),
    ("{name: NB, logical_network: LB}", "{name: NB, logical_network: [LB]}"),
])
def test_mapping_site_check_survives_wrong_types(old, new):
    # the one-target-per-site check (R1) reads the target's site through its logical
    # network and VMM server: a wrong type there is a shape error, never a traceback
    netmap.loads(SITE_OF_TARGET)
    text = SITE_OF_TARGET.replace(old, new)
    assert text != SITE_OF_TARGET
    with pytest.raises(TopologyError) as info:
        netmap.loads(text)
    assert "expected" in str(info.value)
