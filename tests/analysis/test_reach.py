"""R5 for one pair: ``reach`` with the path through networks, and why not."""

from __future__ import annotations

import pytest

import netmap
from netmap.errors import ScenarioError
from netmap.answers.reach import reach
from netmap.model.scenario import Scenario


@pytest.fixture(scope="module")
def azure(fixture_path):
    return netmap.load(fixture_path("onprem-to-azure.yaml"))


def test_path_through_gateway(azure):
    r = reach(azure, "WEB1", "FILE-SH", Scenario(plans=("Plan-Web",), sites_down=("Beijing",)))
    d = r.to_dict()
    assert d["reachable"] is True and d["reason"] is None
    assert d["path"] == ["WEB1", "vnet-corp", "Corp-SH", "FILE-SH"]
    assert d["hops"] == ["nic", "gateway", "nic"]


def test_same_network_path(example):
    d = reach(example, "VM1", "DB1", Scenario(all=True)).to_dict()
    assert d["path"] == ["VM1", "VMNetwork1-Shanghai", "DB1"]


def test_path_through_link():
    from test_failover import LINKED

    G = netmap.loads(LINKED)
    d = reach(G, "X", "Y", Scenario(vms=("X",))).to_dict()
    assert d["path"] == ["X", "T1", "T2", "Y"] and d["hops"] == ["nic", "link", "nic"]


def test_plan_network_path(azure):
    d = reach(azure, "APP2", "APP3", Scenario(plans=("Plan-App",))).to_dict()
    assert d["path"] == ["APP2", "plan:Plan-App", "APP3"]


def test_not_reachable_reasons(azure, example):
    sc = Scenario(plans=("Plan-Web",), sites_down=("Beijing",))
    d = reach(azure, "WEB1", "LOCAL-BJ", sc).to_dict()
    assert d == {**d, "reachable": False, "path": []}
    assert d["reason"] == "LOCAL-BJ is down: site Beijing is down and LOCAL-BJ does not fail over"
    d = reach(azure, "WEB1", "ISO1", sc).to_dict()
    assert d["reason"].startswith("no link, peering or gateway joins WEB1's networks (vnet-corp)")
    d = reach(example, "APP2", "MON-SH", Scenario(all=True)).to_dict()
    assert d["reason"].startswith("APP2 is isolated: VMNetwork2-Beijing is not mapped")
    # a VM with NICs in two components does not route between them
    d = reach(azure, "WEB1", "APP2", Scenario(plans=("Plan-App", "Plan-Web"))).to_dict()
    assert d["reachable"] is False


def test_no_failover_default(example):
    d = reach(example, "VM1", "APP2").to_dict()
    assert d["reachable"] is False  # VMNetwork1-Beijing and VMNetwork2-Beijing: no link


def test_unknown_vm(example):
    with pytest.raises(ScenarioError, match=r"unknown VM 'VM9' \(did you mean 'VM1'\?\)"):
        reach(example, "VM9", "DB1")


def test_symmetric(azure):
    sc = Scenario(plans=("Plan-App", "Plan-Web"), sites_down=("Beijing",))
    names = ["APP1", "APP2", "DB1", "DEV1", "FILE-SH", "ISO1", "WEB1"]
    for a in names:
        for b in names:
            ra, rb = reach(azure, a, b, sc), reach(azure, b, a, sc)
            assert ra.reachable == rb.reachable
            assert len(ra.path) == len(rb.path)  # shortest routes both ways
