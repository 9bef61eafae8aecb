"""Issue 15: the PDF reader on pdfium (``extractors/pdf/pdfium.py``).

The values are read from the files' content streams: Hưng Yên's first page opens with
``307.4 793.789 Td /F1 13 Tf`` (``BAAAAA+DejaVuSerif``, its descriptor's ``Descent`` 0, ``B`` 734
units wide in its ``Widths``) and its place and date with ``267.7 773.089 Td /F2 13 Tf``
(``CAAAAA+DejaVuSerif-Italic``); its page 11 (landscape, 841.89 × 595.30) draws the top rule of
its table with ``56.55 538.353 m 785.45 538.353 l S``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pdfplumber
import pytest

import extractors.pdf.pages as pdf_pages
import extractors.pdf.pdfium as pdf_pdfium
from extractors.pdf import extract_pdf_file

from ...conftest import FIXTURES_DIR
from ...conftest import FORMATS_DIR as FORMATS

HUNG_YEN = FORMATS / "000_3a0caad79bab0308.pdf"
CAO_BANG = FORMATS / "003_8c7e4977db864976.pdf"
A4_HEIGHT = 841.889763779528  # MediaBox [0 0 595.303937007874 841.889763779528]


def page_reading(path: Path, number: int) -> tuple[list[pdf_pages.Char], list[dict[str, object]]]:
    """The characters (with the spaces of inkless text objects) and graphics pdfium reads on
    page ``number``."""
    data = path.read_bytes()
    pdf, pages = pdf_pages.open_structure(data)
    try:
        geo = pdf_pdfium._Geometry.of(pages[number - 1])
        descents = pdf_pdfium._font_descents(pages)
    finally:
        pdf.close()
    document = pdf_pdfium.pdfium.PdfDocument(data)
    try:
        page = document[number - 1]
        fonts: dict[int, pdf_pdfium._Font] = {}
        chars, _ = pdf_pdfium._chars(page, geo, descents, fonts)
        graphics, _, spaces = pdf_pdfium._objects(page, geo, descents, fonts)
        return chars + spaces, graphics
    finally:
        document.close()


def test_first_letter_box_size_and_font() -> None:
    chars, _ = page_reading(HUNG_YEN, 1)
    x0, x1, top, bottom, text, size, style = chars[0]
    assert text == "B"
    assert x0 == pytest.approx(307.4, abs=1e-3)
    assert x1 == pytest.approx(307.4 + 734 * 13 / 1000, abs=1e-3)  # the advance, not the ink
    assert bottom == pytest.approx(A4_HEIGHT - 793.789, abs=1e-3)  # Descent 0: the baseline
    assert top == pytest.approx(bottom - 13, abs=1e-3)
    assert (size, style) == (pytest.approx(13), 0)


def test_italic_run_is_style_2() -> None:
    chars, _ = page_reading(HUNG_YEN, 1)
    (first,) = [c for c in chars if abs(c[0] - 267.7) < 1e-3]
    assert first[4] == "H"  # "Hưng Yên, ngày 27 tháng 12 năm 2017"
    assert first[3] == pytest.approx(A4_HEIGHT - 773.089, abs=1e-3)
    assert first[6] == 2


def test_rule_read_as_pdfplumbers_line() -> None:
    _, graphics = page_reading(HUNG_YEN, 11)
    height = 595.303937007874  # the landscape page: MediaBox [0 0 841.89 595.30]
    tops = [g for g in graphics if g["object_type"] == "line" and abs(g["x0"] - 56.55) < 1e-3]
    rule = min(tops, key=lambda g: g["top"])
    assert rule["x1"] == pytest.approx(785.45, abs=1e-3)
    assert rule["top"] == rule["bottom"] == pytest.approx(height - 538.353, abs=1e-3)


@pytest.mark.parametrize("path", [HUNG_YEN, CAO_BANG], ids=["hung_yen", "cao_bang"])
def test_pages_read_as_pdfminer_reads_them(path: Path) -> None:
    """pdfium's characters and ruled tables are pdfplumber's, page by page, to a thousandth
    of a point; a no-break space of an inkless text object is read as a space."""
    data = path.read_bytes()
    new, n_new = pdf_pdfium.read_pdf(data)
    old, n_old = pdf_pages.read_pdf(data)
    assert n_new == n_old
    for a, b in zip(old, new, strict=True):
        assert [line.text for line in a.lines] == [line.text for line in b.lines]
        assert [[c.text for row in g.rows for c in row] for g in a.grids] == [
            [c.text for row in g.rows for c in row] for g in b.grids
        ]
        assert (a.n_chars, a.unseen) == (b.n_chars, b.unseen)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        expected = sorted(
            (round(c["x0"], 3), round(c["top"], 3), c["text"], round(c["size"], 3))
            for c in page.chars
        )
    chars, _ = page_reading(path, 1)
    assert sorted((round(c[0], 3), round(c[2], 3), c[4], round(c[5], 3)) for c in chars) == expected


@pytest.mark.parametrize(
    ("name", "words"),
    [
        # the space between "ban" and "Chỉ" is a text object of its own, without ink
        ("quyet-dinh-so-798-qd-ttg-469485.pdf", "Trưởng ban Chỉ đạo Trung ương"),
        ("quyet-dinh-so-333-qd-btc-469000.pdf", "Điều 2. Việc áp dụng Nghị định số 245/2025"),
    ],
)
def test_space_of_an_inkless_text_object_is_read(name: str, words: str) -> None:
    doc = extract_pdf_file(FIXTURES_DIR / "corpus" / "pdf" / name)
    assert words in doc.text


def test_documents_read_in_threads_are_read_as_one_at_a_time() -> None:
    """pdfium is not thread-safe: the reader holds its lock, so the flow's thread pool may
    call it."""
    paths = sorted(FORMATS.glob("*.pdf"))
    alone = [extract_pdf_file(p).text for p in paths]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda p: extract_pdf_file(p).text, paths * 2))
    assert together == alone * 2
