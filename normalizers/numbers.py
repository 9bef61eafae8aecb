"""Numbers written in digits in Vietnamese decisions and their tables.

Two conventions meet in the same documents:

- Vietnamese (:attr:`Convention.VI`), the convention of Vietnamese official and accounting usage
  and of the prose of every sample decision: a dot groups thousands and a comma is the decimal
  mark (``8.374`` = 8374, ``1.202,433`` = 1202.433, ``73,44`` = 73.44).
- English (:attr:`Convention.EN`), which some tables are typed in: a comma groups thousands and a
  dot is the decimal mark (Hưng Yên's appendix prints ``1,100`` and ``3,150`` for 1100 and 3150).

Both accept leading zeros (``05`` = 5), spaces, NBSP and narrow NBSP as group separators
(``45 547 000 000``), and a dash alone (``-``, ``–``) as zero, as tables print an empty amount.

A token whose only separator is followed by exactly three digits (``8.374``, ``1,100``,
``541,125``) reads differently in the two conventions. :func:`parse_number` then keeps both
readings and the caller decides, from the convention of the table or document, which
:func:`infer_convention` finds from the other numbers there. A token decides the convention when
it is valid in one convention only:

1. both separators: the last one is the decimal mark (``1.202,433`` → VI, ``1,202.43`` → EN);
2. a comma followed by 1, 2 or 4+ digits is a decimal comma (``73,44``, ``188,33`` → VI);
3. a dot followed by 1, 2 or 4+ digits is a decimal point (``3.5`` → EN);
4. several dot groups (``45.547.000.000`` → VI) or several comma groups (``1,000,000`` → EN).

Tokens valid in both (``8.374``, ``126``, ``05``) decide nothing; tokens that disagree make the
answer None, and so does a table with only undecided tokens (Hưng Yên's appendix).

Values are exact at any size: ``45.547.000.000.000.000.000`` reads as 45 547 × 10¹⁵ (the pipeline,
not this module, decides whether a figure fits its dataset column). Only a token of more than
:data:`MAX_DIGITS` digits is not read, as a malformed one is not: no decision prints such a
figure, and Python refuses to print an integer of more than 4 300 digits, which a product or a
message built from such a token could become.

:func:`find_numbers` scans a text for number tokens and gives each a :class:`NumberRole`, so that
callers can leave aside dates (``21/5/2012``, via :func:`normalizers.dates.find_dates`, and
``ngày 20 tháng 12``), document numbers (``45/2012/NĐ-CP``), years (``năm 2020``, ``2016 - 2020``,
``2013 đến 2015``) and labels (``Điều 4``, ``Phụ lục số 02``, ``1.`` or a row number at the start of
a line). Years heading table columns are left to the caller, which knows the table.

Finders read the NFC form of their text and their spans index it: that is the text itself for the
pipeline's normalised text (:mod:`normalizers.text`) and for any NFC text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from functools import cache, lru_cache

from normalizers.dates import (
    DAY_WORD,
    MONTH_WORD,
    PERIOD_WORDS,
    UNTIL_WORD,
    YEAR_WORD,
    find_dates,
)
from normalizers.documents import document_number_pattern, structure_words

MAX_DIGITS = 100
"""The most digits a number token may have and still be read (:func:`parse_number`)."""


class Convention(StrEnum):
    VI = "vi"  # 1.202,433
    EN = "en"  # 1,202.433


class NumberRole(StrEnum):
    VALUE = "value"
    DATE = "date"
    YEAR = "year"
    DOCUMENT_NUMBER = "document_number"
    LABEL = "label"


# (group separator, decimal mark) of each convention.
_SEPARATORS = {Convention.VI: (".", ","), Convention.EN: (",", ".")}
_ZERO_DASHES = frozenset("-–—")
_SIGNS = "-−"
_SPACE_CLASS = "[ \u00a0\u202f]"
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE_GROUPED = re.compile(rf"[1-9]\d{{0,2}}(?:{_SPACE_CLASS}\d{{3}})+(?:[.,]\d+)?")

# A number token in running text. Space-grouped forms need a leading digit other than 0 so that
# "05 100" stays two numbers; the atomic group keeps "50.000đ" from being cut to "50".
_TOKEN = re.compile(
    rf"(?<!\w)(?<!\d[.,])(?>{_SPACE_GROUPED.pattern}(?![.,]?\d)|\d+(?:[.,]\d+)*)"
    r"|(?:^|(?<=\t))[ ]*(?P<dash>[-–—])[ ]*(?=\t|$)",
    re.MULTILINE,
)
_GAP = r"[^\S\t]*"  # white space within a line or across lines, never a table cell boundary
_YEAR = r"(?:19|20)\d{2}"
_NOT_MORE_DIGITS = r"(?![.,]?\d)"
_DOCUMENT_NUMBER = re.compile(document_number_pattern(_GAP))
_YEAR_RANGE = re.compile(
    rf"(?<![\d.,]){_YEAR}{_GAP}(?:[-–—]|{UNTIL_WORD}){_GAP}{_YEAR}{_NOT_MORE_DIGITS}",
    re.IGNORECASE,
)
_YEAR_AFTER_WORD = re.compile(
    rf"(?<!\w)(?:{'|'.join((YEAR_WORD, *PERIOD_WORDS))}){_GAP}:?{_GAP}\(?(?P<year>{_YEAR})"
    rf"{_NOT_MORE_DIGITS}",
    re.IGNORECASE,
)
# Dates without a year or a day, which normalizers.dates leaves aside: "ngày 20 tháng 12 hàng
# năm", "tháng 8 năm 2014". Every match holds MONTH_WORD: a text without it is not scanned.
_DATES_IN_PART = (
    re.compile(rf"{DAY_WORD}{_GAP}\d{{1,2}}{_GAP}{MONTH_WORD}{_GAP}\d{{1,2}}(?!\d)", re.IGNORECASE),
    re.compile(rf"{MONTH_WORD}{_GAP}\d{{1,2}}{_GAP}{YEAR_WORD}{_GAP}{_YEAR}", re.IGNORECASE),
)
# A programme's numbered content items ("Nội dung 1: …"), labels the structure markers do not name.
_NUMBERED_HEADINGS = ("Nội dung",)


@cache
def _labels() -> tuple[re.Pattern[str], ...]:
    """Numbers that label a section: a clause number, a table's TT column, and a number after
    a structure word (``Điều 4``, ``Phụ lục số 02``; structure_markers.csv)."""
    words = "|".join(
        _GAP.join(map(re.escape, word.split()))
        for word in (*structure_words(), *_NUMBERED_HEADINGS)
    )
    return (
        re.compile(r"^[ \t]*\d+(?:\.\d+)*[.)](?=\s)", re.MULTILINE),  # "1. Mục tiêu", "2) Hỗ trợ"
        re.compile(r"^[ ]*\d{1,3}(?=\t)", re.MULTILINE),  # the TT column of a table row
        re.compile(rf"(?<!\w)(?:{words})(?:{_GAP}số)?{_GAP}\d+(?!\w)", re.IGNORECASE),
    )


@dataclass(frozen=True, slots=True)
class NumberParse:
    """One number token and its value in each convention in which it is well formed."""

    raw: str
    candidates: tuple[tuple[Convention, Decimal], ...]

    @property
    def is_ambiguous(self) -> bool:
        """True when the conventions give different values (``8.374``, ``1,100``)."""
        return len({value for _, value in self.candidates}) > 1

    @property
    def value(self) -> Decimal | None:
        """The value when every convention agrees, else None."""
        return None if self.is_ambiguous else self.candidates[0][1]

    def resolve(self, convention: Convention | None) -> Decimal | None:
        """The value, with ``convention`` breaking a tie between readings.

        A token valid in one convention only keeps its one reading whatever ``convention`` says.
        """
        if not self.is_ambiguous:
            return self.candidates[0][1]
        return dict(self.candidates).get(convention) if convention else None


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number token found in a longer text, with its span and role there."""

    raw: str
    start: int
    end: int
    number: NumberParse
    role: NumberRole


# Markdown emphasis around a whole cell of a web copy: "**18.500**", "*3.200.000*", "__5__".
_EMPHASIS = re.compile(r"(?P<mark>\*{1,3}|_{1,3})(?P<inner>.*?)(?P=mark)", re.DOTALL)


@lru_cache(maxsize=1 << 14)
def parse_number(text: str) -> NumberParse | None:
    """Read one number token; None when it is not a number in either convention.

    >>> parse_number("45.547.000.000").value
    Decimal('45547000000')
    >>> parse_number("1.202,433").value, parse_number("73,44").value, parse_number("05").value
    (Decimal('1202.433'), Decimal('73.44'), Decimal('5'))
    >>> n = parse_number("1,100")
    >>> n.is_ambiguous, n.resolve(Convention.VI), n.resolve(Convention.EN)
    (True, Decimal('1.100'), Decimal('1100'))
    >>> parse_number("45 547 000 000").value, parse_number("-").value
    (Decimal('45547000000'), Decimal('0'))
    >>> parse_number("21/5/2012") is None, parse_number("1.2,3.4") is None
    (True, True)
    >>> parse_number("45.547.000.000.000.000.000").value, parse_number("9" * 101) is None
    (Decimal('45547000000000000000'), True)
    >>> parse_number("**3.200.000**").value, parse_number("*-*").value, parse_number("** **")
    (Decimal('3200000'), Decimal('0'), None)
    """
    token = text.strip()
    if emphasis := _EMPHASIS.fullmatch(token):
        token = emphasis.group("inner").strip()  # a bold cell of a web copy: "**18.500**"
    if token in _ZERO_DASHES:
        return NumberParse(text, tuple((c, Decimal(0)) for c in Convention))
    sign = ""
    if token[:1] in _SIGNS:
        sign, token = "-", token[1:]
    if _SPACE_GROUPED.fullmatch(token):
        token = re.sub(_SPACE_CLASS, "", token)
    if not _DIGITS.fullmatch(token):
        return None
    if len(token) - token.count(".") - token.count(",") > MAX_DIGITS:
        return None  # no figure; too long to print once multiplied out
    candidates = tuple(
        (convention, Decimal(sign + digits))
        for convention in Convention
        if (digits := _plain_digits(token, convention)) is not None
    )
    return NumberParse(text, candidates) if candidates else None


def _plain_digits(token: str, convention: Convention) -> str | None:
    """``token`` as plain digits with a decimal point, or None if malformed in ``convention``."""
    group, decimal = _SEPARATORS[convention]
    integer, has_decimal, fraction = token.partition(decimal)
    if (has_decimal and not fraction) or group in fraction or decimal in fraction:
        return None
    groups = integer.split(group)
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        return None
    return "".join(groups) + (f".{fraction}" if fraction else "")


def infer_convention(tokens: Iterable[str]) -> Convention | None:
    """The convention the tokens of one table or document share, or None if nothing decides.

    The decision rules are in the module docstring; they come to this: a token valid in one
    convention only is a vote for it, and the answer is the convention every vote agrees on.

    >>> infer_convention(["541,125", "423", "188,33", "2.963,455"])  # Cao Bằng, 2009-2015
    <Convention.VI: 'vi'>
    >>> infer_convention(["1,000,000", "2,5"]) is None  # the tokens disagree
    True
    >>> infer_convention(["1,100", "1,150", "3,750"]) is None  # Hưng Yên: nothing decides
    True
    """
    votes = set()
    for token in tokens:
        parsed = parse_number(token)
        if parsed is not None and len(parsed.candidates) == 1:
            votes.add(parsed.candidates[0][0])
    return votes.pop() if len(votes) == 1 else None


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number token in ``text``, in order, with its span and role.

    >>> [(m.raw, m.role.value) for m in find_numbers(
    ...     "Điều 4. Theo Nghị định số 45/2012/NĐ-CP ngày 21/5/2012, giai đoạn 2016 - 2020 "
    ...     "chi 1.260 triệu đồng")]  # doctest: +NORMALIZE_WHITESPACE
    [('4', 'label'), ('45', 'document_number'), ('2012', 'document_number'), ('21', 'date'),
     ('5', 'date'), ('2012', 'date'), ('2016', 'year'), ('2020', 'year'), ('1.260', 'value')]
    >>> [(m.raw, m.number.value) for m in find_numbers("1\\tHỗ trợ\\t700\\t-\\t45 547 000 000")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('1', Decimal('1')), ('700', Decimal('700')), ('-', Decimal('0')),
     ('45 547 000 000', Decimal('45547000000'))]
    """
    text = unicodedata.normalize("NFC", text)
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return []  # most headings and many sentences: no need to look for roles
    roles = _roles_by_position(text)
    found = []
    for m in tokens:
        start, end = m.span("dash") if m.group("dash") else m.span()
        number = parse_number(text[start:end])
        if number is None:  # "1.2,3": malformed in both conventions
            continue
        inside = roles.get(start)
        role = inside if inside is not None and roles.get(end - 1) is inside else NumberRole.VALUE
        found.append(NumberMatch(text[start:end], start, end, number, role))
    return found


def _roles_by_position(text: str) -> dict[int, NumberRole]:
    """The role of each position of ``text`` that lies in a date, year, document number or label.

    Where spans overlap, the most specific role (first in :func:`_role_spans`) wins.
    """
    roles: dict[int, NumberRole] = {}
    for start, end, role in reversed(_role_spans(text)):
        roles.update(dict.fromkeys(range(start, end), role))
    return roles


def _role_spans(text: str) -> list[tuple[int, int, NumberRole]]:
    """Spans of ``text`` whose numbers are not values, the most specific role first.

    Patterns that need a slash or the month word are skipped on texts without it: most texts
    have neither, and a regex scan of a whole section costs more than the check.
    """
    spans: list[tuple[int, int, NumberRole]] = []
    if "/" in text:
        spans += [
            (m.start(), m.end(), NumberRole.DOCUMENT_NUMBER)
            for m in _DOCUMENT_NUMBER.finditer(text)
        ]
    spans += [(d.start, d.end, NumberRole.DATE) for d in find_dates(text)]
    if MONTH_WORD in text.lower():  # lower() maps every letter the patterns' IGNORECASE does
        for pattern in _DATES_IN_PART:
            spans += [(m.start(), m.end(), NumberRole.DATE) for m in pattern.finditer(text)]
    spans += [(m.start(), m.end(), NumberRole.YEAR) for m in _YEAR_RANGE.finditer(text)]
    spans += [(*m.span("year"), NumberRole.YEAR) for m in _YEAR_AFTER_WORD.finditer(text)]
    for pattern in _labels():
        spans += [(m.start(), m.end(), NumberRole.LABEL) for m in pattern.finditer(text)]
    return spans


def format_number(value: Decimal | int, convention: Convention, decimals: int | None = None) -> str:
    """Print ``value`` in ``convention``; the inverse of :func:`parse_number`.

    ``decimals`` rounds half up to that many decimal places; None keeps the decimals of the value.
    Raises ValueError for NaN and infinities, which no document prints.

    >>> format_number(45547000000, Convention.VI)
    '45.547.000.000'
    >>> format_number(Decimal("1202.433"), Convention.VI), format_number(1100, Convention.EN)
    ('1.202,433', '1,100')
    >>> format_number(Decimal("7928.4555"), Convention.VI, decimals=3)
    '7.928,456'
    """
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    if decimals is not None:
        precision = max(number.adjusted(), 0) + decimals + 2
        number = number.quantize(
            Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=Context(prec=precision)
        )
    group, decimal = _SEPARATORS[convention]
    # copy_abs, not abs(): abs() rounds to the context's 28 digits.
    integer, _, fraction = format(number.copy_abs(), "f").partition(".")
    grouped = f"{int(integer):,}".replace(",", group)
    return ("-" if number < 0 else "") + grouped + (decimal + fraction if fraction else "")
