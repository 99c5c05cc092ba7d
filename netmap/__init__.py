"""netmap: disaster-recovery network mapping for Azure Site Recovery and VMM, as a graph.

Load a topology file into one :class:`networkx.MultiDiGraph` and ask questions of it:

>>> import netmap
>>> G = netmap.load(netmap.example_path())
>>> netmap.mappings(G).to_dict()["mappings"][0]["target"]
'VMNetwork1-Shanghai'
"""

from netmap.model.contract import validate_graph
from netmap.errors import GraphContractError, NetmapError, ScenarioError, TopologyError
from netmap.model.graph import build_graph
from netmap.model.topology import index
from netmap.io.load import example_path, load, loads, read_topology
from netmap.analysis.mapping import effective_mapping
from netmap.answers.mapping import mappings, target_choices

__version__ = "0.1.0"

__all__ = [
    "load", "loads", "read_topology", "example_path", "build_graph", "validate_graph",
    "index", "mappings", "target_choices", "effective_mapping",
    "NetmapError", "TopologyError", "ScenarioError", "GraphContractError",
]
