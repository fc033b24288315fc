"""The official record as series: per metric, scope, unit and period, the figure to show, the
first-published one when it was revised, and whether the releases agree.

The figure shown is the latest (no later figure revises it, and none of its period was revised
after its release) from the most official kind of release (an official bulletin before a news
agency before a third-party copy), then the latest published. Releases agree when every latest
figure allows a common value (their bounds overlap).
"""

from __future__ import annotations

import pandas as pd

from ipanalysis.ingest.fields import SERIES

KEY = ["metric", "scope", "base_unit", "period"]
PREFERENCE = {"official": 0, "news_agency": 1, "third_party": 2}


def agreement(lower: pd.Series, upper: pd.Series) -> str:
    """single, agree or disagree for the bounds of one period's latest figures (NaN = open).

    >>> agreement(pd.Series([10.7e12]), pd.Series([10.71e12]))
    'single'
    >>> agreement(pd.Series([10.7085e12, 1.07085e12]), pd.Series([10.7095e12, 1.07095e12]))
    'disagree'
    """
    one = pd.DataFrame({"n": [len(lower)], "floor": [lower.max()], "ceiling": [upper.min()]})
    return verdicts(one).iloc[0]


def verdicts(bounds: pd.DataFrame) -> pd.Series:
    """:func:`agreement` for many periods at once, from each period's number of figures
    (``n``), highest lower bound (``floor``) and lowest upper bound (``ceiling``)."""
    overlap = bounds["floor"].isna() | bounds["ceiling"].isna() | (
        bounds["floor"] <= bounds["ceiling"])
    return pd.Series("disagree", index=bounds.index).where(~overlap, "agree").where(
        bounds["n"] > 1, "single")


def series(record: pd.DataFrame) -> pd.DataFrame:
    """One row per metric, scope, unit and period of the processed ``record`` (the columns of
    ``fields.SERIES``), in metric, scope and period order. Column-wise: one sort and a few
    group reductions, however many periods there are."""
    latest = record[_is_latest(record)].assign(rank=lambda d: d["kind"].map(PREFERENCE))
    chosen = (latest.sort_values([*KEY, "rank", "published", "figure_id"],
                                 ascending=[True] * len(KEY) + [True, False, True])
              .drop_duplicates(KEY).set_index(KEY))
    bounds = latest.groupby(KEY).agg(n=("figure_id", "size"), floor=("lower", "max"),
                                     ceiling=("upper", "min"))
    verdict = verdicts(bounds)
    figures = record.sort_values("figure_id").groupby(KEY)["figure_id"].agg(" ".join)
    revises = dict(zip(record["figure_id"], record["revises"], strict=True))
    value = dict(zip(record["figure_id"], record["base_value"], strict=True))
    first = chosen["figure_id"].map(lambda f: _first_published(revises, f))
    revised = first != chosen["figure_id"]
    out = chosen.assign(
        unit=chosen.index.get_level_values("base_unit"), value=chosen["base_value"],
        first_published=first.where(revised, ""),
        first_value=first.map(value).where(revised),
        figures=figures, agreement=verdict,
    ).reset_index()
    columns = [c for c in SERIES.columns if c != "neighbours"]
    out = out[columns].astype({"value": float, "lower": float, "upper": float,
                               "first_value": float})
    return out.assign(neighbours=neighbours(out, out["metric"].map(
        dict(zip(record["metric"], record["family"], strict=False)))))[list(SERIES.columns)]


def _is_latest(record: pd.DataFrame) -> pd.Series:
    """The figures no revision supersedes: not revised, and not published before the latest
    revision of their period (another page's copy of a preliminary value is superseded too)."""
    revision_date = record[record["revises"] != ""].groupby(KEY)["published"].max()
    dates = record.join(revision_date.rename("revised_on"), on=KEY)["revised_on"]
    return (record["revised_by"] == "") & (dates.isna() | (record["published"] >= dates))


def _first_published(revises: dict[str, str], figure_id: str) -> str:
    """The earliest figure of the revision chain that ends at ``figure_id`` (itself when it
    revises none).

    >>> _first_published({"e-007": "e-014", "e-014": ""}, "e-007")
    'e-014'
    """
    seen = {figure_id}
    while revises.get(figure_id) in revises and revises[figure_id] not in seen:
        figure_id = revises[figure_id]
        seen.add(figure_id)
    return figure_id


def neighbours(out: pd.DataFrame, family: pd.Series, factor: float = 3.0) -> pd.Series:
    """in_line, far_off or "" for each row: a yearly level against the same series' values in
    the two years before and after; far_off when it is more than ``factor`` away from most of
    them, so one slip does not cast doubt on its neighbours (growth rates swing too much to
    judge this way).

    >>> rows = pd.DataFrame({"metric": ["v"] * 3, "scope": ["all"] * 3, "unit": ["count"] * 3,
    ...                      "period": ["2017", "2018", "2019"], "period_type": ["year"] * 3,
    ...                      "value": [1.3e6, 16.2e6, 1.9e6]})
    >>> neighbours(rows, pd.Series(["volume"] * 3)).tolist()
    ['in_line', 'far_off', 'in_line']
    """
    verdict = pd.Series("", index=out.index)
    yearly = out["period_type"].isin(["year", "year_end"]) & (family != "growth") & (
        out["value"] > 0)
    for _, group in out[yearly].groupby(["metric", "scope", "unit"]):
        values = dict(zip(group["period"].astype(int), group["value"], strict=True))
        for index, year in zip(group.index, group["period"].astype(int), strict=True):
            around = [values[y] for y in range(year - 2, year + 3) if y in values and y != year]
            if around:
                far = [not 1 / factor <= values[year] / v <= factor for v in around]
                verdict[index] = "far_off" if sum(far) > len(far) / 2 else "in_line"
    return verdict
