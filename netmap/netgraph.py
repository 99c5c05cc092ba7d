"""The network graph of R5: networks joined by links and gateways, with sites down.

Nodes are the networks whose site is up; edges are ``links`` (both ends up) and
gateways (an Azure network's gateway joins it to every VM network of each listed site
that is up). :class:`NetworkGraph` computes its connected components once (union-find,
linear in networks + links + gateway edges) and answers "which component?" in O(1);
:func:`network_graph` caches one per set of sites down, so 2,000 recovery plans whose
primary site is the same share one computation. :meth:`NetworkGraph.path` finds the
shortest route between two sets of networks (breadth-first search).

Recovery-plan networks of R6 are not in the graph: they are components of their own,
keyed ``("plan", name)``.

Examples
--------
>>> from netmap import load, example_path, index
>>> ng = network_graph(index(load(example_path())), frozenset())
>>> ng.component("VMNetwork1-Beijing") == ng.component("VMNetwork1-Shanghai")
False
>>> ng.is_up("VMNetwork1-Beijing"), network_graph(index(load(example_path())),
...     frozenset({"Beijing"})).is_up("VMNetwork1-Beijing")
(True, False)
"""

from __future__ import annotations

from collections import defaultdict, deque

__all__ = ["NetworkGraph", "network_graph", "plan_network", "network_label"]


def plan_network(plan):
    """The component key of recovery plan ``plan``'s own network (R6)."""
    return ("plan", plan)


def network_label(net):
    """How a network (or plan network) is shown: its name, or ``plan:NAME``."""
    return f"plan:{net[1]}" if isinstance(net, tuple) else net


class NetworkGraph:
    """Components and routes of the networks that carry traffic, given sites down."""

    def __init__(self, ix, down):
        self.ix = ix
        self.down = frozenset(down)
        nets = ix.net
        parent = {}

        def find(x):
            root = x
            while parent[root] != root:
                root = parent[root]
            while parent[x] != root:
                parent[x], x = root, parent[x]
            return root

        def union(a, b):
            ra, rb = find(a), find(b)
            if ra != rb:
                if ra < rb:
                    parent[rb] = ra
                else:
                    parent[ra] = rb

        down = self.down
        up = {n for n, net in nets.items() if net.site not in down}
        for n in up:
            parent[n] = n
        for a, b in ix.links:
            if a in up and b in up:
                union(a, b)
        for n in sorted(up):
            net = nets[n]
            for s in net.gateway_sites:
                if s in down:
                    continue
                for m in ix.vm_networks_of_site(s):
                    if m in up:
                        union(n, m)
        self._up = up
        comp = {}
        members = defaultdict(list)
        for n in up:
            r = find(n)
            comp[n] = r
        # the label of a component is its smallest network name: deterministic
        label = {}
        for n, r in comp.items():
            if r not in label or n < label[r]:
                label[r] = n
        self._comp = {n: label[r] for n, r in comp.items()}
        for n, c in self._comp.items():
            members[c].append(n)
        for c in members:
            members[c].sort()
        self._members = members
        self._running_counts = None
        self._primaries = None

    def is_up(self, net):
        """Does ``net`` carry traffic? Plan networks always do."""
        return isinstance(net, tuple) or net in self._up

    def component(self, net):
        """The component key of ``net`` (None when it carries no traffic)."""
        if isinstance(net, tuple):
            return net
        return self._comp.get(net)

    def members(self, comp):
        """The networks of a component, sorted (a plan network: itself)."""
        if isinstance(comp, tuple):
            return [comp]
        return self._members.get(comp, [])

    def neighbors(self, net):
        """``(network, via)`` pairs one hop from ``net``; via is ``link`` or ``gateway``."""
        ix = self.ix
        if not self.is_up(net) or isinstance(net, tuple):
            return
        adj = _links_adjacency(ix)
        for m in adj.get(net, ()):
            if m in self._up:
                yield m, "link"
        n = ix.net[net]
        if n.is_azure:
            for s in n.gateway_sites:
                if s not in self.down:
                    for m in ix.vm_networks_of_site(s):
                        if m in self._up:
                            yield m, "gateway"
        else:
            for a in ix.gateway_networks_of_site(n.site):
                if a in self._up:
                    yield a, "gateway"

    def path(self, sources, targets):
        """Shortest route from any of ``sources`` to any of ``targets``.

        Returns ``[(network, via)]`` where ``via`` is how the network was entered
        (``None`` for the first), or None when there is no route.
        """
        sources = [s for s in sorted(sources, key=network_label) if self.is_up(s)]
        targets = set(t for t in targets if self.is_up(t))
        prev = {}
        q = deque()
        for s in sources:
            if s not in prev:
                prev[s] = (None, None)
                q.append(s)
        while q:
            n = q.popleft()
            if n in targets:
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

        Built once per network graph (linear in VMs and NICs); scenarios take out the
        primaries that fail over and add their replicas.
        """
        if self._primaries is None:
            by = defaultdict(list)
            ix = self.ix
            for name in sorted(ix.vm):
                v = ix.vm[name]
                if ix.cloud[v.cloud].site in self.down:
                    continue
                seen = set()
                for nic in v.nics:
                    c = self._comp.get(nic.network)
                    if c is not None and c not in seen:
                        seen.add(c)
                        by[c].append(name)
            self._primaries = by
        if isinstance(comp, tuple):
            return []
        return self._primaries.get(comp, [])

    def nearest(self, source, accept):
        """The shortest route ``[(network, via)]`` from ``source`` to the nearest network
        for which ``accept(network)`` is true (``source`` itself first), or None."""
        if not self.is_up(source):
            return None
        prev = {source: (None, None)}
        q = deque([source])
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

    def running_counts(self):
        """Component -> number of VMs whose primary has a NIC there (sites down excluded).

        Computed once per network graph; scenarios adjust it by what they move.
        """
        if self._running_counts is None:
            self.primaries(None)
            self._running_counts = {c: len(vs) for c, vs in self._primaries.items()}
        return self._running_counts


def _links_adjacency(ix):
    adj = ix.__dict__.get("_link_adj")
    if adj is None:
        adj = defaultdict(list)
        for a, b in ix.links:
            adj[a].append(b)
            adj[b].append(a)
        ix.__dict__["_link_adj"] = adj
    return adj


def network_graph(ix, down):
    """The :class:`NetworkGraph` of index ``ix`` with ``down`` sites, cached per index."""
    cache = ix.__dict__.setdefault("_netgraphs", {})
    key = frozenset(down)
    ng = cache.get(key)
    if ng is None:
        ng = cache[key] = NetworkGraph(ix, key)
    return ng
