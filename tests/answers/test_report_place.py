"""The report shows R4's unplaced replicas, R10's refused plans and NM023's management
servers."""

from __future__ import annotations

import netmap
from netmap.answers.report import report


def _plan(d, name):
    (p,) = [p for p in d["plans"] if p["plan"] == name]
    return p


def _site(d, name):
    (o,) = [o for o in d["site_outages"] if o["site"] == name]
    return o


def test_unplaced_replicas_in_plans_and_site_outages(fixture_path):
    # SPEC R5: an unplaced replica "is listed in failed_over and unplaced, never in
    # isolated"
    r = report(netmap.load(fixture_path("capacity.yaml")))
    d = r.to_dict()
    assert [x["vm"] for x in _plan(d, "Plan-Small")["unplaced"]] == ["CPUHOG", "NOREACH"]
    assert _plan(d, "Plan-Small")["isolated"] == []
    assert [x["vm"] for x in _site(d, "Primary")["unplaced"]] == \
        ["CPUHOG", "HUGE", "NOREACH", "SILVER1"]
    assert _site(d, "Primary")["unplaced"][1]["reason"].startswith("no capacity")
    text = r.render("text")
    assert "Unplaced replicas (never run)" in text
    assert "Primary down: replicas that cannot be placed (never run)" in text


def test_refused_plans_are_evaluated_all_the_same(fixture_path):
    # SPEC R10: "anything else is an error (NM014, NM018), and the plan's failover is
    # still evaluated so the report can show what it would do"
    d = report(netmap.load(fixture_path("checks/nm018.yaml"))).to_dict()
    mixed = _plan(d, "Plan-Mixed")
    assert [x["code"] for x in mixed["refused"]] == ["NM018", "NM018"]
    assert mixed["failed_over"] == 3 and mixed["groups"]  # evaluated: WEB, DB, C-APP
    assert _plan(d, "Plan-App")["refused"] == []
    d = report(netmap.load(fixture_path("checks/nm014.yaml"))).to_dict()
    big = _plan(d, "Plan-Big")
    assert [x["code"] for x in big["refused"]] == ["NM014"]
    assert big["failed_over"] == 101


def test_site_outage_names_the_management_server(fixture_path):
    # SPEC §4 NM023: "the VMM server managing a protecting cloud runs at the site it
    # protects: fail it over first, by hand"
    d = report(netmap.load(fixture_path("checks/nm023.yaml"))).to_dict()
    (row,) = _site(d, "A")["management_servers"]
    assert row["vmm"] == "VMM-A" and row["protecting_clouds"] == ["Cloud-B"]
    assert "fail it over first" in row["reason"]
    assert {f["code"] for f in d["findings"]} >= {"NM023"}
    d = report(netmap.load(fixture_path("checks/nm019.yaml"))).to_dict()
    assert all(o["management_servers"] == [] for o in d["site_outages"])
