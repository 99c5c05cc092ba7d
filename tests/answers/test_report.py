"""The report: its sections on the bundled example in every format, HTML escaping, the
JSON keys, every fixture, the progress bar."""

from __future__ import annotations

import io
import json
import re
import pytest

from netmap import example_path, load, loads
from netmap._runtime.progress import tracker, wanted
from netmap.answers.checks import check
from netmap.answers.render import markdown_table
from netmap.answers.report import FORMATS, report, report_json
from netmap.model.scenario import Scenario

SECTIONS = ["Summary", "Network mappings", "Target choices that are not available",
            "Replica placement", "Recovery plans", "Site outages", "Failover addresses",
            "Failback outlook", "Findings"]
KEYS = {"title", "source", "whatif", "summary", "findings_by_code", "mappings",
        "unavailable_targets", "placements", "plans", "site_outages", "failback", "findings",
        "addresses", "joins"}


@pytest.fixture(scope="module")
def rep():
    return report(load(example_path()))


@pytest.fixture(scope="module")
def data(rep):
    return rep.to_dict()


# ------------------------------------------------------------------ sections (JSON)

def test_json_keys(rep):
    d = json.loads(rep.render("json"))
    assert set(d) == KEYS
    assert {"sites", "clouds", "networks", "vms", "plans", "error", "warning"} <= set(
        d["summary"])
    for row in d["mappings"]:
        assert {"source", "source_site", "target", "target_site"} <= set(row)
    for row in d["placements"]:
        assert {"vm", "protecting_cloud", "host", "candidates", "reason"} <= set(row)
    for row in d["findings"]:
        assert set(row) == {"code", "severity", "object", "message"}
    for p in d["plans"]:
        assert {"plan", "sites_down", "groups", "isolated", "down",
                "broken_dependencies"} <= set(p)
    for o in d["site_outages"]:
        assert {"site", "disconnected", "isolated", "down", "broken_dependencies",
                "unplaced", "groups"} <= set(o)


def test_summary(data):
    s = data["summary"]
    assert (s["sites"], s["clouds"], s["networks"], s["vms"], s["plans"]) == (2, 4, 4, 4, 2)
    assert (s["protected_vms"], s["hosts"], s["mappings"]) == (3, 3, 2)
    assert (s["error"], s["warning"]) == (1, 2)
    assert [(c["code"], c["error"], c["warning"]) for c in data["findings_by_code"]] == [
        ("NM001", 1, 0), ("NM007", 0, 1), ("NM009", 0, 1)]


def test_findings_are_the_checks(data):
    assert data["findings"] == check(load(example_path())).findings


def test_mappings_and_unavailable_targets(data):
    assert [(m["source"], m["target"]) for m in data["mappings"]] == [
        ("VMNetwork1-Beijing", "VMNetwork1-Shanghai"),
        ("VMNetwork1-Shanghai", "VMNetwork1-Beijing"),
        ("VMNetwork2-Beijing", None), ("VMNetwork2-Shanghai", None)]
    # the seed's target table: VMNetwork2-Shanghai is not available to SilverCloud1
    assert [(u["protected_cloud"], u["protecting_cloud"], u["target"])
            for u in data["unavailable_targets"]] == [
        ("SilverCloud1", "SilverCloud2", "VMNetwork2-Shanghai")]
    assert "LogicalNetwork2Shanghai" in data["unavailable_targets"][0]["reason"]


def test_placements(data):
    assert [(p["vm"], p["host"]) for p in data["placements"]] == [
        ("APP2", "HV-SH-02"), ("DB1", "HV-SH-01"), ("VM1", "HV-SH-01")]


def test_plans(data):
    gold, silver = data["plans"]
    assert gold["plan"] == "Plan-Gold" and gold["sites_down"] == ["Beijing"]
    assert gold["groups"] == [{"component": "VMNetwork1-Shanghai", "network_count": 1,
                               "vms": ["DB1", "VM1"], "running": 3}]
    assert gold["isolated"] == gold["broken_dependencies"] == gold["down"] == []
    assert silver["groups"] == []
    assert [i["vm"] for i in silver["isolated"]] == ["APP2"]
    assert "not mapped" in silver["isolated"][0]["reason"]


def test_site_outages_answer_what_breaks_if_beijing_goes_down(data):
    bj, sh = data["site_outages"]
    assert bj["site"] == "Beijing" and bj["failed_over"] == 3
    assert [(x["vm"], x["nic"], x["network"]) for x in bj["disconnected"]] == [
        ("APP2", 0, "VMNetwork2-Beijing")]
    assert [x["vm"] for x in bj["isolated"]] == ["APP2"]
    assert bj["groups"] == [{"component": "VMNetwork1-Shanghai", "network_count": 1,
                             "vms": ["DB1", "VM1"], "running": 3}]
    assert bj["down"] == bj["unplaced"] == bj["broken_dependencies"] == []
    assert sh["site"] == "Shanghai" and sh["failed_over"] == 0
    assert [x["vm"] for x in sh["down"]] == ["MON-SH"]


def test_site_outage_broken_dependencies_and_unplaced(fixture_path):
    # NM010's fixture: WEB depends on RPT; with site A down every protected VM fails over
    d = report(load(fixture_path("checks/nm010.yaml"))).to_dict()
    a = d["site_outages"][0]
    assert a["site"] == "A" and a["broken_dependencies"] == []
    plan = next(p for p in d["plans"] if p["plan"] == "Plan-App")
    assert [(b["vm"], b["depends_on"]) for b in plan["broken_dependencies"]] == [
        ("WEB", "RPT")]
    d = report(load(fixture_path("checks/nm004.yaml"))).to_dict()
    assert [u["vm"] for u in d["site_outages"][0]["unplaced"]] == ["WEB"]
    assert "no capacity" in d["site_outages"][0]["unplaced"][0]["reason"]


def test_failback_outlook(data):
    fb = data["failback"]
    assert fb["available"] is True
    assert (fb["vms"], fb["nics"], fb["returning"], fb["elsewhere"], fb["disconnected"]) == (
        3, 3, 2, 0, 1)
    assert [r["vm"] for r in fb["not_returning"]] == ["APP2"]
    assert fb["original_vm"] == 0  # nothing is protected to Azure in the example


def test_failback_outlook_from_azure(fixture_path):
    # SPEC R7: "A VM failed over from VMM to Azure fails back by planned failover to its
    # original VM: each NIC returns to its original network, subnet and address"
    d = report(load(fixture_path("onprem-to-azure.yaml"))).to_dict()["failback"]
    assert (d["nics"], d["returning"], d["original_vm"], d["disconnected"]) == (9, 9, 9, 0)
    text = report(load(fixture_path("onprem-to-azure.yaml"))).render("text")
    assert "9 of the NICs that return come back from Azure by planned failover" in text


def test_whatif_applies_throughout():
    G = load(example_path())
    d = report(G, Scenario(remap=(("VMNetwork2-Beijing", "VMNetwork1-Shanghai"),))).to_dict()
    assert "VMNetwork2-Beijing -> VMNetwork1-Shanghai" in d["whatif"]
    assert not [f for f in d["findings"] if f["code"] == "NM001"]
    assert d["site_outages"][0]["disconnected"] == []
    assert report(G).to_dict()["site_outages"][0]["disconnected"]  # G unchanged


def test_drill_section_shows_the_mode_and_the_isolation():
    # issue 11: "The report, the diagrams and diff show the new states and reasons"; SPEC
    # R9: the drill runs "on the replica's host (R4) and the primaries keep running"
    G = load(example_path())
    assert "drill" not in report(G).to_dict()  # no test network: no drill
    d = report(G, Scenario(test_network="auto")).to_dict()["drill"]
    assert (d["mode"], d["test_network"], d["isolated"], d["vms"]) == ("auto", None, True, 3)
    assert d["networks"] == [{"network": "VMNetwork1-Shanghai-test", "vms": 2}]
    assert [(x["vm"], x["nic"]) for x in d["disconnected"]] == [("APP2", 0)]
    d = report(G, Scenario(test_network="VMNetwork2-Shanghai")).to_dict()["drill"]
    assert (d["mode"], d["test_network"]) == ("network", "VMNetwork2-Shanghai")
    assert [(x["vm"], x["nic"]) for x in d["disconnected"]] == [("APP2", 0)]
    assert "HV-SH-02" in d["disconnected"][0]["reason"]
    text = report(G, Scenario(test_network="none")).render("text")
    assert "without a test network" in text and "The drill is isolated" in text


# ---------------------------------------------------------------------------- formats

def test_text(rep):
    text = rep.render("text")
    assert text == str(rep)
    assert max(len(line) for line in text.splitlines()) <= 100
    pos = [text.index(f"{i}. {s}") for i, s in enumerate(SECTIONS, start=1)]
    assert pos == sorted(pos)
    assert "Beijing down: replica NICs disconnected" in text
    assert "Shanghai down: down VMs" in text
    assert "Topology: beijing-shanghai.yaml" in text


def test_markdown(rep):
    md = rep.render("markdown")
    assert md.startswith("# netmap report: Beijing / Shanghai")
    for s in SECTIONS:
        assert re.search(rf"^## {re.escape(s)}", md, re.M), s
    assert "| VMNetwork1-Beijing | Beijing | VMNetwork1-Shanghai | Shanghai |" in md


def test_html_is_self_contained(rep):
    page = rep.render("html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<style>" in page
    for s in SECTIONS:
        assert s in page
    # no external resources: every src/href is a data URI or an anchor in the page
    for ref in re.findall(r'(?:src|href)="([^"]*)"', page):
        assert ref.startswith(("data:", "#")), ref
    assert "<script" not in page and "<link" not in page and "@import" not in page


def test_html_embeds_diagrams_when_plot_is_available(rep):
    pytest.importorskip("matplotlib")
    pytest.importorskip("netmap.plot")
    page = rep.render("html")
    imgs = re.findall(r'<img alt="([^"]*)" src="data:image/png;base64,', page)
    assert "Topology" in imgs and "Beijing down" in imgs
    assert "Recovery plan Plan-Gold" in imgs
    assert "data:image/png" not in rep.render("html", diagrams=False)


def test_unknown_format(rep):
    with pytest.raises(ValueError, match="unknown report format"):
        rep.render("pdf")
    assert set(FORMATS) == {"text", "markdown", "json", "html"}


MARKUP = '<script>alert("x")</script>'


def _markup_topology(fixture_path):
    text = fixture_path("checks/nm001.yaml").read_text(encoding="utf-8")
    text = text.replace("APP", "'" + MARKUP.replace("'", "''") + "'")
    text = text.replace("Net-A2", "'Net&\"A2\"<b>'")
    text = text.replace("name: fixture NM001", "name: 'R&D <i>\"DR\"</i>'")
    return loads(text, "markup.yaml")


def test_html_escapes_names_with_markup(fixture_path):
    G = _markup_topology(fixture_path)
    r = report(G)
    assert any(MARKUP in f["object"] for f in r.to_dict()["findings"])
    page = r.render("html", diagrams=False)
    assert "<script" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Net&amp;&quot;A2&quot;&lt;b&gt;" in page
    assert "<title>netmap report: R&amp;D &lt;i&gt;&quot;DR&quot;&lt;/i&gt;</title>" in page


def test_html_escapes_names_in_diagram_captions(fixture_path):
    pytest.importorskip("netmap.plot")
    page = report(_markup_topology(fixture_path)).render("html")
    assert "<script" not in page and "<b>" not in page


def test_markdown_escapes_names_with_markup(fixture_path):
    md = report(_markup_topology(fixture_path)).render("markdown")
    assert "<script" not in md and "<b>" not in md
    assert "&lt;script&gt;" in md
    assert markdown_table([{"a": "x|y*z_"}], ["a"]).splitlines()[2] == "| x\\|y\\*z\\_ |"


def test_json_text_is_valid_and_deterministic(rep):
    a = rep.render("json")
    assert json.loads(a) == json.loads(json.dumps(rep.to_dict()))
    assert a == report(load(example_path())).render("json")
    assert report_json({"a": []}) == '{\n  "a": []\n}\n'


def test_every_fixture_in_every_format(topology_file):
    G = load(topology_file)
    r = report(G)
    d = json.loads(r.render("json"))
    # SPEC §5: "report: one object holding the sections above, and unknown (§7) when the
    # topology has any"
    assert set(d) == (KEYS | {"unknown"} if G.unknown else KEYS)
    assert d["findings"] == check(G).findings
    text = r.render("text")
    assert max(len(line) for line in text.splitlines()) <= 100
    assert r.render("markdown").startswith("# netmap report")
    assert "</html>" in r.render("html", diagrams=False)


def test_docs_example_is_current(repo_root):
    doc = repo_root / "docs" / "report-example.txt"
    assert doc.read_text(encoding="utf-8") == report(load(example_path())).render("text")


# --------------------------------------------------------------------------- progress

class _TTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_a_terminal():
    assert wanted(quiet=False, stream=_TTY()) is True
    assert wanted(quiet=True, stream=_TTY()) is False
    assert wanted(quiet=False, stream=io.StringIO()) is False


def test_progress_bar_draws_on_its_stream():
    out = _TTY()
    track = tracker(True, stream=out)
    assert list(track(range(5), "plans")) == [0, 1, 2, 3, 4]
    assert "plans" in out.getvalue()
    silent = io.StringIO()
    assert list(tracker(False, stream=silent)(range(5), "plans")) == [0, 1, 2, 3, 4]
    assert silent.getvalue() == ""


def test_report_reports_progress_of_its_long_loops():
    seen = []

    def track(it, label, length=None):
        seen.append((label, length))
        return it

    report(load(example_path()), track=track)
    assert ("recovery plans", 2) in seen and ("site outages", 2) in seen


def test_report_counts_failover_addresses_by_outcome(fixture_path):
    # SPEC R3: retained / reassigned / DHCP ("A DHCP NIC gets no fixed address") /
    # unplaced ("an unplaced VM claims nothing"), as fixtures/pools.yaml sketches them
    r = report(load(fixture_path("pools.yaml")))
    d = json.loads(r.render("json"))
    assert d["addresses"] == {"retained": 2, "reassigned": 3, "no_address": 0, "dhcp": 1,
                              "unplaced": 2, "disconnected": 0, "one_vnet": 0}
    assert "Failover addresses (R3)" in r.render("text")
    # one VNet per Azure VM: DB1's NIC 1 in fixtures/onprem-to-azure.yaml
    d = json.loads(report(load(fixture_path("onprem-to-azure.yaml"))).render("json"))
    assert d["addresses"]["one_vnet"] == 1


def test_joins_section_lists_peerings_and_overlaps(fixture_path):
    # the report shows "overlaps on the joins that carry them and peerings" (R5, NM017)
    r = report(load(fixture_path("onprem-to-azure.yaml")))
    rows = {x["join"]: x for x in r.to_dict()["joins"]}
    assert sorted(rows) == ["Corp-BJ -- vnet-corp", "Web-BJ -- vnet-corp"]
    assert rows["Corp-BJ -- vnet-corp"]["via"] == "gateway"
    assert rows["Corp-BJ -- vnet-corp"]["overlapping_prefixes"] == [
        ["10.10.0.0/24", "10.10.0.0/24"]]
    assert "Peerings and overlapping joins (R5)" in r.render("text")
    r = report(load(fixture_path("peering.yaml")))
    rows = {x["join"]: x for x in r.to_dict()["joins"]}
    assert sorted(rows) == ["vnet-app -- vnet-hub", "vnet-db -- vnet-hub",
                            "vnet-hub -- vnet-legacy"]
    assert all(x["via"] == "peering" and len(x["groups"]) == 2 for x in rows.values())
    assert "not transitive" in rows["vnet-app -- vnet-hub"]["effect"]
    # the example has neither: no such section in the document
    assert report(load(example_path())).to_dict()["joins"] == []


def test_json_bytes_are_the_json_text_encoded(rep):
    # the command line writes these bytes (no str copy of a report of hundreds of MB)
    blob = rep.json_bytes()
    assert isinstance(blob, bytes)
    assert blob == rep.render("json").encode("utf-8")
    assert json.loads(blob)["summary"]["vms"] == 4


def _unavailable_by_full_scan(ix):
    """R2 over every protected cloud, Azure ones included, every candidate tried."""
    from netmap.analysis.mapping import candidates, choice_for
    rows = []
    for cname in sorted(ix.cloud):
        c = ix.cloud[cname]
        if not c.protected:
            continue
        sources = sorted(n for n in ix.net if ix.net[n].logical in c.logical_networks)
        if not sources:
            continue
        protecting, cands = candidates(ix, cname)
        for t in cands:
            others = [s for s in sources[:2] if s != t]
            if others:
                ok, why = choice_for(ix, others[0], t, cname)
                if not ok:
                    rows.append({"protected_cloud": cname, "protecting_cloud": protecting,
                                 "target": t, "reason": why})
    return rows


def test_unavailable_targets_skip_azure_clouds_without_losing_a_row(topology_file):
    # R2 (docs/rules.md): to Azure, the candidates are "the Azure networks of that Azure
    # site", all available; the section skips those clouds and must list the same rows
    from netmap.analysis import survey
    from netmap.analysis.checks import Analysis
    t = load(topology_file)
    assert survey.unavailable_targets(Analysis(t)) == _unavailable_by_full_scan(t)


def test_unavailable_targets_of_a_generated_topology_equal_the_full_scan(run, tmp_path):
    from netmap.analysis import survey
    from netmap.analysis.checks import Analysis
    path = tmp_path / "gen.json"
    assert run("generate", "--vms", 3000, "--seed", 2, "-o", path)[0] == 0
    t = load(path)
    assert any(c.azure for c in t.cloud.values())  # the generator protects some to Azure
    rows = survey.unavailable_targets(Analysis(t))
    assert rows and rows == _unavailable_by_full_scan(t)
