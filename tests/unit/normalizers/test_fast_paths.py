"""The shortcuts the normalizers take for speed give what the full work gives.

Each shortcut skips work on input that cannot change the result: a translate table on a line
without odd spaces, a regex scan on a text without the word every match needs, a second scan of a
text already scanned. These tests pin the results on inputs on both sides of each shortcut.
"""

from __future__ import annotations

import re
import sys

import pytest

from normalizers import dates, numbers
from normalizers.amounts import find_amounts, find_quantities
from normalizers.dates import find_dates
from normalizers.encodings import is_vietnamese_syllable
from normalizers.numbers import find_numbers
from normalizers.refs import normalize_decision_number
from normalizers.text import normalize_line
from normalizers.web import rejoin_letter_spaced

LINES = [
    ("UỶ BAN NHÂN\u00a0DÂN  tỉnh hoà bình\r", "ỦY BAN NHÂN DÂN  tỉnh hòa bình"),
    # A word at either end, next to punctuation or digits, and a zero-width space dropped.
    ("qui định hoà\u200b\u00a0bình, THUỶ LỢI", "quy định hòa bình, THỦY LỢI"),
    ("Hoà", "Hòa"),
    # "hoà2016" is one word to the tokenizer, too long for the rule table: it stays.
    ("ð0 hoà2016", "đ0 hoà2016"),
    ("\tHoà\t\t12\t", "\tHòa\t\t12\t"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), LINES, ids=[repr(c[0]) for c in LINES])
def test_normalize_line(raw: str, expected: str) -> None:
    assert normalize_line(raw) == expected
    assert normalize_line(raw) == expected  # the cached answer is the same


def test_upper_case_dates_are_found_whatever_the_case_of_the_month_word() -> None:
    [found] = find_dates("HƯNG YÊN, NGÀY 27 THÁNG 12 NĂM 2017")
    assert (found.raw, found.day, found.month, found.year) == (
        "NGÀY 27 THÁNG 12 NĂM 2017",
        27,
        12,
        2017,
    )
    assert [(d.day, d.month, d.year) for d in find_dates("ngày 19/06/2015")] == [(19, 6, 2015)]


ROLES = [
    ("NGÀY 20 THÁNG 12 HÀNG NĂM chi 300 triệu", [("20", "date"), ("12", "date"), ("300", "value")]),
    ("Tháng 8 Năm 2014 hỗ trợ 5 cơ sở", [("8", "date"), ("2014", "date"), ("5", "value")]),
    ("Số 45/QĐ-UBND chi 12 triệu", [("45", "document_number"), ("12", "value")]),
    ("chi 12 triệu", [("12", "value")]),
    ("không có số nào", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), ROLES, ids=[c[0] for c in ROLES])
def test_find_numbers_roles_with_and_without_the_words_patterns_need(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(m.raw, m.role.value) for m in find_numbers(text)] == expected


@pytest.mark.parametrize(
    ("pattern", "word"),
    [
        (dates._SPELLED, dates.MONTH_WORD),
        *((p, dates.MONTH_WORD) for p in numbers._DATES_IN_PART),
    ],
    ids=["dates._SPELLED", "numbers._DATES_IN_PART[0]", "numbers._DATES_IN_PART[1]"],
)
def test_the_month_word_check_sees_every_case_the_pattern_matches(
    pattern: re.Pattern[str], word: str
) -> None:
    """``word in text.lower()`` holds wherever the IGNORECASE pattern can match."""
    assert word in pattern.pattern
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    for letter in word:
        same = re.findall(re.escape(letter), everything, flags=pattern.flags)
        assert {c.lower() for c in same} == {letter}


def test_amounts_and_quantities_of_one_text_are_read_once_and_kept_apart() -> None:
    text = "đào tạo khoảng 420 lao động, kinh phí 1.260 triệu đồng"
    amounts = find_amounts(text)
    assert [(a.raw, a.amount_vnd) for a in amounts] == [("1.260 triệu đồng", 1_260_000_000)]
    assert [(q.raw, q.value, q.unit) for q in find_quantities(text)] == [
        ("khoảng 420 lao động", 420, "lao động")
    ]
    amounts.clear()  # a caller's list is its own
    assert [a.raw for a in find_amounts(text)] == ["1.260 triệu đồng"]


def test_normalize_decision_number_cached_answers() -> None:
    for _ in range(2):
        assert normalize_decision_number("45/2012/nđ–cp") == "45/2012/NĐ-CP"
        assert normalize_decision_number("/QĐ-UBND") is None


LETTER_SPACED = [
    # no piece of letters that is no syllable: the line is its own answer
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;", None),
    ("| Số: 1351/QĐ-UBND | 1.260 triệu đồng |", None),
    ("", None),
    # a piece that is no syllable: joined with those after it that make one syllable with it
    ("T ỉnh B ắc G iang", "Tỉnh Bắc Giang"),
    ("| Qu ả ng Ngãi, ngày 04 tháng 10 năm 2022 |", "| Quảng Ngãi, ngày 04 tháng 10 năm 2022 |"),
    ("Đ ả ng;", "Đảng;"),
    # a piece that is no syllable but joins nothing, or stands after a number: left alone
    ("theo Website www và email", "theo Website www và email"),
    ("0,006 x a", "0,006 x a"),
]


@pytest.mark.parametrize(("line", "expected"), LETTER_SPACED, ids=[c[0] for c in LETTER_SPACED])
def test_rejoin_letter_spaced_either_side_of_its_shortcut(line: str, expected: str | None) -> None:
    got = rejoin_letter_spaced(line)
    if expected is None:
        assert got is line  # the shortcut: nothing split, nothing joined
    else:
        assert got == expected


@pytest.mark.parametrize("word", ["Quyết", "định", "NGHĨA", "QuyÕt", "café", "ỉnh", "Tỉnh", ""])
def test_the_cached_syllable_answer_is_the_answer(word: str) -> None:
    assert is_vietnamese_syllable(word) == is_vietnamese_syllable.__wrapped__(word)
    assert is_vietnamese_syllable(word) == is_vietnamese_syllable.__wrapped__(word)
