"""What the build process hands a worker process, and what it gets back.

Kept apart from :mod:`ipanalysis.build.worker` so that the build process, which only schedules,
never imports papermill, nbconvert or WeasyPrint; :mod:`ipanalysis.build.launch` holds what the
pool pickles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipanalysis.build.plan import ReportSpec
from ipanalysis.build.summary import Failure


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to build one report (picklable)."""

    spec: ReportSpec
    output_dir: Path
    project_root: Path
    notebooks_dir: Path
    data_dir: Path
    show_code: bool
    fresh_kernels: bool


@dataclass(frozen=True)
class Outcome:
    """What became of one report: output hashes and the slice of data it read when built,
    else why not."""

    name: str
    outputs: Mapping[str, str] = field(default_factory=dict)
    reads: Mapping[str, Any] = field(default_factory=dict)
    failure: Failure | None = None
    problem: str | None = None
    failed_notebook: Path | None = None
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.outputs)
