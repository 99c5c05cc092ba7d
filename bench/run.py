#!/usr/bin/env python3
"""netmap's scale benchmark: `netmap report` against the floor, per topology size.

For each size (default 10,000, 100,000 and 1,000,000 VMs) it generates a topology into
bench/out/ (reused when already there; --regen to rebuild), then runs, each as its own
process and in the same run:

* the floor: ``python bench/floor.py FILE`` (json.load + a bare networkx graph);
* netmap: ``python -m netmap report FILE --format json -o bench/out/...``
  (or another subcommand with --command, e.g. ``--command mappings``).

It measures each process's wall time and peak resident memory (``os.wait4`` returns the
child's own rusage, so one child's peak never hides another's) and prints a table:
size, floor s, report s, ratio, floor MB, report MB, mem ratio.

usage: python bench/run.py [--sizes 10000,100000,1000000] [--seed 0] [--repeat 1]
                           [--command report] [--regen] [--json FILE] [--out DIR]
                           [--no-phases] [--update-docs | --from-results]

It also runs ``python bench/phases.py FILE --json`` (the report's phases one after
another in one process) per size, for the per-phase table (``--no-phases``: skip it).

``--update-docs`` records the run in bench/results.json and writes its table between the
``bench-results`` markers of README.md and bench/README.md, so the two always show the
same figures; ``--from-results`` rewrites those tables from bench/results.json alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FLOOR = REPO / "bench" / "floor.py"
OUT = REPO / "bench" / "out"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
#: the recorded run that README.md and bench/README.md show (one source for both)
RESULTS = REPO / "bench" / "results.json"
DOCS = (REPO / "README.md", REPO / "bench" / "README.md")
BEGIN = "<!-- bench-results: written by `python bench/run.py --update-docs`; do not edit -->"
END = "<!-- /bench-results -->"
PHASES = REPO / "bench" / "phases.py"
#: the per-phase table (bench/README.md only), from the same recorded run
PHASES_DOC = REPO / "bench" / "README.md"
PBEGIN = "<!-- bench-phases: written by `python bench/run.py --update-docs`; do not edit -->"
PEND = "<!-- /bench-phases -->"


def measure(argv, stem):
    """Run ``argv``; return (wall seconds, peak RSS MB, exit status, stdout, stderr, CPU
    seconds: user and system time of the process and of the children it waited for)."""
    out_path, err_path = OUT / f"{stem}.stdout", OUT / f"{stem}.stderr"
    env = dict(os.environ, NETMAP_CACHE="0", PYTHONPATH=os.pathsep.join(
        [str(REPO)] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])))
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=err, cwd=REPO, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss: kilobytes on Linux, bytes on macOS
    mb = ru.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return wall, mb, p.returncode, out_path.read_text(errors="replace"), \
        err_path.read_text(errors="replace"), ru.ru_utime + ru.ru_stime


def generate(size, seed, regen):
    path = OUT / f"topo-{size}-s{seed}.json"
    if path.exists() and not regen:
        return path, None
    wall, mb, rc, _, err, _ = measure([sys.executable, "-m", "netmap", "generate", "--vms",
                                       str(size), "--seed", str(seed), "-o", str(path)],
                                      f"generate-{size}")
    if rc != 0:
        sys.exit(f"error: netmap generate --vms {size} failed (exit {rc}):\n{err[-2000:]}")
    return path, (wall, mb)


def _shown(path):
    """``path`` relative to the repository when it is inside it."""
    try:
        return path.relative_to(REPO)
    except ValueError:
        return path


def netmap_argv(command, path, size):
    tokens = shlex.split(command)
    sub, extra = tokens[0], tokens[1:]
    if not extra:
        extra = ["--format", "json"]
        if sub == "report":
            extra += ["-o", str(OUT / f"report-{size}.json")]
    return [sys.executable, "-m", "netmap", sub, str(path)] + extra


def best_of(argv, stem, repeat):
    """Best wall time and CPU time of ``repeat`` runs, and their largest peak memory."""
    runs = [measure(argv, stem) for _ in range(repeat)]
    wall = min(r[0] for r in runs)
    mb = max(r[1] for r in runs)
    cpu = min(r[5] for r in runs)
    return wall, mb, runs[-1][2], runs[-1][3], runs[-1][4], cpu


def machine():
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import networkx

    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()};"
            f" Python {platform.python_version()}; networkx {networkx.__version__}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                    help="comma-separated VM counts (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=1, help="best of N runs (default 1)")
    ap.add_argument("--command", default="report",
                    help="netmap subcommand to time, with its options after it "
                         "(default: 'report' = report FILE --format json -o bench/out/...)")
    ap.add_argument("--regen", action="store_true", help="regenerate the topologies")
    ap.add_argument("--json", dest="json_out", default=None,
                    help="also write the results as JSON here")
    ap.add_argument("--update-docs", action="store_true",
                    help="record the results in bench/results.json and write their table "
                         "into README.md and bench/README.md")
    ap.add_argument("--from-results", action="store_true",
                    help="only rewrite the docs' tables from bench/results.json (no run)")
    ap.add_argument("--no-phases", action="store_true",
                    help="skip bench/phases.py (the per-phase table)")
    ap.add_argument("--out", default=None,
                    help="folder for the topologies and outputs (default: bench/out)")
    a = ap.parse_args(argv)
    global OUT
    if a.out:
        OUT = Path(a.out).resolve()
    if a.from_results:
        update_docs(json.loads(RESULTS.read_text()))
        return
    try:
        sizes = [int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--sizes: not a list of integers: {a.sizes!r}")
    if not FLOOR.exists():
        ap.error(f"the floor is missing: {FLOOR}")
    OUT.mkdir(parents=True, exist_ok=True)
    sub = shlex.split(a.command)[0]

    print(f"machine: {machine()}", flush=True)
    rows = []
    for size in sizes:
        path, gen = generate(size, a.seed, a.regen)
        mb_file = path.stat().st_size / 1e6
        note = f"generated in {gen[0]:.1f}s" if gen else "reused"
        print(f"{size:,} VMs: {_shown(path)} ({mb_file:,.0f} MB, {note})", flush=True)
        f_wall, f_mb, f_rc, f_out, f_err, f_cpu = best_of(
            [sys.executable, str(FLOOR), str(path)], f"floor-{size}", a.repeat)
        if f_rc != 0:
            sys.exit(f"error: floor.py failed on {path} (exit {f_rc}):\n{f_err[-2000:]}")
        print(f"  floor: {f_wall:.2f}s {f_mb:,.0f} MB  ({f_out.strip()})", flush=True)
        n_wall, n_mb, n_rc, _, n_err, n_cpu = best_of(netmap_argv(a.command, path, size),
                                                      f"{sub}-{size}", a.repeat)
        status = "ok" if n_rc == 0 else f"exit {n_rc}"
        print(f"  netmap {sub}: {n_wall:.2f}s {n_mb:,.0f} MB ({status})", flush=True)
        if n_rc not in (0, 1):  # 1: `check`/`report --strict` found errors; still timed
            print("  " + n_err.strip()[-1000:].replace("\n", "\n  "), flush=True)
        row = {"size": size, "file_mb": round(mb_file, 1), "floor_s": round(f_wall, 3),
               "netmap_s": round(n_wall, 3), "floor_mb": round(f_mb, 1),
               "netmap_mb": round(n_mb, 1), "exit": n_rc, "command": a.command,
               "floor_out": f_out.strip(), "floor_cpu_s": round(f_cpu, 3),
               "netmap_cpu_s": round(n_cpu, 3)}
        if not a.no_phases:
            p_wall, _, p_rc, p_out, p_err, _ = measure(
                [sys.executable, str(PHASES), str(path), "--json"], f"phases-{size}")
            if p_rc != 0:
                sys.exit(f"error: phases.py failed on {path} (exit {p_rc}):\n{p_err[-2000:]}")
            row["phases"] = json.loads(p_out)["phases"]
            print(f"  phases (one process): {p_wall:.2f}s", flush=True)
        rows.append(row)

    print()
    print(table(rows, sub))
    if any("phases" in r for r in rows):
        print()
        print(phase_table(rows))
    results = {"machine": machine(), "repeat": a.repeat, "seed": a.seed, "rows": rows}
    if a.json_out:
        Path(a.json_out).write_text(json.dumps(results, indent=2) + "\n")
    if a.update_docs:
        if sub != "report" or a.command.strip() != "report":
            ap.error("--update-docs records `netmap report` runs only")
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        update_docs(results)


def table(rows, sub="report"):
    """The Markdown table of ``rows`` (and the growth from 100,000 to 1,000,000 VMs)."""
    cpu = all("netmap_cpu_s" in r for r in rows)
    lines = [f"| VMs | floor s | {sub} s | ratio | floor MB | {sub} MB | mem ratio |"
             + (f" floor CPU s | {sub} CPU s | CPU ratio |" if cpu else ""),
             "|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|---:|" if cpu else "")]
    for r in rows:
        bad = "" if r["exit"] in (0, 1) else f" (exit {r['exit']})"
        lines.append(f"| {r['size']:,} | {r['floor_s']:.2f} | {r['netmap_s']:.2f}{bad} | "
                     f"{r['netmap_s'] / r['floor_s']:.2f}x | {r['floor_mb']:,.0f} | "
                     f"{r['netmap_mb']:,.0f} | {r['netmap_mb'] / r['floor_mb']:.2f}x |"
                     + (f" {r['floor_cpu_s']:.2f} | {r['netmap_cpu_s']:.2f} | "
                        f"{r['netmap_cpu_s'] / r['floor_cpu_s']:.2f}x |" if cpu else ""))
    by = {r["size"]: r for r in rows}
    if 100_000 in by and 1_000_000 in by:
        g = by[1_000_000]["netmap_s"] / by[100_000]["netmap_s"]
        fg = by[1_000_000]["floor_s"] / by[100_000]["floor_s"]
        lines.append(f"\n`{sub}` time from 100,000 to 1,000,000 VMs: ×{g:.1f} (goal ≤ 10.5);"
                     f" the floor's: ×{fg:.1f}.")
    return "\n".join(lines)


def results_block(results):
    """The results as README.md and bench/README.md show them (between the markers)."""
    n = results["repeat"]
    best = f"best of {n} runs for time, the largest peak for memory" if n > 1 else "one run"
    head = (f"Measured with `python bench/run.py --repeat {n}` ({best}; generator seed"
            f" {results['seed']}) on {results['machine']}. Wall time of each whole process"
            " and its peak resident memory"
            + (" (and its CPU time, user and system, children included: the report's"
               " forked helper counts, so the CPU ratio is the work done, which a busy"
               " machine disturbs less than the wall time)"
               if all("netmap_cpu_s" in r for r in results["rows"]) else "") + ":")
    return "\n".join(textwrap.wrap(head, 90)) + "\n\n" + table(results["rows"])


def phase_table(rows):
    """The per-phase table: CPU seconds of each phase of the report at each size (one
    process, bench/phases.py), and the growth from 100,000 to 1,000,000 VMs."""
    rows = [r for r in rows if "phases" in r]
    sizes = [r["size"] for r in rows]
    names = []
    for r in rows:
        for ph in r["phases"]:
            if ph["phase"] not in names:
                names.append(ph["phase"])
    cpu = {r["size"]: {ph["phase"]: ph["cpu_s"] for ph in r["phases"]} for r in rows}
    grow = 100_000 in cpu and 1_000_000 in cpu
    head = "| phase | " + " | ".join(f"{n:,} VMs" for n in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)
    if grow:
        head += " growth 100k → 1M |"
        rule += "---:|"
    lines = [head, rule]
    for name in names + ["total"]:
        vals = [sum(cpu[n].values()) if name == "total" else cpu[n].get(name) for n in sizes]
        cells = ["" if x is None else f"{x:.2f}" for x in vals]
        line = f"| {name} | " + " | ".join(cells) + " |"
        if grow:
            a = sum(cpu[100_000].values()) if name == "total" else cpu[100_000].get(name)
            b = sum(cpu[1_000_000].values()) if name == "total" else cpu[1_000_000].get(name)
            # phases under 50 ms at 100k are noise: their growth is not a measurement
            line += (f" ×{b / a:.1f} |" if a and b is not None and a >= 0.05 else " – |")
        lines.append(line)
    return "\n".join(lines)


def phases_block(results):
    """The per-phase table as bench/README.md shows it (between its markers)."""
    head = ("CPU seconds of each phase of `netmap report`, run one after another in one "
            "process by `bench/phases.py` (the load's checks, the plans section, site outages "
            "and the failback outlook included, which the report computes in forked "
            "processes), in the same run as the table above:")
    return "\n".join(textwrap.wrap(head, 90)) + "\n\n" + phase_table(results["rows"])


def _replace_block(text, path, begin, end, block):
    head, sep, rest = text.partition(begin)
    _, sep2, tail = rest.partition(end)
    if not sep or not sep2:
        sys.exit(f"error: {path} has no {begin} ... {end} block")
    return f"{head}{begin}\n{block}\n{end}{tail}"


def update_docs(results, files=None):
    """Write ``results_block(results)`` between the markers of README.md and bench/README.md,
    and the per-phase table (when the run has one) between bench/README.md's own."""
    block = results_block(results)
    new = {}
    for path in files or DOCS:
        text = _replace_block(path.read_text(), path, BEGIN, END, block)
        if path == PHASES_DOC and any("phases" in r for r in results["rows"]):
            text = _replace_block(text, path, PBEGIN, PEND, phases_block(results))
        new[path] = text
    for path, text in new.items():
        path.write_text(text)
        print(f"updated {_shown(path)}")

if __name__ == "__main__":
    main()
