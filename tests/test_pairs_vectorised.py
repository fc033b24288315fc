"""The vectorised relations table against the figure-by-figure reading of the metric roles.

``pairs.evaluate`` finds pairs with joins and calculates each distinct input once. The oracle
below is the first version's loop, kept here only as the definition of what must come out:
group by group in the order the figures come, each figure's role relations (the figure standing
for a metric is its first statement outside dollars, else its first), then metric by metric the
conversions (first yuan figure with each dollar figure) and the restatements (each later
statement in one unit against the first). Random small tables, with values drawn from a short
list so that many relations share their inputs, must give the same rows and the same CSV bytes.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st

from ipanalysis.errors import IpanalysisError
from ipanalysis.process import to_csv_bytes
from ipanalysis.relations import ledger, pairs
from ipanalysis.relations.currency import reference_rate
from ipanalysis.relations.figures import figure_interval
from ipanalysis.relations.growth import (
    cagr,
    implied_previous_from_change,
    implied_previous_from_rate,
    multiple_from_cumulative_pct,
    yoy_rate,
)
from ipanalysis.relations.interval import Interval
from ipanalysis.relations.quality import implied_population
from ipanalysis.relations.shares import implied_denominator

# every role, with and without the metric it names present in a group
METRICS = pd.DataFrame([
    ("level", "A level", "", "", ""),
    ("level_growth", "Its growth", "growth_pct", "level", ""),
    ("bare_growth", "A growth of nothing named", "growth_pct", "", ""),
    ("level_change", "Its change", "change", "level", ""),
    ("rise", "A rise over years", "cumulative_growth_pct", "", ""),
    ("whole", "A whole", "", "", ""),
    ("piece", "A part of it", "", "", ""),
    ("piece_share", "The part's share", "share_pct", "whole", "piece"),
    ("whole_share", "A share of the whole", "share_pct", "whole", ""),
    ("density", "Per 10,000 people", "per_10k_people", "level", ""),
    ("goal", "A target", "target", "level", ""),
    ("sub", "Within the level", "part", "level", ""),
], columns=["metric", "label", "role", "of", "part"])
RATES = pd.DataFrame({"rate_id": ["avg_2022", "avg_2024"], "period": ["2022", "2024"],
                      "cny_per_usd": [6.7261, 7.1217]})
PERIODS = {"2023": "2023-12-31", "2024": "2024-12-31", "2017/2024": "2024-12-31"}


def _oracle(figures: pd.DataFrame) -> pd.DataFrame:
    """The relations table as the first version computed it, figure by figure."""
    meta = METRICS.set_index("metric")
    groups: dict[tuple[str, ...], list[dict]] = {}
    for row in figures.to_dict("records"):
        groups.setdefault((row["source_id"], row["period"], row["geography"]), []).append(row)
    found = []
    for rows in groups.values():
        by_metric: dict[str, list[dict]] = {}
        for r in rows:
            by_metric.setdefault(r["metric"], []).append(r)
        first = {m: ([r for r in rs if r["unit"] != "USD"] or rs)[:1]
                 for m, rs in by_metric.items()}
        for fig in rows:
            role, of, part = meta.loc[fig["metric"], ["role", "of", "part"]]
            found += _role_relations(role, of, part, fig, first)
        for metric, rs in by_metric.items():
            for y in [r for r in rs if r["unit"] == "CNY"][:1]:
                for d in (r for r in rs if r["unit"] == "USD"):
                    rid, _, rate = reference_rate(RATES, y["period_end"][:4])
                    out = ledger.rate_vs_reference(figure_interval(y), figure_interval(d), rate)
                    found.append(("usd_conversion", (y, d), "yuan dollars", metric,
                                  out.computed, f"yuan per dollar implied by {y['figure_id']} "
                                  f"and {d['figure_id']}", ledger.RATE_UNIT, out.against,
                                  f"reference rate {rid}", out.verdict, rid))
            for unit in dict.fromkeys(r["unit"] for r in rs):
                same = [r for r in rs if r["unit"] == unit]
                for later in same[1:]:
                    out = ledger.same_figure(figure_interval(same[0]), figure_interval(later))
                    found.append(("restated", (same[0], later), "first second", metric,
                                  out.computed, f"{same[0]['figure_id']} as stated", unit,
                                  out.against, f"{later['figure_id']} as stated", out.verdict,
                                  ""))
    return pd.DataFrame([_row(f) for f in found], columns=list(pairs.COLUMNS))


def _role_relations(role: str, of: str, part: str, fig: dict,
                    first: dict[str, list[dict]]) -> list[tuple]:
    f, fid, own = figure_interval(fig), fig["figure_id"], fig["metric"]
    named = first.get(of, []) if of else []
    out: list[tuple] = []
    for o in named:
        o_iv, oid = figure_interval(o), o["figure_id"]
        if role == "growth_pct":
            out.append(("implied_previous", (o, fig), "level growth", of,
                        implied_previous_from_rate(o_iv, f),
                        f"previous year implied by {oid} and {fid}", o["unit"], o_iv,
                        f"{oid} as stated", None, ""))
        elif role == "change":
            previous = implied_previous_from_change(o_iv, f)
            out += [("implied_previous", (o, fig), "level change", of, previous,
                     f"previous year implied by {oid} and {fid}", o["unit"], o_iv,
                     f"{oid} as stated", None, ""),
                    ("growth_rate", (o, fig), "level change", of, yoy_rate(o_iv, previous),
                     f"growth computed from {oid} and {fid}", "percent", None, "", None, "")]
        elif role == "share_pct" and not part:
            r = ledger.share_within_total(o_iv, f)
            out.append(("implied_part", (o, fig), "whole share", own, r.computed,
                        f"count that {fid} of {oid} stands for", o["unit"], r.against,
                        f"{oid} as stated", r.verdict, ""))
        elif role == "per_10k_people":
            out.append(("implied_population", (o, fig), "count density", own,
                        implied_population(o_iv, f), f"population implied by {oid} and {fid}",
                        "count", None, "", None, ""))
        elif role == "target":
            r = ledger.target_met(o_iv, f)
            out.append(("target_attainment", (o, fig), "observed target", of, r.computed,
                        f"{oid} as a percent of {fid}", "percent", r.against,
                        "target reached (100% or more)", r.verdict, ""))
        elif role == "part":
            r = ledger.not_exceeding(f, o_iv)
            out.append(("within_total", (fig, o), "part total", own, r.computed,
                        f"{fid} as stated", fig["unit"], r.against, f"{oid} as stated",
                        r.verdict, ""))
    if role == "growth_pct":
        out.append(("growth_rate", (fig,), "growth", of or own, f, f"{fid} as stated",
                     "percent", None, "", None, ""))
    if role == "cumulative_growth_pct" and "/" in fig["period"]:
        years = pairs.range_years(fig["period"])
        out.append(("growth_rate", (fig,), "cumulative", own,
                    cagr(Interval.point(1.0), multiple_from_cumulative_pct(f), years),
                    f"yearly rate compounding {fid} over {years:g} years", "percent", None,
                    "", None, ""))
    if role == "share_pct" and part:
        for p in first.get(part, []):
            p_iv, pid = figure_interval(p), p["figure_id"]
            if not named:
                out.append(("implied_whole", (p, fig), "part share", of,
                            implied_denominator(p_iv, f),
                            f"{METRICS.set_index('metric').loc[of, 'label']} implied by {pid} "
                            f"and {fid}", p["unit"], None, "", None, ""))
            for w in named:
                r = ledger.share(p_iv, figure_interval(w), f)
                out.append(("share_check", (p, w, fig), "part whole share", own, r.computed,
                            f"{pid} as a percent of {w['figure_id']}", "percent", r.against,
                            f"{fid} as stated", r.verdict, ""))
    return out


def _row(found: tuple) -> dict[str, object]:
    kind, figs, roles, metric, computed, c_label, unit, against, a_label, verdict, rid = found
    ids = [f["figure_id"] for f in figs]

    def side(name: str, iv: Interval | None) -> dict[str, float]:
        values = (iv.value, iv.lower, iv.upper) if iv else (math.nan,) * 3
        return {f"{name}_{b}": math.nan if math.isinf(v) else v
                for b, v in zip(("value", "lower", "upper"), values, strict=True)}

    text = pairs.RELATION_KINDS[kind]
    return {"relation_id": f"{kind}:{'+'.join(ids)}", "kind": kind, "figures": " ".join(ids),
            "roles": roles, **{c: figs[0][c] for c in ("source_id", "geography", "period",
                                                       "period_end")},
            "metric": metric, "metric_label": METRICS.set_index("metric").loc[metric, "label"],
            "computed_label": c_label, **side("computed", computed), "against_label": a_label,
            **side("against", against), "unit": unit,
            "verdict": verdict.value if verdict else "", "rate_id": rid,
            "sentence": text[0].upper() + text[1:] + "."}


# values and half-widths from short lists, so that relations share inputs; lower bounds stay
# above zero (no division by an interval holding zero), an upper bound may be open
figure = st.tuples(
    st.sampled_from(["art_a", "art_a", "art_a", "art_b"]),
    st.sampled_from(["2024", "2024", "2023", "2017/2024"]),
    st.sampled_from(list(METRICS["metric"])),
    st.sampled_from(["CNY", "USD", "CNY", "USD", "count", "percent"]),
    st.sampled_from([2.0, 12.0, 40.0, 118.0, 854.0]), st.sampled_from([0.0, 0.05, 0.5, 1.0]),
    st.booleans())


def _frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame({
        "figure_id": [f"zz-{i:02d}" for i in range(len(rows))],
        "source_id": [r[0] for r in rows], "period": [r[1] for r in rows],
        "geography": "CN", "period_end": [PERIODS[r[1]] for r in rows],
        "metric": [r[2] for r in rows], "unit": [r[3] for r in rows],
        "base_value": [r[4] for r in rows], "lower": [r[4] - r[5] for r in rows],
        "upper": [math.nan if r[6] else r[4] + r[5] for r in rows]})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(figure, max_size=40))
def test_the_vectorised_table_is_the_loop_s_table(rows: list[tuple]) -> None:
    figures = _frame(rows)
    try:
        expected = _oracle(figures)
    except IpanalysisError as err:  # e.g. a share wholly above 100 cannot be clipped
        try:
            pairs.evaluate(figures, METRICS, RATES)
        except IpanalysisError as also:
            assert type(also) is type(err)
            return
        raise AssertionError(f"the loop raised {err!r}, the vectorised table did not") from None
    target(float(len(expected)))  # steer towards tables with many relations
    event(f"relations: {min(len(expected) // 10 * 10, 30)}+")
    got = pairs.evaluate(figures, METRICS, RATES)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert to_csv_bytes(got) == to_csv_bytes(expected)


def test_signed_zeros_are_not_taken_for_each_other() -> None:
    # a restatement's against side is the later figure itself: 0.0 and -0.0 are written "0"
    # and "-0", so a calculation shared between equal-comparing inputs would change a byte
    rows = [("art_a", "2023", "level", "count", v, 0.0, False) for v in (0.0, 0.0, -0.0)]
    got = pairs.evaluate(_frame(rows), METRICS, RATES)
    assert got["relation_id"].tolist() == ["restated:zz-00+zz-01", "restated:zz-00+zz-02"]
    assert [math.copysign(1, v) for v in got["against_value"]] == [1.0, -1.0]
    assert to_csv_bytes(got) == to_csv_bytes(_oracle(_frame(rows)))


def test_a_level_first_given_in_dollars_pairs_through_its_yuan_figure() -> None:
    # the level in dollars (zz-00) and then in yuan (zz-01), then its growth (zz-02): the
    # growth pairs with the yuan figure, 854 / 1.12 = 762.5; the dollar figure only converts
    rows = [("art_a", "2024", "level", "USD", 118.0, 0.5, False),
            ("art_a", "2024", "level", "CNY", 854.0, 0.5, False),
            ("art_a", "2024", "level_growth", "percent", 12.0, 0.0, False)]
    got = pairs.evaluate(_frame(rows), METRICS, RATES).set_index("relation_id")
    assert list(got.index) == ["implied_previous:zz-01+zz-02", "growth_rate:zz-02",
                               "usd_conversion:zz-01+zz-00"]
    assert got.loc["implied_previous:zz-01+zz-02", "computed_value"] == pytest.approx(762.5)
    assert got.loc["usd_conversion:zz-01+zz-00", "rate_id"] == "avg_2024"
