"""The answer of ``netmap reach`` (R5 for one pair): can VM A reach VM B, by which route?

The rule is :func:`netmap.analysis.reach.reach`; this module shapes its
:class:`~netmap.analysis.reach.Reachability` into :class:`Reach`.

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.model.scenario import Scenario
>>> r = reach(load(example_path()), "VM1", "MON-SH",
...           Scenario(plans=("Plan-Gold",), sites_down=("Beijing",)))
>>> print(r, end="")
VM1 -> MON-SH: reachable (plan Plan-Gold, site Beijing down)
step  node                 via
----  -------------------  ---
0     VM1                  -
1     VMNetwork1-Shanghai  nic
2     MON-SH               nic
"""

from __future__ import annotations

import networkx as nx

from netmap.analysis.reasons import Reason, text_of
from netmap.analysis import reach as _reach
from netmap.analysis.reach import Reachability
from netmap.answers.answer import Answer, Table, columns
from netmap.model.scenario import Scenario
from netmap.model.topology import TopologyData

__all__ = ["reach", "Reach"]


class Reach(Answer):
    """The answer of ``netmap reach`` (docs/json.md, ``reach``)."""

    title = "Reach"

    def __init__(self, a: str, b: str, reachable: bool, path: list[str], hops: list[str],
                 reason: Reason | None, scenario: str):
        self.a, self.b = a, b
        self.reachable = reachable
        self.path = path
        self.hops = hops
        self.reason = reason
        self.scenario = scenario

    @classmethod
    def from_record(cls, r: Reachability) -> Reach:
        """The answer that shows ``r``."""
        return cls(r.a, r.b, r.reachable, r.path, r.hops, r.reason, r.scenario)

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "reachable": self.reachable, "path": self.path,
                "hops": self.hops, "reason": text_of(self.reason), "scenario": self.scenario}

    def tables(self) -> list[Table]:
        verdict = "reachable" if self.reachable else "NOT reachable"
        rows = [{"step": i, "node": n, "via": h} for i, (n, h) in
                enumerate(zip(self.path, [None] + self.hops + [None]))]
        cap = f"{self.a} -> {self.b}: {verdict} ({self.scenario})"
        if self.reason:
            cap += f"\nwhy: {self.reason}"
        return [Table("path", rows, columns("step", "node", "via"), cap)]


def reach(G: TopologyData | nx.MultiDiGraph, a: str, b: str,
          scenario: Scenario | None = None) -> Reach:
    """Can VM ``a`` reach VM ``b`` in ``scenario`` (default: nothing fails over)?

    A VM that fails over is its replica (in a test failover: its test replica). Raises
    :class:`~netmap.errors.ScenarioError` for an unknown VM, with a suggestion.
    """
    return Reach.from_record(_reach.reach(G, a, b, scenario))
