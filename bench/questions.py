#!/usr/bin/env python3
"""Single questions after one load, in Python: how long each takes, cold and warm.

usage: python bench/questions.py FILE.json [--samples 5] [--json] [--cli]

Loads FILE once (``netmap.load``), then asks, for a few samples each (chosen
deterministically, spread over the topology):

* failover: one recovery plan, its primary site down (``t.failover``): the view, the
  replica NICs of the plan's VMs and the groups they join or leave (what the plan
  touches); and "failover, whole answer": its ``to_dict()``, which by the JSON contract
  lists every VM of the topology with its state, every group and every isolated VM, so
  costs time in proportion to the topology, not to the plan;
* reach: one pair of VMs of different sites, after a failover of the first one's plan
  (``t.reach``);
* failback: one protected VM (``t.failback(vms=[v])``);
* targets: one network's target choices (``t.target_choices``).

Each question is timed whole, answer materialized (``to_dict()``). *first* is the very
first question of its kind after the load (it pays whatever a topology computes once on
first use, e.g. the placement of a cluster of clouds or the failover addresses); the
others are later samples, a fresh sample each (nothing cached per question). The goal
(bench/README.md): every single question under 50 ms at 100,000 VMs. Nothing here is
asserted by the tests: figures depend on the machine.

``--cli`` also times one plan's failover from the command line, whole processes against
``bench/floor.py`` (best of 2): without the cache (``NETMAP_CACHE=0``), when it writes the
cache (an empty, private cache folder) and from the cache.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import netmap  # noqa: E402


def spread(items, n):
    """``n`` items of the sorted ``items``, evenly spread (deterministic)."""
    items = sorted(items)
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def questions(t, samples):
    """``{kind: [(label, callable)]}`` of the questions asked."""
    ix = t
    plans = [p for p in spread(ix.plan, samples * 4)
             if any(ix.cloud[ix.vm[v].cloud].protected for g in ix.plan[p] for v in g)]
    plans = plans[:samples]

    def site_of(p):
        return sorted({ix.cloud[ix.vm[v].cloud].site for g in ix.plan[p] for v in g
                       if ix.cloud[ix.vm[v].cloud].protected})

    protected = [v for v in spread(ix.vm, samples * 20)
                 if ix.cloud[ix.vm[v].cloud].protected]
    pairs = []
    everyone = spread(ix.vm, len(ix.vm))
    for p in plans:
        a = ix.plan[p][0][0]
        others = [v for v in protected if ix.site_of_vm(v) != ix.site_of_vm(a)] or \
            [v for v in everyone if ix.site_of_vm(v) != ix.site_of_vm(a)][:samples] or \
            [v for v in everyone if v != a][:samples]
        if others:
            pairs.append((p, a, others[len(pairs) % len(others)]))
    nets = spread(ix.net, samples)
    def plan_failover(p):
        """The plan's failover as a Python user reads it: the view, the replica NICs of
        the plan's VMs, the groups of networks they join or leave."""
        v = t.failover(netmap.Scenario(plans=[p], sites_down=site_of(p))).view
        return [v.replica_nics(x) for x in v.failed_over], v.touched_groups()

    return {
        "failover": [(p, lambda p=p: plan_failover(p)) for p in plans],
        "failover, whole answer": [(p, lambda p=p: t.failover(netmap.Scenario(
            plans=[p], sites_down=site_of(p))).to_dict()) for p in plans],
        "reach": [(f"{a}->{b}", lambda p=p, a=a, b=b: t.reach(a, b, netmap.Scenario(
            plans=[p], sites_down=site_of(p))).to_dict()) for p, a, b in pairs],
        "failback": [(v, lambda v=v: t.failback(vms=[v]).to_dict())
                     for v in protected[:samples]],
        "targets": [(n, lambda n=n: t.target_choices(n).to_dict()) for n in nets],
    }


def _process(argv, env):
    """Run ``argv``; its (wall s, CPU s of the process and its children)."""
    import os
    import subprocess

    w = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO,
                         env=env)
    _, status, ru = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"error: {' '.join(argv)} failed: {p.stderr.read().decode()[-2000:]}")
    p.stderr.close()
    return time.perf_counter() - w, ru.ru_utime + ru.ru_stime


def cli(path, repeat=2):
    """One question from the command line (one plan's failover, JSON) against the floor,
    whole processes, best of ``repeat``: without the cache, when it writes the cache (an
    empty cache folder) and from the cache. ``{name: (wall s, CPU s)}``."""
    import os
    import shutil
    import tempfile

    t = netmap.load(path)
    (p, _), = questions(t, 1)["failover"][:1]
    sites = sorted({t.cloud[t.vm[v].cloud].site for g in t.plan[p] for v in g
                    if t.cloud[t.vm[v].cloud].protected})
    del t
    q = [sys.executable, "-m", "netmap", "failover", str(path), "--plan", p, "--format",
         "json"] + [x for s in sites for x in ("--site-down", s)]
    base = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO)] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])))
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o700)
        cached = dict(base, XDG_CACHE_HOME=tmp, NETMAP_CACHE="1")
        runs = {"floor": [], "question, no cache": [], "question, writing the cache": [],
                "question, from the cache": []}
        for i in range(repeat):
            runs["floor"].append(_process([sys.executable, str(REPO / "bench" / "floor.py"),
                                           str(path)], base))
            runs["question, no cache"].append(_process(q, dict(base, NETMAP_CACHE="0")))
            for f in os.listdir(tmp):
                shutil.rmtree(os.path.join(tmp, f))
            runs["question, writing the cache"].append(_process(q, cached))
            runs["question, from the cache"].append(_process(q, cached))
        for k, v in runs.items():
            out[k] = (min(x[0] for x in v), min(x[1] for x in v))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--samples", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--cli", action="store_true",
                    help="also time one failover from the command line against the floor "
                         "(whole processes: no cache, writing it, from it)")
    a = ap.parse_args(argv)
    # the collector stays on, as a Python user has it (netmap.load exempts a large load
    # from its passes: netmap._runtime.gc.keep)
    t0 = time.perf_counter()
    t = netmap.load(a.file)
    load_s = time.perf_counter() - t0
    out = {"file": a.file, "vms": len(t.vm), "load_s": round(load_s, 3), "questions": {}}
    for kind, qs in questions(t, a.samples).items():
        times = []
        for label, fn in qs:
            w = time.perf_counter()
            fn()
            times.append((label, (time.perf_counter() - w) * 1000))
        ms = [x[1] for x in times]
        out["questions"][kind] = {
            "first_ms": round(ms[0], 2) if ms else None,
            "median_ms": round(statistics.median(ms), 2) if ms else None,
            "max_ms": round(max(ms), 2) if ms else None,
            "samples": [[lab, round(x, 2)] for lab, x in times]}
    if a.cli:
        del t
        got = cli(a.file)
        floor = got["floor"]
        out["cli"] = {k: {"wall_s": round(w, 2), "cpu_s": round(c, 2),
                          "wall_ratio": round(w / floor[0], 2),
                          "cpu_ratio": round(c / floor[1], 2)} for k, (w, c) in got.items()}
    if a.json:
        print(json.dumps(out, indent=2))
        return
    print(f"{a.file}: {out['vms']:,} VMs, loaded in {load_s:.2f}s")
    for kind, q in out["questions"].items():
        if q["first_ms"] is None:
            print(f"  {kind:22s} (no sample)")
            continue
        print(f"  {kind:22s} first {q['first_ms']:9.2f} ms  median {q['median_ms']:9.2f} ms"
              f"  max {q['max_ms']:9.2f} ms  ({len(q['samples'])} samples)")
    for k, c in out.get("cli", {}).items():
        print(f"  {k:28s} wall {c['wall_s']:6.2f}s ({c['wall_ratio']:.2f}x floor)  "
              f"CPU {c['cpu_s']:6.2f}s ({c['cpu_ratio']:.2f}x floor)")


if __name__ == "__main__":
    main()
