"""The bad-input corpus: one small broken file per failure kind, each reported at the exact
file, line and column, with nothing written to the processed folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ipanalysis.errors import DataError
from ipanalysis.ingest.validate import load_raw
from ipanalysis.process import process

BAD_INPUTS = Path(__file__).resolve().parent / "bad_inputs"

# (corpus file, expected line, expected column, expected message start), read off each file.
CASES = [
    ("missing_column.figures.csv", 1, "geography", "missing column"),
    ("duplicate_id.figures.csv", 4, "figure_id", "duplicate id"),
    ("unknown_source.figures.csv", 3, "source_id", "unknown source"),
    ("unknown_metric.figures.csv", 4, "metric", "unknown metric"),
    ("non_numeric_value.figures.csv", 2, "value", "is not in the expected form"),
    ("literal_disagrees.figures.csv", 3, "value", "disagrees with the literal"),
    ("unknown_unit.figures.csv", 4, "unit", "is not an allowed value"),
    ("share_over_100.figures.csv", 3, "value", "a share must lie between 0 and 100"),
    ("empty_file.figures.csv", 1, "(file)", "file is empty"),
    ("wrong_delimiter.figures.csv", 1, "(header)", "columns are not separated by commas"),
    # Excel's "CSV UTF-8" (byte-order mark, CRLF, a trailing row of empty cells) is read, and
    # its mistake is found on the line an editor shows: 13.83 for "13.38%" on line 3.
    ("excel_csv_utf8.figures.csv", 3, "value", "disagrees with the literal"),
    # Excel's plain "CSV" writes Windows-1252: the e-acute on line 3 is byte 0xe9.
    ("not_utf8.figures.csv", 3, "(file)", "not valid UTF-8"),
    # a powerhouse figure numbered nf-11, the prefix of the new-fields article (lines 2-3)
    ("foreign_prefix.figures.csv", 4, "figure_id", "prefix nf- belongs to another article"),
    ("stray_whitespace.figures.csv", 4, "literal", "leading or trailing whitespace"),
    ("bad_date.sources.csv", 4, "accessed", "is not in the expected form"),
    ("impossible_date.sources.csv", 3, "published", "is not a real date"),
]


def _install(case: str, raw_dir: Path) -> Path:
    """Put the broken file in place of its table in a copy of data/raw/."""
    table_file = case.split(".", 1)[1]
    shutil.copyfile(BAD_INPUTS / case, raw_dir / table_file)
    return raw_dir / table_file


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(("case", "line", "column", "message"), CASES)
def test_each_failure_is_located_and_nothing_is_written(
    case: str, line: int, column: str, message: str, raw_copy: Path, tmp_path: Path
) -> None:
    broken = _install(case, raw_copy)
    out = tmp_path / "processed"
    out.mkdir()
    (out / "figures.csv").write_text("previous build\n")
    before = _snapshot(out)

    with pytest.raises(DataError) as caught:
        process(raw_copy, out, seeds_dir=None)

    located = [(p.file, p.line, p.column) for p in caught.value.problems]
    assert (str(broken), line, column) in located
    first = next(p for p in caught.value.problems if (p.line, p.column) == (line, column))
    assert first.message.startswith(message)
    assert _snapshot(out) == before


def test_all_problems_reported_in_one_run(raw_copy: Path) -> None:
    _install("duplicate_id.figures.csv", raw_copy)
    _install("bad_date.sources.csv", raw_copy)
    # The two-row figures file leaves the declared checks without their figures; empty the
    # ledger so that only the two broken files report.
    checks = raw_copy / "checks.csv"
    checks.write_text(checks.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_raw(raw_copy, seeds_dir=None)
    names = [Path(p.file).name for p in caught.value.problems]
    assert set(names) == {"figures.csv", "sources.csv"}
    # Sources come first, then figures.
    assert (names[0], names[-1]) == ("sources.csv", "figures.csv")


def test_cli_prints_one_line_per_problem_without_traceback(raw_copy: Path, tmp_path: Path) -> None:
    _install("literal_disagrees.figures.csv", raw_copy)
    out = tmp_path / "processed"
    result = subprocess.run(
        [sys.executable, "-m", "ipanalysis.cli", "process", "--raw-dir", str(raw_copy),
         "--out-dir", str(out), "--seeds-dir", str(tmp_path / "no-seeds")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    note, first_line = result.stderr.splitlines()[:2]
    # the missing articles folder is said in one line, before the problems
    assert note.startswith(f"note: articles folder not found: {tmp_path / 'no-seeds'} (set "
                           "IPANALYSIS_SEEDS or pass --seeds-dir)")
    assert first_line == (f"{raw_copy / 'figures.csv'}:3: value: disagrees with the literal "
                          "(got 13.83, expected 13.38 from '13.38%')")
    assert not out.exists()


def test_spreadsheet_saved_file_reports_nothing_about_its_encoding(raw_copy: Path) -> None:
    broken = _install("excel_csv_utf8.figures.csv", raw_copy)
    assert broken.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in broken.read_bytes()
    with pytest.raises(DataError) as caught:
        load_raw(raw_copy, seeds_dir=None)
    mine = [p for p in caught.value.problems if p.file == str(broken)]
    # only the wrong value: no complaint about the mark, the line ends or the empty last row
    assert [(p.line, p.column) for p in mine] == [(3, "value")]
