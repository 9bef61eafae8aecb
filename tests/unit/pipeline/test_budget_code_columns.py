"""Report forms in budget tables: a row-code column ("Mã số") is never summed, a blank form is not
checked, and a total that prints its own formula over the codes totals the rows of those codes.

The rows are the real ones of three gazette PDFs of the development corpus
(``../shared/corpus/pdf``) that each gave error findings on blank forms: Thông tư
102/2018/TT-BTC (``thong-tu-so-102-2018-tt-btc-28383.pdf``, "Mã số" 01, 02 … summed as
amounts), 58/2026/TT-BTC (``thong-tu-so-58-2026-tt-btc-469663.pdf``, "TỔNG CỘNG TÀI SẢN
(200=110+120+130+140+150)" against the codes above it) and 02/2025/TT-BLĐTBXH
(``thong-tu-so-02-2025-tt-bldtbxh-43964.pdf``, column numbers "A | B | 1 = (2) + (3) | 2 | 3"
read as a data row 'A').
"""

from __future__ import annotations

import pytest

from extractors.model import Cell, Table
from pipeline.build.budget_tables import TableReading, read_budget_table
from pipeline.build.budget_tables.grid import is_column_numbering, lettered_columns
from pipeline.kinds import Severity

from ...conftest import grid_table, text_document


def _read(table: Table) -> TableReading | None:
    return read_budget_table(text_document("x"), table, 0)


def _errors(reading: TableReading) -> list[str]:
    return [f.message for f in reading.findings if f.severity is Severity.ERROR]


# --- Thông tư 102/2018/TT-BTC: "Mã số" 01 … 09 beside an empty "Số tiền" ---------------------

# Its Quỹ dự phòng rủi ro form, as the PDF's table 13 gives it (children_sum "row 3 (Số được sử
# dụng trong năm), column 'Mã số': its rows add up to 9, it says 03" before).
TT_102_2018_HEADER = [["STT", "Chỉ Tiêu", "Mã số", "Số tiền"], ["A", "B", "C", "1"]]
TT_102_2018_ROWS = [
    ["1", "Số chưa sử dụng năm trước chuyển sang", "01"],
    ["2", "Số được trích trong năm", "02"],
    ["3", "Số được sử dụng trong năm", "03"],
    ["3.1", "Bù đắp rủi ro khách quan trong hoạt động đầu tư", "04"],
    ["3.2", "Trích bổ sung các quỹ bảo hiểm", "05"],
    ["3.2.1", "Quỹ BHXH", "06"],
    ["3.2.2", "Quỹ BH thất nghiệp", "07"],
    ["3.2.3", "Quỹ dự phòng khám, chữa bệnh BHYT", "08"],
    ["4", "Số dư chưa sử dụng chuyển năm sau", "09"],
]


def test_blank_form_with_a_code_column_is_not_read_thong_tu_102_2018() -> None:
    rows = [[*row, ""] for row in TT_102_2018_ROWS]
    assert _read(grid_table(TT_102_2018_HEADER + rows)) is None


def test_filled_form_sums_its_amounts_not_its_codes_thong_tu_102_2018() -> None:
    amounts = {"01": "500", "02": "300", "03": "120", "04": "20", "05": "100", "09": "680"}
    rows = [[*row, amounts.get(row[2], "")] for row in TT_102_2018_ROWS]
    reading = _read(grid_table(TT_102_2018_HEADER + rows))
    assert reading is not None
    assert sorted(int(f.value) for f in reading.figures) == [20, 100, 120, 300, 500, 680]
    assert {f.item for f in reading.figures if f.value == 120} == {"Số được sử dụng trong năm"}
    assert _errors(reading) == []


def test_children_that_do_not_add_up_are_still_an_error_beside_a_code_column() -> None:
    amounts = {"03": "150", "04": "20", "05": "100"}  # 20 + 100 ≠ 150: a real error
    rows = [[*row, amounts.get(row[2], "")] for row in TT_102_2018_ROWS]
    reading = _read(grid_table(TT_102_2018_HEADER + rows))
    assert reading is not None
    assert _errors(reading) == [
        "row 3 (Số được sử dụng trong năm), column 'Số tiền': its rows add up to 120, it says 150"
    ]


# --- Thông tư 58/2026/TT-BTC: a balance sheet whose totals print their formulas -------------

# Mẫu số B01 – DNSN, the PDF's table 55 (column_sum "row 'TỔNG CỘNG TÀI SẢN
# (200=110+120+130+140+150)', column 'Mã số': the rows it totals add up to 650, it says 200").
TT_58_2026 = [
    ("TÀI SẢN", ""),
    ("1. Tiền", "110"),
    ("2. Các khoản nợ phải thu", "120"),
    ("3. Hàng tồn kho", "130"),
    ("4. Tài sản cố định", "140"),
    ("5. Tài sản khác", "150"),
    ("TỔNG CỘNG TÀI SẢN (200=110+120+130+140+150)", "200"),
    ("NGUỒN VỐN", ""),
    ("I. Nợ phải trả", "300"),
    ("1. Các khoản nợ phải trả", "310"),
    ("2. Thuế và các khoản phải nộp Nhà nước", "320"),
    ("II. Vốn chủ sở hữu", "400"),
    ("1. Vốn đầu tư của chủ sở hữu", "410"),
    ("2. Lợi nhuận sau thuế chưa phân phối", "420"),
    ("3. Các quỹ thuộc vốn chủ sở hữu", "430"),
    ("TỔNG CỘNG NGUỒN VỐN (500=300+400)", "500"),
]
TT_58_2026_HEADER = [["CHỈ TIÊU", "Mã số", "Số cuối năm", "Số đầu năm"], ["1", "2", "3", "4"]]
# A filled balance sheet that balances: 10 + 20 + 30 + 40 + 50 = 150 = 60 + 90.
BALANCED = {
    "110": "10", "120": "20", "130": "30", "140": "40", "150": "50", "200": "150",
    "300": "60", "310": "40", "320": "20", "400": "90", "410": "50", "420": "30", "430": "10",
    "500": "150",
}  # fmt: skip


def _balance_sheet(values: dict[str, str]) -> Table:
    rows = [[item, code, values.get(code, ""), ""] for item, code in TT_58_2026]
    return grid_table(TT_58_2026_HEADER + rows)


def test_blank_balance_sheet_is_not_read_thong_tu_58_2026() -> None:
    assert _read(_balance_sheet({})) is None


def test_formula_totals_add_up_the_rows_of_their_codes_thong_tu_58_2026() -> None:
    reading = _read(_balance_sheet(BALANCED))
    assert reading is not None
    assert _errors(reading) == []


@pytest.mark.parametrize(
    ("code", "total"),
    [
        pytest.param("200", "TỔNG CỘNG TÀI SẢN (200=110+120+130+140+150)", id="200=110+…+150"),
        # 500 = 300 + 400: its parts by code, not every row since 200 (the "NGUỒN VỐN" heading,
        # which prints no cell, and 310 … 430 counted a second time)
        pytest.param("500", "TỔNG CỘNG NGUỒN VỐN (500=300+400)", id="500=300+400"),
    ],
)
def test_formula_total_that_does_not_add_up_is_an_error_thong_tu_58_2026(
    code: str, total: str
) -> None:
    reading = _read(_balance_sheet({**BALANCED, code: "160"}))
    assert reading is not None
    assert _errors(reading) == [
        f"row '{total}', column 'Số cuối năm': the rows it totals add up to 150, it says 160"
    ]


# --- Thông tư 02/2025/TT-BLĐTBXH: statistical forms with column numbers and row codes --------

# Biểu số 107/LĐVL-Sở, the PDF's table 32 (total_row_missing_cell "row 'Tổng số' has no cell in
# column 'Loại hình doanh nghiệp / Nhà nước', where the rows it totals add up to 2" before).
BIEU_107 = [
    ["Chỉ tiêu", "Mã số", "Tổng số", "Loại hình doanh nghiệp", ""],
    ["", "", "", "Nhà nước", "Ngoài nhà nước"],
    ["A", "B", "1 = (2) + (3)", "2", "3"],
    ["Tổng số", "100", "", "", ""],
    [
        "Chia theo tỉnh/thành phố (ghi theo danh mục đơn vị hành chính) Chia theo đơn vị quản lý "
        "(Ghi tên các Bộ, ngành, tổng công ty,... có doanh nghiệp XKLĐ)",
        "11xx 12xx",
        "",
        "",
        "",
    ],
]
# Biểu số 601-602/TE-Sở, the PDF's table 112: no "Mã số" heading (the code column is headed by
# nothing but its letter B) and column numbers that skip 8 ("… 7 | 9 | | 10 …").
BIEU_601 = [
    ["Chỉ tiêu", "", "", "", "Chia theo loại đối tượng"],
    [
        "A",
        "B",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "9",
        "",
        "10",
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
    ],
    ["Tổng số", "100"],
    ["Chia theo giới tính - Nữ Chia theo nhóm tuổi 0- 6 tuổi 6- 16 tuổi", "110 120 121 122"],
]


@pytest.mark.parametrize(
    "table",
    [
        pytest.param(
            grid_table(BIEU_107, {(0, 3): 2}), id="Biểu 107: 'Mã số' 100, '1 = (2) + (3)'"
        ),
        pytest.param(
            grid_table(BIEU_601, {(0, 4): 14}), id="Biểu 601-602: letter B, numbers skip 8"
        ),
    ],
)
def test_blank_statistical_forms_are_not_read_thong_tu_02_2025(table: Table) -> None:
    assert _read(table) is None


COLUMN_NUMBERINGS = [
    ["A", "B", "1 = (2) + (3)", "2", "3"],  # Biểu số 107/LĐVL-Sở
    ["A", "B", "1", "2", "3", "4", "5", "7", "8", "9"],  # Biểu số 402/BTXH-Sở: no column 6
    ["A", "1=(3+5+7 +9+11)", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"],  # 503
    ["A", "B", "1", "2", "3", "4=(2/1)*100", "5", "6", "7", "8=(6/5)*100", "9", "10", "11"],  # 403
    ["A", "B", "C", "1"],  # Thông tư 102/2018/TT-BTC, Quỹ dự phòng rủi ro
    ["A", "B", "1", "3=1-2"],
    ["A", "B", "C", "D", "1", "2", "3", "4", "E", "G", "H"],  # 58/2026/TT-BTC, Mẫu số S4b-DNSN
    ["1", "2", "3", "4", "5", "6", "7 = 4 - 6", "8"],  # Thông tư 29/2021/TT-BLĐTBXH
]


@pytest.mark.parametrize("row", COLUMN_NUMBERINGS, ids=[" | ".join(r) for r in COLUMN_NUMBERINGS])
def test_report_form_column_numbers(row: list[str]) -> None:
    assert is_column_numbering({c: Cell(0, c, text) for c, text in enumerate(row)})


NOT_COLUMN_NUMBERINGS = [
    ["1", "Lớp nghề", "20", "30"],
    ["A", "100", "200", "300"],  # a row "A" of amounts
    ["I", "1", "2", "3"],  # a roman row: not a column letter
    ["A", "B", "30", "20"],  # numbers that fall
]


@pytest.mark.parametrize(
    "row", NOT_COLUMN_NUMBERINGS, ids=[" | ".join(r) for r in NOT_COLUMN_NUMBERINGS]
)
def test_data_rows_are_no_column_numbers(row: list[str]) -> None:
    assert not is_column_numbering({c: Cell(0, c, text) for c, text in enumerate(row)})


def test_lettered_columns_are_the_text_columns() -> None:
    row = {c: Cell(0, c, text) for c, text in enumerate(["A", "B", "C", "01", "02"])}
    assert lettered_columns(row) == {0, 1, 2}


# Thông tư 05/2023/TT-BLĐTBXH, its list of training codes (the PDF's table 3): "Mã" heads codes,
# not amounts; each code was a budget figure (6, 614, 61402, 6140205 …) before.
TT_05_2023 = [
    ["Mã", "Tên gọi", "Mã", "Tên gọi"],
    ["5", "Trình độ trung cấp", "6", "Trình độ cao đẳng"],
    [
        "514",
        "Khoa học giáo dục và đào tạo giáo viên",
        "614",
        "Khoa học giáo dục và đào tạo giáo viên",
    ],
    ["51402", "Đào tạo giáo viên", "61402", "Đào tạo giáo viên"],
    ["", "", "6140205", "Giáo viên huấn luyện xiếc"],
    ["521", "Nghệ thuật", "621", "Nghệ thuật"],
]


def test_a_list_of_codes_is_no_budget_table_thong_tu_05_2023() -> None:
    assert _read(grid_table(TT_05_2023)) is None
