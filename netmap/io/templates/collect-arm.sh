#!/usr/bin/env bash
# netmap collect arm: save the Azure resource JSON that `netmap import --arm DIR` reads:
# virtual networks (subnets, peerings), NICs (addresses), VMs, VPN/ExpressRoute gateways
# and their connections, as `az` prints them. It only reads.
#
# az network vnet list:        https://learn.microsoft.com/cli/azure/network/vnet#az-network-vnet-list
# az network nic list:         https://learn.microsoft.com/cli/azure/network/nic#az-network-nic-list
# az vm list:                  https://learn.microsoft.com/cli/azure/vm#az-vm-list
# az network vnet-gateway list (needs --resource-group):
#                              https://learn.microsoft.com/cli/azure/network/vnet-gateway#az-network-vnet-gateway-list
# az network vpn-connection list (needs --resource-group):
#                              https://learn.microsoft.com/cli/azure/network/vpn-connection#az-network-vpn-connection-list
# az group list:               https://learn.microsoft.com/cli/azure/group#az-group-list
#
# Usage:  OUT=netmap-arm bash collect-arm.sh      (SUBSCRIPTION=... for another subscription)
set -euo pipefail
OUT="${OUT:-netmap-arm}"
sub=()
if [ -n "${SUBSCRIPTION:-}" ]; then sub=(--subscription "$SUBSCRIPTION"); fi
mkdir -p "$OUT"
az network vnet list "${sub[@]}" -o json > "$OUT/vnets.json"
az network nic list "${sub[@]}" -o json > "$OUT/nics.json"
az vm list "${sub[@]}" -o json > "$OUT/vms.json"
# gateways and connections are listed per resource group: one file each
az group list "${sub[@]}" --query '[].name' -o tsv | while IFS= read -r rg; do
  safe=$(printf '%s' "$rg" | tr -c 'A-Za-z0-9._-' '_')
  az network vnet-gateway list "${sub[@]}" --resource-group "$rg" -o json > "$OUT/vnet-gateways.$safe.json"
  az network vpn-connection list "${sub[@]}" --resource-group "$rg" -o json > "$OUT/vpn-connections.$safe.json"
done
echo "saved in $OUT: then run  netmap import --arm $OUT ..." >&2
