"""``netmap import asr``: a topology from Azure Site Recovery list responses (SPEC §5).

The fixture ``fixtures/asr/`` reproduces the Beijing/Shanghai example as ASR would list
it (two VMM fabrics, Gold/Silver clouds paired VMM to VMM, a Bronze cloud protected to
Azure with a VmmToAzure network mapping, four protected items, three recovery plans).
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from netmap.io.importer import dump as import_dump, import_sources
import netmap
from netmap.io.asr import LISTS, dump, import_asr
from netmap.errors import NetmapError, TopologyError
from netmap.cli.app import error_text, warning_text

VBASE = ("/Subscriptions/s1/resourceGroups/rg/providers/Microsoft.RecoveryServices/"
         "vaults/v1")


@pytest.fixture(scope="module")
def asr_dir(fixtures_dir):
    return fixtures_dir / "asr"


@pytest.fixture(scope="module")
def imported(asr_dir):
    return import_asr(asr_dir)


def by_name(data, kind):
    return {o["name"]: o for o in data.get(kind, [])}


def write(folder, name, body):
    (folder / f"{name}.json").write_text(
        body if isinstance(body, str) else json.dumps(body, indent=2), encoding="utf-8")


def fabric(name, itype="VMM"):
    return {"id": f"{VBASE}/replicationFabrics/{name.lower()}-arm", "name": f"{name.lower()}-arm",
            "properties": {"friendlyName": name, "customDetails": {"instanceType": itype}}}


def container(fab, name):
    return {"id": f"{VBASE}/replicationFabrics/{fab.lower()}-arm/"
                  f"replicationProtectionContainers/cloud_{fab}_{name}",
            "name": f"cloud_{fab}_{name}",
            "properties": {"friendlyName": name, "fabricFriendlyName": fab, "fabricType": "VMM"}}


def item(fab, cloud, name, nics=(), arm=None):
    arm = arm or f"pi-{name}"
    return {"id": f"{VBASE}/replicationFabrics/{fab.lower()}-arm/replicationProtectionContainers/"
                  f"cloud_{fab}_{cloud}/replicationProtectedItems/{arm}",
            "name": arm,
            "properties": {"friendlyName": name, "primaryFabricFriendlyName": fab,
                           "primaryProtectionContainerFriendlyName": cloud,
                           "providerSpecificDetails": {"instanceType": "HyperVReplica2012R2",
                                                       "vmNics": list(nics)}}}


# --------------------------------------------------------------------------- the fixture

def test_fixture_imports_and_loads(imported, tmp_path):
    data, warnings = imported
    assert warnings == []
    out = tmp_path / "t.yaml"
    out.write_text(dump(data, out), encoding="utf-8")
    G = netmap.load(out).graph
    assert G.nodes[("vm", "VM1")]["kind"] == "vm"
    assert G.nodes[("site", "Microsoft Azure")]["kind"] == "site"


def test_fabrics_become_sites_vmm_servers_and_invented_logical_networks(imported):
    data, _ = imported
    assert by_name(data, "sites") == {
        "Microsoft Azure": {"name": "Microsoft Azure", "kind": "azure"},
        "VMM-Beijing": {"name": "VMM-Beijing"}, "VMM-Shanghai": {"name": "VMM-Shanghai"}}
    assert data["vmm_servers"] == [{"name": "VMM-Beijing", "site": "VMM-Beijing"},
                                   {"name": "VMM-Shanghai", "site": "VMM-Shanghai"}]
    assert data["logical_networks"] == [
        {"name": "VMM-Beijing-logical", "vmm": "VMM-Beijing"},
        {"name": "VMM-Shanghai-logical", "vmm": "VMM-Shanghai"}]
    assert by_name(data, "clouds")["GoldCloud2"] == {
        "name": "GoldCloud2", "vmm": "VMM-Shanghai", "logical_networks": ["VMM-Shanghai-logical"]}


def test_container_mappings_become_protection(imported):
    data, _ = imported
    assert data["protection"] == [
        {"protected": "BronzeCloud1", "azure": "Microsoft Azure"},
        {"protected": "GoldCloud1", "protecting": "GoldCloud2"},
        {"protected": "SilverCloud1", "protecting": "SilverCloud2"}]


def test_networks_and_mappings(imported):
    data, _ = imported
    nets = by_name(data, "vm_networks")
    assert nets["VMNetwork1-Beijing"] == {
        "name": "VMNetwork1-Beijing", "logical_network": "VMM-Beijing-logical",
        "subnets": [{"name": "Subnet1", "prefix": "10.1.0.0/24"},
                    {"name": "Subnet2", "prefix": "10.1.1.0/24"}]}
    # the Azure network comes from the VmmToAzure mapping, its subnet from the NIC
    assert data["azure_networks"] == [{"name": "vnet-dr", "site": "Microsoft Azure",
                                       "subnets": [{"name": "Subnet1"}]}]
    assert data["network_mappings"] == [
        {"source": "VMNetwork1-Beijing", "target": "VMNetwork1-Shanghai"},
        {"source": "VMNetwork1-Shanghai", "target": "VMNetwork1-Beijing"},
        {"source": "VMNetwork3-Beijing", "target": "vnet-dr"}]


def test_protected_items_become_vms_with_nics(imported):
    data, _ = imported
    vms = by_name(data, "vms")
    assert sorted(vms) == ["APP2", "DB1", "VM1", "WEB3"]
    assert vms["DB1"] == {"name": "DB1", "cloud": "GoldCloud1", "nics": [
        {"network": "VMNetwork1-Beijing", "subnet": "Subnet2", "ip": "10.1.1.20"}]}
    assert vms["WEB3"]["cloud"] == "BronzeCloud1"


def test_recovery_plans_keep_boot_groups_only(imported):
    data, _ = imported
    plans = by_name(data, "recovery_plans")
    # the fixture's plans also have (empty) Shutdown and Failover groups
    assert plans["Plan-Gold"]["groups"] == [["DB1"], ["VM1"]]
    assert plans["Plan-Azure"]["groups"] == [["WEB3"]]


def test_imported_graph_answers_like_the_example(imported, tmp_path):
    data, _ = imported
    G = netmap.loads(dump(data), str(tmp_path / "t.yaml"))
    rows = {r["source"]: r["target"] for r in G.mappings().to_dict()["mappings"]}
    assert rows["VMNetwork1-Beijing"] == "VMNetwork1-Shanghai"
    assert rows["VMNetwork2-Beijing"] is None
    assert rows["VMNetwork3-Beijing"] == "vnet-dr"


def test_output_is_deterministic_whatever_the_item_order(asr_dir, tmp_path, imported):
    shuffled = tmp_path / "asr"
    shutil.copytree(asr_dir, shuffled)
    for name in LISTS:
        p = shuffled / f"{name}.json"
        body = json.loads(p.read_text())
        body["value"].reverse()  # boot groups inside a plan keep their order
        p.write_text(json.dumps(body, indent=4))
    data, _ = import_asr(shuffled)
    assert dump(data) == dump(imported[0])
    assert dump(data, "x.json") == dump(imported[0], "x.json")


def test_yaml_and_json_round_trip(imported):
    data, _ = imported
    assert yaml.safe_load(dump(data, "t.yaml")) == data
    assert json.loads(dump(data, "t.json")) == data


# --------------------------------------------------------------------------- other inputs

def test_each_list_is_optional(asr_dir, tmp_path):
    shutil.copy(asr_dir / "replicationProtectedItems.json", tmp_path)
    shutil.copy(asr_dir / "replicationRecoveryPlans.json", tmp_path)
    data, warnings = import_asr(tmp_path)
    netmap.loads(dump(data))  # loads without the other lists
    assert by_name(data, "vms")["VM1"] == {"name": "VM1", "cloud": "GoldCloud1", "nics": [
        {"network": "VMNetwork1-Beijing", "subnet": "Subnet1", "ip": "10.1.0.10"}]}
    assert by_name(data, "clouds")["GoldCloud1"]["vmm"] == "VMM-Beijing"
    assert by_name(data, "recovery_plans")["Plan-Gold"]["groups"] == [["DB1"], ["VM1"]]
    # the NIC's subnet is not listed by any network: added, with a warning
    assert any("does not list subnet 'Subnet1'" in str(w) for w in warnings)


def test_same_friendly_names_are_told_apart(tmp_path):
    write(tmp_path, "replicationFabrics", {"value": [fabric("VMM-A"), fabric("VMM-B")]})
    write(tmp_path, "replicationProtectionContainers",
          {"value": [container("VMM-A", "Gold"), container("VMM-B", "Gold")]})
    nic = {"vMNetworkName": "corp", "primaryNicStaticIPAddress": "10.0.0.4"}
    write(tmp_path, "replicationProtectedItems", {"value": [
        item("VMM-A", "Gold", "web", [nic]), item("VMM-B", "Gold", "web", [nic])]})
    data, _ = import_asr(tmp_path)
    netmap.loads(dump(data))
    assert sorted(by_name(data, "clouds")) == ["Gold (VMM-A)", "Gold (VMM-B)"]
    assert sorted(by_name(data, "vm_networks")) == ["corp (VMM-A)", "corp (VMM-B)"]
    assert by_name(data, "vms")["web (Gold (VMM-B))"]["nics"] == [
        {"network": "corp (VMM-B)", "ip": "10.0.0.4"}]


def test_bare_lists_spec_examples_and_pages_are_read(tmp_path):
    write(tmp_path, "replicationFabrics", [fabric("VMM-A")])                 # az CLI output
    write(tmp_path, "replicationProtectionContainers",                       # spec example
          {"parameters": {}, "responses": {"200": {"body": {"value": [
              container("VMM-A", "Gold")]}}}})
    write(tmp_path, "replicationProtectedItems",                             # two pages
          [{"value": [item("VMM-A", "Gold", "a")], "nextLink": None},
           {"value": [item("VMM-A", "Gold", "b")]}])
    data, warnings = import_asr(tmp_path)
    assert [v["name"] for v in data["vms"]] == ["a", "b"]
    assert data["clouds"][0]["name"] == "Gold"
    assert warnings == []


def test_warnings_for_what_is_left_out(tmp_path, run):
    write(tmp_path, "replicationProtectedItems", {"value": [
        item("VMM-A", "Gold", "a", [{"vMNetworkName": None}, {"vMNetworkName": "n",
                                     "primaryNicStaticIPAddress": "not-an-ip"}])],
        "nextLink": "https://management.azure.com/...&$skiptoken=2"})
    write(tmp_path, "replicationRecoveryPlans", {"value": [{
        "id": f"{VBASE}/replicationRecoveryPlans/P", "name": "P",
        "properties": {"friendlyName": "P", "groups": [
            {"groupType": "Boot", "replicationProtectedItems": [
                {"id": f"{VBASE}/replicationFabrics/x/replicationProtectionContainers/y/"
                       "replicationProtectedItems/gone"}]}]}}]})
    write(tmp_path, "notes", {"value": []})
    data, warnings = import_asr(tmp_path)
    text = "\n".join(map(str, warnings))
    assert "replicationProtectedItems.json:25: nextLink: nextLink is set" in text
    assert "vmNics[0]: NIC with no vMNetworkName (not connected); left out" in text
    assert "vmNics[1].primaryNicStaticIPAddress: 'not-an-ip' is not an IP address" in text
    assert "groups[0].replicationProtectedItems[0].id: not a listed protected item" in text
    assert "notes.json: not an ASR list this import reads; ignored" in text
    assert all(warning_text(w) == f"warning: {w}" for w in warnings)
    assert not any(str(w).startswith(("warning", "error")) for w in warnings)  # CLI words
    code, _, err = run("import", "asr", tmp_path)  # the shorthand of netmap import (§7)
    assert code == 0
    assert err.splitlines() == [f"warning: {w}" for w in import_sources(asr=[tmp_path])[1]]
    assert data["vms"] == [{"name": "a", "cloud": "Gold",
                            "nics": [{"network": "n"}]}]
    assert data["recovery_plans"] == [{"name": "P", "groups": []}]


def test_a_cloud_paired_twice_keeps_one_pairing(tmp_path):
    def cmap(target):
        return {"id": container("VMM-A", "Gold")["id"]
                + f"/replicationProtectionContainerMappings/m{target}",
                "properties": {"sourceProtectionContainerFriendlyName": "Gold",
                               "sourceFabricFriendlyName": "VMM-A",
                               "targetFabricFriendlyName": "VMM-B",
                               "targetProtectionContainerId": container("VMM-B", target)["id"],
                               "targetProtectionContainerFriendlyName": target}}
    write(tmp_path, "replicationProtectionContainerMappings",
          {"value": [cmap("Silver"), cmap("Gold")]})
    data, warnings = import_asr(tmp_path)
    netmap.loads(dump(data))
    assert data["protection"] == [{"protected": "Gold (VMM-A)", "protecting": "Gold (VMM-B)"}]
    assert any("already paired with 'Gold (VMM-B)'" in str(w) for w in warnings)


# --------------------------------------------------------------------------- bad input

def test_bad_input_reports_every_problem_with_file_and_line(tmp_path):
    write(tmp_path, "replicationFabrics", '{\n  "value": [\n    {"id": "x",\n  ]\n}\n')
    write(tmp_path, "replicationNetworks", '{\n  "value": {"a": 1}\n}\n')
    pi = item("VMM-A", "Gold", "a")
    pi["properties"]["friendlyName"] = 42
    pi["properties"]["providerSpecificDetails"]["vmNics"] = "eth0"
    write(tmp_path, "replicationProtectedItems",
          {"value": [pi, {"name": "p2", "properties": "nope"}, 7]})
    with pytest.raises(TopologyError) as e:
        import_asr(tmp_path)
    msgs = [error_text(e.value).replace(str(tmp_path) + "/", "")]
    msgs = msgs[0].splitlines()
    assert msgs == [
        ("error: replicationFabrics.json:4: invalid JSON: Expecting property name enclosed in "
        "double quotes"),
        ('error: replicationNetworks.json:2: value: expected a list response {"value": [...]}, '
        "got 'value': an object"),
        ("error: replicationProtectedItems.json:7: value[0] (pi-a).properties.friendlyName: "
        "expected a non-empty string, got a number"),
        ("error: replicationProtectedItems.json:12: value[0] (pi-a).properties."
        "providerSpecificDetails.vmNics: expected a list, got a string"),
        ("error: replicationProtectedItems.json:16: value[1] (p2): expected the item's ARM 'id' "
        "(a non-empty string), found none"),
        ("error: replicationProtectedItems.json:18: value[1] (p2).properties: expected "
        "'properties' (an object), got a string"),
        ("error: replicationProtectedItems.json:20: value[2]: expected an ARM resource object, "
        "got a number"),
    ]


@pytest.mark.parametrize("body, message", [
    ('"just text"', 'expected a list response {"value": [...]}, got a string'),
    ('{"nextLink": null}', "found no 'value'"),
    ('{"value": [{"id": "/a/b", "properties": {}}]}', "not the id of a protection container"),
])
def test_wrong_shapes(tmp_path, body, message):
    write(tmp_path, "replicationProtectionContainers", body)
    with pytest.raises(TopologyError, match=re.escape(message)):
        import_asr(tmp_path)


def test_a_folder_without_lists_is_an_error(tmp_path):
    with pytest.raises(NetmapError, match="no ASR list responses found"):
        import_asr(tmp_path)


# --------------------------------------------------------------------------- command line

def test_cli_writes_a_loadable_yaml_file(run, asr_dir, tmp_path, imported):
    out = tmp_path / "topo.yaml"
    code, stdout, err = run("import", "asr", asr_dir, "-o", out)
    assert code == 0, err
    assert stdout == ""
    assert "wrote" in err and "4 VMs" in err
    # SPEC §5 (revision 2): `import asr DIR` stays as a shorthand of `import --asr DIR`
    assert out.read_text() == import_dump(import_sources(asr=[asr_dir])[0], out)
    assert ("vm", "DB1") in netmap.load(out).graph
    code, stdout, _ = run("mappings", out, "--format", "json")
    assert code == 0
    assert {"source": "VMNetwork1-Beijing", "target": "VMNetwork1-Shanghai"}.items() <= \
        json.loads(stdout)["mappings"][0].items()


def test_cli_json_output_and_stdout(run, asr_dir, tmp_path, imported):
    out = tmp_path / "topo.json"
    code, _, err = run("import", "asr", asr_dir, "-o", out)
    assert code == 0, err
    new = import_sources(asr=[asr_dir])[0]  # the shorthand of netmap import --asr (§5)
    assert json.loads(out.read_text()) == new
    netmap.load(out)
    code, stdout, _ = run("import", "asr", asr_dir)
    assert code == 0
    assert yaml.safe_load(stdout) == new


def test_cli_bad_input_is_error_exit_2_and_writes_nothing(run, asr_dir, tmp_path):
    bad = tmp_path / "asr"
    shutil.copytree(asr_dir, bad)
    text = (bad / "replicationNetworkMappings.json").read_text()
    (bad / "replicationNetworkMappings.json").write_text(text.replace('"value": [', '"value": ', 1))
    out = tmp_path / "topo.yaml"
    code, _stdout, err = run("import", "asr", bad, "-o", out)
    assert code == 2
    assert err.startswith("error: ") and "replicationNetworkMappings.json:" in err
    assert "invalid JSON" in err and "Traceback" not in err
    assert not out.exists()
    code, _, err = run("import", "asr", tmp_path / "missing", "-o", out)
    assert code == 2 and err.startswith("error: ")


def test_fixture_is_not_modified_by_import(asr_dir):
    before = {p.name: p.read_bytes() for p in asr_dir.iterdir()}
    import_asr(asr_dir)
    assert {p.name: p.read_bytes() for p in asr_dir.iterdir()} == before


def test_only_boot_groups_hold_the_boot_order(tmp_path):
    a, b = item("VMM-A", "Gold", "a"), item("VMM-A", "Gold", "b")
    write(tmp_path, "replicationProtectedItems", {"value": [a, b]})

    def group(kind, *items):
        return {"groupType": kind, "replicationProtectedItems": [{"id": i["id"]} for i in items]}

    write(tmp_path, "replicationRecoveryPlans", {"value": [{
        "id": f"{VBASE}/replicationRecoveryPlans/P", "name": "P",
        "properties": {"friendlyName": "Plan P", "groups": [
            group("Shutdown", a), group("Failover", b), group("Boot", b), group("Boot"),
            group("Boot", a, a)]}}]})
    data, warnings = import_asr(tmp_path)
    assert data["recovery_plans"] == [{"name": "Plan P", "groups": [["b"], ["a"]]}]
    assert [w.path for w in warnings] == [
        "value[0] (Plan P).properties.groups[4].replicationProtectedItems[1].id"]
    netmap.loads(dump(data))
