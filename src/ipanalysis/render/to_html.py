"""An executed notebook as a self-contained HTML report, with nbconvert's lab template.

The ``ipanalysis`` template (``templates/ipanalysis/``) extends ``lab`` for its markup only: it
replaces JupyterLab's theme (about 300 kB) with our own small print-aware style sheet
(``report.css``), drops every block that loads something from the network (require.js,
MathJax, Mermaid, widget scripts), writes each chart's alt text from its display metadata,
and opens with links back to the index and the claims explorer and the parameters table.
papermill's injected cell is removed
with nbconvert's own ``TagRemovePreprocessor``; code is hidden unless asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from nbconvert import HTMLExporter
from nbformat import NotebookNode
from traitlets.config import Config

from ipanalysis.render import INJECTED_TAG, TEMPLATES

TEMPLATE = "ipanalysis"
#: Cells for notebook users only (how to set parameters, what is read) are tagged
#: ``notebook-only``: they stay in the notebooks and are left out of the reports.
NOTEBOOK_ONLY_TAG = "notebook-only"
REMOVE_CELL_TAGS = frozenset({INJECTED_TAG, "remove-cell", NOTEBOOK_ONLY_TAG})


@cache
def _exporter(show_code: bool) -> HTMLExporter:
    """One exporter per setting and process; building one loads templates and entry points."""
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
    config.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    exporter = HTMLExporter(
        config=config,
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.log.setLevel(logging.ERROR)
    return exporter


def render_html(
    nb: NotebookNode,
    *,
    title: str,
    parameters: Sequence[tuple[str, str]],
    data_version: str,
    notebook_dir: Path,
    show_code: bool,
) -> str:
    """The report's HTML; ``notebook_dir`` resolves images the notebook's Markdown refers to."""
    html, _ = _exporter(show_code).from_notebook_node(
        nb,
        resources={
            "metadata": {"name": title, "path": str(notebook_dir)},
            "ipanalysis": {"parameters": list(parameters), "data_version": data_version},
        },
    )
    return html
