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
                 reason: Reason | None, scenario: str, attempt: list[str] | None = None,
                 attempt_hops: list[str] | None = None, blocked_at: str | None = None):
        self.a, self.b = a, b
        self.reachable = reachable
        self.path = path
        self.hops = hops
        self.reason = reason
        self.scenario = scenario
        self.attempt = attempt or []
        self.attempt_hops = attempt_hops or []
        self.blocked_at = blocked_at

    @classmethod
    def from_record(cls, r: Reachability) -> Reach:
        """The answer that shows ``r``."""
        return cls(r.a, r.b, r.reachable, r.path, r.hops, r.reason, r.scenario,
                   r.attempt, r.attempt_hops, r.blocked_at)

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "reachable": self.reachable, "path": self.path,
                "hops": self.hops, "reason": text_of(self.reason), "scenario": self.scenario,
                "attempt": self.attempt, "blocked_at": self.blocked_at}

    def tables(self) -> list[Table]:
        verdict = "reachable" if self.reachable else "cannot tell" \
            if self.reachable is None else "NOT reachable"
        path, hops = self.path, self.hops
        if not self.reachable and self.attempt:
            path, hops = self.attempt, self.attempt_hops
        rows = [{"step": i, "node": n, "via": h} for i, (n, h) in
                enumerate(zip(path, [None] + hops + [None]))]
        names = ["step", "node", "via"]
        if self.blocked_at is not None:
            names.append("blocked")
            for i, r in enumerate(rows):
                crossing = 1 < i < len(rows) - 1 and \
                    " -- ".join(sorted((path[i - 1], path[i]))) == self.blocked_at
                r["blocked"] = "lost here" if crossing else None
        cap = f"{self.a} -> {self.b}: {verdict} ({self.scenario})"
        if self.reason:
            cap += f"\nwhy: {self.reason}"
        if self.blocked_at is not None:
            cap += f"\nroute tried below: lost at the join {self.blocked_at}"
        return [Table("path", rows, columns(*names), cap)]


def reach(G: TopologyData | nx.MultiDiGraph, a: str, b: str,
          scenario: Scenario | None = None) -> Reach:
    """Can VM ``a`` reach VM ``b`` in ``scenario`` (default: nothing fails over)?

    A VM that fails over is its replica (in a test failover: its test replica). Raises
    :class:`~netmap.errors.ScenarioError` for an unknown VM, with a suggestion.
    """
    return Reach.from_record(_reach.reach(G, a, b, scenario))
