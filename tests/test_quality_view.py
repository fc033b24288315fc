"""The quality notebook's rows, tables, charts and sentences, checked against the articles.

Expected values are worked out here by hand from the figures as written and the bound rules:
an exact figure is good to half a unit of its last digit ("2.29 million" -> 2.285 to 2.295
million, "4.756 million" -> 4.7555 to 4.7565 million, "16" -> 15.5 to 16.5, "12" -> 11.5 to
12.5), and "over" leaves the upper bound open ("over three-quarters" -> 75% and up).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from ipanalysis.relations.interval import Interval
from ipanalysis.views import quality as view
from ipanalysis.views import session as notebook
from ipanalysis.views.dataset import Dataset

ALL_IDS = ["xv-02", "xv-03", "xv-04", "xv-11", "fd-01", "pw-08", "pw-09", "fd-07"]


def dataset(**params: object) -> Dataset:
    """The figures as a notebook sees them, with the given parameters over the defaults."""
    return notebook.start({"currency": "CNY", "sources": "all", "as_of": "latest", **params})


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture
def ds() -> Dataset:
    return dataset()


def assert_interval(result: Interval, value: float, lower: float, upper: float) -> None:
    assert result.value == pytest.approx(value, rel=1e-12)
    assert result.lower == pytest.approx(lower, rel=1e-12)
    assert result.upper == pytest.approx(upper, rel=1e-12)


def source_text(fig: Figure) -> str:
    return " ".join(t.get_text() for t in fig.texts)


def test_implied_population(ds: Dataset) -> None:
    row = view.population(ds)
    assert row is not None
    # 2.29 million patents at 16 per 10,000 people; lowest: fewest patents at the highest density
    assert_interval(row.estimate, 2.29e6 / 16 * 10_000, 2.285e6 / 16.5 * 10_000,
                    2.295e6 / 15.5 * 10_000)
    assert row.ids == ("xv-02", "xv-03")


def test_target_attainment(ds: Dataset) -> None:
    row = view.attainment(ds)
    assert row is not None
    # 16 against 12: lowest 15.5 / 12.5 = 124%, highest 16.5 / 11.5
    assert_interval(row.estimate, 16 / 12 * 100, 124.0, 16.5 / 11.5 * 100)
    assert row.estimate.lower > 100


def test_enterprise_count_is_capped_at_all_patents(ds: Dataset) -> None:
    row = view.enterprise_count(ds)
    assert row is not None
    # over three-quarters of 2.29 million; a share cannot pass 100%, so at most all 2.295 million
    assert_interval(row.estimate, 0.75 * 2.29e6, 0.75 * 2.285e6, 2.295e6)


def test_high_value_share_flags_the_different_dates(ds: Dataset) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the mismatch must become a note, not a printed warning
        rows = {r.ids: r for r in view.share_rows(ds)}
    row = rows[("xv-02", "fd-01")]
    assert_interval(row.share, 2.29 / 4.756 * 100, 2.285 / 4.7565 * 100, 2.295 / 4.7555 * 100)
    assert row.mixed_dates
    assert "end-2025" in row.note and "end-2024" in row.note
    assert "end-2025" in view.summary(ds) and "dates differ" in view.summary(ds)
    assert "dates differ" in view.metric_table(ds).loc[
        "High-value share of valid invention patents", "Note"]


def test_stated_shares_keep_their_open_bound_and_the_table_caps_them(ds: Dataset) -> None:
    shares = {r.ids[0]: r.share for r in view.share_rows(ds)}
    assert_interval(shares["xv-11"], 75, 75, math.inf)
    assert_interval(shares["pw-08"], 50, 50, math.inf)
    capped = {r.ids[0]: r.estimate for r in view.metric_rows(ds)}
    assert_interval(capped["xv-11"], 75, 75, 100)
    assert_interval(capped["pw-08"], 50, 50, 100)


def test_density_rows_mark_linyi_as_another_measure(ds: Dataset) -> None:
    rows = {r.ids[0]: r for r in view.density_rows(ds)}
    assert_interval(rows["xv-03"].density, 16, 15.5, 16.5)
    assert_interval(rows["xv-04"].density, 12, 11.5, 12.5)
    assert_interval(rows["fd-07"].density, 8.18, 8.175, 8.185)
    assert rows["fd-07"].role == "other measure"
    assert rows["fd-07"].period == "January 2025"


def test_table_cells_fit_the_default_display_width(ds: Dataset) -> None:
    table = view.metric_table(ds)
    assert max(len(str(cell)) for cell in table.to_numpy().ravel()) <= 50
    assert table.loc["Valid invention patents", "Value (range)"] == (
        "4.756 million (4.7555 to 4.7565 million)")


def test_summary_and_headline_carry_the_computed_numbers(ds: Dataset) -> None:
    summary = view.summary(ds)
    population = 2.29e6 / 16 * 10_000 / 1e9
    assert f"{population:.3f} billion" in summary  # 1.431 billion
    assert f"{16 / 12 * 100:.1f}%" in summary  # 133.3%
    assert f"at least {0.75 * 2.285e6 / 1e6:.3f} million" in summary  # 1.714 million
    assert f"{2.29 / 4.756 * 100:.2f}%" in summary  # 48.15%
    assert "8.18 per 10,000 people" in summary and "5 years" in summary
    assert "Left out" not in summary
    headline = view.headline(ds)
    assert f"{16 / 12 * 100:.1f}%" in headline
    assert f"{15.5 / 12.5 * 100:.0f} to {16.5 / 11.5 * 100:.1f}%" in headline  # 124 to 143.5%


@pytest.mark.parametrize(("chart", "ids"), [
    (view.density_chart, ["xv-03", "xv-04", "fd-07"]),
    (view.share_chart, ["xv-02", "fd-01", "xv-11", "pw-08", "pw-09"]),
])
def test_charts_have_a_title_and_name_their_figures(
    ds: Dataset, chart: Callable[[Dataset], Figure], ids: list[str]
) -> None:
    fig = chart(ds)
    assert isinstance(fig, Figure)
    assert fig.get_suptitle().strip()
    assert "Source:" in source_text(fig)
    assert all(i in source_text(fig) for i in ids)


def test_density_title_states_attainment(ds: Dataset) -> None:
    assert f"{16 / 12 * 100:.0f}%" in view.density_chart(ds).get_suptitle()  # 133%


def test_only_one_source_leaves_the_rest_out() -> None:
    ds = dataset(sources=["powerhouse_2024"])
    assert view.population(ds) is None
    assert view.attainment(ds) is None
    assert view.enterprise_count(ds) is None
    assert view.density_rows(ds) == []
    assert [r.ids for r in view.share_rows(ds)] == [("pw-08", "pw-09")]
    assert view.figure_ids(ds) == ["pw-08", "pw-09"]
    assert list(view.metric_table(ds).index) == [
        "Enterprise invention patents put into production"]
    summary = view.summary(ds)
    assert "Left out" in summary and "xv-02" in summary and "fd-07" in summary
    assert "50%" in view.headline(ds)
    for chart in (view.density_chart, view.share_chart):
        assert chart(ds).get_suptitle().strip()


def test_as_of_2024_drops_the_2025_figures() -> None:
    ds = dataset(as_of="2024")
    assert view.figure_ids(ds) == ["fd-01", "pw-08", "pw-09"]
    assert view.population(ds) is None
    assert all(r.ids[0] == "pw-08" for r in view.share_rows(ds))
    assert "xv-02" in view.summary(ds)


def test_as_of_january_2025_keeps_linyi_only() -> None:
    ds = dataset(as_of="2025-01", sources=["foreign_disputes_2025"])
    assert view.figure_ids(ds) == ["fd-01", "fd-07"]
    assert [r.place for r in view.density_rows(ds)] == ["Linyi"]
    assert view.headline(ds) != "No quality figure is selected."


def test_currency_changes_nothing() -> None:
    assert view.metric_table(dataset(currency="USD")).equals(view.metric_table(dataset()))


def test_every_figure_is_listed(ds: Dataset) -> None:
    assert view.figure_ids(ds) == ALL_IDS


def test_inputs_are_not_mutated(ds: Dataset) -> None:
    before = ds.figures.copy()
    view.metric_table(ds)
    view.summary(ds)
    view.headline(ds)
    view.density_chart(ds)
    view.share_chart(ds)
    assert ds.figures.equals(before)
