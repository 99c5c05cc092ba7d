"""netmap.io.files: files are written whole or not at all."""

from __future__ import annotations

import os

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
