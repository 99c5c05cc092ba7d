"""The plan view: one recovery plan's boot groups, its dependencies, broken ones in red (R8).

Boot groups stand as columns left to right, group 1 (boots first) leftmost; the VMs the
plan depends on but does not contain stand in a column of their own before it. Each
dependency is an arrow from a VM to the VM it depends on: red when broken in the
scenario (R8), orange and dashed when the dependency boots in the same or a later
group. Arrows that skip columns run through a lane above the boxes. A numbered list
under the columns says why each one is broken.
"""

from __future__ import annotations

import textwrap

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from netmap.analysis.connectivity import network_label
from netmap.analysis.failover import boot_order_problems, evaluate
from netmap.analysis.reasons import text_of
from netmap.errors import ScenarioError
from netmap.model.names import suggest
from netmap.model.scenario import Scenario
from netmap.model.topology import as_topology

from ._layout import (BLUE, GREEN, GREY, INK, LIGHT, ORANGE, PAD, PANEL_CAP, PURPLE,
                      PURPLE_TINT, RED, Lines, Topo, _box,
                      _centre, _clip, _column_x, _connect, _count, _draw_lines, _figure, _finish,
                      _ip_text, _lane_arrow, _legend, _legend_size, _lh, _lines_size, _more,
                      _same_col, _seg, _text, _title, _tw)

__all__ = ["draw_plan", "plan_scenario"]

PLAN_COL_CAP = 25  # VMs drawn per boot group
LABELS = ["depends on (dependency OK)", "broken dependency (R8)",
          "dependency boots too late (same or later group)", "down VM", "isolated VM",
          "unplaced replica (no host: never runs, R4)"]


def plan_scenario(G: Topo, plan: str) -> Scenario:
    """The scenario of check NM010: ``plan`` fails over with its primary site(s) down.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> plan_scenario(load(example_path()), "Plan-Gold").sites_down
    ('Beijing',)
    """
    ix = as_topology(G)
    if plan not in ix.plan:
        raise ScenarioError(f"unknown recovery plan '{plan}'"
                            + suggest(plan, ix.plan, always=True))
    sites = sorted({ix.site_of_vm(v) for g in ix.plan[plan] for v in g
                    if ix.container(v).protected})
    return Scenario(plans=(plan,), sites_down=tuple(s for s in sites if s is not None))


def draw_plan(G: Topo, plan: str, scenario: Scenario | None = None, *,
              ax: Axes | None = None) -> tuple[Figure, Axes]:
    """One recovery plan: boot groups in order, dependencies, broken ones in red (R8).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A loaded topology (:func:`netmap.load`).
    plan : str
        The recovery plan's name.
    scenario : Scenario, optional
        Default: the plan fails over with its primary site(s) down, as check NM010
        assumes (:func:`plan_scenario`).
    ax : matplotlib.axes.Axes, optional
        Draw on these axes (their figure keeps its size); by default a new figure sized
        to the diagram.

    Returns
    -------
    (Figure, Axes)
        ``ax.netmap["dependencies"]`` lists ``{vm, depends_on, broken, boot_order,
        artist}``; ``ax.netmap["vms"]`` the texts of each VM; ``broken`` the broken
        dependencies.

    Raises
    ------
    ScenarioError
        ``plan`` is not a recovery plan of ``G``.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> fig, ax = draw_plan(load(example_path()), "Plan-Gold")
    >>> [(d["vm"], d["depends_on"], d["broken"]) for d in ax.netmap["dependencies"]]
    [('VM1', 'DB1', False)]
    """
    own = ax is None
    ix = as_topology(G)
    if plan not in ix.plan:
        raise ScenarioError(f"unknown recovery plan '{plan}'"
                            + suggest(plan, ix.plan, always=True))
    sc = scenario if scenario is not None else plan_scenario(G, plan)
    view = evaluate(G, sc)
    groups = ix.plan[plan]
    members = [v for g in groups for v in g]
    in_plan = set(members)
    broken = view.broken_dependencies(vms=members)
    broken_key = {(b["vm"], b["depends_on"]): b for b in broken}
    order_bad = {(p["vm"], p["depends_on"]): p for p in boot_order_problems(G, plan)}
    outside = sorted({d for v in members for d in ix.vm[v].depends_on if d not in in_plan})

    # ---- layout
    M, COLGAP, VGAP = 0.35, 1.0, 0.18
    cols = _columns(view, groups, outside)
    col_of = {v: i for i, c in enumerate(cols) for v, _ in c["items"]}
    deps = [(v, d) for v in members for d in ix.vm[v].depends_on]
    far = [(v, d) for v, d in deps if v in col_of and d in col_of
           and abs(col_of[v] - col_of[d]) > 1]
    lane = {vd: i for i, vd in enumerate(far)}
    lanes_h = 0.1 * len(far) + (0.1 if far else 0.0)
    for c in cols:
        c["w"] = max([_lines_size(x)[0] for _, x in c["items"]] +
                     [_tw(c["title"], 9, True) + 0.1, 1.6])
    xs, right = _column_x([c["w"] for c in cols], M, COLGAP)
    top = M + 0.8
    box_top = top + 0.3 + lanes_h
    bottoms = []
    for c in cols:
        y = box_top
        for _, lines in c["items"]:
            y += _lines_size(lines)[1] + VGAP
        if c["more"] > 0:
            y += _lh() + VGAP
        bottoms.append(y)
    body_bottom = max(bottoms, default=box_top) + 0.1
    rows = ([(v, d, broken_key[(v, d)]["reason"], RED) for v, d in deps if (v, d) in broken_key]
            + [(v, d, order_bad[(v, d)]["reason"], ORANGE) for v, d in deps
               if (v, d) in order_bad and (v, d) not in broken_key])
    plines = _problem_lines(rows, len(broken), len(order_bad))
    pw, ph = _lines_size(plines)
    lw_, lh_ = _legend_size(LABELS, 3)
    W = max(right + M, pw + 2 * M, lw_ + 2 * M, 6.0)
    H = body_bottom + ph + 0.2 + lh_ + M
    fig, ax = _figure(W, H, ax)
    reg = ax.netmap
    _title(ax, M, M - 0.1, f"Recovery plan {plan}",
           f"scenario: {view.scenario.describe()} · "
           f"{_count(len(members), 'VM')} in {_count(len(groups), 'boot group')} · "
           f"{_count(len(deps), 'dependency', 'dependencies')}, {len(broken):,} broken · "
           "arrows point from a VM to the VM it depends on")
    boxes = {}
    for c, x in zip(cols, xs):
        _draw_column(ax, view, c, x, top, box_top, VGAP, boxes)
    num = {(v, d): i + 1 for i, (v, d, _w, _c) in enumerate(rows)}
    for v, d in deps:
        if v not in boxes or d not in boxes:
            continue
        is_broken = (v, d) in broken_key
        late = (v, d) in order_bad
        colour = RED if is_broken else (ORANGE if late else "#444444")
        pa, pb = boxes[v], boxes[d]
        style = dict(color=colour, lw=2.2 if is_broken else 1.3, ls="--" if late else "-",
                     z=4)
        if (v, d) in lane:
            a, (mx, my) = _lane_arrow(ax, pa, pb, top + 0.3 + 0.1 * lane[(v, d)],
                                      COLGAP, lane[(v, d)], **style)
        else:
            a = _connect(ax, pa, pb, rad=0.0, **style)
            (xa, ya), (xb, yb) = _centre(pa), _centre(pb)
            mx, my = (xa + xb) / 2, (ya + yb) / 2
            if _same_col(pa, pb):
                mx = pa.get_x() + pa.get_width() + 0.22
        reg["dependencies"].append({"vm": v, "depends_on": d, "broken": is_broken,
                                    "boot_order": late, "artist": a})
        if (v, d) in num and num[(v, d)] <= PANEL_CAP:
            _text(ax, mx, my, str(num[(v, d)]), size=7, weight="bold", color="white",
                  ha="center", z=6,
                  bbox={"boxstyle": "circle,pad=0.2", "fc": colour, "ec": "none"})
    _box(ax, M, body_bottom, pw, ph, face="white", edge=RED if rows else GREEN, lw=1.2)
    _draw_lines(ax, M, body_bottom, plines, reg)
    handles = [
        Line2D([], [], color="#444444", lw=1.3, marker=">", markersize=5, label=LABELS[0]),
        Line2D([], [], color=RED, lw=2.2, marker=">", markersize=5, label=LABELS[1]),
        Line2D([], [], color=ORANGE, lw=1.3, ls="--", label=LABELS[2]),
        Patch(facecolor="#eeeeee", edgecolor=GREY, ls="--", label=LABELS[3]),
        Patch(facecolor="#fdecea", edgecolor=RED, lw=1.6, label=LABELS[4]),
        Patch(facecolor=PURPLE_TINT, edgecolor=PURPLE, lw=1.6, ls=":", label=LABELS[5]),
    ]
    _legend(ax, handles, M, body_bottom + ph + 0.2, 3)
    reg["broken"] = broken
    return _finish(fig, ax, own=own)


def _vm_lines(view, v) -> Lines:
    """The text of VM ``v``'s box: its cloud and what becomes of it in the scenario."""
    ix = view.ix
    st = view.state(v)
    lines = [[_seg(v, weight="bold", key=("vm", v))]]
    vm = ix.vm[v]
    lines.append([_seg(vm.cloud or vm.site, size=7, color=GREY)])
    if st == "down":
        lines.append([_seg("down", size=7, weight="bold", color=GREY),
                      _seg(_clip(text_of(view.down_reason(v)) or "", 48), size=7, color=GREY)])
    elif st == "unplaced":  # R4: no host can take the replica; it never runs
        lines.append([_seg("UNPLACED", size=7, weight="bold", color=PURPLE),
                      _seg(_clip(text_of(view.placement.unplaced_reason(v)) or "", 48),
                           size=7, color=PURPLE)])
    elif view.is_isolated(v):
        lines.append([_seg("ISOLATED", size=7, weight="bold", color=RED),
                      _seg(_clip(str(view.isolation_reason(v)), 48), size=7, color=RED)])
    elif st == "replica":
        for r in view.replica_nics(v)[:3]:
            if r.network is None:
                lines.append([_seg("NIC disconnected", size=7, color=RED)])
            else:
                lines.append([_seg("→ " + network_label(r.network), size=7, color=BLUE),
                              _seg(_ip_text(r), size=7, color=GREY)])
    else:
        lines.append([_seg("primary, running at " + (ix.site_of_vm(v) or "?"),
                           size=7, color=GREEN)])
    return lines


def _columns(view, groups, outside):
    """The columns: dependencies outside the plan (they must already run), then each
    boot group; at most :data:`PLAN_COL_CAP` VMs each."""
    cols = []
    if outside:
        names = outside[:PLAN_COL_CAP]
        cols.append({"title": "Not in this plan",
                     "items": [(v, _vm_lines(view, v)) for v in names],
                     "more": len(outside) - len(names), "outside": True})
    for i, g in enumerate(groups):
        title = f"Group {i + 1}" + (" (boots first)" if i == 0 else "")
        names = g[:PLAN_COL_CAP]
        items = [(v, _vm_lines(view, v)) for v in names]
        cols.append({"title": title, "items": items, "more": len(g) - len(names)})
    return cols


def _draw_column(ax, view, c, x, top, box_top, vgap, boxes) -> None:
    """Draw column ``c`` at ``x``: its title and a box per VM (recorded in ``boxes``)."""
    _text(ax, x, top + 0.1, c["title"], size=9, weight="bold",
          color=GREY if c.get("outside") else INK)
    y = box_top
    for v, lines in c["items"]:
        _, h = _lines_size(lines)
        st = view.state(v)
        if st == "down":
            p = _box(ax, x, y, c["w"], h, face="#eeeeee", edge=GREY, ls="--")
        elif st == "unplaced":
            p = _box(ax, x, y, c["w"], h, face=PURPLE_TINT, edge=PURPLE, lw=1.6, ls=":")
        elif view.is_isolated(v):
            p = _box(ax, x, y, c["w"], h, face="#fdecea", edge=RED, lw=1.6)
        else:
            p = _box(ax, x, y, c["w"], h, face=LIGHT if c.get("outside") else "white",
                     edge=INK)
        boxes[v] = p
        _draw_lines(ax, x, y, lines, ax.netmap)
        y += h + vgap
    if c["more"] > 0:
        _text(ax, x + PAD, y + _lh() / 2, _more(c["more"], "VMs"), size=7, color=GREY)


def _problem_lines(rows, n_broken, n_order) -> Lines:
    """The numbered list of broken dependencies and boot-order problems, and why."""
    plines = [[_seg(f"Broken dependencies ({n_broken:,}) and boot-order problems "
                    f"({n_order:,})", weight="bold", color=RED if rows else GREEN)]]
    for i, (v, d, why, col) in enumerate(rows[:PANEL_CAP]):
        parts = textwrap.wrap(why, 90)[:3]
        plines.append([_seg(f"{i + 1}", weight="bold", color=col),
                       _seg(f"{v} → {d}", weight="bold", color=col),
                       _seg(parts[0] if parts else "", size=7, color="#555555")])
        for part in parts[1:]:
            plines.append([_seg("      " + part, size=7, color="#555555")])
    if len(rows) > PANEL_CAP:
        plines.append([_seg(_more(len(rows) - PANEL_CAP, "problems"), size=7, color=GREY)])
    if not rows:
        plines.append([_seg("none: every dependency is up and reachable", size=7,
                            color=GREEN)])
    return plines
