"""Periods as the figures write them (2024, 2025-01, 2017/2024) and the day each ends on."""

from __future__ import annotations

import calendar


def period_end(period: str, period_type: str) -> str:
    """Last day a period covers, so figures can be cut at an ``as_of`` date.

    >>> period_end("2025-01", "month"), period_end("2017/2024", "range")
    ('2025-01-31', '2024-12-31')
    >>> period_end("2024-07-24", "day")
    '2024-07-24'
    """
    last = period.split("/")[-1]
    if period_type == "day":
        return last
    if period_type == "month":
        year, month = (int(p) for p in last.split("-"))
        return f"{last}-{calendar.monthrange(year, month)[1]:02d}"
    return f"{last[:4]}-12-31"
