"""Fuzzing: the parsers and the segmenter never raise on arbitrary text (issue 7)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.model import Document, SourceFormat
from extractors.text import build_lines
from normalizers.amounts import find_amounts, find_quantities, parse_amount, parse_unit_header
from normalizers.dates import find_dates
from normalizers.numbers import find_numbers, parse_number
from normalizers.numerals import check_digits_against_words, parse_numeral_words
from normalizers.refs import find_legal_refs, normalize_decision_number
from pipeline.build.assemble import build_records

# Text that looks like the decisions: their words, digits and separators, and anything else.
WORDS = st.sampled_from(
    [
        "Điều",
        "1.",
        "I.",
        "a)",
        "-",
        "Số:",
        "270/QĐ - UBND",
        "ngày",
        "tháng",
        "năm",
        "2015",
        "8.374",
        "1,100",
        "73,44",
        "tỷ",
        "triệu",
        "đồng",
        "khoảng",
        "từ",
        "đến",
        "Phụ lục",
        "Căn cứ",
        "Nghị định",
        "số",
        "45/2012/NĐ-CP",
        "Tổng",
        "cộng",
        "\t",
        "\n",
        "|",
        "(",
        ")",
        "Bốn",
        "mươi",
        "lăm",
        "phẩy",
        "KCQG",
        "ĐVT:",
        "Mục tiêu chung",
        "QUYẾT ĐỊNH",
    ]
)
TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=80).map(" ".join))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_normalizers_never_raise(text: str) -> None:
    parse_number(text)
    find_numbers(text)
    parse_amount(text)
    find_amounts(text)
    find_quantities(text)
    parse_unit_header(text)
    parse_numeral_words(text)
    check_digits_against_words(text)
    find_dates(text)
    find_legal_refs(text)
    normalize_decision_number(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_the_whole_record_build_never_raises(text: str) -> None:
    normalised, lines = build_lines(text)
    document = Document("fuzz.txt", "0" * 64, SourceFormat.TXT, text, normalised, lines)
    import datetime as dt

    built = build_records(document, "fuzz.txt", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert len(built.records["documents"]) == 1
