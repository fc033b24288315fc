"""Build one report inside a worker process: inject parameters, execute, render, write.

Each worker process imports papermill, nbclient, nbconvert and WeasyPrint once and keeps its
kernel between reports (:mod:`ipanalysis.build.execute`), so those costs are paid per worker,
not per report. The kernel records what the notebook read of ``data/``; the worker hashes
that slice (:mod:`ipanalysis.build.slices`), which the report shows as its data version and the
build keeps to know when to rebuild it. The three outputs are written together with temporary
files and renames, so a killed build leaves each one old or new, never cut short. A notebook
that raises leaves the previous outputs alone; its executed copy goes to
``<output>/.failed/<name>.ipynb``.
"""

from __future__ import annotations

from multiprocessing.util import Finalize
from pathlib import Path

from ipanalysis.atomic import write_all_atomic, write_bytes_atomic
from ipanalysis.build.execute import Executor
from ipanalysis.build.fingerprint import hash_bytes, short
from ipanalysis.build.job import Job, Outcome
from ipanalysis.build.notebook import effective_parameters, parameterized, to_bytes
from ipanalysis.build.slices import DataFiles, fingerprint, version
from ipanalysis.build.state import failed_notebook_path
from ipanalysis.build.summary import failure, summarize
from ipanalysis.build.to_html import render_html
from ipanalysis.build.to_pdf import render_pdf
from ipanalysis.reproducible import SOURCE_DATE_EPOCH


def kernel_env(project_root: Path) -> dict[str, str]:
    """Variables every report kernel gets: the project, a fixed clock for file metadata, a
    fixed hash seed (set iteration order), one time zone and locale."""
    return {
        "IPANALYSIS_ROOT": str(project_root),
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "PYTHONHASHSEED": "0",
        "TZ": "UTC",
        "LC_ALL": "C.UTF-8",
    }


_executor: Executor | None = None


def _executor_for(job: Job) -> Executor:
    global _executor
    if _executor is None:
        _executor = Executor(
            kernel_env(job.project_root),
            cwd=job.notebooks_dir,
            project_root=job.project_root,
            data_dir=job.data_dir,
            reuse=not job.fresh_kernels,
        )
        Finalize(_executor, _executor.close, exitpriority=10)
    return _executor


def build_report(job: Job) -> Outcome:
    """Execute and render one report; failures of the notebook are returned, not raised."""
    spec = job.spec
    execution = _executor_for(job).run(parameterized(spec.notebook, spec.parameters))
    data = DataFiles(job.data_dir)
    notes = ("failed in a reused kernel, built in a fresh one",) if execution.retried_fresh else ()
    failed_path = failed_notebook_path(job.output_dir, spec.name)
    if not execution.ok:
        write_bytes_atomic(failed_path, to_bytes(execution.nb))
        return Outcome(
            name=spec.name,
            failure=failure(execution.nb),
            problem=execution.problem,
            failed_notebook=failed_path,
            notes=notes,
        )
    read = fingerprint(data.everything if execution.reads is None else execution.reads, data)
    html = render_html(
        execution.nb,
        title=summarize(execution.nb).title or spec.name,
        parameters=effective_parameters(spec.notebook, spec.parameters),
        data_version=short(version(read)),
        notebook_dir=spec.notebook.parent,
        show_code=job.show_code,
    )
    contents = {
        job.output_dir / f"{spec.name}.ipynb": to_bytes(execution.nb),
        job.output_dir / f"{spec.name}.html": html.encode(),
        job.output_dir / f"{spec.name}.pdf": render_pdf(html),
    }
    write_all_atomic(contents)
    failed_path.unlink(missing_ok=True)
    return Outcome(
        name=spec.name,
        outputs={path.name: hash_bytes(content) for path, content in contents.items()},
        reads=read,
        notes=notes,
    )
