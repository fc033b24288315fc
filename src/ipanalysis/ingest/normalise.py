"""Turn validated raw figures into base units with explicit bounds from their qualifiers.

Money stays in the currency the article wrote (CNY or USD) but loses its scale word; counts,
percentages, densities, ranks and years keep their unit. Bounds follow ``bounds.py``.
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import cache

import pandas as pd

from ipanalysis.ingest.bounds import bounds
from ipanalysis.ingest.fields import NOTES, PROCESSED_FIGURES
from ipanalysis.ingest.literal import SCALE_FACTORS, parse_literal
from ipanalysis.ingest.periods import period_end
from ipanalysis.ingest.validate import RawData

#: Every column of the two tables the normalised figures become (``fields.PROCESSED_FIGURES``
#: and ``fields.NOTES``), in that order, each once.
COLUMNS = tuple(dict.fromkeys((*PROCESSED_FIGURES.columns, *NOTES.columns)))


@cache
def _precision(literal: str) -> Decimal:
    return parse_literal(literal).precision


def figure_bounds(literal: str, value: str, scale: str, qualifier: str) -> tuple[float, ...]:
    """Base value, precision and (lower, upper) for one figure; open bounds are infinite.

    The precision comes from how the literal is written, the qualifier from the curated row (a
    bracketed "$0.39 billion" inherits the "approximately" of the yuan amount before it).

    >>> figure_bounds("18.04 trillion yuan", "18.04", "trillion", "exact")
    (18040000000000.0, 10000000000.0, 18035000000000.0, 18045000000000.0)
    """
    factor = SCALE_FACTORS[scale]
    base = Decimal(value) * factor
    precision = _precision(literal) * factor
    lower, upper = bounds(base, precision, qualifier)
    return float(base), float(precision), lower, upper


def normalise_figures(raw: RawData) -> pd.DataFrame:
    """The processed figures with their notes: base values, bounds, and source and metric
    labels joined (the columns of ``fields.PROCESSED_FIGURES`` and ``fields.NOTES``).

    Bounds are worked out once per distinct (literal, value, scale, qualifier); a new frame is
    returned and ``raw`` is left as it was.
    """
    figures = raw.figures.reset_index(drop=True)
    inputs = ["literal", "value", "scale", "qualifier"]
    distinct = figures[inputs].drop_duplicates()
    computed = pd.DataFrame(
        [figure_bounds(*row) for row in zip(*(distinct[c].tolist() for c in inputs),
                                            strict=True)],
        columns=["base_value", "precision", "lower", "upper"], index=distinct.index)
    numbers = figures[inputs].merge(distinct.join(computed), on=inputs, how="left")[
        list(computed.columns)]
    sources = raw.sources.rename(columns={"title": "source_title"})[
        ["source_id", "source_title", "publisher", "published"]]
    metrics = raw.metrics.rename(columns={"label": "metric_label"})[
        ["metric", "metric_label", "family"]]
    out = (
        pd.concat([figures, numbers], axis=1)
        .merge(sources, on="source_id", how="left", validate="many_to_one")
        .merge(metrics, on="metric", how="left", validate="many_to_one")
        .assign(
            paragraph=lambda d: d["paragraph"].astype(int),
            value=lambda d: pd.to_numeric(d["value"]),
            period_end=lambda d: _period_ends(d["period"], d["period_type"]),
            lower=lambda d: d["lower"].where(d["lower"] != -math.inf),
            upper=lambda d: d["upper"].where(d["upper"] != math.inf),
        )
    )
    return out[list(COLUMNS)]


def _period_ends(periods: pd.Series, types: pd.Series) -> pd.Series:
    """:func:`period_end` of each row, worked out once per distinct (period, type)."""
    pairs = pd.DataFrame({"period": periods, "type": types})
    distinct = pairs.drop_duplicates()
    ends = [period_end(p, t) for p, t in zip(distinct["period"], distinct["type"], strict=True)]
    return pairs.merge(distinct.assign(end=ends), on=["period", "type"], how="left")[
        "end"].set_axis(periods.index)
