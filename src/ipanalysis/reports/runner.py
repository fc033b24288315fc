"""The build: refresh the data step, decide what is stale, build it in parallel, record it,
remove the outputs of reports no longer in the plan, refresh the index.

A report is stale when one of its inputs (:mod:`ipanalysis.reports.inputs`) changed or one of
its outputs is missing or edited. The build holds the data folder's lock from start to end, so
``ipanalysis process`` never rewrites a table while a report reads it, and hashes a report's
inputs before it runs, so a report is recorded with the data it read. Deciding needs only hashes
and the state file, so a build with nothing to do answers "up to date" without importing
Jupyter, WeasyPrint or pandas.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ipanalysis.atomic import remove_leftovers, write_bytes_atomic
from ipanalysis.lock import exclusive
from ipanalysis.paths import display_path
from ipanalysis.render import TEMPLATES, short
from ipanalysis.reports import state
from ipanalysis.reports.config import Options, Project
from ipanalysis.reports.datastep import refresh
from ipanalysis.reports.inputs import (
    code_hashes,
    data_version,
    hash_bytes,
    hash_file,
    hash_json,
    hash_tree,
    report_inputs,
)
from ipanalysis.reports.lifeline import (
    fresh_runtime_dir,
    remove_runtime_dir,
    wait_for_earlier_workers,
)
from ipanalysis.reports.plan import ReportSpec, load_plan, select
from ipanalysis.reports.state import FAILED_DIR, Record, failed_notebook_path
from ipanalysis.views.inputs import INDEX_READS, expand

INDEX_FILE = "index.html"
#: The modules that write the index: its template's renderer and the findings it shows.
INDEX_CODE = ("ipanalysis.render.index", "ipanalysis.views.findings")


@dataclass(frozen=True)
class Context:
    """One build's fixed facts: where, how, the plan and each selected report's inputs."""

    project: Project
    options: Options
    plan: tuple[ReportSpec, ...]
    selected: tuple[ReportSpec, ...]
    inputs: Mapping[str, Mapping[str, str]]

    @classmethod
    def create(cls, project: Project, options: Options,
               records: Mapping[str, Record]) -> Context:
        plan = load_plan(project.plan)
        selected = select(plan, options.only)
        inputs = {spec.name: report_inputs(spec, project, options,
                                           records[spec.name].inputs if spec.name in records
                                           else {})
                  for spec in selected}
        return cls(project, options, plan, selected, inputs)


def stale_reports(ctx: Context, records: Mapping[str, Record]) -> dict[str, tuple[str, ...]]:
    """The selected reports to build, each with why (``--force`` makes every one stale)."""
    stale = {}
    for spec in ctx.selected:
        if ctx.options.force:
            stale[spec.name] = ("forced",)
        elif reasons := state.stale_reasons(records.get(spec.name), ctx.inputs[spec.name],
                                            ctx.options.output_dir):
            stale[spec.name] = reasons
    return stale


def index_inputs(ctx: Context, records: Mapping[str, Record]) -> dict[str, str]:
    """The index depends on the built reports' outputs, the data its findings read, its code
    and templates."""
    data_dir = ctx.project.processed_dir.parent
    built = {s.name: dict(records[s.name].outputs) for s in ctx.plan if s.name in records}
    return {
        "reports": hash_json(built),
        "rendering": hash_json({"show_code": ctx.options.show_code}),
        "templates": hash_tree(TEMPLATES),
        "lock": hash_file(ctx.project.lock_file),
        **{f"data:{n}": hash_file(data_dir / n) for n in expand(INDEX_READS, {}, data_dir)},
        **code_hashes(INDEX_CODE),
    }


def explain(project: Project, options: Options, name: str, out: TextIO = sys.stdout) -> int:
    """Print what report ``name`` is built from and why it would be rebuilt now; builds
    nothing, and does not run the data step."""
    records = state.load(options.output_dir)
    ctx = Context.create(project, Options(**{**options.__dict__, "only": (name,)}), records)
    spec = ctx.selected[0]
    print(f"{name}: {display_path(spec.notebook)} {dict(spec.parameters)}", file=out)
    for key, digest in sorted(ctx.inputs[name].items()):
        print(f"  {key}: {short(digest)}", file=out)
    reasons = stale_reports(ctx, records).get(name)
    print(f"  stale: {'; '.join(reasons)}" if reasons else "  up to date", file=out)
    return 0


def run_build(project: Project, options: Options, out: TextIO = sys.stdout) -> int:
    """Build what is stale; 0 when every selected report is built or up to date, else 1."""
    output_dir = options.output_dir

    def waiting(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    with exclusive(project.processed_dir, waiting), exclusive(output_dir, waiting):
        wait_for_earlier_workers(output_dir)
        remove_runtime_dir(output_dir)
        remove_leftovers(output_dir)
        remove_leftovers(output_dir / FAILED_DIR)
        records = state.load(output_dir)
        if refresh(project):
            print(f"data step: {display_path(project.processed_dir)} rewritten", file=out)
        ctx = Context.create(project, options, records)
        stale = stale_reports(ctx, records)
        names = {spec.name for spec in ctx.plan} | {state.INDEX}
        removed = sorted(n for n in records if n not in names)
        index_stale = state.stale_reasons(records.get(state.INDEX), index_inputs(ctx, records),
                                          output_dir)
        if not (stale or removed or index_stale):
            print(f"up to date: {len(ctx.selected)} report(s) in {display_path(output_dir)}",
                  file=out)
            return 0
        return _build(ctx, dict(records), stale, removed, out)


def _build(ctx: Context, records: dict[str, Record], stale: Mapping[str, tuple[str, ...]],
           removed: list[str], out: TextIO) -> int:
    """Build the stale reports in parallel, recording each as it lands (a killed build keeps
    what it finished), delete the outputs of reports removed from the plan, write the index."""
    from ipanalysis.reports.pool import run_jobs
    from ipanalysis.reports.progress import Reporter, describe
    from ipanalysis.reports.worker import job_line
    options, project = ctx.options, ctx.project
    data_dir = project.processed_dir.parent
    reporter = Reporter(out)
    jobs = []
    for spec in ctx.selected:
        if spec.name not in stale:
            reporter.skipped(spec.name)
            continue
        reads = [k.split(":", 1)[1] for k in ctx.inputs[spec.name] if k.startswith("data:")]
        jobs.append((spec.name, job_line(
            spec, output_dir=options.output_dir, project_root=project.root, data_dir=data_dir,
            reads=reads, data_version=data_version(ctx.inputs[spec.name]),
            show_code=options.show_code)))
    for name in removed:
        reporter.note(_remove_outputs(options.output_dir, name, records.pop(name)))
    failures, started = [], {}
    try:
        fresh_runtime_dir(options.output_dir)
        for event, value in run_jobs(jobs, options.jobs, options.output_dir):
            if event == "started":
                started[value] = time.monotonic()
                reporter.started(value, stale[value])
                continue
            name, seconds = value["name"], time.monotonic() - started[value["name"]]
            if value.get("outputs"):
                records[name] = Record(ctx.inputs[name], value["outputs"])
                _write_state(ctx, records)
                reporter.built(name, seconds)
            else:
                failures.append(value)
                reporter.failed(name, seconds)
        if state.stale_reasons(records.get(state.INDEX), index_inputs(ctx, records),
                               options.output_dir):
            records[state.INDEX] = _write_index(ctx, records)
        _write_state(ctx, records)
    finally:
        remove_runtime_dir(options.output_dir)
    for outcome in failures:
        print(describe(outcome), file=sys.stderr)
    print(f"{len(jobs) - len(failures)} built, {len(ctx.selected) - len(jobs)} up to date, "
          f"{len(failures)} failed ({display_path(options.output_dir)})", file=out)
    return 1 if failures else 0


def _remove_outputs(output_dir: Path, name: str, record: Record) -> str:
    """Delete a removed report's outputs (and a kept failed notebook); say what went."""
    gone = []
    for file in (*record.outputs, f"{FAILED_DIR}/{name}.ipynb"):
        path = output_dir / file
        if path.is_file():
            path.unlink()
            gone.append(file)
    return f"{name}: no longer in the plan; removed {', '.join(gone) or 'no files left'}"


def _write_index(ctx: Context, records: Mapping[str, Record]) -> Record:
    """Render the index from the executed notebooks there are, with the key findings of the
    processed data (none for a project without processed figures, as the build's own tests
    build); return its new record."""
    from ipanalysis.render.index import entry_for, render_index
    from ipanalysis.views.findings import overview

    output_dir = ctx.options.output_dir
    entries = [
        entry_for(s.name, notebook, data_version(records[s.name].inputs),
                  failed=failed_notebook_path(output_dir, s.name).is_file())
        for s in ctx.plan
        if s.name in records and (notebook := output_dir / f"{s.name}.ipynb").is_file()
    ]
    inputs = index_inputs(ctx, records)
    processed = ctx.project.processed_dir
    found = overview(processed) if (processed / "figures.csv").is_file() else None
    page = render_index(entries, data_version(inputs), ctx.options.show_code, found)
    write_bytes_atomic(output_dir / INDEX_FILE, page)
    return Record(inputs, {INDEX_FILE: hash_bytes(page)})


def _write_state(ctx: Context, records: Mapping[str, Record]) -> None:
    """Keep the records of reports still in the plan, and the index's; write only on change."""
    names = {spec.name for spec in ctx.plan} | {state.INDEX}
    content = state.dump({name: r for name, r in records.items() if name in names})
    path = ctx.options.output_dir / state.STATE_FILE
    if not path.exists() or path.read_bytes() != content:
        write_bytes_atomic(path, content)
