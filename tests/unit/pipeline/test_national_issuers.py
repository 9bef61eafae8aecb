"""Issue 13: the issuer, province, number, kind and date of the corpus's national and Party
documents and of drafts left unnumbered, from the real lines of the corpus files named."""

from __future__ import annotations

import datetime as dt

from normalizers.issuers import header_issuer, names_national_body
from pipeline.build.assemble import NATIONAL, build_records
from pipeline.build.metadata import extract_metadata
from pipeline.kinds import Check, DocKind, IssuerLevel

from ...conftest import text_document


def test_a_prime_ministers_decision_has_no_province_congbot_40_2011_qd_ttg() -> None:
    # text/congbot_40_2011_QD_TTg.txt: "Hà Nội" is only the place of the date line
    doc = text_document(
        "| THỦ TƯỚNG CHÍNH PHỦ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
        "Hạnh phúc --------------- |\n"
        "|---|\n"
        "| Số: 40/2011/QĐ-TTg | Hà Nội, ngày 27 tháng 07 năm 2011 |\n"
        "\n"
        "QUYẾT ĐỊNH\n"
        "\n"
        "QUY ĐỊNH VỀ CHẾ ĐỘ ĐỐI VỚI THANH NIÊN XUNG PHONG ĐÃ HOÀN THÀNH NHIỆM VỤ TRONG KHÁNG "
        "CHIẾN\n"
        "\n"
        "THỦ TƯỚNG CHÍNH PHỦ\n"
        "\n"
        "Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;\n"
    )
    metadata = extract_metadata(doc)
    assert (metadata.issuer, metadata.issuer_level) == (
        "Thủ tướng Chính phủ",
        IssuerLevel.PRIME_MINISTER,
    )
    assert metadata.issue_place is not None and metadata.issue_place.value == "Hà Nội"
    assert metadata.province is None
    assert metadata.national
    # a national document's missing province is no finding, and its rows go apart
    assert Check.PROVINCE_UNKNOWN not in {f.check for f in metadata.findings}
    assert build_records(doc, "memory.txt", dt.datetime(2026, 1, 1)).province == NATIONAL


def test_the_rule_line_is_no_part_of_the_name_thong_tu_27_2026_tt_btc() -> None:
    # pdf/thong-tu-so-27-2026-tt-btc-469358.pdf: the rule under the ministry's name
    doc = text_document(
        "BỘ TÀI CHÍNH ———\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
        "————————————\n"
        "Số: 27/2026/TT-BTC\tHà Nội, ngày 27 tháng 3 năm 2026\n"
        "THÔNG TƯ\n"
        "Sửa đổi, bổ sung một số điều của Thông tư số 152/2016/TT-BTC ngày 17 tháng 10 năm 2016\n"
        "Căn cứ Luật Ngân sách nhà nước số 89/2025/QH15;\n"
    )
    metadata = extract_metadata(doc)
    assert (metadata.issuer, metadata.issuer_level) == ("Bộ Tài chính", IssuerLevel.MINISTRY)
    assert metadata.province is None


def test_a_national_steering_committee_congbot_252_2013_kh_bcdqg1237() -> None:
    # text/congbot_252_2013_KH_BCDQG1237.txt: no committee made up from "Hà Nội"
    doc = text_document(
        "| BAN CHỈ ĐẠO QUỐC GIA VỀ TÌM KIẾM, QUY TẬP HÀI CỐT LIỆT SĨ ------- | CỘNG HÒA XÃ HỘI "
        "CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |\n"
        "|---|---|\n"
        "| Số: 252/KH-BCĐQG1237 | Hà Nội, ngày 11 tháng 11 năm 2013 |\n"
        "\n"
        "KẾ HOẠCH\n"
        "\n"
        "TRIỂN KHAI THỰC HIỆN QUYẾT ĐỊNH SỐ 1237/QĐ-TTG NGÀY 27 THÁNG 7 NĂM 2013 CỦA THỦ TƯỚNG "
        "CHÍNH PHỦ\n"
        "\n"
        "Căn cứ Chỉ thị số 24-CT/TW ngày 15 tháng 5 năm 2013 của Bộ Chính trị;\n"
    )
    metadata = extract_metadata(doc)
    assert (metadata.issuer, metadata.issuer_level) == (
        "Ban Chỉ đạo quốc gia về tìm kiếm, quy tập hài cốt liệt sĩ",
        IssuerLevel.OTHER,
    )
    assert metadata.province is None
    assert metadata.doc_kind is DocKind.KE_HOACH


_VPTW_HEADER = (
    "BAN CHẤP HÀNH TRUNG ƯƠNG VĂN PHÒNG -------\tĐẢNG CỘNG SẢN VIỆT NAM ---------------\n"
    "Số: 36-HD/VPTW\tHà Nội, ngày 03 tháng 4 năm 2018\n"
    "\n"
    "HƯỚNG DẪN\n"
    "THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY VĂN BẢN CỦA ĐẢNG\n"
    "Thực hiện Quy định số 66-QĐ/TW, ngày 06/02/2017 của Ban Bí thư Trung ương Đảng về thể loại, "
    "thẩm quyền ban hành và thể thức văn bản của Đảng, Văn phòng Trung ương Đảng hướng dẫn thể "
    "thức và kỹ thuật trình bày văn bản của Đảng như sau:\n"
)


def test_a_party_number_and_a_central_party_body_36_hd_vptw_380096() -> None:
    # docx/36-HD_VPTW_380096.docx: the kind code before the slash; the Office under the Central
    # Committee named by its number's code; a central body has no province
    doc = text_document(_VPTW_HEADER)
    metadata = extract_metadata(doc)
    assert metadata.decision_number is not None
    assert metadata.decision_number.value == "36-HD/VPTW"
    assert metadata.doc_kind is DocKind.HUONG_DAN
    assert (metadata.issuer, metadata.issuer_level) == (
        "Văn phòng Trung ương Đảng",
        IssuerLevel.PARTY,
    )
    assert metadata.province is None
    assert metadata.issue_date is not None and metadata.issue_date.value == dt.date(2018, 4, 3)


def test_a_communes_party_committee_under_its_districts_qc_dangbo_lungcu_2025_2030() -> None:
    # docx/QC_DangBo_LungCu_2025_2030.docx: the Word cell joins "HUYỆN UỶ ĐỒNG VĂN" and
    # "ĐẢNG UỶ XÃ LŨNG CÚ"; the body is the one under its parent
    doc = text_document(
        "HUYỆN UỶ ĐỒNG VĂN ĐẢNG UỶ XÃ LŨNG CÚ * Số -QC/ĐU\tĐẢNG CỘNG SẢN VIỆT NAM Lũng Cú, ngày "
        "tháng năm 2025\n"
        "\n"
        "QUY CHẾ\n"
        "Quy chế làm việc\n"
        "của Ban Chấp hành Đảng bộ xã Lũng Cú\n"
        "nhiệm kỳ 2025 - 2030\n"
        "-----\n"
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;\n"
    )
    metadata = extract_metadata(doc)
    assert (metadata.issuer, metadata.issuer_level) == ("Đảng uỷ xã Lũng Cú", IssuerLevel.PARTY)
    assert metadata.province is None


def test_an_unnumbered_official_letter_cv_cong_nhan_ket_qua_dai_hoi_lien_doan_quan_vot() -> None:
    # docx/CV cong nhan ket qua dai hoi cua Lien doan Quan vot.docx: "Số: /UBND-NCKSTTHC", a
    # draft's number left blank, the codes of an official letter
    doc = text_document(
        "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN Số: /UBND-NCKSTTHC V/v kết quả đại hội Liên đoàn Quần vợt "
        "tỉnh Bình Thuận\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Bình "
        "Thuận, ngày tháng 3 năm 2025\n"
        "\n"
        "Kính gửi: Liên đoàn Quần vợt tỉnh Bình Thuận\n"
        "\n"
        "Ủy ban nhân dân tỉnh nhận được Công văn số 02/BC-LĐQV ngày 24/01/2025 của Liên đoàn Quần "
        "vợt tỉnh Bình Thuận về việc báo cáo kết quả đại hội.\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.doc_kind is DocKind.CONG_VAN
    assert metadata.decision_number is None
    assert (metadata.issuer, metadata.province and metadata.province.name) == (
        "Ủy ban nhân dân tỉnh Bình Thuận",
        "Bình Thuận",
    )


_UBTVQH_17_2022 = (
    "VĂN BẢN QUY PHẠM PHÁP LUẬT\n"
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI\n"
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
    "Nghị quyết số: 17/2022/UBTVQH15\n"
    "\n"
    "NGHỊ QUYẾT\n"
    "Về số giờ làm thêm trong 01 năm, trong 01 tháng của người lao động\n"
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI\n"
    "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
    "Điều 1. Phạm vi điều chỉnh\n"
    "Nghị quyết này có hiệu lực thi hành từ ngày 01 tháng 4 năm 2022 đến hết ngày 31 tháng 12 "
    "năm 2022.\n"
)


def test_a_ubtvqh_resolution_is_dated_by_its_closing_sentence_nghi_quyet_17_2022() -> None:
    # pdf/nghi-quyet-so-17-2022-ubtvqh15-36956.pdf: no date in the header
    doc = text_document(
        _UBTVQH_17_2022 + "Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ "
        "nghĩa Việt Nam khóa XV, phiên họp thứ 9 thông qua ngày 23 tháng 3 năm 2022./.\n"
        "\t\tTM. ỦY BAN THƯỜNG VỤ QUỐC HỘI\t\n"
        "\t\tCHỦ TỊCH\t\n"
        "\t\tVương Đình Huệ\t\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.issue_date is not None
    assert metadata.issue_date.value == dt.date(2022, 3, 23)
    assert doc.text[metadata.issue_date.start : metadata.issue_date.end].startswith("ngày 23")
    assert metadata.province is None


def test_the_closing_sentence_over_two_lines_nghi_quyet_78_2025() -> None:
    # pdf/nghi-quyet-so-78-2025-ubtvqh15-45003.pdf: the sentence wraps before "nghĩa Việt Nam"
    doc = text_document(
        _UBTVQH_17_2022 + "Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ\n"
        "nghĩa Việt Nam khóa XV, phiên họp thứ 45 thông qua ngày 17 tháng 5 năm 2025.\n"
        "TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.issue_date is not None
    assert metadata.issue_date.value == dt.date(2025, 5, 17)


def test_in_force_from_adoption_is_no_date_nghi_quyet_25_2022() -> None:
    # pdf/nghi-quyet-so-25-2022-ubtvqh15-37724.pdf: "có hiệu lực thi hành từ ngày thông qua"
    # dates nothing; the sentence after it does
    doc = text_document(
        _UBTVQH_17_2022 + "Nghị quyết này có hiệu lực thi hành từ ngày thông qua.\n"
        "Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam "
        "khóa XV, phiên họp chuyên đề pháp luật tháng 8 thông qua ngày 17 tháng 8 năm 2022.\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.issue_date is not None
    assert metadata.issue_date.value == dt.date(2022, 8, 17)


def test_a_header_date_wins_over_the_closing_sentence() -> None:
    # a provincial council's resolution prints both: the header's is the issue date
    doc = text_document(
        "HỘI ĐỒNG NHÂN DÂN TỈNH HƯNG YÊN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 12/2023/NQ-HĐND\tHưng Yên, ngày 08 tháng 12 năm 2023\n"
        "NGHỊ QUYẾT\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "Nghị quyết này đã được Hội đồng nhân dân tỉnh Hưng Yên khóa XVII, kỳ họp thứ 15 thông "
        "qua ngày 07 tháng 12 năm 2023.\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.issue_date is not None
    assert metadata.issue_date.value == dt.date(2023, 12, 8)
    assert metadata.province is not None and metadata.province.name == "Hưng Yên"


def test_header_issuer_reads_the_body_under_its_parent_in_one_cell() -> None:
    # the Word reader joins a cell's lines: the body is the last head's; "TỔNG CỤC" stays whole
    found = header_issuer("HUYỆN UỶ ĐỒNG VĂN ĐẢNG UỶ XÃ LŨNG CÚ * Số -QC/ĐU")
    assert found is not None and (found.head, found.name) == ("Đảng uỷ", "XÃ LŨNG CÚ")
    found = header_issuer("BỘ TÀI CHÍNH TỔNG CỤC THUẾ")
    assert found is not None and (found.head, found.name) == ("Tổng cục", "THUẾ")


def test_names_national_body_reads_the_national_words() -> None:
    assert names_national_body("Ban Chấp hành Trung ương")
    assert not names_national_body("Tỉnh uỷ Đồng Tháp")
