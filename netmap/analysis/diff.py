"""Differential analysis: what a change to the topology (or a what-if) does to a failover.

Question
--------
``diff(G_old, G_new, scenario=None, limit=100)``
    Inputs: two graphs (they may be the same graph) and one
    :class:`~netmap.model.scenario.Scenario`, applied to both sides, like Batfish's differential
    reachability compares two snapshots under the same question.
    Returns a dict (the JSON shape of ``diff`` in docs/json.md; :class:`netmap.answers.diff.Diff`
    shows it) with

    ``mappings``
        ``added`` / ``removed`` (``{source, target}``) and ``changed``
        (``{source, old_target, new_target}``), sorted by source.
    ``nics``
        Replica NICs (R3) that differ: ``{vm, nic, change, old_*, new_*, reason}`` where
        ``change`` is ``network``, ``subnet``, ``ip``, ``added`` or ``removed``.
    ``placements``
        Replicas whose host (R4) differs: ``{vm, old_host, new_host, old_reason,
        new_reason}``.
    ``states``
        VMs whose state (``replica``/``primary``/``down``/``unplaced``, or ``absent``
        from a side) differs.
    ``reachability``
        ``gained`` / ``lost``: VM pairs ``[a, b]`` (a < b) that can reach each other
        after the failover on one side and not on the other, the first ``limit`` in
        sorted order, with exact ``gained_count`` / ``lost_count``.

Scenario rules
--------------
* Without ``--all``/``--plan``/``--vm`` every protected VM fails over (as ``place``).
* The failover set, sites down and test network are the same on both sides; a VM, plan
  or site that exists on one side only is left out of the side that lacks it.
* What-if options (``remap`` / ``unmap``) apply to the **new side only**, so
  ``diff(G, G, Scenario(remap=...))`` answers "what would this mapping change do?".

Counting pairs without enumerating them
---------------------------------------
A VM's reachability on one side is the set of network components it has a connected
NIC in (R5): ``reachable(a, b)`` iff ``S(a) & S(b)`` is non-empty. Write ``O(v)`` and
``N(v)`` for the old and new component sets and ``X(v)`` for their disjoint union
(components tagged by side). Then

* pairs reachable on the old side: ``A = #{a,b : O(a) & O(b)}``,
* on the new side: ``B = #{a,b : N(a) & N(b)}``,
* on either side: ``U = #{a,b : X(a) & X(b)}`` (old-shared or new-shared),

and ``gained = U - A``, ``lost = U - B``. Each count is the number of pairs of sets that
intersect, which inclusion–exclusion turns into a sum over *subsets* instead of pairs::

    #{a,b : S(a) & S(b) != {}} = sum over non-empty T of (-1)^(|T|+1) * C(c_T, 2)

where ``c_T`` is the number of VMs whose set contains ``T`` (for one pair, the terms for
the non-empty subsets of ``S(a) & S(b)`` add up to 1 if it is non-empty, else 0). Only
subsets of some ``X(v)`` have ``c_T > 0``, and the subsets of ``X(v)`` include those of
``O(v)`` and ``N(v)`` (tagged), so one counter over every VM's subsets gives A, B and U.
A VM with one component on each side has 3 subsets; a VM with ``k`` components in all
has ``2^k - 1``: the cost is ``O(sum 2^|X(v)|)``, linear for the common case. VMs with
more than :data:`HEAVY` components are left out of the counter and handled exactly by
walking the members of their components.

The same counter gives each VM's number of gained partners without listing them:
``g(a) = P_X(a) - P_O(a)`` with ``P_S(a) = sum over non-empty T in S(a) of
(-1)^(|T|+1) (c_T - 1)``. Listing the first ``limit`` pairs in sorted order only visits
VMs with ``g(a) > 0``, walks the sorted members of their new components from ``a`` on,
and stops as soon as ``a``'s remaining partners (``g(a)`` less those already listed
with a smaller first VM) are found, so every walk lists at least one pair. Members of
a component are grouped by their one old component (when they have one), so a walk
skips a's own old group (the VMs it could already reach) without visiting it: one VM
moving into a group of 100,000 lists its pairs without a scan of the group per pair.
Lost pairs are the same with old and new swapped.

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.model.scenario import Scenario
>>> G = load(example_path())
>>> d = diff(G, G, Scenario(remap=(("VMNetwork1-Beijing", "VMNetwork2-Shanghai"),)))
>>> [(c["source"], c["old_target"], c["new_target"]) for c in d["mappings"]["changed"]]
[('VMNetwork1-Beijing', 'VMNetwork1-Shanghai', 'VMNetwork2-Shanghai')]
>>> r = d["reachability"]
>>> r["lost"], r["gained"], r["lost_count"]
([['DB1', 'MON-SH'], ['MON-SH', 'VM1']], [], 2)
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter, defaultdict
from dataclasses import replace
from itertools import combinations, islice

from netmap.errors import ScenarioError
from netmap.analysis.failover import PeerKey, evaluate
from netmap.model.records import PlanNetwork
from netmap.model.topology import as_topology
from netmap.analysis.connectivity import (network_label, network_prefixes, network_view,
                                          prefix_holding)
from netmap.model.ip import parse_ip
from netmap.analysis.reasons import ReasonKind, Reason, text_of
from netmap.analysis.placement import place
from netmap.model.scenario import Scenario
from netmap.model.names import suggest

__all__ = ["diff", "pair_changes", "blocked_pairs", "HEAVY"]

#: VMs with more components than this (old and new together) are counted explicitly.
HEAVY = 12


# -- reachability: counting and listing pairs --------------------------------------------
def _comp_key(c):
    if isinstance(c, PeerKey):
        return (2, c.a, c.b)
    return (int(isinstance(c, PlanNetwork)), network_label(c), "")


def pair_changes(names, old_comps, new_comps, limit=100, old_blocked=(), new_blocked=()):
    """Pairs of ``names`` that gain / lose reachability; see the module docstring.

    ``old_comps(v)`` / ``new_comps(v)`` return the set of keys of VM ``v`` on each side
    (empty: down, isolated or absent): two VMs are joined on a side when their keys
    intersect. ``old_blocked`` / ``new_blocked`` are the pairs ``(a, b)``, ``a < b``, that
    are joined on that side but do not reach each other (R5's address rule): the pairs
    that reach each other are the joined pairs less these. Returns
    ``(gained, lost, gained_count, lost_count)``; the lists hold the first ``limit``
    pairs ``(a, b)``, ``a < b``, in sorted order (``limit=None``: all of them).

    >>> comps = {"a": ({1}, {1}), "b": ({1}, {2}), "c": ({2}, {2}), "d": ((), ())}
    >>> pair_changes(sorted(comps), lambda v: comps[v][0], lambda v: comps[v][1])
    ([('b', 'c')], [('a', 'b')], 1, 1)
    >>> pair_changes(sorted(comps), lambda v: comps[v][0], lambda v: comps[v][1],
    ...              new_blocked=[("b", "c")])
    ([], [('a', 'b')], 0, 1)
    """
    names = sorted(names)
    # component ids: old components 0..k-1, new components k.. (tagged by side)
    sets = {}
    olds, news = set(), set()
    for v in names:
        o, n = old_comps(v), new_comps(v)
        if o or n:
            sets[v] = (o, n)
            olds.update(o)
            news.update(n)
    oid = {c: i for i, c in enumerate(sorted(olds, key=_comp_key))}
    split = len(oid)
    nid = {c: i for i, c in enumerate(sorted(news, key=_comp_key), start=split)}
    X = {}
    xs = {}
    members = defaultdict(list)  # component id -> VMs (sorted, as names are)
    heavy = []
    count = Counter()
    for v, (o, n) in sets.items():  # in name order (dicts keep insertion order)
        if len(o) == 1 and len(n) == 1:  # the common case: one component on each side
            for c in o:
                i = oid[c]
            for c in n:
                j = nid[c]
            x = (i, j)
        else:
            x = xs.get((o, n))  # VMs of one group share their keys (one tuple for all)
            if x is None:
                x = xs[(o, n)] = tuple(sorted([oid[c] for c in o] + [nid[c] for c in n]))
        X[v] = x
        for i in x:
            members[i].append(v)
        if len(x) > HEAVY:
            heavy.append(v)
        elif len(x) == 2:
            count[(x[0],)] += 1
            count[(x[1],)] += 1
            count[x] += 1
        elif len(x) == 1:
            count[x] += 1
        else:
            for r in range(1, len(x) + 1):
                for t in combinations(x, r):
                    count[t] += 1
    A = B = U = 0
    for t, c in count.items():
        if c < 2:
            continue
        term = c * (c - 1) // 2
        if len(t) % 2 == 0:
            term = -term
        U += term
        if t[-1] < split:
            A += term
        elif t[0] >= split:
            B += term
    gained_count, lost_count = U - A, U - B

    def partners(v, old):
        """P_S(v) over light VMs: S = the old (old=True), new (False) or all (None) ids."""
        x = X[v]
        if old is True:
            x = tuple(i for i in x if i < split)
        elif old is False:
            x = tuple(i for i in x if i >= split)
        total = 0
        for r in range(1, len(x) + 1):
            sign = 1 if r % 2 else -1
            for t in combinations(x, r):
                total += sign * (count[t] - 1)
        return total

    # heavy VMs: explicit partner sets
    heavy_set = set(heavy)
    extra_g, extra_l = Counter(), Counter()
    hg, hl = {}, {}
    if heavy:
        hh_g = hh_l = 0
        by_x = defaultdict(list)  # heavy VMs with the same keys share their partners
        for h in heavy:
            by_x[X[h]].append(h)
        for x, hs in by_x.items():  # (a hub's VMs: one pass for all of them)
            po, pn = set(), set()
            for i in x:
                (po if i < split else pn).update(members[i])
            g, lo = pn - po, po - pn
            k, same = len(hs), set(hs)
            for h in hs:
                hg[h], hl[h] = len(g) - (h in g), len(lo) - (h in lo)
            for b in g:
                if b in heavy_set:
                    hh_g += k - (b in same)
                else:
                    extra_g[b] += k
                    gained_count += k
            for b in lo:
                if b in heavy_set:
                    hh_l += k - (b in same)
                else:
                    extra_l[b] += k
                    lost_count += k
        gained_count += hh_g // 2
        lost_count += hh_l // 2

    # R5's address rule: pairs joined on a side but blocked there (module docstring)
    minus_g, minus_l = set(), set()  # counted by the keys, but not a change
    plus_g, plus_l = defaultdict(set), defaultdict(set)  # a change the keys miss: a -> {b}
    corr_g, corr_l = Counter(), Counter()
    old_blocked, new_blocked = set(old_blocked), set(new_blocked)
    if old_blocked or new_blocked:
        def joined(a, b, old):
            xa, xb = X.get(a, ()), X.get(b, ())
            return any((i < split) == old and i in xb for i in xa)
        def settle(pairs, old, minus, minus_corr, plus, plus_corr):
            """Pairs blocked on one side only: a pair the keys count as changed that is
            joined on neither side is taken out (``minus``); one joined on the other side is
            a change the keys miss (``plus``). Returns how many of each."""
            n_minus = n_plus = 0
            for p in pairs:
                a, b = p
                if not joined(a, b, old):
                    minus.add(p)
                    n_minus += 1
                    minus_corr[a] -= 1
                    minus_corr[b] -= 1
                else:
                    plus[a].add(b)
                    n_plus += 1
                    plus_corr[a] += 1
                    plus_corr[b] += 1
            return n_minus, n_plus
        n_minus, n_plus = settle(new_blocked - old_blocked, True, minus_g, corr_g, plus_l, corr_l)
        gained_count -= n_minus
        lost_count += n_plus
        n_minus, n_plus = settle(old_blocked - new_blocked, False, minus_l, corr_l, plus_g, corr_g)
        lost_count -= n_minus
        gained_count += n_plus

    def listing(count_of, keep_side_new):
        """The first ``limit`` pairs sharing a component on one side and none on the other."""
        out = []
        if limit is not None and limit <= 0:
            return out
        before = Counter()
        classes = {}

        def keep(i):
            return (i >= split) == keep_side_new

        def classes_of(c):
            """Members of component ``c`` (keep side): those with only ``c`` there and at
            most one component on the other side, by that component (None: none); and
            the others (sorted lists)."""
            got = classes.get(c)
            if got is None:
                by, rest = defaultdict(list), []
                for b in members[c]:
                    xb = X[b]
                    mine = [i for i in xb if keep(i)]
                    theirs = [i for i in xb if not keep(i)]
                    if len(mine) == 1 and len(theirs) <= 1:
                        by[theirs[0] if theirs else None].append(b)
                    else:
                        rest.append(b)
                got = classes[c] = (by, rest)
            return got

        def after(m, a):
            return islice(m, bisect.bisect_right(m, a), None)

        for a in names:
            if a not in X:
                continue
            todo = count_of(a) - before[a]
            if todo <= 0:
                continue
            xa = X[a]
            share = [i for i in xa if keep(i)]
            other = {i for i in xa if not keep(i)}
            if len(share) == 1 and len(other) <= 1:
                # one shared component c: its members grouped by other-side component
                # are partners unless that group is a's; only the rest are filtered
                by, rest = classes_of(share[0])
                lists = [after(m, a) for o, m in by.items() if o is None or o not in other]
                lists.append(b for b in after(rest, a) if other.isdisjoint(X[b]))
            else:
                lists = [after(members[i], a) for i in share]
            minus = minus_g if keep_side_new else minus_l
            extra = (plus_g if keep_side_new else plus_l).get(a, ())
            if extra:
                lists.append(iter(sorted(extra)))
            last = None
            for b in (heapq.merge(*lists) if len(lists) != 1 else lists[0]):
                if b == last:
                    continue
                last = b
                if b in extra or (other.isdisjoint(X[b]) and (a, b) not in minus):
                    out.append((a, b))
                    before[b] += 1
                    todo -= 1
                    if limit is not None and len(out) >= limit:
                        return out
                    if todo == 0:
                        break
        return out

    def g_of(v):
        if v in heavy_set:
            return hg[v] + corr_g[v]
        x = X[v]
        if len(x) == 2 and x[0] < split <= x[1]:  # fast path: in new n but not old o
            return count[(x[1],)] - count[x] + extra_g[v] + corr_g[v]
        return partners(v, None) - partners(v, True) + extra_g[v] + corr_g[v]

    def l_of(v):
        if v in heavy_set:
            return hl[v] + corr_l[v]
        x = X[v]
        if len(x) == 2 and x[0] < split <= x[1]:
            return count[(x[0],)] - count[x] + extra_l[v] + corr_l[v]
        return partners(v, None) - partners(v, False) + extra_l[v] + corr_l[v]

    gained = listing(g_of, True) if gained_count else []
    lost = listing(l_of, False) if lost_count else []
    return gained, lost, gained_count, lost_count


# -- R5's address rule: the joined pairs it blocks ----------------------------------------
class _Cover:
    """Which networks' subnet prefixes hold an address: elementary segments of a set of
    prefixes, each with the networks whose prefixes cover it (a sweep, built once)."""

    def __init__(self, ix, nets):
        ivs = [(v, lo, hi, n) for n in nets for v, lo, hi, _p in network_prefixes(ix, n)]
        points = sorted({(v, lo) for v, lo, _hi, _n in ivs}
                        | {(v, hi + 1) for v, _lo, hi, _n in ivs})
        self.starts = points
        cover = [[] for _ in points]
        for v, lo, hi, n in ivs:
            i = bisect.bisect_left(points, (v, lo))
            while i < len(points) and points[i] <= (v, hi):
                cover[i].append(n)
                i += 1
        self.cover = cover

    def networks(self, ip):
        i = bisect.bisect_right(self.starts, ip) - 1
        return self.cover[i] if i >= 0 else ()

    def overlapping(self, lo, hi):
        """The networks with a prefix that shares an address with ``[lo, hi]``."""
        i = max(bisect.bisect_right(self.starts, lo) - 1, 0)
        out = set()
        while i < len(self.starts) and self.starts[i] <= hi:
            out.update(self.cover[i])
            i += 1
        return out


def _exposed(ix, nv):
    """The networks with a subnet prefix that shares addresses with a prefix of another
    network they carry traffic to (one component, or two a peering joins): a sweep over
    each component's prefixes, and each peering's smaller side looked up in the other's
    prefix index. Memoized per view."""
    got = nv.shared.get("_exposed")
    if got is not None:
        return got
    out = set()
    comps = nv.components()
    for c, members in comps.items():
        ivs = sorted((v, lo, hi, n) for n in members for v, lo, hi, _p in
                     network_prefixes(ix, n))
        active = []
        for v, lo, hi, n in ivs:
            active = [t for t in active if t[0] == v and t[1] >= lo]
            for _v, _hi, m in active:
                if m != n:
                    out.add(m)
                    out.add(n)
            active.append((v, hi, n))
    covers = {}
    for c in comps:
        for d in nv.peers(c):
            if network_label(c) >= network_label(d):
                continue
            small, big = sorted((c, d), key=lambda x: len(comps.get(x, ())))
            cov = covers.get(big)
            if cov is None:
                cov = covers[big] = _Cover(ix, comps.get(big, ()))
            for n in comps.get(small, ()):
                for v, lo, hi, _p in network_prefixes(ix, n):
                    hit = cov.overlapping((v, lo), (v, hi))
                    if hit:
                        out.add(n)
                        out.update(hit)
    nv.shared["_exposed"] = out
    return out


def _outside_own_prefixes(ix, nv):
    """The VMs with a NIC whose address lies in no subnet prefix of its own network (they
    may fall inside another network's): one pass over the NICs, memoized per topology."""
    memo = network_view(ix, frozenset()).shared
    got = memo.get("_outside")
    if got is None:
        got = set()
        for v, vm in ix.vm.items():
            for nic in vm.nics:
                if nic.ip and prefix_holding(ix, nic.network, parse_ip(nic.ip)) is None:
                    got.add(v)
                    break
        memo["_outside"] = got
    return got


def blocked_pairs(view):
    """The pairs ``(a, b)``, ``a < b``, of running VMs that the keys of
    :meth:`~netmap.analysis.failover.FailoverView.reach_keys` join but that do not reach
    each other: some NIC pair is lost to R5's address rule and no other carries traffic.

    Only a NIC whose address lies in a subnet prefix of another network it is joined to
    can be blocked: its network's prefixes overlap that network's (:func:`_exposed`), or
    its address lies outside its own network's prefixes. For each such NIC (found through
    one prefix index per component, and one over the peers of a component with many) the
    running NICs of those networks are the candidates. The cost is the NICs of networks
    with overlapping prefixes and those candidates, not the pairs of VMs.
    """
    ix, nv = view.ix, view.net
    rev = {}  # network -> replicas routed to it
    for v in view.failed_over:
        if view.state(v) == "replica":
            for r in view.routes(v):
                if r.network is not None:
                    rev.setdefault(r.network, set()).add(v)
    running = {}

    def running_on(m):
        got = running.get(m)
        if got is None:
            got = {nic.vm for nic in ix.nics_on.get(m, ()) if view.state(nic.vm) == "primary"}
            got.update(rev.get(m, ()))
            got = running[m] = {v for v in got if any(e[0] == m for e in view.endpoints(v))}
        return got

    exposed = _exposed(ix, nv)
    vms = set()
    for n in exposed:
        vms.update(running_on(n))
    vms.update(v for v in _outside_own_prefixes(ix, nv) if view.state(v) == "primary")
    swallowed = []  # (vm, network, component, address) of NICs that may be blocked
    for v in sorted(vms):
        for n, c, ip in view.endpoints(v):
            if isinstance(n, PlanNetwork):
                continue
            ip = view.address(ip)
            if ip is not None:
                swallowed.append((v, n, c, ip))
    if not swallowed:
        return set()
    own, peer_cover = {}, {}

    def cover_of(c):
        got = own.get(c)
        if got is None:
            got = own[c] = _Cover(ix, nv.members(c))
        return got

    def covers(c):
        peers = nv.peers(c)
        if len(peers) <= 8:
            return [cover_of(c)] + [cover_of(d) for d in sorted(peers, key=network_label)]
        got = peer_cover.get(c)
        if got is None:
            got = peer_cover[c] = _Cover(ix, [m for d in peers for m in nv.members(d)])
        return [cover_of(c), got]

    candidates = set()
    for v, n, c, ip in swallowed:
        for cov in covers(c):
            for m in cov.networks(ip):
                if m == n:
                    continue
                for w in running_on(m):
                    if w != v:
                        candidates.add((v, w) if v < w else (w, v))
    keys = view.reach_keys
    return {p for p in candidates
            if not keys(p[0]).isdisjoint(keys(p[1])) and not view.reachable(*p)}


# -- the diff ----------------------------------------------------------------------------
def _sides(ixo, ixn, scenario):
    """The scenario for each side (see "Scenario rules"), both checked."""
    sc = scenario or Scenario()
    if not sc.has_failover:
        sc = replace(sc, all=True)
    for what, names, attr in (("recovery plan", sc.plans, "plan"), ("VM", sc.vms, "vm"),
                              ("site", sc.sites_down, "site_platform")):
        for n in names:
            a, b = getattr(ixo, attr), getattr(ixn, attr)
            if n not in a and n not in b:
                raise ScenarioError(f"unknown {what} '{n}' (in neither topology)"
                                    + suggest(n, dict.fromkeys([*a, *b]), always=True))
    if sc.test_mode == "network":  # none and auto name no network
        for ix, side in ((ixo, "old"), (ixn, "new")):
            if sc.test_network not in ix.net:
                raise ScenarioError(f"unknown test network '{sc.test_network}' in the {side} "
                                    "topology" + suggest(sc.test_network, ix.net, always=True))

    def side(ix, whatif):
        return replace(sc, plans=tuple(p for p in sc.plans if p in ix.plan),
                       vms=tuple(v for v in sc.vms if v in ix.vm),
                       sites_down=tuple(s for s in sc.sites_down if s in ix.site_platform),
                       remap=sc.remap if whatif else (), unmap=sc.unmap if whatif else ())

    return side(ixo, False).checked(ixo), side(ixn, True).checked(ixn)


def _nic_fields(r):
    if r is None:
        return None, None, None
    return (network_label(r.network) if r.network is not None else None), r.subnet, r.ip


def _nic_changes(vo, vn):
    rows = []
    for v in sorted(set(vo.failed_over) | set(vn.failed_over)):
        old = {r.index: r for r in vo.replica_nics(v)}
        new = {r.index: r for r in vn.replica_nics(v)}
        for i in sorted(set(old) | set(new)):
            a, b = old.get(i), new.get(i)
            fa, fb = _nic_fields(a), _nic_fields(b)
            if a is not None and b is not None and fa == fb:
                continue
            if a is None:
                change = "added"
            elif b is None:
                change = "removed"
            elif fa[0] != fb[0]:
                change = "network"
            elif fa[1] != fb[1]:
                change = "subnet"
            else:
                change = "ip"
            rows.append({"vm": v, "nic": i, "change": change,
                         "old_network": fa[0], "old_subnet": fa[1], "old_ip": fa[2],
                         "new_network": fb[0], "new_subnet": fb[1], "new_ip": fb[2],
                         "reason": text_of(b.reason if b is not None else Reason(
                             ReasonKind.NOT_FAILING_OVER_IN, vm=v, side="new"))})
    return rows


def _not_placed(side):
    return str(Reason(ReasonKind.NOT_PLACED_IN, side=side))


def _placement_changes(vo, vn):
    old = {r["vm"]: r for r in place(vo.ix, vo.scenario)}
    new = {r["vm"]: r for r in place(vn.ix, vn.scenario)}
    rows = []
    for v in sorted(set(old) | set(new)):
        a, b = old.get(v), new.get(v)
        ha = a["host"] if a else None
        hb = b["host"] if b else None
        if a is not None and b is not None and ha == hb:
            continue
        rows.append({"vm": v, "old_host": ha, "new_host": hb,
                     "old_reason": a["reason"] if a else _not_placed("old"),
                     "new_reason": b["reason"] if b else _not_placed("new")})
    return rows


def _key(source_site):
    s, site = source_site
    return (s, "" if site is None else site)


def _why(view, ix, side, a, b):
    """Why ``a`` and ``b`` do not reach each other on one side (text)."""
    for x in (a, b):
        if x not in ix.vm:
            return str(Reason(ReasonKind.ABSENT_IN, vm=x, side=side))
    return text_of(view.why_unreachable(a, b))


def diff(G_old, G_new, scenario=None, limit=100):
    """What changes from ``G_old`` to ``G_new`` under ``scenario``; see the module doc.

    ``limit`` caps the listed reachability pairs (``None``: no cap); counts are exact.
    Raises :class:`~netmap.errors.ScenarioError` for names in neither topology.
    """
    if limit is not None and limit < 0:
        raise ScenarioError("limit must be 0 or more")
    ixo = as_topology(G_old)
    ixn = as_topology(G_new)
    sco, scn = _sides(ixo, ixn, scenario)
    vo, vn = evaluate(ixo, sco), evaluate(ixn, scn)
    # R1: a mapping is one source's target at one site; compared per (source, site)
    mo = {(s, site): t for s, t, site in ixo.mapping.triples()}
    mn = {(s, site): t for s, t, site in vn.mapping.triples()}
    added = [{"source": s, "target": mn[(s, site)], "target_site": site}
             for s, site in sorted(mn, key=_key) if (s, site) not in mo]
    removed = [{"source": s, "target": mo[(s, site)], "target_site": site}
               for s, site in sorted(mo, key=_key) if (s, site) not in mn]
    changed = [{"source": s, "target_site": site, "old_target": mo[(s, site)],
                "new_target": mn[(s, site)]}
               for s, site in sorted(mo, key=_key) if (s, site) in mn
               and mn[(s, site)] != mo[(s, site)]]
    names = sorted(set(ixo.vm) | set(ixn.vm))
    states = []
    for v in names:
        a = vo.state(v) if v in ixo.vm else "absent"
        b = vn.state(v) if v in ixn.vm else "absent"
        if a != b:
            states.append({"vm": v, "old": a, "new": b})
    empty = frozenset()
    gained, lost, gc, lc = pair_changes(
        names,
        lambda v: vo.reach_keys(v) if v in ixo.vm else empty,
        lambda v: vn.reach_keys(v) if v in ixn.vm else empty,
        limit, blocked_pairs(vo), blocked_pairs(vn))
    desc = scn.describe()
    if sco.remap or sco.unmap or scn.remap or scn.unmap:
        desc += "; what-if options apply to the new side only"
    data = {
        "scenario": desc,
        "mappings": {"added": added, "removed": removed, "changed": changed},
        "nics": _nic_changes(vo, vn),
        "placements": _placement_changes(vo, vn),
        "states": states,
        "reachability": {"gained": [list(p) for p in gained], "lost": [list(p) for p in lost],
                         "gained_count": gc, "lost_count": lc, "limit": limit,
                         # why each listed pair did not reach / no longer reaches (R5)
                         "gained_reasons": [_why(vo, ixo, "old", a, b) for a, b in gained],
                         "lost_reasons": [_why(vn, ixn, "new", a, b) for a, b in lost]},
    }
    return data
