"""The industry-share analysis against values worked out by hand from the articles.

Bounds follow the README rules. Exact figures are good to half a unit of their last written
digit: "18.04 trillion" -> [18.035, 18.045], "13.38%" -> [13.375, 13.385], "18 trillion" ->
[17.5, 18.5], "52.67 million" -> [52.665, 52.675], "854 billion" -> [853.5, 854.5]. "About" and
"approximately" widen that to one unit: "about 2.6 trillion" -> [2.5, 2.7], "about 118 billion"
-> [117, 119], "approximately 2.75 billion" -> [2.74, 2.76], and the bracketed "$0.39 billion"
that converts it -> [0.38, 0.40]. "Approached 8 trillion" is [7.2, 8] (nearly: 10% below);
"over" and "exceeding" leave the upper bound open. Reference rates: 7.0467 (2023), 7.1217 (2024).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import matplotlib.pyplot as plt
import pytest

from ipanalysis.relations.interval import Interval, Verdict
from ipanalysis.views import industry as view
from ipanalysis.views.dataset import Dataset
from ipanalysis.views.session import start

T = 1e12  # trillion
RATE_2023, RATE_2024 = 7.0467, 7.1217


def _ds(**params: object) -> Dataset:
    base = {"currency": "CNY", "sources": "all", "as_of": "latest"}
    return start({**base, **params})


def assert_interval(result: Interval, value: float, lower: float, upper: float) -> None:
    assert result.value == pytest.approx(value, rel=1e-12)
    assert result.lower == pytest.approx(lower, rel=1e-12)
    assert result.upper == pytest.approx(upper, rel=1e-12)


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return _ds()


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def test_precise_pair_implies_gdp(ds: Dataset) -> None:
    row = view.gdp_rows(ds)[0]
    assert row.ids == ("nf-09", "nf-10")
    # 18.04 trillion / 13.38%: lowest with the smallest amount over the largest share
    assert_interval(row.gdp, 18.04 * T / 0.1338, 18.035 * T / 0.13385, 18.045 * T / 0.13375)
    assert row.unit == "CNY" and row.period == "2024"


def test_rounded_restatement_implies_a_much_wider_gdp(ds: Dataset) -> None:
    precise, rounded = view.gdp_rows(ds)
    assert rounded.ids == ("xv-06", "xv-08")
    assert_interval(rounded.gdp, 18 * T / 0.1338, 17.5 * T / 0.13385, 18.5 * T / 0.13375)
    # 18.5/0.13375 - 17.5/0.13385 = 7.58 trillion against 18.045/0.13375 - 18.035/0.13385 = 0.18
    assert rounded.gdp.width / precise.gdp.width > 40
    assert view.best_gdp(ds).ids == ("nf-09", "nf-10")


def test_ict_share_is_undetermined_and_needs_at_least_forty_percent_of_the_industries(
        ds: Dataset) -> None:
    row = view.ict_row(ds)
    assert row is not None
    assert_interval(row.check.computed, 8 / 18.04 * 100, 7.2 / 18.045 * 100, 8 / 18.035 * 100)
    assert (row.check.stated.lower, row.check.stated.upper) == (40, 100)
    assert row.check.verdict is Verdict.UNDETERMINED
    # "over 40%" of 18.04 trillion: ICT must be at least 7.216 trillion (7.214 to 7.218)
    assert_interval(row.needed, 0.4 * 18.04 * T, 0.4 * 18.035 * T, 0.4 * 18.045 * T)
    assert row.part.lower < row.needed.value < row.part.upper


def test_digital_economy_against_the_implied_gdp(ds: Dataset) -> None:
    row = view.digital_row(ds)
    assert row is not None
    # at least 50 trillion over at most 18.045/0.13375 trillion of GDP
    assert row.check.computed.lower == pytest.approx(50 * 0.13375 / 18.045 * 100)
    assert math.isinf(row.check.computed.upper)
    assert row.check.verdict is Verdict.UNDETERMINED
    # "over 40%" of about 134.83 trillion needs the digital economy above about 53.93 trillion
    assert_interval(row.needed, 0.4 * 18.04 * T / 0.1338, 0.4 * 18.035 * T / 0.13385,
                    0.4 * 18.045 * T / 0.13375)
    assert (row.period, row.whole_period) == ("2023", "2024")
    assert row.ids == ("fd-10", "fd-11", "nf-09", "nf-10")


def test_jobs_imply_the_year_before_and_added_value_per_job(ds: Dataset) -> None:
    row = view.jobs_row(ds)
    assert row is not None
    assert_interval(row.previous, 50.77e6, 52.665e6 - 1.95e6, 52.675e6 - 1.85e6)
    assert row.growth.value == pytest.approx(1.9 / 50.77 * 100)
    assert_interval(row.per_job, 18.04 * T / 52.67e6, 18.035 * T / 52.675e6,
                    18.045 * T / 52.665e6)


def test_implied_rates_against_the_reference_rates(ds: Dataset) -> None:
    rows = {r.ids: r for r in view.rate_rows(ds)}
    xinhua = rows[("xv-06", "xv-07")]
    assert_interval(xinhua.implied, 18 / 2.6, 17.5 / 2.7, 18.5 / 2.5)
    assert xinhua.reference.value == RATE_2024 and not xinhua.fallback
    assert xinhua.verdict is Verdict.CONSISTENT  # 6.48 <= 7.1217 <= 7.4

    losses = rows[("nf-05", "nf-06")]
    assert_interval(losses.implied, 2.75 / 0.39, 2.74 / 0.40, 2.76 / 0.38)
    assert (losses.period, losses.rate_year, losses.fallback) == ("2025", "2024", True)
    assert losses.reference.value == RATE_2024
    assert losses.verdict is Verdict.CONSISTENT  # 6.85 <= 7.1217 <= 7.263

    pledges = rows[("pw-10", "pw-11")]
    assert_interval(pledges.implied, 854 / 118, 853.5 / 119, 854.5 / 117)
    assert pledges.reference.value == RATE_2023
    assert pledges.verdict is Verdict.INCONSISTENT  # 7.0467 < 853.5 / 119 = 7.172


def test_reference_conversion_of_the_other_currency(ds: Dataset) -> None:
    rows = {r.ids: r for r in view.rate_rows(ds)}
    assert rows[("pw-10", "pw-11")].converted.value == pytest.approx(118e9 * RATE_2023)
    usd = {r.ids: r for r in view.rate_rows(_ds(currency="USD"))}
    assert usd[("xv-06", "xv-07")].converted.value == pytest.approx(18 * T / RATE_2024)


def test_usd_mode_converts_money_but_not_verdicts() -> None:
    usd = _ds(currency="USD")
    gdp = view.best_gdp(usd)
    assert gdp.unit == "USD"
    assert gdp.added_value.value == pytest.approx(18.04 * T / RATE_2024)
    assert_interval(gdp.gdp, 18.04 * T / RATE_2024 / 0.1338,
                    18.035 * T / RATE_2024 / 0.13385, 18.045 * T / RATE_2024 / 0.13375)
    digital = view.digital_row(usd)
    assert digital.part.value == pytest.approx(50 * T / RATE_2023)  # the 2023 rate for 2023
    # the share is checked in yuan, so the verdict and the computed share do not move
    assert digital.check.computed.lower == pytest.approx(50 * 0.13375 / 18.045 * 100)
    assert [r.verdict for r in view.rate_rows(usd)] == [
        Verdict.CONSISTENT, Verdict.CONSISTENT, Verdict.INCONSISTENT]
    assert view.jobs_row(usd).per_job.value == pytest.approx(18.04 * T / RATE_2024 / 52.67e6)


def test_only_xinhua_keeps_its_own_figures() -> None:
    ds = _ds(sources=["xinhua_value_2026"])
    assert [r.ids for r in view.gdp_rows(ds)] == [("xv-06", "xv-08")]
    assert view.ict_row(ds) is None and view.digital_row(ds) is None
    assert view.jobs_row(ds).per_job.value == pytest.approx(18 * T / 52.67e6)
    assert [r.ids for r in view.rate_rows(ds)] == [("xv-06", "xv-07")]
    assert view.figure_ids(ds) == ["xv-06", "xv-08", "xv-09", "xv-10", "xv-07"]
    assert view.share_table(ds).empty


def test_as_of_2023_drops_the_2024_figures() -> None:
    ds = _ds(as_of="2023")
    assert view.gdp_rows(ds) == [] and view.jobs_row(ds) is None
    assert view.digital_row(ds) is None  # fd-10, fd-11 kept, but nothing implies GDP
    assert [r.ids for r in view.rate_rows(ds)] == [("pw-10", "pw-11")]
    assert "cannot be checked" in view.summary(ds)
    assert f"{854 / 118:.3f}" in view.headline(ds)


def test_a_source_without_industry_figures_leaves_everything_empty() -> None:
    ds = _ds(sources=["seven_tasks_2026"])
    assert view.figure_ids(ds) == []
    assert "None of the industry figures" in view.summary(ds)
    assert view.headline(ds).startswith("No ")
    for table in (view.gdp_table, view.share_table, view.jobs_table, view.rate_table):
        assert table(ds).empty
    for chart in (view.share_chart, view.rate_chart):
        assert chart(ds).texts[-1].get_text() == "Source: none selected"


def test_headline_and_summary_carry_the_computed_numbers(ds: Dataset) -> None:
    gdp = 18.04 / 0.1338  # 134.83 trillion
    assert f"{gdp:.1f} trillion yuan" in view.headline(ds)
    summary = view.summary(ds)
    assert f"{0.4 * 18.04:.3f} trillion yuan" in summary  # 7.216, ICT needed
    assert f"{0.4 * gdp:.2f} trillion yuan" in summary  # 53.93, digital economy needed
    assert f"{50 * 0.13375 / 18.045 * 100:.2f}%" in summary  # 37.06
    for rate in (18 / 2.6, 2.75 / 0.39, 854 / 118):
        assert f"{rate:.3f}" in summary
    assert "*undetermined*" in summary and "rules out the reference rate" in summary
    assert "none for 2025" in summary
    assert "different years" in summary


def test_summary_escapes_dollar_signs_in_usd_mode() -> None:
    summary = view.summary(_ds(currency="USD"))
    assert f"US\\${18.04 / 0.1338 / RATE_2024:.2f} trillion" in summary  # 18.93
    assert "$" not in summary.replace("\\$", "")


def test_share_chart_states_the_finding_and_names_its_figures(ds: Dataset) -> None:
    fig = view.share_chart(ds)
    assert f"{18.04 / 0.1338:.1f} trillion yuan" in fig._suptitle.get_text()
    source = fig.texts[-1].get_text()
    assert source.startswith("Source:")
    assert all(i in source for i in ("nf-07", "nf-09", "xv-06", "fd-10"))
    assert all(ax.get_xlabel() == "trillion yuan" for ax in fig.axes)


def test_rate_chart_states_the_finding_and_names_its_figures(ds: Dataset) -> None:
    fig = view.rate_chart(ds)
    title = fig._suptitle.get_text()
    assert f"{854 / 118:.3f}" in title and "2023" in title
    source = fig.texts[-1].get_text()
    assert all(i in source for i in ("xv-07", "nf-06", "pw-11"))
    assert "yuan per US$" in fig.axes[0].get_xlabel()


def test_table_cells_fit_the_default_column_width() -> None:
    # pandas cuts cells longer than 50 characters in notebook output
    for params in ({}, {"currency": "USD"}):
        ds = _ds(**params)
        for table in (view.gdp_table, view.share_table, view.jobs_table, view.rate_table):
            frame = table(ds).reset_index()
            assert max(len(str(v)) for v in frame.to_numpy().ravel()) <= 50


def test_views_leave_the_dataset_untouched() -> None:
    ds = _ds()
    before = ds.figures.copy()
    view.summary(ds)
    view.share_chart(ds)
    view.rate_table(ds)
    assert ds.figures.equals(before)
