"""What the growth notebook shows: levels with the previous year they imply, growth rates, the
WIPO rank change, and a summary written from those numbers.

Each row names its figure ids; rows whose figures the parameters leave out are simply absent.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from ipanalysis.relations.growth import (
    cagr,
    implied_previous_from_change,
    implied_previous_from_rate,
    multiple_from_cumulative_pct,
    yoy_rate,
)
from ipanalysis.relations.interval import Interval
from ipanalysis.views import fmt, style
from ipanalysis.views.dataset import Dataset

# (label, level figure, change figure, kind of change): a level and the growth stated with it.
LEVEL_PAIRS = (
    ("Invention patents granted", "pw-01", "pw-02", "rate"),
    ("Patent and trademark pledge financing", "pw-10", "pw-12", "rate"),
    ("Copyright pledge guarantees", "pw-13", "pw-14", "rate"),
    ("Jobs in patent-intensive industries", "xv-09", "xv-10", "change"),
)
# (label, growth figure): growth rates stated without a level.
RATE_ONLY = (
    ("Patent transfer and licensing registrations", "fd-03"),
    ("Valid patents in Linyi", "fd-06"),
)
GENAI = "fd-12"
GII_RANKS = ("fd-08", "xv-05")
SHORT_LABELS = {
    "Patent and trademark pledge financing": "Patent & trademark pledges",
    "Copyright pledge guarantees": "Copyright pledges",
    "Jobs in patent-intensive industries": "Patent-intensive jobs",
}


@dataclass(frozen=True)
class LevelRow:
    """A stated level, its stated change and the previous-year level they imply together."""

    label: str
    period: str
    unit: str
    current: Interval
    change: Interval
    change_kind: str
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


def _level_unit(ds: Dataset, figure_id: str) -> str:
    return ds.params.currency if ds.is_money(figure_id) else str(ds.row(figure_id)["unit"])


def _level(ds: Dataset, figure_id: str) -> Interval:
    return ds.money(figure_id) if ds.is_money(figure_id) else ds.interval(figure_id)


def level_rows(ds: Dataset) -> list[LevelRow]:
    """Each level with its implied previous year: 921,000 patents at +15.3% imply ~798,800."""
    rows = []
    for label, level_id, change_id, kind in LEVEL_PAIRS:
        if not ds.has(level_id, change_id):
            continue
        current = _level(ds, level_id)
        change = ds.interval(change_id)
        previous = (implied_previous_from_rate(current, change) if kind == "rate"
                    else implied_previous_from_change(current, change))
        rows.append(LevelRow(label, str(ds.row(level_id)["period"]), _level_unit(ds, level_id),
                             current, change, kind, previous, (level_id, change_id)))
    return rows


def rate_rows(ds: Dataset) -> list[RateRow]:
    """Growth rates: stated ones, jobs growth computed from level and change, and the yearly
    rate that generative-AI patents' ninefold rise since 2017 implies."""
    rows = []
    for level in level_rows(ds):
        rate = level.change if level.change_kind == "rate" else yoy_rate(level.current,
                                                                         level.previous)
        basis = "stated" if level.change_kind == "rate" else "computed from level and change"
        rows.append(RateRow(level.label, level.period, rate, basis, level.ids))
    for label, rate_id in RATE_ONLY:
        if ds.has(rate_id):
            rows.append(RateRow(label, str(ds.row(rate_id)["period"]), ds.interval(rate_id),
                                "stated", (rate_id,)))
    if ds.has(GENAI):
        multiple = multiple_from_cumulative_pct(ds.interval(GENAI))
        rate = cagr(Interval.point(1.0), multiple, range_years(str(ds.row(GENAI)["period"])))
        rows.append(RateRow("Generative-AI patents, yearly", str(ds.row(GENAI)["period"]), rate,
                            "computed: compound rate of the ninefold rise", (GENAI,)))
    return rows


def range_years(period: str) -> float:
    """Years a range period spans: fd-12's "2017/2024" gives 7."""
    start, end = period.split("/")
    return float(int(end[:4]) - int(start[:4]))


def level_table(ds: Dataset) -> pd.DataFrame:
    """Levels, stated changes and implied previous levels, formatted for the report."""
    return pd.DataFrame(
        [{"Measure": r.label, "Period": r.period,
          "Level as stated": fmt.estimate(r.current, r.unit),
          "Stated change": fmt.estimate(r.change, "percent" if r.change_kind == "rate"
                                        else r.unit),
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


def rank_change(ds: Dataset) -> tuple[int, int] | None:
    """China's Global Innovation Index places (2024, 2025), when both are selected."""
    if not ds.has(*GII_RANKS):
        return None
    before, after = (round(ds.interval(f).value) for f in GII_RANKS)
    return before, after


def level_chart(ds: Dataset) -> Figure:
    """One panel per measure: implied previous year beside the stated level, with bounds."""
    rows = level_rows(ds)
    ncols = 2 if len(rows) > 1 else 1
    nrows = max(1, -(-len(rows) // ncols))
    fig, axes = style.figure(ncols, nrows=nrows, height=2.3 * nrows + 1.2)
    for ax, row in zip(axes, rows, strict=False):
        factor, word = _axis_scale(row.current.value)
        unit = {"CNY": "yuan", "USD": "US$", "count": ""}.get(row.unit, row.unit)
        style.bars_with_bounds(ax, ["previous year\n(implied)", f"{row.period}\n(stated)"],
                               [row.previous, row.current],
                               colors=[style.PALETTE[7], style.PALETTE[0]], scale=factor)
        ax.set_title(SHORT_LABELS.get(row.label, row.label), fontsize=10)
        ax.set_xlabel(" ".join(x for x in (word, unit) if x) or "count")
    for ax in axes[len(rows):]:
        ax.set_axis_off()
    if not rows:
        axes[0].text(0.5, 0.5, "No level with a growth rate is selected", ha="center")
    title = "No level with a stated growth rate is selected"
    if rows:
        top = max(rows, key=lambda r: r.current.value / r.previous.value)
        title = (f"Every level implies a lower year before; "
                 f"{SHORT_LABELS.get(top.label, top.label).lower()} rose most")
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
        fastest = fmt.number(rows[0].rate.value, "percent", sig=3)
        title = f"{rows[0].label} grew fastest, at {fastest}"
    else:
        ax.set_axis_off()
        title = "No growth rate is selected"
    return style.finish(fig, title=title, source=style.source_line(
        ds.figures, [i for r in rows for i in r.ids]))


def figure_ids(ds: Dataset) -> list[str]:
    """Every figure id the growth analysis uses, in order, limited to the selected ones."""
    ids = [i for _, a, b, _ in LEVEL_PAIRS for i in (a, b)] + [i for _, i in RATE_ONLY]
    return [i for i in (*ids, GENAI, *GII_RANKS) if ds.has(i)]


def headline(ds: Dataset) -> str:
    """One sentence for the index page, built from the first level row."""
    rows = level_rows(ds)
    if not rows:
        return "No level with a stated growth rate is selected."
    first = rows[0]
    return (f"{first.label}: {fmt.number(first.current.value, first.unit)} in {first.period} "
            f"implies about {fmt.number(first.previous.value, first.unit)} the year before.")


def summary(ds: Dataset) -> str:
    """The notebook's opening findings, as markdown bullets computed from the figures."""
    lines = []
    for r in level_rows(ds):
        change = (fmt.number(r.change.value, "percent") if r.change_kind == "rate"
                  else f"+{fmt.number(r.change.value, r.unit)}")
        lines.append(f"- **{r.label}** reached {fmt.number(r.current.value, r.unit)} in "
                     f"{r.period} ({change}), which puts the previous year at "
                     f"{fmt.estimate(r.previous, r.unit)}.")
    rates = sorted(rate_rows(ds), key=lambda r: r.rate.value, reverse=True)
    if rates:
        lines.append(f"- Fastest growth: **{rates[0].label}** at "
                     f"{fmt.number(rates[0].rate.value, 'percent', sig=3)} ({rates[0].basis}); "
                     f"slowest: {rates[-1].label} at "
                     f"{fmt.number(rates[-1].rate.value, 'percent', sig=3)}.")
    ranks = rank_change(ds)
    if ranks:
        lines.append(f"- China moved from **{fmt.number(ranks[0], 'rank')}** to "
                     f"**{fmt.number(ranks[1], 'rank')}** in WIPO's Global Innovation Index "
                     f"between the 2024 and 2025 editions.")
    text = "\n".join(lines) if lines else "- None of the growth figures is selected."
    return text.replace("$", "\\$")
