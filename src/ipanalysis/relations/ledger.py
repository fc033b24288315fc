"""The fact-check ledger: relations between figures, declared in ``data/raw/checks.csv``.

The articles restate, round and convert each other's numbers. Each declared check names a kind
of relation and the figures it joins; the library computes one interval from the figures and
sets it against another (a second statement, an implied value, or an outside yardstick such as
a reference exchange rate), then gives a verdict:

- consistent: the two cannot disagree (one lies within the other, or a bound is respected
  whatever the true values);
- inconsistent: no value is allowed by both;
- undetermined: the bounds overlap only partly, so the wording leaves room for either.

One small pure function per kind takes the figures as ``Interval``s, in the order ``KINDS``
names them, and returns an ``Outcome``. ``evaluate`` runs the declared checks over the
processed figures and gives the table written to ``data/processed/checks.csv``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ipanalysis.ingest.fields import PROCESSED_CHECKS
from ipanalysis.ingest.kinds import CHECK_KINDS, CheckKind, figure_ids
from ipanalysis.ingest.processed import read_processed
from ipanalysis.paths import PROCESSED_DIR
from ipanalysis.relations.currency import implied_rate
from ipanalysis.relations.figures import figure_interval, open_bound
from ipanalysis.relations.growth import implied_previous_from_rate
from ipanalysis.relations.interval import Interval, IntervalError, Verdict, compare
from ipanalysis.relations.quality import count_from_share, implied_population, target_attainment
from ipanalysis.relations.shares import check_share, implied_denominator

RATE_UNIT = "CNY per USD"
TARGET_MET = Interval.of(100, 100, math.inf)



@dataclass(frozen=True)
class Outcome:
    """What a check found: the interval computed from the figures, what it was set against,
    and the verdict."""

    computed: Interval
    against: Interval
    verdict: Verdict


def agree(a: Interval, b: Interval) -> Verdict:
    """Verdict on two intervals for one quantity, neither of which is the authority.

    The narrower is judged against the wider (``compare``): "18.04 trillion" lies within
    "18 trillion" ([17.5, 18.5]), so the two statements cannot disagree.

    >>> agree(Interval.of(18.04, 18.035, 18.045), Interval.of(18, 17.5, 18.5))
    <Verdict.CONSISTENT: 'consistent'>
    """
    narrow, wide = sorted((a, b), key=lambda iv: iv.width)
    return compare(narrow, wide)


def widen(yardstick: Interval, tolerance_pct: float) -> Interval:
    """An outside yardstick allowed to miss by ``tolerance_pct`` percent either way.

    A population of 1,408.28 million (end-2024) set against a figure a year later, with 1%:

    >>> print(widen(Interval.point(1408.28e6), 1))
    1.40828e9 [1.3942e9, 1.42236e9]
    """
    share = tolerance_pct / 100
    return Interval(yardstick.value, yardstick.lower - abs(yardstick.lower) * share,
                    yardstick.upper + abs(yardstick.upper) * share)


def same_figure(first: Interval, second: Interval) -> Outcome:
    """One quantity stated twice agrees within the rounding each statement allows.

    nf-09 "18.04 trillion yuan" and xv-06 "18 trillion yuan": consistent.
    """
    return Outcome(first, second, agree(first, second))


def rate_vs_reference(yuan: Interval, dollars: Interval, reference: Interval) -> Outcome:
    """The exchange rate an article's conversion implies, against a reference rate.

    pw-10 854 billion yuan as "about 118 billion" dollars implies 7.172 to 7.303 yuan per
    dollar; the 2023 average of 7.0467 lies outside: inconsistent.
    """
    rate = implied_rate(yuan, dollars)
    return Outcome(rate, reference, agree(rate, reference))


def rates_agree(yuan_a: Interval, dollars_a: Interval, yuan_b: Interval,
                dollars_b: Interval) -> Outcome:
    """Two articles' conversions could have used one rate.

    xv-06/xv-07 allow 6.481 to 7.4 yuan per dollar and pw-10/pw-11 allow 7.172 to 7.303; the
    second lies within the first: consistent.
    """
    first, second = implied_rate(yuan_a, dollars_a), implied_rate(yuan_b, dollars_b)
    return Outcome(first, second, agree(first, second))


def previous_level(level: Interval, growth_pct: Interval, reference: Interval) -> Outcome:
    """A level and its growth rate imply last period's level; an outside figure for that
    level must fall within it.

    pw-01 921,000 granted at +15.3% imply 798,006 to 799,566 for 2022; CNIPA's yearbook gives
    798,347: consistent.
    """
    previous = implied_previous_from_rate(level, growth_pct)
    return Outcome(previous, reference, agree(previous, reference))


def share(part: Interval, whole: Interval, stated_share: Interval) -> Outcome:
    """A part and a whole imply a share, judged against the share stated.

    nf-07 ICT "approached 8 trillion" of nf-09 18.04 trillion is 39.9% to 44.36%; the stated
    "over 40%" can be neither confirmed nor refuted: undetermined.
    """
    result = check_share(part, whole, stated_share)
    return Outcome(result.computed, result.stated, result.verdict)


def two_denominators(part_a: Interval, share_a: Interval, part_b: Interval,
                     share_b: Interval) -> Outcome:
    """Two part-and-share pairs imply a whole each (GDP twice); the two wholes must agree.

    nf-09/nf-10 put GDP at 134.74 to 134.92 trillion yuan; fd-10/fd-11 ("over 50 trillion",
    "over 40%") allow 50 trillion or more, 125 trillion at the values as written. The first
    lies within the second: consistent, though only if the digital economy is well over 50.
    """
    first = implied_denominator(part_a, share_a)
    second = implied_denominator(part_b, share_b)
    return Outcome(first, second, agree(first, second))


def implied_whole(part: Interval, share_pct: Interval, reference: Interval) -> Outcome:
    """A part and its percent share imply a whole; an outside figure for that whole (an
    official GDP) must fall within it.

    nf-09 18.04 trillion yuan at nf-10 13.38% put 2024 GDP at 134.74 to 134.92 trillion; NBS's
    134.9084 trillion lies within: consistent.
    """
    whole = implied_denominator(part, share_pct)
    return Outcome(whole, reference, agree(whole, reference))


def density_population(count: Interval, density: Interval, reference: Interval) -> Outcome:
    """A count and its density per 10,000 people imply a population, set against the census.

    xv-02 2.29 million patents at xv-03 16 per 10,000 imply 1.385 to 1.481 billion people;
    NBS's end-2025 population of 1,404.89 million lies within: consistent.
    """
    population = implied_population(count, density)
    return Outcome(population, reference, agree(population, reference))


def target_met(observed: Interval, target: Interval) -> Outcome:
    """A level said to exceed its target, as a percent of that target, must be 100 or more.

    xv-03 16 per 10,000 against xv-04's target of 12 is 124% to 143.5%: consistent.
    """
    attainment = target_attainment(observed, target)
    return Outcome(attainment, TARGET_MET, compare(attainment, TARGET_MET))


def not_exceeding(part: Interval, total: Interval) -> Outcome:
    """A part does not exceed its total (or a later rank its earlier one, for a climb).

    nf-03 six industry platforms among nf-01's 99: consistent. Consistent when every value of
    the part is at most every value of the total, inconsistent when none is.
    """
    if part.upper <= total.lower:
        verdict = Verdict.CONSISTENT
    elif part.lower > total.upper:
        verdict = Verdict.INCONSISTENT
    else:
        verdict = Verdict.UNDETERMINED
    return Outcome(part, total, verdict)


def share_within_total(total: Interval, stated_share: Interval) -> Outcome:
    """A share of a total stands for a count no larger than the total.

    xv-11 "over three-quarters" of xv-02 2.29 million is 1.714 million or more, and at most the
    whole (a share cannot pass 100%): consistent. A share wholly above 100% is inconsistent.
    """
    if stated_share.lower > 100:
        return Outcome(total * stated_share / 100, total, Verdict.INCONSISTENT)
    return Outcome(count_from_share(total, stated_share), total, Verdict.CONSISTENT)


@dataclass(frozen=True)
class Kind:
    """How the library evaluates a kind of check declared in ``ingest.kinds.CHECK_KINDS``: the
    function, the labels of its two sides (filled with the figure ids by role) and their unit
    (fixed, or the name of the role whose unit they take)."""

    relate: Callable[..., Outcome]
    computed_label: str
    against_label: str
    unit: str

    def result_unit(self, figure_units: dict[str, str]) -> str:
        """The unit of both sides: fixed, or that of the role the kind names."""
        return figure_units.get(self.unit, self.unit)


KINDS: dict[str, Kind] = {
    "same_figure": Kind(same_figure, "{first} as stated", "{second} as stated", "first"),
    "rate_vs_reference": Kind(rate_vs_reference, "yuan per dollar implied by {yuan} and "
                              "{dollars}", "reference rate {rate_id}", RATE_UNIT),
    "rates_agree": Kind(rates_agree, "yuan per dollar implied by {yuan_a} and {dollars_a}",
                        "yuan per dollar implied by {yuan_b} and {dollars_b}", RATE_UNIT),
    "previous_level": Kind(previous_level, "previous level implied by {level} and {growth}",
                           "outside figure for the previous level", "level"),
    "share": Kind(share, "{part} as a percent of {whole}", "{share} as stated", "percent"),
    "two_denominators": Kind(two_denominators, "whole implied by {part_a} and {share_a}",
                             "whole implied by {part_b} and {share_b}", "part_a"),
    "implied_whole": Kind(implied_whole, "whole implied by {part} and {share}",
                          "outside figure for the whole", "part"),
    "density_population": Kind(density_population, "population implied by {count} and "
                               "{density}", "outside population figure", "people"),
    "target_met": Kind(target_met, "{observed} as a percent of {target}",
                       "target reached (100% or more)", "percent"),
    "not_exceeding": Kind(not_exceeding, "{part} as stated", "{total} as stated", "part"),
    "share_within_total": Kind(share_within_total, "count that {share} of {total} stands for",
                               "{total} as stated", "total"),
}
assert KINDS.keys() == CHECK_KINDS.keys()


def _number(text: str, default: float | None = None) -> float | None:
    return float(text) if text else default


def yardstick(check: pd.Series, rates: pd.DataFrame) -> Interval | None:
    """The outside value a check is set against, widened by its tolerance (None if it has none).

    nf-05/nf-06 with ``nbs_avg_2024`` give the point 7.1217 yuan per dollar.
    """
    kind: CheckKind = CHECK_KINDS[check["kind"]]
    if kind.yardstick is None:
        return None
    if kind.yardstick == "rate":
        value = float(rates.set_index("rate_id").loc[check["rate_id"], "cny_per_usd"])
    else:
        value = float(check["reference"])
    return widen(Interval.point(value), _number(check["tolerance_pct"], 0.0))


def evaluate_one(check: pd.Series, figures: pd.DataFrame, rates: pd.DataFrame) -> Outcome:
    """Run one declared check over the processed figures (indexed by figure id)."""
    kind = KINDS[check["kind"]]
    inputs = [figure_interval(figures.loc[i]) for i in figure_ids(check["figures"])]
    outside = yardstick(check, rates)
    try:
        return kind.relate(*inputs, *([outside] if outside is not None else []))
    except IntervalError as err:
        raise IntervalError(f"check {check['check_id']}: {err}") from err


def _side(name: str, iv: Interval) -> dict[str, float]:
    """A side's value and bounds as columns of the processed table."""
    return {f"{name}_value": iv.value, f"{name}_lower": open_bound(iv.lower),
            f"{name}_upper": open_bound(iv.upper)}


def _row(check: pd.Series, figures: pd.DataFrame, outcome: Outcome) -> dict[str, object]:
    """One line of the processed table: the declaration, both sides with labels, the verdict."""
    kind = KINDS[check["kind"]]
    roles = CHECK_KINDS[check["kind"]].roles
    ids = figure_ids(check["figures"])
    names = dict(zip(roles, ids, strict=True)) | {"rate_id": check["rate_id"]}
    units = {role: figures.loc[i, "unit"] for role, i in zip(roles, ids, strict=True)}
    tolerance = _number(check["tolerance_pct"], 0.0)
    return {
        "check_id": check["check_id"], "kind": check["kind"], "figures": " ".join(ids),
        "source_ids": " ".join(dict.fromkeys(figures.loc[ids, "source_id"])),
        "rate_id": check["rate_id"], "reference": _number(check["reference"], math.nan),
        "reference_origin": check["reference_origin"], "tolerance_pct": tolerance,
        "computed_label": kind.computed_label.format(**names),
        "against_label": kind.against_label.format(**names)
        + (f" ±{tolerance:g}%" if tolerance else ""),
        **_side("computed", outcome.computed), **_side("against", outcome.against),
        "unit": kind.result_unit(units), "verdict": outcome.verdict.value,
        "sentence": check["sentence"],
    }


def evaluate(checks: pd.DataFrame, figures: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """The processed checks table: each declared check with both sides, their bounds (empty =
    open) and the verdict. ``figures`` is the processed figures table, ``rates`` the reference
    rates with ``cny_per_usd`` as numbers; no input is changed."""
    by_id = figures.set_index("figure_id") if "figure_id" in figures.columns else figures
    rows = [_row(check, by_id, evaluate_one(check, by_id, rates))
            for _, check in checks.iterrows()]
    return pd.DataFrame(rows, columns=list(PROCESSED_CHECKS.columns))


def load_checks(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """The processed checks table, indexed by check id, checked against its declaration;
    empty bounds read as NaN (open)."""
    return read_processed(PROCESSED_CHECKS, processed_dir).set_index("check_id")


def touching(checks: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """The checks that use at least one figure of ``source_id``."""
    return checks[checks["source_ids"].str.split().apply(lambda ids: source_id in ids)]
