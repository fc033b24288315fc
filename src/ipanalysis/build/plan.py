"""The declared build plan (``notebooks/reports.toml``): which notebooks, with which parameters.

Each ``[[report]]`` names one set of outputs (``reports/<name>.ipynb``, ``.html``, ``.pdf``); the
same notebook may appear several times with different parameters under different names.
Reading the plan needs only ``tomllib``, so a build with nothing to do stays fast.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

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
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanError(f"{display_path(path)}: no build plan here") from None
    except tomllib.TOMLDecodeError as err:
        raise PlanError(f"{display_path(path)}: {err}") from None
    entries = document.get("report", [])
    if not isinstance(entries, list) or not entries:
        raise PlanError(f"{display_path(path)}: declare at least one [[report]]")
    specs = tuple(_spec(path, i, entry) for i, entry in enumerate(entries, start=1))
    _check_unique(path, specs)
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


def _check_unique(path: Path, specs: Sequence[ReportSpec]) -> None:
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            raise PlanError(f"{display_path(path)}: report name {spec.name!r} is used twice")
        seen.add(spec.name)
