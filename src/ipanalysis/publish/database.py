"""The SQLite database of the processed tables (``data/ipanalysis.db``) and Datasette's metadata.

The database holds every processed table and the raw tables they reference (the articles, the
metrics), with declared types, primary and foreign keys, so Datasette links a figure to its
article. Column and table descriptions, the licence and the article list go to Datasette's
metadata file, generated from the same dictionary. Both are built, not committed: the CSVs and
``datapackage.json`` are the published record, the database a convenience to query them.
"""

from __future__ import annotations

import html
import json
import math
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from ipanalysis.atomic import write_if_changed
from ipanalysis.ingest.fields import PROCESSED_TABLES, RAW_TABLES, Table
from ipanalysis.ingest.processed import NUMERIC, read_processed
from ipanalysis.publish.package import DESCRIPTION, LICENCE, TITLE, referenced

DB_FILE = "ipanalysis.db"
METADATA_FILE = "ipanalysis.metadata.json"
DATABASE = Path(DB_FILE).stem
SQL_TYPES = {"integer": int, "number": float}
LABEL_COLUMNS = ("title", "label")


def database_tables() -> tuple[Table, ...]:
    """Each raw table a processed one references, then the processed tables, each after the
    tables it references: the order they are created in, so that a foreign key's target exists
    first."""
    tables = (*PROCESSED_TABLES, *RAW_TABLES)
    lookups = {referenced(t, f.references, tables)
               for t in PROCESSED_TABLES for f in t.fields if f.references}
    ordered = [t for t in RAW_TABLES if t in lookups]
    pending = list(PROCESSED_TABLES)
    while pending:
        ready = next(t for t in pending
                     if all(referenced(t, f.references, tables) in (*ordered, t)
                            for f in t.fields if f.references))
        ordered.append(ready)
        pending.remove(ready)
    names = [t.name for t in ordered]
    if len(set(names)) != len(names):
        raise ValueError(f"two tables would share a name in {DB_FILE}: {sorted(names)}")
    return tuple(ordered)


def read_table(table: Table, data_dir: Path) -> pd.DataFrame:
    """A processed table checked against its declaration, or a raw one with its numbers typed."""
    if table.folder == "processed":
        return read_processed(table, data_dir / "processed")
    frame = pd.read_csv(data_dir / table.folder / table.file, dtype=str, keep_default_na=False)
    return frame.assign(**{f.name: pd.to_numeric(frame[f.name].mask(frame[f.name] == ""))
                           for f in table.fields if f.type in NUMERIC})


def _rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Records with NaN as None (SQL NULL) and numpy scalars as Python ones."""
    return [{k: None if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}
            for row in frame.astype(object).to_dict(orient="records")]


def build_database(data_dir: Path, target: Path) -> bool:
    """Build the database in a temporary file beside ``target``, then write its bytes to
    ``target`` unless it already holds them (the same tables give the same bytes). True when
    ``target`` was replaced."""
    import sqlite_utils

    tables = database_tables()
    all_declared = (*PROCESSED_TABLES, *RAW_TABLES)
    # a folder of its own, so the database and SQLite's journal go together when a killed
    # publish leaves them (the next publish removes hidden *.tmp folders)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    tmp = folder / target.name
    try:
        db = sqlite_utils.Database(tmp, recreate=True)
        for table in tables:
            targets = [(f.name, referenced(table, f.references, all_declared))
                       for f in table.fields if f.references]
            db[table.name].create(
                {f.name: SQL_TYPES.get(f.type, str) for f in table.fields},
                pk=table.key if table.fields[0].unique else None,
                foreign_keys=[(name, other.name, other.key) for name, other in targets])
            db[table.name].insert_all(_rows(read_table(table, data_dir)))
        db.vacuum()
        db.close()
        data = tmp.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return write_if_changed(target, data)


def _articles_html(sources: pd.DataFrame) -> str:
    """The article list for Datasette's front page: each links to its row, and to its text's
    address when one is recorded."""
    items = []
    for row in sources.itertuples(index=False):
        record = f"/{DATABASE}/sources/{row.source_id}"
        text = f' (<a href="{html.escape(row.url)}">text</a>)' if row.url else ""
        items.append(f'<li><a href="{html.escape(record)}">{html.escape(row.title)}</a>, '
                     f"{html.escape(row.publisher)}, {html.escape(row.published or 'undated')}"
                     f"{text}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def datasette_metadata(sources: pd.DataFrame) -> dict[str, object]:
    """Datasette's metadata: title, description, licence, the articles, and every table's and
    column's description from the field dictionary."""
    tables = {}
    for table in database_tables():
        entry: dict[str, object] = {
            "description": table.description,
            "columns": {f.name: f.description for f in table.fields},
        }
        label = next((c for c in LABEL_COLUMNS if c in table.columns), None)
        if label:
            entry["label_column"] = label
        tables[table.name] = entry
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "license": "CC BY 4.0",
        "license_url": LICENCE["path"],
        "databases": {
            DATABASE: {
                "description_html": "<p>" + html.escape(DESCRIPTION) + "</p><p>The articles "
                                    "the figures are quoted from:</p>" + _articles_html(sources),
                "license": "CC BY 4.0",
                "license_url": LICENCE["path"],
                "tables": tables,
            }
        },
    }


def metadata_bytes(sources: pd.DataFrame) -> bytes:
    """Datasette's metadata as JSON bytes, stable from run to run."""
    return (json.dumps(datasette_metadata(sources), indent=2, ensure_ascii=False) + "\n"
            ).encode("utf-8")


def datasette_command(database: Path, metadata: Path, port: int) -> list[str]:
    """The command that serves ``database`` read-only on the loopback interface only."""
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(database),
            "--metadata", str(metadata), "--host", "127.0.0.1", "--port", str(port)]
