"""Shared fixtures: the project's paths, a scratch copy of data/raw/ and the articles folder.

The articles live outside the repository (``IPANALYSIS_SEEDS``, else ``../shared/seeds``). Without
them the provenance tests skip, and the run says so in one line at its top; in CI (``CI=true``),
which has the folder, a missing folder fails those tests instead of skipping them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ipanalysis.paths import PROJECT_ROOT, RAW_DIR, SEEDS_DIR, missing_seeds_message


def in_ci() -> bool:
    """True on a CI runner, which sets ``CI=true`` (the project's .ci script does too)."""
    return os.environ.get("CI", "").lower() == "true"


def pytest_report_header() -> str:
    message = missing_seeds_message(SEEDS_DIR)
    if message is None:
        return f"articles: {SEEDS_DIR}"
    return f"articles: {message}; " + ("CI=true, so the provenance tests FAIL" if in_ci()
                                       else "the provenance tests skip")


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw/ that a test may break."""
    target = tmp_path / "raw"
    shutil.copytree(RAW_DIR, target)
    return target


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The articles folder; tests of provenance need it. Skips without it, fails in CI."""
    message = missing_seeds_message(SEEDS_DIR)
    if message is not None:
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return SEEDS_DIR


@pytest.fixture
def project_root() -> Path:
    return PROJECT_ROOT
