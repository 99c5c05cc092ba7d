"""connectivity._components (one search over the network graph) against networkx's
connected_components over the routed view, on every fixture, every site down, and
generated topologies with peerings.

SPEC R5: "Peering is not transitive" -- a peering joins no group (component); groups are
the components of routed links and gateways, with the networks of sites down taken out.
"""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings, strategies as st

from netmap import load
from netmap.analysis.connectivity import _components, _routed


def reference(graph, nodes=None):
    g = graph if nodes is None else graph.subgraph(nodes)
    comp, members = {}, {}
    for c in nx.connected_components(_routed(g)):
        ms = sorted(c)
        members[ms[0]] = ms
        for n in ms:
            comp[n] = ms[0]
    return comp, members


def _same(got, want):
    # the same components, members sorted, keyed by the smallest name (dict order is not
    # compared: networkx iterates a small filtered view in its node set's order)
    assert got == want


def test_components_equal_networkx_on_every_fixture_and_site_down(topology_file):
    t = load(topology_file)
    G = t.network_graph
    _same(_components(G), reference(G))
    for site in sorted(t.site_platform):
        up = frozenset(n for n in G if t.net[n].site != site)
        _same(_components(G, up), reference(G, up))


def test_components_equal_networkx_on_a_generated_topology(run, tmp_path):
    path = tmp_path / "gen.json"
    assert run("generate", "--vms", 4000, "--seed", 3, "-o", path)[0] == 0
    t = load(path)
    G = t.network_graph
    assert any(d["via"] == "peering" for _, _, d in G.edges(data=True))
    _same(_components(G), reference(G))
    site = sorted(t.site_platform)[0]
    up = frozenset(n for n in G if t.net[n].site != site)
    _same(_components(G, up), reference(G, up))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 14).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                       st.sampled_from(["link", "gateway", "peering"])), max_size=30),
    st.sets(st.integers(0, n - 1)))))
def test_components_equal_networkx_on_random_graphs(case):
    n, edges, down = case
    G = nx.Graph()
    G.add_nodes_from(f"N{i:02d}" for i in range(n))
    G.add_edges_from((f"N{a:02d}", f"N{b:02d}", {"via": via}) for a, b, via in edges
                     if a != b)
    up = frozenset(f"N{i:02d}" for i in range(n) if i not in down)
    _same(_components(G), reference(G))
    _same(_components(G, up), reference(G, up))
