"""Issue 14, items 3 and 8: the process around a command. Standard output full, closed,
not UTF-8 or a broken pipe; stderr unwritable; a bad MPLBACKEND; an internal error. Exit
statuses are 0, 1 (findings), 2 (bad input, usage, unwritable output) and 3 (a bug), and
no traceback reaches the user unless NETMAP_DEBUG is set.

These run ``python3 -m netmap`` in a subprocess: the streams are the process's own.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import netmap.cli.questions
from netmap.cli.app import EXIT_INTERNAL, MAX_ERROR_LINES, error_text
from netmap.errors import Problem, TopologyError


def netmap_run(repo_root, *args, env=None, **kw):
    """Run ``python3 -m netmap ARGS`` with this checkout first on the path."""
    full_env = {"PYTHONPATH": str(repo_root), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "NETMAP_WORKERS": "1"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "netmap", *map(str, args)], env=full_env,
                          capture_output=kw.pop("capture_output", True), timeout=120,
                          check=False, **kw)


@pytest.fixture
def chinese_file(example_file, tmp_path):
    """The example with a VM named in Chinese (text a latin-1 terminal cannot show)."""
    path = tmp_path / "cn.yaml"
    path.write_text(example_file.read_text(encoding="utf-8").replace("VM1", "北京VM1"),
                    encoding="utf-8")
    return path


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_standard_output_is_an_error_not_a_traceback(repo_root, example_file):
    with open("/dev/full", "w") as full:
        proc = netmap_run(repo_root, "report", example_file, stdout=full,
                          capture_output=False, stderr=subprocess.PIPE)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "error: No space left on device\n"


def test_a_closed_standard_output_is_an_error_not_a_traceback(repo_root, example_file):
    proc = subprocess.run(
        f"{sys.executable} -m netmap mappings {example_file} >&-", shell=True,
        env={"PYTHONPATH": str(repo_root), "PATH": "/usr/bin:/bin"}, stderr=subprocess.PIPE,
        timeout=120, check=False)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "error: standard output is closed\n"


@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"])
def test_an_unwritable_stderr_keeps_the_exit_status(repo_root, redirect):
    proc = subprocess.run(
        f"{sys.executable} -m netmap mappings no-such-file.yaml {redirect}", shell=True,
        env={"PYTHONPATH": str(repo_root), "PATH": "/usr/bin:/bin"}, stdout=subprocess.PIPE,
        timeout=120, check=False)
    assert proc.returncode == 2
    assert proc.stdout == b""


@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "cp1252"])
def test_a_standard_output_that_is_not_utf8_gets_escapes(repo_root, chinese_file, encoding):
    """PYTHONIOENCODING=latin-1 crashed with UnicodeEncodeError on a Chinese name."""
    proc = netmap_run(repo_root, "failover", chinese_file, "--all",
                      env={"PYTHONIOENCODING": encoding})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    out = proc.stdout.decode("utf-8")  # click itself writes UTF-8 where ASCII is asked for
    expected = "北京VM1" if encoding == "ascii" else "\\u5317\\u4eacVM1"
    assert expected in out


@pytest.mark.parametrize("args, status", [
    (["report", "{example}"], 0),
    (["check", "{example}"], 1),  # findings: the status is kept through a broken pipe
    (["export", "{example}", "--to", "json", "-o", "-"], 0),
], ids=["report", "check", "export"])
def test_a_broken_pipe_ends_quietly_with_the_usual_status(repo_root, example_file, args,
                                                          status):
    """``netmap report | head -1``: the reader has gone; nothing on stderr, and the status
    the command would have had (1 for check's findings)."""
    args = [str(example_file) if a == "{example}" else a for a in args]
    r, w = os.pipe()
    os.close(r)  # the reader is gone before the first write: every write meets EPIPE
    try:
        proc = netmap_run(repo_root, *args, stdout=w, stderr=subprocess.PIPE,
                          capture_output=False)
    finally:
        os.close(w)
    assert proc.stderr == b""
    assert proc.returncode == status


def test_a_bad_mplbackend_does_not_stop_draw(repo_root, example_file, tmp_path):
    out = tmp_path / "t.png"
    proc = netmap_run(repo_root, "draw", example_file, "-o", out,
                      env={"MPLBACKEND": "no-such-backend"})
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _boom(*args, **kwargs):
    raise RuntimeError("something netmap did not expect\nsecond line")


def test_an_internal_error_is_one_line_and_status_3(run, example_file, monkeypatch):
    monkeypatch.setattr(netmap.cli.questions, "mappings", _boom)
    monkeypatch.delenv("NETMAP_DEBUG", raising=False)
    code, out, err = run("mappings", example_file)
    assert code == EXIT_INTERNAL == 3
    assert err.splitlines()[0] == \
        "error: internal error: RuntimeError: something netmap did not expect"
    assert "please report it" in err
    assert "Traceback" not in err


def test_netmap_debug_shows_the_traceback_of_an_internal_error(run, example_file,
                                                                monkeypatch):
    monkeypatch.setattr(netmap.cli.questions, "mappings", _boom)
    monkeypatch.setenv("NETMAP_DEBUG", "1")
    code, out, err = run("mappings", example_file)
    assert code == 3
    assert err.startswith("Traceback (most recent call last)")
    assert "error: internal error: RuntimeError" in err


def test_error_lines_are_capped():
    """A file with thousands of problems prints the first MAX_ERROR_LINES, then a count."""
    problems = [Problem("t.yaml", i, f"vms[{i}]", "bad") for i in range(1, 1001)]
    lines = error_text(TopologyError(problems)).splitlines()
    assert len(lines) == MAX_ERROR_LINES + 1
    assert lines[0] == "error: t.yaml:1: vms[1]: bad"
    assert lines[-1] == (f"error: ... and {1000 - MAX_ERROR_LINES} more problems (the first "
                         f"{MAX_ERROR_LINES} are shown)")


def test_generate_refuses_more_vms_than_it_can_hold(run, tmp_path):
    """``generate --vms 10**12`` ran until memory was gone; the bound is a usage error."""
    code, out, err = run("generate", "--vms", str(10 ** 12), "-o", tmp_path / "g.json")
    assert code == 2
    assert err.startswith("error: Invalid value for '--vms'")
    assert not (tmp_path / "g.json").exists()
