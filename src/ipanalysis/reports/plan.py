"""The declared build plan (``notebooks/reports.toml``): which notebooks, with which parameters.

Each ``[[report]]`` names one set of outputs (``reports/<name>.ipynb``, ``.html``, ``.pdf``); the
same notebook may appear several times with different parameters under different names.
Reading the plan needs only ``tomllib``, so a build with nothing to do stays fast. Before a
report runs, :func:`check_parameters` holds each of its parameters to the names the notebook's
cell tagged ``parameters`` assigns (papermill's ``inspect_notebook`` reads them): papermill
injects names as written, so a name that held code would run it, and a misspelt one would only
fail inside the notebook. Every error names the plan's file and the line of the report or key at
fault.
"""

from __future__ import annotations

import keyword
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ipanalysis.errors import IpanalysisError
from ipanalysis.paths import display_path

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
RESERVED = frozenset({"index", "claims"})
Scalar = str | int | float | bool


class PlanError(IpanalysisError):
    """The plan file cannot be built from; the message says where and why."""


@dataclass(frozen=True)
class ReportSpec:
    """One report to build: its output name, its notebook and the parameters papermill injects."""

    name: str
    notebook: Path
    parameters: Mapping[str, Scalar]
    plan: Path
    number: int


def load_plan(path: Path) -> tuple[ReportSpec, ...]:
    """Read and check the plan; notebooks are resolved relative to the plan's folder."""
    try:
        text = path.read_text(encoding="utf-8")
        document = tomllib.loads(text)
    except FileNotFoundError:
        raise PlanError(f"{display_path(path)}: no build plan here") from None
    except tomllib.TOMLDecodeError as err:
        raise PlanError(f"{display_path(path)}: {err}") from None
    entries = document.get("report", [])
    if not isinstance(entries, list) or not entries:
        raise PlanError(f"{display_path(path)}:1: declare at least one [[report]]")
    lines = text.splitlines()
    specs = tuple(_spec(path, lines, i, entry) for i, entry in enumerate(entries, start=1))
    seen: set[str] = set()
    for number, spec in enumerate(specs, start=1):
        if spec.name in seen:
            raise PlanError(f"{_where(path, lines, number, 'name')}: report name {spec.name!r} "
                            "is used twice")
        seen.add(spec.name)
    return specs


def select(plan: Sequence[ReportSpec], only: Sequence[str]) -> tuple[ReportSpec, ...]:
    """The reports named in ``only`` (all when empty), in plan order."""
    if not only:
        return tuple(plan)
    known = {spec.name for spec in plan}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise PlanError(
            f"no report named {', '.join(unknown)}; the plan has {', '.join(sorted(known))}"
        )
    return tuple(spec for spec in plan if spec.name in only)


def declared_parameters(notebook: Path) -> dict[str, str]:
    """The names the notebook's ``parameters`` cell assigns, with their defaults as written."""
    from papermill import inspect_notebook

    return {name: p["default"] for name, p in inspect_notebook(str(notebook)).items()}


def _spec(path: Path, lines: list[str], number: int, entry: object) -> ReportSpec:
    where = _where(path, lines, number)
    if not isinstance(entry, dict):
        raise PlanError(f"{where}: must be a table")
    unknown = set(entry) - {"name", "notebook", "parameters"}
    if unknown:
        raise PlanError(f"{_where(path, lines, number, sorted(unknown)[0])}: unknown key(s) "
                        f"{', '.join(sorted(unknown))}")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        raise PlanError(f"{_where(path, lines, number, 'name')}: name must be lower-case "
                        "letters, digits, '-' or '_'")
    if name in RESERVED:
        raise PlanError(f"{_where(path, lines, number, 'name')}: {name!r} is taken by "
                        f"reports/{name}.html")
    notebook = entry.get("notebook")
    at = _where(path, lines, number, "notebook")
    if not isinstance(notebook, str) or not notebook.endswith(".ipynb"):
        raise PlanError(f"{at} ({name}): notebook must be a .ipynb path")
    resolved = (path.parent / notebook).resolve()
    if not resolved.is_file():
        raise PlanError(f"{at} ({name}): {display_path(resolved)} does not exist")
    parameters = entry.get("parameters", {})
    if not isinstance(parameters, dict) or not all(
        isinstance(v, Scalar) for v in parameters.values()
    ):
        raise PlanError(f"{_where(path, lines, number, 'parameters')} ({name}): parameters must "
                        "map names to strings or numbers")
    return ReportSpec(name, resolved, dict(parameters), path, number)


def check_parameters(spec: ReportSpec) -> None:
    """Every parameter is a Python name the notebook declares; the error names the line."""
    path, number = spec.plan, spec.number
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        declared = declared_parameters(spec.notebook)
    except (ValueError, SyntaxError) as err:
        raise PlanError(
            f"{display_path(spec.notebook)}: cannot read its parameters cell ({err})"
        ) from None
    for name in spec.parameters:
        where = f"{_where(path, lines, number, name)}: report {spec.name!r}"
        if not name.isidentifier() or keyword.iskeyword(name):
            raise PlanError(f"{where}: parameter {name!r} is not a Python name")
        if name not in declared:
            allowed = ", ".join(declared) or "none (no cell tagged parameters)"
            raise PlanError(
                f"{where}: {display_path(spec.notebook)} declares no parameter {name!r}; "
                f"it declares {allowed}"
            )


def where(path: Path, number: int) -> str:
    """``file:line`` of the ``number``-th ``[[report]]``'s header."""
    return _where(path, path.read_text(encoding="utf-8").splitlines(), number)


def _where(path: Path, lines: list[str], number: int, key: str | None = None) -> str:
    """``file:line`` of ``key`` in the ``number``-th ``[[report]]``, or of its header."""
    headers = [i for i, line in enumerate(lines) if line.strip().startswith("[[report]]")]
    if len(headers) < number:
        return f"{display_path(path)}:1"
    start = headers[number - 1]
    end = headers[number] if len(headers) > number else len(lines)
    if key is not None:
        pattern = re.compile(rf"""(^|[{{,\s])(["']?){re.escape(key)}\2\s*=""")
        for i in range(start, end):
            if pattern.search(lines[i]):
                return f"{display_path(path)}:{i + 1}"
    return f"{display_path(path)}:{start + 1}"
