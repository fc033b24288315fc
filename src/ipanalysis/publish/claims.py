"""The claims explorer, ``reports/claims.html``: every figure on one searchable, sortable page.

One row per figure: where it stands (article, paragraph), the words it was written with, what it
measures and when, its value in base units with the bounds its wording allows, and the declared
checks and found relations it takes part in with their verdicts. The table is itables'
DataTables bundle in its offline mode (script and style embedded, nothing fetched); a hash in
the address (``claims.html#<id>``, see ``links.claims_href``) fills the search box, so reports
can link a figure id to its row.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from ipanalysis.ingest.fields import PROCESSED_CHECKS, PROCESSED_FIGURES, RELATIONS
from ipanalysis.ingest.processed import read_processed

TABLE_ID = "claims"
TITLE = "Claims explorer: every figure the articles quote"
LEAD = (
    "Each row is one number as an article states it, with the paragraph it stands in, what it "
    "measures, the value in base units with the bounds its wording allows (empty = open), and "
    "the checks and relations it takes part in with their verdicts (a relation that only derives "
    "a value, such as a previous year's level, has none)."
)
HOW = (
    "Type in the search box to narrow the rows (a figure id, a word, a verdict); click a column "
    "head to sort; type in a box under a column to filter by that column alone. The page works "
    "offline: everything it needs is inside this file."
)
COLUMNS = ("id", "article", "paragraph", "as written", "metric", "period", "value", "lower",
           "upper", "unit", "checks and relations (verdict)")

# DataTables' draw callback; on the first draw it makes a figure id after '#' the search, now and
# whenever the hash changes. (itables 2.9.1 drops an initComplete given with column filters.)
FROM_HASH = """function () {
    const api = this.api();
    const table = api.table().node();
    if (table.dataset.followsHash) { return; }
    table.dataset.followsHash = "yes";
    const apply = () => {
        const wanted = decodeURIComponent(window.location.hash.slice(1));
        if (wanted) { api.search(wanted).draw(); }
    };
    window.addEventListener("hashchange", apply);
    setTimeout(apply, 0);
}"""


def plain_number(x: float) -> str:
    """A number in full with thousands separators, so DataTables sorts it as a number; NaN (an
    open bound) is empty.

    >>> plain_number(1.8035e13), plain_number(13.375), plain_number(float("nan"))
    ('18,035,000,000,000', '13.375', '')
    """
    if math.isnan(x):
        return ""
    return format(Decimal(repr(x)).normalize(), ",f")


def checks_by_figure(checks: pd.DataFrame, relations: pd.DataFrame) -> dict[str, list[str]]:
    """For each figure id, the declared checks (in ledger order) as ``check_id (verdict)``, then
    the relations the metric roles found (in table order) as ``kind (verdict)``; ``derived``
    where a relation judges nothing. A relation is named by its kind, not its id, because the id
    holds other figures' ids and a search for one figure would then find its partners too."""
    out: dict[str, list[str]] = {}
    rows = [*zip(checks["check_id"], checks["figures"], checks["verdict"], strict=True),
            *zip(relations["kind"], relations["figures"], relations["verdict"], strict=True)]
    for name, figure_ids, verdict in rows:
        for figure_id in dict.fromkeys(figure_ids.split()):
            out.setdefault(figure_id, []).append(f"{name} ({verdict or 'derived'})")
    return out


def claims_frame(figures: pd.DataFrame, checks: pd.DataFrame,
                 relations: pd.DataFrame) -> pd.DataFrame:
    """The explorer's rows from the processed figures, checks and relations (none is changed)."""
    taking_part = checks_by_figure(checks, relations)
    columns = [
        figures["figure_id"], figures["source_title"], figures["paragraph"], figures["literal"],
        figures["metric_label"], figures["period"],
        figures["base_value"].map(plain_number), figures["lower"].map(plain_number),
        figures["upper"].map(plain_number), figures["unit"],
        figures["figure_id"].map(lambda i: "; ".join(taking_part.get(i, [])) or "none"),
    ]
    return pd.DataFrame(dict(zip(COLUMNS, columns, strict=True))).reset_index(drop=True)


def table_html(frame: pd.DataFrame) -> str:
    """itables' offline HTML for the explorer's table: its library once, then the table."""
    import itables
    from itables.javascript import generate_init_offline_itables_html

    table = itables.to_html_datatable(
        frame, table_id=TABLE_ID, connected=False, showIndex=False, maxBytes=0,
        paging=False, column_filters="footer", classes="display compact",
        style="width:100%;caption-side:bottom",
        layout={"topStart": "info", "topEnd": "search", "bottomStart": None, "bottomEnd": None},
        drawCallback=itables.JavascriptFunction(FROM_HASH),
    )
    return generate_init_offline_itables_html(itables.options.dt_bundle) + table


def claims_page(figures: pd.DataFrame, checks: pd.DataFrame, relations: pd.DataFrame) -> str:
    """The whole explorer page as HTML text; the same tables give the same text."""
    env = Environment(loader=PackageLoader("ipanalysis.publish", "templates"),
                      autoescape=select_autoescape(("html", "j2")), keep_trailing_newline=True)
    return env.get_template("claims.html.j2").render(
        title=TITLE, lead=LEAD, how=HOW, table=table_html(claims_frame(figures, checks, relations)))


def claims_bytes(processed_dir: Path) -> bytes:
    """``claims.html`` from the processed tables in ``processed_dir``, checked as they are read."""
    figures = read_processed(PROCESSED_FIGURES, processed_dir)
    checks = read_processed(PROCESSED_CHECKS, processed_dir)
    relations = read_processed(RELATIONS, processed_dir)
    return claims_page(figures, checks, relations).encode("utf-8")
