"""The records a topology is made of, and the closed vocabularies they use.

A :class:`~netmap.model.topology.TopologyData` holds one record per network, cloud, host
and VM, keyed by name. Records are slotted (a million VMs cost a million small objects,
not a million dictionaries) and are filled once, when the topology is read from its graph;
treat them as read-only afterwards.

The vocabularies are :class:`enum.StrEnum`: a member *is* its text (``str()``, f-strings,
JSON and comparisons with plain strings all see the value), and its ``repr`` is the text's,
so answers (and the dictionaries of ``to_dict()``) read the same as with plain strings.

Examples
--------
>>> from netmap import load, example_path
>>> t = load(example_path())
>>> net = t.net["VMNetwork1-Beijing"]
>>> net.kind, net.site, net.subnets[0]
('vm_network', 'Beijing', ('Subnet1', '10.1.0.0/24'))
>>> net.kind is NetworkKind.VM_NETWORK, f"{net.kind}"
(True, 'vm_network')
>>> t.vm["VM1"].nics[0]  # doctest: +NORMALIZE_WHITESPACE
Nic(vm='VM1', index=0, network='VMNetwork1-Beijing', subnet='Subnet1', ip='10.1.0.10',
    ip_mode='static')
>>> PlanNetwork("Plan-Gold")
PlanNetwork(plan='Plan-Gold')
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["NetworkKind", "Platform", "VmState", "Severity", "IpMode", "Nic", "NicSettings",
           "Pool", "Network", "Cloud", "Region", "Host", "VM", "PlanNetwork", "MappingTable",
           "TestCopy"]


class _Text(enum.StrEnum):
    """A closed vocabulary of words: each member is its word, and shows as the word."""

    def __repr__(self) -> str:
        return repr(self.value)


class NetworkKind(_Text):
    """The two kinds of network a NIC, mapping or link can name (one namespace)."""

    VM_NETWORK = "vm_network"
    """A VMM VM network, carried by a logical network of one VMM server."""
    AZURE_NETWORK = "azure_network"
    """An Azure virtual network at an Azure site."""


class Platform(_Text):
    """Where a site runs: an on-premises datacenter or an Azure region."""

    ONPREM = "onprem"
    AZURE = "azure"


class VmState(_Text):
    """The state of a VM in a failover scenario (R5)."""

    REPLICA = "replica"
    """It fails over and its replica runs at the recovery site (in a test failover: its
    test replica, while the primary keeps running)."""
    PRIMARY = "primary"
    """It does not fail over (or this is a test failover) and its site is up."""
    DOWN = "down"
    """Its site is down and it does not fail over, or its recovery site is down."""
    UNPLACED = "unplaced"
    """It fails over but no host can take its replica (R4): Site Recovery cannot protect
    it, so the replica never runs (and its primary has stopped, as for ``replica``)."""


class Severity(_Text):
    """How bad a finding of ``netmap check`` is."""

    ERROR = "error"
    """A failover would not work as planned."""
    WARNING = "warning"
    """Worth a look; a failover may still work."""


class IpMode(_Text):
    """How a NIC gets its address (R3)."""

    STATIC = "static"
    """A fixed address (the NIC's ``ip``): retained on failover when it is usable and free
    in the target subnet, else reassigned."""
    DHCP = "dhcp"
    """DHCP gives the address: no fixed address of its own to retain or change (an ``ip``
    given with it is the address it holds now)."""


class NicSettings(NamedTuple):
    """A NIC's configured target settings (Site Recovery's "Compute and Network"): its
    ``replica`` settings for failover (R3) or its ``test`` settings for a drill (R9).

    Attributes
    ----------
    network : str or None
        The configured target network (None: the rules choose it).
    subnet : str or None
        The configured subnet (None: the rules choose it).
    ip : str or None
        The configured static address (None: the rules choose it).

    Examples
    --------
    >>> NicSettings(subnet="Subnet2")
    NicSettings(network=None, subnet='Subnet2', ip=None)
    """

    network: str | None = None
    subnet: str | None = None
    ip: str | None = None


class Nic(NamedTuple):
    """One NIC of a VM, as the topology gives it.

    Attributes
    ----------
    vm : str
        The VM the NIC belongs to.
    index : int
        Its position among the VM's NICs (from 0, file order).
    network : str
        The VM network it is connected to.
    subnet : str or None
        The subnet named for it (None: the network's first subnet).
    ip : str or None
        Its address, if the topology gives one.
    ip_mode : IpMode
        ``static`` or ``dhcp`` (default: static when ``ip`` is given, else dhcp).
    replica : NicSettings or None
        Its configured failover settings (R3), if any.
    test : NicSettings or None
        Its configured test-failover settings (R9), if any.

    Examples
    --------
    >>> Nic("VM1", 0, "vnet-app", "App", "10.2.1.10", replica=NicSettings(ip="10.3.1.10"))
    ... # doctest: +NORMALIZE_WHITESPACE
    Nic(vm='VM1', index=0, network='vnet-app', subnet='App', ip='10.2.1.10',
        ip_mode='static', replica=NicSettings(network=None, subnet=None, ip='10.3.1.10'))
    """

    vm: str
    index: int
    network: str
    subnet: str | None
    ip: str | None
    ip_mode: IpMode = IpMode.STATIC
    replica: NicSettings | None = None
    test: NicSettings | None = None

    def __repr__(self) -> str:
        # the settings only when configured: most NICs have none
        text = (f"Nic(vm={self.vm!r}, index={self.index!r}, network={self.network!r}, "
                f"subnet={self.subnet!r}, ip={self.ip!r}, ip_mode={self.ip_mode!r}")
        for key in ("replica", "test"):
            if getattr(self, key) is not None:
                text += f", {key}={getattr(self, key)!r}"
        return text + ")"

    @property
    def is_dhcp(self) -> bool:
        """Does DHCP give this NIC its address (no fixed address to keep, R3)?"""
        return self.ip_mode == IpMode.DHCP or not self.ip


class Pool(NamedTuple):
    """A VMM static IP address pool of one subnet (R3).

    Attributes
    ----------
    start, end : str
        The first and last address of its range (inside the subnet's prefix).
    reserved : tuple of str
        Addresses of the range it never hands out.
    """

    start: str
    end: str
    reserved: tuple[str, ...] = ()


@dataclass(slots=True, eq=False, repr=False)
class Network:
    """A VM network or an Azure network.

    Attributes
    ----------
    name : str
        Its name (VM and Azure networks share one namespace).
    kind : NetworkKind
        VM network or Azure network.
    site : str or None
        Its site (a VM network's comes from its logical network).
    vmm : str or None
        The VMM server managing its logical network (VM networks only).
    logical : str or None
        The logical network carrying it (VM networks only).
    subnets : list of (str, str or None)
        ``(name, prefix)`` of its subnets, in file order; prefix is a CIDR string or None.
    gateway_sites : tuple of str
        Sites an Azure network's gateway joins it to (R5).
    gateways : dict of str to str
        Subnet name -> its gateway address (VM networks; only subnets that give one).
    pools : dict of str to Pool
        Subnet name -> its static IP address pool (VM networks; only subnets that have one).
    isolation : str or None
        A VM network's isolation type in VMM: ``none``, ``vlan`` or ``wnv`` (Windows
        Network Virtualization); None when the topology does not say (R9, NM022).
    created_from : str or None
        For ``NAME-asr``, the network Site Recovery creates in the recovery region for an
        unmapped Azure-to-Azure source NAME (R11): NAME. Such a network is in no topology
        file and no graph; answers show it as created by Site Recovery.
    """

    name: str
    kind: NetworkKind
    site: str | None = None
    vmm: str | None = None
    logical: str | None = None
    subnets: list[tuple[str, str | None]] = field(default_factory=list)
    gateway_sites: tuple[str, ...] = ()
    gateways: dict[str, str] = field(default_factory=dict)
    pools: dict[str, Pool] = field(default_factory=dict)
    isolation: str | None = None
    created_from: str | None = None
    _lookup: tuple | None = field(default=None, init=False, repr=False)

    @property
    def is_azure(self) -> bool:
        """Is this an Azure network?"""
        return self.kind == NetworkKind.AZURE_NETWORK

    def subnet_named(self, name: str | None) -> tuple[str, str | None] | None:
        """The subnet a NIC of subnet name ``name`` lands in (R3), else None (no subnets).

        The subnet called ``name`` (in an Azure network also without case: Azure subnet
        names are not case-sensitive), else :meth:`first_subnet`.

        >>> n = Network("vnet", NetworkKind.AZURE_NETWORK,
        ...             subnets=[("web", None), ("App", None), ("db", None)])
        >>> n.subnet_named("WEB")[0], n.subnet_named("Mgmt")[0]
        ('web', 'App')
        """
        lookup = self._lookup
        if lookup is None or lookup[0] is not self.subnets:
            lookup = self._index()
        _, by_name, by_fold, first = lookup
        if name is not None:
            got = by_name.get(name)
            if got is None and by_fold is not None:
                got = by_fold.get(name.casefold())
            if got is not None:
                return got
        return first

    def _index(self):
        """``(subnets, by name, by folded name (Azure), first subnet)``, built once per
        subnet list (R3's subnet choice is asked for every replica NIC)."""
        subs = self.subnets
        by_name = {}
        for s in subs:
            by_name.setdefault(s[0], s)
        by_fold = None
        if self.is_azure:
            by_fold = {}
            for s in subs:
                by_fold.setdefault(s[0].casefold(), s)
        self._lookup = (subs, by_name, by_fold, self.first_subnet())
        return self._lookup

    def first_subnet(self) -> tuple[str, str | None] | None:
        """The first subnet (R3): in file order for a VM network, in alphabetical order
        (without case, then by name) for an Azure network; None without subnets."""
        if not self.subnets:
            return None
        if self.is_azure:
            return min(self.subnets, key=lambda s: (s[0].casefold(), s[0]))
        return self.subnets[0]

    def has_subnet(self, name: str) -> bool:
        """Does this network have a subnet called ``name``?"""
        return any(s[0] == name for s in self.subnets)


@dataclass(slots=True, eq=False, repr=False)
class Cloud:
    """A VMM cloud.

    Attributes
    ----------
    name : str
        Its name.
    vmm : str or None
        The VMM server managing it.
    site : str or None
        Its site.
    logical_networks : set of str
        The logical networks associated with it.
    protecting : str or None
        The cloud protecting it (VMM to VMM replication), if any.
    azure : str or None
        The Azure site protecting it (VMM to Azure replication), if any.
    protects : list of str
        The clouds it protects, sorted.
    hosts : list of str
        The hosts that are members of it, sorted.
    logical_networks_known : bool
        False when the topology does not say which logical networks it has (an import
        without the VMM inventory): ``logical_networks`` is then empty but means unknown.
    """

    name: str
    vmm: str | None = None
    site: str | None = None
    logical_networks: set[str] = field(default_factory=set)
    protecting: str | None = None
    azure: str | None = None
    protects: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    logical_networks_known: bool = True

    @property
    def protected(self) -> bool:
        """Is this cloud protected (to another cloud or to Azure)?"""
        return self.protecting is not None or self.azure is not None


@dataclass(slots=True, eq=False, repr=False)
class Region:
    """An Azure region as the primary site of Azure VMs (R11): their protection container.

    It answers what a :class:`Cloud` answers about its VMs (where they run, whether and
    where they recover), so every rule that asks "the VM's cloud" asks the same of an
    Azure VM's region (:meth:`netmap.model.topology.TopologyData.container`).

    Attributes
    ----------
    name : str
        The region (a site of kind azure).
    azure : str or None
        The Azure region it is protected to (``{region: A, azure: B}``), if any.

    Examples
    --------
    >>> r = Region("China East", azure="China North")
    >>> r.site, r.protected, r.protecting, r.hosts
    ('China East', True, None, [])
    """

    name: str
    azure: str | None = None
    protects: list[str] = field(default_factory=list)

    #: a region has no VMM server, protecting cloud, hosts or logical networks
    vmm = None
    protecting = None

    @property
    def site(self) -> str:
        """Its site: itself."""
        return self.name

    @property
    def hosts(self) -> list[str]:
        """No hosts: Azure runs the VMs."""
        return []

    @property
    def logical_networks(self) -> set[str]:
        """No logical networks: its VMs are on Azure networks."""
        return set()

    @property
    def protected(self) -> bool:
        """Is this region protected to another?"""
        return self.azure is not None


@dataclass(slots=True, eq=False, repr=False)
class Host:
    """A Hyper-V host.

    Attributes
    ----------
    name : str
        Its name.
    memory_gb, vcpus : float or None
        Its capacity (None: unlimited).
    vmm : str or None
        The VMM server managing it.
    clouds : list of str
        The clouds it is a member of, in file order.
    logical_networks : set of str
        The logical networks it reaches.
    """

    name: str
    memory_gb: float | None = None
    vcpus: float | None = None
    vmm: str | None = None
    clouds: list[str] = field(default_factory=list)
    logical_networks: set[str] = field(default_factory=set)


@dataclass(slots=True, eq=False, repr=False)
class VM:
    """A virtual machine.

    Attributes
    ----------
    name : str
        Its name.
    memory_gb, vcpus : float or None
        Its size (None: not given).
    cloud : str or None
        The cloud it is in (which decides whether and where it is protected); None for an
        Azure VM.
    site : str or None
        The Azure region an Azure VM runs in (R11; None for a VMM VM, whose site is its
        cloud's).
    host : str or None
        The host it runs on, if given.
    replica_host : str or None
        The host its replica is on, if given (``replica_host``: R4's placement as a fact).
    nics : list of Nic
        Its NICs in index order.
    depends_on : list of str
        The VMs it depends on (R8), sorted.
    plans : list of (str, int)
        ``(plan, boot group)`` of every recovery plan it is in, sorted.
    """

    name: str
    memory_gb: float | None = None
    vcpus: float | None = None
    cloud: str | None = None
    host: str | None = None
    nics: list[Nic] = field(default_factory=list)
    depends_on: list[str] = field(default_factory=list)
    plans: list[tuple[str, int]] = field(default_factory=list)
    replica_host: str | None = None
    site: str | None = None

    @property
    def is_azure(self) -> bool:
        """Is this an Azure VM (in a region, R11) rather than a VMM VM (in a cloud)?"""
        return self.cloud is None


@dataclass(frozen=True, slots=True, order=True)
class PlanNetwork:
    """The network of recovery plan ``plan`` (R6).

    To Azure without a mapping, the replicas failing over with their plan join one network
    of their own: a network that is in no topology file, shown as ``plan:NAME``.

    Attributes
    ----------
    plan : str
        The recovery plan's name.
    """

    plan: str

    def __str__(self) -> str:
        return f"plan:{self.plan}"


class MappingTable:
    """Network mappings (R1): each source network's target at each site.

    A mapping is directional, and a source network has at most one target per site (the
    target's site): Site Recovery maps a network once for each place its VMs recover to.
    So the table is keyed by ``(source, site)``; a replica NIC uses the mapping whose
    target lies at its VM's recovery site (:func:`netmap.analysis.mapping.target_for`).
    Read-only: what-if changes build a new table
    (:func:`netmap.analysis.mapping.effective_mapping`).

    Parameters
    ----------
    triples : iterable of (source, target, target_site)
        The mappings. A later triple for the same source and site replaces an earlier one
        (loading refuses two targets at one site, so this only happens to what-if tables).

    Examples
    --------
    >>> m = MappingTable([("N", "N-B", "B"), ("N", "N-C", "C"), ("N-B", "N", "A")])
    >>> m.target("N", "C"), m.target("N", "A")
    ('N-C', None)
    >>> m.targets("N")
    {'B': 'N-B', 'C': 'N-C'}
    >>> m.pairs()
    [('N', 'N-B'), ('N', 'N-C'), ('N-B', 'N')]
    >>> len(m), "N" in m, "N-C" in m, m.sources("N")
    (3, True, False, ['N-B'])
    """

    __slots__ = ("_by_site", "_targets", "_sources")

    def __init__(self, triples=()):
        by_site: dict[tuple[str, str | None], str] = {}
        for s, t, site in triples:
            by_site[(s, site)] = t
        targets: dict[str, dict] = {}
        for (s, site), t in sorted(by_site.items(), key=_by_source_site):
            targets.setdefault(s, {})[site] = t
        self._by_site = by_site
        self._targets = targets
        self._sources = None  # target -> sorted sources, on first use

    def target(self, source: str, site: str | None) -> str | None:
        """The target of ``source`` at ``site``, or None (not mapped there). O(1)."""
        return self._by_site.get((source, site))

    def targets(self, source: str) -> dict:
        """``{site: target}`` of ``source``, by site name (empty: not mapped at all)."""
        return self._targets.get(source, {})

    def sources(self, target: str) -> list[str]:
        """The networks mapped to ``target``, sorted."""
        if self._sources is None:
            rev: dict[str, list[str]] = {}
            for (s, _site), t in sorted(self._by_site.items(), key=_by_source_site):
                rev.setdefault(t, []).append(s)
            self._sources = rev
        return self._sources.get(target, [])

    def pairs(self) -> list[tuple[str, str]]:
        """Every mapping as ``(source, target)``, sorted."""
        return sorted((s, t) for (s, _site), t in self._by_site.items())

    def triples(self) -> list[tuple[str, str, str | None]]:
        """Every mapping as ``(source, target, target_site)``, sorted."""
        return sorted((s, t, site) for (s, site), t in self._by_site.items())

    def __len__(self) -> int:
        return len(self._by_site)

    def __contains__(self, source) -> bool:
        """Does ``source`` have a mapping (to any site)?"""
        return source in self._targets

    def __iter__(self):
        """The mapped source networks, sorted."""
        return iter(sorted(self._targets))

    def __eq__(self, other) -> bool:
        if not isinstance(other, MappingTable):
            return NotImplemented
        return self._by_site == other._by_site

    __hash__ = None

    def __repr__(self) -> str:
        return f"MappingTable({self.triples()!r})"


def _by_source_site(item):
    (s, site), _t = item
    return (s, "" if site is None else site)


@dataclass(frozen=True, slots=True, order=True)
class TestCopy:
    """The test network Site Recovery creates for a target network (R9, ``--test-network
    auto``): an isolated copy of ``network`` with its subnets and prefixes, shown as
    ``NETWORK-test``. It is in no topology file and never written into one.

    Attributes
    ----------
    network : str
        The target network it copies.
    peers : tuple of str
        The target networks whose copies it is joined to (itself included), sorted: the
        copies are joined as their targets are, and to nothing else.

    Examples
    --------
    >>> str(TestCopy("VMNetwork1-Shanghai", ("VMNetwork1-Shanghai",)))
    'VMNetwork1-Shanghai-test'
    """

    __test__ = False  # not a pytest test class, whatever its name

    network: str
    peers: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.network}-test"
