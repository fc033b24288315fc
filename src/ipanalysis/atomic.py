"""Write files so that a reader never sees half of one: temporary file, then rename.

``os.replace`` within one directory is atomic on POSIX, so a build killed at any moment leaves
either the old file or the new one. A failed write (a full disk) removes its temporary files
and raises ``OSError`` naming the file it was writing; the temporary files of a killed writer
(``.<name>.<random>.tmp``) are removed by :func:`remove_leftovers`, which ``process`` and
``build`` call before they write.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates 0600 files; a replaced report should have the mode a plain write would give.
_FILE_MODE = 0o666 & ~_umask()


TEMP_PATTERNS = (".*.tmp", ".*.tmp-journal")


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files and folders a killed writer left in ``folder`` (hidden, named
    ``*.tmp``, and SQLite's ``*.tmp-journal`` beside them); return them.

    Call it only while no other writer can be using the folder (under its lock).
    """
    found = sorted({p for pattern in TEMP_PATTERNS for p in folder.glob(pattern)}
                   if folder.is_dir() else [])
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return found


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step."""
    write_all_atomic({path: data})


def write_all_atomic(files: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary sibling first, then rename them all.

    If any write fails, no target has been touched and the temporaries are removed, so
    ``data/processed/`` is either entirely the old tables or entirely the new ones (up to the
    renames themselves, each of which is atomic).
    """
    staged: list[tuple[Path, Path]] = []
    writing: Path | None = None
    try:
        for path, data in files.items():
            writing = path
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((Path(tmp), path))
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), _FILE_MODE)
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException as err:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        if isinstance(err, OSError) and writing is not None:
            raise OSError(err.errno, f"cannot write: {err.strerror}", str(writing)) from None
        raise
    for tmp, path in staged:
        os.replace(tmp, path)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` unless it already holds exactly that, so ``make`` and
    file watchers see an untouched file as up to date; True if written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_bytes_atomic(path, data)
    return True
