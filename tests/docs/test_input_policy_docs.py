"""docs/format.md's "Input policy" states the bounds the code enforces: each number in
the section is read from the constant that enforces it, so the two cannot drift."""

from __future__ import annotations

import re

import pytest

from netmap.cli.app import EXIT_INTERNAL, MAX_ERROR_LINES
from netmap.io.load import DEFAULT_MAX_INPUT_MB
from netmap.io.schema import MAX_NAME_LENGTH
from netmap.io.yaml_safety import EXPANSION_FACTOR, MAX_DEPTH, MAX_EXPANDED
from netmap.plot._layout import NAME_CAP


@pytest.fixture(scope="module")
def policy(repo_root):
    text = (repo_root / "docs" / "format.md").read_text()
    start = text.index("## Input policy")
    return text[start:text.index("\n## ", start + 1)]


@pytest.mark.parametrize("phrase", [
    f"larger than {DEFAULT_MAX_INPUT_MB} MB",
    f"at most **{MAX_NAME_LENGTH} characters**",
    f"at most {MAX_ERROR_LINES} are printed",
    f"more than {MAX_DEPTH} levels deep",
    f"or {MAX_EXPANDED:,} values, when that is more",
    f"{EXIT_INTERNAL} an internal error (a bug",
    f"label to\n{NAME_CAP} characters",
    "NETMAP_MAX_INPUT",
])
def test_the_policy_states_the_enforced_bounds(policy, phrase):
    assert phrase in policy


def test_the_expansion_factor_is_ten():
    # "YAML aliases may add up to ten times the values a file holds"
    assert EXPANSION_FACTOR == 10


def test_the_policy_names_no_file_outside_the_repository(policy):
    assert not re.search(r"\.\./|SPEC\.md|shared/", policy)
