"""What the growth notebook shows: every level stated with its growth rate or change and the
previous year they imply, and every growth rate, stated or computed.

The rows are the ``implied_previous`` and ``growth_rate`` relations of
``data/processed/relations.csv`` that the parameters select: whatever pairs the data holds,
nothing named here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from ipanalysis.relations.figures import side
from ipanalysis.relations.interval import Interval
from ipanalysis.views import fmt, style
from ipanalysis.views.dataset import Dataset
from ipanalysis.views.markdown import escape_md as md

BASIS = {"growth": "stated", "level change": "computed from level and change",
         "cumulative": "computed: compound yearly rate over the range"}


@dataclass(frozen=True)
class LevelRow:
    """A stated level, its stated change and the previous-year level they imply together."""

    label: str
    period: str
    unit: str
    current: Interval
    change: Interval
    change_unit: str
    previous: Interval
    ids: tuple[str, ...]


@dataclass(frozen=True)
class RateRow:
    """A year-on-year growth rate in percent, stated or computed."""

    label: str
    period: str
    rate: Interval
    basis: str
    ids: tuple[str, ...]


def _place(row: pd.Series, label: str) -> str:
    """A measure's label, with its geography when that is not the whole country."""
    return label if row["geography"] == "China" else f"{label} ({row['geography']})"


def level_rows(ds: Dataset) -> list[LevelRow]:
    """Each level with its implied previous year: 921,000 patents at +15.3% imply ~798,800."""
    rows = []
    for _, rel in ds.of_kind("implied_previous").iterrows():
        level_id, change_id = rel["figures"].split()
        unit, end = rel["unit"], rel["period_end"]
        change_unit = ds.row(change_id)["unit"]
        rows.append(LevelRow(
            _place(rel, rel["metric_label"]), rel["period"], ds.unit_shown(unit),
            ds.shown(side(rel, "against"), unit, end),
            ds.shown(ds.interval(change_id), change_unit, end),
            ds.unit_shown(change_unit), ds.shown(side(rel, "computed"), unit, end),
            (level_id, change_id)))
    return rows


def rate_rows(ds: Dataset) -> list[RateRow]:
    """Every growth rate: stated ones, those computed from a level and its change, and the
    compound yearly rate of a rise over a range of years."""
    return [RateRow(_place(rel, rel["metric_label"]), rel["period"], side(rel, "computed"),
                    BASIS[rel["roles"]], tuple(rel["figures"].split()))
            for _, rel in ds.of_kind("growth_rate").iterrows()]


def level_table(ds: Dataset) -> pd.DataFrame:
    """Levels, stated changes and implied previous levels, formatted for the report."""
    return pd.DataFrame(
        [{"Measure": r.label, "Period": r.period,
          "Level as stated": fmt.estimate(r.current, r.unit),
          "Stated change": fmt.estimate(r.change, r.change_unit),
          "Implied previous year": fmt.estimate(r.previous, r.unit),
          "Figures": ", ".join(r.ids)} for r in level_rows(ds)],
        columns=["Measure", "Period", "Level as stated", "Stated change",
                 "Implied previous year", "Figures"],
    ).set_index("Measure")


def rate_table(ds: Dataset) -> pd.DataFrame:
    """Every growth rate with its bounds and whether it is stated or computed."""
    return pd.DataFrame(
        [{"Measure": r.label, "Period": r.period, "Growth": fmt.estimate(r.rate, "percent"),
          "Basis": r.basis, "Figures": ", ".join(r.ids)} for r in rate_rows(ds)],
        columns=["Measure", "Period", "Growth", "Basis", "Figures"],
    ).set_index("Measure")


def level_chart(ds: Dataset) -> Figure:
    """One panel per measure: implied previous year beside the stated level, with bounds."""
    rows = level_rows(ds)
    ncols = 2 if len(rows) > 1 else 1
    nrows = max(1, -(-len(rows) // ncols))
    fig, axes = style.figure(ncols, nrows=nrows, height=2.3 * nrows + 1.2)
    for ax, row in zip(axes, rows, strict=False):
        factor, word = _axis_scale(row.current.value)
        unit = {"CNY": "yuan", "USD": "USD", "count": ""}.get(row.unit, row.unit)
        style.bars_with_bounds(ax, ["previous year\n(implied)", f"{row.period}\n(stated)"],
                               [row.previous, row.current],
                               colors=[style.PALETTE[7], style.PALETTE[0]], scale=factor)
        ax.set_title(row.label, fontsize=10)
        ax.set_xlabel(" ".join(x for x in (word, unit) if x) or "count")
    for ax in axes[len(rows):]:
        ax.set_axis_off()
    if not rows:
        axes[0].text(0.5, 0.5, "No level with a growth rate or change is selected", ha="center")
        title = "No level with a stated growth rate or change is selected"
    else:
        top = max(rows, key=lambda r: r.current.value / r.previous.value)
        title = f"{len(rows)} levels imply the year before; {top.label.lower()} rose most"
    return style.finish(fig, title=title, source=style.source_line(
        ds.figures, [i for r in rows for i in r.ids]))


def _axis_scale(x: float) -> tuple[float, str]:
    """Axis scale for a level: thousands below a million, else the scale word of the value."""
    return (1e3, "thousand") if 1e3 <= abs(x) < 1e6 else fmt.scale_of(x)


def rate_chart(ds: Dataset) -> Figure:
    """Growth rates side by side, bounds drawn, fastest first."""
    rows = sorted(rate_rows(ds), key=lambda r: r.rate.value, reverse=True)
    fig, axes = style.figure(1, height=0.45 * max(len(rows), 2) + 1.2)
    ax = axes[0]
    if rows:
        colors = [style.PALETTE[0] if r.basis == "stated" else style.PALETTE[1] for r in rows]
        style.bars_with_bounds(ax, [f"{r.label} ({r.period})" for r in rows],
                               [r.rate for r in rows], colors=colors)
        ax.set_xlabel("growth, % per year (orange: computed, blue: stated)")
        fastest = fmt.central(rows[0].rate, "percent")
        title = f"{rows[0].label} grew fastest, at {fastest}"
    else:
        ax.set_axis_off()
        title = "No growth rate is selected"
    return style.finish(fig, title=title, source=style.source_line(
        ds.figures, [i for r in rows for i in r.ids]))


def figure_ids(ds: Dataset) -> list[str]:
    """Every figure id the growth analysis uses, in order."""
    ids = [i for r in level_rows(ds) for i in r.ids] + [i for r in rate_rows(ds) for i in r.ids]
    return list(dict.fromkeys(ids))


def headline(ds: Dataset) -> str:
    """One sentence for the index page, built from the first level row."""
    rows = level_rows(ds)
    if not rows:
        return "No level with a stated growth rate or change is selected."
    first = rows[0]
    return (f"{first.label}: {fmt.central(first.current, first.unit)} in {first.period} "
            f"implies {fmt.estimate(first.previous, first.unit)} the year before.")


def summary(ds: Dataset) -> str:
    """The notebook's opening findings, as markdown bullets computed from the relations."""
    levels = level_rows(ds)
    rates = sorted(rate_rows(ds), key=lambda r: r.rate.value, reverse=True)
    articles = ds.of_kind("implied_previous", "growth_rate")["source_id"].nunique()
    lines = [f"- {fmt.count(len(levels), 'level')} stated with a growth rate or change and "
             f"{fmt.count(len(rates), 'growth rate')}, from {articles} of the "
             f"{fmt.count(len(ds.params.sources), 'selected article')}."]
    for r in levels:
        lines.append(f"- **{md(r.label)}** reached {fmt.central(r.current, r.unit)} in "
                     f"{md(r.period)} ({fmt.central(r.change, r.change_unit)} on the year), "
                     f"which puts the previous year at {fmt.estimate(r.previous, r.unit)}.")
    if rates:
        lines.append(f"- Fastest growth: **{md(rates[0].label)}** at "
                     f"{fmt.central(rates[0].rate, 'percent')} ({md(rates[0].basis)}); "
                     f"slowest: {md(rates[-1].label)} at "
                     f"{fmt.central(rates[-1].rate, 'percent')}.")
    if not levels and not rates:
        lines = ["- None of the growth figures is selected."]
    return "\n".join(lines)
