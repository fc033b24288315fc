"""Reading raw CSVs as an editor shows them, whatever saved them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

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
