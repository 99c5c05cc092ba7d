"""What a failover does to the network: R3 (replica NICs), R5 (groups), R6 (Azure without
mapping), R8 (dependencies and boot order) and R9 (test failover).

Questions
---------
``evaluate(G, scenario)``
    Inputs: the graph and a :class:`~netmap.model.scenario.Scenario`.
    Returns the lazy :class:`FailoverView`: states, replica NICs, routes, groups,
    isolation, broken dependencies and test isolation. It costs time in proportion to
    the VMs that fail over and the subnets and networks they touch, not to the whole
    topology, so a report can evaluate every recovery plan.
    :func:`netmap.answers.failover.failover` shapes it into the answer of
    ``netmap failover``.
``boot_order_problems(G, plan)``
    R8's boot-order rule for one plan (or every plan).

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.model.scenario import Scenario
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

from netmap.model.ip import ip_text, parse_ip
from netmap.model.records import Nic, PlanNetwork, VmState
from netmap.model.topology import as_topology
from netmap.analysis.mapping import effective_mapping
from netmap.analysis.connectivity import network_label, network_view, plan_network
from netmap.analysis.reasons import Reason, ReasonKind

__all__ = ["evaluate", "FailoverView", "ReplicaNic", "Route", "boot_order_problems",
           "boot_order_reasons", "lowest_free"]


class ReplicaNic(NamedTuple):
    """One NIC of a replica (R3), or of a test replica (R9)."""

    index: int
    source_network: str
    source_subnet: str | None
    source_ip: str | None
    network: str | PlanNetwork | None  # a network name, an R6 plan network, or None
    subnet: str | None
    ip: str | None
    ip_retained: bool | None
    reason: Reason | None


_EMPTY = frozenset()
_REPLICA, _PRIMARY, _DOWN = VmState.REPLICA, VmState.PRIMARY, VmState.DOWN


class Route(NamedTuple):
    """Where one replica NIC goes, before addresses (R3 networks and subnets, R6, R9)."""

    nic: Nic
    network: str | PlanNetwork | None  # a network name, an R6 plan network, or None
    subnet: str | None
    prefix: str | None
    reason: Reason | None


def _prefix_info(prefix):
    """``(version, first, last)`` host addresses (ints) of a CIDR prefix, or None.

    IPv4 network and broadcast addresses and the IPv6 subnet-router anycast address are
    not hosts.
    """
    if not prefix:
        return None
    try:
        net = ipaddress.ip_network(prefix, strict=False)
    except ValueError:
        return None
    first, last = int(net.network_address), int(net.broadcast_address)
    if net.version == 4 and net.prefixlen < 31:
        first, last = first + 1, last - 1
    elif net.version == 6 and net.prefixlen < 127:
        first += 1
    return net.version, first, last


def _in_prefix(a, prefix):
    """Does address ``a`` (version, int) lie inside ``prefix`` at all?"""
    net = ipaddress.ip_network(prefix, strict=False)
    return a[0] == net.version and int(net.network_address) <= a[1] <= \
        int(net.broadcast_address)


def lowest_free(prefix, taken, start=None):
    """The lowest host address of ``prefix`` not in ``taken`` (a set of ints), or None.

    ``start`` (an int) skips addresses below it (the caller knows they are taken).

    >>> lowest_free("10.0.0.0/30", {parse_ip("10.0.0.1")[1]})
    '10.0.0.2'
    >>> lowest_free("10.0.0.0/31", set()), lowest_free("10.0.0.0/30", {167772161, 167772162})
    ('10.0.0.0', None)
    >>> lowest_free("fd00::/126", set())
    'fd00::1'
    """
    info = _prefix_info(prefix)
    if info is None:
        return None
    a = _lowest_free_int(info, taken, start)
    return None if a is None else ip_text(info[0], a)


def _lowest_free_int(info, taken, start=None):
    _, first, last = info
    a = first if start is None else max(first, start)
    while a <= last:
        if a not in taken:
            return a
        a += 1
    return None


class _Subnet:
    """Addresses held in one target subnet during one evaluation (R3)."""

    __slots__ = ("prefix", "info", "held", "low")

    def __init__(self, prefix, info, held):
        self.prefix = prefix
        self.info = info  # (version, first host, last host) or None
        self.held = held  # ints: running primaries, then replicas as they claim
        self.low = None  # every host address below this is held (claims only add)

    def is_host(self, a):
        info = self.info
        return a is not None and info is not None and a[0] == info[0] and \
            info[1] <= a[1] <= info[2]

    def free(self):
        a = _lowest_free_int(self.info, self.held, self.low)
        self.low = a if a is not None else self.info[2] + 1
        return a


class FailoverView:
    """A scenario evaluated against a graph. Read-only; build with :func:`evaluate`.

    Construction costs time in proportion to the VMs that fail over and the NICs of the
    target networks they land in; everything else is computed on demand and cached.
    Evaluating many scenarios on one topology shares what they have in common (routes,
    components) through the topology's memo tables.
    """

    def __init__(self, G, scenario):
        ix = self.ix = as_topology(G)
        self.G = ix.graph
        self.scenario = sc = scenario.checked(ix)
        self.mapping = (ix.mapping if not sc.remap and not sc.unmap
                        else effective_mapping(ix, sc.remap, sc.unmap))
        self.down_sites = frozenset(sc.sites_down)
        self.net = network_view(ix, self.down_sites)
        requested = sc.requested(ix)
        self.failed_over = [v for v in requested if ix.cloud[ix.vm[v].cloud].protected]
        self.not_protected = [v for v in requested if not ix.cloud[ix.vm[v].cloud].protected]
        self.F = frozenset(self.failed_over)
        self.test_network = sc.test_network
        self._comps = {}
        self._routes = {}
        route_key = (sc.remap, sc.unmap, sc.test_network)
        self._shared_routes = ix.route_cache.setdefault(route_key, {})
        comps = ix.component_cache
        self._primary_comps = comps.setdefault((self.down_sites, "primary"), {})
        self._replica_comps = comps.setdefault((self.down_sites, route_key), {})
        self._replicas = None  # addresses: assigned on first use (replica_nics)
        self._subnets = {}
        self._target_down = {}
        self._delta = None
        for v in self.failed_over:
            site = self.target_site(v)
            if site in self.down_sites:
                self._target_down[v] = site

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
        """``replica``, ``primary`` or ``down`` (R5).

        A VM of F is ``replica`` (in a test failover: its test replica, while its primary
        keeps running) unless its recovery site is down. Any other VM is ``down`` when
        its site is down, else ``primary``.
        """
        if vm in self.F:
            return _DOWN if vm in self._target_down else _REPLICA
        if self.ix.site_of_vm(vm) in self.down_sites:
            return _DOWN
        return _PRIMARY

    def down_reason(self, vm):
        """Why ``vm`` is down (a :class:`~netmap.analysis.reasons.Reason`), or None."""
        if vm in self._target_down:
            return Reason(ReasonKind.RECOVERY_SITE_DOWN, site=self._target_down[vm])
        site = self.ix.site_of_vm(vm)
        if vm not in self.F and site in self.down_sites:
            return Reason(ReasonKind.SITE_DOWN, site=site, vm=vm)
        return None

    def primary_running(self, vm):
        """Is the primary of ``vm`` running? (A test failover leaves primaries running.)"""
        if self.ix.site_of_vm(vm) in self.down_sites:
            return False
        return vm not in self.F or self.scenario.is_test

    # -- R3: replica NICs ----------------------------------------------------------------
    def _subnet(self, net, subnet, prefix):
        """The :class:`_Subnet` of ``net``/``subnet``, with the IPs its running NICs hold.

        One pass over the NICs of ``net`` fills every subnet of it.
        """
        got = self._subnets.get((net, subnet))
        if got is not None:
            return got
        ix = self.ix
        n = ix.net[net]
        first = n.subnets[0][0] if n.subnets else None
        held = {name: set() for name, _ in n.subnets}
        running = self.primary_running
        for nic in ix.nics_on.get(net, ()):
            if not nic.ip:
                continue
            h = held.get(nic.subnet or first)
            if h is not None and running(nic.vm):
                a = parse_ip(nic.ip)
                if a is not None:
                    h.add(a[1])
        prefixes = ix.prefix_info_cache
        for name, p in n.subnets:
            info = prefixes.get(p, False)
            if info is False:
                info = prefixes[p] = _prefix_info(p)
            self._subnets[(net, name)] = _Subnet(p, info, held[name])
        return self._subnets[(net, subnet)]

    def _plan_of(self, vm):
        """R6: the plan named in the scenario that ``vm`` fails over with (first by name)."""
        plans = self.scenario.plans
        for p, _g in self.ix.vm[vm].plans:  # sorted by plan name
            if p in plans:
                return p
        return None

    def routes(self, v):
        """Where each NIC of ``v``'s replica goes: :class:`Route` per NIC, no addresses.

        R3's network and subnet (or R6's plan network, or R9's test network). Cheap and
        cached; :meth:`replica_nics` adds the addresses.
        """
        got = self._routes.get(v)
        if got is not None:
            return got
        ix, sc = self.ix, self.scenario
        vm = ix.vm[v]
        azure = ix.cloud[vm.cloud].azure is not None
        plan = self._plan_of(v) if azure and not sc.is_test else None
        if plan is None:
            # routes without a plan network depend on the mapping and test network only:
            # scenarios with the same ones share them (a report evaluates each VM in its
            # plan, its site's outage and the failover of everything)
            shared = self._shared_routes
            got = shared.get(v)
            if got is None:
                got = shared[v] = self._route(vm, None)
            self._routes[v] = got
            return got
        got = self._routes[v] = self._route(vm, plan)
        return got

    def _route(self, vm, plan):
        ix, sc, mapping = self.ix, self.scenario, self.mapping
        azure = ix.cloud[vm.cloud].azure is not None
        out = []
        for nic in vm.nics:
            target = sc.test_network if sc.is_test else mapping.get(nic.network)
            if target is None:
                if plan is not None:
                    out.append(Route(nic, plan_network(plan), None, None,
                                     Reason(ReasonKind.PLAN_NETWORK, network=nic.network,
                                            plan=plan)))
                    continue
                kind = ReasonKind.NOT_MAPPED_TO_AZURE if azure else ReasonKind.NOT_MAPPED
                out.append(Route(nic, None, None, None, Reason(kind, network=nic.network)))
                continue
            # a NIC without a subnet name sits in its network's first subnet
            src_subnet = nic.subnet
            if src_subnet is None:
                subs = ix.net[nic.network].subnets
                src_subnet = subs[0][0] if subs else None
            sub = ix.net[target].subnet_named(src_subnet)
            if sub is None:
                out.append(Route(nic, target, None, None,
                                 Reason(ReasonKind.NO_SUBNETS, network=target)))
                continue
            reason = None
            if src_subnet is not None and sub[0] != src_subnet:
                reason = Reason(ReasonKind.FIRST_SUBNET, network=target, subnet=src_subnet,
                                first=sub[0])
            out.append(Route(nic, target, sub[0], sub[1], reason))
        return out

    def _assign_addresses(self):
        """R3's addresses for every replica of F, once, in the order R3 fixes.

        Replicas claim addresses in order of VM name, then NIC index; a replica whose
        recovery site is down never starts, so it claims nothing: it is evaluated after
        the running ones and sees their claims.
        """
        self._replicas = {}
        down = self._target_down
        for v in self.failed_over:
            if v not in down:
                self._replicas[v] = self._addresses(v, claim=True)
        for v in self.failed_over:
            if v in down:
                self._replicas[v] = self._addresses(v, claim=False)

    def _addresses(self, v, claim):
        out = []
        for r in self.routes(v):
            nic = r.nic
            head = (nic.index, nic.network, nic.subnet, nic.ip, r.network, r.subnet)
            if not nic.ip:
                out.append(ReplicaNic(*head, None, None, r.reason))
                continue
            if r.network is None:
                out.append(ReplicaNic(*head, None, None, r.reason))
                continue
            if r.subnet is None:  # a plan network, or a target without subnets
                out.append(ReplicaNic(*head, None, False,
                                      Reason(ReasonKind.NO_ADDRESS, cause=r.reason)))
                continue
            target, sname, prefix = r.network, r.subnet, r.prefix
            slot = self._subnet(target, sname, prefix)
            a = parse_ip(nic.ip)
            if slot.is_host(a) and a[1] not in slot.held:
                ip, kept, got = nic.ip, True, a[1]
                reason = r.reason
            else:
                kept = False
                got = slot.free() if slot.info is not None else None
                ip = None if got is None else ip_text(slot.info[0], got)
                if slot.info is None:
                    why = Reason(ReasonKind.NO_PREFIX, network=target, subnet=sname)
                elif not slot.is_host(a):
                    kind = ReasonKind.IP_OUTSIDE_PREFIX if a is None or \
                        not _in_prefix(a, prefix) else ReasonKind.IP_NOT_HOST
                    why = Reason(kind, ip=nic.ip, prefix=prefix, reassigned=ip)
                else:
                    why = Reason(ReasonKind.IP_HELD, ip=nic.ip, network=target, subnet=sname,
                                 prefix=prefix, reassigned=ip)
                reason = Reason.all_of([r.reason, why]) if r.reason else why
            if got is not None and claim:
                slot.held.add(got)
            out.append(ReplicaNic(*head, ip, kept, reason))
        return out

    def replica_nics(self, vm):
        """The replica's NICs of a VM in F (R3, R6, R9) with addresses, in NIC order.

        The first call assigns the addresses of every replica of F (R3 fixes their order).
        """
        if self._replicas is None:
            self._assign_addresses()
        return self._replicas.get(vm, [])

    # -- R5: connectivity ----------------------------------------------------------------
    def nic_networks(self, vm):
        """``[(network, connected)]`` for the NICs a running VM has in this scenario."""
        st = self.state(vm)
        if st == "down":
            return []
        if st == "replica":
            return [(r.network, r.network is not None and self.net.is_up(r.network))
                    for r in self.routes(vm)]
        return [(n.network, self.net.is_up(n.network)) for n in self.ix.vm[vm].nics]

    def components(self, vm):
        """The set of components a VM has a connected NIC in (empty: down or isolated).

        A primary's components depend on the sites down only, and a replica's on its
        routes too: both are shared with every scenario that has the same ones.
        """
        got = self._comps.get(vm)
        if got is None:
            st = self.state(vm)
            if st == "down":
                got = _EMPTY
            else:
                shared = None
                if st == "primary":
                    shared = self._primary_comps
                elif self.routes(vm) is self._shared_routes.get(vm):  # no plan network
                    shared = self._replica_comps
                if shared is not None:
                    got = shared.get(vm)
                if got is None:
                    comp, up = self.net.component, self.net.is_up
                    if st == "primary":
                        nets = [n.network for n in self.ix.vm[vm].nics]
                    else:
                        nets = [r.network for r in self.routes(vm) if r.network is not None]
                    got = frozenset(comp(n) for n in nets if up(n)) or _EMPTY
                    if shared is not None:
                        shared[vm] = got
            self._comps[vm] = got
        return got

    def is_isolated(self, vm):
        """Is ``vm`` running with no connected NIC?"""
        return self.state(vm) != "down" and not self.components(vm)

    def reachable(self, a, b):
        """R5: do running VMs ``a`` and ``b`` have NICs in one component?"""
        return bool(self.components(a) & self.components(b))

    def why_unreachable(self, a, b):
        """Why ``a`` cannot reach ``b`` (a :class:`~netmap.analysis.reasons.Reason`), or
        None when it can."""
        for x in (a, b):
            if self.state(x) == "down":
                return Reason(ReasonKind.VM_DOWN, vm=x, cause=self.down_reason(x))
        for x in (a, b):
            if not self.components(x):
                return Reason(ReasonKind.VM_ISOLATED, vm=x, cause=self.isolation_reason(x))
        if self.reachable(a, b):
            return None

        def show(x):
            return tuple(sorted(network_label(n) for n, ok in self.nic_networks(x) if ok))
        return Reason(ReasonKind.NOT_JOINED, a=a, b=b, a_networks=show(a), b_networks=show(b))

    def isolation_reason(self, vm):
        """Why ``vm``'s NICs are all disconnected (for an isolated VM): a
        :class:`~netmap.analysis.reasons.Reason`, one part per distinct cause."""
        reasons = []
        if self.state(vm) == "replica":
            for r in self.routes(vm):
                if r.network is None:
                    reasons.append(r.reason)
                elif not self.net.is_up(r.network):
                    reasons.append(Reason(ReasonKind.NO_TRAFFIC, network=r.network,
                                          site=self.ix.net[r.network].site))
        else:
            for n in self.ix.vm[vm].nics:
                reasons.append(Reason(ReasonKind.NO_TRAFFIC, network=n.network,
                                      site=self.ix.net[n.network].site))
        if not reasons:
            return Reason(ReasonKind.NO_NICS)
        distinct = {str(r): r for r in reasons}
        return Reason.all_of(distinct[t] for t in sorted(distinct))

    def groups(self, vms=None):
        """Components with their running VMs: ``[(component, [vm, ...])]`` sorted.

        ``vms`` restricts the VMs considered (default: every VM of the topology, which
        costs time in proportion to the topology; see :meth:`touched_groups`).
        """
        members = defaultdict(list)
        for v in (sorted(self.ix.vm) if vms is None else vms):
            if self.state(v) == "down":
                continue
            for c in self.components(v):
                members[c].append(v)
        return sorted(((c, sorted(vs)) for c, vs in members.items()),
                      key=lambda cv: network_label(cv[0]))

    def touched_components(self):
        """Components a replica of F joins or a primary of F leaves, sorted by label."""
        ix = self.ix
        out = set()
        for v in self.failed_over:
            out.update(self.components(v))
            if not self.primary_running(v) and ix.site_of_vm(v) not in self.down_sites:
                for nic in ix.vm[v].nics:
                    c = self.net.component(nic.network)
                    if c is not None:
                        out.add(c)
        return sorted(out, key=network_label)

    def group_members(self, comp):
        """The running VMs with a NIC in component ``comp``, sorted.

        Costs time in proportion to the VMs of that component. A VM of F is listed by
        its replica only (in a test failover too: its name means the test replica).
        """
        F = self.F
        out = [v for v in self.net.primaries(comp) if v not in F]
        out.extend(v for v in self.failed_over if comp in self.components(v))
        return sorted(out)

    def touched_groups(self):
        """:meth:`groups` restricted to :meth:`touched_components` (the groups a
        failover changes), in time proportional to those components."""
        return [(c, self.group_members(c)) for c in self.touched_components()
                if self.running_count(c)]

    def _deltas(self):
        if self._delta is None:
            delta = defaultdict(int)
            ix = self.ix
            for v in self.failed_over:
                # the base count holds v's primary when its site is up; in this
                # scenario v is counted by its replica only
                if ix.site_of_vm(v) not in self.down_sites:
                    for c in {self.net.component(x.network) for x in ix.vm[v].nics}:
                        if c is not None:
                            delta[c] -= 1
                for c in self.components(v):
                    delta[c] += 1
            self._delta = delta
        return self._delta

    def running_count(self, comp):
        """How many running VMs have a NIC in component ``comp`` (without listing them):
        ``len(group_members(comp))`` in O(1) after one pass over F."""
        return self.net.running_count(comp) + self._deltas().get(comp, 0)

    # -- R8 ------------------------------------------------------------------------------
    def dependency_failures(self, vms=None):
        """R8: the dependencies that fail, with why.

        Parameters
        ----------
        vms : iterable of str, optional
            The VMs whose dependencies are checked (default: the VMs of F).

        Returns
        -------
        list of (str, str, Reason)
            ``(vm, dependency, reason)``; the reason's kind is ``VM_ITSELF_DOWN``,
            ``VM_DOWN``, ``VM_ISOLATED`` or ``NOT_REACHABLE``, with the cause in its
            ``cause`` field.
        """
        out = []
        for v in (self.failed_over if vms is None else vms):
            for d in self.ix.vm[v].depends_on:
                why = None
                if self.state(v) == "down":
                    why = Reason(ReasonKind.VM_ITSELF_DOWN, vm=v, cause=self.down_reason(v))
                elif self.state(d) == "down":
                    why = Reason(ReasonKind.VM_DOWN, vm=d, cause=self.down_reason(d))
                elif not self.components(d):
                    why = Reason(ReasonKind.VM_ISOLATED, vm=d, cause=self.isolation_reason(d))
                elif not self.components(v):
                    why = Reason(ReasonKind.VM_ISOLATED, vm=v, cause=self.isolation_reason(v))
                elif not self.reachable(v, d):
                    why = Reason(ReasonKind.NOT_REACHABLE, cause=self.why_unreachable(v, d))
                if why is not None:
                    out.append((v, d, why))
        return out

    def broken_dependencies(self, vms=None):
        """``[{vm, depends_on, reason}]`` for VMs in F (or ``vms``) whose dependency fails
        (the rows of :meth:`dependency_failures`, reasons in words)."""
        return [{"vm": v, "depends_on": d, "reason": str(why)}
                for v, d, why in self.dependency_failures(vms)]

    # -- R9 ------------------------------------------------------------------------------
    def test_isolation(self):
        """``(isolated, reason)`` for the test network (R9); ``(None, None)`` if no drill.

        ``reason`` is a :class:`~netmap.analysis.reasons.Reason`.
        """
        n = self.test_network
        if n is None:
            return None, None
        sources = sorted(s for s, t in self.mapping.items() if t == n)
        if sources:
            return False, Reason(ReasonKind.TEST_NETWORK_MAPPED, network=n,
                                 sources=tuple(sources))
        if self.net.component(n) is None:
            return True, Reason(ReasonKind.NETWORK_DOWN, network=n)
        ix = self.ix

        def running_on(m):
            for nic in ix.nics_on.get(m, ()):
                if self.primary_running(nic.vm):
                    return nic.vm
            return None

        # breadth-first from N: the nearest network where a VM outside the drill runs
        route = self.net.nearest(n, running_on)
        if route is not None:
            m, vm = route[-1][0], running_on(route[-1][0])
            if m == n:
                return False, Reason(ReasonKind.TEST_NETWORK_RUNNING, network=n, vm=vm)
            return False, Reason(ReasonKind.TEST_NETWORK_JOINED, network=n, joined=m, vm=vm,
                                 route=tuple(x for x, _ in route))
        return True, Reason(ReasonKind.TEST_NETWORK_ISOLATED, network=n)


def evaluate(G, scenario):
    """Evaluate ``scenario`` on ``G`` into a :class:`FailoverView` (never changes ``G``).

    ``G`` is a topology or a graph (see :func:`~netmap.model.topology.as_topology`).
    Evaluating every recovery plan of one topology costs what the plans touch and nothing
    per plan for the whole graph.
    """
    return FailoverView(G, scenario)


def boot_order_reasons(ix, plan=None):
    """R8: dependencies inside one plan that do not boot in an earlier group.

    Parameters
    ----------
    ix : TopologyData
        The topology.
    plan : str, optional
        One recovery plan (default: every plan, by name).

    Returns
    -------
    list of Reason
        Kind ``BOOTS_IN_SAME_GROUP`` (fields plan, vm, dependency, group) or
        ``BOOTS_LATER`` (plan, vm, dependency, vm_group, dependency_group).

    Examples
    --------
    >>> from netmap import load, example_path
    >>> boot_order_reasons(load(example_path()))
    []
    """
    out = []
    for p in ([plan] if plan is not None else sorted(ix.plan)):
        where = {}
        for g, group in enumerate(ix.plan[p], start=1):
            for v in group:
                where[v] = g
        for v in sorted(where):
            for d in ix.vm[v].depends_on:
                if d in where and where[d] >= where[v]:
                    if where[d] == where[v]:
                        out.append(Reason(ReasonKind.BOOTS_IN_SAME_GROUP, plan=p, vm=v,
                                          dependency=d, group=where[v]))
                    else:
                        out.append(Reason(ReasonKind.BOOTS_LATER, plan=p, vm=v, dependency=d,
                                          vm_group=where[v], dependency_group=where[d]))
    return out


def boot_order_problems(G, plan=None):
    """R8: dependencies inside one plan that do not boot in an earlier group.

    Returns ``[{plan, vm, depends_on, vm_group, dependency_group, reason}]`` (the rows of
    :func:`boot_order_reasons`, reasons in words).

    >>> from netmap import load, example_path
    >>> boot_order_problems(load(example_path()))
    []
    """
    ix = as_topology(G)
    return [{"plan": r.plan, "vm": r.vm, "depends_on": r.dependency,
             "vm_group": r.fields.get("vm_group", r.fields.get("group")),
             "dependency_group": r.fields.get("dependency_group", r.fields.get("group")),
             "reason": str(r)} for r in boot_order_reasons(ix, plan)]
