"""What a failover does to the network: R3 (replica NICs), R5 (groups), R6 (Azure without
mapping), R8 (dependencies and boot order) and R9 (test failover).

Questions
---------
``failover(G, scenario)``
    Inputs: the graph and a :class:`~netmap.scenario.Scenario`.
    Returns :class:`FailoverResult`: ``failed_over``, ``down``, ``vms`` (state and NICs
    of every VM), ``groups`` (components with their running VMs), ``isolated``,
    ``broken_dependencies`` and, for a test failover, ``test_network`` isolation.
``evaluate(G, scenario)``
    The lazy :class:`FailoverView` behind it: costs time in proportion to the VMs that
    fail over and the subnets and networks they touch, not to the whole topology, so a
    report can evaluate every recovery plan.
``boot_order_problems(G, plan)``
    R8's boot-order rule for one plan (or every plan).

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.scenario import Scenario
>>> G = load(example_path())
>>> v = evaluate(G, Scenario(plans=("Plan-Gold",), sites_down=("Beijing",)))
>>> [(n.network, n.subnet, n.ip, n.ip_retained) for n in v.replica_nics("VM1")]
[('VMNetwork1-Shanghai', 'Subnet1', '10.1.0.1', False)]
>>> v.state("MON-SH"), v.state("APP2")
('primary', 'down')
>>> v.reachable("VM1", "MON-SH")
True
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from typing import NamedTuple

from .index import index
from .mapping import effective_mapping
from .netgraph import network_graph, network_label, plan_network
from .result import Result

__all__ = ["evaluate", "failover", "FailoverView", "FailoverResult", "ReplicaNic",
           "boot_order_problems", "lowest_free"]


class ReplicaNic(NamedTuple):
    """One NIC of a replica (R3), or of a test replica (R9)."""

    index: int
    source_network: str
    source_subnet: str | None
    source_ip: str | None
    network: object  # network name, ("plan", P) for an R6 plan network, or None
    subnet: str | None
    ip: str | None
    ip_retained: bool | None
    reason: str | None


def _addr(ip):
    try:
        return ipaddress.ip_address(ip)
    except (ValueError, TypeError):
        return None


_prefix_cache = {}


def _prefix(p):
    net = _prefix_cache.get(p)
    if net is None and p:
        try:
            net = _prefix_cache[p] = ipaddress.ip_network(p, strict=False)
        except ValueError:
            return None
    return net


def lowest_free(prefix, taken):
    """The lowest host address of ``prefix`` not in ``taken`` (a set of ints), or None.

    >>> lowest_free("10.0.0.0/30", {int(ipaddress.ip_address("10.0.0.1"))})
    '10.0.0.2'
    >>> lowest_free("10.0.0.0/31", set()), lowest_free("10.0.0.0/30", {167772161, 167772162})
    ('10.0.0.0', None)
    """
    net = _prefix(prefix)
    if net is None:
        return None
    first, last = int(net.network_address), int(net.broadcast_address)
    if net.version == 4 and net.prefixlen < 31:
        first, last = first + 1, last - 1
    elif net.version == 6 and net.prefixlen < 127:
        first += 1  # the subnet-router anycast address is not a host
    a = first
    while a <= last:
        if a not in taken:
            return str(ipaddress.ip_address(a)) if net.version == 4 else \
                str(ipaddress.IPv6Address(a))
        a += 1
    return None


class FailoverView:
    """A scenario evaluated against a graph. Read-only; build with :func:`evaluate`."""

    def __init__(self, G, scenario):
        self.G = G
        self.scenario = sc = scenario.checked(G)
        ix = self.ix = index(G)
        self.mapping = effective_mapping(G, sc.remap, sc.unmap)
        self.down_sites = frozenset(sc.sites_down)
        self.net = network_graph(ix, self.down_sites)
        requested = sc.requested(G)
        self.failed_over = [v for v in requested if ix.cloud[ix.vm[v].cloud].protected]
        self.not_protected = [v for v in requested if not ix.cloud[ix.vm[v].cloud].protected]
        self.F = frozenset(self.failed_over)
        self.test_network = sc.test_network
        self._comps = {}
        self._replicas = {}
        self._subnet_used = {}
        self._target_down = {}
        for v in self.failed_over:
            site = self.target_site(v)
            if site in self.down_sites:
                self._target_down[v] = site
        self._assign_replicas()

    # -- states ------------------------------------------------------------------------
    def target_site(self, vm):
        """The site a VM's replica runs at (protecting cloud's site, or the Azure site)."""
        c = self.ix.cloud[self.ix.vm[vm].cloud]
        if c.azure is not None:
            return c.azure
        if c.protecting is not None:
            return self.ix.cloud[c.protecting].site
        return None

    def state(self, vm):
        """``replica``, ``primary`` or ``down`` (R5)."""
        if vm in self.F:
            return "down" if vm in self._target_down else "replica"
        if self.ix.site_of_vm(vm) in self.down_sites:
            return "down"
        return "primary"

    def down_reason(self, vm):
        if vm in self._target_down:
            return f"its recovery site {self._target_down[vm]} is down"
        site = self.ix.site_of_vm(vm)
        if vm not in self.F and site in self.down_sites:
            return f"site {site} is down and {vm} does not fail over"
        return None

    def primary_running(self, vm):
        """Is the primary of ``vm`` running? (A test failover leaves primaries running.)"""
        if self.ix.site_of_vm(vm) in self.down_sites:
            return False
        return vm not in self.F or self.scenario.is_test

    # -- R3: replica NICs ----------------------------------------------------------------
    def _used(self, net, subnet):
        """IPs (ints) held in ``net``/``subnet`` by running primary NICs."""
        key = (net, subnet)
        used = self._subnet_used.get(key)
        if used is None:
            used = set()
            ix = self.ix
            n = ix.net[net]
            first = n.subnets[0][0] if n.subnets else None
            for nic in ix.nics_on.get(net, ()):
                if (nic.subnet or first) != subnet or not nic.ip:
                    continue
                if self.primary_running(nic.vm):
                    a = _addr(nic.ip)
                    if a is not None:
                        used.add(int(a))
            self._subnet_used[key] = used
        return used

    def _assign_replicas(self):
        ix, sc = self.ix, self.scenario
        mapping = self.mapping
        claimed = defaultdict(set)
        for v in self.failed_over:  # sorted by VM name, then NIC index (R3)
            vm = ix.vm[v]
            cloud = ix.cloud[vm.cloud]
            plan = None
            if cloud.azure is not None:
                for p, _g in vm.plans:
                    if p in sc.plans:
                        plan = p
                        break
            out = []
            for nic in vm.nics:
                if sc.is_test:
                    target = sc.test_network
                    why_none = None
                else:
                    target = mapping.get(nic.network)
                    why_none = f"{nic.network} is not mapped"
                if target is None:
                    if plan is not None:
                        out.append(ReplicaNic(nic.index, nic.network, nic.subnet, nic.ip,
                                              plan_network(plan), None, None, None,
                                              f"{nic.network} is not mapped: joins the network "
                                              f"of recovery plan {plan} (R6)"))
                        continue
                    if cloud.azure is not None:
                        why_none += " (to Azure, only VMs failing over with --plan reach each" \
                                    " other without a mapping)"
                    out.append(ReplicaNic(nic.index, nic.network, nic.subnet, nic.ip,
                                          None, None, None, None, why_none + ": disconnected"))
                    continue
                tnet = ix.net[target]
                sub = tnet.subnet_named(nic.subnet)
                if sub is None:
                    out.append(ReplicaNic(nic.index, nic.network, nic.subnet, nic.ip, target,
                                          None, None, None, f"{target} has no subnets"))
                    continue
                sname, prefix = sub
                reason = None
                if nic.subnet is not None and sname != nic.subnet:
                    reason = (f"{target} has no subnet {nic.subnet}: "
                              f"lands in its first subnet {sname}")
                ip, kept = None, None
                if nic.ip:
                    used = self._used(target, sname)
                    taken = claimed[(target, sname)]
                    a = _addr(nic.ip)
                    pnet = _prefix(prefix)
                    ai = int(a) if a is not None else None
                    if pnet is not None and a is not None and a.version == pnet.version \
                            and a in pnet and ai not in used and ai not in taken:
                        ip, kept = nic.ip, True
                    else:
                        kept = False
                        if pnet is None:
                            why = f"subnet {sname} of {target} has no prefix: no address"
                        elif a is None or a.version != pnet.version or a not in pnet:
                            why = f"{nic.ip} is outside {prefix}"
                        else:
                            why = f"{nic.ip} is already held in {target}/{sname}"
                        ip = lowest_free(prefix, used | taken) if pnet is not None else None
                        if pnet is not None and ip is None:
                            why += f"; no free address left in {prefix}"
                        elif ip is not None:
                            why += f": reassigned {ip}"
                        reason = f"{reason}; {why}" if reason else why
                    if ip is not None:
                        taken.add(int(ipaddress.ip_address(ip)))
                out.append(ReplicaNic(nic.index, nic.network, nic.subnet, nic.ip, target,
                                      sname, ip, kept, reason))
            self._replicas[v] = out

    def replica_nics(self, vm):
        """The replica's NICs of a VM in F (R3, R6, R9), in NIC order."""
        return self._replicas.get(vm, [])

    # -- R5: connectivity ----------------------------------------------------------------
    def nic_networks(self, vm):
        """``[(network, connected)]`` for the NICs a running VM has in this scenario."""
        st = self.state(vm)
        if st == "down":
            return []
        if st == "replica":
            return [(r.network, r.network is not None and self.net.is_up(r.network))
                    for r in self._replicas[vm]]
        return [(n.network, self.net.is_up(n.network)) for n in self.ix.vm[vm].nics]

    def components(self, vm):
        """The set of components a VM has a connected NIC in (empty: down or isolated)."""
        got = self._comps.get(vm)
        if got is None:
            got = frozenset(self.net.component(n) for n, ok in self.nic_networks(vm) if ok)
            self._comps[vm] = got
        return got

    def is_isolated(self, vm):
        return self.state(vm) != "down" and not self.components(vm)

    def reachable(self, a, b):
        return bool(self.components(a) & self.components(b))

    def why_unreachable(self, a, b):
        """A reason string why ``a`` cannot reach ``b``, or None when it can."""
        for x in (a, b):
            if self.state(x) == "down":
                return f"{x} is down: {self.down_reason(x)}"
        for x in (a, b):
            if not self.components(x):
                return f"{x} is isolated: {self.isolation_reason(x)}"
        if self.reachable(a, b):
            return None

        def show(x):
            return ", ".join(sorted(network_label(n) for n, ok in self.nic_networks(x) if ok))
        return (f"no link or gateway joins {a}'s networks ({show(a)}) to {b}'s ({show(b)})")

    def isolation_reason(self, vm):
        reasons = []
        if self.state(vm) == "replica":
            for r in self._replicas[vm]:
                if r.network is None:
                    reasons.append(r.reason)
                elif not self.net.is_up(r.network):
                    reasons.append(f"{network_label(r.network)} carries no traffic (site down)")
        else:
            for n in self.ix.vm[vm].nics:
                reasons.append(f"{n.network} carries no traffic (site down)")
        if not reasons:
            return "it has no NICs"
        return "; ".join(sorted(set(reasons)))

    def groups(self, vms=None):
        """Components with their running VMs: ``[(component, [vm, ...])]`` sorted.

        ``vms`` restricts the VMs considered (default: every VM of the topology).
        """
        members = defaultdict(list)
        for v in (sorted(self.ix.vm) if vms is None else vms):
            if self.state(v) == "down":
                continue
            for c in self.components(v):
                members[c].append(v)
        return sorted(((c, sorted(vs)) for c, vs in members.items()),
                      key=lambda cv: network_label(cv[0]))

    def running_count(self, comp):
        """How many running VMs have a NIC in component ``comp`` (without listing them)."""
        if isinstance(comp, tuple):
            return sum(1 for v in self.failed_over if comp in self.components(v))
        n = self.net.running_counts().get(comp, 0)
        ix = self.ix
        for v in self.failed_over:
            if ix.site_of_vm(v) not in self.down_sites and not self.scenario.is_test:
                # its primary counted in the base count no longer runs
                prim = {self.net.component(x.network) for x in ix.vm[v].nics}
                if comp in prim:
                    n -= 1
            if comp in self.components(v):
                n += 1
        return n

    # -- R8 ------------------------------------------------------------------------------
    def broken_dependencies(self, vms=None):
        """``[{vm, depends_on, reason}]`` for VMs in F (or ``vms``) whose dependency fails."""
        out = []
        for v in (self.failed_over if vms is None else vms):
            for d in self.ix.vm[v].depends_on:
                why = None
                if self.state(v) == "down":
                    why = f"{v} itself is down: {self.down_reason(v)}"
                elif self.state(d) == "down":
                    why = f"{d} is down: {self.down_reason(d)}"
                elif not self.components(d):
                    why = f"{d} is isolated: {self.isolation_reason(d)}"
                elif not self.components(v):
                    why = f"{v} is isolated: {self.isolation_reason(v)}"
                elif not self.reachable(v, d):
                    why = "not reachable: " + self.why_unreachable(v, d)
                if why:
                    out.append({"vm": v, "depends_on": d, "reason": why})
        return out

    # -- R9 ------------------------------------------------------------------------------
    def test_isolation(self):
        """``(isolated, reason)`` for the test network (R9); ``(None, None)`` if no drill."""
        n = self.test_network
        if n is None:
            return None, None
        sources = sorted(s for s, t in self.mapping.items() if t == n)
        if sources:
            return False, f"{n} is the mapping target of {', '.join(sources[:3])}" + \
                (" and more" if len(sources) > 3 else "")
        comp = self.net.component(n)
        if comp is None:
            return True, f"{n} carries no traffic (its site is down)"
        ix = self.ix
        for m in self.net.members(comp):
            for nic in ix.nics_on.get(m, ()):
                if self.primary_running(nic.vm):
                    if m == n:
                        return False, f"{nic.vm} runs on {n} outside the drill"
                    route = self.net.path([n], [m]) or []
                    via = " -> ".join(network_label(x) for x, _ in route) or m
                    return False, (f"{n} is joined to {m} where {nic.vm} runs "
                                   f"outside the drill (route {via})")
        return True, "no mapping targets it and no link or gateway joins it to running VMs"


def evaluate(G, scenario):
    """Evaluate ``scenario`` on ``G`` into a :class:`FailoverView` (never changes ``G``)."""
    return FailoverView(G, scenario)


def _nic_row(r):
    return {"network": network_label(r.network) if r.network is not None else None,
            "subnet": r.subnet, "ip": r.ip, "ip_retained": r.ip_retained,
            "source_network": r.source_network, "source_ip": r.source_ip,
            "reason": r.reason}


class FailoverResult(Result):
    """The answer of ``netmap failover`` (SPEC §5 ``failover``)."""

    title = "Failover"

    def __init__(self, view):
        self.view = view
        self._dict = None

    def to_dict(self):
        if self._dict is not None:
            return self._dict
        v, ix = self.view, self.view.ix
        vms = []
        down = []
        for name in sorted(ix.vm):
            st = v.state(name)
            row = {"vm": name, "state": st}
            if st == "down":
                down.append(name)
                row["nics"] = []
                row["reason"] = v.down_reason(name)
            elif st == "replica":
                row["nics"] = [_nic_row(r) for r in v.replica_nics(name)]
                row["target_site"] = v.target_site(name)
            else:
                row["nics"] = [{"network": n.network if v.net.is_up(n.network) else None,
                                "subnet": n.subnet, "ip": n.ip, "ip_retained": None}
                               for n in ix.vm[name].nics]
            vms.append(row)
        groups = [{"networks": [network_label(n) for n in v.net.members(c)], "vms": members}
                  for c, members in v.groups()]
        isolated = sorted(n for n in ix.vm if v.state(n) != "down" and not v.components(n))
        out = {
            "scenario": v.scenario.describe(),
            "failed_over": list(v.failed_over),
            "not_protected": [{"vm": n, "reason": f"cloud {ix.vm[n].cloud} is not protected"}
                              for n in v.not_protected],
            "down": down,
            "vms": vms,
            "groups": groups,
            "isolated": isolated,
            "isolated_reasons": [{"vm": n, "reason": v.isolation_reason(n)} for n in isolated],
            "broken_dependencies": v.broken_dependencies(),
        }
        if v.test_network is not None:
            iso, why = v.test_isolation()
            out["test_network"] = {"network": v.test_network, "isolated": iso, "reason": why}
        self._dict = out
        return out

    def tables(self):
        d = self.to_dict()
        v = self.view
        rows = []
        for vm in d["vms"]:
            if vm["state"] != "replica":
                continue
            for i, n in enumerate(vm["nics"]):
                rows.append({"vm": vm["vm"], "nic": i, "from": n["source_network"],
                             "network": n["network"] or "(disconnected)", "subnet": n["subnet"],
                             "ip": n["ip"],
                             "retained": n["ip_retained"], "reason": n["reason"]})
        out = [(f"Failover: {d['scenario']}", rows,
                ["vm", "nic", "from", "network", "subnet", "ip", "retained", "reason"])]
        grows = [{"group": i + 1, "networks": g["networks"], "vms": g["vms"]}
                 for i, g in enumerate(d["groups"]) if any(x in v.F for x in g["vms"])]
        out.append(("Groups with failed-over VMs (who can reach whom)", grows,
                    ["group", "networks", "vms"]))
        out.append(("Isolated VMs", d["isolated_reasons"], ["vm", "reason"]))
        out.append(("Down VMs", [{"vm": x["vm"], "reason": x["reason"]} for x in d["vms"]
                                 if x["state"] == "down"], ["vm", "reason"]))
        out.append(("Broken dependencies", d["broken_dependencies"],
                    ["vm", "depends_on", "reason"]))
        if "test_network" in d:
            t = d["test_network"]
            out.append(("Test network", [t], ["network", "isolated", "reason"]))
        if d["not_protected"]:
            out.append(("Not protected (do not fail over)", d["not_protected"], ["vm", "reason"]))
        return out


def failover(G, scenario):
    """R3, R5, R6, R8, R9: what ``scenario`` does; see :class:`FailoverResult`."""
    return FailoverResult(evaluate(G, scenario))


def boot_order_problems(G, plan=None):
    """R8: dependencies inside one plan that do not boot in an earlier group.

    Returns ``[{plan, vm, depends_on, vm_group, dependency_group, reason}]``.

    >>> from netmap import load, example_path
    >>> boot_order_problems(load(example_path()))
    []
    """
    ix = index(G)
    out = []
    for p in ([plan] if plan is not None else sorted(ix.plan)):
        where = {}
        for g, group in enumerate(ix.plan[p], start=1):
            for v in group:
                where[v] = g
        for v in sorted(where):
            for d in ix.vm[v].depends_on:
                if d in where and where[d] >= where[v]:
                    same = "the same group" if where[d] == where[v] else "a later group"
                    out.append({"plan": p, "vm": v, "depends_on": d, "vm_group": where[v],
                                "dependency_group": where[d],
                                "reason": f"{d} boots in {same} ({where[d]}) as {v} "
                                          f"({where[v]}); it must boot earlier"})
    return out
