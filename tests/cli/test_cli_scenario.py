"""The place, failover and reach commands: SPEC §5 JSON shapes, errors, determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

#: fixture files, by name: a test resolves them with ``fixture_path`` or ``fixture_args``
BS = "beijing-shanghai.yaml"
AZ = "onprem-to-azure.yaml"


@pytest.fixture(scope="session")
def azure_file(fixture_path):
    return fixture_path(AZ)


def as_json(run, *args):
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_failover_json_shape(run, example_file):
    d = as_json(run, "failover", example_file, "--plan", "Plan-Gold", "--site-down", "Beijing")
    assert d["failed_over"] == ["DB1", "VM1"]
    assert d["down"] == ["APP2"]
    assert d["isolated"] == [] and d["broken_dependencies"] == []
    assert d["groups"] == [{"networks": ["VMNetwork1-Shanghai"],
                            "vms": ["DB1", "MON-SH", "VM1"]}]
    vms = {r["vm"]: r for r in d["vms"]}
    assert [r["vm"] for r in d["vms"]] == ["APP2", "DB1", "MON-SH", "VM1"]
    assert vms["APP2"]["state"] == "down" and vms["APP2"]["nics"] == []
    assert vms["MON-SH"]["state"] == "primary"
    assert vms["MON-SH"]["nics"][0]["network"] == "VMNetwork1-Shanghai"
    assert vms["MON-SH"]["nics"][0]["ip_retained"] is None
    nic = vms["VM1"]["nics"][0]
    assert vms["VM1"]["state"] == "replica"
    # SPEC R3: 10.1.0.10 is MON-SH's; the first host address .1 is reserved (no gateway
    # given); SPEC §5: nics carry "ip_mode"
    assert {k: nic[k] for k in ("network", "subnet", "ip", "ip_retained", "ip_mode")} == {
        "network": "VMNetwork1-Shanghai", "subnet": "Subnet1", "ip": "10.1.0.2",
        "ip_retained": False, "ip_mode": "static"}
    assert vms["MON-SH"]["nics"][0]["ip_mode"] == "static"


def test_failover_json_disconnected_and_broken(run, azure_file):
    d = as_json(run, "failover", azure_file, "--vm", "APP2", "--vm", "WEB1",
                "--site-down", "Beijing")
    app2 = next(r for r in d["vms"] if r["vm"] == "APP2")
    assert app2["nics"][0]["network"] is None and app2["nics"][0]["ip"] is None
    assert d["isolated"] == ["APP2"]
    assert {(b["vm"], b["depends_on"]) for b in d["broken_dependencies"]} == {
        ("APP2", "DB1"), ("WEB1", "APP1"), ("WEB1", "ISO1")}
    assert all(b["reason"] for b in d["broken_dependencies"])


def test_failover_json_test_network(run, azure_file):
    d = as_json(run, "failover", azure_file, "--all", "--test-network", "vnet-drill")
    # docs/json.md: test_network.mode, .network, .networks, .isolated, .reason (revision 2
    # adds mode and networks: SPEC R9's --test-network none|auto|NAME)
    assert d["test_network"] == {"mode": "network", "network": "vnet-drill",
                                 "networks": ["vnet-drill"], "isolated": True,
                                 "reason": d["test_network"]["reason"]}
    assert d["down"] == []  # primaries keep running


def test_failover_json_test_network_modes(run, example_file):
    # SPEC R9: "`--test-network` takes `none` (every drill NIC disconnected), `auto` (Site
    # Recovery creates the test networks: an isolated copy `NAME-test` of each target
    # network ...)"
    d = as_json(run, "failover", example_file, "--vm", "VM1", "--test-network", "auto")
    assert d["test_network"]["mode"] == "auto" and d["test_network"]["network"] is None
    assert d["test_network"]["networks"] == ["VMNetwork1-Shanghai-test"]
    (vm1,) = [x for x in d["vms"] if x["vm"] == "VM1"]
    assert [n["network"] for n in vm1["nics"]] == ["VMNetwork1-Shanghai-test"]
    assert {"networks": ["VMNetwork1-Shanghai-test"], "vms": ["VM1"]} in d["groups"]
    d = as_json(run, "failover", example_file, "--vm", "VM1", "--test-network", "none")
    assert d["test_network"]["mode"] == "none" and d["test_network"]["networks"] == []
    assert d["isolated"] == ["VM1"]


def test_reach_json_shape(run, example_file, azure_file):
    d = as_json(run, "reach", azure_file, "WEB1", "FILE-SH", "--plan", "Plan-Web",
                "--site-down", "Beijing")
    assert {k: d[k] for k in ("a", "b", "reachable", "path", "reason")} == {
        "a": "WEB1", "b": "FILE-SH", "reachable": True,
        "path": ["WEB1", "vnet-corp", "Corp-SH", "FILE-SH"], "reason": None}
    d = as_json(run, "reach", example_file, "APP2", "VM1", "--all")
    assert d["reachable"] is False and d["path"] == [] and "not mapped" in d["reason"]


def test_place_json_shape(run, example_file, fixture_path):
    d = as_json(run, "place", fixture_path("capacity.yaml"))
    rows = {r["vm"]: r for r in d["placements"]}
    assert set(d) == {"placements"}
    assert rows["BIG"] == {"vm": "BIG", "protecting_cloud": "Gold-R", "host": "HV-R-C",
                           "candidates": ["HV-R-A", "HV-R-B", "HV-R-C"], "reason": None,
                           "unplaced": False, "replica_host": False, "candidate_count": 3}
    assert rows["HUGE"]["host"] is None and rows["HUGE"]["reason"].startswith("no capacity")
    # SPEC R4: "A VM no host can take is unplaced"
    assert rows["HUGE"]["unplaced"] is True and rows["HUGE"]["replica_host"] is False
    d = as_json(run, "place", example_file, "--plan", "Plan-Silver")
    assert [r["vm"] for r in d["placements"]] == ["APP2"]


def test_text_output(run, example_file, azure_file, fixture_path):
    code, out, err = run("failover", example_file, "--plan", "Plan-Gold", "--site-down", "Beijing")
    assert code == 0 and "VMNetwork1-Shanghai" in out and "APP2" in out
    code, out, _ = run("reach", azure_file, "WEB1", "FILE-SH", "--plan", "Plan-Web")
    assert code == 0 and "reachable" in out and "gateway" in out
    code, out, _ = run("place", fixture_path("capacity.yaml"))
    assert code == 0 and "no host of Gold-R reaches" in out


@pytest.mark.parametrize("args, needle", [
    (["failover", BS, "--plan", "Nope"], "unknown recovery plan 'Nope'"),
    (["failover", BS, "--plan", "Plan-Gld"], "(did you mean 'Plan-Gold'?)"),
    (["failover", BS, "--all", "--site-down", "Beijng"], "(did you mean 'Beijing'?)"),
    (["failover", BS, "--vm", "VM2"], "(did you mean 'VM1'?)"),
    (["failover", BS, "--all", "--test-network", "VMNetwork1-Shangai"],
     "(did you mean 'VMNetwork1-Shanghai'?)"),
    (["reach", BS, "VM1", "DB2"], "unknown VM 'DB2' (did you mean 'DB1'?)"),
    (["place", BS, "--plan", "Plan-Silvr"], "(did you mean 'Plan-Silver'?)"),
    (["failover", BS], "say what fails over"),
])
def test_unknown_names_exit_2(run, fixture_args, args, needle):
    code, out, err = run(*fixture_args(args))
    assert code == 2
    assert err.startswith("error:")
    assert needle in err
    assert "Traceback" not in err and out == ""


def test_unknown_plan_suggests_something(run, example_file):
    # even a name with no close match gets a suggestion
    code, _, err = run("failover", example_file, "--plan", "Nope")
    assert code == 2 and err.startswith("error:") and "did you mean" in err


def _netmap(args, seed, root):
    env = dict(os.environ, PYTHONHASHSEED=str(seed), PYTHONPATH=str(root))
    p = subprocess.run([sys.executable, "-m", "netmap", *map(str, args)], env=env,
                       capture_output=True, cwd=root)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout


@pytest.mark.parametrize("args", [
    ["failover", AZ, "--plan", "Plan-App", "--plan", "Plan-Web", "--site-down", "Beijing",
     "--format", "json"],
    ["failover", "subnets.yaml", "--all", "--format", "json"],
    ["place", "capacity.yaml", "--format", "json"],
    ["reach", AZ, "DB1", "FILE-SH", "--all", "--format", "json"],
])
def test_same_bytes_under_different_hash_seeds(args, fixture_args, repo_root):
    outs = {_netmap(fixture_args(args), seed, repo_root) for seed in (0, 1, 12345)}
    assert len(outs) == 1


def test_failover_and_reach_show_unplaced_replicas(run, fixture_path):
    # SPEC §5 failover: "unplaced": [vm] ... state is replica, primary, down or unplaced
    d = as_json(run, "failover", fixture_path("capacity.yaml"), "--all", "--site-down",
                "Primary")
    assert d["unplaced"] == ["CPUHOG", "HUGE", "NOREACH", "SILVER1"]
    assert {r["vm"]: r["state"] for r in d["vms"]}["NOREACH"] == "unplaced"
    d = as_json(run, "reach", fixture_path("capacity.yaml"), "BIG", "SILVER1", "--all",
                "--site-down", "Primary")
    assert d["reachable"] is False and d["path"] == []
    assert d["reason"] == ("SILVER1 is unplaced (its replica never runs): protecting cloud "
                           "Silver-R has no hosts")
    code, out, err = run("failover", fixture_path("capacity.yaml"), "--all")
    assert code == 0 and "Unplaced replicas (do not run)" in out


def _wide_cloud(tmp_path, hosts, vms):
    """One protected cloud whose replicas may land on any of ``hosts`` hosts::

        Site A: Gold-A (LN-A) --protected by--> Gold-B (LN-B) at Site B
        VM0..VMn on NetA  ==mapped==>  NetB, reached by every host HV0..HVm of Gold-B
    """
    lines = ["netmap: 1", "sites: [{name: A}, {name: B}]",
             "vmm_servers: [{name: VMM-A, site: A}, {name: VMM-B, site: B}]",
             "logical_networks: [{name: LN-A, vmm: VMM-A}, {name: LN-B, vmm: VMM-B}]",
             "vm_networks: [{name: NetA, logical_network: LN-A},"
             " {name: NetB, logical_network: LN-B}]",
             "clouds: [{name: Gold-A, vmm: VMM-A, logical_networks: [LN-A]},"
             " {name: Gold-B, vmm: VMM-B, logical_networks: [LN-B]}]",
             "protection: [{protected: Gold-A, protecting: Gold-B}]",
             "network_mappings: [{source: NetA, target: NetB}]", "hosts:"]
    lines += [f"  - {{name: HV{i:04d}, vmm: VMM-B, clouds: [Gold-B],"
              f" logical_networks: [LN-B]}}" for i in range(hosts)]
    lines.append("vms:")
    lines += [f"  - {{name: VM{i:04d}, cloud: Gold-A, nics: [{{network: NetA}}]}}"
              for i in range(vms)]
    p = tmp_path / "wide.yaml"
    p.write_text("\n".join(lines) + "\n")
    return p


def test_place_json_lists_at_most_limit_candidates_with_exact_count(run, tmp_path):
    # issue 14: "place prints 887 MB from a 2.4 MB file" -- the JSON lists the first
    # --limit candidate hosts per VM (default 20) and candidate_count exactly
    topo = _wide_cloud(tmp_path, hosts=60, vms=30)
    d = as_json(run, "place", topo)
    rows = d["placements"]
    assert len(rows) == 30
    assert all(r["candidate_count"] == 60 for r in rows)
    assert all(r["candidates"] == [f"HV{i:04d}" for i in range(20)] for r in rows)
    d = as_json(run, "place", topo, "--limit", "2")
    assert {tuple(r["candidates"]) for r in d["placements"]} == {("HV0000", "HV0001")}
    # the text keeps the exact count
    code, out, _ = run("place", topo)
    assert code == 0 and out.splitlines()[3].split()[3] == "60"


def test_report_json_placements_are_bounded_too(run, tmp_path):
    topo = _wide_cloud(tmp_path, hosts=45, vms=5)
    d = as_json(run, "report", topo)
    assert [len(r["candidates"]) for r in d["placements"]] == [20] * 5
    assert [r["candidate_count"] for r in d["placements"]] == [45] * 5
