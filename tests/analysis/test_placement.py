"""R4: replica placement, and the seed's "placed on hosts that can access the mapped VM
networks"."""

from __future__ import annotations

import pytest

import netmap
from netmap.answers.placement import place
from netmap.model.scenario import Scenario


@pytest.fixture(scope="module")
def capacity(fixture_path):
    return netmap.load(fixture_path("capacity.yaml"))


def rows(G, sc=None):
    return {r["vm"]: r for r in place(G, sc).to_dict()["placements"]}


def test_seed_hosts_that_access_mapped_networks(example):
    # "Replica virtual machines will be placed on hosts that can access the mapped VM
    # networks": GoldCloud2's host reaches LogicalNetwork1-Shanghai
    r = rows(example)
    assert r["VM1"]["host"] == "HV-SH-01" and r["VM1"]["protecting_cloud"] == "GoldCloud2"
    assert r["APP2"]["host"] == "HV-SH-02"  # no mapping: needs nothing, any host of Q


def test_candidates_reach_every_mapped_target(capacity):
    r = rows(capacity)
    # one NIC on Net-P1 (LN-R1): every host of Gold-R
    assert r["BIG"]["candidates"] == ["HV-R-A", "HV-R-B", "HV-R-C"]
    # Net-P1 and Net-P2: HV-R-C does not reach LN-R2
    assert r["MID1"]["candidates"] == ["HV-R-A", "HV-R-B"]
    # an unmapped NIC (Net-P4) adds no need
    assert r["TINY"]["candidates"] == ["HV-R-A", "HV-R-B"]


def test_capacity_order(capacity):
    # largest first; the fitting candidate with most free memory; ties by name
    r = rows(capacity)
    assert {v: r[v]["host"] for v in r} == {
        "HUGE": None, "BIG": "HV-R-C", "MID1": "HV-R-A", "MID2": "HV-R-B",
        "SMALL1": "HV-R-C", "SMALL2": "HV-R-A", "TINY": "HV-R-B", "CPUHOG": None,
        "NOREACH": None, "SILVER1": None}


def test_unplaced_reasons(capacity):
    r = rows(capacity)
    assert r["HUGE"]["reason"].startswith("no capacity: needs 200 GB")
    assert r["HUGE"]["candidates"] == ["HV-R-A", "HV-R-B", "HV-R-C"]
    assert r["CPUHOG"]["reason"].startswith("no capacity") and "40 vCPUs" in r["CPUHOG"]["reason"]
    assert r["NOREACH"]["reason"] == "no host of Gold-R reaches the logical networks LN-R3"
    assert r["NOREACH"]["candidates"] == []
    assert r["SILVER1"]["reason"] == "protecting cloud Silver-R has no hosts"
    assert all(r[v]["reason"] is None for v in r if r[v]["host"])


def test_running_vms_hold_capacity(capacity):
    # RUN-R (8 GB) on HV-R-B: MID1 goes to HV-R-A (64 free) rather than HV-R-B (56)
    assert rows(capacity, Scenario(vms=("MID1",)))["MID1"]["host"] == "HV-R-A"
    # a tie (both 64 free) without RUN-R would go by name: HV-R-A; with SMALL2 alone
    # on LN-R2 the most free is still HV-R-A
    assert rows(capacity, Scenario(vms=("SMALL2",)))["SMALL2"]["host"] == "HV-R-A"


def test_deterministic_and_sorted(capacity):
    a = place(capacity).to_json()
    assert a == place(capacity).to_json()
    names = [r["vm"] for r in place(capacity).to_dict()["placements"]]
    assert names == sorted(names)


def test_failover_set_restricts(capacity):
    r = rows(capacity, Scenario(plans=("Plan-Small",)))
    assert sorted(r) == ["CPUHOG", "NOREACH", "SMALL1", "SMALL2", "TINY"]
    # with the big ones gone, SMALL1 takes the most free host HV-R-C (128)
    assert r["SMALL1"]["host"] == "HV-R-C"


def test_recovery_site_down_unplaced(capacity):
    r = rows(capacity, Scenario(all=True, sites_down=("Recovery",)))
    assert r["BIG"]["host"] is None
    assert r["BIG"]["reason"] == "recovery site Recovery is down"


def test_azure_targets_have_no_host(fixture_path):
    G = netmap.load(fixture_path("onprem-to-azure.yaml"))
    r = rows(G)
    assert r["WEB1"]["host"] is None and r["WEB1"]["protecting_cloud"] == "China North"
    assert "Azure" in r["WEB1"]["reason"]


def test_test_network_needs_its_logical_network(example):
    # a drill on VMNetwork2-Shanghai (LogicalNetwork2Shanghai): SilverCloud2's host does
    # not reach it
    r = rows(example, Scenario(all=True, test_network="VMNetwork2-Shanghai"))
    assert r["VM1"]["host"] == "HV-SH-01"
    assert r["APP2"]["host"] is None
    assert "LogicalNetwork2Shanghai" in r["APP2"]["reason"]


def test_test_failover_primaries_keep_capacity():
    # a VM that fails over frees its host; in a drill the primaries keep running and
    # keep their memory
    G = netmap.loads(SWAP)
    assert rows(G, Scenario(vms=("V1",)))["V1"]["host"] is None  # V2 holds 8 of 16
    assert rows(G, Scenario(vms=("V1", "V2")))["V1"]["host"] == "HB"  # V2 left HB
    assert rows(G, Scenario(vms=("V1", "V2"), test_network="TB"))["V1"]["host"] is None


SWAP = """
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VA, site: A}, {name: VB, site: B}]
logical_networks: [{name: LA, vmm: VA}, {name: LB, vmm: VB}]
vm_networks:
  - {name: SA, logical_network: LA}
  - {name: TB, logical_network: LB}
clouds:
  - {name: CA, vmm: VA, logical_networks: [LA]}
  - {name: CB, vmm: VB, logical_networks: [LB]}
  - {name: CA2, vmm: VA, logical_networks: [LA]}
protection: [{protected: CA, protecting: CB}, {protected: CB, protecting: CA2}]
hosts:
  - {name: HA, vmm: VA, clouds: [CA, CA2], logical_networks: [LA],
     capacity: {memory_gb: 16, vcpus: 8}}
  - {name: HB, vmm: VB, clouds: [CB], logical_networks: [LB],
     capacity: {memory_gb: 16, vcpus: 8}}
network_mappings: [{source: SA, target: TB}]
vms:
  - {name: V1, cloud: CA, host: HA, size: {memory_gb: 12, vcpus: 2}, nics: [{network: SA}]}
  - {name: V2, cloud: CB, host: HB, size: {memory_gb: 8, vcpus: 2}, nics: [{network: TB}]}
"""


def test_unlimited_host_and_ties_by_name():
    G = netmap.loads(SWAP.replace("capacity: {memory_gb: 16, vcpus: 8}}\n  - {name: HB",
                                  "capacity: {memory_gb: 16, vcpus: 8}}\n  - {name: HB2, "
                                  "vmm: VB, clouds: [CB], logical_networks: [LB]}\n"
                                  "  - {name: HB"))
    # HB2 has no capacity: unlimited, so it has the most free memory
    assert rows(G, Scenario(vms=("V1",)))["V1"]["host"] == "HB2"
