"""netmap diff: the before/after fixtures exactly, limits, what-ifs, and pair counts
cross-checked against brute-force enumeration of every pair."""

from __future__ import annotations

import json
import random
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmap
from netmap.analysis import diff as diff_mod
from netmap.analysis.diff import pair_changes
from netmap.answers.diff import diff
from netmap.errors import ScenarioError
from netmap.analysis.failover import evaluate
from netmap.model.scenario import Scenario


GAINED = [["DB1", "OPS1"], ["DB1", "WEB1"], ["DB1", "WEB2"], ["DB1", "WEB3"],
          ["MON-W", "OPS1"], ["MON-W", "WEB3"], ["OPS1", "WEB1"], ["OPS1", "WEB2"],
          ["OPS1", "WEB3"], ["WEB1", "WEB3"], ["WEB2", "WEB3"]]
LOST = [["APP1", "DB1"], ["APP1", "MON-W"]]


@pytest.fixture(scope="session")
def before_file(fixture_path):
    return fixture_path("diff-before.yaml")


@pytest.fixture(scope="session")
def after_file(fixture_path):
    return fixture_path("diff-after.yaml")


@pytest.fixture(scope="module")
def before(before_file):
    return netmap.load(before_file)


@pytest.fixture(scope="module")
def after(after_file):
    return netmap.load(after_file)


@pytest.fixture(scope="module")
def fixture_diff(before, after):
    return diff(before, after).to_dict()


# -- the fixtures ------------------------------------------------------------------------
def test_every_section_is_non_empty(fixture_diff):
    d = fixture_diff
    for key in ("added", "removed", "changed"):
        assert d["mappings"][key], key
    assert d["nics"] and d["placements"] and d["states"]
    assert d["reachability"]["gained"] and d["reachability"]["lost"]


def test_exact_pairs_gained_and_lost(fixture_diff):
    r = fixture_diff["reachability"]
    assert r["gained"] == GAINED
    assert r["lost"] == LOST
    assert (r["gained_count"], r["lost_count"]) == (11, 2)


def test_mapping_changes(fixture_diff):
    # SPEC R1: "A source network has at most one target per site": mappings are compared
    # per source and target site, and each change names the site (revision 2)
    assert fixture_diff["mappings"] == {
        "added": [{"source": "Ops-East", "target": "Db-West", "target_site": "West"}],
        "removed": [{"source": "App-East", "target": "App-West", "target_site": "West"}],
        "changed": [{"source": "Web-East", "target_site": "West", "old_target": "Web-West",
                     "new_target": "Dmz-West"}],
    }


def test_nic_changes(fixture_diff):
    got = [(r["vm"], r["nic"], r["change"], r["old_network"], r["new_network"], r["new_ip"])
           for r in fixture_diff["nics"]]
    # SPEC R3 (revision 2): the first host address of a subnet without a `gateway` is
    # never handed out, so new addresses start at .2
    assert got == [
        ("APP1", 0, "network", "App-West", None, None),
        ("OPS1", 0, "network", None, "Db-West", "10.30.0.2"),
        ("WEB1", 0, "network", "Web-West", "Dmz-West", "172.16.0.2"),
        ("WEB2", 0, "network", "Web-West", "Dmz-West", "172.16.0.3"),
        ("WEB3", 0, "added", None, "Dmz-West", "172.16.0.4"),
    ]
    app1 = fixture_diff["nics"][0]
    assert "App-East is not mapped" in app1["reason"]


def test_placement_and_state_changes(fixture_diff):
    assert [(r["vm"], r["old_host"], r["new_host"]) for r in fixture_diff["placements"]] == [
        ("WEB1", "HV-W1", "HV-W2"), ("WEB2", "HV-W1", "HV-W2"), ("WEB3", None, "HV-W2")]
    assert fixture_diff["states"] == [{"vm": "WEB3", "old": "absent", "new": "replica"}]


def test_reverse_diff_swaps_gained_and_lost(before, after):
    r = diff(after, before).to_dict()
    assert r["reachability"]["gained"] == LOST
    assert r["reachability"]["lost"] == GAINED
    assert r["mappings"]["added"] == [{"source": "App-East", "target": "App-West",
                                       "target_site": "West"}]


def test_limit_caps_lists_not_counts(before, after):
    r = diff(before, after, limit=3).to_dict()["reachability"]
    assert r["gained"] == GAINED[:3] and r["lost"] == LOST
    assert (r["gained_count"], r["lost_count"]) == (11, 2)
    r = diff(before, after, limit=0).to_dict()["reachability"]
    assert r["gained"] == [] and r["lost"] == [] and r["gained_count"] == 11
    with pytest.raises(ScenarioError):
        diff(before, after, limit=-1)


def test_same_failover_on_both_sides(before, after):
    # only Plan-Ops fails over: OPS1 lands on Db-West (linked to MON-W's App-West); DB1
    # stays a primary on Db-East; WEB3 (new) runs as a primary with WEB1 and WEB2
    d = diff(before, after, Scenario(plans=("Plan-Ops",))).to_dict()
    assert d["reachability"]["gained"] == [["MON-W", "OPS1"], ["WEB1", "WEB3"],
                                           ["WEB2", "WEB3"]]
    assert d["reachability"]["lost"] == []
    assert [r["vm"] for r in d["nics"]] == ["OPS1"]
    # a VM that exists on one side only is left out of the other side's failover set
    d = diff(before, after, Scenario(vms=("WEB3", "WEB1"))).to_dict()
    assert [(r["vm"], r["change"]) for r in d["nics"]] == [("WEB1", "network"),
                                                          ("WEB3", "added")]


def test_site_down_in_diff(before, after):
    d = diff(before, after, Scenario(all=True, sites_down=("East",))).to_dict()
    assert d["reachability"]["gained"] == GAINED  # every East VM fails over anyway
    d = diff(before, after, Scenario(all=True, sites_down=("West",))).to_dict()
    assert d["reachability"] == {"gained": [], "lost": [], "gained_count": 0,
                                 "lost_count": 0, "limit": 100, "gained_reasons": [],
                                 "lost_reasons": []}


def test_unknown_names(before, after):
    with pytest.raises(ScenarioError, match="in neither topology"):
        diff(before, after, Scenario(vms=("WEB9",)))
    with pytest.raises(ScenarioError, match="unknown remap target network"):
        diff(before, after, Scenario(remap=(("Web-East", "Nope"),)))


# -- one file with and without what-if options -------------------------------------------
def test_no_change_is_an_empty_diff(example):
    d = diff(example, example).to_dict()
    assert d["mappings"] == {"added": [], "removed": [], "changed": []}
    assert d["nics"] == d["placements"] == d["states"] == []
    assert d["reachability"]["gained_count"] == d["reachability"]["lost_count"] == 0


def test_whatif_on_new_side_equals_edited_file(example, example_file):
    edited = netmap.loads(example_file.read_text().replace(
        "{source: VMNetwork1-Beijing, target: VMNetwork1-Shanghai}",
        "{source: VMNetwork1-Beijing, target: VMNetwork2-Shanghai}"))
    a = diff(example, example,
             Scenario(remap=(("VMNetwork1-Beijing", "VMNetwork2-Shanghai"),))).to_dict()
    b = diff(example, edited).to_dict()
    a.pop("scenario"), b.pop("scenario")
    assert a == b
    assert a["reachability"]["lost"] == [["DB1", "MON-SH"], ["MON-SH", "VM1"]]
    assert a["mappings"]["changed"][0]["new_target"] == "VMNetwork2-Shanghai"


def test_cli_diff_json(run, before_file, after_file):
    code, out, err = run("diff", before_file, after_file, "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert set(d) >= {"mappings", "nics", "placements", "reachability"}
    assert set(d["mappings"]) == {"added", "removed", "changed"}
    r = d["reachability"]
    assert r["gained"] == GAINED and r["lost"] == LOST
    assert {"gained_count", "lost_count"} <= set(r)


def test_cli_diff_text_and_limit(run, before_file, after_file):
    code, out, _ = run("diff", before_file, after_file, "--limit", "2")
    assert code == 0
    assert "VM pairs that gain reachability: 11 (first 2 shown; raise the limit for more)" in out
    assert "Web-East  West         changed" in out


def test_cli_same_file_whatif(run, example_file):
    code, out, _ = run("diff", example_file, example_file, "--unmap", "VMNetwork1-Beijing",
                       "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert d["mappings"]["removed"] == [{"source": "VMNetwork1-Beijing",
                                         "target": "VMNetwork1-Shanghai",
                                         "target_site": "Shanghai"}]
    assert d["reachability"]["lost"] == [["DB1", "MON-SH"], ["DB1", "VM1"], ["MON-SH", "VM1"]]


@pytest.mark.parametrize("args, message", [
    (["--vm", "Nope"], "unknown VM 'Nope'"),
    (["--remap", "VMNetwork1-Beijing"], "SOURCE=TARGET"),
    (["--limit", "-1"], "--limit"),
])
def test_cli_errors(run, args, message, example_file):
    code, out, err = run("diff", example_file, example_file, *args)
    assert code == 2 and out == ""
    assert err.startswith("error:") and message in err


def test_cli_missing_file(run, tmp_path, example_file):
    code, _, err = run("diff", example_file, tmp_path / "none.yaml")
    assert code == 2 and "does not exist" in err


# -- pair counting versus brute force ----------------------------------------------------
def brute(names, old, new, old_blocked=(), new_blocked=()):
    gained, lost = [], []
    for a, b in combinations(sorted(names), 2):
        ro = bool(set(old[a]) & set(old[b])) and (a, b) not in old_blocked
        rn = bool(set(new[a]) & set(new[b])) and (a, b) not in new_blocked
        if rn and not ro:
            gained.append((a, b))
        elif ro and not rn:
            lost.append((a, b))
    return gained, lost


comp_sets = st.lists(st.sampled_from("abcde"), max_size=4).map(frozenset)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([f"v{i:02d}" for i in range(14)]),
                       st.tuples(comp_sets, comp_sets), min_size=0, max_size=14),
       st.sampled_from([None, 0, 1, 3, 100]), st.sampled_from([12, 1, 2]))
def test_pair_changes_matches_brute_force(sets, limit, heavy):
    old = {v: s[0] for v, s in sets.items()}
    new = {v: s[1] for v, s in sets.items()}
    saved = diff_mod.HEAVY
    diff_mod.HEAVY = heavy  # small values send multi-component VMs down the explicit path
    try:
        got = pair_changes(list(sets), old.__getitem__, new.__getitem__, limit)
    finally:
        diff_mod.HEAVY = saved
    gained, lost = brute(sets, old, new)
    cap = len(sets) ** 2 if limit is None else limit
    assert got == (gained[:cap], lost[:cap], len(gained), len(lost))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([f"v{i:02d}" for i in range(12)]),
                       st.tuples(comp_sets, comp_sets), min_size=0, max_size=12),
       st.sets(st.tuples(st.sampled_from([f"v{i:02d}" for i in range(12)]),
                         st.sampled_from([f"v{i:02d}" for i in range(12)]))),
       st.sets(st.tuples(st.sampled_from([f"v{i:02d}" for i in range(12)]),
                         st.sampled_from([f"v{i:02d}" for i in range(12)]))),
       st.sampled_from([None, 0, 1, 3, 100]), st.sampled_from([12, 1, 2]))
def test_pair_changes_with_blocked_pairs_matches_brute_force(sets, bo, bn, limit, heavy):
    # SPEC R5: VMs on joined networks reach each other "and the addresses allow it": the
    # pairs the address rule blocks are taken out of the joined pairs, on each side
    old = {v: s[0] for v, s in sets.items()}
    new = {v: s[1] for v, s in sets.items()}

    def joined_only(pairs, side):
        return {(a, b) for a, b in pairs
                if a < b and a in sets and b in sets and side[a] & side[b]}
    bo, bn = joined_only(bo, old), joined_only(bn, new)
    saved = diff_mod.HEAVY
    diff_mod.HEAVY = heavy
    try:
        got = pair_changes(list(sets), old.__getitem__, new.__getitem__, limit, bo, bn)
    finally:
        diff_mod.HEAVY = saved
    gained, lost = brute(sets, old, new, bo, bn)
    cap = len(sets) ** 2 if limit is None else limit
    assert got == (gained[:cap], lost[:cap], len(gained), len(lost))


def random_topology(rng, variant):
    """A small random two-site topology (VMs with 1-3 NICs, links, a gateway)."""
    nets_a = [f"A{i}" for i in range(4)]
    nets_b = [f"B{i}" for i in range(4)]
    lines = ["netmap: 1", "sites: [{name: SA}, {name: SB}, {name: AZ, kind: azure}]",
             "vmm_servers: [{name: VA, site: SA}, {name: VB, site: SB}]",
             "logical_networks: [{name: LA, vmm: VA}, {name: LB, vmm: VB}]",
             "vm_networks:"]
    # prefixes from a few /24s, so that joined networks often overlap (R5's address rule)
    def subnet():
        if rng.random() < 0.2:
            return "{name: s}"
        return f"{{name: s, prefix: 10.0.{rng.randint(0, 3)}.0/{rng.choice([24, 25])}}}"
    for n in nets_a:
        lines.append(f"  - {{name: {n}, logical_network: LA, subnets: [{subnet()}]}}")
    for n in nets_b:
        lines.append(f"  - {{name: {n}, logical_network: LB, subnets: [{subnet()}]}}")
    gw = "gateway: {sites: [SB]}, " if rng.random() < 0.5 else ""
    lines += ["azure_networks:", f"  - {{name: Z0, site: AZ, {gw}subnets: [{subnet()}]}}",
              f"  - {{name: Z1, site: AZ, subnets: [{subnet()}]}}",
              f"  - {{name: Z2, site: AZ, subnets: [{subnet()}]}}",
              "clouds: [{name: CA, vmm: VA, logical_networks: [LA]},",
              "         {name: CB, vmm: VB, logical_networks: [LB]},",
              "         {name: CZ, vmm: VA, logical_networks: [LA]}]",
              "protection: [{protected: CA, protecting: CB}, {protected: CZ, azure: AZ}]",
              "network_mappings:"]
    maps = []
    for n in nets_a:
        r = rng.random()
        if r < 0.7:
            maps.append(f"  - {{source: {n}, target: "
                        f"{rng.choice(nets_b + ['Z0', 'Z1', 'Z2'])}}}")
    lines += maps or ["  []"]
    if not maps:
        lines[-2] = "network_mappings: []"
        lines.pop()
    links = set()
    for _ in range(rng.randint(0, 4)):
        a, b = rng.sample(nets_b + nets_a, 2)
        links.add(tuple(sorted((a, b))))
    peerings = [p for p in (("Z0", "Z1"), ("Z0", "Z2"), ("Z1", "Z2")) if rng.random() < 0.5]
    if links or peerings:
        lines.append("links:")
        lines += [f"  - {{networks: [{a}, {b}]}}" for a, b in sorted(links)]
        lines += [f"  - {{networks: [{a}, {b}], kind: peering}}" for a, b in peerings]
    lines.append("vms:")
    vms = rng.sample([f"V{i}" for i in range(12)], rng.randint(2, 10))
    for v in vms:
        cloud = rng.choice(["CA", "CA", "CZ", "CB"])
        pool = nets_b if cloud == "CB" else nets_a
        nics = rng.sample(pool, rng.randint(1, 3))
        def ip():
            return "" if rng.random() < 0.2 else \
                f", ip: 10.0.{rng.randint(0, 3)}.{rng.randint(4, 250)}"
        lines.append(f"  - {{name: {v}, cloud: {cloud}, nics: ["
                     + ", ".join(f"{{network: {n}{ip()}}}" for n in nics) + "]}")
    return netmap.loads("\n".join(lines) + "\n", f"rand{variant}.yaml")


@pytest.mark.parametrize("seed", range(80))
def test_random_topologies_against_pairwise_reachable(seed):
    # exact counts under R5 as revision 2 states it: peerings (Z0, Z1, Z2 peered at
    # random: "a peering joins the two components it touches for traffic between those
    # two components alone") and overlapping prefixes ("traffic that crosses a join from
    # a's network to b's network is lost when b's address lies inside a subnet prefix of
    # a's network or a's address inside a subnet prefix of b's network")
    rng = random.Random(seed)
    old, new = random_topology(rng, "old"), random_topology(rng, "new")
    sc = rng.choice([Scenario(), Scenario(all=True, sites_down=("SA",)),
                     Scenario(all=True, sites_down=("SB",)), Scenario(vms=("V1", "V2"))])
    as_topology = netmap.model.topology.as_topology
    names = set(as_topology(old).vm) | set(as_topology(new).vm)
    if sc.vms and not set(sc.vms) & names:
        sc = Scenario()
    sc = Scenario(all=sc.all, vms=tuple(v for v in sc.vms if v in names),
                  sites_down=sc.sites_down)
    got = diff(old, new, sc, limit=None).to_dict()["reachability"]
    so, sn = diff_mod._sides(old, new, sc)
    vo, vn = evaluate(old, so), evaluate(new, sn)
    io, inn = netmap.model.topology.as_topology(old), netmap.model.topology.as_topology(new)
    gained, lost = [], []
    for a, b in combinations(sorted(names), 2):
        ro = a in io.vm and b in io.vm and vo.reachable(a, b)
        rn = a in inn.vm and b in inn.vm and vn.reachable(a, b)
        if rn and not ro:
            gained.append([a, b])
        if ro and not rn:
            lost.append([a, b])
    assert got["gained"] == gained and got["lost"] == lost
    assert (got["gained_count"], got["lost_count"]) == (len(gained), len(lost))


def test_diff_shows_address_changes_with_their_reason(fixture_path):
    # a narrower static IP pool (SPEC R3: usable = "inside its `pool` when it has one")
    # moves A-KEEP's address; a NIC turned DHCP loses its own ("A DHCP NIC gets no fixed
    # address"); diff reports both with the new side's reason
    text = fixture_path("pools.yaml").read_text(encoding="utf-8")
    after = text.replace("pool: {start: 10.1.0.10, end: 10.1.0.20",
                         "pool: {start: 10.1.0.12, end: 10.1.0.20").replace(
        "nics: [{network: Src-Net, subnet: Db, ip: 10.1.1.2}]",
        "nics: [{network: Src-Net, subnet: Db, ip: 10.1.1.2, ip_mode: dhcp}]")
    d = diff(netmap.loads(text), netmap.loads(after), Scenario(all=True)).to_dict()
    rows = {r["vm"]: r for r in d["nics"]}
    a = rows["A-KEEP"]
    assert (a["change"], a["old_ip"], a["new_ip"]) == ("ip", "10.1.0.11", "10.1.0.13")
    assert "outside the static IP pool 10.1.0.12-10.1.0.20" in a["reason"]
    f = rows["F-LATE"]
    assert (f["change"], f["old_ip"], f["new_ip"]) == ("ip", "10.1.1.2", None)
    assert f["reason"] == "DHCP: no fixed address of its own"


def test_peering_instead_of_routed_links_loses_spoke_to_spoke(fixture_path):
    # SPEC R5: a peering "joins the two components it touches for traffic between those
    # two components alone": the same hub and spokes with routed links let spokes reach
    # each other; with peerings they lose exactly the spoke-to-spoke pairs. LEGACY1/OLD2
    # stays blocked on both sides (address overlap), so it is no change.
    text = fixture_path("peering.yaml").read_text(encoding="utf-8")
    old = netmap.loads(text.replace("kind: peering", "kind: routed"), "routed.yaml")
    new = netmap.loads(text, "peering.yaml")
    r = diff(old, new, Scenario(all=True)).to_dict()["reachability"]
    assert r["lost"] == [["APP1", "DB1"], ["APP1", "LEGACY1"], ["DB1", "LEGACY1"]]
    assert (r["gained"], r["gained_count"], r["lost_count"]) == ([], 0, 3)
    # every negative answer keeps its reason: each lost pair says why
    assert [w.split(":")[0] for w in r["lost_reasons"]] == ["peering is not transitive"] * 3
    assert r["gained_reasons"] == []


def test_overlap_blocked_pairs_are_counted(fixture_path):
    # Beijing up: APP1's replica keeps 10.10.0.11 in vnet-corp, joined by the gateway to
    # Corp-BJ (10.10.0.0/24 on both sides): APP1 and LOCAL-BJ do not reach each other
    azure = netmap.load(fixture_path("onprem-to-azure.yaml"))
    v = evaluate(azure, Scenario(vms=("APP1",)))
    assert ("APP1", "LOCAL-BJ") in diff_mod.blocked_pairs(v)
    assert ("APP1", "FILE-SH") not in diff_mod.blocked_pairs(v)
    # failing APP1 over blocks it from LOCAL-BJ, with which it shared Corp-BJ before
    r = diff(azure, azure, Scenario(vms=("APP1",))).to_dict()["reachability"]
    assert ["APP1", "LOCAL-BJ"] not in r["lost"]  # both sides are the failover
    old = netmap.loads(fixture_path("onprem-to-azure.yaml").read_text(encoding="utf-8")
                       .replace("{source: Corp-BJ, target: vnet-corp}",
                                "{source: Corp-BJ, target: vnet-dmz}"), "dmz.yaml")
    r = diff(old, azure, Scenario(vms=("APP1",))).to_dict()["reachability"]
    # in vnet-dmz (10.30.0.0/24, no gateway) APP1 reached nobody; in vnet-corp it reaches
    # the VMs of the gateway's sites except LOCAL-BJ
    assert ["APP1", "LOCAL-BJ"] not in r["gained"] and ["APP1", "FILE-SH"] in r["gained"]
