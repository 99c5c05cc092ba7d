"""Commands that write or read other files: ``draw``, ``export``, ``import asr``,
``generate`` and ``schema``."""

from __future__ import annotations

import os

import click

from netmap.io.generate import dump as generated_text, generate
from netmap.io.jsontext import dumps
from netmap.io.schema import json_schema
from netmap.cli.options import (emit, load_topology, output_option,
                                refuse_output_over_input, scenario_options, to_scenario,
                                topology_argument, write_file)

__all__ = ["asr_cmd", "draw_cmd", "export_cmd", "generate_cmd", "import_group", "schema_cmd"]

#: the most VMs ``generate`` makes (ten times netmap's largest scale, about 20 GB of memory)
MAX_GENERATED_VMS = 10_000_000

VIEWS = ("topology", "failover", "plan", "path")  # netmap.plot.VIEWS, without importing it
IMAGE_FORMATS = (".png", ".svg", ".pdf")


@click.command("draw")
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
    if ext not in IMAGE_FORMATS:
        raise click.BadParameter(f"'{output}' must end in .png, .svg or .pdf",
                                 param_hint="-o/--output")
    if view == "plan" and len(opts["plans"]) != 1:
        raise click.UsageError("the plan view draws one recovery plan: give --plan P once")
    if view == "path" and (from_ is None or to is None):
        raise click.UsageError("the path view needs --from A and --to B")
    if view != "path" and (from_ is not None or to is not None):
        raise click.UsageError("--from/--to go with --view path")
    refuse_output_over_input(output, topology)
    G = load_topology(topology)
    sc = to_scenario(G, **opts)
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
    write_file(output, data)
    click.echo(f"wrote {output} ({view} view, {len(data):,} bytes)", err=True)


@click.command("export")
@topology_argument()
@click.option("--to", "fmt", type=click.Choice(["graphml", "json"]), default=None,
              help="Format: graphml (Gephi, yEd) or json (networkx node-link data). "
                   "Default: from the output file's suffix.")
@output_option(help="Write to this file (whole or not at all); default: standard output.")
def export_cmd(topology, fmt, output):
    """The graph for other tools: GraphML or networkx node-link JSON.

    Node ids become strings such as vm:VM1 and subnet:NETWORK/SUBNET.
    """
    from netmap.io.export import export_text, format_for

    fmt = fmt or (format_for(output) if output else None)
    if fmt is None:
        raise click.UsageError("give --to graphml or --to json")
    refuse_output_over_input(output, topology)
    G = load_topology(topology)
    emit(export_text(G, fmt), output)


@click.group("import", invoke_without_command=True, no_args_is_help=False,
             subcommand_metavar="[COMMAND] [ARGS]...")
@click.option("--asr", "asr", multiple=True, metavar="DIR",
              type=click.Path(exists=True, file_okay=False, dir_okay=True),
              help="A folder of Site Recovery REST bodies, one vault (repeatable).")
@click.option("--vmm", "vmm", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="A VMM inventory (netmap-vmm/1), one per VMM server (repeatable).")
@click.option("--arm", "arm", multiple=True, metavar="DIR",
              type=click.Path(exists=True, file_okay=False, dir_okay=True),
              help="A folder of Azure resource JSON: az network vnet/nic list, az vm list "
                   "(repeatable).")
@click.option("--overrides", default=None, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="Facts no export gives, in the topology format; above every source.")
@output_option(help="Write the topology here (JSON for .json, else YAML) and the sidecar "
                    "T.import.json next to it; without it, YAML on stdout.")
@click.pass_context
def import_group(ctx, asr, vmm, arm, overrides, output):
    """One topology from what a real estate exports: Site Recovery, VMM and Azure.

    Every fact comes from a source or is listed under `unknown:` with the export that
    supplies it (netmap never invents one). Joined by id, else by name without case
    within one VMM server; VMM wins for on-premises topology and addresses, Site
    Recovery for protection, mappings, plans and replica settings, Azure's JSON for
    Azure networks, the overrides above all. Warnings go to stderr.

    \b
    Example (netmap collect prints the scripts that write these):
      netmap import --asr asr/ --vmm vmm01.json --arm arm/ -o topo.yaml
    """
    if ctx.invoked_subcommand is not None:
        if asr or vmm or arm or overrides or output:
            raise click.UsageError("give the options of 'import' or a subcommand, not both")
        return
    if not (asr or vmm or arm or overrides):
        click.echo(ctx.get_help())
        raise click.UsageError("nothing to import: give --asr DIR, --vmm FILE, --arm DIR "
                               "or --overrides FILE", ctx=ctx)
    _run_import(asr, vmm, arm, overrides, output)


def _run_import(asr, vmm, arm, overrides, output):
    from netmap.cli.app import warning_text
    from netmap.io.importer import dump, import_sources, sidecar_path, sidecar_text

    inputs = list(asr) + list(vmm) + list(arm) + ([overrides] if overrides else [])
    refuse_output_over_input(output, *inputs)
    if output and output != "-":
        refuse_output_over_input(sidecar_path(output), *inputs)
    data, warnings, sidecar = import_sources(asr, vmm, arm, overrides)
    for w in warnings:
        click.echo(warning_text(w), err=True)
    text = dump(data, output)
    if output and output != "-":
        sidecar["topology"] = os.path.basename(output)
        side = sidecar_path(output)
        existed = os.path.exists(side)
        write_file(side, sidecar_text(sidecar))
        try:
            emit(text, output)
        except Exception:  # the pair is written whole or not at all
            if not existed:
                os.unlink(side)
            raise
    else:
        emit(text, output)
    if output:
        counts = ", ".join(f"{len(data.get(k, ()))} {w}" for k, w in (
            ("sites", "sites"), ("clouds", "clouds"), ("vm_networks", "VM networks"),
            ("azure_networks", "Azure networks"), ("network_mappings", "mappings"),
            ("vms", "VMs"), ("recovery_plans", "recovery plans"), ("unknown",
                                                                    "facts unknown")))
        click.echo(f"wrote {output}: {counts}", err=True)


@import_group.command("asr")
@click.argument("directory", metavar="DIR",
                type=click.Path(exists=True, file_okay=False, dir_okay=True))
@output_option(help="Write the topology here (JSON for .json, else YAML), whole or not at "
                    "all; without it, YAML on stdout.")
def asr_cmd(directory, output):
    """Shorthand for `netmap import --asr DIR`: Site Recovery's REST bodies saved in DIR.

    Any file names: the list responses ({"value": [...]}, as `az rest` saves them), bare
    lists, single objects or API example files; UTF-8 or UTF-16. Items are read by their
    id. What Site Recovery does not say is listed under `unknown:`; warnings go to stderr.

    \b
    Example:
      netmap collect asr > collect-asr.sh && bash collect-asr.sh asr/
      netmap import asr asr/ -o topo.yaml
    """
    _run_import((directory,), (), (), None, output)


@click.command("generate")
@click.option("--vms", type=click.IntRange(min=0, max=MAX_GENERATED_VMS), required=True,
              metavar="N", help="Number of VMs, up to 10,000,000 (sites, clouds, hosts, "
                                "networks and plans scale with it).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed: the same seed gives the same file, byte for byte.")
@output_option(required=True, help="Write here: FILE.json (compact JSON) or FILE.yaml.")
def generate_cmd(vms, seed, output):
    """A realistic synthetic topology of N VMs, for scale tests.

    Shaped like a large enterprise: per 100,000 VMs about 200 clouds paired between
    primary and secondary sites or protected to Azure, 5,000 VM networks with 1-4
    subnets, 2,000 hosts, 2,000 recovery plans with dependencies, a few unmapped
    networks, an Azure site with gateways, and links.
    """
    data = generate(vms, seed=seed)
    write_file(output, generated_text(data, output))
    counts = ", ".join(f"{len(data[k]):,} {k.replace('_', ' ')}"
                       for k in ("vms", "clouds", "vm_networks", "hosts", "recovery_plans"))
    click.echo(f"wrote {output}: {counts}", err=True)


@click.command("schema")
@output_option()
def schema_cmd(output):
    """Print the JSON Schema of the topology file format (for editors and tools)."""
    emit(dumps(json_schema(), sort_keys=False), output)
