"""The topology-wide indexes every question reads, computed at once after a load.

A question about one plan, one pair of VMs or one network costs in proportion to what it
touches, but the first question after a load also pays, once, for indexes of the whole
topology: the network graph and its components (R2, R5), the NICs and configured
addresses on each network (R3) and the placement of every protected VM (R4). At 100,000
VMs that was 80-90 ms, over the 50 ms a single question should take. :func:`netmap.load`
computes them with the load for a large topology (``netmap.topology.PREPARE_MIN_VMS`` VMs
or more), so the first question is as quick as the others; a report computes the same
indexes anyway.

>>> from netmap import load, example_path
>>> t = load(example_path())
>>> prepare(t) is t
True
>>> "nics_on" in vars(t) and "network_graph" in vars(t)
True
"""

from __future__ import annotations

from netmap.analysis.connectivity import network_view
from netmap.analysis.placement import placement_of

__all__ = ["prepare"]


def prepare(ix):
    """Compute ``ix``'s topology-wide indexes now (they are cached on it); return ``ix``.

    The indexes are those of the topology as loaded (no what-if): the NICs and configured
    addresses on each network, the network graph with its components for no site down
    and for each site down alone (a plan's failover takes its primary site down), and
    the placement of every protected VM. Nothing in the topology changes.

    Parameters
    ----------
    ix : TopologyData
        A loaded topology (:func:`netmap.load`).
    """
    ix.nics_on  # noqa: B018 - cached on first use
    ix.configured_on  # noqa: B018
    network_view(ix, ())
    for site in sorted(ix.site_platform):
        network_view(ix, (site,))
    placement = placement_of(ix)
    for v in ix.protected_vms():
        placement.is_unplaced(v)
    return ix
