"""The checks notebook and the per-article report, against values worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from ipanalysis.relations import ledger as checks
from ipanalysis.relations.interval import Interval
from ipanalysis.views import checks as checks_view
from ipanalysis.views import source as source_view
from ipanalysis.views.dataset import load_figures, load_rates
from ipanalysis.views.session import start


def _ds(**params: object):
    return start({"currency": "CNY", "sources": "all", "as_of": "latest", **params})


def _report(source_id: str, **params: object):
    return source_view.start({"currency": "CNY", "sources": "all", "as_of": "latest",
                              "source_id": source_id, **params})


def test_two_denominators_finding_says_plainly_what_both_pairs_need() -> None:
    # The shipped ledger no longer pairs the digital economy with the industries' GDP (two
    # lower bounds cannot fail), so the same comparison is declared here for the wording.
    ds = _ds()
    declared = pd.DataFrame([{"check_id": "gdp_pairs", "kind": "two_denominators",
                              "figures": "nf-09 nf-10 fd-10 fd-11", "rate_id": "",
                              "reference": "", "reference_origin": "", "tolerance_pct": "",
                              "sentence": "A test."}])
    row = checks.evaluate(declared, load_figures().reset_index(),
                          load_rates().reset_index()).set_index("check_id").loc["gdp_pairs"]
    text = checks_view.finding(row, ds)
    # fd-10/fd-11 as written: 50 / 0.40 = 125 trillion, 1 - 125 / (18.04 / 0.1338) = 7.3% below;
    # "over 40%" of at least 18.035 / 0.13385 = 134.74 trillion needs 53.9 trillion.
    assert "125 trillion yuan, 7.3% below" in text
    assert "only if fd-10 was at least 53.9 trillion yuan" in text


def test_selection_follows_the_parameters() -> None:
    # powerhouse figures alone: the declared checks of the 2022 grants against the yearbook and
    # of the 2022 pledge financing against CNIPA's announced amount, then the conversion of
    # pw-10/pw-11 that the metric roles find by themselves
    selected = checks_view.selected(_ds(sources=["powerhouse_2024"]))
    assert list(selected.index) == [
        "invention_grants_2022", "pledge_financing_2022", "usd_conversion:pw-10+pw-11"]
    assert list(selected["origin"]) == [
        "declared check", "declared check", "found by the metric roles"]


def test_rate_text_has_no_dollar_sign() -> None:
    # Jupyter's Markdown would read text between two "$" as mathematics. A width of 0.2 is two
    # units of the tenths ("about 7.0"): the value stops at the tenths, its ends go one finer.
    assert checks_view.value_text(Interval.of(7.0, 6.9, 7.1), "CNY per USD") == (
        "7.0 (6.90 to 7.10) yuan per US dollar")


def test_source_report_headline_and_tables() -> None:
    ds = _report("powerhouse_2024", currency="USD")
    assert source_view.headline(ds) == (
        "China Ramps up Efforts to Become IP Powerhouse: 22 figures quoted; 5 checks use them: "
        "3 consistent, 1 undetermined, 1 inconsistent.")
    table = source_view.figures_table(ds)
    assert len(table) == 22
    # 854 billion yuan at the 2023 average of 7.0467 is 121.19 billion dollars; 853.5 and
    # 854.5 billion give 121.12 to 121.26, a width of 0.14 billion: hundredths of a billion
    assert table.loc["pw-10", "In USD"].startswith("USD 121.19 billion (USD 121.12 to")
    assert table.loc["pw-11", "In USD"] == ""  # already in dollars
    assert list(source_view.checks_table(ds)["Verdict"]) == [
        "inconsistent", "undetermined", "consistent", "consistent", "consistent"]


def test_converted_column_only_when_money_needs_it() -> None:
    assert "In CNY" not in source_view.figures_table(_report("seven_tasks_2026")).columns
    # xv-07, about 2.6 trillion dollars, at the 2024 average of 7.1217: 18.52 trillion yuan;
    # "about" leaves a range over a trillion wide, so three digits: 18.5
    table = source_view.figures_table(_report("xinhua_value_2026"))
    assert table.loc["xv-07", "In CNY"].startswith("18.5 trillion yuan")


def test_as_of_before_the_article_leaves_it_empty() -> None:
    ds = _report("xinhua_value_2026", as_of="2023")
    assert source_view.headline(ds) == (
        "News Analysis: From volume to value: China's IP targets ...: 0 figures quoted; "
        "no check uses them.")
    assert "None of its figures is selected" in source_view.summary(ds)


@pytest.mark.parametrize("source_id", ["new_fields_2026", "powerhouse_2024"])
def test_summary_escapes_data_text(source_id: str) -> None:
    summary = source_view.summary(_report(source_id))
    # the literals' quotes are escaped; ids are links to the explorer, not words
    assert '\\"' in summary and "](claims.html#" in summary
