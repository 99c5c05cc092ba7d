"""R8 (netmap.analysis.dependencies): broken dependencies and boot order, and the view's
delegating methods."""

from __future__ import annotations

import netmap
from netmap.analysis import dependencies, failover
from netmap.analysis.dependencies import (
    boot_order_problems, boot_order_reasons, broken_dependencies, dependency_failures)
from netmap.analysis.failover import evaluate
from netmap.model.scenario import Scenario
from netmap.model.topology import as_topology

# WEB depends on DB (same group: a boot-order problem) and on LOG (a later group), and on
# NAS, whose cloud is not protected: when site A is down, NAS is down too
TOPOLOGY = """
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VMM-A, site: A}, {name: VMM-B, site: B}]
logical_networks:
  - {name: LN-A, vmm: VMM-A}
  - {name: LN-B, vmm: VMM-B}
vm_networks:
  - {name: Net-A, logical_network: LN-A, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
  - {name: Net-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/24}]}
clouds:
  - {name: Cloud-A, vmm: VMM-A, logical_networks: [LN-A]}
  - {name: Cloud-O, vmm: VMM-A, logical_networks: [LN-A]}
  - {name: Cloud-B, vmm: VMM-B, logical_networks: [LN-B]}
protection:
  - {protected: Cloud-A, protecting: Cloud-B}
network_mappings:
  - {source: Net-A, target: Net-B}
vms:
  - {name: WEB, cloud: Cloud-A, depends_on: [DB, LOG, NAS], nics: [{network: Net-A}]}
  - {name: DB, cloud: Cloud-A, nics: [{network: Net-A}]}
  - {name: LOG, cloud: Cloud-A, nics: [{network: Net-A}]}
  - {name: NAS, cloud: Cloud-O, nics: [{network: Net-A}]}
recovery_plans:
  - name: P
    groups: [[WEB, DB], [LOG]]
"""


def _topology():
    return netmap.loads(TOPOLOGY)


def test_dependency_failures_name_the_dependency_and_why():
    v = evaluate(_topology(), Scenario(plans=("P",), sites_down=("A",)))
    got = dependency_failures(v)
    assert [(a, b, r.kind.name) for a, b, r in got] == [("WEB", "NAS", "VM_DOWN")]
    assert broken_dependencies(v) == [{"vm": "WEB", "depends_on": "NAS", "reason": str(got[0][2])}]
    assert dependency_failures(v, ["DB"]) == []


def test_view_methods_delegate():
    v = evaluate(_topology(), Scenario(plans=("P",), sites_down=("A",)))
    assert v.dependency_failures() == dependency_failures(v)
    assert v.broken_dependencies(["WEB"]) == broken_dependencies(v, ["WEB"])


def test_boot_order_reasons_and_rows():
    G = _topology()
    same, later = boot_order_reasons(as_topology(G))
    assert (same.kind.name, same.vm, same.dependency, same.group) == (
        "BOOTS_IN_SAME_GROUP", "WEB", "DB", 1)
    assert (later.kind.name, later.dependency, later.vm_group, later.dependency_group) == (
        "BOOTS_LATER", "LOG", 1, 2)
    rows = boot_order_problems(G, "P")
    assert [(r["depends_on"], r["vm_group"], r["dependency_group"]) for r in rows] == [
        ("DB", 1, 1), ("LOG", 1, 2)]
    assert [r["reason"] for r in rows] == [str(same), str(later)]


def test_failover_keeps_the_names_tests_import():
    assert failover.boot_order_problems is dependencies.boot_order_problems
    assert failover.boot_order_reasons is dependencies.boot_order_reasons
