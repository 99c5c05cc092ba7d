"""R5 for one pair: can VM A reach VM B after a failover, and by which route?

Question
--------
``reach(G, a, b, scenario)``
    Inputs: two VM names and a :class:`~netmap.model.scenario.Scenario`.
    Returns :class:`Reachability`: ``a``, ``b``, ``reachable``, ``path`` (the first VM, the
    networks crossed in order, the other VM; empty when not reachable), ``hops`` (how
    each network was entered: ``nic``, ``link``, ``peering`` or ``gateway``), ``reason``,
    and, when a route exists but loses the traffic, ``attempt`` and ``blocked_at``.

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.model.scenario import Scenario
>>> G = load(example_path())
>>> r = reach(G, "VM1", "MON-SH", Scenario(plans=("Plan-Gold",), sites_down=("Beijing",)))
>>> r.path
['VM1', 'VMNetwork1-Shanghai', 'MON-SH']
>>> r = reach(G, "VM1", "MON-SH", Scenario())
>>> r.reason.kind, r.reason.a_networks, r.reason.b_networks
(<ReasonKind.NOT_JOINED: 'not_joined'>, ('VMNetwork1-Beijing',), ('VMNetwork1-Shanghai',))
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netmap.errors import ScenarioError
from netmap.analysis.failover import evaluate
from netmap.model.topology import as_topology
from netmap.analysis.connectivity import network_label
from netmap.analysis.reasons import Reason, ReasonKind
from netmap.model.names import suggest
from netmap.model.scenario import Scenario

__all__ = ["reach", "Reachability"]


@dataclass(frozen=True)
class Reachability:
    """Whether VM ``a`` reaches VM ``b`` in a scenario, and by which route.

    ``path`` is the first VM, the networks crossed in order, the other VM (empty when
    not reachable); ``hops`` says how each network was entered (``nic``, ``link``,
    ``peering`` or ``gateway``); ``reason`` says why not (a
    :class:`~netmap.analysis.reasons.Reason`); ``scenario`` describes the scenario.
    When the traffic has a route but is lost on it (address overlap, a second peering),
    ``attempt`` and ``attempt_hops`` are that route (as ``path`` and ``hops``) and
    ``blocked_at`` the join where it is lost (``A -- B``); otherwise empty and None.
    """

    a: str
    b: str
    reachable: bool | None  # None: cannot tell (a fact the answer needs is unknown)
    path: list[str] = field(default_factory=list)
    hops: list[str] = field(default_factory=list)
    reason: Reason | None = None
    scenario: str = ""
    attempt: list[str] = field(default_factory=list)
    attempt_hops: list[str] = field(default_factory=list)
    blocked_at: str | None = None


def reach(G, a, b, scenario=None):
    """Can ``a`` reach ``b`` in ``scenario`` (default: nothing fails over)?

    A VM of F is its replica (in a test failover: its test replica).
    """
    ix = as_topology(G)
    for x in (a, b):
        if x not in ix.vm:
            raise ScenarioError(f"unknown VM '{x}'" + suggest(x, ix.vm, always=True))
    view = evaluate(ix, scenario or Scenario())
    why, attempt, at = view.diagnose(a, b)
    desc = view.scenario.describe()
    if why is not None:
        if why.kind is ReasonKind.CANNOT_TELL:  # reachable None: an unknown fact (SPEC §7)
            return Reachability(a, b, None, [], [], why, desc)
        if attempt is None:
            return Reachability(a, b, False, [], [], why, desc)
        return Reachability(a, b, False, [], [], why, desc, *_walk(a, b, attempt), at)
    best = None
    joined = view.net.joined
    for ea in view.endpoints(a):
        for eb in view.endpoints(b):
            if joined(ea[1], eb[1]) and view.blocked(ea, eb) is None:
                route = view.net.route(ea[0], eb[0])
                key = (len(route), [network_label(n) for n, _ in route])
                if best is None or key < best[0]:
                    best = (key, route)
    path, hops = _walk(a, b, best[1])
    return Reachability(a, b, True, path, hops, None, desc)


def _walk(a, b, route):
    """``(path, hops)`` of a route ``[(network, via)]`` between VMs ``a`` and ``b``."""
    path = [a] + [network_label(n) for n, _ in route] + [b]
    hops = ["nic"] + [via for _, via in route[1:]] + ["nic"]
    return path, hops
