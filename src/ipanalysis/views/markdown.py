r"""What notebooks call to put text on a report, so that text from the data shows as text.

Titles, notes and literals come from hand-curated CSVs; passed straight into Markdown, a note
such as ``<script>`` or ``*`` would become markup. Every value goes through :func:`escape_md`
first. The headline is also marked in its output's metadata, so the build can put it on
``reports/index.html`` without anyone typing it twice.

>>> print(escape_md("<b>2 * 3 & more"))
&lt;b&gt;2 \* 3 &amp; more
>>> print(format_md("Grew **{pct:.1%}** in {region}", pct=0.123, region="Hai_nan"))
Grew **12\.3\%** in Hai\_nan
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any

from IPython.display import display

from ipanalysis.links import claims_href

HEADLINE_ROLE = "headline"
METADATA_KEY = "ipanalysis"

# Every ASCII punctuation mark is backslash-escaped (CommonMark allows it for all of them), which
# also stops autolinks and maths ("$"); the three HTML specials become entities.
_ESCAPES = str.maketrans(
    {c: "\\" + c for c in string.punctuation} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
)


def escape_md(text: object) -> str:
    """``text`` as Markdown that renders to exactly that text, on one line.

    HTML specials become entities, other punctuation is backslash-escaped, and runs of
    whitespace (newlines included) collapse to one space, so a value can never start a list,
    a heading, a code block, a link or a formula.
    """
    return " ".join(str(text).split()).translate(_ESCAPES)


class _EscapingFormatter(string.Formatter):
    """``str.format`` whose every replacement field is formatted first, then escaped."""

    def format_field(self, value: Any, format_spec: str) -> str:
        return escape_md(super().format_field(value, format_spec))


def format_md(template: str, /, **values: object) -> str:
    """Fill a Markdown ``template`` written by the analyst with escaped ``values``."""
    return _EscapingFormatter().format(template, **values)


def id_links(ids: Iterable[str]) -> str:
    """Figure ids as Markdown links to their rows in the claims explorer, for after a sentence
    (the report's style sheet sets links into the explorer small).

    >>> print(id_links(["pw-10", "pw-11"]))
    [pw\\-10](claims.html#pw-10) [pw\\-11](claims.html#pw-11)
    """
    return " ".join(f"[{escape_md(i)}]({claims_href(i)})" for i in dict.fromkeys(ids))


def headline_bundle(
    text: str, ids: Iterable[str] = ()
) -> tuple[dict[str, str], dict[str, dict[str, object]]]:
    """The display data and metadata of a headline: bold escaped Markdown with the figure ids
    as links after it, the plain sentence without ids, its role and the ids."""
    plain = " ".join(str(text).split())
    if not plain:
        raise ValueError("a headline needs some text")
    ids = list(dict.fromkeys(ids))
    links = f" {id_links(ids)}" if ids else ""
    data = {"text/markdown": f"**{escape_md(plain)}**{links}", "text/plain": plain}
    return data, {METADATA_KEY: {"role": HEADLINE_ROLE, "ids": ids}}


def headline(text: str, ids: Iterable[str] = ()) -> None:
    """Display the report's one-line finding; the build copies its plain text to the index.

    ``ids`` are the figures it rests on: they show as small links to the claims explorer after
    the sentence, never inside it.
    """
    data, metadata = headline_bundle(text, ids)
    display(data, raw=True, metadata=metadata)
