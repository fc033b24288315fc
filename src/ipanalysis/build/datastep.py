"""The data step inside the build: the notebooks read ``data/processed/``, so a report is never
built from processed tables older than the raw data and the code that make them.

The build records what ``data/processed/`` was made from (the hashes of ``data/raw/``, the
library and the lock file) and what it holds, under :data:`DATA` in the state file. When either
no longer matches, it runs ``ipanalysis process`` (validation included) before deciding what to
rebuild; the processed tables are then part of every report's fingerprint.
"""

from __future__ import annotations

from collections.abc import Mapping

from ipanalysis.build.config import Project
from ipanalysis.build.fingerprint import hash_file, hash_tree
from ipanalysis.build.state import Record, stale_reasons

#: The state file's name for the data step's record (no report name starts with a dot).
DATA = ".data"


def data_step_inputs(project: Project) -> dict[str, str]:
    """What the processed tables are made from."""
    return {
        "raw": hash_tree(project.raw_dir),
        "code": hash_tree(project.code_dir),
        "lock": hash_file(project.lock_file),
    }


def refresh(project: Project, records: Mapping[str, Record]) -> tuple[Record | None, bool]:
    """Bring ``data/processed/`` up to date; return its record and whether the step ran.

    Raises :class:`ipanalysis.errors.DataError` when the raw data do not validate.
    """
    if not project.data_step:
        return None, False
    inputs = data_step_inputs(project)
    record = records.get(DATA)
    if record is not None and not stale_reasons(record, inputs, project.processed_dir):
        return record, False
    from ipanalysis.paths import SEEDS_DIR
    from ipanalysis.process import process

    written = process(project.raw_dir, project.processed_dir, SEEDS_DIR)
    outputs = {path.name: hash_file(path) for path in written.values()}
    return Record(inputs, outputs), True
