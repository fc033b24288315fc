"""One build at a time per output folder, so two builds never write the same files at once.

``flock`` is released by the kernel when the holder exits, even on ``kill -9``, so a crashed
build never leaves a lock that has to be removed by hand. A folder that cannot be locked
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

LOCK_FILE = ".build.lock"


class LockError(IpanalysisError):
    """The output folder cannot be locked; the message names the path and the reason."""


@contextmanager
def exclusive(output_dir: Path, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the output folder's lock; if another build holds it, say so and wait for it."""
    path = output_dir / LOCK_FILE
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise LockError(
            f"{display_path(path)}: cannot lock the output folder: {err.strerror}"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            on_wait(
                f"another build (pid {holder}) is writing {display_path(output_dir)}; "
                "waiting for it to finish"
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)
