"""The place and date from the header only (issue 13).

Each case is the real text of a corpus document (``../shared/corpus``), named after it, as its
reader emits it (a Word table's cells tab-separated, a cell's paragraphs joined by spaces); the
forms issue 13 names that no corpus document prints are named after the issue.
"""

from __future__ import annotations

import pytest

from pipeline.build.metadata import extract_metadata

from ...conftest import text_document

HEADERS = [
    pytest.param(
        "|\nSố:\n2820/QĐ-UBND\n|\n*Thành phố Hồ\nChí Minh, ngày 19 tháng 11 năm 2025*\n|\n\n\n"
        "**QUYẾT ĐỊNH**\n\nBAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ\n06/QĐ-TTG NGÀY 02 THÁNG 01 "
        "NĂM 2025 CỦA THỦ TƯỚNG CHÍNH PHỦ\n\n*Căn cứ Luật Tổ chức chính\nquyền địa phương;*\n",
        ("Thành phố Hồ Chí Minh", "2025-11-19"),
        id="text_001c610b2efdcf0c-place-wrapped",
    ),
    pytest.param(
        "|\nSố: 1994/QĐ-UBND\n|\n*Cao Bằng, ngày **24 **tháng 11 năm 2025*\n|\n**QUYẾT ĐỊNH**\n"
        "VỀ VIỆC PHÊ DUYỆT QUY TRÌNH\n*Căn cứ Luật Tổ chức chính quyền địa phương ngày 16\n"
        "tháng 6 năm 2025;*\n",
        ("Cao Bằng", "2025-11-24"),
        id="text_f709d287088c57b7-bold-inside-the-date",
    ),
    pytest.param(
        "| Số: 1351/QĐ-UBND | Qu ả ng Ngãi, ngày 04 tháng 10 năm 2022 |\n\nQUYẾT ĐỊNH\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n",
        ("Quảng Ngãi", "2022-10-04"),
        id="text_congbot_1351_2022_QD_UBND-letter-spaced-place",
    ),
    pytest.param(
        "UBND TỈNH BÌNH THUẬN SỞ NỘI VỤ Số: 2114/TTr-SNV\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
        "Độc lập – Tự do – Hạnh phúc Bình Thuận, ngày 28 tháng 6 năm 2025\n\nTỜ TRÌNH\n",
        ("Bình Thuận", "2025-06-28"),
        id="docx_2114_SNV_To_trinh-motto-in-the-cell",
    ),
    pytest.param(
        "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG SỞ NỘI VỤ Số: /QĐ-SNV\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
        "Độc lập - Tự do - Hạnh phúc Hà Giang, ngày tháng 3 năm 2026\nQUYẾT ĐỊNH\nVề việc bổ "
        "nhiệm Phó Giám đốc Sở Nội vụ\n____________\nLuật Tổ chức chính quyền địa phương ngày 19 "
        "tháng 6 năm 2015;\n",
        ("Hà Giang", None),
        id="docx_qd_bo_nhiem_pham_thuy_lam-draft-date-not-a-cited-law",
    ),
    pytest.param(
        "HUYỆN ỦY ĐỒNG VĂN ĐẢNG ỦY XÃ LŨNG CÚ * Số -QC/ĐU\tĐẢNG CỘNG SẢN VIỆT NAM Lũng Cú, ngày "
        "tháng năm 2025\n\nQUY CHẾ\n",
        ("Lũng Cú", None),
        id="docx_QC_DangBo_LungCu-party-motto-in-the-cell",
    ),
    pytest.param(
        "2 CÔNG BÁO/Số 1203 + 1204/Ngày 28-12-2020\nVĂN BẢN QUY PHẠM PHÁP LUẬT\nCHÍNH PHỦ\n"
        "CHÍNH PHỦ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 145/2020/NĐ-CP\tHà Nội, ngày 14 tháng 12 năm 2020\nNGHỊ ĐỊNH\n"
        "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n",
        ("Hà Nội", "2020-12-14"),
        id="pdf_nghi-dinh-so-145-2020-nd-cp-not-the-gazette-date",
    ),
    pytest.param(
        "CHÍNH PHỦ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1/2022/NĐ-CP\nNGHỊ ĐỊNH\n"
        "Điều 1. Phạm vi.\nXÁC THỰC VĂN BẢN HỢP NHẤT\nSố: 467/VBHN-BLĐTBXH .\tHà Nội, ngày 10 "
        "tháng 02 năm 2025 KT. BỘ TRƯỞNG THỨ TRƯỞNG\nLê Văn Thanh\n",
        ("Hà Nội", "2025-02-10"),
        id="pdf_van-ban-hop-nhat-so-467-vbhn-bldtbxh-authentication-date",
    ),
]


@pytest.mark.parametrize(("text", "expected"), HEADERS)
def test_place_and_date_from_the_header_only(
    text: str, expected: tuple[str | None, str | None]
) -> None:
    doc = text_document(text)
    metadata = extract_metadata(doc)
    place = metadata.issue_place.value if metadata.issue_place else None
    date = metadata.issue_date.value.isoformat() if metadata.issue_date else None
    assert (place, date) == expected
