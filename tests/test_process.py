"""Normalisation to base units and bounds, checked against values worked out by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from ipanalysis.ingest.periods import period_end
from ipanalysis.paths import PROCESSED_DIR
from ipanalysis.process import process


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("processed")
    process(out_dir=out, seeds_dir=None)
    return pd.read_csv(out / "figures.csv").set_index("figure_id")


# (figure id, base value, lower, upper): worked out from each literal and the bound rules.
HAND_WORKED = [
    # "18.04 trillion yuan": 18.04e12, last digit 0.01 trillion -> +/- 0.005e12
    ("nf-09", 18.04e12, 18.035e12, 18.045e12),
    # "13.38%": +/- 0.005
    ("nf-10", 13.38, 13.375, 13.385),
    # "over 40%": open above
    ("nf-08", 40.0, 40.0, math.inf),
    # "$0.39 billion", approximate by context: +/- one unit of 0.01 billion
    ("nf-06", 0.39e9, 0.38e9, 0.40e9),
    # "approximately 2.75 billion yuan": +/- 0.01 billion
    ("nf-05", 2.75e9, 2.74e9, 2.76e9),
    # "921,000": rounded to thousands -> +/- 500
    ("pw-01", 921_000.0, 920_500.0, 921_500.0),
    # "about 4.4 million": +/- 0.1 million
    ("pw-03", 4.4e6, 4.3e6, 4.5e6),
    # "nearly 2 billion yuan": within 10% below
    ("fd-13", 2e9, 1.8e9, 2e9),
    # "approached 8 trillion yuan"
    ("nf-07", 8e12, 7.2e12, 8e12),
    # "over three-quarters"
    ("xv-11", 75.0, 75.0, math.inf),
    # "Six": a number word is exact
    ("nf-03", 6.0, 6.0, 6.0),
    # "third place": a rank
    ("fd-09", 3.0, 3.0, 3.0),
    # "8.18 patents per 10,000 people"
    ("fd-07", 8.18, 8.175, 8.185),
]


@pytest.mark.parametrize(("figure_id", "base", "lower", "upper"), HAND_WORKED)
def test_base_value_and_bounds(
    processed: pd.DataFrame, figure_id: str, base: float, lower: float, upper: float
) -> None:
    row = processed.loc[figure_id]
    assert row["base_value"] == pytest.approx(base, rel=1e-12)
    assert row["lower"] == pytest.approx(lower, rel=1e-12)
    shown_upper = math.inf if pd.isna(row["upper"]) else row["upper"]
    assert shown_upper == pytest.approx(upper, rel=1e-12)


def test_units_and_labels_are_joined(processed: pd.DataFrame) -> None:
    assert processed.loc["xv-07", "unit"] == "USD"
    assert processed.loc["xv-07", "metric_label"] == "Patent-intensive industries' added value"
    assert processed.loc["xv-07", "publisher"] == "Xinhua"
    assert processed.loc["pw-09", "unit"] == "years"


@pytest.mark.parametrize(
    ("period", "period_type", "end"),
    [("2024", "year", "2024-12-31"), ("2025", "year_end", "2025-12-31"),
     ("2025-01", "month", "2025-01-31"), ("2024-02", "month", "2024-02-29"),
     ("2017/2024", "range", "2024-12-31")],
)
def test_period_end(period: str, period_type: str, end: str) -> None:
    assert period_end(period, period_type) == end


def test_committed_processed_tables_are_current(tmp_path: Path) -> None:
    """data/processed/ is derived: regenerating it from data/raw/ changes nothing."""
    written = process(out_dir=tmp_path, seeds_dir=None)
    made = {p.relative_to(tmp_path).as_posix() for p in written}
    shipped = {p.relative_to(PROCESSED_DIR).as_posix() for p in PROCESSED_DIR.rglob("*.csv")}
    assert made == shipped, "data/processed/ is stale: run `make data`"
    for name in made:
        assert (tmp_path / name).read_bytes() == (PROCESSED_DIR / name).read_bytes(), (
            f"data/processed/{name} is stale: run `make data`")


def test_the_committed_record_of_the_data_step_is_current() -> None:
    """data/processed/.made-from.json names the raw data, code and lock of this commit, so a
    fresh clone's first build does not remake the tables (and rewrite the record)."""
    from ipanalysis.reports.config import Project
    from ipanalysis.reports.datastep import data_step_inputs, load_record
    from ipanalysis.reports.state import stale_reasons

    project = Project.default()
    record = load_record(project)
    assert record is not None, "no data/processed/.made-from.json: run `make data`"
    assert stale_reasons(record, data_step_inputs(project), project.processed_dir) == (), (
        "data/processed/.made-from.json is stale: run `make data` (or `make reports`)")
