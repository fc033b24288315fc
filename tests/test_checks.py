"""The fact-check ledger: each relation kind against values worked out by hand, the declared
checks validated with located errors, and the ledger as shipped.

Bounds follow the README rules: "18.04 trillion" is +/- 0.005 trillion, "18 trillion" +/- 0.5,
"about 118 billion" +/- 1 billion, "approached 8 trillion" is 7.2 to 8, "over" is open above.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from ipanalysis.errors import DataError
from ipanalysis.ingest.validate import load_raw
from ipanalysis.relations import ledger as checks
from ipanalysis.relations.interval import Interval, Verdict

INF = math.inf
C, U, X = Verdict.CONSISTENT, Verdict.UNDETERMINED, Verdict.INCONSISTENT  # X: fails


def iv(value: float, lower: float, upper: float) -> Interval:
    return Interval.of(value, lower, upper)


# --- one test per relation kind -------------------------------------------------------------

def test_same_figure_rounded_restatement_is_consistent() -> None:
    precise, rounded = iv(18.04, 18.035, 18.045), iv(18, 17.5, 18.5)  # nf-09, xv-06
    assert checks.same_figure(precise, rounded).verdict is C
    assert checks.same_figure(rounded, precise).verdict is C  # neither side is the authority


def test_same_figure_deliberately_inconsistent() -> None:
    # "18.04 trillion" against a made-up "17 trillion" ([16.5, 17.5]): no common value
    assert checks.same_figure(iv(18.04, 18.035, 18.045), iv(17, 16.5, 17.5)).verdict is X


def test_same_figure_partial_overlap_is_undetermined() -> None:
    assert checks.same_figure(iv(2, 1, 3), iv(3, 2, 4)).verdict is U


def test_rate_vs_reference_pledges_miss_the_2023_average() -> None:
    # pw-10 854 billion yuan [853.5, 854.5], pw-11 about 118 billion dollars [117, 119]
    out = checks.rate_vs_reference(iv(854e9, 853.5e9, 854.5e9), iv(118e9, 117e9, 119e9),
                                   Interval.point(7.0467))
    assert out.computed.value == pytest.approx(854 / 118)
    assert out.computed.lower == pytest.approx(853.5 / 119)  # 7.17227
    assert out.computed.upper == pytest.approx(854.5 / 117)  # 7.30342
    assert out.verdict is X  # 7.0467 < 7.17227


def test_rate_vs_reference_within_the_implied_range_is_consistent() -> None:
    # xv-06 18 trillion [17.5, 18.5] as about 2.6 trillion dollars [2.5, 2.7]: 6.4815 to 7.4
    out = checks.rate_vs_reference(iv(18, 17.5, 18.5), iv(2.6, 2.5, 2.7), Interval.point(7.1217))
    assert out.computed.bounds == pytest.approx((17.5 / 2.7, 18.5 / 2.5))
    assert out.verdict is C


def test_rates_agree_and_partly_overlap() -> None:
    pii = (iv(18, 17.5, 18.5), iv(2.6, 2.5, 2.7))  # 6.4815 to 7.4
    pledges = (iv(854, 853.5, 854.5), iv(118, 117, 119))  # 7.1723 to 7.3034
    losses = (iv(2.75, 2.74, 2.76), iv(0.39, 0.38, 0.40))  # 6.85 to 7.2632
    assert checks.rates_agree(*pii, *pledges).verdict is C
    out = checks.rates_agree(*losses, *pledges)
    assert out.computed.bounds == pytest.approx((2.74 / 0.40, 2.76 / 0.38))
    assert out.verdict is U


def test_previous_level_from_level_and_rate() -> None:
    # 921,000 [920,500, 921,500] at +15.3% [15.25, 15.35] against CNIPA's 798,347 for 2022
    granted, growth = iv(921_000, 920_500, 921_500), iv(15.3, 15.25, 15.35)
    out = checks.previous_level(granted, growth, Interval.point(798_347))
    assert out.computed.bounds == pytest.approx((920_500 / 1.1535, 921_500 / 1.1525))
    assert out.verdict is C
    assert checks.previous_level(granted, growth, Interval.point(790_000)).verdict is X


def test_share_ict_within_pii_is_undetermined() -> None:
    ict, pii = iv(8e12, 7.2e12, 8e12), iv(18.04e12, 18.035e12, 18.045e12)
    out = checks.share(ict, pii, iv(40, 40, INF))
    assert out.computed.bounds == pytest.approx((7.2 / 18.045 * 100, 8 / 18.035 * 100))
    assert out.against.bounds == (40, 100)  # a stated share is capped at 100%
    assert out.verdict is U
    assert checks.share(ict, pii, iv(50, 50, INF)).verdict is X  # 44.36% at most


def test_two_denominators_gdp() -> None:
    pii, pii_share = iv(18.04, 18.035, 18.045), iv(13.38, 13.375, 13.385)
    gdp = (18.035 / 0.13385, 18.045 / 0.13375)  # 134.7404 to 134.9159 trillion
    open_pair = checks.two_denominators(pii, pii_share, iv(50, 50, INF), iv(40, 40, INF))
    assert open_pair.computed.bounds == pytest.approx(gdp)
    assert open_pair.against.value == pytest.approx(125)  # 50 / 0.40
    assert open_pair.against.bounds == (50, INF)  # over 50 at a share of up to 100%
    assert open_pair.verdict is C
    # Had the digital economy been "50 trillion" and "40%" flat, GDP would be 49.5 / 0.405 =
    # 122.2 to 50.5 / 0.395 = 127.8 trillion: the two cannot hold for the same year.
    exact = checks.two_denominators(pii, pii_share, iv(50, 49.5, 50.5), iv(40, 39.5, 40.5))
    assert exact.against.bounds == pytest.approx((49.5 / 0.405, 50.5 / 0.395))
    assert exact.verdict is X


def test_implied_whole_pii_gdp_against_nbs_2024() -> None:
    # nf-09 18.04 trillion [18.035, 18.045] at nf-10 13.38% [13.375, 13.385]: GDP between
    # 18.035 / 0.13385 = 134.7404 and 18.045 / 0.13375 = 134.9159 trillion yuan.
    pii, pii_share = iv(18.04, 18.035, 18.045), iv(13.38, 13.375, 13.385)
    out = checks.implied_whole(pii, pii_share, Interval.point(134.9084))
    assert out.computed.bounds == pytest.approx((18.035 / 0.13385, 18.045 / 0.13375))
    assert out.verdict is C  # NBS 2024 GDP 134.9084 trillion lies inside
    # the 2023 GDP (129.4 trillion) lies far below: the check can fail
    assert checks.implied_whole(pii, pii_share, Interval.point(129.4)).verdict is X


def test_density_population_against_nbs() -> None:
    patents, density = iv(2.29e6, 2.285e6, 2.295e6), iv(16, 15.5, 16.5)
    population = checks.widen(Interval.point(1408.28e6), 1)
    out = checks.density_population(patents, density, population)
    assert out.computed.bounds == pytest.approx((2.285e6 / 16.5 * 1e4, 2.295e6 / 15.5 * 1e4))
    assert out.against.bounds == pytest.approx((1408.28e6 * 0.99, 1408.28e6 * 1.01))
    assert out.verdict is C


def test_target_met_and_missed() -> None:
    target = iv(12, 11.5, 12.5)
    out = checks.target_met(iv(16, 15.5, 16.5), target)
    assert out.computed.bounds == pytest.approx((15.5 / 12.5 * 100, 16.5 / 11.5 * 100))
    assert out.verdict is C
    assert checks.target_met(iv(10, 9.5, 10.5), target).verdict is X  # 76% to 91.3%


@pytest.mark.parametrize(
    ("part", "total", "verdict"),
    [(Interval.point(6), iv(99, 98.5, 99.5), C),  # nf-03 six of nf-01's 99
     (Interval.point(120), iv(99, 98.5, 99.5), X),
     (iv(97.5, 95, 100), iv(99, 98.5, 99.5), U)],
)
def test_not_exceeding(part: Interval, total: Interval, verdict: Verdict) -> None:
    assert checks.not_exceeding(part, total).verdict is verdict


def test_share_within_total() -> None:
    stock = iv(2.29e6, 2.285e6, 2.295e6)
    out = checks.share_within_total(stock, iv(75, 75, INF))  # xv-11 over three-quarters
    assert out.computed.bounds == pytest.approx((0.75 * 2.285e6, 2.295e6))
    assert out.verdict is C
    assert checks.share_within_total(stock, iv(120, 120, INF)).verdict is X


def test_widen_moves_each_bound_by_the_tolerance() -> None:
    assert checks.widen(Interval.point(7.1217), 2).bounds == pytest.approx(
        (7.1217 * 0.98, 7.1217 * 1.02))
    assert checks.widen(iv(40, 40, INF), 5).bounds == (38, INF)


# --- evaluation over tables -----------------------------------------------------------------

FIGURES = pd.DataFrame({
    "figure_id": ["aa-01", "aa-02", "bb-01", "bb-02"],
    "source_id": ["alpha", "alpha", "beta", "beta"],
    "unit": ["CNY", "USD", "percent", "percent"],
    "base_value": [700.0, 100.0, 40.0, 30.0],
    "lower": [699.5, 99.5, 40.0, 29.95],
    "upper": [700.5, 100.5, math.nan, 30.05],
})
RATES = pd.DataFrame({"rate_id": ["avg"], "period": ["2024"], "cny_per_usd": [7.0]})


def _check(check_id: str, kind: str, ids: str, rate: str = "", reference: str = "",
           origin: str = "", tolerance: str = "", record: str = "") -> dict[str, str]:
    return {"check_id": check_id, "kind": kind, "figures": ids, "rate_id": rate,
            "reference": reference, "reference_origin": origin, "record_figure": record,
            "tolerance_pct": tolerance, "sentence": "A test."}


def test_evaluate_writes_both_sides_open_bounds_and_sources() -> None:
    declared = pd.DataFrame([_check("conv", "rate_vs_reference", "aa-01 aa-02", rate="avg",
                                    tolerance="1"),
                             _check("shares", "not_exceeding", "bb-02 bb-01")])
    before = declared.copy()
    out = checks.evaluate(declared, FIGURES, RATES).set_index("check_id")
    pd.testing.assert_frame_equal(declared, before)
    conv = out.loc["conv"]
    assert conv["computed_value"] == pytest.approx(7.0)
    assert (conv["computed_lower"], conv["computed_upper"]) == pytest.approx(
        (699.5 / 100.5, 700.5 / 99.5))  # 6.9602 to 7.0402
    assert (conv["against_lower"], conv["against_upper"]) == pytest.approx((6.93, 7.07))
    assert conv["against_label"] == "reference rate avg ±1%"
    assert (conv["unit"], conv["verdict"], conv["source_ids"]) == (checks.RATE_UNIT,
                                                                   "consistent", "alpha")
    shares = out.loc["shares"]
    assert math.isnan(shares["against_upper"])  # "over 40%" stays open
    assert (shares["unit"], shares["verdict"]) == ("percent", "consistent")


def test_shipped_ledger_drops_checks_that_could_not_fail_or_rested_on_a_reading() -> None:
    ledger = checks.load_checks()
    assert "gdp_from_two_pairs" not in ledger.index  # replaced: it could never fail
    assert "industry_platforms_within_all" not in ledger.index  # the text gives no subset


# --- validation of checks.csv ----------------------------------------------------------------

def _write_checks(raw_dir: Path, rows: list[dict[str, str]]) -> Path:
    path = raw_dir / "checks.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (_check("a", "same_figure", "nf-09 xv-99"), "figures", "unknown figure"),
        (_check("a", "same_figure", "nf-09 xv-06 xv-08"), "figures",
         "kind same_figure takes 2 figures"),
        (_check("a", "rate_vs_reference", "xv-07 xv-06", rate="nbs_avg_2024"), "figures",
         "xv-07 is the yuan of rate_vs_reference"),
        (_check("a", "same_figure", "nf-09 nf-10"), "figures",
         "the first and second must be in one unit"),
        (_check("a", "rate_vs_reference", "xv-06 xv-07"), "rate_id",
         "kind rate_vs_reference needs a reference rate"),
        (_check("a", "rate_vs_reference", "xv-06 xv-07", rate="ecb_2024"), "rate_id",
         "unknown rate"),
        (_check("a", "previous_level", "pw-01 pw-02", reference="798347"), "reference_origin",
         "goes with reference"),
        (_check("a", "previous_level", "pw-01 pw-02", reference="798347", origin="CNIPA"),
         "record_figure", "an outside value names the figure of the record"),
        # a-055 is the yearbook's 798347 invention grants of 2022; e-007 is GDP
        (_check("a", "previous_level", "pw-01 pw-02", reference="798348", origin="CNIPA",
                record="a-055"), "reference", "differs from its record figure"),
        (_check("a", "previous_level", "pw-01 pw-02", reference="798347", origin="CNIPA",
                record="z-999"), "record_figure", "names no figure of the record"),
        (_check("a", "previous_level", "pw-01 pw-02"), "reference",
         "kind previous_level needs an outside value"),
        (_check("a", "same_figure", "nf-09 xv-06", tolerance="2"), "tolerance_pct",
         "kind same_figure compares no outside value"),
        (_check("a", "same_figre", "nf-09 xv-06"), "kind", "is not an allowed value"),
    ],
)
def test_bad_check_is_located(raw_copy: Path, row: dict[str, str], column: str,
                              message: str) -> None:
    path = _write_checks(raw_copy, [row])
    with pytest.raises(DataError) as caught:
        load_raw(raw_copy, seeds_dir=None)
    located = [p for p in caught.value.problems if (p.file, p.line) == (str(path), 2)]
    assert any(p.column == column and p.message.startswith(message) for p in located), located


def test_duplicate_exclusion_is_located(raw_copy: Path) -> None:
    path = raw_copy / "exclusions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_raw(raw_copy, seeds_dir=None)
    problem = caught.value.problems[-1]
    assert (problem.line, problem.column) == (len(lines) + 1, "text")
    assert problem.message == "listed twice for this paragraph"
