"""Relations the data declares, found and evaluated once: the processed relations table.

A metric's ``role`` in ``metrics.csv`` (with ``of`` and ``part``) says how it relates to another
metric: ``invention_patents_granted_growth`` is the ``growth_pct`` of
``invention_patents_granted``; ``pii_share_of_gdp`` is the ``share_pct`` of ``gdp`` whose part is
``pii_added_value``. Figures of one article, period and geography then pair up by themselves,
and so do an amount given in yuan and in dollars, and one figure stated twice. Each pair is
evaluated here with the same functions the check ledger uses, into one row of
``data/processed/relations.csv``: a computed side, what it is set against (a stated figure or a
reference rate) and a verdict where there is something to judge. The analyses render that table
and never judge a relation themselves; checks across articles or against outside values stay in
the curated ledger (``checks.csv``, :mod:`ipanalysis.relations.ledger`).

Within a group, a USD figure of a money metric stands in for its yuan figure only in the
``usd_conversion`` relation: levels, parts and wholes are taken in the article's own yuan. A
metric stated more than once in a group pairs through its first statement (the later ones are
set against it as ``restated``), so every relation is found once and the table grows linearly
with the figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from ipanalysis.errors import Problem
from ipanalysis.ingest.fields import RELATION_KINDS, RELATIONS
from ipanalysis.ingest.schemas import read_processed
from ipanalysis.paths import PROCESSED_DIR
from ipanalysis.relations import ledger
from ipanalysis.relations.currency import reference_rate
from ipanalysis.relations.figures import figure_interval, open_bound
from ipanalysis.relations.growth import (
    cagr,
    implied_previous_from_change,
    implied_previous_from_rate,
    multiple_from_cumulative_pct,
    yoy_rate,
)
from ipanalysis.relations.interval import Interval, Verdict
from ipanalysis.relations.quality import implied_population
from ipanalysis.relations.shares import implied_denominator

COLUMNS = RELATIONS.columns
GROUP = ["source_id", "period", "geography"]
# The processed figure columns a relation reads.
FIGURE_COLUMNS = ("figure_id", "source_id", "period", "geography", "period_end", "metric",
                  "unit", "base_value", "lower", "upper")


Row = dict[str, object]


@dataclass(frozen=True)
class Found:
    """One relation among figures (processed rows, in role order) and what it computed."""

    kind: str
    figures: tuple[Row, ...]
    roles: tuple[str, ...]
    metric: str
    computed: Interval
    computed_label: str
    unit: str
    against: Interval | None = None
    against_label: str = ""
    verdict: Verdict | None = None
    rate_id: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(str(f["figure_id"]) for f in self.figures)


def range_years(period: str) -> float:
    """Years a range period spans.

    >>> range_years("2017/2024")
    7.0
    """
    start, end = period.split("/")
    return float(int(end[:4]) - int(start[:4]))


@dataclass(frozen=True)
class _Metrics:
    """The metric dictionary as plain lookups: role, of, part and label by metric id."""

    role: dict[str, str]
    of: dict[str, str]
    part: dict[str, str]
    label: dict[str, str]

    @classmethod
    def of_table(cls, metrics: pd.DataFrame) -> _Metrics:
        frame = metrics.reset_index() if "metric" not in metrics.columns else metrics
        return cls(*(dict(zip(frame["metric"], frame[c].fillna("").astype(str), strict=True))
                     for c in ("role", "of", "part", "label")))


class _Group:
    """The figures of one article, period and geography, by metric."""

    def __init__(self, rows: list[Row], metrics: _Metrics) -> None:
        self.rows = rows
        self.metrics = metrics
        self.by_metric: dict[str, list[Row]] = {}
        for row in rows:
            self.by_metric.setdefault(str(row["metric"]), []).append(row)
        self.first = {m: ([r for r in rs if r["unit"] != "USD"] or rs)[:1]
                      for m, rs in self.by_metric.items()}

    def of_metric(self, metric: str) -> list[Row]:
        """The figure that stands for ``metric`` in the group: its first statement in the
        article's own unit (yuan before dollars); none when the group has no such figure."""
        return self.first.get(metric, [])

    def label(self, metric: str) -> str:
        return self.metrics.label[metric]


def _growth(g: _Group, fig: Row, of: str) -> Iterator[Found]:
    rate = figure_interval(fig)
    gid = fig["figure_id"]
    subject = of or fig["metric"]
    for level in g.of_metric(of) if of else []:
        lid = level["figure_id"]
        yield Found("implied_previous", (level, fig), ("level", "growth"), of,
                    implied_previous_from_rate(figure_interval(level), rate),
                    f"previous year implied by {lid} and {gid}", level["unit"],
                    figure_interval(level), f"{lid} as stated")
    yield Found("growth_rate", (fig,), ("growth",), subject, rate, f"{gid} as stated", "percent")


def _change(g: _Group, fig: Row, of: str) -> Iterator[Found]:
    for level in g.of_metric(of) if of else []:
        ids = f"{level['figure_id']} and {fig['figure_id']}"
        current = figure_interval(level)
        previous = implied_previous_from_change(current, figure_interval(fig))
        yield Found("implied_previous", (level, fig), ("level", "change"), of, previous,
                    f"previous year implied by {ids}", level["unit"], current,
                    f"{level['figure_id']} as stated")
        yield Found("growth_rate", (level, fig), ("level", "change"), of,
                    yoy_rate(current, previous), f"growth computed from {ids}", "percent")


def _cumulative(g: _Group, fig: Row, of: str) -> Iterator[Found]:
    period = str(fig["period"])
    if "/" not in period:
        return
    years = range_years(period)
    rate = cagr(Interval.point(1.0), multiple_from_cumulative_pct(figure_interval(fig)), years)
    yield Found("growth_rate", (fig,), ("cumulative",), fig["metric"], rate,
                f"yearly rate compounding {fig['figure_id']} over {years:g} years", "percent")


def _share(g: _Group, fig: Row, of: str) -> Iterator[Found]:
    part_metric = g.metrics.part[str(fig["metric"])]
    stated = figure_interval(fig)
    sid = fig["figure_id"]
    wholes = g.of_metric(of) if of else []
    if not part_metric:
        for whole in wholes:
            out = ledger.share_within_total(figure_interval(whole), stated)
            yield Found("implied_part", (whole, fig), ("whole", "share"), fig["metric"],
                        out.computed, f"count that {sid} of {whole['figure_id']} stands for",
                        whole["unit"], out.against, f"{whole['figure_id']} as stated",
                        out.verdict)
        return
    for part in g.of_metric(part_metric):
        pid = part["figure_id"]
        if not wholes:
            yield Found("implied_whole", (part, fig), ("part", "share"), of,
                        implied_denominator(figure_interval(part), stated),
                        f"{g.label(of)} implied by {pid} and {sid}", part["unit"])
        for whole in wholes:
            out = ledger.share(figure_interval(part), figure_interval(whole), stated)
            yield Found("share_check", (part, whole, fig), ("part", "whole", "share"),
                        fig["metric"], out.computed,
                        f"{pid} as a percent of {whole['figure_id']}", "percent", out.against,
                        f"{sid} as stated", out.verdict)


def _density(g: _Group, fig: Row, of: str) -> Iterator[Found]:
    for count in g.of_metric(of) if of else []:
        yield Found("implied_population", (count, fig), ("count", "density"), fig["metric"],
                    implied_population(figure_interval(count), figure_interval(fig)),
                    f"population implied by {count['figure_id']} and {fig['figure_id']}",
                    "count")


def _target(g: _Group, fig: Row, of: str) -> Iterator[Found]:
    for observed in g.of_metric(of) if of else []:
        out = ledger.target_met(figure_interval(observed), figure_interval(fig))
        yield Found("target_attainment", (observed, fig), ("observed", "target"), of,
                    out.computed, f"{observed['figure_id']} as a percent of {fig['figure_id']}",
                    "percent", out.against, "target reached (100% or more)", out.verdict)


def _part(g: _Group, fig: Row, of: str) -> Iterator[Found]:
    for total in g.of_metric(of) if of else []:
        out = ledger.not_exceeding(figure_interval(fig), figure_interval(total))
        yield Found("within_total", (fig, total), ("part", "total"), fig["metric"],
                    out.computed, f"{fig['figure_id']} as stated", fig["unit"], out.against,
                    f"{total['figure_id']} as stated", out.verdict)


ROLE_RELATIONS = {
    "growth_pct": _growth, "change": _change, "cumulative_growth_pct": _cumulative,
    "share_pct": _share, "per_10k_people": _density, "target": _target, "part": _part,
}


def _same_metric(g: _Group, rates: Callable[[str], tuple[str, str, Interval]]
                 ) -> Iterator[Found]:
    """Conversions (one amount in yuan and in dollars) and restatements (twice in one unit)."""
    for metric, rows in g.by_metric.items():
        for y in [r for r in rows if r["unit"] == "CNY"][:1]:
            for d in (r for r in rows if r["unit"] == "USD"):
                rate_id, _, rate = rates(str(y["period_end"])[:4])
                out = ledger.rate_vs_reference(figure_interval(y), figure_interval(d), rate)
                yield Found("usd_conversion", (y, d), ("yuan", "dollars"), metric,
                            out.computed, f"yuan per dollar implied by {y['figure_id']} and "
                            f"{d['figure_id']}", ledger.RATE_UNIT, out.against,
                            f"reference rate {rate_id}", out.verdict, rate_id)
        for unit in dict.fromkeys(r["unit"] for r in rows):
            same = [r for r in rows if r["unit"] == unit]
            for later in same[1:]:
                out = ledger.same_figure(figure_interval(same[0]), figure_interval(later))
                yield Found("restated", (same[0], later), ("first", "second"), metric,
                            out.computed, f"{same[0]['figure_id']} as stated", unit,
                            out.against, f"{later['figure_id']} as stated", out.verdict)


def find(figures: pd.DataFrame, metrics: pd.DataFrame, rates: pd.DataFrame) -> list[Found]:
    """Every relation the metric roles declare among ``figures`` (processed, with a
    ``figure_id`` column), group by group in the order the figures come."""
    lookup = _Metrics.of_table(metrics)
    rate_of = cache(lambda year: reference_rate(rates, year))
    groups: dict[tuple[object, ...], list[Row]] = {}
    columns = [c for c in FIGURE_COLUMNS if c in figures.columns]
    for values in zip(*(figures[c].tolist() for c in columns), strict=True):
        row = dict(zip(columns, values, strict=True))
        groups.setdefault(tuple(row[c] for c in GROUP), []).append(row)
    found = []
    for rows in groups.values():
        group = _Group(rows, lookup)
        for fig in rows:
            role = lookup.role[str(fig["metric"])]
            if role:
                found += ROLE_RELATIONS[role](group, fig, lookup.of[str(fig["metric"])])
        found += _same_metric(group, rate_of)
    return found


def _side(name: str, iv: Interval | None) -> dict[str, float]:
    if iv is None:
        return {f"{name}_value": math.nan, f"{name}_lower": math.nan, f"{name}_upper": math.nan}
    return {f"{name}_value": iv.value, f"{name}_lower": open_bound(iv.lower),
            f"{name}_upper": open_bound(iv.upper)}


def _row(f: Found, labels: dict[str, str]) -> dict[str, object]:
    first = f.figures[0]
    return {
        "relation_id": f"{f.kind}:{'+'.join(f.ids)}", "kind": f.kind, "figures": " ".join(f.ids),
        "roles": " ".join(f.roles), "source_id": first["source_id"],
        "geography": first["geography"], "period": first["period"],
        "period_end": first["period_end"], "metric": f.metric,
        "metric_label": labels[f.metric], "computed_label": f.computed_label,
        **_side("computed", f.computed), "against_label": f.against_label,
        **_side("against", f.against), "unit": f.unit,
        "verdict": f.verdict.value if f.verdict else "", "rate_id": f.rate_id,
        "sentence": RELATION_KINDS[f.kind][0].upper() + RELATION_KINDS[f.kind][1:] + ".",
    }


def evaluate(figures: pd.DataFrame, metrics: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """The processed relations table (columns as declared in ``fields.RELATIONS``); no input
    is changed."""
    figures = figures.reset_index() if "figure_id" not in figures.columns else figures
    labels = _Metrics.of_table(metrics).label
    rows = [_row(f, labels) for f in find(figures, metrics, rates)]
    return pd.DataFrame({c: [r[c] for r in rows] for c in COLUMNS}, columns=list(COLUMNS))


def load_relations(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """The processed relations table, checked against its declaration; empty numbers read as
    NaN (an open bound, or no side)."""
    return read_processed(RELATIONS, processed_dir)


# A ledger kind and the relation that finds the same thing by itself.
LEDGER_TWINS = {
    "same_figure": "restated", "rate_vs_reference": "usd_conversion", "share": "share_check",
    "target_met": "target_attainment", "not_exceeding": "within_total",
    "share_within_total": "implied_part",
}


def ledger_duplicates(checks: pd.DataFrame, relations: pd.DataFrame,
                      shown: str = "checks.csv") -> list[Problem]:
    """Declared checks that a relation already evaluates (same kind, same figures), so that
    nothing is judged twice; ``checks`` is indexed by editor line.

    >>> checks = pd.DataFrame({"kind": ["same_figure"], "figures": ["st-01 st-02"]}, index=[4])
    >>> relations = pd.DataFrame({"kind": ["restated"], "figures": ["st-01 st-02"],
    ...                           "relation_id": ["restated:st-01+st-02"]})
    >>> print(ledger_duplicates(checks, relations)[0])
    checks.csv:4: figures: found by the metric roles already (got st-01 st-02, expected \
a check across articles or against an outside value, not restated:st-01+st-02)
    """
    twins = set(LEDGER_TWINS.values())
    found = {(kind, frozenset(figures.split())): rid
             for kind, figures, rid in zip(relations["kind"].tolist(),
                                           relations["figures"].tolist(),
                                           relations["relation_id"].tolist(), strict=True)
             if kind in twins}
    problems = []
    for line, check in checks.iterrows():
        twin = found.get((LEDGER_TWINS.get(check["kind"]), frozenset(check["figures"].split())))
        if twin:
            problems.append(Problem(shown, int(line), "figures",
                                    "found by the metric roles already", got=check["figures"],
                                    expected="a check across articles or against an outside "
                                    f"value, not {twin}"))
    return problems


# Roles that relate a metric to another one and so need ``of``.
NEEDS_OF = ("change", "share_pct", "target", "part")


def role_problems(metrics: pd.DataFrame, shown: str = "metrics.csv") -> list[Problem]:
    """Metric roles that could never pair: a role that needs ``of`` without it, a ``part``
    outside a share, ``of`` or ``part`` without a role. ``metrics`` is indexed by editor line.

    >>> metrics = pd.DataFrame({"metric": ["jobs_change"], "role": ["change"], "of": [""],
    ...                         "part": [""]}, index=[3])
    >>> print(role_problems(metrics)[0])
    metrics.csv:3: of: the role change needs the metric it relates to (got '', expected a \
metric id)
    """
    problems = []
    for line, row in metrics.iterrows():
        role, of, part = (str(row.get(c, "") or "") for c in ("role", "of", "part"))
        if role in NEEDS_OF and not of:
            problems.append(Problem(shown, int(line), "of", f"the role {role} needs the metric "
                                    "it relates to", got="''", expected="a metric id"))
        if part and role != "share_pct":
            problems.append(Problem(shown, int(line), "part", "only a share_pct has a part",
                                    got=part, expected="empty"))
        if (of or part) and not role:
            problems.append(Problem(shown, int(line), "role", "of or part is set but no role",
                                    got="''", expected="a role"))
    return problems
