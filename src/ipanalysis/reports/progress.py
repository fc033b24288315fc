"""Tell the person at the terminal what the build is doing: which report runs, is done, skipped,
or failed.

On a terminal a rich live display shows one line per report with a spinner and its time; in a
log (CI, ``make`` piped to a file) each event is one plain line, so nothing is lost to redraws.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol, TextIO

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from ipanalysis.paths import display_path


class Reporter(Protocol):
    """Receives build events; implementations decide how to show them."""

    def skipped(self, name: str) -> None: ...
    def started(self, name: str, reasons: tuple[str, ...]) -> None: ...
    def built(self, name: str, seconds: float) -> None: ...
    def failed(self, name: str, seconds: float) -> None: ...
    def note(self, text: str) -> None: ...
    def close(self) -> None: ...


class PlainReporter:
    """One line per event."""

    def __init__(self, stream: TextIO = sys.stdout) -> None:
        self._stream = stream

    def _line(self, text: str) -> None:
        print(text, file=self._stream, flush=True)

    def skipped(self, name: str) -> None:
        self._line(f"{name}: up to date")

    def started(self, name: str, reasons: tuple[str, ...]) -> None:
        self._line(f"{name}: building ({', '.join(reasons)})")

    def built(self, name: str, seconds: float) -> None:
        self._line(f"{name}: built in {seconds:.1f} s")

    def failed(self, name: str, seconds: float) -> None:
        self._line(f"{name}: FAILED after {seconds:.1f} s")

    def note(self, text: str) -> None:
        self._line(text)

    def close(self) -> None:
        self._stream.flush()


class RichReporter:
    """A live list of reports with spinners while they build."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            SpinnerColumn(finished_text=" "),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}
        self._progress.start()

    def skipped(self, name: str) -> None:
        self._progress.add_task(f"[dim]{name}: up to date", total=1, completed=1)

    def started(self, name: str, reasons: tuple[str, ...]) -> None:
        self._tasks[name] = self._progress.add_task(
            f"{name}: building [dim]({', '.join(reasons)})", total=1
        )

    def built(self, name: str, seconds: float) -> None:
        self._finish(name, f"[green]{name}: built[/] in {seconds:.1f} s")

    def failed(self, name: str, seconds: float) -> None:
        self._finish(name, f"[bold red]{name}: FAILED[/] after {seconds:.1f} s")

    def note(self, text: str) -> None:
        self._progress.console.print(text, markup=False, highlight=False)

    def close(self) -> None:
        self._progress.stop()

    def _finish(self, name: str, description: str) -> None:
        task = self._tasks.pop(name)
        self._progress.update(task, description=description, completed=1)
        self._progress.stop_task(task)


def reporter_for(stream: TextIO = sys.stdout) -> Reporter:
    """Rich on a terminal, plain lines elsewhere."""
    console = Console(file=stream)
    return RichReporter(console) if console.is_terminal else PlainReporter(stream)


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
