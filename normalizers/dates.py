"""Dates as Vietnamese administrative documents print them.

Two forms cover the decisions: the spelled form ``ngày 27 tháng 12 năm 2017`` (Nghị định
30/2020/NĐ-CP, the rules for writing dates in administrative documents) and the numeric form
``27/12/2017`` or ``21/5/2012``, day first. Web copies break either form across lines, and
annexes printed before signing leave fields blank (``ngày   tháng 02 năm 2015``): such a date is
returned with ``is_partial=True`` and no value, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# --- words and years -----------------------------------------------------------------------
# The words around a year, each pattern once and named by what it means; ``year`` (and ``start``
# and ``end`` for a period) are the years' groups. Case as printed: compile with IGNORECASE, or
# match folded text (normalizers.text.fold_for_matching).

DAY_WORD = "ngày"
MONTH_WORD = "tháng"  # in every spelled date: a text without it is not scanned for one
YEAR_WORD = "năm"
PERIOD_WORDS = ("giai đoạn", "thời kỳ")
UNTIL_WORD = "đến"

YEAR_NAMED = rf"{YEAR_WORD}\s+(?P<year>\d{{4}})"
"""A year the text names: ``năm 2020`` (a plan's year, a year it budgets for)."""

PERIOD_UNTIL = rf"{UNTIL_WORD} {YEAR_NAMED}"
"""The last year of a period whose first is not printed: ``đến năm 2025``."""

BOUND_WORDS = (UNTIL_WORD, "từ", "trước", "sau")
"""The words that make the year after them a bound of a span: ``từ năm 2021``, ``sau năm 2020``."""

YEAR_ALONE = "".join(rf"(?<!{word} )" for word in BOUND_WORDS) + YEAR_NAMED
"""A year the text names that no bound word leads: ``năm 2018``, not ``đến năm 2020``."""

YEAR_SPAN = r"(?<![\d/.])(?P<start>(?:19|20)\d\d)\s*[-–—]+\s*(?P<end>(?:19|20)\d\d)(?![\d/])"
"""A span of years, with or without its period word: ``giai đoạn 2016 - 2020``, ``thời kỳ
(2011–2015``, ``nhiệm kỳ X (2024 - 2029)``, ``03 năm 2027 - 2029``; not a number's
``2020/2021``."""

YEAR_FROM_UNTIL = (
    rf"từ {YEAR_WORD}\s+(?P<start>\d{{4}})\s*{UNTIL_WORD}\s+{YEAR_WORD}\s+(?P<end>\d{{4}})"
)
"""A span spelled with its bounds: ``từ năm 2021 đến năm 2025``."""

TERM_WORDS = ("nhiệm kỳ",)
"""The words before an elected body's term, which is not a document's period: ``Đại hội …
nhiệm kỳ X (2024 - 2029)``, ``bầu cử đại biểu … nhiệm kỳ 2026 - 2031``."""

VISION_WORDS = ("tầm nhìn", "định hướng")
"""The words before a strategy's horizon, which is not its period: ``đến năm 2030, tầm nhìn đến
năm 2045`` runs to 2030."""

# A day or a month: "6", "06", and "0 6" as a web copy prints it with the zero apart
# ("Hà Nội, ngày 26 tháng 0 6 năm 2018", Quyết định 773/QĐ-TTg).
_DAY_OR_MONTH = r"0 \d|\d{1,2}"
_SPELLED = re.compile(
    rf"{DAY_WORD}\s*(?P<day>{_DAY_OR_MONTH})?\s*{MONTH_WORD}"
    rf"\s*(?P<month>{_DAY_OR_MONTH})?\s*{YEAR_WORD}\s*(?P<year>\d{{4}})?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\d/])(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})\s*[/.\-]\s*(?P<year>\d{4})(?![\d/])"
)


@dataclass(frozen=True, slots=True)
class DateParse:
    """A date found in text, with its fields as printed and its span."""

    raw: str
    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None

    @property
    def value(self) -> dt.date | None:
        """The calendar date, or None when a field is blank or the date does not exist."""
        if self.day is None or self.month is None or self.year is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    @property
    def is_partial(self) -> bool:
        """True when the source left a field blank (``ngày tháng 02 năm 2015``)."""
        return None in (self.day, self.month, self.year)


def _to_int(text: str | None) -> int | None:
    return int(text.replace(" ", "")) if text else None


def find_dates(text: str) -> list[DateParse]:
    """Every date in ``text``, in order, spelled and numeric forms alike.

    >>> [d.value.isoformat() for d in find_dates("ngày 19/06/2015; ngày 21\\ntháng 5 năm 2012")]
    ['2015-06-19', '2012-05-21']
    >>> find_dates("Hà Nội, ngày 26 tháng 0 6 năm 2018")[0].value
    datetime.date(2018, 6, 26)
    >>> d = find_dates("Quyết định số: /QĐ-UBND ngày   tháng 02 năm 2015")[0]
    >>> (d.day, d.month, d.year, d.is_partial, d.value)
    (None, 2, 2015, True, None)
    """
    found = []
    # lower() maps every letter that _SPELLED's IGNORECASE matches to the month word's letters.
    patterns = (_SPELLED, _NUMERIC) if MONTH_WORD in text.lower() else (_NUMERIC,)
    for pattern in patterns:
        for m in pattern.finditer(text):
            day, month, year = (_to_int(m.group(g)) for g in ("day", "month", "year"))
            if day is None and month is None and year is None:
                continue
            found.append(DateParse(m.group(0), m.start(), m.end(), day, month, year))
    found.sort(key=lambda d: d.start)
    return found


def parse_date(text: str) -> dt.date | None:
    """The first complete date in ``text``, or None.

    >>> parse_date("Hưng Yên, ngày 27 tháng 12 năm 2017")
    datetime.date(2017, 12, 27)
    >>> parse_date("ngày 31/02/2015") is None
    True
    """
    for found in find_dates(text):
        if found.value is not None:
            return found.value
    return None
