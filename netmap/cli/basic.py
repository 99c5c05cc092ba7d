"""Commands on the loaded topology alone: mappings, targets, schema, export."""

from __future__ import annotations

import json

import click

from netmap.answers.mapping import mappings, target_choices
from netmap.io.schema import json_schema
from netmap.cli.common import (
    cli,
    emit,
    format_option,
    load_graph,
    output_option,
    render,
    topology_argument,
    whatif_options,
)


@cli.command("mappings")
@topology_argument()
@format_option()
@whatif_options
def mappings_cmd(topology, fmt, remap, unmap):
    """R1: every network with its target network, or "not mapped"."""
    from netmap.cli.common import _pairs

    G = load_graph(topology)
    emit(render(mappings(G, remap=_pairs(remap, "--remap"), unmap=unmap), fmt))


@cli.command("targets")
@topology_argument()
@click.argument("source")
@format_option()
def targets_cmd(topology, source, fmt):
    """R2: the target networks one can select for SOURCE, per protected cloud."""
    G = load_graph(topology)
    emit(render(target_choices(G, source), fmt))


@cli.command("schema")
@output_option()
def schema_cmd(output):
    """Print the JSON Schema of the topology file format (for editors and tools)."""
    emit(json.dumps(json_schema(), indent=2) + "\n", output)


@cli.command("export")
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
    G = load_graph(topology)
    emit(export_text(G, fmt), output)
