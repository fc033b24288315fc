"""The build: refresh the data step, decide what is stale, build it in parallel, record it,
remove the outputs of reports no longer in the plan, refresh the index.

A report is stale when its notebook, parameters, the code or the lock changed, when one of its
outputs is missing or edited, or when the data it read changed: each built report's record keeps
the slice of ``data/`` its kernel read (:mod:`ipanalysis.reads`, :mod:`ipanalysis.build.slices`),
so one edited figure rebuilds only the reports that read that figure.

Deciding needs only hashes and the state file, so a build with nothing to do answers "up to
date" without importing Jupyter, WeasyPrint or rich: those are imported inside :func:`_build`
(through :mod:`ipanalysis.build.pool`) once there is work.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ipanalysis.atomic import remove_leftovers, write_bytes_atomic
from ipanalysis.build import slices, state
from ipanalysis.build.config import Options, Project
from ipanalysis.build.datastep import refresh
from ipanalysis.build.fingerprint import (
    SharedInputs,
    hash_bytes,
    hash_json,
    report_inputs,
    short,
)
from ipanalysis.build.lifeline import (
    fresh_runtime_dir,
    remove_runtime_dir,
    wait_for_earlier_workers,
)
from ipanalysis.build.lock import exclusive
from ipanalysis.build.plan import ReportSpec, load_plan, select
from ipanalysis.build.state import FAILED_DIR, Record, failed_notebook_path
from ipanalysis.paths import display_path

if TYPE_CHECKING:
    from ipanalysis.build.findings import Overview

INDEX_FILE = "index.html"


@dataclass(frozen=True)
class Context:
    """One build's fixed facts: where, how, the plan and the hashed inputs."""

    project: Project
    options: Options
    plan: tuple[ReportSpec, ...]
    selected: tuple[ReportSpec, ...]
    shared: SharedInputs
    inputs: Mapping[str, Mapping[str, str]]
    data: slices.DataFiles

    @classmethod
    def create(cls, project: Project, options: Options) -> Context:
        plan = load_plan(project.plan)
        selected = select(plan, options.only)
        shared = SharedInputs.of(project)
        inputs = {spec.name: report_inputs(spec, shared, options) for spec in selected}
        data = slices.DataFiles(project.processed_dir.parent)
        return cls(project, options, plan, selected, shared, inputs, data)


def stale_reports(ctx: Context, records: Mapping[str, Record]) -> dict[str, tuple[str, ...]]:
    """The selected reports to build, each with why (``--force`` makes every one stale)."""
    stale = {}
    for spec in ctx.selected:
        if ctx.options.force:
            stale[spec.name] = ("forced",)
        elif reasons := state.stale_reasons(
            records.get(spec.name), ctx.inputs[spec.name], ctx.options.output_dir,
            lambda read: slices.changes(read, ctx.data),
        ):
            stale[spec.name] = reasons
    return stale


def removed_reports(ctx: Context, records: Mapping[str, Record]) -> tuple[str, ...]:
    """Reports the state file records that the plan no longer has (a name starting with a dot
    is not a report: state files before the data step's record moved held one, ``.data``)."""
    names = {spec.name for spec in ctx.plan} | {state.INDEX}
    return tuple(sorted(n for n in records if n not in names and not n.startswith(".")))


def index_inputs(ctx: Context, records: Mapping[str, Record]) -> dict[str, str]:
    """The index depends on the built reports' outputs, the data version and the template."""
    built = {s.name: dict(records[s.name].outputs) for s in ctx.plan if s.name in records}
    return {
        "reports": hash_json(built),
        "data": ctx.shared.data,
        "code": ctx.shared.code,
        "rendering": hash_json({"show_code": ctx.options.show_code}),
    }


def index_is_stale(ctx: Context, records: Mapping[str, Record]) -> bool:
    """True when ``index.html`` is missing, edited, or out of step with ``records``."""
    return bool(
        state.stale_reasons(
            records.get(state.INDEX), index_inputs(ctx, records), ctx.options.output_dir
        )
    )


def explain(project: Project, options: Options, name: str, out: TextIO = sys.stdout) -> int:
    """Print what report ``name`` was built from (its inputs, the data it read) and why it
    would be rebuilt now; builds nothing, and does not run the data step."""
    ctx = Context.create(project, replace(options, only=(name,)))
    record = state.load(options.output_dir).get(name)
    print(f"{name}: {display_path(ctx.selected[0].notebook)} "
          f"{dict(ctx.selected[0].parameters)}", file=out)
    if record is None:
        print("  never built", file=out)
        return 0
    for key, digest in sorted(record.inputs.items()):
        print(f"  {key}: {short(digest)}", file=out)
    print("  reads:", file=out)
    for line in slices.describe(record.reads) or ["nothing below data/"]:
        print(f"    {line}", file=out)
    reasons = stale_reports(ctx, {name: record}).get(name)
    print(f"  stale: {'; '.join(reasons)}" if reasons else "  up to date", file=out)
    return 0


def run_build(project: Project, options: Options, out: TextIO = sys.stdout) -> int:
    """Build what is stale; 0 when every selected report is built or up to date, else 1."""
    output_dir = options.output_dir
    with exclusive(output_dir, on_wait=lambda text: print(text, file=sys.stderr, flush=True)):
        wait_for_earlier_workers(output_dir)
        remove_runtime_dir(output_dir)
        remove_leftovers(output_dir)
        remove_leftovers(output_dir / FAILED_DIR)
        records = state.load(output_dir)
        data_ran = refresh(project)
        if data_ran:
            print(f"data step: {display_path(project.processed_dir)} rewritten", file=out)
        ctx = Context.create(project, options)
        stale = stale_reports(ctx, records)
        removed = removed_reports(ctx, records)
        if not (stale or removed or data_ran or index_is_stale(ctx, records)):
            count = len(ctx.selected)
            print(f"up to date: {count} report(s) in {display_path(output_dir)}", file=out)
            return 0
        return _build(ctx, records, stale, removed, out)


def _build(
    ctx: Context,
    records: Mapping[str, Record],
    stale: Mapping[str, tuple[str, ...]],
    removed: tuple[str, ...],
    out: TextIO,
) -> int:
    """Build the stale reports in parallel, recording each as it lands (a killed build keeps
    what it finished), and delete the outputs of reports removed from the plan."""
    from ipanalysis.build.failures import describe
    from ipanalysis.build.job import Job
    from ipanalysis.build.pool import run_jobs
    from ipanalysis.build.progress import reporter_for

    options = ctx.options
    current = dict(records)
    jobs = [
        Job(
            spec=spec,
            output_dir=options.output_dir,
            project_root=ctx.project.root,
            notebooks_dir=ctx.project.plan.parent,
            data_dir=ctx.data.data_dir,
            show_code=options.show_code,
            fresh_kernels=options.fresh_kernels,
        )
        for spec in ctx.selected
        if spec.name in stale
    ]
    reporter = reporter_for(out)
    started: dict[str, float] = {}

    def on_start(job: Job) -> None:
        started[job.spec.name] = time.monotonic()
        reporter.started(job.spec.name, stale[job.spec.name])

    failures = []
    # The index's findings come from the data alone: work them out on a thread while the
    # workers build (the main process only waits), and write the index on it while they exit.
    side = ThreadPoolExecutor(max_workers=1, thread_name_prefix="index")
    findings = side.submit(_findings)
    index: Future[Record] | None = None
    try:
        for name in removed:
            reporter.note(_remove_outputs(options.output_dir, name, current.pop(name)))
        for spec in ctx.selected:
            if spec.name not in stale:
                reporter.skipped(spec.name)
        if jobs:
            fresh_runtime_dir(options.output_dir)
        workers = min(options.jobs, len(jobs))
        outcomes = run_jobs(jobs, workers, on_start, options.output_dir) if jobs else iter(())
        for landed, outcome in enumerate(outcomes, start=1):
            seconds = time.monotonic() - started[outcome.name]
            if outcome.ok:
                inputs = {**ctx.inputs[outcome.name], "data": slices.version(outcome.reads)}
                current[outcome.name] = Record(inputs, outcome.outputs, outcome.reads)
                _write_state(ctx, current)
                reporter.built(outcome.name, seconds)
            else:
                failures.append(outcome)
                reporter.failed(outcome.name, seconds)
            for note in outcome.notes:
                reporter.note(f"{outcome.name}: {note}")
            if landed == len(jobs):  # every job yields one outcome, a crash included
                index = _index_on(side, ctx, current, findings)
        if not jobs:
            index = _index_on(side, ctx, current, findings)
        if index is not None:
            current[state.INDEX] = index.result()
        _write_state(ctx, current)
    finally:
        side.shutdown(wait=True, cancel_futures=True)
        remove_runtime_dir(options.output_dir)
        reporter.close()
    for outcome in failures:
        print(describe(outcome), file=sys.stderr)
    print(
        f"{len(jobs) - len(failures)} built, {len(ctx.selected) - len(jobs)} up to date, "
        f"{len(failures)} failed ({display_path(options.output_dir)})",
        file=out,
    )
    return 1 if failures else 0


def _remove_outputs(output_dir: Path, name: str, record: Record) -> str:
    """Delete a removed report's outputs (and a kept failed notebook); say what went."""
    gone = []
    for file in (*record.outputs, f"{FAILED_DIR}/{name}.ipynb"):
        path = output_dir / file
        if path.is_file():
            path.unlink()
            gone.append(file)
    listed = ", ".join(gone) or "no files left"
    return f"{name}: no longer in the plan; removed {listed}"


def _index_on(
    side: ThreadPoolExecutor, ctx: Context, records: Mapping[str, Record],
    findings: Future[Overview],
) -> Future[Record] | None:
    """Start writing the index on ``side`` when it is stale; ``None`` when it is not."""
    if not index_is_stale(ctx, records):
        return None
    return side.submit(_write_index, ctx, dict(records), findings)


def _findings() -> Overview:
    """The index's key findings and caveats, from the processed tables."""
    from ipanalysis.build.findings import overview

    return overview()


def _write_index(
    ctx: Context, records: Mapping[str, Record], findings: Future[Overview]
) -> Record:
    """Render the index from the executed notebooks there are; return its new record."""
    from ipanalysis.build.index import entry_for, render_index

    output_dir = ctx.options.output_dir
    entries = [
        entry_for(s.name, notebook, records[s.name].inputs["data"],
                  failed=failed_notebook_path(output_dir, s.name).is_file())
        for s in ctx.plan
        if s.name in records and (notebook := output_dir / f"{s.name}.ipynb").is_file()
    ]
    page = render_index(entries, ctx.shared.data, ctx.options.show_code, findings.result())
    write_bytes_atomic(output_dir / INDEX_FILE, page)
    return Record(index_inputs(ctx, records), {INDEX_FILE: hash_bytes(page)})


def _write_state(ctx: Context, records: Mapping[str, Record]) -> None:
    """Keep the records of reports still in the plan, and the index's; write only on change."""
    names = {spec.name for spec in ctx.plan} | {state.INDEX}
    content = state.dump({name: r for name, r in records.items() if name in names})
    path = ctx.options.output_dir / state.STATE_FILE
    if not path.exists() or path.read_bytes() != content:
        write_bytes_atomic(path, content)
