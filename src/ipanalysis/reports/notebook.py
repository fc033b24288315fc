"""A notebook as the build sees it: stripped by nbstripout, parameterised by papermill, and the
library modules it imports, found statically.

What of a notebook makes its report is what nbstripout keeps with :data:`STRIPPED_KEYS`: cell
sources, types, ids and tags and the notebook's own metadata (its declared reads), not the
outputs, counts, kernel and language metadata or view state JupyterLab saves into it. The build
hashes that and executes that, so an autosave never makes a report stale. papermill inserts a
cell tagged ``injected-parameters`` after the cell tagged ``parameters``, with a random id; here
it gets a fixed one, so executed notebooks are the same bytes every time.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipanalysis.render import INJECTED_TAG

if TYPE_CHECKING:
    from nbformat import NotebookNode

KERNEL_NAME = "ipanalysis"
KERNELSPEC = {"name": KERNEL_NAME, "display_name": "Python (ipanalysis)", "language": "python"}
#: What JupyterLab adds that is not the notebook's content, beyond outputs and counts: the keys
#: nbstripout strips by default, and the kernel's language information. The git filter strips
#: these too (``make nbstripout-filter``); the build also leaves out the kernelspec, which it
#: replaces with the project's kernel.
GIT_EXTRA_KEYS = ("metadata.language_info", "cell.metadata.jupyter", "metadata.toc",
                  "metadata.vscode")
NBSTRIPOUT_DEFAULT_KEYS = (
    "metadata.signature", "metadata.widgets", "cell.metadata.collapsed",
    "cell.metadata.ExecuteTime", "cell.metadata.execution", "cell.metadata.heading_collapsed",
    "cell.metadata.hidden", "cell.metadata.scrolled",
)
STRIPPED_KEYS = (*NBSTRIPOUT_DEFAULT_KEYS, *GIT_EXTRA_KEYS, "metadata.kernelspec")


def read(path: Path) -> dict[str, Any]:
    """The notebook file as JSON (standard library only)."""
    return json.loads(path.read_text(encoding="utf-8"))


def stripped(path: Path) -> NotebookNode:
    """The notebook at ``path`` without what :data:`STRIPPED_KEYS`, outputs and counts hold,
    read by papermill (which gives every cell a list of tags)."""
    from nbstripout import strip_output
    from papermill.iorw import load_notebook_node

    return strip_output(load_notebook_node(str(path)), keep_output=False, keep_count=False,
                        keep_id=True, extra_keys=list(STRIPPED_KEYS))


def stripped_bytes(path: Path) -> bytes:
    """:func:`stripped` as canonical JSON bytes: what the build hashes."""
    return json.dumps(stripped(path), sort_keys=True, separators=(",", ":")).encode()


def parameterized(path: Path, parameters: Mapping[str, object]) -> NotebookNode:
    """The stripped notebook with ``parameters`` injected by papermill, ready to execute."""
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(stripped(path), dict(parameters), kernel_name=KERNEL_NAME,
                               language="python")
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in nb.cells:
        if INJECTED_TAG in cell.metadata.get("tags", []) and "id" in cell:
            cell["id"] = INJECTED_TAG
    return nb


def effective_parameters(
    declared: Mapping[str, str], parameters: Mapping[str, object]
) -> tuple[tuple[str, str], ...]:
    """Every parameter the notebook declares with the value it ran with, as text to show.

    Values from the plan win over the defaults of the ``parameters`` cell; a default is shown
    as its value when it is a Python literal, else as written.

    >>> effective_parameters({"currency": '"CNY"', "as_of": '"latest"'}, {"currency": "USD"})
    (('currency', 'USD'), ('as_of', 'latest'))
    """
    shown = {name: _literal_text(default) for name, default in declared.items()}
    shown.update({name: str(value) for name, value in parameters.items()})
    return tuple(shown.items())


def to_bytes(nb: NotebookNode) -> bytes:
    """The notebook file's bytes, as ``nbformat.write`` would write them."""
    import nbformat

    text = nbformat.writes(nb)
    return (text if text.endswith("\n") else text + "\n").encode()


def imported_modules(nb: Mapping[str, Any], package: str = "ipanalysis") -> set[str]:
    """The modules of ``package`` that the notebook's code cells import, by name; ``from a
    import b`` counts ``a.b`` too, since ``b`` may be a module (the caller keeps the names that
    are).

    >>> sorted(imported_modules({"cells": [{"cell_type": "code", "source":
    ...     "import os\\nfrom ipanalysis.views import growth as view"}]}))
    ['ipanalysis.views', 'ipanalysis.views.growth']
    """
    found: set[str] = set()
    for tree in _code_cells(nb):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
    return {name for name in found if name == package or name.startswith(f"{package}.")}


def _code_cells(nb: Mapping[str, Any]) -> Iterator[ast.Module]:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else source
            # IPython magics and shell escapes are not Python: leave their lines out
            lines = [line for line in text.splitlines() if not line.lstrip().startswith(("%", "!"))]
            try:
                yield ast.parse("\n".join(lines))
            except SyntaxError:
                continue


def _literal_text(source: str) -> str:
    try:
        return str(ast.literal_eval(source))
    except (ValueError, SyntaxError):
        return source
