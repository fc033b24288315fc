"""Where a build reads from and writes to, and how it was asked to run.

Defaults come from :mod:`ipanalysis.paths`, never from the working directory. Tests build a
copy of a small project at another path by giving its folders explicitly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ipanalysis.paths import (
    NOTEBOOKS_DIR,
    PROCESSED_DIR,
    PROJECT_ROOT,
    RAW_DIR,
    REPORTS_DIR,
)


@dataclass(frozen=True)
class Project:
    """The inputs of a build: plan, notebooks (next to the plan), raw and processed data, lock
    file. With ``data_step`` the build runs ``ipanalysis process`` itself when the raw data or
    the data step's code changed, so the processed tables the notebooks read are never older
    than both."""

    root: Path
    plan: Path
    raw_dir: Path
    lock_file: Path
    processed_dir: Path
    data_step: bool = False

    @classmethod
    def default(cls) -> Project:
        """This checkout: ``notebooks/reports.toml``, ``data/raw/``, ``src/ipanalysis/``."""
        return cls(
            root=PROJECT_ROOT,
            plan=NOTEBOOKS_DIR / "reports.toml",
            raw_dir=RAW_DIR,
            lock_file=PROJECT_ROOT / "requirements.lock",
            processed_dir=PROCESSED_DIR,
            data_step=True,
        )

    @classmethod
    def at(cls, root: Path, data_step: bool = False) -> Project:
        """A project laid out like this one at ``root``, built with this checkout's library."""
        root = root.resolve()
        return cls(
            root=root,
            plan=root / "notebooks" / "reports.toml",
            raw_dir=root / "data" / "raw",
            lock_file=PROJECT_ROOT / "requirements.lock",
            processed_dir=root / "data" / "processed",
            data_step=data_step,
        )


@dataclass(frozen=True)
class Options:
    """How to build: where to, how many at once, what to force, what to show."""

    output_dir: Path = REPORTS_DIR
    jobs: int = os.cpu_count() or 1
    force: bool = False
    show_code: bool = False
    only: tuple[str, ...] = ()
