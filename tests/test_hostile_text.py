"""Markup in the data stays text: labels, titles, notes and sentences holding HTML, a script
end tag, a javascript: link and a template expression are built into the reports, the index and
the claims explorer, which a real browser then opens. No dialog may open and no injected
element may exist. Runs in Debian's headless Chromium (see test_build_browser)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from test_build_browser import browser  # noqa: F401  (the fixture)

from ipanalysis.paths import NOTEBOOKS_DIR, RAW_DIR
from ipanalysis.process import process
from ipanalysis.publish.claims import claims_bytes
from ipanalysis.reports.config import Options, Project
from ipanalysis.reports.runner import run_build

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAYLOADS = (" <img src=x onerror=alert(1)> <svg onload=alert(2)> <details open "
            "ontoggle=alert(3)>x</details> [link](javascript:alert(4)) </script><img src=y> "
            "{{ 7*7 }}")
#: Where the payload goes: (file, key column, key, column).
PLACES = [
    ("metrics.csv", "metric", "invention_patents_granted", "label"),
    ("metrics.csv", "metric", "high_value_invention_patents_per_10k", "label"),
    ("metrics.csv", "metric", "pii_added_value", "label"),
    ("metrics.csv", "metric", "pii_share_of_gdp", "label"),
    ("sources.csv", "source_id", "powerhouse_2024", "title"),
    ("figures.csv", "figure_id", "pw-01", "notes"),
    ("checks.csv", "check_id", "invention_grants_2022", "sentence"),
]
PLAN = {"growth": ("growth.ipynb", 'currency = "USD"'), "quality": ("quality.ipynb", ""),
        "industry_share": ("industry_share.ipynb", ""), "checks": ("checks.ipynb", ""),
        "source-powerhouse_2024": ("source_report.ipynb", 'source_id = "powerhouse_2024"')}
INJECTED = ("img[onerror], img[src='x'], img[src='y'], svg[onload], details[ontoggle], "
            "a[href^='javascript:']")


def _poison(raw: Path) -> None:
    for file, key, value, column in PLACES:
        path = raw / file
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        row = next(r for r in rows if r[key] == value)
        row[column] += PAYLOADS
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(RAW_DIR, root / "data" / "raw")
    shutil.copytree(NOTEBOOKS_DIR, root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_*", "reports.toml"))
    (root / "notebooks" / "reports.toml").write_text("".join(
        f'[[report]]\nname = "{n}"\nnotebook = "{nb}"\nparameters = {{{p}}}\n\n'
        for n, (nb, p) in PLAN.items()))
    _poison(root / "data" / "raw")
    project = Project.at(root)
    process(project.raw_dir, project.processed_dir, None)
    out = root / "reports"
    log = io.StringIO()
    assert run_build(project, Options(output_dir=out, jobs=2), out=log) == 0, log.getvalue()
    (out / "claims.html").write_bytes(claims_bytes(project.processed_dir))
    return sorted(out.glob("*.html"))


def test_the_payloads_reach_every_page_as_text(pages: list[Path]) -> None:
    assert {p.stem for p in pages} == {*PLAN, "index", "claims"}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<svg onload" not in html, page.name
        assert 'href="javascript:' not in html, page.name


def test_no_dialog_opens_and_no_injected_element_exists(pages: list[Path],
                                                        browser: object) -> None:  # noqa: F811
    shown = 0
    for page_path in pages:
        context = browser.new_context(offline=True)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
        page.goto(page_path.as_uri())
        page.wait_for_timeout(200)
        injected = page.eval_on_selector_all(INJECTED, "els => els.map(e => e.outerHTML)")
        text = page.inner_text("body")
        context.close()
        assert dialogs == [] and injected == [], (page_path.name, dialogs, injected[:2])
        shown += "{{ 7*7 }}" in text
    assert shown >= len(PLAN), "the template expression should show as written"
