"""Markup, site furniture and letter-spaced words out of a web copy's text, on the lines of the
development corpus (../shared/corpus/text) they came from, each test named after its file."""

from __future__ import annotations

import pytest

from normalizers.web import clean_web_lines, rejoin_letter_spaced, strip_markup

# (line as the file prints it, the line the text holds): one markup shape a case.
MARKUP = [
    # 001c610b2efdcf0c: the legal bases in italics, wrapped
    ("*Căn cứ Luật Tổ chức chính", "Căn cứ Luật Tổ chức chính"),
    ("quyền địa phương số 72/2025/QH15;*", "quyền địa phương số 72/2025/QH15;"),
    # 020bddd030400bd2: a bold header cell broken over two lines, the place in italics
    ("**ỦY BAN NHÂN", "ỦY BAN NHÂN"),
    ("DÂN **", "DÂN"),
    ("*Hà Tĩnh, ngày", "Hà Tĩnh, ngày"),
    ("* *", ""),
    ("**", ""),
    ("#", ""),
    # 0c462ec3eec6e18d: a heading
    ("# QUYẾT ĐỊNH:", "QUYẾT ĐỊNH:"),
    # 09daab284f92e2dd: bold around a clause number
    ("**4. **Trong giai đoạn 2026", "4. Trong giai đoạn 2026"),
    # 5eaeb632f6582871: markup inside a word
    ("*(K**ý**", "(Ký"),
    # 4c6ac60a4ebc43d6: a bullet printed as an asterisk stays a bullet
    ("* Thành phần hồ sơ của UBND cấp", "* Thành phần hồ sơ của UBND cấp"),
    # 003_8c7e4977db864976 (data/raw, cao_bang): a bullet before a bold phrase
    ("* **Đánh giá chung:** Giai đoạn 2009 - 2015", "* Đánh giá chung: Giai đoạn 2009 - 2015"),
    # a <br> inside a cell (the list of web markup; no corpus file holds one)
    (
        "| KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH<br/>Nguyễn Văn A |",
        "| KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A |",
    ),
    # a pipe row without markup is left as it is, its cells' tabs and spaces too
    (
        "| Số: 170/2008/QĐ-TTg | Hà Nội, ngày 18 tháng 12 năm 2008 |",
        "| Số: 170/2008/QĐ-TTg | Hà Nội, ngày 18 tháng 12 năm 2008 |",
    ),
    ("Kinh phí\t30\t", "Kinh phí\t30\t"),
]


@pytest.mark.parametrize(("line", "clean"), MARKUP, ids=[line for line, _ in MARKUP])
def test_markup_out_of_the_line(line: str, clean: str) -> None:
    assert strip_markup(line) == clean


# (line, the line with its letter-spaced words joined)
LETTER_SPACED = [
    (
        "| Số: 1351/QĐ-UBND | Qu ả ng Ngãi, ngày 04 tháng 10 năm 2022 |",  # congbot_1351_2022
        "| Số: 1351/QĐ-UBND | Quảng Ngãi, ngày 04 tháng 10 năm 2022 |",
    ),
    ("- Bộ Lao động - Thương binh và X ã hội;", "- Bộ Lao động - Thương binh và Xã hội;"),  # same
    (
        "- Các Bộ: Quốc phòng, Công an, Ng o ại giao, Lao động",  # congbot_252_2013_KH_BCDQG1237
        "- Các Bộ: Quốc phòng, Công an, Ngoại giao, Lao động",
    ),
    ("- Ban Bí thư Trung ương Đ ả ng;", "- Ban Bí thư Trung ương Đảng;"),  # congbot_773_2018
    (
        "là đối tượng bắt buộc phải đấu nối vào h ệ thống thoát nước",  # ef57df9384270c6e
        "là đối tượng bắt buộc phải đấu nối vào hệ thống thoát nước",
    ),
    (
        "đối với trường hợp qu y định tại điểm d, điểm e khoản 3 Điều 4",  # 150d48a05ed57aa3
        "đối với trường hợp quy định tại điểm d, điểm e khoản 3 Điều 4",
    ),
    (
        "án đầu tư thuộc thẩm quyền c hấp thuận chủ trương đầu tư",  # ff4de67291d44c52
        "án đầu tư thuộc thẩm quyền chấp thuận chủ trương đầu tư",
    ),
    # the header and signer
    ("T ỉnh B ắc G iang", "Tỉnh Bắc Giang"),
    ("Tr ần V ăn A", "Trần Văn A"),
]


@pytest.mark.parametrize(("line", "joined"), LETTER_SPACED, ids=[line for line, _ in LETTER_SPACED])
def test_letter_spaced_words_are_joined(line: str, joined: str) -> None:
    assert rejoin_letter_spaced(line) == joined


# Lines whose pieces are no letter-spaced word, left as they are.
NOT_LETTER_SPACED = [
    "0,006 x a",  # ed309a99382e6b4c: a formula, a letter after a number
    "0,12 x e",  # same
    "điểm đ khoản 1 Điều 3",  # a point's letter before a word: no syllable together
    "UBND tỉnh, HĐND tỉnh, TP Huế",
    "- Lao động -Thương binh và Xã hộ i , Tài chính",  # congbot_252: "hộ" is a syllable already
]


@pytest.mark.parametrize("line", NOT_LETTER_SPACED)
def test_other_pieces_are_left(line: str) -> None:
    assert rejoin_letter_spaced(line) == line


# The head of 020bddd030400bd2 (thuvienphapluat.vn): notice, help, summary table, then the header.
TVPL_HEAD = [
    "|",
    "Bản dịch này thuộc quyền sở hữu của **",
    "THƯ VIỆN PHÁP LUẬT**. Mọi hành vi sao chép, đăng tải lại mà không có sự đồng ý của **",
    "X",
    "Click vào phần bôi vàng để xem chi tiết.",
    "Đang tải văn bản...",
    "#",
    "**Số hiệu:**",
    "|",
    "84/2025/QĐ-UBND",
    "|",
    "**Người ký:**",
    "|",
    "Trần Báu Hà",
    "|",
    "**",
    "Ngày hiệu lực:**",
    "|",
    "Đã biết",
    "**Tình trạng:**",
    "|",
    "Đã biết",
    "|",
    "|",
    "**ỦY BAN NHÂN",
    "DÂN **",
    "TỈNH HÀ TĨNH",
]


def test_the_sites_preamble_is_emptied_020bddd0() -> None:
    clean = clean_web_lines(TVPL_HEAD)
    assert len(clean) == len(TVPL_HEAD)
    assert [line for line in clean if line.strip("|")] == ["ỦY BAN NHÂN", "DÂN", "TỈNH HÀ TĨNH"]


# The tail of 020bddd030400bd2: the signature, the page title, the footer.
TVPL_TAIL = [
    "PHÓ CHỦ TỊCH",
    "**Trần Báu Hà**",
    "|",
    "Quyết định 84/2025/QĐ-UBND bãi bỏ toàn bộ Quyết định 10/2016/QĐ-UBND Quy định chức năng",
    "Văn bản này chưa cập nhật nội dung Tiếng Anh",
    "## Văn bản liên quan",
    "Ban hành:",
    "18/11/2025",
    "Nghị định 13/2023/NĐ-CP về Bảo vệ dữ liệu cá nhân (hiệu lực từ ngày 01/07/2023) yêu cầu xác",
    "- Hỗ trợ: (028) 3930.3279 _ 0906.229966",
]


def test_the_page_title_and_the_footer_are_emptied_020bddd0() -> None:
    assert clean_web_lines(TVPL_TAIL) == ["PHÓ CHỦ TỊCH", "Trần Báu Hà", "|", *[""] * 7]


def test_a_login_prompt_or_hotline_is_emptied_wherever_it_stands_020bddd0() -> None:
    lines = ["- Bạn vừa bị Đăng xuất khỏi Tài khoản .", "- Hỗ trợ: (028) 3930.3279 _ 0906.229966"]
    assert clean_web_lines(["Điều 1. Bãi bỏ", *lines]) == ["Điều 1. Bãi bỏ", "", ""]


def test_the_page_title_of_another_document_is_emptied_congbot_252_2013() -> None:
    # The page is filed under Quyết định 1237/QĐ-TTg; the file is Kế hoạch 252/KH-BCĐQG1237.
    lines = [
        "# Về việc phê duyệt Đề án tìm kiếm, quy tập hài cốt liệt sĩ từ nay đến năm 2020",
        "",
        "| BAN CHỈ ĐẠO QUỐC GIA VỀ TÌM KIẾM, QUY TẬP HÀI CỐT LIỆT SĨ ------- | CỘNG HÒA XÃ HỘI |",
        "KẾ HOẠCH",
    ]
    assert clean_web_lines(lines) == ["", "", lines[2], "KẾ HOẠCH"]


def test_chunk_names_are_emptied_congbot_49_2012() -> None:
    lines = ["Điều 3. Quyết định này có hiệu lực", "# 49_2012_QĐ_UBND_regulation_ch1", "# QUY CHẾ"]
    assert clean_web_lines(lines) == ["Điều 3. Quyết định này có hiệu lực", "", "QUY CHẾ"]


def test_a_heading_in_capitals_opening_a_file_is_the_documents_own() -> None:
    lines = ["# QUYẾT ĐỊNH", "Về việc phê duyệt"]
    assert clean_web_lines(lines) == ["QUYẾT ĐỊNH", "Về việc phê duyệt"]


def test_a_line_of_markup_only_stays_an_empty_cell_7650ecce() -> None:
    # The fee table of Nghị quyết 58/2025/NQ-HĐND, a cell a line: "** **" is the empty fee cell
    # of a group row; an empty line there would end the row for the table reader.
    lines = ["**1**", "|", "**Trường Mầm non đô thị Sài Đồng**", "|", "** **", "|", "|", "1.1"]
    clean = ["1", "|", "Trường Mầm non đô thị Sài Đồng", "|", "** **", "|", "|", "1.1"]
    assert clean_web_lines(lines) == clean


def test_a_file_without_the_sites_phrases_keeps_every_line_cao_bang() -> None:
    lines = ["**ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG**", "", "Số: 270/QĐ - UBND"]
    assert clean_web_lines(lines) == ["ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG", "", "Số: 270/QĐ - UBND"]
