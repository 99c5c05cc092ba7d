"""The answer of ``netmap check`` (docs/checks.md): is this topology ready to fail over?

The rules are :mod:`netmap.analysis.checks`'; this module shapes the findings into
:class:`Findings`, whose text is 100 columns wide (long messages wrap).

Examples
--------
>>> from netmap import load, example_path
>>> r = check(load(example_path()))
>>> r.to_dict()["summary"], r.errors
({'error': 1, 'warning': 2}, 1)
>>> r.table("findings").rows[0]["code"]
'NM001'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import networkx as nx

from netmap._runtime.gc import paused
from netmap.analysis.checks import Analysis, run_checks
from netmap.answers.answer import Answer, Table, columns
from netmap.model.scenario import Scenario

__all__ = ["check", "Findings"]


class Findings(Answer):
    """The answer of ``netmap check`` (docs/json.md, ``check``): ``findings`` and ``summary``."""

    title = "Readiness checks"
    columns = ["code", "severity", "object", "message"]
    text_width = 100

    def __init__(self, findings: list[dict]):
        self.findings = findings

    @property
    def summary(self) -> dict[str, int]:
        """How many findings of each severity: ``{"error": n, "warning": n}``."""
        s = {"error": 0, "warning": 0}
        for f in self.findings:
            s[f["severity"]] += 1
        return s

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return self.summary["error"]

    def to_dict(self) -> dict:
        return {"findings": self.findings, "summary": self.summary}

    def tables(self) -> list[Table]:
        s = self.summary
        cap = f"Readiness checks: {s['error']} error(s), {s['warning']} warning(s)"
        return [Table("findings", self.findings, columns(*self.columns), cap)]


def check(G: nx.MultiDiGraph, scenario: Scenario | None = None, *, ignore: Iterable[str] = (),
          track: Callable | None = None) -> Findings:
    """Readiness checks (docs/checks.md): every readiness finding of ``G``.

    Parameters
    ----------
    G
        A loaded topology.
    scenario
        Its what-if mapping changes apply to every check; its test network is checked
        for isolation (NM015).
    ignore
        Finding codes to leave out (any case; an unknown code raises
        :class:`~netmap.errors.ScenarioError`).
    track
        A progress function (see :mod:`netmap._runtime.progress`).

    Returns
    -------
    Findings
        The findings sorted by code, object and message, and how many are errors.
    """
    with paused():  # millions of small acyclic objects: see netmap._runtime.gc
        return Findings(run_checks(Analysis(G, scenario, track=track), ignore))
