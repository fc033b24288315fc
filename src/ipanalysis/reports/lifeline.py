"""Tie every process of a build to the build, so none outlives it or writes after it.

A ``kill -9`` of the build process gives it no chance to stop its workers, and a worker gives
its kernel none either. On Linux each worker and each kernel therefore asks the kernel, with
``prctl(PR_SET_PDEATHSIG)``, to be sent SIGKILL the moment its parent dies; the chain build ->
worker -> kernel then falls in one go. Workers also hold a shared lock on
``<output>/.build.workers.lock`` for their whole life: a new build takes it exclusively, while
holding the build lock and before it writes anything, so it waits until every worker of an
earlier build is gone.

The files a build's processes leave when killed (kernel connection files with their keys, the
fonts' configuration, any other temporary file) go to ``<output>/.build-runtime/``, which the
build owns: it is emptied at the start of every build and removed at the end.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import signal
import sys
from pathlib import Path

RUNTIME_DIR = ".build-runtime"
WORKERS_LOCK = ".build.workers.lock"
_PR_SET_PDEATHSIG = 1
_held: list[int] = []


def die_with_parent(parent_pid: int) -> None:
    """Have this process killed when its parent dies (Linux); exit now if it already has."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent_pid:
        os._exit(1)


def _kernel_preexec() -> None:
    """Run in the kernel's process between fork and exec: die with the worker."""
    die_with_parent(os.getppid())


def kernel_launch() -> dict[str, object]:
    """Keyword arguments for starting a kernel (passed on to ``subprocess.Popen``)."""
    return {"preexec_fn": _kernel_preexec, "transport_encryption": "auto"}


def runtime_dir(output_dir: Path) -> Path:
    """The build's own folder for connection files and temporary files."""
    return output_dir / RUNTIME_DIR


def worker_env(output_dir: Path) -> dict[str, str]:
    """Variables that send a worker's and its kernels' runtime files to the build's folder."""
    folder = str(runtime_dir(output_dir))
    return {**os.environ, "JUPYTER_RUNTIME_DIR": folder, "TMPDIR": folder}


def fresh_runtime_dir(output_dir: Path) -> Path:
    """Remove what a killed build left in the runtime folder and create it empty."""
    folder = runtime_dir(output_dir)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700, parents=True)
    return folder


def remove_runtime_dir(output_dir: Path) -> None:
    """Remove the runtime folder once every worker has stopped."""
    shutil.rmtree(runtime_dir(output_dir), ignore_errors=True)


def wait_for_earlier_workers(output_dir: Path) -> None:
    """Block until no worker of an earlier build is alive (call it holding the build lock)."""
    fd = os.open(output_dir / WORKERS_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    finally:
        os.close(fd)


def join_build(output_dir: Path) -> None:
    """In a worker: hold the workers' lock for the worker's whole life."""
    fd = os.open(output_dir / WORKERS_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_SH)
    _held.append(fd)
