"""The curated data as shipped: valid, complete, documented, and traceable to the articles."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ipanalysis.ingest.docs import sections
from ipanalysis.ingest.fields import RAW_TABLES
from ipanalysis.ingest.normalise import PROCESSED_COLUMNS
from ipanalysis.ingest.validate import load_raw
from ipanalysis.paths import PROJECT_ROOT, RAW_DIR

# Counted by hand while reading each article paragraph by paragraph.
FIGURES_PER_ARTICLE = {
    "new_fields_2026": 10,
    "seven_tasks_2026": 2,
    "foreign_disputes_2025": 13,
    "xinhua_value_2026": 11,
    "powerhouse_2024": 22,
}


def test_shipped_data_validates_against_the_articles(seeds_dir: Path) -> None:
    raw = load_raw(RAW_DIR, seeds_dir)
    assert raw.figures["source_id"].value_counts().to_dict() == FIGURES_PER_ARTICLE


def test_every_metric_is_defined_and_used() -> None:
    figures = pd.read_csv(RAW_DIR / "figures.csv", dtype=str)
    metrics = pd.read_csv(RAW_DIR / "metrics.csv", dtype=str)
    named = set(metrics["of"].dropna()) | set(metrics["part"].dropna())
    assert set(figures["metric"]) | named == set(metrics["metric"])


def _readme_section(title: str) -> str:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_readme_holds_the_generated_data_dictionary() -> None:
    """Each table's section, the metric roles and the relation kinds are copied from the
    field dictionary (``python -m ipanalysis.ingest.docs`` prints them)."""
    section = _readme_section("Data dictionary")
    for block in sections():
        assert block in section, f"README data dictionary differs from: {block.splitlines()[0]}"


def test_readme_documents_every_column() -> None:
    section = _readme_section("Data dictionary")
    documented = set(re.findall(r"^\| `([a-z_0-9]+)` \|", section, re.M))
    for table in RAW_TABLES:
        missing = set(table.columns) - documented
        assert not missing, f"{table.file} columns missing from the README: {sorted(missing)}"
    missing = set(PROCESSED_COLUMNS) - documented
    assert not missing, f"processed columns missing from the README: {sorted(missing)}"
