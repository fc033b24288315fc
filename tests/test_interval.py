"""Interval arithmetic, helpers and verdicts, checked against bounds worked out by hand.

Bounds of stated figures follow the project's rounding rules: a plain figure is good to half a
unit of its last written digit ("18.04" -> +-0.005), "about" to one unit ("about 4.4 million"
-> +-0.1 million), "over" leaves the upper bound open and "nearly" spans the 10% below.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import operator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipanalysis.errors import IpanalysisError
from ipanalysis.relations.interval import (
    Interval,
    IntervalDivisionError,
    IntervalError,
    Verdict,
    compare,
)

INF = math.inf
LIMIT = 1e6


def assert_interval(result: Interval, value: float, lower: float, upper: float) -> None:
    assert result.value == pytest.approx(value, rel=1e-12)
    assert result.lower == pytest.approx(lower, rel=1e-12)
    assert result.upper == pytest.approx(upper, rel=1e-12)


# --- construction -------------------------------------------------------------------------


def test_point_is_exact() -> None:
    assert Interval.point(12) == Interval(12.0, 12.0, 12.0)


def test_of_keeps_value_and_bounds_as_floats() -> None:
    jobs = Interval.of(52_670_000, 52_665_000, 52_675_000)
    assert (jobs.value, jobs.lower, jobs.upper) == (52.67e6, 52.665e6, 52.675e6)
    assert all(isinstance(x, float) for x in (jobs.value, jobs.lower, jobs.upper))


def test_open_bounds_are_allowed() -> None:
    over_forty = Interval.of(40, 40, INF)
    assert over_forty.upper == INF
    assert Interval.of(0, -INF, INF).bounds == (-INF, INF)


@pytest.mark.parametrize(
    ("value", "lower", "upper"),
    [
        (13.38, 13.385, 13.375),  # bounds swapped
        (13.39, 13.375, 13.385),  # value above the upper bound
        (13.37, 13.375, 13.385),  # value below the lower bound
        (math.nan, 13.375, 13.385),
        (13.38, math.nan, 13.385),
        (13.38, 13.375, math.nan),
        (INF, 40, INF),  # the stated value itself must be finite
        (40, INF, INF),
    ],
)
def test_invalid_intervals_are_refused(value: float, lower: float, upper: float) -> None:
    with pytest.raises(IntervalError):
        Interval.of(value, lower, upper)


def test_non_numbers_are_refused() -> None:
    with pytest.raises(IntervalError, match="real number"):
        Interval.of("18.04", 18.035, 18.045)  # type: ignore[arg-type]


def test_interval_errors_are_library_errors() -> None:
    assert issubclass(IntervalError, IpanalysisError)
    assert issubclass(IntervalError, ValueError)
    assert issubclass(IntervalDivisionError, IpanalysisError)
    assert issubclass(IntervalDivisionError, ZeroDivisionError)


def test_interval_is_frozen() -> None:
    share = Interval.of(13.38, 13.375, 13.385)
    with pytest.raises(dataclasses.FrozenInstanceError):
        share.value = 14  # type: ignore[misc]


# --- helpers ------------------------------------------------------------------------------


def test_is_bounded_and_width() -> None:
    trademarks = Interval.of(4.4e6, 4.3e6, 4.5e6)  # "about 4.4 million"
    assert trademarks.is_bounded
    assert trademarks.width == pytest.approx(4.5e6 - 4.3e6)
    consultations = Interval.of(4800, 4800, INF)  # "over 4,800"
    assert not consultations.is_bounded
    assert consultations.width == INF


def test_contains_includes_both_bounds() -> None:
    share = Interval.of(13.38, 13.375, 13.385)
    assert share.contains(13.375)
    assert share.contains(13.385)
    assert share.contains(13.38)
    assert not share.contains(13.39)
    assert not share.contains(math.nan)


def test_overlaps_is_symmetric_and_counts_touching_bounds() -> None:
    a = Interval.of(40, 39.9, 44.4)
    assert a.overlaps(Interval.of(44.4, 44.4, 50))
    assert Interval.of(44.4, 44.4, 50).overlaps(a)
    assert not a.overlaps(Interval.of(30, 29.5, 30.5))
    assert not Interval.of(30, 29.5, 30.5).overlaps(a)


def test_within() -> None:
    stated = Interval.of(40, 40, 100)
    assert Interval.of(41, 40.5, 41.5).within(stated)
    assert stated.within(stated)
    assert not Interval.of(44, 39.9, 44.4).within(stated)
    assert not stated.within(Interval.of(41, 40.5, 41.5))


def test_clip_caps_an_open_share_at_100() -> None:
    # "over three-quarters": [75, inf) as worded, [75, 100] for a share
    assert Interval.of(75, 75, INF).clip(0, 100) == Interval.of(75, 75, 100)


def test_clip_moves_the_value_with_the_bounds() -> None:
    assert Interval.of(120, 90, 130).clip(0, 100) == Interval.of(100, 90, 100)
    assert Interval.of(-5, -10, 20).clip(0, 100) == Interval.of(0, 0, 20)


def test_clip_leaving_nothing_is_an_error() -> None:
    with pytest.raises(IntervalError, match="outside"):
        Interval.of(120, 110, 130).clip(0, 100)
    with pytest.raises(IntervalError, match="empty"):
        Interval.of(50, 40, 60).clip(100, 0)


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        (Interval.of(1.804e13, 1.8035e13, 1.8045e13), "1.804e13 [1.8035e13, 1.8045e13]"),
        (Interval.of(13.38, 13.375, 13.385), "13.38 [13.375, 13.385]"),
        (Interval.of(4800, 4800, INF), "4800 [4800, inf]"),
        (Interval.of(0, -INF, 5), "0 [-inf, 5]"),
        (Interval.point(2024), "2024"),
        (Interval.of(0.39e9, 0.38e9, 0.4e9), "3.9e8 [3.8e8, 4e8]"),
    ],
)
def test_str(figure: Interval, text: str) -> None:
    assert str(figure) == text


# --- arithmetic on the articles' figures ----------------------------------------------------


def test_add() -> None:
    # 50.77 million jobs the year before plus 1.9 million more
    result = Interval.of(50.77, 50.715, 50.825) + Interval.of(1.9, 1.85, 1.95)
    assert_interval(result, 50.77 + 1.9, 50.715 + 1.85, 50.825 + 1.95)


def test_sub_pairs_opposite_bounds() -> None:
    result = Interval.of(52.67, 52.665, 52.675) - Interval.of(1.9, 1.85, 1.95)
    assert_interval(result, 52.67 - 1.9, 52.665 - 1.95, 52.675 - 1.85)


def test_mul() -> None:
    # three-quarters of 2.29 million
    result = Interval.of(2.29e6, 2.285e6, 2.295e6) * Interval.of(0.75, 0.75, 1)
    assert_interval(result, 2.29e6 * 0.75, 2.285e6 * 0.75, 2.295e6 * 1)


def test_mul_with_mixed_signs_takes_extreme_products() -> None:
    result = Interval.of(1, -2, 3) * Interval.of(-1, -5, 4)
    assert_interval(result, -1, 3 * -5, 3 * 4)


def test_div() -> None:
    # 18.04 trillion yuan over 13.38% of GDP
    result = Interval.of(18.04, 18.035, 18.045) / Interval.of(0.1338, 0.13375, 0.13385)
    assert_interval(result, 18.04 / 0.1338, 18.035 / 0.13385, 18.045 / 0.13375)


def test_div_by_a_negative_interval() -> None:
    result = Interval.of(2, 1, 3) / Interval.of(-2, -4, -1)
    assert_interval(result, 2 / -2, 3 / -1, 1 / -4)


@pytest.mark.parametrize(
    "divisor",
    [Interval.of(1, -1, 2), Interval.of(0, 0, 2), Interval.of(2, 0, INF), Interval.point(0)],
)
def test_div_by_an_interval_containing_zero_raises(divisor: Interval) -> None:
    with pytest.raises(IntervalDivisionError, match="contains zero"):
        Interval.of(18.04, 18.035, 18.045) / divisor


def test_div_by_plain_zero_raises_the_library_error() -> None:
    with pytest.raises(IntervalDivisionError):
        Interval.of(18.04, 18.035, 18.045) / 0


def test_plain_numbers_on_either_side() -> None:
    share = Interval.of(13.38, 13.375, 13.385)
    assert_interval(share + 1, 14.38, 14.375, 14.385)
    assert_interval(1 + share, 14.38, 14.375, 14.385)
    assert_interval(share - 1, 12.38, 12.375, 12.385)
    assert_interval(100 - share, 100 - 13.38, 100 - 13.385, 100 - 13.375)
    assert_interval(share * 2, 26.76, 26.75, 26.77)
    assert_interval(100 * share, 1338, 1337.5, 1338.5)
    assert_interval(share / 100, 0.1338, 0.13375, 0.13385)
    assert_interval(1 / share, 1 / 13.38, 1 / 13.385, 1 / 13.375)


def test_operands_of_other_types_are_refused() -> None:
    share = Interval.of(13.38, 13.375, 13.385)
    with pytest.raises(TypeError):
        share + "1"  # type: ignore[operator]
    with pytest.raises(TypeError):
        "1" * share  # type: ignore[operator]
    with pytest.raises(TypeError):
        share ** Interval.point(2)  # type: ignore[operator]


def test_arithmetic_leaves_operands_unchanged() -> None:
    a = Interval.of(18.04, 18.035, 18.045)
    b = Interval.of(13.38, 13.375, 13.385)
    for op in (operator.add, operator.sub, operator.mul, operator.truediv, operator.pow):
        op(a, b if op is not operator.pow else 0.5)
    assert a == Interval.of(18.04, 18.035, 18.045)
    assert b == Interval.of(13.38, 13.375, 13.385)


# --- open bounds ------------------------------------------------------------------------------


def test_open_bound_flows_through_add_and_sub() -> None:
    over = Interval.of(4800, 4800, INF)
    assert (over + Interval.of(1, 0, 2)).bounds == (4800, INF)
    assert (over - Interval.of(1, 0, 2)).bounds == (4798, INF)
    assert (Interval.of(1, 0, 2) - over).bounds == (-INF, 2 - 4800)
    assert (over - over).bounds == (-INF, INF)


def test_zero_times_infinity_is_zero_not_nan() -> None:
    result = Interval.of(0.5, 0, 1) * Interval.of(40, 40, INF)
    assert result.bounds == (0, INF)
    assert result.value == 20
    assert (Interval.point(0) * Interval.of(40, 40, INF)).bounds == (0, 0)
    assert (Interval.of(-1, -1, 0) * Interval.of(-5, -INF, -1)).bounds == (0, INF)


def test_open_bound_flows_through_division() -> None:
    # "exceeding 50 trillion" at "over 40%" (clipped to 100%) of GDP: GDP at least 50 trillion
    result = Interval.of(50, 50, INF) / Interval.of(0.4, 0.4, 1)
    assert_interval(result, 50 / 0.4, 50 / 1, INF)
    # a finite figure over an open one shrinks towards zero but stays positive
    assert (Interval.of(2, 1, 3) / Interval.of(40, 40, INF)).bounds == (0, 3 / 40)
    # open over open: the finite bound of the divisor decides, no NaN
    assert (Interval.of(50, 50, INF) / Interval.of(40, 40, INF)).bounds == (0, INF)
    assert (Interval.of(0, -INF, INF) / Interval.of(-40, -INF, -40)).bounds == (-INF, INF)


# --- powers -----------------------------------------------------------------------------------


def test_pow_with_positive_exponent() -> None:
    # "800%" rise -> [8.995, 9.005] times; yearly factor over seven years
    result = Interval.of(9, 8.995, 9.005) ** (1 / 7)
    assert_interval(result, 9 ** (1 / 7), 8.995 ** (1 / 7), 9.005 ** (1 / 7))


def test_pow_with_negative_exponent_swaps_bounds() -> None:
    assert_interval(Interval.of(4, 2, 8) ** -1, 1 / 4, 1 / 8, 1 / 2)


def test_pow_with_open_bound() -> None:
    assert (Interval.of(4, 4, INF) ** 0.5).bounds == (2, INF)
    assert (Interval.of(4, 4, INF) ** -0.5).bounds == (0, 0.5)


def test_pow_overflowing_a_bound_opens_it() -> None:
    assert (Interval.of(1, 1e-300, 1) ** -2).bounds == (1, INF)


@pytest.mark.parametrize(
    ("base", "exponent"),
    [
        (Interval.of(1, -1, 2), 0.5),
        (Interval.of(1, 0, 2), -1),
        (Interval.of(1, 0.5, 2), INF),
        (Interval.of(1, 0.5, 2), math.nan),
    ],
)
def test_pow_refuses_what_has_no_real_hull(base: Interval, exponent: float) -> None:
    with pytest.raises(IntervalError):
        base**exponent


# --- verdicts ---------------------------------------------------------------------------------


def test_verdict_values_are_plain_strings() -> None:
    assert [str(v) for v in Verdict] == ["consistent", "inconsistent", "undetermined"]
    assert Verdict.CONSISTENT == "consistent"


def test_compare_consistent_when_computed_lies_within_stated() -> None:
    assert compare(Interval.of(41, 40.5, 41.5), Interval.of(40, 40, 100)) is Verdict.CONSISTENT


def test_compare_undetermined_for_partial_overlap() -> None:
    # ICT "approaching 8 trillion" of 18.04 trillion vs "over 40%", clipped to [40, 100]
    computed = Interval.of(8, 7.2, 8) / Interval.of(18.04, 18.035, 18.045) * 100
    assert computed.lower == pytest.approx(7.2 / 18.045 * 100)  # 39.90..., below 40
    assert compare(computed, Interval.of(40, 40, 100)) is Verdict.UNDETERMINED


def test_compare_inconsistent_when_disjoint() -> None:
    # the same computed share (~39.9% to ~44.4%) against a made-up stated 30%
    computed = Interval.of(8 / 18.04 * 100, 7.2 / 18.045 * 100, 8 / 18.035 * 100)
    assert compare(computed, Interval.of(30, 29.5, 30.5)) is Verdict.INCONSISTENT


def test_compare_touching_bounds_is_undetermined() -> None:
    assert compare(Interval.of(40, 39, 40), Interval.of(40, 40, 41)) is Verdict.UNDETERMINED


def test_compare_wider_computed_than_stated_is_undetermined() -> None:
    assert compare(Interval.of(13.38, 13, 14), Interval.of(13.38, 13.375, 13.385)) == (
        Verdict.UNDETERMINED
    )


# --- properties -------------------------------------------------------------------------------

finite = st.floats(min_value=-LIMIT, max_value=LIMIT, allow_nan=False, allow_infinity=False)


@st.composite
def bounded_intervals(draw: st.DrawFn, elements: st.SearchStrategy[float] = finite) -> Interval:
    lower, value, upper = sorted(draw(st.lists(elements, min_size=3, max_size=3)))
    return Interval.of(value, lower, upper)


positive = st.floats(min_value=1e-3, max_value=LIMIT, allow_nan=False, allow_infinity=False)
divisors = st.one_of(
    bounded_intervals(positive),
    bounded_intervals(positive).map(lambda d: Interval.of(-d.value, -d.upper, -d.lower)),
)


@st.composite
def with_point(draw: st.DrawFn, intervals: st.SearchStrategy[Interval]) -> tuple[Interval, float]:
    """An interval and a finite number inside it."""
    iv = draw(intervals)
    low, high = max(iv.lower, -LIMIT), min(iv.upper, LIMIT)
    return iv, draw(st.floats(min_value=low, max_value=high, allow_nan=False))


def _check_hull(op, a: Interval, b: Interval, x: float, y: float) -> None:
    result = op(a, b)
    assert result.lower <= result.value <= result.upper
    assert result.value == op(a.value, b.value)
    for p, q in [*itertools.product(a.bounds, b.bounds), (x, y), (x, b.value), (a.value, y)]:
        assert result.contains(op(p, q)), (p, q)


@given(with_point(bounded_intervals()), with_point(bounded_intervals()))
def test_add_sub_mul_hulls_contain_every_combination(
    a_and_x: tuple[Interval, float], b_and_y: tuple[Interval, float]
) -> None:
    (a, x), (b, y) = a_and_x, b_and_y
    for op in (operator.add, operator.sub, operator.mul):
        _check_hull(op, a, b, x, y)


@given(with_point(bounded_intervals()), with_point(divisors))
def test_div_hull_contains_every_combination(
    a_and_x: tuple[Interval, float], b_and_y: tuple[Interval, float]
) -> None:
    (a, x), (b, y) = a_and_x, b_and_y
    _check_hull(operator.truediv, a, b, x, y)


@given(with_point(bounded_intervals()), with_point(bounded_intervals()))
def test_hull_is_tight(a_and_x: tuple[Interval, float], b_and_y: tuple[Interval, float]) -> None:
    """Each bound of a sum, difference or product is reached by some pair of endpoints."""
    (a, _), (b, _) = a_and_x, b_and_y
    for op in (operator.add, operator.sub, operator.mul):
        result = op(a, b)
        reached = [op(p, q) for p, q in itertools.product(a.bounds, b.bounds)]
        assert result.lower in reached
        assert result.upper in reached


maybe_open = st.one_of(finite, st.just(-INF), st.just(INF))


@st.composite
def open_intervals(draw: st.DrawFn) -> Interval:
    value = draw(finite)
    lower = draw(st.one_of(st.just(-INF), st.floats(min_value=-LIMIT, max_value=value)))
    upper = draw(st.one_of(st.just(INF), st.floats(min_value=value, max_value=LIMIT)))
    return Interval.of(value, lower, upper)


@given(with_point(open_intervals()), with_point(open_intervals()))
def test_open_intervals_never_give_nan_and_still_contain_points(
    a_and_x: tuple[Interval, float], b_and_y: tuple[Interval, float]
) -> None:
    (a, x), (b, y) = a_and_x, b_and_y
    for op in (operator.add, operator.sub, operator.mul):
        result = op(a, b)  # the constructor refuses NaN bounds
        assert result.contains(op(x, y))
    # a divisor within a hair of zero would overflow the central value itself
    if min(abs(b.lower), abs(b.upper)) >= 1e-6 and not b.contains(0):
        assert (a / b).contains(x / y)


non_negative = st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=LIMIT))


@given(
    with_point(bounded_intervals(non_negative)),
    st.floats(min_value=-4, max_value=4, allow_nan=False),
)
def test_pow_hull_contains_powers_of_inner_points(
    a_and_x: tuple[Interval, float], exponent: float
) -> None:
    a, x = a_and_x
    if exponent < 0 and a.lower == 0:
        return
    result = a**exponent
    # pow from the C library may be off by an ulp, so allow a hair of slack
    slack = 1e-12 * max(abs(result.lower), abs(result.upper))
    assert result.lower - slack <= x**exponent <= result.upper + slack


@given(with_point(bounded_intervals()), bounded_intervals())
def test_compare_matches_its_definition(
    computed_and_x: tuple[Interval, float], stated: Interval
) -> None:
    computed, x = computed_and_x
    verdict = compare(computed, stated)
    if verdict is Verdict.CONSISTENT:
        assert stated.contains(x)
    elif verdict is Verdict.INCONSISTENT:
        assert not stated.contains(x)
    else:
        assert computed.overlaps(stated)
        assert not computed.within(stated)


@given(bounded_intervals(), st.floats(-LIMIT, LIMIT), st.floats(-LIMIT, LIMIT))
def test_clip_stays_inside_both(figure: Interval, lo: float, hi: float) -> None:
    lo, hi = sorted((lo, hi))
    if figure.upper < lo or figure.lower > hi:
        with pytest.raises(IntervalError):
            figure.clip(lo, hi)
        return
    clipped = figure.clip(lo, hi)
    assert clipped.within(figure)
    assert clipped.within(Interval.of(lo, lo, hi))


def test_the_declared_verdict_words_are_the_evaluators() -> None:
    from ipanalysis.ingest.kinds import VERDICTS
    from ipanalysis.relations.interval import Verdict

    assert tuple(v.value for v in Verdict) == VERDICTS
