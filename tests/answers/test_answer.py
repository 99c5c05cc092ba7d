"""The one answer type: named tables with described columns, a table by name
(``table``, ``frame``), optional tables, stable ``repr``, JSON unchanged."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from netmap import example_path, load
from netmap.answers.answer import Answer, Column, Table, columns
from netmap.answers.checks import check
from netmap.answers.diff import diff
from netmap.answers.failback import failback
from netmap.answers.failover import failover
from netmap.answers.mapping import mappings, target_choices
from netmap.answers.placement import place
from netmap.answers.reach import reach
from netmap.answers.report import css, report
from netmap.model.scenario import Scenario

SC = Scenario(plans=("Plan-Gold",), sites_down=("Beijing",))


@pytest.fixture(scope="module")
def answers():
    G = load(example_path())
    return {
        "mappings": mappings(G), "targets": target_choices(G, "VMNetwork1-Beijing"),
        "place": place(G), "failover": failover(G, SC), "reach": reach(G, "VM1", "MON-SH", SC),
        "failback": failback(G), "diff": diff(G, G), "check": check(G), "report": report(G),
    }


NAMES = {
    "mappings": ["mappings"], "targets": ["choices"], "place": ["placements"],
    "failover": ["nics", "groups", "isolated", "down", "unplaced", "broken_dependencies",
                 "boot_order",
                 "test_network", "not_protected"],
    "reach": ["path"], "failback": ["nics"],
    "diff": ["mappings", "nics", "placements", "states", "gained", "lost"],
    "check": ["findings"],
}


@pytest.mark.parametrize("key", sorted(NAMES))
def test_tables_have_names(answers, key):
    assert [t.name for t in answers[key].tables()] == NAMES[key]


def test_report_tables_are_named_after_their_section(answers):
    names = [t.name for t in answers["report"].tables()]
    assert names[:3] == ["summary", "summary: Findings by code", "mappings"]
    assert "plans: Isolated VMs" in names and "findings" in names
    assert "site_outages: Shanghai down: down VMs" in names


@pytest.mark.parametrize("key", sorted(NAMES) + ["report"])
def test_every_column_is_described(answers, key):
    for t in answers[key].tables():
        assert t.columns and all(isinstance(c, Column) and c.description
                                 for c in t.columns), t.name


def test_report_overview_columns_count(answers):
    plans = answers["report"].table("plans")
    assert dict((c.name, c.description) for c in plans.columns)["isolated"] == \
        "how many VMs are isolated"
    fo = answers["failover"].table("test_network")
    assert dict((c.name, c.description) for c in fo.columns)["isolated"].startswith("whether")


def test_table_by_name(answers):
    fo = answers["failover"]
    assert fo.table("down").rows == [{"vm": x["vm"], "reason": x["reason"]}
                                     for x in fo.to_dict()["vms"] if x["state"] == "down"]
    with pytest.raises(KeyError, match="no table 'nope' .*nics, groups"):
        fo.table("nope")


def test_optional_tables_are_there_by_name_but_not_shown(answers):
    fo = answers["failover"]
    assert fo.table("boot_order").rows == [] and fo.table("test_network").rows == []
    text = str(fo)
    assert "Boot order problems" not in text and "Test network" not in text
    assert "Down VMs" in text
    assert repr(fo) == f"<FailoverResult: 5 tables, {sum(len(t.rows) for t in fo.tables())} rows>"


def test_frame_by_name(answers):
    pd = pytest.importorskip("pandas")
    fo = answers["failover"]
    df = fo.frame("down")
    assert isinstance(df, pd.DataFrame) and list(df.columns) == ["vm", "reason"]
    assert df["vm"].tolist() == [r["vm"] for r in fo.table("down").rows]
    assert df.attrs["descriptions"]["vm"] == "a VM that does not run"
    empty = fo.frame("boot_order")
    assert len(empty) == 0 and list(empty.columns) == ["plan", "vm", "depends_on", "reason"]
    assert list(fo.frame().columns) == fo.tables()[0].column_names
    with pytest.raises(KeyError):
        fo.frame("nope")


def test_frame_of_a_report_section(answers):
    pytest.importorskip("pandas")
    df = answers["report"].frame("findings")
    assert df["code"].tolist() == [f["code"] for f in answers["check"].findings]


def test_to_frame_counts_shown_tables(answers):
    pytest.importorskip("pandas")
    fo = answers["failover"]
    assert list(fo.to_frame(4).columns) == ["vm", "depends_on", "reason"]
    with pytest.raises(IndexError):
        fo.to_frame(5)


@pytest.mark.parametrize("key", sorted(NAMES))
def test_json_is_the_dict(answers, key):
    a = answers[key]
    assert json.loads(a.to_json()) == json.loads(json.dumps(a.to_dict()))


def test_repr_is_stable(answers):
    assert repr(answers["mappings"]) == "<Mappings: 1 table, 4 rows>"
    assert " at 0x" not in repr(answers["report"])


def test_one_table_answer():
    a = Answer.of("hosts", [{"host": "H1"}], ["host"], caption="Hosts")
    assert a.to_dict() == {"hosts": [{"host": "H1"}]}
    assert str(a) == "Hosts\nhost\n----\nH1\n"
    assert repr(a) == "<Answer: 1 table, 1 rows>"
    assert a.table("hosts") == Table("hosts", [{"host": "H1"}], columns("host"), "Hosts")


def test_text_width_wraps_findings_only():
    long = "word " * 40
    rows = [{"code": "NM001", "severity": "error", "object": "x", "message": long}]
    from netmap.answers.checks import Findings

    assert max(map(len, str(Findings(rows)).splitlines())) <= 100
    assert max(map(len, str(Answer.of("t", rows, ["message"])).splitlines())) > 100


def test_report_css_is_package_data(answers):
    sheet = files("netmap.answers").joinpath("report.css").read_text(encoding="utf-8")
    assert sheet.strip() == css() and "tr.error td" in sheet
    page = answers["report"].render("html", diagrams=False)
    assert f"<style>{css()}</style>" in page
