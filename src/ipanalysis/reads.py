"""What a notebook read from ``data/``, recorded while it runs, so the build can rebuild a report
only when what it read changed.

Two ways in, so nothing is missed:

* The notebook side's loaders (:mod:`ipanalysis.views.dataset`) record precisely: the columns
  they scan over every row (to select), and the rows (by key) they keep, whole. They hand the
  rest of the notebook only what they recorded, so a view cannot use an unrecorded value.
* Every other opening of a file under the data folder, by any code in the kernel (a notebook's
  own ``pd.read_csv``, a library loader called directly), is seen by an audit hook
  (:func:`sys.addaudithook`) and recorded as "the whole file".

The build (:mod:`ipanalysis.build.execute`) calls :func:`start` before a notebook and
:func:`dump` after it; :mod:`ipanalysis.build.slices` hashes the recorded slice. Standard library
only: the kernel imports this before anything else.

>>> start("/nowhere")
>>> record_rows("processed/figures.csv", "figure_id", ["b", "a"])
>>> record_scan("processed/figures.csv", "figure_id", ["source_id"])
>>> snapshot()["processed/figures.csv"]
{'key': 'figure_id', 'whole': False, 'scan': ['source_id'], 'rows': ['a', 'b']}
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

_data_dir: str | None = None
_tables: dict[str, dict[str, Any]] = {}
_quiet: set[str] = set()
_hooked = False


def start(data_dir: str) -> None:
    """Forget earlier reads and watch ``data_dir`` (the folder holding ``raw/`` and
    ``processed/``) from now on; the hook is installed once per process."""
    global _data_dir, _hooked
    _data_dir = os.path.realpath(data_dir)
    _tables.clear()
    _quiet.clear()
    if not _hooked:
        sys.addaudithook(_audit)
        _hooked = True


def stop() -> None:
    """Stop recording (the hook stays, idle: audit hooks cannot be removed)."""
    global _data_dir
    _data_dir = None
    _tables.clear()


def _table(name: str, key: str | None) -> dict[str, Any]:
    entry = _tables.setdefault(name, {"key": key, "whole": False, "scan": set(), "rows": set()})
    if entry["key"] is None:
        entry["key"] = key
    return entry


def record_whole(name: str) -> None:
    """The file ``name`` (relative to the data folder) was read, all of it."""
    _table(name, None)["whole"] = True


def record_scan(name: str, key: str, columns: Iterable[str]) -> None:
    """``columns`` (and the key) were read for every row, in file order."""
    _table(name, key)["scan"].update(columns)


def record_rows(name: str, key: str, keys: Iterable[str]) -> None:
    """The rows with these keys were read, every column."""
    _table(name, key)["rows"].update(str(k) for k in keys)


@contextmanager
def precise(name: str) -> Iterator[None]:
    """Inside, opening ``name`` is not recorded as a whole read: the caller records what it
    uses of it."""
    _quiet.add(name)
    try:
        yield
    finally:
        _quiet.discard(name)


def snapshot() -> dict[str, dict[str, Any]]:
    """The reads so far, as plain JSON values with sorted lists."""
    return {
        name: {"key": t["key"], "whole": t["whole"], "scan": sorted(t["scan"]),
               "rows": sorted(t["rows"])}
        for name, t in sorted(_tables.items())
    }


def dump(path: str) -> None:
    """Write :func:`snapshot` as JSON to ``path`` (for the build, after a notebook ran)."""
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(snapshot(), fh, sort_keys=True)


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or _data_dir is None or not isinstance(args[0], str | bytes):
        return
    path = os.fsdecode(args[0])
    full = os.path.realpath(path)
    if not full.startswith(_data_dir + os.sep):
        return
    name = os.path.relpath(full, _data_dir).replace(os.sep, "/")
    if name not in _quiet:
        record_whole(name)
