"""The industry-share analysis against values worked out by hand from the articles.

Bounds follow the README rules: "18.04 trillion" is rounded to 0.01 trillion, "13.38%" to 0.01
points, "18 trillion" to a trillion, "about 2.6 trillion" dollars allows 2.5 to 2.7, "about 118
billion" 117 to 119, "approached 8 trillion" 7.2 to 8, "over 40%" 40 and up.
"""

from __future__ import annotations

import html
import math
import re

import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from ipanalysis.views import industry as view
from ipanalysis.views.session import start


def _ds(**params: object):
    return start({"currency": "CNY", "sources": "all", "as_of": "latest", **params})


def _wholes(ds) -> dict[tuple[str, ...], view.WholeRow]:
    return {r.ids: r for r in view.whole_rows(ds)}


def test_every_part_with_its_share_implies_a_whole() -> None:
    rows = _wholes(_ds())
    assert set(rows) == {("nf-09", "nf-10"), ("fd-10", "fd-11"), ("xv-06", "xv-08")}
    gdp = rows[("nf-09", "nf-10")].whole
    # 18.04 / 0.1338 = 134.83 trillion; 18.035 / 0.13385 to 18.045 / 0.13375
    assert (gdp.value, gdp.lower, gdp.upper) == pytest.approx(
        (18.04e12 / 0.1338, 18.035e12 / 0.13385, 18.045e12 / 0.13375))
    wide = rows[("xv-06", "xv-08")].whole
    assert (wide.lower, wide.upper) == pytest.approx((17.5e12 / 0.13385, 18.5e12 / 0.13375))
    # "exceeding 50 trillion" at "over 40%": 125 trillion as written, at least 50 trillion
    # (a share of at most 100%), no upper bound
    digital = rows[("fd-10", "fd-11")].whole
    assert (digital.value, digital.lower) == pytest.approx((125e12, 50e12))
    assert math.isinf(digital.upper)


def test_ict_share_is_undetermined() -> None:
    (row,) = view.share_rows(_ds())
    assert row.ids == ("nf-07", "nf-09", "nf-08")
    # 8 / 18.04 = 44.35%; 7.2 / 18.045 = 39.90% to 8 / 18.035 = 44.36%, against 40% and up
    assert (row.computed.value, row.computed.lower, row.computed.upper) == pytest.approx(
        (8 / 18.04 * 100, 7.2 / 18.045 * 100, 8 / 18.035 * 100))
    assert row.verdict.value == "undetermined"


def test_conversions_against_the_reference_rates() -> None:
    rows = {r.ids: r for r in view.rate_rows(_ds())}
    pledges = rows[("pw-10", "pw-11")]
    # 854 / 118 = 7.237; 853.5 / 119 to 854.5 / 117; the 2023 average 7.0467 lies below
    assert (pledges.implied.value, pledges.implied.lower, pledges.implied.upper) == (
        pytest.approx((854 / 118, 853.5 / 119, 854.5 / 117)))
    assert (pledges.rate_id, pledges.verdict.value) == ("nbs_avg_2023", "inconsistent")
    added = rows[("xv-06", "xv-07")]
    # 17.5 / 2.7 = 6.48 to 18.5 / 2.5 = 7.4 admits the 2024 average of 7.1217
    assert (added.implied.lower, added.implied.upper) == pytest.approx((17.5 / 2.7, 7.4))
    assert (added.rate_id, added.verdict.value) == ("nbs_avg_2024", "consistent")
    # 2025 losses fall back to the latest recorded rate, 2024's
    assert rows[("nf-05", "nf-06")].rate_id == "nbs_avg_2024"


def test_usd_mode_converts_amounts_but_not_verdicts() -> None:
    usd = _ds(currency="USD")
    gdp = _wholes(usd)[("nf-09", "nf-10")]
    assert gdp.unit == "USD"
    assert gdp.whole.value == pytest.approx(18.04e12 / 0.1338 / 7.1217)
    assert [r.verdict for r in view.share_rows(usd)] == [r.verdict
                                                        for r in view.share_rows(_ds())]


def test_parameters_select_the_pairs() -> None:
    xinhua = _ds(sources=["xinhua_value_2026"])
    assert list(_wholes(xinhua)) == [("xv-06", "xv-08")]
    assert view.share_rows(xinhua) == []
    assert [r.ids for r in view.rate_rows(xinhua)] == [("xv-06", "xv-07")]
    # as of 2023 only the 2023 digital-economy pair and the 2023 pledges remain
    early = _ds(as_of="2023")
    assert list(_wholes(early)) == [("fd-10", "fd-11")]
    assert [r.ids for r in view.rate_rows(early)] == [("pw-10", "pw-11")]
    empty = _ds(sources=["seven_tasks_2026"])
    assert view.figure_ids(empty) == []
    assert view.summary(empty) == "- None of the industry figures is selected."


def test_related_checks_are_the_declared_ones_on_these_figures() -> None:
    table = view.related_checks(_ds())
    # every row of data/raw/checks.csv naming a figure this view shows: the added value and
    # share stated twice, the three rate comparisons, the implied GDP against the official one,
    # and the 2022 pledge financing (pw-10 is the pledge amount whose conversion is shown)
    assert set(table.index) == {
        "pii_added_value_twice", "pii_gdp_share_twice", "rates_pii_and_pledges",
        "rates_losses_and_pii", "rates_losses_and_pledges", "pii_gdp_against_official_2024",
        "pledge_financing_2022"}
    assert set(table["Origin"]) == {"declared check"}


def test_headline_and_summary_come_from_the_rows() -> None:
    ds = _ds()
    # the narrowest implied whole is nf-09/nf-10's 134.8 trillion yuan
    assert view.headline(ds).startswith(
        "Patent-intensive industries' added value, 13.38% of GDP, implies "
        "2024 GDP of 134.83 trillion yuan (134.74 to 134.92 trillion yuan)")
    summary = view.summary(ds)
    assert summary.startswith("- 3 wholes implied by a part and its share, 1 stated share set")
    # the reference rate 7.0467 is exact (no range), so it takes the default four digits
    # what a reader sees, once the Markdown (data escaped in it) is rendered
    shown = html.unescape(re.sub(r"<[^>]+>", "", markdown2html_mistune(summary)))
    assert "it rules out the reference rate (7.047, nbs_avg_2023)" in shown
    assert "$" not in summary.replace("\\$", "")


def test_charts_state_a_finding_and_name_their_figures() -> None:
    fig = view.rate_chart(_ds())
    assert fig._suptitle.get_text() == "1 of 3 conversions rule out their reference rate"
    assert any("pw-10" in t.get_text() for t in fig.texts)
