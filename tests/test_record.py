"""The official record: releases and their figures, validated with located errors, made into
series that keep revisions and say whether the pages agree.

Expected values are read off the pages' literals by hand (record.csv keeps each one's URL).
"""

from __future__ import annotations

import csv
import itertools
import re
from pathlib import Path

import pandas as pd
import pytest

from ipanalysis.errors import DataError
from ipanalysis.ingest.record import base_figures
from ipanalysis.ingest.validate import load_raw
from ipanalysis.paths import PROCESSED_DIR, RAW_DIR
from ipanalysis.relations.series import agreement


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _problems(raw_dir: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_raw(raw_dir, seeds_dir=None)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(("column", "message"), [
    ("url", "is empty"), ("publisher", "is empty"), ("published", "is empty"),
    ("accessed", "is empty")])
def test_a_release_without_its_url_publisher_or_dates_is_located(
    raw_copy: Path, column: str, message: str
) -> None:
    rows = _rows(raw_copy / "releases.csv")
    rows[2][column] = ""
    _write(raw_copy / "releases.csv", rows)
    # the third release stands on line 4, under the header
    assert any(p.startswith(f"{raw_copy / 'releases.csv'}:4: {column}: {message}")
               for p in _problems(raw_copy))


def test_a_scope_a_release_or_a_metric_that_names_nothing_is_located(raw_copy: Path) -> None:
    rows = _rows(raw_copy / "record.csv")
    rows[0]["scope"] = "mainland_only"
    rows[1]["release_id"] = "no_such_release"
    rows[2]["metric"] = "patents_of_the_moon"
    _write(raw_copy / "record.csv", rows)
    problems = _problems(raw_copy)
    shown = raw_copy / "record.csv"
    assert f"{shown}:2: scope: unknown scope (got mainland_only, expected an id from " \
        "scopes.csv)" in problems
    assert f"{shown}:3: release_id: unknown release (got no_such_release, expected an id from " \
        "releases.csv)" in problems
    assert any(p.startswith(f"{shown}:4: metric: unknown metric") for p in problems)


def test_a_revision_must_name_an_earlier_figure_of_the_same_series(raw_copy: Path) -> None:
    rows = _rows(raw_copy / "record.csv")
    line = {r["figure_id"]: n for n, r in enumerate(rows, start=2)}
    by_id = {r["figure_id"]: r for r in rows}
    by_id["e-007"]["revises"] = "z-404"  # 2024 GDP, final: names no figure
    by_id["e-005"]["revises"] = "e-014"  # 2022 GDP, final: names the 2024 preliminary
    # the 2024 preliminary (People's Daily, 2025) made to "revise" the final (NBS, 2025-12-27)
    by_id["e-014"]["revises"] = "e-007"
    _write(raw_copy / "record.csv", rows)
    problems = _problems(raw_copy)
    shown = raw_copy / "record.csv"
    assert any(p.startswith(f"{shown}:{line['e-007']}: revises: names no figure of the record")
               for p in problems)
    assert any(p.startswith(f"{shown}:{line['e-005']}: revises: revises a figure of another "
                            "metric, scope or period") for p in problems)
    assert any(p.startswith(f"{shown}:{line['e-014']}: revises: the revised figure's release "
                            "is not earlier") for p in problems)


def test_a_literal_that_disagrees_with_its_value_is_located(raw_copy: Path) -> None:
    rows = _rows(raw_copy / "record.csv")
    number = next(n for n, r in enumerate(rows) if r["figure_id"] == "e-007")
    rows[number]["value"] = "134.9084"  # the literal says 134.8066 trillion yuan
    _write(raw_copy / "record.csv", rows)
    assert (f"{raw_copy / 'record.csv'}:{number + 2}: value: disagrees with the literal (got "
            "134.9084, expected 134.8066 from '134.8066 trillion yuan')") in _problems(raw_copy)


def test_an_outside_value_must_equal_the_record_figure_it_names(raw_copy: Path) -> None:
    rows = _rows(raw_copy / "checks.csv")
    number = next(n for n, r in enumerate(rows) if r["check_id"] ==
                  "pii_gdp_against_official_2024")
    rows[number]["reference"] = "134908400000000"  # the preliminary, not e-007's final
    _write(raw_copy / "checks.csv", rows)
    assert (f"{raw_copy / 'checks.csv'}:{number + 2}: reference: differs from its record figure "
            "(got 134908400000000, expected 134806600000000, e-007's value)") in _problems(
        raw_copy)


def test_base_values_of_a_table_cell_a_scaled_literal_and_a_rate_per_100_dollars() -> None:
    # "2670784" valid inventions; "1.862 million" is 1,861,500 to 1,862,500; a yearbook's
    # 619.32 yuan per 100 US dollars is 6.1932 per dollar, good to half of 0.0001
    assert base_figures("2670784", "2670784", "one", "exact", "count") == (
        "count", 2670784.0, 2670783.5, 2670784.5)
    assert base_figures("1.862 million", "1.862", "million", "exact", "count")[1:] == (
        1862000.0, 1861500.0, 1862500.0)
    unit, value, lower, upper = base_figures("619.32", "619.32", "one", "exact",
                                             "cny_per_100_usd")
    assert (unit, value) == ("cny_per_usd", 6.1932)
    assert (lower, upper) == pytest.approx((6.19315, 6.19325))


def test_agreement_needs_bounds_that_overlap() -> None:
    # 10.709 trillion [10.7085, 10.7095] against 1070.9 billion [1070.85, 1070.95]: a slip
    assert agreement(pd.Series([10.7085e12, 1070.85e9]),
                     pd.Series([10.7095e12, 1070.95e9])) == "disagree"
    # "about 233,000" against "232,000": 232,000 lies inside the other's rounding
    assert agreement(pd.Series([232_500.0, 231_500.0]), pd.Series([233_500.0, 232_500.0])) == \
        "agree"
    assert agreement(pd.Series([1.0]), pd.Series([2.0])) == "single"


@pytest.fixture(scope="module")
def series() -> pd.DataFrame:
    return pd.read_csv(PROCESSED_DIR / "series.csv", dtype={"period": str},
                       keep_default_na=False).set_index(["metric", "scope", "unit", "period"])


def test_a_revision_is_shown_with_the_value_first_published(series: pd.DataFrame) -> None:
    # NBS, 27 December 2025: 2024 GDP of 134.8066 trillion yuan, revising 134.9084 trillion
    gdp = series.loc[("gdp", "national", "CNY", "2024")]
    assert (gdp["figure_id"], float(gdp["value"])) == ("e-007", 134.8066e12)
    assert (gdp["first_published"], float(gdp["first_value"])) == ("e-014", 134.9084e12)
    assert gdp["url"].startswith("https://www.stats.gov.cn/english/")


def test_a_slip_on_a_copy_is_flagged_and_the_official_figure_shown(series: pd.DataFrame) -> None:
    # CNIPA: 10.709 trillion yuan for 2018; a mirror page: "1070.9 billion-yuan"
    pii = series.loc[("pii_added_value", "national", "CNY", "2018")]
    assert (pii["figure_id"], float(pii["value"]), pii["kind"]) == ("c-025", 10.709e12,
                                                                    "official")
    assert pii["agreement"] == "disagree"


def test_the_record_is_large_enough_to_show_series() -> None:
    """At least 12 indicators with five consecutive years, 150 figures, 40 releases; every
    figure's release has a URL. Lower bounds, so a new year never breaks it."""
    record = pd.read_csv(RAW_DIR / "record.csv", dtype=str, keep_default_na=False)
    releases = pd.read_csv(RAW_DIR / "releases.csv", dtype=str, keep_default_na=False)
    assert len(record) >= 150 and len(releases) >= 40
    urls = record["release_id"].map(releases.set_index("release_id")["url"])
    assert urls.str.match(r"^https?://").all()
    yearly = record[record["period"].str.fullmatch(r"\d{4}")]
    runs = 0
    for _, group in yearly.groupby(["metric", "scope"]):
        years = sorted({int(y) for y in group["period"]})
        longest = current = 1
        for a, b in itertools.pairwise(years):
            current = current + 1 if b == a + 1 else 1
            longest = max(longest, current)
        runs += longest >= 5
    assert runs >= 12


def test_no_page_text_in_the_record() -> None:
    """Locations and notes are our own short words; a literal is a number with its words."""
    record = pd.read_csv(RAW_DIR / "record.csv", dtype=str, keep_default_na=False)
    assert (record["literal"].str.split().str.len() <= 8).all()
    assert (record["notes"].str.split().str.len() <= 40).all()
    assert not record["literal"].str.contains(re.compile(r"[\u2e80-\u9fff]")).any()
