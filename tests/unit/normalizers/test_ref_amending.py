"""Amended and repealed documents (qdx issue 14): the relation a decision's own statement gives
the citation that follows it, on the real titles and articles of the development corpus.

Each case is the text from the opening of the statement (the title, the article or clause, as
:func:`pipeline.build.statements.statement_openings` gives it) on, as printed in the file named.
"""

from __future__ import annotations

import pytest

from normalizers.refs import Relation, find_legal_refs

R = Relation

CORPUS_STATEMENTS = [
    # text/0beedb7bdb363a85.txt, the title
    ("SỬA ĐỔI, BỔ SUNG QUYẾT ĐỊNH SỐ 3470/QĐ-UBND NGÀY 10 THÁNG 11 NĂM 2025 CỦA", [R.sua_doi]),
    # pdf/quyet-dinh-so-1478-qd-bldtbxh-42752.pdf, the title and Điều 1
    ("Về việc bổ sung nội dung tại Quyết định số 225/QĐ-BLĐTBXH ngày 05/3/2024 của Bộ trưởng Bộ"
     " Lao động - Thương binh và Xã hội", [R.sua_doi]),
    ("Điều 1. Bổ sung khoản 5 Điều 1 Quyết định số 225/QĐ-BLĐTBXH ngày 05/3/2024", [R.sua_doi]),
    # pdf/nghi-dinh-so-51-2025-nd-cp-44397.pdf, the title and Điều 1
    ("Sửa đổi, bổ sung một số điều của Nghị định số 10/2022/NĐ-CP\nngày 15 tháng 01 năm 2022 của"
     " Chính phủ quy định về lệ phí trước bạ", [R.sua_doi]),
    ("Điều 1. Sửa đổi, bổ sung điểm c khoản 5 Điều 8 Nghị định số 10/2022/NĐ-CP ngày 15 tháng 01"
     " năm 2022 của Chính phủ quy định về lệ phí trước bạ, như sau:", [R.sua_doi]),
    # text/0abcf1a5292b31ec.txt, the title: the regulation issued by the resolution is amended
    ("SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA QUY ĐỊNH CÁC CHÍNH SÁCH HỖ\nTRỢ GIẢM NGHÈO BỀN VỮNG TỈNH"
     " THỪA THIÊN HUẾ GIAI ĐOẠN 2023-2025 BAN HÀNH THEO\nNGHỊ QUYẾT SỐ 20/2023/NQ-HĐND NGÀY 21"
     " THÁNG 8 NĂM 2023", [R.sua_doi]),
    # text/1852f73167ca9236.txt, the title
    ("VỀ\nVIỆC SỬA ĐỔI, BỔ SUNG QUY ĐỊNH VỀ PHÍ THAM QUAN DANH LAM THẮNG CẢNH, DI TÍCH LỊCH\nSỬ,"
     " CÔNG TRÌNH VĂN HÓA TRÊN ĐỊA BÀN THÀNH PHỐ HÀ NỘI TẠI NGHỊ QUYẾT SỐ\n16/2023/NQ-HĐND NGÀY"
     " 06 THÁNG 12 NĂM 2023", [R.sua_doi]),
    # text/ed309a99382e6b4c.txt, the title: two resolutions joined by "VÀ"
    ("SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA QUY ĐỊNH KÈM THEO NGHỊ QUYẾT\nSỐ 11/2022/NQ-HĐND NGÀY 14"
     " THÁNG 7 NĂM 2022 VÀ NGHỊ QUYẾT SỐ 22/2023/NQ-HĐND\nNGÀY 20 THÁNG 10 NĂM 2023 CỦA HĐND"
     " TỈNH THỪA THIÊN HUẾ", [R.sua_doi, R.sua_doi]),
    # text/14d45619867d65a2.txt, the title
    ("BÃI BỎ QUYẾT ĐỊNH SỐ 636/QĐ-UBND NGÀY 17/3/2025 CỦA UBND\nTỈNH QUẢNG NAM", [R.bai_bo]),
    # text/606d5f203dec293b.txt, the title: two decisions repealed; the third citation only
    # says what the second one amended
    ("BÃI\nBỎ QUYẾT ĐỊNH SỐ 42/2018/QĐ-UBND NGÀY 08 THÁNG 8 NĂM 2018 VÀ QUYẾT ĐỊNH SỐ"
     " 07/2022/QĐ-UBND\nNGÀY 17 THÁNG 02 NĂM 2022 CỦA CỦA ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ SỬA"
     " ĐỔI,\nBỔ SUNG MỘT SỐ ĐIỀU CỦA QUY ĐỊNH BAN HÀNH KÈM THEO QUYẾT ĐỊNH SỐ\n42/2018/QĐ-UBND"
     " NGÀY 08 THÁNG 8 NĂM 2018", [R.bai_bo, R.bai_bo, R.mentioned]),
    # pdf/nghi-dinh-so-151-2026-nd-cp-469523.pdf, clause 3 of the article on its entry into force:
    # repealing one article amends the decree
    ("3. Bãi bỏ Điều 10 của Nghị định số 18/2026/NĐ-CP ngày 14 tháng 01 năm\n2026 của Chính phủ",
     [R.sua_doi]),
    # pdf/thong-tu-so-12-2024-tt-bldtbxh-43233.pdf, clause 5 of Điều 3: the statement ends at
    # "như sau:"; the decree the quoted article cites is not amended
    ("5. Sửa đổi Điều 8 như sau:\n“Điều 8. Mức tiền lương bình quân kế hoạch, quỹ tiền lương kế"
     " hoạch, tạm ứng tiền lương, quỹ tiền lương thực hiện và phân phối tiền lương của Ban Biên"
     " tập Truyền hình đa phương tiện\nBan Biên tập Truyền hình đa phương tiện căn cứ quy định"
     " tại Nghị định số\n51/2016/NĐ-CP", [R.mentioned]),
    # text/0abcf1a5292b31ec.txt, clause 2 of Điều 2
    ("2. Bãi bỏ mẫu số 05, mẫu số 06, mẫu số 07, mẫu số 11 tại Phụ lục kèm theo Nghị\nquyết số"
     " 20/2023/NQ-HĐND.", [R.sua_doi]),
    # pdf/nghi-quyet-so-97-nq-cp-469324.pdf, the title: the Government's action programme is
    # amended, not the Politburo's resolution it carries out
    ("Sửa đổi, bổ sung nhiệm vụ trong Chương trình hành động của Chính phủ thực hiện Nghị quyết"
     " số 66-NQ/TW ngày 30 tháng 4 năm 2025 của\nBộ Chính trị", [R.mentioned]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "relations"), CORPUS_STATEMENTS, ids=[c[0][:60] for c in CORPUS_STATEMENTS]
)
def test_statement_relation_corpus(text: str, relations: list[Relation]) -> None:
    refs = find_legal_refs(text, openings=[0])
    assert [r.relation for r in refs] == relations


def test_amending_words_outside_a_statement_are_a_mention_0beedb7bdb363a85() -> None:
    # the legal basis of text/0beedb7bdb363a85.txt: the cited decision 3659 amends 3212, the
    # citing one does not, even when an opening stands before the clause
    text = (
        "Căn cứ Quyết định số\n3659/QĐ-BKHCN ngày 13 tháng 11 năm 2025 của Bộ trưởng Bộ Khoa học và"
        " Công nghệ\nvề việc sửa đổi, bổ sung Quyết định số 3212/QĐ-BKHCN ngày 17 tháng 10 năm 2025"
    )
    for openings in ([], [0]):
        refs = find_legal_refs(text, openings=openings)
        assert [(r.number, r.relation) for r in refs] == [
            ("3659/QĐ-BKHCN", R.can_cu),
            ("3212/QĐ-BKHCN", R.mentioned),
        ]


def test_without_openings_nothing_is_amended_0beedb7bdb363a85() -> None:
    # a plan's task "b) Sửa đổi, bổ sung Nghị định số …" reads the same: only the caller, who
    # knows the decision's own title and articles, says where a statement opens
    title = "SỬA ĐỔI, BỔ SUNG QUYẾT ĐỊNH SỐ 3470/QĐ-UBND NGÀY 10 THÁNG 11 NĂM 2025"
    assert [r.relation for r in find_legal_refs(title)] == [R.mentioned]


def test_replacement_stays_thay_the_qd_phe_duyet_dieu_le() -> None:
    # docx/QD phe duyet Dieu le Hiep hoi Doanh nghiep tinh 25-30.docx, Điều 2 (an opening)
    text = (
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký ban hành và thay thế Quyết định số"
        " 2587/QĐ-UBND"
    )
    assert [r.relation for r in find_legal_refs(text, openings=[0])] == [R.thay_the]
