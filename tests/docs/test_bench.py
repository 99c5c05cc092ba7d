"""The benchmark ships its own floor (bench/floor.py) and its scripts use it."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def bench_dir(repo_root):
    return repo_root / "bench"


def _module(path):
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _env(repo_root):
    path = os.pathsep.join([str(repo_root)] + ([os.environ["PYTHONPATH"]]
                                          if os.environ.get("PYTHONPATH") else []))
    return dict(os.environ, PYTHONPATH=path)


def _tiny(run, tmp_path, vms=40):
    path = tmp_path / f"topo-{vms}.json"
    code, _, err = run("generate", "--vms", vms, "--seed", 1, "-o", path)
    assert code == 0, err
    return path


def test_floor_runs_on_a_tiny_generated_topology(run, tmp_path, bench_dir, repo_root):
    path = _tiny(run, tmp_path)
    p = subprocess.run([sys.executable, str(bench_dir / "floor.py"), str(path)],
                       capture_output=True, text=True, cwd=tmp_path, env=_env(repo_root))
    assert p.returncode == 0, p.stderr
    m = re.fullmatch(r"floor_s=(\d+\.\d{3}) nodes=(\d+) edges=(\d+)\n", p.stdout)
    assert m, p.stdout
    topo = json.loads(path.read_text())
    objects = sum(len(topo.get(k) or ()) for k in (
        "sites", "vmm_servers", "logical_networks", "vm_networks", "azure_networks",
        "clouds", "hosts", "vms", "recovery_plans"))
    subnets = sum(len(n.get("subnets", ())) for n in topo.get("vm_networks", ()))
    nics = sum(len(v.get("nics", ())) for v in topo["vms"])
    assert int(m[2]) >= objects + subnets > 40
    assert int(m[3]) >= nics + len(topo["vms"]) > 40
    # the same measurement as a module: bench/load.py calls build() on the parsed file
    g = _module(bench_dir / "floor.py").build(topo)
    assert (g.number_of_nodes(), g.number_of_edges()) == (int(m[2]), int(m[3]))


def test_the_scripts_use_the_floor_in_the_repository(bench_dir):
    run_py = _module(bench_dir / "run.py")
    assert run_py.FLOOR == bench_dir / "floor.py" and run_py.FLOOR.exists()
    assert 'FLOOR = REPO / "bench" / "floor.py"' in (bench_dir / "load.py").read_text()
    for path in sorted(bench_dir.glob("*")):
        if path.suffix in (".py", ".md"):
            assert "../shared" not in path.read_text(), path


def test_run_py_measures_a_tiny_topology(tmp_path, bench_dir, repo_root):
    p = subprocess.run([sys.executable, str(bench_dir / "run.py"), "--sizes", "30",
                        "--out", str(tmp_path), "--json", str(tmp_path / "r.json")],
                       capture_output=True, text=True, cwd=repo_root, env=_env(repo_root))
    assert p.returncode == 0, p.stderr + p.stdout
    assert re.search(r"^\| 30 \| [\d.]+ \| [\d.]+ \| [\d.]+x \|", p.stdout, re.M), p.stdout
    rows = json.loads((tmp_path / "r.json").read_text())["rows"]
    assert [r["size"] for r in rows] == [30] and rows[0]["exit"] == 0
    assert rows[0]["floor_out"].startswith("floor_s=")


def test_load_py_times_a_tiny_topology(run, tmp_path, bench_dir, repo_root):
    path = _tiny(run, tmp_path, vms=30)
    p = subprocess.run([sys.executable, str(bench_dir / "load.py"), str(path)],
                       capture_output=True, text=True, cwd=repo_root, env=_env(repo_root))
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("floor: parse "), p.stdout
    assert "x floor" in p.stdout
