"""Is every number in an article curated? Find each one and say where it went.

Every number in the text is either a figure (a row of ``figures.csv`` whose literal stands where
the number stands), an exclusion (a row of ``exclusions.csv``: a date, a name, a list marker, with
its reason), or missing. A curation is complete when nothing is missing.

Numbers are found as people write them: digits with thousands separators and decimals ("4,745",
"18.04"), with a scale word ("2.29 million"), a percent sign or word, a currency ("$0.39
billion", "854 billion yuan"), a density ("16 patents per 10,000 people"), digit and word
ordinals ("11th", "third"), rank words ("the top", "the top spot": first place, but not the "top"
of "the top 100" or "top-level"), counts in words ("seven", "nine"), fractions ("three-quarters"),
ranges ("10 to 15"), dates ("March 19, 2025", "23/01/2026") and codes with digits ("6G"). A
qualifier just before the number ("over 4,800") is kept with it, so a found number reads like a
curated literal.

Matching is by place, not by value: a figure's literal covers the number where it stands in its
paragraph (two figures with the same literal in one paragraph take its first and second
places), and an exclusion covers every place its text stands in the paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from ipanalysis.ingest.literal import QUALIFIER_WORDS
from ipanalysis.ingest.validate import paragraphs

CARDINALS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "dozen",
)  # fmt: skip
ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)


def _words(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation, longest first so "seventeen" wins over "seven"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNITS = r"%|percent|per\ cent|pct|yuan|renminbi|rmb|cny|u\.s\.\ dollars|us\ dollars|dollars|usd"
_NUMBER = re.compile(
    rf"""
    (?P<date>
        \d{{4}}-\d{{2}}-\d{{2}}
      | \d{{1,2}}/\d{{1,2}}/\d{{4}}
      | \d{{1,2}}:\d{{2}}(?::\d{{2}})?
      | (?-i:{MONTHS})\.?\ \d{{1,2}}(?:st|nd|rd|th)?(?:,\ \d{{4}})?(?!\d|,\d)
      | (?-i:{MONTHS})\ \d{{4}}
    )
  | (?<![a-z\d])
    (?:(?P<qualifier>{_words(list(QUALIFIER_WORDS))})\ )?
    (?P<currency>us\$|\$|¥|rmb\ ?|usd\ ?|cny\ ?)?
    (?P<core>
        (?P<rank>the\ top(?:\ (?:spot|place|position))?(?!\ ?\d|-))
      | (?P<fraction>(?:one|two|three)[\ -](?:half|thirds?|quarters?)|(?:a\ )?(?:half|quarter))
      | (?P<digits>{_DIGITS})
        (?:(?P<range>\ ?(?:-|\u2013|\u2014|to)\ ?(?:{_DIGITS}))
          | (?P<suffix>st|nd|rd|th)
          | (?P<code>[a-z]+))?
      | (?P<ordinal>{_words(ORDINALS)})
      | (?P<word>(?:{_words(CARDINALS)})(?:-(?:{_words(CARDINALS[1:10])}))?)
    )(?![a-z\d])
    (?:[\ -](?P<scale>ten\ thousand|thousand|million|billion|trillion)(?![a-z]))?
    (?:\ ?(?P<unit>{_UNITS})(?![a-z]))?
    (?P<density>(?:\ [a-z]+)?\ per\ (?:10,000|ten\ thousand)\ (?:people|residents|persons))?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_BEFORE = r"(?<![0-9a-z])(?<![0-9][.,])"
_AFTER = r"(?![0-9a-z])(?![.,][0-9])"


class Status(StrEnum):
    """Where a found number went."""

    CURATED = "curated"
    EXCLUDED = "excluded"
    MISSING = "missing"


@dataclass(frozen=True)
class Found:
    """A number as it stands in a paragraph: the words read with it, where its core digits or
    word stand (``start``/``end``, offsets in the paragraph), and the form it was written in."""

    paragraph: int
    text: str
    start: int
    end: int
    form: str


@dataclass(frozen=True)
class Entry:
    """A found number and where it went: ``detail`` is the figure id, or the exclusion's
    category and reason."""

    found: Found
    status: Status
    detail: str


@dataclass(frozen=True)
class Coverage:
    """Every number of one article and where it went, plus the curation that matched nothing:
    exclusions whose text holds no uncurated number, figures whose literal holds no number the
    finder reads (a literal that is not where its paragraph says)."""

    source_id: str
    entries: tuple[Entry, ...]
    unused_exclusions: tuple[tuple[int, str], ...]
    unmatched_figures: tuple[str, ...]

    def count(self, status: Status) -> int:
        return sum(e.status is status for e in self.entries)

    @property
    def missing(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.status is Status.MISSING)

    @property
    def complete(self) -> bool:
        """Nothing missing and no stale exclusion."""
        return not self.missing and not self.unused_exclusions


def _form(match: re.Match[str]) -> str:
    """The kind of number, for the listing: "2025" alone reads as a year."""
    if match["date"]:
        return "date"
    for name in ("rank", "range", "density", "fraction", "code"):
        if match[name]:
            return name
    if match["unit"] and match["unit"].lower() in ("%", "percent", "per cent", "pct"):
        return "percent"
    if match["currency"] or match["unit"]:
        return "money"
    if match["suffix"] or match["ordinal"]:
        return "ordinal"
    if match["word"]:
        return "word"
    plain = match["digits"]
    if re.fullmatch(r"(19|20)\d\d", plain) and not match["scale"]:
        return "year"
    return "number"


def find_numbers(text: str, paragraph: int = 1) -> list[Found]:
    """Every number in one paragraph, left to right.

    >>> [(f.text, f.form) for f in find_numbers("Over 4,800 in 2025, up 9% to $3 billion.")]
    [('Over 4,800', 'number'), ('2025', 'year'), ('9%', 'percent'), ('$3 billion', 'money')]
    >>> [(f.text, f.form) for f in find_numbers("At the top spot, not the top 100.")]
    [('the top spot', 'rank'), ('100', 'number')]
    """
    found = []
    for match in _NUMBER.finditer(text):
        group = "date" if match["date"] else "core"
        found.append(Found(paragraph, match.group().strip(), match.start(group),
                           match.end("range") if match["range"] else match.end(group),
                           _form(match)))
    return found


def places(phrase: str, text: str) -> list[tuple[int, int]]:
    """Where ``phrase`` stands in ``text`` as whole words: "15" is not found in "15.3" or
    "2015"."""
    pattern = re.compile(_BEFORE + re.escape(phrase) + _AFTER, re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _figure_spans(figures: pd.DataFrame, paragraph: int, text: str) -> dict[str, tuple[int, int]]:
    """Where each figure of the paragraph stands: the n-th figure with a literal takes the n-th
    place of that literal."""
    spans = {}
    taken: dict[str, int] = {}
    here = figures[figures["paragraph"] == str(paragraph)].sort_values("figure_id")
    for row in here.itertuples():
        where = places(row.literal, text)
        nth = taken.get(row.literal, 0)
        taken[row.literal] = nth + 1
        if nth < len(where):
            spans[row.figure_id] = where[nth]
    return spans


def _inside(found: Found, span: tuple[int, int]) -> bool:
    return span[0] <= found.start and found.end <= span[1]


def _classify(found: Found, spans: dict[str, tuple[int, int]],
              excluded: list[tuple[tuple[int, int], pd.Series]]) -> Entry:
    for figure_id, span in spans.items():
        if _inside(found, span):
            return Entry(found, Status.CURATED, figure_id)
    for span, row in excluded:
        if _inside(found, span):
            return Entry(found, Status.EXCLUDED, f"{row['category']}: {row['reason']}")
    return Entry(found, Status.MISSING, "")


def coverage(text: str, source_id: str, figures: pd.DataFrame,
             exclusions: pd.DataFrame) -> Coverage:
    """Classify every number of an article against the raw figures and exclusions (cells as
    text, as ``load_raw`` gives them); the frames are only read.

    In the new-fields article, "99" in paragraph 4 is curated as nf-01 and the "2025" of
    "end-2025" is excluded as a date.
    """
    figures = figures[figures["source_id"] == source_id]
    exclusions = exclusions[exclusions["source_id"] == source_id]
    entries: list[Entry] = []
    used: set[tuple[int, str]] = set()
    matched: set[str] = set()
    for number, para in enumerate(paragraphs(text), start=1):
        spans = _figure_spans(figures, number, para)
        excluded = [(span, row) for _, row in
                    exclusions[exclusions["paragraph"] == str(number)].iterrows()
                    for span in places(row["text"], para)]
        for found in find_numbers(para, number):
            entry = _classify(found, spans, excluded)
            entries.append(entry)
            if entry.status is Status.CURATED:
                matched.add(entry.detail)
            elif entry.status is Status.EXCLUDED:
                used.update((number, row["text"]) for span, row in excluded
                            if _inside(found, span))
    declared = list(dict.fromkeys(zip(exclusions["paragraph"].astype(int), exclusions["text"],
                                      strict=True)))
    return Coverage(source_id, tuple(entries), tuple(d for d in declared if d not in used),
                    tuple(sorted(set(figures["figure_id"]) - matched)))


def report_lines(result: Coverage) -> list[str]:
    """The listing the ``coverage`` command prints: one line per number, then the totals."""
    width = max([len(e.found.text) for e in result.entries] + [6])
    lines = [f"{'para':>4}  {'number':<{width}}  where"]
    for entry in result.entries:
        where = entry.status.value + (f" {entry.detail}" if entry.status is Status.CURATED
                                      else f" ({entry.detail})" if entry.detail else "")
        lines.append(f"{entry.found.paragraph:>4}  {entry.found.text:<{width}}  {where}")
    lines += [f"unused exclusion: paragraph {p}: {t!r} covers no uncurated number"
              for p, t in result.unused_exclusions]
    if result.unmatched_figures:
        lines.append("curated but not read as numbers by the finder: "
                     + ", ".join(result.unmatched_figures))
    lines.append(f"{result.source_id}: {len(result.entries)} numbers: "
                 f"{result.count(Status.CURATED)} curated, {result.count(Status.EXCLUDED)} "
                 f"excluded, {result.count(Status.MISSING)} missing")
    return lines
