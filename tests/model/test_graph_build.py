"""The graph builder gives a graph that passes the contract, and its private adjacency writer
(``fast=True``, the default) gives the same graph as networkx's public ``add_*_from`` methods
(``fast=False``) and as a rebuild edge by edge through the public API, keys and order
included."""

import networkx as nx
import pytest

from netmap.io.generate import generate
from netmap.model.contract import validate_graph
from netmap.model.graph import build_graph
from netmap.model.topology import TopologyData
from netmap.io.load import read_topology


def _edges(G):
    return [(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)]


def _same(data):
    fast = build_graph(data)
    validate_graph(fast)
    public = build_graph(data, fast=False)
    assert list(fast.nodes(data=True)) == list(public.nodes(data=True))
    assert _edges(fast) == _edges(public)
    assert list(fast.pred.items()) == list(public.pred.items())
    assert fast.graph == public.graph
    slow = nx.MultiDiGraph(**fast.graph)
    slow.add_nodes_from(fast.nodes(data=True))
    for u, v, k, d in fast.edges(keys=True, data=True):
        slow.add_edge(u, v, k, **d)
    assert list(fast.nodes(data=True)) == list(slow.nodes(data=True))
    assert _edges(fast) == _edges(slow)
    assert sorted(map(repr, fast.in_edges(keys=True))) == \
        sorted(map(repr, slow.in_edges(keys=True)))
    assert fast.graph == slow.graph
    return fast


def test_fast_builder_matches_public_api_on_every_fixture(fixtures_dir):
    files = sorted(fixtures_dir.glob("*.yaml")) + sorted((fixtures_dir / "checks").glob("*.yaml"))
    assert files
    for f in files:
        _same(read_topology(f))


def test_fast_builder_matches_on_a_generated_topology():
    data = generate(3000, seed=7)
    G = _same(data)
    ix = TopologyData(G)
    assert len(ix.vm) == len(data["vms"])


@pytest.mark.parametrize("seed", [1, 2])
def test_parallel_edges_get_distinct_keys(seed):
    data = {"netmap": 1, "sites": [{"name": "A"}], "vm_networks": [],
            "logical_networks": [], "vmm_servers": [{"name": "V", "site": "A"}],
            "links": []}
    data["logical_networks"] = [{"name": "L", "vmm": "V"}]
    data["vm_networks"] = [{"name": "N1", "logical_network": "L"},
                           {"name": "N2", "logical_network": "L"}]
    data["links"] = [{"networks": ["N1", "N2"]}] * (seed + 1)
    G = _same(data)
    links = [k for _, _, k, d in G.edges(("vm_network", "N1"), keys=True, data=True)
             if d["kind"] == "link"]
    assert sorted(links) == list(range(seed + 1))


def test_edges_hold_the_nodes_own_tuples(fixtures_dir):
    """Every edge end, successor and predecessor is the node's own tuple (one tuple and one
    name per node, whatever the builder looked up or made)."""
    datas = [read_topology(f) for f in sorted(fixtures_dir.glob("*.yaml"))]
    for data in datas + [generate(500, seed=2)]:
        G = build_graph(data)
        own = {n: n for n in G.nodes}
        for u, v in G.edges():
            assert own[u] is u and own[v] is v
        for v, preds in G.pred.items():
            assert own[v] is v
            assert all(own[u] is u for u in preds)
