"""The network graph of R5 with sites down: components and routes, from networkx.

The topology's :attr:`~netmap.model.topology.TopologyData.network_graph` is an ``nx.Graph``:
networks joined by ``links`` (routed or peering) and by gateways (an Azure network's
gateway joins it to every VM network of each listed site). A set of sites down is a view
of it, ``nx.subgraph_view`` without the networks of those sites: a :class:`NetworkView`.

* Components (R5's groups) come from ``nx.connected_components`` of the routed links and
  gateways; a peering joins two components for their own traffic only
  (:meth:`NetworkView.peers`, :meth:`NetworkView.route`). With no site down they are computed
  once per topology; with sites down only the components that hold a network of a down
  site (or an Azure network with a gateway to one) are computed again, on the subgraph of
  their networks that are up, so the cost is the size of those components, not of the
  topology. A component's key is its smallest network name (deterministic).
* Routes (:meth:`NetworkView.path`, :meth:`NetworkView.nearest`) are a breadth-first
  search on the view's adjacency, which lists neighbours in name order, so the route
  found is deterministic.
* :func:`network_view` caches one view per set of sites down, so 2,000 recovery plans
  whose primary site is the same share one computation.

Recovery-plan networks of R6 join nothing and are not in the graph: each is a component
of its own, keyed by a :class:`~netmap.model.records.PlanNetwork` (:func:`plan_network`).

Examples
--------
>>> from netmap import load, example_path
>>> ix = load(example_path())
>>> nv = network_view(ix, frozenset())
>>> nv.component("VMNetwork1-Beijing") == nv.component("VMNetwork1-Shanghai")
False
>>> nv.is_up("VMNetwork1-Beijing"), network_view(ix, {"Beijing"}).is_up("VMNetwork1-Beijing")
(True, False)
"""

from __future__ import annotations

import ipaddress
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from socket import AF_INET, inet_pton

import networkx as nx

from netmap.model.records import PlanNetwork, TestCopy

_from_bytes = int.from_bytes

__all__ = ["NetworkView", "network_view", "plan_network", "network_label", "join_label",
           "network_prefixes", "prefix_holding", "overlapping_prefixes"]


def plan_network(plan: str) -> PlanNetwork:
    """The component key of recovery plan ``plan``'s own network (R6).

    Examples
    --------
    >>> str(plan_network("Plan-Gold"))
    'plan:Plan-Gold'
    """
    return PlanNetwork(plan)


def network_label(net: str | PlanNetwork) -> str:
    """How a network (or plan network) is shown: its name, or ``plan:NAME``.

    Examples
    --------
    >>> network_label("VMNetwork1-Beijing"), network_label(plan_network("Plan-Gold"))
    ('VMNetwork1-Beijing', 'plan:Plan-Gold')
    """
    if isinstance(net, (PlanNetwork, TestCopy)):
        return str(net)
    return net


def _routed(graph: nx.Graph) -> nx.Graph:
    """The view of ``graph`` without its peerings: routed links and gateways (R5 groups)."""
    return nx.subgraph_view(graph, filter_edge=lambda a, b: graph[a][b]["via"] != "peering")


def join_label(a: str, b: str) -> str:
    """How a join is named: ``A -- B``, the two network names sorted.

    >>> join_label("vnet-corp", "Corp-BJ")
    'Corp-BJ -- vnet-corp'
    """
    return f"{a} -- {b}" if a <= b else f"{b} -- {a}"


def _components(graph: nx.Graph, nodes: frozenset | set | None = None) -> tuple[dict, dict]:
    """``(component of each network, sorted members of each component)`` of ``graph``'s
    routed links and gateways (peerings join no component, R5), restricted to ``nodes``
    when given; a component is keyed by its smallest name.

    The components of ``nx.connected_components(_routed(graph.subgraph(nodes)))``, in the
    same order, found by one search over ``graph.adj`` that skips peerings and the
    networks outside ``nodes`` (about three times faster than through two filtered
    views: the first question after a load pays it once per set of sites down).
    """
    adj = graph.adj
    seen = set()
    comp, members = {}, {}
    for start in graph:
        if start in seen or (nodes is not None and start not in nodes):
            continue
        seen.add(start)
        found = [start]
        stack = [start]
        while stack:
            for v, d in adj[stack.pop()].items():
                if v not in seen and d["via"] != "peering" and (nodes is None or v in nodes):
                    seen.add(v)
                    found.append(v)
                    stack.append(v)
        ms = sorted(found)
        key = ms[0]
        members[key] = ms
        for n in ms:
            comp[n] = key
    return comp, members


def _prefix_range(prefix):
    """``(version, first, last)`` of every address of a CIDR prefix, or None.

    An IPv4 ``address/length`` is read by the C parser (:func:`socket.inet_pton`, which
    accepts the dotted quads :mod:`ipaddress` accepts); anything else by
    ``ipaddress.ip_network(prefix, strict=False)``.

    >>> _prefix_range("10.1.2.3/16"), _prefix_range("fd00::/127")[2] & 0xff
    ((4, 167837696, 167903231), 1)
    """
    if not prefix:
        return None
    if prefix.__class__ is str:
        addr, slash, length = prefix.partition("/")
        if slash and length.isascii() and length.isdigit() and int(length) <= 32:
            try:
                x = _from_bytes(inet_pton(AF_INET, addr), "big")
            except (OSError, ValueError):
                pass
            else:
                host = (1 << (32 - int(length))) - 1
                return 4, x & ~host, x | host
    try:
        n = ipaddress.ip_network(prefix, strict=False)
    except ValueError:
        return None
    return n.version, int(n.network_address), int(n.broadcast_address)


def network_prefixes(ix, net) -> tuple:
    """The subnet prefixes of ``net`` as ``((version, first, last, prefix), ...)``, sorted
    (empty for a plan network or a network without prefixes; a drill's test copy has its
    target's); memoized per topology."""
    if isinstance(net, PlanNetwork):
        return ()
    if isinstance(net, TestCopy):  # a drill's copy has its target's subnets (R9)
        net = net.network
    memo = network_view(ix, frozenset()).shared.setdefault("_prefixes", {})
    got = memo.get(net)
    if got is None:
        rs = []
        for _name, prefix in ix.net[net].subnets:
            r = _prefix_range(prefix)
            if r is not None:
                rs.append((*r, prefix))
        got = memo[net] = tuple(sorted(rs))
    return got


def prefix_holding(ix, net, ip) -> str | None:
    """The subnet prefix of ``net`` that address ``ip`` (``(version, int)``) lies in (the
    first in address order), or None. ``ip`` None (a NIC without an address): None."""
    if ip is None:
        return None
    v, x = ip
    for pv, lo, hi, prefix in network_prefixes(ix, net):
        if pv == v and lo <= x <= hi:
            return prefix
    return None


def overlapping_prefixes(ix, a, b) -> list[tuple[str, str]]:
    """The pairs ``(prefix of a, prefix of b)`` that share addresses, sorted: a sweep over
    the two sorted prefix lists (no pair of prefixes compared unless they overlap, beyond
    the sweep itself); memoized per topology and pair."""
    memo = network_view(ix, frozenset()).shared.setdefault("_overlaps", {})
    key = (a, b)
    got = memo.get(key)
    if got is None:
        got = memo[key] = _overlapping(network_prefixes(ix, a), network_prefixes(ix, b))
    return list(got)


def _overlapping(pa, pb):
    """:func:`overlapping_prefixes` of two :func:`network_prefixes` tuples, as a tuple."""
    if not pa or not pb:
        return ()
    if pa[0][0] == pa[-1][0] == pb[0][0] == pb[-1][0]:  # one IP version on both sides:
        # ranges apart (all of one side's prefixes below all of the other's) share nothing
        if max(r[2] for r in pa) < pb[0][1] or max(r[2] for r in pb) < pa[0][1]:
            return ()
    events = sorted([(v, lo, hi, 0, p) for v, lo, hi, p in pa]
                    + [(v, lo, hi, 1, p) for v, lo, hi, p in pb])
    out = set()
    active = ([], [])  # per side: (version, hi, prefix) of intervals still open
    for v, lo, hi, side, p in events:
        for k in (0, 1):
            active[k][:] = [t for t in active[k] if t[0] == v and t[1] >= lo]
        for _v, _hi, q in active[1 - side]:
            out.add((p, q) if side == 0 else (q, p))
        active[side].append((v, hi, p))
    return tuple(sorted(out))


class NetworkView:
    """The networks that carry traffic, given sites down: a view of the network graph.

    ``graph`` is ``nx.subgraph_view`` of the topology's network graph without the
    networks of the sites down (the graph itself when no site is down). Build with
    :func:`network_view`, which caches one per set of sites down.
    """

    def __init__(self, ix, down: Iterable[str], base: NetworkView | None = None):
        self.ix = ix
        self.down = down = frozenset(down)
        full = ix.network_graph
        self.graph = full if not down else nx.subgraph_view(full, filter_node=self._up_net)
        #: caches of the analyses that read this view, by name (shared by every scenario
        #: with the same sites down)
        self.shared: dict = {}
        self._primaries: dict = {}
        self._counts: dict = {}  # running_count of components not listed in _primaries
        if not down:
            self._base = None
            self._affected = frozenset()
            self._comp, self._members = _components(full)
            return
        base = base if base is not None else network_view(ix, frozenset())
        self._base = base
        affected = set()
        by_site = ix.networks_by_site
        for s in down:
            for n in by_site.get(s, ()):
                affected.add(base._comp[n])
            for a in ix.gateway_networks_of_site(s):
                affected.add(base._comp[a])
        self._affected = frozenset(affected)
        nets = [n for c in affected for n in base._members[c] if ix.net[n].site not in down]
        # whole components of the full graph, less their networks that are down
        self._comp, self._members = _components(full, frozenset(nets))

    def _up_net(self, net) -> bool:
        n = self.ix.net.get(net)
        return n is not None and n.site not in self.down

    def is_up(self, net) -> bool:
        """Does ``net`` carry traffic? Plan networks always do; a drill's test copy (R9)
        when the site of the network it copies is up."""
        if net.__class__ is str:  # a network name (the common case, first)
            n = self.ix.net.get(net)
            return n is not None and n.site not in self.down
        if isinstance(net, TestCopy):
            return self._up_net(net.network)
        return isinstance(net, PlanNetwork) or self._up_net(net)

    def component(self, net):
        """The component key of ``net`` (None when it carries no traffic). A drill's test
        copies (R9) form components of their own: the copy of their first peer."""
        if net.__class__ is not str:
            if isinstance(net, PlanNetwork):
                return net
            if isinstance(net, TestCopy):
                return TestCopy(net.peers[0], net.peers) if self.is_up(net) else None
        c = self._comp.get(net)
        if c is None and self._base is not None:
            c = self._base._comp.get(net)
            if c in self._affected:
                return None
        return c

    def components(self) -> dict:
        """Every component: ``{key: sorted networks}`` (plan networks not included)."""
        if self._base is None:
            return dict(self._members)
        out = {c: ms for c, ms in self._base._members.items() if c not in self._affected}
        out.update(self._members)
        return out

    def members(self, comp) -> list:
        """The networks of a component, sorted (a plan network: itself)."""
        if isinstance(comp, PlanNetwork):
            return [comp]
        if isinstance(comp, TestCopy):
            return [TestCopy(p, comp.peers) for p in comp.peers]
        got = self._members.get(comp)
        if got is None and self._base is not None and comp not in self._affected:
            got = self._base._members.get(comp)
        return got or []

    def neighbors(self, net) -> Iterator[tuple[str, str]]:
        """``(network, via)`` one hop from ``net``, in name order; via is ``link``,
        ``peering`` or ``gateway`` (a drill's test copy: the copies of its target's
        neighbours among its peers, R9)."""
        if isinstance(net, TestCopy):  # joined as their targets are, among themselves
            if not self.is_up(net):
                return iter(())
            peers = net.peers
            return ((TestCopy(m, peers), d["via"])
                    for m, d in self.graph.adj[net.network].items() if m in peers)
        if isinstance(net, PlanNetwork) or not self._up_net(net):
            return iter(())
        return ((m, d["via"]) for m, d in self.graph.adj[net].items())

    def _peer_table(self) -> dict:
        got = self.shared.get("_peers")
        if got is None:
            got = {}
            for a, b in sorted(self.ix.peerings):
                ca, cb = self.component(a), self.component(b)
                if ca is None or cb is None or ca == cb:
                    continue
                for x, y in ((ca, cb), (cb, ca)):
                    got.setdefault(x, {}).setdefault(y, []).append(join_label(a, b))
            got = self.shared["_peers"] = {
                c: {d: sorted(set(js)) for d, js in ps.items()} for c, ps in got.items()}
        return got

    def peers(self, comp) -> dict:
        """The components a peering joins to component ``comp``: ``{component: [join
        labels]}`` (R5: a peering joins two components for traffic between them alone).
        Costs one pass over the peerings, once per view."""
        if isinstance(comp, PlanNetwork) or comp is None:
            return {}
        return self._peer_table().get(comp, {})

    def peering_chain(self, ca, cb) -> list | None:
        """The peerings (join labels, the first of each pair of components) that chain
        component ``ca`` to ``cb`` through other components, fewest first, or None. A
        breadth-first search over the components that have peerings only."""
        if ca is None or cb is None or ca == cb or ca not in self._peer_table():
            return None
        # memoized per view (pairs of components; every scenario with the same sites
        # down asks for the same few), with each component's peers in label order
        memo = self.shared.setdefault("_chains", {})
        key = (ca, cb)
        if key in memo:
            got = memo[key]
            return None if got is None else list(got)
        order = self.shared.setdefault("_peer_order", {})
        prev = {ca: None}
        todo = deque([ca])
        got = None
        while todo and got is None:
            c = todo.popleft()
            ds = order.get(c)
            if ds is None:
                ds = order[c] = sorted(self.peers(c), key=network_label)
            for d in ds:
                if d in prev:
                    continue
                prev[d] = c
                if d == cb:
                    out = []
                    while prev[d] is not None:
                        out.append(self.peers(prev[d])[d][0])
                        d = prev[d]
                    got = out[::-1]
                    break
                todo.append(d)
        memo[key] = got
        return None if got is None else list(got)

    def joined(self, ca, cb) -> bool:
        """Do components ``ca`` and ``cb`` carry traffic between them (one component, or
        two that a peering joins)?"""
        return ca is not None and (ca == cb or cb in self.peers(ca))

    def path(self, sources: Iterable, targets: Iterable) -> list | None:
        """Shortest route from any of ``sources`` to any of ``targets`` over every join
        (peerings included, as if they were transitive: see :meth:`route` for the one
        traffic takes).

        Returns ``[(network, via)]`` where ``via`` is how the network was entered
        (``None`` for the first), or None when there is no route.
        """
        sources = [s for s in sorted(sources, key=network_label) if self.is_up(s)]
        targets = set(t for t in targets if self.is_up(t))
        return self._search(sources, targets.__contains__)

    def route(self, source, target) -> list | None:
        """The route traffic takes from network ``source`` to network ``target`` (R5):
        routed links and gateways, and at most one peering, the one between the two
        components; ``[(network, via)]`` as :meth:`path`, or None when the two
        components carry no traffic between them."""
        ca, cb = self.component(source), self.component(target)
        if not self.joined(ca, cb):
            return None
        if isinstance(source, PlanNetwork):
            return [(source, None)]
        ok = {ca, cb}
        comp = self.component

        def allowed(n):
            for m, via in self.neighbors(n):
                if via != "peering" or (comp(n) in ok and comp(m) in ok and comp(n) != comp(m)):
                    yield m, via
        return self._search([source], {target}.__contains__, allowed)

    def nearest(self, source, accept: Callable[[object], object]) -> list | None:
        """The shortest route ``[(network, via)]`` from ``source`` to the nearest network
        for which ``accept(network)`` is true (``source`` itself first), or None."""
        if not self.is_up(source):
            return None
        return self._search([source], accept)

    def _search(self, sources, accept, neighbors=None):
        """Breadth-first on the view's adjacency (or ``neighbors(n)``) from ``sources``
        (in order) to the first network ``accept`` takes; neighbours come in name order
        (see :attr:`~netmap.model.topology.TopologyData.network_graph`), so the route is
        deterministic."""
        neighbors = neighbors or self.neighbors
        prev = {}
        q = deque()
        for s in sources:
            if s not in prev:
                prev[s] = (None, None)
                q.append(s)
        while q:
            n = q.popleft()
            if accept(n):
                out = []
                while n is not None:
                    p, via = prev[n]
                    out.append((n, via))
                    n = p
                return out[::-1]
            for m, via in neighbors(n):
                if m not in prev:
                    prev[m] = (n, via)
                    q.append(m)
        return None

    def primaries(self, comp) -> list[str]:
        """The VMs (sorted) whose primary runs (site up) with a NIC in component ``comp``.

        Computed per component on demand, from the NICs of its networks: the cost is
        the size of the component. Scenarios take out the primaries that fail over and
        add their replicas.
        """
        if isinstance(comp, (PlanNetwork, TestCopy)):
            return []
        got = self._primaries.get(comp)
        if got is None:
            got = self._primaries[comp] = sorted(self._running(comp))
        return got

    def _running(self, comp) -> set[str]:
        """The set of :meth:`primaries` (``comp`` a component of networks)."""
        ix, down = self.ix, self.down
        vm, cloud = ix.vm, ix.cloud
        vms = set()
        for m in self.members(comp):
            for nic in ix.nics_on.get(m, ()):
                v = nic.vm
                if v not in vms:
                    x = vm[v]  # ix.site_of_vm(v), inlined
                    if (cloud[x.cloud].site if x.cloud is not None else x.site) not in down:
                        vms.add(v)
        return vms

    def running_count(self, comp) -> int:
        """How many VMs have their primary running with a NIC in ``comp``
        (``len(primaries(comp))``, without sorting them)."""
        got = self._primaries.get(comp)
        if got is not None:
            return len(got)
        if isinstance(comp, (PlanNetwork, TestCopy)):
            return 0
        n = self._counts.get(comp)
        if n is None:
            n = self._counts[comp] = len(self._running(comp))
        return n


def network_view(ix, down: Iterable[str]) -> NetworkView:
    """The networks that carry traffic when the sites ``down`` are down.

    Parameters
    ----------
    ix : TopologyData
        The topology (:func:`netmap.load`).
    down : iterable of str
        Names of the sites down (any order; an empty set for none).

    Returns
    -------
    NetworkView
        Cached per topology and set of sites down (in ``ix._network_views``): every scenario
        with the same sites down shares its components.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> ix = load(example_path())
    >>> network_view(ix, ["Beijing"]) is network_view(ix, {"Beijing"})
    True
    >>> network_view(ix, ["Beijing"]).members("VMNetwork1-Shanghai")
    ['VMNetwork1-Shanghai']
    """
    cache = ix._network_views
    key = frozenset(down)
    nv = cache.get(key)
    if nv is None:
        nv = cache[key] = NetworkView(ix, key)
    return nv
