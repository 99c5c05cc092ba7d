"""netmap's exception hierarchy.

Every error that netmap raises on purpose derives from :class:`NetmapError`, so callers
can catch one class. Messages speak of the topology and the question, never of
command-line flags, and carry no ``error:`` prefix: the command line adds it (to every
line of a :class:`TopologyError`) and exits with status 2.

Examples
--------
>>> from netmap.errors import Problem, TopologyError
>>> err = TopologyError([Problem("topo.yaml", 3, "vms[0] (VM1).cloud", "unknown cloud 'X'")])
>>> print(err)
topo.yaml:3: vms[0] (VM1).cloud: unknown cloud 'X'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "NetmapError",
    "Problem",
    "TopologyError",
    "ScenarioError",
    "GraphContractError",
]


class NetmapError(Exception):
    """Base class of every error netmap raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a topology file.

    Attributes
    ----------
    file : str
        The file's path as given.
    line : int or None
        1-based line of the offending object (None when unknown).
    path : str
        Object path, e.g. ``vms[3] (VM7).nics[0].network``.
    message : str
        What is wrong, with a suggestion where one exists.
    """

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        path = f" {self.path}:" if self.path else ""
        return f"{where}:{path} {self.message}"


class TopologyError(NetmapError):
    """A topology file that cannot be loaded; holds every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ScenarioError(NetmapError, ValueError):
    """A scenario or question that names something the topology does not have, or asks
    something that cannot be.

    Parameters
    ----------
    message : str
        What is wrong, in the topology's terms (never a command-line flag).
    code : str, optional
        The kind of problem, for callers that word it their own way (the command line
        names its options from it), e.g. ``"remapped_twice"``.
    **details
        The values the problem is about (e.g. ``vm="VM1"``), kept as :attr:`details`.

    Examples
    --------
    >>> e = ScenarioError("replica NIC given twice for VM1 NIC 0", code="replica_nic_twice",
    ...                   vm="VM1", nic=0)
    >>> str(e), e.code, e.details
    ('replica NIC given twice for VM1 NIC 0', 'replica_nic_twice', {'vm': 'VM1', 'nic': 0})
    """

    def __init__(self, message: str, *, code: str | None = None, **details: object) -> None:
        super().__init__(message)
        self.code = code
        self.details = details

    def __reduce__(self):
        # kept whole through pickling (a forked helper sends errors back this way)
        return _scenario_error, (str(self), self.code, self.details)


def _scenario_error(message, code, details):
    return ScenarioError(message, code=code, **details)


class GraphContractError(NetmapError, ValueError):
    """A graph that breaks the graph contract (see :mod:`netmap.model.contract`)."""
