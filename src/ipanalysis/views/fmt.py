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


def _digits(x: float, sig: int) -> str:
    """``x`` to ``sig`` significant digits, without trailing zeros or a needless point."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    decimals = max(0, sig - 1 - math.floor(math.log10(abs(x))))
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def scale_of(x: float) -> tuple[float, str]:
    """Divisor and word for showing ``x``: 1.804e13 -> (1e12, 'trillion')."""
    for factor, word in SCALES:
        if abs(x) >= factor:
            return factor, word
    return 1.0, ""


def number(x: float, unit: str, *, sig: int = 4, scale: tuple[float, str] | None = None) -> str:
    """One value with its unit: ``number(1.804e13, "CNY")`` -> '18.04 trillion yuan'.

    Ranks read as places ('10th'); counts below a million keep separators ('921,000').
    """
    if unit == "rank":
        n = round(x)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    factor, word = scale if scale is not None else scale_of(x)
    body = _digits(x / factor, sig) + (f" {word}" if word else "")
    prefix = "US$" if unit == "USD" else ""
    return f"{prefix}{body}{UNIT_SUFFIX.get(unit, '')}"


def bounds_text(iv: Interval, unit: str, *, sig: int = 4) -> str:
    """The range an interval allows, in words: 'at least 40%', '130.7 to 138.3 trillion yuan'."""
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
    prefix = "US$" if unit == "USD" else ""
    return f"{prefix}{_digits(low / scale[0], sig)} to {number(high, unit, sig=sig, scale=scale)}"


def estimate(iv: Interval, unit: str, *, sig: int = 4) -> str:
    """Central value then its range: '134.8 trillion yuan (134.7 to 134.9 trillion yuan)'."""
    if iv.lower == iv.upper:
        return number(iv.value, unit, sig=sig)
    return f"{number(iv.value, unit, sig=sig)} ({bounds_text(iv, unit, sig=sig)})"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun, singular or plural.

    >>> count(1, "level"), count(3, "level"), count(2, "whole", "wholes")
    ('1 level', '3 levels', '2 wholes')
    """
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
