"""Amounts, quantities, percentages and unit headers on strings from the sample decisions."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalizers.amounts import (
    Amount,
    Qualifier,
    Quantity,
    find_amounts,
    find_quantities,
    parse_amount,
    parse_percentage,
    parse_quantity,
    parse_unit_header,
    parse_unit_header_rate,
    to_vnd,
)
from normalizers.numbers import MAX_DIGITS, Convention, infer_convention

from ...conftest import RAW_DIR as RAW

VI, EN = Convention.VI, Convention.EN

MILLION, BILLION = 10**6, 10**9


def amount(
    text: str, default_unit: int | None = None, convention: Convention | None = None
) -> Amount:
    parsed = parse_amount(text, default_unit, convention)
    assert parsed is not None, text
    return parsed


def quantity(text: str) -> Quantity:
    parsed = parse_quantity(text)
    assert parsed is not None, text
    return parsed


# (as printed, where it comes from, amount in đồng, qualifier, read in a convention).
SAMPLE_DECISIONS_AMOUNTS = [
    ("8.374 triệu đồng", "Hưng Yên, tổng kinh phí", 8_374 * MILLION, "exact", True),
    ("1.514 triệu đồng", "Hưng Yên, kinh phí 2018", 1_514 * MILLION, "exact", True),
    ("73,44 tỷ đồng", "An Giang, tổng kinh phí", 73_440 * MILLION, "exact", False),
    ("73,44 tỷ", "An Giang, without the currency", 73_440 * MILLION, "exact", False),
    ("khoảng\n782 tỷ đồng", "An Giang, doanh số", 782 * BILLION, "about", False),
    ("ước đạt 45.461\ntỷ đồng", "An Giang, giá trị sản xuất", 45_461 * BILLION, "about", True),
    ("20,560 tỷ đồng", "Bình Phước, tổng kinh phí", 20_560 * MILLION, "exact", True),
    ("1.260 triệu đồng", "Bình Phước, đào tạo nghề", 1_260 * MILLION, "exact", True),
    ("630 triệu đồng", "Bình Phước, KCQG", 630 * MILLION, "exact", False),
    ("1.202,433 tỷ đồng", "Cao Bằng, giá trị sản xuất 2009", 1_202_433 * MILLION, "exact", False),
    ("7.763,445 triệu đồng", "Cao Bằng, KCQG và KCĐP", 7_763_445_000, "exact", False),
    ("45.547.000.000 đồng", "Đồng Nai, kinh phí sự nghiệp", 45_547_000_000, "exact", False),
    ("4.149.000.000 đồng", "Đồng Nai, kinh phí đối ứng", 4_149_000_000, "exact", False),
    ("khoảng 4,1 tỷ đồng", "Đồng Nai, cơ sở tự bỏ kinh phí", 4_100 * MILLION, "about", False),
    ("3,0 triệu đồng", "Cao Bằng, thu nhập", 3 * MILLION, "exact", False),
]
OTHER_AMOUNT_FORMS = [
    ("500 ngàn đồng", "ngàn with the currency", 500_000, "exact", False),
    ("2 trăm nghìn đồng", "trăm nghìn", 200_000, "exact", False),
    ("5 trăm ngàn", "trăm ngàn on its own", 500_000, "exact", False),
    ("1.260 Tr.đồng", "an abbreviated unit", 1_260 * MILLION, "exact", True),
    ("tối đa 300 triệu đồng/đề án", "a ceiling per project", 300 * MILLION, "up_to", False),
]


@pytest.mark.parametrize("case", SAMPLE_DECISIONS_AMOUNTS + OTHER_AMOUNT_FORMS, ids=lambda c: c[0])
def test_parse_amount(case: tuple[str, str, int, str, bool]) -> None:
    raw, _, expected, qualifier, ambiguous = case
    parsed = amount(raw)
    assert parsed.raw == raw
    assert parsed.amount_vnd == expected
    assert parsed.qualifier == qualifier
    assert parsed.is_ambiguous is ambiguous
    assert parsed.convention == (VI if ambiguous else None)
    assert not parsed.is_rounded
    assert parsed.start is None and parsed.end is None


def test_an_ambiguous_amount_keeps_both_readings() -> None:
    """Bình Phước, Điều 5: "20,560 tỷ đồng" is 20.56 tỷ in the prose convention."""
    parsed = amount("20,560 tỷ đồng")
    assert dict(parsed.candidates) == {VI: 20_560 * MILLION, EN: 20_560 * BILLION}
    assert amount("20,560 tỷ đồng", convention=EN).amount_vnd == 20_560 * BILLION


SAMPLE_DECISIONS_RATES = [
    ("700 triệu đồng/năm", "Bình Phước, bình quân", 700 * MILLION, None, "triệu đồng/năm", "năm"),
    ("4,112 tỷ đồng/năm", "Bình Phước", 4_112 * MILLION, None, "tỷ đồng/năm", "năm"),
    (
        "từ 2 đến 3,0 triệu đồng/người/tháng",
        "Cao Bằng, thu nhập",
        2 * MILLION,
        3 * MILLION,
        "triệu đồng/người/tháng",
        "người/tháng",
    ),
    (
        "từ 2,5 đến 3,0 triệu đồng/người/ tháng",
        "Cao Bằng, a space after the slash",
        2_500_000,
        3 * MILLION,
        "triệu đồng/người/tháng",
        "người/tháng",
    ),
]


@pytest.mark.parametrize("case", SAMPLE_DECISIONS_RATES, ids=lambda c: c[0])
def test_amount_rates_and_ranges(case: tuple[str, str, int, int | None, str, str]) -> None:
    raw, _, low, high, unit, per = case
    parsed = amount(raw)
    assert (parsed.amount_vnd, parsed.amount_max_vnd) == (low, high)
    assert (parsed.unit, parsed.per) == (unit, per)
    assert parsed.qualifier is (Qualifier.RANGE if high else Qualifier.EXACT)  # not "at least"


def test_amounts_in_a_table_take_the_unit_header() -> None:
    """Cao Bằng 2009-2015 (Đơn vị tính: Triệu đồng): comma decimals; Hưng Yên: comma groups."""
    cao_bang_unit = parse_unit_header("Đơn vị tính: Triệu đồng")
    row = ["225", "550", "541,125", "423", "188,33", "400", "636", "2.963,455"]
    convention = infer_convention(row)
    cells = [amount(cell, default_unit=cao_bang_unit, convention=convention) for cell in row]
    assert [c.amount_vnd for c in cells][2::2] == [541_125_000, 188_330_000, 636_000_000]
    assert sum(c.amount_vnd for c in cells[:-1]) == cells[-1].amount_vnd == 2_963_455_000

    hung_yen_unit = parse_unit_header("Kinh phí (triệu đồng)")
    as_english = amount("1,100", default_unit=hung_yen_unit, convention=EN)
    assert (as_english.amount_vnd, as_english.unit, as_english.convention) == (
        1_100 * MILLION,
        None,
        EN,
    )
    unresolved = amount("1,100", default_unit=hung_yen_unit)  # read as the prose would be
    assert unresolved.amount_vnd == 1_100_000
    assert dict(unresolved.candidates)[EN] == 1_100 * MILLION


def test_a_dash_cell_is_zero() -> None:
    """Cao Bằng, Biểu 02: "-" where a source gives nothing."""
    assert amount("-", default_unit=MILLION).amount_vnd == 0
    assert quantity("-").value == 0


def test_amount_vnd_is_exact_and_flags_rounding() -> None:
    assert amount("0,5 đồng").amount_vnd == 1
    assert amount("0,5 đồng").is_rounded
    assert amount("1,0005 nghìn đồng").amount_vnd == 1001
    large = amount("123.456.789.012.345.678.901.234,5 tỷ đồng")
    assert large.amount_vnd == 123_456_789_012_345_678_901_234_500_000_000
    assert not large.is_rounded


# (as printed, amount in đồng): beyond int64, which the pipeline reports (figure_out_of_range);
# the parser reads them exactly and never raises.
OVERSIZED_AMOUNTS = [
    ("45.547.000.000.000.000.000 đồng", 45_547 * 10**15),  # Đồng Nai's figure, 3 groups too many
    ("9.999.999.999.999 tỷ đồng", 9_999_999_999_999 * BILLION),
    ("khoảng 45.547.000.000.000.000.000 đồng", 45_547 * 10**15),
]


@pytest.mark.parametrize("case", OVERSIZED_AMOUNTS, ids=lambda c: c[0])
def test_oversized_amounts_are_exact(case: tuple[str, int]) -> None:
    raw, expected = case
    assert amount(raw).amount_vnd == expected
    assert not amount(raw).is_rounded
    [found] = find_amounts(f"Kinh phí đối ứng là {raw}.")
    assert (found.raw, found.amount_vnd) == (raw, expected)
    assert to_vnd(amount(raw).value, amount(raw).multiplier) == (expected, False)


def test_an_over_long_token_is_no_amount_and_no_unit() -> None:
    """A token of more than MAX_DIGITS digits is read as no number: before, a unit header
    "ĐVT: 1000…0 đồng" gave a multiplier whose products could not be printed (ValueError)."""
    digits = "1" + "0" * MAX_DIGITS
    assert parse_unit_header(f"ĐVT: {digits} đồng") is None
    assert parse_amount(digits, default_unit=MILLION) is None
    assert find_amounts(f"Tổng kinh phí: {'9' * 5000} triệu đồng") == []
    assert to_vnd(Decimal(7), 10**5000) == (7 * 10**5000, False)  # no digits-to-str conversion


NOT_AMOUNTS = [
    "",
    "420 lao động",
    "150 ngàn lao động",  # An Giang: a head count, not money
    "2 triệu người",
    "năm 2020",
    "Nghị định số 45/2012/NĐ-CP",
    "ngày 21/5/2012",
    "1.260",  # no unit and no table unit
    "1.260 triệu đồng và 630 triệu đồng",
    "Tổng kinh phí: 1.260 triệu đồng",
    "triệu đồng",
]


@pytest.mark.parametrize("raw", NOT_AMOUNTS)
def test_not_an_amount(raw: str) -> None:
    assert parse_amount(raw) is None


def test_find_amounts_in_prose() -> None:
    """Bình Phước, Điều 4.1.d."""
    text = (
        "Tổng kinh phí: 1.260 triệu đồng, trong đó:\n\n"
        "- Nguồn kinh phí khuyến công quốc gia là: 630 triệu đồng."
    )
    found = find_amounts(text)
    assert [(a.raw, a.amount_vnd) for a in found] == [
        ("1.260 triệu đồng", 1_260 * MILLION),
        ("630 triệu đồng", 630 * MILLION),
    ]
    assert all(text[a.start : a.end] == a.raw for a in found)


def test_find_amounts_leaves_dates_document_numbers_and_counts() -> None:
    text = (
        "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012; giai đoạn 2016 - 2020 đào tạo "
        "khoảng 420 lao động, thu hút 150 ngàn lao động"
    )
    assert find_amounts(text) == []


def test_the_parts_add_up_to_the_totals_of_an_giang_and_binh_phuoc() -> None:
    an_giang = (RAW / "001_9789b1cfca0ebaa2.txt").read_text(encoding="utf-8")
    start = an_giang.index("Tổng kinh phí thực hiện Chương")
    total, *parts = [a.amount_vnd for a in find_amounts(an_giang[start : start + 400])]
    assert total == 73_440 * MILLION
    assert sum(parts) == total  # 6 + 38,09 + 29,35 tỷ

    binh_phuoc = (RAW / "002_4332279ed17429dc.txt").read_text(encoding="utf-8")
    start = binh_phuoc.index("Điều 5. Kinh phí thực hiện")
    program, _yearly, *sources = find_amounts(binh_phuoc[start : start + 500])
    assert program.is_ambiguous and program.amount_vnd == 20_560 * MILLION
    assert sum(s.amount_vnd for s in sources) == program.amount_vnd  # 8,130 + 9,130 + 3,300 tỷ


@pytest.mark.parametrize("path", sorted(RAW.glob("*.txt")), ids=lambda p: p.name)
def test_finders_spans_index_the_sample_decisions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found: list[Amount | Quantity] = [*find_amounts(text), *find_quantities(text)]
    assert found
    for item in found:
        assert item.start is not None and item.end is not None
        assert text[item.start : item.end] == item.raw


UNIT_HEADERS = [
    ("Đơn vị tính: Triệu đồng", "Cao Bằng, nguồn kinh phí 2009-2015", MILLION),
    ("DVT: Triệu đồng", "Cao Bằng, biểu tổng hợp kinh phí", MILLION),
    ("Kinh phí (triệu đồng)", "Hưng Yên, phụ lục column header", MILLION),
    ("ĐVT: triệu đồng", "the common label", MILLION),
    ("ĐVT: 1.000 đồng", "a factor in digits", 1_000),
    ("ĐVT: 1.000.000 đồng", "a factor of a million", MILLION),
    ("Đơn vị: đồng", "đồng", 1),
    ("Đơn vị tính: nghìn đồng", "nghìn đồng", 1_000),
    ("ĐVT: Tr.đồng", "abbreviated", MILLION),
    ("(Tỷ đồng)", "tỷ in parentheses", BILLION),
    ("Tỷ đồng", "a cell that is only the unit", BILLION),
]


@pytest.mark.parametrize("case", UNIT_HEADERS, ids=lambda c: c[0])
def test_parse_unit_header(case: tuple[str, str, int]) -> None:
    header, _, expected = case
    assert parse_unit_header(header) == expected


NOT_UNIT_HEADERS = [
    "ĐVT",  # Hưng Yên: the unit column's header
    "TT\tNội dung\tĐVT\tDự kiến kết quả đạt được",
    "ĐVT: Người",
    "Đơn vị thực hiện",
    "Số lượng (nghìn)",
    "Lao động",
    "",
]


@pytest.mark.parametrize("header", NOT_UNIT_HEADERS)
def test_not_a_money_unit_header(header: str) -> None:
    assert parse_unit_header(header) is None


SAMPLE_DECISIONS_PERCENTAGES = [
    ("7,7%", "An Giang, kinh phí trung ương đạt", Decimal("7.7"), None, None),
    ("472%", "An Giang, đào tạo nghề đạt", Decimal(472), None, None),
    ("0,2 - 0,5%", "Cao Bằng, tổng thu ngân sách", Decimal("0.2"), Decimal("0.5"), None),
    ("15-20 %", "Bình Phước, tăng bình quân", Decimal(15), Decimal(20), None),
    ("12,35%/năm", "Bình Phước, CNNT tăng bình quân", Decimal("12.35"), None, "năm"),
    ("7,7%/KH", "An Giang, of the plan", Decimal("7.7"), None, "KH"),
]


@pytest.mark.parametrize("case", SAMPLE_DECISIONS_PERCENTAGES, ids=lambda c: c[0])
def test_parse_percentage(case: tuple[str, str, Decimal, Decimal | None, str | None]) -> None:
    raw, _, value, value_max, per = case
    parsed = parse_percentage(raw)
    assert parsed is not None
    assert (parsed.value, parsed.value_max, parsed.per) == (value, value_max, per)
    assert parsed.is_percentage


@pytest.mark.parametrize("raw", ["472 lớp", "%", "7,7", "khoảng 4,1 tỷ đồng"])
def test_not_a_percentage(raw: str) -> None:
    assert parse_percentage(raw) is None


# (text, where it comes from, [(value, value_max, qualifier, unit)]).
SAMPLE_DECISIONS_QUANTITIES = [
    (
        "Hỗ trợ tổ chức đào tạo nghề cho khoảng 420 lao động (tương đương 12 lớp) cho các cơ sở",
        "Hưng Yên, mục tiêu cụ thể",
        [(420, None, "about", "lao động"), (12, None, "exact", "lớp")],
    ),
    (
        "hỗ trợ 21 cơ sở CNNT ứng dụng máy móc thiết bị tiên tiến",
        "Hưng Yên",
        [(21, None, "exact", "cơ sở CNNT")],
    ),
    (
        "hỗ trợ lập quy hoạch chi tiết cho tối thiểu 02 cụm công nghiệp (CCN)",
        "Hưng Yên",
        [(2, None, "at_least", "cụm công nghiệp")],
    ),
    (
        "Đến năm 2020 có trên 300 doanh nghiệp\nvà cơ sở công nghiệp nông thôn",
        "An Giang",
        [(300, None, "over", "doanh nghiệp")],
    ),
    (
        "giải quyết việc làm cho 2.550\nlao động, thuộc các lĩnh vực",
        "An Giang, a line break inside",
        [(2550, None, "exact", "lao động")],
    ),
    (
        "Luật Doanh nghiệp hơn 500 lượt đại biểu tham dự",
        "An Giang",
        [(500, None, "over", "lượt đại biểu")],
    ),
    (
        "khu vực công nghiệp thu hút 150 ngàn lao động.",
        "An Giang, a scale word",
        [(150_000, None, "exact", "lao động")],
    ),
    (
        "Số mô hình trình diễn kỹ thuật được xây dựng khoảng: 15 mô hình;",
        "Bình Phước, a colon after the qualifier",
        [(15, None, "about", "mô hình")],
    ),
    (
        "mỗi đợt tổ chức bình chọn, lựa chọn khoảng từ 05 đến 10 sản phẩm tham gia",
        "Cao Bằng, two qualifier words",
        [(5, 10, "about", "sản phẩm")],
    ),
    (
        "Tạo việc làm cho từ 270 lao động nông thôn",
        "Đồng Nai, mục tiêu cụ thể",
        [(270, None, "at_least", "lao động")],
    ),
    (
        "Tạo ra từ 150 đến 170 mẫu sản phẩm có thiết kế mới",
        "Đồng Nai",
        [(150, 170, "range", "mẫu sản phẩm")],
    ),
    (
        "Kết thúc đào tạo nghề có ít nhất 327 lao động (tương đương 85% số lao động",
        "Đồng Nai",
        [(327, None, "at_least", "lao động"), (85, None, "exact", "%")],
    ),
    (
        "03 - 04 hợp đồng ghi nhớ được ký kết",
        "Đồng Nai",
        [(3, 4, "range", "hợp đồng")],
    ),
    (
        "Hỗ trợ lãi suất vốn vay cho 01 - 02 cơ sở công nghiệp nông thôn gây ô nhiễm",
        "Đồng Nai",
        [(1, 2, "range", "cơ sở công nghiệp nông thôn")],
    ),
    (
        "xây dựng 24 chuyên đề khuyến công trên Đài, định kỳ 02 chuyên đề/tháng.",
        "Đồng Nai, a rate",
        [(24, None, "exact", "chuyên đề"), (2, None, "exact", "chuyên đề/tháng")],
    ),
    (
        "Tổ chức 05 hội nghị tập huấn nghiệp vụ, với 90 đại biểu/05 năm;",
        "Cao Bằng, a rate with a number",
        [(5, None, "exact", "hội nghị"), (90, None, "exact", "đại biểu/05 năm")],
    ),
    (
        "Tổ chức 06 cuộc Hội nghị triển khai Luật Đầu tư",
        "An Giang, a noun not in the table before a known one",
        [(6, None, "exact", "cuộc Hội nghị")],
    ),
    (
        "Thực hiện 2.000 đặc san chuyên ngành Công Thương",
        "Đồng Nai",
        [(2000, None, "exact", "đặc san")],
    ),
    (
        "hỗ trợ từ 5 cơ sở trở lên",
        "a qualifier after the unit",
        [(5, None, "at_least", "cơ sở")],
    ),
]


@pytest.mark.parametrize("case", SAMPLE_DECISIONS_QUANTITIES, ids=lambda c: c[0][:70])
def test_find_quantities(case: tuple[str, str, list[tuple[int, int | None, str, str]]]) -> None:
    text, _, expected = case
    found = find_quantities(text)
    assert [(q.value, q.value_max, q.qualifier.value, q.unit) for q in found] == expected
    assert all(text[q.start : q.end] == q.raw for q in found)


NO_QUANTITIES = [
    "Định kỳ vào ngày 20 tháng 12 hàng năm, các sở",  # Hưng Yên: a date
    "Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020",
    "Tổng kinh phí: 1.260 triệu đồng",  # money
    "khuyến công quốc gia 03, khuyến công địa phương 201",  # no unit
    "Căn cứ Quyết định số 1288/QĐ-TTg ngày 01/8/2014",
    "(Chi tiết dự kiến kinh phí tại Phụ\nlục số 02 kèm theo)",
]


@pytest.mark.parametrize("text", NO_QUANTITIES, ids=lambda t: t[:60])
def test_no_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_a_unit_stays_in_its_table_row() -> None:
    text = "Tổng cộng\t\t1,514\t\t3,214\nPhụ lục kèm theo"
    assert find_quantities(text) == []


def test_parse_quantity_cells_and_phrases() -> None:
    assert (quantity("05").value, quantity("05").unit) == (5, None)
    assert quantity("khoảng 420 lao động").qualifier is Qualifier.ABOUT
    assert quantity("trên 14.000 cơ sở CNNT").value == 14_000
    assert parse_quantity("Người") is None
    assert parse_quantity("630 triệu đồng") is None
    assert parse_quantity("420 lao động và 12 lớp") is None


def test_quantities_are_read_in_the_given_convention() -> None:
    assert quantity("2.550 lao động").value == 2550
    assert quantity("2.550 lao động").is_ambiguous
    english = parse_quantity("2.550 lao động", convention=EN)
    assert english is not None and english.value == Decimal("2.55")


@given(st.text(max_size=80))
def test_parsers_and_finders_never_raise(text: str) -> None:
    parse_amount(text, default_unit=MILLION)
    parse_quantity(text)
    parse_unit_header(text)
    nfc = unicodedata.normalize("NFC", text)
    found: list[Amount | Quantity] = [*find_amounts(text), *find_quantities(text)]
    for item in found:
        assert nfc[item.start : item.end] == item.raw


def test_decomposed_text_reads_as_its_nfc_form() -> None:
    text = unicodedata.normalize("NFD", "Tổng kinh phí: 1.260 triệu đồng cho khoảng 420 lao động")
    [money] = find_amounts(text)
    [count] = find_quantities(text)
    assert (money.raw, money.amount_vnd) == ("1.260 triệu đồng", 1_260 * MILLION)
    assert (count.raw, count.unit) == ("khoảng 420 lao động", "lao động")
    assert amount(text.split(": ")[1].split(" cho")[0]).amount_vnd == 1_260 * MILLION


@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789.,-% /\n\ttriệuđồngkhoảngtừđếnlaođộng")),
        max_size=80,
    )
)
def test_finders_never_raise_on_number_like_text(text: str) -> None:
    found: list[Amount | Quantity] = [*find_amounts(text), *find_quantities(text)]
    for item in found:
        assert text[item.start : item.end] == item.raw


# --- issue 14: amounts as real documents write them ------------------------------------------


def test_a_foreign_currency_has_no_amount_vnd_640111ea8077e047() -> None:
    """A consular fee in ../shared/corpus/text/640111ea8077e047.txt: dollars, never đồng."""
    (fee,) = find_amounts("Tại cơ quan đại diện: 10 USD/bản")
    assert (fee.raw, fee.value, fee.currency, fee.amount_vnd, fee.per) == (
        "10 USD/bản",
        Decimal(10),
        "USD",
        None,
        "bản",
    )


@pytest.mark.parametrize(
    "case",
    [
        ("kim ngạch xuất khẩu đạt 4,2 tỷ USD", "4,2 tỷ USD", Decimal("4.2"), BILLION, "USD"),
        ("thu hút 35 triệu USD vốn FDI", "35 triệu USD", Decimal(35), MILLION, "USD"),
        ("khoảng 12 triệu Euro", "khoảng 12 triệu Euro", Decimal(12), MILLION, "EUR"),
    ],
    ids=lambda c: c[0],
)
def test_issue_14_a_scaled_foreign_amount_is_not_vnd(
    case: tuple[str, str, Decimal, int, str],
) -> None:
    text, raw, value, multiplier, currency = case
    (found,) = find_amounts(text)
    assert (found.raw, found.value, found.multiplier, found.currency) == (
        raw,
        value,
        multiplier,
        currency,
    )
    assert found.amount_vnd is None and found.candidates == ()
    assert parse_unit_header("ĐVT: triệu USD") is None


def test_an_amount_in_dong_says_vnd() -> None:
    assert amount("73,44 tỷ").currency == amount("500 trđ").currency == "VND"


@pytest.mark.parametrize(
    "case",
    [
        ("2 tỷ 350 triệu đồng", 2_350 * MILLION, Decimal(2350), "triệu đồng"),
        ("1 tỷ 200 triệu 500 nghìn đồng", 1_200_500_000, Decimal(1_200_500), "nghìn đồng"),
        ("khoảng 3 tỷ 50 triệu", 3_050 * MILLION, Decimal(3050), "triệu"),
        ("12 triệu 500 nghìn đồng", 12_500_000, Decimal(12_500), "nghìn đồng"),
    ],
    ids=lambda c: c[0],
)
def test_issue_14_a_compound_amount_is_one_figure(case: tuple[str, int, Decimal, str]) -> None:
    text, vnd, value, unit = case
    (found,) = find_amounts(f"Tổng kinh phí: {text}.")
    assert (found.raw, found.amount_vnd, found.value, found.unit) == (text, vnd, value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "2 tỷ, 350 triệu đồng",  # a list, not one figure
        "5 tỷ 6 tỷ đồng",  # the second is not smaller
        "1 tỷ 1.500 triệu đồng",  # the second is not below one unit of the first
        "2,5 tỷ 300 triệu đồng",  # the first is not whole
    ],
)
def test_issue_14_two_amounts_side_by_side_stay_two(text: str) -> None:
    assert len(find_amounts(text)) == 2


@pytest.mark.parametrize(
    "case",
    [
        ("500 trđ", 500 * MILLION),
        ("1.250 tr.đ", 1_250 * MILLION),
        ("150 nghìn đồng", 150_000),
        ("1.800.000,0 đồng", 1_800_000),
        ("2.718.281.828 đồng", 2_718_281_828),
    ],
    ids=lambda c: c[0],
)
def test_issue_14_abbreviated_units_and_decimal_tails(case: tuple[str, int]) -> None:
    text, vnd = case
    assert amount(text).amount_vnd == vnd


def test_a_rate_keeps_its_per_0abcf1a5292b31ec() -> None:
    """../shared/corpus/text/0abcf1a5292b31ec.txt: "2. Mức hỗ trợ: 500.000 đồng/hộ/tháng;"."""
    (rate,) = find_amounts("“2. Mức hỗ trợ: 500.000 đồng/hộ/tháng;")
    assert (rate.amount_vnd, rate.unit, rate.per) == (500_000, "đồng/hộ/tháng", "hộ/tháng")


def test_a_floor_is_at_least_nghi_dinh_137_2026() -> None:
    """nghi-dinh-so-137-2026-nd-cp-469361.pdf: "… 5% vốn điều lệ nhưng không thấp hơn 20 tỷ
    đồng"; "hơn" alone read it as "over"."""
    (floor,) = find_amounts(
        "ký quỹ một khoản tiền tương đương 5% vốn điều lệ nhưng không thấp hơn 20 tỷ đồng"
    )
    assert (floor.raw, floor.qualifier) == ("không thấp hơn 20 tỷ đồng", Qualifier.AT_LEAST)
    (cap,) = find_amounts("không vượt mức 1.500 tỷ đồng")  # issue 14
    assert (cap.amount_vnd, cap.qualifier) == (1_500 * BILLION, Qualifier.UP_TO)


def test_a_unit_line_of_thousands_3066a06b520a2418() -> None:
    """../shared/corpus/text/3066a06b520a2418.txt: a fee table's unit line."""
    assert parse_unit_header("Đơn vị tính: 1.000 đồng/trẻ,học sinh/tháng") == 1_000
    assert parse_unit_header("ĐVT: 1.000 đồng") == parse_unit_header("ĐVT: nghìn đồng") == 1_000


def test_a_rate_unit_line_3066a06b520a2418() -> None:
    """../shared/corpus/text/3066a06b520a2418.txt: the fee table's unit is per child or pupil
    and month, the whole of it the rate's ``per``; a plain money unit states no rate."""
    assert parse_unit_header_rate("Đơn vị tính: 1.000 đồng/trẻ,học sinh/tháng") == (
        "trẻ,học sinh/tháng"
    )
    assert parse_unit_header_rate("*Đơn vị: Đồng/học sinh/tháng*") == "học sinh/tháng"  # 7650ecce
    assert parse_unit_header_rate("đồng/lượt/khách") == "lượt/khách"  # 1852f731, a ĐVT cell
    assert parse_unit_header_rate("ĐVT: triệu đồng") is None
    assert parse_unit_header_rate("ĐVT: Người") is None
