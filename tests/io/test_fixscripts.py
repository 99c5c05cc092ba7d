"""The commands of netmap fix, per scenario and tool, checked against the documented
parameter and argument names (each test quotes the reference it follows)."""

from __future__ import annotations

import shlex

import pytest

from netmap.analysis.fix import Action, FixPlan
from netmap.analysis.reasons import Reason, ReasonKind
from netmap.io.fixscripts import render_fix
from netmap.io.sidecar import Ids

R = Reason(ReasonKind.FIX_MAP, source="S", target="T", site="X", vms=("V",), chosen=False)


def plan(scenario, source_owner, target_owner, source="Net-S", target="Net-T"):
    return FixPlan([Action("NM001", "map", source, target, R, scenario, source_owner,
                           target_owner, objects=("V.nics[0]",))], [])


def commands(p, tool, ids=None):
    _text, data = render_fix(p, tool, ids)
    (a,) = data["actions"]
    return a["commands"]


VAULT = "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.RecoveryServices/vaults/v-1"
IDS = Ids(VAULT, {"VMM-A": {"name": "fab-a"}, "VMM-B": {"name": "fab-b"},
                  "East US": {"name": "fab-east"}, "West US": {"name": "fab-west"}},
          {"Net-S": {"name": "net-s", "id": VAULT + "/replicationFabrics/fab-a/"
                     "replicationNetworks/net-s"},
           "Net-T": {"name": "net-t", "id": VAULT + "/replicationFabrics/fab-b/"
                     "replicationNetworks/net-t"},
           "vnet-s": {"id": "/subscriptions/sub-1/resourceGroups/rg-e/providers/"
                      "Microsoft.Network/virtualNetworks/vnet-s"},
           "vnet-t": {"id": "/subscriptions/sub-1/resourceGroups/rg-w/providers/"
                      "Microsoft.Network/virtualNetworks/vnet-t"}})


def test_powershell_enterprise_to_enterprise():
    # New-AzRecoveryServicesAsrNetworkMapping, parameter set EnterpriseToEnterprise:
    # "New-AzRecoveryServicesAsrNetworkMapping -Name <String> -PrimaryNetwork <ASRNetwork>
    #  -RecoveryNetwork <ASRNetwork> ... [-WhatIf] [-Confirm]"
    # Get-AzRecoveryServicesAsrNetwork, ByName: "-Fabric <ASRFabric> -Name <String>"
    cmds = commands(plan("vmm-to-vmm", "VMM-A", "VMM-B"), "powershell", IDS)
    assert cmds == [
        "$primary = Get-AzRecoveryServicesAsrNetwork -Fabric "
        "(Get-AzRecoveryServicesAsrFabric -Name 'fab-a') -Name 'net-s'",
        "$recovery = Get-AzRecoveryServicesAsrNetwork -Fabric "
        "(Get-AzRecoveryServicesAsrFabric -Name 'fab-b') -Name 'net-t'",
        "New-AzRecoveryServicesAsrNetworkMapping -Name 'Net-S-to-Net-T' -PrimaryNetwork "
        "$primary -RecoveryNetwork $recovery -WhatIf:$DryRun"]


def test_powershell_enterprise_to_azure():
    # EnterpriseToAzure: "-Name <String> -PrimaryNetwork <ASRNetwork>
    #  -RecoveryAzureNetworkId <String>"
    cmds = commands(plan("vmm-to-azure", "VMM-A", "West US", target="vnet-t"),
                    "powershell", IDS)
    assert cmds[-1] == (
        "New-AzRecoveryServicesAsrNetworkMapping -Name 'Net-S-to-vnet-t' -PrimaryNetwork "
        "$primary -RecoveryAzureNetworkId '/subscriptions/sub-1/resourceGroups/rg-w/"
        "providers/Microsoft.Network/virtualNetworks/vnet-t' -WhatIf:$DryRun")


def test_powershell_azure_to_azure():
    # AzureToAzure: "[-AzureToAzure] -Name <String> -PrimaryFabric <ASRFabric>
    #  -PrimaryAzureNetworkId <String> -RecoveryFabric <ASRFabric>
    #  -RecoveryAzureNetworkId <String>"
    (cmd,) = commands(plan("azure-to-azure", "East US", "West US", "vnet-s", "vnet-t"),
                      "powershell", IDS)
    assert cmd == (
        "New-AzRecoveryServicesAsrNetworkMapping -AzureToAzure -Name 'vnet-s-to-vnet-t' "
        "-PrimaryFabric (Get-AzRecoveryServicesAsrFabric -Name 'fab-east') "
        "-PrimaryAzureNetworkId '/subscriptions/sub-1/resourceGroups/rg-e/providers/"
        "Microsoft.Network/virtualNetworks/vnet-s' -RecoveryFabric "
        "(Get-AzRecoveryServicesAsrFabric -Name 'fab-west') -RecoveryAzureNetworkId "
        "'/subscriptions/sub-1/resourceGroups/rg-w/providers/Microsoft.Network/"
        "virtualNetworks/vnet-t' -WhatIf:$DryRun")


def _az_words(cmd):
    words = shlex.split(cmd)
    assert words[0] == "run"
    return words[1:]


def test_az_vmm_to_azure():
    # azure-cli-extensions site-recovery, network mapping create: options --fabric-name,
    # -n/--name, --network-name, -g/--resource-group, --vault-name, --recovery-network-id,
    # --fabric-details {vmm-to-azure: {location}} | {azure-to-azure: {primary-network-id}};
    # its example: --fabric-details '{vmm-to-azure:""}'
    (cmd,) = commands(plan("vmm-to-azure", "VMM-A", "West US", target="vnet-t"), "az", IDS)
    assert _az_words(cmd) == [
        "az", "site-recovery", "network", "mapping", "create", "--resource-group", "rg-1",
        "--vault-name", "v-1", "--fabric-name", "fab-a", "--network-name", "net-s",
        "--name", "Net-S-to-vnet-t", "--recovery-network-id",
        "/subscriptions/sub-1/resourceGroups/rg-w/providers/Microsoft.Network/"
        "virtualNetworks/vnet-t", "--fabric-details", '{vmm-to-azure:""}']


def test_az_azure_to_azure():
    # its A2A example: --network-name azureNetwork --recovery-fabric-name ...
    #   --fabric-details '{azure-to-azure:{primary-network-id:...}}'
    (cmd,) = commands(plan("azure-to-azure", "East US", "West US", "vnet-s", "vnet-t"),
                      "az", IDS)
    w = _az_words(cmd)
    assert w[w.index("--network-name") + 1] == "azureNetwork"
    assert w[w.index("--recovery-fabric-name") + 1] == "fab-west"
    assert w[w.index("--fabric-details") + 1] == (
        '{"azure-to-azure": {"primary-network-id": "/subscriptions/sub-1/resourceGroups/'
        'rg-e/providers/Microsoft.Network/virtualNetworks/vnet-s"}}')


def test_az_vmm_to_vmm_is_a_rest_put():
    # ReplicationNetworkMappings_Create: PUT .../replicationFabrics/{fabricName}/
    # replicationNetworks/{networkName}/replicationNetworkMappings/{networkMappingName};
    # body properties: recoveryFabricName, recoveryNetworkId, fabricSpecificDetails
    # (instanceType VmmToVmm); the az command has no vmm-to-vmm form
    (cmd,) = commands(plan("vmm-to-vmm", "VMM-A", "VMM-B"), "az", IDS)
    w = _az_words(cmd)
    assert w[:4] == ["az", "rest", "--method", "put"]
    assert w[w.index("--url") + 1] == (
        "https://management.azure.com" + VAULT + "/replicationFabrics/fab-a/"
        "replicationNetworks/net-s/replicationNetworkMappings/Net-S-to-Net-T"
        "?api-version=2026-05-01")
    assert w[w.index("--body") + 1] == (
        '{"properties": {"fabricSpecificDetails": {"instanceType": "VmmToVmm"}, '
        '"recoveryFabricName": "fab-b", "recoveryNetworkId": "' + VAULT +
        '/replicationFabrics/fab-b/replicationNetworks/net-t"}}')


def _hcl_args(lines):
    out = {}
    for x in lines[1:-1]:
        k, _, v = x.strip().partition(" = ")
        out[k.strip()] = v
    return lines[0], out


def test_terraform_vmm_to_azure():
    # azurerm_site_recovery_hyperv_network_mapping arguments: name, recovery_vault_id,
    # source_system_center_virtual_machine_manager_name, source_network_name,
    # target_network_id
    head, args = _hcl_args(commands(plan("vmm-to-azure", "VMM-A", "West US",
                                         target="vnet-t"), "terraform", IDS))
    assert head == 'resource "azurerm_site_recovery_hyperv_network_mapping" "Net-S-to-vnet-t" {'
    assert args == {
        "name": '"Net-S-to-vnet-t"', "recovery_vault_id": f'"{VAULT}"',
        "source_system_center_virtual_machine_manager_name": '"VMM-A"',
        "source_network_name": '"Net-S"',
        "target_network_id": '"/subscriptions/sub-1/resourceGroups/rg-w/providers/'
                             'Microsoft.Network/virtualNetworks/vnet-t"'}


def test_terraform_azure_to_azure():
    # azurerm_site_recovery_network_mapping arguments: name, resource_group_name,
    # recovery_vault_name, source_recovery_fabric_name, target_recovery_fabric_name,
    # source_network_id, target_network_id
    head, args = _hcl_args(commands(plan("azure-to-azure", "East US", "West US", "vnet-s",
                                         "vnet-t"), "terraform", IDS))
    assert head == 'resource "azurerm_site_recovery_network_mapping" "vnet-s-to-vnet-t" {'
    assert sorted(args) == sorted([
        "name", "resource_group_name", "recovery_vault_name", "source_recovery_fabric_name",
        "target_recovery_fabric_name", "source_network_id", "target_network_id"])
    assert args["source_recovery_fabric_name"] == '"fab-east"'
    assert args["recovery_vault_name"] == '"v-1"'


def test_terraform_vmm_to_vmm_is_azapi():
    # azapi_resource: type "<resource-type>@<api-version>", name, parent_id, body
    lines = commands(plan("vmm-to-vmm", "VMM-A", "VMM-B"), "terraform", IDS)
    text = "\n".join(lines)
    assert lines[0] == 'resource "azapi_resource" "Net-S-to-Net-T" {'
    assert ('type                      = "Microsoft.RecoveryServices/vaults/replicationFabrics/'
            'replicationNetworks/replicationNetworkMappings@2026-05-01"') in text
    assert (f'parent_id                 = "{VAULT}/replicationFabrics/fab-a/'
            'replicationNetworks/net-s"') in text
    assert 'fabricSpecificDetails = { instanceType = "VmmToVmm" }' in text


@pytest.mark.parametrize("tool", ["powershell", "az", "terraform"])
def test_same_label_twice_stays_unique(tool):
    # two sources whose names differ only in characters a resource name cannot hold
    p = FixPlan([Action("NM001", "map", s, "Net-T", R, "vmm-to-vmm", "VMM-A", "VMM-B")
                 for s in ("Net S", "Net/S")], [])
    _text, data = render_fix(p, tool, IDS)
    joined = ["\n".join(a["commands"]) for a in data["actions"]]
    assert "Net-S-to-Net-T" in joined[0] and "Net-S-to-Net-T-2" in joined[1]
