"""Reading the processed tables back with their declared types.

``ipanalysis process`` checks every table against its declaration (pandera, :mod:`schemas`)
before it writes it; a reader parses each column with its declared type and holds the header to
the declared columns, which is what a table written by older code would get wrong. Needs pandas
only, so a report's kernel does not import pandera.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ipanalysis.errors import DataError, Problem
from ipanalysis.ingest.fields import Table
from ipanalysis.paths import display_path

NUMERIC = {"integer": "int64", "number": "float64"}


def read_processed(table: Table, directory: Path, part: str | None = None) -> pd.DataFrame:
    """A processed table read with its declared types: empty optional numbers are NaN (an open
    bound), empty text stays "".

    A partitioned table is read from the file of ``part`` (``relations/growth_rate.csv``), or
    from all its files, in name order, when ``part`` is None. A file whose header is not the
    declared columns stops with a located error naming it.
    """
    if table.partition is None:
        paths = [directory / table.file]
    elif part is not None:
        paths = [directory / table.part(part)]
    else:
        paths = sorted((directory / table.file).glob("*.csv"))
    frames = [parse(table, path.read_bytes(), display_path(path)) for path in paths]
    if not frames:
        return parse(table, _header(table), table.pattern)
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def parse(table: Table, data: bytes, shown: str) -> pd.DataFrame:
    """``data`` (a processed CSV file's bytes) as a frame of ``table``'s declared columns.

    >>> from ipanalysis.ingest.fields import NOTES
    >>> parse(NOTES, b"figure_id,notes\\n", "notes/x.csv")
    Traceback (most recent call last):
    ...
    ipanalysis.errors.DataError: notes/x.csv:1: source_id: declared column is missing
    """
    header = next(csv.reader(io.StringIO(data.split(b"\n", 1)[0].decode("utf-8"))), [])
    if header != list(table.columns):
        missing = [c for c in table.columns if c not in header]
        extra = [c for c in header if c not in table.columns]
        problems = [Problem(shown, 1, c, "declared column is missing") for c in missing]
        problems += [Problem(shown, 1, c, "column not declared in the field dictionary "
                             "(fields.py)") for c in extra]
        raise DataError(problems or [Problem(shown, 1, header[0], "columns out of the "
                                             "declared order")])
    types = {f.name: NUMERIC.get(f.type, str) for f in table.fields}
    open_numbers = {f.name: [""] for f in table.fields if f.type in NUMERIC and not f.required}
    return pd.read_csv(io.BytesIO(data), dtype=types, keep_default_na=False,
                       na_values=open_numbers)


def _header(table: Table) -> bytes:
    """A file of no rows: the declared header alone."""
    return (",".join(table.columns) + "\n").encode()
