"""``reports/index.html``: what the project is, its key findings and caveats, then every report
with its headline, parameters and links, and the claims explorer.

Titles, headlines and parameters are read from the executed notebooks, and the page is rendered
by Jinja with autoescaping on, so text from the data is shown, never interpreted. The page has
no date: it changes only when a report or the data does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ipanalysis.render import TEMPLATES, short
from ipanalysis.render.summary import summarize
from ipanalysis.views.findings import Overview


@dataclass(frozen=True)
class IndexEntry:
    """One row of the index."""

    name: str
    title: str
    headline: str | None
    parameters: tuple[tuple[str, str], ...]
    data_version: str
    failed: bool = False


def entry_for(name: str, executed_notebook: Path, data_hash: str,
              failed: bool = False) -> IndexEntry:
    """The index row of a built report, from its executed notebook; ``failed`` when its last
    rebuild failed, so the row shows what was built before from ``data_hash``."""
    summary = summarize(json.loads(executed_notebook.read_text(encoding="utf-8")))
    return IndexEntry(
        name=name,
        title=summary.title or name,
        headline=summary.headline,
        parameters=tuple((k, str(v)) for k, v in summary.parameters.items()),
        data_version=short(data_hash),
        failed=failed,
    )


def render_index(
    entries: Sequence[IndexEntry], data_hash: str, show_code: bool, summary: Overview
) -> bytes:
    """The index page's bytes, with the key findings ``summary`` holds."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    html = environment.get_template("index.html.j2").render(
        reports=entries, data_version=short(data_hash), show_code=show_code,
        overview=summary,
    )
    return html.encode()
