"""Figures as intervals: a stated value with the bounds its wording allows, and verdicts on them.

A news figure such as "13.38%" is not one number but a range ([13.375, 13.385]); "over 40%" is
[40, inf). Keeping those bounds through every calculation tells us how much a derived figure can
really say, and whether a stated figure agrees with one computed from other stated figures.

Bounds are closed and rounded to nearest, not outward: an endpoint may be off by one unit in the
last place, which is far below the precision of any figure quoted to three or four digits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from numbers import Real
from typing import Self

from ipanalysis.errors import IpanalysisError


class IntervalError(IpanalysisError, ValueError):
    """An interval that cannot exist: NaN, bounds out of order, or nothing left after clipping."""


class IntervalDivisionError(IpanalysisError, ZeroDivisionError):
    """Division by an interval that contains zero, whose quotient has no finite hull."""


def _format(x: float) -> str:
    """Six significant digits with a bare exponent: 1.8035e13 rather than 1.8035e+13."""
    text = f"{x:.6g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{int(exponent)}"


def _times(x: float, y: float) -> float:
    """Product of two endpoints where an exact zero wins over infinity (0 * inf is 0, not NaN)."""
    return 0.0 if x == 0 or y == 0 else x * y


@dataclass(frozen=True)
class Interval:
    """A figure as a central value with closed bounds, ``lower <= value <= upper``.

    ``value`` is the figure as stated, or computed from stated figures, and must be finite;
    either bound may be infinite. Arithmetic with another interval or a plain number gives the
    hull of every possible result, and the central value is computed from the central values.

    18.04 trillion yuan of added value, stated to two decimals, over 13.38% of GDP:

    >>> added_value = Interval.of(18.04, 18.035, 18.045)
    >>> share = Interval.of(13.38, 13.375, 13.385)
    >>> print(added_value / (share / 100))
    134.828 [134.74, 134.916]

    ``str`` shows six significant digits, value first and then ``[lower, upper]``; an exact
    figure (a point) shows its value alone:

    >>> print(Interval.of(1.804e13, 1.8035e13, 1.8045e13))
    1.804e13 [1.8035e13, 1.8045e13]
    >>> print(Interval.point(2024))
    2024
    """

    value: float
    lower: float
    upper: float

    def __post_init__(self) -> None:
        for name in ("value", "lower", "upper"):
            number = getattr(self, name)
            if type(number) is not float:  # the common case skips the slower ABC check
                if not isinstance(number, Real):
                    raise IntervalError(f"{name} must be a real number, got {number!r}")
                object.__setattr__(self, name, float(number))
            if math.isnan(number):
                raise IntervalError(f"{name} must not be NaN")
        if math.isinf(self.value):
            raise IntervalError(f"value must be finite, got {self.value}")
        if not self.lower <= self.value <= self.upper:
            raise IntervalError(
                f"bounds must satisfy lower <= value <= upper, "
                f"got {self.lower} <= {self.value} <= {self.upper}"
            )

    @classmethod
    def point(cls, value: float) -> Self:
        """An exact figure, such as a count of years or a target set in law.

        >>> Interval.point(12)
        Interval(value=12.0, lower=12.0, upper=12.0)
        """
        return cls(value, value, value)

    @classmethod
    def of(cls, value: float, lower: float, upper: float) -> Self:
        """A figure with explicit bounds, read as "value in [lower, upper]".

        >>> print(Interval.of(4.4e6, 4.3e6, 4.5e6))
        4.4e6 [4.3e6, 4.5e6]
        """
        return cls(value, lower, upper)

    @property
    def bounds(self) -> tuple[float, float]:
        """``(lower, upper)``, for code that needs the endpoints together.

        >>> Interval.of(75, 75, math.inf).bounds
        (75.0, inf)
        """
        return (self.lower, self.upper)

    @property
    def is_bounded(self) -> bool:
        """True when neither bound is infinite, so the figure has a finite width.

        >>> Interval.of(40, 40, math.inf).is_bounded
        False
        """
        return math.isfinite(self.lower) and math.isfinite(self.upper)

    @property
    def width(self) -> float:
        """``upper - lower``: how much the wording leaves open (inf for an open bound).

        >>> Interval.of(4.4e6, 4.3e6, 4.5e6).width
        200000.0
        """
        return self.upper - self.lower

    def contains(self, x: float) -> bool:
        """Whether the number ``x`` is a possible true value of this figure.

        >>> Interval.of(4.4e6, 4.3e6, 4.5e6).contains(4.45e6)
        True
        """
        return self.lower <= x <= self.upper

    def overlaps(self, other: Interval) -> bool:
        """Whether some true value is possible for both figures (touching bounds count).

        >>> Interval.of(44.3, 39.9, 44.4).overlaps(Interval.of(40, 40, 100))
        True
        """
        return self.lower <= other.upper and other.lower <= self.upper

    def within(self, other: Interval) -> bool:
        """Whether every possible true value of this figure is also possible for ``other``.

        >>> Interval.of(41, 40.5, 41.5).within(Interval.of(40, 40, 100))
        True
        """
        return other.lower <= self.lower and self.upper <= other.upper

    def clip(self, lo: float, hi: float) -> Interval:
        """Cut the bounds (and the value) to what is possible, e.g. a share to [0, 100].

        "Over three-quarters" is [75, inf) as worded, but no share exceeds 100%:

        >>> print(Interval.of(75, 75, math.inf).clip(0, 100))
        75 [75, 100]
        """
        if lo > hi:
            raise IntervalError(f"clip range is empty: [{lo}, {hi}]")
        if self.upper < lo or self.lower > hi:
            raise IntervalError(f"{self} lies entirely outside [{_format(lo)}, {_format(hi)}]")
        return Interval(min(max(self.value, lo), hi), max(self.lower, lo), min(self.upper, hi))

    def __str__(self) -> str:
        if self.lower == self.value == self.upper:
            return _format(self.value)
        return f"{_format(self.value)} [{_format(self.lower)}, {_format(self.upper)}]"

    def __add__(self, other: Interval | float) -> Interval:
        if not isinstance(other, Interval | Real):
            return NotImplemented
        other = _as_interval(other)
        return Interval(
            self.value + other.value, self.lower + other.lower, self.upper + other.upper
        )

    def __sub__(self, other: Interval | float) -> Interval:
        if not isinstance(other, Interval | Real):
            return NotImplemented
        other = _as_interval(other)
        return Interval(
            self.value - other.value, self.lower - other.upper, self.upper - other.lower
        )

    def __mul__(self, other: Interval | float) -> Interval:
        if not isinstance(other, Interval | Real):
            return NotImplemented
        other = _as_interval(other)
        products = [_times(x, y) for x in self.bounds for y in other.bounds]
        return Interval(self.value * other.value, min(products), max(products))

    def __truediv__(self, other: Interval | float) -> Interval:
        """Quotient hull; the divisor must not contain zero.

        An infinite bound over an infinite bound has no value and is left out: the finite
        bound of the divisor already gives the extreme quotient in that case.
        """
        if not isinstance(other, Interval | Real):
            return NotImplemented
        other = _as_interval(other)
        if other.contains(0):
            raise IntervalDivisionError(f"cannot divide by {other}, which contains zero")
        quotients = [
            x / y
            for x in self.bounds
            for y in other.bounds
            if not (math.isinf(x) and math.isinf(y))
        ]
        return Interval(self.value / other.value, min(quotients), max(quotients))

    def __radd__(self, other: float) -> Interval:
        if not isinstance(other, Real):
            return NotImplemented
        return Interval.point(other) + self

    def __rsub__(self, other: float) -> Interval:
        if not isinstance(other, Real):
            return NotImplemented
        return Interval.point(other) - self

    def __rmul__(self, other: float) -> Interval:
        if not isinstance(other, Real):
            return NotImplemented
        return Interval.point(other) * self

    def __rtruediv__(self, other: float) -> Interval:
        if not isinstance(other, Real):
            return NotImplemented
        return Interval.point(other) / self

    def __pow__(self, exponent: float) -> Interval:
        """Power of a non-negative figure by an exact real exponent, as growth over years needs.

        A ninefold rise spread over seven years is a yearly factor of 9 ** (1 / 7):

        >>> print(Interval.of(9, 8.995, 9.005) ** (1 / 7))
        1.36874 [1.36863, 1.36885]
        """
        if not isinstance(exponent, Real):
            return NotImplemented
        if not math.isfinite(exponent):
            raise IntervalError(f"exponent must be finite, got {exponent}")
        if self.lower < 0:
            raise IntervalError(f"cannot raise {self} to a real power: it may be negative")
        if exponent < 0 and self.lower == 0:
            raise IntervalError(f"cannot raise {self} to a negative power: it may be zero")
        lower, upper = sorted((_power(self.lower, exponent), _power(self.upper, exponent)))
        # libm's pow may be an ulp off and so not quite monotonic: keep the value inside
        value = min(max(_power(self.value, exponent), lower), upper)
        return Interval(value, lower, upper)


def _power(base: float, exponent: float) -> float:
    """``base ** exponent`` for a non-negative base, reaching inf where the result overflows."""
    try:
        return base**exponent
    except OverflowError:
        return math.inf


def _as_interval(x: Interval | float) -> Interval:
    """Treat a plain number as an exact figure so it can meet an interval in arithmetic."""
    return x if isinstance(x, Interval) else Interval.point(x)


class Verdict(StrEnum):
    """How a figure computed from stated figures relates to a figure stated directly."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNDETERMINED = "undetermined"


def compare(computed: Interval, stated: Interval) -> Verdict:
    """Judge a stated figure against one computed from other stated figures.

    - ``CONSISTENT``: every value the computation allows is also allowed by the stated figure
      (``computed.within(stated)``), so the two cannot disagree.
    - ``INCONSISTENT``: no value is allowed by both (the intervals are disjoint), so at least
      one of the figures involved is wrong or measures something else.
    - ``UNDETERMINED``: they overlap only partly (touching bounds included); the wording
      leaves room for either.

    ICT added value "approaching 8 trillion" ([7.2, 8]) out of 18.04 trillion yuan is between
    39.9% and 44.4%; a stated "over 40%" can neither be confirmed nor refuted:

    >>> computed = Interval.of(8, 7.2, 8) / Interval.of(18.04, 18.035, 18.045) * 100
    >>> compare(computed, Interval.of(40, 40, 100))
    <Verdict.UNDETERMINED: 'undetermined'>
    >>> compare(computed, Interval.of(30, 29.5, 30.5))
    <Verdict.INCONSISTENT: 'inconsistent'>
    """
    if computed.within(stated):
        return Verdict.CONSISTENT
    if not computed.overlaps(stated):
        return Verdict.INCONSISTENT
    return Verdict.UNDETERMINED
