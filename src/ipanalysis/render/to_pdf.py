"""The HTML report printed to an A4 PDF with WeasyPrint, the same bytes on every machine.

Three things would otherwise make the bytes depend on the machine rather than on the HTML and
the locked versions:

- **Fonts.** Fontconfig is given a configuration of our own (:func:`font_config`) that knows
  only the report fonts, so "DejaVu Sans" in the style sheet is always the same file, whatever
  fonts the system has. The report fonts are the DejaVu faces inside matplotlib's locked wheel,
  cut down once per virtual environment by the locked fontTools to :data:`CHARACTERS`
  (:func:`report_fonts`): WeasyPrint then subsets a face of a few hundred glyphs for each PDF
  instead of one of six thousand, in about half the time, and copies no font anywhere.
- **The font subsetter.** WeasyPrint subsets with HarfBuzz when ``libharfbuzz-subset0`` is
  installed and with fontTools otherwise; the two write different bytes, and HarfBuzz's differ
  between Debian releases. WeasyPrint offers no option to choose, so
  :func:`choose_fonttools_subsetter` makes the one choice this project makes of a dependency's
  internals: it takes the path WeasyPrint itself takes on a machine without the library.
- **The clock.** fontTools writes "now" into each subset font's ``head.modified`` unless
  ``SOURCE_DATE_EPOCH`` is set, so rendering sets it for its own duration.

WeasyPrint writes no creation date or random document id unless asked. Its URL fetcher serves
``data:`` URLs only and fails on anything else: a report that would need the network cannot
quietly print without it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from ipanalysis.reproducible import SOURCE_DATE_EPOCH


def font_dir() -> Path:
    """matplotlib's bundled TrueType folder, found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed; run `make setup`")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


#: The faces the reports' style sheet can ask for (regular, bold, italic; sans and mono).
FACES = tuple(f"DejaVuSans{mono}{style}.ttf" for mono in ("", "Mono")
              for style in ("", "-Bold", "-Oblique", "-BoldOblique"))
#: What a report can print: Latin letters with their accents, punctuation, currency and
#: letter-like signs, arrows, mathematical operators, geometric shapes and the Latin ligatures.
#: A character outside these prints as a blank box (no report holds Chinese text: a test
#: checks the data and the reports).
CHARACTERS = ((0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x214F),
              (0x2190, 0x21FF), (0x2200, 0x22FF), (0x25A0, 0x25FF), (0xFB00, 0xFB06))


def _fonts_key() -> str:
    """What the report fonts are made from: the locked versions and :data:`CHARACTERS`."""
    from importlib.metadata import version

    made_from = f"{version('matplotlib')}|{version('fonttools')}|{FACES}|{CHARACTERS}"
    return hashlib.sha256(made_from.encode()).hexdigest()[:12]


@cache
def report_fonts() -> Path:
    """The folder of the report fonts and their fontconfig file, made once per virtual
    environment (``<venv>/share/ipanalysis/fonts-<key>``) into a temporary folder renamed into
    place, so a killed or concurrent run never leaves half of one."""
    folder = Path(sys.prefix) / "share" / "ipanalysis" / f"fonts-{_fonts_key()}"
    if (folder / "fonts.conf").is_file():
        return folder
    from fontTools import subset
    from fontTools.ttLib import TTFont

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".fonts-", dir=folder.parent))
    try:
        options = subset.Options(layout_features=["*"], name_IDs=["*"], name_languages=["*"],
                                 notdef_outline=True, glyph_names=False)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        for name in FACES:
            font = TTFont(font_dir() / name)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=[c for low, high in CHARACTERS
                                         for c in range(low, high + 1)])
            subsetter.subset(font)
            font.save(staging / name)
        (staging / "fonts.conf").write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            f"<fontconfig><dir>{escape(str(folder))}</dir>"
            f"<cachedir>{escape(str(folder / 'cache'))}</cachedir></fontconfig>\n",
            encoding="utf-8")
        try:
            staging.rename(folder)
        except OSError:  # another process made it first
            if not (folder / "fonts.conf").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def font_config() -> Path:
    """The fontconfig file whose only font folder is :func:`report_fonts`."""
    return report_fonts() / "fonts.conf"


def choose_fonttools_subsetter() -> None:
    """Subset fonts with fontTools whether or not ``libharfbuzz-subset0`` is installed.

    WeasyPrint 70 picks HarfBuzz when its module-level handle ``harfbuzz_subset`` in
    ``weasyprint.pdf.fonts`` is set; clearing it takes the path WeasyPrint takes where the
    library is missing. Fails loudly when a WeasyPrint no longer has that handle (a test holds
    this): the choice must then be made again (see the README's system packages).
    """
    import weasyprint.pdf.fonts

    if not hasattr(weasyprint.pdf.fonts, "harfbuzz_subset"):
        raise RuntimeError("this WeasyPrint no longer offers the fontTools subsetter; "
                           "see the README's section on system packages")
    weasyprint.pdf.fonts.harfbuzz_subset = None


@contextmanager
def fixed_environment() -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` and ``FONTCONFIG_FILE`` set to the project's while the block
    runs, and restored after."""
    wanted = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "FONTCONFIG_FILE": str(font_config())}
    before = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def render_pdf(html: str) -> bytes:
    """PDF bytes of ``html``; every resource must be embedded in it."""
    from weasyprint import HTML, URLFetcher
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint warns about each CSS property of the page it ignores, and about the fontTools
    # subsetter chosen on purpose.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    choose_fonttools_subsetter()
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    with fixed_environment():
        fonts = FontConfiguration()
        return HTML(string=html, base_url="data:,", url_fetcher=fetcher).write_pdf(
            font_config=fonts)
