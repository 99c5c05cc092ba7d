"""Surveys of a whole topology: the sections of the report, computed.

Each function takes the shared :class:`~netmap.analysis.checks.Analysis` context (so a
report computes every failover once) and returns the JSON rows of one report section;
:mod:`netmap.answers.report` assembles and renders them.

``summary(a, findings)``
    counts of sites, clouds, networks, hosts, VMs, plans, and findings by severity.
``findings_by_code(findings)``
    how many findings of each code.
``unavailable_targets(a)``
    R2 target choices that are *not* available, per protected cloud and target.
``plans(a)``
    every recovery plan's failover with its primary site(s) down.
``site_outages(a)``
    for every site with VMs, what breaks if it goes down.
``failback_outlook(a)``
    the failback outlook (R7) of every protected VM.
``addresses(a)``
    the topology's failover addresses (R3), counted by outcome.
``joins(a)``
    the joins that deserve a look (R5): every peering (not transitive) and every join
    whose two networks' subnet prefixes overlap (NM017).
``drill(a)``
    with a test network (R9): a test failover of every protected VM, its mode, the
    networks its NICs join, whether it is isolated, and the drill NICs left disconnected.

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.analysis.checks import Analysis
>>> a = Analysis(load(example_path()))
>>> [(o["site"], [x["vm"] for x in o["down"]]) for o in site_outages(a)]
[('Beijing', []), ('Shanghai', ['MON-SH'])]
>>> failback_outlook(a)["returning"]
2
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from netmap.analysis.checks import CODES, management_servers
from netmap.analysis.connectivity import (join_label, network_label, network_view,
                                          overlapping_prefixes)
from netmap.analysis.reasons import Reason, ReasonKind, text_of
from netmap.analysis.failover import evaluate
from netmap.analysis.mapping import candidates, choice_for
from netmap.model.scenario import Scenario

__all__ = ["summary", "findings_by_code", "unavailable_targets", "plans", "site_outages",
           "failback_outlook", "describe_whatif", "addresses", "ADDRESS_OUTCOMES",
           "joins", "drill"]

#: the outcomes of :func:`addresses`, in the report's order, with their meaning
ADDRESS_OUTCOMES = {
    "retained": "static, keeps its address",
    "reassigned": "static, gets another usable address (NM007 says why)",
    "no_address": "static, gets none: no usable address free, a subnet without a prefix, "
                  "or no subnet",
    "dhcp": "DHCP: no fixed address of its own",
    "unplaced": "its VM cannot be placed (R4): claims no address",
    "disconnected": "not mapped: no network (R1, R6)",
    "one_vnet": "of the above, NICs of Azure replicas moved to the primary NIC's network "
                "(NM016)",
}


def summary(a, findings):
    """Counts of the topology's objects, and of ``findings`` by severity."""
    ix = a.ix
    onprem = sum(1 for p in ix.site_platform.values() if p != "azure")
    vm_nets = sum(1 for n in ix.net.values() if not n.is_azure)
    s = {"error": 0, "warning": 0}
    for f in findings:
        s[f["severity"]] += 1
    return {
        "sites": len(ix.site_platform),
        "onprem_sites": onprem,
        "azure_sites": len(ix.site_platform) - onprem,
        "clouds": len(ix.cloud),
        "protected_clouds": sum(1 for c in ix.cloud.values() if c.protected),
        # the topology's own: not the NAME-asr networks (and their mappings) Site
        # Recovery creates (R11)
        "networks": len(ix.net) - len(ix.created),
        "vm_networks": vm_nets,
        "azure_networks": len(ix.net) - len(ix.created) - vm_nets,
        "mappings": len(a.mapping) - sum(1 for s, t in a.mapping.pairs()
                                         if s in ix.created or t in ix.created),
        "hosts": len(ix.host),
        "vms": len(ix.vm),
        "protected_vms": len(ix.protected_vms()),
        "plans": len(ix.plan),
        "error": s["error"],
        "warning": s["warning"],
    }


def findings_by_code(findings):
    """``[{code, title, error, warning}]``: how many findings of each code, by code."""
    count = defaultdict(lambda: [0, 0])
    for f in findings:
        count[f["code"]][0 if f["severity"] == "error" else 1] += 1
    return [{"code": c, "title": CODES[c][1], "error": e, "warning": w}
            for c, (e, w) in sorted(count.items())]


def unavailable_targets(a):
    """R2 choices that are not available, by protected cloud and target (choice_for).

    R2 asks per source network; availability depends only on the target and the
    protected cloud, so one row stands for every source network the cloud uses.
    """
    ix = a.ix
    on_logical = defaultdict(list)
    for n in sorted(ix.net):
        if ix.net[n].logical is not None:
            on_logical[ix.net[n].logical].append(n)
    rows = []
    for cname in sorted(ix.cloud):
        c = ix.cloud[cname]
        if not c.protected or c.azure is not None:
            # to Azure, R2's candidates are the Azure networks of the cloud's Azure site,
            # and each of them is available (choice_for): nothing to list, and nothing to
            # scan (clouds x Azure networks would grow with the square of the topology)
            continue
        sources = sorted(n for ln in c.logical_networks for n in on_logical.get(ln, ()))
        if not sources:
            continue
        protecting, cands = candidates(ix, cname)
        for t in cands:
            others = [s for s in sources[:2] if s != t]
            if not others:
                continue
            ok, why = choice_for(ix, others[0], t, cname)
            if ok is False:  # None: cannot tell (an unknown fact, NM026 says which)
                rows.append({"protected_cloud": cname, "protecting_cloud": protecting,
                             "target": t, "reason": why})
    return rows


def plans(a):
    """Every recovery plan's failover with its primary site(s) down: one row per plan."""
    ix = a.ix
    out = []
    for p, view in a.plan_views.items():
        members = a.plan_vms(p)
        if view is not None and len(view.failed_over) + len(view.not_protected) == \
                len(members):  # the plan lists each VM once: they are the view's
            not_protected = list(view.not_protected)
        else:
            not_protected = [v for v in members if not ix.container(v).protected]
        row = {"plan": p, "vms": len(members), "sites_down": [], "failed_over": 0,
               "groups": [], "isolated": [], "down": [], "unplaced": [],
               "broken_dependencies": [],
               "not_protected": not_protected,
               # R10: why Site Recovery would refuse the plan (its failover is evaluated
               # all the same, so the report shows what it would do)
               "refused": [{"code": c, "reason": why} for c, why in a.plan_refusals[p]]}
        if view is None:
            row["reason"] = "no VM of the plan is protected: nothing fails over"
            out.append(row)
            continue
        row["sites_down"] = list(view.scenario.sites_down)
        row["failed_over"] = len(view.failed_over)
        for comp, vms in view.groups(vms=members):
            row["groups"].append({"component": network_label(comp),
                                  "network_count": len(view.net.members(comp)),
                                  "vms": vms, "running": view.running_count(comp)})
        isolated, down = row["isolated"], row["down"]
        for v in members:  # one pass: view.is_isolated(v), or view.state(v) == "down"
            st = view.state(v)
            if st == "down":
                down.append({"vm": v, "reason": text_of(view.down_reason(v))})
            elif st != "unplaced" and not view.components(v) and not view.nics_unknown(v):
                isolated.append({"vm": v, "reason": str(view.isolation_reason(v))})
        row["unplaced"] = [{"vm": v, "reason": text_of(view.unplaced_reason(v))}
                           for v in view.unplaced]
        row["broken_dependencies"] = view.broken_dependencies(view.failed_over)
        out.append(row)
    return out


def joins(a):
    """Peerings and joins between overlapping prefixes (R5): one row per join, sorted.

    ``{join, via, groups, overlapping_prefixes, effect}``: ``groups`` are the two
    components (routed links and gateways) the join touches with no site down;
    ``overlapping_prefixes`` the pairs ``[prefix of A, prefix of B]`` that share addresses.
    One pass over the joins; each join's prefixes compared by a sweep.

    >>> from netmap import load, example_path
    >>> from netmap.analysis.checks import Analysis
    >>> joins(Analysis(load(example_path())))
    []
    """
    ix = a.ix
    nv = network_view(ix, frozenset())
    out = []
    for x, y, d in ix.network_graph.edges(data=True):
        x, y = sorted((x, y))
        pairs = overlapping_prefixes(ix, x, y)
        if d["via"] != "peering" and not pairs:
            continue
        groups = sorted({network_label(nv.component(x)), network_label(nv.component(y))})
        effects = []
        if d["via"] == "peering":
            effects.append(str(Reason(ReasonKind.PEERING_JOINS, groups=tuple(groups))))
        if pairs:
            effects.append(str(Reason(ReasonKind.OVERLAP_EFFECT, join=join_label(x, y))))
        out.append({"join": join_label(x, y), "via": d["via"], "groups": groups,
                    "overlapping_prefixes": [list(p) for p in pairs],
                    "effect": "; ".join(effects)})
    return sorted(out, key=lambda r: r["join"])


def site_outages(a):
    """For every site with VMs, what breaks if it goes down: one row per site.

    Each outage costs time in proportion to the VMs of its site, the VMs with a NIC on
    its networks and the VMs that depend on them, not to the topology.
    """
    ix = a.ix
    at = defaultdict(list)  # site -> [(vm, protected)], by VM name
    of = {}  # (cloud, region) -> (site, protected): a VM's container, asked once
    vm = ix.vm
    for v in sorted(vm):
        x = vm[v]
        key = (x.cloud, x.site)
        got = of.get(key)
        if got is None:
            got = of[key] = (ix.site_of_vm(v), ix.container(v).protected)
        at[got[0]].append((v, got[1]))
    servers_at = defaultdict(list)  # NM023: site -> the VMM servers there that protect it
    for vmm, pairs in management_servers(ix).items():
        servers_at[ix.vmm_site.get(vmm)].append((vmm, [q for _p, q in pairs]))
    dependents = ix.dependents
    depending = {v for ds in dependents.values() for v in ds}  # the VMs with dependencies
    out = []
    for site in a.track(sorted(at), "site outages", len(at)):
        vms = [v for v, _ in at[site]]
        F = tuple(v for v, protected in at[site] if protected)
        sc = Scenario(vms=F, sites_down=(site,), **a.whatif)
        view = evaluate(ix, sc)
        state, routes, up = view.state, view.routes, view.net.is_up
        disconnected = []
        # who can be isolated: the replicas with every NIC disconnected (any other has a
        # component), and the VMs elsewhere with a NIC on the site's networks (their
        # other networks still run)
        touched = []
        down_text = {}
        f_down = set()  # the replicas whose recovery site is down too
        for v in view.failed_over:
            st = state(v)
            if st != "replica":
                if st == "down":
                    f_down.add(v)
                continue
            rs = routes(v)
            off = 0
            for r in rs:
                n = r.network
                if n is None:
                    why = text_of(r.reason)
                elif not up(n):
                    why = down_text.get(n)
                    if why is None:
                        why = down_text[n] = str(Reason(ReasonKind.NETWORK_DOWN, network=n))
                else:
                    continue
                off += 1
                disconnected.append({"vm": v, "nic": r.nic.index, "network": r.nic.network,
                                     "reason": why})
            if off == len(rs):
                touched.append(v)
        F_set = view.F
        elsewhere = set()
        for n in ix.vm_networks_of_site(site):
            elsewhere.update(nic.vm for nic in ix.nics_on.get(n, ()) if nic.vm not in F_set)
        touched.extend(elsewhere)
        isolated = [{"vm": v, "state": state(v), "reason": str(view.isolation_reason(v))}
                    for v in sorted(touched) if view.is_isolated(v)]
        down = [{"vm": v, "reason": text_of(view.down_reason(v))} for v in vms
                if (v in f_down if v in F_set else state(v) == "down")]
        # the replicas' dependencies, and those of the running VMs that depend on the site
        more = set()
        for v in vms:
            ds = dependents.get(v)
            if ds:
                more.update(d for d in ds if d not in F_set and state(d) != "down")
        # (only VMs with dependencies of their own have any that break)
        deps = [v for v in view.failed_over if v in depending]  # sorted, as requested
        if more:
            deps = list(heapq.merge(deps, sorted(more)))
        broken = view.broken_dependencies(deps)
        # R4: the topology's placement (computed once); these replicas never run
        unplaced = [{"vm": v, "protecting_cloud": ix.container(v).protecting,
                     "reason": text_of(view.placement.unplaced_reason(v))}
                    for v in view.unplaced]
        # NM023: the VMM servers of this site that manage clouds protecting it go down too
        servers = [{"vmm": vmm, "protecting_clouds": clouds,
                    "reason": f"{vmm} runs at {site}, which goes down: fail it over first, "
                              f"by hand"}
                   for vmm, clouds in servers_at.get(site, ())]
        groups = [{"component": network_label(c), "network_count": len(view.net.members(c)),
                   "vms": [v for v in members if v in F_set], "running": view.running_count(c)}
                  for c, members in view.groups(vms=view.failed_over)]
        out.append({"site": site, "vms": len(vms), "failed_over": len(view.failed_over),
                    "groups": groups, "disconnected": disconnected, "isolated": isolated,
                    "down": down, "broken_dependencies": broken, "unplaced": unplaced,
                    "management_servers": servers})
    return out


def failback_outlook(a):
    """R7 for every protected VM, counted: NICs that return, land elsewhere or not."""
    try:
        from netmap.analysis.failback import nic_outcomes
    except ImportError as e:  # the failback module is not part of this installation
        return {"available": False, "reason": f"failback analysis is not available ({e})"}
    vms = nics = returning = disconnected = original = 0
    rows = []
    for v, pairs in nic_outcomes(a.ix, remap=a.scenario.remap, unmap=a.scenario.unmap):
        vms += 1
        nics += len(pairs)
        for nic, o in pairs:
            if o.method == "original_vm":
                original += 1  # R7: from Azure, to the original VM (always returns)
            if o.returns:
                returning += 1
                continue
            if o.network is None:
                disconnected += 1
            rows.append({"vm": v, "nic": nic.index, "replica_network": o.replica_network,
                         "network": o.network, "subnet": o.subnet, "reason": o.text})
    return {"available": True, "vms": vms, "nics": nics, "returning": returning,
            "original_vm": original, "elsewhere": nics - returning - disconnected,
            "disconnected": disconnected, "not_returning": rows}


def describe_whatif(sc):
    """The scenario's what-if changes in words, or ``None``."""
    parts = [f"{s} -> {t}" for s, t in sc.remap] + [f"{s} unmapped" for s in sc.unmap]
    return ", ".join(parts) or None


def addresses(a):
    """R3's failover addresses of every protected VM's replica NICs, counted by outcome
    (:data:`ADDRESS_OUTCOMES`): one pass over the replica NICs the checks already read.

    >>> from netmap import load, example_path
    >>> from netmap.analysis.checks import Analysis
    >>> addresses(Analysis(load(example_path())))["reassigned"]
    1
    """
    view = a.all_view
    out = dict.fromkeys(ADDRESS_OUTCOMES, 0)
    replica_nics = view.replica_nics
    unplaced = frozenset(view.unplaced)  # R4: the VMs of F the placement cannot place
    one_vnet = ReasonKind.ONE_VNET
    for v in view.failed_over:
        is_unplaced = v in unplaced
        for r in replica_nics(v):
            if r.network is None:
                out["disconnected"] += 1
            elif is_unplaced:
                out["unplaced"] += 1
            elif r.ip_retained is None:
                out["dhcp"] += 1
            elif r.ip_retained:
                out["retained"] += 1
            elif r.ip is not None:
                out["reassigned"] += 1
            else:
                out["no_address"] += 1
            if r.reason is not None and one_vnet in r.reason.kinds:
                out["one_vnet"] += 1
    return out


def drill(a):
    """R9: the drill of every protected VM with the scenario's test network, or None
    without one (:attr:`~netmap.analysis.checks.Analysis.test_view`).

    Returns ``{mode, test_network, networks, isolated, reason, vms, disconnected}``:
    ``networks`` the networks the drill NICs join with how many drill VMs each,
    ``disconnected`` the drill NICs joining none (``vm``, ``nic``, ``reason``).
    """
    view = a.test_view
    if view is None:
        return None
    iso, why = view.test_isolation()
    on = defaultdict(set)
    off = []
    for v in view.failed_over:
        for r in view.routes(v):
            if r.network is None:
                off.append({"vm": v, "nic": r.nic.index, "reason": text_of(r.reason)})
            else:
                on[network_label(r.network)].add(v)
    mode = view.scenario.test_mode
    return {"mode": mode,
            "test_network": view.scenario.test_network if mode == "network" else None,
            "networks": [{"network": n, "vms": len(on[n])} for n in sorted(on)],
            "isolated": iso, "reason": text_of(why), "vms": len(view.failed_over),
            "disconnected": off}
