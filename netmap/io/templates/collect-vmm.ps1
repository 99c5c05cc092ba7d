# netmap collect vmm: export one System Center VMM server's inventory as netmap-vmm/1
# JSON, the file `netmap import --vmm FILE` reads. Run it once per VMM server, on the VMM
# server or a computer with the VMM console (PowerShell module virtualmachinemanager).
# It only reads (Get-* cmdlets). Windows PowerShell 5.1 and PowerShell 7 both work.
#
# Output: <OutDir>\<VMM server name>.vmm.json, UTF-8 without a byte-order mark (a BOM, as
# Out-File -Encoding utf8 writes in Windows PowerShell 5.1, is accepted too). The format's
# JSON Schema ships with netmap: netmap/io/schemas/netmap-vmm-1.schema.json; every
# property there names the cmdlet and property below that fills it ("x-vmm").
#
# The VMM cmdlets and the properties this script reads (VMM PowerShell reference,
# {url}):
{cmdlet_lines}
#
# Usage:  .\collect-vmm.ps1 -VMMServer vmm-beijing.contoso.com -OutDir netmap-vmm
param(
    [Parameter(Mandatory = $true)] [string] $VMMServer,
    [string] $OutDir = 'netmap-vmm'
)
$ErrorActionPreference = 'Stop'
Import-Module virtualmachinemanager

# A reference to another VMM object: its ID and name (null when there is none).
function Get-Ref($o) {{
    if ($null -eq $o) {{ return $null }}
    return [ordered]@{{ id = [string]$o.ID; name = [string]$o.Name }}
}}
function Get-Text($v) {{ if ($null -eq $v) {{ $null }} else {{ [string]$v }} }}
# SubnetVLan objects: Subnet (CIDR) and VLanID
function Get-SubnetVLans($list) {{
    foreach ($sv in $list) {{
        [ordered]@{{ subnet = Get-Text $sv.Subnet
                    vlan = if ($null -eq $sv.VLanID) {{ $null }} else {{ [int]$sv.VLanID }} }}
    }}
}}

# Get-SCVMMServer: {url}get-scvmmserver
# (it returns the connection, a ServerConnection; its properties are not in the reference:
# a property it lacks reads as $null, and the name falls back to -VMMServer)
$server = Get-SCVMMServer -ComputerName $VMMServer
$serverName = if ($server.Name) {{ [string]$server.Name }} else {{ $VMMServer }}

# Get-SCLogicalNetwork: {url}get-sclogicalnetwork
# Get-SCLogicalNetworkDefinition: {url}get-sclogicalnetworkdefinition
$logicalNetworks = @(foreach ($ln in Get-SCLogicalNetwork -VMMServer $server) {{
    [ordered]@{{
        id = [string]$ln.ID
        name = [string]$ln.Name
        network_virtualization = $ln.NetworkVirtualizationEnabled
        sites = @(foreach ($site in Get-SCLogicalNetworkDefinition -VMMServer $server -LogicalNetwork $ln) {{
            [ordered]@{{
                id = [string]$site.ID
                name = [string]$site.Name
                host_groups = @(foreach ($hg in $site.HostGroups) {{ [string]$hg.Path }})
                subnets = @(Get-SubnetVLans $site.SubnetVLans)
            }}
        }})
    }}
}})

# Get-SCVMNetwork: {url}get-scvmnetwork
# Get-SCVMSubnet: {url}get-scvmsubnet
# Get-SCStaticIPAddressPool: {url}get-scstaticipaddresspool
$vmNetworks = @(foreach ($net in Get-SCVMNetwork -VMMServer $server) {{
    [ordered]@{{
        id = [string]$net.ID
        name = [string]$net.Name
        logical_network = Get-Ref $net.LogicalNetwork
        isolation_type = Get-Text $net.IsolationType
        subnets = @(foreach ($sub in Get-SCVMSubnet -VMMServer $server -VMNetwork $net) {{
            [ordered]@{{
                id = [string]$sub.ID
                name = [string]$sub.Name
                subnets = @(Get-SubnetVLans $sub.SubnetVLans)
                pools = @(foreach ($pool in Get-SCStaticIPAddressPool -VMMServer $server -VMSubnet $sub) {{
                    [ordered]@{{
                        id = [string]$pool.ID
                        name = [string]$pool.Name
                        subnet = Get-Text $pool.Subnet
                        start = Get-Text $pool.IPAddressRangeStart
                        end = Get-Text $pool.IPAddressRangeEnd
                        reserved = Get-Text $pool.IPAddressReservedSet
                        gateways = @(foreach ($gw in $pool.DefaultGateways) {{ [string]$gw.IPAddress }})
                    }}
                }})
            }}
        }})
    }}
}})

# Get-SCCloud: {url}get-sccloud
$clouds = @(foreach ($cloud in Get-SCCloud -VMMServer $server) {{
    [ordered]@{{
        id = [string]$cloud.ID
        name = [string]$cloud.Name
        host_groups = @(foreach ($hg in $cloud.HostGroup) {{ [string]$hg.Path }})
        logical_networks = @(foreach ($ln in Get-SCLogicalNetwork -VMMServer $server -Cloud $cloud) {{ Get-Ref $ln }})
    }}
}})

# Get-SCVMHost: {url}get-scvmhost
$hosts = @(foreach ($vmhost in Get-SCVMHost -VMMServer $server) {{
    [ordered]@{{
        id = [string]$vmhost.ID
        name = [string]$vmhost.Name
        host_group = if ($null -eq $vmhost.VMHostGroup) {{ $null }} else {{ [string]$vmhost.VMHostGroup.Path }}
        logical_networks = @(foreach ($ln in Get-SCLogicalNetwork -VMMServer $server -VMHost $vmhost) {{ Get-Ref $ln }})
        total_memory_bytes = $vmhost.TotalMemory
        logical_processors = $vmhost.LogicalProcessorCount
    }}
}})

# Get-SCVirtualMachine: {url}get-scvirtualmachine
# Get-SCVirtualNetworkAdapter: {url}get-scvirtualnetworkadapter
$vms = @(foreach ($vm in Get-SCVirtualMachine -VMMServer $server) {{
    [ordered]@{{
        id = [string]$vm.ID
        name = [string]$vm.Name
        host = Get-Ref $vm.VMHost
        cloud = Get-Ref $vm.Cloud
        memory_mb = $vm.Memory
        cpu_count = $vm.CPUCount
        nics = @(foreach ($nic in Get-SCVirtualNetworkAdapter -VM $vm) {{
            [ordered]@{{
                id = [string]$nic.ID
                slot = $nic.SlotId
                vm_network = Get-Ref $nic.VMNetwork
                vm_subnet = Get-Ref $nic.VMSubnet
                ipv4_address_type = Get-Text $nic.IPv4AddressType
                ipv4_addresses = @(foreach ($ip in $nic.IPv4Addresses) {{ [string]$ip }})
                mac_address = Get-Text $nic.MACAddress
            }}
        }})
    }}
}})

$inventory = [ordered]@{{
    format = 'netmap-vmm/1'
    exported_at = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
    vmm_server = [ordered]@{{
        id = $null
        name = $serverName
        fqdn = Get-Text $server.FQDN
        product_version = Get-Text $server.ProductVersion
    }}
    logical_networks = $logicalNetworks
    vm_networks = $vmNetworks
    clouds = $clouds
    hosts = $hosts
    vms = $vms
}}

# -Depth 12: the deepest value (a pool's gateway) is 7 levels down; the default depth
# (2) would silently write nested objects as text.
$json = ConvertTo-Json -InputObject $inventory -Depth 12
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$file = Join-Path $OutDir (($serverName -replace '[^A-Za-z0-9._-]', '_') + '.vmm.json')
[System.IO.File]::WriteAllText($file, $json, (New-Object System.Text.UTF8Encoding $false))
Write-Host "wrote $file"
