"""Shared test fixtures: the repository and its ``fixtures/`` folder, the bundled example
graph, a CLI runner.

Tests reach fixture files only through what this file provides (``tests/test_fixture_access.py``
checks it):

* ``fixture_path("checks/nm003.yaml")`` -- one file (or folder) under ``fixtures/``, by its
  path relative to that folder; a missing one fails the test with a clear message;
* ``fixtures_dir`` -- the ``fixtures/`` folder itself (to glob or list it);
* ``example_file`` -- ``fixtures/beijing-shanghai.yaml``, the bundled example as a file;
* ``fixture_args([...])`` -- command-line arguments with each fixture file name
  (``"capacity.yaml"``) made its path, for parameters written at collection time;
* ``repo_root`` -- the repository (docs, notebooks, bench, a subprocess's working folder);
* the arguments ``topology_file`` (every valid topology: ``fixtures/*.yaml`` and
  ``fixtures/checks/*.yaml``) and ``toplevel_topology_file`` (``fixtures/*.yaml`` only):
  a test taking one of them runs once per file, with the file name as the test id.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import netmap
from netmap.cli import main

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "fixtures"

#: parametrized argument -> the fixture files it runs over (globs under ``fixtures/``)
FIXTURE_FILE_ARGS = {
    "topology_file": ("*.yaml", "checks/*.yaml"),
    "toplevel_topology_file": ("*.yaml",),
    "invalid_file": ("invalid/*",),
}


def _fixture_path(relative) -> Path:
    path = FIXTURES / relative
    if not path.exists():
        pytest.fail(f"no fixture {relative!r}: {path} does not exist", pytrace=False)
    return path


def _fixture_files(patterns) -> list[Path]:
    files = [p for pattern in patterns for p in sorted(FIXTURES.glob(pattern))]
    assert files, f"no fixture files match {patterns} in {FIXTURES}"
    return files


def pytest_generate_tests(metafunc):
    """Run a test taking ``topology_file`` (or another of ``FIXTURE_FILE_ARGS``) once per
    fixture file; the test id is the file name (``nm003.yaml``)."""
    for arg, patterns in FIXTURE_FILE_ARGS.items():
        if arg in metafunc.fixturenames:
            metafunc.parametrize(arg, _fixture_files(patterns), ids=lambda p: p.name)


@pytest.fixture(scope="session")
def repo_root():
    """The repository's root folder (where ``docs/``, ``notebooks/`` and ``bench/`` are)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def fixtures_dir():
    """The repository's ``fixtures/`` folder."""
    return FIXTURES


@pytest.fixture(scope="session")
def fixture_path():
    """A function: ``fixture_path("checks/nm003.yaml")`` is that file under ``fixtures/``
    (a :class:`~pathlib.Path`); a name that is not there fails the test, naming it."""
    return _fixture_path


@pytest.fixture(scope="session")
def example_file():
    """``fixtures/beijing-shanghai.yaml``: the bundled example, as a file to pass around."""
    return _fixture_path("beijing-shanghai.yaml")


@pytest.fixture(scope="session")
def fixture_args():
    """A function: the list of arguments with each fixture file name (a string ending in
    ``.yaml`` or ``.json``) replaced by its path under ``fixtures/``; others unchanged.

    For argument lists given to ``pytest.mark.parametrize``, which is written before any
    fixture is available: ``["place", "capacity.yaml"]`` -> ``["place", .../capacity.yaml]``.
    """
    def resolve(args):
        return [_fixture_path(a) if isinstance(a, str) and a.endswith((".yaml", ".json"))
                else a for a in args]

    return resolve


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
