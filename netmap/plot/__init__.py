"""Diagrams of a topology and of what a failover does to it (the only matplotlib user).

Views
-----
``draw_topology(G, ax=None)``
    Sites as columns (protected sites left, recovery sites and Azure right), their
    clouds, VM networks and Azure networks, mapping arrows between networks, and the
    networks that are not mapped marked.
``draw_failover(G, scenario, ax=None)``
    One scenario (R5, R6, R9): every group (connected networks with their running VMs)
    in its own colour, replicas where they land with their IPs, links and gateways,
    down sites greyed out, isolated and down VMs and broken dependencies listed.
``draw_plan(G, plan, scenario=None, ax=None)``
    One recovery plan: boot groups left to right, dependencies as arrows, broken ones
    in red (R8). Without a scenario the plan fails over with its primary site(s) down.
``draw_path(G, a, b, scenario=None, ax=None)``
    The route :func:`netmap.analysis.reach.reach` found from VM ``a`` to VM ``b``, or why none.

Each returns ``(fig, ax)``. ``draw(G, view, ...)`` dispatches by view name;
:func:`to_png_bytes` and :func:`to_svg_bytes` render a figure in memory.

Layouts are computed (columns and rows, sized from the text they hold), never random,
so the same input always draws the same picture. Large topologies are cut down to what
fits and the figure says what was left out ("…and 4,950 more networks").

Names from the input are always drawn as written: every text is created with
``usetex=False`` and ``parse_math=False``, so ``$x_1^{<b>}`` stays ``$x_1^{<b>}``.
CJK names draw with a CJK font when one is installed; without one the text is still
the name (glyphs may show as boxes) and the "missing glyph" warnings are silenced.

The axes returned carry ``ax.netmap``: a dictionary of the artists drawn per object
(``networks``, ``vms``, ``dependencies``, ``groups``, ``omitted``), for tests and for
callers that want to restyle a diagram.

When no display is available (no ``DISPLAY``/``WAYLAND_DISPLAY`` on Linux and no
``MPLBACKEND`` chosen), importing this module selects the Agg backend. Figures are
plain :class:`matplotlib.figure.Figure` objects; when :mod:`matplotlib.pyplot` is
already in use (an IPython/Jupyter session with ``%matplotlib inline``), they are made
through pyplot so they show inline like any other plot.

Examples
--------
>>> from netmap import load, example_path
>>> fig, ax = draw_topology(load(example_path()))
>>> "VMNetwork1-Beijing" in ax.netmap["networks"]
True
>>> to_png_bytes(fig)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import contextlib
import functools
import io as _io
import os
import sys
import textwrap
import unicodedata
import warnings
from collections import defaultdict

import matplotlib


def _headless():
    if os.environ.get("MPLBACKEND"):
        return False
    if "matplotlib.pyplot" in sys.modules:  # someone chose a backend already
        return False
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


if _headless():
    matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from netmap.errors import ScenarioError  # noqa: E402
from netmap.analysis.failover import boot_order_problems, evaluate  # noqa: E402
from netmap.model.topology import index  # noqa: E402
from netmap.analysis.connectivity import network_label  # noqa: E402
from netmap.model.scenario import Scenario  # noqa: E402
from netmap.io.schema import did_you_mean, suggest  # noqa: E402

__all__ = ["draw", "draw_topology", "draw_failover", "draw_plan", "draw_path",
           "to_png_bytes", "to_svg_bytes", "VIEWS", "cjk_font"]

VIEWS = ("topology", "failover", "plan", "path")

# A missing glyph (a CJK name without a CJK font) is not an error: the text is still the
# name. Silence matplotlib's per-glyph warnings, here and when a notebook renders.
warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from (current )?font")
warnings.filterwarnings("ignore", message=r".*missing from font\(s\)")

# -------------------------------------------------------------------------- fonts

_CJK_HINTS = ("Noto Sans CJK", "Noto Serif CJK", "Source Han Sans", "WenQuanYi",
              "Droid Sans Fallback", "AR PL", "Noto Sans SC", "Noto Sans TC",
              "Noto Sans JP", "Microsoft YaHei", "SimHei", "SimSun", "PingFang",
              "Hiragino Sans", "Heiti", "Arial Unicode", "Unifont")


def cjk_font():
    """The name of an installed font family with CJK glyphs, or None."""
    names = sorted({f.name for f in font_manager.fontManager.ttflist})
    for hint in _CJK_HINTS:
        for n in names:
            if n.startswith(hint):
                return n
    return None


_CJK = cjk_font()
FAMILY = ["DejaVu Sans"] + ([_CJK] if _CJK else [])

# -------------------------------------------------------------------------- colours

RED = "#c62828"
ORANGE = "#e67e00"
GREY = "#8a8a8a"
LIGHT = "#f4f4f4"
INK = "#222222"
BLUE = "#1f5fa8"
GREEN = "#2e7d32"
AZURE_FILL = "#e8f1fb"
# group colours: tab20's darker half then lighter half, without red and grey
GROUP_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
                 "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5",
                 "#c49c94", "#f7b6d2", "#dbdb8d", "#9edae5"]
OTHER_GROUPS = "#cfcfcf"

# -------------------------------------------------------------------------- text

SIZE = 8.0
PAD = 0.08  # inches inside boxes
GAP = 0.05  # inches between segments of a line


def _tw_estimate(s, size, bold):
    em = 0.0
    for ch in s:
        if unicodedata.east_asian_width(ch) in "WF":
            em += 1.0
        elif ch in "il.,:;'|!()[] ":
            em += 0.34
        elif ch.isupper() or ch in "mwMW@%":
            em += 0.74
        else:
            em += 0.62
    return em * size / 72.0 * (1.12 if bold else 1.0)


_measurer = []


@functools.lru_cache(maxsize=65536)
def _tw(s, size=SIZE, bold=False):
    """Width of ``s`` in inches, measured with the fonts the figure uses (at 150 dpi)."""
    try:
        if not _measurer:
            from matplotlib.backends.backend_agg import RendererAgg

            _measurer.append(RendererAgg(10, 10, 150))
        prop = font_manager.FontProperties(family=FAMILY, size=size,
                                           weight="bold" if bold else "normal")
        with _quiet():
            w, _h, _d = _measurer[0].get_text_width_height_descent(s, prop, ismath=False)
        return w / 150.0 * 1.05  # hinting differs a little between resolutions
    except Exception:  # pragma: no cover - a backend without text metrics
        return _tw_estimate(s, size, bold)


def _lh(size=SIZE):
    return size * 1.5 / 72.0


def _text(ax, x, y, s, size=SIZE, weight="normal", color=INK, ha="left", va="center",
          style="normal", z=5, **kw):
    """A literal text: never math text, never TeX."""
    return ax.text(x, y, s, fontsize=size, fontweight=weight, color=color, ha=ha, va=va,
                   fontstyle=style, usetex=False, parse_math=False, fontfamily=FAMILY,
                   zorder=z, **kw)


def _seg(text, size=SIZE, weight="normal", color=INK, style="normal", key=None):
    return {"text": text, "size": size, "weight": weight, "color": color, "style": style,
            "key": key}


def _line_width(segs):
    return sum(_tw(s["text"], s["size"], s["weight"] == "bold") for s in segs) + \
        GAP * (len(segs) - 1)


def _line_height(segs):
    return _lh(max(s["size"] for s in segs))


def _lines_size(lines):
    w = max((_line_width(line) for line in lines), default=0.0)
    h = sum(_line_height(line) for line in lines)
    return w + 2 * PAD, h + 2 * PAD


def _draw_lines(ax, x, y, lines, registry=None):
    """Draw ``lines`` (lists of segments) from top-left ``(x, y)``; return the Texts.

    Segments with a key are recorded in ``registry`` (``ax.netmap``): ``texts[key]``,
    and VM names also in ``vms[name]``.
    """
    out = []
    cy = y + PAD
    for line in lines:
        h = _line_height(line)
        cx = x + PAD
        for s in line:
            t = _text(ax, cx, cy + h / 2, s["text"], size=s["size"], weight=s["weight"],
                      color=s["color"], style=s["style"])
            out.append(t)
            key = s["key"]
            if registry is not None and key is not None:
                if key[0] == "vm":
                    registry["vms"].setdefault(key[1], []).append(t)
                registry["texts"].setdefault(key, []).append(t)
            cx += _tw(s["text"], s["size"], s["weight"] == "bold") + GAP
        cy += h
    return out


def _box(ax, x, y, w, h, face="white", edge=INK, lw=1.0, ls="-", hatch=None, z=2,
         rounding=0.05):
    p = FancyBboxPatch((x, y), w, h, boxstyle=f"round,pad=0,rounding_size={rounding}",
                       facecolor=face, edgecolor=edge, linewidth=lw, linestyle=ls,
                       hatch=hatch, zorder=z)
    ax.add_patch(p)
    return p


def _arrow(ax, a, b, patch_a=None, patch_b=None, color=BLUE, lw=1.4, ls="-", rad=0.0,
           head=True, z=3):
    style = "-|>" if head else "-"
    p = FancyArrowPatch(a, b, patchA=patch_a, patchB=patch_b, arrowstyle=style,
                        mutation_scale=11, color=color, linewidth=lw, linestyle=ls,
                        connectionstyle=f"arc3,rad={rad}", shrinkA=2, shrinkB=2, zorder=z)
    ax.add_patch(p)
    return p


def _count(n, word, plural=None):
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _more(n, what):
    return f"…and {n:,} more {what}"


def _clip(s, n):
    return s if len(s) <= n else s[: n - 1] + "…"


def _names(names, limit=4):
    names = list(names)
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" (+{len(names) - limit:,})"


# -------------------------------------------------------------------------- figure

def _figure(w, h, ax=None):
    """A figure of ``w`` x ``h`` inches whose data units are inches, y pointing down."""
    own = ax is None
    if ax is None:
        if "matplotlib.pyplot" in sys.modules:
            import matplotlib.pyplot as plt

            fig = plt.figure(figsize=(w, h))
        else:
            fig = Figure(figsize=(w, h))
        fig.patch.set_facecolor("white")
        ax = fig.add_axes((0, 0, 1, 1))
    else:
        fig = ax.figure
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    ax.set_axis_off()
    ax.netmap = {"networks": {}, "vms": {}, "dependencies": [], "groups": {},
                 "omitted": {}, "texts": {}, "own": own}
    return fig, ax


def _title(ax, x, y, title, subtitle=None):
    _text(ax, x, y + 0.16, title, size=13, weight="bold")
    if subtitle:
        _text(ax, x, y + 0.44, subtitle, size=9, color="#555555")


def _legend(ax, handles, x, y, ncol):
    leg = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(x, y),
                    bbox_transform=ax.transData, ncol=ncol, fontsize=SIZE, frameon=True,
                    framealpha=1.0, edgecolor="#bbbbbb", borderaxespad=0.0,
                    handlelength=2.2, columnspacing=1.6, title="Legend",
                    title_fontproperties={"size": SIZE, "weight": "bold"},
                    alignment="left")
    for t in leg.get_texts():
        t.set_parse_math(False)
        t.set_usetex(False)
        t.set_fontfamily(FAMILY)
    return leg


def _legend_size(labels, ncol):
    rows = -(-len(labels) // ncol)
    colw = max((_tw(s) for s in labels), default=1.0) + 0.55
    return colw * ncol + 0.2, rows * 0.19 + 0.45


def _literal(fig):
    """Make sure no text of ``fig`` is read as math or TeX (names are data)."""
    for t in fig.findobj(Text):
        t.set_usetex(False)
        t.set_parse_math(False)
    return fig


def _finish(fig, ax, margin=0.3):
    """Literal texts; and when we made the figure, size it to what was drawn."""
    _literal(fig)
    if not ax.netmap.get("own"):
        return fig, ax
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    with _quiet():
        r = fig.canvas.get_renderer()
        inv = ax.transData.inverted()
        xmax = ymax = 0.0
        arts = list(ax.patches) + list(ax.texts) + list(ax.lines)
        if ax.get_legend() is not None:
            arts.append(ax.get_legend())
        for art in arts:
            bb = art.get_window_extent(r)
            (x0, y0), (x1, y1) = inv.transform([[bb.x0, bb.y0], [bb.x1, bb.y1]])
            xmax, ymax = max(xmax, x0, x1), max(ymax, y0, y1)
    w, h = max(xmax + margin, 3.0), max(ymax + margin, 2.0)
    fig.set_size_inches(w, h)
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    return fig, ax


# -------------------------------------------------------------------------- sites

def _site_order(ix):
    """Sites left to right: protected sites, recovery sites, Azure, then the others."""
    score = defaultdict(int)
    for c in ix.cloud.values():
        if c.azure is not None:
            t = c.azure
        elif c.protecting is not None:
            t = ix.cloud[c.protecting].site
        else:
            continue
        if c.site is not None and t != c.site:
            score[c.site] -= 1
            score[t] += 1
    involved = set(score)

    def key(s):
        azure = ix.site_platform[s] == "azure"
        role = 3 if s not in involved else (2 if azure else (0 if score[s] < 0 else 1))
        return (role, score[s], s)
    return sorted(ix.site_platform, key=key)


def _site_header(ix, site, down=False):
    platform = ix.site_platform.get(site, "onprem")
    vmms = sorted(v for v, s in ix.vmm_site.items() if s == site)
    sub = "Azure" if platform == "azure" else "on-premises"
    if vmms:
        sub += " · " + _names(vmms, 2)
    lines = [[_seg(site, size=11, weight="bold", color="white", key=("site", site))]]
    lines.append([_seg(sub, size=7.5, color="white")])
    if down:
        lines.append([_seg("SITE DOWN", size=8, weight="bold", color="white")])
    return lines


def _vm_count_by_net(ix):
    count = {}
    for n, nics in ix.nics_on.items():
        count[n] = len({nic.vm for nic in nics})
    return count


# -------------------------------------------------------------------------- topology

NET_CAP = 60  # draw every network up to this many, else cut per column
COL_CAP = 15  # networks per column when cut
CLOUD_CAP = 8
SITE_CAP = 8


def _column_x(widths, x0, gap):
    xs, x = [], x0
    for w in widths:
        xs.append(x)
        x += w + gap
    return xs, x - gap


def _order_columns(ix, sites, nets_by_site, mapping):
    """Order networks in each column so mapping arrows stay short (barycentre order)."""
    sources = _sources(mapping)
    pos = {}
    out = {}
    for s in sites:
        def key(n):
            near = [pos[m] for m in [mapping.get(n)] + sources.get(n, []) if m in pos]
            return (min(near) if near else float("inf"), n)
        names = sorted(nets_by_site.get(s, ()), key=key)
        for i, n in enumerate(names):
            pos[n] = i
        out[s] = names
    return out


def _sources(mapping):
    src = defaultdict(list)
    for s, t in mapping.items():
        src[t].append(s)
    return src


def draw_topology(G, ax=None, mapping=None):
    """Sites as columns with their clouds and networks, and the network mappings (R1).

    ``mapping`` (optional) replaces the topology's mapping, e.g.
    :func:`netmap.analysis.mapping.effective_mapping` of a what-if.
    """
    ix = index(G)
    mapping = ix.mapping if mapping is None else mapping
    sites = _site_order(ix)
    hidden_sites = sites[SITE_CAP:]
    sites = sites[:SITE_CAP]
    vmcount = _vm_count_by_net(ix)
    protected_on = defaultdict(list)  # network -> protected VMs with a NIC there
    for v in ix.vm.values():
        c = ix.cloud[v.cloud]
        if c.protected:
            for nic in v.nics:
                if not protected_on[nic.network] or protected_on[nic.network][-1] != v.name:
                    protected_on[nic.network].append(v.name)
    nets_by_site = defaultdict(list)
    for n, net in ix.net.items():
        nets_by_site[net.site].append(n)
    order = _order_columns(ix, sites, nets_by_site, mapping)
    cut = len(ix.net) > NET_CAP
    shown, omitted = {}, {}
    drawn = set()
    sources = _sources(mapping)
    for s in sites:
        names = order[s]
        if cut and len(names) > COL_CAP:
            def prio(n):
                bad = n not in mapping and not ix.net[n].is_azure and protected_on.get(n)
                joined = mapping.get(n) in drawn or any(m in drawn for m in sources.get(n, ()))
                return (0 if bad else 1, 0 if joined else 1, -vmcount.get(n, 0), n)
            keep = set(sorted(names, key=prio)[:COL_CAP])
            shown[s] = [n for n in names if n in keep]
            omitted[s] = [n for n in names if n not in keep]
        else:
            shown[s], omitted[s] = names, []
        drawn.update(shown[s])

    def net_state(n):
        net = ix.net[n]
        if n in mapping:
            return "mapped"
        if net.is_azure:
            return "azure"
        vms = protected_on.get(n, [])
        if not vms:
            return "unmapped-idle"
        if all(ix.cloud[ix.vm[v].cloud].azure is not None for v in vms):
            return "unmapped-azure"
        return "unmapped"

    link_of = defaultdict(list)
    for a, b in ix.links:
        link_of[a].append(b)
        link_of[b].append(a)

    def net_lines(n):
        net = ix.net[n]
        st = net_state(n)
        lines = [[_seg(n, weight="bold", key=("net", n))]]
        if net.is_azure:
            lines.append([_seg("Azure network", size=7, color=GREY)])
        else:
            lines.append([_seg("logical:", size=7, color=GREY),
                          _seg(net.logical or "-", size=7, color=GREY)])
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
        if st == "unmapped":
            k = len(protected_on[n])
            lines.append([_seg("NOT MAPPED", size=7, weight="bold", color=RED),
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

    def cloud_lines(c):
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

    clouds_by_site = defaultdict(list)
    for c in sorted(ix.cloud):
        clouds_by_site[ix.cloud[c].site].append(c)

    # ---- layout (inches)
    M, COLGAP, VGAP = 0.35, 1.25, 0.14
    cols = []
    for s in sites:
        header = _site_header(ix, s)
        clouds = clouds_by_site.get(s, [])
        cl_items = [cloud_lines(c) for c in clouds[:CLOUD_CAP]]
        more_clouds = len(clouds) - CLOUD_CAP
        net_items = [net_lines(n) for n in shown[s]]
        more = omitted[s]
        widths = [_lines_size(x)[0] for x in [header] + cl_items + net_items]
        if more:
            n_unm = sum(1 for n in more if n not in mapping and not ix.net[n].is_azure)
            more_lines = [[_seg(_more(len(more), "networks"), weight="bold")],
                          [_seg(f"{len(more) - n_unm:,} mapped or Azure, "
                                f"{n_unm:,} not mapped", size=7, color=GREY)]]
            widths.append(_lines_size(more_lines)[0])
        else:
            more_lines = None
        cols.append({"site": s, "header": header, "clouds": list(zip(clouds, cl_items)),
                     "more_clouds": more_clouds, "nets": list(zip(shown[s], net_items)),
                     "more": more_lines, "w": max(max(widths, default=1.5), 1.9)})
    xs, right = _column_x([c["w"] for c in cols], M, COLGAP)
    top = M + 0.75
    heights = []
    for c in cols:
        y = top + _lines_size(c["header"])[1] + 0.2
        if c["clouds"]:
            y += 0.22
            for _, lines in c["clouds"]:
                y += _lines_size(lines)[1] + VGAP
            if c["more_clouds"] > 0:
                y += _lh() + VGAP
        y += 0.3
        for _, lines in c["nets"]:
            y += _lines_size(lines)[1] + VGAP
        if c["more"]:
            y += _lines_size(c["more"])[1] + VGAP
        heights.append(y)
    body_bottom = max(heights, default=top) + 0.1
    labels = ["maps to (R1)", "VM network (VMM)", "Azure network",
              "not mapped: protected VMs lose the NIC", "not mapped (to Azure, R6)",
              "not mapped (no protected VMs)", "cloud"]
    ncol = 4
    lw_, lh_ = _legend_size(labels, ncol)
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
    n_maps = len(mapping)
    n_unmapped = sum(1 for n, net in ix.net.items()
                     if n not in mapping and not net.is_azure)
    _title(ax, M, M - 0.1, f"Topology: {ix.name}" if ix.name else "Topology",
           f"{_count(len(ix.site_platform), 'site')} · "
           f"{_count(len(ix.net), 'network')} · {_count(n_maps, 'mapping')} · "
           f"{n_unmapped:,} VM network(s) not mapped · {_count(len(ix.vm), 'VM')}")

    boxes = {}
    for c, x in zip(cols, xs):
        w = c["w"]
        s = c["site"]
        hw, hh = _lines_size(c["header"])
        azure = ix.site_platform.get(s) == "azure"
        hdr = _box(ax, x, top, w, hh, face="#0b5394" if azure else "#37474f",
                   edge="none", rounding=0.06)
        boxes[("site", s)] = hdr
        _draw_lines(ax, x, top, c["header"], reg)
        y = top + hh + 0.2
        if c["clouds"]:
            _text(ax, x, y + 0.06, "Clouds", size=7.5, weight="bold", color=GREY)
            y += 0.22
            for name, lines in c["clouds"]:
                _, h = _lines_size(lines)
                _box(ax, x, y, w, h, face=LIGHT, edge="#9e9e9e", lw=0.8)
                _draw_lines(ax, x, y, lines, reg)
                y += h + VGAP
            if c["more_clouds"] > 0:
                _text(ax, x + PAD, y + _lh() / 2, _more(c["more_clouds"], "clouds"),
                      size=7, color=GREY)
                y += _lh() + VGAP
        y += 0.08
        _text(ax, x, y + 0.06, "Networks", size=7.5, weight="bold", color=GREY)
        y += 0.22
        for name, lines in c["nets"]:
            _, h = _lines_size(lines)
            st = net_state(name)
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
            y += h + VGAP
        if c["more"]:
            _, h = _lines_size(c["more"])
            _box(ax, x, y, w, h, face="white", edge=GREY, ls=":")
            _draw_lines(ax, x, y, c["more"], reg)
            y += h + VGAP
    reg["omitted"] = {"networks": n_omitted, "sites": len(hidden_sites)}

    col_of = {}
    for i, c in enumerate(cols):
        for n, _ in c["nets"]:
            col_of[n] = i
    reg["mappings"] = {}
    for s, t in sorted(mapping.items()):
        if s not in boxes or t not in boxes:
            continue
        pa, pb = boxes[s], boxes[t]
        back = col_of[s] > col_of[t]
        a = _connect(ax, pa, pb, dy=0.07 if back else -0.07, color=BLUE)
        reg["mappings"][s] = a
    drawn = {net_state(n) for c in cols for n, _ in c["nets"]}
    has_azure = any(ix.net[n].is_azure for c in cols for n, _ in c["nets"])
    handles = [
        Line2D([], [], color=BLUE, lw=1.4, marker=">", markersize=5, label=labels[0]),
        Patch(facecolor="white", edgecolor=INK, label=labels[1]),
        Patch(facecolor=AZURE_FILL, edgecolor=INK, label=labels[2]) if has_azure else None,
        Patch(facecolor="white", edgecolor=RED, linestyle="--", lw=1.6, label=labels[3])
        if "unmapped" in drawn else None,
        Patch(facecolor="white", edgecolor=ORANGE, linestyle="--", lw=1.4, label=labels[4])
        if "unmapped-azure" in drawn else None,
        Patch(facecolor="white", edgecolor=GREY, linestyle="--", label=labels[5])
        if "unmapped-idle" in drawn else None,
        Patch(facecolor=LIGHT, edgecolor="#9e9e9e", label=labels[6]),
    ]
    handles = [h for h in handles if h is not None]
    ncol = min(ncol, len(handles))
    _legend(ax, handles, M, body_bottom + 0.05, ncol)
    y = body_bottom + lh_ + 0.2
    for line in foot:
        _text(ax, M, y, line, size=7.5, color=GREY, style="italic")
        y += 0.2
    return _finish(fig, ax)


# -------------------------------------------------------------------------- failover

BOX_VM_CAP = 8
PANEL_CAP = 10


def _group_colours(view, groups):
    """Component -> colour: groups with failed-over VMs first, then the others."""
    F = view.F
    order = sorted(groups, key=lambda cv: (not any(v in F for v in cv[1]),
                                           network_label(cv[0])))
    colours = {}
    for i, (comp, _vms) in enumerate(order):
        colours[comp] = GROUP_COLOURS[i] if i < len(GROUP_COLOURS) else OTHER_GROUPS
    return order, colours


def _tint(colour, alpha=0.16):
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return (1 - alpha * (1 - r), 1 - alpha * (1 - g), 1 - alpha * (1 - b))


def _ip_text(r):
    if r.ip is None:
        return "no IP" if r.source_ip and r.subnet is not None else ""
    return r.ip + ("" if r.ip_retained else " (new)")


def draw_failover(G, scenario=None, ax=None):
    """One scenario: groups in colour, replicas where they land, isolated and down VMs.

    ``scenario`` is a :class:`~netmap.model.scenario.Scenario` (default: nothing fails over,
    the topology as it runs today).
    """
    view = evaluate(G, scenario or Scenario())
    ix, sc = view.ix, view.scenario
    sites = _site_order(ix)
    hidden_sites = sites[SITE_CAP:]
    sites = sites[:SITE_CAP]
    F = view.F
    groups = view.groups()
    gorder, gcolour = _group_colours(view, groups)
    gnum = {c: i + 1 for i, (c, _) in enumerate(gorder)}

    # who is on which network in this scenario
    replicas_on = defaultdict(list)  # network key -> [(vm, ReplicaNic)]
    for v in view.failed_over:
        if view.state(v) != "replica":
            continue
        for r in view.replica_nics(v):
            if r.network is not None:
                replicas_on[r.network].append((v, r))
    plan_nets = sorted((k for k in replicas_on if isinstance(k, tuple)), key=network_label)

    relevant = set(ix.net)
    if len(ix.net) > NET_CAP:
        relevant = {k for k in replicas_on if not isinstance(k, tuple)}
        for v in view.failed_over:
            relevant.update(n.network for n in ix.vm[v].nics)
        if sc.test_network:
            relevant.add(sc.test_network)
        for k in list(relevant):
            comp = view.net.component(k)
            if comp is not None:
                relevant.update(view.net.members(comp)[:COL_CAP])
    nets_by_site = defaultdict(list)
    for n in relevant:
        nets_by_site[ix.net[n].site].append(n)
    order = _order_columns(ix, sites, nets_by_site, view.mapping)
    shown, omitted = {}, {}
    for s in sites:
        names = order[s]
        if len(names) > COL_CAP and len(ix.net) > NET_CAP:
            def prio(n):
                return (0 if n in replicas_on else 1, n)
            keep = set(sorted(names, key=prio)[:COL_CAP])
            shown[s] = [n for n in names if n in keep]
            omitted[s] = [n for n in names if n not in keep]
        else:
            shown[s], omitted[s] = names, []
    n_omitted = sum(len(v) for v in omitted.values()) + len(set(ix.net) - relevant)

    def vm_lines_for(key):
        """Lines for the VMs on network ``key``: replicas, running primaries, others."""
        lines = []
        for v, r in sorted(replicas_on.get(key, ()), key=lambda x: (x[0], x[1].index)):
            comp = view.net.component(key)
            col = gcolour.get(comp, INK) if view.net.is_up(key) else GREY
            segs = [_seg("★", color=col), _seg(v, weight="bold", key=("vm", v))]
            if len(ix.vm[v].nics) > 1:
                segs.append(_seg(f"NIC {r.index}", size=7, color=GREY))
            ip = _ip_text(r)
            if ip:
                segs.append(_seg(ip, size=7, color=ORANGE if r.ip_retained is False
                                 else GREY))
            lines.append(segs)
        if not isinstance(key, tuple):
            seen = set()
            for nic in ix.nics_on.get(key, ()):
                v = nic.vm
                if v in seen:
                    continue
                seen.add(v)
                st = view.state(v)
                if v in F and not sc.is_test:
                    if st == "down":
                        lines.append([_seg("✕", color=GREY), _seg(v, color=GREY,
                                                                   key=("vm", v)),
                                      _seg("down", size=7, color=GREY)])
                    else:
                        lines.append([_seg("↷", color=GREY), _seg(v, color=GREY,
                                                                   style="italic"),
                                      _seg("failed over", size=7, color=GREY)])
                elif st == "down":
                    lines.append([_seg("✕", color=GREY), _seg(v, color=GREY, key=("vm", v)),
                                  _seg("down", size=7, color=GREY)])
                else:
                    comp = view.net.component(key)
                    col = gcolour.get(comp, INK) if comp is not None else GREY
                    segs = [_seg("●", color=col), _seg(v, key=("vm", v))]
                    if nic.ip:
                        segs.append(_seg(nic.ip, size=7, color=GREY))
                    lines.append(segs)
        if len(lines) > BOX_VM_CAP:
            extra = len(lines) - BOX_VM_CAP + 1
            lines = lines[: BOX_VM_CAP - 1] + [[_seg(_more(extra, "VMs"), size=7,
                                                      color=GREY)]]
        return lines

    def net_lines(key):
        label = network_label(key)
        lines = [[_seg(label, weight="bold", key=("net", label))]]
        if isinstance(key, tuple):
            lines.append([_seg(f"network of recovery plan {key[1]} (R6)", size=7,
                               color=GREY)])
        if not view.net.is_up(key):
            lines.append([_seg("site down: carries no traffic", size=7, color=GREY)])
        else:
            comp = view.net.component(key)
            if comp in gnum:
                lines.append([_seg(f"group {gnum[comp]}", size=7, weight="bold",
                                   color=gcolour[comp])])
            else:
                lines.append([_seg("no running VMs", size=7, color=GREY)])
        if key == sc.test_network:
            lines.append([_seg("TEST NETWORK (drill)", size=7, weight="bold", color=BLUE)])
        if not isinstance(key, tuple) and ix.net[key].gateway_sites:
            gs = [g + (" (down)" if g in view.down_sites else "")
                  for g in ix.net[key].gateway_sites]
            lines.append([_seg("gateway to " + _names(gs, 3), size=7, color=BLUE)])
        return lines + vm_lines_for(key)

    # the panels below the columns
    isolated = sorted(v for v in ix.vm if view.is_isolated(v))
    down = sorted(v for v in ix.vm if view.state(v) == "down")
    broken = view.broken_dependencies()
    panels = []

    def panel(title, colour, rows, key_kind):
        lines = [[_seg(title, weight="bold", color=colour)]]
        for name, why in rows[:PANEL_CAP]:
            segs = [_seg(name, weight="bold", color=colour,
                         key=(key_kind, name) if key_kind else None)]
            parts = textwrap.wrap(why or "", 80)[:3]
            if parts:
                segs.append(_seg(parts[0], size=7, color="#555555"))
            lines.append(segs)
            for part in parts[1:]:
                lines.append([_seg("    " + part, size=7, color="#555555")])
        if len(rows) > PANEL_CAP:
            lines.append([_seg(_more(len(rows) - PANEL_CAP, "rows"), size=7, color=GREY)])
        if not rows:
            lines.append([_seg("none", size=7, color=GREY)])
        return {"lines": lines, "colour": colour}

    panels.append(panel(f"Isolated VMs ({len(isolated):,}): running, no connected NIC",
                        RED if isolated else GREEN,
                        [(v, view.isolation_reason(v)) for v in isolated], "isolated"))
    panels.append(panel(f"Down VMs ({len(down):,})", GREY,
                        [(v, view.down_reason(v)) for v in down], "down"))
    panels.append(panel(f"Broken dependencies ({len(broken):,}, R8)", RED if broken else GREEN,
                        [(f"{b['vm']} → {b['depends_on']}", b["reason"]) for b in broken],
                        None))
    if sc.test_network:
        iso, why = view.test_isolation()
        panels.append(panel("Test network " + ("isolated" if iso else "NOT isolated"),
                            GREEN if iso else RED, [(sc.test_network, why)], None))

    # ---- layout
    M, COLGAP, VGAP = 0.35, 1.1, 0.14
    cols = []
    for s in sites:
        is_down = s in view.down_sites
        header = _site_header(ix, s, down=is_down)
        keys = list(shown[s])
        if ix.site_platform.get(s) == "azure":
            keys += [k for k in plan_nets if any(view.target_site(v) == s
                                                 for v, _ in replicas_on[k])]
        items = [(k, net_lines(k)) for k in keys]
        widths = [_lines_size(x)[0] for x in [header] + [i[1] for i in items]]
        more = [[_seg(_more(len(omitted[s]), "networks"), size=7.5, color=GREY)]] \
            if omitted[s] else None
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
        cols.append({"site": s, "down": is_down, "header": header, "items": items,
                     "more": more, "w": max(max(widths), 1.9)})
    placed_plan = {k for c in cols for k, _ in c["items"]}
    extra_plan = [k for k in plan_nets if k not in placed_plan]
    if extra_plan and cols:  # R6 networks of plans whose target site is not drawn
        c = cols[-1]
        c["items"] += [(k, net_lines(k)) for k in extra_plan]
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
    # panels flow left to right, wrapping at the body's width
    total = sum(max(_lines_size(p["lines"])[0], 2.2) + 0.2 for p in panels)
    width_limit = max(right, min(total, 12.0), 7.5)
    px, py, row_h = M, body_bottom, 0.0
    panel_pos = []
    for p in panels:
        w, h = _lines_size(p["lines"])
        w = max(w, 2.2)
        if px > M and px + w > M + width_limit:
            px, py, row_h = M, py + row_h + 0.15, 0.0
        panel_pos.append((px, py, w, h))
        px += w + 0.2
        row_h = max(row_h, h)
    panels_bottom = py + row_h + 0.2
    glabels = []
    for comp, vms in gorder[:8]:
        nm = network_label(comp)
        glabels.append(f"group {gnum[comp]}: {_clip(nm, 28)} ({_count(len(vms), 'VM')})")
    if len(gorder) > 8:
        glabels.append(_more(len(gorder) - 8, "groups"))
    base_labels = ["replica (its IP; orange: reassigned)", "running primary", "down",
                   "link", "gateway (to every VM network of the site)", "site down"]
    ncol = 4
    lw_, lh_ = _legend_size(glabels + base_labels, ncol)
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
           f"{_count(len(broken), 'broken dependency', 'broken dependencies')}")
    if ix.name:
        sub = ix.name + " — " + sub
    _title(ax, M, M - 0.1, title, sub)

    boxes = {}
    for c, x in zip(cols, xs):
        s, w = c["site"], c["w"]
        _, hh = _lines_size(c["header"])
        azure = ix.site_platform.get(s) == "azure"
        face = "#9e9e9e" if c["down"] else ("#0b5394" if azure else "#37474f")
        hdr = _box(ax, x, top, w, hh, face=face, edge="none", rounding=0.06)
        boxes[("site", s)] = hdr
        _draw_lines(ax, x, top, c["header"], reg)
        y = top + hh + 0.2
        for key, lines in c["items"]:
            _, h = _lines_size(lines)
            comp = view.net.component(key)
            if isinstance(key, tuple) and key[0] == "isolated":
                p = _box(ax, x, y, w, h, face="#fdecea", edge=RED, lw=2.0, ls="--")
                reg.setdefault("isolated_boxes", {})[key[1]] = p
                _draw_lines(ax, x, y, lines, reg)
                y += h + VGAP
                continue
            if not view.net.is_up(key):
                _box(ax, x, y, w, h, face="#f2f2f2", edge="#d0d0d0", lw=0, hatch="//", z=1.5)
                p = _box(ax, x, y, w, h, face="none", edge=GREY, ls="--")
            elif comp in gcolour:
                col = gcolour[comp]
                p = _box(ax, x, y, w, h, face=_tint(col), edge=col, lw=2.0)
            else:
                p = _box(ax, x, y, w, h, face="white", edge="#9e9e9e")
            if key == sc.test_network:
                p.set_linestyle("-.")
            boxes[key] = p
            reg["networks"][network_label(key)] = p
            _draw_lines(ax, x, y, lines, reg)
            y += h + VGAP
        if c["more"]:
            _draw_lines(ax, x - PAD, y - PAD, c["more"])
    for comp, _vms in gorder:
        reg["groups"][network_label(comp)] = gcolour[comp]
    # links and gateways, under the boxes
    reg["links"] = []
    for a, b in ix.links:
        if a in boxes and b in boxes:
            up = view.net.is_up(a) and view.net.is_up(b)
            ln = _connect(ax, boxes[a], boxes[b], color="#555555" if up else "#bbbbbb",
                          lw=1.6 if up else 1.0, ls="-" if up else ":", head=False, z=1)
            reg["links"].append(((a, b), ln))
    reg["gateways"] = []
    for n in sorted(k for k in boxes if isinstance(k, str)):
        net = ix.net[n]
        for s in net.gateway_sites:
            if ("site", s) not in boxes:
                continue
            up = view.net.is_up(n) and s not in view.down_sites
            g = _connect(ax, boxes[n], boxes[("site", s)], color=BLUE if up else "#bbbbbb",
                         lw=1.3, ls="--", head=False, z=1)
            reg["gateways"].append(((n, s), g))
    for p, (x, y, w, h) in zip(panels, panel_pos):
        _box(ax, x, y, w, h, face="white", edge=p["colour"], lw=1.2)
        _draw_lines(ax, x, y, p["lines"], reg)
    handles = []
    for (comp, _v), lab in zip(gorder[:8], glabels):
        handles.append(Patch(facecolor=_tint(gcolour[comp]), edgecolor=gcolour[comp], lw=2,
                             label=lab))
    if len(gorder) > 8:
        handles.append(Patch(facecolor=_tint(OTHER_GROUPS), edgecolor=OTHER_GROUPS,
                             label=glabels[-1]))
    handles += [
        Line2D([], [], ls="none", marker="*", color=INK, label=base_labels[0]),
        Line2D([], [], ls="none", marker="o", color=INK, markersize=5, label=base_labels[1]),
        Line2D([], [], ls="none", marker="x", color=GREY, label=base_labels[2])
        if down else None,
        Line2D([], [], color="#555555", lw=1.6, label=base_labels[3])
        if reg["links"] else None,
        Line2D([], [], color=BLUE, lw=1.3, ls="--", label=base_labels[4])
        if reg["gateways"] else None,
        Patch(facecolor="#f2f2f2", edgecolor=GREY, hatch="//", ls="--", label=base_labels[5])
        if view.down_sites else None,
    ]
    handles = [h for h in handles if h is not None]
    _legend(ax, handles, M, panels_bottom, ncol)
    y = panels_bottom + lh_ + 0.15
    for line in foot:
        _text(ax, M, y, line, size=7.5, color=GREY, style="italic")
        y += 0.2
    reg["omitted"] = {"networks": n_omitted, "sites": len(hidden_sites)}
    reg["isolated"] = isolated
    reg["down"] = down
    reg["broken"] = broken
    return _finish(fig, ax)


def _connect(ax, pa, pb, rad=0.06, dy=0.0, **style):
    """A line or arrow between two boxes of a column layout, from facing edges.

    Boxes in one column are joined by an arc through the gap right of the column; boxes
    in different columns by a line from the side of one facing the other.
    """
    ya = pa.get_y() + pa.get_height() / 2 + dy
    yb = pb.get_y() + pb.get_height() / 2 + dy
    if _same_col(pa, pb):
        x = pa.get_x() + pa.get_width()
        bend = -0.45 if yb > ya else 0.45
        return _arrow(ax, (x, ya), (x, yb), rad=bend, **style)
    if pa.get_x() < pb.get_x():
        a, b = (pa.get_x() + pa.get_width(), ya), (pb.get_x(), yb)
    else:
        a, b = (pa.get_x(), ya), (pb.get_x() + pb.get_width(), yb)
    return _arrow(ax, a, b, rad=rad, **style)


def _lane_arrow(ax, pa, pb, lane_y, colgap, i, color=BLUE, lw=1.4, ls="-", z=3):
    """An arrow from box ``pa`` to box ``pb`` columns apart, routed through the gaps
    between columns and a horizontal lane above the boxes (never across a box)."""
    from matplotlib.path import Path

    f = 0.25 + 0.5 * ((i * 0.37) % 1.0)
    ya = pa.get_y() + pa.get_height() / 2
    yb = pb.get_y() + pb.get_height() / 2
    if pb.get_x() < pa.get_x():
        xa, xb = pa.get_x(), pb.get_x() + pb.get_width()
        ga, gb = xa - colgap * f, xb + colgap * (1 - f)
    else:
        xa, xb = pa.get_x() + pa.get_width(), pb.get_x()
        ga, gb = xa + colgap * f, xb - colgap * (1 - f)
    verts = [(xa, ya), (ga, ya), (ga, lane_y), (gb, lane_y), (gb, yb), (xb, yb)]
    path = Path(verts, [Path.MOVETO] + [Path.LINETO] * (len(verts) - 1))
    p = FancyArrowPatch(path=path, arrowstyle="-|>", mutation_scale=11, color=color,
                        linewidth=lw, linestyle=ls, zorder=z)
    ax.add_patch(p)
    return p, ((ga + gb) / 2, lane_y)


def _centre(p):
    return (p.get_x() + p.get_width() / 2, p.get_y() + p.get_height() / 2)


def _same_col(a, b):
    return abs(a.get_x() - b.get_x()) < 1e-6


# -------------------------------------------------------------------------- plan

PLAN_COL_CAP = 25


def plan_scenario(G, plan):
    """The scenario of NM010: ``plan`` fails over with its primary site(s) down."""
    ix = index(G)
    if plan not in ix.plan:
        raise ScenarioError(f"unknown recovery plan '{plan}'" + did_you_mean(plan, ix.plan))
    sites = sorted({ix.site_of_vm(v) for g in ix.plan[plan] for v in g
                    if ix.cloud[ix.vm[v].cloud].protected})
    return Scenario(plans=(plan,), sites_down=tuple(s for s in sites if s is not None))


def draw_plan(G, plan, scenario=None, ax=None):
    """One recovery plan: boot groups in order, dependencies, broken ones in red (R8).

    Without ``scenario`` the plan fails over with its primary site(s) down (as check
    NM010 assumes); pass a :class:`~netmap.model.scenario.Scenario` to see another case.
    """
    ix = index(G)
    if plan not in ix.plan:
        raise ScenarioError(f"unknown recovery plan '{plan}'" + did_you_mean(plan, ix.plan))
    sc = scenario if scenario is not None else plan_scenario(G, plan)
    view = evaluate(G, sc)
    groups = ix.plan[plan]
    members = [v for g in groups for v in g]
    in_plan = set(members)
    broken = view.broken_dependencies(vms=members)
    broken_key = {(b["vm"], b["depends_on"]): b for b in broken}
    order_bad = {(p["vm"], p["depends_on"]): p for p in boot_order_problems(G, plan)}
    outside = sorted({d for v in members for d in ix.vm[v].depends_on if d not in in_plan})

    def vm_lines(v):
        st = view.state(v)
        lines = [[_seg(v, weight="bold", key=("vm", v))]]
        vm = ix.vm[v]
        lines.append([_seg(vm.cloud, size=7, color=GREY)])
        if st == "down":
            lines.append([_seg("down", size=7, weight="bold", color=GREY),
                          _seg(_clip(view.down_reason(v) or "", 48), size=7, color=GREY)])
        elif view.is_isolated(v):
            lines.append([_seg("ISOLATED", size=7, weight="bold", color=RED),
                          _seg(_clip(view.isolation_reason(v), 48), size=7, color=RED)])
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

    # ---- layout
    M, COLGAP, VGAP = 0.35, 1.0, 0.18
    cols = []
    if outside:  # dependencies outside the plan must already run: left of group 1
        names = outside[:PLAN_COL_CAP]
        cols.append({"title": "Not in this plan", "items": [(v, vm_lines(v)) for v in names],
                     "more": len(outside) - len(names), "outside": True})
    for i, g in enumerate(groups):
        title = f"Group {i + 1}" + (" (boots first)" if i == 0 else "")
        names = g[:PLAN_COL_CAP]
        items = [(v, vm_lines(v)) for v in names]
        more = len(g) - len(names)
        cols.append({"title": title, "items": items, "more": more})
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
    # the list of broken dependencies and boot-order problems
    rows = []
    for v, d in deps:
        if (v, d) in broken_key:
            rows.append((v, d, broken_key[(v, d)]["reason"], RED))
    for v, d in deps:
        if (v, d) in order_bad and (v, d) not in broken_key:
            rows.append((v, d, order_bad[(v, d)]["reason"], ORANGE))
    plines = [[_seg(f"Broken dependencies ({len(broken):,}) and boot-order problems "
                    f"({len(order_bad):,})", weight="bold", color=RED if rows else GREEN)]]
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
    pw, ph = _lines_size(plines)
    labels = ["depends on (dependency OK)", "broken dependency (R8)",
              "dependency boots too late (same or later group)", "down VM",
              "isolated VM"]
    lw_, lh_ = _legend_size(labels, 3)
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
        _text(ax, x, top + 0.1, c["title"], size=9, weight="bold",
              color=GREY if c.get("outside") else INK)
        y = box_top
        for v, lines in c["items"]:
            _, h = _lines_size(lines)
            st = view.state(v)
            if st == "down":
                p = _box(ax, x, y, c["w"], h, face="#eeeeee", edge=GREY, ls="--")
            elif view.is_isolated(v):
                p = _box(ax, x, y, c["w"], h, face="#fdecea", edge=RED, lw=1.6)
            else:
                p = _box(ax, x, y, c["w"], h, face=LIGHT if c.get("outside") else "white",
                         edge=INK)
            boxes[v] = p
            _draw_lines(ax, x, y, lines, reg)
            y += h + VGAP
        if c["more"] > 0:
            _text(ax, x + PAD, y + _lh() / 2, _more(c["more"], "VMs"), size=7, color=GREY)
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
        Line2D([], [], color="#444444", lw=1.3, marker=">", markersize=5, label=labels[0]),
        Line2D([], [], color=RED, lw=2.2, marker=">", markersize=5, label=labels[1]),
        Line2D([], [], color=ORANGE, lw=1.3, ls="--", label=labels[2]),
        Patch(facecolor="#eeeeee", edgecolor=GREY, ls="--", label=labels[3]),
        Patch(facecolor="#fdecea", edgecolor=RED, lw=1.6, label=labels[4]),
    ]
    _legend(ax, handles, M, body_bottom + ph + 0.2, 3)
    reg["broken"] = broken
    return _finish(fig, ax)


# -------------------------------------------------------------------------- path

def draw_path(G, a, b, scenario=None, ax=None):
    """The route from VM ``a`` to VM ``b`` that :func:`netmap.analysis.reach.reach` found, or why not."""
    from netmap.analysis.reach import reach

    sc = scenario or Scenario()
    r = reach(G, a, b, sc)
    view = evaluate(G, sc)
    ix = view.ix

    def vm_lines(v):
        st = view.state(v)
        site = view.target_site(v) if st == "replica" else ix.site_of_vm(v)
        lines = [[_seg(v, size=10, weight="bold", key=("vm", v))]]
        desc = {"replica": "replica", "primary": "primary", "down": "down"}[st]
        lines.append([_seg(f"{desc} at {site}", size=7, color=GREY)])
        for n, ok in view.nic_networks(v)[:4]:
            if n is None:
                lines.append([_seg("NIC disconnected", size=7, color=RED)])
            else:
                lines.append([_seg(network_label(n), size=7, color=INK if ok else GREY),
                              _seg("" if ok else "(no traffic)", size=7, color=GREY)])
        return lines

    def net_lines(n):
        lines = [[_seg(n, weight="bold", key=("net", n))]]
        if n in ix.net:
            net = ix.net[n]
            kind = "Azure network" if net.is_azure else "VM network"
            lines.append([_seg(f"{kind} · {net.site}", size=7, color=GREY)])
        else:
            lines.append([_seg("recovery-plan network (R6)", size=7, color=GREY)])
        return lines

    M = 0.35
    top = M + 0.85
    if r.reachable:
        nodes = [("vm", r.path[0])] + [("net", n) for n in r.path[1:-1]] + \
                [("vm", r.path[-1])]
        hops = r.hops
    else:
        nodes = [("vm", a), ("vm", b)]
        hops = [None]
    items = [(k, n, vm_lines(n) if k == "vm" else net_lines(n)) for k, n in nodes]
    per_row = 5
    GAPX, GAPY = 1.1, 0.5
    rows = [items[i:i + per_row] for i in range(0, len(items), per_row)]
    colw = max(_lines_size(x)[0] for _, _, x in items)
    rowh = [max(_lines_size(x)[1] for _, _, x in row) for row in rows]
    why_lines = []
    if not r.reachable:
        for part in textwrap.wrap("why: " + (r.reason or ""), 110):
            why_lines.append([_seg(part, size=8.5, color=RED)])
    ww, wh = _lines_size(why_lines) if why_lines else (0, 0)
    W = max(M * 2 + min(len(items), per_row) * (colw + GAPX) - GAPX, ww + 2 * M, 6.0)
    H = top + sum(rowh) + GAPY * (len(rows) - 1) + 0.3 + wh + 0.55 + M
    fig, ax = _figure(W, H, ax)
    reg = ax.netmap
    verdict = "reachable" if r.reachable else "NOT reachable"
    _title(ax, M, M - 0.1, f"Path {a} → {b}: {verdict}",
           f"{view.scenario.describe()}" + (f" · {len(r.path) - 2} network(s) crossed"
                                             if r.reachable else ""))
    boxes = []
    y = top
    for ri, row in enumerate(rows):
        x = M
        for k, n, lines in row:
            h = rowh[ri]
            if k == "vm":
                st = view.state(n)
                edge = GREY if st == "down" else (RED if view.is_isolated(n) else INK)
                p = _box(ax, x, y, colw, h, face="#fff8e1", edge=edge, lw=1.5)
            else:
                col = GROUP_COLOURS[0]
                p = _box(ax, x, y, colw, h, face=_tint(col), edge=col, lw=1.5)
                reg["networks"][n] = p
            _draw_lines(ax, x, y, lines, reg)
            boxes.append(p)
            x += colw + GAPX
        y += rowh[ri] + GAPY
    reg["hops"] = []
    for i, hop in enumerate(hops):
        pa, pb = boxes[i], boxes[i + 1]
        if r.reachable:
            col = {"gateway": BLUE, "link": "#555555"}.get(hop, GREEN)
            ar = _arrow(ax, _centre(pa), _centre(pb), pa, pb, color=col, lw=1.8,
                        ls="--" if hop == "gateway" else "-")
            (xa, ya), (xb, yb) = _centre(pa), _centre(pb)
            _text(ax, (xa + xb) / 2, min(ya, yb) - 0.12, hop, size=7.5, color=col,
                  ha="center", weight="bold")
            reg["hops"].append((hop, ar))
        else:
            (xa, ya), (xb, yb) = _centre(pa), _centre(pb)
            _arrow(ax, _centre(pa), _centre(pb), pa, pb, color=RED, lw=1.5, ls=":",
                   head=False)
            _text(ax, (xa + xb) / 2, (ya + yb) / 2, "✕", size=20, color=RED, ha="center",
                  weight="bold", z=6)
    if why_lines:
        _draw_lines(ax, M, y - GAPY + 0.2, why_lines, reg)
    reg["reach"] = r
    return _finish(fig, ax)


# -------------------------------------------------------------------------- API

def draw(G, view="topology", scenario=None, plan=None, a=None, b=None, ax=None):
    """Draw ``view`` (one of :data:`VIEWS`); returns ``(fig, ax)``.

    ``plan`` is the recovery plan of the ``plan`` view, ``a``/``b`` the VMs of the
    ``path`` view, ``scenario`` the :class:`~netmap.model.scenario.Scenario` of the
    ``failover``, ``plan`` and ``path`` views.
    """
    if view == "topology":
        mapping = None
        if scenario is not None and (scenario.remap or scenario.unmap):
            from netmap.analysis.mapping import effective_mapping

            mapping = effective_mapping(G, scenario.remap, scenario.unmap)
        return draw_topology(G, ax=ax, mapping=mapping)
    if view == "failover":
        return draw_failover(G, scenario, ax=ax)
    if view == "plan":
        if plan is None:
            raise ScenarioError("the plan view needs a recovery plan (plan=...)")
        return draw_plan(G, plan, scenario, ax=ax)
    if view == "path":
        if a is None or b is None:
            raise ScenarioError("the path view needs two VMs (a=..., b=...)")
        return draw_path(G, a, b, scenario, ax=ax)
    raise ScenarioError(f"unknown view '{view}'" + suggest(view, VIEWS)
                        + f"; views: {', '.join(VIEWS)}")


@contextlib.contextmanager
def _quiet():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph.*missing.*")
        warnings.filterwarnings("ignore", message=r".*missing from font.*")
        yield


def to_png_bytes(fig, dpi=150):
    """The figure as PNG bytes (rendered in memory)."""
    buf = _io.BytesIO()
    with _quiet():
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def to_svg_bytes(fig):
    """The figure as SVG bytes (rendered in memory; no date, fixed ids)."""
    buf = _io.BytesIO()
    with _quiet(), matplotlib.rc_context({"svg.hashsalt": "netmap"}):
        fig.savefig(buf, format="svg", facecolor="white", metadata={"Date": None})
    return buf.getvalue()


def to_bytes(fig, fmt):
    """PNG, SVG or PDF bytes of ``fig`` by format name."""
    fmt = fmt.lower().lstrip(".")
    if fmt == "png":
        return to_png_bytes(fig)
    if fmt == "svg":
        return to_svg_bytes(fig)
    if fmt == "pdf":
        buf = _io.BytesIO()
        with _quiet():
            fig.savefig(buf, format="pdf", facecolor="white",
                        metadata={"CreationDate": None, "ModDate": None})
        return buf.getvalue()
    raise ValueError(f"unknown image format '{fmt}' (png, svg or pdf)")


def close(fig):
    """Release ``fig`` (closes it in pyplot when pyplot made it)."""
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        plt.close(fig)
