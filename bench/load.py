#!/usr/bin/env python3
"""Time ``netmap.io.load.load`` phase by phase against the floor, on one topology file.

usage: python bench/load.py FILE.json [--repeat N] [--profile [--top K]] [--no-gc]
                             [--clock wall|cpu]

Phases: read (bytes + UTF-8), parse (json/yaml), shape (schema.check_shape), refs
(io.check_references), build (graph.build_graph), with the cyclic GC paused over them as
``io.load`` does; index (index.index); then ``load`` end to end. The floor is
``bench/floor.py``'s ``json.load`` + ``build``, run in this process first
(best of N as well). ``--profile`` runs cProfile over the phases and prints the
functions with the most own time. ``--no-gc`` runs everything, the floor included, with
the cyclic garbage collector off, to show what it costs. ``--clock cpu`` measures
process CPU time instead of wall time (steadier on a busy machine).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib.util
import io as _io
import json
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FLOOR = REPO / "bench" / "floor.py"
sys.path.insert(0, str(REPO))

from netmap.io import load as nio  # noqa: E402
from netmap.io import schema  # noqa: E402
from netmap.model.graph import build_graph  # noqa: E402
from netmap.model.topology import as_topology as index  # noqa: E402

try:
    from netmap._runtime.gc import paused  # noqa: E402
except ImportError:  # an older netmap: load ran with the GC on
    from contextlib import nullcontext as paused  # noqa: E402


_clock = time.perf_counter


def _floor_module():
    spec = importlib.util.spec_from_file_location("netmap_floor", FLOOR)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def floor_once(floor, path):
    t0 = _clock()
    with open(path, "rb") as f:
        topo = json.load(f)
    t1 = _clock()
    g = floor.build(topo)
    t2 = _clock()
    return {"parse": t1 - t0, "build": t2 - t1, "total": t2 - t0,
            "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def phases_once(path):
    """The phases of ``io.load`` (GC paused over read..build, as ``load`` does)."""
    with paused():
        out, G = _phases(path)
    t = _clock()
    index(G)
    out["index"] = _clock() - t
    out["load"] = out["read"] + out["parse"] + out["shape"] + out["refs"] + out["build"]
    out["nodes"], out["edges"] = G.number_of_nodes(), G.number_of_edges()
    return out


def _phases(path):
    out = {}
    t = _clock()
    with open(path, "rb") as f:
        text = f.read().decode("utf-8-sig")
    out["read"] = _clock() - t
    t = _clock()
    data = nio.parse_text(text, str(path))
    out["parse"] = _clock() - t
    t = _clock()
    found = schema.check_shape(data)
    out["shape"] = _clock() - t
    t = _clock()
    found += nio.check_references(data)
    out["refs"] = _clock() - t
    if found:
        raise SystemExit(f"{path}: {len(found)} problems, first: {found[0]}")
    t = _clock()
    G = build_graph(data, source=str(path))
    out["build"] = _clock() - t
    return out, G


def load_once(path):
    t = _clock()
    G = nio.load_graph(path)
    return _clock() - t, G


def best(runs):
    keys = [k for k in runs[0] if k not in ("nodes", "edges")]
    out = {k: min(r[k] for r in runs) for k in keys}
    out["nodes"], out["edges"] = runs[0]["nodes"], runs[0]["edges"]
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--repeat", type=int, default=1, help="best of N (default 1)")
    ap.add_argument("--profile", action="store_true", help="cProfile parse..index")
    ap.add_argument("--top", type=int, default=30, help="functions to show with --profile")
    ap.add_argument("--no-gc", action="store_true", help="disable the cyclic GC")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="wall time (default) or process CPU time")
    a = ap.parse_args(argv)
    global _clock
    _clock = time.perf_counter if a.clock == "wall" else time.process_time
    if a.no_gc:
        gc.disable()
    floor = _floor_module()

    fl = []
    for _ in range(a.repeat):
        fl.append(floor_once(floor, a.file))
        gc.collect()
    f = best(fl)
    print(f"floor: parse {f['parse']:.3f}s  build {f['build']:.3f}s  total {f['total']:.3f}s"
          f"  ({f['nodes']:,} nodes, {f['edges']:,} edges)")

    ph = []
    for _ in range(a.repeat):
        ph.append(phases_once(a.file))
        gc.collect()
    p = best(ph)
    names = ("read", "parse", "shape", "refs", "build", "index")
    print("netmap: " + "  ".join(f"{k} {p[k]:.3f}s" for k in names)
          + f"  ({p['nodes']:,} nodes, {p['edges']:,} edges)")
    ld = min(load_once(a.file)[0] for _ in range(a.repeat))
    gc.collect()
    print(f"netmap: read..build {p['load']:.3f}s = {p['load'] / f['total']:.2f}x floor;"
          f"  + index {p['load'] + p['index']:.3f}s ="
          f" {(p['load'] + p['index']) / f['total']:.2f}x floor;"
          f"  netmap.io.load.load end to end {ld:.3f}s = {ld / f['total']:.2f}x floor")

    if a.profile:
        gc.collect()
        prof = cProfile.Profile()
        prof.enable()
        with paused():
            _, G = _phases(a.file)
        index(G)
        prof.disable()
        s = _io.StringIO()
        st = pstats.Stats(prof, stream=s)
        st.sort_stats("tottime").print_stats(a.top)
        print(s.getvalue())


if __name__ == "__main__":
    main()
