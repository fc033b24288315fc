"""Patent-intensive industries: shares of GDP and of the sector, and yuan/dollar conversions.

The industry figures are given as amounts, shares of larger wholes and amounts in two
currencies; these functions recover the implied wholes and exchange rates and check shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ipanalysis.errors import IpanalysisError
from ipanalysis.relations.interval import Interval, Verdict, compare

CURRENCIES: Final = ("CNY", "USD")


class UnknownCurrencyError(IpanalysisError, ValueError):
    """A currency code other than the ones the conversion knows."""


@dataclass(frozen=True)
class ShareCheck:
    """A share computed from part and whole, the share as stated, and how they compare."""

    computed: Interval
    stated: Interval
    verdict: Verdict


def implied_denominator(part: Interval, share_pct: Interval) -> Interval:
    """The whole a part and its percent share imply: ``part / (share / 100)``.

    The share is clipped to [0, 100] first. 18.04 trillion yuan being 13.38% of GDP puts GDP
    at about 134.83 trillion yuan:

    >>> added_value = Interval.of(18.04, 18.035, 18.045)
    >>> print(implied_denominator(added_value, Interval.of(13.38, 13.375, 13.385)))
    134.828 [134.74, 134.916]
    """
    return part / (share_pct.clip(0, 100) / 100)


def share_of_whole(part: Interval, whole: Interval) -> Interval:
    """``part`` as a percent of ``whole``.

    ICT added value approaching 8 trillion yuan ([7.2, 8]) within 18.04 trillion:

    >>> ict = Interval.of(8, 7.2, 8)
    >>> print(share_of_whole(ict, Interval.of(18.04, 18.035, 18.045)))
    44.3459 [39.9002, 44.3582]
    """
    return part / whole * 100


def check_share(part: Interval, whole: Interval, stated_share: Interval) -> ShareCheck:
    """Compare a stated share with the one its part and whole imply (see ``compare``).

    The stated share is clipped to [0, 100]. ICT at [7.2, 8] of 18.04 trillion yuan against
    the stated "over 40%":

    >>> ict = Interval.of(8, 7.2, 8)
    >>> whole = Interval.of(18.04, 18.035, 18.045)
    >>> check_share(ict, whole, Interval.of(40, 40, float("inf"))).verdict
    <Verdict.UNDETERMINED: 'undetermined'>
    """
    computed = share_of_whole(part, whole)
    stated = stated_share.clip(0, 100)
    return ShareCheck(computed, stated, compare(computed, stated))


def implied_rate(amount_cny: Interval, amount_usd: Interval) -> Interval:
    """Yuan per U.S. dollar implied by an amount given in both currencies.

    Reveals which exchange rate an article used. 18 trillion yuan given as about 2.6 trillion
    dollars is about 6.92 yuan per dollar:

    >>> print(implied_rate(Interval.of(18, 17.5, 18.5), Interval.of(2.6, 2.5, 2.7)))
    6.92308 [6.48148, 7.4]
    """
    return amount_cny / amount_usd


def convert(amount: Interval, rate: Interval, *, to: str) -> Interval:
    """Convert between yuan and dollars with ``rate`` in yuan per dollar.

    ``to="USD"`` divides a yuan amount by the rate; ``to="CNY"`` multiplies a dollar amount.
    9.9 billion yuan of copyright pledges at the rate implied by 854 billion yuan being about
    118 billion dollars:

    >>> rate = implied_rate(Interval.of(854, 853.5, 854.5), Interval.of(118, 117, 119))
    >>> print(convert(Interval.of(9.9, 9.85, 9.95), rate, to="USD"))
    1.36792 [1.34868, 1.38729]
    """
    if to == "USD":
        return amount / rate
    if to == "CNY":
        return amount * rate
    raise UnknownCurrencyError(f"unknown currency {to!r}; expected one of {', '.join(CURRENCIES)}")
