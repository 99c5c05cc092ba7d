"""The command line: mappings, targets, schema; JSON shapes of SPEC §5; --help everywhere;
exit status 2 with `error:` and no traceback."""

from __future__ import annotations

import json
import os

import pytest

from netmap.cli import cli
from netmap.io.schema import json_schema


@pytest.fixture
def topo(fixtures_dir):
    return fixtures_dir / "beijing-shanghai.yaml"


def test_mappings_json_shape(run, topo):
    code, out, err = run("mappings", topo, "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["mappings"]
    for row in data["mappings"]:
        assert {"source", "source_site", "target", "target_site"} <= set(row)
    got = [(r["source_site"], r["source"], r["target"], r["target_site"])
           for r in data["mappings"]]
    assert got == [
        ("Beijing", "VMNetwork1-Beijing", "VMNetwork1-Shanghai", "Shanghai"),
        ("Shanghai", "VMNetwork1-Shanghai", "VMNetwork1-Beijing", "Beijing"),
        ("Beijing", "VMNetwork2-Beijing", None, None),
        ("Shanghai", "VMNetwork2-Shanghai", None, None),
    ]


def test_mappings_text_table(run, topo):
    code, out, _ = run("mappings", topo)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["source", "source_site", "target", "target_site", "reason"]
    rows = [line.split()[:3] for line in lines[2:]]
    assert rows == [
        ["VMNetwork1-Beijing", "Beijing", "VMNetwork1-Shanghai"],
        ["VMNetwork1-Shanghai", "Shanghai", "VMNetwork1-Beijing"],
        ["VMNetwork2-Beijing", "Beijing", "-"],
        ["VMNetwork2-Shanghai", "Shanghai", "-"],
    ]


def test_mappings_what_if(run, topo):
    code, out, _ = run("mappings", topo, "--format", "json",
                       "--remap", "VMNetwork2-Beijing=VMNetwork2-Shanghai",
                       "--unmap", "VMNetwork1-Shanghai")
    assert code == 0
    rows = {r["source"]: r["target"] for r in json.loads(out)["mappings"]}
    assert rows["VMNetwork2-Beijing"] == "VMNetwork2-Shanghai"
    assert rows["VMNetwork1-Shanghai"] is None


@pytest.mark.parametrize("args, message", [
    (["--remap", "VMNetwork2-Beijing"], "is not SOURCE=TARGET"),
    (["--unmap", "VMNet9"], "unknown network to unmap 'VMNet9'"),
])
def test_mappings_what_if_errors(run, topo, args, message):
    code, out, err = run("mappings", topo, *args)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err


def test_targets_json_shape(run, topo):
    code, out, err = run("targets", topo, "VMNetwork1-Beijing", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["source"] == "VMNetwork1-Beijing"
    for c in data["choices"]:
        assert {"target", "protected_cloud", "protecting_cloud", "available"} <= set(c)
    got = [(c["target"], c["protected_cloud"], c["protecting_cloud"], c["available"])
           for c in data["choices"]]
    assert got == [
        ("VMNetwork1-Shanghai", "GoldCloud1", "GoldCloud2", True),
        ("VMNetwork1-Shanghai", "SilverCloud1", "SilverCloud2", True),
        ("VMNetwork2-Shanghai", "GoldCloud1", "GoldCloud2", True),
        ("VMNetwork2-Shanghai", "SilverCloud1", "SilverCloud2", False),
    ]


def test_targets_text_table(run, topo):
    code, out, _ = run("targets", topo, "VMNetwork1-Beijing")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Target choices for VMNetwork1-Beijing"
    rows = [line.split()[:4] for line in lines[3:]]
    assert rows == [
        ["VMNetwork1-Shanghai", "GoldCloud1", "GoldCloud2", "yes"],
        ["VMNetwork1-Shanghai", "SilverCloud1", "SilverCloud2", "yes"],
        ["VMNetwork2-Shanghai", "GoldCloud1", "GoldCloud2", "yes"],
        ["VMNetwork2-Shanghai", "SilverCloud1", "SilverCloud2", "no"],
    ]
    assert "not associated with protecting cloud SilverCloud2" in lines[-1]


def test_targets_unknown_source(run, topo):
    code, out, err = run("targets", topo, "VMNet1")
    assert code == 2 and out == ""
    assert err == ("error: unknown source network 'VMNet1' "
                   "(did you mean 'VMNetwork1-Beijing'?)\n")


def test_json_output_is_byte_identical(run, topo):
    first = run("mappings", topo, "--format", "json")
    assert run("mappings", topo, "--format", "json") == first


def test_schema_command(run, tmp_path):
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out) == json_schema()
    p = tmp_path / "schema.json"
    code, out, _ = run("schema", "-o", p)
    assert (code, out) == (0, "")
    assert json.loads(p.read_text())["$schema"].startswith("https://json-schema.org/")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(run, name):
    code, out, err = run(name, "--help")
    assert code == 0, err
    assert out.startswith(f"Usage: netmap {name}")
    assert cli.commands[name].help, f"netmap {name} has no help text"


def test_basic_commands_are_registered():
    assert {"mappings", "targets", "schema", "export"} <= set(cli.commands)


@pytest.mark.parametrize("args", [
    ["targets", "x.yaml"],              # missing argument
    ["mappings", "x.yaml", "--format", "xml"],
    ["no-such-command"],
])
def test_usage_errors_exit_2(run, args):
    code, _, err = run(*args)
    assert code == 2
    assert err.startswith("error: ")
    assert "Traceback" not in err


def test_mappings_needs_a_topology(run):
    # SPEC §5: only report, check and draw fall back to the bundled example
    code, _, err = run("mappings")
    assert code == 2
    assert "Missing argument 'TOPOLOGY'" in err


def test_bad_topology_exits_2(run, fixtures_dir):
    code, out, err = run("targets", fixtures_dir / "invalid" / "several-problems.yaml",
                         "VMNetwork1-Beijing")
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 7
    assert all(line.startswith("error: ") for line in lines)


def test_output_dash_is_standard_output(run, example_file, tmp_path, monkeypatch):
    """``-o -`` prints: it never writes a file named '-'."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", example_file, "--format", "json", "-o", "-")
    assert '"findings"' in out
    assert os.listdir(tmp_path) == []
    code2, out2, _ = run("check", example_file, "--format", "json")
    assert (code, out) == (code2, out2)


@pytest.mark.parametrize("command", [
    ["report", "-q"], ["check"], ["export", "--to", "json"],
], ids=lambda c: c[0])
def test_output_over_the_input_is_refused_before_any_work(run, example_file, tmp_path,
                                                          command):
    """``-o`` naming the topology file itself: exit 2, the input untouched."""
    topo = tmp_path / "topo.yaml"
    original = example_file.read_bytes()
    topo.write_bytes(original)
    code, out, err = run(command[0], topo, *command[1:], "-o", topo)
    assert code == 2
    assert err.startswith("error:") and "input" in err and str(topo) in err
    assert topo.read_bytes() == original


def test_import_asr_output_over_one_of_its_files_is_refused(run, fixtures_dir, tmp_path):
    import shutil
    folder = tmp_path / "asr"
    shutil.copytree(fixtures_dir / "asr", folder)
    victim = folder / "replicationFabrics.json"
    original = victim.read_bytes()
    code, out, err = run("import", "asr", folder, "-o", victim)
    assert code == 2 and err.startswith("error:")
    assert victim.read_bytes() == original


@pytest.mark.parametrize("args", [["draw", "{example}"], ["generate", "--vms", "10"]],
                         ids=["draw", "generate"])
def test_a_missing_required_output_is_a_usage_error(run, example_file, args):
    """``-o`` is required: its absence is an ``error:`` and exit 2, never a traceback."""
    code, out, err = run(*[str(example_file) if a == "{example}" else a for a in args])
    assert code == 2
    assert err.startswith("error: Missing option '-o'")
    assert "Traceback" not in err


def test_no_subcommand_prints_help_and_says_why(run):
    code, out, err = run()
    assert code == 2
    assert "Usage:" in out
    assert err.startswith("error: missing command")


def test_import_without_sources_prints_help_and_says_why(run):
    # SPEC §5 (revision 2): `netmap import [--asr DIR]... [--vmm FILE]... [--arm DIR]...
    # [--overrides FILE] -o T.yaml`: import is a command of its own, `import asr` a shorthand
    code, out, err = run("import")
    assert code == 2
    assert "Usage:" in out and "--vmm FILE" in out
    assert err.startswith("error: nothing to import: give --asr DIR, --vmm FILE, --arm DIR "
                          "or --overrides FILE")
