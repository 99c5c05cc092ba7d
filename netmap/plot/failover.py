"""The failover view: one scenario, its groups in colour, replicas where they land (R5, R6, R9).

Sites stand as columns as in the topology view. Each group (networks joined by links
and gateways, with their running VMs) has its own colour; a replica is drawn on the
network it lands on with its IP (orange when reassigned), a primary that still runs on
its own network. Networks of a down site are hatched. A replica no host can take (R4:
*unplaced*) never runs: it is listed in a dotted purple box of its recovery site's column,
and marked on its primary's network. Below the columns, panels list the isolated VMs, the
down VMs, the unplaced replicas, the broken dependencies (R8) and, for a drill, its
test-network mode (``none``, ``auto`` or a named network) and whether it is isolated; the
copies ``TARGET-test`` that ``auto`` creates are drawn (dash-dotted) in the column of the
site of the network they copy. Above :data:`._layout.NET_CAP` networks only the
networks the failover touches and their groups are drawn.
"""

from __future__ import annotations

from collections import defaultdict

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from netmap.analysis.connectivity import network_label
from netmap.analysis.failover import evaluate
from netmap.analysis.reasons import text_of
from netmap.model.records import PlanNetwork, TestCopy
from netmap.model.scenario import Scenario

from ._layout import (BLUE, BOX_VM_CAP, COL_CAP, GREEN, GREY, GROUP_COLOURS, INK, NET_CAP, ORANGE,
                      OTHER_GROUPS, PAD, PEERING, PURPLE, PURPLE_TINT, RED, Lines, Topo, _box,
                      _clip, _column_x, _count,
                      _draw_foot, _draw_joins, _draw_lines, _draw_panels, _draw_site_header,
                      _figure, _finish, _ip_text, _legend, _legend_size, _lh, _lines_size, _more,
                      _one_vnet,
                      _names, _order_columns, _panel, _place_panels, _seg, _site_header, _sites,
                      _tint, _title)

__all__ = ["draw_failover"]

BASE_LABELS = ["replica (its IP; orange: reassigned)", "running primary", "down",
               "link", "gateway (to every VM network of the site)", "site down",
               "peering (not transitive)", "join between overlapping prefixes (NM017)"]
UNPLACED_LABEL = "unplaced replica (no host can take it: it never runs, R4)"



def draw_failover(G: Topo, scenario: Scenario | None = None, *,
                  ax: Axes | None = None) -> tuple[Figure, Axes]:
    """One scenario: groups in colour, replicas where they land, isolated and down VMs.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A loaded topology (:func:`netmap.load`).
    scenario : Scenario, optional
        What fails over (default: nothing, the topology as it runs today).
    ax : matplotlib.axes.Axes, optional
        Draw on these axes (their figure keeps its size); by default a new figure sized
        to the diagram.

    Returns
    -------
    (Figure, Axes)
        ``ax.netmap`` holds the artists and what they show: ``networks``, ``vms``,
        ``groups`` (group name -> colour), ``links``, ``gateways``, ``isolated``,
        ``down``, ``unplaced`` (and ``unplaced_boxes``, site -> patch), ``broken``,
        ``omitted``.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> from netmap.model.scenario import Scenario
    >>> sc = Scenario(plans=("Plan-Silver",), sites_down=("Beijing",))
    >>> fig, ax = draw_failover(load(example_path()), sc)
    >>> ax.netmap["isolated"], sorted(ax.netmap["down"])
    (['APP2'], ['DB1', 'VM1'])
    """
    own = ax is None
    view = evaluate(G, scenario or Scenario())
    ix, sc = view.ix, view.scenario
    sites, hidden_sites = _sites(ix)
    F = view.F
    groups = view.groups()
    d = _Drawing(view, groups)
    plan_nets = sorted((k for k in d.replicas_on if isinstance(k, (PlanNetwork, TestCopy))),
                       key=network_label)
    relevant = _relevant_networks(view, d.replicas_on)
    nets_by_site = defaultdict(list)
    for n in relevant:
        nets_by_site[ix.net[n].site].append(n)
    order = _order_columns(ix, sites, nets_by_site, view.mapping)
    shown, omitted = _cut_columns(ix, sites, order, d.replicas_on)
    n_omitted = sum(len(v) for v in omitted.values()) + len(set(ix.net) - relevant)

    # the panels below the columns
    isolated = sorted(v for v in ix.vm if view.is_isolated(v))
    down = sorted(v for v in ix.vm if view.state(v) == "down")
    unplaced = list(view.unplaced)
    broken = view.broken_dependencies()
    panels = _panels(view, isolated, down, broken, unplaced)

    # ---- layout
    M, COLGAP, VGAP = 0.35, 1.1, 0.14
    cols = [d.column(s, shown[s], omitted[s], plan_nets, isolated, unplaced) for s in sites]
    placed_plan = {k for c in cols for k, _ in c["items"]}
    extra_plan = [k for k in plan_nets if k not in placed_plan]
    if extra_plan and cols:  # R6 networks of plans whose target site is not drawn
        c = cols[-1]
        c["items"] += [(k, d.net_lines(k)) for k in extra_plan]
        c["w"] = max(c["w"], max(_lines_size(x)[0] for _, x in c["items"]))
    xs, right = _column_x([c["w"] for c in cols], M, COLGAP)
    top = M + 0.75
    bottoms = []
    for c in cols:
        y = top + _lines_size(c["header"])[1] + 0.2
        for _, lines in c["items"]:
            y += _lines_size(lines)[1] + VGAP
        if c["more"]:
            y += _lh() + VGAP
        bottoms.append(y)
    body_bottom = max(bottoms, default=top) + 0.15
    width_limit, panel_pos, panels_bottom = _place_panels(panels, right, M, body_bottom)
    glabels = []
    for comp, vms in d.gorder[:8]:
        nm = network_label(comp)
        glabels.append(f"group {d.gnum[comp]}: {_clip(nm, 28)} ({_count(len(vms), 'VM')})")
    if len(d.gorder) > 8:
        glabels.append(_more(len(d.gorder) - 8, "groups"))
    ncol = 4
    lw_, lh_ = _legend_size(glabels + BASE_LABELS + ([UNPLACED_LABEL] if unplaced else []),
                            ncol)
    foot = []
    if hidden_sites:
        foot.append(_more(len(hidden_sites), "sites") + ": " + _names(hidden_sites, 6))
    if n_omitted:
        foot.append(f"{_count(n_omitted, 'network')} not drawn: only networks the failover "
                    "touches and their groups are shown")
    W = max(right + M, width_limit + 2 * M, lw_ + 2 * M)
    H = panels_bottom + lh_ + 0.2 + len(foot) * 0.2 + M
    fig, ax = _figure(W, H, ax)
    reg = ax.netmap
    title = "Failover: " + sc.describe()
    n_rep = sum(1 for v in view.failed_over if view.state(v) == "replica")
    sub = (f"{_count(n_rep, 'VM')} fail over · "
           f"{_count(sum(1 for c, vms in groups if any(v in F for v in vms)), 'group')} "
           f"with failed-over VMs · {len(isolated):,} isolated · {len(down):,} down · "
           f"{len(unplaced):,} unplaced · "
           f"{_count(len(broken), 'broken dependency', 'broken dependencies')}")
    if ix.name:
        sub = ix.name + " — " + sub
    _title(ax, M, M - 0.1, title, sub)

    boxes = {}
    for c, x in zip(cols, xs):
        d.draw_column(ax, c, x, top, VGAP, boxes)
    for comp, _vms in d.gorder:
        reg["groups"][network_label(comp)] = d.gcolour[comp]
    _draw_joins(ax, ix, boxes, view.net.is_up, view.down_sites)
    _draw_panels(ax, panels, panel_pos)
    _legend(ax, _legend_handles(d, glabels, reg, bool(down), bool(view.down_sites),
                                bool(unplaced)), M, panels_bottom, ncol)
    _draw_foot(ax, M, panels_bottom + lh_ + 0.15, foot)
    reg["omitted"] = {"networks": n_omitted, "sites": len(hidden_sites)}
    reg["isolated"] = isolated
    reg["down"] = down
    reg["unplaced"] = unplaced
    reg["broken"] = broken
    return _finish(fig, ax, own=own)


# -------------------------------------------------------------------------- what to draw

def _group_colours(view, groups):
    """Component -> colour: groups with failed-over VMs first, then the others."""
    F = view.F
    order = sorted(groups, key=lambda cv: (not any(v in F for v in cv[1]),
                                           network_label(cv[0])))
    colours = {}
    for i, (comp, _vms) in enumerate(order):
        colours[comp] = GROUP_COLOURS[i] if i < len(GROUP_COLOURS) else OTHER_GROUPS
    return order, colours


def _relevant_networks(view, replicas_on) -> set[str]:
    """Every network, or above :data:`NET_CAP` those the failover touches and their groups."""
    ix, sc = view.ix, view.scenario
    relevant = set(ix.net)
    if len(ix.net) > NET_CAP:
        relevant = {k for k in replicas_on if isinstance(k, str)}
        for v in view.failed_over:
            relevant.update(n.network for n in ix.vm[v].nics)
        if sc.test_mode == "network":
            relevant.add(sc.test_network)
        for k in list(relevant):
            comp = view.net.component(k)
            if comp is not None:
                relevant.update(view.net.members(comp)[:COL_CAP])
    return relevant


def _cut_columns(ix, sites, order, replicas_on):
    """``(shown, omitted)`` per site: above :data:`NET_CAP` networks, a column keeps
    :data:`COL_CAP`, networks where replicas land first."""
    shown, omitted = {}, {}
    for s in sites:
        names = order[s]
        if len(names) > COL_CAP and len(ix.net) > NET_CAP:
            keep = set(sorted(names, key=lambda n: (0 if n in replicas_on else 1, n))[:COL_CAP])
            shown[s] = [n for n in names if n in keep]
            omitted[s] = [n for n in names if n not in keep]
        else:
            shown[s], omitted[s] = names, []
    return shown, omitted


# -------------------------------------------------------------------------- boxes


class _Drawing:
    """What the boxes of one failover view need: the view, replicas, group colours."""

    def __init__(self, view, groups):
        self.view, self.ix, self.sc = view, view.ix, view.scenario
        self.gorder, self.gcolour = _group_colours(view, groups)
        self.gnum = {c: i + 1 for i, (c, _) in enumerate(self.gorder)}
        # who is on which network in this scenario: network key -> [(vm, ReplicaNic)]
        self.replicas_on = defaultdict(list)
        for v in view.failed_over:
            if view.state(v) != "replica":
                continue
            for r in view.replica_nics(v):
                if r.network is not None:
                    self.replicas_on[r.network].append((v, r))

    def vm_lines(self, key) -> Lines:
        """Lines for the VMs on network ``key``: replicas, running primaries, others."""
        view, ix, sc = self.view, self.ix, self.sc
        lines = []
        for v, r in sorted(self.replicas_on.get(key, ()), key=lambda x: (x[0], x[1].index)):
            comp = view.net.component(key)
            col = self.gcolour.get(comp, INK) if view.net.is_up(key) else GREY
            segs = [_seg("★", color=col), _seg(v, weight="bold", key=("vm", v))]
            if len(ix.vm[v].nics) > 1:
                segs.append(_seg(f"NIC {r.index}", size=7, color=GREY))
            ip = _ip_text(r)
            if ip:
                segs.append(_seg(ip, size=7, color=ORANGE if r.ip_retained is False
                                 else GREY))
            if _one_vnet(r):
                segs.append(_seg("one VNet (NM016)", size=7, color=ORANGE))
            lines.append(segs)
        if isinstance(key, str):
            seen = set()
            for nic in ix.nics_on.get(key, ()):
                v = nic.vm
                if v in seen:
                    continue
                seen.add(v)
                st = view.state(v)
                if st == "unplaced":
                    lines.append([_seg("⊘", color=PURPLE), _seg(v, color=PURPLE, key=("vm", v)),
                                  _seg("unplaced: no replica runs", size=7, color=PURPLE)])
                elif v in view.F and not sc.is_test and st != "down":
                    lines.append([_seg("↷", color=GREY), _seg(v, color=GREY, style="italic"),
                                  _seg("failed over", size=7, color=GREY)])
                elif st == "down":
                    lines.append([_seg("✕", color=GREY), _seg(v, color=GREY, key=("vm", v)),
                                  _seg("down", size=7, color=GREY)])
                else:
                    comp = view.net.component(key)
                    col = self.gcolour.get(comp, INK) if comp is not None else GREY
                    segs = [_seg("●", color=col), _seg(v, key=("vm", v))]
                    if nic.ip:
                        segs.append(_seg(nic.ip, size=7, color=GREY))
                    lines.append(segs)
        if len(lines) > BOX_VM_CAP:
            extra = len(lines) - BOX_VM_CAP + 1
            lines = lines[: BOX_VM_CAP - 1] + [[_seg(_more(extra, "VMs"), size=7,
                                                      color=GREY)]]
        return lines

    def net_lines(self, key) -> Lines:
        """The text of network ``key``'s box: its group, test network, gateways, VMs."""
        view, ix, sc = self.view, self.ix, self.sc
        label = network_label(key)
        lines = [[_seg(label, weight="bold", key=("net", label))]]
        if isinstance(key, PlanNetwork):
            lines.append([_seg(f"network of recovery plan {key.plan} (R6)", size=7,
                               color=GREY)])
        if isinstance(key, TestCopy):
            lines.append([_seg(f"copy of {key.network} that Site Recovery creates",
                               size=7, color=GREY)])
        if not view.net.is_up(key):
            lines.append([_seg("site down: carries no traffic", size=7, color=GREY)])
        else:
            comp = view.net.component(key)
            if comp in self.gnum:
                lines.append([_seg(f"group {self.gnum[comp]}", size=7, weight="bold",
                                   color=self.gcolour[comp])])
            else:
                lines.append([_seg("no running VMs", size=7, color=GREY)])
        if _is_test_network(sc, key):
            lines.append([_seg("TEST NETWORK (drill)", size=7, weight="bold", color=BLUE)])
        if isinstance(key, str) and ix.net[key].gateway_sites:
            gs = [g + (" (down)" if g in view.down_sites else "")
                  for g in ix.net[key].gateway_sites]
            lines.append([_seg("gateway to " + _names(gs, 3), size=7, color=BLUE)])
        return lines + self.vm_lines(key)

    def column(self, s, shown, omitted, plan_nets, isolated, unplaced=()):
        """Site ``s``'s column: header, network boxes, isolated and unplaced replicas,
        width."""
        view, ix = self.view, self.ix
        is_down = s in view.down_sites
        header = _site_header(ix, s, down=is_down)
        keys = list(shown)
        if ix.site_platform.get(s) == "azure":
            keys += [k for k in plan_nets if isinstance(k, PlanNetwork) and any(
                view.target_site(v) == s for v, _ in self.replicas_on[k])]
        keys += [k for k in plan_nets if isinstance(k, TestCopy)
                 and ix.net[k.network].site == s]
        items = [(k, self.net_lines(k)) for k in keys]
        widths = [_lines_size(x)[0] for x in [header] + [i[1] for i in items]]
        more = [[_seg(_more(len(omitted), "networks"), size=7.5, color=GREY)]] \
            if omitted else None
        lost = [v for v in isolated if view.state(v) == "replica" and view.target_site(v) == s]
        if lost:
            iso_lines = [[_seg("Isolated replicas", weight="bold", color=RED)],
                         [_seg("running, but no NIC on a network", size=7, color=RED)]]
            for v in lost[:BOX_VM_CAP]:
                iso_lines.append([_seg("★", color=RED), _seg(v, weight="bold", color=RED,
                                                             key=("vm", v))])
            if len(lost) > BOX_VM_CAP:
                iso_lines.append([_seg(_more(len(lost) - BOX_VM_CAP, "VMs"), size=7,
                                       color=RED)])
            items.append((("isolated", s), iso_lines))
            widths.append(_lines_size(iso_lines)[0])
        mine = [v for v in unplaced if view.target_site(v) == s]
        if mine:
            un_lines = [[_seg("Unplaced replicas", weight="bold", color=PURPLE)],
                        [_seg("no host can take them: they never run", size=7,
                              color=PURPLE)]]
            for v in mine[:BOX_VM_CAP]:
                un_lines.append([_seg("⊘", color=PURPLE),
                                 _seg(v, weight="bold", color=PURPLE, key=("vm", v))])
            if len(mine) > BOX_VM_CAP:
                un_lines.append([_seg(_more(len(mine) - BOX_VM_CAP, "VMs"), size=7,
                                      color=PURPLE)])
            items.append((("unplaced", s), un_lines))
            widths.append(_lines_size(un_lines)[0])
        return {"site": s, "down": is_down, "header": header, "items": items,
                "more": more, "w": max(max(widths), 1.9)}

    def draw_column(self, ax, c, x, top, vgap, boxes) -> None:
        """Draw column ``c`` at ``x``; record the boxes in ``boxes`` and ``ax.netmap``."""
        view, ix, sc, reg = self.view, self.ix, self.sc, ax.netmap
        s, w = c["site"], c["w"]
        boxes[("site", s)], hh = _draw_site_header(ax, ix, s, c["header"], x, top, w,
                                                   down=c["down"])
        y = top + hh + 0.2
        for key, lines in c["items"]:
            _, h = _lines_size(lines)
            comp = view.net.component(key)
            if isinstance(key, tuple) and key[0] == "isolated":
                p = _box(ax, x, y, w, h, face="#fdecea", edge=RED, lw=2.0, ls="--")
                reg.setdefault("isolated_boxes", {})[key[1]] = p
                _draw_lines(ax, x, y, lines, reg)
                y += h + vgap
                continue
            if isinstance(key, tuple) and key[0] == "unplaced":
                p = _box(ax, x, y, w, h, face=PURPLE_TINT, edge=PURPLE, lw=2.0, ls=":")
                reg.setdefault("unplaced_boxes", {})[key[1]] = p
                _draw_lines(ax, x, y, lines, reg)
                y += h + vgap
                continue
            if not view.net.is_up(key):
                _box(ax, x, y, w, h, face="#f2f2f2", edge="#d0d0d0", lw=0, hatch="//", z=1.5)
                p = _box(ax, x, y, w, h, face="none", edge=GREY, ls="--")
            elif comp in self.gcolour:
                col = self.gcolour[comp]
                p = _box(ax, x, y, w, h, face=_tint(col), edge=col, lw=2.0)
            else:
                p = _box(ax, x, y, w, h, face="white", edge="#9e9e9e")
            if _is_test_network(sc, key):
                p.set_linestyle("-.")
            boxes[key] = p
            reg["networks"][network_label(key)] = p
            _draw_lines(ax, x, y, lines, reg)
            y += h + vgap
        if c["more"]:
            _draw_lines(ax, x - PAD, y - PAD, c["more"])


# -------------------------------------------------------------------------- panels

def _panels(view, isolated, down, broken, unplaced=()):
    """Isolated VMs, down VMs, unplaced replicas, broken dependencies and (a drill) the
    test network."""
    sc = view.scenario
    panels = [
        _panel(f"Isolated VMs ({len(isolated):,}): running, no connected NIC",
               RED if isolated else GREEN,
               [(v, str(view.isolation_reason(v))) for v in isolated], "isolated"),
        _panel(f"Down VMs ({len(down):,})", GREY,
               [(v, text_of(view.down_reason(v))) for v in down], "down"),
    ]
    if unplaced:
        panels.append(_panel(
            f"Unplaced replicas ({len(unplaced):,}, R4): no host, never run", PURPLE,
            [(v, text_of(view.placement.unplaced_reason(v))) for v in unplaced], None))
    panels += [
        _panel(f"Broken dependencies ({len(broken):,}, R8)", RED if broken else GREEN,
               [(f"{b['vm']} → {b['depends_on']}", b["reason"]) for b in broken], None),
    ]
    if sc.is_test:
        iso, why = view.test_isolation()
        mode = {"none": "no test network", "auto": "networks Site Recovery creates"}.get(
            sc.test_mode, sc.test_network)
        panels.append(_panel(f"Drill on {mode}: " + ("isolated" if iso else "NOT isolated"),
                             GREEN if iso else RED,
                             [(f"test network: {sc.test_network}", text_of(why))], None))
    return panels


def _is_test_network(sc, key):
    """Is network ``key`` the drill's test network (a named one, or a copy of ``auto``)?"""
    return isinstance(key, TestCopy) or (sc.test_mode == "network" and key == sc.test_network)


def _legend_handles(d, glabels, reg, any_down, sites_down, any_unplaced=False):
    """The legend: the first 8 groups, then the kinds of marks drawn."""
    handles = []
    for (comp, _v), lab in zip(d.gorder[:8], glabels):
        handles.append(Patch(facecolor=_tint(d.gcolour[comp]), edgecolor=d.gcolour[comp],
                             lw=2, label=lab))
    if len(d.gorder) > 8:
        handles.append(Patch(facecolor=_tint(OTHER_GROUPS), edgecolor=OTHER_GROUPS,
                             label=glabels[-1]))
    handles += [
        Line2D([], [], ls="none", marker="*", color=INK, label=BASE_LABELS[0]),
        Line2D([], [], ls="none", marker="o", color=INK, markersize=5, label=BASE_LABELS[1]),
        Line2D([], [], ls="none", marker="x", color=GREY, label=BASE_LABELS[2])
        if any_down else None,
        Line2D([], [], color="#555555", lw=1.6, label=BASE_LABELS[3])
        if reg["links"] else None,
        Line2D([], [], color=BLUE, lw=1.3, ls="--", label=BASE_LABELS[4])
        if reg["gateways"] else None,
        Patch(facecolor="#f2f2f2", edgecolor=GREY, hatch="//", ls="--", label=BASE_LABELS[5])
        if sites_down else None,
        Patch(facecolor=PURPLE_TINT, edgecolor=PURPLE, lw=2, ls=":", label=UNPLACED_LABEL)
        if any_unplaced else None,
        Line2D([], [], color=PEERING, lw=1.6, ls="--", label=BASE_LABELS[6])
        if reg["peerings"] else None,
        Line2D([], [], color=RED, lw=1.6, label=BASE_LABELS[7])
        if reg["overlaps"] else None,
    ]
    return [h for h in handles if h is not None]
