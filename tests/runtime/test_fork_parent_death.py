"""Issue 14, item 12: the report's forked child (netmap._runtime.fork) outlived its
parent by seconds when the parent was killed; it now dies with it (Linux:
prctl(PR_SET_PDEATHSIG))."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

_PARENT = """
import time
from netmap._runtime.fork import fork_call
result = fork_call(lambda: time.sleep(60), force=True)
print("ready", flush=True)
time.sleep(60)
"""


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_the_forked_child_dies_with_its_parent(repo_root):
    proc = subprocess.Popen([sys.executable, "-c", _PARENT], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(repo_root)})
    child = None
    try:
        assert proc.stdout.readline() == "ready\n"
        with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:
            children = [int(x) for x in f.read().split()]
        assert len(children) == 1
        child = children[0]
        assert _alive(child)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        proc.kill()
        proc.wait()
        if child is not None and _alive(child):
            os.kill(child, signal.SIGKILL)
