"""Scaffold: draft rows for the missing numbers go to a review file, never to figures.csv."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from ipanalysis.cli import main
from ipanalysis.curation.coverage import coverage
from ipanalysis.curation.scaffold import draft_row, id_prefix, scaffold
from ipanalysis.ingest.fields import FIGURES
from ipanalysis.ingest.validate import prefix_problems
from ipanalysis.paths import RAW_DIR

ARTICLE = (
    "City bulletin\n"
    "The port moved 2.5 million boxes, up 7.5 percent, with about 1.2 billion yuan invested.\n"
    "Twelve berths opened in 2027.\n"
)
NO_FIGURES = pd.DataFrame(columns=["figure_id", "source_id", "paragraph", "literal"], dtype=str)
NO_EXCLUSIONS = pd.DataFrame(columns=["source_id", "paragraph", "text", "category", "reason"],
                             dtype=str)


def test_draft_row_is_read_by_the_literal_parser() -> None:
    row = draft_row("cb-01", "city_bulletin", 2, "about 1.2 billion yuan", "money")
    assert list(row) == list(FIGURES.columns)
    assert (row["value"], row["scale"], row["unit"], row["qualifier"]) == (
        "1.2", "billion", "CNY", "approx")
    assert all(row[c] == "" for c in ("metric", "geography", "period", "period_type"))


def test_draft_row_keeps_an_unreadable_literal_with_the_reason() -> None:
    row = draft_row("cb-09", "city_bulletin", 3, "07/06/2027", "date")
    assert (row["literal"], row["value"], row["unit"]) == ("07/06/2027", "", "")
    assert row["notes"].startswith("DRAFT (date): the parser cannot read it")


def test_a_count_word_is_drafted_as_a_count() -> None:
    row = draft_row("cb-04", "city_bulletin", 3, "Twelve", "word")
    assert (row["value"], row["scale"], row["unit"], row["qualifier"]) == (
        "12", "one", "count", "exact")


@pytest.mark.parametrize(
    ("source_id", "prefix"),
    [("new_fields_2026", "nf"),  # already has figures nf-01 ...
     ("city_bulletin_2027", "cb"), ("gazette", "ga"),
     # nf is new_fields_2026's: the next candidate is n + the next letter, "ne"
     ("new_facts_2027", "ne")],
)
def test_id_prefix(source_id: str, prefix: str) -> None:
    figures = pd.DataFrame({"figure_id": ["nf-01"], "source_id": ["new_fields_2026"]})
    assert id_prefix(source_id, figures) == prefix


def test_id_prefix_skips_every_prefix_in_use() -> None:
    # n + each later letter of "new_facts": nf, ne, nw, na ... all taken but "nc"
    taken = ["nf", "ne", "nw", "na"]
    figures = pd.DataFrame({"figure_id": [f"{p}-01" for p in taken],
                            "source_id": [f"other_{i}" for i in range(len(taken))]})
    assert id_prefix("new_facts_2027", figures) == "nc"
    # a one-letter id runs out of its own letters and takes the first free pair
    assert id_prefix("x", pd.DataFrame({"figure_id": ["aa-01"], "source_id": ["y"]})) == "ab"


def test_shipped_articles_each_own_their_prefix() -> None:
    figures = pd.read_csv(RAW_DIR / "figures.csv", dtype=str)
    owners = figures.groupby(figures["figure_id"].str[:2])["source_id"].unique()
    assert all(len(o) == 1 for o in owners)
    # and a new article gets none of theirs
    assert id_prefix("new_facts_2027", figures) not in set(owners.index)


def test_scaffold_appends_once_and_keeps_the_curators_edits(tmp_path: Path) -> None:
    review = tmp_path / "review" / "city_bulletin_2027.csv"
    result = coverage(ARTICLE, "city_bulletin_2027", NO_FIGURES, NO_EXCLUSIONS)
    first = scaffold(result, NO_FIGURES, review)
    assert list(first["literal"]) == ["2.5 million", "7.5 percent", "about 1.2 billion yuan",
                                      "Twelve", "2027"]
    assert list(first["figure_id"]) == [f"cb-0{i}" for i in range(1, 6)]
    assert list(first["paragraph"]) == ["2", "2", "2", "3", "3"]
    edited = pd.read_csv(review, dtype=str, keep_default_na=False)
    edited.loc[0, "metric"] = "port_boxes"
    edited.to_csv(review, index=False)
    assert scaffold(result, NO_FIGURES, review).empty  # nothing new the second time
    again = pd.read_csv(review, dtype=str, keep_default_na=False)
    assert len(again) == 5 and again.loc[0, "metric"] == "port_boxes"


def test_ids_continue_after_figures_and_review(tmp_path: Path) -> None:
    figures = pd.DataFrame({"figure_id": ["cb-01", "cb-02"],
                            "source_id": ["city_bulletin_2027"] * 2,
                            "paragraph": ["2", "2"], "literal": ["2.5 million", "7.5 percent"]})
    result = coverage(ARTICLE, "city_bulletin_2027", figures, NO_EXCLUSIONS)
    new = scaffold(result, figures, tmp_path / "r.csv")
    assert list(new["figure_id"]) == ["cb-03", "cb-04", "cb-05"]


def test_cli_writes_the_review_file_and_leaves_figures_alone(
        raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "bulletin.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    digest = hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    with (raw_copy / "sources.csv").open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            ["city_bulletin_2027", "bulletin.txt", "City bulletin", "not named in the text", "",
             "", "2027-03-01", digest, "A bulletin written for the tests."])
    figures_before = (raw_copy / "figures.csv").read_bytes()
    out = tmp_path / "review.csv"
    args = ["scaffold", str(article), "--source", "city_bulletin_2027", "--raw-dir",
            str(raw_copy), "--seeds-dir", str(tmp_path / "no_seeds"), "--out", str(out)]
    assert main(args) == 1  # numbers were missing
    assert "5 new draft row(s)" in capsys.readouterr().out
    assert (raw_copy / "figures.csv").read_bytes() == figures_before
    assert len(pd.read_csv(out)) == 5
    assert main(args) == 1
    assert "0 new draft row(s)" in capsys.readouterr().out


def test_validation_locates_a_borrowed_or_a_second_prefix() -> None:
    # lines 2-3 give new_fields_2026 "nf"; line 4 borrows it for another article, line 5
    # gives new_fields_2026 a second prefix of its own
    frame = pd.DataFrame({"figure_id": ["nf-01", "nf-02", "nf-03", "nx-04"],
                          "source_id": ["new_fields_2026", "new_fields_2026", "new_facts_2027",
                                        "new_fields_2026"]}, index=[2, 3, 4, 5])
    assert [str(p) for p in prefix_problems("figures.csv", frame)] == [
        "figures.csv:4: figure_id: prefix nf- belongs to another article (got nf-03, expected "
        "a prefix of its own; nf- is new_fields_2026's, from line 2)",
        "figures.csv:5: figure_id: the article already has another prefix (got nx-04, "
        "expected nf-NN, as from line 2)",
    ]
