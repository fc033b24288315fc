"""Growth functions on the articles' figures, with expected bounds worked out by hand.

Stated figures are good to half a unit of their last written digit ("52.67 million" ->
+-0.005 million, "15.3%" -> +-0.05, "921,000" -> +-500 as a figure rounded to thousands,
"800%" -> +-0.5); "over" leaves the upper bound open.
"""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipanalysis.errors import IpanalysisError
from ipanalysis.relations.growth import (
    GrowthError,
    cagr,
    implied_previous_from_change,
    implied_previous_from_rate,
    multiple_from_cumulative_pct,
    yoy_rate,
)
from ipanalysis.relations.interval import Interval, IntervalDivisionError

INF = math.inf

GRANTED_2023 = Interval.of(921_000, 920_500, 921_500)
GRANT_GROWTH = Interval.of(15.3, 15.25, 15.35)
JOBS = Interval.of(52.67e6, 52.665e6, 52.675e6)
JOBS_ADDED = Interval.of(1.9e6, 1.85e6, 1.95e6)
AI_PATENT_RISE = Interval.of(800, 799.5, 800.5)


def assert_interval(result: Interval, value: float, lower: float, upper: float) -> None:
    assert result.value == pytest.approx(value, rel=1e-12)
    assert result.lower == pytest.approx(lower, rel=1e-12)
    assert result.upper == pytest.approx(upper, rel=1e-12)


def test_yoy_rate_on_jobs() -> None:
    previous = Interval.of(50.77e6, 52.665e6 - 1.95e6, 52.675e6 - 1.85e6)
    result = yoy_rate(JOBS, previous)
    assert_interval(
        result,
        (52.67 / 50.77 - 1) * 100,
        (52.665 / 50.825 - 1) * 100,
        (52.675 / 50.715 - 1) * 100,
    )


def test_yoy_rate_with_an_open_current_level() -> None:
    # "over 4,800" consultations against a hypothetical 4,000 the year before
    result = yoy_rate(Interval.of(4800, 4800, INF), Interval.point(4000))
    assert_interval(result, (4800 / 4000 - 1) * 100, (4800 / 4000 - 1) * 100, INF)


def test_yoy_rate_from_a_level_that_may_be_zero_raises() -> None:
    with pytest.raises(IntervalDivisionError):
        yoy_rate(JOBS, Interval.of(1, 0, 2))


def test_implied_previous_from_rate_on_invention_patents() -> None:
    result = implied_previous_from_rate(GRANTED_2023, GRANT_GROWTH)
    assert_interval(result, 921_000 / 1.153, 920_500 / 1.1535, 921_500 / 1.1525)
    assert round(result.value, -2) == 798_800


def test_implied_previous_from_rate_on_pledge_financing() -> None:
    # 854 billion yuan, up 75.4% on the year
    result = implied_previous_from_rate(
        Interval.of(854e9, 853.5e9, 854.5e9), Interval.of(75.4, 75.35, 75.45)
    )
    assert_interval(result, 854e9 / 1.754, 853.5e9 / 1.7545, 854.5e9 / 1.7535)


def test_implied_previous_from_an_open_rate_is_open_below() -> None:
    # a level of 921,000 after growth of "over 15.3%": last year at most 921,500 / 1.1525
    result = implied_previous_from_rate(GRANTED_2023, Interval.of(15.3, 15.3, INF))
    assert_interval(result, 921_000 / 1.153, 0, 921_500 / 1.153)


def test_implied_previous_from_change_on_jobs() -> None:
    result = implied_previous_from_change(JOBS, JOBS_ADDED)
    assert_interval(result, 52.67e6 - 1.9e6, 52.665e6 - 1.95e6, 52.675e6 - 1.85e6)
    assert result.value == pytest.approx(50.77e6)


def test_implied_previous_from_an_open_change() -> None:
    # "over 1.9 million" more jobs leaves last year's level open below
    result = implied_previous_from_change(JOBS, Interval.of(1.9e6, 1.9e6, INF))
    assert_interval(result, 52.67e6 - 1.9e6, -INF, 52.675e6 - 1.9e6)


def test_multiple_from_cumulative_pct() -> None:
    result = multiple_from_cumulative_pct(AI_PATENT_RISE)
    assert_interval(result, 1 + 800 / 100, 1 + 799.5 / 100, 1 + 800.5 / 100)
    assert result.value == 9


def test_multiple_from_an_open_cumulative_pct() -> None:
    assert multiple_from_cumulative_pct(Interval.of(800, 800, INF)).bounds == (9, INF)


def test_cagr_of_a_ninefold_rise_over_seven_years() -> None:
    result = cagr(Interval.point(1), Interval.of(9, 8.995, 9.005), years=2024 - 2017)
    assert_interval(
        result,
        (9 ** (1 / 7) - 1) * 100,
        (8.995 ** (1 / 7) - 1) * 100,
        (9.005 ** (1 / 7) - 1) * 100,
    )


def test_cagr_with_uncertain_start_and_end() -> None:
    start = Interval.of(798_786, 798_000, 799_600)
    result = cagr(start, GRANTED_2023, years=1)
    assert_interval(
        result,
        (921_000 / 798_786 - 1) * 100,
        (920_500 / 799_600 - 1) * 100,
        (921_500 / 798_000 - 1) * 100,
    )


def test_cagr_over_one_year_is_the_yoy_rate() -> None:
    previous = implied_previous_from_change(JOBS, JOBS_ADDED)
    one_year = cagr(previous, JOBS, years=1)
    direct = yoy_rate(JOBS, previous)
    for got, expected in zip(
        (one_year.value, one_year.lower, one_year.upper),
        (direct.value, direct.lower, direct.upper),
        strict=True,
    ):
        assert got == pytest.approx(expected, rel=1e-12)


def test_cagr_with_an_open_end() -> None:
    result = cagr(Interval.point(1), Interval.of(9, 9, INF), years=7)
    assert_interval(result, (9 ** (1 / 7) - 1) * 100, (9 ** (1 / 7) - 1) * 100, INF)


@pytest.mark.parametrize("years", [0, -7, INF, math.nan])
def test_cagr_needs_a_positive_finite_span(years: float) -> None:
    with pytest.raises(GrowthError, match="positive finite"):
        cagr(Interval.point(1), Interval.point(9), years=years)


def test_growth_error_is_a_library_error() -> None:
    assert issubclass(GrowthError, IpanalysisError)


def test_inputs_are_not_mutated() -> None:
    level, rate = Interval.of(921_000, 920_500, 921_500), Interval.of(15.3, 15.25, 15.35)
    jobs, change = Interval.of(52.67e6, 52.665e6, 52.675e6), Interval.of(1.9e6, 1.85e6, 1.95e6)
    rise, start = Interval.of(800, 799.5, 800.5), Interval.point(1)
    inputs = (level, rate, jobs, change, rise, start)
    before = [dataclasses.replace(figure) for figure in inputs]
    yoy_rate(jobs, level)
    implied_previous_from_rate(level, rate)
    implied_previous_from_change(jobs, change)
    multiple_from_cumulative_pct(rise)
    cagr(start, level, years=7)
    assert list(inputs) == before


@st.composite
def levels(draw: st.DrawFn) -> Interval:
    """A positive level stated to within 1% either way."""
    value = draw(st.floats(min_value=1, max_value=1e7))
    below, above = draw(st.floats(0, 0.01)), draw(st.floats(0, 0.01))
    return Interval.of(value, value * (1 - below), value * (1 + above))


@st.composite
def rates(draw: st.DrawFn) -> Interval:
    """A growth rate from -50% to +500%, stated to within a point either way."""
    value = draw(st.floats(min_value=-50, max_value=500))
    below, above = draw(st.floats(0, 1)), draw(st.floats(0, 1))
    return Interval.of(value, value - below, value + above)


@given(levels(), rates())
def test_rate_round_trip_recovers_the_stated_rate(level: Interval, rate: Interval) -> None:
    """Going back with a rate and forward again can only widen the rate, never lose it."""
    again = yoy_rate(level, implied_previous_from_rate(level, rate))
    slack = 1e-9 * (1 + abs(rate.value))
    assert again.value == pytest.approx(rate.value, abs=slack)
    assert again.lower <= rate.lower + slack
    assert again.upper >= rate.upper - slack
