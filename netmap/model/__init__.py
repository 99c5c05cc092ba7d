"""What a topology is: records, the graph and its contract, scenarios. No analysis, no I/O.

* :mod:`~netmap.model.records`: typed, slotted records (Network, Cloud, Host, VM, Nic,
  PlanNetwork) and the vocabularies as ``StrEnum`` (NetworkKind, Platform, VmState, Severity).
* :mod:`~netmap.model.topology`: :class:`~netmap.model.topology.TopologyData`, records by name
  over one frozen graph with derived lookups as ``cached_property``, and
  :func:`~netmap.model.topology.as_topology`, the one coercion of every analysis.
* :mod:`~netmap.model.graph` and :mod:`~netmap.model.contract`: the graph builder (networkx's
  public API only) and what a netmap graph holds.
* :mod:`~netmap.model.scenario`: :class:`~netmap.model.scenario.Scenario` and its one
  what-if and name check.
* :mod:`~netmap.model.names`: the one "did you mean" (``suggest``).
"""
