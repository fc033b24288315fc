"""The HTML report printed to an A4 PDF with WeasyPrint, the same bytes on every machine.

Three things would otherwise make the bytes depend on the machine rather than on the HTML and
the locked versions:

- **Fonts.** The lab theme asks for system fonts, which fontconfig resolves to whatever is
  installed. The PDF instead uses only the DejaVu fonts inside matplotlib's locked wheel,
  declared with ``@font-face`` under family names no system font has, in a user style sheet
  whose ``!important`` rules win over the theme. The style sheet is given to WeasyPrint, not
  written into the HTML, so the HTML carries no path of this machine.
- **The font subsetter.** WeasyPrint subsets with HarfBuzz when ``libharfbuzz-subset0`` is
  installed and with fontTools otherwise; the two write different bytes, and HarfBuzz's differ
  between Debian releases. The PDF is always subset by fontTools, whose version is locked, so
  the library being installed or not changes nothing (WeasyPrint's own fallback path).
- **The clock.** fontTools writes "now" into each subset font's ``head.modified`` unless
  ``SOURCE_DATE_EPOCH`` is set, so rendering sets it for its own duration.

Three things cost time in every report; each is now done once per process, or not at all:

- **Subsetting the fonts** was a quarter to a third of a report's PDF time: fontTools decoded
  and re-encoded the whole of each DejaVu face (5,000 to 6,000 glyphs) to keep the 20 to 80 a
  report uses. Each face is now subset once per process to the glyphs of
  :data:`COMMON_CHARACTERS` (printable ASCII and the few typographic signs the reports print),
  and a report whose glyphs all lie in that set embeds that same subset from a cache; only a
  report using another glyph (an accented letter, a rarer sign) is subset on its own
  (:func:`subset_common_first`). The cached subset is a function of the face and the constant
  set only, and which of the two a report gets a function of its own glyphs only, so the bytes
  do not depend on which reports the process printed before. The price is size: about 125
  glyphs per face instead of a report's 20 to 80, about 20 kB more per PDF.
- **Layout tables.** WeasyPrint asks fontTools to drop GSUB and GPOS from every subset font,
  but this fontTools decodes them in full before dropping them. :func:`drop_layout_tables_first`
  deletes them unread; the pages are the same (the text was shaped before subsetting).
- **The user-agent style sheet.** WeasyPrint's own sheet styles six pseudo-elements of every
  element (``::marker``, and the calls and markers of footnotes and notes), so the cascade
  computed six extra styles per element, about 3,000 per report, that no box used: a sixth of
  the PDF time. :class:`ReportPage` gives WeasyPrint its sheet with ``::marker`` narrowed to
  list items (the only elements a report displays as list items) and the footnote and note
  rules left out (no report floats a box as a footnote or note). The PDFs are byte for byte
  the same.

And Python's cyclic garbage collector is paused while a report renders
(:func:`collector_paused`): in a build worker, whose heap holds papermill, nbconvert and
their objects, its passes over that heap took about a tenth of the PDF time.

WeasyPrint writes no creation date or random document id unless asked. Its URL fetcher serves
``data:`` URLs and the font files only and fails on anything else: a report that would need
the network cannot quietly print without it.
"""

from __future__ import annotations

import gc
import importlib.util
import io
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import weasyprint.html
import weasyprint.pdf.fonts
from fontTools import subset as fonttools_subset
from fontTools.ttLib import TTFont
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ipanalysis.reproducible import SOURCE_DATE_EPOCH

SANS = "ipanalysis-sans"
MONO = "ipanalysis-mono"
#: (family, weight, style) -> file in matplotlib's ``mpl-data/fonts/ttf``.
FACES = {
    (SANS, "normal", "normal"): "DejaVuSans.ttf",
    (SANS, "bold", "normal"): "DejaVuSans-Bold.ttf",
    (SANS, "normal", "italic"): "DejaVuSans-Oblique.ttf",
    (SANS, "bold", "italic"): "DejaVuSans-BoldOblique.ttf",
    (MONO, "normal", "normal"): "DejaVuSansMono.ttf",
    (MONO, "bold", "normal"): "DejaVuSansMono-Bold.ttf",
    (MONO, "normal", "italic"): "DejaVuSansMono-Oblique.ttf",
    (MONO, "bold", "italic"): "DejaVuSansMono-BoldOblique.ttf",
}
_FAMILIES = f"""
html, body, * {{ font-family: "{SANS}" !important; }}
pre, code, kbd, samp, tt, pre *, code *, .highlight * {{ font-family: "{MONO}" !important; }}
@page {{ @bottom-center {{ font-family: "{SANS}" !important; }} }}
"""


def font_dir() -> Path:
    """matplotlib's bundled TrueType folder, found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed; run `make setup`")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


@cache
def _fonts() -> dict[str, bytes]:
    """Font bytes by ``file:`` URL, read once per process."""
    return {(font_dir() / name).as_uri(): (font_dir() / name).read_bytes()
            for name in FACES.values()}


def font_css() -> str:
    """The user style sheet: the locked font faces, and every element set in one of them."""
    faces = "".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{(font_dir() / name).as_uri()}"); }}\n'
        for (family, weight, style), name in FACES.items()
    )
    return faces + _FAMILIES


class _Fetcher(URLFetcher):
    """``data:`` URLs as WeasyPrint reads them, the locked fonts from memory, nothing else."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        font = _fonts().get(url)
        if font is not None:
            return URLFetcherResponse(url, body=font, headers={"Content-Type": "font/ttf"})
        return super().fetch(url, headers)


@cache
def _quiet() -> None:
    """WeasyPrint warns about every CSS property of the lab theme it ignores, and about the
    fontTools subsetter that this module chooses on purpose."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the block runs; on after (if it was on),
    with one collection of the young generations the block filled.

    A render allocates hundreds of thousands of objects, so the collector would run hundreds of
    times inside it, each time walking objects that are still in use.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
            gc.collect(1)


@contextmanager
def fixed_clock() -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to the project's instant while the block runs."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def use_fonttools_subsetter() -> None:
    """Subset with fontTools whether or not ``libharfbuzz-subset0`` is installed.

    WeasyPrint picks HarfBuzz when its module-level ``harfbuzz_subset`` handle is set; clearing
    it takes the path WeasyPrint itself takes on a machine without the library.
    """
    if not hasattr(weasyprint.pdf.fonts, "harfbuzz_subset"):
        raise RuntimeError("this WeasyPrint no longer offers the fontTools subsetter; "
                           "see the README's section on system packages")
    weasyprint.pdf.fonts.harfbuzz_subset = None


_LAYOUT_TABLES = ("GSUB", "GPOS")


@cache
def drop_layout_tables_first() -> None:
    """Delete the layout tables a subset is asked to drop before fontTools reads them.

    Kept idempotent (``cache``): the wrapped method is installed once per process.
    """
    original = fonttools_subset.Subsetter.subset

    def subset(self: fonttools_subset.Subsetter, font: TTFont) -> None:
        for tag in _LAYOUT_TABLES:
            if tag in self.options.drop_tables and tag in font:
                del font[tag]
        original(self, font)

    fonttools_subset.Subsetter.subset = subset


#: Characters the reports are written in: printable ASCII, the no-break space, degree,
#: plus-minus, middle dot, multiplication and division, dashes, curly quotes, bullet,
#: ellipsis, per mille, euro, minus, the comparisons and the right arrow, and the ligatures
#: (ff, fi, fl, ffi, ffl) shaping puts in for letter pairs. A face is subset to these once per
#: process. Rarer characters (accented letters, other signs) are left out: each would cost
#: every PDF a few bytes, and a report using one is simply subset on its own.
COMMON_CHARACTERS = "".join(map(chr, [
    *range(0x20, 0x7F), 0xA0, 0xB0, 0xB1, 0xB7, 0xD7, 0xF7, 0x2013, 0x2014, 0x2018, 0x2019,
    0x201C, 0x201D, 0x2022, 0x2026, 0x2030, 0x20AC, 0x2212, 0x2248, 0x2260, 0x2264, 0x2265,
    0x2192, *range(0xFB00, 0xFB05),
]))


@dataclass
class _FontFile:
    """The attributes of a WeasyPrint ``Font`` that its fontTools subsetter reads and sets."""

    file_content: bytes
    index: int
    missing: bool
    family: str


#: WeasyPrint's ``Font._fonttools_subset(font, to_unicode, hinting)``.
_Subsetter = Callable[[Any, dict[int, str], bool], None]


@cache
def _common_subset(
    content: bytes, index: int, hinting: bool, notdef_outline: bool, subset: _Subsetter
) -> tuple[frozenset[int], bytes]:
    """The glyph ids of :data:`COMMON_CHARACTERS` in a face, and the face subset to them by
    ``subset`` (WeasyPrint's own fontTools subsetter, so the options are WeasyPrint's)."""
    font = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
    cmap = font.getBestCmap()
    gids = frozenset({0} | {font.getGlyphID(cmap[code])
                            for code in map(ord, COMMON_CHARACTERS) if code in cmap})
    face = _FontFile(content, index, notdef_outline, "common characters")
    subset(face, dict.fromkeys(sorted(gids)), hinting)
    return gids, face.file_content


@cache
def subset_common_first() -> None:
    """Embed each face's cached subset of :data:`COMMON_CHARACTERS` when it holds every glyph
    a report uses; subset the face for the report alone otherwise.

    Wraps WeasyPrint's fontTools subsetter (``Font._fonttools_subset``, the one
    :func:`use_fonttools_subsetter` makes it call); ``cache`` installs it once per process.
    """
    original = weasyprint.pdf.fonts.Font._fonttools_subset

    def subset(self: weasyprint.pdf.fonts.Font, to_unicode: dict[int, str],
               hinting: bool) -> None:
        gids, content = _common_subset(self.file_content, self.index, hinting,
                                       bool(self.missing), original)
        if gids.issuperset(to_unicode):
            self.file_content = content
        else:
            original(self, to_unicode, hinting)

    weasyprint.pdf.fonts.Font._fonttools_subset = subset


#: Lines of WeasyPrint's HTML user-agent style sheet, each with the line that replaces it in
#: :func:`user_agent_sheet`: rules that give every element a pseudo-element to style.
_UA_REPLACED = {
    "::marker { font-variant-numeric: tabular-nums; white-space: pre; text-transform: none }":
        "li::marker { font-variant-numeric: tabular-nums; white-space: pre; text-transform: none }",
    "::footnote-call { content: counter(footnote); vertical-align: super; font-size: smaller; "
    "line-height: inherit }": "",
    '::footnote-marker { content: counter(footnote) ". " }': "",
    "::note-call { content: counter(note); vertical-align: super; font-size: smaller; "
    "line-height: inherit }": "",
    '::note-marker { content: counter(note) ". " }': "",
    '::note-callback { content: "\u202f\u21a9" }': "",
}


@cache
def user_agent_sheet() -> CSS:
    """WeasyPrint's HTML user-agent style sheet with the lines of :data:`_UA_REPLACED` replaced.

    Fails if one of them is missing: a WeasyPrint whose sheet changed needs this reviewed.
    """
    lines = weasyprint.html.UA.splitlines()
    missing = set(_UA_REPLACED) - {line.strip() for line in lines}
    if missing:
        raise RuntimeError("WeasyPrint's user-agent style sheet no longer has "
                           f"{sorted(missing)}; review _UA_REPLACED in build/to_pdf.py")
    text = "\n".join(_UA_REPLACED.get(line.strip(), line) for line in lines)
    return CSS(string=text, counter_style=weasyprint.html.UA_COUNTER_STYLE)


class ReportPage(HTML):
    """A report's HTML for WeasyPrint, cascaded with :func:`user_agent_sheet` in place of
    WeasyPrint's own user-agent sheet."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [user_agent_sheet() if sheet is weasyprint.html.UA_STYLESHEET else sheet
                for sheet in super()._ua_stylesheets(forms)]


def render_pdf(html: str) -> bytes:
    """PDF bytes of ``html``; every resource must be embedded in it."""
    _quiet()
    use_fonttools_subsetter()
    drop_layout_tables_first()
    subset_common_first()
    fetcher = _Fetcher(allowed_protocols={"data"}, fail_on_errors=True)
    fonts = FontConfiguration()
    fonts_css = CSS(string=font_css(), url_fetcher=fetcher, font_config=fonts)
    with fixed_clock(), collector_paused():
        return ReportPage(string=html, base_url="data:,", url_fetcher=fetcher).write_pdf(
            stylesheets=[fonts_css], font_config=fonts
        )
