"""The field dictionary: one declared source of truth for every raw table and column.

Each column says what it holds, whether it is required, and what values it allows. The pandera
schemas (``schemas.py``), the README's data dictionary (``docs.py``) and the tests follow it,
so a column cannot exist in one place and not the others.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ipanalysis.ingest.kinds import CHECK_KINDS as KINDS
from ipanalysis.ingest.kinds import ROLES, VERDICTS
from ipanalysis.ingest.literal import QUALIFIERS, SCALE_FACTORS

FIGURE_UNITS = ("CNY", "USD", "count", "percent", "per_10k_people", "rank", "years")
METRIC_UNITS = ("CNY", "count", "percent", "per_10k_people", "rank", "years", "persons",
                "cny_per_usd")
#: Units a figure of the official record may be written in: a metric's unit, USD, or a rate
#: per 100 US dollars as some yearbook tables print it.
PER_100_USD = "cny_per_100_usd"
RECORD_UNITS = (*METRIC_UNITS, "USD", PER_100_USD)
RELEASE_KINDS = ("official", "news_agency", "third_party")
RECORD_PERIOD_TYPES = ("year", "year_end", "month", "day")
FAMILIES = (
    "volume",
    "growth",
    "quality",
    "industry",
    "finance",
    "enforcement",
    "international",
    "policy",
    "yardstick",
)
PERIOD_TYPES = ("year", "year_end", "month", "range", "cumulative")
PERIOD_BASES = ("stated", "context", "inferred")
EXCLUSION_CATEGORIES = ("date", "name", "list_marker", "wording", "time_reference")

ID = r"^[a-z][a-z0-9_]*$"
NUMBER = r"^-?\d+(\.\d+)?$"
POSITIVE_INT = r"^[1-9]\d*$"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
PERIOD = r"^\d{4}(-\d{2})?(/\d{4}(-\d{2})?)?$"
FIGURE_IDS = r"^[a-z]{2}-\d{2,}( [a-z]{2}-\d{2,})*$"
#: A yardstick's figure of the official record, or the word saying no stored page gives it.
NOT_FOUND = "not_found"
RECORD_REF = rf"^([a-z]-\d{{3,}}|{NOT_FOUND})$"


@dataclass(frozen=True)
class Field:
    """One column of a table: its name, meaning and the rule a value must follow.

    ``type`` is the Frictionless type of the column once read (string, integer, number, date);
    the raw tables are checked as text whatever it says, the processed ones by it.
    """

    name: str
    description: str
    required: bool = True
    pattern: str | None = None
    expected: str | None = None
    choices: tuple[str, ...] | None = None
    unique: bool = False
    references: str | None = None
    date: bool = False
    type: str = "string"


@dataclass(frozen=True)
class Table:
    """A CSV file in ``data/<folder>/`` (raw or processed) and its columns, in file order.

    A table with a ``partition`` column is written as one file per value of that column,
    ``<file>/<value>.csv`` (``relations/growth_rate.csv``), so that a report reads whole files
    and depends on exactly the ones it reads.
    """

    name: str
    file: str
    description: str
    fields: tuple[Field, ...]
    folder: str = "raw"
    partition: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def part(self, value: str) -> str:
        """The file of one partition, relative to the table's folder.

        >>> RELATIONS.part("growth_rate")
        'relations/growth_rate.csv'
        """
        return f"{self.file}/{value}.csv"

    @property
    def pattern(self) -> str:
        """The table's file, or the glob of its partitions' files.

        >>> RELATIONS.pattern, SOURCES.pattern
        ('relations/*.csv', 'sources.csv')
        """
        return self.part("*") if self.partition else self.file

    @property
    def key(self) -> str:
        return self.fields[0].name


SOURCES = Table(
    "sources",
    "sources.csv",
    "One row per article.",
    (
        Field("source_id", "Short stable id of the article, used by every other table.",
              pattern=ID, expected="lower case letters, digits and _", unique=True),
        Field("seed_file", "File name of the article's text in ../shared/seeds/.",
              pattern=r"^[\w.-]+\.txt$", expected="a .txt file name"),
        Field("title", "Title as printed (shortened where quoting it whole would copy "
              "the article)."),
        Field("publisher", "Outlet or publisher, or 'not named in the text'."),
        Field("published", "Publication date (ISO 8601) where the text gives it; empty otherwise, "
              "with the reason in notes.", required=False, pattern=ISO_DATE,
              expected="YYYY-MM-DD", date=True, type="date"),
        Field("url", "Web address when known; empty otherwise.", required=False,
              pattern=r"^https?://\S+$", expected="an http(s) URL"),
        Field("accessed", "Date the article's text was read for curation (ISO 8601).",
              pattern=ISO_DATE, expected="YYYY-MM-DD", date=True, type="date"),
        Field("sha256", "SHA-256 of the seed file, so a changed text is noticed.",
              pattern=r"^[0-9a-f]{64}$", expected="64 lower-case hex digits"),
        Field("notes", "What the article is and how it was dated, in our own words."),
    ),
)

METRICS = Table(
    "metrics",
    "metrics.csv",
    "The data dictionary of measures: one row per metric used in figures.csv or named by "
    "another metric's of or part; role, of and part declare the relations between metrics.",
    (
        Field("metric", "Metric id.", pattern=ID, expected="lower case letters, digits and _",
              unique=True),
        Field("label", "Short human label used in tables and charts."),
        Field("unit", "Base unit of the metric. Money metrics are in CNY; a figure may give "
              "the USD equivalent.", choices=METRIC_UNITS),
        Field("family", "Analysis family the metric belongs to.", choices=FAMILIES),
        Field("definition", "What is measured, in our own words."),
        Field("role", "How this metric relates to another one, so that figures of one article, "
              "period and geography pair up by themselves: " + "; ".join(
                  f"{name} ({meaning})" for name, meaning in ROLES.items()) + ".",
              required=False, choices=tuple(ROLES)),
        Field("of", "The metric this one relates to (its role's whole, level or indicator); "
              "may name a metric no figure gives, such as gdp.", required=False,
              references="metrics"),
        Field("part", "For share_pct: the metric whose share this is, when there is one.",
              required=False, references="metrics"),
    ),
)

FIGURES = Table(
    "figures",
    "figures.csv",
    "One row per figure quoted in an article; a figure stated twice has two rows.",
    (
        Field("figure_id", "Stable id: two-letter source prefix, dash, sequence number.",
              pattern=r"^[a-z]{2}-\d{2,}$", expected="like nf-01", unique=True),
        Field("source_id", "Article the figure comes from.", references="sources"),
        Field("paragraph", "1-based paragraph of the article, counting non-empty lines.",
              pattern=POSITIVE_INT, expected="a whole number from 1", type="integer"),
        Field("literal", "The number exactly as written, with its qualifier, scale and unit "
              "words (e.g. 'over 4,800', 'approximately 2.75 billion yuan')."),
        Field("metric", "What the figure measures.", references="metrics"),
        Field("geography", "Area the figure describes (China, Beijing, Linyi)."),
        Field("period", "Period: YYYY, YYYY-MM, or YYYY/YYYY for a range.", pattern=PERIOD,
              expected="YYYY, YYYY-MM or YYYY/YYYY"),
        Field("period_type", "year (flow over a year), year_end (stock at year end), month, "
              "range (change between two years) or cumulative (total up to the period).",
              choices=PERIOD_TYPES),
        Field("period_basis", "stated (in the same sentence), context (elsewhere in the "
              "article) or inferred (our reading, explained in notes).", choices=PERIOD_BASES),
        Field("value", "The number as written, in the literal's scale (18.04 for "
              "'18.04 trillion yuan').", pattern=NUMBER, expected="a number such as 18.04",
              type="number"),
        Field("scale", "Scale word of the literal: one, thousand, ten_thousand, million, "
              "billion or trillion.", choices=tuple(SCALE_FACTORS)),
        Field("unit", "Unit of the figure as written.", choices=FIGURE_UNITS),
        Field("qualifier", "How sure the text is: exact, approx, over, at_least, nearly, under.",
              choices=tuple(QUALIFIERS)),
        Field("notes", "What the figure is and what it pairs with, in our own words."),
    ),
)

REFERENCE_RATES = Table(
    "reference_rates",
    "reference_rates.csv",
    "Exchange rates from outside the articles, each with its origin, used as a yardstick for the "
    "rates the articles' USD conversions imply.",
    (
        Field("rate_id", "Id of the rate.", pattern=ID, expected="lower case letters, digits and _",
              unique=True),
        Field("period", "Year the rate is an average of.", pattern=r"^\d{4}$", expected="YYYY"),
        Field("cny_per_usd", "Yuan per US dollar.", pattern=NUMBER,
              expected="a number such as 7.1217", type="number"),
        Field("origin", "Who published the rate and in which document."),
        Field("url", "Web address of that document when known.", required=False,
              pattern=r"^https?://\S+$", expected="an http(s) URL"),
        Field("record_figure", "The figure of the official record (record.csv) that gives "
              "this value, which must equal it; not_found when no stored page gives it, so "
              "the data say the value is unconfirmed.", pattern=RECORD_REF,
              expected="a record id like e-007, or not_found"),
        Field("notes", "How the rate is used, in our own words."),
    ),
)

CHECKS = Table(
    "checks",
    "checks.csv",
    "Relations between figures that the library evaluates (the fact-check ledger); the kinds "
    "and the order of their figures are listed under the table.",
    (
        Field("check_id", "Id of the check.", pattern=ID,
              expected="lower case letters, digits and _", unique=True),
        Field("kind", "The relation tested.", choices=tuple(KINDS)),
        Field("figures", "Figure ids the check uses, separated by single spaces, in the order "
              "its kind takes them.", pattern=FIGURE_IDS, expected="ids like nf-09 xv-06"),
        Field("rate_id", "Reference rate the figures' conversion is set against "
              "(rate_vs_reference only).", required=False, pattern=ID,
              expected="an id from reference_rates.csv"),
        Field("reference", "Outside value the figures are set against, in base units "
              "(previous_level, implied_whole, density_population only).", required=False,
              pattern=NUMBER,
              expected="a number such as 798347", type="number"),
        Field("reference_origin", "Who published the reference value and in which document; "
              "required with reference.", required=False),
        Field("record_figure", "With reference: the figure of the official record "
              "(record.csv) that gives the value, which must equal it; not_found when no stored "
              "page gives it, so the data say the value is unconfirmed.", required=False,
              pattern=RECORD_REF, expected="a record id like e-007, or not_found"),

        Field("tolerance_pct", "How far, in percent either way, the outside rate or value may "
              "miss because it is for another year or date; empty means none.", required=False,
              pattern=r"^\d+(\.\d+)?$", expected="a number such as 1", type="number"),
        Field("sentence", "What the check tests and why, in our own words."),
    ),
)

EXCLUSIONS = Table(
    "exclusions",
    "exclusions.csv",
    "Numbers in the articles that are not figures (dates, names, list markers), each with the "
    "reason; `ipanalysis coverage` reads them.",
    (
        Field("source_id", "Article the number stands in.", references="sources"),
        Field("paragraph", "1-based paragraph of the article, counting non-empty lines.",
              pattern=POSITIVE_INT, expected="a whole number from 1", type="integer"),
        Field("text", "The few words that hold the number, as written (e.g. '15th Five-Year "
              "Plan'); every place they stand in the paragraph is excluded."),
        Field("category", "date (a date, month, year or time of day), name (part of a name or "
              "title), list_marker (an ordinal that numbers points or batches), wording (a number "
              "word used as ordinary language) or time_reference (a span of time, not a measure).",
              choices=EXCLUSION_CATEGORIES),
        Field("reason", "Why the number is not a figure, in our own words."),
    ),
)

def _raw(table: Table, name: str, **changes: object) -> Field:
    """A raw table's field, reused as it is or with some attributes changed."""
    field = next(f for f in table.fields if f.name == name)
    return replace(field, **changes)


SCOPES = Table(
    "scopes",
    "scopes.csv",
    "Whose figures a figure of the official record counts: mainland owners, owners in Hong Kong, "
    "Macao and Taiwan too, all owners, foreign owners, or the whole economy. Figures of "
    "different scopes are different series.",
    (
        Field("scope", "Scope id.", pattern=ID, expected="lower case letters, digits and _",
              unique=True),
        Field("label", "Short label used in tables and charts."),
        Field("definition", "What the scope counts, in our own words."),
    ),
)

RELEASES = Table(
    "releases",
    "releases.csv",
    "The second kind of source: one row per public web page (an official bulletin, an official "
    "release as a news agency reported it, or a third-party copy) the official record's "
    "figures come from. No page text is kept.",
    (
        Field("release_id", "Short stable id of the page.", pattern=ID,
              expected="lower case letters, digits and _", unique=True),
        Field("url", "Web address of the page, as the stored copy gives it.",
              pattern=r"^https?://\S+$", expected="an http(s) URL"),
        Field("publisher", "Who published the page (National Bureau of Statistics of China, "
              "Xinhua, a law firm, ...)."),
        Field("kind", "official (the publishing body's own bulletin or site), news_agency (an "
              "official release as Xinhua, People's Daily, China Daily or CGTN reported it) or "
              "third_party (any other copy, used only to fill a gap).", choices=RELEASE_KINDS),
        Field("published", "Publication date as the page shows it: YYYY-MM-DD, or YYYY-MM or "
              "YYYY when it shows no more.", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
              expected="YYYY-MM-DD, YYYY-MM or YYYY"),
        Field("accessed", "Date the stored copy was read for curation (ISO 8601).",
              pattern=ISO_DATE, expected="YYYY-MM-DD", date=True, type="date"),
        Field("title", "What the release is, in our own words (not its headline)."),
        Field("notes", "Anything a reader should know about the page, in our own words.",
              required=False),
    ),
)

RECORD = Table(
    "record",
    "record.csv",
    "The official record: one row per figure read from a public release, year by year. A "
    "revision is a row of its own from the later release, naming the figure it revises.",
    (
        Field("figure_id", "Stable id: a letter, dash, sequence number.",
              pattern=r"^[a-z]-\d{3,}$", expected="like a-001", unique=True),
        Field("release_id", "Release the figure comes from.", references="releases"),
        Field("location", "Where on the page the number stands, in our own words."),
        _raw(FIGURES, "literal", description="The number as written on the page, with its "
             "qualifier, scale and unit words when they stand next to it ('1.862 million', "
             "'12.71%', '2670784')."),
        _raw(FIGURES, "metric"),
        Field("scope", "Whose figures it counts (see scopes.csv).", references="scopes"),
        Field("period", "YYYY for a year or a year-end stock, YYYY-MM for a month, YYYY-MM-DD "
              "for one day.", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
              expected="YYYY, YYYY-MM or YYYY-MM-DD"),
        Field("period_type", "year (a flow over the year), year_end (a stock at year end), "
              "month or day.", choices=RECORD_PERIOD_TYPES),
        _raw(FIGURES, "value"),
        _raw(FIGURES, "scale"),
        Field("unit", "Unit of the figure as written: the metric's unit, USD, or "
              "cny_per_100_usd for a rate printed per 100 US dollars.", choices=RECORD_UNITS),
        _raw(FIGURES, "qualifier"),
        Field("revises", "The earlier figure (same metric, scope and period, from an earlier "
              "release) that this one revises; empty when it revises none.", required=False,
              references="record"),
        Field("notes", "What the figure is, any doubt, and for a third-party copy what it was "
              "checked against, in our own words."),
    ),
)

RAW_TABLES = (SOURCES, METRICS, FIGURES, REFERENCE_RATES, CHECKS, EXCLUSIONS, SCOPES, RELEASES,
              RECORD)



# ---------------------------------------------------------------------------------------------
# PROCESSED: the tables ``ipanalysis process`` writes to data/processed/. They are checked
# against these declarations when written and when read, and published (data package, SQLite)
# from them. A column that is the raw one unchanged reuses the raw Field.
# ---------------------------------------------------------------------------------------------


def _number(name: str, description: str, required: bool = True) -> Field:
    return Field(name, description, required=required, type="number")


PROCESSED_FIGURES = Table(
    "figures",
    "figures.csv",
    "One row per figure as quoted, with its value in base units, the bounds its qualifier and "
    "precision allow, and its article's and metric's labels.",
    (
        _raw(FIGURES, "figure_id"),
        _raw(FIGURES, "source_id"),
        Field("source_title", "Title of the article, from sources.csv."),
        Field("publisher", "Publisher of the article, from sources.csv."),
        _raw(SOURCES, "published", description="Publication date of the article, from "
             "sources.csv; empty when the text gives none."),
        _raw(FIGURES, "paragraph"),
        _raw(FIGURES, "literal"),
        _raw(FIGURES, "metric", references="metrics"),
        Field("metric_label", "Label of the metric, from metrics.csv."),
        _raw(METRICS, "family"),
        _raw(FIGURES, "geography"),
        _raw(FIGURES, "period"),
        _raw(FIGURES, "period_type"),
        _raw(FIGURES, "period_basis"),
        Field("period_end", "Last day the period covers; a notebook's as_of cuts figures by it.",
              pattern=ISO_DATE, expected="YYYY-MM-DD", date=True, type="date"),
        _raw(FIGURES, "value"),
        _raw(FIGURES, "scale"),
        _raw(FIGURES, "unit", description="Unit of the figure: CNY or USD for money as the "
             "article wrote it, otherwise the metric's unit."),
        _number("base_value", "The value times its scale, in base units (18.04 trillion "
                "becomes 18040000000000)."),
        _number("precision", "One unit of the last written digit, in base units; 0 for number "
                "words and ranks."),
        _number("lower", "Lower bound in base units, from the qualifier and the precision; "
                "empty when there is none.", required=False),
        _number("upper", "Upper bound in base units; empty when open (as for 'over 40%').",
                required=False),
        _raw(FIGURES, "qualifier"),
    ),
    folder="processed",
)

NOTES = Table(
    "notes",
    "notes",
    "Written by `ipanalysis process`: each figure's notes, one file per source "
    "(`notes/<source_id>.csv`). Kept apart from the figures, which every analysis reads, so "
    "that rewording a note rebuilds only the report that prints it.",
    (
        _raw(FIGURES, "figure_id", references="figures"),
        _raw(FIGURES, "source_id"),
        _raw(FIGURES, "notes"),
    ),
    folder="processed",
    partition="source_id",
)

PROCESSED_REFERENCE_RATES = replace(
    REFERENCE_RATES, description=REFERENCE_RATES.description + " Validated; the rate is a number.",
    folder="processed")

PROCESSED_CHECKS = Table(
    "checks",
    "checks.csv",
    "Each declared check evaluated: its two sides with their bounds, in one unit, and the verdict.",
    (
        _raw(CHECKS, "check_id"),
        _raw(CHECKS, "kind"),
        _raw(CHECKS, "figures"),
        Field("source_ids", "Articles the check's figures come from, separated by single spaces.",
              pattern=r"^[a-z][a-z0-9_]*( [a-z][a-z0-9_]*)*$", expected="ids like nf_a xv_b"),
        _raw(CHECKS, "rate_id"),
        _raw(CHECKS, "reference"),
        _raw(CHECKS, "reference_origin"),
        _raw(CHECKS, "tolerance_pct", required=True, description="How far, in percent either "
             "way, the outside rate or value may miss; 0 when none."),
        Field("computed_label", "What the computed side is, in words with figure ids."),
        _number("computed_value", "Central value of the computed side, in unit."),
        _number("computed_lower", "Its lower bound; empty when there is none.", required=False),
        _number("computed_upper", "Its upper bound; empty when open.", required=False),
        Field("against_label", "What the computed side is checked against, with the tolerance "
              "if any."),
        _number("against_value", "Central value of that side, in unit."),
        _number("against_lower", "Its lower bound; empty when there is none.", required=False),
        _number("against_upper", "Its upper bound; empty when open.", required=False),
        Field("unit", "Unit of both sides: a figure's unit (CNY, percent, count, ...), "
              "'CNY per USD' or 'people'."),
        Field("verdict", "consistent (every value the computed side allows is allowed by the "
              "other), inconsistent (no value is allowed by both) or undetermined (they overlap "
              "only in part).", choices=VERDICTS),
        _raw(CHECKS, "sentence"),
    ),
    folder="processed",
)


RELATION_KINDS: dict[str, str] = {
    "implied_previous": "a level and its growth rate or change imply the previous year's level",
    "growth_rate": "a growth rate: stated, computed from a level and its change, or the yearly "
                   "rate compounding a rise over a range of years",
    "implied_whole": "a part and its share imply the whole (GDP from an added value and its "
                     "share of GDP)",
    "share_check": "a part over its whole, against the share stated",
    "implied_part": "a share of a whole stands for a part no larger than the whole",
    "implied_population": "a count and its density per 10,000 people imply a population",
    "target_attainment": "a level as a percent of its target; reached at 100 or more",
    "within_total": "a part cannot exceed its total",
    "usd_conversion": "an amount given in yuan and in dollars implies an exchange rate, against "
                      "the reference rate of the year (or the latest earlier one)",
    "restated": "one figure stated twice in one article must allow a common value",
}


def _side_fields(name: str, meaning: str) -> tuple[Field, ...]:
    return (
        Field(f"{name}_label", f"What the {meaning} side is, naming its figure ids.",
              required=name == "computed"),
        _number(f"{name}_value", f"The {meaning} value, in unit.", required=name == "computed"),
        _number(f"{name}_lower", f"Lower bound of the {meaning} value; empty = open.",
                required=False),
        _number(f"{name}_upper", f"Upper bound of the {meaning} value; empty = open.",
                required=False),
    )


RELATIONS = Table(
    "relations",
    "relations",
    "Written by `ipanalysis process`: every pair the metric roles declare among the figures of "
    "one article, period and geography, evaluated once, with bounds and a verdict where there "
    "is something to judge; one file per kind (`relations/<kind>.csv`, every kind has one). The "
    "analyses render this table.",
    (
        Field("relation_id", "Kind and figure ids, e.g. implied_previous:pw-01+pw-02.",
              unique=True),
        Field("kind", "What the relation computes.", choices=tuple(RELATION_KINDS)),
        Field("figures", "Figure ids in the order of roles.", pattern=FIGURE_IDS,
              expected="ids like pw-01 pw-02"),
        Field("roles", "The role of each figure, separated by single spaces."),
        Field("source_id", "The article all the figures come from.", references="sources"),
        Field("geography", "Where the figures apply."),
        Field("period", "The period the figures share.", pattern=PERIOD,
              expected="YYYY, YYYY-MM or YYYY/YYYY"),
        Field("period_end", "Last day of that period, for as_of.", pattern=ISO_DATE,
              expected="YYYY-MM-DD", date=True, type="date"),
        Field("metric", "The metric the computed side measures.", references="metrics"),
        Field("metric_label", "Its label."),
        *_side_fields("computed", "computed"),
        *_side_fields("against", "stated or outside"),
        Field("unit", "Unit of both sides (CNY, count, percent, CNY per USD, ...)."),
        Field("verdict", "consistent, inconsistent or undetermined; empty when nothing is judged.",
              required=False, choices=VERDICTS),
        Field("rate_id", "Reference rate a usd_conversion is set against.", required=False,
              pattern=ID, expected="an id from reference_rates.csv"),
        Field("sentence", "What the relation tests, written from the kind and the labels."),
    ),
    folder="processed",
    partition="kind",
)
PROCESSED_SOURCES = Table(
    "sources", "sources.csv",
    "Written by `ipanalysis process`: the sources table, validated, so that the notebooks read "
    "processed tables only.", SOURCES.fields, folder="processed")

PROCESSED_RECORD = Table(
    "record",
    "record.csv",
    "Written by `ipanalysis process`: the official record's figures with their release "
    "(publisher, kind, date, URL), their value in base units and the bounds the literal allows, "
    "and which later figure revises each one.",
    (
        _raw(RECORD, "figure_id"),
        _raw(RECORD, "release_id"),
        _raw(RELEASES, "publisher"),
        _raw(RELEASES, "kind"),
        _raw(RELEASES, "published"),
        _raw(RELEASES, "url"),
        _raw(RECORD, "literal"),
        _raw(RECORD, "metric", references="metrics"),
        Field("metric_label", "Label of the metric, from metrics.csv."),
        _raw(METRICS, "family"),
        _raw(RECORD, "scope"),
        _raw(RECORD, "period"),
        _raw(RECORD, "period_type"),
        Field("period_end", "Last day the period covers.", pattern=ISO_DATE,
              expected="YYYY-MM-DD", date=True, type="date"),
        _raw(RECORD, "value"),
        _raw(RECORD, "scale"),
        _raw(RECORD, "unit"),
        Field("base_unit", "Unit of base_value: the unit as written, except cny_per_usd for a "
              "rate printed per 100 US dollars."),
        _number("base_value", "The value in base units (1.862 million becomes 1862000; 619.32 "
                "yuan per 100 dollars becomes 6.1932)."),
        _number("lower", "Lower bound in base units, from the qualifier and the precision; "
                "empty when open.", required=False),
        _number("upper", "Upper bound in base units; empty when open.", required=False),
        _raw(RECORD, "qualifier"),
        _raw(RECORD, "revises"),
        Field("revised_by", "The later figure that revises this one; empty for the latest.",
              required=False),
        _raw(RECORD, "location"),
        _raw(RECORD, "notes"),
    ),
    folder="processed",
)

SERIES_AGREEMENT = {
    "single": "one figure for the period",
    "agree": "every latest figure for the period allows a common value",
    "disagree": "the latest figures for the period allow no common value: a slip or another "
                "basis on one page (the chosen figure is the preferred page's)",
}
SERIES = Table(
    "series",
    "series.csv",
    "Written by `ipanalysis process`: the official record as series, one row per metric, scope, "
    "unit and period, with the figure chosen (the latest, not revised, from the most official "
    "release, then the latest published), the first-published value where a revision followed, "
    "and whether the releases agree.",
    (
        _raw(RECORD, "metric", references="metrics"),
        Field("metric_label", "Label of the metric."),
        _raw(RECORD, "scope"),
        Field("unit", "Base unit of the values."),
        _raw(RECORD, "period"),
        _raw(RECORD, "period_type"),
        Field("period_end", "Last day the period covers.", pattern=ISO_DATE,
              expected="YYYY-MM-DD", date=True, type="date"),
        Field("figure_id", "The chosen figure."),
        _number("value", "Its base value."),
        _number("lower", "Its lower bound; empty when open.", required=False),
        _number("upper", "Its upper bound; empty when open.", required=False),
        _raw(RELEASES, "kind", description="Kind of the chosen figure's release."),
        _raw(RELEASES, "url", description="URL of the chosen figure's release."),
        Field("first_published", "The figure first published for the period when a later one "
              "revised it; empty otherwise.", required=False),
        _number("first_value", "Its base value; empty when there was no revision.",
                required=False),
        Field("figures", "Every figure of the record for this metric, scope, unit and period."),
        Field("agreement", "single, agree or disagree: " + "; ".join(
            f"{k} ({v})" for k, v in SERIES_AGREEMENT.items()) + ".",
              choices=tuple(SERIES_AGREEMENT)),
        Field("neighbours", "For a yearly level (not a growth rate): far_off when the value is "
              "more than a factor of 3 from most of the series' values in the two years before "
              "and after (a 10x slip on a page, or a break in the series), in_line when not; "
              "empty without such a year.", required=False, choices=("in_line", "far_off")),
    ),
    folder="processed",
)

PROCESSED_TABLES = (PROCESSED_FIGURES, NOTES, PROCESSED_REFERENCE_RATES, PROCESSED_CHECKS,
                    RELATIONS, PROCESSED_SOURCES, PROCESSED_RECORD, SERIES)
