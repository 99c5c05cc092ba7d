"""The answer of ``netmap failover``: what a scenario does (R3, R5, R6, R8, R9).

The rules are :class:`netmap.analysis.failover.FailoverView`'s; this module shapes a
view into :class:`FailoverResult` (docs/json.md, ``failover``): ``failed_over``, ``down``,
``unplaced`` (replicas no host can take, R4), ``vms`` (state and NICs of every VM),
``groups`` (components with their running VMs), ``isolated``, ``broken_dependencies``,
``boot_order`` and, for a test failover, ``test_network`` isolation.

Examples
--------
>>> from netmap import load, example_path
>>> from netmap.model.scenario import Scenario
>>> fo = failover(load(example_path()), Scenario(plans=("Plan-Gold",), sites_down=("Beijing",)))
>>> fo.to_dict()["failed_over"]
['DB1', 'VM1']
>>> [t.name for t in fo.tables()]  # doctest: +NORMALIZE_WHITESPACE
['nics', 'groups', 'isolated', 'down', 'unplaced', 'broken_dependencies', 'boot_order',
 'test_network', 'not_protected']
>>> fo.table("down").rows
[{'vm': 'APP2', 'reason': 'site Beijing is down and APP2 does not fail over'}]
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from netmap.analysis.connectivity import network_label
from netmap.analysis.failover import FailoverView, boot_order_problems, evaluate
from netmap.analysis.reasons import Reason, ReasonKind, text_of
from netmap.answers.answer import Answer, Table, columns
from netmap.model.scenario import Scenario
from netmap.model.topology import TopologyData

__all__ = ["failover", "FailoverResult"]


def _nic_row(r):
    return {"network": network_label(r.network) if r.network is not None else None,
            "subnet": r.subnet, "ip": r.ip, "ip_retained": r.ip_retained,
            "ip_mode": str(r.ip_mode), "source_network": r.source_network,
            "source_ip": r.source_ip, "reason": text_of(r.reason)}


class FailoverResult(Answer):
    """The answer of ``netmap failover`` (docs/json.md, ``failover``); ``view`` is the
    :class:`~netmap.analysis.failover.FailoverView` it shows."""

    title = "Failover"

    def __init__(self, view: FailoverView):
        self.view = view
        self._dict = None

    def to_dict(self) -> dict:
        if self._dict is not None:
            return self._dict
        v, ix = self.view, self.view.ix
        vms = []
        down = []
        # one pass over the VMs gives the rows, the groups (v.groups()) and the isolated
        # VMs (v.is_isolated) together: each VM's state and components are read once
        members = defaultdict(list)
        isolated = []
        components = v.components
        for name in sorted(ix.vm):
            st = v.state(name)
            row = {"vm": name, "state": st}
            if st == "replica" or st == "primary":  # running
                comps = components(name)
                if not comps and not v.nics_unknown(name):  # v.is_isolated(name)
                    isolated.append(name)
                for c in comps:
                    members[c].append(name)
            if st == "down":
                down.append(name)
                row["nics"] = []
                row["reason"] = text_of(v.down_reason(name))
            elif st == "unplaced":  # R4/R5: no host takes the replica; it never runs
                row["nics"] = []
                row["reason"] = text_of(v.unplaced_reason(name))
                row["target_site"] = v.target_site(name)
            elif st == "replica":
                row["nics"] = [_nic_row(r) for r in v.replica_nics(name)]
                row["target_site"] = v.target_site(name)
            else:
                row["nics"] = [{"network": n.network if v.net.is_up(n.network) else None,
                                "subnet": n.subnet, "ip": n.ip, "ip_retained": None,
                                "ip_mode": str(n.ip_mode)}
                               for n in ix.vm[name].nics]
            vms.append(row)
        groups = [{"networks": [network_label(n) for n in v.net.members(c)], "vms": vs}
                  for c, vs in sorted(members.items(), key=lambda cv: network_label(cv[0]))]
        out = {
            "scenario": v.scenario.describe(),
            "failed_over": list(v.failed_over),
            "not_protected": [{"vm": n, "reason": str(Reason(ReasonKind.NOT_PROTECTED,
                                                             cloud=ix.vm[n].cloud,
                                                             region=ix.vm[n].site))}
                              for n in v.not_protected],
            "down": down,
            "unplaced": list(v.unplaced),
            "vms": vms,
            "groups": groups,
            "isolated": isolated,
            "isolated_reasons": [{"vm": n, "reason": str(v.isolation_reason(n))}
                                 for n in isolated],
            "broken_dependencies": v.broken_dependencies(),
        }
        boot = []
        for p in v.scenario.plans:
            boot.extend(boot_order_problems(v.ix, p))
        out["boot_order"] = boot
        if v.test_network is not None:
            iso, why = v.test_isolation()
            mode = v.scenario.test_mode
            used = {network_label(r.network) for x in v.failed_over for r in v.routes(x)
                    if r.network is not None}
            out["test_network"] = {"mode": mode,
                                   "network": v.test_network if mode == "network" else None,
                                   "networks": sorted(used), "isolated": iso,
                                   "reason": text_of(why)}
        self._dict = out
        return out

    def tables(self) -> list[Table]:
        d = self.to_dict()
        v = self.view
        rows = []
        for vm in d["vms"]:
            if vm["state"] != "replica":
                continue
            for i, n in enumerate(vm["nics"]):
                rows.append({"vm": vm["vm"], "nic": i, "from": n["source_network"],
                             "network": n["network"] or "(disconnected)", "subnet": n["subnet"],
                             "ip": n["ip"], "mode": n["ip_mode"],
                             "retained": n["ip_retained"], "reason": n["reason"]})
        grows = [{"group": i + 1, "networks": g["networks"], "vms": g["vms"]}
                 for i, g in enumerate(d["groups"]) if any(x in v.F for x in g["vms"])]
        down = [{"vm": x["vm"], "reason": x["reason"]} for x in d["vms"] if x["state"] == "down"]
        unplaced = [{"vm": x["vm"], "reason": x["reason"]} for x in d["vms"]
                    if x["state"] == "unplaced"]
        test = [d["test_network"]] if "test_network" in d else []
        return [
            Table("nics", rows, columns(
                "vm", "nic", "from", "network", "subnet", "ip", "mode", "retained", "reason",
                network="the network the replica's NIC joins (R3)",
                subnet="the subnet the replica's NIC is in", ip="the replica NIC's address",
                mode="static or dhcp: a DHCP NIC keeps no address of its own (R3)",
                retained="yes: the source address is kept; no: reassigned (the reason "
                         "says why)"),
                f"Failover: {d['scenario']}"),
            Table("groups", grows, columns(
                "group", "networks", "vms", group="the group's number",
                vms="the VMs with a NIC in the group"),
                "Groups with failed-over VMs (who can reach whom)"),
            Table("isolated", d["isolated_reasons"], columns(
                "vm", "reason", vm="a running VM that reaches no other VM"), "Isolated VMs"),
            Table("down", down, columns("vm", "reason", vm="a VM that does not run"),
                  "Down VMs"),
            Table("unplaced", unplaced, columns(
                "vm", "reason", vm="a VM of the scenario whose replica no host can take (R4): "
                "it never runs"), "Unplaced replicas (do not run)", optional=True),
            Table("broken_dependencies", d["broken_dependencies"],
                  columns("vm", "depends_on", "reason"), "Broken dependencies"),
            Table("boot_order", d["boot_order"], columns("plan", "vm", "depends_on", "reason"),
                  "Boot order problems (R8)", optional=True),
            Table("test_network", test, columns(
                "mode", "networks", "isolated", "reason",
                mode="the test-network mode: none, auto or network (a named network)",
                networks="the networks the drill NICs join (R9)",
                isolated="whether the drill is cut off from production (NM015)"),
                "Test network (drill)", optional=True),
            Table("not_protected", d["not_protected"], columns(
                "vm", "reason", vm="a VM of the scenario that has no replica"),
                "Not protected (do not fail over)", optional=True),
        ]


def failover(G: TopologyData | nx.MultiDiGraph, scenario: Scenario) -> FailoverResult:
    """R3, R5, R6, R8, R9: what ``scenario`` does to every VM and network.

    Parameters
    ----------
    G
        A loaded topology (or its graph).
    scenario
        What fails over (plans, VMs or every protected VM), which sites are down, the
        test network and the what-if mapping changes.

    Returns
    -------
    FailoverResult
        Replica NICs (network, subnet, address and whether it is kept), groups of
        networks that reach each other, isolated and down VMs, broken dependencies,
        boot-order problems of the plans and the test network's isolation.
    """
    return FailoverResult(evaluate(G, scenario))
