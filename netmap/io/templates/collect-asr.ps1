# netmap collect asr: save every Site Recovery list that `netmap import --asr DIR` reads,
# as the REST API returns it (one file per page; any file name works for the import).
# Run after Connect-AzAccount (Az.Accounts). It only reads (GET). Files are UTF-8.
#
# REST API: Microsoft.RecoveryServices Site Recovery, api-version {api}
#   (azure-rest-api-specs: specification/recoveryservicessiterecovery/resource-manager/
#    Microsoft.RecoveryServices/SiteRecovery/stable/{api})
# Invoke-AzRestMethod: https://learn.microsoft.com/powershell/module/az.accounts/invoke-azrestmethod
# Get-AzRecoveryServicesVault: https://learn.microsoft.com/powershell/module/az.recoveryservices/get-azrecoveryservicesvault
#
# Usage:  .\collect-asr.ps1 -ResourceGroup rg-dr -Vault vault-dr -OutDir netmap-asr
param(
    [Parameter(Mandatory = $true)] [string] $ResourceGroup,
    [Parameter(Mandatory = $true)] [string] $Vault,
    [string] $OutDir = 'netmap-asr'
)
$ErrorActionPreference = 'Stop'
$utf8 = New-Object System.Text.UTF8Encoding $false
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$v = Get-AzRecoveryServicesVault -ResourceGroupName $ResourceGroup -Name $Vault
$base = $v.ID
[System.IO.File]::WriteAllText((Join-Path $OutDir 'vault.json'),
    ($v | Select-Object ID, Name, Location, Type | ConvertTo-Json -Depth 5), $utf8)

foreach ($list in @({ps_lists})) {{
    $page = 1
    $response = Invoke-AzRestMethod -Method GET -Path "$base/$list`?api-version={api}"
    while ($true) {{
        if ($response.StatusCode -ne 200) {{ throw "$list page $page`: HTTP $($response.StatusCode) $($response.Content)" }}
        [System.IO.File]::WriteAllText((Join-Path $OutDir "$list.$page.json"), $response.Content, $utf8)
        $next = ($response.Content | ConvertFrom-Json).nextLink
        if (-not $next) {{ break }}
        $page += 1
        $response = Invoke-AzRestMethod -Method GET -Uri $next
    }}
}}
Write-Host "saved in $OutDir`: then run  netmap import --asr $OutDir ..."
