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
from netmap.analysis.failover import evaluate
from netmap.model.records import PlanNetwork
from netmap.model.topology import as_topology
from netmap.analysis.mapping import effective_mapping
from netmap.analysis.connectivity import network_label
from netmap.analysis.reasons import Reason, ReasonKind, text_of
from netmap.model.scenario import Scenario
from netmap.model.names import suggest

__all__ = ["failback", "Outlook", "parse_replica_nic"]


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


def failback(G, vms=None, replica_nics=(), remap=(), unmap=()):
    """R7: where each primary NIC reconnects when ``vms`` fail back; see the module doc."""
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
    unmapped = set(unmap)
    remapped = {(s, ix.net[t].site) for s, t in remap}
    view = evaluate(ix, Scenario(vms=tuple(names))) if names else None
    rows = []
    reasons = {}
    for v in names:
        replicas = {r.nic.index: r for r in view.routes(v)}  # R3 networks, no addresses
        home = ix.site_of_vm(v)  # R1: the mapping back is the one to the VM's own site
        # VMM to Azure only: Azure to Azure fails back over the reverse mappings, as
        # reprotection does (R11)
        from_azure = ix.vm[v].cloud is not None and ix.container(v).azure is not None
        nics = []
        for nic in ix.vm[v].nics:
            r3 = replicas.get(nic.index)
            if (v, nic.index) in overrides:
                rnet, rsub = overrides[(v, nic.index)]
                changed = True
                if rnet is not None and rsub is None:
                    cur = r3.subnet if r3 is not None and r3.network == rnet else None
                    got = ix.net[rnet].subnet_named(cur or nic.subnet)
                    rsub = got[0] if got else None
            else:
                rnet = r3.network if r3 is not None else None
                rsub = r3.subnet if r3 is not None else None
                changed = False
            row = {"nic": nic.index, "replica_network": None, "replica_subnet": rsub,
                   "replica_changed": changed, "primary_network": nic.network,
                   "primary_subnet": nic.subnet, "network": None, "subnet": None,
                   "ip": None, "returns": False, "method": "mapping", "reason": None}
            why = None
            if from_azure:
                # R7: from Azure, a planned failover to the original VM: each NIC returns
                # to its original network, subnet and address (no reverse mapping exists)
                row["replica_network"] = network_label(rnet) if rnet is not None else None
                row["method"] = "original_vm"
                sub = nic.subnet
                if sub is None:
                    subs = ix.net[nic.network].subnets
                    sub = subs[0][0] if subs else None
                row.update(network=nic.network, subnet=sub, ip=nic.ip, returns=True)
                if changed or remap or unmap:
                    why = Reason(ReasonKind.ORIGINAL_VM, overridden=changed)
                row["reason"] = text_of(why)
                reasons[(v, nic.index)] = why
                nics.append(row)
                continue
            if rnet is None:  # disconnected: by the override, or by R3's reason
                why = Reason(ReasonKind.REPLICA_DISCONNECTED, overridden=changed,
                             cause=None if changed or r3 is None else r3.reason)
            elif isinstance(rnet, PlanNetwork):  # an R6 recovery-plan network
                row["replica_network"] = network_label(rnet)
                why = Reason(ReasonKind.PLAN_NETWORK_NO_WAY_BACK, network=rnet)
            else:
                row["replica_network"] = rnet
                t = now.target(rnet, home)
                if t is None:
                    why = Reason(ReasonKind.REPLICA_NETWORK_NOT_MAPPED, network=rnet,
                                 unmapped=rnet in unmapped, site=home,
                                 elsewhere=tuple(now.targets(rnet).items()))
                else:
                    row["network"] = t
                    sub = ix.net[t].subnet_named(rsub)
                    row["subnet"] = sub[0] if sub else None
                    notes = []
                    if sub is None:
                        notes.append(Reason(ReasonKind.NO_SUBNETS, network=t))
                    elif rsub is not None and sub[0] != rsub and not (
                            ix.net[t].is_azure and sub[0].casefold() == rsub.casefold()):
                        notes.append(Reason(ReasonKind.FIRST_SUBNET, network=t, subnet=rsub,
                                            first=sub[0]))
                    if t != nic.network:
                        notes.append(Reason(ReasonKind.MAPPED_ELSEWHERE, network=rnet,
                                            target=t, original=nic.network,
                                            remapped=(rnet, home) in remapped))
                    row["returns"] = t == nic.network and (
                        nic.subnet is None or row["subnet"] == nic.subnet)
                    if row["returns"]:
                        row["ip"] = nic.ip  # back where it was: its own address
                    if t == nic.network and not row["returns"]:
                        notes.append(Reason(ReasonKind.OTHER_SUBNET, network=t,
                                            subnet=row["subnet"], original=nic.subnet))
                    why = Reason.all_of(notes) if notes else None
            row["reason"] = text_of(why)
            reasons[(v, nic.index)] = why
            nics.append(row)
        rows.append({"vm": v, "nics": nics})
    what_if = [f"replica {vm}:{i} " + (f"on {n}/{s}" if n and s else f"on {n}" if n
                                       else "disconnected")
               for (vm, i), (n, s) in sorted(overrides.items())]
    what_if += [f"{s} mapped to {t}" for s, t in sorted(set(remap))]
    what_if += [f"{s} not mapped" for s in sorted(set(unmap))]
    return Outlook(rows, what_if, reasons)
