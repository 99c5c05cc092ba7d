"""The answer of ``netmap diff``: what a change to the topology does to a failover.

The comparison is :func:`netmap.analysis.diff.diff`; this module shapes its data into
:class:`Diff` (docs/json.md, ``diff``).

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.model.scenario import Scenario
>>> G = load(example_path())
>>> d = diff(G, G, Scenario(remap=(("VMNetwork1-Beijing", "VMNetwork2-Shanghai"),)))
>>> [(r["a"], r["b"]) for r in d.table("lost").rows]
[('DB1', 'MON-SH'), ('MON-SH', 'VM1')]
"""

from __future__ import annotations

import networkx as nx

from netmap.analysis import diff as _diff
from netmap.answers.answer import Answer, Table, columns
from netmap.model.scenario import Scenario

__all__ = ["diff", "Diff"]


class Diff(Answer):
    """The answer of ``netmap diff`` (docs/json.md, ``diff``)."""

    title = "Diff"

    def __init__(self, data: dict):
        self.data = data

    def to_dict(self) -> dict:
        return self.data

    def tables(self) -> list[Table]:
        d = self.data
        m = d["mappings"]
        mrows = ([{"change": "added", "source": r["source"], "target_site": r["target_site"],
                   "old_target": None, "new_target": r["target"]} for r in m["added"]]
                 + [{"change": "removed", "source": r["source"],
                     "target_site": r["target_site"], "old_target": r["target"],
                     "new_target": None} for r in m["removed"]]
                 + [dict(r, change="changed") for r in m["changed"]])
        mrows.sort(key=lambda r: (r["source"], r["target_site"] or ""))
        r = d["reachability"]

        def pairs(key):
            shown = len(r[key])
            cap = {"gained": "VM pairs that gain reachability",
                   "lost": "VM pairs that lose reachability"}[key]
            cap += f": {r[key + '_count']}"
            if shown < r[key + "_count"]:
                cap += f" (first {shown} shown; raise the limit for more)"
            why = r.get(key + "_reasons") or [None] * shown
            return Table(key, [{"a": a, "b": b, "reason": w} for (a, b), w in zip(r[key], why)],
                         columns("a", "b", "reason"), cap)

        return [
            Table("mappings", mrows, columns(
                "source", "target_site", "change", "old_target", "new_target",
                change="added, removed or changed",
                target_site="the site of the target (a source maps once per site, R1)"),
                f"Mapping changes ({d['scenario']})"),
            Table("nics", d["nics"], columns(
                "vm", "nic", "change", "old_network", "new_network", "old_subnet",
                "new_subnet", "old_ip", "new_ip", "reason",
                change="network, subnet, ip, added or removed"),
                "Replica NICs that change"),
            Table("placements", d["placements"],
                  columns("vm", "old_host", "new_host", "new_reason"),
                  "Placements that change"),
            Table("states", d["states"], columns("vm", "old", "new"), "VM states that change"),
            pairs("gained"),
            pairs("lost"),
        ]


def diff(G_old: nx.MultiDiGraph, G_new: nx.MultiDiGraph, scenario: Scenario | None = None,
         *, limit: int | None = 100) -> Diff:
    """What changes from ``G_old`` to ``G_new`` under ``scenario``.

    Parameters
    ----------
    G_old, G_new
        Two loaded topologies (they may be the same one).
    scenario
        The failover evaluated on both sides (default: every protected VM); its what-if
        mapping changes apply to the new side only.
    limit
        The most VM pairs listed as gaining or losing reachability (``None``: every
        one); the counts are exact.

    Returns
    -------
    Diff
        Mapping changes, replica NICs, placements and VM states that change, and the
        VM pairs that gain or lose reachability. Raises
        :class:`~netmap.errors.ScenarioError` for names in neither topology.
    """
    return Diff(_diff.diff(G_old, G_new, scenario, limit))
