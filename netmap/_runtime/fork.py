"""Running an independent part of a question in a second process (fork).

A report's sections are independent views of one loaded graph. On a machine with two or
more cores, :func:`fork_call` computes one of them in a forked child (which shares the
loaded graph and index copy-on-write, so nothing is loaded twice) while the parent
computes the others; the child's result comes back pickled through a pipe. The result is
the same value a plain call returns, so output stays byte-identical.

Where ``os.fork`` is missing, with one core, or when ``NETMAP_WORKERS=1`` is set, the
function simply runs in the parent when its result is asked for.

>>> result = fork_call(lambda: sorted({"b", "a"}))
>>> result()
['a', 'b']
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from typing import Callable, TypeVar

T = TypeVar("T")

__all__ = ["fork_call", "can_fork"]


def can_fork() -> bool:
    """Is a forked helper process worth it here?"""
    if os.environ.get("NETMAP_WORKERS") == "1" or not hasattr(os, "fork"):
        return False
    return (os.cpu_count() or 1) > 1


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Make this (forked) process end when ``parent`` does, killed or not.

    On Linux the kernel sends SIGKILL to the child when its parent dies
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere the child finishes its work, finds the pipe
    closed and leaves. A parent that died before this call is noticed at once.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass
    if os.getppid() != parent:  # the parent is already gone
        os._exit(1)


def fork_call(fn: Callable[[], T], force: bool | None = None) -> Callable[[], T]:
    """Start ``fn()`` in a child process; return a function that waits for its value.

    Exceptions raised by ``fn`` in the child are raised again by the returned function
    (re-running ``fn`` in the parent if the child's exception cannot be sent back).
    ``force`` (True or False) overrides :func:`can_fork`.
    """
    if not (can_fork() if force is None else force):
        return fn
    r, w = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's exit code
        code = 0
        try:
            _die_with(parent)
            os.close(r)
            try:
                payload = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as e:  # sent back to the parent, raised there
                try:
                    payload = pickle.dumps((False, e), protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:
                    payload = pickle.dumps((False, None))
            with os.fdopen(w, "wb") as f:
                f.write(payload)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    done = []

    def result():
        if done:
            return done[0]
        # unpickled as it arrives: the pickled text (hundreds of MB for a 1,000,000-VM
        # report's site outages) is never held whole next to the value it becomes
        with os.fdopen(r, "rb") as f:
            try:
                got = pickle.load(f)
            except Exception:  # nothing sent, or cut short: the child died
                got = None
        _, status = os.waitpid(pid, 0)
        if got is None or status != 0:
            value = fn()  # the child died: compute it here
        else:
            ok, value = got
            if not ok:
                if value is None:
                    value = fn()
                else:
                    raise value
        done.append(value)
        return value

    return result
