"""Everything a report is made from, as content hashes, so a build redoes only what changed.

A report's inputs are: its notebook as stripped by nbstripout, its parameters, the files of
``data/`` its notebook declares (:mod:`ipanalysis.views.inputs`), the library modules the
notebook imports and everything they import (found statically by grimp), the modules that
execute and render it (:data:`RENDERING`) with their templates, and the lock file. A report is
stale exactly when one of these hashes changed or one of its outputs is missing or edited.

Hashes cover file contents and paths relative to their folder, never modification times or
absolute paths, so a fresh clone anywhere on disk computes the values the committed
``build-state.json`` holds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from ipanalysis.render import TEMPLATES
from ipanalysis.reports.config import Options, Project
from ipanalysis.reports.notebook import imported_modules, read, stripped_bytes
from ipanalysis.reports.plan import PlanError, ReportSpec, where
from ipanalysis.views.inputs import declared, expand

MISSING = "missing"
PACKAGE = "ipanalysis"
#: The module whose imports execute a notebook and write its three files.
RENDERING = "ipanalysis.reports.worker"


def hash_bytes(data: bytes) -> str:
    """SHA-256 of ``data`` as hex."""
    return hashlib.sha256(data).hexdigest()


def hash_file(path: Path) -> str:
    """SHA-256 of a file's bytes, or ``"missing"``."""
    try:
        return hash_bytes(path.read_bytes())
    except FileNotFoundError:
        return MISSING


def hash_json(value: object) -> str:
    """Hash of a JSON value in canonical form (sorted keys), so dict order never matters."""
    return hash_bytes(json.dumps(value, sort_keys=True, separators=(",", ":")).encode())


def hash_tree(root: Path) -> str:
    """One hash over every file below ``root`` (relative path and content), in sorted order;
    hidden files and ``__pycache__`` are not inputs."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        digest.update(relative.as_posix().encode() + b"\0" + hash_file(path).encode() + b"\n")
    return digest.hexdigest()


@cache
def _graph() -> object:
    import grimp

    return grimp.build_graph(PACKAGE, cache_dir=None)


def module_closure(names: Iterable[str]) -> list[str]:
    """The modules named (those that are modules of the package) and every module of the
    package they import, directly or not, with the packages that hold them, sorted."""
    graph = _graph()
    modules = {n for n in names if n in graph.modules}
    for name in list(modules):
        modules |= graph.find_upstream_modules(name)
    with_packages = {".".join(m.split(".")[:i]) for m in modules
                     for i in range(1, m.count(".") + 2)}
    return sorted(with_packages)


def module_file(name: str) -> Path:
    """The source file of a module of the package (a package's ``__init__.py``)."""
    root = Path(__file__).resolve().parents[1]
    relative = Path(*name.split(".")[1:])
    package = root / relative / "__init__.py"
    return package if package.is_file() else (root / relative).with_suffix(".py")


def code_hashes(modules: Iterable[str]) -> dict[str, str]:
    """``code:<module>`` -> hash of its file, for every module in :func:`module_closure`."""
    return {f"code:{m}": hash_file(module_file(m)) for m in module_closure(modules)}


def notebook_hash(path: Path, recorded: Mapping[str, str]) -> tuple[str, str]:
    """The hash of the notebook file and of its stripped form. Stripping needs nbformat (a
    second to import), so when the file's bytes are those ``recorded`` (``notebook_file``),
    the recorded stripped hash stands: it is a function of those bytes."""
    file_hash = hash_file(path)
    if recorded.get("notebook_file") == file_hash and "notebook" in recorded:
        return file_hash, recorded["notebook"]
    return file_hash, hash_bytes(stripped_bytes(path))


def declared_files(spec: ReportSpec, data_dir: Path) -> list[str]:
    """The files of ``data/`` the report's notebook declares, with the plan's parameters
    filled in; a ``{name}`` the plan does not set is a plan error naming the report's line."""
    patterns = declared(read(spec.notebook).get("metadata", {}))
    try:
        return expand(patterns, spec.parameters, data_dir)
    except KeyError as err:
        raise PlanError(f"{where(spec.plan, spec.number)}: report {spec.name!r}: its notebook "
                        f"reads files named by the parameter {err.args[0]}; set it in the "
                        "plan") from None


def report_inputs(
    spec: ReportSpec, project: Project, options: Options, recorded: Mapping[str, str]
) -> dict[str, str]:
    """Every input hash of one report (see the module docstring)."""
    nb = read(spec.notebook)
    file_hash, notebook = notebook_hash(spec.notebook, recorded)
    data_dir = project.processed_dir.parent
    files = declared_files(spec, data_dir)
    return {
        "notebook": notebook,
        "notebook_file": file_hash,
        "parameters": hash_json(dict(spec.parameters)),
        "rendering": hash_json({"show_code": options.show_code}),
        "lock": hash_file(project.lock_file),
        "templates": hash_tree(TEMPLATES),
        **{f"data:{name}": hash_file(data_dir / name) for name in files},
        **code_hashes([*imported_modules(nb), RENDERING]),
    }


def data_version(inputs: Mapping[str, str]) -> str:
    """The hash of the data a report reads, shown on the page and the index."""
    return hash_json({k: v for k, v in inputs.items() if k.startswith("data:")})


def changed(old: Mapping[str, str], new: Mapping[str, str]) -> tuple[str, ...]:
    """Why ``new`` differs from ``old``, in words: the data files and modules by name.

    >>> changed({"notebook": "a", "data:processed/x.csv": "b"}, {"notebook": "a",
    ...         "data:processed/x.csv": "c", "code:ipanalysis.views.fmt": "d"})
    ('ipanalysis.views.fmt added', 'processed/x.csv changed')
    """
    reasons = []
    for key in sorted(set(old) | set(new), key=lambda k: (k.count(":"), k)):
        if key == "notebook_file" or old.get(key) == new.get(key):
            continue
        name = key.split(":", 1)[-1]
        what = "added" if key not in old else "no longer read" if key not in new else "changed"
        reasons.append(f"{name} {what}")
    return tuple(reasons)
