"""The README and the pages it links: two commands first, an index of docs/, links that
resolve inside the repository, nothing outside it, and figures that agree everywhere."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest

import netmap

# the repository, found from the package: PAGES is needed at collection time
REPO = Path(netmap.__file__).resolve().parent.parent
README = REPO / "README.md"
PAGES = [README, REPO / "bench" / "README.md", REPO / "ARCHITECTURE.md"] + sorted(
    (REPO / "docs").glob("*.md"))
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _slug(heading):
    """GitHub's anchor for a heading."""
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def _anchors(path):
    return {_slug(h) for h in re.findall(r"^#+ (.+)$", path.read_text(), re.M)}


def test_readme_opens_with_the_two_commands():
    text = README.read_text()
    first = re.search(r"```sh\n(.*?)```", text, re.S)
    assert text.startswith("# netmap\n\n```sh\n") and first
    assert first[1].splitlines() == [
        "python3 -m pip install . && python3 -m netmap report",
        "python3 -m pip install -e '.[test]' && python3 -m pytest",
    ]
    ci = (REPO / ".ci" / "run").read_text()
    assert first[1].splitlines()[1] in ci.splitlines()


def test_readme_indexes_every_file_in_docs():
    linked = {m for m in LINK.findall(README.read_text())}
    for path in sorted((REPO / "docs").iterdir()):
        rel = f"docs/{path.name}" + ("/" if path.is_dir() else "")
        assert rel in linked, f"README.md does not link {rel}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_links_resolve_inside_the_repository(page):
    for target in LINK.findall(page.read_text()):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        file, _, anchor = target.partition("#")
        dest = (page.parent / file).resolve() if file else page
        assert dest.is_relative_to(REPO), f"{page.name}: {target} leaves the repository"
        assert dest.exists(), f"{page.name}: {target} does not exist"
        if anchor and dest.suffix == ".md":
            assert anchor in _anchors(dest), f"{page.name}: no heading for {target}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_reference_to_files_outside_the_repository(page):
    text = page.read_text()
    for word in ("../shared", "SPEC", "§", "seeds/"):
        assert word not in text, f"{page.relative_to(REPO)} mentions {word!r}"


def test_the_report_excerpt_is_the_report():
    readme = README.read_text()
    report = (REPO / "docs" / "report-example.txt").read_text()
    blocks = re.findall(r"```text\n(.*?)```", readme, re.S)
    assert blocks, "README.md shows no part of the report"
    for block in blocks:
        assert block in report, "README.md's report excerpt differs from docs/report-example.txt"


def test_benchmark_figures_agree_everywhere():
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    results = json.loads((REPO / "bench" / "results.json").read_text())
    block = f"{run.BEGIN}\n{run.results_block(results)}\n{run.END}"
    for path in run.DOCS:
        assert block in path.read_text(), \
            f"{path.relative_to(REPO)}: run `python bench/run.py --from-results`"
    assert "| 100,000 |" in block
    if any("phases" in r for r in results["rows"]):  # the per-phase table: the same run
        phases = f"{run.PBEGIN}\n{run.phases_block(results)}\n{run.PEND}"
        assert phases in run.PHASES_DOC.read_text(), \
            "bench/README.md: run `python bench/run.py --from-results`"


def test_no_stray_generated_files_in_git():
    try:
        files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                               check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    stray = [f for f in files if Path(f).name.startswith("-") or f.startswith("bench/out/")
             or (("/" not in f) and f.endswith((".png", ".svg", ".html", ".json", ".graphml")))]
    assert not stray, stray
