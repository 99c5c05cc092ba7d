"""R4 and R5: a replica that cannot be placed does not run (state ``unplaced``); a
``replica_host`` is a fact; R8: a dependency on an unplaced VM is broken."""

from __future__ import annotations

import json

import pytest

import netmap
from netmap.analysis.failover import evaluate
from netmap.analysis.placement import place, placement_of
from netmap.analysis.reasons import ReasonKind
from netmap.answers.reach import reach
from netmap.answers.failover import failover
from netmap.model.records import VmState
from netmap.model.scenario import Scenario

UNPLACED = ["CPUHOG", "HUGE", "NOREACH", "SILVER1"]


@pytest.fixture(scope="module")
def capacity(fixture_path):
    return netmap.load(fixture_path("capacity.yaml"))


@pytest.fixture(scope="module")
def nm019(fixture_path):
    return netmap.load(fixture_path("checks/nm019.yaml"))


def test_unplaced_replicas_do_not_run(capacity):
    # SPEC R4: "A VM no host can take is unplaced ... Site Recovery cannot protect it, so
    # its replica never runs (state unplaced in R5)."
    v = evaluate(capacity, Scenario(all=True, sites_down=("Primary",)))
    assert [x for x in v.failed_over if v.state(x) == "unplaced"] == UNPLACED
    assert all(v.state(x) is VmState.UNPLACED for x in UNPLACED)
    assert v.state("BIG") == "replica" and v.state("RUN-R") == "primary"
    assert not any(v.components(x) for x in UNPLACED)


def test_unplaced_listed_in_failed_over_and_unplaced_never_isolated(capacity):
    # SPEC R5: "an unplaced replica does not run (it is listed in failed_over and
    # unplaced, never in isolated, which holds running VMs only)"
    d = failover(capacity, Scenario(all=True, sites_down=("Primary",))).to_dict()
    assert d["unplaced"] == UNPLACED
    assert set(UNPLACED) <= set(d["failed_over"])
    assert not set(UNPLACED) & set(d["isolated"])
    assert not set(UNPLACED) & set(d["down"])
    assert not any(set(UNPLACED) & set(g["vms"]) for g in d["groups"])
    rows = {r["vm"]: r for r in d["vms"]}
    assert rows["HUGE"]["state"] == "unplaced" and rows["HUGE"]["nics"] == []
    assert rows["HUGE"]["reason"].startswith("HUGE is unplaced (its replica never runs): "
                                             "no capacity: needs 200 GB")
    assert rows["SILVER1"]["reason"].endswith("protecting cloud Silver-R has no hosts")
    assert rows["HUGE"]["target_site"] == "Recovery"
    json.dumps(d)  # the JSON shape holds plain values


def test_reach_says_unplaced_with_the_placement_reason(capacity):
    # SPEC R3 "Every negative answer says why: ... no capacity, unplaced, ..."
    sc = Scenario(all=True, sites_down=("Primary",))
    r = reach(capacity, "BIG", "HUGE", sc).to_dict()
    assert r["reachable"] is False and r["path"] == []
    why = evaluate(capacity, sc).why_unreachable("BIG", "HUGE")
    assert why.kind is ReasonKind.UNPLACED and why.vm == "HUGE"
    assert why.cause.kind is ReasonKind.NO_CAPACITY
    assert "HUGE is unplaced" in r["reason"] and "no capacity" in r["reason"]
    why = evaluate(capacity, sc).why_unreachable("NOREACH", "BIG")
    assert why.kind is ReasonKind.UNPLACED and why.cause.kind is ReasonKind.NO_HOST_REACHES


def test_unplaced_in_a_test_failover_and_with_the_recovery_site_down(capacity):
    # the placement is a fact of the topology (docs/rules.md R4: "a site outage does not
    # move a replica"): a drill has no replica to start, and unplaced wins over down
    v = evaluate(capacity, Scenario(all=True, test_network="Net-R1"))
    assert v.state("HUGE") == "unplaced" and v.state("BIG") == "replica"
    v = evaluate(capacity, Scenario(all=True, sites_down=("Recovery",)))
    assert v.state("HUGE") == "unplaced" and v.state("BIG") == "down"
    assert v.down_reason("HUGE") is None and v.not_running_reason("HUGE").kind \
        is ReasonKind.UNPLACED


def test_azure_targets_are_never_unplaced(fixture_path):
    # SPEC R4: "Azure targets have no host."
    G = netmap.load(fixture_path("onprem-to-azure.yaml"))
    v = evaluate(G, Scenario(all=True))
    assert v.unplaced == []
    assert all(v.state(x) != "unplaced" for x in v.failed_over)


def test_dependency_on_an_unplaced_vm_is_broken():
    # SPEC R8: "every VM in F whose depends_on VM is down, unplaced, isolated, or not
    # reachable has a broken dependency"
    G = netmap.loads(DEPS)
    v = evaluate(G, Scenario(all=True, sites_down=("A",)))
    assert v.state("BIGDB") == "unplaced" and v.state("APP") == "replica"
    (row,) = v.dependency_failures()
    assert row[:2] == ("APP", "BIGDB")
    assert row[2].kind is ReasonKind.UNPLACED and row[2].cause.kind is ReasonKind.NO_CAPACITY
    d = failover(G, Scenario(all=True, sites_down=("A",))).to_dict()
    assert d["broken_dependencies"][0]["reason"].startswith("BIGDB is unplaced")


def test_replica_host_is_a_fact(nm019):
    # SPEC R4: "A VM's replica_host is its placement when given: a fact, so the replica
    # runs there even when that host is not in Q or does not reach the networks (NM019)"
    rows = {r["vm"]: r for r in place(nm019)}
    assert rows["OUTSIDE"]["host"] == "HV-X" and rows["OUTSIDE"]["reason"] is None
    assert rows["NOREACH"]["host"] == "HV-B2"
    v = evaluate(nm019, Scenario(all=True, sites_down=("A",)))
    assert v.state("OUTSIDE") == "replica" and v.state("NOREACH") == "replica"
    assert v.reachable("OUTSIDE", "WEB")


def test_replica_host_not_reaching_a_network_disconnects_that_nic(nm019):
    # SPEC R4: "a NIC whose network the host does not reach is disconnected, with that
    # reason"
    v = evaluate(nm019, Scenario(all=True, sites_down=("A",)))
    (nic,) = v.replica_nics("NOREACH")
    assert nic.network is None
    assert nic.reason.kind is ReasonKind.HOST_DOES_NOT_REACH
    assert (nic.reason.host, nic.reason.network, nic.reason.logical_network) == \
        ("HV-B2", "Net-B", "LN-B")
    assert v.is_isolated("NOREACH")
    assert v.isolation_reason("NOREACH") == nic.reason


def test_replica_hosts_hold_capacity_first():
    # docs/rules.md R4: "a replica_host holds the replica's memory and CPUs before any
    # other replica is placed"
    G = netmap.loads(FIRST)
    rows = {r["vm"]: r for r in place(G)}
    # PINNED (12 GB) holds HB first; BIGGER (13 GB, placed first by R4's largest-first
    # rule otherwise, on HB with the most free memory) now fits only on HC
    assert rows["PINNED"]["host"] == "HB"
    assert rows["BIGGER"]["host"] == "HC"
    assert rows["LAST"]["host"] is None
    assert "most free is HB with 4 GB" in rows["LAST"]["reason"]


def test_topology_without_hosts_places_nothing_and_unplaces_nothing():
    # docs/rules.md R4: "A topology that lists no hosts at all does not model placement"
    G = netmap.loads(DEPS.split("hosts:")[0] + "vms:" + DEPS.split("vms:")[1])
    v = evaluate(G, Scenario(all=True, sites_down=("A",)))
    assert v.unplaced == [] and v.state("BIGDB") == "replica"
    (row,) = [r for r in place(G) if r["vm"] == "BIGDB"]
    assert row["host"] is None
    assert row["reason"] == "the topology lists no hosts: placement not judged"
    codes = {f["code"] for f in G.check().to_dict()["findings"]}
    assert not codes & {"NM003", "NM004"}


def test_placement_is_computed_once_per_topology(capacity):
    # the brief's scale rule: the placement is cached per topology (and what-if mapping)
    p = placement_of(capacity)
    assert placement_of(capacity) is p
    assert evaluate(capacity, Scenario(vms=("HUGE",))).placement is p
    assert evaluate(capacity, Scenario(plans=("Plan-Big",))).placement is p
    assert placement_of(capacity, unmap=("Net-P3",)) is not p
    # with Net-P3 unmapped NOREACH needs nothing and is placed
    assert placement_of(capacity, unmap=("Net-P3",)).host("NOREACH") is not None


def test_placement_touches_only_the_cluster_asked_for(capacity):
    ix = netmap.model.topology.TopologyData(capacity.graph)
    p = placement_of(ix)
    p.host("BIG")
    placed = {v for v in p._host}
    # Gold-R and Silver-R share no host: asking about BIG places Gold-R's replicas only
    assert "BIG" in placed and "SILVER1" not in placed


DEPS = """
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VA, site: A}, {name: VB, site: B}]
logical_networks: [{name: LA, vmm: VA}, {name: LB, vmm: VB}]
vm_networks:
  - {name: NA, logical_network: LA, subnets: [{name: S, prefix: 10.0.0.0/24}]}
  - {name: NB, logical_network: LB, subnets: [{name: S, prefix: 10.0.0.0/24}]}
clouds:
  - {name: CA, vmm: VA, logical_networks: [LA]}
  - {name: CB, vmm: VB, logical_networks: [LB]}
protection: [{protected: CA, protecting: CB}]
hosts:
  - {name: HB, vmm: VB, clouds: [CB], logical_networks: [LB],
     capacity: {memory_gb: 16, vcpus: 8}}
network_mappings: [{source: NA, target: NB}]
vms:
  - {name: APP, cloud: CA, size: {memory_gb: 4, vcpus: 1}, depends_on: [BIGDB],
     nics: [{network: NA, subnet: S, ip: 10.0.0.10}]}
  - {name: BIGDB, cloud: CA, size: {memory_gb: 64, vcpus: 8},
     nics: [{network: NA, subnet: S, ip: 10.0.0.20}]}
"""

FIRST = """
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VA, site: A}, {name: VB, site: B}]
logical_networks: [{name: LA, vmm: VA}, {name: LB, vmm: VB}]
vm_networks:
  - {name: NA, logical_network: LA}
  - {name: NB, logical_network: LB}
clouds:
  - {name: CA, vmm: VA, logical_networks: [LA]}
  - {name: CB, vmm: VB, logical_networks: [LB]}
protection: [{protected: CA, protecting: CB}]
hosts:
  - {name: HB, vmm: VB, clouds: [CB], logical_networks: [LB],
     capacity: {memory_gb: 16, vcpus: 8}}
  - {name: HC, vmm: VB, clouds: [CB], logical_networks: [LB],
     capacity: {memory_gb: 14, vcpus: 8}}
network_mappings: [{source: NA, target: NB}]
vms:
  - {name: PINNED, cloud: CA, replica_host: HB, size: {memory_gb: 12, vcpus: 1},
     nics: [{network: NA}]}
  - {name: BIGGER, cloud: CA, size: {memory_gb: 13, vcpus: 1}, nics: [{network: NA}]}
  - {name: LAST, cloud: CA, size: {memory_gb: 8, vcpus: 1}, nics: [{network: NA}]}
"""


def test_diff_shows_a_replica_that_becomes_placed(fixture_path):
    # the brief: "The report, the diagrams and diff show the new states and reasons":
    # more memory on HV-R-C lets HUGE be placed, so it runs and gains reachability
    from netmap.answers.diff import diff

    text = fixture_path("capacity.yaml").read_text(encoding="utf-8")
    old = netmap.loads(text)
    new = netmap.loads(text.replace("capacity: {memory_gb: 128, vcpus: 32}",
                                    "capacity: {memory_gb: 512, vcpus: 32}"))
    d = diff(old, new, Scenario(all=True, sites_down=("Primary",))).to_dict()
    states = {r["vm"]: (r["old"], r["new"]) for r in d["states"]}
    assert states["HUGE"] == ("unplaced", "replica")
    (row,) = [r for r in d["placements"] if r["vm"] == "HUGE"]
    assert row["old_host"] is None and row["new_host"] == "HV-R-C"
    assert row["old_reason"].startswith("no capacity")
    assert ["BIG", "HUGE"] in d["reachability"]["gained"]
    assert d["reachability"]["lost_count"] == 0


def test_replica_host_without_a_vmm_recovery_site_is_nm019():
    # SPEC R4: "Azure targets have no host", so a replica_host of a VM protected to Azure
    # (or of a VM not protected) is ignored and NM019 says so
    G = netmap.loads(AZ)
    found = {(f["code"], f["object"]): f["message"] for f in G.check().to_dict()["findings"]}
    assert "replicates to Azure (AZ), where replicas have no host" in found[("NM019", "TOAZ")]
    assert "its cloud CL is not protected" in found[("NM019", "LOOSE")]
    rows = {r["vm"]: r for r in place(G)}
    assert rows["TOAZ"]["host"] is None and rows["TOAZ"]["replica_host"] is False
    # it holds no capacity on the host it names
    assert placement_of(G)._free("HB") == [16, 8]


AZ = """
netmap: 1
sites: [{name: A}, {name: B}, {name: AZ, kind: azure}]
vmm_servers: [{name: VA, site: A}, {name: VB, site: B}]
logical_networks: [{name: LA, vmm: VA}, {name: LB, vmm: VB}]
vm_networks: [{name: NA, logical_network: LA}]
azure_networks: [{name: vnet, site: AZ}]
clouds:
  - {name: CA, vmm: VA, logical_networks: [LA]}
  - {name: CL, vmm: VA, logical_networks: [LA]}
  - {name: CB, vmm: VB, logical_networks: [LB]}
protection: [{protected: CA, azure: AZ}]
hosts:
  - {name: HB, vmm: VB, clouds: [CB], logical_networks: [LB],
     capacity: {memory_gb: 16, vcpus: 8}}
network_mappings: [{source: NA, target: vnet}]
vms:
  - {name: TOAZ, cloud: CA, replica_host: HB, size: {memory_gb: 4, vcpus: 1},
     nics: [{network: NA}]}
  - {name: LOOSE, cloud: CL, replica_host: HB, size: {memory_gb: 4, vcpus: 1},
     nics: [{network: NA}]}
"""


def test_checks_still_name_the_nic_problems_of_an_unplaced_vm():
    # SPEC R3: "an unplaced VM claims nothing" (no address, so no NM007); its unmapped
    # NIC is still NM001 (SPEC §4: "a protected VM's NIC is on a network with no mapping")
    G = netmap.loads(DEPS.replace(
        "  - {name: NB, logical_network: LB",
        "  - {name: NC, logical_network: LA}\n  - {name: NB, logical_network: LB").replace(
        "     nics: [{network: NA, subnet: S, ip: 10.0.0.20}]}",
        "     nics: [{network: NA, subnet: S, ip: 10.0.0.20}, {network: NC}]}"))
    found = [(f["code"], f["object"]) for f in G.check().to_dict()["findings"]]
    assert ("NM001", "BIGDB.nics[1]") in found
    assert ("NM004", "BIGDB") in found
    assert not [x for x in found if x[0] == "NM007"]
