"""The reports committed in ``reports/`` still come out of the current code and data.

nbval re-runs each committed executed notebook and compares every text output with the stored
one (``tests/nbval_sanitize.cfg`` masks figure reprs and addresses). One committed report is
rebuilt into a temporary folder, in a fresh kernel, and compared byte for byte with the
committed files. Until reports are committed, nbval runs on the toy project's notebook instead.

nbval runs cells without storing history, and IPython then ignores a closing ``;``
(computationalmodelling/nbval#194, ipython/ipython#14162): ``view.chart(ds);`` would show its
figure twice. nbval therefore checks a copy in which such cells carry nbval's own
``nbval-ignore-output`` tag; their outputs are figures, which nbval does not compare anyway.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.displayhook import DisplayHook

from ipanalysis.paths import PROJECT_ROOT, REPORTS_DIR
from ipanalysis.reports import state
from ipanalysis.reports.config import Options, Project
from ipanalysis.reports.plan import load_plan
from ipanalysis.reports.runner import run_build

pytestmark = pytest.mark.slow

SANITIZE = Path(__file__).parent / "nbval_sanitize.cfg"
FIXTURE = Path(__file__).parent / "fixtures" / "build" / "project"
COMMITTED = [
    spec.name
    for spec in load_plan(Project.default().plan)
    if spec.name in state.load(REPORTS_DIR) and (REPORTS_DIR / f"{spec.name}.ipynb").is_file()
]


def semicolon_cells_unchecked(notebook: Path, folder: Path) -> Path:
    """A copy of ``notebook`` in ``folder`` whose cells ending in ``;`` nbval does not compare."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and DisplayHook.semicolon_at_end_of_expression(source):
            tags = cell["metadata"].setdefault("tags", [])
            tags.append("nbval-ignore-output")
    copy = folder / notebook.name
    copy.write_text(json.dumps(nb), encoding="utf-8")
    return copy


def nbval(
    notebook: Path, folder: Path, root: Path = PROJECT_ROOT
) -> subprocess.CompletedProcess[str]:
    """Run nbval on (a copy in ``folder`` of) ``notebook``, the kernel reading ``root``."""
    checked = semicolon_cells_unchecked(notebook, folder)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", str(checked), "--nbval-kernel-name",
         "ipanalysis", "--nbval-sanitize-with", str(SANITIZE), "-p", "no:cacheprovider", "-q"],
        cwd=PROJECT_ROOT, env={**os.environ, "IPANALYSIS_ROOT": str(root)},
        capture_output=True, text=True, check=False,
    )


@pytest.mark.skipif(not COMMITTED, reason="no reports committed in reports/ yet")
def test_rebuilding_a_committed_report_gives_the_same_bytes(tmp_path: Path) -> None:
    name = COMMITTED[0]
    options = Options(output_dir=tmp_path, only=(name,), jobs=1)
    log = io.StringIO()
    assert run_build(Project.default(), options, out=log) == 0, log.getvalue()
    for suffix in (".ipynb", ".html", ".pdf"):
        rebuilt = (tmp_path / f"{name}{suffix}").read_bytes()
        assert rebuilt == (REPORTS_DIR / f"{name}{suffix}").read_bytes(), (
            f"reports/{name}{suffix} differs from a rebuild: run `make reports` and commit"
        )


@pytest.mark.skipif(not COMMITTED, reason="no reports committed in reports/ yet")
@pytest.mark.parametrize("name", COMMITTED)
def test_nbval_reproduces_each_committed_notebook(name: str, tmp_path: Path) -> None:
    result = nbval(REPORTS_DIR / f"{name}.ipynb", tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]


def test_nbval_reproduces_a_built_notebook(tmp_path: Path) -> None:
    """The sanitize file and the kernel name work: a fresh toy build passes nbval."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    options = Options(output_dir=root / "reports", only=("toy",), jobs=1)
    assert run_build(Project.at(root), options, out=io.StringIO()) == 0
    result = nbval(options.output_dir / "toy.ipynb", tmp_path, root)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "passed" in result.stdout


def test_the_committed_index_flags_no_failed_rebuild() -> None:
    # every report of the plan built: none is shown as left over from a failed rebuild, although
    # each has its own data version (the files of data/ it read)
    page = (REPORTS_DIR / "index.html").read_text(encoding="utf-8")
    assert "last rebuild failed" not in page
