"""What the industry-share notebook shows: the GDP that the patent-intensive industries' added
value and share imply, ICT's share of those industries and the digital economy's share of GDP
checked against what the articles state, jobs, and the exchange rate behind each article's
dollar amounts.

Shares are checked in yuan, the unit the articles give them in, so the ``currency`` parameter
changes how amounts are shown, never a verdict. Each row names its figure ids; rows whose
figures the parameters leave out are simply absent.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ipanalysis.relations.growth import implied_previous_from_change, yoy_rate
from ipanalysis.relations.industry import (
    ShareCheck,
    check_share,
    implied_denominator,
    implied_rate,
)
from ipanalysis.relations.interval import Interval, Verdict, compare
from ipanalysis.views import fmt, style
from ipanalysis.views.dataset import Dataset

# (added value, its share of GDP): the precise pair first, then the rounded restatement.
PII_PAIRS = (("nf-09", "nf-10"), ("xv-06", "xv-08"))
ICT = ("nf-07", "nf-09", "nf-08")  # part, whole, stated share of the whole
DIGITAL = ("fd-10", "fd-11")  # amount, stated share of GDP
JOBS = ("xv-09", "xv-10")  # level, change over the year before
# (measure, short label, yuan figure, dollar figure): one amount given in both currencies.
RATE_PAIRS = (
    ("Patent-intensive industries' added value", "PII added value", "xv-06", "xv-07"),
    ("Overseas losses recovered", "Losses recovered", "nf-05", "nf-06"),
    ("Patent and trademark pledge financing", "Pledge financing", "pw-10", "pw-11"),
)
RATE_UNIT = "yuan per US$"
SHARE_MEANING = {
    Verdict.CONSISTENT: "confirmed",
    Verdict.INCONSISTENT: "ruled out",
    Verdict.UNDETERMINED: "possible but not established",
}
SHARE_SHORT = {
    Verdict.CONSISTENT: "holds",
    Verdict.INCONSISTENT: "is ruled out",
    Verdict.UNDETERMINED: "is unproven",
}
BOTH_SHARES = {
    Verdict.CONSISTENT: "both stated shares hold",
    Verdict.INCONSISTENT: "both stated shares are ruled out",
    Verdict.UNDETERMINED: "neither stated share is proven",
}
RANGE_MEANING = {
    Verdict.CONSISTENT: "contains",
    Verdict.INCONSISTENT: "excludes",
    Verdict.UNDETERMINED: "overlaps",
}
RATE_MEANING = {
    Verdict.CONSISTENT: "admits the reference rate",
    Verdict.INCONSISTENT: "rules out the reference rate",
    Verdict.UNDETERMINED: "partly overlaps the reference rate",
}


@dataclass(frozen=True)
class GdpRow:
    """Added value and its stated share of GDP, and the GDP they imply together.

    Amounts are in ``unit`` (the notebook's currency); ``gdp_cny`` keeps the yuan GDP that
    the digital-economy check divides by.
    """

    source_id: str
    period: str
    unit: str
    added_value: Interval
    share: Interval
    gdp: Interval
    gdp_cny: Interval
    ids: tuple[str, ...]


@dataclass(frozen=True)
class ShareRow:
    """A part, the whole it belongs to, the share stated for it and how the two agree.

    ``needed`` is the smallest part the stated share allows, in ``unit``: "over 40%" of
    18.04 trillion yuan needs at least 7.216 trillion. The literals are the articles' own
    words for the part and the share, quoted in the summary. ``ids`` lists the part, the
    stated share, then the figures the whole comes from.
    """

    label: str
    short: str
    part_name: str
    whole_name: str
    part_literal: str
    share_literal: str
    period: str
    whole_period: str
    unit: str
    part: Interval
    whole: Interval
    check: ShareCheck
    needed: Interval
    ids: tuple[str, ...]


@dataclass(frozen=True)
class JobsRow:
    """Jobs, their stated rise, the year before it implies, and added value per job."""

    period: str
    unit: str
    jobs: Interval
    change: Interval
    previous: Interval
    growth: Interval
    per_job: Interval | None
    ids: tuple[str, ...]


@dataclass(frozen=True)
class RateRow:
    """An amount given in yuan and in dollars, the rate they imply, and the reference rate.

    ``converted`` is the amount in the notebook's currency at the reference rate, from the
    figure in the other currency, to set beside the article's own conversion.
    """

    label: str
    short: str
    source_id: str
    period: str
    cny: Interval
    usd: Interval
    implied: Interval
    rate_id: str
    rate_year: str
    reference: Interval
    verdict: Verdict
    converted: Interval
    ids: tuple[str, ...]

    @property
    def fallback(self) -> bool:
        """True when no reference rate is recorded for the figure's own year."""
        return self.rate_year != self.period[:4]


def _period(ds: Dataset, figure_id: str) -> str:
    return str(ds.row(figure_id)["period"])


def _literal(ds: Dataset, figure_id: str) -> str:
    return str(ds.row(figure_id)["literal"])


def gdp_rows(ds: Dataset) -> list[GdpRow]:
    """The GDP each added-value-and-share pair implies: 18.04 trillion yuan at 13.38% puts 2024
    GDP at 134.83 trillion (134.74 to 134.92); the rounded 18 trillion allows 130.7 to 138.3."""
    rows = []
    for value_id, share_id in PII_PAIRS:
        if not ds.has(value_id, share_id):
            continue
        share = ds.interval(share_id)
        added_value = ds.money(value_id)
        rows.append(GdpRow(str(ds.row(value_id)["source_id"]), _period(ds, value_id),
                           ds.params.currency, added_value, share,
                           implied_denominator(added_value, share),
                           implied_denominator(ds.interval(value_id), share),
                           (value_id, share_id)))
    return rows


def best_gdp(ds: Dataset) -> GdpRow | None:
    """The narrowest implied GDP, the yardstick for other shares of GDP (nf-09/nf-10 when
    selected: its bounds are 0.13% wide against xv-06/xv-08's 5.6%)."""
    rows = gdp_rows(ds)
    return min(rows, key=lambda r: r.gdp.width / r.gdp.value) if rows else None


def ict_row(ds: Dataset) -> ShareRow | None:
    """ICT's share of the patent-intensive industries against the stated share.

    "Approached 8 trillion" ([7.2, 8]) of 18.04 trillion yuan is 39.9% to 44.4%, so "over 40%"
    holds only if ICT was at least 7.216 trillion: undetermined.
    """
    part_id, whole_id, share_id = ICT
    if not ds.has(*ICT):
        return None
    check = check_share(ds.interval(part_id), ds.interval(whole_id), ds.interval(share_id))
    whole = ds.money(whole_id)
    return ShareRow("ICT within patent-intensive industries", "ICT", "ICT",
                    "the industries' added value", _literal(ds, part_id), _literal(ds, share_id),
                    _period(ds, part_id), _period(ds, whole_id), ds.params.currency,
                    ds.money(part_id), whole, check, whole * (check.stated.lower / 100),
                    (part_id, share_id, whole_id))


def digital_row(ds: Dataset) -> ShareRow | None:
    """The digital economy's stated share of GDP against the GDP the industry figures imply.

    "Exceeding 50 trillion yuan" is at least 37.06% of 134.83 trillion (at most 134.92), and
    "over 40%" needs more than 53.9 trillion: undetermined. Absent without an implied GDP.
    """
    gdp = best_gdp(ds)
    if gdp is None or not ds.has(*DIGITAL):
        return None
    value_id, share_id = DIGITAL
    check = check_share(ds.interval(value_id), gdp.gdp_cny, ds.interval(share_id))
    return ShareRow("Digital economy within GDP", "digital-economy", "the digital economy",
                    f"the implied {gdp.period} GDP", _literal(ds, value_id),
                    _literal(ds, share_id), _period(ds, value_id), gdp.period,
                    ds.params.currency, ds.money(value_id), gdp.gdp, check,
                    gdp.gdp * (check.stated.lower / 100), (*DIGITAL, *gdp.ids))


def share_rows(ds: Dataset) -> list[ShareRow]:
    """The share checks the selection allows: ICT within the industries, the digital economy
    within GDP."""
    return [r for r in (ict_row(ds), digital_row(ds)) if r is not None]


def jobs_row(ds: Dataset) -> JobsRow | None:
    """Jobs in patent-intensive industries: 52.67 million, up 1.9 million, put 2023 at 50.77
    million (+3.74%); with 18.04 trillion yuan of added value that is about 342,500 yuan per
    job."""
    if not ds.has(*JOBS):
        return None
    jobs, change = ds.interval(JOBS[0]), ds.interval(JOBS[1])
    previous = implied_previous_from_change(jobs, change)
    gdp = best_gdp(ds)
    same_year = gdp is not None and gdp.period == _period(ds, JOBS[0])
    per_job = gdp.added_value / jobs if same_year else None
    ids = (*JOBS, gdp.ids[0]) if same_year else JOBS
    return JobsRow(_period(ds, JOBS[0]), ds.params.currency, jobs, change, previous,
                   yoy_rate(jobs, previous), per_job, ids)


def _rate_year(ds: Dataset, rate_id: str) -> str:
    return str(ds.rates.index[ds.rates["rate_id"] == rate_id][0])


def rate_rows(ds: Dataset) -> list[RateRow]:
    """Each article's implied yuan-per-dollar rate against the reference rate of its year.

    854 billion yuan given as about 118 billion dollars implies 7.17 to 7.30, which rules out
    the 2023 average of 7.0467; 2025 figures are set against 2024's rate, the latest recorded.
    """
    rows = []
    for label, short, cny_id, usd_id in RATE_PAIRS:
        if not ds.has(cny_id, usd_id):
            continue
        cny, usd = ds.interval(cny_id), ds.interval(usd_id)
        period = _period(ds, cny_id)
        rate_id, reference = ds.reference_rate(str(ds.row(cny_id)["period_end"])[:4])
        implied = implied_rate(cny, usd)
        other = usd_id if ds.params.currency == "CNY" else cny_id
        rows.append(RateRow(label, short, str(ds.row(cny_id)["source_id"]), period, cny, usd,
                            implied, rate_id, _rate_year(ds, rate_id), reference,
                            compare(reference, implied), ds.money(other), (cny_id, usd_id)))
    return rows


def _rate(x: float) -> str:
    return fmt.number(x, "count", sig=4)


def _estimate(iv: Interval, unit: str, *, sig: int = 5) -> str:
    """A table cell: the value with its unit, then its range in the same scale without repeating
    the unit, so cells stay short: '134.83 trillion yuan (134.74 to 134.92)'. Five digits are
    enough for the bounds of "13.38%" (13.375 to 13.385); an open range reads 'at least ...'."""
    if iv.lower == iv.upper:
        return fmt.number(iv.value, unit, sig=sig)
    if not iv.is_bounded:
        return fmt.bounds_text(iv, unit, sig=sig)
    scale = (fmt.scale_of(iv.value)[0], "")
    low, high = (fmt.number(x, "count", sig=sig, scale=scale) for x in iv.bounds)
    return f"{fmt.number(iv.value, unit, sig=sig)} ({low} to {high})"


def _reference(x: float) -> str:
    return fmt.number(x, "count", sig=5)


def _rate_estimate(iv: Interval) -> str:
    return f"{_rate(iv.value)} ({fmt.bounds_text(iv, 'count')}) {RATE_UNIT}"


def _reference_text(row: RateRow) -> str:
    text = f"{_reference(row.reference.value)} ({row.rate_year} average"
    if row.fallback:
        text += f"; none recorded for {row.period[:4]}"
    return text + ")"


def share_condition(row: ShareRow) -> str:
    """What the verdict means for the part, in words.

    For ICT: it holds only if ICT was at least 7.216 trillion yuan, which "approached 8 trillion
    yuan" allows but does not establish.
    """
    needed = fmt.number(row.needed.value, row.unit)
    words = f'"{row.part_literal}"'
    verdict = row.check.verdict
    if verdict is Verdict.CONSISTENT:
        return f"it holds for every value {words} allows, all of them at least {needed}"
    if verdict is Verdict.INCONSISTENT:
        return f"it needs {row.part_name} to be at least {needed}, which {words} rules out"
    return (f"it holds only if {row.part_name} was at least {needed}, which {words} allows "
            f"but does not establish")


def gdp_table(ds: Dataset) -> pd.DataFrame:
    """Added value, its share of GDP and the GDP they imply, one row per article."""
    return pd.DataFrame(
        [{"Article": r.source_id, "Period": r.period,
          "Added value": _estimate(r.added_value, r.unit),
          "Share of GDP": _estimate(r.share, "percent"),
          "Implied GDP": _estimate(r.gdp, r.unit), "Figures": ", ".join(r.ids)}
         for r in gdp_rows(ds)],
        columns=["Article", "Period", "Added value", "Share of GDP", "Implied GDP", "Figures"],
    ).set_index("Article")


def share_table(ds: Dataset) -> pd.DataFrame:
    """Each share check: the part, the whole, the share they give, the share stated, the
    smallest part the stated share needs, and the verdict."""
    return pd.DataFrame(
        [{"Check": r.label, "Periods (part / whole)": f"{r.period} / {r.whole_period}",
          "Part": _estimate(r.part, r.unit), "Whole": _estimate(r.whole, r.unit),
          "Share computed": _estimate(r.check.computed, "percent"),
          "Share stated": f"{r.share_literal} ({fmt.bounds_text(r.check.stated, 'percent')})",
          "Part the stated share needs": f"at least {_estimate(r.needed, r.unit)}",
          "Verdict": f"{r.check.verdict.value}: {SHARE_MEANING[r.check.verdict]}",
          "Figures": ", ".join(r.ids)} for r in share_rows(ds)],
        columns=["Check", "Periods (part / whole)", "Part", "Whole", "Share computed",
                 "Share stated", "Part the stated share needs", "Verdict", "Figures"],
    ).set_index("Check")


def jobs_table(ds: Dataset) -> pd.DataFrame:
    """Jobs, their rise, the year before, the growth rate and added value per job."""
    row = jobs_row(ds)
    records = [] if row is None else [{
        "Measure": "Jobs in patent-intensive industries", "Period": row.period,
        "Jobs": _estimate(row.jobs, "count"), "Rise": _estimate(row.change, "count"),
        "Implied year before": _estimate(row.previous, "count"),
        "Growth": _estimate(row.growth, "percent", sig=3),
        "Added value per job": ("not selected" if row.per_job is None
                                else _estimate(row.per_job, row.unit)),
        "Figures": ", ".join(row.ids)}]
    return pd.DataFrame(records, columns=["Measure", "Period", "Jobs", "Rise",
                                          "Implied year before", "Growth",
                                          "Added value per job", "Figures"]
                        ).set_index("Measure")


def rate_table(ds: Dataset) -> pd.DataFrame:
    """Each article's amounts in both currencies, the rate they imply and the reference rate."""
    other = "yuan" if ds.params.currency == "CNY" else "US$"
    converted = f"In {other} at the reference rate"
    return pd.DataFrame(
        [{"Measure": r.label, "Article": r.source_id, "Period": r.period,
          "In yuan": _estimate(r.cny, "CNY"), "In US$": _estimate(r.usd, "USD"),
          converted: fmt.number(r.converted.value, ds.params.currency),
          f"Implied {RATE_UNIT}": _estimate(r.implied, "count", sig=4),
          "Reference rate": _reference_text(r),
          "Verdict": f"{r.verdict.value}: {RATE_MEANING[r.verdict]}",
          "Figures": ", ".join(r.ids)} for r in rate_rows(ds)],
        columns=["Measure", "Article", "Period", "In yuan", "In US$", converted,
                 f"Implied {RATE_UNIT}", "Reference rate", "Verdict", "Figures"],
    ).set_index("Measure")


def _money_axis(unit: str, values: list[Interval]) -> tuple[float, str]:
    factor, word = fmt.scale_of(max(iv.value for iv in values))
    return factor, " ".join(x for x in (word, "yuan" if unit == "CNY" else "US$") if x)


def _panel(ax: Axes, title: str, bars: list[tuple[str, Interval, int]],
           marks: list[tuple[int, Interval, str]], unit: str) -> None:
    """Bars with bounds; each mark (bar index, amount, label) is a labelled red tick."""
    factor, axis = _money_axis(unit, [iv for _, iv, _ in bars])
    style.bars_with_bounds(ax, [b[0] for b in bars], [b[1] for b in bars],
                           colors=[style.PALETTE[c] for _, _, c in bars], scale=factor)
    for index, amount, label in marks:
        x, y = amount.value / factor, len(bars) - 1 - index
        ax.plot([x], [y], marker="|", ms=20, mew=2.5, ls="none", color=style.PALETTE[3],
                zorder=5)
        ax.annotate(f"{label}: {fmt.number(amount.value, unit)}", (x, y + 0.32),
                    xytext=(0, 1), textcoords="offset points", ha="center", va="bottom",
                    fontsize=8, color=style.PALETTE[3])
    ax.set_title(title, fontsize=10, loc="left")
    ax.set_xlabel(axis)


def share_chart(ds: Dataset) -> Figure:
    """Implied GDP with the digital economy and the industries inside it, and ICT inside the
    industries, bounds drawn; red ticks mark the smallest part each stated share needs."""
    gdps, digital, ict = gdp_rows(ds), digital_row(ds), ict_row(ds)
    unit = ds.params.currency
    panels = []
    if gdps:
        bars = [(f"Implied GDP, {r.period}\n({r.ids[0]} ÷ {r.ids[1]})", r.gdp, 7) for r in gdps]
        marks = []
        if digital is not None:
            share = fmt.number(digital.check.stated.lower, "percent")
            marks.append((len(bars), digital.needed, f"{share} of implied GDP"))
            bars.append((f"Digital economy, {digital.period}\n({digital.ids[0]})", digital.part,
                         2))
        bars += [(f"Patent-intensive\nindustries, {r.period}\n({r.ids[0]})", r.added_value, 0)
                 for r in gdps]
        panels.append(("Within GDP", bars, marks))
    if ict is not None:
        share = fmt.number(ict.check.stated.lower, "percent")
        panels.append(("ICT within the patent-intensive industries", [
            (f"Patent-intensive\nindustries, {ict.whole_period}\n({ict.ids[2]})", ict.whole, 0),
            (f"ICT, {ict.period}\n({ict.ids[0]})", ict.part, 9)],
            [(1, ict.needed, f"{share} of the industries")]))
    heights = [len(bars) for _, bars, _ in panels] or [1]
    fig, axes = style.figure(1, nrows=len(heights), height=0.6 * sum(heights) + 1.1 * len(
        heights) + 0.9)
    axes[0].get_gridspec().set_height_ratios([h + 1 for h in heights])
    for ax, (title, bars, marks) in zip(axes, panels, strict=False):
        _panel(ax, title, bars, marks, unit)
    if not panels:
        axes[0].set_axis_off()
        axes[0].text(0.5, 0.5, "No added value with a share is selected", ha="center")
    ids = [i for r in gdps for i in r.ids] + [i for r in share_rows(ds) for i in r.ids]
    return style.finish(fig, title=_share_title(best_gdp(ds), share_rows(ds)),
                        source=style.source_line(ds.figures, ids))


def _share_title(gdp: GdpRow | None, checks: list[ShareRow]) -> str:
    parts = []
    if gdp is not None:
        parts.append(f"Implied {gdp.period} GDP: {fmt.number(gdp.gdp.value, gdp.unit)}")
    verdicts = {r.check.verdict for r in checks}
    if len(checks) == 1:
        parts.append(f"the stated {checks[0].short} share {SHARE_SHORT[checks[0].check.verdict]}")
    elif len(verdicts) == 1:
        parts.append(BOTH_SHARES[verdicts.pop()])
    elif verdicts:
        parts.append("the stated shares get different verdicts")
    text = "; ".join(parts) if parts else "No patent-intensive industry share is selected"
    return text[0].upper() + text[1:]


def rate_chart(ds: Dataset) -> Figure:
    """Implied yuan-per-dollar rate of each article with its bounds, beside the reference
    rate of the figure's year (2025 figures use 2024's)."""
    rows = rate_rows(ds)
    fig, axes = style.figure(1, height=0.7 * max(len(rows), 2) + 1.7)
    ax = axes[0]
    if rows:
        y = list(range(len(rows)))[::-1]
        for yi, r in zip(y, rows, strict=True):
            ax.errorbar([r.implied.value], [yi], xerr=[[r.implied.value - r.implied.lower],
                        [r.implied.upper - r.implied.value]], fmt="o", color=style.PALETTE[0],
                        ecolor="0.15", capsize=4, lw=1.2, ms=7,
                        label="implied by the article's two amounts" if yi == y[0] else None)
            ax.plot([r.reference.value], [yi], marker="D", ms=8, ls="none",
                    color=style.PALETTE[1], zorder=5,
                    label="NBS yearly average (reference)" if yi == y[0] else None)
            ax.annotate(_rate(r.implied.value), (r.implied.value, yi), xytext=(0, 9),
                        textcoords="offset points", ha="center", fontsize=8)
        ax.set_yticks(y, [f"{r.short}, {r.period}\n({r.ids[0]}, {r.ids[1]}; "
                          f"ref. {r.rate_year})" for r in rows])
        low = min(min(r.implied.lower, r.reference.value) for r in rows)
        high = max(max(r.implied.upper, r.reference.value) for r in rows)
        pad = (high - low) * 0.12
        ax.set_xlim(low - pad, high + pad)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_xlabel(f"{RATE_UNIT} (error bars: range the rounding allows)")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, fontsize=8, frameon=False,
                  borderaxespad=0.2)
    else:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No amount given in both currencies is selected", ha="center")
    return style.finish(fig, title=_rate_title(rows), source=style.source_line(
        ds.figures, [i for r in rows for i in r.ids]))


def _rate_title(rows: list[RateRow]) -> str:
    excluded = [r for r in rows if r.verdict is Verdict.INCONSISTENT]
    if not rows:
        return "No amount given in both currencies is selected"
    if not excluded:
        return "Every article's conversion admits the reference rate of its year"
    if len(excluded) > 1:
        return f"{len(excluded)} of {len(rows)} conversions rule out their year's reference rate"
    r = excluded[0]
    rate = f"{_rate(r.implied.value)} {RATE_UNIT.replace(' per ', '/')}"
    if len(rows) > 1:
        return f"Only {r.short.lower()}'s {rate} rules out the {r.rate_year} average"
    return (f"{r.short}'s {rate} rules out the {r.rate_year} average, "
            f"{_reference(r.reference.value)}")


def figure_ids(ds: Dataset) -> list[str]:
    """Every figure id the industry analysis uses, in order, limited to the selected ones."""
    ids = [i for pair in PII_PAIRS for i in pair] + [*ICT, *DIGITAL, *JOBS]
    ids += [i for _, _, a, b in RATE_PAIRS for i in (a, b)]
    return [i for i in dict.fromkeys(ids) if ds.has(i)]


def headline(ds: Dataset) -> str:
    """One sentence for the index page: the implied GDP, or else the first implied rate.

    It names one money amount only: the headline is not escaped for "$", and two dollar signs
    in one line of Markdown would read as a formula.
    """
    gdp = best_gdp(ds)
    if gdp is not None:
        return (f"The patent-intensive industries' added value, "
                f"{fmt.number(gdp.share.value, 'percent')} of GDP, implies {gdp.period} GDP of "
                f"about {fmt.number(gdp.gdp.value, gdp.unit)} "
                f"({fmt.bounds_text(gdp.gdp, 'count')}).")
    rates = rate_rows(ds)
    if rates:
        r = rates[0]
        return (f"{r.label}: {fmt.number(r.cny.value, 'CNY')} given as "
                f"{fmt.number(r.usd.value, 'USD')} implies {_rate(r.implied.value)} yuan per "
                f"dollar, against the {r.rate_year} average of {_reference(r.reference.value)}.")
    return "No patent-intensive industry or currency figure is selected."


def _gdp_lines(ds: Dataset) -> list[str]:
    best = best_gdp(ds)
    if best is None:
        return []
    lines = [f"- **Implied GDP.** The patent-intensive industries added "
             f"{fmt.number(best.added_value.value, best.unit)} in {best.period}, "
             f"{fmt.number(best.share.value, 'percent')} of GDP ({best.ids[0]}, "
             f"{best.ids[1]}), which puts {best.period} GDP at "
             f"**{_estimate(best.gdp, best.unit, sig=4)}**."]
    for r in gdp_rows(ds):
        if r.ids == best.ids:
            continue
        lines.append(f"- The restatement in {r.source_id}, "
                     f"{fmt.number(r.added_value.value, r.unit)} at "
                     f"{fmt.number(r.share.value, 'percent')} ({r.ids[0]}, {r.ids[1]}), puts GDP "
                     f"at {_estimate(r.gdp, r.unit, sig=4)}: a range "
                     f"{r.gdp.width / best.gdp.width:.0f} times as wide that "
                     f"{RANGE_MEANING[compare(best.gdp, r.gdp)]} the first.")
    return lines


def _share_line(row: ShareRow) -> str:
    part_id, share_id = row.ids[:2]
    return (f"- **{row.label}.** {row.part_name[0].upper()}{row.part_name[1:]}, "
            f"{fmt.bounds_text(row.part, row.unit)} ({part_id}), is "
            f"{fmt.bounds_text(row.check.computed, 'percent')} of {row.whole_name} "
            f"({fmt.number(row.whole.value, row.unit)}). Against the stated "
            f'"{row.share_literal}" ({share_id}) the verdict is '
            f"*{row.check.verdict.value}*: {share_condition(row)}.")


def _digital_lines(ds: Dataset) -> list[str]:
    row = digital_row(ds)
    if row is None:
        if ds.has(*DIGITAL):
            return [f"- **Digital economy within GDP.** {DIGITAL[0]} and {DIGITAL[1]} are "
                    f"selected, but no figures that imply GDP are, so the share cannot be "
                    f"checked."]
        return []
    periods = ("" if row.period == row.whole_period else
               f" The digital-economy figures give no year ({row.period} is our reading) and the "
               f"GDP is {row.whole_period}'s, so the two may describe different years: this is "
               f"a plausibility check, not an identity.")
    return [_share_line(row) + periods]


def _jobs_line(ds: Dataset) -> list[str]:
    row = jobs_row(ds)
    if row is None:
        return []
    per_job = ("" if row.per_job is None else
               f"; the industries' added value comes to about "
               f"{fmt.number(row.per_job.value, row.unit)} per job")
    return [f"- **Jobs.** {fmt.number(row.jobs.value, 'count')} in {row.period}, "
            f"{fmt.number(row.change.value, 'count')} more than the year before "
            f"({fmt.number(row.previous.value, 'count')}), a rise of "
            f"{fmt.number(row.growth.value, 'percent', sig=3)}{per_job}."]


def _rate_lines(ds: Dataset) -> list[str]:
    lines = []
    for r in rate_rows(ds):
        fallback = (f", the latest recorded: there is none for {r.period[:4]}" if r.fallback
                    else "")
        lines.append(f"- **{r.label}** ({r.source_id}): {fmt.number(r.cny.value, 'CNY')} "
                     f"given as {fmt.number(r.usd.value, 'USD')} implies "
                     f"{_rate_estimate(r.implied)}; it {RATE_MEANING[r.verdict]} "
                     f"({_reference(r.reference.value)}, the {r.rate_year} "
                     f"average{fallback}).")
    return lines


def summary(ds: Dataset) -> str:
    """The notebook's opening findings, as markdown bullets computed from the figures.

    Dollar signs are escaped so that two amounts in US$ never read as a formula.
    """
    ict = ict_row(ds)
    lines = [*_gdp_lines(ds),
             *([_share_line(ict)] if ict is not None else []),
             *_digital_lines(ds), *_jobs_line(ds), *_rate_lines(ds)]
    if lines and ds.params.currency == "USD":
        lines.append("- Money is shown in US dollars at the NBS average of each figure's year, "
                     "or of the latest earlier year recorded; shares are checked in yuan.")
    text = "\n".join(lines) if lines else "- None of the industry figures is selected."
    return text.replace("$", r"\$")
