"""Issue 13: the official gazette's page furniture and the pages the PDF reader cannot read,
with the lines and text matrices of the gazette PDFs of the corpus (../shared/corpus/pdf)."""

from __future__ import annotations

import pytest

from extractors.model import Document, SourceFormat
from extractors.pdf.lines import VLine, Word
from extractors.pdf.pages import Page, Unseen, _turned
from extractors.pdf.running import drop_running_lines
from normalizers.documents import gazette_continued_from, is_gazette_furniture
from pipeline.build.checks import check_unread_pages
from pipeline.kinds import Check, Severity

_A4 = (595, 842)


def _line(text: str, top: float, page: int, x0: float = 85.0) -> VLine:
    words = []
    x = x0
    for word in text.split():
        words.append(Word(x, x + 6 * len(word), top, top + 14, word, 14, 0))
        x += 6 * len(word) + 4
    return VLine(words, page)


def _page(number: int, lines: list[tuple[str, float]], n_chars: int = 1500) -> Page:
    vlines = [_line(text, top, number) for text, top in lines]
    return Page(number, _A4, 842.0, vlines, [], n_chars, Unseen())


def _texts(page: Page) -> list[str]:
    return [line.text for line in page.lines]


@pytest.mark.parametrize(
    "line",
    [
        "CÔNG BÁO/Số 287 + 288/Ngày 08-4-2022 3",  # nghi-quyet-so-17-2022-ubtvqh15-36956.pdf
        "4 CÔNG BÁO/Số 287 + 288/Ngày 08-4-2022",
        "CÔNG BÁO/Số 323/Ngày 11-06-2026 18",  # nghi-dinh-so-188-2026-nd-cp-469662.pdf
        "2 CÔNG BÁO/Số 493 + 494/Ngày 16-03-2025",  # nghi-dinh-so-51-2025-nd-cp-44397.pdf
        "(Xem tiếp theo Công báo số 1205 + 1206)",  # nghi-dinh-so-145-2020-nd-cp-32732.pdf
        "(Xem tiếp Công báo số 1061 + 1062) 9",  # quyet-dinh-so-135-qd-bldtbxh-41357.pdf
    ],
)
def test_gazette_furniture_lines(line: str) -> None:
    assert is_gazette_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "(Tiếp theo Công báo số 201 + 202)",  # kept: it says the header is in an earlier issue
        "Kế hoạch và Đầu tư; gửi đăng Công báo các Danh mục văn bản hết hiệu lực, ngưng hiệu lực",
        "VĂN BẢN HỢP NHẤT -",  # kept: the part heading of the issue names a consolidated text
    ],
)
def test_text_that_is_no_gazette_furniture(line: str) -> None:
    assert not is_gazette_furniture(line)


def test_the_continuation_note_thong_tu_102_2018() -> None:
    assert gazette_continued_from("(Tiếp theo Công báo số 201 + 202)")
    assert not gazette_continued_from("(Xem tiếp Công báo số 507 + 508)")


def test_gazette_header_of_a_one_page_document_dropped_nghi_dinh_51_2025() -> None:
    # nghi-dinh-so-51-2025-nd-cp-44397.pdf: one page, so no recurrence shows the header
    page = _page(
        1,
        [
            ("2 CÔNG BÁO/Số 493 + 494/Ngày 16-03-2025", 54.0),
            ("VĂN BẢN QUY PHẠM PHÁP LUẬT", 87.0),
            ("CHÍNH PHỦ", 144.7),
            ("Số: 51/2025/NĐ-CP", 253.5),
        ],
    )
    drop_running_lines([page])
    assert _texts(page) == ["VĂN BẢN QUY PHẠM PHÁP LUẬT", "CHÍNH PHỦ", "Số: 51/2025/NĐ-CP"]


def test_gazette_header_lower_on_a_page_dropped_nghi_dinh_188_2026() -> None:
    # nghi-dinh-so-188-2026-nd-cp-469662.pdf: the header at 44.6 pt on some pages, 30.4 on
    # others, so neither recurs on half of the pages; the signer's name ended the page before
    pages = [
        _page(1, [("CÔNG BÁO/Số 323/Ngày 11-06-2026 27", 44.6), ("Lê Tiến Châu", 700.0)]),
        _page(2, [("CÔNG BÁO/Số 323/Ngày 11-06-2026 28", 30.4), ("Mẫu số 02", 65.9)]),
        _page(3, [("CÔNG BÁO/Số 323/Ngày 11-06-2026 29", 60.0), ("Mẫu số 03", 80.0)]),
    ]
    drop_running_lines(pages)
    assert [_texts(p) for p in pages] == [["Lê Tiến Châu"], ["Mẫu số 02"], ["Mẫu số 03"]]


def test_continued_in_a_later_issue_dropped_as_the_pages_last_line_nghi_dinh_145_2020() -> None:
    last = "b) Thực hiện các nhiệm vụ khác theo quy chế hoạt động của Hội đồng trọng tài lao động."
    page = _page(1, [(last, 400.0), ("(Xem tiếp theo Công báo số 1205 + 1206)", 430.0)])
    drop_running_lines([page])
    assert _texts(page) == [last]


def test_a_running_header_with_its_page_number_on_the_outer_side_recurs_qd_1478() -> None:
    # quyet-dinh-so-1478-qd-bldtbxh-42752.pdf, its annex's own running header: the page number
    # after it on a right-hand page, before it on a left-hand one
    pages = [
        _page(n, [(text, 37.8), (f"{n}. Nghị định", 120.0)])
        for n, text in [
            (1, "Tập hệ thống hóa VBQPPL còn hiệu lực 63"),
            (2, "64 Tập hệ thống hóa VBQPPL còn hiệu lực"),
            (3, "Tập hệ thống hóa VBQPPL còn hiệu lực 65"),
            (4, "66 Tập hệ thống hóa VBQPPL còn hiệu lực"),
        ]
    ]
    drop_running_lines(pages)
    assert [_texts(p) for p in pages] == [[f"{n}. Nghị định"] for n in range(1, 5)]


def test_a_quarter_turned_matrix_is_sideways_qd_1478() -> None:
    # quyet-dinh-so-1478-qd-bldtbxh-42752.pdf page 3: the gazette's header up the side of a
    # landscape page; pdfminer calls it upright (its diagonal is a rounding error, not 0)
    assert _turned((1.2e-08, -1.0, 1.0, 1.2e-08, 798.1, 291.41))
    assert _turned((0.0, 14.0, -14.0, 0.0, 60.0, 500.0))
    assert not _turned((14.0, 0.0, 0.0, 14.0, 85.0, 700.0))


@pytest.mark.parametrize(
    ("n_chars", "unseen", "unread"),
    [
        # quyet-dinh-so-1205-qd-bkhdt-41976.pdf page 4: a table turned on a portrait page
        (44, Unseen(sideways=1129), True),
        # the gazette's back cover: its imprint drawn as vector outlines, no image, no letter
        (0, Unseen(), False),
        # a scanned page: an image over the page, no text layer
        (0, Unseen(image_share=0.93), True),
        # quyet-dinh-so-1478-qd-bldtbxh-42752.pdf page 3: upright text with a sideways header
        (1600, Unseen(sideways=56), False),
        # a page of text with a logo
        (1200, Unseen(image_share=0.05), False),
    ],
)
def test_unread_pages(n_chars: int, unseen: Unseen, unread: bool) -> None:
    page = Page(4, _A4, 842.0, [], [], n_chars, unseen)
    assert page.unread is unread


def test_unread_pages_are_a_warning_qd_1205() -> None:
    doc = Document(
        "quyet-dinh-so-1205-qd-bkhdt-41976.pdf",
        "0" * 64,
        SourceFormat.PDF,
        "",
        "",
        (),
        n_pages=66,
        unread_pages=(3, *range(4, 66)),
    )
    [finding] = check_unread_pages(doc)
    assert (finding.check, finding.severity) == (Check.PAGES_UNREAD, Severity.WARNING)
    assert finding.actual == "3-65"
    assert finding.message.startswith("63 of 66 pages not read")
    assert check_unread_pages(Document("a.pdf", "0" * 64, SourceFormat.PDF, "", "", ())) == []


def test_boxes_round_a_marked_passage_lose_no_words_qd_333_btc() -> None:
    """Quyết định 333/QĐ-BTC marks passages with one box a line, the first line's box starting
    after the words before it. pdfplumber reads the boxes as a table, whose hole held
    "2025 của Chính phủ": the words were lost and the sentence came out as table rows."""
    from extractors.pdf import extract_pdf_file

    from ...conftest import FIXTURES_DIR

    doc = extract_pdf_file(FIXTURES_DIR / "corpus/pdf/quyet-dinh-so-333-qd-btc-469000.pdf")
    assert (
        "Điều 1. Kể từ ngày Nghị định số 245/2025/NĐ-CP ngày 11 tháng 9 năm 2025 của Chính phủ "
        "sửa đổi, bổ sung một số điều của Nghị định số 155/2020/NĐ-CP"
    ) in doc.text
    assert "năm 2020 của Chính phủ quy định chi tiết thi hành" in doc.text
    assert all("Chính phủ sửa đổi" not in cell.text for t in doc.tables for cell in t.cells)
