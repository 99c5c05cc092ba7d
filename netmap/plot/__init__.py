"""Diagrams of a topology and of what a failover does to it (the only matplotlib user).

Views
-----
``draw_topology(G, *, ax=None, mapping=None)``
    Sites as columns (protected sites left, recovery sites and Azure right), their
    clouds, VM networks and Azure networks, mapping arrows between networks, and the
    networks that are not mapped marked.
``draw_failover(G, scenario=None, *, ax=None)``
    One scenario (R5, R6, R9): every group (connected networks with their running VMs)
    in its own colour, replicas where they land with their IPs, links and gateways,
    down sites greyed out, isolated and down VMs and broken dependencies listed.
``draw_plan(G, plan, scenario=None, *, ax=None)``
    One recovery plan: boot groups left to right, dependencies as arrows, broken ones
    in red (R8). Without a scenario the plan fails over with its primary site(s) down.
``draw_path(G, a, b, scenario=None, *, ax=None)``
    The route :func:`netmap.analysis.reach.reach` found from VM ``a`` to VM ``b``, or why none.

Each returns ``(fig, ax)``. :func:`draw` dispatches by view name (one of :data:`VIEWS`);
:func:`to_bytes` (and :func:`to_png_bytes`, :func:`to_svg_bytes`) render a figure in
memory. Each view lives in its own module (:mod:`.topology`, :mod:`.failover`,
:mod:`.plan`, :mod:`.path`) over the shared engine in :mod:`._layout`.

Layouts are computed (columns and rows, sized from the text they hold), never random,
so the same input always draws the same picture. Large topologies are cut down to what
fits and the figure says what was left out ("…and 4,950 more networks").

Names from the input are always drawn as written: every text is created with
``usetex=False`` and ``parse_math=False``, so ``$x_1^{<b>}`` stays ``$x_1^{<b>}``.
CJK names draw with a CJK font when one is installed; without one the text is still
the name (glyphs may show as boxes) and the "missing glyph" warnings are silenced
while netmap measures and saves a figure.

The axes returned carry ``ax.netmap``: a dictionary of the artists drawn per object
(``networks``, ``vms``, ``dependencies``, ``groups``, ``omitted``, ``texts``, and per
view more), for tests and for callers that want to restyle a diagram.

Importing this module changes no global state: no backend is selected and no warning
filter is installed. Figures are plain :class:`matplotlib.figure.Figure` objects made
without pyplot, so saving PNG, SVG or PDF needs no display and no backend. Only when the
caller already uses pyplot (``%matplotlib inline`` in Jupyter) are they made through it,
so they show inline like any other plot; :func:`close` releases them there.

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

import io as _io
import sys

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from netmap.errors import ScenarioError
from netmap.model.names import suggest
from netmap.model.scenario import Scenario

from ._layout import FAMILY, Topo, _quiet, cjk_font
# the colours and caps of the views, for callers that restyle or check a diagram
from ._layout import (AZURE_FILL, BLUE, BOX_VM_CAP, CLOUD_CAP, COL_CAP, GREEN,  # noqa: F401
                      GREY, GROUP_COLOURS, INK, LIGHT, NET_CAP, ORANGE, OTHER_GROUPS,
                      PANEL_CAP, PURPLE, PURPLE_TINT, RED, SITE_CAP)
from .failover import draw_failover
from .path import draw_path
from .plan import PLAN_COL_CAP, draw_plan, plan_scenario  # noqa: F401
from .topology import draw_topology

__all__ = ["draw", "draw_topology", "draw_failover", "draw_plan", "draw_path",
           "plan_scenario", "to_bytes", "to_png_bytes", "to_svg_bytes", "close", "VIEWS",
           "cjk_font", "FAMILY"]

#: The views :func:`draw` knows, by name.
VIEWS = ("topology", "failover", "plan", "path")


def draw(G: Topo, view: str = "topology", scenario: Scenario | None = None, *,
         plan: str | None = None, a: str | None = None, b: str | None = None,
         ax: Axes | None = None) -> tuple[Figure, Axes]:
    """Draw ``view`` (one of :data:`VIEWS`) of ``G``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A loaded topology (:func:`netmap.load`).
    view : {"topology", "failover", "plan", "path"}
        What to draw.
    scenario : Scenario, optional
        The scenario of the ``failover``, ``plan`` and ``path`` views; for the
        ``topology`` view only its network remaps and unmaps count (the mapping drawn
        is the effective mapping of that what-if).
    plan : str, optional
        The recovery plan of the ``plan`` view (required there).
    a, b : str, optional
        The two VMs of the ``path`` view (required there).
    ax : matplotlib.axes.Axes, optional
        Draw on these axes (their figure keeps its size).

    Returns
    -------
    (Figure, Axes)
        As the view's function returns them (see :func:`draw_topology` and the others).

    Raises
    ------
    ScenarioError
        An unknown view (with a suggestion), a missing plan or VM, or an unknown name.

    Examples
    --------
    >>> from netmap import load, example_path
    >>> fig, ax = draw(load(example_path()), "plan", plan="Plan-Silver")
    >>> sorted(ax.netmap["vms"])
    ['APP2']
    >>> try:
    ...     draw(load(example_path()), "topolgy")
    ... except ScenarioError as e:
    ...     print(e)
    unknown view 'topolgy' (did you mean 'topology'?); views: topology, failover, plan, path
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


def to_png_bytes(fig: Figure, *, dpi: float = 150) -> bytes:
    """The figure as PNG bytes (rendered in memory, at ``dpi``).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> to_png_bytes(Figure(figsize=(1, 1)), dpi=10)[:4]
    b'\\x89PNG'
    """
    buf = _io.BytesIO()
    with _quiet():
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def to_svg_bytes(fig: Figure) -> bytes:
    """The figure as SVG bytes (rendered in memory; no date, fixed ids).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> b"<svg" in to_svg_bytes(Figure(figsize=(1, 1)))
    True
    """
    buf = _io.BytesIO()
    with _quiet(), matplotlib.rc_context({"svg.hashsalt": "netmap"}):
        fig.savefig(buf, format="svg", facecolor="white", metadata={"Date": None})
    return buf.getvalue()


def to_bytes(fig: Figure, fmt: str) -> bytes:
    """PNG, SVG or PDF bytes of ``fig`` by format name (``"png"``, ``".svg"``, ``"PDF"``).

    Raises
    ------
    ValueError
        Another format.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> to_bytes(Figure(figsize=(1, 1)), ".pdf")[:5]
    b'%PDF-'
    """
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


def close(fig: Figure) -> None:
    """Release ``fig``: close it in pyplot when pyplot is in use (it may manage ``fig``).

    Without pyplot there is nothing to release; the CLI and the report call this for
    every figure they draw all the same.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> close(Figure())
    """
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        plt.close(fig)
