"""Legal references as the development corpus prints them (issue 13), each test named after the
file of ../shared/corpus its line comes from: laws cited by name, amending laws with their whole
title, every item of a "Căn cứ" block a legal basis, and an issuer code that names another
ministry than the issuer printed.
"""

from __future__ import annotations

import datetime as dt

from normalizers.refs import RefType, Relation, find_legal_refs, issuer_mismatch


def _summary(text: str) -> list[tuple[str | None, str | None, str | None, Relation]]:
    return [(r.title, r.number, r.date_raw, r.relation) for r in find_legal_refs(text)]


# ------------------------------------------------------------ laws by name


def test_law_by_name_then_a_decree_in_one_basis_5a80798bbf985e87() -> None:
    """ "Luật Đất đai và Nghị định số …": the law is a reference of its own, and the decree's
    number is the decree's, not the law's."""
    text = (
        "định chi tiết thi hành một số điều của Luật Đất đai và Nghị định số\n"
        "151/2025/NĐ-CP ngày 12 tháng 6 năm 2025 của Chính phủ quy định về phân định thẩm"
    )
    refs = find_legal_refs(text)
    assert [(r.ref_type, r.title, r.number) for r in refs] == [
        (RefType.luat, "Luật Đất đai", None),
        (RefType.nghi_dinh, None, "151/2025/NĐ-CP"),
    ]
    assert refs[1].ref_date == dt.date(2025, 6, 12)


def test_law_title_stops_before_a_decree_5545b1799f2968c0() -> None:
    """The law's title no longer runs on into "và Nghị định" and takes the decree's number."""
    text = (
        "quy định chi tiết một số điều và biện pháp để tổ chức, hướng dẫn thi hành Luật\n"
        "Ban hành văn bản quy phạm pháp luật và Nghị định số 79/2025/NĐ-CP ngày 01 tháng\n"
        "4 năm 2025 của Chính phủ về kiểm tra, rà soát, hệ thống hóa và xử lý văn bản"
    )
    refs = find_legal_refs(text)
    assert [(r.ref_type, r.title, r.number, r.issuer) for r in refs] == [
        (RefType.luat, "Luật Ban hành văn bản quy phạm pháp luật", None, None),
        (RefType.nghi_dinh, None, "79/2025/NĐ-CP", "Chính phủ"),
    ]


def test_law_by_name_with_a_year_is_a_basis_ea34a356cafcb1aa() -> None:
    assert _summary("Căn cứ Luật Đường bộ năm 2024;") == [
        ("Luật Đường bộ", None, None, Relation.can_cu)
    ]


def test_law_by_name_in_prose_98b67fb117d01944() -> None:
    text = "của Chính phủ về việc quy định chi tiết và hướng dẫn thi hành Luật Ngân sách nhà nước;*"
    assert _summary(text) == [("Luật Ngân sách nhà nước", None, None, Relation.mentioned)]


# ------------------------------------------------------------ amending laws


def test_amending_law_whole_title_congbot_1351_2022_QD_UBND() -> None:
    text = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Luật sửa đổi, bổ sung một số "
        "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22/11/2019;"
    )
    assert _summary(text) == [
        ("Luật Tổ chức chính quyền địa phương", None, "ngày 19/6/2015", Relation.can_cu),
        (
            "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính "
            "quyền địa phương",
            None,
            "ngày 22/11/2019",
            Relation.can_cu,
        ),
    ]


def test_amending_law_of_numbered_laws_001c610b2efdcf0c() -> None:
    """The amended laws carry their own numbers: none of them is the amending law's."""
    text = (
        "Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở\n"
        "số 27/2023/QH15, Luật Kinh doanh bất động sản số 29/2023/QH15 và Luật Các tổ chức\n"
        "tín dụng số 32/2024/QH15;*"
    )
    [ref] = find_legal_refs(text)
    assert ref.number is None
    assert ref.title == (
        "Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số "
        "27/2023/QH15, Luật Kinh doanh bất động sản số 29/2023/QH15 và Luật Các tổ chức tín "
        "dụng số 32/2024/QH15"
    )


def test_amending_law_over_a_line_break_c53841af6c236aed() -> None:
    text = (
        "*Căn cứ Luật sửa đổi, bổ sung một số điều của Luật\n"
        "Ban hành văn bản quy phạm pháp luật số 87/2025/QH15;*"
    )
    [ref] = find_legal_refs(text)
    assert (ref.title, ref.number, ref.issuer, ref.relation) == (
        "Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật",
        "87/2025/QH15",
        "Quốc hội",
        Relation.can_cu,
    )


# ------------------------------------------------------------ the Căn cứ block


def test_italic_can_cu_after_a_bold_heading_856f6487c18d75d0() -> None:
    """A web copy's "*Căn cứ" under the bold enacting body, its items broken over lines."""
    text = (
        "**CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH LÀO CAI**\n"
        "*Căn cứ Luật Tổ chức chính\n"
        "quyền địa phương ngày 16 tháng 6 năm 2025;*\n"
        "*Căn cứ Nghị định số\n"
        "63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục hành\n"
        "chính; Nghị định số 92/2017/NĐ-CP ngày 07 tháng 8 năm 2017 của Chính phủ sửa"
    )
    assert [r.relation for r in find_legal_refs(text)] == [Relation.can_cu] * 3


def test_can_cu_printed_twice_3928ef06a8929828() -> None:
    assert _summary("*Căn cứ Căn cứ Luật Lưu trữ số\n33/2024/QH15;*") == [
        ("Luật Lưu trữ", "33/2024/QH15", None, Relation.can_cu)
    ]


def test_law_and_decree_joined_in_one_basis_5545b1799f2968c0() -> None:
    """Two documents of one "Căn cứ" item joined by "và" are both legal bases."""
    text = (
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật và Nghị định số 79/2025/NĐ-CP ngày "
        "01 tháng 4 năm 2025 của Chính phủ;"
    )
    assert [r.relation for r in find_legal_refs(text)] == [Relation.can_cu, Relation.can_cu]


# ------------------------------------------------------------ issuer codes


def test_issuer_code_names_another_ministry_e52fee108f53e169() -> None:
    """ "44/2023/TT-BTC … của Bộ trưởng Bộ Công Thương": BTC is Bộ Tài chính (the circular is
    44/2023/TT-BCT); the issuer after "Bộ trưởng" is read whole."""
    text = (
        "- Thông tư số 36/2023/TT-BTC ngày 06/6/2023 của Bộ trưởng Bộ Tài chính;\n"
        "- Thông tư số 44/2023/TT-BTC ngày 29/12/2023 của Bộ trưởng Bộ Công\nThương;"
    )
    first, second = find_legal_refs(text)
    assert (first.issuer, second.issuer) == ("Bộ trưởng Bộ Tài chính", "Bộ trưởng Bộ Công Thương")
    assert issuer_mismatch(first.number or "", first.issuer or "") is None
    assert issuer_mismatch(second.number or "", second.issuer or "") == "Bộ Tài chính"


def test_joint_circular_cited_by_one_of_its_ministries_congbot_49_2012_QD_UBND() -> None:
    """A joint circular cited as one of its ministries' is no mismatch."""
    [ref] = find_legal_refs(
        "Thông tư liên tịch số 47/2009/TTLT-BTC-BLĐTBXH ngày 11 tháng 3 năm 2009 của Bộ Tài chính, "
        "Bộ Lao động - Thương binh và Xã hội và các quy định hiện hành có liên quan."
    )
    assert ref.issuer == "Bộ Tài chính"
    assert issuer_mismatch(ref.number or "", ref.issuer or "") is None
