"""Patent-quality indicators: densities per 10,000 people, target attainment and shares.

The quality figures come as counts, per-capita densities and shares of other counts, often
from different dates; these functions move between them and say when periods are mixed.
"""

from __future__ import annotations

import warnings

from ipanalysis.relations.interval import Interval

PER_10K = 10_000


class PeriodMismatchWarning(UserWarning):
    """A share whose part and total refer to different dates, so it is only indicative."""


def implied_population(count: Interval, density_per_10k: Interval) -> Interval:
    """The population a count and its per-10,000 density imply: ``count / density * 10,000``.

    A check on a density figure: 2.29 million high-value invention patents at 16 per 10,000
    people imply about 1.431 billion people:

    >>> patents = Interval.of(2.29e6, 2.285e6, 2.295e6)
    >>> print(implied_population(patents, Interval.of(16, 15.5, 16.5)))
    1.43125e9 [1.38485e9, 1.48065e9]
    """
    return count / density_per_10k * PER_10K


def target_attainment(observed: Interval, target: Interval) -> Interval:
    """The observed level as a percent of its target (over 100 means the target was beaten).

    16 high-value invention patents per 10,000 people against a target of 12:

    >>> print(target_attainment(Interval.of(16, 15.5, 16.5), Interval.point(12)))
    133.333 [129.167, 137.5]
    """
    return observed / target * 100


def share_of_total(
    part: Interval, total: Interval, *, part_period: str, total_period: str
) -> Interval:
    """``part`` as a percent of ``total``, warning when the two figures are from different dates.

    A share across dates can still be informative, so it is computed, but a
    ``PeriodMismatchWarning`` makes the mix visible. 2.29 million high-value invention patents
    (end of 2025) against 4.756 million valid invention patents (end of 2024):

    >>> high_value = Interval.of(2.29e6, 2.285e6, 2.295e6)
    >>> valid = Interval.of(4.756e6, 4.7555e6, 4.7565e6)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     share = share_of_total(high_value, valid, part_period="2025", total_period="2024")
    >>> print(share)
    48.1497 [48.0395, 48.2599]
    >>> [w.category.__name__ for w in caught]
    ['PeriodMismatchWarning']
    """
    if part_period != total_period:
        warnings.warn(
            f"share mixes periods: part is for {part_period!r}, total for {total_period!r}",
            PeriodMismatchWarning,
            stacklevel=2,
        )
    return part / total * 100


def count_from_share(total: Interval, share_pct: Interval) -> Interval:
    """The count a percent share of ``total`` stands for, with the share clipped to [0, 100].

    Enterprises hold over three-quarters of 2.29 million high-value invention patents, so at
    least about 1.71 million and, since no share exceeds 100%, at most all of them:

    >>> total = Interval.of(2.29e6, 2.285e6, 2.295e6)
    >>> print(count_from_share(total, Interval.of(75, 75, float("inf"))))
    1.7175e6 [1.71375e6, 2.295e6]
    """
    return total * share_pct.clip(0, 100) / 100
