"""What of a notebook file makes its report: the part the build hashes and executes.

JupyterLab saves outputs, execution counts and view state (collapsed, scrolled, timings) into the
notebook as it autosaves. None of that reaches a report: the build executes
:func:`canonical`, the notebook without it, and hashes the same thing, so an autosave never
makes a report "changed" and what is left out cannot change a report's bytes.

Standard library only: the build reads this on its fast "up to date" path.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: Cell metadata that is view state, not content (nbstripout drops the same keys).
VOLATILE_CELL_METADATA = frozenset({"collapsed", "scrolled", "execution", "ExecuteTime", "jupyter"})
#: Notebook metadata the build replaces (kernelspec), the kernel rewrites (language_info), or
#: that holds state of a previous session (widgets, signature).
VOLATILE_NOTEBOOK_METADATA = frozenset({"kernelspec", "language_info", "widgets", "signature"})
PARAMETERS_TAG = "parameters"


def read(path: Path) -> dict[str, Any]:
    """The notebook file as JSON."""
    return json.loads(path.read_text(encoding="utf-8"))


def canonical(nb: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``nb`` without outputs, execution counts and view state.

    >>> nb = {"metadata": {"kernelspec": {}}, "cells": [{"cell_type": "code", "source": "2 + 2",
    ...       "execution_count": 3, "outputs": [{"text": "4"}],
    ...       "metadata": {"scrolled": True, "tags": ["x"]}}]}
    >>> cell = canonical(nb)["cells"][0]
    >>> cell["execution_count"], cell["outputs"], cell["metadata"], canonical(nb)["metadata"]
    (None, [], {'tags': ['x']}, {})
    """
    cells = []
    for cell in nb.get("cells", []):
        clean = {k: v for k, v in cell.items() if k not in {"outputs", "execution_count"}}
        if cell.get("cell_type") == "code":
            clean["execution_count"] = None
            clean["outputs"] = []
        clean["metadata"] = {
            k: v for k, v in cell.get("metadata", {}).items() if k not in VOLATILE_CELL_METADATA
        }
        cells.append(clean)
    metadata = {
        k: v for k, v in nb.get("metadata", {}).items() if k not in VOLATILE_NOTEBOOK_METADATA
    }
    return {**nb, "metadata": metadata, "cells": cells}


def source_text(cell: Mapping[str, Any]) -> str:
    """A cell's source as one string (notebook files may store it as a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def declared_parameters(nb: Mapping[str, Any]) -> tuple[str, ...]:
    """Names the cell tagged ``parameters`` assigns, in order; empty without such a cell.

    >>> declared_parameters({"cells": [{"cell_type": "code", "metadata": {"tags":
    ...     ["parameters"]}, "source": "a = 1\\nb: str = 'x'\\nc, d = 2, 3"}]})
    ('a', 'b', 'c', 'd')
    """
    for cell in nb.get("cells", []):
        if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            return tuple(dict.fromkeys(_assigned(ast.parse(source_text(cell)))))
    return ()


def _assigned(tree: ast.Module) -> list[str]:
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        for target in targets:
            names.extend(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names
