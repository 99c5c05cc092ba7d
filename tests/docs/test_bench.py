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


def test_phases_py_times_every_phase_of_the_report(run, tmp_path, bench_dir, repo_root):
    path = _tiny(run, tmp_path, vms=60)
    p = subprocess.run([sys.executable, str(bench_dir / "phases.py"), str(path), "--json"],
                       capture_output=True, text=True, cwd=repo_root, env=_env(repo_root))
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)
    names = [ph["phase"] for ph in got["phases"]]
    assert names[:5] == ["load", "index", "all-VM view", "placements", "plan views"]
    assert names[-3:] == ["site outages", "failback outlook", "JSON text"]
    # every check rule is timed, once per function (rules sharing one are one phase)
    from netmap.analysis.checks import RULES as rules
    codes = {c for n in names for c in n.split("/") if re.fullmatch(r"NM\d{3}", c)}
    assert codes == {r.code for r in rules}
    assert all(ph["cpu_s"] >= 0 and ph["rss_mb"] > 0 for ph in got["phases"])


def test_phase_table_shows_growth_only_between_100k_and_1m(bench_dir):
    run_py = _module(bench_dir / "run.py")

    def row(size, load, view):
        return {"size": size, "phases": [{"phase": "load", "cpu_s": load},
                                         {"phase": "all-VM view", "cpu_s": view}]}
    text = run_py.phase_table([row(100_000, 2.0, 0.01), row(1_000_000, 21.0, 0.2)])
    assert "| load | 2.00 | 21.00 | ×10.5 |" in text
    assert "| all-VM view | 0.01 | 0.20 | – |" in text  # under 50 ms: no growth shown
    assert "| total | 2.01 | 21.20 | ×10.5 |" in text
    assert "growth" not in run_py.phase_table([row(10_000, 0.2, 0.001)])


def test_questions_py_asks_each_kind_of_question(run, tmp_path, bench_dir, repo_root):
    path = _tiny(run, tmp_path, vms=200)
    p = subprocess.run([sys.executable, str(bench_dir / "questions.py"), str(path),
                        "--samples", "2", "--json"],
                       capture_output=True, text=True, cwd=repo_root, env=_env(repo_root))
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)
    assert got["vms"] == 200
    assert set(got["questions"]) == {"failover", "failover, whole answer", "reach",
                                     "failback", "targets"}
    for kind, q in got["questions"].items():
        assert q["samples"], kind
        assert q["first_ms"] == q["samples"][0][1] and q["max_ms"] >= q["median_ms"]


def test_questions_py_times_one_question_from_the_command_line(run, tmp_path, bench_dir,
                                                                repo_root):
    path = _tiny(run, tmp_path, vms=100)
    p = subprocess.run([sys.executable, str(bench_dir / "questions.py"), str(path),
                        "--samples", "1", "--json", "--cli"],
                       capture_output=True, text=True, cwd=repo_root, env=_env(repo_root))
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)["cli"]
    assert list(got) == ["floor", "question, no cache", "question, writing the cache",
                         "question, from the cache"]
    assert got["floor"]["cpu_ratio"] == 1.0
    assert all(x["wall_s"] > 0 and x["cpu_s"] > 0 for x in got.values())


def test_importer_py_imports_each_size(bench_dir, repo_root):
    p = subprocess.run([sys.executable, str(bench_dir / "importer.py"), "--sizes", "40,80"],
                       capture_output=True, text=True, cwd=repo_root, env=_env(repo_root))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert [ln.split()[0] for ln in lines] == ["40", "80"]
    assert "for x2.0 VMs" in lines[1]
