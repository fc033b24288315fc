"""``ipanalysis publish`` (explorer, data package, database) and ``ipanalysis explore`` (Datasette).

``make reports`` runs ``publish`` after the build; ``make explore`` runs ``explore``. Each output
is written atomically and only when its bytes change.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ipanalysis.paths import DATA_DIR, REPORTS_DIR, display_path

DEFAULT_PORT = 8001


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
    from ipanalysis.publish.files import write_if_changed
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


def _cmd_publish(args: argparse.Namespace) -> int:
    for path, changed in publish(args.data_dir, args.reports_dir).items():
        print(f"{'wrote' if changed else 'up to date'} {display_path(path)}")
    return 0


def _cmd_explore(args: argparse.Namespace) -> int:
    from ipanalysis.publish.database import DB_FILE, METADATA_FILE, datasette_command

    database, metadata = args.data_dir / DB_FILE, args.data_dir / METADATA_FILE
    if not (database.is_file() and metadata.is_file()):
        print(f"{display_path(database)} is not built yet: run `make publish` (or "
              "`ipanalysis publish`) first.", file=sys.stderr)
        return 2
    command = datasette_command(database, metadata, args.port)
    print(f"Datasette on http://127.0.0.1:{args.port}/ (Ctrl-C stops it)", flush=True)
    os.execv(command[0], command)
    return 0  # not reached: execv replaces this process


def tcp_port(text: str) -> int:
    port = int(text)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a TCP port (1-65535)")
    return port


def add_publish_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``publish`` and ``explore`` on the ``ipanalysis`` command."""
    publish_parser = sub.add_parser(
        "publish", help="write reports/claims.html, data/datapackage.json and data/ipanalysis.db",
        description="Generate the claims explorer, the Frictionless data package and the SQLite "
                    "database (with Datasette's metadata) from data/processed/ and the field "
                    "dictionary; files whose bytes would not change are left alone.")
    publish_parser.add_argument("--data-dir", type=Path, default=DATA_DIR,
                                help="folder holding raw/ and processed/ (default: data)")
    publish_parser.add_argument("--reports-dir", type=Path, default=REPORTS_DIR,
                                help="where claims.html goes (default: reports)")
    publish_parser.set_defaults(func=_cmd_publish)
    explore = sub.add_parser(
        "explore", help="browse data/ipanalysis.db in Datasette on 127.0.0.1",
        description="Serve the database read-only with Datasette on the loopback interface, "
                    "with titles, descriptions, licence and article links from the dictionary.")
    explore.add_argument("--data-dir", type=Path, default=DATA_DIR,
                         help="folder holding the database (default: data)")
    explore.add_argument("--port", type=tcp_port,
                         default=os.environ.get("DATASETTE_PORT", str(DEFAULT_PORT)),
                         help="TCP port (default: $DATASETTE_PORT or 8001)")
    explore.set_defaults(func=_cmd_explore)
