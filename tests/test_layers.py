"""The package's layers import only downward (ARCHITECTURE.md, "Layers").

Every ``import`` under ``netmap/`` is read from the source (imports inside functions
count too) and ranked by the layer of the module it names::

    errors, _runtime  <  model  <  io  <  analysis  <  plot  <  answers
                      <  topology (the Topology facade), netmap/__init__  <  cli
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import netmap

PKG = Path(netmap.__file__).resolve().parent

RANKS = {
    "errors": 0, "_runtime": 0, "model": 1, "io": 2, "analysis": 3, "plot": 4,
    "answers": 5, "topology": 6, "__init__": 6, "cli": 7, "__main__": 7,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _rank(module: str) -> int:
    parts = module.split(".")
    assert parts[0] == "netmap", module
    if len(parts) == 1:
        return RANKS["__init__"]
    return RANKS[parts[1]]


def _imports(path: Path, source: str | None = None):
    """(line, absolute module name) of every netmap import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "netmap":
                    yield node.lineno, a.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "netmap":
                continue
            if mod == "netmap" or not node.module and node.level:
                # ``from netmap import x`` / ``from . import x``: x is a submodule or a name
                for a in node.names:
                    sub = f"{mod}.{a.name}"
                    yield node.lineno, sub if _is_module(sub) else mod
            else:
                yield node.lineno, mod


def _is_module(name: str) -> bool:
    p = PKG.parent.joinpath(*name.split("."))
    return p.with_suffix(".py").exists() or (p / "__init__.py").exists()


SOURCES = sorted(p for p in PKG.rglob("*.py"))


def test_every_module_has_a_layer():
    for p in SOURCES:
        _rank(_module_name(p))  # raises KeyError for a module outside the layers


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PKG)))
def test_imports_go_only_downward(path):
    own = _rank(_module_name(path))
    upward = [f"{path.relative_to(PKG.parent)}:{line} imports {mod}"
              for line, mod in _imports(path) if _rank(mod) > own]
    assert not upward, "\n".join(upward)


def test_the_checker_sees_upward_imports():
    """The scan itself can fail: lazy and relative upward imports are caught."""
    src = ("import netmap.io.load\n"
           "def f():\n    from netmap.cli import main\n    return main\n"
           "def g():\n    from ..analysis import failover\n    return failover\n")
    fake = PKG / "model" / "probe.py"  # never written: the source is passed in
    found = sorted(m for _, m in _imports(fake, src))
    assert found == ["netmap.analysis", "netmap.cli", "netmap.io.load"]
    own = _rank(_module_name(fake))
    assert [m for m in found if _rank(m) > own] == found
