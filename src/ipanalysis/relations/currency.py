"""Yuan and dollars: the exchange rate an amount given in both implies, conversion at a rate,
and the reference rate that stands for a year."""

from __future__ import annotations

from typing import Final

import pandas as pd

from ipanalysis.errors import IpanalysisError
from ipanalysis.relations.interval import Interval

CURRENCIES: Final = ("CNY", "USD")


class UnknownCurrencyError(IpanalysisError, ValueError):
    """A currency code other than the ones the conversion knows."""


def implied_rate(amount_cny: Interval, amount_usd: Interval) -> Interval:
    """Yuan per U.S. dollar implied by an amount given in both currencies.

    Reveals which exchange rate an article used. 18 trillion yuan given as about 2.6 trillion
    dollars is about 6.92 yuan per dollar:

    >>> print(implied_rate(Interval.of(18, 17.5, 18.5), Interval.of(2.6, 2.5, 2.7)))
    6.92308 [6.48148, 7.4]
    """
    return amount_cny / amount_usd


def to_currency(amount: Interval, rate: Interval, *, to: str) -> Interval:
    """Convert between yuan and dollars with ``rate`` in yuan per dollar.

    ``to="USD"`` divides a yuan amount by the rate; ``to="CNY"`` multiplies a dollar amount.
    9.9 billion yuan of copyright pledges at the rate implied by 854 billion yuan being about
    118 billion dollars:

    >>> rate = implied_rate(Interval.of(854, 853.5, 854.5), Interval.of(118, 117, 119))
    >>> print(to_currency(Interval.of(9.9, 9.85, 9.95), rate, to="USD"))
    1.36792 [1.34868, 1.38729]
    """
    if to == "USD":
        return amount / rate
    if to == "CNY":
        return amount * rate
    raise UnknownCurrencyError(f"unknown currency {to!r}; expected one of {', '.join(CURRENCIES)}")


def reference_rate(rates: pd.DataFrame, year: str) -> tuple[str, str, Interval]:
    """The reference yuan-per-dollar rate for ``year``, or the latest earlier one recorded:
    (rate id, the year it is for, the rate). ``rates`` is the reference-rates table.

    2025 figures fall back to the 2024 average until a 2025 rate is curated:

    >>> rates = pd.DataFrame({"rate_id": ["nbs_avg_2023", "nbs_avg_2024"],
    ...                       "period": ["2023", "2024"], "cny_per_usd": [7.0467, 7.1217]})
    >>> reference_rate(rates, "2025")
    ('nbs_avg_2024', '2024', Interval(value=7.1217, lower=7.1217, upper=7.1217))
    """
    earlier = rates[rates["period"].astype(str) <= year].sort_values("period")
    if earlier.empty:
        raise IpanalysisError(f"no reference rate recorded for {year} or earlier")
    row = earlier.iloc[-1]
    return str(row["rate_id"]), str(row["period"]), Interval.point(float(row["cny_per_usd"]))
