"""What a notebook reads, declared as files: the list in its metadata, expanded and held to.

A notebook declares the files of ``data/`` it reads in its metadata, under ``ipanalysis.reads``:
paths relative to ``data/``, where ``{name}`` stands for the value of a parameter and ``*`` for
any file name (``processed/notes/{source_id}.csv``, ``processed/relations/*.csv``). The build
expands the list (:func:`expand`) to know when the report is stale, and passes it to the
kernel in :data:`ENV`; :func:`check` then stops any read of a processed table the list does not
name, so a declaration cannot fall behind what the notebook reads. Outside the build (in
JupyterLab, under plain papermill) nothing is checked.

Standard library only: the build reads this on its fast "up to date" path.
"""

from __future__ import annotations

import fnmatch
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from ipanalysis.errors import IpanalysisError

#: The environment variable the build sets in a report's kernel: JSON with the notebook's
#: name, the data folder and the files it declares.
ENV = "IPANALYSIS_READS"
#: Where in a notebook's metadata the list stands.
METADATA_KEY = "ipanalysis"
#: What the index's key findings read (:mod:`ipanalysis.views.findings`).
INDEX_READS = ("processed/figures.csv", "processed/reference_rates.csv", "processed/sources.csv",
               "processed/checks.csv", "processed/relations/*.csv")


class UndeclaredReadError(IpanalysisError):
    """A notebook read a processed file that its metadata does not declare."""


def declared(metadata: Mapping[str, object]) -> list[str]:
    """The patterns a notebook's metadata declares (none when it declares nothing).

    >>> declared({"ipanalysis": {"reads": ["processed/figures.csv"]}})
    ['processed/figures.csv']
    """
    section = metadata.get(METADATA_KEY, {})
    reads = section.get("reads", []) if isinstance(section, Mapping) else []
    return [str(p) for p in reads]


def expand(patterns: Iterable[str], parameters: Mapping[str, object], data_dir: Path) -> list[str]:
    """The files below ``data_dir`` that ``patterns`` name with these parameter values, sorted;
    a pattern that names no file is kept as written, so a missing input shows as missing.

    >>> expand(["processed/notes/{source_id}.csv"], {"source_id": "pw"}, Path("/nowhere"))
    ['processed/notes/pw.csv']
    """
    files: set[str] = set()
    for pattern in patterns:
        name = pattern.format_map(dict(parameters))
        if any(sign in name for sign in "*?["):
            folder = data_dir / Path(name).parent
            found = [f"{Path(name).parent.as_posix()}/{p.name}" for p in sorted(folder.glob("*"))
                     if p.is_file() and fnmatch.fnmatch(p.name, Path(name).name)]
            files.update(found)
        else:
            files.add(name)
    return sorted(files)


def environment(notebook: str, data_dir: Path, files: Iterable[str]) -> dict[str, str]:
    """The variable that makes :func:`check` hold a kernel to the declared ``files``."""
    value = {"notebook": notebook, "data": str(data_dir), "files": sorted(files)}
    return {ENV: json.dumps(value, sort_keys=True)}


def check(path: Path, environ: Mapping[str, str] = os.environ) -> None:
    """Stop a read of ``path`` when the build declared the notebook's files and ``path`` is not
    among them.

    >>> env = environment("growth.ipynb", Path("/d"), ["processed/figures.csv"])
    >>> check(Path("/d/processed/figures.csv"), env)
    >>> check(Path("/d/processed/checks.csv"), env)
    Traceback (most recent call last):
    ...
    ipanalysis.views.inputs.UndeclaredReadError: growth.ipynb reads processed/checks.csv, which \
its metadata does not declare (add it to ipanalysis.reads)
    """
    if ENV not in environ:
        return
    declared_files = json.loads(environ[ENV])
    try:
        name = Path(path).relative_to(declared_files["data"]).as_posix()
    except ValueError:
        name = str(path)
    if name not in declared_files["files"]:
        raise UndeclaredReadError(
            f"{declared_files['notebook']} reads {name}, which its metadata does not declare "
            "(add it to ipanalysis.reads)")
