"""PDF bytes depend only on the HTML and the locked versions: not on the clock, not on whether
``libharfbuzz-subset0`` is installed, not on the fonts fontconfig finds on the machine.

The "machine without the library" and the "machine without fonts" are simulated in a
subprocess: one where loading ``libharfbuzz-subset`` fails as it does when the package is not
installed, one whose fontconfig configuration lists no font at all.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zlib
from pathlib import Path

import nbformat
import pytest
from fontTools.misc import timeTools

from ipanalysis.build.to_html import render_html
from ipanalysis.build.to_pdf import MONO, SANS, render_pdf

RENDER = """
import sys
from pathlib import Path
{prelude}
from ipanalysis.build.to_pdf import render_pdf
Path(sys.argv[2]).write_bytes(render_pdf(Path(sys.argv[1]).read_text(encoding="utf-8")))
"""
#: Loading fails the way it does when the package is absent: WeasyPrint then has no subsetter.
WITHOUT_HARFBUZZ_SUBSET = """
import cffi
_dlopen = cffi.FFI.dlopen
def dlopen(self, name, *args):
    if "harfbuzz-subset" in str(name):
        raise OSError(f"cannot load {name}: not installed")
    return _dlopen(self, name, *args)
cffi.FFI.dlopen = dlopen
import weasyprint.text.ffi
assert weasyprint.text.ffi.harfbuzz_subset is None
"""


@pytest.fixture(scope="module")
def html() -> str:
    """A report page with the lab theme: headings, bold, italic, code, a table, a stream."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# A report\n\nPlain, **bold**, *italic*, ***both*** and `code`; 2 ≤ 3 → 4 \u2013 5 …"),
        nbformat.v4.new_code_cell("x = 1", outputs=[nbformat.v4.new_output(
            "stream", name="stdout", text="printed line\n")]),
        nbformat.v4.new_markdown_cell("| a | b |\n|---|---|\n| 1.5 | over 40% |\n"),
    ]
    return render_html(nb, title="A report", parameters=[("scale", "2")],
                       data_version="0123456789ab", notebook_dir=Path.cwd(), show_code=True)


def render_elsewhere(tmp_path: Path, html: str, prelude: str = "",
                     env: dict[str, str] | None = None) -> bytes:
    page, pdf = tmp_path / "page.html", tmp_path / "page.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run([sys.executable, "-c", RENDER.format(prelude=prelude), str(page), str(pdf)],
                   check=True, timeout=300, env=env)
    return pdf.read_bytes()


def embedded_fonts(pdf: bytes) -> set[str]:
    """The /BaseFont names of a PDF, looking inside its compressed object streams."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return {m.decode() for m in re.findall(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", b"\n".join(parts))}


def test_two_renders_a_day_apart_give_the_same_bytes(
    html: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fontTools stamps subset fonts with "now" unless the renderer fixes its clock."""
    first = render_pdf(html)
    real_time = timeTools.time.time
    monkeypatch.setattr(timeTools.time, "time", lambda: real_time() + 86_400)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert render_pdf(html) == first


def test_only_the_locked_fonts_are_embedded(html: str) -> None:
    fonts = embedded_fonts(render_pdf(html))
    assert fonts, "no font found in the PDF"
    ours = re.compile(rf"[A-Z]{{6}}\+({SANS}|{MONO})(-Bold)?(-Italic)?")
    assert all(ours.fullmatch(font) for font in fonts), sorted(fonts)
    names = {font[7:] for font in fonts}
    assert {SANS, f"{SANS}-Bold", f"{SANS}-Italic", MONO} <= names


def test_a_machine_without_harfbuzz_subset_gives_the_same_bytes(
    html: str, tmp_path: Path
) -> None:
    """On a machine with the library (CI installs it with Chromium) this compares the two
    subsetting set-ups; on one without, it still proves the simulation renders."""
    assert render_elsewhere(tmp_path, html, WITHOUT_HARFBUZZ_SUBSET) == render_pdf(html)


def test_a_machine_without_any_system_font_gives_the_same_bytes(
    html: str, tmp_path: Path
) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<fontconfig><cachedir>'
                      f"{tmp_path / 'cache'}</cachedir></fontconfig>\n")
    env = {**_environ(), "FONTCONFIG_FILE": str(config)}
    assert render_elsewhere(tmp_path, html, env=env) == render_pdf(html)


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)
