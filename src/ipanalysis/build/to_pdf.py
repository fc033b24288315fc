"""The HTML report printed to an A4 PDF with WeasyPrint.

WeasyPrint lays out the same offline HTML (its ``@media print`` and ``@page`` rules), runs no
JavaScript (the reports have none) and writes no creation date or random document id unless
asked, so the PDF is byte-stable. Its URL fetcher is limited to ``data:`` URLs and fails on
anything else: a report that would need the network cannot quietly print without it.
"""

from __future__ import annotations

import logging
from functools import cache

from weasyprint import HTML
from weasyprint.urls import URLFetcher


@cache
def _quiet() -> None:
    """WeasyPrint warns about every CSS property of the lab theme it ignores."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)


def render_pdf(html: str) -> bytes:
    """PDF bytes of ``html``; every resource must be embedded in it."""
    _quiet()
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, base_url="data:,", url_fetcher=fetcher).write_pdf()
