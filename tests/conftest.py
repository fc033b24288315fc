"""Shared fixtures: the project's paths and a scratch copy of data/raw/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ipanalysis.paths import PROJECT_ROOT, RAW_DIR, SEEDS_DIR


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw/ that a test may break."""
    target = tmp_path / "raw"
    shutil.copytree(RAW_DIR, target)
    return target


@pytest.fixture
def seeds_dir() -> Path:
    """The articles beside the project; tests of provenance need them."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"articles not found at {SEEDS_DIR} (clone with ../shared beside the repo)")
    return SEEDS_DIR


@pytest.fixture
def project_root() -> Path:
    return PROJECT_ROOT
