"""Rendering: an executed notebook as an HTML page (``to_html``) and an A4 PDF (``to_pdf``),
what a reader sees of it (``summary``: title, headline, the failing cell) and the index page
(``index``). Each works on a notebook or a page alone, with no knowledge of plans, staleness or
processes; the build (:mod:`ipanalysis.reports`) calls them. Standard library only here, so the
build's fast path can import these names.
"""

from pathlib import Path

#: The tag papermill gives the cell it injects; the reports leave that cell out.
INJECTED_TAG = "injected-parameters"
#: The page templates (nbconvert's ``ipanalysis`` template and the index's).
TEMPLATES = Path(__file__).parent / "templates"
VERSION_CHARS = 12


def short(digest: str) -> str:
    """The first characters of a hash, enough to tell data versions apart on a page.

    >>> short("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
    '9f86d081884c'
    """
    return digest[:VERSION_CHARS]
