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

This module holds states, routes, components, groups and reachability; the view's methods
delegate R3's addresses to :mod:`~netmap.analysis.addressing`, R8 (also
``boot_order_problems``) to :mod:`~netmap.analysis.dependencies` and R9's isolation to
:mod:`~netmap.analysis.drill`. docs/rules.md states the rules in words.

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.model.scenario import Scenario
>>> G = load(example_path())
>>> v = evaluate(G, Scenario(plans=("Plan-Gold",), sites_down=("Beijing",)))
>>> [(n.network, n.subnet, n.ip, n.ip_retained) for n in v.replica_nics("VM1")]
[('VMNetwork1-Shanghai', 'Subnet1', '10.1.0.2', False)]
>>> v.state("MON-SH"), v.state("APP2")
('primary', 'down')
>>> v.reachable("VM1", "MON-SH")
True
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from netmap.model.records import Nic, NicSettings, PlanNetwork, VmState
from netmap.model.topology import as_topology
from netmap.model.scenario import Scenario
from netmap.analysis.mapping import cannot_tell, effective_mapping
from netmap.analysis.connectivity import (join_label, network_label, network_view,
                                          overlapping_prefixes, plan_network, prefix_holding)
from netmap.model.ip import ip_text, parse_ip
from netmap.analysis.reasons import Reason, ReasonKind
from netmap.analysis.placement import placement_of
from netmap.analysis import dependencies as _dependencies
from netmap.analysis import drill as _drill
from netmap.analysis.addressing import (ReplicaNic, address_table, lowest_free, replica_nic)
from netmap.analysis.dependencies import boot_order_problems, boot_order_reasons

__all__ = ["evaluate", "FailoverView", "ReplicaNic", "Route", "PeerKey", "replica_routes",
           "shared_routes", "boot_order_problems", "boot_order_reasons", "lowest_free"]

_EMPTY = frozenset()
#: ``_tuple_new(Route, (...))`` makes a named tuple without its Python-level ``__new__``
#: (a Route per replica NIC)
_tuple_new = tuple.__new__
_REPLICA, _PRIMARY, _DOWN = VmState.REPLICA, VmState.PRIMARY, VmState.DOWN
_UNPLACED = VmState.UNPLACED


def _ip(text):
    return parse_ip(text) if text else None


def _ip_text(ip):
    return None if ip is None else ip_text(*ip)


class _Later(NamedTuple):
    """A replica NIC's address, not yet looked up (:meth:`FailoverView.address`)."""

    vm: str
    index: int


class PeerKey(NamedTuple):
    """A reach key (:meth:`FailoverView.reach_keys`) of the VMs of two components that a
    peering joins: the two component labels, sorted."""

    a: str
    b: str


class Route(NamedTuple):
    """Where one replica NIC goes, before addresses (R3 networks and subnets, R6, R9)."""

    nic: Nic
    network: str | PlanNetwork | None  # a network name, an R6 plan network, or None
    subnet: str | None
    prefix: str | None
    reason: Reason | None


def replica_routes(ix, mapping, vm, plan=None, test_network=None):
    """Where each NIC of ``vm``'s replica goes (R3 network and subnet, R6, R9): a
    :class:`Route` per NIC, in NIC order, no addresses.

    Parameters
    ----------
    ix : TopologyData
        The topology.
    mapping : MappingTable
        The mapping in force (R1: a source's target at the VM's recovery site).
    vm : VM
        The VM record.
    plan : str, optional
        R6: the recovery plan it fails over with to Azure (its unmapped NICs join the
        plan's network).
    test_network : str, optional
        R9: every NIC goes to this network.

    Notes
    -----
    *One VNet per Azure VM* (R3): a replica in Azure has all its NICs in one network, its
    primary NIC's (NIC 0's): NIC 0's mapping target; when NIC 0 is not mapped, R6's plan
    network with ``plan``, else the first mapped NIC's target. Every other NIC, mapped
    elsewhere or not mapped at all, joins that network instead (reason ``ONE_VNET``,
    NM016); a NIC goes disconnected only when no NIC of the VM has a network (R6).
    *Subnet*: the target's subnet of the NIC's subnet name (without case for an Azure
    target), else the target's first subnet
    (:meth:`~netmap.model.records.Network.subnet_named`).
    """
    nics = vm.nics
    if test_network is not None:
        # R9: "a replica.subnet does not apply to drills"; a NIC whose test.network is
        # the named test network takes its test.subnet
        return [_route_to(ix, nic, test_network, None, _test_settings(nic, test_network))
                for nic in nics]
    azure = ix.container(vm.name).azure is not None
    site = ix.recovery_site(vm.name)  # R1: the mapping to the VM's recovery site
    if vm.cloud is None:
        plan = None  # R11: "R6 does not apply" to Azure to Azure
    if not azure:
        # R4: a replica_host is a fact; a NIC whose network it does not reach is
        # disconnected (a drill's test network is R9's business)
        rh = vm.replica_host
        reached = ix.host[rh].logical_networks if rh is not None else None
        out = []
        for nic in nics:
            target, why = _target(ix, mapping, site, nic)
            if target is None:
                out.append(_route_one(ix, mapping, site, nic, azure, plan, (None, why)))
                continue
            if reached is not None:
                ln = ix.net[target].logical
                if ln is not None and ln not in reached:
                    out.append(Route(nic, None, None, None,
                                     Reason(ReasonKind.HOST_DOES_NOT_REACH, host=rh,
                                            network=target, logical_network=ln)))
                    continue
            out.append(_route_to(ix, nic, target, why))
        return out
    if len(nics) < 2:
        return [_route_one(ix, mapping, site, nic, azure, plan) for nic in nics]
    targets = [_target(ix, mapping, site, nic) for nic in nics]
    own = [t for t, _why in targets]
    primary = own[0]
    if primary is None:
        primary = plan_network(plan) if plan is not None else \
            next((t for t in own if t is not None), None)
    out = []
    for nic, t, target_why in zip(nics, own, targets):
        if primary is None or t == primary or (t is None and primary.__class__ is PlanNetwork):
            out.append(_route_one(ix, mapping, site, nic, azure, plan, target_why))
            continue
        moved = Reason(ReasonKind.ONE_VNET, vm=vm.name, network=str(primary), own=t,
                       source=nic.network)
        if primary.__class__ is PlanNetwork:
            out.append(Route(nic, primary, None, None, moved))
        else:
            out.append(_route_to(ix, nic, primary, moved))
    return out


_NO_SETTINGS = NicSettings()


def _test_settings(nic, test_network):
    """The configured settings a drill NIC on ``test_network`` follows (R9): its ``test:``
    when they name that network, else none."""
    t = nic.test
    return t if t is not None and t.network == test_network else _NO_SETTINGS


def _target(ix, mapping, site, nic):
    """``(target, why)`` of one NIC by its configured ``replica.network`` (R3) or its own
    mapping to ``site`` (R1; for an unmapped A2A source, the network Site Recovery
    creates, R11); ``why`` is None for a plain mapping."""
    rep = nic.replica
    if rep is not None and rep.network is not None:
        return rep.network, Reason(ReasonKind.CONFIGURED, setting="network",
                                   value=rep.network, test=False)
    target = mapping.target(nic.network, site)
    if target is not None and target in ix.created:
        return target, Reason(ReasonKind.CREATED_BY_ASR, network=target,
                              source=nic.network, site=site)
    return target, None


def _route_one(ix, mapping, site, nic, azure, plan, target_why=None):
    """One NIC's route by its configured network or its own mapping to ``site`` (R1, R3,
    R11), or R6's plan network, or disconnected (``target_why``: :func:`_target`'s
    answer when the caller has it)."""
    target, why = _target(ix, mapping, site, nic) if target_why is None else target_why
    if target is not None:
        return _route_to(ix, nic, target, why)
    if plan is not None:
        return Route(nic, plan_network(plan), None, None,
                     Reason(ReasonKind.PLAN_NETWORK, network=nic.network, plan=plan))
    kind = ReasonKind.NOT_MAPPED_TO_AZURE if azure and ix.vm[nic.vm].cloud is not None \
        else ReasonKind.NOT_MAPPED
    return Route(nic, None, None, None, Reason(
        kind, network=nic.network, site=site,
        elsewhere=tuple(mapping.targets(nic.network).items())))


def _route_to(ix, nic, target, why, settings=None):
    """NIC ``nic``'s route into network ``target`` (R3's subnet rule, or the configured
    subnet of ``settings``, by default the NIC's ``replica:``); ``why``: a reason it goes
    there (None: its own mapping)."""
    rep = nic.replica if settings is None else settings
    if rep is not None and rep.subnet is not None and \
            not (ix.unknown and (target, "subnets") in ix.unknown_index):
        # R3: "the NIC's replica.subnet when given" (a subnet the target does not have,
        # possible only without replica.network, is ignored: R3's rule decides)
        tnet = ix.net[target]
        for name, prefix in tnet.subnets:
            if name == rep.subnet or tnet.is_azure and name.casefold() == \
                    rep.subnet.casefold():
                conf = Reason(ReasonKind.CONFIGURED, setting="subnet", value=name,
                              test=settings is not None)
                return Route(nic, target, name, prefix,
                             conf if why is None else Reason.all_of([why, conf]))
    # R3's rule depends on the target and the NIC's network and subnet name only: one
    # choice (and one reason record) per such triple, shared by every NIC and view
    key = (target, nic.network, nic.subnet)
    memo = ix._subnet_memo
    got = memo.get(key)
    if got is None:
        got = memo[key] = _subnet_choice(ix, target, nic.network, nic.subnet)
    if got[2] is not None:
        why = got[2] if why is None else Reason.all_of([why, got[2]])
    return _tuple_new(Route, (nic, target, got[0], got[1], why))


def _subnet_choice(ix, target, network, subnet):
    """``(subnet, prefix, reason)`` in ``target`` of a NIC on ``network`` in ``subnet``
    (R3's subnet rule, no configured subnet); ``reason``: why it is not the NIC's own
    subnet name (None when it is)."""
    if ix.unknown and (target, "subnets") in ix.unknown_index:  # SPEC §7: cannot tell
        return None, None, cannot_tell(ix, target, "subnets", "which subnet and address "
                                                              "the replica NIC gets")
    tnet = ix.net[target]
    # a NIC without a subnet name sits in its network's first subnet
    src_subnet = subnet
    if src_subnet is None:
        subs = ix.net[network].subnets
        src_subnet = subs[0][0] if subs else None
    sub = tnet.subnet_named(src_subnet)
    if sub is None:
        return None, None, Reason(ReasonKind.NO_SUBNETS, network=target)
    if src_subnet is not None and sub[0] != src_subnet and \
            not (tnet.is_azure and sub[0].casefold() == src_subnet.casefold()):
        return sub[0], sub[1], Reason(ReasonKind.FIRST_SUBNET, network=target,
                                      subnet=src_subnet, first=sub[0])
    return sub[0], sub[1], None


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
        down = self.down_sites
        recovery_site = ix.recovery_site
        at_down = None  # VM of F -> its recovery site, when down (before R4 below)
        if sc.all:  # every protected VM: requested holds those only
            self.failed_over, self.not_protected = requested, []
        else:
            self.failed_over, self.not_protected = fo, lost = [], []
            container = ix.container
            at_down, site_of = {}, {}  # the recovery site is the container's: asked once
            for v in requested:
                c = container(v)
                if not c.protected:
                    lost.append(v)
                    continue
                fo.append(v)
                if down:
                    site = site_of.get(id(c), site_of)
                    if site is site_of:
                        site = site_of[id(c)] = recovery_site(v)
                    if site in down:
                        at_down[v] = site
        self.F = frozenset(self.failed_over)
        self.test_network = sc.test_network
        self._comps = {}
        self._ends = {}
        self._later = {}
        self._routes = {}
        route_key = (sc.remap, sc.unmap, sc.test_network)
        self._shared_routes = ix._route_memo.setdefault(route_key, {})
        if not sc.plans and not sc.is_test:  # no plan network, no drill: every route is
            self._routes = self._shared_routes  # the shared one (routes() reads it first)
        comps = ix._component_memo
        self._primary_comps = comps.setdefault((self.down_sites, "primary"), {})
        self._replica_comps = comps.setdefault((self.down_sites, route_key), {})
        self._of_nets = self.net.shared.setdefault("_components_of", {})  # components()
        # _overlap: whether two networks' prefixes overlap does not depend on sites down
        self._overlaps = network_view(ix, _EMPTY).shared.setdefault("_overlap", {})
        self._replicas = None  # a test failover's addresses: on first use (replica_nics)
        self._nics = {}  # VM -> its replica NICs (replica_nics)
        self._fixed = None  # (failover addresses, placement): on first use
        self._drill = {}  # R9's memo (netmap.analysis.drill): production view, hosts
        self._target_down = {}
        self._delta = None
        self._failures = None  # R8's failures of F (dependency_failures): on first use
        # R4: the topology's placement (computed once per topology and mapping, for the
        # protecting clouds F touches); a replica no host can take never runs
        self.placement = placement = placement_of(ix, sc.remap, sc.unmap)
        self._unplaced = unplaced = placement.unplaced_among(self.failed_over)
        if at_down:
            self._target_down = {v: s for v, s in at_down.items() if v not in unplaced}
        elif down and at_down is None:
            target_down = self._target_down
            for v in self.failed_over:
                if v not in unplaced:
                    site = recovery_site(v)  # target_site
                    if site in down:
                        target_down[v] = site
        self.unplaced = list(unplaced)  # failed_over is sorted

    # -- states ------------------------------------------------------------------------
    def target_site(self, vm):
        """The site a VM's replica runs at (protecting cloud's site, or the Azure site)."""
        return self.ix.recovery_site(vm)

    def state(self, vm):
        """``replica``, ``primary``, ``down`` or ``unplaced`` (R5).

        A VM of F is ``unplaced`` when no host can take its replica (R4: its replica
        never runs, in a test failover too), else ``down`` when its recovery site is down,
        else ``replica`` (in a test failover: its test replica, while its primary keeps
        running). Any other VM is ``down`` when its site is down, else ``primary``.
        """
        if vm in self.F:
            if vm in self._unplaced:
                return _UNPLACED
            return _DOWN if vm in self._target_down else _REPLICA
        if self.ix.site_of_vm(vm) in self.down_sites:
            return _DOWN
        return _PRIMARY

    def unplaced_reason(self, vm):
        """Why ``vm``'s replica does not run for want of a host (a
        :class:`~netmap.analysis.reasons.Reason` of kind ``UNPLACED``, with R4's reason
        as its cause), or None."""
        why = self._unplaced.get(vm)
        return None if why is None else Reason(ReasonKind.UNPLACED, vm=vm, cause=why)

    def not_running_reason(self, vm):
        """Why ``vm`` does not run in this scenario (down or unplaced), or None."""
        if vm in self._unplaced:
            return self.unplaced_reason(vm)
        return self.down_reason(vm)

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
        if sc.test_network is not None:  # R9: the drill's own routes (they depend on F
            got = self._routes[v] = _drill.routes(self, vm)  # and on hosts)
            return got
        # R6: a plan network only for a VM of a cloud protected to Azure, with a plan the
        # scenario names (replica_routes: an Azure VM's region, R11, has none)
        plan = self._plan_of(v) if sc.plans and vm.cloud is not None and \
            ix.cloud[vm.cloud].azure is not None else None
        if plan is not None and (not vm.nics or _target(ix, self.mapping, ix.recovery_site(v),
                                                        vm.nics[0])[0] is not None):
            # R6's plan network takes only the NICs of a replica whose NIC 0 has no
            # target (replica_routes): with one, the routes are those without a plan
            plan = None
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
        sc = self.scenario
        return replica_routes(self.ix, self.mapping, vm, plan,
                              sc.test_network if sc.is_test else None)

    def replica_nics(self, vm):
        """The replica's NICs of a VM in F (R3, R6, R9) with addresses, in NIC order.

        A failover's addresses are the topology's fixed ones (R3:
        :func:`~netmap.analysis.addressing.failover_addresses`, computed once per
        what-if mapping, whatever fails over); a replica that cannot be placed gets none.
        A test failover assigns its own test addresses on first call (R9:
        :func:`~netmap.analysis.drill.test_addresses`).
        """
        got = self._nics.get(vm)  # asked again (a test failover keeps none here)
        if got is not None:
            return got
        if self.scenario.is_test:
            if self._replicas is None:  # R9: test addresses (netmap.analysis.drill)
                self._replicas = _drill.test_addresses(self)
            return self._replicas.get(vm, [])
        if vm not in self.F:
            return []
        table = self.fixed_addresses()[0]
        why = self._unplaced.get(vm)  # R4: the placement's reason (vm is in F)
        no_address = None if why is None else Reason(ReasonKind.NO_ADDRESS, cause=why)
        mine = table.get(vm)
        routes = self.routes(vm)
        if len(routes) == 1:  # most VMs have one NIC
            r = routes[0]
            got = [replica_nic(r, mine[r.nic.index] if mine else None, no_address)]
        elif mine:
            got = [replica_nic(r, mine[r.nic.index], no_address) for r in routes]
        else:
            got = [replica_nic(r, None, no_address) for r in routes]
        self._nics[vm] = got
        return got

    def fixed_addresses(self):
        """``(table, placement)``: the topology's failover addresses under this scenario's
        mapping (an :class:`~netmap.analysis.addressing.AddressTable`: ``table.get(vm)``
        is a list with an :class:`~netmap.analysis.addressing.Address` per NIC) and its
        :class:`~netmap.analysis.placement.Placement` (an unplaced VM claims nothing),
        both computed once per topology and what-if mapping (R3, R4)."""
        if self._fixed is None:
            ix, sc = self.ix, self.scenario
            placement = self.placement
            shared = ix._route_memo.setdefault((sc.remap, sc.unmap, None), {})
            mapping = self.mapping

            def routes_of(v):
                got = shared.get(v)
                if got is None:
                    got = shared[v] = replica_routes(ix, mapping, ix.vm[v])
                return got
            table = address_table(ix, mapping, routes_of, placement.is_unplaced,
                                  (sc.remap, sc.unmap))
            self._fixed = (table, placement)
        return self._fixed

    # -- R5: connectivity ----------------------------------------------------------------
    def nic_networks(self, vm):
        """``[(network, connected)]`` for the NICs a running VM has in this scenario."""
        st = self.state(vm)
        if st == "down" or st == "unplaced":
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
        if got is not None:
            return got
        # state(vm), inlined: none for a VM down or unplaced
        if vm in self.F:
            if vm in self._unplaced or vm in self._target_down:
                got = _EMPTY
            else:  # a replica
                routes = self._routes.get(vm)
                if routes is None:
                    routes = self.routes(vm)
                # routes without a plan network are shared, and so are their components
                shared = self._replica_comps if routes is self._shared_routes.get(vm) \
                    else None
        elif self.ix.site_of_vm(vm) in self.down_sites:
            got = _EMPTY
        else:  # a primary
            shared = self._primary_comps
            routes = None
        if got is None:
            if shared is not None:
                got = shared.get(vm)
            if got is None:
                if routes is None:
                    nets = tuple([n.network for n in self.ix.vm[vm].nics])
                else:
                    nets = tuple([r.network for r in routes if r.network is not None])
                # VMs on the same networks share a set (per set of sites down)
                of_nets = self._of_nets
                got = of_nets.get(nets)
                if got is None:
                    comp, up = self.net.component, self.net.is_up
                    got = of_nets[nets] = frozenset([comp(n) for n in nets if up(n)]) or _EMPTY
                if shared is not None:
                    shared[vm] = got
        self._comps[vm] = got
        return got

    def is_isolated(self, vm):
        """Is ``vm`` running with no connected NIC? (An unplaced replica does not run,
        so it is never isolated; a VM whose NICs are unknown cannot be told isolated.)"""
        return self.is_running(vm) and not self.components(vm) and not self.nics_unknown(vm)

    def nics_unknown(self, vm):
        """Does the topology list ``vm``'s NICs as unknown (``netmap import``)?"""
        return bool(self.ix.unknown) and (vm, "nics") in self.ix.unknown_index

    def is_running(self, vm):
        """Does ``vm`` run in this scenario (state ``replica`` or ``primary``)?"""
        st = self.state(vm)
        return st != "down" and st != "unplaced"

    def endpoints(self, vm):
        """``[(network, component, address)]`` for the connected NICs of a running VM, in
        NIC order: ``address`` is ``(version, int)``, None for a NIC without one, or (a
        replica's) a reference that :meth:`address` looks up in :meth:`replica_nics`.
        Empty when down or isolated."""
        got = self._ends.get(vm)
        if got is None:
            st = self.state(vm)
            comp, up = self.net.component, self.net.is_up
            if st != "replica" and st != "primary":  # down, or unplaced (does not run)
                got = []
            elif st == "replica":
                # the address is looked up when a join needs it (:meth:`address`)
                new = tuple.__new__  # _Later(vm, index), without its __new__'s call
                got = [(r.network, comp(r.network), new(_Later, (vm, r.nic.index)))
                       for r in self.routes(vm) if r.network is not None and up(r.network)]
            else:
                got = [(n.network, comp(n.network), _ip(n.ip))
                       for n in self.ix.vm[vm].nics if up(n.network)]
            self._ends[vm] = got
        return got

    def address(self, x):
        """An :meth:`endpoints` address: ``(version, int)`` or None (a replica's is looked
        up in :meth:`replica_nics` on first use)."""
        if isinstance(x, _Later):
            got = self._later.get(x)
            if got is None:
                for r in self.replica_nics(x.vm):
                    self._later[_Later(x.vm, r.index)] = (_ip(r.ip),)
                got = self._later.get(x, (None,))
            return got[0]
        return x

    def _overlap(self, na, nb):
        key = (na, nb) if network_label(na) <= network_label(nb) else (nb, na)
        memo = self._overlaps
        got = memo.get(key)
        if got is None:
            got = memo[key] = bool(overlapping_prefixes(self.ix, na, nb))
        return got

    def blocked(self, ea, eb):
        """R5's address rule for one NIC of ``a`` and one of ``b`` (two :meth:`endpoints`
        entries) on joined networks: None when traffic passes, else ``(network, prefix,
        side)``: ``side`` ``"b"`` when b's address lies in ``prefix`` of a's network,
        ``"a"`` when a's address lies in ``prefix`` of b's network. One network: None.

        A replica's address lies in its subnet's prefix (R3) or it has none, so it is
        looked up only when the two networks' prefixes overlap."""
        na, _ca, ia = ea
        nb, _cb, ib = eb
        if na == nb:
            return None
        if isinstance(ia, _Later) or isinstance(ib, _Later):
            if not self._overlap(na, nb):
                if isinstance(ib, _Later):
                    ib = None
                if isinstance(ia, _Later):
                    ia = None
            ia, ib = self.address(ia), self.address(ib)
        p = prefix_holding(self.ix, na, ib)
        if p is not None:
            return na, p, "b"
        p = prefix_holding(self.ix, nb, ia)
        if p is not None:
            return nb, p, "a"
        return None

    def reach_keys(self, vm):
        """The keys whose sharing makes two running VMs joined (before addresses): the
        components of :meth:`components`, and a :class:`PeerKey` for every peering of
        one of them (two VMs share a key iff a NIC of each is in one component or in two
        components a peering joins)."""
        comps = self.components(vm)
        memo = self.net.shared.setdefault("_reach_keys", {})  # VMs share component sets
        got = memo.get(comps)
        if got is None:
            keys = None
            for c in comps:
                for d in self.net.peers(c):
                    keys = keys if keys is not None else set(comps)
                    keys.add(PeerKey(*sorted((network_label(c), network_label(d)))))
            got = memo[comps] = comps if keys is None else frozenset(keys)
        return got

    def reachable(self, a, b):
        """R5: do running VMs ``a`` and ``b`` have a NIC each on one network, or on
        networks of one component, or of two components a peering joins, with addresses
        that the joins carry (:meth:`blocked`)?"""
        ca, cb = self.components(a), self.components(b)
        if not ca or not cb:
            return False
        if ca.isdisjoint(cb) and not any(d in cb for c in ca for d in self.net.peers(c)):
            return False
        joined = self.net.joined
        ends_b = self.endpoints(b)
        for ea in self.endpoints(a):
            c = ea[1]
            for eb in ends_b:
                # joined(c, eb[1]), one component first
                if (c == eb[1] and c is not None or joined(c, eb[1])) and \
                        self.blocked(ea, eb) is None:
                    return True
        return False

    def why_unreachable(self, a, b):
        """Why ``a`` cannot reach ``b`` (a :class:`~netmap.analysis.reasons.Reason`), or
        None when it can."""
        return self.diagnose(a, b, with_route=False)[0]

    def diagnose(self, a, b, with_route=True):
        """``(reason, attempt, blocked_at)`` for the pair: ``reason`` as
        :meth:`why_unreachable` (None: reachable); ``attempt`` the route ``[(network,
        via)]`` the traffic would take, or None; ``blocked_at`` the join (``A -- B``)
        where it is lost, or None. ``with_route=False`` leaves out a route that costs a
        search of the network graph (a chain of peerings)."""
        for x in (a, b):
            if self.state(x) == "down":
                return Reason(ReasonKind.VM_DOWN, vm=x, cause=self.down_reason(x)), None, None
            if x in self._unplaced:
                return self.unplaced_reason(x), None, None
        for x in (a, b):
            if self.nics_unknown(x):  # SPEC §7: "cannot tell", never "not reachable"
                return cannot_tell(self.ix, x, "nics", f"whether {a} reaches {b}"), None, None
        for x in (a, b):
            if not self.components(x):
                return (Reason(ReasonKind.VM_ISOLATED, vm=x, cause=self.isolation_reason(x)),
                        None, None)
        if self.reachable(a, b):
            return None, None, None
        K = ReasonKind
        order = sorted(((ea, eb) for ea in self.endpoints(a) for eb in self.endpoints(b)),
                       key=lambda p: (network_label(p[0][0]), network_label(p[1][0])))
        for ea, eb in order:
            if not self.net.joined(ea[1], eb[1]):
                continue
            net, prefix, side = self.blocked(ea, eb)
            route = self.net.route(ea[0], eb[0])
            joins = [join_label(route[i - 1][0], route[i][0]) for i in range(1, len(route))]
            at = joins[0] if side == "b" else joins[-1]
            held, holder = (b, eb) if side == "b" else (a, ea)
            return (Reason(K.ADDRESS_OVERLAP, vm=held, ip=_ip_text(self.address(holder[2])),
                           prefix=prefix,
                           network=net, other=a if side == "b" else b, join=at),
                    route, at)
        for ea, eb in order:
            peerings = self.net.peering_chain(ea[1], eb[1])
            if not peerings:
                continue
            why = Reason(K.PEERING_NOT_TRANSITIVE, a=a, b=b, a_network=network_label(ea[0]),
                         b_network=network_label(eb[0]), peerings=tuple(peerings))
            if not with_route:
                return why, None, None
            route = self.net.path([ea[0]], [eb[0]])
            crossed = [join_label(route[i - 1][0], route[i][0])
                       for i in range(1, len(route)) if route[i][1] == "peering"]
            return why, route, crossed[1] if len(crossed) > 1 else peerings[1]

        def show(x):
            return tuple(sorted({network_label(n) for n, ok in self.nic_networks(x) if ok}))
        return (Reason(K.NOT_JOINED, a=a, b=b, a_networks=show(a), b_networks=show(b)),
                None, None)

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
        components = self.components
        for v in (sorted(self.ix.vm) if vms is None else vms):
            for c in components(v):  # none when v does not run
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
            down, vms, cloud = self.down_sites, ix.vm, ix.cloud
            component, components = self.net.component, self.components
            for v in self.failed_over:
                # the base count holds v's primary when its site is up; in this
                # scenario v is counted by its replica only
                x = vms[v]  # its site: ix.site_of_vm(v), inlined
                if (cloud[x.cloud].site if x.cloud is not None else x.site) not in down:
                    nics = x.nics
                    if len(nics) == 1:
                        c = component(nics[0].network)
                        if c is not None:
                            delta[c] -= 1
                    else:
                        for c in {component(n.network) for n in nics}:
                            if c is not None:
                                delta[c] -= 1
                for c in components(v):
                    delta[c] += 1
            self._delta = delta
        return self._delta

    def running_count(self, comp):
        """How many running VMs have a NIC in component ``comp`` (without listing them):
        ``len(group_members(comp))`` in O(1) after one pass over F."""
        return self.net.running_count(comp) + self._deltas().get(comp, 0)

    # -- R8 and R9: delegated ------------------------------------------------------------
    def dependency_failures(self, vms=None):
        """R8: ``[(vm, dependency, reason)]`` for the dependencies of F (or ``vms``) that
        fail (:func:`~netmap.analysis.dependencies.dependency_failures`). Those of F
        (``vms`` None or :attr:`failed_over` itself) are computed once per view: a report
        asks for them twice (NM010 and the plans section)."""
        if vms is not None and vms is not self.failed_over:
            return _dependencies.dependency_failures(self, vms)
        if self._failures is None:
            self._failures = _dependencies.dependency_failures(self, None)
        return list(self._failures)

    def broken_dependencies(self, vms=None):
        """``[{vm, depends_on, reason}]`` for VMs in F (or ``vms``) whose dependency fails
        (the rows of :meth:`dependency_failures`, reasons in words)."""
        return [{"vm": v, "depends_on": d, "reason": str(why)}
                for v, d, why in self.dependency_failures(vms)]

    def test_isolation(self):
        """``(isolated, reason)`` for the test network (R9); ``(None, None)`` if no drill
        (:func:`~netmap.analysis.drill.isolation`; ``reason`` is a ``Reason``)."""
        return _drill.isolation(self)


def evaluate(G, scenario):
    """Evaluate ``scenario`` on ``G`` into a :class:`FailoverView` (never changes ``G``).

    ``G`` is a topology or a graph (see :func:`~netmap.model.topology.as_topology`).
    Evaluating every recovery plan of one topology costs what the plans touch and nothing
    per plan for the whole graph.
    """
    return FailoverView(G, scenario)


def shared_routes(ix, remap=(), unmap=()):
    """``routes_of(vm)``: the :class:`Route` list of ``vm``'s replica under the mapping
    after ``remap``/``unmap`` (R1, R3; no plan network, no drill), from the memo that
    every :class:`FailoverView` of such a scenario shares (what :meth:`FailoverView.routes`
    returns for a VM that fails over with no plan network), computed on first use.

    >>> from netmap import load, example_path
    >>> routes_of = shared_routes(load(example_path()))
    >>> [(r.network, r.subnet) for r in routes_of("VM1")]
    [('VMNetwork1-Shanghai', 'Subnet1')]
    """
    ix = as_topology(ix)
    sc = Scenario(remap=remap, unmap=unmap).checked(ix)  # the memo's key, as a view's
    mapping = (ix.mapping if not sc.remap and not sc.unmap
               else effective_mapping(ix, sc.remap, sc.unmap))
    shared = ix._route_memo.setdefault((sc.remap, sc.unmap, None), {})
    vm = ix.vm

    def routes_of(v):
        got = shared.get(v)
        if got is None:
            got = shared[v] = replica_routes(ix, mapping, vm[v])
        return got
    return routes_of
