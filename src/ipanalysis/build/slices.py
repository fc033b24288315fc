"""Hashes of exactly the data a report read, and the words for what changed in it.

A report's kernel records its reads (:mod:`ipanalysis.reads`): per file below ``data/``, the
whole file, or some columns of every row (``scan``), and some rows by key (every column). Here
that record becomes a *slice*: the same description with a hash for each part (one per row), so
a later build can say "reads fd-03, changed" and rebuild only the reports whose slice moved.
Files are read with the standard ``csv`` module, so deciding stays fast and imports no pandas.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "t.csv").write_text("id,a,b\\nx,1,2\\ny,3,4\\n")
>>> spec = {"t.csv": {"key": "id", "whole": False, "scan": ["a"], "rows": ["y"]}}
>>> before = fingerprint(spec, root)
>>> _ = (root / "t.csv").write_text("id,a,b\\nx,1,9\\ny,3,4\\n")
>>> changes(before, DataFiles(root))
()
>>> _ = (root / "t.csv").write_text("id,a,b\\nx,1,9\\ny,3,5\\n")
>>> changes(before, DataFiles(root))
('reads y, changed',)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from ipanalysis.build.fingerprint import MISSING, hash_bytes, hash_file, hash_json

ROW_HASH_CHARS = 16
SHOWN_KEYS = 3
#: The folders below ``data/`` a report is taken to read whole when its kernel recorded nothing.
DATA_FOLDERS = ("processed", "raw")


class _Table:
    """One CSV file read as text: header and rows, with row hashes by key made on demand."""

    def __init__(self, path: Path) -> None:
        self._keyed: dict[str, dict[str, str]] = {}
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.digest, self.header, self.rows = MISSING, [], []
            return
        self.digest = hash_bytes(data)
        reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
        self.header = next(reader, [])
        self.rows = list(reader)

    def row_hashes(self, key: str) -> dict[str, str]:
        if key not in self._keyed:
            at = self.header.index(key) if key in self.header else None
            self._keyed[key] = {} if at is None else {
                row[at]: hash_json(dict(zip(self.header, row, strict=False)))[:ROW_HASH_CHARS]
                for row in self.rows if len(row) > at
            }
        return self._keyed[key]

    def scan_hash(self, key: str, columns: list[str]) -> str:
        at = [self.header.index(c) if c in self.header else None for c in [key, *columns]]
        return hash_json([[row[i] if i is not None and i < len(row) else None for i in at]
                          for row in self.rows])


class DataFiles:
    """The files below one data folder, each read at most once per build."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._tables: dict[str, _Table] = {}

    def table(self, name: str) -> _Table:
        if name not in self._tables:
            self._tables[name] = _Table(self.data_dir / name)
        return self._tables[name]

    @cached_property
    def everything(self) -> dict[str, dict[str, Any]]:
        """A record saying "read every file whole", for a kernel that handed back none."""
        files = sorted(
            p.relative_to(self.data_dir).as_posix()
            for folder in DATA_FOLDERS
            for p in (self.data_dir / folder).glob("*")
            if p.is_file() and not p.name.startswith(".")
        )
        return {name: {"key": None, "whole": True, "scan": [], "rows": []} for name in files}


def fingerprint(spec: Mapping[str, Mapping[str, Any]], data_dir: Path | DataFiles) -> dict:
    """The slice of ``spec`` (a :func:`ipanalysis.reads.snapshot`) in the current files."""
    files = data_dir if isinstance(data_dir, DataFiles) else DataFiles(data_dir)
    slice_ = {}
    for name, read in sorted(spec.items()):
        key, entry = read.get("key"), {}
        if read.get("whole"):
            entry["whole"] = hash_file(files.data_dir / name)
        if key and read.get("scan"):
            entry["scan"] = sorted(read["scan"])
            entry["scan_hash"] = files.table(name).scan_hash(key, entry["scan"])
        if key and read.get("rows"):
            hashes = files.table(name).row_hashes(key)
            entry["rows"] = {k: hashes.get(k, MISSING) for k in sorted(read["rows"])}
        slice_[name] = {"key": key, **entry}
    return slice_


def spec_of(slice_: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The reads a slice was made from."""
    return {
        name: {"key": part.get("key"), "whole": "whole" in part,
               "scan": list(part.get("scan", [])), "rows": list(part.get("rows", {}))}
        for name, part in slice_.items()
    }


def version(slice_: Mapping[str, Any]) -> str:
    """One hash for a slice: the data version a report shows."""
    return hash_json(slice_)


def changes(old: Mapping[str, Mapping[str, Any]], files: DataFiles) -> tuple[str, ...]:
    """Why a report whose slice was ``old`` must be rebuilt now; empty when nothing it read
    changed."""
    new = fingerprint(spec_of(old), files)
    reasons = []
    for name, before in old.items():
        after = new[name]
        if before.get("whole") != after.get("whole"):
            reasons.append(f"reads {name}, changed")
        if before.get("scan_hash") != after.get("scan_hash"):
            columns = ", ".join(before.get("scan", []))
            reasons.append(f"reads {columns} of every row of {name}, changed")
        rows_after = after.get("rows", {})
        moved = [k for k, h in before.get("rows", {}).items() if rows_after.get(k) != h]
        for word, keys in (
            ("removed", [k for k in moved if rows_after.get(k) == MISSING]),
            ("changed", [k for k in moved if rows_after.get(k) != MISSING]),
        ):
            if keys:
                shown = ", ".join(keys[:SHOWN_KEYS])
                more = f" and {len(keys) - SHOWN_KEYS} more" if len(keys) > SHOWN_KEYS else ""
                reasons.append(f"reads {shown}{more}, {word}")
    return tuple(reasons)


def describe(slice_: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Lines saying what a report read, for ``ipanalysis build --explain``."""
    lines = []
    for name, part in slice_.items():
        if "whole" in part:
            lines.append(f"{name}: the whole file")
        if part.get("scan"):
            lines.append(f"{name}: every row's {', '.join([part['key'], *part['scan']])}")
        if part.get("rows"):
            rows = list(part["rows"])
            lines.append(f"{name}: {len(rows)} row(s) by {part['key']}, every column: "
                         + " ".join(rows))
    return lines
