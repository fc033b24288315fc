"""Quality indicators on the articles' figures, with expected bounds worked out by hand.

Stated figures are good to half a unit of their last written digit ("2.29 million" ->
+-0.005 million, "4.756 million" -> +-0.0005 million, "16" -> +-0.5); "over" and "exceeding"
leave the upper bound open. The target of 12 is set in a plan, so it is exact.
"""

from __future__ import annotations

import dataclasses
import math
import warnings

import pytest

from ipanalysis.relations.interval import Interval, IntervalError
from ipanalysis.relations.quality import (
    PeriodMismatchWarning,
    count_from_share,
    implied_population,
    share_of_total,
    target_attainment,
)

INF = math.inf

HIGH_VALUE = Interval.of(2.29e6, 2.285e6, 2.295e6)  # high-value invention patents, end 2025
VALID = Interval.of(4.756e6, 4.7555e6, 4.7565e6)  # valid invention patents, end 2024
DENSITY = Interval.of(16, 15.5, 16.5)  # high-value invention patents per 10,000 people
TARGET = Interval.point(12)


def assert_interval(result: Interval, value: float, lower: float, upper: float) -> None:
    assert result.value == pytest.approx(value, rel=1e-12)
    assert result.lower == pytest.approx(lower, rel=1e-12)
    assert result.upper == pytest.approx(upper, rel=1e-12)


def test_implied_population() -> None:
    result = implied_population(HIGH_VALUE, DENSITY)
    assert_interval(
        result,
        2.29e6 / 16 * 10_000,
        2.285e6 / 16.5 * 10_000,
        2.295e6 / 15.5 * 10_000,
    )
    assert result.value == pytest.approx(1.431e9, rel=1e-3)


def test_implied_population_from_an_open_density() -> None:
    # a density of "over 16" only caps the population
    result = implied_population(HIGH_VALUE, Interval.of(16, 16, INF))
    assert_interval(result, 2.29e6 / 16 * 10_000, 0, 2.295e6 / 16 * 10_000)


def test_target_attainment() -> None:
    result = target_attainment(DENSITY, TARGET)
    assert_interval(result, 16 / 12 * 100, 15.5 / 12 * 100, 16.5 / 12 * 100)
    assert result.value == pytest.approx(133.3, abs=0.05)


def test_target_attainment_of_an_open_observation() -> None:
    # merely "exceeding the target" says attainment is at least 100%
    result = target_attainment(Interval.of(12, 12, INF), TARGET)
    assert_interval(result, 100, 100, INF)


def test_share_of_total_across_periods_warns() -> None:
    with pytest.warns(PeriodMismatchWarning, match="'2025'.*'2024'") as caught:
        result = share_of_total(HIGH_VALUE, VALID, part_period="2025", total_period="2024")
    assert_interval(
        result,
        2.29 / 4.756 * 100,
        2.285 / 4.7565 * 100,
        2.295 / 4.7555 * 100,
    )
    assert result.value == pytest.approx(48.15, abs=0.005)
    assert len(caught) == 1
    assert caught[0].filename == __file__  # points at the caller, not at quality.py


def test_share_of_total_in_one_period_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = share_of_total(HIGH_VALUE, VALID, part_period="2024", total_period="2024")
    assert_interval(result, 2.29 / 4.756 * 100, 2.285 / 4.7565 * 100, 2.295 / 4.7555 * 100)


def test_period_mismatch_is_a_user_warning() -> None:
    assert issubclass(PeriodMismatchWarning, UserWarning)


def test_count_from_an_open_share_is_clipped_to_the_total() -> None:
    # "over three-quarters": [75, inf) as worded, [75, 100] once clipped
    result = count_from_share(HIGH_VALUE, Interval.of(75, 75, INF))
    assert_interval(result, 0.75 * 2.29e6, 0.75 * 2.285e6, 1.0 * 2.295e6)


def test_count_from_a_bounded_share() -> None:
    result = count_from_share(VALID, Interval.of(48.15, 48.145, 48.155))
    assert_interval(
        result,
        4.756e6 * 0.4815,
        4.7555e6 * 0.48145,
        4.7565e6 * 0.48155,
    )


def test_count_from_an_impossible_share_raises() -> None:
    with pytest.raises(IntervalError):
        count_from_share(HIGH_VALUE, Interval.of(120, 110, 130))


def test_inputs_are_not_mutated() -> None:
    count, total = Interval.of(2.29e6, 2.285e6, 2.295e6), Interval.of(4.756e6, 4.7555e6, 4.7565e6)
    density, target = Interval.of(16, 15.5, 16.5), Interval.point(12)
    share = Interval.of(75, 75, INF)
    inputs = (count, total, density, target, share)
    before = [dataclasses.replace(figure) for figure in inputs]
    implied_population(count, density)
    target_attainment(density, target)
    share_of_total(count, total, part_period="2024", total_period="2024")
    count_from_share(count, share)
    assert list(inputs) == before
