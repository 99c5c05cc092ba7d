"""The analysis layer never imports the answers layer (nor anything above it): analysis
returns views and records, answers shape them. Every import counts, also one inside a
function or a relative one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import netmap

PACKAGE = Path(netmap.__file__).resolve().parent
#: the layers above analysis, as module prefixes
ABOVE = ("netmap.answers", "netmap.plot", "netmap.cli", "netmap.topology")


def _imports(source: str, module: str) -> list[tuple[int, str]]:
    """``[(line, module)]`` of every import in ``source`` (the module ``module``),
    wherever it is, relative imports resolved."""
    out = []
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            out.append((node.lineno, base))
            out.extend((node.lineno, f"{base}.{a.name}") for a in node.names)
    return out


def _upward(source: str, module: str) -> list[str]:
    return [f"{module}:{line} imports {name}" for line, name in _imports(source, module)
            if any(name == p or name.startswith(p + ".") for p in ABOVE)]


def _analysis_modules():
    for path in sorted((PACKAGE / "analysis").rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path


def test_analysis_modules_are_found():
    names = [m for m, _ in _analysis_modules()]
    assert "netmap.analysis.failover" in names and "netmap.analysis.checks" in names


@pytest.mark.parametrize("module,path", list(_analysis_modules()), ids=lambda x: str(x))
def test_analysis_never_imports_answers(module, path):
    assert _upward(path.read_text(encoding="utf-8"), module) == []


@pytest.mark.parametrize("source", [
    "import netmap.answers.answer\n",
    "from netmap.answers.answer import Answer\n",
    "from netmap import answers\n",
    "def f():\n    from netmap.answers.report import report\n",
    "class C:\n    def m(self):\n        import netmap.plot as p\n",
    "from ..answers import render\n",
    "from .. import answers\n",
])
def test_the_scan_sees_every_form_of_import(source):
    assert _upward(source, "netmap.analysis.failover")


def test_the_scan_lets_downward_imports_pass():
    source = ("from netmap.model.scenario import Scenario\nfrom . import mapping\n"
              "from .connectivity import network_label\nimport networkx as nx\n")
    assert _upward(source, "netmap.analysis.failover") == []
