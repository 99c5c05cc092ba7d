"""``netmap import`` never fails with anything but an ``error:`` (a TopologyError): any
JSON in a Site Recovery or Azure folder, shaped like their resources or not (house rule:
"Bad input: never a traceback")."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from netmap.errors import TopologyError
from netmap.io.importer import import_sources

V = "/subscriptions/s/resourceGroups/r/providers/Microsoft.RecoveryServices/vaults/v"
N = "/subscriptions/s/resourceGroups/r/providers/Microsoft"
IDS = st.sampled_from([
    f"{V}/replicationFabrics/f", f"{V}/replicationFabrics/f/replicationProtectionContainers/c",
    f"{V}/replicationFabrics/f/replicationNetworks/n",
    f"{V}/replicationFabrics/f/replicationNetworks/n/replicationNetworkMappings/m",
    f"{V}/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/p",
    f"{V}/replicationFabrics/f/replicationProtectionContainers/c/"
    "replicationProtectionContainerMappings/cm",
    f"{V}/replicationRecoveryPlans/rp", f"{V}/replicationFabrics/f/replicationLogicalNetworks/l",
    f"{N}.Network/virtualNetworks/vn", f"{N}.Network/virtualNetworks/vn/subnets/s",
    f"{N}.Network/networkInterfaces/nic", f"{N}.Compute/virtualMachines/vm",
    f"{N}.Network/virtualNetworkGateways/gw", "Microsoft Azure", "", "x"])
KEYS = st.sampled_from([
    "id", "name", "type", "properties", "value", "nextLink", "friendlyName", "customDetails",
    "instanceType", "subnets", "addressList", "vmNics", "vMNetworkName", "ipConfigs",
    "isPrimary", "staticIPAddress", "groups", "groupType", "replicationProtectedItems",
    "targetProtectionContainerId", "recoveryNetworkId", "primaryNetworkId", "location",
    "fabricSpecificSettings", "providerSpecificDetails", "virtualNetworkPeerings",
    "remoteVirtualNetwork", "ipConfigurations", "subnet", "privateIPAddress",
    "networkProfile", "networkInterfaces", "recoveryVMNetworkId", "recoveryVMSubnetName"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), IDS, st.sampled_from(
    ["VMM", "VmmToAzure", "VmmToVmm", "HyperVSite", "Azure", "Boot", "10.0.0.0/24",
     "10.0.0.5", "bad", "Connected"]))
TREE = st.recursive(SCALARS, lambda c: st.one_of(st.lists(c, max_size=4),
                                                 st.dictionaries(KEYS, c, max_size=6)),
                    max_leaves=30)
ITEM = st.fixed_dictionaries({"id": IDS, "name": st.sampled_from(["a", "c", ""]),
                              "properties": st.dictionaries(KEYS, TREE, max_size=8)})


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(TREE, st.lists(ITEM, max_size=6).map(lambda v: {"value": v})),
       st.sampled_from(["asr", "arm"]))
def test_any_json_is_imported_or_refused_with_errors(tmp_path_factory, data, source):
    d = tmp_path_factory.mktemp(source)
    (d / "x.json").write_text(json.dumps(data))
    try:
        topo, warnings, sidecar = import_sources(**{source: [str(d)]})
    except TopologyError as e:
        assert e.problems and all(p.message for p in e.problems)
    else:
        assert topo["netmap"] == 1 and sidecar["format"] == "netmap-import/1"
