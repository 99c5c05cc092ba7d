"""Each command reads its topology's records once: it holds the Topology it loaded.

A bare graph's topology is cached only while someone holds it (model.topology.as_topology),
so a command passing a graph around rebuilt the records at every question (0.9 s each at
100,000 VMs); this is how that regression would show.
"""

from __future__ import annotations

import pytest

from netmap.model.topology import TopologyData


@pytest.fixture
def reads(monkeypatch):
    monkeypatch.setenv("NETMAP_WORKERS", "1")  # the report's child would count apart
    count = []
    original = TopologyData._read

    def counted(self, G):
        count.append(G)
        return original(self, G)

    monkeypatch.setattr(TopologyData, "_read", counted)
    return count


@pytest.mark.parametrize("args", [
    ["report", "-q", "--format", "json"],
    ["check"],
    ["failover", "--all"],
    ["place", "--all"],
    ["failback"],
    ["mappings"],
    ["reach", "VM1", "MON-SH", "--all"],
], ids=lambda a: a[0])
def test_a_command_builds_the_topology_once(run, reads, example_file, args):
    code, out, err = run(args[0], example_file, *args[1:])
    assert code in (0, 1), err
    assert out
    assert len(reads) == 1


def test_the_counter_sees_a_rebuild(reads, example_file):
    """The fixture can fail: two topologies of one graph are two reads."""
    import netmap
    G = netmap.load(example_file).graph
    TopologyData(G)
    assert len(reads) == 2
