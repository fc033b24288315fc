"""Run build jobs in parallel worker processes and hand back their outcomes as they finish.

Processes, not threads: rendering HTML and PDF is Python-heavy and would serialise on the GIL.
Workers are spawned (not forked) so they start clean whatever the parent has running, and at
most ``workers`` jobs are submitted at once, so a submitted job is a running one and the
progress display can say so. Each worker dies with the build and holds the workers' lock
(:mod:`ipanalysis.build.lifeline`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from ipanalysis.build.job import Job, Outcome
from ipanalysis.build.launch import run
from ipanalysis.build.lifeline import join_build, process_env


def run_jobs(
    jobs: Sequence[Job], workers: int, on_start: Callable[[Job], None], output_dir: Path
) -> Iterator[Outcome]:
    """Yield one outcome per job, in completion order; a crashed job becomes a failed outcome."""
    queue = iter(jobs)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=max(1, workers),
        mp_context=context,
        initializer=join_build,
        initargs=(os.getpid(), str(output_dir), process_env(output_dir)),
    ) as pool:
        running: dict[Future[Outcome], Job] = {}

        def submit_next() -> None:
            job = next(queue, None)
            if job is not None:
                on_start(job)
                running[pool.submit(run, job)] = job

        for _ in range(max(1, workers)):
            submit_next()
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                job = running.pop(future)
                submit_next()
                yield _outcome(job, future)


def _outcome(job: Job, future: Future[Outcome]) -> Outcome:
    error = future.exception()
    if error is None:
        return future.result()
    return Outcome(name=job.spec.name, problem=f"{type(error).__name__}: {error}")
