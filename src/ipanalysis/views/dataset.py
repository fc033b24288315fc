"""The processed tables as the notebooks see them: selected by the parameters, read as intervals.

Everything here comes from ``data/processed/``: the figures, the relations the metric roles
declare (evaluated once by ``ipanalysis process``), the curated checks and the reference rates.
A relation or check is selected when every one of its figures is.

What a notebook reads is recorded (:mod:`ipanalysis.reads`) so the build rebuilds a report only
when that changed: :class:`Recorded` records the columns a selection scans over every row, and
:class:`RecordedRows` the rows the views then take (by key, every column) as they take them;
any other read of a table counts as all of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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

    def record(self, keys: Sequence[str] | pd.Index) -> None:
        """Record these rows as read, every column."""
        reads.record_rows(self.name, self.key, keys)

    def selected(self, keys: Sequence[str] | pd.Index) -> RecordedRows:
        """These rows for the views, recorded only as the views read them."""
        return RecordedRows(self, self.frame.loc[list(keys)])


class _RecordedLoc:
    """``.loc`` of a :class:`RecordedRows`: the rows it returns are recorded, every column."""

    def __init__(self, owner: RecordedRows) -> None:
        self._owner = owner

    def __getitem__(self, key: object) -> object:
        frame = self._owner.frame
        result = frame.loc[key]
        rows = key[0] if isinstance(key, tuple) else key
        touched = [rows] if isinstance(rows, str) else list(frame.loc[rows].index)
        self._owner.table.record(touched)
        return result


class RecordedRows:
    """The selected rows of a processed table, handed to the views so that what they read is
    recorded: a column of every row (``frame["kind"]``) records that column, rows taken by a
    mask (``frame[mask]``) or by ``.loc`` record those rows, every column. Anything else
    (``iterrows``, ``assign``, ...) is passed to the frame and records every selected row, so
    reading more than is recorded cannot happen."""

    def __init__(self, table: Recorded, frame: pd.DataFrame) -> None:
        self.table = table
        self.frame = frame

    @property
    def index(self) -> pd.Index:
        """The selected keys: which rows are selected is recorded when they are selected."""
        return self.frame.index

    @property
    def loc(self) -> _RecordedLoc:
        return _RecordedLoc(self)

    @property
    def empty(self) -> bool:
        return self.frame.empty

    def __len__(self) -> int:
        return len(self.frame)

    def __getitem__(self, key: object) -> pd.Series | pd.DataFrame:
        if isinstance(key, str) or (isinstance(key, list) and all(isinstance(k, str) for k in key)):
            columns = [key] if isinstance(key, str) else key
            reads.record_scan(self.table.name, self.table.key, columns)
            return self.frame[key]
        result = self.frame[key]
        self.table.record(result.index)
        return result

    def __iter__(self) -> Iterator[str]:
        self.table.record(self.frame.index)
        return iter(self.frame)

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # copy and pickle probe for these before __init__
            raise AttributeError(name)
        self.table.record(self.frame.index)
        return getattr(self.frame, name)


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
    """Selected figures, relations and checks, the reference rates and the parameters.

    From :meth:`load`, the three tables are :class:`RecordedRows` (they answer what the views
    ask of a DataFrame and record it); tests may pass plain frames."""

    figures: pd.DataFrame | RecordedRows
    relations: pd.DataFrame | RecordedRows
    checks: pd.DataFrame | RecordedRows
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
        return cls(figure_table.selected(keep), relation_table.selected(relations.index),
                   check_table.selected(checks.index), load_rates(processed_dir), params)

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
