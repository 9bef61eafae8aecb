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
