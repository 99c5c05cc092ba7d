"""docs/checks.md documents exactly the finding codes ``netmap check --help`` lists, with
their severity, and the fixture each section names raises its code."""

from __future__ import annotations

import json
import re
import shlex

import pytest


@pytest.fixture(scope="module")
def checks_md(repo_root):
    return repo_root / "docs" / "checks.md"


def help_codes(run):
    """``{code: severity}`` from the Codes section of ``netmap check --help``."""
    code, out, _ = run("check", "--help")
    assert code == 0
    return dict(re.findall(r"^\s+(NM\d{3})\s+(error|warning)\s", out, re.M))


def sections(checks_md):
    """``{code: section text}`` of docs/checks.md."""
    parts = re.split(r"^## (?=NM\d{3})", checks_md.read_text(), flags=re.M)[1:]
    return {p[:5]: p for p in parts}


def test_the_documented_codes_are_the_listed_codes(run, checks_md):
    listed = help_codes(run)
    assert len(listed) >= 15
    assert sorted(sections(checks_md)) == sorted(listed)


def test_each_section_gives_severity_trigger_fix_and_fixture(run, checks_md):
    for code, severity in help_codes(run).items():
        text = sections(checks_md)[code]
        assert f"- **Severity**: {severity}" in text, code
        for part in ("- **Trigger**: ", "- **Fix**: ", "- **Fixture**: "):
            assert part in text, (code, part)
        row = re.search(rf"^\| {code} \| ([a-z]+)", checks_md.read_text(), re.M)
        assert row and row[1] == severity, code


def _codes():
    from netmap.analysis.checks import CODES
    return sorted(CODES)


@pytest.mark.parametrize("code", _codes())
def test_the_fixture_named_raises_the_code(run, fixtures_dir, code, checks_md):
    m = re.search(r"`netmap check (fixtures/checks/[^`]+)`", sections(checks_md)[code])
    assert m, f"docs/checks.md: {code} names no fixture"
    args = shlex.split(m[1])
    assert args[0] == f"fixtures/checks/{code.lower()}.yaml"
    path = fixtures_dir / args[0].removeprefix("fixtures/")
    status, out, err = run("check", path, *args[1:], "--format", "json")
    assert status in (0, 1), err
    assert code in {f["code"] for f in json.loads(out)["findings"]}
