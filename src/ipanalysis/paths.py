"""Where things live, resolved from the package so that any working directory gives the same paths.

JupyterLab runs notebooks with cwd ``notebooks/``, papermill with the caller's cwd and nbclient
wherever it is told; every path the project reads or writes comes from here instead.
``IPANALYSIS_ROOT`` points the library at another copy of the project (the benchmark builds
synthetic projects that way); unset, the root is the checkout the package is installed from.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = Path(os.environ.get("IPANALYSIS_ROOT", PACKAGE_DIR.parents[1])).resolve()
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
SEEDS_DIR = PROJECT_ROOT.parent / "shared" / "seeds"


def display_path(path: Path) -> str:
    """Path relative to the project root when inside it, so messages and reports carry no
    machine-specific prefix (``data/raw/figures.csv`` rather than ``/work/main/data/...``)."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)
