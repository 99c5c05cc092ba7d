"""`netmap check` and `netmap report` on the command line: exit status, formats, files."""

from __future__ import annotations

import json
import pytest

from netmap.io.load import example_path

KEYS = {"title", "source", "whatif", "summary", "findings_by_code", "mappings",
        "unavailable_targets", "placements", "plans", "site_outages", "failback", "findings",
        "addresses", "joins"}


def test_check_without_file_checks_the_bundled_example(run):
    code, out, err = run("check", "--format", "json")
    assert code == 1 and err == ""
    d = json.loads(out)
    assert [f["code"] for f in d["findings"]] == ["NM001", "NM007", "NM009"]
    assert d["summary"] == {"error": 1, "warning": 2}
    assert run("check", example_path(), "--format", "json")[1] == out


def test_check_exit_status(run, fixture_path):
    assert run("check", fixture_path("clean.yaml"))[0] == 0
    assert run("check", fixture_path("checks/nm005.yaml"))[0] == 0  # warnings only
    assert run("check", fixture_path("checks/nm002.yaml"))[0] == 1
    assert run("check", "--ignore", "NM001")[0] == 0
    assert run("check", "--ignore", "nm001", "--ignore", "NM009", "--format", "json")[0] == 0


def test_check_text(run, fixture_path):
    code, out, err = run("check")
    assert code == 1
    assert out.startswith("Readiness checks: 1 error(s), 2 warning(s)")
    assert "APP2.nics[0]" in out and max(len(x) for x in out.splitlines()) <= 100
    code, out, err = run("check", fixture_path("clean.yaml"))
    assert (code, out) == (0, "Readiness checks: 0 error(s), 0 warning(s)\n(none)\n")


def test_check_test_network(run, fixture_path):
    code, out, _ = run("check", fixture_path("checks/nm015.yaml"), "--test-network", "Test-B",
                       "--format", "json")
    assert code == 1
    # the link that makes Test-B not isolated joins two copies of 10.1.0.0/24 (NM017)
    assert [(f["code"], f["object"]) for f in json.loads(out)["findings"]] == [
        ("NM015", "Test-B"), ("NM017", "Net-A -- Test-B")]
    assert run("check", fixture_path("clean.yaml"), "--test-network", "Test-B")[0] == 0


def test_check_whatif(run, fixture_path):
    code, out, _ = run("check", fixture_path("clean.yaml"), "--unmap", "Net-B", "--format", "json")
    assert code == 0
    assert [f["code"] for f in json.loads(out)["findings"]] == ["NM005"]
    code, out, _ = run("check", "--remap", "VMNetwork2-Beijing=VMNetwork1-Shanghai",
                       "--format", "json")
    assert "NM001" not in [f["code"] for f in json.loads(out)["findings"]]


@pytest.mark.parametrize("args, words", [
    (("--ignore", "NM999"), "unknown check code 'NM999'"),
    (("--test-network", "Nope"), "unknown test network 'Nope'"),
    (("--remap", "VMNetwork2-Beijing"), "is not SOURCE=TARGET"),
    (("--format", "yaml"), "--format"),
])
def test_check_bad_input_exits_2(run, args, words):
    code, out, err = run("check", *args)
    assert code == 2 and out == ""
    assert err.startswith("error:") and words in err and "Traceback" not in err


def test_check_bad_files_exit_2(run, tmp_path, fixtures_dir):
    code, _, err = run("check", tmp_path / "missing.yaml")
    assert code == 2 and err.startswith("error:")
    for bad in sorted((fixtures_dir / "invalid").glob("*.yaml"))[:5]:
        code, out, err = run("check", bad)
        assert code == 2 and out == "" and err.startswith("error:"), bad
        assert run("report", bad)[0] == 2


def test_report_without_file(run, repo_root):
    code, out, err = run("report")
    assert code == 0 and err == ""
    assert out.startswith("netmap report: Beijing / Shanghai")
    assert out == (repo_root / "docs" / "report-example.txt").read_text(encoding="utf-8")


def test_report_strict(run, fixture_path):
    assert run("report", "--strict")[0] == 1
    assert run("report", fixture_path("clean.yaml"), "--strict")[0] == 0
    assert run("report", "--strict", "--ignore", "NM001")[0] == 0


def test_report_output_file(run, tmp_path):
    target = tmp_path / "r.html"
    code, out, err = run("report", "--format", "html", "-o", target)
    assert (code, out, err) == (0, "", "")
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    target = tmp_path / "r.json"
    assert run("report", "--format", "json", "-o", target, "--strict")[0] == 1
    assert set(json.loads(target.read_text(encoding="utf-8"))) == KEYS


def test_report_output_is_whole_or_nothing(run, tmp_path):
    target = tmp_path / "no-such-dir" / "r.txt"
    code, out, err = run("report", "-o", target)
    assert code == 2 and err.startswith("error:") and not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_no_progress_text_when_stderr_is_not_a_terminal(run):
    code, out, err = run("report", "--format", "json")
    assert err == ""
    assert json.loads(out)["summary"]["vms"] == 4


def test_every_fixture_on_the_command_line(run, topology_file):
    path = topology_file
    code, out, err = run("check", path, "--format", "json")
    assert code in (0, 1) and err == ""
    d = json.loads(out)
    assert code == (1 if d["summary"]["error"] else 0)
    for fmt in ("text", "markdown", "json"):
        c, out, err = run("report", path, "--format", fmt, "--quiet")
        assert (c, err) == (0, ""), fmt
        assert out
    assert json.loads(out)["findings"] == d["findings"]


def test_help(run):
    code, out, _ = run("check", "--help")
    assert code == 0 and "NM015" in out and "--ignore" in out
    code, out, _ = run("report", "--help")
    assert code == 0 and "--strict" in out and "--quiet" in out
