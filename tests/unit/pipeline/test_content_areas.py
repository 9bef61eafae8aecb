"""The content areas of Nghị định 45/2012/NĐ-CP Điều 4 (content_areas.csv), one real line of a
sample programme for each, and the wordings that fell to `other` before issue 13."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalizers.tables import RuleTableError
from pipeline.build.programme import categorize, extract_content_lines
from pipeline.build.segment import segment
from pipeline.kinds import ContentArea

from ...conftest import edit_table, text_document


@pytest.mark.parametrize(
    ("line", "area"),
    [
        # 000 (Hưng Yên) III.1
        ("Tổ chức đào tạo nghề, truyền nghề ngắn hạn", ContentArea.DAO_TAO_NGHE),
        # 001 (An Giang) 2)
        ("Nâng cao năng lực quản lý và áp dụng sản xuất sạch hơn", ContentArea.NANG_LUC_QUAN_LY),
        # 004 (Đồng Nai) 3
        (
            "Xây dựng mô hình trình diễn kỹ thuật, ứng dụng máy móc thiết bị tiên tiến",
            ContentArea.MO_HINH_TRINH_DIEN,
        ),
        # 000 III.4
        ("Phát triển sản phẩm công nghiệp nông thôn tiêu biểu", ContentArea.SAN_PHAM_TIEU_BIEU),
        # 000 III.5
        (
            "Hỗ trợ thuê tư vấn, trợ giúp các cơ sở công nghiệp nông thôn trong các hoạt động: "
            "Lập dự án đầu tư, marketing; quản lý sản xuất-tài chính-kế toán; thiết kế mẫu mã, "
            "bao bì đóng gói,...",
            ContentArea.TU_VAN,
        ),
        # 000 III.6
        ("Công tác thông tin tuyên truyền", ContentArea.THONG_TIN),
        # 004 (Đồng Nai) 8
        (
            "Liên doanh, liên kết, hợp tác kinh tế và phát triển các cụm - điểm công nghiệp",
            ContentArea.LIEN_KET_CUM_CONG_NGHIEP,
        ),
        # 001 8)
        ("Hợp tác quốc tế về khuyến công", ContentArea.HOP_TAC_QUOC_TE),
        # 000 III.8: "năng lực quản lý và tổ chức" is longer than "năng lực quản lý" at the
        # same word
        (
            "Hỗ trợ nâng cao năng lực quản lý và tổ chức thực hiện hoạt động khuyến công",
            ContentArea.NANG_LUC_THUC_HIEN,
        ),
        # 002 (Bình Phước) V: a heading of no area
        ("Kinh phí thực hiện", ContentArea.OTHER),
    ],
)
def test_one_real_line_for_each_content_area(line: str, area: ContentArea) -> None:
    assert categorize(line) == area


@pytest.mark.parametrize(
    ("line", "area"),
    [
        # 003 (Cao Bằng) Biểu 01, row 2: a comma inside "máy móc, thiết bị"
        (
            "Số cơ sở CNNT được hỗ trợ ứng dụng máy móc, thiết bị tiên tiến",
            ContentArea.MO_HINH_TRINH_DIEN,
        ),
        # 000 (Hưng Yên) budget table, rows VII.3 and VII.4: "CCN" for cụm công nghiệp
        ("Hỗ trợ lập QH chi tiết CCN", ContentArea.LIEN_KET_CUM_CONG_NGHIEP),
        ("Hỗ trợ đầu tư xây dựng kết cấu hạ tầng CCN", ContentArea.LIEN_KET_CUM_CONG_NGHIEP),
        # 002 (Bình Phước): bình chọn without "tiêu biểu"
        (
            "Tổ chức bình chọn sản phẩm công nghiệp nông thôn trên địa bàn cấp tỉnh là: 3 lần.",
            ContentArea.SAN_PHAM_TIEU_BIEU,
        ),
        # 000 budget table, row IV.1: the abbreviation
        ("Tổ chức bình chọn SPCCNTTB cấp tỉnh", ContentArea.SAN_PHAM_TIEU_BIEU),
        # 001 (An Giang), under "4) Phát triển sản phẩm công nghiệp nông thôn tiêu biểu"
        (
            "Hỗ trợ 3 cơ sở CNNT xây dựng sàn giao dịch thương mại điện tử quảng bá thương hiệu "
            "trên internet.",
            ContentArea.SAN_PHAM_TIEU_BIEU,
        ),
        # 001, the results of the products' development
        (
            "kết nối cung cầu, giao thương và xúc tiến thương mại trong và ngoài nước",
            ContentArea.SAN_PHAM_TIEU_BIEU,
        ),
        # 002, under "Chương trình nâng cao năng lực quản lý"
        (
            "Tổ chức tham quan, khảo sát học tập kinh nghiệm các mô hình sản xuất kinh doanh "
            "điển hình tiên tiến của các tỉnh bạn thuộc các lĩnh vực ngành nghề.",
            ContentArea.NANG_LUC_QUAN_LY,
        ),
        # 000 budget table, row VIII.2
        (
            "Kiểm tra, giám sát, hướng dẫn triển khai thực hiện các chương trình đề án và nhiệm "
            "vụ hoạt động KC",
            ContentArea.NANG_LUC_THUC_HIEN,
        ),
    ],
)
def test_wordings_that_fell_to_other(line: str, area: ContentArea) -> None:
    assert categorize(line) == area


@pytest.mark.parametrize(
    ("line", "area"),
    [
        # 000 III.3 c: the cleaning-up at the end is no linkage (the table's old priority order
        # made it one)
        (
            "c) Hỗ trợ chuyển giao công nghệ, ứng dụng máy móc thiết bị tiên tiến, tiến bộ khoa "
            "học kỹ thuật vào các khâu sản xuất công nghiệp - tiểu thủ công nghiệp, xử lý ô "
            "nhiễm môi trường.",
            ContentArea.MO_HINH_TRINH_DIEN,
        ),
        # 002 (Bình Phước), under its consulting programme
        (
            "+ Tư vấn về sử dụng năng lượng tiết kiệm và hiệu quả, sản xuất sạch hơn trong công "
            "nghiệp, xử lý ô nhiễm môi trường.",
            ContentArea.TU_VAN,
        ),
        # 002, under "Chương trình nâng cao năng lực quản lý và tổ chức thực hiện": a comma
        # where 000 writes "và"
        (
            "- Tập huấn, nâng cao năng lực quản lý, tổ chức thực hiện các hoạt động khuyến công, "
            "kỹ năng hướng dẫn, tư vấn, trình độ chuyên môn cho cán bộ làm công tác khuyến "
            "công, các cán bộ quản lý, cộng tác viên;",
            ContentArea.NANG_LUC_THUC_HIEN,
        ),
    ],
)
def test_the_keyword_found_first_names_the_area(line: str, area: ContentArea) -> None:
    assert categorize(line) == area


def test_a_keyword_is_a_whole_word() -> None:
    """ "CCN" is no cluster inside "CCNT" (a line of 000's table: "cơ sở CCNT")."""
    assert categorize("Hỗ trợ 21 cơ sở CCNT") == ContentArea.OTHER


def test_the_heading_decides_before_the_line_s_own_text_and_its_sub_items() -> None:
    """An Giang's "5) Tư vấn, trợ giúp cơ sở công nghiệp nông thôn" has a sub-item about
    cleaner production; a heading of no area is read in its own text, then its sub-items."""
    doc = text_document(
        "II. NỘI DUNG\n"
        "5) Tư vấn, trợ giúp cơ sở công nghiệp nông thôn\n"
        "- Tư vấn cung cấp thông tin cho 25 cơ sở;\n"
        "- Hỗ trợ đánh giá nhanh sản xuất sạch hơn cho 10 cơ sở;\n"
        "6) Các hoạt động khác\n"
        "- Hỗ trợ đánh giá nhanh sản xuất sạch hơn cho 10 cơ sở;\n"
    )
    lines = extract_content_lines(doc.text, segment(doc, None))
    assert [line.kind for line in lines] == [ContentArea.TU_VAN, ContentArea.NANG_LUC_QUAN_LY]


def test_a_keyword_in_two_areas_is_a_table_error(rule_tables: Path) -> None:
    row = "thong_tin,thông tin|tuyên truyền|truyền thông"
    edit_table(rule_tables, "content_areas.csv", row, row + "|tư vấn")
    with pytest.raises(RuleTableError, match="'tư vấn' is in tu_van and thong_tin"):
        categorize("Tư vấn")
