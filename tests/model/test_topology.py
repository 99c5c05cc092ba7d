"""The model layer: typed records and enums, TopologyData's cached lookups, as_topology, the
Topology facade and the curated ``netmap`` namespace."""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import subprocess
import sys
from functools import cached_property
from pathlib import Path

import networkx as nx
import orjson
import pytest

import netmap
from netmap.analysis.failover import evaluate
from netmap.answers.mapping import mappings
from netmap.io.jsontext import dumps
from netmap.model.graph import build_graph
from netmap.model.names import suggest
from netmap.model.records import (VM, Cloud, Host, Network, NetworkKind, Nic, NicSettings,
                                  PlanNetwork, Platform, Region, Severity, VmState)
from netmap.model.scenario import Scenario
from netmap.model.topology import TopologyData, as_topology
from netmap.topology import QUESTIONS, Topology

PACKAGE = Path(netmap.__file__).resolve().parent


# -- records and enums ----------------------------------------------------------------------
def test_records_are_slotted_and_typed():
    for cls in (Network, Cloud, Region, Host, VM, PlanNetwork):
        assert "__slots__" in vars(cls), cls
        assert not hasattr(cls(*(["x"] * (2 if cls is Network else 1))), "__dict__")
        hints = inspect.get_annotations(cls)
        assert hints and cls.__doc__ and "Attributes" in cls.__doc__, cls
    assert Nic._fields == ("vm", "index", "network", "subnet", "ip", "ip_mode", "replica",
                           "test")
    assert NicSettings._fields == ("network", "subnet", "ip")


def test_enums_are_their_text():
    for member, text in ((NetworkKind.VM_NETWORK, "vm_network"),
                         (NetworkKind.AZURE_NETWORK, "azure_network"),
                         (Platform.ONPREM, "onprem"), (Platform.AZURE, "azure"),
                         (VmState.REPLICA, "replica"), (VmState.PRIMARY, "primary"),
                         (VmState.DOWN, "down"), (Severity.ERROR, "error"),
                         (Severity.WARNING, "warning")):
        assert member == text and str(member) == text and f"{member}" == text
        assert repr(member) == repr(text) and repr({"k": member}) == repr({"k": text})
        assert hash(member) == hash(text)
        assert json.loads(dumps({"v": member, member: 1})) == {"v": text, text: 1}
        assert orjson.dumps(member) == orjson.dumps(text)


def test_records_use_the_enums(example):
    t = as_topology(example)
    assert t.net["VMNetwork1-Beijing"].kind is NetworkKind.VM_NETWORK
    assert set(map(type, t.site_platform.values())) == {Platform}
    v = evaluate(t, Scenario(plans=("Plan-Gold",), sites_down=("Beijing",)))
    assert {type(v.state(n)) for n in t.vm} == {VmState}
    assert {f["severity"] for f in t.check().findings} <= set(Severity)
    assert all(type(f["severity"]) is Severity for f in t.check().findings)


def test_plan_network_is_a_record_not_a_tuple():
    p = PlanNetwork("Plan-App")
    assert not isinstance(p, tuple)
    assert p == PlanNetwork("Plan-App") and hash(p) == hash(PlanNetwork("Plan-App"))
    assert p != ("plan", "Plan-App")
    assert str(p) == "plan:Plan-App"
    assert sorted([PlanNetwork("b"), PlanNetwork("a")]) == [PlanNetwork("a"), PlanNetwork("b")]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.plan = "x"


def test_no_plan_tuple_left_in_the_package():
    hits = [f"{p.relative_to(PACKAGE)}:{i}" for p in PACKAGE.rglob("*.py")
            for i, line in enumerate(p.read_text().splitlines(), 1)
            if re.search(r"""\(\s*["']plan["']\s*,\s*(plan|p)\s*\)""", line)]
    assert hits == []


# -- TopologyData: records by name, lookups as cached_property --------------------------------
LOOKUPS = ("nics_on", "dependents", "networks_by_vmm", "vm_networks_by_site",
           "gateway_networks_by_site", "azure_networks_by_site", "networks_by_site",
           "host_load", "_prefix_info_memo", "_route_memo", "_subnet_memo", "_address_memo",
           "_placement_memo", "_component_memo", "_network_views", "_protected_vms")


def test_lookups_are_cached_properties_computed_once(example):
    t = TopologyData(as_topology(example).graph)
    for name in LOOKUPS:
        assert isinstance(inspect.getattr_static(TopologyData, name), cached_property), name
        assert name not in vars(t)
        assert getattr(t, name) is getattr(t, name)
        assert name in vars(t)


def test_lookups_give_what_the_records_say(example):
    t = as_topology(example)
    assert t.networks_of_vmm("VMM-Beijing") == ["VMNetwork1-Beijing", "VMNetwork2-Beijing"]
    assert t.vm_networks_of_site("Shanghai") == ["VMNetwork1-Shanghai", "VMNetwork2-Shanghai"]
    assert t.vm_networks_of_site("Nowhere") == ()
    assert sorted(n.vm for n in t.nics_on["VMNetwork1-Beijing"]) == ["DB1", "VM1"]
    assert all(t.vm[n.vm].nics[n.index] == n for nics in t.nics_on.values() for n in nics)
    total, by_site = t.host_load
    assert sum(m for m, _ in total.values()) == sum(v.memory_gb or 0 for v in t.vm.values()
                                                   if v.host)
    assert set(by_site) <= set(t.site_platform)


def test_protected_vms_is_a_new_list_each_time(example):
    t = as_topology(example)
    first = t.protected_vms()
    assert first == sorted(v for v in t.vm if t.container(v).protected)
    first.clear()
    assert t.protected_vms() == sorted(v for v in t.vm if t.container(v).protected) != []


def test_topology_build_does_not_touch_the_graph(example):
    G = as_topology(example).graph.copy()
    before = (list(G.nodes(data=True)), list(G.edges(keys=True, data=True)), dict(G.graph))
    t = TopologyData(G)
    for name in LOOKUPS:
        getattr(t, name)
    assert (list(G.nodes(data=True)), list(G.edges(keys=True, data=True)),
            dict(G.graph)) == before


def _package_lines():
    for p in sorted(PACKAGE.rglob("*.py")):
        for i, line in enumerate(p.read_text().splitlines(), 1):
            yield f"{p.relative_to(PACKAGE)}:{i}", line


_DICT_STASH = re.compile(r"__dict__\s*(\.\s*(get|setdefault|pop)\b|\[)")


def test_no_dict_caches_anywhere():
    hits = [where for where, line in _package_lines() if _DICT_STASH.search(line)]
    assert hits == []


def test_the_dict_cache_grep_can_fail():
    assert _DICT_STASH.search('adj = ix.__dict__.get("_link_adj")')
    assert _DICT_STASH.search('ix.__dict__["_host_load"] = x')
    assert not _DICT_STASH.search("self.__dict__.update(kw)")


def _writer_lines():
    """The lines of model/graph.py's private adjacency writer and its layout check."""
    import ast
    src = (PACKAGE / "model" / "graph.py").read_text(encoding="utf-8")
    lines = set()
    for node in ast.parse(src).body:
        if isinstance(node, ast.FunctionDef) and node.name in ("_write_adjacency",
                                                               "_can_write_adjacency"):
            lines.update(f"model/graph.py:{i}" for i in range(node.lineno,
                                                             node.end_lineno + 1))
    assert len(lines) > 10
    return lines


def test_no_private_networkx_attribute_anywhere():
    """Only the graph builder's private writer touches networkx's storage (and it is tested
    equal to the public API in test_graph_build.py); everything else reads the public API."""
    pattern = re.compile(r"\._(succ|pred|adj|node|atlas)\b|_clear_cache")
    allowed = _writer_lines()
    hits = [where for where, line in _package_lines() if pattern.search(line)]
    assert hits and set(hits) <= allowed, sorted(set(hits) - allowed)


def test_the_private_attribute_grep_can_fail(tmp_path):
    pattern = re.compile(r"\._(succ|pred|adj|node|atlas)\b|_clear_cache")
    assert pattern.search("for u, nbrs in G._succ.items():")
    assert pattern.search("nx._clear_cache(G)")
    assert not pattern.search("for u, nbrs in G.adjacency():")


# -- as_topology --------------------------------------------------------------------------
def test_as_topology_on_a_topology_is_the_topology(example):
    t = netmap.load(netmap.example_path())
    assert as_topology(t) is t
    assert as_topology(t.graph) is t  # netmap.load registered it for its graph


def test_as_topology_on_a_graph_is_cached_and_notices_changes():
    G = build_graph({"netmap": 1, "sites": [{"name": "A"}]})
    t = as_topology(G)
    assert isinstance(t, TopologyData) and t.graph is G
    assert as_topology(G) is t
    G.add_node(("site", "B"), kind="site", name="B", platform="azure")
    t2 = as_topology(G)
    assert t2 is not t and list(t2.site_platform) == ["A", "B"]
    G.nodes[("site", "B")]["platform"] = "onprem"  # attributes only: not noticed
    assert as_topology(G) is t2
    assert as_topology(G, refresh=True).site_platform["B"] == "onprem"


def test_the_cache_keeps_no_graph_alive():
    import gc
    import weakref

    G = build_graph({"netmap": 1, "sites": [{"name": "A"}]})
    t = as_topology(G)
    assert as_topology(G) is t
    gone = weakref.ref(G)
    del G, t
    gc.collect()
    assert gone() is None


def test_as_topology_trusts_a_frozen_graph():
    G = nx.freeze(build_graph({"netmap": 1, "sites": [{"name": "A"}]}))
    t = as_topology(G)
    assert as_topology(G) is t


def test_analysis_gives_the_same_answer_for_a_graph_and_a_topology(example):
    t = netmap.load(netmap.example_path())
    G = nx.MultiDiGraph(t.graph)  # an unfrozen copy: its own TopologyData
    assert as_topology(G) is not t
    assert mappings(G).to_dict() == mappings(t).to_dict() == t.mappings().to_dict()
    sc = Scenario(plans=("Plan-Gold",), sites_down=("Beijing",))
    assert evaluate(G, sc).state("APP2") == evaluate(t, sc).state("APP2") == "down"


# -- the Topology facade ------------------------------------------------------------------
def test_dir_of_a_topology_lists_every_question():
    t = netmap.load(netmap.example_path())
    assert set(QUESTIONS) == {"mappings", "target_choices", "place", "failover", "reach",
                              "failback", "check", "report", "diff"}
    assert set(QUESTIONS) <= set(dir(t))
    for q in QUESTIONS:
        doc = getattr(Topology, q).__doc__
        assert doc and "Examples" in doc and "Returns" in doc, q
        sig = inspect.signature(getattr(Topology, q))
        assert sig.return_annotation is not inspect.Signature.empty, q
        for p in sig.parameters.values():
            if p.default is not inspect.Parameter.empty and p.name not in ("scenario",):
                assert p.kind is inspect.Parameter.KEYWORD_ONLY, (q, p.name)


def test_the_facade_answers_like_the_functions(example):
    t = netmap.load(netmap.example_path())
    assert isinstance(t, Topology) and nx.is_frozen(t.graph)
    sc = Scenario(plans=("Plan-Gold",), sites_down=("Beijing",))
    from netmap.answers.failover import failover
    from netmap.answers.reach import reach
    assert t.failover(sc).to_dict() == failover(t.graph, sc).to_dict()
    assert t.reach("VM1", "MON-SH", sc).to_dict() == reach(t.graph, "VM1", "MON-SH",
                                                           sc).to_dict()
    assert t.target_choices("VMNetwork1-Beijing").to_dict()["source"] == "VMNetwork1-Beijing"
    assert t.check(ignore=["NM007"]).summary != t.check().summary
    assert t.diff(t).to_dict() == t.diff(t.graph).to_dict()


def test_loads_gives_a_topology():
    t = netmap.loads("netmap: 1\nsites: [{name: A}]\n")
    assert isinstance(t, Topology) and list(t.graph.nodes) == [("site", "A")]


# -- the namespace ------------------------------------------------------------------------
def test_netmap_namespace_is_small_and_curated():
    assert sorted(netmap.__all__) == sorted([
        "load", "loads", "example_path", "Topology", "Scenario", "NetmapError",
        "TopologyError", "ScenarioError", "GraphContractError", "plot", "__version__"])
    for name in netmap.__all__:
        if name != "plot":
            assert getattr(netmap, name) is not None, name
    assert netmap.Topology is Topology and netmap.Scenario is Scenario
    assert isinstance(netmap.__version__, str) and netmap.__version__
    assert "plot" in dir(netmap)
    with pytest.raises(AttributeError):
        netmap.no_such_name  # noqa: B018


def test_import_netmap_does_not_import_matplotlib():
    code = ("import sys, netmap; t = netmap.load(netmap.example_path()); t.report();"
            "assert 'matplotlib' not in sys.modules, 'early';"
            "netmap.plot; assert 'matplotlib' in sys.modules")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=PACKAGE.parent)
    assert r.returncode == 0, r.stderr


def test_py_typed_is_shipped():
    assert (PACKAGE / "py.typed").exists()
    text = (PACKAGE.parent / "pyproject.toml").read_text()
    assert "py.typed" in text


# -- one suggest --------------------------------------------------------------------------
def test_one_suggest():
    assert suggest("VMNet1", ["VMNetwork1-Beijing", "Other"]) == \
        " (did you mean 'VMNetwork1-Beijing'?)"
    assert suggest("zzz", ["Plan-Gold"]) == ""
    assert suggest("zzz", ["Plan-Gold"], always=True) == " (did you mean 'Plan-Gold'?)"
    assert suggest("zzz", [], always=True) == " (there are none)"
    assert suggest(3, ["a"]) == ""
    hits = [where for where, line in _package_lines()
            if re.search(r"def (suggest|did_you_mean)\b", line)]
    assert [h.split(":")[0] for h in hits] == ["model/names.py"]


# -- VM network isolation (R9's NM022 reads it) --------------------------------------------
def test_vm_network_isolation_is_read_and_optional():
    # docs/format.md: "`vm_networks[].isolation` | `none`, `vlan` or `wnv` | no"
    t = netmap.loads("""
netmap: 1
sites: [{name: A}]
vmm_servers: [{name: V, site: A}]
logical_networks: [{name: LN, vmm: V}]
vm_networks:
  - {name: N-wnv, logical_network: LN, isolation: wnv}
  - {name: N-plain, logical_network: LN}
""")
    assert t.net["N-wnv"].isolation == "wnv"
    assert t.net["N-plain"].isolation is None
    assert t.graph.nodes[("vm_network", "N-wnv")]["isolation"] == "wnv"
    assert "isolation" not in t.graph.nodes[("vm_network", "N-plain")]
