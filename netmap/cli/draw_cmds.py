"""``netmap draw``: diagrams of a topology, a failover, a recovery plan or a path."""

from __future__ import annotations

import os

import click

from netmap.errors import NetmapError
from netmap.io.load import write_atomic
from netmap.cli.common import cli, load_graph, output_option, scenario_from, scenario_options, \
    topology_argument

VIEWS = ("topology", "failover", "plan", "path")  # netmap.plot.VIEWS, without importing it
FORMATS = (".png", ".svg", ".pdf")


@cli.command("draw")
@topology_argument(optional=True)
@output_option(required=True, help="Image file to write: .png, .svg or .pdf (whole or not "
                                   "at all).")
@click.option("--view", type=click.Choice(VIEWS), default="topology", show_default=True,
              help="What to draw.")
@scenario_options
@click.option("--from", "from_", default=None, metavar="VM", help="path view: first VM.")
@click.option("--to", "to", default=None, metavar="VM", help="path view: second VM.")
@click.option("--dpi", type=click.IntRange(30, 600), default=150, show_default=True,
              help="Resolution of PNG output.")
def draw_cmd(topology, output, view, from_, to, dpi, **opts):
    """Draw a diagram (the bundled example when no TOPOLOGY is given).

    \b
    Views:
      topology  sites as columns, clouds, networks and the mappings between them
      failover  a scenario: groups in colour, isolated and down VMs (scenario options)
      plan      one recovery plan (--plan P): boot groups, dependencies, broken in red;
                with its primary site(s) down unless --site-down/--vm/--all/
                --test-network say otherwise
      path      the route from --from A to --to B (scenario options)

    \b
    Examples:
      netmap draw -o topology.png
      netmap draw topo.yaml -o failover.svg --view failover --plan Plan-Gold --site-down Beijing
      netmap draw topo.yaml -o plan.png --view plan --plan Plan-Gold
      netmap draw topo.yaml -o path.png --view path --from VM1 --to MON-SH --all
    """
    ext = os.path.splitext(output)[1].lower()
    if ext not in FORMATS:
        raise click.BadParameter(f"'{output}' must end in .png, .svg or .pdf",
                                 param_hint="-o/--output")
    if view == "plan" and len(opts["plans"]) != 1:
        raise click.UsageError("the plan view draws one recovery plan: give --plan P once")
    if view == "path" and (from_ is None or to is None):
        raise click.UsageError("the path view needs --from A and --to B")
    if view != "path" and (from_ is not None or to is not None):
        raise click.UsageError("--from/--to go with --view path")
    G = load_graph(topology)
    sc = scenario_from(G, **opts)
    from netmap import plot  # matplotlib only when drawing

    if view == "plan":
        custom = sc.all or sc.vms or sc.sites_down or sc.test_network or sc.remap or sc.unmap
        fig, _ax = plot.draw_plan(G, sc.plans[0], sc if custom else None)
    else:
        fig, _ax = plot.draw(G, view, scenario=sc, a=from_, b=to)
    try:
        data = plot.to_png_bytes(fig, dpi=dpi) if ext == ".png" else plot.to_bytes(fig, ext)
    finally:
        plot.close(fig)
    try:
        write_atomic(output, data)
    except OSError as e:
        raise NetmapError(f"cannot write '{output}': {e.strerror}") from None
    click.echo(f"wrote {output} ({view} view, {len(data):,} bytes)", err=True)
