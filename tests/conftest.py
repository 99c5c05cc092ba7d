"""Shared test fixtures: the bundled example graph, the fixtures folder, a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

import netmap
from netmap.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir():
    """The repository's ``fixtures/`` folder."""
    return FIXTURES


@pytest.fixture(scope="session")
def topology():
    """The loaded Beijing/Shanghai example :class:`netmap.Topology` (shared)."""
    return netmap.load(FIXTURES / "beijing-shanghai.yaml")


@pytest.fixture(scope="session")
def example(topology):
    """The Beijing/Shanghai example graph, ``topology.graph`` (frozen, shared)."""
    return topology.graph


@pytest.fixture
def run(capsys):
    """Run ``netmap ARGS...`` in-process: returns ``(exit status, stdout, stderr)``.

    Goes through ``netmap.cli.main`` so the ``error:`` / exit 2 handling is tested too.
    """
    def run_(*args):
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        out, err = capsys.readouterr()
        return code, out, err

    return run_
