"""The data step: validate ``data/raw/``, normalise, and write ``data/processed/`` atomically."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from ipanalysis.atomic import remove_leftovers, write_all_atomic
from ipanalysis.errors import DataError
from ipanalysis.ingest.fields import (
    NOTES,
    PROCESSED_CHECKS,
    PROCESSED_FIGURES,
    PROCESSED_RECORD,
    PROCESSED_REFERENCE_RATES,
    PROCESSED_SOURCES,
    PROCESSED_TABLES,
    RELATION_KINDS,
    RELATIONS,
    SERIES,
    Table,
)
from ipanalysis.ingest.normalise import normalise_figures
from ipanalysis.ingest.record import normalise_record
from ipanalysis.ingest.schemas import validated
from ipanalysis.ingest.validate import load_raw
from ipanalysis.paths import PROCESSED_DIR, RAW_DIR, SEEDS_DIR, display_path
from ipanalysis.relations import ledger, pairs
from ipanalysis.relations.series import series


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV bytes that are the same on every machine, written by Arrow's C++ writer.

    Text is quoted, empty cells stay empty (an open bound) and floats take their shortest
    round-trip form; bounds are computed in Decimal first, so that form is the clean one
    (13.375, 1.804e+13). pandas' own writer took 0.6 s for 100,000 rows, Arrow's 0.06 s.
    """
    sink = io.BytesIO()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pa_csv.write_csv(table, sink, pa_csv.WriteOptions(quoting_style="needed"))
    return sink.getvalue()


def tables(
    raw_dir: Path = RAW_DIR, seeds_dir: Path | None = SEEDS_DIR
) -> dict[Table, pd.DataFrame]:
    """Validate, normalise, and evaluate the declared checks and the relations the metric roles
    declare: every processed table as a frame, checked against its declaration in
    ``fields.PROCESSED_TABLES``. Raises ``DataError`` if validation fails, or if a declared
    check is one a relation already evaluates."""
    raw = load_raw(raw_dir, seeds_dir)
    rates = raw.rates.reset_index(drop=True).assign(
        cny_per_usd=lambda d: pd.to_numeric(d["cny_per_usd"]))
    normalised = normalise_figures(raw)
    figures = normalised[list(PROCESSED_FIGURES.columns)]
    roles = pairs.role_problems(raw.metrics, display_path(raw_dir / "metrics.csv"))
    if roles:
        raise DataError(roles)
    found = pairs.evaluate(figures, raw.metrics, rates)
    twins = pairs.ledger_duplicates(raw.checks, found, display_path(raw_dir / "checks.csv"))
    if twins:
        raise DataError(twins)
    record = normalise_record(raw)
    return {PROCESSED_FIGURES: figures, NOTES: normalised[list(NOTES.columns)],
            PROCESSED_REFERENCE_RATES: rates,
            PROCESSED_CHECKS: ledger.evaluate(raw.checks, figures, rates), RELATIONS: found,
            PROCESSED_SOURCES: raw.sources.reset_index(drop=True), PROCESSED_RECORD: record,
            SERIES: series(record)}


def files(
    frames: dict[Table, pd.DataFrame], sources: pd.Series
) -> dict[str, tuple[Table, pd.DataFrame]]:
    """Each processed file (relative to ``data/processed/``) with its table and rows: a
    partitioned table gets one file per value it can take (every relation kind, every source),
    empty ones included, so the files a report declares always exist."""
    values = {"kind": list(RELATION_KINDS), "source_id": list(sources)}
    out = {}
    for table, frame in frames.items():
        if table.partition is None:
            out[table.file] = (table, frame)
            continue
        for value in values[table.partition]:
            out[table.part(value)] = (table, frame[frame[table.partition] == value])
    return out


def process(
    raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR, seeds_dir: Path | None = SEEDS_DIR
) -> list[Path]:
    """Make the processed tables and write them (:func:`contents`, then :func:`write`).

    Returns the paths written, e.g. ``[.../data/processed/figures.csv, ...]``.
    """
    return write(out_dir, contents(raw_dir, out_dir, seeds_dir))


def contents(raw_dir: Path, out_dir: Path, seeds_dir: Path | None) -> dict[Path, bytes]:
    """The bytes of every processed file (:func:`tables`), each checked against its declaration;
    writes nothing, so a failure leaves ``out_dir`` as it was (or absent)."""
    frames = tables(raw_dir, seeds_dir)
    by_file = files(frames, frames[PROCESSED_SOURCES]["source_id"])
    return {out_dir / name: to_csv_bytes(validated(table, frame, display_path(out_dir / name)))
            for name, (table, frame) in by_file.items()}


def write(out_dir: Path, made: dict[Path, bytes]) -> list[Path]:
    """Write ``made``, every file atomically and nothing if one write fails; then remove the
    files of partitions that no longer exist (a source taken out of sources.csv) and the
    temporary files a killed run left."""
    remove_leftovers(out_dir)
    write_all_atomic(made)
    for table in PROCESSED_TABLES:
        if table.partition is not None:
            folder = out_dir / table.file
            remove_leftovers(folder)
            for stale in set(folder.glob("*.csv")) - set(made):
                stale.unlink()
    return list(made)
