"""Network mappings (R1) and target choices (R2).

Questions
---------
``mappings(G)``
    Every mapping, and every VM network without one ("not mapped").
    Returns rows (dicts): source, source_site, source_kind, target, target_site, reason.
``target_choices(G, source)``
    The seed's "Target networks" table for one source network. Returns
    :class:`Choices`: the source, rows (target, protected_cloud, protecting_cloud,
    available, reason) and why there are none.

Lookups (R1) the other analyses use
-----------------------------------
``target_for(G, network, site, mapping=None)``
    The target of ``network`` at ``site`` (a source has at most one per site), O(1).
``replica_target(G, vm, network, mapping=None)``
    The same at ``vm``'s recovery site: where a replica NIC on ``network`` goes.
``effective_mapping(G, remap, unmap)``
    The :class:`~netmap.model.records.MappingTable` after what-if changes (R7).
``recovery_sites_using(G)``
    Network -> the recovery sites of the protected VMs with a NIC on it (NM025).

:mod:`netmap.answers.mapping` shapes the questions into answers. Both accept
``remap``/``unmap`` (what-if mapping changes) through :func:`effective_mapping`, which
returns a new table and never changes ``G``.

Examples
--------
>>> from netmap import load, example_path
>>> G = load(example_path())
>>> m = mappings(G)
>>> [(r["source"], r["target"]) for r in m]  # doctest: +NORMALIZE_WHITESPACE
[('VMNetwork1-Beijing', 'VMNetwork1-Shanghai'), ('VMNetwork1-Shanghai', 'VMNetwork1-Beijing'),
 ('VMNetwork2-Beijing', None), ('VMNetwork2-Shanghai', None)]
>>> target_for(G, "VMNetwork1-Beijing", "Shanghai"), target_for(G, "VMNetwork1-Beijing", "Beijing")
('VMNetwork1-Shanghai', None)
>>> [(c["target"], c["protected_cloud"], c["available"])
...  for c in target_choices(G, "VMNetwork1-Beijing").choices]
... # doctest: +NORMALIZE_WHITESPACE
[('VMNetwork1-Shanghai', 'GoldCloud1', True), ('VMNetwork1-Shanghai', 'SilverCloud1', True),
 ('VMNetwork2-Shanghai', 'GoldCloud1', True), ('VMNetwork2-Shanghai', 'SilverCloud1', False)]
"""

from __future__ import annotations

from typing import NamedTuple

from netmap.analysis.reasons import Reason, ReasonKind, text_of
from netmap.model.records import MappingTable
from netmap.model.scenario import check_network, check_whatif
from netmap.model.topology import as_topology

__all__ = ["mappings", "target_choices", "effective_mapping", "check_network", "check_whatif",
           "Choices", "candidates", "choice_for", "clouds_using", "target_for",
           "replica_target", "recovery_site", "recovery_sites_using", "unused_reason"]


def effective_mapping(G, remap=(), unmap=()):
    """The mapping after what-if changes: ``remap`` pairs (source, target), ``unmap`` names.

    ``unmap`` S removes every target of S; ``remap`` S=T then maps S to T at T's site,
    replacing S's target at that site only (S keeps its targets at other sites). Returns
    the topology's own :class:`~netmap.model.records.MappingTable` when there is no change,
    else a new one.

    >>> from netmap import load, example_path
    >>> G = load(example_path())
    >>> effective_mapping(G, unmap=["VMNetwork1-Beijing"]).targets("VMNetwork1-Beijing")
    {}
    >>> G.mapping.target("VMNetwork1-Beijing", "Shanghai")  # G is unchanged
    'VMNetwork1-Shanghai'
    """
    ix = as_topology(G)
    if not remap and not unmap:
        return ix.mapping
    check_whatif(ix, remap, unmap)
    gone = set(unmap)
    triples = [x for x in ix.mapping.triples() if x[0] not in gone]
    triples += [(s, t, ix.net[t].site) for s, t in sorted(set(remap))]
    return MappingTable(triples)


def recovery_site(G, vm):
    """The recovery site of ``vm`` (R1): its protecting cloud's site, or the Azure site its
    cloud is protected to; None when it is not protected."""
    return as_topology(G).recovery_site(vm)


def target_for(G, network, site, mapping=None):
    """R1: the target of ``network`` at ``site``, or None (not mapped there). O(1).

    ``mapping`` is a what-if table (:func:`effective_mapping`); default: the topology's.
    """
    m = as_topology(G).mapping if mapping is None else mapping
    return m.target(network, site)


def replica_target(G, vm, network, mapping=None):
    """R1: where a replica NIC of ``vm`` on ``network`` goes: the target of ``network`` at
    ``vm``'s recovery site, or None (not mapped there, or ``vm`` is not protected)."""
    ix = as_topology(G)
    m = ix.mapping if mapping is None else mapping
    return m.target(network, ix.recovery_site(vm))


def recovery_sites_using(G):
    """Network name -> the recovery sites of the protected VMs with a NIC on it (R1, NM025).

    Computed once per topology (:attr:`~netmap.model.topology.TopologyData.recovery_sites_using`).
    """
    return as_topology(G).recovery_sites_using


def unused_reason(G, source, target, site):
    """R1: why the mapping ``source -> target`` (``target`` at ``site``) is unused, or None.

    Unused: protected VMs have a NIC on ``source`` and none of them recovers at ``site``
    (NM025). A source no protected VM uses gives None: its mapping serves failback.
    Returns a :class:`~netmap.analysis.reasons.Reason` of kind ``MAPPING_UNUSED``.
    """
    ix = as_topology(G)
    sites = ix.recovery_sites_using.get(source)
    if not sites or site in sites:
        return None
    vms = sorted({nic.vm for nic in ix.nics_on.get(source, ())
                  if ix.recovery_site(nic.vm) is not None})
    return Reason(ReasonKind.MAPPING_UNUSED, source=source, target=target, site=site,
                  sites=sites, vms=tuple(vms))


def mappings(G, remap=(), unmap=()):
    """R1: one row per mapping, and one row (target ``None``, a reason) per VM network,
    and per Azure network of a protected region, that has none. Sorted by source, then
    target site. A mapping no protected VM can use (NM025) says so in its ``reason``; the
    mappings Site Recovery creates with a ``NAME-asr`` network (R11) have
    ``created_by_site_recovery`` true (they are in no topology file)."""
    ix = as_topology(G)
    m = effective_mapping(G, remap, unmap)
    protected_regions = {r for r, x in ix.region.items() if x.azure is not None}
    created = ix.created
    rows = []
    for name in sorted(ix.net):
        net = ix.net[name]
        kind = "azure" if net.is_azure else "vmm"
        targets = m.targets(name)
        for site, t in targets.items():
            made = t if t in created else name if name in created else None
            why = (text_of(Reason(ReasonKind.CREATED_BY_ASR, network=t, source=name,
                                  site=site)) if t in created else
                   text_of(Reason(ReasonKind.CREATED_MAPPING_BACK, network=name,
                                  source=t)) if made else
                   text_of(unused_reason(ix, name, t, site)))
            rows.append({"source": name, "source_site": net.site, "source_kind": kind,
                         "target": t, "target_site": site, "reason": why,
                         "created_by_site_recovery": made is not None})
        if not targets and (not net.is_azure or net.site in protected_regions):
            rows.append({"source": name, "source_site": net.site, "source_kind": kind,
                         "target": None, "target_site": None,
                         "reason": "not mapped: its replicas join no network",
                         "created_by_site_recovery": False})
    return rows


def cannot_tell(ix, obj, field, question=None):
    """The :class:`~netmap.analysis.reasons.Reason` (``CANNOT_TELL``) of an answer that
    depends on a fact the topology lists as unknown (``netmap import``)."""
    u = ix.unknown_index.get((obj, field))
    return Reason(ReasonKind.CANNOT_TELL, object=obj, field=field, question=question,
                  supply_with=u["supply_with"] if u else None)


def clouds_using(ix, source):
    """Protected clouds that use network ``source`` (its logical network), sorted.

    Where the logical networks are unknown (an import without the VMM inventory: the VM
    network's, or a cloud's), a protected cloud whose VMs have a NIC on ``source`` uses
    it all the same: VMM connects a VM only to VM networks its cloud offers.
    """
    net = ix.net[source]
    out = set()
    if net.logical is not None:
        out = {c.name for c in ix.cloud.values()
               if c.protected and net.logical in c.logical_networks}
    if not net.is_azure and (net.logical is None or ix.clouds_unknown_networks):
        for nic in ix.nics_on.get(source, ()):
            c = ix.vm[nic.vm].cloud
            if c is not None and ix.cloud[c].protected and (
                    net.logical is None or not ix.cloud[c].logical_networks_known):
                out.add(c)
    return sorted(out)


def candidates(ix, protected_cloud):
    """R2's candidates for a protected cloud: ``(protecting, [network names])``.

    VMM to VMM: the VM networks managed by the protecting cloud's VMM server; to Azure:
    the Azure networks of that Azure site. Sorted by name.
    """
    c = ix.cloud[protected_cloud]
    if c.azure is not None:
        return c.azure, ix.azure_networks_by_site.get(c.azure, [])
    q = ix.cloud[c.protecting]
    return q.name, list(ix.networks_of_vmm(q.vmm))


def choice_for(ix, source, target, protected_cloud):
    """R2 for one (source, target, protected cloud): ``(available, reason)``.

    ``available`` is None ("cannot tell", with the reason) when the target's logical
    network or the protecting cloud's logical networks are unknown (SPEC §7).
    """
    c = ix.cloud[protected_cloud]
    t = ix.net[target]
    if c.azure is not None:
        if t.is_azure and t.site == c.azure:
            return True, None
        return False, (f"{protected_cloud} is protected to Azure site {c.azure}; "
                       f"'{target}' is not an Azure network there")
    q = ix.cloud[c.protecting]
    if t.is_azure:
        return False, (f"{protected_cloud} is protected by cloud {q.name}, not to Azure")
    if t.vmm != q.vmm:
        return False, f"'{target}' is not managed by {q.vmm}, the VMM server of {q.name}"
    if t.logical is None:  # SPEC §7: "cannot tell", never "available" or "none"
        return None, text_of(cannot_tell(ix, target, "logical_network",
                                         f"whether '{target}' is available"))
    if not q.logical_networks_known:
        return None, text_of(cannot_tell(ix, q.name, "logical_networks",
                                         f"whether '{target}' is available"))
    if t.logical not in q.logical_networks:
        return False, (f"logical network {t.logical} of '{target}' is not associated with "
                       f"protecting cloud {q.name}")
    return True, None


class Choices(NamedTuple):
    """R2's answer for one source network: its choices, and why there are none."""

    source: str
    choices: list
    reason: str | None


def target_choices(G, source):
    """R2: the target networks one may select for ``source``, per protected cloud.

    Raises :class:`~netmap.errors.ScenarioError` for an unknown network.
    """
    ix = as_topology(G)
    check_network(ix, source, "source network")
    net = ix.net[source]
    region = ix.region.get(net.site) if net.is_azure else None
    if region is not None and region.azure is not None:
        # R2 for Azure to Azure (R11): "For a cloud or region protected to Azure, the
        # candidates are the Azure networks of that Azure region, all available"
        rows = [{"target": t, "protected_cloud": region.name,
                 "protecting_cloud": region.azure, "available": True, "reason": None}
                for t in ix.azure_networks_by_site.get(region.azure, [])
                if t != source and t not in ix.created]
        return Choices(source, rows, None if rows else
                       "the protecting side has no candidate networks")
    rows = []
    users = clouds_using(ix, source)
    for cname in users:
        protecting, cands = candidates(ix, cname)
        for t in cands:
            if t == source:
                continue
            ok, why = choice_for(ix, source, t, cname)
            rows.append({"target": t, "protected_cloud": cname,
                         "protecting_cloud": protecting, "available": ok, "reason": why})
    rows.sort(key=lambda r: (r["target"], r["protected_cloud"]))
    reason = None
    if not users and not ix.net[source].is_azure and ix.net[source].logical is None:
        reason = text_of(cannot_tell(ix, source, "logical_network",
                                     "which protected clouds use it"))
    elif not users:
        reason = "no protected cloud uses this network's logical network"
    elif not rows:
        reason = "the protecting side has no candidate networks"
    return Choices(source, rows, reason)
