"""The quality analysis against values worked out by hand from the articles.

Bounds follow the README rules: "2.29 million" is rounded to 0.01 million (2.285 to 2.295
million), "16" and the target "12" to whole numbers (15.5 to 16.5, 11.5 to 12.5), "over
three-quarters" is 75% and up.
"""

from __future__ import annotations

import pytest

from ipanalysis.views import quality as view
from ipanalysis.views.session import start


def _ds(**params: object):
    return start({"currency": "CNY", "sources": "all", "as_of": "latest", **params})


@pytest.fixture(scope="module")
def computed() -> dict[str, view.MetricRow]:
    return {r.basis.split(":")[1].strip(): r for r in view.computed_rows(_ds())}


def test_count_and_density_imply_a_population(computed: dict[str, view.MetricRow]) -> None:
    row = computed["count / (density / 10,000)"]
    assert row.ids == ("xv-02", "xv-03")
    # 2.29 million / 16 * 10,000; 2.285 million / 16.5; 2.295 million / 15.5
    assert (row.estimate.value, row.estimate.lower, row.estimate.upper) == pytest.approx(
        (1.43125e9, 2.285e6 / 16.5 * 1e4, 2.295e6 / 15.5 * 1e4))


def test_density_against_its_target(computed: dict[str, view.MetricRow]) -> None:
    row = computed["level / target"]
    # 16 / 12 = 133.3%; at worst 15.5 / 12.5 = 124%, at best 16.5 / 11.5 = 143.5%: reached
    assert (row.estimate.value, row.estimate.lower, row.estimate.upper) == pytest.approx(
        (16 / 12 * 100, 124.0, 16.5 / 11.5 * 100))
    assert row.note == "target reached under every rounding"


def test_enterprise_share_stands_for_a_count_within_the_stock(
        computed: dict[str, view.MetricRow]) -> None:
    row = computed["whole times share (capped at 100%)"]
    # three-quarters of 2.29 million is 1.7175 million; at least 0.75 * 2.285 million, at most
    # the whole stock since a share stops at 100%
    assert (row.estimate.value, row.estimate.lower, row.estimate.upper) == pytest.approx(
        (1.7175e6, 1.71375e6, 2.295e6))
    assert row.note == "fits within the whole"


def test_stated_rows_are_the_quality_figures_with_open_shares_capped() -> None:
    rows = {r.ids[0]: r for r in view.stated_rows(_ds())}
    assert set(rows) == {"fd-01", "fd-07", "xv-02", "xv-03", "xv-04", "xv-11", "pw-08", "pw-09"}
    assert rows["xv-11"].estimate.bounds == (75.0, 100.0)  # "over three-quarters"
    assert rows["fd-07"].label == "Linyi: Valid patents per 10,000 people"
    assert rows["fd-07"].period == "January 2025"


def test_one_source_keeps_only_its_own_rows() -> None:
    ds = _ds(sources=["powerhouse_2024"])
    assert view.computed_rows(ds) == []
    assert view.figure_ids(ds) == ["pw-08", "pw-09"]


def test_as_of_2024_drops_the_2025_figures() -> None:
    ds = _ds(as_of="2024")
    assert view.computed_rows(ds) == []
    assert view.figure_ids(ds) == ["fd-01", "pw-08", "pw-09"]


def test_headline_and_summary_come_from_the_rows() -> None:
    ds = _ds()
    # the first judged row is the target: 16 / 12 = 133.3%, 15.5 / 12.5 = 124% to
    # 16.5 / 11.5 = 143.48%; a width of 19.5 points shows whole percents
    assert view.headline(ds) == (
        "High-value invention patents per 10,000 people: percent of its target (end-2025): "
        "133% (124 to 143%); target reached under every rounding.")
    summary = view.summary(ds)
    assert summary.startswith("- 8 quality figures as stated and 3 values computed")
    assert "target reached under every rounding" in summary
    assert view.summary(_ds(sources=["seven_tasks_2026"])) == (
        "- None of the quality figures is selected.")


def test_charts_state_a_finding_and_name_their_figures() -> None:
    fig = view.density_chart(_ds())
    assert fig._suptitle.get_text() == (
        "Density 133% of its target: target reached under every rounding")
    assert any("xv-03" in t.get_text() for t in fig.texts)
