"""Metadata read from header layouts the samples do not show."""

from __future__ import annotations

from pipeline.build.metadata import extract_metadata

from ...conftest import text_document


def test_header_laid_out_as_a_table_row() -> None:
    doc = text_document(
        "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 3355/QĐ-UBND\tHưng Yên, ngày 27 tháng 12 năm 2017\n"
        "QUYẾT ĐỊNH\nPhê duyệt Chương trình khuyến công tỉnh Hưng Yên đến năm 2020\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/06/2015;\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.issue_place is not None and metadata.issue_place.value == "Hưng Yên"
    assert metadata.decision_number is not None
    assert metadata.decision_number.value == "3355/QĐ-UBND"


def test_a_chairmans_decision_names_the_committee_and_ends_its_title_at_the_post() -> None:
    # issue 12: the committee's name and its chairman's post are rows of issuer_heads.csv
    doc = text_document(
        "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG\n"
        "Số: 12/QĐ-UBND\n"
        "QUYẾT ĐỊNH\nVề việc phê duyệt Chương trình khuyến công\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CAO BẰNG\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/06/2015;\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.issuer == "Ủy ban nhân dân tỉnh Cao Bằng"
    assert metadata.title is not None
    assert metadata.title.value == "Về việc phê duyệt Chương trình khuyến công"


def test_issue_date_with_the_months_zero_apart_congbot_773_2018() -> None:
    """Quyết định 773/QĐ-TTg as its web copy prints it (corpus
    ``text/congbot_773_2018_QD_TTg.txt``): the header's date, not the Chỉ thị's in the title."""
    doc = text_document(
        "| THỦ TƯỚNG CHÍNH PHỦ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
        "Hạnh phúc --------------- |\n|---|---|\n"
        "| Số: 773 /QĐ-TTg | Hà Nội, ngày 26 tháng 0 6 năm 2018 |\n\nQUYẾT ĐỊNH\n\n"
        "BAN HÀNH KẾ HOẠCH TỔ CHỨC THỰC HIỆN CHỈ THỊ SỐ 14-CT/TW NGÀY 19 THÁNG 7 NĂM 2017 CỦA "
        "BAN BÍ THƯ TRUNG ƯƠNG ĐẢNG KHÓA XII\n\nTHỦ TƯỚNG CHÍNH PHỦ\n\n"
        "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.issue_date is not None
    assert metadata.issue_date.value.isoformat() == "2018-06-26"
