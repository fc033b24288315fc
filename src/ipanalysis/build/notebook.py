"""Prepare a notebook for the kernel with papermill's own parameter injection, made deterministic.

papermill inserts a cell tagged ``injected-parameters`` after the cell tagged ``parameters``;
it gives that cell a random id, which would make every executed notebook differ. Here it gets a
fixed id, and the notebook names the project's kernel, which nbval later runs it with. What runs
is the notebook without saved outputs and view state (:func:`ipanalysis.build.nbsource.canonical`),
exactly what the build hashes.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from papermill.inspection import inspect_notebook
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from ipanalysis.build import nbsource
from ipanalysis.build.config import KERNEL_NAME
from ipanalysis.build.plan import Scalar

INJECTED_TAG = "injected-parameters"
KERNELSPEC = {"name": KERNEL_NAME, "display_name": "Python (ipanalysis)", "language": "python"}


def parameterized(path: Path, parameters: Mapping[str, Scalar]) -> NotebookNode:
    """The notebook at ``path`` with ``parameters`` injected, ready to execute."""
    nb = parameterize_notebook(
        nbformat.from_dict(nbsource.canonical(load_notebook_node(str(path)))),
        dict(parameters),
        kernel_name=KERNEL_NAME,
        language="python",
    )
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in nb.cells:
        if INJECTED_TAG in cell.metadata.get("tags", []) and "id" in cell:
            cell["id"] = INJECTED_TAG
    return nb


def effective_parameters(
    path: Path, parameters: Mapping[str, Scalar]
) -> tuple[tuple[str, str], ...]:
    """Every parameter the notebook declares with the value it ran with, as text to show.

    Values from the plan win over the defaults of the ``parameters`` cell; a default is shown
    as its value when it is a Python literal, else as written.
    """
    declared = inspect_notebook(str(path))
    shown = {name: _literal_text(p["default"]) for name, p in declared.items()}
    shown.update({name: str(value) for name, value in parameters.items()})
    return tuple(shown.items())


def to_bytes(nb: NotebookNode) -> bytes:
    """The notebook file's bytes, as ``nbformat.write`` would write them."""
    text = nbformat.writes(nb)
    return (text if text.endswith("\n") else text + "\n").encode()


def _literal_text(source: str) -> str:
    try:
        return str(ast.literal_eval(source))
    except (ValueError, SyntaxError):
        return source
