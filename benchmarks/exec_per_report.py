"""Cost of executing each report in one warm kernel, as a build worker does: wall time, the
kernel's CPU time (from /proc, Linux) and this process's CPU time per report.

Runs the project's plan (``notebooks/reports.toml``) ``--rounds`` times through one
:class:`ipanalysis.reports.execute.Executor`; nothing is written. ``--cells`` adds each cell's
time (nbclient's timing metadata). CPU time is the figure to compare when the machine is
shared. Compare two versions of the code by running this with ``PYTHONPATH=<copy>/src`` and
``--root <copy>`` (kernels inherit the environment).

    .venv/bin/python benchmarks/exec_per_report.py --rounds 1
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

from ipanalysis.reports.launch import UNUSED_OPTIONAL_MODULES

for _name in UNUSED_OPTIONAL_MODULES:  # as the build's workers: slow imports they never use
    sys.modules.setdefault(_name, None)

import ipanalysis.reports.execute as execute  # noqa: E402
from ipanalysis.reports.notebook import parameterized  # noqa: E402
from ipanalysis.reports.plan import load_plan  # noqa: E402
from ipanalysis.reports.worker import kernel_env  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cell_seconds(cell: dict) -> float | None:
    """Execution time of one cell from nbclient's timing metadata."""
    timing = cell.get("metadata", {}).get("execution", {})
    if "iopub.execute_input" not in timing:
        return None
    start, end = (datetime.fromisoformat(timing[k].rstrip("Z"))
                  for k in ("iopub.execute_input", "shell.execute_reply"))
    return (end - start).total_seconds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project to run")
    parser.add_argument("--rounds", type=int, default=1, help="times through the plan")
    parser.add_argument("--cells", action="store_true", help="print each cell's time")
    args = parser.parse_args()
    root = args.root.resolve()
    if args.cells:
        plain = execute.NotebookClient
        execute.NotebookClient = lambda *a, **kw: plain(*a, **{**kw, "record_timing": True})
    plan = load_plan(root / "notebooks" / "reports.toml")
    executor = execute.Executor(kernel_env(root), cwd=root / "notebooks", project_root=root,
                                data_dir=root / "data", reuse=True)
    kernel = executor._loop.run_until_complete(executor._kernel_for_next())
    pid = kernel.km.provisioner.process.pid
    print(f"kernel CPU to start and warm up: {cpu_seconds(pid):.2f} s")
    totals = [0.0, 0.0, 0.0]
    for _ in range(args.rounds):
        for spec in plan:
            if executor._kernel is not kernel:  # replaced after REPORTS_PER_KERNEL reports
                kernel = executor._loop.run_until_complete(executor._kernel_for_next())
                pid = kernel.km.provisioner.process.pid
            wall, own, kernel_cpu = time.perf_counter(), time.process_time(), cpu_seconds(pid)
            result = executor.run(parameterized(spec.notebook, spec.parameters))
            spent = (time.perf_counter() - wall, cpu_seconds(pid) - kernel_cpu,
                     time.process_time() - own)
            totals = [t + s for t, s in zip(totals, spent, strict=True)]
            print(f"{spec.name:30s} {'ok' if result.ok else 'FAILED':6s} wall {spent[0]:.3f} s"
                  f"  kernel CPU {spent[1]:.2f} s  client CPU {spent[2]:.3f} s")
            for cell in result.nb.cells if args.cells else ():
                if (seconds := cell_seconds(cell)) is not None:
                    print(f"    {seconds:6.3f} s  {cell.source.splitlines()[0][:60]}")
    count = args.rounds * len(plan)
    print(f"mean of {count} reports: wall {totals[0] / count:.3f} s, kernel CPU "
          f"{totals[1] / count:.3f} s, client CPU {totals[2] / count:.3f} s")
    executor.close()


if __name__ == "__main__":
    main()
