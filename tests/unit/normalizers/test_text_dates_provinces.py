"""Text normalisation, dates and provinces on strings from the sample decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalizers.dates import find_dates, parse_date
from normalizers.provinces import (
    current_province_name,
    find_province_names,
    make_province,
    province_names,
)
from normalizers.text import fold_for_matching, normalize_text, slugify

SAMPLE_DECISIONS_DATES = [
    ("Hưng Yên, ngày 27 tháng 12 năm 2017", dt.date(2017, 12, 27)),
    ("Luật Tổ chức chính quyền địa phương ngày 19/06/2015;", dt.date(2015, 6, 19)),
    ("Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ", dt.date(2012, 5, 21)),
    ("An Giang, ngày\n03 tháng 8 năm 2016", dt.date(2016, 8, 3)),
    ("Quyết định số: 2818/QĐ-UBND Ngày 20 tháng 12 năm 2011", dt.date(2011, 12, 20)),
    ("ngày 28\ntháng 12 năm 2015 của Ủy ban nhân dân tỉnh", dt.date(2015, 12, 28)),
]


@pytest.mark.parametrize(("raw", "expected"), SAMPLE_DECISIONS_DATES, ids=lambda c: str(c))
def test_parse_date(raw: str, expected: dt.date) -> None:
    assert parse_date(raw) == expected


def test_month_printed_with_its_zero_apart_congbot_773_2018() -> None:
    """The header of Quyết định 773/QĐ-TTg (corpus ``text/congbot_773_2018_QD_TTg.txt``): read as
    no date, the title's "NGÀY 19 THÁNG 7 NĂM 2017" stood in and the annex's "ngày 26 tháng 6 năm
    2018" was reported as citing another decision."""
    assert parse_date("| Số: 773 /QĐ-TTg | Hà Nội, ngày 26 tháng 0 6 năm 2018 |") == dt.date(
        2018, 6, 26
    )


PARTIAL_DATES = [
    ("Quyết định số: /QĐ-UBND ngày tháng 02 năm 2015", (None, 2, 2015)),
    ("Quyết định số: /QĐ-UBND ngày tháng năm 2015", (None, None, 2015)),
]


@pytest.mark.parametrize(("raw", "fields"), PARTIAL_DATES, ids=lambda c: str(c))
def test_partial_dates_are_flagged_never_guessed(raw: str, fields: tuple) -> None:
    [found] = find_dates(raw)
    assert (found.day, found.month, found.year) == fields
    assert found.is_partial
    assert found.value is None


def test_document_numbers_are_not_dates() -> None:
    assert find_dates("Quyết định số 1288/QĐ-TTg và 45/2012/NĐ-CP") == []


MERGED_PROVINCES = [
    ("Bình Phước", "Đồng Nai"),
    ("Thái Bình", "Hưng Yên"),
    ("Hà Giang", "Tuyên Quang"),
    ("Kiên Giang", "An Giang"),
    ("Cao Bằng", "Cao Bằng"),
    ("Hưng Yên", "Hưng Yên"),
]


@pytest.mark.parametrize(("old", "new"), MERGED_PROVINCES, ids=lambda c: str(c))
def test_province_after_2025_merger(old: str, new: str) -> None:
    assert current_province_name(old) == new


def test_province_found_across_line_breaks_and_case() -> None:
    assert find_province_names("UỶ BAN NHÂN\nDÂN\nTỈNH AN GIANG") == ["An Giang"]
    assert make_province("Hà Nội").unit == "thành phố"
    assert make_province("Bình Phước").slug == "binh-phuoc"


def test_text_normalisation() -> None:
    assert normalize_text("UỶ BAN NHÂN DÂN tỉnh Hoà Bình\r\n") == "ỦY BAN NHÂN DÂN tỉnh Hòa Bình\n"
    assert fold_for_matching("KHUYẾN CÔNG TỈNH AN GIANG GIAI Đ0ẠN 2016 - 2020").startswith(
        "khuyến công tỉnh an giang giai đoạn"
    )
    # A zero in a number is not a letter.
    assert fold_for_matching("2016 - 2020 và 105") == "2016 - 2020 và 105"


@given(st.text())
def test_normalising_twice_equals_once(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text())
def test_slugs_use_a_fixed_alphabet(text: str) -> None:
    slug = slugify(text)
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert not slug.startswith("-") and not slug.endswith("-")


def test_each_province_becomes_what_underthesea_converts_it_to() -> None:
    """The 63 names are converted off the mapping file, without importing underthesea (issue
    15); the answer is ``convert_address``'s, and other text still goes to ``convert_address``."""
    from underthesea.address import convert_address

    names = province_names()
    assert len(names) == 63
    for name in names:
        converted = convert_address(name).new.province
        for unit in ("Tỉnh ", "Thành phố "):
            converted = converted.removeprefix(unit)
        assert current_province_name(name) == converted, name
    assert current_province_name("Tỉnh Bình Phước") == "Đồng Nai"  # not a short name
    assert current_province_name("Atlantis") is None
