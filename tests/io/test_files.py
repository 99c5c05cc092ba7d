"""netmap.io.files: files are written whole or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from netmap.io import files


def test_write_atomic_writes_text_and_bytes(tmp_path):
    p = tmp_path / "out.txt"
    files.write_atomic(p, "héllo\n")
    assert p.read_text(encoding="utf-8") == "héllo\n"
    files.write_atomic(p, b"\x00\x01")
    assert p.read_bytes() == b"\x00\x01"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_write_atomic_is_whole_or_nothing(tmp_path, monkeypatch):
    p = tmp_path / "out.txt"
    p.write_text("old")

    def boom(*a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(OSError):
        files.write_atomic(p, "new")
    assert p.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


# -- what the target is: a link, a device, an existing file's permissions --------------
def test_a_symlink_stays_a_link_and_its_target_is_written(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    files.write_atomic(link, "new")
    assert link.is_symlink()
    assert target.read_text() == "new"
    assert sorted(os.listdir(tmp_path)) == ["link.txt", "real.txt"]


def test_a_device_is_written_into_never_replaced(tmp_path):
    """``-o /dev/null`` (here through a link, so a failure cannot clobber /dev/null)."""
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    files.write_atomic(link, "report")
    assert link.is_symlink()
    import stat
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert os.listdir(tmp_path) == ["null"]


def test_an_existing_file_keeps_its_permissions(tmp_path):
    p = tmp_path / "private.txt"
    p.write_text("old")
    p.chmod(0o600)
    files.write_atomic(p, "new")
    assert p.read_text() == "new"
    assert (p.stat().st_mode & 0o777) == 0o600


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(IsADirectoryError):
        files.write_atomic(tmp_path, "x")
    assert os.listdir(tmp_path) == []


_SLOW_WRITER = """
import os, sys, time
import netmap.io.files as files
real_replace = os.replace
def slow_replace(src, dst):
    print("ready", flush=True)  # the temporary file is written, not yet renamed
    time.sleep(60)
    real_replace(src, dst)
files.os.replace = slow_replace
files.write_atomic(sys.argv[1], "report\\n")
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path, repo_root, signum):
    """Issue 14, item 12: SIGTERM during a write left a hidden partial .netmap-* file."""
    target = tmp_path / "out.txt"
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(target)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(repo_root)})
    try:
        assert proc.stdout.readline() == "ready\n"
        assert [p.name.startswith(".netmap-") for p in tmp_path.iterdir()] == [True]
        proc.send_signal(signum)
        proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert sorted(tmp_path.iterdir()) == []
    if signum == signal.SIGTERM:
        assert proc.returncode == -signal.SIGTERM  # ends as SIGTERM would have ended it


def test_write_atomic_writes_pieces_of_bytes(tmp_path):
    path = tmp_path / "r.json"
    files.write_atomic(path, (p for p in [b"{", b'"a": 1', b"}\n"]))
    assert path.read_bytes() == b'{"a": 1}\n'


def test_pieces_that_fail_midway_leave_the_old_file_untouched(tmp_path):
    path = tmp_path / "r.json"
    path.write_bytes(b"old\n")

    def pieces():
        yield b"new, half"
        raise RuntimeError("the report failed while it was written")

    with pytest.raises(RuntimeError):
        files.write_atomic(path, pieces())
    assert path.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]  # no temporary left
