"""`netmap export`: GraphML that other tools read, and networkx node-link JSON."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

import netmap
from netmap.errors import NetmapError
from netmap.io.export import export, export_text, graphml_graph, node_id, parse_node_id

GRAPHML_TYPES = {"boolean", "int", "long", "float", "double", "string"}
NS = "{http://graphml.graphdrawing.org/xmlns}"

ODD = """netmap: 1
sites: [{name: "Site: A/B"}]
vmm_servers: [{name: "V%1", site: "Site: A/B"}]
logical_networks: [{name: L, vmm: "V%1"}]
vm_networks:
  - {name: "net/1", logical_network: L, subnets: [{name: "sub:2"}, {name: s3, prefix: 10.0.0.0/8}]}
clouds: [{name: C, vmm: "V%1"}]
hosts: [{name: H1, vmm: "V%1", capacity: {memory_gb: 16, vcpus: 4}},
        {name: H2, vmm: "V%1", capacity: {memory_gb: 15.5}}]
vms: [{name: VM1, cloud: C, nics: [{network: "net/1", subnet: "sub:2"}]}]
"""


@pytest.mark.parametrize("n", [
    ("vm", "VM1"), ("subnet", "VMNetwork1-Beijing", "Subnet1"), ("vm", "a/b:c%2F"),
    ("subnet", "n/1", "s:2"), ("site", "China North"),
])
def test_node_ids_round_trip(n):
    s = node_id(n)
    assert parse_node_id(s) == n
    assert s.startswith(n[0] + ":")
    assert s.count("/") == len(n) - 2


def test_node_id_examples():
    assert node_id(("vm", "VM1")) == "vm:VM1"
    assert node_id(("subnet", "NET", "SUB")) == "subnet:NET/SUB"
    assert node_id(("subnet", "a/b", "c")) == "subnet:a%2Fb/c"
    with pytest.raises(ValueError):
        parse_node_id("no-colon")


def test_graphml_holds_graphml_types_only(example):
    text = export_text(example, "graphml")
    root = ET.fromstring(text.encode("utf-8"))
    keys = root.findall(f"{NS}key")
    assert keys
    assert {k.get("attr.type") for k in keys} <= GRAPHML_TYPES
    names = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in keys}
    assert len(names) == len(keys)  # one type per attribute
    assert "None" not in text
    edge_ids = [e.get("id") for e in root.iter(f"{NS}edge")]
    assert len(edge_ids) == example.number_of_edges() == len(set(edge_ids))


def test_graphml_reads_back(example, tmp_path):
    p = tmp_path / "g.graphml"
    export(example, p)
    H = nx.read_graphml(p)
    assert H.number_of_nodes() == example.number_of_nodes()
    assert H.number_of_edges() == example.number_of_edges()
    assert H.nodes["vm:VM1"] == {"kind": "vm", "name": "VM1", "memory_gb": 8, "vcpus": 2}
    sub = H.nodes["subnet:VMNetwork1-Beijing/Subnet2"]
    assert sub["network"] == "VMNetwork1-Beijing" and sub["index"] == 1
    nics = [d for u, v, d in H.edges(data=True) if d["kind"] == "nic" and u == "vm:VM1"]
    assert nics == [{"kind": "nic", "index": 0, "subnet": "Subnet1", "ip": "10.1.0.10",
                     "ip_mode": "static",
                     "id": "e" + nics[0]["id"][1:]}]
    assert H.graph["name"] == example.graph["name"]


def test_graphml_drops_none_and_unifies_numbers():
    G = netmap.loads(ODD)
    H = graphml_graph(G)
    assert "vcpus" not in H.nodes["host:H2"]  # None dropped
    assert "prefix" not in H.nodes["subnet:net%2F1/sub%3A2"]
    # memory_gb is 16 on one host and 15.5 on another: float on both
    assert H.nodes["host:H1"]["memory_gb"] == 16.0
    assert isinstance(H.nodes["host:H1"]["memory_gb"], float)
    assert isinstance(H.nodes["host:H1"]["vcpus"], int)
    R = nx.read_graphml(__import__("io").BytesIO(export_text(G, "graphml").encode()))
    assert R.nodes["site:Site%3A A%2FB"]["name"] == "Site: A/B"
    assert parse_node_id("subnet:net%2F1/sub%3A2") == ("subnet", "net/1", "sub:2")
    assert R.nodes["host:H2"]["memory_gb"] == 15.5


def test_graphml_stringifies_non_graphml_values():
    G = nx.MultiDiGraph()
    G.add_node(("vm", "A"), kind="vm", name="A", tags=["x", "y"])
    H = graphml_graph(G)
    assert H.nodes["vm:A"]["tags"] == '["x", "y"]'


def test_node_link_json(example):
    data = json.loads(export_text(example, "json"))
    assert {"nodes", "edges", "directed", "multigraph", "graph"} <= set(data)
    assert data["directed"] is True and data["multigraph"] is True
    assert {"id": "vm:VM1", "kind": "vm", "name": "VM1", "memory_gb": 8, "vcpus": 2} in \
        data["nodes"]
    H = nx.node_link_graph(data)
    assert H.number_of_nodes() == example.number_of_nodes()
    assert H.number_of_edges() == example.number_of_edges()
    back = nx.relabel_nodes(H, parse_node_id)
    assert dict(back.nodes(data=True)) == dict(example.nodes(data=True))

    def edges(G):
        return sorted((u, v, k, sorted(d.items())) for u, v, k, d in
                      G.edges(keys=True, data=True))

    assert edges(back) == edges(example)


def test_export_output_is_deterministic(example):
    assert export_text(example, "json") == export_text(example, "json")
    assert export_text(example, "graphml") == export_text(example, "graphml")


def test_export_format_errors(example, tmp_path):
    with pytest.raises(NetmapError, match="cannot tell the export format"):
        export(example, tmp_path / "g.txt")
    with pytest.raises(NetmapError, match="unknown export format 'dot'"):
        export_text(example, "dot")
    assert os.listdir(tmp_path) == []


# --------------------------------------------------------------------------- CLI

def test_cli_export_graphml(run, fixtures_dir, tmp_path):
    out = tmp_path / "g.xml"
    code, stdout, err = run("export", fixtures_dir / "beijing-shanghai.yaml",
                            "--to", "graphml", "-o", out)
    assert (code, stdout, err) == (0, "", "")
    assert nx.read_graphml(out).number_of_nodes() == 30
    assert os.listdir(tmp_path) == ["g.xml"]


def test_cli_export_json_from_suffix(run, fixtures_dir, tmp_path):
    out = tmp_path / "g.json"
    code, _, _ = run("export", fixtures_dir / "beijing-shanghai.yaml", "-o", out)
    assert code == 0
    assert json.loads(out.read_text())["multigraph"] is True


def test_cli_export_to_stdout(run, fixtures_dir):
    code, out, _ = run("export", fixtures_dir / "beijing-shanghai.yaml", "--to", "json")
    assert code == 0
    assert json.loads(out)["directed"] is True


@pytest.mark.parametrize("args, message", [
    (["--to", "dot"], "Invalid value for '--to'"),
    ([], "give --to graphml or --to json"),
    (["-o", "g.txt"], "give --to graphml or --to json"),
])
def test_cli_export_usage_errors(run, fixtures_dir, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, _out, err = run("export", fixtures_dir / "beijing-shanghai.yaml", *args)
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err
    assert os.listdir(tmp_path) == []


def test_cli_export_unwritable(run, fixtures_dir, tmp_path):
    code, _, err = run("export", fixtures_dir / "beijing-shanghai.yaml", "--to", "json",
                       "-o", tmp_path / "no" / "such" / "dir.json")
    assert code == 2
    assert err.startswith("error: cannot write")


def test_graphml_is_valid_xml_whatever_the_names(tmp_path):
    """Issue 14, item 11: a name with a control character or a lone surrogate (possible in
    a graph built by hand; a loaded topology refuses them) made invalid XML, exit 0. Such
    characters are written as escapes, and the document parses."""
    import xml.etree.ElementTree as ET

    import networkx as nx

    from netmap.io.export import export_text

    G = nx.MultiDiGraph()
    G.add_node(("vm", "bad\x01name"), kind="vm", name="bad\x01name", note="half \ud800 pair")
    G.add_node(("site", "S\x1b[2J"), kind="site", name="S\x1b[2J")
    G.add_edge(("vm", "bad\x01name"), ("site", "S\x1b[2J"), kind="located_in")
    text = export_text(G, "graphml")
    root = ET.fromstring(text.encode("utf-8"))  # raises ParseError on invalid XML
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    ids = sorted(n.get("id") for n in root.iterfind(".//g:node", ns))
    assert ids == ["site:S\\x1b[2J", "vm:bad\\x01name"]
    values = {d.text for d in root.iterfind(".//g:data", ns)}
    assert {"bad\\x01name", "half \\ud800 pair", "S\\x1b[2J"} <= values
