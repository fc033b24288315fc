"""Read a raw CSV into a frame of strings indexed by the line a person sees in an editor.

pandas would read the data faster but forgets line numbers and silently accepts a wrong delimiter
or stray spaces; those are exactly the mistakes a hand-curated file collects, so this module
reports each one as a located ``Problem``, with the line an editor shows.

Two readers give the same result. The standard ``csv`` module reads any file, and tells the line
each row starts on. Arrow's CSV reader is several times faster on large files but does not
track lines, so it is used only where lines can be recovered exactly: when every record lies on
one line (the number of records equals the number of non-empty lines) and no quote stands in
the middle of a field, where the two parsers could read it differently. Otherwise, and whenever
Arrow rejects the text (a row with the wrong number of fields, say), the ``csv`` module reads it
and reports the problem. ``tests/test_csvread.py`` checks that both give the same frame and
problems on generated texts.

A file saved by a spreadsheet is read as the editor shows it: Excel's "CSV UTF-8" starts with a
byte-order mark and ends lines with CRLF, and may leave rows of empty cells; the mark is dropped,
line ends become LF before parsing (so line numbers stay those of the editor) and empty rows are
skipped like blank lines.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from ipanalysis.errors import Problem
from ipanalysis.ingest.fields import Table
from ipanalysis.paths import display_path

BOM = b"\xef\xbb\xbf"
OTHER_DELIMITERS = (";", "\t", "|")
#: What ``str.strip()`` removes, for Arrow's trim to remove exactly the same.
WHITESPACE = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
#: The bytes next to which a quote may open or close a field, or be doubled.
_BESIDE_QUOTE = np.frombuffer(b',\n"', dtype=np.uint8)


@dataclass(frozen=True)
class RawTable:
    """A raw table's cells as text (index = editor line) and the problems found reading it."""

    table: Table
    path: Path
    frame: pd.DataFrame
    problems: tuple[Problem, ...]

    @property
    def display(self) -> str:
        return display_path(self.path)


#: The longest cell a raw table may hold, in characters (the longest curated note is under
#: 600); a longer one is refused with its line and column.
MAX_CELL_CHARS = 2000
#: Characters no cell may hold: NUL and the other C0 controls but tab, and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def read_table(table: Table, path: Path) -> RawTable:
    """Read ``path`` as ``table``, then hold every cell to :data:`MAX_CELL_CHARS` and refuse
    control characters; a path that is a symbolic link is refused without being read.

    >>> from ipanalysis.ingest.fields import SCOPES
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "scopes.csv"
    >>> _ = path.write_text("scope,label,definition\\nnational,Whole,A\\x00B\\n")
    >>> print(read_table(SCOPES, path).problems[0].message)
    holds a control character (U+0000)
    """
    shown = display_path(path)
    if path.is_symlink():
        return RawTable(table, path, pd.DataFrame(columns=list(table.columns), dtype="str"),
                        (Problem(shown, 1, "(file)", "is a symbolic link; raw tables must be "
                                 "plain files in data/raw/"),))
    raw = _read_table(table, path)
    return RawTable(raw.table, raw.path, raw.frame, (*raw.problems, *_cell_problems(shown,
                                                                                    raw.frame)))


def _cell_problems(shown: str, frame: pd.DataFrame) -> list[Problem]:
    """Cells too long or holding control characters, each located, quoted only in part."""
    problems = []
    for column in frame.columns:
        cells = frame[column]
        for line, cell in cells[cells.str.len() > MAX_CELL_CHARS].items():
            problems.append(Problem(shown, int(line), column, "is too long",
                                    got=f"{len(cell):,} characters",
                                    expected=f"at most {MAX_CELL_CHARS:,}"))
        for line, cell in cells[cells.str.contains(CONTROL)].items():
            found = CONTROL.search(cell)
            problems.append(Problem(shown, int(line), column, "holds a control character "
                                    f"(U+{ord(found.group(0)):04X})",
                                    expected="printable text"))
    return problems


def _read_table(table: Table, path: Path) -> RawTable:
    """Read ``path`` as ``table``; never raises for bad content, returns problems instead.

    Example: a ``figures.csv`` whose row for nf-04 reads ``" over 4,800"`` gives
    ``data/raw/figures.csv:5: literal: leading or trailing whitespace (got ' over 4,800', ...)``
    and the cell is kept stripped so later checks still see the figure.
    """
    shown = display_path(path)
    empty = pd.DataFrame(columns=list(table.columns), dtype="str")
    if not path.exists():
        return RawTable(table, path, empty, (Problem(shown, 1, "(file)", "file not found"),))
    data = path.read_bytes().removeprefix(BOM)
    try:
        text = normalise_newlines(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        line = normalise_newlines(data[: err.start].decode("utf-8", "replace")).count("\n") + 1
        return RawTable(table, path, empty, (Problem(
            shown, line, "(file)", "not valid UTF-8", got=repr(data[err.start:err.start + 1]),
            expected="UTF-8 text (in a spreadsheet, save as 'CSV UTF-8')"),))
    fast = _read_with_arrow(table, path, text)
    if fast is not None:
        return fast
    rows = _rows_with_lines(text)
    if not rows:
        return RawTable(table, path, empty, (Problem(
            shown, 1, "(file)", "file is empty", expected=f"a header: {','.join(table.columns)}"),))
    header_line, header = rows[0]
    if len(header) == 1 and any(d in header[0] for d in OTHER_DELIMITERS):
        found = next(d for d in OTHER_DELIMITERS if d in header[0])
        return RawTable(table, path, empty, (Problem(
            shown, header_line, "(header)", "columns are not separated by commas",
            got=repr(found), expected="','"),))
    problems = _header_problems(shown, header_line, header, table)
    body = rows[1:]
    width = len(header)
    lines, cells, short = [], [], []
    for line, row in body:
        if len(row) != width:
            problems.append(Problem(shown, line, "(row)", "wrong number of fields",
                                    got=str(len(row)), expected=str(width)))
            continue
        stripped_row = [c.strip() for c in row]
        if stripped_row != row:
            short.append((line, row))
        lines.append(line)
        cells.append(stripped_row)
    problems += _whitespace_problems(shown, header, short)
    stripped = pd.DataFrame(cells, columns=header, index=pd.Index(lines, name="line"),
                            dtype="str")
    known = [c for c in table.columns if c in stripped.columns]
    return RawTable(table, path, stripped[known], tuple(problems))


def _read_with_arrow(table: Table, path: Path, text: str) -> RawTable | None:
    """``read_table``'s result read by Arrow, or ``None`` where only the ``csv`` module can say
    it exactly (see the module's docstring)."""
    data = text.encode("utf-8")
    if _has_stray_quote(data):
        return None
    physical = text.split("\n")
    lines = [n for n, line in enumerate(physical, start=1) if line]
    if len(lines) < 2:
        return None
    width = len(next(csv.reader([physical[lines[0] - 1]])))
    if width == 1:  # perhaps another delimiter, which the csv module's path reports
        return None
    names = [f"c{i}" for i in range(width)]
    try:
        parsed = pa_csv.read_csv(
            io.BytesIO(data),
            read_options=pa_csv.ReadOptions(column_names=names, use_threads=False),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowException:  # e.g. a row with the wrong number of fields
        return None
    if parsed.num_rows != len(lines):
        return None
    header = [parsed.column(i)[0].as_py() for i in range(width)]
    if len(set(header)) < width or not any(h.strip() for h in header):
        return None
    raw = [parsed.column(i).combine_chunks().slice(1) for i in range(width)]
    trimmed = [pc.utf8_trim(column, characters=WHITESPACE) for column in raw]
    filled = functools.reduce(pc.or_, [pc.not_equal(c, "") for c in trimmed])
    keep = pc.indices_nonzero(filled)
    body_lines = [lines[1 + i] for i in keep.to_pylist()]
    spaced = sorted({row for old, new in zip(raw, trimmed, strict=True)
                     for row in pc.indices_nonzero(pc.and_(filled, pc.not_equal(old, new)))
                     .to_pylist()})
    shown = display_path(path)
    problems = _header_problems(shown, lines[0], header, table)
    problems += _whitespace_problems(
        shown, header, [(lines[1 + row], [c[row].as_py() for c in raw]) for row in spaced])
    frame = pa.table([c.take(keep) for c in trimmed], names=header).to_pandas()
    frame.index = pd.Index(body_lines, name="line")
    known = [c for c in table.columns if c in frame.columns]
    return RawTable(table, path, frame[known], tuple(problems))


def _has_stray_quote(data: bytes) -> bool:
    r"""True when a quote neither opens a field, closes one, nor is doubled: ``ab"c``,
    ``"ab"c``; the ``csv`` module and Arrow may read such a cell differently.

    >>> _has_stray_quote(b'a,"1,2",x\nb,"y""z",c')
    False
    >>> _has_stray_quote(b'a,x"y')
    True
    """
    padded = np.frombuffer(b"," + data + b",", dtype=np.uint8)
    quotes = np.flatnonzero(padded == ord('"'))
    beside = np.isin(padded[quotes - 1], _BESIDE_QUOTE) | np.isin(padded[quotes + 1], _BESIDE_QUOTE)
    return not bool(beside.all())


def normalise_newlines(text: str) -> str:
    r"""CRLF and lone CR line ends as LF, so a spreadsheet's file reads like an editor's.

    >>> normalise_newlines('a,b\r\n"x\r\ny",z\r\n')
    'a,b\n"x\ny",z\n'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _rows_with_lines(text: str) -> list[tuple[int, list[str]]]:
    """Rows paired with the editor line each one starts on; blank lines and rows of empty
    cells (",,,," as a spreadsheet leaves them) are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    start = 1
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(max(limit, len(text)))  # a long cell is reported, not fatal
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    finally:
        csv.field_size_limit(limit)
    return rows


def _header_problems(shown: str, line: int, header: list[str], table: Table) -> list[Problem]:
    problems = [Problem(shown, line, col, "missing column", expected="present in the header")
                for col in table.columns if col not in header]
    problems += [Problem(shown, line, col, "unknown column",
                         expected=f"one of {', '.join(table.columns)}")
                 for col in header if col not in table.columns]
    seen: set[str] = set()
    for col in header:
        if col in seen:
            problems.append(Problem(shown, line, col, "column appears twice"))
        seen.add(col)
    return problems


def _whitespace_problems(
    shown: str, header: list[str], rows: list[tuple[int, list[str]]]
) -> list[Problem]:
    """One problem per cell with leading or trailing spaces, in the rows that have any."""
    return [Problem(shown, line, col, "leading or trailing whitespace", got=repr(val),
                    expected=repr(val.strip()))
            for line, row in rows for col, val in zip(header, row, strict=True)
            if val != val.strip()]
