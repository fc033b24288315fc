"""Content hashes of everything a report depends on, so a build redoes only what changed.

Hashes cover file contents and paths relative to their folder, never modification times or
absolute paths, so a fresh clone of the repository, anywhere on disk, computes the same values
as the machine that committed the reports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ipanalysis.build import nbsource
from ipanalysis.build.config import Options, Project
from ipanalysis.build.plan import ReportSpec

MISSING = "missing"
VERSION_CHARS = 12
_SKIPPED_DIRS = {"__pycache__"}


def hash_bytes(data: bytes) -> str:
    """SHA-256 of ``data`` as hex."""
    return hashlib.sha256(data).hexdigest()


def hash_file(path: Path) -> str:
    """SHA-256 of a file's bytes, or ``"missing"``."""
    try:
        return hash_bytes(path.read_bytes())
    except FileNotFoundError:
        return MISSING


def hash_tree(root: Path) -> str:
    """One hash over every file below ``root`` (relative path and content), in sorted order.

    Hidden files (editor swap files, ``.gitkeep``) and ``__pycache__`` are left out: they are
    not inputs.
    """
    digest = hashlib.sha256()
    files = sorted(
        (p for p in root.rglob("*") if p.is_file() and _counts(p.relative_to(root))),
        key=lambda p: p.relative_to(root).as_posix(),
    )
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hash_file(path).encode() + b"\n")
    return digest.hexdigest()


def hash_notebook(path: Path) -> str:
    """Hash of what of a notebook makes its report (:func:`nbsource.canonical`): its cells'
    sources, types, ids and tags, not the outputs or counts an autosave writes."""
    return hash_json(nbsource.canonical(nbsource.read(path)))


def hash_json(value: object) -> str:
    """Hash of a JSON value in canonical form (sorted keys), so dict order never matters."""
    return hash_bytes(json.dumps(value, sort_keys=True, separators=(",", ":")).encode())


def short(digest: str) -> str:
    """The first characters of a hash, enough to tell versions apart on a page."""
    return digest[:VERSION_CHARS]


def _counts(relative: Path) -> bool:
    return not any(part.startswith(".") or part in _SKIPPED_DIRS for part in relative.parts) and (
        relative.suffix != ".pyc"
    )


@dataclass(frozen=True)
class SharedInputs:
    """Inputs hashed once per build: ``data`` is the data version the index shows
    (``data/raw/``); ``code`` and ``lock`` are inputs of every report."""

    data: str
    code: str
    lock: str

    @classmethod
    def of(cls, project: Project) -> SharedInputs:
        """Hash ``data/raw/``, the library (code and templates) and the lock file."""
        return cls(
            data=hash_tree(project.raw_dir),
            code=hash_tree(project.code_dir),
            lock=hash_file(project.lock_file),
        )


def report_inputs(spec: ReportSpec, shared: SharedInputs, options: Options) -> dict[str, str]:
    """Per-input hashes of one report known before it runs; a report is stale when any of them
    differs, or when the data it read did (:mod:`ipanalysis.build.slices`)."""
    return {
        "notebook": hash_notebook(spec.notebook),
        "parameters": hash_json(dict(spec.parameters)),
        "code": shared.code,
        "lock": shared.lock,
        "rendering": hash_json({"show_code": options.show_code}),
    }


def changed(old: Mapping[str, str], new: Mapping[str, str]) -> tuple[str, ...]:
    """Names of the inputs whose hashes differ, in the order of ``new``."""
    return tuple(key for key, value in new.items() if old.get(key) != value)
