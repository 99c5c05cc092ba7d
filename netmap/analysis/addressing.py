"""Replica IP addresses (R3 in docs/rules.md): which address each replica NIC gets.

Questions
---------
``address_table(ix, mapping, routes_of, is_unplaced, key)``, ``failover_addresses(...)``
    The failover addresses of the topology, fixed once (Site Recovery reserves them when
    protection is enabled): VM -> one :class:`Address` per NIC, for every protected VM
    that can be placed. The :class:`AddressTable` is memoised on the topology per what-if
    mapping and fills itself one target network at a time, so a scenario only decides
    which replicas run, never which address a replica gets.
``SubnetSpace``
    The usable addresses of one target subnet and those held or claimed in it.
``assign_addresses(ix, vms, routes, running, idle=())``
    Addresses for one scenario's replicas in order (used for test failovers, R9, whose
    test networks hold what runs during the drill).

The rule (R3). *Usable*: inside the subnet's prefix, inside its ``pool`` when it has one
(outside the pool's ``reserved``), and not reserved by the platform: in an Azure subnet
the first four addresses and the last; in a VM network subnet the network and broadcast
addresses and the ``gateway`` (the first host address when no gateway is given).
*Fixed per topology*: every protected VM that can be placed (an unplaced VM claims
nothing), against the addresses the target site's own VMs hold, in two passes, each in
order of VM name then NIC index: first every static NIC whose address is usable and free
keeps it; then every other static NIC takes the lowest usable address not yet held or
claimed. A DHCP NIC (``ip_mode: dhcp``, or no ``ip``) gets no fixed address.

Cost: per target network, one pass over the NICs of the networks mapped to it, sorted by
VM name; each target subnet walks its free addresses upwards with a pointer, so a pass
costs the NICs plus the addresses held or reserved below the pointer, never the size of
the prefix. The whole table is linear in the protected NICs.

Examples
--------
>>> prefix_info("10.0.0.0/30")
(4, 167772161, 167772162)
>>> lowest_free("10.0.0.0/30", {167772161})
'10.0.0.2'
>>> s = SubnetSpace("Net", "S", "10.0.0.0/24", azure=True)
>>> ip_text(4, s.free()), s.unusable(parse_ip("10.0.0.3"))[1]["by"]
('10.0.0.4', 'azure')
"""

from __future__ import annotations

import ipaddress
from typing import NamedTuple

from netmap.model.ip import ip_text, parse_ip
from netmap.model.records import IpMode, PlanNetwork
from netmap.analysis.reasons import Reason, ReasonKind

__all__ = ["ReplicaNic", "Address", "SubnetSpace", "AddressTable", "prefix_info",
           "lowest_free", "subnet_spaces", "address_table", "failover_addresses",
           "assign_addresses", "replica_nic", "configured_address"]


#: ``_tuple_new(Address, (...))`` makes a named tuple without its Python-level ``__new__``
#: (hot paths: one per replica NIC)
_tuple_new = tuple.__new__


class ReplicaNic(NamedTuple):
    """One NIC of a replica (R3), or of a test replica (R9).

    ``ip_retained`` is True when the replica keeps the source address, False when it is
    reassigned (or gets none), None when there is nothing to keep (a DHCP NIC, a
    disconnected NIC, or a replica that cannot be placed). ``ip_mode`` is the source
    NIC's (``static`` or ``dhcp``).
    """

    index: int
    source_network: str
    source_subnet: str | None
    source_ip: str | None
    network: str | PlanNetwork | None  # a network name, an R6 plan network, or None
    subnet: str | None
    ip: str | None
    ip_retained: bool | None
    reason: Reason | None
    ip_mode: str = IpMode.STATIC


class Address(NamedTuple):
    """The failover address of one replica NIC (R3): ``ip`` (None: none free),
    ``retained`` (True: the source address), ``reason`` (why it was reassigned)."""

    ip: str | None
    retained: bool
    reason: Reason | None


def prefix_info(prefix):
    """The host addresses of a CIDR prefix, as integers.

    IPv4 network and broadcast addresses and the IPv6 subnet-router anycast address are
    not hosts (a /31, /32, /127 or /128 is all hosts).

    Parameters
    ----------
    prefix : str or None
        A CIDR prefix such as ``"10.0.0.0/24"`` (host bits may be set).

    Returns
    -------
    tuple of (int, int, int) or None
        ``(version, first, last)`` host addresses, or None when ``prefix`` is empty or
        not a prefix.

    Examples
    --------
    >>> prefix_info("10.0.0.0/30")
    (4, 167772161, 167772162)
    >>> prefix_info("10.0.0.0/31"), prefix_info("not a prefix")
    ((4, 167772160, 167772161), None)
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


def _network(prefix):
    """``(version, network address, broadcast address, prefix length)`` of a CIDR prefix
    as ``ipaddress.ip_network(prefix, strict=False)`` reads it (ValueError when it is not
    one); an IPv4 ``a.b.c.d/N`` without the :mod:`ipaddress` objects (R3 reads one per
    target subnet).

    >>> _network("10.0.0.5/24"), _network("fd00::/127")[::3]
    ((4, 167772160, 167772415, 24), (6, 127))
    """
    addr, slash, length = prefix.partition("/")
    a = parse_ip(addr) if slash and length.isascii() and length.isdigit() else None
    if a is not None and a[0] == 4 and int(length) <= 32:
        n = int(length)
        host = (1 << (32 - n)) - 1
        lo = a[1] & ~host
        return 4, lo, lo | host, n
    net = ipaddress.ip_network(prefix, strict=False)
    return net.version, int(net.network_address), int(net.broadcast_address), net.prefixlen


def lowest_free(prefix, taken, start=None):
    """The lowest host address of ``prefix`` not in ``taken`` (a set of ints), or None.

    ``start`` (an int) skips addresses below it (the caller knows they are taken). Host
    addresses only: no pool, gateway or platform reservation (see :class:`SubnetSpace`).

    >>> lowest_free("10.0.0.0/30", {parse_ip("10.0.0.1")[1]})
    '10.0.0.2'
    >>> lowest_free("10.0.0.0/31", set()), lowest_free("10.0.0.0/30", {167772161, 167772162})
    ('10.0.0.0', None)
    >>> lowest_free("fd00::/126", set())
    'fd00::1'
    """
    info = prefix_info(prefix)
    if info is None:
        return None
    _, first, last = info
    a = first if start is None else max(first, start)
    while a <= last:
        if a not in taken:
            return ip_text(info[0], a)
        a += 1
    return None


class SubnetSpace:
    """The usable addresses of one target subnet (R3), and who holds which.

    Parameters
    ----------
    network, subnet : str
        The subnet (for reasons).
    prefix : str or None
        Its prefix (None: no address at all).
    azure : bool
        An Azure subnet (Azure reserves the first four addresses and the last) rather
        than a VM network subnet (network, broadcast and gateway addresses).
    gateway : str, optional
        A VM network subnet's gateway (default: the first host address).
    pool : Pool, optional
        A VM network subnet's static IP pool.

    Attributes
    ----------
    held : dict of int to str
        Address -> who holds it (a VM of the target site, or a replica that claimed it).
    lo, hi : int
        The lowest and highest usable address (the pool's range, less the platform's).

    Examples
    --------
    >>> from netmap.model.records import Pool
    >>> s = SubnetSpace("N", "S", "10.0.0.0/24", pool=Pool("10.0.0.1", "10.0.0.9",
    ...                                                     ("10.0.0.3",)))
    >>> [ip_text(4, s.claim(s.free(), "x")) for _ in range(3)]  # .1 is the gateway
    ['10.0.0.2', '10.0.0.4', '10.0.0.5']
    >>> print(s.reason(s.unusable(parse_ip("10.0.0.10")), "10.0.0.10", "10.0.0.6"))
    10.0.0.10 is outside the static IP pool 10.0.0.1-10.0.0.9 of N/S: reassigned 10.0.0.6
    >>> s.unusable(parse_ip("10.0.0.3"))[1]["by"], s.unusable(parse_ip("10.0.0.7"))
    ('pool', None)
    """

    __slots__ = ("network", "subnet", "prefix", "azure", "version", "net_lo", "net_hi",
                 "host_lo", "host_hi", "lo", "hi", "pool", "excluded", "held", "low")

    def __init__(self, network, subnet, prefix, azure=False, gateway=None, pool=None):
        self.network, self.subnet, self.prefix, self.azure = network, subnet, prefix, azure
        self.held = {}
        self.excluded = {}  # address -> "gateway" | "first_host" | "pool"
        self.pool = None
        self.version = None
        self.low = self.lo = 0
        self.hi = -1
        if not prefix:
            return
        version, lo, hi, length = _network(prefix)
        self.version = version
        self.net_lo, self.net_hi = lo, hi
        if azure:  # the first four addresses and the last
            lo, hi = lo + 4, hi - 1
        else:
            if version == 4 and length < 31:
                lo, hi = lo + 1, hi - 1  # network and broadcast
            elif version == 6 and length < 127:
                lo += 1  # the subnet-router anycast address
            g = parse_ip(gateway) if gateway else None
            if g is not None and g[0] == version:
                self.excluded[g[1]] = "gateway"
            else:
                self.excluded[lo] = "first_host"
        self.host_lo, self.host_hi = lo, hi
        if pool is not None:
            s, e = parse_ip(pool.start), parse_ip(pool.end)
            self.pool = (pool.start, pool.end, s[1], e[1])
            lo, hi = max(lo, s[1]), min(hi, e[1])
            for r in pool.reserved:
                a = parse_ip(r)
                if a is not None:
                    self.excluded.setdefault(a[1], "pool")
        self.lo, self.hi = lo, hi
        self.low = lo  # every usable address below this is held or excluded

    def unusable(self, a):
        """Why address ``a`` (``(version, int)`` or None) cannot be kept here:
        ``(ReasonKind, fields)`` (see :meth:`reason`), or None when it is usable and free.

        In this order: outside the prefix; reserved by the platform (Azure: the first four
        and the last; VMM: network or broadcast address, then the gateway); outside the
        pool; reserved in the pool; held (by a VM of the target site or a replica that
        claimed it first).
        """
        if a is not None and a[0] == self.version and self.lo <= a[1] <= self.hi and \
                a[1] not in self.excluded and a[1] not in self.held:
            return None  # the common case, first
        f = {"network": self.network, "subnet": self.subnet}
        if a is None or a[0] != self.version or not self.net_lo <= a[1] <= self.net_hi:
            return ReasonKind.IP_OUTSIDE_PREFIX, {}
        x = a[1]
        if not self.host_lo <= x <= self.host_hi:
            if self.azure:
                return ReasonKind.IP_RESERVED, dict(f, by="azure")
            return ReasonKind.IP_NOT_HOST, {}
        by = self.excluded.get(x)
        if by is not None and by != "pool":
            return ReasonKind.IP_RESERVED, dict(f, by=by)
        if self.pool is not None and not self.pool[2] <= x <= self.pool[3]:
            return ReasonKind.IP_OUTSIDE_POOL, dict(f, start=self.pool[0], end=self.pool[1])
        if by is not None:
            return ReasonKind.IP_RESERVED, dict(f, by=by)
        holder = self.held.get(x)
        if holder is not None:
            return ReasonKind.IP_HELD, dict(f, holder=holder)
        return None

    def reason(self, why, ip, reassigned):
        """The :class:`Reason` of :meth:`unusable`'s ``why`` for source address ``ip``,
        reassigned to ``reassigned`` (None: no usable address was free)."""
        kind, fields = why
        return Reason(kind, **fields, ip=ip, prefix=self.prefix, reassigned=reassigned)

    def free(self):
        """The lowest usable address nobody holds (an int), or None when none is left.

        Walks up from the last address found (claims only add), so successive calls
        cost the addresses they pass, never the whole prefix.
        """
        a, hi, held, excluded = self.low, self.hi, self.held, self.excluded
        while a <= hi and (a in held or a in excluded):
            a += 1
        self.low = a
        return a if a <= hi else None

    def claim(self, a, who):
        """Hold address ``a`` (an int) for ``who``; returns ``a``."""
        self.held[a] = who
        return a


def subnet_spaces(ix, net, holds=None):
    """A :class:`SubnetSpace` per subnet of network ``net``, holding the addresses of the
    VMs on it, in one pass over its NICs.

    Parameters
    ----------
    ix : TopologyData
        The topology.
    net : str
        A VM network or Azure network.
    holds : callable, optional
        ``holds(vm)``: does ``vm`` hold its address here? Default: every VM on the
        network (the target site's own VMs, R3). A NIC without a subnet name sits in the
        network's first subnet.

    Returns
    -------
    dict of str to SubnetSpace
        Subnet name -> its space.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> from netmap.model.topology import as_topology
    >>> ix = as_topology(load(example_path()))
    >>> spaces = subnet_spaces(ix, "VMNetwork1-Shanghai")
    >>> sorted(spaces), spaces["Subnet1"].prefix
    (['Subnet1', 'Subnet2'], '10.1.0.0/24')
    >>> {ip_text(4, a): who for a, who in spaces["Subnet1"].held.items()}
    {'10.1.0.10': 'MON-SH'}
    """
    n = ix.net[net]
    out = {name: SubnetSpace(net, name, p, azure=n.is_azure, gateway=n.gateways.get(name),
                             pool=n.pools.get(name))
           for name, p in n.subnets}
    first = n.subnets[0][0] if n.subnets else None  # a NIC without a subnet name's
    for nic in ix.nics_on.get(net, ()):
        if not nic.ip:
            continue
        space = out.get(first if nic.subnet is None else nic.subnet)
        if space is not None and (holds is None or holds(nic.vm)):
            a = parse_ip(nic.ip)
            if a is not None and a[0] == space.version:
                space.held.setdefault(a[1], nic.vm)
    return out


def _static(nic):
    return bool(nic.ip) and nic.ip_mode != IpMode.DHCP


class AddressTable:
    """R3's failover addresses of one topology under one mapping, computed per target
    network on first use (memoised on the topology by :func:`address_table`).

    The two passes of R3 claim addresses inside one subnet only, so the table of one
    target network is that of the whole topology restricted to it: a question about one
    VM costs the NICs whose networks map to its replica's networks, not the topology.

    Parameters
    ----------
    ix : TopologyData
        The topology.
    mapping : MappingTable
        The mapping in force (R1).
    routes_of : callable
        ``routes_of(vm)``: the :class:`~netmap.analysis.failover.Route` of each NIC of
        ``vm``'s replica under ``mapping`` (no R6 plan network).
    is_unplaced : callable
        ``is_unplaced(vm)``: can no host take ``vm``'s replica (R4)? Such a VM claims
        nothing.
    """

    def __init__(self, ix, mapping, routes_of, is_unplaced):
        self.ix, self.routes_of, self.is_unplaced = ix, routes_of, is_unplaced
        self.mapping = mapping
        self.done = set()
        self.by_vm = {}
        self._configured = None  # the VMs with a configured replica.ip: on first use

    def get(self, vm):
        """Per NIC of ``vm``'s replica its :class:`Address` (None: DHCP, no subnet or no
        prefix), or None when it has none (or cannot be placed, or is not protected)."""
        for r in self.routes_of(vm):
            if r.prefix is not None and r.network not in self.done:
                self._compute(r.network)
        return self.by_vm.get(vm)

    def all(self):
        """VM -> its addresses, every target network computed."""
        nets = {t for _, t in self.mapping.pairs()} | set(self.ix.configured_on)
        for net in sorted(nets):
            if net not in self.done:
                self._compute(net)
        return self.by_vm

    def _compute(self, net):
        """R3's two passes for the replica NICs that land in network ``net``."""
        self.done.add(net)
        ix, is_unplaced, routes_of, by_vm = self.ix, self.is_unplaced, self.routes_of, \
            self.by_vm
        nics_on, container = ix.nics_on, ix.container
        vms = {nic.vm for src in self.mapping.sources(net) for nic in nics_on.get(src, ())}
        vms.update(ix.configured_on.get(net, ()))
        spaces = subnet_spaces(ix, net)

        def order():
            """``(vm, its routes into net)`` of the placed protected VMs, by VM name."""
            for v in sorted(vms):
                if not container(v).protected or is_unplaced(v):
                    continue
                routes = [r for r in routes_of(v) if r.network == net and
                          r.prefix is not None]
                if routes:
                    yield v, routes
        cfg = self._configured
        if cfg is None:  # one pass over the NICs, as ix.configured_on
            cfg = self._configured = frozenset(
                nic.vm for x in ix.vm.values() for nic in x.nics
                if nic.replica is not None and nic.replica.ip is not None)
        if cfg and not cfg.isdisjoint(vms):
            # R3: configured replica.ip addresses are held before the two passes, and a
            # NIC takes its own whatever else holds it (NM024 says when it cannot be used)
            order = list(order())
            for v, routes in order:
                for r in routes:
                    nic = r.nic
                    cip = nic.replica.ip if nic.replica is not None else None
                    if cip is None:
                        continue
                    mine = by_vm.get(v)
                    if mine is None:
                        mine = by_vm[v] = [None] * len(ix.vm[v].nics)
                    mine[nic.index] = configured_address(spaces[r.subnet], nic, cip, v,
                                                         test=False)
        else:
            order = order()  # no configured address: one walk
        later = []
        dhcp = IpMode.DHCP
        vm = ix.vm
        for v, routes in order:  # pass 1: a static NIC keeps its address when it can
            mine = None
            for r in routes:
                nic = r.nic
                ip = nic.ip
                if not ip or nic.ip_mode is dhcp or \
                        (nic.replica is not None and nic.replica.ip is not None):
                    continue  # DHCP, or a configured address (above)
                sp = spaces[r.subnet]
                a = parse_ip(ip)
                why = sp.unusable(a)
                if mine is None:
                    mine = by_vm.get(v)
                    if mine is None:
                        mine = by_vm[v] = [None] * len(vm[v].nics)
                if why is None:
                    sp.held[a[1]] = v
                    mine[nic.index] = _tuple_new(Address, (ip, True, None))
                else:
                    later.append((mine, nic, sp, why))
        for mine, nic, sp, why in later:  # pass 2: in the same order
            got = sp.free()
            ip = None
            if got is not None:
                sp.held[got] = nic.vm
                ip = ip_text(sp.version, got)
            mine[nic.index] = Address(ip, False, sp.reason(why, nic.ip, ip))


def configured_address(sp, nic, cip, who, test):
    """The :class:`Address` of a NIC whose address is configured (``cip``: its
    ``replica.ip``, or its ``test.ip`` with ``test``), claimed in :class:`SubnetSpace`
    ``sp`` for ``who``: the NIC takes it even when it is not usable there, and the reason
    says why (``CONFIGURED_IP_UNUSABLE``, NM024). ``retained``: the source address is
    kept (None for a DHCP NIC, which has none of its own)."""
    a = parse_ip(cip)
    why = sp.unusable(a)
    if why is None:
        reason = Reason(ReasonKind.CONFIGURED, setting="ip", value=cip, test=test)
    else:
        fields = {"network": sp.network, "subnet": sp.subnet}
        fields.update(why[1])
        reason = Reason(ReasonKind.CONFIGURED_IP_UNUSABLE, **fields, ip=cip,
                        prefix=sp.prefix, problem=why[0], test=test)
    if a is not None and a[0] == sp.version:
        sp.held.setdefault(a[1], who)
    retained = None
    if _static(nic):
        src = parse_ip(nic.ip)
        retained = src is not None and src == a
    return Address(cip, retained, reason)


def address_table(ix, mapping, routes_of, is_unplaced, key):
    """The :class:`AddressTable` of ``ix`` under ``mapping``, memoised on the topology
    under ``key`` (the what-if mapping: ``(remap, unmap)``)."""
    memo = ix._address_memo
    got = memo.get(key)
    if got is None:
        got = memo[key] = AddressTable(ix, mapping, routes_of, is_unplaced)
    return got


def failover_addresses(ix, routes_of, unplaced, mapping=None):
    """R3's failover addresses of the whole topology, fixed once.

    Parameters
    ----------
    ix : TopologyData
        The topology.
    routes_of : callable
        ``routes_of(vm)``: the :class:`~netmap.analysis.failover.Route` of each NIC of
        ``vm``'s replica under the mapping in force (no R6 plan network).
    unplaced : collection of str
        The protected VMs no host can take (R4): they claim nothing.
    mapping : dict, optional
        The mapping in force (default: the topology's).

    Returns
    -------
    dict of str to list of Address or None
        VM -> per NIC index its :class:`Address` (None for a NIC that gets none: DHCP,
        no subnet or no prefix), for the placed protected VMs with such a static NIC.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> from netmap.model.scenario import Scenario
    >>> from netmap.analysis.failover import evaluate
    >>> v = evaluate(load(example_path()), Scenario(all=True))
    >>> a = failover_addresses(v.ix, v.routes, ())["VM1"][0]
    >>> a.ip, a.retained, a.reason.kind, a.reason.holder
    ('10.1.0.2', False, <ReasonKind.IP_HELD: 'ip_held'>, 'MON-SH')
    """
    table = AddressTable(ix, ix.mapping if mapping is None else mapping, routes_of,
                         frozenset(unplaced).__contains__)
    return table.all()


def replica_nic(route, address=None, no_address=None):
    """The :class:`ReplicaNic` of one route given its failover ``address``.

    ``no_address``: a reason the replica gets no address at all (it cannot be placed).
    """
    nic = route.nic
    if address is not None and no_address is None and route.prefix is not None and \
            route.subnet is not None and route.network is not None:
        # the common case: an address in a subnet with a prefix (a static NIC's, or a
        # configured one), as the last return below
        ip, mode, rep = nic.ip, nic.ip_mode, nic.replica
        if ip and mode != IpMode.DHCP or rep is not None and rep.ip is not None:
            why, extra = route.reason, address.reason
            if why is None:
                why = extra
            elif extra is not None:
                why = Reason.all_of([why, extra])
            return _tuple_new(ReplicaNic, (nic.index, nic.network, nic.subnet, ip,
                                           route.network, route.subnet, address.ip,
                                           address.retained, why, mode))
    head = (nic.index, nic.network, nic.subnet, nic.ip, route.network, route.subnet)
    mode = nic.ip_mode
    if route.network is None:
        return ReplicaNic(*head, None, None, route.reason, mode)
    configured = nic.replica is not None and nic.replica.ip is not None and \
        address is not None and route.prefix is not None
    if not _static(nic) and not configured:
        return ReplicaNic(*head, None, None, _join(route.reason, Reason(
            ReasonKind.DHCP, network=route.network, subnet=route.subnet)), mode)
    if no_address is not None:
        return ReplicaNic(*head, None, None, _join(route.reason, no_address), mode)
    if route.subnet is None:  # a plan network, or a target without subnets
        if route.reason is not None and ReasonKind.CANNOT_TELL in route.reason.kinds:
            return ReplicaNic(*head, None, None, route.reason, mode)  # subnets unknown
        return ReplicaNic(*head, None, False, Reason(ReasonKind.NO_ADDRESS, cause=route.reason),
                          mode)
    if route.prefix is None:
        return ReplicaNic(*head, None, False, _join(route.reason, Reason(
            ReasonKind.NO_PREFIX, network=route.network, subnet=route.subnet)), mode)
    return ReplicaNic(*head, address.ip, address.retained, _join(route.reason, address.reason),
                      mode)


def _join(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return Reason.all_of([a, b])


def assign_addresses(ix, vms, routes, running, idle=()):
    """Addresses for one scenario's replicas (test failovers, R9), in the order R3 fixes.

    Replicas claim addresses in order of VM name, then NIC index, in two passes (keep,
    then lowest usable free), against the running VMs on the target networks; a replica
    in ``idle`` (it never starts) claims nothing: it is evaluated after the running ones
    and sees their claims.

    Parameters
    ----------
    ix : TopologyData
        The topology.
    vms : sequence of str
        The VMs that fail over, sorted by name.
    routes : callable
        ``routes(vm)``: the :class:`~netmap.analysis.failover.Route` of each NIC.
    running : callable
        ``running(vm)``: is ``vm`` running (and holding its addresses)?
    idle : collection of str, optional
        The VMs of ``vms`` whose replica never starts.

    Returns
    -------
    dict of str to list of ReplicaNic
        VM -> its replica's NICs with addresses, in NIC order.
    """
    spaces = {}

    def space_of(net, sub):
        got = spaces.get((net, sub))
        if got is None:
            for name, s in subnet_spaces(ix, net, running).items():
                spaces[(net, name)] = s
            got = spaces[(net, sub)]
        return got

    def table(group, claim):
        got = {}
        later = []
        for v in group:
            for r in routes(v):
                nic = r.nic
                if r.subnet is None or r.prefix is None or not _static(nic) or \
                        r.network.__class__ is PlanNetwork:
                    continue
                s = space_of(r.network, r.subnet)
                a = parse_ip(nic.ip)
                why = s.unusable(a)
                if why is None:
                    if claim:
                        s.claim(a[1], v)
                    got[(v, nic.index)] = Address(nic.ip, True, None)
                else:
                    later.append((v, nic, s, why))
        for v, nic, s, why in later:
            a = s.free()
            ip = None
            if a is not None:
                if claim:
                    s.claim(a, v)
                ip = ip_text(s.version, a)
            got[(v, nic.index)] = Address(ip, False, s.reason(why, nic.ip, ip))
        return got

    running_vms = [v for v in vms if v not in idle]
    addrs = table(running_vms, True)
    addrs.update(table([v for v in vms if v in idle], False))
    out = {}
    for v in running_vms + [v for v in vms if v in idle]:
        out[v] = [replica_nic(r, addrs.get((v, r.nic.index))) for r in routes(v)]
    return out
