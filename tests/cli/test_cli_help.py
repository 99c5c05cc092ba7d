"""Every command and subcommand of ``netmap`` has ``--help`` text (click's CliRunner)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from netmap.cli import cli


def _commands(group, path=()):
    """``(path, command)`` for every command below ``group``, groups included."""
    for name in sorted(group.commands):
        cmd = group.commands[name]
        yield path + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, path + (name,))


COMMANDS = list(_commands(cli))


def test_the_walk_finds_subcommands():
    paths = {p for p, _ in COMMANDS}
    assert ("import", "asr") in paths
    assert {("mappings",), ("failback",), ("diff",), ("draw",), ("schema",)} <= paths


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_has_help_text(path):
    cmd = dict(COMMANDS)[path]
    assert cmd.help and cmd.help.strip(), f"netmap {' '.join(path)} has no help text"
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="netmap")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: netmap {' '.join(path)} ")
    first = cmd.help.strip().splitlines()[0]
    assert first.split(":")[0] in result.output
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert param.help, f"netmap {' '.join(path)} {param.opts[0]} has no help text"


def test_the_group_has_help_text():
    result = CliRunner().invoke(cli, ["--help"], prog_name="netmap")
    assert result.exit_code == 0
    assert "where every protected VM lands" in result.output
    for path, _ in COMMANDS:
        if len(path) == 1:
            assert f"  {path[0]} " in result.output
