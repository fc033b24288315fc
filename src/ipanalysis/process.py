"""The data step: validate ``data/raw/``, normalise, and write ``data/processed/`` atomically."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from ipanalysis.atomic import remove_leftovers, write_all_atomic
from ipanalysis.errors import DataError
from ipanalysis.ingest.fields import PROCESSED_TABLES
from ipanalysis.ingest.normalise import normalise_figures
from ipanalysis.ingest.schemas import validated
from ipanalysis.ingest.validate import load_raw
from ipanalysis.paths import PROCESSED_DIR, RAW_DIR, SEEDS_DIR, display_path
from ipanalysis.relations import ledger, pairs


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


def process(
    raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR, seeds_dir: Path | None = SEEDS_DIR
) -> dict[str, Path]:
    """Validate, normalise, evaluate the declared checks and the relations the metric roles
    declare, and write the processed tables, each checked against its declaration in
    ``fields.PROCESSED_TABLES``. Nothing is written if validation fails, or if a declared check
    is one a relation already evaluates. Temporary files a killed run left are removed.

    Returns the written paths by table name, e.g. ``{"figures": .../data/processed/figures.csv}``.
    """
    remove_leftovers(out_dir)
    raw = load_raw(raw_dir, seeds_dir)
    rates = raw.rates.reset_index(drop=True).assign(
        cny_per_usd=lambda d: pd.to_numeric(d["cny_per_usd"]))
    figures = normalise_figures(raw)
    roles = pairs.role_problems(raw.metrics, display_path(raw_dir / "metrics.csv"))
    if roles:
        raise DataError(roles)
    found = pairs.evaluate(figures, raw.metrics, rates)
    twins = pairs.ledger_duplicates(raw.checks, found, display_path(raw_dir / "checks.csv"))
    if twins:
        raise DataError(twins)
    frames = {"figures": figures, "reference_rates": rates,
              "checks": ledger.evaluate(raw.checks, figures, rates), "relations": found,
              "sources": raw.sources.reset_index(drop=True)}
    tables = {t.name: t for t in PROCESSED_TABLES}
    outputs = {name: out_dir / tables[name].file for name in frames}
    write_all_atomic({
        outputs[name]: to_csv_bytes(validated(tables[name], frame, display_path(outputs[name])))
        for name, frame in frames.items()
    })
    return outputs
