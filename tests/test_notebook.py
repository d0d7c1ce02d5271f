"""The notebook runs from top to bottom and saves its plots."""
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"
PLOTS = ["findings_by_category.png", "findings_heatmap.png", "alignment_similarity.png"]


def test_explore_notebook_runs_and_saves_its_plots(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # The kernel inherits the environment: plots go to a temporary folder,
    # so running the tests never rewrites the committed PNGs.
    monkeypatch.setenv("ALIGN_NOTEBOOK_OUT", str(tmp_path))
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    for name in PLOTS:
        png = tmp_path / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "<mark" in html  # the highlighted findings table rendered
    text = "".join(o.get("text", "") for o in outputs)
    assert "chosen: [0]:[0]" in text  # the beads were printed
    assert "penalty points per 1,000 words" in text  # the run's quality score
