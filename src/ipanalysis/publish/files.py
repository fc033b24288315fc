"""Writing the published files, each atomically and only when its bytes change."""

from __future__ import annotations

import sys
from pathlib import Path

from ipanalysis.atomic import remove_leftovers, write_if_changed
from ipanalysis.lock import exclusive
from ipanalysis.paths import DATA_DIR, REPORTS_DIR


def publish(data_dir: Path = DATA_DIR, reports_dir: Path = REPORTS_DIR) -> dict[Path, bool]:
    """Write the explorer, the data package, the database and its Datasette metadata.

    Returns each path with True when it was (re)written, False when it was already current.
    Holds ``data_dir``'s lock, and first removes what a killed publish left there.
    """
    with exclusive(data_dir, lambda text: print(text, file=sys.stderr, flush=True)):
        remove_leftovers(data_dir)
        return _write(data_dir, reports_dir)


def _write(data_dir: Path, reports_dir: Path) -> dict[Path, bool]:
    """Each published file, written when its bytes changed."""
    from ipanalysis.links import CLAIMS_PAGE
    from ipanalysis.publish.claims import claims_bytes
    from ipanalysis.publish.database import (
        DB_FILE,
        METADATA_FILE,
        build_database,
        metadata_bytes,
    )
    from ipanalysis.publish.package import PACKAGE_FILE, package_bytes, read_sources

    written = {
        reports_dir / CLAIMS_PAGE: write_if_changed(reports_dir / CLAIMS_PAGE,
                                                    claims_bytes(data_dir / "processed")),
        data_dir / PACKAGE_FILE: write_if_changed(data_dir / PACKAGE_FILE,
                                                  package_bytes(data_dir)),
        data_dir / METADATA_FILE: write_if_changed(data_dir / METADATA_FILE,
                                                   metadata_bytes(read_sources(data_dir))),
    }
    written[data_dir / DB_FILE] = build_database(data_dir, data_dir / DB_FILE)
    return written
