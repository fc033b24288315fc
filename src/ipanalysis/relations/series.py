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
    if len(lower) == 1:
        return "single"
    highest_floor = lower.max(skipna=True)
    lowest_ceiling = upper.min(skipna=True)
    if pd.isna(highest_floor) or pd.isna(lowest_ceiling):
        return "agree"
    return "agree" if highest_floor <= lowest_ceiling else "disagree"


def series(record: pd.DataFrame) -> pd.DataFrame:
    """One row per metric, scope, unit and period of the processed ``record`` (the columns of
    ``fields.SERIES``), in metric, scope and period order."""
    rows = []
    ranked = record.assign(rank=record["kind"].map(PREFERENCE))
    for key, group in ranked.groupby(KEY, sort=True):
        latest = _latest(group)
        chosen = latest.sort_values(["rank", "published", "figure_id"],
                                    ascending=[True, False, True]).iloc[0]
        first = _first_published(group, chosen["figure_id"])
        rows.append({
            "metric": key[0], "metric_label": chosen["metric_label"], "scope": key[1],
            "unit": key[2], "period": key[3], "period_type": chosen["period_type"],
            "period_end": chosen["period_end"], "figure_id": chosen["figure_id"],
            "value": chosen["base_value"], "lower": chosen["lower"], "upper": chosen["upper"],
            "kind": chosen["kind"], "url": chosen["url"],
            "first_published": "" if first == chosen["figure_id"] else first,
            "first_value": (None if first == chosen["figure_id"]
                            else group.set_index("figure_id").at[first, "base_value"]),
            "figures": " ".join(sorted(group["figure_id"])),
            "agreement": agreement(latest["lower"], latest["upper"]),
        })
    columns = [c for c in SERIES.columns if c != "neighbours"]
    out = pd.DataFrame(rows, columns=columns).astype(
        {"value": float, "lower": float, "upper": float, "first_value": float})
    family = dict(zip(record["metric"], record["family"], strict=False))
    return out.assign(neighbours=neighbours(out, out["metric"].map(family)))[
        list(SERIES.columns)]


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


def _latest(group: pd.DataFrame) -> pd.DataFrame:
    """The figures no revision supersedes: not revised, and not published before the latest
    revision of the period (another page's copy of a preliminary value is superseded too)."""
    revisions = group.loc[group["revises"] != "", "published"]
    current = group["revised_by"] == ""
    if revisions.empty:
        return group[current]
    return group[current & (group["published"] >= revisions.max())]


def _first_published(group: pd.DataFrame, figure_id: str) -> str:
    """The earliest figure of the revision chain that ends at ``figure_id`` (itself when it
    revises none)."""
    revises = dict(zip(group["figure_id"], group["revises"], strict=True))
    seen = {figure_id}
    while revises.get(figure_id) in revises and revises[figure_id] not in seen:
        figure_id = revises[figure_id]
        seen.add(figure_id)
    return figure_id
