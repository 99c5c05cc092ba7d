"""The command line's cache of compiled topologies (large files only).

A command that reads a large topology file (``MIN_BYTES`` and up, about 20,000 VMs)
keeps the checked, built graph as a pickle, so the next command on the same file skips
parsing, checking and building: at 100,000 VMs the pickle loads in about 0.4 s against
about 2 s to parse, check and build (``bench/README.md``). Only the command line uses it
(``netmap.load`` in Python never does).

Where and what
--------------
``$XDG_CACHE_HOME/netmap`` (default ``~/.cache/netmap``), one file per topology named
by the SHA-256 of the file's bytes, the path it was read from (the graph records it) and
a fingerprint of this netmap (its version and the size and time of the modules that
check and build a graph, so a changed netmap never reads an old graph). The folder is
bounded (``MAX_BYTES`` in all; the least recently used files go first). Clear it with
``rm -r ~/.cache/netmap`` (or ``$XDG_CACHE_HOME/netmap``); ``NETMAP_CACHE=0`` turns it
off.

Why reading a pickle is safe here
---------------------------------
Unpickling runs code named in the file, so a cache file must be one that only this user
could have written. The folder is created ``0700``; it is used only when it is a real
folder (not a symbolic link), owned by the current user and neither readable nor
writable by anyone else, and every folder above it is owned by the user or root and
writable by no one else (unless sticky, as ``/tmp`` is). A cache file is opened without
following links and read only when it is a regular file owned by the current user with
no permission for group or others (files are written ``0600``, through a temporary file
renamed into place). Anything else is ignored and the topology file is read as usual:
the cache can make a command faster, never different.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import pickle
import stat
import tempfile
from pathlib import Path

import networkx as nx

__all__ = ["cache_dir", "cached_load_graph", "enabled", "MAX_BYTES", "MIN_BYTES"]

#: files smaller than this are parsed every time (they parse in well under a second)
MIN_BYTES = 4 << 20
#: the cache folder's bound: the least recently used files are removed past it
MAX_BYTES = 2 << 30
_SUFFIX = ".graph.pickle"


def enabled() -> bool:
    """Is the cache on? (``NETMAP_CACHE=0``, ``off``, ``no`` or ``false`` turns it off.)"""
    return os.environ.get("NETMAP_CACHE", "").strip().lower() not in ("0", "off", "no",
                                                                      "false")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/netmap``, or ``~/.cache/netmap`` (the folder may not exist)."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "netmap"


def _fingerprint() -> str:
    """This netmap: its version and the modules that check and build a graph."""
    try:
        version = importlib.metadata.version("netmap")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - not installed
        version = "?"
    h = hashlib.sha256(version.encode())
    h.update(nx.__version__.encode())
    root = Path(__file__).resolve().parents[1]
    for folder in ("io", "model"):
        for p in sorted((root / folder).glob("*.py")):
            st = p.stat()
            h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def _key(raw: bytes, source: str) -> str:
    h = hashlib.sha256(raw)
    h.update(b"\0" + source.encode("utf-8", "surrogatepass") + b"\0")
    h.update(_fingerprint().encode())
    return h.hexdigest()


def _private_dir(create: bool) -> Path | None:
    """The cache folder when it is safe to use (see the module docstring), else None."""
    d = cache_dir()
    uid = os.getuid()
    if create:
        with contextlib.suppress(OSError):
            d.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            d.mkdir(mode=0o700, exist_ok=True)
    try:
        st = os.lstat(d)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != uid or st.st_mode & 0o077:
        return None
    # no one else may swap a folder above it: each is ours or root's, writable by no group
    # or others (a sticky folder such as /tmp is fine: no one can rename ours away)
    for up in d.resolve().parents:
        try:
            s = os.stat(up)
        except OSError:
            return None
        if s.st_uid not in (uid, 0):
            return None
        if s.st_mode & 0o022 and not s.st_mode & stat.S_ISVTX:
            return None
    return d


def _read(path: Path) -> nx.MultiDiGraph | None:
    """The graph pickled at ``path`` when the file is one only this user could write."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if (not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid()
                or st.st_mode & 0o077):
            return None
        try:
            G = pickle.load(f)
        except Exception:  # a truncated or foreign file: read the topology instead
            return None
    if type(G) is not nx.MultiDiGraph or not nx.is_frozen(G):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return G


def _write(d: Path, name: str, G: nx.MultiDiGraph) -> None:
    """Pickle ``G`` into ``d/name`` (0600, whole or not at all), then bound the folder."""
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=_SUFFIX)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(G, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, d / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _prune(d, keep=name)


def _prune(d: Path, keep: str) -> None:
    """Remove the least recently used cache files past :data:`MAX_BYTES` (never ``keep``)."""
    files = []
    for e in os.scandir(d):
        if e.name.endswith(_SUFFIX) and e.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                st = e.stat(follow_symlinks=False)
                files.append((st.st_mtime_ns, e.name, st.st_size))
    total = sum(f[2] for f in files)
    for _, name, size in sorted(files):
        if total <= MAX_BYTES:
            break
        if name == keep:
            continue
        with contextlib.suppress(OSError):
            os.unlink(d / name)
            total -= size


def cached_load_graph(path: str | os.PathLike, load) -> nx.MultiDiGraph:
    """``load(raw, path)`` for the bytes ``raw`` of ``path``, through the cache.

    ``load`` checks and builds the graph (:func:`netmap.io.load.load_graph_bytes`); a
    file with problems raises as it does, and nothing is cached for it. Without the
    cache (off, a small file, no private folder) this is ``load(raw, path)``.
    """
    from netmap._runtime.gc import paused
    from netmap.io.load import read_bytes

    source = os.fspath(path)
    raw = read_bytes(source)
    if not enabled() or len(raw) < MIN_BYTES:
        return load(raw, source)
    name = _key(raw, source) + _SUFFIX
    d = _private_dir(create=False)
    if d is not None:
        with paused():
            G = _read(d / name)
        if G is not None:
            return G
    G = load(raw, source)
    d = d or _private_dir(create=True)
    if d is not None:
        with contextlib.suppress(OSError), paused():
            _write(d, name, G)
    return G
