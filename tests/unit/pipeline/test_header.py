"""Issue 13: the number and kind of the gazette PDFs of the corpus (../shared/corpus/pdf), read
from the lines of their text as the PDF reader gives them."""

from __future__ import annotations

from normalizers.refs import normalize_decision_number
from pipeline.build.metadata import extract_metadata
from pipeline.kinds import DocKind, IssuerLevel

from ...conftest import text_document

_UBTVQH_BODY = (
    "NGHỊ QUYẾT\n"
    "Về số giờ làm thêm trong 01 năm, trong 01 tháng của người lao động trong bối cảnh phòng, "
    "chống dịch COVID-19 và phục hồi, phát triển kinh tế - xã hội\n"
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI\n"
    "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
)


def test_nghi_quyet_so_colon_ubtvqh15_nghi_quyet_17_2022() -> None:
    # nghi-quyet-so-17-2022-ubtvqh15-36956.pdf: the kind's word before a lowercase "số:", and
    # the issuer's code with its term (UBTVQH15)
    doc = text_document(
        "VĂN BẢN QUY PHẠM PHÁP LUẬT\n"
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI\n"
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Nghị quyết số: 17/2022/UBTVQH15\n" + _UBTVQH_BODY
    )
    metadata = extract_metadata(doc)
    assert metadata.decision_number is not None
    assert metadata.decision_number.value == "17/2022/UBTVQH15"
    assert doc.text[metadata.decision_number.start : metadata.decision_number.end] == (
        "17/2022/UBTVQH15"
    )
    assert metadata.doc_kind is DocKind.NGHI_QUYET
    assert (metadata.issuer, metadata.issuer_level) == (
        "Ủy ban Thường vụ Quốc hội",
        IssuerLevel.NATIONAL_ASSEMBLY,
    )


def test_nghi_quyet_so_in_a_cell_nghi_quyet_89_2025() -> None:
    # nghi-quyet-so-89-2025-ubtvqh15-45738.pdf: the header laid out as a table, the number in
    # a cell of its own
    doc = text_document(
        "VĂN BẢN QUY PHẠM PHÁP LUẬT\n"
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI\n"
        "\tỦY BAN THƯỜNG VỤ QUỐC HỘI\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự d o - "
        "Hạnh phúc\n"
        "\t\t\t\n"
        "\tNghị quyết số: 89/2025/UBTVQH15\t\t\n" + _UBTVQH_BODY
    )
    metadata = extract_metadata(doc)
    assert metadata.decision_number is not None
    assert metadata.decision_number.value == "89/2025/UBTVQH15"


def test_a_kind_cited_at_the_start_of_a_line_is_no_header_number_van_ban_hop_nhat_2022() -> None:
    # van-ban-hop-nhat-so-2022-vbhn-bldtbxh-37412.pdf: the consolidated decrees are listed at
    # the start of their lines, without the header label's colon; the number is printed only
    # on a page with no text layer, so there is none to read. The kind is the gazette's part
    # heading above the header, not the consolidated decree's kind line.
    doc = text_document(
        "VĂN BẢN PHÁP LUẬT KHÁC\n"
        "VĂN BẢN HỢP NHẤT -\n"
        "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "NGHỊ ĐỊNH\n"
        "Quy định chi tiết một số điều và biện pháp thi hành\n"
        "Luật Giáo dục nghề nghiệp\n"
        "Nghị định số 15/2019/NĐ-CP ngày 01 tháng 02 năm 2019 của Chính phủ quy định chi tiết "
        "một số điều và biện pháp thi hành Luật giáo dục nghề nghiệp, có hiệu lực kể từ ngày 20 "
        "tháng 3 năm 2019, được sửa đổi, bổ sung bởi:\n"
        "Căn cứ Luật tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.decision_number is None
    assert metadata.doc_kind is DocKind.VAN_BAN_HOP_NHAT
    assert metadata.issuer == "Bộ Lao động - Thương binh và Xã hội"


def test_a_dotted_number_nghi_quyet_66_17_2026() -> None:
    # nghi-quyet-so-6617-2026-nq-cp-469565.pdf
    doc = text_document(
        "CHÍNH PHỦ _________\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "_______________________________________\n"
        "Số: 66.17/2026/NQ-CP\tHà Nội, ngày 15 tháng 5 năm 2026\n"
        "NGHỊ QUYẾT\n"
        "Cắt giảm, sửa đổi ngành, nghề đầu tư kinh doanh có điều kiện\n"
        "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.decision_number is not None
    assert metadata.decision_number.value == "66.17/2026/NQ-CP"
    assert metadata.doc_kind is DocKind.NGHI_QUYET
    assert normalize_decision_number("66.17/2026/NQ-CP") == "66.17/2026/NQ-CP"


def test_a_gazette_continuation_names_its_document_thong_tu_102_2018() -> None:
    # thong-tu-so-102-2018-tt-btc-28383.pdf: the issue carries Phụ lục 04 of the circular, whose
    # header was printed in Công báo số 201 + 202; the gazette names it over its note
    doc = text_document(
        "VĂN BẢN QUY PHẠM PHÁP LUẬT\n"
        "BỘ TÀI CHÍNH\n"
        "Thông tư số 102/2018/TT-BTC ngày 14 tháng 11 năm 2018\n"
        "hướng dẫn kế toán Bảo hiểm xã hội\n"
        "(Tiếp theo Công báo số 201 + 202)\n"
        "Phụ lục số 04\n"
        "HỆ THỐNG BÁO CÁO TÀI CHÍNH, BÁO CÁO NGHIỆP VỤ QUỸ BẢO HIỂM DO HỆ THỐNG BẢO HIỂM XÃ HỘI "
        "VIỆT NAM QUẢN LÝ\n"
        "(Ban hành kèm theo Thông tư số 102/2018/TT-BTC ngày 14 tháng 11 năm 2018 của Bộ Tài "
        "chính)\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.decision_number is not None
    assert metadata.decision_number.value == "102/2018/TT-BTC"
    assert metadata.doc_kind is DocKind.THONG_TU
    assert (metadata.issuer, metadata.issuer_level) == ("Bộ Tài chính", IssuerLevel.MINISTRY)


def test_a_document_named_without_the_gazette_note_is_no_continuation() -> None:
    # the same lines without "(Tiếp theo Công báo số …)": a citation, not the document's name
    doc = text_document(
        "Thông tư số 102/2018/TT-BTC ngày 14 tháng 11 năm 2018\n"
        "hướng dẫn kế toán Bảo hiểm xã hội\n"
        "Phụ lục số 04\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.decision_number is None
    assert metadata.doc_kind is DocKind.OTHER


def test_a_party_document_is_no_committees_nq_cds_dong_thap() -> None:
    # docx/nq_cds_dongtháp.docx: the party's name where a state document prints the motto, the
    # star under the body's name, the number cell joined to it by the Word reader
    doc = text_document(
        "TỈNH ỦY ĐỒNG THÁP * Số -NQ/TU\tĐẢNG CỘNG SẢN VIỆT NAM Đồng Tháp, ngày tháng 3 năm 2026\n"
        "\n"
        "NGHỊ QUYẾT\n"
        "về chuyển đổi số trong công tác xây dựng Đảng\n"
        "giai đoạn 2026 - 2030\n"
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;\n"
    )
    metadata = extract_metadata(doc)
    # named as the Party spells its committees (Hướng dẫn 36-HD/VPTW): "Tỉnh uỷ"
    assert (metadata.issuer, metadata.issuer_level) == ("Tỉnh uỷ Đồng Tháp", IssuerLevel.PARTY)


def test_a_party_body_the_heads_do_not_name_is_no_committee_test_qc_output() -> None:
    # docx/test_qc_output.docx: a party cell of a ministry; it names Hà Nội only in its date
    doc = text_document(
        "ĐẢNG BỘ BỘ PHẬN VỤ TỔ CHỨC CÁN BỘ CHI BỘ 1 * Số -QC/CB1\tĐẢNG CỘNG SẢN VIỆT NAM Hà Nội, "
        "ngày tháng năm 2024\n"
        "\n"
        "QUY CHẾ\n"
        "Quy chế làm việc của cấp ủy Chi bộ 1\n"
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;\n"
    )
    metadata = extract_metadata(doc)
    assert (metadata.issuer, metadata.issuer_level) == (None, IssuerLevel.PARTY)
