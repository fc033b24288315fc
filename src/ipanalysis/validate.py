"""Validate the raw tables together and collect every problem in one run.

Cell-level rules come from the schema; this module adds what needs more than one cell: unique
ids, references between tables, the literal parsed on its own and compared with the curated value,
scale, unit and qualifier, plausible ranges, and (when the articles are at hand) that each literal
really stands in the paragraph it cites.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ipanalysis.csvread import RawTable, read_table
from ipanalysis.errors import DataError, LiteralError, Problem
from ipanalysis.fields import FIGURE_UNITS, FIGURES, METRICS, RAW_TABLES, SOURCES, Table
from ipanalysis.literal import ParsedLiteral, parse_literal
from ipanalysis.paths import RAW_DIR, SEEDS_DIR
from ipanalysis.schema import schema_problems

PERIOD_FORMS = {
    "year": r"^\d{4}$",
    "year_end": r"^\d{4}$",
    "cumulative": r"^\d{4}$",
    "month": r"^\d{4}-(0[1-9]|1[0-2])$",
    "range": r"^\d{4}/\d{4}$",
}
NON_NEGATIVE_UNITS = ("CNY", "USD", "count", "per_10k_people", "years")


@dataclass(frozen=True)
class RawData:
    """The validated raw tables, cells as text, index = editor line number."""

    sources: pd.DataFrame
    metrics: pd.DataFrame
    figures: pd.DataFrame
    rates: pd.DataFrame


def load_raw(raw_dir: Path = RAW_DIR, seeds_dir: Path | None = SEEDS_DIR) -> RawData:
    """Read and validate ``raw_dir``; raise ``DataError`` listing every problem found.

    ``seeds_dir`` holds the articles; when it exists, each literal is looked up in its paragraph
    (nf-09's "18.04 trillion yuan" must stand in paragraph 7 of the new-fields article).
    """
    tables = {t.name: read_table(t, raw_dir / t.file) for t in RAW_TABLES}
    problems = [p for t in tables.values() for p in t.problems]
    for raw in tables.values():
        problems += schema_problems(raw.table, raw.display, raw.frame)
        problems += unique_problems(raw)
    problems += reference_problems(tables)
    problems += figure_problems(tables)
    if seeds_dir is not None and seeds_dir.is_dir():
        problems += provenance_problems(tables, seeds_dir)
    if problems:
        order = {t.name: i for i, t in enumerate(RAW_TABLES)}
        files = {raw.display: order[name] for name, raw in tables.items()}
        unique = dict.fromkeys(problems)
        raise DataError(sorted(unique, key=lambda p: (files.get(p.file, 99), p.line)))
    return RawData(tables["sources"].frame, tables["metrics"].frame, tables["figures"].frame,
                   tables["reference_rates"].frame)


def unique_problems(raw: RawTable) -> list[Problem]:
    """Second and later uses of an id, each pointing back at the first."""
    problems = []
    for field in raw.table.fields:
        if not field.unique or field.name not in raw.frame.columns:
            continue
        values = raw.frame[field.name]
        first = {v: line for line, v in values[~values.duplicated()].items()}
        problems += [Problem(raw.display, int(line), field.name, "duplicate id", got=value,
                             expected=f"unique (first used on line {first[value]})")
                     for line, value in values[values.duplicated()].items()]
    return problems


def reference_problems(tables: dict[str, RawTable]) -> list[Problem]:
    """Every figure names a known source and a known metric."""
    figures = tables[FIGURES.name]
    problems = []
    for field in FIGURES.fields:
        if field.references is None or field.name not in figures.frame.columns:
            continue
        target: Table = {"sources": SOURCES, "metrics": METRICS}[field.references]
        known_frame = tables[target.name].frame
        known = set(known_frame[target.key]) if target.key in known_frame.columns else set()
        values = figures.frame[field.name]
        bad = values[~values.isin(known) & (values != "")]
        noun = {"sources": "unknown source", "metrics": "unknown metric"}[field.references]
        problems += [Problem(figures.display, int(line), field.name, noun, got=value,
                             expected=f"an id from {target.file}")
                     for line, value in bad.items()]
    return problems


def figure_problems(tables: dict[str, RawTable]) -> list[Problem]:
    """Rules that tie a figure's cells to each other, to its metric and to its literal."""
    figures = tables[FIGURES.name]
    frame = figures.frame
    if frame.empty or any(c not in frame.columns for c in FIGURES.columns):
        return []
    metrics = tables[METRICS.name].frame
    metric_units = dict(zip(metrics.get("metric", []), metrics.get("unit", []), strict=True))
    families = dict(zip(metrics.get("metric", []), metrics.get("family", []), strict=True))
    parsed = _parse_unique(frame["literal"])
    problems = []
    for line, row in frame.iterrows():
        where = (figures.display, int(line))
        problems += _period_problem(where, row)
        problems += _unit_problem(where, row, metric_units.get(row["metric"]))
        problems += _range_problems(where, row, families.get(row["metric"]))
        problems += _literal_problems(where, row, parsed.get(row["literal"]))
    return problems


def _parse_unique(literals: pd.Series) -> dict[str, ParsedLiteral | LiteralError]:
    """Parse each distinct literal once; large tables repeat literals."""
    out: dict[str, ParsedLiteral | LiteralError] = {}
    for text in literals.unique():
        try:
            out[text] = parse_literal(text)
        except LiteralError as err:
            out[text] = err
    return out


def _period_problem(where: tuple[str, int], row: pd.Series) -> list[Problem]:
    form = PERIOD_FORMS.get(row["period_type"])
    if form is None or pd.Series([row["period"]]).str.match(form).iloc[0]:
        return []
    return [Problem(*where, "period", f"does not fit period_type {row['period_type']}",
                    got=row["period"], expected={"month": "YYYY-MM", "range": "YYYY/YYYY"}.get(
                        row["period_type"], "YYYY"))]


def _unit_problem(where: tuple[str, int], row: pd.Series, metric_unit: str | None) -> list[Problem]:
    if metric_unit is None or row["unit"] not in FIGURE_UNITS:
        return []
    allowed = ("CNY", "USD") if metric_unit == "CNY" else (metric_unit,)
    if row["unit"] in allowed:
        return []
    return [Problem(*where, "unit", f"does not fit metric {row['metric']}", got=row["unit"],
                    expected=" or ".join(allowed))]


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def _range_problems(where: tuple[str, int], row: pd.Series, family: str | None) -> list[Problem]:
    value = _number(row["value"])
    if value is None or family is None or family == "growth":
        return []
    unit = row["unit"]
    if unit == "percent" and not Decimal(0) <= value <= Decimal(100):
        return [Problem(*where, "value", "a share must lie between 0 and 100", got=row["value"],
                        expected="0 to 100")]
    if unit == "rank" and value < 1:
        return [Problem(*where, "value", "a rank starts at 1", got=row["value"],
                        expected="1 or more")]
    if unit in NON_NEGATIVE_UNITS and value < 0:
        return [Problem(*where, "value", "cannot be negative", got=row["value"],
                        expected="0 or more")]
    return []


def _literal_problems(
    where: tuple[str, int], row: pd.Series, parsed: ParsedLiteral | LiteralError | None
) -> list[Problem]:
    """The literal, read on its own, must say what the curated cells say."""
    if parsed is None:
        return []
    if isinstance(parsed, LiteralError):
        return [Problem(*where, "literal", "cannot be read as a number", got=row["literal"],
                        expected=str(parsed))]
    problems = []
    value = _number(row["value"])
    if value is not None and value != parsed.value:
        problems.append(Problem(*where, "value", "disagrees with the literal", got=row["value"],
                                expected=f"{parsed.value} from {row['literal']!r}"))
    if row["scale"] and row["scale"] != parsed.scale:
        problems.append(Problem(*where, "scale", "disagrees with the literal", got=row["scale"],
                                expected=parsed.scale))
    named = parsed.unit
    if named is not None and row["unit"] and row["unit"] != named:
        problems.append(Problem(*where, "unit", "disagrees with the literal", got=row["unit"],
                                expected=named))
    if named is None and row["unit"] in ("CNY", "USD", "percent"):
        problems.append(Problem(*where, "unit", "the literal names no currency or percent",
                                got=row["unit"], expected="count, years, rank or per_10k_people"))
    if parsed.qualifier != "exact" and row["qualifier"] and row["qualifier"] != parsed.qualifier:
        problems.append(Problem(*where, "qualifier", "disagrees with the literal",
                                got=row["qualifier"], expected=parsed.qualifier))
    return problems


def paragraphs(text: str) -> list[str]:
    """An article's paragraphs: its non-empty lines, as the ``paragraph`` column counts them."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def provenance_problems(tables: dict[str, RawTable], seeds_dir: Path) -> list[Problem]:
    """Each seed file matches its checksum and each literal stands in its cited paragraph."""
    sources, figures = tables[SOURCES.name], tables[FIGURES.name]
    needed = {"source_id", "seed_file", "sha256"}
    if not needed <= set(sources.frame.columns) or figures.frame.empty:
        return []
    problems = []
    texts: dict[str, list[str]] = {}
    for line, row in sources.frame.iterrows():
        path = seeds_dir / row["seed_file"]
        if not path.is_file():
            problems.append(Problem(sources.display, int(line), "seed_file", "no such article",
                                    got=row["seed_file"], expected=f"a file in {seeds_dir.name}/"))
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            problems.append(Problem(sources.display, int(line), "sha256",
                                    "does not match the article file", got=row["sha256"][:12] + "…",
                                    expected=hashlib.sha256(data).hexdigest()[:12] + "…"))
        texts[row["source_id"]] = paragraphs(data.decode("utf-8"))
    if not {"source_id", "paragraph", "literal"} <= set(figures.frame.columns):
        return problems
    for line, row in figures.frame.iterrows():
        paras = texts.get(row["source_id"])
        number = _number(row["paragraph"])
        if paras is None or number is None or number != number.to_integral_value():
            continue
        index = int(number)
        if not 1 <= index <= len(paras):
            problems.append(Problem(figures.display, int(line), "paragraph",
                                    "beyond the end of the article", got=row["paragraph"],
                                    expected=f"1 to {len(paras)}"))
        elif row["literal"] and row["literal"] not in paras[index - 1]:
            problems.append(Problem(figures.display, int(line), "literal",
                                    f"not found in paragraph {index} of the article",
                                    got=row["literal"], expected="the exact text of the article"))
    return problems
