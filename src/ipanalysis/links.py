"""Where a figure's row in the claims explorer is, for reports that link ids to it."""

from __future__ import annotations

from urllib.parse import quote

CLAIMS_PAGE = "claims.html"


def claims_href(figure_id: str, page: str = CLAIMS_PAGE) -> str:
    """Link target that opens the explorer narrowed to one figure (the hash fills its search).

    >>> claims_href("ab-01")
    'claims.html#ab-01'
    """
    return f"{page}#{quote(figure_id, safe='')}"
