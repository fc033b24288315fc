"""The processed tables as the notebooks see them: selected by the parameters, read as intervals.

Everything here comes from ``data/processed/``: the figures, the relations the metric roles
declare (evaluated once by ``ipanalysis process``, one file per kind), the curated checks, the
reference rates and, for a per-article report, its figures' notes. A relation or check is
selected when every one of its figures is.

A :class:`Dataset` reads a file only when a view asks for what it holds (``of_kind("growth_rate")``
reads ``relations/growth_rate.csv``), so a notebook reads the files it needs and no others; its
metadata declares those files (``ipanalysis.reads``), and the build rebuilds its report when one
of them changes (:mod:`ipanalysis.views.inputs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ipanalysis.errors import IpanalysisError
from ipanalysis.ingest.fields import (
    NOTES,
    PROCESSED_CHECKS,
    PROCESSED_FIGURES,
    PROCESSED_REFERENCE_RATES,
    PROCESSED_SOURCES,
    RELATION_KINDS,
    RELATIONS,
    Table,
)
from ipanalysis.ingest.processed import read_processed
from ipanalysis.paths import PROCESSED_DIR
from ipanalysis.relations.currency import CURRENCIES, reference_rate, to_currency
from ipanalysis.relations.figures import figure_interval
from ipanalysis.relations.interval import Interval
from ipanalysis.views import inputs
from ipanalysis.views.params import Parameters


class MissingFigureError(IpanalysisError, KeyError):
    """A view asked for a figure that the current parameters leave out."""


def read(table: Table, processed_dir: Path, part: str | None = None) -> pd.DataFrame:
    """A processed table (or one file of a partitioned one), after :func:`inputs.check` has
    allowed each file it reads."""
    names = [table.part(part)] if part else [table.pattern]
    for name in names:
        for path in sorted(processed_dir.resolve().glob(name)) or [processed_dir / name]:
            inputs.check(path.resolve())
    return read_processed(table, processed_dir, part)


def load_figures(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """The processed figures table, indexed by figure id, checked against its declaration."""
    return read(PROCESSED_FIGURES, processed_dir).set_index("figure_id")


def load_rates(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """Reference exchange rates (yuan per US dollar), one row per rate, checked against their
    declaration."""
    return read(PROCESSED_REFERENCE_RATES, processed_dir)


def load_sources(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """The validated sources table, indexed by source id."""
    return read(PROCESSED_SOURCES, processed_dir).set_index("source_id")


def load_notes(source_id: str, processed_dir: Path = PROCESSED_DIR) -> pd.Series:
    """One source's figure notes (``notes/<source_id>.csv``), by figure id."""
    return read(NOTES, processed_dir, source_id).set_index("figure_id")["notes"]


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


def all_selected(table: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The rows of a relations or checks table whose figures are all among ``figures``."""
    chosen = set(figures.index)
    return table[table["figures"].str.split().apply(lambda ids: set(ids) <= chosen).astype(bool)]


def _touching(table: pd.DataFrame, sources: str, focus: str) -> pd.DataFrame:
    """The rows of a relations or checks table with a figure of ``focus`` (``sources`` is the
    column naming their articles)."""
    return table[table[sources].str.split().apply(lambda ids: focus in ids).astype(bool)]


@dataclass(frozen=True)
class Dataset:
    """Selected figures, the reference rates and the parameters; relations and checks are read
    when a view first asks for them (:meth:`of_kind`, :attr:`relations`, :attr:`checks`).

    With ``focus`` (a source id, for a per-article report) only the relations and checks that
    use a figure of that article are kept. Tests may build one from plain frames: ``loaded``
    then holds the relation kinds (and ``"checks"``) already in hand.
    """

    figures: pd.DataFrame
    rates: pd.DataFrame
    params: Parameters
    processed_dir: Path = PROCESSED_DIR
    focus: str | None = None
    loaded: dict[str, pd.DataFrame] = field(default_factory=dict, compare=False)

    @classmethod
    def load(cls, params: Parameters, processed_dir: Path = PROCESSED_DIR,
             focus: str | None = None) -> Dataset:
        """Read the figures and rates and keep what the parameters select."""
        chosen = select(load_figures(processed_dir), params)
        return cls(chosen, load_rates(processed_dir), params, processed_dir, focus)

    def of_kind(self, *kinds: str) -> pd.DataFrame:
        """The selected relations of the given kinds, indexed by relation id, in kind order."""
        for kind in kinds:
            if kind not in self.loaded:
                table = read(RELATIONS, self.processed_dir, kind).set_index("relation_id")
                table = all_selected(table, self.figures)
                if self.focus is not None:
                    table = _touching(table, "source_id", self.focus)
                self.loaded[kind] = table
        frames = [self.loaded[kind] for kind in kinds]
        return pd.concat(frames) if len(frames) > 1 else frames[0]

    @property
    def relations(self) -> pd.DataFrame:
        """Every selected relation, of every kind."""
        return self.of_kind(*RELATION_KINDS)

    @property
    def checks(self) -> pd.DataFrame:
        """The selected declared checks (``checks.csv``), indexed by check id."""
        if "checks" not in self.loaded:
            table = all_selected(read(PROCESSED_CHECKS, self.processed_dir).set_index("check_id"),
                                 self.figures)
            if self.focus is not None:
                table = _touching(table, "source_ids", self.focus)
            self.loaded["checks"] = table
        return self.loaded["checks"]

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
        """A figure in base units of its own unit."""
        return figure_interval(self.row(figure_id))

    def unit_shown(self, unit: str) -> str:
        """The unit an amount is shown in: money in the notebook's currency, else its own."""
        return self.params.currency if unit in CURRENCIES else unit

    def shown(self, amount: Interval, unit: str, period_end: str) -> Interval:
        """An amount in the notebook's currency, converted at the reference rate of the year
        its period ends in (or the latest earlier one); other units unchanged. Display only:
        every relation is evaluated in the article's own currency."""
        if unit not in CURRENCIES or unit == self.params.currency:
            return amount
        _, _, rate = reference_rate(self.rates, str(period_end)[:4])
        return to_currency(amount, rate, to=self.params.currency)

    def figure_shown(self, figure_id: str) -> Interval:
        """A figure in the unit ``unit_shown`` gives."""
        row = self.row(figure_id)
        return self.shown(self.interval(figure_id), row["unit"], row["period_end"])
