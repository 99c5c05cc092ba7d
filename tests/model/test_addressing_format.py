"""The revision-2 addressing fields of the format (subnet ``gateway`` and ``pool``, NIC
``ip_mode``) load into the graph and the records, and stay optional."""

from __future__ import annotations

import netmap
from netmap.model.contract import validate_graph
from netmap.model.records import IpMode, Pool

TEXT = """\
netmap: 1
sites: [{name: A}]
vmm_servers: [{name: V, site: A}]
logical_networks: [{name: L, vmm: V}]
vm_networks:
  - name: N
    logical_network: L
    subnets:
      - name: S1
        prefix: 10.1.0.0/24
        gateway: 10.1.0.254
        pool: {start: 10.1.0.50, end: 10.1.0.250, reserved: [10.1.0.99]}
      - {name: S2, prefix: 10.1.1.0/24}
clouds: [{name: C, vmm: V, logical_networks: [L]}]
vms:
  - name: VM1
    cloud: C
    nics:
      - {network: N, subnet: S1, ip: 10.1.0.10}
      - {network: N, subnet: S2}
      - {network: N, subnet: S2, ip: 10.1.1.7, ip_mode: dhcp}
      - {network: N, subnet: S1, ip: 10.1.0.11, ip_mode: static}
"""


def test_gateway_and_pool_load_into_the_graph_and_the_network_record():
    t = netmap.loads(TEXT)
    validate_graph(t.graph)
    node = t.graph.nodes[("subnet", "N", "S1")]
    assert node["gateway"] == "10.1.0.254"
    assert node["pool"] == {"start": "10.1.0.50", "end": "10.1.0.250",
                            "reserved": ["10.1.0.99"]}
    assert "gateway" not in t.graph.nodes[("subnet", "N", "S2")]
    net = t.net["N"]
    assert net.gateways == {"S1": "10.1.0.254"}
    assert net.pools == {"S1": Pool("10.1.0.50", "10.1.0.250", ("10.1.0.99",))}


def test_ip_mode_defaults_to_static_with_an_ip_and_dhcp_without():
    # SPEC R3: "`ip_mode` is `static` when the NIC has an `ip`, `dhcp` when it has none."
    nics = netmap.loads(TEXT).vm["VM1"].nics
    assert [n.ip_mode for n in nics] == [IpMode.STATIC, IpMode.DHCP, IpMode.DHCP,
                                         IpMode.STATIC]
    assert [n.is_dhcp for n in nics] == [False, True, True, False]
    # a DHCP NIC's ip is the address it holds now, kept in the record
    assert nics[2].ip == "10.1.1.7"


def test_a_hand_built_graph_without_ip_mode_reads_the_default():
    t = netmap.loads(TEXT)
    G = t.graph.copy()
    for _, _, d in G.edges(data=True):
        d.pop("ip_mode", None)
    validate_graph(G)
    from netmap.model.topology import TopologyData
    nics = TopologyData(G).vm["VM1"].nics
    assert [n.ip_mode for n in nics] == ["static", "dhcp", "static", "static"]
