"""What the quality notebook shows: high-value patent density against its target, the population
that density implies, the shares (enterprises', high-value in valid, industrialised), Linyi's
density beside the national one, and a summary written from those numbers.

Each row names its figure ids; rows whose figures the parameters leave out are simply absent.
"""

from __future__ import annotations

import calendar
import math
import warnings
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ipanalysis.relations.interval import Interval
from ipanalysis.relations.quality import (
    PeriodMismatchWarning,
    count_from_share,
    implied_population,
    share_of_total,
    target_attainment,
)
from ipanalysis.views import fmt, style
from ipanalysis.views.dataset import Dataset

HIGH_VALUE = "xv-02"  # high-value invention patents, end-2025
DENSITY = "xv-03"  # the same per 10,000 people
TARGET = "xv-04"  # the planned density
ENTERPRISE_SHARE = "xv-11"  # enterprises' share of high-value patents
VALID = "fd-01"  # valid invention patents, end-2024
INDUSTRIALISATION = "pw-08"  # share of enterprise invention patents put into production
STREAK = "pw-09"  # consecutive years that share grew
LINYI = "fd-07"  # Linyi's patents per 10,000 people
# (what the reader loses, figures it needs): reported when the parameters leave any of them out.
PARTS = (
    ("high-value patents and the population their density implies", (HIGH_VALUE, DENSITY)),
    ("attainment of the density target", (DENSITY, TARGET)),
    ("the enterprise share and count", (HIGH_VALUE, ENTERPRISE_SHARE)),
    ("the high-value share of valid invention patents", (HIGH_VALUE, VALID)),
    ("the industrialisation rate", (INDUSTRIALISATION, STREAK)),
    ("Linyi's density", (LINYI,)),
)
# The share chart's title states the first of these findings that the parameters select.
SHARE_PHRASES = {
    ENTERPRISE_SHARE: "enterprises hold {amount} of high-value patents ({period})",
    HIGH_VALUE: "high-value patents are {amount} of valid ones ({period})",
    INDUSTRIALISATION: "{amount} of enterprise invention patents were in use by {period}",
}
# Table notes stay under pandas' 50-character display width so reports show them whole.
LINYI_NOTE = "kind of patent not stated: a different measure"
TARGET_NOTE = "target year not stated; read as 2025"
LINYI_CAVEAT = ("its article does not say which patents Linyi counts (all valid patents or valid "
                "invention patents), so it is a different measure from the national one")
# Values in the table drop a unit its measure's label already names.
TABLE_UNITS = {"per_10k_people": "count"}


@dataclass(frozen=True)
class DensityRow:
    """A patents-per-10,000-people figure: the national one, its target, or Linyi's."""

    place: str
    what: str
    period: str
    density: Interval
    role: str  # "national", "target" or "other measure"
    ids: tuple[str, ...]


@dataclass(frozen=True)
class ShareRow:
    """A percent share as stated or computed, with a note when it needs one."""

    label: str
    period: str
    share: Interval
    basis: str
    mixed_dates: bool
    note: str
    ids: tuple[str, ...]


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


def _period(ds: Dataset, figure_id: str) -> str:
    """A figure's period as a reader says it: 'end-2025' for a stock, 'January 2025' for a month."""
    row = ds.row(figure_id)
    period = str(row["period"])
    if row["period_type"] == "year_end":
        return f"end-{period}"
    if row["period_type"] == "month":
        return f"{calendar.month_name[int(period[5:])]} {period[:4]}"
    return period


def density_rows(ds: Dataset) -> list[DensityRow]:
    """National high-value density (16), its target (12) and Linyi's density (8.18), if selected."""
    specs = (
        ("China", "high-value invention patents", DENSITY, "national"),
        ("China", "target for that density", TARGET, "target"),
        ("Linyi", "patents of an unstated kind", LINYI, "other measure"),
    )
    return [DensityRow(place, what, _period(ds, fid), ds.interval(fid), role, (fid,))
            for place, what, fid, role in specs if ds.has(fid)]


def population(ds: Dataset) -> MetricRow | None:
    """The population that 2.29 million patents at 16 per 10,000 people imply: ~1.431 billion.

    A check that the count and the density fit together; bounds come from both roundings.
    """
    if not ds.has(HIGH_VALUE, DENSITY):
        return None
    people = implied_population(ds.interval(HIGH_VALUE), ds.interval(DENSITY))
    return MetricRow("Population implied by count and density", _period(ds, DENSITY), people,
                     "count", "computed: count / (density / 10,000)", "",
                     (HIGH_VALUE, DENSITY))


def attainment(ds: Dataset) -> MetricRow | None:
    """The density as a percent of its target: 16 against 12 is ~133.3%, over 100 = beaten."""
    if not ds.has(DENSITY, TARGET):
        return None
    pct = target_attainment(ds.interval(DENSITY), ds.interval(TARGET))
    return MetricRow("Target attainment", _period(ds, DENSITY), pct, "percent",
                     "computed: density / target", "", (DENSITY, TARGET))


def enterprise_count(ds: Dataset) -> MetricRow | None:
    """High-value patents held by enterprises: over three-quarters of 2.29 million is at least
    ~1.71 million, and at most all of them since a share stops at 100%."""
    if not ds.has(HIGH_VALUE, ENTERPRISE_SHARE):
        return None
    count = count_from_share(ds.interval(HIGH_VALUE), ds.interval(ENTERPRISE_SHARE))
    return MetricRow("High-value patents held by enterprises", _period(ds, HIGH_VALUE), count,
                     "count", "computed: count times share (capped at 100%)", "",
                     (HIGH_VALUE, ENTERPRISE_SHARE))


def _high_value_share(ds: Dataset) -> ShareRow | None:
    """2.29 million high-value (end-2025) over 4.756 million valid (end-2024): ~48.15%.

    ``share_of_total`` warns when the dates differ; the warning becomes the row's note so the
    notebook shows it as text instead of printing a raw warning.
    """
    if not ds.has(HIGH_VALUE, VALID):
        return None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PeriodMismatchWarning)
        share = share_of_total(ds.interval(HIGH_VALUE), ds.interval(VALID),
                               part_period=str(ds.row(HIGH_VALUE)["period_end"]),
                               total_period=str(ds.row(VALID)["period_end"]))
    mixed = any(issubclass(w.category, PeriodMismatchWarning) for w in caught)
    part, total = _period(ds, HIGH_VALUE), _period(ds, VALID)
    note = f"dates differ ({part} count, {total} total)" if mixed else ""
    return ShareRow("High-value share of valid invention patents",
                    f"{part} / {total}" if mixed else part, share,
                    "computed: high-value / valid", mixed, note, (HIGH_VALUE, VALID))


def share_rows(ds: Dataset) -> list[ShareRow]:
    """The shares as written ("over three-quarters" stays open above) or computed, if selected."""
    rows = [r for r in (_high_value_share(ds),) if r is not None]
    if ds.has(ENTERPRISE_SHARE):
        rows.append(ShareRow("Enterprises' share of high-value patents",
                             _period(ds, ENTERPRISE_SHARE), ds.interval(ENTERPRISE_SHARE),
                             "stated", False, "", (ENTERPRISE_SHARE,)))
    if ds.has(INDUSTRIALISATION):
        streak = ds.has(STREAK)
        note = (f"having risen {fmt.number(ds.interval(STREAK).value, 'years')} in a row"
                if streak else "")
        rows.append(ShareRow("Enterprise invention patents put into production",
                             _period(ds, INDUSTRIALISATION), ds.interval(INDUSTRIALISATION),
                             "stated", False, note,
                             (INDUSTRIALISATION, STREAK) if streak else (INDUSTRIALISATION,)))
    return rows


def _stated(ds: Dataset, label: str, figure_id: str, note: str = "") -> MetricRow | None:
    if not ds.has(figure_id):
        return None
    return MetricRow(label, _period(ds, figure_id), ds.interval(figure_id),
                     str(ds.row(figure_id)["unit"]), "stated", note, (figure_id,))


def metric_rows(ds: Dataset) -> list[MetricRow]:
    """Every quality figure, stated and computed, in reading order.

    Shares are capped at 100% here: "over three-quarters" reads as 75% to 100%.
    """
    shares = {r.ids[0]: MetricRow(r.label, r.period, r.share.clip(0, 100), "percent",
                                  r.basis if r.share.is_bounded
                                  else f"{r.basis}, open above; capped at 100%", r.note, r.ids)
              for r in share_rows(ds)}
    rows = (
        _stated(ds, "High-value invention patents", HIGH_VALUE),
        _stated(ds, "High-value invention patents per 10,000 people", DENSITY),
        _stated(ds, "Target for that density (per 10,000 people)", TARGET, TARGET_NOTE),
        population(ds),
        attainment(ds),
        shares.get(ENTERPRISE_SHARE),
        enterprise_count(ds),
        _stated(ds, "Valid invention patents", VALID),
        shares.get(HIGH_VALUE),
        shares.get(INDUSTRIALISATION),
        _stated(ds, "Linyi: patents per 10,000 people", LINYI, LINYI_NOTE),
    )
    return [r for r in rows if r is not None]


def metric_table(ds: Dataset) -> pd.DataFrame:
    """The metrics with bounds, how each was obtained, its note and its figure ids."""
    return pd.DataFrame(
        [{"Measure": r.label, "Period": r.period,
          "Value (range)": fmt.estimate(r.estimate, TABLE_UNITS.get(r.unit, r.unit),
                                        sig=_digits(r.estimate)),
          "Basis": r.basis, "Note": r.note, "Figures": ", ".join(r.ids)}
         for r in metric_rows(ds)],
        columns=["Measure", "Period", "Value (range)", "Basis", "Note", "Figures"],
    ).set_index("Measure")


def _digits(iv: Interval) -> int:
    """Significant digits that keep a narrow range visible: 4.756 million needs five
    (4.7555 to 4.7565 million), while four suffice for most figures."""
    if not iv.is_bounded or iv.width == 0:
        return 4
    return max(4, math.ceil(math.log10(abs(iv.value) / iv.width)) + 1)


def _density_title(rows: list[DensityRow], reached: MetricRow | None) -> str:
    national = next((r for r in rows if r.role == "national"), None)
    if national and reached:
        return (f"High-value patent density, {fmt.number(national.density.value, 'count')} "
                f"per 10,000 people, is {fmt.number(reached.estimate.value, 'percent', sig=3)} "
                f"of its target")
    if rows:
        first = rows[0]
        return (f"{first.place}: {fmt.number(first.density.value, 'per_10k_people')} "
                f"({first.period})")
    return "No patent density is selected"


def density_chart(ds: Dataset) -> Figure:
    """National high-value density and Linyi's (hatched: another measure) against the target."""
    rows = density_rows(ds)
    fig, axes = style.figure(1, height=_height(len(rows)))
    ax = axes[0]
    colors = {"national": style.PALETTE[0], "target": style.PALETTE[7],
              "other measure": style.PALETTE[1]}
    if rows:
        labels = [f"{r.place}: {r.what}\n({r.period}{_role_note(r)})" for r in rows]
        style.bars_with_bounds(ax, labels, [r.density for r in rows],
                               colors=[colors[r.role] for r in rows])
        for bar, row in zip(ax.containers[0], rows, strict=True):
            if row.role == "other measure":
                bar.set_hatch("//")
                bar.set_edgecolor("white")
        target = next((r for r in rows if r.role == "target"), None)
        if target:
            ax.axvline(target.density.value, color="0.3", ls="--", lw=1)
        _thin_lone_bar(ax, len(rows))
        ax.set_xlabel("patents per 10,000 people (whiskers: bounds from rounding)")
    else:
        ax.set_axis_off()
    return style.finish(fig, title=_density_title(rows, attainment(ds)),
                        source=style.source_line(ds.figures, [i for r in rows for i in r.ids]))


def _height(bars: int) -> float:
    """Figure height for a bar chart: room per bar, and a short strip when nothing is selected."""
    return 0.75 * max(bars, 2) + 1.6 if bars else 1.2


def _thin_lone_bar(ax: Axes, bars: int) -> None:
    """Keep a lone bar as thin as one of several, so it does not fill the panel."""
    if bars == 1:
        ax.set_ylim(-1, 1)


def _role_note(row: DensityRow) -> str:
    return {"target": ", dashed line", "other measure": ", a different measure"}.get(row.role, "")


def _share_title(rows: list[ShareRow]) -> str:
    """The finding of the first share in SHARE_PHRASES order that the parameters select."""
    lead = next((r for key in SHARE_PHRASES for r in rows if r.ids[0] == key), None)
    if lead is None:
        return "No share is selected"
    amount = (fmt.bounds_text(lead.share, "percent") if not lead.share.is_bounded
              else "about " + fmt.number(lead.share.value, "percent", sig=3))
    text = SHARE_PHRASES[lead.ids[0]].format(amount=amount, period=lead.period)
    return text[0].upper() + text[1:]


def share_chart(ds: Dataset) -> Figure:
    """The shares on one 0-100% axis; an open bound is an arrow, a cross-date ratio says so."""
    rows = share_rows(ds)
    fig, axes = style.figure(1, height=_height(len(rows)))
    ax = axes[0]
    if rows:
        labels = [f"{r.label}\n({r.period}" + (", dates differ)" if r.mixed_dates else ")")
                  for r in rows]
        colors = [style.PALETTE[1] if r.basis.startswith("computed") else style.PALETTE[0]
                  for r in rows]
        style.bars_with_bounds(ax, labels, [r.share for r in rows], colors=colors)
        ax.axvline(100, color="0.3", ls=":", lw=1)
        ax.set_xlim(0, 112)
        _thin_lone_bar(ax, len(rows))
        ax.set_xlabel("share of the whole, % (orange: computed)")
    else:
        ax.set_axis_off()
    return style.finish(fig, title=_share_title(rows),
                        source=style.source_line(ds.figures, [i for r in rows for i in r.ids]))


def figure_ids(ds: Dataset) -> list[str]:
    """Every figure id the quality analysis uses, in order, limited to the selected ones."""
    ids = (HIGH_VALUE, DENSITY, TARGET, ENTERPRISE_SHARE, VALID, INDUSTRIALISATION, STREAK, LINYI)
    return [i for i in ids if ds.has(i)]


def missing(ds: Dataset) -> list[str]:
    """What the parameters leave out, each with the figure ids it lacks."""
    return [f"{label} (needs {', '.join(i for i in ids if not ds.has(i))})"
            for label, ids in PARTS if not ds.has(*ids)]


def headline(ds: Dataset) -> str:
    """One sentence for the index page: target attainment when selected, else the first share,
    else the first stated figure, so a narrow selection still gets a headline."""
    reached = attainment(ds)
    if reached is not None:
        density, target = ds.interval(DENSITY), ds.interval(TARGET)
        pct = reached.estimate
        return (f"High-value invention patents reached {fmt.number(density.value, 'count')} per "
                f"10,000 people by {reached.period}, {fmt.number(pct.value, 'percent')} of the "
                f"target of {fmt.number(target.value, 'count')} "
                f"({fmt.bounds_text(pct, 'percent')} allowing for rounding).")
    shares = share_rows(ds)
    if shares:
        first = shares[0]
        return f"{first.label}: {fmt.bounds_text(first.share, 'percent')} ({first.period})."
    rows = metric_rows(ds)
    if rows:
        first = rows[0]
        return f"{first.label}: {fmt.number(first.estimate.value, first.unit)} ({first.period})."
    return "No quality figure is selected."


def summary(ds: Dataset) -> str:
    """The notebook's opening findings, as markdown bullets computed from the figures."""
    lines = []
    people = population(ds)
    if people:
        count, density = ds.interval(HIGH_VALUE), ds.interval(DENSITY)
        lines.append(f"- **{fmt.number(count.value, 'count')}** high-value invention patents at "
                     f"{people.period}, **{fmt.number(density.value, 'per_10k_people')}**. "
                     f"Together they imply a population of "
                     f"{fmt.estimate(people.estimate, 'count')} people; the two figures fit "
                     f"together only if the real population lies in that range.")
    reached = attainment(ds)
    if reached:
        pct = reached.estimate
        verdict = ("beaten however the figures were rounded" if pct.lower > 100
                   else "beaten as stated, though not under every rounding" if pct.value > 100
                   else "not reached as stated")
        lines.append(f"- The density is **{fmt.number(pct.value, 'percent')}** of "
                     f"its target of {fmt.number(ds.interval(TARGET).value, 'count')} "
                     f"({fmt.bounds_text(pct, 'percent')}): {verdict}.")
    held = enterprise_count(ds)
    if held:
        share = fmt.bounds_text(ds.interval(ENTERPRISE_SHARE), "percent")
        lines.append(f"- Enterprises hold {share} of high-value patents: **at least "
                     f"{fmt.number(held.estimate.lower, 'count')}** of them, and at most all "
                     f"{fmt.number(held.estimate.upper, 'count')}.")
    for r in share_rows(ds):
        if r.ids[0] == HIGH_VALUE:
            lines.append(f"- High-value patents equal **{fmt.number(r.share.value, 'percent')}** "
                         f"of valid invention patents ({fmt.bounds_text(r.share, 'percent')})"
                         + (f". **Caution: {r.note}.** If valid invention patents grew in "
                            f"between, the share at a single date is lower." if r.mixed_dates
                            else "."))
        if r.ids[0] == INDUSTRIALISATION:
            lines.append(f"- By {r.period}, **{fmt.bounds_text(r.share, 'percent')}** of "
                         f"enterprise invention patents had been put into production"
                         + (f", {r.note}." if r.note else "."))
    if ds.has(LINYI):
        linyi = ds.interval(LINYI)
        beside = (f", beside the national {fmt.number(ds.interval(DENSITY).value, 'count')}"
                  if ds.has(DENSITY) else "")
        lines.append(f"- Linyi had {fmt.number(linyi.value, 'per_10k_people')} in "
                     f"{_period(ds, LINYI)}{beside}; but {LINYI_CAVEAT}.")
    gaps = missing(ds)
    if gaps:
        lines.append("- Left out by the chosen `sources` and `as_of`: " + "; ".join(gaps) + ".")
    return "\n".join(lines)
