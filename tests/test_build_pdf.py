"""PDF bytes depend only on the HTML and the locked versions: not on the clock, not on whether
``libharfbuzz-subset0`` is installed, not on the fonts fontconfig finds on the machine, not on
which reports the same process printed before.

The "machine without the library" and the "machine without fonts" are simulated in a
subprocess: one where loading ``libharfbuzz-subset`` fails as it does when the package is not
installed, one whose fontconfig configuration lists no font at all.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from fontTools.misc import timeTools
from fontTools.ttLib import TTFont
from pdfbytes import objects_text, streams

from ipanalysis.render.to_html import render_html
from ipanalysis.render.to_pdf import choose_fonttools_subsetter, render_pdf

#: Prints each page given as (HTML file, PDF file) pairs, in the order given, in one process.
RENDER = """
import sys
from pathlib import Path
{prelude}
from ipanalysis.render.to_pdf import render_pdf
for page, pdf in zip(sys.argv[1::2], sys.argv[2::2]):
    Path(pdf).write_bytes(render_pdf(Path(page).read_text(encoding="utf-8")))
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


def report_page(markdown: str) -> str:
    """A report page: a Markdown cell, a code cell with a stream, a Markdown table."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(markdown),
        nbformat.v4.new_code_cell("x = 1", outputs=[nbformat.v4.new_output(
            "stream", name="stdout", text="printed line\n")]),
        nbformat.v4.new_markdown_cell("| a | b |\n|---|---|\n| 1.5 | over 40% |\n"),
    ]
    return render_html(nb, title="A report", parameters=[("scale", "2")],
                       data_version="0123456789ab", notebook_dir=Path.cwd(), show_code=True)


@pytest.fixture(scope="module")
def html() -> str:
    """Headings, bold, italic, code, lists, a table, a stream. The last list is upper case but
    its markers are not (the user-agent sheet's ``::marker`` rule sets ``text-transform``)."""
    return report_page(
        "# A report\n\nPlain, **bold**, *italic*, ***both*** and `code`; 2 ≤ 3 → 4 \u2013 5 …"
        "\n\n- one\n- two\n\n1. first\n2. second\n\n"
        '<ol style="list-style-type: lower-roman; text-transform: uppercase">'
        "<li>shouted</li><li>twice</li></ol>\n")


#: Another page in the common characters only, with other words.
OTHER = "# Another report\n\nQuite different words: 7 \u00d7 8 = 56, “quoted”, and so on."
#: A page with accented letters, which the common subset leaves out.
ACCENTED = "# Café\n\nA déjà vu in a café, noted à la carte."


def render_elsewhere(tmp_path: Path, html: str, prelude: str = "",
                     env: dict[str, str] | None = None) -> bytes:
    return render_in_order(tmp_path, [html], prelude, env)[0]


def render_in_order(tmp_path: Path, htmls: list[str], prelude: str = "",
                    env: dict[str, str] | None = None) -> list[bytes]:
    """The PDFs of ``htmls``, printed one after another by one new process."""
    run = tmp_path / f"run{len(list(tmp_path.glob('run*')))}"
    run.mkdir()
    files = []
    for number, html in enumerate(htmls):
        (run / f"{number}.html").write_text(html, encoding="utf-8")
        files += [str(run / f"{number}.html"), str(run / f"{number}.pdf")]
    subprocess.run([sys.executable, "-c", RENDER.format(prelude=prelude), *files],
                   check=True, timeout=300, env=env)
    return [(run / f"{number}.pdf").read_bytes() for number in range(len(htmls))]


def font_programs(pdf: bytes) -> dict[str, bytes]:
    """The TrueType font programs embedded in a PDF, by their full names ("DejaVu Sans")."""
    return {TTFont(io.BytesIO(data))["name"].getDebugName(4): data
            for data in streams(pdf) if data[:4] == b"\x00\x01\x00\x00"}


def has_outline(program: bytes, character: str) -> bool:
    """Whether an embedded font draws ``character``: its subset maps it to a glyph with
    contours."""
    subset = TTFont(io.BytesIO(program))
    name = subset.getBestCmap().get(ord(character))
    return name is not None and subset["glyf"][name].numberOfContours != 0


def embedded_fonts(pdf: bytes) -> set[str]:
    """The /BaseFont names of a PDF, looking inside its compressed object streams."""
    return {m.decode() for m in re.findall(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", objects_text(pdf))}


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
    ours = re.compile(r"[A-Z]{6}\+DejaVu-Sans(-Mono)?(-Bold)?(-Oblique)?")
    assert all(ours.fullmatch(font) for font in fonts), sorted(fonts)
    names = {font[7:] for font in fonts}
    assert {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Oblique", "DejaVu-Sans-Mono"} <= names


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


def test_the_bytes_do_not_depend_on_what_the_process_printed_before(
    html: str, tmp_path: Path
) -> None:
    """A page printed first, or after other pages in the same process, comes out the same."""
    pages = [html, report_page(ACCENTED), report_page(OTHER)]
    forward = render_in_order(tmp_path, pages)
    backward = render_in_order(tmp_path, pages[::-1])[::-1]
    assert forward == backward
    assert render_in_order(tmp_path, [pages[2]])[0] == forward[2]
    assert [render_pdf(page) for page in pages] == forward


@pytest.mark.parametrize(("page", "letters"), [(OTHER, "Qq\u00d7“"), (ACCENTED, "éàv")])
def test_each_page_embeds_a_font_that_draws_its_letters(page: str, letters: str) -> None:
    program = font_programs(render_pdf(report_page(page)))["DejaVu Sans"]
    assert all(has_outline(program, letter) for letter in letters)


def test_weasyprint_still_lets_the_subsetter_be_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one choice made of WeasyPrint's internals: if an upgrade drops the handle it rests
    on, rendering stops with a message instead of quietly printing other bytes."""
    import weasyprint.pdf.fonts

    assert hasattr(weasyprint.pdf.fonts, "harfbuzz_subset"), "WeasyPrint changed: see to_pdf"
    monkeypatch.delattr(weasyprint.pdf.fonts, "harfbuzz_subset")
    with pytest.raises(RuntimeError, match="no longer offers the fontTools subsetter"):
        choose_fonttools_subsetter()
