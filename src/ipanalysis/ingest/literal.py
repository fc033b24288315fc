"""Read a quoted figure such as "over 4,800" or "approximately 2.75 billion yuan" on its own.

The curated CSVs keep every figure as its ``literal``, the number exactly as the article wrote it.
This module turns that text into a number, scale, unit, qualifier and precision, so that the
curated columns can be checked against the words rather than trusted.

Grammar (case-insensitive; runs of whitespace count as one space)::

    [the|a|an] [qualifier phrase] [the] [currency prefix] NUMBER [scale word] [unit] [trailing]

NUMBER
    Digits with optional comma thousands separators in groups of three and optional decimals,
    optionally negative ("4,745", "18.04", "-3.2"); number words zero to ninety-nine ("nine",
    "Seven", "twenty-one"); digit ordinals with the right suffix ("1st", "11th") and ordinal
    words first to twentieth, which give unit "rank"; "top" (rank 1); fraction words "half",
    "a quarter", "three-quarters", which give unit "percent".
Scale words
    thousand, ten thousand (also "ten-thousand" and "wan"), million, billion, trillion.
Units
    currency prefix "$", "US$", "USD", "¥", "RMB", "CNY"; currency suffix "yuan", "RMB",
    "renminbi", "CNY" (CNY) or "U.S. dollars", "US dollars", "dollars", "USD" (USD); percent
    "%", "percent", "per cent", "pct"; density "per 10,000 people" or "per 10,000 residents",
    optionally after a noun ("8.18 patents per 10,000 people"). A literal names at most one unit.
Qualifiers
    the phrases in ``QUALIFIER_WORDS``, longest first; none means "exact".
Trailing words
    ignored ("52.67 million jobs"), but they may not hold a second number, scale word or unit,
    nor a qualifier that reads backwards ("4,800 or more", "5 at least", "40-odd").

Precision rule: one unit in the place of the last written digit, in the literal's scale
("18.04" -> 0.01, "15.3" -> 0.1, "854 billion" -> 1 billion, "4,800" -> 1). An integer written
with three or more trailing zeros is taken as rounded to its last non-zero digit ("921,000" ->
1000, "10,000" -> 10000). Number words, ordinals, "top" and fraction words are exact by nature:
precision 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import MAX_PREC, Decimal, localcontext
from typing import TYPE_CHECKING, NamedTuple

from ipanalysis.errors import LiteralError

if TYPE_CHECKING:
    from collections.abc import Iterable

SCALE_FACTORS: dict[str, Decimal] = {
    "one": Decimal(1),
    "thousand": Decimal(10) ** 3,
    "ten_thousand": Decimal(10) ** 4,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}


QUALIFIERS: tuple[str, ...] = ("exact", "approx", "over", "at_least", "nearly", "under")

QUALIFIER_WORDS: dict[str, str] = {
    "about": "approx",
    "approximately": "approx",
    "approx.": "approx",
    "around": "approx",
    "roughly": "approx",
    "some": "approx",
    "circa": "approx",
    "an estimated": "approx",
    "over": "over",
    "more than": "over",
    "exceeding": "over",
    "exceeded": "over",
    "exceeds": "over",
    "surpassed": "over",
    "surpassing": "over",
    "above": "over",
    "greater than": "over",
    "in excess of": "over",
    "upwards of": "over",
    "at least": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    "nearly": "nearly",
    "almost": "nearly",
    "approached": "nearly",
    "approaching": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "nearing": "nearly",
    "under": "under",
    "less than": "under",
    "below": "under",
    "fewer than": "under",
    "up to": "under",
}

_SMALL_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)  # fmt: skip
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORDS: dict[str, int] = {
    **{word: value for value, word in enumerate(_SMALL_WORDS)},
    **{word: 20 + 10 * index for index, word in enumerate(_TENS_WORDS)},
}
_ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
_FRACTION_VALUES = {"half": 50, "quarter": 25, "quarters": 75}
_CURRENCY_PREFIXES = {
    "us$": "USD",
    "$": "USD",
    "usd": "USD",
    "¥": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
}
_SCALE_WORDS = {
    "ten thousand": "ten_thousand",
    "ten-thousand": "ten_thousand",
    "wan": "ten_thousand",
    "thousand": "thousand",
    "million": "million",
    "billion": "billion",
    "trillion": "trillion",
}


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so "just under" wins over "under"."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_NUMBER_PATTERN = rf"""
      (?P<fraction>(?:(?:a|one)[\ -])?half|(?:a|one)[\ -]quarter|three[\ -]quarters)(?![a-z])
    | (?P<digits>-?[0-9]+(?:,[0-9]+)*(?:\.[0-9]+)?)(?:(?P<suffix>st|nd|rd|th)(?![a-z]))?
    | (?P<ordinal>{_alternation(_ORDINAL_WORDS)})(?![a-z])
    | (?P<top>top)(?![a-z])
    | (?P<word>(?:{_alternation(_TENS_WORDS)})-(?:{_alternation(_SMALL_WORDS[1:10])})
        |{_alternation(_NUMBER_WORDS)})(?![a-z])
"""

_HEAD = re.compile(
    rf"""
    (?:(?P<article>the|an|a)\ )?
    (?:(?P<qualifier>{_alternation(QUALIFIER_WORDS)})(?![a-z])\ ?)?
    (?:the\ )?
    (?:(?P<currency>us\ ?\$|\$|usd|¥|rmb|cny)\ ?)?
    (?:{_NUMBER_PATTERN})
    (?:[\ -](?P<scale>{_alternation(_SCALE_WORDS)})(?![a-z]))?
    (?:
        \ ?(?P<percent_sign>%)
      | \ (?P<percent>percent|per\ cent|pct)(?![a-z])
      | \ (?P<cny>yuan|renminbi|rmb|cny)(?![a-z])
      | \ (?P<usd>u\.?\ ?s\.?\ ?dollars?|dollars?|usd)(?![a-z])
    )?
    """,
    re.VERBOSE,
)
_DENSITY = re.compile(
    r"(?<![a-z])per (?:10,000|10000|ten[ -]thousand) (?:people|residents)(?![a-z])"
)
_ANY_NUMBER = re.compile(
    rf"[0-9]|(?<![a-z])(?:{_alternation([*_NUMBER_WORDS, *_ORDINAL_WORDS, 'half', 'a quarter'])}"
    rf"|{_alternation(word + 's' for word in _ORDINAL_WORDS[2:])})(?![a-z])"
)
_SECOND_SCALE = re.compile(
    r"(?<![a-z])(?:(?:thousand|million|billion|trillion|hundred|dozen)s?|wan|bn|mn|tn)(?![a-z])"
)
_SECOND_UNIT = re.compile(
    r"[%$¥]|(?<![a-z])(?:yuan|renminbi|rmb|cny|usd|dollars?|per ?cent|pct)(?![a-z])"
)
_AFTERWORD_QUALIFIER = re.compile(
    r"(?<![a-z])(?:or (?:more|above|over|less|fewer|so)|and (?:above|over)|at (?:least|most)"
    r"|plus|odd)(?![a-z])"
)
_GROUPED_DIGITS = re.compile(r"-?[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]+)?")


@dataclass(frozen=True)
class ParsedLiteral:
    """One literal, read: "18.04 trillion yuan" is value 18.04, scale trillion, unit CNY.

    The value stays in the literal's own scale so its precision reads as written; the base_*
    properties give plain units for arithmetic.

    >>> parse_literal("18.04 trillion yuan").base_value == 18_040_000_000_000
    True
    """

    text: str
    value: Decimal
    scale: str
    unit: str | None
    qualifier: str
    precision: Decimal

    @property
    def base_value(self) -> Decimal:
        """The value in plain units: 18.04 trillion -> 18040000000000, exactly."""
        return _scaled(self.value, self.scale)

    @property
    def base_precision(self) -> Decimal:
        """The precision in plain units: "854 billion yuan" is good to 1e9 yuan."""
        return _scaled(self.precision, self.scale)


class _Number(NamedTuple):
    """The number part of a literal; unit is set only when the number form implies one."""

    value: Decimal
    precision: Decimal
    unit: str | None


def parse_literal(text: str) -> ParsedLiteral:
    """Read a literal into value, scale, unit, qualifier and precision; raise LiteralError if not.

    >>> parse_literal("over 4,800").qualifier
    'over'
    >>> parse_literal("approximately 2.75 billion yuan").precision
    Decimal('0.01')
    """
    if not isinstance(text, str):
        raise LiteralError(f"a literal must be text, got {type(text).__name__} {text!r}")
    normal = _normalise(text)
    if not normal:
        raise LiteralError(f"literal {text!r} is empty")
    head = _HEAD.match(normal)
    if head is None:
        raise _unreadable(text, normal)
    rest = normal[head.end() :]
    if rest[:1].isalnum():
        raise LiteralError(f"{text!r}: the number runs into {rest.split()[0]!r}; add a space")
    density = _DENSITY.search(rest)
    _check_trailing(text, _drop_span(rest, density))
    number = _read_number(text, head)
    scale = _SCALE_WORDS[head["scale"]] if head["scale"] else "one"
    return ParsedLiteral(
        text=text,
        value=number.value,
        scale=scale,
        unit=_read_unit(text, head, number, density is not None),
        qualifier=QUALIFIER_WORDS[head["qualifier"]] if head["qualifier"] else "exact",
        precision=number.precision,
    )


def _normalise(text: str) -> str:
    """Lower-case with single spaces, so "Seven" and "18.04  trillion" read like the rest.

    Typeset minus signs and non-breaking hyphens (U+2212, U+2010, U+2011) become "-".
    """
    dashes = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2212": "-"})
    return " ".join(text.translate(dashes).lower().split())


def _scaled(amount: Decimal, scale: str) -> Decimal:
    """amount times the scale factor, exact however many digits (no rounding to 28 digits)."""
    with localcontext(prec=MAX_PREC):
        return amount * SCALE_FACTORS[scale]


def _unreadable(text: str, normal: str) -> LiteralError:
    """Say why no literal starts the text: "increase of 1.9 million" has words before its number."""
    number = _ANY_NUMBER.search(normal)
    if number is None:
        return LiteralError(f"{text!r} holds no number")
    before = normal[: number.start()].strip()
    if not before:
        return LiteralError(f"{text!r}: {number.group()!r} is not a number form this parser reads")
    return LiteralError(
        f"{text!r}: unexpected words before the number: {before!r}"
        " (only an article, a qualifier or a currency may come first)"
    )


def _drop_span(text: str, match: re.Match[str] | None) -> str:
    """The text without the matched span, so the 10,000 of "per 10,000 people" is not counted."""
    return text if match is None else f"{text[: match.start()]} {text[match.end() :]}"


def _check_trailing(text: str, trailing: str) -> None:
    """Trailing words are only context ("52.67 million jobs"); refuse any that carry a figure."""
    if _ANY_NUMBER.search(trailing):
        raise LiteralError(f"{text!r} holds more than one number; quote each figure on its own")
    if scale := _SECOND_SCALE.search(trailing):
        raise LiteralError(f"{text!r}: scale word {scale.group()!r} is misplaced or unsupported")
    if unit := _SECOND_UNIT.search(trailing):
        raise LiteralError(f"{text!r}: unit {unit.group()!r} is not right after the number")
    if qualifier := _AFTERWORD_QUALIFIER.search(trailing):
        raise LiteralError(
            f"{text!r}: qualifier {qualifier.group()!r} after the number is not read;"
            " put the qualifier first, as in 'over 4,800'"
        )


def _read_number(text: str, head: re.Match[str]) -> _Number:
    """The number whichever way it is written: "921,000", "Seven", "11th", "three-quarters"."""
    if head["fraction"]:
        last_word = re.split("[ -]", head["fraction"])[-1]
        return _Number(Decimal(_FRACTION_VALUES[last_word]), Decimal(0), "percent")
    if head["ordinal"]:
        return _Number(Decimal(_ORDINAL_WORDS.index(head["ordinal"]) + 1), Decimal(0), "rank")
    if head["top"]:
        return _Number(Decimal(1), Decimal(0), "rank")
    if head["word"]:
        return _Number(Decimal(_word_value(head["word"])), Decimal(0), None)
    if head["suffix"]:
        rank = _ordinal_value(text, head["digits"], head["suffix"])
        return _Number(Decimal(rank), Decimal(0), "rank")
    return _Number(Decimal(_plain_digits(text, head["digits"])), _precision(head["digits"]), None)


def _word_value(word: str) -> int:
    """A number word's value, hyphenated compounds included: "twenty-one" -> 21."""
    return sum(_NUMBER_WORDS[part] for part in word.split("-"))


def _plain_digits(text: str, digits: str) -> str:
    """The digits without thousands separators, refusing misplaced ones ("1,23,4")."""
    if "," in digits and not _GROUPED_DIGITS.fullmatch(digits):
        raise LiteralError(f"{text!r}: misplaced thousands separator in {digits!r}")
    return digits.replace(",", "")


def _ordinal_value(text: str, digits: str, suffix: str) -> int:
    """The rank of a digit ordinal, checking its suffix: "11th" -> 11, while "11st" is refused."""
    plain = _plain_digits(text, digits)
    if not plain.isdigit() or int(plain) == 0:
        raise LiteralError(f"{text!r}: an ordinal must be a whole number from 1, got {digits!r}")
    rank = int(plain)
    teens = rank % 100 in (11, 12, 13)
    expected = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    if suffix != expected:
        raise LiteralError(f"{text!r}: {digits}{suffix} should be written {digits}{expected}")
    return rank


def _precision(digits: str) -> Decimal:
    """One unit of the last written digit, so "15.3" is good to 0.1 and "921,000" to 1000.

    Three or more trailing zeros on an integer mark a rounded figure, not a count to the unit;
    one or two ("4,800", "10") are read as written.
    """
    whole, _, decimals = digits.lstrip("-").replace(",", "").partition(".")
    if decimals:
        return Decimal(10) ** -len(decimals)
    zeros = len(whole) - len(whole.rstrip("0"))
    return Decimal(10) ** zeros if 3 <= zeros < len(whole) else Decimal(1)


def _read_unit(text: str, head: re.Match[str], number: _Number, density: bool) -> str | None:
    """The one unit the literal names: "$0.39 billion" -> USD; "$5 yuan" is refused."""
    named = _named_units(head, density)
    if number.unit is None:
        if len(named) > 1:
            raise LiteralError(f"{text!r} names conflicting units: {', '.join(sorted(named))}")
        return next(iter(named), None)
    kind = "a rank" if number.unit == "rank" else "a fraction"
    if head["scale"] or named:
        raise LiteralError(f"{text!r}: {kind} takes no scale word or other unit")
    if number.unit == "rank" and head["article"] in ("a", "an"):
        raise LiteralError(f"{text!r} reads as a fraction; only half and quarters are supported")
    return number.unit


def _named_units(head: re.Match[str], density: bool) -> set[str]:
    """Every unit the words name, from the currency prefix to the density suffix."""
    currency = (head["currency"] or "").replace(" ", "")
    candidates = (
        _CURRENCY_PREFIXES.get(currency),
        "percent" if head["percent_sign"] or head["percent"] else None,
        "CNY" if head["cny"] else None,
        "USD" if head["usd"] else None,
        "per_10k_people" if density else None,
    )
    return {unit for unit in candidates if unit}
