"""The network graph of R5: networks joined by links and gateways, with sites down.

Nodes are the networks whose site is up; edges are ``links`` (both ends up) and
gateways (an Azure network's gateway joins it to every VM network of each listed site
that is up). :class:`NetworkGraph` computes the connected components with no site down
once (union-find, linear in networks + links + gateway edges); with sites down it
recomputes only the components that hold a network of a down site, and answers "which
component?" in O(1). :func:`network_graph` caches one per set of sites down, so 2,000
recovery plans whose primary site is the same share one computation.
:meth:`NetworkGraph.primaries` lists the running VMs of a component on demand;
:meth:`NetworkGraph.path` finds the shortest route between two sets of networks
(breadth-first search).

Recovery-plan networks of R6 are not in the graph: they are components of their own,
keyed by a :class:`~netmap.model.records.PlanNetwork`.

Examples
--------
>>> from netmap import load, example_path
>>> ng = network_graph(load(example_path()), frozenset())
>>> ng.component("VMNetwork1-Beijing") == ng.component("VMNetwork1-Shanghai")
False
>>> ng.is_up("VMNetwork1-Beijing"), network_graph(load(example_path()),
...     frozenset({"Beijing"})).is_up("VMNetwork1-Beijing")
(True, False)
"""

from __future__ import annotations

from collections import defaultdict, deque

from netmap.model.records import PlanNetwork

__all__ = ["NetworkGraph", "network_graph", "plan_network", "network_label"]


def plan_network(plan):
    """The component key of recovery plan ``plan``'s own network (R6)."""
    return PlanNetwork(plan)


def network_label(net):
    """How a network (or plan network) is shown: its name, or ``plan:NAME``."""
    return f"plan:{net.plan}" if isinstance(net, PlanNetwork) else net


class _UnionFind:
    def __init__(self):
        self.parent = {}

    def add(self, x):
        self.parent[x] = x

    def find(self, x):
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


def _components(ix, nets, down):
    """``(comp, members)`` of networks ``nets`` (all up) joined by links and gateways.

    Every network joined to a network of ``nets`` must be in ``nets`` (a whole set of
    components). A component's key is its smallest network name: deterministic.
    """
    uf = _UnionFind()
    for n in nets:
        uf.add(n)
    adj = _links_adjacency(ix)
    for n in sorted(nets):
        for m in adj.get(n, ()):
            if m in uf.parent:
                uf.union(n, m)
        for s in ix.net[n].gateway_sites:
            if s in down:
                continue
            for m in ix.vm_networks_of_site(s):
                if m in uf.parent:
                    uf.union(n, m)
    comp = {}
    label = {}
    for n in nets:
        r = uf.find(n)
        comp[n] = r
        if r not in label or n < label[r]:
            label[r] = n
    members = defaultdict(list)
    comp = {n: label[r] for n, r in comp.items()}
    for n, c in comp.items():
        members[c].append(n)
    for c in members:
        members[c].sort()
    return comp, dict(members)


class NetworkGraph:
    """Components and routes of the networks that carry traffic, given sites down.

    The graph with no site down is computed once (linear in networks, links and gateway
    edges). With sites down, only the components that hold a network of a down site (or
    an Azure network with a gateway to one) are computed again, from their own networks:
    the cost is the size of those components, not of the topology.
    """

    def __init__(self, ix, down, base=None):
        self.ix = ix
        self.down = down = frozenset(down)
        self._primaries = {}
        if not down:
            self._base = None
            self._affected = frozenset()
            self._comp, self._members = _components(ix, list(ix.net), down)
            return
        base = base if base is not None else network_graph(ix, frozenset())
        self._base = base
        affected = set()
        by_site = _networks_by_site(ix)
        for s in down:
            for n in by_site.get(s, ()):
                affected.add(base._comp[n])
            for a in ix.gateway_networks_of_site(s):
                affected.add(base._comp[a])
        self._affected = frozenset(affected)
        nets = [n for c in affected for n in base._members[c] if ix.net[n].site not in down]
        self._comp, self._members = _components(ix, nets, down)

    def _up_net(self, net):
        n = self.ix.net.get(net)
        return n is not None and n.site not in self.down

    def is_up(self, net):
        """Does ``net`` carry traffic? Plan networks always do."""
        return isinstance(net, PlanNetwork) or self._up_net(net)

    def component(self, net):
        """The component key of ``net`` (None when it carries no traffic)."""
        if isinstance(net, PlanNetwork):
            return net
        c = self._comp.get(net)
        if c is None and self._base is not None:
            c = self._base._comp.get(net)
            if c in self._affected:
                return None
        return c

    def members(self, comp):
        """The networks of a component, sorted (a plan network: itself)."""
        if isinstance(comp, PlanNetwork):
            return [comp]
        got = self._members.get(comp)
        if got is None and self._base is not None and comp not in self._affected:
            got = self._base._members.get(comp)
        return got or []

    def neighbors(self, net):
        """``(network, via)`` pairs one hop from ``net``; via is ``link`` or ``gateway``."""
        ix = self.ix
        if not self.is_up(net) or isinstance(net, PlanNetwork):
            return
        adj = _links_adjacency(ix)
        for m in adj.get(net, ()):
            if self._up_net(m):
                yield m, "link"
        n = ix.net[net]
        if n.is_azure:
            for s in n.gateway_sites:
                if s not in self.down:
                    for m in ix.vm_networks_of_site(s):
                        if self._up_net(m):
                            yield m, "gateway"
        else:
            for a in ix.gateway_networks_of_site(n.site):
                if self._up_net(a):
                    yield a, "gateway"

    def path(self, sources, targets):
        """Shortest route from any of ``sources`` to any of ``targets``.

        Returns ``[(network, via)]`` where ``via`` is how the network was entered
        (``None`` for the first), or None when there is no route.
        """
        sources = [s for s in sorted(sources, key=network_label) if self.is_up(s)]
        targets = set(t for t in targets if self.is_up(t))
        return self._search(sources, targets.__contains__)

    def nearest(self, source, accept):
        """The shortest route ``[(network, via)]`` from ``source`` to the nearest network
        for which ``accept(network)`` is true (``source`` itself first), or None."""
        if not self.is_up(source):
            return None
        return self._search([source], accept)

    def _search(self, sources, accept):
        """Breadth-first from ``sources`` (in order) to the first network ``accept``s;
        neighbours in name order, so the route found is deterministic."""
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
            for m, via in sorted(self.neighbors(n), key=lambda x: (x[0], x[1])):
                if m not in prev:
                    prev[m] = (n, via)
                    q.append(m)
        return None

    def primaries(self, comp):
        """The VMs (sorted) whose primary runs (site up) with a NIC in component ``comp``.

        Computed per component on demand, from the NICs of its networks: the cost is
        the size of the component. Scenarios take out the primaries that fail over and
        add their replicas.
        """
        if isinstance(comp, PlanNetwork):
            return []
        got = self._primaries.get(comp)
        if got is None:
            ix, down = self.ix, self.down
            vms = set()
            for m in self.members(comp):
                for nic in ix.nics_on.get(m, ()):
                    if nic.vm not in vms and ix.cloud[ix.vm[nic.vm].cloud].site not in down:
                        vms.add(nic.vm)
            got = self._primaries[comp] = sorted(vms)
        return got

    def running_count(self, comp):
        """How many VMs have their primary running with a NIC in ``comp``."""
        return len(self.primaries(comp))


def _links_adjacency(ix):
    adj = ix.__dict__.get("_link_adj")
    if adj is None:
        adj = defaultdict(list)
        for a, b in ix.links:
            adj[a].append(b)
            adj[b].append(a)
        ix.__dict__["_link_adj"] = adj
    return adj


def _networks_by_site(ix):
    by = ix.__dict__.get("_nets_by_site")
    if by is None:
        by = defaultdict(list)
        for n in sorted(ix.net):
            by[ix.net[n].site].append(n)
        ix.__dict__["_nets_by_site"] = by
    return by


def network_graph(ix, down):
    """The :class:`NetworkGraph` of index ``ix`` with ``down`` sites, cached per index."""
    cache = ix.__dict__.setdefault("_netgraphs", {})
    key = frozenset(down)
    ng = cache.get(key)
    if ng is None:
        ng = cache[key] = NetworkGraph(ix, key)
    return ng
