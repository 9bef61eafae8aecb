"""The signer wherever the signature block is laid out (issue 13).

Each case is the real text of a corpus document (``../shared/corpus``), named after it, as its
reader emits it (a Word table's cells tab-separated, a cell's paragraphs joined by spaces); the
forms issue 13 names that no corpus document prints are named after the issue.
"""

from __future__ import annotations

import pytest

from pipeline.build.signer import extract_signer

from ...conftest import text_document

SIGNATURE_BLOCKS = [
    pytest.param(
        "|\n**KT. CHỦ TỊCH**\nPHÓ CHỦ TỊCH\n**Bùi\nXuân Cường**\n|\n",
        ("Bùi Xuân Cường", "Phó Chủ tịch", "KT. Chủ tịch"),
        id="text_717159673033f644-name-wrapped-over-two-lines",
    ),
    pytest.param(
        "**TM. ỦY BAN NHÂN\nDÂN **\nKT.CHỦ TỊCH\nPHÓ CHỦ TỊCH\nPhan Phong Phú\n|\n",
        ("Phan Phong Phú", "Phó Chủ tịch", "TM. Ủy ban nhân dân / KT. Chủ tịch"),
        id="text_83652dd19c6fef24-authority-wrapped-mark-unspaced",
    ),
    pytest.param(
        "| Nơi nhận: - Văn phòng Quốc hội; - Lưu: Văn thư, KGVX (5b). "
        "| KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Nguyễn Sinh Hùng |\n|---|---|\n",
        ("Nguyễn Sinh Hùng", "Phó Thủ tướng", "KT. Thủ tướng"),
        id="text_congbot_142_2008_QD_TTg-pipe-cell",
    ),
    pytest.param(
        "| Nơi nhận: - Như Điều 4; - Lưu: VT, TTHC(htd). | CHỦ TỊCH Đặ ng Văn Minh |\n|---|---|\n",
        ("Đặng Văn Minh", "Chủ tịch", None),
        id="text_congbot_1351_2022_QD_UBND-letter-spaced-name",
    ),
    pytest.param(
        "| Nơi nhận: - Thành viên Ban Chỉ đạo quốc gia 1237; - Lưu: VT, BCĐQG1237(3b) "
        "| TRƯỞNG BAN PHÓ THỦ TƯỚNG Nguyễn Thiện Nhân |\n",
        ("Nguyễn Thiện Nhân", "Trưởng ban", None),
        id="text_congbot_252_2013_KH_BCDQG1237-first-post-is-the-one-signed-as",
    ),
    pytest.param(
        "Nơi nhận: - Như Điều 3; - Chủ tịch, Phó CT UBND tỉnh (Đ/c Hải); - Lưu: VT, NCKS.\t"
        "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hồng Hải\n",
        ("Nguyễn Hồng Hải", "Phó Chủ tịch", "KT. Chủ tịch"),
        id="docx_2114_Kem_SNV_Du_thao_QD-word-table-cell",
    ),
    pytest.param(
        "Nơi nhận: - Ban cán sự đảng UBND tỉnh, - Lưu Văn phòng Tỉnh ủy.\t"
        "T/M BAN THƯỜNG VỤ BÍ THƯ Lê Quốc Phong",
        ("Lê Quốc Phong", "Bí thư", "T/M Ban Thường vụ"),
        id="docx_nq_cds_dongthap-party-mark",
    ),
    pytest.param(
        "hành phố chịu trách nhiệm thi hành Nghị định này.\nTM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\n"
        "PHÓ THỦ TƯỚNG\n[daky]\nLê Tiến Châu",
        ("Lê Tiến Châu", "Phó Thủ tướng", "TM. Chính phủ / KT. Thủ tướng"),
        id="pdf_nghi-dinh-so-151-2026-nd-cp-signed-mark",
    ),
    pytest.param(
        "hướng dẫn kịp thời./.\n\tBỘ TRƯỞNG\n\t\n\t\n\tĐại tướng Lương Tam Quang\nPHỤ LỤC I",
        ("Lương Tam Quang", "Bộ trưởng", None),
        id="pdf_thong-tu-so-33-2026-tt-bca-rank-before-the-name",
    ),
    pytest.param(
        "XÁC THỰC VĂN BẢN HỢP NHẤT\nSố: 467/VBHN-BLĐTBXH .\tHà Nội, ngày 10 tháng 02 năm 2025 "
        "KT. BỘ TRƯỞNG THỨ TRƯỞNG\nLê Văn Thanh\nPHỤ LỤC\n",
        ("Lê Văn Thanh", "Thứ trưởng", "KT. Bộ trưởng"),
        id="pdf_van-ban-hop-nhat-so-467-vbhn-bldtbxh-block-after-the-date",
    ),
    # The forms issue 13 names, on a real signer's block (717159673033f644)
    pytest.param(
        "| KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH<br><br>Bùi Xuân Cường |\n",
        ("Bùi Xuân Cường", "Phó Chủ tịch", "KT. Chủ tịch"),
        id="issue_13-br-joined-cell",
    ),
    pytest.param(
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nBùi Xuân Cường\n",
        ("Bùi Xuân Cường", "Phó Chủ tịch", "KT. Chủ tịch"),
        id="issue_13-signed-line",
    ),
    pytest.param(
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTr ần V ăn Hùng\n",
        ("Trần Văn Hùng", "Phó Chủ tịch", "KT. Chủ tịch"),
        id="issue_13-letter-spaced-name",
    ),
    pytest.param(
        "Nơi nhận: - Các tỉnh ủy, thành ủy, - Lưu Văn phòng Trung ương Đảng.\tK/T CHÁNH VĂN PHÒNG "
        "PHÓ CHÁNH VĂN PHÒNG Bùi Văn Thạch\n\nPHỤ LỤC 1\n",
        ("Bùi Văn Thạch", "Phó Chánh Văn phòng", "K/T Chánh Văn phòng"),
        id="docx_36-HD_VPTW_380096-party-k-t-mark-in-the-right-cell",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SIGNATURE_BLOCKS)
def test_signer_wherever_the_block_is_laid_out(
    text: str, expected: tuple[str, str | None, str | None]
) -> None:
    doc = text_document(text)
    signer, findings = extract_signer(doc)
    assert signer is not None
    assert (signer.name.value, signer.title, signer.authority) == expected
    assert findings == []
    # the span covers the printed name (letter-spaced or wrapped, it is the printed text)
    printed = doc.text[signer.name.start : signer.name.end]
    assert printed.split()[0].startswith(signer.name.value.split()[0][:2])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "THỦ TƯỚNG CHÍNH PHỦ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
            "Số: 28/2021/QĐ-TTg\tHà Nội, ngày 01 tháng 10 năm 2021\n",
            id="pdf_quyet-dinh-so-28-2021-qd-ttg-header",
        ),
        pytest.param(
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN\nCăn cứ Luật Tổ chức chính quyền địa phương "
            "ngày 19 tháng 02 năm 2025;\n",
            id="docx_62_Kem_SNV_Du_thao_QD-enacting-authority",
        ),
        pytest.param(
            "T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU\nTRƯỞNG BAN \n(chữ ký)\nHọ và tên\n",
            id="docx_36-HD_VPTW_380096-a-template-block",
        ),
    ],
)
def test_no_signer_where_no_name_follows_the_posts(text: str) -> None:
    assert extract_signer(text_document(text)) == (None, [])
