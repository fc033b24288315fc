"""Worker processes that build reports in parallel, fed one job at a time over a pipe.

Processes, not threads: executing, rendering HTML and printing PDF are Python-heavy and would
serialise on the GIL. Each worker is a plain ``python -m ipanalysis.reports.worker``; a thread
per worker writes it a job line and waits for its outcome line, so a job handed on is a job
running and the progress display can say so. A worker that dies fails its report and is
replaced for the next job. No multiprocessing: nothing is pickled, and no helper process
(multiprocessing's resource tracker) can outlive the build.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ipanalysis.reports.lifeline import worker_env


def _start(output_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ipanalysis.reports.worker", str(os.getpid()), str(output_dir)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
        env=worker_env(output_dir))


def run_jobs(
    jobs: Sequence[tuple[str, str]], workers: int, output_dir: Path
) -> Iterator[tuple[str, Any]]:
    """Build ``jobs`` (name, job line) on up to ``workers`` processes; yield ``("started",
    name)`` when a job is handed on and ``("done", outcome)`` when it lands."""
    pending: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
    for job in jobs:
        pending.put(job)
    events: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
    running: list[subprocess.Popen[str]] = []

    def serve() -> None:
        proc: subprocess.Popen[str] | None = None
        try:
            while True:
                try:
                    name, line = pending.get_nowait()
                except queue.Empty:
                    break
                if proc is None:
                    proc = _start(output_dir)
                    running.append(proc)
                events.put(("started", name))
                try:
                    proc.stdin.write(line)
                    proc.stdin.flush()
                    reply = proc.stdout.readline()
                except OSError:
                    reply = ""
                if reply:
                    events.put(("done", json.loads(reply)))
                    continue
                code = proc.wait()
                events.put(("done", {"name": name,
                                     "problem": f"its worker stopped (exit status {code})"}))
                proc = None
        finally:
            if proc is not None:
                proc.stdin.close()
                proc.wait()
            events.put(("exit", None))

    threads = [threading.Thread(target=serve, daemon=True)
               for _ in range(max(1, min(workers, len(jobs))))]
    for thread in threads:
        thread.start()
    try:
        exited = 0
        while exited < len(threads):
            kind, value = events.get()
            if kind == "exit":
                exited += 1
            else:
                yield kind, value
    finally:
        for proc in running:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
