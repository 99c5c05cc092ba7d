"""Every name a command takes gets the same "did you mean" when it is unknown.

One suggestion function (``did_you_mean``) words every unknown VM, recovery plan, site,
network, test network, what-if network, replica NIC name, reach end point, targets
source and check code: the closest name, else the few least distant ones, so even a
name like nothing in the topology gets a suggestion.
"""

from __future__ import annotations

import re

import pytest

BS = "beijing-shanghai.yaml"  # a fixture file, by name: the tests resolve it
NET = "VMNetwork1-Beijing"

#: an error line naming an unknown 'ZZZZ' and suggesting one or more names
SUGGESTS = re.compile(r"^error: .*'ZZZZ'.* \(did you mean '[^']+'( or '[^']+')*\?\)$")

CASES = [
    ("mappings", [BS, "--remap", f"ZZZZ={NET}"]),
    ("mappings", [BS, "--remap", f"{NET}=ZZZZ"]),
    ("mappings", [BS, "--unmap", "ZZZZ"]),
    ("targets", [BS, "ZZZZ"]),
    ("place", [BS, "--vm", "ZZZZ"]),
    ("place", [BS, "--plan", "ZZZZ"]),
    ("failover", [BS, "--vm", "ZZZZ"]),
    ("failover", [BS, "--plan", "ZZZZ"]),
    ("failover", [BS, "--all", "--site-down", "ZZZZ"]),
    ("failover", [BS, "--all", "--test-network", "ZZZZ"]),
    ("failover", [BS, "--all", "--remap", f"ZZZZ={NET}"]),
    ("reach", [BS, "ZZZZ", "VM1"]),
    ("reach", [BS, "VM1", "ZZZZ"]),
    ("reach", [BS, "VM1", "DB1", "--site-down", "ZZZZ"]),
    ("failback", [BS, "--vm", "ZZZZ"]),
    ("failback", [BS, "--replica-nic", "ZZZZ=-"]),
    ("failback", [BS, "--vm", "VM1", "--replica-nic", "VM1=ZZZZ"]),
    ("failback", [BS, "--vm", "VM1", "--replica-nic", f"VM1={NET}/ZZZZ"]),
    ("failback", [BS, "--unmap", "ZZZZ"]),
    ("failback", [BS, "--remap", f"{NET}=ZZZZ"]),
    ("check", [BS, "--test-network", "ZZZZ"]),
    ("check", [BS, "--unmap", "ZZZZ"]),
    ("check", [BS, "--ignore", "ZZZZ"]),
    ("report", [BS, "--test-network", "ZZZZ"]),
    ("report", [BS, "--remap", f"ZZZZ={NET}"]),
    ("diff", [BS, BS, "--vm", "ZZZZ"]),
    ("diff", [BS, BS, "--plan", "ZZZZ"]),
    ("diff", [BS, BS, "--site-down", "ZZZZ"]),
    ("diff", [BS, BS, "--test-network", "ZZZZ"]),
    ("diff", [BS, BS, "--unmap", "ZZZZ"]),
    ("draw", [BS, "-o", "x.png", "--vm", "ZZZZ"]),
    ("draw", [BS, "-o", "x.png", "--view", "plan", "--plan", "ZZZZ"]),
    ("draw", [BS, "-o", "x.png", "--view", "path", "--from", "VM1", "--to", "ZZZZ"]),
]


@pytest.mark.parametrize("cmd, args", CASES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(CASES)])
def test_unknown_name_gets_a_suggestion(run, fixture_args, tmp_path, monkeypatch, cmd, args):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(cmd, *fixture_args(args))
    assert (code, out) == (2, ""), err
    first, *rest = err.splitlines()
    assert rest in ([], [f"(see 'netmap {cmd} --help')"]), err  # a usage error adds a hint
    assert SUGGESTS.match(first), err
    names = re.findall(r"'([^']+)'", first.rsplit("(did you mean ", 1)[1])
    assert len(names) == len(set(names)), err  # each name suggested once
    assert not list(tmp_path.iterdir())  # nothing drawn


def test_the_seed_complaint(run, example_file):
    # failover --vm ZZZZ suggested, failback --vm ZZZZ did not: now both do, alike
    _, _, failover_err = run("failover", example_file, "--vm", "ZZZZ")
    _, _, failback_err = run("failback", example_file, "--vm", "ZZZZ")
    assert failover_err == failback_err
    assert failback_err.startswith("error: unknown VM 'ZZZZ' (did you mean ")


def test_exact_wording_of_a_replica_nic_name(run, example_file):
    code, _, err = run("failback", example_file, "--vm", "VM1", "--replica-nic", "VM1=VMNetwork9")
    assert code == 2
    assert err == ("error: --replica-nic 'VM1=VMNetwork9': unknown network 'VMNetwork9' "
                   "(did you mean 'VMNetwork2-Beijing'?)\n")
