"""Broken dependencies and boot order (R8 in docs/rules.md).

Questions
---------
``dependency_failures(view, vms=None)``
    Inputs: a :class:`~netmap.analysis.failover.FailoverView` and the VMs whose
    dependencies are checked (default: the VMs that fail over).
    Returns ``(vm, dependency, reason)`` for every dependency that fails in that failover:
    one of the two VMs is down or isolated, or they share no component.
``boot_order_reasons(ix, plan=None)``
    Inputs: the topology and one recovery plan (default: every plan).
    Returns a :class:`~netmap.analysis.reasons.Reason` for every dependency inside a plan
    that does not boot in an earlier group.

:class:`~netmap.analysis.failover.FailoverView` keeps ``dependency_failures`` and
``broken_dependencies`` as methods that delegate here.

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.model.scenario import Scenario
>>> from netmap.analysis.failover import evaluate
>>> G = load(example_path())
>>> dependency_failures(evaluate(G, Scenario(all=True)))
[]
>>> boot_order_problems(G)
[]
"""

from __future__ import annotations

from netmap.model.topology import as_topology
from netmap.analysis.reasons import Reason, ReasonKind

__all__ = ["dependency_failures", "broken_dependencies", "boot_order_reasons",
           "boot_order_problems"]


def dependency_failures(view, vms=None):
    """R8: the dependencies that fail in a failover, with why.

    Parameters
    ----------
    view : FailoverView
        The evaluated failover (:func:`~netmap.analysis.failover.evaluate`).
    vms : iterable of str, optional
        The VMs whose dependencies are checked (default: the VMs of F, those that fail
        over).

    Returns
    -------
    list of (str, str, Reason)
        ``(vm, dependency, reason)``; the reason's kind is ``VM_ITSELF_DOWN``,
        ``VM_DOWN``, ``UNPLACED`` (either VM: its replica never runs, R4),
        ``VM_ISOLATED`` or ``NOT_REACHABLE``, with the cause in its ``cause`` field.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> from netmap.model.scenario import Scenario
    >>> from netmap.analysis.failover import evaluate
    >>> v = evaluate(load(example_path()), Scenario(plans=("Plan-Gold",)))
    >>> dependency_failures(v)
    []
    """
    out = []
    state, components = view.state, view.components
    records = view.ix.vm
    for v in (view.failed_over if vms is None else vms):
        on = records[v].depends_on
        if not on:
            continue
        sv = state(v)
        for d in on:
            why = None
            sd = state(d)
            if sv == "down":
                why = Reason(ReasonKind.VM_ITSELF_DOWN, vm=v, cause=view.down_reason(v))
            elif sv == "unplaced":
                why = view.unplaced_reason(v)
            elif sd == "down":
                why = Reason(ReasonKind.VM_DOWN, vm=d, cause=view.down_reason(d))
            elif sd == "unplaced":  # R8: a dependency on an unplaced VM is broken
                why = view.unplaced_reason(d)
            elif view.nics_unknown(d) or view.nics_unknown(v):
                pass  # cannot tell (SPEC §7): not claimed broken; NM026 names the unknown
            elif not components(d):
                why = Reason(ReasonKind.VM_ISOLATED, vm=d, cause=view.isolation_reason(d))
            elif not components(v):
                why = Reason(ReasonKind.VM_ISOLATED, vm=v, cause=view.isolation_reason(v))
            elif not view.reachable(v, d):
                why = Reason(ReasonKind.NOT_REACHABLE, cause=view.why_unreachable(v, d))
            if why is not None:
                out.append((v, d, why))
    return out


def broken_dependencies(view, vms=None):
    """R8: the rows of :func:`dependency_failures`, reasons in words.

    Parameters
    ----------
    view : FailoverView
        The evaluated failover.
    vms : iterable of str, optional
        The VMs whose dependencies are checked (default: the VMs that fail over).

    Returns
    -------
    list of dict
        ``{vm, depends_on, reason}`` per failing dependency.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> from netmap.model.scenario import Scenario
    >>> from netmap.analysis.failover import evaluate
    >>> broken_dependencies(evaluate(load(example_path()), Scenario(all=True)))
    []
    """
    return [{"vm": v, "depends_on": d, "reason": str(why)}
            for v, d, why in dependency_failures(view, vms)]


def boot_order_reasons(ix, plan=None):
    """R8: dependencies inside one plan that do not boot in an earlier group.

    Parameters
    ----------
    ix : TopologyData
        The topology.
    plan : str, optional
        One recovery plan (default: every plan, by name).

    Returns
    -------
    list of Reason
        Kind ``BOOTS_IN_SAME_GROUP`` (fields plan, vm, dependency, group) or
        ``BOOTS_LATER`` (plan, vm, dependency, vm_group, dependency_group).

    Examples
    --------
    >>> from netmap import load, example_path
    >>> boot_order_reasons(load(example_path()))
    []
    """
    out = []
    for p in ([plan] if plan is not None else sorted(ix.plan)):
        where = {}
        for g, group in enumerate(ix.plan[p], start=1):
            for v in group:
                where[v] = g
        for v in sorted(where):
            for d in ix.vm[v].depends_on:
                if d in where and where[d] >= where[v]:
                    if where[d] == where[v]:
                        out.append(Reason(ReasonKind.BOOTS_IN_SAME_GROUP, plan=p, vm=v,
                                          dependency=d, group=where[v]))
                    else:
                        out.append(Reason(ReasonKind.BOOTS_LATER, plan=p, vm=v, dependency=d,
                                          vm_group=where[v], dependency_group=where[d]))
    return out


def boot_order_problems(G, plan=None):
    """R8: dependencies inside one plan that do not boot in an earlier group.

    Returns ``[{plan, vm, depends_on, vm_group, dependency_group, reason}]`` (the rows of
    :func:`boot_order_reasons`, reasons in words).

    >>> from netmap import load, example_path
    >>> boot_order_problems(load(example_path()))
    []
    """
    ix = as_topology(G)
    return [{"plan": r.plan, "vm": r.vm, "depends_on": r.dependency,
             "vm_group": r.fields.get("vm_group", r.fields.get("group")),
             "dependency_group": r.fields.get("dependency_group", r.fields.get("group")),
             "reason": str(r)} for r in boot_order_reasons(ix, plan)]
