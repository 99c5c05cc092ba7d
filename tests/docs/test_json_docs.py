"""docs/json.md documents every key of every ``--format json`` output (and of
``export --to json``): each command runs on the bundled example (and on the fixtures that
fill the lists the example leaves empty) and every key path it prints must be a row of
that command's section; every row must name a key that some run printed."""

from __future__ import annotations

import contextlib
import io
import json
import re

import pytest

E = "{fx}/beijing-shanghai.yaml"  # the bundled example (the same file is in the package)

#: command -> argument lists (``{fx}`` is the fixtures folder); ``--format json`` is added
RUNS = {
    "mappings": [["mappings", E], ["mappings", "{fx}/three-sites.yaml"]],
    "targets": [["targets", E, "VMNetwork1-Beijing"], ["targets", E, "VMNetwork1-Shanghai"]],
    "place": [["place", E], ["place", "{fx}/capacity.yaml"]],
    "failover": [
        ["failover", E, "--all", "--site-down", "Beijing"],
        ["failover", E, "--vm", "MON-SH", "--vm", "VM1", "--site-down", "Shanghai"],
        ["failover", E, "--plan", "Plan-Gold", "--test-network", "VMNetwork2-Shanghai"],
        ["failover", E, "--all", "--test-network", "auto"],
        ["failover", "{fx}/checks/nm010.yaml", "--plan", "Plan-App", "--site-down", "A"],
        ["failover", "{fx}/checks/nm011.yaml", "--plan", "Plan-App"],
        ["failover", "{fx}/capacity.yaml", "--all"],
    ],
    "reach": [["reach", E, "VM1", "MON-SH", "--plan", "Plan-Gold", "--site-down", "Beijing"]],
    "failback": [["failback", E], ["failback", "{fx}/three-sites.yaml"],
                 ["failback", E, "--vm", "VM1", "--replica-nic", "VM1=-",
                  "--remap", "VMNetwork1-Shanghai=VMNetwork2-Beijing"]],
    "check": [["check", E]],
    "report": [["report", E], ["report", "{fx}/checks/nm010.yaml"],
               ["report", "{fx}/capacity.yaml"], ["report", "{fx}/onprem-to-azure.yaml"],
               ["report", "{fx}/checks/nm018.yaml"], ["report", "{fx}/checks/nm023.yaml"],
               ["report", E, "--remap", "VMNetwork1-Beijing=VMNetwork2-Shanghai"],
               ["report", E, "--test-network", "VMNetwork2-Shanghai"],
               ["report", "{fx}/checks/nm026.yaml"]],
    "diff": [["diff", "{fx}/diff-before.yaml", "{fx}/diff-after.yaml"],
             ["diff", E, E, "--plan", "Plan-Gold", "--site-down", "Beijing",
              "--remap", "VMNetwork1-Beijing=VMNetwork2-Shanghai"]],
    "fix": [["fix", E], ["fix", E, "--choose", "VMNetwork2-Beijing=VMNetwork2-Shanghai"]],
    "export": [["export", E, "--to", "json"],
               ["export", "{fx}/onprem-to-azure.yaml", "--to", "json"],
               ["export", "{fx}/pools.yaml", "--to", "json"],
               ["export", "{fx}/checks/nm022.yaml", "--to", "json"]],
}


def key_paths(obj, prefix=""):
    """Every key path of a JSON value: ``vms``, ``vms[].nics``, ``vms[].nics[].ip``..."""
    out = set()
    if isinstance(obj, dict):
        for k, v in obj.items():
            p = f"{prefix}.{k}" if prefix else k
            out.add(p)
            out |= key_paths(v, p)
    elif isinstance(obj, list):
        for v in obj:
            out |= key_paths(v, prefix + "[]")
    return out


def documented(json_md, command):
    """The key paths in the first column of the tables of ``command``'s section."""
    text = json_md.read_text()
    sections = re.split(r"^## ", text, flags=re.M)
    mine = [s for s in sections if s.startswith(f"`netmap {command}")]
    assert mine, f"docs/json.md has no section '## `netmap {command} ...`'"
    return set(re.findall(r"^\| `([^`]+)` \|", mine[0], flags=re.M))


@pytest.fixture(scope="module")
def json_md(repo_root):
    return repo_root / "docs" / "json.md"


@pytest.fixture(scope="module")
def printed(fixtures_dir):
    """command -> every key path its runs printed."""
    from netmap.cli import main

    out = {}
    for command, runs in RUNS.items():
        paths = set()
        for args in runs:
            args = [a.replace("{fx}", str(fixtures_dir)) for a in args]
            if command != "export":
                args += ["--format", "json"]
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                try:
                    main(args)
                except SystemExit as e:
                    assert e.code in (0, 1, None), (args, e.code)
            paths |= key_paths(json.loads(buf.getvalue()))
        out[command] = paths
    return out


@pytest.mark.parametrize("command", sorted(RUNS))
def test_every_printed_key_is_documented(printed, command, json_md):
    missing = sorted(printed[command] - documented(json_md, command))
    assert not missing, f"docs/json.md, section `netmap {command}`, lacks: {missing}"


@pytest.mark.parametrize("command", sorted(RUNS))
def test_every_documented_key_is_printed(printed, command, json_md):
    stale = sorted(documented(json_md, command) - printed[command])
    assert not stale, f"docs/json.md, section `netmap {command}`, names keys no run prints:" \
        f" {stale}"


def test_key_paths():
    assert key_paths({"a": [{"b": 1}], "c": {"d": None}}) == {"a", "a[].b", "c", "c.d"}
