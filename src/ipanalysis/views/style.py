"""One look for every chart: colour-blind-safe palette, a title that states the finding, units on
the axes, and a source line naming the articles and figure ids under the chart.

Bounds from qualifiers are drawn, never dropped: a closed range is an error bar, an open one
("over 40%") is a bar that fades out with an arrow pointing past the last known value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from IPython.display import display
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ipanalysis.relations.interval import Interval
from ipanalysis.reproducible import configure_matplotlib

PALETTE = sns.color_palette("colorblind")
WIDTH_IN = 7.2
DPI = 110


def use() -> None:
    """Apply the project style; call once at the top of a notebook."""
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE, font="DejaVu Sans",
                  rc={"figure.dpi": DPI, "savefig.dpi": DPI, "axes.titlesize": 12,
                      "axes.titleweight": "bold", "axes.labelsize": 10, "xtick.labelsize": 9,
                      "ytick.labelsize": 9, "figure.titlesize": 12.5,
                      "figure.titleweight": "bold", "axes.spines.top": False,
                      "axes.spines.right": False})
    configure_matplotlib()


def figure(ncols: int = 1, *, nrows: int = 1, height: float = 3.4) -> tuple[Figure, list[Axes]]:
    """A report-width figure with ``nrows`` x ``ncols`` panels, returned row by row."""
    fig, axes = plt.subplots(nrows, ncols, figsize=(WIDTH_IN, height), squeeze=False)
    return fig, [ax for row in axes for ax in row]


def source_line(figures: pd.DataFrame, ids: Iterable[str]) -> str:
    """'Source: <publisher, date> (figure ids); …' for the figures a chart draws on.

    Figures from nf-09 and xv-06 give two entries, one per article, each with its ids.
    """
    ids = [i for i in dict.fromkeys(ids) if i in figures.index]
    parts = []
    for _, group in figures.loc[ids].groupby("source_id", sort=True):
        first = group.iloc[0]
        who = first["publisher"] if first["publisher"] != "not named in the text" else ""
        when = first["published"] or "undated"
        label = "; ".join(x for x in (first["source_title"], who, when) if x)
        parts.append(f"{label} ({', '.join(group.index)})")
    return "Source: " + " | ".join(parts) if parts else "Source: none selected"


def finish(fig: Figure, *, title: str, source: str) -> Figure:
    """Title the figure with its finding and put the source line underneath."""
    fig.suptitle(title, x=0.01, ha="left")
    lines = _wrap(source, 125).count("\n") + 1
    fig.tight_layout(rect=(0, min(0.04 + 0.035 * lines, 0.3), 1, 1))
    fig.text(0.01, 0.012, _wrap(source, 125), ha="left", va="bottom", fontsize=7, color="0.35")
    return fig


def alt_text(fig: Figure) -> str:
    """What a chart shows, in words, for readers who cannot see it: its title (which states the
    finding), then each panel's measure and the rows or points it draws, all read from the
    figure itself, so the words change with the data.

    >>> fig, (ax,) = figure()
    >>> _ = ax.barh([1, 0], [3, 5]); _ = ax.set_yticks([1, 0], ["Patents", "Trademarks"])
    >>> _ = ax.set_xlabel("count"); _ = finish(fig, title="Trademarks lead", source="Source: x")
    >>> alt_text(fig)
    'Chart: Trademarks lead. Count, for Patents and Trademarks. Source: x'
    >>> plt.close(fig)
    """
    parts = [f"Chart: {fig.get_suptitle() or 'untitled'}."]
    for ax in fig.axes:
        labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
        measure = ax.get_xlabel() or ax.get_ylabel()
        if not (labels or measure):
            continue
        head = f"{ax.get_title()}: " if ax.get_title() else ""
        rows = _and(labels)
        body = ", for ".join(x for x in (measure[:1].upper() + measure[1:], rows) if x)
        parts.append(f"{head}{body}.")
    parts += [t.get_text() for t in fig.texts if t.get_text().startswith("Source")]
    return " ".join(" ".join(parts).split())


def _and(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def show(fig: Figure) -> None:
    """Display a chart once, with its alt text in the display metadata (the report template
    writes it into ``<img alt=...>``), and close it; a notebook cell
    ``style.show(view.rate_chart(ds))`` shows the figure without a ``<Figure ...>`` repr, even
    under nbval, which ignores ``;``."""
    display(fig, metadata={"image/png": {"alt": alt_text(fig)}})
    plt.close(fig)


def _wrap(text: str, width: int) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def bars_with_bounds(
    ax: Axes,
    labels: Sequence[str],
    intervals: Sequence[Interval],
    *,
    colors: Sequence | None = None,
    scale: float = 1.0,
) -> Axes:
    """Horizontal bars at each central value, with the qualifier's bounds drawn on top.

    A closed range is an error bar; an open upper bound ("over 75%") is an arrow running past the
    bar, so the reader sees that the true value may be larger.
    """
    colors = list(colors) if colors is not None else [PALETTE[0]] * len(labels)
    y = list(range(len(labels)))[::-1]
    values = [iv.value / scale for iv in intervals]
    ax.barh(y, values, color=colors, height=0.6)
    for yi, iv in zip(y, intervals, strict=True):
        low = iv.lower / scale if math.isfinite(iv.lower) else iv.value / scale
        if math.isfinite(iv.upper):
            ax.errorbar([iv.value / scale], [yi], xerr=[[iv.value / scale - low],
                        [iv.upper / scale - iv.value / scale]], fmt="none", ecolor="0.15",
                        capsize=3, lw=1)
        else:
            ax.annotate("", xy=(iv.value / scale * 1.18, yi), xytext=(iv.value / scale, yi),
                        arrowprops={"arrowstyle": "->", "color": "0.15", "lw": 1.2})
            ax.text(iv.value / scale * 1.19, yi, "or more", va="center", fontsize=8,
                    color="0.15")
    ax.set_yticks(y, labels)
    ax.set_xlim(0, max(_reach(iv) / scale for iv in intervals) * 1.3)
    return ax


def _reach(iv: Interval) -> float:
    return iv.upper if math.isfinite(iv.upper) else iv.value * 1.2
