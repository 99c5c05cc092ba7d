"""``netmap fix`` and ``netmap collect`` from the command line.

SPEC §7: "`netmap fix T` emits, for NM001 (unmapped network), NM002 (target not
available) and NM005 (no mapping back), the commands that close the gap, dry-run by
default (PowerShell `-WhatIf`) ... The target comes from R2: one available candidate is
used; several are listed under `needs_choice` until `--choose SOURCE=TARGET` picks one;
netmap never guesses."

The golden files under tests/cli/golden/ were written by netmap and reviewed line by
line against the pages each script cites (New-AzRecoveryServicesAsrNetworkMapping's
parameter sets, az site-recovery network mapping create's arguments in the azure-cli
site-recovery extension, the azurerm and azapi argument references).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

import netmap
from netmap.analysis.checks import check

CHOOSE = "VMNetwork2-Beijing=VMNetwork2-Shanghai"


@pytest.fixture(scope="module")
def golden(repo_root):
    """A function: the text of ``tests/cli/golden/NAME``."""
    return lambda name: (repo_root / "tests" / "cli" / "golden" / name).read_text(
        encoding="utf-8")


@pytest.mark.parametrize("tool", ["powershell", "az", "terraform"])
def test_example_commands_word_for_word(run, example_file, golden, tool):
    code, out, err = run("fix", example_file, "--as", tool, "--choose", CHOOSE)
    assert (code, err) == (0, "")
    assert out == golden(f"fix-example-{tool}.txt")


def test_example_without_choice_lists_the_candidates(run, example_file, golden):
    code, out, err = run("fix", example_file)
    assert (code, err) == (0, "")
    assert out == golden("fix-example-needs-choice.txt")
    assert "New-AzRecoveryServicesAsrNetworkMapping -Name" not in out  # nothing guessed


def test_dry_run_by_default(run, example_file):
    """SPEC §7: "dry-run by default (PowerShell `-WhatIf`)". New-AzRecoveryServicesAsr-
    NetworkMapping takes -WhatIf (its syntax ends "[-WhatIf] [-Confirm]"); Set-SCCloud
    does not (its reference lists the common parameters only: "-Debug, -ErrorAction,
    -ErrorVariable, ..."), so the VMM change is guarded by $DryRun and only printed."""
    _, ps, _ = run("fix", example_file, "--choose", CHOOSE)
    assert "$DryRun = $true" in ps
    changes = [x for x in ps.splitlines() if x.startswith("New-AzRecoveryServices")]
    assert changes and all(x.endswith("-WhatIf:$DryRun") for x in changes)
    (vmm,) = [x for x in ps.splitlines() if "Set-SCCloud -Cloud $cloud" in x]
    assert vmm.startswith("if ($DryRun) { Write-Host")
    _, az, _ = run("fix", example_file, "--as", "az", "--choose", CHOOSE)
    assert 'DRY_RUN="${DRY_RUN:-1}"' in az
    lines = az.splitlines()
    assert not [x for x in lines if x.startswith("az ")]  # every az command goes through run
    assert len([x for x in lines if x.startswith("run az ")]) == 2


def test_json_shape(run, example_file):
    # SPEC §5: fix: {"actions": [{"finding", "source", "target", "commands": [..],
    # "reason"}], "needs_choice": [{"source", "candidates": [..]}]}
    code, out, _ = run("fix", example_file, "--format", "json", "--choose", CHOOSE)
    d = json.loads(out)
    assert code == 0 and d["needs_choice"] == []
    for a in d["actions"]:
        assert {"finding", "source", "target", "commands", "reason"} <= set(a)
    assert [(a["finding"], a["source"], a["target"]) for a in d["actions"]] == [
        ("NM001", "VMNetwork2-Beijing", "VMNetwork2-Shanghai"),
        ("NM002", "VMNetwork2-Beijing", "VMNetwork2-Shanghai"),
        ("NM005", "VMNetwork2-Shanghai", "VMNetwork2-Beijing")]
    _, out, _ = run("fix", example_file, "--format", "json")
    (n,) = json.loads(out)["needs_choice"]
    assert n["source"] == "VMNetwork2-Beijing"
    assert n["candidates"] == ["VMNetwork1-Shanghai", "VMNetwork2-Shanghai"]


def test_applying_what_fix_emits_closes_nm001_and_nm005(run, example_file):
    """The issue's "done when": the mappings the commands create, added to the topology,
    and the logical network the VMM side adds, make NM001 and NM005 disappear."""
    code, out, _ = run("fix", example_file, "--format", "json")
    needs = json.loads(out)["needs_choice"]
    # the example leaves one choice: VMNetwork2-Shanghai, the target that keeps failback
    # (VMNetwork1-Shanghai already maps back to VMNetwork1-Beijing)
    assert [n["source"] for n in needs] == ["VMNetwork2-Beijing"]
    code, out, _ = run("fix", example_file, "--format", "json", "--choose", CHOOSE)
    actions = json.loads(out)["actions"]
    with open(example_file, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    for a in actions:
        cmds = "\n".join(a["commands"])
        if a["commands"] and "New-AzRecoveryServicesAsrNetworkMapping" in cmds:
            # the mapping the command creates: its primary and recovery network
            nets = [x.split("-FriendlyName ")[-1].strip("'") for x in a["commands"][:2]]
            assert nets == [a["source"], a["target"]]
            data["network_mappings"].append({"source": nets[0], "target": nets[1]})
        elif "Set-SCCloud" in cmds:
            cloud = cmds.split("Get-SCCloud -VMMServer $vmm -Name ")[1].split("\n")[0]
            ln = cmds.split("Get-SCLogicalNetwork -VMMServer $vmm -Name ")[1].split("\n")[0]
            (c,) = [c for c in data["clouds"] if c["name"] == cloud.strip("'")]
            c["logical_networks"].append(ln.strip("'"))
    G = netmap.loads(yaml.safe_dump(data), "fixed.yaml")
    after = sorted({f["code"] for f in check(G)})
    assert "NM001" not in after and "NM005" not in after and "NM002" not in after
    # what remains is outside fix's codes: NM003 (the VMM host side), NM007, NM009
    assert "NM003" in after and not set(after) & {"NM001", "NM002", "NM005"}


@pytest.mark.parametrize("args, words", [
    (["--choose", "VMNetwork2-Bejing=VMNetwork2-Shanghai"],
     "error: --choose: unknown network 'VMNetwork2-Bejing' (did you mean "
     "'VMNetwork2-Beijing'?)"),
    (["--choose", "VMNetwork2-Beijing"], "is not SOURCE=TARGET"),
    (["--choose", "VMNetwork1-Beijing=VMNetwork2-Shanghai"],
     "error: --choose: VMNetwork1-Beijing has no unmapped NIC to fix"),
    (["--as", "bicep"], "error: Invalid value for '--as'"),
])
def test_bad_input_is_exit_2(run, example_file, args, words):
    code, out, err = run("fix", example_file, *args)
    assert code == 2 and out == "" and "Traceback" not in err
    assert words in err, err


def test_missing_file(run, tmp_path):
    code, _, err = run("fix", tmp_path / "nope.yaml")
    assert code == 2 and err.startswith("error:")


def _hostile_copy(example_file, tmp_path, names):
    text = Path(example_file).read_text(encoding="utf-8")
    data = yaml.safe_load(text)

    def walk(x):
        if isinstance(x, dict):
            return {k: walk(v) for k, v in x.items()}
        if isinstance(x, list):
            return [walk(v) for v in x]
        return names.get(x, x) if isinstance(x, str) else x

    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(walk(data), allow_unicode=True), encoding="utf-8")
    return path


HOSTILE = {
    "VMNetwork2-Beijing": "it's $(touch PWNED1) `touch PWNED2`",
    "VMNetwork2-Shanghai": "x'; touch PWNED3; echo '\"${file(\"/etc/passwd\")}",
    "VMM-Shanghai": "vmm\u2019$(touch PWNED4)",
    "SilverCloud2": "cloud'); Remove-Item -Recurse C:\\; ('",
}


def test_hostile_names_never_run_in_the_az_script(run, example_file, tmp_path):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    path = _hostile_copy(example_file, tmp_path, HOSTILE)
    choose = f"{HOSTILE['VMNetwork2-Beijing']}={HOSTILE['VMNetwork2-Shanghai']}"
    code, script, err = run("fix", path, "--as", "az", "--choose", choose)
    assert code == 0, err
    work = tmp_path / "work"
    work.mkdir()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(work)}
    r = subprocess.run([bash, "-c", script], cwd=work, env=env, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(work)) == []  # nothing was created: no name ran
    assert r.stdout.count("would run: az rest") == 2


def test_hostile_names_stay_quoted_in_powershell_and_terraform(run, example_file, tmp_path):
    from netmap.io.scripts import ps_quote

    path = _hostile_copy(example_file, tmp_path, HOSTILE)
    choose = f"{HOSTILE['VMNetwork2-Beijing']}={HOSTILE['VMNetwork2-Shanghai']}"
    _, ps, _ = run("fix", path, "--choose", choose)
    _, tf, _ = run("fix", path, "--as", "terraform", "--choose", choose)
    names = sorted(HOSTILE.values(), key=len, reverse=True)
    for line in ps.splitlines():
        if not line.startswith("#"):
            for name in names:
                line = line.replace(ps_quote(name), "''")
            assert "$(touch" not in line and "touch PWNED" not in line, line
    # HCL runs nothing but its templates: no ${ or %{ may be left unescaped ($${ is a
    # literal "${"), and every name sits inside a string literal
    for line in tf.splitlines():
        if not line.startswith("#"):
            assert not re.search(r"(?<![$%])[$%]\{", line.replace("$${", "").replace("%%{", "")), \
                line
    labels = re.findall(r'^resource "[a-z_]+" "([^"]*)" \{$', tf, re.M)
    assert len(labels) == 2 and all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", x) for x in labels)
    assert ps_quote(HOSTILE["VMM-Shanghai"]) in ps


def test_ids_come_from_the_sidecar(run, example_file, tmp_path):
    topo = tmp_path / "estate.yaml"
    topo.write_text(Path(example_file).read_text(encoding="utf-8"), encoding="utf-8")
    vault = ("/subscriptions/0000-sub/resourceGroups/rg-dr/providers/"
             "Microsoft.RecoveryServices/vaults/vault-dr")
    sidecar = {"ids": {
        "vault": {"id": vault},
        "fabrics": {"VMM-Beijing": {"name": "fabric-bj"}, "VMM-Shanghai": {"name": "fabric-sh"}},
        "networks": {
            "VMNetwork2-Beijing": {"name": "net-bj-2", "id": vault + "/replicationFabrics/"
                                   "fabric-bj/replicationNetworks/net-bj-2"},
            "VMNetwork2-Shanghai": {"name": "net-sh-2", "id": vault + "/replicationFabrics/"
                                    "fabric-sh/replicationNetworks/net-sh-2"}}}}
    (tmp_path / "estate.import.json").write_text(json.dumps(sidecar), encoding="utf-8")
    _, ps, _ = run("fix", topo, "--choose", CHOOSE)
    assert "-ResourceGroupName 'rg-dr' -Name 'vault-dr'" in ps
    assert "(Get-AzRecoveryServicesAsrFabric -Name 'fabric-bj') -Name 'net-bj-2'" in ps
    _, az, _ = run("fix", topo, "--as", "az", "--choose", CHOOSE, "--format", "json")
    d = json.loads(az)
    assert d["placeholders"] == []
    cmds = " ".join(c for a in d["actions"] for c in a["commands"])
    assert ("/subscriptions/0000-sub/resourceGroups/rg-dr/providers/Microsoft.RecoveryServices"
            "/vaults/vault-dr/replicationFabrics/fabric-bj/replicationNetworks/net-bj-2/"
            "replicationNetworkMappings/VMNetwork2-Beijing-to-VMNetwork2-Shanghai") in cmds
    (tmp_path / "estate.import.json").write_text("{not json", encoding="utf-8")
    code, _, err = run("fix", topo)
    assert code == 2 and "estate.import.json:1: ids: cannot read the import sidecar" in err


def test_ids_from_the_sidecar_netmap_import_writes(run, example_file, tmp_path):
    """The netmap-import/1 sidecar (vaults, objects "kind/name" with their ids) gives
    the same commands as the short hand-written form."""
    vault = ("/subscriptions/0000-sub/resourceGroups/rg-dr/providers/"
             "Microsoft.RecoveryServices/vaults/vault-dr")
    net = vault + "/replicationFabrics/fabric-{}/replicationNetworks/net-{}"
    long_form = {"format": "netmap-import/1",
                 "vaults": [{"id": vault, "name": "vault-dr"}],
                 "objects": {
                     "vmm_servers/VMM-Beijing": {"ids": {"fabric_name": "fabric-bj"}},
                     "vmm_servers/VMM-Shanghai": {"ids": {"fabric_name": "fabric-sh"}},
                     "vm_networks/VMNetwork2-Beijing": {"ids": {
                         "network_name": "net-bj-2", "network_id": net.format("bj", "bj-2")}},
                     "vm_networks/VMNetwork2-Shanghai": {"ids": {
                         "network_name": "net-sh-2", "network_id": net.format("sh", "sh-2")}}},
                 "unknown": []}
    short_form = {"ids": {
        "vault": {"id": vault},
        "fabrics": {"VMM-Beijing": {"name": "fabric-bj"}, "VMM-Shanghai": {"name": "fabric-sh"}},
        "networks": {"VMNetwork2-Beijing": {"name": "net-bj-2", "id": net.format("bj", "bj-2")},
                     "VMNetwork2-Shanghai": {"name": "net-sh-2",
                                             "id": net.format("sh", "sh-2")}}}}
    outs = []
    for form in (long_form, short_form):
        topo = tmp_path / "estate.yaml"
        topo.write_text(Path(example_file).read_text(encoding="utf-8"), encoding="utf-8")
        (tmp_path / "estate.import.json").write_text(json.dumps(form), encoding="utf-8")
        code, out, err = run("fix", topo, "--as", "az", "--choose", CHOOSE)
        assert (code, err) == (0, "")
        outs.append(out)
    assert outs[0] == outs[1] and "<" not in outs[0].split("# Dry run")[1]
    # two vaults: which one is not guessed
    long_form["vaults"].append({"id": vault.replace("vault-dr", "vault-2")})
    (tmp_path / "estate.import.json").write_text(json.dumps(long_form), encoding="utf-8")
    _, out, _ = run("fix", topo, "--as", "az", "--choose", CHOOSE)
    assert "<VAULT-NAME>" in out and "fabric-bj" in out


def test_a_powershell_file_with_non_ascii_names_gets_a_byte_order_mark(
        run, example_file, tmp_path):
    path = _hostile_copy(example_file, tmp_path, {"VMNetwork2-Beijing": "Réseau-北京"})
    out = tmp_path / "fix.ps1"
    code, _, err = run("fix", path, "-o", out)
    assert (code, err) == (0, "")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "Réseau-北京".encode() in data
    ascii_out = tmp_path / "ascii.ps1"
    run("fix", example_file, "-o", ascii_out)
    assert not ascii_out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_placeholders_are_named_without_a_sidecar(run, example_file):
    _, out, _ = run("fix", example_file, "--as", "az", "--choose", CHOOSE, "--format", "json")
    assert json.loads(out)["placeholders"] == [
        "<FABRIC-NAME:VMM-Beijing>", "<FABRIC-NAME:VMM-Shanghai>",
        "<NETWORK-ID:VMNetwork2-Beijing>", "<NETWORK-ID:VMNetwork2-Shanghai>",
        "<NETWORK-NAME:VMNetwork2-Beijing>", "<NETWORK-NAME:VMNetwork2-Shanghai>",
        "<RESOURCE-GROUP>", "<SUBSCRIPTION-ID>", "<VAULT-NAME>"]


# ----------------------------------------------------------------------------- collect

@pytest.mark.parametrize("args", [["asr"], ["asr", "--shell", "powershell"], ["arm"],
                                  ["arm", "--shell", "powershell"], ["vmm"]])
def test_collect_prints_a_script(run, args):
    from netmap.io.scripts import collect_script

    code, out, err = run("collect", *args)
    assert (code, err) == (0, "")
    shell = args[2] if len(args) > 2 else None
    assert out == collect_script(args[0], shell)


def test_collect_writes_a_file(run, tmp_path):
    code, out, err = run("collect", "vmm", "-o", tmp_path / "collect-vmm.ps1")
    assert (code, out) == (0, "")
    assert (tmp_path / "collect-vmm.ps1").read_text(encoding="utf-8").startswith(
        "# netmap collect vmm")


def test_collect_bad_input(run):
    code, out, err = run("collect", "vmm", "--shell", "bash")
    assert code == 2 and "PowerShell only" in err and err.startswith("error:")
    code, out, err = run("collect", "vcenter")
    assert code == 2 and err.startswith("error:")
