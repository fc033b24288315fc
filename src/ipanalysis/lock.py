"""One writer at a time: the data step and the build take the same lock, so a build never reads
tables that ``ipanalysis process`` is rewriting, and two builds never write one folder at once.

``flock`` is released by the kernel when the holder exits, even on ``kill -9``, so a crashed
command never leaves a lock that has to be removed by hand. A folder that cannot be locked
(read-only, missing permission) is one line naming the lock file.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ipanalysis.errors import IpanalysisError
from ipanalysis.paths import display_path

#: The lock file's name in the folder it guards (``data/processed/``, an output folder).
LOCK_FILE = ".lock"


class LockError(IpanalysisError):
    """A folder cannot be locked; the message names the path and the reason."""


@contextmanager
def exclusive(folder: Path, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold ``folder``'s lock; if another command holds it, say so (``on_wait``) and wait."""
    path = folder / LOCK_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise LockError(f"{display_path(path)}: cannot lock the folder: {err.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            on_wait(f"another build or data step (pid {holder}) is using "
                    f"{display_path(folder)}; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)
