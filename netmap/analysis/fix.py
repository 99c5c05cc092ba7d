"""What ``netmap fix`` does: the actions that close NM001, NM002 and NM005 (§7).

:func:`fix_actions` reads the findings of :func:`~netmap.analysis.checks.check` and turns
each into an :class:`Action`, a record of the change that closes it:

``map``
    Create the network mapping ``source -> target``. For NM001 (a NIC on a network with
    no mapping to its VM's recovery site) the target comes from R2
    (:func:`~netmap.analysis.mapping.target_choices`): the target networks at the
    recovery site available to at least one protected cloud that uses the source. One
    candidate: it is used. Several: the source is listed in :attr:`FixPlan.needs_choice`
    until ``choose`` (``--choose SOURCE=TARGET``) picks one. None: the action says why.
    netmap never guesses. A mapping between two VMM sites (or two Azure regions) also
    gets its mapping back when the target has none to the source's site (NM005).
``cloud``
    For a target that is not available to a protecting cloud (NM002, also when a chosen
    target creates it): associate the target's logical network with that cloud in VMM.
``none``
    Nothing can be done automatically; the reason says why.

Every action has a :class:`~netmap.analysis.reasons.Reason`. The commands themselves
(PowerShell, ``az``, Terraform) are written by :mod:`netmap.io.fixscripts`.

Examples
--------
>>> from netmap import load, example_path
>>> plan = fix_actions(load(example_path()))
>>> [(n.source, n.candidates) for n in plan.needs_choice]
[('VMNetwork2-Beijing', ('VMNetwork1-Shanghai', 'VMNetwork2-Shanghai'))]
>>> G = load(example_path())
>>> plan = fix_actions(G, choose=[("VMNetwork2-Beijing", "VMNetwork2-Shanghai")])
>>> [(a.finding, a.kind, a.source, a.target)
...  for a in plan.actions]  # doctest: +NORMALIZE_WHITESPACE
[('NM001', 'map', 'VMNetwork2-Beijing', 'VMNetwork2-Shanghai'),
 ('NM002', 'cloud', 'VMNetwork2-Beijing', 'VMNetwork2-Shanghai'),
 ('NM005', 'map', 'VMNetwork2-Shanghai', 'VMNetwork2-Beijing')]
"""

from __future__ import annotations

import re
from typing import NamedTuple

from netmap.analysis.checks import Analysis, run_checks
from netmap.analysis.mapping import choice_for, clouds_using, target_choices
from netmap.analysis.reasons import Reason, ReasonKind
from netmap.errors import ScenarioError
from netmap.model.names import suggest
from netmap.model.topology import as_topology

__all__ = ["Action", "Choice", "FixPlan", "fix_actions", "FIX_CODES"]

#: the finding codes ``netmap fix`` closes
FIX_CODES = ("NM001", "NM002", "NM005")

K = ReasonKind
_NIC = re.compile(r"^(?P<vm>.*)\.nics\[(?P<index>\d+)\]$")


class Action(NamedTuple):
    """One change that closes a finding.

    ``kind`` is ``map`` (create the mapping ``source -> target``; ``scenario`` is
    ``vmm-to-vmm``, ``vmm-to-azure`` or ``azure-to-azure``, ``source_owner`` and
    ``target_owner`` the VMM server or Azure region of each side), ``cloud`` (add
    ``logical_network`` to protecting ``cloud`` on VMM server ``vmm``) or ``none``.
    ``objects`` are the findings' objects it closes.
    """

    finding: str
    kind: str
    source: str | None
    target: str | None
    reason: Reason
    scenario: str | None = None
    source_owner: str | None = None
    target_owner: str | None = None
    cloud: str | None = None
    logical_network: str | None = None
    vmm: str | None = None
    objects: tuple = ()


class Choice(NamedTuple):
    """A source network with several candidate targets at one site: ``--choose`` one.

    ``notes`` holds one :class:`Reason` per candidate (``FIX_CANDIDATE``): the protecting
    clouds it is not available to, and the network it already maps back to.
    """

    source: str
    site: str
    candidates: tuple
    reason: Reason
    notes: tuple = ()


class FixPlan(NamedTuple):
    actions: list
    needs_choice: list


def _target_at(ix, m, source, site):
    """The target of ``source`` at ``site`` in mapping ``m`` (a per-site mapping table
    or a plain source -> target dictionary)."""
    if hasattr(m, "target"):
        return m.target(source, site)
    t = m.get(source)
    return t if t is not None and ix.net[t].site == site else None


def _owner(ix, net):
    """The VMM server of a VM network, the Azure region of an Azure network."""
    n = ix.net[net]
    return n.site if n.is_azure else n.vmm


def _scenario(ix, source, target):
    s, t = ix.net[source], ix.net[target]
    if s.is_azure:
        return "azure-to-azure"
    return "vmm-to-azure" if t.is_azure else "vmm-to-vmm"


def _recovery(ix, vm):
    """``(recovery site, protected cloud)`` of a protected VM, or None (R1's recovery
    site, :meth:`~netmap.model.topology.TopologyData.cloud_recovery_site`)."""
    cname = getattr(vm, "cloud", None)
    if cname is None or cname not in ix.cloud:
        return None
    site = ix.cloud_recovery_site(cname)
    return None if site is None else (site, cname)


class _Builder:
    def __init__(self, ix, mapping):
        self.ix = ix
        self.m = mapping
        self.actions = {}
        self.back = {}  # (network, site) -> planned target of a mapping back

    def add(self, action):
        key = (action.kind, action.source, action.target, action.cloud,
               action.logical_network, action.finding if action.kind == "none" else "")
        old = self.actions.get(key)
        if old is None:
            self.actions[key] = action
        elif action.objects:
            self.actions[key] = old._replace(objects=tuple(sorted(set(old.objects)
                                                                  | set(action.objects))))

    def mapping(self, finding, source, target, reason, objects=()):
        ix = self.ix
        self.add(Action(finding, "map", source, target, reason, _scenario(ix, source, target),
                        _owner(ix, source), _owner(ix, target), objects=tuple(objects)))
        self.back.setdefault((source, ix.net[target].site), target)

    def cloud_fix(self, finding, source, target, protected):
        """NM002's VMM side for one protected cloud that cannot use ``target``."""
        ix = self.ix
        c = ix.cloud[protected]
        if c.azure is not None:
            return
        q = ix.cloud[c.protecting]
        t = ix.net[target]
        if t.is_azure:
            return
        if t.vmm != q.vmm:
            self.add(Action(finding, "none", source, target,
                            Reason(K.FIX_OTHER_VMM, cloud=q.name, target=target, vmm=q.vmm),
                            cloud=q.name, vmm=q.vmm, objects=(f"{source} -> {target}",)))
            return
        if t.logical is None or not getattr(q, "logical_networks_known", True):
            what = (f"the logical network of {target}" if t.logical is None
                    else f"the logical networks of cloud {q.name}")
            self.add(Action(finding, "none", source, target,
                            Reason(K.FIX_NOT_KNOWN, source=source, what=(what,)),
                            objects=(f"{source} -> {target}",)))
            return
        if t.logical in q.logical_networks:
            return
        self.add(Action(finding, "cloud", source, target,
                        Reason(K.FIX_ADD_LOGICAL_NETWORK, cloud=q.name,
                               logical_network=t.logical, target=target, protected=protected),
                        cloud=q.name, logical_network=t.logical, vmm=q.vmm,
                        objects=(f"{source} -> {target}",)))

    def map_back(self, source, target):
        """NM005: map ``target`` back to ``source`` when it has no mapping to its site."""
        ix = self.ix
        s, t = ix.net[source], ix.net[target]
        if t.is_azure and not s.is_azure:
            self.add(Action("NM005", "none", source, target,
                            Reason(K.FIX_NO_MAPPING_FROM_AZURE, source=source, target=target),
                            objects=(f"{source} -> {target}",)))
            return
        site = s.site
        back = _target_at(ix, self.m, target, site)
        planned = self.back.get((target, site))
        if back == source or planned == source:
            return
        if back is None and planned is None:
            self.mapping("NM005", target, source,
                         Reason(K.FIX_MAP_BACK, source=source, target=target, site=site),
                         objects=(f"{source} -> {target}",))
            return
        self.add(Action("NM005", "none", source, target,
                        Reason(K.FIX_MAPPED_BACK_ELSEWHERE, source=source, target=target,
                               back=back or planned, site=site),
                        objects=(f"{source} -> {target}",)))


def _unknown_inputs(ix, source, site, protected):
    """The facts R2 needs for ``source`` at ``site`` that the topology does not know (an
    import without the VMM inventory): its logical network, the protecting clouds'
    logical networks, the candidates' logical networks. Empty when all are known."""
    src = ix.net[source]
    if src.is_azure or any(ix.cloud[c].azure is not None for c in protected):
        return ()
    out = []
    if src.logical is None:
        out.append(f"the logical network of {source}")
    for c in sorted(protected):
        q = ix.cloud[ix.cloud[c].protecting]
        if not getattr(q, "logical_networks_known", True):
            out.append(f"the logical networks of cloud {q.name}")
        for t in ix.networks_of_vmm(q.vmm) if q.vmm else ():
            if t != source and ix.net[t].logical is None:
                out.append(f"the logical network of {t}")
    return tuple(dict.fromkeys(out))


def _candidates(ix, source, site, protected):
    """R2's candidate targets of ``source`` at ``site``: ``(targets, why none)``.

    VMM to VMM: a target available (R2) to at least one protected cloud that uses the
    source and recovers at ``site``; to Azure: the Azure networks of that region.
    """
    if any(ix.cloud[c].azure is not None for c in protected):
        return tuple(t for t in ix.azure_networks_by_site.get(site, []) if t != source), \
            f"Azure region {site} has no Azure networks"
    choices = target_choices(ix, source)
    rows = [r for r in choices.choices
            if ix.cloud[r["protecting_cloud"]].site == site]
    ok = sorted({r["target"] for r in rows if r["available"]})
    if ok:
        return tuple(ok), None
    if choices.reason:
        return (), choices.reason
    why = "; ".join(sorted({r["reason"] for r in rows if r["reason"]})) or \
        "the protecting clouds' VMM server has no other VM network"
    return (), why


def _note(ix, m, source, target, users):
    """What choosing ``target`` for ``source`` implies (R2 availability for the protected
    clouds ``users`` that use it and recover at the target's site; failback)."""
    unavailable = []
    if not ix.net[target].is_azure:
        unavailable = [ix.cloud[c].protecting for c in users
                       if not choice_for(ix, source, target, c)[0]]
    back = None
    if not (ix.net[target].is_azure and not ix.net[source].is_azure):
        b = _target_at(ix, m, target, ix.net[source].site)
        back = b if b not in (None, source) else None
    return Reason(K.FIX_CANDIDATE, target=target, unavailable_to=tuple(sorted(unavailable)),
                  back=back, site=ix.net[source].site,
                  to_azure=ix.net[target].is_azure and not ix.net[source].is_azure)


def _choose_error(problem):
    """A wrong ``choose`` pair; the command line words it with its option's name."""
    return ScenarioError(f"choose: {problem}", code="choose", problem=problem)


def _check_choices(ix, choose, groups):
    """``--choose`` pairs as a dict; ScenarioError for a name that is no network, a
    source that needs no choice, or a target that is not one of its candidates."""
    chosen = {}
    needing = sorted({s for s, _site in groups})
    for s, t in choose:
        if s not in ix.net:
            raise _choose_error(f"unknown network '{s}'"
                                + suggest(s, needing or ix.net, always=True))
        if t not in ix.net:
            raise _choose_error(f"unknown network '{t}'" + suggest(t, ix.net, always=True))
        if s not in needing:
            hint = (" (networks with unmapped NICs: " + ", ".join(needing) + ")"
                    if needing else "")
            raise _choose_error(f"{s} has no unmapped NIC to fix{hint}")
        if s in chosen and chosen[s] != t:
            raise _choose_error(f"{s} is chosen twice ({chosen[s]} and {t})")
        chosen[s] = t
    return chosen


def fix_actions(G, choose=()):
    """The actions that close the NM001, NM002 and NM005 findings of ``G``.

    Parameters
    ----------
    G : graph or Topology
        A loaded topology.
    choose : iterable of (source, target)
        Targets picked for sources with several candidates (``--choose``).

    Returns
    -------
    FixPlan
        ``actions`` (sorted by finding, source, target) and ``needs_choice``.

    Raises
    ------
    ScenarioError
        For a ``choose`` pair that names no network, a source with nothing to fix, or a
        target that is not one of the source's candidates.
    """
    ix = as_topology(G)
    a = Analysis(ix)
    findings = [f for f in run_checks(a) if f["code"] in FIX_CODES]
    b = _Builder(ix, a.mapping)

    # NM001: group the unmapped NICs by (source network, recovery site)
    groups = {}
    for f in findings:
        if f["code"] != "NM001":
            continue
        m = _NIC.match(f["object"])
        vm = ix.vm.get(m.group("vm")) if m else None
        if vm is None:
            continue
        rec = _recovery(ix, vm)
        if rec is None:
            continue
        nic = vm.nics[int(m.group("index"))]
        g = groups.setdefault((nic.network, rec[0]), {"vms": set(), "nics": set(),
                                                      "protected": set()})
        g["vms"].add(vm.name)
        g["nics"].add(f["object"])
        g["protected"].add(rec[1])
    chosen = _check_choices(ix, choose, groups)

    needs = []
    used = set()
    for (source, site), g in sorted(groups.items()):
        unknown = _unknown_inputs(ix, source, site, g["protected"])
        if unknown:  # never "available" or "none" from a fact nobody gave
            if source in chosen:
                used.add(source)
            b.add(Action("NM001", "none", source, None,
                         Reason(K.FIX_NOT_KNOWN, source=source, what=unknown),
                         objects=tuple(sorted(g["nics"]))))
            continue
        cands, why = _candidates(ix, source, site, g["protected"])
        users = [c for c in clouds_using(ix, source)
                 if ix.cloud[c].azure is None and ix.cloud_recovery_site(c) == site]
        pick = chosen.get(source)
        if pick is not None and ix.net[pick].site == site:
            used.add(source)
            if pick not in cands:
                raise _choose_error(
                    f"{pick} is not a candidate target for {source} at {site}"
                    + (f" (candidates: {', '.join(cands)})" if cands else f": {why}"))
            target, was_chosen = pick, True
        elif len(cands) == 1:
            target, was_chosen = cands[0], False
        elif not cands:
            b.add(Action("NM001", "none", source, None,
                         Reason(K.FIX_NO_CANDIDATE, source=source, site=site, why=why),
                         objects=tuple(sorted(g["nics"]))))
            continue
        else:
            needs.append(Choice(source, site, cands,
                                Reason(K.FIX_NEEDS_CHOICE, source=source, site=site,
                                       candidates=cands),
                                tuple(_note(ix, a.mapping, source, t, users) for t in cands)))
            continue
        b.mapping("NM001", source, target,
                  Reason(K.FIX_MAP, source=source, target=target, site=site,
                         vms=tuple(sorted(g["vms"])), chosen=was_chosen),
                  objects=sorted(g["nics"]))
        for c in users:
            if not choice_for(ix, source, target, c)[0]:
                b.cloud_fix("NM002", source, target, c)
        if _scenario(ix, source, target) != "vmm-to-azure":
            b.map_back(source, target)

    for s, t in sorted(chosen.items()):
        if s not in used:
            sites = sorted({site for src, site in groups if src == s})
            raise _choose_error(f"{t} is at {ix.net[t].site}, not at the recovery site of "
                                f"{s}'s unmapped NICs ({', '.join(sites)})")

    # NM002 found as given: the VMM side of each protected cloud that cannot use a target
    for f in findings:
        if f["code"] == "NM002":
            s, t = f["object"].split(" -> ", 1)
            for c in clouds_using(ix, s):  # those recovering at the target's site (NM002)
                if ix.cloud_recovery_site(c) == ix.net[t].site and \
                        not choice_for(ix, s, t, c)[0]:
                    b.cloud_fix("NM002", s, t, c)

    # NM005 found as given: the mapping back
    for f in findings:
        if f["code"] == "NM005":
            s, t = f["object"].split(" -> ", 1)
            b.map_back(s, t)

    actions = sorted(b.actions.values(),
                     key=lambda x: (x.finding, x.source or "", x.target or "", x.kind,
                                    x.cloud or "", x.logical_network or ""))
    return FixPlan(actions, sorted(needs))
