"""Relations the metric roles declare: found in the shipped data with the values worked out by
hand, one evaluation path shared with the ledger, and located errors for a check declared twice
or a broken processed table."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from ipanalysis.errors import DataError
from ipanalysis.process import process
from ipanalysis.relations import pairs


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return pairs.load_relations().set_index("relation_id")


def test_the_shipped_pairs_are_found(shipped: pd.DataFrame) -> None:
    # one article, period and geography per pair; the roles in metrics.csv say which
    assert set(shipped.index) >= {
        "implied_previous:pw-01+pw-02", "growth_rate:pw-02", "implied_whole:nf-09+nf-10",
        "share_check:nf-07+nf-09+nf-08", "usd_conversion:pw-10+pw-11",
        "target_attainment:xv-03+xv-04", "implied_part:xv-02+xv-11",
        "implied_population:xv-02+xv-03", "restated:st-01+st-02"}
    # nothing pairs across articles: that is the ledger's business
    assert not any(i.startswith("restated:nf-09") for i in shipped.index)


def test_pledge_conversion_rules_out_the_2023_rate(shipped: pd.DataFrame) -> None:
    row = shipped.loc["usd_conversion:pw-10+pw-11"]
    # 854 / 118 = 7.2373; 853.5 / 119 = 7.1723 to 854.5 / 117 = 7.3034; 7.0467 lies below
    assert (row["computed_value"], row["computed_lower"], row["computed_upper"]) == (
        pytest.approx((854 / 118, 853.5 / 119, 854.5 / 117)))
    assert (row["against_value"], row["rate_id"], row["verdict"]) == (
        7.0467, "nbs_avg_2023", "inconsistent")


def test_a_level_in_dollars_is_not_paired_twice(shipped: pd.DataFrame) -> None:
    # pw-11 restates pw-10 in dollars: the growth pw-12 pairs with the yuan figure only
    assert "implied_previous:pw-10+pw-12" in shipped.index
    assert "implied_previous:pw-11+pw-12" not in shipped.index


def test_open_bounds_are_empty_cells(shipped: pd.DataFrame) -> None:
    # "exceeding 50 trillion" at "over 40%": GDP at least 50 trillion, no upper bound
    row = shipped.loc["implied_whole:fd-10+fd-11"]
    assert row["computed_lower"] == pytest.approx(50e12)
    assert pd.isna(row["computed_upper"])
    assert pd.isna(shipped.loc["implied_whole:nf-09+nf-10", "against_value"])


def _add_check(raw: Path, row: dict[str, str]) -> None:
    with (raw / "checks.csv").open(newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    with (raw / "checks.csv").open("a", newline="", encoding="utf-8") as fh:
        csv.DictWriter(fh, fieldnames=header, lineterminator="\n").writerow(row)


def test_a_check_the_roles_already_find_stops_processing(raw_copy: Path,
                                                         tmp_path: Path) -> None:
    lines = (raw_copy / "checks.csv").read_text(encoding="utf-8").count("\n")
    _add_check(raw_copy, {"check_id": "tasks_twice", "kind": "same_figure",
                          "figures": "st-02 st-01", "sentence": "Declared twice."})
    out = tmp_path / "out"
    with pytest.raises(DataError) as caught:
        process(raw_copy, out, seeds_dir=None)
    assert str(caught.value) == (
        f"{raw_copy / 'checks.csv'}:{lines + 1}: figures: found by the metric roles already "
        "(got st-02 st-01, expected a check across articles or against an outside value, not "
        "restated:st-01+st-02)")
    assert not out.exists()


def test_a_relations_file_of_other_columns_is_refused_when_read(tmp_path: Path) -> None:
    """Values are checked before ``ipanalysis process`` writes; a reader holds the header to
    the declared columns, which a file written by older code would get wrong."""
    name = pairs.RELATIONS.part("growth_rate")
    shipped = (pairs.PROCESSED_DIR / name).read_text(encoding="utf-8").splitlines()
    (tmp_path / name).parent.mkdir()
    (tmp_path / name).write_text(
        "\n".join([shipped[0].replace('"kind"', '"sort"', 1), shipped[1]]) + "\n",
        encoding="utf-8")
    with pytest.raises(DataError, match=r"relations/growth_rate.csv:1: kind: declared column is "
                                        "missing"):
        pairs.load_relations(tmp_path)


def test_a_role_that_cannot_pair_stops_processing(raw_copy: Path, tmp_path: Path) -> None:
    path = raw_copy / "metrics.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("pii_jobs_change,"))
    lines[line - 1] = lines[line - 1].replace(",change,pii_jobs,", ",change,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        process(raw_copy, tmp_path / "out", seeds_dir=None)
    assert str(caught.value) == (
        f"{path}:{line}: of: the role change needs the metric it relates to (got '', expected "
        "a metric id)")
