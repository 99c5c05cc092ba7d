"""The path view: the route from one VM to another in a scenario, or why there is none.

The route is the one :func:`netmap.analysis.reach.reach` finds: the first VM, each
network crossed, the second VM, in rows of five boxes joined by arrows labelled with
the hop (``nic``, ``link``, ``peering`` or ``gateway``, dashed). When ``b`` cannot be
reached but a route exists that loses the traffic (address overlap across a join, a
second peering: R5), that route is drawn and the join where it is lost is a dotted red
line with a cross (``ax.netmap["blocked_at"]``); with no route at all the two VMs are
joined by such a line. The reason is written below.
"""

from __future__ import annotations

import textwrap

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from netmap.analysis.connectivity import network_label
from netmap.analysis.failover import evaluate
from netmap.analysis.reach import reach
from netmap.analysis.reasons import text_of
from netmap.model.scenario import Scenario

from ._layout import (BLUE, GREEN, GREY, GROUP_COLOURS, INK, PEERING, RED, Lines, Topo, _arrow,
                      _box, _centre, _draw_lines, _figure, _finish, _lines_size, _seg, _text,
                      _tint, _title)

__all__ = ["draw_path"]

PER_ROW = 5  # boxes per row
HOP_COLOURS = {"gateway": BLUE, "link": "#555555", "peering": PEERING}  # else (a NIC): green


def draw_path(G: Topo, a: str, b: str, scenario: Scenario | None = None, *,
              ax: Axes | None = None) -> tuple[Figure, Axes]:
    """The route from VM ``a`` to VM ``b`` that :func:`netmap.analysis.reach.reach` found.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A loaded topology (:func:`netmap.load`).
    a, b : str
        The two VMs.
    scenario : Scenario, optional
        Default: nothing fails over.
    ax : matplotlib.axes.Axes, optional
        Draw on these axes (their figure keeps its size); by default a new figure sized
        to the diagram.

    Returns
    -------
    (Figure, Axes)
        ``ax.netmap["hops"]`` lists ``(hop, arrow)`` along the route (empty when not
        reachable), ``ax.netmap["reach"]`` is the :func:`~netmap.analysis.reach.reach`
        answer, ``networks`` and ``vms`` the boxes' artists.

    Raises
    ------
    ScenarioError
        ``a`` or ``b`` is not a VM of ``G``.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> fig, ax = draw_path(load(example_path()), "VM1", "MON-SH")
    >>> ax.netmap["reach"].reachable, ax.netmap["hops"]
    (False, [])
    """
    own = ax is None
    sc = scenario or Scenario()
    r = reach(G, a, b, sc)
    view = evaluate(G, sc)
    M = 0.35
    top = M + 0.85
    route = r.path if r.reachable else r.attempt
    blocked = None  # the hop where the route tried loses the traffic
    if route:
        nodes = [("vm", route[0])] + [("net", n) for n in route[1:-1]] + \
                [("vm", route[-1])]
        hops = r.hops if r.reachable else r.attempt_hops
        for i in range(1, len(route) - 2):
            if " -- ".join(sorted(route[i:i + 2])) == r.blocked_at:
                blocked = i
    else:
        nodes = [("vm", a), ("vm", b)]
        hops = [None]
    items = [(k, n, _vm_lines(view, n) if k == "vm" else _net_lines(view.ix, n))
             for k, n in nodes]
    GAPX, GAPY = 1.1, 0.5
    rows = [items[i:i + PER_ROW] for i in range(0, len(items), PER_ROW)]
    colw = max(_lines_size(x)[0] for _, _, x in items)
    rowh = [max(_lines_size(x)[1] for _, _, x in row) for row in rows]
    why_lines = []
    if not r.reachable:
        for part in textwrap.wrap("why: " + (text_of(r.reason) or ""), 110):
            why_lines.append([_seg(part, size=8.5, color=RED)])
    ww, wh = _lines_size(why_lines) if why_lines else (0, 0)
    W = max(M * 2 + min(len(items), PER_ROW) * (colw + GAPX) - GAPX, ww + 2 * M, 6.0)
    H = top + sum(rowh) + GAPY * (len(rows) - 1) + 0.3 + wh + 0.55 + M
    fig, ax = _figure(W, H, ax)
    reg = ax.netmap
    verdict = "reachable" if r.reachable else "NOT reachable"
    _title(ax, M, M - 0.1, f"Path {a} → {b}: {verdict}",
           f"{view.scenario.describe()}" + (f" · {len(r.path) - 2} network(s) crossed"
                                             if r.reachable else ""))
    boxes, y = _draw_rows(ax, view, rows, rowh, colw, M, top, GAPX, GAPY)
    reg["hops"] = []
    reg["blocked_at"] = r.blocked_at
    for i, hop in enumerate(hops):
        pa, pb = boxes[i], boxes[i + 1]
        (xa, ya), (xb, yb) = _centre(pa), _centre(pb)
        if route and i != blocked:
            col = HOP_COLOURS.get(hop, GREEN)
            ar = _arrow(ax, _centre(pa), _centre(pb), pa, pb, color=col, lw=1.8,
                        ls="--" if hop == "gateway" else "-")
            _text(ax, (xa + xb) / 2, min(ya, yb) - 0.12, hop, size=7.5, color=col,
                  ha="center", weight="bold")
            if r.reachable:
                reg["hops"].append((hop, ar))
        else:
            _arrow(ax, _centre(pa), _centre(pb), pa, pb, color=RED, lw=1.5, ls=":",
                   head=False)
            _text(ax, (xa + xb) / 2, (ya + yb) / 2, "✕", size=20, color=RED, ha="center",
                  weight="bold", z=6)
            if blocked is not None:
                _text(ax, (xa + xb) / 2, min(ya, yb) - 0.12, f"{hop}: lost",
                      size=7.5, color=RED, ha="center", weight="bold")
    if why_lines:
        _draw_lines(ax, M, y - GAPY + 0.2, why_lines, reg)
    reg["reach"] = r
    return _finish(fig, ax, own=own)


def _vm_lines(view, v) -> Lines:
    """The text of VM ``v``'s box: where it runs and its NICs' networks."""
    ix = view.ix
    st = view.state(v)
    site = view.target_site(v) if st in ("replica", "unplaced") else ix.site_of_vm(v)
    lines = [[_seg(v, size=10, weight="bold", key=("vm", v))]]
    desc = {"replica": "replica", "primary": "primary", "down": "down",
            "unplaced": "unplaced (no host: never runs)"}[st]
    lines.append([_seg(f"{desc} at {site}", size=7, color=GREY)])
    for n, ok in view.nic_networks(v)[:4]:
        if n is None:
            lines.append([_seg("NIC disconnected", size=7, color=RED)])
        else:
            lines.append([_seg(network_label(n), size=7, color=INK if ok else GREY),
                          _seg("" if ok else "(no traffic)", size=7, color=GREY)])
    return lines


def _net_lines(ix, n) -> Lines:
    """The text of network ``n``'s box (a name, or ``plan:P`` for a plan network)."""
    lines = [[_seg(n, weight="bold", key=("net", n))]]
    if n in ix.net:
        net = ix.net[n]
        kind = "Azure network" if net.is_azure else "VM network"
        lines.append([_seg(f"{kind} · {net.site}", size=7, color=GREY)])
    else:
        lines.append([_seg("recovery-plan network (R6)", size=7, color=GREY)])
    return lines


def _draw_rows(ax, view, rows, rowh, colw, m, top, gapx, gapy):
    """Draw the boxes row by row; return them in route order and the y below the last."""
    reg = ax.netmap
    boxes = []
    y = top
    for ri, row in enumerate(rows):
        x = m
        for k, n, lines in row:
            h = rowh[ri]
            if k == "vm":
                st = view.state(n)
                edge = GREY if st in ("down", "unplaced") else (
                    RED if view.is_isolated(n) else INK)
                p = _box(ax, x, y, colw, h, face="#fff8e1", edge=edge, lw=1.5)
            else:
                col = GROUP_COLOURS[0]
                p = _box(ax, x, y, colw, h, face=_tint(col), edge=col, lw=1.5)
                reg["networks"][n] = p
            _draw_lines(ax, x, y, lines, reg)
            boxes.append(p)
            x += colw + gapx
        y += rowh[ri] + gapy
    return boxes, y
