"""The Frictionless data package (``data/datapackage.json``), generated from the field dictionary.

Every table declared in ``fields`` (processed and raw) becomes a resource: its columns with
Frictionless types, descriptions and constraints, its primary key (a unique first column) and its
foreign keys (``Field.references``). The package sits in ``data/`` so that resource paths are
``processed/*.csv`` and ``raw/*.csv``: Frictionless refuses paths that climb out of the package's
folder, and the CSVs stay where the project already writes them.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from ipanalysis.ingest.fields import PROCESSED_TABLES, RAW_TABLES, Field, Table

PACKAGE_FILE = "datapackage.json"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
TITLE = "China's intellectual-property statistics as quoted in five articles"
DESCRIPTION = (
    "Figures on China's IP system (patents granted, high-value patents per 10,000 people, "
    "pledge financing, the patent-intensive industries' share of GDP, WIPO ranks, enforcement "
    "counts), curated by hand from five English-language articles with the paragraph each "
    "stands in and the words it was written with. The processed tables add base units, the "
    "bounds each qualifier allows, and the verdicts of declared cross-checks between figures. "
    "A record of what the articles say, not an official statistical series."
)


def all_tables() -> tuple[Table, ...]:
    """Every declared table, processed first (they are what most readers want)."""
    return (*PROCESSED_TABLES, *RAW_TABLES)


def resource_name(table: Table) -> str:
    """Processed tables keep their name; raw ones are ``raw_<name>``.

    >>> from ipanalysis.ingest.fields import SOURCES
    >>> resource_name(SOURCES)
    'raw_sources'
    """
    return table.name if table.folder == "processed" else f"{table.folder}_{table.name}"


def referenced(table: Table, name: str, tables: tuple[Table, ...]) -> Table:
    """The table a ``references`` name points at: one in the same folder, else the raw one."""
    for folder in (table.folder, "raw"):
        for candidate in tables:
            if candidate.name == name and candidate.folder == folder:
                return candidate
    raise KeyError(f"{table.folder}/{table.file}: no declared table {name!r} to reference")


def _field(field: Field) -> dict[str, object]:
    constraints: dict[str, object] = {}
    if field.required:
        constraints["required"] = True
    if field.unique:
        constraints["unique"] = True
    if field.pattern and field.type == "string":
        constraints["pattern"] = field.pattern.removeprefix("^").removesuffix("$")
    if field.choices:
        constraints["enum"] = list(field.choices)
    out: dict[str, object] = {"name": field.name, "type": field.type,
                              "description": field.description}
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(table: Table, tables: tuple[Table, ...]) -> dict[str, object]:
    """The Frictionless Table Schema of one declared table."""
    schema: dict[str, object] = {"fields": [_field(f) for f in table.fields],
                                 "missingValues": [""]}
    if table.fields[0].unique:
        schema["primaryKey"] = [table.key]
    foreign = [
        {"fields": [f.name],
         "reference": {"resource": resource_name(target), "fields": [target.key]}}
        for f in table.fields if f.references
        for target in [referenced(table, f.references, tables)]
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def article_sources(sources: pd.DataFrame) -> list[dict[str, str]]:
    """The articles as Frictionless sources: title, publisher and date; the address when known."""
    out = []
    for row in sources.itertuples(index=False):
        when = row.published or "undated"
        entry = {"title": f"{row.title} ({row.publisher}, {when})"}
        if row.url:
            entry["path"] = row.url
        out.append(entry)
    return out


def resource_path(table: Table, data_dir: Path) -> str | list[str]:
    """A table's path in the package; a partitioned table is one resource of several files
    (a multipart resource), in name order."""
    if table.partition is None:
        return f"{table.folder}/{table.file}"
    folder = data_dir / table.folder / table.file
    return [f"{table.folder}/{table.file}/{p.name}" for p in sorted(folder.glob("*.csv"))]


def descriptor(sources: pd.DataFrame, data_dir: Path, tables: tuple[Table, ...] | None = None
               ) -> dict[str, object]:
    """The whole package descriptor; ``sources`` is ``data/raw/sources.csv`` read as text."""
    tables = all_tables() if tables is None else tables
    return {
        "name": "ipanalysis",
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version("ipanalysis"),
        "licenses": [LICENCE],
        "sources": article_sources(sources),
        "resources": [
            {
                "name": resource_name(t),
                "path": resource_path(t, data_dir),
                "description": t.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(t, tables),
            }
            for t in tables
        ],
    }


def read_sources(data_dir: Path) -> pd.DataFrame:
    """``raw/sources.csv`` as text, empty cells as ""."""
    return pd.read_csv(data_dir / "raw" / "sources.csv", dtype=str, keep_default_na=False)


def package_bytes(data_dir: Path) -> bytes:
    """``datapackage.json`` for the project at ``data_dir``: stable key order, no timestamp."""
    text = json.dumps(descriptor(read_sources(data_dir), data_dir), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")
