"""The index page's key findings and caveats, computed from the processed tables.

The findings are the verdicts of every judged relation (``data/processed/checks.csv`` and
``relations.csv``): the count per verdict, then each relation that does not hold, as a plain
sentence in the figures' own words with its figure ids as links to the claims explorer. Nothing
here is typed twice: a new article or check changes the index on the next build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ipanalysis.links import claims_href
from ipanalysis.paths import PROCESSED_DIR
from ipanalysis.relations.interval import Verdict
from ipanalysis.views import checks, fmt
from ipanalysis.views.dataset import Dataset, known_periods, load_figures, load_sources
from ipanalysis.views.params import LATEST, check_parameters


@dataclass(frozen=True)
class Finding:
    """One sentence with its verdict and the figures it rests on."""

    sentence: str
    verdict: str
    links: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Overview:
    """What the index says before listing the reports."""

    scope: str
    verdicts: str
    findings: tuple[Finding, ...]


def overview(processed_dir: Path = PROCESSED_DIR) -> Overview:
    """Counts and the relations that do not hold, over every article and period."""
    figures = load_figures(processed_dir)
    params = check_parameters("CNY", "all", LATEST,
                              known_sources=sorted(figures["source_id"].unique()),
                              known_periods=known_periods(figures))
    ds = Dataset.load(params, processed_dir)
    judged = checks.selected(ds)
    order = {v.value: n for n, v in enumerate(checks.ORDER)}
    failing = judged[judged["verdict"] != Verdict.CONSISTENT.value]
    failing = failing.iloc[failing["verdict"].map(order).argsort(kind="stable")]
    return Overview(
        scope=(f"{fmt.count(len(figures), 'figure')} quoted by "
               f"{fmt.count(len(load_sources(processed_dir)), 'article')}"),
        verdicts=(f"{fmt.count(len(judged), 'judged relation')} between them: "
                  f"{checks.counts_text(judged)}"),
        findings=tuple(
            Finding(checks.finding_in_words(row, ds), row["verdict"],
                    tuple((i, claims_href(i)) for i in row["figures"].split()))
            for _, row in failing.iterrows()),
    )

