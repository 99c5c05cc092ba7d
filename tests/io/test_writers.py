"""The one JSON writer (io.jsontext) and the one topology writer (io.topology_text)."""

from __future__ import annotations

import json

import pytest
import yaml

import netmap
from netmap.io.generate import dump as generated_text, generate
from netmap.io.jsontext import dumps
from netmap.io.load import read_topology
from netmap.io.schema import json_schema
from netmap.io.topology_text import topology_text


@pytest.fixture(scope="module")
def topologies(fixtures_dir):
    paths = sorted(fixtures_dir.glob("*.yaml")) + sorted((fixtures_dir / "checks").glob("*.yaml"))
    return [read_topology(p) for p in paths] + [generate(500, seed=3)]


def test_json_writer_is_the_standard_text(topologies):
    for data in [*topologies, json_schema()]:
        assert dumps(data) == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert dumps(data, sort_keys=False) == json.dumps(data, indent=2,
                                                          ensure_ascii=False) + "\n"
        assert dumps(data, sort_keys=False, indent=False) == json.dumps(
            data, separators=(",", ":"), ensure_ascii=False) + "\n"


@pytest.mark.parametrize("style", ["compact", "readable"])
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_topology_text_loads_back_equal(topologies, style, suffix):
    for data in topologies:
        text = topology_text(data, "t" + suffix, style=style, header="# a comment\n")
        back = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
        assert back == data
        assert list(back) == list(data)  # the data's own key order: netmap first
        netmap.loads(text, "t" + suffix)


def test_styles_differ_where_they_should(topologies):
    data = topologies[0]
    assert "\n  " not in topology_text(data, "t.json", style="compact").rstrip("\n")
    assert topology_text(data, "t.json", style="readable").startswith('{\n  "netmap": 1,')
    readable = topology_text(data, style="readable", header="# h\n")
    assert readable.startswith("# h\nnetmap: 1\n")
    assert generated_text(data, "t.yaml") == topology_text(data, style="compact")
    with pytest.raises(ValueError, match="unknown topology style"):
        topology_text(data, style="pretty")
