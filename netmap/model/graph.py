"""The one builder from a checked topology (plain data) to the netmap graph.

See :mod:`netmap.model.contract` for what the graph holds. The builder trusts its input: call
it on data that :func:`netmap.io.load.check_topology` accepted (``netmap.load`` does both).

Examples
--------
>>> G = build_graph({"netmap": 1, "sites": [{"name": "A"}],
...                  "vmm_servers": [{"name": "V", "site": "A"}]})
>>> sorted(G.nodes)
[('site', 'A'), ('vmm', 'V')]
>>> [d["kind"] for _, _, d in G.edges(data=True)]
['located_in']
"""

from __future__ import annotations

import weakref
from itertools import chain, islice

import networkx as nx

from netmap.model.records import VM, IpMode, Nic, NicSettings

__all__ = ["build_frozen", "build_graph", "network_node"]


def network_node(G: nx.MultiDiGraph, name: str) -> tuple | None:
    """The node of network ``name`` (VM network or Azure network), or None.

    >>> G = build_graph({"netmap": 1, "sites": [{"name": "Az", "kind": "azure"}],
    ...                  "azure_networks": [{"name": "vnet", "site": "Az"}]})
    >>> network_node(G, "vnet"), network_node(G, "nope")
    (('azure_network', 'vnet'), None)
    """
    n = ("vm_network", name)
    if n in G:
        return n
    n = ("azure_network", name)
    return n if n in G else None


def build_graph(data: dict, source: str | None = None, *, fast: bool = True) -> nx.MultiDiGraph:
    """Build the :class:`networkx.MultiDiGraph` of a checked topology.

    Parameters
    ----------
    data : dict
        A topology as plain data, already checked (see :func:`netmap.io.load.check_topology`).
    source : str, optional
        The file it came from (the graph attribute ``source``).
    fast : bool
        Write the adjacency dictionaries of the new graph directly (:func:`_write_adjacency`,
        three times faster) instead of calling ``add_nodes_from`` and ``add_edges_from``.
        Both give the same graph, keys and order included (tested on every fixture and on
        generated topologies).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes and edges as :mod:`netmap.model.contract` describes (NIC edges keyed by NIC
        index).
    """
    G = nx.MultiDiGraph(name=data.get("name") or "", source=source or "")
    if data.get("unknown"):
        G.graph["unknown"] = tuple(
            {k: u[k] for k in ("object", "field", "reason", "supply_with")}
            for u in sorted(data["unknown"], key=lambda u: (u["object"], u["field"])))
    nodes = []
    edges = []
    ne = nodes.append
    ee = edges.append

    # name -> node, for the kinds VMs' edges go to: those edges are most of the graph, and
    # they are made with the nodes' own tuples (``_write_adjacency`` need not look them up)
    site_n, cloud_n, host_n, nets = {}, {}, {}, {}
    sites = {}
    for s in data.get("sites") or ():
        name = s["name"]
        sites[name] = s.get("kind", "onprem")
        n = site_n[name] = ("site", name)
        ne((n, {"kind": "site", "name": name, "platform": sites[name]}))
    vmm_site = {}
    for v in data.get("vmm_servers") or ():
        n = ("vmm", v["name"])
        vmm_site[v["name"]] = v["site"]
        ne((n, {"kind": "vmm", "name": v["name"]}))
        ee((n, ("site", v["site"]), {"kind": "located_in"}))
    for ln in data.get("logical_networks") or ():
        n = ("logical_network", ln["name"])
        ne((n, {"kind": "logical_network", "name": ln["name"]}))
        ee((n, ("vmm", ln["vmm"]), {"kind": "managed_by"}))
        ee((n, ("site", ln.get("site") or vmm_site[ln["vmm"]]), {"kind": "located_in"}))

    def subnets(net_node, net_name, subs):
        for i, sub in enumerate(subs or ()):
            s = ("subnet", net_name, sub["name"])
            d = {"kind": "subnet", "name": sub["name"], "network": net_name, "index": i,
                 "prefix": sub.get("prefix")}
            if "gateway" in sub:
                d["gateway"] = sub["gateway"]
            pool = sub.get("pool")
            if pool is not None:
                d["pool"] = {"start": pool["start"], "end": pool["end"],
                             "reserved": list(pool.get("reserved") or ())}
            ne((s, d))
            ee((s, net_node, {"kind": "subnet_of"}))

    for vn in data.get("vm_networks") or ():
        n = nets[vn["name"]] = ("vm_network", vn["name"])
        attrs = {"kind": "vm_network", "name": vn["name"]}
        if vn.get("isolation") is not None:  # optional: a revision-1 graph has none
            attrs["isolation"] = vn["isolation"]
        ne((n, attrs))
        if "logical_network" in vn:
            ee((n, ("logical_network", vn["logical_network"]), {"kind": "carried_by"}))
        else:  # logical network unknown: the VM network's VMM server and its site
            ee((n, ("vmm", vn["vmm"]), {"kind": "managed_by"}))
            ee((n, ("site", vmm_site[vn["vmm"]]), {"kind": "located_in"}))
        subnets(n, vn["name"], vn.get("subnets"))
    for an in data.get("azure_networks") or ():
        n = nets[an["name"]] = ("azure_network", an["name"])
        ne((n, {"kind": "azure_network", "name": an["name"]}))
        ee((n, ("site", an["site"]), {"kind": "located_in"}))
        subnets(n, an["name"], an.get("subnets"))
        for site in (an.get("gateway") or {}).get("sites", ()):
            ee((n, ("site", site), {"kind": "gateway_to"}))
    for c in data.get("clouds") or ():
        n = cloud_n[c["name"]] = ("cloud", c["name"])
        if "logical_networks" in c:
            ne((n, {"kind": "cloud", "name": c["name"]}))
        else:  # which logical networks the cloud has is unknown (netmap import)
            ne((n, {"kind": "cloud", "name": c["name"], "logical_networks_known": False}))
        if c.get("vmm"):
            ee((n, ("vmm", c["vmm"]), {"kind": "managed_by"}))
        ee((n, ("site", c.get("site") or vmm_site[c["vmm"]]), {"kind": "located_in"}))
        for ln in c.get("logical_networks") or ():
            ee((n, ("logical_network", ln), {"kind": "uses"}))
    for p in data.get("protection") or ():
        target = ("cloud", p["protecting"]) if p.get("protecting") else ("site", p["azure"])
        source = ("site", p["region"]) if p.get("region") else ("cloud", p["protected"])
        ee((source, target, {"kind": "protected_by"}))
    for h in data.get("hosts") or ():
        n = host_n[h["name"]] = ("host", h["name"])
        cap = h.get("capacity") or {}
        ne((n, {"kind": "host", "name": h["name"], "memory_gb": cap.get("memory_gb"),
                "vcpus": cap.get("vcpus")}))
        ee((n, ("vmm", h["vmm"]), {"kind": "managed_by"}))
        for c in h.get("clouds") or ():
            ee((n, ("cloud", c), {"kind": "member_of"}))
        for ln in h.get("logical_networks") or ():
            ee((n, ("logical_network", ln), {"kind": "reaches"}))

    for m in data.get("network_mappings") or ():
        ee((nets[m["source"]], nets[m["target"]], {"kind": "maps_to"}))
    for link in data.get("links") or ():
        a, b = link["networks"]
        ee((nets[a], nets[b], {"kind": "link", "link_kind": link.get("kind") or "routed"}))

    nic_edges = []
    names = {}  # one string per subnet name, not one per NIC naming it

    def subnet_name(nic):
        s = nic.get("subnet")
        return s if s is None else names.setdefault(s, s)

    vm_n = {vm["name"]: ("vm", vm["name"]) for vm in data.get("vms") or ()}
    own_from = len(edges)  # from here on, every edge holds its nodes' own tuples
    for vm in data.get("vms") or ():
        name = vm["name"]
        n = vm_n[name]
        size = vm.get("size") or {}
        ne((n, {"kind": "vm", "name": name, "memory_gb": size.get("memory_gb"),
                "vcpus": size.get("vcpus")}))
        if vm.get("cloud"):
            ee((n, cloud_n[vm["cloud"]], {"kind": "in_cloud"}))
        else:  # an Azure VM in its region (R11)
            ee((n, site_n[vm["site"]], {"kind": "located_in"}))
        if vm.get("host"):
            ee((n, host_n[vm["host"]], {"kind": "runs_on"}))
        if vm.get("replica_host"):
            ee((n, host_n[vm["replica_host"]], {"kind": "replica_on"}))
        for i, nic in enumerate(vm.get("nics") or ()):
            ip = nic.get("ip")
            d = {"kind": "nic", "index": i, "subnet": subnet_name(nic), "ip": ip,
                 "ip_mode": nic.get("ip_mode") or ("static" if ip else "dhcp")}
            for key in ("replica", "test"):  # configured settings (R3, R9), when given
                if nic.get(key):
                    d[key] = {k: nic[key][k] for k in ("network", "subnet", "ip")
                              if nic[key].get(k)}
            nic_edges.append((n, nets[nic["network"]], i, d))
        for dep in vm.get("depends_on") or ():
            ee((n, vm_n[dep], {"kind": "depends_on"}))
    for plan in data.get("recovery_plans") or ():
        n = ("plan", plan["name"])
        ne((n, {"kind": "plan", "name": plan["name"]}))
        for g, group in enumerate(plan.get("groups") or (), start=1):
            for vm in group:
                ee((vm_n[vm], n, {"kind": "in_plan", "group": g}))

    if fast and _can_write_adjacency(G):
        _write_adjacency(G, nodes, edges, nic_edges, own_from)
    else:
        G.add_nodes_from(nodes)
        G.add_edges_from(edges)
        G.add_edges_from(nic_edges)
    return G


_IP_MODES = {"static": IpMode.STATIC, "dhcp": IpMode.DHCP}


def _settings(s: dict | None) -> NicSettings | None:
    """A NIC's configured ``replica`` or ``test`` settings (checked: each field given is
    a non-empty string), as its record holds them."""
    if not s:
        return None
    return NicSettings(s.get("network"), s.get("subnet"), s.get("ip"))


# -- VM records made while building, for the topology of a frozen graph -----------------
# TopologyData reads its records from the graph (public API): at 100,000 VMs that walks
# the VMs' 500,000 edges. A graph that ``build_frozen`` builds and freezes at once cannot
# change after the builder saw its data, so the VM records made from that data are the ones
# a read would make (tests/model/test_built_records.py compares the two on every fixture
# and on generated topologies), and the walk is saved (about 0.1 s of 0.5 s at 100,000 VMs:
# making the records is the rest). They are made after the graph, when the builder's
# temporary lists are free again, and handed over once (``take_vm_records``): any other
# graph, and a second topology of the same graph, is read from the graph.

_vm_records: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def build_frozen(data: dict, source: str | None = None) -> nx.MultiDiGraph:
    """:func:`build_graph`, frozen (``networkx.freeze``); its first topology
    (:func:`netmap.model.topology.as_topology`) takes the VM records made while building
    instead of reading the VMs' edges back."""
    G = nx.freeze(build_graph(data, source))
    _vm_records[G] = _read_vms(data)
    return G


def _read_vms(data: dict) -> dict:
    """The VM records of checked ``data``, name -> :class:`~netmap.model.records.VM`, as
    :class:`~netmap.model.topology.TopologyData` reads them from the graph
    :func:`build_graph` makes of it (one string per name, as the graph has)."""
    own = {x["name"]: x["name"] for kind in ("sites", "clouds", "hosts", "vm_networks",
                                             "azure_networks") for x in data.get(kind) or ()}
    names: dict = {}  # one string per subnet name
    vms = {}
    for vm in data.get("vms") or ():
        name = vm["name"]
        size = vm.get("size")
        x = vms[name] = VM(name) if size is None else \
            VM(name, size.get("memory_gb"), size.get("vcpus"))
        if vm.get("cloud"):
            x.cloud = own[vm["cloud"]]
        else:  # an Azure VM in its region (R11)
            x.site = own[vm["site"]]
        if vm.get("host"):
            x.host = own[vm["host"]]
        if vm.get("replica_host"):
            x.replica_host = own[vm["replica_host"]]
        if vm.get("depends_on"):
            x.depends_on = vm["depends_on"]  # named by its VMs' own strings below
        nics = vm.get("nics")
        if nics:
            out = x.nics
            for i, nic in enumerate(nics):
                ip = nic.get("ip")
                sub = nic.get("subnet")
                if sub is not None:
                    sub = names.setdefault(sub, sub)
                mode = _IP_MODES[nic.get("ip_mode") or ("static" if ip else "dhcp")]
                if nic.get("replica") or nic.get("test"):
                    out.append(Nic(name, i, own[nic["network"]], sub, ip, mode,
                                   _settings(nic.get("replica")), _settings(nic.get("test"))))
                else:
                    out.append(Nic(name, i, own[nic["network"]], sub, ip, mode))
    for plan in data.get("recovery_plans") or ():
        for g, group in enumerate(plan.get("groups") or (), start=1):
            for vm in group:
                vms[vm].plans.append((plan["name"], g))
    for x in vms.values():  # sorted, as TopologyData sorts what it reads
        if x.depends_on:
            x.depends_on = sorted([vms[d].name for d in x.depends_on])
        if len(x.plans) > 1:
            x.plans.sort()
    return vms


def take_vm_records(G: nx.MultiDiGraph) -> dict | None:
    """The VM records :func:`build_frozen` made for ``G`` (once; None after that, or for
    a graph it did not build)."""
    if not _vm_records:
        return None
    vms = _vm_records.pop(G, None)
    return vms if vms is not None and nx.is_frozen(G) else None


# -- the one place netmap touches networkx's storage ------------------------------------
# networkx's ``add_edges_from`` on a multigraph re-enters ``add_edge`` and computes a key for
# every edge: about 2 microseconds an edge, 1.4 s of a 100,000-VM load (bench/load.py). The
# writer below fills a *new, empty* graph's dictionaries the way networkx lays them out, in
# a third of the time. It is private, used only here, refused for any graph whose layout
# differs (``_can_write_adjacency``), and tested equal to the public build on every fixture
# and on generated topologies (tests/model/test_graph_build.py). Every other module reads
# graphs through networkx's public API only (tests/model/test_topology.py checks it).


def _can_write_adjacency(G: nx.MultiDiGraph) -> bool:
    """Is ``G`` a new, empty MultiDiGraph with networkx's own dict-of-dicts layout?"""
    return (type(G) is nx.MultiDiGraph and G._succ is G._adj and not G._node
            and G.edge_key_dict_factory is dict and G.edge_attr_dict_factory is dict)


def _write_adjacency(G: nx.MultiDiGraph, nodes: list, edges: list, keyed_edges: list,
                     own_from: int | None = None) -> None:
    """Write nodes and edges straight into the adjacency dictionaries of a new graph.

    The same graph as ``add_nodes_from(nodes)``, ``add_edges_from(edges)`` and
    ``add_edges_from(keyed_edges)``. References were checked before building, so every
    edge's ends are nodes already. Edges keep each node's own tuple (one tuple and name
    per node): ``edges[own_from:]`` and ``keyed_edges`` hold them already (the caller
    says so), the others are looked up (all of them when ``own_from`` is None).
    """
    node, succ, pred = G._node, G._succ, G._pred
    canon = {}  # node -> the node's own tuple
    for n, d in nodes:
        node[n] = d
        succ[n] = {}
        pred[n] = {}
        canon[n] = n
    if own_from is None:
        own_from = len(edges)
        keyed_edges = [(canon[u], canon[v], k, d) for u, v, k, d in keyed_edges]
    looked_up = [(canon[u], canon[v], d) for u, v, d in edges[:own_from]]
    for u, v, d in chain(looked_up, islice(edges, own_from, None)):
        su = succ[u]
        kd = su.get(v)
        if kd is None:
            su[v] = pred[v][u] = {0: d}
        else:
            k = len(kd)
            while k in kd:
                k += 1
            kd[k] = d
    for u, v, key, d in keyed_edges:
        su = succ[u]
        kd = su.get(v)
        if kd is None:
            su[v] = pred[v][u] = {key: d}
        else:
            kd[key] = d
    clear = getattr(nx, "_clear_cache", None)  # networkx >= 3.3 caches views per graph
    if clear is not None:
        clear(G)
