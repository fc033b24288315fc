"""The data step inside the build: the notebooks read ``data/processed/``, so a report is never
built from processed tables older than the raw data and the code that make them.

What ``data/processed/`` was made from (the hashes of ``data/raw/``, the library and the lock
file) and what it holds is recorded beside the tables, in :data:`RECORD_FILE`, not in an output
folder's state: the tables are one, whichever folder the reports go to, so a build into a new
folder finds them current and does not remake them. When the record no longer matches, the
build runs ``ipanalysis process`` (validation included) before deciding what to rebuild. The
record is hidden (a dot file), so it is neither an input of any hash of the folder nor a table
of the data package.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from ipanalysis.atomic import write_bytes_atomic
from ipanalysis.build.config import Project
from ipanalysis.build.fingerprint import hash_file, hash_tree
from ipanalysis.build.state import Record, stale_reasons

#: The data step's record, inside ``data/processed/``; committed with the tables.
RECORD_FILE = ".made-from.json"


def data_step_inputs(project: Project) -> dict[str, str]:
    """What the processed tables are made from."""
    return {
        "raw": hash_tree(project.raw_dir),
        "code": hash_tree(project.code_dir),
        "lock": hash_file(project.lock_file),
    }


def load_record(project: Project) -> Record | None:
    """The recorded inputs and outputs of the last data step; ``None`` when there is none or it
    cannot be read (then the step runs)."""
    try:
        document = json.loads((project.processed_dir / RECORD_FILE).read_text(encoding="utf-8"))
        return Record.from_json(document)
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def dump_record(record: Record) -> bytes:
    """The record file's bytes: canonical JSON, so two identical data steps write the same."""
    return (json.dumps(record.to_json(), indent=2, sort_keys=True) + "\n").encode()


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

    record(project, process(project.raw_dir, project.processed_dir, SEEDS_DIR).values(), inputs)
    return True


def record(
    project: Project, written: Iterable[Path], inputs: Mapping[str, str] | None = None
) -> None:
    """Record that ``written`` (the processed tables) were just made from ``inputs`` (by
    default, the project's current raw data, code and lock); ``ipanalysis process`` calls it
    too, so a build after ``make data`` does not make the same tables again."""
    made_from = dict(inputs) if inputs is not None else data_step_inputs(project)
    outputs = {path.name: hash_file(path) for path in written}
    write_bytes_atomic(project.processed_dir / RECORD_FILE,
                       dump_record(Record(made_from, outputs)))
