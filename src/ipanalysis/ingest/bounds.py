"""Turn a quoted figure into the interval of true values its words allow.

"approximately 2.75 billion yuan" does not mean 2.75e9 exactly; comparing figures across
articles needs the range each literal admits. With v the value and p its precision (see
``ipanalysis.ingest.literal`` for how p is read from the written digits):

============  =========================  ================================================
qualifier     bounds                     example
============  =========================  ================================================
exact         [v - p/2, v + p/2]         "13.38%" -> [13.375, 13.385];
                                         "921,000" -> [920500, 921500]; "nine" -> [9, 9]
approx        [v - p, v + p]             "approximately 2.75 billion yuan" -> [2.74e9, 2.76e9]
over          [v, inf)                   "over 4,800" -> [4800, inf)
at_least      [v, inf)                   "at least 5" -> [5, inf)
nearly        [v * (1 - 0.10), v]        "approached 8 trillion yuan" -> [7.2e12, 8e12]
under         (-inf, v]                  "up to 5 percent" -> (-inf, 5]
============  =========================  ================================================

"exact" reads the figure as rounded to its last written digit; "approx" allows a full unit of
that digit either way. "nearly" ignores p: a figure "nearly" reached lies within
``NEARLY_MARGIN`` (10%) below it; for a negative v the interval runs from v towards zero.
Open ends are -inf / inf. A value with precision 0 (number words, ranks, fractions) is a
single point under "exact" and "approx" alike. Arithmetic is exact in Decimal; only the
returned pair is converted to float.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import MAX_PREC, Decimal, localcontext

from ipanalysis.errors import LiteralError

NEARLY_MARGIN = Decimal("0.10")

_INF = Decimal("Infinity")
_HALF = Decimal("0.5")


def _nearly(value: Decimal, _precision: Decimal) -> tuple[Decimal, Decimal]:
    """Up to NEARLY_MARGIN short of v, towards zero: "nearly 2 billion" is 1.8 to 2 billion."""
    shrunk = value * (1 - NEARLY_MARGIN)
    return min(shrunk, value), max(shrunk, value)


_RULES: dict[str, Callable[[Decimal, Decimal], tuple[Decimal, Decimal]]] = {
    "exact": lambda v, p: (v - p * _HALF, v + p * _HALF),
    "approx": lambda v, p: (v - p, v + p),
    "over": lambda v, p: (v, _INF),
    "at_least": lambda v, p: (v, _INF),
    "nearly": _nearly,
    "under": lambda v, p: (-_INF, v),
}


def bounds(value: Decimal, precision: Decimal, qualifier: str) -> tuple[float, float]:
    """The (lower, upper) interval a value, precision and qualifier admit, as floats.

    >>> bounds(Decimal("4.4"), Decimal("0.1"), "approx")
    (4.3, 4.5)
    >>> bounds(Decimal("4800"), Decimal("1"), "over")
    (4800.0, inf)
    """
    rule = _RULES.get(qualifier)
    if rule is None:
        raise LiteralError(f"unknown qualifier {qualifier!r}; expected one of {', '.join(_RULES)}")
    if not value.is_finite():
        raise LiteralError(f"value {value!r} is not a finite number")
    if not precision.is_finite() or precision < 0:
        raise LiteralError(f"precision {precision!r} must be a finite number >= 0")
    with localcontext(prec=MAX_PREC):
        lower, upper = rule(value, precision)
    return float(lower), float(upper)

