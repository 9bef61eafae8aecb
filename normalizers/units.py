"""The words around a number that make it an amount or a quantity: units, scale words, qualifiers.

Rule tables in ``normalizers/data``, each naming its source in its first lines, read here once:
``money_units.csv`` (scale and currency words), ``qualifiers.csv`` (``khoảng``, ``tối thiểu``,
``… trở lên``), ``count_units.csv`` and ``unit_stop_words.csv`` (the noun phrase after a counted
number; a unit of time is a duration), ``per_year_phrases.csv`` (``mỗi năm``) and
``unit_header_labels.csv`` (``ĐVT``, ``Đơn vị tính``). :mod:`normalizers.amounts`
reads numbers with them; a table reader that needs the same words (a unit header, a scale word)
takes them from here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from normalizers.tables import load_rows, rule_table

_GAP = r"[^\S\t]*"  # white space within a line or across lines, never a table cell boundary


class Qualifier(StrEnum):
    EXACT = "exact"
    ABOUT = "about"  # khoảng, gần, xấp xỉ
    AT_LEAST = "at_least"  # tối thiểu, ít nhất, từ …, … trở lên
    OVER = "over"  # trên, hơn
    UP_TO = "up_to"  # tối đa, dưới, không quá
    RANGE = "range"  # a range no other word qualifies: "từ 3 đến 5 cơ sở", "3-5 mô hình"


class UnitKind(StrEnum):
    COUNT = "count"  # a thing counted: "lao động", "cơ sở"
    DURATION = "duration"  # a length of time: "ngày", "tháng", "năm"


class MoneyRole(StrEnum):
    CURRENCY = "currency"
    SCALE = "scale"  # money only with the currency
    MONEY_SCALE = "money_scale"  # money on its own
    SCALED_CURRENCY = "scaled_currency"  # "trđ": scale and currency in one
    FOREIGN_CURRENCY = "foreign_currency"  # "USD": money, but never in đồng


class QualifierPosition(StrEnum):
    BEFORE = "before"  # printed before the number: "khoảng 420"
    AFTER = "after"  # printed after the unit: "5 cơ sở trở lên"


@rule_table("money_units.csv")
@dataclass(frozen=True, slots=True)
class MoneyWord:
    phrase: str
    multiplier: int
    role: MoneyRole
    currency: str | None  # ISO 4217: "VND", "USD"; None for a scale word


@rule_table("qualifiers.csv")
@dataclass(frozen=True, slots=True)
class QualifierWord:
    phrase: str
    qualifier: Qualifier
    position: QualifierPosition
    with_range: Qualifier  # the qualifier when a range follows ("từ 150 đến 170": exact)


@rule_table("count_units.csv")
@dataclass(frozen=True, slots=True)
class _CountUnit:
    unit: str
    kind: UnitKind


@rule_table("per_year_phrases.csv")
@dataclass(frozen=True, slots=True)
class _PerYearPhrase:
    phrase: str


@rule_table("unit_stop_words.csv")
@dataclass(frozen=True, slots=True)
class _UnitStopWord:
    word: str


@rule_table("unit_header_labels.csv")
@dataclass(frozen=True, slots=True)
class _UnitHeaderLabel:
    label: str


def fold_phrase(text: str) -> str:
    """A phrase as the tables key it: NFC, case-folded, single spaces.

    >>> fold_phrase("Triệu  Đồng")
    'triệu đồng'
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of ``phrases``, longest first, any white space between their words."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(r"[^\S\t]+".join(map(re.escape, p.split())) for p in ordered)


@cache
def money_words() -> dict[str, MoneyWord]:
    """Scale and currency words of ``money_units.csv`` by their folded phrase."""
    return {fold_phrase(row.phrase): row for row in load_rows(MoneyWord)}


@cache
def currency_words() -> frozenset[str]:
    """The words that name the currency (``đồng``, ``vnđ``), case-folded.

    >>> sorted(currency_words())
    ['vnd', 'vnđ', 'đồng']
    """
    return frozenset(p for p, w in money_words().items() if w.role is MoneyRole.CURRENCY)


@cache
def foreign_currency_words() -> frozenset[str]:
    """The words that name a currency other than the đồng (``usd``, ``đô la``), case-folded."""
    return frozenset(p for p, w in money_words().items() if w.role is MoneyRole.FOREIGN_CURRENCY)


@cache
def money_unit_re() -> re.Pattern[str]:
    """A scale word, a currency or both after a number ("triệu đồng", "tỷ", "đồng", "tỷ USD")."""
    currencies = currency_words() | foreign_currency_words()
    scales = [p for p, w in money_words().items() if w.role not in _CURRENCY_ROLES]
    return re.compile(
        rf"{_GAP}(?:(?P<scale>{alternation(scales)})(?!\w))?"
        rf"(?:{_GAP}(?P<currency>{alternation(currencies)})(?!\w))?",
        re.IGNORECASE,
    )


_CURRENCY_ROLES = frozenset({MoneyRole.CURRENCY, MoneyRole.FOREIGN_CURRENCY})


@cache
def count_scale_re() -> re.Pattern[str]:
    """A scale word that may multiply a count ("150 ngàn lao động")."""
    roles = (MoneyRole.SCALE, MoneyRole.MONEY_SCALE)
    scales = [p for p, w in money_words().items() if w.role in roles]
    return re.compile(rf"{_GAP}(?P<scale>{alternation(scales)})(?!\w)", re.IGNORECASE)


@cache
def qualifiers(position: QualifierPosition) -> dict[str, QualifierWord]:
    """The qualifiers printed at ``position``, by their folded phrase."""
    rows = load_rows(QualifierWord)
    return {fold_phrase(row.phrase): row for row in rows if row.position is position}


@cache
def qualifier_before_re() -> re.Pattern[str]:
    """A qualifier ending where the text searched ends (just before a number)."""
    before = alternation(qualifiers(QualifierPosition.BEFORE))
    return re.compile(rf"(?<!\w)(?P<phrase>{before})\Z", re.IGNORECASE)


@cache
def qualifier_after_re() -> re.Pattern[str]:
    """A qualifier after the unit ("trở lên")."""
    after = alternation(qualifiers(QualifierPosition.AFTER))
    return re.compile(rf"[^\S\t]+(?P<phrase>{after})(?!\w)", re.IGNORECASE)


@cache
def count_units() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The units of ``count_units.csv`` as folded word tuples, by first word, longest first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for row in load_rows(_CountUnit):
        words = tuple(fold_phrase(row.unit).split())
        by_first.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(units, key=len, reverse=True)) for first, units in by_first.items()}


@cache
def duration_units() -> frozenset[str]:
    """The units of ``count_units.csv`` that measure time ("ngày", "tháng", "năm"), folded."""
    return frozenset(
        fold_phrase(row.unit) for row in load_rows(_CountUnit) if row.kind is UnitKind.DURATION
    )


@cache
def per_year_re() -> re.Pattern[str]:
    """A phrase of ``per_year_phrases.csv`` that makes a quantity a yearly one ("mỗi năm")."""
    phrases = alternation(fold_phrase(row.phrase) for row in load_rows(_PerYearPhrase))
    return re.compile(rf"(?<!\w)(?:{phrases})(?!\w)", re.IGNORECASE)


@cache
def unit_stop_words() -> frozenset[str]:
    """Words a unit not in ``count_units.csv`` ends before ("cho", "của"), folded."""
    return frozenset(fold_phrase(row.word) for row in load_rows(_UnitStopWord))


@cache
def unit_header_labels() -> tuple[str, ...]:
    """The labels before a table's unit (``ĐVT``, ``Đơn vị tính``), folded, in table order."""
    return tuple(fold_phrase(row.label) for row in load_rows(_UnitHeaderLabel))


@cache
def unit_header_re() -> re.Pattern[str]:
    """A unit label and the colon or dot after it ("ĐVT:", "Đơn vị tính.")."""
    return re.compile(rf"(?<!\w)(?:{alternation(unit_header_labels())}){_GAP}[:.]?", re.IGNORECASE)
