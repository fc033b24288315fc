"""The articles folder is a setting: IPANALYSIS_SEEDS, --seeds-dir, and a one-line note when
it is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ipanalysis.paths import PROJECT_ROOT, missing_seeds_message, seeds_dir_setting


def test_default_is_shared_seeds_beside_the_project() -> None:
    assert seeds_dir_setting({}) == PROJECT_ROOT.parent / "shared" / "seeds"
    assert seeds_dir_setting({"IPANALYSIS_SEEDS": ""}) == PROJECT_ROOT.parent / "shared" / "seeds"


def test_environment_variable_absolute_or_relative_to_the_project(tmp_path: Path) -> None:
    assert seeds_dir_setting({"IPANALYSIS_SEEDS": str(tmp_path)}) == tmp_path
    # relative to the project root, never to the working directory
    assert seeds_dir_setting({"IPANALYSIS_SEEDS": "texts"}) == PROJECT_ROOT / "texts"


def test_missing_folder_is_one_line(tmp_path: Path) -> None:
    assert missing_seeds_message(tmp_path) is None
    message = missing_seeds_message(tmp_path / "absent")
    assert message is not None and "\n" not in message
    assert message.startswith(f"articles folder not found: {tmp_path / 'absent'} ")
    assert "IPANALYSIS_SEEDS" in message and "--seeds-dir" in message


def _validate(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ipanalysis.cli", "validate", *args],
                          capture_output=True, text=True, check=False, cwd=PROJECT_ROOT,
                          env={**os.environ, **env})


def test_validate_notes_a_missing_folder_from_the_environment(tmp_path: Path) -> None:
    result = _validate(env={"IPANALYSIS_SEEDS": str(tmp_path / "none")})
    assert result.returncode == 0
    assert result.stderr.splitlines() == [f"note: {missing_seeds_message(tmp_path / 'none')}"]
    assert result.stdout.startswith("ok: 58 figures")


def test_option_overrides_the_environment(tmp_path: Path, seeds_dir: Path) -> None:
    # the variable points nowhere, the option at the real articles: nothing to note
    result = _validate("--seeds-dir", str(seeds_dir), env={"IPANALYSIS_SEEDS": str(tmp_path)})
    assert (result.returncode, result.stderr) == (0, "")
    # and the variable alone is used when it points at the articles
    result = _validate(env={"IPANALYSIS_SEEDS": str(seeds_dir)})
    assert (result.returncode, result.stderr) == (0, "")
