"""The notebooks run top to bottom (a failing cell fails the test) and are committed
with their outputs, so that they read well on a code-hosting site."""

from __future__ import annotations


import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NAMES = ["walkthrough.ipynb", "azure-drill.ipynb", "a2a-drill.ipynb"]


@pytest.fixture(scope="module")
def notebooks_dir(repo_root):
    return repo_root / "notebooks"


def _images(nb):
    return sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
               if "image/png" in o.get("data", {}))


@pytest.mark.parametrize("name", NAMES)
def test_notebook_committed_with_outputs(name, notebooks_dir):
    nb = nbformat.read(notebooks_dir / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), "run it before commit"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for c in code:
        for o in c.outputs:
            assert o.output_type != "error", c.source
            assert not (o.output_type == "stream" and o.name == "stderr"), o.text
    assert _images(nb) >= 4
    assert any("<table" in o.get("data", {}).get("text/html", "")
               for c in code for o in c.outputs)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name, notebooks_dir):
    nb = nbformat.read(notebooks_dir / name, as_version=4)
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = []
            c.execution_count = None
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(notebooks_dir)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    assert _images(nb) >= 4
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert o.output_type != "error"
