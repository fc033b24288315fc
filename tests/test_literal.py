"""Tests for ipanalysis.ingest.literal: real literals from the articles, error cases and properties.

Expected values are worked out by hand from the words, never copied from the parser's output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipanalysis.errors import LiteralError
from ipanalysis.ingest.bounds import bounds
from ipanalysis.ingest.fields import FIGURE_UNITS
from ipanalysis.ingest.literal import (
    QUALIFIER_WORDS,
    QUALIFIERS,
    SCALE_FACTORS,
    ParsedLiteral,
    parse_literal,
)

# text, value, scale, unit, qualifier, precision (in the literal's scale)
REAL_LITERALS = [
    ("18.04 trillion yuan", "18.04", "trillion", "CNY", "exact", "0.01"),
    ("over 40%", "40", "one", "percent", "over", "1"),
    ("$0.39 billion", "0.39", "billion", "USD", "exact", "0.01"),
    ("about 2.6 trillion U.S. dollars", "2.6", "trillion", "USD", "approx", "0.1"),
    ("approximately 2.75 billion yuan", "2.75", "billion", "CNY", "approx", "0.01"),
    ("13.38 percent", "13.38", "one", "percent", "exact", "0.01"),
    ("13.38%", "13.38", "one", "percent", "exact", "0.01"),
    ("8.18 patents per 10,000 people", "8.18", "one", "per_10k_people", "exact", "0.01"),
    ("16 patents per 10,000 people", "16", "one", "per_10k_people", "exact", "1"),
    ("over three-quarters", "75", "one", "percent", "over", "0"),
    ("third place", "3", "one", "rank", "exact", "0"),
    ("11th", "11", "one", "rank", "exact", "0"),
    ("10th place", "10", "one", "rank", "exact", "0"),
    ("first", "1", "one", "rank", "exact", "0"),
    ("the top spot", "1", "one", "rank", "exact", "0"),
    ("the top", "1", "one", "rank", "exact", "0"),
    ("Seven", "7", "one", None, "exact", "0"),
    ("nine", "9", "one", None, "exact", "0"),
    ("921,000", "921000", "one", None, "exact", "1000"),
    ("44,000", "44000", "one", None, "exact", "1000"),
    ("68,000", "68000", "one", None, "exact", "1000"),
    ("4,745", "4745", "one", None, "exact", "1"),
    ("over 4,800", "4800", "one", None, "over", "1"),
    ("99", "99", "one", None, "exact", "1"),
    ("10", "10", "one", None, "exact", "1"),
    ("surpassed 50 percent", "50", "one", "percent", "over", "1"),
    ("exceeding 50 trillion yuan", "50", "trillion", "CNY", "over", "1"),
    ("nearly 2 billion yuan", "2", "billion", "CNY", "nearly", "1"),
    ("approached 8 trillion yuan", "8", "trillion", "CNY", "nearly", "1"),
    ("52.67 million jobs", "52.67", "million", None, "exact", "0.01"),
    ("854 billion yuan", "854", "billion", "CNY", "exact", "1"),
    ("about 118 billion U.S. dollars", "118", "billion", "USD", "approx", "1"),
    ("15.3 percent", "15.3", "one", "percent", "exact", "0.1"),
    ("about 4.4 million", "4.4", "million", None, "approx", "0.1"),
    ("4.756 million", "4.756", "million", None, "exact", "0.001"),
    ("five consecutive years", "5", "one", None, "exact", "0"),
    ("over 40% of GDP", "40", "one", "percent", "over", "1"),
    ("-3.2%", "-3.2", "one", "percent", "exact", "0.1"),
]


@pytest.mark.parametrize(
    ("text", "value", "scale", "unit", "qualifier", "precision"), REAL_LITERALS
)
def test_real_literals(
    text: str, value: str, scale: str, unit: str | None, qualifier: str, precision: str
) -> None:
    assert parse_literal(text) == ParsedLiteral(
        text=text,
        value=Decimal(value),
        scale=scale,
        unit=unit,
        qualifier=qualifier,
        precision=Decimal(precision),
    )


@pytest.mark.parametrize(
    ("text", "base_value", "base_precision"),
    [
        ("18.04 trillion yuan", "18040000000000", "10000000000"),
        ("$0.39 billion", "390000000", "10000000"),
        ("approximately 2.75 billion yuan", "2750000000", "10000000"),
        ("854 billion yuan", "854000000000", "1000000000"),
        ("13.38%", "13.38", "0.01"),
        ("921,000", "921000", "1000"),
        ("Seven", "7", "0"),
    ],
)
def test_base_units_are_exact(text: str, base_value: str, base_precision: str) -> None:
    parsed = parse_literal(text)
    assert parsed.base_value == Decimal(base_value)
    assert parsed.base_precision == Decimal(base_precision)


def test_base_value_beats_float() -> None:
    assert parse_literal("18.04 trillion yuan").base_value == Decimal("18040000000000")
    assert float(parse_literal("18.04 trillion yuan").base_value) == 1.804e13


def test_base_value_keeps_every_digit_past_28() -> None:
    digits = "1234567890123456789012345678901"  # 31 significant digits, more than Decimal's 28
    assert parse_literal(f"{digits} trillion").base_value == Decimal(f"{digits}000000000000")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("twenty-one", 21, None),
        ("Ninety-Nine", 99, None),
        ("zero", 0, None),
        ("ten thousand", 10, None),
        ("half", 50, "percent"),
        ("a half", 50, "percent"),
        ("one-half", 50, "percent"),
        ("a quarter", 25, "percent"),
        ("one-quarter", 25, "percent"),
        ("one quarter", 25, "percent"),
        ("three quarters", 75, "percent"),
        ("1st", 1, "rank"),
        ("2nd", 2, "rank"),
        ("3rd", 3, "rank"),
        ("12th", 12, "rank"),
        ("22nd", 22, "rank"),
        ("111th", 111, "rank"),
        ("Twentieth", 20, "rank"),
        ("top", 1, "rank"),
    ],
)
def test_words_ordinals_and_fractions_are_exact(text: str, value: int, unit: str | None) -> None:
    parsed = parse_literal(text)
    assert (parsed.value, parsed.unit, parsed.precision) == (Decimal(value), unit, Decimal(0))


@pytest.mark.parametrize(
    ("text", "scale", "unit"),
    [
        ("5 ten thousand", "ten_thousand", None),
        ("5 ten-thousand", "ten_thousand", None),
        ("5 wan yuan", "ten_thousand", "CNY"),
        ("5 thousand", "thousand", None),
        ("US$5 million", "million", "USD"),
        ("USD 5", "one", "USD"),
        ("¥5 billion", "billion", "CNY"),
        ("RMB 5 yuan", "one", "CNY"),
        ("CNY 5", "one", "CNY"),
        ("5 renminbi", "one", "CNY"),
        ("5 US dollars", "one", "USD"),
        ("5 U.S. dollar", "one", "USD"),
        ("5 % ", "one", "percent"),
        ("5 per cent", "one", "percent"),
        ("5 pct", "one", "percent"),
        ("5 per ten thousand people", "one", "per_10k_people"),
        ("5 per 10,000 residents", "one", "per_10k_people"),
    ],
)
def test_scale_and_unit_spellings(text: str, scale: str, unit: str | None) -> None:
    parsed = parse_literal(text)
    assert (parsed.value, parsed.scale, parsed.unit) == (Decimal(5), scale, unit)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("an estimated 5", "approx"),
        ("just under 5", "nearly"),
        ("under 5", "under"),
        ("up to 5", "under"),
        ("no less than 5", "at_least"),
        ("in excess of $5", "over"),
        ("APPROX. 5", "approx"),
        ("about the 5th", "approx"),
    ],
)
def test_qualifier_phrases(text: str, qualifier: str) -> None:
    assert parse_literal(text).qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \t", "empty"),
        ("yuan", "no number"),
        ("increase of 1.9 million", "before the number"),
        ("18 trillion yuan (about 2.6 trillion US dollars)", "more than one number"),
        ("$5 yuan", "conflicting units"),
        ("5% yuan", "not right after the number"),
        ("1,23,4", "thousands separator"),
        ("12,34", "thousands separator"),
        ("11st", "should be written 11th"),
        ("0th", "ordinal"),
        ("a third", "fraction"),
        ("two-thirds", "more than one number"),
        ("twenty one", "more than one number"),
        ("one hundred", "scale word"),
        ("5 million billion", "scale word"),
        ("half a million", "scale word"),
        ("third yuan", "rank"),
        ("third place yuan", "not right after the number"),
        ("6G", "runs into"),
        ("thirds", "not a number form"),
    ],
)
def test_unreadable_literals(text: str, message: str) -> None:
    with pytest.raises(LiteralError, match=message):
        parse_literal(text)


def test_error_names_the_text() -> None:
    with pytest.raises(LiteralError, match=re.escape("'increase of 1.9 million'")):
        parse_literal("increase of 1.9 million")


@pytest.mark.parametrize("value", [None, 4800, 2.75])
def test_non_text_is_a_literal_error(value: object) -> None:
    with pytest.raises(LiteralError, match="must be text"):
        parse_literal(value)  # type: ignore[arg-type]


def test_vocabulary_tables_agree() -> None:
    assert set(QUALIFIER_WORDS.values()) == set(QUALIFIERS) - {"exact"}
    assert SCALE_FACTORS["ten_thousand"] == Decimal(10000)
    assert SCALE_FACTORS["trillion"] == Decimal(10**12)


# ---- properties -------------------------------------------------------------------------------

SCALE_SPELLINGS = [
    ("", "one"),
    (" thousand", "thousand"),
    (" ten thousand", "ten_thousand"),
    (" ten-thousand", "ten_thousand"),
    (" wan", "ten_thousand"),
    (" million", "million"),
    (" billion", "billion"),
    (" trillion", "trillion"),
]
UNIT_SPELLINGS = [  # (prefix, suffix, unit)
    ("", "", None),
    ("$", "", "USD"),
    ("US$", "", "USD"),
    ("USD ", "", "USD"),
    ("¥", "", "CNY"),
    ("RMB ", "", "CNY"),
    ("CNY ", "", "CNY"),
    ("", " yuan", "CNY"),
    ("", " RMB", "CNY"),
    ("", " renminbi", "CNY"),
    ("", " CNY", "CNY"),
    ("", " U.S. dollars", "USD"),
    ("", " US dollars", "USD"),
    ("", " U.S. dollar", "USD"),
    ("", " dollars", "USD"),
    ("", " USD", "USD"),
    ("", "%", "percent"),
    ("", " %", "percent"),
    ("", " percent", "percent"),
    ("", " per cent", "percent"),
    ("", " pct", "percent"),
    ("", " patents per 10,000 people", "per_10k_people"),
    ("", " per 10,000 residents", "per_10k_people"),
]
QUALIFIER_SPELLINGS = [("", "exact"), *((f"{word} ", q) for word, q in QUALIFIER_WORDS.items())]
CASINGS = [str, str.upper, str.title]


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, Decimal, Decimal]:
    """A number as written (plain or with separators), its value and its precision by hand."""
    whole = draw(st.integers(min_value=0, max_value=10**15))
    decimals = draw(st.text(alphabet="0123456789", max_size=4))
    negative = draw(st.booleans())
    grouped = draw(st.booleans())
    sign = "-" if negative else ""
    whole_text = f"{whole:,}" if grouped else str(whole)
    written = f"{sign}{whole_text}.{decimals}" if decimals else f"{sign}{whole_text}"
    value = Decimal(f"{sign}{whole}.{decimals}" if decimals else f"{sign}{whole}")
    trailing_zeros = len(str(whole)) - len(str(whole).rstrip("0"))
    if decimals:
        precision = Decimal(1) / Decimal(10 ** len(decimals))
    elif whole != 0 and trailing_zeros >= 3:
        precision = Decimal(10**trailing_zeros)
    else:
        precision = Decimal(1)
    return written, value, precision


@given(
    number=written_numbers(),
    scale=st.sampled_from(SCALE_SPELLINGS),
    unit=st.sampled_from(UNIT_SPELLINGS),
    qualifier=st.sampled_from(QUALIFIER_SPELLINGS),
    casing=st.sampled_from(CASINGS),
    article=st.sampled_from(["", "the "]),
)
@settings(deadline=None)
def test_every_written_style_reads_back(
    number: tuple[str, Decimal, Decimal],
    scale: tuple[str, str],
    unit: tuple[str, str, str | None],
    qualifier: tuple[str, str],
    casing: Callable[[str], str],
    article: str,
) -> None:
    written, value, precision = number
    prefix, suffix, unit_name = unit
    text = casing(f"{article}{qualifier[0]}{prefix}{written}{scale[0]}{suffix}")
    parsed = parse_literal(text)
    assert (parsed.value, parsed.scale, parsed.unit, parsed.qualifier) == (
        value,
        scale[1],
        unit_name,
        qualifier[1],
    )
    assert parsed.precision == precision
    assert parsed.base_value == value * SCALE_FACTORS[scale[1]]


ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]  # fmt: skip
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spelled(n: int) -> str:
    """0..99 in words, built independently of the parser's tables."""
    if n == 0:
        return "zero"
    if n < 10:
        return ONES[n]
    if n < 20:
        return TEENS[n - 10]
    return TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else "")


@given(n=st.integers(min_value=0, max_value=99), casing=st.sampled_from(CASINGS))
@settings(deadline=None)
def test_number_words_read_back(n: int, casing: Callable[[str], str]) -> None:
    parsed = parse_literal(casing(spelled(n)))
    assert (parsed.value, parsed.unit, parsed.precision) == (Decimal(n), None, Decimal(0))


@given(n=st.integers(min_value=1, max_value=10**6), place=st.sampled_from(["", " place", " spot"]))
@settings(deadline=None)
def test_digit_ordinals_read_back(n: int, place: str) -> None:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th") if n % 100 not in (11, 12, 13) else "th"
    parsed = parse_literal(f"{n}{suffix}{place}")
    assert (parsed.value, parsed.unit, parsed.precision) == (Decimal(n), "rank", Decimal(0))


VOCABULARY = [
    *QUALIFIER_WORDS,
    "the", "a", "an", "top", "spot", "place", "half", "quarter", "three-quarters", "third",
    "11th", "2st", "seven", "twenty-one", "4,800", "921,000", "1,23,4", "18.04", "-3.2", "0.39",
    "10,000", "thousand", "ten thousand", "wan", "million", "billion", "trillion", "hundred",
    "$", "US$", "¥", "RMB", "yuan", "U.S. dollars", "USD", "%", "percent", "per cent", "pct",
    "per", "people", "residents", "patents", "jobs", "of", "GDP", "(", ")", ",", "-", ".",
]  # fmt: skip


def check_invariants(parsed: ParsedLiteral) -> None:
    """What every successful parse must satisfy, whatever the text."""
    assert parsed.scale in SCALE_FACTORS
    assert parsed.unit is None or parsed.unit in FIGURE_UNITS
    assert parsed.qualifier in QUALIFIERS
    assert parsed.precision >= 0
    lower, upper = bounds(parsed.base_value, parsed.base_precision, parsed.qualifier)
    assert lower <= upper


@given(text=st.text())
@settings(deadline=None)
def test_any_text_parses_or_raises_literal_error(text: str) -> None:
    try:
        parsed = parse_literal(text)
    except LiteralError:
        return
    check_invariants(parsed)


@given(
    words=st.lists(st.sampled_from(VOCABULARY), max_size=8),
    separator=st.sampled_from([" ", "", "  "]),
)
@settings(deadline=None)
def test_vocabulary_soup_parses_or_raises_literal_error(words: list[str], separator: str) -> None:
    try:
        parsed = parse_literal(separator.join(words))
    except LiteralError:
        return
    check_invariants(parsed)
