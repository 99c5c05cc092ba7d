#!/usr/bin/env bash
# netmap collect asr: save every Site Recovery list that `netmap import --asr DIR` reads,
# as the REST API returns it (one file per page; any file name works for the import).
# Run where `az login` has been done (Azure Cloud Shell works). It only reads (GET).
#
# REST API: Microsoft.RecoveryServices Site Recovery, api-version {api}
#   (azure-rest-api-specs: specification/recoveryservicessiterecovery/resource-manager/
#    Microsoft.RecoveryServices/SiteRecovery/stable/{api}: ReplicationFabrics_List,
#    ReplicationProtectionContainers_List, ReplicationProtectionContainerMappings_List,
#    ReplicationNetworks_List, ReplicationNetworkMappings_List,
#    ReplicationProtectedItems_List, ReplicationRecoveryPlans_List)
# az rest:  https://learn.microsoft.com/cli/azure/reference-index#az-rest
# az resource show: https://learn.microsoft.com/cli/azure/resource#az-resource-show
#
# Usage:  RESOURCE_GROUP=rg-dr VAULT=vault-dr OUT=netmap-asr bash collect-asr.sh
#         (once per vault; keep each vault in its own folder)
set -euo pipefail
: "${{RESOURCE_GROUP:?set RESOURCE_GROUP to the vault's resource group}}"
: "${{VAULT:?set VAULT to the Recovery Services vault's name}}"
SUBSCRIPTION="${{SUBSCRIPTION:-$(az account show --query id -o tsv)}}"
OUT="${{OUT:-netmap-asr}}"
API={api}
mkdir -p "$OUT"
vault="/subscriptions/$SUBSCRIPTION/resourceGroups/$RESOURCE_GROUP/providers/Microsoft.RecoveryServices/vaults/$VAULT"

# the vault itself (its id and region)
az resource show --ids "$vault" > "$OUT/vault.json"

for list in {lists}; do
  url="https://management.azure.com$vault/$list?api-version=$API"
  page=1
  while [ -n "$url" ]; do
    file="$OUT/$list.$page.json"
    az rest --method get --url "$url" > "$file"
    # az rest does not follow nextLink: take it from the page just saved
    url=$(sed -n 's/^ *"nextLink": *"\(.*\)",\{{0,1\}}$/\1/p' "$file" | head -n 1)
    page=$((page + 1))
  done
done
echo "saved in $OUT: then run  netmap import --asr $OUT ..." >&2
