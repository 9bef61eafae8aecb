"""Amounts of money, counted quantities and percentages in the prose and tables of decisions.

**Amounts.** A number followed by a scale word, the currency or both is an amount in đồng:
``1.260 triệu đồng`` = 1 260 000 000, ``73,44 tỷ`` = 73 440 000 000, ``45.547.000.000 đồng``.
``triệu``, ``tỷ``/``tỉ`` and ``trăm ngàn`` name money even without ``đồng`` (unless a counted noun
follows: ``2 triệu người``); ``nghìn``/``ngàn`` only with it, since ``150 ngàn lao động`` is a head
count. A bare number in a table cell takes the multiplier
of the table's unit header (:func:`parse_unit_header`: ``ĐVT: triệu đồng`` → 1 000 000).
A compound amount is one amount (``2 tỷ 350 triệu đồng`` = 2 350 triệu đồng). An amount in a
foreign currency (``4,2 tỷ USD``, the ``foreign_currency`` rows of ``money_units.csv``) keeps its
``currency`` and has no ``amount_vnd``; every other amount's currency is ``VND``.
``amount_vnd`` is exact: value × multiplier in whole đồng, rounded half up (and flagged) only when
that product is not whole. A number that reads differently in the two conventions (``20,560``,
see :mod:`normalizers.numbers`) is read in the convention the caller gives, else in the Vietnamese
convention of the prose (:data:`PROSE_CONVENTION`); the amount then records the convention it
used and the amount under every reading.

**Quantities.** A number followed by a counted noun (``420 lao động``, ``21 cơ sở CNNT``) or by
``%``. The unit is the noun phrase after the number: known unit nouns, chained (``lượt cơ sở``,
``mẫu sản phẩm``) and followed by an acronym (``cơ sở CNNT``); failing those, at most two words
before a stop word or punctuation. Scale words multiply (``150 ngàn lao động`` = 150 000).

**Both** take a qualifier (:class:`Qualifier`: ``khoảng`` = about, ``tối thiểu``/``từ`` = at least,
``trên``/``hơn`` = over, ``tối đa``/``dưới`` = up to, ``… trở lên`` = at least), a range
(``từ 150 đến 170 mẫu``, ``01 - 02 cơ sở``, ``0,2 - 0,5%``: ``value`` and ``value_max``) and a rate
(``3,0 triệu đồng/người/tháng``, ``02 chuyên đề/tháng``: the unit keeps the rate, ``per`` is what
follows the first slash). Dates, document numbers, years and labels are never read as amounts or
quantities (:func:`normalizers.numbers.find_numbers` gives their roles).

The words (scale and currency words, qualifiers, unit nouns, unit labels) are the rule tables
that :mod:`normalizers.units` reads.

Finders read the NFC form of their text and their spans index it (the text itself when it is NFC,
as the pipeline's normalised text is).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from normalizers.numbers import (
    Convention,
    NumberMatch,
    NumberParse,
    NumberRole,
    find_numbers,
    parse_number,
)
from normalizers.units import (
    MoneyRole,
    Qualifier,
    QualifierPosition,
    count_scale_re,
    count_units,
    fold_phrase,
    money_unit_re,
    money_words,
    qualifier_after_re,
    qualifier_before_re,
    qualifiers,
    unit_header_re,
    unit_stop_words,
)

PROSE_CONVENTION = Convention.VI
"""The convention an ambiguous number is read in when the caller gives none."""

VND = "VND"
"""The ISO 4217 code of the đồng, the currency of every ``amount_vnd``."""


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount of money in đồng, as printed and as an exact integer.

    ``value`` is the number as printed (the low end of a range), ``multiplier`` the đồng per unit
    of it (1, 1 000, 1 000 000, …). ``convention`` is the reading used for an ambiguous number and
    None for an unambiguous one; ``candidates`` gives ``amount_vnd`` under every reading.

    An amount in a foreign currency (``currency`` not ``VND``: ``4,2 tỷ USD``) keeps its value and
    multiplier in that currency and has no ``amount_vnd`` (nor candidates): qdx converts nothing.
    A compound amount (``2 tỷ 350 triệu đồng``) is one amount in its last unit: value 2350,
    multiplier 1 000 000.
    """

    raw: str
    value: Decimal
    multiplier: int
    amount_vnd: int | None  # None for a foreign currency
    unit: str | None  # as printed (spaces collapsed), rate included; None for a table's unit
    qualifier: Qualifier = Qualifier.EXACT
    value_max: Decimal | None = None
    amount_max_vnd: int | None = None
    per: str | None = None  # "người/tháng" in "triệu đồng/người/tháng"
    convention: Convention | None = None
    candidates: tuple[tuple[Convention, int], ...] = ()
    is_rounded: bool = False
    start: int | None = None
    end: int | None = None
    currency: str = "VND"  # ISO 4217; "USD" in "4,2 tỷ USD"

    @property
    def is_ambiguous(self) -> bool:
        """True when the digits read differently in the two conventions (``20,560 tỷ``)."""
        return self.convention is not None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted quantity or a percentage: value (× its scale word), unit and qualifier."""

    raw: str
    value: Decimal
    unit: str | None  # "lao động", "cơ sở CNNT", "%", "chuyên đề/tháng"; None in a bare cell
    qualifier: Qualifier = Qualifier.EXACT
    value_max: Decimal | None = None
    per: str | None = None
    convention: Convention | None = None  # as in Amount
    start: int | None = None
    end: int | None = None

    @property
    def is_ambiguous(self) -> bool:
        return self.convention is not None

    @property
    def is_percentage(self) -> bool:
        return self.unit is not None and self.unit.startswith("%")


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A number or a range of two, with the qualifier printed before it."""

    start: int  # where the qualifier starts, else the number
    end: int
    low: NumberParse
    high: NumberParse | None
    qualifier: Qualifier


@dataclass(frozen=True, slots=True)
class _Tail:
    """What follows a number phrase: its unit, rate and multiplier."""

    end: int
    unit: str | None
    per: str | None
    multiplier: int
    currency: str = "VND"


@dataclass(frozen=True, slots=True)
class _Match:
    """A number phrase with its unit, as the finders see it."""

    phrase: _Phrase
    tail: _Tail
    end: int  # after the unit, the rate and a qualifier such as "trở lên"
    qualifier: Qualifier
    is_money: bool


_GAP = r"[^\S\t]*"  # white space within a line or across lines, never a table cell boundary
_SPACE_CHARS = " \n\u00a0\u202f"
_RATE_SLASH = re.compile(rf"{_GAP}/{_GAP}(?:\d+[^\S\t]+)?")  # "/tháng", "/ tháng", "/05 năm"
_PERCENT = re.compile(rf"{_GAP}%")
_NEXT_WORD = re.compile(r"[^\S\t]*(?P<word>[^\W\d_]+)")
_NEXT_WORD_IN_ROW = re.compile(r"[^\S\t\n]*(?P<word>[^\W\d_]+)")  # a table row ends at its line
_RANGE_CONNECTOR = re.compile(rf"{_GAP}(?:[-–—]|đến|tới){_GAP}", re.IGNORECASE)
_HEADER_FACTOR = re.compile(rf"{_GAP}(?P<factor>\d+(?:[.,]\d+)*)")
_CLOSING_PARENTHESIS = re.compile(rf"{_GAP}\)")
_TRAILING_PUNCTUATION = " \t\n.,;:/"
_MAX_WORDS_SCANNED = 8
_MAX_UNIT_SEGMENTS = 3  # "lượt" + "cơ sở" + "CNNT"
_MAX_UNKNOWN_WORDS = 2  # a noun not in count_units.csv: "đặc san", "cuộc"


def parse_amount(
    text: str, default_unit: int | None = None, convention: Convention | None = None
) -> Amount | None:
    """Read ``text`` as one amount of money; None when it is not one.

    ``default_unit`` is the multiplier of a bare number, from the table's unit header;
    ``convention`` reads an ambiguous number (default: :data:`PROSE_CONVENTION`).

    >>> parse_amount("8.374 triệu đồng").amount_vnd
    8374000000
    >>> a = parse_amount("khoảng 4,1 tỷ đồng")
    >>> a.amount_vnd, a.qualifier.value, a.is_ambiguous
    (4100000000, 'about', False)
    >>> a = parse_amount("20,560 tỷ đồng")
    >>> a.amount_vnd, a.is_ambiguous, a.candidates[1]
    (20560000000, True, (<Convention.EN: 'en'>, 20560000000000))
    >>> parse_amount("1,100", default_unit=1_000_000, convention=Convention.EN).amount_vnd
    1100000000
    >>> parse_amount("420 lao động") is None
    True
    """
    match = _whole_match(text, is_money=True, bare_multiplier=default_unit)
    return None if match is None else _amount(text, match, convention, None)


def find_amounts(text: str, convention: Convention | None = None) -> list[Amount]:
    """Every amount of money in ``text``, in order, with its span.

    >>> [(a.raw, a.amount_vnd) for a in find_amounts(
    ...     "Tổng kinh phí: 1.260 triệu đồng, trong đó: - Nguồn kinh phí khuyến công quốc gia "
    ...     "là: 630 triệu đồng.")]
    [('1.260 triệu đồng', 1260000000), ('630 triệu đồng', 630000000)]
    >>> a = find_amounts("tăng thu nhập từ 2 đến 3,0 triệu đồng/người/tháng")[0]
    >>> a.amount_vnd, a.amount_max_vnd, a.unit, a.per
    (2000000, 3000000, 'triệu đồng/người/tháng', 'người/tháng')
    """
    text = unicodedata.normalize("NFC", text)
    amounts: list[Amount] = []
    for m in _scan(text):
        if not m.is_money:
            continue
        amount = _amount(text[m.phrase.start : m.end], m, convention, (m.phrase.start, m.end))
        joined = _compound(text, amounts[-1], amount) if amounts else None
        if joined is None:
            amounts.append(amount)
        else:
            amounts[-1] = joined
    return amounts


def parse_quantity(text: str, convention: Convention | None = None) -> Quantity | None:
    """Read ``text`` as one quantity (a count or a percentage); None when it is not one.

    The unit may be missing (a cell of a "Số lượng" column); an amount of money is not a quantity.

    >>> q = parse_quantity("từ 150 đến 170 mẫu")
    >>> q.value, q.value_max, q.unit, q.qualifier.value
    (Decimal('150'), Decimal('170'), 'mẫu', 'range')
    >>> q = parse_quantity("từ 270 lao động")
    >>> q.value, q.qualifier.value
    (Decimal('270'), 'at_least')
    >>> parse_quantity("05").value, parse_quantity("630 triệu đồng") is None
    (Decimal('5'), True)
    """
    match = _whole_match(text, is_money=False, bare_multiplier=1)
    return None if match is None else _quantity(text, match, convention, None)


def parse_percentage(text: str, convention: Convention | None = None) -> Quantity | None:
    """Read ``text`` as one percentage or range of percentages; None otherwise.

    >>> [(q.value, q.value_max) for q in map(parse_percentage, ["7,7%", "0,2 - 0,5%", "15-20 %"])]
    [(Decimal('7.7'), None), (Decimal('0.2'), Decimal('0.5')), (Decimal('15'), Decimal('20'))]
    >>> parse_percentage("472%").value, parse_percentage("472 lớp") is None
    (Decimal('472'), True)
    """
    quantity = parse_quantity(text, convention)
    return quantity if quantity is not None and quantity.is_percentage else None


def find_quantities(text: str, convention: Convention | None = None) -> list[Quantity]:
    """Every counted quantity and percentage in ``text``, in order, with its span.

    Numbers with no unit after them are left out (see :func:`normalizers.numbers.find_numbers`).

    >>> [(q.value, q.qualifier.value, q.unit) for q in find_quantities(
    ...     "đào tạo nghề cho khoảng 420 lao động (tương đương 12 lớp); hỗ trợ 21 cơ sở CNNT "
    ...     "ứng dụng máy móc")]  # doctest: +NORMALIZE_WHITESPACE
    [(Decimal('420'), 'about', 'lao động'), (Decimal('12'), 'exact', 'lớp'),
     (Decimal('21'), 'exact', 'cơ sở CNNT')]
    """
    text = unicodedata.normalize("NFC", text)
    return [
        _quantity(text[m.phrase.start : m.end], m, convention, (m.phrase.start, m.end))
        for m in _scan(text)
        if not m.is_money
    ]


def parse_unit_header(text: str) -> int | None:
    """The multiplier in đồng that a table's unit header states; None when it names no money.

    Reads a labelled unit (``ĐVT: …``, ``Đơn vị tính: …``), a unit in parentheses (a column
    header ``Kinh phí (triệu đồng)``) or a cell that is only a unit. A factor in digits reads as
    the largest whole number it can be: nobody writes a multiplier of one as ``1.000``.

    >>> [parse_unit_header(h) for h in ["ĐVT: triệu đồng", "Đơn vị tính: Triệu đồng",
    ...     "DVT: Triệu đồng", "ĐVT: 1.000 đồng", "Đơn vị: đồng", "Kinh phí (triệu đồng)"]]
    [1000000, 1000000, 1000000, 1000, 1, 1000000]
    >>> parse_unit_header("ĐVT: Người") is None
    True
    """
    found = _unit_header(text)
    return None if found is None else found[0]


def parse_unit_header_rate(text: str) -> str | None:
    """What a rate unit header is per: ``Đơn vị: Đồng/người`` → ``người``; None for a unit of
    plain money (``ĐVT: triệu đồng``) or no money unit at all.

    A table under such a unit is a table of rates (fees, norms), not of amounts to add up.

    >>> [parse_unit_header_rate(h) for h in ["Đơn vị: Đồng/người", "ĐVT: triệu đồng",
    ...     "Mức thu (đồng/học sinh/tháng)", "Đơn vị tính: 1.000 đồng/trẻ,học sinh/tháng"]]
    ['người', None, 'học sinh/tháng', 'trẻ,học sinh/tháng']
    """
    found = _unit_header(text)
    return None if found is None else found[1]


def _unit_header(text: str) -> tuple[int, str | None] | None:
    """The multiplier and the rate's ``per`` of the money unit a unit header states; ``per`` is
    the whole rest of the unit ("trẻ,học sinh/tháng", "người học/tháng"), as a header states
    one unit and nothing after it."""
    source = unicodedata.normalize("NFC", text)
    found: tuple[int, int, str | None] | None = None
    for label in unit_header_re().finditer(source):
        found = _header_multiplier(source, label.end())
        if found is not None:
            break
    else:
        for opening in re.finditer(r"\(", source):
            found = _header_multiplier(source, opening.end())
            if found is not None and _CLOSING_PARENTHESIS.match(source, found[1]):
                break
            found = None
        else:
            found = _header_multiplier(source, 0)
            if found is not None and source[found[1] :].strip(_TRAILING_PUNCTUATION):
                found = None
    if found is None:
        return None
    multiplier, end, per = found
    if per is not None:
        slash = source.rfind("/", 0, end - len(per) + 1)
        rest = source[slash + 1 :].split(")")[0]
        per = _tidy(rest.strip(" .;:*_")) or per
    return multiplier, per


def _compound(text: str, high: Amount, low: Amount) -> Amount | None:
    """``high`` and ``low`` as one amount when they are parts of one (``2 tỷ 350 triệu đồng``).

    The first part ends with a bare scale word, whole, the second follows after spaces only,
    in a smaller scale and below one unit of the first; neither is a range, a rate or
    ambiguous. The amount is stated in the last part's unit, where it is exact.
    """
    assert high.end is not None and low.start is not None  # finders give spans
    if (
        high.unit is None
        or money_words().get(fold_phrase(high.unit)) is None
        or money_words()[fold_phrase(high.unit)].role is not MoneyRole.MONEY_SCALE
        or high.value != high.value.to_integral_value()
        or any(a.per or a.value_max is not None or a.is_ambiguous for a in (high, low))
        or low.qualifier is not Qualifier.EXACT
        or text[high.end : low.start].strip(" \u00a0")
        or high.multiplier % low.multiplier
        or _times(low.value, low.multiplier) >= high.multiplier
    ):
        return None
    value = _times(high.value, high.multiplier // low.multiplier) + low.value
    amount_vnd, is_rounded = to_vnd(value, low.multiplier)
    is_vnd = low.currency == VND
    return replace(
        low,
        raw=text[high.start : low.end],
        value=value,
        amount_vnd=amount_vnd if is_vnd else None,
        qualifier=high.qualifier,
        is_rounded=is_rounded and is_vnd,
        start=high.start,
    )


def to_vnd(value: Decimal, multiplier: int) -> tuple[int, bool]:
    """``value × multiplier`` in whole đồng, rounded half up, and whether it had to be rounded.

    Exact at any size: the caller that stores the result checks it against its column (an
    ``int64``), this does not.

    >>> to_vnd(Decimal("45547000000000000000"), 1_000_000_000)
    (45547000000000000000000000000, False)
    >>> to_vnd(Decimal("1.5"), 1), to_vnd(Decimal("73.44"), 1_000_000_000)
    ((2, True), (73440000000, False))
    """
    product = _times(value, multiplier)
    whole = product.to_integral_value(rounding=ROUND_HALF_UP)
    return int(whole), whole != product


# --- number phrases -------------------------------------------------------------------------


@lru_cache(maxsize=1 << 10)
def _scan(text: str) -> tuple[_Match, ...]:
    """The number phrases of ``text`` that have a unit, in order, none inside another's unit.

    Cached (the matches are frozen): callers read the same text for its amounts and for its
    quantities, and a heading or a boilerplate sentence comes back many times.
    """
    matches = []
    covered = 0
    for phrase in _number_phrases(text):
        if phrase.start < covered:
            continue  # "05" in "90 đại biểu/05 năm"
        tail = _money_tail(text, phrase.end)
        is_money = tail is not None
        tail = tail or _count_tail(text, phrase.end)
        if tail is not None:
            end, qualifier = _finish(text, phrase, tail)
            covered = end
            matches.append(_Match(phrase, tail, end, qualifier, is_money))
    return tuple(matches)


def _number_phrases(text: str) -> list[_Phrase]:
    """The value numbers of ``text``, ranges joined, each with the qualifier printed before it."""
    numbers = [n for n in find_numbers(text) if n.role is NumberRole.VALUE]
    phrases = []
    i = 0
    while i < len(numbers):
        low = numbers[i]
        high = (
            numbers[i + 1]
            if i + 1 < len(numbers) and _is_range(text, low, numbers[i + 1])
            else None
        )
        i += 1 if high is None else 2
        qualifier, start = _qualifier_before(text, low.start, is_range=high is not None)
        if high is None:
            phrases.append(_Phrase(start, low.end, low.number, None, qualifier))
        else:
            phrases.append(_Phrase(start, high.end, low.number, high.number, qualifier))
    return phrases


def _whole_match(text: str, *, is_money: bool, bare_multiplier: int | None) -> _Match | None:
    """``text`` read whole as one number phrase and its unit, or None.

    A phrase with no unit takes ``bare_multiplier`` (None: it is not read). An amount of money is
    never read as a count.
    """
    source = unicodedata.normalize("NFC", text).strip()
    phrases = _number_phrases(source)
    if len(phrases) != 1 or phrases[0].start != 0:
        return None
    phrase = phrases[0]
    tail = _money_tail(source, phrase.end)
    if not is_money:
        if tail is not None:
            return None
        tail = _count_tail(source, phrase.end)
    if tail is None:
        if bare_multiplier is None:
            return None
        tail = _Tail(phrase.end, None, None, bare_multiplier)
    end, qualifier = _finish(source, phrase, tail)
    if source[end:].strip(_TRAILING_PUNCTUATION):
        return None
    return _Match(phrase, tail, end, qualifier, is_money)


def _is_range(text: str, low: NumberMatch, high: NumberMatch) -> bool:
    if not _RANGE_CONNECTOR.fullmatch(text, low.end, high.start):
        return False
    a, b = low.number.resolve(PROSE_CONVENTION), high.number.resolve(PROSE_CONVENTION)
    return a is not None and b is not None and a < b


def _qualifier_before(text: str, pos: int, *, is_range: bool) -> tuple[Qualifier, int]:
    """The qualifier printed just before ``pos`` and where it starts (``pos`` if none).

    Two qualifier words may stack ("khoảng từ 05 đến 10"); the one nearest the number that says
    more than "exact" or "range" wins; a range with no other word is a ``range`` ("từ 3 đến 5",
    "3-5").
    """
    found = []
    start = pos
    for _ in range(2):
        end = _skip_back(text, start)
        m = qualifier_before_re().search(text, max(0, end - 40), end)
        if m is None:
            break
        word = qualifiers(QualifierPosition.BEFORE)[fold_phrase(m.group("phrase"))]
        found.append(word.with_range if is_range else word.qualifier)
        start = m.start()
    plain = (Qualifier.EXACT, Qualifier.RANGE)
    default = Qualifier.RANGE if is_range else Qualifier.EXACT
    return next((q for q in found if q not in plain), default), start


def _skip_back(text: str, pos: int) -> int:
    """``pos`` moved left over white space and one colon ("khoảng: 15 mô hình")."""
    while pos > 0 and text[pos - 1] in _SPACE_CHARS:
        pos -= 1
    if pos > 0 and text[pos - 1] == ":":
        pos -= 1
        while pos > 0 and text[pos - 1] in _SPACE_CHARS:
            pos -= 1
    return pos


def _finish(text: str, phrase: _Phrase, tail: _Tail) -> tuple[int, Qualifier]:
    """The end of the phrase and its qualifier, with a qualifier after the unit ("trở lên")."""
    m = qualifier_after_re().match(text, tail.end)
    if m is None:
        return tail.end, phrase.qualifier
    after = qualifiers(QualifierPosition.AFTER)[fold_phrase(m.group("phrase"))].qualifier
    return m.end(), after if phrase.qualifier is Qualifier.EXACT else phrase.qualifier


# --- units ----------------------------------------------------------------------------------


def _money_tail(text: str, pos: int) -> _Tail | None:
    """The money unit at ``pos`` ("triệu đồng/năm", "tỷ", "đồng"), or None."""
    m = money_unit_re().match(text, pos)
    if m is None or not (m.group("scale") or m.group("currency")):
        return None
    scale = money_words()[fold_phrase(m.group("scale"))] if m.group("scale") else None
    if m.group("currency") is None and scale is not None:
        if scale.role is MoneyRole.SCALE:
            return None  # "150 ngàn lao động"
        if scale.role is MoneyRole.MONEY_SCALE and _known_unit_at(text, m.end("scale")):
            return None  # "2 triệu người"
    unit_start = m.start("scale") if m.group("scale") else m.start("currency")
    named = money_words()[fold_phrase(m.group("currency"))] if m.group("currency") else scale
    currency = named.currency if named is not None and named.currency else VND
    return _tail(text, unit_start, m.end(), scale.multiplier if scale else 1, currency)


def _count_tail(text: str, pos: int) -> _Tail | None:
    """The percent sign or counted noun at ``pos``, with a scale word before the noun."""
    m = _PERCENT.match(text, pos)
    if m is not None:
        return _tail(text, m.end() - 1, m.end(), 1)
    multiplier = 1
    scale = count_scale_re().match(text, pos)
    if scale is not None:
        multiplier = money_words()[fold_phrase(scale.group("scale"))].multiplier
        pos = scale.end()
    noun = _unit_noun(text, pos)
    return None if noun is None else _tail(text, *noun, multiplier)


def _tail(text: str, start: int, end: int, multiplier: int, currency: str = "VND") -> _Tail:
    """The unit ``text[start:end]`` with the rate after it ("/người/tháng", "/05 năm")."""
    unit_end = end
    while (slash := _RATE_SLASH.match(text, end)) and (noun := _unit_noun(text, slash.end())):
        end = noun[1]
    per = _tidy(text[unit_end:end]).lstrip("/") or None
    return _Tail(end, _tidy(text[start:end]), per, multiplier, currency)


def _unit_noun(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the counted noun phrase after ``pos``, or None.

    Known units chain with each other and with acronyms; a noun not in the table is at most
    two words and never a stop word. The phrase stays on the number's line in a table row.
    """
    words = _words_after(text, pos)
    folded = [fold_phrase(w) for w, _, _ in words]
    i = segments = unknown = 0
    while i < len(words) and segments < _MAX_UNIT_SEGMENTS:
        known = _known_unit_length(folded, i)
        if known:
            i += known
        elif words[i][0].isupper() and len(words[i][0]) > 1:  # an acronym: CNNT, CCN
            i += 1
        elif i == unknown and unknown < _MAX_UNKNOWN_WORDS and folded[i] not in unit_stop_words():
            i += 1
            unknown += 1
            continue
        else:
            break
        segments += 1
    return (words[0][1], words[i - 1][2]) if i else None


def _words_after(text: str, pos: int) -> list[tuple[str, int, int]]:
    """The words after ``pos`` and their spans, up to punctuation or a digit."""
    line_start = text.rfind("\n", 0, pos) + 1
    pattern = _NEXT_WORD_IN_ROW if "\t" in text[line_start:pos] else _NEXT_WORD
    words: list[tuple[str, int, int]] = []
    while len(words) < _MAX_WORDS_SCANNED and (m := pattern.match(text, pos)):
        words.append((m.group("word"), m.start("word"), m.end("word")))
        pos = m.end()
    return words


def _known_unit_length(folded: list[str], i: int) -> int:
    """How many words from ``i`` make the longest unit of ``count_units.csv``; 0 if none."""
    for phrase in count_units().get(folded[i], ()):
        if tuple(folded[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _known_unit_at(text: str, pos: int) -> bool:
    folded = [fold_phrase(w) for w, _, _ in _words_after(text, pos)]
    return bool(folded) and _known_unit_length(folded, 0) > 0


def _tidy(unit: str) -> str:
    """A unit with its white space collapsed: "đồng/người/ tháng" → "đồng/người/tháng"."""
    return re.sub(r"\s*/\s*", "/", " ".join(unit.split()))


def _header_multiplier(text: str, pos: int) -> tuple[int, int, str | None] | None:
    """The multiplier of a unit such as "1.000 đồng" or "triệu đồng" at ``pos``, its end and
    its rate's ``per`` ("đồng/người" → "người")."""
    factor = 1
    m = _HEADER_FACTOR.match(text, pos)
    if m is not None:
        number = parse_number(m.group("factor"))
        whole = [v for _, v in number.candidates if v == v.to_integral_value()] if number else []
        if not whole:
            return None
        factor, pos = int(max(whole)), m.end()
    tail = _money_tail(text, pos)
    if tail is None or tail.currency != VND:
        return None  # "ĐVT: USD" states no đồng
    return factor * tail.multiplier, tail.end, tail.per


# --- results --------------------------------------------------------------------------------


def _amount(
    raw: str, match: _Match, convention: Convention | None, span: tuple[int, int] | None
) -> Amount:
    phrase, multiplier = match.phrase, match.tail.multiplier
    value, used = _resolve(phrase.low, convention)
    amount_vnd, is_rounded = to_vnd(value, multiplier)
    value_max = amount_max_vnd = None
    if phrase.high is not None:
        value_max, used_max = _resolve(phrase.high, convention)
        amount_max_vnd, max_rounded = to_vnd(value_max, multiplier)
        used, is_rounded = used or used_max, is_rounded or max_rounded
    candidates = tuple((c, to_vnd(v, multiplier)[0]) for c, v in phrase.low.candidates)
    is_vnd = match.tail.currency == VND
    return Amount(
        raw=raw,
        value=value,
        multiplier=multiplier,
        amount_vnd=amount_vnd if is_vnd else None,
        unit=match.tail.unit,
        qualifier=match.qualifier,
        value_max=value_max,
        amount_max_vnd=amount_max_vnd if is_vnd else None,
        per=match.tail.per,
        convention=used,
        candidates=candidates if is_vnd else (),
        is_rounded=is_rounded and is_vnd,
        start=span[0] if span else None,
        end=span[1] if span else None,
        currency=match.tail.currency,
    )


def _quantity(
    raw: str, match: _Match, convention: Convention | None, span: tuple[int, int] | None
) -> Quantity:
    phrase, multiplier = match.phrase, match.tail.multiplier
    value, used = _resolve(phrase.low, convention)
    value_max = None
    if phrase.high is not None:
        value_max, used_max = _resolve(phrase.high, convention)
        value_max, used = _times(value_max, multiplier), used or used_max
    return Quantity(
        raw=raw,
        value=_times(value, multiplier),
        unit=match.tail.unit,
        qualifier=match.qualifier,
        value_max=value_max,
        per=match.tail.per,
        convention=used,
        start=span[0] if span else None,
        end=span[1] if span else None,
    )


def _resolve(
    number: NumberParse, convention: Convention | None
) -> tuple[Decimal, Convention | None]:
    """The value of ``number`` and the convention that chose it (None when nothing had to)."""
    if not number.is_ambiguous:
        return number.candidates[0][1], None
    used = convention or PROSE_CONVENTION
    return dict(number.candidates)[used], used


def _times(value: Decimal, multiplier: int) -> Decimal:
    """``value × multiplier`` computed exactly, whatever the decimal context's precision."""
    factor = Decimal(multiplier)
    precision = len(value.as_tuple().digits) + len(factor.as_tuple().digits)
    return Context(prec=precision).multiply(value, factor)
