"""Large topologies are checked in a forked process while the graph is built
(netmap.io.load.checked_graph): the result is the one of checking first, for every
invalid fixture (the same problems, lines and order) and for valid files (the same
graph)."""

import os

import networkx as nx
import pytest

from netmap.errors import TopologyError
from netmap.io import load as L
from netmap.io.generate import dump, generate

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

def _outcome(path):
    try:
        G = L.load_graph(path)
    except TopologyError as e:
        return "error", str(e)
    return "graph", sorted(G.nodes(data=True), key=repr), sorted(G.edges(data=True), key=repr)


@pytest.fixture
def aside(monkeypatch):
    """Every load checked aside (from 0 VMs), on a machine that can fork."""
    monkeypatch.setattr(L, "CHECK_ASIDE_MIN_VMS", 0)
    monkeypatch.setattr(L, "can_fork", lambda: True)
    forks = []
    real = L.fork_call
    monkeypatch.setattr(L, "fork_call", lambda fn: forks.append(1) or real(fn, force=True))
    return forks


def test_invalid_files_fail_as_when_checked_first(invalid_file, aside, monkeypatch):
    # (every file of fixtures/invalid/, one test each: tests/conftest.py)
    forked = _outcome(str(invalid_file))
    monkeypatch.setattr(L, "CHECK_ASIDE_MIN_VMS", 10**9)
    assert forked == _outcome(str(invalid_file))
    assert forked[0] == "error"


def test_a_build_that_breaks_on_bad_data_gives_the_checks_problems(tmp_path, aside,
                                                                   monkeypatch):
    # a NIC list that is a string makes the builder fail; the checks' words are raised
    path = tmp_path / "t.yaml"
    path.write_text("netmap: 1\nsites: [{name: A}]\nvms:\n  - {name: V, site: A, nics: x}\n")
    forked = _outcome(str(path))
    assert aside  # checked in the forked process
    monkeypatch.setattr(L, "CHECK_ASIDE_MIN_VMS", 10**9)
    assert forked == _outcome(str(path))
    assert forked[0] == "error" and "nics" in forked[1]


def test_a_valid_file_gives_the_same_graph(tmp_path, aside, monkeypatch):
    path = tmp_path / "t.json"
    path.write_text(dump(generate(200, seed=5), "t.json"))
    forked = _outcome(str(path))
    assert aside
    monkeypatch.setattr(L, "CHECK_ASIDE_MIN_VMS", 10**9)
    assert forked == _outcome(str(path))
    assert forked[0] == "graph"
    assert nx.is_frozen(L.load_graph(str(path)))
