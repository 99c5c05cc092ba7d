"""The readiness checks are a registry of rules (netmap.analysis.checks.RULES)."""

from __future__ import annotations

import pytest

import netmap
from netmap.analysis import checks
from netmap.analysis.checks import CODES, RULES, Analysis, Rule, run_checks
from netmap.model.records import Severity


def test_registry_is_ordered_by_code_one_rule_each():
    codes = [r.code for r in RULES]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    # revision 2 adds NM016-NM019, NM023, NM025 and NM026 (among others) to NM001-NM015
    assert set(codes) >= {f"NM{i:03d}" for i in range(1, 18)} | {"NM018", "NM019", "NM023",
                                                                  "NM025", "NM026"}
    assert all(isinstance(r, Rule) and callable(r.fn) for r in RULES)
    assert all(isinstance(r.severity, Severity) and r.title for r in RULES)


def test_codes_is_read_off_the_registry():
    assert list(CODES) == [r.code for r in RULES]
    assert CODES == {r.code: (r.severity, r.title) for r in RULES}
    assert CODES["NM004"] == (Severity.WARNING, "replica fits on no host (capacity)")


def test_rule_is_frozen():
    with pytest.raises(AttributeError):
        RULES[0].code = "NM999"


def test_run_checks_calls_a_shared_function_once(monkeypatch):
    calls = []
    real = checks._replica_findings

    def counted(a):
        calls.append(1)
        return real(a)

    shared = {"NM001", "NM006", "NM007", "NM016"}
    monkeypatch.setattr(checks, "RULES", tuple(
        Rule(r.code, r.severity, r.title, counted) if r.code in shared else r for r in RULES))
    a = Analysis(netmap.load(netmap.example_path()))
    got = run_checks(a)
    assert len(calls) == 1
    assert {f["code"] for f in got} == {"NM001", "NM007", "NM009"}
    calls.clear()
    assert [f["code"] for f in run_checks(a, ignore=["NM001", "NM006", "NM007", "NM016"])] \
        == ["NM009"]
    assert calls == []


def test_ignoring_one_code_of_a_shared_pass_keeps_the_others():
    a = Analysis(netmap.load(netmap.example_path()))
    assert [f["code"] for f in run_checks(a, ignore=["nm001"])] == ["NM007", "NM009"]
