"""A build worker: one process that builds the reports it is handed, each in a fresh kernel.

``python -m ipanalysis.reports.worker`` reads one job per line on standard input (JSON, see
:func:`job_line`) and answers one outcome per line on standard output. For each job it checks
the plan's parameters against the notebook, injects them with papermill, executes the notebook
with nbclient in a kernel started for that report alone, renders HTML (nbconvert) and PDF
(WeasyPrint), and writes the three files with temporary files and renames, so a killed build
leaves each one old or new, never cut short. A notebook that raises leaves the previous outputs
alone; its executed copy goes to ``<output>/.failed/<name>.ipynb``. Papermill, nbconvert and
WeasyPrint are imported once per worker; nothing of one report is kept for the next.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ipanalysis.atomic import write_all_atomic, write_bytes_atomic
from ipanalysis.errors import IpanalysisError
from ipanalysis.render.summary import failure, summarize
from ipanalysis.reports.lifeline import die_with_parent, join_build, kernel_launch
from ipanalysis.reports.notebook import KERNEL_NAME, effective_parameters, parameterized, to_bytes
from ipanalysis.reports.plan import ReportSpec, check_parameters, declared_parameters
from ipanalysis.reports.state import failed_notebook_path
from ipanalysis.reproducible import SOURCE_DATE_EPOCH
from ipanalysis.views.inputs import environment

#: A kernel is started this many times before its report fails: jupyter_client picks free TCP
#: ports and the kernel binds them a moment later; another process (the other worker starting
#: its kernel) can take one in between, and the kernel dies with "Address already in use".
KERNEL_START_ATTEMPTS = 3
STARTUP_TIMEOUT = 120
CELL_TIMEOUT = 1200


def job_line(spec: ReportSpec, *, output_dir: Path, project_root: Path, data_dir: Path,
             reads: list[str], data_version: str, show_code: bool) -> str:
    """One job as the worker reads it."""
    return json.dumps({
        "name": spec.name, "notebook": str(spec.notebook), "parameters": dict(spec.parameters),
        "plan": str(spec.plan), "number": spec.number, "output_dir": str(output_dir),
        "project_root": str(project_root), "data_dir": str(data_dir), "reads": reads,
        "data_version": data_version, "show_code": show_code,
    }) + "\n"


def kernel_env(job: Mapping[str, Any]) -> dict[str, str]:
    """Variables every report kernel gets: the project, the files it may read, a fixed clock
    for file metadata, a fixed hash seed (set iteration order), one time zone and locale."""
    return {
        **os.environ,
        "IPANALYSIS_ROOT": job["project_root"],
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "PYTHONHASHSEED": "0",
        "TZ": "UTC",
        "LC_ALL": "C.UTF-8",
        **environment(Path(job["notebook"]).name, Path(job["data_dir"]), job["reads"]),
    }


def execute(nb: Any, job: Mapping[str, Any]) -> str | None:
    """Run ``nb`` in place in a new kernel; ``None`` when every cell ran, else what stopped it
    (the failing cell keeps its error output)."""
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    folder = str(Path(job["notebook"]).parent)
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        client = NotebookClient(
            nb, kernel_name=KERNEL_NAME, timeout=CELL_TIMEOUT, startup_timeout=STARTUP_TIMEOUT,
            record_timing=False, resources={"metadata": {"path": folder}},
        )
        try:
            client.execute(env=kernel_env(job), **kernel_launch())
            return None
        except CellExecutionError:
            return ""
        except (NoSuchKernel, TimeoutError, DeadKernelError) as err:
            return f"{type(err).__name__}: {err}"
        except RuntimeError as err:  # "Kernel died before replying to kernel_info"
            if attempt == KERNEL_START_ATTEMPTS or any(c.get("outputs") for c in nb.cells):
                return f"kernel did not start ({attempt} attempts): {err}"
    return None


def build_report(job: Mapping[str, Any]) -> dict[str, Any]:
    """Execute and render one report; failures of the notebook are returned, not raised."""
    from ipanalysis.render import short
    from ipanalysis.render.to_html import render_html
    from ipanalysis.render.to_pdf import render_pdf
    from ipanalysis.reports.inputs import hash_bytes

    spec = ReportSpec(job["name"], Path(job["notebook"]), job["parameters"], Path(job["plan"]),
                      job["number"])
    output_dir = Path(job["output_dir"])
    try:
        check_parameters(spec)
    except IpanalysisError as err:
        return {"name": spec.name, "problem": str(err)}
    nb = parameterized(spec.notebook, spec.parameters)
    problem = execute(nb, job)
    failed_path = failed_notebook_path(output_dir, spec.name)
    if problem is not None:
        write_bytes_atomic(failed_path, to_bytes(nb))
        found = failure(nb)
        return {"name": spec.name, "problem": problem or None, "failed_notebook": str(failed_path),
                "failure": None if found is None else asdict(found)}
    html = render_html(
        nb, title=summarize(nb).title or spec.name,
        parameters=effective_parameters(declared_parameters(spec.notebook), spec.parameters),
        data_version=short(job["data_version"]), notebook_dir=spec.notebook.parent,
        show_code=job["show_code"],
    )
    contents = {
        output_dir / f"{spec.name}.ipynb": to_bytes(nb),
        output_dir / f"{spec.name}.html": html.encode(),
        output_dir / f"{spec.name}.pdf": render_pdf(html),
    }
    write_all_atomic(contents)
    failed_path.unlink(missing_ok=True)
    return {"name": spec.name,
            "outputs": {path.name: hash_bytes(data) for path, data in contents.items()}}


def main(argv: list[str]) -> int:
    """Serve jobs until standard input closes. ``argv``: the build's pid and output folder."""
    parent, output_dir = int(argv[0]), Path(argv[1])
    die_with_parent(parent)
    join_build(output_dir)
    # Replies go to a copy of standard output; the descriptor itself (which kernels inherit)
    # and sys.stdout then point at standard error, so nothing else reaches the reply channel.
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    for line in sys.stdin:
        job = json.loads(line)
        try:
            outcome = build_report(job)
        except OSError as err:
            where = f"{err.filename}: " if err.filename else ""
            outcome = {"name": job["name"], "problem": f"{where}{err.strerror or err}"}
        except Exception as err:  # a bug here must fail one report, loudly, not the worker
            traceback.print_exc()
            outcome = {"name": job["name"], "problem": f"{type(err).__name__}: {err}"}
        replies.write(json.dumps(outcome) + "\n")
        replies.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
