"""A graph that ``build_frozen`` builds hands its first topology the VM records made while
building (``model.graph.take_vm_records``); that topology is the one a read of the graph
gives, record by record and in the same order, and every other topology of a graph is read
from it."""

import dataclasses

import networkx as nx
import pytest

from netmap.io.generate import generate
from netmap.io.load import load_graph, read_topology
from netmap.model.graph import build_frozen, build_graph, take_vm_records
from netmap.model.topology import TopologyData, as_topology


def _fields(x):
    return [(f.name, getattr(x, f.name)) for f in dataclasses.fields(x)]


def _dump(t):
    """Everything a topology holds, as plain comparable values (order included)."""
    out = {}
    for key in ("name", "unknown", "site_platform", "vmm_site", "logical", "links",
                "peerings", "created", "plan"):
        out[key] = repr(getattr(t, key))
    for key in ("net", "cloud", "host", "vm", "region"):
        out[key] = [(k, _fields(v)) for k, v in getattr(t, key).items()]
    out["mapping"] = repr(sorted(t.mapping._by_site.items()))
    return out


def _same(data):
    G = build_frozen(data)
    built = TopologyData(G)  # takes the builder's records
    assert take_vm_records(G) is None  # handed over once
    read = TopologyData(G)
    assert _dump(built) == _dump(read)
    assert [type(n) for x in built.vm.values() for n in x.nics] == \
        [type(n) for x in read.vm.values() for n in x.nics]
    return built


def test_built_records_match_a_read_on_every_fixture(fixtures_dir):
    files = sorted(fixtures_dir.glob("*.yaml")) + sorted((fixtures_dir / "checks").glob("*.yaml"))
    assert files
    for f in files:
        _same(read_topology(f))


@pytest.mark.parametrize("seed", [0, 5])
def test_built_records_match_a_read_on_generated_topologies(seed):
    data = generate(2000, seed=seed)
    t = _same(data)
    assert len(t.vm) == len(data["vms"])
    assert any(x.plans for x in t.vm.values()) and any(x.depends_on for x in t.vm.values())


def test_settings_and_azure_vms_match(fixture_path):
    for name in ("a2a.yaml", "onprem-to-azure.yaml", "checks/nm024.yaml"):
        t = _same(read_topology(fixture_path(name)))
        assert t.vm


def test_only_a_graph_built_frozen_gets_records(example_file):
    data = read_topology(example_file)
    G = nx.freeze(build_graph(data))
    assert take_vm_records(G) is None
    H = build_frozen(data)
    assert take_vm_records(H) is not None
    G = load_graph(example_file)
    t = as_topology(G)
    assert as_topology(G) is t
    assert _dump(as_topology(G, refresh=True)) == _dump(t)
