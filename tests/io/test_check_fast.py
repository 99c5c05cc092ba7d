"""The loader's fast checks say nothing of their own: ``check_shape`` (compiled per object
type, ``schema._VALID``) and ``check_references`` (``_vm_ok``, ``_plan_ok``,
``_unique_names``) give exactly the problems, in the same order, that the full checks give
alone, on every fixture and on objects broken one field at a time."""

import copy

import pytest

from netmap.errors import TopologyError
from netmap.io import references, schema
from netmap.io.generate import generate
from netmap.io.load import read_topology
from netmap.io.schema import check_shape
from netmap.io.references import check_references
from netmap.io.yaml_safety import parse
from netmap.model.names import suggestion_budget

#: values that break a field in every way the shape and reference checks tell apart
_BAD = [None, "", 0, 1, -1, 1.5, float("nan"), float("inf"), 2 ** 60, True, [], {}, [""],
        ["nope"], "nope", "VM1", "x\x00y", "a\u2028b", "\u00a0", "a" * 300, "10.1.0.999",
        "fd00::1", "static", "peering", {"network": "nope"}, {"ip": "bad"}, {"subnet": "S"},
        [{"network": "nope"}], [{"network": 1}], ["VM1", "VM1"]]


def _both(data, monkeypatch):
    """(shape, references) problems with the fast checks, then with the full checks only."""
    def run():
        with suggestion_budget():
            found = check_shape(data)
            if type(data) is dict:
                found += check_references(data)
        return found
    fast = run()
    with monkeypatch.context() as m:
        m.setattr(schema, "_VALID", {k: (lambda v: False) for k in schema.FORMAT})
        m.setattr(references, "_vm_ok", lambda r: (lambda o: False))
        m.setattr(references, "_plan_ok", lambda groups, vms: False)
        m.setattr(references, "_unique_names", lambda lst: None)
        full = run()
    return fast, full


def _fixture_data(fixtures_dir):
    files = sorted(fixtures_dir.glob("*.yaml")) + sorted((fixtures_dir / "checks").glob("*.yaml"))
    assert files
    return [read_topology(f) for f in files]


def test_same_problems_on_invalid_fixtures(fixtures_dir, monkeypatch):
    seen = 0
    for f in sorted((fixtures_dir / "invalid").iterdir()):
        try:
            data, problems = parse(f.read_bytes().decode("utf-8", "replace"), str(f))
        except TopologyError:  # refused while parsing (an alias bomb, nesting)
            continue
        if problems:
            continue
        fast, full = _both(data, monkeypatch)
        assert fast == full, f.name
        seen += bool(full)
    assert seen > 20


def test_good_fixtures_stay_quiet(fixtures_dir, monkeypatch):
    for data in _fixture_data(fixtures_dir):
        assert _both(data, monkeypatch) == ([], [])


def _mutants(data):
    """Copies of ``data``, each with one field of one object (and of its first NIC, size,
    subnet or pool) replaced by a bad value, removed, or joined by an unknown key."""
    for kind in schema.FORMAT:
        for i, o in enumerate(data.get(kind) or ()):
            if i > 1 or type(o) is not dict:
                continue
            paths = [(k,) for k in o] + [("bogus",)]
            for k, v in o.items():
                if type(v) is list and v and type(v[0]) is dict:
                    paths += [(k, 0, kk) for kk in v[0]] + [(k, 0, "bogus")]
                    for kk, vv in v[0].items():
                        if type(vv) is dict:
                            paths += [(k, 0, kk, x) for x in vv]
                elif type(v) is dict:
                    paths += [(k, kk) for kk in v]
            for path in paths:
                for value in _BAD + ["DELETE"]:
                    out = copy.deepcopy(data)
                    target = out[kind][i]
                    for step in path[:-1]:
                        target = target[step]
                    if value == "DELETE":
                        if path[-1] not in target:
                            continue
                        del target[path[-1]]
                    else:
                        target[path[-1]] = value
                    yield out


@pytest.mark.parametrize("name", ["beijing-shanghai.yaml", "a2a.yaml", "pools.yaml",
                                  "unknowns.yaml", "onprem-to-azure.yaml", "peering.yaml"])
def test_same_problems_on_broken_objects(fixture_path, monkeypatch, name):
    data = read_topology(fixture_path(name))
    n = 0
    for mutant in _mutants(data):
        fast, full = _both(mutant, monkeypatch)
        assert fast == full
        n += 1
    assert n > 100


def test_same_problems_on_a_broken_generated_topology(monkeypatch):
    data = generate(300, seed=3)
    vms = data["vms"]
    vms[3]["cloud"] = "NoSuchCloud"
    vms[5]["nics"][0]["ip"] = "10.0.0.256"
    vms[7]["nics"][0]["subnet"] = "NoSubnet"
    vms[9]["depends_on"] = [vms[9]["name"]]
    vms[11]["host"] = ""
    vms[13]["nics"][0]["ip_mode"] = "static"
    del vms[13]["nics"][0]["ip"]
    vms[15]["size"] = {"memory_gb": -1}
    vms[17]["nics"][0]["network"] = "x\x00"
    vms[19]["replica_host"] = "nope"
    fast, full = _both(data, monkeypatch)
    assert fast == full
    assert len(full) >= 10


def test_duplicate_subnet_names_are_worded_with_their_network(monkeypatch):
    data = {"netmap": 1, "sites": [{"name": "A"}], "vmm_servers": [{"name": "V", "site": "A"}],
            "logical_networks": [{"name": "L", "vmm": "V"}],
            "vm_networks": [{"name": "N", "logical_network": "L", "subnets": [
                {"name": "S", "prefix": "10.0.0.0/24", "gateway": "10.0.0.1"},
                {"name": "S", "prefix": "10.0.1.0/24"}, {"name": "T", "prefix": "10.0.2.0/24"},
                {"name": "T"}]}]}
    fast, full = _both(data, monkeypatch)
    assert fast == full == [
        (("vm_networks", 0, "subnets", 1, "name"), "duplicate subnet name 'S' in network 'N'"),
        (("vm_networks", 0, "subnets", 3, "name"), "duplicate subnet name 'T' in network 'N'")]
