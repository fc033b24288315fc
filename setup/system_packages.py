"""The system packages the project needs, checked before anything is installed.

``make setup`` runs this file with the system's ``python3`` (standard library only, before
``.venv`` exists) for what building the reports needs; ``make test`` runs it again for what the
tests need too. What is missing is said in one line with the command that installs it, so a
fresh machine stops at once instead of failing tests later. The README names the same packages.

PDFs do not need ``libharfbuzz-subset0``: the build always subsets fonts with fontTools
(``ipanalysis.reports.to_pdf``), so the library being there or not changes no byte.

Usage: ``python3 setup/system_packages.py reports|test [--names]``; with ``--names`` it
prints the missing packages' names on one line instead (empty when none is missing) and exits 0,
so that ``.ci/run`` installs exactly what this list declares.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    """One Debian package, and how to tell it is installed: a shared library to load, a
    program on PATH that answers ``--version`` (so one whose own libraries are missing counts
    as missing), or a Python module of the system interpreter."""

    package: str
    why: str
    library: str | None = None
    program: tuple[str, ...] = ()
    module: str | None = None


#: The shared libraries WeasyPrint loads, by the names it loads them with.
REPORTS = (
    Requirement("python3-venv", "creating .venv", module="ensurepip"),
    Requirement("libpango-1.0-0", "WeasyPrint lays out the PDF with Pango",
                library="libpango-1.0.so.0"),
    Requirement("libpangoft2-1.0-0", "WeasyPrint loads fonts through PangoFT2",
                library="libpangoft2-1.0.so.0"),
    Requirement("libharfbuzz0b", "Pango shapes text with HarfBuzz", library="libharfbuzz.so.0"),
    Requirement("libfontconfig1", "WeasyPrint registers the report fonts with fontconfig",
                library="libfontconfig.so.1"),
)
TEST = (
    *REPORTS,
    Requirement("chromium", "the browser tests open the reports in headless Chromium",
                program=("chromium", "chromium-browser")),
)
PURPOSES = {"reports": REPORTS, "test": TEST}


def installed(requirement: Requirement) -> bool:
    """True when the requirement's library loads, program is on PATH, or module imports."""
    if requirement.library is not None:
        try:
            ctypes.CDLL(requirement.library)
        except OSError:
            return False
    if requirement.program and not any(_runs(name) for name in requirement.program):
        return False
    if requirement.module is not None:
        import importlib.util

        return importlib.util.find_spec(requirement.module) is not None
    return True


def _runs(program: str) -> bool:
    path = shutil.which(program)
    if path is None:
        return False
    try:
        done = subprocess.run([path, "--version"], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def missing(
    requirements: Sequence[Requirement],
    probe: Callable[[Requirement], bool] = installed,
) -> tuple[Requirement, ...]:
    """The requirements ``probe`` does not find."""
    return tuple(r for r in requirements if not probe(r))


def message(absent: Sequence[Requirement]) -> str:
    """One line: what is missing, why, and the command that installs it.

    >>> message(missing(TEST, probe=lambda r: r.package != "chromium"))
    'missing system package: chromium (the browser tests open the reports in headless \
Chromium); install with: apt-get install -y --no-install-recommends chromium'
    """
    names = " ".join(r.package for r in absent)
    reasons = "; ".join(f"{r.package} ({r.why})" for r in absent)
    plural = "s" if len(absent) > 1 else ""
    return (f"missing system package{plural}: {reasons}; "
            f"install with: apt-get install -y --no-install-recommends {names}")


def main(argv: Sequence[str]) -> int:
    """Check the packages for ``reports`` or ``test``; print one line and return 1 if any is
    missing, or with ``--names`` print the missing packages' names and return 0."""
    names_only = list(argv[1:]) == ["--names"]
    if not argv or argv[0] not in PURPOSES or (len(argv) > 1 and not names_only):
        print(f"usage: system.py {'|'.join(PURPOSES)} [--names]", file=sys.stderr)
        return 2
    absent = missing(PURPOSES[argv[0]])
    if names_only:
        print(" ".join(r.package for r in absent))
        return 0
    if absent:
        print(message(absent), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
