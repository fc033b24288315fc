"""The build's memory, ``reports/build-state.json``: what each report was built from, and what it
wrote.

The file is committed with the reports. Its hashes are of contents only, so a fresh clone finds
every committed report up to date, and a deleted or hand-edited output no longer matches and is
rebuilt. It is written in one canonical form (sorted keys, fixed indentation) so that two
identical builds write identical bytes. The data step's record (``data/processed/.made-from.json``)
is a :class:`Record` too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipanalysis.reports.inputs import changed, hash_file

STATE_FILE = "build-state.json"
FORMAT = 3
INDEX = "index"
#: Where the executed copy of a notebook that failed is kept, inside the output folder.
FAILED_DIR = ".failed"


def failed_notebook_path(output_dir: Path, name: str) -> Path:
    """Where the executed copy of a failed notebook is kept, until the report builds again.

    >>> failed_notebook_path(Path("reports"), "growth").as_posix()
    'reports/.failed/growth.ipynb'
    """
    return output_dir / FAILED_DIR / f"{name}.ipynb"


@dataclass(frozen=True)
class Record:
    """What one output set (a report, the index, the processed tables) was made from and the
    hashes of what it wrote."""

    inputs: Mapping[str, str]
    outputs: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The record as stored.

        >>> Record({"raw": "ab"}, {"figures.csv": "cd"}).to_json()
        {'inputs': {'raw': 'ab'}, 'outputs': {'figures.csv': 'cd'}}
        """
        return {"inputs": dict(self.inputs), "outputs": dict(self.outputs)}

    @classmethod
    def from_json(cls, entry: Mapping[str, Any]) -> Record:
        """A record read back from :meth:`to_json`'s form."""
        return cls(dict(entry["inputs"]), dict(entry["outputs"]))


def dumps(value: Mapping[str, Any]) -> bytes:
    """Canonical JSON bytes: two identical builds write the same file."""
    return (json.dumps(value, indent=2, sort_keys=True) + "\n").encode()


def load(output_dir: Path) -> dict[str, Record]:
    """Records by name; an absent, unreadable or older-format file means "nothing built"."""
    try:
        document = json.loads((output_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return {}
    return {name: Record.from_json(entry) for name, entry in document.get("records", {}).items()}


def dump(records: Mapping[str, Record]) -> bytes:
    """The state file's bytes for ``records``."""
    return dumps({"format": FORMAT,
                  "records": {name: r.to_json() for name, r in records.items()}})


def stale_reasons(
    record: Record | None, inputs: Mapping[str, str], output_dir: Path
) -> tuple[str, ...]:
    """Why a set of outputs must be rebuilt; empty when it is up to date."""
    if record is None:
        return ("never built",)
    outputs = tuple(
        f"{file} {'missing' if digest == 'missing' else 'modified'}"
        for file, expected in record.outputs.items()
        if (digest := hash_file(output_dir / file)) != expected
    )
    return changed(record.inputs, inputs) + outputs
