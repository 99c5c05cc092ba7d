"""How `netmap import` grows with the estate: a synthetic vault of N protected VMs and the
VMM inventory they come from (N/20 networks), imported at two sizes.

    python bench/importer.py [--sizes 1500,6000,24000]

Every join is one lookup (VM by id, network by name within its VMM server), so 4x the VMs
should cost about 4x the time; a loop over all pairs would cost 16x. Prints the best of two
runs per size and the growth between consecutive sizes (speed is measured here, never
asserted in a unit test).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from netmap.io.importer import import_sources  # noqa: E402


def _synthetic(root, n):
    """A vault of n protected VMs and the VMM inventory they come from (n/20 networks)."""
    (root / "asr").mkdir(parents=True)
    V = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v"
    F = f"{V}/replicationFabrics/fab1"

    def g(i):
        return "%08x-0000-4000-8000-000000000000" % i

    def ip(i):
        j = i % nets
        return f"10.{j // 250}.{j % 250}.{10 + i // nets % 200}"

    nets = max(1, n // 20)
    items = [{"id": F, "properties": {"friendlyName": "VMM1",
                                      "customDetails": {"instanceType": "VMM"}}},
             {"id": f"{F}/replicationProtectionContainers/cloud_{g(1)}",
              "properties": {"friendlyName": "C1"}}]
    items += [{"id": f"{F}/replicationNetworks/{g(100000 + j)}", "name": g(100000 + j),
               "properties": {"friendlyName": f"Net{j}"}} for j in range(nets)]
    items += [{"id": f"{F}/replicationProtectionContainers/cloud_{g(1)}/"
                     f"replicationProtectedItems/{g(200000 + i)}", "name": g(200000 + i),
               "properties": {"friendlyName": f"VM{i}", "providerSpecificDetails": {
                   "vmNics": [{"vMNetworkName": f"Net{i % nets}", "ipConfigs": [
                       {"isPrimary": True, "staticIPAddress": ip(i)}]}]}}}
              for i in range(n)]
    (root / "asr" / "all.json").write_text(json.dumps({"value": items}))

    def r(i, name):
        return {"id": i, "name": name}
    vmm = {"format": "netmap-vmm/1", "exported_at": None,
           "vmm_server": {"id": g(5), "name": "VMM1", "fqdn": None, "product_version": None},
           "logical_networks": [{"id": g(6), "name": "LN1", "network_virtualization": False,
                                 "sites": []}],
           "vm_networks": [{"id": g(100000 + j), "name": f"Net{j}",
                            "logical_network": r(g(6), "LN1"), "isolation_type": "NoIsolation",
                            "subnets": [{"id": g(300000 + j), "name": "S1", "subnets": [
                                {"subnet": f"10.{j // 250}.{j % 250}.0/24", "vlan": 0}],
                                "pools": []}]} for j in range(nets)],
           "clouds": [{"id": g(1), "name": "C1", "host_groups": ["All Hosts"],
                       "logical_networks": [r(g(6), "LN1")]}],
           "hosts": [],
           "vms": [{"id": g(200000 + i), "name": f"VM{i}", "host": None,
                    "cloud": r(g(1), "C1"), "memory_mb": 1024, "cpu_count": 1,
                    "nics": [{"id": g(400000 + i), "slot": 0,
                              "vm_network": r(g(100000 + i % nets), f"Net{i % nets}"),
                              "vm_subnet": r(g(300000 + i % nets), "S1"),
                              "ipv4_address_type": "Static", "ipv4_addresses": [ip(i)],
                              "mac_address": None}]} for i in range(n)]}
    (root / "vmm.json").write_text(json.dumps(vmm))
    return dict(asr=[str(root / "asr")], vmm=[str(root / "vmm.json")])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1500,6000,24000",
                    help="comma-separated VM counts (default: 1500,6000,24000)")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    prev = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            s = _synthetic(pathlib.Path(tmp) / str(n), n)
            best = None
            for _ in range(2):
                t = time.perf_counter()
                data, warnings, _ = import_sources(**s)
                best = min(best or 1e9, time.perf_counter() - t)
            assert len(data["vms"]) == n and warnings == [], (len(data["vms"]), warnings)
            growth = "" if prev is None else f"  x{best / prev[1]:.1f} for x{n / prev[0]:.1f} VMs"
            print(f"{n:>8,} VMs  {best:7.2f} s{growth}")
            prev = (n, best)


if __name__ == "__main__":
    main()
