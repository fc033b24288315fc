"""Shares: a part as a percent of its whole, the whole a part and its share imply, and a stated
share checked against the one its part and whole give."""

from __future__ import annotations

from dataclasses import dataclass

from ipanalysis.relations.interval import Interval, Verdict, compare


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
