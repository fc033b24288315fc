"""The declared build plan (``notebooks/reports.toml``): which notebooks, with which parameters.

Each ``[[report]]`` names one set of outputs (``reports/<name>.ipynb``, ``.html``, ``.pdf``); the
same notebook may appear several times with different parameters under different names.
Each parameter must be a Python name the notebook's cell tagged ``parameters`` assigns, checked
here, with the plan's file and line, before anything runs: papermill injects names as written,
so a name that held code would run it, and a misspelt one would only fail inside the notebook.
Reading the plan needs only ``tomllib``, so a build with nothing to do stays fast.
"""

from __future__ import annotations

import keyword
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ipanalysis.build import nbsource
from ipanalysis.errors import IpanalysisError
from ipanalysis.paths import display_path

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
RESERVED = frozenset({"index"})
Scalar = str | int | float | bool


class PlanError(IpanalysisError):
    """The plan file cannot be built from; the message says where and why."""


@dataclass(frozen=True)
class ReportSpec:
    """One report to build: its output name, its notebook and the parameters papermill injects."""

    name: str
    notebook: Path
    parameters: Mapping[str, Scalar]


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
        raise PlanError(f"{display_path(path)}: declare at least one [[report]]")
    specs = tuple(_spec(path, i, entry) for i, entry in enumerate(entries, start=1))
    _check_unique(path, specs)
    for number, spec in enumerate(specs, start=1):
        _check_parameters(path, text, number, spec)
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


def _spec(path: Path, number: int, entry: object) -> ReportSpec:
    where = f"{display_path(path)}: report #{number}"
    if not isinstance(entry, dict):
        raise PlanError(f"{where}: must be a table")
    unknown = set(entry) - {"name", "notebook", "parameters"}
    if unknown:
        raise PlanError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        raise PlanError(f"{where}: name must be lower-case letters, digits, '-' or '_'")
    if name in RESERVED:
        raise PlanError(f"{where}: {name!r} is taken by reports/{name}.html")
    notebook = entry.get("notebook")
    if not isinstance(notebook, str) or not notebook.endswith(".ipynb"):
        raise PlanError(f"{where} ({name}): notebook must be a .ipynb path")
    resolved = (path.parent / notebook).resolve()
    if not resolved.is_file():
        raise PlanError(f"{where} ({name}): {display_path(resolved)} does not exist")
    parameters = entry.get("parameters", {})
    if not isinstance(parameters, dict) or not all(
        isinstance(v, Scalar) for v in parameters.values()
    ):
        raise PlanError(f"{where} ({name}): parameters must map names to strings or numbers")
    return ReportSpec(name, resolved, dict(parameters))


def _check_parameters(path: Path, text: str, number: int, spec: ReportSpec) -> None:
    """Every parameter is a Python name the notebook declares; the error names the line."""
    try:
        declared = nbsource.declared_parameters(nbsource.read(spec.notebook))
    except (ValueError, SyntaxError) as err:
        raise PlanError(
            f"{display_path(spec.notebook)}: cannot read its parameters cell ({err})"
        ) from None
    for name in spec.parameters:
        where = f"{display_path(path)}:{_line_of(text, number, name)}: report {spec.name!r}"
        if not name.isidentifier() or keyword.iskeyword(name):
            raise PlanError(f"{where}: parameter {name!r} is not a Python name")
        if name not in declared:
            allowed = ", ".join(declared) or "none (no cell tagged parameters)"
            raise PlanError(
                f"{where}: {display_path(spec.notebook)} declares no parameter {name!r}; "
                f"it declares {allowed}"
            )


def _line_of(text: str, number: int, key: str) -> int:
    """The line of ``key`` in the ``number``-th ``[[report]]`` (its header line if not found)."""
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if line.strip().startswith("[[report]]")]
    if len(headers) < number:
        return 1
    start = headers[number - 1]
    end = headers[number] if len(headers) > number else len(lines)
    pattern = re.compile(rf"""(^|[{{,\s])(["']?){re.escape(key)}\2\s*=""")
    for i in range(start, end):
        if pattern.search(lines[i]):
            return i + 1
    return start + 1


def _check_unique(path: Path, specs: Sequence[ReportSpec]) -> None:
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            raise PlanError(f"{display_path(path)}: report name {spec.name!r} is used twice")
        seen.add(spec.name)
