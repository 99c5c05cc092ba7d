"""netmap: disaster-recovery network mapping for Azure Site Recovery and VMM, as a graph.

Load a topology file into a :class:`Topology` (records over one frozen
:class:`networkx.MultiDiGraph`, ``topology.graph``) and ask it questions:

>>> import netmap
>>> t = netmap.load(netmap.example_path())
>>> t.mappings().to_dict()["mappings"][0]["target"]
'VMNetwork1-Shanghai'
>>> sc = netmap.Scenario(plans=["Plan-Gold"], sites_down=["Beijing"])
>>> t.failover(sc).to_dict()["failed_over"]
['DB1', 'VM1']

Diagrams live in :mod:`netmap.plot` (matplotlib), imported on first use.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from typing import Any

from netmap.errors import GraphContractError, NetmapError, ScenarioError, TopologyError
from netmap.io.load import example_path
from netmap.model.scenario import Scenario
from netmap.topology import Topology, load, loads

try:
    __version__ = importlib.metadata.version("netmap")
except importlib.metadata.PackageNotFoundError:  # pragma: no cover - not installed
    __version__ = "0+unknown"

__all__ = [
    "load", "loads", "example_path", "Topology", "Scenario",
    "NetmapError", "TopologyError", "ScenarioError", "GraphContractError",
    "plot", "__version__",
]


def __getattr__(name: str) -> Any:
    # netmap.plot imports matplotlib: only when asked for
    if name == "plot":
        return importlib.import_module("netmap.plot")
    raise AttributeError(f"module 'netmap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | {"plot"})
