"""The curated data as shipped: valid, complete, documented, and traceable to the articles."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from ipanalysis.ingest.docs import sections
from ipanalysis.ingest.fields import RAW_TABLES
from ipanalysis.ingest.normalise import COLUMNS as PROCESSED_COLUMNS
from ipanalysis.ingest.validate import load_raw
from ipanalysis.paths import PROJECT_ROOT, RAW_DIR
from ipanalysis.relations import ledger as checks
from ipanalysis.relations.figures import figure_interval
from ipanalysis.relations.interval import Interval, Verdict
from ipanalysis.relations.pairs import load_relations
from ipanalysis.views.dataset import load_figures

C = Verdict.CONSISTENT

# Counted by hand while reading each article paragraph by paragraph.
FIGURES_PER_ARTICLE = {
    "new_fields_2026": 10,
    "seven_tasks_2026": 2,
    "foreign_disputes_2025": 13,
    "xinhua_value_2026": 11,
    "powerhouse_2024": 22,
}


def test_shipped_data_validates_against_the_articles(seeds_dir: Path) -> None:
    raw = load_raw(RAW_DIR, seeds_dir)
    assert raw.figures["source_id"].value_counts().to_dict() == FIGURES_PER_ARTICLE


def test_every_metric_is_defined_and_used() -> None:
    figures = pd.read_csv(RAW_DIR / "figures.csv", dtype=str)
    record = pd.read_csv(RAW_DIR / "record.csv", dtype=str)
    metrics = pd.read_csv(RAW_DIR / "metrics.csv", dtype=str)
    named = set(metrics["of"].dropna()) | set(metrics["part"].dropna())
    assert set(figures["metric"]) | set(record["metric"]) | named == set(metrics["metric"])


def _readme_section(title: str) -> str:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_readme_holds_the_generated_data_dictionary() -> None:
    """Each table's section, the metric roles and the relation kinds are copied from the
    field dictionary (``python -m ipanalysis.ingest.docs`` prints them)."""
    section = _readme_section("Data dictionary")
    for block in sections():
        assert block in section, f"README data dictionary differs from: {block.splitlines()[0]}"


def test_readme_documents_every_column() -> None:
    section = _readme_section("Data dictionary")
    documented = set(re.findall(r"^\| `([a-z_0-9]+)` \|", section, re.M))
    for table in RAW_TABLES:
        missing = set(table.columns) - documented
        assert not missing, f"{table.file} columns missing from the README: {sorted(missing)}"
    missing = set(PROCESSED_COLUMNS) - documented
    assert not missing, f"processed columns missing from the README: {sorted(missing)}"


# --- curation decisions of issue 12, each read against its article paragraph ----------------

def _figures() -> pd.DataFrame:
    return pd.read_csv(RAW_DIR / "figures.csv", dtype=str, keep_default_na=False
                       ).set_index("figure_id")


def _sentence_with(paragraph: str, literal: str) -> str:
    """The sentence of ``paragraph`` that holds ``literal`` ("U.S." does not end a sentence)."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", paragraph.replace("U.S.", "US"))
    return next(s for s in sentences if literal.replace("U.S.", "US") in s)


def test_period_basis_is_stated_exactly_when_the_sentence_holds_the_year(
    seeds_dir: Path,
) -> None:
    # The dictionary: "stated" = the period stands in the same sentence as the figure. Ranges
    # are left out: fd-12 states only its start year ("since 2017"), pw-09 neither end.
    figures = _figures()
    sources = pd.read_csv(RAW_DIR / "sources.csv", dtype=str).set_index("source_id")
    wrong = []
    for figure_id, row in figures[figures["period_type"] != "range"].iterrows():
        text = (seeds_dir / sources.loc[row["source_id"], "seed_file"]).read_text("utf-8")
        paragraph = [p.strip() for p in text.splitlines() if p.strip()][int(row["paragraph"]) - 1]
        in_sentence = row["period"][:4] in _sentence_with(paragraph, row["literal"])
        if in_sentence != (row["period_basis"] == "stated"):
            wrong.append(figure_id)
    assert wrong == []


def test_decided_periods_and_geography() -> None:
    figures = _figures()
    cells = ["period", "period_type", "period_basis", "geography"]
    decided = {
        # the month and the end-2024 date stand in the figures' own sentences
        "fd-03": ("2024", "year", "stated", "China"),
        "fd-06": ("2025-01", "month", "stated", "Linyi"),
        "fd-07": ("2025-01", "month", "stated", "Linyi"),
        # "In 2026" opens the paragraph, the count stands two sentences later
        "st-02": ("2026", "year", "context", "China"),
        # a count of pilot cities in place: a stock, dated with the paragraph's end-2024 figures
        "fd-04": ("2024", "year_end", "context", "China"),
        # 112 centres: the running total at the end of 2023, not openings within the year
        "pw-18": ("2023", "year_end", "stated", "China"),
        # "exceeding 50 trillion" and "over 40%" fit 2022 (50.2 trillion, 41.5%) best
        "fd-10": ("2022", "year", "inferred", "China"),
        "fd-11": ("2022", "year", "inferred", "China"),
        # WIPO's worldwide generative-AI count runs to 2023; the article credits it to China
        "fd-12": ("2017/2023", "range", "inferred", "China"),
        # a Haidian (Beijing) programme, next to a Beijing example in its paragraph
        "fd-13": ("2025", "cumulative", "inferred", "Beijing"),
        # five yearly rises ending in 2023 span 2018 to 2023
        "pw-09": ("2018/2023", "range", "inferred", "China"),
    }
    assert {i: tuple(figures.loc[i, cells]) for i in decided} == decided


def test_growth_streak_spans_as_many_years_as_it_counts() -> None:
    row = _figures().loc["pw-09"]
    start, end = (int(y) for y in row["period"].split("/"))
    assert end - start == int(row["value"]) == 5


def test_notes_record_the_evidence() -> None:
    notes = _figures()["notes"]
    assert "WIPO" in notes["fd-12"] and "worldwide" in notes["fd-12"]
    assert "credits the rise to China" in notes["fd-12"]
    assert "50.2" in notes["fd-10"] and "53.9" in notes["fd-10"]
    assert "does not say" in notes["nf-03"]
    assert "running total" in notes["pw-18"]


def test_no_check_rests_on_the_unstated_platform_subset() -> None:
    # neither a declared check nor a relation the metric roles find: the article does not say
    # the six industry platforms (nf-03) are among the 99 (nf-01)
    ledger = checks.load_checks()
    assert not ledger["figures"].str.split().apply(lambda ids: "nf-03" in ids).any()
    relations = load_relations()
    assert not relations["figures"].str.split().apply(lambda ids: "nf-03" in ids).any()


def test_digital_economy_pair_could_not_fail_against_any_gdp() -> None:
    # fd-10 "exceeding 50 trillion" and fd-11 "over 40%" imply a GDP of 50 / 1.00 = 50 trillion
    # or more, with no ceiling: 2022's 121.02, 2023's 129.4 and even 500 trillion all fit, so
    # the ledger declares no check on the pair.
    figures = load_figures()
    value, share = figure_interval(figures.loc["fd-10"]), figure_interval(figures.loc["fd-11"])
    for gdp in (121.02e12, 129.4e12, 500e12):
        assert checks.implied_whole(value, share, Interval.point(gdp)).verdict is C, gdp
    assert not checks.load_checks()["figures"].str.contains("fd-10").any()


def test_new_and_corrected_ledger_checks() -> None:
    ledger = checks.load_checks()
    pledges = ledger.loc["pledge_financing_2022"]
    # 854 billion [853.5, 854.5] up 75.4% [75.35, 75.45]: 854 / 1.754 = 486.89 billion for 2022,
    # 853.5 / 1.7545 = 486.46 to 854.5 / 1.7535 = 487.31; the record's 486.9 (c-080) inside.
    assert (pledges["computed_lower"], pledges["computed_upper"]) == pytest.approx(
        (853.5e9 / 1.7545, 854.5e9 / 1.7535))
    assert pledges["computed_value"] == pytest.approx(486.89e9, abs=0.005e9)
    assert (pledges["against_value"], pledges["verdict"]) == (486.9e9, "consistent")
    population = ledger.loc["population_from_density"]
    # 2.29 million [2.285, 2.295] at 16 [15.5, 16.5] per 10,000: 1.3848 to 1.4806 billion;
    # the end-2025 population of 1,404.89 million, with no tolerance now that dates match.
    assert (population["against_value"], population["tolerance_pct"]) == (1404.89e6, 0)
    assert (population["computed_lower"], population["computed_upper"]) == pytest.approx(
        (2.285e6 / 16.5 * 1e4, 2.295e6 / 15.5 * 1e4))
    assert population["verdict"] == "consistent"
    gdp = ledger.loc["pii_gdp_against_official_2024"]
    # 18.035 / 0.13385 = 134.7404 to 18.045 / 0.13375 = 134.9159 trillion; NBS's final
    # 134.8066 (December 2025, record e-007) lies inside, as the preliminary 134.9084 did
    assert (gdp["computed_lower"], gdp["computed_upper"]) == pytest.approx(
        (18.035e12 / 0.13385, 18.045e12 / 0.13375))
    assert (gdp["against_value"], gdp["verdict"]) == (134.8066e12, "consistent")


def test_every_outside_value_names_its_record_figure_or_says_it_was_not_found() -> None:
    """The yardsticks are figures of the official record, by id, with the record's URL; the
    2024 average rate is in no stored page, and the data say so."""
    declared = pd.read_csv(RAW_DIR / "checks.csv", dtype=str, keep_default_na=False)
    outside = declared[declared["reference"] != ""].set_index("check_id")
    assert outside["record_figure"].to_dict() == {
        "invention_grants_2022": "a-055", "pledge_financing_2022": "c-080",
        "pii_gdp_against_official_2024": "e-007", "population_from_density": "e-019"}
    rates = pd.read_csv(RAW_DIR / "reference_rates.csv", dtype=str,
                        keep_default_na=False).set_index("rate_id")
    assert rates["record_figure"].to_dict() == {
        "nbs_avg_2022": "e-026", "nbs_avg_2023": "e-025", "nbs_avg_2024": "not_found"}
    assert (rates.loc[["nbs_avg_2022", "nbs_avg_2023"], "url"] != "").all()


