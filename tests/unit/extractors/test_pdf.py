"""The PDF extractor on the five sample decisions rendered as PDF (LibreOffice's rendering of
the DOCX files), the bad files, and the whole pipeline on a PDF against the ``.txt`` records.

The fixtures in ``tests/fixtures/formats`` and ``tests/fixtures/bad`` are written by
``tests/fixtures/make_formats.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

import extractors.pdf.pages as pdf_pages
from extractors.model import Document, ExtractionError, SourceFormat, Table
from extractors.pdf import extract_pdf_file
from extractors.pdf.flow import _item_start
from extractors.text import extract_text_file
from pipeline.build.budget_tables import TableReading, read_budget_table
from pipeline.build.extract import Extraction, build_extraction
from pipeline.build.tables import find_text_tables
from pipeline.kinds import FundingSource, Severity
from pipeline.records import BudgetLineRecord, DocumentRecord

from ...conftest import BAD_DIR as BAD
from ...conftest import FORMATS_DIR as FORMATS
from ...conftest import RAW_DIR as RAW
from ...conftest import SAMPLES, edit_table

HUNG_YEN, AN_GIANG, BINH_PHUOC, CAO_BANG, DONG_NAI = (
    Path(SAMPLES[name]).stem
    for name in ("hung_yen", "an_giang", "binh_phuoc", "cao_bang", "dong_nai")
)
STEMS = [HUNG_YEN, AN_GIANG, BINH_PHUOC, CAO_BANG, DONG_NAI]
NAMES = {  # tests/conftest.py SAMPLES
    HUNG_YEN: "hung_yen",
    AN_GIANG: "an_giang",
    BINH_PHUOC: "binh_phuoc",
    CAO_BANG: "cao_bang",
    DONG_NAI: "dong_nai",
}
# The decision header as the rows of its borderless table: number | place and date.
NUMBER_ROWS = {
    HUNG_YEN: "Số: 3355/QĐ-UBND\tHưng Yên, ngày 27 tháng 12 năm 2017",
    AN_GIANG: "Số: 2211/QĐ-UBND\tAn Giang, ngày 03 tháng 8 năm 2016",
    CAO_BANG: "Số: 270/QĐ - UBND\tCao Bằng, ngày 26 tháng 02 năm 2015",
}
# … and issuer | national motto above it (Hưng Yên's copy has neither).
ISSUER_ROWS = {
    AN_GIANG: "ỦY BAN NHÂN DÂN TỈNH AN GIANG\t"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    CAO_BANG: "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG\t"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
}
RUNNING_HEADER = "Bản điện tử – văn bản khuyến công"  # make_formats.RUNNING_HEADER
PAGE_NUMBER = re.compile(r"^\s*(?:trang\s*)?\d+(?:\s*/\s*\d+)?\s*$", re.IGNORECASE)
# Cao Bằng's Biểu 02, its "Cộng" row: (year, source) → triệu đồng.
BIEU_02_TOTALS = {
    (2016, FundingSource.NATIONAL): Decimal(1200),
    (2016, FundingSource.LOCAL): Decimal(600),
    (2017, FundingSource.NATIONAL): Decimal(1600),
    (2017, FundingSource.LOCAL): Decimal(600),
    (2018, FundingSource.NATIONAL): Decimal(1600),
    (2018, FundingSource.LOCAL): Decimal(700),
    (2019, FundingSource.NATIONAL): Decimal(1500),
    (2019, FundingSource.LOCAL): Decimal(800),
    (2020, FundingSource.NATIONAL): Decimal(1700),
    (2020, FundingSource.LOCAL): Decimal(900),
    (None, FundingSource.NATIONAL): Decimal(7600),
    (None, FundingSource.LOCAL): Decimal(3600),
    (None, FundingSource.TOTAL): Decimal(11200),
}


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {stem: extract_pdf_file(FORMATS / f"{stem}.pdf") for stem in STEMS}


@pytest.fixture(scope="module")
def texts() -> dict[str, Document]:
    return {stem: extract_text_file(RAW / f"{stem}.txt") for stem in STEMS}


def table_rows(doc: Document) -> set[int]:
    """Indexes of the lines that are table rows."""
    rows: set[int] = set()
    for table in doc.tables:
        assert table.start is not None
        line = doc.line_at(table.start)
        assert line is not None
        first = doc.lines.index(line)
        rows.update(range(first, first + table.n_rows))
    return rows


def plain(text: str) -> str:
    """A line without the markdown of the samples, its spaces collapsed."""
    text = re.sub(r"\^\{([^}]*)\}", r"\1", text).replace("*", "")
    return " ".join(text.replace("/ ", "/").split())


def source_paragraphs(doc: Document) -> list[str]:
    """The lines of a sample that the DOCX makes paragraphs: not the decision header (its lines
    are cells), not table rows, not the ``|`` and ``---`` lines of a web copy."""
    lines = [line.text for line in doc.lines]
    cleaned = [line.replace("**", "").strip().strip("|").strip() for line in lines[:40]]
    start = cleaned.index("QUYẾT ĐỊNH") if "QUYẾT ĐỊNH" in cleaned else 0
    return [
        plain(line)
        for line in lines[start:]
        if line.strip()
        and "\t" not in line
        and line.strip() not in ("|", "||")
        and not re.fullmatch(r"[-–—_\s]+", line.strip())
    ]


def budget_reading(doc: Document, tables: list[Table], title: str) -> TableReading:
    for index, table in enumerate(tables):
        reading = read_budget_table(doc, table, index)
        if reading is not None and reading.title and title in reading.title:
            return reading
    raise AssertionError(f"no budget table titled {title!r}")


# --- text, pages, header ----------------------------------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_pages_counted_and_every_line_has_its_page(docs: dict[str, Document], stem: str) -> None:
    doc = docs[stem]
    pdf = pypdfium2.PdfDocument(str(FORMATS / f"{stem}.pdf"))
    try:
        n_pages = len(pdf)
    finally:
        pdf.close()
    assert doc.source_format == SourceFormat.PDF
    assert doc.n_pages == n_pages
    pages = [line.page or 0 for line in doc.lines]
    assert all(1 <= page <= n_pages for page in pages)
    assert pages == sorted(pages)  # reading order
    assert pages[0] == 1
    for line in doc.lines:
        assert doc.text[line.start : line.end] == line.text
        assert "\n" not in doc.raw_text[line.raw_start : line.raw_end]


@pytest.mark.parametrize("stem", STEMS)
def test_running_header_footer_and_page_numbers_removed(
    docs: dict[str, Document], stem: str
) -> None:
    doc = docs[stem]
    assert RUNNING_HEADER not in doc.text
    assert not re.search(r"Trang \d+ / \d+", doc.text)  # the footer
    assert not [line.text for line in doc.lines if PAGE_NUMBER.match(line.text)]


@pytest.mark.parametrize("stem", [HUNG_YEN, AN_GIANG, CAO_BANG])
def test_decision_header_read_as_rows(docs: dict[str, Document], stem: str) -> None:
    lines = [line.text for line in docs[stem].lines]
    number_row = lines.index(NUMBER_ROWS[stem])
    if stem in ISSUER_ROWS:
        assert lines[: number_row + 1] == [ISSUER_ROWS[stem], NUMBER_ROWS[stem]]
    else:
        assert number_row == 0
    assert lines[number_row + 1] == "QUYẾT ĐỊNH"


@pytest.mark.parametrize("stem", STEMS)
def test_paragraphs_are_the_source_lines(
    docs: dict[str, Document], texts: dict[str, Document], stem: str
) -> None:
    """Every line of the sample is a paragraph of the DOCX and comes back as one line of the PDF
    text, also where the paragraph runs over a page break (nothing left between its parts), and
    the PDF has no line that is not in the sample (no running header, footer or page number,
    no paragraph cut in two, none joined to the next)."""
    doc = docs[stem]
    rows = table_rows(doc)
    pdf_lines = [plain(line.text) for i, line in enumerate(doc.lines) if i not in rows]
    source = source_paragraphs(texts[stem])
    assert [line for line in source if line not in set(pdf_lines)] == []
    assert [line for line in pdf_lines if line not in set(source)] == []


def test_paragraph_over_a_page_break_is_one_line(docs: dict[str, Document]) -> None:
    doc = docs[CAO_BANG]
    (line,) = [line for line in doc.lines if line.text.startswith("Giai đoạn 2009 - 2015 hoạt")]
    assert line.page == 2
    assert line.text.endswith("của tỉnh gặp những thuận lợi và khó khăn như sau:")
    assert doc.page_at(line.end) == 2  # the page where it starts


def test_broken_words_and_numbers_joined(docs: dict[str, Document]) -> None:
    # LibreOffice breaks a word too long for a narrow column, and after a hyphen in a line.
    text = docs[CAO_BANG].text
    assert "Xét đề nghị của Sở Công Thương tại Tờ trình số 1254/TTr-SCT" in text
    assert "\tKCQG\tKCDP\t" in text
    assert "KC DP" not in text
    assert "\nIII\tTổng cộng 2 nguồn\t" in text


# --- tables -----------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", [HUNG_YEN, CAO_BANG])
def test_page_objects_are_pdfplumbers(stem: str) -> None:
    """The extractor reads characters from ``page.layout`` and finds tables on the edges of the
    page's graphics only, for speed; it must see what ``page.chars`` and ``page.find_tables()``
    give."""
    with pdfplumber.open(FORMATS / f"{stem}.pdf") as pdf:
        for page in pdf.pages:
            chars, tables, unseen = pdf_pages._page_objects(page)
            expected = [
                (c["x0"], c["x1"], c["top"], c["bottom"], c["text"], c["size"])
                for c in page.chars
                if c["upright"]
            ]
            assert sorted(c[:6] for c in chars) == sorted(expected)
            assert tables == [list(t.cells) for t in page.find_tables()]
            assert (unseen.unmapped, unseen.sideways) == (0, 0)


@pytest.mark.parametrize("stem", STEMS)
def test_cells_point_at_their_text(docs: dict[str, Document], stem: str) -> None:
    doc = docs[stem]
    for table in doc.tables:
        assert table.start is not None and table.end is not None
        for cell in table.cells:
            assert cell.start is not None and cell.end is not None
            assert doc.text[cell.start : cell.end] == cell.text
            assert table.start <= cell.start <= cell.end <= table.end
            assert cell.page is not None
            assert "\t" not in cell.text and "\n" not in cell.text
        for r in range(table.n_rows):
            row = [cell for cell in table.cells if cell.row == r]
            line = doc.line_at(row[0].start or 0)
            assert line is not None
            assert line.text.count("\t") == table.n_cols - 1  # a spanned position is empty


@pytest.mark.parametrize("stem", [HUNG_YEN, CAO_BANG])
def test_table_text_is_not_repeated_as_paragraphs(
    docs: dict[str, Document], texts: dict[str, Document], stem: str
) -> None:
    """A long cell text occurs as often in the PDF text as in the sample (once, in its table,
    unless the prose quotes it)."""
    doc = docs[stem]
    cells = {cell.text for table in doc.tables if table.n_cols >= 3 for cell in table.cells}
    long = [text for text in cells if len(text) >= 25]
    assert len(long) >= 20
    for text in long:
        assert doc.text.count(text) == texts[stem].text.count(text), text


def test_table_over_a_page_break_is_one_table_and_its_broken_row_one_row(
    docs: dict[str, Document],
) -> None:
    """Hưng Yên's appendix runs over two pages; row IV.2 is cut by the page break (its text and
    its "12" go on on the next page)."""
    doc = docs[HUNG_YEN]
    (table,) = [t for t in doc.tables if t.n_cols == 14]
    assert {cell.page for cell in table.cells} == {11, 12}
    rows = [
        [c.text for c in table.cells if c.row == r]
        for r in range(table.n_rows)
        if any("hội chợ triển lãm trong nước" in c.text for c in table.cells if c.row == r)
    ]
    assert rows == [
        [
            "2",
            "Hỗ trợ các cơ sở CNNT tham gia hội chợ triển lãm trong nước",
            "Cơ sở",
            "4",
            "",
            "40",
            "4",
            "",
            "40",
            "",
            "4",
            "12",
            "",
            "120",
        ]
    ]
    header = {(c.text, c.row, c.col, c.row_span, c.col_span) for c in table.cells if c.row < 3}
    assert ("TT", 0, 0, 3, 1) in header
    assert ("Dự kiến kết quả đạt được", 0, 3, 1, 8) in header
    assert ("Năm 2018", 1, 3, 1, 2) in header
    assert ("Kinh phí (triệu đồng)", 2, 4, 1, 1) in header


def test_cao_bang_bieu_01_over_two_pages(docs: dict[str, Document]) -> None:
    doc = docs[CAO_BANG]
    (table,) = [t for t in doc.tables if t.n_cols == 9]
    assert table.n_rows == 36  # the rows of the sample, its repeated header row included
    assert {cell.page for cell in table.cells} == {19, 20}


def test_cao_bang_bieu_02_header_spans(docs: dict[str, Document]) -> None:
    doc = docs[CAO_BANG]
    (table,) = [t for t in doc.tables if t.n_cols == 15]
    header = {c.text: c for c in table.cells if c.row == 0}
    for year in range(2016, 2021):
        cell = header[f"Năm {year}"]
        assert (cell.col_span, cell.row_span) == (2, 1)
    assert (header["Tổng cộng"].col_span, header["Tổng cộng"].row_span) == (2, 1)
    assert (header["Tổng chung"].col_span, header["Tổng chung"].row_span) == (1, 2)
    assert (header["TT"].col_span, header["TT"].row_span) == (1, 2)
    sub = [c.text for c in sorted(table.cells, key=lambda c: c.col) if c.row == 1]
    assert sub == ["KCQG", "KCDP"] * 6


def test_cao_bang_bieu_02_totals_as_in_the_txt(
    docs: dict[str, Document], texts: dict[str, Document]
) -> None:
    doc = docs[CAO_BANG]
    reading = budget_reading(doc, list(doc.tables), "BIỂU 02")
    totals = {(f.year, f.funding_source): f.value for f in reading.figures if f.item == "Cộng"}
    assert totals == BIEU_02_TOTALS
    assert not [f for f in reading.findings if f.severity == Severity.ERROR]
    pages = {doc.page_at(f.start) for f in reading.figures if f.start is not None}
    table_pages = {c.page for t in doc.tables if t.n_cols == 15 for c in t.cells}
    assert pages == table_pages  # every figure keeps the page of its cell
    txt = texts[CAO_BANG]
    expected = budget_reading(txt, find_text_tables(txt), "BIỂU 02")

    def key(reading: TableReading) -> list[tuple[object, ...]]:
        return sorted(
            (
                (f.row_label, f.year, f.funding_source, f.measure, f.value, f.is_total)
                for f in reading.figures
            ),
            key=repr,
        )

    assert key(reading) == key(expected)


# --- the pipeline -----------------------------------------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_pipeline_on_the_pdf_gives_the_txt_record(
    docs: dict[str, Document], sample_extractions: dict[str, Extraction], stem: str
) -> None:
    extraction = build_extraction(docs[stem], f"{stem}.pdf", dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
    record = extraction.records["documents"][0]
    expected = sample_extractions[NAMES[stem]].records["documents"][0]
    assert isinstance(record, DocumentRecord)
    fields = (
        "decision_number",
        "issue_date",
        "issue_place",
        "province_slug",
        "period_start",
        "period_end",
        "total_budget_vnd",
        "title",
        "plan_title",
        "signer_name",
    )
    assert {f: getattr(record, f) for f in fields} == {f: getattr(expected, f) for f in fields}
    assert record.n_pages == docs[stem].n_pages
    assert extraction.period == sample_extractions[NAMES[stem]].period


def test_pipeline_budget_lines_as_in_the_txt(
    docs: dict[str, Document], sample_extractions: dict[str, Extraction]
) -> None:
    extraction = build_extraction(docs[CAO_BANG], "cb.pdf", dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
    expected = sample_extractions["cao_bang"]

    def lines(e: Extraction) -> list[BudgetLineRecord]:
        return [r for r in e.records["budget_lines"] if isinstance(r, BudgetLineRecord)]

    def amounts(e: Extraction) -> list[tuple[object, ...]]:
        return sorted(
            ((r.year, r.funding_source, r.amount_vnd, r.is_total) for r in lines(e)), key=repr
        )

    assert len(lines(extraction)) == len(expected.records["budget_lines"]) > 200
    assert amounts(extraction) == amounts(expected)
    assert all(r.page is not None for r in lines(extraction))


# --- bad files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("scan.pdf", "no text layer; OCR is not supported"),
        ("encrypted.pdf", "encrypted PDF: a password is needed"),
        ("truncated.pdf", "not a readable PDF (truncated"),
    ],
)
def test_bad_files_say_why(name: str, words: str) -> None:
    with pytest.raises(ExtractionError, match=re.escape(words)):
        extract_pdf_file(BAD / name)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty file"),
        (b" \n", "empty file"),
        (b"<html>not a pdf</html>", "not a readable PDF (no %PDF header"),
        (b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n", "not a readable PDF ("),
    ],
)
def test_empty_and_garbage_bytes(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    with pytest.raises(ExtractionError, match=re.escape(words)):
        extract_pdf_file(path)


def test_empty_user_password_opens(docs: dict[str, Document]) -> None:
    doc = extract_pdf_file(BAD / "encrypted_empty_user.pdf")
    assert doc.n_pages and doc.n_pages > 1
    # it is one of the samples, encrypted with an owner password only
    (same,) = [stem for stem, other in docs.items() if other.text == doc.text]
    assert doc.tables == docs[same].tables


def test_bytes_given_are_read(docs: dict[str, Document]) -> None:
    path = FORMATS / f"{DONG_NAI}.pdf"
    doc = extract_pdf_file(Path("elsewhere.pdf"), path.read_bytes())
    assert doc.text == docs[DONG_NAI].text
    assert doc.source_path == "elsewhere.pdf"
    assert doc.source_sha256 == docs[DONG_NAI].source_sha256


# What the PDF reader keeps off the paragraph above (issue 12: its heading words are those of
# structure_markers.csv, its label shapes looser than the segmenter's).
ITEM_STARTS = {
    "Điều 9 Nghị định này;": True,  # a heading word needs no punctuation after its number
    "Chương II": True,
    "IV. Tổ chức thực hiện": True,
    "● Mở lớp đào tạo": True,
    "100. Hỗ trợ": True,
    "Biểu dương các cơ sở tiêu biểu": False,  # prose, not the appendix word
    "khoản 2 Điều 5": False,
    "PHẦN I": False,
}


@pytest.mark.parametrize(("line", "starts"), ITEM_STARTS.items(), ids=list(ITEM_STARTS))
def test_lines_that_start_an_item(line: str, starts: bool) -> None:
    assert bool(_item_start().match(line)) is starts


_CHUONG = r'chuong,30,"^(?:Chương|CHƯƠNG)\s+(?P<label>[IVX]+|[0-9]+)(?=[\s.:]|$)[\s.:-]*",Chương'


def test_the_heading_words_are_read_from_structure_markers(rule_tables: Path) -> None:
    assert _item_start().match("Chương II")
    edit_table(rule_tables, "structure_markers.csv", _CHUONG, _CHUONG.removesuffix("Chương"))
    assert not _item_start().match("Chương II")
