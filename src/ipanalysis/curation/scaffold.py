"""Draft figure rows for the numbers of an article that nothing curates yet.

Adding an article means reading every number in it. ``coverage`` finds the ones still missing;
this module turns each into a draft row of ``figures.csv`` (literal, paragraph, and the value,
scale, unit and qualifier the literal parser reads) and appends the drafts to a review file. The
curator then picks the metric and period, moves the row to ``figures.csv``, or lists the number
in ``exclusions.csv`` with a reason. Nothing here writes to ``data/raw/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from string import ascii_lowercase

import pandas as pd

from ipanalysis.atomic import write_bytes_atomic
from ipanalysis.curation.coverage import Coverage
from ipanalysis.errors import LiteralError
from ipanalysis.ingest.fields import FIGURES
from ipanalysis.ingest.literal import parse_literal
from ipanalysis.paths import DATA_DIR

REVIEW_DIR = DATA_DIR / "review"
LEFT_FOR_CURATOR = ("metric", "geography", "period", "period_type", "period_basis")


def review_path(source_id: str, review_dir: Path = REVIEW_DIR) -> Path:
    """Where the drafts of one article go: ``data/review/<source_id>.csv``."""
    return review_dir / f"{source_id}.csv"


def id_prefix(source_id: str, figures: pd.DataFrame) -> str:
    """The two letters of the article's figure ids: those it already uses, else the first
    pair no other article uses, tried in order: the initials of its first two words, its
    first letter with each later letter, then any two letters.

    >>> taken = pd.DataFrame({"figure_id": ["nf-01"], "source_id": ["new_fields_2026"]})
    >>> id_prefix("new_fields_2026", taken), id_prefix("new_facts_2027", taken)
    ('nf', 'ne')
    """
    mine = figures["source_id"] == source_id
    if mine.any():
        return str(figures.loc[mine, "figure_id"].iloc[0])[:2]
    taken = set(figures.loc[~mine, "figure_id"].str[:2])
    return next(p for p in _prefix_candidates(source_id) if p not in taken)


def _prefix_candidates(source_id: str) -> Iterator[str]:
    """Two-letter prefixes for an article, most telling first ("new_facts_2027": nf, ne,
    nw, ...), ending with every pair of letters."""
    words = [w for w in re.split(r"[^a-z]+", source_id.lower()) if w]
    letters = "".join(words)
    if len(words) > 1:
        yield words[0][0] + words[1][0]
    if letters:
        yield from (letters[0] + c for c in letters[1:])
    yield from (a + b for a in ascii_lowercase for b in ascii_lowercase)


def _next_number(prefix: str, ids: pd.Series) -> int:
    numbers = [int(i.split("-")[1]) for i in ids if re.fullmatch(rf"{prefix}-\d+", str(i))]
    return max(numbers, default=0) + 1


def draft_row(figure_id: str, source_id: str, paragraph: int, literal: str, form: str
              ) -> dict[str, str]:
    """One draft: the literal read by the parser where it can be, the rest left blank.

    "approximately 2.75 billion yuan" gives value 2.75, scale billion, unit CNY, qualifier
    approx. A number the parser cannot read ("23/01/2026") keeps only its literal and says why
    in the notes.
    """
    row = dict.fromkeys(FIGURES.columns, "")
    row.update(figure_id=figure_id, source_id=source_id, paragraph=str(paragraph),
               literal=literal)
    try:
        parsed = parse_literal(literal)
    except LiteralError as err:
        row["notes"] = f"DRAFT ({form}): the parser cannot read it ({err}); curate by hand or " \
                       "exclude it."
        return row
    row.update(value=str(parsed.value), scale=parsed.scale, unit=parsed.unit or "count",
               qualifier=parsed.qualifier)
    unit_note = "" if parsed.unit else " Unit read as count; it may be years or a rank."
    row["notes"] = (f"DRAFT ({form}): choose metric, geography and period, then move to "
                    f"figures.csv, or list it in exclusions.csv with a reason.{unit_note}")
    return row


def _read_review(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=list(FIGURES.columns), dtype=str)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def drafts(result: Coverage, figures: pd.DataFrame, existing: pd.DataFrame) -> pd.DataFrame:
    """Draft rows for the missing numbers not already in the review file; ids continue after
    the highest used in ``figures.csv`` and the review file. Inputs are only read."""
    prefix = id_prefix(result.source_id, figures)
    number = _next_number(prefix, pd.concat([figures["figure_id"], existing["figure_id"]]))
    present = set(zip(existing["paragraph"], existing["literal"], strict=True))
    rows = []
    for entry in result.missing:
        key = (str(entry.found.paragraph), entry.found.text)
        if key in present:
            continue
        present.add(key)
        rows.append(draft_row(f"{prefix}-{number:02d}", result.source_id, entry.found.paragraph,
                              entry.found.text, entry.found.form))
        number += 1
    return pd.DataFrame(rows, columns=list(FIGURES.columns), dtype=str)


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def scaffold(result: Coverage, figures: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Append drafts for ``result``'s missing numbers to the review file at ``path``, in one
    atomic write; rows already there stay as the curator left them. Returns the new drafts."""
    existing = _read_review(path)
    new = drafts(result, figures, existing)
    if len(new):
        write_bytes_atomic(path, _csv_bytes(pd.concat([existing, new], ignore_index=True)))
    return new
