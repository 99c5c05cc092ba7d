"""R4: on which host each replica lands, or why none can take it.

Questions
---------
``placement_of(G, remap=(), unmap=())``
    The :class:`Placement` of a topology (under what-if mapping changes): R4 for every
    protected VM, computed once per topology and mapping, and only for the protecting
    clouds a question touches. A placement is a fact of the topology, not of a scenario:
    Site Recovery places a replica when protection is enabled, so which VMs fail over,
    which sites are down and the test network never move it.
``place(G, scenario=None)``
    Inputs: the graph; optionally a :class:`~netmap.model.scenario.Scenario` whose failover
    set (default: every protected VM) selects the rows, whose sites down mark the replicas
    that do not run, and whose what-if mappings decide the networks a replica needs.
    Returns rows (dicts), sorted by VM: vm, protecting_cloud, host, candidates, reason,
    unplaced (no host can take it: its replica never runs), replica_host (the host is
    the VM's ``replica_host``) (:class:`netmap.answers.placement.Placements` is the
    answer that shows them).

The rule (docs/rules.md, R4). A VM's ``replica_host`` is its placement when given: a fact,
even outside the protecting cloud or on a host that does not reach the replica's networks
(NM019). The others: candidates are the hosts of the protecting cloud that reach the
logical networks of every mapped target network of the VM's NICs. Without capacities the
first candidate by name is chosen. With capacities, VMs are placed largest first (memory,
then vCPUs, then name), each on the fitting candidate with the most free memory (ties by
name). A host's free capacity is its capacity less every VM that runs on it (``host``:
they keep running when the protected site fails), less the replicas that a
``replica_host`` puts there (placed first: they are facts), less the replicas placed
before. A host without a capacity is unlimited. A VM no host can take is *unplaced*
(no host reaches its networks, the protecting cloud has no hosts, or no capacity): Site
Recovery cannot protect it and its replica never runs. Azure targets have no host. A
topology that lists no hosts at all does not model placement: its replicas have no host
and none is unplaced (reason ``NO_HOSTS_LISTED``).

Hosts shared by several protecting clouds share their capacity: the clouds joined by
shared hosts are placed together, and only when a question touches one of them, so a
failover of one VM costs the placement of its protecting cloud's cluster, not of the
whole topology.

Examples
--------
>>> from netmap import load, example_path
>>> p = place(load(example_path()))
>>> [(r["vm"], r["host"]) for r in p]
[('APP2', 'HV-SH-02'), ('DB1', 'HV-SH-01'), ('VM1', 'HV-SH-01')]
"""

from __future__ import annotations

import heapq
from dataclasses import replace
from operator import itemgetter

from netmap.model.topology import as_topology
from netmap.analysis.mapping import effective_mapping
from netmap.analysis.reasons import Reason, ReasonKind
from netmap.model.scenario import Scenario

__all__ = ["place", "placement_of", "Placement", "needed_logical_networks",
           "candidate_hosts", "best_fit"]

INF = float("inf")
_first, _third = itemgetter(0), itemgetter(2)


def needed_logical_networks(ix, mapping, vm):
    """Logical networks of the mapped VM-network targets of ``vm``'s NICs.

    Each NIC's target is its configured ``replica.network`` (R3), else its network's
    mapping to ``vm``'s recovery site (R1). A test failover needs nothing more: the drill
    runs on the replica's host (R9).
    """
    need = set()
    site = ix.recovery_site(vm)
    for nic in ix.vm[vm].nics:
        rep = nic.replica
        t = rep.network if rep is not None and rep.network is not None else \
            mapping.target(nic.network, site)  # R3: a configured network comes first
        if t is not None:
            net = ix.net[t]
            if net.logical is not None:
                need.add(net.logical)
    return frozenset(need)


def unknown_need(ix, mapping, vm, cloud):
    """The :class:`Reason` (``CANNOT_TELL``) when R4 for ``vm`` depends on a fact the
    topology lists as unknown (``netmap import``): its NICs, the logical network of a
    target of its NICs, the hosts of protecting ``cloud`` or their logical networks; else
    None. Costs nothing on a topology without unknowns."""
    if not ix.unknown:
        return None
    from netmap.analysis.mapping import cannot_tell

    q = f"where the replica of {vm} is placed"
    unknown = ix.unknown_index
    if (vm, "nics") in unknown:
        return cannot_tell(ix, vm, "nics", q)
    site = ix.recovery_site(vm)
    for nic in ix.vm[vm].nics:
        t = mapping.target(nic.network, site)
        if t is not None and not ix.net[t].is_azure and ix.net[t].logical is None:
            return cannot_tell(ix, t, "logical_network", q)
    if (cloud, "hosts") in unknown:
        return cannot_tell(ix, cloud, "hosts", q)
    for h in ix.cloud[cloud].hosts:
        if (h, "logical_networks") in unknown:
            return cannot_tell(ix, h, "logical_networks", q)
    return None


def candidate_hosts(ix, cloud, need, _cache=None):
    """Hosts of ``cloud`` that reach every logical network in ``need``, sorted."""
    key = (cloud, need)
    if _cache is not None and key in _cache:
        return _cache[key]
    out = [h for h in ix.cloud[cloud].hosts if need <= ix.host[h].logical_networks]
    if _cache is not None:
        _cache[key] = out
    return out


def _size(v):
    return (v.memory_gb or 0, v.vcpus or 0)


def best_fit(todo, free):
    """R4's best fit: place VMs largest first, each on the fitting candidate with the most
    free memory, ties by name.

    ``todo``: ``(vm, candidates, (memory, vcpus))`` triples, each ``candidates`` a list of
    host names sorted by name (lists shared by many VMs are best shared as one object);
    ``free``: host -> ``[memory, vcpus]`` free, updated in place as VMs are placed.
    Yields ``(vm, host, None)`` for a VM placed on ``host``, and ``(vm, None, most)`` for
    a VM no candidate can take, ``most`` the candidate with the most free memory when it
    was tried (ties by name); in the order VMs are placed (memory, then vCPUs, descending;
    then name).

    One heap per candidate list and vCPU need, of the candidates with vCPUs enough, keyed
    by (-free memory, name); the top is the choice, or nothing fits when even its memory is
    short. Free capacity only shrinks, so a host short of vCPUs leaves a heap for good, and a
    host's old entries are dropped when they come to the top (lazy deletion): O(n log h +
    u·k log h) for n VMs, u placements, h hosts and k heaps a host is in (candidate lists
    times distinct vCPU sizes), instead of n·h (every candidate tried for every VM), with
    exactly the choices of trying every candidate in name order (tested equal).

    >>> free = {"A": [8, 4], "B": [16, 2]}
    >>> list(best_fit([("v1", ["A", "B"], (4, 4)), ("v2", ["A", "B"], (8, 2))], free))
    [('v2', 'B', None), ('v1', 'A', None)]
    >>> free
    {'A': [4, 0], 'B': [8, 0]}
    """
    # by (-memory, -vCPUs, name): by name, then (stable) by size descending
    order = sorted(todo, key=_first)
    order.sort(key=_third, reverse=True)
    heaps = {}    # (id(candidate list), vCPUs needed) -> heap of (-free memory, host, version)
    #               the lists live in ``order`` while this runs, so their ids are stable
    member = {}   # host -> [(vCPUs needed, heap)] of the heaps it is in
    version = dict.fromkeys(free, 0)
    push, pop = heapq.heappush, heapq.heappop

    def heap_of(cands, c):
        heap = heaps.get((id(cands), c))
        if heap is None:
            heap = heaps[id(cands), c] = [(-free[h][0], h, version[h]) for h in cands
                                          if free[h][1] >= c]
            heapq.heapify(heap)
            for h in cands:
                member.setdefault(h, []).append((c, heap))
        return heap

    def top(heap, c):
        """The host with most free memory (ties by name) of those with ``c`` vCPUs free."""
        while heap:
            _, h, ver = heap[0]
            if ver != version[h] or free[h][1] < c:  # stale, or short of vCPUs for good
                pop(heap)
                continue
            return h
        return None

    for v, cands, (m, c) in order:
        heap = heaps.get((id(cands), c))
        if heap is None:
            heap = heap_of(cands, c)
        while heap:  # top(heap, c), inlined
            e = heap[0]
            h = e[1]
            if e[2] != version[h] or free[h][1] < c:
                pop(heap)
                continue
            break
        else:
            h = None
        if h is None or free[h][0] < m:
            yield v, None, top(heap_of(cands, -INF), -INF)
            continue
        f = free[h]
        f[0] -= m
        f[1] -= c
        ver = version[h] = version[h] + 1
        entry = (-f[0], h, ver)
        for need, heap in member[h]:
            if f[1] >= need:
                push(heap, entry)
        yield v, h, None


class Placement:
    """R4 for every protected VM of one topology under one mapping; read-only.

    Build with :func:`placement_of` (cached per topology and mapping). Each cluster of
    protecting clouds (clouds joined by shared hosts) is placed on first use.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> p = placement_of(load(example_path()))
    >>> p.host("VM1"), p.candidates("VM1"), p.unplaced_reason("VM1")
    ('HV-SH-01', ['HV-SH-01'], None)
    """

    def __init__(self, ix, mapping):
        self.ix = ix
        self.mapping = mapping
        self._host = {}     # VMM-protected VM -> host or None
        self._why = {}      # VMM-protected VM -> Reason it has no host (unplaced)
        # VMM-protected VM -> NO_HOSTS_LISTED (no host in the topology) or CANNOT_TELL (R4
        # depends on an unknown fact): not placed, and not unplaced either
        self._listed = {}
        self._cands = {}    # VMM-protected VM -> candidate hosts
        self._none = set()  # VMs asked about that have no VMM placement (Azure, unprotected)
        self._cluster = None  # protecting cloud -> frozenset of clouds placed together
        self._placed = set()  # clusters placed
        self._azure = {}    # Azure site -> its Reason (one record shared)
        self._cand_cache = {}

    # -- questions ---------------------------------------------------------------------------
    def host(self, v):
        """The host of ``v``'s replica, or None (unplaced, Azure, or not protected)."""
        if not self._ensure(v):
            return None
        return self._host[v]

    def candidates(self, v):
        """The hosts of the protecting cloud that reach every network ``v``'s replica
        needs, sorted (empty for Azure targets and unprotected VMs)."""
        if not self._ensure(v):
            return []
        return self._cands[v]

    def reason(self, v):
        """Why ``v``'s replica has no host (a :class:`Reason`, kind ``NO_HOSTS``,
        ``NO_HOST_REACHES``, ``NO_CAPACITY``, ``AZURE_NO_HOST`` or, when the topology lists
        no hosts at all, ``NO_HOSTS_LISTED``), or None."""
        ix = self.ix
        c = ix.container(v)
        if c.azure is not None:
            why = self._azure.get(c.azure)
            if why is None:
                why = self._azure[c.azure] = Reason(ReasonKind.AZURE_NO_HOST, site=c.azure,
                                                    site_down=False)
            return why
        why = self.unplaced_reason(v)
        return self._listed.get(v) if why is None else why

    def unplaced_reason(self, v):
        """Why ``v`` is *unplaced* (a VMM-protected VM no host can take), or None: it is
        placed, replicates to Azure, or is not protected."""
        if not self._ensure(v):
            return None
        return self._why.get(v)

    def unplaced_among(self, vms):
        """``{vm: reason}`` for the VMs of ``vms`` that are *unplaced*, in their order
        (:meth:`unplaced_reason` of each, in one call)."""
        host, ensure = self._host, self._ensure
        for v in vms:
            if v not in host:
                ensure(v)  # places v's cluster, if v has one
        why = self._why
        return {v: why[v] for v in vms if v in why} if why else {}

    def info(self, v):
        """``(host, candidates, reason)`` of a VMM-protected VM in one look-up (reason:
        :meth:`unplaced_reason`, or ``NO_HOSTS_LISTED``)."""
        if not self._ensure(v):
            return None, [], None
        why = self._why.get(v)
        if why is None and self._listed:
            why = self._listed.get(v)
        return self._host[v], self._cands[v], why

    def is_unplaced(self, v):
        """Is ``v`` a VMM-protected VM whose replica no host can take (R4)?"""
        if v in self._host:  # placed already (the common case): as unplaced_reason
            return v in self._why
        return self.unplaced_reason(v) is not None

    # -- the placement -----------------------------------------------------------------------
    def _ensure(self, v):
        """Place ``v``'s cluster if not yet done; False when ``v`` has no VMM placement."""
        if v in self._host:
            return True
        if v in self._none:
            return False
        ix = self.ix
        c = ix.container(v)
        if c.protecting is None:
            self._none.add(v)
            return False
        cl = self._clusters()[c.protecting]
        if cl in self._placed:  # placed already, and v was not in it: cannot happen
            return v in self._host  # pragma: no cover
        self._place_cluster(cl)
        return True

    def _clusters(self):
        if self._cluster is None:
            ix = self.ix
            parent = {}

            def find(x):
                while parent.setdefault(x, x) != x:
                    parent[x] = parent[parent[x]]
                    x = parent[x]
                return x
            for name in sorted(ix.host):
                cs = ix.host[name].clouds
                for other in cs[1:]:
                    a, b = find(cs[0]), find(other)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
            members = {}
            for name in ix.cloud:
                members.setdefault(find(name), []).append(name)
            self._cluster = {}
            for clouds in members.values():
                fs = frozenset(clouds)
                for name in clouds:
                    self._cluster[name] = fs
        return self._cluster

    def _place_cluster(self, cluster):
        self._placed.add(cluster)
        ix, mapping = self.ix, self.mapping
        G = ix.graph
        cache = self._cand_cache
        hosts = set()
        todo = []
        by_need = {}
        vms, nets, target = ix.vm, ix.net, mapping.target
        has_unknown = bool(ix.unknown)
        for q in sorted(cluster):
            qc = ix.cloud[q]
            hosts.update(qc.hosts)
            for p in qc.protects:
                site = ix.cloud_recovery_site(p)  # every VM of p recovers there
                one = {}  # a single NIC's network -> (need, cands), for p's VMs
                for u in G.pred[("cloud", p)]:
                    if u[0] != "vm":
                        continue
                    v = u[1]
                    x = vms[v]
                    nics = x.nics
                    # needed_logical_networks(ix, mapping, v), with p's recovery site: the
                    # same for every VM of p with one NIC on one network and no
                    # configured replica network (most of them)
                    got = None
                    if len(nics) == 1:
                        rep = nics[0].replica
                        if rep is None or rep.network is None:
                            got = one.get(nics[0].network)
                    if got is not None:
                        need, cands = got
                    else:
                        need = set()
                        for nic in nics:
                            rep = nic.replica
                            t = rep.network if rep is not None and rep.network is not None \
                                else target(nic.network, site)
                            if t is not None:
                                ln = nets[t].logical
                                if ln is not None:
                                    need.add(ln)
                        need = frozenset(need)
                        cands = candidate_hosts(ix, q, need, cache)
                        if len(nics) == 1 and (rep is None or rep.network is None):
                            one[nics[0].network] = (need, cands)
                    self._cands[v] = cands
                    rh = x.replica_host
                    if rh is not None:  # a fact: placed there, whatever R4 would choose
                        self._host[v] = rh
                        continue
                    unknown = unknown_need(ix, mapping, v, q) if has_unknown else None
                    if unknown is not None:  # SPEC §7: "cannot tell", never "none"
                        self._host[v] = None
                        self._listed[v] = unknown
                        continue
                    if not cands:
                        key = (q, need)
                        why = by_need.get(key)
                        if why is None:
                            if not ix.host:  # placement not modelled: not unplaced
                                why = Reason(ReasonKind.NO_HOSTS_LISTED)
                            elif not qc.hosts:
                                why = Reason(ReasonKind.NO_HOSTS, cloud=q)
                            else:
                                why = Reason(ReasonKind.NO_HOST_REACHES, cloud=q,
                                             logical_networks=tuple(sorted(need)))
                            by_need[key] = why
                        self._host[v] = None
                        if why.kind is ReasonKind.NO_HOSTS_LISTED:
                            self._listed[v] = why
                        else:
                            self._why[v] = why
                        continue
                    todo.append((v, cands, (x.memory_gb or 0, x.vcpus or 0)))  # _size(x)
        if not todo:
            return
        free = {h: self._free(h) for h in sorted(hosts)}
        vm = ix.vm
        for v, best, most in best_fit(todo, free):
            if best is None:
                m, c = _size(vm[v])
                fm = free[most]
                self._host[v] = None
                self._why[v] = Reason(ReasonKind.NO_CAPACITY, memory_gb=m, vcpus=c, host=most,
                                      free_memory_gb=fm[0], free_vcpus=fm[1])
            else:
                self._host[v] = best

    def _free(self, h):
        """``[memory_gb, vcpus]`` free on host ``h`` before R4 places anything: its
        capacity less the VMs that run on it and the replicas a ``replica_host`` puts
        there (of VMs protected VMM to VMM)."""
        ix = self.ix
        host = ix.host[h]
        m = INF if host.memory_gb is None else host.memory_gb
        c = INF if host.vcpus is None else host.vcpus
        for u, kd in ix.graph.pred[("host", h)].items():
            if u[0] != "vm":
                continue
            for d in kd.values():
                k = d["kind"]
                if k == "runs_on" or (k == "replica_on"
                                      and ix.container(u[1]).protecting is not None):
                    sm, sc = _size(ix.vm[u[1]])
                    m -= sm
                    c -= sc
        return [m, c]


def placement_of(G, remap=(), unmap=()):
    """The :class:`Placement` of ``G`` under what-if ``remap``/``unmap`` (cached).

    >>> from netmap import load, example_path
    >>> t = load(example_path())
    >>> placement_of(t) is placement_of(t)
    True
    """
    ix = as_topology(G)
    key = (tuple(remap), tuple(unmap))
    memo = ix._placement_memo
    got = memo.get(key)
    if got is None:
        mapping = ix.mapping if not remap and not unmap else effective_mapping(ix, remap, unmap)
        got = memo[key] = Placement(ix, mapping)
    return got


def place(G, scenario=None, *, with_reasons=False):
    """R4 for every VM of the scenario's failover set (default: every protected VM).

    The placement is the topology's (:func:`placement_of`, under the scenario's what-if
    mappings); the scenario selects the rows and its sites down mark the replicas that do
    not run (host kept, reason: the recovery site is down). A test failover places
    nothing anew: the drill runs on the replica's host (R9). Returns one row (a dict) per
    VM, sorted by VM; a row's ``reason`` is the text of why it has no host (or why the
    replica does not run).

    With ``with_reasons=True``, returns ``(rows, reasons)``: ``reasons`` maps each VM with
    a reason to its :class:`~netmap.analysis.reasons.Reason` (kind ``NO_CAPACITY``,
    ``NO_HOST_REACHES``, ``NO_HOSTS``, ``PLACEMENT_SITE_DOWN`` or ``AZURE_NO_HOST``).

    >>> from netmap import load, example_path
    >>> rows, reasons = place(load(example_path()), with_reasons=True)
    >>> reasons
    {}
    """
    ix = as_topology(G)
    if scenario is None:
        scenario = Scenario(all=True)
    elif not scenario.has_failover:
        scenario = replace(scenario, all=True)
    sc = scenario.checked(ix)
    P = placement_of(ix, sc.remap, sc.unmap)
    down = frozenset(sc.sites_down)
    rows = []
    reasons = {}
    site_down = {}
    vms, clouds = ix.vm, ix.cloud
    azure_why = {}
    listed = (ReasonKind.NO_HOSTS_LISTED, ReasonKind.CANNOT_TELL)  # not unplaced
    for v in sc.failover_set(ix):  # sorted by name
        vm = vms[v]
        c = ix.container(v)
        if c.azure is not None:
            key = (c.azure, c.azure in down)
            why = azure_why.get(key)
            if why is None:
                why = azure_why[key] = Reason(ReasonKind.AZURE_NO_HOST, site=c.azure,
                                              site_down=key[1])
            reasons[v] = why
            rows.append({"vm": v, "protecting_cloud": c.azure, "host": None,
                         "candidates": [], "reason": why.text, "unplaced": False,
                         "replica_host": False})
            continue
        cloud = c.protecting
        host, cands, why = P.info(v)
        unplaced = why is not None and why.kind not in listed
        if why is None:
            site = clouds[cloud].site
            if site in down:
                why = site_down.get(site)
                if why is None:
                    why = site_down[site] = Reason(ReasonKind.PLACEMENT_SITE_DOWN, site=site)
        if why is not None:
            reasons[v] = why
        rows.append({"vm": v, "protecting_cloud": cloud, "host": host, "candidates": cands,
                     "reason": None if why is None else why.text, "unplaced": unplaced,
                     "replica_host": vm.replica_host is not None})
    return (rows, reasons) if with_reasons else rows
