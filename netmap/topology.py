"""The user-facing :class:`Topology`: a loaded topology and every question as a method.

:func:`load` and :func:`loads` read a topology file (or text) and return a
:class:`Topology`. It holds the frozen :class:`networkx.MultiDiGraph`
(``topology.graph``, for export and networkx users), the typed records by name and the
lookups derived from them (see :class:`~netmap.model.topology.TopologyData`), and asks
each question of the analysis layer. The functional forms
(``netmap.answers.failover.failover(topology, scenario)``, ...) accept a
:class:`Topology` or a graph.

Examples
--------
>>> import netmap, networkx as nx
>>> t = netmap.load(netmap.example_path())
>>> t  # doctest: +ELLIPSIS
<Topology ...: 2 sites, 4 networks, 4 clouds, 4 VMs>
>>> nx.is_frozen(t.graph), t.failover(netmap.Scenario(plans=["Plan-Gold"])).view.failed_over
(True, ['DB1', 'VM1'])
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap._runtime.gc import paused, settle
from netmap.analysis.prepare import prepare
from netmap.answers.checks import check
from netmap.answers.diff import diff
from netmap.answers.failback import failback
from netmap.answers.failover import failover
from netmap.answers.fix import fix
from netmap.answers.mapping import mappings, target_choices
from netmap.answers.placement import CANDIDATE_LIMIT, place
from netmap.answers.reach import reach
from netmap.answers.report import report
from netmap.io.load import load_graph, loads_graph
from netmap.model.scenario import Scenario
from netmap.model.topology import TopologyData, _of_graph

if TYPE_CHECKING:  # the answer types, for annotations only
    from netmap.answers.checks import Findings
    from netmap.answers.diff import Diff
    from netmap.answers.failback import Failback
    from netmap.answers.fix import FixScript
    from netmap.answers.failover import FailoverResult
    from netmap.answers.mapping import Mappings, TargetChoices
    from netmap.answers.placement import Placements
    from netmap.answers.reach import Reach
    from netmap.answers.report import Report

__all__ = ["Topology", "load", "loads"]

#: The questions a :class:`Topology` answers, as method names.
QUESTIONS = ("mappings", "target_choices", "place", "failover", "reach", "failback", "check",
             "report", "diff")


class Topology(TopologyData):
    """A loaded topology: records, derived lookups and every question as a method.

    Build one with :func:`netmap.load` or :func:`netmap.loads`, or from a netmap graph
    with :meth:`from_graph`. Questions never change it; each returns an answer with
    ``to_dict()``, ``str()`` (text tables) and an HTML view in Jupyter.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A netmap graph (see :mod:`netmap.model.contract`).
    """

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph) -> Topology:
        """The topology of a netmap graph, built once per graph (see ``as_topology``).

        >>> import netmap
        >>> t = netmap.load(netmap.example_path())
        >>> netmap.Topology.from_graph(t.graph) is t
        True
        """
        return _of_graph(graph, cls)

    def mappings(self, *, remap: Iterable[tuple[str, str]] = (),
                 unmap: Iterable[str] = ()) -> Mappings:
        """Every mapping, and every VM network without one (the mapping rule, R1).

        A network maps to at most one target per site; a replica uses the one at its VM's
        recovery site. A VM network with no mapping has a row with no target and a
        reason. ``remap`` and ``unmap`` are what-if mapping changes (R7) that never change
        the topology.

        Parameters
        ----------
        remap : iterable of (str, str)
            What-if: map these source networks to these targets (at each target's site)
            instead.
        unmap : iterable of str
            What-if: treat these networks as not mapped, to any site.

        Returns
        -------
        Mappings
            One row per mapping and per unmapped VM network: source, source_site, target,
            target_site, reason.

        Examples
        --------
        >>> import netmap
        >>> t = netmap.load(netmap.example_path())
        >>> [(r["source"], r["target"]) for r in t.mappings().rows][:2]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('VMNetwork1-Beijing', 'VMNetwork1-Shanghai'),
         ('VMNetwork1-Shanghai', 'VMNetwork1-Beijing')]
        >>> t.mappings(unmap=["VMNetwork1-Beijing"]).rows[0]["target"] is None
        True
        """
        return mappings(self, remap=tuple(remap), unmap=tuple(unmap))

    def target_choices(self, source: str) -> TargetChoices:
        """The networks one may select as the target of ``source`` (R2), per protected cloud.

        For each protected cloud using the source's logical network: VMM to VMM, the VM
        networks of the protecting cloud's VMM server (available when their logical network
        is associated with the protecting cloud); to Azure, the Azure networks of that
        Azure site.

        Parameters
        ----------
        source : str
            A network of the topology (an unknown name raises ``ScenarioError`` with a
            suggestion).

        Returns
        -------
        TargetChoices
            One row per (target, protected cloud): protecting_cloud, available, reason.

        Examples
        --------
        >>> import netmap
        >>> t = netmap.load(netmap.example_path())
        >>> [(c["target"], c["protected_cloud"], c["available"])
        ...  for c in t.target_choices("VMNetwork1-Beijing").choices][:2]
        [('VMNetwork1-Shanghai', 'GoldCloud1', True), ('VMNetwork1-Shanghai', 'SilverCloud1', True)]
        """
        return target_choices(self, source)

    def place(self, scenario: Scenario | None = None, *,
              limit: int | None = CANDIDATE_LIMIT) -> Placements:
        """The host each failing-over replica lands on (capacity placement, R4).

        The topology's placement (computed once): a VM's ``replica_host`` where given,
        else a host of its protecting cloud that reaches the logical networks its replica
        needs and has room left, largest VMs first; the VMs running on a host hold its
        capacity. The scenario selects the rows (default: every protected VM); a VM no
        host can take is unplaced and its replica never runs.

        Parameters
        ----------
        scenario : Scenario, optional
            Which VMs fail over, sites down and what-if changes.
        limit : int or None, optional
            How many candidate hosts each row of the JSON shape lists (``rows`` keep all;
            ``candidate_count`` is exact); None lists every one.

        Returns
        -------
        Placements
            One row per VM: protecting_cloud, host (None: unplaced), candidates, reason.

        Examples
        --------
        >>> import netmap
        >>> t = netmap.load(netmap.example_path())
        >>> {r["vm"]: r["host"] for r in t.place().rows}["VM1"]
        'HV-SH-01'
        """
        return place(self, scenario, limit=limit)

    def failover(self, scenario: Scenario) -> FailoverResult:
        """What a failover does: replica NICs, who reaches whom, who is down or isolated.

        The replica of each NIC joins the mapped network, in the subnet of the same name,
        keeping its address when it is free (R3); networks joined by links and gateways
        form groups, and sites down carry no traffic (R5); to Azure without a mapping,
        VMs failing over with their recovery plan share the plan's own network (R6);
        dependencies and boot order are checked (R8); a test failover attaches every
        replica to the test network while primaries keep running (R9).

        Parameters
        ----------
        scenario : Scenario
            Which VMs fail over, sites down, test network, what-if changes.

        Returns
        -------
        FailoverResult

        Examples
        --------
        >>> import netmap
        >>> t = netmap.load(netmap.example_path())
        >>> sc = netmap.Scenario(plans=["Plan-Gold"], sites_down=["Beijing"])
        >>> t.failover(sc).to_dict()["failed_over"]
        ['DB1', 'VM1']
        """
        return failover(self, scenario)

    def reach(self, a: str, b: str, scenario: Scenario | None = None) -> Reach:
        """Can VM ``a`` reach VM ``b``, and by which route of networks (R5)?

        Two running VMs reach each other when a NIC of each is in the same group of
        networks joined by links and gateways, with sites down taken out.

        Parameters
        ----------
        a, b : str
            VM names.
        scenario : Scenario, optional
            Default: nothing fails over and every site is up.

        Returns
        -------
        Reach

        Examples
        --------
        >>> import netmap
        >>> t = netmap.load(netmap.example_path())
        >>> sc = netmap.Scenario(plans=["Plan-Gold"], sites_down=["Beijing"])
        >>> t.reach("VM1", "MON-SH", sc).reachable
        True
        """
        return reach(self, a, b, scenario)

    def failback(self, *, vms: Iterable[str] | None = None,
                 replica_nics: Iterable[Any] = (), remap: Iterable[tuple[str, str]] = (),
                 unmap: Iterable[str] = ()) -> Failback:
        """Where each primary NIC reconnects when VMs fail back (R7).

        Each primary NIC reconnects to the network the replica NIC is on now, mapped by
        the mapping as it is now (after ``remap``/``unmap``) to the VM's own site, in the
        subnet of the same name; no network or no mapping back leaves it disconnected,
        with the reason. A VM failed over to Azure fails back to its original VM: each
        NIC returns to its network, subnet and address (no mapping is involved).

        Parameters
        ----------
        vms : iterable of str, optional
            The VMs that fail back (default: every protected VM).
        replica_nics : iterable
            Where replica NICs are now: ``"VM[:INDEX]=NETWORK[/SUBNET]"`` or ``"VM=-"``
            (disconnected), or ``(vm, index, network, subnet)`` tuples.
        remap : iterable of (str, str)
            Mapping changes made after the failover.
        unmap : iterable of str
            Mappings removed after the failover.

        Returns
        -------
        Failback

        Examples
        --------
        >>> import netmap
        >>> t = netmap.load(netmap.example_path())
        >>> t.failback(vms=["VM1"]).to_dict()["vms"][0]["nics"][0]["network"]
        'VMNetwork1-Beijing'
        """
        return failback(self, vms=None if vms is None else list(vms),
                        replica_nics=tuple(replica_nics), remap=tuple(remap),
                        unmap=tuple(unmap))

    def check(self, scenario: Scenario | None = None, *, ignore: Iterable[str] = (),
              track: Callable | None = None) -> Findings:
        """Every readiness finding (codes NM001 to NM025), with severity and reason.

        Unmapped NICs, unavailable targets, no host or no room for a replica, one-way
        mappings, missing subnets, changing static IPs, duplicate IPs, unprotected VMs,
        broken dependencies and boot order, VMs in no plan, clouds in two protection pairs,
        plans too large, a test network that is not isolated, and mappings no protected VM
        can use.

        Parameters
        ----------
        scenario : Scenario, optional
            Only its what-if changes and test network are used.
        ignore : iterable of str
            Finding codes to leave out.
        track : callable, optional
            Progress callback (see :mod:`netmap._runtime.progress`).

        Returns
        -------
        Findings

        Examples
        --------
        >>> import netmap
        >>> t = netmap.load(netmap.example_path())
        >>> t.check().summary
        {'error': 1, 'warning': 2}
        """
        return check(self, scenario, ignore=tuple(ignore), track=track)

    def fix(self, *, choose: Iterable[tuple[str, str]] = (), tool: str = "powershell",
            ids: Any = None, title: str | None = None) -> FixScript:
        """The commands that close the mapping gaps :meth:`check` finds (NM001, NM002,
        NM005), dry-run by default; ``str()`` of the result is the script (§7).

        Parameters
        ----------
        choose : iterable of (source, target)
            Targets picked where R2 leaves several candidates (``--choose``).
        tool : {"powershell", "az", "terraform"}
        ids : netmap.io.sidecar.Ids, optional
            Azure ids from the import sidecar (:func:`netmap.io.sidecar.read_ids`).
        title : str, optional
            What the script fixes, for its first line.

        Returns
        -------
        FixScript

        Examples
        --------
        >>> import netmap
        >>> t = netmap.load(netmap.example_path())
        >>> [n["source"] for n in t.fix().to_dict()["needs_choice"]]
        ['VMNetwork2-Beijing']
        """
        return fix(self, choose=choose, tool=tool, ids=ids, title=title)

    def report(self, scenario: Scenario | None = None, *, ignore: Iterable[str] = (),
               track: Callable | None = None) -> Report:
        """Everything in one answer: findings, placements, every plan, every site outage.

        Each recovery plan fails over with its primary sites down, each site goes down
        in turn, and the failback outlook is added, next to the findings of
        :meth:`check` and the mappings.

        Parameters
        ----------
        scenario : Scenario, optional
            Only its what-if changes and test network are used.
        ignore : iterable of str
            Finding codes to leave out.
        track : callable, optional
            Progress callback (see :mod:`netmap._runtime.progress`).

        Returns
        -------
        Report

        Examples
        --------
        >>> import netmap
        >>> t = netmap.load(netmap.example_path())
        >>> t.report().to_dict()["summary"]["vms"]
        4
        """
        return report(self, scenario, ignore=tuple(ignore), track=track)

    def diff(self, other: Topology | nx.MultiDiGraph, scenario: Scenario | None = None, *,
             limit: int | None = 100) -> Diff:
        """What changes from this topology to ``other`` under ``scenario``.

        Mappings added, removed and changed; VM states, replica NICs and placements that
        change; pairs of VMs that gain or lose reachability (counted exactly, listed up to
        ``limit``). The what-if changes of ``scenario`` apply to ``other`` only.

        Parameters
        ----------
        other : Topology or networkx.MultiDiGraph
            The new topology.
        scenario : Scenario, optional
            Default: every protected VM fails over.
        limit : int or None
            How many reachability pairs to list (None: all).

        Returns
        -------
        Diff

        Examples
        --------
        >>> import netmap
        >>> t = netmap.load(netmap.example_path())
        >>> t.diff(t).to_dict()["mappings"]["changed"]
        []
        """
        return diff(self, other, scenario, limit=limit)


def load(path: str | os.PathLike[str]) -> Topology:
    """Load a topology file (YAML, or JSON for ``.json``) into a :class:`Topology`.

    The file is checked completely first: a file with problems raises
    :class:`~netmap.errors.TopologyError` holding every problem, each with the file, the
    line and the object path.

    Parameters
    ----------
    path : str or path-like
        A ``netmap: 1`` topology file.

    Returns
    -------
    Topology

    Examples
    --------
    >>> import netmap
    >>> t = netmap.load(netmap.example_path())
    >>> sorted(t.site_platform)
    ['Beijing', 'Shanghai']
    """
    t = Topology.from_graph(load_graph(path))
    if len(t.vm) >= PREPARE_MIN_VMS:
        # the first question is as quick as the next ones: the topology-wide indexes are
        # made now (netmap.analysis.prepare), and one collection moves the load to the
        # collector's oldest generation (netmap._runtime.gc.settle)
        with paused():
            prepare(t)
        settle()
    return t


#: from this many VMs on, :func:`load` computes the indexes every question reads
#: (:func:`netmap.analysis.prepare.prepare`) and runs one full collection after
#: (:func:`netmap._runtime.gc.settle`)
PREPARE_MIN_VMS = 10_000


def loads(text: str, path: str = "<string>.yaml") -> Topology:
    """Load topology text into a :class:`Topology`; ``path`` picks JSON or YAML.

    Parameters
    ----------
    text : str
        The topology.
    path : str
        Its name: ``.json`` reads JSON, anything else YAML; problems name this file.

    Returns
    -------
    Topology

    Examples
    --------
    >>> import netmap
    >>> list(netmap.loads("netmap: 1\\nsites: [{name: A}]\\n").site_platform)
    ['A']
    """
    return Topology.from_graph(loads_graph(text, path))
