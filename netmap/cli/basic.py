"""Commands on the loaded topology alone: mappings, targets, schema, export."""

from __future__ import annotations

import json

import click

from ..mapping import mappings, target_choices
from ..schema import json_schema
from .common import (cli, emit, format_option, load_graph, output_option, render,
                     topology_argument, whatif_options)


@cli.command("mappings")
@topology_argument()
@format_option()
@whatif_options
def mappings_cmd(topology, fmt, remap, unmap):
    """R1: every network with its target network, or "not mapped"."""
    from .common import _pairs

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
