"""Writing files whole or not at all.

Every file netmap writes (a report, an image, an export, a generated or imported
topology) goes through :func:`write_atomic`: the text is written to a temporary file in
the same folder and renamed over the target, so a reader never sees half a file and a
failed write leaves the old file as it was.

Examples
--------
>>> import os, tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     write_atomic(os.path.join(folder, "a.txt"), "hello\\n")
...     print(open(os.path.join(folder, "a.txt")).read(), end="")
hello
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike, data: str | bytes | Iterable[bytes]) -> None:
    """Write ``data`` (str or bytes) to ``path`` whole or not at all.

    What ``path`` names is respected:

    * a regular file (or a new name): the data goes to a temporary file in the same folder,
      which is renamed over it; an existing file keeps its permission bits and, where the
      system allows, its owner;
    * a symbolic link: the file it points to is replaced as above; the link stays a link;
    * anything else that exists (``/dev/null``, ``/dev/stdout``, a named pipe, a terminal):
      the data is written into it, never replaced by a regular file.

    The temporary file is removed when the write fails, on Ctrl-C (SIGINT) and on SIGTERM
    (which then ends the process as it would have).

    Parameters
    ----------
    path : str or path-like
        The file to write; its folder must exist.
    data : str, bytes or iterable of bytes
        Text (written as UTF-8), bytes, or pieces of bytes written one after another (an
        error while they are produced leaves the old file untouched, as a failed write
        does).

    Raises
    ------
    OSError
        When the file cannot be written; the old file, if any, is left untouched.
    """
    path = os.path.realpath(os.fspath(path))  # a symlink's target, not the link
    if isinstance(data, (str, bytes)):
        blob = [data if isinstance(data, bytes) else data.encode("utf-8")]
    else:  # pieces of bytes, written as they come (a large report is never held whole)
        blob = data
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        with open(path, "wb") as f:  # a device or a pipe: write into it, never replace it
            for piece in blob:
                f.write(piece)
        return
    folder = os.path.dirname(path)
    with _removed_on_termination() as on_term:
        _write_via_temporary(path, folder, blob, st, on_term)


@contextlib.contextmanager
def _removed_on_termination():
    """While the block runs, SIGTERM removes the temporary file (named through the
    ``on_term`` list the block fills), then ends the process as SIGTERM does. SIGINT
    raises KeyboardInterrupt, which the writer's own cleanup handles.

    Only the main thread can set signal handlers; elsewhere nothing changes.
    """
    on_term: list[str] = []
    if threading.current_thread() is not threading.main_thread():
        yield on_term
        return

    def terminated(signum, frame):
        for tmp in on_term:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield on_term
    finally:
        signal.signal(signal.SIGTERM, previous)


def _write_via_temporary(path, folder, blob, st, on_term):
    # SIGTERM and SIGINT wait while the temporary file is created and named
    mask = getattr(signal, "pthread_sigmask", None)  # not on Windows
    old_mask = mask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT}) if mask else None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".netmap-", dir=folder)
        on_term.append(tmp)
    finally:
        if mask:
            mask(signal.SIG_SETMASK, old_mask)
    try:
        with os.fdopen(fd, "wb") as f:
            for piece in blob:
                f.write(piece)
        if st is not None:  # keep the old file's permissions and, where allowed, owner
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except OSError:
                    pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
