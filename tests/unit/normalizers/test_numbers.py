"""Numbers in digits: both conventions, ambiguity, roles in text, formatting, on sample strings."""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalizers.numbers import (
    MAX_DIGITS,
    Convention,
    NumberParse,
    find_numbers,
    format_number,
    infer_convention,
    parse_number,
)

from ...conftest import RAW_DIR as RAW

VI, EN = Convention.VI, Convention.EN


def number(raw: str) -> NumberParse:
    parsed = parse_number(raw)
    assert parsed is not None, raw
    return parsed


# (token as printed, where it comes from, its value): one reading only.
SAMPLE_DECISIONS_UNAMBIGUOUS = [
    ("45.547.000.000", "Đồng Nai, kinh phí 2018", Decimal("45547000000")),
    ("4.149.000.000", "Đồng Nai, kinh phí đối ứng", Decimal("4149000000")),
    ("73,44", "An Giang, tổng kinh phí (tỷ)", Decimal("73.44")),
    ("1.202,433", "Cao Bằng, giá trị sản xuất 2009 (tỷ)", Decimal("1202.433")),
    ("188,33", "Cao Bằng, KCĐP 2013 (triệu)", Decimal("188.33")),
    ("2.963,455", "Cao Bằng, KCĐP 2009-2015", Decimal("2963.455")),
    ("7.928,455", "Cao Bằng, tổng kinh phí 2009-2015", Decimal("7928.455")),
    ("7.763,445", "Cao Bằng, KCQG và KCĐP", Decimal("7763.445")),
    ("05", "Hưng Yên, 05 cơ sở", Decimal(5)),
    ("01", "Hưng Yên, 01 hệ thống", Decimal(1)),
    ("126", "Hưng Yên, phụ lục", Decimal(126)),
    ("-", "Cao Bằng, Biểu 02: empty cell", Decimal(0)),
]
OTHER_NUMBER_FORMS = [
    ("–", "an en dash in a table cell", Decimal(0)),
    ("45 547 000 000", "spaces as group separators", Decimal("45547000000")),
    ("45\u00a0547\u00a0000\u00a0000", "NBSP as group separators", Decimal("45547000000")),
    ("1\u202f202,433", "narrow NBSP as group separator", Decimal("1202.433")),
    ("-5", "a negative cell", Decimal(-5)),
]


@pytest.mark.parametrize(
    "case", SAMPLE_DECISIONS_UNAMBIGUOUS + OTHER_NUMBER_FORMS, ids=lambda c: c[0]
)
def test_unambiguous_tokens_have_one_value(case: tuple[str, str, Decimal]) -> None:
    raw, _, expected = case
    parsed = number(raw)
    assert parsed.raw == raw
    assert not parsed.is_ambiguous
    assert parsed.value == expected
    assert parsed.resolve(VI) == parsed.resolve(EN) == parsed.resolve(None) == expected


# (token, where it comes from, Vietnamese reading, English reading).
SAMPLE_DECISIONS_AMBIGUOUS = [
    ("8.374", "Hưng Yên, tổng kinh phí in the prose", Decimal(8374), Decimal("8.374")),
    ("1,100", "Hưng Yên, phụ lục 2018", Decimal("1.1"), Decimal(1100)),
    ("3,150", "Hưng Yên, phụ lục", Decimal("3.15"), Decimal(3150)),
    ("1,514", "Hưng Yên, tổng cộng 2018", Decimal("1.514"), Decimal(1514)),
    ("541,125", "Cao Bằng, KCĐP 2011", Decimal("541.125"), Decimal(541125)),
    ("20,560", "Bình Phước, tổng kinh phí (tỷ)", Decimal("20.56"), Decimal(20560)),
    ("1.260", "Bình Phước, đào tạo nghề (triệu)", Decimal(1260), Decimal("1.26")),
]


@pytest.mark.parametrize("case", SAMPLE_DECISIONS_AMBIGUOUS, ids=lambda c: c[0])
def test_ambiguous_tokens_keep_both_readings(case: tuple[str, str, Decimal, Decimal]) -> None:
    raw, _, vi, en = case
    parsed = number(raw)
    assert parsed.is_ambiguous
    assert parsed.value is None
    assert dict(parsed.candidates) == {VI: vi, EN: en}
    assert (parsed.resolve(VI), parsed.resolve(EN), parsed.resolve(None)) == (vi, en, None)


NOT_NUMBERS = [
    "",
    "   ",
    "21/5/2012",
    "45/2012/NĐ-CP",
    "1.2,3.4",
    "1..000",
    "1,00,000",
    "12 5",
    "5.",
    ",5",
    "--",
    "Người",
    "7,7%",
]


@pytest.mark.parametrize("raw", NOT_NUMBERS)
def test_not_a_number_gives_none(raw: str) -> None:
    assert parse_number(raw) is None


# Figures too large for any dataset column, as a typo in a decision would print them: read
# exactly (the pipeline decides what fits its columns, see figure_out_of_range).
OVERSIZED_FIGURES = [
    ("45.547.000.000.000.000.000", Decimal("45547000000000000000")),  # Đồng Nai, 3 groups too many
    ("9.999.999.999.999", Decimal("9999999999999")),
    ("123.456.789.012.345.678.901.234.567.890,123", Decimal("123456789012345678901234567890.123")),
]


@pytest.mark.parametrize("case", OVERSIZED_FIGURES, ids=lambda c: c[0])
def test_oversized_figures_read_exactly(case: tuple[str, Decimal]) -> None:
    raw, expected = case
    assert number(raw).value == expected
    assert number(format_number(expected, VI)).value == expected
    [found] = find_numbers(f"kinh phí {raw} đồng")
    assert found.number.value == expected


def test_a_token_of_more_than_max_digits_is_not_a_number() -> None:
    """Python prints no int of more than 4 300 digits: such a token must not become a figure whose
    amount in đồng or whose message cannot be printed."""
    assert number("9" * MAX_DIGITS).value == Decimal("9" * MAX_DIGITS)
    assert parse_number("9" * (MAX_DIGITS + 1)) is None
    assert parse_number("1." + ".".join(["000"] * 2000)) is None
    assert find_numbers("chi " + "9" * 5000 + " đồng") == []


def test_english_only_tokens_keep_their_one_reading() -> None:
    assert dict(number("1,202.43").candidates) == {EN: Decimal("1202.43")}
    assert number("1,000,000").value == Decimal(1000000)
    assert number("3.5").resolve(VI) == Decimal("3.5")


INFERENCES = [
    ("Cao Bằng, kinh phí 2009-2015", ["225", "550", "541,125", "423", "188,33", "2.963,455"], VI),
    ("Đồng Nai, kinh phí 2018", ["45.547.000.000", "4.149.000.000"], VI),
    ("An Giang, tổng kinh phí", ["73,44", "6", "38,09", "29,35"], VI),
    ("Hưng Yên, phụ lục", ["126", "1,100", "1,150", "1,500", "3,750", "1,514", "8,374"], None),
    ("English decimals", ["1,100", "3.5"], EN),
    ("English groups", ["1,000,000", "250"], EN),
    ("both separators, English", ["1,202.43"], EN),
    ("tokens that disagree", ["73,44", "1,000,000"], None),
    ("nothing at all", [], None),
    ("no numbers", ["ĐVT", "Người", "-"], None),
]


@pytest.mark.parametrize("case", INFERENCES, ids=lambda c: c[0])
def test_infer_convention(case: tuple[str, list[str], Convention | None]) -> None:
    _, tokens, expected = case
    assert infer_convention(tokens) == expected
    assert infer_convention(iter(tokens)) == expected  # any iterable


def test_cao_bang_rows_add_up_once_the_convention_is_inferred() -> None:
    """Cao Bằng 2009-2015: the yearly local budgets add up to the printed total."""
    row = ["225", "550", "541,125", "423", "188,33", "400", "636"]
    total = "2.963,455"
    convention = infer_convention([*row, total])
    assert convention is VI
    values = [number(t).resolve(convention) or Decimal("NaN") for t in row]
    assert sum(values, Decimal(0)) == number(total).resolve(convention) == Decimal("2963.455")


def test_hung_yen_appendix_total_matches_the_prose_in_the_other_convention() -> None:
    """Hưng Yên prints 8.374 (triệu) in the prose and 8,374 in the appendix: the same total."""
    prose, appendix = number("8.374"), number("8,374")
    assert infer_convention(["1,100", "1,150", "8,374"]) is None  # the caller must decide
    assert prose.resolve(VI) == appendix.resolve(EN) == Decimal(8374)


# (sentence, where it comes from, [(token, role)]).
SAMPLE_DECISIONS_ROLES = [
    (
        "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công;",
        "Hưng Yên",
        [("45", "document_number"), ("2012", "document_number"), ("21", "date"), ("5", "date"),
         ("2012", "date")],
    ),
    (
        "Số: 270/QĐ - UBND",
        "Cao Bằng",
        [("270", "document_number")],
    ),
    (
        "theo Nghị quyết số 19-NQ/TW ngày 25/10/2017",
        "Đồng Nai",
        [("19", "document_number"), ("25", "date"), ("10", "date"), ("2017", "date")],
    ),
    (
        "Căn cứ Luật Tổ chức chính quyền địa phương\nngày 19 tháng 6 năm 2015;",
        "An Giang",
        [("19", "date"), ("6", "date"), ("2015", "date")],
    ),
    (
        "Định kỳ vào ngày 20 tháng 12 hàng năm, các sở",
        "Hưng Yên",
        [("20", "date"), ("12", "date")],
    ),
    (
        "Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020",
        "Cao Bằng",
        [("2016", "year"), ("2020", "year")],
    ),
    (
        "đến năm 2020 có trên 300 doanh nghiệp",
        "An Giang",
        [("2020", "year"), ("300", "value")],
    ),
    (
        "từ năm 2013 đến 2015 đạt khoảng\n782 tỷ đồng",
        "An Giang",
        [("2013", "year"), ("2015", "year"), ("782", "value")],
    ),
    (
        "Điều 5. Kinh phí thực hiện\n1. Tổng kinh phí thực hiện Chương trình",
        "Bình Phước",
        [("5", "label"), ("1", "label")],
    ),
    (
        "(Chi tiết dự kiến kinh phí tại Phụ\nlục số 02 kèm theo)",
        "An Giang",
        [("02", "label")],
    ),
    (
        "1\tKinh phí khuyến công quốc gia\t520\t90\t60\t910\t750\t770\t1.700\t4.800",
        "Cao Bằng, table row",
        [("1", "label"), ("520", "value"), ("90", "value"), ("60", "value"), ("910", "value"),
         ("750", "value"), ("770", "value"), ("1.700", "value"), ("4.800", "value")],
    ),
    (
        "2\tNội dung 2: Nâng cao năng lực quản lý\t\t100\t-\t495\t495",
        "Cao Bằng, Biểu 02",
        [("2", "label"), ("2", "label"), ("100", "value"), ("-", "value"), ("495", "value"),
         ("495", "value")],
    ),
    (
        "45.547.000.000 đồng (Bốn mươi lăm tỷ năm trăm bốn mươi bảy triệu đồng)",
        "Đồng Nai",
        [("45.547.000.000", "value")],
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", SAMPLE_DECISIONS_ROLES, ids=lambda c: c[0][:60])
def test_find_numbers_roles(case: tuple[str, str, list[tuple[str, str]]]) -> None:
    text, _, expected = case
    found = find_numbers(text)
    assert [(m.raw, m.role.value) for m in found] == expected
    assert all(text[m.start : m.end] == m.raw for m in found)


def test_find_numbers_reads_space_groups_and_keeps_others_apart() -> None:
    found = find_numbers("tổng 45 547 000 000 đồng; mã 05 100; bảng\t105\t126")
    assert [(m.raw, m.number.value) for m in found] == [
        ("45 547 000 000", Decimal("45547000000")),
        ("05", Decimal(5)),
        ("100", Decimal(100)),
        ("105", Decimal(105)),
        ("126", Decimal(126)),
    ]


def test_find_numbers_leaves_digits_inside_words() -> None:
    assert find_numbers("KT2, VTV1, GIAI Đ0ẠN") == []
    assert [m.raw for m in find_numbers("50.000đ")] == ["50.000"]


@pytest.mark.parametrize("path", sorted(RAW.glob("*.txt")), ids=lambda p: p.name)
def test_find_numbers_spans_index_the_sample_decisions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = find_numbers(text)
    assert found
    assert all(text[m.start : m.end] == m.raw for m in found)
    assert [m.start for m in found] == sorted(m.start for m in found)


FORMATS = [
    (45547000000, VI, None, "45.547.000.000"),
    (Decimal("1202.433"), VI, None, "1.202,433"),
    (Decimal("73.44"), VI, None, "73,44"),
    (1100, EN, None, "1,100"),
    (Decimal("1202.433"), EN, None, "1,202.433"),
    (Decimal("7928.4555"), VI, 3, "7.928,456"),
    (Decimal("0.5"), VI, 0, "1"),
    (Decimal("-2.5"), EN, 0, "-3"),
    (Decimal("1E+3"), VI, None, "1.000"),
    (0, VI, 2, "0,00"),
]


@pytest.mark.parametrize("case", FORMATS, ids=lambda c: c[3])
def test_format_number(case: tuple[Decimal | int, Convention, int | None, str]) -> None:
    value, convention, decimals, expected = case
    assert format_number(value, convention, decimals) == expected


def test_format_number_refuses_nan() -> None:
    with pytest.raises(ValueError):
        format_number(Decimal("NaN"), VI)


@given(st.integers(min_value=-(10**18), max_value=10**18), st.sampled_from(list(Convention)))
def test_integers_round_trip(value: int, convention: Convention) -> None:
    assert number(format_number(value, convention)).resolve(convention) == value


@given(
    st.integers(min_value=0, max_value=6).flatmap(
        lambda places: st.decimals(
            min_value=-(10**15),
            max_value=10**15,
            places=places,
            allow_nan=False,
            allow_infinity=False,
        )
    ),
    st.sampled_from(list(Convention)),
)
def test_decimals_round_trip(value: Decimal, convention: Convention) -> None:
    assert number(format_number(value, convention)).resolve(convention) == value


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=4),
    st.sampled_from(list(Convention)),
)
def test_rounded_decimals_round_trip(value: Decimal, decimals: int, convention: Convention) -> None:
    parsed = number(format_number(value, convention, decimals))
    expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert parsed.resolve(convention) == expected


@given(st.text(max_size=40))
def test_parse_number_never_raises(text: str) -> None:
    parsed = parse_number(text)
    assert parsed is None or parsed.candidates


@given(st.text(alphabet=st.sampled_from("0123456789.,- \t\n/năm"), max_size=60))
def test_find_numbers_never_raises_and_spans_hold(text: str) -> None:
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.raw


def test_find_numbers_spans_index_the_nfc_text() -> None:
    text = unicodedata.normalize("NFD", "Điều 4. Kinh phí năm 2018: 1.260 triệu đồng")
    nfc = unicodedata.normalize("NFC", text)
    found = find_numbers(text)
    assert [(m.raw, m.role.value) for m in found] == [
        ("4", "label"),
        ("2018", "year"),
        ("1.260", "value"),
    ]
    assert all(nfc[m.start : m.end] == m.raw for m in found)


def test_a_bold_cell_of_a_web_copy_7650ecce3d20626b() -> None:
    """../shared/corpus/text/7650ecce3d20626b.txt prints a fee cell as "**3.200.000**"."""
    bold = parse_number("**3.200.000**")
    assert bold is not None and bold.value == Decimal(3_200_000)
    figure = parse_number("**18.500**")  # issue 14
    assert figure is not None and figure.resolve(Convention.VI) == Decimal(18_500)
    assert parse_number("** **") is None and parse_number("**3.200.000") is None
