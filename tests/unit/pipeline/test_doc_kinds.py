"""A document's kind and issuer from its own header (issue 13), on header lines of the corpus
(/work/shared/corpus, named in each case), trimmed to the header and the first legal basis."""

from __future__ import annotations

import pytest

from pipeline.build.metadata import extract_metadata
from pipeline.kinds import DocKind, IssuerLevel

from ...conftest import text_document

_BASIS = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"

# (where the header came from, the header as the reader gives it, kind, issuer, issuer level)
CORPUS_HEADERS = [
    (
        "text/09daab284f92e2dd.txt",
        "|\n**ỦY BAN NHÂN DÂN**\nTỈNH BẮC NINH\n-------\n|\n**CỘNG HÒA XÃ HỘI\n"
        "CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n---------------\n|\n|\n"
        "Số: 141/KH-UBND\n|\n*Bắc Ninh, ngày 20\ntháng 11 năm 2025*\n|\n\n** **\n\n"
        "**KẾ HOẠCH**\n\nNÂNG CAO NĂNG LỰC CHO ĐỘI NGŨ CÁN BỘ, CÔNG CHỨC XÂY DỰNG\n",
        DocKind.KE_HOACH,
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        IssuerLevel.PROVINCE,
    ),
    (
        "text/06c6f91f5c3b4c21.txt",
        "|\n**HỘI ĐỒNG NHÂN\nDÂN **\nTHÀNH PHỐ HÀ NỘI\n-------\n|\n**CỘNG HÒA XÃ HỘI\n"
        "CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố:\n"
        "73/2025/NQ-HĐND\n|\n*Hà Nội, ngày 27\ntháng 11 năm 2025 *\n|\n\n\n**NGHỊ QUYẾT**\n\n"
        "QUY\nĐỊNH CƠ CHẾ, CHÍNH SÁCH, BIỆN PHÁP ƯU ĐÃI, HỖ TRỢ THU HÚT NGUỒN NHÂN LỰC\n",
        DocKind.NGHI_QUYET,
        "Hội đồng nhân dân thành phố Hà Nội",
        IssuerLevel.PROVINCE,
    ),
    (
        "text/2847e16133f7b987.txt",
        "|\n**ỦY BAN NHÂN DÂN**\nTHÀNH PHỐ CẦN THƠ\n-------\n|\n**CỘNG HÒA XÃ HỘI\n"
        "CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n---------------\n|\n|\n"
        "Số: 09/CT-UBND\n|\n*Cần Thơ, ngày 18\ntháng 11 năm 2025*\n|\n\n\n**CHỈ THỊ**\n\n"
        "VỀ TĂNG CƯỜNG CÔNG TÁC QUẢN LÝ, BẢO VỆ TÀI NGUYÊN NƯỚC DƯỚI\n",
        DocKind.CHI_THI,
        "Ủy ban nhân dân thành phố Cần Thơ",
        IssuerLevel.PROVINCE,
    ),
    (
        "text/ff4de67291d44c52.txt",
        "|\n|\n**ỦY BAN NHÂN\nDÂN**\n**TỈNH BẮC NINH**\n--------\n|\n**CỘNG HÒA XÃ\n"
        "HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n---------------\n|\n|\n"
        "Số: 1582/QĐ-UBND\n|\n*Bắc Ninh, ngày 30 tháng 11 năm 2025*\n|\n**QUYẾT ĐỊNH**\n"
        "VỀ VIỆC PHÊ DUYỆT QUY TRÌNH NỘI BỘ TRONG GIẢI QUYẾT\n",
        DocKind.QUYET_DINH,
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        IssuerLevel.PROVINCE,
    ),
    (
        "pdf/nghi-dinh-so-145-2020-nd-cp-32732.pdf",
        "2 CÔNG BÁO/Số 1203 + 1204/Ngày 28-12-2020\nVĂN BẢN QUY PHẠM PHÁP LUẬT\nCHÍNH PHỦ\n"
        "CHÍNH PHỦ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 145/2020/NĐ-CP\tHà Nội, ngày 14 tháng 12 năm 2020\nNGHỊ ĐỊNH\n"
        "Quy định chi tiết và hướng dẫn thi hành một số điều của\n",
        DocKind.NGHI_DINH,
        "Chính phủ",
        IssuerLevel.GOVERNMENT,
    ),
    (
        "pdf/quyet-dinh-so-28-2026-qd-ttg-469679.pdf",
        "THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "____________\tĐộc lập - Tự do - Hạnh phúc\n_________________________________________\n"
        "Số: 28/2026/QĐ-TTg\tHà Nội, ngày 29 tháng 5 năm 2026\nQUYẾT ĐỊNH\n"
        "Quy định trình tự, thủ tục, thẩm quyền cấp\nvà quản lý thẻ đi lại doanh nhân APEC\n",
        DocKind.QUYET_DINH,
        "Thủ tướng Chính phủ",
        IssuerLevel.PRIME_MINISTER,
    ),
    (
        "pdf/thong-tu-so-02-2025-tt-bldtbxh-43964.pdf",
        "2 CÔNG BÁO/Số 233 + 234/Ngày 02-02-2025\nVĂN BẢN QUY PHẠM PHÁP LUẬT\n"
        "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n"
        "BỘ LAO ĐỘNG - THƯƠNG BINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "VÀ XÃ HỘI\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 02/2025/TT-BLĐTBXH\tHà Nội, ngày 10 tháng 01 năm 2025\nTHÔNG TƯ\n"
        "Quy định Chế độ báo cáo thống kê Ngành Lao động - Thương binh và Xã hội\n",
        DocKind.THONG_TU,
        "Bộ Lao động - Thương binh và Xã hội",
        IssuerLevel.MINISTRY,
    ),
    (
        "pdf/nghi-quyet-so-25-2022-ubtvqh15-37724.pdf",
        "CÔNG BÁO/Số 707 + 708/Ngày 01-9-2022 3\nVĂN BẢN QUY PHẠM PHÁP LUẬT\n"
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI\n"
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nNghị quyết số: 25/2022/UBTVQH15\nNGHỊ QUYẾT\n"
        "Điều chỉnh Chương trình xây dựng luật, pháp lệnh năm 2022\n"
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI\n",
        DocKind.NGHI_QUYET,
        "Ủy ban Thường vụ Quốc hội",
        IssuerLevel.NATIONAL_ASSEMBLY,
    ),
]


@pytest.mark.parametrize(
    ("header", "kind", "issuer", "level"),
    [case[1:] for case in CORPUS_HEADERS],
    ids=[case[0] for case in CORPUS_HEADERS],
)
def test_kind_and_issuer_from_the_header(
    header: str, kind: DocKind, issuer: str, level: IssuerLevel
) -> None:
    metadata = extract_metadata(text_document(header + _BASIS))
    assert (metadata.doc_kind, metadata.issuer, metadata.issuer_level) == (kind, issuer, level)


def test_a_consolidated_text_is_read_by_its_authentication_number() -> None:
    # pdf/van-ban-hop-nhat-so-467-vbhn-bldtbxh-44195.pdf: the header is the consolidated
    # Thông tư's; the number and issuer stand in the authentication block at the end
    doc = text_document(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTHÔNG TƯ\n"
        "Hướng dẫn thực hiện quản lý lao động, tiền lương, thù lao,\n"
        "Căn cứ Nghị định số 14/2017/NĐ-CP ngày 17 tháng 02 năm 2017 của Chính phủ;\n"
        "Điều 1. Phạm vi điều chỉnh\n"
        "XÁC THỰC VĂN BẢN HỢP NHẤT\n"
        "Số: 467/VBHN-BLĐTBXH .\tHà Nội, ngày 10 tháng 02 năm 2025\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.doc_kind is DocKind.VAN_BAN_HOP_NHAT
    assert metadata.decision_number is not None
    assert metadata.decision_number.value == "467/VBHN-BLĐTBXH"
    assert (metadata.issuer, metadata.issuer_level) == (
        "Bộ Lao động - Thương binh và Xã hội",
        IssuerLevel.MINISTRY,
    )


def test_an_official_letter_is_a_number_without_a_kind_code() -> None:
    # text/717159673033f644.txt: "Số: 4085/UBND-ĐT" and a "V/v" line, no kind line
    doc = text_document(
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 4085/UBND-ĐT\n*V/v rà soát và\nchuẩn hóa dữ liệu số nhà sau sắp xếp*\n"
        "*Thành phố Hồ Chí Minh, ngày 25 tháng 11 năm 2025*\n**Kính gửi:**\n- Sở Xây dựng;\n"
        "Xét báo cáo, đề xuất của Sở Xây dựng;\n"
    )
    assert extract_metadata(doc).doc_kind is DocKind.CONG_VAN


# Kinds the corpus holds no document of: the header's kind line (Nghị định 30/2020/NĐ-CP
# Phụ lục I) and the number's code (Phụ lục III) each name them.
_NO_CORPUS_EXAMPLE = [
    ("CHƯƠNG TRÌNH", "12/CTr-UBND", DocKind.CHUONG_TRINH),
    ("ĐỀ ÁN", "12/ĐA-UBND", DocKind.DE_AN),
    ("THÔNG TƯ LIÊN TỊCH", "26/2014/TTLT-BTC-BCT", DocKind.THONG_TU_LIEN_TICH),
    ("QUY ĐỊNH", "12/QyĐ-UBND", DocKind.QUY_DINH),
    ("BÁO CÁO", "12/BC-UBND", DocKind.BAO_CAO),
    ("THÔNG BÁO", "12/TB-UBND", DocKind.THONG_BAO),
    ("HƯỚNG DẪN", "12/HD-UBND", DocKind.HUONG_DAN),
    ("KẾT LUẬN", "12/KL-UBND", DocKind.KET_LUAN),
]


@pytest.mark.parametrize(("word", "number", "kind"), _NO_CORPUS_EXAMPLE)
def test_every_kind_by_its_word_and_by_its_code(word: str, number: str, kind: DocKind) -> None:
    header = "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    dated = "Hưng Yên, ngày 27 tháng 12 năm 2017\n"
    by_word = text_document(f"{header}Số: 12/UBND\t{dated}{word}\nVề việc thử\n{_BASIS}")
    by_code = text_document(f"{header}Số: {number}\t{dated}Về việc thử\n{_BASIS}")
    assert extract_metadata(by_word).doc_kind is kind
    assert extract_metadata(by_code).doc_kind is kind


def test_a_header_naming_no_kind_is_other_not_a_decision() -> None:
    doc = text_document(
        "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 12/2017/XYZ\tHưng Yên, ngày 27 tháng 12 năm 2017\nVề việc thử\n" + _BASIS
    )
    assert extract_metadata(doc).doc_kind is DocKind.OTHER


def test_a_commune_committee_is_below_the_province() -> None:
    doc = text_document(
        "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 12/QĐ-UBND\tAn Bình, ngày 27 tháng 12 năm 2025\nQUYẾT ĐỊNH\nVề việc thử\n" + _BASIS
    )
    metadata = extract_metadata(doc)
    assert (metadata.issuer, metadata.issuer_level) == (
        "Ủy ban nhân dân xã An Bình",
        IssuerLevel.COMMUNE,
    )
