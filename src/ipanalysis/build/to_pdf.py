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

One thing would only cost time: WeasyPrint asks fontTools to drop the layout tables (GSUB,
GPOS) from every subset font, but this fontTools decodes them in full before dropping them,
about a sixth of a report's PDF time. :func:`drop_layout_tables_first` deletes them unread; the
pages are the same (the text was shaped before subsetting), the fonts a little smaller.

WeasyPrint writes no creation date or random document id unless asked. Its URL fetcher serves
``data:`` URLs and the font files only and fails on anything else: a report that would need
the network cannot quietly print without it.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

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


def render_pdf(html: str) -> bytes:
    """PDF bytes of ``html``; every resource must be embedded in it."""
    _quiet()
    use_fonttools_subsetter()
    drop_layout_tables_first()
    fetcher = _Fetcher(allowed_protocols={"data"}, fail_on_errors=True)
    fonts = FontConfiguration()
    fonts_css = CSS(string=font_css(), url_fetcher=fetcher, font_config=fonts)
    with fixed_clock():
        return HTML(string=html, base_url="data:,", url_fetcher=fetcher).write_pdf(
            stylesheets=[fonts_css], font_config=fonts
        )
