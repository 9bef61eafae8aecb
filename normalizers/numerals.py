"""Vietnamese numerals written in words, both ways, and the check of digits against words.

Decisions repeat an amount in words after its digits: ``45.547.000.000 đồng (Bốn mươi lăm tỷ năm
trăm bốn mươi bảy triệu đồng)``. :func:`check_digits_against_words` reads both and says whether
they agree. The grammar, with its words in ``normalizers/data/numeral_words.csv``:

- a group below a thousand is ``[digit trăm] [digit mươi [unit] | mười [unit] | linh digit |
  digit]``; the variant spellings mốt (1 after mươi), lăm (5 after mười/mươi), tư (4 after mươi
  and linh), bẩy (bảy), lẻ (linh), ngàn (nghìn) and tỉ (tỷ) are read too;
- a scale word multiplies everything before it that is smaller than itself, so nghìn and triệu
  build on tỷ: ``tám nghìn ba trăm bảy mươi tư triệu`` = 8 374 × 10⁶, ``một triệu tỷ`` = 10¹⁵;
- ``phẩy`` is the decimal point; the digits after it are read one by one (``bảy mươi ba phẩy bốn
  bốn tỷ`` = 73,44 tỷ) or as one number (``phẩy bốn mươi bốn``);
- digits in parentheses repeat the words before them (``ba (03) triệu đồng``) and must agree.

Reading is case-insensitive and on the NFC form of the text (finders' spans index that form, which
is the text itself when it is NFC); extra spaces and a trailing currency word or ``chẵn`` are
ignored. A shortened spoken form is refused rather than guessed: a lone digit after ``trăm`` or a
scale word (``hai nghìn năm``: 2 005 or 2 500?) gives None, as does any word outside the grammar.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Context, Decimal, localcontext
from enum import StrEnum
from functools import cache
from typing import TypeAlias

from normalizers.amounts import Amount, find_amounts
from normalizers.numbers import Convention, parse_number
from normalizers.tables import load_rows, rule_table
from normalizers.text import literal_alternation
from normalizers.units import currency_words

MAX_SPELLED = 10**18
"""to_numeral_words spells integers below this: 10¹⁸ would need "tỷ tỷ"."""


class _Kind(StrEnum):
    DIGIT = "digit"
    TEN = "ten"  # mười
    TENS = "tens"  # mươi
    HUNDRED = "hundred"
    ZERO_TENS = "zero_tens"  # linh, lẻ
    SCALE = "scale"
    DECIMAL_POINT = "decimal_point"
    TRAILER = "trailer"  # chẵn


@rule_table("numeral_words.csv")
@dataclass(frozen=True, slots=True)
class _Word:
    word: str
    value: int
    kind: _Kind
    after: tuple[str, ...]  # the words a variant form may follow; empty: any position

    def may_follow(self, previous: str) -> bool:
        return not self.after or previous in self.after


@dataclass(frozen=True, slots=True)
class WordsAmount:
    """An amount of money written in words, in đồng, with its span in the text searched."""

    raw: str
    value: Decimal
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DigitsWordsCheck:
    """An amount in digits and the words in parentheses after it that should repeat it."""

    raw: str  # from the digits to the closing parenthesis
    start: int
    end: int
    digits: Amount
    words_raw: str  # the words in the parentheses, without a "Bằng chữ:" before them
    words_start: int
    words_end: int
    words_value: Decimal | None  # None when the words are not a numeral of the grammar

    @property
    def digits_value(self) -> int:
        assert self.digits.amount_vnd is not None  # only amounts in đồng are checked
        return self.digits.amount_vnd

    @property
    def agrees(self) -> bool:
        """True when the words read as exactly the amount in digits."""
        return self.words_value is not None and self.words_value == self.digits.amount_vnd


_Token: TypeAlias = _Word | Decimal  # a numeral word, or digits in parentheses repeating it
_GAP = r"[^\S\t]*"
_TOKEN = re.compile(r"\((?P<echo>[^()]*)\)|(?P<word>[^\W\d_]+)|(?P<other>\S)")
_WORD = re.compile(r"[^\W\d_]+")
_ECHO = r"\([^\S\t]*\d+(?:[.,]\d+)*[^\S\t]*\)"
_TRAILING_PUNCTUATION = " \t\n.,;:/"
_PARENTHESES = re.compile(rf"{_GAP}\((?P<inner>[^()]*)\)")
# Some decisions introduce the words: "(Bằng chữ: Bốn tỷ … đồng)".
_WORDS_INTRODUCER = re.compile(rf"{_GAP}(?:bằng{_GAP}chữ{_GAP}:?{_GAP})?", re.IGNORECASE)
_ARITHMETIC = Context(prec=60)  # exact for every numeral below 10²¹ with 30 decimals


def parse_numeral_words(text: str) -> Decimal | None:
    """The number that ``text`` spells in Vietnamese, or None when it spells none.

    >>> parse_numeral_words("Bốn mươi lăm tỷ năm trăm bốn mươi bảy triệu đồng")
    Decimal('45547000000')
    >>> parse_numeral_words("tám nghìn ba trăm bảy mươi tư triệu")
    Decimal('8374000000')
    >>> parse_numeral_words("bảy mươi ba phẩy bốn bốn tỷ"), parse_numeral_words("hai phẩy năm")
    (Decimal('73440000000'), Decimal('2.5'))
    >>> [parse_numeral_words(t) for t in ["hai mươi mốt", "một trăm linh năm", "mười lăm", "ba"]]
    [Decimal('21'), Decimal('105'), Decimal('15'), Decimal('3')]
    >>> parse_numeral_words("ba (03) triệu đồng"), parse_numeral_words("hai nghìn năm")
    (Decimal('3000000'), None)
    """
    tokens = _tokens(text)
    if tokens is None:
        return None
    with localcontext(_ARITHMETIC):
        value = _evaluate(tokens)
        if value is None or value != value.to_integral_value():
            return value
        return value.to_integral_value()  # 73.44 × 10⁹ is 73440000000, not 73440000000.00


def to_numeral_words(n: int) -> str:
    """The standard reading of ``n`` in words; ValueError outside ``0 <= n < MAX_SPELLED``.

    Groups after the first are read in full (``một nghìn không trăm năm mươi``), so that
    :func:`parse_numeral_words` reads the result back to ``n``.

    >>> to_numeral_words(45_547_000_000)
    'bốn mươi lăm tỷ năm trăm bốn mươi bảy triệu'
    >>> to_numeral_words(1050), to_numeral_words(105), to_numeral_words(21)
    ('một nghìn không trăm năm mươi', 'một trăm linh năm', 'hai mươi mốt')
    """
    if not 0 <= n < MAX_SPELLED:
        raise ValueError(f"can only spell integers in [0, 10**18): {n}")
    return " ".join(_spell(n, leading=True)) if n else _canonical(_Kind.DIGIT, 0)


def find_amounts_in_words(text: str) -> list[WordsAmount]:
    """Every amount of money written in words in ``text``, in order, with its span.

    An amount in words ends with the currency ("… đồng") and has ``trăm`` or a scale word, which
    keeps ordinary words such as "năm" (year) and "một" (a, one) out.

    >>> [(w.raw, w.value) for w in find_amounts_in_words(
    ...     "là 4.149.000.000 đồng (Bốn tỷ một trăm bốn mươi chín triệu đồng) trong năm")]
    [('Bốn tỷ một trăm bốn mươi chín triệu đồng', Decimal('4149000000'))]
    """
    text = unicodedata.normalize("NFC", text)
    found = []
    for run in _words_run_re().finditer(text):
        for start in _word_starts(text, run.start(), run.end()):
            candidate = text[start : run.end()]
            value = parse_numeral_words(candidate)
            if value is not None and _names_hundreds(candidate):
                found.append(WordsAmount(candidate, value, start, run.end()))
                break
    return found


def check_digits_against_words(
    text: str, convention: Convention | None = None
) -> list[DigitsWordsCheck]:
    """Each amount in digits that words in parentheses repeat, read both ways.

    The words are taken when they end with the currency and hold numeral words; words that do not
    read (a typo) give ``words_value=None`` and disagree.

    >>> [c.agrees for c in check_digits_against_words(
    ...     "45.547.000.000 đồng (Bốn mươi lăm tỷ năm trăm bốn mươi bảy triệu đồng); "
    ...     "4.149.000.000 đồng (Bốn tỷ một trăm bốn mươi tám triệu đồng)")]
    [True, False]
    """
    text = unicodedata.normalize("NFC", text)
    checks = []
    for amount in find_amounts(text, convention):
        assert amount.start is not None and amount.end is not None  # finders give spans
        if amount.amount_vnd is None:
            continue  # a foreign currency: the words are not read as đồng
        parentheses = _PARENTHESES.match(text, amount.end)
        if parentheses is None:
            continue
        introducer = _WORDS_INTRODUCER.match(text, parentheses.start("inner"))
        words_start = introducer.end() if introducer else parentheses.start("inner")
        words_raw = text[words_start : parentheses.end("inner")].rstrip()
        if not _looks_like_words(words_raw):
            continue
        checks.append(
            DigitsWordsCheck(
                raw=text[amount.start : parentheses.end()],
                start=amount.start,
                end=parentheses.end(),
                digits=amount,
                words_raw=words_raw,
                words_start=words_start,
                words_end=words_start + len(words_raw),
                words_value=parse_numeral_words(words_raw),
            )
        )
    return checks


# --- reading --------------------------------------------------------------------------------


def _tokens(text: str) -> list[_Token] | None:
    """The numeral words and echoed digits of ``text``, trailing currency and "chẵn" dropped."""
    source = unicodedata.normalize("NFC", text).casefold().strip(_TRAILING_PUNCTUATION)
    parts = list(_TOKEN.finditer(source))
    while parts and parts[-1].group("word") in _trailers():
        parts.pop()
    tokens: list[_Token] = []
    for part in parts:
        if part.group("echo") is not None:
            number = parse_number(part.group("echo"))
            echoed = number.resolve(Convention.VI) if number else None
            if echoed is None:
                return None
            tokens.append(echoed)
        elif (
            word := _words().get(part.group("word"))
        ) is not None and word.kind is not _Kind.TRAILER:
            tokens.append(word)
        else:
            return None
    return tokens or None


def _evaluate(tokens: list[_Token]) -> Decimal | None:
    """The value of a sequence of groups and scale words; None when it breaks the grammar."""
    stack: list[Decimal] = []  # scaled parts, strictly decreasing
    group: list[_Word] = []
    fraction: list[_Word] | None = None  # the words after "phẩy"
    for token in tokens:
        if isinstance(token, Decimal):
            if not _echo_agrees(token, stack, group, fraction):
                return None
        elif token.kind is _Kind.SCALE:
            value = _segment(group, fraction) if group else None
            if (group and value is None) or not _push(stack, value, token.value):
                return None
            group, fraction = [], None
        elif token.kind is _Kind.DECIMAL_POINT:
            if fraction is not None or not group:
                return None
            fraction = []
        else:
            (group if fraction is None else fraction).append(token)
    total = sum(stack, Decimal(0))
    if not group:
        return total if stack and fraction is None else None
    if stack and fraction is None and len(group) == 1 and group[0].kind is _Kind.DIGIT:
        return None  # "hai nghìn năm": a shortened spoken form
    last = _segment(group, fraction)
    return None if last is None else total + last


def _push(stack: list[Decimal], value: Decimal | None, scale: int) -> bool:
    """Multiply ``value`` and the smaller parts before it by ``scale``; False if out of order."""
    smaller = Decimal(0)
    popped = False
    while stack and stack[-1] < scale:
        smaller += stack.pop()
        popped = True
    if value is None and not popped:
        return False  # a scale word with nothing before it
    entry = ((value or 0) + smaller) * scale
    if stack and entry >= stack[-1]:
        return False  # "hai triệu ba triệu"
    stack.append(entry)
    return True


def _echo_agrees(
    echo: Decimal, stack: list[Decimal], group: list[_Word], fraction: list[_Word] | None
) -> bool:
    """Digits in parentheses repeat the group before them or the whole number so far."""
    current = _segment(group, fraction) if group else None
    return echo == current or echo == sum(stack, Decimal(0)) + (current or 0)


def _segment(group: list[_Word], fraction: list[_Word] | None) -> Decimal | None:
    whole = _group_value(group)
    if whole is None or fraction is None:
        return None if whole is None else Decimal(whole)
    digits = _fraction_digits(fraction)
    return None if digits is None else Decimal(f"{whole}.{digits}")


def _group_value(words: list[_Word]) -> int | None:
    """The value of a group below a thousand, or None."""
    if len(words) >= 2 and words[1].kind is _Kind.HUNDRED:
        head = words[0]
        if head.kind is not _Kind.DIGIT or head.after:
            return None
        rest = _below_hundred(words[2:], after_hundred=True)
        return None if rest is None else head.value * 100 + rest
    return _below_hundred(words, after_hundred=False)


def _below_hundred(words: list[_Word], *, after_hundred: bool) -> int | None:
    if not words:
        return 0 if after_hundred else None
    first = words[0]
    if first.kind is _Kind.ZERO_TENS:  # "linh năm": only after "trăm"
        return _unit(words[1], first.word) if after_hundred and len(words) == 2 else None
    if first.kind is _Kind.TEN:
        return _tens(10, words[1:], first.word)
    if len(words) >= 2 and words[1].kind is _Kind.TENS:
        if first.kind is not _Kind.DIGIT or first.after or first.value < 2:
            return None
        return _tens(first.value * 10, words[2:], words[1].word)
    if len(words) == 1 and first.kind is _Kind.DIGIT and not first.after and not after_hundred:
        return first.value
    return None


def _tens(tens: int, units: list[_Word], previous: str) -> int | None:
    if not units:
        return tens
    unit = _unit(units[0], previous) if len(units) == 1 else None
    return None if unit is None else tens + unit


def _unit(word: _Word, previous: str) -> int | None:
    """A units digit 1-9 in a form allowed after ``previous``."""
    if word.kind is _Kind.DIGIT and 1 <= word.value <= 9 and word.may_follow(previous):
        return word.value
    return None


def _fraction_digits(words: list[_Word]) -> str | None:
    """The decimal digits after "phẩy": digit by digit, or one number."""
    if words and all(w.kind is _Kind.DIGIT and not w.after for w in words):
        return "".join(str(w.value) for w in words)
    value = _group_value(words)
    return None if value is None else str(value)


# --- spelling -------------------------------------------------------------------------------


def _spell(n: int, *, leading: bool) -> list[str]:
    """The words for ``0 < n < 10**18``; groups after the leading one are read in full."""
    billions, rest = divmod(n, 10**9)
    words = []
    if billions:
        words += [*_spell(billions, leading=leading), _canonical(_Kind.SCALE, 10**9)]
        leading = False
    for scale in (10**6, 10**3, 1):
        group = rest // scale % 1000
        if group:
            words += _spell_group(group, full=not leading)
            if scale > 1:
                words.append(_canonical(_Kind.SCALE, scale))
            leading = False
    return words


def _spell_group(n: int, *, full: bool) -> list[str]:
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or full:
        words += [_canonical(_Kind.DIGIT, hundreds), _canonical(_Kind.HUNDRED, 100)]
    if tens == 0 and units:
        if words:
            linh = _canonical(_Kind.ZERO_TENS, 0)
            words += [linh, _unit_form(units, linh)]
        else:
            words.append(_canonical(_Kind.DIGIT, units))
    elif tens == 1:
        ten = _canonical(_Kind.TEN, 10)
        words += [ten] + ([_unit_form(units, ten)] if units else [])
    elif tens > 1:
        tens_word = _canonical(_Kind.TENS, 10)
        words += [_canonical(_Kind.DIGIT, tens), tens_word]
        words += [_unit_form(units, tens_word)] if units else []
    return words


def _canonical(kind: _Kind, value: int) -> str:
    """The first spelling the table lists for ``kind`` and ``value`` in any position."""
    return next(
        w.word for w in _words().values() if (w.kind, w.value) == (kind, value) and not w.after
    )


def _unit_form(value: int, previous: str) -> str:
    """The units digit after ``previous``: its own form there (mốt, lăm, tư), else the plain one."""
    own = (
        w.word
        for w in _words().values()
        if w.kind is _Kind.DIGIT and w.value == value and previous in w.after
    )
    return next(own, _canonical(_Kind.DIGIT, value))


# --- finding --------------------------------------------------------------------------------


def _word_starts(text: str, start: int, end: int) -> list[int]:
    """Where each word of a run of numeral words starts, so a run can be tried from each."""
    return [m.start() for m in _WORD.finditer(text, start, end)]


def _names_hundreds(candidate: str) -> bool:
    kinds = (_Kind.HUNDRED, _Kind.SCALE)
    return any(
        (w := _words().get(m.group(0))) is not None and w.kind in kinds
        for m in _WORD.finditer(candidate.casefold())
    )


def _looks_like_words(text: str) -> bool:
    """Whether text in parentheses is an amount in words: numeral words, then the currency."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    while words and words[-1] in _trailers() - currency_words():
        words.pop()
    numerals = [w for w in words if w in _words()]
    return bool(words) and words[-1] in currency_words() and len(numerals) >= 2


@cache
def _words() -> dict[str, _Word]:
    words = (replace(word, word=_fold(word.word)) for word in load_rows(_Word))
    return {word.word: word for word in words}


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


@cache
def _trailers() -> frozenset[str]:
    """Words ignored after a numeral: the currency and "chẵn"."""
    return (
        frozenset(w for w, word in _words().items() if word.kind is _Kind.TRAILER)
        | currency_words()
    )


@cache
def _words_run_re() -> re.Pattern[str]:
    """A run of numeral words (and echoed digits) ending with the currency."""

    numerals = [w for w, word in _words().items() if word.kind is not _Kind.TRAILER]
    word = rf"(?:{literal_alternation(numerals)})(?!\w)"
    trailers = _trailers() - currency_words()
    return re.compile(
        rf"(?<!\w){word}(?:[^\S\t]+(?:{word}|{_ECHO}))*"
        rf"[^\S\t]+(?:{literal_alternation(currency_words())})(?!\w)"
        rf"(?:[^\S\t]+(?:{literal_alternation(trailers)})(?!\w))?",
        re.IGNORECASE,
    )
