"""Vietnamese numerals in words, both ways, and digits checked against words."""

from __future__ import annotations

import random
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalizers.amounts import parse_amount
from normalizers.numerals import (
    MAX_SPELLED,
    check_digits_against_words,
    find_amounts_in_words,
    parse_numeral_words,
    to_numeral_words,
)

from ...conftest import RAW_DIR as RAW

# (words, where they come from, value).
SAMPLE_DECISIONS_WORDS = [
    ("Bốn mươi lăm tỷ năm trăm bốn mươi bảy triệu đồng", "Đồng Nai, kinh phí 2018", 45_547_000_000),
    ("Bốn tỷ một trăm bốn mươi chín triệu đồng", "Đồng Nai, kinh phí đối ứng", 4_149_000_000),
    ("tám nghìn ba trăm bảy mươi tư triệu", "Hưng Yên's 8.374 triệu in words", 8_374_000_000),
    ("bảy mươi ba phẩy bốn bốn tỷ", "An Giang's 73,44 tỷ, digit by digit", 73_440_000_000),
    ("bảy mươi ba phẩy bốn mươi bốn tỷ", "An Giang's 73,44 tỷ, as one number", 73_440_000_000),
    ("hai mươi phẩy năm sáu tỷ", "Bình Phước's 20,560 tỷ", 20_560_000_000),
]
GRAMMAR_CASES = [
    ("hai mươi mốt", "mốt after mươi", 21),
    ("hai mươi một", "một after mươi, also written", 21),
    ("một trăm linh năm", "linh", 105),
    ("một trăm lẻ năm", "lẻ", 105),
    ("một trăm linh tư", "tư after linh", 104),
    ("mười lăm", "lăm after mười", 15),
    ("mười một", "mười", 11),
    ("một nghìn không trăm năm mươi", "không trăm", 1050),
    ("một ngàn không trăm năm mươi", "ngàn", 1050),
    ("bẩy trăm tỉ", "bẩy, tỉ", 700_000_000_000),
    ("ba", "a single digit", 3),
    ("không", "zero", 0),
    ("một nghìn tỷ", "nghìn builds on tỷ", 10**12),
    ("một triệu tỷ", "triệu builds on tỷ", 10**15),
    ("năm trăm ngàn đồng", "trăm ngàn", 500_000),
    ("ba (03) triệu đồng", "digits in parentheses repeat the words", 3_000_000),
    ("hai mươi mốt (21) tỷ đồng chẵn", "an echo and chẵn", 21_000_000_000),
    ("  MƯỜI   LĂM  đồng.", "case, spaces and a full stop", 15),
]


@pytest.mark.parametrize("case", SAMPLE_DECISIONS_WORDS + GRAMMAR_CASES, ids=lambda c: c[0])
def test_parse_numeral_words(case: tuple[str, str, int]) -> None:
    words, _, expected = case
    assert parse_numeral_words(words) == expected


def test_decimals_in_words() -> None:
    assert parse_numeral_words("hai phẩy năm") == Decimal("2.5")
    assert parse_numeral_words("không phẩy không năm") == Decimal("0.05")


def test_decomposed_unicode_reads_the_same() -> None:
    words = unicodedata.normalize("NFD", "Bốn tỷ một trăm bốn mươi chín triệu đồng")
    assert parse_numeral_words(words) == 4_149_000_000


NOT_NUMERALS = [
    ("", "nothing"),
    ("đồng", "only the currency"),
    ("hai nghìn năm", "a shortened spoken form: 2 005 or 2 500?"),
    ("một trăm năm", "a lone digit after trăm: a hundred years"),
    ("một trăm tư", "140 in speech, never in writing"),
    ("mười mốt", "mốt only after mươi"),
    ("một mươi", "mươi only after 2-9"),
    ("trăm", "a hundred with no digit"),
    ("nghìn", "a scale with nothing before it"),
    ("hai triệu ba triệu", "scales out of order"),
    ("một nghìn hai nghìn", "scales out of order"),
    ("ba (04) triệu đồng", "digits that disagree with the words"),
    ("hai phẩy", "nothing after phẩy"),
    ("phẩy năm", "nothing before phẩy"),
    ("Bốn tỷ một trăm bốn mươi chính triệu đồng", "a typo"),
    ("năm 2018", "a year"),
    ("45 tỷ", "digits are not words"),
]


@pytest.mark.parametrize("case", NOT_NUMERALS, ids=lambda c: c[0] or "empty")
def test_not_a_numeral(case: tuple[str, str]) -> None:
    assert parse_numeral_words(case[0]) is None


SPELLINGS = [
    (0, "không"),
    (3, "ba"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (74, "bảy mươi tư"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (1050, "một nghìn không trăm năm mươi"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (4_149_000_000, "bốn tỷ một trăm bốn mươi chín triệu"),
    (45_547_000_000, "bốn mươi lăm tỷ năm trăm bốn mươi bảy triệu"),
    (5_000_000_005, "năm tỷ không trăm linh năm"),
    (10**15, "một triệu tỷ"),
]


@pytest.mark.parametrize("case", SPELLINGS, ids=lambda c: str(c[0]))
def test_to_numeral_words(case: tuple[int, str]) -> None:
    n, words = case
    assert to_numeral_words(n) == words


@pytest.mark.parametrize("n", [-1, MAX_SPELLED])
def test_to_numeral_words_refuses_what_it_cannot_spell(n: int) -> None:
    with pytest.raises(ValueError):
        to_numeral_words(n)


@given(st.integers(min_value=0, max_value=10**15))
def test_spelled_integers_read_back(n: int) -> None:
    assert parse_numeral_words(to_numeral_words(n)) == n


@given(st.integers(min_value=0, max_value=MAX_SPELLED - 1))
def test_the_largest_spelled_integers_read_back(n: int) -> None:
    assert parse_numeral_words(to_numeral_words(n)) == n


# Other spellings a document may use for the words to_numeral_words writes.
ALTERNATIVES = {"nghìn": "ngàn", "linh": "lẻ", "tỷ": "tỉ", "bảy": "bẩy", "tư": "bốn"}


@given(st.integers(min_value=0, max_value=10**15), st.randoms(use_true_random=False))
def test_alternative_spellings_read_back(n: int, rnd: random.Random) -> None:
    words = []
    for word in to_numeral_words(n).split():
        if word in ALTERNATIVES and rnd.random() < 0.5:
            word = ALTERNATIVES[word]
        words.append(word.upper() if rnd.random() < 0.2 else word)
    text = (" " * rnd.randint(1, 3)).join(words) + rnd.choice(["", " đồng", " đồng chẵn"])
    assert parse_numeral_words(text) == n


@given(st.text(max_size=60))
def test_parse_numeral_words_never_raises(text: str) -> None:
    parse_numeral_words(text)


PIECES = [*"0123456789.,() \n", "tỷ", "triệu", "đồng", "năm", "mươi", "hai", "Bằng chữ:"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_words_finders_never_raise_and_spans_hold(text: str) -> None:
    for words in find_amounts_in_words(text):
        assert text[words.start : words.end] == words.raw
    for check in check_digits_against_words(text):
        assert text[check.start : check.end] == check.raw


def test_words_and_digits_agree_on_an_giang_total() -> None:
    amount = parse_amount("73,44 tỷ đồng")
    assert amount is not None
    assert parse_numeral_words("bảy mươi ba phẩy bốn bốn tỷ đồng") == amount.amount_vnd


DONG_NAI = (RAW / "004_0f42ce6379190652.txt").read_text(encoding="utf-8")


def test_find_amounts_in_words_in_dong_nai() -> None:
    found = find_amounts_in_words(DONG_NAI)
    assert [(w.raw, w.value) for w in found] == [
        ("Bốn mươi lăm tỷ năm trăm bốn mươi bảy triệu đồng", 45_547_000_000),
        ("Bốn tỷ một trăm bốn mươi chín triệu đồng", 4_149_000_000),
    ]
    assert all(DONG_NAI[w.start : w.end] == w.raw for w in found)


@pytest.mark.parametrize(
    "text",
    [
        "hàng năm đồng thời phối hợp",  # "năm" is a year, "đồng thời" an adverb
        "một số cơ sở được hỗ trợ kinh phí",
        "năm 2018 tổ chức",
    ],
)
def test_ordinary_words_are_not_amounts_in_words(text: str) -> None:
    assert find_amounts_in_words(text) == []


def test_check_digits_against_words_in_dong_nai() -> None:
    checks = check_digits_against_words(DONG_NAI)
    assert [(c.digits_value, c.words_value, c.agrees) for c in checks] == [
        (45_547_000_000, 45_547_000_000, True),
        (4_149_000_000, 4_149_000_000, True),
    ]
    for check in checks:
        assert DONG_NAI[check.start : check.end] == check.raw
        assert DONG_NAI[check.words_start : check.words_end] == check.words_raw
        assert check.raw.startswith(check.digits.raw)


MISMATCHES = [
    (
        "4.149.000.000 đồng (Bốn tỷ một trăm bốn mươi tám triệu đồng)",
        "another number in the words",
        Decimal(4_148_000_000),
    ),
    (
        "4.149.000.000 đồng (Bốn tỷ một trăm bốn mươi chính triệu đồng)",
        "words that do not read",
        None,
    ),
]


@pytest.mark.parametrize("case", MISMATCHES, ids=lambda c: c[1])
def test_check_digits_against_words_mismatch(case: tuple[str, str, Decimal | None]) -> None:
    text, _, words_value = case
    [check] = check_digits_against_words(text)
    assert check.digits_value == 4_149_000_000
    assert check.words_value == words_value
    assert not check.agrees


def test_check_reads_decomposed_text_in_its_nfc_form() -> None:
    text = unicodedata.normalize("NFD", DONG_NAI[10_000:10_500])
    assert [c.agrees for c in check_digits_against_words(text)] == [True, True]


def test_check_reads_words_after_bang_chu() -> None:
    [check] = check_digits_against_words(
        "là 1.260.000.000 đồng (Bằng chữ: Một tỷ hai trăm sáu mươi triệu đồng)."
    )
    assert check.words_raw == "Một tỷ hai trăm sáu mươi triệu đồng"
    assert check.agrees


def test_check_words_resolve_an_ambiguous_amount() -> None:
    """The words say 20,56 tỷ: the Vietnamese reading of the digits, which the check uses."""
    [check] = check_digits_against_words("20,560 tỷ đồng (hai mươi phẩy năm sáu tỷ đồng)")
    assert check.digits.is_ambiguous and check.agrees


@pytest.mark.parametrize(
    "text",
    [
        "Tổng kinh phí: 1.260 triệu đồng (chi tiết tại Phụ lục kèm theo)",
        "630 triệu đồng (chiếm 50%)",
        "45.547.000.000 đồng giao Sở Công Thương (năm 2018)",
        "khoảng 420 lao động (tương đương 12 lớp)",
    ],
)
def test_parentheses_without_an_amount_in_words_are_not_checked(text: str) -> None:
    assert check_digits_against_words(text) == []
