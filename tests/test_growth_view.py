"""The growth analysis against values worked out by hand from the articles.

Bounds follow the README rules: "921,000" is rounded to thousands (+/- 500), "15.3 percent" to a
tenth (+/- 0.05), "52.67 million" to 0.01 million, "1.9 million" to 0.1 million.
"""

from __future__ import annotations

import pytest

from ipanalysis.views import growth as view
from ipanalysis.views.session import start


def _ds(**params: object):
    base = {"currency": "CNY", "sources": "all", "as_of": "latest"}
    return start({**base, **params})


@pytest.fixture(scope="module")
def rows() -> dict[str, view.LevelRow]:
    return {r.label: r for r in view.level_rows(_ds())}


def test_invention_patents_imply_the_2022_level(rows: dict[str, view.LevelRow]) -> None:
    row = rows["Invention patents granted"]
    assert row.previous.value == pytest.approx(921_000 / 1.153)
    assert row.previous.lower == pytest.approx(920_500 / 1.1535)
    assert row.previous.upper == pytest.approx(921_500 / 1.1525)


def test_pledge_financing_implies_the_2022_level(rows: dict[str, view.LevelRow]) -> None:
    row = rows["Patent and trademark pledge financing"]
    assert row.previous.value == pytest.approx(854e9 / 1.754)
    assert (row.previous.lower, row.previous.upper) == pytest.approx(
        (853.5e9 / 1.7545, 854.5e9 / 1.7535))


def test_jobs_change_implies_the_2023_level(rows: dict[str, view.LevelRow]) -> None:
    row = rows["Jobs in patent-intensive industries"]
    assert row.previous.value == pytest.approx(52.67e6 - 1.9e6)
    assert (row.previous.lower, row.previous.upper) == pytest.approx(
        (52.665e6 - 1.95e6, 52.675e6 - 1.85e6))


def test_computed_rates() -> None:
    rates = {r.label: r.rate for r in view.rate_rows(_ds())}
    assert rates["Jobs in patent-intensive industries"].value == pytest.approx(
        1.9 / 50.77 * 100)
    # 800% since 2017 is nine times the 2017 level; fd-12 is read as 2017/2023 (WIPO's data
    # end in 2023), six years: 9 ** (1/6) - 1 = 44.2% a year (seven years would give 36.9%).
    assert rates["Cumulative growth of generative-AI patents"].value == pytest.approx(
        (9 ** (1 / 6) - 1) * 100)


def test_usd_mode_converts_money_at_the_reference_rate_of_its_year() -> None:
    rows = {r.label: r for r in view.level_rows(_ds(currency="USD"))}
    row = rows["Patent and trademark pledge financing"]
    assert row.unit == "USD"
    assert row.current.value == pytest.approx(854e9 / 7.0467)
    assert rows["Invention patents granted"].current.value == pytest.approx(921_000)


def test_rows_absent_when_their_source_is_left_out() -> None:
    ds = _ds(sources=["xinhua_value_2026"])
    assert [r.label for r in view.level_rows(ds)] == ["Jobs in patent-intensive industries"]
    assert "pw-01" not in view.figure_ids(ds)


def test_as_of_drops_later_periods() -> None:
    labels = [r.label for r in view.rate_rows(_ds(as_of="2023"))]
    assert "Jobs in patent-intensive industries" not in labels
    assert "Invention patents granted" in labels


def test_summary_and_headline_carry_the_computed_numbers() -> None:
    ds = _ds()
    # the first pair in the data is xv-09/xv-10: 52.67 - 1.9 = 50.77 million; 52.665 - 1.95 =
    # 50.715 to 52.675 - 1.85 = 50.825, a width of 0.11 million: hundredths of a million
    assert view.headline(ds) == ("Jobs in patent-intensive industries: 52.67 million in 2024 "
                                 "implies 50.77 million (50.72 to 50.83 million) the year before.")
    summary = view.summary(ds)
    # pw-14 "80.8 percent" is the fastest stated rate; four levels come with a growth or change
    assert "Fastest growth: **Copyright pledge guarantees** at 80.8%" in summary
    assert summary.startswith("- 4 levels stated with a growth rate or change and 7 growth "
                              "rates, from 3 of the 5 selected articles.")


def test_charts_have_a_finding_title_and_a_source_line() -> None:
    fig = view.level_chart(_ds())
    texts = [t.get_text() for t in fig.texts]
    assert fig._suptitle is not None and "rose most" in fig._suptitle.get_text()
    assert any("pw-01" in t and t.startswith("Source:") for t in texts)
