"""Commands for scale tests: ``netmap generate``."""

from __future__ import annotations

import json

import click

from netmap.errors import NetmapError
from netmap.io.generate import generate
from netmap.io.load import write_atomic
from netmap.cli.common import cli, output_option


def _dump(data, path):
    """The topology as compact JSON (``.json``) or block YAML (anything else)."""
    if path.lower().endswith(".json"):
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=None, width=100)


@cli.command("generate")
@click.option("--vms", type=click.IntRange(min=0), required=True, metavar="N",
              help="Number of VMs (the rest scales with it: SPEC §6).")
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
    text = _dump(data, output)
    try:
        write_atomic(output, text)
    except OSError as e:
        raise NetmapError(f"cannot write '{output}': {e.strerror}") from None
    counts = ", ".join(f"{len(data[k]):,} {k.replace('_', ' ')}"
                       for k in ("vms", "clouds", "vm_networks", "hosts", "recovery_plans"))
    click.echo(f"wrote {output}: {counts}", err=True)
