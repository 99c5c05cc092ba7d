"""Readiness checks (docs/checks.md): is this topology ready to fail over?

Question
--------
``check(G, scenario=None, ignore=())``
    Inputs: the graph; optionally a :class:`~netmap.model.scenario.Scenario` whose
    ``test_network`` is checked for isolation (NM015) and whose ``remap``/``unmap``
    what-if changes apply to every check; ``ignore``: codes to leave out.
    Returns the findings: dicts with ``code``, ``severity``, ``object`` and ``message``,
    sorted by code, then object, then message (:class:`netmap.answers.checks.Findings`
    is the answer that shows them, with a summary).

No rule is coded here a second time: every finding is read off the answer of the
function that answers the same question for the other commands.

=====  ==================================================================================
code   comes from
=====  ==================================================================================
NM001  ``FailoverView.replica_nics`` of a failover of every protected VM (NIC with no
       mapping to its recovery site)
NM002  ``mapping.choice_for`` for every protected cloud that uses a mapped source and
       recovers at the target's site
NM003  ``placement.place`` (unplaced: no host reaches the networks / no hosts)
NM004  ``placement.place`` (unplaced: no capacity)
NM005  the effective mapping: the target's mapping to the source's site is not the
       source (VMM to VMM and Azure to Azure: a mapping from VMM to Azure needs none, R7)
NM006  ``FailoverView.replica_nics`` (the replica's subnet is not the NIC's subnet name)
NM007  ``FailoverView.replica_nics`` (a static IP reassigned: outside the prefix or pool,
       reserved, or held)
NM008  the NICs as given, grouped by subnet and address
NM009  the cloud's or Azure region's protection (``Cloud.protected``, ``Region.protected``)
NM010  ``dependencies.dependency_failures`` of each plan, failing over with its primary
       site(s) down
NM011  ``dependencies.boot_order_reasons``
NM012  the VM's plans (index)
NM013  the protection pairs of each cloud (index)
NM014  the size of each plan (index)
NM015  ``drill.isolation`` of a test failover of every protected VM
NM016  ``FailoverView.replica_nics`` (an Azure replica's NIC moved to the primary's network)
NM017  ``connectivity.overlapping_prefixes`` of the two networks of each join of the
       network graph (a sweep over their sorted prefixes)
NM018  each plan's VMs: protection, source and recovery sites, groups (index)
NM019  ``placement.placement_of`` (a ``replica_host`` and the candidates R4 would use)
NM020  the drill NICs that ``drill.routes`` disconnects (test network at another site, or
       not reached by the replica's host), in that test failover
NM021  ``drill.mirror_problems`` of that test failover
NM022  ``drill.unrunnable`` of that test failover
NM023  each VMM-to-VMM protection pair: the protecting cloud's VMM server and its site
NM024  ``FailoverView.replica_nics`` (a configured ``replica.ip`` not usable where the
       replica lands: outside the subnet, reserved, or held)
NM025  ``mapping.unused_reason`` of each mapping of the effective mapping (R1)
=====  ==================================================================================

The checks are a registry: :data:`RULES` holds one :class:`Rule` (code, severity, title,
function) per code, ordered by code, and :func:`run_checks` runs them in that order.
:data:`CODES` (code -> severity and title, as ``netmap check --help`` lists them) is read
off the registry. A rule's function takes an :class:`Analysis` and returns findings; rules
whose codes come from one pass (NM001/NM006/NM007/NM016, NM003/NM004) share one function, which
:func:`run_checks` calls once.

Object names: a VM, network, cloud or plan by its name; a NIC as ``VM.nics[i]``; a
mapping as ``SOURCE -> TARGET``; a subnet as ``NETWORK/SUBNET``; a join as ``A -- B``
(the two network names sorted).

Examples
--------
>>> from netmap import load, example_path
>>> r = check(load(example_path()))
>>> [(f["code"], f["object"]) for f in r]
... # doctest: +NORMALIZE_WHITESPACE
[('NM001', 'APP2.nics[0]'), ('NM007', 'VM1.nics[0]'), ('NM009', 'MON-SH')]
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from netmap._runtime.gc import paused
from netmap.errors import ScenarioError
from netmap.analysis import drill as _drill
from netmap.analysis.dependencies import boot_order_reasons
from netmap.analysis.failover import evaluate
from netmap.model.records import Severity
from netmap.model.topology import as_topology
from netmap.analysis.mapping import choice_for, clouds_using, effective_mapping, unused_reason
from netmap.analysis.placement import needed_logical_networks, place, placement_of
from netmap.analysis.connectivity import join_label, overlapping_prefixes
from netmap.analysis.reasons import Reason, ReasonKind
from netmap.model.scenario import Scenario
from netmap.model.names import suggest

__all__ = ["check", "run_checks", "rule_findings", "rule_functions", "Finding", "Analysis",
           "Rule", "RULES", "CODES",
           "MAX_PLAN_VMS", "MAX_PLAN_GROUPS", "normalize_codes", "plan_problems",
           "management_servers"]

#: the largest recovery plan Azure Site Recovery accepts (NM014): "Up to 100 protected
#: instances can be added to one recovery plan."
#: (https://learn.microsoft.com/en-us/azure/site-recovery/recovery-plan-overview)
MAX_PLAN_VMS = 100
#: the most boot groups a recovery plan may have (NM018, the contract's R10)
MAX_PLAN_GROUPS = 7


def normalize_codes(codes):
    """Upper-cased, checked codes; raise :class:`ScenarioError` for an unknown one.

    >>> normalize_codes(["nm005", "NM001"])
    ('NM001', 'NM005')
    """
    out = set()
    for c in codes:
        cu = str(c).strip().upper()
        if cu not in CODES:
            raise ScenarioError(f"unknown check code '{c}'" + suggest(cu, CODES, always=True))
        out.add(cu)
    return tuple(sorted(out))


def _nic(vm, i):
    return f"{vm}.nics[{i}]"


class Finding(dict):
    """One finding: the dict ``{code, severity, object, message}`` (as JSON shows it),
    with ``kind``, the :class:`~netmap.analysis.reasons.ReasonKind` of the reason behind
    it (None when the rule has no reason record), as an attribute."""

    __slots__ = ("kind",)

    def __init__(self, *args, kind=None, **kw):
        super().__init__(*args, **kw)
        self.kind = kind

    def __reduce__(self):
        return (_finding_again, (dict(self), self.kind))


def _finding_again(d, kind):
    return Finding(d, kind=kind)


def _finding(code, obj, message, severity=None, reason=None):
    return Finding({"code": code, "severity": severity or CODES[code][0], "object": obj,
                    "message": message}, kind=None if reason is None else reason.kind)


def _part(reason, kind):
    """The part (or cause) of ``reason`` of kind ``kind``, or None."""
    while reason is not None:
        for p in reason.parts:
            if p.kind is kind:
                return p
        reason = reason.fields.get("cause")
    return None


def _parts(reason):
    """Kind -> the first part (or cause) of ``reason`` of that kind, in :func:`_part`'s
    order: ``_parts(r).get(kind)`` is ``_part(r, kind)``."""
    out = {}
    while reason is not None:
        for p in reason.parts:
            if p.kind not in out:
                out[p.kind] = p
        reason = reason.fields.get("cause")
    return out


def _sentence(text):
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


class Analysis:
    """The answers a check and a report share, each computed once and only when asked.

    ``scenario`` supplies the what-if mapping changes (``remap``/``unmap``) and the test
    network; its failover set and sites down are not used (each question sets its own).
    ``track`` wraps long loops (a progress bar, see :mod:`netmap._runtime.progress`).
    """

    def __init__(self, G, scenario=None, track=None):
        self.G = G
        self.ix = as_topology(G)
        sc = (scenario or Scenario()).checked(self.ix)
        self.scenario = sc
        self.whatif = {"remap": sc.remap, "unmap": sc.unmap}
        self.mapping = (effective_mapping(self.ix, sc.remap, sc.unmap) if sc.remap or sc.unmap
                        else self.ix.mapping)
        self.track = track or (lambda it, label, length=None: it)

    @cached_property
    def all_view(self):
        """A failover of every protected VM (nothing down)."""
        return evaluate(self.ix, Scenario(all=True, **self.whatif))

    @cached_property
    def _placed(self):
        return place(self.ix, Scenario(all=True, **self.whatif), with_reasons=True)

    @property
    def placement(self):
        """The topology's :class:`~netmap.analysis.placement.Placement` (what-if mappings
        applied), shared with every failover view of the same mapping."""
        return placement_of(self.ix, self.scenario.remap, self.scenario.unmap)

    @property
    def placements(self):
        """R4 for every protected VM: the rows of :func:`~netmap.analysis.placement.place`."""
        return self._placed[0]

    @property
    def placement_reasons(self):
        """Why each unplaced VM of :attr:`placements` has no host (VM -> Reason)."""
        return self._placed[1]

    @cached_property
    def plan_refusals(self):
        """Plan -> why Site Recovery would refuse it (R10: :func:`plan_problems`), for
        every plan; computed once for the checks and the report."""
        return {p: plan_problems(self.ix, p) for p in sorted(self.ix.plan)}

    def plan_primary_sites(self, plan):
        """The sites of the protected VMs of ``plan``, sorted."""
        ix = self.ix
        vms = ix.vm
        # the VMs' containers (container(v)): their clouds, and Azure VMs' regions
        clouds, regions = set(), set()
        for g in ix.plan[plan]:
            for v in g:
                x = vms[v]
                if x.cloud is not None:
                    clouds.add(x.cloud)
                else:
                    regions.add(x.site)
        cs = [ix.cloud[c] for c in clouds] + [ix.region[r] for r in regions]
        return sorted({c.site for c in cs if c.protected})

    def plan_vms(self, plan):
        return sorted(v for g in self.ix.plan[plan] for v in g)

    @cached_property
    def plan_views(self):
        """Plan -> the view of its failover with its primary site(s) down (None: no
        protected VM). Each costs time in proportion to the plan."""
        out = {}
        plans = sorted(self.ix.plan)
        for p in self.track(plans, "recovery plans", len(plans)):
            sites = self.plan_primary_sites(p)
            if not sites:
                out[p] = None
                continue
            out[p] = evaluate(self.ix, Scenario(plans=(p,), sites_down=tuple(sites),
                                                **self.whatif))
        return out

    @cached_property
    def test_view(self):
        """A test failover of every protected VM to the scenario's test network."""
        if self.scenario.test_network is None:
            return None
        return evaluate(self.ix, Scenario(all=True, test_network=self.scenario.test_network,
                                          **self.whatif))


# ----------------------------------------------------------------------------- checks

#: the reasons a static address changes on failover (NM007, revision 2): outside the target
#: subnet's prefix or pool, reserved (by the platform, the gateway or the pool), or held
_ADDRESS_CHANGES = frozenset({ReasonKind.IP_OUTSIDE_PREFIX, ReasonKind.IP_NOT_HOST,
                              ReasonKind.IP_OUTSIDE_POOL, ReasonKind.IP_RESERVED,
                              ReasonKind.IP_HELD})


def _replica_findings(a):
    """NM001, NM006, NM007, NM016 from the replica NICs of a failover of every protected
    VM (its addresses are the topology's fixed ones, R3)."""
    view, ix = a.all_view, a.ix
    replica_nics = view.replica_nics
    out = []
    for v in view.failed_over:
        moved_nics = []
        for r in replica_nics(v):
            if r.reason is None:
                continue  # the common case: it keeps its address, nothing to say
            obj = _nic(v, r.index)
            if r.network is None:
                if r.reason.kind is ReasonKind.HOST_DOES_NOT_REACH:
                    continue  # mapped, but its replica_host does not reach it: NM019
                site = ix.recovery_site(v)
                elsewhere = a.mapping.targets(r.source_network)
                unmapped = (f"which has no mapping to {v}'s recovery site {site}"
                            + (" (only to " + ", ".join(f"{t} at {s}" for s, t in
                                                        elsewhere.items()) + ")"
                               if elsewhere else ""))
                # VMM to Azure (R6); Azure to Azure has no plan networks (R11)
                if ix.vm[v].cloud is not None and ix.container(v).azure is not None:
                    out.append(_finding(
                        "NM001", obj,
                        f"NIC {r.index} of {v} is on {r.source_network}, {unmapped}: "
                        f"failing over to Azure its replica reaches only the VMs of its own "
                        f"recovery plan (R6), and no one when it fails over on its own.",
                        severity=Severity.WARNING, reason=r.reason))
                else:
                    out.append(_finding(
                        "NM001", obj,
                        f"NIC {r.index} of {v} is on {r.source_network}, {unmapped}, "
                        f"so the replica's NIC will be disconnected after failover.",
                        reason=r.reason))
                continue
            parts = _parts(r.reason)
            created = parts.get(ReasonKind.CREATED_BY_ASR)
            if created is not None:  # R11: Site Recovery creates NAME-asr (a warning)
                out.append(_finding(
                    "NM001", obj,
                    f"NIC {r.index} of {v} is on {r.source_network}, which has no mapping "
                    f"to {v}'s recovery region {created.site}: when replication is enabled "
                    f"Site Recovery creates {created.network} there (a copy of "
                    f"{r.source_network}'s subnets and prefixes, joined to nothing) and "
                    f"maps the two both ways, so the replica reaches only what lands in "
                    f"{created.network}.",
                    severity=Severity.WARNING, reason=created))
            one_vnet = parts.get(ReasonKind.ONE_VNET)
            if one_vnet is not None:
                moved_nics.append((r.index, one_vnet))
            first = parts.get(ReasonKind.FIRST_SUBNET)
            if parts.get(ReasonKind.CANNOT_TELL) is not None:
                continue  # the target's subnets are unknown (NM026): no NM006, no NM007
            if r.subnet is None and r.source_subnet is not None:
                out.append(_finding(
                    "NM006", obj,
                    f"NIC {r.index} of {v} is in subnet {r.source_subnet} of "
                    f"{r.source_network}, but its target {r.network} has no subnets at all, "
                    f"so the replica's NIC gets no subnet and no address.",
                    reason=parts.get(ReasonKind.NO_SUBNETS)))
            elif first is not None:
                out.append(_finding(
                    "NM006", obj,
                    f"NIC {r.index} of {v} is in subnet {first.subnet} of "
                    f"{r.source_network}, but its target {r.network} has no subnet of that "
                    f"name, so the replica lands in {r.network}'s first subnet {r.subnet}.",
                    reason=first))
            if r.ip_retained is False:
                why = next((p for p in r.reason.parts if p.kind in _ADDRESS_CHANGES), None)
                if why is not None:
                    out.append(_finding(
                        "NM007", obj,
                        _sentence(f"The static IP {r.source_ip} of {v}'s NIC {r.index} will "
                                  f"change on failover to {r.network}/{r.subnet}: {why}"),
                        reason=why))
        if moved_nics:
            primary = moved_nics[0][1].network
            which = ", ".join(f"NIC {i} (mapped to {p.own})" if p.own is not None else
                              f"NIC {i} ({p.source}, not mapped)" for i, p in moved_nics)
            verb = "joins" if len(moved_nics) == 1 else "join"
            out.append(_finding(
                "NM016", v,
                f"The NICs of {v} do not all map to one Azure network, but an Azure VM has all "
                f"its NICs in one network: its replica's {which} {verb} {primary}, the "
                f"primary NIC's target, instead.", reason=moved_nics[0][1]))
    return out


def _nm024(a):
    """NM024: a NIC's configured replica address (R3 ``replica.ip``) that is not usable
    in its replica's subnet, or a configured test address (R9 ``test.ip``) that is not
    usable in its test subnet: outside it, reserved, or held. The NIC takes it all the
    same (never NM007); the failover of every protected VM decides the replica's subnet.
    Always checked, with or without ``--test-network``."""
    view = a.all_view
    replica_nics = view.replica_nics
    out = []
    for v in view.failed_over:
        for r in replica_nics(v):
            if r.reason is None:
                continue
            why = _part(r.reason, ReasonKind.CONFIGURED_IP_UNUSABLE)
            if why is None:
                continue
            out.append(_finding(
                "NM024", _nic(v, r.index),
                _sentence(f"The {why}, so {v}'s replica NIC {r.index} gets an address "
                          f"that will not work after failover: configure another"),
                reason=why))
    for v, index, why in configured_test_problems(a.ix):
        out.append(_finding(
            "NM024", _nic(v, index),
            _sentence(f"The {why}, so {v}'s test replica NIC {index} gets an address that "
                      f"will not work in a drill: configure another"),
            reason=why))
    return sorted(out, key=lambda f: f["object"])


def configured_test_problems(ix):
    """R9's configured test addresses that cannot be used: ``[(vm, nic index, Reason)]``
    (kind ``CONFIGURED_IP_UNUSABLE``, ``test`` true), in order of VM name and NIC index.

    A NIC with ``test.network`` and ``test.ip`` of a protected VM: its test subnet is
    ``test.subnet``, else R3's subnet of the NIC's own subnet name in that network. Held
    there: the addresses of the VMs on the test network (production keeps running during
    a drill), then the configured test addresses claimed before it.
    """
    from netmap.analysis.addressing import configured_address, subnet_spaces
    spaces = {}
    out = []
    # one pass over the NICs for the few with a configured test address, then those of
    # protected VMs in order of VM name
    configured = sorted({v.name for v in ix.vm.values() for nic in v.nics
                         if nic.test is not None and nic.test.network is not None and
                         nic.test.ip is not None})
    for name in configured:
        if not ix.container(name).protected:
            continue
        for nic in ix.vm[name].nics:
            t = nic.test
            if t is None or t.network is None or t.ip is None:
                continue
            net = ix.net[t.network]
            own = nic.subnet
            if own is None:
                subs = ix.net[nic.network].subnets
                own = subs[0][0] if subs else None
            sub = None
            if t.subnet is not None:
                sub = next((s for s in net.subnets if s[0] == t.subnet or net.is_azure and
                            s[0].casefold() == t.subnet.casefold()), None)
            if sub is None:
                sub = net.subnet_named(own)
            if sub is None or sub[1] is None:
                continue  # no subnet or no prefix: nothing to judge
            got = spaces.get(t.network)
            if got is None:
                got = spaces[t.network] = subnet_spaces(ix, t.network)
            addr = configured_address(got[sub[0]], nic, t.ip, name, test=True)
            if addr.reason.kind is ReasonKind.CONFIGURED_IP_UNUSABLE:
                out.append((name, nic.index, addr.reason))
    return out


def _nm002(a):
    """R2 for each mapping, judged for the protected clouds that use its source and
    recover at its target's site (a mapping to another site is not theirs to use)."""
    ix = a.ix
    users = {}  # logical network -> protected clouds using it (clouds_using, once each)
    out = []
    for s, t, site in a.mapping.triples():
        ln = ix.net[s].logical
        # clouds using s depend on its logical network, or on s itself where that or the
        # clouds' logical networks are unknown (mapping.clouds_using)
        key = s if ln is None or ix.clouds_unknown_networks else ln
        if key not in users:
            users[key] = clouds_using(ix, s)
        for c in users[key]:
            if ix.cloud_recovery_site(c) != site:
                continue
            ok, why = choice_for(ix, s, t, c)
            if ok is False:  # None: cannot tell (an unknown fact, NM026 says which)
                out.append(_finding(
                    "NM002", f"{s} -> {t}",
                    _sentence(f"The mapping {s} -> {t} cannot be used by protected cloud {c}, "
                              f"which uses {s} and recovers at {site}: {why}")))
    return out


def _placement_findings(a):
    ix = a.ix
    out = []
    for r in a.placements:
        if r["host"] is not None or ix.container(r["vm"]).azure is not None:
            continue
        reason = a.placement_reasons.get(r["vm"])
        if reason is not None and reason.kind in (ReasonKind.NO_HOSTS_LISTED,
                                                  ReasonKind.CANNOT_TELL):
            continue  # no hosts modelled, or an unknown fact (NM026): R4 is not judged
        why = reason or "no host"
        if reason is not None and reason.kind is ReasonKind.NO_CAPACITY:
            out.append(_finding(
                "NM004", r["vm"],
                f"The replica of {r['vm']} fits on no host of protecting cloud "
                f"{r['protecting_cloud']} that reaches its networks ({why}), so Site "
                f"Recovery cannot protect it and its replica never runs (unplaced).",
                reason=reason))
        else:
            out.append(_finding(
                "NM003", r["vm"],
                f"The replica of {r['vm']} cannot be placed ({why}), so Site Recovery cannot "
                f"protect it and its replica never runs (unplaced).", reason=reason))
    return out


def _nm005(a):
    """A VMM-to-VMM (or Azure-to-Azure) mapping S -> T with no mapping of T back to S's
    site. A mapping to Azure is never flagged: a VM failed over to Azure fails back to its
    original VM by planned failover, and Site Recovery has no Azure-to-VMM mapping (R7)."""
    ix = a.ix
    m = a.mapping
    out = []
    for s, t, _site in m.triples():
        src, dst = ix.net[s], ix.net[t]
        if dst.is_azure and not src.is_azure:
            continue
        back = m.target(t, src.site)
        if back == s:
            continue
        if back is None:
            others = m.targets(t)
            more = (" (it is mapped only to " + ", ".join(f"{x} at {y}" for y, x in
                                                          others.items()) + ")"
                    if others else "")
            msg = (f"{s} is mapped to {t}, but {t} is not mapped back to {src.site}{more}, so "
                   f"VMs failing back from {t} will be disconnected instead of returning to "
                   f"{s}.")
        else:
            msg = (f"{s} is mapped to {t}, but {t} is mapped to {back}, so VMs failing back "
                   f"from {t} join {back} instead of returning to {s}.")
        out.append(_finding("NM005", f"{s} -> {t}", msg))
    return out


def _nm025(a):
    """R1: a mapping whose source is used by protected VMs none of which recovers at the
    target's site. A source no protected VM uses is not flagged (its mapping serves
    failback, or VMs to come)."""
    out = []
    for s, t, site in a.mapping.triples():
        why = unused_reason(a.ix, s, t, site)
        if why is None:
            continue
        out.append(_finding(
            "NM025", f"{s} -> {t}",
            _sentence(f"{s} is mapped to {t} at {site}: {why}"), reason=why))
    return out


def _nm008(a):
    ix = a.ix
    # one pass keeps the VMs that may share an address with another NIC: a NIC whose
    # IPv4 text another NIC has too, or an IPv6 address (it has many spellings)
    first = {}  # IPv4 text -> the first NIC with it
    maybe = set()
    for name, vm in ix.vm.items():
        for nic in vm.nics:
            ip = nic.ip
            if not ip:
                continue
            if ":" in ip:
                maybe.add(name)
                continue
            other = first.setdefault(ip, nic)
            if other is not nic:
                maybe.add(name)
                maybe.add(other.vm)
    held = defaultdict(list)  # (network, subnet, address) -> [(vm, nic index, ip)]
    for name in sorted(maybe):
        for nic in ix.vm[name].nics:
            if not nic.ip:
                continue
            net = ix.net[nic.network]
            sub = nic.subnet or (net.subnets[0][0] if net.subnets else None)
            addr = nic.ip
            if ":" in addr:  # IPv6 has many spellings; IPv4 text that loads is canonical
                try:
                    addr = ipaddress.ip_address(addr).compressed
                except ValueError:
                    continue
            held[(nic.network, sub, addr)].append((name, nic.index, nic.ip))
    out = []
    for (net, sub, addr), nics in held.items():
        if len(nics) < 2:
            continue
        where = f"{net}/{sub}" if sub is not None else net
        who = ", ".join(f"{v} (NIC {i})" for v, i, _ in nics)
        out.append(_finding(
            "NM008", where,
            f"IP {addr} is held by more than one NIC in {where} ({who}), so they conflict "
            f"before any failover."))
    return out


def _nm009(a):
    ix = a.ix
    out = []
    if ("protection", "protected clouds") in ix.unknown_index:
        return out  # imported without Site Recovery: protection is unknown (NM026)
    for name in sorted(ix.vm):
        c = ix.container(name)
        if not c.protected:
            extra = (f" (it only protects {', '.join(c.protects)})" if c.protects else "")
            where = "cloud" if ix.vm[name].cloud is not None else "Azure region"
            out.append(_finding(
                "NM009", name,
                f"{name} is in {where} {c.name}, which has no protection{extra}, so it does "
                f"not fail over and is lost when site {c.site} goes down."))
    return out


def _nm010(a):
    out = []
    for p, view in a.plan_views.items():
        if view is None:
            continue
        down = ", ".join(view.scenario.sites_down)
        for v, d, why in view.dependency_failures(view.failed_over):
            out.append(_finding(
                "NM010", v,
                _sentence(f"When recovery plan {p} fails over with {down} down, {v} loses "
                          f"its dependency {d}: {why}"), reason=why))
    return out


def _nm011(a):
    return [_finding("NM011", r.vm,
                     _sentence(f"In recovery plan {r.plan}, {r.vm} depends on "
                               f"{r.dependency}, but {r}"), reason=r)
            for r in boot_order_reasons(a.ix)]


def _nm012(a):
    ix = a.ix
    out = []
    if any(f == "groups" and o in ix.plan for o, f in ix.unknown_index):
        return out  # a plan's members are unknown: nobody can tell who is in none (NM026)
    for name in sorted(ix.vm):
        vm = ix.vm[name]
        if ix.container(vm.name).protected and not vm.plans:
            out.append(_finding(
                "NM012", name,
                f"{name} is protected but in no recovery plan, so no plan failover brings it "
                f"up and nothing orders its boot."))
    return out


def _nm013(a):
    out = []
    for name in sorted(a.ix.cloud):
        c = a.ix.cloud[name]
        if not c.protects or (not c.protected and len(c.protects) < 2):
            continue
        by = c.protecting or (f"Azure site {c.azure}" if c.azure else None)
        if by is not None:
            msg = (f"Cloud {name} is both protected (by {by}) and protecting "
                   f"({', '.join(c.protects)}), so a failover of one pair changes the other.")
        else:
            msg = (f"Cloud {name} protects more than one cloud ({', '.join(c.protects)}), so "
                   f"it is in more than one protection pair.")
        out.append(_finding("NM013", name, msg))
    return out


def plan_problems(G, plan):
    """R10: why Site Recovery would refuse recovery plan ``plan``: ``[(code, text)]``.

    NM014: more than :data:`MAX_PLAN_VMS` VMs. NM018: VMs that are not protected, VMs of
    more than one source site or more than one recovery site, more than
    :data:`MAX_PLAN_GROUPS` groups. Empty when the plan is acceptable. The plan's failover
    is evaluated all the same (R10): these are findings, not load errors.

    >>> from netmap import load, example_path
    >>> plan_problems(load(example_path()), "Plan-Gold")
    []
    """
    ix = as_topology(G)
    groups = ix.plan[plan]
    vms = sorted(v for g in groups for v in g)
    out = []
    if len(vms) > MAX_PLAN_VMS:
        out.append(("NM014", f"it has {len(vms)} VMs, more than the {MAX_PLAN_VMS} Azure "
                             f"Site Recovery accepts in one plan"))
    loose = [v for v in vms if not ix.container(v).protected]
    if loose:
        out.append(("NM018", f"{_few(loose)} {'is' if len(loose) == 1 else 'are'} not "
                             f"protected"))
    src = defaultdict(list)
    dst = defaultdict(list)
    for v in vms:
        c = ix.container(v)
        if c.protected:
            src[c.site].append(v)
            dst[ix.recovery_site(v)].append(v)
    for what, sites in (("source", src), ("recovery", dst)):
        if len(sites) > 1:
            parts = "; ".join(f"{s}: {_few(sites[s])}" for s in sorted(sites))
            out.append(("NM018", f"its VMs have {len(sites)} {what} sites ({parts}); a plan "
                                 f"has one"))
    if len(groups) > MAX_PLAN_GROUPS:
        out.append(("NM018", f"it has {len(groups)} groups, more than the "
                             f"{MAX_PLAN_GROUPS} a plan may have"))
    return out


def _few(names, n=3):
    return ", ".join(names[:n]) + (f" and {len(names) - n} more" if len(names) > n else "")


def _plan_findings(a):
    """NM014 and NM018: the recovery plans Site Recovery would refuse (R10)."""
    out = []
    for p, problems in a.plan_refusals.items():
        for code, why in problems:
            out.append(_finding(
                code, p,
                f"Azure Site Recovery would refuse recovery plan {p}: {why}, so it must be "
                f"changed before it can fail over."))
    return out


def _nm019(a):
    """NM019: a replica_host that R4 would not choose: outside the protecting cloud, not
    reaching the replica's networks, or given for a VM without a VMM recovery site."""
    ix = a.ix
    P = a.placement
    out = []
    for name in sorted(ix.vm):
        vm = ix.vm[name]
        h = vm.replica_host
        if h is None:
            continue
        c = ix.container(name)
        if c.protecting is None:
            where = (f"it replicates to Azure ({c.azure}), where replicas have no host"
                     if c.azure is not None else f"its cloud {c.name} is not protected")
            out.append(_finding("NM019", name,
                                f"{name} names replica_host {h}, but {where}, so the host "
                                f"is ignored."))
            continue
        host = ix.host[h]
        whys = []
        if c.protecting not in host.clouds:
            whys.append(f"{h} is not a host of its protecting cloud {c.protecting}")
        missing = sorted(needed_logical_networks(ix, a.mapping, name) - host.logical_networks)
        if missing:
            whys.append(f"{h} does not reach {', '.join(missing)}, so the replica's NICs "
                        f"on {'that logical network' if len(missing) == 1 else 'them'} are "
                        f"disconnected")
        if whys:
            cands = P.candidates(name)
            alt = (f" (hosts that would fit the rule: {_few(cands)})" if cands else "")
            out.append(_finding("NM019", name,
                                f"The replica of {name} is on {h}, but {'; and '.join(whys)}"
                                f"{alt}."))
    return out


def management_servers(G):
    """NM023: the VMM servers that manage a protecting cloud at the site that cloud
    protects (a single VMM server for both sites): ``{vmm: [(protected, protecting)]}``,
    sorted. Such a server goes down with the site it protects.

    >>> from netmap import load, example_path
    >>> management_servers(load(example_path()))
    {}
    """
    ix = as_topology(G)
    pairs = defaultdict(list)  # vmm -> [(protected cloud, protecting cloud)]
    for name in sorted(ix.cloud):
        c = ix.cloud[name]
        if c.protecting is None:
            continue
        q = ix.cloud[c.protecting]
        if q.vmm is not None and ix.vmm_site.get(q.vmm) == c.site:
            pairs[q.vmm].append((name, q.name))
    return {k: pairs[k] for k in sorted(pairs)}


def _nm023(a):
    """NM023 (see :func:`management_servers`)."""
    ix = a.ix
    pairs = management_servers(ix)
    out = []
    for vmm in sorted(pairs):
        site = ix.vmm_site[vmm]
        which = ", ".join(f"{q} (protecting {p})" for p, q in pairs[vmm])
        out.append(_finding(
            "NM023", vmm,
            f"VMM server {vmm} runs at {site} and manages the protecting cloud(s) {which}: "
            f"when {site} goes down, {vmm} goes down with it, so fail {vmm} over first, by "
            f"hand, before failing over the VMs of {site}."))
    return out


def _nm015(a):
    view = a.test_view
    if view is None:
        return []
    ok, why = view.test_isolation()
    if ok is not False:
        return []
    # with --test-network configured, the configured test network that is not isolated
    n = why.network if view.scenario.test_mode == "configured" else view.test_network
    return [_finding("NM015", n,
                     _sentence(f"Test network {n} is not isolated, so a drill on it could "
                               f"touch production: {why}"), reason=why)]


def _nm017(a):
    ix = a.ix
    out = []
    g = ix.network_graph
    for x, y, d in g.edges(data=True):
        x, y = sorted((x, y))
        pairs = overlapping_prefixes(ix, x, y)
        if not pairs:
            continue
        why = Reason(ReasonKind.PREFIX_OVERLAP, join=join_label(x, y), via=d["via"],
                     a=x, b=y, overlaps=tuple(pairs))
        text = str(why)
        out.append(_finding("NM017", join_label(x, y), _sentence(text[0].upper() + text[1:]),
                            reason=why))
    return out


def _nm020(a):
    view = a.test_view
    if view is None or view.scenario.test_mode not in ("network", "configured"):
        return []
    out = []
    kinds = (ReasonKind.TEST_NETWORK_ELSEWHERE, ReasonKind.TEST_NETWORK_NOT_REACHED)
    for v in view.failed_over:
        for r in view.routes(v):
            if r.network is None and r.reason is not None and r.reason.kind in kinds:
                out.append(_finding(
                    "NM020", _nic(v, r.nic.index),
                    _sentence(f"In a test failover to {r.reason.network}, NIC "
                              f"{r.nic.index} of {v}'s drill VM cannot join the test "
                              f"network: {r.reason}"), reason=r.reason))
    return out


def _nm021(a):
    view = a.test_view
    if view is None:
        return []
    return [_finding("NM021", n,
                     _sentence(f"A drill on {n} does not rehearse {t} as it is: {why}"),
                     reason=why)
            for n, t, why in _drill.mirror_problems(view)]


def _nm022(a):
    view = a.test_view
    if view is None:
        return []
    return [_finding("NM022", _nic(v, i),
                     _sentence(f"Site Recovery cannot connect NIC {i} of {v}'s drill VM: "
                               f"{why}"), reason=why.parts[0])
            for v, i, why in _drill.unrunnable(view)]


def _nm026(a):
    """NM026: a fact the answers need that the import could not know (SPEC §7)."""
    return [_finding("NM026", u["object"],
                     _sentence(f"{u['object']}: {u['field']} is unknown ({u['reason']}); "
                               f"supply it with {u['supply_with']}"))
            for u in a.ix.unknown]


# ---------------------------------------------------------------------------- registry

@dataclass(frozen=True)
class Rule:
    """One readiness check: a finding code, its severity and title, and its function.

    Parameters
    ----------
    code : str
        The finding code, ``NM001`` and up (docs/checks.md describes each).
    severity : Severity
        The severity of its findings (a rule may lower it for one finding: NM001 for a VM
        that fails over to Azure is a warning).
    title : str
        A short title, as ``netmap check --help`` lists it.
    fn : callable
        ``fn(analysis)``: the findings, given an :class:`Analysis`. One function may find
        several codes in one pass; :func:`run_checks` calls it once and keeps the
        findings of the codes asked for.

    Examples
    --------
    >>> r = RULES[0]
    >>> r.code, r.severity.value, r.title
    ('NM001', 'error', 'NIC not mapped to its recovery site')
    """

    code: str
    severity: Severity
    title: str
    fn: Callable[[Analysis], list[Finding]]


#: every check, ordered by code (docs/checks.md lists them in this order)
RULES: tuple[Rule, ...] = (
    Rule("NM001", Severity.ERROR, "NIC not mapped to its recovery site", _replica_findings),
    Rule("NM002", Severity.ERROR, "mapping target not available to a protected cloud", _nm002),
    Rule("NM003", Severity.ERROR, "no host reaches the replica's networks", _placement_findings),
    Rule("NM004", Severity.WARNING, "replica fits on no host (capacity)", _placement_findings),
    Rule("NM005", Severity.WARNING, "VMM-to-VMM mapping with no mapping back", _nm005),
    Rule("NM006", Severity.WARNING, "target network lacks the NIC's subnet name",
         _replica_findings),
    Rule("NM007", Severity.WARNING, "static IP changes on failover", _replica_findings),
    Rule("NM008", Severity.ERROR, "duplicate IP in one subnet", _nm008),
    Rule("NM009", Severity.WARNING, "VM in a cloud or region with no protection", _nm009),
    Rule("NM010", Severity.ERROR, "dependency broken when the plan fails over", _nm010),
    Rule("NM011", Severity.WARNING, "dependency does not boot earlier in its plan", _nm011),
    Rule("NM012", Severity.WARNING, "protected VM in no recovery plan", _nm012),
    Rule("NM013", Severity.ERROR, "cloud in more than one protection pair", _nm013),
    Rule("NM014", Severity.ERROR, "recovery plan larger than Azure Site Recovery accepts",
         _plan_findings),
    Rule("NM015", Severity.ERROR, "test network not isolated", _nm015),
    Rule("NM016", Severity.WARNING, "Azure replica's NICs mapped to different Azure networks",
         _replica_findings),
    Rule("NM017", Severity.ERROR, "join between overlapping subnet prefixes", _nm017),
    Rule("NM018", Severity.ERROR, "recovery plan Azure Site Recovery would refuse",
         _plan_findings),
    Rule("NM019", Severity.ERROR, "replica_host outside the protecting cloud or its networks",
         _nm019),
    Rule("NM020", Severity.ERROR, "test network out of the replica's reach", _nm020),
    Rule("NM021", Severity.WARNING, "test network does not mirror the target's subnets",
         _nm021),
    Rule("NM022", Severity.ERROR, "drill Site Recovery cannot run (isolation types)", _nm022),
    Rule("NM023", Severity.WARNING, "VMM server at the site its protecting cloud protects",
         _nm023),
    Rule("NM024", Severity.ERROR, "configured replica or test address not usable", _nm024),
    Rule("NM025", Severity.WARNING, "mapping no protected VM can use", _nm025),
    Rule("NM026", Severity.WARNING, "a fact the answers need is unknown (imported without "
                                    "it)", _nm026),
)

#: code -> (severity, short title), read off :data:`RULES` (docs/checks.md lists them)
CODES = {r.code: (r.severity, r.title) for r in RULES}


def run_checks(a, ignore=(), *, parts=None):
    """The findings of :class:`Analysis` ``a``, leaving out the codes in ``ignore``.

    Parameters
    ----------
    a : Analysis
        The answers the checks share.
    ignore : iterable of str, optional
        Codes to leave out (any case); an unknown code raises
        :class:`~netmap.errors.ScenarioError`.
    parts : dict, optional
        Findings computed already (elsewhere, e.g. in a forked process) by
        :func:`rule_findings`: their rule functions are not run again, and their findings
        take their places in the order of :data:`RULES`, so the result is the same.

    Returns
    -------
    list of Finding
        Every finding of the rules of :data:`RULES` not ignored, sorted by code, then
        object, then message. A function shared by several rules runs once.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> a = Analysis(load(example_path()))
    >>> [(f["code"], f["object"]) for f in run_checks(a, ignore=["NM009"])]
    [('NM001', 'APP2.nics[0]'), ('NM007', 'VM1.nics[0]')]
    >>> done = rule_findings(a, ["NM009"], ["_replica_findings"])
    >>> run_checks(a, ["NM009"], parts=done) == run_checks(a, ["NM009"])
    True
    """
    parts = dict(parts or {})
    todo = [name for name in rule_functions() if name not in parts]
    parts.update(rule_findings(a, ignore, todo))
    out = []
    for name in rule_functions():
        out.extend(parts.get(name, ()))
    out.sort(key=lambda f: (f["code"], f["object"], f["message"]))
    return out


def rule_functions():
    """The names of the rule functions of :data:`RULES`, each once, in its order."""
    return list(dict.fromkeys(r.fn.__name__ for r in RULES))


def rule_findings(a, ignore, names):
    """``{name: findings}`` of the rule functions named ``names`` (see
    :func:`run_checks`'s ``parts``), leaving out the codes in ``ignore``; unsorted."""
    skip = set(normalize_codes(ignore))
    wanted = set(names)
    out = {}
    for r in RULES:
        name = r.fn.__name__
        if name not in wanted or name in out or \
                all(x.code in skip for x in RULES if x.fn is r.fn):
            continue
        out[name] = [f for f in r.fn(a) if f["code"] not in skip]
    return out


def check(G, scenario=None, ignore=(), track=None):
    """Readiness checks (docs/checks.md): every readiness finding of ``G``, sorted.

    See the module docstring; :func:`run_checks` runs the rules of :data:`RULES`.
    """
    with paused():  # millions of small acyclic objects: see netmap._runtime.gc
        return run_checks(Analysis(G, scenario, track=track), ignore)
