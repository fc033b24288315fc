"""Reading a PDF's objects in tests: WeasyPrint puts most of them in compressed streams."""

from __future__ import annotations

import re
import zlib


def streams(pdf: bytes) -> list[bytes]:
    """Every stream of the PDF that inflates, inflated (object streams, font programs).

    >>> streams(b"stream\\n" + zlib.compress(b"/BaseFont /X") + b"\\nendstream")
    [b'/BaseFont /X']
    """
    inflated = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return inflated


def objects_text(pdf: bytes) -> bytes:
    """The PDF's bytes followed by its inflated streams, so a regular expression finds an
    object (a page's /MediaBox, a font's /BaseFont) wherever WeasyPrint wrote it."""
    return b"\n".join([pdf, *streams(pdf)])
