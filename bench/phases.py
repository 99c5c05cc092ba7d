#!/usr/bin/env python3
"""`netmap report`'s phases, one after another in one process, on one topology file.

usage: python bench/phases.py FILE.json [--json]

Runs what ``netmap report FILE --format json`` runs, in its order but each phase on its
own and all in this process (``NETMAP_WORKERS=1``: the load's checks and the sections
the report computes in forked processes included): load (read, parse, shape and
reference checks, graph build), index (the records), the all-VM view, placements, plan
views, each check rule, the mappings, unavailable targets, plans, addresses and joins
sections, site outages, the failback outlook and the JSON text. For each phase it prints
its wall and CPU seconds and the process's resident memory after it (MB). ``--json``
prints them as one JSON object instead (``bench/run.py`` records it per size, for the
per-phase table of bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# every phase in this process, the load's checks included (netmap forks them aside for a
# large file: their CPU time would not be counted here)
os.environ["NETMAP_WORKERS"] = "1"

from netmap._runtime.gc import paused  # noqa: E402
from netmap.analysis import survey  # noqa: E402
from netmap.analysis.checks import RULES, Analysis  # noqa: E402
from netmap.analysis.mapping import mappings  # noqa: E402
from netmap.answers.placement import bounded_rows  # noqa: E402
from netmap.answers.report import Report  # noqa: E402
from netmap.io.load import load_graph  # noqa: E402
from netmap.model.topology import as_topology  # noqa: E402


def rss_mb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write_null(chunks):
    """Write the pieces as ``report --format json -o FILE`` does, to the null device."""
    with open(os.devnull, "wb") as f:
        for piece in chunks:
            f.write(piece)


def phases(path):
    """``[(phase, wall s, cpu s, rss MB after)]`` of the report of ``path``."""
    out = []

    def timed(name, fn):
        w, c = time.perf_counter(), time.process_time()
        value = fn()
        out.append((name, time.perf_counter() - w, time.process_time() - c, rss_mb()))
        return value

    with paused():
        G = timed("load", lambda: load_graph(path))
        ix = timed("index", lambda: as_topology(G))
        a = Analysis(ix)
        timed("all-VM view", lambda: a.all_view)
        timed("placements", lambda: a.placements)
        timed("plan views", lambda: a.plan_views)
        findings, done = [], set()
        for r in RULES:
            if r.fn in done:
                continue
            done.add(r.fn)
            codes = "/".join(x.code for x in RULES if x.fn is r.fn)
            findings.extend(timed(codes, lambda r=r: list(r.fn(a))))
        findings.sort(key=lambda f: (f["code"], f["object"], f["message"]))
        data = {"title": ix.name or None, "source": ix.graph.graph.get("source"),
                "whatif": survey.describe_whatif(a.scenario),
                "summary": survey.summary(a, findings),
                "findings_by_code": survey.findings_by_code(findings),
                "placements": bounded_rows(a.placements), "findings": findings}
        data["mappings"] = timed("mappings", lambda: mappings(ix))
        data["unavailable_targets"] = timed("unavailable targets",
                                            lambda: survey.unavailable_targets(a))
        data["plans"] = timed("plans section", lambda: survey.plans(a))
        data["addresses"] = timed("addresses section", lambda: survey.addresses(a))
        data["joins"] = timed("joins section", lambda: survey.joins(a))
        data["site_outages"] = timed("site outages", lambda: survey.site_outages(a))
        data["failback"] = timed("failback outlook", lambda: survey.failback_outlook(a))
        timed("JSON text", lambda: _write_null(Report(data, a).json_chunks()))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args(argv)
    rows = phases(a.file)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if a.json:
        print(json.dumps({"phases": [{"phase": n, "wall_s": round(w, 3), "cpu_s": round(c, 3),
                                      "rss_mb": round(m, 1)} for n, w, c, m in rows],
                          "peak_mb": round(peak, 1)}))
        return
    for n, w, c, m in rows:
        print(f"{n:22s} wall {w:8.3f}s  cpu {c:8.3f}s  rss {m:8,.0f} MB")
    print(f"{'total':22s} wall {sum(r[1] for r in rows):8.3f}s  cpu "
          f"{sum(r[2] for r in rows):8.3f}s  peak {peak:8,.0f} MB")


if __name__ == "__main__":
    main()
