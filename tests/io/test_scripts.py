"""Scripts netmap prints (netmap collect, netmap fix): quoting names as data, and the
exporters' content checked against what they must read and write."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess

import pytest

from netmap.io.scripts import (ASR_API_VERSION, ASR_LISTS, VMM_CMDLETS, collect_script,
                               comment_text, hcl_quote, ps_quote, safe_label, sh_quote)
from netmap.io.vmm_schema import vmm_schema

HOSTILE = [
    "plain",
    "it's",
    "a\u2019b\u2018c\u201a\u201bd",  # PowerShell's other single quotes
    "$(touch pwned)",
    "`touch pwned`; rm -rf ~",
    '"; Remove-Item C:\\ -Recurse; "',
    "${file(\"/etc/passwd\")} %{ if true }x%{ endif }",
    "tab\there",
    "new\nline",
    "back\\slash",
    "",
]

PS_QUOTES = "'\u2018\u2019\u201a\u201b"


def ps_unquote(text):
    """PowerShell's reading of a single-quoted string (about_Quoting_Rules: inside
    single quotes nothing is expanded; a quote character is written twice)."""
    assert text[0] == "'" and text[-1] == "'"
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch in PS_QUOTES:
            assert i + 1 < len(body) and body[i + 1] == ch, f"unescaped quote in {text!r}"
            i += 1
        out.append(ch)
        i += 1
    return "".join(out)


@pytest.mark.parametrize("name", HOSTILE)
def test_ps_quote_reads_back_as_the_same_text(name):
    assert ps_unquote(ps_quote(name)) == name


@pytest.mark.parametrize("name", HOSTILE)
def test_sh_quote_is_one_word(name):
    assert shlex.split(f"cmd {sh_quote(name)}") == ["cmd", name]


@pytest.mark.parametrize("name", HOSTILE)
def test_hcl_quote_has_no_template_and_reads_back(name):
    q = hcl_quote(name)
    # an HCL template sequence starts with an unescaped ${ or %{
    assert not re.search(r"(?<![$%])[$%]\{", q.replace("$${", "").replace("%%{", ""))
    assert json.loads(q.replace("$${", "${").replace("%%{", "%{")) == name


def test_comment_text_keeps_one_line():
    for name in HOSTILE + ["a\rb\u2028c\x85d\x0be"]:
        assert len(comment_text(name).splitlines() or [""]) == 1


def test_safe_label():
    assert safe_label("VMNetwork1-Beijing") == "VMNetwork1-Beijing"
    assert safe_label("$(touch pwned)") == "touch-pwned"
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", safe_label("9 lives"))


# ----------------------------------------------------------------------------- collect

@pytest.mark.parametrize("source", ["asr", "arm"])
def test_bash_exporters_parse(source):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    r = subprocess.run([bash, "-n"], input=collect_script(source, "bash"), text=True,
                       capture_output=True)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("shell", ["bash", "powershell"])
def test_asr_exporter_saves_every_list_with_the_current_api_version(shell):
    text = collect_script("asr", shell)
    # the newest stable version in azure-rest-api-specs
    # (specification/recoveryservicessiterecovery/.../SiteRecovery/stable/2026-05-01)
    assert ASR_API_VERSION == "2026-05-01"
    assert (f"API={ASR_API_VERSION}" if shell == "bash"
            else f"api-version={ASR_API_VERSION}") in text
    for name in ASR_LISTS:
        assert name in text
    assert "nextLink" in text  # every page, not the first only


def test_arm_exporter_lists_what_import_reads():
    bash = collect_script("arm", "bash")
    for cmd in ("az network vnet list", "az network nic list", "az vm list",
                "az network vnet-gateway list", "az network vpn-connection list"):
        assert cmd in bash
    ps = collect_script("arm", "powershell")
    for res in ("Microsoft.Network/virtualNetworks", "Microsoft.Network/networkInterfaces",
                "Microsoft.Compute/virtualMachines", "virtualNetworkGateways", "connections"):
        assert res in ps


def test_vmm_exporter_is_powershell_only():
    with pytest.raises(ValueError):
        collect_script("vmm", "bash")
    assert collect_script("vmm") == collect_script("vmm", "powershell")


def _schema_keys(node, out):
    if isinstance(node, dict):
        for k, v in node.get("properties", {}).items():
            out.add(k)
        for v in node.values():
            _schema_keys(v, out)
    elif isinstance(node, list):
        for v in node:
            _schema_keys(v, out)
    return out


def test_vmm_exporter_writes_every_key_of_the_schema():
    text = collect_script("vmm")
    s = vmm_schema()
    s.pop("examples")
    keys = _schema_keys(s, set())
    written = set(re.findall(r"^\s*([a-z_0-9]+) = ", text, re.M))
    assert keys == written


def test_vmm_exporter_cites_every_cmdlet_it_calls():
    text = collect_script("vmm")
    called = set(re.findall(r"\b(Get-SC\w+)", text))
    assert called == set(VMM_CMDLETS)
    for cmdlet in called:
        url = ("https://learn.microsoft.com/powershell/module/virtualmachinemanager/"
               + cmdlet.lower())
        assert f"# {cmdlet}: {url}" in text


def test_vmm_exporter_reads_only_documented_properties_it_lists():
    # every $object.Property the script reads is named in the cmdlet list it cites
    text = collect_script("vmm")
    code = "\n".join(x for x in text.splitlines() if not x.lstrip().startswith("#"))
    read = set(re.findall(r"\$(?:ln|site|sv|net|sub|pool|gw|cloud|hg|vmhost|vm|nic|server|o)"
                          r"\.([A-Za-z]+)", code))
    listed = set(re.findall(r"[A-Za-z]+", " ".join(VMM_CMDLETS.values())))
    assert read and read <= listed | {"Path", "IPAddress"}, read - listed


def test_vmm_exporter_depth_and_encoding():
    text = collect_script("vmm")
    depth = int(re.search(r"ConvertTo-Json -InputObject \$inventory -Depth (\d+)", text)[1])
    # the deepest value: vm_networks[].subnets[].pools[].gateways[] -> 7 levels below
    # the root, more than ConvertTo-Json's default depth of 2
    assert depth >= 7
    assert "New-Object System.Text.UTF8Encoding $false" in text


FAKE_AZ = r"""#!/usr/bin/env bash
# a stand-in for az: records its calls; az rest serves two pages of each list
echo "$*" >> "$AZ_LOG"
case "$1 $2" in
  "account show") echo 00000000-0000-0000-0000-000000000001 ;;
  "resource show") echo '{"id": "vault", "location": "eastus"}' ;;
  "rest --method")
    url="$5"
    if [[ "$url" == *skiptoken* ]]; then
      printf '{\n  "value": [{"id": "second"}]\n}\n'
    else
      printf '{\n  "nextLink": "%s&$skiptoken=2",\n  "value": [{"id": "first"}]\n}\n' "$url"
    fi ;;
  *) echo '[]' ;;
esac
"""


def test_asr_exporter_follows_every_page(tmp_path):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    fake = tmp_path / "bin" / "az"
    fake.parent.mkdir()
    fake.write_text(FAKE_AZ)
    fake.chmod(0o755)
    script = tmp_path / "collect-asr.sh"
    script.write_text(collect_script("asr", "bash"))
    env = {"PATH": f"{fake.parent}:/usr/bin:/bin", "AZ_LOG": str(tmp_path / "az.log"),
           "RESOURCE_GROUP": "rg dr", "VAULT": "vault-1", "OUT": str(tmp_path / "out")}
    r = subprocess.run([bash, str(script)], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == sorted(["vault.json"] + [f"{n}.{i}.json" for n in ASR_LISTS
                                             for i in (1, 2)])
    page2 = json.loads((tmp_path / "out" / "replicationNetworks.2.json").read_text())
    assert page2["value"] == [{"id": "second"}]
    log = (tmp_path / "az.log").read_text().splitlines()
    first = [x for x in log if "replicationNetworks?" in x and "skiptoken" not in x]
    assert first == ["rest --method get --url https://management.azure.com/subscriptions/"
                     "00000000-0000-0000-0000-000000000001/resourceGroups/rg dr/providers/"
                     "Microsoft.RecoveryServices/vaults/vault-1/replicationNetworks"
                     f"?api-version={ASR_API_VERSION}"]


FAKE_AZ_ARM = r"""#!/usr/bin/env bash
echo "$*" >> "$AZ_LOG"
case "$1 $2" in
  "group list") printf 'rg-one\nrg (two)\n' ;;
  *) echo '[]' ;;
esac
"""


def test_arm_exporter_lists_per_resource_group(tmp_path):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    fake = tmp_path / "bin" / "az"
    fake.parent.mkdir()
    fake.write_text(FAKE_AZ_ARM)
    fake.chmod(0o755)
    script = tmp_path / "collect-arm.sh"
    script.write_text(collect_script("arm", "bash"))
    env = {"PATH": f"{fake.parent}:/usr/bin:/bin", "AZ_LOG": str(tmp_path / "az.log"),
           "OUT": str(tmp_path / "out")}
    r = subprocess.run([bash, str(script)], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([
        "vnets.json", "nics.json", "vms.json",
        "vnet-gateways.rg-one.json", "vpn-connections.rg-one.json",
        "vnet-gateways.rg__two_.json", "vpn-connections.rg__two_.json"])
    log = (tmp_path / "az.log").read_text()
    assert "network vnet-gateway list --resource-group rg (two) -o json" in log


@pytest.mark.parametrize("source, shell", [("asr", "bash"), ("asr", "powershell"),
                                           ("arm", "bash"), ("arm", "powershell"),
                                           ("vmm", "powershell")])
def test_exporters_are_ascii(source, shell):
    # Windows PowerShell 5.1 reads a .ps1 without a byte-order mark in the ANSI code page:
    # an ASCII script reads the same whatever encoding it was saved in
    assert collect_script(source, shell).isascii()
