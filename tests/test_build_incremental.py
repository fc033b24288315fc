"""Incremental builds are never stale: after random edits to a copy of the data, building only
the reports whose declared files changed gives the very bytes of a forced full build.

The project copy holds the real notebooks and data (articles are not needed: the data step runs
without provenance checks) and a plan of the checks overview and two articles' reports. A probe
notebook reads a processed table its metadata does not declare, to show that such a read stops
its report instead of leaving a report that no change of that table would rebuild.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
from pathlib import Path

import nbformat
import pytest

from ipanalysis.paths import NOTEBOOKS_DIR, RAW_DIR
from ipanalysis.process import process
from ipanalysis.reports.config import Options, Project
from ipanalysis.reports.runner import run_build

pytestmark = pytest.mark.slow

SEED = 13
EDITS = ("note", "value", "new figure", "removed figure", "new check")
REPORTS = {
    "checks": ("checks.ipynb", 'currency = "CNY"'),
    "source-powerhouse_2024": ("source_report.ipynb", 'source_id = "powerhouse_2024"'),
    "source-xinhua_value_2026": ("source_report.ipynb", 'source_id = "xinhua_value_2026"'),
}
PROBE = """from ipanalysis.views.dataset import load_figures, load_sources
print(len(load_figures()))
print(len(load_sources()))"""


def make_project(root: Path, reports: dict[str, tuple[str, str]] = REPORTS) -> Project:
    shutil.copytree(NOTEBOOKS_DIR, root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_*", "reports.toml"))
    shutil.copytree(RAW_DIR, root / "data" / "raw")
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE, id="probe")])
    probe.metadata["kernelspec"] = {"name": "ipanalysis", "display_name": "ipanalysis",
                                    "language": "python"}
    probe.metadata["ipanalysis"] = {"reads": ["processed/figures.csv"]}
    nbformat.write(probe, root / "notebooks" / "probe.ipynb")
    (root / "notebooks" / "reports.toml").write_text("".join(
        f'[[report]]\nname = "{name}"\nnotebook = "{notebook}"\nparameters = {{{params}}}\n\n'
        for name, (notebook, params) in reports.items()))
    return Project.at(root)


def build(project: Project, out: Path, force: bool = False,
          expect: int = 0) -> tuple[set[str], str]:
    """Run the data step and a build; the reports it says it built, and its log."""
    process(project.raw_dir, project.processed_dir, None)
    log = io.StringIO()
    code = run_build(project, Options(output_dir=out, jobs=2, force=force), out=log)
    assert code == expect, log.getvalue()
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
    """The checks overview (every table) and one article's report (its notes file)."""
    reports = {k: v for k, v in REPORTS.items() if k != "source-xinhua_value_2026"}
    project = make_project(tmp_path / "project", reports)
    out = tmp_path / "incremental"
    build(project, out)
    rng = random.Random(SEED)
    for n, kind in enumerate(EDITS):
        before = files(out)
        what = edit(project.raw_dir, kind, rng, n)
        built, log = build(project, out)
        forced, _ = build(project, tmp_path / f"forced-{n}", force=True)
        assert forced == set(reports), log
        after = files(out)
        assert after == files(tmp_path / f"forced-{n}"), f"{what}: stale output\n{log}"
        changed = {name.rsplit(".", 1)[0] for name in after if before.get(name) != after[name]}
        assert changed - {"index", "build-state"} <= built, f"{what}\n{log}"


def test_a_note_rebuilds_only_the_report_of_its_article(tmp_path: Path) -> None:
    """Notes are kept per article (processed/notes/<source_id>.csv), and only that article's
    report declares its file."""
    project = make_project(tmp_path / "project")
    out = tmp_path / "reports"
    build(project, out)
    rows = read_rows(project.raw_dir / "figures.csv")
    row = next(r for r in rows if r["source_id"] == "powerhouse_2024")
    row["notes"] = f"{row['notes']} Edited."
    write_rows(project.raw_dir / "figures.csv", rows)
    built, log = build(project, out)
    assert built == {"source-powerhouse_2024"}, log
    assert "(processed/notes/powerhouse_2024.csv changed)" in log


def test_a_read_the_notebook_does_not_declare_fails_its_report_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "project", {"probe": ("probe.ipynb", "")})
    _, log = build(project, tmp_path / "reports", expect=1)
    assert "probe: FAILED" in log
    err = capsys.readouterr().err
    assert ("probe.ipynb reads processed/sources.csv, which its metadata does not declare "
            "(add it to ipanalysis.reads)") in err
