"""What-if options (--remap / --unmap) on mappings, failover, reach, place and check:
mapping changes tried as views, never edits of the file or the graph."""

from __future__ import annotations

import json

import pytest

from netmap.cli import cli
from netmap.analysis.failover import evaluate
from netmap.model.topology import as_topology
from netmap.analysis.placement import place
from netmap.model.scenario import Scenario

REMAP = ["--remap", "VMNetwork1-Beijing=VMNetwork2-Shanghai"]


def js(run, *args):
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def nets(d, vm):
    (row,) = [r for r in d["vms"] if r["vm"] == vm]
    return [n["network"] for n in row["nics"]]


def test_mappings_whatif(run, example_file):
    d = js(run, "mappings", example_file, *REMAP, "--unmap", "VMNetwork1-Shanghai")
    m = {r["source"]: r["target"] for r in d["mappings"]}
    assert m["VMNetwork1-Beijing"] == "VMNetwork2-Shanghai"
    assert m["VMNetwork1-Shanghai"] is None


def test_failover_remap(run, example_file):
    plain = js(run, "failover", example_file, "--all")
    d = js(run, "failover", example_file, "--all", *REMAP)
    assert nets(plain, "VM1") == ["VMNetwork1-Shanghai"]
    assert nets(d, "VM1") == nets(d, "DB1") == ["VMNetwork2-Shanghai"]
    groups = {tuple(g["networks"]): g["vms"] for g in d["groups"]}
    assert groups[("VMNetwork2-Shanghai",)] == ["DB1", "VM1"]
    assert groups[("VMNetwork1-Shanghai",)] == ["MON-SH"]


def test_failover_unmap_isolates(run, example_file):
    d = js(run, "failover", example_file, "--plan", "Plan-Gold", "--unmap", "VMNetwork1-Beijing")
    assert nets(d, "VM1") == [None]
    assert d["isolated"] == ["DB1", "VM1"]
    assert {b["vm"] for b in d["broken_dependencies"]} == {"VM1"}


def test_reach_whatif(run, example_file):
    base = ["reach", example_file, "VM1", "MON-SH", "--plan", "Plan-Gold"]
    assert js(run, *base)["reachable"] is True
    d = js(run, *base, *REMAP)
    assert d["reachable"] is False and d["path"] == []
    assert "VMNetwork2-Shanghai" in d["reason"]
    d = js(run, *base, "--unmap", "VMNetwork1-Beijing")
    assert d["reachable"] is False and "not mapped" in d["reason"]


def test_place_whatif(run, example_file):
    plain = {r["vm"]: r for r in js(run, "place", example_file)["placements"]}
    assert plain["APP2"]["host"] == "HV-SH-02"
    d = {r["vm"]: r for r in js(run, "place", example_file, "--remap",
                                "VMNetwork2-Beijing=VMNetwork2-Shanghai")["placements"]}
    assert d["APP2"]["host"] is None
    assert "LogicalNetwork2Shanghai" in d["APP2"]["reason"]
    assert d["VM1"]["host"] == plain["VM1"]["host"]


def test_check_whatif(run, example_file):
    if "check" not in cli.commands:
        pytest.skip("netmap check is not registered yet")
    code, out, _ = run("check", example_file, "--format", "json")
    before = {(f["code"], f["object"]) for f in json.loads(out)["findings"]}
    code, out, err = run("check", example_file, "--unmap", "VMNetwork1-Beijing", "--format", "json")
    assert code in (0, 1), err
    after = {(f["code"], f["object"]) for f in json.loads(out)["findings"]}
    assert any(c == "NM001" for c, _ in after - before)


@pytest.mark.parametrize("cmd", [["failover", "--all"], ["reach", "VM1", "DB1"], ["place"],
                                 ["mappings"]])
@pytest.mark.parametrize("opts, message", [
    (["--remap", "VMNetwork1-Beijng=VMNetwork2-Shanghai"],
     "did you mean 'VMNetwork1-Beijing'"),
    (["--remap", "VMNetwork1-Beijing=VMNetwork1-Beijing"], "onto itself"),
    (["--remap", "VMNetwork1-Beijing"], "SOURCE=TARGET"),
    (["--unmap", "Nope"], "unknown network to unmap 'Nope'"),
])
def test_whatif_errors(run, cmd, opts, message, example_file):
    args = [cmd[0], example_file, *cmd[1:], *opts]
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.startswith("error:") and message in err
    assert "Traceback" not in err


def test_remapped_twice_is_an_error(run, example_file):
    code, _, err = run("failover", example_file, "--all", *REMAP,
                       "--remap", "VMNetwork1-Beijing=VMNetwork1-Shanghai")
    assert code == 2 and "remapped twice" in err


def test_views_never_edit(run, example, example_file):
    text = example_file.read_bytes()
    mapping = as_topology(example).mapping.triples()
    for cmd in (["failover", "--all"], ["place"], ["reach", "VM1", "DB1"], ["mappings"]):
        run(cmd[0], example_file, *cmd[1:], *REMAP, "--unmap", "VMNetwork1-Shanghai")
    assert example_file.read_bytes() == text
    v = evaluate(example, Scenario(all=True, remap=(("VMNetwork1-Beijing",
                                                     "VMNetwork2-Shanghai"),)))
    assert v.replica_nics("VM1")[0].network == "VMNetwork2-Shanghai"
    place(example, Scenario(unmap=("VMNetwork1-Beijing",)))
    assert as_topology(example).mapping.triples() == mapping
    assert evaluate(example, Scenario(all=True)).replica_nics("VM1")[0].network == \
        "VMNetwork1-Shanghai"
