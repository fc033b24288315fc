"""Tell the person at the terminal what the build is doing: which report runs, is done, skipped,
or failed, one line per event, so a log (CI, ``make`` piped to a file) holds the same lines as
the terminal."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console

from ipanalysis.paths import display_path


class Reporter:
    """One line per event: coloured by rich on a terminal, plain text in a log."""

    def __init__(self, stream: TextIO = sys.stdout) -> None:
        self._console = Console(file=stream, soft_wrap=True, highlight=False)

    def _line(self, text: str, style: str | None = None) -> None:
        self._console.print(text, style=style, markup=False)

    def skipped(self, name: str) -> None:
        self._line(f"{name}: up to date", "dim")

    def started(self, name: str, reasons: tuple[str, ...]) -> None:
        self._line(f"{name}: building ({', '.join(reasons)})")

    def built(self, name: str, seconds: float) -> None:
        self._line(f"{name}: built in {seconds:.1f} s", "green")

    def failed(self, name: str, seconds: float) -> None:
        self._line(f"{name}: FAILED after {seconds:.1f} s", "bold red")

    def note(self, text: str) -> None:
        self._line(text)


def describe(outcome: Mapping[str, Any]) -> str:
    """The message printed for a report that did not build: which cell, what error, where the
    executed notebook is kept."""
    lines = [f"FAILED {outcome['name']}"]
    found = outcome.get("failure")
    if found:
        lines[0] += f": cell {found['cell_number']}, which starts `{found['first_line']}`"
        lines.extend(f"    {line}" for line in found["traceback_tail"])
        lines.append(f"  {found['error']}")
    if outcome.get("problem"):
        lines.append(f"  {outcome['problem']}")
    if outcome.get("failed_notebook"):
        kept = display_path(Path(outcome["failed_notebook"]))
        lines.append(f"  executed notebook kept in {kept}")
    lines.append("  the previously built outputs of this report are unchanged")
    return "\n".join(lines)
