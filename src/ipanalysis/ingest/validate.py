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

from ipanalysis.errors import DataError, LiteralError, Problem
from ipanalysis.ingest.csvread import RawTable, read_table
from ipanalysis.ingest.fields import (
    CHECKS,
    EXCLUSIONS,
    FIGURE_UNITS,
    FIGURES,
    METRICS,
    NOT_FOUND,
    PER_100_USD,
    RAW_TABLES,
    RECORD,
    REFERENCE_RATES,
    RELEASES,
    SCOPES,
    SOURCES,
    Table,
)
from ipanalysis.ingest.kinds import CHECK_KINDS as KINDS
from ipanalysis.ingest.kinds import CheckKind as Kind
from ipanalysis.ingest.kinds import figure_ids
from ipanalysis.ingest.literal import SCALE_FACTORS, ParsedLiteral, parse_literal
from ipanalysis.ingest.schemas import schema_problems
from ipanalysis.paths import RAW_DIR, SEEDS_DIR

PERIOD_FORMS = {
    "year": r"^\d{4}$",
    "year_end": r"^\d{4}$",
    "cumulative": r"^\d{4}$",
    "month": r"^\d{4}-(0[1-9]|1[0-2])$",
    "range": r"^\d{4}/\d{4}$",
    "day": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$",
}
#: The tables a ``references`` attribute names, and the word for an id none of them holds.
REFERENCED = {"sources": (SOURCES, "unknown source"), "metrics": (METRICS, "unknown metric"),
              "releases": (RELEASES, "unknown release"), "scopes": (SCOPES, "unknown scope"),
              "record": (RECORD, "names no figure of the record")}
NON_NEGATIVE_UNITS = ("CNY", "USD", "count", "per_10k_people", "years")


@dataclass(frozen=True)
class RawData:
    """The validated raw tables, cells as text, index = editor line number."""

    sources: pd.DataFrame
    metrics: pd.DataFrame
    figures: pd.DataFrame
    rates: pd.DataFrame
    checks: pd.DataFrame
    exclusions: pd.DataFrame
    scopes: pd.DataFrame
    releases: pd.DataFrame
    record: pd.DataFrame


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
    problems += record_problems(tables)
    problems += yardstick_problems(tables)
    problems += check_problems(tables)
    problems += exclusion_problems(tables)
    if seeds_dir is not None and seeds_dir.is_dir():
        problems += provenance_problems(tables, seeds_dir)
    if problems:
        order = {t.name: i for i, t in enumerate(RAW_TABLES)}
        files = {raw.display: order[name] for name, raw in tables.items()}
        unique = dict.fromkeys(problems)
        raise DataError(sorted(unique, key=lambda p: (files.get(p.file, 99), p.line)))
    return RawData(tables["sources"].frame, tables["metrics"].frame, tables["figures"].frame,
                   tables["reference_rates"].frame, tables["checks"].frame,
                   tables["exclusions"].frame, tables["scopes"].frame,
                   tables["releases"].frame, tables["record"].frame)


def unique_problems(raw: RawTable) -> list[Problem]:
    """Second and later uses of an id, each pointing back at the first."""
    problems = []
    for field in raw.table.fields:
        if not field.unique or field.name not in raw.frame.columns:
            continue
        values = raw.frame[field.name]
        again = values.duplicated()
        if not again.any():
            continue
        repeated = values[values.isin(values[again])]
        first = {v: line for line, v in repeated[~repeated.duplicated()].items()}
        problems += [Problem(raw.display, int(line), field.name, "duplicate id", got=value,
                             expected=f"unique (first used on line {first[value]})")
                     for line, value in values[again].items()]
    return problems


def reference_problems(tables: dict[str, RawTable]) -> list[Problem]:
    """Every id a column ``references`` is one its table holds: a figure's source and metric,
    an exclusion's source, a metric's ``of`` and ``part``, a record figure's release, metric,
    scope and the figure it revises."""
    problems = []
    for table in (FIGURES, EXCLUSIONS, METRICS, RECORD):
        raw = tables[table.name]
        for field in table.fields:
            if field.references is None or field.name not in raw.frame.columns:
                continue
            target: Table
            target, noun = REFERENCED[field.references]
            known_frame = tables[target.name].frame
            known = set(known_frame[target.key]) if target.key in known_frame.columns else set()
            values = raw.frame[field.name]
            bad = values[~values.isin(known) & (values != "")]
            problems += [Problem(raw.display, int(line), field.name, noun, got=value,
                                 expected=f"an id from {target.file}")
                         for line, value in bad.items()]
    return problems


def check_problems(tables: dict[str, RawTable]) -> list[Problem]:
    """Each declared check fits its kind: known figures, as many as the kind takes, in the
    units its roles need, and the rate, reference and tolerance it needs and no others.

    ``same_figure`` over ``nf-09 xv-99`` gives ``checks.csv:2: figures: unknown figure (got
    xv-99, expected an id from figures.csv)``.
    """
    checks = tables[CHECKS.name]
    frame = checks.frame
    if frame.empty or any(c not in frame.columns for c in CHECKS.columns):
        return []
    figures, rates = tables[FIGURES.name].frame, tables[REFERENCE_RATES.name].frame
    named = {i for ids in frame["figures"] for i in figure_ids(ids)}
    if {"figure_id", "unit"} <= set(figures.columns):
        used = figures[figures["figure_id"].isin(named)]
        units = dict(zip(used["figure_id"], used["unit"], strict=True))
    else:
        units = {}
    rate_ids = set(rates.get("rate_id", []))
    problems = []
    for line, row in frame.iterrows():
        kind = KINDS.get(row["kind"])
        if kind is None:
            continue
        where = (checks.display, int(line))
        problems += _check_figure_problems(where, row, kind, units)
        problems += _yardstick_problems(where, row, kind, rate_ids)
    return problems


def _check_figure_problems(
    where: tuple[str, int], row: pd.Series, kind: Kind, units: dict[str, str]
) -> list[Problem]:
    ids = figure_ids(row["figures"])
    unknown = [i for i in ids if i not in units]
    if unknown:
        return [Problem(*where, "figures", "unknown figure", got=i,
                        expected="an id from figures.csv") for i in unknown]
    if len(ids) != len(kind.roles):
        return [Problem(*where, "figures", f"kind {row['kind']} takes {len(kind.roles)} figures",
                        got=row["figures"], expected=" ".join(kind.roles))]
    problems = [Problem(*where, "figures", f"{i} is the {role} of {row['kind']}",
                        got=units[i], expected=f"a figure in {unit}")
                for role, i, unit in zip(kind.roles, ids, kind.units, strict=True)
                if unit is not None and units[i] != unit]
    roles = dict(zip(kind.roles, ids, strict=True))
    alike = {units[roles[role]] for role in kind.alike}
    if len(alike) > 1:
        problems.append(Problem(*where, "figures",
                                f"the {' and '.join(kind.alike)} must be in one unit",
                                got=", ".join(f"{roles[r]} in {units[roles[r]]}"
                                              for r in kind.alike),
                                expected="figures of the same unit"))
    return problems


def _yardstick_problems(
    where: tuple[str, int], row: pd.Series, kind: Kind, rate_ids: set[str]
) -> list[Problem]:
    """The rate, reference and tolerance cells are filled exactly when the kind uses them."""
    needs = kind.yardstick
    problems = []
    if needs == "rate" and not row["rate_id"]:
        problems.append(Problem(*where, "rate_id", f"kind {row['kind']} needs a reference rate",
                                expected="an id from reference_rates.csv"))
    elif row["rate_id"] and needs != "rate":
        problems.append(Problem(*where, "rate_id", f"kind {row['kind']} uses no reference rate",
                                got=row["rate_id"], expected="empty"))
    elif row["rate_id"] and row["rate_id"] not in rate_ids:
        problems.append(Problem(*where, "rate_id", "unknown rate", got=row["rate_id"],
                                expected="an id from reference_rates.csv"))
    if needs == "reference" and not row["reference"]:
        problems.append(Problem(*where, "reference", f"kind {row['kind']} needs an outside "
                                "value", expected="a number in base units"))
    elif row["reference"] and needs != "reference":
        problems.append(Problem(*where, "reference", f"kind {row['kind']} uses no outside value",
                                got=row["reference"], expected="empty"))
    if bool(row["reference"]) != bool(row["reference_origin"]):
        problems.append(Problem(*where, "reference_origin",
                                "goes with reference: both filled or both empty",
                                got=repr(row["reference_origin"]),
                                expected="who published the reference value"
                                if row["reference"] else "empty"))
    if row["tolerance_pct"] and needs is None:
        problems.append(Problem(*where, "tolerance_pct", f"kind {row['kind']} compares no "
                                "outside value, so it takes no tolerance",
                                got=row["tolerance_pct"], expected="empty"))
    return problems


def exclusion_problems(tables: dict[str, RawTable]) -> list[Problem]:
    """An excluded text is listed once per paragraph of an article."""
    exclusions = tables[EXCLUSIONS.name]
    key = ["source_id", "paragraph", "text"]
    frame = exclusions.frame
    if frame.empty or any(c not in frame.columns for c in key):
        return []
    repeated = frame[frame.duplicated(key)]
    first = {tuple(r): line for line, r in frame[key][~frame.duplicated(key)].iterrows()}
    return [Problem(exclusions.display, int(line), "text", "listed twice for this paragraph",
                    got=row["text"], expected=f"once (first on line {first[tuple(row[key])]})")
            for line, row in repeated.iterrows()]


def figure_problems(tables: dict[str, RawTable]) -> list[Problem]:
    """Rules that tie a figure's cells to each other, to its metric and to its literal.

    Column-wise on the whole table: each literal is parsed once however often it repeats, and
    Problems are built only for the rows that fail.
    """
    figures = tables[FIGURES.name]
    frame = figures.frame
    if frame.empty or any(c not in frame.columns for c in FIGURES.columns):
        return []
    metrics = tables[METRICS.name].frame
    metric_units = dict(zip(metrics.get("metric", []), metrics.get("unit", []), strict=True))
    families = dict(zip(metrics.get("metric", []), metrics.get("family", []), strict=True))
    shown = figures.display
    return [
        *_period_problems(shown, frame),
        *prefix_problems(shown, frame),
        *_unit_problems(shown, frame, frame["metric"].map(metric_units)),
        *_range_problems(shown, frame, frame["metric"].map(families)),
        *_literal_problems(shown, frame),
    ]


def record_problems(tables: dict[str, RawTable]) -> list[Problem]:
    """The official record's rules beyond single cells: period forms, units that fit the
    metric, plausible ranges, the literal read on its own, and revisions that revise.

    A row whose ``revises`` names a figure of another metric, scope or period, or one from a
    release published no earlier, is refused: ``record.csv:7: revises: revises a figure of
    another metric, scope or period (got a-001, ...)``.
    """
    record = tables[RECORD.name]
    frame = record.frame
    if frame.empty or any(c not in frame.columns for c in RECORD.columns):
        return []
    metrics = tables[METRICS.name].frame
    metric_units = dict(zip(metrics.get("metric", []), metrics.get("unit", []), strict=True))
    families = dict(zip(metrics.get("metric", []), metrics.get("family", []), strict=True))
    shown = record.display
    per_100 = frame["unit"] == PER_100_USD
    as_metric = frame.assign(unit=frame["unit"].where(~per_100, "cny_per_usd"))
    return [
        *_period_problems(shown, frame),
        *_unit_problems(shown, as_metric, frame["metric"].map(metric_units)),
        *_range_problems(shown, frame, frame["metric"].map(families)),
        *_literal_problems(shown, _falls_as_written(frame, frame["metric"].map(families)),
                           units_named=False),
        *_revision_problems(shown, frame, tables[RELEASES.name].frame),
    ]


def yardstick_problems(tables: dict[str, RawTable]) -> list[Problem]:
    """An outside value (a check's reference, a reference rate) names the record figure that
    gives it, and equals that figure in base units; or says ``not_found``.

    A reference of 134908400000000 with record figure e-007 (134.8066 trillion) gives
    ``checks.csv:9: reference: differs from its record figure (got 134908400000000, expected
    134806600000000, e-007's value)``.
    """
    record = tables[RECORD.name].frame
    if any(c not in record.columns for c in RECORD.columns):
        return []
    base = {fid: _base(value, scale, unit) for fid, value, scale, unit in zip(
        record["figure_id"], record["value"], record["scale"], record["unit"], strict=True)}
    problems = []
    for table, column in ((CHECKS, "reference"), (REFERENCE_RATES, "cny_per_usd")):
        raw = tables[table.name]
        if any(c not in raw.frame.columns for c in (column, "record_figure")):
            continue
        for line, row in raw.frame.iterrows():
            named = row["record_figure"]
            if row[column] and not named:
                problems.append(Problem(raw.display, int(line), "record_figure", "an outside "
                                        "value names the figure of the record that gives it",
                                        expected=f"a figure id from record.csv or {NOT_FOUND}"))
            elif named and named != NOT_FOUND and named not in base:
                problems.append(Problem(raw.display, int(line), "record_figure",
                                        "names no figure of the record", got=named,
                                        expected="a figure id from record.csv"))
            elif named in base and _number(row[column]) != base[named]:
                problems.append(Problem(raw.display, int(line), column, "differs from its "
                                        "record figure", got=row[column],
                                        expected=f"{base[named]:f}, {named}'s value"))
    return problems


def _base(value: str, scale: str, unit: str) -> Decimal | None:
    """A record figure's value in base units, exactly (None if it is not a number)."""
    number = _number(value)
    if number is None or scale not in SCALE_FACTORS:
        return None
    based = number * SCALE_FACTORS[scale] / (100 if unit == PER_100_USD else 1)
    return based.normalize()


def _falls_as_written(frame: pd.DataFrame, family: pd.Series) -> pd.DataFrame:
    """The record with each growth rate's sign dropped: a release writes a fall as "down
    4.1%", which is curated as -4.1, while the literal keeps the 4.1 it shows."""
    growth = (family == "growth") & frame["value"].str.startswith("-")
    return frame.assign(value=frame["value"].where(~growth, frame["value"].str[1:]))


def _revision_problems(shown: str, frame: pd.DataFrame, releases: pd.DataFrame) -> list[Problem]:
    """A revision names a figure of the same metric, scope and period from an earlier release."""
    if "release_id" not in releases.columns:
        return []
    published = dict(zip(releases["release_id"], releases["published"], strict=True))
    by_id = {fid: line for line, fid in frame["figure_id"].items()}
    problems = []
    for line, row in frame[frame["revises"] != ""].iterrows():
        if row["revises"] not in by_id:
            continue  # an unknown id is reported by reference_problems
        earlier = frame.loc[by_id[row["revises"]]]
        if any(earlier[c] != row[c] for c in ("metric", "scope", "period")):
            problems.append(Problem(shown, int(line), "revises", "revises a figure of another "
                                    "metric, scope or period", got=row["revises"],
                                    expected=f"a figure of {row['metric']}, {row['scope']}, "
                                    f"{row['period']}"))
        elif published.get(earlier["release_id"], "") >= published.get(row["release_id"], ""):
            problems.append(Problem(shown, int(line), "revises", "the revised figure's release "
                                    "is not earlier", got=row["revises"],
                                    expected="a figure published before "
                                    f"{published.get(row['release_id'], '?')}"))
    return problems


def prefix_problems(shown: str, frame: pd.DataFrame) -> list[Problem]:
    """Each article has one figure-id prefix, and no other article uses it.

    The article of a prefix's first row owns it. A later article whose ids start ``nf-`` gives
    ``figures.csv:60: figure_id: prefix nf- belongs to another article (got nf-11, expected a
    prefix of its own; nf- is new_fields_2026's, from line 2)``; an article that owns two
    prefixes is told which one it started with. Column-wise, so large tables stay fast.
    """
    ids = frame["figure_id"]
    prefix = ids.str.slice(0, 2).where(ids.str.match(r"[a-z]{2}-\d"))  # match is vectorised
    rows = frame.assign(prefix=prefix, line=frame.index)[prefix.notna()]
    first = rows.drop_duplicates("prefix").set_index("prefix")
    owned = rows["prefix"].map(first["source_id"]) == rows["source_id"]
    problems = [
        Problem(shown, int(line), "figure_id", f"prefix {p}- belongs to another article",
                got=fid, expected=f"a prefix of its own; {p}- is {first.at[p, 'source_id']}'s, "
                f"from line {first.at[p, 'line']}")
        for line, fid, p in zip(rows.index[~owned], rows.loc[~owned, "figure_id"],
                                rows.loc[~owned, "prefix"], strict=True)]
    own = rows[owned]
    started = own.drop_duplicates("source_id").set_index("source_id")
    second = own[own["prefix"] != own["source_id"].map(started["prefix"])]
    problems += [
        Problem(shown, int(line), "figure_id", "the article already has another prefix",
                got=fid, expected=f"{started.at[src, 'prefix']}-NN, as from line "
                f"{started.at[src, 'line']}")
        for line, fid, src in zip(second.index, second["figure_id"], second["source_id"],
                                  strict=True)]
    return problems


def _problems(shown: str, rows: pd.DataFrame, column: str, message: str,
              expected: pd.Series | str) -> list[Problem]:
    """One Problem per row of ``rows``, got = that row's ``column``."""
    wanted = expected if isinstance(expected, pd.Series) else pd.Series(expected, rows.index)
    return [Problem(shown, int(line), column, message, got=got, expected=str(want))
            for line, got, want in zip(rows.index, rows[column], wanted[rows.index],
                                       strict=True)]


def _period_problems(shown: str, frame: pd.DataFrame) -> list[Problem]:
    problems = []
    for period_type, form in PERIOD_FORMS.items():
        bad = frame[(frame["period_type"] == period_type) & ~frame["period"].str.match(form)]
        expected = {"month": "YYYY-MM", "range": "YYYY/YYYY"}.get(period_type, "YYYY")
        problems += _problems(shown, bad, "period", f"does not fit period_type {period_type}",
                              expected)
    return problems


def _unit_problems(shown: str, frame: pd.DataFrame, metric_unit: pd.Series) -> list[Problem]:
    """A figure is in its metric's unit; a money metric (CNY) may also be given in USD."""
    money = (metric_unit == "CNY") & frame["unit"].isin(["CNY", "USD"])
    bad = metric_unit.notna() & frame["unit"].isin(FIGURE_UNITS) & ~money & (
        frame["unit"] != metric_unit)
    rows = frame[bad]
    allowed = metric_unit[bad].map(lambda u: "CNY or USD" if u == "CNY" else u)
    return [Problem(shown, int(line), "unit", f"does not fit metric {metric}", got=unit,
                    expected=want)
            for line, metric, unit, want in zip(rows.index, rows["metric"], rows["unit"],
                                                allowed, strict=True)]


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def _range_problems(shown: str, frame: pd.DataFrame, family: pd.Series) -> list[Problem]:
    """Shares within 0-100, ranks from 1, counts and money not negative (growth may be)."""
    value = pd.to_numeric(frame["value"], errors="coerce")
    checked = value.notna() & family.notna() & (family != "growth")
    unit = frame["unit"]
    share = checked & (unit == "percent") & ~value.between(0, 100)
    rank = checked & (unit == "rank") & (value < 1)
    negative = checked & unit.isin(NON_NEGATIVE_UNITS) & (value < 0)
    return [
        *_problems(shown, frame[share], "value", "a share must lie between 0 and 100",
                   "0 to 100"),
        *_problems(shown, frame[rank], "value", "a rank starts at 1", "1 or more"),
        *_problems(shown, frame[negative], "value", "cannot be negative", "0 or more"),
    ]


def _literal_problems(shown: str, frame: pd.DataFrame, units_named: bool = True) -> list[Problem]:
    """The literal, read on its own, must say what the curated cells say; with
    ``units_named`` a literal in yuan, dollars or percent must say so (an article writes the
    unit; a table cell in a release often leaves it to the table's heading)."""
    parsed = _parse_unique(frame["literal"])
    ok = {text: p for text, p in parsed.items() if not isinstance(p, LiteralError)}
    readable = frame["literal"].isin(list(ok))
    problems = [Problem(shown, int(line), "literal", "cannot be read as a number", got=text,
                        expected=str(parsed[text]))
                for line, text in frame.loc[~readable, "literal"].items()]
    rows = frame[readable]
    lit = rows["literal"]
    said_value = lit.map({t: str(p.value.normalize()) for t, p in ok.items()})
    numbers = {v: _number(v) for v in rows["value"].unique()}
    curated = rows["value"].map({v: str(n.normalize()) for v, n in numbers.items()
                                 if n is not None})
    bad_value = curated.notna() & (curated != said_value)
    problems += _problems(shown, rows[bad_value], "value", "disagrees with the literal",
                          said_value[bad_value] + " from '" + lit[bad_value] + "'")
    said_scale = lit.map({t: p.scale for t, p in ok.items()})
    bad_scale = (rows["scale"] != "") & (rows["scale"] != said_scale)
    problems += _problems(shown, rows[bad_scale], "scale", "disagrees with the literal",
                          said_scale)
    said_unit = lit.map({t: p.unit for t, p in ok.items()})
    named = said_unit.notna()
    bad_unit = named & (rows["unit"] != "") & (rows["unit"] != said_unit)
    problems += _problems(shown, rows[bad_unit], "unit", "disagrees with the literal", said_unit)
    unnamed = ~named & rows["unit"].isin(["CNY", "USD", "percent"]) & units_named
    problems += _problems(shown, rows[unnamed], "unit", "the literal names no currency or "
                          "percent", "count, years, rank or per_10k_people")
    said_q = lit.map({t: p.qualifier for t, p in ok.items()})
    bad_q = (said_q != "exact") & (rows["qualifier"] != "") & (rows["qualifier"] != said_q)
    problems += _problems(shown, rows[bad_q], "qualifier", "disagrees with the literal", said_q)
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


def paragraphs(text: str) -> list[str]:
    """An article's paragraphs: its non-empty lines, as the ``paragraph`` column counts them."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def provenance_problems(tables: dict[str, RawTable], seeds_dir: Path) -> list[Problem]:
    """Each seed file matches its checksum; each literal and excluded text stands in its cited
    paragraph."""
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
    problems += _paragraph_problems(figures, "literal", texts)
    problems += _paragraph_problems(tables[EXCLUSIONS.name], "text", texts)
    return problems


def _paragraph_problems(raw: RawTable, column: str, texts: dict[str, list[str]]) -> list[Problem]:
    """Each row's ``column`` (a figure's literal, an exclusion's text) stands in its paragraph."""
    if not {"source_id", "paragraph", column} <= set(raw.frame.columns):
        return []
    problems = []
    for line, row in raw.frame.iterrows():
        paras = texts.get(row["source_id"])
        number = _number(row["paragraph"])
        if paras is None or number is None or number != number.to_integral_value():
            continue
        index = int(number)
        if not 1 <= index <= len(paras):
            problems.append(Problem(raw.display, int(line), "paragraph",
                                    "beyond the end of the article", got=row["paragraph"],
                                    expected=f"1 to {len(paras)}"))
        elif row[column] and row[column] not in paras[index - 1]:
            problems.append(Problem(raw.display, int(line), column,
                                    f"not found in paragraph {index} of the article",
                                    got=row[column], expected="the exact text of the article"))
    return problems
