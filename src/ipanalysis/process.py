"""The data step: validate ``data/raw/``, normalise, and write ``data/processed/`` atomically."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ipanalysis.atomic import write_all_atomic
from ipanalysis.checks import evaluate
from ipanalysis.normalise import normalise_figures
from ipanalysis.paths import PROCESSED_DIR, RAW_DIR, SEEDS_DIR
from ipanalysis.validate import load_raw


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV bytes that are the same on every machine: fixed float format, ``\\n`` line ends.

    Ten significant digits keep every curated figure exact (1.804e13, 13.375) while hiding binary
    noise such as 0.30000000000000004.
    """
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.10g").encode("utf-8")


def process(
    raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR, seeds_dir: Path | None = SEEDS_DIR
) -> dict[str, Path]:
    """Validate, normalise, evaluate the declared checks and write the processed tables;
    nothing is written if validation fails.

    Returns the written paths by table name, e.g. ``{"figures": .../data/processed/figures.csv}``.
    """
    raw = load_raw(raw_dir, seeds_dir)
    outputs = {name: out_dir / f"{name}.csv" for name in ("figures", "reference_rates", "checks")}
    rates = raw.rates.reset_index(drop=True).assign(
        cny_per_usd=lambda d: pd.to_numeric(d["cny_per_usd"]))
    figures = normalise_figures(raw)
    write_all_atomic({
        outputs["figures"]: to_csv_bytes(figures),
        outputs["reference_rates"]: to_csv_bytes(rates),
        outputs["checks"]: to_csv_bytes(evaluate(raw.checks, figures, rates)),
    })
    return outputs
