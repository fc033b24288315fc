"""What the checks notebook shows (and the per-article and industry reports reuse): every
judged relation, grouped by verdict, each side in words, a chart of how far each computed value
lies from what it is set against, and a summary written from those numbers.

The judged relations are the curated checks of ``data/processed/checks.csv`` (across articles,
against outside values) and the relations with a verdict that the metric roles found in
``data/processed/relations.csv``. Only those whose figures the parameters all select are shown;
the verdicts are computed once, by ``ipanalysis process``, and never recomputed here.
"""

from __future__ import annotations

import math
import re

import matplotlib.patches as mpatches
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ipanalysis.relations.figures import side
from ipanalysis.relations.interval import Interval, Verdict
from ipanalysis.relations.ledger import RATE_UNIT
from ipanalysis.views import fmt, style
from ipanalysis.views.dataset import Dataset
from ipanalysis.views.markdown import format_md, id_links

ORDER = (Verdict.INCONSISTENT, Verdict.UNDETERMINED, Verdict.CONSISTENT)
MEANING = {
    Verdict.CONSISTENT: "the figures cannot disagree",
    Verdict.UNDETERMINED: "the wording leaves room for agreement and for disagreement",
    Verdict.INCONSISTENT: "no value satisfies both sides",
}
COLOURS = {Verdict.CONSISTENT: style.PALETTE[0], Verdict.UNDETERMINED: style.PALETTE[4],
           Verdict.INCONSISTENT: style.PALETTE[3]}
MARKERS = {Verdict.CONSISTENT: "o", Verdict.UNDETERMINED: "s", Verdict.INCONSISTENT: "X"}
# No "$" here: Jupyter's Markdown reads text between two dollar signs as mathematics.
SUFFIX = {RATE_UNIT: " yuan per US dollar", "people": " people"}
X_MAX = 2.0


ORIGINS = {"ledger": "declared check", "roles": "found by the metric roles"}
COLUMNS = ["kind", "figures", "source_ids", "computed_label", "computed_value", "computed_lower",
           "computed_upper", "against_label", "against_value", "against_lower", "against_upper",
           "unit", "verdict", "sentence", "origin"]


def declared(ds: Dataset) -> pd.DataFrame:
    """The declared checks whose figures the parameters all select, indexed by check id."""
    return ds.checks.assign(origin=ORIGINS["ledger"])[COLUMNS]


def selected(ds: Dataset) -> pd.DataFrame:
    """Every judged relation whose figures the parameters all select: the declared checks,
    then the relations with a verdict, indexed by check or relation id."""
    found = ds.relations[ds.relations["verdict"] != ""].assign(
        source_ids=lambda d: d["source_id"], origin=ORIGINS["roles"])
    return pd.concat([declared(ds), found[COLUMNS]])


def touching_figures(checks: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """The rows of a checks table that use at least one of ``ids``."""
    wanted = set(ids)
    uses = checks["figures"].str.split().apply(lambda used: bool(wanted & set(used)))
    return checks[uses.astype(bool)]  # bool also when empty, so it filters rows


def touching(checks: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """The rows that use at least one figure of ``source_id``."""
    return checks[checks["source_ids"].str.split().apply(lambda ids: source_id in ids).astype(bool)]


def value_text(iv: Interval, unit: str) -> str:
    """One side of a check in words, e.g. '7.24 (7.17 to 7.30) yuan per US dollar'."""
    if unit not in SUFFIX:
        return fmt.estimate(iv, unit)
    return fmt.estimate(iv, "count") + SUFFIX[unit]


def _same_year_condition(row: pd.Series, ds: Dataset) -> str:
    """For two implied wholes: what the second part must reach for both pairs to hold in one
    year, in plain words (the digital economy against GDP from the patent-intensive pair)."""
    part_b_id, share_b_id = row["figures"].split()[2:]
    whole = side(row, "computed")
    part_b, share_b = ds.interval(part_b_id), ds.interval(share_b_id)
    needed = share_b.lower / 100 * whole.lower
    unit = row["unit"]
    as_written = part_b.value / (share_b.value / 100)
    gap = 1 - as_written / whole.value
    head = (f"At the values as written, {part_b_id} and {share_b_id} put the whole at "
            f"{fmt.number(as_written, unit)}, {fmt.number(abs(gap) * 100, 'percent', sig=2)} "
            f"{'below' if gap > 0 else 'above'} the {fmt.number(whole.value, unit)} of the first "
            f"pair. ")
    if needed > part_b.upper:
        return head + (f"For one year they cannot both hold: that needs {part_b_id} of at least "
                       f"{fmt.number(needed, unit)}, more than its wording allows.")
    return head + (f"They can both hold for one year only if {part_b_id} was at least "
                   f"{fmt.number(needed, unit)}, which its wording allows but does not say.")


def finding(row: pd.Series, ds: Dataset) -> str:
    """The check's result in one or two sentences computed from its numbers."""
    computed, against = side(row, "computed"), side(row, "against")
    text = (f"{in_words(row['computed_label'], ds)} = {value_text(computed, row['unit'])}; "
            f"{in_words(row['against_label'], ds)} = {value_text(against, row['unit'])}.")
    if row["kind"] == "two_denominators" and ds.has(*row["figures"].split()):
        text += " " + _same_year_condition(row, ds)
    return text


def table(checks: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """One row per check: what it tests, what came out, and the verdict."""
    return pd.DataFrame(
        [{"Check": check_id, "What it tests": row["sentence"], "Result": finding(row, ds),
          "Verdict": row["verdict"], "Origin": row["origin"],
          "Figures": row["figures"].replace(" ", ", ")}
         for check_id, row in checks.iterrows()],
        columns=["Check", "What it tests", "Result", "Verdict", "Origin", "Figures"],
    ).set_index("Check")


def by_verdict(ds: Dataset) -> dict[Verdict, pd.DataFrame]:
    """The selected checks as one table per verdict, the ones that fail first."""
    checks = selected(ds)
    return {v: table(checks[checks["verdict"] == v.value], ds) for v in ORDER}


def counts(checks: pd.DataFrame) -> dict[Verdict, int]:
    """Checks per verdict, every verdict present."""
    found = checks["verdict"].value_counts()
    return {v: int(found.get(v.value, 0)) for v in ORDER}


def counts_text(checks: pd.DataFrame) -> str:
    """'15 consistent, 2 undetermined, 1 inconsistent'."""
    n = counts(checks)
    return ", ".join(f"{n[v]} {v.value}" for v in reversed(ORDER))


def _relative(iv: Interval, by: float) -> tuple[float, float, float]:
    """An interval divided by the central value it is checked against, clipped to the axis."""
    scale = by if by else 1.0
    return tuple(min(max(x / scale, 0.0), X_MAX) for x in (iv.value, iv.lower, iv.upper))


def chart(checks: pd.DataFrame, ds: Dataset, *, title: str) -> Figure:
    """Each check as a dot with its range (the computed side, coloured by verdict) over a grey
    band (what it is set against), both divided by the central value of the grey band, so
    checks in yuan, percent and people share one axis. Arrows mark open bounds."""
    rows = [(check_id, row) for v in ORDER for check_id, row in
            checks[checks["verdict"] == v.value].iterrows()]
    fig, axes = style.figure(1, height=0.3 * max(len(rows), 2) + 2.0)
    ax = axes[0]
    for y, (_, row) in enumerate(reversed(rows)):
        against, computed = side(row, "against"), side(row, "computed")
        centre, low, high = _relative(against, against.value)
        ax.barh(y, high - low, left=low, height=0.7, color="0.85")
        ax.plot([centre], [y], marker="|", ms=14, color="0.45")
        value, c_low, c_high = _relative(computed, against.value)
        verdict = Verdict(row["verdict"])
        colour = COLOURS[verdict]
        ax.errorbar([value], [y], xerr=[[value - c_low], [c_high - value]],
                    fmt=MARKERS[verdict], color=colour, ecolor=colour, capsize=3, ms=6, lw=1.4)
        for bound, arrow in ((against.upper, "0.55"), (computed.upper, colour)):
            if math.isinf(bound):
                ax.annotate("", xy=(X_MAX, y), xytext=(X_MAX - 0.12, y),
                            arrowprops={"arrowstyle": "->", "color": arrow, "lw": 1.2})
    ax.set_yticks(range(len(rows)), [check_id for check_id, _ in reversed(rows)], fontsize=8)
    ax.set_xlim(0, X_MAX)
    ax.axvline(1, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("value ÷ central value of what it is checked against (1 = equal)")
    handles = [mpatches.Patch(color="0.85", label="checked against")] + [
        Line2D([], [], color=COLOURS[v], marker=MARKERS[v], lw=1.4, label=f"{v.value}")
        for v in ORDER]
    ax.legend(handles=handles, fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0),
              ncol=4, frameon=False)
    ids = [i for _, row in rows for i in row["figures"].split()]
    return style.finish(fig, title=title, source=style.source_line(ds.figures, ids))


def chart_title(checks: pd.DataFrame) -> str:
    """A title that states the finding: how many hold, how many fail."""
    n = counts(checks)
    total = sum(n.values())
    if not total:
        return "No check is selected"
    if n[Verdict.INCONSISTENT]:
        return (f"{n[Verdict.CONSISTENT]} of {total} checks hold; "
                f"{n[Verdict.INCONSISTENT]} cannot hold as stated")
    return f"{n[Verdict.CONSISTENT]} of {total} checks hold and none fails"


_FIGURE_ID = re.compile(r"\b[a-z]{2}-\d{2}\b")
_RATE = re.compile(r"\breference rate (\S+)")


def in_words(label: str, ds: Dataset) -> str:
    """A side's label with every figure id replaced by the figure as the article wrote it, and a
    reference rate's id by the year it is for, so a reader needs no ids.

    'yuan per dollar implied by pw-10 and pw-11' becomes 'yuan per dollar implied by
    "854 billion yuan" and "about 118 billion U.S. dollars"'.
    """
    def figure(match: re.Match[str]) -> str:
        found = match.group(0)
        return f'"{ds.row(found)["literal"]}"' if ds.has(found) else found

    def rate(match: re.Match[str]) -> str:
        rates = ds.rates.set_index("rate_id") if "rate_id" in ds.rates.columns else ds.rates
        if match.group(1) in rates.index:
            return f"the {rates.loc[match.group(1), 'period']} average rate"
        return match.group(0)

    return _FIGURE_ID.sub(figure, _RATE.sub(rate, label))


def finding_in_words(row: pd.Series, ds: Dataset) -> str:
    """One judged relation as a plain sentence with its verdict: what the figures give, against
    what, with the metric and period of its first figure."""
    first = ds.row(row["figures"].split()[0])
    computed = in_words(row["computed_label"], ds)
    computed = computed if computed.startswith('"') else f"the {computed}"
    return (f"For {_lower_first(str(first['metric_label']))} ({first['period']}), {computed} "
            f"is {value_text(side(row, 'computed'), row['unit'])}, against "
            f"{in_words(row['against_label'], ds)}, "
            f"{value_text(side(row, 'against'), row['unit'])}: {row['verdict']}.")


def _lower_first(label: str) -> str:
    """'Patent pledges' -> 'patent pledges', but 'ICT added value' keeps its capitals."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def headline(ds: Dataset) -> str:
    """One sentence for the index page, with the first failing check in the figures' words."""
    checks = selected(ds)
    if checks.empty:
        return "No check has all its figures selected."
    text = f"{len(checks)} judged relations between the articles' figures: {counts_text(checks)}"
    failing = checks[checks["verdict"] == Verdict.INCONSISTENT.value]
    if failing.empty:
        return text + "."
    return f"{text}. {finding_in_words(failing.iloc[0], ds)}"


def headline_ids(ds: Dataset) -> list[str]:
    """The figures of the first failing check, linked after the headline."""
    checks = selected(ds)
    failing = checks[checks["verdict"] == Verdict.INCONSISTENT.value]
    return failing.iloc[0]["figures"].split() if not failing.empty else []


def summary_lines(checks: pd.DataFrame, ds: Dataset) -> list[str]:
    """Markdown bullets: the count per verdict, then every check that is not consistent, its
    words escaped (they carry ids and labels from the data)."""
    n = counts(checks)
    origins = checks["origin"].value_counts()
    lines = [f"- {fmt.count(len(checks), 'judged relation')}: "
             f"{fmt.count(int(origins.get(ORIGINS['ledger'], 0)), 'declared check')} and "
             f"{int(origins.get(ORIGINS['roles'], 0))} found by the metric roles."]
    lines += [f"- **{n[v]} {v.value}**: {MEANING[v]}." for v in reversed(ORDER)]
    for _, row in checks.iterrows():
        if row["verdict"] != Verdict.CONSISTENT.value:
            lines.append(format_md("- {finding}", finding=finding_in_words(row, ds))
                         + " " + id_links(row["figures"].split()))
    return lines


def summary(ds: Dataset) -> str:
    """The notebook's opening findings, as markdown bullets computed from the checks."""
    checks = selected(ds)
    if checks.empty:
        return "- None of the checks has all its figures selected."
    return "\n".join(summary_lines(checks, ds))


def used_figure_ids(ds: Dataset) -> list[str]:
    """Every figure id the selected checks use, in order of first use."""
    return list(dict.fromkeys(i for cell in selected(ds)["figures"] for i in cell.split()))
