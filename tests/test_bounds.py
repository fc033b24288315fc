"""Tests for ipanalysis.ingest.bounds: the interval each qualifier rule gives, by hand."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipanalysis.errors import LiteralError
from ipanalysis.ingest.bounds import NEARLY_MARGIN, bounds
from ipanalysis.ingest.literal import QUALIFIERS, parse_literal

INF = math.inf


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # exact: value +- half a unit of the last digit
        ("13.38%", (13.375, 13.385)),
        ("921,000", (920_500.0, 921_500.0)),
        ("nine", (9.0, 9.0)),
        ("18.04 trillion yuan", (18.035e12, 18.045e12)),
        ("$0.39 billion", (0.385e9, 0.395e9)),
        ("854 billion yuan", (853.5e9, 854.5e9)),
        ("third place", (3.0, 3.0)),
        ("8.18 patents per 10,000 people", (8.175, 8.185)),
        # approx: value +- one unit of the last digit
        ("approximately 2.75 billion yuan", (2.74e9, 2.76e9)),
        ("about 4.4 million", (4.3e6, 4.5e6)),
        ("about 2.6 trillion U.S. dollars", (2.5e12, 2.7e12)),
        # over and at_least: value up to infinity
        ("over 4,800", (4800.0, INF)),
        ("over 40%", (40.0, INF)),
        ("exceeding 50 trillion yuan", (50e12, INF)),
        ("over three-quarters", (75.0, INF)),
        ("at least 5", (5.0, INF)),
        # nearly: up to 10% below the value
        ("nearly 2 billion yuan", (1.8e9, 2e9)),
        ("approached 8 trillion yuan", (7.2e12, 8e12)),
        # under: minus infinity up to the value
        ("up to 5 percent", (-INF, 5.0)),
        ("fewer than 4,800", (-INF, 4800.0)),
    ],
)
def test_literal_bounds_of_real_figures(text: str, expected: tuple[float, float]) -> None:
    parsed = parse_literal(text)
    assert bounds(parsed.base_value, parsed.base_precision, parsed.qualifier) == expected


@pytest.mark.parametrize(
    ("value", "precision", "qualifier", "expected"),
    [
        ("13.38", "0.01", "exact", (13.375, 13.385)),
        ("2.75", "0.01", "approx", (2.74, 2.76)),
        ("4800", "1", "over", (4800.0, INF)),
        ("4800", "1", "at_least", (4800.0, INF)),
        ("2", "1", "nearly", (1.8, 2.0)),
        ("5", "1", "under", (-INF, 5.0)),
        ("-10", "1", "nearly", (-10.0, -9.0)),
        ("0", "0", "nearly", (0.0, 0.0)),
        ("-3.2", "0.1", "exact", (-3.25, -3.15)),
    ],
)
def test_bounds_rules(
    value: str, precision: str, qualifier: str, expected: tuple[float, float]
) -> None:
    assert bounds(Decimal(value), Decimal(precision), qualifier) == expected


def test_bounds_are_floats() -> None:
    lower, upper = bounds(Decimal("13.38"), Decimal("0.01"), "exact")
    assert type(lower) is float
    assert type(upper) is float


def test_bounds_are_computed_in_decimal() -> None:
    # In floats, 0.1 + 0.2 != 0.3; in Decimal the upper bound is exactly 0.3.
    assert bounds(Decimal("0.2"), Decimal("0.1"), "approx")[1] == 0.3


def test_nearly_margin_is_ten_percent() -> None:
    assert Decimal("0.10") == NEARLY_MARGIN


@pytest.mark.parametrize(
    ("value", "precision", "qualifier", "message"),
    [
        ("5", "1", "roughly", "unknown qualifier"),
        ("5", "1", "", "unknown qualifier"),
        ("5", "-1", "exact", "precision"),
        ("5", "NaN", "exact", "precision"),
        ("Infinity", "1", "exact", "not a finite number"),
        ("NaN", "1", "over", "not a finite number"),
    ],
)
def test_bounds_refuses_bad_input(value: str, precision: str, qualifier: str, message: str) -> None:
    with pytest.raises(LiteralError, match=message):
        bounds(Decimal(value), Decimal(precision), qualifier)


values = st.decimals(min_value=-(10**15), max_value=10**15, places=4, allow_nan=False)
precisions = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False)


@given(value=values, precision=precisions, qualifier=st.sampled_from(QUALIFIERS))
@settings(deadline=None)
def test_interval_holds_the_value(value: Decimal, precision: Decimal, qualifier: str) -> None:
    lower, upper = bounds(value, precision, qualifier)
    assert lower <= float(value) <= upper


@given(value=values, precision=precisions)
@settings(deadline=None)
def test_approx_is_twice_as_wide_as_exact(value: Decimal, precision: Decimal) -> None:
    exact_low, exact_high = bounds(value, precision, "exact")
    approx_low, approx_high = bounds(value, precision, "approx")
    assert approx_low <= exact_low <= exact_high <= approx_high
    float_noise = 1e-14 * max(1.0, abs(float(value)))  # a few ulps of the bounds themselves
    assert math.isclose(approx_high - approx_low, 2 * (exact_high - exact_low), abs_tol=float_noise)


@given(value=values, precision=precisions)
@settings(deadline=None)
def test_open_ended_qualifiers(value: Decimal, precision: Decimal) -> None:
    assert bounds(value, precision, "over") == (float(value), INF)
    assert bounds(value, precision, "at_least") == (float(value), INF)
    assert bounds(value, precision, "under") == (-INF, float(value))


@given(value=values, precision=precisions)
@settings(deadline=None)
def test_nearly_stays_within_ten_percent_towards_zero(value: Decimal, precision: Decimal) -> None:
    lower, upper = bounds(value, precision, "nearly")
    assert float(value) in (lower, upper)
    assert abs(upper - lower) <= abs(float(value)) * 0.1 * (1 + 1e-12)
    assert abs(lower) <= abs(float(value)) or abs(upper) <= abs(float(value))
