"""The answer of R4 (``netmap place``): on which host each replica lands, or why not.

The rule is :func:`netmap.analysis.placement.place`; this module shapes its rows.

Examples
--------
>>> from netmap import load, example_path
>>> print(place(load(example_path())), end="")
Replica placement (R4)
vm    protecting_cloud  host      candidates  reason
----  ----------------  --------  ----------  ------
APP2  SilverCloud2      HV-SH-02  1           -
DB1   GoldCloud2        HV-SH-01  1           -
VM1   GoldCloud2        HV-SH-01  1           -
"""

from __future__ import annotations

import networkx as nx

from netmap.analysis import placement as _placement
from netmap.answers.answer import Answer, Table, columns
from netmap.model.scenario import Scenario
from netmap.model.topology import TopologyData

__all__ = ["place", "Placements", "bounded_rows", "CANDIDATE_LIMIT"]

#: How many candidate hosts a JSON row lists by default (``candidate_count`` is exact): one
#: cloud of 2,000 hosts protecting 20,000 VMs would otherwise print 40 million host names
#: from a 1 MB topology.
CANDIDATE_LIMIT = 20


def bounded_rows(rows: list[dict], limit: int | None = CANDIDATE_LIMIT) -> list[dict]:
    """The placement rows with each ``candidates`` list cut to ``limit`` hosts (the first
    by name) and ``candidate_count`` the exact number; ``limit=None`` keeps every host.

    >>> bounded_rows([{"vm": "A", "candidates": ["H1", "H2", "H3"]}], limit=2)
    [{'vm': 'A', 'candidates': ['H1', 'H2'], 'candidate_count': 3}]
    """
    out = []
    for r in rows:
        cands = r["candidates"]
        out.append(dict(r, candidates=list(cands if limit is None else cands[:limit]),
                        candidate_count=len(cands)))
    return out


class Placements(Answer):
    """R4 for each replica (docs/json.md, ``place``); the text shows how many candidates.

    ``rows`` keep every candidate host; the JSON shape lists at most ``limit`` of them per
    row (``candidate_count`` is exact), so its size stays proportional to the topology.
    """

    title = "Placements"
    columns = ["vm", "protecting_cloud", "host", "candidates", "reason"]

    def __init__(self, rows: list[dict], limit: int | None = CANDIDATE_LIMIT):
        self.rows = rows
        self.limit = limit

    def to_dict(self) -> dict:
        return {"placements": bounded_rows(self.rows, self.limit)}

    def tables(self) -> list[Table]:
        rows = [dict(r, candidates=len(r["candidates"]), host=_host_text(r))
                for r in self.rows]
        return [Table("placements", rows, columns(
            *self.columns, candidates="how many hosts reach every network the replica needs"),
            "Replica placement (R4)")]


def _host_text(r):
    """The host column: the host (marked when it is the VM's ``replica_host``), or
    ``(unplaced)`` when no host can take the replica (R4)."""
    if r["host"] is None:
        return "(unplaced)" if r.get("unplaced") else None
    return f"{r['host']} (replica_host)" if r.get("replica_host") else r["host"]


def place(G: TopologyData | nx.MultiDiGraph, scenario: Scenario | None = None, *,
          limit: int | None = CANDIDATE_LIMIT) -> Placements:
    """R4 for every VM of the scenario's failover set (default: every protected VM).

    See :func:`netmap.analysis.placement.place` for the rule; ``G`` is a topology or its
    graph. ``limit`` caps the candidate hosts each JSON row lists (None: all of them).
    """
    return Placements(_placement.place(G, scenario), limit)
