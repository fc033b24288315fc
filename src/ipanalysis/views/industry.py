"""What the industry-share notebook shows: every whole that a part and its share imply (GDP from
an added value and its share of GDP), every stated share set against its part and whole, and
the exchange rate behind every amount given in yuan and in dollars.

The rows are the ``implied_whole``, ``share_check`` and ``usd_conversion`` relations of
``data/processed/relations.csv`` that the parameters select, with their verdicts as evaluated
there; the curated checks that use the same figures follow in their own table. Shares and rates
are judged in the articles' yuan, so ``currency`` changes how amounts are shown, never a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from ipanalysis.relations.figures import side
from ipanalysis.relations.interval import Interval, Verdict
from ipanalysis.views import checks as checks_view
from ipanalysis.views import fmt, style
from ipanalysis.views.dataset import Dataset
from ipanalysis.views.markdown import escape_md as md

RATE_UNIT = "yuan per USD"
SHARE_MEANING = {
    Verdict.CONSISTENT: "the stated share holds for every value the wording allows",
    Verdict.INCONSISTENT: "the stated share is ruled out",
    Verdict.UNDETERMINED: "the stated share is possible but not established",
}
RATE_MEANING = {
    Verdict.CONSISTENT: "admits the reference rate",
    Verdict.INCONSISTENT: "rules out the reference rate",
    Verdict.UNDETERMINED: "partly overlaps the reference rate",
}


@dataclass(frozen=True)
class WholeRow:
    """A part and its stated share, and the whole they imply (in the notebook's currency)."""

    source_id: str
    period: str
    whole_label: str
    part_label: str
    unit: str
    part: Interval
    share: Interval
    whole: Interval
    ids: tuple[str, ...]


@dataclass(frozen=True)
class ShareRow:
    """A part over its whole against the share stated, with the verdict."""

    label: str
    period: str
    unit: str
    part: Interval
    whole: Interval
    computed: Interval
    stated: Interval
    share_literal: str
    verdict: Verdict
    ids: tuple[str, ...]


@dataclass(frozen=True)
class RateRow:
    """An amount in yuan and in dollars, the rate they imply and the reference rate."""

    label: str
    source_id: str
    period: str
    cny: Interval
    usd: Interval
    implied: Interval
    rate_id: str
    reference: Interval
    verdict: Verdict
    ids: tuple[str, ...]


def whole_rows(ds: Dataset) -> list[WholeRow]:
    """Each whole a part and its share imply: 18.04 trillion yuan at 13.38% puts 2024 GDP at
    134.83 trillion (134.74 to 134.92)."""
    rows = []
    for _, rel in ds.of_kind("implied_whole").iterrows():
        part_id, share_id = rel["figures"].split()
        part = ds.row(part_id)
        rows.append(WholeRow(
            rel["source_id"], rel["period"], rel["metric_label"], part["metric_label"],
            ds.unit_shown(rel["unit"]), ds.figure_shown(part_id), ds.interval(share_id),
            ds.shown(side(rel, "computed"), rel["unit"], rel["period_end"]),
            (part_id, share_id)))
    return rows


def share_rows(ds: Dataset) -> list[ShareRow]:
    """Each stated share against its part and whole: ICT "approached 8 trillion" of 18.04
    trillion yuan is 39.9% to 44.4%, so "over 40%" is undetermined."""
    rows = []
    for _, rel in ds.of_kind("share_check").iterrows():
        part_id, whole_id, share_id = rel["figures"].split()
        rows.append(ShareRow(
            rel["metric_label"], rel["period"], ds.unit_shown(ds.row(part_id)["unit"]),
            ds.figure_shown(part_id), ds.figure_shown(whole_id), side(rel, "computed"),
            side(rel, "against"), str(ds.row(share_id)["literal"]), Verdict(rel["verdict"]),
            (part_id, whole_id, share_id)))
    return rows


def rate_rows(ds: Dataset) -> list[RateRow]:
    """Each amount in both currencies: 854 billion yuan as about 118 billion dollars implies
    7.17 to 7.30 yuan per dollar, which rules out the 2023 average of 7.0467."""
    rows = []
    for _, rel in ds.of_kind("usd_conversion").iterrows():
        cny_id, usd_id = rel["figures"].split()
        rows.append(RateRow(
            rel["metric_label"], rel["source_id"], rel["period"], ds.interval(cny_id),
            ds.interval(usd_id), side(rel, "computed"), rel["rate_id"], side(rel, "against"),
            Verdict(rel["verdict"]), (cny_id, usd_id)))
    return rows


def _estimate(iv: Interval, unit: str) -> str:
    """A table cell: '134.83 trillion yuan (134.74 to 134.92)'; open ranges in words; digits by
    the one precision rule (:func:`ipanalysis.views.fmt.precision`)."""
    sig = fmt.precision(iv)
    if iv.lower == iv.upper:
        return fmt.number(iv.value, unit, sig=sig)
    if not iv.is_bounded:
        return fmt.bounds_text(iv, unit, sig=sig)
    scale = (fmt.scale_of(iv.value)[0], "")
    ends = fmt.precision(iv, ends=True)
    low, high = (fmt.number(x, "count", sig=ends, scale=scale, keep_zeros=True) for x in iv.bounds)
    return f"{fmt.number(iv.value, unit, sig=sig, keep_zeros=True)} ({low} to {high})"


def whole_table(ds: Dataset) -> pd.DataFrame:
    """Part, its share and the whole they imply, one row per pair."""
    return pd.DataFrame(
        [{"Implied": f"{r.whole_label} ({r.source_id})", "Period": r.period,
          "Part": f"{r.part_label}: {_estimate(r.part, r.unit)}",
          "Share": _estimate(r.share, "percent"), "Implied whole": _estimate(r.whole, r.unit),
          "Figures": ", ".join(r.ids)} for r in whole_rows(ds)],
        columns=["Implied", "Period", "Part", "Share", "Implied whole", "Figures"],
    ).set_index("Implied")


def share_table(ds: Dataset) -> pd.DataFrame:
    """Each share check: part, whole, the share they give, the share stated and the verdict."""
    return pd.DataFrame(
        [{"Share": r.label, "Period": r.period, "Part": _estimate(r.part, r.unit),
          "Whole": _estimate(r.whole, r.unit),
          "Share computed": _estimate(r.computed, "percent"),
          "Share stated": f"{r.share_literal} ({fmt.bounds_text(r.stated, 'percent')})",
          "Verdict": f"{r.verdict.value}: {SHARE_MEANING[r.verdict]}",
          "Figures": ", ".join(r.ids)} for r in share_rows(ds)],
        columns=["Share", "Period", "Part", "Whole", "Share computed", "Share stated",
                 "Verdict", "Figures"],
    ).set_index("Share")



def rate_table(ds: Dataset) -> pd.DataFrame:
    """Each amount in both currencies, the rate it implies and the reference rate."""
    return pd.DataFrame(
        [{"Measure": r.label, "Article": r.source_id, "Period": r.period,
          "In yuan": _estimate(r.cny, "CNY"), "In USD": _estimate(r.usd, "USD"),
          f"Implied {RATE_UNIT}": _estimate(r.implied, "count"),
          "Reference rate": f"{fmt.central(r.reference, 'count')} ({r.rate_id})",
          "Verdict": f"{r.verdict.value}: {RATE_MEANING[r.verdict]}",
          "Figures": ", ".join(r.ids)} for r in rate_rows(ds)],
        columns=["Measure", "Article", "Period", "In yuan", "In USD", f"Implied {RATE_UNIT}",
                 "Reference rate", "Verdict", "Figures"],
    ).set_index("Measure")


def figure_ids(ds: Dataset) -> list[str]:
    """Every figure id the industry analysis uses, in order."""
    ids = [i for r in whole_rows(ds) for i in r.ids] + [i for r in share_rows(ds) for i in r.ids]
    return list(dict.fromkeys(ids + [i for r in rate_rows(ds) for i in r.ids]))


def related_checks(ds: Dataset) -> pd.DataFrame:
    """The curated checks (across articles, against outside values) that use any figure of
    this analysis, as the checks notebook shows them."""
    declared = checks_view.declared(ds)
    return checks_view.table(checks_view.touching_figures(declared, figure_ids(ds)), ds)


def share_chart(ds: Dataset) -> Figure:
    """Every implied whole beside its part, bounds drawn."""
    rows = whole_rows(ds)
    fig, axes = style.figure(1, height=0.6 * max(2 * len(rows), 2) + 1.6)
    ax = axes[0]
    if rows:
        factor, word = fmt.scale_of(max(r.whole.value for r in rows))
        bars, colours = [], []
        for r in rows:
            bars += [(f"{r.whole_label}, {r.period}\n({r.ids[0]} ÷ {r.ids[1]})", r.whole),
                     (f"{r.part_label}, {r.period}\n({r.ids[0]})", r.part)]
            colours += [style.PALETTE[7], style.PALETTE[0]]
        style.bars_with_bounds(ax, [b[0] for b in bars], [b[1] for b in bars], colors=colours,
                               scale=factor)
        unit = "yuan" if rows[0].unit == "CNY" else "USD"
        ax.set_xlabel(f"{word} {unit} (grey: implied whole; blue: the part as stated)")
        best = min(rows, key=lambda r: r.whole.width / r.whole.value)
        title = (f"{len(rows)} implied wholes; the narrowest, {best.whole_label} "
                 f"{best.period}, is {fmt.central(best.whole, best.unit)}")
    else:
        ax.set_axis_off()
        title = "No part with its share of a whole is selected"
    return style.finish(fig, title=title, source=style.source_line(
        ds.figures, [i for r in rows for i in r.ids]))


def rate_chart(ds: Dataset) -> Figure:
    """Implied yuan-per-dollar rate of each conversion with its bounds, beside the reference
    rate it is judged against."""
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
                    label="reference rate" if yi == y[0] else None)
        ax.set_yticks(y, [f"{r.label}, {r.period}\n({r.ids[0]}, {r.ids[1]}; {r.rate_id})"
                          for r in rows], fontsize=8)
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
    excluded = sum(r.verdict is Verdict.INCONSISTENT for r in rows)
    title = ("No amount given in both currencies is selected" if not rows else
             f"{excluded} of {len(rows)} conversions rule out their reference rate")
    return style.finish(fig, title=title, source=style.source_line(
        ds.figures, [i for r in rows for i in r.ids]))


def headline(ds: Dataset) -> str:
    """One sentence for the index page: the narrowest implied whole, else the first rate.

    It names one money amount only: two dollar signs in one line of Markdown would read as a
    formula.
    """
    rows = whole_rows(ds)
    if rows:
        best = min(rows, key=lambda r: r.whole.width / r.whole.value)
        return (f"{best.part_label}, {fmt.central(best.share, 'percent')} of "
                f"{best.whole_label}, implies {best.period} {best.whole_label} of "
                f"{fmt.estimate(best.whole, best.unit)}.")
    rates = rate_rows(ds)
    if rates:
        r = rates[0]
        return (f"{r.label}: the article's two amounts imply "
                f"{fmt.central(r.implied, 'count')} yuan per dollar, which "
                f"{RATE_MEANING[r.verdict]} ({fmt.central(r.reference, 'count')}).")
    return "No share of a whole or amount in two currencies is selected."


def summary(ds: Dataset) -> str:
    """The notebook's opening findings, as markdown bullets computed from the relations.

    Every string from the data is escaped (:func:`~ipanalysis.views.markdown.escape_md`), so a
    label can hold no markup, link or formula; amounts in dollars are written "USD 1.2 billion".
    """
    wholes, shares, rates = whole_rows(ds), share_rows(ds), rate_rows(ds)
    lines = [f"- {fmt.count(len(wholes), 'whole')} implied by a part and its share, "
             f"{fmt.count(len(shares), 'stated share')} set against its part and whole, "
             f"{fmt.count(len(rates), 'amount')} given in both currencies."]
    lines += [f"- **{md(r.whole_label)}, {md(r.period)}** ({md(r.source_id)}): "
              f"{md(r.part_label)} of "
              f"{_estimate(r.part, r.unit)} at {_estimate(r.share, 'percent')} "
              f"implies a whole of {_estimate(r.whole, r.unit)}." for r in wholes]
    lines += [f"- **{md(r.label)}** ({md(r.period)}): the part is "
              f"{fmt.bounds_text(r.computed, 'percent')}"
              f' of the whole; against the stated "{md(r.share_literal)}" the verdict is '
              f"*{r.verdict.value}*: {SHARE_MEANING[r.verdict]}." for r in shares]
    lines += [f"- **{md(r.label)}** ({md(r.source_id)}, {md(r.period)}): "
              f"{fmt.central(r.cny, 'CNY')} "
              f"given as {fmt.central(r.usd, 'USD')} implies {fmt.central(r.implied, 'count')} "
              f"({fmt.bounds_text(r.implied, 'count')}) {RATE_UNIT}; it "
              f"{RATE_MEANING[r.verdict]} ({fmt.central(r.reference, 'count')}, {md(r.rate_id)})."
              for r in rates]
    if ds.params.currency == "USD" and wholes:
        lines.append("- Amounts are shown in US dollars at the reference rate of each figure's "
                     "year, or of the latest earlier year recorded; shares are judged in yuan.")
    if not (wholes or shares or rates):
        lines = ["- None of the industry figures is selected."]
    return "\n".join(lines)
