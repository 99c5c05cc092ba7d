"""The drawing engine every view shares: fonts, colours, text, boxes, arrows, figures.

Every view lays out a diagram in inches (x to the right, y down) from the text it
holds: :func:`_seg` makes a segment of text, a list of segments is a line, a list of
lines fills a box. :func:`_lines_size` measures lines with the fonts the figure uses,
so boxes fit their text; :func:`_draw_lines` draws them and records named segments in
the axes' registry (``ax.netmap``). The site-column helpers (:func:`_site_order`,
:func:`_order_columns`, :func:`_column_x`) are shared by the topology and failover
views; :func:`_connect` and :func:`_lane_arrow` join boxes of a column layout.

Nothing here runs at import beyond constants and one look at the installed fonts
(:func:`cjk_font`): no backend switch, no warning filter. Warnings about missing
glyphs are silenced only inside :func:`_quiet`, around measuring and saving.

Examples
--------
>>> _count(1, "VM"), _count(2_000, "VM"), _count(2, "dependency", "dependencies")
('1 VM', '2,000 VMs', '2 dependencies')
>>> _names(["a", "b", "c", "d", "e"], 2)
'a, b (+3)'
>>> w, h = _lines_size([[_seg("VM1", weight="bold")], [_seg("10.0.0.5", size=7)]])
>>> 0.2 < w < 1.0 and 0.2 < h < 0.5
True
"""

from __future__ import annotations

import contextlib
import functools
import sys
import textwrap
import unicodedata
import warnings
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

import networkx as nx
from matplotlib import font_manager

from netmap.analysis.connectivity import overlapping_prefixes
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path
from matplotlib.text import Text

#: What a view draws: the graph :func:`netmap.load` returns.
Topo = nx.MultiDiGraph
#: One segment of a line of text (see :func:`_seg`); a line is a list of them.
Seg = dict[str, Any]
Lines = list[list[Seg]]

# -------------------------------------------------------------------------- fonts

_CJK_HINTS = ("Noto Sans CJK", "Noto Serif CJK", "Source Han Sans", "WenQuanYi",
              "Droid Sans Fallback", "AR PL", "Noto Sans SC", "Noto Sans TC",
              "Noto Sans JP", "Microsoft YaHei", "SimHei", "SimSun", "PingFang",
              "Hiragino Sans", "Heiti", "Arial Unicode", "Unifont")


def cjk_font() -> str | None:
    """The name of an installed font family with CJK glyphs, or None."""
    names = sorted({f.name for f in font_manager.fontManager.ttflist})
    for hint in _CJK_HINTS:
        for n in names:
            if n.startswith(hint):
                return n
    return None


_CJK = cjk_font()
#: The font families of every text: DejaVu Sans, then a CJK font when one is installed.
FAMILY = ["DejaVu Sans"] + ([_CJK] if _CJK else [])

# -------------------------------------------------------------------------- colours

RED = "#c62828"
ORANGE = "#e67e00"
GREY = "#8a8a8a"
LIGHT = "#f4f4f4"
INK = "#222222"
BLUE = "#1f5fa8"
PEERING = "#00897b"  #: peerings (R5: not transitive), dashed
GREEN = "#2e7d32"
PURPLE = "#7b1fa2"  # unplaced replicas (R4): no host, never run
PURPLE_TINT = "#f3e5f5"
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


def _tw_estimate(s: str, size: float, bold: bool) -> float:
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
def _tw(s: str, size: float = SIZE, bold: bool = False) -> float:
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


def _lh(size: float = SIZE) -> float:
    """The height of a line of text of ``size`` points, in inches."""
    return size * 1.5 / 72.0


#: the longest free text drawn on one line of a diagram (titles, notes), the longest
#: line of a box, and the longest name of a labelled object or in a list of names: a name
#: may be 256 characters, and boxes grow with their labels (the cost of a drawing grows
#: with its area)
LINE_CAP = 100
SEG_CAP = 60
NAME_CAP = 40


def _text(ax: Axes, x: float, y: float, s: str, size: float = SIZE, weight: str = "normal",
          color: Any = INK, ha: str = "left", va: str = "center", style: str = "normal",
          z: float = 5, **kw: Any) -> Text:
    """A literal text: never math text, never TeX; at most :data:`LINE_CAP` characters
    a line."""
    if len(s) > LINE_CAP:
        s = "\n".join(_clip(part, LINE_CAP) for part in s.split("\n"))
    return ax.text(x, y, s, fontsize=size, fontweight=weight, color=color, ha=ha, va=va,
                   fontstyle=style, usetex=False, parse_math=False, fontfamily=FAMILY,
                   zorder=z, **kw)


def _seg(text: str, size: float = SIZE, weight: str = "normal", color: Any = INK,
         style: str = "normal", key: tuple | None = None) -> Seg:
    """A segment of a line; ``key`` (e.g. ``("vm", name)``) records its Text in the registry.

    A named object's label is shortened to :data:`NAME_CAP` characters, any other to
    :data:`SEG_CAP`."""
    text = _clip(text, NAME_CAP if key is not None else SEG_CAP)
    return {"text": text, "size": size, "weight": weight, "color": color, "style": style,
            "key": key}


def _line_width(segs: list[Seg]) -> float:
    return sum(_tw(s["text"], s["size"], s["weight"] == "bold") for s in segs) + \
        GAP * (len(segs) - 1)


def _line_height(segs: list[Seg]) -> float:
    return _lh(max(s["size"] for s in segs))


def _lines_size(lines: Lines) -> tuple[float, float]:
    """``(width, height)`` in inches of a box holding ``lines``, padding included."""
    w = max((_line_width(line) for line in lines), default=0.0)
    h = sum(_line_height(line) for line in lines)
    return w + 2 * PAD, h + 2 * PAD


def _draw_lines(ax: Axes, x: float, y: float, lines: Lines,
                registry: dict[str, Any] | None = None) -> list[Text]:
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


def _box(ax: Axes, x: float, y: float, w: float, h: float, face: Any = "white",
         edge: Any = INK, lw: float = 1.0, ls: str = "-", hatch: str | None = None,
         z: float = 2, rounding: float = 0.05) -> FancyBboxPatch:
    """A rounded box with its top-left corner at ``(x, y)`` (y points down)."""
    p = FancyBboxPatch((x, y), w, h, boxstyle=f"round,pad=0,rounding_size={rounding}",
                       facecolor=face, edgecolor=edge, linewidth=lw, linestyle=ls,
                       hatch=hatch, zorder=z)
    ax.add_patch(p)
    return p


def _arrow(ax: Axes, a: tuple[float, float], b: tuple[float, float], patch_a: Any = None,
           patch_b: Any = None, color: Any = BLUE, lw: float = 1.4, ls: str = "-",
           rad: float = 0.0, head: bool = True, z: float = 3) -> FancyArrowPatch:
    """An arrow (or, ``head=False``, a line) from ``a`` to ``b``, bent by ``rad``."""
    style = "-|>" if head else "-"
    p = FancyArrowPatch(a, b, patchA=patch_a, patchB=patch_b, arrowstyle=style,
                        mutation_scale=11, color=color, linewidth=lw, linestyle=ls,
                        connectionstyle=f"arc3,rad={rad}", shrinkA=2, shrinkB=2, zorder=z)
    ax.add_patch(p)
    return p


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _more(n: int, what: str) -> str:
    return f"…and {n:,} more {what}"


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _names(names: Iterable[str], limit: int = 4) -> str:
    names = [_clip(n, NAME_CAP) for n in names]
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" (+{len(names) - limit:,})"


# -------------------------------------------------------------------------- joins


def _connect(ax: Axes, pa: FancyBboxPatch, pb: FancyBboxPatch, rad: float = 0.06,
             dy: float = 0.0, **style: Any) -> FancyArrowPatch:
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


def _lane_arrow(ax: Axes, pa: FancyBboxPatch, pb: FancyBboxPatch, lane_y: float,
                colgap: float, i: int, color: Any = BLUE, lw: float = 1.4, ls: str = "-",
                z: float = 3) -> tuple[FancyArrowPatch, tuple[float, float]]:
    """An arrow from box ``pa`` to box ``pb`` columns apart, routed through the gaps
    between columns and a horizontal lane above the boxes (never across a box)."""
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


def _centre(p: FancyBboxPatch) -> tuple[float, float]:
    return (p.get_x() + p.get_width() / 2, p.get_y() + p.get_height() / 2)


def _same_col(a: FancyBboxPatch, b: FancyBboxPatch) -> bool:
    return abs(a.get_x() - b.get_x()) < 1e-6


def _tint(colour: str, alpha: float = 0.16) -> tuple[float, float, float]:
    """``colour`` mixed with white: the fill of a box whose edge is ``colour``."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return (1 - alpha * (1 - r), 1 - alpha * (1 - g), 1 - alpha * (1 - b))


def _ip_text(r: Any) -> str:
    """The IP a replica NIC gets (R3): ``"10.0.0.5"`` (retained), ``"10.0.0.9 (new)"``
    (reassigned), ``"DHCP"``, ``"no IP"`` or ``""``."""
    if r.ip is None:
        if getattr(r, "ip_mode", "static") == "dhcp" and r.network is not None:
            return "DHCP"
        return "no IP" if r.source_ip and r.subnet is not None else ""
    return r.ip + ("" if r.ip_retained else " (new)")


def _one_vnet(r: Any) -> bool:
    """Did R3's one-VNet rule move this Azure replica NIC to its primary's network?"""
    reason = getattr(r, "reason", None)
    return reason is not None and any(k == "one_vnet" for k in reason.kinds)


# -------------------------------------------------------------------------- joins

def _overlapping_joins(ix: Any) -> set[tuple[str, str]]:
    """The joins ``(a, b)`` (sorted names) whose two networks' subnet prefixes overlap
    (NM017), from the network graph."""
    return {tuple(sorted((a, b))) for a, b in ix.network_graph.edges
            if overlapping_prefixes(ix, a, b)}


def _draw_joins(ax: Axes, ix: Any, boxes: dict[Any, FancyBboxPatch],
                is_up: Callable[[Any], bool], down_sites: Collection[str]) -> None:
    """Links between the networks in ``boxes`` and gateways to their sites' headers
    (``boxes[("site", s)]``), under the boxes; grey and dotted when not up. Peerings
    are dashed teal; a link or peering between overlapping prefixes is red (NM017),
    and so is a gateway to a site one of whose VM networks overlaps the Azure network."""
    reg = ax.netmap
    over = _overlapping_joins(ix)
    reg["links"], reg["peerings"], reg["overlaps"] = [], [], []
    for kind, pairs in (("links", ix.links), ("peerings", ix.peerings)):
        for a, b in pairs:
            if a in boxes and b in boxes:
                up = is_up(a) and is_up(b)
                bad = tuple(sorted((a, b))) in over
                color = (RED if bad else PEERING if kind == "peerings" else "#555555") \
                    if up else "#bbbbbb"
                ls = (":" if not up else "--" if kind == "peerings" else "-")
                ln = _connect(ax, boxes[a], boxes[b], color=color, lw=1.6 if up else 1.0,
                              ls=ls, head=False, z=1)
                reg[kind].append(((a, b), ln))
                if bad:
                    reg["overlaps"].append(((a, b), ln))
    reg["gateways"] = []
    for n in sorted(k for k in boxes if isinstance(k, str)):
        net = ix.net[n]
        for s in net.gateway_sites:
            if ("site", s) not in boxes:
                continue
            up = is_up(n) and s not in down_sites
            bad = any(tuple(sorted((n, m))) in over for m in ix.vm_networks_of_site(s))
            g = _connect(ax, boxes[n], boxes[("site", s)],
                         color=(RED if bad else BLUE) if up else "#bbbbbb",
                         lw=1.3, ls="--", head=False, z=1)
            reg["gateways"].append(((n, s), g))
            if bad:
                reg["overlaps"].append(((n, s), g))


# -------------------------------------------------------------------------- figure

def _new_figure(w: float, h: float) -> Figure:
    """A plain :class:`~matplotlib.figure.Figure`: no pyplot, so no backend is needed.

    Only when the caller already uses pyplot (``%matplotlib inline`` in Jupyter imports
    it) is the figure made through pyplot, so that it shows at the end of the cell like
    any other plot. netmap itself never imports pyplot.
    """
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        return plt.figure(figsize=(w, h))
    return Figure(figsize=(w, h))


def _figure(w: float, h: float, ax: Axes | None = None) -> tuple[Figure, Axes]:
    """A figure of ``w`` x ``h`` inches whose data units are inches, y pointing down.

    With ``ax`` given, draw on it (its figure keeps its size); else make a new figure
    (:func:`_new_figure`). The axes get an empty registry, ``ax.netmap``.
    """
    if ax is None:
        fig = _new_figure(w, h)
        fig.patch.set_facecolor("white")
        ax = fig.add_axes((0, 0, 1, 1))
    else:
        fig = ax.figure
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    ax.set_axis_off()
    ax.netmap = {"networks": {}, "vms": {}, "dependencies": [], "groups": {},
                 "omitted": {}, "texts": {}}
    return fig, ax


def _title(ax: Axes, x: float, y: float, title: str, subtitle: str | None = None) -> None:
    _text(ax, x, y + 0.16, title, size=13, weight="bold")
    if subtitle:
        _text(ax, x, y + 0.44, subtitle, size=9, color="#555555")


def _legend(ax: Axes, handles: list[Any], x: float, y: float, ncol: int) -> Any:
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


def _legend_size(labels: list[str], ncol: int) -> tuple[float, float]:
    """``(width, height)`` in inches of the legend of :func:`_legend`."""
    rows = -(-len(labels) // ncol)
    colw = max((_tw(s) for s in labels), default=1.0) + 0.55
    return colw * ncol + 0.2, rows * 0.19 + 0.45


def _literal(fig: Figure) -> Figure:
    """Make sure no text of ``fig`` is read as math or TeX (names are data)."""
    for t in fig.findobj(Text):
        t.set_usetex(False)
        t.set_parse_math(False)
    return fig


def _finish(fig: Figure, ax: Axes, *, own: bool, margin: float = 0.3) -> tuple[Figure, Axes]:
    """Literal texts; and when we made the figure (``own``), size it to what was drawn."""
    _literal(fig)
    if not own:
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


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence missing-glyph warnings (a CJK name without a CJK font), here only."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph.*missing.*")
        warnings.filterwarnings("ignore", message=r".*missing from font.*")
        yield


# -------------------------------------------------------------------------- site columns

NET_CAP = 60  # draw every network up to this many, else cut per column
COL_CAP = 15  # networks per column when cut
CLOUD_CAP = 8
SITE_CAP = 8
BOX_VM_CAP = 8
PANEL_CAP = 10


def _site_order(ix: Any) -> list[str]:
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


def _sites(ix: Any) -> tuple[list[str], list[str]]:
    """``(sites drawn, sites left out)``: the first :data:`SITE_CAP` in column order."""
    sites = _site_order(ix)
    return sites[:SITE_CAP], sites[SITE_CAP:]


def _site_header(ix: Any, site: str, down: bool = False) -> Lines:
    """The text of a site's header: its name, platform and VMM servers, SITE DOWN."""
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


def _draw_site_header(ax: Axes, ix: Any, site: str, lines: Lines, x: float, top: float,
                      w: float, *, down: bool = False) -> tuple[FancyBboxPatch, float]:
    """Draw a site's header box (grey when the site is down); return ``(box, height)``."""
    _, hh = _lines_size(lines)
    azure = ix.site_platform.get(site) == "azure"
    face = "#9e9e9e" if down else ("#0b5394" if azure else "#37474f")
    p = _box(ax, x, top, w, hh, face=face, edge="none", rounding=0.06)
    _draw_lines(ax, x, top, lines, ax.netmap)
    return p, hh


def _draw_foot(ax: Axes, x: float, y: float, foot: list[str]) -> None:
    """The footnotes under a diagram (what was left out), one per line."""
    for line in foot:
        _text(ax, x, y, line, size=7.5, color=GREY, style="italic")
        y += 0.2


def _column_x(widths: list[float], x0: float, gap: float) -> tuple[list[float], float]:
    """The left edge of each column, and the right edge of the last."""
    xs, x = [], x0
    for w in widths:
        xs.append(x)
        x += w + gap
    return xs, x - gap


def _order_columns(ix: Any, sites: list[str], nets_by_site: dict[str, list[str]],
                   mapping: Any) -> dict[str, list[str]]:
    """Order networks in each column so mapping arrows stay short (barycentre order)."""
    sources = _sources(mapping)
    pos = {}
    out = {}
    for s in sites:
        def key(n):
            near = [pos[m] for m in [*mapping.targets(n).values(), *sources.get(n, [])]
                    if m in pos]
            return (min(near) if near else float("inf"), n)
        names = sorted(nets_by_site.get(s, ()), key=key)
        for i, n in enumerate(names):
            pos[n] = i
        out[s] = names
    return out


def _sources(mapping: Any) -> dict[str, list[str]]:
    """Target network -> the networks mapped to it (``mapping``: a MappingTable)."""
    src = defaultdict(list)
    for s, t in mapping.pairs():
        src[t].append(s)
    return src


# -------------------------------------------------------------------------- panels

def _panel(title: str, colour: str, rows: list[tuple[str, str | None]],
           key_kind: str | None) -> dict[str, Any]:
    """A panel: a title and up to :data:`PANEL_CAP` rows of (name, why), wrapped."""
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


def _place_panels(panels: list[dict[str, Any]], right: float, m: float,
                  top: float) -> tuple[float, list[tuple[float, float, float, float]], float]:
    """Panels flow left to right from ``top``, wrapping at the body's width.

    Returns ``(width limit, [(x, y, w, h)], bottom)``.
    """
    total = sum(max(_lines_size(p["lines"])[0], 2.2) + 0.2 for p in panels)
    width_limit = max(right, min(total, 12.0), 7.5)
    px, py, row_h = m, top, 0.0
    panel_pos = []
    for p in panels:
        w, h = _lines_size(p["lines"])
        w = max(w, 2.2)
        if px > m and px + w > m + width_limit:
            px, py, row_h = m, py + row_h + 0.15, 0.0
        panel_pos.append((px, py, w, h))
        px += w + 0.2
        row_h = max(row_h, h)
    return width_limit, panel_pos, py + row_h + 0.2


def _draw_panels(ax: Axes, panels: list[dict[str, Any]],
                 positions: list[tuple[float, float, float, float]]) -> None:
    """Draw each panel in its box at its ``(x, y, w, h)``."""
    for p, (x, y, w, h) in zip(panels, positions):
        _box(ax, x, y, w, h, face="white", edge=p["colour"], lw=1.2)
        _draw_lines(ax, x, y, p["lines"], ax.netmap)
