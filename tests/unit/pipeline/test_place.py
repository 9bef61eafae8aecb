"""The place of issue of a web copy whose header cells are printed a line at a time, the place
broken over two lines; each case the header lines of the corpus file it is named after."""

from __future__ import annotations

import pytest

from pipeline.build.metadata import extract_metadata

from ...conftest import text_document

HEADER = (
    "**ỦY BAN NHÂN\nDÂN **\n{issuer}\n--------\n|\nSố:\n{number}\n|\n{place}\n|\n**QUYẾT ĐỊNH**\n"
)
BROKEN_PLACES = [
    ("094432765aa270a8", "TỈNH QUẢNG TRỊ", "*Quảng\nTrị, ngày 27 tháng 11 năm 2025*", "Quảng Trị"),
    ("3c5c52374e60b28b", "THÀNH PHỐ CẦN THƠ", "*Cần\nThơ, ngày 24 tháng 11 năm 2025*", "Cần Thơ"),
    (
        "4bda44e45e4f1633",
        "THÀNH PHỐ HỒ CHÍ MINH",
        "*Thành phố Hồ Chí\nMinh, ngày 21 tháng 11 năm 2025*",
        "Thành phố Hồ Chí Minh",
    ),
    (
        "717159673033f644",
        "THÀNH PHỐ HỒ CHÍ MINH",
        "*Thành\nphố Hồ Chí Minh, ngày 25 tháng 11 năm 2025*",
        "Thành phố Hồ Chí Minh",
    ),
    ("020bddd030400bd2", "TỈNH HÀ TĨNH", "*Hà Tĩnh, ngày\n02 tháng 12 năm 2025*", "Hà Tĩnh"),
    # a place on its own line under the number: the number line is no part of it
    ("cao_bang", "TỈNH CAO BẰNG", "Cao Bằng, ngày 26 tháng 02 năm 2015", "Cao Bằng"),
]


@pytest.mark.parametrize(
    ("source", "issuer", "place", "expected"), BROKEN_PLACES, ids=[c[0] for c in BROKEN_PLACES]
)
def test_a_place_broken_over_two_lines(source: str, issuer: str, place: str, expected: str) -> None:
    doc = text_document(HEADER.format(issuer=issuer, number="87/2025/QĐ-UBND", place=place))
    read = extract_metadata(doc).issue_place
    assert read is not None
    assert read.value == expected
    assert " ".join(doc.text[read.start : read.end].split()) == expected
