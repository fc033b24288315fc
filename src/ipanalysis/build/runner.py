"""The build: decide what is stale, build it in parallel, record it, refresh the index.

Deciding needs only hashes and the state file, so a build with nothing to do answers "up to
date" without importing Jupyter, WeasyPrint or rich: those are imported inside :func:`_build`
(through :mod:`ipanalysis.build.pool`) once there is work.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

from ipanalysis.atomic import write_bytes_atomic
from ipanalysis.build import state
from ipanalysis.build.config import Options, Project
from ipanalysis.build.fingerprint import SharedInputs, hash_bytes, hash_json, report_inputs
from ipanalysis.build.lock import exclusive
from ipanalysis.build.plan import ReportSpec, load_plan, select
from ipanalysis.build.state import Record
from ipanalysis.paths import display_path

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

    @classmethod
    def create(cls, project: Project, options: Options) -> Context:
        plan = load_plan(project.plan)
        selected = select(plan, options.only)
        shared = SharedInputs.of(project)
        inputs = {spec.name: report_inputs(spec, shared, options) for spec in selected}
        return cls(project, options, plan, selected, shared, inputs)


def stale_reports(ctx: Context, records: Mapping[str, Record]) -> dict[str, tuple[str, ...]]:
    """The selected reports to build, each with why (``--force`` makes every one stale)."""
    stale = {}
    for spec in ctx.selected:
        if ctx.options.force:
            stale[spec.name] = ("forced",)
        elif reasons := state.stale_reasons(
            records.get(spec.name), ctx.inputs[spec.name], ctx.options.output_dir
        ):
            stale[spec.name] = reasons
    return stale


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


def run_build(project: Project, options: Options, out: TextIO = sys.stdout) -> int:
    """Build what is stale; 0 when every selected report is built or up to date, else 1."""
    output_dir = options.output_dir
    with exclusive(output_dir, on_wait=lambda text: print(text, file=sys.stderr, flush=True)):
        ctx = Context.create(project, options)
        records = state.load(output_dir)
        stale = stale_reports(ctx, records)
        if not stale and not index_is_stale(ctx, records):
            count = len(ctx.selected)
            print(f"up to date: {count} report(s) in {display_path(output_dir)}", file=out)
            return 0
        return _build(ctx, records, stale, out)


def _build(
    ctx: Context,
    records: Mapping[str, Record],
    stale: Mapping[str, tuple[str, ...]],
    out: TextIO,
) -> int:
    """Build the stale reports in parallel, recording each as it lands (a killed build keeps
    what it finished); remove temporary files a killed build left (we hold the lock)."""
    from ipanalysis.build.failures import describe
    from ipanalysis.build.job import Job
    from ipanalysis.build.pool import run_jobs
    from ipanalysis.build.progress import reporter_for

    options = ctx.options
    for leftover in options.output_dir.glob(".*.tmp"):
        leftover.unlink()
    current = dict(records)
    jobs = [
        Job(
            spec=spec,
            output_dir=options.output_dir,
            project_root=ctx.project.root,
            notebooks_dir=ctx.project.plan.parent,
            data_hash=ctx.shared.data,
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
    try:
        for spec in ctx.selected:
            if spec.name not in stale:
                reporter.skipped(spec.name)
        for outcome in run_jobs(jobs, min(options.jobs, len(jobs)), on_start) if jobs else ():
            seconds = time.monotonic() - started[outcome.name]
            if outcome.ok:
                current[outcome.name] = Record(ctx.inputs[outcome.name], outcome.outputs)
                _write_state(ctx, current)
                reporter.built(outcome.name, seconds)
            else:
                failures.append(outcome)
                reporter.failed(outcome.name, seconds)
            for note in outcome.notes:
                reporter.note(f"{outcome.name}: {note}")
        if index_is_stale(ctx, current):
            current[state.INDEX] = _write_index(ctx, current)
        _write_state(ctx, current)
    finally:
        reporter.close()
    for outcome in failures:
        print(describe(outcome), file=sys.stderr)
    print(
        f"{len(jobs) - len(failures)} built, {len(ctx.selected) - len(jobs)} up to date, "
        f"{len(failures)} failed ({display_path(options.output_dir)})",
        file=out,
    )
    return 1 if failures else 0


def _write_index(ctx: Context, records: Mapping[str, Record]) -> Record:
    """Render the index from the executed notebooks there are; return its new record."""
    from ipanalysis.build.index import entry_for, render_index

    output_dir = ctx.options.output_dir
    entries = [
        entry_for(s.name, notebook, records[s.name].inputs["data"])
        for s in ctx.plan
        if s.name in records and (notebook := output_dir / f"{s.name}.ipynb").is_file()
    ]
    page = render_index(entries, ctx.shared.data, ctx.options.show_code)
    write_bytes_atomic(output_dir / INDEX_FILE, page)
    return Record(index_inputs(ctx, records), {INDEX_FILE: hash_bytes(page)})


def _write_state(ctx: Context, records: Mapping[str, Record]) -> None:
    """Keep the records of reports still in the plan, and the index's; write only on change."""
    names = {spec.name for spec in ctx.plan} | {state.INDEX}
    content = state.dump({name: r for name, r in records.items() if name in names})
    path = ctx.options.output_dir / state.STATE_FILE
    if not path.exists() or path.read_bytes() != content:
        write_bytes_atomic(path, content)
