"""The file opened with pdfplumber, and what of it every PDF reader shares: the page, its lines
and ruled tables, its margins.

This module and :mod:`extractors.pdf.pdfium` are the only ones that call pdfplumber, pdfminer
and pdfium, so that whatever they raise on a broken file becomes an
:class:`~extractors.model.ExtractionError` with the reason in one place: an empty file, not a
PDF, truncated, encrypted, without pages, or with glyphs that map to no letter.
:func:`open_structure` opens the file with pdfplumber (pdfminer's parser: the page tree, each
page's MediaBox and Rotate, its fonts), interpreting no page; the pages are read by pdfium
(:mod:`extractors.pdf.pdfium`, the default). :func:`read_pdf` reads them with pdfminer's page
interpreter instead, the reader before pdfium, kept to compare the two
(``extract_pdf_file(path, read_pages=read_pdf)``): a page's characters are taken straight from
its layout and its ruled tables looked for only on pages that draw lines (see
:func:`_page_objects`). Either way the ruled tables are found by pdfplumber's ``TableFinder`` on
the edges of the page's lines, rectangles and curves (:func:`_tables_of`), the characters inside
a table become its cells' text and the others the page's lines (:func:`_read_page`). The left and
right margins of the text on pages of each size are measured here too: the layout tables and the
paragraphs compare lines with them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import pdfplumber
import pdfplumber.utils
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.table import TableFinder, TableSettings
from pdfplumber.utils.exceptions import PdfminerException

from extractors.model import ExtractionError
from extractors.pdf.grids import BBox, Grid, grid_layout
from extractors.pdf.lines import Char, VLine, words_by_line

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@dataclass(slots=True)
class Page:
    """One page: its lines and ruled grids and, once :mod:`extractors.pdf.layout` has found the
    tables without rules, its elements in reading order."""

    number: int
    size: tuple[int, int]  # width, height, rounded: pages of one size share margins
    height: float
    lines: list[VLine]
    grids: list[Grid]
    n_chars: int
    unseen: Unseen
    elements: list[VLine | Grid] = field(default_factory=list)

    @property
    def unread(self) -> bool:
        """Whether the page's text is not read: most of its letters are set sideways (a table
        turned on a portrait page), or it holds almost no letters over an image covering most
        of it (a scanned page). A page of vector drawings alone, as the gazette's back cover
        draws its imprint, is neither."""
        if self.unseen.sideways > max(self.n_chars, FEW_CHARS):
            return True
        return self.n_chars < FEW_CHARS and self.unseen.image_share >= _SCAN_COVER


#: A page with fewer letters than this is read as holding no text of its own.
FEW_CHARS = 20
#: An image covering this share of the page, on a page without text, is a scan.
_SCAN_COVER = 0.5


@dataclass(frozen=True, slots=True)
class Unseen:
    """What of a page the reader does not turn into text."""

    unmapped: int = 0  # glyphs without a letter: "(cid:12)", a font with no Unicode map
    sideways: int = 0  # letters set sideways (rotated a quarter turn or more)
    image_share: float = 0.0  # the share of the page its largest image covers


def read_pdf(data: bytes) -> tuple[list[Page], int]:
    """The pages of the PDF ``data`` read by pdfminer's page interpreter (the reader before
    :mod:`extractors.pdf.pdfium`, kept to compare the two); :class:`ExtractionError` if
    unreadable."""
    pdf, plumber_pages = open_structure(data)
    pages = []
    try:
        for number, page in enumerate(plumber_pages, start=1):
            objects = _library_call(_page_objects, page)
            pages.append(_read_page(number, page.width, page.height, *objects))
            page.close()
    finally:
        pdf.close()
    return check_pages(pages)


def open_structure(data: bytes) -> tuple[Any, list[Any]]:
    """The PDF ``data`` opened with pdfplumber (the empty password tried) and its pages, none
    of them interpreted yet; :class:`ExtractionError` if it is empty, not a PDF, truncated,
    encrypted or broken."""
    if not data.strip():
        raise ExtractionError("empty file: no text to extract")
    head = data[:1024]
    if b"%PDF-" not in head:
        raise ExtractionError("not a readable PDF (no %PDF header: the file is something else)")
    if b"%%EOF" not in data[-4096:]:
        raise ExtractionError(
            "not a readable PDF (truncated: the file ends before its end-of-file marker)"
        )
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password="")
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise ExtractionError("encrypted PDF: a password is needed") from None
        if isinstance(cause, PDFEncryptionError):
            raise ExtractionError(
                f"encrypted PDF that cannot be opened ({_reason(cause)})"
            ) from None
        raise ExtractionError(f"not a readable PDF ({_reason(cause)})") from None
    except Exception as exc:  # pdfminer raises many kinds of errors on broken files
        raise ExtractionError(f"not a readable PDF ({_reason(exc)})") from None
    try:
        return pdf, _pages(pdf)
    except ExtractionError:
        pdf.close()
        raise


def check_pages(pages: list[Page]) -> tuple[list[Page], int]:
    """The pages and their number; :class:`ExtractionError` if there are none or most of their
    glyphs map to no letter."""
    if not pages:
        raise ExtractionError("not a readable PDF (it has no pages)")
    unmapped = sum(page.unseen.unmapped for page in pages)
    if unmapped > sum(page.n_chars for page in pages):
        raise ExtractionError(
            "the text layer cannot be read (its fonts do not map glyphs to letters); "
            "OCR is not supported"
        )
    return pages, len(pages)


def _pages(pdf: Any) -> list[Any]:
    pages: list[Any] = _library_call(lambda: list(pdf.pages))
    return pages


def _library_call(call: Any, *args: Any) -> Any:
    """pdfplumber's work on the file: any error it raises means the file is broken."""
    try:
        return call(*args)
    except Exception as exc:  # pdfminer raises many kinds of errors on broken files
        raise ExtractionError(f"not a readable PDF ({_reason(exc)})") from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    message = str(exc).strip()
    name = type(exc).__name__
    return f"{name}: {message}" if message else name


def _page_objects(page: Any) -> tuple[list[Char], list[list[BBox]], Unseen]:
    """The page's upright characters, the cells of its ruled tables and what it holds that is
    not read as text: glyphs without a letter (``(cid:12)``: a font with no Unicode map),
    letters set sideways, images.

    A letter is upright when its text matrix keeps the baseline horizontal. pdfminer's own
    ``upright`` takes a matrix turned a quarter turn with a rounding error on its diagonal
    (``(1.2e-08, -1.0, 1.0, 1.2e-08, …)``, the gazette's header printed up the side of a
    landscape page) for upright, which would read it as one letter a line.

    The characters are read straight from pdfplumber's layout of the page (``page.layout``),
    with the coordinates ``page.chars`` would give: turning every object of the page into a
    dict of all its attributes (``page.objects``) costs as much as parsing the page, and only
    the position, text, size and font of the characters are needed. The ruled tables are found
    by pdfplumber's ``TableFinder`` on the edges of the page's lines, rectangles and curves, the
    only objects turned into dicts (``page.process_object``), and only on pages that have some.
    """
    x_min, top_min, x_max, top_max = page.bbox
    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    height = page.height
    styles: dict[Any, int] = {}
    chars: list[Char] = []
    graphics: list[Any] = []
    unmapped = sideways = 0
    image_share = 0.0
    area = max(page.width * page.height, 1.0)
    for obj in _layout_objects(page.layout):
        if not isinstance(obj, LTChar):
            if isinstance(obj, LTCurve):  # LTLine and LTRect too
                graphics.append(obj)
            elif isinstance(obj, LTImage):
                image_share = max(image_share, obj.width * obj.height / area)
            continue
        text = obj.get_text()
        if text in _ZERO_WIDTH:
            continue
        if not obj.upright or _turned(obj.matrix):
            sideways += not text.isspace()
            continue
        if text.startswith("(cid:"):
            unmapped += 1
            continue
        if text < " " and not text.isspace():
            continue  # a control character
        x0, x1 = obj.x0 + mb_x0, obj.x1 + mb_x0
        top, bottom = height - obj.y1 + mb_top, height - obj.y0 + mb_top
        if x1 < x_min or x0 > x_max or bottom < top_min or top > top_max:
            continue  # outside the visible page
        font = obj.fontname
        style = styles.get(font)
        if style is None:
            lower = str(font).lower()
            style = ("bold" in lower or "black" in lower or "heavy" in lower) + 2 * (
                "italic" in lower or "oblique" in lower
            )
            styles[font] = style
        chars.append((x0, x1, top, bottom, text, obj.size, style))
    tables = []
    if graphics:
        tables = _tables_of(page.bbox, [page.process_object(obj) for obj in graphics])
    return chars, tables, Unseen(unmapped, sideways, min(image_share, 1.0))


def _tables_of(bbox: BBox, graphics: list[dict[str, Any]]) -> list[list[BBox]]:
    """The cells of each ruled table pdfplumber's ``TableFinder`` finds on the edges of a
    page's lines, rectangles and curves (``page.process_object``'s dicts)."""
    edges = _edges_of(iter(graphics))
    finder = TableFinder(cast(Any, _Edges(bbox, edges)), TableSettings.resolve(None))
    return [list(t.cells) for t in finder.tables]


def _turned(matrix: tuple[float, float, float, float, float, float]) -> bool:
    """Whether a text matrix turns the baseline more than half way to vertical."""
    a, b, c, d = matrix[:4]
    return abs(b) + abs(c) > abs(a) + abs(d)


def _layout_objects(container: Any) -> Iterator[Any]:
    """The objects of a layout, those inside figures too (as ``page.objects`` walks them)."""
    for obj in container:
        if isinstance(obj, LTContainer):
            yield from _layout_objects(obj)
        else:
            yield obj


def _edges_of(objects: Iterator[dict[str, Any]]) -> list[dict[str, Any]]:
    """The edges of lines, rectangles and curves, as ``page.edges`` makes them."""
    edges: list[dict[str, Any]] = []
    for obj in objects:
        kind = obj["object_type"]
        if kind == "line":
            edges.append(pdfplumber.utils.line_to_edge(obj))
        elif kind == "rect":
            edges.extend(pdfplumber.utils.rect_to_edges(obj))
        elif kind == "curve":
            edges.extend(pdfplumber.utils.curve_to_edges(obj))
    return edges


@dataclass(frozen=True, slots=True)
class _Edges:
    """What ``TableFinder`` reads of a page with the lines strategy: its bbox and edges."""

    bbox: BBox
    edges: list[dict[str, Any]]


def _read_page(
    number: int,
    width: float,
    height: float,
    chars: list[Char],
    tables: list[list[BBox]],
    unseen: Unseen,
) -> Page:
    grids: list[Grid] = []
    frames: list[BBox] = []
    layouts = []
    for cells in tables:
        layout = grid_layout(cells)
        if layout is not None:
            layouts.append(layout)
            frames.append(layout.bbox)
    free: list[Char] = [] if frames else list(chars)
    in_table: list[list[Char]] = [[] for _ in layouts]
    for ch in chars if frames else ():
        cx = (ch[0] + ch[1]) / 2
        cy = (ch[2] + ch[3]) / 2
        for i, (x0, top, x1, bottom) in enumerate(frames):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                in_table[i].append(ch)
                break
        else:
            free.append(ch)
    for layout, table_chars in zip(layouts, in_table, strict=True):
        # Text in a hole of the grid is never lost: it is read as text, and a grid of boxes
        # round a paragraph's lines with such text is read as the paragraph it is.
        holes = layout.in_holes(table_chars)
        if holes and layout.boxes_lines():
            free.extend(table_chars)
            continue
        free.extend(holes)
        grids.append(layout.fill(table_chars, number))
    lines = [VLine(words, number, trailing) for words, trailing in words_by_line(free)]
    size = (round(width), round(height))
    return Page(number, size, height, lines, grids, len(chars), unseen)


# --- margins --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Margins:
    """The left and right edge of the text on pages of one size."""

    left: float
    right: float


def find_margins(pages: list[Page]) -> dict[tuple[int, int], Margins]:
    """The left and right edge of the text on pages of each size."""
    by_size: dict[tuple[int, int], list[VLine]] = {}
    for page in pages:
        by_size.setdefault(page.size, []).extend(page.lines)
    margins = {}
    for size, lines in by_size.items():
        if len(lines) >= 3:
            left = min(line.x0 for line in lines)
            right = max(line.x1 for line in lines)
        else:
            left, right = 0.1 * size[0], 0.9 * size[0]
        margins[size] = Margins(left, right)
    return margins
