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

import os
import tempfile

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write ``data`` (str or bytes) to ``path`` whole or not at all.

    Parameters
    ----------
    path : str or path-like
        The file to write; its folder must exist.
    data : str or bytes
        Text (written as UTF-8) or bytes.

    Raises
    ------
    OSError
        When the file cannot be written; the old file, if any, is left untouched.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".netmap-", dir=folder)
    try:
        with os.fdopen(fd, "wb" if isinstance(data, bytes) else "w",
                       **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as f:
            f.write(data)
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
