"""Azure to Azure (R11) and each NIC's own target settings in the model: the format as
loaded, the graph it builds (and the contract that checks a graph built by hand), and the
records and lookups of TopologyData."""

from __future__ import annotations

import networkx as nx
import pytest

import netmap
from netmap.errors import GraphContractError
from netmap.io.schema import check_shape, json_schema
from netmap.model.contract import validate_graph
from netmap.model.graph import build_graph
from netmap.model.records import NicSettings, Region

#: two Azure regions and one on-premises site protected to Azure, so that the three kinds
#: of protection and of VM sit side by side
A2A = """\
netmap: 1
sites:
  - {name: Beijing}
  - {name: China East, kind: azure}
  - {name: China North, kind: azure}
vmm_servers:
  - {name: VMM-Beijing, site: Beijing}
logical_networks:
  - {name: LN-BJ, vmm: VMM-Beijing}
vm_networks:
  - {name: Corp-BJ, logical_network: LN-BJ, subnets: [{name: S1, prefix: 10.9.0.0/24}]}
clouds:
  - {name: Cloud-BJ, vmm: VMM-Beijing, logical_networks: [LN-BJ]}
azure_networks:
  - {name: vnet-app-ce, site: China East, subnets: [{name: App, prefix: 10.2.1.0/24}]}
  - {name: vnet-app-cn, site: China North, subnets: [{name: App, prefix: 10.2.1.0/24}]}
  - {name: vnet-drill-cn, site: China North, subnets: [{name: App, prefix: 10.2.1.0/24}]}
protection:
  - {protected: Cloud-BJ, azure: China North}
  - {region: China East, azure: China North}
network_mappings:
  - {source: vnet-app-ce, target: vnet-app-cn}
  - {source: vnet-app-cn, target: vnet-app-ce}
  - {source: Corp-BJ, target: vnet-app-cn}
vms:
  - name: APP1
    site: China East
    nics:
      - network: vnet-app-ce
        subnet: App
        ip: 10.2.1.10
        replica: {subnet: App, ip: 10.2.1.20}
        test: {network: vnet-drill-cn, ip: 10.2.1.250}
  - name: WEB1
    site: China East
    nics: [{network: vnet-app-ce, subnet: App, ip: 10.2.1.11}]
  - name: MON1
    site: China North
    nics: [{network: vnet-app-cn, subnet: App, ip: 10.2.1.4}]
  - name: VM1
    cloud: Cloud-BJ
    nics: [{network: Corp-BJ, subnet: S1, ip: 10.9.0.10, replica: {network: vnet-app-cn}}]
"""


@pytest.fixture(scope="module")
def t():
    return netmap.loads(A2A, "a2a.yaml")


# -- the graph ---------------------------------------------------------------------------------
def test_an_azure_vm_is_located_in_its_region(t):
    # SPEC R11: "A VM with site: REGION runs in that Azure region"
    G = t.graph
    assert [(v, d["kind"]) for _, v, d in G.out_edges(("vm", "APP1"), data=True)
            if d["kind"] != "nic"] == [(("site", "China East"), "located_in")]
    # a VMM VM keeps its cloud, and no located_in of its own
    assert [(v, d["kind"]) for _, v, d in G.out_edges(("vm", "VM1"), data=True)
            if d["kind"] != "nic"] == [(("cloud", "Cloud-BJ"), "in_cloud")]


def test_region_protection_is_a_site_to_site_edge(t):
    # SPEC §1: "{region: China East, azure: China North}  # Azure to Azure (R11)"
    edges = sorted((u, v) for u, v, d in t.graph.edges(data=True)
                   if d["kind"] == "protected_by")
    assert edges == [(("cloud", "Cloud-BJ"), ("site", "China North")),
                     (("site", "China East"), ("site", "China North"))]


def test_azure_vm_nics_go_to_azure_networks_with_their_settings(t):
    # SPEC R11: "its NICs are on Azure networks there"; §1: replica: and test: on a NIC
    (_, v, k, d), = [e for e in t.graph.out_edges(("vm", "APP1"), keys=True, data=True)
                     if e[3]["kind"] == "nic"]
    assert (v, k) == (("azure_network", "vnet-app-ce"), 0)
    assert d["replica"] == {"subnet": "App", "ip": "10.2.1.20"}
    assert d["test"] == {"network": "vnet-drill-cn", "ip": "10.2.1.250"}
    plain = t.graph.edges[("vm", "WEB1"), ("azure_network", "vnet-app-ce"), 0]
    assert "replica" not in plain and "test" not in plain


def test_the_contract_accepts_the_graph_and_says_what_it_refuses(t):
    validate_graph(t.graph)
    G = nx.MultiDiGraph(t.graph)
    G.add_node(("cloud", "C"), kind="cloud", name="C")
    G.add_edge(("site", "China East"), ("cloud", "C"), kind="protected_by")
    with pytest.raises(GraphContractError, match="from a site .* goes to a site"):
        validate_graph(G)


def test_fast_and_public_builders_agree():
    import yaml
    data = yaml.safe_load(A2A)
    fast, slow = build_graph(data), build_graph(data, fast=False)
    assert list(fast.nodes(data=True)) == list(slow.nodes(data=True))
    assert list(fast.edges(keys=True, data=True)) == list(slow.edges(keys=True, data=True))


# -- records and lookups -----------------------------------------------------------------------
def test_records_of_an_azure_vm(t):
    app = t.vm["APP1"]
    assert (app.cloud, app.site, app.is_azure, app.host) == (None, "China East", True, None)
    assert t.vm["VM1"].is_azure is False and t.vm["VM1"].site is None
    nic = app.nics[0]
    assert nic.replica == NicSettings(None, "App", "10.2.1.20")
    assert nic.test == NicSettings("vnet-drill-cn", None, "10.2.1.250")
    assert t.vm["WEB1"].nics[0].replica is None and t.vm["WEB1"].nics[0].test is None
    assert t.vm["VM1"].nics[0].replica == NicSettings("vnet-app-cn", None, None)


def test_regions_are_the_containers_of_azure_vms(t):
    # SPEC §3 terms: "A protected VM's recovery site is its protecting cloud's site, or the
    # Azure region it is protected to"; R11: "{region: A, azure: B} protects every VM of
    # region A to region B"
    assert sorted(t.region) == ["China East", "China North"]
    east, north = t.region["China East"], t.region["China North"]
    assert isinstance(east, Region) and (east.azure, east.protected) == ("China North", True)
    assert (north.azure, north.protected, north.protects) == (None, False, ["China East"])
    assert t.container("APP1") is east and t.container("VM1") is t.cloud["Cloud-BJ"]
    assert [t.recovery_site(v) for v in ("APP1", "WEB1", "MON1", "VM1")] == \
        ["China North", "China North", None, "China North"]
    assert [t.site_of_vm(v) for v in ("APP1", "MON1", "VM1")] == \
        ["China East", "China North", "Beijing"]
    assert [t.is_protected(v) for v in ("APP1", "MON1", "VM1")] == [True, False, True]
    assert [t.is_a2a(v) for v in ("APP1", "MON1", "VM1")] == [True, False, False]
    assert t.protected_vms() == ["APP1", "VM1", "WEB1"]
    # R1's per-site lookups see the Azure VMs' recovery region
    assert t.recovery_sites_using["vnet-app-ce"] == ("China North",)
    assert "vnet-app-cn" not in t.recovery_sites_using  # MON1 is not protected


def test_a_region_is_a_container_without_hosts():
    r = Region("China East", azure="China North")
    assert (r.site, r.vmm, r.protecting, r.hosts, r.logical_networks) == \
        ("China East", None, None, [], set())
    assert not Region("China North").protected


# -- the format --------------------------------------------------------------------------------
def test_shape_of_a_vm_and_a_protection():
    # SPEC §1: loading rejects "a VM with both or neither of cloud and site"
    assert check_shape({"netmap": 1, "vms": [{"name": "V", "cloud": "C", "site": "R"}]}) == \
        [(("vms", 0), "give exactly one of 'cloud' or 'site' (both given)")]
    assert check_shape({"netmap": 1, "protection": [{"azure": "B"}]}) == \
        [(("protection", 0), "give exactly one of 'protected' or 'region' (neither given)")]
    assert check_shape({"netmap": 1, "protection": [{"region": "A", "azure": "B"}]}) == []
    # SPEC §1: "replica: {network, subnet, ip}", "test: {network, subnet, ip}", each
    # optional; an unknown key is an error with a suggestion
    assert check_shape({"netmap": 1, "vms": [{"name": "V", "site": "R", "nics": [
        {"network": "n", "replica": {"ip": "10.0.0.1", "subnet": "s"},
         "test": {"network": "t", "sbunet": "x"}}]}]}) == \
        [(("vms", 0, "nics", 0, "test", "sbunet"),
          "unknown key 'sbunet' (did you mean 'subnet'?)")]


def test_json_schema_says_the_same():
    s = json_schema()["properties"]
    vm = s["vms"]["items"]
    assert vm["oneOf"] == [{"required": ["cloud"]}, {"required": ["site"]}]
    assert "cloud" not in vm["required"]
    prot = s["protection"]["items"]
    assert prot["allOf"] == [
        {"oneOf": [{"required": ["protected"]}, {"required": ["region"]}]},
        {"oneOf": [{"required": ["protecting"]}, {"required": ["azure"]}]}]
    nic = vm["properties"]["nics"]["items"]["properties"]
    for key in ("replica", "test"):
        assert sorted(nic[key]["properties"]) == ["ip", "network", "subnet"]
        assert "required" not in nic[key]


def test_a_revision_1_file_keeps_loading_unchanged(topology):
    # SPEC: "every new field is optional": the bundled example has none of them
    assert not topology.region
    assert all(v.site is None and v.cloud is not None for v in topology.vm.values())
    assert all(n.replica is None and n.test is None
               for v in topology.vm.values() for n in v.nics)
