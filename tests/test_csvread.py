"""Reading raw CSVs as an editor shows them, whatever saved them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipanalysis.ingest import csvread
from ipanalysis.ingest.csvread import normalise_newlines, read_table
from ipanalysis.ingest.fields import FIGURES, SOURCES
from ipanalysis.ingest.validate import load_raw
from ipanalysis.paths import RAW_DIR


def _as_excel(text: str) -> bytes:
    """What Excel's "CSV UTF-8" writes: a byte-order mark and CRLF line ends."""
    return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")


def test_shipped_tables_resaved_by_a_spreadsheet_read_the_same(tmp_path: Path) -> None:
    for table in (FIGURES, SOURCES):
        plain = read_table(table, RAW_DIR / table.file)
        saved = tmp_path / table.file
        saved.write_bytes(_as_excel((RAW_DIR / table.file).read_text(encoding="utf-8")))
        excel = read_table(table, saved)
        assert excel.problems == ()
        pd.testing.assert_frame_equal(excel.frame, plain.frame)  # same cells, same line index


def test_whole_raw_folder_resaved_by_a_spreadsheet_validates(raw_copy: Path) -> None:
    for path in raw_copy.glob("*.csv"):
        path.write_bytes(_as_excel(path.read_text(encoding="utf-8")))
    raw = load_raw(raw_copy, seeds_dir=None)
    assert len(raw.figures) == 58  # 10 + 2 + 13 + 11 + 22 figures, counted by hand


def test_line_numbers_count_crlf_inside_a_quoted_cell(tmp_path: Path) -> None:
    header = ",".join(FIGURES.columns)
    row = ("nf-09,new_fields_2026,7,18.04 trillion yuan,pii_added_value,China,2024,year,"
           "stated,18.04,trillion,CNY,exact,{}")
    text = "\n".join([header, row.format('"two\nlines"'), row.format("plain").replace(
        "nf-09", "nf-10")]) + "\n"
    path = tmp_path / "figures.csv"
    path.write_bytes(_as_excel(text))
    frame = read_table(FIGURES, path).frame
    # the quoted note spans lines 2 and 3, so the next row starts on line 4
    assert list(frame.index) == [2, 4]
    assert frame.loc[2, "notes"] == "two\nlines"  # the cell's own line end is normalised too


def test_lone_carriage_returns_become_line_ends() -> None:
    assert normalise_newlines("a\rb\r\nc\n") == "a\nb\nc\n"


# Cells and separators that the two readers must agree on: quotes in every position, commas,
# blank and whitespace-only cells, spaces str.strip() removes but a naive trim may not
# (no-break space, the separator controls \x1c to \x1f), and line ends inside values.
_PLAIN = ["a", "b7", "x y", " ", "\u00a0", "\x1c", ","]
_TRICKY = [*_PLAIN, '"', '""', "\n"]


@st.composite
def _csv_texts(draw: st.DrawFn) -> str:
    """A header, then rows either written by ``csv.writer`` (quoted where needed, or always)
    or joined with commas as a careless hand would, mixed with blank and empty-cell lines;
    half the texts have no quote or line end in any cell, the case the fast reader takes."""
    header = draw(st.sampled_from([list(SOURCES.columns), list(SOURCES.columns)[:3],
                                   [*SOURCES.columns, "extra"]]))
    lines = [",".join(header)]
    pieces = draw(st.sampled_from([_PLAIN, _TRICKY]))
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["writer", "quoted", "joined", "blank", "empty cells"]))
        width = draw(st.sampled_from([len(header), len(header), len(header) - 1]))
        cell = st.lists(st.sampled_from(pieces), max_size=4).map("".join)
        cells = draw(st.lists(cell, min_size=width, max_size=width))
        if kind in ("writer", "quoted"):
            out = io.StringIO()
            quoting = csv.QUOTE_ALL if kind == "quoted" else csv.QUOTE_MINIMAL
            csv.writer(out, lineterminator="", quoting=quoting).writerow(cells)
            lines.append(out.getvalue())
        else:
            lines.append({"joined": ",".join(cells), "blank": "",
                          "empty cells": "," * (width - 1)}[kind])
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_csv_texts())
def test_the_arrow_reader_reads_what_the_csv_module_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Where Arrow's reader is used, the frame (cells and editor lines) and the problems are
    those of the ``csv`` module's; where it cannot say exactly, it steps aside."""
    path = tmp_path / "sources.csv"
    path.write_text(text, encoding="utf-8")
    fast = read_table(SOURCES, path)
    with monkeypatch.context() as patch:
        patch.setattr(csvread, "_read_with_arrow", lambda *args: None)
        slow = read_table(SOURCES, path)
    assert fast.problems == slow.problems
    pd.testing.assert_frame_equal(fast.frame, slow.frame)


def test_the_shipped_figures_are_read_by_arrow() -> None:
    """The fast reader is the one that reads the curated table (it has quoted cells with
    commas, which must not send it to the slow one)."""
    text = (RAW_DIR / FIGURES.file).read_text(encoding="utf-8")
    assert '"' in text
    assert csvread._read_with_arrow(FIGURES, RAW_DIR / FIGURES.file, text) is not None
