"""docs/rules.md's glossary names every finding code and every rule netmap answers by, and
nothing else: a code added to the check registry without its glossary row fails here."""

from __future__ import annotations

import re

from netmap.analysis.checks import CODES


def glossary(repo_root) -> list[str]:
    text = (repo_root / "docs" / "rules.md").read_text()
    part = text.split("## Glossary", 1)[1]
    return re.findall(r"^\| (R\d+|NM\d{3}) \|", part, re.M)


def test_glossary_lists_every_check_code_once(repo_root):
    codes = [c for c in glossary(repo_root) if c.startswith("NM")]
    assert codes == sorted(CODES)


def test_glossary_lists_the_rules_in_order_without_a_gap(repo_root):
    rules = [c for c in glossary(repo_root) if c.startswith("R")]
    assert len(rules) >= 11  # R1-R11 of revision 2 (R11: Azure to Azure)
    assert rules == [f"R{i}" for i in range(1, len(rules) + 1)]
