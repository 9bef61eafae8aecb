"""Budget tables read cell by cell: the sample decisions' tables, and synthetic ones."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.model import Cell, Document, Table
from extractors.text import extract_text_file
from normalizers.numbers import Convention
from pipeline.build.budget_model import BudgetFigure
from pipeline.build.budget_tables import TableReading, read_budget_table
from pipeline.build.findings import Finding
from pipeline.build.tables import find_text_tables
from pipeline.kinds import FundingSource, Measure, Severity

from ...conftest import RAW_DIR, SAMPLES, text_document

NATIONAL, LOCAL, TOTAL = FundingSource.NATIONAL, FundingSource.LOCAL, FundingSource.TOTAL
AMOUNT, QUANTITY = Measure.AMOUNT, Measure.QUANTITY
MILLION = 1_000_000


# --- helpers --------------------------------------------------------------------------------


@cache
def _sample(name: str, text: str | None = None) -> tuple[Document, tuple[TableReading | None, ...]]:
    path = RAW_DIR / SAMPLES[name]
    doc = extract_text_file(path, None if text is None else text.encode("utf-8"))
    tables = find_text_tables(doc)
    return doc, tuple(read_budget_table(doc, table, i) for i, table in enumerate(tables))


def _table(name: str, title_start: str, text: str | None = None) -> tuple[Document, TableReading]:
    doc, readings = _sample(name, text)
    [reading] = [r for r in readings if r and r.title and r.title.startswith(title_start)]
    return doc, reading


def _read_text(text: str) -> TableReading:
    doc = text_document(text)
    [table] = find_text_tables(doc)
    reading = read_budget_table(doc, table, 0)
    assert reading is not None
    return reading


def _figures(
    reading: TableReading,
    *,
    row: str | None = None,
    item: str | None = None,
    year: int | None = None,
    funding: FundingSource | None = None,
    measure: Measure = AMOUNT,
) -> list[BudgetFigure]:
    return [
        f
        for f in reading.figures
        if (row is None or f.row_label == row)
        and (item is None or (f.item or "").startswith(item))
        and f.year == year
        and (funding is None or f.funding_source is funding)
        and f.measure is measure
    ]


def _one(reading: TableReading, **where: object) -> BudgetFigure:
    found = _figures(reading, **where)  # type: ignore[arg-type]
    assert len(found) == 1, (where, found)
    return found[0]


def _errors(reading: TableReading) -> list[Finding]:
    return [f for f in reading.findings if f.severity is Severity.ERROR]


def _checks(reading: TableReading, check: str) -> list[Finding]:
    return [f for f in reading.findings if f.check == check]


# --- Cao Bằng, BIỂU 02: amounts by year and source, every row and column adds up ------------

# The eight content rows and the "Cộng" row of BIỂU 02, cell by cell as the file prints them:
# (2016 KCQG, 2016 KCDP, … 2020 KCQG, 2020 KCDP, Tổng cộng KCQG, Tổng cộng KCDP, Tổng chung).
BIEU_02 = {
    "1": ("", "70", "100", "70", "100", "50", "300", "70", "200", "70", "700", "330", "1.030"),
    "2": ("", "100", "", "100", "", "85", "", "110", "", "100", "-", "495", "495"),
    "3": ("700", "300", "700", "300", "700", "450", "800", "500", "700", "500", "3.600", "2.050",
          "5.650"),
    "4": ("", "100", "", "65", "", "100", "", "100", "", "100", "-", "465", "465"),
    "5": ("", "15", "", "", "", "15", "", "", "", "30", "-", "60", "60"),
    "6": ("500", "", "800", "", "800", "", "300", "", "800", "", "3.200", "-", "3.200"),
    "7": ("", "15", "", "15", "", "", "", "", "", "50", "-", "80", "80"),
    "8": ("", "", "", "50", "", "", "100", "20", "", "50", "100", "120", "220"),
    "Cộng": ("1.200", "600", "1.600", "600", "1.600", "700", "1.500", "800", "1.700", "900",
             "7.600", "3.600", "11.200"),
}  # fmt: skip
BIEU_02_COLUMNS = [
    (year, funding) for year in (2016, 2017, 2018, 2019, 2020) for funding in (NATIONAL, LOCAL)
] + [(None, NATIONAL), (None, LOCAL), (None, TOTAL)]


def _vi(raw: str) -> Decimal:
    return Decimal(0) if raw == "-" else Decimal(raw.replace(".", "").replace(",", "."))


BIEU_02_CELLS = [
    pytest.param(row, year, funding, raw, id=f"row {row} {year or 'total'} {funding} {raw!r}")
    for row, cells in BIEU_02.items()
    for (year, funding), raw in zip(BIEU_02_COLUMNS, cells, strict=True)
]


def _bieu_02(text: str | None = None) -> TableReading:
    return _table("cao_bang", "BIỂU 02.", text)[1]


def _bieu_02_figure(reading: TableReading, row: str, year: int | None, funding: FundingSource):
    if row == "Cộng":
        return _figures(reading, item="Cộng", year=year, funding=funding)
    return _figures(reading, row=row, year=year, funding=funding)


@pytest.mark.parametrize(("row", "year", "funding", "raw"), BIEU_02_CELLS)
def test_cao_bang_bieu_02_cell_by_cell(
    row: str, year: int | None, funding: FundingSource, raw: str
) -> None:
    found = _bieu_02_figure(_bieu_02(), row, year, funding)
    if not raw:
        assert found == []  # an empty cell is no figure
        return
    [figure] = found
    assert (figure.raw, figure.value) == (raw, _vi(raw))
    assert figure.amount_vnd == _vi(raw) * MILLION
    assert figure.is_total is (row == "Cộng" or year is None)
    assert figure.is_derived is False
    assert figure.unit_of_measure == "Triệu đồng"


def test_cao_bang_bieu_02_adds_up_and_says_so() -> None:
    reading = _bieu_02()
    assert reading.title is not None
    assert reading.title.startswith("BIỂU 02. TỔNG HỢP KINH PHÍ THỰC HIỆN CÁC NỘI DUNG")
    assert reading.unit_multiplier == MILLION
    assert reading.convention is Convention.VI
    assert len(reading.figures) == sum(1 for cells in BIEU_02.values() for raw in cells if raw)
    assert _one(reading, row="1", funding=TOTAL).amount_vnd == 1_030_000_000  # "1.030"
    assert _errors(reading) == []
    # Every token ("1.030", "700") reads both ways; the sums decide, and the decision is recorded.
    [convention] = _checks(reading, "number_convention")
    assert convention.severity is Severity.INFO
    # Row 3 is printed in full in this copy (2016 … 2020 and its totals): nothing to derive.
    assert _checks(reading, "cells_derived") == []


def _cut_row_3() -> str:
    """The Cao Bằng text with BIỂU 02's row 3 cut short after "700  300" (its 2016 cells)."""
    text = (RAW_DIR / SAMPLES["cao_bang"]).read_text(encoding="utf-8")
    cut = re.sub(r"(?m)^(3\tNội dung 3:[^\t]*\t700\t300)\t.*$", r"\1", text)
    assert cut != text
    return cut


# The cells of row 3 the cut copy lacks: column total ("Cộng") minus the seven other rows.
ROW_3_DERIVED = [
    (2017, NATIONAL, "700"),  # 1.600 - (100 + 800)
    (2018, NATIONAL, "700"),  # 1.600 - (100 + 800)
    (2019, NATIONAL, "800"),  # 1.500 - (300 + 300 + 100)
    (2020, NATIONAL, "700"),  # 1.700 - (200 + 800)
    (2017, LOCAL, "300"),  # 600 - (70 + 100 + 65 + 15 + 50)
    (2018, LOCAL, "450"),  # 700 - (50 + 85 + 100 + 15)
    (2019, LOCAL, "500"),  # 800 - (70 + 110 + 100 + 20)
    (2020, LOCAL, "500"),  # 900 - (70 + 100 + 100 + 30 + 50 + 50)
    (None, NATIONAL, "3.600"),  # 7.600 - (700 + 3.200 + 100)
    (None, LOCAL, "2.050"),  # 3.600 - (330 + 495 + 465 + 60 + 80 + 120)
    (None, TOTAL, "5.650"),  # 11.200 - (1.030 + 495 + 465 + 60 + 3.200 + 80 + 220)
]


@pytest.mark.parametrize(
    ("year", "funding", "value"),
    [pytest.param(*cell, id=f"'3 … 700 300' {cell[0] or 'total'} {cell[1]} = {cell[2]}")
     for cell in ROW_3_DERIVED],
)  # fmt: skip
def test_cao_bang_bieu_02_row_cut_short_is_derived_from_column_totals(
    year: int | None, funding: FundingSource, value: str
) -> None:
    figure = _one(_bieu_02(_cut_row_3()), row="3", year=year, funding=funding)
    assert figure.is_derived is True
    assert figure.value == _vi(value)
    assert figure.amount_vnd == _vi(value) * MILLION
    assert (figure.raw, figure.start, figure.end) == ("", None, None)


def test_cao_bang_bieu_02_row_cut_short_gets_one_warning_and_no_error() -> None:
    reading = _bieu_02(_cut_row_3())
    printed = _one(reading, row="3", year=2016, funding=NATIONAL)
    assert (printed.raw, printed.is_derived) == ("700", False)
    [derived] = _checks(reading, "cells_derived")
    assert derived.severity is Severity.WARNING
    assert "row 3" in derived.message and "11 cells" in derived.message
    assert "Cộng" in derived.message
    assert _errors(reading) == []  # the derived row adds up across: 700+700+700+800+700 = 3.600
    assert len(reading.figures) == len(_bieu_02().figures)


# --- Cao Bằng, "1. Biểu tổng hợp kinh phí": funding per row --------------------------------

SUMMARY = [
    # (row, funding, per year 2016…2020, period total)
    ("I", NATIONAL, ("1.200", "1.600", "1.600", "1.500", "1.700"), "7.600"),
    ("II", LOCAL, ("600", "600", "700", "800", "900"), "3.600"),
    ("III", TOTAL, ("1.800", "2.200", "2.300", "2.300", "2.600"), "11.200"),
]


@pytest.mark.parametrize(
    ("row", "funding", "years", "total"),
    [pytest.param(*line, id=f"{line[0]} {' '.join(line[2])} = {line[3]}") for line in SUMMARY],
)
def test_cao_bang_summary_reads_funding_from_its_rows(
    row: str, funding: FundingSource, years: tuple[str, ...], total: str
) -> None:
    _, reading = _table("cao_bang", "1. Biểu tổng hợp kinh phí")
    for year, raw in zip(range(2016, 2021), years, strict=True):
        figure = _one(reading, row=row, year=year)
        assert (figure.funding_source, figure.raw, figure.value) == (funding, raw, _vi(raw))
    figure = _one(reading, row=row, year=None)
    assert (figure.funding_source, figure.value, figure.is_total) == (funding, _vi(total), True)
    assert figure.amount_vnd == _vi(total) * MILLION


def test_cao_bang_summary_children_and_totals() -> None:
    _, reading = _table("cao_bang", "1. Biểu tổng hợp kinh phí")
    assert _one(reading, row="III", year=None).amount_vnd == 11_200_000_000
    assert _one(reading, row="III", year=None).is_total  # "Tổng cộng 2 nguồn"
    assert _one(reading, row="I", year=2016).is_total is False  # a source's row, not a total
    child = _one(reading, row="2", year=2020)  # "Hỗ trợ quy hoạch chi tiết cụm CN" under I
    assert (child.parent_row_label, child.funding_source, child.value) == ("I", NATIONAL, 500)
    assert _figures(reading, row="2", year=2019) == []  # printed empty
    assert _errors(reading) == []  # 700 + 500 + 0 = 1.200 … and 1.200 + 600 = 1.800 …
    assert reading.unit_multiplier == MILLION


# --- Cao Bằng, 2009–2015: decimal commas ----------------------------------------------------


@pytest.mark.parametrize(
    ("row", "year", "raw", "value"),
    [
        pytest.param("2", 2011, "541,125", Decimal("541.125"), id="'541,125' = 541.125"),
        pytest.param("2", 2013, "188,33", Decimal("188.33"), id="'188,33' = 188.33"),
        pytest.param("2", None, "2.963,455", Decimal("2963.455"), id="'2.963,455' = 2963.455"),
        pytest.param("1", 2015, "1.700", Decimal("1700"), id="'1.700' = 1700"),
        pytest.param("3", 2012, "0", Decimal("0"), id="'0' = 0"),
    ],
)
def test_cao_bang_2009_2015_decimal_commas(
    row: str, year: int | None, raw: str, value: Decimal
) -> None:
    _, reading = _table("cao_bang", "Nguồn kinh phí khuyến công đã thực hiện")
    figure = _one(reading, row=row, year=year)
    assert (figure.raw, figure.value) == (raw, value)
    assert figure.amount_vnd == value * MILLION


def test_cao_bang_2009_2015_totals_add_up() -> None:
    _, reading = _table("cao_bang", "Nguồn kinh phí khuyến công đã thực hiện")
    assert reading.convention is Convention.VI
    assert _checks(reading, "number_convention") == []  # "188,33" decides it, not arithmetic
    assert _one(reading, row="1", year=2009).funding_source is NATIONAL
    assert _one(reading, row="3", year=2010).funding_source is FundingSource.OTHER  # Nguồn khác
    total = _one(reading, item="Tổng kinh phí", year=None)
    assert (total.value, total.amount_vnd, total.is_total) == (
        Decimal("7928.455"),
        7_928_455_000,
        True,
    )
    assert _figures(reading, row="3", year=2009) == []  # empty cell
    assert _errors(reading) == []


# --- Cao Bằng, BIỂU 01: quantities, and a row that does not add up --------------------------


def test_cao_bang_bieu_01_quantities_and_the_row_that_does_not_add_up() -> None:
    doc, reading = _table("cao_bang", "BIỂU QUẢN LÝ KẾ HOẠCH")
    assert reading.unit_multiplier is None
    assert all(f.measure is QUANTITY and f.amount_vnd is None for f in reading.figures)
    workers = _one(reading, row="1", item="Số lao động mới", year=2019, measure=QUANTITY)
    assert (workers.value, workers.unit_of_measure, workers.parent_row_label) == (
        150,
        "Lao động",
        "I.",
    )
    delegates = _one(reading, item="- Số đại biểu", year=None, measure=QUANTITY)
    assert (delegates.value, delegates.parent_row_label, delegates.is_total) == (90, "3", True)
    # "2 | Số học viên … nâng cao năng lực quản lý | Học viên | 35 | | | | 30 | 100"
    [error] = _errors(reading)
    assert (error.check, error.expected, error.actual) == ("row_sum", "65", "100")
    assert doc.text[error.start : error.end] == "100"
    assert "II.2" in error.message
    assert _figures(reading, row="2", item="Số chương trình, giáo trình", measure=QUANTITY) == []
    # The header printed again after a page break is no row.
    assert not [f for f in reading.figures if f.row_label == "TT"]


# --- Hưng Yên: English-convention numbers, shifted cells, a total row without 2020 ---------


def _hung_yen() -> tuple[Document, TableReading]:
    doc, readings = _sample("hung_yen")
    [reading] = [r for r in readings if r]
    return doc, reading


@pytest.mark.parametrize(
    ("row", "amount"),
    [
        pytest.param(row, amount, id=f"{row} '{raw}'")
        for row, raw, amount in [
            ("I", "504", 504),
            ("II", "300", 300),
            ("III", "3,750", 3750),
            ("IV", "380", 380),
            ("V", "150", 150),
            ("VI", "90", 90),
            ("VII", "3,040", 3040),
            ("VIII", "160", 160),
        ]
    ],
)
def test_hung_yen_section_totals(row: str, amount: int) -> None:
    figure = _one(_hung_yen()[1], row=row, year=None)
    assert (figure.value, figure.amount_vnd, figure.is_total) == (amount, amount * MILLION, True)
    assert figure.unit_of_measure == "triệu đồng"


def test_hung_yen_total_row_and_its_missing_2020_cell() -> None:
    doc, reading = _hung_yen()
    assert (
        reading.title == "Phụ lục: DỰ TOÁN KINH PHÍ HOẠT ĐỘNG KHUYẾN CÔNG ĐỊA PHƯƠNG ĐẾN NĂM 2020"
    )
    assert reading.unit_multiplier == MILLION  # "Kinh phí (triệu đồng)"
    # "\tTổng cộng\t\t\t\t1,514\t\t\t3,214\t\t\t\t\t8,374": no 2020 cell at all.
    printed = {
        f.year: (f.raw, f.value, f.is_total)
        for f in reading.figures
        if f.item == "Tổng cộng" and f.measure is AMOUNT
    }
    assert printed == {
        2018: ("1,514", 1514, True),
        2019: ("3,214", 3214, True),
        None: ("8,374", 8374, True),
    }
    assert _figures(reading, item="Tổng cộng", year=2020) == []
    [missing] = _checks(reading, "total_row_missing_cell")
    assert missing.severity is Severity.ERROR
    assert (missing.expected, missing.actual) == ("3,646", None)  # 8,374 - 1,514 - 3,214
    assert "2020" in missing.message
    assert "Tổng cộng" in doc.text[missing.start : missing.end]


@pytest.mark.parametrize(
    "year",
    [
        pytest.param(2018, id="2018 '7' '1,050'"),
        pytest.param(2019, id="2019 '7' '1,050'"),
        pytest.param(2020, id="2020 '7' '1,050'"),
        pytest.param(None, id="Tổng cộng '21' '3,150'"),
    ],
)
def test_hung_yen_row_iii_2_quantity_and_amount(year: int | None) -> None:
    _, reading = _hung_yen()
    quantity = _one(reading, row="2", item="Hỗ trợ ứng dụng máy móc", year=year, measure=QUANTITY)
    amount = _one(reading, row="2", item="Hỗ trợ ứng dụng máy móc", year=year)
    expected = (21, 3150, "3,150") if year is None else (7, 1050, "1,050")
    assert (quantity.value, quantity.unit_of_measure, quantity.amount_vnd) == (
        expected[0],
        "Cơ sở",
        None,
    )
    assert (amount.value, amount.raw, amount.amount_vnd) == (
        expected[1],
        expected[2],
        expected[1] * MILLION,
    )
    assert amount.parent_row_label == "III"


def test_hung_yen_convention_decided_by_arithmetic() -> None:
    _, reading = _hung_yen()
    assert reading.convention is Convention.EN
    [decision] = _checks(reading, "number_convention")
    assert decision.severity is Severity.INFO
    assert "English" in decision.message


def test_hung_yen_shifted_cells_are_realigned_and_reported() -> None:
    _, reading = _hung_yen()
    # "I | … | Người | | 126 | | 126 | 252 | | 504 | 504": 252 stands under 2020's Số lượng.
    assert _one(reading, row="I", year=2020).value == 252
    assert _figures(reading, row="I", year=2020, measure=QUANTITY) == []
    # "IV | … | | | 100 | | | 180 | | | 100 | | 380": 100 + 180 + 100 = 380.
    section_iv = _one(reading, row="IV", year=2020)
    assert (section_iv.value, section_iv.is_derived) == (100, False)
    realigned = {f.message.split(" (")[0] for f in _checks(reading, "cells_realigned")}
    assert realigned == {"row I", "row II", "row IV"}
    assert all(f.severity is Severity.WARNING for f in _checks(reading, "cells_realigned"))
    [layout] = _checks(reading, "row_layout")  # rows IV on have 14 cells and no 2020 amount
    assert "Năm 2020 / Kinh phí" in layout.message


def test_hung_yen_2020_amounts_of_the_second_half_are_derived_from_row_totals() -> None:
    _, reading = _hung_yen()
    derived = {
        (f.row_label, f.parent_row_label): f.value
        for f in reading.figures
        if f.is_derived and f.year == 2020
    }
    assert derived[("V", None)] == 60  # 150 - 30 - 60
    assert derived[("VII", None)] == 1520  # 3,040 - 1,520
    assert derived[("4", "VII")] == 1000  # 2,000 - 1,000
    assert derived[("1", "VIII")] == 30  # 30 in the total, one Hội nghị in 2020
    sections = [
        _one(reading, row=r, year=2020) for r in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
    ]
    assert sum(f.value or 0 for f in sections) == 3646  # what the total row should print


def test_hung_yen_errors_are_the_missing_cell_and_section_i_quantity() -> None:
    _, reading = _hung_yen()
    by_check = {f.check: f for f in _errors(reading)}
    assert set(by_check) == {"total_row_missing_cell", "children_sum"}
    # Section I prints 504 under "Tổng cộng / Số lượng" (the amount again); its one row, 420 Người.
    quantity = by_check["children_sum"]
    assert (quantity.expected, quantity.actual) == ("420", "504")


def test_hung_yen_missing_total_cell_says_what_its_expected_rests_on() -> None:
    # The absence of the 2020 cell is certain (an error); the 3,646 expected rests on rows I, II
    # and IV, whose 2020 amounts were moved from the quantity columns, and on four cells derived
    # from row totals (rows V, VI, VII, VIII; their children are not in the column sum).
    _, reading = _hung_yen()
    [missing] = _checks(reading, "total_row_missing_cell")
    assert (missing.severity, missing.expected) == (Severity.ERROR, "3,646")
    assert missing.message.endswith("(of their cells 3 moved and 4 derived)")


# --- synthetic tables -----------------------------------------------------------------------

GROUPS_ADD_UP = (
    "ĐVT: triệu đồng\n"
    "\n"
    "| TT | Nội dung | Năm 2016 | Năm 2017 | Tổng cộng |\n"
    "|---|---|---:|---:|---:|\n"
    "| I | Đào tạo nghề | 100 | 200 | 300 |\n"
    "| 1 | Lớp nghề mộc | 60 | 120 | 180 |\n"
    "| 2 | Lớp nghề may | 40 | 80 | 120 |\n"
    "| II | Hội chợ | 50 | - | 50 |\n"
    "| | Tổng cộng | 150 | 200 | 350 |\n"
)
CHILDREN_DO_NOT_ADD_UP = GROUPS_ADD_UP.replace(
    "| 2 | Lớp nghề may | 40 | 80 | 120 |", "| 2 | Lớp nghề may | 40 | 70 | 110 |"
)


def test_markdown_groups_that_add_up() -> None:
    reading = _read_text(GROUPS_ADD_UP)
    assert _errors(reading) == []
    assert reading.unit_multiplier == MILLION
    child = _one(reading, row="2", year=2017)
    assert (child.parent_row_label, child.value, child.amount_vnd) == ("I", 80, 80 * MILLION)
    total = _one(reading, item="Tổng cộng", year=None)
    assert (total.value, total.is_total, total.row_label) == (350, True, None)
    assert len(reading.figures) == 15  # five rows × 2016, 2017, Tổng cộng


def test_markdown_children_that_do_not_add_up() -> None:
    doc = text_document(CHILDREN_DO_NOT_ADD_UP)
    [table] = find_text_tables(doc)
    reading = read_budget_table(doc, table, 0)
    assert reading is not None
    # Row 2 adds up on its own (40 + 70 = 110); its parent's 2017 and total cells do not.
    year, total = _errors(reading)
    assert (year.check, year.expected, year.actual) == ("children_sum", "190", "200")
    assert doc.text[year.start : year.end] == "200"
    assert year.start == _one(reading, row="I", year=2017).start  # the parent's cell
    assert (total.check, total.expected, total.actual) == ("children_sum", "290", "300")


def test_a_sum_fed_by_a_moved_cell_is_a_warning_a_printed_one_an_error() -> None:
    # Row 2 is cut short (40 | 90 | 130) and adds up only with 130 as its total: that cell is
    # moved, so the total column's children sum (230 + 130 against 350) is uncertain; 2017's
    # (120 + 90 against 200) adds printed cells in their own columns, and is an error.
    reading = _read_text(
        GROUPS_ADD_UP.replace("| Năm 2017 | Tổng cộng |", "| Năm 2017 | Năm 2018 | Tổng cộng |")
        .replace("|---|---|---:|---:|---:|", "|---|---|---:|---:|---:|---:|")
        .replace(
            "| I | Đào tạo nghề | 100 | 200 | 300 |", "| I | Đào tạo nghề | 100 | 200 | 50 | 350 |"
        )
        .replace(
            "| 1 | Lớp nghề mộc | 60 | 120 | 180 |", "| 1 | Lớp nghề mộc | 60 | 120 | 50 | 230 |"
        )
        .replace("| 2 | Lớp nghề may | 40 | 80 | 120 |", "| 2 | Lớp nghề may | 40 | 90 | 130 |")
        .split("| II |")[0]
    )
    [moved] = _checks(reading, "cells_realigned")
    assert "130 from 'Năm 2018' to 'Tổng cộng'" in moved.message
    sums = {(f.expected, f.actual): f for f in _checks(reading, "children_sum")}
    assert set(sums) == {("210", "200"), ("360", "350")}
    assert sums["210", "200"].severity is Severity.ERROR
    assert sums["360", "350"].severity is Severity.WARNING
    assert "a cell it adds was moved to another column" in sums["360", "350"].message


@pytest.mark.parametrize(
    ("raw", "value"), [pytest.param("-", 0, id="'-' = 0"), pytest.param("–", 0, id="'–' = 0")]
)
def test_dash_cells_are_zero(raw: str, value: int) -> None:
    reading = _read_text(
        GROUPS_ADD_UP.replace(
            "| II | Hội chợ | 50 | - | 50 |", f"| II | Hội chợ | 50 | {raw} | 50 |"
        )
    )
    figure = _one(reading, row="II", year=2017)
    assert (figure.raw, figure.value, figure.amount_vnd) == (raw, value, 0)
    assert _errors(reading) == []


INCONSISTENT_EITHER_WAY = (
    "| TT | Nội dung | Năm 2016 | Năm 2017 | Tổng cộng |\n"
    "|---|---|---|---|---|\n"
    "| 1 | Lớp nghề | 1,100 | 2,200 | 4,000 |\n"
    "| 2 | Hội chợ | 1,500 | 1,600 | 2,900 |\n"
)


def test_numbers_inconsistent_under_both_conventions_are_never_a_silent_pick() -> None:
    reading = _read_text(INCONSISTENT_EITHER_WAY)
    [decision] = _checks(reading, "number_convention")
    assert decision.severity is Severity.WARNING
    ambiguous = {f.actual for f in _checks(reading, "cell_ambiguous")}
    assert {"1,100", "2,200", "4,000", "1,500"} <= ambiguous
    assert {f.check for f in _errors(reading)} == {"row_sum"}


def test_row_shorter_than_the_header_is_aligned_by_its_total() -> None:
    reading = _read_text(
        "| TT | Nội dung | Năm 2016 | Năm 2017 | Năm 2018 | Tổng |\n"
        "| 1 | Lớp nghề | 20 | 30 | 40 | 90 |\n"
        "| 2 | Hội chợ | 50 | 50 | 100 |\n"
    )
    # Left-aligned, 100 would be 2018's; the row adds up with 100 as its total.
    assert _one(reading, row="2", year=2016).value == 50
    assert _one(reading, row="2", year=2017).value == 50
    assert _one(reading, row="2", year=None).value == 100
    assert _figures(reading, row="2", year=2018) == []
    [moved] = _checks(reading, "cells_realigned")
    assert "100" in moved.message and "Tổng" in moved.message
    assert _errors(reading) == []


# Read in both conventions, English winning: rows 2 and 3 read one way and are aligned once for
# both readings, and row 2's total, which it does not print, is derived in each reading anew.
READ_BOTH_WAYS = (
    "| TT | Nội dung | Năm 2016 | Năm 2017 | Tổng cộng |\n"
    "|---|---|---|---|---|\n"
    "| 1 | Lớp nghề | 500 | 1,100 | 1,600 |\n"
    "| 2 | Hội chợ | 300 | 400 |\n"
    "| 3 | Tập huấn | 50 | 50 | 100 |\n"
    "| | Tổng cộng | 850 | 1,550 | 2400 |\n"
)


def test_rows_that_read_one_way_are_derived_in_the_winning_convention() -> None:
    reading = _read_text(READ_BOTH_WAYS)
    assert reading.convention is Convention.EN
    [decision] = _checks(reading, "number_convention")
    assert "7 sums add up and 0 do not" in decision.message  # English
    assert "3 sums add up and 4 do not" in decision.message  # Vietnamese
    derived = _one(reading, row="2", year=None)  # 2400 - 1,600 - 100
    assert (derived.value, derived.is_derived, derived.raw) == (700, True, "")
    [warning] = _checks(reading, "cells_derived")
    assert warning.message.endswith("Tổng cộng = 700")
    assert _one(reading, row="1", year=2017).value == 1100
    assert _errors(reading) == []


def test_numbers_that_fit_no_column_are_kept_and_reported() -> None:
    reading = _read_text(
        "| TT | Nội dung | Năm 2016 | Tổng |\n"
        "| 1 | Lớp nghề | 20 | 20 |\n"
        "| 2 | Hội chợ | 5 | 6 | 7 | 8 | 9 |\n"
    )
    kept = [f for f in reading.figures if f.row_label == "2"]
    assert [f.raw for f in kept] == ["5", "6", "7", "8", "9"]
    assert all(f.year is None and f.funding_source is TOTAL and not f.is_total for f in kept)
    assert [f.actual for f in _checks(reading, "cell_ambiguous")] == ["5", "6", "7", "8", "9"]


def test_year_header_spans_its_sub_headers() -> None:
    reading = _read_text(
        "TT\tNội dung\tNăm 2016\t\tTổng cộng\n"
        "\t\tSố lượng\tKinh phí\tKinh phí\n"
        "1\tLớp nghề\t2\t30\t30\n"
    )
    assert _one(reading, row="1", year=2016, measure=QUANTITY).value == 2
    assert _one(reading, row="1", year=2016).value == 30
    assert _errors(reading) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("| TT | Nội dung |\n| 1 | Lớp nghề |\n", id="text only"),
        pytest.param("| TT | Nội dung | Năm 2016 |\n| | | |\n", id="header only"),
        pytest.param("a\tb\nc\td\n", id="no header, no numbers"),
    ],
)
def test_tables_without_figures_give_none(text: str) -> None:
    doc = text_document(text)
    for i, table in enumerate(find_text_tables(doc)):
        assert read_budget_table(doc, table, i) is None


# --- grids with merged cells (DOCX, PDF) ------------------------------------------------------


def _merged_table() -> Table:
    """TT and Nội dung over two header rows, each year over its KCQG and KCDP, a merged TT."""
    spec = [
        (0, 0, "TT", 2, 1), (0, 1, "Nội dung", 2, 1), (0, 2, "Năm 2016", 1, 2),
        (0, 4, "Năm 2017", 1, 2), (0, 6, "Tổng cộng", 2, 1),
        (1, 2, "KCQG", 1, 1), (1, 3, "KCDP", 1, 1), (1, 4, "KCQG", 1, 1), (1, 5, "KCDP", 1, 1),
        (2, 0, "1", 2, 1), (2, 1, "Hội chợ trong nước", 1, 1), (2, 2, "100", 1, 1),
        (2, 3, "50", 1, 1), (2, 4, "200", 1, 1), (2, 5, "-", 1, 1), (2, 6, "350", 1, 1),
        (3, 1, "Hội chợ ngoài nước", 1, 1), (3, 2, "10", 1, 1), (3, 3, "", 1, 1),
        (3, 4, "", 1, 1), (3, 5, "20", 1, 1), (3, 6, "30", 1, 1),
    ]  # fmt: skip
    cells = tuple(Cell(r, c, text, row_span=rs, col_span=cs) for r, c, text, rs, cs in spec)
    return Table(cells=cells, n_rows=4, n_cols=7)


@pytest.mark.parametrize(
    ("item", "year", "funding", "value"),
    [
        pytest.param("Hội chợ trong nước", 2016, NATIONAL, 100, id="'Năm 2016' over 'KCQG': 100"),
        pytest.param("Hội chợ trong nước", 2017, LOCAL, 0, id="'Năm 2017' over 'KCDP': '-'"),
        pytest.param("Hội chợ ngoài nước", 2017, LOCAL, 20, id="merged TT '1': 20"),
        pytest.param("Hội chợ ngoài nước", None, TOTAL, 30, id="'Tổng cộng' over two rows: 30"),
    ],
)
def test_merged_cells_span_what_they_say(
    item: str, year: int | None, funding: FundingSource, value: int
) -> None:
    reading = read_budget_table(text_document("x"), _merged_table(), 0)
    assert reading is not None
    figure = _one(reading, item=item, year=year, funding=funding)
    assert (figure.value, figure.row_label) == (value, "1")
    assert _errors(reading) == []


def test_item_column_without_a_known_heading_and_unit_in_a_header_cell() -> None:
    reading = _read_text(
        "| STT | Tên nhiệm vụ | 2016 | 2017 | Tổng | ĐVT: triệu đồng |\n"
        "| 1 | Lớp nghề | 20 | 30 | 50 | |\n"
    )
    figure = _one(reading, row="1", year=2017)
    assert (figure.item, figure.amount_vnd, figure.unit_of_measure) == (
        "Lớp nghề",
        30 * MILLION,
        "triệu đồng",
    )
    assert reading.unit_multiplier == MILLION
    assert _checks(reading, "cell_not_number") == []


# --- never raises ---------------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["", "TT", "Nội dung", "ĐVT", "Năm 2016", "2017", "KCQG", "KCDP", "Số lượng", "Kinh phí",
     "Tổng cộng", "Cộng", "I", "II", "1", "2", "1.1", "-", "1.200", "1,100", "541,125", "0",
     "DVT: triệu đồng", "Lớp", "Các năm", "(1)", "x"]
)  # fmt: skip
_CELL = st.one_of(_WORDS, st.text(alphabet="0123456789.,-IVX TổngcộKPĐ", max_size=6))
_HEADER_ROW = st.lists(
    st.sampled_from(
        ["", "TT", "STT", "Nội dung", "Nguồn kinh phí", "ĐVT", "Năm 2016", "Năm 2017", "2018",
         "KCQG", "KCDP", "Số lượng", "Kinh phí (triệu đồng)", "Tổng cộng", "Tổng chung", "Tổng",
         "Các năm", "Ghi chú"]
    ),
    min_size=2,
    max_size=8,
)  # fmt: skip
_NUMBERISH = st.one_of(
    st.sampled_from(["", "", "-", "0", "1.200", "1,100", "541,125", "x"]),
    st.from_regex(r"\A[1-9]\d{0,3}(?:[.,]\d{1,3})?\Z"),
)
_DATA_ROW = st.builds(
    lambda label, item, values: [label, item, *values],
    st.sampled_from(["I", "II", "1", "2", "1.1", "a", "-", ""]),
    st.sampled_from(["Đào tạo", "Tổng cộng", "Cộng", "Khuyến công quốc gia", "Nguồn khác", "- Số"]),
    st.lists(_NUMBERISH, max_size=8),
)
_BUDGET_GRID = st.builds(
    lambda header, rows: [*header, *rows],
    st.lists(_HEADER_ROW, min_size=1, max_size=2),
    st.lists(_DATA_ROW, min_size=1, max_size=8),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.lists(st.lists(_CELL, min_size=1, max_size=7), min_size=1, max_size=7), _BUDGET_GRID
    )
)
def test_never_raises_on_grids(rows: list[list[str]]) -> None:
    cells = tuple(
        Cell(row=r, col=c, text=text) for r, row in enumerate(rows) for c, text in enumerate(row)
    )
    table = Table(cells=cells, n_rows=len(rows), n_cols=max(len(row) for row in rows))
    reading = read_budget_table(text_document("x"), table, 0)
    assert reading is None or reading.figures


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_CELL, min_size=2, max_size=6), min_size=2, max_size=6))
def test_never_raises_on_text_tables(rows: list[list[str]]) -> None:
    doc = text_document("\n".join("\t".join(row) for row in rows))
    for i, table in enumerate(find_text_tables(doc)):
        reading = read_budget_table(doc, table, i)
        if reading is not None:
            for figure in reading.figures:
                if figure.start is not None:
                    # raw is the cell as printed with its runs of spaces and line breaks made
                    # one space (a web copy's cell can span lines): found by Hypothesis,
                    # rows=[['', 'Năm 2016'], ['', '1  000']].
                    printed = doc.text[figure.start : figure.end]
                    assert " ".join(printed.split()) == figure.raw
