"""R5 for one pair: can VM A reach VM B after a failover, and by which route?

Question
--------
``reach(G, a, b, scenario)``
    Inputs: two VM names and a :class:`~netmap.model.scenario.Scenario`.
    Returns :class:`Reachability`: ``a``, ``b``, ``reachable``, ``path`` (the first VM, the
    networks crossed in order, the other VM; empty when not reachable), ``hops`` (how
    each network was entered: ``nic``, ``link`` or ``gateway``) and ``reason``.

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.model.scenario import Scenario
>>> G = load(example_path())
>>> r = reach(G, "VM1", "MON-SH", Scenario(plans=("Plan-Gold",), sites_down=("Beijing",)))
>>> r.path
['VM1', 'VMNetwork1-Shanghai', 'MON-SH']
>>> str(reach(G, "VM1", "MON-SH", Scenario()).reason)
"no link or gateway joins VM1's networks (VMNetwork1-Beijing) to MON-SH's (VMNetwork1-Shanghai)"
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netmap.errors import ScenarioError
from netmap.analysis.failover import evaluate
from netmap.model.topology import as_topology
from netmap.analysis.connectivity import network_label
from netmap.analysis.reasons import Reason
from netmap.model.names import suggest
from netmap.model.scenario import Scenario

__all__ = ["reach", "Reachability"]


@dataclass(frozen=True)
class Reachability:
    """Whether VM ``a`` reaches VM ``b`` in a scenario, and by which route.

    ``path`` is the first VM, the networks crossed in order, the other VM (empty when
    not reachable); ``hops`` says how each network was entered (``nic``, ``link`` or
    ``gateway``); ``reason`` says why not (a :class:`~netmap.analysis.reasons.Reason`);
    ``scenario`` describes the scenario.
    """

    a: str
    b: str
    reachable: bool
    path: list[str] = field(default_factory=list)
    hops: list[str] = field(default_factory=list)
    reason: Reason | None = None
    scenario: str = ""


def reach(G, a, b, scenario=None):
    """Can ``a`` reach ``b`` in ``scenario`` (default: nothing fails over)?

    A VM of F is its replica (in a test failover: its test replica).
    """
    ix = as_topology(G)
    for x in (a, b):
        if x not in ix.vm:
            raise ScenarioError(f"unknown VM '{x}'" + suggest(x, ix.vm, always=True))
    view = evaluate(ix, scenario or Scenario())
    why = view.why_unreachable(a, b)
    desc = view.scenario.describe()
    if why is not None:
        return Reachability(a, b, False, [], [], why, desc)
    src = [n for n, ok in view.nic_networks(a) if ok]
    dst = [n for n, ok in view.nic_networks(b) if ok]
    route = view.net.path(src, dst)
    path = [a] + [network_label(n) for n, _ in route] + [b]
    hops = ["nic"] + [via for _, via in route[1:]] + ["nic"]
    return Reachability(a, b, True, path, hops, None, desc)
