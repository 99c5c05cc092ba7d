"""Test failover (R9 in docs/rules.md): where a drill's NICs go, their test addresses,
and whether the drill stays away from production.

Questions
---------
``routes(view, vm)``
    Where each NIC of a drill VM goes with ``--test-network none|auto|NAME``: nowhere
    (``none``), the copy ``TARGET-test`` that Site Recovery creates of its target network
    (``auto``), or the named network when it lies at the replica's recovery site and, for
    VMM, on a logical network the replica's host reaches (else disconnected: NM020).
``test_addresses(view)``
    The drill NICs' addresses: the NIC's failover address (R3) when it is usable and free
    in the test subnet; else, as R3 assigns, the lowest usable free address, or the highest
    in an Azure subnet (Site Recovery takes the last free address for test failovers).
``isolation(view)``
    Is the test network cut off from production (NM015)?
``mirror_problems(view)``, ``unrunnable(view)``
    A named test network whose subnets do not mirror a production target's (NM021); drill
    NICs Site Recovery cannot connect for the isolation types involved (NM022).

The drill VM runs on the replica's host (R4, the topology's placement) and the primaries
keep running; a replica no host can take never runs, in a drill too. Every
function reads the *production* view of the same scenario (the failover the drill
rehearses) for the replica's targets, failover addresses and host: a view, never a change.

:class:`~netmap.analysis.failover.FailoverView` delegates its routes and replica NICs here
when its scenario is a test failover; checks NM015, NM020, NM021 and NM022
(docs/checks.md) read these answers.

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.model.scenario import Scenario
>>> from netmap.analysis.failover import evaluate
>>> isolation(evaluate(load(example_path()), Scenario(all=True)))
(None, None)
>>> v = evaluate(load(example_path()), Scenario(vms=("VM1",), test_network="auto"))
>>> [(str(n.network), n.subnet, n.ip) for n in v.replica_nics("VM1")]
[('VMNetwork1-Shanghai-test', 'Subnet1', '10.1.0.2')]
"""

from __future__ import annotations

import ipaddress
from dataclasses import replace

import networkx as nx

from netmap.model.ip import ip_text, parse_ip
from netmap.model.records import PlanNetwork, TestCopy
from netmap.model.records import NicSettings
from netmap.model.scenario import TEST_AUTO, TEST_CONFIGURED, TEST_NONE
from netmap.analysis.reasons import Reason, ReasonKind

__all__ = ["routes", "test_addresses", "isolation", "production", "drill_host",
           "test_network_of", "mirror_problems", "unrunnable"]

_K = ReasonKind


def _dhcp(nic):
    """Does DHCP give this NIC its address (no fixed address of its own, R3)?"""
    d = getattr(nic, "is_dhcp", None)  # the NIC's ip_mode, where the format gives one
    return (not nic.ip) if d is None else d


def _cache(view):
    """The drill's memo on its view (``FailoverView._drill``)."""
    return view._drill


def production(view):
    """The failover the drill rehearses: the view of the same scenario without its test
    network (R3's targets, subnets and failover addresses; R4's hosts). Cached."""
    c = _cache(view)
    got = c.get("production")
    if got is None:
        from netmap.analysis.failover import evaluate
        got = c["production"] = evaluate(view.ix, replace(view.scenario, test_network=None))
    return got


def drill_host(view, vm):
    """The host the drill VM of ``vm`` runs on: its replica's host (R4: the topology's
    placement under the view's what-if mappings), or None (Azure, or unplaced)."""
    return view.placement.info(vm)[0]


def _copy_peers(view):
    """Target network -> its peers (sorted) among the copies ``auto`` creates: the targets
    of the drill's NICs, joined as the targets are joined (and up), nothing else."""
    c = _cache(view)
    got = c.get("peers")
    if got is None:
        prod = production(view)
        targets = set()
        for v in view.failed_over:
            for r in prod.routes(v):
                if isinstance(r.network, str):
                    targets.add(r.network)
        full = view.ix.network_graph
        # routed links and gateways only: a peering between two targets is not copied
        # (the copies of peered targets are groups of their own, joined to nothing)
        g = nx.subgraph_view(full.subgraph(t for t in targets if view.net.is_up(t)),
                             filter_edge=lambda a, b: full[a][b]["via"] != "peering")
        got = {}
        for comp in nx.connected_components(g):
            peers = tuple(sorted(comp))
            for t in peers:
                got[t] = peers
        for t in targets:  # a target at a site that is down: a copy of its own
            got.setdefault(t, (t,))
        c["peers"] = got
        c["copies"] = {t: TestCopy(t, p) for t, p in got.items()}  # one record per copy
    return got


def _copies(view):
    """Target network -> its :class:`~netmap.model.records.TestCopy` in this drill."""
    got = view._drill.get("copies")
    if got is None:
        _copy_peers(view)
        got = view._drill["copies"]
    return got


def test_network_of(view, net):
    """The real network a drill NIC's network stands for (a test copy's target), or
    ``net`` itself."""
    return net.network if isinstance(net, TestCopy) else net


def _subnet_for(net, name):
    """R3's subnet rule (:meth:`~netmap.model.records.Network.subnet_named`) on network
    record ``net`` for subnet name ``name``: ``(subnet, fell_back)``; None when ``net``
    has no subnets."""
    sub = net.subnet_named(name)
    if sub is None:
        return None, False
    fell_back = name is not None and sub[0] != name and not (
        net.is_azure and sub[0].casefold() == name.casefold())
    return sub, fell_back


def routes(view, vm):
    """R9: where each NIC of the drill VM of ``vm`` (a VM record) goes, as
    :class:`~netmap.analysis.failover.Route` records (no addresses).

    Parameters
    ----------
    view : FailoverView
        A test failover (``view.scenario.test_mode`` is ``none``, ``auto`` or ``network``).
    vm : VM
        A VM of the drill.

    Returns
    -------
    list of Route
        ``none``: every NIC disconnected. ``auto``: the copy of the NIC's target network
        (R3's subnet; an unmapped NIC stays disconnected). A named network: that network
        when it lies at the replica's recovery site and, for VMM, on a logical network the
        replica's host reaches (else disconnected, NM020); subnet by the NIC's own subnet
        name as in R3.
    """
    from netmap.analysis.failover import Route
    sc = view.scenario
    mode = sc.test_mode
    prod = production(view).routes(vm.name)
    if mode == TEST_NONE:
        why = Reason(_K.TEST_NO_NETWORK)
        return [Route(r.nic, None, None, None, why) for r in prod]
    if mode == TEST_AUTO:
        copies = _copies(view)
        out = []
        for r in prod:
            if isinstance(r.network, str):
                sub, prefix, why = r.subnet, r.prefix, r.reason
                if r.nic.replica is not None and r.nic.replica.subnet is not None:
                    sub, prefix, why = _own_subnet(view, r)
                out.append(Route(r.nic, copies[r.network], sub, prefix, why))
            elif isinstance(r.network, PlanNetwork):  # R6 is a failover's, not a drill's
                out.append(Route(r.nic, None, None, None,
                                 Reason(_K.NOT_MAPPED_TO_AZURE, network=r.nic.network)))
            else:
                out.append(r)
        return out
    if mode == TEST_CONFIGURED:
        # R9: "configured (each NIC's test: settings; a NIC without them is disconnected)"
        out = []
        for nic in vm.nics:
            t = nic.test
            if t is None or t.network is None:
                out.append(Route(nic, None, None, None,
                                 Reason(_K.TEST_NOT_CONFIGURED, vm=vm.name, nic=nic.index)))
                continue
            out.append(_to_test_network(view, vm, nic, t.network, t, Reason(
                _K.CONFIGURED, setting="network", value=t.network, test=True)))
        return out
    name = sc.test_network
    # "a NIC whose test.network is that network also takes its test.subnet and test.ip"
    return [_to_test_network(view, vm, nic, name,
                             nic.test if nic.test is not None and nic.test.network == name
                             else _NO_SETTINGS, None)
            for nic in vm.nics]


_NO_SETTINGS = NicSettings()


def _own_subnet(view, r):
    """``(subnet, prefix, reason)`` of production route ``r`` in its target by the NIC's
    own subnet name (R9: "a replica.subnet does not apply to drills"), without the
    configured subnet's reason."""
    ix = view.ix
    nic = r.nic
    src = nic.subnet
    if src is None:
        subs = ix.net[nic.network].subnets
        src = subs[0][0] if subs else None
    net = ix.net[r.network]
    sub, fell_back = _subnet_for(net, src)
    parts = [] if r.reason is None else [
        p for p in r.reason.parts
        if not (p.kind is _K.CONFIGURED and p.fields.get("setting") == "subnet")]
    if sub is None:
        parts.append(Reason(_K.NO_SUBNETS, network=r.network))
        return None, None, Reason.all_of(parts)
    if fell_back:
        parts.append(Reason(_K.FIRST_SUBNET, network=r.network, subnet=src, first=sub[0]))
    return sub[0], sub[1], Reason.all_of(parts) if parts else None


def _to_test_network(view, vm, nic, name, settings, why_there):
    """The drill route of ``nic`` into test network ``name`` (R9): disconnected when the
    network lies at another site than the replica's recovery site or, for VMM, on a
    logical network the replica's host does not reach (NM020); subnet: the configured
    ``settings.subnet`` when the network has it, else R3's by the NIC's own subnet name.
    ``why_there``: the reason the NIC goes there (None: the scenario names it)."""
    from netmap.analysis.failover import Route
    ix = view.ix
    net = ix.net[name]
    site = view.target_site(vm.name)
    why = None
    if net.site != site:
        why = Reason(_K.TEST_NETWORK_ELSEWHERE, network=name, site=net.site,
                     recovery_site=site)
    elif not net.is_azure:
        host = drill_host(view, vm.name)
        if host is not None and net.logical not in ix.host[host].logical_networks:
            why = Reason(_K.TEST_NETWORK_NOT_REACHED, network=name, host=host,
                         logical=net.logical)
    if why is not None:
        return Route(nic, None, None, None, why)
    parts = [] if why_there is None else [why_there]
    if settings.subnet is not None:
        conf = next((s for s in net.subnets if s[0] == settings.subnet or net.is_azure and
                     s[0].casefold() == settings.subnet.casefold()), None)
        if conf is not None:
            parts.append(Reason(_K.CONFIGURED, setting="subnet", value=conf[0], test=True))
            return Route(nic, name, conf[0], conf[1], Reason.all_of(parts))
    src = nic.subnet
    if src is None:
        subs = ix.net[nic.network].subnets
        src = subs[0][0] if subs else None
    sub, fell_back = _subnet_for(net, src)
    if sub is None:
        parts.append(Reason(_K.NO_SUBNETS, network=name))
        return Route(nic, name, None, None, Reason.all_of(parts))
    if fell_back:
        parts.append(Reason(_K.FIRST_SUBNET, network=name, subnet=src, first=sub[0]))
    return Route(nic, name, sub[0], sub[1], Reason.all_of(parts) if parts else None)


# ----------------------------------------------------------------------- test addresses

def _subnet_attrs(ix, net, subnet):
    """``(gateway, pool)`` of subnet ``subnet`` of network ``net`` (None when not given)."""
    n = ix.net[net]
    return n.gateways.get(subnet), n.pools.get(subnet)


class _Slot:
    """The usable addresses of one test subnet and those held there during a drill.

    Usable (R3): inside the prefix; in an Azure subnet not the first four nor the last
    address; in a VM network subnet not the network, broadcast or gateway address (the
    first host address when no gateway is given), and inside the static pool when the
    subnet has one (outside its reserved addresses).
    """

    __slots__ = ("version", "lo", "hi", "skip", "held", "top", "cursor")

    def __init__(self, prefix, azure, gateway, pool):
        self.held = set()
        self.top = azure  # Site Recovery takes the last free address for test failovers
        self.skip = set()
        self.cursor = None  # every address beyond it (the way free() scans) is held
        try:
            n = ipaddress.ip_network(prefix, strict=False)
        except (TypeError, ValueError):
            self.version = None
            return
        self.version = n.version
        first, last = int(n.network_address), int(n.broadcast_address)
        if azure:
            lo, hi = first + 4, last - 1
        elif n.num_addresses <= 2:  # /31, /32: every address is a host
            lo, hi = first, last
        else:
            lo, hi = first + 1, last - 1
            gw = parse_ip(gateway) if gateway else None
            self.skip.add(gw[1] if gw is not None else first + 1)
        if pool is not None and not azure:
            s, e = parse_ip(pool.start), parse_ip(pool.end)
            if s is not None:
                lo = max(lo, s[1])
            if e is not None:
                hi = min(hi, e[1])
            for r in pool.reserved or ():
                a = parse_ip(r)
                if a is not None:
                    self.skip.add(a[1])
        self.lo, self.hi = lo, hi

    def usable(self, a):
        """Is ``a`` (``(version, int)`` or None) a usable address of this subnet?"""
        return (a is not None and self.version == a[0] and self.lo <= a[1] <= self.hi
                and a[1] not in self.skip)

    def free(self):
        """The first usable address nobody holds, from the bottom (VMM) or from the top
        (Azure); None when none is left. Held addresses only accumulate, so each call
        resumes where the last one stopped."""
        held, skip = self.held, self.skip
        if self.version is None:
            return None
        if self.top:
            a = self.hi if self.cursor is None else min(self.hi, self.cursor)
            while a >= self.lo:
                if a not in held and a not in skip:
                    self.cursor = a
                    return a
                a -= 1
            self.cursor = self.lo - 1
            return None
        a = self.lo if self.cursor is None else max(self.lo, self.cursor)
        while a <= self.hi:
            if a not in held and a not in skip:
                self.cursor = a
                return a
            a += 1
        self.cursor = self.hi + 1
        return None


def test_addresses(view):
    """R9's addresses for the drill NICs of every VM of the drill, in two passes.

    The candidate of a static NIC is its failover address (R3; the NIC's own address when
    the failover gives it none). First every NIC whose candidate is usable and free in its
    test subnet claims it (in order of VM name, then NIC index); then every other static
    NIC takes the lowest usable free address, or the highest in an Azure subnet. Held in a
    named test network: the addresses of the VMs that run on it (primaries keep running)
    and, in an Azure network that is the failover network, the failover addresses Site
    Recovery reserves there. A copy (``auto``) holds nothing else. A DHCP NIC gets no
    fixed address; a drill VM whose recovery site is down claims nothing.

    Returns
    -------
    dict of str to list of ReplicaNic
        VM -> its drill NICs, in NIC order (``ip_retained``: the test address equals the
        NIC's own address).
    """
    from netmap.analysis.addressing import ReplicaNic
    ix = view.ix
    prod = production(view)
    slots = {}
    with_mode = "ip_mode" in ReplicaNic._fields  # the source NIC's, where records carry it

    def drill_nic(nic, *rest):
        row = ReplicaNic(nic.index, nic.network, nic.subnet, nic.ip, *rest)
        return row._replace(ip_mode=nic.ip_mode) if with_mode else row

    def slot(net, subnet, prefix):
        key = (net, subnet)
        got = slots.get(key)
        if got is not None:
            return got
        real = test_network_of(view, net)
        azure = ix.net[real].is_azure
        got = slots[key] = _Slot(prefix, azure, *_subnet_attrs(ix, real, subnet))
        if isinstance(net, str):
            n = ix.net[real]
            first = n.subnets[0][0] if n.subnets else None
            for nic in ix.nics_on.get(real, ()):
                if nic.ip and (nic.subnet or first) == subnet and view.primary_running(nic.vm):
                    a = parse_ip(nic.ip)
                    if a is not None:
                        got.held.add(a[1])
        return got

    reserved = {}  # (network, subnet) -> failover addresses reserved there (Azure)

    def reservations(net, subnet):
        """The failover addresses (R3, fixed per topology) of every protected VM whose
        replica lands in ``net``/``subnet``, not only the drill's: Site Recovery reserves
        them when protection is enabled. Costs the NICs mapped to ``net``, once."""
        got = reserved.get((net, subnet))
        if got is None:
            table, _placement = prod.fixed_addresses()
            got = reserved[(net, subnet)] = set()
            vms = dict.fromkeys(v for src in prod.mapping.sources(net) for v in ix.vms_on(src))
            for v in vms:
                addrs = table.get(v)
                if not addrs:
                    continue
                for r in table.routes_of(v):
                    a = addrs[r.nic.index]
                    if a is not None and a.ip and r.network == net and r.subnet == subnet:
                        p = parse_ip(a.ip)
                        if p is not None:
                            got.add(p[1])
        return got

    order = view.failed_over
    todo = []  # (vm, route, candidate text, failover address text)
    out = {}
    for v in order:
        fo = {r.index: r.ip for r in prod.replica_nics(v)}
        rows = out[v] = []
        for r in view.routes(v):
            nic = r.nic
            if _dhcp(nic) or r.network is None:
                rows.append(drill_nic(nic, r.network, r.subnet, None, None, r.reason))
                continue
            if r.subnet is None:
                rows.append(drill_nic(nic, r.network, r.subnet, None, False,
                                      Reason(_K.NO_ADDRESS, cause=r.reason)))
                continue
            if r.prefix is None:
                why = Reason(_K.NO_PREFIX, network=str(r.network), subnet=r.subnet)
                rows.append(drill_nic(nic, r.network, r.subnet, None, False,
                                      Reason.all_of([r.reason, why]) if r.reason else why))
                continue
            rows.append(None)
            todo.append((v, len(rows) - 1, r, fo.get(nic.index) or nic.ip))
    # a drill VM whose recovery site is down, or whose replica no host can take (R4), never
    # runs: it claims nothing
    idle = view._target_down.keys() | view._unplaced.keys()
    # R9: a configured test.ip (the NIC's test.network is the drill NIC's) is taken as
    # configured, before anything else, even when it cannot be used there (NM024)
    spaces = {}
    for v, i, r, cand in todo:
        t = r.nic.test
        if t is None or t.ip is None or t.network != r.network:
            continue
        from netmap.analysis.addressing import configured_address, subnet_spaces
        sp = spaces.get(r.network)
        if sp is None:
            sp = spaces[r.network] = subnet_spaces(ix, r.network, view.primary_running)
        addr = configured_address(sp[r.subnet], r.nic, t.ip, v, test=True)
        s = slot(r.network, r.subnet, r.prefix)
        a = parse_ip(t.ip)
        if a is not None and a[0] == s.version and v not in idle:
            s.held.add(a[1])
        reason = addr.reason if r.reason is None else Reason.all_of([r.reason, addr.reason])
        out[v][i] = drill_nic(r.nic, r.network, r.subnet, t.ip, addr.retained, reason)
    # running drill VMs first (both passes), then those that never start (claim nothing)
    rounds = [(False, False), (False, True), (True, False), (True, True)]
    for idle_round, second in rounds:
        for v, i, r, cand in todo:
            if out[v][i] is not None or (v in idle) != idle_round:
                continue
            s = slot(r.network, r.subnet, r.prefix)
            a = parse_ip(cand)
            failover_held = (s.top and isinstance(r.network, str) and a is not None
                             and a[1] in reservations(r.network, r.subnet))
            ok = s.usable(a) and a[1] not in s.held and not failover_held
            if not second:
                if not ok:
                    continue
                got, why = a[1], None
            else:
                got = s.free()
                while got is not None and isinstance(r.network, str) and s.top and \
                        got in reservations(r.network, r.subnet):
                    s.held.add(got)  # reserved for the failover: never a test address
                    got = s.free()
                kind = "unusable" if not s.usable(a) else \
                    "failover" if failover_held else "held"
                why = Reason(_K.TEST_IP_TAKEN, ip=cand, network=r.network, subnet=r.subnet,
                             taken=kind, top=s.top,
                             assigned=None if got is None else ip_text(s.version, got))
            if got is not None and v not in idle:
                s.held.add(got)
            ip = None if got is None else ip_text(s.version, got)
            nic = r.nic
            reason = r.reason if why is None else \
                (Reason.all_of([r.reason, why]) if r.reason else why)
            own = parse_ip(nic.ip)
            kept = got is not None and own == (s.version, got)
            out[v][i] = drill_nic(nic, r.network, r.subnet, ip, kept, reason)
    return out


# ---------------------------------------------------------------------------- isolation

def isolation(view):
    """R9: is the test network of a test failover isolated (NM015)?

    Parameters
    ----------
    view : FailoverView
        The evaluated failover (:func:`~netmap.analysis.failover.evaluate`); its
        scenario's ``test_network`` is the drill's (None: not a test failover).

    Returns
    -------
    tuple of (bool or None, Reason or None)
        ``(isolated, reason)``; ``(None, None)`` if there is no drill. ``none`` and
        ``auto`` are isolated by construction (``TEST_NONE_ISOLATED``,
        ``TEST_COPIES_ISOLATED``). A named network is not isolated when it is a mapping
        target (``TEST_NETWORK_MAPPED``), when a VM outside the drill runs on it
        (``TEST_NETWORK_RUNNING``: every primary keeps running) or when joins connect it
        to a network where one runs (``TEST_NETWORK_JOINED``, the nearest such network and
        the route); ``NETWORK_DOWN`` when its site is down; else ``TEST_NETWORK_ISOLATED``.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> from netmap.model.scenario import Scenario
    >>> from netmap.analysis.failover import evaluate
    >>> G = load(example_path())
    >>> ok, why = isolation(evaluate(G, Scenario(all=True, test_network="VMNetwork1-Shanghai")))
    >>> ok, why.kind.name
    (False, 'TEST_NETWORK_MAPPED')
    >>> isolation(evaluate(G, Scenario(all=True, test_network="none")))[0]
    True
    """
    mode = view.scenario.test_mode
    if mode is None:
        return None, None
    if mode == TEST_NONE:
        return True, Reason(_K.TEST_NONE_ISOLATED)
    if mode == TEST_AUTO:
        peers = _copy_peers(view)
        return True, Reason(_K.TEST_COPIES_ISOLATED,
                            networks=tuple(f"{t}-test" for t in sorted(peers)))
    if mode == TEST_CONFIGURED:
        nets = sorted({r.network for v in view.failed_over for r in view.routes(v)
                       if isinstance(r.network, str)})
        if not nets:
            return True, Reason(_K.TEST_NONE_ISOLATED)
        for n in nets:
            ok, why = _named_isolation(view, n)
            if ok is False:
                return ok, why
        return True, Reason(_K.TEST_CONFIGURED_ISOLATED, networks=tuple(nets))
    return _named_isolation(view, view.scenario.test_network)


def _named_isolation(view, n):
    """R9's isolation of one named test network ``n``: ``(isolated, reason)``."""
    sources = view.mapping.sources(n)
    if sources:
        return False, Reason(_K.TEST_NETWORK_MAPPED, network=n, sources=tuple(sources))
    if view.net.component(n) is None:
        return True, Reason(_K.NETWORK_DOWN, network=n)
    ix = view.ix

    def running_on(m):
        for nic in ix.nics_on.get(m, ()):
            if view.primary_running(nic.vm):
                return nic.vm
        return None

    # breadth-first from N: the nearest network where a VM outside the drill runs
    route = view.net.nearest(n, running_on)
    if route is not None:
        m, vm = route[-1][0], running_on(route[-1][0])
        if m == n:
            return False, Reason(_K.TEST_NETWORK_RUNNING, network=n, vm=vm)
        return False, Reason(_K.TEST_NETWORK_JOINED, network=n, joined=m, vm=vm,
                             route=tuple(x for x, _ in route))
    return True, Reason(_K.TEST_NETWORK_ISOLATED, network=n)


# ------------------------------------------------------------------ NM021 and NM022

def _subnet_set(net):
    fold = net.is_azure
    return {((s.lower() if fold else s), p) for s, p in net.subnets}


def mirror_problems(view):
    """NM021: ``[(test network, target, Reason)]`` for each production target of the
    drill's NICs whose subnets (names, and prefixes) the named test network does not
    mirror; Azure subnet names compare without case. Empty for ``none`` and ``auto``
    (the copies mirror their targets by construction).
    """
    if view.scenario.test_mode != "network":
        return []
    ix = view.ix
    n = view.scenario.test_network
    test = ix.net[n]
    prod = production(view)
    targets = set()
    for v in view.failed_over:
        attached = any(r.network == n for r in view.routes(v))
        if not attached:
            continue
        targets.update(r.network for r in prod.routes(v) if isinstance(r.network, str))
    mine = _subnet_set(test)
    out = []
    for t in sorted(targets - {n}):
        theirs = _subnet_set(ix.net[t])
        if mine == theirs:
            continue

        def show(pairs):
            return tuple(f"{s} {p}" if p else s for s, p in sorted(pairs, key=str))
        out.append((n, t, Reason(_K.TEST_NOT_MIRRORED, network=n, target=t,
                                 missing=show(theirs - mine), extra=show(mine - theirs))))
    return out


def unrunnable(view):
    """NM022: ``[(vm, nic index, Reason)]`` for the drill NICs Site Recovery cannot
    connect, given the VM networks' ``isolation``: a ``wnv`` test network for a replica
    network whose isolation is ``none``, or ``vlan`` with a DHCP NIC (judged only where
    both isolations are given), or a ``wnv`` test subnet without a static IP pool.

    A copy made by ``auto`` has its target's isolation and pools.
    """
    ix = view.ix
    if view.scenario.test_mode not in (TEST_AUTO, TEST_CONFIGURED, "network"):
        return []
    prod = production(view)
    out = []
    for v in view.failed_over:
        replica = {r.nic.index: r.network for r in prod.routes(v)}
        for r in view.routes(v):
            if r.network is None:
                continue
            real = test_network_of(view, r.network)
            test = ix.net[real]
            if test.is_azure or test.isolation != "wnv":
                continue
            parts = []
            rn = replica.get(r.nic.index)
            rnet = ix.net.get(rn) if isinstance(rn, str) else None
            label = str(r.network)
            if rnet is not None and not rnet.is_azure:
                if rnet.isolation == "none":
                    parts.append(Reason(_K.TEST_WNV_FROM_NO_ISOLATION, network=label,
                                        replica_network=rn))
                elif rnet.isolation == "vlan" and _dhcp(r.nic):
                    parts.append(Reason(_K.TEST_WNV_DHCP_VLAN, network=label,
                                        replica_network=rn))
            if r.subnet is not None and _subnet_attrs(ix, real, r.subnet)[1] is None:
                parts.append(Reason(_K.TEST_WNV_NO_POOL, network=r.network, subnet=r.subnet))
            if parts:
                out.append((v, r.nic.index, Reason.all_of(parts)))
    return out
