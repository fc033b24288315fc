"""What the notebook side records of its reads (``ipanalysis.reads``): precise rows and scanned
columns through the dataset loaders, any other opening of a data file as the whole file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from ipanalysis import reads
from ipanalysis.ingest.fields import PROCESSED_FIGURES
from ipanalysis.ingest.schemas import read_processed
from ipanalysis.paths import DATA_DIR, PROCESSED_DIR
from ipanalysis.views import checks as checks_view
from ipanalysis.views.dataset import Dataset, Recorded
from ipanalysis.views.params import Parameters


@pytest.fixture
def recording() -> Iterator[None]:
    reads.start(str(DATA_DIR))
    yield
    reads.stop()


def test_a_plain_read_of_a_data_file_counts_as_the_whole_file(recording: None) -> None:
    pd.read_csv(PROCESSED_DIR / "reference_rates.csv")
    assert reads.snapshot() == {"processed/reference_rates.csv": {
        "key": None, "whole": True, "scan": [], "rows": []}}


def test_the_loader_hands_on_only_the_columns_and_rows_it_records(recording: None) -> None:
    figures = Recorded.read(PROCESSED_FIGURES, "figure_id")
    assert list(figures.scan("period").columns) == ["period"]
    assert list(figures.rows(["pw-13"]).index) == ["pw-13"]
    assert reads.snapshot() == {"processed/figures.csv": {
        "key": "figure_id", "whole": False, "scan": ["period"], "rows": ["pw-13"]}}


def test_a_per_article_dataset_holds_that_article_and_what_its_checks_use(
    recording: None,
) -> None:
    # powerhouse_2024's ids start "pw-"; its cross-article checks pair pw figures with others
    params = Parameters("CNY", ("powerhouse_2024", "xinhua_value_2026"), "latest",
                        (("source_id", "powerhouse_2024"),))
    ds = Dataset.load(params, focus="powerhouse_2024")
    held = set(ds.figures.index)
    others = {i for i in held if not i.startswith("pw-")}
    used = {i for cell in ds.checks["figures"] for i in cell.split()}
    assert others and others <= used
    assert not any(i.startswith(("fd-", "nf-")) for i in held)


def test_the_views_record_the_rows_they_take_as_they_take_them(recording: None) -> None:
    params = Parameters("CNY", ("powerhouse_2024",), "latest", ())
    ds = Dataset.load(params)
    figures = reads.snapshot()["processed/figures.csv"]
    assert figures["scan"] == ["period_end", "source_id"] and figures["rows"] == []
    ds.interval("pw-13")
    ds.figures.loc[["pw-01", "pw-02"], ["literal"]]
    assert reads.snapshot()["processed/figures.csv"]["rows"] == ["pw-01", "pw-02", "pw-13"]
    growth = ds.of_kind("growth_rate")
    relations = reads.snapshot()["processed/relations.csv"]
    assert relations["scan"] == ["figures", "kind"]
    assert relations["rows"] == sorted(growth.index) and len(growth)
    ds.figures.iterrows()  # anything else: every selected row
    assert reads.snapshot()["processed/figures.csv"]["rows"] == sorted(ds.figures.index)


def test_no_checks_touch_an_empty_table() -> None:
    empty = pd.DataFrame({"figures": pd.Series([], dtype=object),
                          "source_ids": pd.Series([], dtype=object)})
    assert checks_view.touching(empty, "powerhouse_2024").empty
    assert checks_view.touching_figures(empty, ["pw-01"]).empty


def test_opening_a_file_outside_the_data_folder_is_not_recorded(
    recording: None, tmp_path: Path
) -> None:
    (tmp_path / "x.csv").write_text("a\n1\n")
    pd.read_csv(tmp_path / "x.csv")
    assert reads.snapshot() == {}


def test_a_table_checked_once_is_still_read_recorded_and_handed_out_as_a_copy(
    tmp_path: Path,
) -> None:
    """read_processed parses and checks each content once, but opens the file every time (so
    the second read is recorded like the first), gives each caller its own frame, and sees an
    edit to the file (pw-13 in a copy of figures.csv changed to a value of 9.8)."""
    shutil.copytree(DATA_DIR / "processed", tmp_path / "processed")
    first = read_processed(PROCESSED_FIGURES, tmp_path / "processed")
    first.loc[first["figure_id"] == "pw-13", "value"] = -1.0
    reads.start(str(tmp_path))
    try:
        second = read_processed(PROCESSED_FIGURES, tmp_path / "processed")
        assert reads.snapshot() == {"processed/figures.csv": {
            "key": None, "whole": True, "scan": [], "rows": []}}
    finally:
        reads.stop()
    assert second.loc[second["figure_id"] == "pw-13", "value"].item() == 9.9
    path = tmp_path / "processed" / "figures.csv"
    edited = pd.read_csv(path, dtype=str, keep_default_na=False)
    edited.loc[edited["figure_id"] == "pw-13", "value"] = "9.8"
    edited.to_csv(path, index=False)
    third = read_processed(PROCESSED_FIGURES, tmp_path / "processed")
    assert third.loc[third["figure_id"] == "pw-13", "value"].item() == 9.8
