"""Scenarios: which VMs fail over, which sites are down, and what-if changes.

A :class:`Scenario` is a plain, immutable description of options (R5, R6, R7, R9). It is
never applied to the graph: analyses evaluate it into new objects (see
:mod:`netmap.analysis.failover`). :meth:`Scenario.checked` validates every name against a topology
and raises :class:`~netmap.errors.ScenarioError` with a suggestion for unknown ones.

Examples
--------
>>> from netmap import load, example_path
>>> t = load(example_path())
>>> sc = Scenario(plans=("Plan-Gold",), sites_down=("Beijing",)).checked(t)
>>> sc.failover_set(t)
['DB1', 'VM1']
>>> Scenario(plans=("Plan-Gld",)).checked(t)
Traceback (most recent call last):
...
netmap.errors.ScenarioError: unknown recovery plan 'Plan-Gld' (did you mean 'Plan-Gold'?)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from collections.abc import Iterable

import networkx as nx

from netmap.errors import ScenarioError
from netmap.model.names import suggest
from netmap.model.records import Network
from netmap.model.topology import TopologyData, as_topology

__all__ = ["Scenario", "check_network", "check_whatif", "TEST_NONE", "TEST_AUTO",
           "TEST_CONFIGURED"]

#: ``--test-network none``: every drill NIC disconnected (R9)
TEST_NONE = "none"
#: ``--test-network auto``: Site Recovery creates an isolated copy of each target network
TEST_AUTO = "auto"
#: ``--test-network configured``: each NIC's own ``test:`` settings (a NIC without them is
#: disconnected)
TEST_CONFIGURED = "configured"


def _sorted_unique(names: tuple) -> tuple:
    """``tuple(sorted(set(names)))``, in one pass when ``names`` already is (a report's
    scenarios name thousands of VMs, sorted).

    >>> _sorted_unique(("b", "a", "b")), _sorted_unique(("a", "b"))
    (('a', 'b'), ('a', 'b'))
    """
    if all(a < b for a, b in zip(names, names[1:])):
        return tuple(names)
    return tuple(sorted(set(names)))


def _known(name, pool, what):
    if name not in pool:
        raise ScenarioError(f"unknown {what} '{name}'" + suggest(name, pool, always=True))


def check_network(topology: TopologyData, name: str, what: str = "network") -> Network:
    """The network called ``name``; :class:`ScenarioError` (with a suggestion) if none.

    ``what`` names the role of the network in the message, e.g. ``"source network"``.
    """
    if name not in topology.net:
        raise ScenarioError(f"unknown {what} '{name}'" + suggest(name, topology.net, always=True))
    return topology.net[name]


def check_whatif(topology: TopologyData, remap: Iterable[tuple[str, str]] = (),
                 unmap: Iterable[str] = ()) -> None:
    """Check what-if mapping changes (``remap`` pairs, ``unmap`` names) against a topology.

    The one place these rules live (R1, R7): every name a network, no network mapped onto
    itself, no source remapped twice to one site (a source has one target per site: the
    target's site). Raises :class:`ScenarioError`.

    >>> from netmap import load, example_path
    >>> check_whatif(load(example_path()), [("VMNetwork1-Beijing", "VMNetwork1-Beijing")])
    Traceback (most recent call last):
    ...
    netmap.errors.ScenarioError: cannot map network 'VMNetwork1-Beijing' onto itself
    """
    remap = tuple(remap)
    for s, t in remap:
        check_network(topology, s, "network to remap")
        check_network(topology, t, "remap target network")
        if s == t:
            raise ScenarioError(f"cannot map network '{s}' onto itself")
    for s in unmap:
        check_network(topology, s, "network to unmap")
    sites = {(s, topology.net[t].site) for s, t in remap}
    if len(sites) != len(set(remap)) or len(set(remap)) != len(remap):
        raise ScenarioError("a network is remapped twice: give one target per source network "
                            "and site", code="remapped_twice")


@dataclass(frozen=True)
class Scenario:
    """Options of a failover, test failover or what-if question.

    Parameters
    ----------
    all : bool
        Fail over every protected VM.
    plans, vms : tuple of str
        Recovery plans and VMs to fail over (union with ``all``).
    sites_down : tuple of str
        Sites taken out: their VMs not failing over are down, their networks carry
        no traffic.
    test_network : str or None
        Test failover (R9), primaries run on: ``"none"`` (every drill NIC disconnected),
        ``"auto"`` (Site Recovery creates an isolated copy ``NAME-test`` of each target
        network), ``"configured"`` (each NIC's own ``test:`` settings; a NIC without
        them is disconnected) or the name of a VM network or Azure network at the recovery
        site. The words ``none``, ``auto`` and ``configured`` always mean the modes, even
        when a network has that name.
    remap : tuple of (source, target)
        What-if mapping changes.
    unmap : tuple of str
        What-if: these networks are treated as not mapped.
    """

    all: bool = False
    plans: tuple[str, ...] = ()
    vms: tuple[str, ...] = ()
    sites_down: tuple[str, ...] = ()
    test_network: str | None = None
    remap: tuple[tuple[str, str], ...] = ()
    unmap: tuple[str, ...] = ()

    def __post_init__(self):
        # a lone name is one name, not a sequence of letters; lists become tuples so the
        # options stay immutable and hashable
        for f in ("plans", "vms", "sites_down", "unmap"):
            v = getattr(self, f)
            object.__setattr__(self, f, (v,) if isinstance(v, str) else tuple(v))
        remap = self.remap.items() if isinstance(self.remap, dict) else self.remap
        object.__setattr__(self, "remap", tuple(tuple(p) for p in remap))
        object.__setattr__(self, "all", bool(self.all))

    def checked(self, topology: TopologyData | nx.MultiDiGraph) -> Scenario:
        """A normalized copy (sorted, unique) after checking every name against ``topology``.

        The one what-if and name check: plans, VMs, sites and the test network must exist,
        and the what-if changes must follow :func:`check_whatif`. Raises
        :class:`~netmap.errors.ScenarioError` with a suggestion for an unknown name.
        """
        ix = as_topology(topology)
        for p in self.plans:
            _known(p, ix.plan, "recovery plan")
        for v in self.vms:
            _known(v, ix.vm, "VM")
        for s in self.sites_down:
            _known(s, ix.site_platform, "site")
        if self.test_network is not None and self.test_mode == "network":
            _known(self.test_network, ix.net, "test network")
        check_whatif(ix, self.remap, self.unmap)
        return replace(self, plans=tuple(sorted(set(self.plans))),
                       vms=_sorted_unique(self.vms),
                       sites_down=tuple(sorted(set(self.sites_down))),
                       remap=tuple(sorted(self.remap)),
                       unmap=tuple(sorted(set(self.unmap))))

    @property
    def is_test(self) -> bool:
        """Is this a test failover (R9)?"""
        return self.test_network is not None

    @property
    def test_mode(self) -> str | None:
        """``"none"``, ``"auto"``, ``"configured"`` or ``"network"`` (a named test
        network); None when this is not a test failover (R9).

        >>> Scenario(test_network="auto").test_mode, Scenario(test_network="Lab").test_mode
        ('auto', 'network')
        """
        t = self.test_network
        if t is None:
            return None
        return t if t in (TEST_NONE, TEST_AUTO, TEST_CONFIGURED) else "network"

    @property
    def has_failover(self) -> bool:
        """Does any VM fail over (``all``, ``plans`` or ``vms``)?"""
        return bool(self.all or self.plans or self.vms)

    def requested(self, topology: TopologyData | nx.MultiDiGraph) -> list[str]:
        """Every VM the options name (protected or not), sorted."""
        ix = as_topology(topology)
        if self.all:
            return ix.protected_vms()
        if not self.plans:
            return list(_sorted_unique(self.vms))
        out = set(self.vms)
        for p in self.plans:
            for group in ix.plan[p]:
                out.update(group)
        return sorted(out)

    def failover_set(self, topology: TopologyData | nx.MultiDiGraph) -> list[str]:
        """The protected VMs that fail over (F), sorted by name."""
        ix = as_topology(topology)
        if self.all:
            return ix.protected_vms()  # requested: the protected VMs only
        return [v for v in self.requested(ix) if ix.container(v).protected]

    def describe(self) -> str:
        """A short human description, e.g. ``plan Plan-Gold, site Beijing down``."""
        parts = []
        if self.all:
            parts.append("every protected VM")
        if self.plans:
            parts.append("plan " + ", ".join(self.plans))
        if self.vms:
            parts.append("VM " + ", ".join(self.vms))
        if not parts:
            parts.append("no failover")
        if self.sites_down:
            parts.append("site " + ", ".join(self.sites_down) + " down")
        mode = self.test_mode
        if mode == TEST_NONE:
            parts.append("test failover without a network")
        elif mode == TEST_AUTO:
            parts.append("test failover to the networks Site Recovery creates")
        elif mode is not None:
            parts.append(f"test failover to {self.test_network}")
        for s, t in self.remap:
            parts.append(f"what-if {s} -> {t}")
        for s in self.unmap:
            parts.append(f"what-if {s} unmapped")
        return ", ".join(parts)
