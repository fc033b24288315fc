"""Growth arithmetic: rates, implied earlier levels and compound rates, all as intervals.

Articles often give this year's level with a growth rate or an absolute change, and leave the
earlier level (or the yearly rate) to the reader; these functions recover it with its bounds.
"""

from __future__ import annotations

import math

from ipanalysis.errors import IpanalysisError
from ipanalysis.relations.interval import Interval


class GrowthError(IpanalysisError, ValueError):
    """A growth question with no answer, such as compounding over zero years."""


def yoy_rate(current: Interval, previous: Interval) -> Interval:
    """Year-on-year growth in percent, ``(current / previous - 1) * 100``.

    Written with each figure appearing once, so the bounds are as tight as the inputs allow.
    52.67 million jobs after 50.77 million (52.67 - 1.9) the year before is about +3.74%:

    >>> jobs = Interval.of(52.67e6, 52.665e6, 52.675e6)
    >>> print(yoy_rate(jobs, Interval.of(50.77e6, 50.715e6, 50.825e6)))
    3.74237 [3.62027, 3.86473]
    """
    return (current / previous - 1) * 100


def implied_previous_from_rate(level: Interval, rate_pct: Interval) -> Interval:
    """Last year's level from this year's and its growth rate: ``level / (1 + rate / 100)``.

    921,000 invention patents granted in 2023, up 15.3%, put 2022 at about 798,800:

    >>> granted = Interval.of(921_000, 920_500, 921_500)
    >>> print(implied_previous_from_rate(granted, Interval.of(15.3, 15.25, 15.35)))
    798786 [798006, 799566]
    """
    return level / (1 + rate_pct / 100)


def implied_previous_from_change(level: Interval, change: Interval) -> Interval:
    """Last year's level from this year's and the absolute change: ``level - change``.

    52.67 million jobs in patent-intensive industries, 1.9 million more than the year before:

    >>> jobs = Interval.of(52.67e6, 52.665e6, 52.675e6)
    >>> print(implied_previous_from_change(jobs, Interval.of(1.9e6, 1.85e6, 1.95e6)))
    5.077e7 [5.0715e7, 5.0825e7]
    """
    return level - change


def multiple_from_cumulative_pct(pct: Interval) -> Interval:
    """How many times the starting level a cumulative rise makes: ``1 + pct / 100``.

    An 800% rise in generative-AI patents since 2017 means nine times as many:

    >>> print(multiple_from_cumulative_pct(Interval.of(800, 799.5, 800.5)))
    9 [8.995, 9.005]
    """
    return 1 + pct / 100


def cagr(start: Interval, end: Interval, years: float) -> Interval:
    """Compound annual growth rate in percent: ``((end / start) ** (1 / years) - 1) * 100``.

    Turns a rise over several years into the steady yearly rate that would produce it. Nine
    times the 2017 level by 2024 (seven years) is about 37% a year:

    >>> print(cagr(Interval.point(1), Interval.of(9, 8.995, 9.005), years=7))
    36.8738 [36.8629, 36.8847]
    """
    if not (math.isfinite(years) and years > 0):
        raise GrowthError(f"years must be a positive finite number, got {years}")
    return ((end / start) ** (1 / years) - 1) * 100
