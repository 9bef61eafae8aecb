"""Tables of thuvienphapluat web copies, printed one cell a line between ``|`` lines (qdx issue 14),
and the rate tables and tables of percentages among them. Every text is a real excerpt of the
corpus file (``../shared/corpus/text/``) the test is named after."""

from __future__ import annotations

from decimal import Decimal

from pipeline.build.budget_tables import read_budget_table
from pipeline.build.tables import find_text_tables
from pipeline.kinds import BudgetRole

from ...conftest import table_rows, text_document


def _lines(*cells: str) -> str:
    return "\n".join(cells) + "\n"


# 3c5c52374e60b28b.txt: "| STT | Tên thủ tục … | | 1 | Thủ tục yêu cầu kết nối … |"
PROCEDURES_3C5C = _lines(
    "11 năm 2025 của Chủ tịch Ủy ban nhân dân thành phố Cần Thơ)*",
    "|",
    "**STT**",
    "|",
    "**Tên thủ tục hành chính nội bộ**",
    "|",
    "|",
    "1",
    "|",
    "Thủ tục yêu cầu kết",
    "nối, chia sẻ dữ liệu theo hình thức mặc định",
    "|",
    "|",
    "2",
    "|",
    "Thủ tục yêu cầu kết",
    "nối, chia sẻ dữ liệu theo yêu cầu đặc thù",
    "|",
)

# 7650ecce3d20626b.txt: a tuition table, its unit line broken in two, its group rows with an
# empty fee cell ("| **I** | **CƠ SỞ …** | ** ** |", "| **1** | **Trường …** | |").
TUITION_7650 = _lines(
    "*Đơn vị: Đồng/học",
    "sinh/tháng*",
    "|",
    "**STT**",
    "|",
    "**Tên đơn vị**",
    "|",
    "**Mức học phí năm",
    "học 2025-2026**",
    "|",
    "|",
    "**I**",
    "|",
    "**CƠ SỞ GIÁO DỤC MẦM NON,",
    "GIÁO DỤC PHỔ THÔNG CÔNG LẬP CHẤT LƯỢNG CAO**",
    "|",
    "** **",
    "|",
    "|",
    "**1**",
    "|",
    "**Trường Mầm non đô thị Sài Đồng**",
    "|",
    "|",
    "|",
    "1.1",
    "|",
    "Nhà trẻ (từ 12 tháng đến dưới 18 tháng tuổi)",
    "|",
    "5.100.000",
    "|",
)

# c53841af6c236aed.txt: "*Đơn vị tính: Nghìn" / "đồng/người học/tháng.*", an empty STT cell.
TUITION_C538 = _lines(
    "*Đơn vị tính: Nghìn",
    "đồng/người học/tháng.*",
    "|",
    "**STT**",
    "|",
    "**Cấp học**",
    "|",
    "**Khu vực nông",
    "thôn (xã)**",
    "|",
    "**Khu vực thành",
    "thị (phường)**",
    "|",
    "|",
    "1",
    "|",
    "Giáo dục mầm non",
    "|",
    "80",
    "|",
    "120",
    "|",
    "|",
    "2",
    "|",
    "Giáo dục phổ thông",
    "|",
    "|",
    "|",
    "|",
    "|",
    "Tiểu học",
    "|",
    "80",
    "|",
    "120",
    "|",
)

# 1852f73167ca9236.txt: "Mức thu phí (đồng)", each row's ĐVT "đồng/lượt/khách".
FEES_1852 = _lines(
    "**7. Mức thu phí đề xuất:**",
    "",
    "|",
    "**STT**",
    "|",
    "**Nội dung**",
    "|",
    "**Đơn vị tính**",
    "|",
    "**Mức thu phí (đồng)**",
    "|",
    "|",
    "1",
    "|",
    "Đền Bạch Mã, số 76 Hàng",
    "Buồm",
    "|",
    "đồng/lượt/khách",
    "|",
    "20.000",
    "|",
    "|",
    "2",
    "|",
    "Đình Kim Ngân, số 42-44",
    "Hàng Bạc",
    "|",
    "đồng/lượt/khách",
    "|",
    "20.000",
    "|",
)

# afe7b51a032c1c6d.txt: the remaining value of a house by its age, in percent.
PERCENTAGES_AFE7 = _lines(
    "|",
    "**Thời gian đã sử dụng**",
    "|",
    "**Nhà biệt thự (%)**",
    "|",
    "**Nhà cấp I (%)**",
    "|",
    "**Nhà cấp II (%)**",
    "|",
    "|",
    "- Dưới 5 năm",
    "|",
    "97",
    "|",
    "98",
    "|",
    "97",
    "|",
    "|",
    "- Từ 5 đến 10 năm",
    "|",
    "93",
    "|",
    "95",
    "|",
    "93",
    "|",
)


def test_rows_of_one_width_3c5c52374e60b28b() -> None:
    doc = text_document(PROCEDURES_3C5C)
    [table] = find_text_tables(doc)
    assert table_rows(table) == [
        ["STT", "Tên thủ tục hành chính nội bộ"],
        ["1", "Thủ tục yêu cầu kết nối, chia sẻ dữ liệu theo hình thức mặc định"],
        ["2", "Thủ tục yêu cầu kết nối, chia sẻ dữ liệu theo yêu cầu đặc thù"],
    ]


def test_empty_cells_at_the_header_width_c53841af6c236aed() -> None:
    doc = text_document(TUITION_C538)
    [table] = find_text_tables(doc)
    assert table_rows(table)[2:] == [
        ["2", "Giáo dục phổ thông", "", ""],
        ["", "Tiểu học", "80", "120"],
    ]
    for cell in table.cells:
        assert " ".join(doc.text[cell.start : cell.end].split()) == cell.text  # type: ignore[misc]


def test_tuition_table_gives_rates_never_totals_7650ecce3d20626b() -> None:
    doc = text_document(TUITION_7650)
    [table] = find_text_tables(doc)
    assert table.n_rows == 4 and table.n_cols == 3
    assert [row[2] for row in table_rows(table)[1:]] == ["", "", "5.100.000"]  # "** **" is empty
    reading = read_budget_table(doc, table, 0)
    assert reading is not None
    [figure] = reading.figures
    assert figure.amount_vnd == 5_100_000
    assert figure.per == "học sinh/tháng"
    assert figure.role is BudgetRole.RATE
    assert not figure.is_total
    assert doc.text[figure.start : figure.end] == "5.100.000"  # type: ignore[misc]


def test_unit_line_broken_before_dong_c53841af6c236aed() -> None:
    doc = text_document(TUITION_C538)
    reading = read_budget_table(doc, find_text_tables(doc)[0], 0)
    assert reading is not None
    assert [(f.item, f.amount_vnd, f.per) for f in reading.figures] == [
        ("Giáo dục mầm non", 80_000, "người học/tháng"),
        ("Giáo dục mầm non", 120_000, "người học/tháng"),
        ("Tiểu học", 80_000, "người học/tháng"),
        ("Tiểu học", 120_000, "người học/tháng"),
    ]
    assert {f.role for f in reading.figures} == {BudgetRole.RATE}


def test_fee_per_visitor_from_the_row_unit_1852f73167ca9236() -> None:
    doc = text_document(FEES_1852)
    reading = read_budget_table(doc, find_text_tables(doc)[0], 0)
    assert reading is not None
    assert [(f.value, f.per, f.role) for f in reading.figures] == [
        (Decimal("20000"), "lượt/khách", BudgetRole.RATE),
        (Decimal("20000"), "lượt/khách", BudgetRole.RATE),
    ]


def test_table_of_percentages_gives_no_figures_afe7b51a032c1c6d() -> None:
    doc = text_document(PERCENTAGES_AFE7)
    [table] = find_text_tables(doc)
    assert table_rows(table)[1] == ["- Dưới 5 năm", "97", "98", "97"]
    assert read_budget_table(doc, table, 0) is None
