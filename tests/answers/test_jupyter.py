"""Results in Jupyter: every result renders as HTML tables (``_repr_html_``) with the
input's names escaped, and converts to a pandas DataFrame when pandas is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

import netmap
from netmap.answers.checks import check
from netmap.answers.diff import diff
from netmap.answers.failback import failback
from netmap.answers.failover import failover
from netmap.answers.mapping import mappings
from netmap.answers.reach import reach
from netmap.model.scenario import Scenario

SC = Scenario(plans=("Plan-Gold",), sites_down=("Beijing",))


def _results(G):
    after = netmap.loads(Path(netmap.example_path()).read_text().replace(
        "  - {source: VMNetwork1-Shanghai, target: VMNetwork1-Beijing}\n", ""))
    return {
        "mappings": mappings(G),
        "failover": failover(G, SC),
        "reach": reach(G, "VM1", "MON-SH", SC),
        "failback": failback(G, vms=["VM1"]),
        "check": check(G),
        "diff": diff(G, after, Scenario(all=True)),
    }


@pytest.fixture(scope="module")
def results():
    return _results(netmap.load(netmap.example_path()))


@pytest.mark.parametrize("name", ["mappings", "failover", "reach", "failback", "check", "diff"])
def test_repr_html(results, name):
    html = results[name]._repr_html_()
    assert html.startswith("<table") and html.count("<table") == html.count("</table>")
    assert "<th>" in html and "<td>" in html


def test_html_holds_the_answers(results):
    assert "<td>VMNetwork1-Shanghai</td>" in results["mappings"]._repr_html_()
    fo = results["failover"]._repr_html_()
    assert "<td>VM1</td>" in fo and "10.1.0.1" in fo
    assert "<td>MON-SH</td>" in results["reach"]._repr_html_()
    assert "<td>VMNetwork1-Beijing</td>" in results["failback"]._repr_html_()
    assert "NM" in results["check"]._repr_html_()


def test_html_escapes_names():
    G = netmap.loads("""
netmap: 1
sites: [{name: "A<b>&"}]
vmm_servers: [{name: V, site: "A<b>&"}]
logical_networks: [{name: L, vmm: V}]
vm_networks: [{name: "<script>x</script>", logical_network: L}]
""")
    html = mappings(G)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "A&lt;b&gt;&amp;" in html


@pytest.mark.parametrize("name", ["mappings", "failover", "reach", "failback", "check", "diff"])
def test_to_frame(results, name):
    pd = pytest.importorskip("pandas")
    r = results[name]
    df = r.to_frame()
    assert isinstance(df, pd.DataFrame)
    first = r.tables()[0]
    assert list(df.columns) == first.column_names
    assert len(df) == len(first.rows)


def test_to_frame_without_pandas_says_how(results, monkeypatch):
    import builtins

    real = builtins.__import__

    def fake(name, *a, **kw):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("no pandas here")
        return real(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(ImportError, match="pip install pandas"):
        results["mappings"].to_frame()


def test_figures_display_inline():
    """A drawn figure renders to PNG bytes, which is what Jupyter's inline backend shows."""
    from netmap import plot

    fig, ax = plot.draw_topology(netmap.load(netmap.example_path()))
    assert plot.to_png_bytes(fig, dpi=50).startswith(b"\x89PNG")
    assert hasattr(fig, "savefig")
