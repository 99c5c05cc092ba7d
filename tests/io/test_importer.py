"""``netmap import``: three sources and overrides joined without inventing (SPEC §7).

Every test quotes the sentence of the contract (§7, "A real estate in, fixes out") it
follows.
"""

from __future__ import annotations

import codecs
import json
import shutil

import pytest
import yaml

import netmap
from netmap.errors import TopologyError
from netmap.io.importer import import_sources
from netmap.io.importer.read import Ctx, classify, read_items


def _estate(fixture_path):
    d = fixture_path("import/estate")
    return dict(asr=[str(d / "asr")], vmm=[str(d / "vmm-beijing.json"),
                                           str(d / "vmm-shanghai.json")],
                arm=[str(d / "arm")], overrides=str(d / "overrides.yaml"))


# --------------------------------------------------------------------------- shapes

SHAPES = {
    # SPEC §7: "a list page, a list of pages, a bare array, a single object, the
    # azure-rest-api-specs example wrapper; UTF-8 with or without BOM, or UTF-16 as
    # Windows PowerShell writes it"
    "fabrics.json": "list page",
    "containers-pages.json": "list of pages",
    "pairings.json": "bare array",
    "plan-web.json": "single object, UTF-8 with BOM",
    "ReplicationNetworks_List.json": "example wrapper",
    "protected-items.json": "UTF-16 with BOM",
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_shape_reads_its_items(fixture_path, name):
    path = fixture_path("import/estate/asr") / name
    ctx = Ctx()
    items = read_items(str(path), ctx)
    assert ctx.problems == []
    expected = {"fabrics.json": 2, "containers-pages.json": 3, "pairings.json": 2,
                "plan-web.json": 1, "ReplicationNetworks_List.json": 3,
                "protected-items.json": 2}[name]
    assert len(items) == expected


def test_shapes_are_what_the_table_says(fixture_path):
    d = fixture_path("import/estate/asr")
    assert (d / "protected-items.json").read_bytes().startswith(codecs.BOM_UTF16_LE)
    assert (d / "plan-web.json").read_bytes().startswith(codecs.BOM_UTF8)
    pages = json.loads((d / "containers-pages.json").read_text())
    assert isinstance(pages, list) and all("value" in p for p in pages)
    assert "responses" in json.loads((d / "ReplicationNetworks_List.json").read_text())


def test_list_of_lists_as_az_outputs_joined(tmp_path):
    # the issue: "az outputs joined per network (a list of lists) are refused"
    (tmp_path / "x.json").write_text(json.dumps([[{"id": "/subscriptions/s/resourceGroups/r"
                                                   "/providers/Microsoft.Network/"
                                                   "networkInterfaces/n1"}], []]))
    ctx = Ctx()
    items = read_items(str(tmp_path / "x.json"), ctx)
    assert [classify(i) for i in items] == ["networkinterfaces"] and not ctx.problems


def test_items_classified_by_id_not_type_or_file_name(fixture_path):
    # SPEC §7: "items classified by their type/id, not by file name"; the real example's
    # type says Microsoft.RecoveryServicesBVTD2 and a container mapping's type is short
    ctx = Ctx()
    d = fixture_path("import/asr-examples")
    kinds = [classify(i) for i in
             read_items(str(d / "srce2avaultbvtaC27/ReplicationNetworkMappings_List.json"),
                        ctx)
             + read_items(str(d / "vault1/ReplicationProtectionContainerMappings_List.json"),
                          ctx)]
    assert kinds == ["replicationnetworkmappings", "replicationprotectioncontainermappings"]


def test_unusable_file_is_an_error_naming_file_and_place(tmp_path, run):
    (tmp_path / "a.json").write_text('{"value": [\n  42\n]}')
    (tmp_path / "b.json").write_bytes(b"\xff\xfe\x00garbage"[1:])
    code, out, err = run("import", "--asr", tmp_path, "-o", tmp_path / "t.yaml")
    assert code == 2 and out == ""
    assert f"error: {tmp_path / 'a.json'}:2: value[0]: expected an Azure resource" in err
    assert f"error: {tmp_path / 'b.json'}:1: file is neither UTF-8 nor UTF-16" in err
    assert not (tmp_path / "t.yaml").exists()


# --------------------------------------------------------------------------- real examples

def test_real_examples_import_under_their_own_names(fixture_path, tmp_path, run):
    # the issue: "the Site Recovery REST examples ... saved under their own names ... are
    # refused until renamed"; SPEC §7: "any file name"
    d = fixture_path("import/asr-examples")
    out = tmp_path / "t.yaml"
    code, _, err = run("import", "--asr", d / "vault1", "--asr", d / "srce2avaultbvtaC27",
                       "-o", out)
    assert code == 0, err
    data = yaml.safe_load(out.read_text())
    # SPEC §7 "Never invent": no <vmm>-logical network, no VMM server for the Hyper-V site,
    # no site called "Microsoft Azure", no site guessed per fabric
    assert "logical_networks" not in data
    assert [v["name"] for v in data["vmm_servers"]] == [
        "CP-B3L30108-01.ntdev.corp.microsoft.com"]
    names = {s["name"] for s in data["sites"]}
    assert "Microsoft Azure" not in names
    assert data["clouds"] == [{"name": "cloud1", "site": "cloud1", "logical_networks": []}]
    unknown = {(u["object"], u["field"]) for u in data["unknown"]}
    assert {("vm1", "nics"), ("RPtest1", "groups"), ("corp", "logical_network"),
            ("vnetavrai", "site"), ("vnetavrai", "subnets"),
            ("CP-B3L30108-01.ntdev.corp.microsoft.com", "site"),
            ("cloud1", "protection.azure")} <= unknown
    assert "2 vaults imported" in err
    netmap.load(out)  # the result loads


def test_two_vaults_in_one_folder_are_refused(fixture_path, run, tmp_path):
    # brief: "two vaults kept apart or refused with a reason"
    code, _, err = run("import", "asr", fixture_path("import/asr-examples"), "-o",
                       tmp_path / "t.yaml")
    assert code == 2
    assert "items of two vaults in one folder ('srce2avaultbvtac27'" in err
    assert "import each vault from its own folder" in err


def test_report_of_real_examples_is_not_ready(fixture_path, tmp_path, run):
    # the issue: "netmap report prints 'Ready: no errors found' for a vault whose only
    # protected VM has no known NIC"; SPEC §7: the summary says "no errors in what is
    # known; N facts unknown" instead of "ready"
    out = tmp_path / "t.yaml"
    run("import", "--asr", fixture_path("import/asr-examples/vault1"), "-o", out)
    code, text, _ = run("report", out)
    assert "Ready" not in text
    assert "No errors in what is known; 3 facts unknown" in text
    assert "What the import could not know" in text


# --------------------------------------------------------------------------- the merge

def test_merged_estate_gives_the_hand_written_report(fixture_path, tmp_path, run):
    # the issue: "a topology merged from the three sources (fixtures) gives the same
    # report as the hand-written topology it was made from"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    imported = tmp_path / "a" / "estate.yaml"
    s = _estate(fixture_path)
    args = ["import"] + [x for d in s["asr"] for x in ("--asr", d)] + \
        [x for f in s["vmm"] for x in ("--vmm", f)] + \
        [x for d in s["arm"] for x in ("--arm", d)] + ["--overrides", s["overrides"]]
    code, _, err = run(*args, "-o", imported)
    assert code == 0, err
    hand = tmp_path / "b" / "estate.yaml"
    shutil.copy(fixture_path("import/estate.yaml"), hand)
    for fmt in ("text", "json"):
        _, a, _ = run("report", imported, "--format", fmt)
        _, b, _ = run("report", hand, "--format", fmt)
        if fmt == "json":
            a, b = json.loads(a), json.loads(b)
            a.pop("source", None)
            b.pop("source", None)
        assert a == b
    assert "unknown" not in yaml.safe_load(imported.read_text())


def test_sidecar_says_each_facts_source_and_ids(fixture_path, tmp_path, run):
    # SPEC §7: "Import writes a sidecar T.import.json: per fact, its source, and the Azure
    # resource ids that fix needs"
    out = tmp_path / "t.yaml"
    s = _estate(fixture_path)
    run("import", "--asr", s["asr"][0], "--vmm", s["vmm"][0], "--vmm", s["vmm"][1],
        "--arm", s["arm"][0], "--overrides", s["overrides"], "-o", out)
    side = json.loads((tmp_path / "t.import.json").read_text())
    assert side["format"] == "netmap-import/1"
    assert side["vaults"][0]["name"] == "vault-estate"
    net = side["objects"]["vm_networks/VMNet-BJ"]
    assert net["source"]["logical_network"].startswith("vmm:")
    assert net["source"]["joined"] == "by id"
    assert net["ids"]["network_id"].endswith(
        "/replicationNetworks/00000004-0000-4000-8000-000000000000")
    assert side["objects"]["vmm_servers/VMM-Beijing"]["source"]["site"] == "overrides"
    assert side["objects"]["azure_networks/vnet-dr"]["ids"]["resource_group"] == "rg-net"
    assert side["objects"]["network_mappings/VMNet-BJ -> VMNet-SH"]["ids"][
        "mapping_id"].endswith("/replicationNetworkMappings/bj-sh")


def test_ids_before_names(fixture_path):
    # SPEC §7: "By id where both sides have one, else by name (without case)": the VMM
    # fabric is 'vmm-beijing.contoso.com' in Site Recovery, 'VMM-Beijing' in VMM; the cloud
    # joins on cloud_<VMM cloud id> even when Site Recovery calls it otherwise
    s = _estate(fixture_path)
    data, warnings, side = import_sources(**s)
    assert side["objects"]["clouds/Gold-BJ"]["source"]["joined"] == "by id"
    assert [c["name"] for c in data["clouds"]] == ["Gold-BJ", "Gold-SH", "Silver-BJ"]


def test_conflict_warned_with_both_values(fixture_path, tmp_path):
    # SPEC §7: "VMM for on-premises topology and current addresses ... A disagreement is a
    # warning naming both values"
    s = _estate(fixture_path)
    asr = tmp_path / "asr"
    shutil.copytree(s["asr"][0], asr)
    text = (asr / "ReplicationNetworks_List.json").read_text()
    (asr / "ReplicationNetworks_List.json").write_text(text.replace("10.2.0.0/24",
                                                                    "10.9.0.0/24"))
    s["asr"] = [str(asr)]
    data, warnings, _ = import_sources(**s)
    msgs = [w.message for w in warnings]
    assert "subnets of VM network 'VMNet-SH': VMM says 'Subnet1 10.2.0.0/24', Site " \
           "Recovery says 'Subnet1 10.9.0.0/24'; VMM's is used" in msgs
    sh = next(n for n in data["vm_networks"] if n["name"] == "VMNet-SH")
    assert sh["subnets"] == [{"name": "Subnet1", "prefix": "10.2.0.0/24"}]


def test_overrides_above_all(fixture_path, tmp_path):
    # SPEC §7: "overrides above all"
    s = _estate(fixture_path)
    ov = tmp_path / "ov.yaml"
    with open(s["overrides"], encoding="utf-8") as f:
        ov.write_text(f.read() + "network_mappings:\n  - {source: VMNet-BJ, target: VMNet2-BJ}\n")
    s["overrides"] = str(ov)
    data, _, side = import_sources(**s)
    assert {"source": "VMNet-BJ", "target": "VMNet2-BJ"} in data["network_mappings"]
    assert {"source": "VMNet-BJ", "target": "VMNet-SH"} not in data["network_mappings"]


def test_without_vmm_logical_networks_are_unknown_not_invented(fixture_path):
    # SPEC §7: "vm_networks[].logical_network and clouds[].logical_networks may be absent,
    # meaning unknown"; the issue: "it silently invents a <vmm>-logical network"
    s = _estate(fixture_path)
    data, _, _ = import_sources(asr=s["asr"])
    assert "logical_networks" not in data
    assert all("logical_network" not in n and n["vmm"] for n in data["vm_networks"])
    assert all("logical_networks" not in c for c in data["clouds"])
    unknown = {(u["object"], u["field"]): u for u in data["unknown"]}
    u = unknown[("VMNet-BJ", "logical_network")]
    assert "VMM server VMM-Beijing" not in u["supply_with"]  # Site Recovery's FQDN
    assert u["supply_with"] == ("the VMM inventory of VMM server vmm-beijing.contoso.com "
                                "(the script netmap collect vmm prints)")
    assert ("Gold-SH", "hosts") in unknown  # a protecting cloud's hosts (R4)
    assert ("VMM-Shanghai", "site") in unknown


def test_nothing_to_import_is_a_usage_error(run):
    code, _, err = run("import")
    assert code == 2 and "nothing to import" in err


def test_vmm_inventory_of_wrong_format(tmp_path, run):
    (tmp_path / "v.json").write_text('{"format": "netmap-vmm/2"}')
    code, _, err = run("import", "--vmm", tmp_path / "v.json")
    assert code == 2
    assert "'format' is 'netmap-vmm/2', expected 'netmap-vmm/1'" in err


def test_import_accepts_the_shipped_schema_examples(tmp_path):
    # brief: "the import accepts exactly that schema": every example of the shipped JSON
    # Schema imports
    from netmap.io.vmm_schema import vmm_schema
    files = []
    for i, ex in enumerate(vmm_schema()["examples"]):
        p = tmp_path / f"v{i}.json"
        p.write_text(json.dumps(ex))
        files.append(str(p))
    data, _, _ = import_sources(vmm=files)
    assert [v["name"] for v in data["vmm_servers"]] == ["VMM-Beijing", "VMM-Shanghai"]
    vm1 = data["vms"][0]
    assert vm1["nics"] == [{"network": "VMNetwork1-Beijing", "subnet": "Subnet1",
                            "ip": "10.1.0.10", "ip_mode": "static"}]
    assert vm1["size"] == {"memory_gb": 8, "vcpus": 2}


def test_import_refuses_a_document_outside_the_schema(tmp_path):
    from netmap.io.vmm_schema import vmm_schema
    ex = vmm_schema()["examples"][0]
    ex["vm_networks"][0]["subnets"][0]["subnets"] = [{"subnet": "10.1.0.0/99", "vlan": 0}]
    p = tmp_path / "v.json"
    p.write_text(json.dumps(ex))
    with pytest.raises(TopologyError, match="'10.1.0.0/99' is not a CIDR prefix"):
        import_sources(vmm=[str(p)])


# the shipped schema decides: a document it rejects is refused, one it accepts is read
MUTATIONS = [
    ("unchanged", lambda d: None),
    ("format", lambda d: d.update(format="netmap-vmm/2")),
    ("unknown top-level key", lambda d: d.update(extra=1)),
    ("missing NIC list", lambda d: d["vms"][0].pop("nics")),
    ("addresses not a list", lambda d: d["vms"][0]["nics"][0].update(
        ipv4_addresses="10.1.0.10")),
    ("reference without id", lambda d: d["clouds"][0].update(
        logical_networks=[{"name": "LN"}])),
    ("id not a GUID", lambda d: d["hosts"][0].update(id="not-a-guid")),
    ("VLAN > 4095", lambda d: d["vm_networks"][0]["subnets"][0]["subnets"][0].update(
        vlan=5000)),
    ("null host (VMM did not say)", lambda d: d["vms"][0].update(host=None)),
    ("null cloud logical networks", lambda d: d["clouds"][0].update(logical_networks=None)),
    ("empty name", lambda d: d["vms"][0].update(name="")),
    ("negative memory", lambda d: d["vms"][0].update(memory_mb=-1)),
    ("missing vmm_server", lambda d: d.pop("vmm_server")),
    ("a list of VMs as an object", lambda d: d.update(vms={})),
    ("unknown key in a NIC", lambda d: d["vms"][0]["nics"][0].update(mac="x")),
    ("no VMs", lambda d: d.update(vms=[])),
]


@pytest.mark.parametrize("what, change", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_import_accepts_exactly_the_schema(tmp_path, what, change):
    # brief: "ship the JSON Schema of netmap-vmm/1 with a test that the import accepts
    # exactly that schema" (jsonschema is the judge)
    import copy

    import jsonschema

    from netmap.io.vmm_schema import vmm_schema
    s = vmm_schema()
    doc = copy.deepcopy(s["examples"][0])
    change(doc)
    valid = jsonschema.Draft202012Validator(s).is_valid(doc)
    p = tmp_path / "v.json"
    p.write_text(json.dumps(doc))
    try:
        import_sources(vmm=[str(p)])
        accepted = True
    except TopologyError as e:
        accepted = False
        assert all(str(x).startswith(str(p)) for x in e.problems)
    assert accepted == valid, what


def test_estate_inventories_are_valid_netmap_vmm_1(fixture_path):
    import jsonschema

    from netmap.io.vmm_schema import vmm_schema
    v = jsonschema.Draft202012Validator(vmm_schema())
    for name in ("vmm-beijing.json", "vmm-shanghai.json"):
        v.validate(json.loads((fixture_path("import/estate") / name).read_text()))


# --------------------------------------------------------------------------- Azure JSON

def test_arm_rest_examples_under_their_own_names(fixture_path):
    # SPEC §7 (3): "Azure resource JSON ... (regions, subnets, peerings, gateways, NICs and
    # addresses)"; the azure-rest-api-specs network examples (2024-05-01) as az rest saves
    # them, fields under `properties`
    data, _, side = import_sources(arm=[str(fixture_path("import/arm-examples"))])
    assert data["sites"] == [{"name": "westus", "kind": "azure"}]
    assert data["azure_networks"] == [
        {"name": "vnet1", "site": "westus",
         "subnets": [{"name": "test-1", "prefix": "10.0.0.0/24"}]},
        {"name": "vnet2", "site": "westus"}]  # "subnets": [] is known: none
    assert not any(u["object"].startswith("vnet") for u in data["unknown"])
    assert side["objects"]["azure_networks/vnet2"]["ids"]["resource_group"] == "rg2"


def test_arm_gateway_sites_are_unknown(fixture_path):
    # SPEC §7: "A fact no source gives is unknown, never made up": Azure's JSON shows the
    # gateway (az network vnet-gateway list), not which on-premises sites it reaches
    data, _, _ = import_sources(arm=[str(fixture_path("import/hub"))])
    hub = next(n for n in data["azure_networks"] if n["name"] == "vnet-hub")
    assert "gateway" not in hub
    assert {"object": "vnet-hub", "field": "gateway.sites",
            "reason": "Azure's JSON shows a VPN or ExpressRoute gateway but not which "
                      "on-premises sites it reaches",
            "supply_with": "overrides: azure_networks[].gateway.sites"} in data["unknown"]


def test_overrides_supply_gateway_sites_and_links(fixture_path, tmp_path):
    ov = tmp_path / "ov.yaml"
    ov.write_text("sites: [{name: Beijing}]\n"
                  "azure_networks:\n  - {name: vnet-hub, gateway: {sites: [Beijing]}}\n"
                  "links: []\n")
    data, _, side = import_sources(arm=[str(fixture_path("import/hub"))], overrides=str(ov))
    hub = next(n for n in data["azure_networks"] if n["name"] == "vnet-hub")
    assert hub["gateway"] == {"sites": ["Beijing"]}
    assert hub["site"] == "chinanorth"  # Azure's JSON still gives the region
    assert "unknown" not in data
    assert side["objects"]["azure_networks/vnet-hub"]["source"]["gateway"] == "overrides"


def test_import_is_byte_identical_whatever_the_hash_seed(fixture_path, tmp_path, repo_root):
    # house rule: "Same input, same output byte for byte, whatever PYTHONHASHSEED"
    import os
    import subprocess
    import sys
    s = _estate(fixture_path)
    outs = []
    for seed in ("0", "1", "4242"):
        (tmp_path / seed).mkdir()
        out = tmp_path / seed / "t.yaml"
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(repo_root))
        subprocess.run([sys.executable, "-m", "netmap", "import", "--asr", s["asr"][0],
                        "--vmm", s["vmm"][0], "--vmm", s["vmm"][1], "--arm", s["arm"][0],
                        "--asr", str(fixture_path("import/asr-examples/vault1")),
                        "-o", out], check=True, env=env, capture_output=True)
        outs.append((out.read_bytes(), (tmp_path / seed / "t.import.json").read_bytes()))
    assert outs[0] == outs[1] == outs[2]


def test_output_over_an_input_is_refused(fixture_path, tmp_path, run):
    # house rule: "-o never over an input"
    vmm = tmp_path / "v.json"
    shutil.copy(fixture_path("import/estate/vmm-beijing.json"), vmm)
    before = vmm.read_bytes()
    code, _, err = run("import", "--vmm", vmm, "-o", vmm)
    assert code == 2 and "is an input of this command" in err
    assert vmm.read_bytes() == before
    side = tmp_path / "t.import.json"  # the sidecar of -o t.yaml would land on an input
    shutil.copy(fixture_path("import/estate/vmm-beijing.json"), side)
    code, _, err = run("import", "--vmm", side, "-o", tmp_path / "t.yaml")
    assert code == 2 and "is an input of this command" in err


# --------------------------------------------------------------------------- scale

def test_vm_joined_by_id_keeps_vmm_name_and_warns(fixture_path, tmp_path):
    # SPEC §7: "By id where both sides have one, else by name"; "A disagreement is a
    # warning naming both values"
    s = _estate(fixture_path)
    asr = tmp_path / "asr"
    shutil.copytree(s["asr"][0], asr)
    raw = (asr / "protected-items.json").read_bytes().decode("utf-16")
    (asr / "protected-items.json").write_text(raw.replace('"VM1"', '"vm1-in-asr"'))
    s["asr"] = [str(asr)]
    data, warnings, side = import_sources(**s)
    assert [v["name"] for v in data["vms"]] == ["VM1", "VM2"]
    assert side["objects"]["vms/VM1"]["source"]["joined"] == "by id"
    assert "VM name: VMM says 'VM1', Site Recovery says 'vm1-in-asr'; VMM's is used" in \
        [w.message for w in warnings]


def test_joined_by_name_without_case_when_ids_differ(fixture_path, tmp_path):
    # SPEC §7: "else by name (without case) within one VMM server"
    s = _estate(fixture_path)
    asr = tmp_path / "asr"
    shutil.copytree(s["asr"][0], asr)
    text = (asr / "ReplicationNetworks_List.json").read_text()
    text = text.replace("00000014-0000-4000-8000-000000000000",  # VMNet-SH's VMM id
                        "99999999-0000-4000-8000-000000000000").replace('"VMNet-SH"',
                                                                        '"vmnet-sh"')
    (asr / "ReplicationNetworks_List.json").write_text(text)
    text = (asr / "mappings.json").read_text()
    (asr / "mappings.json").write_text(text.replace("00000014-0000-4000-8000-000000000000",
                                                    "99999999-0000-4000-8000-000000000000"))
    s["asr"] = [str(asr)]
    data, _, side = import_sources(**s)
    assert side["objects"]["vm_networks/VMNet-SH"]["source"]["joined"] == "by name"
    assert {"source": "VMNet-BJ", "target": "VMNet-SH"} in data["network_mappings"]
    assert [n["name"] for n in data["vm_networks"]] == ["VMNet-BJ", "VMNet-SH", "VMNet2-BJ"]


def test_nic_conflict_warned_with_both_values(fixture_path, tmp_path):
    # SPEC §7: "VMM for ... current addresses"; "A disagreement is a warning naming both
    # values"
    s = _estate(fixture_path)
    asr = tmp_path / "asr"
    shutil.copytree(s["asr"][0], asr)
    raw = (asr / "protected-items.json").read_bytes().decode("utf-16")
    (asr / "protected-items.json").write_text(raw.replace("10.1.0.60", "10.1.0.61"))
    s["asr"] = [str(asr)]
    data, warnings, _ = import_sources(**s)
    assert "NICs of VM 'VM1': VMM says 'VMNet-BJ 10.1.0.60', Site Recovery says " \
           "'VMNet-BJ 10.1.0.61'; VMM's is used" in [w.message for w in warnings]
    vm1 = next(v for v in data["vms"] if v["name"] == "VM1")
    assert vm1["nics"][0]["ip"] == "10.1.0.60"


# --------------------------------------------------------------------------- collect -> import

FAKE_AZ_SERVING = r"""#!/usr/bin/env bash
# a stand-in for az serving the estate's Site Recovery lists, each in two pages
case "$1 $2" in
  "account show") echo 6f1c3c1a-2b7e-4c41-9d0a-1f5b0e7a9c21 ;;
  "resource show") printf '{"id": "%s", "name": "vault-estate", "location": "chinanorth",
    "type": "Microsoft.RecoveryServices/vaults"}\n' "$4" ;;
  "rest --method")
    url="$5"; list="${url##*/}"; list="${list%%\?*}"
    if [[ "$url" == *skiptoken* ]]; then cat "$DATA/$list.2.json"
    else sed "s|NEXT|$url\&\$skiptoken=2|" "$DATA/$list.1.json"; fi ;;
esac
"""


def test_what_collect_asr_saves_imports(fixture_path, tmp_path):
    # SPEC §7: "Site Recovery's REST bodies as az rest ... save them"; the loop netmap
    # collect asr prints saves every page of each list in its own file (list.1.json,
    # list.2.json): the import reads them all and warns about no nextLink
    import os
    import subprocess

    from netmap.io.scripts import ASR_LISTS, collect_script
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    s = _estate(fixture_path)
    ctx = Ctx()
    by_list = {n: [] for n in ASR_LISTS}
    for f in sorted(os.listdir(s["asr"][0])):
        for it in read_items(os.path.join(s["asr"][0], f), ctx):
            kind = classify(it)
            by_list[next(n for n in ASR_LISTS if n.lower() == kind)].append(it.obj)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for name, objs in by_list.items():
        half = (len(objs) + 1) // 2
        (data_dir / f"{name}.1.json").write_text(json.dumps(
            {"nextLink": "NEXT", "value": objs[:half]}, indent=2))
        (data_dir / f"{name}.2.json").write_text(json.dumps({"value": objs[half:]}, indent=2))
    fake = tmp_path / "bin" / "az"
    fake.parent.mkdir()
    fake.write_text(FAKE_AZ_SERVING)
    fake.chmod(0o755)
    script = tmp_path / "collect-asr.sh"
    script.write_text(collect_script("asr", "bash"))
    env = {"PATH": f"{fake.parent}:/usr/bin:/bin", "DATA": str(data_dir),
           "RESOURCE_GROUP": "rg-dr", "VAULT": "vault-estate", "OUT": str(tmp_path / "asr")}
    r = subprocess.run([bash, str(script)], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert len(list((tmp_path / "asr").iterdir())) == 1 + 2 * len(ASR_LISTS)
    collected = dict(s, asr=[str(tmp_path / "asr")])
    data, warnings, side = import_sources(**collected)
    assert data == import_sources(**s)[0]  # the same topology as from the estate's files
    assert not [w for w in warnings if "nextLink" in w.message]
    assert side["vaults"][0]["name"] == "vault-estate"


def test_a_single_page_with_next_link_is_warned(tmp_path):
    (tmp_path / "fabrics.json").write_text(json.dumps({"nextLink": "https://x?$skiptoken=2",
                                                      "value": []}))
    ctx = Ctx()
    from netmap.io.importer.asr import read_asr
    read_asr(str(tmp_path), ctx)
    assert [w.message for w in ctx.warnings] == [
        "nextLink is set and no other file holds the next page: save every page of the list "
        "(netmap collect asr prints a loop that does)"]


def test_configured_replica_settings_are_not_dropped(fixture_path, tmp_path):
    # the issue: the import "drops ... the configured replica subnet and address"; SPEC §7:
    # Site Recovery is preferred "for ... configured replica settings"
    from netmap.io.schema import FORMAT
    s = _estate(fixture_path)
    asr = tmp_path / "asr"
    shutil.copytree(s["asr"][0], asr)
    raw = (asr / "protected-items.json").read_bytes().decode("utf-16")
    items = json.loads(raw)
    nic = items["value"][1]["properties"]["providerSpecificDetails"]["vmNics"][0]
    nic["recoveryVMNetworkId"] = ("/subscriptions/6f1c3c1a-2b7e-4c41-9d0a-1f5b0e7a9c21/"
                                  "resourceGroups/rg-net/providers/Microsoft.Network/"
                                  "virtualNetworks/vnet-dr")
    nic["recoveryVMSubnetName"] = "default"
    nic["replicaNicStaticIPAddress"] = "10.3.0.10"
    (asr / "protected-items.json").write_text(json.dumps(items))
    s["asr"] = [str(asr)]
    data, warnings, side = import_sources(**s)
    vm2 = next(v for v in data["vms"] if v["name"] == "VM2")
    if "replica" in FORMAT["vms"].fields["nics"][0].item.fields:
        assert vm2["nics"][0]["replica"] == {"network": "vnet-dr", "subnet": "default",
                                             "ip": "10.3.0.10"}
    else:  # the format has no per-NIC replica settings yet: the sidecar keeps them
        ids = side["objects"]["vms/VM2"]["ids"]
        assert (ids["nics[0].recovery_subnet"], ids["nics[0].recovery_ip"]) == \
            ("default", "10.3.0.10")
        assert ids["nics[0].recovery_network_id"].endswith("/virtualNetworks/vnet-dr")
        assert any("kept in the sidecar only" in w.message for w in warnings)


def test_plan_groups_from_its_own_body(fixture_path, tmp_path):
    # the unknown's own advice: the plan's body (az rest GET of the plan, a single object)
    # supplies the groups the list response left out; the same plan is one plan
    d = tmp_path / "vault1"
    shutil.copytree(fixture_path("import/asr-examples/vault1"), d)
    listed = json.loads((d / "ReplicationRecoveryPlans_List.json").read_text())
    plan = listed["responses"]["200"]["body"]["value"][0]
    vm1 = json.loads((d / "ReplicationProtectedItems_Get.json").read_text())
    plan["properties"]["groups"] = [
        {"groupType": "Shutdown", "replicationProtectedItems": []},
        {"groupType": "Failover", "replicationProtectedItems": []},
        {"groupType": "Boot", "replicationProtectedItems": [
            {"id": vm1["responses"]["200"]["body"]["id"]}]}]
    (d / "RPtest1.json").write_text(json.dumps(plan))
    data, _, _ = import_sources(asr=[str(d)])
    assert data["recovery_plans"] == [{"name": "RPtest1", "groups": [["vm1"]]}]
    assert ("RPtest1", "groups") not in {(u["object"], u["field"]) for u in data["unknown"]}


def test_without_site_recovery_protection_is_unknown(fixture_path, tmp_path, run):
    # SPEC §7: "Site Recovery for protection, mappings, plans": without its export nobody
    # knows which clouds are protected, so no "VM in a cloud with no protection" (NM009)
    out = tmp_path / "t.yaml"
    code, _, err = run("import", "--vmm", fixture_path("import/estate/vmm-beijing.json"),
                       "-o", out)
    assert code == 0, err
    data = yaml.safe_load(out.read_text())
    assert {"object": "protection", "field": "protected clouds",
            "reason": "no Site Recovery export was read: which clouds are protected, and the "
                      "network mappings, are unknown",
            "supply_with": "Site Recovery's lists (netmap collect asr)"} in data["unknown"]
    code, text, _ = run("check", out, "--format", "json")
    codes = {f["code"] for f in json.loads(text)["findings"]}
    assert "NM009" not in codes and "NM026" in codes


def test_arm_peerings_become_peering_links(fixture_path):
    # SPEC §7 (3): Azure resource JSON gives "peerings"; R5: "links get a kind, routed or
    # peering"; a peering is listed on both VNets (virtualNetworkPeerings) and is one link
    data, warnings, _ = import_sources(arm=[str(fixture_path("import/hub"))])
    assert data["links"] == [
        {"networks": ["vnet-hub", "vnet-spoke1"], "kind": "peering"},
        {"networks": ["vnet-hub", "vnet-spoke2"], "kind": "peering"}]
    assert not [w for w in warnings if "peering" in w.message]


def test_no_sidecar_left_when_the_topology_cannot_be_written(fixture_path, tmp_path, run):
    # house rule: "nothing half-written": -o into a folder that is not there fails whole
    out = tmp_path / "t.yaml"
    (tmp_path / "t.yaml").mkdir()  # a folder where the topology file should go
    code, _, err = run("import", "--asr", fixture_path("import/asr-examples/vault1"),
                       "-o", out)
    assert code == 2 and err.startswith("error: ")
    assert not (tmp_path / "t.import.json").exists()


def test_vmm_isolation_type_becomes_isolation(fixture_path):
    # R9's isolation types come from VMM: netmap-vmm/1's isolation_type is
    # Get-SCVMNetwork's IsolationType (NoIsolation, VLANNetwork,
    # WindowsNetworkVirtualization), the format's isolation none, vlan or wnv
    from netmap.io.vmm_schema import vmm_schema
    assert "IsolationType" in vmm_schema()["$defs"]["vm_network"]["properties"][
        "isolation_type"]["x-vmm"]
    data, _, _ = import_sources(**_estate(fixture_path))
    assert {n["name"]: n.get("isolation") for n in data["vm_networks"]} == {
        "VMNet-BJ": "none", "VMNet-SH": "none", "VMNet2-BJ": "none"}
    hand = yaml.safe_load(fixture_path("import/estate.yaml").read_text())
    assert [n["isolation"] for n in hand["vm_networks"]] == ["none"] * 3


# --------------------------------------------------------------------------- Azure to Azure

def _a2a(fixture_path, arm=True):
    d = fixture_path("import/a2a")
    if not arm:
        return import_sources(asr=[str(d / "asr")])
    return import_sources(asr=[str(d / "asr")], arm=[str(d / "arm")])


def test_a2a_fabrics_pairing_and_mappings(fixture_path):
    # SPEC R11: "protection: {region: A, azure: B} says region A is protected to region B";
    # the fabrics' customDetails.location (instanceType Azure) are the regions, and an
    # AzureToAzure mapping's primaryNetworkId/recoveryNetworkId are VNet ids
    data, warnings, side = _a2a(fixture_path)
    assert data["protection"] == [{"region": "chinaeast", "azure": "chinanorth"}]
    assert {"name": "chinaeast", "kind": "azure"} in data["sites"]
    assert data["network_mappings"] == [{"source": "vnet-app-ce", "target": "vnet-app-cn"},
                                        {"source": "vnet-app-cn", "target": "vnet-app-ce"}]
    assert side["objects"]["regions/chinaeast"]["ids"]["container_mapping_id"].endswith(
        "/ce-cn-24-hour-retention-policy")


def test_a2a_items_become_azure_vms_with_replica_and_test_settings(fixture_path):
    # SPEC R11: "A VM with site: REGION runs in that Azure region"; R3 replica: and R9
    # test: from the A2A vmNics[] (recoveryVMNetworkId, tfoVMNetworkId, ipConfigs[]
    # recoverySubnetName/recoveryStaticIPAddress, tfoSubnetName/tfoStaticIPAddress)
    data, _, _ = _a2a(fixture_path)
    vms = {v["name"]: v for v in data["vms"]}
    assert vms["DB1"] == {"name": "DB1", "site": "chinaeast", "nics": [
        {"network": "vnet-app-ce", "subnet": "Data", "ip": "10.2.2.10", "ip_mode": "static",
         "replica": {"network": "vnet-app-cn", "subnet": "Data", "ip": "10.2.2.20"},
         "test": {"network": "vnet-drill-cn", "subnet": "Data", "ip": "10.2.2.250"}}]}
    assert vms["APP1"]["nics"][0]["replica"] == {"network": "vnet-app-cn", "subnet": "App"}
    assert "test" not in vms["APP1"]["nics"][0]


def test_a2a_nics_without_azure_json_are_unknown_never_invented(fixture_path):
    # house rule: "Never invent facts; unknowns go to unknown:"; WEB9 is not in az vm list
    data, warnings, side = _a2a(fixture_path)
    web9 = next(v for v in data["vms"] if v["name"] == "WEB9")
    assert web9 == {"name": "WEB9", "site": "chinaeast"}
    assert ("WEB9", "nics") in {(u["object"], u["field"]) for u in data["unknown"]}
    assert any("configured test NIC settings for a NIC the topology does not have"
               in w.message for w in warnings)
    assert side["objects"]["vms/WEB9"]["ids"]["nics[0].test_network_id"].endswith(
        "/virtualNetworks/vnet-drill-cn")
    data, _, _ = _a2a(fixture_path, arm=False)
    assert all("nics" not in v for v in data["vms"])
    # the VNets named only by Site Recovery: their regions are unknown, not guessed
    assert {("vnet-app-ce", "site"), ("vnet-app-cn", "site")} <= \
        {(u["object"], u["field"]) for u in data["unknown"]}


def test_a2a_import_loads_and_is_deterministic(fixture_path, tmp_path, run):
    # house rule: same input, same output byte for byte; the result is a loadable topology
    outs = []
    for i in range(2):
        out = tmp_path / f"t{i}.yaml"
        code, _, err = run("import", "--asr", fixture_path("import/a2a/asr"), "--arm",
                           fixture_path("import/a2a/arm"), "-o", out)
        assert code == 0, err
        outs.append(out.read_text())
    assert outs[0] == outs[1]
    code, text, err = run("check", tmp_path / "t0.yaml", "--format", "json")
    assert not err.startswith("error"), err  # it loads
    # SPEC R11: the unmapped-VNet warning names no NIC here: every NIC's VNet is mapped
    assert "NM001" not in {f["code"] for f in json.loads(text)["findings"]}


def test_test_failover_settings_for_vmm_and_hyperv_to_azure(fixture_path, tmp_path):
    # the issue: "for every scenario, the protected items' configured ... test-failover
    # network, subnet and address"; VMNicDetails (tfoVMNetworkId) and IPConfigDetails
    # (tfoSubnetName, tfoStaticIPAddress) are shared by every provider's vmNics[];
    # SPEC R9: a NIC's own test: settings {network, subnet, ip}. Microsoft: "creates an IP
    # Config object that contains the failover and test failover details for each IP Config
    # (Primary and Secondary) of the NIC" (https://learn.microsoft.com/powershell/module/
    # az.recoveryservices/new-azrecoveryservicesasrvmnicipconfig)
    s = _estate(fixture_path)
    asr = tmp_path / "asr"
    shutil.copytree(s["asr"][0], asr)
    items = json.loads((asr / "protected-items.json").read_bytes().decode("utf-16"))
    vault = ("/Subscriptions/6f1c3c1a-2b7e-4c41-9d0a-1f5b0e7a9c21/resourceGroups/rg-dr/"
             "providers/Microsoft.RecoveryServices/vaults/vault-estate")
    # VM1, VMM to VMM: a recovery-site VM network (a Site Recovery network id)
    nic1 = items["value"][0]["properties"]["providerSpecificDetails"]["vmNics"][0]
    nic1["tfoVMNetworkId"] = (vault + "/replicationFabrics/ee9bf6c6d2e78ec8/"
                              "replicationNetworks/00000014-0000-4000-8000-000000000000")
    nic1["ipConfigs"][0]["tfoStaticIPAddress"] = "10.2.0.250"
    # VM2, Hyper-V to Azure: an Azure VNet
    nic2 = items["value"][1]["properties"]["providerSpecificDetails"]["vmNics"][0]
    nic2["tfoVMNetworkId"] = ("/subscriptions/6f1c3c1a-2b7e-4c41-9d0a-1f5b0e7a9c21/"
                              "resourceGroups/rg-net/providers/Microsoft.Network/"
                              "virtualNetworks/vnet-dr")
    nic2["ipConfigs"][0]["tfoSubnetName"] = "DEFAULT"  # by name without case
    nic2["ipConfigs"][0]["tfoStaticIPAddress"] = "10.3.0.250"
    (asr / "protected-items.json").write_text(json.dumps(items))
    s["asr"] = [str(asr)]
    data, warnings, side = import_sources(**s)
    vms = {v["name"]: v for v in data["vms"]}
    assert vms["VM1"]["nics"][0]["test"] == {"network": "VMNet-SH", "ip": "10.2.0.250"}
    assert vms["VM2"]["nics"][0]["test"] == {"network": "vnet-dr", "subnet": "default",
                                             "ip": "10.3.0.250"}
    assert "replica" not in vms["VM1"]["nics"][0]  # no recovery* fields: none invented
    assert side["objects"]["vms/VM1"]["source"]["nics[0].test"].startswith("asr:")


def test_a2a_pairing_without_protected_items_is_left_out(fixture_path, tmp_path):
    # SPEC R11: "{region: A, azure: B} protects every VM of region A to region B"; Site
    # Recovery protects VM by VM, so a container mapping that no protected item uses (the
    # one kept for failback) must not make every VM of its region protected
    d = tmp_path / "a2a"
    shutil.copytree(fixture_path("import/a2a"), d)
    pairings = json.loads((d / "asr" / "pairings.json").read_text())
    fwd = pairings["value"][0]
    back = json.loads(json.dumps(fwd))
    src_c, tgt_c = fwd["id"].split("/replicationProtectionContainerMappings/")[0], \
        fwd["properties"]["targetProtectionContainerId"]
    back["id"] = tgt_c + "/replicationProtectionContainerMappings/cn-ce-failback"
    back["name"] = "cn-ce-failback"
    back["properties"]["targetProtectionContainerId"] = src_c
    pairings["value"].append(back)
    (d / "asr" / "pairings.json").write_text(json.dumps(pairings))
    data, warnings, _ = import_sources(asr=[str(d / "asr")], arm=[str(d / "arm")])
    assert data["protection"] == [{"region": "chinaeast", "azure": "chinanorth"}]
    assert any("no protected item of this vault replicates from chinanorth to chinaeast"
               in w.message for w in warnings)


def test_a2a_unprotected_azure_vm_in_a_protected_region_is_warned(fixture_path, tmp_path):
    # SPEC R11 protects every VM of a protected region; az vm list also lists VMs that
    # are not protected items: the import says so rather than stay silent
    d = tmp_path / "a2a"
    shutil.copytree(fixture_path("import/a2a"), d)
    vms = json.loads((d / "arm" / "vms.json").read_text())
    ops = json.loads(json.dumps(vms[0]))
    ops["id"] = ops["id"].rsplit("/", 1)[0] + "/OPS1"
    ops["name"] = "OPS1"
    ops["networkProfile"]["networkInterfaces"] = []
    vms.append(ops)
    (d / "arm" / "vms.json").write_text(json.dumps(vms))
    data, warnings, _ = import_sources(asr=[str(d / "asr")], arm=[str(d / "arm")])
    assert {"name": "OPS1", "site": "chinaeast"} in data["vms"]
    assert [w.message for w in warnings if "OPS1" in w.message] == [
        "VM 'OPS1' is not a protected item of the vault, but its region is protected and "
        "the format protects every VM of a protected region (R11): it is listed as "
        "protected"]


def test_a2a_vm_is_one_vm_whatever_its_names(fixture_path, tmp_path):
    # ids before names (SPEC §7 joins "by id where both sides have one"): the protected
    # item's fabricObjectId is the VM's ARM id, even when its friendlyName differs
    d = tmp_path / "a2a"
    shutil.copytree(fixture_path("import/a2a"), d)
    items = json.loads((d / "asr" / "protected-items.json").read_text())
    items["value"][0]["properties"]["friendlyName"] = "db1-renamed"
    (d / "asr" / "protected-items.json").write_text(json.dumps(items))
    data, _, side = import_sources(asr=[str(d / "asr")], arm=[str(d / "arm")])
    names = [v["name"] for v in data["vms"]]
    assert "db1-renamed" in names and "DB1" not in names
    assert side["objects"]["vms/db1-renamed"]["ids"]["arm_id"].endswith(
        "/virtualMachines/DB1")
