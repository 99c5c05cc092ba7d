"""What the report's views compute once and share (NM008's pre-pass, R8's failures of a
plan view, the overlaps and peering chains of a network view) equals computing it afresh,
and handing it out never lets a caller change it."""

from __future__ import annotations

import ipaddress
import json
import random
from collections import defaultdict

import netmap
from netmap.analysis import dependencies
from netmap.analysis.checks import Analysis, _nm008
from netmap.analysis.connectivity import NetworkView, overlapping_prefixes
from netmap.io.generate import generate


def _generated(vms, seed):
    return netmap.loads(json.dumps(generate(vms, seed)), f"g{vms}-{seed}.json")


def _nm008_reference(ix):
    """NM008's NICs by (network, subnet, address), every NIC of every VM looked at."""
    held = defaultdict(list)
    for name in sorted(ix.vm):
        for nic in ix.vm[name].nics:
            if not nic.ip:
                continue
            net = ix.net[nic.network]
            sub = nic.subnet or (net.subnets[0][0] if net.subnets else None)
            addr = nic.ip
            if ":" in addr:
                addr = ipaddress.ip_address(addr).compressed
            held[(nic.network, sub, addr)].append((name, nic.index))
    return [k for k, nics in held.items() if len(nics) > 1]


def test_nm008_finds_every_shared_address():
    # duplicate addresses put in at random (IPv4, and IPv6 in two spellings, some in other
    # subnets or networks): the pre-pass keeps every NIC a reference finds in a conflict
    for seed in range(3):
        data = generate(300, seed)
        rng = random.Random(seed)
        nics = [n for v in data["vms"] for n in v.get("nics", ()) if n.get("ip")]
        for n in rng.sample(nics, 40):
            other = rng.choice(nics)
            n["ip"] = other["ip"]
        v6 = rng.sample(nics, 6)
        for i, n in enumerate(v6):
            n["ip"] = "fd00::1" if i % 2 else "fd00:0:0::0001"
        ix = netmap.loads(json.dumps(data), f"dup{seed}.json")
        want = _nm008_reference(ix)
        assert want  # the test puts conflicts in
        got = _nm008(Analysis(ix))
        assert len(got) == len(want)
        assert [f["object"] for f in got] == [f"{n}/{s}" if s is not None else n
                                              for n, s, _ in want]


def test_plan_views_compute_their_failures_once():
    ix = _generated(2000, 3)
    a = Analysis(ix)
    seen = 0
    for view in a.plan_views.values():
        if view is None:
            continue
        want = dependencies.dependency_failures(view)
        got = view.dependency_failures(view.failed_over)
        assert got == want
        seen += bool(got)
        got.clear()  # the caller's copy: the view keeps its own
        assert view.dependency_failures() == want
        assert view.broken_dependencies() == dependencies.broken_dependencies(view)
        some = view.failed_over[:3]
        assert view.dependency_failures(some) == dependencies.dependency_failures(view, some)
    assert seen  # some plan loses a dependency


def test_overlaps_and_chains_are_shared_but_not_changed():
    ix = _generated(2000, 1)
    nv = NetworkView(ix, frozenset())  # a view of its own: nothing memoized yet
    fresh = {}
    for x, y in ix.network_graph.edges():
        first = overlapping_prefixes(ix, x, y)
        first.append(("x", "y"))  # the caller's copy
        assert overlapping_prefixes(ix, x, y) == first[:-1]
        fresh[x, y] = first[:-1]
    comps = sorted({c for c in (nv.component(n) for n in ix.network_graph) if nv.peers(c)})
    for ca in comps:
        for cb in comps:
            chain = nv.peering_chain(ca, cb)
            again = nv.peering_chain(ca, cb)
            assert chain == again == NetworkView(ix, frozenset()).peering_chain(ca, cb)
            if chain:
                chain.append("x")
                assert nv.peering_chain(ca, cb) == again


def test_protected_vms_is_a_new_list_each_call():
    ix = _generated(300, 2)
    want = sorted(v for v in ix.vm if ix.container(v).protected)
    got = ix.protected_vms()
    assert got == want
    got.clear()
    assert ix.protected_vms() == want


def test_placement_candidates_need_every_target_network():
    # R4's candidates: the protecting cloud's hosts that reach the logical networks of
    # every mapped target (needed_logical_networks), whatever the placement inlines
    from netmap.analysis.placement import candidate_hosts, needed_logical_networks, placement_of
    ix = _generated(2000, 4)
    P = placement_of(ix)
    seen = 0
    for v in ix.protected_vms():
        c = ix.container(v)
        if c.protecting is None:
            continue
        need = needed_logical_networks(ix, ix.mapping, v)
        assert P.candidates(v) == candidate_hosts(ix, c.protecting, need)
        seen += bool(need)
    assert seen


def _plain_routes(view, v):
    """R3/R6 routes of ``v``'s replica in a plan view, worked out afresh (no memo)."""
    from netmap.analysis.failover import replica_routes
    ix = view.ix
    azure = ix.container(v).azure is not None
    return replica_routes(ix, view.mapping, ix.vm[v], view._plan_of(v) if azure else None)


def test_plan_views_routes_and_components_equal_plain_ones(topology_file):
    # a plan view reads the routes without a plan network (and their components) from the
    # memo shared with other scenarios when R6's plan network takes no NIC: NIC 0 mapped
    ix = netmap.load(topology_file)
    _check_plan_routes(ix, Analysis(ix))


def test_plan_views_routes_with_unmapped_primary_nics():
    # generated: multi-NIC Azure replicas in plans, some NIC 0 unmapped by a what-if
    from netmap.model.scenario import Scenario
    ix = _generated(2000, 5)
    sources = sorted({n.network for v in ix.vm.values() if v.nics and v.plans
                      and ix.container(v.name).azure is not None for n in v.nics[:1]})
    assert sources
    plan_nets = 0
    for unmap in ((), tuple(sources[:3])):
        a = Analysis(ix, Scenario(unmap=unmap))
        plan_nets += _check_plan_routes(ix, a)
    assert plan_nets  # some replica NIC joins its plan's network


def _check_plan_routes(ix, a):
    from netmap.model.records import PlanNetwork
    plan_nets = 0
    for view in a.plan_views.values():
        if view is None:
            continue
        comp, up = view.net.component, view.net.is_up
        for v in view.failed_over:
            want = _plain_routes(view, v)
            assert view.routes(v) == want
            plan_nets += any(isinstance(r.network, PlanNetwork) for r in want)
            if view.state(v) == "replica":
                assert view.components(v) == frozenset(
                    comp(r.network) for r in want if r.network is not None and up(r.network))
    return plan_nets


def test_unplaced_among_equals_unplaced_reason(topology_file):
    from netmap.analysis.placement import placement_of
    ix = netmap.load(topology_file)
    vms = sorted(ix.vm)
    want = {v: w for v in vms if (w := placement_of(ix).unplaced_reason(v)) is not None}
    ix2 = netmap.load(topology_file)  # nothing placed yet: unplaced_among places it
    got = placement_of(ix2).unplaced_among(vms)
    assert list(got) == list(want)
    assert [str(x) for x in got.values()] == [str(x) for x in want.values()]
    assert placement_of(ix2).unplaced_among(vms) == got  # and again, from the memo


def test_prefix_range_equals_ipaddress():
    from netmap.analysis.connectivity import _prefix_range

    def reference(prefix):
        try:
            n = ipaddress.ip_network(prefix, strict=False)
        except ValueError:
            return None
        return n.version, int(n.network_address), int(n.broadcast_address)
    cases = ["10.0.0.0/8", "10.1.2.3/16", "1.2.3.4/32", "1.2.3.4/0", "1.2.3.4/33",
             "01.2.3.4/8", "1.2.3.4/08", "1.2.3.4/", "1.2.3.4", "1.2.3.4/255.255.0.0",
             "1.2.3.4/0.0.255.255", "1.2.3.4/ 8", " 1.2.3.4/8", "1.2.3/8", "256.1.1.1/8",
             "1.2.3.4/8/9", "fd00::/64", "1.2.3.4/\u0663", "::ffff:1.2.3.4/120",
             "1.2.3.4/+8", "1.2.3.4/-1", "0.0.0.0/0", "255.255.255.255/31", "x", ""]
    rng = random.Random(7)
    for _ in range(3000):
        a = ".".join(str(rng.randrange(256)) for _ in range(4))
        cases.append(f"{a}/{rng.randrange(34)}")
    for c in cases:
        assert _prefix_range(c) == (reference(c) if c else None), c


def test_running_count_is_the_number_of_primaries():
    # running_count counts without sorting (and without keeping) the primaries: the same
    # number whether primaries was asked first, later or never
    ix = _generated(2000, 6)
    sites = sorted(ix.site_platform)
    for down in [frozenset()] + [frozenset({s}) for s in sites] + [frozenset(sites[:2])]:
        first, second = NetworkView(ix, down), NetworkView(ix, down)
        comps = sorted(first.components())
        assert comps
        counts = [first.running_count(c) for c in comps]
        assert counts == [len(second.primaries(c)) for c in comps]
        assert counts == [second.running_count(c) for c in comps]
        assert counts == [len(first.primaries(c)) for c in comps]
        for c in comps:
            want = sorted({n.vm for m in first.members(c) for n in ix.nics_on.get(m, ())
                           if ix.site_of_vm(n.vm) not in down})
            assert first.primaries(c) == want
