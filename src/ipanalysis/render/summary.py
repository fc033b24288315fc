"""What the build reads back out of an executed notebook: title, headline, parameters, the error.

Works on the notebook as plain JSON (``nbformat`` nodes are dicts too), so the index can be
written without importing Jupyter. The headline is the output
:func:`ipanalysis.views.markdown.headline`
marked, never text typed a second time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ipanalysis.views.markdown import HEADLINE_ROLE, METADATA_KEY

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")

Notebook = Mapping[str, Any]


@dataclass(frozen=True)
class Summary:
    """The parts of an executed notebook shown on the index."""

    title: str | None
    headline: str | None
    parameters: Mapping[str, Any]


@dataclass(frozen=True)
class Failure:
    """Where and how a notebook stopped: enough to act on without opening it."""

    cell_number: int
    first_line: str
    error: str
    traceback_tail: tuple[str, ...]


def summarize(nb: Notebook) -> Summary:
    """Title (first ``# heading``), headline and the injected parameters of ``nb``."""
    return Summary(
        title=_title(nb),
        headline=_headline(nb),
        parameters=dict(nb.get("metadata", {}).get("papermill", {}).get("parameters", {})),
    )


def failure(nb: Notebook, tail: int = 3) -> Failure | None:
    """The first error output in ``nb``: its cell, the cell's first line, the error."""
    for number, cell in enumerate(nb.get("cells", []), start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                lines = [_ANSI.sub("", line) for line in output.get("traceback", [])]
                flat = [part for line in lines for part in line.splitlines() if part.strip()]
                return Failure(
                    cell_number=number,
                    first_line=_first_line(cell),
                    error=f"{output.get('ename', 'Error')}: {output.get('evalue', '')}",
                    traceback_tail=tuple(flat[-tail - 1 : -1]),
                )
    return None


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _first_line(cell: Mapping[str, Any]) -> str:
    return next((line.strip() for line in _source(cell).splitlines() if line.strip()), "")


def _title(nb: Notebook) -> str | None:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        for line in _source(cell).splitlines():
            if match := _HEADING.match(line.strip()):
                return match.group(1)
    return None


def _headline(nb: Notebook) -> str | None:
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            role = output.get("metadata", {}).get(METADATA_KEY, {}).get("role")
            if role == HEADLINE_ROLE:
                text = output.get("data", {}).get("text/plain", "")
                return "".join(text) if isinstance(text, list) else text
    return None
