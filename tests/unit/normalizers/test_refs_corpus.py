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
        (RefType.luat, "Luật Ban hành văn bản quy phạm pháp luật", None, "Quốc hội"),
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


# ------------------------------------------------ a list of numbers after one kind word


def test_list_of_decrees_after_one_kind_word_ea34a356cafcb1aa() -> None:
    """ "Căn cứ các Nghị định của Chính phủ: số …; số … và số …": one decree a number, each a
    legal basis of the Chính phủ, the one joined by "và" too."""
    text = (
        "Căn cứ các Nghị định của\n"
        "Chính phủ: số 63/2010/NĐ-CP ngày 08/6/2010 về kiểm soát thủ tục hành chính; số\n"
        "48/2013/NĐ-CP ngày 14/5/2013 và số 92/2017/NĐ-CP ngày 07/8/2017 của Chính phủ sửa\n"
        "đổi, bổ sung một số điều của các Nghị định liên quan đến kiểm soát thủ tục hành\n"
        "chính; số 118/2025/NĐ-CP ngày 09/6/2025 về thực hiện thủ tục hành chính theo cơ\n"
        "chế một cửa, một cửa liên thông;\n"
        "Căn cứ Thông tư số 02/2017/TT-VPCP ngày 31/10/2017;"
    )
    refs = find_legal_refs(text)
    assert [(r.ref_type, r.number, r.ref_date, r.issuer, r.relation) for r in refs] == [
        (RefType.nghi_dinh, "63/2010/NĐ-CP", dt.date(2010, 6, 8), "Chính phủ", Relation.can_cu),
        (RefType.nghi_dinh, "48/2013/NĐ-CP", dt.date(2013, 5, 14), "Chính phủ", Relation.can_cu),
        (RefType.nghi_dinh, "92/2017/NĐ-CP", dt.date(2017, 8, 7), "Chính phủ", Relation.can_cu),
        (RefType.nghi_dinh, "118/2025/NĐ-CP", dt.date(2025, 6, 9), "Chính phủ", Relation.can_cu),
        (RefType.thong_tu, "02/2017/TT-VPCP", dt.date(2017, 10, 31), None, Relation.can_cu),
    ]


def test_list_of_circulars_issuer_cut_short_f7f2733d47a603dc() -> None:
    """The opening's issuer is not read to its colon ("của Bộ trưởng, Chủ nhiệm Văn phòng Chính
    phủ"): it is not given to the items; a number cited inside an item's subject is a mention."""
    text = (
        "*Căn cứ các Thông tư của Bộ trưởng, Chủ nhiệm Văn\n"
        "phòng Chính phủ: số 02/2017/TT-VPCP ngày 31/10/2017 hướng dẫn nghiệp vụ về kiểm\n"
        "soát thủ tục hành chính; số 03/2025/TT-VPCP ngày 15/9/2025 hướng dẫn thi hành một\n"
        "số nội dung của Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực\n"
        "hiện thủ tục hành chính theo cơ chế một cửa;*\n"
    )
    refs = find_legal_refs(text)
    assert [(r.number, r.issuer, r.relation) for r in refs] == [
        ("02/2017/TT-VPCP", None, Relation.can_cu),
        ("03/2025/TT-VPCP", None, Relation.can_cu),
        ("118/2025/NĐ-CP", "Chính phủ", Relation.mentioned),
    ]


def test_amending_decrees_are_no_list_640111ea8077e047() -> None:
    """ "của các Nghị định liên quan …" names no numbers: no list, no reference."""
    text = "đổi, bổ sung một số điều của các Nghị định liên quan đến kiểm soát thủ tục hành\n"
    assert find_legal_refs(text) == []


# ------------------------------------------------------------ a Bộ luật


def test_bo_luat_with_its_number_nghi_quyet_so_17_2022_ubtvqh15_36956() -> None:
    text = "Căn cứ Bộ luật Lao động số 45/2019/QH14;"
    (ref,) = find_legal_refs(text)
    assert (ref.ref_type, ref.title, ref.number, ref.issuer, ref.relation) == (
        RefType.luat,
        "Bộ luật Lao động",
        "45/2019/QH14",
        "Quốc hội",
        Relation.can_cu,
    )


def test_bo_luat_with_its_date_nghi_dinh_so_111_2022_nd_cp_38434() -> None:
    text = (
        "Căn cứ Bộ luật Lao động ngày 20 tháng 11 năm 2019;\n"
        "Căn cứ Bộ luật Dân sự ngày 24 tháng 11 năm 2015;"
    )
    refs = find_legal_refs(text)
    assert [(r.title, r.ref_date, r.relation) for r in refs] == [
        ("Bộ luật Lao động", dt.date(2019, 11, 20), Relation.can_cu),
        ("Bộ luật Dân sự", dt.date(2015, 11, 24), Relation.can_cu),
    ]


def test_law_by_name_is_the_quoc_hois_ac0f18a2d1b4fb56() -> None:
    """A law cited without number or printed issuer is still the Quốc hội's."""
    (ref,) = find_legal_refs("*Căn cứ Luật Bảo vệ môi trường ngày\n17/11/2020;*")
    assert (ref.title, ref.issuer) == ("Luật Bảo vệ môi trường", "Quốc hội")


# ------------------------------------------------------------ Party numbers


def test_party_rule_number_QC_DangBo_LungCu_2025_2030() -> None:
    text = (
        "- Căn cứ Quy định số 24-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương về thi hành"
        " Điều lệ Đảng;"
    )
    (ref,) = find_legal_refs(text)
    assert (ref.ref_type, ref.number, ref.ref_date, ref.issuer, ref.relation) == (
        RefType.other,
        "24-QĐ/TW",
        dt.date(2021, 7, 30),
        "Ban Chấp hành Trung ương",
        Relation.can_cu,
    )


def test_party_guide_and_conclusion_numbers_36_HD_VPTW_380096_nghi_quyet_so_105_nq_cp() -> None:
    text = (
        "thay thế Hướng dẫn số 11-HD/VPTW, ngày 28/5/2004 của Văn phòng Trung ương Đảng hướng dẫn\n"
        "Căn cứ Kết luận số 210-KL/TW ngày 12 tháng 11 năm 2025 của Ban\n"
    )
    refs = find_legal_refs(text)
    assert [(r.ref_type, r.number, r.ref_date, r.relation) for r in refs] == [
        (RefType.other, "11-HD/VPTW", dt.date(2004, 5, 28), Relation.thay_the),
        (RefType.other, "210-KL/TW", dt.date(2025, 11, 12), Relation.can_cu),
    ]


# ------------------------------------------------------------ issuer names and verbs


def test_known_law_stops_before_dang_vbhn_3305() -> None:
    (ref,) = find_legal_refs(
        "theo quy định của Luật Việc làm đang tham gia bảo hiểm trước ngày 01/10/2021"
    )
    assert (ref.title, ref.ref_date) == ("Luật Việc làm", None)


def test_issuer_stops_before_thay_the_ad52bc0b105a20cd() -> None:
    text = (
        "- Thông tư số 104/2024/TT-BQP\n"
        "ngày 27/11/2024 của Bộ trưởng Bộ Quốc phòng thay thế, bãi bỏ một số quy định,"
    )
    assert find_legal_refs(text)[0].issuer == "Bộ trưởng Bộ Quốc phòng"


def test_issuer_stops_before_de_nghi_5eaeb632f6582871() -> None:
    text = (
        "*Xét Tờ trình số\n"
        "382/TTr-UBND ngày 12 tháng 11 năm 2025 của Ủy ban nhân dân Thành phố đề nghị"
    )
    (ref,) = find_legal_refs(text)
    assert (ref.issuer, ref.relation) == ("Ủy ban nhân dân Thành phố", Relation.de_nghi)


def test_list_of_proposals_then_a_letter_8d9779edcdd6c422() -> None:
    """ "tại các Tờ trình: số … và số …\nvà Văn bản số …": three proposals acted upon."""
    text = (
        "*Theo đề nghị của Sở Xây dựng\n"
        "tại các Tờ trình: số 441/TTr-SXD ngày 07/11/2025 và số 464/TTr-SXD ngày 20/11/2025\n"
        "và Văn bản số 16947/SXD-TCĐT ngày 03/12/2025 về ban hành quy định về phân cấp một\n"
    )
    refs = find_legal_refs(text)
    assert [(r.ref_type, r.number, r.relation) for r in refs] == [
        (RefType.to_trinh, "441/TTr-SXD", Relation.de_nghi),
        (RefType.to_trinh, "464/TTr-SXD", Relation.de_nghi),
        (RefType.van_ban, "16947/SXD-TCĐT", Relation.de_nghi),
    ]


def test_list_opening_is_the_kind_word_before_cua_adf53d885efc1c23() -> None:
    """ "các quy định tại các Nghị định của Chính phủ: số …": the list is the decrees', not the
    rules' ("quy định" is a kind word too)."""
    text = (
        "trong văn bản này thì áp dụng theo các quy định tại các Nghị định của Chính\n"
        "phủ: số 156/2018/NĐ-CP ngày 16/11/2018 Quy định chi tiết thi hành một số điều của"
    )
    (ref,) = find_legal_refs(text)
    assert (ref.ref_type, ref.number, ref.issuer, ref.relation) == (
        RefType.nghi_dinh,
        "156/2018/NĐ-CP",
        "Chính phủ",
        Relation.mentioned,
    )


def test_law_in_a_list_items_subject_is_a_mention_ac0f18a2d1b4fb56() -> None:
    """A law named in the subject of a list's item is mentioned, not a legal basis of its own."""
    text = (
        "*Căn cứ các Nghị định của\n"
        "Chính phủ: số 78/2025/NĐ-CP ngày 01/4/2025 quy định chi tiết một số điều và biện\n"
        "pháp để tổ chức, hướng dẫn thi hành Luật Ban hành văn bản quy phạm pháp luật; số\n"
        "187/2025/NĐ-CP ngày 01/7/2025 sửa đổi, bổ sung một số điều của Nghị định số\n"
        "78/2025/NĐ-CP ngày 01/4/2025;*\n"
    )
    refs = find_legal_refs(text)
    assert [(r.title, r.number, r.relation) for r in refs] == [
        (None, "78/2025/NĐ-CP", Relation.can_cu),
        ("Luật Ban hành văn bản quy phạm pháp luật", None, Relation.mentioned),
        (None, "187/2025/NĐ-CP", Relation.can_cu),
        (None, "78/2025/NĐ-CP", Relation.mentioned),
    ]
