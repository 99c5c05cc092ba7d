"""docs/cli.md is generated from every command's --help by tools/gen_cli_docs.py; it
must match what the code prints today."""

from __future__ import annotations

import importlib.util

import click

from netmap.cli import cli


def _gen(repo_root):
    spec = importlib.util.spec_from_file_location("gen_cli_docs",
                                                  repo_root / "tools" / "gen_cli_docs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_docs_cli_md_is_up_to_date(repo_root):
    gen = _gen(repo_root)
    current = (repo_root / "docs" / "cli.md").read_text()
    assert current == gen.render(), \
        "docs/cli.md is stale: run `python3 tools/gen_cli_docs.py` and commit the result"


def test_console_examples_show_what_netmap_prints(repo_root):
    gen = _gen(repo_root)
    pages = gen.example_files()
    assert repo_root / "docs" / "whatif.md" in pages
    blocks = 0
    for path in pages:
        text = path.read_text()
        blocks += len(gen.CONSOLE.findall(text))
        assert gen.refresh_examples(text) == text, \
            f"{path.relative_to(repo_root)}: an example's output is stale: run " \
            "`python3 tools/gen_cli_docs.py` and commit the result"
    assert blocks >= 3


def test_refresh_examples_replaces_old_output(repo_root):
    gen = _gen(repo_root)
    page = "text\n```console\n$ netmap schema --help  # a comment\nold output\n```\n"
    fresh = gen.refresh_examples(page)
    assert "old output" not in fresh
    assert fresh.startswith("text\n```console\n$ netmap schema --help  # a comment\nUsage:")
    assert fresh.endswith("\n```\n") and gen.refresh_examples(fresh) == fresh


def test_every_command_is_in_docs_cli_md(repo_root):
    names = []

    def walk(cmd, ctx, path):
        names.append(" ".join(path))
        if isinstance(cmd, click.Group):
            for n in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, n)
                walk(sub, click.Context(sub, info_name=n, parent=ctx), path + (n,))

    walk(cli, click.Context(cli, info_name="netmap"), ("netmap",))
    text = (repo_root / "docs" / "cli.md").read_text()
    assert len(names) > 10
    for name in names:
        assert f"\n## {name}\n" in text, name
    assert [n for n, _ in _gen(repo_root).command_helps()] == names
