"""Issue 11: reports written for readers. Checked on the committed reports (``reports/``), which
``make reports`` rebuilds, and on the views' own sentences."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from ipanalysis.paths import PROJECT_ROOT
from ipanalysis.relations.interval import Interval
from ipanalysis.views import fmt

REPORTS = PROJECT_ROOT / "reports"
PAGES = sorted(p for p in REPORTS.glob("*.html") if p.name not in {"index.html", "claims.html"})
FIGURE_ID = re.compile(r"\b[a-z]{2}-\d{2}\b")
IMAGE = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")


def test_precision_follows_the_width_of_the_bounds() -> None:
    # pw-10 / pw-11: 854 billion yuan over "about 118 billion" dollars, i.e. [117.5, 118.5]
    # billion widened by "about" to [116.82, 119.18]... the processed bounds are
    # 854 / 119.07 = 7.1723 and 854 / 116.93 = 7.3034: width 0.13, leading digit in the tenths,
    # so one digit finer: hundredths, 7.24.
    iv = Interval.of(854 / 118, 7.1723, 7.3034)
    assert fmt.estimate(iv, "count") == "7.24 (7.17 to 7.30)"
    # nf-09 / nf-10: 18.04 trillion yuan at 13.38% of GDP -> 134.83 trillion; the bounds
    # 18.035/13.385 and 18.045/13.375 (x100) are 134.74 and 134.92 trillion: width 0.18
    # trillion, so hundredths of a trillion.
    whole = Interval.of(18.04e12 / 0.1338, 18.035e12 / 0.13385, 18.045e12 / 0.13375)
    assert fmt.estimate(whole, "CNY") == "134.83 trillion yuan (134.74 to 134.92 trillion yuan)"
    # An exact value keeps the default four digits.
    assert fmt.estimate(Interval.of(7.0467, 7.0467, 7.0467), "count") == "7.047"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_report_is_small_links_back_and_describes_every_chart(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert len(IMAGE.sub("", html).encode()) <= 120_000, "HTML without images over 120 kB"
    assert 'href="index.html"' in html and 'href="claims.html"' in html
    assert "jp-ThemeLight" not in html and "--jp-layout-color0" not in html, "lab theme embedded"
    images = re.findall(r"<img\b[^>]*>", html)
    assert images, "every report has at least one chart"
    for img in images:
        alt = re.search(r'alt="([^"]*)"', img)
        assert alt and alt.group(1).startswith("Chart: "), img[:80]
        assert "No description" not in alt.group(1)
    # Text meant for notebook users stays in the notebooks.
    assert "papermill" not in html and "nothing is written to disk" not in html


def test_alt_text_states_the_charts_finding_from_the_data() -> None:
    # The checks chart's title counts the verdicts: 15 of the 18 judged relations hold and one,
    # the pledge conversion pw-10/pw-11 (7.24 yuan per dollar against 7.05), does not.
    html = (REPORTS / "checks.html").read_text(encoding="utf-8")
    assert 'alt="Chart: 15 of 18 checks hold; 1 cannot hold as stated.' in html


def test_headlines_name_no_ids_except_as_links() -> None:
    index = (REPORTS / "index.html").read_text(encoding="utf-8")
    headlines = re.findall(r'<p class="headline">(.*?)</p>', index, re.S)
    assert len(headlines) == len(PAGES)
    for text in headlines:
        assert not FIGURE_ID.search(re.sub(r"<a [^>]*>.*?</a>", "", text)), text
    findings = re.findall(r"<li><span class=\"verdict[^>]*>.*?</li>", index, re.S)
    for item in findings:
        words = re.sub(r"<a [^>]*>.*?</a>", "", item)
        assert not FIGURE_ID.search(words), item
        assert re.search(r'<a class="ipa-id" href="claims.html#[a-z]{2}-\d{2}">', item)


def test_index_opens_with_findings_and_caveats_before_the_reports() -> None:
    index = (REPORTS / "index.html").read_text(encoding="utf-8")
    order = [index.index(x) for x in ('id="findings"', 'id="caveats"', 'id="reports"')]
    assert order == sorted(order)
    # 18 judged relations (11 declared checks + 7 found by the roles), 1 inconsistent: the
    # pledge financing conversion, in the article's own words.
    assert ("18 judged relations between them: 15 consistent, 2 undetermined, 1 inconsistent"
            in index)
    assert '"854 billion yuan"' in html.unescape(index) and "7.24 (7.17 to 7.30)" in index
    assert 'href="claims.html"' in index


def test_pdf_page_one_carries_the_title_and_pages_are_numbered(tmp_path: Path) -> None:
    pdf = REPORTS / "checks.pdf"
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "Checks: which of the articles' numbers hold up" in first
    assert re.search(r"^\s*1 ?/ ?\d+\s*$", first, re.M), "page number at the foot of page 1"
