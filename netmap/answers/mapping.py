"""Answers about mappings: R1 (:func:`mappings`) and R2 (:func:`target_choices`).

The rules are :mod:`netmap.analysis.mapping`'s; this module shapes their rows into
answers.

Examples
--------
>>> from netmap import load, example_path
>>> G = load(example_path())
>>> mappings(G)
<Mappings: 1 table, 4 rows>
>>> print(target_choices(G, "VMNetwork1-Shanghai"), end="")
Target choices for VMNetwork1-Shanghai (no protected cloud uses this network's logical network)
(none)
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from netmap.analysis import mapping as _mapping
from netmap.answers.answer import Answer, Table, columns

__all__ = ["mappings", "target_choices", "Mappings", "TargetChoices"]


class Mappings(Answer):
    """R1: every mapping (one target per site) and every VM network without one
    (``netmap mappings``; docs/json.md)."""

    title = "Network mappings"
    columns = ["source", "source_site", "target", "target_site", "reason"]

    def __init__(self, rows: list[dict]):
        self.rows = rows

    def to_dict(self) -> dict:
        return {"mappings": self.rows}

    def tables(self) -> list[Table]:
        return [Table("mappings", self.rows, columns(*self.columns))]


class TargetChoices(Answer):
    """R2: the targets one may select for one source network (``netmap targets``)."""

    title = "Target choices"
    columns = ["target", "protected_cloud", "protecting_cloud", "available", "reason"]

    def __init__(self, source: str, choices: list[dict], reason: str | None = None):
        self.source = source
        self.choices = choices
        self.reason = reason

    def to_dict(self) -> dict:
        out = {"source": self.source, "choices": self.choices}
        if self.reason:
            out["reason"] = self.reason
        return out

    def tables(self) -> list[Table]:
        cap = f"Target choices for {self.source}"
        if self.reason:
            cap += f" ({self.reason})"
        return [Table("choices", self.choices, columns(
            *self.columns, target="a network the source may be mapped to"), cap)]


def mappings(G: nx.MultiDiGraph, *, remap: Iterable[tuple[str, str]] = (),
             unmap: Iterable[str] = ()) -> Mappings:
    """R1: every mapping, and every VM network without one (``None`` and a reason).

    Parameters
    ----------
    G
        A loaded topology.
    remap, unmap
        What-if mapping changes: ``(source, target)`` pairs, and sources to leave
        unmapped (the graph is never changed).

    Returns
    -------
    Mappings
        One row per mapping (sorted by source, then target site) and one per VM network
        with no mapping.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> m = mappings(load(example_path()), unmap=["VMNetwork1-Beijing"])
    >>> m.rows[0]["target"], m.rows[0]["reason"]
    (None, 'not mapped: its replicas join no network')
    """
    return Mappings(_mapping.mappings(G, tuple(remap), tuple(unmap)))


def target_choices(G: nx.MultiDiGraph, source: str) -> TargetChoices:
    """R2: the target networks one may select for ``source``, per protected cloud.

    Raises :class:`~netmap.errors.ScenarioError` for an unknown network.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> t = target_choices(load(example_path()), "VMNetwork1-Beijing")
    >>> [(c["target"], c["available"]) for c in t.choices if c["protected_cloud"] == "SilverCloud1"]
    [('VMNetwork1-Shanghai', True), ('VMNetwork2-Shanghai', False)]
    """
    got = _mapping.target_choices(G, source)
    return TargetChoices(got.source, got.choices, got.reason)
