"""Where things live, resolved from the package so that any working directory gives the same paths.

JupyterLab runs notebooks with cwd ``notebooks/``, papermill with the caller's cwd and nbclient
wherever it is told; every path the project reads or writes comes from here instead.
``IPANALYSIS_ROOT`` points the library at another copy of the project (the benchmark builds
synthetic projects that way); unset, the root is the checkout the package is installed from.

The article texts live outside the repository. ``IPANALYSIS_SEEDS`` names their folder (a
relative value is taken from the project root); unset, it is ``../shared/seeds`` beside the
project. The command line's ``--seeds-dir`` overrides both.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = Path(os.environ.get("IPANALYSIS_ROOT", PACKAGE_DIR.parents[1])).resolve()
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
SEEDS_ENV = "IPANALYSIS_SEEDS"


def seeds_dir_setting(environ: Mapping[str, str] = os.environ) -> Path:
    """The articles folder: ``IPANALYSIS_SEEDS`` if set (relative to the project root), else
    ``../shared/seeds`` beside the project.

    >>> seeds_dir_setting({}) == PROJECT_ROOT.parent / "shared" / "seeds"
    True
    >>> seeds_dir_setting({"IPANALYSIS_SEEDS": "/srv/articles"}).as_posix()
    '/srv/articles'
    """
    value = environ.get(SEEDS_ENV, "")
    return PROJECT_ROOT / value if value else PROJECT_ROOT.parent / "shared" / "seeds"


SEEDS_DIR = seeds_dir_setting()


def missing_seeds_message(seeds_dir: Path) -> str | None:
    """One line saying the articles folder is missing and what that skips, or None if present."""
    if seeds_dir.is_dir():
        return None
    return (f"articles folder not found: {seeds_dir} (set {SEEDS_ENV} or pass --seeds-dir); "
            "checksums and paragraphs were not checked against the articles")


def display_path(path: Path) -> str:
    """Path relative to the project root when inside it, so messages and reports carry no
    machine-specific prefix (``data/raw/figures.csv`` rather than ``/work/main/data/...``)."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)
