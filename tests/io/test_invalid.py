"""Every kind of load error of SPEC §1, each with a file in fixtures/invalid/ and its
exact messages: file, line, object path, what is wrong and a suggestion where one exists.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import netmap
from netmap.io import yaml_safety
from netmap.cli.app import error_text  # the CLI words each problem: "error: FILE:LINE: ..."
from netmap.errors import NetmapError, TopologyError

EXPECTED = {
    "syntax-error.yaml": [
        ("error: syntax-error.yaml:6: invalid YAML: did not find expected ',' or '}' "
        "(while parsing a flow mapping that starts on line 5)"),
    ],
    "syntax-error.json": [
        ("error: syntax-error.json:5: invalid JSON: Expecting property name enclosed in "
        "double quotes"),
    ],
    "missing-netmap.yaml": [
        "error: missing-netmap.yaml:2: missing 'netmap: 1' (the format version)",
    ],
    "wrong-version.yaml": [
        ("error: wrong-version.yaml:2: netmap: unsupported format version number 2; "
        "this netmap reads 'netmap: 1'"),
    ],
    "wrong-type.yaml": [
        ("error: wrong-type.yaml:7: vmm_servers[0] (VMM-Beijing).site: expected a non-empty "
        "string, got a list"),
        ("error: wrong-type.yaml:11: clouds[0] (GoldCloud1).logical_networks: expected a "
        "list, got a mapping"),
        ("error: wrong-type.yaml:15: vms[0] (VM1).host: expected a non-empty string, got "
        "boolean true (quote it)"),
        ("error: wrong-type.yaml:16: vms[0] (VM1).size.memory_gb: expected a non-negative "
        "number, got string '8GB'"),
    ],
    # SPEC §1 (revision 2): loading rejects "a VM with both or neither of cloud and site"
    "missing-field.yaml": [
        ("error: missing-field.yaml:10: vms[0] (VM1): give exactly one of 'cloud' or 'site' "
         "(neither given)"),
    ],
    # SPEC §7: "vm_networks[].logical_network ... may be absent, meaning unknown": then
    # `vmm` says whose VM network it is (netmap import writes it)
    "vm-network-no-owner.yaml": [
        ("error: vm-network-no-owner.yaml:8: vm_networks[0] (VMNetwork1-Beijing): missing "
         "required field 'logical_network' (or, when it is unknown, 'vmm': the VM network's "
         "VMM server)"),
    ],
    "vm-network-vmm-mismatch.yaml": [
        ("error: vm-network-vmm-mismatch.yaml:14: vm_networks[0] (VMNetwork1-Beijing).vmm: "
         "VM network on logical network 'LogicalNetwork1-Beijing' of VMM server "
         "'VMM-Beijing' names VMM server 'VMM-Shanghai'"),
    ],
    "cloud-without-vmm-or-site.yaml": [
        ("error: cloud-without-vmm-or-site.yaml:6: clouds[0] (GoldCloud1): missing required "
         "field 'vmm' (a cloud without a VMM server, a Hyper-V site's, names its 'site')"),
    ],
    # SPEC §7: "the topology's optional unknown: list holds {object, field, reason,
    # supply_with}"
    "unknown-entry.yaml": [
        "error: unknown-entry.yaml:4: unknown[0]: missing required field 'supply_with'",
        ("error: unknown-entry.yaml:7: unknown[0].supply: unknown key 'supply' (did you mean "
         "'supply_with'?)"),
    ],
    "unknown-key.yaml": [
        ("error: unknown-key.yaml:12: clouds[0] (GoldCloud1).logical_network: unknown key "
        "'logical_network' (did you mean 'logical_networks'?)"),
    ],
    "duplicate-name.yaml": [
        ("error: duplicate-name.yaml:12: vms[2] (VM1).name: duplicate VM name 'VM1' "
        "(first at vms[0])"),
    ],
    "duplicate-key.json": [  # JSON readers keep the last; refused like YAML's (issue 14)
        "error: duplicate-key.json:13: duplicate key 'cloud' (first on line 12)",
    ],
    "nul-byte.yaml": [  # issue 14, item 7: /dev/zero was read until memory ran out
        "error: nul-byte.yaml:3: not a text file: it holds a NUL byte",
    ],
    "name-control-character.yaml": [  # issue 14, item 11: shown escaped, never raw
        ("error: name-control-character.yaml:5: sites[0] (Beijing\\x1b[2J).name: contains "
         "\\x1b (a control character), which a name cannot hold"),
        ("error: name-control-character.yaml:6: sites[1] (Shanghai\\nerror: everything is "
         "fine).name: contains \\n (a control character), which a name cannot hold"),
    ],
    "name-too-long.yaml": [  # issue 14, item 7
        ("error: name-too-long.yaml:8: vms[0] (VM" + "x" * 55 + "...).name: a name is at "
         "most 256 characters, got 302 ('VMxxxxxxxxxxxxxxxxxx...')"),
    ],
    # issue 14, item 12: the lines an editor shows (YAML counts U+2028 as a line break;
    # U+0085 inside double quotes is a line break that YAML folds into a space)
    "line-separators.yaml": [
        ("error: line-separators.yaml:6: sites[0] (Bei\\u2028jing).name: contains \\u2028 "
         "(a line separator), which a name cannot hold"),
        ("error: line-separators.yaml:9: vmm_servers[0] (VMM-Beijing).sight: unknown key "
         "'sight' (did you mean 'site'?)"),
        ("error: line-separators.yaml:9: vmm_servers[0] (VMM-Beijing).site: unknown site "
         "'Beijing' (did you mean 'Bei\\u2028jing'?)"),
    ],
    "duplicate-key.yaml": [
        "error: duplicate-key.yaml:13: duplicate key 'cloud' (first on line 12)",
    ],
    "unknown-reference.yaml": [
        ("error: unknown-reference.yaml:20: vms[3] (VM7).nics[0].network: unknown VM network "
        "'VMNet1' (did you mean 'VMNetwork1-Beijing'?)"),
    ],
    # SPEC R4: "A VM's replica_host is its placement when given" -- a host name, so an
    # unknown one is a reference error with a suggestion
    "unknown-replica-host.yaml": [
        ("error: unknown-replica-host.yaml:25: vms[0] (VM1).replica_host: unknown host "
         "'HV-SH-1' (did you mean 'HV-SH-01'?)"),
    ],
    # SPEC R1: "A source network has at most one target per site"; loading rejects "a
    # network mapped twice to the same site or onto itself" (revision 2: was "twice")
    "mapped-twice.yaml": [
        ("error: mapped-twice.yaml:25: network_mappings[2].target: network "
        "'VMNetwork1-Beijing' is mapped twice to site 'Shanghai' (first at "
        "network_mappings[0]); a source network has at most one target per site"),
    ],
    # SPEC §1: loading rejects "a mapping from an Azure network to a VM network (Site
    # Recovery has no such mapping)"
    "azure-to-vmm-mapping.yaml": [
        ("error: azure-to-vmm-mapping.yaml:19: network_mappings[1].target: 'vnet-dr' is an "
        "Azure network and 'VMNetwork1-Beijing' a VM network: Site Recovery has no mapping "
        "from Azure to VMM (a VM fails back from Azure to its original VM)"),
    ],
    # a peering is between two virtual networks of one platform: Azure VNets, or Windows
    # Server SDN virtual networks ("Virtual network peering lets you connect two virtual
    # networks seamlessly", learn.microsoft.com/windows-server/networking/sdn/vnet-peering/
    # sdn-vnet-peering); an Azure network reaches VM networks through its gateway (R5)
    "peering-across-platforms.yaml": [
        ("error: peering-across-platforms.yaml:16: links[0].kind: a peering joins Azure "
         "network 'vnet-hub' to VM network 'Corp-BJ': a peering joins two Azure networks or "
         "two VM networks (an Azure network reaches VM networks through its gateway)"),
    ],
    "mapped-onto-itself.yaml": [
        ("error: mapped-onto-itself.yaml:22: network_mappings[0].target: network "
        "'VMNetwork1-Beijing' is mapped onto itself"),
    ],
    "nic-subnet.yaml": [
        ("error: nic-subnet.yaml:26: vms[0] (VM1).nics[0].subnet: network "
        "'VMNetwork1-Beijing' has no subnet 'Subnet2' (did you mean 'Subnet1'?)"),
    ],
    "invalid-cidr.yaml": [
        ("error: invalid-cidr.yaml:13: vm_networks[0] (VMNetwork1-Beijing).subnets[0].prefix: "
        "invalid CIDR prefix '10.1.0.1/24': 10.1.0.1/24 has host bits set "
        "(did you mean '10.1.0.0/24'?)"),
        ("error: invalid-cidr.yaml:14: vm_networks[0] (VMNetwork1-Beijing).subnets[1].prefix: "
        "invalid CIDR prefix '10.1.1.0/33': '10.1.1.0/33' does not appear to be an IPv4 or "
        "IPv6 network"),
    ],
    "isolation.yaml": [
        # docs/format.md: vm_networks[].isolation is `none`, `vlan` or `wnv`
        ("error: isolation.yaml:12: vm_networks[0] (VMNetwork-Test).isolation: expected one "
        "of none, vlan, wnv, got string 'vxlan' (did you mean 'vlan'?)"),
    ],
    "invalid-ip.yaml": [
        "error: invalid-ip.yaml:26: vms[0] (VM1).nics[0].ip: invalid IP address '10.1.0.256'",
    ],
    # SPEC §1: loading rejects "a pool or gateway address outside its subnet's prefix"
    "gateway-outside-prefix.yaml": [
        ("error: gateway-outside-prefix.yaml:19: vm_networks[1] (VMNetwork1-Shanghai)."
         "subnets[0].gateway: gateway '10.2.0.1' is outside the subnet's prefix 10.1.0.0/24"),
        ("error: gateway-outside-prefix.yaml:20: vm_networks[1] (VMNetwork1-Shanghai)."
         "subnets[1].gateway: gateway '10.1.1.0' is the network address of 10.1.1.0/24, not a "
         "host address"),
    ],
    "pool-outside-prefix.yaml": [
        ("error: pool-outside-prefix.yaml:21: vm_networks[1] (VMNetwork1-Shanghai).subnets[0]."
         "pool.end: invalid IP address '10.1.0.300'"),
        ("error: pool-outside-prefix.yaml:21: vm_networks[1] (VMNetwork1-Shanghai).subnets[0]."
         "pool.start: pool start '10.1.1.50' is outside the subnet's prefix 10.1.0.0/24"),
    ],
    "pool-start-above-end.yaml": [
        ("error: pool-start-above-end.yaml:21: vm_networks[1] (VMNetwork1-Shanghai).subnets[0]."
         "pool.end: pool end '10.1.0.50' is below its start '10.1.0.200'"),
    ],
    "pool-reserved-outside.yaml": [
        ("error: pool-reserved-outside.yaml:24: vm_networks[1] (VMNetwork1-Shanghai)."
         "subnets[0].pool.reserved[1]: reserved address '10.1.0.10' is outside the pool "
         "10.1.0.50-10.1.0.250"),
    ],
    "pool-without-prefix.yaml": [
        ("error: pool-without-prefix.yaml:20: vm_networks[1] (VMNetwork1-Shanghai).subnets[0]."
         "gateway: a subnet's gateway needs its prefix: give subnet 'Subnet1' a prefix"),
        ("error: pool-without-prefix.yaml:21: vm_networks[1] (VMNetwork1-Shanghai).subnets[0]."
         "pool: a subnet's pool needs its prefix: give subnet 'Subnet1' a prefix"),
    ],
    "static-without-ip.yaml": [
        ("error: static-without-ip.yaml:25: vms[0] (VM1).nics[0].ip_mode: a static NIC needs "
         "its 'ip' (give the address, or ip_mode: dhcp when DHCP assigns it)"),
    ],
    "azure-subnet-pool.yaml": [
        ("error: azure-subnet-pool.yaml:12: azure_networks[0] (vnet-dr).subnets[0].pool: "
         "unknown key 'pool'"),
    ],
    # SPEC §1: loading rejects "a VM with both or neither of cloud and site (a site must
    # be an Azure region)"
    "vm-cloud-and-site.yaml": [
        ("error: vm-cloud-and-site.yaml:12: vms[0] (VM1): give exactly one of 'cloud' or "
         "'site' (both given)"),
        ("error: vm-cloud-and-site.yaml:16: vms[1] (VM2).site: site 'Beijing' of a VM "
         'must be an Azure region (kind: azure)'),
    ],
    # SPEC §1: loading rejects "a NIC of a VMM VM on an Azure network or of an Azure VM on
    # a VM network"; R11: "A VM with site: REGION runs in that Azure region; its NICs are
    # on Azure networks there"
    "azure-vm-on-vm-network.yaml": [
        ('error: azure-vm-on-vm-network.yaml:25: vms[0] (APP1).host: an Azure VM (site:) '
         'runs on no Hyper-V host; Azure places it and its replica'),
        ('error: azure-vm-on-vm-network.yaml:27: vms[0] (APP1).nics[0].network: '
         "'VMNetwork1-Beijing' is a VM network; a NIC of an Azure VM (site:) joins an "
         'Azure network of its region'),
        ('error: azure-vm-on-vm-network.yaml:28: vms[0] (APP1).nics[1].network: Azure '
         "network 'vnet-dr' is in region 'China North', not in the VM's region 'China "
         "East'"),
        ("error: azure-vm-on-vm-network.yaml:32: vms[1] (VM1).nics[0].network: 'vnet-app' "
         'is an Azure network; a NIC of a VMM VM (cloud:) joins a VM network'),
    ],
    # SPEC §1: "{region: China East, azure: China North}  # Azure to Azure (R11)", "at
    # most one entry per protected cloud or region"
    "region-protection.yaml": [
        ('error: region-protection.yaml:14: protection[0].azure: an Azure region cannot '
         'protect itself'),
        ('error: region-protection.yaml:15: protection[1].protecting: an Azure region is '
         "protected to another Azure region: give 'azure', not a protecting cloud"),
        ("error: region-protection.yaml:16: protection[2].region: Azure region 'China "
         "East' is already protected (protection[0])"),
        ("error: region-protection.yaml:17: protection[3].region: site 'Beijing' of a "
         'protected region must be an Azure region (kind: azure)'),
        ('error: region-protection.yaml:18: protection[4]: give exactly one of '
         "'protected' or 'region' (both given)"),
        ("error: region-protection.yaml:18: protection[4].region: Azure region 'China "
         "East' is already protected (protection[0])"),
    ],
    # SPEC §1: "replica: {network, subnet, ip}  # optional overrides (R3)", "test: {network,
    # subnet, ip}  # optional overrides (R9)": references and addresses checked as a NIC's
    "nic-settings.yaml": [
        ('error: nic-settings.yaml:19: vms[0] (APP1).nics[0].replica.ip: invalid IP '
         "address '10.3.1.300'"),
        ('error: nic-settings.yaml:19: vms[0] (APP1).nics[0].replica.subnet: network '
         "'vnet-app-dr' has no subnet 'Ap' (did you mean 'App'?)"),
        ('error: nic-settings.yaml:20: vms[0] (APP1).nics[0].test.network: unknown '
         "network 'vnet-tst' (did you mean 'vnet-app'?)"),
        ("error: nic-settings.yaml:21: vms[0] (APP1).nics[0].tset: unknown key 'tset' "
         "(did you mean 'test'?)"),
    ],
    "alias-bomb.yaml": [
        ("error: alias-bomb.yaml: refused: YAML aliases expand this file by 490,328,964 "
         "values, more than 10 times the 92 it holds or 100,000 (an alias bomb?)"),
    ],
    "deep-nesting.yaml": [
        "error: deep-nesting.yaml:3: invalid YAML: nested more than 100 levels deep",
    ],
    "several-problems.yaml": [
        ("error: several-problems.yaml:5: sites[1] (Shanghai).kind: expected one of onprem, "
        "azure, got string 'onpremises' (did you mean 'onprem'?)"),
        ("error: several-problems.yaml:7: vmm_servers[0] (VMM-Beijing).site: unknown site "
        "'Beijng' (did you mean 'Beijing'?)"),
        ("error: several-problems.yaml:17: network_mappings[0].target: unknown network "
        "'VMNetwork9' (did you mean 'VMNetwork1-Beijing'?)"),
        ("error: several-problems.yaml:21: vms[0] (VM1).nics[0].ip: invalid IP address "
        "'not-an-ip'"),
        "error: several-problems.yaml:22: vms[0] (VM1).depends_on[0]: unknown VM 'DB1'",
        ("error: several-problems.yaml:23: vms[1] (VM1).name: duplicate VM name 'VM1' "
        "(first at vms[0])"),
        ("error: several-problems.yaml:25: vms[1] (VM1).sise: unknown key 'sise' "
        "(did you mean 'size'?)"),
    ],
    "several-problems.json": [
        ("error: several-problems.json:9: sites[1] (Shanghai).kind: expected one of onprem, "
        "azure, got string 'onpremises' (did you mean 'onprem'?)"),
        ("error: several-problems.json:15: vmm_servers[0] (VMM-Beijing).site: unknown site "
        "'Beijng' (did you mean 'Beijing'?)"),
        ("error: several-problems.json:48: network_mappings[0].target: unknown network "
        "'VMNetwork9' (did you mean 'VMNetwork1-Beijing'?)"),
        ("error: several-problems.json:58: vms[0] (VM1).nics[0].ip: invalid IP address "
        "'not-an-ip'"),
        "error: several-problems.json:62: vms[0] (VM1).depends_on[0]: unknown VM 'DB1'",
        ("error: several-problems.json:66: vms[1] (VM1).name: duplicate VM name 'VM1' "
        "(first at vms[0])"),
        ("error: several-problems.json:68: vms[1] (VM1).sise: unknown key 'sise' "
        "(did you mean 'size'?)"),
    ],
}


@pytest.fixture(scope="session")
def invalid_dir(fixture_path):
    """``fixtures/invalid/``: one file per kind of load error."""
    return fixture_path("invalid")


def test_every_invalid_fixture_has_expected_messages(invalid_dir):
    files = sorted(p.name for p in invalid_dir.iterdir() if p.suffix in (".yaml", ".json"))
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_message(name, monkeypatch, invalid_dir):
    monkeypatch.chdir(invalid_dir)
    with pytest.raises(TopologyError) as info:
        netmap.load(name)
    assert error_text(info.value).splitlines() == EXPECTED[name]
    assert len(info.value.problems) == len(EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_via_cli(name, monkeypatch, run, invalid_dir):
    monkeypatch.chdir(invalid_dir)
    code, out, err = run("mappings", name)
    assert code == 2
    assert out == ""
    assert err.splitlines() == EXPECTED[name]


def test_cli_subprocess_reports_without_traceback(invalid_dir, repo_root):
    proc = subprocess.run(
        [sys.executable, "-m", "netmap", "mappings", "several-problems.yaml"],
        check=False, cwd=invalid_dir, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(repo_root), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == EXPECTED["several-problems.yaml"]


def test_problems_are_sorted_by_line_and_carry_fields(invalid_dir):
    with pytest.raises(TopologyError) as info:
        netmap.load(invalid_dir / "several-problems.yaml")
    problems = info.value.problems
    lines = [p.line for p in problems]
    assert lines == sorted(lines)
    ref = next(p for p in problems if "VMNetwork9" in p.message)
    assert (ref.line, ref.path) == (17, "network_mappings[0].target")
    assert ref.file == str(invalid_dir / "several-problems.yaml")


def test_topology_error_is_a_netmap_error():
    with pytest.raises(NetmapError):
        netmap.loads("netmap: 2\n")


def test_json_and_yaml_report_the_same_problems(invalid_dir):
    def strip(name):
        with pytest.raises(TopologyError) as info:
            netmap.load(invalid_dir / name)
        return [(p.path, p.message) for p in info.value.problems]

    assert strip("several-problems.json") == strip("several-problems.yaml")


@pytest.mark.parametrize("text, expected", [
    ("", "error: t.yaml: a topology must be a mapping with 'netmap: 1' at the top, got null"),
    ("- a\n- b\n", ("error: t.yaml:1: a topology must be a mapping with 'netmap: 1' at the "
                   "top, got a list")),
    ("netmap: '1'\n", ("error: t.yaml:1: netmap: unsupported format version string '1'; this "
                      "netmap reads 'netmap: 1'")),
    ("netmap: 1\nsites: [{name: A, 1: x}]\n",
     "error: t.yaml:2: sites[0] (A).1: unknown key '1'"),
    ("netmap: 1\n~: 3\n", "error: t.yaml:2: null: unknown key 'null'"),
    ("netmap: 1\nsites:\n\t- {name: A}\n",
     ("error: t.yaml:3: invalid YAML: found character that cannot start any token (a tab: "
     "YAML indents with spaces only) (while scanning for the next token)")),
    ("netmap: 1\nname: *x\n", "error: t.yaml:2: invalid YAML: found undefined alias"),
    ("netmap: 1\nsites: [{name: A}]\nsitez: []\n",
     "error: t.yaml:3: sitez: unknown key 'sitez' (did you mean 'sites'?)"),
    ("netmap: 1\nvm_networks: [{name: n, logical_network: l, subnets: [{name: [x]}]}]\n",
     ("error: t.yaml:2: vm_networks[0] (n).logical_network: unknown logical network 'l'\n"
     "error: t.yaml:2: vm_networks[0] (n).subnets[0].name: expected a non-empty string, "
     "got a list")),
    ("netmap: 1\nprotection: [{protected: A}]\nclouds: []\n",
     ("error: t.yaml:2: protection[0]: give exactly one of 'protecting' or 'azure' "
     "(neither given)\n"
     "error: t.yaml:2: protection[0].protected: unknown cloud 'A'")),
])
def test_odd_yaml_inputs(text, expected):
    with pytest.raises(TopologyError) as info:
        netmap.loads(text, "t.yaml")
    assert error_text(info.value) == expected


def test_python_tags_are_refused_not_run(tmp_path):
    marker = tmp_path / "ran"
    text = f"netmap: 1\nname: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(TopologyError) as info:
        netmap.loads(text, "t.yaml")
    assert "could not determine a constructor" in str(info.value)
    assert not marker.exists()


def test_non_finite_numbers_are_refused():
    text = ('{"netmap": 1, "sites": [{"name": "A"}], "vmm_servers": [{"name": "V", '
            '"site": "A"}],\n "hosts": [{"name": "h", "vmm": "V",\n'
            ' "capacity": {"memory_gb": NaN, "vcpus": Infinity}}]}')
    with pytest.raises(TopologyError) as info:
        netmap.loads(text, "t.json")
    assert error_text(info.value).splitlines() == [
        ("error: t.json:3: hosts[0] (h).capacity.memory_gb: expected a non-negative number, "
        "got number nan"),
        ("error: t.json:3: hosts[0] (h).capacity.vcpus: expected a non-negative number, "
        "got number inf"),
    ]


def test_deep_json_is_refused():
    text = '{"netmap": 1, "vms": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(TopologyError, match="nested too deeply"):
        netmap.loads(text, "t.json")


@pytest.mark.parametrize("text", [
    "netmap: 1\nvms: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "netmap: 1\nvms:\n" + "- " * 100_000 + "x\n",
    "netmap: 1\nvms: " + "{a: " * 100_000 + "x" + "}" * 100_000 + "\n",
])
def test_deep_yaml_is_refused_without_crashing(text):
    # libyaml's C composer would overflow the C stack (a segfault) on these
    with pytest.raises(TopologyError, match="nested more than 100 levels deep"):
        netmap.loads(text, "t.yaml")


def test_depth_limit_is_exact():
    # the top-level mapping is the first level
    ok = "netmap: 1\nname: " + "[" * 99 + "]" * 99 + "\n"
    with pytest.raises(TopologyError) as info:  # nested 100 deep: a shape error only
        netmap.loads(ok, "t.yaml")
    assert "expected a string, got a list" in str(info.value)
    deep = "netmap: 1\nname: " + "[" * 100 + "]" * 100 + "\n"
    with pytest.raises(TopologyError, match="nested more than 100 levels"):
        netmap.loads(deep, "t.yaml")


def test_alias_bomb_is_refused(invalid_dir):
    with pytest.raises(TopologyError, match="alias bomb"):
        netmap.load(invalid_dir / "alias-bomb.yaml")


def test_alias_limit_counts_expansion_not_size(monkeypatch):
    monkeypatch.setattr(yaml_safety, "MAX_EXPANDED", 50)
    monkeypatch.setattr(yaml_safety, "EXPANSION_FACTOR", 1)
    # 200 values without aliases: a big file is not a bomb
    sites = "".join(f"  - {{name: S{i}}}\n" for i in range(100))
    netmap.loads("netmap: 1\nsites:\n" + sites, "t.yaml")
    # the same list shared three times adds ~400 values: refused
    text = ("netmap: 1\nsites: &s\n" + sites
            + "vmm_servers: [*s, *s, *s]\n")
    with pytest.raises(TopologyError, match="alias bomb"):
        netmap.loads(text, "t.yaml")


def test_modest_aliases_are_fine():
    text = """netmap: 1
sites: [{name: A}]
vmm_servers: [{name: V, site: A}]
logical_networks: [{name: L1, vmm: V}, {name: L2, vmm: V}]
clouds:
  - {name: C1, vmm: V, logical_networks: &lns [L1, L2]}
  - {name: C2, vmm: V, logical_networks: *lns}
  - <<: {vmm: V, logical_networks: *lns}
    name: C3
"""
    G = netmap.loads(text, "t.yaml").graph
    assert sorted(v for _, v, k in G.out_edges(("cloud", "C3"), data="kind")
                  if k == "uses") == [("logical_network", "L1"), ("logical_network", "L2")]


def test_file_problems(tmp_path):
    with pytest.raises(TopologyError, match="cannot read file"):
        netmap.load(tmp_path / "missing.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"netmap: 1\nname: caf\xe9\n")
    with pytest.raises(TopologyError) as info:
        netmap.load(bad)
    assert error_text(info.value) == f"error: {bad}:2: file is not UTF-8 text"


def test_utf8_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.json"
    p.write_bytes(b'\xef\xbb\xbf{"netmap": 1, "sites": [{"name": "A"}]}')
    assert list(netmap.load(p).graph.nodes) == [("site", "A")]


def test_missing_file_via_cli(run, tmp_path):
    code, _out, err = run("mappings", tmp_path / "nope.yaml")
    assert code == 2
    assert err.startswith("error: ")
    assert "does not exist" in err
    assert "Traceback" not in err
