"""The set-up's check of system packages: what it looks for, and the one line it prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[1] / "setup" / "system_packages.py"
sys.path.insert(0, str(SCRIPT.parent))
import system_packages as system  # noqa: E402  (the set-up's script, not a package)


def test_nothing_missing_prints_nothing() -> None:
    assert system.missing(system.TEST, probe=lambda r: True) == ()


def test_missing_packages_are_one_line_with_the_install_command() -> None:
    absent = system.missing(system.TEST, probe=lambda r: r.package not in {
        "libpango-1.0-0", "chromium"})
    line = system.message(absent)
    assert "\n" not in line
    assert line.startswith("missing system packages: libpango-1.0-0 (WeasyPrint lays out")
    assert line.endswith("apt-get install -y --no-install-recommends libpango-1.0-0 chromium")


def test_the_report_check_needs_pango_but_not_chromium() -> None:
    packages = {r.package for r in system.REPORTS}
    assert {"libpango-1.0-0", "libpangoft2-1.0-0"} <= packages and "chromium" not in packages
    assert {r.package for r in system.TEST} == packages | {"chromium"}
    assert "libharfbuzz-subset0" not in packages, "PDFs are subset by fontTools on purpose"


def test_a_library_that_does_not_load_is_missing() -> None:
    absent = system.Requirement("libnothing0", "a test", library="libnothing-ipanalysis.so.0")
    present = system.Requirement("libc6", "a test", library="libc.so.6")
    assert system.missing([absent, present]) == (absent,)


def test_the_script_runs_with_a_plain_python_and_stops_on_a_missing_browser(
    tmp_path: Path,
) -> None:
    """Run as ``make`` runs it, with a PATH on which no Chromium is found."""
    env = {**os.environ, "PATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-I", str(SCRIPT), "test"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "chromium" in result.stderr and "apt-get install" in result.stderr
    result = subprocess.run([sys.executable, "-I", str(SCRIPT), "reports"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    # .ci/run asks for the names alone and installs them: chromium is the one it cannot find
    result = subprocess.run([sys.executable, "-I", str(SCRIPT), "test", "--names"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "chromium\n", "")


def test_a_program_that_is_on_path_but_cannot_start_is_missing(tmp_path: Path) -> None:
    """Chromium without one of its libraries is on PATH yet fails at once, as this one does."""
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'error while loading shared libraries' >&2\nexit 127\n")
    broken.chmod(0o755)
    env = {**os.environ, "PATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-I", str(SCRIPT), "test"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("missing system package: chromium")
