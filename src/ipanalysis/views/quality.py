"""What the quality notebook shows: every density against its target, the population a count and
its density imply, the part a share of a whole stands for, and the quality figures as stated.

The computed rows are the ``target_attainment``, ``implied_population`` and ``implied_part``
relations of ``data/processed/relations.csv`` that the parameters select; the stated rows are
the selected figures of the quality family. Nothing here names a figure.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ipanalysis.relations.figures import side
from ipanalysis.relations.interval import Interval
from ipanalysis.views import fmt, style
from ipanalysis.views.dataset import Dataset
from ipanalysis.views.markdown import escape_md as md

FAMILY = "quality"
DENSITY_UNIT = "per_10k_people"
COMPUTED = {
    "target_attainment": ("{label}: percent of its target", "computed: level / target"),
    "implied_population": ("Population implied by {label}", "computed: count / (density / "
                           "10,000)"),
    "implied_part": ("Count that {label} stands for", "computed: whole times share (capped at "
                     "100%)"),
}
VERDICT_WORDS = {"target_attainment": {"consistent": "target reached under every rounding",
                                       "undetermined": "target reached under some roundings",
                                       "inconsistent": "target missed"},
                 "implied_part": {"consistent": "fits within the whole",
                                  "undetermined": "may exceed the whole",
                                  "inconsistent": "exceeds the whole"}}
# Values in the table drop a unit its measure's label already names.
TABLE_UNITS = {DENSITY_UNIT: "count"}


@dataclass(frozen=True)
class MetricRow:
    """One line of the metrics table: a stated or computed figure with bounds and a note."""

    label: str
    period: str
    estimate: Interval
    unit: str
    basis: str
    note: str
    ids: tuple[str, ...]


def period_text(row: pd.Series) -> str:
    """A period as a reader says it: 'end-2025' for a stock, 'January 2025' for a month.

    >>> period_text(pd.Series({"period": "2025-01", "period_type": "month"}))
    'January 2025'
    """
    period = str(row["period"])
    if row["period_type"] == "year_end":
        return f"end-{period}"
    if row["period_type"] == "month":
        return f"{calendar.month_name[int(period[5:])]} {period[:4]}"
    return period


def _place(row: pd.Series, label: str) -> str:
    return label if row["geography"] == "China" else f"{row['geography']}: {label}"


def stated_rows(ds: Dataset) -> list[MetricRow]:
    """The selected quality figures as stated, shares capped at 100%."""
    rows = []
    for fid, fig in ds.figures[ds.figures["family"] == FAMILY].iterrows():
        value = ds.interval(fid)
        capped = fig["unit"] == "percent" and not value.is_bounded
        rows.append(MetricRow(_place(fig, fig["metric_label"]), period_text(fig),
                              value.clip(0, 100) if capped else value, fig["unit"],
                              "stated, open above; capped at 100%" if capped else "stated",
                              "", (fid,)))
    return rows


def computed_rows(ds: Dataset) -> list[MetricRow]:
    """Every selected relation of a quality kind, with its verdict in words where it has one."""
    rows = []
    for _, rel in ds.of_kind(*COMPUTED).iterrows():
        label, basis = COMPUTED[rel["kind"]]
        ids = tuple(rel["figures"].split())
        first = ds.row(ids[-1])
        verdict = VERDICT_WORDS.get(rel["kind"], {}).get(rel["verdict"], "")
        name = _place(rel, rel["metric_label"])
        if not label.startswith("{"):
            name = name[0].lower() + name[1:]
        rows.append(MetricRow(label.format(label=name), period_text(first),
                              side(rel, "computed"), rel["unit"], basis, verdict, ids))
    return rows


def metric_rows(ds: Dataset) -> list[MetricRow]:
    """Stated quality figures, then what the relations compute from them."""
    return [*stated_rows(ds), *computed_rows(ds)]


def metric_table(ds: Dataset) -> pd.DataFrame:
    """The metrics with bounds, how each was obtained, its verdict and its figure ids."""
    return pd.DataFrame(
        [{"Measure": r.label, "Period": r.period,
          "Value (range)": fmt.estimate(r.estimate, TABLE_UNITS.get(r.unit, r.unit)),
          "Basis": r.basis, "Verdict": r.note, "Figures": ", ".join(r.ids)}
         for r in metric_rows(ds)],
        columns=["Measure", "Period", "Value (range)", "Basis", "Verdict", "Figures"],
    ).set_index("Measure")


def _height(bars: int) -> float:
    """Figure height for a bar chart: room per bar, and a short strip when nothing is selected."""
    return 0.75 * max(bars, 2) + 1.6 if bars else 1.2


def _thin_lone_bar(ax: Axes, bars: int) -> None:
    """Keep a lone bar as thin as one of several, so it does not fill the panel."""
    if bars == 1:
        ax.set_ylim(-1, 1)


def _bar_chart(rows: list[MetricRow], *, xlabel: str, title: str, ds: Dataset,
               limit: float | None = None) -> Figure:
    fig, axes = style.figure(1, height=_height(len(rows)))
    ax = axes[0]
    if rows:
        colors = [style.PALETTE[1] if r.basis.startswith("computed") else style.PALETTE[0]
                  for r in rows]
        style.bars_with_bounds(ax, [f"{r.label}\n({r.period})" for r in rows],
                               [r.estimate for r in rows], colors=colors)
        if limit is not None:
            ax.axvline(limit, color="0.3", ls=":", lw=1)
            ax.set_xlim(0, limit * 1.12)
        _thin_lone_bar(ax, len(rows))
        ax.set_xlabel(xlabel)
    else:
        ax.set_axis_off()
    return style.finish(fig, title=title, source=style.source_line(
        ds.figures, [i for r in rows for i in r.ids]))


def density_chart(ds: Dataset) -> Figure:
    """Every selected density per 10,000 people (levels and targets), bounds drawn."""
    rows = [r for r in stated_rows(ds) if r.unit == DENSITY_UNIT]
    reached = [r for r in computed_rows(ds) if r.basis == COMPUTED["target_attainment"][1]]
    if reached:
        first = reached[0]
        pct = fmt.central(first.estimate, "percent")
        title = f"Density {pct} of its target: {first.note}"
    else:
        title = (f"{len(rows)} densities per 10,000 people are selected" if rows
                 else "No patent density is selected")
    return _bar_chart(rows, xlabel="per 10,000 people (whiskers: bounds from rounding)",
                      title=title, ds=ds)


def share_chart(ds: Dataset) -> Figure:
    """The selected quality shares on one 0-100% axis; an open bound is an arrow."""
    rows = [r for r in stated_rows(ds) if r.unit == "percent"]
    title = (f"{rows[0].label}: {fmt.bounds_text(rows[0].estimate, 'percent')} "
             f"({rows[0].period})" if rows else "No share is selected")
    return _bar_chart(rows, xlabel="share of the whole, %", title=title, ds=ds, limit=100)


def figure_ids(ds: Dataset) -> list[str]:
    """Every figure id the quality analysis uses, in order."""
    return list(dict.fromkeys(i for r in metric_rows(ds) for i in r.ids))


def headline(ds: Dataset) -> str:
    """One sentence for the index page: the first computed row with a verdict, else the first
    computed row, else the first stated figure."""
    computed = computed_rows(ds)
    rows = [r for r in computed if r.note] or computed or stated_rows(ds)
    if not rows:
        return "No quality figure is selected."
    first = rows[0]
    note = f"; {first.note}" if first.note else ""
    return f"{first.label} ({first.period}): {fmt.estimate(first.estimate, first.unit)}{note}."


def summary(ds: Dataset) -> str:
    """The notebook's opening findings, as markdown bullets computed from the relations."""
    stated, computed = stated_rows(ds), computed_rows(ds)
    if not stated and not computed:
        return "- None of the quality figures is selected."
    lines = [f"- {fmt.count(len(stated), 'quality figure')} as stated and "
             f"{fmt.count(len(computed), 'value')} computed from pairs of them."]
    for r in computed:
        note = f", {md(r.note)}." if r.note else "."
        lines.append(f"- **{md(r.label)}** ({md(r.period)}): "
                     f"{fmt.estimate(r.estimate, r.unit)}{note}")
    return "\n".join(lines)
