"""``netmap import asr DIR``, the shorthand of ``netmap import --asr DIR`` (SPEC §5,
revision 2): the file it writes, standard output, and bad input.

``fixtures/asr/`` reproduces the Beijing/Shanghai example as Site Recovery lists it (two VMM
fabrics, Gold/Silver clouds paired VMM to VMM, a Bronze cloud protected to Azure, four
protected items, three recovery plans).
"""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

import netmap
from netmap.io.importer import dump as import_dump, import_sources


@pytest.fixture(scope="module")
def asr_dir(fixtures_dir):
    return fixtures_dir / "asr"


def test_cli_writes_a_loadable_yaml_file(run, asr_dir, tmp_path):
    out = tmp_path / "topo.yaml"
    code, stdout, err = run("import", "asr", asr_dir, "-o", out)
    assert code == 0, err
    assert stdout == ""
    assert "wrote" in err and "4 VMs" in err
    # SPEC §5 (revision 2): `import asr DIR` stays as a shorthand of `import --asr DIR`
    assert out.read_text() == import_dump(import_sources(asr=[asr_dir])[0], out)
    assert ("vm", "DB1") in netmap.load(out).graph
    code, stdout, _ = run("mappings", out, "--format", "json")
    assert code == 0
    assert {"source": "VMNetwork1-Beijing", "target": "VMNetwork1-Shanghai"}.items() <= \
        json.loads(stdout)["mappings"][0].items()


def test_cli_json_output_and_stdout(run, asr_dir, tmp_path):
    out = tmp_path / "topo.json"
    code, _, err = run("import", "asr", asr_dir, "-o", out)
    assert code == 0, err
    new = import_sources(asr=[asr_dir])[0]  # the shorthand of netmap import --asr (§5)
    assert json.loads(out.read_text()) == new
    netmap.load(out)
    code, stdout, _ = run("import", "asr", asr_dir)
    assert code == 0
    assert yaml.safe_load(stdout) == new


def test_cli_bad_input_is_error_exit_2_and_writes_nothing(run, asr_dir, tmp_path):
    bad = tmp_path / "asr"
    shutil.copytree(asr_dir, bad)
    text = (bad / "replicationNetworkMappings.json").read_text()
    (bad / "replicationNetworkMappings.json").write_text(text.replace('"value": [', '"value": ', 1))
    out = tmp_path / "topo.yaml"
    code, _stdout, err = run("import", "asr", bad, "-o", out)
    assert code == 2
    assert err.startswith("error: ") and "replicationNetworkMappings.json:" in err
    assert "invalid JSON" in err and "Traceback" not in err
    assert not out.exists()
    code, _, err = run("import", "asr", tmp_path / "missing", "-o", out)
    assert code == 2 and err.startswith("error: ")


def _strip(o, keys):
    if isinstance(o, dict):
        return {k: _strip(v, keys) for k, v in o.items() if k not in keys}
    if isinstance(o, list):
        return [_strip(v, keys) for v in o]
    return o


@pytest.mark.parametrize("keys", [("name",), ("friendlyName",), ("name", "friendlyName")],
                         ids="-".join)
@pytest.mark.parametrize("bare", [False, True], ids=["list-response", "bare-list"])
def test_items_without_names_import_or_fail_with_an_error(run, asr_dir, tmp_path, keys, bare):
    # issue 14, item 10: items without names were a TypeError (a traceback, exit 1)
    folder = tmp_path / "asr"
    folder.mkdir()
    for src in sorted(asr_dir.glob("*.json")):
        data = _strip(json.loads(src.read_text()), set(keys))
        body = data["value"] if bare and isinstance(data, dict) and "value" in data else data
        (folder / src.name).write_text(json.dumps(body))
    out = tmp_path / "topo.yaml"
    code, _, err = run("import", "asr", folder, "-o", out)
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert err.startswith("error: ") and not out.exists()
    else:
        data = yaml.safe_load(out.read_text())
        assert all(isinstance(v.get("name"), str) and v["name"] for v in data.get("vms", []))
