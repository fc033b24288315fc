"""Industry shares and exchange rates on the articles' figures, with bounds worked out by hand.

Stated figures are good to half a unit of their last written digit ("18.04 trillion" ->
+-0.005 trillion, "13.38%" -> +-0.005, "18 trillion" -> +-0.5 trillion); "about" widens that
to one unit ("about 2.6 trillion" -> +-0.1); "approached 8 trillion" is [7.2, 8] (the 10%
below); "over" leaves the upper bound open. The bracketed "$0.39 billion" carries the
"approximately" of the yuan amount it converts. Money is in trillions or billions of the unit
named, the same on both sides of each calculation.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from ipanalysis.errors import IpanalysisError
from ipanalysis.relations.currency import UnknownCurrencyError, implied_rate
from ipanalysis.relations.currency import to_currency as convert
from ipanalysis.relations.interval import Interval, IntervalDivisionError, Verdict
from ipanalysis.relations.shares import (
    ShareCheck,
    check_share,
    implied_denominator,
    share_of_whole,
)

INF = math.inf

ADDED_VALUE = Interval.of(18.04, 18.035, 18.045)  # trillion yuan, patent-intensive industries
GDP_SHARE = Interval.of(13.38, 13.375, 13.385)  # percent
ICT = Interval.of(8, 7.2, 8)  # trillion yuan, "approached 8 trillion"
OVER_40 = Interval.of(40, 40, INF)  # percent


def assert_interval(result: Interval, value: float, lower: float, upper: float) -> None:
    assert result.value == pytest.approx(value, rel=1e-12)
    assert result.lower == pytest.approx(lower, rel=1e-12)
    assert result.upper == pytest.approx(upper, rel=1e-12)


def test_implied_gdp_from_patent_intensive_share() -> None:
    result = implied_denominator(ADDED_VALUE, GDP_SHARE)
    assert_interval(result, 18.04 / 0.1338, 18.035 / 0.13385, 18.045 / 0.13375)
    assert result.value == pytest.approx(134.83, abs=0.005)


def test_implied_denominator_with_open_part_and_open_share() -> None:
    # digital economy "exceeding 50 trillion" and "over 40%" of GDP (clipped to 100%)
    result = implied_denominator(Interval.of(50, 50, INF), OVER_40)
    assert_interval(result, 50 / 0.4, 50 / 1.0, INF)


def test_implied_denominator_of_a_share_that_may_be_zero_raises() -> None:
    with pytest.raises(IntervalDivisionError):
        implied_denominator(ADDED_VALUE, Interval.of(2, 0, 5))


def test_share_of_whole_for_ict() -> None:
    result = share_of_whole(ICT, ADDED_VALUE)
    assert_interval(result, 8 / 18.04 * 100, 7.2 / 18.045 * 100, 8 / 18.035 * 100)
    assert result.lower == pytest.approx(39.90, abs=0.005)
    assert result.upper == pytest.approx(44.36, abs=0.005)


def test_share_of_whole_with_an_open_part() -> None:
    result = share_of_whole(Interval.of(50, 50, INF), Interval.of(134.83, 134.74, 134.92))
    assert_interval(result, 50 / 134.83 * 100, 50 / 134.92 * 100, INF)


def test_check_share_against_over_40_is_undetermined() -> None:
    check = check_share(ICT, ADDED_VALUE, OVER_40)
    assert check.verdict is Verdict.UNDETERMINED
    assert check.stated == Interval.of(40, 40, 100)
    assert_interval(check.computed, 8 / 18.04 * 100, 7.2 / 18.045 * 100, 8 / 18.035 * 100)


def test_check_share_against_a_wrong_share_is_inconsistent() -> None:
    # a made-up stated 30% against the ~39.9% to ~44.4% the figures allow
    check = check_share(ICT, ADDED_VALUE, Interval.of(30, 29.5, 30.5))
    assert check.verdict is Verdict.INCONSISTENT


def test_check_share_consistent_when_whole_is_exact() -> None:
    # GDP fixed at the central value 18.04 / 0.1338 trillion: 18.04 trillion is then
    # 13.38% give or take 0.0037 points, inside the stated [13.375, 13.385]
    gdp = Interval.point(18.04 / 0.1338)
    check = check_share(ADDED_VALUE, gdp, GDP_SHARE)
    assert_interval(
        check.computed, 13.38, 18.035 * 0.1338 / 18.04 * 100, 18.045 * 0.1338 / 18.04 * 100
    )
    assert check.verdict is Verdict.CONSISTENT


def test_share_check_is_frozen() -> None:
    check = check_share(ICT, ADDED_VALUE, OVER_40)
    assert isinstance(check, ShareCheck)
    with pytest.raises(dataclasses.FrozenInstanceError):
        check.verdict = Verdict.CONSISTENT  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cny", "usd", "value", "lower", "upper"),
    [
        # 18 trillion yuan, about 2.6 trillion dollars
        (Interval.of(18, 17.5, 18.5), Interval.of(2.6, 2.5, 2.7), 18 / 2.6, 17.5 / 2.7, 18.5 / 2.5),
        # 854 billion yuan, about 118 billion dollars
        (
            Interval.of(854, 853.5, 854.5),
            Interval.of(118, 117, 119),
            854 / 118,
            853.5 / 119,
            854.5 / 117,
        ),
        # approximately 2.75 billion yuan, $0.39 billion
        (
            Interval.of(2.75, 2.74, 2.76),
            Interval.of(0.39, 0.38, 0.40),
            2.75 / 0.39,
            2.74 / 0.40,
            2.76 / 0.38,
        ),
    ],
)
def test_implied_rate(
    cny: Interval, usd: Interval, value: float, lower: float, upper: float
) -> None:
    assert_interval(implied_rate(cny, usd), value, lower, upper)


def test_implied_rates_roughly_match_the_articles() -> None:
    rates = [
        implied_rate(Interval.of(18, 17.5, 18.5), Interval.of(2.6, 2.5, 2.7)).value,
        implied_rate(Interval.of(854, 853.5, 854.5), Interval.of(118, 117, 119)).value,
        implied_rate(Interval.of(2.75, 2.74, 2.76), Interval.of(0.39, 0.38, 0.40)).value,
    ]
    assert rates == pytest.approx([6.92, 7.24, 7.05], abs=0.005)


def test_convert_yuan_to_dollars() -> None:
    # 9.9 billion yuan of copyright pledges at the 854 / 118 rate of the same article
    rate = Interval.of(854 / 118, 853.5 / 119, 854.5 / 117)
    result = convert(Interval.of(9.9, 9.85, 9.95), rate, to="USD")
    assert_interval(result, 9.9 * 118 / 854, 9.85 * 117 / 854.5, 9.95 * 119 / 853.5)


def test_convert_dollars_to_yuan() -> None:
    rate = Interval.of(2.75 / 0.39, 2.74 / 0.40, 2.76 / 0.38)
    result = convert(Interval.of(0.39, 0.38, 0.40), rate, to="CNY")
    assert_interval(result, 2.75, 0.38 * 2.74 / 0.40, 0.40 * 2.76 / 0.38)


def test_convert_an_open_amount() -> None:
    rate = Interval.of(7, 6.9, 7.1)
    result = convert(Interval.of(50, 50, INF), rate, to="USD")
    assert_interval(result, 50 / 7, 50 / 7.1, INF)


@pytest.mark.parametrize("code", ["EUR", "usd", ""])
def test_convert_to_an_unknown_currency_names_the_known_ones(code: str) -> None:
    with pytest.raises(UnknownCurrencyError, match="CNY, USD"):
        convert(ADDED_VALUE, Interval.point(7), to=code)


def test_unknown_currency_is_a_library_error() -> None:
    assert issubclass(UnknownCurrencyError, IpanalysisError)


def test_inputs_are_not_mutated() -> None:
    part, share = Interval.of(18.04, 18.035, 18.045), Interval.of(40, 40, INF)
    ict, rate = Interval.of(8, 7.2, 8), Interval.of(7, 6.9, 7.1)
    inputs = (part, share, ict, rate)
    before = [dataclasses.replace(figure) for figure in inputs]
    implied_denominator(part, share)
    share_of_whole(ict, part)
    check_share(ict, part, share)
    implied_rate(part, rate)
    convert(part, rate, to="USD")
    convert(part, rate, to="CNY")
    assert list(inputs) == before
