"""netmap.io.generate: deterministic, valid, shaped per SPEC §6, and the `generate` command."""

from __future__ import annotations

import ipaddress
import json
from collections import Counter

import pytest
from click.testing import CliRunner

from netmap.cli import cli
from netmap.io.generate import generate
from netmap.io.load import check_topology, load_graph

KINDS = ("sites", "vmm_servers", "logical_networks", "vm_networks", "azure_networks",
         "clouds", "hosts", "vms", "recovery_plans")


def dump(data):
    return json.dumps(data, separators=(",", ":"))


@pytest.fixture(scope="module")
def topo2k():
    return generate(2_000, seed=0)


@pytest.fixture(scope="module")
def topo10k():
    return generate(10_000, seed=5)


def test_same_seed_same_bytes_other_seed_differs():
    a = dump(generate(1_500, seed=7))
    assert a == dump(generate(1_500, seed=7))
    assert a != dump(generate(1_500, seed=8))


def test_does_not_touch_global_random():
    import random

    random.seed(123)
    expected = random.random()
    random.seed(123)
    generate(500, seed=1)
    assert random.random() == expected


@pytest.mark.parametrize("n", [0, 1, 7, 300, 2_000])
def test_checks_clean(n):
    data = json.loads(dump(generate(n, seed=n)))
    check_topology(data, "gen.json")  # raises TopologyError listing every problem


def test_generated_file_loads(tmp_path, topo2k):
    path = tmp_path / "t.json"
    path.write_text(dump(topo2k))
    G = load_graph(path)
    assert sum(1 for _, d in G.nodes(data=True) if d["kind"] == "vm") == 2_000


def test_counts_at_2000(topo2k):
    d = topo2k
    assert len(d["vms"]) == 2_000
    assert 3 <= len(d["clouds"]) <= 6            # about 4
    assert 70 <= len(d["vm_networks"]) <= 140    # about 100
    assert 30 <= len(d["hosts"]) <= 50           # about 40
    assert 25 <= len(d["recovery_plans"]) <= 60  # about 40
    assert [s["name"] for s in d["sites"] if s.get("kind") == "azure"]
    assert d["azure_networks"] and any("gateway" in a for a in d["azure_networks"])
    assert d["links"]
    # "a hub network per site pair with a gateway to the primary site, peered with the
    # others": VNet peerings between Azure networks only (links[].kind, R5)
    az = {a["name"] for a in d["azure_networks"]}
    peerings = [x["networks"] for x in d["links"] if x.get("kind") == "peering"]
    assert peerings and all(set(p) <= az for p in peerings)
    assert all(not set(x["networks"]) & az for x in d["links"] if "kind" not in x)


def test_counts_scale_linearly(topo2k, topo10k):
    for kind in ("clouds", "vm_networks", "hosts", "recovery_plans", "vms",
                 "network_mappings", "links"):
        ratio = len(topo10k[kind]) / len(topo2k[kind])
        assert 3.5 <= ratio <= 7, (kind, ratio)
    assert len(topo10k["clouds"]) == 20
    assert len(topo10k["hosts"]) == 200
    assert 400 <= len(topo10k["vm_networks"]) <= 600
    assert 150 <= len(topo10k["recovery_plans"]) <= 260


def test_names_unique_and_network_namespace(topo10k):
    d = topo10k
    for kind in KINDS:
        names = [o["name"] for o in d[kind]]
        assert len(names) == len(set(names)), kind
    vm_nets = {n["name"] for n in d["vm_networks"]}
    assert not vm_nets & {n["name"] for n in d["azure_networks"]}


def test_ips_inside_prefixes_and_unique_per_subnet(topo10k):
    d = topo10k
    prefix = {(n["name"], s["name"]): ipaddress.ip_network(s["prefix"])
              for n in d["vm_networks"] for s in n["subnets"]}
    seen = Counter()
    with_ip = 0
    for vm in d["vms"]:
        nets = [nic["network"] for nic in vm["nics"]]
        assert 1 <= len(nets) <= 3 and len(nets) == len(set(nets))
        for nic in vm["nics"]:
            key = (nic["network"], nic["subnet"])
            assert key in prefix
            if "ip" in nic:
                with_ip += 1
                assert ipaddress.ip_address(nic["ip"]) in prefix[key]
                seen[key + (nic["ip"],)] += 1
    assert with_ip > 0.9 * sum(len(vm["nics"]) for vm in d["vms"])
    assert max(seen.values()) == 1


def test_every_network_has_1_to_4_subnets(topo10k):
    assert all(1 <= len(n["subnets"]) <= 4 for n in topo10k["vm_networks"])


def test_protection_pairs_sites_and_logical_networks(topo10k):
    d = topo10k
    vmm_site = {v["name"]: v["site"] for v in d["vmm_servers"]}
    cloud = {c["name"]: c for c in d["clouds"]}
    ln_of_net = {n["name"]: n["logical_network"] for n in d["vm_networks"]}
    site_of_ln = {ln["name"]: vmm_site[ln["vmm"]] for ln in d["logical_networks"]}
    azure = [p for p in d["protection"] if "azure" in p]
    vmm_pairs = [p for p in d["protection"] if "protecting" in p]
    assert azure and vmm_pairs
    protected = Counter(p["protected"] for p in d["protection"])
    protecting = {p["protecting"] for p in vmm_pairs}
    assert max(protected.values()) == 1 and not protecting & set(protected)
    for p in vmm_pairs:
        a, b = cloud[p["protected"]], cloud[p["protecting"]]
        assert vmm_site[a["vmm"]] != vmm_site[b["vmm"]]
    # hosts of a protecting cloud reach all of its logical networks
    reach = {}
    for h in d["hosts"]:
        for c in h["clouds"]:
            reach.setdefault(c, []).append(set(h["logical_networks"]))
    for name in protecting:
        assert reach[name] and all(set(cloud[name]["logical_networks"]) <= r
                                   for r in reach[name])
    # a VMM-to-VMM mapping's target is available to the protecting cloud (R2)
    mapping = {m["source"]: m["target"] for m in d["network_mappings"]}
    protecting_of = {p["protected"]: p["protecting"] for p in vmm_pairs}
    checked = 0
    for vm in d["vms"]:
        q = protecting_of.get(vm["cloud"])
        for nic in vm["nics"]:
            t = mapping.get(nic["network"])
            if q and t:
                assert ln_of_net[t] in cloud[q]["logical_networks"]
                assert site_of_ln[ln_of_net[t]] == vmm_site[cloud[q]["vmm"]]
                checked += 1
    assert checked > 1000


def test_mappings_some_back_some_unmapped_some_to_azure(topo10k):
    d = topo10k
    mapping = {m["source"]: m["target"] for m in d["network_mappings"]}
    assert len(mapping) == len(d["network_mappings"])  # each source once
    az = {a["name"] for a in d["azure_networks"]}
    assert any(t in az for t in mapping.values())
    assert any(mapping.get(t) == s for s, t in mapping.items())  # mapped back
    used = {nic["network"] for vm in d["vms"] for nic in vm["nics"]}
    assert used - set(mapping)  # a few unmapped networks in use


def test_plans_groups_and_dependencies(topo10k):
    d = topo10k
    plan_of, group_of = {}, {}
    for p in d["recovery_plans"]:
        members = [vm for g in p["groups"] for vm in g]
        assert 1 <= len(members) <= 100 and 1 <= len(p["groups"]) <= 5
        for g, group in enumerate(p["groups"]):
            assert group
            for vm in group:
                assert vm not in plan_of  # a VM in one plan at most
                plan_of[vm], group_of[vm] = p["name"], g
    same = cross = 0
    for vm in d["vms"]:
        for dep in vm.get("depends_on", ()):
            assert dep != vm["name"]
            if plan_of.get(dep) == plan_of.get(vm["name"]):
                assert group_of[dep] < group_of[vm["name"]]
                same += 1
            else:
                cross += 1
    assert same > 1000 and 0 < cross < same / 20


def test_hosts_have_capacity_for_their_clouds(topo10k):
    d = topo10k
    size = {vm["name"]: vm["size"] for vm in d["vms"]}
    mem = Counter()
    for vm in d["vms"]:
        mem[vm["cloud"]] += size[vm["name"]]["memory_gb"]
    for p in d["protection"]:
        if "protecting" in p:
            mem[p["protecting"]] += mem[p["protected"]]
    cap = Counter()
    for h in d["hosts"]:
        assert h["capacity"]["memory_gb"] > 0 and h["capacity"]["vcpus"] > 0
        cap[h["clouds"][0]] += h["capacity"]["memory_gb"]
    for c, need in mem.items():
        assert cap[c] >= need, c


def test_bad_vms():
    with pytest.raises(ValueError):
        generate(-1)


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_cli_generate_writes_a_loadable_file(tmp_path, suffix):
    out = tmp_path / f"t{suffix}"
    r = CliRunner().invoke(cli, ["generate", "--vms", "300", "--seed", "3", "-o", str(out)])
    assert r.exit_code == 0, r.output
    G = load_graph(out)
    assert sum(1 for _, d in G.nodes(data=True) if d["kind"] == "vm") == 300
    if suffix == ".json":
        text = out.read_text()
        assert text == dump(generate(300, seed=3)) + "\n"


def test_cli_generate_rejects_negative(tmp_path):
    r = CliRunner().invoke(cli, ["generate", "--vms", "-5", "-o", str(tmp_path / "x.json")])
    assert r.exit_code == 2
    assert not (tmp_path / "x.json").exists()
