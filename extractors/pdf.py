"""PDF extractor: the text layer of a born-digital PDF read into a :class:`Document`.

Each page is opened once with pdfplumber; its characters are read once and its ruled tables
found once (``page.find_tables()``, only on pages that draw lines). Everything else is worked
out from those characters:

- **Lines.** Characters are grouped into visual lines by their vertical centre (a superscript
  stays on its line) and into words by the space glyphs and the gaps between them.
- **Running headers and footers.** A line in the top or bottom band of the page that recurs at
  the same distance from that edge on at least half of the pages (digits aside, so
  ``Trang 3 / 19`` recurs) is dropped, and so is a page number (``Trang 12``, ``- 12 -``, a bare
  number up to the page count) as the first or last line of a page.
- **Ruled tables.** The cells pdfplumber finds are laid on the grid of their distinct edges, so
  a merged cell knows its ``row_span`` and ``col_span``; a character belongs to the cell under
  its centre, and text inside a table never appears again as a paragraph. The lines of a cell
  are joined with a space, except where the layout broke a word too long for its column
  (``KC`` / ``DP``, ``II`` / ``I``). A table that ends its page and goes on at the top of the
  next one with the same columns is one table: a header repeated there is dropped, and a row
  cut by the page break (no label, text only under text of the row above) is joined to the
  row above.
- **Tables without rules.** Lines that share a gutter (a gap wider than 1.5 × the font size
  that no word of the following lines crosses; not the tab after a list label, not the evenly
  stretched spaces of a justified line) are laid out by alignment. The decision header (issuer
  | motto over ``Số: …`` | place and date) becomes a table of two columns read cell by cell:
  the lines of a cell joined, a new row where every column starts a line at the same height
  with a change of type (bold, italic) or at ``Số``. Two other columns (recipients |
  signature) are read one column after the other, line by line. Three or more columns are a
  table of one row a line.
- **Paragraphs.** A line is joined to the one above when the first word of it would not have
  fitted at the end of that line, no paragraph spacing stands between them and, in justified
  text, the line above ends at the right margin; also across a page break. A word broken after
  a hyphen or a slash (``1318/TTr-`` / ``SCT``) is joined without a space.

Each table is laid out in the text as tab-separated rows, one line a row, a position covered by
a merged cell an empty field; every :class:`Cell` points at its own field. Every line has its
page. Files that cannot be read raise :class:`ExtractionError` with the reason.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

import pdfplumber
import pdfplumber.utils
from pdfminer.layout import LTChar, LTContainer, LTCurve
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.table import TableFinder, TableSettings
from pdfplumber.utils.exceptions import PdfminerException

from extractors.model import Cell, Document, ExtractionError, Line, SourceFormat, Table
from extractors.text import build_lines
from normalizers.text import strip_diacritics

# --- tunables, in points or in multiples of the font size ---------------------------------------

_WORD_GAP = 0.2  # a gap wider than this (× size) between two glyphs separates words
_OVERPRINT = 0.1  # a glyph drawn again closer than this (× size) is one glyph (fake bold)
_LINE_BAND = 0.4  # glyphs whose centres lie within this (× size) of a line's stand on it
_GUTTER = 1.5  # a gap at least this wide (× size) may separate two columns of text
_RUN_PITCH = 2.2  # lines of a layout table follow each other within this (× size)
_EDGE_BAND = 0.12  # running headers and footers stand in this share of the page height
_EDGE_TOL = 3.0  # their distance from the page edge agrees within this
_ALIGN_TOL = 3.0  # cells of one row start at the same height within this
_GRID_TOL = 2.0  # table edges closer than this are one edge
_SPACE = 0.25  # the width of a space (× size), for "would the next word have fitted"
_FIT_TOL = 0.15  # slack (× size) when comparing a line's end with the right margin
_FLUSH = 0.25  # a justified line ends within this (× size) of the right margin

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:trang|page)\s*)?\d{1,4}(?:\s*(?:/|của|of)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_LIST_LABEL = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*[.)/]?|[a-zđ][.)]|[IVXLC]{1,6}[.)]?|[-–—+•*●○▪■□◦✓])$"
)
_ITEM_START = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*[.)/]\s|[a-zđ]\)\s|[IVXLC]{1,6}\.\s|[-–—+•*●○▪]\s"
    r"|(?:Điều|Chương|Mục|Phần)\s+[\dIVXLC]+\b)"
)
_NUMBER_CHARS = re.compile(r"^[\d.,\s()%-]+$")
_HAS_DIGIT = re.compile(r"\d")
_VOWEL = re.compile(r"[aeiouy]")
_ROMAN = re.compile(r"[IVXLC]+")
_SO = re.compile(r"^Số\b")
# what a decision header says: the number, the national motto, the place and date
_HEADER_WORDS = re.compile(
    r"^Số\b|\sSố\s*:|CỘNG HÒA|CỘNG HOÀ|Độc lập|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
)


# --- public API -----------------------------------------------------------------------------------


def extract_pdf_file(path: Path, data: bytes | None = None) -> Document:
    """Read a ``.pdf`` file into a :class:`Document` (text, lines with pages, tables).

    Raises :class:`ExtractionError` for an empty file, a file that is not a readable PDF
    (corrupt or truncated), an encrypted PDF that needs a password (the empty password is
    tried), and a PDF without a usable text layer (a scan, or fonts that do not map their
    glyphs to letters).
    """
    data = path.read_bytes() if data is None else data
    pages, n_pages = _read_pdf(data)
    if not any(page.n_chars for page in pages):
        raise ExtractionError("no text layer; OCR is not supported (the pages hold no text)")
    _drop_running_lines(pages)
    margins = _margins(pages)
    for page in pages:
        _find_layout_tables(page, margins[page.size])
    elements = list(_flow(pages, margins))
    return _document(path, data, elements, n_pages)


# --- reading the file -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Word:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float
    style: int  # 1 bold, 2 italic

    @property
    def center(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class _VLine:
    """One visual line of text outside the ruled tables."""

    words: list[_Word]
    page: int
    trailing_space: bool = False  # the line ends with a space glyph (a break at a space)
    in_column: bool = False  # a line of one column of a layout table: never joined to another
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    style: int = 0

    def __post_init__(self) -> None:
        words = self.words
        self.x0 = words[0].x0
        self.x1 = max(w.x1 for w in words)
        self.top = min(w.top for w in words)
        self.bottom = max(w.bottom for w in words)
        sizes = Counter(round(w.size, 1) for w in words)
        self.size = sizes.most_common(1)[0][0]
        styles = Counter(w.style for w in words)
        self.style = styles.most_common(1)[0][0]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(slots=True)
class _GCell:
    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    page: int


@dataclass(slots=True)
class _Grid:
    """A table on a grid: ruled (from pdfplumber's cells) or laid out by alignment."""

    n_cols: int
    rows: list[list[_GCell]]  # the cells anchored in each row, left to right
    page: int
    top: float
    bottom: float
    last_page: int
    col_edges: list[float]
    layout: bool = False  # found by alignment: never stitched to a ruled table

    def row_texts(self, r: int) -> list[tuple[int, int, str]]:
        return [(c.col, c.col_span, c.text) for c in self.rows[r]]


@dataclass(slots=True)
class _Page:
    number: int
    size: tuple[int, int]  # width, height, rounded: pages of one size share margins
    height: float
    lines: list[_VLine]
    grids: list[_Grid]
    n_chars: int
    n_unmapped: int
    elements: list[_VLine | _Grid] = field(default_factory=list)


def _read_pdf(data: bytes) -> tuple[list[_Page], int]:
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
    pages = []
    try:
        for number, page in enumerate(_pages(pdf), start=1):
            objects = _library_call(_page_objects, page)
            pages.append(_read_page(number, page.width, page.height, *objects))
            page.close()
    finally:
        pdf.close()
    if not pages:
        raise ExtractionError("not a readable PDF (it has no pages)")
    unmapped = sum(page.n_unmapped for page in pages)
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


_Char = tuple[float, float, float, float, str, float, int]  # x0, x1, top, bottom, text, size, style
_BBox = tuple[float, float, float, float]


def _page_objects(page: Any) -> tuple[list[_Char], list[list[_BBox]], int]:
    """The page's upright characters, the cells of its ruled tables and the number of glyphs
    without a letter (``(cid:12)``: a font with no Unicode map).

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
    chars: list[_Char] = []
    graphics: list[Any] = []
    unmapped = 0
    for obj in _layout_objects(page.layout):
        if not isinstance(obj, LTChar):
            if isinstance(obj, LTCurve):  # LTLine and LTRect too
                graphics.append(obj)
            continue
        text = obj.get_text()
        if not obj.upright or text in _ZERO_WIDTH:
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
        edges = _edges_of(page.process_object(obj) for obj in graphics)
        finder = TableFinder(cast(Any, _Edges(page.bbox, edges)), TableSettings.resolve(None))
        tables = [list(t.cells) for t in finder.tables]
    return chars, tables, unmapped


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

    bbox: _BBox
    edges: list[dict[str, Any]]


def _read_page(
    number: int,
    width: float,
    height: float,
    chars: list[_Char],
    tables: list[list[_BBox]],
    unmapped: int,
) -> _Page:
    grids: list[_Grid] = []
    frames: list[_BBox] = []
    layouts = []
    for cells in tables:
        layout = _grid_layout(cells)
        if layout is not None:
            layouts.append(layout)
            frames.append(layout.bbox)
    free: list[_Char] = []
    in_table: list[list[_Char]] = [[] for _ in layouts]
    for ch in chars:
        cx = (ch[0] + ch[1]) / 2
        cy = (ch[2] + ch[3]) / 2
        for i, (x0, top, x1, bottom) in enumerate(frames):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                in_table[i].append(ch)
                break
        else:
            free.append(ch)
    for layout, table_chars in zip(layouts, in_table, strict=True):
        grids.append(layout.fill(table_chars, number))
    lines = [_VLine(words, number, trailing) for words, trailing in _words(free)]
    size = (round(width), round(height))
    return _Page(number, size, height, lines, grids, len(chars), unmapped)


# --- words and lines ------------------------------------------------------------------------------


def _group_lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters in visual lines (top to bottom), each line left to right."""
    chars.sort(key=lambda c: (c[2] + c[3]) / 2)
    lines: list[list[_Char]] = []
    current: list[_Char] = []
    center = band = 0.0
    for ch in chars:
        cy = (ch[2] + ch[3]) / 2
        if current and cy - center <= max(band, _LINE_BAND * ch[5]):
            current.append(ch)
            continue
        if current:
            lines.append(current)
        current = [ch]
        center, band = cy, _LINE_BAND * ch[5]
    if current:
        lines.append(current)
    for line in lines:
        line.sort(key=lambda c: c[0])
    return lines


def _words(chars: list[_Char]) -> list[tuple[list[_Word], bool]]:
    """The words of each visual line of ``chars``, and whether the line ends with a space."""
    out = []
    for line in _group_lines(chars):
        words: list[_Word] = []
        parts: list[str] = []
        x0 = x1 = top = bottom = size = 0.0
        style_count: Counter[int] = Counter()
        last: _Char | None = None
        for ch in line:
            text = ch[4]
            if text.isspace():
                if parts:
                    words.append(_word(parts, x0, x1, top, bottom, size, style_count))
                    parts = []
                continue
            if last is not None and parts:
                if text == last[4] and abs(ch[0] - last[0]) < _OVERPRINT * ch[5]:
                    continue  # the same glyph drawn twice, a hair apart (fake bold)
                if ch[0] - x1 > _WORD_GAP * max(ch[5], size):
                    words.append(_word(parts, x0, x1, top, bottom, size, style_count))
                    parts = []
            if not parts:
                x0, x1, top, bottom, size = ch[0], ch[1], ch[2], ch[3], ch[5]
                style_count = Counter()
            else:
                x1 = max(x1, ch[1])
                top = min(top, ch[2])
                bottom = max(bottom, ch[3])
                size = max(size, ch[5])
            parts.append(text)
            style_count[ch[6]] += 1
            last = ch
        if parts:
            words.append(_word(parts, x0, x1, top, bottom, size, style_count))
        if words:
            out.append((words, line[-1][4].isspace()))
    return out


def _word(
    parts: list[str],
    x0: float,
    x1: float,
    top: float,
    bottom: float,
    size: float,
    styles: Counter[int],
) -> _Word:
    return _Word(x0, x1, top, bottom, "".join(parts), size, styles.most_common(1)[0][0])


def _join_parts(parts: Sequence[str], tight: Sequence[bool] = ()) -> str:
    """Lines of one paragraph or cell joined with a space; without one where ``tight`` says so
    (a word the line broke), after a ``-`` or ``/`` inside a word, and between the lines of a
    number.

    >>> _join_parts(["Tờ trình số 1318/TTr-", "SCT ngày 18/8/2017", "công nghiệp -", "tiểu"])
    'Tờ trình số 1318/TTr-SCT ngày 18/8/2017 công nghiệp - tiểu'
    >>> _join_parts(["1.2", "00"]), _join_parts(["KC", "DP"], [False, True])
    ('1.200', 'KCDP')
    """
    text = ""
    numeric = all(_NUMBER_CHARS.match(p) for p in parts)
    spaced = False  # the part before ended with a space: the break was at a space
    for k, raw in enumerate(parts):
        part = raw.strip()
        if not part:
            continue
        if not text:
            text = part
        elif (k < len(tight) and tight[k]) or (
            not spaced
            and (numeric or (text[-1] in "-/‐" and len(text) > 1 and not text[-2].isspace()))
        ):
            text += part
        else:
            text += " " + part
        spaced = raw[-1:].isspace()
    return text


# --- ruled tables ---------------------------------------------------------------------------------


def _edges(values: list[float]) -> list[float]:
    """Distinct positions: values within ``_GRID_TOL`` of each other are one.

    >>> _edges([10.0, 50.2, 10.5, 50.0, 90.0])
    [10.0, 50.0, 90.0]
    """
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _GRID_TOL:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    i = bisect.bisect_left(edges, value - _GRID_TOL)
    return min(i, len(edges) - 1)


@dataclass(slots=True)
class _GridLayout:
    xs: list[float]
    ys: list[float]
    spans: list[tuple[int, int, int, int]]  # row, col, row_span, col_span of each cell
    owner: list[list[int]]  # grid position -> index of the cell covering it, -1 if none
    bbox: _BBox

    def fill(self, chars: list[_Char], page: int) -> _Grid:
        xs, ys = self.xs, self.ys
        per_cell: list[list[_Char]] = [[] for _ in self.spans]
        last_col, last_row = len(xs) - 2, len(ys) - 2
        for ch in chars:
            col = min(max(bisect.bisect_right(xs, (ch[0] + ch[1]) / 2) - 1, 0), last_col)
            row = min(max(bisect.bisect_right(ys, (ch[2] + ch[3]) / 2) - 1, 0), last_row)
            k = self.owner[row][col]
            if k >= 0:
                per_cell[k].append(ch)
        rows: list[list[_GCell]] = [[] for _ in range(len(ys) - 1)]
        for (r, c, rs, cs), cell_chars in zip(self.spans, per_cell, strict=True):
            text = _cell_text(cell_chars, xs[c], xs[c + cs])
            rows[r].append(_GCell(r, c, rs, cs, text, page))
        for cells in rows:
            cells.sort(key=lambda cell: cell.col)
        return _Grid(
            n_cols=len(xs) - 1,
            rows=rows,
            page=page,
            top=self.bbox[1],
            bottom=self.bbox[3],
            last_page=page,
            col_edges=xs,
        )


def _grid_layout(cells: list[_BBox]) -> _GridLayout | None:
    """The grid of a ruled table's cells; None for a single box (a frame, not a table)."""
    if len(cells) < 2:
        return None
    xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    if len(xs) < 2 or len(ys) < 2:
        return None
    owner = [[-1] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    spans: list[tuple[int, int, int, int]] = []
    for x0, top, x1, bottom in sorted(cells, key=lambda c: (c[1], c[0])):
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        if c1 <= c0 or r1 <= r0 or owner[r0][c0] >= 0:
            continue
        k = len(spans)
        spans.append((r0, c0, r1 - r0, c1 - c0))
        for r in range(r0, r1):
            for c in range(c0, c1):
                if owner[r][c] < 0:
                    owner[r][c] = k
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return _GridLayout(xs, ys, spans, owner, bbox)


def _cell_text(chars: list[_Char], left: float, right: float) -> str:
    """The text of a cell between ``left`` and ``right``: its lines joined."""
    if not chars:
        return ""
    lines = _words(chars)
    parts = [" ".join(w.text for w in words) + " " * space for words, space in lines]
    tight = [False]
    for (above, space), (below, _) in pairwise(lines):
        tight.append(not space and _broken_word(above, below[0], left, right))
    return _join_parts(parts, tight)


def _broken_word(above: list[_Word], nxt: _Word, left: float, right: float) -> bool:
    """Whether a word too long for its column was broken after the line ``above``.

    The layout breaks such a word where the line is full, so the line holds only that part.
    Geometry alone cannot tell ``Khuyến`` / ``công`` from ``KC`` / ``DP``; the part below
    decides: it is the rest of a word when it cannot be a syllable (no vowel: ``DP``, ``p)``,
    ``T``), or when both parts are roman numerals (``II`` / ``I``).

    >>> w = lambda x0, x1, text: _Word(x0, x1, 0.0, 10.0, text, 10.0, 0)
    >>> _broken_word([w(102, 118, "KC")], w(102, 118, "DP"), 100, 120)
    True
    >>> _broken_word([w(102, 118, "Khuyến")], w(102, 118, "công"), 100, 120)
    False
    >>> _broken_word([w(102, 106, "KC")], w(102, 118, "DP"), 100, 120)  # room left on the line
    False
    """
    if len(above) != 1:
        return False
    word = above[0]
    pad = word.x0 - left
    char = (nxt.x1 - nxt.x0) / max(len(nxt.text), 1)
    if not (0 <= pad <= 0.8 * word.size and word.x1 + char >= right - pad - 0.5):
        return False  # the line was not full
    if not word.text[-1:].isalnum() or not nxt.text[:1].isalnum():
        return False
    if _ROMAN.fullmatch(word.text) and _ROMAN.fullmatch(nxt.text.rstrip(".")):
        return True
    return not _VOWEL.search(strip_diacritics(nxt.text).casefold())


# --- running headers and footers ------------------------------------------------------------------


def _edge_key(line: _VLine, height: float) -> tuple[str, int, str] | None:
    """Where a line stands if it stands in the top or bottom band: its distance from that edge,
    and its text with digits blanked (so that page numbers compare equal)."""
    text = re.sub(r"\d+", "#", line.text.casefold())
    if line.top <= _EDGE_BAND * height:
        return ("top", round(line.top / _EDGE_TOL), text)
    if line.bottom >= (1 - _EDGE_BAND) * height:
        return ("bottom", round((height - line.bottom) / _EDGE_TOL), text)
    return None


def _drop_running_lines(pages: list[_Page]) -> None:
    keys: dict[tuple[str, int, str], set[int]] = {}
    for page in pages:
        for line in page.lines:
            key = _edge_key(line, page.height)
            if key is not None:
                keys.setdefault(key, set()).add(page.number)
    threshold = max(2, (len(pages) + 1) // 2)

    def recurring(key: tuple[str, int, str]) -> bool:
        # a neighbouring distance counts too (rounding may put one line in two buckets)
        side, where, text = key
        found = set().union(*(keys.get((side, where + d, text), set()) for d in (-1, 0, 1)))
        return len(found) >= threshold

    for page in pages:
        kept = []
        for line in page.lines:
            key = _edge_key(line, page.height)
            if key is not None and recurring(key):
                continue
            kept.append(line)
        # a bare page number as the first or last line of the page
        while kept and _is_page_number(kept[-1], page.height, len(pages)):
            kept.pop()
        while kept and _is_page_number(kept[0], page.height, len(pages)):
            kept.pop(0)
        page.lines = kept


def _is_page_number(line: _VLine, height: float, n_pages: int) -> bool:
    """``Trang 3``, ``3 / 19``, ``- 3 -`` near the top or bottom of the page; a bare number only
    up to the number of pages (``2020`` at the top of a page ends a sentence).

    >>> line = _VLine([_Word(300, 310, 800, 812, "2020", 12, 0)], 1)
    >>> _is_page_number(line, 842, 19), _is_page_number(replace(line, words=[
    ...     _Word(300, 310, 800, 812, "Trang", 12, 0), _Word(312, 320, 800, 812, "2020", 12, 0)]),
    ...     842, 19)
    (False, True)
    """
    in_band = line.top <= 2 * _EDGE_BAND * height or line.bottom >= (1 - 2 * _EDGE_BAND) * height
    text = line.text.strip()
    if not in_band or not _PAGE_NUMBER.match(text):
        return False
    if re.search(r"[^\d\s–—-]", text):
        return True  # a word or a slash: Trang 3, 3 / 19
    return int(re.sub(r"\D", "", text)) <= n_pages


# --- margins --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Margins:
    left: float
    right: float


def _margins(pages: list[_Page]) -> dict[tuple[int, int], _Margins]:
    """The left and right edge of the text on pages of each size."""
    by_size: dict[tuple[int, int], list[_VLine]] = {}
    for page in pages:
        by_size.setdefault(page.size, []).extend(page.lines)
    margins = {}
    for size, lines in by_size.items():
        if len(lines) >= 3:
            left = min(line.x0 for line in lines)
            right = max(line.x1 for line in lines)
        else:
            left, right = 0.1 * size[0], 0.9 * size[0]
        margins[size] = _Margins(left, right)
    return margins


# --- tables laid out by alignment -----------------------------------------------------------------


def _gaps(line: _VLine, margins: _Margins) -> list[tuple[float, float]]:
    """The gaps of a line that may separate columns: wider than ``_GUTTER`` × size, not after a
    list label, and not the even spaces of a justified line."""
    words = line.words
    if len(words) < 2:
        return []
    gaps = [(a.x1, b.x0) for a, b in pairwise(words)]
    widths = [b - a for a, b in gaps]
    if line.x1 >= margins.right - 2 and max(widths) - min(widths) < 1.0:
        return []  # justified: the spaces were stretched evenly
    if _LIST_LABEL.match(words[0].text):
        gaps = gaps[1:]  # the tab after a list label (Word's automatic numbering)
    least = _GUTTER * line.size
    return [(a, b) for a, b in gaps if b - a >= least]


def _free_intersect(
    gutters: list[tuple[float, float]], line: _VLine, least: float
) -> list[tuple[float, float]]:
    """The parts of ``gutters`` that no word of ``line`` covers, at least ``least`` wide."""
    out: list[tuple[float, float]] = []
    for a, b in gutters:
        pieces = [(a, b)]
        for w in line.words:
            nxt = []
            for p, q in pieces:
                if w.x1 <= p or w.x0 >= q:
                    nxt.append((p, q))
                    continue
                if w.x0 > p:
                    nxt.append((p, w.x0))
                if w.x1 < q:
                    nxt.append((w.x1, q))
            pieces = nxt
        out.extend((p, q) for p, q in pieces if q - p >= least)
    return out


def _find_layout_tables(page: _Page, margins: _Margins) -> None:
    """Replace runs of lines that share a gutter by layout grids; order the page's elements."""
    lines = sorted(page.lines, key=lambda line: line.top)
    # (top, order within a run, element): the columns of a run are read one after the other
    placed: list[tuple[float, int, _VLine | _Grid]] = [(g.top, 0, g) for g in page.grids]
    used = [False] * len(lines)
    for i, line in enumerate(lines):
        if used[i]:
            continue
        gutters = _gaps(line, margins)
        if not gutters or (_full_width(line, margins) and len(line.words) <= 3):
            continue
        least = 0.8 * line.size
        run = [i]
        # grow downwards while the lines stay close and leave a gutter free (the first line of a
        # layout table has cells in two columns at least: cells are top-aligned)
        j = i
        while j + 1 < len(lines) and not used[j + 1]:
            nxt = lines[j + 1]
            if nxt.top - lines[j].top > _RUN_PITCH * max(lines[j].size, nxt.size):
                break
            if abs(nxt.size - line.size) > 0.25 * line.size:
                break
            # a line that covers every gutter is text across the columns: the run ends
            kept = _free_intersect(gutters, nxt, least)
            if not kept:
                break
            if not _gaps(nxt, margins) and not _in_column(nxt, kept, [lines[k] for k in run]):
                break  # one line, not aligned with its column: text under the table
            gutters = kept
            run.append(j + 1)
            j += 1
        run_lines = [lines[k] for k in run]
        columns = _columns(gutters)
        header = bool(_HEADER_WORDS.search(" ".join(rl.text for rl in run_lines)))
        if len(run) == 1 and len(columns) == 1 and not header:
            continue  # one wide space in one line (a double space stretched by justification)
        for k in run:
            used[k] = True
        if len(columns) == 1 and not header:
            # two columns that are not the decision header (recipients | signature): read
            # the left column, then the right one, line by line
            top = run_lines[0].top
            column_lines = [cl for col in _column_lines(run_lines, columns) for cl in col]
            placed.extend((top, n, cl) for n, cl in enumerate(column_lines, start=1))
            continue
        placed.append((run_lines[0].top, 0, _layout_grid(run_lines, columns, page.number)))
    placed.extend((line.top, 0, line) for k, line in enumerate(lines) if not used[k])
    placed.sort(key=lambda item: item[:2])
    page.elements = [element for _, _, element in placed]


def _in_column(line: _VLine, gutters: list[tuple[float, float]], run: list[_VLine]) -> bool:
    """Whether a line with one cell stands in its column the way the column's text does:
    centred under it or starting where it starts (``QUYẾT ĐỊNH``, centred on the page under
    the header, is not a line of its right column)."""
    columns = _columns(gutters)
    c = bisect.bisect_right(columns, (line.x0 + line.x1) / 2)
    words = [w for rl in run for w in _split_words(rl.words, columns)[c]]
    if not words:
        return True
    x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
    centred = abs((line.x0 + line.x1) / 2 - (x0 + x1) / 2) <= 0.2 * (x1 - x0) + 1
    return centred or abs(line.x0 - x0) <= 2


def _full_width(line: _VLine, margins: _Margins) -> bool:
    return line.x0 <= margins.left + 2 and line.x1 >= margins.right - 2


def _columns(gutters: list[tuple[float, float]]) -> list[float]:
    """Column boundaries: the middle of each gutter."""
    return sorted((a + b) / 2 for a, b in gutters)


def _split_words(words: list[_Word], columns: list[float]) -> list[list[_Word]]:
    cells: list[list[_Word]] = [[] for _ in range(len(columns) + 1)]
    for w in words:
        cells[bisect.bisect_right(columns, (w.x0 + w.x1) / 2)].append(w)
    return cells


def _layout_grid(lines: list[_VLine], columns: list[float], page: int) -> _Grid:
    n_cols = len(columns) + 1
    if n_cols == 2:
        rows = _header_rows(lines, columns)
    else:  # one row a line
        rows = [
            [
                _join_parts([" ".join(w.text for w in cell)])
                for cell in _split_words(rl.words, columns)
            ]
            for rl in lines
        ]
    grid_rows = [
        [_GCell(r, c, 1, 1, text, page) for c, text in enumerate(row)] for r, row in enumerate(rows)
    ]
    return _Grid(
        n_cols=n_cols,
        rows=grid_rows,
        page=page,
        top=lines[0].top,
        bottom=lines[-1].bottom,
        last_page=page,
        col_edges=[lines[0].x0, *columns, max(rl.x1 for rl in lines)],
        layout=True,
    )


def _header_rows(lines: list[_VLine], columns: list[float]) -> list[list[str]]:
    """The rows of a two-column layout table, each cell's lines joined.

    Cells are top-aligned: a row starts where every column that goes on starts a line at the
    same height, and each of those lines is of another type (bold, italic) than the line above
    it in its column, or the left one starts with ``Số``.
    """
    col_lines = _column_lines(lines, columns)
    starts = sorted({cl.top for lines_ in col_lines for cl in lines_[1:]})
    breaks: list[float] = []
    for y in starts:
        if breaks and y - breaks[-1] <= _ALIGN_TOL:
            continue
        if _row_starts_at(y, col_lines):
            breaks.append(y)
    bounds = [-1e9, *(b - _ALIGN_TOL for b in breaks), 1e9]
    rows = []
    for lo, hi in pairwise(bounds):
        row = []
        for cls in col_lines:
            row.append(_join_parts([cl.text for cl in cls if lo <= cl.top < hi]))
        rows.append(row)
    return rows


def _column_lines(lines: list[_VLine], columns: list[float]) -> list[list[_VLine]]:
    """The lines of each column of a layout table, top to bottom."""
    per_col: list[list[_Word]] = [[] for _ in range(len(columns) + 1)]
    for rl in lines:
        for c, cell in enumerate(_split_words(rl.words, columns)):
            per_col[c].extend(cell)
    page = lines[0].page
    return [[_VLine(ws, page, in_column=True) for ws in _regroup(words)] for words in per_col]


def _regroup(words: list[_Word]) -> list[list[_Word]]:
    words = sorted(words, key=lambda w: w.center)
    out: list[list[_Word]] = []
    center = 0.0
    for w in words:
        if out and w.center - center <= _LINE_BAND * w.size:
            out[-1].append(w)
        else:
            out.append([w])
            center = w.center
    for ws in out:
        ws.sort(key=lambda w: w.x0)
    return out


def _row_starts_at(y: float, col_lines: list[list[_VLine]]) -> bool:
    for c, cls in enumerate(col_lines):
        after = [k for k, cl in enumerate(cls) if cl.top >= y - _ALIGN_TOL]
        if not after:
            continue  # the column has nothing more: its next cells are empty
        k = after[0]
        if abs(cls[k].top - y) > _ALIGN_TOL:
            return False
        if k == 0:
            continue
        if c == 0 and _SO.match(cls[k].text):
            continue
        if cls[k].style == cls[k - 1].style:
            return False
    return True


# --- reading order across pages -------------------------------------------------------------------


@dataclass(slots=True)
class _Para:
    parts: list[str]
    tight: list[bool]
    page: int
    last: _VLine


def _flow(pages: list[_Page], margins: dict[tuple[int, int], _Margins]) -> Iterator[_Para | _Grid]:
    """Paragraphs and tables in reading order, paragraphs and tables re-joined across pages."""
    pitch = _usual_pitch(pages)
    justified = _justified(pages, margins)
    pending: _Para | _Grid | None = None
    for page in pages:
        m = margins[page.size]
        for k, element in enumerate(page.elements):
            first_on_page = k == 0
            if isinstance(element, _Grid):
                if (
                    isinstance(pending, _Grid)
                    and first_on_page
                    and pending.last_page == page.number - 1
                    and _continues(pending, element)
                ):
                    _stitch(pending, element)
                    continue
                if pending is not None:
                    yield pending
                pending = element
                continue
            if isinstance(pending, _Para) and _joins(
                pending.last, element, m, pitch, first_on_page, justified
            ):
                # a break at a space glyph is a space, whatever the line ends with
                pending.tight.append(False)
                if pending.last.trailing_space:
                    pending.parts[-1] += " "
                pending.parts.append(element.text)
                pending.last = element
                continue
            if pending is not None:
                yield pending
            pending = _Para([element.text], [False], page.number, element)
    if pending is not None:
        yield pending


def _usual_pitch(pages: list[_Page]) -> dict[float, float]:
    """The distance between two lines of one paragraph, for each font size: the smallest
    common distance between consecutive lines (where every source line is a paragraph, the
    most common one is the distance between paragraphs)."""
    found: dict[float, Counter[float]] = {}
    for page in pages:
        lines = [e for e in page.elements if isinstance(e, _VLine)]
        for a, b in pairwise(lines):
            if a.size == b.size and b.top > a.top:
                found.setdefault(a.size, Counter())[round(b.top - a.top)] += 1
    pitch = {}
    for size, counts in found.items():
        least = max(3, 0.05 * counts.total())
        common = [p for p, n in counts.items() if n >= least]
        pitch[size] = min(common) if common else counts.most_common(1)[0][0]
    return pitch


def _justified(pages: list[_Page], margins: dict[tuple[int, int], _Margins]) -> bool:
    """Whether the text is justified: most long lines end at the right margin."""
    flush = long = 0
    for page in pages:
        m = margins[page.size]
        for e in page.elements:
            if (
                isinstance(e, _VLine)
                and not e.in_column
                and e.x1 - e.x0 >= 0.7 * (m.right - m.left)
            ):
                long += 1
                flush += e.x1 >= m.right - _FLUSH * e.size
    return long >= 5 and flush >= 0.6 * long


def _joins(
    a: _VLine, b: _VLine, m: _Margins, pitch: dict[float, float], new_page: bool, justified: bool
) -> bool:
    """Whether line ``b`` continues the paragraph that line ``a`` ends.

    ``a`` was wrapped when the first word of ``b`` would not have fitted after it; in justified
    text a wrapped line also ends at the right margin (a shorter one ends its paragraph), unless
    both lines are centred (a heading).
    """
    if a.in_column or b.in_column or abs(a.size - b.size) > 0.5:
        return False
    middle = (m.left + m.right) / 2
    centred = all(abs((x.x0 + x.x1) / 2 - middle) <= 0.5 * x.size for x in (a, b))
    if justified and not centred and a.x1 < m.right - _FLUSH * a.size:
        return False
    if not new_page:
        if b.page != a.page:
            return False
        usual = pitch.get(a.size, 1.2 * a.size)
        if b.top - a.top > usual + max(1.5, 0.1 * a.size):
            return False
    elif b.page != a.page + 1:
        return False
    first = b.words[0]
    need = _SPACE * a.size + (first.x1 - first.x0) - _FIT_TOL * a.size
    wrapped = a.x1 + need > m.right or (a.x1 - a.x0) + need > m.right - m.left
    if not wrapped:
        return False
    return not (_ITEM_START.match(b.text) and a.x1 < m.right - 1)


def _continues(grid: _Grid, nxt: _Grid) -> bool:
    if grid.layout or nxt.layout or grid.n_cols != nxt.n_cols:
        return False
    widths = [b - a for a, b in pairwise(grid.col_edges)]
    others = [b - a for a, b in pairwise(nxt.col_edges)]
    return all(abs(p - q) <= 3 * _GRID_TOL for p, q in zip(widths, others, strict=True))


def _stitch(grid: _Grid, nxt: _Grid) -> None:
    """Append the rows of ``nxt`` (the same table on the next page) to ``grid``."""
    rows = nxt.rows
    # a header repeated on the new page
    skip = 0
    while skip < len(rows) and skip < len(grid.rows) - 1:
        if [t for t in nxt.row_texts(skip)] != grid.row_texts(skip):
            break
        skip += 1
    rows = rows[skip:]
    if rows and grid.rows and _broken_row(grid.rows[-1], rows[0]):
        above = {cell.col: cell for cell in grid.rows[-1]}
        for cell in rows[0]:
            if cell.text:
                target = above[cell.col]
                target.text = _join_parts([target.text, cell.text])
        rows = rows[1:]
    for k, row in enumerate(rows, start=len(grid.rows)):
        for cell in row:
            cell.row = k
    grid.rows.extend(rows)
    grid.bottom = nxt.bottom
    grid.last_page = nxt.last_page


def _broken_row(above: list[_GCell], row: list[_GCell]) -> bool:
    """Whether ``row``, first on its page, is the rest of the row ``above`` cut by the break:
    no label, text only where the row above has text too, and its first text goes on in lower
    case (or, with no number in it, the text above has no final punctuation)."""
    cols_above = {cell.col: cell for cell in above}
    filled = [cell for cell in row if cell.text]
    if not filled or any(cell.col == 0 for cell in filled):
        return False
    for cell in filled:
        target = cols_above.get(cell.col)
        if target is None or not target.text or target.col_span != cell.col_span:
            return False
    first = filled[0].text
    if first[:1].islower():
        return True
    numbers = any(_HAS_DIGIT.search(c.text) and _NUMBER_CHARS.match(c.text) for c in filled)
    return not numbers and cols_above[filled[0].col].text[-1:] not in ".:;!?)"


# --- the document ---------------------------------------------------------------------------------


def _document(path: Path, data: bytes, elements: list[_Para | _Grid], n_pages: int) -> Document:
    raw_lines: list[str] = []
    pages: list[int] = []
    table_rows: list[tuple[_Grid, int]] = []  # each table and its first raw line
    for element in elements:
        if isinstance(element, _Para):
            raw_lines.append(_clean(_join_parts(element.parts, element.tight)))
            pages.append(element.page)
            continue
        table_rows.append((element, len(raw_lines)))
        page = element.page
        for row in element.rows:
            fields = [""] * element.n_cols
            for cell in row:
                fields[cell.col] = _clean(cell.text)
            raw_lines.append("\t".join(fields))
            page = row[0].page if row else page  # a row all covered by cells above: theirs
            pages.append(page)
    raw_text = "\n".join(raw_lines)
    text, lines = build_lines(raw_text)
    if len(lines) != len(pages):  # pragma: no cover - build_lines splits only at "\n"
        raise ExtractionError("internal error: lines and pages do not match")
    lines = tuple(replace(line, page=page) for line, page in zip(lines, pages, strict=True))
    tables = tuple(_table(grid, first, lines) for grid, first in table_rows if grid.rows)
    if not text.strip():
        raise ExtractionError("no text layer; OCR is not supported (the pages hold no text)")
    return Document(
        source_path=str(path),
        source_sha256=hashlib.sha256(data).hexdigest(),
        source_format=SourceFormat.PDF,
        raw_text=raw_text,
        text=text,
        lines=lines,
        tables=tables,
        n_pages=n_pages,
    )


def _clean(text: str) -> str:
    """One line of the raw text: no line breaks or tabs inside, runs of spaces made one."""
    return " ".join(text.split())


def _table(grid: _Grid, first: int, lines: tuple[Line, ...]) -> Table:
    cells = []
    for r, row in enumerate(grid.rows):
        line = lines[first + r]
        fields = line.text.split("\t")
        offsets = []
        pos = line.start
        for f in fields:
            offsets.append((pos, pos + len(f)))
            pos += len(f) + 1
        for cell in row:
            start, end = offsets[cell.col]
            cells.append(
                Cell(
                    row=r,
                    col=cell.col,
                    text=fields[cell.col],
                    row_span=cell.row_span,
                    col_span=cell.col_span,
                    start=start,
                    end=end,
                    page=line.page,
                )
            )
    last = lines[first + len(grid.rows) - 1]
    return Table(
        cells=tuple(cells),
        n_rows=len(grid.rows),
        n_cols=grid.n_cols,
        start=lines[first].start,
        end=last.end,
        page=grid.page,
    )
