"""Processed rows as intervals: a figure, or one side of an evaluated relation or check."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from ipanalysis.relations.interval import Interval


def _bound(x: object, default: float) -> float:
    """An empty cell (NaN) is an open bound."""
    return default if pd.isna(x) else float(x)


def figure_interval(row: Mapping[str, object]) -> Interval:
    """A processed figure row as an interval in base units; empty bounds are open.

    >>> print(figure_interval(pd.Series({"base_value": 40.0, "lower": 40.0, "upper": None})))
    40 [40, inf]
    """
    return Interval.of(float(row["base_value"]), _bound(row["lower"], -math.inf),
                       _bound(row["upper"], math.inf))


def side(row: pd.Series, name: str) -> Interval:
    """One side (``computed`` or ``against``) of an evaluated relation or check.

    >>> row = pd.Series({"computed_value": 7.2, "computed_lower": 7.17, "computed_upper": 7.3})
    >>> print(side(row, "computed"))
    7.2 [7.17, 7.3]
    """
    return Interval.of(float(row[f"{name}_value"]), _bound(row[f"{name}_lower"], -math.inf),
                       _bound(row[f"{name}_upper"], math.inf))


def open_bound(x: float) -> float:
    """An infinite bound is written as an empty cell (NaN), like the figures' open bounds.

    >>> open_bound(math.inf), open_bound(2.0)
    (nan, 2.0)
    """
    return math.nan if math.isinf(x) else x
