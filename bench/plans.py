#!/usr/bin/env python3
"""Benchmark: fail over every recovery plan, one at a time, with its primary site down.

For each size, a topology from ``netmap.io.generate.generate(vms, seed)`` is written as JSON
and loaded; then, for every recovery plan P (in name order)::

    view = evaluate(G, Scenario(plans=(P,), sites_down=(primary site of P,)), ix=ix)
    view.broken_dependencies()            # R8 for the plan's VMs
    [(c, view.running_count(c)) for c in view.touched_components()]   # groups touched

and prints the total and per-plan time. The cost of one plan must be proportional to
what the plan touches (its VMs, the NICs of the networks they land in, the groups they
join or leave), so the per-plan time stays flat as the topology grows: near-linear in
total. The network components are computed once per set of sites down and shared.

``--members`` also lists the VMs of every touched group (``touched_groups()``), which
costs the size of those groups. ``--no-ix`` calls ``evaluate(G, sc)`` without the index:
each call then pays ``index(G)``'s staleness check, which is O(edges) today.

usage: python bench/plans.py [--vms 10000 100000] [--seed 1] [--members] [--no-ix]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from netmap.analysis.failover import evaluate  # noqa: E402
from netmap.io.generate import generate  # noqa: E402
from netmap.model.topology import as_topology as index  # noqa: E402
from netmap.io.load import load_graph as load  # noqa: E402
from netmap.model.scenario import Scenario  # noqa: E402


def primary_site(ix, plan):
    """The site of the first VM of ``plan`` (generated plans hold VMs of one cloud)."""
    for group in ix.plan[plan]:
        for v in group:
            return ix.site_of_vm(v)
    return None


def run(vms, seed, members=False, use_ix=True, limit=None):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"topo-{vms}.json")
        t = time.perf_counter()
        data = generate(vms, seed)
        with open(path, "w") as f:
            json.dump(data, f, separators=(",", ":"))
        t_gen = time.perf_counter() - t
        t = time.perf_counter()
        G = load(path)
        t_load = time.perf_counter() - t
    t = time.perf_counter()
    ix = index(G)
    t_index = time.perf_counter() - t
    plans = sorted(ix.plan)[:limit]
    n_vms = n_broken = n_groups = n_members = 0
    slowest = (0.0, None)
    t0 = time.perf_counter()
    for p in plans:
        tp = time.perf_counter()
        site = primary_site(ix, p)
        sc = Scenario(plans=(p,), sites_down=(site,) if site else ())
        view = evaluate(ix if use_ix else G, sc)
        n_vms += len(view.failed_over)
        n_broken += len(view.broken_dependencies())
        if members:
            groups = view.touched_groups()
            n_groups += len(groups)
            n_members += sum(len(vs) for _, vs in groups)
        else:
            counts = [(c, view.running_count(c)) for c in view.touched_components()]
            n_groups += sum(1 for _, k in counts if k)
            n_members += sum(k for _, k in counts)
        dt = time.perf_counter() - tp
        if dt > slowest[0]:
            slowest = (dt, p)
    total = time.perf_counter() - t0
    n = max(len(plans), 1)
    print(f"vms={vms:>7}  nodes={G.number_of_nodes():>7}  edges={G.number_of_edges():>8}  "
          f"generate={t_gen:6.2f}s  load={t_load:6.2f}s  index={t_index:5.2f}s")
    print(f"  plans={len(plans):>5}  failed_over={n_vms:>7}  broken={n_broken:>5}  "
          f"groups_touched={n_groups:>6}  vms_in_them={n_members:>8}")
    print(f"  total={total:7.2f}s  per_plan={1000 * total / n:7.2f}ms  "
          f"per_failed_over_vm={1e6 * total / max(n_vms, 1):7.1f}us  "
          f"slowest={1000 * slowest[0]:.1f}ms ({slowest[1]})")
    return total, len(plans)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vms", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--members", action="store_true",
                    help="list the VMs of every touched group (costs their size)")
    ap.add_argument("--no-ix", action="store_true",
                    help="call evaluate(G, sc) without ix= (pays index()'s check per plan)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N plans")
    a = ap.parse_args(argv)
    out = []
    for n in a.vms:
        out.append((n,) + run(n, a.seed, a.members, not a.no_ix, a.limit))
    if len(out) > 1:
        (n0, t0, p0), (n1, t1, p1) = out[0], out[-1]
        r = (t1 / max(p1, 1)) / (t0 / max(p0, 1)) if t0 else float("nan")
        print(f"per-plan time ratio {n1} vs {n0} VMs: {r:.2f} (1.0 = proportional to "
              f"what a plan touches; {n1 / n0:g} = proportional to the topology)")


if __name__ == "__main__":
    import gc

    gc.disable()  # as the netmap command does (netmap._runtime.gc): a full collection in the
    main()        # middle of the loop would be charged to whichever plan it hit
