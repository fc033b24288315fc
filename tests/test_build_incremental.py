"""Incremental builds are never stale: after random edits to a copy of the data, building only
what the recorded reads say changed gives the very bytes of a forced full build.

The project copy holds the real notebooks and data (articles are not needed: the data step runs
without provenance checks) and a plan of the checks overview and one article's report.
A probe notebook reads a raw switch file and scans the figures columns it names, to show that a
notebook which starts reading a new column after an edit is rebuilt when that column changes.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
from pathlib import Path

import nbformat
import pytest

from ipanalysis.reports.config import Options, Project
from ipanalysis.reports.runner import run_build
from ipanalysis.paths import NOTEBOOKS_DIR, RAW_DIR
from ipanalysis.process import process

pytestmark = pytest.mark.slow

SEED = 13
EDITS = ("note", "value", "new figure", "removed figure", "new check")
REPORTS = {
    "checks": ("checks.ipynb", 'currency = "CNY"'),
    "source-powerhouse_2024": ("source_report.ipynb", 'source_id = "powerhouse_2024"'),
    "probe": ("probe.ipynb", ""),
}
PROBE = """import os
from pathlib import Path
from ipanalysis.ingest.fields import PROCESSED_FIGURES
from ipanalysis.views.dataset import Recorded
data = Path(os.environ["IPANALYSIS_ROOT"]) / "data"
extra = (data / "raw" / "probe.txt").read_text().split()
figures = Recorded.read(PROCESSED_FIGURES, "figure_id", data / "processed")
print(figures.scan("period", *extra).head(2).to_string())"""


def make_project(root: Path, reports: tuple[str, ...] = tuple(REPORTS)) -> Project:
    shutil.copytree(NOTEBOOKS_DIR, root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_*", "reports.toml"))
    shutil.copytree(RAW_DIR, root / "data" / "raw")
    (root / "data" / "raw" / "probe.txt").write_text("")
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE, id="probe")])
    probe.metadata["kernelspec"] = {"name": "ipanalysis", "display_name": "ipanalysis",
                                    "language": "python"}
    nbformat.write(probe, root / "notebooks" / "probe.ipynb")
    (root / "notebooks" / "reports.toml").write_text("".join(
        f'[[report]]\nname = "{name}"\nnotebook = "{notebook}"\nparameters = {{{params}}}\n\n'
        for name, (notebook, params) in REPORTS.items() if name in reports))
    return Project.at(root)


def build(project: Project, out: Path, force: bool = False) -> tuple[set[str], str]:
    """Run the data step and a build; the reports it says it built, and its log."""
    process(project.raw_dir, project.processed_dir, None)
    log = io.StringIO()
    code = run_build(project, Options(output_dir=out, jobs=2, force=force), out=log)
    assert code == 0, log.getvalue()
    built = {line.split(":")[0] for line in log.getvalue().splitlines() if ": building" in line}
    return built, log.getvalue()


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())
            if p.is_file() and p.name != ".lock"}


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit(raw: Path, kind: str, rng: random.Random, n: int) -> str:
    """Apply one edit of ``kind`` to the raw tables; say what it was."""
    figures = read_rows(raw / "figures.csv")
    checks = read_rows(raw / "checks.csv")
    in_checks = {f for c in checks for f in c["figures"].split()}
    row = rng.choice(figures)
    if kind == "note":
        row["notes"] = f"{row['notes']} Edited {n}."
    elif kind == "value":
        # a figure whose literal spells its value: change both, so it still validates
        row = rng.choice([f for f in figures if f["value"] in f["literal"]
                          and f["value"][-1].isdigit() and f["value"][-1] not in "09"])
        new = f"{row['value'][:-1]}{int(row['value'][-1]) + 1}"
        row["literal"] = row["literal"].replace(row["value"], new, 1)
        row["value"] = new
    elif kind == "new figure":
        prefix = row["figure_id"].split("-")[0]
        figures.append({**row, "figure_id": f"{prefix}-9{n}", "notes": f"Copy {n}."})
    elif kind == "removed figure":
        row = rng.choice([f for f in figures if f["figure_id"] not in in_checks])
        figures.remove(row)
    elif kind == "new check":
        same = [c for c in checks if c["kind"] == "same_figure"]
        check = rng.choice(same)
        first, second = (next(f for f in figures if f["figure_id"] == i)
                         for i in check["figures"].split()[:2])
        # the first figure restated by the second's article: a check across articles
        prefix = second["figure_id"].split("-")[0]
        copy = {**first, "figure_id": f"{prefix}-8{n}", "source_id": second["source_id"],
                "notes": "Restated for a check."}
        figures.append(copy)
        checks.append({**check, "check_id": f"restated_{n}",
                       "figures": f"{first['figure_id']} {copy['figure_id']}",
                       "sentence": "The figure restated must allow the same value."})
        write_rows(raw / "checks.csv", checks)
    write_rows(raw / "figures.csv", figures)
    return f"{kind} on {row['figure_id']}"


def test_random_edits_rebuild_what_changed_and_match_a_forced_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    out = tmp_path / "incremental"
    build(project, out)
    rng = random.Random(SEED)
    for n, kind in enumerate(EDITS):
        before = files(out)
        what = edit(project.raw_dir, kind, rng, n)
        built, log = build(project, out)
        forced, _ = build(project, tmp_path / f"forced-{n}", force=True)
        assert forced == set(REPORTS), log
        after = files(out)
        assert after == files(tmp_path / f"forced-{n}"), f"{what}: stale output\n{log}"
        changed = {name.rsplit(".", 1)[0] for name in after if before.get(name) != after[name]}
        assert changed - {"index", "build-state"} <= built, f"{what}\n{log}"
        if kind == "note":
            # a note is read only by the reports that hold its figure's row
            assert "probe" not in built, log


def test_a_notebook_that_starts_reading_a_column_is_rebuilt_when_it_changes(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project", reports=("probe",))
    out = tmp_path / "reports"
    build(project, out)
    raw = project.raw_dir

    def edit_note(text: str) -> None:
        rows = read_rows(raw / "figures.csv")
        rows[0]["notes"] = text
        write_rows(raw / "figures.csv", rows)

    edit_note("First edit.")
    built, log = build(project, out)
    assert "probe" not in built, log
    (raw / "probe.txt").write_text("notes")
    built, log = build(project, out)
    assert "probe: building (reads raw/probe.txt, changed)" in log
    edit_note("Second edit.")
    built, log = build(project, out)
    assert "probe: building (reads notes, period of every row of processed/figures.csv, " \
        "changed" in log, log
