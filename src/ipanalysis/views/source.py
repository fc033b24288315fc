"""What the per-article report shows: the article's bibliographic record, every figure it quotes
(as written, then normalised with the bounds its wording allows), every check that uses one of
its figures with the verdict, and a chart of those checks.

The article is the notebook's ``source_id`` parameter; ``sources`` and ``as_of`` select figures
as in every notebook, so a check is listed only when all its figures are selected.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure

from ipanalysis.views import checks as checks_view
from ipanalysis.views import fmt
from ipanalysis.views import session as notebook
from ipanalysis.views.dataset import Dataset, load_notes, load_sources
from ipanalysis.views.markdown import format_md, id_links
from ipanalysis.views.params import ParameterError


def start(namespace: Mapping[str, object]) -> Dataset:
    """The notebook's first call: the common parameters plus ``source_id``, all checked, so a
    bad one stops the first cell (``notebook.start`` with the extra parameter, then
    ``source_id``)."""
    ds = notebook.start(namespace, extra=["source_id"])
    source_id(ds)
    return ds


def source_id(ds: Dataset) -> str:
    """The report's article, which ``sources`` must not leave out.

    With ``sources=["powerhouse_2024"]`` and ``source_id="xinhua_value_2026"`` this stops with
    one sentence naming both.
    """
    chosen = ds.params.get("source_id")
    if chosen not in ds.params.sources:
        raise ParameterError(f"source_id {chosen!r} is left out by sources="
                             f"{list(ds.params.sources)}; add it there or use 'all'.")
    return chosen


def record(ds: Dataset) -> pd.Series:
    """The article's row of the processed sources table (the figures carry only part of it)."""
    return load_sources(ds.processed_dir).loc[source_id(ds)]


def bibliography(ds: Dataset) -> pd.DataFrame:
    """Title, publisher, dates, address and checksum of the article, one line each."""
    row = record(ds)
    items = {
        "Title": row["title"],
        "Publisher": row["publisher"],
        "Published": row["published"] or "not given in the text",
        "Address": row["url"] or "not recorded",
        "Text read on": row["accessed"],
        "Text file": f"{row['seed_file']} (SHA-256 {row['sha256'][:12]}…)",
        "About": row["notes"],
    }
    return pd.DataFrame({"": list(items.values())}, index=pd.Index(list(items), name="Article"))


def figures(ds: Dataset) -> pd.DataFrame:
    """The selected figures of the article, in paragraph order."""
    own = ds.figures[ds.figures["source_id"] == source_id(ds)]
    return own.sort_values(["paragraph"], kind="stable")


def _converted(ds: Dataset, figure_id: str, unit: str) -> str:
    """Money written in the other currency, converted at the reference rate of its year; blank
    for money already in the notebook's currency and for everything else."""
    if ds.unit_shown(unit) == unit:
        return ""
    return fmt.estimate(ds.figure_shown(figure_id), ds.params.currency)


def figures_table(ds: Dataset) -> pd.DataFrame:
    """Every figure the article quotes: as written, then normalised with its bounds (and, for
    money in the other currency, converted)."""
    converted = f"In {ds.params.currency}"
    rows = [{"Figure": figure_id, "Para.": row["paragraph"], "As written": row["literal"],
             "Measure": row["metric_label"], "Period": row["period"],
             "Normalised (bounds)": fmt.estimate(ds.interval(figure_id), row["unit"]),
             converted: _converted(ds, figure_id, row["unit"])}
            for figure_id, row in figures(ds).iterrows()]
    table = pd.DataFrame(rows, columns=["Figure", "Para.", "As written", "Measure", "Period",
                                        "Normalised (bounds)", converted]).set_index("Figure")
    return table if table[converted].any() else table.drop(columns=converted)


def notes_table(ds: Dataset) -> pd.DataFrame:
    """Our note on each selected figure of the article: what it is, how its period and reading
    were decided, what it pairs with."""
    notes = load_notes(source_id(ds), ds.processed_dir)
    own = figures(ds).index
    return pd.DataFrame({"Note": [notes[i] for i in own]},
                        index=pd.Index(own, name="Figure"))


def checks(ds: Dataset) -> pd.DataFrame:
    """The selected judged relations that use at least one figure of the article."""
    return checks_view.touching(checks_view.selected(ds), source_id(ds))


def checks_table(ds: Dataset) -> pd.DataFrame:
    """Those checks with what each tests, what came out and the verdict, failures first."""
    order = {v.value: i for i, v in enumerate(checks_view.ORDER)}
    ranked = checks(ds).sort_values("verdict", key=lambda v: v.map(order), kind="stable")
    return checks_view.table(ranked, ds)


def chart(ds: Dataset) -> Figure:
    """The article's checks on the shared relative axis, bounds drawn."""
    found = checks(ds)
    title = f"{source_id(ds)}: {checks_view.chart_title(found)}" if len(found) else (
        f"No check uses a selected figure of {source_id(ds)}")
    return checks_view.chart(found, ds, title=title)


def headline(ds: Dataset) -> str:
    """One sentence for the index page: figures quoted and the verdicts of their checks."""
    found = checks(ds)
    text = f"{record(ds)['title']}: {len(figures(ds))} figures quoted"
    if found.empty:
        return text + "; no check uses them."
    uses = "1 check uses" if len(found) == 1 else f"{len(found)} checks use"
    return f"{text}; {uses} them: {checks_view.counts_text(found)}."


def summary(ds: Dataset) -> str:
    """Markdown bullets computed from the article's figures and checks, data text escaped."""
    row, own = record(ds), figures(ds)
    lines = [format_md("- Publisher: {publisher}; published: {published}.",
                       publisher=row["publisher"], published=row["published"] or "not given")]
    if own.empty:
        lines.append("- None of its figures is selected by the parameters.")
        return "\n".join(lines)
    families = own["family"].value_counts()
    lines.append(format_md("- {n} figures, in paragraphs {first} to {last}; families: {fams}.",
                           n=len(own), first=own["paragraph"].min(), last=own["paragraph"].max(),
                           fams=", ".join(f"{k} {v}" for k, v in families.items())))
    open_ended = own[own["upper"].isna()].index
    if len(open_ended):
        words = "; ".join(f'"{own.loc[i, "literal"]}"' for i in open_ended)
        lines.append(format_md("- Open-ended by their wording (a lower bound only): {words}.",
                               words=words) + " " + id_links(open_ended))
    found = checks(ds)
    if found.empty:
        lines.append("- No declared check uses its figures.")
    else:
        lines += checks_view.summary_lines(found, ds)
    return "\n".join(lines)


def figure_ids_used(ds: Dataset) -> list[str]:
    """The article's figures, then the other articles' figures its checks draw on."""
    own = list(figures(ds).index)
    others = [i for cell in checks(ds)["figures"] for i in cell.split()]
    return list(dict.fromkeys(own + others))
