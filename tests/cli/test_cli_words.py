"""The command line owns every flag name and every ``error:`` prefix.

Library errors speak of the topology ("a network is remapped twice"); the command line
adds ``error:`` and, for a value given with an option, names the option. These tests
pin both sides: the library's words (no flag, no prefix) and the CLI's (unchanged).
"""

from __future__ import annotations

import pickle
import re
import tokenize
from pathlib import Path

import pytest

import netmap
from netmap.answers.failback import failback
from netmap.analysis.failover import evaluate
from netmap.answers.mapping import mappings
from netmap.cli.app import error_text
from netmap.errors import Problem, ScenarioError, TopologyError
from netmap.model.scenario import Scenario

BS = "beijing-shanghai.yaml"  # a fixture file, by name: the test resolves it (fixture_args)
PACKAGE = Path(netmap.__file__).resolve().parent
FLAG = re.compile(r"--[a-z]")

# (library call, library message, CLI arguments, CLI message)
CASES = [
    (lambda G: mappings(G, remap=[("VMNetwork1-Beijing", "VMNetwork2-Shanghai"),
                                  ("VMNetwork1-Beijing", "VMNetwork1-Shanghai")]),
     "a network is remapped twice: give one target per source network and site",
     ["mappings", BS, "--remap", "VMNetwork1-Beijing=VMNetwork2-Shanghai",
      "--remap", "VMNetwork1-Beijing=VMNetwork1-Shanghai"],
     "error: a network is remapped twice: give one --remap per source and site"),
    (lambda G: failback(G, vms=["VM1"], replica_nics=["VM1:3=-"]),
     "replica NIC 'VM1:3=-': VM1 has no NIC 3 (it has 1 NIC)",
     ["failback", BS, "--vm", "VM1", "--replica-nic", "VM1:3=-"],
     "error: --replica-nic 'VM1:3=-': VM1 has no NIC 3 (it has 1 NIC)"),
    (lambda G: failback(G, vms=["VM1"], replica_nics=["VM1"]),
     "replica NIC 'VM1': expected VM[:INDEX]=NETWORK[/SUBNET] or VM[:INDEX]=-",
     ["failback", BS, "--vm", "VM1", "--replica-nic", "VM1"],
     "error: --replica-nic 'VM1': expected VM[:INDEX]=NETWORK[/SUBNET] or VM[:INDEX]=-"),
    (lambda G: failback(G, vms=["DB1"], replica_nics=["VM1=-"]),
     "a replica NIC is given for VM 'VM1', but it is not failing back (add it to the VMs "
     "that fail back)",
     ["failback", BS, "--vm", "DB1", "--replica-nic", "VM1=-"],
     "error: --replica-nic names VM 'VM1', but it is not failing back (add --vm VM1)"),
    (lambda G: failback(G, replica_nics=["MON-SH=-"]),
     "a replica NIC is given for VM 'MON-SH', but it is not protected",
     ["failback", BS, "--replica-nic", "MON-SH=-"],
     "error: --replica-nic names VM 'MON-SH', but it is not protected"),
    (lambda G: failback(G, vms=["VM1"], replica_nics=["VM1=-", "VM1:0=VMNetwork1-Shanghai"]),
     "replica NIC given twice for VM1 NIC 0",
     ["failback", BS, "--vm", "VM1", "--replica-nic", "VM1=-",
      "--replica-nic", "VM1:0=VMNetwork1-Shanghai"],
     "error: --replica-nic given twice for VM1 NIC 0"),
]


@pytest.mark.parametrize("call, library, args, cli", CASES)
def test_library_words_and_cli_words(example, run, fixture_args, call, library, args, cli):
    with pytest.raises(ScenarioError) as e:
        call(example)
    assert str(e.value) == library
    assert not FLAG.search(str(e.value))
    code, out, err = run(*fixture_args(args))
    assert (code, out, err) == (2, "", cli + "\n")


def test_reasons_in_results_name_no_flag(example):
    d = failback(example, vms=["VM1"], replica_nics=["VM1=-"]).to_dict()
    assert d["vms"][0]["nics"][0]["reason"] == (
        "the replica NIC is disconnected (changed after failover): no network to map back")
    d = failback(example, vms=["VM1"], unmap=["VMNetwork1-Shanghai"]).to_dict()
    assert d["vms"][0]["nics"][0]["reason"].endswith("is not mapped (what-if unmap)")
    d = failback(example, vms=["VM1"],
                 remap=[("VMNetwork1-Shanghai", "VMNetwork2-Beijing")]).to_dict()
    assert "is mapped to VMNetwork2-Beijing (what-if remap)" in d["vms"][0]["nics"][0]["reason"]


def test_azure_reason_names_no_flag(fixtures_dir):
    import netmap

    G = netmap.load(fixtures_dir / "onprem-to-azure.yaml")
    v = evaluate(G, Scenario(vms=("APP2",), sites_down=("Beijing",)))
    assert str(v.replica_nics("APP2")[0].reason) == (
        "App-BJ is not mapped (to Azure without a mapping only VMs failing over with their "
        "recovery plan reach each other): disconnected")


def test_library_errors_carry_no_prefix():
    import netmap

    with pytest.raises(TopologyError) as e:
        netmap.loads("netmap: 2\n", "t.yaml")
    assert not str(e.value).startswith("error")
    assert error_text(e.value).startswith("error: t.yaml:1: ")
    p = Problem("t.yaml", 3, "vms[0] (VM1).cloud", "unknown cloud 'X'")
    assert str(p) == "t.yaml:3: vms[0] (VM1).cloud: unknown cloud 'X'"
    assert error_text(TopologyError([p, p])) == f"error: {p}\nerror: {p}"


def test_scenario_error_keeps_its_code_through_pickling():
    e = ScenarioError("replica NIC given twice for VM1 NIC 0", code="replica_nic_twice",
                      vm="VM1", nic=0)
    back = pickle.loads(pickle.dumps(e))
    assert (str(back), back.code, back.details) == (str(e), e.code, e.details)
    assert error_text(back) == "error: --replica-nic given twice for VM1 NIC 0"


def _strings(path):
    with open(path, encoding="utf-8") as f:
        for tok in tokenize.generate_tokens(f.readline):
            if tok.type == tokenize.STRING and not tok.string.lstrip("rbfu").startswith(
                    ('"""', "'''")):
                yield tok.start[0], tok.string


#: modules whose strings are other tools' command lines (netmap fix writes az commands,
#: whose flags are az's own, not netmap's): checked for the error prefix only
FOREIGN_FLAGS = {"io/fixscripts.py"}


def test_no_flag_and_no_error_prefix_in_library_strings():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "cli" in path.relative_to(PACKAGE).parts:
            continue
        foreign = path.relative_to(PACKAGE).as_posix() in FOREIGN_FLAGS
        for line, s in _strings(path):
            if (FLAG.search(s) and not foreign) or "error:" in s:
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {s}")
    assert found == []
