"""Scenario: immutable options, checked against a graph, never applied to it."""

from __future__ import annotations

import dataclasses

import pytest

from netmap.errors import ScenarioError
from netmap.model.scenario import Scenario


def test_immutable():
    sc = Scenario(plans=["Plan-Gold"])
    assert sc.plans == ("Plan-Gold",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        sc.plans = ()
    hash(sc)


def test_lone_name_is_one_name():
    assert Scenario(plans="Plan-Gold").plans == ("Plan-Gold",)
    assert Scenario(sites_down="Beijing").sites_down == ("Beijing",)


def test_checked_normalizes(example):
    sc = Scenario(plans=("Plan-Silver", "Plan-Gold", "Plan-Gold"), vms=("VM1",),
                  sites_down=("Beijing", "Beijing"),
                  remap={"VMNetwork2-Beijing": "VMNetwork2-Shanghai"}).checked(example)
    assert sc.plans == ("Plan-Gold", "Plan-Silver")
    assert sc.sites_down == ("Beijing",)
    assert sc.remap == (("VMNetwork2-Beijing", "VMNetwork2-Shanghai"),)
    assert sc.checked(example) == sc


@pytest.mark.parametrize("vms", [("VM1", "APP2", "VM1", "DB1"), ("DB1", "APP2", "VM1"),
                                 ("APP2", "DB1", "DB1", "VM1"), ("APP2", "DB1", "VM1")])
def test_vms_sorted_and_unique_whatever_the_order_given(example, vms):
    sc = Scenario(vms=vms).checked(example)
    assert sc.vms == ("APP2", "DB1", "VM1")
    assert Scenario(vms=vms).requested(example) == ["APP2", "DB1", "VM1"]
    assert sc.requested(example) == ["APP2", "DB1", "VM1"]


@pytest.mark.parametrize("kw, msg", [
    ({"plans": ("Plan-Gld",)}, "unknown recovery plan 'Plan-Gld' (did you mean 'Plan-Gold'?)"),
    ({"vms": ("VM2",)}, "unknown VM 'VM2' (did you mean 'VM1'?)"),
    ({"sites_down": ("Beijng",)}, "unknown site 'Beijng' (did you mean 'Beijing'?)"),
    ({"test_network": "VMNetwork3-Shanghai"}, "unknown test network 'VMNetwork3-Shanghai'"),
    ({"remap": (("VMNetwork1-Beijing", "VMNetwork1-Beijing"),)}, "onto itself"),
    ({"unmap": ("Nope",)}, "unknown network to unmap 'Nope'"),
])
def test_unknown_names(example, kw, msg):
    with pytest.raises(ScenarioError) as e:
        Scenario(**kw).checked(example)
    assert msg in str(e.value)


def test_failover_set_protected_only(example):
    sc = Scenario(vms=("MON-SH", "VM1"))
    assert sc.requested(example) == ["MON-SH", "VM1"]
    assert sc.failover_set(example) == ["VM1"]
    assert Scenario(all=True).failover_set(example) == ["APP2", "DB1", "VM1"]
    assert Scenario(plans=("Plan-Gold",)).failover_set(example) == ["DB1", "VM1"]


def test_describe():
    sc = Scenario(plans=("Plan-Gold",), sites_down=("Beijing",), test_network="T")
    assert sc.describe() == "plan Plan-Gold, site Beijing down, test failover to T"
    assert Scenario().describe() == "no failover"
    assert not Scenario().has_failover and Scenario(all=True).has_failover
    assert Scenario(test_network="T").is_test
