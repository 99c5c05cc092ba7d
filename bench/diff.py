#!/usr/bin/env python3
"""Time ``netmap diff`` against ``netmap failover --all`` on a generated topology.

usage: python bench/diff.py [--vms N] [--seed S] [--dir DIR] [--repeat R] [--profile]

Generates an N-VM topology (``netmap.io.generate``, default 100,000 VMs), writes it and a
copy that differs in one network mapping (the mapped network with the most protected
VMs gets another target) as compact JSON, then times, best of R, as separate processes:

* ``netmap failover OLD --all --format json``
* ``netmap diff OLD NEW --format json``            (two files)
* ``netmap diff OLD OLD --remap S=T --format json``  (one file, what-if)

and prints the ratios to failover (goal: diff within 3x failover) and an in-process
breakdown of diff (load both sides, evaluate, the diff itself). Output goes to
/dev/null; nothing is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io as _io
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from netmap.io.generate import generate  # noqa: E402


def one_mapping_changed(data):
    """``(source, old_target, new_target)``: the mapped VM network with most NICs on it
    gets the target of another mapping onto the same side (a different network)."""
    on = Counter(n["network"] for v in data["vms"] for n in v.get("nics", ()))
    maps = data.get("network_mappings", [])
    vmnets = {n["name"]: n for n in data.get("vm_networks", [])}
    by_target_site = {}
    for m in maps:
        t = vmnets.get(m["target"])
        if t is not None:
            by_target_site.setdefault(t["logical_network"], []).append(m["target"])
    best = None
    for m in sorted(maps, key=lambda m: (-on[m["source"]], m["source"])):
        t = vmnets.get(m["target"])
        if t is None:
            continue
        for other in sorted(set(by_target_site.get(t["logical_network"], ()))):
            if other not in (m["target"], m["source"]):
                best = (m, other)
                break
        if best:
            break
    if best is None:
        raise SystemExit("no mapping to change")
    m, other = best
    old = m["target"]
    m["target"] = other
    return m["source"], old, other


def timed(args, repeat):
    """Best of ``repeat`` runs of ``netmap ARGS`` as a process: ``(wall, cpu)`` seconds.

    CPU time (user + system of the child) is printed too: on a shared machine it moves
    much less than wall time."""
    best = None
    for _ in range(repeat):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "netmap", *args], cwd=REPO,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        dt = time.perf_counter() - t
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        if p.returncode != 0:
            raise SystemExit(f"netmap {' '.join(args)} failed ({p.returncode}): {p.stderr}")
        best = (dt, cpu) if best is None else (min(best[0], dt), min(best[1], cpu))
    return best


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vms", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", default=None, help="where to write the two files (default: a "
                                                "temporary directory, removed afterwards)")
    ap.add_argument("--repeat", type=int, default=1, help="best of R (default 1)")
    ap.add_argument("--profile", action="store_true", help="cProfile the in-process diff")
    a = ap.parse_args(argv)

    tmp = None
    if a.dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="netmap-bench-diff-")
        where = Path(tmp.name)
    else:
        where = Path(a.dir)
        where.mkdir(parents=True, exist_ok=True)
    try:
        t = time.perf_counter()
        data = generate(a.vms, seed=a.seed)
        old_path = where / f"diff-old-{a.vms}.json"
        new_path = where / f"diff-new-{a.vms}.json"
        old_path.write_text(json.dumps(data, separators=(",", ":")) + "\n")
        src, was, now = one_mapping_changed(data)
        new_path.write_text(json.dumps(data, separators=(",", ":")) + "\n")
        del data
        print(f"{a.vms:,} VMs (seed {a.seed}): generated and written in "
              f"{time.perf_counter() - t:.1f}s; NEW maps {src} to {now} instead of {was}")

        tf = timed(["failover", str(old_path), "--all", "--format", "json"], a.repeat)
        td = timed(["diff", str(old_path), str(new_path), "--format", "json"], a.repeat)
        tw = timed(["diff", str(old_path), str(old_path), "--remap", f"{src}={now}",
                    "--format", "json"], a.repeat)
        print("                        wall     cpu   (wall and cpu ratio to failover)")
        for name, (w, c) in (("failover --all", tf), ("diff OLD NEW", td),
                             ("diff OLD OLD --remap", tw)):
            print(f"{name:22s} {w:7.2f}s {c:7.2f}s   {w / tf[0]:.2f}x  {c / tf[1]:.2f}x"
                  + ("   (goal <= 3x)" if name == "diff OLD NEW" else ""))

        # in-process breakdown
        from netmap import load
        from netmap.answers.diff import diff
        from netmap.answers.failover import failover
        from netmap.answers.answer import dumps
        from netmap.model.scenario import Scenario

        clock = time.process_time
        t0 = clock()
        G_old = load(old_path)
        t1 = clock()
        G_new = load(new_path)
        t2 = clock()
        fo = failover(G_old, Scenario(all=True)).to_dict()
        t3 = clock()
        dumps(fo)
        t4 = clock()
        prof = cProfile.Profile() if a.profile else None
        if prof:
            prof.enable()
        d = diff(G_new, G_old, Scenario(all=True)).to_dict()  # fresh views of both sides
        t5 = clock()
        if prof:
            prof.disable()
        dumps(d)
        t6 = clock()
        r = d["reachability"]
        print(f"in process (cpu): load {t1 - t0:.2f}s + {t2 - t1:.2f}s; failover --all "
              f"{t3 - t2:.2f}s (+ JSON {t4 - t3:.2f}s); diff {t5 - t4:.2f}s "
              f"(+ JSON {t6 - t5:.2f}s)")
        print(f"diff (NEW -> OLD): {len(d['mappings']['changed'])} mapping changed, "
              f"{len(d['nics'])} replica NICs, {len(d['placements'])} placements, "
              f"{r['gained_count']:,} pairs gained, {r['lost_count']:,} lost")
        if prof:
            s = _io.StringIO()
            pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(25)
            print(s.getvalue())
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
