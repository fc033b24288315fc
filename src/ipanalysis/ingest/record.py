"""The official record in base units: each figure joined with its release and metric, with the
bounds its literal allows and the later figure that revises it.

A rate printed per 100 US dollars (a yearbook's 619.32) becomes yuan per dollar (6.1932); every
other unit is kept as written, money in the currency the page gives.
"""

from __future__ import annotations

import math

import pandas as pd

from ipanalysis.ingest.fields import PER_100_USD, PROCESSED_RECORD
from ipanalysis.ingest.normalise import figure_bounds
from ipanalysis.ingest.periods import period_end
from ipanalysis.ingest.validate import RawData


def base_figures(literal: str, value: str, scale: str, qualifier: str,
                 unit: str) -> tuple[str, float, float, float]:
    """Base unit, value and (lower, upper) of one record figure; open bounds are infinite.

    A fall curated as a negative growth rate keeps the precision its literal shows.

    >>> base_figures("619.32", "619.32", "one", "exact", "cny_per_100_usd")
    ('cny_per_usd', 6.1932, 6.19315, 6.19325)
    >>> base_figures("1.862 million", "1.862", "million", "exact", "count")
    ('count', 1862000.0, 1861500.0, 1862500.0)
    """
    base, _, lower, upper = figure_bounds(literal, value, scale, qualifier)
    if unit != PER_100_USD:
        return unit, base, lower, upper
    return "cny_per_usd", round(base / 100, 10), round(lower / 100, 10), round(upper / 100, 10)


def normalise_record(raw: RawData) -> pd.DataFrame:
    """The processed record (the columns of ``fields.PROCESSED_RECORD``); ``raw`` is left as
    it was."""
    record = raw.record.reset_index(drop=True)
    numbers = pd.DataFrame(
        [base_figures(*row) for row in zip(record["literal"], record["value"], record["scale"],
                                           record["qualifier"], record["unit"], strict=True)],
        columns=["base_unit", "base_value", "lower", "upper"])
    releases = raw.releases[["release_id", "publisher", "kind", "published", "url"]]
    metrics = raw.metrics.rename(columns={"label": "metric_label"})[
        ["metric", "metric_label", "family"]]
    revised_by = dict(zip(record["revises"], record["figure_id"], strict=True))
    out = (
        pd.concat([record, numbers], axis=1)
        .merge(releases, on="release_id", how="left", validate="many_to_one")
        .merge(metrics, on="metric", how="left", validate="many_to_one")
        .assign(
            value=lambda d: pd.to_numeric(d["value"]),
            period_end=lambda d: [period_end(p, t) for p, t in
                                  zip(d["period"], d["period_type"], strict=True)],
            lower=lambda d: d["lower"].where(d["lower"] != -math.inf),
            upper=lambda d: d["upper"].where(d["upper"] != math.inf),
            revised_by=lambda d: d["figure_id"].map(revised_by).fillna(""),
        )
    )
    return out[list(PROCESSED_RECORD.columns)]
