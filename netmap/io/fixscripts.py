"""The commands of ``netmap fix``, in Az PowerShell, ``az`` (bash) or Terraform.

:func:`render_fix` turns the actions of :func:`netmap.analysis.fix.fix_actions` into
script text. Every cmdlet, flag and argument name below is the documented one (the
comment ``CITED`` in each script lists the pages); every name from the topology is
quoted as data (:mod:`netmap.io.scripts`), so a name holding a quote or ``$(...)``
never runs.

Dry run by default:

* PowerShell: ``$DryRun = $true`` at the top; Az cmdlets run with ``-WhatIf:$DryRun``,
  VMM's ``Set-SCCloud`` only prints itself. Set ``$DryRun = $false`` to make the changes.
* az: ``DRY_RUN=1`` at the top; each command goes through ``run``, which prints it.
  Run with ``DRY_RUN=0`` to make the changes.
* Terraform: nothing changes until ``terraform apply``; ``terraform plan`` shows it.

Ids come from the import sidecar (:mod:`netmap.io.sidecar`); without one, the values
only Azure knows are placeholders such as ``<VAULT-NAME>`` or
``<FABRIC-NAME:VMM-Beijing>``.
"""

from __future__ import annotations

import json
from urllib.parse import quote as url_quote

from netmap.io.scripts import (ASR_API_VERSION, comment_text, hcl_quote, ps_quote,
                               safe_label, sh_quote)

__all__ = ["TOOLS", "render_fix", "CITED"]

TOOLS = ("powershell", "az", "terraform")

#: the documentation each tool's commands follow (printed at the top of each script)
CITED = {
    "powershell": (
        "New-AzRecoveryServicesAsrNetworkMapping (parameter sets EnterpriseToEnterprise: "
        "-Name -PrimaryNetwork -RecoveryNetwork; EnterpriseToAzure: -RecoveryAzureNetworkId; "
        "AzureToAzure: -AzureToAzure -PrimaryFabric -PrimaryAzureNetworkId -RecoveryFabric "
        "-RecoveryAzureNetworkId; -WhatIf): "
        "https://learn.microsoft.com/powershell/module/az.recoveryservices/"
        "new-azrecoveryservicesasrnetworkmapping",
        "Get-AzRecoveryServicesAsrNetwork (-Fabric, -Name or -FriendlyName): "
        "https://learn.microsoft.com/powershell/module/az.recoveryservices/"
        "get-azrecoveryservicesasrnetwork",
        "Get-AzRecoveryServicesAsrFabric (-Name or -FriendlyName): "
        "https://learn.microsoft.com/powershell/module/az.recoveryservices/"
        "get-azrecoveryservicesasrfabric",
        "Get-AzRecoveryServicesVault, Set-AzRecoveryServicesAsrVaultContext (-Vault): "
        "https://learn.microsoft.com/powershell/module/az.recoveryservices/"
        "set-azrecoveryservicesasrvaultcontext",
        "VMM: Get-SCVMMServer (-ComputerName), Get-SCCloud, Get-SCLogicalNetwork (-Name), "
        "Set-SCCloud (-Cloud, -AddCloudResource): "
        "https://learn.microsoft.com/powershell/module/virtualmachinemanager/set-sccloud",
    ),
    "az": (
        "az site-recovery network mapping create (extension site-recovery; --fabric-details "
        "takes azure-to-azure or vmm-to-azure only): "
        "https://learn.microsoft.com/cli/azure/site-recovery/network/mapping"
        "#az-site-recovery-network-mapping-create",
        "VMM to VMM has no az command: az rest PUT of ReplicationNetworkMappings_Create, "
        f"api-version {ASR_API_VERSION}, fabricSpecificDetails.instanceType VmmToVmm: "
        "https://learn.microsoft.com/rest/api/site-recovery/replication-network-mappings/create",
        "VMM side (PowerShell on the VMM server): Set-SCCloud -AddCloudResource: "
        "https://learn.microsoft.com/powershell/module/virtualmachinemanager/set-sccloud",
    ),
    "terraform": (
        "azurerm_site_recovery_hyperv_network_mapping (VMM to Azure): "
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/"
        "site_recovery_hyperv_network_mapping",
        "azurerm_site_recovery_network_mapping (Azure to Azure): "
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/"
        "site_recovery_network_mapping",
        "VMM to VMM has no azurerm resource: azapi_resource (type, name, parent_id, body) "
        "of Microsoft.RecoveryServices/vaults/replicationFabrics/replicationNetworks/"
        f"replicationNetworkMappings@{ASR_API_VERSION}: "
        "https://registry.terraform.io/providers/Azure/azapi/latest/docs/resources/resource",
        "VMM side (PowerShell on the VMM server): Set-SCCloud -AddCloudResource: "
        "https://learn.microsoft.com/powershell/module/virtualmachinemanager/set-sccloud",
    ),
}


class _Values:
    """Ids from the sidecar, or clearly named placeholders."""

    def __init__(self, ids):
        self.ids = ids

    @property
    def subscription(self):
        return self.ids.subscription or "<SUBSCRIPTION-ID>"

    @property
    def resource_group(self):
        return self.ids.resource_group or "<RESOURCE-GROUP>"

    @property
    def vault(self):
        return self.ids.vault or "<VAULT-NAME>"

    @property
    def vault_id(self):
        return (f"/subscriptions/{self.subscription}/resourceGroups/{self.resource_group}/"
                f"providers/Microsoft.RecoveryServices/vaults/{self.vault}")

    def fabric(self, owner):
        return self.ids.fabric_name(owner) or f"<FABRIC-NAME:{owner}>"

    def network_name(self, net):
        return self.ids.network(net, "name") or f"<NETWORK-NAME:{net}>"

    def network_id(self, net):
        return self.ids.network(net, "id") or f"<NETWORK-ID:{net}>"

    def vnet_id(self, net):
        return self.ids.network(net, "id") or f"<VNET-ID:{net}>"

    def known(self, *values):
        return all(not (v.startswith("<") and v.endswith(">")) for v in values)


def _seg(v):
    """A URL path segment: an id is percent-encoded, a placeholder kept readable."""
    return v if v.startswith("<") else url_quote(v, safe="")


# ------------------------------------------------------------------------- PowerShell

def _ps_fabric(vals, owner):
    name = vals.ids.fabric_name(owner)
    if name:
        return f"(Get-AzRecoveryServicesAsrFabric -Name {ps_quote(name)})"
    return f"(Get-AzRecoveryServicesAsrFabric -FriendlyName {ps_quote(owner)})"


def _ps_network(vals, owner, net):
    name = vals.ids.network(net, "name")
    how = f"-Name {ps_quote(name)}" if name else f"-FriendlyName {ps_quote(net)}"
    return f"Get-AzRecoveryServicesAsrNetwork -Fabric {_ps_fabric(vals, owner)} {how}"


def _ps_vmm(a, guarded=True):
    change = "Set-SCCloud -Cloud $cloud -AddCloudResource $logicalNetwork | Out-Null"
    return [
        f"$vmm = Get-SCVMMServer -ComputerName {ps_quote(a.vmm)}",
        f"$cloud = Get-SCCloud -VMMServer $vmm -Name {ps_quote(a.cloud)}",
        f"$logicalNetwork = Get-SCLogicalNetwork -VMMServer $vmm -Name "
        f"{ps_quote(a.logical_network)}",
        ("if ($DryRun) { Write-Host ('What if: Set-SCCloud -Cloud ' + $cloud.Name + "
         "' -AddCloudResource ' + $logicalNetwork.Name) } else { " + change + " }")
        if guarded else change,
    ]


def _ps_map(a, vals, label):
    name = ps_quote(label)
    if a.scenario == "vmm-to-vmm":
        return [f"$primary = {_ps_network(vals, a.source_owner, a.source)}",
                f"$recovery = {_ps_network(vals, a.target_owner, a.target)}",
                f"New-AzRecoveryServicesAsrNetworkMapping -Name {name} -PrimaryNetwork "
                f"$primary -RecoveryNetwork $recovery -WhatIf:$DryRun"]
    if a.scenario == "vmm-to-azure":
        return [f"$primary = {_ps_network(vals, a.source_owner, a.source)}",
                f"New-AzRecoveryServicesAsrNetworkMapping -Name {name} -PrimaryNetwork "
                f"$primary -RecoveryAzureNetworkId {ps_quote(vals.vnet_id(a.target))} "
                f"-WhatIf:$DryRun"]
    return [f"New-AzRecoveryServicesAsrNetworkMapping -AzureToAzure -Name {name} "
            f"-PrimaryFabric (Get-AzRecoveryServicesAsrFabric -Name "
            f"{ps_quote(vals.fabric(a.source_owner))}) -PrimaryAzureNetworkId "
            f"{ps_quote(vals.vnet_id(a.source))} -RecoveryFabric "
            f"(Get-AzRecoveryServicesAsrFabric -Name {ps_quote(vals.fabric(a.target_owner))}) "
            f"-RecoveryAzureNetworkId {ps_quote(vals.vnet_id(a.target))} -WhatIf:$DryRun"]


def _ps_prelude(vals):
    return [
        "$DryRun = $true   # a dry run: set to $false to make the changes",
        f"$vault = Get-AzRecoveryServicesVault -ResourceGroupName "
        f"{ps_quote(vals.resource_group)} -Name {ps_quote(vals.vault)}",
        "Set-AzRecoveryServicesAsrVaultContext -Vault $vault | Out-Null",
    ]


# ------------------------------------------------------------------------- az (bash)

def _az_map(a, vals, label):
    common = ["--resource-group", vals.resource_group, "--vault-name", vals.vault]
    if a.scenario == "vmm-to-vmm":
        url = (f"https://management.azure.com{vals.vault_id}/replicationFabrics/"
               f"{_seg(vals.fabric(a.source_owner))}/replicationNetworks/"
               f"{_seg(vals.network_name(a.source))}/replicationNetworkMappings/"
               f"{_seg(label)}?api-version={ASR_API_VERSION}")
        body = {"properties": {"recoveryFabricName": vals.fabric(a.target_owner),
                               "recoveryNetworkId": vals.network_id(a.target),
                               "fabricSpecificDetails": {"instanceType": "VmmToVmm"}}}
        words = ["az", "rest", "--method", "put", "--url", url, "--body",
                 json.dumps(body, ensure_ascii=False, sort_keys=True)]
    elif a.scenario == "vmm-to-azure":
        words = ["az", "site-recovery", "network", "mapping", "create", *common,
                 "--fabric-name", vals.fabric(a.source_owner),
                 "--network-name", vals.network_name(a.source), "--name", label,
                 "--recovery-network-id", vals.vnet_id(a.target),
                 "--fabric-details", '{vmm-to-azure:""}']
    else:
        details = json.dumps({"azure-to-azure": {"primary-network-id": vals.vnet_id(a.source)}},
                             ensure_ascii=False)
        words = ["az", "site-recovery", "network", "mapping", "create", *common,
                 "--fabric-name", vals.fabric(a.source_owner), "--network-name",
                 "azureNetwork", "--name", label,
                 "--recovery-fabric-name", vals.fabric(a.target_owner),
                 "--recovery-network-id", vals.vnet_id(a.target),
                 "--fabric-details", details]
    return ["run " + " ".join(sh_quote(w) for w in words)]


def _az_prelude(vals):
    return [
        "set -euo pipefail",
        'DRY_RUN="${DRY_RUN:-1}"   # a dry run: run with DRY_RUN=0 to make the changes',
        "run() { if [ \"$DRY_RUN\" = 1 ]; then printf 'would run:'; printf ' %q' \"$@\"; "
        "printf '\\n'; else \"$@\"; fi; }",
    ]


# ------------------------------------------------------------------------- Terraform

def _tf_map(a, vals, label):
    res = safe_label(label)
    if a.scenario == "vmm-to-azure":
        args = [("name", hcl_quote(label)), ("recovery_vault_id", hcl_quote(vals.vault_id)),
                ("source_system_center_virtual_machine_manager_name",
                 hcl_quote(a.source_owner)),
                ("source_network_name", hcl_quote(a.source)),
                ("target_network_id", hcl_quote(vals.vnet_id(a.target)))]
        kind = "azurerm_site_recovery_hyperv_network_mapping"
    elif a.scenario == "azure-to-azure":
        args = [("name", hcl_quote(label)),
                ("resource_group_name", hcl_quote(vals.resource_group)),
                ("recovery_vault_name", hcl_quote(vals.vault)),
                ("source_recovery_fabric_name", hcl_quote(vals.fabric(a.source_owner))),
                ("target_recovery_fabric_name", hcl_quote(vals.fabric(a.target_owner))),
                ("source_network_id", hcl_quote(vals.vnet_id(a.source))),
                ("target_network_id", hcl_quote(vals.vnet_id(a.target)))]
        kind = "azurerm_site_recovery_network_mapping"
    else:
        parent = (f"{vals.vault_id}/replicationFabrics/{vals.fabric(a.source_owner)}/"
                  f"replicationNetworks/{vals.network_name(a.source)}")
        lines = [f'resource "azapi_resource" "{res}" {{',
                 "  type                      = "
                 + hcl_quote("Microsoft.RecoveryServices/vaults/replicationFabrics/"
                             f"replicationNetworks/replicationNetworkMappings@{ASR_API_VERSION}"),
                 f"  name                      = {hcl_quote(label)}",
                 f"  parent_id                 = {hcl_quote(parent)}",
                 "  schema_validation_enabled = false",
                 "  body = {",
                 "    properties = {",
                 f"      recoveryFabricName    = {hcl_quote(vals.fabric(a.target_owner))}",
                 f"      recoveryNetworkId     = {hcl_quote(vals.network_id(a.target))}",
                 '      fabricSpecificDetails = { instanceType = "VmmToVmm" }',
                 "    }",
                 "  }",
                 "}"]
        return lines
    width = max(len(k) for k, _ in args)
    return ([f'resource "{kind}" "{res}" {{']
            + [f"  {k:<{width}} = {v}" for k, v in args] + ["}"])


# ------------------------------------------------------------------------- the script

def _commented(lines, shell="powershell"):
    return [f"#   {comment_text(x)}" for x in lines]


def _labels(actions):
    """A resource name per mapping action, unique and stable."""
    seen = {}
    out = {}
    for a in actions:
        if a.kind != "map":
            continue
        base = safe_label(f"{a.source}-to-{a.target}")
        n = seen.get(base, 0) + 1
        seen[base] = n
        out[(a.source, a.target)] = base if n == 1 else f"{base}-{n}"
    return out


def render_fix(plan, tool="powershell", ids=None, title=None):
    """The fix script and its JSON shape.

    Parameters
    ----------
    plan : FixPlan
        From :func:`netmap.analysis.fix.fix_actions`.
    tool : {"powershell", "az", "terraform"}
    ids : Ids, optional
        From the import sidecar (:func:`netmap.io.sidecar.read_ids`).
    title : str, optional
        What the script fixes (the topology's name or file), for its first line.

    Returns
    -------
    (str, dict)
        The script text, and ``{"tool", "prelude", "actions": [{"finding", "source",
        "target", "commands", "reason", "kind", "shell", "objects"}], "needs_choice":
        [{"source", "site", "candidates", "reason"}], "placeholders"}``.
    """
    from netmap.io.sidecar import Ids

    if tool not in TOOLS:
        raise ValueError(f"unknown tool '{tool}'")
    vals = _Values(ids or Ids())
    labels = _labels(plan.actions)
    shell = "bash" if tool == "az" else ("hcl" if tool == "terraform" else "powershell")
    head = [f"# netmap fix ({tool}): the commands that close the mapping gaps netmap check "
            f"finds" + (f" in {comment_text(title)}" if title else "") + ".",
            "# Sources (every cmdlet, flag and argument name below follows these pages):"]
    head += [f"#   {c}" for c in CITED[tool]]
    if vals.ids.source:
        head.append(f"# Ids from the import sidecar {comment_text(vals.ids.source)}.")
    else:
        head.append("# No import sidecar (T.import.json): values only Azure knows are "
                    "placeholders <LIKE-THIS>; replace them before running.")
    if tool == "powershell":
        head.append("# Dry run: Az cmdlets run with -WhatIf and VMM changes only print "
                    "themselves while $DryRun is $true.")
        prelude = _ps_prelude(vals)
    elif tool == "az":
        head.insert(0, "#!/usr/bin/env bash")
        head.append("# Dry run: each command is printed, not run, unless DRY_RUN=0.")
        prelude = _az_prelude(vals)
    else:
        head.append("# Nothing changes until `terraform apply`; `terraform plan` shows the "
                    "changes first.")
        prelude = []

    out_actions = []
    body = []
    for a in plan.actions:
        act_shell = shell
        if a.kind == "map":
            label = labels[(a.source, a.target)]
            cmds = {"powershell": _ps_map, "az": _az_map, "terraform": _tf_map}[tool](
                a, vals, label)
        elif a.kind == "cloud":
            cmds = _ps_vmm(a, guarded=tool == "powershell")
            act_shell = "powershell"
        else:
            cmds = []
        objs = ", ".join(a.objects)
        if a.kind == "cloud":
            what = f"add {a.logical_network} to cloud {a.cloud}"
        elif a.kind == "map":
            what = f"map {a.source} -> {a.target}"
        else:
            what = f"{a.source}" + (f" -> {a.target}" if a.target else "")
        body.append("")
        body.append(f"# {a.finding}: {comment_text(what)}"
                    + (f" (for {comment_text(objs)})" if objs else ""))
        body.append(f"# {comment_text(a.reason)}")
        if a.kind == "cloud" and tool != "powershell":
            body.append(f"# On VMM server {comment_text(a.vmm)}, in PowerShell "
                        "(VMM has no az or Terraform interface):")
            body.extend(_commented(cmds))
        elif a.kind == "cloud":
            body.append(f"# On VMM server {comment_text(a.vmm)} (VMM's PowerShell module):")
            body.extend(cmds)
        else:
            body.extend(cmds)
        out_actions.append({"finding": a.finding, "kind": a.kind, "source": a.source,
                            "target": a.target, "commands": cmds, "shell": act_shell,
                            "reason": str(a.reason), "objects": list(a.objects)})
    needs = []
    for n in plan.needs_choice:
        body.append("")
        body.append(f"# needs a choice: {comment_text(n.reason)}")
        body.extend(f"#   {comment_text(x)}" for x in n.notes)
        needs.append({"source": n.source, "site": n.site, "candidates": list(n.candidates),
                      "reason": str(n.reason), "notes": [str(x) for x in n.notes]})
    if not plan.actions and not plan.needs_choice:
        body.append("")
        body.append("# nothing to fix: no NM001, NM002 or NM005 finding")
    text = "\n".join(head + prelude + body) + "\n"
    placeholders = sorted({w for line in prelude + body
                           for w in _placeholders(line)})
    return text, {"tool": tool, "prelude": prelude, "actions": out_actions,
                  "needs_choice": needs, "placeholders": placeholders}


def _placeholders(line):
    import re

    return re.findall(r"<[A-Z][A-Z-]*(?::[^<>]*)?>", line)
