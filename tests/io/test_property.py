"""Robust loading: mutate the valid fixture (drop keys, swap types, rename references,
truncate or garble the text) and load it. Loading either succeeds, giving a graph that
follows the contract, or raises netmap's TopologyError; never anything else."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmap
from netmap.model.contract import validate_graph
from netmap.errors import TopologyError
from netmap.answers.mapping import mappings

# The bundled example, read at import time: the strategies below are sized by it, before
# any fixture exists. It is fixtures/beijing-shanghai.yaml byte for byte
# (tests/io/test_load.py::test_bundled_example_is_the_fixture).
TEXT = Path(netmap.example_path()).read_text()
DATA = yaml.safe_load(TEXT)
JSON_TEXT = json.dumps(DATA, indent=1)

SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _paths(x, prefix=()):
    """Every path into ``x`` (keys and indexes), the root excluded."""
    out = []
    items = x.items() if isinstance(x, dict) else enumerate(x) if isinstance(x, list) else ()
    for k, v in items:
        out.append(prefix + (k,))
        out.extend(_paths(v, prefix + (k,)))
    return out



OTHER_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 300), st.floats(allow_nan=True),
    st.just(math.inf), st.text(max_size=8), st.just([]), st.just({}),
    st.lists(st.integers(0, 3), max_size=3), st.dictionaries(st.text(max_size=5),
                                                             st.integers(), max_size=2),
    st.just("10.1.0.0/33"), st.just("10.1.0.999"), st.just("VMNetwork1-Shanghai"),
)


def _parent(data, path):
    cur = data
    for k in path[:-1]:
        cur = cur[k]
    return cur


def _mutate(data, draw):
    """Apply one to three random mutations to a copy of ``data``."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        key = path[-1]
        op = draw(st.sampled_from(["drop", "swap", "rename", "duplicate"]))
        if op == "drop":
            del parent[key]
        elif op == "swap":
            parent[key] = draw(OTHER_VALUES)
        elif op == "rename":
            old = parent[key]
            if isinstance(old, str):
                parent[key] = draw(st.sampled_from([
                    old + "x", old[:-1], old.upper(), "", " " + old, old + "/", "VMNet1",
                    "GoldCloud1", "VMNetwork1-Beijing", "Subnet2"]))
            elif isinstance(parent, dict):  # rename the key itself
                parent[draw(st.sampled_from([str(key) + "s", str(key)[:-1], "kind"]))] = \
                    parent.pop(key)
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return data


def _check_load(text, name):
    try:
        G = netmap.loads(text, name).graph
    except TopologyError as e:
        assert e.problems, "a TopologyError names at least one problem"
        for p in e.problems:
            assert str(p).startswith(f"{name}:")  # "error: " is the CLI's
        return None
    validate_graph(G)
    mappings(G)  # a loaded graph answers questions
    return G


@SETTINGS
@given(st.data())
def test_mutated_yaml_loads_or_raises_topology_error(data):
    mutated = _mutate(DATA, data.draw)
    _check_load(yaml.safe_dump(mutated, sort_keys=False), "t.yaml")


@SETTINGS
@given(st.data())
def test_mutated_json_loads_or_raises_topology_error(data):
    mutated = _mutate(DATA, data.draw)
    _check_load(json.dumps(mutated, indent=1), "t.json")


@SETTINGS
@given(st.integers(0, len(TEXT)), st.booleans())
def test_truncated_text_loads_or_raises_topology_error(cut, as_json):
    if as_json:
        _check_load(JSON_TEXT[: cut * len(JSON_TEXT) // len(TEXT)], "t.json")
    else:
        _check_load(TEXT[:cut], "t.yaml")


@SETTINGS
@given(st.integers(0, len(TEXT) - 1), st.sampled_from(list("[]{}:-,'\"&*!|>#%@\t\n x0")),
       st.sampled_from(["insert", "replace", "delete"]))
def test_garbled_text_loads_or_raises_topology_error(pos, char, op):
    if op == "insert":
        text = TEXT[:pos] + char + TEXT[pos:]
    elif op == "replace":
        text = TEXT[:pos] + char + TEXT[pos + 1:]
    else:
        text = TEXT[:pos] + TEXT[pos + 1:]
    _check_load(text, "t.yaml")


def test_the_unmutated_fixture_loads():
    # the property tests would pass vacuously if the fixture itself did not load
    assert _check_load(TEXT, "t.yaml") is not None
    assert _check_load(JSON_TEXT, "t.json") is not None
