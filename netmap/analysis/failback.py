"""R7: what failing back does to the primary VM's NICs.

Question
--------
``failback(G, vms=None, replica_nics=(), remap=(), unmap=())``
    Inputs: the graph; the VMs that fail back (default: every protected VM); what changed
    after the failover: ``replica_nics`` (where replica NICs are now) and ``remap`` /
    ``unmap`` (mapping changes).
    Returns :class:`Outlook`: ``vms`` (per VM, its ``nics``) and ``what_if`` (the changes
    in words); one row per primary NIC: ``vm``, ``nic``,
    ``replica_network``, ``replica_subnet``, ``network``, ``subnet``, ``ip`` (the NIC's
    own address when it returns, else None), ``returns`` (back on the NIC's original
    network and subnet), ``method`` and ``reason`` (why not, or why disconnected).
``nic_outcomes(G, vms=None, replica_nics=(), remap=(), unmap=())``
    The same, as tuples: ``(vm, [(nic, Outcome)])`` per VM (what the report counts).

The rule (R7 in docs/rules.md; the failback table in docs/whatif.md): failing back VM V
from a VMM site reconnects each primary NIC to ``map'(R)``, where R is the network the
replica NIC is on *now* and ``map'`` is the mapping *now*, i.e. after ``remap``/``unmap``
(:func:`~netmap.analysis.mapping.effective_mapping`), to V's own site (R1: a network maps
to at most one network per site).

A VM failed over from VMM to Azure fails back by planned failover to its original VM:
each NIC returns to its original network, subnet and address (``method`` is
``"original_vm"``; no reverse mapping is involved, none can be configured, and where the
replica NIC is does not matter). Every other row has ``method`` ``"mapping"``: VMM to VMM,
and Azure to Azure, whose failback uses the reverse mappings as reprotection does (R11;
with an unmapped source, those Site Recovery created with ``NAME-asr``).

* R defaults to R3's result: the replica NIC as the failover placed it, with the mapping
  of the file (the failover happened before the mappings were edited).
* ``replica_nics`` overrides R per NIC. Each item is a string ``V=NETWORK[/SUBNET]``,
  ``V=-`` (the replica NIC is disconnected), or ``V:INDEX=...`` for a NIC other than the
  first; or an already-parsed tuple ``(vm, index, network_or_None, subnet_or_None)``.
  Without ``/SUBNET`` the replica NIC sits in NETWORK's subnet named like its current
  subnet (else the primary's subnet name, else NETWORK's first subnet: R3's rule).
* No R (disconnected replica NIC, or an R6 recovery-plan network), or no mapping for R:
  the primary NIC is disconnected, with the reason.
* The subnet follows R3, by the replica subnet's name: ``map'(R)``'s subnet of that name,
  else its first subnet, else none.

Examples
--------
>>> from netmap import load, example_path
>>> G = load(example_path())
>>> def vm1(r):
...     n = r.vms[0]["nics"][0]
...     return n["network"], n["subnet"]
>>> vm1(failback(G, vms=["VM1"]))                    # no change: back where it was
('VMNetwork1-Beijing', 'Subnet1')
>>> vm1(failback(G, vms=["VM1"], replica_nics=["VM1=-"]))      # replica disconnected
(None, None)
>>> vm1(failback(G, vms=["VM1"], replica_nics=["VM1=VMNetwork2-Shanghai"]))  # not mapped
(None, None)
>>> vm1(failback(G, vms=["VM1"], remap=[("VMNetwork1-Shanghai", "VMNetwork2-Beijing")]))
('VMNetwork2-Beijing', 'Subnet1')
"""

from __future__ import annotations

from typing import NamedTuple

from netmap.errors import ScenarioError
from netmap.analysis.failover import shared_routes
from netmap.model.records import PlanNetwork
from netmap.model.topology import as_topology
from netmap.analysis.mapping import effective_mapping
from netmap.analysis.connectivity import network_label
from netmap.analysis.reasons import Reason, ReasonKind, text_of
from netmap.model.names import suggest

__all__ = ["failback", "nic_outcomes", "Outlook", "Outcome", "parse_replica_nic"]


def _unknown(what, name, pool):
    return ScenarioError(f"unknown {what} '{name}'" + suggest(name, pool, always=True))


def _bad_override(text, problem):
    return ScenarioError(f"replica NIC '{text}': {problem}", code="replica_nic", text=text,
                         problem=problem)


def parse_replica_nic(text, ix):
    """Parse ``V[:INDEX]=NETWORK[/SUBNET]`` or ``V[:INDEX]=-`` against topology ``ix``.

    Returns ``(vm, index, network_or_None, subnet_or_None)``. Names are checked: an unknown
    VM, NIC index, network or subnet raises :class:`ScenarioError` with a suggestion.
    VM and network names may themselves contain ``:`` or ``/``: a whole known name wins.

    >>> from netmap import load, example_path
    >>> ix = load(example_path())
    >>> parse_replica_nic("VM1=VMNetwork2-Shanghai/Subnet1", ix)
    ('VM1', 0, 'VMNetwork2-Shanghai', 'Subnet1')
    >>> parse_replica_nic("VM1:0=-", ix)
    ('VM1', 0, None, None)
    >>> parse_replica_nic("VM1:3=-", ix)
    Traceback (most recent call last):
    ...
    netmap.errors.ScenarioError: replica NIC 'VM1:3=-': VM1 has no NIC 3 (it has 1 NIC)
    """
    if not isinstance(text, str) or "=" not in text or not all(text.split("=", 1)):
        raise _bad_override(text, "expected VM[:INDEX]=NETWORK[/SUBNET] or VM[:INDEX]=-")
    left, right = text.split("=", 1)
    vm, idx = left, 0
    if left not in ix.vm and ":" in left:
        head, tail = left.rsplit(":", 1)
        try:
            idx = int(tail)
        except ValueError:
            raise _bad_override(text, f"NIC index '{tail}' is not a number") from None
        vm = head
    if vm not in ix.vm:
        raise _bad_override(text, f"unknown VM '{vm}'" + suggest(vm, ix.vm, always=True))
    nics = ix.vm[vm].nics
    if not 0 <= idx < len(nics):
        n = len(nics)
        raise _bad_override(text, f"{vm} has no NIC {idx} (it has {n} NIC{'s' * (n != 1)})")
    if right == "-":
        return vm, idx, None, None
    net, sub = right, None
    if right not in ix.net and "/" in right:
        net, sub = right.rsplit("/", 1)
    if net not in ix.net:
        raise _bad_override(text, f"unknown network '{net}'" + suggest(net, ix.net, always=True))
    if sub is not None and not ix.net[net].has_subnet(sub):
        names = [s for s, _ in ix.net[net].subnets]
        raise _bad_override(text, f"network '{net}' has no subnet '{sub}'"
                            + suggest(sub, names, always=True))
    return vm, idx, net, sub


class Outlook(NamedTuple):
    """R7's answer: ``vms`` (``[{vm, nics: [row per primary NIC]}]``), ``what_if``
    (the changes after the failover, in words) and ``reasons``: ``(vm, nic index)`` ->
    the :class:`~netmap.analysis.reasons.Reason` behind that row's ``reason`` (or None)."""

    vms: list
    what_if: list
    reasons: dict


def _as_override(item, ix):
    if isinstance(item, str):
        return parse_replica_nic(item, ix)
    try:
        vm, idx, net, sub = item
    except (TypeError, ValueError):
        raise ScenarioError(f"replica NIC override {item!r}: expected "
                            "'VM[:INDEX]=NETWORK[/SUBNET]' or (vm, index, network, subnet)") \
            from None
    spec = f"{vm}:{idx}=" + ("-" if net is None else net + (f"/{sub}" if sub else ""))
    got = parse_replica_nic(spec, ix)
    if got != (vm, idx, net, sub):  # pragma: no cover - names with ':' or '/' both sides
        raise ScenarioError(f"replica NIC override {item!r} is ambiguous")
    return got


class Outcome(NamedTuple):
    """R7 for one primary NIC (:func:`nic_outcomes`), without the NIC itself: the fields of
    its :func:`failback` row other than ``nic``, ``primary_network``, ``primary_subnet``
    and ``ip`` (the NIC's own address when it returns), plus ``reason``, the
    :class:`~netmap.analysis.reasons.Reason` behind ``text`` (None: no reason). NICs with
    the same inputs share one outcome."""

    replica_network: str | None
    replica_subnet: str | None
    replica_changed: bool
    network: str | None
    subnet: str | None
    returns: bool
    method: str
    reason: Reason | None
    text: str | None


def failback(G, vms=None, replica_nics=(), remap=(), unmap=()):
    """R7: where each primary NIC reconnects when ``vms`` fail back; see the module doc.

    The rows of :func:`nic_outcomes`, one dictionary per primary NIC."""
    rows = []
    reasons = {}
    walk, what_if = _walk(G, vms, replica_nics, remap, unmap)
    for v, pairs in walk:
        nics = []
        for nic, o in pairs:
            returns = o.returns
            nics.append({"nic": nic.index, "replica_network": o.replica_network,
                         "replica_subnet": o.replica_subnet,
                         "replica_changed": o.replica_changed,
                         "primary_network": nic.network, "primary_subnet": nic.subnet,
                         "network": o.network, "subnet": o.subnet,
                         "ip": nic.ip if returns else None, "returns": returns,
                         "method": o.method, "reason": o.text})
            reasons[(v, nic.index)] = o.reason
        rows.append({"vm": v, "nics": nics})
    return Outlook(rows, what_if, reasons)


def nic_outcomes(G, vms=None, replica_nics=(), remap=(), unmap=()):
    """R7 as :func:`failback` (same parameters and checks, made before this returns), in
    tuples: an iterator of ``(vm, [(nic, outcome)])`` in VM order, NICs in NIC order
    (``nic`` a :class:`~netmap.model.records.Nic`, ``outcome`` an :class:`Outcome`).

    The report's failback outlook reads these instead of :func:`failback`'s dictionaries.

    >>> from netmap import load, example_path
    >>> [(v, [(n.index, o.network, o.returns) for n, o in pairs])
    ...  for v, pairs in nic_outcomes(load(example_path()), vms=["VM1"])]
    [('VM1', [(0, 'VMNetwork1-Beijing', True)])]
    """
    return _walk(G, vms, replica_nics, remap, unmap)[0]


def _walk(G, vms, replica_nics, remap, unmap):
    """Check the inputs of :func:`failback`; ``(iterator of its rows as tuples, what_if)``."""
    ix = as_topology(G)
    if vms is None:
        names = ix.protected_vms()
    else:
        names = sorted(set(vms))
        for v in names:
            if v not in ix.vm:
                raise _unknown("VM", v, ix.vm)
            if not ix.container(v).protected:
                where = (f"cloud {ix.vm[v].cloud}" if ix.vm[v].cloud is not None else
                         f"Azure region {ix.vm[v].site}")
                raise ScenarioError(f"VM '{v}' is not protected ({where} has no protection): "
                                    "it has no replica to fail back from")
    remap = tuple(remap)
    unmap = tuple(unmap)
    now = effective_mapping(ix, remap, unmap)  # checks names, self-maps, double remaps
    chosen = set(names)
    overrides = {}
    for item in replica_nics:
        vm, idx, net, sub = _as_override(item, ix)
        if vm not in chosen:
            protected = ix.container(vm).protected
            why = "it is not protected" if not protected else \
                "it is not failing back (add it to the VMs that fail back)"
            raise ScenarioError(f"a replica NIC is given for VM '{vm}', but {why}",
                                code="replica_nic_vm", vm=vm, protected=protected)
        if (vm, idx) in overrides:
            raise ScenarioError(f"replica NIC given twice for {vm} NIC {idx}",
                                code="replica_nic_twice", vm=vm, nic=idx)
        overrides[(vm, idx)] = (net, sub)
    what_if = [f"replica {vm}:{i} " + (f"on {n}/{s}" if n and s else f"on {n}" if n
                                       else "disconnected")
               for (vm, i), (n, s) in sorted(overrides.items())]
    what_if += [f"{s} mapped to {t}" for s, t in sorted(set(remap))]
    what_if += [f"{s} not mapped" for s in sorted(set(unmap))]
    return _rows(ix, names, overrides, remap, unmap, now), what_if


def _rows(ix, names, overrides, remap, unmap, now):
    """``(vm, [(nic, Outcome)])`` per VM of ``names``: R7's rule, worked out once per
    distinct input (replica network and subnet, the VM's site, the NIC's network and
    subnet) and shared by the NICs that have it."""
    unmapped = set(unmap)
    remapped = {(s, ix.net[t].site) for s, t in remap}
    # R3's routes with the file's mapping (the failover happened before the mappings were
    # edited): what a failover of ``names`` gives each replica NIC, no plan network, no
    # drill, no addresses
    routes = shared_routes(ix)
    whatif = bool(remap or unmap)
    vm, cloud = ix.vm, ix.cloud
    of_cloud = {}  # cloud -> (its site, does it fail over to Azure?)
    memo = {}  # (from Azure, rnet, rsub, changed, home, network, subnet) -> Outcome
    for v in names:
        x = vm[v]
        if x.cloud is None:  # an Azure VM (R11): Azure to Azure fails back by mapping
            home, from_azure = x.site, False
        else:
            got = of_cloud.get(x.cloud)
            if got is None:
                c = cloud[x.cloud]
                got = of_cloud[x.cloud] = (c.site, c.azure is not None)
            # R1: the mapping back is the one to the VM's own site; VMM to Azure only
            # fails back to the original VM (R7)
            home, from_azure = got
        pairs = []
        for nic, r3 in zip(x.nics, routes(v)):  # one route per NIC, in NIC order
            if overrides and (v, nic.index) in overrides:
                rnet, rsub = overrides[(v, nic.index)]
                changed = True
                if rnet is not None and rsub is None:
                    cur = r3.subnet if r3.network == rnet else None
                    got = ix.net[rnet].subnet_named(cur or nic.subnet)
                    rsub = got[0] if got else None
            else:
                rnet, rsub, changed = r3.network, r3.subnet, False
            if rnet is None and not from_azure:  # disconnected: the override, or R3's reason
                why = Reason(ReasonKind.REPLICA_DISCONNECTED, overridden=changed,
                             cause=None if changed else r3.reason)
                pairs.append((nic, Outcome(None, rsub, changed, None, None, False, "mapping",
                                           why, text_of(why))))
                continue
            key = (from_azure, rnet, rsub, changed, home, nic.network, nic.subnet)
            o = memo.get(key)
            if o is None:
                o = memo[key] = _outcome(ix, now, unmapped, remapped, whatif, from_azure,
                                         rnet, rsub, changed, home, nic)
            pairs.append((nic, o))
        yield v, pairs


def _outcome(ix, now, unmapped, remapped, whatif, from_azure, rnet, rsub, changed, home, nic):
    """R7 for one primary NIC ``nic`` of a VM of site ``home`` whose replica NIC is on
    ``rnet``/``rsub`` (``changed``: by an override); not for a disconnected one from VMM
    (:func:`_rows` words that)."""
    label = network_label(rnet) if rnet is not None else None
    if from_azure:
        # R7: from Azure, a planned failover to the original VM: each NIC returns to its
        # original network, subnet and address (no reverse mapping exists)
        sub = nic.subnet
        if sub is None:
            subs = ix.net[nic.network].subnets
            sub = subs[0][0] if subs else None
        why = Reason(ReasonKind.ORIGINAL_VM, overridden=changed) if changed or whatif \
            else None
        return Outcome(label, rsub, changed, nic.network, sub, True, "original_vm", why,
                       text_of(why))
    if isinstance(rnet, PlanNetwork):  # an R6 recovery-plan network
        why = Reason(ReasonKind.PLAN_NETWORK_NO_WAY_BACK, network=rnet)
        return Outcome(label, rsub, changed, None, None, False, "mapping", why, text_of(why))
    t = now.target(rnet, home)
    if t is None:
        why = Reason(ReasonKind.REPLICA_NETWORK_NOT_MAPPED, network=rnet,
                     unmapped=rnet in unmapped, site=home,
                     elsewhere=tuple(now.targets(rnet).items()))
        return Outcome(label, rsub, changed, None, None, False, "mapping", why, text_of(why))
    sub = ix.net[t].subnet_named(rsub)
    subnet = sub[0] if sub else None
    notes = []
    if sub is None:
        notes.append(Reason(ReasonKind.NO_SUBNETS, network=t))
    elif rsub is not None and sub[0] != rsub and not (
            ix.net[t].is_azure and sub[0].casefold() == rsub.casefold()):
        notes.append(Reason(ReasonKind.FIRST_SUBNET, network=t, subnet=rsub, first=sub[0]))
    if t != nic.network:
        notes.append(Reason(ReasonKind.MAPPED_ELSEWHERE, network=rnet, target=t,
                            original=nic.network, remapped=(rnet, home) in remapped))
    returns = t == nic.network and (nic.subnet is None or subnet == nic.subnet)
    if t == nic.network and not returns:
        notes.append(Reason(ReasonKind.OTHER_SUBNET, network=t, subnet=subnet,
                            original=nic.subnet))
    why = Reason.all_of(notes) if notes else None
    return Outcome(label, rsub, changed, t, subnet, returns, "mapping", why, text_of(why))
