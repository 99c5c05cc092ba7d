"""R4: on which host each replica lands, or why none can take it.

Question
--------
``place(G, scenario=None)``
    Inputs: the graph; optionally a :class:`~netmap.scenario.Scenario` whose failover set
    (default: every protected VM) and what-if mappings are used.
    Returns :class:`Placements`; columns: vm, protecting_cloud, host, candidates, reason.

Candidates are the hosts of the protecting cloud that reach the logical networks of
every mapped target network of the VM's NICs. Without capacities the first candidate
by name is chosen. With capacities, VMs are placed largest first (memory, then vCPUs,
then name), each on the fitting candidate with the most free memory (ties by name);
a host's free capacity is its capacity less the VMs already running on it that do not
fail over and the replicas placed before. A host without a capacity is unlimited. Azure
targets have no host.

Examples
--------
>>> from netmap import load, example_path
>>> p = place(load(example_path())).to_dict()["placements"]
>>> [(r["vm"], r["host"]) for r in p]
[('APP2', 'HV-SH-02'), ('DB1', 'HV-SH-01'), ('VM1', 'HV-SH-01')]
"""

from __future__ import annotations

from .index import index
from .mapping import effective_mapping
from .result import Result
from .scenario import Scenario

__all__ = ["place", "Placements", "needed_logical_networks", "candidate_hosts"]

INF = float("inf")


def needed_logical_networks(ix, mapping, vm):
    """Logical networks of the mapped VM-network targets of ``vm``'s NICs."""
    need = set()
    for nic in ix.vm[vm].nics:
        t = mapping.get(nic.network)
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


class Placements(Result):
    title = "Placements"
    columns = ["vm", "protecting_cloud", "host", "candidates", "reason"]

    def __init__(self, rows):
        self.rows = rows

    def to_dict(self):
        return {"placements": self.rows}

    def tables(self):
        rows = [dict(r, candidates=len(r["candidates"])) for r in self.rows]
        return [("Replica placement (R4)", rows, self.columns)]


def _size(v):
    return (v.memory_gb or 0, v.vcpus or 0)


def place(G, scenario=None):
    """R4 for every VM of the scenario's failover set (default: every protected VM)."""
    ix = index(G)
    if scenario is None or not scenario.has_failover:
        scenario = Scenario(all=True, **({} if scenario is None else
                                         {"remap": scenario.remap, "unmap": scenario.unmap}))
    sc = scenario.checked(G)
    mapping = effective_mapping(G, sc.remap, sc.unmap)
    F = sc.failover_set(G)
    fset = set(F)
    cache = {}
    rows = {}
    todo = []
    for v in F:
        vm = ix.vm[v]
        c = ix.cloud[vm.cloud]
        if c.azure is not None:
            rows[v] = {"vm": v, "protecting_cloud": c.azure, "host": None, "candidates": [],
                       "reason": f"replica runs in Azure ({c.azure}): no host"}
            continue
        need = needed_logical_networks(ix, mapping, v)
        cands = candidate_hosts(ix, c.protecting, need, cache)
        if not cands:
            q = ix.cloud[c.protecting]
            if not q.hosts:
                why = f"protecting cloud {q.name} has no hosts"
            else:
                why = (f"no host of {q.name} reaches the logical networks "
                       f"{', '.join(sorted(need))}")
            rows[v] = {"vm": v, "protecting_cloud": c.protecting, "host": None,
                       "candidates": [], "reason": why}
            continue
        todo.append((v, cands))
    # free capacity: capacity less VMs that keep running there
    free = {}
    for h, host in ix.host.items():
        free[h] = [INF if host.memory_gb is None else host.memory_gb,
                   INF if host.vcpus is None else host.vcpus]
    for v, vm in ix.vm.items():
        if vm.host is not None and v not in fset:
            f = free[vm.host]
            m, c = _size(vm)
            f[0] -= m
            f[1] -= c
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
            most = max(cands, key=lambda h: (free[h][0], h))
            fm = free[most]
            rows[v] = {"vm": v, "protecting_cloud": cloud, "host": None, "candidates": cands,
                       "reason": f"no capacity: needs {m:g} GB / {c:g} vCPUs; most free is "
                                 f"{most} with {_fmt(fm[0])} GB / {_fmt(fm[1])} vCPUs"}
            continue
        free[best][0] -= m
        free[best][1] -= c
        rows[v] = {"vm": v, "protecting_cloud": cloud, "host": best, "candidates": cands,
                   "reason": None}
    return Placements([rows[v] for v in sorted(rows)])


def _fmt(x):
    return "unlimited" if x == INF else f"{x:g}"

