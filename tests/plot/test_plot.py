"""Diagrams (netmap.plot and ``netmap draw``): every view on every fixture, and the
drawn elements checked through the returned axes, so that a broken diagram fails."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import netmap
from netmap import plot
from netmap.errors import ScenarioError
from netmap.plot._layout import PEERING, RED
from netmap.model.graph import build_graph
from netmap.model.topology import as_topology
from netmap.model.scenario import Scenario

PACKAGE = Path(netmap.__file__).resolve().parent
PNG = b"\x89PNG\r\n\x1a\n"

ODD = """
netmap: 1
name: "odd $names$"
sites:
  - {name: "北京"}
  - {name: "上海"}
vmm_servers:
  - {name: "VMM-北京", site: "北京"}
  - {name: "VMM-上海", site: "上海"}
logical_networks:
  - {name: LN-a, vmm: "VMM-北京"}
  - {name: LN-b, vmm: "VMM-上海"}
vm_networks:
  - name: "$x_1^{<b>}"
    logical_network: LN-a
    subnets: [{name: S1, prefix: 10.0.0.0/24}]
  - name: "网络-上海"
    logical_network: LN-b
    subnets: [{name: S1, prefix: 10.0.0.0/24}]
clouds:
  - {name: "C_1", vmm: "VMM-北京", logical_networks: [LN-a]}
  - {name: "C^2", vmm: "VMM-上海", logical_networks: [LN-b]}
protection:
  - {protected: "C_1", protecting: "C^2"}
network_mappings:
  - {source: "$x_1^{<b>}", target: "网络-上海"}
vms:
  - {name: "数据库$1", cloud: "C_1", nics: [{network: "$x_1^{<b>}", subnet: S1, ip: 10.0.0.5}]}
  - name: "web_{a}^b"
    cloud: "C_1"
    nics: [{network: "$x_1^{<b>}"}]
    depends_on: ["数据库$1", "mon<>"]
  - {name: "mon<>", cloud: "C^2", nics: [{network: "网络-上海"}]}
recovery_plans:
  - {name: "P$_1", groups: [["数据库$1"], ["web_{a}^b"]]}
"""


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        plt.close("all")


@pytest.fixture(scope="module")
def azure(fixture_path):
    return netmap.load(fixture_path("onprem-to-azure.yaml"))


@pytest.fixture(scope="module")
def odd():
    return netmap.loads(ODD)


def texts(ax):
    leg = ax.get_legend()
    return [t.get_text() for t in ax.texts] + \
        ([t.get_text() for t in leg.get_texts()] + [leg.get_title().get_text()] if leg else [])


def edge(artist):
    from matplotlib.colors import to_hex

    return to_hex(artist.get_edgecolor())


# ------------------------------------------------------------------ every fixture

def _scenarios(G):
    ix = as_topology(G)
    protected = [s for s in sorted(ix.site_platform)
                 if any(ix.cloud[c].protected and ix.cloud[c].site == s for c in ix.cloud)]
    return [Scenario(all=True), Scenario(all=True, sites_down=tuple(protected[:1]))]


def test_fixtures_found(fixtures_dir):
    FIXTURES = sorted(fixtures_dir.glob("*.yaml"))  # what toplevel_topology_file runs over
    assert len(FIXTURES) >= 2
    assert any(p.name == "beijing-shanghai.yaml" for p in FIXTURES)


def test_every_view_renders_for_every_fixture(toplevel_topology_file):
    G = netmap.load(toplevel_topology_file)
    ix = as_topology(G)
    fig, ax = plot.draw_topology(G)
    shown = ax.netmap["networks"]
    if len(ix.net) <= plot.NET_CAP:
        assert set(shown) == set(ix.net)
    assert set(ix.site_platform) <= set(texts(ax))
    assert plot.to_png_bytes(fig).startswith(PNG)
    for sc in _scenarios(G):
        fig, ax = plot.draw_failover(G, sc)
        assert any(t.startswith("Failover: ") for t in texts(ax))
        assert plot.to_png_bytes(fig).startswith(PNG)
    for p in sorted(ix.plan):
        fig, ax = plot.draw_plan(G, p)
        assert f"Recovery plan {p}" in texts(ax)
        members = {v for g in ix.plan[p] for v in g}
        assert members <= set(ax.netmap["vms"])
        assert plot.to_png_bytes(fig).startswith(PNG)
    vms = sorted(ix.vm)
    if len(vms) >= 2:
        fig, ax = plot.draw_path(G, vms[0], vms[-1], Scenario(all=True))
        assert {vms[0], vms[-1]} <= set(ax.netmap["vms"])
        assert plot.to_svg_bytes(fig).lstrip().startswith(b"<?xml")


# ------------------------------------------------------------------ topology

def test_topology_elements(example):
    fig, ax = plot.draw_topology(example)
    t = texts(ax)
    for name in ["Beijing", "Shanghai", "GoldCloud1", "SilverCloud2", "VMNetwork1-Beijing",
                 "VMNetwork2-Shanghai"]:
        assert name in t
    # sites as columns: source left, target right
    net = ax.netmap["networks"]
    assert net["VMNetwork1-Beijing"].get_x() < net["VMNetwork1-Shanghai"].get_x()
    # both mappings drawn as arrows, from their source to their target
    # (keyed by source and target: a source may map to one network per site, R1)
    maps = ax.netmap["mappings"]
    bs = ("VMNetwork1-Beijing", "VMNetwork1-Shanghai")
    sb = ("VMNetwork1-Shanghai", "VMNetwork1-Beijing")
    assert set(maps) == {bs, sb}
    (x0, _), (x1, _) = maps[bs]._posA_posB
    assert x0 < x1
    (x0, _), (x1, _) = maps[sb]._posA_posB
    assert x0 > x1
    # the unmapped network with a protected VM is marked red and says so
    assert edge(net["VMNetwork2-Beijing"]) == plot.RED
    assert net["VMNetwork2-Beijing"].get_linestyle() != "solid"
    assert edge(net["VMNetwork1-Beijing"]) != plot.RED
    assert "NOT MAPPED" in t
    assert any(s.startswith("Topology") for s in t)
    assert "Legend" in t


def test_topology_puts_azure_right(azure):
    fig, ax = plot.draw_topology(azure)
    net = ax.netmap["networks"]
    assert net["Corp-BJ"].get_x() < net["vnet-corp"].get_x()
    assert edge(net["App-BJ"]) == plot.ORANGE  # not mapped, to Azure: R6


# ------------------------------------------------------------------ failover

def test_failover_groups_have_different_colours(azure):
    sc = Scenario(plans=("Plan-App", "Plan-Web"), sites_down=("Beijing",))
    fig, ax = plot.draw_failover(azure, sc)
    groups = ax.netmap["groups"]
    # a group is named by the smallest network name of its component
    assert set(groups) == {"Corp-SH", "vnet-dmz", "plan:Plan-App", "plan:Plan-Web"}
    assert len(set(groups.values())) == 4
    net = ax.netmap["networks"]
    colours = {edge(net[n]) for n in ["vnet-dmz", "plan:Plan-App", "plan:Plan-Web"]}
    colours.add(edge(net["vnet-corp"]))
    assert len(colours) == 4
    # a network of the same group has the same colour (vnet-corp reaches Corp-SH)
    assert edge(net["Corp-SH"]) == edge(net["vnet-corp"])
    # replicas drawn on their target networks
    for vm in ["WEB1", "APP1", "DB1", "ISO1", "APP2", "DEV1"]:
        assert vm in ax.netmap["vms"]
    assert ax.netmap["down"] == ["LOCAL-BJ", "OPS1"]
    assert ("down", "OPS1") in ax.netmap["texts"]
    # APP2 -> DB1 too: DB1's replica has all its NICs in vnet-corp (SPEC R3, one VNet
    # per Azure VM), not in plan:Plan-App
    assert [(b["vm"], b["depends_on"]) for b in ax.netmap["broken"]] == [
        ("APP2", "DB1"), ("WEB1", "ISO1")]
    assert ax.netmap["gateways"]
    assert "SITE DOWN" in texts(ax)


def test_failover_shows_addresses_dhcp_and_one_vnet(azure, fixture_path):
    # SPEC R3: retained or reassigned ("(new)"), "A DHCP NIC gets no fixed address", and
    # "a replica in Azure has all its NICs in one Azure network" (NM016) are visible
    fig, ax = plot.draw_failover(netmap.load(fixture_path("pools.yaml")), Scenario(all=True))
    t = texts(ax)
    assert "10.1.0.11" in t and "10.1.0.13 (new)" in t and "DHCP" in t
    fig, ax = plot.draw_failover(azure, Scenario(plans=("Plan-App",), sites_down=("Beijing",)))
    assert texts(ax).count("one VNet (NM016)") == 1  # DB1's NIC 1, in vnet-corp


def test_failover_marks_isolated_and_down(example):
    sc = Scenario(plans=("Plan-Silver",), sites_down=("Beijing",))
    fig, ax = plot.draw_failover(example, sc)
    assert ax.netmap["isolated"] == ["APP2"]
    (iso,) = ax.netmap["texts"][("isolated", "APP2")]
    assert iso.get_color() == plot.RED
    assert tuple(ax.netmap["isolated_boxes"]) == ("Shanghai",)
    assert edge(ax.netmap["isolated_boxes"]["Shanghai"]) == plot.RED
    assert len(ax.netmap["vms"]["APP2"]) == 1  # in its isolated box (the panel: texts)
    assert set(ax.netmap["down"]) == {"DB1", "VM1"}
    t = texts(ax)
    assert any(s.startswith("Isolated VMs (1)") for s in t)
    assert any(s.startswith("Down VMs (2)") for s in t)


def test_failover_draws_unplaced_replicas_apart(fixture_path):
    # SPEC R5: "an unplaced replica does not run (it is listed in failed_over and
    # unplaced, never in isolated ...)": a dotted purple box at its recovery site, a
    # panel with the placement's reason, a legend entry
    G = netmap.load(fixture_path("capacity.yaml"))
    fig, ax = plot.draw_failover(G, Scenario(all=True, sites_down=("Primary",)))
    assert ax.netmap["unplaced"] == ["CPUHOG", "HUGE", "NOREACH", "SILVER1"]
    assert ax.netmap["isolated"] == []
    assert tuple(ax.netmap["unplaced_boxes"]) == ("Recovery",)
    box = ax.netmap["unplaced_boxes"]["Recovery"]
    assert edge(box) == plot.PURPLE and box.get_linestyle() == ":"
    t = texts(ax)
    assert any(s.startswith("Unplaced replicas (4, R4)") for s in t)
    assert any("no capacity: needs 200 GB" in s for s in t)
    labels = [x.get_text() for x in ax.get_legend().get_texts()] if ax.get_legend() else t
    assert any("unplaced replica" in s for s in labels)
    # no unplaced replica, no box and no legend entry
    fig, ax = plot.draw_failover(G, Scenario(vms=("BIG",), sites_down=("Primary",)))
    assert ax.netmap["unplaced"] == [] and "unplaced_boxes" not in ax.netmap
    assert not any("unplaced replica" in s for s in texts(ax))


def test_plan_and_path_show_unplaced(fixture_path):
    G = netmap.load(fixture_path("capacity.yaml"))
    fig, ax = plot.draw_plan(G, "Plan-Small", Scenario(plans=("Plan-Small",),
                                                      sites_down=("Primary",)))
    t = texts(ax)
    assert any(s == "UNPLACED" for s in t)
    fig, ax = plot.draw_path(G, "BIG", "HUGE", Scenario(all=True, sites_down=("Primary",)))
    assert any(s.startswith("unplaced (no host: never runs)") for s in texts(ax))


def test_failover_drill(azure):
    sc = Scenario(plans=("Plan-App",), test_network="vnet-drill-gw")
    fig, ax = plot.draw_failover(azure, sc)
    t = texts(ax)
    assert "TEST NETWORK (drill)" in t
    assert "Drill on vnet-drill-gw: NOT isolated" in t


def test_failover_drill_modes(example):
    # issue 11: the diagrams show the new states; SPEC R9: `auto` creates "an isolated copy
    # `NAME-test` of each target network"; `none` leaves "every drill NIC disconnected"
    fig, ax = plot.draw_failover(example, Scenario(all=True, test_network="auto"))
    t = texts(ax)
    assert "VMNetwork1-Shanghai-test" in ax.netmap["networks"]
    assert "copy of VMNetwork1-Shanghai that Site Recovery creates" in t
    assert "Drill on networks Site Recovery creates: isolated" in t
    assert ax.netmap["networks"]["VMNetwork1-Shanghai-test"].get_linestyle() != "solid"
    fig, ax = plot.draw_failover(example, Scenario(all=True, test_network="none"))
    assert "Drill on no test network: isolated" in texts(ax)
    assert ax.netmap["isolated"] == ["APP2", "DB1", "VM1"]


# ------------------------------------------------------------------ plan

def test_plan_broken_dependencies_red(azure):
    fig, ax = plot.draw_plan(azure, "Plan-Web")
    deps = {(d["vm"], d["depends_on"]): d for d in ax.netmap["dependencies"]}
    assert set(deps) == {("WEB1", "APP1"), ("WEB1", "ISO1")}
    for d in deps.values():
        assert d["broken"]
        assert edge(d["artist"]) == plot.RED
    assert deps[("WEB1", "ISO1")]["boot_order"]
    # boot groups in order, left to right; the dependency outside the plan on the left
    b = ax.netmap["vms"]
    assert b["WEB1"][0].get_position()[0] < b["ISO1"][0].get_position()[0]
    assert b["APP1"][0].get_position()[0] < b["WEB1"][0].get_position()[0]


def test_plan_ok_dependencies_not_red(azure):
    fig, ax = plot.draw_plan(azure, "Plan-App")
    deps = {(d["vm"], d["depends_on"]): d for d in ax.netmap["dependencies"]}
    assert set(deps) == {("APP1", "DB1"), ("APP2", "DB1")}
    ok = deps[("APP1", "DB1")]
    assert not ok["broken"] and edge(ok["artist"]) != plot.RED
    # APP2 (plan:Plan-App) cannot reach DB1, whose replica is all in vnet-corp (SPEC R3
    # "One VNet per Azure VM"): the negative example of fixtures/onprem-to-azure.yaml
    bad = deps[("APP2", "DB1")]
    assert bad["broken"] and edge(bad["artist"]) == plot.RED


def test_plan_scenario_default_and_override(example):
    fig, ax = plot.draw_plan(example, "Plan-Gold")
    assert any("site Beijing down" in s for s in texts(ax))
    fig, ax = plot.draw_plan(example, "Plan-Gold", Scenario(plans=("Plan-Gold",)))
    assert not any("site Beijing down" in s for s in texts(ax))


def test_plan_broken_dependency_on_a_vm_left_behind():
    G = netmap.loads(Path(netmap.example_path()).read_text().replace(
        "groups: [[APP2]]", "groups: [[APP2]]\n  - name: Plan-Web\n    groups: [[VM1]]"))
    fig, ax = plot.draw_plan(G, "Plan-Web")
    (d,) = ax.netmap["dependencies"]
    assert (d["vm"], d["depends_on"], d["broken"]) == ("VM1", "DB1", True)
    assert edge(d["artist"]) == plot.RED
    assert any("DB1 is down" in s for s in texts(ax))


# ------------------------------------------------------------------ path

def test_path_reachable(example):
    sc = Scenario(plans=("Plan-Gold",), sites_down=("Beijing",))
    fig, ax = plot.draw_path(example, "VM1", "MON-SH", sc)
    assert "Path VM1 → MON-SH: reachable" in texts(ax)
    assert list(ax.netmap["networks"]) == ["VMNetwork1-Shanghai"]
    assert [h for h, _ in ax.netmap["hops"]] == ["nic", "nic"]


def test_path_not_reachable_says_why(example):
    fig, ax = plot.draw_path(example, "VM1", "MON-SH")
    t = texts(ax)
    assert "Path VM1 → MON-SH: NOT reachable" in t
    assert any(s.startswith("why: no link, peering or gateway") for s in t)


def test_path_gateway_hop(azure):
    sc = Scenario(plans=("Plan-Web",), sites_down=("Beijing",))
    fig, ax = plot.draw_path(azure, "WEB1", "FILE-SH", sc)
    assert [h for h, _ in ax.netmap["hops"]] == ["nic", "gateway", "nic"]


# ------------------------------------------------------------------ names are text

@pytest.mark.parametrize("view", plot.VIEWS)
def test_names_are_drawn_literally(odd, view):
    kw = {"scenario": Scenario(all=True)}
    if view == "plan":
        kw = {"plan": "P$_1"}
    if view == "path":
        kw.update(a="web_{a}^b", b="mon<>")
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # no missing-glyph or mathtext noise
        fig, ax = plot.draw(odd, view, **kw)
        png = plot.to_png_bytes(fig)
        svg = plot.to_svg_bytes(fig)
    assert png.startswith(PNG) and b"<svg" in svg
    drawn = {t.get_text(): t for t in ax.texts}
    if view == "topology":  # VMs are listed in their network's box: "2 VMs: a, b"
        assert any("数据库$1" in t and "web_{a}^b" in t for t in drawn)
    want = {"topology": ["$x_1^{<b>}", "网络-上海", "C_1", "C^2", "北京", "上海"],
            "failover": ["$x_1^{<b>}", "网络-上海", "数据库$1", "web_{a}^b", "mon<>"],
            "plan": ["数据库$1", "web_{a}^b", "mon<>"], "path": ["web_{a}^b", "mon<>"]}[view]
    for name in want:
        assert name in drawn, name
    for t in fig.findobj(lambda a: hasattr(a, "get_parse_math") and a.get_text()):
        assert t.get_parse_math() is False
        assert t.get_usetex() is False
        _s, ismath = t._preprocess_math(t.get_text())
        assert ismath is False, t.get_text()


def test_cjk_font_fallback_is_optional():
    fam = plot.FAMILY
    assert fam[0] == "DejaVu Sans"
    assert (plot.cjk_font() is None) == (len(fam) == 1)


# ------------------------------------------------------------------ API details

def test_draw_dispatch_and_errors(example):
    fig, ax = plot.draw(example, "topology")
    assert "VMNetwork1-Beijing" in ax.netmap["networks"]
    with pytest.raises(ScenarioError, match="unknown view 'topolgy'.*did you mean 'topology'"):
        plot.draw(example, "topolgy")
    with pytest.raises(ScenarioError, match="unknown recovery plan 'Plan-Gld'"):
        plot.draw(example, "plan", plan="Plan-Gld")
    with pytest.raises(ScenarioError, match="needs a recovery plan"):
        plot.draw(example, "plan")
    with pytest.raises(ScenarioError, match="unknown VM"):
        plot.draw(example, "path", a="VM1", b="VMX")


def test_draw_on_given_axes(example):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 6))
    ax = fig.add_subplot(1, 2, 2)
    f2, a2 = plot.draw_failover(example, Scenario(all=True), ax=ax)
    assert f2 is fig and a2 is ax
    assert tuple(fig.get_size_inches()) == (8, 6)  # a caller's figure is not resized
    assert "VM1" in a2.netmap["vms"]


def test_deterministic_output(example):
    sc = Scenario(plans=("Plan-Gold",), sites_down=("Beijing",))
    a = plot.to_svg_bytes(plot.draw_failover(example, sc)[0])
    b = plot.to_svg_bytes(plot.draw_failover(example, sc)[0])
    assert a == b
    a = plot.to_png_bytes(plot.draw_topology(example)[0])
    b = plot.to_png_bytes(plot.draw_topology(example)[0])
    assert a == b


def test_large_topology_degrades_gracefully():
    from netmap.io.generate import generate

    G = build_graph(generate(3000, seed=1))
    ix = as_topology(G)
    assert len(ix.net) > plot.NET_CAP
    fig, ax = plot.draw_topology(G)
    assert len(ax.netmap["networks"]) <= plot.COL_CAP * plot.SITE_CAP
    assert ax.netmap["omitted"]["networks"] == len(ix.net) - len(ax.netmap["networks"])
    assert any(t.startswith("…and ") and t.endswith(" more networks") for t in texts(ax))
    w, h = fig.get_size_inches()
    assert w < 40 and h < 45
    fig, ax = plot.draw_failover(G, Scenario(all=True))
    assert len(ax.netmap["networks"]) <= plot.COL_CAP * plot.SITE_CAP + 10
    w, h = fig.get_size_inches()
    assert w < 40 and h < 45
    plan = sorted(ix.plan)[0]
    fig, ax = plot.draw_plan(G, plan)
    assert plot.to_png_bytes(fig, dpi=40).startswith(PNG)


def test_only_plot_imports_matplotlib():
    for p in sorted(PACKAGE.rglob("*.py")):
        if "plot" in p.relative_to(PACKAGE).parts:
            continue
        src = p.read_text(encoding="utf-8")
        assert "import matplotlib" not in src and "from matplotlib" not in src, p


def test_import_has_no_side_effects_and_is_lazy(tmp_path, repo_root):
    """Without a display: ``import netmap`` and the CLI do not import matplotlib;
    importing netmap.plot selects no backend, changes no rcParams and installs no warning
    filter; drawing and saving PNG, SVG and PDF works without pyplot or a backend."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "MPLBACKEND")}
    env["PYTHONPATH"] = str(repo_root)
    code = ("import sys, warnings, netmap, netmap.cli, netmap.analysis.failover, "
            "netmap.analysis.reach\n"
            "assert 'matplotlib' not in sys.modules, 'imported matplotlib early'\n"
            "import matplotlib\n"
            "def rc():\n"
            "    return {k: matplotlib.rcParams[k] for k in matplotlib.rcParams\n"
            "            if k != 'backend'}\n"
            "rc0, filters0 = rc(), list(warnings.filters)\n"
            "assert matplotlib.get_backend(auto_select=False) is None\n"
            "import netmap.plot as plot\n"
            "assert matplotlib.get_backend(auto_select=False) is None, 'backend chosen'\n"
            "assert rc() == rc0, 'rcParams changed'\n"
            "assert warnings.filters == filters0, 'warning filters changed'\n"
            "fig, ax = plot.draw_topology(netmap.load(netmap.example_path()))\n"
            "png = plot.to_png_bytes(fig, dpi=40)\n"
            "assert png.startswith(b'\\x89PNG\\r\\n\\x1a\\n'), png[:8]\n"
            "assert b'<svg' in plot.to_bytes(fig, 'svg')\n"
            "assert plot.to_bytes(fig, 'pdf').startswith(b'%PDF')\n"
            "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
            "assert matplotlib.get_backend(auto_select=False) is None, 'backend chosen'\n"
            "assert rc() == rc0 and warnings.filters == filters0\n"
            "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_figures_join_pyplot_only_when_the_caller_uses_it(tmp_path, repo_root):
    """With pyplot already imported (``%matplotlib inline``), a drawn figure is one of
    pyplot's, so Jupyter shows it at the end of the cell; close() releases it."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env.update(PYTHONPATH=str(repo_root), MPLBACKEND="agg")
    code = ("import matplotlib.pyplot as plt, netmap\n"
            "from netmap import plot\n"
            "fig, ax = plot.draw_topology(netmap.load(netmap.example_path()))\n"
            "assert plt.get_fignums() == [fig.number], plt.get_fignums()\n"
            "plot.close(fig)\n"
            "assert plt.get_fignums() == []\n"
            "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_public_functions_take_ax_by_keyword_only():
    import inspect

    for f in (plot.draw, plot.draw_topology, plot.draw_failover, plot.draw_plan,
              plot.draw_path):
        sig = inspect.signature(f)
        assert sig.parameters["ax"].kind is inspect.Parameter.KEYWORD_ONLY, f.__name__
        assert sig.parameters["ax"].default is None
        assert "tuple[Figure, Axes]" in str(sig.return_annotation), f.__name__
        assert f.__doc__ and "Examples" in f.__doc__, f.__name__
    assert set(plot.__all__) >= {"draw", "draw_topology", "draw_failover", "draw_plan",
                                 "draw_path", "to_bytes", "VIEWS"}


# ------------------------------------------------------------------ CLI

def test_cli_png_and_svg(run, tmp_path, fixtures_dir):
    png = tmp_path / "t.png"
    code, out, err = run("draw", "-o", png)
    assert code == 0, err
    assert png.read_bytes().startswith(PNG)
    svg = tmp_path / "f.svg"
    code, out, err = run("draw", fixtures_dir / "beijing-shanghai.yaml", "-o", svg, "--view",
                         "failover", "--plan", "Plan-Gold", "--site-down", "Beijing")
    assert code == 0, err
    data = svg.read_bytes()
    assert data.lstrip().startswith(b"<?xml") and b"</svg>" in data
    for args in (["--view", "plan", "--plan", "Plan-Gold"],
                 ["--view", "path", "--from", "VM1", "--to", "MON-SH", "--all"]):
        p = tmp_path / f"{args[1]}.png"
        code, out, err = run("draw", "-o", p, *args)
        assert code == 0, err
        assert p.read_bytes().startswith(PNG)
    assert sorted(x.name for x in tmp_path.iterdir()) == ["f.svg", "path.png", "plan.png",
                                                           "t.png"]


@pytest.mark.parametrize("args,msg", [
    (["--view", "nope"], "'nope' is not one of"),
    (["--view", "plan", "--plan", "Plan-Nope"], "unknown recovery plan 'Plan-Nope'"),
    (["--view", "plan"], "give --plan P once"),
    (["--view", "path", "--from", "VM1"], "needs --from A and --to B"),
    (["--view", "path", "--from", "VM1", "--to", "VMX"], "unknown VM 'VMX'"),
    (["--view", "failover", "--site-down", "Mars"], "unknown site 'Mars'"),
])
def test_cli_refuses_bad_input_without_partial_file(run, tmp_path, args, msg):
    out = tmp_path / "d.png"
    code, _out, err = run("draw", "-o", out, *args)
    assert code == 2
    assert err.startswith("error:") and msg in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_cli_keeps_existing_file_on_error(run, tmp_path):
    out = tmp_path / "d.png"
    out.write_bytes(b"old")
    code, _o, err = run("draw", "-o", out, "--view", "plan", "--plan", "Nope")
    assert code == 2
    assert out.read_bytes() == b"old"
    code, _o, err = run("draw", "-o", tmp_path / "d.gif")
    assert code == 2 and "must end in .png, .svg or .pdf" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.png"]


def test_cli_help_lists_views(run):
    code, out, _err = run("draw", "--help")
    assert code == 0
    for v in plot.VIEWS:
        assert v in out


def test_topology_draws_one_arrow_per_site_and_greys_an_unused_mapping(fixture_path):
    # SPEC R1: "A source network has at most one target per site"; a mapping whose source
    # is used by protected VMs none of which recovers at the target's site is unused (NM025)
    G = netmap.load(fixture_path("three-sites.yaml"))
    fig, ax = plot.draw_topology(G)
    maps = ax.netmap["mappings"]
    assert {t for s, t in maps if s == "Net-A"} == {"Net-B", "Net-C", "vnet-az"}
    assert maps[("Net-A", "Net-B")].get_linestyle() == "-"
    unused = maps[("Net-A2", "Net-C2")]
    assert unused.get_linestyle() != "-" and unused.get_edgecolor() != maps[
        ("Net-A", "Net-B")].get_edgecolor()
    # Net-A2 is mapped, but not to VM1's recovery site B: drawn as not mapped, in red
    assert edge(ax.netmap["networks"]["Net-A2"]) == plot.RED
    t = texts(ax)
    assert "NOT MAPPED to B" in t
    assert "unused mapping: no VM recovers at its site (NM025)" in t
    # the bundled example has no unused mapping: no such legend entry
    fig, ax = plot.draw_topology(netmap.load(fixture_path("beijing-shanghai.yaml")))
    assert "unused mapping: no VM recovers at its site (NM025)" not in texts(ax)


# ------------------------------------------------------------------ revision 2: R5 joins

def test_failover_view_draws_peerings_dashed_and_overlaps_red(fixture_path):
    from matplotlib.colors import to_hex
    hub = netmap.load(fixture_path("peering.yaml"))
    fig, ax = plot.draw_failover(hub, Scenario(all=True))
    reg = ax.netmap
    assert sorted(a for a, _ in reg["peerings"]) == [
        ("vnet-app", "vnet-hub"), ("vnet-db", "vnet-hub"), ("vnet-legacy", "vnet-hub")]
    for _, ln in reg["peerings"]:
        assert ln.get_linestyle() == "--" and to_hex(ln.get_edgecolor()) == PEERING
    assert "peering (not transitive)" in texts(ax)
    azure = netmap.load(fixture_path("onprem-to-azure.yaml"))
    fig, ax = plot.draw_failover(azure, Scenario(plans=("Plan-App",)))
    over = ax.netmap["overlaps"]
    assert [k for k, _ in over] == [("vnet-corp", "Beijing")]  # the gateway to Corp-BJ
    assert to_hex(over[0][1].get_edgecolor()) == RED
    assert "join between overlapping prefixes (NM017)" in texts(ax)


def test_topology_view_names_peerings_and_overlaps(fixture_path):
    azure = netmap.load(fixture_path("onprem-to-azure.yaml"))
    fig, ax = plot.draw_topology(azure)
    assert ax.netmap["overlaps"] == ["Corp-BJ", "Web-BJ", "vnet-corp"]
    assert any(t.startswith("prefixes overlap Corp-BJ, Web-BJ") for t in texts(ax))
    hub = netmap.load(fixture_path("peering.yaml"))
    fig, ax = plot.draw_topology(hub)
    assert ax.netmap["peerings"] == ["vnet-app", "vnet-db", "vnet-hub", "vnet-legacy"]
    assert "peered with vnet-hub (not transitive)" in texts(ax)


def test_path_view_crosses_out_the_join_where_traffic_is_lost(fixture_path):
    azure = netmap.load(fixture_path("onprem-to-azure.yaml"))
    fig, ax = plot.draw_path(azure, "APP1", "LOCAL-BJ", Scenario(vms=("APP1",)))
    t = texts(ax)
    assert ax.netmap["blocked_at"] == "Corp-BJ -- vnet-corp"
    assert "gateway: lost" in t and "✕" in t
    assert sorted(ax.netmap["networks"]) == ["Corp-BJ", "vnet-corp"]  # the route tried
    assert any(s.startswith("why: address overlap across the join") for s in t)


def test_topology_shows_vm_network_isolation(fixture_path):
    # docs/format.md: "`vm_networks[].isolation` | `none`, `vlan` or `wnv`"; NM022 reads it
    fig, ax = plot.draw_topology(netmap.load(fixture_path("checks/nm022.yaml")))
    t = texts(ax)
    assert "isolation: none" in t and "isolation: wnv" in t
    fig, ax = plot.draw_topology(netmap.load(fixture_path("beijing-shanghai.yaml")))
    assert not [x for x in texts(ax) if x.startswith("isolation:")]
