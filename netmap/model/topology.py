"""A compiled, read-only view of a netmap graph: dictionaries by name for fast questions.

Every analysis asks the same few things many times (the mapping of a network, the
subnets of a network, the protecting cloud of a cloud, the NICs of a VM). :func:`index`
reads them out of the graph once, in one pass over its nodes and edges, and caches the
result per graph, so 2,000 recovery plans cost 2,000 small lookups, not 2,000 walks
over the whole graph. The index is derived from ``G`` only; it never writes to ``G``.

Examples
--------
>>> from netmap.io.load import load, example_path
>>> ix = index(load(example_path()))
>>> ix.mapping["VMNetwork1-Beijing"]
'VMNetwork1-Shanghai'
>>> ix.vm["VM1"].nics[0]
Nic(vm='VM1', index=0, network='VMNetwork1-Beijing', subnet='Subnet1', ip='10.1.0.10')
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from typing import NamedTuple

import networkx as nx

from netmap._runtime.gc import paused

__all__ = ["index", "Index", "Nic"]


class Nic(NamedTuple):
    vm: str
    index: int
    network: str
    subnet: str | None
    ip: str | None


class Network:
    __slots__ = ("name", "kind", "site", "vmm", "logical", "subnets", "gateway_sites",
                 "_subnet_names")

    def __init__(self, name, kind):
        self.name = name
        self.kind = kind  # "vm_network" | "azure_network"
        self.site = None
        self.vmm = None
        self.logical = None
        self.subnets = []  # [(name, prefix)] in file order
        self.gateway_sites = ()

    @property
    def is_azure(self):
        return self.kind == "azure_network"

    def subnet_named(self, name):
        """The subnet called ``name``, else the first subnet, else None (R3)."""
        if not self.subnets:
            return None
        if name is not None:
            for s in self.subnets:
                if s[0] == name:
                    return s
        return self.subnets[0]

    def has_subnet(self, name):
        return any(s[0] == name for s in self.subnets)


class Cloud:
    __slots__ = ("name", "vmm", "site", "logical_networks", "protecting", "azure",
                 "protects", "hosts")

    def __init__(self, name):
        self.name = name
        self.vmm = None
        self.site = None
        self.logical_networks = set()
        self.protecting = None  # protecting cloud (VMM to VMM)
        self.azure = None  # Azure site (VMM to Azure)
        self.protects = []  # clouds this cloud protects
        self.hosts = []

    @property
    def protected(self):
        return self.protecting is not None or self.azure is not None


class Host:
    __slots__ = ("name", "vmm", "clouds", "logical_networks", "memory_gb", "vcpus")

    def __init__(self, name, memory_gb, vcpus):
        self.name = name
        self.vmm = None
        self.clouds = []
        self.logical_networks = set()
        self.memory_gb = memory_gb
        self.vcpus = vcpus


class VM:
    __slots__ = ("name", "cloud", "host", "memory_gb", "vcpus", "nics", "depends_on",
                 "plans")

    def __init__(self, name, memory_gb, vcpus):
        self.name = name
        self.cloud = None
        self.host = None
        self.memory_gb = memory_gb
        self.vcpus = vcpus
        self.nics = []
        self.depends_on = []
        self.plans = []  # [(plan, group)]


class Index:
    """Dictionaries by name over one graph. Build with :func:`index`."""

    def __init__(self):
        self.name = ""
        self.site_platform = {}
        self.vmm_site = {}
        self.logical = {}  # logical network -> (vmm, site)
        self.net = {}  # network name -> Network
        self.mapping = {}  # source network -> target network
        self.links = []  # [(a, b)] in file order
        self.cloud = {}
        self.host = {}
        self.vm = {}
        self.plan = {}  # plan -> [[vm, ...], ...] groups in order
        self.nics_on = defaultdict(list)  # network -> [Nic] primary NICs on it
        self.dependents = defaultdict(list)  # vm -> [vms that depend on it]

    # -- derived helpers -------------------------------------------------------------
    def site_of_vm(self, vm):
        return self.cloud[self.vm[vm].cloud].site

    def protected_vms(self):
        """Names of the VMs whose cloud is protected, sorted."""
        return sorted(v.name for v in self.vm.values() if self.cloud[v.cloud].protected)

    def networks_of_vmm(self, vmm):
        return self._by_vmm.get(vmm, ())

    def vm_networks_of_site(self, site):
        return self._by_site.get(site, ())

    def gateway_networks_of_site(self, site):
        return self._gw_by_site.get(site, ())

    def finish(self):
        by_vmm, by_site, gw = defaultdict(list), defaultdict(list), defaultdict(list)
        for n in sorted(self.net):
            net = self.net[n]
            if net.kind == "vm_network":
                by_vmm[net.vmm].append(n)
                by_site[net.site].append(n)
            for s in net.gateway_sites:
                gw[s].append(n)
        self._by_vmm, self._by_site, self._gw_by_site = by_vmm, by_site, gw
        for v in self.vm.values():
            v.nics.sort(key=lambda nic: nic.index)
            for nic in v.nics:
                self.nics_on[nic.network].append(nic)
            for d in v.depends_on:
                self.dependents[d].append(v.name)
        for c in self.cloud.values():
            c.hosts.sort()
            c.protects.sort()
        return self


def _build(G):
    ix = Index()
    ix.name = G.graph.get("name", "") or ""
    nodes = G.nodes
    subnets = defaultdict(list)
    for n, d in nodes(data=True):
        k = d["kind"]
        if k == "vm":
            ix.vm[n[1]] = VM(n[1], d.get("memory_gb"), d.get("vcpus"))
        elif k in ("vm_network", "azure_network"):
            ix.net[n[1]] = Network(n[1], k)
        elif k == "subnet":
            subnets[n[1]].append((d.get("index", 0), n[2], d.get("prefix")))
        elif k == "cloud":
            ix.cloud[n[1]] = Cloud(n[1])
        elif k == "host":
            ix.host[n[1]] = Host(n[1], d.get("memory_gb"), d.get("vcpus"))
        elif k == "site":
            ix.site_platform[n[1]] = d.get("platform", "onprem")
        elif k == "plan":
            ix.plan[n[1]] = []
        elif k == "logical_network":
            ix.logical[n[1]] = [None, None]
    carried = {}
    plan_members = defaultdict(list)
    vm, net, cloud, host = ix.vm, ix.net, ix.cloud, ix.host
    other = []
    for u, nbrs in G._succ.items():  # the hot loop: VMs' edges, without edge views
        if u[0] != "vm":
            if nbrs:
                other.append((u, nbrs))
            continue
        name = u[1]
        x = vm[name]
        for v, kd in nbrs.items():
            for key, d in kd.items():
                k = d["kind"]
                if k == "nic":
                    x.nics.append(Nic(name, d.get("index", key), v[1], d.get("subnet"),
                                      d.get("ip")))
                elif k == "in_cloud":
                    x.cloud = v[1]
                elif k == "runs_on":
                    x.host = v[1]
                elif k == "in_plan":
                    g = d.get("group", 1)
                    plan_members[v[1]].append((g, name))
                    x.plans.append((v[1], g))
                elif k == "depends_on":
                    x.depends_on.append(v[1])
    for u, v, key, d in ((u, v, key, d) for u, nbrs in other for v, kd in nbrs.items()
                         for key, d in kd.items()):
        k = d["kind"]
        if k == "maps_to":
            ix.mapping[u[1]] = v[1]
        elif k == "link":
            ix.links.append((u[1], v[1]))
        elif k == "carried_by":
            carried[u[1]] = v[1]
        elif k == "located_in":
            if u[0] == "vmm":
                ix.vmm_site[u[1]] = v[1]
            elif u[0] == "cloud":
                cloud[u[1]].site = v[1]
            elif u[0] == "logical_network":
                ix.logical[u[1]][1] = v[1]
            else:
                net[u[1]].site = v[1]
        elif k == "managed_by":
            if u[0] == "cloud":
                cloud[u[1]].vmm = v[1]
            elif u[0] == "host":
                host[u[1]].vmm = v[1]
            else:
                ix.logical[u[1]][0] = v[1]
        elif k == "uses":
            cloud[u[1]].logical_networks.add(v[1])
        elif k == "protected_by":
            if v[0] == "cloud":
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
        n.vmm, n.site = ix.logical[ln]
    for name, subs in subnets.items():
        subs.sort()
        net[name].subnets = [(s, p) for _, s, p in subs]
    for p, members in plan_members.items():
        groups = defaultdict(list)
        for g, v in members:
            groups[g].append(v)
        ix.plan[p] = [sorted(groups[g]) for g in sorted(groups)]
    for v in vm.values():
        v.depends_on.sort()
        v.plans.sort()
    return ix.finish()


_cache = weakref.WeakKeyDictionary()


def index(G, refresh=False):
    """The :class:`Index` of ``G``, built once and cached per graph.

    A graph from :func:`netmap.load` is frozen (``networkx.freeze``): its index is built
    once and trusted. For a graph you build and change yourself, the cache notices added
    or removed nodes and neighbours (a check linear in the nodes); after changing only
    attributes, pass ``refresh=True``.
    """
    frozen = nx.is_frozen(G)
    got = None if refresh else _cache.get(G)
    if got is not None and frozen:
        return got[1]
    stamp = (G.number_of_nodes(), sum(map(len, G._succ.values())))
    if got is not None and got[0] == stamp:
        return got[1]
    with paused():
        ix = _build(G)
    _cache[G] = (stamp, ix)
    return ix
