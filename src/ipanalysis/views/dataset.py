"""The processed figures as the notebooks see them: selected by parameters, read as intervals.

A figure becomes an ``Interval`` in base units: "over 40%" is 40 with an open upper bound, so
every later computation carries how sure the article was.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ipanalysis.errors import IpanalysisError
from ipanalysis.paths import PROCESSED_DIR
from ipanalysis.relations.industry import convert
from ipanalysis.relations.interval import Interval
from ipanalysis.views.params import CURRENCIES, Parameters


class MissingFigureError(IpanalysisError, KeyError):
    """A view asked for a figure that the current parameters leave out."""


def figure_interval(row: pd.Series) -> Interval:
    """A processed figure row as an interval; empty bounds are open (infinite)."""
    lower = -math.inf if pd.isna(row["lower"]) else float(row["lower"])
    upper = math.inf if pd.isna(row["upper"]) else float(row["upper"])
    return Interval.of(float(row["base_value"]), lower, upper)


def load_figures(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """The processed figures table, indexed by figure id."""
    return pd.read_csv(processed_dir / "figures.csv", dtype={"period": str, "published": str},
                       keep_default_na=False, na_values={"lower": [""], "upper": [""]}
                       ).set_index("figure_id")


def load_rates(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """Reference exchange rates (yuan per US dollar), indexed by year."""
    return pd.read_csv(processed_dir / "reference_rates.csv", dtype={"period": str},
                       keep_default_na=False).set_index("period")


def known_periods(figures: pd.DataFrame) -> list[str]:
    """Values ``as_of`` may take: every year and month a figure's period ends in."""
    ends = figures["period_end"].astype(str)
    months = [e[:7] for e, t in zip(ends, figures["period_type"], strict=True) if t == "month"]
    return sorted({e[:4] for e in ends} | set(months))


def select(figures: pd.DataFrame, params: Parameters) -> pd.DataFrame:
    """Rows from the chosen sources whose period ends on or before ``as_of``."""
    keep = figures["source_id"].isin(params.sources)
    if params.cutoff is not None:
        keep &= figures["period_end"].astype(str) <= params.cutoff
    return figures[keep]


@dataclass(frozen=True)
class Dataset:
    """Selected figures, reference rates and the parameters that chose them."""

    figures: pd.DataFrame
    rates: pd.DataFrame
    params: Parameters

    def has(self, *figure_ids: str) -> bool:
        """True when every id is among the selected figures."""
        return all(f in self.figures.index for f in figure_ids)

    def row(self, figure_id: str) -> pd.Series:
        if figure_id not in self.figures.index:
            raise MissingFigureError(
                f"figure {figure_id!r} is not selected by sources={list(self.params.sources)} "
                f"and as_of={self.params.as_of!r}")
        return self.figures.loc[figure_id]

    def interval(self, figure_id: str) -> Interval:
        """A figure in base units of its own unit.

        nf-09, "18.04 trillion yuan", is ``Interval(1.804e13, 1.8035e13, 1.8045e13)``.
        """
        return figure_interval(self.row(figure_id))

    def is_money(self, figure_id: str) -> bool:
        """True for an amount in yuan or dollars, which ``money`` shows in the chosen currency."""
        return self.row(figure_id)["unit"] in CURRENCIES

    def reference_rate(self, year: str) -> tuple[str, Interval]:
        """Reference yuan-per-dollar rate for a year, or the latest earlier one recorded.

        2025 figures fall back to the 2024 average until a 2025 rate is curated.
        """
        years = sorted(y for y in self.rates.index if y <= year)
        if not years:
            raise IpanalysisError(f"no reference rate recorded for {year} or earlier")
        rate = self.rates.loc[years[-1]]
        return str(rate["rate_id"]), Interval.point(float(rate["cny_per_usd"]))

    def money(self, figure_id: str) -> Interval:
        """A money figure in the notebook's currency, converted at the reference rate of its year.

        pw-10, 854 billion yuan in 2023, is about 121.2 billion US dollars at 7.0467.
        """
        row = self.row(figure_id)
        amount = self.interval(figure_id)
        if row["unit"] == self.params.currency:
            return amount
        _, rate = self.reference_rate(str(row["period_end"])[:4])
        return convert(amount, rate, to=self.params.currency)
