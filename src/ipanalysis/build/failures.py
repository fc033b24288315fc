"""Explain a failed report in a few lines: which report, which cell, what error, where to look."""

from __future__ import annotations

from ipanalysis.build.job import Outcome
from ipanalysis.paths import display_path


def describe(outcome: Outcome) -> str:
    """The message printed for a report that did not build."""
    lines = [f"FAILED {outcome.name}"]
    if outcome.failure is not None:
        f = outcome.failure
        lines[0] += f": cell {f.cell_number}, which starts `{f.first_line}`"
        lines.extend(f"    {line}" for line in f.traceback_tail)
        lines.append(f"  {f.error}")
    if outcome.problem:
        lines.append(f"  {outcome.problem}")
    if outcome.failed_notebook is not None:
        lines.append(f"  executed notebook kept in {display_path(outcome.failed_notebook)}")
    lines.append("  the previously built outputs of this report are unchanged")
    return "\n".join(lines)
