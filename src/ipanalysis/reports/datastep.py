"""The data step inside the build: the notebooks read ``data/processed/``, so a report is never
built from processed tables older than the raw data and the code that make them.

What ``data/processed/`` was made from (``data/raw/``, the modules of the data step, found by
grimp from :data:`DATA_STEP`, and the lock file) and what it holds is recorded beside the tables,
in :data:`RECORD_FILE`, not in an output folder's state: a build into a new folder finds them
current. When the record no longer matches, the build runs ``ipanalysis process`` (validation
included) before deciding what to rebuild. ``ipanalysis process`` writes the record too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ipanalysis.atomic import write_bytes_atomic
from ipanalysis.reports.config import Project
from ipanalysis.reports.inputs import code_hashes, hash_file, hash_tree
from ipanalysis.reports.state import Record, dumps, stale_reasons

#: The data step's record, inside ``data/processed/``; committed with the tables.
RECORD_FILE = ".made-from.json"
DATA_STEP = "ipanalysis.process"


def data_step_inputs(project: Project) -> dict[str, str]:
    """What the processed tables are made from."""
    return {"raw": hash_tree(project.raw_dir), "lock": hash_file(project.lock_file),
            **code_hashes([DATA_STEP])}


def load_record(project: Project) -> Record | None:
    """The recorded inputs and outputs of the last data step; ``None`` when there is none or it
    cannot be read (then the step runs)."""
    try:
        document = json.loads((project.processed_dir / RECORD_FILE).read_text(encoding="utf-8"))
        return Record.from_json(document)
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def refresh(project: Project) -> bool:
    """Bring ``data/processed/`` up to date; return whether the step ran.

    Raises :class:`ipanalysis.errors.DataError` when the raw data do not validate.
    """
    if not project.data_step:
        return False
    inputs = data_step_inputs(project)
    last = load_record(project)
    if last is not None and not stale_reasons(last, inputs, project.processed_dir):
        return False
    from ipanalysis.paths import SEEDS_DIR
    from ipanalysis.process import process

    record(project, process(project.raw_dir, project.processed_dir, SEEDS_DIR), inputs)
    return True


def record(project: Project, written: Iterable[Path], inputs: dict[str, str] | None = None) -> None:
    """Record that ``written`` (the processed files) were just made from ``inputs`` (by default
    the project's current raw data, code and lock)."""
    made_from = inputs if inputs is not None else data_step_inputs(project)
    outputs = {path.relative_to(project.processed_dir).as_posix(): hash_file(path)
               for path in written}
    write_bytes_atomic(project.processed_dir / RECORD_FILE,
                       dumps(Record(made_from, dict(sorted(outputs.items()))).to_json()))
