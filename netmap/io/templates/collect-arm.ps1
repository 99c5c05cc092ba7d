# netmap collect arm: save the Azure resource JSON that `netmap import --arm DIR` reads:
# virtual networks (subnets, peerings), NICs (addresses), VMs, virtual network gateways
# and connections, as the Azure Resource Manager REST API returns them (list pages).
# Run after Connect-AzAccount (Az.Accounts). It only reads (GET). Files are UTF-8.
#
# Invoke-AzRestMethod: https://learn.microsoft.com/powershell/module/az.accounts/invoke-azrestmethod
# Virtual Networks - List All: https://learn.microsoft.com/rest/api/virtualnetwork/virtual-networks/list-all
# Network Interfaces - List All: https://learn.microsoft.com/rest/api/virtualnetwork/network-interfaces/list-all
# Virtual Machines - List All: https://learn.microsoft.com/rest/api/compute/virtual-machines/list-all
# Virtual Network Gateways - List: https://learn.microsoft.com/rest/api/network-gateway/virtual-network-gateways/list
# Virtual Network Gateway Connections - List: https://learn.microsoft.com/rest/api/network-gateway/virtual-network-gateway-connections/list
# Get-AzResourceGroup: https://learn.microsoft.com/powershell/module/az.resources/get-azresourcegroup
#
# Usage:  .\collect-arm.ps1 -OutDir netmap-arm
param([string] $OutDir = 'netmap-arm')
$ErrorActionPreference = 'Stop'
$utf8 = New-Object System.Text.UTF8Encoding $false
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$sub = '/subscriptions/' + (Get-AzContext).Subscription.Id

function Save-List([string] $Path, [string] $Name) {{
    $page = 1
    $response = Invoke-AzRestMethod -Method GET -Path $Path
    while ($true) {{
        if ($response.StatusCode -ne 200) {{ throw "$Name page $page`: HTTP $($response.StatusCode) $($response.Content)" }}
        [System.IO.File]::WriteAllText((Join-Path $OutDir "$Name.$page.json"), $response.Content, $utf8)
        $next = ($response.Content | ConvertFrom-Json).nextLink
        if (-not $next) {{ break }}
        $page += 1
        $response = Invoke-AzRestMethod -Method GET -Uri $next
    }}
}}

Save-List "$sub/providers/Microsoft.Network/virtualNetworks?api-version={net}" 'vnets'
Save-List "$sub/providers/Microsoft.Network/networkInterfaces?api-version={net}" 'nics'
Save-List "$sub/providers/Microsoft.Compute/virtualMachines?api-version={compute}" 'vms'
foreach ($rg in Get-AzResourceGroup) {{
    $safe = $rg.ResourceGroupName -replace '[^A-Za-z0-9._-]', '_'
    $path = "$sub/resourceGroups/$([uri]::EscapeDataString($rg.ResourceGroupName))/providers/Microsoft.Network"
    Save-List "$path/virtualNetworkGateways?api-version={net}" "vnet-gateways.$safe"
    Save-List "$path/connections?api-version={net}" "vpn-connections.$safe"
}}
Write-Host "saved in $OutDir`: then run  netmap import --arm $OutDir ..."
