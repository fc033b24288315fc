"""The bad-input corpus: one small broken file per failure kind, each reported at the exact
file, line and column, with nothing written to the processed folder."""

from __future__ import annotations

import csv
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


def _edit_note(raw_copy: Path, text: str) -> Path:
    """Set the notes of the first figure (line 2 of figures.csv) to ``text``."""
    path = raw_copy / "figures.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["notes"] = text
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_cell_over_the_limit_is_one_short_line(raw_copy: Path) -> None:
    """200,000 characters (over the csv module's own 131,072 limit): one located line that
    quotes none of it."""
    path = _edit_note(raw_copy, "x" * 200_000)
    with pytest.raises(DataError) as caught:
        load_raw(raw_copy, seeds_dir=None)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: notes: is too long (got 200,000 characters, expected at most 2,000)"]


def test_a_nul_byte_or_control_character_is_refused(raw_copy: Path) -> None:
    path = _edit_note(raw_copy, "a note with a NUL \x00 and a bell \x07")
    with pytest.raises(DataError) as caught:
        load_raw(raw_copy, seeds_dir=None)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: notes: holds a control character (U+0000) (expected printable text)"]


def test_a_raw_table_that_is_a_symlink_is_refused_without_quoting_its_target(
    raw_copy: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (raw_copy / "exclusions.csv").unlink()
    (raw_copy / "exclusions.csv").symlink_to(secret)
    with pytest.raises(DataError) as caught:
        load_raw(raw_copy, seeds_dir=None)
    lines = [str(p) for p in caught.value.problems]
    assert f"{raw_copy / 'exclusions.csv'}:1: (file): is a symbolic link; raw tables must be " \
        "plain files in data/raw/" in lines
    assert not any("root:" in line for line in lines)


def test_a_missing_python_package_is_one_line_naming_it_and_the_set_up(tmp_path: Path) -> None:
    """As on a machine where the venv lacks itables: `ipanalysis publish` says which package
    and how to install it, with no traceback."""
    code = ("import sys\nsys.modules['itables'] = None\nfrom ipanalysis.cli import main\n"
            f"sys.exit(main(['publish', '--reports-dir', {str(tmp_path)!r}]))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=False)
    assert (result.returncode, result.stderr) == (
        1, "missing Python package itables: run `make setup` to install the locked "
           "dependencies into .venv\n")
