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

import networkx as nx

__all__ = ["build_graph", "network_node"]


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


def build_graph(data: dict, source: str | None = None) -> nx.MultiDiGraph:
    """Build the :class:`networkx.MultiDiGraph` of a checked topology.

    Parameters
    ----------
    data : dict
        A topology as plain data, already checked (see :func:`netmap.io.load.check_topology`).
    source : str, optional
        The file it came from (the graph attribute ``source``).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes and edges as :mod:`netmap.model.contract` describes, built through networkx's
        public ``add_nodes_from`` and ``add_edges_from`` (NIC edges keyed by NIC index).
    """
    G = nx.MultiDiGraph(name=data.get("name") or "", source=source or "")
    nodes = []
    edges = []
    ne = nodes.append
    ee = edges.append

    sites = {}
    for s in data.get("sites") or ():
        name = s["name"]
        sites[name] = s.get("kind", "onprem")
        ne((("site", name), {"kind": "site", "name": name, "platform": sites[name]}))
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
            ne((s, {"kind": "subnet", "name": sub["name"], "network": net_name, "index": i,
                    "prefix": sub.get("prefix")}))
            ee((s, net_node, {"kind": "subnet_of"}))

    for vn in data.get("vm_networks") or ():
        n = ("vm_network", vn["name"])
        ne((n, {"kind": "vm_network", "name": vn["name"]}))
        ee((n, ("logical_network", vn["logical_network"]), {"kind": "carried_by"}))
        subnets(n, vn["name"], vn.get("subnets"))
    for an in data.get("azure_networks") or ():
        n = ("azure_network", an["name"])
        ne((n, {"kind": "azure_network", "name": an["name"]}))
        ee((n, ("site", an["site"]), {"kind": "located_in"}))
        subnets(n, an["name"], an.get("subnets"))
        for site in (an.get("gateway") or {}).get("sites", ()):
            ee((n, ("site", site), {"kind": "gateway_to"}))
    for c in data.get("clouds") or ():
        n = ("cloud", c["name"])
        ne((n, {"kind": "cloud", "name": c["name"]}))
        ee((n, ("vmm", c["vmm"]), {"kind": "managed_by"}))
        ee((n, ("site", c.get("site") or vmm_site[c["vmm"]]), {"kind": "located_in"}))
        for ln in c.get("logical_networks") or ():
            ee((n, ("logical_network", ln), {"kind": "uses"}))
    for p in data.get("protection") or ():
        target = ("cloud", p["protecting"]) if p.get("protecting") else ("site", p["azure"])
        ee((("cloud", p["protected"]), target, {"kind": "protected_by"}))
    for h in data.get("hosts") or ():
        n = ("host", h["name"])
        cap = h.get("capacity") or {}
        ne((n, {"kind": "host", "name": h["name"], "memory_gb": cap.get("memory_gb"),
                "vcpus": cap.get("vcpus")}))
        ee((n, ("vmm", h["vmm"]), {"kind": "managed_by"}))
        for c in h.get("clouds") or ():
            ee((n, ("cloud", c), {"kind": "member_of"}))
        for ln in h.get("logical_networks") or ():
            ee((n, ("logical_network", ln), {"kind": "reaches"}))

    nets = {}
    for kind in ("vm_networks", "azure_networks"):
        for x in data.get(kind) or ():
            nets[x["name"]] = (kind[:-1], x["name"])
    for m in data.get("network_mappings") or ():
        ee((nets[m["source"]], nets[m["target"]], {"kind": "maps_to"}))
    for link in data.get("links") or ():
        a, b = link["networks"]
        ee((nets[a], nets[b], {"kind": "link"}))

    nic_edges = []
    for vm in data.get("vms") or ():
        name = vm["name"]
        n = ("vm", name)
        size = vm.get("size") or {}
        ne((n, {"kind": "vm", "name": name, "memory_gb": size.get("memory_gb"),
                "vcpus": size.get("vcpus")}))
        ee((n, ("cloud", vm["cloud"]), {"kind": "in_cloud"}))
        if vm.get("host"):
            ee((n, ("host", vm["host"]), {"kind": "runs_on"}))
        for i, nic in enumerate(vm.get("nics") or ()):
            nic_edges.append((n, ("vm_network", nic["network"]), i,
                              {"kind": "nic", "index": i, "subnet": nic.get("subnet"),
                               "ip": nic.get("ip")}))
        for dep in vm.get("depends_on") or ():
            ee((n, ("vm", dep), {"kind": "depends_on"}))
    for plan in data.get("recovery_plans") or ():
        n = ("plan", plan["name"])
        ne((n, {"kind": "plan", "name": plan["name"]}))
        for g, group in enumerate(plan.get("groups") or (), start=1):
            for vm in group:
                ee((("vm", vm), n, {"kind": "in_plan", "group": g}))

    # networkx's public API only. add_edges_from re-enters add_edge for every edge (about
    # twice the time of writing the adjacency dictionaries directly, see bench/load.py), but
    # it is the contract networkx keeps; the caller pauses the cyclic GC over the build.
    G.add_nodes_from(nodes)
    G.add_edges_from(edges)
    G.add_edges_from(nic_edges)
    return G
