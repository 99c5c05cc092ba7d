"""The topology every question runs on: records by name over one frozen graph.

Every analysis asks the same few things many times (the mapping of a network, the
subnets of a network, the protecting cloud of a cloud, the NICs of a VM).
:class:`TopologyData` reads them out of the graph once, in one pass over its nodes and
edges, into typed records (:mod:`netmap.model.records`); lookups derived from them
(networks by VMM server or site, NICs by network, host load, ...) are
:func:`functools.cached_property`, computed on first use. It is derived from the graph
only and never writes to it (the first topology of a graph the loader built, frozen,
takes the VM records the builder made from the same data instead of reading the VMs'
edges back: :func:`netmap.model.graph.build_frozen`). The user-facing
:class:`netmap.Topology` adds the questions as methods.

:func:`as_topology` is the one coercion every analysis entry point makes: it accepts a
topology or a graph (a graph built by hand works if
:func:`~netmap.model.contract.validate_graph` accepts it) and caches the topology of a
graph.

Examples
--------
>>> from netmap.io.load import load_graph, example_path
>>> G = load_graph(example_path())
>>> t = as_topology(G)
>>> t.mapping.target("VMNetwork1-Beijing", "Shanghai")
'VMNetwork1-Shanghai'
>>> t.vm["VM1"].nics[0]  # doctest: +NORMALIZE_WHITESPACE
Nic(vm='VM1', index=0, network='VMNetwork1-Beijing', subnet='Subnet1', ip='10.1.0.10',
    ip_mode='static')
>>> as_topology(G) is t, as_topology(t) is t, t.graph is G
(True, True, True)
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from functools import cached_property
from typing import Any

import networkx as nx

from netmap._runtime.gc import paused
from netmap.model.graph import take_vm_records
from netmap.model.records import (VM, Cloud, Host, IpMode, MappingTable, Network, NetworkKind,
                                  Nic, NicSettings, Platform, Pool, Region)

__all__ = ["TopologyData", "as_topology"]

_IP_MODES = {"static": IpMode.STATIC, "dhcp": IpMode.DHCP}
_NET_KINDS = {"vm_network": NetworkKind.VM_NETWORK, "azure_network": NetworkKind.AZURE_NETWORK}
_PLATFORMS = {"onprem": Platform.ONPREM, "azure": Platform.AZURE}


class TopologyData:
    """Records by name over one netmap graph, and the lookups derived from them.

    Build with :func:`as_topology` (cached per graph) or ``TopologyData(G)``. Read-only:
    its records and lookups are shared by every question asked of it.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A netmap graph (see :mod:`netmap.model.contract`).

    Attributes
    ----------
    graph : networkx.MultiDiGraph
        The graph it was read from (frozen when it comes from :func:`netmap.load`).
    name : str
        The topology's title ("" if none).
    site_platform : dict of str to Platform
        Every site and where it runs.
    vmm_site : dict of str to str
        Every VMM server and its site.
    logical : dict of str to [vmm, site]
        Every logical network, its VMM server and its site.
    net : dict of str to Network
        Every VM network and Azure network.
    mapping : MappingTable
        Network mappings (R1): each source's target per site (what-if changes make new
        tables).
    links : list of (str, str)
        Routed links between networks, in file order.
    peerings : list of (str, str)
        Peerings between networks (``links`` of kind ``peering``), in file order.
    cloud, host, vm : dict of str to Cloud, Host, VM
        Every cloud, host and VM.
    region : dict of str to Region
        Every Azure region that is protected or runs Azure VMs (R11): the container of
        its VMs, as a cloud is a VMM VM's (:meth:`container`).
    created : dict of str to str
        The networks Site Recovery creates (R11: ``NAME-asr`` for an unmapped source NAME
        of a protected Azure VM) -> NAME. They are in ``net`` and ``mapping`` (both ways)
        but in no file or graph.
    plan : dict of str to list of list of str
        Every recovery plan: its boot groups in order, each a sorted list of VM names.
    unknown : tuple of dict
        The facts no source gave (``netmap import``): ``{object, field, reason,
        supply_with}``, sorted by object and field; empty for a hand-written topology.
    """

    graph: nx.MultiDiGraph

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.name: str = graph.graph.get("name", "") or ""
        self.unknown: tuple[dict[str, str], ...] = tuple(graph.graph.get("unknown", ()))
        self.site_platform: dict[str, Platform] = {}
        self.vmm_site: dict[str, str] = {}
        self.logical: dict[str, list[Any]] = {}
        self.net: dict[str, Network] = {}
        self.mapping: MappingTable = MappingTable()
        self.links: list[tuple[str, str]] = []
        self.peerings: list[tuple[str, str]] = []
        self.cloud: dict[str, Cloud] = {}
        self.region: dict[str, Region] = {}
        self.created: dict[str, str] = {}
        self.host: dict[str, Host] = {}
        self.vm: dict[str, VM] = {}
        self.plan: dict[str, list[list[str]]] = {}
        with paused():
            self._read(graph)

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} {self.name!r}: {len(self.site_platform)} sites, "
                f"{len(self.net)} networks, {len(self.cloud)} clouds, {len(self.vm)} VMs>")

    # -- reading the graph (public networkx API only) ----------------------------------------
    def _read(self, G: nx.MultiDiGraph) -> None:
        subnets = defaultdict(list)
        addressing = []  # (network, subnet, gateway, pool) of subnets that give either
        built = take_vm_records(G)  # the builder's VM records (model.graph.build_frozen)
        if built is not None:
            self.vm = built
        vm, net, cloud, host = self.vm, self.net, self.cloud, self.host
        for n, d in G.nodes(data=True):
            k = d["kind"]
            if k == "vm":
                if built is not None:
                    continue
                vm[n[1]] = VM(n[1], d.get("memory_gb"), d.get("vcpus"))
            elif k == "vm_network" or k == "azure_network":
                net[n[1]] = Network(n[1], _NET_KINDS[k], isolation=d.get("isolation"))
            elif k == "subnet":
                subnets[n[1]].append((d.get("index", 0), n[2], d.get("prefix")))
                if d.get("gateway") is not None or d.get("pool") is not None:
                    addressing.append((n[1], n[2], d.get("gateway"), d.get("pool")))
            elif k == "cloud":
                cloud[n[1]] = Cloud(n[1])
                if d.get("logical_networks_known") is False:
                    cloud[n[1]].logical_networks_known = False
            elif k == "host":
                host[n[1]] = Host(n[1], d.get("memory_gb"), d.get("vcpus"))
            elif k == "site":
                p = d.get("platform", "onprem")
                self.site_platform[n[1]] = _PLATFORMS.get(p, p)
            elif k == "plan":
                self.plan[n[1]] = []
            elif k == "logical_network":
                self.logical[n[1]] = [None, None]
        carried = {}
        plan_members = defaultdict(list)
        logical = self.logical
        other = []
        maps_to = []
        # G.adjacency() (public: successors with their key -> data dictionaries) read once;
        # VMs' edges are most of the graph, so they are read without building edge tuples
        for u, nbrs in G.adjacency():
            if u[0] != "vm":
                if nbrs:
                    other.append((u, nbrs))
                continue
            if built is not None:
                continue
            name = u[1]
            x = vm[name]
            for v, kd in nbrs.items():
                for key, d in kd.items():
                    k = d["kind"]
                    if k == "nic":
                        ip = d.get("ip")
                        mode = d.get("ip_mode")
                        nic = Nic(name, d.get("index", key), v[1], d.get("subnet"), ip,
                                  _IP_MODES.get(mode) if mode else
                                  IpMode.STATIC if ip else IpMode.DHCP)
                        if "replica" in d or "test" in d:  # configured settings (R3, R9)
                            nic = nic._replace(replica=_settings(d.get("replica")),
                                               test=_settings(d.get("test")))
                        x.nics.append(nic)
                    elif k == "in_cloud":
                        x.cloud = v[1]
                    elif k == "located_in":  # an Azure VM's region (R11)
                        x.site = v[1]
                    elif k == "runs_on":
                        x.host = v[1]
                    elif k == "replica_on":
                        x.replica_host = v[1]
                    elif k == "in_plan":
                        g = d.get("group", 1)
                        plan_members[v[1]].append((g, name))
                        x.plans.append((v[1], g))
                    elif k == "depends_on":
                        x.depends_on.append(v[1])
        for u, v, d in ((u, v, d) for u, nbrs in other for v, kd in nbrs.items()
                        for d in kd.values()):
            k = d["kind"]
            if k == "maps_to":
                maps_to.append((u[1], v[1]))
            elif k == "link":
                if d.get("link_kind") == "peering":
                    self.peerings.append((u[1], v[1]))
                else:
                    self.links.append((u[1], v[1]))
            elif k == "carried_by":
                carried[u[1]] = v[1]
            elif k == "located_in":
                if u[0] == "vmm":
                    self.vmm_site[u[1]] = v[1]
                elif u[0] == "cloud":
                    cloud[u[1]].site = v[1]
                elif u[0] == "logical_network":
                    logical[u[1]][1] = v[1]
                else:
                    net[u[1]].site = v[1]
            elif k == "managed_by":
                if u[0] == "cloud":
                    cloud[u[1]].vmm = v[1]
                elif u[0] == "host":
                    host[u[1]].vmm = v[1]
                elif u[0] == "vm_network":  # its logical network is unknown
                    net[u[1]].vmm = v[1]
                else:
                    logical[u[1]][0] = v[1]
            elif k == "uses":
                cloud[u[1]].logical_networks.add(v[1])
            elif k == "protected_by":
                if u[0] == "site":  # an Azure region to another (R11)
                    self._region(u[1]).azure = v[1]
                    self._region(v[1]).protects.append(u[1])
                elif v[0] == "cloud":
                    cloud[u[1]].protecting = v[1]
                    cloud[v[1]].protects.append(u[1])
                else:
                    cloud[u[1]].azure = v[1]
            elif k == "member_of":
                host[u[1]].clouds.append(v[1])
                cloud[v[1]].hosts.append(u[1])
            elif k == "reaches":
                host[u[1]].logical_networks.add(v[1])
            elif k == "gateway_to":
                net[u[1]].gateway_sites += (v[1],)
        for name, ln in carried.items():
            n = net[name]
            n.logical = ln
            n.vmm, n.site = logical[ln]
        triples = [(s, t, net[t].site) for s, t in maps_to]
        self.mapping = MappingTable(triples)
        for name, subs in subnets.items():
            subs.sort()
            net[name].subnets = [(s, p) for _, s, p in subs]
        for name, sub, gw, pool in addressing:
            if gw is not None:
                net[name].gateways[sub] = gw
            if pool is not None:
                net[name].pools[sub] = Pool(pool["start"], pool["end"],
                                            tuple(pool.get("reserved") or ()))
        if built is not None:
            for x in vm.values():
                for p, g in x.plans:
                    plan_members[p].append((g, x.name))
        for p, members in plan_members.items():
            groups = defaultdict(list)
            for g, v in members:
                groups[g].append(v)
            self.plan[p] = [sorted(groups[g]) for g in sorted(groups)]
        nic_order = _nic_index
        for x in vm.values() if built is None else ():  # the builder sorted its own
            if len(x.nics) > 1:
                x.nics.sort(key=nic_order)
            if len(x.depends_on) > 1:
                x.depends_on.sort()
            if len(x.plans) > 1:
                x.plans.sort()
        for c in cloud.values():
            c.hosts.sort()
            c.protects.sort()
        for x in vm.values():
            if x.site is not None:
                self._region(x.site)
        for r in self.region.values():
            r.protects.sort()
        self.region = dict(sorted(self.region.items()))
        if any(r.azure is not None for r in self.region.values()):
            self._create_asr_networks(triples)

    def _create_asr_networks(self, triples: list) -> None:
        """R11: for each Azure network of a protected region with no mapping to the
        recovery region, used there by a protected Azure VM (a NIC without a configured
        target network), the network ``NAME-asr`` Site Recovery creates in the recovery
        region, with NAME's subnets and prefixes, and the mappings both ways it creates
        with it. They are records of this topology only (never in its file or graph);
        ``created`` lists them. A name already taken by a network is left alone."""
        need = set()
        region, mapping = self.region, self.mapping
        for x in self.vm.values():
            if x.site is None:
                continue
            b = region[x.site].azure
            if b is None:
                continue
            for nic in x.nics:
                if (nic.replica is None or nic.replica.network is None) and \
                        mapping.target(nic.network, b) is None:
                    need.add((nic.network, b))
        for s, b in sorted(need):
            name = f"{s}-asr"
            if name in self.net:
                continue
            src = self.net[s]
            self.net[name] = Network(name, NetworkKind.AZURE_NETWORK, site=b,
                                     subnets=list(src.subnets), created_from=s)
            self.created[name] = s
            triples += [(s, name, b), (name, s, src.site)]
        if self.created:
            self.mapping = MappingTable(triples)

    def _region(self, name: str) -> Region:
        r = self.region.get(name)
        if r is None:
            r = self.region[name] = Region(name)
        return r

    # -- simple questions ----------------------------------------------------------------------
    def container(self, vm: str) -> Cloud | Region:
        """The protection container of ``vm``: its cloud (a VMM VM), or its region (an
        Azure VM, R11), which answers the same questions (site, protected, azure,
        protecting, hosts)."""
        x = self.vm[vm]
        return self.cloud[x.cloud] if x.cloud is not None else self.region[x.site]

    def site_of_vm(self, vm: str) -> str:
        """The site of ``vm``: its cloud's site, or an Azure VM's region (R11)."""
        x = self.vm[vm]
        return self.cloud[x.cloud].site if x.cloud is not None else x.site

    def is_protected(self, vm: str) -> bool:
        """Is ``vm`` protected: its cloud, or an Azure VM's region (R11)?"""
        return self.container(vm).protected

    def is_a2a(self, vm: str) -> bool:
        """Is ``vm`` an Azure VM protected to another Azure region (R11)?"""
        x = self.vm[vm]
        return x.cloud is None and self.region[x.site].azure is not None

    def recovery_site(self, vm: str) -> str | None:
        """The recovery site of ``vm``: its protecting cloud's site, the Azure site its
        cloud is protected to, or the Azure region its region is protected to (R11); None
        when it is not protected."""
        x = self.vm[vm]
        if x.cloud is None:
            return self.region[x.site].azure
        return self.cloud_recovery_site(x.cloud)

    def cloud_recovery_site(self, cloud: str) -> str | None:
        """Where the VMs of ``cloud`` recover: its protecting cloud's site, or the Azure
        site it is protected to; None when it is not protected."""
        c = self.cloud[cloud]
        if c.azure is not None:
            return c.azure
        if c.protecting is not None:
            return self.cloud[c.protecting].site
        return None

    def protected_vms(self) -> list[str]:
        """Names of the protected VMs (their cloud or region is protected), sorted (a new
        list each call; computed once)."""
        return list(self._protected_vms)

    @cached_property
    def _protected_vms(self) -> tuple[str, ...]:
        # container(v).protected, with each cloud and region asked once
        clouds = {name for name, c in self.cloud.items() if c.protected}
        regions = {name for name, r in self.region.items() if r.protected}
        return tuple(sorted([v.name for v in self.vm.values()
                             if (v.cloud in clouds if v.cloud is not None
                                 else v.site in regions)]))

    def networks_of_vmm(self, vmm: str) -> list[str] | tuple[()]:
        """The VM networks managed by VMM server ``vmm``, sorted."""
        return self.networks_by_vmm.get(vmm, ())

    def vm_networks_of_site(self, site: str) -> list[str] | tuple[()]:
        """The VM networks of ``site``, sorted."""
        return self.vm_networks_by_site.get(site, ())

    def gateway_networks_of_site(self, site: str) -> list[str] | tuple[()]:
        """The Azure networks whose gateway joins them to ``site``, sorted."""
        return self.gateway_networks_by_site.get(site, ())

    # -- derived lookups, computed on first use ------------------------------------------------
    @cached_property
    def clouds_unknown_networks(self) -> bool:
        """Does any cloud have unknown logical networks (``logical_networks_known``)?"""
        return any(not c.logical_networks_known for c in self.cloud.values())

    @cached_property
    def unknown_index(self) -> dict[tuple[str, str], dict[str, str]]:
        """``(object, field)`` -> its entry of :attr:`unknown` (facts no source gave)."""
        return {(u["object"], u["field"]): u for u in self.unknown}

    @cached_property
    def nics_on(self) -> defaultdict[str, list[Nic]]:
        """Network name to the NICs on it (VMs in graph order, then NIC order)."""
        out = defaultdict(list)
        for v in self.vm.values():
            for nic in v.nics:
                out[nic.network].append(nic)
        return out

    def vms_on(self, network: str) -> list[str]:
        """The VMs with a NIC on ``network``, each once, in :attr:`nics_on` order."""
        return list(dict.fromkeys(nic.vm for nic in self.nics_on.get(network, ())))

    @cached_property
    def configured_on(self) -> dict[str, tuple[str, ...]]:
        """Network name -> the VMs with a NIC whose configured ``replica.network`` is it
        (R3), sorted. One pass over the NICs."""
        out: dict[str, set[str]] = {}
        for v in self.vm.values():
            for nic in v.nics:
                if nic.replica is not None and nic.replica.network is not None:
                    out.setdefault(nic.replica.network, set()).add(v.name)
        return {n: tuple(sorted(vms)) for n, vms in out.items()}

    @cached_property
    def recovery_sites_using(self) -> dict[str, tuple[str, ...]]:
        """Network name -> the recovery sites of the protected VMs with a NIC on it, sorted
        (R1, NM025). Networks no protected VM uses are absent. One pass over the NICs."""
        site_of = {name: self.cloud_recovery_site(name) for name in self.cloud}
        region_of = {name: r.azure for name, r in self.region.items()}
        out: dict[str, set[str]] = {}
        get = out.get
        for v in self.vm.values():
            site = site_of[v.cloud] if v.cloud is not None else region_of[v.site]
            if site is None:
                continue
            for nic in v.nics:
                sites = get(nic.network)
                if sites is None:
                    out[nic.network] = {site}
                else:
                    sites.add(site)
        return {n: tuple(sorted(sites)) for n, sites in out.items()}

    @cached_property
    def dependents(self) -> defaultdict[str, list[str]]:
        """VM name to the VMs that depend on it (R8)."""
        out = defaultdict(list)
        for v in self.vm.values():
            for d in v.depends_on:
                out[d].append(v.name)
        return out

    @cached_property
    def networks_by_vmm(self) -> dict[str, list[str]]:
        """VMM server to its VM networks, sorted."""
        out = defaultdict(list)
        for n in sorted(self.net):
            net = self.net[n]
            if net.kind == NetworkKind.VM_NETWORK:
                out[net.vmm].append(n)
        return dict(out)

    @cached_property
    def vm_networks_by_site(self) -> dict[str, list[str]]:
        """Site to its VM networks, sorted."""
        out = defaultdict(list)
        for n in sorted(self.net):
            net = self.net[n]
            if net.kind == NetworkKind.VM_NETWORK:
                out[net.site].append(n)
        return dict(out)

    @cached_property
    def gateway_networks_by_site(self) -> dict[str, list[str]]:
        """Site to the Azure networks whose gateway joins them to it, sorted."""
        out = defaultdict(list)
        for n in sorted(self.net):
            for s in self.net[n].gateway_sites:
                out[s].append(n)
        return dict(out)

    @cached_property
    def azure_networks_by_site(self) -> dict[str, list[str]]:
        """Azure site to its Azure networks, sorted (R2's candidates to Azure)."""
        out: dict[str, list[str]] = {}
        for n in sorted(self.net):
            if self.net[n].is_azure:
                out.setdefault(self.net[n].site, []).append(n)
        return out

    @cached_property
    def networks_by_site(self) -> defaultdict[str, list[str]]:
        """Site to all its networks (VM and Azure), sorted."""
        out = defaultdict(list)
        for n in sorted(self.net):
            out[self.net[n].site].append(n)
        return out

    @cached_property
    def host_load(self) -> tuple[dict[str, list[float]], dict[str, dict[str, list[float]]]]:
        """``(total, by_site)``: memory and vCPUs of the VMs on each host (R4).

        ``total[host]`` is ``[memory_gb, vcpus]`` of every VM placed on it;
        ``by_site[site][host]`` counts only the VMs of ``site``. A size not given counts 0.
        """
        total = defaultdict(lambda: [0, 0])
        by_site = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for vm in self.vm.values():
            if vm.host is None:
                continue
            m, c = vm.memory_gb or 0, vm.vcpus or 0
            t = total[vm.host]
            t[0] += m
            t[1] += c
            s = by_site[self.site_of_vm(vm.name)][vm.host]
            s[0] += m
            s[1] += c
        return dict(total), {k: dict(v) for k, v in by_site.items()}

    # -- network graph lookups (netmap.analysis.connectivity) --------------------------
    @cached_property
    def network_graph(self) -> nx.Graph:
        """The networks and their joins (R5) as a frozen, undirected ``networkx.Graph``.

        Nodes are network names, with their ``site``; an edge joins two networks that a
        ``link`` joins, or an Azure network's gateway to a site and each VM network of
        that site; its ``via`` is ``"link"`` (a routed link), ``"peering"`` (a link of
        kind ``peering``) or ``"gateway"`` (when several join the pair: ``"gateway"``,
        else ``"link"``, else ``"peering"``). Nodes and every node's neighbours are in
        name order, so a breadth-first search on this adjacency is deterministic.
        Recovery-plan networks (R6) join nothing and are not in the graph.

        Examples
        --------
        >>> from netmap import load, example_path
        >>> g = load(example_path()).network_graph
        >>> g.number_of_nodes(), g.nodes["VMNetwork1-Beijing"]["site"]
        (4, 'Beijing')
        """
        with paused():  # a few thousand tuples beside millions of records: no GC pass
            joins = {}
            for a, b in self.links:
                joins.setdefault((a, b) if a < b else (b, a), "link")
            for a, b in self.peerings:
                joins.setdefault((a, b) if a < b else (b, a), "peering")
            for n in sorted(self.net):
                for s in self.net[n].gateway_sites:
                    for m in self.vm_networks_of_site(s):
                        if m != n:
                            joins[(n, m) if n < m else (m, n)] = "gateway"
            g = nx.Graph()
            g.add_nodes_from((n, {"site": self.net[n].site}) for n in sorted(self.net))
            # edges sorted by (a, b) with a < b: each node meets its neighbours in name order
            g.add_edges_from((a, b, {"via": via}) for (a, b), via in sorted(joins.items()))
            return nx.freeze(g)

    # -- memo tables the analyses fill (shared by every scenario on this topology) -------------
    @cached_property
    def _prefix_info_memo(self) -> dict[str | None, Any]:
        """Memo of a subnet prefix's host range (filled by the failover analysis)."""
        return {}

    @cached_property
    def _route_memo(self) -> dict[Any, dict[str, Any]]:
        """Memo of replica routes per (remap, unmap, test network) (failover analysis)."""
        return {}

    @cached_property
    def _subnet_memo(self) -> dict[tuple[str, str, str | None], Any]:
        """Memo of R3's subnet choice per (target, source network, subnet name)
        (failover analysis)."""
        return {}

    @cached_property
    def _address_memo(self) -> dict[Any, dict[str, Any]]:
        """Memo of the fixed failover addresses per (remap, unmap) (R3, addressing)."""
        return {}

    @cached_property
    def _component_memo(self) -> dict[Any, dict[str, Any]]:
        """Memo of VMs' network components per (sites down, routes) (failover analysis)."""
        return {}

    @cached_property
    def _placement_memo(self) -> dict[Any, Any]:
        """Memo of R4's placement per (remap, unmap) (placement analysis)."""
        return {}

    @cached_property
    def _network_views(self) -> dict[frozenset[str], Any]:
        """Memo of the network graph per set of sites down (connectivity analysis)."""
        return {}


def _settings(d: dict | None) -> NicSettings | None:
    """A NIC's configured settings from its edge attribute (None when not given)."""
    if not d:
        return None
    return NicSettings(d.get("network"), d.get("subnet"), d.get("ip"))


def _nic_index(nic: Nic) -> int:
    return nic.index


_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def as_topology(G_or_topology: TopologyData | nx.MultiDiGraph, *,
                refresh: bool = False) -> TopologyData:
    """The topology of a graph (built once and cached per graph), or the topology given.

    Every analysis function starts with this, so each accepts a
    :class:`~netmap.Topology` or a netmap graph.

    A graph from :func:`netmap.load` (``topology.graph``) is frozen
    (``networkx.freeze``): its topology is built once and trusted. For a graph you build
    and change yourself, the cache notices added or removed nodes and edges; after
    changing only attributes, pass ``refresh=True``.

    Parameters
    ----------
    G_or_topology : TopologyData or networkx.MultiDiGraph
        A topology (returned as it is) or a netmap graph.
    refresh : bool
        Rebuild the topology of a graph even if one is cached.

    Returns
    -------
    TopologyData

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node(("site", "A"), kind="site", name="A", platform="onprem")
    >>> t = as_topology(G)
    >>> list(t.site_platform), as_topology(G) is t
    (['A'], True)
    >>> G.add_node(("site", "B"), kind="site", name="B", platform="azure")
    >>> list(as_topology(G).site_platform)
    ['A', 'B']
    """
    if isinstance(G_or_topology, TopologyData):
        return G_or_topology
    return _of_graph(G_or_topology, TopologyData, refresh)


def _of_graph(G: nx.MultiDiGraph, cls: type, refresh: bool = False) -> Any:
    """The cached ``cls`` (TopologyData or a subclass) of ``G``, built if needed.

    The cache holds the topology weakly: a topology holds its graph, so a strong
    reference from a cache keyed by the graph would keep both alive for ever. A topology
    lives as long as someone holds it (a :class:`netmap.Topology`, an answer, a view).
    """
    frozen = nx.is_frozen(G)
    got = None if refresh else _cache.get(G)
    t = got[1]() if got is not None else None
    # a frozen graph cannot change: no stamp (counting edges costs a pass over them)
    stamp = None if frozen else (G.number_of_nodes(), G.number_of_edges())
    if t is not None and isinstance(t, cls) and (frozen or got[0] == stamp):
        return t
    t = cls(G)
    _cache[G] = (stamp, weakref.ref(t))
    return t
