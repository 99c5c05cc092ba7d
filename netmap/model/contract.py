"""The graph contract: which nodes and edges a netmap graph holds.

A topology loads into one :class:`networkx.MultiDiGraph`. Every node is a tuple whose
first item is its kind and every node and edge carries a ``kind`` attribute from the
vocabulary below. Analyses rely on nothing else, so a graph built by hand in Python
works as long as :func:`validate_graph` accepts it.

Nodes
-----
=================  ===============================  ==========================================
kind               id                               attributes
=================  ===============================  ==========================================
site               ("site", name)                   name, platform ("onprem" or "azure")
vmm                ("vmm", name)                    name
logical_network    ("logical_network", name)        name
vm_network         ("vm_network", name)             name; optionally isolation ("none",
                                                    "vlan" or "wnv": VMM's isolation type)
azure_network      ("azure_network", name)          name
subnet             ("subnet", network, name)        name, network, index (file order, from 0),
                                                    prefix (CIDR string or None); optional:
                                                    gateway (address string), pool (dict
                                                    start, end, reserved: list of strings)
cloud              ("cloud", name)                  name; optional: logical_networks_known
                                                    (False: which logical networks it has
                                                    is unknown)
host               ("host", name)                   name, memory_gb, vcpus (None: unlimited)
vm                 ("vm", name)                     name, memory_gb, vcpus (None: not given)
plan               ("plan", name)                   name
=================  ===============================  ==========================================

VM network and Azure network names share one namespace (mappings, links and NICs name a
network without saying which kind).

Edges
-----
=============  ===========================================  ================================
kind           from -> to                                   attributes
=============  ===========================================  ================================
located_in     vmm, logical_network, cloud, azure_network,  --
               vm (an Azure VM: its region, R11) -> site;
               vm_network -> site when its logical
               network is unknown
managed_by     logical_network, cloud, host -> vmm;         --
               vm_network -> vmm when its logical
               network is unknown
carried_by     vm_network -> logical_network                --
subnet_of      subnet -> vm_network or azure_network        --
gateway_to     azure_network -> site                        --
uses           cloud -> logical_network                     --
protected_by   cloud -> cloud (VMM to VMM),                 --
               cloud -> site (VMM to Azure), or
               site -> site (an Azure region to another,
               R11)
member_of      host -> cloud                                --
reaches        host -> logical_network                      --
maps_to        network -> network (a source has at most one --
               maps_to per site of its targets, R1)
link           network -> network (undirected meaning)      link_kind: ``routed`` (default
                                                            when absent) or ``peering``
in_cloud       vm -> cloud (a VMM VM; an Azure VM has       --
               located_in instead)
runs_on        vm -> host                                   --
replica_on     vm -> host (``replica_host``: where its          --
               replica is, R4)
nic            vm -> vm_network (a VMM VM) or               index, subnet (name or None),
               vm -> azure_network (an Azure VM)            ip (string or None); optional:
               (edge key = NIC index)                       ip_mode ("static" or "dhcp";
                                                            default: static when ip is
                                                            given, else dhcp); replica,
                                                            test (dicts of the configured
                                                            network, subnet, ip given:
                                                            R3, R9)
depends_on     vm -> vm                                     --
in_plan        vm -> plan                                   group (1-based boot group)
=============  ===========================================  ================================

Graph attributes: ``name`` (the topology's title) and ``source`` (the file it came from);
``unknown`` (a tuple of ``{object, field, reason, supply_with}`` dicts, sorted) when the
topology lists facts no source gave (``netmap import``).

The graph of a :class:`netmap.Topology` (``netmap.load(path).graph``) is frozen
(``networkx.freeze``): questions never change it, and its topology
(:func:`netmap.model.topology.as_topology`) is built once. Copy it (``G.copy()``) to edit.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node(("site", "A"), kind="site", name="A", platform="onprem")
>>> G.add_node(("vmm", "V"), kind="vmm", name="V")
>>> _ = G.add_edge(("vmm", "V"), ("site", "A"), kind="located_in")
>>> validate_graph(G)
>>> _ = G.add_edge(("vmm", "V"), ("site", "A"), kind="runs_on")
>>> validate_graph(G)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
netmap.errors.GraphContractError: edge ('vmm', 'V') -> ('site', 'A'): kind 'runs_on' must go ...
"""

from __future__ import annotations

from netmap.errors import GraphContractError

__all__ = ["EDGE_KINDS", "NETWORK_KINDS", "NODE_KINDS", "validate_graph"]

#: node kind -> attributes every node of that kind carries
NODE_KINDS = {
    "site": ("name", "platform"),
    "vmm": ("name",),
    "logical_network": ("name",),
    "vm_network": ("name",),
    "azure_network": ("name",),
    "subnet": ("name", "network", "index", "prefix"),
    "cloud": ("name",),
    "host": ("name", "memory_gb", "vcpus"),
    "vm": ("name", "memory_gb", "vcpus"),
    "plan": ("name",),
}

NETWORK_KINDS = ("vm_network", "azure_network")
_NET = frozenset(NETWORK_KINDS)

#: edge kind -> (allowed source kinds, allowed target kinds, attributes every edge carries)
EDGE_KINDS = {
    "located_in": (frozenset({"vmm", "logical_network", "cloud", "azure_network",
                              "vm_network", "vm"}), frozenset({"site"}), ()),
    "managed_by": (frozenset({"logical_network", "cloud", "host", "vm_network"}),
                   frozenset({"vmm"}), ()),
    "carried_by": (frozenset({"vm_network"}), frozenset({"logical_network"}), ()),
    "subnet_of": (frozenset({"subnet"}), _NET, ()),
    "gateway_to": (frozenset({"azure_network"}), frozenset({"site"}), ()),
    "uses": (frozenset({"cloud"}), frozenset({"logical_network"}), ()),
    "protected_by": (frozenset({"cloud", "site"}), frozenset({"cloud", "site"}), ()),
    "member_of": (frozenset({"host"}), frozenset({"cloud"}), ()),
    "reaches": (frozenset({"host"}), frozenset({"logical_network"}), ()),
    "maps_to": (_NET, _NET, ()),
    "link": (_NET, _NET, ()),
    "in_cloud": (frozenset({"vm"}), frozenset({"cloud"}), ()),
    "runs_on": (frozenset({"vm"}), frozenset({"host"}), ()),
    "replica_on": (frozenset({"vm"}), frozenset({"host"}), ()),
    "nic": (frozenset({"vm"}), _NET, ("index", "subnet", "ip")),
    "depends_on": (frozenset({"vm"}), frozenset({"vm"}), ()),
    "in_plan": (frozenset({"vm"}), frozenset({"plan"}), ("group",)),
}


def _kinds(ks):
    return " or ".join(sorted(ks))


def validate_graph(G, limit=20):
    """Check that ``G`` follows the graph contract; raise if it does not.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    limit : int
        Report at most this many problems.

    Raises
    ------
    GraphContractError
        With one line per problem found.
    """
    problems = []
    if not (G.is_directed() and G.is_multigraph()):
        raise GraphContractError("a netmap graph is a networkx.MultiDiGraph")
    for n, d in G.nodes(data=True):
        kind = d.get("kind")
        if not isinstance(n, tuple) or not n or n[0] != kind or kind not in NODE_KINDS:
            problems.append(f"node {n!r}: id must be a tuple (kind, name...) and kind one of "
                            f"{', '.join(NODE_KINDS)}; got kind {kind!r}")
            continue
        missing = [a for a in NODE_KINDS[kind] if a not in d]
        if missing:
            problems.append(f"node {n!r}: missing attribute(s) {', '.join(missing)}")
        if kind == "subnet" and len(n) != 3 or kind != "subnet" and len(n) != 2:
            problems.append(f"node {n!r}: id must be ({kind!r}, "
                            + ("network, name)" if kind == "subnet" else "name)"))
        elif "name" in d and d["name"] != n[-1]:
            problems.append(f"node {n!r}: attribute name {d['name']!r} differs from the id")
        elif kind == "subnet" and "network" in d and d["network"] != n[1]:
            problems.append(f"node {n!r}: attribute network {d['network']!r} differs from "
                            "the id")
        if len(problems) >= limit:
            break
    kinds = G.nodes
    maps_to = []
    for u, v, d in G.edges(data=True):
        ek = d.get("kind")
        if ek == "maps_to":
            maps_to.append((u, v))
        spec = EDGE_KINDS.get(ek)
        if spec is None:
            problems.append(f"edge {u!r} -> {v!r}: unknown kind {ek!r}")
        else:
            src, dst, attrs = spec
            if kinds[u].get("kind") not in src or kinds[v].get("kind") not in dst:
                problems.append(f"edge {u!r} -> {v!r}: kind {ek!r} must go from "
                                f"{_kinds(src)} to {_kinds(dst)}")
            missing = [a for a in attrs if a not in d]
            if missing:
                problems.append(f"edge {u!r} -> {v!r}: missing attribute(s) {', '.join(missing)}")
            if ek == "link" and d.get("link_kind", "routed") not in ("routed", "peering"):
                problems.append(f"edge {u!r} -> {v!r}: link_kind must be 'routed' or "
                                f"'peering'; got {d.get('link_kind')!r}")
            if ek == "protected_by" and u[0] == "site" and v[0] != "site":
                problems.append(f"edge {u!r} -> {v!r}: kind 'protected_by' from a site (an "
                                "Azure region) goes to a site (R11)")
        if len(problems) >= limit:
            break
    seen = {}  # R1: (source, site of the target) -> the first target
    for u, v in sorted(maps_to, key=repr):
        site = _site_of(G, v)
        if site is None:
            continue
        first = seen.setdefault((u, site), v)
        if first != v:
            problems.append(f"edge {u!r} -> {v!r}: kind 'maps_to': {u!r} is already mapped to "
                            f"{first!r} at site {site!r} (one target per site)")
    if problems:
        raise GraphContractError("\n".join(problems[:limit]))


def _next(G, n, kind):
    """The first node that ``n`` has an edge of ``kind`` to, or None."""
    for _u, v, d in G.out_edges(n, data=True):
        if d.get("kind") == kind:
            return v
    return None


def _site_of(G, net):
    """The site name of a network node (through its logical network for a VM network)."""
    node = _next(G, net, "carried_by") if net[0] == "vm_network" else net
    site = _next(G, node, "located_in") if node is not None else None
    return site[1] if isinstance(site, tuple) and len(site) == 2 else None
