"""Run every ``netmap`` command on every fixture and keep what it printed and wrote.

A safety net for refactoring: take a snapshot before a change, another after, and
compare them byte for byte::

    python3 tools/cli_snapshot.py /tmp/before            # on the old code
    python3 tools/cli_snapshot.py /tmp/after             # on the new code
    python3 tools/cli_snapshot.py --compare /tmp/before /tmp/after

Each run is one process (``python3 -m netmap ...``); its stdout, stderr, exit status and
every file it wrote are stored under a name made from the command line. ``--vms N``
adds a generated topology of N VMs (default 10,000; 0 leaves it out).
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures"


def _names(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except Exception:  # invalid fixtures: no names, only the plain commands
        return {}
    if not isinstance(data, dict):
        return {}

    def names(key):
        out = []
        for item in data.get(key) or []:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                out.append(item["name"])
        return out

    return {
        "networks": names("vm_networks") + names("azure_networks"),
        "vms": names("vms"),
        "plans": names("recovery_plans"),
        "sites": names("sites"),
    }


def commands(vms: int, work: Path) -> list[tuple[str, list[str]]]:
    """Every (label, argv) to run; ``{out}`` in argv is an output file to keep."""
    runs: list[tuple[str, list[str]]] = []
    tops = sorted(FIX.glob("*.yaml")) + sorted((FIX / "checks").glob("*.yaml"))
    invalid = sorted((FIX / "invalid").iterdir())
    for p in tops:
        rel = str(p.relative_to(ROOT))
        n = _names(p)
        runs += [
            (rel, ["mappings", rel]),
            (rel, ["mappings", rel, "--format", "json"]),
            (rel, ["place", rel, "--all"]),
            (rel, ["place", rel, "--all", "--format", "json"]),
            (rel, ["failover", rel, "--all"]),
            (rel, ["failover", rel, "--all", "--format", "json"]),
            (rel, ["failback", rel]),
            (rel, ["failback", rel, "--format", "json"]),
            (rel, ["check", rel]),
            (rel, ["check", rel, "--format", "json"]),
            (rel, ["report", rel, "-q"]),
            (rel, ["report", rel, "-q", "--format", "markdown"]),
            (rel, ["report", rel, "-q", "--format", "json"]),
            (rel, ["report", rel, "-q", "--format", "html", "-o", "{out}.html"]),
            (rel, ["export", rel, "--to", "graphml"]),
            (rel, ["export", rel, "--to", "json"]),
            (rel, ["draw", rel, "-o", "{out}.png"]),
            (rel, ["draw", rel, "--view", "failover", "--all", "-o", "{out}.svg"]),
            (rel, ["failover", rel, "--vm", "ZZZZ"]),
            (rel, ["failback", rel, "--vm", "ZZZZ"]),
            (rel, ["targets", rel, "NO-SUCH-NET"]),
        ]
        for net in n.get("networks", [])[:4]:
            runs.append((rel, ["targets", rel, net]))
            runs.append((rel, ["targets", rel, net, "--format", "json"]))
            runs.append((rel, ["failover", rel, "--all", "--test-network", net]))
            runs.append((rel, ["check", rel, "--test-network", net]))
            runs.append((rel, ["mappings", rel, "--unmap", net]))
        for plan in n.get("plans", [])[:3]:
            runs.append((rel, ["failover", rel, "--plan", plan]))
            runs.append((rel, ["failover", rel, "--plan", plan, "--format", "json"]))
            runs.append((rel, ["draw", rel, "--view", "plan", "--plan", plan,
                               "-o", "{out}.png"]))
        for site in n.get("sites", [])[:3]:
            runs.append((rel, ["failover", rel, "--site-down", site]))
            runs.append((rel, ["place", rel, "--site-down", site, "--all"]))
            runs.append((rel, ["report", rel, "-q", "--remap", f"{site}=x"]))
        vm_names = n.get("vms", [])
        for a in vm_names[:3]:
            runs.append((rel, ["failover", rel, "--vm", a]))
            runs.append((rel, ["failback", rel, "--vm", a]))
            runs.append((rel, ["failback", rel, "--vm", a, "--replica-nic", f"{a}=-"]))
            for b in vm_names[:4]:
                if a != b:
                    runs.append((rel, ["reach", rel, a, b, "--all"]))
                    runs.append((rel, ["reach", rel, a, b, "--format", "json"]))
            if len(vm_names) > 1:
                runs.append((rel, ["draw", rel, "--view", "path", "--from", a,
                                   "--to", vm_names[-1], "--all", "-o", "{out}.png"]))
        nets = n.get("networks", [])
        if len(nets) >= 2:
            runs.append((rel, ["failover", rel, "--all", "--remap", f"{nets[0]}={nets[1]}"]))
            runs.append((rel, ["diff", rel, rel, "--all", "--remap", f"{nets[0]}={nets[1]}"]))
    for p in invalid:
        rel = str(p.relative_to(ROOT))
        runs += [(rel, ["check", rel]), (rel, ["report", rel, "-q"]),
                 (rel, ["mappings", rel])]
    before, after = "fixtures/diff-before.yaml", "fixtures/diff-after.yaml"
    runs += [
        ("diff", ["diff", before, after, "--all"]),
        ("diff", ["diff", before, after, "--all", "--format", "json"]),
        ("diff", ["diff", before, after, "--all", "--limit", "1"]),
        ("example", ["report", "-q"]),
        ("example", ["check"]),
        ("example", ["draw", "-o", "{out}.png"]),
        ("schema", ["schema"]),
        ("asr", ["import", "asr", "fixtures/asr"]),
        ("asr", ["import", "asr", "fixtures/asr", "-o", "{out}.json"]),
        ("help", ["--help"]),
        ("generate", ["generate", "--vms", "300", "--seed", "3", "-o", "{out}.yaml"]),
        ("generate", ["generate", "--vms", "300", "--seed", "3", "-o", "{out}.json"]),
    ]
    for cmd in ("check", "diff", "draw", "export", "failback", "failover", "generate",
                "import", "mappings", "place", "reach", "report", "schema", "targets"):
        runs.append(("help", [cmd, "--help"]))
    if vms:
        big = work / f"gen{vms}.json"
        rel = str(big)
        runs += [
            ("gen", ["report", rel, "-q"]),
            ("gen", ["report", rel, "-q", "--format", "json"]),
            ("gen", ["check", rel, "--format", "json"]),
            ("gen", ["failover", rel, "--all", "--format", "json"]),
            ("gen", ["place", rel, "--all", "--format", "json"]),
            ("gen", ["failback", rel, "--format", "json"]),
            ("gen", ["mappings", rel, "--format", "json"]),
            ("gen", ["diff", rel, rel, "--all", "--site-down", "site-000"]),
        ]
    return runs


def _run(key: str, argv: list[str], out_dir: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="snap-"))
    try:
        outfile = str(tmp / "out")
        args = [a.replace("{out}", outfile) for a in argv]
        env = dict(os.environ, COLUMNS="100", PYTHONHASHSEED="0", MPLBACKEND="Agg",
                   PYTHONPATH=str(ROOT))
        p = subprocess.run([sys.executable, "-m", "netmap", *args], cwd=ROOT, env=env,
                           capture_output=True, timeout=900)
        d = out_dir / key
        d.mkdir(parents=True, exist_ok=True)
        (d / "argv").write_text(" ".join(argv) + "\n")
        (d / "stdout").write_bytes(p.stdout)
        (d / "stderr").write_bytes(p.stderr.replace(outfile.encode(), b"{out}"))
        (d / "rc").write_text(f"{p.returncode}\n")
        for f in sorted(tmp.iterdir()):
            shutil.copyfile(f, d / ("file" + f.suffix))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def snapshot(out_dir: Path, vms: int, jobs: int) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.gettempdir()) / "netmap-snapshot"  # fixed: reports name the file
    work.mkdir(exist_ok=True)
    try:
        if vms:
            subprocess.run([sys.executable, "-m", "netmap", "generate", "--vms", str(vms),
                            "--seed", "0", "-o", str(work / f"gen{vms}.json")],
                           cwd=ROOT, check=True)
        runs = commands(vms, work)
        with cf.ThreadPoolExecutor(jobs) as ex:
            futs = []
            for label, argv in runs:
                text = " ".join(argv).replace(str(work), "GEN")
                key = hashlib.sha1(text.encode()).hexdigest()[:16]
                argv = list(argv)
                futs.append(ex.submit(_run, key, argv, out_dir))
            for f in futs:
                f.result()
        print(f"{len(runs)} runs stored in {out_dir}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def compare(a: Path, b: Path) -> int:
    bad = 0
    keys = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    for k in keys:
        da, db = a / k, b / k
        if not da.exists() or not db.exists():
            print(f"only in one snapshot: {k}")
            bad += 1
            continue
        names = sorted({p.name for p in da.iterdir()} | {p.name for p in db.iterdir()})
        for n in names:
            fa, fb = da / n, db / n
            if not fa.exists() or not fb.exists() or fa.read_bytes() != fb.read_bytes():
                argv = (da / "argv").read_text().strip()
                print(f"differs: netmap {argv}  [{n}]")
                bad += 1
    print(f"{len(keys)} runs compared, {bad} differences")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--compare", action="store_true")
    ap.add_argument("--vms", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ns = ap.parse_args()
    if ns.compare:
        if len(ns.dirs) != 2:
            ap.error("--compare takes two snapshot folders")
        return compare(*ns.dirs)
    if len(ns.dirs) != 1:
        ap.error("one snapshot folder")
    return snapshot(ns.dirs[0], ns.vms, ns.jobs)


if __name__ == "__main__":
    sys.exit(main())
