"""Every analysis notebook runs the same from JupyterLab's folder, from the project root under
papermill and from a stranger's directory under nbclient; parameters change what they show.

Expected numbers are worked out by hand from the articles (see each comment).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
import pytest
from nbclient import NotebookClient

from ipanalysis.paths import NOTEBOOKS_DIR, PROJECT_ROOT

pytestmark = pytest.mark.slow

ANALYSES = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))

# Text each notebook must show with currency="USD", computed by hand:
USD_EXPECTED = {
    # 854 billion yuan / 7.0467 (2023 reference rate) = 121.19 billion US dollars (853.5 and
    # 854.5 billion give 121.12 to 121.26: hundredths by the precision rule)
    "growth.ipynb": ["USD 121.19 billion", "798,786"],
    # 2.29 million / 16 per 10,000 people = 1.431 billion people; 16 / 12 = 133% of target
    # (124 to 143%, a width of 19 points: whole percents)
    "quality.ipynb": ["1.431 billion", "133% (124 to 143%)"],
    # 18.04 trillion yuan / 13.38% = 134.83 trillion yuan of GDP; / 7.1217 = USD 18.932 trillion;
    # 854 / 118 = 7.24 yuan per dollar (7.17 to 7.30)
    "industry_share.ipynb": ["USD 18.932 trillion", "7.24 (7.17 to 7.30)"],
}


def _visible(nb: nbformat.NotebookNode) -> list[list[dict]]:
    """What a reader sees: every output's data, without counters and timing metadata."""
    shown = []
    for cell in nb.cells:
        outputs = []
        for out in cell.get("outputs", []):
            outputs.append({k: v for k, v in out.items() if k not in ("execution_count",
                                                                      "metadata")})
        shown.append(outputs)
    return shown


def _text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts += [data.get("text/plain", ""), data.get("text/markdown", ""),
                      data.get("text/html", ""), out.get("text", "")]
    return "\n".join(str(p) for p in parts)


def _nbclient(name: str, cwd: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    NotebookClient(nb, kernel_name="ipanalysis", timeout=300,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def _papermill(name: str, out: Path, **parameters: object) -> nbformat.NotebookNode:
    papermill.execute_notebook(str(NOTEBOOKS_DIR / name), str(out), parameters=parameters,
                               kernel_name="ipanalysis", cwd=str(PROJECT_ROOT),
                               progress_bar=False)
    return nbformat.read(out, as_version=4)


@pytest.mark.parametrize("name", ANALYSES)
def test_same_outputs_from_any_working_directory(name: str, tmp_path: Path) -> None:
    in_lab = _nbclient(name, NOTEBOOKS_DIR)
    elsewhere = _nbclient(name, tmp_path)
    via_papermill = _papermill(name, tmp_path / name)
    papermill_cells = [c for c in via_papermill.cells
                       if "injected-parameters" not in c.metadata.get("tags", [])]
    via_papermill.cells = papermill_cells
    assert _visible(in_lab) == _visible(elsewhere) == _visible(via_papermill)
    assert not any(out.get("output_type") == "error"
                   for cell in in_lab.cells for out in cell.get("outputs", []))


@pytest.mark.parametrize("name", sorted(USD_EXPECTED))
def test_usd_parameter_changes_money(name: str, tmp_path: Path) -> None:
    text = _text(_papermill(name, tmp_path / name, currency="USD"))
    for expected in USD_EXPECTED[name]:
        assert expected in text


@pytest.mark.parametrize("name", ANALYSES)
def test_unknown_parameter_stops_with_one_sentence(name: str, tmp_path: Path) -> None:
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        _papermill(name, tmp_path / name, curency="USD")
    assert "Unknown parameter 'curency'" in str(caught.value)
