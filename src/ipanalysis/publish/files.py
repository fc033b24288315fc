"""Writing published files: atomically, and only when the bytes change (so ``make`` and file
watchers see an untouched file as up to date)."""

from __future__ import annotations

from pathlib import Path

from ipanalysis.atomic import write_bytes_atomic
from ipanalysis.paths import DATA_DIR, REPORTS_DIR


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` unless it already holds exactly that; True if written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_bytes_atomic(path, data)
    return True


def publish(data_dir: Path = DATA_DIR, reports_dir: Path = REPORTS_DIR) -> dict[Path, bool]:
    """Write the explorer, the data package, the database and its Datasette metadata.

    Returns each path with True when it was (re)written, False when it was already current.
    """
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
