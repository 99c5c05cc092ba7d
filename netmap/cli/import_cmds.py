"""``netmap import ...``: topologies built from other tools' data (see :mod:`netmap.io.asr`)."""

from __future__ import annotations

import click

from netmap.io.asr import dump, import_asr
from netmap.cli.common import cli, emit, output_option


@cli.group("import")
def import_group():
    """Build a topology file from another tool's data."""


@import_group.command("asr")
@click.argument("directory", metavar="DIR",
                type=click.Path(exists=True, file_okay=False, dir_okay=True))
@output_option(help="Write the topology here (JSON for .json, else YAML), whole or not at "
                    "all; without it, YAML on stdout.")
def asr_cmd(directory, output):
    """A topology from Azure Site Recovery's REST API list responses saved in DIR.

    \b
    DIR holds one JSON file per list, each optional:
      replicationFabrics.json
      replicationProtectionContainers.json
      replicationProtectionContainerMappings.json
      replicationNetworks.json
      replicationNetworkMappings.json
      replicationProtectedItems.json
      replicationRecoveryPlans.json

    Each file is a list response ({"value": [...]}, as `az rest` saves it) or a bare list
    of items. Warnings (objects left out or completed) go to stderr.

    \b
    Example:
      az rest --url ".../vaults/V/replicationFabrics?api-version=2025-01-01" \\
          > asr/replicationFabrics.json
      netmap import asr asr/ -o topo.yaml
    """
    data, warnings = import_asr(directory)
    for w in warnings:
        click.echo(str(w), err=True)
    emit(dump(data, output), output)
    if output:
        counts = ", ".join(f"{len(data.get(k, ()))} {w}" for k, w in (
            ("sites", "sites"), ("clouds", "clouds"), ("vm_networks", "VM networks"),
            ("azure_networks", "Azure networks"), ("network_mappings", "mappings"),
            ("vms", "VMs"), ("recovery_plans", "recovery plans")))
        click.echo(f"wrote {output}: {counts}", err=True)

