"""Settings that make matplotlib's output the same bytes on every run and every machine.

Reports are committed and compared byte for byte with a rebuild. matplotlib's PNGs are already
stable for a given version (bundled FreeType and DejaVu fonts), but SVG output carries random
element ids and SVG/PDF output carries the date unless told otherwise. The shared chart style
calls :func:`configure_matplotlib` so that every format a notebook may emit is stable.
"""

from __future__ import annotations

import os

#: 2000-01-01T00:00:00Z; any fixed instant will do, it only replaces "now" in SVG/PDF metadata.
SOURCE_DATE_EPOCH = "946684800"

STABLE_RC = {
    "svg.hashsalt": "ipanalysis",
    "svg.id": "ipanalysis-figure",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
}


def configure_matplotlib() -> None:
    """Fix the SVG id salt and the date matplotlib writes into SVG and PDF files.

    ``SOURCE_DATE_EPOCH`` is only set when absent: the build sets it for its kernels already,
    and a packager who sets it on purpose keeps their value.
    """
    import matplotlib as mpl  # here, not at the top: the build's workers need only the instant

    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    mpl.rcParams.update(STABLE_RC)
