"""The network views of R5 (analysis/connectivity.py) checked against networkx itself:
components against ``nx.connected_components`` of an ``nx.subgraph_view`` without the
networks of the sites down, routes against ``nx.shortest_path_length``, on every fixture
and on generated topologies."""

from __future__ import annotations

import itertools
import json

import networkx as nx
import pytest

import netmap
from netmap.analysis.connectivity import NetworkView, network_label, network_view, plan_network
from netmap.io.generate import generate
from netmap.model.topology import as_topology


def _fixture_indexes(fixtures_dir):
    out = []
    for p in sorted(fixtures_dir.glob("*.yaml")):
        out.append((p.name, netmap.load(p)))
    return out


def _generated(vms, seed):
    return netmap.loads(json.dumps(generate(vms, seed)), f"g{vms}-{seed}.json")


def _down_sets(ix, limit=None):
    sites = sorted(ix.site_platform)
    sets = [frozenset()] + [frozenset({s}) for s in sites]
    sets += [frozenset(p) for p in itertools.combinations(sites, 2)]
    return sets[:limit] if limit else sets


def _reference(ix, down):
    """What networkx says: components of the graph without the networks of ``down`` and
    without its peerings (SPEC R5: "Groups: the connected components of routed links and
    gateways"); the view returned (for routes) keeps the peerings."""
    g = ix.network_graph
    view = nx.subgraph_view(g, filter_node=lambda n: ix.net[n].site not in down)
    routed = nx.subgraph_view(view, filter_edge=lambda a, b: g.edges[a, b]["via"] != "peering")
    return view, sorted(sorted(c) for c in nx.connected_components(routed))


def _check_components(ix, down):
    nv = NetworkView(ix, down)  # uncached: computed afresh
    view, want = _reference(ix, down)
    got = sorted(nv.components().values())
    assert got == want, (sorted(down), got, want)
    for c in want:
        for n in c:
            assert nv.component(n) == c[0]
            assert nv.members(nv.component(n)) == c
    for n in ix.net:
        assert nv.is_up(n) == (ix.net[n].site not in down)
        if not nv.is_up(n):
            assert nv.component(n) is None
    return nv, view


def _check_routes(ix, nv, view, pairs):
    for a, b in pairs:
        route = nv.path([a], [b])
        if not (nv.is_up(a) and nv.is_up(b)) or not nx.has_path(view, a, b):
            assert route is None
            continue
        assert [n for n, _ in route][0] == a and route[-1][0] == b
        assert len(route) - 1 == nx.shortest_path_length(view, a, b)
        assert route[0][1] is None
        for (x, _), (y, via) in zip(route, route[1:]):
            assert view.has_edge(x, y) and ix.network_graph.edges[x, y]["via"] == via


def test_network_graph_is_networks_and_joins(example):
    ix = as_topology(example)
    g = ix.network_graph
    assert isinstance(g, nx.Graph) and not g.is_directed() and nx.is_frozen(g)
    assert sorted(g) == sorted(ix.net)
    for a, b in ix.links:
        assert g.has_edge(a, b)
    for n, net in ix.net.items():
        assert g.nodes[n]["site"] == net.site
        for s in net.gateway_sites:
            for m in ix.vm_networks_of_site(s):
                assert g.edges[n, m]["via"] == "gateway"
    # neighbours in name order: the breadth-first search relies on it
    for n in g:
        assert list(g.adj[n]) == sorted(g.adj[n])
    assert ix.network_graph is g  # cached


def test_networks_by_site(example):
    ix = as_topology(example)
    by = ix.networks_by_site
    assert sorted(n for ns in by.values() for n in ns) == sorted(ix.net)
    for s, ns in by.items():
        assert ns == sorted(ns) and all(ix.net[n].site == s for n in ns)


def test_components_match_networkx_on_every_fixture(fixtures_dir):
    checked = 0
    for name, ix in _fixture_indexes(fixtures_dir):
        for down in _down_sets(ix):
            nv, view = _check_components(ix, down)
            nets = sorted(ix.net)
            _check_routes(ix, nv, view, itertools.product(nets, nets))
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("vms,seed", [(300, 0), (2000, 1), (5000, 7)])
def test_components_match_networkx_on_generated(vms, seed):
    ix = _generated(vms, seed)
    assert ix.network_graph.number_of_edges() > 0
    for down in _down_sets(ix, limit=12):
        nv, view = _check_components(ix, down)
        nets = sorted(ix.net)
        _check_routes(ix, nv, view, list(zip(nets, reversed(nets)))[:200])


def test_view_is_a_subgraph_view(example):
    ix = as_topology(example)
    nv = network_view(ix, {"Beijing"})
    assert nx.is_frozen(nv.graph) or hasattr(nv.graph, "_NODE_OK")
    assert sorted(nv.graph) == sorted(n for n in ix.net if ix.net[n].site != "Beijing")
    assert network_view(ix, frozenset()).graph is ix.network_graph


def test_views_cached_per_sites_down(example):
    ix = as_topology(example)
    assert network_view(ix, {"Beijing"}) is network_view(ix, frozenset({"Beijing"}))
    assert ix._network_views[frozenset({"Beijing"})] is network_view(ix, ["Beijing"])
    assert network_view(ix, ()) is not network_view(ix, {"Beijing"})


def test_plan_networks_are_components_of_their_own(example):
    ix = as_topology(example)
    nv = network_view(ix, {"Beijing", "Shanghai"})
    p = plan_network("Plan-Gold")
    assert nv.is_up(p) and nv.component(p) == p and nv.members(p) == [p]
    assert list(nv.neighbors(p)) == [] and nv.primaries(p) == []
    assert nv.path([p], [p]) == [(p, None)]
    assert network_label(p) == "plan:Plan-Gold"


def test_route_takes_neighbours_in_name_order(example):
    """Among routes of equal length the search takes the first in name order."""
    ix = as_topology(example)
    nv = network_view(ix, ())
    for n in ix.network_graph:
        route = nv.nearest(n, lambda m, n=n: m != n)
        nbrs = sorted(ix.network_graph.adj[n])
        if nbrs:
            assert route[1][0] == nbrs[0]
        else:
            assert route is None


def test_link_and_gateway_on_one_pair_is_a_gateway(fixtures_dir):
    text = (fixtures_dir / "onprem-to-azure.yaml").read_text()
    assert "\nlinks:" not in text
    ix = netmap.loads(text + "\nlinks:\n  - {networks: [Corp-SH, vnet-corp]}\n",
                      "linked.yaml")
    assert ix.network_graph.edges["vnet-corp", "Corp-SH"]["via"] == "gateway"
    assert network_view(ix, ()).path(["vnet-corp"], ["Corp-SH"]) == [
        ("vnet-corp", None), ("Corp-SH", "gateway")]


# -- prefixes across a join (NM017) -------------------------------------------------------
def test_overlapping_prefixes_match_every_pair():
    # the sweep finds exactly the pairs of prefixes that share an address (brute force)
    import ipaddress
    import random

    from netmap.analysis.connectivity import overlapping_prefixes
    rng = random.Random(5)
    for trial in range(60):
        def subnets(k):
            out = []
            for i in range(k):
                if rng.random() < 0.15:
                    out.append(f"{{name: s{i}, prefix: fd00:{rng.randint(0, 2)}::/64}}")
                else:
                    n = ipaddress.ip_network(
                        f"10.{rng.randint(0, 2)}.{rng.randint(0, 3) * 64}.0/"
                        f"{rng.choice([16, 18, 24, 26])}", strict=False)
                    out.append(f"{{name: s{i}, prefix: {n}}}")
            return "[" + ", ".join(out) + "]"
        text = (f"netmap: 1\nsites: [{{name: S}}]\nvmm_servers: [{{name: V, site: S}}]\n"
                f"logical_networks: [{{name: L, vmm: V}}]\nvm_networks:\n"
                f"  - {{name: A, logical_network: L, subnets: {subnets(rng.randint(0, 5))}}}\n"
                f"  - {{name: B, logical_network: L, subnets: {subnets(rng.randint(0, 5))}}}\n")
        ix = netmap.loads(text, f"t{trial}.yaml")
        got = overlapping_prefixes(ix, "A", "B")
        want = sorted({(p, q) for _, p in ix.net["A"].subnets for _, q in ix.net["B"].subnets
                       if ipaddress.ip_network(p, strict=False).overlaps(
                           ipaddress.ip_network(q, strict=False))})
        assert got == want, text


def test_nm017_on_every_join_kind(fixture_path):
    # SPEC NM017: "a join between networks whose subnet prefixes overlap"; a join is "a
    # link (routed or peering) or a gateway"; the object is "A -- B (the two names sorted)"
    from netmap.analysis.checks import check
    azure = netmap.load(fixture_path("onprem-to-azure.yaml"))
    got = [(f["object"], f.kind) for f in check(azure) if f["code"] == "NM017"]
    assert [o for o, _ in got] == ["Corp-BJ -- vnet-corp", "Web-BJ -- vnet-corp"]  # gateway
    text = fixture_path("peering.yaml").read_text(encoding="utf-8").replace(
        "vnet-db, site: China North, subnets: [{name: S1, prefix: 10.2.0.0/24}]",
        "vnet-db, site: China North, subnets: [{name: S1, prefix: 10.0.0.128/25}]")
    found = [f for f in check(netmap.loads(text, "p.yaml")) if f["code"] == "NM017"]
    assert [f["object"] for f in found] == ["vnet-db -- vnet-hub"]  # a peering
    assert "(a peering)" in found[0]["message"] and "10.0.0.128/25 of vnet-db" in \
        found[0]["message"]


def _chain_reference(nv, ca, cb):
    """A breadth-first search from ``ca`` that stops at ``cb`` (neighbours in label
    order): the peering chain as worded before the search trees were kept."""
    if ca is None or cb is None or ca == cb or not nv.peers(ca):
        return None
    prev = {ca: None}
    todo = [ca]
    while todo:
        c = todo.pop(0)
        for d in sorted(nv.peers(c), key=network_label):
            if d in prev:
                continue
            prev[d] = c
            if d == cb:
                out = []
                while prev[d] is not None:
                    out.append(nv.peers(prev[d])[d][0])
                    d = prev[d]
                return out[::-1]
            todo.append(d)
    return None


#: Azure networks joined by peerings only, with several shortest chains between some pairs
#: (va to vd through vb or vc, va to vg through vd or ve..., vc to vf through ve): the
#: chain taken is the first in label order
RING = """
netmap: 1
sites: [{name: Az, kind: azure}]
azure_networks:
""" + "".join(f"  - {{name: v{x}, site: Az}}\n" for x in "abcdefgh") + "links:\n" + "".join(
    f"  - {{networks: [v{a}, v{b}], kind: peering}}\n"
    for a, b in ["dg", "ac", "ab", "cd", "bd", "de", "ce", "ef", "fg", "gh"])


def _check_chains(ix, down):
    peered = sorted(NetworkView(ix, down)._peer_table(), key=network_label)
    comps = sorted({c for c in map(NetworkView(ix, down).component, sorted(ix.net))
                    if c is not None}, key=network_label)[:40] + peered
    pairs = list(itertools.product(comps, comps))
    fresh = NetworkView(ix, down)
    want = [_chain_reference(fresh, a, b) for a, b in pairs]
    assert [fresh.peering_chain(a, b) for a, b in pairs] == want
    backwards = NetworkView(ix, down)  # search trees built in another order
    assert [backwards.peering_chain(a, b) for a, b in reversed(pairs)] == want[::-1]
    return sum(1 for w in want if w and len(w) > 1)


def test_peering_chains_take_the_first_shortest_in_label_order():
    ix = netmap.loads(RING)
    nv = NetworkView(ix, frozenset())
    assert nv.peering_chain("va", "vd") == ["va -- vb", "vb -- vd"]
    assert nv.peering_chain("vd", "va") == ["vb -- vd", "va -- vb"]
    assert nv.peering_chain("vh", "va") == ["vg -- vh", "vd -- vg", "vb -- vd", "va -- vb"]
    assert nv.peering_chain("va", "va") is None
    assert _check_chains(ix, frozenset()) > 20


@pytest.mark.parametrize("vms,seed", [(2000, 1), (5000, 7)])
def test_peering_chains_match_a_search_per_pair_in_any_order(vms, seed):
    ix = _generated(vms, seed)
    checked = sum(_check_chains(ix, down) for down in _down_sets(ix, limit=4))
    assert checked > 0  # some chains cross more than one peering
