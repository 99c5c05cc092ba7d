"""Scenarios: which VMs fail over, which sites are down, and what-if changes.

A :class:`Scenario` is a plain, immutable description of options (R5, R6, R7, R9). It is
never applied to the graph: analyses evaluate it into new objects (see
:mod:`netmap.analysis.failover`). :meth:`Scenario.checked` validates every name against a graph
and raises :class:`~netmap.errors.ScenarioError` with a suggestion for unknown ones.

Examples
--------
>>> from netmap import load, example_path
>>> G = load(example_path())
>>> sc = Scenario(plans=("Plan-Gold",), sites_down=("Beijing",)).checked(G)
>>> sc.failover_set(G)
['DB1', 'VM1']
>>> Scenario(plans=("Plan-Gld",)).checked(G)
Traceback (most recent call last):
...
netmap.errors.ScenarioError: unknown recovery plan 'Plan-Gld' (did you mean 'Plan-Gold'?)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from netmap.errors import ScenarioError
from netmap.model.topology import index
from netmap.analysis.mapping import check_whatif
from netmap.io.schema import did_you_mean

__all__ = ["Scenario", "did_you_mean"]


def _known(name, pool, what):
    if name not in pool:
        raise ScenarioError(f"unknown {what} '{name}'" + did_you_mean(name, pool))


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
        Test failover (R9): every replica NIC attaches to this network; primaries run on.
    remap : tuple of (source, target)
        What-if mapping changes.
    unmap : tuple of str
        What-if: these networks are treated as not mapped.
    """

    all: bool = False
    plans: tuple = ()
    vms: tuple = ()
    sites_down: tuple = ()
    test_network: str | None = None
    remap: tuple = ()
    unmap: tuple = ()

    def __post_init__(self):
        # a lone name is one name, not a sequence of letters; lists become tuples so the
        # options stay immutable and hashable
        for f in ("plans", "vms", "sites_down", "unmap"):
            v = getattr(self, f)
            object.__setattr__(self, f, (v,) if isinstance(v, str) else tuple(v))
        remap = self.remap.items() if isinstance(self.remap, dict) else self.remap
        object.__setattr__(self, "remap", tuple(tuple(p) for p in remap))
        object.__setattr__(self, "all", bool(self.all))

    def checked(self, G, ix=None):
        """A normalized copy (sorted, unique) after checking every name against ``G``.

        ``ix`` is ``index(G)`` when the caller has it already (saves the index lookup).
        """
        ix = index(G) if ix is None else ix
        for p in self.plans:
            _known(p, ix.plan, "recovery plan")
        for v in self.vms:
            _known(v, ix.vm, "VM")
        for s in self.sites_down:
            _known(s, ix.site_platform, "site")
        if self.test_network is not None:
            _known(self.test_network, ix.net, "test network")
        check_whatif(ix, self.remap, self.unmap)
        remap = dict(self.remap)
        return replace(self, plans=tuple(sorted(set(self.plans))),
                       vms=tuple(sorted(set(self.vms))),
                       sites_down=tuple(sorted(set(self.sites_down))),
                       remap=tuple(sorted(remap.items())),
                       unmap=tuple(sorted(set(self.unmap))))

    @property
    def is_test(self):
        return self.test_network is not None

    @property
    def has_failover(self):
        return bool(self.all or self.plans or self.vms)

    def requested(self, G, ix=None):
        """Every VM the options name (protected or not), sorted."""
        ix = index(G) if ix is None else ix
        if self.all:
            return ix.protected_vms()
        out = set(self.vms)
        for p in self.plans:
            for group in ix.plan[p]:
                out.update(group)
        return sorted(out)

    def failover_set(self, G, ix=None):
        """The protected VMs that fail over (F), sorted by name."""
        ix = index(G) if ix is None else ix
        return [v for v in self.requested(G, ix) if ix.cloud[ix.vm[v].cloud].protected]

    def describe(self):
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
        if self.test_network:
            parts.append(f"test failover to {self.test_network}")
        for s, t in self.remap:
            parts.append(f"what-if {s} -> {t}")
        for s in self.unmap:
            parts.append(f"what-if {s} unmapped")
        return ", ".join(parts)
