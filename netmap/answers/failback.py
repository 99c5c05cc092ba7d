"""The answer of ``netmap failback`` (R7): where each primary NIC reconnects.

The rule is :func:`netmap.analysis.failback.failback`; this module shapes its
:class:`~netmap.analysis.failback.Outlook` into :class:`Failback`.

Examples
--------
>>> from netmap import load, example_path
>>> fb = failback(load(example_path()), vms=["VM1"], replica_nics=["VM1=-"])
>>> fb.table("nics").rows[0]["network"], fb.to_dict()["what_if"]
('(disconnected)', ['replica VM1:0 disconnected'])
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from netmap.analysis import failback as _failback
from netmap.answers.answer import Answer, Table, columns

__all__ = ["failback", "Failback"]


class Failback(Answer):
    """The answer of ``netmap failback`` (docs/json.md, ``failback``)."""

    title = "Failback"
    columns = ["vm", "nic", "replica_network", "replica_subnet", "network", "subnet", "ip",
               "returns", "method", "reason"]

    def __init__(self, vms: list[dict], what_if: list[str]):
        self.vms = vms
        self.what_if = what_if

    def to_dict(self) -> dict:
        return {"vms": self.vms, "what_if": self.what_if}

    def tables(self) -> list[Table]:
        rows = []
        for v in self.vms:
            for n in v["nics"]:
                rows.append(dict(n, vm=v["vm"],
                                 replica_network=n["replica_network"] or "(disconnected)",
                                 network=n["network"] or "(disconnected)"))
        cap = "Failback (R7)"
        if self.what_if:
            cap += ": " + "; ".join(self.what_if)
        return [Table("nics", rows, columns(
            *self.columns, network="the network the primary NIC reconnects to",
            subnet="the subnet the primary NIC lands in",
            ip="the primary NIC's own address when it returns where it was",
            method="mapping (back through the mapping of the replica's network, VMM to "
                   "VMM) or original_vm (planned failover from Azure to the original VM)"),
            cap)]


def failback(G: nx.MultiDiGraph, *, vms: Iterable[str] | None = None,
             replica_nics: Iterable = (), remap: Iterable[tuple[str, str]] = (),
             unmap: Iterable[str] = ()) -> Failback:
    """R7: where each primary NIC reconnects when ``vms`` fail back.

    Parameters
    ----------
    G
        A loaded topology.
    vms
        The VMs that fail back (default: every protected VM).
    replica_nics
        Where replica NICs are now, when it changed after the failover:
        ``"V[:INDEX]=NETWORK[/SUBNET]"`` or ``"V[:INDEX]=-"`` (disconnected).
    remap, unmap
        Mapping changes made after the failover.

    Returns
    -------
    Failback
        One row per primary NIC: where it lands, and whether it returns where it was.
    """
    got = _failback.failback(G, vms=vms, replica_nics=replica_nics, remap=remap, unmap=unmap)
    return Failback(got.vms, got.what_if)
