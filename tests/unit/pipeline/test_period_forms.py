"""The period from the title in all its forms (issue 13).

Each case is the real text of a corpus document (``../shared/corpus``), named after it, as its
reader emits it (a Word table's cells tab-separated, a cell's paragraphs joined by spaces); the
forms issue 13 names that no corpus document prints are named after the issue.
"""

from __future__ import annotations

import pytest

from pipeline.build.findings import Sourced
from pipeline.build.metadata import extract_metadata
from pipeline.build.period import extract_period

from ...conftest import text_document

TITLES = [
    pytest.param(
        "KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG "
        "CHÍNH PHỦ VÀ QUYẾT ĐỊNH SỐ 3103/QĐ-BTC NGÀY 05 THÁNG 9 NĂM 2025 CỦA BỘ TÀI CHÍNH",
        (None, None),
        id="text_001c610b2efdcf0c-cited-decisions-dates",
    ),
    pytest.param(
        "VỀ CHẾ ĐỘ, CHÍNH SÁCH ĐỐI VỚI ĐỐI TƯỢNG THAM GIA CHIẾN TRANH BẢO VỆ TỔ QUỐC, LÀM NHIỆM "
        "VỤ QUỐC TẾ Ở CĂM-PU-CHI-A, GIÚP BẠN LÀO SAU NGÀY 30 THÁNG 4 NĂM 1975 ĐÃ PHỤC VIÊN",
        (None, None),
        id="text_congbot_62_2011_QD_TTg-a-date-is-no-period",
    ),
    pytest.param(
        "BAN HÀNH KẾ HOẠCH THỜI GIAN NĂM HỌC 2024-2025 ĐỐI VỚI GIÁO DỤC MẦM NON",
        (2024, 2025),
        id="text_congbot_986_2024_QD_UBND-bare-span",
    ),
    pytest.param(
        "PHÊ DUYỆT DANH SÁCH XÃ, PHƯỜNG MIỀN NÚI TRÊN ĐỊA BÀN TỈNH CAO BẰNG GIAI ĐOẠN 2026 – 2030",
        (2026, 2030),
        id="text_8fe888e498bceabd-en-dash",
    ),
    pytest.param(
        "KẾ HOẠCH PHÁT ĐỘNG PHONG TRÀO THI ĐUA THỰC HIỆN THÀNH CÔNG CUỘC BẦU CỬ ĐẠI BIỂU QUỐC "
        "HỘI KHÓA XVI VÀ ĐẠI BIỂU HĐND CÁC CẤP NHIỆM KỲ 2026 - 2031",
        (None, None),
        id="text_2957e4f4f0e41373-a-term-is-no-period",
    ),
    pytest.param(
        "Phê chuẩn kết quả Đại hội Đoàn Luật sư tỉnh Bình Thuận nhiệm kỳ X (2024 - 2029)",
        (None, None),
        id="docx_QDphechuanKetquaDaihoiDLS-numbered-term",
    ),
    pytest.param(
        "KẾ HOẠCH THỰC HIỆN CHƯƠNG TRÌNH “NÂNG CAO CHẤT LƯỢNG GIÁO DỤC MẦM NON Ở ĐỊA BÀN ĐÔ THỊ, "
        "KHU CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH HÀ TĨNH GIAI ĐOẠN 2025 - 2035, ĐỊNH HƯỚNG ĐẾN NĂM 2045”",
        (2025, 2035),
        id="text_69db23c781b2e9aa-span-and-horizon",
    ),
    pytest.param(
        "BAN HÀNH QUY TRÌNH RÀ SOÁT ĐỐI TƯỢNG CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA GIAI ĐOẠN 2021-2030, "
        "GIAI ĐOẠN I: TỪ NĂM 2021 ĐẾN NĂM 2025",
        (2021, 2030),
        id="text_f40e7ad008712591-a-stage-inside-the-span",
    ),
    pytest.param(
        "KẾ HOẠCH QUAN TRẮC, CẢNH BÁO MÔI TRƯỜNG NUÔI TRỒNG THỦY SẢN TRÊN ĐỊA BÀN TỈNH THANH HÓA "
        "NĂM 2026",
        (2026, 2026),
        id="text_85ff77cbda28ffbb-one-year",
    ),
    pytest.param(
        "Quyết định về việc công bố kết quả hệ thống hóa văn bản quy phạm pháp luật thuộc lĩnh "
        "vực quản lý nhà nước của Bộ Kế hoạch và Đầu tư kỳ 2019 - 2023",
        (2019, 2023),
        id="pdf_quyet-dinh-so-1205-qd-bkhdt-a-review-span",
    ),
    # The forms issue 13 names that no corpus title prints
    pytest.param(
        "Kế hoạch thực hiện trong 03 năm 2027 - 2029", (2027, 2029), id="issue_13-n-years"
    ),
    pytest.param(
        "Kế hoạch giai đoạn 2026 - 2030 và giai đoạn 2031 - 2035",
        (2026, 2035),
        id="issue_13-two-stages-are-one-span",
    ),
    pytest.param(
        "Kế hoạch từ năm 2021 đến năm 2025", (2021, 2025), id="issue_13-from-until-spelled"
    ),
]


def _period(title: str, issue_year: int | None = None) -> tuple[int | None, int | None]:
    start, end, _ = extract_period(
        text_document(title), None, [Sourced(title, 0, len(title))], issue_year
    )
    return start, end


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_period_from_the_title(title: str, expected: tuple[int | None, int | None]) -> None:
    assert _period(title) == expected


def test_period_ends_at_the_target_year_not_the_vision_year_issue_13() -> None:
    title = "Chương trình phát triển đến năm 2030, tầm nhìn đến năm 2045"
    doc = text_document(f"{title}\nKinh phí năm 2026: 100 triệu đồng.\n")
    start, end, findings = extract_period(doc, None, [Sourced(title, 0, len(title))], 2025)
    assert (start, end) == (2026, 2030)
    assert [f.check.value for f in findings] == ["period_start_inferred"]


def test_a_vision_alone_gives_no_period() -> None:
    # text_8718801c503045f9 cites "Quy hoạch … thời kỳ 2021 - 2030, tầm nhìn đến năm 2050"
    title = "Quy hoạch hạ tầng thông tin và truyền thông, tầm nhìn đến năm 2050"
    assert _period(title, 2025) == (None, None)


def test_the_title_under_another_kinds_line_gives_the_period_nq_25_2022_ubtvqh15() -> None:
    """pdf/nghi-quyet-so-25-2022-ubtvqh15-37724.pdf: a resolution's title is read under its kind
    line as a decision's is, up to the enacting body printed in capitals above the preamble."""
    doc = text_document(
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n"
        "Nghị quyết số: 25/2022/UBTVQH15\n"
        "NGHỊ QUYẾT\n"
        "Điều chỉnh Chương trình xây dựng luật, pháp lệnh năm 2022\n"
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI\n"
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.title is not None
    assert metadata.title.value == "Điều chỉnh Chương trình xây dựng luật, pháp lệnh năm 2022"
    assert (metadata.period_start, metadata.period_end) == (2022, 2022)


def test_a_title_in_capitals_ends_where_a_sentence_starts_36_hd_vptw() -> None:
    """docx/36-HD_VPTW_380096.docx: the guidance's title in capitals, then its first sentence."""
    doc = text_document(
        "BAN CHẤP HÀNH TRUNG ƯƠNG VĂN PHÒNG -------\tĐẢNG CỘNG SẢN VIỆT NAM ---------------\n"
        "Số: 36-HD/VPTW\tHà Nội, ngày 03 tháng 4 năm 2018\n"
        "\n"
        "HƯỚNG DẪN\n"
        "THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY VĂN BẢN CỦA ĐẢNG\n"
        "Thực hiện Quy định số 66-QĐ/TW, ngày 06/02/2017 của Ban Bí thư Trung ương Đảng về thể "
        "loại, thẩm quyền ban hành và thể thức văn bản của Đảng\n"
    )
    metadata = extract_metadata(doc)
    assert metadata.title is not None
    assert metadata.title.value == "THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY VĂN BẢN CỦA ĐẢNG"
