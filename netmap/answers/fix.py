"""The answer of ``netmap fix``: the script that closes NM001, NM002 and NM005 (§7).

:func:`fix` asks :func:`netmap.analysis.fix.fix_actions` for the actions and
:func:`netmap.io.fixscripts.render_fix` for their commands. ``str(answer)`` is the script
itself; :meth:`FixScript.to_dict` the JSON shape of docs/json.md; in Jupyter, the tables
of actions and of sources that need a choice.

Examples
--------
>>> from netmap import load, example_path
>>> s = fix(load(example_path()), choose=[("VMNetwork2-Beijing", "VMNetwork2-Shanghai")])
>>> s
<FixScript: 1 table, 3 rows>
>>> [a["finding"] for a in s.to_dict()["actions"]]
['NM001', 'NM002', 'NM005']
>>> print(str(s).splitlines()[0][:32])
# netmap fix (powershell): the c
"""

from __future__ import annotations

from collections.abc import Iterable

from netmap.analysis.fix import fix_actions
from netmap.answers.answer import Answer, Table, columns
from netmap.io.fixscripts import render_fix

__all__ = ["fix", "FixScript"]


class FixScript(Answer):
    """The commands of ``netmap fix``: ``str()`` is the script, :meth:`to_dict` its JSON,
    :attr:`plan` the :class:`~netmap.analysis.fix.FixPlan` behind it."""

    title = "netmap fix"

    def __init__(self, plan, text, data):
        self.plan = plan
        self.text = text
        self.data = data

    def to_dict(self) -> dict:
        return self.data

    def tables(self) -> list[Table]:
        acts = [{"finding": a["finding"], "kind": a["kind"], "source": a["source"],
                 "target": a["target"], "reason": a["reason"]} for a in self.data["actions"]]
        needs = [{"source": n["source"], "site": n["site"],
                  "candidates": ", ".join(n["candidates"]), "reason": n["reason"]}
                 for n in self.data["needs_choice"]]
        return [
            Table("actions", acts, columns(
                "finding", "kind", "source", "target", "reason",
                finding="the finding the action closes", kind="map, cloud or none",
                source="the mapping's source network", target="the mapping's target")),
            Table("needs_choice", needs, columns(
                "source", "site", "candidates", "reason",
                site="the recovery site of its unmapped NICs",
                candidates="the candidate targets (R2)"),
                caption="Needs a choice", optional=True),
        ]

    def __str__(self) -> str:
        return self.text


def fix(G, choose: Iterable[tuple[str, str]] = (), tool: str = "powershell", ids=None,
        title: str | None = None) -> FixScript:
    """The commands that close the NM001, NM002 and NM005 findings of ``G``.

    Parameters
    ----------
    G : graph or Topology
    choose : iterable of (source, target)
        Targets picked where R2 leaves several (``--choose``).
    tool : {"powershell", "az", "terraform"}
    ids : netmap.io.sidecar.Ids, optional
        Azure ids from the import sidecar; without them, placeholders.
    title : str, optional
        What the script fixes, for its first line.
    """
    plan = fix_actions(G, choose=tuple(choose))
    text, data = render_fix(plan, tool, ids, title=title)
    return FixScript(plan, text, data)
