"""What the curated data may declare about relations, as data the validator can check.

Two declarations live here, below the code that evaluates them (``ipanalysis.relations``):

- ``ROLES``: the roles a metric may play towards another metric in ``metrics.csv`` (its
  ``role`` column, with ``of`` and ``part`` naming the other metrics). Figures of one article,
  period and geography then pair up by themselves.
- ``CHECK_KINDS``: the kinds of check the ledger (``checks.csv``) may declare, each with the
  figures it takes, by role and unit.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES: dict[str, str] = {
    "growth_pct": "year-on-year growth, in percent, of the metric named in `of`",
    "change": "absolute change from the previous year of the metric named in `of`",
    "cumulative_growth_pct": "percent rise over the figure's range period (2017/2024)",
    "share_pct": "percent share of the metric named in `of` (the whole); `part` names the "
                 "metric the share is of, when there is one",
    "per_10k_people": "the metric named in `of` per 10,000 people",
    "target": "the planned level of the metric named in `of`",
    "part": "a part of the metric named in `of`, so never larger than it",
}


# The words a verdict may take, in the processed checks and relations tables; the evaluator's
# ``relations.interval.Verdict`` has exactly these values (tests/test_interval.py holds them equal).
VERDICTS: tuple[str, ...] = ("consistent", "inconsistent", "undetermined")


@dataclass(frozen=True)
class CheckKind:
    """A kind of check: the figures it takes (by role, with the unit each must have, None for
    any), the roles that must share a unit (``alike``) and the outside yardstick it needs
    ("rate", "reference" or None)."""

    roles: tuple[str, ...]
    units: tuple[str | None, ...]
    yardstick: str | None = None
    alike: tuple[str, ...] = ()


CHECK_KINDS: dict[str, CheckKind] = {
    "same_figure": CheckKind(("first", "second"), (None, None), alike=("first", "second")),
    "rate_vs_reference": CheckKind(("yuan", "dollars"), ("CNY", "USD"), yardstick="rate"),
    "rates_agree": CheckKind(("yuan_a", "dollars_a", "yuan_b", "dollars_b"),
                             ("CNY", "USD", "CNY", "USD")),
    "previous_level": CheckKind(("level", "growth"), (None, "percent"), yardstick="reference"),
    "share": CheckKind(("part", "whole", "share"), (None, None, "percent"),
                       alike=("part", "whole")),
    "two_denominators": CheckKind(("part_a", "share_a", "part_b", "share_b"),
                                  (None, "percent", None, "percent"), alike=("part_a", "part_b")),
    "implied_whole": CheckKind(("part", "share"), (None, "percent"), yardstick="reference"),
    "density_population": CheckKind(("count", "density"), ("count", "per_10k_people"),
                                     yardstick="reference"),
    "target_met": CheckKind(("observed", "target"), (None, None), alike=("observed", "target")),
    "not_exceeding": CheckKind(("part", "total"), (None, None), alike=("part", "total")),
    "share_within_total": CheckKind(("total", "share"), (None, "percent")),
}


def figure_ids(cell: str) -> list[str]:
    """The figure ids of a ``figures`` cell.

    >>> figure_ids("nf-09 xv-06")
    ['nf-09', 'xv-06']
    """
    return cell.split()
