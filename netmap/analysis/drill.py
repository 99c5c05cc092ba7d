"""Test-network isolation (R9 in docs/rules.md): is a drill's test network cut off?

Question
--------
``isolation(view)``
    Inputs: a :class:`~netmap.analysis.failover.FailoverView` of a test failover.
    Returns ``(isolated, reason)``: ``isolated`` is True when no VM outside the drill can
    be reached from the test network, False when one can (or when the test network is
    itself a mapping target), and None when the view is not a test failover.

The rule: a test network must not be the target of any network mapping, and no network
joined to it (through links, in the view's sites-down) may have a running primary on it.
The search is breadth-first from the test network, so the reason names the nearest such
network and its route.

:meth:`~netmap.analysis.failover.FailoverView.test_isolation` delegates here;
check NM015 (docs/checks.md) reports a test network that is not isolated.

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.model.scenario import Scenario
>>> from netmap.analysis.failover import evaluate
>>> isolation(evaluate(load(example_path()), Scenario(all=True)))
(None, None)
"""

from __future__ import annotations

from netmap.analysis.reasons import Reason, ReasonKind

__all__ = ["isolation"]


def isolation(view):
    """R9: is the test network of a test failover isolated?

    Parameters
    ----------
    view : FailoverView
        The evaluated failover (:func:`~netmap.analysis.failover.evaluate`); its
        ``test_network`` is the drill's network (None: not a test failover).

    Returns
    -------
    tuple of (bool or None, Reason or None)
        ``(isolated, reason)``; ``(None, None)`` if there is no drill. The reason's kind is
        ``TEST_NETWORK_MAPPED``, ``NETWORK_DOWN``, ``TEST_NETWORK_RUNNING``,
        ``TEST_NETWORK_JOINED`` or ``TEST_NETWORK_ISOLATED``.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> from netmap.model.scenario import Scenario
    >>> from netmap.analysis.failover import evaluate
    >>> G = load(example_path())
    >>> ok, why = isolation(evaluate(G, Scenario(all=True, test_network="VMNetwork1-Shanghai")))
    >>> ok, why.kind.name
    (False, 'TEST_NETWORK_MAPPED')
    """
    n = view.test_network
    if n is None:
        return None, None
    sources = view.mapping.sources(n)
    if sources:
        return False, Reason(ReasonKind.TEST_NETWORK_MAPPED, network=n,
                             sources=tuple(sources))
    if view.net.component(n) is None:
        return True, Reason(ReasonKind.NETWORK_DOWN, network=n)
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
            return False, Reason(ReasonKind.TEST_NETWORK_RUNNING, network=n, vm=vm)
        return False, Reason(ReasonKind.TEST_NETWORK_JOINED, network=n, joined=m, vm=vm,
                             route=tuple(x for x, _ in route))
    return True, Reason(ReasonKind.TEST_NETWORK_ISOLATED, network=n)
