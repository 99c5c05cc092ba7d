"""``netmap import asr`` on hostile lists (issue 14, item 10): items without names never
raise anything but a NetmapError, and the cost grows linearly with the items (networks
named only by NICs, many items of one friendly name were quadratic: 24 s for 4 MB).
"""

from __future__ import annotations

import copy
import json
import time

import pytest

from netmap.errors import NetmapError
from netmap.io.asr import LISTS, import_asr


def _strip(o, keys):
    if isinstance(o, dict):
        return {k: _strip(v, keys) for k, v in o.items() if k not in keys}
    if isinstance(o, list):
        return [_strip(v, keys) for v in o]
    return o


@pytest.mark.parametrize("keys", [("name",), ("friendlyName",), ("name", "friendlyName")],
                         ids="-".join)
@pytest.mark.parametrize("bare", [False, True], ids=["list-response", "bare-list"])
def test_items_without_names_import_or_fail_with_a_netmap_error(fixtures_dir, tmp_path, keys,
                                                                bare):
    for name in LISTS:
        src = fixtures_dir / "asr" / f"{name}.json"
        data = _strip(json.loads(src.read_text()), set(keys))
        (tmp_path / src.name).write_text(json.dumps(data["value"] if bare else data))
    try:
        data, warnings = import_asr(tmp_path)
    except NetmapError:
        return
    assert {"sites", "clouds", "vms"} <= set(data)
    assert all(isinstance(o.get("name"), str) and o["name"] for o in data["vms"])


def _items(fixtures_dir, n, same_name):
    """``n`` protected items cloned from the fixture's first: each VM's NIC on a network
    named only by the NIC (``Net{i}``, listed nowhere else), the VMs all called 'VM' when
    ``same_name``."""
    base = json.loads((fixtures_dir / "asr" / "replicationProtectedItems.json")
                      .read_text())["value"][0]
    out = []
    for i in range(n):
        it = copy.deepcopy(base)
        it["name"] = f"item{i}"
        it["id"] = base["id"].rsplit("/", 1)[0] + f"/item{i}"
        it["properties"]["friendlyName"] = "VM" if same_name else f"VM{i}"
        for nic in it["properties"]["providerSpecificDetails"]["vmNics"]:
            nic["vMNetworkName"], nic["vMSubnetName"] = f"Net{i}", f"S{i}"
        out.append(it)
    return {"value": out}


def _seconds(fixtures_dir, folder, n, same_name):
    folder.mkdir()
    for name in ("replicationFabrics", "replicationProtectionContainers",
                 "replicationProtectionContainerMappings", "replicationNetworks"):
        (folder / f"{name}.json").write_bytes((fixtures_dir / "asr" / f"{name}.json")
                                              .read_bytes())
    (folder / "replicationProtectedItems.json").write_text(
        json.dumps(_items(fixtures_dir, n, same_name)))
    best = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        data, _ = import_asr(folder)
        best = min(best, time.perf_counter() - t)
    assert len(data["vms"]) == n
    return best


@pytest.mark.parametrize("same_name", [False, True], ids=["networks-by-nic", "one-vm-name"])
def test_import_cost_grows_linearly(fixtures_dir, tmp_path, same_name):
    """8 times the items: about 8 times the time (it was 64 times: quadratic)."""
    small = _seconds(fixtures_dir, tmp_path / "small", 500, same_name)
    large = _seconds(fixtures_dir, tmp_path / "large", 4000, same_name)
    assert large / small < 24, (small, large)
