"""The example notebook runs top to bottom and shows the figures the README quotes."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "polling_example.ipynb"


def _text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_example_notebook_runs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    outputs = "\n".join(_text(cell) for cell in notebook.cells if cell.cell_type == "code")
    assert not [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for figure in (
        "mean api00 662.287363 SE 9.408941",
        "total enroll 3,687,178 SE 114,641.716",
        "IKM 78,74 (B, Baik); with weight 0,111: 78,66",
        "Krejcie-Morgan sample size for 1000 users: 278",
        "cp1252 ';' decimal comma: True",
    ):
        assert figure in outputs
        assert figure in readme
