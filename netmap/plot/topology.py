"""The topology view: sites as columns, their clouds and networks, and the mappings (R1).

Protected sites stand left, recovery sites and Azure right (:func:`._layout._site_order`);
in each column the networks are ordered so that mapping arrows stay short. A network
that protected VMs use but that is not mapped is marked: red when its VMs lose the NIC
on failover, orange when they go to Azure (only with their recovery plan, R6), grey
when no protected VM uses it. Above :data:`._layout.NET_CAP` networks each column keeps
the :data:`._layout.COL_CAP` that matter most (unmapped with protected VMs, joined to a
network already drawn, most VMs) and says how many it left out.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from netmap.model.topology import as_topology

from ._layout import (AZURE_FILL, BLUE, CLOUD_CAP, COL_CAP, GREEN, GREY, INK, LIGHT, NET_CAP,
                      ORANGE, PAD, PEERING, RED, Lines, Topo, _box, _column_x, _connect, _count,
                      _draw_foot, _overlapping_joins,
                      _draw_lines, _draw_site_header, _figure, _finish, _legend, _legend_size, _lh,
                      _lines_size, _more, _names, _order_columns, _seg, _site_header, _sites,
                      _sources, _text, _title, _tw)

__all__ = ["draw_topology"]

LABELS = ["maps to (R1)", "VM network (VMM)", "Azure network",
          "not mapped: protected VMs lose the NIC", "not mapped (to Azure, R6)",
          "not mapped (no protected VMs)", "cloud",
          "unused mapping: no VM recovers at its site (NM025)",
          "peered with (text; not transitive)", "prefixes overlap across a join (text; NM017)"]


def draw_topology(G: Topo, *, ax: Axes | None = None,
                  mapping: Any = None) -> tuple[Figure, Axes]:
    """Sites as columns with their clouds and networks, and the network mappings (R1).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A loaded topology (:func:`netmap.load`).
    ax : matplotlib.axes.Axes, optional
        Draw on these axes (their figure keeps its size); by default a new figure sized
        to the diagram.
    mapping : MappingTable, optional
        The mappings to draw instead of the topology's, e.g.
        :func:`netmap.analysis.mapping.effective_mapping` of a what-if.

    Returns
    -------
    (Figure, Axes)
        ``ax.netmap`` holds the artists: ``networks`` (name -> box), ``mappings``
        (source -> arrow), ``texts``, ``omitted`` (networks and sites not drawn).

    Examples
    --------
    >>> from netmap import load, example_path
    >>> fig, ax = draw_topology(load(example_path()))
    >>> sorted(ax.netmap["mappings"])
    [('VMNetwork1-Beijing', 'VMNetwork1-Shanghai'), ('VMNetwork1-Shanghai', 'VMNetwork1-Beijing')]
    """
    own = ax is None
    ix = as_topology(G)
    mapping = ix.mapping if mapping is None else mapping
    sites, hidden_sites = _sites(ix)
    vmcount = _vm_count_by_net(ix)
    protected_on = _protected_vms_by_net(ix)
    nets_by_site = defaultdict(list)
    for n, net in ix.net.items():
        nets_by_site[net.site].append(n)
    order = _order_columns(ix, sites, nets_by_site, mapping)
    shown, omitted = _cut_columns(ix, sites, order, mapping, protected_on, vmcount)
    state = {n: _net_state(ix, n, mapping, protected_on) for s in sites for n in shown[s]}
    link_of = defaultdict(list)
    for a, b in ix.links:
        link_of[a].append(b)
        link_of[b].append(a)
    for a, b in ix.peerings:  # ("peer", name): shown apart from routed links
        link_of[("peer", a)].append(b)
        link_of[("peer", b)].append(a)
    for a, b in _overlapping_joins(ix):
        link_of[("overlap", a)].append(b)
        link_of[("overlap", b)].append(a)
    clouds_by_site = defaultdict(list)
    for c in sorted(ix.cloud):
        clouds_by_site[ix.cloud[c].site].append(c)

    # ---- layout (inches)
    M, COLGAP, VGAP = 0.35, 1.25, 0.14
    cols = [_column(ix, s, clouds_by_site.get(s, []), shown[s], omitted[s], mapping, state,
                    vmcount, protected_on, link_of) for s in sites]
    xs, right = _column_x([c["w"] for c in cols], M, COLGAP)
    top = M + 0.75
    body_bottom = max((_column_bottom(c, top, VGAP) for c in cols), default=top) + 0.1
    ncol = 4
    lw_, lh_ = _legend_size(LABELS, ncol)
    foot = []
    if hidden_sites:
        foot.append(_more(len(hidden_sites), "sites") + ": " + _names(hidden_sites, 6))
    n_omitted = sum(len(v) for v in omitted.values())
    if n_omitted:
        foot.append(f"{_count(n_omitted, 'network')} not drawn (networks with unmapped "
                    "protected VMs and the most VMs are shown); mapping arrows to them "
                    "are not drawn")
    W = max(right + M, lw_ + 2 * M, 6.0,
            _tw(ix.name or "Topology", 13, True) + 2 * M + 1.5)
    H = body_bottom + lh_ + 0.25 + len(foot) * 0.2 + M
    fig, ax = _figure(W, H, ax)
    reg = ax.netmap
    n_unmapped = sum(1 for n, net in ix.net.items()
                     if n not in mapping and not net.is_azure)  # mapped to no site at all
    _title(ax, M, M - 0.1, f"Topology: {ix.name}" if ix.name else "Topology",
           f"{_count(len(ix.site_platform), 'site')} · "
           f"{_count(len(ix.net), 'network')} · {_count(len(mapping), 'mapping')} · "
           + (f"{len(ix.created):,} created by Site Recovery · " if ix.created else "") +
           f"{n_unmapped:,} VM network(s) not mapped · {_count(len(ix.vm), 'VM')}")

    boxes = {}
    for c, x in zip(cols, xs):
        _draw_column(ax, c, x, top, VGAP, ix, state, boxes)
    reg["omitted"] = {"networks": n_omitted, "sites": len(hidden_sites)}

    col_of = {n: i for i, c in enumerate(cols) for n, _ in c["nets"]}
    reg["mappings"] = {}
    using = ix.recovery_sites_using
    for s, t, site in mapping.triples():
        if s not in boxes or t not in boxes:
            continue
        back = col_of[s] > col_of[t]
        # R1: a mapping to a site where none of its source's protected VMs recovers is
        # unused (NM025): dashed grey
        unused = bool(using.get(s)) and site not in using[s]
        reg["mappings"][(s, t)] = _connect(ax, boxes[s], boxes[t],
                                           dy=0.07 if back else -0.07,
                                           color=GREY if unused else BLUE,
                                           ls="--" if unused else "-")
    drawn = [n for c in cols for n, _ in c["nets"]]
    handles = _legend_handles({state[n] for n in drawn},
                              any(ix.net[n].is_azure for n in drawn),
                              any(a.get_linestyle() != "-" for a in reg["mappings"].values()),
                              any(("peer", n) in link_of for n in drawn),
                              any(("overlap", n) in link_of for n in drawn))
    reg["peerings"] = sorted(n for n in drawn if ("peer", n) in link_of)
    reg["overlaps"] = sorted(n for n in drawn if ("overlap", n) in link_of)
    _legend(ax, handles, M, body_bottom + 0.05, min(ncol, len(handles)))
    _draw_foot(ax, M, body_bottom + lh_ + 0.2, foot)
    return _finish(fig, ax, own=own)


# -------------------------------------------------------------------------- what to draw

def _vm_count_by_net(ix) -> dict[str, int]:
    """Network -> how many VMs have a NIC on it."""
    return {n: len({nic.vm for nic in nics}) for n, nics in ix.nics_on.items()}


def _protected_vms_by_net(ix) -> dict[str, list[str]]:
    """Network -> the protected VMs with a NIC on it (in VM order, once each)."""
    protected_on = defaultdict(list)
    for v in ix.vm.values():
        c = ix.container(v.name)
        if c.protected:
            for nic in v.nics:
                if not protected_on[nic.network] or protected_on[nic.network][-1] != v.name:
                    protected_on[nic.network].append(v.name)
    return protected_on


def _cut_columns(ix, sites, order, mapping, protected_on, vmcount):
    """``(shown, omitted)``: per site, the networks drawn and those left out.

    Above :data:`NET_CAP` networks, a column keeps :data:`COL_CAP`: first the unmapped
    ones with protected VMs, then those joined by a mapping to a network already drawn
    (columns left of it), then those with the most VMs.
    """
    cut = len(ix.net) > NET_CAP
    shown, omitted = {}, {}
    drawn = set()
    sources = _sources(mapping)
    for s in sites:
        names = order[s]
        if cut and len(names) > COL_CAP:
            keep = set(sorted(names, key=lambda n: _priority(ix, n, mapping, sources, drawn,
                                                            protected_on, vmcount))[:COL_CAP])
            shown[s] = [n for n in names if n in keep]
            omitted[s] = [n for n in names if n not in keep]
        else:
            shown[s], omitted[s] = names, []
        drawn.update(shown[s])
    return shown, omitted


def _priority(ix, n, mapping, sources, drawn, protected_on, vmcount):
    """Sort key of network ``n`` when a column is cut: lowest is kept first."""
    bad = not ix.net[n].is_azure and bool(_missing(ix, n, mapping, protected_on))
    joined = (any(m in drawn for m in mapping.targets(n).values())
              or any(m in drawn for m in sources.get(n, ())))
    return (0 if bad else 1, 0 if joined else 1, -vmcount.get(n, 0), n)


def _missing(ix, n, mapping, protected_on) -> list[str]:
    """The protected VMs on ``n`` whose recovery site ``n`` has no mapping to (R1)."""
    return [v for v in protected_on.get(n, ()) if mapping.target(n, ix.recovery_site(v)) is None]


def _net_state(ix, n, mapping, protected_on) -> str:
    """``mapped``, ``azure``, ``unmapped`` (protected VMs lose the NIC: no mapping to
    their recovery site), ``unmapped-azure`` (those VMs go to Azure) or ``unmapped-idle``
    (not mapped, no protected VM)."""
    net = ix.net[n]
    missing = [] if net.is_azure else _missing(ix, n, mapping, protected_on)
    if n in mapping and not missing:
        return "mapped"
    if net.is_azure:
        return "azure"
    if not missing:
        return "unmapped-idle"
    if all(ix.container(v).azure is not None for v in missing):
        return "unmapped-azure"
    return "unmapped"


# -------------------------------------------------------------------------- boxes

def _net_lines(ix, n, st, vmcount, protected_on, link_of, mapping) -> Lines:
    """The text of network ``n``'s box: kind, subnets, VMs, gateways, links, mapping."""
    net = ix.net[n]
    lines = [[_seg(n, weight="bold", key=("net", n))]]
    if net.created_from is not None:  # R11: NAME-asr, in no topology file
        lines.append([_seg("created by Site Recovery (R11)", size=7, color=GREY)])
    elif net.is_azure:
        lines.append([_seg("Azure network", size=7, color=GREY)])
    else:
        line = [_seg("logical:", size=7, color=GREY),
                _seg(net.logical or "-", size=7, color=GREY)]
        if net.isolation is not None:  # VMM's isolation type (R9's NM022 reads it)
            line.append(_seg(f"isolation: {net.isolation}", size=7, color=GREY))
        lines.append(line)
    for sname, prefix in net.subnets[:3]:
        lines.append([_seg(sname, size=7), _seg(prefix or "(no prefix)", size=7,
                                                color=GREY)])
    if len(net.subnets) > 3:
        lines.append([_seg(_more(len(net.subnets) - 3, "subnets"), size=7, color=GREY)])
    nv = vmcount.get(n, 0)
    if nv:
        vms = sorted({nic.vm for nic in ix.nics_on.get(n, ())})
        lines.append([_seg(_count(nv, "VM") + ": " + _names(vms, 3), size=7)])
    if net.gateway_sites:
        lines.append([_seg("gateway to " + _names(net.gateway_sites, 3), size=7,
                           color=BLUE)])
    if link_of.get(n):
        lines.append([_seg("linked to " + _names(sorted(link_of[n]), 2), size=7,
                           color=BLUE)])
    if link_of.get(("peer", n)):
        lines.append([_seg("peered with " + _names(sorted(link_of[("peer", n)]), 2)
                           + " (not transitive)", size=7, color=PEERING, key=("peering", n))])
    if link_of.get(("overlap", n)):
        lines.append([_seg("prefixes overlap " + _names(sorted(link_of[("overlap", n)]), 2)
                           + " across a join (NM017)", size=7, weight="bold", color=RED,
                           key=("overlap", n))])
    if st == "unmapped":
        missing = _missing(ix, n, mapping, protected_on)
        k = len(missing)
        head = "NOT MAPPED"
        if n in mapping:  # mapped, but not to the recovery site of these VMs (R1)
            head += " to " + _names(sorted({ix.recovery_site(v) for v in missing}), 2)
        lines.append([_seg(head, size=7, weight="bold", color=RED),
                      _seg(f"{_count(k, 'protected VM')} "
                           f"{'loses' if k == 1 else 'lose'} this NIC on failover",
                           size=7, color=RED)])
    elif st == "unmapped-azure":
        lines.append([_seg("NOT MAPPED", size=7, weight="bold", color=ORANGE),
                      _seg("to Azure: only with its recovery plan (R6)", size=7,
                           color=ORANGE)])
    elif st == "unmapped-idle":
        lines.append([_seg("not mapped", size=7, color=GREY)])
    return lines


def _cloud_lines(ix, c) -> Lines:
    """The text of cloud ``c``'s box: what protects it and what it protects."""
    cl = ix.cloud[c]
    lines = [[_seg(c, weight="bold", key=("cloud", c))]]
    if cl.azure is not None:
        lines.append([_seg("protected to Azure: " + cl.azure, size=7, color=BLUE)])
    elif cl.protecting is not None:
        q = ix.cloud[cl.protecting]
        lines.append([_seg(f"protected by {q.name} ({q.site})", size=7, color=BLUE)])
    if cl.protects:
        lines.append([_seg("protects " + _names(cl.protects, 3), size=7, color=GREEN)])
    if not cl.protected and not cl.protects:
        lines.append([_seg("not protected", size=7, color=GREY)])
    return lines


# -------------------------------------------------------------------------- columns

def _column(ix, s, clouds, shown, more, mapping, state, vmcount, protected_on, link_of):
    """One site's column: header, cloud boxes, network boxes, "…and N more", width."""
    header = _site_header(ix, s)
    cl_items = [_cloud_lines(ix, c) for c in clouds[:CLOUD_CAP]]
    net_items = [_net_lines(ix, n, state[n], vmcount, protected_on, link_of, mapping)
                 for n in shown]
    widths = [_lines_size(x)[0] for x in [header] + cl_items + net_items]
    if more:
        n_unm = sum(1 for n in more if n not in mapping and not ix.net[n].is_azure)
        more_lines = [[_seg(_more(len(more), "networks"), weight="bold")],
                      [_seg(f"{len(more) - n_unm:,} mapped or Azure, "
                            f"{n_unm:,} not mapped", size=7, color=GREY)]]
        widths.append(_lines_size(more_lines)[0])
    else:
        more_lines = None
    return {"site": s, "header": header, "clouds": list(zip(clouds, cl_items)),
            "more_clouds": len(clouds) - CLOUD_CAP, "nets": list(zip(shown, net_items)),
            "more": more_lines, "w": max(max(widths, default=1.5), 1.9)}


def _column_bottom(c, top, vgap) -> float:
    """Where column ``c`` ends (the same arithmetic as :func:`_draw_column`)."""
    y = top + _lines_size(c["header"])[1] + 0.2
    if c["clouds"]:
        y += 0.22
        for _, lines in c["clouds"]:
            y += _lines_size(lines)[1] + vgap
        if c["more_clouds"] > 0:
            y += _lh() + vgap
    y += 0.3
    for _, lines in c["nets"]:
        y += _lines_size(lines)[1] + vgap
    if c["more"]:
        y += _lines_size(c["more"])[1] + vgap
    return y


def _draw_column(ax, c, x, top, vgap, ix, state, boxes) -> None:
    """Draw column ``c`` at ``x``; record the boxes in ``boxes`` and ``ax.netmap``."""
    reg = ax.netmap
    w = c["w"]
    s = c["site"]
    boxes[("site", s)], hh = _draw_site_header(ax, ix, s, c["header"], x, top, w)
    y = top + hh + 0.2
    if c["clouds"]:
        _text(ax, x, y + 0.06, "Clouds", size=7.5, weight="bold", color=GREY)
        y += 0.22
        for name, lines in c["clouds"]:
            _, h = _lines_size(lines)
            _box(ax, x, y, w, h, face=LIGHT, edge="#9e9e9e", lw=0.8)
            _draw_lines(ax, x, y, lines, reg)
            y += h + vgap
        if c["more_clouds"] > 0:
            _text(ax, x + PAD, y + _lh() / 2, _more(c["more_clouds"], "clouds"),
                  size=7, color=GREY)
            y += _lh() + vgap
    y += 0.08
    _text(ax, x, y + 0.06, "Networks", size=7.5, weight="bold", color=GREY)
    y += 0.22
    for name, lines in c["nets"]:
        _, h = _lines_size(lines)
        st = state[name]
        face = AZURE_FILL if ix.net[name].is_azure else "white"
        edge, ls, lw = INK, "-", 1.0
        if st == "unmapped":
            edge, ls, lw = RED, "--", 1.6
        elif st == "unmapped-azure":
            edge, ls, lw = ORANGE, "--", 1.4
        elif st == "unmapped-idle":
            edge, ls = GREY, "--"
        p = _box(ax, x, y, w, h, face=face, edge=edge, lw=lw, ls=ls)
        boxes[name] = p
        reg["networks"][name] = p
        _draw_lines(ax, x, y, lines, reg)
        y += h + vgap
    if c["more"]:
        _, h = _lines_size(c["more"])
        _box(ax, x, y, w, h, face="white", edge=GREY, ls=":")
        _draw_lines(ax, x, y, c["more"], reg)


def _legend_handles(states, has_azure, has_unused=False, peering=False, overlap=False):
    """The legend's entries for the kinds of network boxes and mapping arrows drawn."""
    handles = [
        Line2D([], [], color=BLUE, lw=1.4, marker=">", markersize=5, label=LABELS[0]),
        Line2D([], [], color=GREY, lw=1.4, ls="--", marker=">", markersize=5, label=LABELS[7])
        if has_unused else None,
        Patch(facecolor="white", edgecolor=INK, label=LABELS[1]),
        Patch(facecolor=AZURE_FILL, edgecolor=INK, label=LABELS[2]) if has_azure else None,
        Patch(facecolor="white", edgecolor=RED, linestyle="--", lw=1.6, label=LABELS[3])
        if "unmapped" in states else None,
        Patch(facecolor="white", edgecolor=ORANGE, linestyle="--", lw=1.4, label=LABELS[4])
        if "unmapped-azure" in states else None,
        Patch(facecolor="white", edgecolor=GREY, linestyle="--", label=LABELS[5])
        if "unmapped-idle" in states else None,
        Patch(facecolor=LIGHT, edgecolor="#9e9e9e", label=LABELS[6]),
        Line2D([], [], color=PEERING, lw=1.4, ls="--", label=LABELS[8]) if peering else None,
        Line2D([], [], color=RED, lw=1.4, label=LABELS[9]) if overlap else None,
    ]
    return [h for h in handles if h is not None]
