"""R4: on which host each replica lands, or why none can take it.

Question
--------
``place(G, scenario=None)``
    Inputs: the graph; optionally a :class:`~netmap.model.scenario.Scenario` whose failover set
    (default: every protected VM), sites down, test network and what-if mappings are
    used.
    Returns rows (dicts), sorted by VM: vm, protecting_cloud, host, candidates, reason
    (:class:`netmap.answers.placement.Placements` is the answer that shows them).

Candidates are the hosts of the protecting cloud that reach the logical networks of
every mapped target network of the VM's NICs. Without capacities the first candidate
by name is chosen. With capacities, VMs are placed largest first (memory, then vCPUs,
then name), each on the fitting candidate with the most free memory (ties by name);
a host's free capacity is its capacity less the VMs already running on it that do not
fail over (in a test failover: every VM running on it) and the replicas placed before.
A host without a capacity is unlimited. Azure targets have no host; a replica whose
recovery site is down is unplaced.

Examples
--------
>>> from netmap import load, example_path
>>> p = place(load(example_path()))
>>> [(r["vm"], r["host"]) for r in p]
[('APP2', 'HV-SH-02'), ('DB1', 'HV-SH-01'), ('VM1', 'HV-SH-01')]
"""

from __future__ import annotations

from collections import defaultdict

from dataclasses import replace

from netmap.model.topology import as_topology
from netmap.analysis.mapping import effective_mapping
from netmap.analysis.reasons import Reason, ReasonKind, text_of
from netmap.model.scenario import Scenario

__all__ = ["place", "needed_logical_networks", "candidate_hosts"]

INF = float("inf")


def needed_logical_networks(ix, mapping, vm, test_network=None):
    """Logical networks of the mapped VM-network targets of ``vm``'s NICs.

    Each NIC's target is its network's mapping to ``vm``'s recovery site (R1). In a test
    failover (``test_network``) every NIC lands on the test network, so its logical
    network is the one needed (none for an Azure test network).
    """
    need = set()
    site = ix.recovery_site(vm)
    for nic in ix.vm[vm].nics:
        t = test_network if test_network is not None else mapping.target(nic.network, site)
        if t is not None:
            net = ix.net[t]
            if net.logical is not None:
                need.add(net.logical)
    return frozenset(need)


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


def place(G, scenario=None, *, with_reasons=False):
    """R4 for every VM of the scenario's failover set (default: every protected VM).

    The scenario's what-if mappings and test network decide the networks a replica
    needs; a replica whose recovery site is down (``sites_down``) is unplaced; VMs that
    keep running (not failing over, or every primary in a test failover, at a site that
    is up) hold their host's capacity. Returns one row (a dict) per VM, sorted by VM;
    a row's ``reason`` is the text of why it has no host.

    With ``with_reasons=True``, returns ``(rows, reasons)``: ``reasons`` maps each
    unplaced VM to its :class:`~netmap.analysis.reasons.Reason` (kind ``NO_CAPACITY``,
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
    mapping = (ix.mapping if not sc.remap and not sc.unmap
               else effective_mapping(ix, sc.remap, sc.unmap))
    down = frozenset(sc.sites_down)
    F = sc.failover_set(ix)
    cache = {}
    rows = {}
    reasons = {}
    todo = []

    def unplaced(v, cloud, cands, why):
        reasons[v] = why
        rows[v] = {"vm": v, "protecting_cloud": cloud, "host": None, "candidates": cands,
                   "reason": text_of(why)}

    for v in F:
        vm = ix.vm[v]
        c = ix.cloud[vm.cloud]
        if c.azure is not None:
            unplaced(v, c.azure, [], Reason(ReasonKind.AZURE_NO_HOST, site=c.azure,
                                            site_down=c.azure in down))
            continue
        q = ix.cloud[c.protecting]
        need = needed_logical_networks(ix, mapping, v, sc.test_network)
        cands = candidate_hosts(ix, c.protecting, need, cache)
        if not cands:
            if not q.hosts:
                why = Reason(ReasonKind.NO_HOSTS, cloud=q.name)
            else:
                why = Reason(ReasonKind.NO_HOST_REACHES, cloud=q.name,
                             logical_networks=tuple(sorted(need)))
            unplaced(v, q.name, [], why)
            continue
        if q.site in down:
            unplaced(v, q.name, cands, Reason(ReasonKind.PLACEMENT_SITE_DOWN, site=q.site))
            continue
        todo.append((v, cands))
    # free capacity: capacity less the VMs that keep running there. The load of every
    # VM with a host is summed once per topology (host_load); a scenario only adds back
    # what stops running there: VMs of sites down and VMs failing over for real.
    total, by_site = ix.host_load
    back = defaultdict(lambda: [0, 0])
    for s in down:
        for h, (m, c) in by_site.get(s, {}).items():
            b = back[h]
            b[0] += m
            b[1] += c
    if not sc.is_test:
        for v in F:
            vm = ix.vm[v]
            if vm.host is not None and ix.cloud[vm.cloud].site not in down:
                m, c = _size(vm)
                b = back[vm.host]
                b[0] += m
                b[1] += c
    free = {}
    for v, cands in todo:
        for h in cands:
            if h not in free:
                host = ix.host[h]
                t = total.get(h, (0, 0))
                b = back.get(h, (0, 0))
                free[h] = [INF if host.memory_gb is None else host.memory_gb - t[0] + b[0],
                           INF if host.vcpus is None else host.vcpus - t[1] + b[1]]
    todo.sort(key=lambda vc: (-_size(ix.vm[vc[0]])[0], -_size(ix.vm[vc[0]])[1], vc[0]))
    for v, cands in todo:
        m, c = _size(ix.vm[v])
        best = None
        for h in cands:  # sorted by name: ties keep the first
            f = free[h]
            if f[0] >= m and f[1] >= c and (best is None or f[0] > free[best][0]):
                best = h
        cloud = ix.cloud[ix.vm[v].cloud].protecting
        if best is None:
            most = min(cands, key=lambda h: (-free[h][0], h))
            fm = free[most]
            unplaced(v, cloud, cands, Reason(ReasonKind.NO_CAPACITY, memory_gb=m, vcpus=c,
                                             host=most, free_memory_gb=fm[0],
                                             free_vcpus=fm[1]))
            continue
        free[best][0] -= m
        free[best][1] -= c
        rows[v] = {"vm": v, "protecting_cloud": cloud, "host": best, "candidates": cands,
                   "reason": None}
    out = [rows[v] for v in sorted(rows)]
    return (out, reasons) if with_reasons else out



