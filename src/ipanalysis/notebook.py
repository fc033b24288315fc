"""What a notebook calls first and last: check parameters and load, then list what was used."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ipanalysis import style
from ipanalysis.dataset import Dataset, known_periods, load_figures, load_rates, select
from ipanalysis.params import parameters_from_namespace


def start(namespace: Mapping[str, object]) -> Dataset:
    """Check the notebook's parameters (its globals), apply the chart style, load the figures.

    A bad parameter stops here with one sentence, e.g. "Unknown currency 'EUR'; allowed: CNY, USD."
    """
    figures = load_figures()
    params = parameters_from_namespace(
        namespace, known_sources=sorted(figures["source_id"].unique()),
        known_periods=known_periods(figures))
    style.use()
    pd.set_option("display.max_colwidth", None)
    return Dataset(select(figures, params), load_rates(), params)


def figures_used(ds: Dataset, ids: Iterable[str]) -> pd.DataFrame:
    """The closing table of a notebook: every figure it drew on, with article and paragraph."""
    ids = [i for i in dict.fromkeys(ids) if ds.has(i)]
    table = ds.figures.loc[ids, ["source_id", "paragraph", "literal", "metric_label", "period"]]
    return table.rename(columns={"source_id": "Source", "paragraph": "Paragraph",
                                 "literal": "As written", "metric_label": "Measure",
                                 "period": "Period"}).rename_axis("Figure")
