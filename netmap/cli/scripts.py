"""Commands that print scripts for the engineer to run: ``collect`` and ``fix``.

netmap never calls Azure or VMM: ``collect`` prints the exporter that saves what
``netmap import`` reads, ``fix`` the commands that close the mapping gaps ``check``
finds, dry-run by default.
"""

from __future__ import annotations

import os

import click

from netmap.cli.options import (emit, format_option, load_topology, output_option, pairs,
                                refuse_output_over_input, topology_argument)

__all__ = ["collect_cmd", "fix_cmd"]


@click.command("collect")
@click.argument("source", type=click.Choice(["asr", "vmm", "arm"]))
@click.option("--shell", type=click.Choice(["bash", "powershell"]), default=None,
              help="Script language: bash (az) or powershell. Default: bash for asr and "
                   "arm; vmm is PowerShell only.")
@output_option(help="Write the script to this file (whole or not at all); default: "
                    "standard output.")
def collect_cmd(source, shell, output):
    """Print the script that exports what `netmap import` reads.

    \b
    asr  Site Recovery's REST lists of one vault (az rest, or Invoke-AzRestMethod):
         fabrics, protection containers and their mappings, networks, network
         mappings, protected items, recovery plans; every page of each
    vmm  one VMM server's inventory as netmap-vmm/1 JSON (VMM's PowerShell cmdlets):
         logical networks and sites, VM networks, subnets and IP pools, clouds,
         hosts and the logical networks they reach, VMs and their NICs
    arm  Azure resource JSON: virtual networks, NICs, VMs, gateways, connections

    netmap itself never calls Azure or VMM: read the script, then run it where the
    tools are.

    \b
    Examples:
      netmap collect asr > collect-asr.sh
      netmap collect vmm -o collect-vmm.ps1
      netmap collect arm --shell powershell -o collect-arm.ps1
    """
    from netmap.io.scripts import collect_script

    try:
        text = collect_script(source, shell)
    except ValueError as e:
        raise click.BadParameter(f"{e}: use --shell powershell", param_hint="--shell") \
            from None
    emit(text, output)


@click.command("fix")
@topology_argument()
@click.option("--as", "tool", type=click.Choice(["powershell", "az", "terraform"]),
              default="powershell", show_default=True,
              help="Commands for Az PowerShell, the az CLI (bash) or Terraform.")
@click.option("--choose", multiple=True, metavar="SOURCE=TARGET",
              help="Pick TARGET for SOURCE when R2 leaves several candidates "
                   "(repeatable).")
@format_option(help="text: the script itself; json: the actions and what needs a choice.")
@output_option(help="Write to this file (whole or not at all); default: standard output.")
def fix_cmd(topology, tool, choose, fmt, output):
    """The commands that close the mapping gaps `netmap check` finds.

    \b
    NM001  a NIC on a network with no mapping to its recovery site: the mapping to
           the one available target (R2), and the mapping back for failback
    NM002  a target not available to a protecting cloud: the VMM side, Set-SCCloud
           adding the target's logical network to the cloud
    NM005  a mapping with no mapping back: the mapping back

    netmap never guesses a target: when R2 leaves several, the source is listed under
    "needs a choice" until --choose SOURCE=TARGET picks one.

    Dry run by default: PowerShell runs Az cmdlets with -WhatIf while $DryRun is $true;
    the az script only prints its commands unless DRY_RUN=0; Terraform changes nothing
    until `terraform apply`. Ids (vault, fabrics, networks) come from T.import.json,
    written by `netmap import`; without it they are placeholders like <VAULT-NAME>.

    \b
    Examples:
      netmap fix topo.yaml
      netmap fix topo.yaml --choose VMNetwork2-Beijing=VMNetwork2-Shanghai
      netmap fix topo.yaml --as az -o fix.sh
      netmap fix topo.yaml --as terraform --format json
    """
    from netmap.io.scripts import comment_text
    from netmap.io.sidecar import read_ids

    refuse_output_over_input(output, topology)
    t = load_topology(topology)
    chosen = pairs(choose, "--choose")
    script = t.fix(choose=chosen, tool=tool, ids=read_ids(topology),
                   title=os.path.basename(topology))
    text = str(script) + "".join(
        f"# then run again with --choose {comment_text(n.source)}=TARGET\n"
        for n in script.plan.needs_choice)
    if fmt == "text" and tool == "powershell" and output and output != "-" \
            and not text.isascii():
        # Windows PowerShell 5.1 reads a .ps1 without a byte-order mark in the ANSI code
        # page: a name outside ASCII would change; with the mark it reads as UTF-8
        text = "\ufeff" + text
    emit(script.to_json() if fmt == "json" else text, output)
