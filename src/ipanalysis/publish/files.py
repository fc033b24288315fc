"""Writing published files: atomically, and only when the bytes change (so ``make`` and file
watchers see an untouched file as up to date)."""

from __future__ import annotations

from pathlib import Path

from ipanalysis.atomic import write_bytes_atomic


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` unless it already holds exactly that; True if written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_bytes_atomic(path, data)
    return True
