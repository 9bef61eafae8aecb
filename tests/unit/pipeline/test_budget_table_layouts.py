"""Budget table layouts of real documents (issue 14): year-range columns, funding columns headed
by the budget's level or its abbreviation, the number column's spellings.

Real rows are named by their source; where the corpus has no table of a layout, the test says
which real rows it puts under which header.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest

from extractors.model import Table
from pipeline.build.budget_tables import TableReading, read_budget_table
from pipeline.build.budget_tables.header import column_years
from pipeline.build.budget_tables.vocabulary import Role, header_words
from pipeline.kinds import Check, FundingSource, Severity

from ...conftest import grid_table, text_document


def _layout_grid(
    rows: Sequence[Sequence[str]], spans: dict[tuple[int, int], int] | None = None
) -> Table:
    """A Word grid: a blank position has no cell unless it spans."""
    return grid_table(rows, spans, empty_cells=False)


def _read(table: Table) -> TableReading:
    reading = read_budget_table(text_document("ĐVT: triệu đồng"), table, 0)
    assert reading is not None
    return reading


def _by(reading: TableReading, row: str) -> dict[int | None, Decimal | None]:
    return {f.year: f.value for f in reading.figures if f.row_label == row}


def _checks(reading: TableReading, severity: Severity) -> list[Check]:
    return [f.check for f in reading.findings if f.severity is severity]


# --- Year-range headings over year columns ----------------------------------------------------


def _row(line: str) -> list[str]:
    """The cells of a table row as the survey of the source prints it, ``|`` between them."""
    return [cell.strip() for cell in line.split("|")]


# Cao Bằng (data/raw/003_8c7e4977db864976.txt), "Nguồn kinh phí khuyến công đã thực hiện trong 7
# năm (2009-2015)": a heading over the period spans the year columns. In a Word or PDF grid it
# carries its col_span, so each year column has the range above its own year; read before as two
# years, hence no year at all.
CAO_BANG_2009_2015 = [
    ["TT", "Nguồn kinh phí", "Kết quả thực hiện trong 7 năm (2009-2015)"],
    ["", "", *(f"Năm {year}" for year in range(2009, 2015)), "KH Năm 2015", "Tổng cộng"],
    _row("1 | Kinh phí khuyến công quốc gia | 520 | 90 | 60 | 910 | 750 | 770 | 1.700 | 4.800"),
    _row(
        "2 | Kinh phí khuyến công địa phương | 225 | 550 | 541,125 | 423 | 188,33 | 400 | 636"
        " | 2.963,455"
    ),
]


@pytest.mark.parametrize(
    ("texts", "read"),
    [
        (["Kết quả thực hiện trong 7 năm (2009-2015)", "Năm 2009"], (2009, None)),
        (["Kết quả thực hiện trong 7 năm (2009-2015)", "Tổng cộng"], (None, (2009, 2015))),
        (["Năm 2016", "KCQG"], (2016, None)),
        (["Giai đoạn 2021 - 2025"], (None, (2021, 2025))),
        (["Năm 2026 - 2027"], (None, (2026, 2027))),  # nghi-quyet-so-116-nq-cp-469463.pdf
        (["Các năm", "2016"], (2016, None)),
    ],
    ids=lambda v: " / ".join(v) if isinstance(v, list) else None,
)
def test_column_years_from_the_lowest_heading(
    texts: list[str], read: tuple[int | None, tuple[int, int] | None]
) -> None:
    assert column_years(texts) == read


def test_cao_bang_2009_2015_year_columns_under_a_spanning_range_heading() -> None:
    reading = _read(_layout_grid(CAO_BANG_2009_2015, spans={(0, 2): 8}))
    national = _by(reading, "1")
    assert national == {
        2009: Decimal(520),
        2010: Decimal(90),
        2011: Decimal(60),
        2012: Decimal(910),
        2013: Decimal(750),
        2014: Decimal(770),
        2015: Decimal(1700),
        None: Decimal(4800),
    }
    assert _by(reading, "2")[2011] == Decimal("541.125")
    assert [f.is_total for f in reading.figures if f.row_label == "1" and f.year is None] == [True]
    assert _checks(reading, Severity.ERROR) == []
    assert Check.COLUMN_YEAR_RANGE not in _checks(reading, Severity.WARNING)


# Cao Bằng's "Biểu tổng hợp kinh phí" (data/raw/003_8c7e4977db864976.txt, rows I and II as
# printed), its last column headed "Giai đoạn 2016-2020" as many programmes head it (the corpus
# has no budget table of this heading): the range column is the total of the years it spans,
# never one more part beside them.
CAO_BANG_SUMMARY_ROWS = [
    ["I", "Khuyến công quốc gia", "1.200", "1.600", "1.600", "1.500", "1.700", "7.600"],
    ["II", "Khuyến công địa phương", "600", "600", "700", "800", "900", "3.600"],
]


def _summary(last: str, rows: Sequence[Sequence[str]] = CAO_BANG_SUMMARY_ROWS) -> TableReading:
    header = [["TT", "Nguồn kinh phí", "2016", "2017", "2018", "2019", "2020", last]]
    return _read(_layout_grid([*header, *rows]))


def test_range_column_beside_its_years_is_their_total() -> None:
    reading = _summary("Giai đoạn 2016-2020")
    [total] = [f for f in reading.figures if f.row_label == "I" and f.year is None]
    assert (total.value, total.is_total) == (Decimal(7600), True)
    assert _checks(reading, Severity.ERROR) == []
    assert _checks(reading, Severity.WARNING) == []


def test_range_total_that_does_not_add_up_is_a_row_sum_error() -> None:
    rows = [[*CAO_BANG_SUMMARY_ROWS[0][:-1], "7.700"], CAO_BANG_SUMMARY_ROWS[1]]
    reading = _summary("Giai đoạn 2016-2020", rows)
    assert _checks(reading, Severity.ERROR) == [Check.ROW_SUM]


def test_range_column_over_other_years_is_no_total_and_warned() -> None:
    # "2021-2025" beside the years 2016-2020: not their total, a figure of no single year.
    reading = _summary("2021-2025")
    assert {f.is_total for f in reading.figures if f.year is None} == {False}
    # One warning for the column (the two-way "7.600" that no sum decides are warned too).
    assert _checks(reading, Severity.WARNING).count(Check.COLUMN_YEAR_RANGE) == 1
    assert _checks(reading, Severity.ERROR) == []


# --- Funding columns and the number column ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("NSTW", FundingSource.NATIONAL),
        ("NSĐP", FundingSource.LOCAL),
        ("Ngân sách trung ương", FundingSource.NATIONAL),
        ("Ngân sách tỉnh", FundingSource.LOCAL),
        ("Ngân sách huyện", FundingSource.LOCAL),
        # "ngân sách xã/phường hỗ trợ 40%" (corpus text/0abcf1a5292b31ec.txt)
        ("Ngân sách xã", FundingSource.LOCAL),
        ("Ngân sách cấp xã", FundingSource.LOCAL),
        ("Vốn đối ứng", FundingSource.COUNTERPART),
        ("Xã hội hóa", FundingSource.OTHER),
    ],
    ids=str,
)
def test_funding_column_headings(text: str, source: FundingSource) -> None:
    assert header_words(text).sources == {source}


@pytest.mark.parametrize("text", ["TT", "STT", "S TT", "Số TT", "STT."])
def test_number_column_headings(text: str) -> None:
    assert header_words(text).roles == {Role.LABEL}


def test_trong_do_nstw_nsdp_columns_under_a_total() -> None:
    # Cao Bằng's summary rows (data/raw/003_8c7e4977db864976.txt: 7.600 = 1.200 + … national, the
    # total over both sources 11.200) under the "Tổng số | Trong đó: NSTW | NSĐP" heading of
    # investment and budget estimate tables.
    header = [
        ["STT", "Nội dung", "Tổng số", "Trong đó:", ""],
        ["", "", "", "NSTW", "NSĐP"],
    ]
    rows = [["1", "Khuyến công", "11.200", "7.600", "3.600"]]
    reading = _read(_layout_grid([*header, *rows], spans={(0, 3): 2}))
    sources = {f.funding_source: (f.value, f.is_total) for f in reading.figures}
    assert sources == {
        FundingSource.TOTAL: (Decimal(11200), True),
        FundingSource.NATIONAL: (Decimal(7600), False),
        FundingSource.LOCAL: (Decimal(3600), False),
    }
    assert _checks(reading, Severity.ERROR) == []


# --- Code columns -------------------------------------------------------------------------------

# congbot_378_2022_QD_UBND.txt (corpus text): a list of administrative procedures whose codes in
# the national database were read as 9 amounts (2.000674 …).
CONGBOT_378_2022 = [
    [
        "STT",
        "Mã TTHC gốc",
        "Tên thủ tục hành chính",
        "Tên VBQPPL quy định nội dung sửa đổi, bổ sung",
    ],
    ["A. Danh mục thủ tục hành chính cấp tỉnh"],
    ["I. Lĩnh vực: Lưu thông hàng hóa trong nước"],
    _row(
        "1 | 2.000674 | Cấp Giấy xác nhận đủ điều kiện làm tổng đại lý kinh doanh xăng dầu thuộc"
        " thẩm quyền cấp của Sở Công Thương | Nghị định số 95/2021/NĐ-CP"
    ),
    _row(
        "2 | 2.000666 | Cấp sửa đổi, bổ sung Giấy xác nhận đủ điều kiện làm tổng đại lý kinh doanh"
        " xăng dầu thuộc thẩm quyền cấp của Sở Công Thương | Nghị định số 95/2021/NĐ-CP"
    ),
]


def test_procedure_codes_are_no_amounts_congbot_378_2022() -> None:
    assert header_words("Mã TTHC gốc").roles == {Role.CODE}
    table = _layout_grid(CONGBOT_378_2022)
    assert read_budget_table(text_document("x"), table, 0) is None
