"""Readiness checks (SPEC §4): every code raised by its fixture, on the right object."""

from __future__ import annotations

import glob
import os

import pytest

from netmap import example_path, load, loads
from netmap.analysis.checks import CODES, normalize_codes
from netmap.answers.checks import check
from netmap.errors import ScenarioError
from netmap.model.scenario import Scenario


@pytest.fixture(scope="session")
def fixture(fixtures_dir):
    """A function: a check code's fixture file, ``fixtures/checks/<code>.yaml``."""
    def fixture_(code):
        return str(fixtures_dir / "checks" / (code.lower() + ".yaml"))

    return fixture_


@pytest.fixture(scope="session")
def clean(fixture_path):
    """``fixtures/clean.yaml``: a topology no check complains about."""
    return str(fixture_path("clean.yaml"))


def found(G, scenario=None, ignore=()):
    return [(f["code"], f["severity"], f["object"])
            for f in check(G, scenario, ignore=ignore).to_dict()["findings"]]


# code -> (scenario options, expected findings of that code: (severity, object))
EXPECTED = {
    "NM001": ({}, [("error", "APP.nics[0]"), ("warning", "AZVM.nics[0]")]),
    "NM002": ({}, [("error", "Net-A -> Net-B2")]),
    "NM003": ({}, [("error", "DB"), ("error", "WEB")]),
    "NM004": ({}, [("warning", "WEB")]),
    "NM005": ({}, [("warning", "Net-A -> Net-B")]),
    "NM006": ({}, [("warning", "DB.nics[0]"), ("warning", "WEB.nics[0]")]),
    "NM007": ({}, [("warning", "DB.nics[0]"), ("warning", "WEB.nics[0]")]),
    "NM008": ({}, [("error", "Net-A/S1")]),
    "NM009": ({}, [("warning", "LOOSE")]),
    "NM010": ({}, [("error", "WEB")]),
    "NM011": ({}, [("warning", "WEB")]),
    "NM012": ({}, [("warning", "SOLO")]),
    "NM013": ({}, [("error", "Cloud-A"), ("error", "Cloud-B")]),
    # SPEC R10: "anything else is an error (NM014, NM018)" -- NM014 was a warning in
    # revision 1
    "NM014": ({}, [("error", "Plan-Big")]),
    "NM015": ({"test_network": "Test-B"}, [("error", "Test-B")]),
    # SPEC NM017: "a join between networks whose subnet prefixes overlap: traffic across it
    # between the overlapping ranges is lost (R5)"; the object is the join "A -- B"
    "NM017": ({}, [("error", "Net-B -- Ops-B")]),
    # SPEC R10: "Site Recovery accepts a plan whose VMs are all protected and share one
    # source site and one recovery site, with at most 7 groups"
    "NM018": ({}, [("error", "Plan-Long"), ("error", "Plan-Mixed"), ("error", "Plan-Mixed"),
                   ("error", "Plan-Split")]),
    # SPEC R4: "a fact, so the replica runs there even when that host is not in Q or does
    # not reach the networks (NM019)"
    "NM019": ({}, [("error", "NOREACH"), ("error", "OUTSIDE")]),
    # SPEC §4 NM023: "the VMM server managing a protecting cloud runs at the site it
    # protects: fail it over first, by hand"
    "NM023": ({}, [("warning", "VMM-A")]),
    # SPEC NM020: "a test network at another site than a replica's recovery site, or not
    # reached by the replica's host"; R9: "otherwise the drill NIC is disconnected"
    "NM020": ({"test_network": "Lab-B"}, [("error", "WEB.nics[0]")]),
    # SPEC NM021: "a test network whose subnets do not mirror the production target's
    # names and prefixes"
    "NM021": ({"test_network": "Test-B"}, [("warning", "Test-B")]),
    # SPEC NM022: "a drill Site Recovery cannot run: a `wnv` test network for a replica
    # network whose `isolation` is `none`, ... or a `wnv` test network subnet without a
    # pool"
    "NM022": ({"test_network": "Test-B"}, [("error", "WEB.nics[0]")]),
    # SPEC §4 NM024: "a NIC's configured replica or test address is outside its subnet,
    # reserved, or held (always checked)"
    "NM024": ({}, [("error", "HELD.nics[0]"), ("error", "OUT.nics[0]"),
                   ("error", "RSV.nics[0]"), ("error", "TST.nics[0]")]),
    "NM025": ({}, [("warning", "Net-A -> Net-C")]),
    "NM016": ({}, [("warning", "APP")]),
    # SPEC NM026: "a fact the answers need is unknown (imported without it); says which
    # export supplies it"
    "NM026": ({}, [("warning", "Net-A"), ("warning", "WEB")]),
}
# findings a fixture raises besides its own code, because its change implies them
# SPEC R8: "every VM in F whose depends_on VM is down, unplaced, isolated, or not reachable
# has a broken dependency" -- WEB's replica is unplaced (NM003, NM004), so its dependency on
# DB breaks when Plan-App fails over (NM010)
ALSO = {"NM008": {("NM007", "warning", "WEB.nics[0]")},
        "NM003": {("NM010", "error", "WEB")},
        "NM004": {("NM010", "error", "WEB")},
        # Plan-Mixed holds LOOSE, whose cloud is not protected
        "NM018": {("NM009", "warning", "LOOSE")},
        # the link that joins the test network to Net-A joins two copies of 10.1.0.0/24
        "NM015": {("NM017", "error", "Net-A -- Test-B")},
        # SPEC R3: addresses are claimed "against the addresses that the target site's own
        # VMs hold and the configured replica.ip addresses": GOOD's configured .40 moves
        # MOVED (NM007); MON runs in the unprotected recovery region (NM009)
        "NM024": {("NM007", "warning", "MOVED.nics[0]"), ("NM009", "warning", "MON")}}


def test_every_code_has_a_fixture_and_an_expectation(fixture):
    assert sorted(EXPECTED) == sorted(CODES)
    assert set(CODES) >= {f"NM{i:03d}" for i in range(1, 18)} | {"NM018", "NM019", "NM023",
                                                                  "NM025", "NM026"}
    for code in CODES:
        assert os.path.exists(fixture(code)), code


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_fixture_raises_its_code_on_the_right_object(code, fixture):
    opts, want = EXPECTED[code]
    got = found(load(fixture(code)), Scenario(**opts))
    assert [(s, o) for c, s, o in got if c == code] == want
    assert {f for f in got if f[0] != code} == ALSO.get(code, set())


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_fixture_header_says_what_it_raises(code, fixture):
    with open(fixture(code), encoding="utf-8") as f:
        head = f.read().split("netmap: 1", 1)[0]
    assert f"Raises {code}" in head
    sketch = [line for line in head.splitlines() if line.startswith("#   ")]
    assert sketch, "an ASCII sketch follows the header"


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_code_not_raised_on_the_clean_topology(code, clean):
    opts, _ = EXPECTED[code]
    if opts.get("test_network") not in (None, *load(clean).net):
        opts = {**opts, "test_network": "Test-B"}  # the clean topology's test network
    assert [f for f in found(load(clean), Scenario(**opts)) if f[0] == code] == []


def test_clean_topology_has_no_findings_at_all(clean):
    r = check(load(clean), Scenario(test_network="Test-B"))
    assert r.to_dict() == {"findings": [], "summary": {"error": 0, "warning": 0}}


def test_bundled_example():
    got = found(load(example_path()))
    assert got == [("NM001", "error", "APP2.nics[0]"), ("NM007", "warning", "VM1.nics[0]"),
                   ("NM009", "warning", "MON-SH")]


def test_messages_name_the_object_and_say_why(fixture):
    for code in EXPECTED:
        opts, _ = EXPECTED[code]
        for f in check(load(fixture(code)), Scenario(**opts)).findings:
            msg = f["message"]
            name = f["object"].split(".nics[")[0].split(" -> ")[0].split("/")[0]
            assert name in msg, (code, f)
            assert msg.endswith(".") and msg[0].isupper() or msg[0].isalnum(), msg
            assert f["severity"] in ("error", "warning")


def test_specific_reasons(fixture):
    def msg(code, obj, opts=None):
        r = check(load(fixture(code)), Scenario(**(opts or {})))
        return next(f["message"] for f in r.findings if f["object"] == obj)

    # SPEC NM001: "a protected VM's NIC is on a network with no mapping to its recovery site"
    assert "no mapping to APP's recovery site B" in msg("NM001", "APP.nics[0]")
    assert "Azure" in msg("NM001", "AZVM.nics[0]")
    assert "LN-B2" in msg("NM002", "Net-A -> Net-B2") and "Cloud-B" in msg(
        "NM002", "Net-A -> Net-B2")
    assert "no host of Cloud-B reaches" in msg("NM003", "WEB")
    assert "no capacity" in msg("NM004", "WEB")
    assert "not mapped back" in msg("NM005", "Net-A -> Net-B")
    assert "first subnet S2" in msg("NM006", "WEB.nics[0]")
    assert "outside 10.9.0.0/24" in msg("NM007", "WEB.nics[0]")
    assert "10.1.0.10" in msg("NM008", "Net-A/S1") and "DB" in msg("NM008", "Net-A/S1")
    assert "Cloud-U" in msg("NM009", "LOOSE")
    assert "RPT" in msg("NM010", "WEB") and "Plan-App" in msg("NM010", "WEB")
    assert "DB" in msg("NM011", "WEB") and "Plan-App" in msg("NM011", "WEB")
    assert "no recovery plan" in msg("NM012", "SOLO")
    assert "both protected" in msg("NM013", "Cloud-A")
    assert "more than one" in msg("NM013", "Cloud-B")
    assert "101" in msg("NM014", "Plan-Big")
    assert "Net-A" in msg("NM015", "Test-B", {"test_network": "Test-B"})
    assert "recover at B, not at C" in msg("NM025", "Net-A -> Net-C")
    assert "HV-B" in msg("NM020", "WEB.nics[0]", {"test_network": "Lab-B"})
    assert "Net-B" in msg("NM021", "Test-B", {"test_network": "Test-B"})
    assert "no isolation" in msg("NM022", "WEB.nics[0]", {"test_network": "Test-B"})


# -- revision 2: mappings per recovery site (R1) and failback from Azure (R7) ---------------

@pytest.fixture(scope="module")
def three(fixture_path):
    """``fixtures/three-sites.yaml``: Net-A mapped to B, C and Azure site Az."""
    return load(fixture_path("three-sites.yaml"))


def test_three_sites_findings(three):
    # NM001 names the site the network is not mapped to, NM025 the mapping no replica uses
    got = check(three).findings
    assert [(f["code"], f["object"]) for f in got] == [
        ("NM001", "VM1.nics[1]"), ("NM025", "Net-A2 -> Net-C2")]
    assert "no mapping to VM1's recovery site B (only to Net-C2 at C)" in got[0]["message"]


def test_nm002_judges_only_clouds_recovering_at_the_target_site(three):
    # SPEC NM002: "a mapping's target is not available (R2) to a protected cloud that uses
    # its source and recovers at the target's site". Cloud-A2 uses Net-A and recovers at
    # C: Net-B (managed by VMM-B) is not a candidate for it, yet Net-A -> Net-B is not its
    # mapping, so no NM002; the same target for a cloud recovering at B is judged.
    assert [f for f in found(three) if f[0] == "NM002"] == []
    got = found(three, Scenario(remap=(("Net-A", "Net-C2"),)))
    assert ("NM002", "error", "Net-A -> Net-C2") not in got  # Net-C2 is on LN-C: available
    text = open(three.graph.graph["source"], encoding="utf-8").read().replace(
        "{name: Cloud-C, vmm: VMM-C, logical_networks: [LN-C]}",
        "{name: Cloud-C, vmm: VMM-C, logical_networks: []}")
    got = check(loads(text, "three.yaml")).findings
    nm2 = [(f["object"], f["message"]) for f in got if f["code"] == "NM002"]
    assert [o for o, _ in nm2] == ["Net-A -> Net-C", "Net-A2 -> Net-C2"]
    assert "Cloud-A2" in nm2[0][1] and "recovers at C" in nm2[0][1]
    assert "Cloud-A1" not in nm2[0][1]


def test_nm005_never_asks_for_a_mapping_from_azure(fixture_path):
    # SPEC R7: "A VM failed over from VMM to Azure fails back by planned failover to its
    # original VM ... (no reverse mapping is involved, and none can be configured)";
    # SPEC NM005: "a VMM-to-VMM or A2A mapping with no mapping back".
    for name in ("three-sites.yaml", "onprem-to-azure.yaml"):
        assert [f for f in found(load(fixture_path(name))) if f[0] == "NM005"] == []


def test_nm005_asks_for_the_mapping_back_to_the_source_site(three):
    # Net-A -> Net-C needs Net-C mapped back to site A; a mapping of Net-C to B does not do
    text = open(three.graph.graph["source"], encoding="utf-8").read().replace(
        "  - {source: Net-C, target: Net-A}\n", "  - {source: Net-C, target: Net-B}\n")
    got = [f for f in check(loads(text, "three.yaml")).findings if f["code"] == "NM005"]
    # (Net-C -> Net-B itself has no mapping of Net-B back to C either)
    assert [f["object"] for f in got] == ["Net-A -> Net-C", "Net-C -> Net-B"]
    assert "not mapped back to A (it is mapped only to Net-B at B)" in got[0]["message"]


def test_nm025_leaves_a_mapping_no_protected_vm_uses(fixture):
    # SPEC R1: "a mapping whose source no protected VM uses is not flagged (it serves
    # failback)": Net-C -> Net-A (no VM on Net-C) and Net-B -> Net-A are not NM025
    got = found(load(fixture("NM025")))
    assert got == [("NM025", "warning", "Net-A -> Net-C")]


def test_test_network_that_is_a_mapping_target(clean):
    got = found(load(clean), Scenario(test_network="Net-B"))
    assert got == [("NM015", "error", "Net-B")]


def test_sorted_by_code_then_object(fixtures_dir):
    for path in sorted(glob.glob(str(fixtures_dir / "checks" / "*.yaml"))):
        fs = check(load(path)).findings
        keys = [(f["code"], f["object"], f["message"]) for f in fs]
        assert keys == sorted(keys)


def test_summary_counts_severities(fixture):
    r = check(load(fixture("NM001"))).to_dict()
    assert r["summary"] == {"error": 1, "warning": 1}


def test_ignore():
    G = load(example_path())
    assert [f[0] for f in found(G, ignore=["nm007", "NM009"])] == ["NM001"]
    with pytest.raises(ScenarioError, match="unknown check code 'NM999'"):
        check(G, ignore=["NM999"])
    with pytest.raises(ScenarioError, match="did you mean 'NM011'"):
        normalize_codes(["NM0011"])
    assert normalize_codes([" nm005", "NM001", "NM005"]) == ("NM001", "NM005")


def test_whatif_remap_and_unmap(clean):
    G = load(clean)
    assert [f[:3:2] for f in found(G, Scenario(unmap=("Net-B",)))] == [
        ("NM005", "Net-A -> Net-B")]
    # remapping Net-A onto the test network: the IPs are free there, failback is broken
    got = found(G, Scenario(remap=(("Net-A", "Test-B"),)))
    assert ("NM005", "warning", "Net-A -> Test-B") in got
    # the graph itself is unchanged
    assert found(G) == []


def test_nm006_when_target_has_no_subnets(clean):
    text = open(clean, encoding="utf-8").read().replace(
        "{name: Net-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/24}]}",
        "{name: Net-B, logical_network: LN-B}")
    got = check(loads(text, "nosub.yaml")).findings
    nm6 = [f for f in got if f["code"] == "NM006"]
    assert [f["object"] for f in nm6] == ["DB.nics[0]", "WEB.nics[0]"]
    assert "no subnets" in nm6[0]["message"]


def test_nm008_ipv6_spellings_are_the_same_address(clean):
    text = open(clean, encoding="utf-8").read()
    text = text.replace("prefix: 10.1.0.0/24}]}\n  - {name: Net-B",
                        "prefix: 10.1.0.0/24}, {name: S6, prefix: 'fd00::/64'}]}\n"
                        "  - {name: Net-B")
    text = text.replace("{network: Net-A, subnet: S1, ip: 10.1.0.10}",
                        "{network: Net-A, subnet: S6, ip: 'fd00::1'}")
    text = text.replace("{network: Net-A, subnet: S1, ip: 10.1.0.20}",
                        "{network: Net-A, subnet: S6, ip: 'fd00:0:0:0::1'}")
    nm8 = [f for f in check(loads(text, "v6.yaml")).findings if f["code"] == "NM008"]
    assert [f["object"] for f in nm8] == ["Net-A/S6"]


def test_text_output_fits_100_columns(fixture):
    for code in EXPECTED:
        text = str(check(load(fixture(code)), Scenario(**EXPECTED[code][0])))
        assert max(len(line) for line in text.splitlines()) <= 100
        assert code in text


def test_check_is_deterministic():
    a = check(load(example_path())).to_json()
    b = check(load(example_path())).to_json()
    assert a == b


def test_whatif_mappings_apply_to_nm001_and_nm025(three):
    # a what-if mapping of Net-A2 at B closes NM001; its mapping to C stays unused; Net-B
    # maps back to Net-A, not Net-A2 (NM005), and 10.2.0.10 is not in Net-B's 10.1.0.0/24
    got = found(three, Scenario(remap=(("Net-A2", "Net-B"),)))
    assert got == [("NM005", "warning", "Net-A2 -> Net-B"),
                   ("NM007", "warning", "VM1.nics[1]"),
                   ("NM025", "warning", "Net-A2 -> Net-C2")]
