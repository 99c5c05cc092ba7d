"""Replica IP assignment (R3 in docs/rules.md): which address each replica NIC gets.

Question
--------
``assign_addresses(ix, vms, routes, running, idle=())``
    Inputs: the topology, the VMs that fail over (in order of name), where each NIC of
    their replicas goes (:class:`~netmap.analysis.failover.Route` records), which primaries
    keep running, and the replicas that never start (their recovery site is down).
    Returns VM -> its replica's :class:`ReplicaNic` records, in NIC order.

The rule: a replica NIC keeps the static IP of its primary NIC when that address is a host
address of the target subnet's prefix that nobody holds; otherwise it gets the lowest free
host address of the prefix. Running primaries on the target network hold their addresses
first; replicas then claim theirs in order of VM name, then NIC index. A replica that
never starts claims nothing, but is evaluated after the running ones and sees their claims.

:class:`~netmap.analysis.failover.FailoverView` calls :func:`assign_addresses` once, on
the first :meth:`~netmap.analysis.failover.FailoverView.replica_nics`.

Examples
--------
>>> prefix_info("10.0.0.0/30")
(4, 167772161, 167772162)
>>> lowest_free("10.0.0.0/30", {167772161})
'10.0.0.2'
"""

from __future__ import annotations

import ipaddress
from typing import NamedTuple

from netmap.model.ip import ip_text, parse_ip
from netmap.model.records import PlanNetwork
from netmap.analysis.reasons import Reason, ReasonKind

__all__ = ["ReplicaNic", "SubnetPool", "prefix_info", "lowest_free", "subnet_pools",
           "assign_addresses"]


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
    info = prefix_info(prefix)
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


class SubnetPool:
    """The addresses held in one target subnet during one evaluation (R3).

    Parameters
    ----------
    prefix : str or None
        The subnet's prefix.
    info : tuple or None
        :func:`prefix_info` of ``prefix``.
    held : set of int
        The addresses held: by running primaries, then by replicas as they claim.

    Examples
    --------
    >>> pool = SubnetPool("10.0.0.0/30", prefix_info("10.0.0.0/30"), {167772161})
    >>> pool.is_host(parse_ip("10.0.0.2")), pool.is_host(parse_ip("10.0.0.3"))
    (True, False)
    >>> ip_text(4, pool.free())
    '10.0.0.2'
    """

    __slots__ = ("prefix", "info", "held", "low")

    def __init__(self, prefix, info, held):
        self.prefix = prefix
        self.info = info  # (version, first host, last host) or None
        self.held = held  # ints: running primaries, then replicas as they claim
        self.low = None  # every host address below this is held (claims only add)

    def is_host(self, a):
        """Is ``a`` (``(version, int)`` or None) a host address of this subnet?"""
        info = self.info
        return a is not None and info is not None and a[0] == info[0] and \
            info[1] <= a[1] <= info[2]

    def free(self):
        """The lowest host address nobody holds (an int), or None when the subnet is full."""
        a = _lowest_free_int(self.info, self.held, self.low)
        self.low = a if a is not None else self.info[2] + 1
        return a


def subnet_pools(ix, net, running):
    """A :class:`SubnetPool` per subnet of network ``net``, in one pass over its NICs.

    Parameters
    ----------
    ix : TopologyData
        The topology (its ``_prefix_info_memo`` memoises :func:`prefix_info`).
    net : str
        A VM network.
    running : callable
        ``running(vm)``: is the primary of ``vm`` running? Only running NICs hold an
        address; a NIC without a subnet name sits in the network's first subnet.

    Returns
    -------
    dict of str to SubnetPool
        Subnet name -> its pool.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> from netmap.model.topology import as_topology
    >>> ix = as_topology(load(example_path()))
    >>> pools = subnet_pools(ix, "VMNetwork1-Shanghai", lambda vm: True)
    >>> sorted(pools), pools["Subnet1"].prefix
    (['Subnet1', 'Subnet2'], '10.1.0.0/24')
    >>> [ip_text(4, a) for a in pools["Subnet1"].held]  # MON-SH runs there
    ['10.1.0.10']
    """
    n = ix.net[net]
    first = n.subnets[0][0] if n.subnets else None
    held = {name: set() for name, _ in n.subnets}
    for nic in ix.nics_on.get(net, ()):
        if not nic.ip:
            continue
        h = held.get(nic.subnet or first)
        if h is not None and running(nic.vm):
            a = parse_ip(nic.ip)
            if a is not None:
                h.add(a[1])
    prefixes = ix._prefix_info_memo
    out = {}
    for name, p in n.subnets:
        info = prefixes.get(p, False)
        if info is False:
            info = prefixes[p] = prefix_info(p)
        out[name] = SubnetPool(p, info, held[name])
    return out


def assign_addresses(ix, vms, routes, running, idle=()):
    """R3's addresses for the replicas of ``vms``, in the order R3 fixes.

    Replicas claim addresses in order of VM name, then NIC index; a replica in ``idle``
    (its recovery site is down, so it never starts) claims nothing: it is evaluated after
    the running ones and sees their claims.

    Parameters
    ----------
    ix : TopologyData
        The topology.
    vms : sequence of str
        The VMs that fail over, sorted by name.
    routes : callable
        ``routes(vm)``: the :class:`~netmap.analysis.failover.Route` of each NIC of the
        replica of ``vm`` (network, subnet and prefix, no address).
    running : callable
        ``running(vm)``: is the primary of ``vm`` running (and holding its addresses)?
    idle : collection of str, optional
        The VMs of ``vms`` whose replica never starts.

    Returns
    -------
    dict of str to list of ReplicaNic
        VM -> its replica's NICs with addresses, in NIC order.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> from netmap.model.scenario import Scenario
    >>> from netmap.analysis.failover import evaluate
    >>> v = evaluate(load(example_path()), Scenario(plans=("Plan-Gold",)))
    >>> got = assign_addresses(v.ix, v.failed_over, v.routes, v.primary_running)
    >>> [(n.network, n.ip, n.ip_retained) for n in got["VM1"]]
    [('VMNetwork1-Shanghai', '10.1.0.1', False)]
    """
    pools = {}

    def pool(net, subnet):
        got = pools.get((net, subnet))
        if got is None:
            for name, p in subnet_pools(ix, net, running).items():
                pools[(net, name)] = p
            got = pools[(net, subnet)]
        return got

    out = {}
    for v in vms:
        if v not in idle:
            out[v] = _addresses(routes(v), pool, claim=True)
    for v in vms:
        if v in idle:
            out[v] = _addresses(routes(v), pool, claim=False)
    return out


def _addresses(routes, pool, claim):
    """The :class:`ReplicaNic` of each route; ``claim``: hold the addresses given."""
    out = []
    for r in routes:
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
        slot = pool(target, sname)
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
