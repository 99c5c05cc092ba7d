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


def test_recovery_site_down_keeps_the_placement(capacity):
    # SPEC R4: "Site Recovery cannot protect it" -- placement happens when protection is
    # enabled, so a site outage does not move a replica; the row says why it does not run
    r = rows(capacity, Scenario(all=True, sites_down=("Recovery",)))
    assert r["BIG"]["host"] == "HV-R-C"
    assert r["BIG"]["reason"] == "recovery site Recovery is down"
    assert r["HUGE"]["host"] is None and r["HUGE"]["reason"].startswith("no capacity")


def test_azure_targets_have_no_host(fixture_path):
    G = netmap.load(fixture_path("onprem-to-azure.yaml"))
    r = rows(G)
    assert r["WEB1"]["host"] is None and r["WEB1"]["protecting_cloud"] == "China North"
    assert "Azure" in r["WEB1"]["reason"]


def test_drill_runs_on_the_replicas_host(example):
    # SPEC R9: "The drill VM runs on the replica's host (R4)": a test network does not
    # move a replica (a test network the host does not reach is NM020's business)
    r = rows(example, Scenario(all=True, test_network="VMNetwork2-Shanghai"))
    assert r["VM1"]["host"] == "HV-SH-01"
    assert r["APP2"]["host"] == "HV-SH-02" and r["APP2"]["reason"] is None


def test_placement_is_a_fact_of_the_topology():
    # docs/rules.md R4: "A host's free capacity is its capacity less every VM that runs
    # on it" -- V2 keeps running on HB when site A fails, so V1 (12 GB) never fits in the
    # 8 GB left, whichever VMs a scenario fails over, test failover or not
    G = netmap.loads(SWAP)
    for sc in (Scenario(vms=("V1",)), Scenario(vms=("V1", "V2")),
               Scenario(vms=("V1", "V2"), test_network="TB")):
        r = rows(G, sc)["V1"]
        assert r["host"] is None and r["reason"].startswith("no capacity: needs 12 GB")
        assert "HB with 8 GB" in r["reason"]
    # and V2 (8 GB) does not fit on HA beside V1 (12 of 16)
    assert rows(G, Scenario(vms=("V2",)))["V2"]["host"] is None


def test_a_drill_is_placed_as_its_failover(example):
    # SPEC R9 (revision 2 changes these tests: a drill used to be placed on hosts of its
    # own): "The drill VM runs on the replica's host (R4)". Microsoft
    # (https://learn.microsoft.com/en-us/azure/site-recovery/hyper-v-vmm-test-failover):
    # "The test VM is created on the host on which the replica VM is located."
    drill = rows(example, Scenario(all=True, test_network="VMNetwork2-Shanghai"))
    real = rows(example, Scenario(all=True))
    assert drill == real
    assert drill["APP2"]["host"] == "HV-SH-02"  # it does not reach the test network (NM020)


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
    # HB2 has no capacity: unlimited, so it has the most free memory (HB holds V2)
    assert rows(G, Scenario(vms=("V1",)))["V1"]["host"] == "HB2"
