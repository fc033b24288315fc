"""The README's data dictionary, written from the field dictionary so the two cannot drift.

``python -m ipanalysis.ingest.docs`` prints every table's section; a test holds the README's
copy equal to it.
"""

from __future__ import annotations

from ipanalysis.ingest.fields import (
    PROCESSED_TABLES,
    RAW_TABLES,
    RELATION_KINDS,
    Field,
    Table,
)
from ipanalysis.ingest.kinds import ROLES


def rule(field: Field) -> str:
    """The "rule" cell of a column: optional, unique, and the form or values it allows.

    >>> rule(Field("url", "Web address.", required=False, expected="an http(s) URL"))
    'optional; an http(s) URL'
    >>> rule(Field("kind", "Kind.", choices=("share", "growth_pct")))
    'one of share, growth_pct'
    """
    parts = [] if field.required else ["optional"]
    if field.unique:
        parts.append("unique")
    if field.choices:
        parts.append("one of " + ", ".join(field.choices))
    elif field.references:
        parts.append(f"id in {field.references}.csv")
    elif field.expected:
        parts.append(field.expected)
    return "; ".join(parts)


def table_section(table: Table, folder: str = "data/raw") -> str:
    """One table's heading and its column table, as Markdown."""
    lines = [f"### `{folder}/{table.file}` — {table.description}", "",
             "| column | meaning | rule |", "|---|---|---|"]
    lines += [f"| `{f.name}` | {f.description} | {rule(f)} |" for f in table.fields]
    return "\n".join(lines) + "\n"


def vocabulary(title: str, words: dict[str, str]) -> str:
    """A two-column table of declared words and what each means."""
    lines = [f"| {title} | meaning |", "|---|---|"]
    return "\n".join(lines + [f"| `{w}` | {m} |" for w, m in words.items()]) + "\n"


def sections() -> list[str]:
    """Every block the README must hold: the tables, the metric roles, the relation kinds."""
    return ([table_section(t, f"data/{t.folder}") for t in (*RAW_TABLES, *PROCESSED_TABLES)]
            + [vocabulary("role", ROLES), vocabulary("relation kind", RELATION_KINDS)])


if __name__ == "__main__":
    print("\n".join(sections()))
