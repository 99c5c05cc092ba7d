"""Reasons are records (analysis/reasons.py): kinds and fields, one wording, no parsing."""

from __future__ import annotations

import pickle

import orjson
import pytest

import netmap
from netmap.analysis import reasons as reasons_mod
from netmap.analysis.checks import Finding, check
from netmap.analysis.failback import failback
from netmap.analysis.failover import boot_order_reasons, evaluate
from netmap.analysis.placement import place
from netmap.analysis.reach import reach
from netmap.answers.reach import Reach
from netmap.analysis.reasons import ReasonKind, Reason, text_of
from netmap.model.scenario import Scenario
from netmap.model.topology import as_topology


@pytest.fixture(scope="module")
def azure(fixtures_dir):
    return netmap.load(fixtures_dir / "onprem-to-azure.yaml")


@pytest.fixture(scope="module")
def subnets(fixtures_dir):
    return netmap.load(fixtures_dir / "subnets.yaml")


@pytest.fixture(scope="module")
def capacity(fixtures_dir):
    return netmap.load(fixtures_dir / "capacity.yaml")


def checks_fixture(fixtures_dir, code):
    return netmap.load(fixtures_dir / "checks" / f"{code.lower()}.yaml")


# -- the record ---------------------------------------------------------------------------

def test_reason_is_an_immutable_record():
    r = Reason(ReasonKind.NO_SUBNETS, network="N")
    assert r.kind is ReasonKind.NO_SUBNETS and r.network == "N" and r.fields == {"network": "N"}
    assert str(r) == r.text == "N has no subnets"
    assert r == Reason("no_subnets", network="N") and hash(r) == hash(Reason(ReasonKind.NO_SUBNETS,
                                                                              network="N"))
    assert r != Reason(ReasonKind.NO_SUBNETS, network="M")
    assert repr(r) == "Reason(NO_SUBNETS, network='N')"
    with pytest.raises(AttributeError):
        r.network = "M"
    with pytest.raises(AttributeError, match="no field 'site'"):
        r.site
    assert pickle.loads(pickle.dumps(r)) == r


def test_reason_is_not_silently_json():
    # JSON carries str(reason): a record that reached orjson would be a bug, so it fails
    with pytest.raises(TypeError):
        orjson.dumps({"reason": Reason(ReasonKind.NO_NICS)})
    assert text_of(None) is None and text_of(Reason(ReasonKind.NO_NICS)) == "it has no NICs"


def test_all_of_flattens_and_keeps_order():
    a, b, c = (Reason(ReasonKind.NO_SUBNETS, network=n) for n in "ABC")
    ab = Reason.all_of([a, b])
    assert ab.kind is ReasonKind.ALL and ab.parts == (a, b)
    assert ab.kinds == (ReasonKind.NO_SUBNETS,) * 2
    assert Reason.all_of([ab, c]).parts == (a, b, c)
    assert Reason.all_of([a]) is a and a.parts == (a,)
    assert str(ab) == "A has no subnets; B has no subnets"


def test_every_kind_is_worded():
    sample = {"network": "N", "subnet": "S", "first": "F", "plan": "P", "ip": "10.0.0.9",
              "prefix": "10.0.0.0/30", "reassigned": None, "site": "X", "vm": "V",
              "a": "A", "b": "B", "a_networks": ("N",), "b_networks": ("M",),
              "cloud": "C", "dependency": "D", "group": 1, "vm_group": 1,
              "dependency_group": 2, "sources": ("S1",), "joined": "J", "route": ("N", "J"),
              "site_down": True, "logical_networks": ("L",), "memory_gb": 8, "vcpus": 2,
              "host": "H", "logical_network": "L", "free_memory_gb": 4, "free_vcpus": float("inf"),
              "overridden": False, "unmapped": True, "target": "T", "original": "O",
              "remapped": False, "side": "new", "parts": (Reason(ReasonKind.NO_NICS),),
              "networks": ("N-test",), "recovery_site": "Y", "logical": "L", "taken": "held",
              "assigned": "10.0.0.2", "top": True, "missing": ("S 10.0.0.0/30",),
              "extra": (), "replica_network": "R",
              "cause": Reason(ReasonKind.NO_NICS), "source": "S", "sites": ("B",),
              "vms": ("V1", "V2"), "elsewhere": (("B", "T"),),
              # netmap fix
              "chosen": False, "back": "B", "protected": "P", "vmm": "M", "why": "none",
              "candidates": ("T1", "T2"), "what": ("W",),
              "unavailable_to": ("C2",), "to_azure": False,
              # R3 addresses
              "start": "10.0.0.1", "end": "10.0.0.2", "by": "gateway", "own": "N2",
              "holder": "H",
              "join": "A -- B", "other": "W", "peerings": ("A -- H", "H -- B"),
              "a_network": "N", "b_network": "M", "via": "gateway",
              "overlaps": (("10.0.0.0/24", "10.0.0.0/25"),), "groups": ("G1", "G2"),
              # unknown facts (netmap import)
              "object": "O", "field": "nics",
              # configured settings (R3, R9) and R11
              "setting": "ip", "value": "10.0.0.9", "test": False,
              "problem": ReasonKind.IP_HELD, "nic": 0}
    for kind in ReasonKind:
        text = str(Reason(kind, **sample))
        assert text and text == text.strip(), kind


# -- the analyses build records -----------------------------------------------------------

def test_failover_route_and_isolation_kinds(example, azure):
    v = evaluate(example, Scenario(plans=("Plan-Silver",), sites_down=("Beijing",)))
    (r,) = v.replica_nics("APP2")
    assert r.reason.kind is ReasonKind.NOT_MAPPED and r.reason.network == "VMNetwork2-Beijing"
    assert v.isolation_reason("APP2") == r.reason
    why = v.why_unreachable("APP2", "MON-SH")
    assert why.kind is ReasonKind.VM_ISOLATED and why.vm == "APP2" and why.cause == r.reason
    # a VM at a site down that does not fail over
    assert v.down_reason("VM1") == Reason(ReasonKind.SITE_DOWN, site="Beijing", vm="VM1")
    # R6: a plan network, and Azure without the plan
    v = evaluate(azure, Scenario(plans=("Plan-App",), sites_down=("Beijing",)))
    r = v.replica_nics("APP2")[0]
    assert r.reason.kind is ReasonKind.NO_ADDRESS and r.reason.cause.kind is ReasonKind.PLAN_NETWORK
    assert r.reason.cause.plan == "Plan-App"
    v = evaluate(azure, Scenario(vms=("APP2",), sites_down=("Beijing",)))
    assert v.routes("APP2")[0].reason.kind is ReasonKind.NOT_MAPPED_TO_AZURE


def test_recovery_site_down_kind(example):
    v = evaluate(example, Scenario(plans=("Plan-Gold",), sites_down=("Shanghai",)))
    assert v.down_reason("VM1") == Reason(ReasonKind.RECOVERY_SITE_DOWN, site="Shanghai")
    assert v.down_reason("MON-SH").kind is ReasonKind.SITE_DOWN


def test_address_kinds(subnets):
    v = evaluate(subnets, Scenario(all=True, sites_down=("Primary",)))

    def why(vm):
        return v.replica_nics(vm)[0].reason
    assert why("B-HELD").kind is ReasonKind.IP_HELD and why("B-HELD").reassigned == "10.1.0.3"
    d = why("D-FIRST")
    assert d.kinds == (ReasonKind.FIRST_SUBNET, ReasonKind.IP_OUTSIDE_PREFIX)
    assert d.parts[0].subnet == "Mgmt" and d.parts[0].first == "Back"
    assert d.parts[1].prefix == "10.2.1.0/24"
    f = why("F-TINY2")
    assert f.kind is ReasonKind.IP_OUTSIDE_PREFIX and f.reassigned is None and f.ip == "10.9.9.3"
    assert "no free address left in" in str(f)
    assert why("G-BARE").kind is ReasonKind.NO_PREFIX and why("G-BARE").subnet == "Bare"
    h = why("H-FLAT")
    assert h.kind is ReasonKind.NO_ADDRESS and h.cause == Reason(ReasonKind.NO_SUBNETS,
                                                           network="Flat-Dst")
    assert why("A-KEEP") is None


def test_placement_kinds(capacity, azure):
    rows, reasons = place(capacity, with_reasons=True)
    assert place(capacity) == rows
    huge = reasons["HUGE"]
    assert huge.kind is ReasonKind.NO_CAPACITY and huge.memory_gb == 200
    assert huge.host in ("HV-R-A", "HV-R-B", "HV-R-C")
    assert reasons["CPUHOG"].kind is ReasonKind.NO_CAPACITY and reasons["CPUHOG"].vcpus == 40
    assert reasons["NOREACH"] == Reason(ReasonKind.NO_HOST_REACHES, cloud="Gold-R",
                                         logical_networks=("LN-R3",))
    assert reasons["SILVER1"] == Reason(ReasonKind.NO_HOSTS, cloud="Silver-R")
    assert "BIG" not in reasons
    by_vm = {r["vm"]: r for r in rows}
    assert all(by_vm[v]["reason"] == str(reasons[v]) for v in reasons)
    assert all(by_vm[v]["reason"] is None for v in by_vm if v not in reasons)
    _, a = place(azure, with_reasons=True)
    assert {r.kind for r in a.values()} == {ReasonKind.AZURE_NO_HOST}


def test_failback_kinds(example):
    fb = failback(example, vms=["VM1"], replica_nics=["VM1=-"])
    assert fb.reasons[("VM1", 0)] == Reason(ReasonKind.REPLICA_DISCONNECTED, overridden=True,
                                            cause=None)
    fb = failback(example, vms=["VM1"], remap=[("VMNetwork1-Shanghai", "VMNetwork2-Beijing")])
    r = fb.reasons[("VM1", 0)]
    assert r.kind is ReasonKind.MAPPED_ELSEWHERE and r.remapped and r.target == "VMNetwork2-Beijing"
    assert fb.vms[0]["nics"][0]["reason"] == str(r)
    assert failback(example, vms=["VM1"]).reasons[("VM1", 0)] is None
    fb = failback(example, vms=["APP2"])
    r = fb.reasons[("APP2", 0)]
    assert r.kind is ReasonKind.REPLICA_DISCONNECTED and r.cause.kind is ReasonKind.NOT_MAPPED
    assert str(r) == ("the replica NIC is disconnected (VMNetwork2-Beijing is not mapped): "
                      "no network to map back")


def test_reach_reason_kind(example):
    r = reach(example, "VM1", "MON-SH", Scenario())
    assert r.reason.kind is ReasonKind.NOT_JOINED
    assert r.reason.a_networks == ("VMNetwork1-Beijing",)
    assert Reach.from_record(r).to_dict()["reason"] == str(r.reason)


def test_boot_order_kinds(fixtures_dir):
    (r,) = boot_order_reasons(as_topology(checks_fixture(fixtures_dir, "NM011")))
    assert r.kind in (ReasonKind.BOOTS_IN_SAME_GROUP, ReasonKind.BOOTS_LATER)
    assert (r.plan, r.vm, r.dependency) == ("Plan-App", "WEB", "DB")


# -- checks decide on kinds ---------------------------------------------------------------

@pytest.mark.parametrize("code,kinds", [
    ("NM001", {ReasonKind.NOT_MAPPED, ReasonKind.NOT_MAPPED_TO_AZURE}),
    ("NM006", {ReasonKind.FIRST_SUBNET}),
    ("NM003", {ReasonKind.NO_HOST_REACHES}), ("NM004", {ReasonKind.NO_CAPACITY}),
    ("NM007", {ReasonKind.IP_OUTSIDE_PREFIX}), ("NM010", None), ("NM011", None)])
def test_findings_carry_the_reason_kind(fixtures_dir, code, kinds):
    got = [f for f in check(checks_fixture(fixtures_dir, code)) if f["code"] == code]
    assert got and all(isinstance(f, Finding) for f in got)
    if kinds is not None:
        assert {f.kind for f in got} == kinds
    else:
        assert all(isinstance(f.kind, ReasonKind) for f in got)
    f = got[0]
    assert pickle.loads(pickle.dumps(f)) == f and pickle.loads(pickle.dumps(f)).kind is f.kind
    assert set(f) == {"code", "severity", "object", "message"}  # the JSON is unchanged


def test_nm003_nm004_do_not_read_the_wording(fixtures_dir, monkeypatch):
    """Rewording a reason changes messages, never which code is raised."""
    G = checks_fixture(fixtures_dir, "NM004")
    before = [(f["code"], f["object"]) for f in check(G)]
    word = reasons_mod._word
    monkeypatch.setattr(reasons_mod, "_word",
                        lambda kind, f: "reworded; " + word(kind, f)[::-1])
    # a fresh topology: a topology's placement (and its reasons' text) is computed once
    after = check(checks_fixture(fixtures_dir, "NM004"))
    assert [(f["code"], f["object"]) for f in after] == before
    assert any(f["code"] == "NM004" and "reworded" in f["message"] for f in after)


def test_nm006_nm007_kinds(subnets):
    f = {(x["code"], x["object"]): x for x in check(subnets)}
    # SPEC §4 NM007 (revision 2): "a static IP will change on failover (outside the target
    # subnet's prefix or pool, reserved, or already held there)": no subnet (NM006) or no
    # prefix is not one of those
    assert ("NM007", "H-FLAT.nics[0]") not in f
    assert ("NM007", "G-BARE.nics[0]") not in f
    assert f[("NM007", "B-HELD.nics[0]")].kind is ReasonKind.IP_HELD
    assert f[("NM007", "E-TINY1.nics[0]")].kind is ReasonKind.IP_OUTSIDE_PREFIX
    # the subnet part belongs to NM006: NM007 quotes the address part only
    d = f[("NM007", "D-FIRST.nics[0]")]
    assert d.kind is ReasonKind.IP_OUTSIDE_PREFIX and "no subnet Mgmt" not in d["message"]
    assert f[("NM006", "D-FIRST.nics[0]")].kind is ReasonKind.FIRST_SUBNET
