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

Pairs are found with joins over the whole figures table, not figure by figure, and each
distinct set of inputs (the form of the calculation and its figures' bounds, bit for bit) is
evaluated once: 100,000 figure rows copied into five articles give about 136,000 relations
but only a few hundred calculations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import permutations
from pathlib import Path

import numpy as np
import pandas as pd

from ipanalysis.errors import Problem
from ipanalysis.ingest.fields import RELATION_KINDS, RELATIONS
from ipanalysis.ingest.processed import read_processed
from ipanalysis.paths import PROCESSED_DIR
from ipanalysis.relations import ledger
from ipanalysis.relations.currency import reference_rate
from ipanalysis.relations.figures import open_bound
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
FIGURE_COLUMNS = ["figure_id", "source_id", "period", "geography", "period_end", "metric",
                  "unit", "base_value", "lower", "upper"]
# Sort keys that put the relations in the order they are written: group by group in the order
# the figures come, first each figure's role relations, then metric by metric the conversions
# and restatements.
ORDER = ["group", "section", "k1", "k2", "k3", "k4"]
SLOTS = 3  # the most figures one relation joins (part, whole and share)

Result = tuple[Interval, Interval | None, Verdict | None]


def range_years(period: str) -> float:
    """Years a range period spans.

    >>> range_years("2017/2024")
    7.0
    """
    start, end = period.split("/")
    return float(int(end[:4]) - int(start[:4]))


def _outcome(check: Callable[..., ledger.Outcome]) -> Callable[[Sequence[Interval], float], Result]:
    """A ledger function as a relation's calculation: both sides and the verdict."""
    def calculate(figs: Sequence[Interval], extra: float) -> Result:
        out = check(*figs)
        return out.computed, out.against, out.verdict
    return calculate


def _conversion(figs: Sequence[Interval], rate: float) -> Result:
    out = ledger.rate_vs_reference(figs[0], figs[1], Interval.point(rate))
    return out.computed, out.against, out.verdict


@dataclass(frozen=True)
class Form:
    """One way a relation is calculated: its kind, the roles of its figures, the labels of
    both sides (``{0}``, ``{1}``, ``{2}`` are the figure ids in role order; ``{of}``, ``{years}``
    and ``{rate_id}`` the other fields a form uses) and the calculation itself, from the
    figures as intervals and one number (years compounded, or the reference rate)."""

    kind: str
    roles: tuple[str, ...]
    computed_label: str
    against_label: str
    calculate: Callable[[Sequence[Interval], float], Result]


FORMS = {
    "previous_from_rate": Form(
        "implied_previous", ("level", "growth"), "previous year implied by {0} and {1}",
        "{0} as stated", lambda f, _: (implied_previous_from_rate(f[0], f[1]), f[0], None)),
    "rate_stated": Form("growth_rate", ("growth",), "{0} as stated", "",
                        lambda f, _: (f[0], None, None)),
    "previous_from_change": Form(
        "implied_previous", ("level", "change"), "previous year implied by {0} and {1}",
        "{0} as stated", lambda f, _: (implied_previous_from_change(f[0], f[1]), f[0], None)),
    "rate_from_change": Form(
        "growth_rate", ("level", "change"), "growth computed from {0} and {1}", "",
        lambda f, _: (yoy_rate(f[0], implied_previous_from_change(f[0], f[1])), None, None)),
    "rate_compounded": Form(
        "growth_rate", ("cumulative",), "yearly rate compounding {0} over {years} years", "",
        lambda f, years: (cagr(Interval.point(1.0), multiple_from_cumulative_pct(f[0]), years),
                          None, None)),
    "implied_part": Form("implied_part", ("whole", "share"), "count that {1} of {0} stands for",
                         "{0} as stated", _outcome(ledger.share_within_total)),
    "implied_whole": Form("implied_whole", ("part", "share"), "{of} implied by {0} and {1}", "",
                          lambda f, _: (implied_denominator(f[0], f[1]), None, None)),
    "share_check": Form("share_check", ("part", "whole", "share"), "{0} as a percent of {1}",
                        "{2} as stated", _outcome(ledger.share)),
    "implied_population": Form(
        "implied_population", ("count", "density"), "population implied by {0} and {1}", "",
        lambda f, _: (implied_population(f[0], f[1]), None, None)),
    "target_attainment": Form("target_attainment", ("observed", "target"),
                              "{0} as a percent of {1}", "target reached (100% or more)",
                              _outcome(ledger.target_met)),
    "within_total": Form("within_total", ("part", "total"), "{0} as stated", "{1} as stated",
                         _outcome(ledger.not_exceeding)),
    "usd_conversion": Form("usd_conversion", ("yuan", "dollars"),
                           "yuan per dollar implied by {0} and {1}", "reference rate {rate_id}",
                           _conversion),
    "restated": Form("restated", ("first", "second"), "{0} as stated", "{1} as stated",
                     _outcome(ledger.same_figure)),
}


def fill(template: str, fields: dict[str, pd.Series]) -> pd.Series:
    """``template`` filled row by row from string columns, without a Python loop over rows.

    >>> ids = pd.Series(["pw-01", "nf-09"])
    >>> fill("{0} as stated", {"0": ids}).tolist()
    ['pw-01 as stated', 'nf-09 as stated']
    """
    pieces = re.split(r"\{(\w+)\}", template)
    out = pd.Series(pieces[0], index=next(iter(fields.values())).index, dtype="str")
    for i in range(1, len(pieces), 2):
        out = out + fields[pieces[i]] + pieces[i + 1]
    return out


def _figures(figures: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """The columns a relation reads, with each figure's position, its group (numbered in the
    order the figures come) and its metric's role, of and part."""
    frame = metrics.reset_index() if "metric" not in metrics.columns else metrics
    roles = frame.set_index("metric")[["role", "of", "part"]].fillna("").astype(str)
    fig = figures[FIGURE_COLUMNS].reset_index(drop=True)
    return fig.assign(pos=np.arange(len(fig)),
                      group=fig.groupby(GROUP, sort=False, dropna=False).ngroup()
                      ).join(roles, on="metric")


def _standing(fig: pd.DataFrame) -> pd.DataFrame:
    """The figure that stands for each metric of a group: its first statement in the article's
    own unit (yuan before dollars), else its first statement."""
    keys = ["group", "metric"]
    own_unit = fig[fig["unit"].ne("USD")].drop_duplicates(keys)
    return pd.concat([own_unit, fig.drop_duplicates(keys)]).drop_duplicates(keys)[
        [*keys, "pos"]]


def _standing_for(fig: pd.DataFrame, standing: pd.DataFrame, column: str) -> np.ndarray:
    """Position of the figure standing for the metric each figure names in ``column`` within
    its group; -1 where the group has none."""
    keyed = standing.rename(columns={"metric": column, "pos": "to"})
    to = fig[["group", column]].merge(keyed, on=["group", column], how="left")["to"]
    return to.fillna(-1).to_numpy(dtype=np.int64)


def _pairs(fig: pd.DataFrame, name: str, members: Sequence[np.ndarray], order: dict[str, object],
           metric: np.ndarray, unit: str | None = None, extra: np.ndarray | float = 0.0,
           **texts: np.ndarray) -> pd.DataFrame:
    """Relations of one form among the figures at ``members`` (positions in role order): ids,
    labels, the unit (a fixed one, or the first figure's) and the keys that order them."""
    form = FORMS[name]
    ids = {str(i): fig["figure_id"].take(m).reset_index(drop=True)
           for i, m in enumerate(members)}
    fields = ids | {k: pd.Series(v, dtype="str") for k, v in texts.items()}
    slots = [f"{{{i}}}" for i in range(len(members))]
    return pd.DataFrame({
        "form": name, **{f"m{i}": members[i] if i < len(members) else -1 for i in range(SLOTS)},
        "relation_id": fill(f"{form.kind}:{'+'.join(slots)}", ids),
        "kind": form.kind, "figures": fill(" ".join(slots), ids), "roles": " ".join(form.roles),
        "metric": metric,
        "computed_label": fill(form.computed_label, fields),
        "against_label": fill(form.against_label, fields) if form.against_label else "",
        "unit": fig["unit"].to_numpy()[members[0]] if unit is None else unit,
        "extra": extra, "rate_id": texts.get("rate_id", ""), **order,
    }, index=pd.RangeIndex(len(members[0])))


def _role_pairs(fig: pd.DataFrame, standing: pd.DataFrame,
                labels: dict[str, str]) -> list[pd.DataFrame]:
    """The relations each figure's metric role declares, with the figure standing for the
    metric it names (``of``, and a share's ``part``) in its group."""
    of = _standing_for(fig, standing, "of")
    part = _standing_for(fig, standing, "part")
    role, pos = fig["role"].to_numpy(), fig["pos"].to_numpy()
    own, named = fig["metric"].to_numpy(), fig["of"].to_numpy()
    has_of, has_part = of >= 0, part >= 0
    split = (role == "share_pct") & (fig["part"].to_numpy() != "")
    compounded = (role == "cumulative_growth_pct") & fig["period"].str.contains(
        "/", regex=False).to_numpy()
    years, spans = np.zeros(len(fig)), np.full(len(fig), "", dtype=object)
    years[compounded] = [range_years(p) for p in fig["period"][compounded]]
    spans[compounded] = [f"{y:g}" for y in years[compounded]]
    texts = {"years": spans, "of": _looked_up(fig["of"], labels | {"": ""}).to_numpy()}

    def pairs(mask: np.ndarray, name: str, members: list[np.ndarray], metric: np.ndarray,
              step: int = 0, unit: str | None = None) -> pd.DataFrame:
        at = np.flatnonzero(mask)
        order = {"group": fig["group"].to_numpy()[at], "section": 0, "k1": pos[at],
                 "k2": step, "k3": 0, "k4": 0}
        return _pairs(fig, name, [m[at] for m in members], order, metric[at], unit,
                      years[at], **{k: v[at] for k, v in texts.items()})

    return [
        pairs((role == "growth_pct") & has_of, "previous_from_rate", [of, pos], named),
        pairs(role == "growth_pct", "rate_stated", [pos], np.where(named != "", named, own),
              1, "percent"),
        pairs((role == "change") & has_of, "previous_from_change", [of, pos], named),
        pairs((role == "change") & has_of, "rate_from_change", [of, pos], named, 1, "percent"),
        pairs(compounded, "rate_compounded", [pos], own, unit="percent"),
        pairs((role == "share_pct") & ~split & has_of, "implied_part", [of, pos], own),
        pairs(split & has_part & ~has_of, "implied_whole", [part, pos], named),
        pairs(split & has_part & has_of, "share_check", [part, of, pos], own, unit="percent"),
        pairs((role == "per_10k_people") & has_of, "implied_population", [of, pos], own,
              unit="count"),
        pairs((role == "target") & has_of, "target_attainment", [of, pos], named,
              unit="percent"),
        pairs((role == "part") & has_of, "within_total", [pos, of], own),
    ]


def _same_metric_pairs(fig: pd.DataFrame, rates: pd.DataFrame) -> list[pd.DataFrame]:
    """Conversions (one amount in yuan and in dollars: the first yuan figure of a metric with
    each dollar figure) and restatements (each later statement in one unit with the first)."""
    by_metric = ["group", "metric"]
    metric_first = fig.groupby(by_metric, sort=False, dropna=False)["pos"].transform("first")
    unit_first = fig.groupby([*by_metric, "unit"], sort=False, dropna=False)["pos"].transform(
        "first").to_numpy()
    yuan = fig[fig["unit"].eq("CNY")].drop_duplicates(by_metric)[[*by_metric, "pos"]]
    dollars = fig[fig["unit"].eq("USD")].merge(yuan.rename(columns={"pos": "yuan"}),
                                               on=by_metric)
    d, y = dollars["pos"].to_numpy(), dollars["yuan"].to_numpy()
    year = fig["period_end"].astype(str).str[:4].to_numpy()[y]
    reference = {k: reference_rate(rates, k) for k in dict.fromkeys(year)}
    conversions = _pairs(
        fig, "usd_conversion", [y, d],
        {"group": dollars["group"].to_numpy(), "section": 1,
         "k1": metric_first.to_numpy()[d], "k2": 0, "k3": d, "k4": 0},
        fig["metric"].to_numpy()[d], ledger.RATE_UNIT,
        np.array([reference[k][2].value for k in year], dtype=float),
        rate_id=np.array([reference[k][0] for k in year], dtype=object))
    later = np.flatnonzero(fig["pos"].to_numpy() != unit_first)
    first = unit_first[later]
    restated = _pairs(
        fig, "restated", [first, later],
        {"group": fig["group"].to_numpy()[later], "section": 1,
         "k1": metric_first.to_numpy()[later], "k2": 1, "k3": first, "k4": later},
        fig["metric"].to_numpy()[later])
    return [conversions, restated]


def _calculated(found: pd.DataFrame, fig: pd.DataFrame) -> pd.DataFrame:
    """Both sides and the verdict of every relation, each distinct calculation (its form,
    its figures' values and bounds bit for bit, and its extra number) done once."""
    bounds = (fig["base_value"].to_numpy(dtype=float),
              fig["lower"].fillna(-math.inf).to_numpy(dtype=float),
              fig["upper"].fillna(math.inf).to_numpy(dtype=float))
    inputs = {}
    for i in range(SLOTS):
        at = found[f"m{i}"].to_numpy()
        for name, values in zip("vlu", bounds, strict=True):
            inputs[f"{name}{i}"] = np.where(at >= 0, values[at], 0.0)
    inputs["extra"] = found["extra"].to_numpy(dtype=float)
    keys = pd.DataFrame({"form": found["form"]}
                        | {k: v.view(np.int64) for k, v in inputs.items()})
    codes = keys.groupby(list(keys.columns), sort=False).ngroup().to_numpy()
    _, firsts = np.unique(codes, return_index=True)
    sides: list[list[float]] = [[] for _ in range(6)]
    verdicts = []
    for at in firsts.tolist():
        form = FORMS[found["form"].iat[at]]
        figs = [Interval.of(inputs[f"v{i}"][at], inputs[f"l{i}"][at], inputs[f"u{i}"][at])
                for i in range(len(form.roles))]
        computed, against, verdict = form.calculate(figs, float(inputs["extra"][at]))
        values = (*_side(computed), *_side(against))
        for column, value in zip(sides, values, strict=True):
            column.append(value)
        verdicts.append(verdict.value if verdict else "")
    names = [f"{s}_{b}" for s in ("computed", "against") for b in ("value", "lower", "upper")]
    return pd.DataFrame({name: np.array(column, dtype=float)[codes]
                         for name, column in zip(names, sides, strict=True)}
                        | {"verdict": pd.Series(verdicts, dtype="str").take(codes)
                           .reset_index(drop=True)})


def _side(iv: Interval | None) -> tuple[float, float, float]:
    """A side's value and bounds as written: an infinite bound (or no side) is empty."""
    if iv is None:
        return (math.nan, math.nan, math.nan)
    return (iv.value, open_bound(iv.lower), open_bound(iv.upper))


def evaluate(figures: pd.DataFrame, metrics: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """The processed relations table (columns as declared in ``fields.RELATIONS``), group by
    group in the order the figures come; no input is changed.

    848.5 billion yuan given as 120 billion dollars implies 848.45 / 120.5 = 7.0411 to
    848.55 / 119.5 = 7.1008 yuan per dollar, which holds the reference 7.0467; the yuan amount
    stated again is set against its first statement:

    >>> figures = pd.DataFrame({
    ...     "figure_id": ["ex-01", "ex-02", "ex-03"], "source_id": "example",
    ...     "period": "2023", "geography": "CN", "period_end": "2023-12-31",
    ...     "metric": "ip_pledge_financing", "unit": ["CNY", "USD", "CNY"],
    ...     "base_value": [848.5e9, 120e9, 848.5e9], "lower": [848.45e9, 119.5e9, 848.45e9],
    ...     "upper": [848.55e9, 120.5e9, 848.55e9]})
    >>> metrics = pd.DataFrame({"metric": ["ip_pledge_financing"], "label": ["IP pledges"],
    ...                         "role": [""], "of": [""], "part": [""]})
    >>> rates = pd.DataFrame({"rate_id": ["avg_2023"], "period": ["2023"],
    ...                       "cny_per_usd": [7.0467]})
    >>> found = evaluate(figures, metrics, rates)
    >>> for row in found.itertuples():
    ...     print(row.relation_id, round(row.computed_lower, 4), round(row.computed_upper, 4),
    ...           row.verdict)
    usd_conversion:ex-01+ex-02 7.0411 7.1008 consistent
    restated:ex-01+ex-03 848450000000.0 848550000000.0 consistent
    """
    figures = figures.reset_index() if "figure_id" not in figures.columns else figures
    if figures.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    frame = metrics.reset_index() if "metric" not in metrics.columns else metrics
    labels = dict(zip(frame["metric"], frame["label"].fillna("").astype(str), strict=True))
    fig = _figures(figures, metrics)
    found = pd.concat([*_role_pairs(fig, _standing(fig), labels),
                       *_same_metric_pairs(fig, rates)], ignore_index=True)
    found = found.take(np.lexsort([found[k].to_numpy() for k in reversed(ORDER)]))
    found = found.reset_index(drop=True)
    placed = ["source_id", "geography", "period", "period_end"]
    first = fig[placed].take(found["m0"].to_numpy()).reset_index(drop=True)
    sentences = {k: v[0].upper() + v[1:] + "." for k, v in RELATION_KINDS.items()}
    table = found.assign(
        **{c: first[c] for c in placed},
        metric_label=_looked_up(found["metric"], labels),
        sentence=_looked_up(found["kind"], sentences),
    ).join(_calculated(found, fig))
    return table[list(COLUMNS)]


def _looked_up(column: pd.Series, table: dict[str, str]) -> pd.Series:
    """``column`` mapped through ``table``, looking each distinct value up once.

    >>> _looked_up(pd.Series(["a", "b", "a"]), {"a": "x", "b": "y"}).tolist()
    ['x', 'y', 'x']
    """
    codes, distinct = pd.factorize(column)
    looked_up = pd.Series([table[v] for v in distinct], dtype="str").take(codes)
    return looked_up.set_axis(column.index)


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
    # a twin lists a check's figures in some order: look for those orders only
    orders = {" ".join(p) for figures in checks["figures"]
              for p in permutations(set(figures.split()))}
    near = relations[relations["figures"].isin(orders)]
    near = near[near["kind"].isin(set(LEDGER_TWINS.values()))]
    found = {(kind, frozenset(figures.split())): rid
             for kind, figures, rid in zip(near["kind"].tolist(), near["figures"].tolist(),
                                           near["relation_id"].tolist(), strict=True)}
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
