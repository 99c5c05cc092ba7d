"""Answers: what every question returns.

An :class:`Answer` is a small read-only record of an answer, held as named tables of rows,
each column with a description (as pybatfish's answer tables carry column metadata). It
knows its JSON shape (:meth:`Answer.to_dict`, the shapes of docs/json.md), prints as aligned
text tables (``str(answer)``), renders as HTML tables in Jupyter (``_repr_html_``) and
gives any table by name as a pandas DataFrame when pandas is installed
(:meth:`Answer.frame`). Tables are drawn by :mod:`netmap.answers.render`.

Examples
--------
>>> a = Answer.of("demo", [{"vm": "x", "size": None}], ["vm", "size"])
>>> print(a, end="")
vm  size
--  ----
x   -
>>> a.table("demo").columns
(Column(name='vm', description='the VM'), Column(name='size', description=''))
>>> "<td>x</td>" in a._repr_html_()
True
>>> a
<Answer: 1 table, 1 rows>
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netmap.io.jsontext import dumps  # the one JSON writer

from netmap.answers.render import html_table, text_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["Answer", "Column", "Table", "columns", "dumps"]


@dataclass(frozen=True)
class Column:
    """One column of a table: the key of its rows, and what it holds in words."""

    name: str
    description: str = ""


#: what the columns that answers share hold, in words (the default descriptions)
DESCRIPTIONS = {
    "vm": "the VM",
    "nic": "the NIC's index on its VM (0 is the first)",
    "network": "the network the NIC is on",
    "subnet": "the subnet the NIC is in",
    "ip": "the NIC's address",
    "reason": "why, in words (empty when nothing is wrong)",
    "source": "the source network (a VM network or an Azure network)",
    "source_site": "the site of the source network",
    "target": "the network the source is mapped to (R1)",
    "target_site": "the site of the target network",
    "protected_cloud": "the cloud whose VMs are protected",
    "protecting_cloud": "where the replicas run: the protecting cloud or the Azure site",
    "available": "whether the target may be selected for this protected cloud (R2)",
    "host": "the host the replica is placed on (R4)",
    "candidates": "the hosts that reach every network the replica needs",
    "from": "the network of the primary NIC",
    "retained": "whether the replica keeps the primary's address (R3)",
    "group": "a set of connected networks: its VMs can reach each other (R5)",
    "networks": "the networks of the group",
    "vms": "the VMs",
    "depends_on": "the VM it depends on (R8)",
    "plan": "the recovery plan",
    "isolated": "whether the test network is isolated (R9)",
    "step": "the position on the path (0 is the first VM)",
    "node": "a VM or a network on the path",
    "via": "how the network was entered: nic, link, peering or gateway",
    "blocked": "where the route tried loses the traffic (the join into this network)",
    "join": "two joined networks, A -- B (names sorted)",
    "join_kind": "link (routed), peering or gateway",
    "joined_groups": "the groups (components of routed links and gateways) the join touches",
    "overlapping_prefixes": "subnet prefixes of A / of B that share addresses",
    "effect": "what the join does to traffic (R5)",
    "replica_network": "the network the replica's NIC is on",
    "replica_subnet": "the subnet the replica's NIC is in",
    "returns": "whether the NIC returns to its network and subnet (R7)",
    "change": "what changed",
    "old_target": "the target in the old topology",
    "new_target": "the target in the new topology",
    "old_network": "the replica NIC's network in the old topology",
    "new_network": "the replica NIC's network in the new topology",
    "old_subnet": "the replica NIC's subnet in the old topology",
    "new_subnet": "the replica NIC's subnet in the new topology",
    "old_ip": "the replica NIC's address in the old topology",
    "new_ip": "the replica NIC's address in the new topology",
    "old_host": "the replica's host in the old topology",
    "new_host": "the replica's host in the new topology",
    "new_reason": "why, in the new topology",
    "old": "the VM's state in the old topology",
    "new": "the VM's state in the new topology",
    "a": "the first VM of the pair",
    "b": "the second VM of the pair",
    "code": "the finding's code (NM001 ...)",
    "severity": "error or warning",
    "object": "what the finding is about: a VM, NIC, network, mapping, cloud or plan",
    "message": "the finding, in words",
}


def columns(*names: str, **descriptions: str) -> tuple[Column, ...]:
    """Columns by name, described from :data:`DESCRIPTIONS` unless given here.

    >>> [c.description for c in columns("vm", "x", x="a thing")]
    ['the VM', 'a thing']
    """
    return tuple(Column(n, descriptions.get(n, DESCRIPTIONS.get(n, ""))) for n in names)


@dataclass(frozen=True)
class Table:
    """One named table of an answer.

    ``name`` is how :meth:`Answer.frame` finds it; ``caption`` is what text and HTML show
    above it; ``rows`` are dicts keyed by column name. A table with ``optional`` set is
    left out of text and HTML when it has no rows (it is still there by name).
    """

    name: str
    rows: Sequence[Mapping[str, Any]]
    columns: tuple[Column, ...]
    caption: str | None = None
    optional: bool = field(default=False, compare=False)

    @property
    def column_names(self) -> list[str]:
        """The columns' names, in order."""
        return [c.name for c in self.columns]

    @property
    def shown(self) -> bool:
        """Whether text and HTML show this table."""
        return bool(self.rows) or not self.optional


class Answer:
    """Base class of answers. Subclasses define :meth:`to_dict` and :meth:`tables`.

    ``text_width`` is the widest ``str(answer)`` may be (long cells wrap); ``None``: no
    limit, every column as wide as its widest cell.
    """

    title = "answer"
    text_width: int | None = None

    def to_dict(self) -> dict:  # pragma: no cover - abstract
        """The answer as the JSON shape of docs/json.md."""
        raise NotImplementedError

    def tables(self) -> list[Table]:  # pragma: no cover - abstract
        """The answer's tables, in order, every one (also the empty optional ones)."""
        raise NotImplementedError

    @classmethod
    def of(cls, name: str, rows: Sequence[Mapping[str, Any]], names: Sequence[str], *,
           caption: str | None = None) -> Answer:
        """An answer that is one table ``name`` of ``rows`` on the columns ``names``;
        its JSON is ``{name: rows}``."""
        return _OneTable(Table(name, rows, columns(*names), caption))

    def table(self, name: str) -> Table:
        """The table ``name``; raises :class:`KeyError` naming the tables there are."""
        for t in self.tables():
            if t.name == name:
                return t
        names = ", ".join(t.name for t in self.tables())
        raise KeyError(f"{type(self).__name__} has no table '{name}' (it has: {names})")

    def _shown(self) -> list[Table]:
        return [t for t in self.tables() if t.shown]

    def to_json(self) -> str:
        """The JSON text of :meth:`to_dict` (see :func:`dumps`)."""
        return dumps(self.to_dict())

    def __str__(self) -> str:
        parts = []
        for t in self._shown():
            if t.caption:
                parts.append(t.caption)
            parts.append(text_table(t.rows, t.column_names, width=self.text_width)
                         if t.rows else "(none)")
            parts.append("")
        return "\n".join(parts).rstrip() + "\n"

    def __repr__(self) -> str:
        """A short, stable description (no memory address: notebooks stay diffable)."""
        sizes = [len(t.rows) for t in self._shown()]
        tables = f"{len(sizes)} tables" if len(sizes) != 1 else "1 table"
        return f"<{type(self).__name__}: {tables}, {sum(sizes)} rows>"

    def _repr_html_(self) -> str:
        return "".join(html_table(t.rows, t.column_names, caption=t.caption, css_class="netmap")
                       for t in self._shown())

    def frame(self, name: str | None = None) -> pandas.DataFrame:
        """The table ``name`` (default: the first) as a pandas DataFrame (needs pandas).

        Its columns are the table's, in order; each column's description is in the
        frame's ``attrs["descriptions"]``.
        """
        t = self.tables()[0] if name is None else self.table(name)
        return _frame(t)

    def to_frame(self, table: int = 0) -> pandas.DataFrame:
        """The ``table``-th table shown as a pandas DataFrame (see :meth:`frame`)."""
        return _frame(self._shown()[table])


def _frame(t: Table) -> pandas.DataFrame:
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("frame() needs pandas: pip install pandas") from e
    names = t.column_names
    df = pd.DataFrame([{c: r.get(c) for c in names} for r in t.rows], columns=names)
    df.attrs["descriptions"] = {c.name: c.description for c in t.columns}
    return df


class _OneTable(Answer):
    def __init__(self, table: Table):
        self._table = table
        self.title = table.name

    def __repr__(self) -> str:
        return f"<Answer: 1 table, {len(self._table.rows)} rows>"

    def to_dict(self) -> dict:
        return {self._table.name: list(self._table.rows)}

    def tables(self) -> list[Table]:
        return [self._table]
