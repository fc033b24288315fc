"""Numbers as people read them in reports: scale words, units, and bounds in words.

Kept apart from the analysis so the same interval reads the same in a table, a chart label and a
summary sentence.
"""

from __future__ import annotations

import math

from ipanalysis.relations.interval import Interval

SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
UNIT_SUFFIX = {
    "CNY": " yuan",
    "USD": "",
    "percent": "%",
    "per_10k_people": " per 10,000 people",
    "years": " years",
    "count": "",
    "rank": "",
}


def _digits(x: float, sig: int, *, keep_zeros: bool = False) -> str:
    """``x`` to ``sig`` significant digits, without trailing zeros or a needless point unless
    ``keep_zeros`` (a bound such as 7.30 beside 7.17 keeps its zero)."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    decimals = max(0, sig - 1 - math.floor(math.log10(abs(x))))
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text and not keep_zeros else text


DEFAULT_SIG = 4


def precision(iv: Interval, *, ends: bool = False) -> int:
    """Significant digits for an interval: the one precision rule of every report.

    The value and its bounds are shown down to one digit finer than the leading digit of the
    range's width, so a narrow range keeps the digits that tell its ends apart and a wide one
    drops digits that mean nothing; a width of exactly one or two units of a digit (a figure
    rounded to that digit, 52.67 read as 52.665 to 52.675, or "about" one, 117 to 119) stops at
    that digit, as the article wrote it, while its ``ends`` keep one digit more.
    Exact values and open ranges get ``DEFAULT_SIG``. The yuan per dollar implied by 854
    billion yuan and "about 118 billion" dollars runs from 7.1723 to 7.3034 (width 0.13,
    leading digit in the tenths): three digits, 7.24.

    >>> precision(Interval.of(7.2373, 7.1723, 7.3034))
    3
    >>> estimate(Interval.of(7.2373, 7.1723, 7.3034), "count")
    '7.24 (7.17 to 7.30)'
    >>> estimate(Interval.of(13.38, 13.375, 13.385), "percent")  # nf-10: "13.38%"
    '13.38% (13.375 to 13.385%)'
    """
    if not iv.is_bounded or iv.width == 0:
        return DEFAULT_SIG
    top = max(abs(iv.lower), abs(iv.upper))
    # A width of 0.01 computed as 0.00999... still leads in the hundredths.
    leading = math.floor(math.log10(iv.width) + 1e-9)
    mantissa = iv.width / 10.0**leading
    one_unit = not ends and any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2))
    return min(8, max(2, math.floor(math.log10(top)) - leading + (1 if one_unit else 2)))


def central(iv: Interval, unit: str) -> str:
    """The central value alone, to the digits :func:`precision` gives its range.

    >>> central(Interval.of(7.2373, 7.1723, 7.3034), "count")
    '7.24'
    """
    return number(iv.value, unit, sig=precision(iv), keep_zeros=iv.is_bounded)


def scale_of(x: float) -> tuple[float, str]:
    """Divisor and word for showing ``x``: 1.804e13 -> (1e12, 'trillion')."""
    for factor, word in SCALES:
        if abs(x) >= factor:
            return factor, word
    return 1.0, ""


def number(x: float, unit: str, *, sig: int = DEFAULT_SIG,
           scale: tuple[float, str] | None = None, keep_zeros: bool = False) -> str:
    """One value with its unit: ``number(1.804e13, "CNY")`` -> '18.04 trillion yuan'.

    Ranks read as places ('10th'); counts below a million keep separators ('921,000').
    """
    if unit == "rank":
        n = round(x)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    factor, word = scale if scale is not None else scale_of(x)
    body = _digits(x / factor, sig, keep_zeros=keep_zeros) + (f" {word}" if word else "")
    prefix = "USD " if unit == "USD" else ""
    return f"{prefix}{body}{UNIT_SUFFIX.get(unit, '')}"


def bounds_text(iv: Interval, unit: str, *, sig: int | None = None) -> str:
    """The range an interval allows, in words: 'at least 40%', '130.7 to 138.3 trillion yuan';
    digits by :func:`precision` unless ``sig`` is given."""
    keep = sig is None
    sig = precision(iv, ends=True) if sig is None else sig
    low, high = iv.lower, iv.upper
    if math.isinf(low) and math.isinf(high):
        return "unbounded"
    if math.isinf(high):
        return f"at least {number(low, unit, sig=sig)}"
    if math.isinf(low):
        return f"at most {number(high, unit, sig=sig)}"
    if low == high:
        return f"exactly {number(low, unit, sig=sig)}"
    scale = scale_of(max(abs(low), abs(high)))
    prefix = "USD " if unit == "USD" else ""
    high_text = number(high, unit, sig=sig, scale=scale, keep_zeros=keep)
    return f"{prefix}{_digits(low / scale[0], sig, keep_zeros=keep)} to {high_text}"


def estimate(iv: Interval, unit: str, *, sig: int | None = None) -> str:
    """Central value then its range: '134.8 trillion yuan (134.7 to 134.9 trillion yuan)';
    digits by :func:`precision` unless ``sig`` is given."""
    if iv.lower == iv.upper:
        return number(iv.value, unit, sig=DEFAULT_SIG if sig is None else sig)
    if sig is None:
        value = number(iv.value, unit, sig=precision(iv), keep_zeros=True)
        return f"{value} ({bounds_text(iv, unit)})"
    return f"{number(iv.value, unit, sig=sig)} ({bounds_text(iv, unit, sig=sig)})"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun, singular or plural.

    >>> count(1, "level"), count(3, "level"), count(2, "whole", "wholes")
    ('1 level', '3 levels', '2 wholes')
    """
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
