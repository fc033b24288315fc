"""pandera schemas generated from the field dictionary, and their failures as located problems.

The schema checks what a single cell can get wrong (empty, wrong form, value not allowed); checks
that need two tables or the literal parser live in ``validate.py``. Raw tables are checked as
text; processed tables by their declared types, when written and when read
(``validated``, ``read_processed``), so a column the dictionary lacks cannot slip through.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ipanalysis.errors import DataError, Problem
from ipanalysis.ingest.fields import Field, Table

EMPTY = "is empty"
BAD_FORM = "is not in the expected form"
NOT_ALLOWED = "is not an allowed value"
NOT_A_DATE = "is not a real date"


def _is_date_or_empty(text: str) -> bool:
    """True for a real calendar date; other forms are left to the pattern check."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return True
    try:
        return bool(date.fromisoformat(text))
    except ValueError:
        return False


def real_dates(column: pd.Series) -> pd.Series:
    """``_is_date_or_empty`` for every cell, deciding each distinct text once: a column of
    100,000 dates holds a few dozen distinct ones. Missing cells pass (the null check has them).

    >>> real_dates(pd.Series(["2024-02-29", "2023-02-29", "2024-02-29", "2024"])).tolist()
    [True, False, True, True]
    """
    codes, distinct = pd.factorize(column)
    decided = np.array([*(_is_date_or_empty(str(v)) for v in distinct), True], dtype=bool)
    return pd.Series(decided[codes], index=column.index)


def every_cell_text(column: pd.Series) -> bool | pd.Series:
    """True when every cell is text, decided from the dtype for pandas' string columns.

    Declaring a pandera column as ``str`` checks the same, but pandera 0.35 answers it cell by
    cell for pandas 3's Arrow-backed strings and then formats an error message even when every
    cell passes; that was most of the cost of reading a processed table, which every report
    does several times. Empty cells are left to the null check, as pandera's checks do.

    >>> every_cell_text(pd.Series(["a", "b"]))
    True
    >>> every_cell_text(pd.Series(["a", 3], dtype=object)).tolist()
    [True, False]
    """
    if isinstance(column.dtype, pd.StringDtype):
        return True
    if pd.api.types.infer_dtype(column, skipna=True) in ("string", "empty"):
        return True  # decided in one pass in C; cell by cell only to locate what is not
    return column.map(lambda cell: isinstance(cell, str)).astype(bool)


def _text_column(field: Field) -> pa.Column:
    """A text column: every cell a string (:func:`every_cell_text`) passing the field's checks;
    a cell that is not says so as pandera's own type check did ("is not of type string")."""
    kind = f"is not of type {field.type}"
    return pa.Column(None, [pa.Check(every_cell_text, error=f"{field.name}|{kind}"),
                            *_checks(field)], nullable=False)


def _expected(field: Field, kind: str) -> str:
    if kind == EMPTY:
        return "a value"
    if kind == NOT_A_DATE:
        return "a calendar date as YYYY-MM-DD"
    if kind == NOT_ALLOWED:
        return "one of " + ", ".join(field.choices or ())
    return field.expected or "the documented form"


def _checks(field: Field) -> list[pa.Check]:
    checks = []
    if field.required:
        checks.append(pa.Check.str_length(min_value=1, error=f"{field.name}|{EMPTY}"))
    if field.pattern:
        pattern = field.pattern if field.required else f"(?:^$)|(?:{field.pattern})"
        checks.append(pa.Check.str_matches(pattern, error=f"{field.name}|{BAD_FORM}"))
    if field.date:
        checks.append(pa.Check(real_dates, error=f"{field.name}|{NOT_A_DATE}"))
    if field.choices:
        allowed = field.choices if field.required else (*field.choices, "")
        checks.append(pa.Check.isin(allowed, error=f"{field.name}|{NOT_ALLOWED}"))
    return checks


@cache
def schema_for(table: Table) -> pa.DataFrameSchema:
    """The pandera schema of a raw table: every column text, checked cell by cell."""
    return pa.DataFrameSchema(
        {f.name: _text_column(f) for f in table.fields},
        strict=False,
        name=table.name,
    )


def schema_problems(table: Table, shown: str, frame: pd.DataFrame) -> list[Problem]:
    """Validate ``frame`` (index = editor line) and turn every pandera failure into a Problem.

    Example: a figures row whose value is ``abc`` gives ``figures.csv:7: value: is not in the
    expected form (got abc, expected a number such as 18.04)``.
    """
    present = [f for f in table.fields if f.name in frame.columns]
    if frame.empty or not present:
        return []
    schema = pa.DataFrameSchema(
        {f.name: schema_for(table).columns[f.name] for f in present}, name=table.name)
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        return _to_problems(table, shown, err.failure_cases)
    return []


def _to_problems(table: Table, shown: str, cases: pd.DataFrame) -> list[Problem]:
    fields = {f.name: f for f in table.fields}
    problems = []
    for case in cases.itertuples(index=False):
        column, _, kind = str(case.check).partition("|")
        if column not in fields or case.index is None:
            continue
        problems.append(Problem(shown, int(case.index), column, kind,
                                got=repr(case.failure_case) if case.failure_case == "" else
                                str(case.failure_case),
                                expected=_expected(fields[column], kind)))
    return problems


NUMERIC = {"integer": "int64", "number": "float64"}


def _typed_column(field: Field) -> pa.Column:
    if field.type in NUMERIC:
        return pa.Column(NUMERIC[field.type], nullable=not field.required, coerce=True)
    return _text_column(field)


@cache
def processed_schema(table: Table) -> pa.DataFrameSchema:
    """The pandera schema of a processed table: exactly its declared columns, in order, typed."""
    return pa.DataFrameSchema({f.name: _typed_column(f) for f in table.fields}, strict=True,
                              ordered=True, name=table.name)


_FRAME_CHECKS = {
    "column_in_schema": "column not declared in the field dictionary (fields.py)",
    "column_in_dataframe": "declared column is missing",
    "column_ordered": "column out of the declared order",
}


def _located(table: Table, shown: str, case: object) -> Problem:
    """A pandera failure case of a processed table as a Problem; header problems are line 1."""
    check, index = str(case.check), case.index
    if check in _FRAME_CHECKS:
        return Problem(shown, 1, str(case.failure_case), _FRAME_CHECKS[check])
    column, _, kind = check.partition("|")
    if not kind:
        field = next(f for f in table.fields if f.name == case.column)
        column = field.name
        kind = "is empty" if check == "not_nullable" else f"is not of type {field.type}"
    row = index is not None and not (isinstance(index, float) and math.isnan(index))
    return Problem(shown, int(index) + 2 if row else 1, column, kind,
                   got=repr(case.failure_case) if row else str(case.failure_case))


def validated(table: Table, frame: pd.DataFrame, shown: str) -> pd.DataFrame:
    """``frame`` checked against the processed table's declaration (``shown`` names its file).

    Raises ``DataError`` with one located line per problem: an undeclared column gives
    ``data/processed/figures.csv:1: extra: column not declared in the field dictionary
    (fields.py)``.
    """
    try:
        return processed_schema(table).validate(frame.reset_index(drop=True), lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = dict.fromkeys(_located(table, shown, c)
                                 for c in err.failure_cases.itertuples(index=False))
        raise DataError(list(problems)) from None
