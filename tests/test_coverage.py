"""Coverage: every number of an article found and placed as curated, excluded or missing.

The small articles are written for these tests, one paragraph each; the real articles must come
out with nothing missing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from ipanalysis.cli import main
from ipanalysis.curation.coverage import Status, coverage, find_numbers, places
from ipanalysis.errors import DataError
from ipanalysis.ingest.validate import load_raw
from ipanalysis.paths import RAW_DIR


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.form) for f in find_numbers(text)]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # words as numbers, a hyphenated compound among them
        ("The panel had seven judges and twenty-one clerks; nine were new.",
         [("seven", "word"), ("twenty-one", "word"), ("nine", "word")]),
        # ranges, with words and with a dash
        ("Fees rose 10 to 15 percent, and output 3-4% in the north.",
         [("10 to 15 percent", "range"), ("3-4%", "range")]),
        # percentages in three spellings
        ("Sales fell 4.5% while costs rose 12 per cent and rents 7 percent.",
         [("4.5%", "percent"), ("12 per cent", "percent"), ("7 percent", "percent")]),
        # currencies before and after, with scale words and a qualifier kept
        ("The fund held $2.5 billion, about 18 billion yuan, plus RMB 300 million.",
         [("$2.5 billion", "money"), ("about 18 billion yuan", "money"),
          ("RMB 300 million", "money")]),
        # ordinals in digits and in words
        ("The port ranked 3rd overall and first in the second survey.",
         [("3rd", "ordinal"), ("first", "ordinal"), ("second", "ordinal")]),
        # fractions, densities, counts with separators, codes
        ("Over three-quarters of 4,745 firms held 5.2 patents per 10,000 people and 5G masts.",
         [("Over three-quarters", "fraction"), ("4,745", "number"),
          ("5.2 patents per 10,000 people", "density"), ("5G", "code")]),
        # dates are found whole, not as loose digits
        ("On March 4, 2024, at 10:30, and again on 2024-05-06 and 07/06/2024, in 2025.",
         [("March 4, 2024", "date"), ("10:30", "date"), ("2024-05-06", "date"),
          ("07/06/2024", "date"), ("2025", "year")]),
        # no numbers, although words hide number words inside them
        ("Someone alone often wonders whether anyone has done it; nobody knows.", []),
    ],
)
def test_numbers_are_found_as_written(paragraph: str, expected: list[tuple[str, str]]) -> None:
    assert _found(paragraph) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [("China marks the top in quantity.", [("the top", "rank")]),
     ("At The Top Spot in filings.", [("The Top Spot", "rank")]),
     ("It took the top place, then the top position.",
      [("the top place", "rank"), ("the top position", "rank")]),
     # not a rank: a list's size, a compound adjective, a bare "top"
     ("Among the top 100 clusters.", [("100", "number")]),
     ("Strengthen the top-level design.", []),
     ("The country's top IP authority.", [])],
)
def test_rank_words(text: str, found: list[tuple[str, str]]) -> None:
    assert [(f.text, f.form) for f in find_numbers(text)] == found


def test_places_are_whole_words() -> None:
    text = "In 2015 the 15 firms grew 15.3% and 1,15 was a typo."
    assert places("15", text) == [(12, 14)]


ARTICLE = (
    "Headline with no figure at all\n"
    "\n"
    "In 2030 the agency opened 40 offices, first in the east and then first in the west.\n"
    "Its budget was about 6.5 billion yuan in the second year of the 3rd plan.\n"
)
FIGS = pd.DataFrame({
    "figure_id": ["tt-01", "tt-02", "tt-03"],
    "source_id": ["test_article"] * 3,
    "paragraph": ["2", "2", "3"],
    "literal": ["40", "first", "the top"],
})
EXCL = pd.DataFrame({
    "source_id": ["test_article"] * 4,
    "paragraph": ["2", "2", "3", "3"],
    "text": ["2030", "then first", "second year", "not here"],
    "category": ["date", "wording", "date", "date"],
    "reason": ["A year.", "A sequence word.", "A year count.", "Stale on purpose."],
})


def test_each_number_is_curated_excluded_or_missing() -> None:
    result = coverage(ARTICLE, "test_article", FIGS, EXCL)
    placed = [(e.found.paragraph, e.found.text, e.status, e.detail.split(":")[0])
              for e in result.entries]
    assert placed == [
        (2, "2030", Status.EXCLUDED, "date"),
        (2, "40", Status.CURATED, "tt-01"),
        (2, "first", Status.CURATED, "tt-02"),  # the first "first" is the figure ...
        (2, "first", Status.EXCLUDED, "wording"),  # ... the second is excluded
        (3, "about 6.5 billion yuan", Status.MISSING, ""),
        (3, "second", Status.EXCLUDED, "date"),
        (3, "3rd", Status.MISSING, ""),
    ]
    assert (result.count(Status.CURATED), result.count(Status.EXCLUDED),
            result.count(Status.MISSING)) == (2, 3, 2)
    assert result.unused_exclusions == ((3, "not here"),)
    assert result.unmatched_figures == ("tt-03",)
    assert not result.complete


def test_a_text_without_numbers_is_complete() -> None:
    result = coverage("Nothing counted here.\nNor here.\n", "test_article", FIGS, EXCL.iloc[:0])
    assert result.entries == ()
    assert result.complete


def test_inputs_are_not_changed() -> None:
    figures, exclusions = FIGS.copy(), EXCL.copy()
    coverage(ARTICLE, "test_article", FIGS, EXCL)
    pd.testing.assert_frame_equal(FIGS, figures)
    pd.testing.assert_frame_equal(EXCL, exclusions)


@pytest.fixture(scope="module")
def shipped(seeds_dir: Path) -> tuple:
    """The validated raw data and the articles (skipped without them, failed in CI)."""
    return load_raw(RAW_DIR, seeds_dir), seeds_dir


@pytest.mark.parametrize("source_id", ["new_fields_2026", "seven_tasks_2026",
                                       "foreign_disputes_2025", "xinhua_value_2026",
                                       "powerhouse_2024"])
def test_real_articles_have_nothing_missing(shipped: tuple, source_id: str) -> None:
    raw, seeds = shipped
    seed_file = raw.sources.set_index("source_id").loc[source_id, "seed_file"]
    result = coverage((seeds / seed_file).read_text(encoding="utf-8"), source_id, raw.figures,
                      raw.exclusions)
    assert [e.found.text for e in result.missing] == []
    assert result.unused_exclusions == ()
    # every figure is matched, rank words ("the top" of fd-02, "the top spot" of xv-01) too
    figures = raw.figures[raw.figures["source_id"] == source_id]
    assert result.count(Status.CURATED) == len(figures)
    assert result.unmatched_figures == ()


def test_cli_lists_and_fails_on_a_missing_number(raw_copy: Path, seeds_dir: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    article = seeds_dir / "004_652b28d7cf7de769.txt"
    args = ["coverage", str(article), "--source", "powerhouse_2024", "--raw-dir", str(raw_copy),
            "--seeds-dir", str(seeds_dir)]
    assert main(args) == 0
    assert "curated pw-01" in capsys.readouterr().out
    path = raw_copy / "exclusions.csv"
    kept = [line for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("powerhouse_2024,16,")]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "  16  Third" in out and out.rstrip().endswith("1 missing")


def test_cli_refuses_an_unknown_source_or_another_text(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    article = tmp_path / "a.txt"
    article.write_text("One line.\n", encoding="utf-8")
    no_seeds = str(tmp_path / "no_seeds")
    assert main(["coverage", str(article), "--source", "nope", "--seeds-dir", no_seeds]) == 2
    assert "Unknown source id 'nope'; allowed: new_fields_2026" in capsys.readouterr().err
    assert main(["coverage", str(article), "--source", "powerhouse_2024", "--seeds-dir",
                 no_seeds]) == 2
    assert hashlib.sha256(b"One line.\n").hexdigest()[:12] in capsys.readouterr().err


def test_an_exclusion_must_stand_in_its_paragraph(raw_copy: Path, seeds_dir: Path) -> None:
    path = raw_copy / "exclusions.csv"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("powerhouse_2024,9,2099,date,A year the article never names.\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    with pytest.raises(DataError) as caught:
        load_raw(raw_copy, seeds_dir)
    problem = caught.value.problems[-1]
    assert (problem.line, problem.column) == (len(lines), "text")
    assert problem.message == "not found in paragraph 9 of the article"
