"""The processed tables as the notebooks see them: selected by the parameters, read as intervals.

Everything here comes from ``data/processed/``: the figures, the relations the metric roles
declare (evaluated once by ``ipanalysis process``), the curated checks and the reference rates.
A relation or check is selected when every one of its figures is.

What a notebook reads is recorded (:mod:`ipanalysis.reads`) so the build rebuilds a report only
when that changed: :class:`Recorded` records the columns a selection scans over every row and
the rows it keeps, and hands on nothing else; any other read of a table counts as all of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ipanalysis import reads
from ipanalysis.errors import IpanalysisError
from ipanalysis.ingest.fields import (
    PROCESSED_CHECKS,
    PROCESSED_FIGURES,
    PROCESSED_REFERENCE_RATES,
    PROCESSED_SOURCES,
    RELATIONS,
    Table,
)
from ipanalysis.ingest.schemas import read_processed
from ipanalysis.paths import PROCESSED_DIR
from ipanalysis.relations.currency import CURRENCIES, reference_rate, to_currency
from ipanalysis.relations.figures import figure_interval
from ipanalysis.relations.interval import Interval
from ipanalysis.views.params import Parameters


class MissingFigureError(IpanalysisError, KeyError):
    """A view asked for a figure that the current parameters leave out."""


def load_figures(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """The processed figures table, indexed by figure id, checked against its declaration."""
    return read_processed(PROCESSED_FIGURES, processed_dir).set_index("figure_id")


def load_rates(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """Reference exchange rates (yuan per US dollar), one row per rate, checked against their
    declaration."""
    return read_processed(PROCESSED_REFERENCE_RATES, processed_dir)


def load_sources(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """The validated sources table, indexed by source id."""
    return read_processed(PROCESSED_SOURCES, processed_dir).set_index("source_id")


def table_name(table: Table, processed_dir: Path) -> str:
    """How :mod:`ipanalysis.reads` names a processed table: its path below the data folder."""
    return f"{processed_dir.name}/{table.file}"


@dataclass(frozen=True)
class Recorded:
    """A processed table read once, handed on only in recorded parts: some columns of every
    row (:meth:`scan`, to select with) or whole rows by key (:meth:`rows`)."""

    name: str
    key: str
    frame: pd.DataFrame

    @classmethod
    def read(cls, table: Table, key: str, processed_dir: Path = PROCESSED_DIR) -> Recorded:
        name = table_name(table, processed_dir)
        with reads.precise(name):
            frame = read_processed(table, processed_dir).set_index(key)
        return cls(name, key, frame)

    def scan(self, *columns: str) -> pd.DataFrame:
        """These columns of every row, indexed by key, recorded as read."""
        reads.record_scan(self.name, self.key, columns)
        return self.frame[list(columns)]

    def rows(self, keys: Sequence[str] | pd.Index) -> pd.DataFrame:
        """These rows, every column, in the order given, recorded as read."""
        reads.record_rows(self.name, self.key, keys)
        return self.frame.loc[list(keys)]


def scanned_figures(
    columns: Sequence[str], processed_dir: Path = PROCESSED_DIR
) -> pd.DataFrame:
    """Only these columns of every figure (indexed by figure id), recorded as read."""
    name = table_name(PROCESSED_FIGURES, processed_dir)
    with reads.precise(name):
        frame = load_figures(processed_dir)
    reads.record_scan(name, "figure_id", columns)
    return frame[list(columns)]


def load_source(source_id: str, processed_dir: Path = PROCESSED_DIR) -> pd.Series:
    """One article's row of the sources table, recorded as the only row read."""
    name = table_name(PROCESSED_SOURCES, processed_dir)
    with reads.precise(name):
        frame = load_sources(processed_dir)
    reads.record_rows(name, "source_id", [source_id])
    return frame.loc[source_id]


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


@dataclass(frozen=True)
class Dataset:
    """Selected figures, relations and checks, the reference rates and the parameters."""

    figures: pd.DataFrame
    relations: pd.DataFrame
    checks: pd.DataFrame
    rates: pd.DataFrame
    params: Parameters

    @classmethod
    def load(cls, params: Parameters, processed_dir: Path = PROCESSED_DIR,
             focus: str | None = None) -> Dataset:
        """Read the processed tables and keep what the parameters select.

        With ``focus`` (a source id, for a per-article report) keep only the relations and
        checks that use a figure of that article, and the figures of the article and of those
        relations and checks: the report shows nothing else, and so depends on nothing else.
        """
        figure_table = Recorded.read(PROCESSED_FIGURES, "figure_id", processed_dir)
        relation_table = Recorded.read(RELATIONS, "relation_id", processed_dir)
        check_table = Recorded.read(PROCESSED_CHECKS, "check_id", processed_dir)
        chosen = select(figure_table.scan("source_id", "period_end"), params)
        relations = all_selected(relation_table.scan("figures", *(
            ("source_id",) if focus else ())), chosen)
        checks = all_selected(check_table.scan("figures", *(
            ("source_ids",) if focus else ())), chosen)
        keep = list(chosen.index)
        if focus is not None:
            relations = relations[relations["source_id"] == focus]
            touching = checks["source_ids"].str.split().apply(lambda ids: focus in ids)
            checks = checks[touching.astype(bool)]
            used = {i for cell in [*relations["figures"], *checks["figures"]]
                    for i in cell.split()}
            keep = [i for i, source in chosen["source_id"].items()
                    if source == focus or i in used]
        return cls(figure_table.rows(keep), relation_table.rows(relations.index),
                   check_table.rows(checks.index), load_rates(processed_dir), params)

    def of_kind(self, *kinds: str) -> pd.DataFrame:
        """The selected relations of the given kinds, in the table's order."""
        return self.relations[self.relations["kind"].isin(kinds)]

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
