"""Reading topology files.

``load_graph(path)`` reads a ``netmap: 1`` file (YAML, or JSON for ``.json``), checks it
completely and returns the graph of :mod:`netmap.model.contract`. A file with problems raises
:class:`~netmap.errors.TopologyError` holding *every* problem found, each with the file,
the line and the object path. Lines are found in a second pass that runs only when
there is something to report, so a good file costs one parse.

The work is shared out: :mod:`netmap.io.yaml_safety` parses (safely),
:mod:`netmap.io.schema` checks the shape, :mod:`netmap.io.references` the names and
references, :mod:`netmap.io.locate` finds lines, and :mod:`netmap.model.graph` builds
the graph.

Examples
--------
>>> from netmap.io.load import load_graph, example_path
>>> G = load_graph(example_path())
>>> G.nodes[("vm", "VM1")]["kind"]
'vm'
"""

from __future__ import annotations

import os
import stat
from importlib import resources

import networkx as nx

from netmap.errors import Problem, TopologyError
from netmap._runtime.fork import can_fork, fork_call
from netmap._runtime.gc import paused
from netmap.model.graph import build_frozen
from netmap.model.names import suggestion_budget
from netmap.io.schema import check_shape
from netmap.io.yaml_safety import is_json, parse
from netmap.io.locate import line_of, locate_tree, show_path
from netmap.io.references import check_references

__all__ = [
    "DEFAULT_MAX_INPUT_MB",
    "check_references",
    "check_topology",
    "example_path",
    "load_graph",
    "load_graph_bytes",
    "loads_graph",
    "max_input_bytes",
    "parse_text",
    "read_topology",
]


def example_path() -> str:
    """Path of the bundled Beijing/Shanghai example (also fixtures/beijing-shanghai.yaml)."""
    return str(resources.files("netmap") / "data" / "beijing-shanghai.yaml")


def parse_text(text: str, path: str = "<string>") -> object:
    """Parse topology text (JSON when ``path`` ends in .json, else YAML) to plain data.

    Raises :class:`TopologyError` for a syntax error, a YAML file nested too deeply or
    one whose aliases expand too far (an "alias bomb"), and duplicate keys in YAML.

    >>> parse_text('{"netmap": 1}', "t.json")
    {'netmap': 1}
    >>> parse_text("netmap: 1\\nnetmap: 1\\n", "t.yaml")
    Traceback (most recent call last):
    ...
    netmap.errors.TopologyError: t.yaml:2: duplicate key 'netmap' (first on line 1)
    """
    data, problems = parse(text, path)
    if problems:
        raise TopologyError(problems)
    return data


def check_topology(data: object, path: str = "<string>", text: str | None = None,
                   problems=()) -> None:
    """Check parsed data completely; raise :class:`TopologyError` listing every problem.

    ``text`` (the file's text) lets the error name lines; ``problems`` are
    :class:`~netmap.errors.Problem` s found while parsing, reported with the others.
    Problems are sorted by line.

    >>> check_topology({"netmap": 1, "sites": [{"name": "A"}, {"name": "A"}]}, "t.yaml")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    netmap.errors.TopologyError: t.yaml: sites[1] (A).name: duplicate site name 'A' ...
    """
    with suggestion_budget():  # "did you mean" costs in proportion to the file
        found = check_shape(data)
        if type(data) is dict:
            found += check_references(data)
    if not found:
        if problems:
            raise TopologyError(sorted(problems, key=lambda pr: pr.line or 0))
        return
    tree = None
    if text is not None:
        tree = locate_tree(text, json=is_json(path))
    out = list(problems)
    for p, msg in found:
        out.append(Problem(path, line_of(tree, p), show_path(data, p), msg))
    out = sorted(set(out), key=lambda pr: (pr.line or 0, pr.path, pr.message))
    raise TopologyError(out)


#: the largest topology file read, in MB (a 1,000,000-VM file is about 220 MB of JSON)
DEFAULT_MAX_INPUT_MB = 512

_CHUNK = 1 << 20


def max_input_bytes() -> int:
    """The largest input read, in bytes: ``NETMAP_MAX_INPUT`` (in MB) or 512 MB.

    Raises :class:`~netmap.errors.TopologyError` for a value that is not a positive whole
    number.
    """
    given = os.environ.get("NETMAP_MAX_INPUT", "").strip()
    if not given:
        return DEFAULT_MAX_INPUT_MB << 20
    if not given.isdigit() or int(given) == 0 or len(given) > 9:
        raise TopologyError([Problem("NETMAP_MAX_INPUT", None, "", f"'{given[:40]}' is not a "
                                     "size in MB (a whole number from 1 to 999999999)")])
    return int(given) << 20


def read_bytes(path: str) -> bytes:
    """The bytes of an input file, bounded: a file over :func:`max_input_bytes` is refused
    before it is read (a device or a pipe when it gets there), and so is text holding a
    NUL byte (``/dev/zero`` ends at once, not when memory runs out)."""
    limit = max_input_bytes()

    def too_big(size):
        mb = "more than " + f"{limit >> 20:,} MB" if size is None else f"{size / 2**20:,.0f} MB"
        return TopologyError([Problem(path, None, "", (
            f"refused: the file is {mb}, over the input limit of {limit >> 20:,} MB (set "
            "NETMAP_MAX_INPUT to a size in MB to raise it)"))])

    def nul(raw, at):
        line = raw.count(b"\n", 0, at) + 1
        return TopologyError([Problem(path, line, "", "not a text file: it holds a NUL byte")])

    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if stat.S_ISREG(st.st_mode):
                if st.st_size > limit:
                    raise too_big(st.st_size)
                raw = f.read(limit + 1)
                if len(raw) > limit:  # it grew while we read it
                    raise too_big(None)
                at = raw.find(b"\0")
                if at >= 0:
                    raise nul(raw, at)
                return raw
            chunks, size = [], 0  # a device, a FIFO, a terminal: read up to the limit
            while True:
                chunk = f.read(_CHUNK)
                if not chunk:
                    break
                at = chunk.find(b"\0")
                if at >= 0:
                    raise nul(b"".join(chunks) + chunk, size + at)
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise too_big(None)
            return b"".join(chunks)
    except OSError as e:
        raise TopologyError([Problem(path, None, "", f"cannot read file: {e.strerror}")]) \
            from None


def read_topology(path: str | os.PathLike, raw: bytes | None = None) -> dict:
    """Read and check a topology file (or its bytes ``raw``, read already); return its
    plain data."""
    data, text, problems = _read(path, raw)
    check_topology(data, os.fspath(path), text, problems)
    return data


def _read(path, raw=None):
    """``(data, text, problems)`` of a topology file parsed, not yet checked."""
    path = os.fspath(path)
    if raw is None:
        raw = read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise TopologyError([Problem(path, line, "", "file is not UTF-8 text")])
    data, problems = parse(text, path)
    return data, text, problems


#: from this many VMs on, a topology is checked in a forked process while the graph is
#: built (see :func:`checked_graph`)
CHECK_ASIDE_MIN_VMS = 20_000


def checked_graph(data, path: str, text: str | None = None, problems=()) -> nx.MultiDiGraph:
    """The frozen graph of parsed ``data``, checked completely first
    (:func:`check_topology`: :class:`TopologyError` with every problem).

    For a large topology on a machine with two cores the checks run in a forked process
    (:mod:`netmap._runtime.fork`) while this one builds the graph: the graph is returned
    only once the checks found nothing, so the answer is the same as checking first
    (a build that fails on data the checks refuse is thrown away; the checks' problems are
    raised). About 0.4 s of 2 s at 100,000 VMs.
    """
    vms = data.get("vms") if type(data) is dict else None
    if type(vms) is not list or len(vms) < CHECK_ASIDE_MIN_VMS or not can_fork():
        check_topology(data, path, text, problems)
        return build_frozen(data, source=path)
    verdict = fork_call(lambda: _problems(data, path, text, problems))
    try:
        G = build_frozen(data, source=path)
    except Exception:  # the data is not valid: the checks say why
        G = None
    found = verdict()
    if found:
        raise TopologyError(found)
    if G is None:  # checked, yet the build failed: a bug, raised as it is
        G = build_frozen(data, source=path)
    return G


def _problems(data, path, text, problems):
    """:func:`check_topology`'s problems (a picklable list), or None."""
    try:
        check_topology(data, path, text, problems)
    except TopologyError as e:
        return list(e.problems)
    return None


def load_graph(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Load a topology file into the netmap graph (see :mod:`netmap.model.contract`).

    :func:`netmap.load` returns the :class:`netmap.Topology` on top of it. Raises
    :class:`~netmap.errors.TopologyError` with every problem found.
    """
    with paused():
        data, text, problems = _read(path)
        return checked_graph(data, os.fspath(path), text, problems)


def load_graph_bytes(raw: bytes, path: str | os.PathLike) -> nx.MultiDiGraph:
    """:func:`load_graph` for the bytes ``raw`` read from ``path`` already (the command
    line's cache, :mod:`netmap.io.cache`, hashes them first)."""
    with paused():
        data, text, problems = _read(path, raw)
        return checked_graph(data, os.fspath(path), text, problems)


def loads_graph(text: str, path: str = "<string>.yaml") -> nx.MultiDiGraph:
    """Load topology text; ``path`` (its name) picks JSON or YAML and names errors.

    >>> G = loads_graph("netmap: 1\\nsites: [{name: A}]\\n")
    >>> list(G.nodes)
    [('site', 'A')]
    """
    data, problems = parse(text, path)
    check_topology(data, path, text, problems)
    return build_frozen(data, source=path)
