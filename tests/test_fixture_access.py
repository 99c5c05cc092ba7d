"""Tests reach the repository's ``fixtures/`` only through ``tests/conftest.py``
(``fixture_path``, ``fixtures_dir``, ``example_file``, ``fixture_args``, ``topology_file``,
``repo_root``...): no test file builds its own path to the fixtures, climbs from its own
location, or imports from conftest."""

from __future__ import annotations

import io
import re
import tokenize

import pytest

#: what a test file must not do -> the pattern that finds it (comments are not searched)
IDIOMS = {
    "imports from conftest (take its fixtures instead)":
        re.compile(r"^[ \t]*(?:from[ \t]+conftest[ \t]+import|import[ \t]+conftest\b)", re.M),
    "builds a path from its own location (__file__)": re.compile(r"(?<![\w.])__file__\b"),
    "climbs folders with .parents[...]": re.compile(r"\.parents\["),
    "joins 'fixtures' to a path": re.compile(
        r"""/\s*[rRuU]?["'](?:\.\./)*fixtures\b"""  # ... / "fixtures"
        r"""|[rRuU]?["'](?:\.\./)*fixtures(?:/[^"'\n]*)?["']\s*/(?!/)"""  # "fixtures/x" / ...
        r"""|\b(?:join|joinpath|Path|PurePath)\([^)\n]*["'](?:\.\./)*fixtures(?:/[^"'\n]*)?["']"""),
}
#: files allowed to know where the fixtures are: conftest.py, and this file (it spells the
#: idioms out, in its samples)
ALLOWED = {"conftest.py", "test_fixture_access.py"}


def _without_comments(source: str) -> str:
    lines = source.splitlines(keepends=True)
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            (row, col), (_, end) = tok.start, tok.end
            lines[row - 1] = lines[row - 1][:col] + " " * (end - col) + lines[row - 1][end:]
    return "".join(lines)


def scan(source: str) -> list[tuple[int, str]]:
    """``(line, what)`` for each place ``source`` reaches the fixtures by itself."""
    code = _without_comments(source)
    return sorted((code.count("\n", 0, m.start()) + 1, what)
                  for what, pattern in IDIOMS.items() for m in pattern.finditer(code))


def scan_tree(folder) -> list[str]:
    """``"path:line: what"`` for every test file under ``folder`` (but ``ALLOWED``)."""
    return [f"{p.relative_to(folder)}:{line}: {what}"
            for p in sorted(folder.rglob("*.py")) if p.name not in ALLOWED
            for line, what in scan(p.read_text(encoding="utf-8"))]


def test_tests_reach_fixtures_only_through_conftest(repo_root):
    tests = repo_root / "tests"
    assert len(list(tests.rglob("test_*.py"))) > 40  # the scan sees the test files
    assert scan_tree(tests) == []


# -- the scan can fail -------------------------------------------------------------------

#: the idioms the tests used before they took conftest's fixtures, one per line
CAUGHT = [
    'FIX = Path(__file__).resolve().parents[2] / "fixtures"',
    'FB = Path(__file__).resolve().parents[2] / "fixtures" / "beijing-shanghai.yaml"',
    'HERE = os.path.dirname(os.path.abspath(__file__))',
    'FIX = os.path.join(HERE, "..", "..", "fixtures")',
    "from conftest import FIXTURES",
    "import conftest",
    'ROOT = Path(__file__).resolve().parents[1]',
    'INVALID = ROOT / "fixtures" / "invalid"',
    'NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"',
    "doc = ROOT.parents[0] / 'fixtures'",
    'path = repo_root / "fixtures/checks/nm003.yaml"',
    'path = "fixtures/checks" / name',
    "path = Path('../fixtures/clean.yaml')",
    'path = repo_root.joinpath("fixtures", "clean.yaml")',
]

#: the conftest ways, and strings that only mention the folder
PASSED = [
    'G = load(fixture_path("checks/nm003.yaml"))',
    'files = sorted((fixtures_dir / "checks").glob("*.yaml"))',
    'asr = fixtures_dir / "asr"',
    "PACKAGE = Path(netmap.__file__).resolve().parent",
    'notebooks = repo_root / "notebooks"',
    'assert args[0] == f"fixtures/checks/{code.lower()}.yaml"',
    'path = fixtures_dir / args[0].removeprefix("fixtures/")',
    'm = re.search(r"`netmap check (fixtures/checks/[^`]+)`", text)',
    'x = 1  # was: Path(__file__).resolve().parents[2] / "fixtures"',
    "import conftest_helpers",
]


@pytest.mark.parametrize("line", CAUGHT)
def test_the_scan_catches_each_idiom(line):
    assert scan(line + "\n"), line


@pytest.mark.parametrize("line", PASSED)
def test_the_scan_lets_the_conftest_way_pass(line):
    assert scan(line + "\n") == []


def test_the_scan_names_file_line_and_idiom(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "test_x.py").write_text(
        'import json\n\nFIX = Path(__file__).resolve().parents[2] / "fixtures"\n')
    (tmp_path / "conftest.py").write_text('FIXTURES = Path(__file__).parent / "fixtures"\n')
    assert scan_tree(tmp_path) == [
        "sub/test_x.py:3: builds a path from its own location (__file__)",
        "sub/test_x.py:3: climbs folders with .parents[...]",
        "sub/test_x.py:3: joins 'fixtures' to a path",
    ]
