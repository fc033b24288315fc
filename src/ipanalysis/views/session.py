"""What a notebook calls first and last: check parameters and load the processed tables, then
list the figures used."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from ipanalysis.views import style
from ipanalysis.views.dataset import Dataset, known_periods, load_figures
from ipanalysis.views.params import parameters_from_namespace

# Extra parameters a notebook may declare, each with the values it allows given the figures.
EXTRA_PARAMETERS: dict[str, Callable[[pd.DataFrame], list[str]]] = {
    "source_id": lambda figures: sorted(figures["source_id"].unique()),
}


def start(namespace: Mapping[str, object], extra: Iterable[str] = ()) -> Dataset:
    """Check the notebook's parameters (its globals), apply the chart style, load the tables.

    ``extra`` names further parameters the notebook declares, from ``EXTRA_PARAMETERS``: the
    per-article report calls ``start(globals(), extra=["source_id"])``. A bad parameter stops
    here with one sentence, e.g. "Unknown currency 'EUR'; allowed: CNY, USD." or "Unknown
    source_id 'xinhua'; allowed: foreign_disputes_2025, ...".
    """
    extra = list(extra)
    figures = load_figures()
    params = parameters_from_namespace(
        namespace, known_sources=sorted(figures["source_id"].unique()),
        known_periods=known_periods(figures),
        extra={name: EXTRA_PARAMETERS[name](figures) for name in extra})
    style.use()
    pd.set_option("display.max_colwidth", None)
    return Dataset.load(params, focus=params.get("source_id") if "source_id" in extra else None)


def figures_used(ds: Dataset, ids: Iterable[str]) -> pd.DataFrame:
    """The closing table of a notebook: every figure it drew on, with article and paragraph."""
    ids = [i for i in dict.fromkeys(ids) if ds.has(i)]
    table = ds.figures.loc[ids, ["source_id", "paragraph", "literal", "metric_label", "period"]]
    return table.rename(columns={"source_id": "Source", "paragraph": "Paragraph",
                                 "literal": "As written", "metric_label": "Measure",
                                 "period": "Period"}).rename_axis("Figure")
